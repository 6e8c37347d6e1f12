//! Clauses → instructions: counts, renumbering, the INSERT that completes a DELETE, and what
//! is reported when a provision names a change but is not read.

use super::*;

impl Reader<'_, '_, '_> {
    // ─────────────────────────── Instructions ───────────────────────────

    pub(super) fn emit(&mut self, clause: Clause, start: usize) {
        self.emit_counted(clause, start, None);
    }

    pub(super) fn emit_repeal(&mut self, clause: Clause, start: usize, repeal: bool) {
        self.emit_counted(clause, start, None);
        if repeal {
            if let Some(Item::Instruction(ins)) = self.a.items.last_mut() {
                ins.repeal = true;
            }
        }
    }

    /// Adds a clause, pairing a plain INSERT with the DELETE or NO CHANGE before it.
    pub(super) fn emit_counted(&mut self, clause: Clause, start: usize, count: Option<Count>) {
        // The instruction is its words; a block below them is its text, not part of its span
        // (diagnostics and margin notes point at the words).
        let mut end = self.c.pos;
        while end > start + 1 && matches!(self.c.toks[end - 1].kind, Tok::Block(_) | Tok::Punct(':' | '—' | '–')) {
            end -= 1;
        }
        let span = Span::new(self.c.toks[start].span.start, self.c.toks[end - 1].span.end);
        let count = count.unwrap_or(Count::Once);
        let op = match clause {
            Clause::NoChange(check) => Op::NoChange { check },
            Clause::Delete(target) => Op::Delete { target },
            Clause::Insert(at, text) => Op::Insert { at, text },
            Clause::Replace(target, text) => Op::Replace { target, text },
            Clause::Renumber { unit, which, to } => Op::Renumber { unit, which, to },
            Clause::Reads(text) => Op::Reads { text },
            Clause::Currently(text) => Op::Currently { text },
            Clause::ReplaceEach(pairs) => Op::ReplaceEach { pairs },
            Clause::Designate(portion, number) => Op::Designate { portion, number },
            Clause::Passage(passage) => Op::Passage { passage },
            Clause::Text { text, replaces } => {
                let open = self.a.open.and_then(|i| match &mut self.a.items[i] {
                    Item::Instruction(ins) => Some(ins),
                    _ => None,
                });
                match open {
                    Some(ins) if matches!(ins.op, Op::Delete { .. }) => {
                        let Op::Delete { target } = std::mem::replace(&mut ins.op, Op::NoChange { check: None }) else {
                            unreachable!("checked above")
                        };
                        ins.op = Op::Replace { target, text };
                        ins.span = ins.span.join(span);
                        if count != Count::Once {
                            ins.count = count;
                        }
                        self.completed = self.a.open.filter(|&i| i < self.first_item);
                        self.a.open = None;
                        self.made = true;
                        return;
                    }
                    _ if self.failed => return,
                    Some(_) | None if replaces => {
                        let words = span;
                        self.a.diagnostics.push(
                            Diagnostic::error(Code::Dangling, "REPLACE WITH needs a DELETE before it")
                                .primary(self.a.file, words, "nothing deleted for this to replace")
                                .help("say what is replaced first: DELETE “…” and replace with “…”"),
                        );
                        return;
                    }
                    Some(ins) if matches!(ins.op, Op::NoChange { .. }) => Op::Insert { at: Anchor::NewUnitAfter, text },
                    _ => {
                        self.a.diagnostics.push(
                            Diagnostic::error(Code::NoInsertionPoint, "INSERT does not say where the text goes")
                                .primary(self.a.file, span, "no place for this text")
                                .help("write AFTER “…” INSERT “…”, INSERT AT END “…”, or put the INSERT right after the DELETE it replaces or after “NO CHANGE” to add a new unit"),
                        );
                        return;
                    }
                }
            }
        };
        let keeps_open = matches!(op, Op::Delete { .. } | Op::NoChange { .. });
        self.made = true;
        self.a.items.push(Item::Instruction(Instruction {
            scope: self.scope,
            op,
            count,
            span,
            renumber: None,
            repeal: false,
            section: None,
            version: None,
        }));
        self.a.open = keeps_open.then_some(self.a.items.len() - 1);
    }

    /// `Amend proposal #58: replace “x” with “y”, replace …`
    pub(super) fn amend_provision(&mut self, provision: String, span: Span) {
        let start = self.c.pos;
        let mut pairs = Vec::new();
        loop {
            self.skip_connectives();
            if self.c.peek().and_then(Token::verb) != Some(Verb::Replace) {
                break;
            }
            self.c.pos += 1;
            let Some(p) = self.pattern_arg() else { break };
            if !self.c.eat_kw(Kw::With) {
                break;
            }
            let Some(t) = self.text_arg() else { break };
            pairs.push((p, t));
        }
        let _ = start;
        let span = span.join(self.c.span_from(start));
        self.made = true;
        self.a.items.push(Item::Instruction(Instruction {
            scope: None,
            op: Op::AmendProvision { provision, pairs },
            count: Count::Once,
            span,
            renumber: None,
            repeal: false,
            section: None,
            version: None,
        }));
    }

    /// Nothing quoted where a clause needs the words it changes.
    pub(super) fn missing_quote(&mut self, start: usize) -> bool {
        self.failed = true;
        let at = self.c.peek().map_or(self.c.span_from(start).end, |t| t.span.start);
        let found = self.found_here();
        // The words as written, up to the end of the clause: most often they only lack quotes.
        let words_end = self.c.toks[self.c.pos..]
            .iter()
            .position(|t| {
                !matches!(t.kind, Tok::Word | Tok::Kw(_)) || t.is(Kw::And) && self.c.toks.get(self.c.pos).is_some()
            })
            .map_or(self.c.toks.len(), |p| self.c.pos + p);
        let words = match (self.c.toks.get(self.c.pos), words_end.checked_sub(1).and_then(|e| self.c.toks.get(e))) {
            (Some(f), Some(l)) if words_end > self.c.pos => self.a.text[f.span.start..l.span.end].to_string(),
            _ => String::new(),
        };
        let help = if words.is_empty() {
            "quote the words each instruction changes, e.g. Para 2.1: DELETE “signatory”; INSERT “member”.".to_string()
        } else {
            format!("put the words in quotes: “{words}”")
        };
        self.a.diagnostics.push(
            Diagnostic::error(
                Code::Syntax,
                format!("instruction not understood: expected a quoted text such as “members”, found {found}"),
            )
            .primary(self.a.file, Span::point(at), "expected a quoted text such as “members” here")
            .secondary(self.a.file, self.c.span_from(start), "")
            .help(help),
        );
        self.skip_clause();
        true
    }

    /// Nothing to insert where a clause needs new text.
    pub(super) fn missing_text(&mut self, start: usize) -> bool {
        self.failed = true;
        let span = self.c.span_from(start);
        let clause_end = self.c.toks[self.c.pos..]
            .iter()
            .position(|t| matches!(t.kind, Tok::Punct(';' | '.')))
            .map_or(self.c.toks.len(), |p| self.c.pos + p);
        let follows = self.c.toks[start..clause_end]
            .iter()
            .any(|t| matches!(t.kind, Tok::Follows | Tok::ToRead) || t.is(Kw::Following))
            || self.c.toks[..clause_end].last().is_some_and(|t| t.is_punct(':'));
        let span = if follows {
            self.c.toks.get(start).map_or(span, |t| t.span.join(self.c.toks[clause_end - 1].span))
        } else {
            span
        };
        let d = if follows {
            Diagnostic::error(Code::EmptyBlock, "no text: nothing is quoted, and no text follows on the lines below")
                .primary(self.a.file, span, "this needs text")
                .help("quote the new text on this line, or put it on the lines right after this one")
        } else {
            let found = self.found_here();
            let at = self.c.peek().map_or(span.end, |t| t.span.start);
            Diagnostic::error(
                Code::Syntax,
                format!("instruction not understood: expected a quoted text such as “members”, found {found}"),
            )
            .primary(self.a.file, Span::point(at), "expected the new text, in quotes, here")
            .secondary(self.a.file, span, "")
            .help("quote the new text, e.g. INSERT “members”, or end the line with “the following:” and put it below")
        };
        self.a.diagnostics.push(d);
        self.skip_clause();
        true
    }

    /// A change named that the rules cannot read: an error at the provision, never commentary.
    pub(super) fn stray(&mut self, start: usize, why: &str) -> bool {
        self.failed = true;
        let span = self.c.span_from(start);
        let span = if span.is_empty() { self.provision_span } else { span };
        self.a.diagnostics.push(
            Diagnostic::error(Code::Syntax, format!("instruction not understood: {why}"))
                .primary(self.a.file, span, "not understood")
                .help("`amend parse` shows how each provision was read"),
        );
        self.skip_clause();
        true
    }

    /// What the cursor is at, for a message.
    pub(super) fn found_here(&self) -> String {
        match self.c.peek() {
            None => "the end of the line".to_string(),
            Some(t) => {
                let text: String = self.c.text_of(t).chars().take(30).collect();
                let bare = text.trim_end_matches([',', ';', ':', '.']);
                format!("`{}`", if bare.is_empty() { &text } else { bare })
            }
        }
    }

    /// Skips to the end of the clause (the next `;`, `.` or verb) after an error.
    pub(super) fn skip_clause(&mut self) {
        while let Some(t) = self.c.peek() {
            if matches!(t.kind, Tok::Punct(';' | '.')) {
                break;
            }
            self.c.pos += 1;
        }
    }

    /// After the last clause: the provision's count and renumbering apply to its instructions;
    /// a provision that names a change but made no instruction is an error.
    pub(super) fn finish(&mut self) {
        let made = self.made;
        if let Some((count, _)) = self.count {
            let earlier = self.completed.map_or(self.first_item, |i| i.min(self.first_item));
            for (k, item) in self.a.items.iter_mut().enumerate().skip(earlier) {
                if k < self.first_item && Some(k) != self.completed {
                    continue;
                }
                if let Item::Instruction(i) = item {
                    let text_target = matches!(
                        &i.op,
                        Op::Delete { target: Target::Text { .. } }
                            | Op::Replace { target: Target::Text { .. }, .. }
                            | Op::Insert { at: Anchor::After { .. } | Anchor::Before { .. }, .. }
                    );
                    if text_target && i.count == Count::Once {
                        i.count = count;
                    }
                }
            }
        }
        if let Some(r) = self.renumber {
            for item in &mut self.a.items[self.first_item..] {
                if let Item::Instruction(i) = item {
                    i.renumber = Some(r);
                }
            }
        }
        let reported = self.reported();
        let stray = !made && self.names_change() && !reported;
        if stray {
            let verb = self.c.toks.iter().find(|t| is_change_verb(t)).map(|t| t.span);
            let why = self.unread_because();
            self.stray_change(why, self.provision_span, verb);
        }
        if !made && !reported && !stray {
            let scope_only = self.a.items[self.first_item..].iter().any(|i| matches!(i, Item::Scope(_)));
            if !scope_only {
                self.a.items.push(Item::Commentary { span: self.provision_span, why: "names no change" });
            }
        }
    }

    /// Error E0207: the words at `span` name a change (the verb at `verb`) that no rule read.
    pub(super) fn stray_change(&mut self, why: Option<String>, span: Span, verb: Option<Span>) {
        let message = match why {
            Some(why) => format!("this names a change, but it could not be read as an instruction: {why}"),
            None => "this names a change, but it could not be read as an instruction".to_string(),
        };
        let mut d = Diagnostic::error(Code::StrayChange, message)
            .primary(self.a.file, span, "not applied")
            .help("write it as an instruction, e.g. “In rule 2.1, replace “x” with “y”.”; `amend parse` shows how each provision was read");
        if let Some(v) = verb {
            d = d.secondary(self.a.file, v, "the change named");
        }
        self.a.diagnostics.push(d);
    }

    /// Whether an error was reported in the provision.
    pub(super) fn reported(&self) -> bool {
        self.a.diagnostics.iter().any(|d| {
            d.is_error()
                && d.labels.first().is_some_and(|l| {
                    l.span.start >= self.provision_span.start && l.span.start <= self.provision_span.end
                })
        })
    }

    /// Whether the provision names a change: a change verb with a quote, a unit or a block; or
    /// a passage.
    pub(super) fn names_change(&self) -> bool {
        let toks = self.c.toks;
        let verb = toks.iter().any(is_change_verb);
        // A unit named: a unit word with its number or title (`Rule 3`, `the rule “X”`), or a
        // whole one (`the schedule`); not `Rule change submitted by …`.
        let unit = toks.windows(2).any(|w| {
            matches!(w[0].kind, Tok::Unit { .. }) && matches!(w[1].kind, Tok::Number(_) | Tok::Quote(_) | Tok::Hash(_))
                || w[0].is(Kw::The) && matches!(&w[1].kind, Tok::Unit { word, .. } if matches!(*word, "schedule" | "appendix" | "annex"))
        });
        let object = unit || toks.iter().any(|t| matches!(t.kind, Tok::Quote(_) | Tok::Block(_)));
        verb && (object || self.bare_unit_after_insert().is_some())
    }

    /// `add sub-point definition under clause`: an insertion whose place is a unit word with no
    /// number or title after it (the token index of the unit word).
    pub(super) fn bare_unit_after_insert(&self) -> Option<usize> {
        let toks = self.c.toks;
        let verb = toks.iter().position(|t| matches!(t.verb(), Some(Verb::Insert | Verb::Append)))?;
        (verb + 1..toks.len()).find(|&k| {
            let place = |t: &Token| {
                t.is(Kw::In)
                    || t.is(Kw::To)
                    || t.is(Kw::Into)
                    || t.is(Kw::After)
                    || t.is(Kw::Before)
                    || matches!(t.kind, Tok::Word)
                        && matches!(self.c.text_of(t).to_lowercase().as_str(), "under" | "below" | "beneath")
            };
            let before =
                toks[k - 1..k].first().is_some_and(|p| place(p) || p.is(Kw::The) && k >= 2 && place(&toks[k - 2]));
            matches!(toks[k].kind, Tok::Unit { .. })
                && before
                && !toks.get(k + 1).is_some_and(|n| matches!(n.kind, Tok::Number(_) | Tok::Quote(_) | Tok::Hash(_)))
        })
    }

    /// What keeps a provision that names a change from being read, where it can be told.
    pub(super) fn unread_because(&self) -> Option<String> {
        let toks = self.c.toks;
        // `Retitle Rule 4 to “Scoring”`: a change of a kind no instruction makes.
        if !toks.iter().any(|t| t.verb().is_some()) {
            if let Some(t) = toks.iter().find(|t| t.is(Kw::Unapplied)) {
                return Some(format!(
                    "“{}” is not a change amend makes; say it with delete, insert or replace",
                    self.c.text_of(t)
                ));
            }
        }
        let quoted = toks.iter().any(|t| matches!(t.kind, Tok::Quote(_) | Tok::Block(_)));
        let unit = self.bare_unit_after_insert().map(|k| self.c.text_of(&toks[k]).to_string());
        match (quoted, unit) {
            (false, Some(u)) => {
                Some(format!("the new text is not quoted or set off below it, and “{u}” is given no number or title"))
            }
            (true, Some(u)) => Some(format!("“{u}” is given no number or title")),
            (false, None)
                if toks.iter().any(|t| matches!(t.verb(), Some(Verb::Insert | Verb::Append | Verb::Replace))) =>
            {
                Some("the new text is not quoted or set off below it".to_string())
            }
            _ => None,
        }
    }
}
