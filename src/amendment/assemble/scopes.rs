//! Scopes: `Para 2.1:`, `In section 5,`, `Section 5 is amended by`, `Throughout the rules,`,
//! `Page 2, line 10,`, `In the first sentence,`.

use super::*;

impl Reader<'_, '_, '_> {
    // ─────────────────────────── Scopes ───────────────────────────

    /// Connectives, frames and filler between clauses.
    pub(super) fn skip_connectives(&mut self) {
        while let Some(t) = self.c.peek() {
            let skip = match &t.kind {
                Tok::Punct(',' | ';' | '.' | ':' | '—' | '–' | '-' | '!' | ')' | ']') => true,
                Tok::Kw(Kw::And | Kw::Then | Kw::By | Kw::That | Kw::Hereby) => true,
                Tok::Kw(Kw::To) => self.c.peek_at(1).is_some_and(|n| n.verb().is_some()),
                Tok::InPlace => true,
                Tok::Word => self.is_frame(t),
                _ => false,
            };
            if !skip {
                break;
            }
            self.c.pos += 1;
        }
    }

    /// Whether a scope may start here: at the start of the provision or of a sentence or
    /// clause, or after a frame (`That`, `Resolved, that`, `by`). A unit named in the middle of
    /// words the rules do not know is not a scope.
    pub(super) fn at_sentence_start(&self) -> bool {
        let Some(prev) = self.c.pos.checked_sub(1).and_then(|p| self.c.toks.get(p)) else { return true };
        match &prev.kind {
            Tok::Punct(_) | Tok::Block(_) => true,
            Tok::Kw(Kw::That | Kw::And | Kw::Then | Kw::By | Kw::Hereby | Kw::To) => true,
            Tok::Word => self.is_frame(prev),
            // `The French version of subsection 4(2) is …`
            Tok::Kw(Kw::Of) => self.c.pos >= 2 && matches!(self.c.toks[self.c.pos - 2].kind, Tok::LanguageVersion),
            _ => false,
        }
    }

    /// Words that frame a motion (`Resolved`, `move`, `propose`, `Proposed edit`) or add
    /// nothing (`Additionally`, `also`).
    pub(super) fn is_frame(&self, t: &Token) -> bool {
        let w = self.c.text_of(t).to_lowercase();
        matches!(
            w.as_str(),
            "resolved"
                | "be"
                | "it"
                | "further"
                | "i"
                | "we"
                | "move"
                | "moves"
                | "propose"
                | "proposes"
                | "proposed"
                | "recommend"
                | "recommends"
                | "additionally"
                | "also"
                | "please"
                | "hereby"
                | "edit"
                | "amendment"
        ) && !self.c.peek_at(1).is_some_and(|n| matches!(&n.kind, Tok::Quote(q) if q.pieces.is_empty() && !q.unclosed))
    }

    /// A scope at the cursor: `Para 2.1:`, `In section 5,`, `Section 5 is amended by`, `That
    /// clause 3.3 be amended by`, `Amend Rule 3 by`, `Throughout the rules,`, `Page 2, line 10,`,
    /// `In the first sentence,`.
    pub(super) fn scope_lead(&mut self) -> bool {
        // A unit named after a full stop is named afresh, not within the unit of the sentence
        // before (`In Article 4.1, strike … to the end. In Article 5, strike …`), as it is
        // when the sentence starts a line of its own.
        let after_stop = self.c.pos.checked_sub(1).is_some_and(|p| matches!(self.c.toks[p].kind, Tok::Punct('.')));
        let set = self.set_scope;
        self.set_scope &= !after_stop;
        let found = self.scope_lead_here();
        // A scope pushed here is set; otherwise the one in force stays as it was.
        self.set_scope |= set;
        found
    }

    fn scope_lead_here(&mut self) -> bool {
        let save = self.c.pos;
        // `Throughout the rules,` / `Throughout,`
        if let Some(Token { kind: Tok::Count(Count::Throughout), span }) = self.c.peek() {
            let span = *span;
            let mut k = 1;
            let mut whole = false;
            while let Some(t) = self.c.peek_at(k) {
                match t.kind {
                    Tok::Kw(Kw::The) => {}
                    // `Throughout the standing orders,` (the whole text); `Throughout the
                    // section,` keeps the scope.
                    Tok::Kw(Kw::Act) | Tok::Unit { .. } => whole |= self.names_whole(t),
                    Tok::Word if k < 4 => whole |= self.names_whole(t),
                    _ => break,
                }
                k += 1;
            }
            if self.c.peek_at(k).is_some_and(|t| matches!(t.kind, Tok::Punct(',' | ':' | '—' | '–'))) {
                self.c.pos += k + 1;
                self.count = Some((Count::Throughout, span));
                if whole {
                    self.scope = None;
                    self.set_scope = true;
                }
                return true;
            }
        }
        // `In the first sentence,`
        if self.c.at_kw(Kw::In) && self.c.peek_at(1).is_some_and(|t| t.is(Kw::The)) {
            let opens = self.c.toks[self.c.pos].span;
            self.c.pos += 1;
            if self.named_sentence(Some(opens)) {
                return true;
            }
            self.c.pos -= 1;
        }
        // `Page 2, lines 4 to 6,`
        if self.c.at_kw(Kw::Page) || self.c.at_kw(Kw::Line) {
            return self.line_scope();
        }
        // `In section 5,` / `In Article 4.1 (AGMs), …`
        let had_in = self.c.eat_kw(Kw::In);
        // `That clause 3.3 be amended by`
        let frame = !had_in && self.c.eat_kw(Kw::That);
        // `Amend Rule 3 by` / `amend it by`
        let amend_first = !had_in && self.c.peek().and_then(Token::verb) == Some(Verb::Amend);
        if amend_first {
            self.c.pos += 1;
            if self.it_scope() {
                return true;
            }
        }
        // `The newly designated subsection (a) is amended`: the unit an earlier instruction numbered.
        let before_designated = self.c.pos;
        self.c.eat_kw(Kw::The);
        if !(self.c.eat_kw(Kw::Existing) && self.c.peek().and_then(Token::verb) == Some(Verb::Designate)) {
            self.c.pos = before_designated;
        } else {
            self.c.pos += 1;
        }
        let Some(addr) = address(&mut self.c).or_else(|| had_in.then(|| self.bare_number()).flatten()) else {
            self.c.pos = save;
            return false;
        };
        if amend_first
            && addr
                .refs
                .first()
                .and_then(|r| r.steps.first())
                .and_then(|s| s.keyword.as_deref())
                .is_some_and(|k| matches!(k, "proposal" | "motion"))
        {
            let provision = addr.refs[0].steps[0].number.clone().unwrap_or_default();
            self.amend_provision(provision, addr.span);
            return true;
        }
        // `Amend clause 3.2 to read “…”`: a clause (read by `verb_clause`), not a scope.
        if amend_first && self.gives_unit_text(&addr) {
            self.c.pos = save;
            return false;
        }
        let next = self.c.peek().map(|t| t.kind.clone());
        let is_scope = match next {
            None => true,
            Some(Tok::Punct(':' | '—' | '–' | '-' | ',')) => true,
            Some(Tok::Kw(Kw::Is | Kw::Be)) => self.amended_follows(),
            Some(Tok::Kw(Kw::By)) => amend_first,
            Some(Tok::NoChange | Tok::Verb(_) | Tok::Kw(Kw::Ordinal(_)) | Tok::Kw(Kw::Page | Kw::Line)) => true,
            Some(Tok::Count(_)) => false,
            _ => had_in || amend_first,
        };
        // `Section 5 is repealed`, `Para 2.1 currently reads`: a subject, read as a clause.
        let subject_clause =
            matches!(self.c.peek().map(|t| &t.kind), Some(Tok::Kw(Kw::Is | Kw::Be))) && !self.amended_follows();
        if !is_scope || subject_clause || (frame && !self.amended_follows()) {
            self.c.pos = save;
            return false;
        }
        // `is amended`, `be amended as follows`, `is amended—`
        let amended = self.c.at_kw(Kw::Is) || self.c.at_kw(Kw::Be);
        if amended {
            self.c.skip_kws(&[Kw::Is, Kw::Be, Kw::Hereby]);
            self.c.pos += 1; // amended
            self.c.skip_kws(&[Kw::Hereby]);
            if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::Follows)) {
                self.c.pos += 1;
            }
        }
        let lead = self.c.toks[save].span;
        let mut addr = addr;
        if (had_in || frame || amend_first) && addr.refs.len() == 1 {
            if let Some(r) = addr.refs.first_mut().filter(|r| r.span.start > lead.start) {
                r.span = Span::new(lead.start, r.span.end);
            }
        }
        self.scope_from(addr);
        // `Section 4 is amended in subsection (b) by striking …`: a unit inside it.
        if amended && self.c.at_kw(Kw::In) {
            let at = self.c.pos;
            self.c.pos += 1;
            match address(&mut self.c) {
                Some(inner) if self.c.at_kw(Kw::By) => self.scope_from(inner),
                _ => self.c.pos = at,
            }
        }
        // `Rule 1, Clause 1.2(c), line 10:` — lines of the unit
        if self.c.at_punct(',') && self.c.peek_at(1).is_some_and(|t| t.is(Kw::Line)) {
            self.c.pos += 2;
            let range = self.line_numbers();
            if let (Some(range), Some(Item::Scope(s))) = (range, self.scope.and_then(|i| self.a.items.get_mut(i))) {
                s.lines = Some(range);
                s.span = Span::new(s.span.start, self.c.toks[self.c.pos - 1].span.end);
            }
        }
        // `Rule 2.2: second sentence,`, `Clause 3.1, the second sentence:`
        self.c.eat_punct(':');
        let at = self.c.pos;
        self.c.eat_punct(',');
        if !self.named_sentence(None) {
            self.c.pos = at;
        }
        true
    }

    /// `the second sentence` (`the` optional): a sentence scope within the unit in scope; its
    /// span from `opens` (the `In` before it) if given, else from the ordinal.
    pub(super) fn named_sentence(&mut self, opens: Option<Span>) -> bool {
        let k = usize::from(self.c.at_kw(Kw::The));
        if let (Some(Token { kind: Tok::Kw(Kw::Ordinal(which)), span }), Some(s)) =
            (self.c.peek_at(k), self.c.peek_at(k + 1))
        {
            if s.is(Kw::Sentence) {
                let which = *which;
                let span = opens.unwrap_or(*span).join(s.span);
                self.c.pos += k + 2;
                self.sentence_scope(which, span);
                return true;
            }
        }
        false
    }

    /// Whether the cursor is at `is amended` / `be amended` / `are hereby amended`, not `is
    /// amended to read` (a clause).
    pub(super) fn amended_follows(&self) -> bool {
        let mut k = 0;
        while self.c.peek_at(k).is_some_and(|t| matches!(t.kind, Tok::Kw(Kw::Is | Kw::Be | Kw::Hereby))) {
            k += 1;
        }
        if k == 0 || self.c.peek_at(k).and_then(Token::verb) != Some(Verb::Amend) {
            return false;
        }
        !self.c.peek_at(k + 1).is_some_and(|t| matches!(t.kind, Tok::ToRead | Tok::SoReads))
    }

    /// `amend it by …`: the scope in force.
    pub(super) fn it_scope(&mut self) -> bool {
        let Some(t) = self.c.peek() else { return false };
        if matches!(t.kind, Tok::Word) && self.c.text_of(t).eq_ignore_ascii_case("it") {
            self.c.pos += 1;
            return true;
        }
        false
    }

    /// `In 3.1, replace …`, `In 4(2) delete …`: a unit named by its number alone after `In`,
    /// as `3.1:` names one at a provision's start. A number with no dot or bracket names a unit
    /// only when it is short (`In 12,`; `In 2019,` is a year); a comma, colon, dash or verb
    /// must follow. Left unread, the scope would be dropped and the words looked for in the
    /// whole text.
    fn bare_number(&mut self) -> Option<Address> {
        let Some(Token { kind: Tok::Number(n), span }) = self.c.peek() else { return None };
        let written = n.written.trim();
        let unit_like = written.contains(['.', '(']) || written.len() <= 3;
        let next = self.c.peek_at(1)?;
        let closes = matches!(next.kind, Tok::Punct(',' | ':' | '—' | '–')) || next.verb().is_some();
        if !(unit_like && closes) {
            return None;
        }
        let unit = UnitRef::new(crate::amendment::address::number_steps(n, None), *span, written);
        self.c.pos += 1;
        Some(Address { span: unit.span, refs: vec![unit], through: false, cited: false })
    }

    /// Makes a scope of an address (with its alike units), nested in the provision's scope.
    pub(super) fn scope_from(&mut self, addr: Address) {
        if addr.through {
            self.range_as_place(addr.span);
        }
        let mut refs = addr.refs.into_iter();
        let Some(first) = refs.next() else { return };
        let index = self.push_scope(first, false, addr.cited);
        if !addr.through {
            self.push_alike(index, refs.collect(), addr.cited, self.parent_scope);
        }
    }

    /// `In clauses 2.2 to 2.4, replace …`: a range is a target (`Delete clauses 2.2 to 2.4`),
    /// not a place. Whether the change is made once in the range or once in each unit is not
    /// said, and the units between are the base's to know; read as its first unit, the rest
    /// of the range would be dropped.
    pub(super) fn range_as_place(&mut self, span: Span) {
        self.failed = true;
        self.a.diagnostics.push(
            Diagnostic::error(Code::Syntax, "instruction not understood: a range of units as the place of a change")
                .primary(self.a.file, span, "a range is not read as a place")
                .secondary(self.a.file, self.provision_span, "")
                .help("name each unit, as a list (`In clauses 2.2, 2.3 and 2.4, replace …`: the change is made in each), or the unit that holds them all"),
        );
    }

    /// Scopes for the further units of a list (`In rules 2.1 and 2.2,`), recorded as alike
    /// to the scope `index`: the instructions read in it apply in each.
    pub(super) fn push_alike(&mut self, index: usize, others: Vec<UnitRef>, cited: bool, within: Option<usize>) {
        if others.is_empty() {
            return;
        }
        let mut extra = Vec::new();
        for u in others {
            let s = Scope { span: u.span, unit: Some(u), titled: false, lines: None, cited, within, sentence: None };
            self.a.items.push(Item::Scope(s));
            extra.push(self.a.items.len() - 1);
        }
        self.a.alike.insert(index, extra);
    }

    /// Pushes a scope for a unit, nested in the provision's scope; it becomes the scope of
    /// the clauses after it.
    pub(super) fn push_scope(&mut self, unit: UnitRef, titled: bool, cited: bool) -> usize {
        let span = unit.span;
        // Looked for inside the scope in force first (`In section 2(1), in paragraph (b),`).
        let within = if self.set_scope { self.scope } else { self.parent_scope };
        let scope = Scope { unit: Some(unit), span, titled, lines: None, cited, within, sentence: None };
        self.a.items.push(Item::Scope(scope));
        let index = self.a.items.len() - 1;
        self.scope = Some(index);
        self.set_scope = true;
        self.a.open = None;
        index
    }

    /// `In the first sentence,`: a sentence of the unit in scope.
    pub(super) fn sentence_scope(&mut self, which: Ordinal, span: Span) {
        let unit = self.scope.and_then(|s| match &self.a.items[s] {
            Item::Scope(Scope { unit, .. }) => unit.clone(),
            _ => None,
        });
        let within = self.scope.and_then(|s| match &self.a.items[s] {
            Item::Scope(Scope { within, .. }) => *within,
            _ => None,
        });
        let scope = Scope { unit, span, titled: false, lines: None, cited: false, within, sentence: Some(which) };
        self.a.items.push(Item::Scope(scope));
        self.scope = Some(self.a.items.len() - 1);
        self.set_scope = true;
    }

    /// `Page 2, lines 4 to 6,`, `line 10,` with an optional unit after it.
    pub(super) fn line_scope(&mut self) -> bool {
        let start = self.c.pos;
        let mut page = None;
        let mut lines: Option<LineRange> = None;
        loop {
            if self.c.eat_kw(Kw::Page) {
                page = self.plain_number();
            } else if self.c.eat_kw(Kw::Line) {
                lines = self.line_numbers().or(lines);
            } else {
                break;
            }
            if !self.c.eat_punct(',') {
                self.c.eat_punct(':');
                break;
            }
        }
        if let Some(l) = &mut lines {
            l.page = page;
        }
        if self.c.pos == start {
            return false;
        }
        // A unit after the page: `Page 12, Chapter 4, Clause II, Sub-clause 3, line 2:`
        let unit = address(&mut self.c).and_then(|a| a.refs.into_iter().next());
        if unit.is_some() {
            self.c.eat_punct(',');
            if self.c.at_kw(Kw::Line) {
                self.c.eat_kw(Kw::Line);
                let first = self.plain_number();
                let last = if self.c.eat_kw(Kw::To) || self.c.eat_punct('–') || self.c.eat_punct('-') {
                    self.plain_number()
                } else {
                    first
                };
                if let (Some(f), Some(l)) = (first, last) {
                    lines = Some(LineRange { first: f, last: l.max(f), page });
                }
            }
            self.c.eat_punct(':');
            self.c.eat_punct(',');
        }
        let span = self.c.span_from(start);
        let scope = Scope { unit, span, titled: false, lines, cited: false, within: self.parent_scope, sentence: None };
        self.a.items.push(Item::Scope(scope));
        self.scope = Some(self.a.items.len() - 1);
        self.set_scope = true;
        true
    }

    /// `10`, `4 to 6`, `4–6`, `4 through 6` after `line`: the lines, without a page.
    fn line_numbers(&mut self) -> Option<LineRange> {
        let first = self.plain_number();
        let ranged =
            self.c.eat_kw(Kw::To) || self.c.eat_punct('–') || self.c.eat_punct('-') || self.c.eat_kw(Kw::Through);
        let last = if ranged { self.plain_number() } else { first };
        let (first, last) = (first?, last?);
        Some(LineRange { first, last: last.max(first), page: None })
    }

    pub(super) fn plain_number(&mut self) -> Option<u32> {
        match self.c.peek() {
            Some(Token { kind: Tok::Number(n), .. }) => {
                let v = n.written.trim_end_matches(['.', ')']).parse().ok();
                self.c.pos += 1;
                v
            }
            _ => None,
        }
    }
}
