//! Whole units added and removed, and the renumbering of the units after them ("renumber
//! accordingly"), or, with `--no-renumber`, new units numbered like `4.2A`.

use super::{Edit, EditKind, Origin};
use crate::document::{Document, Number, Shape, System, UnitId, UnitKind};
use crate::source::Span;
use std::collections::{HashMap, HashSet};

/// A new unit to go right after `anchor`, as its next sibling.
#[derive(Debug, Clone)]
pub(super) struct Addition {
    pub anchor: UnitId,
    /// The new unit's text, without a label unless the amendment wrote one.
    pub text: String,
    pub origin: Origin,
    /// Whether the units after it are renumbered (otherwise it is numbered like `4.2A`).
    pub renumber: bool,
    /// A paragraph without a number of its own: it neither takes one nor moves the others'.
    pub plain: bool,
}

/// The additions and removals of a whole resolution, turned into edits at the end so that
/// every renumbering sees all of them.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub additions: Vec<Addition>,
    /// Removed units, with whether the units after each are renumbered.
    pub removed: HashMap<UnitId, (Origin, bool)>,
}

/// Units that count together when numbering: same label shape, depth and counting system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Family {
    shape: Shape,
    depth: usize,
    system: crate::document::System,
}

fn family(doc: &Document, id: UnitId) -> Option<Family> {
    let l = doc.unit(id).label.as_ref()?;
    Some(Family { shape: l.style.shape, depth: l.style.depth, system: l.style.system })
}

impl Plan {
    /// Edits for the additions, plus renumbering edits for the units they and the removals
    /// shift. `claimed` holds units replaced or removed as a whole, whose labels stay as written.
    pub fn finish(&self, doc: &Document, claimed: &HashSet<UnitId>) -> Vec<Edit> {
        let mut own_new: HashMap<UnitId, u32> = HashMap::new();
        let mut new_labels: HashMap<usize, String> = HashMap::new();
        let mut renumber_origin: HashMap<UnitId, Origin> = HashMap::new();

        // Every sibling list touched by an addition or a removal.
        let mut parents: Vec<Option<UnitId>> = self
            .additions
            .iter()
            .map(|a| doc.unit(a.anchor).parent)
            .chain(self.removed.keys().map(|&r| doc.unit(r).parent))
            .collect();
        parents.sort();
        parents.dedup();

        for parent in parents {
            let siblings = doc.children_of(parent);
            let mut families: Vec<Family> = siblings
                .iter()
                .filter(|&&s| self.removed.contains_key(&s) || self.additions.iter().any(|a| a.anchor == s && !a.plain))
                .filter_map(|&s| family(doc, s))
                .collect();
            families.dedup();
            for fam in families {
                let mut shift: i64 = 0;
                let mut cause: Option<Origin> = None;
                for &m in siblings.iter().filter(|&&s| family(doc, s) == Some(fam)) {
                    let value = doc.unit(m).label.as_ref().and_then(|l| l.number.last()).map_or(0, |c| c.value) as i64;
                    let slot = value + shift;
                    let mut next = if let Some((origin, renumber)) = self.removed.get(&m) {
                        if *renumber {
                            shift -= 1;
                            cause = cause.or_else(|| Some(origin.clone()));
                        }
                        slot
                    } else {
                        if shift != 0 {
                            own_new.insert(m, slot.max(1) as u32);
                            if let Some(c) = &cause {
                                renumber_origin.entry(m).or_insert_with(|| c.clone());
                            }
                        }
                        slot + 1
                    };
                    let mut suffix = b'A';
                    for (i, a) in self.additions.iter().enumerate().filter(|(_, a)| a.anchor == m && !a.plain) {
                        let explicit = super::own_label(&a.text).map(|(at, len, n)| (at + len, n));
                        // A new unit numbered in the siblings' style takes the next number if it
                        // is that number; one numbered otherwise (`(1)` after section 1) does not.
                        let same_style = |len: usize, n: &Number| {
                            let written =
                                a.text.trim_start().get(..len.saturating_sub(a.text.len() - a.text.trim_start().len()));
                            doc.unit(m).label.as_ref().is_some_and(|l| Some(l.style.format(n).as_str()) == written)
                        };
                        // `(c)` read alone is roman 100; after `(b)` it is the letter.
                        let in_list = |c: &crate::document::Component| match doc
                            .unit(m)
                            .label
                            .as_ref()
                            .and_then(|l| l.number.last())
                        {
                            Some(l) if matches!(l.system, System::LowerAlpha | System::UpperAlpha) => c.as_alpha(),
                            _ => c.clone(),
                        };
                        let takes_slot = match &explicit {
                            Some((len, n)) => {
                                a.renumber
                                    && same_style(*len, n)
                                    && n.last()
                                        .map(in_list)
                                        .is_some_and(|c| c.value as i64 == next && c.suffix.is_empty())
                            }
                            None => a.renumber,
                        };
                        if explicit.is_none() {
                            let label = if a.renumber {
                                self.number_with_last(doc, m, next.max(1) as u32)
                            } else {
                                let mut n = doc.unit(m).label.as_ref().map(|l| l.number.clone());
                                if let Some(n) = &mut n {
                                    let last = n.parts.len() - 1;
                                    n.parts[last] = n.parts[last].with_suffix(&suffix_letter(&n.parts[last], suffix));
                                }
                                suffix += 1;
                                n
                            };
                            if let Some(n) = label {
                                let style =
                                    doc.unit(m).label.as_ref().map(|l| l.style).expect("family implies a label");
                                new_labels.insert(i, style.format(&n));
                            }
                        }
                        if takes_slot {
                            shift += 1;
                            next += 1;
                            cause = cause.or_else(|| Some(a.origin.clone()));
                        }
                    }
                }
            }
        }

        let mut edits = self.renumber_edits(doc, &own_new, &renumber_origin, claimed);
        for (i, a) in self.additions.iter().enumerate() {
            edits.push(self.addition_edit(doc, a, new_labels.get(&i).map(String::as_str)));
        }
        edits
    }

    /// The anchor's number with its last component set to `value`.
    fn number_with_last(&self, doc: &Document, anchor: UnitId, value: u32) -> Option<Number> {
        let mut n = doc.unit(anchor).label.as_ref()?.number.clone();
        let last = n.parts.len() - 1;
        n.parts[last] = n.parts[last].with_value(value);
        Some(n)
    }

    /// Label edits for renumbered units and for the dotted descendants that carry their number
    /// (`4.4` → `4.5` makes `4.4.1` → `4.5.1`).
    fn renumber_edits(
        &self,
        doc: &Document,
        own_new: &HashMap<UnitId, u32>,
        origins: &HashMap<UnitId, Origin>,
        claimed: &HashSet<UnitId>,
    ) -> Vec<Edit> {
        let mut finals: HashMap<UnitId, Number> = HashMap::new();
        let mut edits = Vec::new();
        if own_new.is_empty() {
            return edits;
        }
        let skip = |id: UnitId| {
            let mut cur = Some(id);
            while let Some(c) = cur {
                if claimed.contains(&c) || self.removed.contains_key(&c) {
                    return true;
                }
                cur = doc.unit(c).parent;
            }
            false
        };
        for (id, u) in doc.units() {
            let Some(label) = &u.label else { continue };
            if skip(id) {
                continue;
            }
            let mut parts = label.number.parts.clone();
            let mut origin = origins.get(&id).cloned();
            // A renumbered ancestor whose number prefixes this one's.
            let mut anc = u.parent;
            while let Some(a) = anc {
                if let Some(al) = &doc.unit(a).label {
                    let old = &al.number.parts;
                    if let Some(new) = finals.get(&a) {
                        if old.len() < parts.len() && parts[..old.len()].iter().zip(old).all(|(p, o)| p.text == o.text)
                        {
                            parts.splice(..old.len(), new.parts.iter().cloned());
                            origin = origin.or_else(|| origins.get(&a).cloned());
                        }
                    }
                    break;
                }
                anc = doc.unit(a).parent;
            }
            if let Some(&v) = own_new.get(&id) {
                let last = parts.len() - 1;
                parts[last] = parts[last].with_value(v);
            }
            if parts.iter().map(|p| &p.text).ne(label.number.parts.iter().map(|p| &p.text)) {
                let number = Number { parts };
                let text = label.style.format(&number);
                finals.insert(id, number);
                if let Some(origin) = origin {
                    edits.push(Edit { range: label.span, text, kind: EditKind::Renumber, origin, unit: Some(id) });
                }
            }
        }
        edits
    }

    /// The insertion of a new unit after its anchor, laid out like the anchor: same separator,
    /// indentation and space after the label.
    fn addition_edit(&self, doc: &Document, a: &Addition, label: Option<&str>) -> Edit {
        let text = doc.text();
        let anchor = doc.unit(a.anchor);
        let le = doc.line_ending().as_str();
        let line_start = text[..anchor.span.start].rfind('\n').map_or(doc.content_start(), |i| i + 1);
        // Only the spaces: a line that opens with the number of the unit above (`3 (1) …`)
        // keeps that number to itself.
        let before = &text[line_start..anchor.span.start];
        let indent = &before[..before.len() - before.trim_start_matches([' ', '\t']).len()];
        let lead = match (label, anchor.kind) {
            (Some(label), _) => {
                let gap = anchor.label.as_ref().map_or(" ", |l| &text[l.span.end..anchor.body.start]);
                let gap = if gap.is_empty() || gap.contains(['\n', '\r']) { " " } else { gap };
                format!("{label}{gap}")
            }
            // A new bullet point takes the anchor's bullet.
            (None, UnitKind::Item)
                if !a.plain
                    && super::own_label(&a.text).is_none()
                    && !a.text.starts_with(['•', '*', '-', '–', '·', '▪', '◦']) =>
            {
                text[anchor.span.start..anchor.body.start].to_string()
            }
            _ => String::new(),
        };
        let body = a.text.replace('\n', le);
        let separator = le.repeat(separator_lines(doc, a.anchor));
        Edit {
            range: Span::point(anchor.span.end),
            text: format!("{separator}{indent}{lead}{body}"),
            kind: EditKind::AddUnit,
            origin: a.origin.clone(),
            unit: Some(a.anchor),
        }
    }
}

/// The letter that marks the `k`th unit inserted after another: `4A`, `4B` after `4`; in
/// lettered lists the lower-case form, `(aa)`, `(ab)` after `(a)`, as legislation does.
fn suffix_letter(after: &crate::document::Component, k: u8) -> String {
    use crate::document::System;
    let letter = k as char;
    match after.system {
        System::LowerAlpha | System::LowerRoman => letter.to_ascii_lowercase().to_string(),
        _ => letter.to_string(),
    }
}

/// How many line breaks separate a unit from a sibling of its kind (two for a blank line): the
/// gap before it when the unit before it is of its kind, else the gap before the next one of its
/// kind (the first item of a list after its introduction).
pub(super) fn separator_lines(doc: &Document, id: UnitId) -> usize {
    let siblings = doc.children_of(doc.unit(id).parent);
    let kind = doc.unit(id).kind;
    if let Some(pos) = siblings.iter().position(|&s| s == id) {
        let alike = |k: usize| siblings.get(k).is_some_and(|&s| doc.unit(s).kind == kind);
        if (pos == 0 || !alike(pos - 1)) && alike(pos + 1) {
            return gap_before(doc, siblings[pos + 1]);
        }
    }
    gap_before(doc, id)
}

/// How many line breaks stand before a unit (two for a blank line).
fn gap_before(doc: &Document, id: UnitId) -> usize {
    let text = doc.text();
    let start = doc.unit(id).span.start;
    let before = &text[doc.content_start()..start];
    let ws = &before[before.trim_end().len()..];
    let count = ws.matches('\n').count();
    if before.trim().is_empty() {
        // The first unit: use the break after it.
        let end = doc.unit(id).span.end;
        let after = &text[end..];
        let ws = &after[..after.len() - after.trim_start().len()];
        return ws.matches('\n').count().clamp(1, 2);
    }
    count.max(1)
}
