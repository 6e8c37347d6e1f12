//! Markdown with `<del>` and `<ins>` inline, which GitHub, GitLab and pandoc render. The
//! document's own text is kept as it is, so a Markdown base keeps its formatting; a text base
//! keeps its lines, each line break inside a paragraph made a hard break.

use super::{Options, Style, heading, marked_body, summary};
use crate::redline::{Mark, Redline, Subject};

fn tags(mark: Mark, style: Style) -> (&'static str, &'static str) {
    match (mark, style) {
        (Mark::Delete, Style::Brackets) => ("<del>[", "]</del>"),
        (Mark::Delete, _) => ("<del>", "</del>"),
        (Mark::Insert, Style::Ramseyer) => ("<ins><em>", "</em></ins>"),
        (Mark::Insert, Style::Keeling) => ("<ins><strong>", "</strong></ins>"),
        (Mark::Insert, _) => ("<ins>", "</ins>"),
        (Mark::Equal, _) => ("", ""),
    }
}

/// The legend: the marks shown, then described in words.
pub(super) fn legend(style: Style) -> String {
    let (d0, d1) = tags(Mark::Delete, style);
    let (i0, i1) = tags(Mark::Insert, style);
    format!("Legend: {d0}deleted{d1} {i0}inserted{i1} ({}).", style.describe())
}

/// Renders as Markdown.
pub(super) fn render(redline: &Redline, options: &Options) -> String {
    let style = options.style;
    format!(
        "{}{} {}\n\n{}",
        heading(redline, options, "**Redline:** ", "\\\n"),
        legend(style),
        summary(redline),
        body(redline, style)
    )
}

/// The document with its marks.
pub(super) fn body(redline: &Redline, style: Style) -> String {
    let marked = marked_body(redline, true, |mark| tags(mark, style));
    if is_markdown(redline) { marked } else { hard_breaks(&marked) }
}

/// Whether the text compared is Markdown already (a `.md` file), whose line breaks inside a
/// paragraph are meant to join.
fn is_markdown(redline: &Redline) -> bool {
    let name = match &redline.subject {
        Subject::Amended { base, .. } => base,
        Subject::Compared { old, .. } => old,
    };
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".md") || lower.ends_with(".markdown")
}

/// Whether a line opens a Markdown block of its own, so that the line before needs no hard
/// break (and a heading or fence line takes none): a list item, a heading, a quote, a table
/// row, a fence. An ordered item interrupts a paragraph only when it is numbered 1.
fn opens_block(line: &str) -> bool {
    let t = line.trim_start();
    let ordered_one = t.strip_prefix('1').is_some_and(|r| r.starts_with(". ") || r.starts_with(") "));
    ["- ", "* ", "+ ", "> ", "#", "|", "```", "~~~"].iter().any(|m| t.starts_with(m)) || ordered_one
}

/// The text with a hard break (`\` at the end of the line) at every line break inside a
/// paragraph, so that a rendered page keeps the base's lines (list items on lines of their
/// own, an address over three lines) instead of joining them. Marks never span a line break.
fn hard_breaks(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let mut out = String::with_capacity(text.len() + lines.len());
    let mut fenced = false;
    for (i, line) in lines.iter().enumerate() {
        let content = line.trim_end_matches(['\n', '\r']);
        let t = content.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        }
        let next = lines.get(i + 1).map(|n| n.trim_end_matches(['\n', '\r']));
        let inside = !fenced
            && line.ends_with('\n')
            && !t.is_empty()
            && !t.starts_with('#')
            && !content.ends_with('\\')
            && next.is_some_and(|n| !n.trim().is_empty() && !opens_block(n));
        out.push_str(content);
        if inside {
            out.push('\\');
        }
        out.push_str(&line[content.len()..]);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// See: issue 15.
    #[test]
    fn r15_lines_inside_a_paragraph_are_hard_breaks() {
        let text = "1) Aims\n\n1.1 Members must:\n(a) pay;\n<del>(b) attend;</del>\n(c) vote.\n\n- a list\n- item\n\n# Head\nText\n";
        assert_eq!(
            hard_breaks(text),
            "1) Aims\n\n1.1 Members must:\\\n(a) pay;\\\n<del>(b) attend;</del>\\\n(c) vote.\n\n- a list\n- item\n\n# Head\nText\n"
        );
        // `2.` does not open a list after a paragraph line, `1.` does.
        assert_eq!(hard_breaks("Intro\n2. Two\n"), "Intro\\\n2. Two\n");
        assert_eq!(hard_breaks("Intro\n1. One\n"), "Intro\n1. One\n");
    }
}
