//! Markdown with `<del>` and `<ins>` inline, which GitHub, GitLab and pandoc render. The
//! document's own text is kept as it is, so a Markdown base keeps its formatting.

use super::{Style, marked_body, summary, title};
use crate::redline::{Mark, Redline};

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
pub(super) fn render(redline: &Redline, style: Style) -> String {
    format!("**Redline:** {}\\\n{} {}\n\n{}", title(redline), legend(style), summary(redline), body(redline, style))
}

/// The document with its marks.
pub(super) fn body(redline: &Redline, style: Style) -> String {
    marked_body(redline, true, |mark| tags(mark, style))
}
