//! What amendments do to the cross-references of a text: the references whose unit they
//! renumber or remove, and the clerical amendment that updates those renumbered. Used by
//! `apply`, `check` and `redline` on a base and sheets ([`review`]) and by a history, version
//! by version.
//!
//! ```text
//! (old Document, edits, new Document, Lineage) ──moved──▶ [Moved]   (what became of each target)
//! (new Document, [Moved]) ──fix_sheet──▶ FixSheet                    (one instruction per phrase)
//! (Outcome, FixSheet) ──fix──▶ Outcome with the updates as one more amendment
//! ```

use super::{Reference, candidates, resolve};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{Document, UnitId, UnitKind};
use crate::history::{Lineage, trace};
use crate::resolve::{Edit, EditKind, Origin};
use crate::source::{FileId, Sources, Span};
use crate::{Outcome, apply};

/// What the amendments did to the unit a reference points to; `C` says what removed it (an
/// edit's index, or a history's cause).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fate<C> {
    /// The unit referred to is now numbered `to`; `fixed` when the reference was updated.
    Renumbered {
        /// Its new number.
        to: String,
        /// Whether the reference was updated.
        fixed: bool,
    },
    /// The unit referred to was removed (by this).
    Removed {
        /// What removed it.
        by: Option<C>,
    },
}

/// A reference whose unit the amendments renumbered or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved<C> {
    /// The reference, in the new text.
    pub reference: Reference,
    /// Where the reference is in the old text (it is kept text).
    pub old_span: Span,
    /// The unit it stands in, in the new text.
    pub unit: Option<UnitId>,
    /// The unit it pointed to, described as it was: `Para 4.3 (“Motions may be submitted…”)`.
    pub target: String,
    /// The edit that renumbered or removed that unit, where one did (an index into the edits).
    pub edit: Option<usize>,
    /// What happened to the unit it points to.
    pub fate: Fate<C>,
}

impl<C> Moved<C> {
    /// The same, with what removed the unit told otherwise.
    pub fn map_cause<D>(self, f: impl FnOnce(C) -> D) -> Moved<D> {
        let fate = match self.fate {
            Fate::Renumbered { to, fixed } => Fate::Renumbered { to, fixed },
            Fate::Removed { by } => Fate::Removed { by: by.map(f) },
        };
        Moved {
            reference: self.reference,
            old_span: self.old_span,
            unit: self.unit,
            target: self.target,
            edit: self.edit,
            fate,
        }
    }
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

/// References in `new` (the text `edits` made of `old`), kept from the old text, whose unit was
/// renumbered or removed; a removal names the edit that made it. A reference the edits wrote is
/// the drafter's, and is not checked.
pub fn moved(old: &Document, new: &Document, lineage: &Lineage) -> Vec<Moved<usize>> {
    let mut out = Vec::new();
    // Only a renumbering or a removal moves a reference; most amendments change words alone.
    if !renumbers_or_removes(old, new, lineage) {
        return out;
    }
    for r in candidates(new) {
        let Some(span) = lineage.map.kept(r.span) else { continue };
        let Some(number) = lineage.map.kept(r.number) else { continue };
        let in_old = Reference { span, number, ..r.clone() };
        let Some(target) = resolve(old, &in_old, span.start) else { continue };
        let excerpt: String = old.body(target).split_whitespace().collect::<Vec<_>>().join(" ");
        let short: String = excerpt.chars().take(40).collect();
        let ellipsis = if short.len() < excerpt.len() { "…" } else { "" };
        // A heading's description already quotes its title.
        let described = match old.unit(target).kind {
            UnitKind::Heading { .. } => old.describe(target),
            _ => format!("{} (“{}{ellipsis}”)", old.describe(target), short.trim_end()),
        };
        let t = target.0 as usize;
        let (fate, edit) = match lineage.new_of[t] {
            Some(n) => {
                let Some(label) = &new.unit(n).label else { continue };
                let to = label.number.key();
                if r.key.is_empty() || to == r.key {
                    continue;
                }
                (Fate::Renumbered { to, fixed: false }, lineage.renumbered_by[t])
            }
            None => (Fate::Removed { by: lineage.removed_by[t] }, lineage.removed_by[t]),
        };
        out.push(Moved {
            unit: new.unit_at(r.span.start),
            reference: r,
            old_span: span,
            target: described,
            edit,
            fate,
        });
    }
    out
}

/// The instructions that update references to renumbered units, and where each applies.
#[derive(Debug, Clone)]
pub struct FixSheet {
    /// An amendment sheet that makes the updates to the new text (units by their new numbers).
    pub text: String,
    /// Where each update goes.
    pub fixes: Vec<Fix>,
}

/// One reference updated.
#[derive(Debug, Clone)]
pub struct Fix {
    /// Index in the moved references.
    pub moved: usize,
    /// The new number.
    pub to: String,
    /// The instruction in the sheet.
    pub instruction: Span,
}

/// The sheet of reference updates, headed by `heading`, for the text `doc` holds: one
/// instruction per phrase and unit, quoting the whole phrase (`clauses 2 to 5` → `clauses 2 to
/// 4`), with a count where the phrase recurs. A phrase that also occurs in the unit where it is
/// not a reference to update gets no instruction (the reference stays reported): a quote must
/// find exactly the references it updates.
pub fn fix_sheet<C: PartialEq>(heading: &str, doc: &Document, moved: &[Moved<C>]) -> FixSheet {
    let mut text = format!("{heading}\n");
    let mut fixes = Vec::new();
    let mut done = vec![false; moved.len()];
    let mut last_unit: Option<Option<UnitId>> = None;
    for (i, m) in moved.iter().enumerate() {
        if done[i] || !matches!(m.fate, Fate::Renumbered { fixed: false, .. }) {
            continue;
        }
        let phrase = m.reference.phrase;
        // Every renumbered reference of the phrase is updated by the one instruction.
        let members: Vec<usize> = (0..moved.len())
            .filter(|&j| moved[j].reference.phrase == phrase && matches!(moved[j].fate, Fate::Renumbered { .. }))
            .collect();
        let written = doc.slice(phrase);
        let mut new = String::new();
        let mut at = phrase.start;
        for &j in &members {
            let Fate::Renumbered { to, .. } = &moved[j].fate else { continue };
            let n = moved[j].reference.number;
            new.push_str(&doc.text()[at..n.start]);
            new.push_str(to);
            at = n.end;
        }
        new.push_str(&doc.text()[at..phrase.end]);
        // The text the instruction's scope searches: the unit with its sub-units, or everything.
        let region = match m.unit.filter(|&u| !scope(doc, Some(u)).is_empty()) {
            Some(u) => doc.unit(u).span,
            None => Span::new(0, doc.text().len()),
        };
        // The same phrase updated the same way elsewhere in the unit goes with it.
        let same: Vec<usize> = (0..moved.len())
            .filter(|&j| {
                let p = moved[j].reference.phrase;
                region.contains(p) && doc.slice(p) == written && moved[j].fate == m.fate
            })
            .collect();
        let phrases: Vec<Span> = {
            let mut p: Vec<Span> = same.iter().map(|&j| moved[j].reference.phrase).collect();
            p.dedup();
            p
        };
        let group: Vec<usize> = (0..moved.len()).filter(|&j| phrases.contains(&moved[j].reference.phrase)).collect();
        for &j in &group {
            done[j] = true;
        }
        let occurrences = whole_matches(doc.slice(region), written);
        if occurrences != phrases.len() {
            continue;
        }
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
        for j in group {
            if let Fate::Renumbered { to, .. } = &moved[j].fate {
                fixes.push(Fix { moved: j, to: to.clone(), instruction });
            }
        }
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

/// Applies the updates of `sheet` (added to the sources as `sheet_file`) to the outcome as one
/// more amendment: its edits join the others (in the old text's offsets, so that the redline
/// traces them), the text is made again, and the moved references are placed in the updated
/// text and marked fixed. `lineage` is that of the outcome before the updates.
pub fn fix<C>(outcome: &mut Outcome, sheet_file: FileId, sheet: &FixSheet, moved: &mut [Moved<C>], lineage: &Lineage) {
    let index = outcome.amendments.len();
    let (amendment, _) = crate::amendment::parse(sheet_file, &sheet.text);
    outcome.amendments.push(amendment);
    let mut shift: Vec<(usize, isize)> = Vec::new();
    for f in &sheet.fixes {
        let m = &moved[f.moved];
        let Some(old) = lineage.map.kept(m.reference.number) else { continue };
        let unit = outcome.document.unit_at(old.start);
        outcome.edits.push(Edit {
            range: old,
            text: f.to.clone(),
            kind: EditKind::Text,
            origin: Origin { amendment: index, file: sheet_file, span: f.instruction },
            unit,
        });
        shift.push((m.reference.number.start, f.to.len() as isize - m.reference.number.len() as isize));
    }
    outcome.edits.sort_by_key(|e| (e.range.start, e.range.end));
    outcome.text = apply::apply(outcome.document.text(), &outcome.edits);
    // Offsets after an update move by the change in its length.
    let moved_to =
        |x: usize| (x as isize + shift.iter().filter(|(at, _)| *at < x).map(|(_, d)| d).sum::<isize>()) as usize;
    let remap = |s: Span| Span::new(moved_to(s.start), moved_to(s.end));
    let fixed: Vec<usize> = sheet.fixes.iter().map(|f| f.moved).collect();
    for (i, m) in moved.iter_mut().enumerate() {
        m.reference.span = remap(m.reference.span);
        m.reference.number = remap(m.reference.number);
        m.reference.phrase = remap(m.reference.phrase);
        if let (Fate::Renumbered { to, fixed: f }, true) = (&mut m.fate, fixed.contains(&i)) {
            *f = true;
            m.reference.key = to.clone();
        }
    }
}

/// What the amendments of an outcome did to the references of its text.
#[derive(Debug, Clone)]
pub struct Review {
    /// References whose unit was renumbered or removed (in the consolidated text), the
    /// amendment that did it as an index into the outcome's amendments.
    pub moved: Vec<Moved<usize>>,
    /// Warnings for those not updated (W0114, W0115), pointing at the base.
    pub warnings: Vec<Diagnostic>,
    /// The sheet of updates, when references were updated (its file in the sources).
    pub fixed: Option<FileId>,
}

/// Whether the edits can renumber or remove a unit at all: any edit of units, or a change of
/// words that crosses a line or touches a unit's number. Most sheets change words alone, and
/// then the consolidated text need not be parsed again.
fn may_move(doc: &Document, edits: &[Edit]) -> bool {
    edits.iter().any(|e| {
        e.kind != EditKind::Text
            || e.text.contains(['\n', '\r'])
            || doc.slice(e.range).contains(['\n', '\r'])
            || doc.unit_at(e.range.start).is_some_and(|u| touches_number(doc, e, u))
    })
}

/// Whether any reference in the old text points to a unit the edits may remove or renumber,
/// found without making the new text's document: the units an edit names (removed, replaced or
/// renumbered, with their sub-units), and those a change of words may undo (one whose number it
/// touches, or, where it crosses a line, one that starts inside it), against the references of
/// the old text.
fn points_at_moved(doc: &Document, edits: &[Edit]) -> bool {
    let mut affected: Vec<bool> = vec![false; doc.len()];
    let mut any = false;
    let mut starts: Vec<(usize, UnitId)> = Vec::new();
    for e in edits {
        let (units, with_children) = match e.kind {
            EditKind::Renumber => (e.unit.into_iter().collect(), false),
            EditKind::RemoveUnit | EditKind::ReplaceUnit => (e.unit.into_iter().collect(), true),
            EditKind::AddUnit => continue,
            EditKind::Text => {
                if starts.is_empty() {
                    starts = doc.units().map(|(id, u)| (u.span.start, id)).collect();
                    starts.sort_unstable();
                }
                (touched(doc, e, &starts), true)
            }
        };
        let mut stack: Vec<UnitId> = units;
        while let Some(u) = stack.pop() {
            affected[u.0 as usize] = true;
            any = true;
            if with_children {
                stack.extend(&doc.unit(u).children);
            }
        }
    }
    any && candidates(doc).iter().any(|r| resolve(doc, r, r.span.start).is_some_and(|t| affected[t.0 as usize]))
}

/// Whether an edit may change unit `u`'s number (the text before its body). An edit that
/// leaves the number's characters and a space after them alone does not: deleting a unit's
/// first words with the space before them (`(b) We the People of the Peace` less ` We the
/// People of`) still leaves `(b) ` before the rest.
fn touches_number(doc: &Document, e: &Edit, u: UnitId) -> bool {
    let unit = doc.unit(u);
    let label_end = unit.body.start.max(unit.span.start);
    if !(e.range.start < label_end && unit.span.start < e.range.end.max(e.range.start + 1)) {
        return false;
    }
    let label = doc.slice(Span::new(unit.span.start, label_end));
    let number_end = unit.span.start + label.trim_end().len();
    let blank = |c: char| c == ' ' || c == '\t';
    let space_kept = e.range.start > number_end
        || e.text.starts_with(blank)
        || (e.text.is_empty() && doc.text()[e.range.end.min(doc.text().len())..].starts_with(blank));
    e.range.start < number_end || !space_kept
}

/// The units a change of words may renumber or remove: one whose number it touches, and,
/// where it crosses a line, those that start inside it (`starts`: every unit's start, sorted).
fn touched(doc: &Document, e: &Edit, starts: &[(usize, UnitId)]) -> Vec<UnitId> {
    let mut out = Vec::new();
    let mut at = doc.unit_at(e.range.start);
    while let Some(u) = at {
        if touches_number(doc, e, u) {
            out.push(u);
        }
        at = doc.unit(u).parent;
    }
    if e.text.contains(['\n', '\r']) || doc.slice(e.range).contains(['\n', '\r']) {
        let from = starts.partition_point(|&(s, _)| s < e.range.start);
        out.extend(starts[from..].iter().take_while(|&&(s, _)| s <= e.range.end).map(|&(_, u)| u));
    }
    out
}

/// Whether edits may renumber or remove a unit that the text refers to: only then does
/// [`review`] read the new text again. Most texts refer to none of the units moved (and most
/// amendments move none); for a 100 MB base, reading it again takes seconds and as much memory
/// as the base.
pub fn needs_review(document: &Document, edits: &[Edit]) -> bool {
    may_move(document, edits) && points_at_moved(document, edits)
}

/// The references an outcome's amendments renumber or remove, with a warning for each, the
/// reference shown where the base has it; with `fix`, those renumbered are updated as one more
/// amendment (added to `sources` as "references (amend)"), which the outcome then includes.
pub fn review(sources: &mut Sources, outcome: &mut Outcome, fix_references: bool) -> Review {
    let none = Review { moved: Vec::new(), warnings: Vec::new(), fixed: None };
    if !needs_review(&outcome.document, &outcome.edits) {
        return none;
    }
    let base = outcome.document.file();
    let new = Document::parse(base, &outcome.text);
    let lineage = trace(&outcome.document, &outcome.edits, &new);
    let by_amendment = |e: usize| outcome.edits[e].origin.amendment;
    let mut moved: Vec<Moved<usize>> =
        moved(&outcome.document, &new, &lineage).into_iter().map(|m| m.map_cause(by_amendment)).collect();
    if moved.is_empty() {
        return none;
    }
    let sheet = fix_references.then(|| {
        fix_sheet("References updated to the new numbering (a clerical amendment, written by amend)", &new, &moved)
    });
    let sheet = sheet.filter(|s| !s.fixes.is_empty());
    let fixed: Vec<usize> = sheet.iter().flat_map(|s| s.fixes.iter().map(|f| f.moved)).collect();
    let warnings = moved
        .iter()
        .enumerate()
        .filter(|(i, _)| !fixed.contains(i))
        .map(|(_, m)| warning(sources, outcome, &new, m))
        .collect();
    let file = sheet.map(|sheet| {
        let file = sources.add("references (amend)", sheet.text.clone());
        fix(outcome, file, &sheet, &mut moved, &lineage);
        file
    });
    Review { moved, warnings, fixed: file }
}

/// W0114 or W0115 for a reference not updated, on the base's text, with the instruction that
/// renumbered or removed its unit.
fn warning(sources: &Sources, outcome: &Outcome, new: &Document, m: &Moved<usize>) -> Diagnostic {
    let base = outcome.document.file();
    let mut written = sources.text(base)[m.old_span.range()].to_string();
    // A number of a list is shown in its phrase: `“1.4” in “clause 1.3 or 1.4”`.
    if m.reference.phrase != m.reference.span {
        written = format!("{written}” in “{}", new.slice(m.reference.phrase));
    }
    let origin = m.edit.map(|e| &outcome.edits[e].origin);
    let sheet = |o: &Origin| sources.name(o.file).to_string();
    let d = match &m.fate {
        Fate::Renumbered { to, .. } => Diagnostic::warning(
            Code::ReferenceRenumbered,
            format!("“{written}” pointed to {}, which the amendments renumber to {to}", m.target),
        )
        .primary(base, m.old_span, format!("now {to}"))
        .help("update the reference in an amendment, or apply with --fix-references"),
        Fate::Removed { .. } => Diagnostic::warning(
            Code::ReferenceRemoved,
            format!(
                "“{written}” points to {}, which {} removes",
                m.target,
                origin.map_or_else(|| "an amendment".to_string(), sheet)
            ),
        )
        .primary(base, m.old_span, "refers to a removed unit")
        .help("amend or delete the reference in the same amendment"),
    };
    match origin {
        Some(o) => d.secondary(o.file, o.span, "this instruction"),
        None => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = "1. Rules.\n\n   (a) We the People of the Peace.\n\n   (b) Others.\n";

    /// Whether a change of `old` (the first occurrence, widened by `before` bytes to its left)
    /// into `new` may renumber a unit.
    fn moves(before: usize, old: &str, new: &str) -> bool {
        let doc = Document::parse(0, DOC);
        let at = DOC.find(old).unwrap() - before;
        let range = Span::new(at, at + before + old.len());
        let origin = Origin { amendment: 0, file: 0, span: Span::default() };
        let edit = Edit { range, text: new.into(), kind: EditKind::Text, origin, unit: None };
        may_move(&doc, &[edit])
    }

    #[test]
    fn deleting_a_units_first_words_with_the_space_before_them_keeps_its_number() {
        assert!(!moves(1, "We the People of", ""));
        assert!(!moves(0, "We the People of ", ""));
        assert!(!moves(1, "We", " They"));
    }

    #[test]
    fn an_edit_of_the_number_or_of_every_space_after_it_may_renumber() {
        assert!(moves(0, "(a)", "(c)"));
        assert!(moves(1, "We", "We"));
        assert!(moves(1, "We the People of ", ""));
        assert!(moves(1, "We", "They"));
    }
}
