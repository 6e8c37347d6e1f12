//! Clauses that open with a verb: which kind of clause, and DELETE / strike / repeal.

use super::*;

impl Reader<'_, '_, '_> {
    // ─────────────────────────── Clauses ───────────────────────────

    /// Reads one clause at the cursor; false if none starts here.
    pub(super) fn clause(&mut self) -> bool {
        let Some(t) = self.c.peek() else { return false };
        let start = self.c.pos;
        // A unit a clause names for itself (`adding “and” at the end of paragraph (a)`, `in
        // Rule 3.2`) is its own; the next clause starts again in the provision's scope.
        let saved = self.scope;
        let done = match &t.kind {
            Tok::Verb(v) => self.verb_clause(*v),
            Tok::Kw(Kw::After | Kw::Before) => self.position_first(),
            Tok::AtEnd | Tok::AtStart => self.position_first(),
            Tok::Kw(Kw::For) => self.for_clause(),
            Tok::NoChange => {
                self.c.pos += 1;
                let check = if self.c.eat_kw(Kw::To) {
                    address(&mut self.c).and_then(|a| a.refs.into_iter().next())
                } else {
                    None
                };
                self.emit(Clause::NoChange(check), start);
                true
            }
            Tok::SoReads | Tok::ToRead | Tok::Kw(Kw::Reads) => {
                // `so that it reads: “…”` states the result; without text it is prose.
                self.c.pos += 1;
                match self.text_arg() {
                    Some(text) => {
                        self.emit(Clause::Reads(text), start);
                        true
                    }
                    None => false,
                }
            }
            Tok::CurrentlyReads => {
                self.c.pos += 1;
                match self.text_arg() {
                    Some(text) => {
                        self.emit(Clause::Currently(text), start);
                        true
                    }
                    None => self.missing_text(start),
                }
            }
            Tok::Block(i) if self.taken[*i] => {
                self.c.pos += 1;
                true
            }
            Tok::Block(i) => {
                let i = *i;
                self.c.pos += 1;
                let b = self.blocks[i];
                if b.form == BlockForm::Diff {
                    self.emit(Clause::Passage(passage::read(&b.text, b.span)), start);
                    true
                } else if let Some(title) = &b.title {
                    // `Proposed edit:` / `Member Resignation` / `> …`: the unit with that title,
                    // heading and text, as it is to read.
                    let step = RefStep { heading: Some(title.clone()), ..RefStep::default() };
                    let first_line = Span::new(b.span.start, b.span.start + title.len());
                    let unit = UnitRef::new(vec![step], first_line, title.clone());
                    self.target_scope(Address { refs: vec![unit], through: false, span: first_line, cited: false });
                    self.taken[i] = true;
                    let text = NewText::Block { text: b.text.clone(), span: b.span };
                    self.emit(Clause::Replace(Target::All, text), start);
                    true
                } else {
                    // A block nothing introduced: read by the clause before it, or stray.
                    self.stray(start, "a block of text that no instruction introduces")
                }
            }
            Tok::Count(c) => {
                let c = *c;
                let span = t.span;
                self.c.pos += 1;
                self.trailing_count(c, span);
                true
            }
            Tok::LeadIn | Tok::Heading | Tok::AllOf => self.subject_clause(),
            Tok::Quote(_) => self.subject_clause(),
            Tok::Kw(Kw::The | Kw::A | Kw::New | Kw::Existing) | Tok::Unit { .. } => self.subject_clause(),
            _ => false,
        };
        if !done {
            self.c.pos = start;
        }
        self.scope = saved;
        done
    }

    /// A clause that opens with a verb.
    pub(super) fn verb_clause(&mut self, v: Verb) -> bool {
        let start = self.c.pos;
        self.c.pos += 1;
        match v {
            Verb::Delete | Verb::Repeal => self.delete_clause(start, v == Verb::Repeal),
            Verb::Insert | Verb::Append => self.insert_clause(start, v == Verb::Append),
            Verb::Replace | Verb::Substitute | Verb::Change => self.replace_clause(start, v),
            Verb::Amend => {
                // `amend it by appending`, `Amend Rule 1 by appending` (read by `scope_lead`).
                if self.it_scope() {
                    return true;
                }
                // `Amend clause 3.2 to read “…”` as the provision's first clause (`scope_lead`
                // leaves it): the unit's new text, as `Clause 3.2 is amended to read` gives.
                let at = self.c.pos;
                if let Some(addr) = address(&mut self.c).filter(|a| self.gives_unit_text(a)) {
                    self.c.pos += 1;
                    return self.unit_to_read(addr, start);
                }
                self.c.pos = at;
                false
            }
            Verb::Renumber => self.renumber_clause(start),
            Verb::Designate => false,
        }
    }

    // ── Delete ──

    pub(super) fn delete_clause(&mut self, start: usize, repeal: bool) -> bool {
        self.c.skip_kws(&[Kw::The]);
        // `DELETE ALL`, `DELETE ALL AFTER “x”`, `delete all words before “x”`
        if self.c.eat_kw(Kw::All) {
            self.c.eat_kw(Kw::Words);
            if self.c.eat_kw(Kw::After) {
                let Some(pattern) = self.pattern_arg() else { return self.missing_quote(start) };
                self.emit(Clause::Delete(Target::AllAfter { pattern }), start);
                return true;
            }
            if self.c.eat_kw(Kw::Before) {
                let Some(pattern) = self.pattern_arg() else { return self.missing_quote(start) };
                self.emit(Clause::Delete(Target::AllBefore { pattern }), start);
                return true;
            }
            self.emit(Clause::Delete(Target::All), start);
            return true;
        }
        // `DELETE FINAL SENTENCE “…”`, `delete the first sentence`, `the last bullet point, beginning “…”`
        if let Some(Token { kind: Tok::Kw(Kw::Ordinal(which)), .. }) = self.c.peek() {
            let which = *which;
            if let Some(n) = self.c.peek_at(1) {
                if n.is(Kw::Sentence) || n.is(Kw::Item) {
                    let sentence = n.is(Kw::Sentence);
                    self.c.pos += 2;
                    let check = self.beginning_check();
                    let target =
                        if sentence { Target::Sentence { which, check } } else { Target::Item { which, check } };
                    self.emit(Clause::Delete(target), start);
                    return true;
                }
            }
        }
        // `strike from “PGP-Signed” to the end`
        if self.c.at_kw(Kw::From) && matches!(self.c.peek_at(1).map(|t| &t.kind), Some(Tok::Quote(_))) {
            self.c.pos += 1;
            let Some(pattern) = self.pattern_arg() else { return self.missing_quote(start) };
            if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::AtEnd)) {
                self.c.pos += 1;
                self.skip_of_unit();
            }
            self.emit(Clause::Delete(Target::FromOn { pattern }), start);
            return true;
        }
        // `DELETE “x”`, `strike the phrase “x” both times it appears`, `striking out “or” at
        // the end of subparagraph (ii)`
        if let Some(pattern) = self.pattern_arg() {
            let count = self.own_count();
            self.trailing_scope();
            if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::AtEnd)) {
                self.c.pos += 1;
                self.c.eat_kw(Kw::Of);
                if let Some(addr) = address(&mut self.c) {
                    self.target_scope(addr);
                }
                self.emit_counted(Clause::Delete(Target::AtEnd { pattern }), start, count);
                return true;
            }
            let count = count.or_else(|| self.own_count());
            self.trailing_scope();
            self.trailing_source();
            self.emit_counted(Clause::Delete(Target::Text { pattern }), start, count);
            return true;
        }
        // `Delete point vii)`, `by repealing subparagraph (iii)`, `Repeal the Rule with the title “X”`
        if let Some(addr) = address(&mut self.c) {
            act_citation(&mut self.c);
            let target = unit_target(addr);
            self.emit_repeal(Clause::Delete(target), start, repeal);
            return true;
        }
        // `DELETE every resident`: words that lack their quotes, where the sentence is clearly an
        // instruction (the verb opens it, in capitals or after a scope).
        if self.unquoted_words() && (self.set_scope || is_upper_verb(&self.c, &self.c.toks[start])) {
            return self.missing_quote(start);
        }
        false
    }

    /// Whether the rest of the clause is words with no quote, unit or block: text that lacks
    /// its quote marks.
    pub(super) fn unquoted_words(&self) -> bool {
        let rest = &self.c.toks[self.c.pos..];
        let clause = rest.iter().take_while(|t| !matches!(t.kind, Tok::Punct(';' | '.')) && t.verb().is_none());
        let mut words = false;
        for t in clause {
            match t.kind {
                Tok::Word => words = true,
                Tok::Quote(_) | Tok::Block(_) | Tok::Unit { .. } | Tok::Number(_) => return false,
                _ => {}
            }
        }
        words
    }

    /// `, beginning “full citizenship rights …”` after a sentence or item, or the quote itself.
    pub(super) fn beginning_check(&mut self) -> Option<Pattern> {
        let save = self.c.pos;
        self.c.eat_punct(',');
        if self
            .c
            .peek()
            .is_some_and(|t| matches!(t.kind, Tok::Word | Tok::Kw(Kw::End)) && is_beginning(self.c.text_of(t)))
        {
            self.c.pos += 1;
            self.c.eat_kw(Kw::With);
            if let Some(p) = self.pattern_arg() {
                return Some(match p {
                    Pattern::Exact { quote } => Pattern::Prefix { quote },
                    other => other,
                });
            }
        }
        self.c.pos = save;
        if let Some(Token { kind: Tok::Quote(_), .. }) = self.c.peek() {
            return self.pattern_arg();
        }
        None
    }
}
