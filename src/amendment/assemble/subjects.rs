//! Clauses that open with their subject (`Section 5 is repealed`), and the arguments every
//! clause reads: patterns, new text, counts, places after the words.

use super::*;

impl Reader<'_, '_, '_> {
    // ── Subjects ──

    /// A clause that opens with its subject: `Section 5 is repealed`, `Subsection 75.1(2) … is
    /// replaced by the following:`, `The portion of section 4 before paragraph (a) is replaced
    /// by the following:`, `The lead-in language is amended to read as follows:`, `A new
    /// subsection (b) is added to read as follows:`, `The existing text is designated as
    /// subsection (a).`, `Paragraph (8C) is redesignated as paragraph (8D).`
    pub(super) fn subject_clause(&mut self) -> bool {
        let start = self.c.pos;
        let subject = self.subject();
        let Some(subject) = subject else {
            self.c.pos = start;
            return false;
        };
        // `That the words “x” in clause 3.1 be deleted`: the words' unit before the verb.
        if matches!(subject, Subject::Pattern(..)) {
            self.trailing_scope();
        }
        // `Rule 12.4 shall then read “…”` (SoReads), `SO2 currently reads:`
        if let Some(t) = self.c.peek() {
            if matches!(t.kind, Tok::ToRead | Tok::CurrentlyReads | Tok::SoReads) {
                let currently = matches!(t.kind, Tok::CurrentlyReads);
                let gives = matches!(t.kind, Tok::ToRead) && !self.made;
                self.c.pos += 1;
                if let Subject::Units(addr) = subject {
                    // `Clause 3.3 to read: “…”`, `Rule 3.3 shall read “…”` as a provision's
                    // first clause give the unit its text, as `is amended to read` does; after
                    // an instruction they state its result, like `so that it reads`.
                    if gives && addr.refs.len() == 1 && !addr.through {
                        return self.unit_to_read(addr, start);
                    }
                    self.target_scope(addr);
                }
                let Some(text) = self.text_arg() else { return self.missing_text(start) };
                self.emit(if currently { Clause::Currently(text) } else { Clause::Reads(text) }, start);
                return true;
            }
        }
        if !(self.c.at_kw(Kw::Is) || self.c.at_kw(Kw::Be)) {
            self.c.pos = start;
            return false;
        }
        self.c.skip_kws(&[Kw::Is, Kw::Be, Kw::Hereby]);
        let verb = self.c.peek().and_then(Token::verb);
        let Some(verb) = verb else {
            self.c.pos = start;
            return false;
        };
        self.c.pos += 1;
        self.c.skip_kws(&[Kw::Hereby]);
        match (verb, subject) {
            // `Section 5 is repealed`, `Subsection (c) is struck out`
            (Verb::Repeal | Verb::Delete, Subject::Units(addr)) => {
                let repeal = verb == Verb::Repeal;
                self.emit_repeal(Clause::Delete(unit_target(addr)), start, repeal);
                true
            }
            // `That the words “x” be deleted from clause 3.1 [and replaced by “y”]`
            (Verb::Delete, Subject::Pattern(pattern, every)) => {
                let count = every.then_some(Count::Throughout).or_else(|| self.own_count());
                self.trailing_scope();
                self.trailing_source();
                let clause = match self.replaced_after_and() {
                    Some(text) => Clause::Replace(Target::Text { pattern }, text),
                    None => Clause::Delete(Target::Text { pattern }),
                };
                let count = count.or_else(|| self.own_count());
                self.trailing_scope();
                self.emit_counted(clause, start, count);
                true
            }
            (Verb::Repeal | Verb::Delete, Subject::LeadIn(before)) => {
                self.emit(Clause::Delete(Target::LeadIn { before }), start);
                true
            }
            // `… is replaced by the following:`, `… is amended to read as follows:`, `… shall be
            // substituted`
            (Verb::Replace | Verb::Amend | Verb::Substitute | Verb::Change, subject) => {
                if verb == Verb::Amend && !self.c.peek().is_some_and(|t| matches!(t.kind, Tok::ToRead)) {
                    // `is amended by …`: a scope (read by `scope_lead`)
                    self.c.pos = start;
                    return false;
                }
                self.c.eat_kw(Kw::By);
                self.c.eat_kw(Kw::With);
                self.c.eat_kw(Kw::To);
                let Some(text) = self.text_arg() else { return self.missing_text(start) };
                let target = match subject {
                    Subject::Pattern(pattern, every) => {
                        let count = every.then_some(Count::Throughout).or_else(|| self.own_count());
                        self.trailing_scope();
                        self.emit_counted(Clause::Replace(Target::Text { pattern }, text), start, count);
                        return true;
                    }
                    Subject::Units(addr) if addr.refs.len() == 1 && !addr.through => {
                        // The unit rewritten is the scope of what follows in the provision.
                        let unit = addr.refs[0].clone();
                        self.target_scope(addr);
                        Target::Unit { unit }
                    }
                    Subject::Units(addr) => unit_target(addr),
                    Subject::LeadIn(before) => Target::LeadIn { before },
                    Subject::Heading => Target::Heading,
                    Subject::ScopeText => Target::All,
                    Subject::New(..) => return self.stray(start, "a new unit is added, not replaced"),
                };
                self.emit(Clause::Replace(target, text), start);
                true
            }
            // `A new subsection (b) is added to read as follows:`
            (Verb::Insert | Verb::Append, Subject::New(number, addr)) => {
                if let Some(addr) = addr {
                    self.target_scope(addr);
                }
                let Some(text) = self.text_arg() else { return self.missing_text(start) };
                self.emit(Clause::Insert(Anchor::NewNumbered { number }, text), start);
                true
            }
            // `Paragraph (8C) is redesignated as paragraph (8D).`
            (Verb::Renumber, Subject::Units(addr)) => {
                if !self.c.eat_kw(Kw::As) {
                    return false;
                }
                let Some(to) = address(&mut self.c) else { return false };
                self.renumber_each(addr.refs, super::replace::new_numbers(&to), None, start, "redesignation")
            }
            // `The existing text is designated as subsection (a).`
            (Verb::Designate, Subject::ScopeText) => {
                if !self.c.eat_kw(Kw::As) {
                    return false;
                }
                let Some(addr) = address(&mut self.c) else { return false };
                let number =
                    addr.refs[0].steps.last().and_then(|s| s.printed.clone().or(s.number.clone())).unwrap_or_default();
                self.emit(Clause::Designate(Portion::All, number), start);
                true
            }
            _ => {
                self.c.pos = start;
                false
            }
        }
    }

    /// `and replaced by “y”`, `and “y” inserted`, `and “y” substituted` after words a passive
    /// clause deletes: the text put in their place.
    fn replaced_after_and(&mut self) -> Option<NewText> {
        let save = self.c.pos;
        if self.c.eat_kw(Kw::And) {
            self.c.skip_kws(&[Kw::Be, Kw::Is]);
            let verb = self.c.peek().and_then(Token::verb);
            if matches!(verb, Some(Verb::Replace | Verb::Substitute)) {
                self.c.pos += 1;
                if self.c.eat_kw(Kw::By) || self.c.eat_kw(Kw::With) {
                    if let Some(text) = self.text_arg() {
                        return Some(text);
                    }
                }
            } else if let Some(text) = self.text_arg() {
                self.c.skip_kws(&[Kw::Be, Kw::Is]);
                let verb = self.c.peek().and_then(Token::verb);
                if matches!(verb, Some(Verb::Insert | Verb::Substitute)) {
                    self.c.pos += 1;
                    if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::InPlace)) {
                        self.c.pos += 1;
                    }
                    return Some(text);
                }
            }
        }
        self.c.pos = save;
        None
    }

    /// The subject of a clause.
    pub(super) fn subject(&mut self) -> Option<Subject> {
        let start = self.c.pos;
        // `All appearances of the word Chairman`, `“Chairman”`
        let every = self.c.peek().is_some_and(|t| matches!(t.kind, Tok::AllOf));
        if every {
            self.c.pos += 1;
        }
        if every || matches!(self.c.peek().map(|t| &t.kind), Some(Tok::Quote(_))) {
            let words =
                self.c.peek().is_some_and(|t| t.is(Kw::The)) && self.c.peek_at(1).is_some_and(|t| t.is(Kw::Words));
            let _ = words;
            match self.pattern_arg() {
                Some(p) => return Some(Subject::Pattern(p, every)),
                None => {
                    self.c.pos = start;
                    return None;
                }
            }
        }
        match self.c.peek()?.kind {
            // `The portion of section 4 before paragraph (a)`, `The lead-in language`
            Tok::LeadIn => {
                self.c.pos += 1;
                let mut before = None;
                if let Some(addr) = address(&mut self.c) {
                    act_citation(&mut self.c);
                    self.target_scope(addr);
                }
                if self.c.eat_kw(Kw::Before) {
                    before = address(&mut self.c).and_then(|a| a.refs.into_iter().next());
                }
                Some(Subject::LeadIn(before))
            }
            // `The section heading`, `the heading of section 5`
            Tok::Heading => {
                self.c.pos += 1;
                if let Some(addr) = address(&mut self.c) {
                    act_citation(&mut self.c);
                    self.target_scope(addr);
                }
                Some(Subject::Heading)
            }
            _ => {
                self.c.skip_kws(&[Kw::The]);
                // `The existing text`, `The text`
                if self.c.at_kw(Kw::Existing) && self.c.peek_at(1).is_some_and(|t| t.is(Kw::Words))
                    || self.c.at_kw(Kw::Words)
                {
                    self.c.skip_kws(&[Kw::Existing]);
                    self.c.pos += 1;
                    return Some(Subject::ScopeText);
                }
                // `The newly designated subsection (a)`
                if self.c.at_kw(Kw::Existing) && self.c.peek_at(1).and_then(Token::verb) == Some(Verb::Designate) {
                    self.c.pos += 2;
                }
                // `A new subsection (b)`, `New paragraphs (10E) and (10F)`
                let a_new = {
                    let save = self.c.pos;
                    self.c.skip_kws(&[Kw::A]);
                    let yes = self.c.eat_kw(Kw::New);
                    if !yes {
                        self.c.pos = save;
                    }
                    yes
                };
                let addr = address(&mut self.c);
                let Some(addr) = addr else {
                    self.c.pos = start;
                    return None;
                };
                act_citation(&mut self.c);
                if a_new {
                    let unit = addr.refs.first()?;
                    let number = unit.steps.last().and_then(|s| s.printed.clone().or(s.number.clone()))?;
                    let parent = (unit.steps.len() > 1).then(|| {
                        let u =
                            UnitRef::new(unit.steps[..unit.steps.len() - 1].to_vec(), unit.span, unit.written.clone());
                        Address { refs: vec![u], through: false, span: unit.span, cited: false }
                    });
                    return Some(Subject::New(number, parent));
                }
                Some(Subject::Units(addr))
            }
        }
    }

    // ── Arguments ──

    /// Quoted words that locate text: `“x”`, `the words “x”`, `the phrase "x"`, Debian `the
    /// word Chairman`.
    pub(super) fn pattern_arg(&mut self) -> Option<Pattern> {
        let save = self.c.pos;
        self.c.skip_kws(&[Kw::The]);
        let words = self.c.eat_kw(Kw::Words);
        self.c.eat_kw(Kw::Sentence);
        self.c.eat_punct(':');
        match self.c.peek() {
            Some(Token { kind: Tok::Quote(q), span }) => {
                let p = pattern(q, *span);
                self.c.pos += 1;
                Some(p)
            }
            // Debian `the word Chairman`
            Some(t @ Token { kind: Tok::Word, .. }) if words => {
                let text = self.c.text_of(t).to_string();
                let span = t.span;
                self.c.pos += 1;
                Some(Pattern::Exact { quote: Quote { text, span, unclosed: false } })
            }
            _ => {
                self.c.pos = save;
                None
            }
        }
    }

    /// New text: a quote (`“y”`, `the words “y”`, `: “y”`), `the following:` and the block
    /// below, a block, or a punctuation mark named (`a period`).
    pub(super) fn text_arg(&mut self) -> Option<NewText> {
        let save = self.c.pos;
        let mut follows = false;
        loop {
            match self.c.peek().map(|t| &t.kind) {
                Some(Tok::Punct(':' | '—' | '–' | '-' | ',')) | Some(Tok::Kw(Kw::The | Kw::New | Kw::Is)) => {}
                // `as: “…”`, but not `as the second element`, `as Article 5.3`: a place.
                Some(Tok::Kw(Kw::As))
                    if !self.c.peek_at(1).is_some_and(|n| {
                        matches!(n.kind, Tok::Kw(Kw::The | Kw::A | Kw::Ordinal(_)) | Tok::Unit { .. } | Tok::Number(_))
                    }) => {}
                Some(Tok::Kw(Kw::Words)) if !follows => {}
                Some(Tok::Follows) | Some(Tok::ToRead) | Some(Tok::Kw(Kw::Following)) => follows = true,
                Some(Tok::Kw(Kw::Item | Kw::Sentence | Kw::Sentences | Kw::Words)) if follows => {}
                Some(Tok::Unit { .. }) if follows => {}
                Some(Tok::Word) if follows => {}
                Some(Tok::Kw(Kw::A)) => {
                    // `a period`, `a full stop`, `a comma`
                    if let Some(n) = self.c.peek_at(1) {
                        if let Some(p) = punctuation_named(self.c.text_of(n)) {
                            let span = self.c.toks[self.c.pos].span.join(n.span);
                            self.c.pos += 2;
                            return Some(NewText::Quoted {
                                quote: Quote { text: p.to_string(), span, unclosed: false },
                            });
                        }
                    }
                    break;
                }
                _ => break,
            }
            self.c.pos += 1;
        }
        // Debian `with the word Chair`
        if self.c.pos > save && self.c.toks[self.c.pos - 1].is(Kw::Words) {
            if let Some(t @ Token { kind: Tok::Word, .. }) = self.c.peek() {
                let text = self.c.text_of(t).to_string();
                let span = t.span;
                self.c.pos += 1;
                return Some(NewText::Quoted { quote: Quote { text, span, unclosed: false } });
            }
        }
        match self.c.peek().map(|t| (&t.kind, t.span)) {
            Some((Tok::Quote(q), span)) => {
                let quote = q.as_quote(span);
                self.c.pos += 1;
                Some(NewText::Quoted { quote })
            }
            Some((Tok::Block(i), _)) => {
                let b = self.blocks[*i];
                self.taken[*i] = true;
                self.c.pos += 1;
                Some(NewText::Block { text: b.text.clone(), span: b.span })
            }
            // `adding the following after section 8.1:` — the block comes after the place it
            // goes; the caller reads the place next.
            _ if follows => {
                let rest = &self.c.toks[self.c.pos..];
                let end = rest.iter().position(|t| t.is_punct(';') || t.is_punct('.')).unwrap_or(rest.len());
                let block = rest[..end].iter().find_map(|t| match t.kind {
                    Tok::Block(i) if !self.taken[i] => Some(i),
                    _ => None,
                });
                match block {
                    Some(i) => {
                        self.taken[i] = true;
                        let b = self.blocks[i];
                        Some(NewText::Block { text: b.text.clone(), span: b.span })
                    }
                    None => {
                        self.c.pos = save;
                        None
                    }
                }
            }
            _ => {
                self.c.pos = save;
                None
            }
        }
    }

    /// A count written with the clause (`“x” TWICE`, `both times it appears`).
    pub(super) fn own_count(&mut self) -> Option<Count> {
        let save = self.c.pos;
        self.c.eat_punct('–');
        self.c.eat_punct('—');
        self.c.eat_punct('-');
        let paren = self.c.eat_punct('(');
        match self.c.peek() {
            Some(Token { kind: Tok::Count(c), .. }) => {
                let c = *c;
                self.c.pos += 1;
                if paren {
                    self.c.eat_punct(')');
                }
                Some(c)
            }
            Some(Token { kind: Tok::AllOf, .. }) => None,
            _ => {
                self.c.pos = save;
                None
            }
        }
    }

    /// A count at the end of the provision (`– TWICE`), for its text instructions.
    pub(super) fn trailing_count(&mut self, count: Count, span: Span) {
        if let Some((_, first)) = self.count {
            if first != span {
                self.a.diagnostics.push(
                    Diagnostic::error(Code::Syntax, "instruction not understood: it gives two counts")
                        .primary(self.a.file, span, "second count")
                        .help("give the count once, e.g. DELETE “x”; INSERT “y” – TWICE"),
                );
                return;
            }
        }
        // A second count on a clause that has one is a mistake, not a choice.
        let counted = self.a.items[self.first_item..]
            .iter()
            .any(|i| matches!(i, Item::Instruction(ins) if ins.count != Count::Once));
        if counted {
            self.a.diagnostics.push(
                Diagnostic::error(Code::Syntax, "instruction not understood: it gives two counts")
                    .primary(self.a.file, span, "second count")
                    .help("give the count once, e.g. DELETE “x”; INSERT “y” – TWICE"),
            );
            return;
        }
        self.count = Some((count, span));
    }

    /// `in Rule 3.2` / `in rule section “Polls”` / `in “Style conventions”` after a clause's
    /// words: the unit they are in.
    pub(super) fn trailing_scope(&mut self) {
        let save = self.c.pos;
        if !self.c.eat_kw(Kw::In) {
            return;
        }
        // `in every standing order`, `in all the rules`: everywhere in the document.
        if self.c.at_kw(Kw::Each) || self.c.at_kw(Kw::All) {
            self.c.pos += 1;
            self.c.skip_kws(&[Kw::The]);
            if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::Unit { .. } | Tok::Kw(Kw::Act))) {
                self.c.pos += 1;
                self.scope = None;
                self.set_scope = true;
                self.count.get_or_insert((Count::Throughout, self.c.toks[save].span));
                return;
            }
            self.c.pos = save;
            return;
        }
        // `delete “x” in the second sentence`: a sentence of the unit in scope.
        if !self.named_sentence(None) {
            self.unit_after(save);
        }
    }

    /// `from rule 3.1` after the words a clause deletes: the unit they are deleted from, read
    /// as `in rule 3.1` is.
    pub(super) fn trailing_source(&mut self) {
        let save = self.c.pos;
        if self.c.eat_kw(Kw::From) {
            self.unit_after(save);
        }
    }

    /// The unit named after `in` or `from` as the scope; if none, back to `save`.
    fn unit_after(&mut self, save: usize) {
        match self.address_or_title() {
            Some(addr) => {
                act_citation(&mut self.c);
                self.target_scope(addr);
            }
            None => self.c.pos = save,
        }
    }

    /// Whether `addr`, at the cursor's `to read` in a provision's first clause, is one unit
    /// given its new text (`Amend clause 3.2 to read “…”`), not a statement of the result.
    pub(super) fn gives_unit_text(&self, addr: &Address) -> bool {
        !self.made
            && addr.refs.len() == 1
            && !addr.through
            && self.c.peek().is_some_and(|t| matches!(t.kind, Tok::ToRead))
    }

    /// `… to read “…”` after one unit (the cursor past `to read`): the unit's new text.
    pub(super) fn unit_to_read(&mut self, addr: Address, start: usize) -> bool {
        let Some(unit) = addr.refs.first().cloned() else { return false };
        self.target_scope(addr);
        let Some(text) = self.text_arg() else { return self.missing_text(start) };
        self.emit(Clause::Replace(Target::Unit { unit }, text), start);
        true
    }

    /// `of section 5` after `at the end`.
    pub(super) fn skip_of_unit(&mut self) {
        let save = self.c.pos;
        if self.c.eat_kw(Kw::Of) {
            if let Some(addr) = address(&mut self.c) {
                self.target_scope(addr);
                return;
            }
            self.c.pos = save;
        }
    }

    /// Words up to the next punctuation (`of modules`, `subsequent rules`).
    pub(super) fn skip_filler_words(&mut self) {
        while self.c.peek().is_some_and(|t| {
            matches!(t.kind, Tok::Word | Tok::Kw(Kw::Of | Kw::The | Kw::RenumberHow) | Tok::Unit { .. })
        }) {
            self.c.pos += 1;
        }
    }
}
