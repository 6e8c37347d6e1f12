//! Drafts → an amendment sheet in a house style: how units are named, how each kind of change
//! is worded, and how quoted and new text is written.

use super::{Change, DeriveOptions, Draft, NewUnit, Style, shorten};
use crate::document::{Document, Keyword, Shape, UnitId, UnitKind};
use crate::resolve::Normalized;
use crate::source::Span;
use std::fmt::Write as _;

/// The number of a unit as instructions write it: `(a)` as printed, `3)` for `3)`, else the
/// number (`2.1`, `IV`).
fn printed(doc: &Document, id: UnitId) -> Option<String> {
    doc.unit(id).label.as_ref().map(|l| match l.style.shape {
        Shape::Paren => doc.slice(l.span).to_string(),
        Shape::CloseParen => format!("{})", l.number.key()),
        _ => l.number.key(),
    })
}

/// The word a style names a unit by: its own keyword (`Rule`, `Article`), `Section` for a
/// heading, else the style's word for a paragraph.
fn word(doc: &Document, id: UnitId, style: Style) -> String {
    let u = doc.unit(id);
    match (u.keyword, u.kind) {
        (Some(k), _) => k.as_str().to_string(),
        (None, UnitKind::Heading { .. }) => "Section".into(),
        _ => match style {
            Style::Lla => "Para".into(),
            Style::Rulebook => "Clause".into(),
            Style::Debian => "section".into(),
            _ => "paragraph".into(),
        },
    }
}

/// How a unit is named in a style: `Para 2.1`, `Para 3.1(b)` for a lettered item of a
/// numbered paragraph (as drafters write it), and a path (`Section 1, paragraph (a)`) where
/// a number alone is ambiguous.
pub(super) fn address(doc: &Document, id: UnitId, style: Style) -> String {
    let u = doc.unit(id);
    let Some(number) = printed(doc, id) else {
        return match u.keyword {
            Some(k @ (Keyword::Appendix | Keyword::Annex | Keyword::Schedule)) => k.as_str().to_string(),
            _ => String::new(),
        };
    };
    let bracketed = u.label.as_ref().is_some_and(|l| l.style.shape == Shape::Paren);
    if let Some(p) = u.parent.filter(|&p| bracketed && doc.unit(p).kind != UnitKind::Heading { rank: 0 }) {
        let parent = doc.unit(p);
        if parent.label.is_some() && !matches!(parent.kind, UnitKind::Heading { .. }) {
            return format!("{}{number}", address(doc, p, style));
        }
    }
    let unique = u.label.as_ref().is_some_and(|l| doc.with_number(&l.number.key()).len() == 1);
    let own = format!("{} {number}", word(doc, id, style));
    if unique {
        return own;
    }
    // `Section 1, paragraph (a)`: the nearest numbered ancestor first.
    let mut anc = u.parent;
    while let Some(a) = anc {
        if printed(doc, a).is_some() {
            let outer = address(doc, a, style);
            return format!("{outer}, {}", own.to_lowercase());
        }
        anc = doc.unit(a).parent;
    }
    own
}

/// A new unit, in the forms a drafter of the style writes: `After Para 4.2 INSERT new Para
/// 4.3: “…”` (conference), `Add new clause 4.3: “…”` (rulebook), `After paragraph 4.2 insert
/// “4.3 …”` (UK), `Section 4 is amended by adding at the end the following: “4.6 …”` (US),
/// `Insert a new section 4.3 reading: “…”` (Debian). Bracketed numbers (`(c)`) are written in
/// the new text, since the reader takes no `new item (c)`. A number is stated in words only
/// where it is the one renumbering gives (the reader places such a unit by its number).
fn added(doc: &Document, anchor: UnitId, n: &NewUnit, style: Style) -> String {
    let addr = address(doc, anchor, style);
    let text = n.text();
    // `new Para 4.3` states the number; the quote is then the unit's text after it.
    let spoken = n.spoken_label().filter(|_| !n.body.contains(['\n', '\r']) && !n.body.trim().is_empty());
    let quoted = |t: &str| match text_arg(t) {
        (q, None) => format!(" {q}"),
        (_, Some(b)) => format!(" the following:\n{b}\n"),
    };
    let stop = |line: String, dot: &str| if line.ends_with('\n') { line } else { format!("{line}{dot}") };
    let w = word(doc, anchor, style);
    match style {
        Style::Lla => match spoken.filter(|_| n.by_number) {
            Some(label) => stop(format!("After {addr} INSERT new {w} {label}:{}", quoted(&n.body)), "."),
            None => stop(format!("After {addr} INSERT{}", quoted(text)), "."),
        },
        Style::Rulebook => match spoken.filter(|_| n.by_number) {
            Some(label) => format!("Add new {} {label}:{}", w.to_lowercase(), quoted(&n.body)),
            None => format!("After {addr} insert{}", quoted(text)),
        },
        Style::Debian => match spoken.filter(|_| n.by_number) {
            Some(label) => stop(format!("Insert a new {} {label} reading:{}", w.to_lowercase(), quoted(&n.body)), "."),
            None => stop(format!("After {}, insert the following:{}", lower_first(&addr), quoted(text)), "."),
        },
        Style::Uk => match text_arg(text) {
            (q, None) => format!("After {} insert {q}.", lower_first(&addr)),
            (_, Some(b)) => format!("After {} insert—\n{b}\n", lower_first(&addr)),
        },
        Style::Us => {
            // Only text that brings its own number is a new unit when added at the end.
            let ends = n.ends.map(|p| address(doc, p, style)).filter(|a| !a.is_empty() && text == n.full);
            match ends {
                Some(p) => stop(
                    format!("{} is amended by adding at the end the following:{}", capitalise(&p), quoted(text)),
                    ".",
                ),
                None => stop(format!("After {}, insert the following:{}", lower_first(&addr), quoted(text)), "."),
            }
        }
        Style::Roberts => stop(format!("After {}, insert the following:{}", lower_first(&addr), quoted(text)), "."),
    }
}

/// Where a renderer puts new text; [`fill`] replaces it with a quote, or with "the following:"
/// and a block below the line when the text spans lines.
const NEW: &str = "\u{1}";

/// A rendered line with its new text in place.
fn fill(line: &str, new: &str) -> String {
    let Some(at) = line.find(NEW) else { return line.to_string() };
    if new.contains('\n') || new.contains('\r') {
        format!("{}the following:\n{}\n", &line[..at], block(new))
    } else {
        line.replacen(NEW, &quote_new(new), 1)
    }
}

/// Quoted text to look for; line breaks in it are spaces (matching ignores them).
fn quote(s: &str) -> String {
    quote_new(&s.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// Quoted new text, as it is to read, in quote marks that do not occur in it.
fn quote_new(s: &str) -> String {
    if !s.contains('”') && !s.contains('“') {
        format!("“{s}”")
    } else if !s.contains('"') {
        format!("\"{s}\"")
    } else {
        format!("‘{s}’")
    }
}

fn times(n: usize) -> &'static str {
    match n {
        2 => " – TWICE",
        3 => " – THREE TIMES",
        4 => " – FOUR TIMES",
        5 => " – FIVE TIMES",
        _ => "",
    }
}

/// New text as a quote on the line, or as a block below it when it spans lines.
fn text_arg(new: &str) -> (String, Option<String>) {
    if new.contains('\n') || new.contains('\r') { (String::new(), Some(block(new))) } else { (quote_new(new), None) }
}

/// Text as a block: indented, so that no line of it can end the block (the parser removes the
/// indentation all its lines share).
fn block(new: &str) -> String {
    new.replace("\r\n", "\n")
        .lines()
        .map(|l| if l.trim().is_empty() { String::new() } else { format!("  {l}") })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The drafts as an amendment sheet in the chosen style.
pub(super) fn render(doc: &Document, drafts: &[Draft], options: &DeriveOptions) -> String {
    let mut out = String::new();
    let norm = Normalized::new(doc.text());
    for d in drafts {
        // A unit without a number is changed through the nearest unit that has one (or the
        // whole document), as words.
        let scope = d.unit.and_then(|u| addressable(doc, u));
        let addr = scope.map(|u| address(doc, u, options.style)).unwrap_or_default();
        let mut changes: Vec<Change> =
            if scope != d.unit { d.changes.iter().map(unnamed).collect() } else { d.changes.clone() };
        // Long quotes as ranges, where a range finds the same text.
        let region = d.unit.map_or_else(|| Span::new(doc.content_start(), doc.text().len()), |u| scope_region(doc, u));
        for c in &mut changes {
            if let Change::Replace { old, .. } | Change::Delete { old, .. } = c {
                if let Some(short) = shorten(&norm, region, old) {
                    *old = short;
                }
            }
        }
        for (i, c) in changes.iter().enumerate() {
            // A new unit needs a unit to follow; without one it is new words.
            let c = &match (c, scope) {
                (Change::AddAfter(_), None) => unnamed(c),
                _ => c.clone(),
            };
            let line = match (c, scope) {
                (Change::AddAfter(n), Some(anchor)) => added(doc, anchor, n, options.style),
                _ => match options.style {
                    Style::Lla => {
                        sheet(&addr, c, &if i == 0 { scope_prefix(&addr, ": ") } else { String::new() }, &LLA)
                    }
                    Style::Us => us(&addr, c),
                    Style::Uk => uk(&addr, c),
                    Style::Roberts => roberts(&addr, c),
                    Style::Rulebook => sheet(&addr, c, &scope_prefix(&addr, ": "), &RULEBOOK),
                    Style::Debian => debian(&addr, c),
                },
            };
            let line = match c {
                Change::Replace { new, .. } | Change::InsertAfter { new, .. } | Change::InsertBefore { new, .. } => {
                    fill(&line, new)
                }
                _ => line,
            };
            out.push_str(&line);
            if !line.ends_with('\n') {
                out.push('\n');
            }
        }
        // Only where the instructions name the unit itself, which is what the statement is about.
        if let (true, Some(r), true) = (options.so_it_reads, &d.reads, scope == d.unit) {
            if r.contains('\n') {
                let _ = writeln!(out, "So that it reads:\n{}", block(r));
            } else {
                let _ = writeln!(out, "So that it reads: {}", quote_new(r));
            }
        }
        out.push('\n');
    }
    out
}

/// The unit itself or its nearest ancestor that can be named in an instruction.
fn addressable(doc: &Document, u: UnitId) -> Option<UnitId> {
    let mut cur = Some(u);
    while let Some(c) = cur {
        if !address(doc, c, Style::Lla).is_empty() {
            return Some(c);
        }
        cur = doc.unit(c).parent;
    }
    None
}

/// The text an instruction about unit `u` searches: that of the unit that names it.
pub(super) fn scope_region(doc: &Document, u: UnitId) -> Span {
    addressable(doc, u).map_or_else(|| Span::new(doc.content_start(), doc.text().len()), |a| doc.unit(a).span)
}

/// A change to a unit that has no number to name it by (a title, an unlabelled paragraph),
/// written as a change of its words in the whole document.
fn unnamed(c: &Change) -> Change {
    match c {
        Change::ReplaceAll { old, new } | Change::ReplaceUnit { old, new } => {
            Change::replacing(old.trim().to_string(), new.trim().to_string(), 1)
        }
        Change::Remove { old, .. } => Change::Delete { old: old.trim().to_string(), count: 1 },
        Change::AddAfter(n) => Change::InsertAfter { anchor: String::new(), new: n.full.clone() },
        other => other.clone(),
    }
}

fn scope_prefix(addr: &str, sep: &str) -> String {
    if addr.is_empty() { String::new() } else { format!("{addr}{sep}") }
}

/// The conference sheet (`Para 2.1: DELETE “x”; INSERT “y”.`) and the rulebook (`Page 12, …:
/// delete “x” insert “y”`) write the same clauses, in capitals or not.
struct Sheet {
    capitals: bool,
    /// Between DELETE and INSERT.
    then: &'static str,
    /// At the end of an instruction.
    stop: &'static str,
}

const LLA: Sheet = Sheet { capitals: true, then: "; ", stop: "." };
const RULEBOOK: Sheet = Sheet { capitals: false, then: " ", stop: "" };

fn sheet(addr: &str, c: &Change, p: &str, k: &Sheet) -> String {
    let w = |word: &str| if k.capitals { word.to_uppercase() } else { word.to_string() };
    let (delete, insert, stop, then) = (w("delete"), w("insert"), k.stop, k.then);
    match c {
        Change::Replace { old, count, .. } => {
            format!("{p}{delete} {}{then}{insert} {}{}{stop}", quote(old), NEW, times(*count))
        }
        Change::Delete { old, count } => format!("{p}{delete} {}{}{stop}", quote(old), times(*count)),
        Change::DeleteAllAfter { anchor } => format!("{p}{delete} {} {}{stop}", w("all after"), quote(anchor)),
        Change::InsertAfter { anchor, .. } => format!("{p}{} {} {insert} {}{stop}", w("after"), quote(anchor), NEW),
        Change::InsertBefore { anchor, .. } => format!("{p}{} {} {insert} {}{stop}", w("before"), quote(anchor), NEW),
        Change::ReplaceAll { new, .. } => match text_arg(new) {
            (q, None) => format!("{p}{delete} {}; {insert} {q}{stop}", w("all")),
            (_, Some(block)) => format!("{p}{delete} {}; {insert} the following:\n{block}\n", w("all")),
        },
        Change::ReplaceUnit { new, .. } => format!("Delete {addr} and replace with:\n{}\n", block(new)),
        Change::Remove { keep_numbers, .. } => format!("{addr} – {delete} {}{}{stop}", w("all"), keep(*keep_numbers)),
        Change::AddAfter(_) => unreachable!("unexpected new unit in sheet: `added` writes them"),
    }
}

fn us(addr: &str, c: &Change) -> String {
    if addr.is_empty() {
        // Nothing to name: Robert's verbs, which the US style shares, with no unit.
        return roberts(addr, c);
    }
    let a = capitalise(addr);
    match c {
        Change::Replace { old, count, .. } => {
            let each = if *count > 1 { " each place it appears" } else { "" };
            format!("{a} is amended by striking {}{each} and inserting {}.", quote(old), NEW)
        }
        Change::Delete { old, count } => {
            let each = if *count > 1 { " each place it appears" } else { "" };
            format!("{a} is amended by striking {}{each}.", quote(old))
        }
        Change::DeleteAllAfter { anchor } => format!("{a} is amended by striking all after {}.", quote(anchor)),
        Change::InsertAfter { anchor, .. } => {
            format!("{a} is amended by inserting {} after {}.", NEW, quote(anchor))
        }
        Change::InsertBefore { anchor, .. } => {
            format!("{a} is amended by inserting {} before {}.", NEW, quote(anchor))
        }
        Change::ReplaceAll { new, .. } => match text_arg(new) {
            (q, None) => format!("{a} is amended by striking all and inserting {q}."),
            (_, Some(block)) => format!("{a} is amended by striking all and inserting the following:\n{block}\n"),
        },
        Change::ReplaceUnit { new, .. } => format!("{a} is amended to read as follows:\n{}\n", block(new)),
        Change::Remove { keep_numbers, .. } => format!("{a} is repealed{}.", keep(*keep_numbers)),
        Change::AddAfter(_) => unreachable!("unexpected new unit in us: `added` writes them"),
    }
}

fn uk(addr: &str, c: &Change) -> String {
    let p = scope_prefix(&format!("In {}", lower_first(addr)), ", ");
    let p = if addr.is_empty() { String::new() } else { p };
    match c {
        Change::Replace { old, count, .. } => {
            let each = if *count > 1 { " in each place it occurs" } else { "" };
            capitalise(&format!("{p}for {}{each} substitute {}.", quote(old), NEW))
        }
        Change::Delete { old, count } => {
            let each = if *count > 1 { " in each place it occurs" } else { "" };
            capitalise(&format!("{p}omit {}{each}.", quote(old)))
        }
        Change::DeleteAllAfter { anchor } => capitalise(&format!("{p}omit all after {}.", quote(anchor))),
        Change::InsertAfter { anchor, .. } => capitalise(&format!("{p}after {} insert {}.", quote(anchor), NEW)),
        Change::InsertBefore { anchor, .. } => capitalise(&format!("{p}before {} insert {}.", quote(anchor), NEW)),
        Change::ReplaceAll { new, .. } => match text_arg(new) {
            (q, None) => capitalise(&format!("{p}delete all; insert {q}.")),
            (_, Some(block)) => capitalise(&format!("{p}delete all; insert the following:\n{block}\n")),
        },
        Change::ReplaceUnit { new, .. } => format!("For {} substitute—\n{}\n", lower_first(addr), block(new)),
        Change::Remove { keep_numbers, .. } => format!("Omit {}{}.", lower_first(addr), keep(*keep_numbers)),
        Change::AddAfter(_) => unreachable!("unexpected new unit in uk: `added` writes them"),
    }
}

fn roberts(addr: &str, c: &Change) -> String {
    let p = if addr.is_empty() { String::new() } else { format!("In {addr}, ") };
    match c {
        Change::Replace { old, count, .. } => {
            capitalise(&format!("{p}strike out {} and insert {}{}.", quote(old), NEW, times(*count)))
        }
        Change::Delete { old, count } => capitalise(&format!("{p}strike out {}{}.", quote(old), times(*count))),
        Change::DeleteAllAfter { anchor } => capitalise(&format!("{p}strike out all after {}.", quote(anchor))),
        Change::InsertAfter { anchor, .. } => capitalise(&format!("{p}insert {} after {}.", NEW, quote(anchor))),
        Change::InsertBefore { anchor, .. } => capitalise(&format!("{p}insert {} before {}.", NEW, quote(anchor))),
        Change::ReplaceAll { new, .. } => match text_arg(new) {
            (q, None) => format!("Substitute for {} the following: {q}.", lower_first(addr)),
            (_, Some(block)) => format!("Substitute for {} the following:\n{block}\n", lower_first(addr)),
        },
        Change::ReplaceUnit { new, .. } => {
            format!("Substitute for {} the following:\n{}\n", lower_first(addr), block(new))
        }
        Change::Remove { keep_numbers, .. } => format!("Strike out {}{}.", lower_first(addr), keep(*keep_numbers)),
        Change::AddAfter(_) => unreachable!("unexpected new unit in roberts: `added` writes them"),
    }
}

fn debian(addr: &str, c: &Change) -> String {
    let p = if addr.is_empty() { String::new() } else { format!("In {}, ", lower_first(addr)) };
    match c {
        Change::Replace { old, count, .. } => {
            let each = if *count > 1 { " throughout" } else { "" };
            capitalise(&format!("{p}replace {} with {}{each}.", quote(old), NEW))
        }
        Change::Delete { old, count } => capitalise(&format!("{p}delete {}{}.", quote(old), times(*count))),
        Change::DeleteAllAfter { anchor } => capitalise(&format!("{p}delete all after {}.", quote(anchor))),
        Change::InsertAfter { anchor, .. } => capitalise(&format!("{p}after {} insert {}.", quote(anchor), NEW)),
        Change::InsertBefore { anchor, .. } => capitalise(&format!("{p}before {} insert {}.", quote(anchor), NEW)),
        Change::ReplaceAll { new, .. } => match text_arg(new) {
            (q, None) => format!("Replace {} with: {q}.", lower_first(addr)),
            (_, Some(block)) => format!("Replace {} with:\n{block}\n", lower_first(addr)),
        },
        Change::ReplaceUnit { new, .. } => format!("Replace {} with:\n{}\n", lower_first(addr), block(new)),
        Change::Remove { keep_numbers, .. } => format!("Delete {}{}.", lower_first(addr), keep(*keep_numbers)),
        Change::AddAfter(_) => unreachable!("unexpected new unit in debian: `added` writes them"),
    }
}

fn keep(keep_numbers: bool) -> &'static str {
    if keep_numbers { " (without renumbering)" } else { "" }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
