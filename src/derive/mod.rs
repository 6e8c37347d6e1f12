//! (base, edited text) → amendment instructions: the inverse of the pipeline, for members who
//! edit a copy of the rules the way they want them to read.
//!
//! Units of the two texts are aligned by their text; each changed unit gets word-level
//! instructions quoting the fewest words that are unique in it. Every unit's instructions are
//! checked by applying them: where they would not give exactly the edited text, the unit is
//! rewritten whole (`DELETE ALL; INSERT …`), so `apply(base, derive(base, edited)) == edited`.
//!
//! The edited copy is first put into the base's conventions ([`conform`]): line breaks and
//! byte-order mark, and the typography a word processor changes (see [`typography`]).

mod pair;
mod typography;
mod write;

pub use typography::{Retyped, retype};

use pair::{Step, align};
use write::{address, render, scope_region};

use crate::document::{Document, LineEnding, UnitId, line_label};
use crate::resolve::{Normalized, Options, normalize};
use crate::source::{Sources, Span};
use similar::{Algorithm, DiffOp, capture_diff_slices};
use std::collections::HashMap;
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
    /// Take differences of quote marks, dashes and spacing as changes; by default they are
    /// the word processor's, and the base's typography is kept (see [`conform_with`]).
    pub exact_typography: bool,
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
    /// A new unit after this one.
    AddAfter(NewUnit),
}

/// A unit added after another, as the edited copy has it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct NewUnit {
    /// Its whole text, number included.
    full: String,
    /// Its text after its number.
    body: String,
    /// Its number as printed (`4.3`, `(c)`), if it has one.
    label: Option<String>,
    /// Whether renumbering gives it that number where it goes, and it is the first unit added
    /// there: it can then be placed by its number alone (`Add new clause 4.3`).
    by_number: bool,
    /// Whether renumbering gives it that number anyway (`k`th after its anchor).
    automatic: bool,
    /// The base unit it ends, when it is the last of that unit's sub-units (US `adding at the
    /// end`).
    ends: Option<UnitId>,
    /// Write the text without an automatic number (the reader gives it; some list labels
    /// written out are not read as numbers).
    strip: bool,
}

impl NewUnit {
    /// The text the instruction quotes: the whole unit, or its body when the number goes
    /// without saying.
    fn text(&self) -> &str {
        if self.strip && self.automatic { &self.body } else { &self.full }
    }

    /// The number, when the instruction may state it in words (`new Para 4.3`): dotted and
    /// plain numbers, not bracketed letters.
    fn spoken_label(&self) -> Option<&str> {
        self.label.as_deref().filter(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphanumeric()))
    }
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
/// breaks, and its typography (see [`retype`]). An editor that saves with other line breaks or
/// curls the quotes changes no words, and applying amendments keeps the base's conventions, so
/// these differences are not the member's edit. This is the text [`derive`] reproduces.
pub fn conform(base: &str, edited: &str) -> String {
    conform_with(base, edited, false).text
}

/// [`conform`], saying what it undid; with `exact_typography`, only line breaks and the
/// byte-order mark are the base's.
pub fn conform_with(base: &str, edited: &str, exact_typography: bool) -> Retyped {
    let lines = line_conventions(base, edited);
    if exact_typography { Retyped { text: lines, notes: Vec::new() } } else { retype(base, &lines) }
}

fn line_conventions(base: &str, edited: &str) -> String {
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
/// conventions, see [`conform_with`]).
pub fn derive(base: &str, edited: &str, options: &DeriveOptions) -> String {
    let edited = &conform_with(base, edited, options.exact_typography).text;
    let b = Document::parse(0, base);
    let e = Document::parse(0, edited);
    let deriver = Deriver { base: &b, edited: &e, options };
    let mut drafts = deriver.drafts();
    deriver.settle_labels(&mut drafts);
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
        let mut steps = Vec::new();
        for op in capture_diff_slices(Algorithm::Patience, &bk, &ek) {
            match op {
                DiffOp::Equal { old_index, new_index, len } => {
                    steps.extend((0..len).map(|k| Step::Same(old_index + k, new_index + k)));
                }
                DiffOp::Delete { old_index, old_len, .. } => {
                    steps.extend((old_index..old_index + old_len).map(Step::Remove));
                }
                DiffOp::Insert { new_index, new_len, .. } => {
                    steps.extend((new_index..new_index + new_len).map(Step::Add));
                }
                DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                    steps.extend(align(old_index..old_index + old_len, new_index..new_index + new_len, &bk, &ek));
                }
            }
        }
        // Which base unit each edited unit continues.
        let map: HashMap<UnitId, UnitId> = steps
            .iter()
            .filter_map(|s| match *s {
                Step::Same(i, j) | Step::Edit(i, j) => Some((edited_units[j], base_units[i])),
                _ => None,
            })
            .collect();
        let mut drafts = Vec::new();
        for step in steps {
            match step {
                Step::Same(..) => {}
                Step::Edit(i, j) => drafts.push(self.edit(base_units[i], edited_units[j])),
                Step::Remove(i) => self.remove(base_units[i], &map, &mut drafts),
                Step::Add(j) => self.add(edited_units[j], &map, &mut drafts),
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
                    .filter(|d| d.unit == Some(a) && matches!(d.changes.as_slice(), [Change::AddAfter(..)]))
                    .count();
                let new = self.new_unit(a, v, earlier as u32 + 1, map);
                Draft { unit: Some(a), edited: Some(v), changes: vec![Change::AddAfter(new)], reads: None }
            }
            None => match self.edited.unit(v).parent.and_then(|p| map.get(&p).map(|&b| (b, p))) {
                Some((b, p)) => self.whole(b, p),
                // A new first unit of the document: rewritten with the one after it.
                None => Draft { unit: None, edited: Some(v), changes: Vec::new(), reads: None },
            },
        };
        drafts.push(draft);
    }

    /// Edited unit `v`, the `k`th unit added after base unit `anchor`.
    fn new_unit(&self, anchor: UnitId, v: UnitId, k: u32, map: &HashMap<UnitId, UnitId>) -> NewUnit {
        let ev = self.edited.unit(v);
        let label = ev.label.as_ref().map(|l| self.edited.slice(l.span).to_string());
        let automatic = self.options.apply.renumber
            && ev.children.is_empty()
            && label.is_some()
            && label == self.automatic_label(anchor, k);
        let siblings = self.edited.children_of(ev.parent);
        let ends = (siblings.last() == Some(&v)).then(|| ev.parent.and_then(|p| map.get(&p).copied())).flatten();
        NewUnit {
            full: full(self.edited, v),
            body: self.edited.slice(Span::new(ev.body.start.min(ev.span.end), ev.span.end)).to_string(),
            label,
            by_number: automatic && k == 1,
            automatic,
            ends,
            strip: false,
        }
    }

    /// A new unit's number, written out, must be read as the number renumbering gives it; where
    /// the reader takes it otherwise (a bracketed letter that is also a roman numeral), the new
    /// text goes without it and renumbering numbers it.
    fn settle_labels(&self, drafts: &mut [Draft]) {
        for d in drafts.iter_mut() {
            let [Change::AddAfter(n)] = d.changes.as_slice() else { continue };
            if !n.automatic {
                continue;
            }
            let mut stripped = d.clone();
            if let [Change::AddAfter(n)] = stripped.changes.as_mut_slice() {
                n.strip = true;
            }
            let result = |d: &Draft| {
                let sheet = render(self.base, std::slice::from_ref(d), self.options);
                apply_sheet(self.base.text(), &sheet, &self.options.apply)
            };
            if result(d) != result(&stripped) {
                *d = stripped;
            }
        }
    }

    /// The number renumbering gives the `k`th unit added after `anchor`.
    fn automatic_label(&self, anchor: UnitId, k: u32) -> Option<String> {
        let al = self.base.unit(anchor).label.as_ref()?;
        let mut number = al.number.clone();
        let last = number.parts.last_mut()?;
        *last = last.with_value(last.value + k);
        Some(al.style.format(&number))
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
            if d.changes.iter().any(Change::is_rewrite) || matches!(d.changes.as_slice(), [Change::AddAfter(..)]) {
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
                changes: vec![Change::AddAfter(NewUnit {
                    full: full(edited, v),
                    body: full(edited, v),
                    label: None,
                    by_number: false,
                    automatic: false,
                    ends: None,
                    strip: false,
                })],
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
        let adds_after = matches!(d.changes.as_slice(), [Change::AddAfter(..)]);
        let inside =
            rewritten.iter().any(|&r| if adds_after { r != u && base.is_within(u, r) } else { base.is_within(u, r) });
        !inside
    });
}

/// A unit's whole text: number, text and sub-units.
fn full(doc: &Document, id: UnitId) -> String {
    doc.slice(doc.unit(id).span).to_string()
}
