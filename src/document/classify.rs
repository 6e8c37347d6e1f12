//! How a line of a base begins, as the grammar (`grammar/document.pest`) reads it: a heading, a
//! labelled unit, a bullet, a table row or plain text. The builder decides what each opens.

use super::Keyword;
use super::Label;
use super::label::{LabelStyle, Number, Shape, System};
use crate::grammar::{Grammar, Rule};
use crate::source::Span;
use pest::Parser;
use pest::iterators::Pair;

/// How a line begins. Spans are byte offsets in the whole text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Head {
    /// `## Title`: the title is the rest of the line, read again as a line.
    Markdown {
        hashes: u8,
        title: Span,
    },
    /// `Section 4 – Membership`, `PART 4`, `§ 32-1003. Requirements.`, `Appendix`.
    Keyword {
        keyword: Keyword,
        label: Option<Label>,
        title: Option<Span>,
    },
    /// `2.1 Text`, `(a) text`, `vii) text`, `**3.2** text`.
    Labelled {
        label: Label,
        rest: Span,
    },
    /// A number printed bare before the text: `8 (1) The Minister …`, `28 Acts of …`.
    Bare {
        number: Span,
        sub: Option<Label>,
        rest: Span,
    },
    /// `• text`
    Bullet {
        marker: char,
        rest: Span,
    },
    /// `| a | b |`
    Table,
    /// `* [**6. Polls**](#polls)`
    Contents,
    Plain,
}

pub(super) fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{A0}' | '\u{2007}' | '\u{2009}' | '\u{202F}' | '\u{3000}' | '\u{c}')
}

/// Reads how a line (given without its indentation and trailing space, starting at byte `at`)
/// begins.
pub(super) fn classify(line: &str, at: usize) -> Head {
    match fast_head(line, at) {
        Some(head) => head,
        None => grammar_head(line, at),
    }
}

/// Words that may open a keyword heading (`grammar/document.pest`, `heading_keyword` and
/// `numberless_keyword`), in lower case: a line whose first word is one of them is left to
/// the grammar.
const KEYWORD_WORDS: &[&str] = &[
    "part",
    "chapter",
    "subchapter",
    "division",
    "subdivision",
    "article",
    "section",
    "clause",
    "rule",
    "schedule",
    "appendix",
    "annexe",
    "annex",
    "standing",
];

/// The commonest lines, read by hand exactly as the grammar reads them (a property test
/// checks this on every line of the fixtures and the corpus and on random lines): a line that
/// starts with a word of letters and a space and is no keyword (plain text), a bare number
/// before the text (`12.1 If …`), and `(a) `, `(12) `, `4. `, `iv) ` before the text. Anything
/// else is left to the grammar.
fn fast_head(line: &str, at: usize) -> Option<Head> {
    let bytes = line.as_bytes();
    let first = *bytes.first()?;
    if let Some((number, rest)) = fast_bare(line) {
        let number = Span::new(at, at + number);
        return Some(Head::Bare { number, sub: None, rest: Span::new(at + rest, at + line.len()) });
    }
    if first.is_ascii_alphabetic() {
        let word = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        if bytes.get(word) == Some(&b' ') {
            let lower = line[..word].to_ascii_lowercase();
            return (!KEYWORD_WORDS.contains(&lower.as_str())).then_some(Head::Plain);
        }
    }
    // `(a) `, `(iv) `, `(12) `, `(B) `, `4. `, `a) `
    let (inner, close, shape) = if first == b'(' {
        let n = bytes[1..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        (1..1 + n, 1 + n, Shape::Paren)
    } else {
        let n = bytes.iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        match bytes.get(n) {
            Some(b'.') => (0..n, n, Shape::Dot),
            Some(b')') => (0..n, n, Shape::CloseParen),
            _ => return None,
        }
    };
    let token = &line[inner.clone()];
    if token.is_empty()
        || (shape == Shape::Paren && bytes.get(close) != Some(&b')'))
        || bytes.get(close + 1) != Some(&b' ')
    {
        return None;
    }
    let digits = token.len() <= 4 && token.bytes().all(|b| b.is_ascii_digit());
    let same_case = token.bytes().all(|b| b.is_ascii_lowercase()) || token.bytes().all(|b| b.is_ascii_uppercase());
    // One letter, a roman numeral (`iv`) or a doubled letter (`aa`).
    let letters = same_case
        && (token.len() == 1
            || token.len() == 2
                && (super::label::roman_value(token).is_some() || token.as_bytes()[0] == token.as_bytes()[1]));
    if !digits && !letters {
        return None;
    }
    let number = Number { parts: vec![super::label::Component::read(token)] };
    let style = style_of(&number, shape, false);
    let start = if shape == Shape::Paren { 0 } else { inner.start };
    let label = Label { span: Span::new(at + start, at + close + 1), number, style };
    let rest = &line[close + 1..];
    let skip = rest.len() - rest.trim_start_matches(is_hspace).len();
    Some(Head::Labelled { label, rest: Span::new(at + close + 1 + skip, at + line.len()) })
}

/// How a line begins, as the grammar reads it.
fn grammar_head(line: &str, at: usize) -> Head {
    let Ok(mut pairs) = Grammar::parse(Rule::line_head, line) else {
        return Head::Plain;
    };
    let Some(pair) = pairs.next().and_then(|p| p.into_inner().next()) else {
        return Head::Plain;
    };
    let span = |p: &Pair<Rule>| Span::new(at + p.as_span().start(), at + p.as_span().end());
    // The rest of the line after what the grammar matched, without leading space.
    let rest_after = |end: usize| {
        let rest = &line[end..];
        let skip = rest.len() - rest.trim_start_matches(is_hspace).len();
        Span::new(at + end + skip, at + line.len())
    };
    let end = pair.as_span().end();
    match pair.as_rule() {
        Rule::markdown_heading => {
            let hashes = pair.into_inner().next().map_or(1, |p| p.as_str().len()) as u8;
            Head::Markdown { hashes, title: rest_after(end) }
        }
        Rule::keyword_heading => keyword_heading(pair, at),
        Rule::table_row => Head::Table,
        Rule::contents_entry => Head::Contents,
        Rule::bare_numbered => {
            let mut inner = pair.into_inner();
            let Some(number) = inner.next() else { return Head::Plain };
            let sub = inner.next().map(|p| paren_label(p, at));
            Head::Bare { number: span(&number), sub, rest: rest_after(end) }
        }
        Rule::labelled_line => {
            let Some(label) = pair.into_inner().next() else { return Head::Plain };
            let label = match label.as_rule() {
                Rule::emphasised_label => match label.into_inner().next() {
                    Some(inner) => label_of(inner, at),
                    None => return Head::Plain,
                },
                _ => label_of(label, at),
            };
            Head::Labelled { label, rest: rest_after(end) }
        }
        Rule::bulleted_line => {
            let marker = line.chars().next().unwrap_or('•');
            Head::Bullet { marker, rest: rest_after(end) }
        }
        _ => Head::Plain,
    }
}

fn keyword_heading(pair: Pair<Rule>, at: usize) -> Head {
    let span = |p: &Pair<Rule>| Span::new(at + p.as_span().start(), at + p.as_span().end());
    let mut keyword = None;
    let mut label = None;
    let mut title = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::heading_keyword | Rule::numberless_keyword => keyword = Keyword::read(p.as_str()),
            Rule::heading_number => {
                let number = Number::from_pair(p.clone());
                let style = style_of(&number, Shape::Bare, false);
                label = Some(Label { span: span(&p), number, style });
            }
            Rule::heading_title => title = Some(span(&p)),
            _ => {}
        }
    }
    match keyword {
        Some(keyword) => Head::Keyword { keyword, label, title },
        None => Head::Plain,
    }
}

/// A `doc_label` or `emphasised_number` pair as a label.
fn label_of(pair: Pair<Rule>, at: usize) -> Label {
    let text = pair.as_str();
    let label_span = Span::new(at + pair.as_span().start(), at + pair.as_span().end());
    let has_dotted = pair.clone().into_inner().any(|p| p.as_rule() == Rule::dotted_number);
    let number = Number::from_pair(pair);
    let (shape, trailing_dot) = if text.starts_with('(') {
        (Shape::Paren, false)
    } else if has_dotted {
        (Shape::Dotted, text.ends_with('.'))
    } else if text.ends_with(')') {
        (Shape::CloseParen, false)
    } else {
        (Shape::Dot, false)
    };
    let style = style_of(&number, shape, trailing_dot);
    Label { span: label_span, number, style }
}

fn paren_label(pair: Pair<Rule>, at: usize) -> Label {
    let label_span = Span::new(at + pair.as_span().start(), at + pair.as_span().end());
    let number = Number::from_pair(pair);
    let style = style_of(&number, Shape::Paren, false);
    Label { span: label_span, number, style }
}

pub(super) fn style_of(number: &Number, shape: Shape, trailing_dot: bool) -> LabelStyle {
    LabelStyle {
        shape,
        depth: number.parts.len(),
        system: number.last().map_or(System::Arabic, |c| c.system),
        trailing_dot,
    }
}

/// The commonest bare-numbered line, read by hand exactly as the grammar's `bare_numbered`
/// reads it (the property tests of [`fast_head`] check this): digits in dotted groups of one to
/// five, spaces or tabs, and text that starts with neither a bracket (a label may follow) nor
/// anything outside printable ASCII (other spaces). The number's length and where the text
/// starts; `None` leaves the line to the grammar.
fn fast_bare(line: &str) -> Option<(usize, usize)> {
    let bytes = line.as_bytes();
    let mut end = 0;
    loop {
        let digits = bytes[end..].iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=5).contains(&digits) {
            return None;
        }
        end += digits;
        if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
            end += 1;
        } else {
            break;
        }
    }
    let spaces = bytes[end..].iter().take_while(|&&b| b == b' ' || b == b'\t').count();
    let next = *bytes.get(end + spaces)?;
    (spaces > 0 && next.is_ascii_graphic() && next != b'(').then_some((end, end + spaces))
}

/// A line that begins with a bare number (`8 (1) The Minister …`, `12.1 If …`), as the grammar's
/// `bare_numbered` reads it: the number's length, whether a bracketed label follows it, and
/// where the text starts. Used to survey a document before its lines are read.
pub(super) fn bare_parts(line: &str) -> Option<(usize, bool, usize)> {
    if !line.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    match fast_bare(line) {
        Some((number, rest)) => Some((number, false, rest)),
        None => grammar_bare_parts(line),
    }
}

/// [`bare_parts`], as the grammar reads the line.
fn grammar_bare_parts(line: &str) -> Option<(usize, bool, usize)> {
    let probe = Grammar::parse(Rule::bare_probe, line).ok()?.next()?;
    let bare = probe.into_inner().next()?;
    let end = bare.as_span().end();
    let mut inner = bare.into_inner();
    let number = inner.next()?.as_span().end();
    Some((number, inner.next().is_some(), end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn head(line: &str) -> Head {
        classify(line, 0)
    }

    #[test]
    fn statute_lines() {
        let Head::Bare { number, sub, rest } = head("8 (1) The Minister must") else { panic!() };
        assert_eq!((number, rest), (Span::new(0, 1), Span::new(6, 23)));
        assert_eq!(sub.unwrap().number.key(), "1");
        let Head::Bare { number, sub: None, .. } = head("75.01 There is") else { panic!() };
        assert_eq!(number, Span::new(0, 5));
        let Head::Labelled { label, rest } = head("(2.1) Paragraphs (1)(k)") else { panic!() };
        assert_eq!((label.number.key(), label.style.depth, rest.start), ("2.1".to_string(), 1, 6));
        for (line, key) in
            [("(b.1) the total", "b.1"), ("(b-1) Except", "b-1"), ("(5A) text", "5A"), ("(c.1) x", "c.1")]
        {
            let Head::Labelled { label, .. } = head(line) else { panic!("{line}") };
            assert_eq!(label.number.key(), key);
            assert_eq!(label.number.parts.len(), 1, "{line}");
        }
        let Head::Keyword { keyword, label, title, .. } = head("§ 8-1031.12f. Recycling of bags.") else { panic!() };
        assert_eq!((keyword, label.unwrap().number.key()), (Keyword::Section, "8-1031.12f".to_string()));
        assert_eq!(title, Some(Span::new(15, 33)));
        let Head::Keyword { keyword, label, title: None, .. } = head("PART 4") else { panic!() };
        assert_eq!((keyword, label.unwrap().number.key()), (Keyword::Part, "4".to_string()));
        assert!(matches!(head("Division 2"), Head::Keyword { keyword: Keyword::Division, .. }));
        assert!(matches!(
            head("Sec. 112f. Recycling."),
            Head::Keyword { keyword: Keyword::Section, label: Some(_), .. }
        ));
    }

    #[test]
    fn markdown_lines() {
        let Head::Labelled { label, rest } = head("**3.2** Voting is open.") else { panic!() };
        assert_eq!((label.span, label.number.key(), rest.start), (Span::new(2, 5), "3.2".to_string(), 8));
        assert!(matches!(head("| a | b |"), Head::Table));
        assert!(matches!(head("* [**6. Polls**](#polls)"), Head::Contents));
        assert!(matches!(head("* [a link](https://x.org)"), Head::Bullet { .. }));
        assert!(matches!(head("*Note* this"), Head::Plain));
        let Head::Markdown { hashes, title } = head("## 8. Legislative Combo") else { panic!() };
        assert_eq!((hashes, title), (2, Span::new(3, 23)));
    }

    /// Every line of the fixtures and of the corpus (when present), as the builder gives them.
    fn real_lines() -> Vec<String> {
        fn walk(dir: &std::path::Path, out: &mut Vec<String>) {
            let Ok(entries) = std::fs::read_dir(dir) else { return };
            for e in entries.flatten() {
                let path = e.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if let Ok(text) = std::fs::read_to_string(&path) {
                    out.extend(
                        text.lines().map(|l| l.trim_start_matches(is_hspace).trim_end_matches(is_hspace).to_string()),
                    );
                }
            }
        }
        let mut lines = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        walk(&root.join("fixtures"), &mut lines);
        // The corpus sits beside the repository (`../shared/corpus`), or beside the folder of
        // worktrees.
        for corpus in ["../shared/corpus", "../../shared/corpus"] {
            walk(&root.join(corpus), &mut lines);
        }
        lines
    }

    #[test]
    fn fast_path_reads_real_lines_as_the_grammar_does() {
        let (mut fast, mut bare) = (0, 0);
        for line in real_lines() {
            if let Some(head) = fast_head(&line, 7) {
                assert_eq!(head, grammar_head(&line, 7), "{line:?}");
                fast += 1;
            }
            if line.starts_with(|c: char| c.is_ascii_digit()) {
                assert_eq!(bare_parts(&line), grammar_bare_parts(&line), "{line:?}");
                bare += usize::from(fast_bare(&line).is_some());
            }
        }
        assert!(fast > 500, "only {fast} lines took the fast path");
        assert!(bare > 100, "only {bare} lines took the fast path for bare numbers");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        #[test]
        fn fast_path_reads_random_lines_as_the_grammar_does(
            line in "(\\(?[a-zA-Z0-9]{1,5}[.)]?|[A-Za-z§*|#(-]{1,12})[ .)(\\t]{0,2}[A-Za-z0-9 .,;:()]{0,12}"
        ) {
            if let Some(head) = fast_head(&line, 0) {
                proptest::prop_assert_eq!(head, grammar_head(&line, 0), "{:?}", line);
            }
        }

        #[test]
        fn fast_path_reads_random_bare_numbers_as_the_grammar_does(
            line in "[0-9]{1,7}([.][0-9]{0,7}){0,3}[A-Za-z.)-]{0,2}[ \t\u{A0}\u{c}]{0,2}[A-Za-z0-9 .,;:()\u{A0}é-]{0,12}"
        ) {
            if let Some(head) = fast_head(&line, 3) {
                proptest::prop_assert_eq!(head, grammar_head(&line, 3), "{:?}", line);
            }
            proptest::prop_assert_eq!(bare_parts(&line), grammar_bare_parts(&line), "{:?}", line);
        }
    }

    #[test]
    fn plain_lines() {
        for line in ["The Council", "e.g. this", "(Me, Et, n-Pr)-phosphonates", "(Section 2)", "A Toxic chemicals:"] {
            assert!(matches!(head(line), Head::Plain), "{line}: {:?}", head(line));
        }
    }
}
