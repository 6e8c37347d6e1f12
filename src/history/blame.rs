//! A version's units with their history: `amend blame` (the version and amendment that last
//! changed each unit) and `amend show --annotate` (the text with a note under each changed unit,
//! the way official consolidations mark amended provisions).

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

/// Blame of one version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Blame {
    /// The version's name.
    pub version: String,
    /// The version's date.
    pub date: String,
    /// Every unit of the version, in document order.
    pub units: Vec<Line>,
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
    let v = &history.manifest.versions[built.version];
    Blame { version: v.name.clone(), date: v.date.to_string(), units }
}

/// Blame as an aligned table: line, unit, and what last changed it.
pub fn render_text(blame: &Blame) -> String {
    let width = blame.units.iter().map(|l| l.unit.name.chars().count()).max().unwrap_or(4).clamp(4, 40);
    let vwidth = blame.units.iter().filter_map(|l| l.by.as_ref()).map(|b| b.version.chars().count()).max().unwrap_or(0);
    let mut out = format!("Blame: version {} ({})\n\n", blame.version, blame.date);
    let _ = writeln!(out, "{:>5}  {:<width$}  last changed", "line", "unit");
    for l in &blame.units {
        let name: String = if l.unit.name.chars().count() > width {
            l.unit.name.chars().take(width - 1).chain(['…']).collect()
        } else {
            l.unit.name.clone()
        };
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
