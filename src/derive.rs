//! (base, edited text) → amendment instructions: the inverse of the pipeline, for members who
//! edit a copy of the rules the way they want them to read.
//!
//! Units of the two texts are aligned by their text; each changed unit gets word-level
//! instructions quoting the fewest words that are unique in it. Every unit's instructions are
//! checked by applying them: where they would not give exactly the edited text, the unit is
//! rewritten whole (`DELETE ALL; INSERT …`), so `apply(base, derive(base, edited)) == edited`.

use crate::document::{Document, Keyword, LineEnding, Shape, UnitId, UnitKind, line_label};
use crate::resolve::{Normalized, Options, normalize};
use crate::source::{Sources, Span};
use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::collections::HashMap;
use std::fmt::Write as _;
use unicode_segmentation::UnicodeSegmentation;

/// The house style instructions are written in (also the CLI's `--style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Style {
    /// Party and union conference sheets: `Para 2.1: DELETE “x”; INSERT “y”.`
    #[default]
    Lla,
    /// US legislative: `Section 2.1 is amended by striking “x” and inserting “y”.`
    Us,
    /// UK legislative: `In paragraph 2.1, for “x” substitute “y”.`
    Uk,
    /// Robert's Rules: `In paragraph 2.1, strike out “x” and insert “y”.`
    Roberts,
    /// Rulebook: `Clause 2.1: delete “x” insert “y”`
    Rulebook,
    /// Debian: `In section 2.1, replace “x” with “y”.`
    Debian,
}

/// How finely changes are described (also the CLI's `--granularity`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Granularity {
    /// The fewest words that change (the default).
    #[default]
    Word,
    /// Whole sentences.
    Sentence,
    /// Whole units (`DELETE ALL; INSERT …`).
    Paragraph,
}

/// Options for [`derive`].
#[derive(Debug, Clone, Default)]
pub struct DeriveOptions {
    pub style: Style,
    pub granularity: Granularity,
    /// Follow each unit's instructions with "so that it reads: …".
    pub so_it_reads: bool,
    /// How the amendments will be applied (renumbering must match).
    pub apply: Options,
}

/// What one instruction does, before it is written in a style.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Change {
    Replace {
        old: String,
        new: String,
        count: usize,
    },
    Delete {
        old: String,
        count: usize,
    },
    DeleteAllAfter {
        anchor: String,
    },
    InsertAfter {
        anchor: String,
        new: String,
    },
    InsertBefore {
        anchor: String,
        new: String,
    },
    /// The unit's text after its number (`DELETE ALL; INSERT …`).
    ReplaceAll {
        old: String,
        new: String,
    },
    /// The whole unit, number and sub-units included (`Delete Para 2.1 and replace with:`).
    ReplaceUnit {
        old: String,
        new: String,
    },
    /// The unit removed (its text kept for units that have no number to name them by); with
    /// `keep_numbers`, the units after it keep theirs.
    Remove {
        old: String,
        keep_numbers: bool,
    },
    /// A new unit after this one; the text carries its own number.
    AddAfter {
        new: String,
    },
}

impl Change {
    /// `old` replaced by `new`, or deleted when nothing replaces it (never `INSERT “”`).
    fn replacing(old: String, new: String, count: usize) -> Change {
        if new.is_empty() { Change::Delete { old, count } } else { Change::Replace { old, new, count } }
    }

    /// Whether the change rewrites the unit whole, so that changes inside it are part of it.
    fn is_rewrite(&self) -> bool {
        matches!(self, Change::ReplaceUnit { .. })
    }
}

/// Changes to one unit (or to the document, `unit: None`).
#[derive(Debug, Clone)]
struct Draft {
    unit: Option<UnitId>,
    /// The edited unit it corresponds to.
    edited: Option<UnitId>,
    changes: Vec<Change>,
    /// The unit as it will read, for `--so-it-reads`.
    reads: Option<String>,
}

/// The edited copy in the base's conventions: its byte-order mark (or none) and its line
/// breaks. An editor that saves with other line breaks changes no words, and applying
/// amendments keeps the base's conventions, so these differences are not the member's edit.
pub fn conform(base: &str, edited: &str) -> String {
    const BOM: char = '\u{FEFF}';
    let body = edited.strip_prefix(BOM).unwrap_or(edited);
    // A lone CR (old Mac files) is a line break too, as the document parser reads it.
    let lf = body.replace("\r\n", "\n").replace('\r', "\n");
    let lines = match LineEnding::of(base) {
        LineEnding::Lf => lf,
        LineEnding::CrLf => lf.replace('\n', "\r\n"),
    };
    if base.starts_with(BOM) { format!("{BOM}{lines}") } else { lines }
}

/// Instructions, in `options.style`, that turn `base` into `edited` (taken in the base's
/// conventions, see [`conform`]).
pub fn derive(base: &str, edited: &str, options: &DeriveOptions) -> String {
    let edited = &conform(base, edited);
    let b = Document::parse(0, base);
    let e = Document::parse(0, edited);
    let deriver = Deriver { base: &b, edited: &e, options };
    let mut drafts = deriver.drafts();
    drop_covered(&b, &mut drafts);
    // The whole sheet must give the edited text. Units whose own instructions do not give it
    // are rewritten whole, and as a last resort every differing top-level unit is.
    for _ in 0..3 {
        let sheet = render(&b, &drafts, options);
        if apply_sheet(base, &sheet, &options.apply).as_deref() == Some(edited) {
            return sheet;
        }
        if !deriver.widen(&mut drafts) {
            break;
        }
        drop_covered(&b, &mut drafts);
    }
    let drafts = deriver.rewrite_top_level();
    let sheet = render(&b, &drafts, options);
    if apply_sheet(base, &sheet, &options.apply).as_deref() == Some(edited) {
        return sheet;
    }
    render(&b, &rewrite_everything(&b, &e), options)
}

/// The document's text replaced in one instruction, from its first words to its last: the
/// answer when nothing finer reproduces the edit (a heading turned into a sentence, say).
fn rewrite_everything(base: &Document, edited: &Document) -> Vec<Draft> {
    let content = |doc: &Document| {
        let start = doc.content_start();
        let text = &doc.text()[start..];
        let lead = text.len() - text.trim_start().len();
        Span::new(start + lead, start + text.trim_end().len())
    };
    let old = base.slice(content(base)).to_string();
    let new = edited.slice(content(edited)).to_string();
    vec![Draft { unit: None, edited: None, changes: vec![Change::replacing(old, new, 1)], reads: None }]
}

struct Deriver<'a> {
    base: &'a Document,
    edited: &'a Document,
    options: &'a DeriveOptions,
}

/// A unit's own text: from its start to its first child (label included).
fn own(doc: &Document, id: UnitId) -> Span {
    let u = doc.unit(id);
    let end = u.children.first().map_or(u.span.end, |&c| doc.unit(c).span.start);
    let text = doc.slice(Span::new(u.span.start, end));
    Span::new(u.span.start, u.span.start + text.trim_end().len())
}

/// The own text after the label.
fn own_body(doc: &Document, id: UnitId) -> Span {
    let u = doc.unit(id);
    let span = own(doc, id);
    let start = if u.label.is_some() || u.keyword.is_some() { u.body.start.min(span.end) } else { span.start };
    Span::new(start, span.end)
}

/// Text compared when aligning units: the body, whitespace-normalised (labels may shift).
fn key(doc: &Document, id: UnitId) -> String {
    normalize(doc.slice(own_body(doc, id)))
}

impl Deriver<'_> {
    fn drafts(&self) -> Vec<Draft> {
        let base_units: Vec<UnitId> = self.base.units().map(|(id, _)| id).collect();
        let edited_units: Vec<UnitId> = self.edited.units().map(|(id, _)| id).collect();
        let bk: Vec<String> = base_units.iter().map(|&u| key(self.base, u)).collect();
        let ek: Vec<String> = edited_units.iter().map(|&u| key(self.edited, u)).collect();
        let ops = capture_diff_slices(Algorithm::Patience, &bk, &ek);
        // Which base unit each edited unit continues.
        let mut map: HashMap<UnitId, UnitId> = HashMap::new();
        for op in &ops {
            match *op {
                DiffOp::Equal { old_index, new_index, len } => {
                    for k in 0..len {
                        map.insert(edited_units[new_index + k], base_units[old_index + k]);
                    }
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    for k in 0..old_len.min(new_len) {
                        map.insert(edited_units[new_index + k], base_units[old_index + k]);
                    }
                }
                _ => {}
            }
        }
        let mut drafts = Vec::new();
        for op in ops {
            match op {
                DiffOp::Equal { .. } => {}
                DiffOp::Delete { old_index, old_len, .. } => {
                    for &u in &base_units[old_index..old_index + old_len] {
                        self.remove(u, &map, &mut drafts);
                    }
                }
                DiffOp::Insert { new_index, new_len, .. } => {
                    for &v in &edited_units[new_index..new_index + new_len] {
                        self.add(v, &map, &mut drafts);
                    }
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    let olds = &base_units[old_index..old_index + old_len];
                    let news = &edited_units[new_index..new_index + new_len];
                    let paired = olds.len().min(news.len());
                    for (&u, &v) in olds.iter().zip(news).take(paired) {
                        drafts.push(self.edit(u, v));
                    }
                    for &u in &olds[paired..] {
                        self.remove(u, &map, &mut drafts);
                    }
                    for &v in &news[paired..] {
                        self.add(v, &map, &mut drafts);
                    }
                }
            }
        }
        drafts
    }

    /// A removed unit; its children go with it.
    fn remove(&self, u: UnitId, map: &HashMap<UnitId, UnitId>, drafts: &mut Vec<Draft>) {
        let covered = drafts.iter().any(|d| {
            matches!(d.changes.as_slice(), [Change::Remove { .. }]) && d.unit.is_some_and(|p| self.base.is_within(u, p))
        });
        if !covered {
            drafts.push(Draft {
                unit: Some(u),
                edited: None,
                changes: vec![Change::Remove { old: full(self.base, u), keep_numbers: self.keeps_numbers(u, map) }],
                reads: None,
            });
        }
    }

    /// Whether the unit after `u` keeps its number in the edited text (so removing `u` must not
    /// renumber).
    fn keeps_numbers(&self, u: UnitId, map: &HashMap<UnitId, UnitId>) -> bool {
        let siblings = self.base.children_of(self.base.unit(u).parent);
        let pos = siblings.iter().position(|&s| s == u).unwrap_or(0);
        let Some(&next) = siblings.get(pos + 1) else { return false };
        let Some(next_label) = self.base.unit(next).label.as_ref() else { return false };
        map.iter()
            .find(|&(_, &b)| b == next)
            .and_then(|(&e, _)| self.edited.unit(e).label.as_ref().map(|l| self.edited.slice(l.span)))
            .is_some_and(|edited| edited == self.base.slice(next_label.span))
    }

    /// A new unit, after the base unit its previous sibling continues, written with its own
    /// number (so that renumbering follows it). A new first child rewrites its parent.
    fn add(&self, v: UnitId, map: &HashMap<UnitId, UnitId>, drafts: &mut Vec<Draft>) {
        let siblings = self.edited.children_of(self.edited.unit(v).parent);
        let pos = siblings.iter().position(|&s| s == v).unwrap_or(0);
        let anchor = pos.checked_sub(1).and_then(|p| map.get(&siblings[p])).copied();
        // A unit without a number (a title) cannot be named as the place to add after.
        let anchor = anchor.filter(|&a| !address(self.base, a, Style::Lla).is_empty());
        let draft = match anchor {
            Some(a) => {
                let earlier = drafts
                    .iter()
                    .filter(|d| d.unit == Some(a) && matches!(d.changes.as_slice(), [Change::AddAfter { .. }]))
                    .count();
                let new = self.without_automatic_label(a, v, earlier as u32 + 1);
                Draft { unit: Some(a), edited: Some(v), changes: vec![Change::AddAfter { new }], reads: None }
            }
            None => match self.edited.unit(v).parent.and_then(|p| map.get(&p).map(|&b| (b, p))) {
                Some((b, p)) => self.whole(b, p),
                // A new first unit of the document: rewritten with the one after it.
                None => Draft { unit: None, edited: Some(v), changes: Vec::new(), reads: None },
            },
        };
        drafts.push(draft);
    }

    /// The new unit's text, without its number when renumbering gives it that number anyway
    /// (the `k`th unit added after `anchor`).
    fn without_automatic_label(&self, anchor: UnitId, v: UnitId, k: u32) -> String {
        let text = full(self.edited, v);
        let (Some(al), Some(vl)) = (&self.base.unit(anchor).label, &self.edited.unit(v).label) else { return text };
        if !self.options.apply.renumber {
            return text;
        }
        let mut number = al.number.clone();
        let Some(last) = number.parts.last_mut() else { return text };
        *last = last.with_value(last.value + k);
        let automatic = al.style.format(&number);
        let ev = self.edited.unit(v);
        if self.edited.slice(vl.span) == automatic && ev.children.is_empty() {
            self.edited.slice(Span::new(ev.body.start, ev.span.end)).to_string()
        } else {
            text
        }
    }

    /// Base unit `u` rewritten whole as edited unit `v`, number and sub-units included.
    fn whole(&self, u: UnitId, v: UnitId) -> Draft {
        let old = full(self.base, u);
        let new = full(self.edited, v);
        let bu = self.base.unit(u);
        // Replacing a unit keeps its number unless the new text starts with one; text that
        // starts with the old number in a way the parser does not read as one (a heading that
        // became a sentence) is replaced as words instead.
        let prefix = self.base.slice(Span::new(bu.span.start, bu.body.start.max(bu.span.start)));
        let change = if line_label(&new).is_some() || (bu.label.is_none() && bu.keyword.is_none()) {
            Change::ReplaceUnit { old, new }
        } else if let Some(rest) = new.strip_prefix(prefix) {
            Change::ReplaceUnit { old, new: rest.to_string() }
        } else {
            Change::replacing(old, new, 1)
        };
        Draft { unit: Some(u), edited: Some(v), changes: vec![change], reads: None }
    }

    /// Changes that turn base unit `u` into edited unit `v`.
    fn edit(&self, u: UnitId, v: UnitId) -> Draft {
        let old = self.base.slice(own_body(self.base, u));
        let new = self.edited.slice(own_body(self.edited, v));
        let reads = Some(self.edited.slice(own(self.edited, v)).to_string());
        let bu = self.base.unit(u);
        let has_children = !bu.children.is_empty() || !self.edited.unit(v).children.is_empty();
        let norm = Normalized::new(self.base.text());
        let own_unique = norm.find_words(bu.span, &normalize(old)).len() == 1;
        // Labels that differ only by renumbering are the engine's business; other label changes
        // are caught by the check and rewritten whole.
        let rewrite =
            if has_children && own_unique && !old.contains('\n') && !new.contains('\n') && !new.trim().is_empty() {
                // A heading or an introduction changes; its sub-units stay as they are.
                let change = Change::Replace { old: old.trim().to_string(), new: new.trim().to_string(), count: 1 };
                Draft { unit: Some(u), edited: Some(v), changes: vec![change], reads: reads.clone() }
            } else if has_children || (bu.label.is_none() && bu.keyword.is_none()) {
                Draft { reads: reads.clone(), ..self.whole(u, v) }
            } else {
                let change = Change::ReplaceAll { old: old.to_string(), new: new.to_string() };
                Draft { unit: Some(u), edited: Some(v), changes: vec![change], reads: reads.clone() }
            };
        if self.options.granularity == Granularity::Paragraph || old.trim().is_empty() {
            return rewrite;
        }
        let changes = match self.options.granularity {
            Granularity::Sentence => self.sentence_changes(u, old, new),
            _ => self.word_changes(u, old, new),
        };
        match changes {
            Some(changes) if !changes.is_empty() => Draft { unit: Some(u), edited: Some(v), changes, reads },
            _ => rewrite,
        }
    }

    /// After a failed check: every unit whose own instructions do not give its edited text is
    /// rewritten whole. Returns whether anything changed.
    fn widen(&self, drafts: &mut [Draft]) -> bool {
        let mut changed = false;
        for d in drafts.iter_mut() {
            let (Some(u), Some(v)) = (d.unit, d.edited) else { continue };
            if d.changes.iter().any(Change::is_rewrite) || matches!(d.changes.as_slice(), [Change::AddAfter { .. }]) {
                continue;
            }
            let sheet = render(self.base, std::slice::from_ref(d), self.options);
            // Bodies only: a unit's number may change with other drafts' additions and removals.
            let expected = self.edited.slice(own_body(self.edited, v)).to_string();
            let ok = apply_sheet(self.base.text(), &sheet, &self.options.apply).is_some_and(|out| {
                let doc = Document::parse(0, &out);
                doc.units().any(|(id, _)| doc.slice(own_body(&doc, id)) == expected)
            });
            if !ok {
                *d = self.whole(u, v);
                changed = true;
            }
        }
        changed
    }

    /// Every top-level unit that differs, rewritten whole (removed and added ones too): exact
    /// where finer instructions could not be, if rarely pretty.
    fn rewrite_top_level(&self) -> Vec<Draft> {
        let (base, edited) = (self.base, self.edited);
        let bk: Vec<String> = base.roots().iter().map(|&u| full(base, u)).collect();
        let ek: Vec<String> = edited.roots().iter().map(|&u| full(edited, u)).collect();
        let ops = capture_diff_slices(Algorithm::Patience, &bk, &ek);
        let mut map: HashMap<UnitId, UnitId> = HashMap::new();
        for op in &ops {
            if let DiffOp::Equal { old_index, new_index, len } = *op {
                for k in 0..len {
                    map.insert(edited.roots()[new_index + k], base.roots()[old_index + k]);
                }
            }
        }
        let map = &map;
        let mut drafts = Vec::new();
        // New units with nothing before them join the rewrite of the unit after them.
        let mut pending: Vec<UnitId> = Vec::new();
        let mut last_base: Option<UnitId> = None;
        let rewrite = |u: UnitId, v: UnitId, pending: &mut Vec<UnitId>, drafts: &mut Vec<Draft>| {
            let mut new: String = pending.drain(..).map(|p| format!("{}\n\n", full(edited, p))).collect();
            new.push_str(&full(edited, v));
            drafts.push(Draft {
                unit: Some(u),
                edited: Some(v),
                changes: vec![Change::ReplaceUnit { old: full(base, u), new }],
                reads: None,
            });
        };
        let remove = |u: UnitId| Draft {
            unit: Some(u),
            edited: None,
            changes: vec![Change::Remove { old: full(self.base, u), keep_numbers: self.keeps_numbers(u, map) }],
            reads: None,
        };
        // A new unit goes after the last base unit before it that can be named, or else waits
        // for the rewrite of the unit after it.
        let add = |v: UnitId, after: Option<UnitId>, pending: &mut Vec<UnitId>, drafts: &mut Vec<Draft>| match after
            .filter(|&a| !address(base, a, Style::Lla).is_empty())
        {
            Some(a) => drafts.push(Draft {
                unit: Some(a),
                edited: Some(v),
                changes: vec![Change::AddAfter { new: full(edited, v) }],
                reads: None,
            }),
            None => pending.push(v),
        };
        for op in ops {
            match op {
                DiffOp::Equal { old_index, new_index, len } => {
                    if !pending.is_empty() {
                        rewrite(base.roots()[old_index], edited.roots()[new_index], &mut pending, &mut drafts);
                    }
                    last_base = Some(base.roots()[old_index + len - 1]);
                }
                DiffOp::Delete { old_index, old_len, .. } => {
                    for &u in &base.roots()[old_index..old_index + old_len] {
                        drafts.push(remove(u));
                    }
                }
                DiffOp::Insert { new_index, new_len, .. } => {
                    for &v in &edited.roots()[new_index..new_index + new_len] {
                        add(v, last_base, &mut pending, &mut drafts);
                    }
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    for k in 0..old_len.max(new_len) {
                        let u = (k < old_len).then(|| base.roots()[old_index + k]);
                        let v = (k < new_len).then(|| edited.roots()[new_index + k]);
                        match (u, v) {
                            (Some(u), Some(v)) => rewrite(u, v, &mut pending, &mut drafts),
                            (Some(u), None) => drafts.push(remove(u)),
                            (None, Some(v)) => add(v, last_base, &mut pending, &mut drafts),
                            (None, None) => {}
                        }
                        if let Some(u) = u {
                            last_base = Some(u);
                        }
                    }
                }
            }
        }
        drafts
    }

    /// Word-level changes, each quoting the fewest words unique in the unit. `None` when most
    /// of a longer unit is rewritten, so that `DELETE ALL; INSERT` reads better.
    fn word_changes(&self, u: UnitId, old: &str, new: &str) -> Option<Vec<Change>> {
        let ot: Vec<&str> = old.split_word_bounds().collect();
        let nt: Vec<&str> = new.split_word_bounds().collect();
        let ops = capture_diff_slices(Algorithm::Patience, &ot, &nt);
        let hunks = merge_hunks(&ops, &ot);
        let words = |t: &[&str]| t.iter().filter(|w| w.chars().any(char::is_alphanumeric)).count();
        let written: usize = hunks.iter().map(|h| words(&nt[h.1.0..h.1.1])).sum();
        // Deletions read well at any length; rewriting most of a long unit does not.
        if hunks.len() > 4 || (words(&nt) > 12 && written * 4 > words(&nt) * 3) {
            return None;
        }
        let region = scope_region(self.base, u);
        let norm = Normalized::new(self.base.text());
        let body_end = own_body(self.base, u).end;
        let body_start = own_body(self.base, u).start;
        let text = |t: &[&str], a: usize, b: usize| t[a..b].concat();
        // The same word change everywhere it occurs: one instruction with a count.
        let pairs: Vec<(String, String)> = hunks
            .iter()
            .map(|h| (text(&ot, h.0.0, h.0.1).trim().to_string(), text(&nt, h.1.0, h.1.1).trim().to_string()))
            .collect();
        let mut changes: Vec<Change> = Vec::new();
        let mut done: Vec<(String, String)> = Vec::new();
        for (i, &(orange, nrange)) in hunks.iter().enumerate() {
            let (o, n) = &pairs[i];
            if done.contains(&pairs[i]) {
                continue;
            }
            let repeats = pairs.iter().filter(|p| *p == &pairs[i]).count();
            if repeats > 1 && !o.is_empty() && norm.find_words(region, &normalize(o)).len() == repeats {
                done.push(pairs[i].clone());
                changes.push(if n.is_empty() {
                    Change::Delete { old: o.clone(), count: repeats }
                } else {
                    Change::Replace { old: o.clone(), new: n.clone(), count: repeats }
                });
                continue;
            }
            // A deletion to the end of the unit: `DELETE ALL AFTER “…”`.
            let old_start_byte = ot[..orange.0].concat().len();
            let to_end = nrange.0 == nrange.1 && orange.1 == ot.len() && body_start + old_start_byte < body_end;
            if to_end && orange.0 > 0 {
                if let Some(anchor) = self.unique_before(&norm, region, &ot, orange.0) {
                    changes.push(Change::DeleteAllAfter { anchor });
                    continue;
                }
            }
            changes.push(self.quote_change(&norm, region, &ot, &nt, orange, nrange)?);
        }
        Some(changes)
    }

    /// The fewest words ending at token `end` that occur once in the unit.
    fn unique_before(&self, norm: &Normalized, region: Span, ot: &[&str], end: usize) -> Option<String> {
        let mut a = end;
        while a > 0 {
            a -= 1;
            let anchor = ot[a..end].concat();
            let trimmed = anchor.trim();
            if !trimmed.is_empty()
                && !ot[end - 1].trim().is_empty()
                && norm.find_words(region, &normalize(trimmed)).len() == 1
            {
                return Some(trimmed.to_string());
            }
        }
        None
    }

    /// One hunk as an instruction: old words widened with unchanged words around them until
    /// they occur once in the unit; a long quote is shortened to a range (`“A … B”`).
    fn quote_change(
        &self,
        norm: &Normalized,
        region: Span,
        ot: &[&str],
        nt: &[&str],
        (mut os, mut oe): (usize, usize),
        (mut ns, mut ne): (usize, usize),
    ) -> Option<Change> {
        let unique = |s: &str| norm.find_words(region, &normalize(s)).len() == 1;
        let text = |t: &[&str], a: usize, b: usize| t[a..b].concat();
        // Insertions are placed after (or before) unique words.
        if os == oe {
            let new = text(nt, ns, ne).trim().to_string();
            if let Some(anchor) = self.unique_before(norm, region, ot, os) {
                return Some(Change::InsertAfter { anchor, new });
            }
            let mut b = oe;
            while b < ot.len() {
                b += 1;
                let anchor = text(ot, oe, b);
                if !anchor.trim().is_empty() && unique(anchor.trim()) {
                    return Some(Change::InsertBefore { anchor: anchor.trim().to_string(), new });
                }
            }
            return None;
        }
        let mut grow_right = true;
        while !unique(text(ot, os, oe).trim()) {
            let can_right = oe < ot.len() && ne < nt.len();
            let can_left = os > 0 && ns > 0;
            if !can_left && !can_right {
                return None;
            }
            if (grow_right && can_right) || !can_left {
                oe += 1;
                ne += 1;
            } else {
                os -= 1;
                ns -= 1;
            }
            grow_right = !grow_right;
        }
        let old = text(ot, os, oe).trim().to_string();
        let new = text(nt, ns, ne).trim().to_string();
        if old.is_empty() {
            return None;
        }
        let old = shorten(norm, region, &old).unwrap_or(old);
        Some(Change::replacing(old, new, 1))
    }

    /// Sentence-level changes: each changed sentence replaced whole.
    fn sentence_changes(&self, _u: UnitId, old: &str, new: &str) -> Option<Vec<Change>> {
        let os: Vec<&str> = old.split_sentence_bounds().collect();
        let ns: Vec<&str> = new.split_sentence_bounds().collect();
        let mut out = Vec::new();
        for op in capture_diff_slices(Algorithm::Patience, &os, &ns) {
            match op {
                DiffOp::Equal { .. } => {}
                DiffOp::Replace { old_index, old_len, new_index, new_len } => out.push(Change::Replace {
                    old: os[old_index..old_index + old_len].concat().trim().to_string(),
                    new: ns[new_index..new_index + new_len].concat().trim().to_string(),
                    count: 1,
                }),
                DiffOp::Delete { old_index, old_len, .. } => out.push(Change::Delete {
                    old: os[old_index..old_index + old_len].concat().trim().to_string(),
                    count: 1,
                }),
                DiffOp::Insert { .. } => return None,
            }
        }
        Some(out)
    }
}

/// A long quote as a range, `“first words … … last words”`, when that range finds exactly the
/// same text; `None` when the quote is short enough or the range would be ambiguous.
fn shorten(norm: &Normalized, region: Span, old: &str) -> Option<String> {
    const HEAD: usize = 6;
    const TAIL: usize = 4;
    let words: Vec<&str> = old.split_whitespace().collect();
    if words.len() <= HEAD + TAIL + 3 {
        return None;
    }
    let full = norm.find_words(region, &normalize(old));
    if full.len() != 1 {
        return None;
    }
    let from = words[..HEAD].join(" ");
    // The last words must not occur earlier, or the range would end there.
    (TAIL..words.len() - HEAD).find_map(|tail| {
        let to = words[words.len() - tail..].join(" ");
        let ranged = norm.find_ranges(region, &normalize(&from), &normalize(&to));
        (ranged == full).then(|| format!("{from} … … {to}"))
    })
}

/// Changed stretches of a token diff as (old range, new range), merging changes separated
/// only by spaces or a short word so that a phrase reads as one change.
fn merge_hunks(ops: &[DiffOp], ot: &[&str]) -> Vec<((usize, usize), (usize, usize))> {
    let mut hunks: Vec<((usize, usize), (usize, usize))> = Vec::new();
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        if let Some(last) = hunks.last_mut() {
            let gap: String = ot[last.0.1..o.start].concat();
            if gap.split_whitespace().count() <= 1 && gap.trim().chars().count() <= 4 {
                last.0.1 = o.end;
                last.1.1 = n.end;
                continue;
            }
        }
        hunks.push(((o.start, o.end), (n.start, n.end)));
    }
    hunks
}

/// Applies a sheet to a base, or `None` if it does not apply.
fn apply_sheet(base: &str, sheet: &str, options: &Options) -> Option<String> {
    let mut sources = Sources::new();
    let b = sources.add("base", base);
    let a = sources.add("sheet", sheet);
    crate::consolidate(&sources, b, &[a], options).ok().map(|o| o.text)
}

/// Drafts inside a unit that is rewritten whole are part of that rewrite.
fn drop_covered(base: &Document, drafts: &mut Vec<Draft>) {
    let rewritten: Vec<UnitId> =
        drafts.iter().filter(|d| d.changes.iter().any(Change::is_rewrite)).filter_map(|d| d.unit).collect();
    let mut kept_rewrite: Vec<UnitId> = Vec::new();
    drafts.retain(|d| {
        let Some(u) = d.unit else { return !d.changes.is_empty() };
        if d.changes.iter().any(Change::is_rewrite) {
            // One rewrite per unit, and none inside another rewrite.
            let dup = kept_rewrite.contains(&u);
            kept_rewrite.push(u);
            return !dup && !rewritten.iter().any(|&r| r != u && base.is_within(u, r));
        }
        let adds_after = matches!(d.changes.as_slice(), [Change::AddAfter { .. }]);
        let inside =
            rewritten.iter().any(|&r| if adds_after { r != u && base.is_within(u, r) } else { base.is_within(u, r) });
        !inside
    });
}

/// A unit's whole text: number, text and sub-units.
fn full(doc: &Document, id: UnitId) -> String {
    doc.slice(doc.unit(id).span).to_string()
}

/// How a unit is named in a style, with a path where its number alone is ambiguous.
fn address(doc: &Document, id: UnitId, style: Style) -> String {
    let u = doc.unit(id);
    let printed = |id: UnitId| {
        let u = doc.unit(id);
        u.label.as_ref().map(|l| match l.style.shape {
            Shape::Paren => doc.slice(l.span).to_string(),
            Shape::CloseParen => format!("{})", l.number.key()),
            _ => l.number.key(),
        })
    };
    let word = |id: UnitId| -> String {
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
    };
    let Some(number) = printed(id) else {
        return match u.keyword {
            Some(k @ (Keyword::Appendix | Keyword::Annex | Keyword::Schedule)) => k.as_str().to_string(),
            _ => String::new(),
        };
    };
    let unique = u.label.as_ref().is_some_and(|l| doc.with_number(&l.number.key()).len() == 1);
    let own = format!("{} {number}", word(id));
    if unique {
        return own;
    }
    // `Section 1, paragraph (a)`: the nearest numbered ancestor first.
    let mut anc = u.parent;
    while let Some(a) = anc {
        if printed(a).is_some() {
            let outer = address(doc, a, style);
            return format!("{outer}, {}", own.to_lowercase());
        }
        anc = doc.unit(a).parent;
    }
    own
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
fn render(doc: &Document, drafts: &[Draft], options: &DeriveOptions) -> String {
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
            let line = match options.style {
                Style::Lla => sheet(&addr, c, &if i == 0 { scope_prefix(&addr, ": ") } else { String::new() }, &LLA),
                Style::Us => us(&addr, c),
                Style::Uk => uk(&addr, c),
                Style::Roberts => roberts(&addr, c),
                Style::Rulebook => sheet(&addr, c, &scope_prefix(&addr, ": "), &RULEBOOK),
                Style::Debian => debian(&addr, c),
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
fn scope_region(doc: &Document, u: UnitId) -> Span {
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
        Change::AddAfter { new } => Change::InsertAfter { anchor: String::new(), new: new.clone() },
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
        Change::AddAfter { new } => match text_arg(new) {
            (q, None) => format!("{addr} – {}{stop}\n{insert} {q}{stop}", w("no change")),
            (_, Some(block)) => format!("{addr} – {}{stop}\n{insert} the following:\n{block}\n", w("no change")),
        },
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
        Change::AddAfter { new } => match text_arg(new) {
            (q, None) => format!("{a} – NO CHANGE.\nINSERT {q}."),
            (_, Some(block)) => format!("{a} – NO CHANGE.\nINSERT the following:\n{block}\n"),
        },
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
        Change::AddAfter { new } => match text_arg(new) {
            (q, None) => format!("After {} insert {q}.", lower_first(addr)),
            (_, Some(block)) => format!("After {} insert—\n{block}\n", lower_first(addr)),
        },
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
        Change::AddAfter { new } => match text_arg(new) {
            (q, None) => format!("{addr} – NO CHANGE.\nInsert {q}."),
            (_, Some(block)) => format!("{addr} – NO CHANGE.\nInsert the following:\n{block}\n"),
        },
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
        Change::AddAfter { new } => match text_arg(new) {
            (q, None) => format!("{addr} – NO CHANGE.\nInsert {q}."),
            (_, Some(block)) => format!("{addr} – NO CHANGE.\nInsert the following:\n{block}\n"),
        },
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
