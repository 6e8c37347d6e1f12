//! The tree as the builder grows it: units opened under the right parent (by heading rank, label
//! style and the order of numbers), continued, and finished with their spans and wrap-ups.

use super::label::{Component, LabelStyle, Number, Shape};
use super::naming::Word;
use super::parse::{Builder, Marks};
use super::{Keyword, Label, Unit, UnitId, UnitKind};
use crate::source::Span;

impl Builder<'_> {
    pub(super) fn unit(&self, id: UnitId) -> &Unit {
        &self.units[id.0 as usize]
    }

    pub(super) fn top(&self) -> Option<UnitId> {
        self.stack.last().copied()
    }

    pub(super) fn add(&mut self, unit: Unit) -> UnitId {
        let id = UnitId(self.units.len() as u32);
        let parent = self.top();
        match parent {
            Some(p) => self.units[p.0 as usize].children.push(id),
            None => self.roots.push(id),
        }
        self.units.push(Unit { parent, ..unit });
        self.marks.push(Marks::default());
        self.stack.push(id);
        id
    }

    /// Adds a unit that a line opens, with the marginal note waiting above it.
    pub(super) fn add_noted(&mut self, mut unit: Unit) -> UnitId {
        if let Some(note) = self.note.take() {
            unit.set(Some(note), |e| &mut e.note);
            unit.span = Span::new(note.start, unit.span.end);
        }
        self.add(unit)
    }

    pub(super) fn open_heading(
        &mut self,
        rank: u8,
        keyword: Option<Keyword>,
        label: Option<Label>,
        title: Option<Span>,
        line: Span,
        indent: usize,
    ) -> UnitId {
        while let Some(top) = self.top() {
            match self.unit(top).kind {
                UnitKind::Heading { rank: r } if r < rank => break,
                _ => {
                    self.stack.pop();
                }
            }
        }
        let body = title.unwrap_or(Span::point(line.end));
        self.add_noted(Unit {
            kind: UnitKind::Heading { rank },
            keyword,
            label,
            heading: title,
            body,
            ..text_unit(line, indent)
        })
    }

    pub(super) fn open_paragraph(&mut self, mut label: Label, body: Span, line: Span, indent: usize) -> UnitId {
        self.settle_ambiguous_letter(&mut label, indent);
        let stop = self.stack.iter().rposition(|&id| matches!(self.unit(id).kind, UnitKind::Heading { .. }));
        let in_family = |pos: usize| {
            let u = self.unit(self.stack[pos]);
            u.kind == UnitKind::Paragraph
                && u.label.as_ref().is_some_and(|l| same_family(&l.style, &label.style))
                && indent <= u.indent + 1
        };
        let open = stop.map_or(0, |h| h + 1)..self.stack.len();
        let innermost = open.clone().rev().find(|&pos| in_family(pos));
        // The innermost open unit whose number this one follows (`3.` after `2.`, even below
        // a nested `1.` to `5.`); else the innermost of the same family; but a `1.` after a line
        // that ends with a colon starts a list inside it.
        let successor = open
            .rev()
            .filter(|&pos| in_family(pos))
            .find(|&pos| self.unit(self.stack[pos]).label.as_ref().is_some_and(|l| follows(l, &label)));
        let starts_list = label.number.last().is_some_and(|c| c.value == 1 && c.suffix.is_empty())
            && self.top().is_some_and(|t| self.text[self.unit(t).body.range()].trim_end().ends_with([':', '—']));
        match (successor, innermost) {
            (Some(pos), _) => self.stack.truncate(pos),
            (None, Some(_)) if starts_list => self.close_leaves(indent),
            (None, Some(pos)) => self.stack.truncate(pos),
            (None, None) => self.close_leaves(indent),
        }
        let body = if body.is_empty() { Span::point(line.end.max(body.start)) } else { body };
        let body = if body.start > line.end { Span::point(line.end) } else { body };
        self.add_noted(Unit { kind: UnitKind::Paragraph, label: Some(label), body, ..text_unit(line, indent) })
    }

    /// `(i)` after `(h)` is the letter i; after `(viii)` or at the start of a list it is one.
    pub(super) fn settle_ambiguous_letter(&self, label: &mut Label, indent: usize) {
        let Some(last) = label.number.parts.last() else {
            return;
        };
        if !last.ambiguous {
            return;
        }
        let alpha = last.as_alpha();
        let follows = |c: &Component| {
            self.stack.iter().rev().any(|&id| {
                let u = self.unit(id);
                u.kind == UnitKind::Paragraph
                    && u.indent <= indent + 1
                    && u.label.as_ref().is_some_and(|l| {
                        l.style.shape == label.style.shape
                            && l.number.last().is_some_and(|p| p.system == c.system && p.value + 1 == c.value)
                    })
            })
        };
        let use_alpha = if follows(&alpha) {
            true
        } else if follows(last) {
            false
        } else {
            last.value != 1
        };
        if use_alpha {
            let n = label.number.parts.len();
            label.number.parts[n - 1] = alpha;
            label.style.system = label.number.parts[n - 1].system;
        }
    }

    pub(super) fn open_item(&mut self, marker: char, rest: Span, line: Span, indent: usize) {
        let sibling = self.stack.iter().rposition(|&id| {
            let u = self.unit(id);
            u.kind == UnitKind::Item && u.indent.abs_diff(indent) <= 1 && self.text[u.span.range()].starts_with(marker)
        });
        let stop = self
            .stack
            .iter()
            .rposition(|&id| matches!(self.unit(id).kind, UnitKind::Heading { .. } | UnitKind::Paragraph));
        match sibling {
            Some(pos) if stop.is_none_or(|h| pos > h) => self.stack.truncate(pos),
            _ => self.close_leaves(indent),
        }
        self.add(Unit { kind: UnitKind::Item, body: rest, ..text_unit(line, indent) });
    }

    pub(super) fn open_text(&mut self, line: Span, indent: usize) -> UnitId {
        while let Some(top) = self.top() {
            match self.unit(top).kind {
                UnitKind::Text | UnitKind::Item | UnitKind::Definition => {
                    self.stack.pop();
                }
                _ => break,
            }
        }
        self.add_noted(text_unit(line, indent))
    }

    /// Before a new paragraph or item that is not a sibling of an open one: close unlabelled
    /// paragraphs (unless one introduces a list with a colon) and items at the same indentation.
    pub(super) fn close_leaves(&mut self, indent: usize) {
        while let Some(top) = self.top() {
            let u = self.unit(top);
            let close = match u.kind {
                UnitKind::Text => !self.text[u.body.range()].trim_end().ends_with(':'),
                UnitKind::Item => indent <= u.indent,
                _ => false,
            };
            if !close {
                break;
            }
            self.stack.pop();
        }
    }

    pub(super) fn can_continue(&self) -> bool {
        self.top().is_some_and(|t| !matches!(self.unit(t).kind, UnitKind::Heading { .. }))
    }

    /// A line-wrapped continuation of the open unit.
    pub(super) fn extend_top(&mut self, end: usize) {
        if let Some(top) = self.top() {
            let u = &mut self.units[top.0 as usize];
            u.body.end = end;
            u.span.end = end;
        }
    }

    pub(super) fn finish(mut self) -> (Vec<Unit>, Vec<UnitId>) {
        // Children follow their parents, so one backward pass extends every span over its
        // descendants.
        for i in (0..self.units.len()).rev() {
            if let Some(p) = self.units[i].parent {
                let end = self.units[i].span.end;
                let parent = &mut self.units[p.0 as usize];
                parent.span.end = parent.span.end.max(end);
            }
        }
        // A heading whose only content is a repealed placeholder (`SCHEDULE` above `[Repealed,
        // 2024, c. 14, s. 2]`) is repealed itself.
        for i in 0..self.units.len() {
            let u = &self.units[i];
            if matches!(u.kind, UnitKind::Heading { .. }) && u.repealed().is_none() {
                if let [only] = u.children.as_slice() {
                    let child = &self.units[only.0 as usize];
                    if child.kind == UnitKind::Text && child.children.is_empty() {
                        let placeholder = self.units[only.0 as usize].repealed();
                        self.units[i].set(placeholder, |e| &mut e.repealed);
                    }
                }
            }
        }
        // Text that goes on from a list and ends its parent is the parent's wrap-up.
        for i in 0..self.units.len() {
            let trailing: Vec<UnitId> = self.units[i]
                .children
                .iter()
                .rev()
                .take_while(|c| self.marks[c.0 as usize].continues)
                .copied()
                .collect();
            if let (Some(first), Some(last)) = (trailing.last(), trailing.first()) {
                let span = Span::new(self.units[first.0 as usize].span.start, self.units[last.0 as usize].span.end);
                self.units[i].set(Some(span), |e| &mut e.wrap_up);
            }
        }
        (self.units, self.roots)
    }
}

/// A unit of kind `Text` over `line`, the base for every other kind.
pub(super) fn text_unit(line: Span, indent: usize) -> Unit {
    Unit {
        kind: UnitKind::Text,
        keyword: None,
        label: None,
        heading: None,
        body: line,
        span: line,
        indent,
        parent: None,
        children: Vec::new(),
        extra: None,
        word: Word::Text,
    }
}

/// A chained label `(b)(2)(A)` as the labels of the units it opens: every link but the last
/// (paired with the last for convenience). A simple label gives nothing.
pub(super) fn split_paren_chain(text: &str, label: &Label) -> Vec<(Label, Label)> {
    if label.style.shape != Shape::Paren || label.number.parts.len() < 2 {
        return Vec::new();
    }
    let printed = &text[label.span.range()];
    let mut links = Vec::new();
    let mut offset = label.span.start;
    for (part, piece) in label.number.parts.iter().zip(printed.split_inclusive(')')) {
        let number = Number { parts: vec![part.clone()] };
        let style = LabelStyle { shape: Shape::Paren, depth: 1, system: part.system, trailing_dot: false };
        links.push(Label { span: Span::new(offset, offset + piece.len()), number, style });
        offset += piece.len();
    }
    let last = links.pop().expect("a chain has at least two links");
    links.into_iter().map(|l| (l, last.clone())).collect()
}

pub(super) fn same_family(a: &LabelStyle, b: &LabelStyle) -> bool {
    a.shape == b.shape && a.depth == b.depth && a.system == b.system
}

/// Whether `next` can follow `label` in the same list: the next number (`3` after `2`), an
/// inserted one (`2.1`, `2A` after `2`) or the one after an inserted one (`3` after `2.1`).
pub(super) fn follows(label: &Label, next: &Label) -> bool {
    match (label.number.last(), next.number.last()) {
        (Some(a), Some(b)) => {
            a.system == b.system && (b.value == a.value + 1 || (b.value == a.value && !b.suffix.is_empty()))
        }
        _ => false,
    }
}
