//! The base document as a tree of addressable units: headed sections, numbered paragraphs,
//! list items and unlabelled text, each with byte spans into the original text.

mod classify;
mod index;
mod label;
mod lines;
mod naming;
mod parse;
mod phrases;
#[cfg(test)]
mod tests;
mod tree;

pub use label::{Component, LabelStyle, Number, Shape, System, format_value, roman_value};
pub use lines::{NumberedLine, Numbering, number_lines};
pub use naming::Word;
pub use parse::line_label;

use crate::source::{FileId, Span};
use index::Index;
use std::fmt::Write as _;
use std::sync::Arc;
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
    /// An entry of a definitions list, addressed by the term it defines (`Convention means …`).
    Definition,
}

/// The word that introduces a headed unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Keyword {
    Part,
    Chapter,
    Subchapter,
    Division,
    Subdivision,
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
            "subchapter" => Keyword::Subchapter,
            "division" => Keyword::Division,
            "subdivision" => Keyword::Subdivision,
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
            Keyword::Chapter | Keyword::Division => 2,
            Keyword::Article | Keyword::Subchapter | Keyword::Subdivision => 3,
            Keyword::Section | Keyword::Rule | Keyword::StandingOrder => 4,
            Keyword::Clause => 5,
        }
    }

    /// The keyword as a word, for display.
    pub fn as_str(self) -> &'static str {
        match self {
            Keyword::Part => "Part",
            Keyword::Chapter => "Chapter",
            Keyword::Subchapter => "Subchapter",
            Keyword::Division => "Division",
            Keyword::Subdivision => "Subdivision",
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
    /// What few units have (a marginal note, a wrap-up, a repealed placeholder, a defined
    /// term), kept apart so that the many units without them stay small.
    pub extra: Option<Box<Extra>>,
    /// The document's own word for the unit (`Subsection`, `Clause`, `Rule`), from its layout.
    pub word: Word,
}

/// The parts of a unit that only some units have.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Extra {
    /// The marginal note or heading printed on the line above the unit (`Short title` above
    /// `1 This Act may be cited as …`); the unit's `span` starts with it.
    pub note: Option<Span>,
    /// Text after the unit's last child that continues the unit (`the justice may issue …`
    /// after paragraph (c)); it is also the last child or children, of kind `Text`.
    pub wrap_up: Option<Span>,
    /// The placeholder printed for a repealed unit: `[Repealed, SOR/2011-109, s. 2]`, `Repealed.`
    pub repealed: Option<Span>,
    /// The term a definition defines: `Convention` in `Convention means …`.
    pub term: Option<Span>,
}

impl Unit {
    /// The marginal note or heading printed on the line above the unit (`Short title` above
    /// `1 This Act may be cited as …`); the unit's `span` starts with it.
    pub fn note(&self) -> Option<Span> {
        self.extra.as_ref().and_then(|e| e.note)
    }

    /// Text after the unit's last child that continues it (`the justice may issue …` after
    /// paragraph (c)); it is also the unit's last child or children, of kind `Text`.
    pub fn wrap_up(&self) -> Option<Span> {
        self.extra.as_ref().and_then(|e| e.wrap_up)
    }

    /// The placeholder printed for a repealed unit: `[Repealed, SOR/2011-109, s. 2]`, `Repealed.`
    pub fn repealed(&self) -> Option<Span> {
        self.extra.as_ref().and_then(|e| e.repealed)
    }

    /// The term a definition (or a numbered definition: `The term “employ” includes …`) defines.
    pub fn term(&self) -> Option<Span> {
        self.extra.as_ref().and_then(|e| e.term)
    }

    /// Sets one of the rare parts, allocating them only when there is something to keep.
    pub(crate) fn set(&mut self, value: Option<Span>, field: fn(&mut Extra) -> &mut Option<Span>) {
        if let Some(v) = value {
            *field(self.extra.get_or_insert_with(Default::default)) = Some(v);
        }
    }
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
    /// Shared with the sources the text was read from.
    text: Arc<String>,
    units: Vec<Unit>,
    roots: Vec<UnitId>,
    line_ending: LineEnding,
    index: Index,
    scheme: naming::Scheme,
    /// The words the text itself cites its units by (`see clause 4.2`).
    cited: Vec<Word>,
    /// Whether sections are numbered bare, as statutes print them.
    statute: bool,
}

/// Asks the grammar how every line of a text begins, as the parser does, and counts the lines
/// that open something (for benchmarks of the line grammar).
#[doc(hidden)]
pub fn classify_lines(text: &str) -> usize {
    text.lines()
        .map(|l| l.trim_start_matches(classify::is_hspace).trim_end())
        .filter(|l| !l.is_empty() && !matches!(classify::classify(l, 0), classify::Head::Plain))
        .count()
}

impl Document {
    /// Reads a base text (plain text or Markdown) into units.
    pub fn parse(file: FileId, text: &str) -> Document {
        parse::parse(file, Arc::new(text.to_string()))
    }

    /// Reads a base text into units, sharing the text (a large base is then held once).
    pub fn shared(file: FileId, text: Arc<String>) -> Document {
        parse::parse(file, text)
    }

    /// Whether the document numbers its sections bare at the start of their lines, as statutes
    /// do (`8 (1) The Minister …`): new text for it is read the same way.
    pub fn is_statute(&self) -> bool {
        self.statute
    }

    /// Whether a unit's word is the document's own: printed with it (`Clause 4`), or the one
    /// its text cites such units by (`under clause 4.2`), rather than inferred from the layout.
    pub fn word_is_printed(&self, id: UnitId) -> bool {
        let u = self.unit(id);
        u.keyword.is_some() || self.cited.contains(&u.word)
    }

    /// Reads new text (a unit an amendment inserts or substitutes) as this document would read
    /// it: in a statute, `75.01 (1) …` is section 75.01 with its subsection (1).
    pub fn read_like(&self, text: &str) -> Document {
        parse::parse_as(self.file, Arc::new(text.to_string()), Some(self.statute))
    }

    /// The file this document was read from.
    pub fn file(&self) -> FileId {
        self.file
    }

    /// The original text, shared (not copied).
    pub fn shared_text(&self) -> Arc<String> {
        Arc::clone(&self.text)
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

    /// Units whose number's key (`2.1`, `vii`, `b.1`, `46-406`) is `key`, in document order.
    pub fn with_number(&self, key: &str) -> &[UnitId] {
        self.index.with_number(key)
    }

    /// The children of `parent` (the top-level units for `None`) whose number's key is `key`,
    /// found by index: `(f)` in section 14 is `children_numbered(Some(s14), "f")`.
    pub fn children_numbered(&self, parent: Option<UnitId>, key: &str) -> impl Iterator<Item = UnitId> + '_ {
        let (inside, top) = match parent {
            Some(p) => (self.index.numbered_within(p, key), &[][..]),
            None => (&[][..], self.index.top_numbered(key)),
        };
        inside.iter().copied().filter(move |&c| self.numbered_parent(c) == parent).chain(top.iter().copied())
    }

    /// The unit a numbered unit belongs to, passing over an unnumbered paragraph that
    /// introduces its list (`Together, the Developers may:` above items 1 to 6).
    pub fn numbered_parent(&self, id: UnitId) -> Option<UnitId> {
        let mut p = self.unit(id).parent;
        while let Some(q) = p.filter(|&q| self.unit(q).kind == UnitKind::Text) {
            p = self.unit(q).parent;
        }
        p
    }

    /// The units numbered `key` anywhere inside `ancestor` (not `ancestor` itself), in document
    /// order, found by index.
    pub fn numbered_within(&self, ancestor: UnitId, key: &str) -> &[UnitId] {
        self.index.numbered_within(ancestor, key)
    }

    /// Units whose number's key equals `key` ignoring case.
    pub fn with_number_ignoring_case(&self, key: &str) -> Vec<UnitId> {
        self.index.with_number_ignoring_case(key)
    }

    /// Units whose title, heading or marginal note reads `title`, ignoring case, spacing,
    /// Markdown emphasis and a final full stop or colon: `Polls` finds `## Polls`, `Member
    /// Resignation` its heading line, `Definitions` the section under that marginal note.
    pub fn with_title(&self, title: &str) -> &[UnitId] {
        self.index.with_title(title)
    }

    /// Definitions of `term` (ignoring case and spacing), in document order.
    pub fn with_term(&self, term: &str) -> &[UnitId] {
        self.index.with_term(term)
    }

    /// The units a citation names, as statutes and rulebooks write them: `14(f)` (section 14,
    /// paragraph (f)), `3(1)(f)(i)`, `41.1(f)`, `46-406(a)(4)` (or `§ 46-406(a)(4)`), `4.1(3)`,
    /// `2.1`. The first part names a unit that can stand at the head of a citation (a section,
    /// a numbered heading, a dotted paragraph); each bracketed part a child of the one before.
    pub fn find_citation(&self, citation: &str) -> Vec<UnitId> {
        index::find_citation(self, citation)
    }

    /// The ids of a unit and everything inside it: subtrees are contiguous in document order.
    pub fn subtree(&self, id: UnitId) -> std::ops::Range<u32> {
        id.0..self.index.subtree_end(id)
    }

    /// Whether `id` is `ancestor` or lies inside it.
    pub fn is_within(&self, id: UnitId, ancestor: UnitId) -> bool {
        self.subtree(ancestor).contains(&id.0)
    }

    /// A unit's heading text, if it has one.
    pub fn heading(&self, id: UnitId) -> Option<&str> {
        self.unit(id).heading.map(|s| self.slice(s))
    }

    /// The unit's own text after its label (a heading's title).
    pub fn body(&self, id: UnitId) -> &str {
        self.slice(self.unit(id).body)
    }

    /// The unit's own text before its first child (after its label): the lead-in of a unit
    /// with a list (`… a report indicating` before paragraphs (a) to (c)).
    pub fn lead_in(&self, id: UnitId) -> Span {
        self.unit(id).body
    }

    /// The marginal note or heading above a unit: its own, or, for a unit opened on the same
    /// line as its parent (subsection (1) of `8 (1) The Minister …`), the parent's.
    pub fn note(&self, id: UnitId) -> Option<Span> {
        let u = self.unit(id);
        if u.note().is_some() {
            return u.note();
        }
        let parent = self.unit(u.parent?);
        let same_line = !self.text[parent.body.end.min(u.span.start)..u.span.start].contains('\n');
        (parent.children.first() == Some(&id) && same_line).then_some(parent.note()).flatten()
    }

    /// The term a definition defines.
    pub fn term(&self, id: UnitId) -> Option<&str> {
        self.unit(id).term().map(|s| self.slice(s))
    }

    /// The document's own word for a unit: `Subsection`, `Paragraph`, `Clause`, `Rule`.
    pub fn word(&self, id: UnitId) -> Word {
        self.unit(id).word
    }

    /// A unit's citation: its number with its parents', as the document cites it: `14(f)`,
    /// `3(2.1)`, `1.2(c)`, `46-406(a)(4)`; `None` for a unit with no number.
    pub fn citation(&self, id: UnitId) -> Option<String> {
        naming::citation(self, id)
    }

    /// A short human name for a unit, with the document's own word and the numbers of its
    /// parents: `Paragraph 14(f)`, `Clause 1.2(c)`, `Rule 4 (Meetings)`, `Subsection 3(2.1)`,
    /// `the definition of “Convention” in Subsection 2(1)`, `Section “Polls”`.
    pub fn describe(&self, id: UnitId) -> String {
        naming::describe(self, id)
    }

    /// The name of a unit that `text` brings, added after `near` (or inside it, when its number
    /// is of the kind `near`'s children have): named by its new number, `Para 2.4`,
    /// `Section 75.01`, `Paragraph 14(g)`. `None` when the text has no numbered line.
    pub fn describe_new(&self, near: UnitId, text: &str) -> Option<String> {
        naming::describe_new(self, near, text)
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

    /// The unit's line number (1-based) in the text: the line of its label (below its note).
    pub fn line_of(&self, id: UnitId) -> usize {
        let at = self.label_line_start(id);
        self.text[..at].bytes().filter(|&b| b == b'\n').count() + 1
    }

    /// Where the unit's own first line starts: after its note, if it has one.
    fn label_line_start(&self, id: UnitId) -> usize {
        let u = self.unit(id);
        match u.note() {
            Some(note) => {
                let after = &self.text[note.end..u.span.end];
                note.end + after.len() - after.trim_start().len()
            }
            None => u.span.start,
        }
    }

    /// The tree as text, one unit per line, for `amend outline`.
    pub fn outline(&self) -> String {
        let mut out = String::new();
        let mut line = 1;
        let mut last = 0;
        let mut stack: Vec<(UnitId, usize)> = self.roots.iter().rev().map(|&id| (id, 0)).collect();
        while let Some((id, depth)) = stack.pop() {
            let u = self.unit(id);
            let start = self.label_line_start(id);
            line += self.text[last..start].bytes().filter(|&b| b == b'\n').count();
            last = start;
            let kind = match u.kind {
                UnitKind::Heading { .. } => "heading",
                UnitKind::Paragraph => "para",
                UnitKind::Item => "item",
                UnitKind::Text => "text",
                UnitKind::Definition => "defn",
            };
            let name = match (&u.label, u.keyword, u.kind) {
                (_, _, UnitKind::Item) => "•".to_string(),
                (_, _, UnitKind::Definition) => format!("“{}”", self.term(id).unwrap_or("")),
                (Some(l), Some(kw), _) => format!("{} {}", kw.as_str(), self.slice(l.span)),
                (Some(l), None, _) => self.slice(l.span).to_string(),
                (None, Some(kw), _) => kw.as_str().to_string(),
                (None, None, _) => "¶".to_string(),
            };
            let mut excerpt: String = self.slice(u.body).split_whitespace().collect::<Vec<_>>().join(" ");
            if let Some(note) = u.note() {
                excerpt = format!("[{}] {excerpt}", self.slice(note).trim());
            }
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
        let start = self.label_line_start(id);
        let end = self.text[start..span.end].find(['\n', '\r']).map_or(span.end, |i| start + i);
        Span::new(start, end)
    }

    /// A short span that names a unit in diagnostics: its label, keyword and number, or its
    /// first words when it has none.
    pub fn handle(&self, id: UnitId) -> Span {
        let u = self.unit(id);
        if let Some(l) = &u.label {
            let start = self.label_line_start(id).min(l.span.start);
            return Span::new(start, l.span.end.max(start));
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
