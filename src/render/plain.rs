//! Plain text with wdiff's marks, `[-old-]{+new+}`: for pipes, e-mail and snapshots.

use super::{Options, heading, marked_body, summary};
use crate::redline::{Mark, Redline};

/// The legend line's marks.
pub(super) const LEGEND: &str = "Legend: [-deleted text-] {+inserted text+}.";

/// Renders with `[-…-]` and `{+…+}`, after a header and legend.
pub(super) fn render(redline: &Redline, options: &Options) -> String {
    let mut out = format!("{}{LEGEND} {}\n\n", heading(redline, options, "Redline: ", "\n"), summary(redline));
    out.push_str(&body(redline));
    out
}

/// The document with its marks.
pub(super) fn body(redline: &Redline) -> String {
    marked_body(redline, false, |mark| match mark {
        Mark::Delete => ("[-", "-]"),
        Mark::Insert => ("{+", "+}"),
        Mark::Equal => ("", ""),
    })
}
