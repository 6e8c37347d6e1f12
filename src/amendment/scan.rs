//! The `tokens` rule of `grammar/amendment.pest`, read by hand for speed.
//!
//! pest spends thousands of instructions on each word (every keyword and phrase of the grammar
//! is tried in turn), which made reading a sheet of ten thousand instructions take a second.
//! This module reads the same rule one character at a time, dispatching on the first character
//! of each token, and gives exactly the tokens pest gives: the grammar stays the definition, and
//! `lex::tests` checks, on every line of every fixture and corpus sheet and on random lines made
//! of the grammar's own words, that the two agree token for token. Where it meets something it
//! does not handle (the rarer quote marks), it declines and `lex` asks pest.
//!
//! Each function mirrors one grammar rule, in PEG's terms: an ordered choice takes the first
//! alternative that matches and commits to it; a repetition takes as much as it can and never
//! gives any back.

use super::lex::{NumberTok, Piece, QuoteTok, Tok, Token, simple_kind};
use crate::grammar::Rule;
use crate::source::Span;

/// What the grammar read at one place.
enum Raw<'t> {
    /// A token whose rule says what it is (a keyword, a phrase, a word, a punctuation mark).
    Simple(Rule),
    Quote(QuoteTok<'t>),
    Number(NumberTok<'t>),
}

/// Reads `text` (which starts at byte `offset` of the sheet) as the `tokens` rule does, onto
/// `out`. False, with `out` as it was, where the text holds something this reader leaves to
/// pest.
pub(super) fn scan<'t>(text: &'t str, offset: usize, out: &mut Vec<Token<'t>>) -> bool {
    let before = out.len();
    out.reserve(text.len() / 6 + 1);
    let mut i = 0;
    let b = text.as_bytes();
    while i < b.len() {
        i = gaps(text, i);
        if i >= b.len() {
            break;
        }
        let Some((raw, end)) = one_token(text, i) else {
            out.truncate(before);
            return false;
        };
        let kind = match raw {
            Raw::Quote(q) => Tok::Quote(q),
            Raw::Number(n) => Tok::Number(n),
            Raw::Simple(rule) => simple_kind(rule, &text[i..end]).unwrap_or(Tok::Word),
        };
        out.push(Token { kind, span: Span::new(offset + i, offset + end) });
        i = end;
    }
    true
}

// ─────────────────────────── Characters ───────────────────────────

fn char_at(s: &str, i: usize) -> Option<char> {
    let b = *s.as_bytes().get(i)?;
    if b < 0x80 { Some(b as char) } else { s.get(i..)?.chars().next() }
}

fn letter(c: char) -> bool {
    if c.is_ascii() { c.is_ascii_alphabetic() } else { pest::unicode::LETTER(c) }
}

fn mark(c: char) -> bool {
    !c.is_ascii() && pest::unicode::MARK(c)
}

fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{A0}' | '\u{2007}' | '\u{2009}' | '\u{202F}' | '\u{3000}')
}

/// `gap*`: horizontal space, line breaks, byte-order marks and zero-width spaces.
fn gaps(s: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(s, i) {
        if is_hspace(c) || matches!(c, '\n' | '\r' | '\u{FEFF}' | '\u{200B}') {
            i += c.len_utf8();
        } else {
            break;
        }
    }
    i
}

/// `^"lit"`: the literal, ASCII case ignored, at `i`. A literal of several words is
/// `^"a" ~ wsp+ ~ ^"b"` in the grammar: any space between its words, line breaks included.
fn lit(s: &str, i: usize, l: &str) -> Option<usize> {
    let b = s.as_bytes();
    if let Some((first, rest)) = l.split_once(' ') {
        return lit(s, hs1(s, lit(s, i, first)?)?, rest);
    }
    let end = i + l.len();
    (end <= b.len() && b[i..end].eq_ignore_ascii_case(l.as_bytes())).then_some(end)
}

/// `"lit"`: the literal exactly.
fn exact(s: &str, i: usize, l: &str) -> Option<usize> {
    s.as_bytes().get(i..i + l.len()).filter(|b| *b == l.as_bytes()).map(|_| i + l.len())
}

/// `(^"a" | ^"b" | …)`: the first literal that matches.
fn alt(s: &str, i: usize, lits: &[&str]) -> Option<usize> {
    lits.iter().find_map(|l| lit(s, i, l))
}

/// `word_end`: no letter, digit or underscore follows.
fn word_end(s: &str, i: usize) -> Option<usize> {
    match char_at(s, i) {
        Some(c) if letter(c) || c.is_ascii_digit() || c == '_' => None,
        _ => Some(i),
    }
}

/// `wsp+`: the space between the words of a phrase, line breaks included.
fn hs1(s: &str, mut i: usize) -> Option<usize> {
    let start = i;
    while let Some(c) = char_at(s, i).filter(|&c| is_hspace(c) || matches!(c, '\n' | '\r')) {
        i += c.len_utf8();
    }
    (i > start).then_some(i)
}

/// `hspace*`
fn hs0(s: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(s, i).filter(|&c| is_hspace(c)) {
        i += c.len_utf8();
    }
    i
}

/// `e?`: `e` if it matches, else nothing.
fn opt(i: usize, e: Option<usize>) -> usize {
    e.unwrap_or(i)
}

/// The length of the UTF-8 character that starts with byte `x`.
fn utf8_len(x: u8) -> usize {
    match x {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

fn byte(s: &str, i: usize) -> Option<u8> {
    s.as_bytes().get(i).copied()
}

fn alpha_at(s: &str, i: usize) -> bool {
    byte(s, i).is_some_and(|b| b.is_ascii_alphabetic())
}

/// A run of at most `max` bytes satisfying `f` (a bounded greedy repetition).
fn run(s: &str, i: usize, max: usize, f: impl Fn(u8) -> bool) -> usize {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && j - i < max && f(b[j]) {
        j += 1;
    }
    j
}

// ─────────────────────────── One token ───────────────────────────

/// `one_token`: quoted | ellipsis | c_times | unit_number | hash_number | letter_token_group | arrow |
/// punct | other.
fn one_token(s: &str, i: usize) -> Option<(Raw<'_>, usize)> {
    let c = char_at(s, i)?;
    match c {
        '"' | '“' | '‘' | '\'' => {
            if let Some((q, end)) = quoted(s, i, c) {
                return Some((Raw::Quote(q), end));
            }
        }
        // The rarer quote marks are pest's.
        '„' | '«' | '»' | '‚' => return None,
        '`' if byte(s, i + 1) == Some(b'`') => return None,
        _ => {}
    }
    if c == '.' || c == '…' {
        if let Some(end) = ellipsis(s, i) {
            return Some((Raw::Simple(Rule::ellipsis), end));
        }
    }
    // A count opens with a digit, `x`, `×` or a number word's first letter.
    if (c.is_ascii_digit() || "xXtTfFsSeEnN×".contains(c))
        && let Some(end) = c_times(s, i)
    {
        return Some((Raw::Simple(Rule::c_times), end));
    }
    if c.is_ascii_digit() || c == '(' || c.is_ascii_alphabetic() {
        if let Some((n, end)) = unit_number(s, i) {
            return Some((Raw::Number(n), end));
        }
    }
    if c == '#' {
        let j = run(s, i + 1, usize::MAX, |b| b.is_ascii_digit());
        if j > i + 1 {
            return Some((Raw::Simple(Rule::hash_number), j));
        }
    }
    if let Some((rule, end)) = letter_token_group(s, i, c) {
        return Some((Raw::Simple(rule), end));
    }
    if let Some(a) = ARROWS.iter().find(|a| s[i..].starts_with(**a)) {
        return Some((Raw::Simple(Rule::arrow), i + a.len()));
    }
    if let Some(end) = punct(s, i, c) {
        return Some((Raw::Simple(Rule::punct), end));
    }
    // `other`: any character but space and line breaks (the gaps took those).
    Some((Raw::Simple(Rule::other), i + c.len_utf8()))
}

/// `arrow`, longest first.
const ARROWS: [&str; 8] = ["-->", "->", "=>", "→", "⇒", "⟶", "➔", "➝"];

fn punct(s: &str, i: usize, c: char) -> Option<usize> {
    match c {
        '-' if byte(s, i + 1) == Some(b'-') => Some(i + 2),
        ',' | ';' | ':' | '.' | '—' | '–' | '-' | '(' | ')' | '[' | ']' | '!' | '?' | '&' | '/' => {
            Some(i + c.len_utf8())
        }
        _ => None,
    }
}

/// `ellipsis = ("…" | "...") ~ (hspace* ~ ("…" | "..."))*`
fn ellipsis(s: &str, i: usize) -> Option<usize> {
    let one = |j: usize| exact(s, j, "…").or_else(|| exact(s, j, "..."));
    let mut j = one(i)?;
    while let Some(k) = one(hs0(s, j)) {
        j = k;
    }
    Some(j)
}

// ─────────────────────────── Quotes ───────────────────────────

/// The quote styles read here: `q_double`, `q_curly`, `q_curly_single` (opened by ‘) and
/// `q_single`.
fn quoted(s: &str, i: usize, open: char) -> Option<(QuoteTok<'_>, usize)> {
    let mut j = i + open.len_utf8();
    let mut pieces = Vec::new();
    match open {
        '"' => {
            j = opt(j, exact(s, j, "\""));
            j = body(s, j, &mut pieces, |s, k| char_at(s, k) == Some('"'), false);
            match exact(s, j, "\"") {
                Some(k) => Some(closed(pieces, opt(k, exact(s, k, "\"")))),
                None => unclosed(s, pieces, j),
            }
        }
        '“' => {
            j = opt(j, exact(s, j, "“"));
            j = body(s, j, &mut pieces, |s, k| matches!(char_at(s, k), Some('”' | '“')), true);
            match exact(s, j, "”") {
                Some(k) => Some(closed(pieces, opt(k, exact(s, k, "”")))),
                None => unclosed(s, pieces, j),
            }
        }
        '‘' => {
            // Closed by ’ or ‘ not followed by a letter: `members’ rights` is an apostrophe.
            let stop =
                |s: &str, k: usize| matches!(char_at(s, k), Some('’' | '‘')) && !char_at(s, k + 3).is_some_and(letter);
            j = body(s, j, &mut pieces, stop, false);
            if stop(s, j) { Some(closed(pieces, j + 3)) } else { unclosed(s, pieces, j) }
        }
        '\'' => {
            let stop = |s: &str, k: usize| byte(s, k) == Some(b'\'') && !char_at(s, k + 1).is_some_and(letter);
            j = body(s, j, &mut pieces, stop, false);
            if stop(s, j) { Some(closed(pieces, j + 1)) } else { unclosed(s, pieces, j) }
        }
        _ => None,
    }
}

/// The pieces of text that holds no quote mark, read as a quote's body.
pub(super) fn quote_body(text: &str) -> Vec<Piece<'_>> {
    let mut pieces = Vec::new();
    body(text, 0, &mut pieces, |_, _| false, false);
    pieces
}

fn closed(pieces: Vec<Piece<'_>>, end: usize) -> (QuoteTok<'_>, usize) {
    (QuoteTok { pieces, unclosed: false }, end)
}

/// `unclosed = { &EOI }`: the quote runs to the end of the text, or fails.
fn unclosed<'t>(s: &'t str, pieces: Vec<Piece<'t>>, j: usize) -> Option<(QuoteTok<'t>, usize)> {
    (j == s.len()).then_some((QuoteTok { pieces, unclosed: true }, j))
}

/// A quote's body: `(ellipsis | nested | text)*`, where text runs up to a closing mark (as
/// `stop` says) or an ellipsis; `nested` (curly quotes only) is `“ … ”` inside.
fn body<'t>(
    s: &'t str,
    mut j: usize,
    pieces: &mut Vec<Piece<'t>>,
    stop: impl Fn(&str, usize) -> bool,
    nests: bool,
) -> usize {
    loop {
        if let Some(k) = ellipsis(s, j) {
            pieces.push(Piece::Ellipsis(&s[j..k]));
            j = k;
            continue;
        }
        if nests && exact(s, j, "“").is_some() {
            // `q_curly_nested = “ ~ (!” ~ ANY)* ~ (” | &EOI)`
            let end = s[j + 3..].find('”').map_or(s.len(), |k| j + 3 + k + 3);
            pieces.push(Piece::Text(&s[j..end]));
            j = end;
            continue;
        }
        let start = j;
        let b = s.as_bytes();
        // Every closing mark and ellipsis starts with `"`, `'`, `.` or the byte 0xE2 (`…“”‘’`).
        while j < b.len() {
            match b[j] {
                b'.' if s[j..].starts_with("...") => break,
                b'"' | b'\'' if stop(s, j) => break,
                0xE2 if s[j..].starts_with('…') || stop(s, j) => break,
                x => j += utf8_len(x),
            }
        }
        if j == start {
            return j;
        }
        pieces.push(Piece::Text(&s[start..j]));
    }
}

// ─────────────────────────── Unit numbers (units.pest) ───────────────────────────

/// One step of a number: its key and how it was printed.
type Step<'t> = (&'t str, &'t str);

/// `unit_number = (&(DIGIT | "(") ~ number | prefixed_token | letter_dotted | letter_closed)
///   ~ (")" | "." ~ !(DIGIT | ALPHA))? ~ !(LETTER | DIGIT)`
fn unit_number(s: &str, i: usize) -> Option<(NumberTok<'_>, usize)> {
    let c = byte(s, i)?;
    if c.is_ascii_alphabetic() {
        // All three letter forms need a digit, `.` or `)` right after the letters.
        let k = run(s, i, usize::MAX, |b| b.is_ascii_alphabetic());
        if !matches!(byte(s, k), Some(b'0'..=b'9' | b'.' | b')')) {
            return None;
        }
    }
    let mut steps: Vec<Step<'_>> = Vec::new();
    let head = if c.is_ascii_digit() || c == b'(' { number(s, i, &mut steps) } else { None };
    let j = match head {
        Some(j) => j,
        None => {
            steps.clear();
            if let Some(j) = prefixed_token(s, i) {
                steps.push((&s[i..j], &s[i..j]));
                j
            } else if let Some(j) = letter_dotted(s, i) {
                steps.push((&s[i..j], &s[i..j]));
                j
            } else {
                let j = roman_token(s, i).or_else(|| letter_token(s, i))?;
                if byte(s, j) != Some(b')') {
                    return None;
                }
                steps.push((&s[i..j], &s[i..j]));
                j
            }
        }
    };
    let closing = byte(s, j) == Some(b')')
        || byte(s, j) == Some(b'.') && !byte(s, j + 1).is_some_and(|b| b.is_ascii_alphanumeric());
    let j = if closing { j + 1 } else { j };
    if char_at(s, j).is_some_and(|c| letter(c) || c.is_ascii_digit()) {
        return None;
    }
    let written = &s[i..j];
    // A single number keeps its closing mark as printed: `vii)`, `2)`.
    if let [(_, printed)] = steps.as_mut_slice() {
        *printed = written.trim().trim_end_matches('.');
    }
    Some((NumberTok { steps, written }, j))
}

/// `number = (dotted_number | token) ~ paren_number? | paren_number`
fn number<'t>(s: &'t str, i: usize, steps: &mut Vec<Step<'t>>) -> Option<usize> {
    let first = dotted_number(s, i).or_else(|| {
        let j = token(s, i)?;
        Some((j, (&s[i..j], &s[i..j])))
    });
    match first {
        Some((j, step)) => {
            steps.push(step);
            Some(paren_number(s, j, steps).unwrap_or(j))
        }
        None => paren_number(s, i, steps),
    }
}

/// `dotted_number = token ~ ("." ~ token)+`: one step, its key the tokens joined by dots.
fn dotted_number(s: &str, i: usize) -> Option<(usize, Step<'_>)> {
    let mut j = token(s, i)?;
    let mut parts = 1;
    while byte(s, j) == Some(b'.') {
        match token(s, j + 1) {
            Some(k) => {
                parts += 1;
                j = k;
            }
            None => break,
        }
    }
    // Its key is its tokens joined by dots: the text itself.
    (parts > 1).then(|| (j, (&s[i..j], &s[i..j])))
}

/// `paren_number = ("(" ~ (inserted_token | token) ~ ")")+`
fn paren_number<'t>(s: &'t str, i: usize, steps: &mut Vec<Step<'t>>) -> Option<usize> {
    let mut j = i;
    let before = steps.len();
    while byte(s, j) == Some(b'(') {
        let Some(k) = inserted_token(s, j + 1).or_else(|| token(s, j + 1)) else { break };
        if byte(s, k) != Some(b')') {
            break;
        }
        steps.push((&s[j + 1..k], &s[j..=k]));
        j = k + 1;
    }
    (steps.len() > before).then_some(j)
}

/// `token = digits_token | prefixed_token | roman_token | letter_token`
fn token(s: &str, i: usize) -> Option<usize> {
    digits_token(s, i).or_else(|| prefixed_token(s, i)).or_else(|| roman_token(s, i)).or_else(|| letter_token(s, i))
}

/// `ASCII_DIGIT{1,9} ~ ASCII_ALPHA_UPPER{0,2} ~ !ASCII_ALPHA`
fn digits_token(s: &str, i: usize) -> Option<usize> {
    let j = run(s, i, 9, |b| b.is_ascii_digit());
    if j == i {
        return None;
    }
    let j = run(s, j, 2, |b| b.is_ascii_uppercase());
    (!alpha_at(s, j)).then_some(j)
}

/// `ASCII_ALPHA_UPPER{1,3} ~ ASCII_DIGIT{1,5} ~ !ASCII_ALPHANUMERIC`
fn prefixed_token(s: &str, i: usize) -> Option<usize> {
    let j = run(s, i, 3, |b| b.is_ascii_uppercase());
    if j == i {
        return None;
    }
    let k = run(s, j, 5, |b| b.is_ascii_digit());
    if k == j || byte(s, k).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    Some(k)
}

/// `(("i" | "v" | "x" | "l" | "c")+ | ("I" | "V" | "X" | "L" | "C")+) ~ !ASCII_ALPHA`
fn roman_token(s: &str, i: usize) -> Option<usize> {
    let lower = run(s, i, usize::MAX, |b| matches!(b, b'i' | b'v' | b'x' | b'l' | b'c'));
    let j = if lower > i { lower } else { run(s, i, usize::MAX, |b| matches!(b, b'I' | b'V' | b'X' | b'L' | b'C')) };
    (j > i && !alpha_at(s, j)).then_some(j)
}

/// `(ASCII_ALPHA_LOWER{1,2} | ASCII_ALPHA_UPPER{1,2}) ~ !ASCII_ALPHA`
fn letter_token(s: &str, i: usize) -> Option<usize> {
    let lower = run(s, i, 2, |b| b.is_ascii_lowercase());
    let j = if lower > i { lower } else { run(s, i, 2, |b| b.is_ascii_uppercase()) };
    (j > i && !alpha_at(s, j)).then_some(j)
}

/// `inserted_token = ASCII_ALPHANUMERIC{1,9} ~ (("." | "-") ~ ASCII_ALPHANUMERIC{1,9})+ ~ &")"`
fn inserted_token(s: &str, i: usize) -> Option<usize> {
    let mut j = run(s, i, 9, |b| b.is_ascii_alphanumeric());
    if j == i {
        return None;
    }
    let mut more = 0;
    while matches!(byte(s, j), Some(b'.' | b'-')) {
        let k = run(s, j + 1, 9, |b| b.is_ascii_alphanumeric());
        if k == j + 1 {
            break;
        }
        j = k;
        more += 1;
    }
    (more > 0 && byte(s, j) == Some(b')')).then_some(j)
}

/// `letter_dotted = !abbreviation ~ ASCII_ALPHA{1,4} ~ "." ~ ASCII_DIGIT{1,4} ~ ("." ~
/// ASCII_ALPHANUMERIC{1,4})*`
fn letter_dotted(s: &str, i: usize) -> Option<usize> {
    if alt(s, i, &["e.g.", "i.e.", "a.m.", "p.m.", "n.b.", "viz."]).is_some() {
        return None;
    }
    let j = run(s, i, 4, |b| b.is_ascii_alphabetic());
    if j == i || byte(s, j) != Some(b'.') {
        return None;
    }
    let k = run(s, j + 1, 4, |b| b.is_ascii_digit());
    if k == j + 1 {
        return None;
    }
    let mut j = k;
    while byte(s, j) == Some(b'.') {
        let k = run(s, j + 1, 4, |b| b.is_ascii_alphanumeric());
        if k == j + 1 {
            break;
        }
        j = k;
    }
    Some(j)
}

// ─────────────────────────── Words, keywords and phrases ───────────────────────────

/// `letter_token_group = phrase | keyword | unit_word | word`
fn letter_token_group(s: &str, i: usize, c: char) -> Option<(Rule, usize)> {
    if c.is_ascii_alphabetic() {
        // Only rules with a literal whose leading letters are the word's can match: any other
        // literal either differs or is a prefix of the word, and a word end cannot follow it.
        let n = run(s, i, 32, |b| b.is_ascii_alphabetic());
        let mut buf = [0u8; 32];
        let w = &mut buf[..n - i];
        w.copy_from_slice(&s.as_bytes()[i..n]);
        w.make_ascii_lowercase();
        let table = candidates();
        if table.may_hold(w) {
            for m in table.words.get(&*w).into_iter().flatten() {
                let found = match m {
                    Matcher::Phrase(rule, f) => f(s, i).map(|end| (*rule, end)),
                    Matcher::Keyword(rule, alts) => {
                        alts.iter().find_map(|a| lit(s, i, a)).and_then(|end| word_end(s, end)).map(|end| (*rule, end))
                    }
                    Matcher::List => k_list(s, i).map(|end| (Rule::k_list, end)),
                };
                if found.is_some() {
                    return found;
                }
            }
        }
    } else if c.is_ascii_digit() {
        // `3 times` (where the number is no unit number) and `1st`: every rule, in order.
        for (rule, f, starts) in PHRASES {
            if starts.contains(c) {
                if let Some(end) = f(s, i) {
                    return Some((*rule, end));
                }
            }
        }
        for (rule, alts) in KEYWORDS {
            if let Some(end) = keyword(s, i, c, alts) {
                return Some((*rule, end));
            }
        }
    } else if c == '§' {
        return Some((Rule::unit_word, exact(s, i, "§§").unwrap_or(i + '§'.len_utf8())));
    }
    word(s, i, c).map(|end| (Rule::word, end))
}

/// A rule of the letter group, tried for the words its literals start with.
enum Matcher {
    Phrase(Rule, PhraseFn),
    /// A keyword rule (or `unit_word`) with those of its literals, in order, that can match a
    /// text starting with the word: the ones that start with it, and the shorter ones the word
    /// starts with (which match, and then fail for want of a word end).
    Keyword(Rule, Vec<&'static str>),
    List,
}

/// The rules each word may start, in the grammar's order.
struct Candidates {
    words: std::collections::HashMap<&'static [u8], Vec<Matcher>, foldhash::fast::FixedState>,
    /// For each word length (up to 15) and first letter, the last letters of the words above:
    /// most words are turned away here without a look in the table.
    shapes: [[u32; 26]; 16],
}

impl Candidates {
    fn may_hold(&self, w: &[u8]) -> bool {
        let (Some(&first), Some(&last)) = (w.first(), w.last()) else { return false };
        w.len() < 16 && self.shapes[w.len()][usize::from(first - b'a')] & (1 << (last - b'a')) != 0
    }
}

fn candidates() -> &'static Candidates {
    static TABLE: std::sync::OnceLock<Candidates> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut words: std::collections::HashMap<&'static [u8], Vec<Matcher>, foldhash::fast::FixedState> =
            std::collections::HashMap::default();
        let lead = |lit: &'static str| &lit[..lit.bytes().take_while(u8::is_ascii_alphabetic).count()];
        for (rule, f, _) in PHRASES {
            for w in phrase_words(*rule) {
                words.entry(w.as_bytes()).or_default().push(Matcher::Phrase(*rule, *f));
            }
        }
        let unit = [(Rule::unit_word, UNIT_WORDS)];
        for (rule, alts) in KEYWORDS.iter().chain(&unit) {
            if *rule == Rule::k_list {
                for w in ["bulleted", "bulletted", "bullet", "numbered", "list"] {
                    words.entry(w.as_bytes()).or_default().push(Matcher::List);
                }
                continue;
            }
            let mut leads: Vec<&'static str> = alts.iter().map(|a| lead(a)).filter(|w| !w.is_empty()).collect();
            leads.dedup();
            for w in leads {
                if words
                    .get(w.as_bytes())
                    .is_some_and(|ms| ms.iter().any(|m| matches!(m, Matcher::Keyword(r, _) if r == rule)))
                {
                    continue;
                }
                let could = |a: &'static str| {
                    lead(a) == w || a.bytes().all(|b| b.is_ascii_alphabetic()) && w.len() > a.len() && w.starts_with(a)
                };
                let mine: Vec<&'static str> = alts.iter().copied().filter(|a| could(a)).collect();
                words.entry(w.as_bytes()).or_default().push(Matcher::Keyword(*rule, mine));
            }
        }
        let mut shapes = [[0u32; 26]; 16];
        for b in words.keys() {
            if b.len() < 16 {
                shapes[b.len()][usize::from(b[0] - b'a')] |= 1 << (b[b.len() - 1] - b'a');
            }
        }
        Candidates { words, shapes }
    })
}

/// The words a phrase may start with (the first word of each of its alternatives).
fn phrase_words(rule: Rule) -> &'static [&'static str] {
    match rule {
        Rule::p_no_change => &["no"],
        Rule::c_each_place => &["in", "each", "every", "all", "wherever", "everywhere", "whenever"],
        Rule::c_both_times => &["both"],
        Rule::c_all_appearances => &["all"],
        Rule::p_in_place => &["in", "instead"],
        Rule::p_alphabetical => &["in"],
        Rule::p_at_end | Rule::p_at_start => &["at", "to"],
        Rule::p_as_follows => &["as", "the"],
        Rule::p_to_read => &["to", "which", "shall", "will", "should", "would", "reading"],
        Rule::p_so_reads => &["so", "which", "shall", "will", "should", "would"],
        Rule::p_currently_reads => &["currently", "presently", "now"],
        Rule::v_strike_out => &["strike", "striking", "struck", "strikes"],
        Rule::v_leave_out => &["leave", "leaving", "left"],
        Rule::p_lead_in => &["the", "portion", "part", "lead", "introductory"],
        Rule::p_heading_of => &["the", "headings", "heading", "titles", "title", "marginal"],
        Rule::p_english_version => &["of", "the"],
        Rule::k_standing_order => &["standing"],
        _ => &[],
    }
}

/// A keyword rule `(^"a" | ^"b" | …) ~ word_end`: the first literal that matches, then a word
/// end (if that fails, so does the rule).
fn keyword(s: &str, i: usize, first: char, alts: &[&str]) -> Option<usize> {
    let first = first.to_ascii_lowercase() as u8;
    let end = alts.iter().filter(|a| a.as_bytes()[0] == first).find_map(|a| lit(s, i, a))?;
    word_end(s, end)
}

/// `word = (LETTER | MARK | DIGIT) ~ (LETTER | MARK | DIGIT | "_" | ("'" | "’" | "-" | "." |
/// "/") ~ &(LETTER | DIGIT))* ~ (("'" | "’") ~ !(LETTER | DIGIT))?`
fn word(s: &str, i: usize, c: char) -> Option<usize> {
    let body = |c: char| letter(c) || mark(c) || c.is_ascii_digit();
    let ld = |c: Option<char>| c.is_some_and(|c| letter(c) || c.is_ascii_digit());
    if !body(c) {
        return None;
    }
    let mut j = i + c.len_utf8();
    let b = s.as_bytes();
    while j < b.len() {
        let x = b[j];
        if x.is_ascii_alphanumeric() || x == b'_' {
            j += 1;
            continue;
        }
        let Some(c) = char_at(s, j) else { break };
        let joiner = matches!(c, '\'' | '’' | '-' | '.' | '/') && ld(char_at(s, j + c.len_utf8()));
        if body(c) || joiner {
            j += c.len_utf8();
        } else {
            break;
        }
    }
    if let Some(c) = char_at(s, j).filter(|c| matches!(c, '\'' | '’')) {
        if !ld(char_at(s, j + c.len_utf8())) {
            j += c.len_utf8();
        }
    }
    Some(j)
}

/// The phrases, in the grammar's order, with the first letters they can start with.
type PhraseFn = fn(&str, usize) -> Option<usize>;
const PHRASES: &[(Rule, PhraseFn, &str)] = &[
    (Rule::p_no_change, p_no_change, "n"),
    (Rule::c_each_place, c_each_place, "ieaw"),
    (Rule::c_both_times, c_both_times, "b"),
    (Rule::c_all_appearances, c_all_appearances, "a"),
    (Rule::p_in_place, p_in_place, "i"),
    (Rule::p_alphabetical, p_alphabetical, "i"),
    (Rule::p_at_end, p_at_end, "at"),
    (Rule::p_at_start, p_at_start, "at"),
    (Rule::p_as_follows, p_as_follows, "at"),
    (Rule::p_to_read, p_to_read, "twsr"),
    (Rule::p_so_reads, p_so_reads, "sw"),
    (Rule::p_currently_reads, p_currently_reads, "cpn"),
    (Rule::v_strike_out, v_strike_out, "s"),
    (Rule::v_leave_out, v_leave_out, "l"),
    (Rule::p_lead_in, p_lead_in, "tpli"),
    (Rule::p_heading_of, p_heading_of, "thm"),
    (Rule::p_english_version, p_english_version, "ot"),
    (Rule::k_standing_order, k_standing_order, "s"),
];

fn p_no_change(s: &str, i: usize) -> Option<usize> {
    let j = hs1(s, lit(s, i, "no")?)?;
    word_end(s, lit(s, j, "change")?)
}

const APPEARS: &[&str] = &["appears", "occurs", "appear", "occur", "is used", "are used"];

/// `(^"it" | ^"they" | ^"that" | ^"the" ~ hspace+ ~ (^"word" | ^"words" | ^"phrase" | ^"text"))`
fn it_or_the_words(s: &str, i: usize) -> Option<usize> {
    if let Some(j) = alt(s, i, &["it", "they", "that"]) {
        return Some(j);
    }
    let j = hs1(s, lit(s, i, "the")?)?;
    alt(s, j, &["word", "words", "phrase", "text"])
}

fn c_each_place(s: &str, i: usize) -> Option<usize> {
    let first = || {
        let j = opt(i, lit(s, i, "in").and_then(|j| hs1(s, j)));
        let j = hs1(s, alt(s, j, &["each", "every", "all"])?)?;
        let j = alt(s, j, &["place", "time", "instance", "occurrence"])?;
        let j = opt(j, lit(s, j, "s"));
        let tail = || {
            let k = hs1(s, j)?;
            let k = opt(k, lit(s, k, "where").and_then(|k| hs1(s, k)));
            let k = hs1(s, it_or_the_words(s, k)?)?;
            alt(s, k, APPEARS)
        };
        word_end(s, opt(j, tail()))
    };
    let second = || {
        let j = alt(s, i, &["wherever", "everywhere", "whenever"])?;
        let tail = || {
            let k = hs1(s, j)?;
            let k = hs1(s, it_or_the_words(s, k)?)?;
            alt(s, k, APPEARS)
        };
        word_end(s, opt(j, tail()))
    };
    first().or_else(second)
}

fn c_both_times(s: &str, i: usize) -> Option<usize> {
    let j = hs1(s, lit(s, i, "both")?)?;
    let j = alt(s, j, &["times", "places", "instances", "occurrences"])?;
    let tail = || {
        let k = hs1(s, j)?;
        let k = hs1(s, alt(s, k, &["it", "they"])?)?;
        alt(s, k, APPEARS)
    };
    word_end(s, opt(j, tail()))
}

fn c_all_appearances(s: &str, i: usize) -> Option<usize> {
    let j = hs1(s, lit(s, i, "all")?)?;
    let j = hs1(s, alt(s, j, &["appearances", "occurrences", "instances", "uses"])?)?;
    word_end(s, lit(s, j, "of")?)
}

fn c_times(s: &str, i: usize) -> Option<usize> {
    // `(^"x" | "×") ~ ASCII_DIGIT{1,3} ~ word_end`
    let times = alt(s, i, &["x"]).or_else(|| lit(s, i, "×"));
    if let Some(j) = times {
        let d = run(s, j, 3, |b| b.is_ascii_digit());
        if d > j {
            if let Some(end) = word_end(s, d) {
                return Some(end);
            }
        }
    }
    // `count_number = ASCII_DIGIT+ | (^"two" | … | ^"ten") ~ word_end`
    let d = run(s, i, usize::MAX, |b| b.is_ascii_digit());
    let j = if d > i {
        d
    } else {
        let j = alt(s, i, &["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])?;
        word_end(s, j)?
    };
    let j = hs1(s, j)?;
    word_end(s, lit(s, j, "times")?)
}

fn p_alphabetical(s: &str, i: usize) -> Option<usize> {
    let j = hs1(s, lit(s, i, "in")?)?;
    let j = hs1(s, lit(s, j, "alphabetical")?)?;
    word_end(s, lit(s, j, "order")?)
}

fn p_in_place(s: &str, i: usize) -> Option<usize> {
    let first = || {
        let j = hs1(s, lit(s, i, "in")?)?;
        let its = || {
            let k = hs1(s, alt(s, j, &["its", "their"])?)?;
            let k = lit(s, k, "place")?;
            Some(opt(k, lit(s, k, "s")))
        };
        let lieu = || {
            let k = hs1(s, alt(s, j, &["place", "lieu"])?)?;
            lit(s, k, "thereof")
        };
        word_end(s, its().or_else(lieu)?)
    };
    first().or_else(|| word_end(s, lit(s, i, "instead")?))
}

/// `(^"at" | ^"to") ~ hspace+ ~ (^"the" ~ hspace+)? ~ (^"very" ~ hspace+)? ~ (…) ~ word_end`
fn at_the(s: &str, i: usize, ends: &[&str]) -> Option<usize> {
    let j = hs1(s, alt(s, i, &["at", "to"])?)?;
    let j = opt(j, lit(s, j, "the").and_then(|k| hs1(s, k)));
    let j = opt(j, lit(s, j, "very").and_then(|k| hs1(s, k)));
    word_end(s, alt(s, j, ends)?)
}

fn p_at_end(s: &str, i: usize) -> Option<usize> {
    at_the(s, i, &["end", "bottom", "foot"])
}

fn p_at_start(s: &str, i: usize) -> Option<usize> {
    at_the(s, i, &["beginning", "start", "top"])
}

fn p_as_follows(s: &str, i: usize) -> Option<usize> {
    let first = || word_end(s, lit(s, hs1(s, lit(s, i, "as")?)?, "follows")?);
    let second = || word_end(s, lit(s, hs1(s, lit(s, i, "the")?)?, "following")?);
    first().or_else(second)
}

fn p_to_read(s: &str, i: usize) -> Option<usize> {
    let first = || word_end(s, alt(s, hs1(s, lit(s, i, "to")?)?, &["reads", "read"])?);
    let second = || {
        let j = opt(i, lit(s, i, "which").and_then(|j| hs1(s, j)));
        let j = hs1(s, alt(s, j, &["shall", "will", "should", "would"])?)?;
        word_end(s, lit(s, j, "read")?)
    };
    let third = || word_end(s, lit(s, i, "reading")?);
    first().or_else(second).or_else(third)
}

fn p_so_reads(s: &str, i: usize) -> Option<usize> {
    let first = || {
        let j = hs1(s, lit(s, i, "so")?)?;
        let j = opt(j, lit(s, j, "that").and_then(|k| hs1(s, k)));
        let subject = lit(s, j, "it").or_else(|| {
            let k = hs1(s, lit(s, j, "the")?)?;
            // `word_chars = (LETTER | "-")+`
            let mut m = k;
            while let Some(c) = char_at(s, m).filter(|&c| letter(c) || c == '-') {
                m += c.len_utf8();
            }
            (m > k).then_some(m)
        })?;
        let j = hs1(s, subject)?;
        let j = opt(j, lit(s, j, "now").and_then(|k| hs1(s, k)));
        word_end(s, lit(s, j, "reads")?)
    };
    let second = || {
        let j = hs1(s, lit(s, i, "so")?)?;
        let j = hs1(s, lit(s, j, "as")?)?;
        let j = hs1(s, lit(s, j, "to")?)?;
        word_end(s, lit(s, j, "read")?)
    };
    let third = || {
        let j = opt(i, lit(s, i, "which").and_then(|j| hs1(s, j)));
        let j = hs1(s, alt(s, j, &["shall", "will", "should", "would"])?)?;
        let j = hs1(s, lit(s, j, "then")?)?;
        word_end(s, lit(s, j, "read")?)
    };
    first().or_else(second).or_else(third)
}

fn p_currently_reads(s: &str, i: usize) -> Option<usize> {
    let j = hs1(s, alt(s, i, &["currently", "presently", "now"])?)?;
    word_end(s, lit(s, j, "reads")?)
}

fn v_strike_out(s: &str, i: usize) -> Option<usize> {
    let j = hs1(s, alt(s, i, &["strike", "striking", "struck", "strikes"])?)?;
    word_end(s, lit(s, j, "out")?)
}

fn v_leave_out(s: &str, i: usize) -> Option<usize> {
    let j = hs1(s, alt(s, i, &["leave", "leaving", "left"])?)?;
    word_end(s, lit(s, j, "out")?)
}

fn p_lead_in(s: &str, i: usize) -> Option<usize> {
    let the = || opt(i, lit(s, i, "the").and_then(|j| hs1(s, j)));
    let first = || {
        let j = hs1(s, alt(s, the(), &["portion", "part"])?)?;
        word_end(s, lit(s, j, "of")?)
    };
    let second = || {
        let j = alt(s, the(), &["lead-in", "lead in", "introductory"])?;
        let j = opt(j, hs1(s, j).and_then(|k| alt(s, k, &["language", "text", "words", "wording"])));
        word_end(s, j)
    };
    first().or_else(second)
}

const HEADING_NOUN: &[&str] = &["headings", "heading", "titles", "title", "marginal notes", "marginal note"];

fn p_heading_of(s: &str, i: usize) -> Option<usize> {
    let first = || {
        let j = hs1(s, lit(s, i, "the")?)?;
        let j = opt(j, alt(s, j, &["section", "rule", "article", "clause"]).and_then(|k| hs1(s, k)));
        let j = alt(s, j, HEADING_NOUN)?;
        let j = opt(j, hs1(s, j).and_then(|k| alt(s, k, &["of", "to", "preceding", "before"])));
        word_end(s, j)
    };
    let second = || {
        let j = hs1(s, alt(s, i, HEADING_NOUN)?)?;
        word_end(s, alt(s, j, &["of", "to"])?)
    };
    first().or_else(second)
}

fn p_english_version(s: &str, i: usize) -> Option<usize> {
    let j = opt(i, lit(s, i, "of").and_then(|k| hs1(s, k)));
    let j = hs1(s, lit(s, j, "the")?)?;
    let j = hs1(s, alt(s, j, &["English", "French"])?)?;
    word_end(s, lit(s, j, "version")?)
}

fn k_standing_order(s: &str, i: usize) -> Option<usize> {
    let j = lit(s, hs1(s, lit(s, i, "standing")?)?, "order")?;
    word_end(s, opt(j, lit(s, j, "s")))
}

/// `k_list = ((^"bulleted" | ^"bulletted" | ^"bullet" | ^"numbered") ~ hspace+)? ~ ^"list" ~ word_end`
fn k_list(s: &str, i: usize) -> Option<usize> {
    let j = opt(i, alt(s, i, &["bulleted", "bulletted", "bullet", "numbered"]).and_then(|j| hs1(s, j)));
    word_end(s, lit(s, j, "list")?)
}

/// The single-word keyword rules, in the grammar's order (`k_list` is read by its own function).
const KEYWORDS: &[(Rule, &[&str])] = &[
    (
        Rule::v_delete,
        &[
            "deleting", "deleted", "deletes", "delete", "striking", "stricken", "struck", "strikes", "strike",
            "omitting", "omitted", "omits", "omit", "removing", "removed", "removes", "remove",
        ],
    ),
    (
        Rule::v_repeal,
        &["repealing", "repealed", "repeals", "repeal", "rescinding", "rescinded", "rescind", "revoked", "revoke"],
    ),
    (Rule::v_insert, &["inserting", "inserted", "inserts", "insert", "adding", "added", "adds", "add"]),
    (Rule::v_append, &["appending", "appended", "appends", "append"]),
    (Rule::v_replace, &["replacing", "replaced", "replaces", "replace"]),
    (Rule::v_substitute, &["substituting", "substituted", "substitutes", "substitute"]),
    (Rule::v_change, &["changing", "changed", "changes", "change"]),
    (Rule::v_amend, &["amending", "amended", "amends", "amend"]),
    (
        Rule::v_renumber,
        &[
            "renumbering",
            "renumbered",
            "renumbers",
            "renumber",
            "redesignating",
            "redesignated",
            "redesignates",
            "redesignate",
            "re-designated",
            "re-designate",
            "re-lettered",
            "re-letter",
            "relettered",
            "reletter",
            "re-numbered",
            "re-number",
        ],
    ),
    (Rule::v_designate, &["designating", "designated", "designates", "designate"]),
    (
        Rule::v_unapplied,
        &[
            "transmuting",
            "abolishing",
            "transmutes",
            "transmuted",
            "reordering",
            "increasing",
            "decreasing",
            "retitling",
            "re-titled",
            "re-enacts",
            "becoming",
            "becomes",
            "become",
            "abolishes",
            "abolished",
            "rewritten",
            "rewriting",
            "rewording",
            "re-worded",
            "transmute",
            "reordered",
            "increases",
            "increased",
            "decreases",
            "decreased",
            "retitles",
            "retitled",
            "re-title",
            "renaming",
            "re-named",
            "enacting",
            "re-enact",
            "creating",
            "rewrites",
            "re-write",
            "reworded",
            "reorders",
            "swapping",
            "increase",
            "decrease",
            "reducing",
            "retitle",
            "renames",
            "renamed",
            "re-name",
            "reenact",
            "creates",
            "created",
            "abolish",
            "rewrite",
            "rewords",
            "re-word",
            "reorder",
            "swapped",
            "reduces",
            "reduced",
            "rename",
            "enacts",
            "create",
            "reword",
            "reduce",
            "enact",
            "swaps",
            "swap",
        ],
    ),
    (Rule::k_after, &["after"]),
    (Rule::k_before, &["before"]),
    (Rule::k_with, &["with"]),
    (Rule::k_by, &["by"]),
    (Rule::k_for, &["for"]),
    (Rule::k_from, &["from"]),
    (Rule::k_to, &["to"]),
    (Rule::k_as, &["as"]),
    (Rule::k_of, &["of"]),
    (Rule::k_in, &["in", "within"]),
    (Rule::k_into, &["into", "onto"]),
    (Rule::k_and, &["and", "plus"]),
    (Rule::k_or, &["or"]),
    (Rule::k_then, &["then"]),
    (Rule::k_the, &["the"]),
    (Rule::k_a, &["an", "a"]),
    (Rule::k_all, &["all"]),
    (Rule::k_new, &["new", "additional", "further"]),
    (Rule::k_is, &["is", "are", "was", "were"]),
    (Rule::k_be, &["be", "shall", "will", "should", "must"]),
    (Rule::k_hereby, &["hereby"]),
    (Rule::k_following, &["following"]),
    (Rule::k_respectively, &["respectively"]),
    (Rule::k_through, &["through", "thru"]),
    (
        Rule::k_words,
        &[
            "words",
            "word",
            "phrases",
            "phrase",
            "text",
            "term",
            "expression",
            "figure",
            "number",
            "letters",
            "letter",
            "characters",
            "reference",
            "references",
        ],
    ),
    (Rule::k_sentence, &["sentence"]),
    (
        Rule::k_item,
        &[
            "bullet points",
            "bullet point",
            "bullets",
            "bullet",
            "list items",
            "list item",
            "elements",
            "element",
            "entries",
            "entry",
        ],
    ),
    (Rule::k_list, &[]),
    (Rule::k_existing, &["existing", "newly", "current", "present"]),
    (Rule::k_remainder, &["remainder", "rest"]),
    (Rule::k_if, &["if", "unless"]),
    (Rule::k_not, &["not", "doesn't", "does not"]),
    (Rule::k_each, &["each", "every"]),
    (Rule::k_end, &["end", "beginning", "start"]),
    (Rule::k_that, &["that", "which"]),
    (Rule::k_reads, &["reads", "read"]),
    (
        Rule::ordinal,
        &[
            "final",
            "last",
            "penultimate",
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "1st",
            "2nd",
            "3rd",
            "4th",
            "5th",
        ],
    ),
    (Rule::c_once, &["once"]),
    (Rule::c_twice, &["twice"]),
    (Rule::c_thrice, &["thrice"]),
    (Rule::c_throughout, &["throughout"]),
    (
        Rule::k_act,
        &[
            "act",
            "acts",
            "code",
            "constitution",
            "rulebook",
            "regulations",
            "regulation",
            "bylaws",
            "by-laws",
            "by-laws",
            "statutes",
            "ordinance",
            "charter",
            "ruleset",
            "document",
        ],
    ),
    (Rule::k_this, &["this"]),
    (Rule::k_sentence_noun_plural, &["sentences"]),
    (Rule::k_page, &["page", "p."]),
    (Rule::k_line, &["lines", "line", "ll.", "l."]),
    (Rule::k_renumber_how, &["accordingly", "subsequent", "remaining", "without", "unchanged", "consequentially"]),
];

/// `unit_word`'s words (its `§` and `§§` are read apart).
const UNIT_WORDS: &[&str] = &[
    "paragraphs",
    "paragraph",
    "paras.",
    "paras",
    "para.",
    "para",
    "points",
    "point",
    "sub-clauses",
    "sub-clause",
    "subclauses",
    "subclause",
    "clauses",
    "clause",
    "sub-sections",
    "sub-section",
    "subsections",
    "subsection",
    "rule sections",
    "rule section",
    "sections",
    "section",
    "secs.",
    "sec.",
    "sub-paragraphs",
    "sub-paragraph",
    "subparagraphs",
    "subparagraph",
    "articles",
    "article",
    "art.",
    "chapters",
    "chapter",
    "parts",
    "part",
    "divisions",
    "division",
    "subdivisions",
    "subdivision",
    "appendix",
    "appendices",
    "annexes",
    "annexe",
    "annex",
    "schedules",
    "schedule",
    "rules",
    "rule",
    "items",
    "item",
    "definitions",
    "definition",
    "proposals",
    "proposal",
    "motions",
    "motion",
    "by-laws",
    "bylaws",
    "by-law",
    "bylaw",
];
