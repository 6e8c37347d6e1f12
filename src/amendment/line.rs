//! How a line of a sheet begins and ends: the amending text's own numbering, commentary by
//! its opening word, votes and chat, fences and rules, diff lines, and where a sentence may
//! stop. The grammar (`grammar/amendment.pest`) defines each form; a cheap look at the line's
//! first characters comes first, so that pest reads only the lines that may be of the form
//! (`tests::prefilters_agree_with_the_grammar` checks that the look never turns one away).

use super::segment::Kind;
use crate::document::{Component, System};
use crate::grammar::{Grammar, Rule};
use crate::source::Span;
use pest::Parser;

/// One label of the amending text's numbering.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Label {
    pub style: Style,
    pub value: u32,
    /// As written (`(a)`, `15`, `Sec. 2.`).
    pub text: String,
}

impl Label {
    /// Whether the label is printed like a unit of a base (`2)`, `(b)`, `3.`), so that a line
    /// opened by it may name the base's unit rather than number the amending text.
    pub fn unit_like(&self) -> bool {
        matches!(self.style, Style::Counted(Shape::Paren | Shape::Closed | Shape::Dotted, _))
    }
}

/// A numbering style: labels of one style are siblings; a new style nests.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    /// `15`, `1.`, `2)`: `Shape` tells them apart
    Counted(Shape, System),
    /// `Sec. 2.`, `Section 2.`
    Sec,
    /// `Proposal 26`, `Motion 4`, `Amendment 3`, `Item 1`, `#31`
    Named,
}

/// How a label is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shape {
    /// `(a)`
    Paren,
    /// `a)`
    Closed,
    /// `1.`
    Dotted,
    /// `15`
    Bare,
}

/// A line of the sheet: its content, without the line break.
#[derive(Debug, Clone, Copy)]
pub(super) struct Line {
    pub span: Span,
    /// Bytes of leading space.
    pub indent: usize,
    pub blank: bool,
}

/// Whether a line opens with a change verb in capitals (`DELETE`, `INSERT`, `NO CHANGE`).
pub(super) fn starts_upper_verb(line: &str) -> bool {
    let first = line.trim_start().split([' ', ':', '“', '"']).next().unwrap_or("");
    first.len() > 2
        && first.chars().all(|c| c.is_ascii_uppercase())
        && matches!(
            first,
            "DELETE"
                | "INSERT"
                | "ADD"
                | "REPLACE"
                | "SUBSTITUTE"
                | "OMIT"
                | "STRIKE"
                | "NO"
                | "RENUMBER"
                | "APPEND"
                | "REMOVE"
        )
}

/// Commentary by its form: a reason, a mover, a vote, a line of chat.
pub(super) fn commentary_kind(line: &str) -> Kind {
    if may_open_commentary(line) && commentary_lead(line) {
        return Kind::Commentary("a reason, a mover, a vote or a note (by its opening word)");
    }
    if is_tally(line) {
        return Kind::Commentary("a vote or a line of chat");
    }
    Kind::Text
}

/// A vote (`Bob: y`) or a line of chat ending in a date (`Resu (13, 94)06/10/2020`).
pub(super) fn is_tally(line: &str) -> bool {
    let line = line.trim_end();
    may_be_tally(line) && Grammar::parse(Rule::tally_line, line).is_ok()
}

/// Reads the amending text's labels at the start of a line: the labels and the byte length
/// of the line up to the text after them.
pub(super) fn read_enumerator(line: &str) -> Option<(Vec<Label>, usize)> {
    let (labels, end) = line_enumerator(line)?;
    Some((labels, after_labels(line, end)))
}

/// The length of the line up to the text after its labels: the space, a colon or dash after
/// them are skipped.
fn after_labels(line: &str, end: usize) -> usize {
    let rest = &line[end..];
    end + rest.len() - rest.trim_start_matches([' ', '\t', ':', '—', '–']).len()
}

/// The labels as the grammar's `line_enumerator` reads them (with pest), and where they end.
#[cfg(test)]
fn line_enumerator_pest(line: &str) -> Option<(Vec<Label>, usize)> {
    let pair = Grammar::parse(Rule::line_enumerator, line).ok()?.next()?;
    let mut labels = Vec::new();
    for p in pair.clone().into_inner() {
        match p.as_rule() {
            Rule::enum_named => labels.push(named_label(p.as_str())),
            Rule::enum_labels => {
                for l in p.into_inner() {
                    labels.push(label(l.as_str()));
                }
            }
            _ => {}
        }
    }
    (!labels.is_empty()).then(|| (labels, pair.as_span().end()))
}

/// A named label (`Sec. 2.`, `Proposal 26`, `#31`) read into its style and value.
fn named_label(text: &str) -> Label {
    let text = text.trim().to_string();
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let value = digits.parse().unwrap_or(0);
    let style = if text.to_lowercase().starts_with("sec") { Style::Sec } else { Style::Named };
    Label { style, value, text }
}

/// One label of the amending text, read into its style and value.
pub(super) fn label(text: &str) -> Label {
    let t = text.trim();
    let (shape, inner) = if let Some(inner) = t.strip_prefix('(').and_then(|r| r.strip_suffix(')')) {
        (Shape::Paren, inner)
    } else if let Some(inner) = t.strip_suffix(')') {
        (Shape::Closed, inner)
    } else if let Some(inner) = t.strip_suffix('.') {
        (Shape::Dotted, inner)
    } else {
        (Shape::Bare, t)
    };
    let c = Component::read(inner);
    Label { style: Style::Counted(shape, c.system), value: c.value, text: t.to_string() }
}

pub(super) fn is_first_value(value: u32) -> bool {
    value == 1
}

pub(super) fn split_lines(text: &str) -> Vec<Line> {
    let start = if text.starts_with('\u{FEFF}') { '\u{FEFF}'.len_utf8() } else { 0 };
    let mut lines = Vec::with_capacity(text.len() / 40 + 1);
    let push = |s: usize, e: usize, lines: &mut Vec<Line>| {
        let content = &text[s..e];
        let ascii = content.bytes().take_while(|b| matches!(b, b' ' | b'\t')).count();
        let indent = if content.as_bytes().get(ascii).is_some_and(|b| *b >= 0x80) {
            content.len() - content.trim_start_matches([' ', '\t', '\u{A0}', '\u{3000}']).len()
        } else {
            ascii
        };
        let blank = content[indent..].trim().is_empty();
        lines.push(Line { span: Span::new(s, e), indent, blank });
    };
    let mut line_start = start;
    while line_start < text.len() {
        // Lines end at `\n`, `\r\n` or a lone `\r`.
        let rest = &text[line_start..];
        let end = rest.bytes().position(|b| b == b'\n' || b == b'\r').unwrap_or(rest.len());
        let next = if rest[end..].starts_with("\r\n") { end + 2 } else { end + 1 };
        push(line_start, line_start + end, &mut lines);
        line_start += next;
    }
    lines
}

pub(super) fn is_rule(line: &str) -> bool {
    first_mark(line).is_some_and(|c| matches!(c, '-' | '*' | '_' | '=' | '—'))
        && Grammar::parse(Rule::rule_line, line).is_ok()
}

pub(super) fn is_fence(line: &str) -> bool {
    first_mark(line).is_some_and(|c| matches!(c, '`' | '~' | '[' | '<' | '>'))
        && Grammar::parse(Rule::fence_line, line).is_ok()
}

/// The mark of a diff line: `-` or `+` in the first column (not a rule, not a Markdown bullet
/// `- ` inside indented text).
pub(super) fn diff_mark(line: &str) -> Option<char> {
    let first = line.chars().next()?;
    if !matches!(first, '-' | '+') {
        return None;
    }
    if line.starts_with("---") || line.starts_with("+++") {
        return None;
    }
    Some(first)
}

pub(super) fn is_diff_line(line: &str) -> bool {
    diff_mark(line).is_some()
}

/// Whether a block is written in wdiff's notation (`[-old-]`, `{+new+}`).
pub(super) fn is_wdiff(text: &str) -> bool {
    (text.contains("[-") && text.contains("-]")) || (text.contains("{+") && text.contains("+}"))
}

/// Whether a line opens a quotation (a quoted block's first line).
pub(super) fn opens_quote(line: &str) -> bool {
    line.trim_start().starts_with(['“', '"', '‘'])
}

/// The list marker a block line starts with (`*`, `-`, `•`, or a label's shape).
pub(super) fn list_marker(line: &str) -> Option<String> {
    let first = line.chars().next()?;
    if matches!(first, '*' | '-' | '•' | '–' | '·') && line[first.len_utf8()..].starts_with(' ') {
        return Some(first.to_string());
    }
    read_enumerator(line).and_then(|(labels, _)| labels.first().map(|l| format!("{:?}", l.style)))
}

/// Whether a line ends as an instruction can: with a full stop, a colon, a semicolon, a
/// closing quote or bracket, or a count.
pub(super) fn ends_terminal(line: &str) -> bool {
    let t = line.trim_end();
    t.ends_with(['.', ';', ':', '!', '?', '”', '"', '’', '\'', ')', '»', ']', '—', '–'])
        || ["twice", "throughout", "times", "delete all", "no change"].iter().any(|w| ends_with_word(t, w))
}

/// Whether `text` ends with `word`, ASCII case ignored.
fn ends_with_word(text: &str, word: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= word.len() && b[b.len() - word.len()..].eq_ignore_ascii_case(word.as_bytes())
}

/// Abbreviations that end in a full stop without ending a sentence: `D.C.`, `s.`, `c.`,
/// `No.`, `U.S.`, `e.g.`.
pub(super) fn ends_with_abbreviation(line: &str) -> bool {
    let last = line.trim_end().rsplit([' ', '(']).next().unwrap_or("");
    if !last.ends_with('.') {
        return false;
    }
    let l = last.to_lowercase();
    matches!(
        l.as_str(),
        "s." | "ss."
            | "c."
            | "no."
            | "nos."
            | "sec."
            | "secs."
            | "art."
            | "para."
            | "e.g."
            | "i.e."
            | "etc."
            | "vol."
            | "p."
            | "pp."
            | "cf."
            | "st."
            | "mr."
            | "mrs."
            | "ms."
            | "dr."
    ) || (l.len() >= 4
        && l.ends_with('.')
        && l.matches('.').count() >= 2
        && l.chars().filter(|c| c.is_alphabetic()).all(|c| c.is_uppercase() || !c.is_alphabetic())
        && last.chars().any(char::is_uppercase))
}

/// A line that stops where no instruction can: after an article, a preposition, a
/// conjunction or a unit word (but not the `; and` that ends an item of a US or UK list).
pub(super) fn ends_mid_phrase(line: &str) -> bool {
    let t = line.trim_end();
    let mut words = t.rsplit(' ');
    let mut buf = [0u8; 16];
    let Some(last) = ascii_lower(words.next().unwrap_or(""), &mut buf) else { return false };
    let before = words.next().unwrap_or("");
    // `…;` / `and` / `(2) …`: a connective on a line of its own joins two numbered provisions.
    if matches!(last, "and" | "or") && (before.ends_with([';', ',']) || before.is_empty()) {
        return false;
    }
    matches!(
        last,
        "the"
            | "of"
            | "and"
            | "or"
            | "to"
            | "in"
            | "at"
            | "by"
            | "with"
            | "for"
            | "from"
            | "a"
            | "an"
            | "that"
            | "paragraph"
            | "paragraphs"
            | "subsection"
            | "subsections"
            | "section"
            | "sections"
            | "subparagraph"
            | "subparagraphs"
            | "clause"
            | "clauses"
            | "article"
            | "articles"
            | "rule"
            | "rules"
            | "item"
            | "items"
            | "para"
            | "point"
            | "§"
            | "part"
            | "chapter"
            | "schedule"
            | "under"
            | "after"
            | "before"
            | "on"
            | "is"
            | "are"
            | "be"
    )
}

/// A short word in lower case, without allocating (`None` if it is long or not ASCII, `§` kept).
fn ascii_lower<'b>(word: &str, buf: &'b mut [u8; 16]) -> Option<&'b str> {
    if word == "§" {
        return Some("§");
    }
    if word.len() > buf.len() || !word.is_ascii() {
        return None;
    }
    let out = &mut buf[..word.len()];
    out.copy_from_slice(word.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

pub(super) fn starts_lower(line: &str) -> bool {
    line.trim_start().chars().next().is_some_and(char::is_lowercase)
}

/// A line that annotates the provision after it rather than being new text: a short title
/// with no full stop (`Coming into Force`), or a citation of the provision's history
/// (`2008, c. 14, s. 2(1)`, `R.S., c. P-1`).
pub(super) fn is_annotation(line: &str) -> bool {
    let t = line.trim();
    if t.is_empty() {
        return false;
    }
    let citation = is_citation(t);
    // A heading never holds a clause break (`Code; and` is the end of a wrapped paragraph).
    let clause_end = t.contains(';') || t.ends_with(" and") || t.ends_with(" or");
    let title = !ends_terminal(t)
        && !clause_end
        && t.split_whitespace().count() <= 10
        && t.chars().next().is_some_and(char::is_uppercase)
        && read_enumerator(t).is_none();
    citation || title
}

/// A citation of a provision's history (`2008, c. 14, s. 2(1)`), alone on its line.
pub(super) fn is_citation(line: &str) -> bool {
    let t = line.trim();
    t.starts_with(|c: char| c.is_ascii_digit())
        && (t.contains(", c. ") || t.contains(", s. ") || t.contains(", ss. "))
        && !t.ends_with('.')
}

/// The rest of a citation wrapped onto another line (`and (9)(F)`, `2(6), (8)`): numbers,
/// bracketed numbers and the words of a citation only.
pub(super) fn continues_citation(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().map(|w| w.trim_end_matches([',', ';'])).collect();
    let numbered = |w: &str| {
        (w.contains(|c: char| c.is_ascii_digit()) || w.starts_with('('))
            && w.chars().all(|c| c.is_alphanumeric() || "().-/".contains(c))
            && !w.as_bytes().windows(3).any(|b| b.iter().all(u8::is_ascii_lowercase))
    };
    let word = |w: &str| matches!(w, "and" | "or" | "c." | "s." | "ss." | "ch.") || numbered(w);
    words.iter().any(|w| numbered(w)) && words.iter().all(|w| word(w))
}

// ─────────────────────────── Rules read by hand ───────────────────────────
//
// `line_enumerator` and `commentary_lead` are asked of every line; pest takes thousands of
// instructions over each. These read the same rules one character at a time, in PEG's terms
// (an ordered choice commits to the first alternative that matches; repetitions are greedy),
// and `tests::same_as_the_grammar` holds them to pest's reading on every line of every sheet
// and on random lines.

/// `hspace` at byte `i`: its length.
fn hspace_at(s: &str, i: usize) -> Option<usize> {
    let c = s.get(i..)?.chars().next()?;
    HSPACE.contains(&c).then(|| c.len_utf8())
}

/// `hspace*`
fn hspaces(s: &str, mut i: usize) -> usize {
    while let Some(n) = hspace_at(s, i) {
        i += n;
    }
    i
}

/// A run of at most `max` bytes from `i` satisfying `f`.
fn bytes_while(s: &str, i: usize, max: usize, f: impl Fn(u8) -> bool) -> usize {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && j - i < max && f(b[j]) {
        j += 1;
    }
    j
}

/// `^"lit"` at `i`.
fn literal(s: &str, i: usize, lit: &str) -> Option<usize> {
    s.as_bytes().get(i..i + lit.len()).filter(|b| b.eq_ignore_ascii_case(lit.as_bytes())).map(|_| i + lit.len())
}

/// `line_enumerator = SOI ~ hspace* ~ (md_hashes ~ hspace+)? ~ (enum_named | enum_labels)`
fn line_enumerator(line: &str) -> Option<(Vec<Label>, usize)> {
    if !may_be_enumerator(line) {
        return None;
    }
    let mut i = hspaces(line, 0);
    let hashes = bytes_while(line, i, 6, |b| b == b'#');
    if hashes > i && hspaces(line, hashes) > hashes {
        i = hspaces(line, hashes);
    }
    if let Some(end) = enum_named(line, i) {
        return Some((vec![named_label(&line[i..end])], end));
    }
    // `enum_labels = enum_label ~ (hspace* ~ enum_label)* ~ &(hspace | EOI)`
    let mut labels = Vec::new();
    let mut end = enum_label(line, i)?;
    labels.push(label(&line[i..end]));
    loop {
        let from = hspaces(line, end);
        match enum_label(line, from) {
            Some(e) => {
                labels.push(label(&line[from..e]));
                end = e;
            }
            None => break,
        }
    }
    (end == line.len() || hspace_at(line, end).is_some()).then_some((labels, end))
}

/// `enum_named`: `Sec. 2.`, `Proposal 26`, `Motion No. 4`, `#31`.
fn enum_named(s: &str, i: usize) -> Option<usize> {
    let digits = |j: usize| Some(bytes_while(s, j, 4, |b| b.is_ascii_digit())).filter(|&k| k > j);
    let next = |j: usize| s[j..].chars().next();
    let sec = || {
        let j = literal(s, i, "sec.").or_else(|| literal(s, i, "section"))?;
        let j = digits(hspaces(s, j))?;
        let j = bytes_while(s, j, 1, |b| b.is_ascii_lowercase());
        let j = literal(s, j, ".")?;
        (j == s.len() || hspace_at(s, j).is_some()).then_some(j)
    };
    let named = || {
        let words = ["proposals", "proposal", "motion", "amendment", "item", "resolution", "prop."];
        let j = words.iter().find_map(|w| literal(s, i, w))?;
        let j = hspaces(s, j);
        let j = literal(s, j, "#").or_else(|| literal(s, j, "no.").map(|k| hspaces(s, k))).unwrap_or(j);
        let j = digits(j)?;
        (j == s.len() || hspace_at(s, j).is_some() || matches!(next(j), Some(':' | '.' | '—' | '–' | '-' | '(')))
            .then_some(j)
    };
    let hash = || {
        let j = digits(literal(s, i, "#")?)?;
        (j == s.len() || hspace_at(s, j).is_some() || next(j) == Some(':')).then_some(j)
    };
    sec().or_else(named).or_else(hash)
}

/// `enum_label = "(" ~ enum_token ~ ")" | enum_token ~ ("." ~ !ASCII_DIGIT | ")") | enum_digits ~
/// &(hspace | EOI)`
fn enum_label(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    let paren = || {
        let j = enum_token(s, literal(s, i, "(")?)?;
        literal(s, j, ")")
    };
    let closed = || {
        let j = enum_token(s, i)?;
        match b.get(j) {
            Some(b'.') if !b.get(j + 1).is_some_and(u8::is_ascii_digit) => Some(j + 1),
            Some(b')') => Some(j + 1),
            _ => None,
        }
    };
    let digits = || {
        let j = bytes_while(s, i, 4, |b| b.is_ascii_digit());
        (j > i && (j == s.len() || hspace_at(s, j).is_some())).then_some(j)
    };
    paren().or_else(closed).or_else(digits)
}

/// `enum_token = ASCII_DIGIT{1,4} ~ ASCII_ALPHA_UPPER? | (ASCII_ALPHA_LOWER{1,5} |
/// ASCII_ALPHA_UPPER{1,5}) ~ &")" | ASCII_ALPHA{1,2}`
fn enum_token(s: &str, i: usize) -> Option<usize> {
    let d = bytes_while(s, i, 4, |b| b.is_ascii_digit());
    if d > i {
        return Some(bytes_while(s, d, 1, |b| b.is_ascii_uppercase()));
    }
    let lower = bytes_while(s, i, 5, |b| b.is_ascii_lowercase());
    let letters = if lower > i { lower } else { bytes_while(s, i, 5, |b| b.is_ascii_uppercase()) };
    if letters > i && s.as_bytes().get(letters) == Some(&b')') {
        return Some(letters);
    }
    Some(bytes_while(s, i, 2, |b| b.is_ascii_alphabetic())).filter(|&j| j > i)
}

/// `commentary_lead`'s words, in the grammar's order; `true` where a colon must follow.
const COMMENTARY_LEADS: &[(&str, bool)] = &[
    ("background", false),
    ("purpose", false),
    ("reasons", false),
    ("reason", false),
    ("rationale", false),
    ("explanation", false),
    ("explanatory", false),
    ("supporting statement", false),
    ("effective date", false),
    ("effect", false),
    ("notes", false),
    ("note", false),
    ("moved by", false),
    ("moved", false),
    ("mover", false),
    ("proposed by", false),
    ("proposer", false),
    ("seconded by", false),
    ("seconder", false),
    ("seconded", false),
    ("submitted by", false),
    ("presenter", false),
    ("votes", false),
    ("vote", false),
    ("voting", false),
    ("result", false),
    ("carried", false),
    ("lost", false),
    ("passed", false),
    ("failed", false),
    ("withdrawn", false),
    ("edits", false),
    ("edit", false),
    ("whereas", false),
    ("comments", false),
    ("comment", false),
    ("discussion", false),
    ("summary", false),
    ("justification", false),
    ("arguments", false),
    ("argument", false),
    ("speech", false),
    ("for", true),
    ("against", false),
    ("abstain", false),
    ("title", false),
    ("subject", false),
    ("date", false),
    ("agenda", false),
    ("minutes", false),
    ("present", false),
    ("attendees", false),
    ("chair", true),
    ("coming into force", false),
    ("fiscal impact", false),
    ("short title", false),
    ("transitional", false),
    ("application", true),
];

/// `commentary_lead = SOI ~ hspace* ~ (">" ~ hspace*)? ~ ("*" | "_")* ~ (words) ~ ("*" | "_")* ~
/// hspace* ~ (":" | "—" | "–" | "-" | EOI | "." | hspace)`
fn commentary_lead(line: &str) -> bool {
    let s = line;
    let mut i = hspaces(s, 0);
    if let Some(j) = literal(s, i, ">") {
        i = hspaces(s, j);
    }
    i = bytes_while(s, i, usize::MAX, |b| b == b'*' || b == b'_');
    let word = COMMENTARY_LEADS.iter().find_map(|(w, colon)| {
        let j = literal(s, i, w)?;
        if *colon { literal(s, hspaces(s, j), ":") } else { Some(j) }
    });
    let Some(j) = word else { return false };
    let j = hspaces(s, bytes_while(s, j, usize::MAX, |b| b == b'*' || b == b'_'));
    j == s.len() || matches!(s[j..].chars().next(), Some(':' | '—' | '–' | '-' | '.')) || hspace_at(s, j).is_some()
}

// ─────────────────────────── First looks ───────────────────────────
//
// Each says whether a line may be of a form, from its first (or last) characters: `false` only
// where the grammar's rule cannot match, so that pest reads only the lines that may.

/// The grammar's `hspace`.
const HSPACE: [char; 7] = [' ', '\t', '\u{A0}', '\u{2007}', '\u{2009}', '\u{202F}', '\u{3000}'];

/// The line's first character after space.
fn first_mark(line: &str) -> Option<char> {
    skip_hspace(line).chars().next()
}

/// The text after its leading `hspace`.
fn skip_hspace(text: &str) -> &str {
    let ascii = text.bytes().take_while(|b| matches!(b, b' ' | b'\t')).count();
    let rest = &text[ascii..];
    if rest.as_bytes().first().is_some_and(|b| *b >= 0x80) { rest.trim_start_matches(HSPACE) } else { rest }
}

/// Whether `text` starts with `word`, ASCII case ignored.
fn starts_with_word(text: &str, word: &str) -> bool {
    text.as_bytes().get(..word.len()).is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()))
}

/// The first words of `commentary_lead`'s alternatives, in alphabetical order.
const COMMENTARY_WORDS: &[&str] = &[
    "abstain",
    "against",
    "agenda",
    "application",
    "argument",
    "attendees",
    "background",
    "carried",
    "chair",
    "coming",
    "comment",
    "date",
    "discussion",
    "edit",
    "effect",
    "explanat",
    "failed",
    "fiscal",
    "for",
    "justification",
    "lost",
    "minutes",
    "move",
    "note",
    "passed",
    "present",
    "propose",
    "purpose",
    "rationale",
    "reason",
    "result",
    "second",
    "short",
    "speech",
    "subject",
    "submitted",
    "summary",
    "supporting",
    "title",
    "transitional",
    "vot",
    "whereas",
    "withdrawn",
];

/// The words of [`COMMENTARY_WORDS`] that start with the letter.
fn first_letter_range(first: u8) -> std::ops::Range<usize> {
    let from = COMMENTARY_WORDS.partition_point(|w| w.as_bytes()[0] < first);
    let to = COMMENTARY_WORDS.partition_point(|w| w.as_bytes()[0] <= first);
    from..to
}

/// `commentary_lead`: after space, `>` and emphasis marks, a word that opens commentary.
fn may_open_commentary(line: &str) -> bool {
    let t = skip_hspace(line);
    let t = t.strip_prefix('>').map_or(t, |r| r.trim_start_matches(HSPACE));
    let t = t.trim_start_matches(['*', '_']);
    let Some(first) = t.bytes().next().filter(u8::is_ascii_alphabetic).map(|b| b.to_ascii_lowercase()) else {
        return false;
    };
    let words = &COMMENTARY_WORDS[first_letter_range(first)];
    words.iter().any(|w| starts_with_word(t, w))
}

/// The votes of `tally_line`.
const VOTES: &[&str] = &[
    "yes",
    "no",
    "y",
    "n",
    "aye",
    "nay",
    "for",
    "against",
    "abstain",
    "abstained",
    "absent",
    "+1",
    "-1",
    "0",
    "👍",
    "👎",
];

/// `tally_line`: a vote after the first colon and nothing else, or a date or time at the end.
fn may_be_tally(line: &str) -> bool {
    let line = trim_hspace_end(line);
    if let Some(at) = line.find(':') {
        let vote = skip_hspace(&line[at + 1..]);
        let vote = vote.strip_suffix(['.', '!']).map_or(vote, trim_hspace_end);
        if vote.len() <= 9 && VOTES.iter().any(|v| vote.eq_ignore_ascii_case(v)) {
            return true;
        }
    }
    line.ends_with(|c: char| c.is_ascii_digit() || c == 'm' || c == 'M')
}

/// The text without its trailing `hspace`.
fn trim_hspace_end(text: &str) -> &str {
    let ascii = text.bytes().rev().take_while(|b| matches!(b, b' ' | b'\t')).count();
    let rest = &text[..text.len() - ascii];
    if rest.as_bytes().last().is_some_and(|b| *b >= 0x80) { rest.trim_end_matches(HSPACE) } else { rest }
}

/// The words `enum_named` starts with.
const NAMED: &[&str] = &["sec.", "section", "proposal", "motion", "amendment", "item", "resolution", "prop."];

/// `line_enumerator`: after space and Markdown hashes, a parenthesis, a digit, `#`, a named
/// label, or at most five letters closed by `.` or `)`.
fn may_be_enumerator(line: &str) -> bool {
    let t = line.trim_start_matches(HSPACE);
    let hashes = t.trim_start_matches('#');
    let t = if hashes.len() < t.len() && hashes.starts_with(HSPACE) { hashes.trim_start_matches(HSPACE) } else { t };
    match t.bytes().next() {
        Some(b'(' | b'#' | b'0'..=b'9') => true,
        Some(c) if c.is_ascii_alphabetic() => {
            let n = t.bytes().take_while(u8::is_ascii_alphabetic).count();
            (n <= 5 && matches!(t.as_bytes().get(n), Some(b'.' | b')'))) || NAMED.iter().any(|w| starts_with_word(t, w))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Each first look, with the rule it stands before.
    fn looks(line: &str) -> [(&'static str, bool, bool); 5] {
        let full = |rule, text: &str| Grammar::parse(rule, text).is_ok();
        let trimmed = line.trim_end();
        [
            ("commentary_lead", may_open_commentary(line), full(Rule::commentary_lead, line)),
            ("tally_line", may_be_tally(trimmed), full(Rule::tally_line, trimmed)),
            ("line_enumerator", may_be_enumerator(line), full(Rule::line_enumerator, line)),
            (
                "rule_line",
                first_mark(line).is_some_and(|c| matches!(c, '-' | '*' | '_' | '=' | '—')),
                full(Rule::rule_line, line),
            ),
            (
                "fence_line",
                first_mark(line).is_some_and(|c| matches!(c, '`' | '~' | '[' | '<' | '>')),
                full(Rule::fence_line, line),
            ),
        ]
    }

    fn never_turned_away(line: &str) -> Result<(), String> {
        match looks(line).iter().find(|(_, look, rule)| *rule && !look) {
            Some((name, ..)) => Err(format!("{name} matches {line:?} but its first look turns it away")),
            None => Ok(()),
        }
    }

    /// The rules read by hand, and pest's reading of them.
    fn by_hand(line: &str) -> Result<(), String> {
        let lead = (commentary_lead(line), Grammar::parse(Rule::commentary_lead, line).is_ok());
        if lead.0 != lead.1 {
            return Err(format!("commentary_lead {line:?}: by hand {}, pest {}", lead.0, lead.1));
        }
        let labels = (line_enumerator(line), line_enumerator_pest(line));
        if labels.0 != labels.1 {
            return Err(format!("line_enumerator {line:?}: by hand {:?}, pest {:?}", labels.0, labels.1));
        }
        Ok(())
    }

    #[test]
    fn the_rest_of_a_wrapped_citation_is_told_from_text() {
        assert!(is_citation("2008, c. 14, s. 2(2); 2014, c. 22, ss. 2(6), (8)"));
        assert!(continues_citation("and (9)(F)"));
        assert!(continues_citation("2(6), (8) and (9)(F)"));
        assert!(continues_citation("c. 22, ss. 2(6)"));
        assert!(!continues_citation("and"));
        assert!(!continues_citation("to (F)."));
        assert!(!continues_citation("(b) the person"));
        assert!(!continues_citation("subparagraph (iii)."));
    }

    #[test]
    fn same_as_the_grammar() {
        let mut labelled = 0;
        for (path, text) in super::super::testing::sheets() {
            for (i, line) in text.lines().enumerate() {
                by_hand(line).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1));
                labelled += usize::from(line_enumerator(line).is_some());
            }
        }
        assert!(labelled > 100);
        for line in [
            "(Ab) x",
            "(abcdef) x",
            "12345. x",
            "1 (1)x",
            "## #31",
            "####### (a)",
            "Sec. 12a. x",
            "Motion No. 4:",
            "Proposal #7(",
            "#58:",
            "Moved by Jane",
            "Moved by: Jane",
            "**Reason**: x",
            "> Note - x",
            "For : x",
            "Forward:",
        ] {
            by_hand(line).unwrap();
        }
    }

    #[test]
    fn prefilters_agree_with_the_grammar() {
        let mut seen = [0; 5];
        for (path, text) in super::super::testing::sheets() {
            for (i, line) in text.lines().enumerate() {
                never_turned_away(line).unwrap_or_else(|e| panic!("{}:{}: {e}", path.display(), i + 1));
                for (k, (_, _, rule)) in looks(line).iter().enumerate() {
                    seen[k] += usize::from(*rule);
                }
            }
        }
        // Every form occurs in the sheets, so each look was tried on lines it must let through.
        assert!(seen.iter().all(|&n| n > 0), "{seen:?}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2048))]

        #[test]
        fn read_by_hand_on_random_lines(line in super::super::testing::line()) {
            let line = line.replace(['\n', '\r'], " ");
            prop_assert!(by_hand(&line).is_ok(), "{}", by_hand(&line).unwrap_err());
        }

        #[test]
        fn prefilters_agree_on_random_lines(line in super::super::testing::line()) {
            let line = line.replace(['\n', '\r'], " ");
            prop_assert!(never_turned_away(&line).is_ok(), "{}", never_turned_away(&line).unwrap_err());
        }
    }
}
