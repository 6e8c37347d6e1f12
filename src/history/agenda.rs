//! The agenda of the version still to come: the text as it would read if its amendments were
//! carried, and the pairs of amendments that touch the same text (collisions), which the
//! arrangements committee composites or takes in order.
//!
//! Every amendment is resolved on its own against the text it was drafted against (the version
//! before); two collide when edits of theirs collide as the resolver defines it (E0301). The
//! preview takes the amendments already carried first, then the others in manifest order, and
//! leaves out one that collides with an amendment already taken: once one of two colliding
//! amendments is carried, the other falls.

use super::{Cause, History, Moved, moved_references, trace};
use crate::document::Document;
use crate::manifest::Status;
use crate::resolve::{Edit, EditKind, collide};
use crate::source::{FileId, Sources, Span};
use crate::{Diagnostic, Outcome, consolidate_document};

/// Which amendments the preview applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Assume {
    /// Those carried so far and every pending one, as if all pending were carried.
    #[default]
    Carried,
    /// Every amendment of the version with a sheet, whatever became of it.
    All,
}

/// What happened to an amendment in the preview.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate {
    /// Applied.
    Applied,
    /// Left out: it collides with this amendment (an entry index), taken before it.
    LeftOut {
        /// The amendment (an entry index) it collides with.
        collides_with: usize,
    },
    /// It does not apply to the text it was drafted against.
    Fails(Vec<Diagnostic>),
}

/// Two amendments that touch the same text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Collision {
    /// The two amendments (entry indices), in manifest order.
    pub first: usize,
    /// The amendment after it in manifest order.
    pub second: usize,
    /// The unit concerned, as the text before names it.
    pub unit: Option<String>,
    /// The text both change, in the text before (empty where both insert at one point).
    pub span: Span,
    /// That text, as the text before reads it.
    pub text: String,
}

/// The agenda of one version.
#[derive(Debug)]
pub struct Agenda {
    /// The version's index in the manifest.
    pub version: usize,
    /// The text the amendments were drafted against, in the sources.
    pub previous: FileId,
    /// Which amendments the preview applies.
    pub assume: Assume,
    /// The amendments considered (entry indices), in manifest order, with their fate.
    pub considered: Vec<(usize, Fate)>,
    /// Pairs of amendments that touch the same text.
    pub collisions: Vec<Collision>,
    /// The preview: the text before with the applied amendments.
    pub outcome: Outcome,
    /// What each amendment of the outcome is.
    pub causes: Vec<Cause>,
    /// References in the preview whose units it renumbers or removes.
    pub moved: Vec<Moved>,
}

/// Why there is no agenda.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AgendaError {
    /// No version has a pending amendment.
    #[error("no version has pending amendments")]
    NothingPending,
    /// The version before the agenda's does not build.
    #[error("version `{0}` cannot be built, so the text its amendments were drafted against is not known")]
    NotBuilt(String),
    /// The amendments taken into the preview do not apply together.
    #[error("the amendments of the preview do not apply together")]
    Preview(Vec<Diagnostic>),
}

/// The agenda of the version with pending amendments.
pub fn agenda(sources: &Sources, history: &History<'_>, assume: Assume) -> Result<Agenda, AgendaError> {
    let manifest = history.manifest;
    let k = manifest.agenda().ok_or(AgendaError::NothingPending)?;
    let (previous, document) = match k.checked_sub(1) {
        None => (history.base, Document::shared(history.base, sources.shared(history.base))),
        Some(p) => {
            let built = history.get(p).ok_or_else(|| AgendaError::NotBuilt(manifest.versions[p].name.clone()))?;
            (built.file, built.document.clone())
        }
    };
    let sheets = history.sheets.get(k).map_or(&[][..], Vec::as_slice);
    let considered: Vec<(usize, FileId)> = manifest.versions[k]
        .amendments
        .iter()
        .enumerate()
        .filter(|(_, e)| match assume {
            Assume::Carried => matches!(e.status, Status::Carried | Status::Pending),
            Assume::All => true,
        })
        .filter_map(|(j, _)| sheets.get(j).copied().flatten().map(|f| (j, f)))
        .collect();

    // Each amendment alone, against the text it was drafted against.
    let options = &history.options.resolve;
    let alone: Vec<Result<Vec<Edit>, Vec<Diagnostic>>> = considered
        .iter()
        .map(|&(_, f)| consolidate_document(sources, document.clone(), &[f], options).map(|o| o.edits))
        .collect();
    // Renumberings follow from additions and removals; they are not a collision of their own.
    let substantive =
        |edits: &[Edit]| -> Vec<Edit> { edits.iter().filter(|e| e.kind != EditKind::Renumber).cloned().collect() };
    let mut collisions = Vec::new();
    for a in 0..considered.len() {
        for b in a + 1..considered.len() {
            let (Ok(ea), Ok(eb)) = (&alone[a], &alone[b]) else { continue };
            let (ea, eb) = (substantive(ea), substantive(eb));
            let hit = ea.iter().find_map(|x| eb.iter().find(|y| collide(x, y)).map(|y| (x, y)));
            if let Some((x, y)) = hit {
                let span = Span::new(
                    x.range.start.max(y.range.start),
                    x.range.end.min(y.range.end).max(x.range.start.max(y.range.start)),
                );
                let wide = if span.is_empty() { x.range.join(y.range) } else { span };
                let unit = document.unit_at(wide.start).map(|u| document.describe(u));
                collisions.push(Collision {
                    first: considered[a].0,
                    second: considered[b].0,
                    unit,
                    span: wide,
                    text: document.slice(wide).to_string(),
                });
            }
        }
    }

    // The preview: the carried amendments, then the rest in order, leaving out what collides
    // with an amendment already taken.
    let carried = |j: usize| manifest.versions[k].amendments[j].status == Status::Carried;
    let mut order: Vec<usize> = (0..considered.len()).collect();
    order.sort_by_key(|&i| !carried(considered[i].0));
    let mut fates: Vec<(usize, Fate)> = Vec::new();
    let mut applied: Vec<(usize, FileId)> = Vec::new();
    for i in order {
        let (j, f) = considered[i];
        let taken = |a: usize| applied.iter().any(|&(x, _)| x == a);
        let fate = match &alone[i] {
            Err(d) => Fate::Fails(d.clone()),
            Ok(_) => {
                match collisions.iter().find(|c| (c.second == j && taken(c.first)) || (c.first == j && taken(c.second)))
                {
                    Some(c) => Fate::LeftOut { collides_with: if c.first == j { c.second } else { c.first } },
                    None => {
                        applied.push((j, f));
                        Fate::Applied
                    }
                }
            }
        };
        fates.push((j, fate));
    }
    fates.sort_by_key(|(j, _)| *j);
    // The outcome applies them in manifest order, as a version does.
    applied.sort_by_key(|&(j, _)| j);
    let files: Vec<FileId> = applied.iter().map(|&(_, f)| f).collect();
    let outcome = consolidate_document(sources, document, &files, options).map_err(AgendaError::Preview)?;
    let causes: Vec<Cause> = applied.iter().map(|&(j, _)| Cause::Amendment(j)).collect();
    let preview = Document::parse(usize::MAX, &outcome.text);
    let lineage = trace(&outcome.document, &outcome.edits, &preview);
    let moved = moved_references(&outcome, &preview, &lineage, &causes);
    Ok(Agenda { version: k, previous, assume, considered: fates, collisions, outcome, causes, moved })
}
