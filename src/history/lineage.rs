//! (old document, edits, new document) → which unit of the new text continues which unit of the
//! old one, which edits changed each unit, and which units were added or removed.
//!
//! Units are followed through the edits, never matched by number: a unit whose first character
//! is kept text continues the old unit that started there; one whose first character was written
//! by an edit continues the unit that edit rewrote or renumbered, or is new.

use crate::document::{Document, UnitId};
use crate::resolve::{Edit, EditKind};
use crate::source::Span;

/// Where a byte of the new text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Kept from the old text, at this offset.
    Kept(usize),
    /// Written by edit `edit`, at offset `at` of its text.
    Inserted {
        /// The edit's index.
        edit: usize,
        /// The offset in its text.
        at: usize,
    },
}

#[derive(Debug, Clone, Copy)]
struct Piece {
    new_start: usize,
    new_end: usize,
    /// The old offset of a kept piece's first byte, or the edit that wrote it.
    source: Result<usize, usize>,
}

/// The new text as pieces of kept old text and of edits' text.
#[derive(Debug, Clone, Default)]
pub struct OffsetMap {
    pieces: Vec<Piece>,
}

impl OffsetMap {
    /// The map of `apply(old, edits)` (edits sorted, as `resolve` returns them).
    pub fn new(old_len: usize, edits: &[Edit]) -> OffsetMap {
        let mut pieces = Vec::with_capacity(edits.len() * 2 + 1);
        let mut cursor = 0;
        let mut new_at = 0;
        let mut push = |len: usize, source: Result<usize, usize>, new_at: &mut usize| {
            if len > 0 {
                pieces.push(Piece { new_start: *new_at, new_end: *new_at + len, source });
                *new_at += len;
            }
        };
        for (i, e) in edits.iter().enumerate() {
            let start = e.range.start.max(cursor);
            push(start - cursor, Ok(cursor), &mut new_at);
            push(e.text.len(), Err(i), &mut new_at);
            cursor = e.range.end.max(start);
        }
        push(old_len.saturating_sub(cursor), Ok(cursor), &mut new_at);
        OffsetMap { pieces }
    }

    /// Where the byte at `offset` of the new text came from (`None` past the end).
    pub fn place(&self, offset: usize) -> Option<Place> {
        let i = self.pieces.partition_point(|p| p.new_start <= offset).checked_sub(1)?;
        let p = self.pieces[i];
        if offset >= p.new_end {
            return None;
        }
        Some(match p.source {
            Ok(old) => Place::Kept(old + (offset - p.new_start)),
            Err(edit) => Place::Inserted { edit, at: offset - p.new_start },
        })
    }

    /// Where an offset of the old text went in the new one: its place, if it is kept; else the
    /// start of the first kept text after it (or the end of the new text).
    pub fn forward(&self, old: usize) -> usize {
        let mut end = 0;
        for p in &self.pieces {
            end = p.new_end;
            if let Ok(start) = p.source {
                let len = p.new_end - p.new_start;
                if (start..start + len).contains(&old) {
                    return p.new_start + (old - start);
                }
                if start >= old {
                    return p.new_start;
                }
            }
        }
        end
    }

    /// The old text of a new span that is kept whole, or `None` if an edit wrote any of it.
    pub fn kept(&self, span: Span) -> Option<Span> {
        if span.is_empty() {
            return None;
        }
        let i = self.pieces.partition_point(|p| p.new_start <= span.start).checked_sub(1)?;
        let p = self.pieces[i];
        match p.source {
            Ok(old) if span.end <= p.new_end => {
                let start = old + (span.start - p.new_start);
                Some(Span::new(start, start + span.len()))
            }
            _ => None,
        }
    }
}

/// How the units of a version continue those of the version before.
#[derive(Debug, Clone, Default)]
pub struct Lineage {
    /// For each unit of the new text, the old unit it continues.
    pub old_of: Vec<Option<UnitId>>,
    /// For each unit of the old text, the new unit that continues it (`None`: removed).
    pub new_of: Vec<Option<UnitId>>,
    /// For each new unit that continues none, the edit that wrote its first character.
    pub made_by: Vec<Option<usize>>,
    /// For each old unit, the edits that changed its own text (not its sub-units'), in order.
    pub touched: Vec<Vec<usize>>,
    /// For each old unit that is gone, the edit that removed it.
    pub removed_by: Vec<Option<usize>>,
    /// For each old unit, the edit that gave it a new number, if one did.
    pub renumbered_by: Vec<Option<usize>>,
    /// Where the new text came from.
    pub map: OffsetMap,
}

/// Where a unit's own text ends: at its first sub-unit, or at its end.
pub fn own_end(doc: &Document, id: UnitId) -> usize {
    let u = doc.unit(id);
    u.children.first().map_or(u.span.end, |&c| doc.unit(c).span.start)
}

/// The old unit that starts exactly at `offset`, if any.
fn starting_at(doc: &Document, offset: usize) -> Option<UnitId> {
    doc.unit_at(offset).filter(|&u| doc.unit(u).span.start == offset)
}

/// How many units hold `id`.
fn depth(doc: &Document, id: UnitId) -> usize {
    std::iter::successors(doc.unit(id).parent, |&p| doc.unit(p).parent).count()
}

/// Of `u` and the units that start where it starts (its ancestors so placed), the one `depth`
/// deep; `u` if none is.
fn same_depth(doc: &Document, u: UnitId, depth_wanted: usize) -> UnitId {
    let start = doc.unit(u).span.start;
    std::iter::successors(Some(u), |&a| doc.unit(a).parent.filter(|&p| doc.unit(p).span.start == start))
        .find(|&a| depth(doc, a) == depth_wanted)
        .unwrap_or(u)
}

/// Follows the units of `old` through `edits` into `new` (the text `apply(old, edits)`, parsed).
pub fn trace(old: &Document, edits: &[Edit], new: &Document) -> Lineage {
    let map = OffsetMap::new(old.text().len(), edits);
    let mut old_of = vec![None; new.len()];
    let mut new_of = vec![None; old.len()];
    let mut made_by = vec![None; new.len()];
    for (n, unit) in new.units() {
        let origin = match map.place(unit.span.start) {
            // A unit boundary in kept text that was none before: the nearest edit made it.
            // Units that start together (`(5)(A)`: a paragraph and its first subparagraph)
            // continue those as deep that started there.
            Some(Place::Kept(o)) => starting_at(old, o)
                .map(|u| same_depth(old, u, depth(new, n)))
                .ok_or_else(|| edits.iter().rposition(|e| e.range.start <= o)),
            Some(Place::Inserted { edit, at }) => {
                let e = &edits[edit];
                let at_start = e.text[..at].trim().is_empty();
                match e.kind {
                    EditKind::AddUnit => Err(Some(edit)),
                    _ if !at_start => Err(Some(edit)),
                    EditKind::Renumber | EditKind::ReplaceUnit => e
                        .unit
                        .filter(|&u| old.unit(u).span.start >= e.range.start)
                        .map(|u| same_depth(old, u, depth(new, n)))
                        .ok_or(Some(edit)),
                    _ => {
                        let lead = old.text()[e.range.range()].len() - old.text()[e.range.range()].trim_start().len();
                        starting_at(old, e.range.start + lead)
                            .map(|u| same_depth(old, u, depth(new, n)))
                            .ok_or(Some(edit))
                    }
                }
            }
            None => Err(None),
        };
        match origin {
            Ok(o) if new_of[o.0 as usize].is_none() => {
                new_of[o.0 as usize] = Some(n);
                old_of[n.0 as usize] = Some(o);
            }
            Ok(_) => {}
            Err(edit) => made_by[n.0 as usize] = edit,
        }
    }

    let mut touched = vec![Vec::new(); old.len()];
    let mut removed_by = vec![None; old.len()];
    let mut renumbered_by = vec![None; old.len()];
    // Units in document order, for finding those an edit's range crosses.
    let starts: Vec<usize> = old.units().map(|(_, u)| u.span.start).collect();
    for (i, e) in edits.iter().enumerate() {
        match e.kind {
            EditKind::Renumber => {
                if let Some(u) = e.unit {
                    renumbered_by[u.0 as usize] = Some(i);
                }
            }
            EditKind::RemoveUnit => {
                let mut stack: Vec<UnitId> = e.unit.into_iter().collect();
                while let Some(u) = stack.pop() {
                    removed_by[u.0 as usize].get_or_insert(i);
                    stack.extend(&old.unit(u).children);
                }
            }
            EditKind::AddUnit => {}
            EditKind::Text | EditKind::ReplaceUnit => {
                let mut hit: Vec<UnitId> = Vec::new();
                if let (EditKind::ReplaceUnit, Some(u)) = (e.kind, e.unit) {
                    hit.push(u);
                } else if e.range.is_empty() {
                    hit.extend(old.unit_at(e.range.start));
                } else {
                    // The unit the range starts in and its ancestors, then every unit starting
                    // inside the range.
                    let mut anc = old.unit_at(e.range.start);
                    while let Some(a) = anc {
                        hit.push(a);
                        anc = old.unit(a).parent;
                    }
                    let first = starts.partition_point(|&s| s < e.range.start);
                    hit.extend(
                        (first..starts.len()).take_while(|&k| starts[k] < e.range.end).map(|k| UnitId(k as u32)),
                    );
                    hit.retain(|&u| {
                        let (s, end) = (old.unit(u).span.start, own_end(old, u));
                        s < e.range.end && e.range.start < end
                    });
                }
                for u in hit {
                    let list = &mut touched[u.0 as usize];
                    if list.last() != Some(&i) && !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
    }
    // Units gone without a removal of their own (a rewritten parent took them with it).
    for (id, u) in old.units() {
        let k = id.0 as usize;
        if new_of[k].is_none() && removed_by[k].is_none() {
            removed_by[k] = edits.iter().position(|e| e.range.start <= u.span.start && u.span.start < e.range.end);
        }
    }
    Lineage { old_of, new_of, made_by, touched, removed_by, renumbered_by, map }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::Options;
    use crate::source::Sources;

    fn lineage(base: &str, amendment: &str) -> (Document, Document, Vec<Edit>, Lineage) {
        let mut sources = Sources::new();
        let b = sources.add("base.txt", base);
        let a = sources.add("a.amend", amendment);
        let outcome = crate::consolidate(&sources, b, &[a], &Options::default()).expect("applies");
        let new = Document::parse(9, &outcome.text);
        let l = trace(&outcome.document, &outcome.edits, &new);
        (outcome.document, new, outcome.edits, l)
    }

    fn label(doc: &Document, id: UnitId) -> String {
        doc.unit(id).label.as_ref().map(|l| doc.slice(l.span).to_string()).unwrap_or_else(|| doc.describe(id))
    }

    /// Each new unit as `new ← old` or `new (new)`.
    fn pairs(old: &Document, new: &Document, l: &Lineage) -> Vec<String> {
        new.units()
            .map(|(n, _)| match l.old_of[n.0 as usize] {
                Some(o) => format!("{} ← {}", label(new, n), label(old, o)),
                None => format!("{} (new)", label(new, n)),
            })
            .collect()
    }

    const BASE: &str = "1) Aims\n\n1.1 One.\n\n1.2 Two.\n\n1.3 Three.\n\n2) Money\n\n2.1 Fees.\n";

    #[test]
    fn units_that_start_together_continue_as_deep() {
        // A statute's `(5)(A)`: the paragraph and its first subparagraph on one line.
        let base = "Sec. 4. Wages.\n(a)(1) First.\n(2) Second.\n(5)(A) Third rate.\n(B) Fourth rate.\n(b) See subsection (a).\n";
        let (old, new, _, l) =
            lineage(base, "Sec. 2. Section 4 is amended in subsection (b) by striking “See” and inserting “Read”.\n");
        assert!(old.units().all(|(id, _)| l.new_of[id.0 as usize].is_some()), "{:?}", pairs(&old, &new, &l));
        let five = old.units().find(|(id, _)| label(&old, *id) == "(5)").map(|(id, _)| id).expect("(5)");
        let continued = l.new_of[five.0 as usize].expect("(5) goes on");
        assert_eq!(label(&new, continued), "(5)");
    }

    #[test]
    fn a_removed_unit_is_gone_and_the_next_is_followed_through_its_renumbering() {
        let (old, new, edits, l) = lineage(BASE, "Para 1.2 – DELETE ALL.\n");
        assert_eq!(pairs(&old, &new, &l), ["1) ← 1)", "1.1 ← 1.1", "1.2 ← 1.3", "2) ← 2)", "2.1 ← 2.1"]);
        let removed = old.with_number("1.2")[0];
        assert_eq!(l.new_of[removed.0 as usize], None);
        assert_eq!(l.removed_by[removed.0 as usize].map(|e| edits[e].kind), Some(EditKind::RemoveUnit));
        let three = old.with_number("1.3")[0];
        assert_eq!(l.renumbered_by[three.0 as usize].map(|e| edits[e].kind), Some(EditKind::Renumber));
        assert!(l.touched.iter().all(Vec::is_empty));
    }

    #[test]
    fn an_added_unit_is_new_and_made_by_its_addition() {
        let (old, new, edits, l) = lineage(BASE, "Para 1.1 – NO CHANGE.\nINSERT “One and a half.”\n");
        assert_eq!(
            pairs(&old, &new, &l),
            ["1) ← 1)", "1.1 ← 1.1", "1.2 (new)", "1.3 ← 1.2", "1.4 ← 1.3", "2) ← 2)", "2.1 ← 2.1"]
        );
        let added = new.with_number("1.2")[0];
        assert_eq!(l.made_by[added.0 as usize].map(|e| edits[e].kind), Some(EditKind::AddUnit));
    }

    #[test]
    fn words_changed_touch_their_unit_only() {
        let (old, new, _, l) =
            lineage(BASE, "Para 1.2: DELETE “Two”; INSERT “2”.\nSection 2: DELETE “Money”; INSERT “Funds”.\n");
        assert_eq!(pairs(&old, &new, &l).len(), old.len());
        let touched: Vec<String> =
            old.units().filter(|(id, _)| !l.touched[id.0 as usize].is_empty()).map(|(id, _)| label(&old, id)).collect();
        assert_eq!(touched, ["1.2", "2)"]);
    }

    #[test]
    fn a_rewritten_heading_continues_its_unit() {
        let (old, new, _, l) = lineage(BASE, "Section 2): DELETE “2) Money”; INSERT “2) Funds”.\n");
        assert_eq!(pairs(&old, &new, &l)[4], "2) ← 2)");
        assert_eq!(l.touched[old.with_number("2")[0].0 as usize].len(), 1);
    }

    #[test]
    fn the_offset_map_tells_kept_from_written_text() {
        let (_, new, _, l) = lineage("1.1 The OG meets.\n", "Para 1.1: DELETE “OG”; INSERT “Steering Committee”.\n");
        let at = new.text().find("meets").unwrap();
        assert_eq!(l.map.place(at), Some(Place::Kept(at - "Steering Committee".len() + "OG".len())));
        assert_eq!(l.map.place(new.text().find("Steering").unwrap()), Some(Place::Inserted { edit: 0, at: 0 }));
        assert!(l.map.kept(Span::new(at, at + 5)).is_some());
        assert_eq!(l.map.kept(Span::new(at - 3, at + 5)), None);
    }
}
