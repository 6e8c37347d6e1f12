//! Base text → [`Document`]: a line scanner that asks the grammar how each line begins, looks at
//! the layout of the whole document (one paragraph per line or wrapped paragraphs; sections
//! numbered bare, as statutes print them) and nests units by heading rank, label style and the
//! order of their numbers.

use super::classify::{Head, bare_parts, classify, is_hspace, style_of};
use super::index::{Index, normalize};
use super::label::{Component, LabelStyle, Number, Shape, System};
use super::naming::{self, Word};
use super::phrases::{
    defined_term, ends_open_clause, introduces_definitions, note_like, placeholder, quoted_term, title_case, title_like,
};
use super::tree::{same_family, split_paren_chain, text_unit};
use super::{Document, Keyword, Label, LineEnding, Unit, UnitId, UnitKind};
use crate::source::{FileId, Span};
use std::sync::Arc;

/// Headings written as a label and a title (`2) Structures`) rank like sections.
pub(super) const LABEL_HEADING_RANK: u8 = 4;
/// A statute's group heading (`Interpretation` above a section's marginal note) ranks between
/// its parts and its sections.
const GROUP_HEADING_RANK: u8 = 3;
/// A line longer than this is a paragraph of its own, not a line of a hard-wrapped paragraph.
const LONG_LINE: usize = 100;
/// Section numbers above this, printed bare, are more likely years or amounts.
const MAX_BARE_SECTION: u32 = 999;

/// One non-blank line of the base.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    /// The line's text without its indentation and trailing space.
    content: Span,
    indent: usize,
    /// Whether a blank line (or the start of the text) comes before it.
    blank_before: bool,
}

/// What the whole document's layout says about its lines.
#[derive(Debug, Clone, Copy)]
pub(super) struct Layout {
    /// Every line is a paragraph of its own: text converted from XML or HTML with one block
    /// per line and no blank lines, so a line never continues the one before it.
    blocks: bool,
    /// Sections are numbered bare at the start of their lines (`8 (1) The Minister …`, `12.1
    /// If …`), with marginal notes and group headings on the lines above, as statutes print them.
    statute: bool,
}

pub(super) fn parse(file: FileId, text: Arc<String>) -> Document {
    parse_as(file, text, None)
}

/// Reads a text, as a statute (sections numbered bare) if `statute` says so, else as its own
/// layout says: new text for a statute is read as part of it.
pub(super) fn parse_as(file: FileId, text: Arc<String>, statute: Option<bool>) -> Document {
    let start = if text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
    let lines = read_lines(&text, start);
    let mut layout = survey(&text, &lines);
    if let Some(statute) = statute {
        layout.statute = statute;
    }
    let (mut units, roots) = {
        let mut b = Builder::new(&text, &lines, layout);
        let mut i = 0;
        while i < lines.len() {
            i += 1 + b.line(i);
        }
        b.finish()
    };
    // The lines are read: free them before the indexes are built.
    drop(lines);
    units.shrink_to_fit();
    let (scheme, cited) = naming::assign_words(&mut units, &text);
    let index = Index::build(&units, &text);
    let line_ending = LineEnding::of(&text);
    Document { file, text, units, roots, line_ending, index, scheme, cited, statute: layout.statute }
}

/// The non-blank lines of a text, from byte `start`, without their line breaks (`\n`, `\r\n`
/// or a lone `\r`), indentation and trailing space.
fn read_lines(text: &str, start: usize) -> Vec<Line> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut blank_before = true;
    let mut line_start = start;
    let mut i = start;
    let mut push = |from: usize, to: usize, blank_before: &mut bool| {
        let raw = &text[from..to];
        let trimmed = raw.trim_start_matches(is_hspace);
        let content = trimmed.trim_end_matches(is_hspace);
        if content.is_empty() {
            *blank_before = true;
            return;
        }
        let indent = raw.len() - trimmed.len();
        lines.push(Line {
            content: Span::new(from + indent, from + indent + content.len()),
            indent,
            blank_before: *blank_before,
        });
        *blank_before = false;
    };
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                push(line_start, i, &mut blank_before);
                line_start = i + 1;
            }
            b'\r' => {
                push(line_start, i, &mut blank_before);
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
        push(line_start, bytes.len(), &mut blank_before);
    }
    lines
}

/// Reads the layout of the whole document before its lines are read one by one.
fn survey(text: &str, lines: &[Line]) -> Layout {
    let blanks = lines.iter().skip(1).any(|l| l.blank_before);
    let long = lines.iter().any(|l| l.content.len() > LONG_LINE);
    // Lines that end a paragraph or are titles: in a hard-wrapped text most lines end mid-sentence.
    let whole = if blanks {
        0
    } else {
        lines
            .iter()
            .map(|l| &text[l.content.range()])
            .filter(|t| t.ends_with(['.', ':', ';', '!', '?', ')', ']', '"', '”', '’']) || title_like(t))
            .count()
    };
    let mut inline_paren = false;
    let mut ascending = false;
    let mut count = 0;
    let mut previous: Option<u32> = None;
    for l in lines {
        let line = &text[l.content.range()];
        let Some((number, sub, rest)) = bare_parts(line) else { continue };
        if sub {
            inline_paren = true;
            break;
        }
        let Ok(value) = line[..number].parse::<u32>() else { continue };
        if value > MAX_BARE_SECTION || title_like(&line[rest..]) {
            continue;
        }
        ascending |= previous.is_some_and(|p| value > p);
        previous = Some(value);
        count += 1;
    }
    let statute = inline_paren || (count >= 2 && ascending);
    // A statute set one provision per line with no blank lines is read that way even if its
    // lines are short.
    let mostly_whole = lines.len() >= 3 && whole * 3 >= lines.len() * 2;
    Layout { blocks: !blanks && (long || statute || mostly_whole), statute }
}

/// Marks the builder keeps on units while reading.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Marks {
    /// Text after a list that continues the list's parent: a wrap-up if nothing follows it.
    pub(super) continues: bool,
    /// A heading that is a title line and nothing else (`Member Resignation`).
    pub(super) title_only: bool,
}

/// A run of lines kept as one unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Run {
    Table,
    Contents,
}

pub(super) struct Builder<'t> {
    pub(super) text: &'t str,
    lines: &'t [Line],
    layout: Layout,
    pub(super) units: Vec<Unit>,
    pub(super) marks: Vec<Marks>,
    pub(super) roots: Vec<UnitId>,
    /// The open units, outermost first.
    pub(super) stack: Vec<UnitId>,
    /// Heads of the lines read so far and ahead, by line index modulo the window.
    heads: [Option<(usize, Head, Peek)>; 4],
    /// A marginal note waiting for the unit on the next line.
    pub(super) note: Option<Span>,
    /// The table or contents being read, as one unit.
    run: Option<(UnitId, Run)>,
    /// The shape of the previous line's label, if it had one.
    previous_shape: Option<Shape>,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str, lines: &'t [Line], layout: Layout) -> Builder<'t> {
        Builder {
            text,
            lines,
            layout,
            units: Vec::new(),
            marks: Vec::new(),
            roots: Vec::new(),
            stack: Vec::new(),
            heads: [None, None, None, None],
            note: None,
            run: None,
            previous_shape: None,
        }
    }

    /// How line `i` begins, in short (for looking ahead).
    fn peek(&mut self, i: usize) -> Peek {
        self.cached(i);
        match &self.heads[i % self.heads.len()] {
            Some((_, _, p)) => *p,
            None => Peek::Plain,
        }
    }

    /// How line `i` begins (the line being read).
    fn take(&mut self, i: usize) -> Head {
        self.cached(i);
        match self.heads[i % self.heads.len()].as_mut() {
            Some((_, h, _)) => std::mem::replace(h, Head::Plain),
            None => Head::Plain,
        }
    }

    fn cached(&mut self, i: usize) {
        let slot = i % self.heads.len();
        if self.heads[slot].as_ref().is_some_and(|(j, _, _)| *j == i) {
            return;
        }
        let l = self.lines[i];
        let h = classify(&self.text[l.content.range()], l.content.start);
        let p = Peek::of(&h, self.text);
        self.heads[slot] = Some((i, h, p));
    }

    fn content(&self, i: usize) -> &'t str {
        &self.text[self.lines[i].content.range()]
    }

    /// The line after `i` if no blank line comes between.
    fn adjacent(&self, i: usize) -> Option<usize> {
        self.lines.get(i + 1).filter(|l| !l.blank_before).map(|_| i + 1)
    }

    /// Reads line `i`; returns how many lines after it were read with it.
    fn line(&mut self, i: usize) -> usize {
        let head = self.take(i);
        let line = self.lines[i];
        let shape = match &head {
            Head::Labelled { label, .. } => Some(label.style.shape),
            _ => None,
        };
        if let Some(run) = match head {
            Head::Table => Some(Run::Table),
            Head::Contents => Some(Run::Contents),
            _ => None,
        } {
            match self.run {
                Some((id, r)) if r == run && !line.blank_before && self.top() == Some(id) => {
                    self.extend_top(line.content.end)
                }
                _ => {
                    let id = self.open_text(line.content, line.indent);
                    self.run = Some((id, run));
                }
            }
            self.previous_shape = None;
            return 0;
        }
        self.run = None;
        let consumed = match head {
            Head::Keyword { keyword, label, title } => self.keyword_line(i, keyword, label, title),
            Head::Markdown { hashes, title } => {
                self.markdown_line(i, hashes, title);
                0
            }
            Head::Labelled { label, rest } => {
                self.labelled_line(i, label, rest);
                0
            }
            Head::Bare { number, sub, rest } => self.bare_line(i, number, sub, rest),
            Head::Bullet { marker, rest } => {
                self.open_item(marker, rest, line.content, line.indent);
                0
            }
            Head::Plain | Head::Table | Head::Contents => self.plain_line(i),
        };
        self.previous_shape = shape;
        consumed
    }

    fn keyword_line(&mut self, i: usize, keyword: Keyword, label: Option<Label>, title: Option<Span>) -> usize {
        let line = self.lines[i];
        let mut rank = keyword.rank();
        // An act's schedule (`SCHEDULE` / `(Section 2)`) holds what follows it (the parts,
        // articles, annexes and lists of a treaty it sets out) up to the act's next schedule.
        let origin = |d: &Self, t: Option<Span>| {
            let t = t.map_or("", |t| d.text[t.range()].trim());
            t.starts_with('(') && (t.contains("ection") || t.contains("s. ") || t.contains("ss. "))
        };
        let below = self.adjacent(i).map(|j| self.lines[j].content);
        let is_act_schedule = keyword == Keyword::Schedule && (origin(self, title) || origin(self, below));
        if !is_act_schedule {
            let open = self.stack.iter().rev().find(|&&id| {
                let u = self.unit(id);
                u.keyword == Some(Keyword::Schedule) && u.heading.is_some_and(|h| origin(self, Some(h)))
            });
            if let Some(&s) = open {
                rank = rank.max(self.heading_rank(s) + 1);
            }
        }
        match title {
            Some(t) if !title_like(&self.text[t.range()]) => {
                let t_text = &self.text[t.range()];
                // `Section 4 of the Act applies…` mentions a section; it does not open one.
                if t_text.starts_with(|c: char| c.is_lowercase()) || label.is_none() {
                    return self.plain_line(i);
                }
                // `Article I. The name of this organisation is…`: a numbered paragraph that
                // carries its keyword, represented as a heading whose title is the whole text,
                // so that `Article I` finds it and its children nest under it.
                self.open_heading(rank, Some(keyword), label, Some(t), line.content, line.indent);
                0
            }
            Some(t) => {
                self.open_heading(rank, Some(keyword), label, Some(t), line.content, line.indent);
                0
            }
            None => {
                // `PART 4` above `General`: a heading's title on the line below it.
                let below = self.adjacent(i).filter(|&j| self.is_plain(j) && title_like(self.content(j)));
                match below {
                    Some(j) => {
                        let t = self.lines[j].content;
                        self.open_heading(rank, Some(keyword), label, Some(t), line.content.join(t), line.indent);
                        1
                    }
                    None => {
                        self.open_heading(rank, Some(keyword), label, None, line.content, line.indent);
                        0
                    }
                }
            }
        }
    }

    fn markdown_line(&mut self, i: usize, hashes: u8, title: Span) {
        let line = self.lines[i];
        // A Markdown heading may itself carry a keyword or a label: `## Article IV – Name`.
        let (keyword, label, title) = if title.is_empty() {
            (None, None, None)
        } else {
            match classify(&self.text[title.range()], title.start) {
                Head::Keyword { keyword, label, title, .. } => (Some(keyword), label, title),
                Head::Labelled { label, rest } => (None, Some(label), (!rest.is_empty()).then_some(rest)),
                Head::Bare { number, sub: None, rest } => {
                    (None, Some(self.bare_label(number, false)), (!rest.is_empty()).then_some(rest))
                }
                _ => (None, None, Some(title)),
            }
        };
        self.open_heading(hashes, keyword, label, title, line.content, line.indent);
    }

    fn labelled_line(&mut self, i: usize, label: Label, rest: Span) {
        let line = self.lines[i];
        let rest_text = &self.text[rest.range()];
        let adjacent_same = !line.blank_before && self.previous_shape == Some(label.style.shape);
        let heading = if self.layout.blocks {
            self.blocks_label_heading(i, &label, rest)
        } else {
            !adjacent_same && line.indent == 0 && self.looks_like_label_heading(i, &label, rest)
        };
        if heading {
            let title = (!rest.is_empty()).then_some(rest);
            let rank = LABEL_HEADING_RANK + label.number.parts.len().saturating_sub(1).min(3) as u8;
            self.open_heading(rank, None, Some(label), title, line.content, line.indent);
            return;
        }
        // `(4) and (5) [Repealed, …]`: two repealed units on one line.
        if let Some(second) = self.second_repealed_label(rest) {
            let split = second.span.start;
            let first =
                self.open_paragraph(label, Span::point(split), Span::new(line.content.start, split), line.indent);
            let placeholder_span = self.placeholder_in(Span::new(second.span.end, line.content.end));
            self.units[first.0 as usize].set(placeholder_span, |e| &mut e.repealed);
            let rest2 = Span::new(second.span.end, line.content.end);
            let body = self.skip_space(rest2);
            let id = self.open_paragraph(second, body, Span::new(split, line.content.end), line.indent);
            self.units[id.0 as usize].set(placeholder_span, |e| &mut e.repealed);
            return;
        }
        for (outer, _) in split_paren_chain(self.text, &label) {
            // `(b)(1) Copies …`: subsection (b) opens here with paragraph (1) as its first
            // child, as the US Code prints them.
            self.open_paragraph(outer, Span::point(line.content.start), line.content, line.indent);
        }
        let inner = split_paren_chain(self.text, &label).last().map_or_else(|| label.clone(), |(_, last)| last.clone());
        let body = if rest.is_empty() { Span::point(line.content.end) } else { rest };
        let id = self.open_paragraph(inner, body, line.content, line.indent);
        let u = &mut self.units[id.0 as usize];
        u.set(placeholder(rest_text).map(|r| Span::new(rest.start + r.start, rest.start + r.end)), |e| &mut e.repealed);
        u.set(quoted_term(rest_text).map(|r| Span::new(rest.start + r.start, rest.start + r.end)), |e| &mut e.term);
    }

    fn bare_line(&mut self, i: usize, number: Span, sub: Option<Label>, rest: Span) -> usize {
        let line = self.lines[i];
        let printed = &self.text[number.range()];
        if self.layout.statute {
            let label = self.bare_label(number, true);
            let section_body = if sub.is_some() { Span::point(number.end) } else { rest };
            let id = self.open_paragraph(label, section_body, line.content, line.indent);
            let text = &self.text[rest.range()];
            let repealed = placeholder(text).map(|r| Span::new(rest.start + r.start, rest.start + r.end));
            match sub {
                Some(sub) => {
                    let span = Span::new(sub.span.start, line.content.end);
                    let body = if rest.is_empty() { Span::point(line.content.end) } else { rest };
                    let inner = self.open_paragraph(sub, body, span, line.indent);
                    self.units[inner.0 as usize].set(repealed, |e| &mut e.repealed);
                }
                None => self.units[id.0 as usize].set(repealed, |e| &mut e.repealed),
            }
            return 0;
        }
        if printed.contains('.') {
            // `2.1 Every member …` in a document that is no statute: a dotted paragraph.
            let label = self.bare_label(number, false);
            self.labelled_line(i, label, rest);
            return 0;
        }
        // `28 Acts of the Scottish Parliament.`: a section's number and title, as UK Acts
        // print them, when numbered paragraphs follow.
        let title = self.text[rest.range()].trim_end_matches('.');
        if line.indent == 0 && title_like(title) && self.next_is_labelled(i) {
            let label = self.bare_label(number, true);
            self.open_heading(LABEL_HEADING_RANK, None, Some(label), Some(rest), line.content, line.indent);
            0
        } else {
            self.plain_line(i)
        }
    }

    fn plain_line(&mut self, i: usize) -> usize {
        let line = self.lines[i];
        let t = self.content(i);
        let after_blank = line.blank_before || i == 0;
        if let Some(n) = self.contents_list(i) {
            let id = self.open_text(line.content.join(self.lines[i + n].content), line.indent);
            self.run = Some((id, Run::Contents));
            return n;
        }
        if let Some(r) = placeholder(t) {
            let id = self.open_text(line.content, line.indent);
            let span = Span::new(line.content.start + r.start, line.content.start + r.end);
            self.units[id.0 as usize].set(Some(span), |e| &mut e.repealed);
            return 0;
        }
        if let Some(term) = self.definition_here(i) {
            self.open_definition(line, term);
            return 0;
        }
        if self.layout.statute && note_like(t) {
            if self.adjacent(i).is_some_and(|j| self.opens_provision(j)) {
                self.note = Some(line.content);
                return 0;
            }
            // `Interpretation` above `Definitions` above `2 (1) In this Act,`: a group heading
            // (or several) above a section's marginal note.
            let mut j = i + 1;
            while j < self.lines.len() && self.is_plain(j) && note_like(self.content(j)) {
                if self.adjacent(j).is_some_and(|k| self.opens_provision(k)) {
                    let id = self.open_heading(
                        GROUP_HEADING_RANK,
                        None,
                        None,
                        Some(line.content),
                        line.content,
                        line.indent,
                    );
                    self.units[id.0 as usize].word = Word::Heading;
                    return 0;
                }
                match self.adjacent(j) {
                    Some(k) => j = k,
                    None => break,
                }
            }
        }
        if self.layout.blocks && !self.layout.statute && title_like(t) && title_case(t) && self.content_follows(i) {
            self.open_title_heading(line);
            return 0;
        }
        // `the justice may issue …`, `(Me, Et, n-Pr or i-Pr)-phosphonates`: a line that goes on
        // from the one before.
        let lower = t.starts_with(|c: char| c.is_lowercase() || c == '(');
        let previous = i.checked_sub(1).map(|p| self.content(p)).unwrap_or("");
        if self.layout.blocks {
            if lower && self.can_continue() {
                if ends_open_clause(previous) && self.wrap_up(line) {
                    return 0;
                }
                self.extend_top(line.content.end);
                return 0;
            }
            self.open_text(line.content, line.indent);
            return 0;
        }
        if !after_blank && self.can_continue() {
            self.extend_top(line.content.end);
            return 0;
        }
        if after_blank && lower && ends_open_clause(previous) && self.wrap_up(line) {
            return 0;
        }
        self.open_text(line.content, line.indent);
        0
    }

    /// Whether line `j` opens a section or subsection, which a marginal note may head.
    fn opens_provision(&mut self, j: usize) -> bool {
        match self.peek(j) {
            Peek::Bare { .. } => true,
            Peek::Labelled { style, .. } => style.shape == Shape::Paren,
            _ => false,
        }
    }

    /// Whether line `j` is plain text: no heading, label or bullet opens it (`Schedule 1 toxic
    /// chemicals` only mentions a schedule).
    fn is_plain(&mut self, j: usize) -> bool {
        matches!(self.peek(j), Peek::Plain | Peek::Mention)
    }

    /// Text after a list that goes on from the list's parent (`the justice may issue …` after
    /// paragraph (c)): a child of the parent, marked so that, if it ends the parent, it is the
    /// parent's wrap-up.
    fn wrap_up(&mut self, line: Line) -> bool {
        let Some(pos) = self.stack.iter().rposition(|&id| self.unit(id).kind == UnitKind::Paragraph) else {
            return false;
        };
        let item = self.stack[pos];
        let Some(parent) = self.unit(item).parent else { return false };
        if !matches!(self.unit(parent).kind, UnitKind::Paragraph | UnitKind::Definition) {
            return false;
        }
        self.stack.truncate(pos);
        let id = self.add(text_unit(line.content, line.indent));
        self.marks[id.0 as usize].continues = true;
        true
    }

    /// The term defined on line `i`, if the line is an entry of a definitions list: `Convention
    /// means …` after `2 (1) In this Act,` or after another definition.
    fn definition_here(&self, i: usize) -> Option<Span> {
        let line = self.lines[i];
        let holder = self.definition_holder()?;
        let h = self.unit(holder);
        let after_definition = h.children.last().is_some_and(|&c| self.unit(c).kind == UnitKind::Definition);
        let introduced = after_definition || introduces_definitions(&self.text[h.body.range()]);
        let own_line = self.layout.blocks || line.indent > h.indent || after_definition;
        if !introduced || !own_line {
            return None;
        }
        let term = defined_term(self.content(i))?;
        Some(Span::new(line.content.start + term.start, line.content.start + term.end))
    }

    /// The unit a definitions list belongs to: the parent of the innermost open definition, or
    /// the innermost open numbered unit.
    fn definition_holder(&self) -> Option<UnitId> {
        if let Some(&d) = self.stack.iter().rev().find(|&&id| self.unit(id).kind == UnitKind::Definition) {
            return self.unit(d).parent;
        }
        self.stack
            .iter()
            .rev()
            .copied()
            .find(|&id| matches!(self.unit(id).kind, UnitKind::Paragraph | UnitKind::Heading { .. }))
    }

    fn open_definition(&mut self, line: Line, term: Span) {
        let holder = self.definition_holder();
        if let Some(h) = holder {
            let pos = self.stack.iter().position(|&id| id == h).map_or(0, |p| p + 1);
            self.stack.truncate(pos);
        }
        let rest = &self.text[term.end..line.content.end];
        let repealed = placeholder(rest.trim_start_matches(|c: char| c != '[')).map(|r| {
            let start = term.end + rest.find('[').unwrap_or(0);
            Span::new(start + r.start, start + r.end)
        });
        let id = self.add(Unit { kind: UnitKind::Definition, ..text_unit(line.content, line.indent) });
        let u = &mut self.units[id.0 as usize];
        u.set(Some(term), |e| &mut e.term);
        u.set(repealed.filter(|_| rest.contains("[Repealed")), |e| &mut e.repealed);
    }

    /// Whether line `i` is followed, with no blank line between, by text that a title above it
    /// would head: a paragraph, a numbered unit or a list item, not another heading.
    fn content_follows(&mut self, i: usize) -> bool {
        let mut i = i;
        loop {
            let Some(j) = self.adjacent(i) else { return false };
            match self.peek(j) {
                // A title above a title (`📜 Introduction` above `Welcome to …`) heads what
                // the last one heads.
                Peek::Plain if title_like(self.content(j)) && title_case(self.content(j)) => i = j,
                Peek::Plain | Peek::Mention => return true,
                Peek::Labelled { .. } | Peek::Bare { .. } | Peek::Bullet | Peek::Table => return true,
                Peek::Heading | Peek::Contents => return false,
            }
        }
    }

    /// `📖 Table of Contents` and the titles listed under it, up to the first title listed
    /// again (where the document itself begins): how many lines after `i` the list takes.
    fn contents_list(&mut self, i: usize) -> Option<usize> {
        let line = self.content(i);
        if line.len() > 40 || !line.to_ascii_lowercase().contains("contents") {
            return None;
        }
        let name = normalize(line);
        if name != "table of contents" && name != "contents" {
            return None;
        }
        let mut seen = std::collections::HashSet::new();
        let mut j = i;
        while let Some(k) = self.adjacent(j) {
            let t = self.content(k);
            if !matches!(self.peek(k), Peek::Plain) || !title_like(t) || !seen.insert(normalize(t)) {
                break;
            }
            j = k;
        }
        (j > i).then_some(j - i)
    }

    fn open_title_heading(&mut self, line: Line) {
        let innermost = self.stack.iter().rev().find(|&&id| matches!(self.unit(id).kind, UnitKind::Heading { .. }));
        let rank = match innermost {
            Some(&h) if self.marks[h.0 as usize].title_only => self.heading_rank(h),
            Some(&h) => self.heading_rank(h) + 1,
            None => LABEL_HEADING_RANK,
        };
        let id = self.open_heading(rank, None, None, Some(line.content), line.content, line.indent);
        self.marks[id.0 as usize].title_only = true;
    }

    fn heading_rank(&self, id: UnitId) -> u8 {
        match self.unit(id).kind {
            UnitKind::Heading { rank } => rank,
            _ => LABEL_HEADING_RANK,
        }
    }

    /// `(4) and (5) [Repealed, …]`: the second label, when the rest of the line is `and` or
    /// `to`, a label and a repealed placeholder.
    fn second_repealed_label(&self, rest: Span) -> Option<Label> {
        let t = &self.text[rest.range()];
        let after = t.strip_prefix("and ").or_else(|| t.strip_prefix("to "))?;
        let at = rest.start + (t.len() - after.len());
        match classify(after, at) {
            Head::Labelled { label, rest } if label.style.shape == Shape::Paren => {
                placeholder(&self.text[rest.range()]).map(|_| label)
            }
            _ => None,
        }
    }

    fn placeholder_in(&self, span: Span) -> Option<Span> {
        let t = &self.text[span.range()];
        placeholder(t).map(|r| Span::new(span.start + r.start, span.start + r.end))
    }

    fn skip_space(&self, span: Span) -> Span {
        let t = &self.text[span.range()];
        Span::new(span.start + (t.len() - t.trim_start_matches(is_hspace).len()), span.end)
    }

    /// The label of a number printed bare: one component in a statute (`75.01`), dotted parts
    /// otherwise (`2.1`).
    fn bare_label(&self, number: Span, whole: bool) -> Label {
        let printed = &self.text[number.range()];
        let parts =
            if whole { vec![Component::read(printed)] } else { printed.split('.').map(Component::read).collect() };
        let number_value = Number { parts };
        let shape = if whole || number_value.parts.len() == 1 { Shape::Bare } else { Shape::Dotted };
        let style = style_of(&number_value, shape, false);
        Label { span: number, number: number_value, style }
    }

    /// Whether the next non-blank line starts with a numbered label.
    fn next_is_labelled(&mut self, i: usize) -> bool {
        i + 1 < self.lines.len() && matches!(self.peek(i + 1), Peek::Labelled { .. })
    }

    /// In a document of one paragraph per line: whether `4. Meetings` or `2.1. General rules`
    /// opens a section. Its text reads like a title and the next line does not go on with the
    /// same list.
    fn blocks_label_heading(&mut self, i: usize, label: &Label, rest: Span) -> bool {
        let system_ok = matches!(label.style.system, System::Arabic | System::UpperRoman | System::UpperAlpha);
        if !system_ok
            || !matches!(label.style.shape, Shape::Dot | Shape::Dotted)
            || self.lines[i].indent > 0
            || !title_like(&self.text[rest.range()])
        {
            return false;
        }
        match self.adjacent(i).map(|j| self.peek(j)) {
            Some(Peek::Labelled { style, last, .. }) => {
                !(same_family(&style, &label.style) && follows_last(label, last))
            }
            _ => true,
        }
    }

    /// Whether `2) Structures` opens a section rather than a numbered paragraph: its title reads
    /// like a title and either a blank line follows or the next unit is numbered inside it (`2.1`).
    fn looks_like_label_heading(&mut self, i: usize, label: &Label, rest: Span) -> bool {
        let system_ok = matches!(label.style.system, System::Arabic | System::UpperRoman | System::UpperAlpha);
        if !system_ok || !title_like(&self.text[rest.range()]) || label.style.shape == Shape::Paren {
            return false;
        }
        let next_blank = self.lines.get(i + 1).is_none_or(|l| l.blank_before);
        // `3.2` above `3.2.1`: the next label starts with this one's number and a dot.
        let own = self.text[label.span.range()].trim_end_matches(['.', ')']);
        let child_of = |next: &str| next.strip_prefix(own).is_some_and(|rest| rest.starts_with('.') && rest.len() > 1);
        let next_child = i + 1 < self.lines.len()
            && match self.peek(i + 1) {
                Peek::Labelled { span, .. } => child_of(&self.text[span.range()]),
                Peek::Bare { number } => child_of(&self.text[number.range()]),
                _ => false,
            };
        match label.style.shape {
            // `3.2 Membership` is a heading only when `3.2.1` follows; otherwise a short paragraph.
            Shape::Dotted => next_child,
            _ => next_blank || next_child,
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
        Head::Labelled { label, .. } | Head::Keyword { label: Some(label), .. } => Some((label.span.end, label.number)),
        Head::Bare { number, .. } => {
            let printed = &line[number.range()];
            Some((number.end, Number { parts: printed.split('.').map(Component::read).collect() }))
        }
        _ => None,
    }
}

/// How a line begins, in short: what looking ahead needs, cheap to copy.
#[derive(Debug, Clone, Copy)]
enum Peek {
    Plain,
    /// A keyword that starts a sentence (`Schedule 1 toxic chemicals …`), read as plain text.
    Mention,
    Heading,
    Labelled {
        style: LabelStyle,
        last: Last,
        span: Span,
    },
    Bare {
        number: Span,
    },
    Bullet,
    Table,
    Contents,
}

/// The last component of a label: its system, value and whether it has a suffix.
#[derive(Debug, Clone, Copy)]
struct Last {
    system: System,
    value: u32,
    suffixed: bool,
}

impl Peek {
    fn of(head: &Head, text: &str) -> Peek {
        match head {
            Head::Plain => Peek::Plain,
            Head::Keyword { title: Some(t), .. } if text[t.range()].starts_with(|c: char| c.is_lowercase()) => {
                Peek::Mention
            }
            Head::Keyword { .. } | Head::Markdown { .. } => Peek::Heading,
            Head::Labelled { label, .. } => {
                let last =
                    label.number.last().map_or(Last { system: System::Arabic, value: 0, suffixed: false }, |c| Last {
                        system: c.system,
                        value: c.value,
                        suffixed: !c.suffix.is_empty(),
                    });
                Peek::Labelled { style: label.style, last, span: label.span }
            }
            Head::Bare { number, .. } => Peek::Bare { number: *number },
            Head::Bullet { .. } => Peek::Bullet,
            Head::Table => Peek::Table,
            Head::Contents => Peek::Contents,
        }
    }
}

/// Whether a label whose last component is `next` can follow `label` in the same list.
fn follows_last(label: &Label, next: Last) -> bool {
    label.number.last().is_some_and(|a| {
        a.system == next.system && (next.value == a.value + 1 || (next.value == a.value && next.suffixed))
    })
}
