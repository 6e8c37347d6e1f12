//! A version's units with their history: `amend blame` (the version and amendment that last
//! changed each unit) and `amend show --annotate` (the text with a note under each changed unit,
//! the way official consolidations mark amended provisions). Units deleted by an amendment are
//! recorded too, where they stood: `[Deleted 2021-09-18: …]`.

use super::{Built, Cause, Change, ChangeKind, History, own_end};
use crate::document::UnitId;
use serde::Serialize;
use std::fmt::Write as _;

/// One amendment as blame names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct By {
    /// The version's name.
    pub version: String,
    /// The version's date, as the manifest gives it.
    pub date: String,
    /// The amendment's title (or "references updated to the new numbering").
    pub amendment: String,
    /// The amendment sheet, as the manifest names it.
    pub file: Option<String>,
    /// Who moved it, when the manifest says.
    pub mover: Option<String>,
}

/// A renumbering since the unit's text last changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Renumbering {
    /// The version that last renumbered the unit.
    pub version: String,
    /// The number the unit had before the first renumbering since its text changed.
    pub from: String,
    /// The amendment that caused the last renumbering.
    pub by: By,
}

/// One change in a unit's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Event {
    /// `inserted`, `amended` or `renumbered`.
    pub change: &'static str,
    /// The number before, for a renumbering.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// The amendment that made it.
    pub by: By,
}

/// The unit a line of blame is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitRef {
    /// The unit's number as printed (`2.4`, `3)`), if it has one.
    pub label: Option<String>,
    /// A short description: `Para 2.4`, `Section 3 (Steering Committee)`.
    pub name: String,
}

/// One unit of a version and what last changed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    /// The unit.
    pub unit: UnitRef,
    /// The unit's first line in the version's text.
    pub line: usize,
    /// `original`, `amended` or `inserted`: how its text came to read as it does.
    pub change: &'static str,
    /// The amendment that last changed its text (`None`: the original text).
    pub by: Option<By>,
    /// A renumbering after that.
    pub renumbered: Option<Renumbering>,
    /// Every change, oldest first.
    pub history: Vec<Event>,
}

/// A unit an amendment deleted, in blame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeletedLine {
    /// The unit, as the text it was deleted from named it.
    pub unit: UnitRef,
    /// The line of this version's text where it stood (the unit that now follows it).
    pub line: usize,
    /// The amendment that deleted it.
    pub by: By,
}

/// Blame of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blame {
    /// The version's name.
    pub version: String,
    /// The version's date.
    pub date: String,
    /// Every unit of the version, in document order.
    pub units: Vec<Line>,
    /// The units deleted since the base, where they stood.
    pub deleted: Vec<DeletedLine>,
}

/// A unit an amendment deleted, placed in the text of a later version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deleted {
    /// Where it stood: the start of the line of the unit that now follows it (or the end).
    pub at: usize,
    /// Its number as printed, if it had one.
    pub label: Option<String>,
    /// The unit as the text it was deleted from named it: `Para 4.6`, `Appendix (…)`.
    pub name: String,
    /// Its indentation.
    pub indent: usize,
    /// The deletion: in which version, by which amendment.
    pub change: Change,
}

/// Where a deleted unit stands, given where its text went: the start of the line of the text
/// that follows it (a renumbered unit's new number may come before `offset` on that line, and
/// the space between units after it), or the end.
fn line_start(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    let rest = &text[offset..];
    let next = offset + (rest.len() - rest.trim_start().len());
    if next >= text.len() {
        return text.len();
    }
    text[..next].rfind('\n').map_or(0, |i| i + 1)
}

/// Every unit deleted in the versions up to `built`, placed in its text: each deletion where
/// the deleted unit stood, followed through later versions' edits. A unit deleted with the
/// unit around it is recorded with that unit only.
pub fn deleted(_history: &History<'_>, built: &Built) -> Vec<Deleted> {
    built.deleted.clone()
}

/// Carries the units deleted so far into a newly built version's text, and adds those its own
/// amendments deleted (a unit whose parent went too is not noted again).
pub(super) fn carry_deleted(stones: &mut Vec<Deleted>, b: &Built) {
    let Some(step) = &b.step else { return };
    let (old, new, lineage) = (&step.outcome.document, &b.document, &step.lineage);
    // Earlier deletions, into this version's text.
    for s in stones.iter_mut() {
        s.at = line_start(new.text(), lineage.map.forward(s.at));
    }
    for (id, u) in old.units() {
        let gone = |id: UnitId| lineage.new_of[id.0 as usize].is_none();
        if !gone(id) || u.parent.is_some_and(gone) {
            continue;
        }
        let edit = lineage.removed_by[id.0 as usize];
        let cause = edit.map_or(step.causes[0], |e| step.causes[step.outcome.edits[e].origin.amendment]);
        let at = line_start(new.text(), lineage.map.forward(u.span.end));
        stones.push(Deleted {
            at,
            label: u.label.as_ref().map(|l| old.slice(l.span).to_string()),
            name: old.describe(id),
            indent: u.indent,
            change: Change { version: b.version, cause, kind: ChangeKind::Amended },
        });
    }
    stones.sort_by_key(|s| s.at);
}

/// The note that stands for a deleted unit: `4.6 [Deleted 2021-09-18: Abolish the CAC]` where
/// numbers are kept (the number stays, unused), `[Para 4.6 deleted 2021-09-18: Abolish the
/// CAC]` where the units after it were renumbered (its number is another unit's now).
fn deleted_note(history: &History<'_>, d: &Deleted) -> String {
    let v = &history.manifest.versions[d.change.version];
    let title = history.cause_title(d.change.version, d.change.cause);
    match (&d.label, history.options.resolve.renumber) {
        (Some(label), false) => format!("{label} [Deleted {}: {title}]", v.date),
        _ => format!("[{} deleted {}: {title}]", d.name, v.date),
    }
}

fn by(history: &History<'_>, c: &Change) -> By {
    let v = &history.manifest.versions[c.version];
    let (file, mover) = match c.cause {
        Cause::Amendment(j) => (v.amendments[j].file.clone(), v.amendments[j].mover.clone()),
        Cause::References => (None, None),
    };
    By {
        version: v.name.clone(),
        date: v.date.to_string(),
        amendment: history.cause_title(c.version, c.cause),
        file,
        mover,
    }
}

fn event(history: &History<'_>, c: &Change) -> Event {
    let (change, from) = match &c.kind {
        ChangeKind::Inserted => ("inserted", None),
        ChangeKind::Amended => ("amended", None),
        ChangeKind::Renumbered { from } => ("renumbered", Some(from.clone())),
    };
    Event { change, from, by: by(history, c) }
}

/// Every unit of a built version with the change that last touched its text.
pub fn blame(history: &History<'_>, built: &Built) -> Blame {
    let doc = &built.document;
    let mut lines = LineCounter::default();
    let units = doc
        .units()
        .map(|(id, u)| {
            let changes = &built.changes[id.0 as usize];
            let text_change = changes.iter().rposition(|c| !matches!(c.kind, ChangeKind::Renumbered { .. }));
            let (change, last) = match text_change.map(|i| &changes[i]) {
                None => ("original", None),
                Some(c) if c.kind == ChangeKind::Inserted => ("inserted", Some(by(history, c))),
                Some(c) => ("amended", Some(by(history, c))),
            };
            // Renumberings since: the number it had before the first, and the latest.
            let since: Vec<(&Change, &String)> = changes[text_change.map_or(0, |i| i + 1)..]
                .iter()
                .filter_map(|c| match &c.kind {
                    ChangeKind::Renumbered { from } => Some((c, from)),
                    _ => None,
                })
                .collect();
            let renumbered = match (since.first(), since.last()) {
                (Some((_, from)), Some((latest, _))) => Some(Renumbering {
                    version: history.manifest.versions[latest.version].name.clone(),
                    from: (*from).clone(),
                    by: by(history, latest),
                }),
                _ => None,
            };
            Line {
                unit: UnitRef {
                    label: u.label.as_ref().map(|l| doc.slice(l.span).to_string()),
                    name: doc.describe(id),
                },
                line: lines.line_at(doc.text(), u.span.start),
                change,
                by: last,
                renumbered,
                history: changes.iter().map(|c| event(history, c)).collect(),
            }
        })
        .collect();
    let mut counter = LineCounter::default();
    let deleted = deleted(history, built)
        .into_iter()
        .map(|d| DeletedLine {
            unit: UnitRef { label: d.label.clone(), name: d.name.clone() },
            line: counter.line_at(doc.text(), d.at),
            by: by(history, &d.change),
        })
        .collect();
    let v = &history.manifest.versions[built.version];
    Blame { version: v.name.clone(), date: v.date.to_string(), units, deleted }
}

/// Blame as an aligned table: line, unit, and what last changed it; a deleted unit on the line
/// where it stood, before the unit there now.
pub fn render_text(blame: &Blame) -> String {
    let names = blame.units.iter().map(|l| &l.unit.name).chain(blame.deleted.iter().map(|d| &d.unit.name));
    let width = names.map(|n| n.chars().count()).max().unwrap_or(4).clamp(4, 40);
    let versions = blame.units.iter().filter_map(|l| l.by.as_ref()).chain(blame.deleted.iter().map(|d| &d.by));
    let vwidth = versions.map(|b| b.version.chars().count()).max().unwrap_or(0);
    let short = |name: &str| -> String {
        if name.chars().count() > width {
            name.chars().take(width - 1).chain(['…']).collect()
        } else {
            name.to_string()
        }
    };
    let mut out = format!("Blame: version {} ({})\n\n", blame.version, blame.date);
    let _ = writeln!(out, "{:>5}  {:<width$}  last changed", "line", "unit");
    let mut deleted = blame.deleted.iter().peekable();
    for l in &blame.units {
        while let Some(d) = deleted.next_if(|d| d.line <= l.line) {
            let name = short(&d.unit.name);
            let _ =
                writeln!(out, "{:>5}  {name:<width$}  {:<vwidth$}  {} (deleted)", d.line, d.by.version, d.by.amendment);
        }
        let name = short(&l.unit.name);
        let what = match &l.by {
            None => "original".to_string(),
            Some(b) => {
                let inserted = if l.change == "inserted" { " (inserted)" } else { "" };
                format!("{:<vwidth$}  {}{inserted}", b.version, b.amendment)
            }
        };
        let renumbered =
            l.renumbered.as_ref().map(|r| format!("; renumbered {} (was {})", r.version, r.from)).unwrap_or_default();
        let _ = writeln!(out, "{:>5}  {name:<width$}  {what}{renumbered}", l.line);
    }
    for d in deleted {
        let name = short(&d.unit.name);
        let _ = writeln!(out, "{:>5}  {name:<width$}  {:<vwidth$}  {} (deleted)", d.line, d.by.version, d.by.amendment);
    }
    out
}

/// The version's text with a note under each unit that was changed since the base:
/// `[Amended 2020-08-22: Labour Party Marxists amendment]`, one per change.
pub fn annotate(history: &History<'_>, built: &Built) -> String {
    let doc = &built.document;
    let text = doc.text();
    let le = doc.line_ending().as_str();
    let mut notes: Vec<(usize, String)> = Vec::new();
    for (id, u) in doc.units() {
        let changes = &built.changes[id.0 as usize];
        if changes.is_empty() {
            continue;
        }
        let end = own_end(doc, id);
        let at = u.span.start + text[u.span.start..end].trim_end().len();
        let indent = " ".repeat(u.indent);
        let mut block = String::new();
        for c in changes {
            let v = &history.manifest.versions[c.version];
            let title = history.cause_title(c.version, c.cause);
            let what = match &c.kind {
                ChangeKind::Inserted => format!("Inserted {}", v.date),
                ChangeKind::Amended => format!("Amended {}", v.date),
                ChangeKind::Renumbered { from } => format!("Renumbered {} (formerly {from})", v.date),
            };
            let _ = write!(block, "{le}{indent}[{what}: {title}]");
        }
        notes.push((at, block));
    }
    // A deleted unit's note stands on its own line, where the unit stood.
    for d in deleted(history, built) {
        let note = format!("{}{}", " ".repeat(d.indent), deleted_note(history, &d));
        let block = if d.at >= text.len() {
            let sep = if text.ends_with('\n') { "" } else { le };
            format!("{sep}{le}{note}{le}")
        } else {
            format!("{note}{le}{le}")
        };
        notes.push((d.at, block));
    }
    notes.sort_by_key(|(at, _)| *at);
    let mut out = String::with_capacity(text.len() + notes.iter().map(|(_, n)| n.len()).sum::<usize>());
    let mut cursor = 0;
    for (at, note) in notes {
        out.push_str(&text[cursor..at]);
        out.push_str(&note);
        cursor = at;
    }
    out.push_str(&text[cursor..]);
    out
}

/// The units of a version whose text changed in that version itself.
pub fn changed_in(built: &Built) -> Vec<UnitId> {
    built
        .document
        .units()
        .filter(|(id, _)| built.changes[id.0 as usize].iter().any(|c| c.version == built.version))
        .map(|(id, _)| id)
        .collect()
}

/// Line numbers of increasing offsets, counted once over the text.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    breaks: usize,
}

impl LineCounter {
    fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.max(self.offset);
        self.breaks += text[self.offset..offset].bytes().filter(|&b| b == b'\n').count();
        self.offset = offset;
        self.breaks + 1
    }
}
