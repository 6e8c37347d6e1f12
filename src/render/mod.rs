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

    /// Whether the format prints the unit each change concerns (the others print only marks,
    /// so that naming units, which parses the whole old text, can be skipped for them).
    pub fn names_units(self) -> bool {
        matches!(self, Format::Critic | Format::Html | Format::Json)
    }
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
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub style: Style,
    /// Colour on top of the style's marks (ANSI only; HTML colours on screen, never in print).
    pub color: bool,
    /// What the redline is called in its heading (`--title`), instead of the file names.
    pub title: Option<String>,
    /// Sections shown before the document on the web page (an agenda's amendments and
    /// collisions); the text formats leave such reports to the caller.
    pub preface: Vec<Preface>,
}

/// A section of a web page before the document: a heading and a list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Preface {
    /// The section's heading.
    pub heading: String,
    /// Its items, one sentence each.
    pub items: Vec<String>,
}

/// Renders a redline in a format. Text output ends with a line break even when the document
/// does not, so that a shell prompt does not follow the last word.
pub fn render(redline: &Redline, format: Format, options: &Options) -> String {
    let mut out = match format {
        Format::Ansi => ansi::render(redline, options),
        Format::Plain => plain::render(redline, options),
        Format::Markdown => markdown::render(redline, options),
        Format::Critic => critic::render(redline, options),
        Format::Html => html::render(redline, options),
        Format::Json => json::render(redline),
    };
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// What a redline shows, in one line: the title given, or `base.txt as amended by a.amend,
/// b.amend`.
pub(crate) fn title(redline: &Redline, options: &Options) -> String {
    if let Some(t) = &options.title {
        return t.clone();
    }
    match &redline.subject {
        Subject::Amended { base, amendments } => {
            let names: Vec<&str> = amendments.iter().map(|a| a.file.as_str()).collect();
            format!("{base} as amended by {}", names.join(", "))
        }
        Subject::Compared { old, new } => format!("changes from {old} to {new}"),
    }
}

/// Under a title given instead of the file names, the line that names the amendments applied:
/// `Amendments: 1. Membership fees (2021/fees.amend); 2. …`.
pub(crate) fn amendments_line(redline: &Redline, options: &Options) -> Option<String> {
    let Subject::Amended { amendments, .. } = &redline.subject else { return None };
    if options.title.is_none() || amendments.is_empty() {
        return None;
    }
    let names: Vec<String> = amendments
        .iter()
        .enumerate()
        .map(|(i, a)| match &a.title {
            Some(t) if !a.file.is_empty() => format!("{}. {t} ({})", i + 1, a.file),
            Some(t) => format!("{}. {t}", i + 1),
            None => format!("{}. {}", i + 1, a.file),
        })
        .collect();
    Some(format!("Amendments: {}", names.join("; ")))
}

/// The heading of a text rendering: `Redline: ` and the title, then the amendments' line when a
/// title was given, each ended by `end` (a Markdown hard break, or a line break).
pub(crate) fn heading(redline: &Redline, options: &Options, label: &str, end: &str) -> String {
    let mut out = format!("{label}{}{end}", title(redline, options));
    if let Some(line) = amendments_line(redline, options) {
        out.push_str(&line);
        out.push_str(end);
    }
    out
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

/// Appends a marked text between `open` and `close`, every character of it inside the marks,
/// its spaces and line breaks too, so that the text formats read back exactly: a deleted line
/// break or indent printed outside the mark would read as kept. With `paragraphs` (Markdown),
/// a mark is closed before a blank line and the blank line marked on its own
/// (`<del>a</del><del>⏎⏎</del><del>b</del>`), since Markdown ends inline marks at a paragraph
/// break.
pub(crate) fn mark_exact(out: &mut String, open: &str, close: &str, text: &str, paragraphs: bool) {
    let mut push = |s: &str| {
        if !s.is_empty() {
            out.push_str(open);
            out.push_str(s);
            out.push_str(close);
        }
    };
    if !paragraphs {
        push(text);
        return;
    }
    let mut rest = text;
    while let Some((start, end)) = blank_run(rest) {
        push(&rest[..start]);
        push(&rest[start..end]);
        rest = &rest[end..];
    }
    push(rest);
}

/// The first run of whitespace holding two or more line breaks (a blank line), as a range.
fn blank_run(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            // Back to the start of the whitespace before this break, forward over whitespace.
            let start = text[..i].trim_end_matches([' ', '\t', '\r']).len();
            let end = i + 1 + (text[i + 1..].len() - text[i + 1..].trim_start_matches([' ', '\t', '\r', '\n']).len());
            if text[i + 1..end].contains('\n') {
                // The run ends after its last line break: the indent of the next line stays
                // with that line.
                let end = start + text[start..end].rfind('\n').map_or(0, |j| j + 1);
                return Some((start, end));
            }
            i = end.max(i + 1);
        } else {
            i += 1;
        }
    }
    None
}

/// The document with each deletion and insertion between the marks `tags` gives for it, every
/// character inside its mark (see [`mark_exact`]).
pub(crate) fn marked_body(
    redline: &Redline,
    paragraphs: bool,
    tags: impl Fn(Mark) -> (&'static str, &'static str),
) -> String {
    // Sized once: growing a copy of a long document by doubling moves it several times.
    let mut out = String::with_capacity(redline.segments.iter().map(|s| s.text.len() + 4).sum());
    for seg in exact_segments(redline) {
        if seg.mark == Mark::Equal {
            out.push_str(seg.text);
        } else {
            let (open, close) = tags(seg.mark);
            mark_exact(&mut out, open, close, seg.text, paragraphs);
        }
    }
    out
}

/// The segments as they are, for the formats that read back exactly: no line break is added
/// between old and new lines (see [`segments`]).
pub(crate) fn exact_segments(redline: &Redline) -> Vec<Seg<'_>> {
    segments(redline).into_iter().filter(|s| !s.added).collect()
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
    /// A line break added between replaced lines and their replacement (not in either text).
    pub added: bool,
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
        out.push(Seg { mark: s.mark, text, change, loose, added: false });
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
            out.push(Seg { mark: Mark::Delete, text: "\n", change, loose: true, added: true });
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
    fn exact_marks_hold_their_whitespace_and_markdown_marks_close_at_blank_lines() {
        let mark = |text: &str, paragraphs: bool| {
            let mut out = String::new();
            mark_exact(&mut out, "<", ">", text, paragraphs);
            out
        };
        assert_eq!(mark(" a\n  b ", false), "< a\n  b >");
        assert_eq!(mark(" a\n  b ", true), "< a\n  b >");
        assert_eq!(mark("a\n\nb\r\n \r\n  c\n\n", true), "<a><\n\n><b><\r\n \r\n><  c><\n\n>");
        assert_eq!(mark("a  \n\n", true), "<a><  \n\n>");
        assert_eq!(mark("", true), "");
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
