//! Instructions × base document → edits: byte spans of the base and what replaces them.
//!
//! Every instruction is resolved against the base *as it stood*, with its original numbering
//! ("Para 4.4" is the base's 4.4 even after a new 4.3 is added); the edits are then checked for
//! overlaps and applied together by [`crate::apply`].

mod search;
mod structure;

pub use search::{MissKind, NearMiss, Normalized, normalize};

use crate::amendment::{
    Amendment, Anchor, Count, Instruction, Item, LineRange, NewText, Op, Ordinal, Pattern, RefStep, Scope, Target,
    UnitRef,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{Document, Keyword, Number, Numbering, UnitId, UnitKind, Word, line_label};
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
}

impl Default for Options {
    fn default() -> Options {
        Options { renumber: true, numbering: Numbering::default(), lints: crate::diagnostic::Lints::default() }
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
        norm: Normalized::new(doc.text()),
        edits: Vec::new(),
        diagnostics: Vec::new(),
        plan: Plan::default(),
        claimed: HashSet::new(),
        origin: Origin { amendment: 0, file: 0, span: Span::default() },
        lines: None,
        numbering: options.numbering,
        renumber: options.renumber,
        options_renumber: options.renumber,
        reads: Vec::new(),
    };
    for (index, amendment) in amendments.iter().enumerate() {
        r.amendment(index, amendment);
    }
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
    norm: Normalized,
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
    options_renumber: bool,
}

impl Resolver<'_> {
    fn amendment(&mut self, index: usize, amendment: &Amendment) {
        let file = amendment.file;
        let mut scopes: HashMap<usize, ScopeState> = HashMap::new();
        let mut context: Option<UnitId> = None;
        for (i, item) in amendment.items.iter().enumerate() {
            match item {
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
                    let state = ins
                        .scope
                        .and_then(|s| scopes.get(&s).copied())
                        .unwrap_or(ScopeState::Resolved { unit: None, lines: None });
                    let (scope, lines) = match state {
                        ScopeState::Resolved { unit, lines } => (unit, lines),
                        ScopeState::Failed => continue,
                    };
                    self.origin = Origin { amendment: index, file, span: ins.span };
                    self.lines = lines;
                    self.renumber = ins.renumber.unwrap_or(self.options_renumber);
                    self.instruction(ins, scope, context);
                    self.lines = None;
                }
                Item::Commentary { .. } => {}
            }
        }
    }

    /// Resolves a scope: its unit, and the lines it names.
    fn scope(&mut self, file: FileId, scope: &Scope, context: Option<UnitId>) -> ScopeState {
        let unit = match &scope.unit {
            Some(u) => match self.scope_unit(file, u, scope.titled, context) {
                UnitState::Unit(id) => Some(id),
                UnitState::Document => None,
                UnitState::Failed if scope.cited => {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            Code::CitedUnitAbsent,
                            format!(
                                "`{}` is not in the base; its instructions are read against the whole base",
                                u.written
                            ),
                        )
                        .primary(file, u.span, "not in the base")
                        .note("the unit is named with its act; the base is taken to be that unit")
                        .help("give the base text of the unit named, or name a unit the base has"),
                    );
                    // The failed lookup's own error is dropped: the warning replaces it.
                    self.diagnostics.retain(|d| {
                        !(d.code == Code::UnitNotFound
                            && d.primary_label().is_some_and(|l| l.span == u.span && l.file == file))
                    });
                    None
                }
                UnitState::Failed => return ScopeState::Failed,
            },
            None => None,
        };
        let lines = match scope.lines {
            Some(range) => match self.line_span(file, scope, range, unit) {
                Some(span) => Some(span),
                None => return ScopeState::Failed,
            },
            None => None,
        };
        // `In the first sentence, …`: that sentence of the unit.
        let lines = match (scope.sentence, unit) {
            (Some(which), Some(u)) => {
                let sentences = self.doc.sentences(u);
                match which.index(sentences.len()) {
                    Some(i) => Some(sentences[i]),
                    None => {
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::NoSuchPart,
                                format!("{} has no {which} sentence", self.doc.describe(u)),
                            )
                            .primary(
                                file,
                                scope.span,
                                format!("it has {} sentence(s)", sentences.len()),
                            ),
                        );
                        return ScopeState::Failed;
                    }
                }
            }
            _ => lines,
        };
        ScopeState::Resolved { unit, lines }
    }

    /// The base text of a line range, checked against the unit named with it.
    fn line_span(&mut self, file: FileId, scope: &Scope, range: LineRange, unit: Option<UnitId>) -> Option<Span> {
        let numbered = self.doc.numbered_lines(self.numbering);
        let paged = self.numbering.page_length.is_some() || self.doc.has_pages();
        if range.page.is_some() && !paged {
            self.diagnostics.push(
                Diagnostic::warning(Code::PageUnchecked, "the page number is not checked: the base has no pages")
                    .primary(file, scope.span, "page given here")
                    .help("lines are counted through the whole base; see `amend number BASE`, or set --page-length"),
            );
        }
        let pick = |lines: &[&crate::document::NumberedLine], first: u32, last: u32, on_page: bool| {
            let number = |l: &crate::document::NumberedLine| if on_page { l.on_page } else { l.number };
            let first_line = lines.iter().find(|l| number(l) == first)?;
            let last_line = lines.iter().find(|l| number(l) == last)?;
            Some(Span::new(first_line.span.start, last_line.span.end))
        };
        let on_page = range.page.is_some() && paged;
        let candidates: Vec<&crate::document::NumberedLine> =
            numbered.iter().filter(|l| !on_page || Some(l.page) == range.page).collect();
        let absolute = pick(&candidates, range.first, range.last, on_page);
        let Some(u) = unit else {
            return absolute.or_else(|| {
                self.diagnostics.push(self.no_such_line(file, scope, range, numbered.len()));
                None
            });
        };
        let unit_span = self.doc.unit(u).span;
        if let Some(span) = absolute.filter(|s| unit_span.contains(*s)) {
            return Some(span);
        }
        // `Sub-clause 3, line 2`: the second line of the sub-clause.
        let inside: Vec<&crate::document::NumberedLine> =
            numbered.iter().filter(|l| unit_span.contains(l.span)).collect();
        let renumbered: Vec<crate::document::NumberedLine> = inside
            .iter()
            .enumerate()
            .map(|(i, l)| crate::document::NumberedLine { number: i as u32 + 1, ..**l })
            .collect();
        let refs: Vec<&crate::document::NumberedLine> = renumbered.iter().collect();
        match pick(&refs, range.first, range.last, false) {
            Some(span) => {
                let first_abs = inside.get(range.first as usize - 1).map_or(0, |l| l.number);
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::RelativeLine,
                        format!(
                            "line {} is read as the {} line of {} (line {first_abs} of the base)",
                            range.first,
                            ordinal_word(range.first),
                            self.doc.describe(u)
                        ),
                    )
                    .primary(file, scope.span, "line counted within the unit")
                    .secondary(self.doc.file(), span, "these words")
                    .help("line numbers count through the whole base, as `amend number BASE` prints them"),
                );
                Some(span)
            }
            // Line numbers taken from a printed rulebook need not match `amend number`; the unit
            // named with them still says where to look, so it is searched whole, and the
            // reader told.
            None => {
                let lines = match (inside.first(), inside.last()) {
                    (Some(a), Some(b)) if a.number == b.number => format!("on line {}", a.number),
                    (Some(a), Some(b)) => format!("on lines {}–{}", a.number, b.number),
                    _ => "on no numbered line".to_string(),
                };
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::LineIgnored,
                        format!(
                            "line {} is not in {}, which is {lines}; the whole unit is searched",
                            range.last,
                            self.doc.describe(u)
                        ),
                    )
                    .primary(file, scope.span, "line given here")
                    .secondary(self.doc.file(), unit_span, "searched instead")
                    .help("check the line numbers against `amend number BASE`, or leave them out"),
                );
                Some(unit_span)
            }
        }
    }

    fn no_such_line(&self, file: FileId, scope: &Scope, range: LineRange, total: usize) -> Diagnostic {
        Diagnostic::error(Code::NoSuchLine, format!("line {} is not in the base", range.last))
            .primary(file, scope.span, format!("the base has {total} numbered lines"))
            .help("check the line numbers against `amend number BASE`")
    }

    // ───────────────────────────── Units ─────────────────────────────

    fn scope_unit(&mut self, file: FileId, unit: &UnitRef, titled: bool, context: Option<UnitId>) -> UnitState {
        match self.find_unit(file, unit, context) {
            Ok(id) => {
                let given = unit.steps.last().and_then(|s| s.heading.as_deref());
                match given {
                    // A paragraph has no heading, so `3.2. Labour Party Marxists` is plainly a
                    // title when the base's 3.2 is a paragraph.
                    Some(_) if titled && !matches!(self.doc.unit(id).kind, UnitKind::Heading { .. }) => {
                        UnitState::Document
                    }
                    Some(h) if !self.heading_matches(id, h) => {
                        let actual = self.doc.heading(id).unwrap_or_else(|| self.doc.body(id));
                        let actual: String = actual.chars().take(60).collect();
                        if titled {
                            self.diagnostics.push(
                                Diagnostic::warning(
                                    Code::TitleNotScope,
                                    format!("`{}` is read as a title, not as a scope", unit.written),
                                )
                                .primary(file, unit.span, "read as commentary")
                                .secondary(
                                    self.doc.file(),
                                    self.doc.first_line(id),
                                    format!("the base's {} is headed “{}”", self.label_text(id), actual.trim()),
                                )
                                .help(format!(
                                    "to make it a scope, write its heading as in the base, or “Section {}”",
                                    unit.steps[0].number.as_deref().unwrap_or("")
                                )),
                            );
                            UnitState::Document
                        } else {
                            self.diagnostics.push(
                                Diagnostic::warning(
                                    Code::HeadingDiffers,
                                    format!("the heading “{h}” differs from the base"),
                                )
                                .primary(file, unit.span, "heading as given here")
                                .secondary(
                                    self.doc.file(),
                                    self.doc.first_line(id),
                                    format!("the base has “{}”", actual.trim()),
                                )
                                .help("check that the number is the one meant"),
                            );
                            UnitState::Unit(id)
                        }
                    }
                    _ => UnitState::Unit(id),
                }
            }
            // A numbered title such as `1) Brighton Labour Left Alliance` that is no unit.
            Err(_) if titled => UnitState::Document,
            Err(d) => {
                self.diagnostics.push(*d);
                UnitState::Failed
            }
        }
    }

    fn heading_matches(&self, id: UnitId, given: &str) -> bool {
        let simplify = |s: &str| normalize(s).to_lowercase().trim_end_matches([':', '.', ' ']).to_string();
        let actual = self.doc.heading(id).unwrap_or_else(|| self.doc.body(id));
        simplify(actual) == simplify(given)
    }

    /// Finds the unit a reference names. With several candidates, prefers the kind its keyword
    /// suggests, then the one inside the current scope.
    fn find_unit(&mut self, file: FileId, unit: &UnitRef, context: Option<UnitId>) -> Result<UnitId, Box<Diagnostic>> {
        let mut current: Option<UnitId> = None;
        for (k, step) in unit.steps.iter().enumerate() {
            let mut candidates = self.step_candidates(step, current);
            if candidates.is_empty() {
                if let Some(key) = &step.number {
                    // `iv` for a base that numbers it `IV`.
                    let loose: Vec<UnitId> = self
                        .doc
                        .with_number_ignoring_case(key)
                        .into_iter()
                        .filter(|&c| current.is_none_or(|cur| c != cur && self.doc.is_within(c, cur)))
                        .collect();
                    if !loose.is_empty() {
                        let theirs = self.label_text(loose[0]);
                        self.diagnostics.push(
                            Diagnostic::warning(
                                Code::NumberCase,
                                format!("no unit is numbered `{key}`; using {theirs}, which differs in case"),
                            )
                            .primary(file, unit.span, "number as written")
                            .secondary(self.doc.file(), self.doc.handle(loose[0]), "matched this unit")
                            .help(format!("write the number as the base does: {theirs}")),
                        );
                        candidates = loose;
                    }
                }
            }
            if candidates.is_empty() {
                // `2.1` may be paragraph 1 of section 2, and `Clause I.8` sub-clause 8 of
                // Clause I, in a base that numbers them apart.
                if let Some(key) = &step.number {
                    let parts: Vec<&str> = key.split('.').collect();
                    if parts.len() > 1 {
                        let expanded = parts.iter().enumerate().map(|(i, p)| RefStep {
                            keyword: if i == 0 { step.keyword.clone() } else { None },
                            number: Some(p.to_string()),
                            printed: Some(p.to_string()),
                            ..RefStep::default()
                        });
                        let steps: Vec<RefStep> = unit.steps[..k]
                            .iter()
                            .cloned()
                            .chain(expanded)
                            .chain(unit.steps[k + 1..].iter().cloned())
                            .collect();
                        let split = UnitRef::new(steps, unit.span, unit.written.clone());
                        if let Ok(id) = self.find_unit(file, &split, context) {
                            return Ok(id);
                        }
                    }
                }
            }
            let called = Self::called(unit, k);
            // `2(2)(3)`: each number after the first names a unit directly under the one before.
            if let (Some(cur), true) = (current, candidates.len() > 1) {
                let direct: Vec<UnitId> =
                    candidates.iter().copied().filter(|&c| self.doc.numbered_parent(c) == Some(cur)).collect();
                if !direct.is_empty() {
                    candidates = direct;
                }
            }
            candidates = self.prefer(step, candidates, context, called);
            match candidates.as_slice() {
                [] => {
                    let within = current.map(|c| format!(" in {}", self.doc.describe(c))).unwrap_or_default();
                    let mut d = Diagnostic::error(
                        Code::UnitNotFound,
                        format!("no unit `{}`{within} in the base", unit.written),
                    )
                    .primary(file, unit.span, "not found in the base")
                    .help("`amend outline BASE` lists the units the base has");
                    if let Some(c) = current {
                        d = d.secondary(self.doc.file(), self.doc.handle(c), "searched in here");
                    }
                    if let Some((first, last)) = self.numbered_alike(step, current) {
                        let note = if first == last {
                            format!("the only unit numbered like it is {}", self.doc.describe(last))
                        } else {
                            format!(
                                "units numbered like it run from {} to {}",
                                self.label_text(first),
                                self.label_text(last)
                            )
                        };
                        d = d
                            .secondary(self.doc.file(), self.doc.handle(last), "the last unit numbered like it")
                            .note(note);
                    }
                    return Err(Box::new(d));
                }
                [one] => current = Some(*one),
                many => {
                    let mut d = Diagnostic::error(Code::UnitAmbiguous, format!("{} units are numbered {}", many.len(), self.label_text(many[0])))
                        .primary(file, unit.span, "which one?")
                        .help("give the enclosing unit too, e.g. “Section 3, paragraph (a)”, or put the instruction under a scope line");
                    for &m in many.iter().take(6) {
                        // `describe` names the enclosing unit of a number that several units share.
                        let place = match self.doc.unit(m).parent {
                            Some(_) => self.doc.describe(m),
                            None => format!("{} at the top level", self.doc.describe(m)),
                        };
                        d = d.secondary(self.doc.file(), self.doc.handle(m), place);
                    }
                    if many.len() > 6 {
                        d = d.note(format!("and {} more", many.len() - 6));
                    }
                    return Err(Box::new(d));
                }
            }
        }
        current.ok_or_else(|| {
            Box::new(Diagnostic::error(Code::UnitNotFound, "empty unit reference").primary(file, unit.span, ""))
        })
    }

    /// A unit's label as the base prints it (`(a)`, `2.1`, `IV)`), or its description.
    fn label_text(&self, id: UnitId) -> String {
        match &self.doc.unit(id).label {
            Some(l) => format!("`{}`", self.doc.slice(l.span)),
            None => self.doc.describe(id),
        }
    }

    /// For a number that is not in the base, the first and last units numbered in the same
    /// way (`2.9` when the base has `2.1` to `2.7`): most often the author miscounted.
    fn numbered_alike(&self, step: &RefStep, within: Option<UnitId>) -> Option<(UnitId, UnitId)> {
        let key = step.number.as_deref()?;
        let (prefix, last) = key.rsplit_once('.').map_or(("", key), |(p, l)| (p, l));
        let digits = last.starts_with(|c: char| c.is_ascii_digit());
        let alike: Vec<UnitId> = self
            .doc
            .units()
            .filter(|(id, _)| within.is_none_or(|w| *id != w && self.doc.is_within(*id, w)))
            .filter_map(|(id, u)| Some((id, u.label.as_ref()?.number.key())))
            .filter(|(_, k)| {
                let (p, l) = k.rsplit_once('.').map_or(("", k.as_str()), |(p, l)| (p, l));
                p == prefix && l.starts_with(|c: char| c.is_ascii_digit()) == digits
            })
            .map(|(id, _)| id)
            .collect();
        Some((*alike.first()?, *alike.last()?))
    }

    fn step_candidates(&self, step: &RefStep, within: Option<UnitId>) -> Vec<UnitId> {
        let inside = |id: UnitId| within.is_none_or(|w| id != w && self.doc.is_within(id, w));
        match (&step.number, &step.keyword, &step.heading) {
            (Some(key), _, _) => match within {
                // By index: the units so numbered inside `w` are a slice of those so numbered.
                Some(w) => self.doc.numbered_within(w, key).to_vec(),
                None => self.doc.with_number(key).to_vec(),
            },
            (None, Some(kw), heading) => {
                let keyword = Keyword::read(kw);
                self.doc
                    .units()
                    .filter(|(id, u)| inside(*id) && keyword.is_some() && u.keyword == keyword)
                    .filter(|(id, _)| heading.as_deref().is_none_or(|h| self.heading_matches(*id, h)))
                    .map(|(id, _)| id)
                    .collect()
            }
            (None, None, Some(h)) => self
                .doc
                .units()
                .filter(|(id, u)| inside(*id) && u.heading.is_some() && self.heading_matches(*id, h))
                .map(|(id, _)| id)
                .collect(),
            (None, None, None) => Vec::new(),
        }
    }

    /// The word the document would use for step `k` of a reference: the reference's keyword
    /// for its only step; in `Paragraph 14(f)`, a section for the first step and the keyword
    /// for the last (`Section 3(1)(b)`: the section first).
    fn called(unit: &UnitRef, k: usize) -> Option<Word> {
        let word = unit.steps.first()?.keyword.as_deref().and_then(Word::read);
        let last = k + 1 == unit.steps.len();
        match (unit.steps.len(), k, word) {
            (1, _, w) => w,
            (_, 0, Some(Word::Section | Word::Subsection | Word::Paragraph | Word::Subparagraph | Word::Clause)) => {
                Some(Word::Section)
            }
            (_, _, Some(w @ (Word::Subsection | Word::Paragraph | Word::Subparagraph | Word::Clause))) if last => {
                Some(w)
            }
            _ => None,
        }
    }

    fn prefer(
        &self,
        step: &RefStep,
        mut candidates: Vec<UnitId>,
        context: Option<UnitId>,
        called: Option<Word>,
    ) -> Vec<UnitId> {
        // `Chapter 1` or `Article 3` never means a paragraph that happens to be numbered 1 or 3.
        if let Some(kw) = &step.keyword {
            if matches!(kw.as_str(), "chapter" | "article" | "part" | "appendix" | "annex" | "schedule") {
                let keyword = Keyword::read(kw);
                candidates.retain(|&c| {
                    let u = self.doc.unit(c);
                    matches!(u.kind, UnitKind::Heading { .. }) && (u.keyword.is_none() || u.keyword == keyword)
                });
            }
        }
        // `Section 3` in a statute is the section, not subsection (3): the unit the document
        // itself calls so.
        if let (true, Some(word)) = (candidates.len() > 1, called) {
            let called: Vec<UnitId> = candidates.iter().copied().filter(|&c| self.doc.word(c) == word).collect();
            if !called.is_empty() {
                candidates = called;
            }
        }
        if candidates.len() > 1 {
            if let Some(kw) = &step.keyword {
                let heading_word = matches!(
                    kw.as_str(),
                    "section"
                        | "chapter"
                        | "article"
                        | "part"
                        | "appendix"
                        | "annex"
                        | "schedule"
                        | "rule"
                        | "standing order"
                        | "§"
                );
                let wanted: Vec<UnitId> = candidates
                    .iter()
                    .copied()
                    .filter(|&c| matches!(self.doc.unit(c).kind, UnitKind::Heading { .. }) == heading_word)
                    .collect();
                if !wanted.is_empty() {
                    candidates = wanted;
                }
            }
        }
        if candidates.len() > 1 {
            if let Some(h) = &step.heading {
                let wanted: Vec<UnitId> = candidates.iter().copied().filter(|&c| self.heading_matches(c, h)).collect();
                if !wanted.is_empty() {
                    candidates = wanted;
                }
            }
        }
        if candidates.len() > 1 {
            // Inside the scope the author was last working in, from the innermost outwards.
            let mut anc = context;
            while let Some(a) = anc {
                let inside: Vec<UnitId> = candidates.iter().copied().filter(|&c| self.doc.is_within(c, a)).collect();
                if inside.len() == 1 {
                    return inside;
                }
                anc = self.doc.unit(a).parent;
            }
        }
        candidates
    }

    // ─────────────────────────── Instructions ───────────────────────────

    fn instruction(&mut self, ins: &Instruction, scope: Option<UnitId>, context: Option<UnitId>) {
        let file = self.origin.file;
        match &ins.op {
            Op::NoChange { check } => {
                if let Some(check) = check {
                    match self.find_unit(file, check, scope.or(context)) {
                        Ok(u) if Some(u) == scope || scope.is_none() => {}
                        Ok(u) => {
                            let scope_name = scope.map(|s| self.doc.describe(s)).unwrap_or_default();
                            self.diagnostics.push(
                                Diagnostic::error(
                                    Code::ScopeMismatch,
                                    format!("NO CHANGE names {} but the scope is {}", self.doc.describe(u), scope_name),
                                )
                                .primary(file, check.span, "this unit")
                                .secondary(
                                    self.doc.file(),
                                    self.doc.handle(u),
                                    format!("{} is here", self.doc.describe(u)),
                                )
                                .help("make the scope line and the unit named here agree"),
                            );
                        }
                        Err(d) => self.diagnostics.push(*d),
                    }
                }
            }
            Op::Delete { target } => self.delete(ins, target, scope, context),
            Op::Replace { target, text } => self.replace(ins, target, text, scope, context),
            Op::Insert { at, text } => self.insert(ins, at, text, scope),
            Op::Renumber { unit, which, to } => self.renumber(unit, *which, to, scope.or(context)),
            Op::Reads { text } => self.reads.push((scope, text.clone(), self.origin.clone())),
            Op::Currently { text } => self.currently(scope, text),
            Op::ReplaceEach { pairs } => self.replace_each(pairs, scope),
            // Applied to the sheet's own text as it was read.
            Op::AmendProvision { .. } => {}
            Op::Designate { .. } | Op::Passage { .. } => self.unsupported(ins),
        }
    }

    fn unsupported(&mut self, ins: &Instruction) {
        self.diagnostics.push(Diagnostic::error(Code::Syntax, format!("not supported yet: {ins}")).primary(
            self.origin.file,
            ins.span,
            "here",
        ));
    }

    /// The text an instruction searches: its unit, narrowed to the lines named with it.
    fn region(&self, scope: Option<UnitId>) -> Span {
        let unit = scope.map_or_else(|| self.whole_document(), |u| self.doc.unit(u).span);
        match self.lines {
            // Words that start on the last line named may run on past it.
            Some(l) => Span::new(unit.start.max(l.start).min(unit.end), unit.end),
            None => unit,
        }
    }

    /// The document's text after any byte-order mark, whatever lines are named.
    fn whole_document(&self) -> Span {
        Span::new(self.doc.content_start(), self.doc.text().len())
    }

    fn scope_name(&self, scope: Option<UnitId>) -> String {
        scope.map_or_else(|| "the document".to_string(), |u| self.doc.describe(u))
    }

    fn delete(&mut self, ins: &Instruction, target: &Target, scope: Option<UnitId>, context: Option<UnitId>) {
        match target {
            Target::All => match scope {
                Some(u) => self.remove_unit(u),
                None => self.need_scope(ins, "DELETE ALL"),
            },
            Target::Unit { unit } => {
                if let Some(u) = self.unit_or_report(unit, scope.or(context)) {
                    self.remove_unit(u);
                }
            }
            Target::Item { which, check } => {
                if let Some(item) = self.item(ins, *which, check.as_ref(), scope) {
                    self.remove_unit(item);
                }
            }
            _ => {
                if let Some(spans) = self.target_spans(ins, target, scope) {
                    for span in spans {
                        let range = self.tidy_deletion(span);
                        self.push(range, String::new(), EditKind::Text, scope);
                    }
                }
            }
        }
    }

    fn replace(
        &mut self,
        ins: &Instruction,
        target: &Target,
        text: &NewText,
        scope: Option<UnitId>,
        context: Option<UnitId>,
    ) {
        match target {
            Target::All => match scope {
                Some(u) => {
                    let unit = self.doc.unit(u);
                    let start =
                        if unit.label.is_some() || unit.keyword.is_some() { unit.body.start } else { unit.span.start };
                    let new = self.block_text(text);
                    self.push(Span::new(start, unit.span.end), new, EditKind::ReplaceUnit, Some(u));
                }
                None => self.need_scope(ins, "DELETE ALL; INSERT"),
            },
            Target::Unit { unit } => {
                if let Some(u) = self.unit_or_report(unit, scope.or(context)) {
                    self.replace_unit(u, text);
                }
            }
            Target::Item { which, check } => {
                if let Some(item) = self.item(ins, *which, check.as_ref(), scope) {
                    self.replace_unit(item, text);
                }
            }
            _ => {
                if let Some(spans) = self.target_spans(ins, target, scope) {
                    let new = self.block_text(text);
                    for span in spans {
                        if new.trim().is_empty() {
                            let range = self.tidy_deletion(span);
                            self.push(range, String::new(), EditKind::Text, scope);
                        } else {
                            let fitted = self.fit(span, &new);
                            self.push(span, fitted, EditKind::Text, scope);
                        }
                    }
                }
            }
        }
    }

    fn insert(&mut self, ins: &Instruction, at: &Anchor, text: &NewText, scope: Option<UnitId>) {
        let new = self.block_text(text);
        match at {
            Anchor::After { pattern } | Anchor::Before { pattern } => {
                let Some(spans) = self.pattern_spans(pattern, ins.count, scope) else {
                    return;
                };
                for span in spans {
                    let point = if matches!(at, Anchor::After { .. }) { span.end } else { span.start };
                    let fitted = self.fit(Span::point(point), &new);
                    self.push(Span::point(point), fitted, EditKind::Text, scope);
                }
            }
            Anchor::NewNumbered { number } => self.add_numbered(ins, number, new, scope),
            Anchor::NewParagraph { .. } | Anchor::ListItem { .. } | Anchor::BeforeList => self.unsupported(ins),
            Anchor::NewUnitAfter => match scope {
                Some(u) => self.add_unit(u, new),
                None => self.need_scope(ins, "INSERT after NO CHANGE"),
            },
            Anchor::End | Anchor::Start => {
                let Some(u) = scope else {
                    return self.need_scope(ins, "INSERT AT END");
                };
                let unit = self.doc.unit(u).clone();
                // Text that brings its own number is a new unit: after the last child at the
                // end, or before the first.
                if matches!(at, Anchor::End) && line_label(&new).is_some() {
                    let anchor = unit.children.last().copied().unwrap_or(u);
                    return self.add_unit(anchor, new);
                }
                let point = if matches!(at, Anchor::End) { self.content_end(u) } else { unit.body.start };
                if matches!(at, Anchor::End) {
                    let body = self.doc.slice(Span::new(unit.body.start, point)).trim_end();
                    // `, or later` and `and members` continue a sentence; the instruction is
                    // applied as written, and the reader told.
                    if body.ends_with('.') && new.starts_with(|c: char| c.is_lowercase() || ",;:".contains(c)) {
                        self.diagnostics.push(
                            Diagnostic::warning(Code::AfterFinalStop, "text added at the end goes after the final full stop")
                                .primary(self.origin.file, text.span(), "this text continues a sentence")
                                .secondary(self.doc.file(), Span::point(point), "added here")
                                .help("to add words inside the last sentence, write BEFORE “.” INSERT “…” or quote the last words"),
                        );
                    }
                }
                let fitted = self.fit(Span::point(point), &new);
                self.push(Span::point(point), fitted, EditKind::Text, Some(u));
            }
        }
    }

    /// `currently reads: “…”`: the unit must read so in the base (spacing and quote marks aside).
    fn currently(&mut self, scope: Option<UnitId>, stated: &NewText) {
        let Some(u) = scope else {
            return self.diagnostics.push(
                Diagnostic::error(Code::MissingUnit, "“currently reads” does not say which unit").primary(
                    self.origin.file,
                    self.origin.span,
                    "which unit?",
                ),
            );
        };
        let unit = self.doc.unit(u);
        let full = self.doc.slice(unit.span);
        let own_end = unit.children.first().map_or(unit.span.end, |&c| self.doc.unit(c).span.start);
        let own = self.doc.slice(Span::new(unit.span.start, own_end)).trim_end();
        let body = self.doc.slice(Span::new(unit.body.start.min(own_end), own_end)).trim_end();
        let want = normalize(stated.as_str());
        if ![full, own, body].iter().any(|c| normalize(c) == want) {
            let redline = word_redline(&normalize(own), &want);
            self.diagnostics.push(
                Diagnostic::error(
                    Code::CheckFailed,
                    format!("{} does not currently read as the amendment quotes it", self.doc.describe(u)),
                )
                .primary(self.origin.file, stated.span(), "quoted as the text in force")
                .secondary(self.doc.file(), self.doc.handle(u), "the unit in the base")
                .note(format!("difference ([-base has-]{{+amendment quotes+}}): {redline}"))
                .help("the amendment may have been written against another edition of the rules; check the base"),
            );
        }
    }

    /// `changing “Chairman” to “Board Chair”, “Vice Chairman” to “Vice Chair”, …`: every pair
    /// everywhere in the scope, the longer quote first where two overlap. A pair that occurs
    /// nowhere is a warning: "all instances" may be none.
    fn replace_each(&mut self, pairs: &[(Pattern, NewText)], scope: Option<UnitId>) {
        let region = self.region(scope);
        let mut order: Vec<usize> = (0..pairs.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(normalize(&pairs[i].0.first_quote().text).len()));
        let mut taken: Vec<Span> = Vec::new();
        let mut edits: Vec<(Span, String)> = Vec::new();
        for i in order {
            let (pattern, text) = &pairs[i];
            let needle = normalize(&pattern.first_quote().text);
            let all = self.norm.find_words(region, &needle);
            // Occurrences inside a longer pair's (`Chairman` in `Vice Chairman`) were changed by it.
            let inside_longer = !all.is_empty();
            let found: Vec<Span> =
                all.into_iter().filter(|m| !taken.iter().any(|t| m.start < t.end && t.start < m.end)).collect();
            if found.is_empty() && !inside_longer {
                let d = Diagnostic::error(
                    Code::PairNowhere,
                    format!("{pattern} occurs nowhere in {}", self.scope_name(scope)),
                )
                .primary(self.origin.file, pattern.span(), "nothing to change")
                .help("check the spelling and punctuation against the base");
                let d = self.suggest(d, region, &needle);
                self.diagnostics.push(d);
            }
            let new = self.block_text(text);
            for m in found {
                taken.push(m);
                edits.push((m, self.fit(m, &new)));
            }
        }
        for (range, text) in edits {
            self.push(range, text, EditKind::Text, scope);
        }
    }

    /// Gives a unit a new number, and its dotted sub-units the new prefix.
    fn renumber(&mut self, unit: &UnitRef, which: Option<Ordinal>, to: &str, context: Option<UnitId>) {
        let file = self.origin.file;
        let target = match which {
            None => match self.find_unit(file, unit, context) {
                Ok(u) => u,
                Err(d) => return self.diagnostics.push(*d),
            },
            // `the first section A.1` picks among units that share a number.
            Some(w) => {
                let mut candidates: Vec<UnitId> = Vec::new();
                let mut current: Option<UnitId> = None;
                for (k, step) in unit.steps.iter().enumerate() {
                    candidates = self.step_candidates(step, current);
                    if k + 1 < unit.steps.len() {
                        current = candidates.first().copied();
                    }
                }
                match w.index(candidates.len()) {
                    Some(i) => candidates[i],
                    None => {
                        return self.diagnostics.push(
                            Diagnostic::error(
                                Code::UnitNotFound,
                                format!("there is no {w} `{}` in the base", unit.written),
                            )
                            .primary(file, unit.span, format!("{} unit(s) have this number", candidates.len()))
                            .help("`amend outline BASE` lists the units the base has"),
                        );
                    }
                }
            }
        };
        let (Some(number), Some(label)) = (Number::parse(to), self.doc.unit(target).label.clone()) else {
            return self.diagnostics.push(
                Diagnostic::error(Code::Syntax, format!("cannot give {} the number `{to}`", self.doc.describe(target)))
                    .primary(file, self.origin.span, "here")
                    .help("the unit must have a number, and the new one must be written like one (`A.0`, `(2)`)"),
            );
        };
        let old = label.number.clone();
        // An explicit new number wins over the automatic renumbering of units after a removed one.
        self.claimed.insert(target);
        self.push(label.span, label.style.format(&number), EditKind::Renumber, Some(target));
        let descendants: Vec<UnitId> =
            self.doc.units().map(|(id, _)| id).filter(|&id| id != target && self.doc.is_within(id, target)).collect();
        for id in descendants {
            let Some(l) = self.doc.unit(id).label.clone() else { continue };
            let parts = &l.number.parts;
            if parts.len() > old.parts.len() && parts.iter().zip(&old.parts).all(|(a, b)| a.text == b.text) {
                let mut new_parts = number.parts.clone();
                new_parts.extend(parts[old.parts.len()..].iter().cloned());
                self.push(l.span, l.style.format(&Number { parts: new_parts }), EditKind::Renumber, Some(id));
            }
        }
    }

    /// `Insert a new section 4.3 reading: …`: the new unit goes where its number puts it, after
    /// the unit numbered before it; an existing 4.3 becomes 4.4.
    fn add_numbered(&mut self, ins: &Instruction, number: &str, text: String, scope: Option<UnitId>) {
        let file = self.origin.file;
        let Some(target) = Number::parse(number) else {
            return self.diagnostics.push(
                Diagnostic::error(Code::Syntax, format!("`{number}` is not a unit number"))
                    .primary(file, ins.span, "here"),
            );
        };
        // The number names the place; the scope only tells apart units numbered alike (a new
        // `(c)` in Section 2). So the place is looked for in the scope, then in the units around
        // it: `Rule 4.3: add new rule 4.4` goes after 4.3, and a scope carried over from the line
        // before does not hide the rest of the document.
        let mut area = scope;
        let anchor = loop {
            let within = |doc: &Document, id: UnitId| area.is_none_or(|s| id != s && doc.is_within(id, s));
            let existing = self.doc.with_number(&target.key()).iter().copied().find(|&id| within(self.doc, id));
            let anchor = match existing {
                Some(e) => {
                    let siblings = self.doc.children_of(self.doc.unit(e).parent);
                    match siblings.iter().position(|&x| x == e) {
                        Some(pos) if pos > 0 => Some(siblings[pos - 1]),
                        _ => None,
                    }
                }
                None => predecessor(&target)
                    .and_then(|p| self.doc.with_number(&p.key()).iter().copied().find(|&id| within(self.doc, id))),
            };
            match (anchor, area) {
                (Some(a), _) => break Some(a),
                (None, Some(s)) => area = self.doc.unit(s).parent,
                (None, None) => break None,
            }
        };
        let Some(anchor) = anchor else {
            return self.diagnostics.push(
                Diagnostic::error(Code::UnitNotFound, format!("no unit to put the new {number} after"))
                    .primary(file, ins.span, "where does this go?")
                    .help("the unit numbered just before it must exist; `amend outline BASE` lists the units"),
            );
        };
        // Printed like the units numbered at the same depth (`4.1` beside `3.1`, not `4.1.`
        // after the heading `4.`), else like the unit before it.
        let shaped = |n: &Number| {
            n.parts.len() == target.parts.len() && n.parts.iter().zip(&target.parts).all(|(a, b)| a.system == b.system)
        };
        let before = self.doc.unit(anchor).label.as_ref();
        let alike = before
            .filter(|l| shaped(&l.number))
            .or_else(|| self.doc.units().find_map(|(_, u)| u.label.as_ref().filter(|l| shaped(&l.number))));
        let label = alike.or(before).map_or_else(|| number.to_string(), |l| l.style.format(&target));
        let body = if line_label(&text).is_some() { text } else { format!("{label} {text}") };
        self.add_unit(anchor, body);
    }

    /// The end of a unit's own text, before any trailing whitespace.
    fn content_end(&self, u: UnitId) -> usize {
        let unit = self.doc.unit(u);
        let s = self.doc.slice(unit.span);
        unit.span.start + s.trim_end().len()
    }

    fn need_scope(&mut self, ins: &Instruction, what: &str) {
        self.diagnostics.push(
            Diagnostic::error(Code::UnitNotFound, format!("{what} needs a unit to work on"))
                .primary(self.origin.file, ins.span, "no scope for this instruction")
                .help("put a scope before it, e.g. “Para 3.1:”"),
        );
    }

    fn unit_or_report(&mut self, unit: &UnitRef, context: Option<UnitId>) -> Option<UnitId> {
        match self.find_unit(self.origin.file, unit, context) {
            Ok(u) => Some(u),
            Err(d) => {
                self.diagnostics.push(*d);
                None
            }
        }
    }

    fn push(&mut self, range: Span, text: String, kind: EditKind, unit: Option<UnitId>) {
        self.edits.push(Edit { range, text, kind, origin: self.origin.clone(), unit });
    }

    fn remove_unit(&mut self, u: UnitId) {
        let range = self.removal_range(u);
        self.claimed.insert(u);
        self.plan.removed.insert(u, (self.origin.clone(), self.renumber));
        self.push(range, String::new(), EditKind::RemoveUnit, Some(u));
    }

    fn add_unit(&mut self, anchor: UnitId, text: String) {
        self.plan.additions.push(Addition { anchor, text, origin: self.origin.clone(), renumber: self.renumber });
    }

    /// Replaces a unit with new text. Text that starts with a label replaces the unit whole;
    /// otherwise the unit keeps its label and its text is replaced.
    fn replace_unit(&mut self, u: UnitId, text: &NewText) {
        let new = self.block_text(text);
        let unit = self.doc.unit(u).clone();
        let range = match (line_label(&new), &unit.label) {
            (Some((_, number)), Some(label)) => {
                if number.key() != label.number.key() {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            Code::LabelDiffers,
                            format!("the new text is numbered {} but replaces {}", number.key(), self.doc.describe(u)),
                        )
                        .primary(self.origin.file, text.span(), "new number")
                        .secondary(self.doc.file(), label.span, "old number")
                        .help("the new text keeps the number it is written with; check that this one is meant"),
                    );
                }
                unit.span
            }
            (Some(_), None) => unit.span,
            // A headed section replaced by text without a number of its own keeps its heading
            // line, as `DELETE ALL; INSERT` keeps a paragraph's number: the text is what
            // stands under the heading.
            (None, Some(_)) if matches!(unit.kind, UnitKind::Heading { .. }) && unit.heading.is_some() => {
                let le = self.doc.line_ending().as_str();
                let heading_end = unit.heading.map_or(unit.body.end, |h| h.end);
                return self.push(
                    Span::new(heading_end, unit.span.end),
                    format!("{le}{le}{}", new.trim_start()),
                    EditKind::ReplaceUnit,
                    Some(u),
                );
            }
            (None, Some(_)) => Span::new(unit.body.start, unit.span.end),
            (None, None) => match unit.kind {
                // A bullet point's text starts after its bullet.
                UnitKind::Item if !new.trim_start().starts_with(['•', '*', '-', '–', '·']) => {
                    Span::new(unit.body.start, unit.span.end)
                }
                _ => unit.span,
            },
        };
        if range == unit.span {
            self.claimed.insert(u);
        }
        self.push(range, new, EditKind::ReplaceUnit, Some(u));
    }

    /// The text to insert, with the base's line endings.
    fn block_text(&self, text: &NewText) -> String {
        text.as_str().replace('\n', self.doc.line_ending().as_str())
    }

    // ─────────────────────────── Finding text ───────────────────────────

    fn target_spans(&mut self, ins: &Instruction, target: &Target, scope: Option<UnitId>) -> Option<Vec<Span>> {
        match target {
            Target::Text { pattern } => self.pattern_spans(pattern, ins.count, scope),
            Target::AllAfter { pattern } => {
                let spans = self.pattern_spans(pattern, Count::Once, scope)?;
                let end = scope.map_or(self.doc.text().trim_end().len(), |u| self.content_end(u));
                Some(vec![Span::new(spans[0].end, end.max(spans[0].end))])
            }
            Target::AllBefore { pattern } => {
                let spans = self.pattern_spans(pattern, Count::Once, scope)?;
                let start = scope.map_or(self.doc.content_start(), |u| self.doc.unit(u).body.start);
                Some(vec![Span::new(start.min(spans[0].start), spans[0].start)])
            }
            Target::Sentence { which, check } => {
                let Some(u) = scope else {
                    self.need_scope(ins, "DELETE … SENTENCE");
                    return None;
                };
                let sentences = self.doc.sentences(u);
                let Some(i) = which.index(sentences.len()) else {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::NoSuchPart,
                            format!("{} has no {which} sentence", self.doc.describe(u)),
                        )
                        .primary(
                            self.origin.file,
                            ins.span,
                            format!("it has {}", count_of(sentences.len(), "sentence")),
                        )
                        .secondary(self.doc.file(), self.doc.handle(u), "this unit"),
                    );
                    return None;
                };
                let sentence = sentences[i];
                if let Some(check) = check {
                    if !self.pattern_covers(check, sentence) {
                        let actual = excerpt(self.doc.slice(sentence), 80);
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::CheckFailed,
                                format!("the {which} sentence of {} is not {check}", self.doc.describe(u)),
                            )
                            .primary(self.origin.file, check.span(), "quoted as a check")
                            .secondary(self.doc.file(), sentence, format!("the {which} sentence is “{actual}”"))
                            .help("quote the sentence's first and last words as in the base, or name another sentence"),
                        );
                        return None;
                    }
                }
                Some(vec![sentence])
            }
            Target::Unit { .. } | Target::Item { .. } | Target::All => {
                unreachable!("unexpected {target:?} in target_spans")
            }
            _ => {
                self.unsupported(ins);
                None
            }
        }
    }

    /// Whether a pattern describes exactly the text of `span`.
    fn pattern_covers(&self, pattern: &Pattern, span: Span) -> bool {
        let text = normalize(self.doc.slice(span));
        match pattern {
            Pattern::Exact { quote } => text == normalize(&quote.text),
            Pattern::Prefix { quote } => text.starts_with(&normalize(&quote.text)),
            Pattern::Suffix { quote } => text.ends_with(&normalize(&quote.text)),
            Pattern::Range { from, to } => {
                text.starts_with(&normalize(&from.text)) && text.ends_with(&normalize(&to.text))
            }
        }
    }

    /// The spans a pattern matches in the scope, checked against the count.
    fn pattern_spans(&mut self, pattern: &Pattern, count: Count, scope: Option<UnitId>) -> Option<Vec<Span>> {
        let region = self.region(scope);
        let found = match pattern {
            Pattern::Exact { quote } => self.norm.find_words(region, &normalize(&quote.text)),
            Pattern::Range { from, to } => self.norm.find_ranges(region, &normalize(&from.text), &normalize(&to.text)),
            Pattern::Prefix { quote } | Pattern::Suffix { quote } => {
                let prefix = matches!(pattern, Pattern::Prefix { .. });
                // Sentences are found once per unit, not once per match.
                let mut sentences = HashMap::new();
                self.norm
                    .find_words(region, &normalize(&quote.text))
                    .into_iter()
                    .map(|m| self.extend_to_sentence(m, prefix, &mut sentences))
                    .collect()
            }
        };
        // `line 2: delete “…”`: the words start on the lines named (they may run on).
        let found: Vec<Span> = match self.lines {
            Some(lines) => found.into_iter().filter(|m| m.start >= lines.start && m.start < lines.end).collect(),
            None => found,
        };
        if count.accepts(found.len()) {
            return Some(found);
        }
        let d = if found.is_empty() {
            self.not_found(pattern, region, scope)
        } else {
            let wanted = match count {
                Count::Once => "once".to_string(),
                Count::Exactly(n) => format!("{n} times"),
                Count::Throughout => "at least once".to_string(),
            };
            let times = |n: usize| {
                if n == 1 {
                    "once".to_string()
                } else if n == 2 {
                    "twice".to_string()
                } else {
                    format!("{n} times")
                }
            };
            let mut d = Diagnostic::error(
                Code::CountMismatch,
                format!(
                    "{pattern} occurs {} in {}, but the instruction expects it {wanted}",
                    times(found.len()),
                    self.scope_name(scope)
                ),
            )
            .primary(self.origin.file, pattern.span(), format!("found {}", times(found.len())));
            for (i, &f) in found.iter().enumerate().take(8) {
                d = d.secondary(self.doc.file(), f, format!("occurrence {}", i + 1));
            }
            let help = if found.len() > 1 {
                format!(
                    "say {} or THROUGHOUT if every one is meant, or quote more words so that only one place matches",
                    times(found.len()).to_uppercase()
                )
            } else {
                "correct the count (TWICE, THREE TIMES …) to match the base".to_string()
            };
            d.help(help)
        };
        self.diagnostics.push(d);
        None
    }

    /// From the quoted words to the end of their sentence (`“Should the movers …”`), or from
    /// the start of their sentence (`“… earliest opportunity.”`).
    fn extend_to_sentence(&self, m: Span, prefix: bool, sentences: &mut HashMap<UnitId, Vec<Span>>) -> Span {
        let Some(u) = self.doc.unit_at(m.start) else {
            return m;
        };
        let sentences = sentences.entry(u).or_insert_with(|| self.doc.sentences(u));
        // Sentences are in order and do not overlap: the one holding the match is the last
        // that starts at or before it.
        let sentence = sentences[..sentences.partition_point(|s| s.start <= m.start)]
            .last()
            .copied()
            .filter(|s| m.start < s.end.max(s.start + 1));
        match sentence {
            Some(s) if prefix => Span::new(m.start, s.end.max(m.end)),
            Some(s) => Span::new(s.start.min(m.start), m.end),
            None => m,
        }
    }

    /// Adds the text nearest to a quote that was not found, if there is one.
    fn suggest(&self, d: Diagnostic, region: Span, needle: &str) -> Diagnostic {
        match self.norm.near_miss(region, needle) {
            Some(miss) => {
                let (line, _) = line_col(self.doc.text(), miss.span.start);
                d.secondary(self.doc.file(), miss.span, "nearest text").note(format!(
                    "did you mean “{}” (line {line})? {}",
                    miss.text,
                    miss.kind.describe()
                ))
            }
            None => d,
        }
    }

    fn not_found(&self, pattern: &Pattern, region: Span, scope: Option<UnitId>) -> Diagnostic {
        // For a range, say which end is missing.
        let (missing, quote_span) = match pattern {
            Pattern::Range { from, to } => {
                if self.norm.find_words(region, &normalize(&from.text)).is_empty() {
                    (from.text.clone(), from.span)
                } else {
                    (to.text.clone(), to.span)
                }
            }
            other => (other.first_quote().text.clone(), other.span()),
        };
        let needle = normalize(&missing);
        // A sentence or lines named with the unit narrow the search (to words that start
        // there); say so, or the reader looks in the whole unit and finds the words.
        let area = match (self.lines, scope) {
            (Some(l), Some(_)) => {
                let start = region.start.max(l.start).min(region.end);
                Span::new(start, l.end.clamp(start, region.end))
            }
            _ => region,
        };
        let narrowed = scope.is_some_and(|u| area != self.doc.unit(u).span);
        let place = match scope {
            Some(u) if narrowed => format!("the part of {} named (its sentence or lines)", self.doc.describe(u)),
            _ => self.scope_name(scope),
        };
        let mut d = Diagnostic::error(Code::TextNotFound, format!("“{missing}” is not in {place}")).primary(
            self.origin.file,
            quote_span,
            "not found",
        );
        d = match scope {
            Some(_) if narrowed => d.secondary(self.doc.file(), area, "searched here"),
            Some(u) => {
                d.secondary(self.doc.file(), self.doc.handle(u), format!("{} searched here", self.doc.describe(u)))
            }
            None => d,
        };
        let region = area;
        let near = self.norm.near_miss(region, &needle).is_some();
        d = self.suggest(d, region, &needle);
        // The words may be in another unit: "Para 2.3" meant as "Para 2.4".
        let mut elsewhere_found = false;
        if scope.is_some() {
            let everywhere = self.norm.find_words(self.whole_document(), &needle);
            let elsewhere: Vec<String> = everywhere
                .iter()
                .filter(|s| !region.contains(**s))
                .filter_map(|s| self.doc.unit_at(s.start))
                .map(|u| self.doc.describe(u))
                .collect();
            if !elsewhere.is_empty() {
                let mut names = elsewhere;
                names.dedup();
                let more = names.len().saturating_sub(6);
                names.truncate(6);
                if more > 0 {
                    names.push(format!("and {more} more"));
                }
                let own = scope.map(|u| self.doc.describe(u));
                d = d.note(format!("“{missing}” occurs in {}", names.join(", ")));
                d = if names.len() == 1 && own.as_ref() == names.first() {
                    d.help("it is elsewhere in the unit: check the sentence or lines named")
                } else {
                    d.help("check the unit number in the instruction")
                };
                elsewhere_found = true;
            }
        }
        // Nothing close here and not the same words elsewhere: perhaps something close in
        // another unit, the wrong number and a slip together.
        if !near && !elsewhere_found && scope.is_some() {
            let whole = self.whole_document();
            if let Some(miss) = self.norm.near_miss(whole, &needle) {
                if !region.contains(miss.span) {
                    let (line, _) = line_col(self.doc.text(), miss.span.start);
                    let unit = self
                        .doc
                        .unit_at(miss.span.start)
                        .map_or_else(|| "the document".to_string(), |u| self.doc.describe(u));
                    d = d
                        .secondary(self.doc.file(), miss.span, format!("nearest text, in {unit}"))
                        .note(format!("did you mean “{}” in {unit} (line {line})? {}", miss.text, miss.kind.describe()))
                        .help("check the unit number in the instruction");
                }
            }
        }
        if d.help.is_none() {
            d = d.help("quote the words exactly as the base has them");
        }
        d
    }

    /// The list item an instruction names (`the last bullet point, beginning “…”`).
    fn item(
        &mut self,
        ins: &Instruction,
        which: crate::amendment::Ordinal,
        check: Option<&Pattern>,
        scope: Option<UnitId>,
    ) -> Option<UnitId> {
        let Some(u) = scope else {
            self.need_scope(ins, "DELETE … ITEM");
            return None;
        };
        let children = &self.doc.unit(u).children;
        let mut items: Vec<UnitId> =
            children.iter().copied().filter(|&c| self.doc.unit(c).kind == UnitKind::Item).collect();
        if items.is_empty() {
            // A list numbered `1.`, `2.` under the unit.
            items = children.iter().copied().filter(|&c| self.doc.unit(c).kind == UnitKind::Paragraph).collect();
        }
        let Some(i) = which.index(items.len()) else {
            self.diagnostics.push(
                Diagnostic::error(Code::NoSuchPart, format!("{} has no {which} list item", self.doc.describe(u)))
                    .primary(self.origin.file, ins.span, format!("it has {}", count_of(items.len(), "list item")))
                    .secondary(self.doc.file(), self.doc.handle(u), "this unit"),
            );
            return None;
        };
        let item = items[i];
        if let Some(check) = check {
            let body = self.doc.unit(item).body;
            if !self.pattern_covers(check, body) && !self.pattern_covers(check, self.doc.unit(item).span) {
                let actual: String = self.doc.slice(body).chars().take(60).collect();
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckFailed,
                        format!("the {which} item of {} does not begin as quoted", self.doc.describe(u)),
                    )
                    .primary(self.origin.file, check.span(), "quoted as a check")
                    .secondary(
                        self.doc.file(),
                        self.doc.first_line(item),
                        format!("the {which} item begins “{actual}…”"),
                    )
                    .help("quote the item's first words as the base has them"),
                );
                return None;
            }
        }
        Some(item)
    }

    // ─────────────────────────── Seams ───────────────────────────

    /// A deletion widened over one adjacent space, so that no double space, space before
    /// punctuation, or space at a line's start or end is left behind.
    fn tidy_deletion(&self, span: Span) -> Span {
        let text = self.doc.text();
        let is_h = |c: char| c == ' ' || c == '\t' || c == '\u{A0}';
        let before = text[..span.start].chars().next_back();
        let after = text[span.end..].chars().next();
        let mut s = span.start;
        let mut e = span.end;
        if before.is_some_and(is_h) {
            let closes = after.is_none_or(|c| is_h(c) || c == '\n' || c == '\r' || ",.;:!?)]}”’".contains(c));
            if closes {
                s = text[..s].trim_end_matches(is_h).len();
            }
        } else if before.is_none_or(|c| c == '\n' || c == '\r' || "([{“‘".contains(c)) && after.is_some_and(is_h) {
            e += text[e..].len() - text[e..].trim_start_matches(is_h).len();
        }
        Span::new(s, e)
    }

    /// New text fitted to the place it goes: a space added where it would otherwise run into
    /// the words beside it.
    fn fit(&self, range: Span, new: &str) -> String {
        let text = self.doc.text();
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        let first = new.chars().next();
        let last = new.chars().next_back();
        let opens = |c: char| c.is_alphanumeric() || "“‘\"'([".contains(c);
        let closes = |c: char| c.is_alphanumeric() || "”’\"'.,;:!?)]".contains(c);
        let mut out = String::with_capacity(new.len() + 2);
        if first.is_some_and(opens) && before.is_some_and(|c| c.is_alphanumeric() || ".,;:!?)]”’\"".contains(c)) {
            out.push(' ');
        }
        out.push_str(new);
        if last.is_some_and(closes) && after.is_some_and(|c| c.is_alphanumeric() || "([“‘".contains(c)) {
            out.push(' ');
        }
        out
    }

    /// Where removing a unit starts and ends: with the line breaks before it, so that the
    /// units around it stay separated as before.
    fn removal_range(&self, u: UnitId) -> Span {
        let text = self.doc.text();
        let span = self.doc.unit(u).span;
        let content_start = self.doc.content_start();
        let before = &text[content_start..span.start];
        let prev_end = content_start + before.trim_end().len();
        if before.trim().is_empty() {
            let after = &text[span.end..];
            let next = span.end + (after.len() - after.trim_start().len());
            Span::new(span.start, next)
        } else {
            Span::new(prev_end, span.end)
        }
    }

    // ─────────────────────────── Checks ───────────────────────────

    /// Two edits from different instructions that touch the same text are a conflict.
    fn check_overlaps(&mut self) {
        let mut reported: HashSet<(Span, Span)> = HashSet::new();
        let mut widest: Option<usize> = None;
        for i in 0..self.edits.len() {
            if let Some(w) = widest {
                let (a, b) = (&self.edits[w], &self.edits[i]);
                if collide(a, b) && a.origin != b.origin && reported.insert((a.origin.span, b.origin.span)) {
                    let d = self.conflict(a, b);
                    self.diagnostics.push(d);
                }
            }
            if widest.is_none_or(|w| self.edits[i].range.end > self.edits[w].range.end) {
                widest = Some(i);
            }
        }
    }

    fn conflict(&self, a: &Edit, b: &Edit) -> Diagnostic {
        let what = |e: &Edit| match e.kind {
            EditKind::RemoveUnit => "removes",
            EditKind::ReplaceUnit => "replaces",
            EditKind::Renumber => "renumbers",
            _ => "changes",
        };
        let place = a.unit.or(b.unit).map(|u| self.doc.describe(u)).unwrap_or_else(|| "the same text".into());
        Diagnostic::error(Code::Conflict, format!("two instructions change the same text in {place}"))
            .primary(b.origin.file, b.origin.span, format!("this instruction {} it", what(b)))
            .secondary(a.origin.file, a.origin.span, format!("this instruction {} it too", what(a)))
            .secondary(self.doc.file(), a.range.join(b.range), "the text both change")
            .help("composite the amendments into one, or apply one and redraft the other against the result")
    }

    /// `so that it reads: “…”`: the unit as amended must read as stated (spacing and quote
    /// marks aside); a difference is an error with a redline of it. A statement after some of
    /// its sheet's instructions may describe the unit as those leave it (a motion's later
    /// `Throughout, …` is not part of it); one before them, the unit as all edits leave it.
    fn check_reads(&mut self) {
        if self.reads.is_empty() {
            return;
        }
        let output = crate::apply::apply(self.doc.text(), &self.edits);
        let mut out = Vec::new();
        for (unit, stated, origin) in std::mem::take(&mut self.reads) {
            let Some(u) = unit else {
                out.push(
                    Diagnostic::error(Code::MissingUnit, "“so that it reads” does not say which unit")
                        .primary(origin.file, origin.span, "which unit?")
                        .help(
                            "put the statement under the unit's scope line, e.g. “Para 2.1: … so that it reads: “…””",
                        ),
                );
                continue;
            };
            let mut actual = self.as_amended(u, &self.edits, &output, stated.as_str());
            if actual.is_err() {
                let span = self.doc.unit(u).span;
                let before: Vec<Edit> = self
                    .edits
                    .iter()
                    .filter(|e| e.origin.file == origin.file && e.origin.span.start < origin.span.start)
                    .cloned()
                    .collect();
                if before.iter().any(|e| span.start <= e.range.start && e.range.end <= span.end) {
                    let partial = crate::apply::apply(self.doc.text(), &before);
                    actual = self.as_amended(u, &before, &partial, stated.as_str()).or(actual);
                }
            }
            if let Err(actual) = actual {
                let redline = word_redline(&normalize(&actual), &normalize(stated.as_str()));
                out.push(
                    Diagnostic::error(
                        Code::ReadsDiffers,
                        format!("{} would not read as the amendment says", self.doc.describe(u)),
                    )
                    .primary(origin.file, stated.span(), "the amendment says it will read like this")
                    .secondary(self.doc.file(), self.doc.handle(u), "the unit")
                    .note(format!("the instructions give: “{}”", actual.trim()))
                    .note(format!("difference ([-instructions give-]{{+statement says+}}): {redline}"))
                    .help("correct the instructions or the statement so that they agree"),
                );
            }
        }
        self.diagnostics.extend(out);
    }

    /// Whether unit `u` reads as `stated` in `output` (the base with `edits` applied): with or
    /// without its sub-units and its number. If not, the unit's text to compare with.
    fn as_amended(&self, u: UnitId, edits: &[Edit], output: &str, stated: &str) -> Result<(), String> {
        let unit_ref = self.doc.unit(u);
        let start = map_offset(edits, unit_ref.span.start, false);
        let end = map_offset(edits, unit_ref.span.end, true);
        let full = output.get(start..end).unwrap_or("");
        let own_end = unit_ref.children.first().map_or(unit_ref.span.end, |&c| self.doc.unit(c).span.start);
        let own = output.get(start..map_offset(edits, own_end, false)).unwrap_or("").trim_end();
        let after_label = |t: &str| {
            let len = line_label(t).map_or(0, |(l, _)| l);
            t[len..].trim_start().to_string()
        };
        let want = normalize(stated);
        let matches = [full.to_string(), own.to_string(), after_label(full), after_label(own)]
            .iter()
            .any(|candidate| normalize(candidate) == want || normalize(&after_label(stated)) == normalize(candidate));
        if matches {
            return Ok(());
        }
        let actual = if normalize(own) == normalize(full) { own.to_string() } else { full.to_string() };
        // Compare like with like: without the number if the statement leaves it out.
        Err(if line_label(stated).is_none() { after_label(&actual) } else { actual })
    }

    /// A unit that ended with a full stop and no longer does gets a warning, not a full stop.
    fn check_final_stops(&mut self) {
        let mut warned: HashSet<UnitId> = HashSet::new();
        let mut out = Vec::new();
        for e in &self.edits {
            if !matches!(e.kind, EditKind::Text | EditKind::ReplaceUnit) {
                continue;
            }
            let Some(u) = self.doc.unit_at(e.range.start) else {
                continue;
            };
            let unit = self.doc.unit(u);
            if matches!(unit.kind, UnitKind::Heading { .. }) {
                continue;
            }
            let body = self.doc.slice(unit.body).trim_end();
            let body_end = unit.body.start + body.len();
            let ended = body.ends_with(['.', '!', '?']);
            if !ended || e.range.end < body_end || e.range.start >= body_end {
                continue;
            }
            let new_end = e.text.trim_end();
            let kept_before = self.doc.text().get(unit.body.start..e.range.start).unwrap_or("").trim_end();
            let still_ends = if new_end.is_empty() {
                kept_before.ends_with(['.', '!', '?'])
            } else {
                new_end.ends_with(['.', '!', '?', '"', '”', '’'])
            };
            if !still_ends && warned.insert(u) {
                out.push(
                    Diagnostic::warning(
                        Code::NoFinalStop,
                        format!("{} no longer ends with a full stop", self.doc.describe(u)),
                    )
                    .primary(e.origin.file, e.origin.span, "after this change")
                    .secondary(self.doc.file(), Span::new(body_end - 1, body_end), "the full stop was here")
                    .help("the tool adds nothing; if a full stop is meant, include it in the amendment"),
                );
            }
        }
        self.diagnostics.extend(out);
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
