//! A versioned constitution replayed: each version's carried amendments applied together to the
//! text of the version before (the base, for the first), every unit followed from version to
//! version, and the references that a version's renumbering or removals leave pointing at the
//! wrong unit.
//!
//! ```text
//! (Manifest, Sources) ──replay──▶ History (per version: text, Outcome, Lineage, unit changes)
//! History ──blame / annotate / agenda / verify / site──▶ reports and a built site
//! ```

pub mod agenda;
pub mod blame;
mod lineage;
pub mod report;
pub mod site;
pub mod verify;

pub use lineage::{Lineage, OffsetMap, Place, own_end, trace};

use crate::diagnostic::{Code, Diagnostic};
use crate::document::{Document, UnitId, UnitKind};
use crate::manifest::{Manifest, Status};
use crate::references::{self, Reference};
use crate::resolve::{Edit, EditKind, Origin};
use crate::source::{FileId, Sources, Span};
use crate::{Outcome, consolidate_document};

/// The files a manifest names, read into the sources by the caller.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The base text.
    pub base: FileId,
    /// For each version, for each amendment entry: its sheet, when the entry names a file.
    pub sheets: Vec<Vec<Option<FileId>>>,
}

/// How a history is replayed.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// How each version's amendments are resolved (renumbering).
    pub resolve: crate::resolve::Options,
    /// Update references to renumbered units, as a change of the version that renumbered them.
    pub fix_references: bool,
}

impl Options {
    /// The options a manifest asks for.
    pub fn of(manifest: &Manifest) -> Options {
        let resolve = crate::resolve::Options { renumber: manifest.renumber, ..Default::default() };
        Options { resolve, fix_references: manifest.fix_references }
    }
}

/// What made a change: an amendment of the version (its index among the version's entries), or
/// the update of references to renumbered units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cause {
    /// An amendment of the version: its index among the version's entries.
    Amendment(usize),
    /// The update of references to renumbered units (`--fix-references`).
    References,
}

/// How a version changed a unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// The unit is new.
    Inserted,
    /// Its text changed.
    Amended,
    /// Its number changed; it was numbered `from`.
    Renumbered {
        /// Its number before, as printed.
        from: String,
    },
}

/// One change to a unit: in which version, by what, of what kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The version's index in the manifest.
    pub version: usize,
    /// What made it.
    pub cause: Cause,
    /// What it did.
    pub kind: ChangeKind,
}

/// How a version was made from the text before it.
#[derive(Debug)]
pub struct Step {
    /// The text before (the previous version's, or the base), in the sources.
    pub previous: FileId,
    /// The carried amendments (and any reference updates) applied to it.
    pub outcome: Outcome,
    /// For each amendment of the outcome, what it is.
    pub causes: Vec<Cause>,
    /// How the units of the text before continue in this one.
    pub lineage: Lineage,
}

/// What a version's renumbering or removals did to a reference in its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// The unit referred to is now numbered `to`; `fixed` when the reference was updated.
    Renumbered {
        /// Its new number.
        to: String,
        /// Whether the reference was updated.
        fixed: bool,
    },
    /// The unit referred to was removed (by this cause).
    Removed {
        /// The amendment that removed it.
        by: Option<Cause>,
    },
}

/// A reference whose unit a version renumbered or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// The reference, in the version's text.
    pub reference: Reference,
    /// The unit it stands in, in the version.
    pub unit: Option<UnitId>,
    /// The unit it pointed to, described as it was: `Para 4.3 (“Motions may be submitted…”)`.
    pub target: String,
    /// What happened to the unit it points to.
    pub fate: Fate,
}

/// One version, built.
#[derive(Debug)]
pub struct Built {
    /// The version's index in the manifest.
    pub version: usize,
    /// Its text, in the sources.
    pub file: FileId,
    /// Its text, parsed.
    pub document: Document,
    /// How it was made; `None` when it carried no amendment (its text is the one before).
    pub step: Option<Step>,
    /// For each unit, every change made to it since the base, oldest first.
    pub changes: Vec<Vec<Change>>,
    /// References this version's renumbering or removals affect.
    pub moved: Vec<Moved>,
    /// Warnings of its amendments, and about its references.
    pub warnings: Vec<Diagnostic>,
}

/// A version whose carried amendments do not apply.
#[derive(Debug)]
pub struct Failure {
    /// The version's index in the manifest.
    pub version: usize,
    /// Why its amendments do not apply.
    pub diagnostics: Vec<Diagnostic>,
}

/// Every version that could be built, and what stopped the rest.
#[derive(Debug)]
pub struct History<'m> {
    /// The manifest replayed.
    pub manifest: &'m Manifest,
    /// The base text, in the sources.
    pub base: FileId,
    /// The sheets of every entry, as loaded.
    pub sheets: Vec<Vec<Option<FileId>>>,
    /// The versions built, oldest first: every one, unless one failed.
    pub versions: Vec<Built>,
    /// The version whose amendments do not apply, if one does not.
    pub failure: Option<Failure>,
    /// The options it was replayed with.
    pub options: Options,
}

impl History<'_> {
    /// A built version by its index in the manifest.
    pub fn get(&self, version: usize) -> Option<&Built> {
        self.versions.iter().find(|b| b.version == version)
    }

    /// The latest version built.
    pub fn latest(&self) -> Option<&Built> {
        self.versions.last()
    }

    /// What a cause of version `version` is called: the amendment's title, or the reference update.
    pub fn cause_title(&self, version: usize, cause: Cause) -> String {
        match cause {
            Cause::Amendment(j) => self.manifest.versions[version].amendments[j].title.clone(),
            Cause::References => "references updated to the new numbering".to_string(),
        }
    }

    /// Every warning, version by version.
    pub fn warnings(&self) -> Vec<Diagnostic> {
        self.versions.iter().flat_map(|b| b.warnings.iter().cloned()).collect()
    }
}

/// The name a version's text has in the sources.
pub fn text_name(manifest: &Manifest, version: usize) -> String {
    format!("version {}", manifest.versions[version].name)
}

/// Replays a history: every version in order, until one whose carried amendments do not apply.
pub fn replay<'m>(sources: &mut Sources, manifest: &'m Manifest, loaded: &Loaded, options: &Options) -> History<'m> {
    let kept: Result<History<'m>, std::convert::Infallible> =
        run(sources, manifest, loaded, options, Keep::All, |_, _| Ok(()));
    let Ok(history) = kept;
    history
}

/// Replays a history like [`replay`], handing each version to `each` as soon as it is built (as
/// the latest, and only, version of the history it is given) and dropping it before the next
/// is built, so that a long history of a large text is never held whole. Stops at the first
/// error `each` returns. The history returned has no versions, but says which one failed.
pub fn replay_each<'m, E>(
    sources: &mut Sources,
    manifest: &'m Manifest,
    loaded: &Loaded,
    options: &Options,
    each: impl FnMut(&Sources, &History<'m>) -> Result<(), E>,
) -> Result<History<'m>, E> {
    run(sources, manifest, loaded, options, Keep::Latest, each)
}

/// Which versions a replay keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    All,
    Latest,
}

fn run<'m, E>(
    sources: &mut Sources,
    manifest: &'m Manifest,
    loaded: &Loaded,
    options: &Options,
    keep: Keep,
    mut each: impl FnMut(&Sources, &History<'m>) -> Result<(), E>,
) -> Result<History<'m>, E> {
    let mut history = History {
        manifest,
        base: loaded.base,
        sheets: loaded.sheets.clone(),
        versions: Vec::with_capacity(if keep == Keep::All { manifest.versions.len() } else { 1 }),
        failure: None,
        options: options.clone(),
    };
    // The text the next version is made from, with its units' changes so far.
    let mut file = loaded.base;
    let mut document = Document::parse(file, sources.text(file));
    let mut changes: Vec<Vec<Change>> = vec![Vec::new(); document.len()];
    for (k, version) in manifest.versions.iter().enumerate() {
        let carried: Vec<(usize, FileId)> = version
            .with_status(Status::Carried)
            .filter_map(|(j, _)| loaded.sheets.get(k).and_then(|s| s.get(j).copied().flatten()).map(|f| (j, f)))
            .collect();
        let built = if carried.is_empty() {
            Built { version: k, file, document, step: None, changes, moved: Vec::new(), warnings: Vec::new() }
        } else {
            let files: Vec<FileId> = carried.iter().map(|&(_, f)| f).collect();
            let outcome = match consolidate_document(sources, document, &files, &options.resolve) {
                Ok(outcome) => outcome,
                Err(diagnostics) => {
                    let before =
                        if file == loaded.base { "the base text".to_string() } else { text_name(manifest, k - 1) };
                    let note = format!(
                        "version {} applies its carried amendments together to {before}",
                        manifest.versions[k].name
                    );
                    let diagnostics =
                        diagnostics.into_iter().map(|d| if d.is_error() { d.note(note.clone()) } else { d }).collect();
                    history.failure = Some(Failure { version: k, diagnostics });
                    break;
                }
            };
            let causes: Vec<Cause> = carried.iter().map(|&(j, _)| Cause::Amendment(j)).collect();
            build_version(sources, manifest, k, file, outcome, causes, &changes, options)
        };
        history.versions.push(built);
        each(sources, &history)?;
        // The version just built is the text the next one is made from: taken back whole when
        // versions are not kept, copied when they are.
        (file, document, changes) = match keep {
            Keep::All => {
                let b = history.versions.last().expect("just added");
                (b.file, b.document.clone(), b.changes.clone())
            }
            Keep::Latest => {
                let b = history.versions.pop().expect("just added");
                (b.file, b.document, b.changes)
            }
        };
    }
    Ok(history)
}

/// Builds version `k` from its consolidation: its text in the sources, its lineage, its units'
/// changes and its references (updated, when asked).
#[allow(clippy::too_many_arguments)]
fn build_version(
    sources: &mut Sources,
    manifest: &Manifest,
    k: usize,
    previous: FileId,
    mut outcome: Outcome,
    mut causes: Vec<Cause>,
    changes_before: &[Vec<Change>],
    options: &Options,
) -> Built {
    // The text gets the next id once it is final.
    let mut file = sources.len();
    let mut document = Document::parse(file, &outcome.text);
    let mut lineage = trace(&outcome.document, &outcome.edits, &document);
    let mut moved = moved_references(&outcome, &document, &lineage, &causes);
    let renumbered = moved.iter().filter(|m| matches!(m.fate, Fate::Renumbered { .. })).count();
    let sheet = (options.fix_references && renumbered > 0).then(|| fix_sheet(manifest, k, &document, &moved));
    if let Some(sheet) = sheet.filter(|s| !s.fixes.is_empty()) {
        let sheet_file = sources.add(format!("{}: references", text_name(manifest, k)), sheet.text.clone());
        let index = outcome.amendments.len();
        let (amendment, _) = crate::amendment::parse(sheet_file, &sheet.text);
        outcome.amendments.push(amendment);
        causes.push(Cause::References);
        let mut shift: Vec<(usize, isize)> = Vec::new();
        for fix in &sheet.fixes {
            let m = &moved[fix.moved];
            let Some(old) = lineage.map.kept(m.reference.number) else { continue };
            let unit = outcome.document.unit_at(old.start);
            outcome.edits.push(Edit {
                range: old,
                text: fix.to.clone(),
                kind: EditKind::Text,
                origin: Origin { amendment: index, file: sheet_file, span: fix.instruction },
                unit,
            });
            shift.push((m.reference.number.start, fix.to.len() as isize - m.reference.number.len() as isize));
        }
        outcome.edits.sort_by_key(|e| (e.range.start, e.range.end));
        outcome.text = crate::apply::apply(outcome.document.text(), &outcome.edits);
        // The references, now in the updated text.
        file = sources.len();
        document = Document::parse(file, &outcome.text);
        lineage = trace(&outcome.document, &outcome.edits, &document);
        shift.sort();
        let fixed: Vec<usize> = sheet.fixes.iter().map(|f| f.moved).collect();
        for (i, m) in moved.iter_mut().enumerate() {
            let delta: isize = shift.iter().filter(|(at, _)| *at < m.reference.number.start).map(|(_, d)| d).sum();
            let own: isize = shift.iter().filter(|(at, _)| *at == m.reference.number.start).map(|(_, d)| d).sum();
            let move_span = |s: Span, extra: isize| {
                Span::new((s.start as isize + delta) as usize, (s.end as isize + delta + extra) as usize)
            };
            m.reference.span = move_span(m.reference.span, own);
            m.reference.number = move_span(m.reference.number, own);
            if let (Fate::Renumbered { to, fixed: f }, true) = (&mut m.fate, fixed.contains(&i)) {
                *f = true;
                m.reference.key = to.clone();
            }
        }
    }
    let added = sources.add(text_name(manifest, k), outcome.text.clone());
    debug_assert_eq!(added, file, "the version's text got the id it was parsed with");
    let changes = unit_changes(k, &outcome, &document, &lineage, &causes, changes_before);
    let mut warnings = outcome.warnings.clone();
    warnings.extend(moved.iter().filter_map(|m| reference_warning(manifest, k, file, &document, m)));
    let step = Step { previous, outcome, causes, lineage };
    Built { version: k, file, document, step: Some(step), changes, moved, warnings }
}

/// The changes of every unit of version `k`: those of the unit it continues, and this version's.
fn unit_changes(
    k: usize,
    outcome: &Outcome,
    document: &Document,
    lineage: &Lineage,
    causes: &[Cause],
    before: &[Vec<Change>],
) -> Vec<Vec<Change>> {
    let old = &outcome.document;
    let cause_of = |edit: usize| causes[outcome.edits[edit].origin.amendment];
    document
        .units()
        .map(|(n, unit)| {
            let Some(o) = lineage.old_of[n.0 as usize] else {
                let cause = lineage.made_by[n.0 as usize].map_or(Cause::Amendment(0), cause_of);
                return vec![Change { version: k, cause, kind: ChangeKind::Inserted }];
            };
            let mut list = before[o.0 as usize].clone();
            let mut seen: Vec<Cause> = Vec::new();
            for &e in &lineage.touched[o.0 as usize] {
                let cause = cause_of(e);
                if !seen.contains(&cause) {
                    seen.push(cause);
                    list.push(Change { version: k, cause, kind: ChangeKind::Amended });
                }
            }
            let label = |d: &Document, u: &crate::document::Unit| u.label.as_ref().map(|l| d.slice(l.span).to_string());
            let (was, now) = (label(old, old.unit(o)), label(document, unit));
            if let (Some(was), Some(now)) = (was, now) {
                if was != now {
                    let cause = lineage.renumbered_by[o.0 as usize]
                        .or_else(|| lineage.touched[o.0 as usize].first().copied())
                        .map_or(Cause::Amendment(0), cause_of);
                    list.push(Change { version: k, cause, kind: ChangeKind::Renumbered { from: was } });
                }
            }
            list
        })
        .collect()
}

/// Whether any unit of the old text is gone or has another number in the new one.
fn renumbers_or_removes(old: &Document, new: &Document, lineage: &Lineage) -> bool {
    old.units().any(|(id, u)| match lineage.new_of[id.0 as usize] {
        None => true,
        Some(n) => {
            let (a, b) = (&u.label, &new.unit(n).label);
            a.as_ref().map(|l| old.slice(l.span)) != b.as_ref().map(|l| new.slice(l.span))
        }
    })
}

/// References in the new text, kept from the old one, whose unit was renumbered or removed.
fn moved_references(outcome: &Outcome, new: &Document, lineage: &Lineage, causes: &[Cause]) -> Vec<Moved> {
    let old = &outcome.document;
    let mut out = Vec::new();
    // Only a renumbering or a removal moves a reference; most versions change words alone.
    if !renumbers_or_removes(old, new, lineage) {
        return out;
    }
    for r in references::candidates(new) {
        // A reference written by this version's amendments is the drafter's; it is not checked.
        let Some(span) = lineage.map.kept(r.span) else { continue };
        let Some(number) = lineage.map.kept(r.number) else { continue };
        let in_old = Reference { span, number, ..r.clone() };
        let Some(target) = references::resolve(old, &in_old, span.start) else { continue };
        let excerpt: String = old.body(target).split_whitespace().collect::<Vec<_>>().join(" ");
        let short: String = excerpt.chars().take(40).collect();
        let ellipsis = if short.len() < excerpt.len() { "…" } else { "" };
        // A heading's description already quotes its title.
        let described = match old.unit(target).kind {
            UnitKind::Heading { .. } => old.describe(target),
            _ => format!("{} (“{}{ellipsis}”)", old.describe(target), short.trim_end()),
        };
        let fate = match lineage.new_of[target.0 as usize] {
            Some(n) => {
                let Some(label) = &new.unit(n).label else { continue };
                let to = label.number.key();
                if r.key.is_empty() || to == r.key {
                    continue;
                }
                Fate::Renumbered { to, fixed: false }
            }
            None => {
                let by = lineage.removed_by[target.0 as usize].map(|e| causes[outcome.edits[e].origin.amendment]);
                Fate::Removed { by }
            }
        };
        out.push(Moved { unit: new.unit_at(r.span.start), reference: r, target: described, fate });
    }
    out
}

fn reference_warning(manifest: &Manifest, k: usize, file: FileId, doc: &Document, m: &Moved) -> Option<Diagnostic> {
    let written = doc.slice(m.reference.span);
    let name = &manifest.versions[k].name;
    let d = match &m.fate {
        Fate::Renumbered { fixed: true, .. } => return None,
        Fate::Renumbered { to, .. } => Diagnostic::warning(
            Code::ReferenceRenumbered,
            format!("“{written}” pointed to {}, which version {name} renumbers to {to}", m.target),
        )
        .primary(file, m.reference.number, format!("now {to}"))
        .help("update the reference in an amendment, or build with --fix-references"),
        Fate::Removed { by } => {
            let by = by.map(|c| match c {
                Cause::Amendment(j) => format!(" (by “{}”)", manifest.versions[k].amendments[j].title),
                Cause::References => String::new(),
            });
            Diagnostic::warning(
                Code::ReferenceRemoved,
                format!("“{written}” points to {}, which version {name} removes{}", m.target, by.unwrap_or_default()),
            )
            .primary(file, m.reference.span, "refers to a removed unit")
            .help("amend or delete the reference in the same version")
        }
    };
    Some(d)
}

/// The instructions that update references to renumbered units, and where each applies.
#[derive(Debug, Clone)]
pub struct FixSheet {
    /// An amendment sheet that makes the updates to the version's text (units by their new numbers).
    pub text: String,
    /// Where each update goes.
    pub fixes: Vec<Fix>,
}

/// One reference updated.
#[derive(Debug, Clone)]
pub struct Fix {
    /// Index in the version's moved references.
    pub moved: usize,
    /// The new number.
    pub to: String,
    /// The instruction in the sheet.
    pub instruction: Span,
}

/// The sheet of reference updates for version `k` (whose text `doc` holds the references):
/// one instruction per phrase and unit, with a count where the phrase recurs. A phrase that also
/// occurs in the unit where it is not a reference to update gets no instruction (the reference
/// stays reported): a quote must find exactly the references it updates.
pub fn fix_sheet(manifest: &Manifest, k: usize, doc: &Document, moved: &[Moved]) -> FixSheet {
    let mut text = format!(
        "References updated to the numbering of version {} (a clerical amendment, written by amend)\n",
        manifest.versions[k].name
    );
    let mut fixes = Vec::new();
    let mut done = vec![false; moved.len()];
    let mut last_unit: Option<Option<UnitId>> = None;
    for (i, m) in moved.iter().enumerate() {
        let Fate::Renumbered { to, .. } = &m.fate else { continue };
        if done[i] {
            continue;
        }
        let written = doc.slice(m.reference.span);
        // The text the instruction's scope searches: the unit with its sub-units, or everything.
        let region = match m.unit.filter(|&u| !scope(doc, Some(u)).is_empty()) {
            Some(u) => doc.unit(u).span,
            None => Span::new(0, doc.text().len()),
        };
        let same: Vec<usize> = (0..moved.len())
            .filter(|&j| {
                region.contains(moved[j].reference.span)
                    && doc.slice(moved[j].reference.span) == written
                    && moved[j].fate == m.fate
            })
            .collect();
        for &j in &same {
            done[j] = true;
        }
        let occurrences = whole_matches(doc.slice(region), written);
        if occurrences != same.len() {
            continue;
        }
        let (span, n) = (m.reference.span, m.reference.number);
        let new = format!("{}{to}{}", &doc.text()[span.start..n.start], &doc.text()[n.end..span.end]);
        if last_unit != Some(m.unit) {
            text.push('\n');
            text.push_str(&scope(doc, m.unit));
            last_unit = Some(m.unit);
        }
        let count = match occurrences {
            1 => "",
            2 => " – TWICE",
            _ => " – THROUGHOUT",
        };
        let start = text.len();
        text.push_str(&format!("DELETE “{written}”; INSERT “{new}”{count}"));
        let instruction = Span::new(start, text.len());
        text.push_str(".\n");
        fixes.extend(same.into_iter().map(|j| Fix { moved: j, to: to.clone(), instruction }));
    }
    FixSheet { text, fixes }
}

/// How often `needle` occurs in `hay` as whole words (as the resolver matches quotes).
fn whole_matches(hay: &str, needle: &str) -> usize {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric());
    hay.match_indices(needle)
        .filter(|(i, _)| {
            let before = hay[..*i].chars().next_back();
            let after = hay[i + needle.len()..].chars().next();
            let number_goes_on =
                after == Some('.') && hay[i + needle.len() + 1..].starts_with(|c: char| c.is_ascii_digit());
            !word(before) && !word(after) && !number_goes_on
        })
        .count()
}

/// A scope line naming a unit: `Para 4.5: `, `Section 2: `, or nothing for an unnumbered unit.
fn scope(doc: &Document, unit: Option<UnitId>) -> String {
    let Some(u) = unit else { return String::new() };
    let unit = doc.unit(u);
    match (&unit.label, unit.keyword, unit.kind) {
        (Some(l), Some(kw), _) => format!("{} {}: ", kw.as_str(), l.number.key()),
        (Some(l), None, UnitKind::Heading { .. }) => format!("Section {}: ", doc.slice(l.span)),
        (Some(l), None, _) => format!("Para {}: ", l.number.key()),
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests;
