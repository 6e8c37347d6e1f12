//! Instructions × base document → edits: byte spans of the base and what replaces them.
//!
//! Every instruction is resolved against the base *as it stood*, with its original numbering
//! ("Para 4.4" is the base's 4.4 even after a new 4.3 is added); the edits are then checked for
//! overlaps and applied together by [`crate::apply`].

mod checks;
mod conventions;
mod ops;
mod passage;
mod places;
mod search;
mod structure;
mod text;
mod units;

pub use conventions::Repealed;
pub use search::{MissKind, NearMiss, Normalized, Views, normalize};

use crate::amendment::{
    Amendment, Anchor, Count, Instruction, Item, Language, LineRange, NewText, Op, Ordinal, Pattern, RefStep, Scope,
    Target, UnitRef,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{Document, Keyword, Number, Numbering, UnitId, UnitKind, line_label};
use crate::source::{FileId, Span};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use structure::{Addition, Plan};

/// Choices that change how amendments apply.
#[derive(Debug, Clone)]
pub struct Options {
    /// Renumber the units after an added or removed one (the default); when off, new units are
    /// numbered like `4.2A` and removed numbers leave a gap.
    pub renumber: bool,
    /// How `line N` in an instruction counts the base's lines (as `amend number` prints them).
    pub numbering: Numbering,
    /// The levels the user set for lints (`--deny`, `--warn`, `--allow`).
    pub lints: crate::diagnostic::Lints,
    /// What a repealed unit leaves behind (`--repealed`).
    pub repealed: Repealed,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            renumber: true,
            numbering: Numbering::default(),
            lints: crate::diagnostic::Lints::default(),
            repealed: Repealed::default(),
        }
    }
}

/// Which instruction an edit comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Origin {
    /// Index of the amendment file among those applied.
    pub amendment: usize,
    #[serde(skip)]
    pub file: FileId,
    /// The instruction's text in its file.
    pub span: Span,
}

/// What kind of change an edit makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EditKind {
    /// Words deleted, inserted or replaced inside a unit.
    Text,
    /// A new unit.
    AddUnit,
    /// A unit removed.
    RemoveUnit,
    /// A unit's text (or the whole unit) replaced.
    ReplaceUnit,
    /// A unit's number changed because units before it were added or removed.
    Renumber,
}

/// One change to the base: replace `range` with `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Span,
    pub text: String,
    pub kind: EditKind,
    pub origin: Origin,
    /// The unit concerned (for an added unit, the one it follows).
    pub unit: Option<UnitId>,
}

/// The edits of all amendments, or what stopped them.
#[derive(Debug)]
pub struct Resolved {
    /// Sorted by position in the base.
    pub edits: Vec<Edit>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Resolves every instruction of every amendment against `doc`.
pub fn resolve(doc: &Document, amendments: &[Amendment], options: &Options) -> Resolved {
    let mut r = Resolver {
        doc,
        norm: Views::new(doc.text()),
        edits: Vec::new(),
        diagnostics: Vec::new(),
        plan: Plan::default(),
        claimed: HashSet::new(),
        origin: Origin { amendment: 0, file: 0, span: Span::default() },
        lines: None,
        numbering: options.numbering,
        renumber: options.renumber,
        options_renumber: options.renumber,
        repealed: options.repealed.clone(),
        reads: Vec::new(),
        designations: Vec::new(),
        sheet_changes: std::collections::BTreeMap::new(),
        statute: conventions::is_statute(doc),
        list_ends: Vec::new(),
        repealed_units: HashSet::new(),
        added_numbers: std::collections::HashMap::new(),
        restatements: HashSet::new(),
        language: std::cell::OnceCell::new(),
    };
    for (index, amendment) in amendments.iter().enumerate() {
        r.amendment(index, amendment);
    }
    r.fit_list_ends();
    let structural = r.plan.finish(doc, &r.claimed);
    r.edits.extend(structural);
    r.edits.sort_by_key(|e| (e.range.start, e.range.end));
    r.check_overlaps();
    r.check_final_stops();
    r.diagnostics = options.lints.apply(std::mem::take(&mut r.diagnostics));
    if !r.diagnostics.iter().any(Diagnostic::is_error) {
        r.check_reads();
    }
    // A scope that fails is reported once, though several scopes (`In the first sentence`,
    // `In the second sentence`) inherit its unit and look for it again.
    let mut seen = HashSet::new();
    r.diagnostics.retain(|d| seen.insert((d.code, d.message.clone(), d.labels.first().map(|l| (l.file, l.span)))));
    Resolved { edits: r.edits, diagnostics: r.diagnostics }
}

/// How a scope resolved.
#[derive(Debug, Clone, Copy)]
enum ScopeState {
    /// Its unit (`None`: the whole document) and the lines it names, if any.
    Resolved { unit: Option<UnitId>, lines: Option<Span> },
    /// The scope could not be found (already reported); its instructions are skipped.
    Failed,
}

/// How a scope's unit resolved.
#[derive(Debug, Clone, Copy)]
enum UnitState {
    Unit(UnitId),
    /// A numbered title that is not a unit of the base: the whole document.
    Document,
    /// Not found (reported, unless the caller replaces the report).
    Failed,
}

struct Resolver<'d> {
    doc: &'d Document,
    /// The normalised text of the parts searched.
    norm: Views<'d>,
    edits: Vec<Edit>,
    diagnostics: Vec<Diagnostic>,
    plan: Plan,
    /// Units removed or replaced as a whole: their labels are not renumbered.
    claimed: HashSet<UnitId>,
    /// The instruction being resolved.
    origin: Origin,
    /// The lines the current instruction's scope names, narrowing every search.
    lines: Option<Span>,
    numbering: Numbering,
    /// Whether the current instruction renumbers the units after one it adds or removes.
    renumber: bool,
    /// Statements of how units will read, checked once every edit is known.
    reads: Vec<(Option<UnitId>, NewText, Origin)>,
    /// Restatements applied: they check their own paragraphs' full stops.
    restatements: HashSet<Span>,
    options_renumber: bool,
    /// What a repealed unit leaves behind.
    repealed: Repealed,
    /// Whether the base reads as a statute, whose own words for its units can be trusted.
    statute: bool,
    /// The text the current sheet's instructions changed so far: start → end.
    sheet_changes: std::collections::BTreeMap<usize, usize>,
    /// Text numbered by designations, in order.
    designations: Vec<places::Designation>,
    /// Conjunctions struck from or added to units' ends, checked once every change is known.
    list_ends: Vec<places::ListEnd>,
    /// The language the base is written in, worked out when an instruction amends one version.
    language: std::cell::OnceCell<Option<Language>>,
    /// Units repealed with a note left in their place.
    repealed_units: HashSet<UnitId>,
    /// Numbers of the units the sheets add (`4.3`), with the unit each goes after: a further
    /// new unit numbered after one of them (`4.4`) goes after it too.
    added_numbers: std::collections::HashMap<String, UnitId>,
}

impl Resolver<'_> {
    fn amendment(&mut self, index: usize, amendment: &Amendment) {
        let file = amendment.file;
        self.sheet_changes.clear();
        let mut scopes: HashMap<usize, ScopeState> = HashMap::new();
        let mut context: Option<UnitId> = None;
        let other_version = self.other_version_scopes(amendment);
        for (i, item) in amendment.items.iter().enumerate() {
            match item {
                // The other version's unit (`The definition gadget in subsection 2(1) of the
                // French version …`): not looked for, as nothing is changed in it.
                Item::Scope(_) if other_version.contains(&i) => {
                    scopes.insert(i, ScopeState::Resolved { unit: None, lines: None });
                }
                Item::Scope(scope) => {
                    // A scope nested in another (US and UK lists) is looked for inside it first.
                    let parent = scope.within.and_then(|w| match scopes.get(&w) {
                        Some(ScopeState::Resolved { unit, .. }) => *unit,
                        _ => None,
                    });
                    let state = self.scope(file, scope, parent.or(context));
                    if let ScopeState::Resolved { unit: Some(u), .. } = state {
                        context = Some(u);
                    }
                    scopes.insert(i, state);
                }
                Item::Instruction(ins) => {
                    self.origin = Origin { amendment: index, file, span: ins.span };
                    if !self.in_base_version(ins) {
                        continue;
                    }
                    let state = ins
                        .scope
                        .and_then(|s| scopes.get(&s).copied())
                        .unwrap_or(ScopeState::Resolved { unit: None, lines: None });
                    let (scope, lines) = match state {
                        ScopeState::Resolved { unit, lines } => (unit, lines),
                        ScopeState::Failed => continue,
                    };
                    self.lines = lines;
                    self.renumber = ins.renumber.unwrap_or(self.options_renumber);
                    self.instruction(ins, scope, context);
                    self.lines = None;
                }
                Item::Commentary { .. } => {}
            }
        }
    }
}

/// Whether two edits touch the same text: their ranges overlap, they insert at the same point,
/// or one inserts inside text the other replaces. Edits from different instructions that collide
/// are a conflict (E0301).
pub fn collide(a: &Edit, b: &Edit) -> bool {
    let overlap = b.range.start < a.range.end && b.range.end > a.range.start;
    let same_point = a.range.is_empty()
        && b.range.is_empty()
        && a.range.start == b.range.start
        && a.kind == EditKind::Text
        && b.kind == EditKind::Text;
    let inside =
        |x: &Edit, y: &Edit| x.range.is_empty() && y.range.start < x.range.start && x.range.start < y.range.end;
    overlap || same_point || inside(b, a) || inside(a, b)
}

/// Where a base offset lands in the consolidated text: edits before it shift it; inside a
/// changed range it lands at the start of the new text (or its end, with `end` set).
fn map_offset(edits: &[Edit], offset: usize, end: bool) -> usize {
    let mut delta: isize = 0;
    for e in edits {
        let inserted = e.text.len() as isize - e.range.len() as isize;
        if e.range.end < offset || (e.range.end == offset && (end || !e.range.is_empty())) {
            delta += inserted;
        } else if e.range.start < offset && offset < e.range.end {
            let base = (e.range.start as isize + delta) as usize;
            return if end { base + e.text.len() } else { base };
        } else {
            break;
        }
    }
    (offset as isize + delta).max(0) as usize
}

/// Two texts as one line with `[-removed-]{+added+}` word marks.
fn word_redline(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_words(old, new);
    let mut out = String::new();
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Equal => out.push_str(change.value()),
            similar::ChangeTag::Delete => out.push_str(&format!("[-{}-]", change.value())),
            similar::ChangeTag::Insert => out.push_str(&format!("{{+{}+}}", change.value())),
        }
    }
    out.replace("-][-", "").replace("+}{+", "")
}

/// The number a new unit follows: 4.2 for 4.3, 4 for 4A, 3 for 3.A.
fn predecessor(n: &Number) -> Option<Number> {
    let mut parts = n.parts.clone();
    let last = parts.pop()?;
    if !last.suffix.is_empty() {
        parts.push(last.with_value(last.value));
    } else if last.value > 1 {
        parts.push(last.with_value(last.value - 1));
    } else if parts.is_empty() {
        return None;
    }
    Some(Number { parts })
}

fn ordinal_word(n: u32) -> String {
    match n {
        1 => "first".into(),
        2 => "second".into(),
        3 => "third".into(),
        n => format!("{n}th"),
    }
}

/// `no sentence`, `1 list item`, `3 list items`.
fn count_of(n: usize, noun: &str) -> String {
    match n {
        0 => format!("no {noun}s"),
        1 => format!("1 {noun}"),
        n => format!("{n} {noun}s"),
    }
}

/// The label new text brings: that of its first line, or of the first line after the headings
/// and marginal notes that open it (`Selection` / `(2) The Speaker …`, `Period — …` / `Suspension
/// of interest` / `8.2 During …`). The offset of that line, and the label's length and number.
pub(crate) fn own_label(text: &str) -> Option<(usize, usize, Number)> {
    let mut offset = 0;
    for (k, line) in text.split_inclusive('\n').enumerate() {
        let at = offset;
        offset += line.len();
        if line.trim().is_empty() {
            continue;
        }
        if let Some((len, n)) = line_label(line) {
            return Some((at, len, n));
        }
        // Only a few short title lines may stand before it.
        let t = line.trim();
        let title = k < 4
            && t.split_whitespace().count() <= 16
            && !t.ends_with(['.', ';', ':', ','])
            && t.starts_with(|c: char| c.is_uppercase());
        if !title {
            return None;
        }
    }
    None
}

/// The first `max` characters of a text, with an ellipsis if it was cut.
fn excerpt(text: &str, max: usize) -> String {
    let mut out: String = text.chars().take(max).collect();
    if out.len() < text.len() {
        out.push('…');
    }
    out
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests;
