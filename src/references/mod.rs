//! Cross-references in a text, and the units they point to.
//!
//! The finder is conservative: it would rather miss a reference than take prose that merely
//! contains a number for one. It recognises three forms, and only these:
//!
//! - a unit word and a number: `clause 3.2`, `Section 3`, `paragraph (b)`, `Rule 12`,
//!   `Article IV`, `paragraphs 4.3 and 4.4`, `clauses 2 to 5` (a list after a plural);
//! - `the Appendix` (also Schedule, Annex) when the text has exactly one, unnumbered;
//! - a dotted number (`4.4`, never a plain `4`) right after a phrase that introduces a
//!   reference: `set out in`, `referred to in`, `described in`, `defined in`, `specified in`,
//!   `provided (for) in`, `mentioned in`, `listed in`, `under`, `see`, `pursuant to`,
//!   `in accordance with`, `subject to`, `according to`.
//!
//! It leaves alone a number followed by `%` or a measure (`under 2.5 hours`), a unit word
//! followed by `of the …` (`section 3 of the Act` cites another text; `of this constitution`
//! does not), a number run into a bracket (`2(b)`), and a unit's own label. A reference counts
//! only when the text has a unit with that number.

mod moved;

pub use moved::{Fate, Fix, FixSheet, Moved, Review, fix, fix_sheet, moved, needs_review, review};

use crate::document::{Document, Keyword, Number, UnitId, UnitKind};
use crate::source::Span;

/// What kind of unit a reference names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// A keyword: `Section 3`, `clause 3.2`, `the Appendix`.
    Keyword(Keyword),
    /// `paragraph 4.4`, `para (b)`.
    Paragraph,
    /// A bare number after an introducing phrase: `as set out in 4.4`.
    Bare,
}

/// A reference found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// The reference as a reader sees it: `under 4.3`, `clause 3.2`, `the Appendix`.
    pub span: Span,
    /// The number as written (`4.3`, `b` of `(b)`), or the unit word of `the Appendix`.
    pub number: Span,
    /// The number's lookup key (`4.3`, `b`); empty for `the Appendix`.
    pub key: String,
    /// What kind of unit it names.
    pub named: Named,
    /// The whole reference it is part of: `clauses 2 to 5` for `5`, `under 4.1 or 4.2` for
    /// `4.2`; the same as `span` for a reference on its own.
    pub phrase: Span,
}

/// Phrases that introduce a bare dotted number as a reference, as lower-case words.
const LEAD_INS: &[&[&str]] = &[
    &["set", "out", "in"],
    &["referred", "to", "in"],
    &["described", "in"],
    &["defined", "in"],
    &["specified", "in"],
    &["provided", "for", "in"],
    &["provided", "in"],
    &["mentioned", "in"],
    &["listed", "in"],
    &["in", "accordance", "with"],
    &["pursuant", "to"],
    &["subject", "to"],
    &["according", "to"],
    &["under"],
    &["see"],
];

/// Words after a number that make it a quantity, not a reference.
const MEASURES: &[&str] = &[
    "per", "percent", "%", "hours", "hour", "days", "day", "weeks", "week", "months", "month", "years", "year",
    "times", "minutes", "kg", "km", "metres", "meters", "miles", "million", "billion", "pounds", "euros", "dollars",
    "pence",
];

/// A word of the text (a run of non-space characters) and its core, without the punctuation
/// around it.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    start: usize,
    text: &'a str,
    core_start: usize,
    core: &'a str,
}

impl<'a> Word<'a> {
    fn new(start: usize, text: &'a str) -> Word<'a> {
        // Most words have no punctuation around them.
        let b = text.as_bytes();
        if b.first().is_some_and(u8::is_ascii_alphanumeric) && b.last().is_some_and(u8::is_ascii_alphanumeric) {
            return Word { start, text, core_start: start, core: text };
        }
        let t = text.trim_start_matches(['(', '[', '“', '‘', '"', '\'']);
        let lead = text.len() - t.len();
        let core = t.trim_end_matches([',', ';', ':', '.', '!', '?', ')', ']', '”', '’', '"', '\'']);
        Word { start, text, core_start: start + lead, core }
    }

    /// The word without the punctuation around it, and where that starts.
    fn core(&self) -> (usize, &'a str) {
        (self.core_start, self.core)
    }

    /// Whether the word is `lower` (ignoring case).
    fn is(&self, lower: &str) -> bool {
        self.core.eq_ignore_ascii_case(lower)
    }
}

/// The words of a text, kept as their starts and read when looked at: most are never looked
/// at. (A start is four bytes; a word's end is found again when it is read.)
struct Words<'a> {
    text: &'a str,
    starts: Vec<u32>,
}

impl<'a> Words<'a> {
    fn new(text: &'a str) -> Words<'a> {
        let mut starts = Vec::with_capacity(text.len() / 6);
        let mut in_word = false;
        for (i, c) in text.char_indices() {
            // Any space separates words, a no-break space too (`clause 3.2`).
            match (c.is_whitespace(), in_word) {
                (true, true) => in_word = false,
                (false, false) => {
                    starts.push(i as u32);
                    in_word = true;
                }
                _ => {}
            }
        }
        Words { text, starts }
    }

    fn len(&self) -> usize {
        self.starts.len()
    }

    /// The bytes of word `i`: from its start to the next whitespace.
    fn span(&self, i: usize) -> Option<(usize, usize)> {
        let s = *self.starts.get(i)? as usize;
        let rest = &self.text[s..];
        Some((s, s + rest.find(char::is_whitespace).unwrap_or(rest.len())))
    }

    fn get(&self, i: usize) -> Option<Word<'a>> {
        let (s, e) = self.span(i)?;
        Some(Word::new(s, &self.text[s..e]))
    }

    fn at(&self, i: usize) -> Word<'a> {
        self.get(i).expect("a word index in range")
    }

    /// Whether word `i` may start a reference: its first letter is that of a unit word or of an
    /// introducing phrase. Checked on the bytes, before the word is read.
    fn may_start(&self, i: usize) -> bool {
        let s = self.starts[i] as usize;
        let bytes = &self.text.as_bytes()[s..(s + 8).min(self.text.len())];
        let first = bytes.iter().find(|b| !matches!(b, b'(' | b'[' | b'"' | b'\'' | 0xE2 | 0x80 | 0x98 | 0x9C));
        match first {
            Some(b) => {
                matches!(b.to_ascii_lowercase(), b's' | b'r' | b'd' | b'p' | b'm' | b'l' | b'i' | b'u' | b'a' | b'c')
                    || *b == 0xC2
            }
            None => false,
        }
    }
}

/// A number token in a reference: the token's span, the number's span (inside brackets) and
/// its key, if the word is one.
fn number_token(word: &Word<'_>, keyword: bool) -> Option<(Span, Span, String)> {
    // Sentence punctuation after the number is not part of it; a bracket pair is.
    let t = word.text.trim_start_matches(['“', '‘', '"']);
    let lead = word.text.len() - t.len();
    let mut t = t.trim_end_matches([',', ';', ':', '!', '?', '”', '’', '"']);
    t = t.strip_suffix('.').unwrap_or(t);
    if t.ends_with(')') && !t.starts_with('(') {
        t = t.trim_end_matches(')');
        t = t.strip_suffix('.').unwrap_or(t);
    }
    let bracketed = t.starts_with('(');
    if t.is_empty() || t.contains(")(") || (t.contains('(') && !bracketed) || (bracketed && !t.ends_with(')')) {
        return None;
    }
    let start = word.start + lead;
    let span = Span::new(start, start + t.len());
    let inner = t.trim_start_matches('(').trim_end_matches(')');
    let digits = t.starts_with(|c: char| c.is_ascii_digit());
    let allowed = if bracketed {
        keyword && inner.chars().all(|c| c.is_ascii_alphanumeric()) && inner.len() <= 4
    } else if digits {
        t.split('.').all(|p| {
            let d = p.trim_end_matches(|c: char| c.is_ascii_uppercase());
            !d.is_empty() && d.len() + 1 >= p.len() && d.bytes().all(|b| b.is_ascii_digit())
        })
    } else {
        // `Article IV`, `Appendix A`: capitals, only after a unit word.
        keyword && t.chars().all(|c| c.is_ascii_uppercase()) && t.len() <= 6
    };
    if !allowed {
        return None;
    }
    let number = Number::parse(t)?;
    let inner_start = if bracketed { start + 1 } else { start };
    Some((span, Span::new(inner_start, inner_start + inner.len()), number.key()))
}

/// The numbers a word holds: one, or two for a range written as one word (`2–5`, `4.1-4.3`).
fn number_tokens(word: &Word<'_>, keyword: bool) -> Vec<(Span, Span, String)> {
    if let Some(one) = number_token(word, keyword) {
        return vec![one];
    }
    let Some((cut, dash)) = word.text.char_indices().find(|&(i, c)| i > 0 && matches!(c, '–' | '—' | '-')) else {
        return Vec::new();
    };
    let (a, b) = (&word.text[..cut], &word.text[cut + dash.len_utf8()..]);
    let first = number_token(&Word::new(word.start, a), keyword);
    let second = number_token(&Word::new(word.start + cut + dash.len_utf8(), b), keyword);
    match (first, second) {
        (Some(x), Some(y)) if x.2.contains('.') == y.2.contains('.') => vec![x, y],
        _ => Vec::new(),
    }
}

/// The numbers of a reference from word `k` on, with the word each is in: one, or a list or
/// range (`4.3, 4.4 and 4.5`, `2 to 5`, `2–5`) after a plural; after a singular, alternatives
/// and lists (`clause 4.1 or 4.2`) only of numbers shaped like the first that read as
/// references (dotted or bracketed, or the last word of a clause), so that `clause 4 and 5
/// members` stays one reference.
fn list(ws: &Words<'_>, mut k: usize, keyword: bool, plural: bool) -> Vec<(usize, Span, Span, String)> {
    let mut found: Vec<(usize, Span, Span, String)> = Vec::new();
    while let Some(w) = ws.get(k) {
        let numbers = number_tokens(&w, keyword);
        let Some(first) = numbers.first() else { break };
        if let Some(head) = found.first().filter(|_| !plural) {
            let parts = |key: &str| key.split('.').count();
            let ends_clause = w.text.ends_with([',', ';', ':', '.', ')']) || k + 1 == ws.len();
            let shaped =
                parts(&head.3) == parts(&first.2) && (first.2.contains('.') || w.text.starts_with('(') || ends_clause);
            if !shaped {
                break;
            }
        }
        found.extend(numbers.into_iter().map(|(t, n, key)| (k, t, n, key)));
        let text = w.text;
        // Sentence punctuation after a number ends the list.
        if text.ends_with([';', ':', '.', '!', '?']) {
            break;
        }
        let comma = text.ends_with(',');
        let joiner = ws.get(k + 1);
        let joins = |words: &[&str]| joiner.is_some_and(|j| words.iter().any(|x| j.is(x)));
        k = if comma {
            k + 1 + usize::from(joins(&["and", "or"]))
        } else if joins(&["and", "or", "to", "–", "-"]) {
            k + 2
        } else {
            break;
        };
    }
    found
}

/// The unit word a word names, if it is one (`clause`, `Sections`, `para.`).
fn unit_word(core: &str) -> Option<(Named, bool)> {
    if core.len() > 16 {
        return None;
    }
    let mut buf = [0u8; 16];
    buf[..core.len()].copy_from_slice(core.as_bytes());
    buf[..core.len()].make_ascii_lowercase();
    let lower = std::str::from_utf8(&buf[..core.len()]).ok()?;
    let plural = lower.len() > 3 && lower.ends_with('s') && !lower.ends_with("ss");
    let singular = if plural { &lower[..lower.len() - 1] } else { lower };
    let singular = singular.trim_end_matches('.');
    let named = match singular {
        "paragraph" | "para" | "sub-paragraph" | "subparagraph" => Named::Paragraph,
        "section" | "sec" | "sub-section" | "subsection" | "clause" | "sub-clause" | "subclause" | "rule"
        | "article" | "chapter" | "part" | "schedule" | "appendix" | "annex" | "annexe" | "§" => {
            Named::Keyword(Keyword::read(singular)?)
        }
        _ => return None,
    };
    Some((named, plural))
}

/// Every reference in `doc`'s text that points to one of its units.
pub fn find(doc: &Document) -> Vec<Reference> {
    let mut out = candidates(doc);
    out.retain(|r| resolve(doc, r, r.span.start).is_some());
    out
}

/// Everything in `doc`'s text written like a reference, whether or not the text has its unit
/// (a reference to a unit since removed is still one).
pub fn candidates(doc: &Document) -> Vec<Reference> {
    let text = doc.text();
    let ws = Words::new(text);
    // A unit's label and keyword (`Section 4 – `, `## 3) `, `4.4 `) name the unit itself.
    let labels: Vec<Span> = doc.units().map(|(_, u)| Span::new(u.span.start, u.body.start.max(u.span.start))).collect();
    let in_label = |at: usize| {
        let i = labels.partition_point(|l| l.start <= at);
        labels[..i].last().is_some_and(|l| at < l.end)
    };
    let mut out: Vec<Reference> = Vec::new();
    let mut i = 0;
    while i < ws.len() {
        // Most words are none of those looked for.
        if !ws.may_start(i) {
            i += 1;
            continue;
        }
        let w = ws.at(i);
        let (start, _) = w.core();
        let mut consumed = 1;
        // `Standing Order 4`.
        let order = ws.get(i + 1).filter(|n| n.core.get(..5).is_some_and(|c| c.eq_ignore_ascii_case("order")));
        let (unit, at) = match order {
            Some(n) if w.is("standing") => {
                (Some((Named::Keyword(Keyword::StandingOrder), n.core.ends_with(['s', 'S']))), i + 2)
            }
            _ => (unit_word(w.core), i + 1),
        };
        if let Some((named, plural)) = unit.filter(|_| !in_label(w.start)) {
            let mut found = Vec::new();
            let k = at;
            // Punctuation after the unit word (`the Appendix).`) ends the reference there; the
            // full stop of an abbreviation (`para. 4`) does not.
            let word = ws.at(at - 1);
            let (core_start, core) = word.core();
            let trailing = &word.text[core_start - word.start + core.len()..];
            let abbreviation = ["para", "paras", "sec", "secs"].iter().any(|a| word.is(a));
            let closed = !(trailing.is_empty() || (trailing == "." && abbreviation));
            if !closed {
                found = list(&ws, k, true, plural);
            }
            if let Some(&(last, ..)) = found.last() {
                if !external(&ws, last + 1) {
                    let phrase = Span::new(start, found.last().map_or(start, |f| f.1.end));
                    for (k, token, number, key) in found {
                        let span = Span::new(if k == at { start } else { token.start }, token.end);
                        out.push(Reference { span, number, key, named, phrase });
                    }
                }
                consumed = last + 1 - i;
            } else if let Named::Keyword(kw @ (Keyword::Appendix | Keyword::Schedule | Keyword::Annex)) = named {
                // `the Appendix`: capitalised, after `the`.
                let capital = w.core.starts_with(char::is_uppercase);
                let the = i.checked_sub(1).map(|p| ws.at(p)).filter(|p| p.is("the"));
                if let (true, false, Some(the)) = (capital, plural, the) {
                    out.push(Reference {
                        span: Span::new(the.core_start, w.core_start + w.core.len()),
                        number: Span::new(w.core_start, w.core_start + w.core.len()),
                        key: String::new(),
                        named: Named::Keyword(kw),
                        phrase: Span::new(the.core_start, w.core_start + w.core.len()),
                    });
                }
            }
        } else if let Some(lead) = lead_in(&ws, i) {
            // Bare dotted numbers after an introducing phrase: `under 4.3`, `set out in 4.1 or 4.2`.
            let k = i + lead;
            let found: Vec<_> = list(&ws, k, false, true).into_iter().take_while(|f| f.3.contains('.')).collect();
            let quantity = |k: usize| {
                ws.at(k).text.contains('%') || ws.get(k + 1).is_some_and(|a| MEASURES.iter().any(|m| a.is(m)))
            };
            if let Some(&(last, ..)) = found.last().filter(|f| !quantity(f.0)) {
                let phrase = Span::new(start, found.last().map_or(start, |f| f.1.end));
                for (j, token, number, key) in found {
                    let span = Span::new(if j == k { start } else { token.start }, token.end);
                    out.push(Reference { span, number, key, named: Named::Bare, phrase });
                }
                consumed = last + 1 - i;
            }
        }
        i += consumed;
    }
    out
}

/// How many words of the lead-in phrase start at word `i`, if one does.
fn lead_in(ws: &Words<'_>, i: usize) -> Option<usize> {
    let first = ws.at(i);
    LEAD_INS
        .iter()
        .filter(|phrase| first.is(phrase[0]))
        .find(|phrase| {
            phrase[1..].iter().enumerate().all(|(j, p)| ws.get(i + 1 + j).is_some_and(|w| w.is(p)))
                // Punctuation inside the phrase (`under, 4.3`) breaks it.
                && (0..phrase.len() - 1).all(|j| !ws.at(i + j).text.ends_with([',', ';', '.', ':']))
        })
        .map(|phrase| phrase.len())
}

/// Whether the words from `k` cite another text: `of the Act`, but not `of this constitution`.
fn external(ws: &Words<'_>, k: usize) -> bool {
    let Some(of) = ws.get(k) else { return false };
    if !of.is("of") || ws.at(k - 1).text.ends_with([',', ';', '.']) {
        return false;
    }
    !ws.get(k + 1).is_some_and(|w| w.is("this") || w.is("these"))
}

/// The unit of `doc` a reference points to, read as if it appeared at `at` (which decides
/// between units sharing a number: the one nearest the reference). `None` if there is none or
/// it is ambiguous.
pub fn resolve(doc: &Document, r: &Reference, at: usize) -> Option<UnitId> {
    let mut candidates: Vec<UnitId> = if r.key.is_empty() {
        let Named::Keyword(kw) = r.named else { return None };
        doc.units().filter(|(_, u)| u.keyword == Some(kw) && u.label.is_none()).map(|(id, _)| id).collect()
    } else {
        doc.with_number(&r.key).to_vec()
    };
    // The unit word narrows: `Section 3` is a heading, `paragraph 3` a paragraph.
    let narrowed: Vec<UnitId> = candidates
        .iter()
        .copied()
        .filter(|&c| {
            let u = doc.unit(c);
            match r.named {
                Named::Keyword(kw) => u.keyword == Some(kw) || matches!(u.kind, UnitKind::Heading { .. }),
                Named::Paragraph => u.kind == UnitKind::Paragraph,
                Named::Bare => true,
            }
        })
        .collect();
    if !narrowed.is_empty() {
        candidates = narrowed;
    }
    if candidates.len() > 1 {
        // The one inside the nearest enclosing unit of the reference.
        let mut anc = doc.unit_at(at);
        while let Some(a) = anc {
            let inside: Vec<UnitId> = candidates.iter().copied().filter(|&c| doc.is_within(c, a)).collect();
            if inside.len() == 1 {
                return Some(inside[0]);
            }
            anc = doc.unit(a).parent;
        }
        return None;
    }
    candidates.first().copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Words are what `split_whitespace` gives, read as `Word::new` read them before its
        /// shortcut for words with no punctuation around them.
        #[test]
        fn words_are_the_texts_whitespace_separated_words(
            text in proptest::string::string_regex("([a-zA-Z0-9 .,;()\\[\\]\"'\t\n\r\u{0b}\u{0c}\u{a0}\u{2028}\u{3000}“”‘’§é]|Section|4\\.4){0,40}").unwrap()
        ) {
            let ws = Words::new(&text);
            let expected: Vec<&str> = text.split_whitespace().collect();
            proptest::prop_assert_eq!(ws.len(), expected.len());
            for (i, e) in expected.iter().enumerate() {
                let w = ws.at(i);
                proptest::prop_assert_eq!(w.text, *e);
                let t = e.trim_start_matches(['(', '[', '“', '‘', '"', '\'']);
                let core = t.trim_end_matches([',', ';', ':', '.', '!', '?', ')', ']', '”', '’', '"', '\'']);
                proptest::prop_assert_eq!(w.core, core);
                proptest::prop_assert_eq!(w.core_start, w.start + e.len() - t.len());
            }
        }
    }

    const DOC: &str = "\
1) Aims

1.1 Members may act as set out in 4.4, under clause 2.1 and see Section 2.

1.2 The fee is under 2.5 hours, or 4.4% of income; section 1 of the Companies Act applies.

2) Procedure

2.1 Paragraphs 1.1 and 1.2 apply, subject to paragraph (b) and the Appendix (see 2.1).

(a) First.

(b) Second.

4.4 Four.

Appendix: Text

Words.
";

    fn written(doc: &Document) -> Vec<(String, String)> {
        find(doc).iter().map(|r| (doc.slice(r.span).to_string(), r.key.clone())).collect()
    }

    #[test]
    fn finds_the_forms_it_documents_and_nothing_else() {
        let doc = Document::parse(0, DOC);
        let got = written(&doc);
        let want: Vec<(String, String)> = [
            ("set out in 4.4", "4.4"),
            ("clause 2.1", "2.1"),
            ("Section 2", "2"),
            ("Paragraphs 1.1", "1.1"),
            ("1.2", "1.2"),
            ("paragraph (b)", "b"),
            ("the Appendix", ""),
            ("see 2.1", "2.1"),
        ]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn references_resolve_to_their_units() {
        let doc = Document::parse(0, DOC);
        let names: Vec<String> =
            find(&doc).iter().map(|r| doc.describe(resolve(&doc, r, r.span.start).unwrap())).collect();
        assert_eq!(
            names,
            // The document calls its dotted units paragraphs (`Paragraphs 1.1 and 1.2 apply`).
            [
                "Paragraph 4.4",
                "Paragraph 2.1",
                "Section 2 (Procedure)",
                "Paragraph 1.1",
                "Paragraph 1.2",
                "Paragraph 2.1(b)",
                "Appendix (Text)",
                "Paragraph 2.1"
            ]
        );
    }

    #[test]
    fn prose_with_numbers_is_left_alone() {
        for text in [
            "1.1 The meeting lasts under 2.5 hours.\n\n2.5 x.\n",
            "1.1 It rose 2.5% under 2.5 per cent.\n\n2.5 x.\n",
            "1.1 See section 2 of the Trade Union Act.\n\n2) Two\n\n2.1 x.\n",
            "1.1 In 2.5 we meet.\n\n2.5 x.\n",
            "1.1 See 9.9 for more.\n",
            "1.1 Clause 2(b) applies.\n\n2) Two\n\n(b) x.\n",
        ] {
            let doc = Document::parse(0, text);
            assert_eq!(written(&doc), Vec::<(String, String)>::new(), "{text}");
        }
    }

    fn phrases(doc: &Document) -> Vec<(String, String)> {
        find(doc).iter().map(|r| (doc.slice(r.number).to_string(), doc.slice(r.phrase).to_string())).collect()
    }

    /// Lists, ranges and alternatives, after a plural or a singular unit word or a lead-in,
    /// each number with the whole phrase it is in. See: issue 15.
    #[test]
    fn r15_lists_and_alternatives() {
        let units = "\n\n2) Two\n\n2.1 a.\n\n3) Three\n\n4) Four\n\n4.1 b.\n\n4.2 c.\n\n5) Five\n";
        let case = |text: &str| Document::parse(0, &format!("1.1 {text}{units}"));
        let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect::<Vec<_>>();
        assert_eq!(
            phrases(&case("Under clause 4.1 or 4.2, members vote.")),
            pairs(&[("4.1", "clause 4.1 or 4.2"), ("4.2", "clause 4.1 or 4.2")])
        );
        assert_eq!(
            phrases(&case("As set out in 4.1 or 4.2, members vote.")),
            pairs(&[("4.1", "set out in 4.1 or 4.2"), ("4.2", "set out in 4.1 or 4.2")])
        );
        assert_eq!(
            phrases(&case("See sections 2 to 5.")),
            pairs(&[("2", "sections 2 to 5"), ("5", "sections 2 to 5")])
        );
        assert_eq!(phrases(&case("See sections 2–5.")), pairs(&[("2", "sections 2–5"), ("5", "sections 2–5")]));
        assert_eq!(
            phrases(&case("Sections 2, 3 and 4 apply.")),
            pairs(&[("2", "Sections 2, 3 and 4"), ("3", "Sections 2, 3 and 4"), ("4", "Sections 2, 3 and 4")])
        );
        assert_eq!(phrases(&case("Section 3 or 4.")), pairs(&[("3", "Section 3 or 4"), ("4", "Section 3 or 4")]));
        // A plain number after a singular that runs on into the sentence is not a reference.
        assert_eq!(phrases(&case("Under section 3 and 4 members vote.")), pairs(&[("3", "section 3")]));
        // Nor is a measure.
        assert_eq!(phrases(&case("It lasts under 4.1 or 4.2 hours.")), pairs(&[]));
    }

    #[test]
    fn a_no_break_space_separates_words() {
        let doc = Document::parse(0, "1.1 See clause\u{a0}2.1.\n\n2.1 x.\n");
        assert_eq!(written(&doc), [("clause\u{a0}2.1".to_string(), "2.1".to_string())]);
    }

    #[test]
    fn a_label_is_not_a_reference() {
        let doc = Document::parse(0, "Section 1 – Aims\n\n1.1 One.\n\nSection 2 – Means\n\n2.1 See Section 1.\n");
        assert_eq!(written(&doc), [("Section 1".to_string(), "1".to_string())]);
        assert_eq!(doc.slice(find(&doc)[0].number), "1");
    }
}
