//! An amendment sheet → provisions. A provision is what one instruction (or one piece of
//! commentary) occupies: its text, however it was wrapped; the blocks of new text it
//! introduces; and its place in the amending text's own numbering, which nests provisions
//! (`Sec. 2 … is amended as follows: (a) Subsection (a) is amended as follows: (1) …`).
//!
//! The grammar says how a line begins (`line_enumerator`, `fence_line`, `commentary_lead`, …)
//! and what a provision's text says (`lex`); this module only arranges lines.

use super::block::{Quotation, dedent, unmark_replies, unquote_block};
use super::lex::{self, Kw, Tok, Token, Verb};
pub(super) use super::line::{Label, Style};
use super::line::{
    Line, commentary_kind, continues_citation, diff_mark, ends_mid_phrase, ends_terminal, ends_with_abbreviation,
    is_annotation, is_citation, is_diff_line, is_fence, is_first_value, is_rule, is_tally, is_wdiff, list_marker,
    opens_quote, read_enumerator, split_lines, starts_lower, starts_upper_verb,
};
use crate::document::Component;
use crate::grammar::{Grammar, Rule};
use crate::source::Span;
use pest::Parser;

mod blocks;
mod intro;
use intro::{Ending, intro, restatement_frame, same_markup, starts_instruction};

/// One provision of a sheet.
#[derive(Debug, Clone)]
pub(super) struct Provision<'t> {
    /// Its text and blocks, in order.
    pub parts: Vec<Part>,
    /// From its first line to its last.
    pub span: Span,
    /// The amending text's own number for it (`15`, `(a)`, `1 (1)`, `Sec. 2.`), if any.
    pub enumerator: Option<Enumerator>,
    /// The provision it is nested in (by the amending text's numbering).
    pub parent: Option<usize>,
    /// It is nested under the parent's outer number (`(2)` after `1 (1) …` is in section 1,
    /// not in subsection (1)): it takes the scope the parent started in, not the one the
    /// parent's own words set.
    pub under_outer: bool,
    /// What kind of provision it is, as far as its lines tell.
    pub kind: Kind,
    /// Its text as tokens, with a `Block` token (numbered among its blocks) where each block is.
    pub tokens: Vec<Token<'t>>,
    /// Lines read as more of the new text written after its colon (`Append the following as
    /// Article 5.4: …`) though the line before ended a sentence: a warning says so.
    pub loose: Vec<Span>,
    /// Quote marks where a quoted block was taken to end though that end is in doubt: an error
    /// says so.
    pub ends_in_doubt: Vec<(Span, Doubt)>,
}

/// Why the end of a quoted block is in doubt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Doubt {
    /// Its quote marks do not pair up: the mark is the one read as its end.
    Unpaired,
    /// Its opening mark closes in the middle of a line that goes on with another instruction
    /// (`“… ere.”, and Replace “…” with “…”`): the mark is that closing one.
    RunsOn,
    /// It closes at a line's end, yet the next line goes on with the same sentence (`… the
    /// word "employee's"` / `in its place.`): the mark is that closing one.
    GoesOn,
}

/// A piece of a provision.
#[derive(Debug, Clone)]
pub(super) enum Part {
    /// Instruction text (lines joined; line breaks are spaces).
    Text(Span),
    /// Text set off below an introduction (`the following:`).
    Block(Block),
}

/// A block of text, as it is to go into the document.
#[derive(Debug, Clone)]
pub(super) struct Block {
    /// The text, without the marks that set it off (indentation, `>`, fences, the quote marks
    /// of a quoted provision).
    pub text: String,
    /// Where it was written.
    pub span: Span,
    pub form: BlockForm,
    /// A title line written just above a `>`-quoted block (`Proposed edit:` / `Member
    /// Resignation` / `> …`): the block restates the unit with that title.
    pub title: Option<String>,
}

/// How a block was set off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BlockForm {
    /// The lines right after the introduction.
    Plain,
    /// Lines indented more than the introduction.
    Indented,
    /// Between fences (```` ``` ````, `[start]`/`[end]`).
    Fenced,
    /// Lines opened with `>`.
    Quoted,
    /// Text in quotation marks over several lines (US, UK and DC bills).
    LineQuoted,
    /// A pseudo-diff (`-`/`+` lines) or a wdiff restatement: the block is a passage.
    Diff,
}

/// The amending text's number for a provision.
#[derive(Debug, Clone)]
pub(super) struct Enumerator {
    /// The labels as read (`1`, `(1)`), outermost first.
    pub labels: Vec<Label>,
    /// The labels as written.
    pub span: Span,
}

/// What kind of provision, as its lines tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Kind {
    /// Text to be read for instructions (or found to be commentary).
    Text,
    /// Commentary by its form, with the reason shown by `amend parse`.
    Commentary(&'static str),
}

/// Groups a sheet's lines into provisions.
pub(super) fn segment(text: &str) -> Vec<Provision<'_>> {
    Segmenter::new(text).run()
}

/// One level of the amending text's numbering that is open: its style, its last value, and
/// the provision that holds it.
#[derive(Debug, Clone)]
struct Level {
    style: Style,
    value: u32,
    provision: usize,
    /// The provision holds this level by an outer number of several (`1` of `1 (1)`).
    outer: bool,
    /// Indentation of the provision's first line.
    indent: usize,
}

/// A provision being read.
#[derive(Debug)]
struct Builder<'t> {
    parts: Vec<Part>,
    start: usize,
    end: usize,
    enumerator: Option<Enumerator>,
    parent: Option<usize>,
    under_outer: bool,
    kind: Kind,
    indent: usize,
    /// The provision's text ended by promising a block.
    await_block: Option<Intro>,
    list_intro: bool,
    /// The last part read was a block (text after it continues only in lower case).
    after_block: bool,
    /// The provision's last line so far.
    last: usize,
    /// The text's tokens so far (each line is read once, or again from a quote it left open).
    tokens: Vec<Token<'t>>,
    /// Blocks so far.
    blocks: usize,
    /// `(` minus `)` so far.
    parens: i32,
    /// The provision is only a frame that introduces a restatement (`Proposed edit:`).
    restates: bool,
    /// Lines taken as more of the text written after the instruction's colon, though the line
    /// before ended a sentence.
    loose: Vec<Span>,
    /// Quote marks where a quoted block was taken to end though that end is in doubt.
    ends_in_doubt: Vec<(Span, Doubt)>,
}

impl<'t> Builder<'t> {
    /// Reads the text `from..to` of `text` into tokens, going back to a quote the text before
    /// left open (it may close on this line).
    fn lex(&mut self, text: &'t str, from: usize, to: usize) {
        let mut start = from;
        if let Some(last) = self.tokens.last_mut() {
            if let Tok::Quote(q) = &mut last.kind {
                if q.unclosed {
                    // A quote that stays open over this line grows by it; otherwise the text is
                    // read again from the quote, which may close here.
                    if lex::extend_unclosed(q, text, last.span, to) {
                        last.span.end = to;
                        return;
                    }
                    start = last.span.start;
                    self.tokens.pop();
                }
            }
        }
        if start == from {
            start = self.rejoin(text, from);
        }
        let before = self.tokens.len();
        lex::lex_into(&text[start..to], start, &mut self.tokens);
        self.parens +=
            self.tokens[before..].iter().map(|t| i32::from(t.is_punct('(')) - i32::from(t.is_punct(')'))).sum::<i32>();
    }

    /// Where to read a new line from so that a phrase wrapped over the line break (`in each` /
    /// `place it occurs`, `TWO` / `TIMES`) is read as a whole: the words at the end of the
    /// text before are read again with the line, as if the provision had not been wrapped.
    fn rejoin(&mut self, text: &str, from: usize) -> usize {
        // The longest phrase of the grammar has eight words.
        const LONGEST: usize = 8;
        let Some(last) = self.tokens.last() else { return from };
        if !text[last.span.end..from].chars().all(char::is_whitespace) {
            return from;
        }
        let wordy = |t: &Token<'_>| !matches!(t.kind, Tok::Quote(_) | Tok::Punct(_) | Tok::Block(_) | Tok::Ellipsis);
        let keep = self.tokens.len() - self.tokens.iter().rev().take(LONGEST).take_while(|t| wordy(t)).count();
        let Some(first) = self.tokens.get(keep) else { return from };
        let start = first.span.start;
        self.tokens.truncate(keep);
        start
    }

    /// Whether a quote or a parenthesis is left open.
    fn open(&self) -> bool {
        self.parens > 0 || self.tokens.last().is_some_and(|t| matches!(&t.kind, Tok::Quote(q) if q.unclosed))
    }
}

/// What a block introduction said about the block.
#[derive(Debug, Clone, Copy)]
struct Intro {
    /// `the following paragraphs:`, `bullet points`: the block may run over blank lines.
    plural: bool,
    /// The introduction ended with a colon or dash; without one (a verb left without its
    /// object, `Replace`), the block is the next paragraph.
    marked: bool,
}

/// The labels a line starts with, and the length of the line up to the text after them.
type LineLabels = (Vec<Label>, usize);

struct Segmenter<'t> {
    text: &'t str,
    lines: Vec<Line>,
    /// What each line is by its form: commentary (and why) or text.
    commentary: Vec<Kind>,
    /// The labels each line starts with, read when first asked for.
    enumerators: Vec<std::cell::OnceCell<Option<LineLabels>>>,
    /// Whether each line reads as an amending provision, worked out when first asked for: the
    /// search for where an open quote closes asks it of up to fifty lines for every line.
    provisions: Vec<std::cell::OnceCell<bool>>,
    /// Which lines are rules (`=====`) and fences (```` ``` ````).
    rule: Vec<bool>,
    fence: Vec<bool>,
    /// For each line, the first rule or fence line at or after it (or the end).
    next_stop: Vec<usize>,
    /// Non-blank lines, and `+` and `-` lines among them, before each line (prefix counts).
    nonblank: Vec<u32>,
    plus: Vec<u32>,
    minus: Vec<u32>,
    out: Vec<Provision<'t>>,
    levels: Vec<Level>,
    cur: Option<Builder<'t>>,
}

impl<'t> Segmenter<'t> {
    fn new(text: &'t str) -> Segmenter<'t> {
        let lines = split_lines(text);
        let line = |l: &Line| &text[l.span.range()];
        let commentary = lines.iter().map(|l| commentary_kind(line(l))).collect();
        let enumerators = vec![std::cell::OnceCell::new(); lines.len()];
        let provisions = vec![std::cell::OnceCell::new(); lines.len()];
        let rule: Vec<bool> = lines.iter().map(|l| is_rule(line(l))).collect();
        let fence: Vec<bool> = lines.iter().map(|l| is_fence(line(l))).collect();
        let mut next_stop = vec![lines.len(); lines.len() + 1];
        for i in (0..lines.len()).rev() {
            next_stop[i] = if rule[i] || fence[i] { i } else { next_stop[i + 1] };
        }
        let count = |f: &dyn Fn(&Line) -> bool| {
            let mut v = Vec::with_capacity(lines.len() + 1);
            let mut n = 0;
            v.push(0);
            for l in &lines {
                n += u32::from(f(l));
                v.push(n);
            }
            v
        };
        let nonblank = count(&|l| !l.blank);
        let plus = count(&|l| !l.blank && diff_mark(line(l)) == Some('+'));
        let minus = count(&|l| !l.blank && diff_mark(line(l)) == Some('-'));
        Segmenter {
            text,
            lines,
            commentary,
            enumerators,
            provisions,
            rule,
            fence,
            next_stop,
            nonblank,
            plus,
            minus,
            out: Vec::new(),
            levels: Vec::new(),
            cur: None,
        }
    }

    fn line(&self, i: usize) -> &'t str {
        &self.text[self.lines[i].span.range()]
    }

    fn content(&self, i: usize) -> &'t str {
        self.line(i).trim()
    }

    /// The next line after `i` that is not blank.
    fn next_text(&self, i: usize) -> Option<usize> {
        (i + 1..self.lines.len()).find(|&j| !self.lines[j].blank)
    }

    fn run(mut self) -> Vec<Provision<'t>> {
        let mut i = 0;
        while i < self.lines.len() {
            let line = self.lines[i];
            if line.blank {
                if let Some(b) = &self.cur {
                    // A block promised without a colon (`Replace` alone on a line) is the next
                    // paragraph; after a block, a sentence that goes on in lower case (`in rule 2
                    // with`) continues the provision; otherwise a blank line ends it.
                    let goes_on = b.after_block && self.next_text(i).is_some_and(|j| self.goes_on_after_block(j));
                    if b.await_block.is_none() && !goes_on {
                        self.finish();
                    }
                }
                i += 1;
                continue;
            }
            if let Some(intro) = self.cur.as_ref().and_then(|b| b.await_block) {
                // A verb left at the end of a line without a colon (`… and inserting`) takes the
                // quote or the words on the next line as the rest of its sentence.
                let m = self.content(i);
                let continues = !intro.marked && (opens_quote(m) || starts_lower(m)) && !self.lines[i - 1].blank;
                // `… to gender-neutral terminology, specifically:` and then instructions: what
                // follows the colon is a provision of its own, not text to insert.
                let instruction = intro.marked
                    && starts_instruction(self.line(i))
                    && !opens_quote(m)
                    && !m.starts_with('>')
                    && !is_fence(m);
                if instruction {
                    self.finish();
                    continue;
                }
                if !continues {
                    i = self.read_block(i, intro);
                    continue;
                }
                if let Some(b) = &mut self.cur {
                    b.await_block = None;
                }
            }
            if self.rule[i] || self.fence[i] {
                self.finish();
                i = match self.passage_at(i) {
                    Some(end) => end,
                    None => self.orphan(i),
                };
                continue;
            }
            if is_diff_line(self.line(i)) {
                if let Some(end) = self.passage_at(i) {
                    self.finish();
                    i = end;
                    continue;
                }
            }
            if self.cur.as_ref().is_some_and(|b| self.continues(b, i)) {
                self.extend(i);
                i += 1;
                continue;
            }
            if self.cur.as_ref().is_some_and(|b| self.more_inline_text(b, i)) {
                let span = self.lines[i].span;
                if let Some(b) = &mut self.cur {
                    b.loose.push(Span::new(span.start + self.lines[i].indent, span.end));
                }
                self.extend(i);
                i += 1;
                continue;
            }
            self.finish();
            self.start(i);
            i += 1;
        }
        self.finish();
        self.out
    }

    // ─────────────────────────── Provisions ───────────────────────────

    /// Opens a provision at line `i`.
    fn start(&mut self, i: usize) {
        let line = self.lines[i];
        let kind = self.commentary[i].clone();
        let (enumerator, text_start) = match kind {
            Kind::Text => self.enumerator(i),
            Kind::Commentary(_) => (None, line.span.start + line.indent),
        };
        let (parent, under_outer) = match &enumerator {
            Some(e) => self.nest(e, i),
            // Text that is not numbered is nested only where it is indented under a numbered
            // provision; it does not end the amending text's numbering (a heading or a citation
            // line may stand between two numbered provisions).
            None => (self.levels.iter().rev().find(|l| line.indent > l.indent).map(|l| l.provision), false),
        };
        let end = line.span.end;
        let mut b = Builder {
            parts: vec![Part::Text(Span::new(text_start, end))],
            start: line.span.start + line.indent,
            end,
            enumerator,
            parent,
            under_outer,
            kind,
            indent: line.indent,
            await_block: None,
            list_intro: false,
            after_block: false,
            last: i,
            tokens: Vec::with_capacity(16),
            blocks: 0,
            parens: 0,
            restates: false,
            loose: Vec::new(),
            ends_in_doubt: Vec::new(),
        };
        if let Kind::Text = b.kind {
            b.lex(self.text, text_start, end);
        }
        self.check_intro(&mut b);
        self.cur = Some(b);
    }

    /// Adds line `i` to the provision's text.
    fn extend(&mut self, i: usize) {
        let line = self.lines[i];
        let Some(mut b) = self.cur.take() else { return };
        match b.parts.last_mut() {
            Some(Part::Text(span)) if !b.after_block => span.end = line.span.end,
            _ => b.parts.push(Part::Text(Span::new(line.span.start + line.indent, line.span.end))),
        }
        b.after_block = false;
        b.end = line.span.end;
        b.last = i;
        if let Kind::Text = b.kind {
            b.lex(self.text, line.span.start + line.indent, line.span.end);
        }
        self.check_intro(&mut b);
        self.cur = Some(b);
    }

    /// Closes the provision being read.
    fn finish(&mut self) {
        let Some(b) = self.cur.take() else { return };
        let index = self.out.len();
        if let Some(e) = &b.enumerator {
            // Its labels are now the open levels' last values.
            for l in &e.labels {
                if let Some(level) = self.levels.iter_mut().rev().find(|lv| lv.style == l.style) {
                    level.value = l.value;
                    level.provision = index;
                }
            }
        }
        self.out.push(Provision {
            parts: b.parts,
            span: Span::new(b.start, b.end),
            enumerator: b.enumerator,
            parent: b.parent,
            under_outer: b.under_outer,
            kind: b.kind,
            tokens: b.tokens,
            loose: b.loose,
            ends_in_doubt: b.ends_in_doubt,
        });
    }

    /// Whether line `i` continues the provision `b` (a wrapped line) rather than starting
    /// another.
    fn continues(&self, b: &Builder, i: usize) -> bool {
        let m = self.content(i);
        if matches!(b.kind, Kind::Text) && self.completes(b, i) {
            return true;
        }
        // A quote left open that this line closes: the line is quoted text, whatever it starts
        // with (`the Chairman announces the` / `result.”` is not a vote's result; `meeting.` /
        // `(a) Students pay half.”` is not the sheet's item (a)).
        if matches!(b.kind, Kind::Text) && b.open() && self.quote_closes_from(i) {
            return true;
        }
        // `DELETE “x”;` / `INSERT “y” TWO TIMES.`, `DELETE “x” (and` / `DELETE “y”)`: a
        // capitalised verb after a line that ended on a semicolon or left a parenthesis open
        // goes on the instruction; read apart, the count at the end would not reach the first
        // clause, as it does when the two are written on one line.
        if matches!(b.kind, Kind::Text) && starts_upper_verb(m) && self.clause_goes_on(b) {
            return true;
        }
        if self.strong_start(i, b) {
            return false;
        }
        if b.after_block {
            return self.goes_on_after_block(i);
        }
        if let Kind::Commentary(_) = b.kind {
            return true;
        }
        let last = self.last_line(b);
        if b.open() {
            return true;
        }
        // `1. In Article 4.1, strike … to the end.` / `In Article 5, strike …`: a numbered
        // provision's next sentence, wrapped to a line's start, is still that provision; read
        // apart, its scope would run on over the numbered provisions after it.
        if b.enumerator.is_some() && self.enumerator_labels(i).is_none() && intro::starts_instruction(m) {
            return true;
        }
        if !ends_terminal(last) {
            return true;
        }
        if ends_with_abbreviation(last) {
            return true;
        }
        starts_lower(m) && self.enumerator_labels(i).is_none()
    }

    /// Whether line `j`, after a block, goes on the provision's sentence: `Replace <block> in
    /// rule 2 with <block>` goes on in lower case, but not with a label (`a) In Article 6, …`
    /// after `1. … with:` and its block is a provision of its own).
    fn goes_on_after_block(&self, j: usize) -> bool {
        starts_lower(self.content(j)) && self.read_enumerator(j).is_none()
    }

    /// Whether provision `b`'s last line leaves its sentence open for another clause: it ends
    /// on a semicolon, or opens a parenthesis it does not close.
    fn clause_goes_on(&self, b: &Builder) -> bool {
        let last = self.last_line(b);
        last.ends_with(';') || (b.parens > 0 && last.matches('(').count() > last.matches(')').count())
    }

    /// Whether a quote left open before line `i` closes on it, or on a later line of the same
    /// paragraph with only unquoted text between (`DELETE “meeting.` / `(a) Students pay` /
    /// `half.”`): wrapping moves the closing mark onto whichever line it likes. The lines passed
    /// over, and a numbered line that would close it, must not read as instructions themselves,
    /// and the search stops at a blank line or at the first line with a quote mark, so a quote
    /// that is really left open (W0101) does not swallow the provisions after it.
    fn quote_closes_from(&self, i: usize) -> bool {
        // A paragraph wrapped at twenty columns: a thousand characters.
        const REACH: usize = 50;
        for j in i..self.lines.len().min(i + REACH) {
            if self.lines[j].blank {
                return false;
            }
            let m = self.content(j);
            if m.contains('"') || m.contains(CURLY_MARKS) {
                // `(2) The text is amended by striking "the Clerk" … "the Mayor.`: the amending
                // text's next provision, whatever its marks; wrapped, its first line has none.
                let provision = self.read_enumerator(j).is_some() && self.reads_as_provision(j);
                return closes_open_quote(m) && !provision;
            }
            let line = self.line(j);
            let rest = self.read_enumerator(j).map_or(line, |(_, len)| &line[*len..]);
            if starts_upper_verb(rest) || self.reads_as_provision(j) {
                return false;
            }
        }
        false
    }

    /// Whether line `i`, which starts a sentence, is more of the new text that numbered
    /// provision `b` writes after its colon (`3. Append the following as Article 5.4: If no
    /// candidates …` / `The by-elections shall …`): wrapped, a sentence of that text may start
    /// a line. Only a blank line, the amending text's next number, or a line that reads as
    /// commentary or as a provision of its own ends the text; the caller warns, since a note
    /// written right under the provision would be read as new text too.
    fn more_inline_text(&self, b: &Builder, i: usize) -> bool {
        matches!(b.kind, Kind::Text)
            && b.enumerator.is_some()
            && !b.after_block
            && b.await_block.is_none()
            && self.commentary[i] == Kind::Text
            && self.enumerator_labels(i).is_none()
            && !self.strong_start(i, b)
            && !starts_instruction(self.line(i))
            && intro::inline_text_runs(&b.tokens)
    }

    /// Whether line `i` can only be the rest of provision `b`, however the line before ended: a
    /// count or `throughout` (`INSERT “board” TWO` / `TIMES.`), the place after `DELETE ALL`
    /// (`AFTER “…”`), or the verb of a provision that so far names only a place
    /// (`Para 1.1: AFTER “Society.”` / `INSERT “…”`). Read apart, each would change what the
    /// instruction does, or leave half of it as commentary.
    fn completes(&self, b: &Builder, i: usize) -> bool {
        if b.tokens.is_empty() || b.open() {
            return false;
        }
        let line = self.content(i).trim_start();
        let mut head = line.len().min(48);
        while !line.is_char_boundary(head) {
            head -= 1;
        }
        let first = lex::lex(&line[..head], 0).into_iter().next();
        let Some(first) = first else { return false };
        if matches!(first.kind, Tok::Count(_)) {
            return true;
        }
        let after_all = b.tokens.last().is_some_and(|t| t.is(Kw::All));
        if after_all && (first.is(Kw::After) || first.is(Kw::Before) || first.is(Kw::From)) {
            return true;
        }
        let verb = |t: &Token<'_>| matches!(t.verb(), Some(v) if v != Verb::Amend && v != Verb::Designate);
        let place_only = b.tokens.iter().any(|t| t.is(Kw::After) || t.is(Kw::Before)) && !b.tokens.iter().any(verb);
        place_only && verb(&first) && starts_upper_verb(line)
    }

    /// The last line of what provision `b` holds so far, without trailing space.
    fn last_line(&self, b: &Builder) -> &'t str {
        let from = self.lines[b.last].span.start.max(b.start);
        self.text[from..b.end].trim_end()
    }

    /// A line that starts a provision whatever came before: the amending text's next number,
    /// a heading of the sheet, a vote or a line of chat.
    fn strong_start(&self, i: usize, b: &Builder) -> bool {
        let content = self.line(i);
        if self.commentary[i] != Kind::Text {
            return !matches!(b.kind, Kind::Commentary(_)) || is_tally(content);
        }
        if content.trim_start().starts_with('#') && Grammar::parse(Rule::md_hashes, content.trim_start()).is_ok() {
            return true;
        }
        // A line wrapped after a word that cannot end an instruction goes on, whatever it starts
        // with (`… at the end of paragraph` / `(a) and by …`).
        let last = self.last_line(b);
        if ends_mid_phrase(last) {
            return false;
        }
        // `DELETE …` in capitals opens a conference-style instruction.
        if starts_upper_verb(content) {
            return true;
        }
        let Some(labels) = self.enumerator_labels(i) else { return false };
        let Some(first) = labels.first() else { return false };
        match first.style {
            Style::Sec | Style::Named => true,
            Style::Counted(..) => {
                if let Some(level) = self.levels.iter().rev().find(|l| l.style == first.style) {
                    // The next number of an open level (allowing for provisions left out of a
                    // copy), when the line reads like an amending provision.
                    first.value > level.value
                        && first.value <= level.value + 5
                        && (first.value == level.value + 1 || self.reads_as_provision(i))
                } else {
                    // A new level: its first number, right under a provision that introduces a
                    // list, or at the top of a sheet's list; or any number, at the top, opening
                    // an amending provision (an act's sections `15`, `16` where 1 to 14 amend
                    // another text and were left out).
                    (is_first_value(first.value)
                        && (b.list_intro || self.levels.is_empty() || self.lines[i].indent > b.indent))
                        || (self.levels.is_empty() && self.reads_as_provision(i))
                }
            }
        }
    }

    /// Whether line `i` (after its number) says what an amending provision says: `… is amended
    /// by`, `… is replaced by the following:`, `… are repealed`, an instruction in the
    /// imperative (`Strike the word …`), or the amending act's own furniture (`This Act comes
    /// into force …`). Text an act inserts seldom does; `An Act to amend …` in it does not count.
    fn reads_as_provision(&self, i: usize) -> bool {
        *self.provisions[i].get_or_init(|| self.read_as_provision(i))
    }

    /// [`Self::reads_as_provision`], worked out.
    fn read_as_provision(&self, i: usize) -> bool {
        // The sentence the line begins, over the lines it is wrapped onto (`16 Paragraph
        // 41.1(f) of the` / `Regulations is replaced by` / `the following:`). A parenthesis
        // left open goes on past a full stop (`(e) Section 1295 (D.C.` / `Official Code …`).
        let mut last = i;
        let mut open = 0usize;
        loop {
            let line = self.line(last);
            open = (open + line.matches('(').count()).saturating_sub(line.matches(')').count());
            let ends = open == 0 && line.trim_end().ends_with(['.', ';', ':', '—', '–']);
            if ends || last + 1 >= self.lines.len() || last >= i + 4 || self.lines[last + 1].blank {
                break;
            }
            last += 1;
        }
        let line = &self.text[self.lines[i].span.start..self.lines[last].span.end];
        let rest = read_enumerator(line).map_or(line, |(_, len)| &line[len..]);
        crate::work::count(rest.len() as u64);
        let tokens = lex::lex(rest, 0);
        let imperative = tokens.first().is_some_and(|t| {
            matches!(t.verb(), Some(v) if v != Verb::Designate)
                && self.text_of_token(rest, t).starts_with(char::is_uppercase)
        });
        let passive = tokens
            .windows(3)
            .any(|w| w[0].is(Kw::Is) && (w[1].verb().is_some() || w[1].is(Kw::Hereby) && w[2].verb().is_some()));
        let furniture = rest.trim_start().starts_with("This Act") || rest.contains("this Act comes into force");
        // `In Article 3, replace …`: a scope, then the verb.
        imperative || passive || furniture || intro::starts_instruction(rest)
    }

    fn text_of_token<'a>(&self, text: &'a str, t: &Token) -> &'a str {
        &text[t.span.range()]
    }

    /// The amending text's labels at the start of line `i`, if any.
    fn enumerator_labels(&self, i: usize) -> Option<Vec<Label>> {
        self.read_enumerator(i).map(|(labels, _)| labels.iter().map(|l| self.disambiguate(l)).collect())
    }

    /// The amending text's labels at the start of line `i` as written, and the length of the
    /// line up to the text after them (read once).
    fn read_enumerator(&self, i: usize) -> Option<&LineLabels> {
        self.enumerators[i].get_or_init(|| read_enumerator(self.line(i))).as_ref()
    }

    /// The enumerator at the start of line `i` and where the provision's text starts after it.
    fn enumerator(&self, i: usize) -> (Option<Enumerator>, usize) {
        let line = self.lines[i];
        let start = line.span.start + line.indent;
        match self.read_enumerator(i).cloned() {
            Some((labels, len)) => {
                let text_start = line.span.start + len;
                let span = Span::new(start, line.span.start + self.line(i)[..len].trim_end().len());
                (Some(Enumerator { labels, span }), text_start)
            }
            None => (None, start),
        }
    }

    /// Places a numbered provision among the open levels; returns its parent, and whether it is
    /// nested under the parent's outer number.
    fn nest(&mut self, e: &Enumerator, i: usize) -> (Option<usize>, bool) {
        let indent = self.lines[i].indent;
        let index = self.out.len() + usize::from(self.cur.is_some());
        let mut parent = None;
        let mut under_outer = false;
        let last = e.labels.len() - 1;
        for (k, label) in e.labels.iter().enumerate() {
            let label = &self.disambiguate(label);
            match self.levels.iter().rposition(|l| l.style == label.style) {
                Some(pos) => self.levels.truncate(pos + 1),
                None => {
                    // A label not in any open level opens a new one, inside the levels whose
                    // provisions this one is indented under or whose list it continues.
                    self.levels.retain(|l| indent >= l.indent);
                    self.levels.push(Level { style: label.style, value: 0, provision: index, outer: false, indent });
                }
            }
            let pos = self.levels.len() - 1;
            if k == 0 {
                parent = pos.checked_sub(1).map(|p| self.levels[p].provision);
                under_outer = pos.checked_sub(1).is_some_and(|p| self.levels[p].outer);
            }
            self.levels[pos].value = label.value;
            self.levels[pos].provision = index;
            self.levels[pos].outer = k < last;
            self.levels[pos].indent = indent;
        }
        (parent, under_outer)
    }

    /// `(i)` after `(h)` is a letter, `(c)` after `(b)` too; otherwise a single roman letter is
    /// a roman numeral.
    fn disambiguate(&self, label: &Label) -> Label {
        let Style::Counted(shape, system) = label.style else { return label.clone() };
        let inner = label.text.trim_start_matches('(').trim_end_matches([')', '.']);
        let c = Component::read(inner);
        if !c.ambiguous {
            return label.clone();
        }
        let alpha = c.as_alpha();
        let follows_letter =
            self.levels.iter().any(|l| l.style == Style::Counted(shape, alpha.system) && l.value + 1 == alpha.value);
        let roman_open = self.levels.iter().any(|l| l.style == Style::Counted(shape, system));
        if follows_letter || (!roman_open && alpha.value != 9 && alpha.value != 22 && alpha.value != 24) {
            // A lone `(c)`, `(d)`… where no roman list is open reads as a letter too; `(i)`,
            // `(v)`, `(x)` stay roman unless a letter list runs up to them.
            if follows_letter || !matches!(inner, "i" | "v" | "x" | "I" | "V" | "X") {
                return Label {
                    style: Style::Counted(shape, alpha.system),
                    value: alpha.value,
                    text: label.text.clone(),
                };
            }
        }
        label.clone()
    }

    /// Whether the provision's text now ends by introducing a block or a list.
    fn check_intro(&self, b: &mut Builder) {
        if let Kind::Commentary(_) = b.kind {
            return;
        }
        if !matches!(b.parts.last(), Some(Part::Text(_))) {
            return;
        }
        if restatement_frame(self.text, &b.tokens) {
            b.restates = true;
            b.await_block = Some(Intro { plural: false, marked: true });
            return;
        }
        match intro(&b.tokens) {
            Some(Ending::Block(intro)) => b.await_block = Some(intro),
            Some(Ending::List) => b.list_intro = true,
            None => {}
        }
    }
}

/// The quote marks whose shape says whether they open or close (the straight `"` does not).
const CURLY_MARKS: [char; 6] = ['“', '”', '‘', '’', '«', '»'];

/// Whether a line closes a quote left open on the lines before: its first curly quote mark is
/// a closing one, or it holds an odd number of straight ones.
fn closes_open_quote(line: &str) -> bool {
    match line.find(CURLY_MARKS) {
        Some(at) => line[at..].starts_with(['”', '»']) || (line[at..].starts_with('’') && !line.contains('‘')),
        None => line.matches('"').count() % 2 == 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sheet: &str) -> Vec<String> {
        segment(sheet)
            .iter()
            .map(|p| {
                let mut s = String::new();
                if let Some(e) = &p.enumerator {
                    s.push_str(&format!(
                        "[{}] ",
                        e.labels.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join(" ")
                    ));
                }
                if let Kind::Commentary(_) = p.kind {
                    s.push_str("#c ");
                }
                for part in &p.parts {
                    match part {
                        Part::Text(span) => s.push_str(&lex::join_lines(&sheet[span.range()])),
                        Part::Block(b) => s.push_str(&format!(" <{:?}:{}>", b.form, b.text.replace('\n', "/"))),
                    }
                }
                if let Some(parent) = p.parent {
                    s.push_str(&format!(" ^{parent}"));
                }
                s
            })
            .collect()
    }

    #[test]
    fn a_quotation_of_numbered_paragraphs_that_never_closes_is_in_doubt() {
        let doubts =
            |sheet: &str| segment(sheet).iter().flat_map(|p| p.ends_in_doubt.clone()).map(|d| d.1).collect::<Vec<_>>();
        let intro = "(b) Section 5 is amended by adding a new paragraph (1A) to read as follows:\n";
        // Nothing after it starts a provision: the rest of the sheet would be its text.
        let open =
            format!("{intro}\"(1A) The Mayor may train remotely.\nThis act shall take effect following approval.\n");
        assert_eq!(doubts(&open), [Doubt::Unpaired]);
        // Definitions that open with a quoted term close no quotation of their own.
        let terms =
            "In section 2, insert the following definition:\n\"licence\" means a licence issued under section 3;\n";
        assert_eq!(doubts(terms), []);
    }

    #[test]
    fn a_quotation_closing_where_its_sentence_goes_on_is_in_doubt() {
        let doubts =
            |sheet: &str| segment(sheet).iter().flat_map(|p| p.ends_in_doubt.clone()).map(|d| d.1).collect::<Vec<_>>();
        let intro = "Article 5: replace paragraph 2 with:\n";
        // Re-wrapped from `… monthly" in its place.`, where the mark closed nothing.
        assert_eq!(doubts(&format!("{intro}\"2. The Council meets monthly\"\nin its place.\n")), [Doubt::GoesOn]);
        assert_eq!(doubts(&format!("{intro}“2. The Council meets monthly.”\nin its place.\n")), [Doubt::GoesOn]);
        // A curly mark closes the quotation, so an instruction may follow it in lower case; a
        // straight one inside a line closes nothing, so there the line break decides.
        let and_in = "\nand in Article 6, delete “annual”.\n";
        assert_eq!(doubts(&format!("{intro}“2. The Council meets monthly.”{and_in}")), []);
        assert_eq!(
            doubts(&format!("{intro}\"2. The Council meets monthly.\"{}", and_in.replace(['“', '”'], "\""))),
            [Doubt::GoesOn]
        );
        // A label starts a provision, a lone `and` goes on the sentence, a blank line ends it.
        assert_eq!(
            doubts(&format!("{intro}\"2. The Council meets monthly\"\nb) In Article 6, delete \"annual\".\n")),
            []
        );
        assert_eq!(doubts(&format!("{intro}\"2. The Council meets monthly.\"\nand\n")), []);
        assert_eq!(doubts(&format!("{intro}\"2. The Council meets monthly\"\n\nin its place.\n")), []);
    }

    #[test]
    fn a_quote_closing_past_a_labelled_line_takes_that_line() {
        // Wrapped, the label's line (`(a) Students pay`) closes nothing; the next line does.
        let wrapped = "Para 1.2: DELETE\n“meeting.\n(a) Students pay\nhalf.”; INSERT\n“meeting.”\n";
        assert_eq!(texts(wrapped), ["Para 1.2: DELETE “meeting. (a) Students pay half.”; INSERT “meeting.”"]);
        // A labelled line that reads as an instruction is one, whatever closes the quote later,
        // and whatever marks it holds itself.
        let open = "Para 1.2: DELETE “meeting.\n(a) DELETE ALL\nhalf.”\n";
        assert_eq!(texts(open).len(), 2, "{:?}", texts(open));
        let stray = "(1) by striking the Clerk.\".\n(2) The text is amended by striking \"the Clerk\" and inserting \"the Mayor.\n";
        assert_eq!(texts(stray).len(), 2, "{:?}", texts(stray));
    }

    #[test]
    fn a_short_last_line_of_a_block_is_an_annotation_only_before_a_provision() {
        // Canadian bills: a heading after a paragraph's end, then the next provision.
        let heading = "16 Paragraph 41.1(f) is replaced by the following:\n(f) a copy of the notice;\nComing into Force\n18 This Act comes into force.\n";
        assert_eq!(
            texts(heading)[0],
            "[16] Paragraph 41.1(f) is replaced by the following: <Plain:(f) a copy of the notice;>"
        );
        // The end of a wrapped sentence, at the end of the sheet or after a line that ends no
        // paragraph, is the block's.
        let last = "Delete point vii) and replace with:\n\nvii) Our programme is to socialise the banks. Here are some\nDetails about Antarsya\n\n";
        assert_eq!(texts(last).len(), 1, "{:?}", texts(last));
        assert!(texts(last)[0].ends_with("Here are some/Details about Antarsya>"), "{:?}", texts(last));
        let wrapped = "Delete point vii) and replace with:\nvii) Our programme is to socialise the banks. Here are some\nDetails about Antarsya\n18 This Act comes into force.\n";
        assert!(texts(wrapped)[0].ends_with("Here are some/Details about Antarsya>"), "{:?}", texts(wrapped));
    }

    #[test]
    fn a_clause_left_open_carries_a_provision_over_a_capitalised_verb() {
        let paren = "Para 2.2: DELETE “a” (and\nDELETE “b”); INSERT “c” TWO TIMES.\n";
        assert_eq!(texts(paren), ["Para 2.2: DELETE “a” (and DELETE “b”); INSERT “c” TWO TIMES."]);
        let semicolon = "Para 2.2: DELETE “a”;\nINSERT “b” TWICE.\nDELETE “c”.\n";
        assert_eq!(texts(semicolon), ["Para 2.2: DELETE “a”; INSERT “b” TWICE.", "DELETE “c”."]);
    }

    #[test]
    fn wrapped_instructions_are_one_provision() {
        let sheet = "That clause 3.3 be amended by striking \"two\nmonths\" and inserting\n\"six weeks\".\nPara 2.1: DELETE “a”; INSERT “b”.\n";
        assert_eq!(
            texts(sheet),
            [
                "That clause 3.3 be amended by striking \"two months\" and inserting \"six weeks\".",
                "Para 2.1: DELETE “a”; INSERT “b”."
            ]
        );
    }

    #[test]
    fn what_can_only_finish_a_provision_continues_it() {
        // A count, the place after DELETE ALL, the verb after a place, a closing quote whose
        // line starts like a vote's result.
        let sheet = "Para 2.2: DELETE “x”; INSERT “y” TWO\nTIMES.\nPara 2.3: DELETE ALL\nAFTER “z”.\nPara 1.1: AFTER “Society.”\nINSERT “a”.\nSO3 currently reads: “The Chair announces the\nresult.”\n";
        assert_eq!(
            texts(sheet),
            [
                "Para 2.2: DELETE “x”; INSERT “y” TWO TIMES.",
                "Para 2.3: DELETE ALL AFTER “z”.",
                "Para 1.1: AFTER “Society.” INSERT “a”.",
                "SO3 currently reads: “The Chair announces the result.”",
            ]
        );
    }

    #[test]
    fn a_phrase_wrapped_over_a_line_break_is_one_token() {
        fn tokens(sheet: &str) -> Vec<String> {
            segment(sheet).into_iter().flat_map(|p| p.tokens).map(|t| format!("{:?}", t.kind)).collect()
        }
        assert_eq!(
            tokens("for “a” substitute “b” in each\nplace it occurs.\n"),
            tokens("for “a” substitute “b” in each place it occurs.\n")
        );
        assert_eq!(tokens("in rule\nsection “Content”\n"), tokens("in rule section “Content”\n"));
    }

    #[test]
    fn numbered_provisions_nest_and_blocks_stop_at_the_next_number() {
        let sheet = "15 Paragraph 14(f) of the Regulations is replaced by the following:\n(f) unfair practices; and\n16 Paragraph 41.1(f) of the Regulations is replaced by the following:\n(f) a copy of the notice;\nComing into Force\n18 This Act comes into force on a day.\n";
        let t = texts(sheet);
        assert_eq!(
            t[0],
            "[15] Paragraph 14(f) of the Regulations is replaced by the following: <Plain:(f) unfair practices; and>"
        );
        assert_eq!(
            t[1],
            "[16] Paragraph 41.1(f) of the Regulations is replaced by the following: <Plain:(f) a copy of the notice;>"
        );
        assert_eq!(t[2], "#c Coming into Force");
        assert_eq!(t[3], "[18] This Act comes into force on a day.");
    }

    #[test]
    fn dc_style_lists_and_quoted_blocks() {
        let sheet = "Sec. 2. Section 4 of the Act is amended as follows:\n(a) Subsection (a) is amended as follows:\n(1) Paragraphs (1) and (2) are repealed.\n(2) Paragraph (5)(A) is amended by striking \"x\" and inserting \"y\" in its place.\n(b) Subsection (b) is amended as follows:\n(1) The lead-in language is amended to read as follows:\n\"(b) Except as provided:\".\n(2) Paragraph (1) is amended by striking the word \"person\".\n";
        let t = texts(sheet);
        assert_eq!(t.len(), 7, "{t:#?}");
        assert!(t[1].starts_with("[(a)] Subsection (a)") && t[1].ends_with("^0"), "{}", t[1]);
        assert!(t[2].ends_with("^1"), "{}", t[2]);
        assert!(t[4].starts_with("[(b)]") && t[4].ends_with("^0"), "{}", t[4]);
        assert!(t[5].contains("<LineQuoted:(b) Except as provided:>") && t[5].ends_with("^4"), "{}", t[5]);
    }

    #[test]
    fn a_codified_citation_wrapped_after_its_full_stop_still_ends_a_quoted_block() {
        // The next provision's sentence is read past `(D.C.`, whose stop ends no sentence.
        let sheet = "(a) Section 5 is amended to read as follows:\n\"(2) The Mayor shall issue the form.\n\".\n(e) Section 1295 (D.C.\nOfficial Code § 46-414)\nis amended as follows:\n(1) The existing text is designated as subsection (a).\n";
        let t = texts(sheet);
        assert_eq!(t.len(), 3, "{t:#?}");
        assert!(t[1].starts_with("[(e)] Section 1295 (D.C. Official Code"), "{}", t[1]);
    }

    #[test]
    fn a_bare_verb_takes_the_next_paragraph() {
        let sheet = "Proposal 26:  txt message\n\nReplace\nA player submits a document.\n\n\nin rule 2 with\nA player submits a text message.\n\nResu (13, 94)06/10/2020\n";
        let t = texts(sheet);
        assert_eq!(t[0], "[Proposal 26] txt message");
        assert_eq!(
            t[1],
            "Replace <Plain:A player submits a document.>in rule 2 with <Plain:A player submits a text message.>"
        );
        assert!(t[2].starts_with("#c "), "{}", t[2]);
    }

    #[test]
    fn pseudo_diffs_are_passages() {
        let sheet = "=====\n\n 4.1. Powers\n   1. Keep this.\n-  2. Old item.\n+  2. New item.\n\n=====\n Rationale: because.\n";
        let t = texts(sheet);
        assert!(t[0].starts_with(" <Diff:"), "{t:#?}");
        assert!(t[1].starts_with("#c"), "{t:#?}");
    }
}
#[cfg(test)]
mod debug_tests {
    #[test]
    fn dump() {
        let Ok(path) = std::env::var("SEGMENT_DUMP") else { return };
        let text = std::fs::read_to_string(path).unwrap();
        for (i, p) in super::segment(&text).iter().enumerate() {
            let e = p
                .enumerator
                .as_ref()
                .map(|e| e.labels.iter().map(|l| l.text.clone()).collect::<Vec<_>>().join(" "))
                .unwrap_or_default();
            let first: String = text[p.span.range()].chars().take(60).collect();
            eprintln!("{i:>3} parent={:?} [{e}] {:?} {}", p.parent, p.kind, first.replace('\n', "⏎"));
            if std::env::var("SEGMENT_TOKENS").is_ok() {
                let toks: Vec<String> =
                    p.tokens.iter().map(|t| format!("{:?}«{}»", t.kind, &text[t.span.range()])).collect();
                eprintln!("      {}", toks.join(" "));
            }
        }
    }
}
