//! Instructions × base document → edits: byte spans of the base and what replaces them.
//!
//! Every instruction is resolved against the base *as it stood*, with its original numbering
//! ("Para 4.4" is the base's 4.4 even after a new 4.3 is added); the edits are then checked for
//! overlaps and applied together by [`crate::apply`].

mod search;
mod structure;

pub use search::{MissKind, NearMiss, Normalized, normalize};

use crate::amendment::{
    Amendment, Anchor, Count, Instruction, Item, NewText, Op, Pattern, RefStep, Target, UnitRef,
};
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{Document, Keyword, UnitId, UnitKind, line_label};
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
}

impl Default for Options {
    fn default() -> Options {
        Options { renumber: true }
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
        origin: Origin {
            amendment: 0,
            file: 0,
            span: Span::default(),
        },
    };
    for (index, amendment) in amendments.iter().enumerate() {
        r.amendment(index, amendment);
    }
    let structural = r.plan.finish(doc, options.renumber, &r.claimed);
    r.edits.extend(structural);
    r.edits.sort_by_key(|e| (e.range.start, e.range.end));
    r.check_overlaps();
    r.check_final_stops();
    Resolved {
        edits: r.edits,
        diagnostics: r.diagnostics,
    }
}

/// How an instruction's scope resolved.
#[derive(Debug, Clone, Copy)]
enum ScopeState {
    Unit(UnitId),
    /// No scope, or a numbered title that is not a unit of the base: the whole document.
    Document,
    /// The scope could not be found (already reported); its instructions are skipped.
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
}

impl Resolver<'_> {
    fn amendment(&mut self, index: usize, amendment: &Amendment) {
        let file = amendment.file;
        let mut scopes: HashMap<usize, ScopeState> = HashMap::new();
        let mut context: Option<UnitId> = None;
        for (i, item) in amendment.items.iter().enumerate() {
            match item {
                Item::Scope(scope) => {
                    let state = self.scope(file, &scope.unit, scope.titled, context);
                    if let ScopeState::Unit(u) = state {
                        context = Some(u);
                    }
                    scopes.insert(i, state);
                }
                Item::Instruction(ins) => {
                    let state = ins
                        .scope
                        .and_then(|s| scopes.get(&s).copied())
                        .unwrap_or(ScopeState::Document);
                    let scope = match state {
                        ScopeState::Unit(u) => Some(u),
                        ScopeState::Document => None,
                        ScopeState::Failed => continue,
                    };
                    self.origin = Origin {
                        amendment: index,
                        file,
                        span: ins.span,
                    };
                    self.instruction(ins, scope, context);
                }
                Item::Commentary { .. } => {}
            }
        }
    }

    // ───────────────────────────── Units ─────────────────────────────

    fn scope(
        &mut self,
        file: FileId,
        unit: &UnitRef,
        titled: bool,
        context: Option<UnitId>,
    ) -> ScopeState {
        match self.find_unit(file, unit, context) {
            Ok(id) => {
                let given = unit.steps.last().and_then(|s| s.heading.as_deref());
                match given {
                    // A paragraph has no heading, so `3.2. Labour Party Marxists` is plainly a
                    // title when the base's 3.2 is a paragraph.
                    Some(_)
                        if titled
                            && !matches!(self.doc.unit(id).kind, UnitKind::Heading { .. }) =>
                    {
                        ScopeState::Document
                    }
                    Some(h) if !self.heading_matches(id, h) => {
                        let actual = self.doc.heading(id).unwrap_or_else(|| self.doc.body(id));
                        let actual: String = actual.chars().take(60).collect();
                        if titled {
                            self.diagnostics.push(
                                Diagnostic::warning(
                                    Code::TitleNotScope,
                                    "this numbered line is read as a title, not as a scope",
                                )
                                .primary(file, unit.span, "read as commentary")
                                .secondary(self.doc.file(), self.doc.first_line(id), format!("the base's {} is headed “{}”", self.label_text(id), actual.trim()))
                                .help(format!("to make it a scope, write its heading as in the base, or “Section {}”", unit.steps[0].number.as_deref().unwrap_or(""))),
                            );
                            ScopeState::Document
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
                            ScopeState::Unit(id)
                        }
                    }
                    _ => ScopeState::Unit(id),
                }
            }
            // A numbered title such as `1) Brighton Labour Left Alliance` that is no unit.
            Err(_) if titled => ScopeState::Document,
            Err(d) => {
                self.diagnostics.push(*d);
                ScopeState::Failed
            }
        }
    }

    fn heading_matches(&self, id: UnitId, given: &str) -> bool {
        let simplify = |s: &str| {
            normalize(s)
                .to_lowercase()
                .trim_end_matches([':', '.', ' '])
                .to_string()
        };
        let actual = self.doc.heading(id).unwrap_or_else(|| self.doc.body(id));
        simplify(actual) == simplify(given)
    }

    /// Finds the unit a reference names. With several candidates, prefers the kind its keyword
    /// suggests, then the one inside the current scope.
    fn find_unit(
        &mut self,
        file: FileId,
        unit: &UnitRef,
        context: Option<UnitId>,
    ) -> Result<UnitId, Box<Diagnostic>> {
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
                        .filter(|&c| {
                            current.is_none_or(|cur| c != cur && self.doc.is_within(c, cur))
                        })
                        .collect();
                    if !loose.is_empty() {
                        let theirs = self.label_text(loose[0]);
                        self.diagnostics.push(
                            Diagnostic::warning(Code::NumberCase, format!("no unit is numbered `{key}`; using {theirs}, which differs in case"))
                                .primary(file, unit.span, "number as written")
                                .secondary(self.doc.file(), self.doc.first_line(loose[0]), "matched this unit")
                                .help(format!("write the number as the base does: {theirs}")),
                        );
                        candidates = loose;
                    }
                }
            }
            if candidates.is_empty() && k == 0 && unit.steps.len() == 1 {
                // `2.1` may be paragraph 1 of section 2 in a base that numbers them apart.
                if let Some(key) = &step.number {
                    let parts: Vec<&str> = key.split('.').collect();
                    if parts.len() > 1 {
                        let steps: Vec<RefStep> = parts
                            .iter()
                            .map(|p| RefStep {
                                keyword: None,
                                number: Some(p.to_string()),
                                heading: None,
                            })
                            .collect();
                        let split = UnitRef {
                            steps,
                            span: unit.span,
                        };
                        if let Ok(id) = self.find_unit(file, &split, context) {
                            return Ok(id);
                        }
                    }
                }
            }
            candidates = self.prefer(step, candidates, context);
            match candidates.as_slice() {
                [] => {
                    let within = current
                        .map(|c| format!(" in {}", self.doc.describe(c)))
                        .unwrap_or_default();
                    let mut d = Diagnostic::error(
                        Code::UnitNotFound,
                        format!("no unit `{unit}`{within} in the base"),
                    )
                    .primary(file, unit.span, "not found in the base")
                    .help("`amend outline BASE` lists the units the base has");
                    if let Some(c) = current {
                        d = d.secondary(
                            self.doc.file(),
                            self.doc.first_line(c),
                            "searched in here",
                        );
                    }
                    if let Some((first, last)) = self.numbered_alike(step, current) {
                        let note = if first == last {
                            format!(
                                "the only unit numbered like it is {}",
                                self.doc.describe(last)
                            )
                        } else {
                            format!(
                                "units numbered like it run from {} to {}",
                                self.label_text(first),
                                self.label_text(last)
                            )
                        };
                        d = d
                            .secondary(
                                self.doc.file(),
                                self.doc.first_line(last),
                                "the last unit numbered like it",
                            )
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
                        let place = match self.doc.unit(m).parent {
                            Some(p) => {
                                format!("{} in {}", self.doc.describe(m), self.doc.describe(p))
                            }
                            None => format!("{} at the top level", self.doc.describe(m)),
                        };
                        d = d.secondary(self.doc.file(), self.doc.first_line(m), place);
                    }
                    if many.len() > 6 {
                        d = d.note(format!("and {} more", many.len() - 6));
                    }
                    return Err(Box::new(d));
                }
            }
        }
        current.ok_or_else(|| {
            Box::new(
                Diagnostic::error(Code::UnitNotFound, "empty unit reference")
                    .primary(file, unit.span, ""),
            )
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
            (Some(key), _, _) => self
                .doc
                .with_number(key)
                .iter()
                .copied()
                .filter(|&id| inside(id))
                .collect(),
            (None, Some(kw), heading) => {
                let keyword = Keyword::read(kw);
                self.doc
                    .units()
                    .filter(|(id, u)| inside(*id) && keyword.is_some() && u.keyword == keyword)
                    .filter(|(id, _)| {
                        heading
                            .as_deref()
                            .is_none_or(|h| self.heading_matches(*id, h))
                    })
                    .map(|(id, _)| id)
                    .collect()
            }
            (None, None, Some(h)) => self
                .doc
                .units()
                .filter(|(id, u)| {
                    inside(*id) && u.heading.is_some() && self.heading_matches(*id, h)
                })
                .map(|(id, _)| id)
                .collect(),
            (None, None, None) => Vec::new(),
        }
    }

    fn prefer(
        &self,
        step: &RefStep,
        mut candidates: Vec<UnitId>,
        context: Option<UnitId>,
    ) -> Vec<UnitId> {
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
                    .filter(|&c| {
                        matches!(self.doc.unit(c).kind, UnitKind::Heading { .. }) == heading_word
                    })
                    .collect();
                if !wanted.is_empty() {
                    candidates = wanted;
                }
            }
        }
        if candidates.len() > 1 {
            if let Some(h) = &step.heading {
                let wanted: Vec<UnitId> = candidates
                    .iter()
                    .copied()
                    .filter(|&c| self.heading_matches(c, h))
                    .collect();
                if !wanted.is_empty() {
                    candidates = wanted;
                }
            }
        }
        if candidates.len() > 1 {
            // Inside the scope the author was last working in, from the innermost outwards.
            let mut anc = context;
            while let Some(a) = anc {
                let inside: Vec<UnitId> = candidates
                    .iter()
                    .copied()
                    .filter(|&c| self.doc.is_within(c, a))
                    .collect();
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
                            let scope_name =
                                scope.map(|s| self.doc.describe(s)).unwrap_or_default();
                            self.diagnostics.push(
                                Diagnostic::error(
                                    Code::ScopeMismatch,
                                    format!(
                                        "NO CHANGE names {} but the scope is {}",
                                        self.doc.describe(u),
                                        scope_name
                                    ),
                                )
                                .primary(file, check.span, "this unit")
                                .secondary(
                                    self.doc.file(),
                                    self.doc.first_line(u),
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
        }
    }

    fn region(&self, scope: Option<UnitId>) -> Span {
        match scope {
            Some(u) => self.doc.unit(u).span,
            None => Span::new(self.doc.content_start(), self.doc.text().len()),
        }
    }

    fn scope_name(&self, scope: Option<UnitId>) -> String {
        scope.map_or_else(|| "the document".to_string(), |u| self.doc.describe(u))
    }

    fn delete(
        &mut self,
        ins: &Instruction,
        target: &Target,
        scope: Option<UnitId>,
        context: Option<UnitId>,
    ) {
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
                    let start = if unit.label.is_some() || unit.keyword.is_some() {
                        unit.body.start
                    } else {
                        unit.span.start
                    };
                    let new = self.block_text(text);
                    self.push(
                        Span::new(start, unit.span.end),
                        new,
                        EditKind::ReplaceUnit,
                        Some(u),
                    );
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
                    let point = if matches!(at, Anchor::After { .. }) {
                        span.end
                    } else {
                        span.start
                    };
                    let fitted = self.fit(Span::point(point), &new);
                    self.push(Span::point(point), fitted, EditKind::Text, scope);
                }
            }
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
                let point = if matches!(at, Anchor::End) {
                    self.content_end(u)
                } else {
                    unit.body.start
                };
                if matches!(at, Anchor::End) {
                    let body = self.doc.slice(Span::new(unit.body.start, point)).trim_end();
                    if body.ends_with('.') && new.starts_with(|c: char| c.is_lowercase()) {
                        self.diagnostics.push(
                            Diagnostic::warning(Code::AfterFinalStop, "text added at the end goes after the final full stop")
                                .primary(self.origin.file, text.span(), "this text starts in lower case")
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

    /// The end of a unit's own text, before any trailing whitespace.
    fn content_end(&self, u: UnitId) -> usize {
        let unit = self.doc.unit(u);
        let s = self.doc.slice(unit.span);
        unit.span.start + s.trim_end().len()
    }

    fn need_scope(&mut self, ins: &Instruction, what: &str) {
        self.diagnostics.push(
            Diagnostic::error(
                Code::UnitNotFound,
                format!("{what} needs a unit to work on"),
            )
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
        self.edits.push(Edit {
            range,
            text,
            kind,
            origin: self.origin.clone(),
            unit,
        });
    }

    fn remove_unit(&mut self, u: UnitId) {
        let range = self.removal_range(u);
        self.claimed.insert(u);
        self.plan.removed.insert(u, self.origin.clone());
        self.push(range, String::new(), EditKind::RemoveUnit, Some(u));
    }

    fn add_unit(&mut self, anchor: UnitId, text: String) {
        self.plan.additions.push(Addition {
            anchor,
            text,
            origin: self.origin.clone(),
        });
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
                            format!(
                                "the new text is numbered {} but replaces {}",
                                number.key(),
                                self.doc.describe(u)
                            ),
                        )
                        .primary(self.origin.file, text.span(), "new number")
                        .secondary(
                            self.doc.file(),
                            label.span,
                            "old number",
                        )
                        .help("the new text keeps the number it is written with; check that this one is meant"),
                    );
                }
                unit.span
            }
            (Some(_), None) => unit.span,
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

    fn target_spans(
        &mut self,
        ins: &Instruction,
        target: &Target,
        scope: Option<UnitId>,
    ) -> Option<Vec<Span>> {
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
                        .secondary(
                            self.doc.file(),
                            self.doc.first_line(u),
                            "this unit",
                        ),
                    );
                    return None;
                };
                let sentence = sentences[i];
                if let Some(check) = check {
                    if !self.pattern_covers(check, sentence) {
                        let actual = excerpt(self.doc.slice(sentence), 80);
                        self.diagnostics.push(
                            Diagnostic::error(Code::CheckFailed, format!("the {which} sentence of {} is not {check}", self.doc.describe(u)))
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
    fn pattern_spans(
        &mut self,
        pattern: &Pattern,
        count: Count,
        scope: Option<UnitId>,
    ) -> Option<Vec<Span>> {
        let region = self.region(scope);
        let found = match pattern {
            Pattern::Exact { quote } => self.norm.find_words(region, &normalize(&quote.text)),
            Pattern::Range { from, to } => {
                self.norm
                    .find_ranges(region, &normalize(&from.text), &normalize(&to.text))
            }
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
            .primary(
                self.origin.file,
                pattern.span(),
                format!("found {}", times(found.len())),
            );
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
    fn extend_to_sentence(
        &self,
        m: Span,
        prefix: bool,
        sentences: &mut HashMap<UnitId, Vec<Span>>,
    ) -> Span {
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

    fn not_found(&self, pattern: &Pattern, region: Span, scope: Option<UnitId>) -> Diagnostic {
        // For a range, say which end is missing.
        let (missing, quote_span) = match pattern {
            Pattern::Range { from, to } => {
                if self
                    .norm
                    .find_words(region, &normalize(&from.text))
                    .is_empty()
                {
                    (from.text.clone(), from.span)
                } else {
                    (to.text.clone(), to.span)
                }
            }
            other => (other.first_quote().text.clone(), other.span()),
        };
        let needle = normalize(&missing);
        let mut d = Diagnostic::error(
            Code::TextNotFound,
            format!("“{missing}” is not in {}", self.scope_name(scope)),
        )
        .primary(self.origin.file, quote_span, "not found");
        if let Some(u) = scope {
            d = d.secondary(
                self.doc.file(),
                self.doc.first_line(u),
                format!("{} searched here", self.doc.describe(u)),
            );
        }
        let near = self.norm.near_miss(region, &needle);
        if let Some(miss) = &near {
            let (line, _) = line_col(self.doc.text(), miss.span.start);
            d = d
                .secondary(self.doc.file(), miss.span, "nearest text")
                .note(format!(
                    "did you mean “{}” (line {line})? {}",
                    miss.text,
                    miss.kind.describe()
                ));
        }
        // The words may be in another unit: "Para 2.3" meant as "Para 2.4".
        let mut elsewhere_found = false;
        if scope.is_some() {
            let everywhere = self.norm.find_words(self.region(None), &needle);
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
                d = d.note(format!("“{missing}” occurs in {}", names.join(", ")));
                d = d.help("check the unit number in the instruction");
                elsewhere_found = true;
            }
        }
        // Nothing close here and not the same words elsewhere: perhaps something close in
        // another unit, the wrong number and a slip together.
        if near.is_none() && !elsewhere_found && scope.is_some() {
            let whole = self.region(None);
            if let Some(miss) = self.norm.near_miss(whole, &needle) {
                if !region.contains(miss.span) {
                    let (line, _) = line_col(self.doc.text(), miss.span.start);
                    let unit = self
                        .doc
                        .unit_at(miss.span.start)
                        .map_or_else(|| "the document".to_string(), |u| self.doc.describe(u));
                    d = d
                        .secondary(
                            self.doc.file(),
                            miss.span,
                            format!("nearest text, in {unit}"),
                        )
                        .note(format!(
                            "did you mean “{}” in {unit} (line {line})? {}",
                            miss.text,
                            miss.kind.describe()
                        ))
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
        let mut items: Vec<UnitId> = children
            .iter()
            .copied()
            .filter(|&c| self.doc.unit(c).kind == UnitKind::Item)
            .collect();
        if items.is_empty() {
            // A list numbered `1.`, `2.` under the unit.
            items = children
                .iter()
                .copied()
                .filter(|&c| self.doc.unit(c).kind == UnitKind::Paragraph)
                .collect();
        }
        let Some(i) = which.index(items.len()) else {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::NoSuchPart,
                    format!("{} has no {which} list item", self.doc.describe(u)),
                )
                .primary(
                    self.origin.file,
                    ins.span,
                    format!("it has {}", count_of(items.len(), "list item")),
                )
                .secondary(self.doc.file(), self.doc.first_line(u), "this unit"),
            );
            return None;
        };
        let item = items[i];
        if let Some(check) = check {
            let body = self.doc.unit(item).body;
            if !self.pattern_covers(check, body)
                && !self.pattern_covers(check, self.doc.unit(item).span)
            {
                let actual: String = self.doc.slice(body).chars().take(60).collect();
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckFailed,
                        format!(
                            "the {which} item of {} does not begin as quoted",
                            self.doc.describe(u)
                        ),
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
            let closes = after
                .is_none_or(|c| is_h(c) || c == '\n' || c == '\r' || ",.;:!?)]}”’".contains(c));
            if closes {
                s = text[..s].trim_end_matches(is_h).len();
            }
        } else if before.is_none_or(|c| c == '\n' || c == '\r' || "([{“‘".contains(c))
            && after.is_some_and(is_h)
        {
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
        if first.is_some_and(opens)
            && before.is_some_and(|c| c.is_alphanumeric() || ".,;:!?)]”’\"".contains(c))
        {
            out.push(' ');
        }
        out.push_str(new);
        if last.is_some_and(closes)
            && after.is_some_and(|c| c.is_alphanumeric() || "([“‘".contains(c))
        {
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
                let overlap = b.range.start < a.range.end && b.range.end > a.range.start;
                let same_point = a.range.is_empty()
                    && b.range.is_empty()
                    && a.range.start == b.range.start
                    && a.kind == EditKind::Text
                    && b.kind == EditKind::Text;
                let inside_removal = b.range.is_empty()
                    && a.range.start < b.range.start
                    && b.range.start < a.range.end;
                if (overlap || same_point || inside_removal)
                    && a.origin != b.origin
                    && reported.insert((a.origin.span, b.origin.span))
                {
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
        let place = a
            .unit
            .or(b.unit)
            .map(|u| self.doc.describe(u))
            .unwrap_or_else(|| "the same text".into());
        Diagnostic::error(Code::Conflict, format!("two instructions change the same text in {place}"))
            .primary(b.origin.file, b.origin.span, format!("this instruction {} it", what(b)))
            .secondary(a.origin.file, a.origin.span, format!("this instruction {} it too", what(a)))
            .secondary(self.doc.file(), a.range.join(b.range), "the text both change")
            .help("composite the amendments into one, or apply one and redraft the other against the result")
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
            let kept_before = self
                .doc
                .text()
                .get(unit.body.start..e.range.start)
                .unwrap_or("")
                .trim_end();
            let still_ends = if new_end.is_empty() {
                kept_before.ends_with(['.', '!', '?'])
            } else {
                new_end.ends_with(['.', '!', '?', '"', '”', '’'])
            };
            if !still_ends && warned.insert(u) {
                out.push(
                    Diagnostic::warning(Code::NoFinalStop, format!("{} no longer ends with a full stop", self.doc.describe(u)))
                        .primary(e.origin.file, e.origin.span, "after this change")
                        .secondary(self.doc.file(), Span::new(body_end - 1, body_end), "the full stop was here")
                        .help("the tool adds nothing; if a full stop is meant, include it in the amendment"),
                );
            }
        }
        self.diagnostics.extend(out);
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
