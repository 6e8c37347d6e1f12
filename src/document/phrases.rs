//! What a line's words say about its role, where its start does not: a title or a sentence, a
//! definition (`Convention means …`), a repealed placeholder (`[Repealed, SOR/2011-109, s. 2]`).

use std::ops::Range;

/// A title longer than this many words is a sentence, not a heading.
const MAX_TITLE_WORDS: usize = 12;
/// No title of twelve words is this long: longer text is not looked at word by word.
const MAX_TITLE_BYTES: usize = 240;
/// A defined term longer than this many words is a sentence that happens to contain "means".
const MAX_TERM_WORDS: usize = 8;

/// Words a title never ends with: `Bylaw changes that would` is a sentence cut short.
const OPEN_ENDINGS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "if", "in", "is", "may", "must", "of", "on", "or",
    "shall", "that", "the", "to", "which", "who", "with", "would",
];

/// Whether text reads like a title rather than a sentence: short, starting with a capital or
/// a digit, not ending in punctuation or an open word, and not holding several sentences.
pub(super) fn title_like(text: &str) -> bool {
    if text.len() > MAX_TITLE_BYTES || text.trim_end().ends_with(['.', ',', ';', ':', '!', '—', '–']) {
        return false;
    }
    let t = text.trim();
    // `📜 Introduction`: a symbol before the title.
    let t = match t.split_once(' ') {
        Some((lead, rest)) if !lead.chars().any(char::is_alphanumeric) && !"“\"‘'(".contains(lead) => {
            rest.trim_start()
        }
        _ => t,
    };
    let words = t.split_whitespace().count();
    let last = t.rsplit(char::is_whitespace).next().unwrap_or("").to_lowercase();
    t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "“\"‘'(".contains(c))
        && words <= MAX_TITLE_WORDS
        && !t.ends_with(['.', ',', ';', ':', '!', '—', '–'])
        && !t.contains(". ")
        && (words == 1 || !OPEN_ENDINGS.contains(&last.as_str()))
        && placeholder(t).is_none()
}

/// A marginal note is at most this many words.
const MAX_NOTE_WORDS: usize = 16;
/// No marginal note of sixteen words is this long.
const MAX_NOTE_BYTES: usize = 200;

/// Whether a line could be a statute's marginal note or group heading (`Short title`,
/// `Direction to be complied with`, `Payments out of C.R.F.`): short, starting with a capital,
/// with no colon and not ending a clause.
pub(super) fn note_like(text: &str) -> bool {
    if text.len() > MAX_NOTE_BYTES {
        return false;
    }
    let t = text.trim();
    t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit() || "“\"‘'(".contains(c))
        && t.split_whitespace().count() <= MAX_NOTE_WORDS
        && !t.ends_with([',', ';', ':', '—', '–'])
        && !t.split(':').skip(1).any(|after| !after.starts_with(' ') || after[1..].starts_with(char::is_uppercase))
        && !t.contains(". ")
        && placeholder(t).is_none()
}

/// Whether a title is written in title case (`Member Resignation`, `Notice of Board Meetings`):
/// every word of four letters or more starts with a capital. Leading symbols (`📜 Introduction`)
/// are ignored.
pub(super) fn title_case(text: &str) -> bool {
    if text.len() > MAX_TITLE_BYTES {
        return false;
    }
    let t = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    let mut words = t.split_whitespace().filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 4);
    !t.is_empty()
        && t.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit())
        && words.all(|w| w.trim_start_matches(|c: char| !c.is_alphanumeric()).starts_with(|c: char| !c.is_lowercase()))
}

/// A repealed placeholder at the start of a unit's text, as a byte range in `text`:
/// `[Repealed, SOR/2011-109, s. 2]`, `Repealed.`, `Repealed`.
pub(super) fn placeholder(text: &str) -> Option<Range<usize>> {
    let lead = text.len() - text.trim_start().len();
    let t = &text[lead..];
    if t.starts_with("[Repealed") {
        let end = t.find(']').map_or(t.trim_end().len(), |i| i + 1);
        return Some(lead..lead + end);
    }
    let bare = t.trim_end();
    matches!(bare, "Repealed" | "Repealed." | "(Repealed)" | "[Repealed]" | "Repealed;")
        .then(|| lead..lead + bare.len())
}

/// The verbs that follow a defined term.
const DEFINING: &[&str] = &[" means", " includes", " has the same meaning", " has the meaning", " mean ", " include "];

/// The term a definition line defines, as a byte range in `line`: `Convention` in
/// `Convention means the Convention …`, `common-law partner` in `common-law partner, in
/// relation to an individual, means …`, `disability` in `disability[Repealed, …]`.
pub(super) fn defined_term(line: &str) -> Option<Range<usize>> {
    if let Some(i) = line.find("[Repealed") {
        return term_before(line, i);
    }
    let window = &line[..floor_char(line, 160)];
    let at = DEFINING
        .iter()
        .filter_map(|v| {
            window.find(v).filter(|&i| window[i + v.len()..].starts_with([' ', ',', ':', '—']) || v.ends_with(' '))
        })
        .min()?;
    term_before(line, at)
}

fn term_before(line: &str, at: usize) -> Option<Range<usize>> {
    let candidate = &line[..at];
    // `common-law partner, in relation to an individual, means`: the term ends at its comma.
    let end = candidate.find(',').unwrap_or(candidate.len());
    let term = candidate[..end].trim_end();
    let words = term.split_whitespace().count();
    let ok = (1..=MAX_TERM_WORDS).contains(&words)
        && term.starts_with(|c: char| c.is_alphanumeric())
        && !term.contains(['.', ';', ':', '(', ')', '“', '"'])
        && !term.starts_with(|c: char| c.is_ascii_digit());
    ok.then_some(0..term.len())
}

/// The term a labelled definition defines: `Director` in `The term "Director" means …`,
/// `Covered retail establishment` in `"Covered retail establishment" means:`, `Mailing` in
/// `[Mailing]: means …`.
pub(super) fn quoted_term(rest: &str) -> Option<Range<usize>> {
    let (skip, body) = match rest.strip_prefix("The term ") {
        Some(b) => (rest.len() - b.len(), b),
        None => (0, rest),
    };
    let (open, close) = match body.chars().next()? {
        '“' => ('“', '”'),
        '"' => ('"', '"'),
        '[' => ('[', ']'),
        _ => return None,
    };
    let inner_start = open.len_utf8();
    let inner_len = body[inner_start..].find(close)?;
    let after = body[inner_start + inner_len + close.len_utf8()..].trim_start_matches([':', ' ', ',']);
    let verb = ["means", "includes", "shall have", "has the", "refers to", "refer to", "mean "];
    if !verb.iter().any(|v| after.starts_with(v)) || inner_len == 0 || inner_len > 120 {
        return None;
    }
    let start = skip + inner_start;
    Some(start..start + inner_len)
}

/// Whether a unit's own text introduces definitions: `In this Act,`, `The following
/// definitions apply in this Act.`, `For the purposes of this subchapter:`.
pub(super) fn introduces_definitions(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with([',', ':', '—']) || t.contains("definitions apply") || t.contains("definition applies")
}

/// Whether a line ends a clause that its list goes on from (`… will be refused,`, `…; or`):
/// text after the list that starts in lower case then continues the list's parent.
pub(super) fn ends_open_clause(text: &str) -> bool {
    let t = text.trim_end();
    t.ends_with([',', ';', ':', '—', '–']) || t.ends_with(" and") || t.ends_with(" or")
}

fn floor_char(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(line: &str) -> Option<&str> {
        defined_term(line).map(|r| &line[r])
    }

    #[test]
    fn titles_and_sentences() {
        for t in ["Member Resignation", "Short title", "Report to Parliament", "(Section 2)", "📜 Introduction"] {
            assert!(title_like(t.trim_start_matches('📜').trim()), "{t}");
        }
        for t in
            ["Bylaw changes that would", "There shall be no voting by proxy.", "Items Requiring Votes:", "Repealed"]
        {
            assert!(!title_like(t), "{t}");
        }
        assert!(title_case("📜 Notice of Board Meetings"));
        assert!(!title_case("Pay your dues"));
        assert!(!title_case("General meetings"));
    }

    #[test]
    fn definitions() {
        assert_eq!(term("Convention means the Convention on the Prohibition; (Convention)"), Some("Convention"));
        assert_eq!(
            term("common-law partner, in relation to an individual, means a person who"),
            Some("common-law partner")
        );
        assert_eq!(term("agent corporation has the same meaning as in subsection 83(1)"), Some("agent corporation"));
        assert_eq!(term("disability[Repealed, 1992, c. 21, s. 6]"), Some("disability"));
        assert_eq!(term("place includes any means of transport; (lieu)"), Some("place"));
        assert_eq!(term("The Minister may by order designate a person who means well"), None);
        let rest = "The term “employ” includes to suffer or permit to work.";
        assert_eq!(quoted_term(rest).map(|r| &rest[r]), Some("employ"));
        let rest = "\"Covered retail establishment\" means:";
        assert_eq!(quoted_term(rest).map(|r| &rest[r]), Some("Covered retail establishment"));
        let rest = "[Mailing]: means first-class mail";
        assert_eq!(quoted_term(rest).map(|r| &rest[r]), Some("Mailing"));
    }

    #[test]
    fn placeholders() {
        let t = "[Repealed, SOR/2011-109, s. 2]";
        assert_eq!(placeholder(t), Some(0..t.len()));
        assert_eq!(placeholder("Repealed."), Some(0..9));
        assert_eq!(placeholder("Repealed provisions apply."), None);
    }
}
