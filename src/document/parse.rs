//! Base text → [`Document`]: a line scanner that asks the grammar how each line begins and
//! nests units by heading rank and by label style.

use super::label::{Component, LabelStyle, Number, Shape, System};
use super::{Document, Keyword, Label, LineEnding, Unit, UnitId, UnitKind};
use crate::grammar::{Grammar, Rule};
use crate::source::{FileId, Span};
use pest::Parser;
use pest::iterators::Pair;
use std::collections::HashMap;

/// Headings written as a label and a title (`2) Structures`) rank like sections.
const LABEL_HEADING_RANK: u8 = 4;
/// A title longer than this many words is a sentence, not a heading.
const MAX_TITLE_WORDS: usize = 12;

pub(super) fn parse(file: FileId, text: &str) -> Document {
    let start = if text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
    let lines = split_lines(text, start);
    let mut b = Builder { text, units: Vec::new(), roots: Vec::new(), stack: Vec::new() };
    let mut after_blank = true;
    let mut previous: Option<Head> = None;
    for (i, line) in lines.iter().enumerate() {
        let content = &text[line.range()];
        let trimmed = content.trim_start_matches(is_hspace);
        if trimmed.trim_end_matches(is_hspace).is_empty() {
            after_blank = true;
            previous = None;
            continue;
        }
        let indent = content.len() - trimmed.len();
        let at = line.start + indent;
        let end = line.start + content.trim_end_matches(is_hspace).len();
        let head = classify(&text[at..end], at);
        match &head {
            Head::Heading { rank, keyword, label, title } => {
                b.open_heading(*rank, *keyword, label.clone(), *title, Span::new(at, end), indent);
            }
            Head::Labelled { label, rest } => {
                let adjacent_same = !after_blank
                    && matches!(&previous, Some(Head::Labelled { label: p, .. }) if p.style.shape == label.style.shape);
                if !adjacent_same && indent == 0 && looks_like_label_heading(text, &lines, i, label, *rest) {
                    let title = (!rest.is_empty()).then_some(*rest);
                    b.open_heading(LABEL_HEADING_RANK, None, Some(label.clone()), title, Span::new(at, end), indent);
                } else {
                    for (outer, _) in split_paren_chain(text, label) {
                        // `(b)(1) Copies …`: subsection (b) opens here with paragraph (1) as its
                        // first child, as the US Code prints them.
                        b.open_paragraph(outer, Span::point(at), Span::new(at, end), indent);
                    }
                    let inner =
                        split_paren_chain(text, label).last().map_or_else(|| label.clone(), |(_, last)| last.clone());
                    b.open_paragraph(inner, *rest, Span::new(at, end), indent);
                }
            }
            Head::Bullet { marker, rest } => b.open_item(*marker, *rest, Span::new(at, end), indent),
            Head::NumberedTitle { label, title } => {
                let title_text = text[title.range()].trim_end_matches('.');
                if indent == 0 && title_like(title_text) && next_is_labelled(text, &lines, i) {
                    b.open_heading(
                        LABEL_HEADING_RANK,
                        None,
                        Some(label.clone()),
                        Some(*title),
                        Span::new(at, end),
                        indent,
                    );
                } else if !after_blank && b.can_continue() {
                    b.extend_top(end);
                } else {
                    b.open_text(Span::new(at, end), indent);
                }
            }
            Head::Plain => {
                if !after_blank && b.can_continue() {
                    b.extend_top(end);
                } else {
                    b.open_text(Span::new(at, end), indent);
                }
            }
        }
        previous = Some(head);
        after_blank = false;
    }
    b.finish(file, text)
}

/// How a line begins.
#[derive(Debug, Clone)]
enum Head {
    Heading {
        rank: u8,
        keyword: Option<Keyword>,
        label: Option<Label>,
        title: Option<Span>,
    },
    Labelled {
        label: Label,
        rest: Span,
    },
    /// `28 Acts of the Scottish Parliament.`: a heading only if numbered paragraphs follow.
    NumberedTitle {
        label: Label,
        title: Span,
    },
    Bullet {
        marker: char,
        rest: Span,
    },
    Plain,
}

fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{A0}' | '\u{2007}' | '\u{2009}' | '\u{202F}' | '\u{3000}' | '\u{c}')
}

/// Lines as content spans, without their line breaks (`\n`, `\r\n` or a lone `\r`).
fn split_lines(text: &str, start: usize) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut line_start = start;
    let mut i = start;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(Span::new(line_start, i));
                line_start = i + 1;
            }
            b'\r' => {
                lines.push(Span::new(line_start, i));
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                line_start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if line_start < bytes.len() {
        lines.push(Span::new(line_start, bytes.len()));
    }
    lines
}

/// Asks the grammar how a line (given without its indentation, at byte `at`) begins.
fn classify(line: &str, at: usize) -> Head {
    let Ok(mut pairs) = Grammar::parse(Rule::line_head, line) else {
        return Head::Plain;
    };
    let Some(pair) = pairs.next().and_then(|p| p.into_inner().next()) else {
        return Head::Plain;
    };
    let span = |p: &Pair<Rule>| Span::new(at + p.as_span().start(), at + p.as_span().end());
    match pair.as_rule() {
        Rule::markdown_heading => {
            let mut inner = pair.into_inner();
            let hashes = inner.next().map_or(1, |p| p.as_str().len()) as u8;
            let Some(title) = inner.next() else {
                return Head::Plain;
            };
            let title_span = span(&title);
            // A Markdown heading may itself carry a keyword or a label: `## Article IV – Name`.
            let (keyword, label, title) = match classify(title.as_str(), title_span.start) {
                Head::Heading { keyword, label, title, .. } => (keyword, label, title),
                Head::Labelled { label, rest } => (None, Some(label), (!rest.is_empty()).then_some(rest)),
                _ => (None, None, Some(title_span)),
            };
            Head::Heading { rank: hashes, keyword, label, title }
        }
        Rule::keyword_heading => {
            let mut keyword = None;
            let mut label = None;
            let mut title = None;
            for p in pair.into_inner() {
                match p.as_rule() {
                    Rule::heading_keyword | Rule::numberless_keyword => keyword = Keyword::read(p.as_str()),
                    Rule::number => {
                        let number = Number::from_pair(p.clone());
                        let style = style_of(&number, Shape::Bare, false);
                        label = Some(Label { span: span(&p), number, style });
                    }
                    Rule::heading_title => title = Some(p),
                    _ => {}
                }
            }
            let Some(keyword) = keyword else {
                return Head::Plain;
            };
            match title {
                Some(t) if !title_like(t.as_str()) => {
                    // `Section 4 of the Act applies…` mentions a section; it does not open one.
                    if t.as_str().starts_with(|c: char| c.is_lowercase()) {
                        return Head::Plain;
                    }
                    // `Article I. The name of this organisation is…`: a numbered paragraph
                    // that carries its keyword.
                    match label {
                        Some(label) => {
                            Head::Labelled { label: Label { ..label }, rest: span(&t) }.with_keyword(keyword)
                        }
                        None => Head::Plain,
                    }
                }
                t => Head::Heading { rank: keyword.rank(), keyword: Some(keyword), label, title: t.map(|t| span(&t)) },
            }
        }
        Rule::labelled_line => {
            let mut inner = pair.into_inner();
            let Some(label_pair) = inner.next() else {
                return Head::Plain;
            };
            let label_text = label_pair.as_str();
            let label_span = span(&label_pair);
            let number = Number::from_pair(label_pair.clone());
            let has_dotted = label_pair.clone().into_inner().any(|p| p.as_rule() == Rule::dotted_number);
            let (shape, trailing_dot) = if label_text.starts_with('(') {
                (Shape::Paren, false)
            } else if has_dotted {
                (Shape::Dotted, label_text.ends_with('.'))
            } else if label_text.ends_with(')') {
                (Shape::CloseParen, false)
            } else {
                (Shape::Dot, false)
            };
            let style = style_of(&number, shape, trailing_dot);
            let rest = inner.next().map_or(Span::point(label_span.end), |p| span(&p));
            Head::Labelled { label: Label { span: label_span, number, style }, rest }
        }
        Rule::numbered_title => {
            let mut inner = pair.into_inner();
            let (Some(number), Some(title)) = (inner.next(), inner.next()) else { return Head::Plain };
            let label_span = span(&number);
            let number = Number::from_pair(number);
            let style = style_of(&number, Shape::Bare, false);
            Head::NumberedTitle { label: Label { span: label_span, number, style }, title: span(&title) }
        }
        Rule::bulleted_line => {
            let mut inner = pair.into_inner();
            let marker = inner.next().and_then(|p| p.as_str().chars().next()).unwrap_or('•');
            let rest = inner.next().map_or(Span::point(at + line.len()), |p| span(&p));
            Head::Bullet { marker, rest }
        }
        _ => Head::Plain,
    }
}

impl Head {
    /// Marks a labelled paragraph as introduced by a keyword (`Article I. The name …`).
    fn with_keyword(self, keyword: Keyword) -> Head {
        match self {
            Head::Labelled { label, rest } => {
                // Represented as a heading of the keyword's rank whose title is the whole text,
                // so that `Article I` finds it and its children nest under it.
                Head::Heading { rank: keyword.rank(), keyword: Some(keyword), label: Some(label), title: Some(rest) }
            }
            other => other,
        }
    }
}

/// The label at the start of a line of new text, and its length in bytes: `4.3 Conference …`
/// starts with `4.3`. Used to tell whether inserted text brings its own number.
pub fn line_label(text: &str) -> Option<(usize, Number)> {
    let line = text.lines().next().unwrap_or("").trim_end();
    let trimmed = line.trim_start_matches(is_hspace);
    let indent = line.len() - trimmed.len();
    match classify(trimmed, indent) {
        Head::Labelled { label, .. } => Some((label.span.end, label.number)),
        Head::Heading { label: Some(label), .. } | Head::NumberedTitle { label, .. } => {
            Some((label.span.end, label.number))
        }
        _ => None,
    }
}

fn style_of(number: &Number, shape: Shape, trailing_dot: bool) -> LabelStyle {
    LabelStyle {
        shape,
        depth: number.parts.len(),
        system: number.last().map_or(System::Arabic, |c| c.system),
        trailing_dot,
    }
}

/// Whether text reads like a title rather than a sentence: short, starting with a capital or
/// a digit, not ending in punctuation, and not holding several sentences.
fn title_like(text: &str) -> bool {
    let t = text.trim();
    let words = t.split_whitespace().count();
    t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "“\"‘'(".contains(c))
        && words <= MAX_TITLE_WORDS
        && !t.ends_with(['.', ',', ';', ':', '!', '?'])
        && !t.contains(". ")
}

/// Whether the next non-blank line starts with a numbered label.
fn next_is_labelled(text: &str, lines: &[Span], i: usize) -> bool {
    lines[i + 1..]
        .iter()
        .map(|l| text[l.range()].trim_start_matches(is_hspace))
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| matches!(classify(l, 0), Head::Labelled { .. }))
}

/// A chained label `(b)(2)(A)` as the labels of the units it opens: every link but the last
/// (paired with the last for convenience). A simple label gives nothing.
fn split_paren_chain(text: &str, label: &Label) -> Vec<(Label, Label)> {
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

/// Whether `2) Structures` opens a section rather than a numbered paragraph: its title reads
/// like a title and either a blank line follows or the next unit is numbered inside it (`2.1`).
fn looks_like_label_heading(text: &str, lines: &[Span], i: usize, label: &Label, rest: Span) -> bool {
    let system_ok = matches!(label.style.system, System::Arabic | System::UpperRoman | System::UpperAlpha);
    if !system_ok || !title_like(&text[rest.range()]) || label.style.shape == Shape::Paren {
        return false;
    }
    let next_blank = lines.get(i + 1).is_none_or(|l| text[l.range()].trim().is_empty());
    let next_child = lines[i + 1..]
        .iter()
        .map(|l| text[l.range()].trim_start_matches(is_hspace))
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| match classify(l, 0) {
            Head::Labelled { label: next, .. } => next.number.key().starts_with(&format!("{}.", label.number.key())),
            _ => false,
        });
    match label.style.shape {
        // `3.2 Membership` is a heading only when `3.2.1` follows; otherwise a short paragraph.
        Shape::Dotted => next_child,
        _ => next_blank || next_child,
    }
}

struct Builder<'t> {
    text: &'t str,
    units: Vec<Unit>,
    roots: Vec<UnitId>,
    /// The open units, outermost first.
    stack: Vec<UnitId>,
}

impl Builder<'_> {
    fn unit(&self, id: UnitId) -> &Unit {
        &self.units[id.0 as usize]
    }

    fn top(&self) -> Option<UnitId> {
        self.stack.last().copied()
    }

    fn add(&mut self, unit: Unit) -> UnitId {
        let id = UnitId(self.units.len() as u32);
        let parent = self.top();
        match parent {
            Some(p) => self.units[p.0 as usize].children.push(id),
            None => self.roots.push(id),
        }
        self.units.push(Unit { parent, ..unit });
        self.stack.push(id);
        id
    }

    fn open_heading(
        &mut self,
        rank: u8,
        keyword: Option<Keyword>,
        label: Option<Label>,
        title: Option<Span>,
        line: Span,
        indent: usize,
    ) {
        while let Some(top) = self.top() {
            match self.unit(top).kind {
                UnitKind::Heading { rank: r } if r < rank => break,
                _ => {
                    self.stack.pop();
                }
            }
        }
        let body = title.unwrap_or(Span::point(line.end));
        self.add(Unit {
            kind: UnitKind::Heading { rank },
            keyword,
            label,
            heading: title,
            body,
            span: line,
            indent,
            parent: None,
            children: Vec::new(),
        });
    }

    fn open_paragraph(&mut self, mut label: Label, rest: Span, line: Span, indent: usize) {
        self.settle_ambiguous_letter(&mut label, indent);
        let sibling = self.stack.iter().rposition(|&id| {
            let u = self.unit(id);
            u.kind == UnitKind::Paragraph
                && u.label.as_ref().is_some_and(|l| same_family(&l.style, &label.style))
                && indent <= u.indent + 1
        });
        let stop = self.stack.iter().rposition(|&id| matches!(self.unit(id).kind, UnitKind::Heading { .. }));
        match sibling {
            Some(pos) if stop.is_none_or(|h| pos > h) => self.stack.truncate(pos),
            _ => self.close_leaves(indent),
        }
        let body = if rest.is_empty() { Span::point(line.end) } else { rest };
        self.add(Unit {
            kind: UnitKind::Paragraph,
            keyword: None,
            label: Some(label),
            heading: None,
            body,
            span: line,
            indent,
            parent: None,
            children: Vec::new(),
        });
    }

    /// `(i)` after `(h)` is the letter i; after `(viii)` or at the start of a list it is one.
    fn settle_ambiguous_letter(&self, label: &mut Label, indent: usize) {
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

    fn open_item(&mut self, marker: char, rest: Span, line: Span, indent: usize) {
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
        self.add(Unit {
            kind: UnitKind::Item,
            keyword: None,
            label: None,
            heading: None,
            body: rest,
            span: line,
            indent,
            parent: None,
            children: Vec::new(),
        });
    }

    fn open_text(&mut self, line: Span, indent: usize) {
        while let Some(top) = self.top() {
            match self.unit(top).kind {
                UnitKind::Text | UnitKind::Item => {
                    self.stack.pop();
                }
                _ => break,
            }
        }
        self.add(Unit {
            kind: UnitKind::Text,
            keyword: None,
            label: None,
            heading: None,
            body: line,
            span: line,
            indent,
            parent: None,
            children: Vec::new(),
        });
    }

    /// Before a new paragraph or item that is not a sibling of an open one: close unlabelled
    /// paragraphs (unless one introduces a list with a colon) and items at the same indentation.
    fn close_leaves(&mut self, indent: usize) {
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

    fn can_continue(&self) -> bool {
        self.top().is_some_and(|t| !matches!(self.unit(t).kind, UnitKind::Heading { .. }))
    }

    /// A line-wrapped continuation of the open unit.
    fn extend_top(&mut self, end: usize) {
        if let Some(top) = self.top() {
            let u = &mut self.units[top.0 as usize];
            u.body.end = end;
            u.span.end = end;
        }
    }

    fn finish(mut self, file: FileId, text: &str) -> Document {
        // Children follow their parents, so one backward pass extends every span over its
        // descendants.
        for i in (0..self.units.len()).rev() {
            if let Some(p) = self.units[i].parent {
                let end = self.units[i].span.end;
                let parent = &mut self.units[p.0 as usize];
                parent.span.end = parent.span.end.max(end);
            }
        }
        let mut by_number: HashMap<String, Vec<UnitId>> = HashMap::new();
        for (i, u) in self.units.iter().enumerate() {
            if let Some(l) = &u.label {
                by_number.entry(l.number.key()).or_default().push(UnitId(i as u32));
            }
        }
        Document {
            file,
            text: text.to_string(),
            units: self.units,
            roots: self.roots,
            line_ending: LineEnding::of(text),
            by_number,
        }
    }
}

fn same_family(a: &LabelStyle, b: &LabelStyle) -> bool {
    a.shape == b.shape && a.depth == b.depth && a.system == b.system
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(text: &str) -> String {
        Document::parse(0, text).outline()
    }

    #[test]
    fn sections_and_dotted_paragraphs() {
        let doc = Document::parse(
            0,
            "Title line\n\n1) Aims\n\n1.1 First.\n\n1.2 Second\nwrapped.\n\n2) Structures\n\n2.1 Third.\n",
        );
        let out = doc.outline();
        assert!(out.contains("heading  1)  Aims"), "{out}");
        assert!(out.contains("para       1.2  Second wrapped."), "{out}");
        let s2 = doc.with_number("2")[0];
        assert_eq!(doc.heading(s2), Some("Structures"));
        let p21 = doc.with_number("2.1")[0];
        assert_eq!(doc.unit(p21).parent, Some(s2));
        assert_eq!(doc.body(doc.with_number("1.2")[0]), "Second\nwrapped.");
    }

    #[test]
    fn letters_romans_and_bullets_nest() {
        let text = "(a) one\n(b) two:\n(i) sub one\n(ii) sub two\n(c) three\n(h) eight\n(i) nine\n\nvii) Our programme:\n\n* first\n\n* second\n\nviii) Next.\n";
        let doc = Document::parse(0, text);
        let b = doc.with_number("b")[0];
        let i_ids = doc.with_number("i");
        assert_eq!(i_ids.len(), 2);
        assert_eq!(doc.unit(i_ids[0]).parent, Some(b), "(i) after (b) is a roman child");
        assert_eq!(doc.unit(i_ids[1]).parent, None, "(i) after (h) is the letter i");
        let vii = doc.with_number("vii")[0];
        assert_eq!(doc.unit(vii).children.len(), 2);
        assert_eq!(doc.unit(doc.unit(vii).children[1]).kind, UnitKind::Item);
        assert!(doc.slice(doc.unit(vii).span).ends_with("* second"));
    }

    #[test]
    fn keyword_and_markdown_headings() {
        let doc = Document::parse(
            0,
            "# Rules\n\n## Article IV – Officers\n\nSection 2. Duties\n\nText.\n\nAppendix: Founding appeal\n\nWe sign.\n",
        );
        let article = doc.with_number("IV")[0];
        assert_eq!(doc.unit(article).keyword, Some(Keyword::Article));
        assert_eq!(doc.heading(article), Some("Officers"));
        let rules = doc.unit(article).parent.expect("inside # Rules");
        assert_eq!(doc.heading(rules), Some("Rules"));
        let section = doc.with_number("2")[0];
        assert_eq!(doc.unit(section).parent, Some(article), "{}", doc.outline());
        let appendix = doc.units().find(|(_, u)| u.keyword == Some(Keyword::Appendix)).unwrap().0;
        assert_eq!(doc.unit(appendix).parent, None, "an appendix closes every section");
        assert_eq!(doc.heading(appendix), Some("Founding appeal"));
        // `Section 4 of the Act …` only mentions a section.
        let out = outline("Section 4 of the Act applies to members.\n");
        assert!(out.contains("text"), "{out}");
    }

    #[test]
    fn bare_numbered_titles_need_numbered_paragraphs() {
        let doc = Document::parse(0, "28 Acts of the Scottish Parliament.\n\n(1) Subject to section 29, laws.\n");
        let s28 = doc.with_number("28")[0];
        assert_eq!(doc.heading(s28), Some("Acts of the Scottish Parliament."));
        assert_eq!(doc.unit(doc.with_number("1")[0]).parent, Some(s28));
        let doc = Document::parse(0, "2010 was a year.\n\n100 Members attended.\n");
        assert!(doc.units().all(|(_, u)| u.kind == UnitKind::Text), "{}", doc.outline());
    }

    #[test]
    fn chained_labels_open_nested_units() {
        let doc = Document::parse(0, "(a) First.\n\n(b)(1) Copies shall—\n\n(A) not be sold;\n\n(2) Second.\n");
        let b = doc.with_number("b")[0];
        let one = doc.with_number("1")[0];
        let two = doc.with_number("2")[0];
        assert_eq!(doc.unit(one).parent, Some(b));
        assert_eq!(doc.unit(two).parent, Some(b), "{}", doc.outline());
        assert_eq!(doc.unit(doc.with_number("A")[0]).parent, Some(one));
        assert_eq!(doc.body(one), "Copies shall—");
    }

    #[test]
    fn list_runs_are_not_headings() {
        let doc = Document::parse(
            0,
            "vii) Programme:\n\n  1. Socialise banks\n  2. Tax wealth\n\n1. First item\n2. Second item\n",
        );
        assert!(doc.units().all(|(_, u)| !matches!(u.kind, UnitKind::Heading { .. })), "{}", doc.outline());
    }

    #[test]
    fn crlf_and_bom() {
        let doc = Document::parse(0, "\u{FEFF}1) Aims\r\n\r\n1.1 Text\r\nmore.\r\n");
        assert_eq!(doc.line_ending(), LineEnding::CrLf);
        assert_eq!(doc.body(doc.with_number("1.1")[0]), "Text\r\nmore.");
        assert_eq!(doc.heading(doc.with_number("1")[0]), Some("Aims"));
    }

    #[test]
    fn sentences_of_a_paragraph() {
        let doc = Document::parse(
            0,
            "3.6 Any ten members may table a motion. Should the movers be unhappy, e.g. with a ruling, they may appeal.\n",
        );
        let id = doc.with_number("3.6")[0];
        let s: Vec<&str> = doc.sentences(id).into_iter().map(|s| doc.slice(s)).collect();
        assert_eq!(
            s,
            [
                "Any ten members may table a motion.",
                "Should the movers be unhappy, e.g. with a ruling, they may appeal."
            ]
        );
    }
}
