//! Stable line numbers for a base, the way motion tools print a motion for amendment: each
//! paragraph wrapped at a fixed width, lines counted through the document (blank lines are not
//! counted), optionally in pages. `amend number` prints them; `line 10` in an instruction
//! refers to them.

use crate::source::Span;

/// How lines are numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Numbering {
    /// Wrap paragraphs at this many characters; 0 keeps the base's own lines (for text taken
    /// from a printed copy, such as `pdftotext` output, whose lines are the printed ones).
    pub width: usize,
    /// Lines per page; without it, pages are marked by form feeds in the base (or there is one).
    pub page_length: Option<usize>,
}

impl Default for Numbering {
    fn default() -> Numbering {
        Numbering { width: 80, page_length: None }
    }
}

/// One numbered line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberedLine {
    /// Counted from 1 through the whole document.
    pub number: u32,
    /// The page, counted from 1.
    pub page: u32,
    /// The line's number on its page.
    pub on_page: u32,
    /// The words of the line in the base.
    pub span: Span,
}

/// Numbers the lines of `text` from byte `start` (after a byte-order mark).
pub fn number_lines(text: &str, start: usize, numbering: Numbering) -> Vec<NumberedLine> {
    let width = if numbering.width == 0 { usize::MAX } else { numbering.width.max(10) };
    let mut out = Vec::new();
    let mut page = 1u32;
    let mut on_page = 0u32;
    let mut has_form_feeds = false;
    let push = |span: Span, out: &mut Vec<NumberedLine>, page: &mut u32, on_page: &mut u32| {
        let number = out.len() as u32 + 1;
        if let Some(n) = numbering.page_length.filter(|&n| n > 0) {
            *page = (number - 1) / n as u32 + 1;
            *on_page = (number - 1) % n as u32 + 1;
        } else {
            *on_page += 1;
        }
        out.push(NumberedLine { number, page: *page, on_page: *on_page, span });
    };
    let mut offset = start;
    for raw in text[start..].split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        if raw.contains('\u{c}') && numbering.page_length.is_none() {
            if has_form_feeds || !out.is_empty() {
                page += 1;
                on_page = 0;
            }
            has_form_feeds = true;
        }
        // Words with their byte positions; a new output line when the next word would pass the width.
        let mut current: Option<(usize, usize, usize)> = None; // (start, end, chars)
        let mut pos = line_start;
        for word in raw.split(|c: char| c.is_whitespace() || c == '\u{c}') {
            let word_start = pos;
            pos += word.len() + raw[word_start - line_start + word.len()..].chars().next().map_or(0, char::len_utf8);
            if word.is_empty() {
                continue;
            }
            let chars = word.chars().count();
            current = match current {
                Some((s, _, n)) if n + 1 + chars <= width => Some((s, word_start + word.len(), n + 1 + chars)),
                Some((s, e, _)) => {
                    push(Span::new(s, e), &mut out, &mut page, &mut on_page);
                    Some((word_start, word_start + word.len(), chars))
                }
                None => Some((word_start, word_start + word.len(), chars)),
            };
        }
        if let Some((s, e, _)) = current {
            push(Span::new(s, e), &mut out, &mut page, &mut on_page);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_counts_without_blank_lines() {
        let text = "1.1 one two three four five six\n\n1.2 seven\n";
        let lines = number_lines(text, 0, Numbering { width: 15, page_length: None });
        let shown: Vec<&str> = lines.iter().map(|l| &text[l.span.range()]).collect();
        assert_eq!(shown, ["1.1 one two", "three four five", "six", "1.2 seven"]);
        assert_eq!(lines.iter().map(|l| l.number).collect::<Vec<_>>(), [1, 2, 3, 4]);
    }

    #[test]
    fn pages_from_form_feeds_or_length() {
        let text = "a\nb\n\u{c}c\n";
        let lines = number_lines(text, 0, Numbering::default());
        assert_eq!(lines.iter().map(|l| (l.page, l.on_page)).collect::<Vec<_>>(), [(1, 1), (1, 2), (2, 1)]);
        let lines = number_lines("a\nb\nc\n", 0, Numbering { width: 80, page_length: Some(2) });
        assert_eq!(lines.iter().map(|l| (l.page, l.on_page)).collect::<Vec<_>>(), [(1, 1), (1, 2), (2, 1)]);
    }
}
