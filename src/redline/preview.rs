//! A redline cut down to units (`amend preview`): for a member, each unit an amendment touches
//! as it stands, as it would read, and with its changes marked, in the order a meeting reads
//! them: the order of the sheet.

use super::{Mark, Redline, Source, UnitName};
use crate::document::{Document, UnitId};
use crate::resolve::EditKind;
use crate::source::Span;

/// One unit of a preview.
#[derive(Debug, Clone)]
pub struct UnitPreview {
    pub unit: UnitName,
    /// The instructions that change it, in order.
    pub sources: Vec<Source>,
    /// The part of the redline covering the unit (and units added after it).
    pub redline: Redline,
}

impl UnitPreview {
    /// The unit as it stands in the base.
    pub fn before(&self) -> String {
        self.redline.old_text()
    }

    /// The unit as it would read.
    pub fn after(&self) -> String {
        self.redline.new_text()
    }

    /// Whether any words of the unit change.
    pub fn changed(&self) -> bool {
        self.redline.segments.iter().any(|s| s.mark != Mark::Equal)
    }
}

/// The units to show, and the numbers that change only because units were added or removed.
#[derive(Debug, Clone)]
pub struct Preview {
    pub units: Vec<UnitPreview>,
    /// Units renumbered: old label → new label.
    pub renumbered: Vec<(String, String)>,
}

/// Why a unit asked for cannot be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UnitError {
    #[error("no unit `{0}` in the base; `amend outline BASE` lists its units")]
    NotFound(String),
    #[error("{} units are numbered `{number}`: {}", .candidates.len(), .candidates.join(", "))]
    Ambiguous { number: String, candidates: Vec<String> },
}

/// Finds the unit numbered `number` (`4.1`, `vii)`, `(a)`).
pub fn find_unit(doc: &Document, number: &str) -> Result<UnitId, UnitError> {
    let key = number.trim().trim_start_matches('(').trim_end_matches([')', '.']);
    let mut found = doc.with_number(key).to_vec();
    if found.is_empty() {
        found = doc.with_number_ignoring_case(key);
    }
    match found.as_slice() {
        [] => Err(UnitError::NotFound(number.to_string())),
        [one] => Ok(*one),
        many => Err(UnitError::Ambiguous {
            number: number.to_string(),
            candidates: many.iter().map(|&u| doc.describe(u)).collect(),
        }),
    }
}

/// The preview of `redline` (built from `doc`): the units its changes concern, or only `only`.
pub fn preview(doc: &Document, redline: &Redline, only: Option<UnitId>) -> Preview {
    let mut units: Vec<UnitId> = match only {
        Some(u) => vec![u],
        None => redline
            .changes
            .iter()
            .filter(|c| c.kind != EditKind::Renumber)
            .filter_map(|c| c.unit.as_ref().map(|u| u.id))
            .collect(),
    };
    units.sort();
    units.dedup();
    // In the order of the sheet: a meeting reads the motion from the top, whatever the units'
    // order in the base.
    let first_instruction = |u: UnitId| {
        redline
            .changes
            .iter()
            .filter(|c| c.kind != EditKind::Renumber && c.unit.as_ref().is_some_and(|n| n.id == u))
            .filter_map(|c| c.source.as_ref().map(|s| (s.amendment, s.line, s.column)))
            .min()
    };
    units.sort_by_key(|&u| (first_instruction(u).unwrap_or((usize::MAX, 0, 0)), u));
    let renumbered = redline
        .changes
        .iter()
        .filter(|c| c.kind == EditKind::Renumber)
        .filter(|c| only.is_none() || c.unit.as_ref().map(|u| u.id) == only)
        .map(|c| (c.old.clone(), c.new.clone()))
        .collect();
    let units = units
        .into_iter()
        .map(|u| {
            let mine: Vec<_> = redline.changes.iter().filter(|c| c.unit.as_ref().is_some_and(|n| n.id == u)).collect();
            let ids: Vec<usize> = mine.iter().map(|c| c.id - 1).collect();
            let region = mine.iter().fold(own_text(doc, u), |r, c| r.join(c.old_span));
            let mut sources: Vec<Source> = Vec::new();
            // A renumbering's instruction is about another unit; the renumbered list says it.
            let own = mine.iter().filter(|c| c.kind != EditKind::Renumber);
            for s in own.filter_map(|c| c.source.clone()) {
                if !sources.contains(&s) {
                    sources.push(s);
                }
            }
            UnitPreview { unit: super::unit_name(doc, u), sources, redline: slice(redline, region, &ids) }
        })
        .collect();
    Preview { units, renumbered }
}

/// A unit's own text: a paragraph with its sub-paragraphs, but a heading without the section
/// it opens.
fn own_text(doc: &Document, id: UnitId) -> Span {
    let unit = doc.unit(id);
    let end = match (unit.kind, unit.children.first()) {
        (crate::document::UnitKind::Heading { .. }, Some(&first)) => {
            let start = doc.unit(first).span.start;
            unit.span.start + doc.text()[unit.span.start..start].trim_end().len()
        }
        _ => unit.span.end,
    };
    Span::new(unit.span.start, end)
}

/// The part of a redline over `region` of the old text, with the insertions inside it, and
/// those at its ends made by `changes` (not another unit's text added at the boundary).
fn slice(redline: &Redline, region: Span, changes: &[usize]) -> Redline {
    let mut segments = Vec::new();
    let mut at = 0;
    for s in &redline.segments {
        let len = s.old_text().len();
        let (start, end) = (at, at + len);
        at = end;
        if s.mark == Mark::Insert {
            let inside = region.start < start && start < region.end;
            let at_edge = start == region.start || start == region.end;
            if inside || (at_edge && s.change.is_some_and(|c| changes.contains(&c))) {
                segments.push(s.clone());
            }
            continue;
        }
        let (from, to) = (start.max(region.start), end.min(region.end));
        if from >= to {
            continue;
        }
        let mut part = s.clone();
        if s.old.is_none() {
            part.text = s.text[from - start..to - start].to_string();
        }
        segments.push(part);
    }
    Redline {
        subject: redline.subject.clone(),
        segments,
        changes: redline.changes.clone(),
        coarse: redline.coarse.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::Options;
    use crate::source::Sources;

    fn setup(base: &str, amendment: &str) -> (crate::Outcome, Redline) {
        let mut sources = Sources::new();
        let b = sources.add("base.txt", base);
        let a = sources.add("a.amend", amendment);
        let outcome = crate::consolidate(&sources, b, &[a], &Options::default()).unwrap();
        let r = Redline::from_outcome(&sources, &outcome);
        (outcome, r)
    }

    const BASE: &str = "1) Aims\n\n1.1 The OG meets.\n\n1.2 The OG decides.\n\n1.3 Last.\n";

    #[test]
    fn shows_only_the_units_touched_before_and_after() {
        let (out, r) = setup(BASE, "Para 1.2: DELETE “OG”; INSERT “SC”.\n");
        let p = preview(&out.document, &r, None);
        assert_eq!(p.units.len(), 1);
        let u = &p.units[0];
        assert_eq!(u.unit.name, "Para 1.2");
        assert_eq!(u.before(), "1.2 The OG decides.");
        assert_eq!(u.after(), "1.2 The SC decides.");
        assert_eq!(u.sources.len(), 1);
        assert!(p.renumbered.is_empty());
    }

    #[test]
    fn a_new_unit_shows_with_the_one_it_follows_and_renumbering_is_listed() {
        let (out, r) = setup(BASE, "Para 1.1 – NO CHANGE.\nINSERT “New text.”\n");
        let p = preview(&out.document, &r, None);
        assert_eq!(p.units.len(), 1);
        assert_eq!(p.units[0].before(), "1.1 The OG meets.");
        assert_eq!(p.units[0].after(), "1.1 The OG meets.\n\n1.2 New text.");
        assert_eq!(p.renumbered, [("1.2".into(), "1.3".into()), ("1.3".into(), "1.4".into())]);
    }

    #[test]
    fn a_unit_asked_for_is_shown_even_unchanged() {
        let (out, r) = setup(BASE, "Para 1.2: DELETE “OG”; INSERT “SC”.\n");
        let u = find_unit(&out.document, "1.3").unwrap();
        let p = preview(&out.document, &r, Some(u));
        assert_eq!(p.units.len(), 1);
        assert!(!p.units[0].changed());
        assert_eq!(p.units[0].after(), "1.3 Last.");
        assert_eq!(find_unit(&out.document, "9.9"), Err(UnitError::NotFound("9.9".into())));
    }

    #[test]
    fn a_removed_unit_reads_as_nothing_even_after_an_insertion_at_its_edge() {
        let (out, r) = setup(BASE, "Para 1.2: INSERT AT END “Then it decides again.”\nPara 1.3 – DELETE ALL.\n");
        let p = preview(&out.document, &r, None);
        let names: Vec<&str> = p.units.iter().map(|u| u.unit.name.as_str()).collect();
        assert_eq!(names, ["Para 1.2", "Para 1.3"]);
        assert_eq!(p.units[0].after(), "1.2 The OG decides. Then it decides again.");
        assert_eq!(p.units[1].after().trim(), "");
    }

    /// A sheet that changes 1.3, then 1.1, then 1.2 is previewed in that order. See: issue 15.
    #[test]
    fn r15_units_follow_the_order_of_the_sheet() {
        let sheet = "Para 1.3: DELETE “Last”; INSERT “Final”.\nPara 1.1: DELETE “OG”; INSERT “SC”.\nPara 1.2: DELETE “OG”; INSERT “SC”.\n";
        let (out, r) = setup(BASE, sheet);
        let p = preview(&out.document, &r, None);
        let names: Vec<&str> = p.units.iter().map(|u| u.unit.name.as_str()).collect();
        assert_eq!(names, ["Para 1.3", "Para 1.1", "Para 1.2"]);
    }

    #[test]
    fn a_heading_is_shown_without_its_section() {
        let (out, r) = setup(BASE, "Section 1): DELETE “Aims”; INSERT “Goals”.\n");
        let p = preview(&out.document, &r, None);
        assert_eq!(p.units[0].before(), "1) Aims");
        assert_eq!(p.units[0].after(), "1) Goals");
    }
}
