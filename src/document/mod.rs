//! The base document as a tree of addressable units: headed sections, numbered paragraphs,
//! list items and unlabelled text, each with byte spans into the original text.

mod label;
mod lines;
mod parse;

pub use label::{Component, LabelStyle, Number, Shape, System, format_value, roman_value};
pub use lines::{NumberedLine, Numbering, number_lines};
pub use parse::line_label;

use crate::source::{FileId, Span};
use std::collections::HashMap;
use std::fmt::Write as _;
use unicode_segmentation::UnicodeSegmentation;

/// Index of a unit in its [`Document`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnitId(pub u32);

/// What kind of unit a line starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A heading that opens a section (`2) Structures`, `Article IV`, `## Membership`).
    /// Lower ranks enclose higher ones.
    Heading { rank: u8 },
    /// A numbered paragraph (`2.1`, `(a)`, `vii)`).
    Paragraph,
    /// A bulleted list item.
    Item,
    /// An unlabelled paragraph.
    Text,
}

/// The word that introduces a headed unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    Part,
    Chapter,
    Article,
    Section,
    Clause,
    Rule,
    StandingOrder,
    Schedule,
    Appendix,
    Annex,
}

impl Keyword {
    /// Reads a keyword as written (`Sec.`, `§`, `APPENDIX`), ignoring case.
    pub fn read(word: &str) -> Option<Keyword> {
        let w = word.trim().trim_end_matches('.').to_lowercase();
        Some(match w.as_str() {
            "part" => Keyword::Part,
            "chapter" => Keyword::Chapter,
            "article" => Keyword::Article,
            "section" | "sec" | "§" | "subsection" | "sub-section" => Keyword::Section,
            "clause" | "sub-clause" | "subclause" => Keyword::Clause,
            "rule" => Keyword::Rule,
            "standing order" => Keyword::StandingOrder,
            "schedule" => Keyword::Schedule,
            "appendix" => Keyword::Appendix,
            "annex" | "annexe" => Keyword::Annex,
            _ => return None,
        })
    }

    /// The rank of headings introduced by this keyword (lower encloses higher).
    fn rank(self) -> u8 {
        match self {
            Keyword::Part | Keyword::Schedule | Keyword::Appendix | Keyword::Annex => 1,
            Keyword::Chapter => 2,
            Keyword::Article => 3,
            Keyword::Section | Keyword::Rule | Keyword::StandingOrder => 4,
            Keyword::Clause => 5,
        }
    }

    /// The keyword as a word, for display.
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Part => "Part",
            Keyword::Chapter => "Chapter",
            Keyword::Article => "Article",
            Keyword::Section => "Section",
            Keyword::Clause => "Clause",
            Keyword::Rule => "Rule",
            Keyword::StandingOrder => "Standing Order",
            Keyword::Schedule => "Schedule",
            Keyword::Appendix => "Appendix",
            Keyword::Annex => "Annex",
        }
    }
}

/// A unit's label as printed, with its number and style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// The label's bytes, e.g. `2.1` or `(a)` (for a keyword heading, the number only).
    pub span: Span,
    pub number: Number,
    pub style: LabelStyle,
}

/// One addressable unit of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub kind: UnitKind,
    pub keyword: Option<Keyword>,
    pub label: Option<Label>,
    /// A heading's title, e.g. `Structures` in `2) Structures`.
    pub heading: Option<Span>,
    /// The unit's own text: after the label for a paragraph, the title for a heading.
    pub body: Span,
    /// The whole unit: from its first line (after indentation) to the end of its last descendant.
    pub span: Span,
    /// Indentation of the first line, in bytes.
    pub indent: usize,
    pub parent: Option<UnitId>,
    pub children: Vec<UnitId>,
}

/// Line endings of a text, kept so that inserted lines match the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    Lf,
    CrLf,
}

impl LineEnding {
    /// The line ending used by the first line break of a text.
    pub fn of(text: &str) -> LineEnding {
        match text.find('\n') {
            Some(i) if i > 0 && text.as_bytes()[i - 1] == b'\r' => LineEnding::CrLf,
            _ => LineEnding::Lf,
        }
    }

    /// The line break as a string.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
        }
    }
}

/// A parsed base document.
#[derive(Debug, Clone)]
pub struct Document {
    file: FileId,
    text: String,
    units: Vec<Unit>,
    roots: Vec<UnitId>,
    line_ending: LineEnding,
    by_number: HashMap<String, Vec<UnitId>>,
}

impl Document {
    /// Reads a base text (plain text or Markdown) into units.
    pub fn parse(file: FileId, text: &str) -> Document {
        parse::parse(file, text)
    }

    /// The file this document was read from.
    pub fn file(&self) -> FileId {
        self.file
    }

    /// The original text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text of a span.
    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.range()]
    }

    /// The document's line ending.
    pub fn line_ending(&self) -> LineEnding {
        self.line_ending
    }

    /// A unit by id.
    pub fn unit(&self, id: UnitId) -> &Unit {
        &self.units[id.0 as usize]
    }

    /// All units, in document order.
    pub fn units(&self) -> impl Iterator<Item = (UnitId, &Unit)> {
        self.units.iter().enumerate().map(|(i, u)| (UnitId(i as u32), u))
    }

    /// Number of units.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    /// Whether the document has no units.
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// Top-level units.
    pub fn roots(&self) -> &[UnitId] {
        &self.roots
    }

    /// The children of a unit, or the top-level units for `None`.
    pub fn children_of(&self, id: Option<UnitId>) -> &[UnitId] {
        match id {
            Some(id) => &self.unit(id).children,
            None => &self.roots,
        }
    }

    /// Units whose number's key (`2.1`, `vii`) is `key`, in document order.
    pub fn with_number(&self, key: &str) -> &[UnitId] {
        self.by_number.get(key).map_or(&[], Vec::as_slice)
    }

    /// Units whose number's key equals `key` ignoring case.
    pub fn with_number_ignoring_case(&self, key: &str) -> Vec<UnitId> {
        let mut ids: Vec<UnitId> = self
            .by_number
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        ids.sort();
        ids
    }

    /// Whether `id` is `ancestor` or lies inside it.
    pub fn is_within(&self, id: UnitId, ancestor: UnitId) -> bool {
        let mut cur = Some(id);
        while let Some(c) = cur {
            if c == ancestor {
                return true;
            }
            cur = self.unit(c).parent;
        }
        false
    }

    /// A unit's heading text, if it has one.
    pub fn heading(&self, id: UnitId) -> Option<&str> {
        self.unit(id).heading.map(|s| self.slice(s))
    }

    /// The unit's own text after its label (a heading's title).
    pub fn body(&self, id: UnitId) -> &str {
        self.slice(self.unit(id).body)
    }

    /// A short human name for a unit: `Para 2.1`, `Section 3 (Organising Group)`, `Appendix`.
    pub fn describe(&self, id: UnitId) -> String {
        let u = self.unit(id);
        // The number without its closing mark: `Para 3`, `Section 2`, but `Para (a)`.
        let label = u.label.as_ref().map(|l| match l.style.shape {
            Shape::Paren => self.slice(l.span).to_string(),
            _ => l.number.key(),
        });
        let kw = u.keyword.map(Keyword::as_str);
        let mut s = match (u.kind, kw, label) {
            (_, Some(kw), Some(l)) => format!("{kw} {l}"),
            (_, Some(kw), None) => kw.to_string(),
            (UnitKind::Heading { .. }, None, Some(l)) => format!("Section {l}"),
            (UnitKind::Paragraph, None, Some(l)) => format!("Para {l}"),
            (UnitKind::Item, _, _) => {
                let n = self.unit_index_among_siblings(id) + 1;
                let parent = u.parent.map(|p| format!(" of {}", self.describe(p))).unwrap_or_default();
                return format!("bullet point {n}{parent}");
            }
            (_, None, Some(l)) => l,
            (_, None, None) => {
                let excerpt: String = self.body(id).chars().take(30).collect();
                return format!("the paragraph beginning “{}…”", excerpt.trim());
            }
        };
        if let (UnitKind::Heading { .. }, Some(h)) = (u.kind, self.heading(id)) {
            if u.keyword != Some(Keyword::Appendix) || !s.contains(h) {
                s.push_str(&format!(" ({})", h.trim()));
            }
        }
        // `(a)` alone is ambiguous when several sections have one.
        let shared = u.label.as_ref().is_some_and(|l| self.with_number(&l.number.key()).len() > 1);
        if let (true, Some(parent)) = (shared, u.parent) {
            s.push_str(&format!(" in {}", self.describe(parent)));
        }
        s
    }

    fn unit_index_among_siblings(&self, id: UnitId) -> usize {
        let siblings = self.children_of(self.unit(id).parent);
        siblings.iter().filter(|&&s| self.unit(s).kind == self.unit(id).kind).position(|&s| s == id).unwrap_or(0)
    }

    /// The sentences of a unit's own text, as spans (trailing space excluded).
    pub fn sentences(&self, id: UnitId) -> Vec<Span> {
        let body = self.unit(id).body;
        let text = self.slice(body);
        text.split_sentence_bound_indices()
            .filter_map(|(i, s)| {
                let trimmed = s.trim_end();
                let lead = trimmed.len() - trimmed.trim_start().len();
                (!trimmed.trim().is_empty()).then(|| Span::new(body.start + i + lead, body.start + i + trimmed.len()))
            })
            .collect()
    }

    /// The unit's line number (1-based) in the text.
    pub fn line_of(&self, id: UnitId) -> usize {
        let at = self.unit(id).span.start;
        self.text[..at].bytes().filter(|&b| b == b'\n').count() + 1
    }

    /// The tree as text, one unit per line, for `amend outline`.
    pub fn outline(&self) -> String {
        let mut out = String::new();
        let mut line = 1;
        let mut last = 0;
        let mut stack: Vec<(UnitId, usize)> = self.roots.iter().rev().map(|&id| (id, 0)).collect();
        while let Some((id, depth)) = stack.pop() {
            let u = self.unit(id);
            line += self.text[last..u.span.start].bytes().filter(|&b| b == b'\n').count();
            last = u.span.start;
            let kind = match u.kind {
                UnitKind::Heading { .. } => "heading",
                UnitKind::Paragraph => "para",
                UnitKind::Item => "item",
                UnitKind::Text => "text",
            };
            let name = match (&u.label, u.keyword, u.kind) {
                (_, _, UnitKind::Item) => "•".to_string(),
                (Some(l), Some(kw), _) => format!("{} {}", kw.as_str(), self.slice(l.span)),
                (Some(l), None, _) => self.slice(l.span).to_string(),
                (None, Some(kw), _) => kw.as_str().to_string(),
                (None, None, _) => "¶".to_string(),
            };
            let excerpt: String = self.slice(u.body).split_whitespace().collect::<Vec<_>>().join(" ");
            let short: String = excerpt.chars().take(60).collect();
            let ellipsis = if short.len() < excerpt.len() { "…" } else { "" };
            let _ = writeln!(out, "{:>5}  {:<8} {}{}  {}{}", line, kind, "  ".repeat(depth), name, short, ellipsis);
            stack.extend(u.children.iter().rev().map(|&c| (c, depth + 1)));
        }
        out
    }
}

impl Document {
    /// The deepest unit whose span contains `offset`, if any.
    pub fn unit_at(&self, offset: usize) -> Option<UnitId> {
        let mut found = None;
        let mut level = self.roots.as_slice();
        loop {
            let i = level.partition_point(|&id| self.unit(id).span.start <= offset);
            let Some(&candidate) = i.checked_sub(1).and_then(|i| level.get(i)) else {
                break;
            };
            let u = self.unit(candidate);
            if offset > u.span.end {
                break;
            }
            found = Some(candidate);
            level = &u.children;
        }
        found
    }

    /// The span of a unit's first line, used to point at a unit in diagnostics.
    pub fn first_line(&self, id: UnitId) -> Span {
        let span = self.unit(id).span;
        let end = self.text[span.range()].find(['\n', '\r']).map_or(span.end, |i| span.start + i);
        Span::new(span.start, end)
    }

    /// A short span that names a unit in diagnostics: its label, keyword and number, or its
    /// first words when it has none.
    pub fn handle(&self, id: UnitId) -> Span {
        let u = self.unit(id);
        if let Some(l) = &u.label {
            return Span::new(u.span.start, l.span.end.max(u.span.start));
        }
        let line = self.first_line(id);
        let text = self.slice(line);
        let end = text.char_indices().filter(|(_, c)| c.is_whitespace()).nth(3).map_or(text.len(), |(i, _)| i);
        Span::new(line.start, line.start + end)
    }

    /// The document's lines as `amend number` numbers them.
    pub fn numbered_lines(&self, numbering: Numbering) -> Vec<NumberedLine> {
        number_lines(&self.text, self.content_start(), numbering)
    }

    /// Whether the base marks its pages (with form feeds).
    pub fn has_pages(&self) -> bool {
        self.text.contains('\u{c}')
    }

    /// Where the document's content starts (after a byte-order mark).
    pub fn content_start(&self) -> usize {
        if self.text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 }
    }
}
