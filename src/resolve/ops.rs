//! Instructions → edits: what each operation does to the units and text it names.

use super::*;

impl Resolver<'_> {
    // ─────────────────────────── Instructions ───────────────────────────

    pub(super) fn instruction(&mut self, ins: &Instruction, scope: Option<UnitId>, context: Option<UnitId>) {
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
            Op::Designate { portion, number } => self.designate(ins, portion, number, scope),
            Op::Passage { passage } => self.passage(ins, passage, scope),
        }
    }

    /// The text an instruction searches: its unit, narrowed to the lines named with it.
    pub(super) fn region(&self, scope: Option<UnitId>) -> Span {
        let unit = scope.map_or_else(|| self.whole_document(), |u| self.doc.unit(u).span);
        match self.lines {
            // Words that start on the last line named may run on past it.
            Some(l) => Span::new(unit.start.max(l.start).min(unit.end), unit.end),
            None => unit,
        }
    }

    /// The document's text after any byte-order mark, whatever lines are named.
    pub(super) fn whole_document(&self) -> Span {
        Span::new(self.doc.content_start(), self.doc.text().len())
    }

    pub(super) fn scope_name(&self, scope: Option<UnitId>) -> String {
        scope.map_or_else(|| "the document".to_string(), |u| self.doc.describe(u))
    }

    pub(super) fn delete(
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
                    if ins.repeal { self.repeal_unit(ins, u) } else { self.remove_unit(u) }
                }
            }
            Target::Units { units, through } => {
                let Some(found) = self.units_named(units, *through, scope.or(context)) else { return };
                for u in found {
                    if ins.repeal { self.repeal_unit(ins, u) } else { self.remove_unit(u) }
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
                        if let (Target::AtEnd { .. }, Some(u)) = (target, scope) {
                            self.note_list_end(u, range, true);
                        }
                        self.push(range, String::new(), EditKind::Text, scope);
                    }
                }
            }
        }
    }

    pub(super) fn replace(
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
            Target::Units { units, through } => {
                if let Some(found) = self.units_named(units, *through, scope.or(context)) {
                    self.replace_units(ins, &found, text);
                }
            }
            Target::LeadIn { before } => self.replace_lead_in(ins, before.as_ref(), text, scope),
            Target::Heading => self.replace_heading(ins, text, scope),
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
                            let span = self.punctuation_seam(span, &new);
                            let fitted = self.fit(span, &new);
                            self.push(span, fitted, EditKind::Text, scope);
                        }
                    }
                }
            }
        }
    }

    pub(super) fn insert(&mut self, ins: &Instruction, at: &Anchor, text: &NewText, scope: Option<UnitId>) {
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
            Anchor::NewParagraph { after_children } => self.new_paragraph(ins, *after_children, new, scope),
            Anchor::ListItem { which } => self.list_item(ins, *which, new, scope),
            Anchor::BeforeList => self.before_list(ins, new, scope),
            Anchor::Alphabetical => self.definitions_in_order(ins, &new, scope),
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
                if matches!(at, Anchor::End) && own_label(&new).is_some() {
                    let anchor = unit.children.last().copied().unwrap_or(u);
                    return self.add_unit(anchor, new);
                }
                let point = if matches!(at, Anchor::End) { self.content_end(u) } else { unit.body.start };
                if matches!(at, Anchor::End) {
                    let body = self.doc.slice(Span::new(unit.body.start, point)).trim_end();
                    // `, or later` and `and members` continue a sentence; the instruction is
                    // applied as written, and the reader told.
                    // (A conjunction is a list item's: see `fit_list_ends`.)
                    if body.ends_with('.')
                        && new.starts_with(|c: char| c.is_lowercase() || ",;:".contains(c))
                        && !Self::is_conjunction(&new)
                    {
                        self.diagnostics.push(
                            Diagnostic::warning(Code::AfterFinalStop, "text added at the end goes after the final full stop")
                                .primary(self.origin.file, text.span(), "this text continues a sentence")
                                .secondary(self.doc.file(), Span::point(point), "added here")
                                .help("to add words inside the last sentence, write BEFORE “.” INSERT “…” or quote the last words"),
                        );
                    }
                }
                let fitted = self.fit(Span::point(point), &new);
                if matches!(at, Anchor::End) && Self::is_conjunction(&new) {
                    self.note_list_end(u, Span::point(point), false);
                }
                self.push(Span::point(point), fitted, EditKind::Text, Some(u));
            }
        }
    }

    /// `currently reads: “…”`: the unit must read so in the base (spacing and quote marks aside).
    pub(super) fn currently(&mut self, scope: Option<UnitId>, stated: &NewText) {
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
    pub(super) fn replace_each(&mut self, pairs: &[(Pattern, NewText)], scope: Option<UnitId>) {
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
    pub(super) fn renumber(&mut self, unit: &UnitRef, which: Option<Ordinal>, to: &str, context: Option<UnitId>) {
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
    pub(super) fn add_numbered(&mut self, ins: &Instruction, number: &str, text: String, scope: Option<UnitId>) {
        let file = self.origin.file;
        let Some(target) = Number::parse(number) else {
            return self.diagnostics.push(
                Diagnostic::error(Code::Syntax, format!("`{number}` is not a unit number"))
                    .primary(file, ins.span, "here"),
            );
        };
        // Where numbers are not moved up to make room (a statute's, or an inserted number such
        // as `(1A)`), a unit that has the number already is a conflict, not a unit to renumber:
        // often the same text, inserted earlier by other legislation.
        let inserted = target.last().is_some_and(|c| !c.suffix.is_empty());
        if self.statute || inserted {
            let here = |id: UnitId| scope.is_none_or(|s| id != s && self.doc.is_within(id, s));
            // A unit this sheet renumbers or removes first (`(8C) … is redesignated as (8D)`)
            // makes room.
            let moving = |id: UnitId| {
                self.claimed.contains(&id)
                    || self.edits.iter().any(|e| {
                        e.unit == Some(id)
                            && matches!(e.kind, EditKind::Renumber | EditKind::RemoveUnit | EditKind::ReplaceUnit)
                    })
            };
            if let Some(taken) = self.doc.with_number(&target.key()).iter().copied().find(|&id| here(id) && !moving(id))
            {
                let same = normalize(self.doc.slice(self.doc.unit(taken).span)) == normalize(&text);
                let d = Diagnostic::error(Code::NumberTaken, format!("{number} is taken: {} is already there", self.doc.describe(taken)))
                    .primary(file, ins.span, "adds a unit with this number")
                    .secondary(self.doc.file(), self.doc.handle(taken), if same { "already here, with the same text" } else { "the unit with this number" })
                    .help(if same {
                        "the text is in the base already (inserted earlier?): leave the instruction out".to_string()
                    } else {
                        format!("numbers here are not moved up to make room; give the new unit a number of its own, or replace {number}")
                    });
                return self.diagnostics.push(d);
            }
        }
        // The number names the place; the scope only tells apart units numbered alike (a new
        // `(c)` in Section 2). So the place is looked for in the scope, then in the units around
        // it: `Rule 4.3: add new rule 4.4` goes after 4.3, and a scope carried over from the line
        // before does not hide the rest of the document.
        let mut area = scope;
        // After text a designation of this resolution numbered (`(b)` after the section's text,
        // designated `(a)`): at the end of that text.
        let designated = predecessor(&target).and_then(|p| self.designated(&p.key(), scope));
        let anchor = if let Some(d) = designated {
            Some(self.doc.unit(d).children.last().copied().unwrap_or(d))
        } else {
            loop {
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
                    None => predecessor(&target).and_then(|p| {
                        self.doc
                            .with_number(&p.key())
                            .iter()
                            .copied()
                            .find(|&id| within(self.doc, id))
                            // `Add new rule 4.3` then `Add new rule 4.4`: after the 4.3 added.
                            .or_else(|| self.added_numbers.get(&p.key()).copied())
                    }),
                };
                match (anchor, area) {
                    (Some(a), _) => break Some(a),
                    (None, Some(s)) => area = self.doc.unit(s).parent,
                    (None, None) => break None,
                }
            }
        };
        let Some(anchor) = anchor else {
            // `A new section 1297a is added` to a base numbered by a code (`§ 46-415`): the act's
            // number names no unit of this text, and the code's number for it is not in the act.
            let before = predecessor(&target).map(|p| p.key());
            // Only an act's lettered number (`112f`), not one an earlier failure left unplaced.
            let lettered =
                target.last().is_some_and(|c| !c.suffix.is_empty() && c.suffix.chars().all(|x| x.is_ascii_lowercase()));
            let unknown = lettered && before.as_ref().is_some_and(|p| self.doc.with_number(p).is_empty());
            let help = match before {
                Some(p) if unknown => format!(
                    "the base has no unit numbered {p} at all: it numbers its units another way (a code's \
                     numbers, say), so where the new {number} goes and what it is numbered there is for \
                     whoever consolidates it to decide; add it with its number in the base's scheme"
                ),
                _ => "the unit numbered just before it must exist; `amend outline BASE` lists the units".to_string(),
            };
            return self.diagnostics.push(
                Diagnostic::error(Code::UnitNotFound, format!("no unit to put the new {number} after"))
                    .primary(file, ins.span, "where does this go?")
                    .help(help),
            );
        };
        // Printed like the units numbered at the same depth (`4.1` beside `3.1`, not `4.1.`
        // after the heading `4.`), else like the unit before it.
        let label = self.label_like(&target, Some(anchor)).unwrap_or_else(|| number.to_string());
        let body = if own_label(&text).is_some() { text } else { format!("{label} {text}") };
        self.added_numbers.insert(target.key(), anchor);
        self.add_unit(anchor, body);
    }

    /// The end of a unit's own text, before any trailing whitespace.
    pub(super) fn content_end(&self, u: UnitId) -> usize {
        let unit = self.doc.unit(u);
        let s = self.doc.slice(unit.span);
        unit.span.start + s.trim_end().len()
    }

    pub(super) fn need_scope(&mut self, ins: &Instruction, what: &str) {
        self.diagnostics.push(
            Diagnostic::error(Code::UnitNotFound, format!("{what} needs a unit to work on"))
                .primary(self.origin.file, ins.span, "no scope for this instruction")
                .help("put a scope before it, e.g. “Para 3.1:”"),
        );
    }

    pub(super) fn unit_or_report(&mut self, unit: &UnitRef, context: Option<UnitId>) -> Option<UnitId> {
        match self.find_unit(self.origin.file, unit, context) {
            Ok(u) => Some(u),
            Err(d) => {
                self.diagnostics.push(*d);
                None
            }
        }
    }

    pub(super) fn push(&mut self, range: Span, text: String, kind: EditKind, unit: Option<UnitId>) {
        if kind == EditKind::Text && !range.is_empty() {
            self.sheet_changes.insert(range.start, range.end);
        }
        self.edits.push(Edit { range, text, kind, origin: self.origin.clone(), unit });
    }

    pub(super) fn remove_unit(&mut self, u: UnitId) {
        // `(a)(1) …`: the unit's line carries its parent's number too. Removing the line would
        // take the parent's number with it, and where that number goes (onto the next line,
        // `(a)(2)`) is a consolidator's layout, not something the amendment says: refused.
        let unit = self.doc.unit(u);
        if let Some(p) = unit.parent.filter(|&p| self.doc.unit(p).span.start == unit.span.start) {
            let d = Diagnostic::error(
                Code::RepealConvention,
                format!("{} shares its line with the number of {}", self.doc.describe(u), self.doc.describe(p)),
            )
            .primary(self.origin.file, self.origin.span, "removes it")
            .secondary(self.doc.file(), self.doc.handle(u), "this line holds both numbers")
            .help("keep the number with a note, as the consolidation does (--repealed \"Repealed.\"), or remove the whole of the unit above");
            return self.diagnostics.push(d);
        }
        let range = self.removal_range(u);
        self.claimed.insert(u);
        self.plan.removed.insert(u, (self.origin.clone(), self.renumber));
        self.push(range, String::new(), EditKind::RemoveUnit, Some(u));
    }

    pub(super) fn add_unit(&mut self, anchor: UnitId, text: String) {
        self.plan.additions.push(Addition {
            anchor,
            text,
            origin: self.origin.clone(),
            renumber: self.renumber,
            plain: false,
        });
    }

    /// Where new text for unit `u` that opens with the number of the unit above, printed on
    /// `u`'s line, starts replacing: `3 (1) The Minister …` for subsection 3(1) of a section
    /// whose line reads `3 (1) …` gives both numbers again, so it replaces from the `3` (from
    /// the section's marginal note if it brings one), and the `3` is not printed twice.
    fn line_parent_start(&self, u: UnitId, new: &str) -> Option<usize> {
        let unit = self.doc.unit(u);
        let label = unit.label.as_ref()?;
        let above = self.doc.unit(self.line_parent(u)?);
        let parent = above.label.as_ref()?;
        let (at, len, n) = own_label(new)?;
        let start = if at > 0 { above.span.start } else { parent.span.start };
        // `(a)(1)` reads as one number, `a.1`.
        if n.key() == format!("{}.{}", parent.number.key(), label.number.key()) {
            return Some(start);
        }
        if n.key() != parent.number.key() {
            return None;
        }
        let after = &new[at + len..];
        let rest = after.trim_start_matches([' ', '\t']);
        let (_, own) = line_label(rest).filter(|_| rest.len() < after.len())?;
        (own.key() == label.number.key()).then_some(start)
    }

    /// The unit above `u` whose number opens `u`'s line (`3` in `3 (1) …`, `(a)` in `(a)(1) …`).
    fn line_parent(&self, u: UnitId) -> Option<UnitId> {
        let unit = self.doc.unit(u);
        let (label, p) = (unit.label.as_ref()?, unit.parent?);
        let parent = self.doc.unit(p).label.as_ref()?;
        let between = self.doc.text().get(parent.span.end..label.span.start)?;
        (!between.contains('\n') && between.trim().is_empty()).then_some(p)
    }

    /// Replaces a unit with new text. Text that starts with a label replaces the unit whole;
    /// otherwise the unit keeps its label and its text is replaced.
    pub(super) fn replace_unit(&mut self, u: UnitId, text: &NewText) {
        let new = self.block_text(text);
        let unit = self.doc.unit(u).clone();
        let range = match (own_label(&new).map(|(_, len, n)| (len, n)), &unit.label) {
            _ if let Some(start) = self.line_parent_start(u, &new) => Span::new(start, unit.span.end),
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
                // `(a)(1) …` replaced by `(1) …`: the number of the unit above stays.
                match self.line_parent(u) {
                    Some(_) => Span::new(label.span.start.max(unit.span.start), unit.span.end),
                    None => unit.span,
                }
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
    pub(super) fn block_text(&self, text: &NewText) -> String {
        text.as_str().replace('\n', self.doc.line_ending().as_str())
    }

    /// The units a list (`paragraphs (a) and (b)`) or a range (`paragraphs (b) to (d)`: the two
    /// and every sibling between) names, in document order.
    pub(super) fn units_named(
        &mut self,
        units: &[UnitRef],
        through: bool,
        context: Option<UnitId>,
    ) -> Option<Vec<UnitId>> {
        let mut found = Vec::new();
        for u in units {
            found.push(self.unit_or_report(u, context)?);
        }
        if through {
            let (first, last) = (found[0], found[found.len() - 1]);
            let parent = self.doc.unit(first).parent;
            let siblings = self.doc.children_of(parent);
            let (Some(a), Some(b)) =
                (siblings.iter().position(|&s| s == first), siblings.iter().position(|&s| s == last))
            else {
                self.diagnostics.push(
                    Diagnostic::error(Code::UnitNotFound, "the two ends of the range are not in the same list")
                        .primary(self.origin.file, self.origin.span, "a range of units")
                        .secondary(self.doc.file(), self.doc.handle(first), "one end")
                        .secondary(self.doc.file(), self.doc.handle(last), "the other end"),
                );
                return None;
            };
            found = siblings[a.min(b)..=a.max(b)].to_vec();
        }
        found.sort();
        found.dedup();
        // `Delete Rule 4.2 and 4`: a unit inside another the same list names would be changed
        // twice; which was meant is for the author to say.
        let nested =
            found.iter().find_map(|&u| found.iter().find(|&&o| o != u && self.doc.is_within(u, o)).map(|&o| (u, o)));
        if let Some((u, outer)) = nested {
            let (inner, outer) = (self.doc.describe(u), self.doc.describe(outer));
            self.diagnostics.push(
                Diagnostic::error(Code::Conflict, format!("{inner} is part of {outer}, which the same list names"))
                    .primary(self.origin.file, self.origin.span, "names both")
                    .secondary(self.doc.file(), self.doc.handle(u), format!("{inner}, inside {outer}"))
                    .help("name either the whole unit or the units inside it"),
            );
            return None;
        }
        Some(found)
    }

    /// Units replaced by one text (`Paragraphs 3(2.1)(a) and (b) … are replaced by the
    /// following:`, `replacing paragraphs (b) to (d) with the following:`). The units must stand
    /// together; those the new text does not number again are repealed (a consolidation of an
    /// act keeps their numbers with its note).
    fn replace_units(&mut self, ins: &Instruction, found: &[UnitId], text: &NewText) {
        let siblings = self.doc.children_of(self.doc.unit(found[0]).parent);
        let together = found.windows(2).all(|w| {
            let a = siblings.iter().position(|&s| s == w[0]);
            let b = siblings.iter().position(|&s| s == w[1]);
            matches!((a, b), (Some(a), Some(b)) if b == a + 1)
        });
        if !together {
            return self.diagnostics.push(
                Diagnostic::error(Code::UnitNotFound, "the units replaced together do not stand together")
                    .primary(self.origin.file, ins.span, "replaces several units with one text")
                    .help("replace each unit on its own"),
            );
        }
        let new = self.block_text(text);
        let renumbered: Vec<String> =
            new.lines().filter_map(|l| crate::document::line_label(l).map(|(_, n)| n.key())).collect();
        let dropped: Vec<UnitId> = found
            .iter()
            .copied()
            .filter(|&u| self.doc.unit(u).label.as_ref().is_some_and(|l| !renumbered.contains(&l.number.key())))
            .collect();
        let note = if dropped.is_empty() {
            None
        } else {
            match self.repeal_note(&Instruction { repeal: true, ..ins.clone() }) {
                Ok(n) => n,
                Err(d) => return self.diagnostics.push(*d),
            }
        };
        let first = self.doc.unit(found[0]);
        let last = self.doc.unit(found[found.len() - 1]);
        let indent = &self.doc.text()[first.span.start - first.indent..first.span.start];
        let le = self.doc.line_ending().as_str();
        let mut out = new.trim_end().to_string();
        if let Some(note) = &note {
            for &u in &dropped {
                if let Some(l) = &self.doc.unit(u).label {
                    out.push_str(&format!("{le}{indent}{} {note}", self.doc.slice(l.span)));
                }
            }
        }
        for &u in found {
            self.claimed.insert(u);
        }
        self.push(Span::new(first.span.start, last.span.end), out, EditKind::ReplaceUnit, Some(found[0]));
    }

    /// `The portion of section 4 before paragraph (a) is replaced by the following:`, DC `The
    /// lead-in language is amended to read as follows:`: the unit's own text before its first
    /// child (or the child named), with its number and marginal note where the new text gives
    /// them again.
    fn replace_lead_in(&mut self, ins: &Instruction, before: Option<&UnitRef>, text: &NewText, scope: Option<UnitId>) {
        let Some(u) = scope else { return self.need_scope(ins, "replacing the lead-in") };
        let unit = self.doc.unit(u).clone();
        let end = match before {
            Some(child) => match self.find_unit(self.origin.file, child, Some(u)) {
                Ok(c) if self.doc.is_within(c, u) => self.doc.unit(c).span.start,
                Ok(c) => {
                    return self.diagnostics.push(
                        Diagnostic::error(
                            Code::UnitNotFound,
                            format!("{} is not in {}", self.doc.describe(c), self.doc.describe(u)),
                        )
                        .primary(
                            self.origin.file,
                            child.span,
                            "not part of the unit whose lead-in is replaced",
                        ),
                    );
                }
                Err(d) => return self.diagnostics.push(*d),
            },
            None => match unit.children.first() {
                Some(&c) => self.doc.unit(c).span.start,
                None => unit.span.end,
            },
        };
        let new = self.block_text(text);
        // What the new text repeats of the old: a marginal note, then the unit's number.
        let brings = own_label(&new);
        let start = match (&brings, &unit.label) {
            _ if let Some(start) = self.line_parent_start(u, &new) => start,
            (Some((at, _, n)), Some(label)) if n.key() == label.number.key() => {
                if *at > 0 {
                    unit.span.start
                } else {
                    label.span.start.max(unit.note().map_or(0, |n| n.end))
                }
            }
            (Some((_, _, n)), Some(label)) => {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::LabelDiffers,
                        format!(
                            "the new text is numbered {} but replaces the lead-in of {}",
                            n.key(),
                            self.doc.describe(u)
                        ),
                    )
                    .primary(self.origin.file, text.span(), "new number")
                    .secondary(self.doc.file(), label.span, "old number"),
                );
                label.span.start
            }
            _ => unit.body.start,
        };
        // Up to the line break before the first child, which stays.
        let lead = &self.doc.text()[start..end.max(start)];
        let keep = lead.len() - lead.trim_end().len();
        let range = Span::new(start, end.max(start) - keep);
        let fitted = if brings.is_some() { new.trim_end().to_string() } else { self.fit(range, new.trim()) };
        self.push(range, fitted, EditKind::Text, Some(u));
    }

    /// `The section heading is amended to read as follows: "Sec. 1291. Duty of the Mayor or
    /// Clerk."`: the heading's title. A number the new heading gives (the amending act's own
    /// numbering of the section) is dropped; the base's number stays.
    fn replace_heading(&mut self, ins: &Instruction, text: &NewText, scope: Option<UnitId>) {
        let Some(u) = scope else { return self.need_scope(ins, "replacing a heading") };
        let unit = self.doc.unit(u).clone();
        let Some(span) = unit.heading.or(unit.note()) else {
            return self.diagnostics.push(
                Diagnostic::error(Code::NoSuchPart, format!("{} has no heading", self.doc.describe(u)))
                    .primary(self.origin.file, ins.span, "replaces a heading")
                    .secondary(self.doc.file(), self.doc.first_line(u), "the unit"),
            );
        };
        let new = text.as_str().trim();
        let title = match own_label(new).filter(|(at, _, _)| *at == 0) {
            Some((_, len, _)) => new[len..].trim_start().trim_start_matches(['.', ' ']),
            None => {
                // `Sec. 1291.`, `Section 5.`
                let words: Vec<&str> = new.splitn(3, ' ').collect();
                match words.as_slice() {
                    [kw, n, rest]
                        if crate::document::Keyword::read(kw).is_some()
                            && n.chars().next().is_some_and(|c| c.is_ascii_digit()) =>
                    {
                        rest
                    }
                    _ => new,
                }
            }
        };
        self.push(span, title.to_string(), EditKind::Text, Some(u));
    }
}
