//! Plain text with wdiff's marks, `[-old-]{+new+}`: for pipes, e-mail and snapshots.

use super::{Piece, pieces, segments, summary, title};
use crate::redline::{Mark, Redline};

/// The legend line's marks.
pub(super) const LEGEND: &str = "Legend: [-deleted text-] {+inserted text+}.";

/// Renders with `[-…-]` and `{+…+}`, after a header and legend.
pub(super) fn render(redline: &Redline) -> String {
    let mut out = format!("Redline: {}\n{LEGEND} {}\n\n", title(redline), summary(redline));
    out.push_str(&body(redline));
    out
}

/// The document with its marks.
pub(super) fn body(redline: &Redline) -> String {
    let mut out = String::new();
    for seg in segments(redline) {
        let (mark, text) = (seg.mark, seg.text);
        let (open, close) = match mark {
            Mark::Equal => {
                out.push_str(text);
                continue;
            }
            Mark::Delete => ("[-", "-]"),
            Mark::Insert => ("{+", "+}"),
        };
        for piece in pieces(text, seg.loose) {
            match piece {
                Piece::Plain(s) | Piece::Break(s) => out.push_str(s),
                Piece::Marked(s) => {
                    out.push_str(open);
                    out.push_str(s);
                    out.push_str(close);
                }
            }
        }
    }
    out
}
