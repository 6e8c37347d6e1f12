//! Replay and certify: the text rebuilt from the base and every carried amendment, compared with
//! the text an organisation publishes (or filed with a registrar). Where they differ, each
//! drifted unit is traced back through the versions: the published wording may be that of an
//! earlier version (an amendment never applied), or of none (a change half made, or made by no
//! amendment); the first version whose changes the published text lacks is where it diverged.

use super::{Built, Change, ChangeKind, History, own_end};
use crate::document::{Document, UnitId};
use crate::redline::diff::{DiffOptions, diff};
use crate::redline::{Mark, Redline};
use crate::source::Span;

/// How the published text compares with the rebuilt one.
#[derive(Debug)]
pub enum Verdict {
    /// Byte for byte the same.
    Identical,
    /// The same apart from whitespace (spacing, line wrapping, line endings).
    Whitespace,
    /// Different words.
    Drift(Drift),
}

/// Where and how the published text drifted.
#[derive(Debug)]
pub struct Drift {
    /// From the rebuilt text to the published one, units named after the rebuilt version.
    pub redline: Redline,
    /// A version whose text the published one is (apart from whitespace), if any.
    pub same_as: Option<usize>,
    /// The units that differ, in order.
    pub units: Vec<UnitDrift>,
    /// The first version whose changes the published text lacks or contradicts.
    pub first: usize,
}

/// A unit whose published text differs from the rebuilt one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitDrift {
    /// The unit, in the rebuilt version.
    pub unit: UnitId,
    /// Its description in the rebuilt version: `Para 2.4`.
    pub name: String,
    /// Its first line in the rebuilt text.
    pub line: usize,
    /// The latest earlier version whose wording of the unit the published text has (`None`: no
    /// version's).
    pub reads_as: Option<usize>,
    /// The changes since that version, which the published text lacks.
    pub missing: Vec<Change>,
    /// The change that gave the unit its rebuilt wording (`None`: the original text).
    pub last: Option<Change>,
}

/// Text compared word for word: whitespace runs as one space.
fn words(text: &str) -> String {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Compares `published` with version `version` (its index in the manifest) as rebuilt.
pub fn verify(history: &History<'_>, version: usize, published: &str, options: &DiffOptions) -> Option<Verdict> {
    let built = history.get(version)?;
    let rebuilt = built.document.text();
    // A byte-order mark is how a file was saved, not part of its text.
    let bom = '\u{FEFF}';
    let published = match (rebuilt.starts_with(bom), published.strip_prefix(bom)) {
        (true, None) => format!("{bom}{published}"),
        (false, Some(rest)) => rest.to_string(),
        _ => published.to_string(),
    };
    let published = published.as_str();
    if rebuilt == published {
        return Some(Verdict::Identical);
    }
    let options = DiffOptions { whitespace: false, ..options.clone() };
    let mut redline = diff(rebuilt, published, &options);
    if redline.changes.is_empty() {
        return Some(Verdict::Whitespace);
    }
    redline.name_units(&built.document);
    let flat = words(published);
    let same_as = history.versions.iter().rev().find(|b| words(b.document.text()) == flat).map(|b| b.version);

    let mut ids: Vec<UnitId> = redline.changes.iter().filter_map(|c| c.unit.as_ref().map(|u| u.id)).collect();
    ids.dedup();
    let mut seen = std::collections::HashSet::new();
    ids.retain(|id| seen.insert(*id));
    let doc = &built.document;
    let mut units = Vec::new();
    for id in ids {
        let region = own_text(doc, id);
        let wanted = words(&published_part(&redline, region));
        let changes = &built.changes[id.0 as usize];
        let text_changes: Vec<&Change> =
            changes.iter().filter(|c| !matches!(c.kind, ChangeKind::Renumbered { .. })).collect();
        // The unit's wording in each earlier version, latest first.
        let mut reads_as = None;
        let mut current = Some(id);
        for j in (0..version).rev() {
            current = current.and_then(|u| back(&history.versions[j + 1], u));
            let text =
                current.map(|u| words(history.versions[j].document.slice(own_text(&history.versions[j].document, u))));
            if text.unwrap_or_default() == wanted {
                reads_as = Some(j);
                break;
            }
        }
        let missing: Vec<Change> = match reads_as {
            Some(j) => text_changes.iter().filter(|c| c.version > j).map(|c| (*c).clone()).collect(),
            None => Vec::new(),
        };
        let line = doc.text()[..doc.unit(id).span.start].matches('\n').count() + 1;
        units.push(UnitDrift {
            unit: id,
            name: doc.describe(id),
            line,
            reads_as,
            missing,
            last: text_changes.last().map(|c| (*c).clone()),
        });
    }
    let first = units
        .iter()
        .map(|u| match (&u.missing.first(), &u.last) {
            (Some(m), _) => m.version,
            (None, Some(last)) => last.version,
            (None, None) => 0,
        })
        .min()
        .unwrap_or(version);
    Some(Verdict::Drift(Drift { redline, same_as, units, first }))
}

/// The unit of the version before that `unit` of `built` continues (the same unit when `built`
/// changed nothing).
fn back(built: &Built, unit: UnitId) -> Option<UnitId> {
    match &built.step {
        None => Some(unit),
        Some(step) => step.lineage.old_of[unit.0 as usize],
    }
}

/// A unit's own text without its number: what stays the same when it is only renumbered.
fn own_text(doc: &Document, id: UnitId) -> Span {
    let u = doc.unit(id);
    let start = if u.label.is_some() { u.body.start } else { u.span.start };
    Span::new(start.min(own_end(doc, id)), own_end(doc, id))
}

/// The published text that stands where `old` (a span of the rebuilt text) stood.
fn published_part(redline: &Redline, old: Span) -> String {
    let mut out = String::new();
    let mut at = 0;
    for s in &redline.segments {
        let len = s.old_text().len();
        let (start, end) = (at, at + len);
        at = end;
        match s.mark {
            Mark::Insert if old.start <= start && start <= old.end => out.push_str(&s.text),
            Mark::Insert | Mark::Delete => {}
            Mark::Equal if end <= old.start || start >= old.end => {}
            // Kept text reads the same in both: take the overlap (whole, when its spacing differs).
            Mark::Equal if s.old.is_none() => {
                out.push_str(&s.text[old.start.max(start) - start..old.end.min(end) - start]);
            }
            Mark::Equal => out.push_str(&s.text),
        }
    }
    out
}
