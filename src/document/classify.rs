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
#[derive(Debug, Clone)]
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

/// Whether a line of the base could begin with a bare section number (`8 (1) …`), as the
/// grammar's `bare_numbered` reads it: used to tell a statute before its lines are read.
pub(super) fn is_bare_numbered(line: &str) -> bool {
    line.starts_with(|c: char| c.is_ascii_digit()) && Grammar::parse(Rule::bare_numbered, line).is_ok()
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

    #[test]
    fn plain_lines() {
        for line in ["The Council", "e.g. this", "(Me, Et, n-Pr)-phosphonates", "(Section 2)", "A Toxic chemicals:"] {
            assert!(matches!(head(line), Head::Plain), "{line}: {:?}", head(line));
        }
    }
}
