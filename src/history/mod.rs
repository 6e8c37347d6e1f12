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
use crate::document::Document;
use crate::manifest::{Manifest, Status};
use crate::references;
use crate::source::{FileId, Sources};
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
        let resolve = crate::resolve::Options {
            renumber: manifest.renumber,
            repealed: manifest.repealed.as_deref().map(crate::resolve::Repealed::parse).unwrap_or_default(),
            // Checked when the manifest was read.
            lints: manifest.lints.lints().unwrap_or_default(),
            ..Default::default()
        };
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
pub type Fate = references::Fate<Cause>;

/// A reference whose unit a version renumbered or removed.
pub type Moved = references::Moved<Cause>;

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
    /// The units deleted since the base, where they stood in this version's text (carried
    /// forward from version to version, so that a streamed build needs no earlier version).
    pub deleted: Vec<blame::Deleted>,
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
    mut each: impl FnMut(&Sources, &History<'m>) -> Result<(), E>,
) -> Result<History<'m>, E> {
    run(sources, manifest, loaded, options, Keep::Latest, |sources, history| each(sources, history))
}

/// Replays a history like [`replay_each`], handing each version over whole as soon as it is
/// built, with the history it was built in (which then holds no version), so that `each` can
/// make its files on another thread while the next version is built.
pub fn replay_handing<'m, E>(
    sources: &mut Sources,
    manifest: &'m Manifest,
    loaded: &Loaded,
    options: &Options,
    mut each: impl FnMut(&Sources, &History<'m>, Built) -> Result<(), E>,
) -> Result<History<'m>, E> {
    run(sources, manifest, loaded, options, Keep::Handed, |sources, history| {
        let built = history.versions.pop().expect("a version is handed over once built");
        each(sources, history, built)
    })
}

/// Which versions a replay keeps.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    All,
    Latest,
    /// None: `each` takes each version away.
    Handed,
}

fn run<'m, E>(
    sources: &mut Sources,
    manifest: &'m Manifest,
    loaded: &Loaded,
    options: &Options,
    keep: Keep,
    mut each: impl FnMut(&Sources, &mut History<'m>) -> Result<(), E>,
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
    let mut document = Document::shared(file, sources.shared(file));
    let mut changes: Vec<Vec<Change>> = vec![Vec::new(); document.len()];
    let mut deleted: Vec<blame::Deleted> = Vec::new();
    for (k, version) in manifest.versions.iter().enumerate() {
        let carried: Vec<(usize, FileId)> = version
            .with_status(Status::Carried)
            .filter_map(|(j, _)| loaded.sheets.get(k).and_then(|s| s.get(j).copied().flatten()).map(|f| (j, f)))
            .collect();
        let built = if carried.is_empty() {
            Built { version: k, file, document, step: None, changes, deleted, moved: Vec::new(), warnings: Vec::new() }
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
            let mut built = build_version(sources, manifest, k, file, outcome, causes, &changes, options);
            blame::carry_deleted(&mut deleted, &built);
            built.deleted = deleted;
            built
        };
        // The version just built is the text the next one is made from: taken back whole when
        // versions are not kept, copied when they are or when `each` takes it away.
        let copied = (keep != Keep::Latest)
            .then(|| (built.file, built.document.clone(), built.changes.clone(), built.deleted.clone()));
        history.versions.push(built);
        each(sources, &mut history)?;
        (file, document, changes, deleted) = match copied {
            Some(copied) => copied,
            None => {
                let b = history.versions.pop().expect("just added");
                (b.file, b.document, b.changes, b.deleted)
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
        references::fix(&mut outcome, sheet_file, &sheet, &mut moved, &lineage);
        causes.push(Cause::References);
        // The references, now in the updated text.
        file = sources.len();
        document = Document::parse(file, &outcome.text);
        lineage = trace(&outcome.document, &outcome.edits, &document);
    }
    let added = sources.add(text_name(manifest, k), outcome.text.clone());
    debug_assert_eq!(added, file, "the version's text got the id it was parsed with");
    let changes = unit_changes(k, &outcome, &document, &lineage, &causes, changes_before);
    let mut warnings = outcome.warnings.clone();
    warnings.extend(moved.iter().filter_map(|m| reference_warning(manifest, k, file, &document, m)));
    let step = Step { previous, outcome, causes, lineage };
    Built { version: k, file, document, step: Some(step), changes, deleted: Vec::new(), moved, warnings }
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

/// References in the new text, kept from the old one, whose unit was renumbered or removed.
fn moved_references(outcome: &Outcome, new: &Document, lineage: &Lineage, causes: &[Cause]) -> Vec<Moved> {
    references::moved(&outcome.document, new, lineage)
        .into_iter()
        .map(|m| m.map_cause(|e| causes[outcome.edits[e].origin.amendment]))
        .collect()
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

pub use references::{Fix, FixSheet};

/// The sheet of reference updates for version `k` (whose text `doc` holds the references): see
/// [`references::fix_sheet`].
pub fn fix_sheet(manifest: &Manifest, k: usize, doc: &Document, moved: &[Moved]) -> FixSheet {
    let heading = format!(
        "References updated to the numbering of version {} (a clerical amendment, written by amend)",
        manifest.versions[k].name
    );
    references::fix_sheet(&heading, doc, moved)
}

#[cfg(test)]
mod tests;
