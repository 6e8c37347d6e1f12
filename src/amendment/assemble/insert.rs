//! INSERT / add / append: the new text and where it goes.

use super::*;

impl Reader<'_, '_, '_> {
    // ── Insert ──

    pub(super) fn insert_clause(&mut self, start: usize, append: bool) -> bool {
        // `INSERT AT END “y”`, `adding at the end the following:`, `add at end:`
        if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::AtEnd) || matches!(t.kind, Tok::AtStart)) {
            let end = self.c.peek().is_some_and(|t| matches!(t.kind, Tok::AtEnd));
            self.c.pos += 1;
            if self.c.eat_kw(Kw::Of) {
                if let Some(addr) = address(&mut self.c) {
                    act_citation(&mut self.c);
                    self.target_scope(addr);
                }
            }
            let Some(text) = self.text_arg() else { return self.missing_text(start) };
            self.emit(Clause::Insert(if end { Anchor::End } else { Anchor::Start }, text), start);
            return true;
        }
        // `Insert after clause 3.2: “…”`, `Add after rule 3.2 the following new rule:`: a unit
        // of its own after 3.2 (not `after clause 3.2 the words “…”`, which names no unit).
        if self.c.at_kw(Kw::After) && matches!(self.c.peek_at(1).map(|t| &t.kind), Some(Tok::Unit { .. })) {
            let save = self.c.pos;
            self.c.pos += 1;
            if let Some(Address { refs, through: false, .. }) = address(&mut self.c) {
                act_citation(&mut self.c);
                let words = self.c.at_kw(Kw::Words) || self.c.peek_at(1).is_some_and(|t| t.is(Kw::Words));
                if let (Ok([unit]), false) = (<[UnitRef; 1]>::try_from(refs), words) {
                    return self.new_unit_after(unit, start);
                }
            }
            self.c.pos = save;
        }
        // `Insert a new section 4.3 reading:`, `Add new clause 3.4: “…”`, `adding a new paragraph
        // (1A) to read as follows:`, `Add a new paragraph after 2.3: “…”`
        let save = self.c.pos;
        self.c.skip_kws(&[Kw::A]);
        if self.c.eat_kw(Kw::New) {
            if let Some(Token { kind: Tok::Unit { word, .. }, .. }) = self.c.peek() {
                let word: &str = word;
                let number = match self.c.peek_at(1) {
                    Some(Token { kind: Tok::Number(n), .. }) => Some(n),
                    _ => None,
                };
                if let Some(n) = number {
                    self.c.pos += 2;
                    // `and (c)`: further new units in the same block
                    while self.c.at_kw(Kw::And) && matches!(self.c.peek_at(1).map(|t| &t.kind), Some(Tok::Number(_))) {
                        self.c.pos += 2;
                    }
                    self.after_unit();
                    self.c.skip_kws(&[Kw::Is, Kw::Be]);
                    let Some(text) = self.text_arg() else { return self.missing_text(start) };
                    let number = n.written.trim().trim_end_matches(['.', ')']).to_string();
                    let number = if n.written.trim().starts_with('(') { n.written.trim().to_string() } else { number };
                    let anchor = Anchor::NewNumbered { number };
                    self.emit(Clause::Insert(anchor, text), start);
                    return true;
                }
                // `Add a new paragraph after 2.3:`, `Add a new rule after rule 2.3:`
                self.c.pos += 1;
                if self.c.eat_kw(Kw::After) {
                    let unit = match address(&mut self.c) {
                        Some(a) => a.refs.into_iter().next(),
                        None => match self.c.peek() {
                            Some(Token { kind: Tok::Number(n), span }) => {
                                let n = n.clone();
                                let span = *span;
                                self.c.pos += 1;
                                Some(UnitRef::new(
                                    crate::amendment::address::number_steps(&n, Some(word.to_string())),
                                    span,
                                    n.written.trim(),
                                ))
                            }
                            _ => None,
                        },
                    };
                    if let Some(unit) = unit {
                        return self.new_unit_after(unit, start);
                    }
                }
                // `Append a new paragraph to …` falls through to the paragraph forms below.
            }
        }
        self.c.pos = save;
        // `Append the following paragraph to rule section “Polls”:`, `Append a paragraph to
        // “Style conventions”:`, `Append the following sentence to the last paragraph of …`
        let kind_at = self.c.pos;
        // `the following` is one token (`Follows`), `a new`, `the` are keywords.
        while self.c.peek().is_some_and(|t| matches!(t.kind, Tok::Follows)) || {
            let before = self.c.pos;
            self.c.skip_kws(&[Kw::The, Kw::A, Kw::Following, Kw::New]);
            self.c.pos > before
        } {
            if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::Follows)) {
                self.c.pos += 1;
            }
        }
        let noun = self.c.peek().and_then(|t| match &t.kind {
            Tok::Unit { word, .. } if *word == "paragraph" => Some(Noun::Paragraph),
            Tok::Kw(Kw::Sentence | Kw::Sentences) => Some(Noun::Sentence),
            Tok::Kw(Kw::Words) => Some(Noun::Words),
            _ => None,
        });
        let follows_before =
            self.c.toks[kind_at..self.c.pos].iter().any(|t| t.is(Kw::Following) || matches!(t.kind, Tok::Follows));
        // `Append to rule section “Polls”:` and the block below: no noun, the text is what the
        // block holds.
        if append && noun.is_none() && self.c.pos == kind_at && self.c.at_kw(Kw::To) {
            if let Some(done) = self.append_to(start, Noun::Unnamed) {
                return done;
            }
            self.c.pos = kind_at;
        }
        if let Some(noun) = noun {
            if noun != Noun::Words || follows_before {
                self.c.pos += 1;
                if let Some(done) = self.append_to(start, noun) {
                    return done;
                }
            }
        }
        self.c.pos = kind_at;
        // `Append the following as Article 5.3: Committee members shall …`: the text runs on
        // after the colon, unquoted, to the end of the provision.
        if let Some((text, resume)) = self.inline_text() {
            self.c.pos = resume;
            let done = self.after_text_insert(start, text, append);
            self.c.pos = self.c.toks.len();
            return done;
        }
        // The new text, then where it goes.
        let Some(text) = self.text_arg() else {
            let unquoted = self.unquoted_words() && (self.set_scope || is_upper_verb(&self.c, &self.c.toks[start]));
            if unquoted {
                return self.missing_quote(start);
            }
            // `INSERT the following:` with nothing below it
            let promised = self.c.toks[self.c.pos..]
                .iter()
                .take_while(|t| !t.is_punct(';') && !t.is_punct('.'))
                .any(|t| matches!(t.kind, Tok::Follows) || t.is(Kw::Following) || t.is_punct(':'));
            return (append || promised) && self.missing_text(start);
        };
        self.after_text_insert(start, text, append)
    }

    /// The new unit the clause's text makes after `unit`, which scopes the rest of the provision.
    fn new_unit_after(&mut self, unit: UnitRef, start: usize) -> bool {
        let within = self.scope;
        let scope = Scope {
            span: unit.span,
            unit: Some(unit),
            titled: false,
            lines: None,
            cited: false,
            within,
            sentence: None,
        };
        self.a.items.push(Item::Scope(scope));
        self.scope = Some(self.a.items.len() - 1);
        let Some(text) = self.text_arg() else { return self.missing_text(start) };
        self.emit(Clause::Insert(Anchor::NewUnitAfter, text), start);
        true
    }

    /// `the following as Article 5.3: <words>`: the words after the colon, to the end of the
    /// provision, where they hold no quote or block; and where the place words start.
    pub(super) fn inline_text(&self) -> Option<(NewText, usize)> {
        let toks = self.c.toks;
        let follows = self.c.pos + toks[self.c.pos..].iter().position(|t| matches!(t.kind, Tok::Follows))?;
        let colon = follows + toks[follows..].iter().position(|t| t.is_punct(':'))?;
        let rest = &toks[colon + 1..];
        let words = rest.iter().filter(|t| matches!(t.kind, Tok::Word)).count();
        if words < 3 || rest.iter().any(|t| matches!(t.kind, Tok::Quote(_) | Tok::Block(_))) {
            return None;
        }
        // Only place words between `the following` and the colon.
        if toks[follows + 1..colon].iter().any(|t| t.verb().is_some() || t.is_punct('.') || t.is_punct(';')) {
            return None;
        }
        let span = Span::new(rest.first()?.span.start, rest.last()?.span.end);
        let text = lex::join_lines(self.a.text[span.range()].trim());
        Some((NewText::Block { text, span }, follows + 1))
    }

    /// After an inserted text: where it goes.
    pub(super) fn after_text_insert(&mut self, start: usize, text: NewText, append: bool) -> bool {
        // `inserting “X” after “Y”`, `insert “Y” before “X”`, `after section 8.1`
        if self.c.at_kw(Kw::After) || self.c.at_kw(Kw::Before) {
            let after = self.c.at_kw(Kw::After);
            let save = self.c.pos;
            self.c.pos += 1;
            if let Some(pattern) = self.pattern_arg() {
                let count = self.own_count();
                self.trailing_scope();
                let at = if after { Anchor::After { pattern } } else { Anchor::Before { pattern } };
                self.emit_counted(Clause::Insert(at, text), start, count);
                return true;
            }
            // `before the list of modules`
            self.c.skip_kws(&[Kw::The]);
            if self.c.at_kw(Kw::List) && !after {
                self.c.pos += 1;
                self.skip_filler_words();
                self.trailing_scope();
                self.emit(Clause::Insert(Anchor::BeforeList, text), start);
                return true;
            }
            self.c.pos = save + 1;
            if let Some(addr) = address(&mut self.c) {
                act_citation(&mut self.c);
                self.target_scope(addr);
                let at = Anchor::NewUnitAfter;
                if !after {
                    return self.stray(start, "new units go after a unit; name the unit they follow");
                }
                self.emit(Clause::Insert(at, text), start);
                return true;
            }
            self.c.pos = save;
        }
        // `adding “and” at the end of paragraph (a)`, `Append … to the end of the rule “X”`
        if self.c.at_kw(Kw::To) || self.c.peek().is_some_and(|t| matches!(t.kind, Tok::AtEnd)) {
            let save = self.c.pos;
            self.c.eat_kw(Kw::To);
            // `to the bottom of “Proposal content”`: below everything the unit holds.
            let mut bottom = false;
            if let Some(t) = self.c.peek().filter(|t| matches!(t.kind, Tok::AtEnd)) {
                let words = self.c.text_of(t).to_lowercase();
                bottom = words.ends_with("bottom") || words.ends_with("foot");
                self.c.pos += 1;
            }
            let of = self.c.eat_kw(Kw::Of);
            // `adding “x” at the end.`: at the end of the scope unit.
            let clause_ends = self.c.peek().is_none_or(|t| {
                matches!(t.kind, Tok::Punct('.' | ';' | ',') | Tok::Kw(Kw::And | Kw::Then)) || t.verb().is_some()
            });
            if self.it_scope() || self.c.peek().is_none() || (!of && clause_ends) {
                self.emit(Clause::Insert(Anchor::End, text), start);
                return true;
            }
            if let Some(addr) = self.address_or_title() {
                act_citation(&mut self.c);
                self.target_scope(addr);
                let anchor = if bottom || append && matches!(text, NewText::Block { .. }) {
                    Anchor::NewParagraph { after_children: true }
                } else {
                    Anchor::End
                };
                self.emit(Clause::Insert(anchor, text), start);
                return true;
            }
            self.c.pos = save;
        }
        // `Insert the following as the second element in the bulletted list in rule section “Content”:`,
        // `Append the following as Article 5.3:`
        if self.c.at_kw(Kw::As) {
            let save = self.c.pos;
            self.c.pos += 1;
            self.c.skip_kws(&[Kw::The, Kw::A]);
            if let Some(Token { kind: Tok::Kw(Kw::Ordinal(which)), .. }) = self.c.peek() {
                let which = *which;
                if self.c.peek_at(1).is_some_and(|t| t.is(Kw::Item)) {
                    self.c.pos += 2;
                    while self.c.eat_kw(Kw::In)
                        || self.c.eat_kw(Kw::Of)
                        || self.c.eat_kw(Kw::The)
                        || self.c.eat_kw(Kw::List)
                    {}
                    if let Some(addr) = self.address_or_title() {
                        self.target_scope(addr);
                    }
                    self.emit(Clause::Insert(Anchor::ListItem { which }, text), start);
                    return true;
                }
            }
            if let Some(addr) = address(&mut self.c) {
                if let Some(unit) = addr.single() {
                    if let Some(number) = unit.steps.last().and_then(|s| s.printed.clone().or(s.number.clone())) {
                        // Numbered among the units of the scope, or of the unit named first.
                        if unit.steps.len() > 1 {
                            let parent = UnitRef::new(
                                unit.steps[..unit.steps.len() - 1].to_vec(),
                                unit.span,
                                unit.written.clone(),
                            );
                            self.target_scope(Address {
                                refs: vec![parent],
                                through: false,
                                span: addr.span,
                                cited: false,
                            });
                        }
                        self.emit(Clause::Insert(Anchor::NewNumbered { number }, text), start);
                        return true;
                    }
                }
            }
            self.c.pos = save;
        }
        // `adding the following in alphabetical order:` (new definitions)
        if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::Alphabetical)) {
            self.c.pos += 1;
            self.emit(Clause::Insert(Anchor::Alphabetical, text), start);
            return true;
        }
        // `“x” in its place` is the replacement of the clause before it.
        let replaces = self.c.peek().is_some_and(|t| matches!(t.kind, Tok::InPlace));
        if replaces {
            self.c.pos += 1;
        }
        self.trailing_scope();
        if append {
            self.emit(Clause::Insert(Anchor::End, text), start);
        } else {
            self.emit(Clause::Text { text, replaces: false }, start);
        }
        true
    }

    /// `Append the following paragraph to rule section “Polls”:` and its kin, after the noun.
    pub(super) fn append_to(&mut self, start: usize, noun: Noun) -> Option<bool> {
        let save = self.c.pos;
        // `to the bottom of`, `to the end of`, `to`
        let mut at_end = false;
        if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::AtEnd)) {
            self.c.pos += 1;
            at_end = true;
        } else if !self.c.eat_kw(Kw::To) {
            // `Amend Rule 103 by appending the following paragraph:`: a paragraph of the unit
            // in scope (the text as one, it would run on in the unit's last paragraph).
            let text_next =
                self.c.peek().is_none_or(|t| t.is_punct(':') || matches!(t.kind, Tok::Quote(_) | Tok::Block(_)));
            if noun == Noun::Paragraph && self.scope.is_some() && text_next {
                self.c.eat_punct(':');
                let Some(text) = self.text_arg() else { return Some(self.missing_text(start)) };
                self.emit(Clause::Insert(Anchor::NewParagraph { after_children: false }, text), start);
                return Some(true);
            }
            self.c.pos = save;
            return None;
        }
        self.c.eat_kw(Kw::Of);
        // `to the last paragraph of the rule section “Cabals”`
        self.c.skip_kws(&[Kw::The]);
        let mut last_paragraph = None;
        if let Some(Token { kind: Tok::Kw(Kw::Ordinal(which)), .. }) = self.c.peek() {
            let which = *which;
            if self.c.peek_at(1).is_some_and(|t| matches!(&t.kind, Tok::Unit { word, .. } if *word == "paragraph")) {
                self.c.pos += 2;
                self.c.eat_kw(Kw::Of);
                last_paragraph = Some(which);
            }
        }
        let addr = self.address_or_title()?;
        let mut addr = addr;
        if let Some(which) = last_paragraph {
            for r in &mut addr.refs {
                r.steps.push(RefStep { keyword: Some("paragraph".into()), ordinal: Some(which), ..RefStep::default() });
            }
        }
        self.target_scope(addr);
        self.c.eat_punct(':');
        let text = match self.text_arg() {
            Some(t) => t,
            None => return Some(self.missing_text(start)),
        };
        let anchor = match noun {
            Noun::Paragraph => Anchor::NewParagraph { after_children: at_end },
            Noun::Unnamed if matches!(text, NewText::Block { .. }) => Anchor::NewParagraph { after_children: at_end },
            Noun::Sentence | Noun::Words | Noun::Unnamed => Anchor::End,
        };
        self.emit(Clause::Insert(anchor, text), start);
        Some(true)
    }

    /// `after section 8.1` / `after subsection (1.4)` after `adding the following`; sets the
    /// scope to that unit. True if there was one.
    pub(super) fn after_unit(&mut self) -> bool {
        let save = self.c.pos;
        if !self.c.eat_kw(Kw::After) {
            return false;
        }
        match address(&mut self.c) {
            Some(addr) => {
                self.target_scope(addr);
                true
            }
            None => {
                self.c.pos = save;
                false
            }
        }
    }

    /// A unit named for a clause: it becomes the scope of this clause and the rest of the
    /// provision, looked for inside the provision's scope.
    pub(super) fn target_scope(&mut self, addr: Address) {
        if addr.through {
            self.range_as_place(addr.span);
        }
        let within = self.scope;
        let mut refs = addr.refs.into_iter();
        let Some(first) = refs.next() else { return };
        let scope = Scope {
            span: first.span,
            unit: Some(first),
            titled: false,
            lines: None,
            cited: addr.cited,
            within,
            sentence: None,
        };
        self.a.items.push(Item::Scope(scope));
        let index = self.a.items.len() - 1;
        if !addr.through {
            self.push_alike(index, refs.collect(), addr.cited, within);
        }
        self.scope = Some(index);
    }

    /// An address, or a quoted title after `in`/`to`/`of` (`in “Style conventions”`).
    pub(super) fn address_or_title(&mut self) -> Option<Address> {
        if let Some(a) = address(&mut self.c) {
            return Some(a);
        }
        self.c.skip_kws(&[Kw::The]);
        if let Some(Token { kind: Tok::Quote(q), span }) = self.c.peek() {
            let span = *span;
            let title = lex::join_lines(q.verbatim().trim());
            self.c.pos += 1;
            let step = RefStep { heading: Some(title), ..RefStep::default() };
            let written = self.a.text[span.range()].to_string();
            return Some(Address {
                refs: vec![UnitRef::new(vec![step], span, written)],
                through: false,
                span,
                cited: false,
            });
        }
        None
    }
}
