//! Redline → text in one of the output formats, one module per format. Renderers decide only
//! how marks look; what changed comes from [`crate::redline`].
//!
//! Every human format starts with a header paragraph (what is compared, and a legend), then a
//! blank line, then the document. Colour is never the only cue: every style strikes, brackets,
//! underlines, italicises or emboldens.

mod ansi;
mod critic;
mod html;
mod json;
mod markdown;
mod plain;
pub mod preview;

use crate::redline::{Change, Mark, Redline, Subject};
use crate::resolve::EditKind;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Terminal: deletions red and struck through, insertions green and underlined.
    Ansi,
    /// wdiff-style `[-old-]{+new+}`.
    Plain,
    /// Markdown with `<del>`/`<ins>`.
    Markdown,
    /// CriticMarkup: `{--old--}`, `{++new++}`, `{~~old~>new~~}`.
    Critic,
    /// One self-contained HTML page.
    Html,
    /// The changes as JSON, for tools.
    Json,
}

impl Format {
    /// Every format, for tests and help.
    pub const ALL: [Format; 6] =
        [Format::Ansi, Format::Plain, Format::Markdown, Format::Critic, Format::Html, Format::Json];
}

/// The house convention for marking changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Style {
    /// Deletions struck through, insertions underlined (most US states and assemblies).
    #[default]
    StrikeUnderline,
    /// Deletions struck through, insertions in italics (US House comparative prints).
    Ramseyer,
    /// Deletions struck through, insertions in bold (UK Keeling schedules).
    Keeling,
    /// Deletions in [square brackets], insertions underlined.
    Brackets,
}

impl Style {
    /// Every style, for tests and help.
    pub const ALL: [Style; 4] = [Style::StrikeUnderline, Style::Ramseyer, Style::Keeling, Style::Brackets];

    /// The convention in words, for legends.
    pub fn describe(self) -> &'static str {
        match self {
            Style::StrikeUnderline => "deleted text is struck through, inserted text underlined",
            Style::Ramseyer => "deleted text is struck through, inserted text in italics",
            Style::Keeling => "deleted text is struck through, inserted text in bold",
            Style::Brackets => "deleted text is in [square brackets], inserted text underlined",
        }
    }
}

/// How to render.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    pub style: Style,
    /// Colour on top of the style's marks (ANSI only; HTML colours on screen, never in print).
    pub color: bool,
}

/// Renders a redline in a format. Text output ends with a line break even when the document
/// does not, so that a shell prompt does not follow the last word.
pub fn render(redline: &Redline, format: Format, options: &Options) -> String {
    let mut out = match format {
        Format::Ansi => ansi::render(redline, options),
        Format::Plain => plain::render(redline),
        Format::Markdown => markdown::render(redline, options.style),
        Format::Critic => critic::render(redline),
        Format::Html => html::render(redline, options.style),
        Format::Json => json::render(redline),
    };
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// What a redline shows, in one line: `base.txt as amended by a.amend, b.amend`.
pub(crate) fn title(redline: &Redline) -> String {
    match &redline.subject {
        Subject::Amended { base, amendments } => {
            let names: Vec<&str> = amendments.iter().map(|a| a.file.as_str()).collect();
            format!("{base} as amended by {}", names.join(", "))
        }
        Subject::Compared { old, new } => format!("changes from {old} to {new}"),
    }
}

/// Sentences to add to a legend: the count of changes and any coarseness.
pub(crate) fn summary(redline: &Redline) -> String {
    let n = redline.changes.len();
    let mut s = match n {
        0 => "No changes.".to_string(),
        1 => "1 change.".to_string(),
        n => format!("{n} changes."),
    };
    if let Some(c) = &redline.coarse {
        s.push_str(&format!(" Note: {c}."));
    }
    s
}

/// A piece of marked text once split at line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    /// Text outside the mark (whitespace moved out of it).
    Plain(&'a str),
    /// Text inside the mark.
    Marked(&'a str),
    /// A line break (`\n` or `\r\n`), outside the mark.
    Break(&'a str),
}

/// Splits marked text so that no mark spans a line break, which Markdown, CriticMarkup and
/// line-oriented tools all need, and moves whitespace at either end of each line's mark
/// outside it, as wdiff prints it: `a [-b-] c` rather than `a [-b -]c`. Only for `loose` marks
/// (see [`Seg::loose`]): a tight one is left whole, since printing its whitespace or line
/// breaks outside it would split a word of the other text.
pub(crate) fn pieces(text: &str, loose: bool) -> Vec<Piece<'_>> {
    if !loose {
        return if text.is_empty() { Vec::new() } else { vec![Piece::Marked(text)] };
    }
    let mut out = Vec::new();
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let brk = &line[content.len()..];
        let core = content.trim();
        let lead = &content[..content.len() - content.trim_start().len()];
        let tail = &content[lead.len() + core.len()..];
        for (p, s) in [
            (Piece::Plain(lead), lead),
            (Piece::Marked(core), core),
            (Piece::Plain(tail), tail),
            (Piece::Break(brk), brk),
        ] {
            if !s.is_empty() {
                out.push(p);
            }
        }
    }
    out
}

/// Appends a segment's text with each of its pieces between `open` and `close`.
pub(crate) fn mark_pieces(out: &mut String, open: &str, close: &str, seg: &Seg) {
    for piece in pieces(seg.text, seg.loose) {
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

/// The document with each deletion and insertion between the marks `tags` gives for it.
pub(crate) fn marked_body(redline: &Redline, tags: impl Fn(Mark) -> (&'static str, &'static str)) -> String {
    let mut out = String::new();
    for seg in segments(redline) {
        if seg.mark == Mark::Equal {
            out.push_str(seg.text);
        } else {
            let (open, close) = tags(seg.mark);
            mark_pieces(&mut out, open, close, &seg);
        }
    }
    out
}

/// A segment as printed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seg<'a> {
    pub mark: Mark,
    pub text: &'a str,
    pub change: Option<&'a Change>,
    /// Whether whitespace at the edges of the mark may be printed outside it: only where the
    /// other text has whitespace beside the mark anyway, so that moving it splits no word.
    pub loose: bool,
}

/// The segments to print, without the byte-order mark a base may start with. Where a change
/// replaces lines with other lines, a line break goes between the old and the new text (as a
/// deleted line break), so that the last old line and the first new one do not run together.
pub(crate) fn segments(redline: &Redline) -> Vec<Seg<'_>> {
    let segs = &redline.segments;
    // The text the other side of a mark reads: the old text beside an insertion, the new
    // text beside a deletion.
    fn other(mark: Mark, s: &crate::redline::Segment) -> &str {
        if mark == Mark::Insert { s.old_text() } else { s.new_text() }
    }
    let blank_before = |i: usize, mark: Mark| {
        segs[..i]
            .iter()
            .rev()
            .map(|s| other(mark, s))
            .find(|t| !t.is_empty())
            .is_none_or(|t| t.ends_with(char::is_whitespace))
    };
    let blank_after = |i: usize, mark: Mark| {
        segs[i..]
            .iter()
            .map(|s| other(mark, s))
            .find(|t| !t.is_empty())
            .is_none_or(|t| t.starts_with(char::is_whitespace))
    };
    let mut out = Vec::with_capacity(segs.len());
    for (i, s) in segs.iter().enumerate() {
        let text = if i == 0 { s.text.strip_prefix('\u{FEFF}').unwrap_or(&s.text) } else { &s.text };
        let change = s.change.map(|c| &redline.changes[c]);
        let loose = s.mark != Mark::Equal && (blank_before(i, s.mark) || blank_after(i + 1, s.mark));
        out.push(Seg { mark: s.mark, text, change, loose });
        let next = segs.get(i + 1);
        // Only where the old text breaks there anyway, so that no word is split.
        let replaced_lines = s.mark == Mark::Delete
            && !text.ends_with('\n')
            && next.is_some_and(|n| {
                n.mark == Mark::Insert
                    && n.change == s.change
                    && (n.text.trim_end().contains('\n') || text.trim_end().contains('\n'))
            })
            // The break is printed bare, so the new text must have a break there too.
            && blank_after(i + 2, Mark::Insert)
            && (blank_before(i, Mark::Delete)
                || next.is_some_and(|n| n.text.starts_with(char::is_whitespace)));
        if replaced_lines {
            out.push(Seg { mark: Mark::Delete, text: "\n", change, loose: true });
        }
    }
    out
}

/// What a change concerns, in a few words: `Para 2.1`, `new unit after Para 4.2`.
pub(crate) fn subject(change: &Change) -> String {
    let unit = change.unit.as_ref().map_or("the text", |u| u.name.as_str());
    match change.kind {
        EditKind::AddUnit if change.unit.as_ref().is_some_and(|u| u.added) => format!("new {unit}"),
        EditKind::AddUnit => format!("new unit after {unit}"),
        EditKind::RemoveUnit => format!("{unit} removed"),
        EditKind::Renumber => format!("{unit} renumbered"),
        EditKind::Text | EditKind::ReplaceUnit => unit.to_string(),
    }
}

/// A change's origin in a few words: `Para 2.1 — amendments.amend, line 11`.
pub(crate) fn origin(change: &Change) -> String {
    match &change.source {
        Some(s) => format!("{} — {}, line {}", subject(change), s.file, s.line),
        None => subject(change),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_keep_marks_within_lines() {
        assert_eq!(
            pieces("\n\n4.3 New.\r\nMore", true),
            [
                Piece::Break("\n"),
                Piece::Break("\n"),
                Piece::Marked("4.3 New."),
                Piece::Break("\r\n"),
                Piece::Marked("More"),
            ]
        );
    }

    #[test]
    fn tight_pieces_stay_whole() {
        assert_eq!(pieces(" a\nb ", false), [Piece::Marked(" a\nb ")]);
    }

    #[test]
    fn pieces_move_edge_whitespace_out_when_trimming() {
        assert_eq!(
            pieces(" Organising Group and ", true),
            [Piece::Plain(" "), Piece::Marked("Organising Group and"), Piece::Plain(" "),]
        );
        assert_eq!(pieces("  ", true), [Piece::Plain("  ")]);
    }
}
