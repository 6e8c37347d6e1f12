//! Scopes and unit references → units of the base: numbers, paths, headings, titles, terms,
//! lines and sentences named with them.

use super::*;

impl Resolver<'_> {
    /// Resolves a scope: its unit, and the lines it names.
    pub(super) fn scope(&mut self, file: FileId, scope: &Scope, context: Option<UnitId>) -> ScopeState {
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
    pub(super) fn line_span(
        &mut self,
        file: FileId,
        scope: &Scope,
        range: LineRange,
        unit: Option<UnitId>,
    ) -> Option<Span> {
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

    pub(super) fn no_such_line(&self, file: FileId, scope: &Scope, range: LineRange, total: usize) -> Diagnostic {
        Diagnostic::error(Code::NoSuchLine, format!("line {} is not in the base", range.last))
            .primary(file, scope.span, format!("the base has {total} numbered lines"))
            .help("check the line numbers against `amend number BASE`")
    }

    // ───────────────────────────── Units ─────────────────────────────

    pub(super) fn scope_unit(
        &mut self,
        file: FileId,
        unit: &UnitRef,
        titled: bool,
        context: Option<UnitId>,
    ) -> UnitState {
        match self.find_unit(file, unit, context) {
            Ok(id) => {
                // A definition's "heading" is its term, already matched.
                let given = unit
                    .steps
                    .last()
                    .filter(|s| s.keyword.as_deref() != Some("definition"))
                    .and_then(|s| s.heading.as_deref());
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

    pub(super) fn heading_matches(&self, id: UnitId, given: &str) -> bool {
        let simplify = |s: &str| normalize(s).to_lowercase().trim_end_matches([':', '.', ' ']).to_string();
        let actual = self.doc.heading(id).unwrap_or_else(|| self.doc.body(id));
        simplify(actual) == simplify(given)
    }

    /// Finds the unit a reference names: as written, else (DC) by the codified number written
    /// beside it (`Section 1288(a)(4) (D.C. Official Code § 46-406(a)(4))`, in a base numbered
    /// by the Code), else by a title close to the one given (with a warning).
    pub(super) fn find_unit(
        &mut self,
        file: FileId,
        unit: &UnitRef,
        context: Option<UnitId>,
    ) -> Result<UnitId, Box<Diagnostic>> {
        // `The newly designated subsection (a)`: text this resolution numbered.
        if let [step] = unit.steps.as_slice() {
            if let Some(u) =
                step.number.as_deref().and_then(Number::parse).and_then(|n| self.designated(&n.key(), context))
            {
                return Ok(u);
            }
        }
        // `Section 1291 (D.C. Official Code § 46-410)`: a base that is the code is numbered by
        // the code, and the act's own number may name some other unit of it.
        if let Some(alias) = &unit.codified {
            let diagnostics = self.diagnostics.len();
            if let Ok(u) = self.find_unit_as_written(file, alias, context) {
                return Ok(u);
            }
            self.diagnostics.truncate(diagnostics);
        }
        let first = self.find_unit_as_written(file, unit, context);
        if let Ok(u) = first {
            self.check_word(file, unit, u);
        }
        let Err(d) = first else { return first };
        // A misspelt title (`Legistlative Combo`).
        if let [step] = unit.steps.as_slice() {
            if let (None, Some(title)) = (&step.number, &step.heading) {
                if step.keyword.as_deref() != Some("definition") {
                    if let [near] = self.near_titles(title, None).as_slice() {
                        let u = self.doc.unit(*near);
                        let actual = self.doc.slice(u.heading.or(u.note()).unwrap_or(u.body)).trim().to_string();
                        self.diagnostics.push(
                            Diagnostic::warning(
                                Code::HeadingDiffers,
                                format!(
                                    "no unit is titled “{title}”; taking {}, titled “{actual}”",
                                    self.doc.describe(*near)
                                ),
                            )
                            .primary(file, unit.span, "title as written")
                            .secondary(self.doc.file(), self.doc.first_line(*near), "the unit taken")
                            .help("write the title as the base has it"),
                        );
                        return Ok(*near);
                    }
                }
            }
        }
        Err(d)
    }

    /// `Article 4.2` for what the base itself calls clause 4.2: found by its number, and said
    /// (a lint, W0118). A statute's level words are read from how its lists nest, not from its
    /// text, so only other texts are checked.
    fn check_word(&mut self, file: FileId, unit: &UnitRef, u: UnitId) {
        use crate::document::Word;
        let Some(said) = unit.steps.last().and_then(|s| s.keyword.as_deref()).and_then(Word::read) else { return };
        let own = self.doc.word(u);
        let named = self.doc.word_is_printed(u)
            && !matches!(own, Word::Para | Word::Heading | Word::Definition | Word::Item | Word::Text);
        // `Para 4.1` is how conference sheets cite any numbered paragraph, whatever the rulebook
        // calls it; only a word of another kind (`Article` for a clause) is worth saying.
        let alike = said == own || matches!(said, Word::Para | Word::Paragraph);
        if self.statute || !named || alike {
            return;
        }
        self.diagnostics.push(
            Diagnostic::warning(
                Code::WordDiffers,
                format!("the base calls this unit {}, not {}", self.doc.describe(u), said.as_str().to_lowercase()),
            )
            .primary(file, unit.span, "as written")
            .secondary(self.doc.file(), self.doc.handle(u), "the unit with this number")
            .help(format!("write {} as the base does", own.as_str().to_lowercase())),
        );
    }

    /// Whether a unit lies in a schedule, appendix or annex (whose numbering a citation of the
    /// body does not mean).
    fn in_annex(&self, id: UnitId) -> bool {
        let mut p = Some(id);
        while let Some(q) = p {
            if matches!(
                self.doc.word(q),
                crate::document::Word::Schedule | crate::document::Word::Appendix | crate::document::Word::Annex
            ) {
                return true;
            }
            p = self.doc.unit(q).parent;
        }
        false
    }

    /// A citation such as `14(f)`, `3(1)(f)(i)` or `46-406(a)(4)` that a reference's first
    /// steps spell (a head number, then numbers in brackets), and how many steps it takes.
    fn citation(unit: &UnitRef) -> Option<(String, usize)> {
        let (head, rest) = unit.steps.split_first()?;
        let printed = |s: &RefStep| s.printed.clone().or_else(|| s.number.clone());
        let h = printed(head)?;
        if h.starts_with('(') || head.heading.is_some() || head.ordinal.is_some() {
            return None;
        }
        let mut c = h.trim_end_matches(['.', ')']).to_string();
        let mut taken = 1;
        for s in rest {
            let Some(p) = printed(s).filter(|p| p.starts_with('(') && s.number.is_some()) else { break };
            if s.heading.is_some() || s.keyword.is_some() {
                break;
            }
            c.push_str(&p);
            taken += 1;
        }
        (taken > 1).then_some((c, taken))
    }

    /// Finds the unit a reference names as written. With several candidates, prefers the kind
    /// its keyword suggests, then the one inside the current scope.
    fn find_unit_as_written(
        &mut self,
        file: FileId,
        unit: &UnitRef,
        context: Option<UnitId>,
    ) -> Result<UnitId, Box<Diagnostic>> {
        // `Paragraph 14(f)`, `Subsection 3(2.1)`, `the definition X in subsection 2(1)`: the
        // document reads its own citations; the steps after one are looked for inside it.
        if let Some((c, taken)) = Self::citation(unit) {
            let found = self.doc.find_citation(&c);
            let pick = |found: &[UnitId]| -> Option<UnitId> {
                match found {
                    [one] => Some(*one),
                    [] => None,
                    many => match self.prefer(&unit.steps[0], many.to_vec(), context).as_slice() {
                        [one] => Some(*one),
                        _ => None,
                    },
                }
            };
            if let Some(head) = pick(&found) {
                if taken == unit.steps.len() {
                    return Ok(head);
                }
                let rest = UnitRef::new(unit.steps[taken..].to_vec(), unit.span, unit.written.clone());
                return self.find_steps(file, &rest, Some(head), context);
            }
        }
        self.find_steps(file, unit, None, context)
    }

    /// Finds a reference step by step, from inside `start` (or the whole document).
    fn find_steps(
        &mut self,
        file: FileId,
        unit: &UnitRef,
        start: Option<UnitId>,
        context: Option<UnitId>,
    ) -> Result<UnitId, Box<Diagnostic>> {
        let mut current: Option<UnitId> = start;
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
            candidates = self.prefer(step, candidates, context);
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
    pub(super) fn label_text(&self, id: UnitId) -> String {
        match &self.doc.unit(id).label {
            Some(l) => format!("`{}`", self.doc.slice(l.span)),
            None => self.doc.describe(id),
        }
    }

    /// For a number that is not in the base, the first and last units numbered in the same
    /// way (`2.9` when the base has `2.1` to `2.7`): most often the author miscounted.
    pub(super) fn numbered_alike(&self, step: &RefStep, within: Option<UnitId>) -> Option<(UnitId, UnitId)> {
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

    /// The units a step of a reference may name, inside `within` when given: by number (by
    /// index), by defined term, by title or heading, by keyword, or the nth unnumbered paragraph.
    pub(super) fn step_candidates(&self, step: &RefStep, within: Option<UnitId>) -> Vec<UnitId> {
        let inside = |id: UnitId| within.is_none_or(|w| id != w && self.doc.is_within(id, w));
        if let Some(which) = step.ordinal {
            // `the last paragraph of the rule section “Cabals”`: its own paragraphs of text.
            let Some(w) = within else { return Vec::new() };
            let paragraphs: Vec<UnitId> = self
                .doc
                .unit(w)
                .children
                .iter()
                .copied()
                .filter(|&c| self.doc.unit(c).kind == UnitKind::Text)
                .collect();
            return which.index(paragraphs.len()).map(|i| vec![paragraphs[i]]).unwrap_or_default();
        }
        match (&step.number, &step.keyword, &step.heading) {
            (Some(key), _, _) => match within {
                // By index: the units so numbered inside `w` are a slice of those so numbered.
                Some(w) => self.doc.numbered_within(w, key).to_vec(),
                None => self.doc.with_number(key).to_vec(),
            },
            // `the definition Convention`
            (None, Some(kw), Some(term)) if kw == "definition" => {
                self.doc.with_term(term).iter().copied().filter(|&id| inside(id)).collect()
            }
            // `rule section “Polls”`, `the rule “Factories and Modules”`, `Section “Aims”`: by
            // title, whatever word the document uses for the unit.
            (None, _, Some(h)) => {
                let titled: Vec<UnitId> = self.doc.with_title(h).iter().copied().filter(|&id| inside(id)).collect();
                if !titled.is_empty() {
                    return titled;
                }
                self.doc
                    .units()
                    .filter(|(id, u)| inside(*id) && u.heading.is_some() && self.heading_matches(*id, h))
                    .map(|(id, _)| id)
                    .collect()
            }
            (None, Some(kw), None) => {
                let keyword = Keyword::read(kw);
                self.doc
                    .units()
                    .filter(|(id, u)| inside(*id) && keyword.is_some() && u.keyword == keyword)
                    .map(|(id, _)| id)
                    .collect()
            }
            (None, None, None) => Vec::new(),
        }
    }

    /// Units whose title is close to `title` but not the same (`Legistlative Combo` for
    /// `Legislative Combo`): a misspelt title, found with a warning.
    pub(super) fn near_titles(&self, title: &str, within: Option<UnitId>) -> Vec<UnitId> {
        let want = normalize(title).to_lowercase();
        let inside = |id: UnitId| within.is_none_or(|w| id != w && self.doc.is_within(id, w));
        let mut best: Vec<(f64, UnitId)> = self
            .doc
            .units()
            .filter(|(id, _)| inside(*id))
            .filter_map(|(id, _)| {
                let u = self.doc.unit(id);
                let t = self.doc.slice(u.heading.or(u.note())?);
                let have = normalize(t).to_lowercase();
                let score = strsim::normalized_damerau_levenshtein(&want, &have);
                (score >= 0.85).then_some((score, id))
            })
            .collect();
        best.sort_by(|a, b| b.0.total_cmp(&a.0));
        match best.as_slice() {
            [] => Vec::new(),
            [(s, _), ..] => best.iter().filter(|(t, _)| t == s).map(|&(_, id)| id).collect(),
        }
    }

    pub(super) fn prefer(&self, step: &RefStep, mut candidates: Vec<UnitId>, context: Option<UnitId>) -> Vec<UnitId> {
        // `the schedule`, with no number: the one that has none (`SCHEDULE`, not `SCHEDULE 1`).
        if step.number.is_none() && step.heading.is_none() && candidates.len() > 1 {
            let bare: Vec<UnitId> = candidates.iter().copied().filter(|&c| self.doc.unit(c).label.is_none()).collect();
            if !bare.is_empty() {
                candidates = bare;
            }
        }
        // `Chapter 1` or `Article 3` never means a paragraph that happens to be numbered 1 or 3;
        // but in a base without article headings, `Article 5` is the sheet's word for its
        // paragraph `5.` (never for a bracketed `(5)`).
        if let Some(kw) = &step.keyword {
            if matches!(kw.as_str(), "chapter" | "article" | "part" | "appendix" | "annex" | "schedule") {
                let keyword = Keyword::read(kw);
                let headed = |u: &crate::document::Unit| {
                    matches!(u.kind, UnitKind::Heading { .. }) && (u.keyword.is_none() || u.keyword == keyword)
                };
                let uses_word = keyword.is_some_and(|k| self.doc.units().any(|(_, u)| u.keyword == Some(k)));
                let loose = kw == "article" && !uses_word && !candidates.iter().any(|&c| headed(self.doc.unit(c)));
                candidates.retain(|&c| {
                    let u = self.doc.unit(c);
                    headed(u) || (loose && u.label.as_ref().is_some_and(|l| !self.doc.slice(l.span).starts_with('(')))
                });
            }
        }
        // In a statute, `subsection 2(1)`: the one the act itself calls a subsection (not item
        // 2(1) of a schedule); `Section 3` of an act, not paragraph 3 of its schedule. (Other
        // texts name their units by layout alone, which cannot tell two `(a)`s apart.)
        if candidates.len() > 1 && self.statute {
            if let Some(kw) = &step.keyword {
                let named: Vec<UnitId> = candidates
                    .iter()
                    .copied()
                    .filter(|&c| self.doc.word(c).as_str().eq_ignore_ascii_case(kw))
                    .collect();
                if !named.is_empty() {
                    candidates = named;
                }
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
                // Units inside it, not the scope itself (`subparagraph (i)` of paragraph (i)).
                let inside: Vec<UnitId> =
                    candidates.iter().copied().filter(|&c| c != a && self.doc.is_within(c, a)).collect();
                if inside.len() == 1 {
                    return inside;
                }
                if inside.is_empty() && candidates.contains(&a) {
                    return vec![a];
                }
                anc = self.doc.unit(a).parent;
            }
            // Then the body of the text rather than its schedules and appendices.
            let body: Vec<UnitId> = candidates.iter().copied().filter(|&c| !self.in_annex(c)).collect();
            if body.len() == 1 {
                return body;
            }
        }
        candidates
    }
}
