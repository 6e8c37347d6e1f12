//! REPLACE / substitute / change, a position written first (`after “x” insert`), `for “x”
//! substitute`, and renumbering.

use super::*;

impl Reader<'_, '_, '_> {
    // ── Replace ──

    pub(super) fn replace_clause(&mut self, start: usize, v: Verb) -> bool {
        // `changing “X” to “Y”, “Z” to “W”` / `change “X” to “Y”`
        if v == Verb::Change {
            if let Some(pairs) = self.change_pairs() {
                self.trailing_scope();
                self.emit(Clause::ReplaceEach(pairs), start);
                return true;
            }
        }
        // `and replace with:` / `substitute “y”` (after a `for “x”` clause or a DELETE)
        if self.c.at_kw(Kw::With) || self.c.at_kw(Kw::By) && v != Verb::Change {
            self.c.pos += 1;
            let Some(text) = self.text_arg() else { return self.missing_text(start) };
            self.emit(Clause::Text { text, replaces: true }, start);
            return true;
        }
        if v == Verb::Substitute {
            // `substitute for Article IV the following:`
            if self.c.eat_kw(Kw::For) {
                if let Some(addr) = address(&mut self.c) {
                    let Some(text) = self.text_arg() else { return self.missing_text(start) };
                    self.emit(Clause::Replace(unit_target(addr), text), start);
                    return true;
                }
                return false;
            }
            if let Some(text) = self.text_arg() {
                self.emit(Clause::Text { text, replaces: true }, start);
                return true;
            }
        }
        // `Replace` / the old text on lines of its own / `in rule 2 with` / the new text.
        if let Some(Token { kind: Tok::Block(i), .. }) = self.c.peek() {
            let i = *i;
            let b = self.blocks[i];
            if b.form != BlockForm::Diff && !self.taken[i] {
                let save = self.c.pos;
                self.c.pos += 1;
                self.trailing_scope();
                if self.c.eat_kw(Kw::With) || self.c.eat_kw(Kw::By) {
                    self.taken[i] = true;
                    let Some(text) = self.text_arg() else { return self.missing_text(start) };
                    let quote = Quote { text: b.text.trim().to_string(), span: b.span, unclosed: false };
                    self.emit(Clause::Replace(Target::Text { pattern: Pattern::Exact { quote } }, text), start);
                    return true;
                }
                self.c.pos = save;
            }
        }
        // `replacing the sentence beginning “On a proposing day” with …`
        self.c.skip_kws(&[Kw::The]);
        let mut beginning = false;
        if self.c.at_kw(Kw::Sentence)
            && self
                .c
                .peek_at(1)
                .is_some_and(|t| matches!(t.kind, Tok::Word | Tok::Kw(Kw::End)) && is_beginning(self.c.text_of(t)))
        {
            self.c.pos += 2;
            beginning = true;
        }
        if let Some(pattern) = self.pattern_arg() {
            let pattern = match (beginning, pattern) {
                (true, Pattern::Exact { quote }) => Pattern::Prefix { quote },
                (_, p) => p,
            };
            let mut count = self.own_count();
            self.trailing_scope();
            if !(self.c.eat_kw(Kw::With) || self.c.eat_kw(Kw::By) || self.c.eat_kw(Kw::To)) {
                // `Replace “x”` alone, the new text in a later clause
                self.emit_counted(Clause::Delete(Target::Text { pattern }), start, count);
                return true;
            }
            self.c.eat_kw(Kw::Reads);
            let Some(text) = self.text_arg() else { return self.missing_text(start) };
            count = count.or_else(|| self.own_count());
            self.trailing_scope();
            count = count.or_else(|| self.own_count());
            self.emit_counted(Clause::Replace(Target::Text { pattern }, text), start, count);
            return true;
        }
        // `Replace section 6.1(7) with:`, `replacing paragraphs (b) to (d) with the following:`
        if let Some(addr) = address(&mut self.c) {
            act_citation(&mut self.c);
            if self.c.eat_kw(Kw::With) || self.c.eat_kw(Kw::By) || self.c.eat_kw(Kw::To) {
                let Some(text) = self.text_arg() else { return self.missing_text(start) };
                self.emit(Clause::Replace(unit_target(addr), text), start);
                return true;
            }
            // A passage block later in the provision (`Change section 5.2 … In wdiff format:`)
            if let Some(i) = self.c.toks[self.c.pos..]
                .iter()
                .position(|t| matches!(t.kind, Tok::Block(b) if self.blocks[b].form == BlockForm::Diff))
            {
                self.target_scope(addr);
                let at = self.c.pos + i;
                let Tok::Block(b) = self.c.toks[at].kind else { return false };
                self.c.pos = at + 1;
                let block = self.blocks[b];
                self.emit(Clause::Passage(passage::read(&block.text, block.span)), start);
                return true;
            }
            return false;
        }
        // `REPLACE ALL`? `replace the lead-in`: read as subject clauses
        false
    }

    /// `“X” to “Y”, “Z” to “W” and “A” to “B”` after `changing`.
    pub(super) fn change_pairs(&mut self) -> Option<Vec<(Pattern, NewText)>> {
        let save = self.c.pos;
        let mut pairs = Vec::new();
        loop {
            self.c.skip_kws(&[Kw::The, Kw::Words]);
            let Some(pattern) = self.pattern_arg() else { break };
            if !self.c.eat_kw(Kw::To) {
                self.c.pos = save;
                return None;
            }
            self.c.eat_kw(Kw::Reads);
            let Some(Token { kind: Tok::Quote(q), span }) = self.c.peek() else {
                self.c.pos = save;
                return None;
            };
            let quote = q.as_quote(*span);
            self.c.pos += 1;
            pairs.push((pattern, NewText::Quoted { quote }));
            let before_sep = self.c.pos;
            let sep = self.c.eat_punct(',') | self.c.eat_kw(Kw::And);
            self.c.eat_kw(Kw::And);
            if !sep || !matches!(self.c.peek().map(|t| &t.kind), Some(Tok::Quote(_))) {
                self.c.pos = before_sep;
                break;
            }
        }
        if pairs.is_empty() {
            self.c.pos = save;
            return None;
        }
        Some(pairs)
    }

    // ── Position first, for, renumber ──

    /// `AFTER “x” INSERT “y”`, `after “members” insert “and affiliates”`, `After section 4
    /// insert—`, `At the end of section 7 insert—`, `AT END ADD “y”`.
    pub(super) fn position_first(&mut self) -> bool {
        let start = self.c.pos;
        let t = self.c.bump().map(|t| t.kind.clone());
        let anchor_kind = t.clone();
        // `After rule 2.3 insert new rule 2.4: “…”`, `After section 4 insert—`, `At the end of section 7 insert—`
        if matches!(t, Some(Tok::AtEnd | Tok::AtStart)) {
            self.c.eat_kw(Kw::Of);
            if let Some(addr) = address(&mut self.c) {
                act_citation(&mut self.c);
                self.target_scope(addr);
            }
            self.c.eat_punct(',');
            if !matches!(self.c.peek().and_then(Token::verb), Some(Verb::Insert | Verb::Append)) {
                return false;
            }
            self.c.pos += 1;
            let Some(text) = self.text_arg() else { return self.missing_text(start) };
            let at = if matches!(anchor_kind, Some(Tok::AtEnd)) { Anchor::End } else { Anchor::Start };
            self.emit(Clause::Insert(at, text), start);
            return true;
        }
        let after = matches!(t, Some(Tok::Kw(Kw::After)));
        if let Some(pattern) = self.pattern_arg() {
            let count = self.own_count();
            self.c.eat_punct(',');
            if !matches!(self.c.peek().and_then(Token::verb), Some(Verb::Insert | Verb::Append)) {
                return false;
            }
            self.c.pos += 1;
            let Some(text) = self.text_arg() else { return self.missing_text(start) };
            let at = if after { Anchor::After { pattern } } else { Anchor::Before { pattern } };
            self.emit_counted(Clause::Insert(at, text), start, count);
            return true;
        }
        if !after {
            return false;
        }
        let Some(addr) = address(&mut self.c) else { return false };
        act_citation(&mut self.c);
        self.c.eat_punct(',');
        if !matches!(self.c.peek().and_then(Token::verb), Some(Verb::Insert | Verb::Append)) {
            return false;
        }
        self.c.pos += 1;
        self.target_scope(addr);
        // `insert new rule 2.4:`: the number the new unit is to have
        let save = self.c.pos;
        self.c.skip_kws(&[Kw::A]);
        if self.c.eat_kw(Kw::New) {
            if let (Some(Token { kind: Tok::Unit { .. }, .. }), Some(Token { kind: Tok::Number(n), .. })) =
                (self.c.peek(), self.c.peek_at(1))
            {
                let number = n.written.trim().trim_end_matches(['.', ')']).to_string();
                self.c.pos += 2;
                let Some(text) = self.text_arg() else { return self.missing_text(start) };
                self.emit(Clause::Insert(Anchor::NewNumbered { number }, text), start);
                return true;
            }
        }
        self.c.pos = save;
        let Some(text) = self.text_arg() else { return self.missing_text(start) };
        self.emit(Clause::Insert(Anchor::NewUnitAfter, text), start);
        true
    }

    /// UK `for “the Minister” substitute “the Secretary of State”`, `For subsection (2)
    /// substitute—`.
    pub(super) fn for_clause(&mut self) -> bool {
        let start = self.c.pos;
        self.c.pos += 1;
        if let Some(pattern) = self.pattern_arg() {
            let count = self.own_count();
            self.c.eat_punct(',');
            if !matches!(self.c.peek().and_then(Token::verb), Some(Verb::Substitute | Verb::Insert)) {
                return false;
            }
            self.c.pos += 1;
            let Some(text) = self.text_arg() else { return self.missing_text(start) };
            let count = count.or_else(|| self.own_count());
            self.trailing_scope();
            self.emit_counted(Clause::Replace(Target::Text { pattern }, text), start, count);
            return true;
        }
        if let Some(addr) = address(&mut self.c) {
            self.c.eat_punct(',');
            if !matches!(self.c.peek().and_then(Token::verb), Some(Verb::Substitute | Verb::Insert)) {
                return false;
            }
            self.c.pos += 1;
            let Some(text) = self.text_arg() else { return self.missing_text(start) };
            self.emit(Clause::Replace(unit_target(addr), text), start);
            return true;
        }
        false
    }

    /// `Renumber the first section A.1 to A.0`, `redesignating paragraphs (3) and (4) as
    /// paragraphs (2) and (3), respectively`, `Renumber the portion of Article 5 from the start
    /// to “X” as Article 5.1`, `Renumber the remainder of Article 5 as Article 5.2`, and the
    /// renumbering flags (`and renumber accordingly`).
    pub(super) fn renumber_clause(&mut self, start: usize) -> bool {
        // `and renumber the remaining clauses accordingly`, `renumber the following rules`: as
        // `and renumber accordingly`.
        let at = self.c.pos;
        self.c.skip_kws(&[Kw::The]);
        let later_units = self.c.peek().is_some_and(|t| {
            matches!(t.kind, Tok::Follows) && self.c.text_of(t).to_lowercase().ends_with("following")
                || t.is(Kw::Following)
                || matches!(t.kind, Tok::Word) && matches!(self.c.text_of(t).to_lowercase().as_str(), "other" | "later")
        }) && self.c.peek_at(1).is_some_and(|t| matches!(t.kind, Tok::Unit { plural: true, .. }));
        if later_units {
            self.c.pos += 1;
        } else if !self.c.at_kw(Kw::RenumberHow) {
            self.c.pos = at;
        }
        // `and renumber accordingly`, `renumber subsequent rules`, `(without renumbering)`
        if later_units
            || self.c.at_kw(Kw::RenumberHow)
            || self.c.at_end()
            || self.c.at_punct('.')
            || self.c.at_punct(')')
        {
            let how = self.c.peek().map(|t| self.c.text_of(t).to_lowercase()).unwrap_or_default();
            let before = self.c.toks[..start]
                .iter()
                .rev()
                .take(2)
                .any(|t| self.c.text_of(t).eq_ignore_ascii_case("without") || t.is(Kw::Not));
            self.renumber = Some(!(before || how == "unchanged"));
            self.skip_filler_words();
            return true;
        }
        self.c.skip_kws(&[Kw::The]);
        let which = match self.c.peek() {
            Some(Token { kind: Tok::Kw(Kw::Ordinal(w)), .. }) => {
                let w = *w;
                self.c.pos += 1;
                Some(w)
            }
            _ => None,
        };
        // `the portion of Article 5 from the start to “X” as Article 5.1`
        if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::LeadIn)) || self.c.at_kw(Kw::Remainder) {
            let remainder = self.c.at_kw(Kw::Remainder);
            self.c.pos += 1;
            self.c.eat_kw(Kw::Of);
            if let Some(addr) = address(&mut self.c) {
                self.target_scope(addr);
            }
            let mut portion = Portion::Remainder;
            if !remainder {
                // `from the start to “X”`
                self.c.eat_kw(Kw::From);
                if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::AtStart) || t.is(Kw::The)) {
                    self.c.pos += 1;
                }
                self.c.eat_kw(Kw::End);
                self.c.eat_kw(Kw::To);
                match self.pattern_arg() {
                    Some(pattern) => portion = Portion::UpTo { pattern },
                    None => portion = Portion::All,
                }
            }
            if !self.c.eat_kw(Kw::As) {
                return false;
            }
            let Some(addr) = address(&mut self.c) else { return false };
            let number = addr.refs[0].steps.last().and_then(|s| s.number.clone()).unwrap_or_default();
            self.emit(Clause::Designate(portion, number), start);
            return true;
        }
        let Some(mut from) = address(&mut self.c) else { return false };
        // `Renumber section A.1 to A.0` reads at first like a range `A.1 to A.0`.
        if from.through && from.refs.len() == 2 && !self.c.at_kw(Kw::As) && !self.c.at_kw(Kw::To) {
            let to = from.refs.pop().and_then(|r| r.steps.last().and_then(|s| s.printed.clone().or(s.number.clone())));
            from.through = false;
            if let (Some(to), Some(unit)) = (to, from.refs.pop()) {
                self.emit(Clause::Renumber { unit, which, to }, start);
                return true;
            }
            return false;
        }
        if !(self.c.eat_kw(Kw::As) || self.c.eat_kw(Kw::To)) {
            return false;
        }
        let to = match address(&mut self.c) {
            Some(a) => a,
            None => match self.c.peek() {
                Some(Token { kind: Tok::Number(n), .. }) => {
                    let n = n.written.to_string();
                    self.c.pos += 1;
                    return self.renumber_each(from.refs, vec![n], which, start, "renumbering");
                }
                _ => return false,
            },
        };
        self.renumber_each(from.refs, new_numbers(&to), which, start, "renumbering")
    }
}

impl Reader<'_, '_, '_> {
    /// `… are redesignated as (c) and (d), respectively`: each unit gets the new number in the
    /// same place of the second list; lists of different lengths are an error.
    pub(super) fn renumber_each(
        &mut self,
        units: Vec<UnitRef>,
        to: Vec<String>,
        which: Option<Ordinal>,
        start: usize,
        what: &str,
    ) -> bool {
        self.c.eat_punct(',');
        self.c.eat_kw(Kw::Respectively);
        if units.len() != to.len() {
            self.a.diagnostics.push(
                Diagnostic::error(
                    Code::Syntax,
                    format!("the {what} names {} units but {} new numbers", units.len(), to.len()),
                )
                .primary(
                    self.a.file,
                    self.c.span_from(start),
                    "the two lists must be as long as each other",
                ),
            );
            return true;
        }
        for (unit, to) in units.into_iter().zip(to) {
            self.emit(Clause::Renumber { unit, which, to }, start);
        }
        true
    }
}

/// The new numbers an address gives, as written (`(c)`, `4.2`).
pub(super) fn new_numbers(address: &Address) -> Vec<String> {
    address.refs.iter().filter_map(|r| r.steps.last().and_then(|s| s.printed.clone().or(s.number.clone()))).collect()
}
