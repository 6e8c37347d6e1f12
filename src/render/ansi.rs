//! Terminal output: marks as ANSI text attributes (strike-through, underline, italics, bold),
//! with red and green on top when colour is on. Without colour the attributes remain, so the
//! marks never rest on colour alone.

use super::{Options, Piece, Style, heading, pieces, segments, summary};
use crate::redline::{Mark, Redline};
use std::io::Write;
use termcolor::{Ansi, Color, ColorSpec, WriteColor};

fn spec(mark: Mark, options: &Options) -> ColorSpec {
    let mut spec = ColorSpec::new();
    match mark {
        Mark::Equal => {}
        Mark::Delete => {
            if options.style == Style::Brackets {
                // Pennsylvania's "light-face brackets": the words stay legible, bracketed.
                spec.set_dimmed(true);
            } else {
                spec.set_strikethrough(true);
            }
            if options.color {
                spec.set_fg(Some(Color::Red));
            }
        }
        Mark::Insert => {
            match options.style {
                Style::StrikeUnderline | Style::Brackets => spec.set_underline(true),
                Style::Ramseyer => spec.set_italic(true),
                Style::Keeling => spec.set_bold(true),
            };
            if options.color {
                spec.set_fg(Some(Color::Green));
            }
        }
    }
    spec
}

/// Writes `text` with the attributes of `mark`; brackets around deletions in that style.
fn marked(out: &mut Ansi<Vec<u8>>, mark: Mark, text: &str, options: &Options) {
    let brackets = mark == Mark::Delete && options.style == Style::Brackets;
    // Writing to memory cannot fail.
    let _ = out.set_color(&spec(mark, options));
    if brackets {
        let _ = write!(out, "[{text}]");
    } else {
        let _ = out.write_all(text.as_bytes());
    }
    let _ = out.reset();
}

/// The legend: the marks shown, then described in words.
pub(super) fn legend(options: &Options) -> String {
    let mut out = Ansi::new(Vec::new());
    let _ = write!(out, "Legend: ");
    marked(&mut out, Mark::Delete, "deleted", options);
    let _ = write!(out, " ");
    marked(&mut out, Mark::Insert, "inserted", options);
    let _ = write!(out, " ({}).", options.style.describe());
    String::from_utf8(out.into_inner()).expect("rendered from UTF-8 text")
}

/// Renders for a terminal.
pub(super) fn render(redline: &Redline, options: &Options) -> String {
    format!(
        "{}{} {}\n\n{}",
        heading(redline, options, "Redline: ", "\n"),
        legend(options),
        summary(redline),
        body(redline, options)
    )
}

/// The document with its marks.
pub(super) fn body(redline: &Redline, options: &Options) -> String {
    let mut out = Ansi::new(Vec::new());
    for seg in segments(redline) {
        let (mark, text) = (seg.mark, seg.text);
        if mark == Mark::Equal {
            let _ = out.write_all(text.as_bytes());
            continue;
        }
        for piece in pieces(text, seg.loose) {
            match piece {
                Piece::Plain(s) | Piece::Break(s) => {
                    let _ = out.write_all(s.as_bytes());
                }
                Piece::Marked(s) => marked(&mut out, mark, s, options),
            }
        }
    }
    String::from_utf8(out.into_inner()).expect("rendered from UTF-8 text")
}
