//! pest pairs → AST. One `lower_<rule>` per grammar rule; scopes, the nesting of enumerated
//! US and UK lists, and the pairing of a DELETE with the INSERT after it are settled here, so
//! the resolver sees whole instructions.

use super::ast::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::document::{Component, System};
use crate::grammar::{self, Grammar, Rule};
use crate::source::{FileId, Span};
use pest::Parser;
use pest::iterators::Pair;
use std::collections::HashMap;

/// A piece of a quote's body: words, or an ellipsis (`…`, `...`, `… …`).
enum Piece {
    Text(String),
    Ellipsis(String),
}

/// The quote's body as written.
fn verbatim(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) | Piece::Ellipsis(t) => t.as_str(),
        })
        .collect()
}

/// A clause as read from one line, before it is paired with its neighbours.
enum Clause {
    NoChange(Option<UnitRef>),
    Delete(Target),
    /// A plain `INSERT` or `REPLACE WITH` (`replaces` set): its place comes from the clause
    /// before it.
    Text {
        text: NewText,
        replaces: bool,
    },
    Insert(Anchor, NewText),
    Replace(Target, NewText),
    Renumber {
        unit: UnitRef,
        which: Option<Ordinal>,
        to: String,
    },
    /// US `is amended to read as follows:`: the scope unit is replaced.
    ToRead(NewText),
    /// `so that it reads: “…”`
    Reads(NewText),
    /// `currently reads: “…”`
    Currently(NewText),
    /// `changing “X” to “Y”, “Z” to “W”`
    ReplaceEach(Vec<(Pattern, NewText)>),
}

/// A clause with what came with it on the line.
struct Lowered {
    clause: Clause,
    span: Span,
    count: Option<Count>,
    /// A unit the clause names as its place (`After section 4 insert—`, `At the end of
    /// section 7 insert—`); it becomes the scope.
    scope: Option<UnitRef>,
}

/// One level of an enumerated list of amendments (`(1)`, `(A)`, `(i)` …).
struct Level {
    system: System,
    value: u32,
    /// The scope in force for this item and the items nested in it.
    scope: Option<usize>,
}

struct Lowerer<'t> {
    file: FileId,
    text: &'t str,
    items: Vec<Item>,
    diagnostics: Vec<Diagnostic>,
    scope: Option<usize>,
    /// The last instruction, while a following plain INSERT may still complete it.
    open: Option<usize>,
    /// The scope set by the last line that was not an enumerated item.
    base_scope: Option<usize>,
    /// The enumerated items the current line is nested in.
    levels: Vec<Level>,
    /// The scope a line's own scope is nested in (for enumerated items).
    within: Option<usize>,
    /// Scopes that name several units (`In rules 2.1 and 2.2,`): the scope of the first, and
    /// those of the others, whose instructions are copies of the first's.
    alike: HashMap<usize, Vec<usize>>,
}

pub(super) fn lower(file: FileId, text: &str) -> (Amendment, Vec<Diagnostic>) {
    let mut l = Lowerer {
        file,
        text,
        items: Vec::new(),
        diagnostics: Vec::new(),
        scope: None,
        open: None,
        base_scope: None,
        levels: Vec::new(),
        alike: HashMap::new(),
        within: None,
    };
    match Grammar::parse(Rule::amendment_file, text) {
        Ok(mut pairs) => {
            if let Some(file_pair) = pairs.next() {
                for pair in file_pair.into_inner() {
                    l.lower_line(pair);
                }
            }
        }
        // Every line can be commentary, so the file rule only fails on input the grammar
        // cannot step through at all; report it where pest stopped.
        Err(e) => {
            let d = syntax_error(file, text, 0, &e);
            l.diagnostics.push(d);
        }
    }
    l.copy_to_alike();
    // A sheet that changes nothing is most often a mistake (the wrong file, or instructions
    // written in a way read as commentary); a CI check should not pass it silently.
    if !l.items.iter().any(|i| matches!(i, Item::Instruction(_))) && !l.diagnostics.iter().any(Diagnostic::is_error) {
        let first = l.items.iter().find_map(|i| match i {
            Item::Commentary { span } => Some(*span),
            _ => None,
        });
        let d = Diagnostic::warning(Code::NoInstructions, "the amendment file has no instructions");
        l.diagnostics.push(match first {
            Some(span) => d
                .primary(file, span, "this and every other line is read as commentary")
                .help("instructions start with DELETE, INSERT, ADD … or with a scope such as “Para 2.1:”; `amend parse` shows how each line was read"),
            None => d
                .primary(file, Span::point(0), "nothing to apply")
                .help("check that this is the file meant"),
        });
    }
    (Amendment { file, items: l.items }, l.diagnostics)
}

fn span_of(p: &Pair<'_, Rule>) -> Span {
    Span::new(p.as_span().start(), p.as_span().end())
}

impl Lowerer<'_> {
    fn lower_line(&mut self, pair: Pair<'_, Rule>) {
        match pair.as_rule() {
            Rule::instruction_line | Rule::scope_line => {
                let enumerated = pair.clone().into_inner().find(|p| p.as_rule() == Rule::enumerator);
                match enumerated {
                    Some(e) => self.enter_item(e.as_str()),
                    None => {
                        self.levels.clear();
                        self.within = None;
                    }
                }
                if pair.as_rule() == Rule::instruction_line {
                    self.lower_instruction_line(pair);
                } else if let Some(prefix) = pair.into_inner().find(|p| p.as_rule() == Rule::scope_prefix) {
                    self.lower_scope_prefix(prefix);
                }
                match self.levels.last_mut() {
                    Some(level) => level.scope = self.scope,
                    None => self.base_scope = self.scope,
                }
            }
            Rule::titled_line => {
                let span = span_of(&pair);
                let mut inner = pair.into_inner();
                if let (Some(label), Some(heading)) = (inner.next(), inner.next()) {
                    let mut steps = number_steps(label, None);
                    if let Some(last) = steps.last_mut() {
                        last.heading = Some(heading.as_str().trim().to_string());
                    }
                    let end = span_of(&heading).end;
                    let written = self.text[span.start..end].trim().to_string();
                    let unit = UnitRef { steps, span: Span::new(span.start, end), written };
                    self.push_scope(Scope {
                        span: unit.span,
                        unit: Some(unit),
                        titled: true,
                        lines: None,
                        cited: false,
                        within: None,
                        sentence: None,
                    });
                    self.levels.clear();
                    self.base_scope = self.scope;
                }
            }
            Rule::unparsed_instruction => {
                let start = pair.as_span().start();
                let end = start + pair.as_str().trim_end().len();
                // Only this line: the error is in it, and pest finds the start of the error's
                // line by walking back from the end of its input, which made a sheet of many
                // bad lines quadratic.
                let line = &self.text[start..pair.as_span().end()];
                let d = match Grammar::parse(Rule::instruction_line, line) {
                    Err(e) => syntax_error(self.file, self.text, start, &e),
                    Ok(_) => Diagnostic::error(Code::Syntax, "instruction not understood").primary(
                        self.file,
                        Span::new(start, end),
                        "this line",
                    ),
                };
                self.diagnostics.push(d.secondary(self.file, Span::new(start, end), ""));
                self.open = None;
            }
            Rule::stray_instruction => {
                let span = span_of(&pair);
                let trimmed = pair.as_str().trim_end();
                let span = Span::new(span.start, span.start + trimmed.len());
                self.diagnostics.push(
                    Diagnostic::warning(Code::StrayInstruction, "this line names a change but is read as commentary")
                        .primary(self.file, span, "not applied")
                        .help("if it is an instruction, start the line with it, e.g. Para 2.1: REPLACE “x” WITH “y”; if not, ignore this"),
                );
                self.items.push(Item::Commentary { span });
                self.open = None;
            }
            Rule::commentary => {
                let span = span_of(&pair);
                let trimmed = pair.as_str().trim_end();
                self.items.push(Item::Commentary { span: Span::new(span.start, span.start + trimmed.len()) });
                self.open = None;
            }
            _ => {}
        }
    }

    /// An enumerated item (`(A) in subsection (a)—`): items of a kind already open are
    /// siblings, a new kind nests; the item starts in its parent's scope.
    fn enter_item(&mut self, enumerator: &str) {
        let inner = enumerator.trim().trim_start_matches('(').trim_end_matches(')');
        let mut c = Component::read(inner);
        if c.ambiguous {
            // `(i)` after `(h)` is a letter; otherwise a roman numeral.
            let alpha = c.as_alpha();
            if self.levels.iter().any(|l| l.system == alpha.system && l.value + 1 == alpha.value) {
                c = alpha;
            }
        }
        if let Some(pos) = self.levels.iter().position(|l| l.system == c.system) {
            self.levels.truncate(pos);
        }
        let parent = self.levels.last().map_or(self.base_scope, |l| l.scope);
        self.levels.push(Level { system: c.system, value: c.value, scope: parent });
        self.scope = parent;
        self.within = parent;
        self.open = None;
    }

    fn push_scope(&mut self, scope: Scope) {
        self.items.push(Item::Scope(scope));
        self.scope = Some(self.items.len() - 1);
        self.open = None;
    }

    /// A scope: a unit, a line range, or both.
    fn lower_scope_prefix(&mut self, pair: Pair<'_, Rule>) {
        let span = span_of(&pair);
        let mut unit = None;
        let mut lines: Option<LineRange> = None;
        let mut page = None;
        let mut cited = false;
        let mut paren_heading = None;
        let mut sentence = None;
        let mut others = Vec::new();
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::in_sentence | Rule::of_sentence => {
                    // `In the first sentence,` alone is a sentence of the unit in scope;
                    // `Rule 2.2: second sentence,` one of the unit just named.
                    if p.as_rule() == Rule::in_sentence {
                        unit = self.scope.and_then(|s| match &self.items[s] {
                            Item::Scope(Scope { unit, .. }) => unit.clone(),
                            _ => None,
                        });
                    }
                    sentence = p.into_inner().find(|o| o.as_rule() == Rule::ordinal).map(|o| lower_ordinal(&o));
                }
                Rule::unit_ref => {
                    let mut refs = self.lower_unit_refs(p).into_iter();
                    unit = refs.next();
                    others = refs.collect();
                }
                Rule::label_ref => {
                    let span = span_of(&p);
                    let written = p.as_str().trim().to_string();
                    let steps = p.into_inner().next().map(|n| number_steps(n, None)).unwrap_or_default();
                    unit = Some(UnitRef { steps, span, written });
                }
                Rule::page_ref => {
                    page =
                        p.into_inner().find(|d| d.as_rule() == Rule::count_digits).and_then(|d| d.as_str().parse().ok())
                }
                Rule::line_ref => {
                    let numbers: Vec<u32> = p
                        .into_inner()
                        .filter(|d| d.as_rule() == Rule::count_digits)
                        .filter_map(|d| d.as_str().parse().ok())
                        .collect();
                    if let (Some(&first), Some(&last)) = (numbers.first(), numbers.last()) {
                        lines = Some(LineRange { first, last: last.max(first), page: None });
                    }
                }
                Rule::act_citation => cited = true,
                Rule::nested_in => {
                    // `in section 2(1), in paragraph (b)`: one path.
                    if let Some(inner) = p.into_inner().find(|q| q.as_rule() == Rule::unit_ref).map(lower_unit_ref) {
                        match &mut unit {
                            Some(u) => {
                                u.steps.extend(inner.steps);
                                u.span = u.span.join(inner.span);
                                u.written = self.text[u.span.range()].to_string();
                            }
                            None => unit = Some(inner),
                        }
                    }
                }
                Rule::paren_heading => {
                    paren_heading = p.into_inner().next().map(|h| h.as_str().trim().to_string());
                }
                _ => {}
            }
        }
        if let Some(l) = &mut lines {
            l.page = page;
        }
        if let (Some(u), Some(h)) = (&mut unit, paren_heading) {
            if let Some(last) = u.steps.last_mut() {
                last.heading.get_or_insert(h);
            }
        }
        if unit.is_none() && lines.is_none() && sentence.is_none() {
            return;
        }
        // `SEC. 2. IMPLEMENTATION AMENDMENTS.`: a section heading of the amending text itself
        // (in capitals), not a unit of the base.
        let titled = unit.as_ref().and_then(|u| u.steps.last()).and_then(|s| s.heading.as_deref()).is_some_and(|h| {
            h.chars().any(char::is_alphabetic)
                && !h.chars().any(char::is_lowercase)
                && h.chars().filter(|c| c.is_alphabetic()).count() > 3
        });
        let within = self.within;
        let scope = Scope { unit, span, titled, lines, cited, within, sentence };
        let copies: Vec<Scope> = others.into_iter().map(|u| Scope { unit: Some(u), ..scope.clone() }).collect();
        self.push_scope(scope);
        if !copies.is_empty() {
            let first = self.items.len() - 1;
            let mut extra = Vec::new();
            for c in copies {
                self.items.push(Item::Scope(c));
                extra.push(self.items.len() - 1);
            }
            self.alike.insert(first, extra);
        }
    }

    /// The instructions read in a scope of several units, once more for each further unit
    /// (after the rest, so that item indices stay as they are).
    fn copy_to_alike(&mut self) {
        let mut copies = Vec::new();
        for item in &self.items {
            if let Item::Instruction(i) = item {
                for &other in i.scope.and_then(|s| self.alike.get(&s)).into_iter().flatten() {
                    copies.push(Item::Instruction(Instruction { scope: Some(other), ..i.clone() }));
                }
            }
        }
        self.items.extend(copies);
    }

    /// A reference, or several alike (`rules 2.1 and 2.2`, `Section 2, paragraphs (a) and
    /// (b)`): the same path with each number in turn at its end.
    fn lower_unit_refs(&mut self, pair: Pair<'_, Rule>) -> Vec<UnitRef> {
        let first = lower_unit_ref(pair.clone());
        let steps: Vec<Pair<'_, Rule>> = pair.clone().into_inner().collect();
        let has_list = |p: &Pair<'_, Rule>| p.clone().into_inner().flatten().any(|q| q.as_rule() == Rule::more_numbers);
        let Some(at) = steps.iter().position(has_list) else { return vec![first] };
        let last = &steps[steps.len() - 1];
        if at + 1 != steps.len() || last.as_rule() != Rule::unit_step {
            self.diagnostics.push(
                Diagnostic::error(Code::Syntax, "a list of units can only end a reference")
                    .primary(self.file, span_of(&steps[at]), "the list")
                    .help("name the units in the order outermost first, e.g. `In Section 2, paragraphs (a) and (b),`"),
            );
            return vec![first];
        }
        let own = lower_unit_step(last.clone()).len();
        let outer = &first.steps[..first.steps.len() - own];
        let keyword = last
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::unit_keyword)
            .map(|k| normalise_keyword(k.as_str()));
        let list = last
            .clone()
            .into_inner()
            .find(|p| p.as_rule() == Rule::more_numbers)
            .into_iter()
            .flat_map(|m| m.into_inner());
        let mut refs = vec![first.clone()];
        for number in list.filter(|n| n.as_rule() == Rule::ref_number) {
            let mut steps = outer.to_vec();
            steps.extend(number_steps(number.clone(), keyword.clone()));
            let span = span_of(&number);
            refs.push(UnitRef { steps, span, written: number.as_str().trim().to_string() });
        }
        refs
    }

    fn lower_instruction_line(&mut self, pair: Pair<'_, Rule>) {
        let mut clauses: Vec<Lowered> = Vec::new();
        let mut line_count = None;
        let mut block = None;
        let mut renumbering = None;
        let mut has_prefix = false;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::scope_prefix => {
                    has_prefix = true;
                    self.lower_scope_prefix(p);
                }
                Rule::throughout_lead => {
                    if p.clone().into_inner().any(|w| w.as_rule() == Rule::whole_document) {
                        self.scope = None;
                    }
                    line_count = Some((Count::Throughout, span_of(&p)));
                }
                Rule::clause_list => {
                    // A unit named after the words (`strike out “X” in Rule 3.2 and insert
                    // “Y”`) scopes the whole line, within the line's own scope if it has one.
                    if let Some(t) = p.clone().into_inner().find(|c| c.as_rule() == Rule::trailing_scope) {
                        let outer = self.within;
                        if has_prefix {
                            self.within = self.scope;
                        }
                        self.lower_scope_prefix(t);
                        self.within = outer;
                    }
                    // `and`, `then`, `by` between and before clauses are connectives.
                    for c in p.into_inner().filter(|c| {
                        !matches!(c.as_rule(), Rule::k_and | Rule::k_then | Rule::k_by | Rule::trailing_scope)
                    }) {
                        clauses.extend(self.lower_clause(c));
                    }
                }
                Rule::count => {
                    let span = span_of(&p);
                    line_count = Some((lower_count(p), span));
                }
                Rule::renumbering => renumbering = Some(p.into_inner().any(|w| w.as_rule() == Rule::renumber_so)),
                Rule::line_end => block = p.into_inner().find(|b| b.as_rule() == Rule::block),
                _ => {}
            }
        }
        // The block belongs to the clause that ended with "the following:".
        if let Some(block) = block {
            let text = self.lower_block(block);
            for c in &mut clauses {
                if let Some(slot) = c.text_mut() {
                    if matches!(slot, NewText::Block { text, span } if text.is_empty() && span.is_empty()) {
                        *slot = text.clone();
                    }
                }
            }
        }
        for c in &mut clauses {
            if matches!(c.text_mut(), Some(NewText::Block { span, .. }) if span.is_empty()) {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::EmptyBlock,
                        "no text: nothing is quoted, and no text follows on the lines below",
                    )
                    .primary(self.file, c.span, "this needs text")
                    .help("quote the new text on this line, or put it on the lines right after this one"),
                );
            }
        }
        let first_new = self.items.len();
        let has_own_count = clauses.iter().any(|c| c.count.is_some());
        for c in clauses {
            self.add_clause(c);
        }
        // A count at the end of the line (`– TWICE`) applies to the line's text instructions;
        // a second count on the same clause (`“x” TWICE THRICE`) is a mistake, not a choice.
        if let (Some((_, count_span)), true) = (&line_count, has_own_count) {
            self.diagnostics.push(
                Diagnostic::error(Code::Syntax, "instruction not understood: it gives two counts")
                    .primary(self.file, *count_span, "second count")
                    .help("give the count once, e.g. DELETE “x”; INSERT “y” – TWICE"),
            );
        }
        if renumbering.is_some() {
            for item in &mut self.items[first_new..] {
                if let Item::Instruction(i) = item {
                    i.renumber = renumbering;
                }
            }
        }
        if let Some((count, _)) = line_count {
            for item in &mut self.items[first_new..] {
                if let Item::Instruction(i) = item {
                    let text_target = matches!(
                        &i.op,
                        Op::Delete { target: Target::Text { .. } } | Op::Replace { target: Target::Text { .. }, .. }
                    );
                    if text_target && i.count == Count::Once {
                        i.count = count;
                    }
                }
            }
        }
    }

    /// Adds a clause, pairing a plain INSERT with the DELETE or NO CHANGE before it.
    fn add_clause(&mut self, lowered: Lowered) {
        let Lowered { clause, span, count, scope } = lowered;
        if let Some(unit) = scope {
            let within = self.within;
            self.push_scope(Scope {
                span: unit.span,
                unit: Some(unit),
                titled: false,
                lines: None,
                cited: false,
                within,
                sentence: None,
            });
        }
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
            Clause::ToRead(text) => {
                let unit = self.scope.and_then(|s| match &self.items[s] {
                    Item::Scope(Scope { unit: Some(u), .. }) => Some(u.clone()),
                    _ => None,
                });
                match unit {
                    Some(unit) => Op::Replace { target: Target::Unit { unit }, text },
                    None => {
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::MissingUnit,
                                "“to read as follows” does not say which unit it rewrites",
                            )
                            .primary(self.file, span, "which unit?")
                            .help("name the unit first, e.g. “Section 7 is amended to read as follows:”"),
                        );
                        return;
                    }
                }
            }
            Clause::Text { text, replaces } => {
                let open = self.open.and_then(|i| match &mut self.items[i] {
                    Item::Instruction(ins) => Some(ins),
                    _ => None,
                });
                match open {
                    Some(ins) if matches!(ins.op, Op::Delete { .. }) => {
                        let Op::Delete { target } = std::mem::replace(&mut ins.op, Op::NoChange { check: None }) else {
                            unreachable!("checked above in add_clause")
                        };
                        ins.op = Op::Replace { target, text };
                        ins.span = ins.span.join(span);
                        self.open = None;
                        return;
                    }
                    Some(_) | None if replaces => {
                        self.diagnostics.push(
                            Diagnostic::error(Code::Dangling, "REPLACE WITH needs a DELETE before it")
                                .primary(self.file, span, "nothing deleted for this to replace")
                                .help("say what is replaced first: DELETE “…” and replace with “…”"),
                        );
                        return;
                    }
                    Some(ins) if matches!(ins.op, Op::NoChange { .. }) => Op::Insert { at: Anchor::NewUnitAfter, text },
                    _ => {
                        self.diagnostics.push(
                            Diagnostic::error(Code::NoInsertionPoint, "INSERT does not say where the text goes")
                                .primary(self.file, span, "no place for this text")
                                .help("write AFTER “…” INSERT “…”, INSERT AT END “…”, or put the INSERT right after the DELETE it replaces or after “NO CHANGE” to add a new unit"),
                        );
                        return;
                    }
                }
            }
        };
        let keeps_open = matches!(op, Op::Delete { .. } | Op::NoChange { .. });
        self.items.push(Item::Instruction(Instruction { scope: self.scope, op, count, span, renumber: None }));
        self.open = keeps_open.then_some(self.items.len() - 1);
    }

    fn lower_clause(&mut self, pair: Pair<'_, Rule>) -> Vec<Lowered> {
        let rule = pair.as_rule();
        let span = span_of(&pair);
        let mut inner: Vec<Pair<Rule>> = pair.into_inner().collect();
        let count = inner.iter().position(|p| p.as_rule() == Rule::count).map(|i| lower_count(inner.remove(i)));
        let lowered = |clause, scope| vec![Lowered { clause, span, count, scope }];
        let unit_at =
            |inner: &[Pair<Rule>], rule: Rule| inner.iter().find(|p| p.as_rule() == rule).cloned().map(lower_unit_ref);
        let ordinal = |inner: &[Pair<Rule>]| inner.iter().find(|p| p.as_rule() == Rule::ordinal).map(lower_ordinal);
        match rule {
            Rule::no_change => lowered(Clause::NoChange(unit_at(&inner, Rule::unit_name)), None),
            Rule::delete_all_after => {
                lowered(Clause::Delete(Target::AllAfter { pattern: self.first_pattern(&inner) }), None)
            }
            Rule::delete_all_before => {
                lowered(Clause::Delete(Target::AllBefore { pattern: self.first_pattern(&inner) }), None)
            }
            Rule::delete_all | Rule::repealed => lowered(Clause::Delete(Target::All), None),
            Rule::delete_sentence => {
                let which = ordinal(&inner).unwrap_or(Ordinal::FromEnd(1));
                let check = self.patterns(&inner).into_iter().next();
                lowered(Clause::Delete(Target::Sentence { which, check }), None)
            }
            Rule::delete_item => {
                let which = ordinal(&inner).unwrap_or(Ordinal::FromEnd(1));
                let check = self.patterns(&inner).into_iter().next();
                lowered(Clause::Delete(Target::Item { which, check }), None)
            }
            Rule::delete_text => lowered(Clause::Delete(Target::Text { pattern: self.first_pattern(&inner) }), None),
            Rule::delete_unit => {
                let unit = unit_at(&inner, Rule::unit_name).expect("grammar: delete_unit names a unit");
                lowered(Clause::Delete(Target::Unit { unit }), None)
            }
            Rule::insert_after | Rule::insert_before => {
                let pattern = self.first_pattern(&inner);
                let text = self.new_text(&inner, span, true);
                let at =
                    if rule == Rule::insert_after { Anchor::After { pattern } } else { Anchor::Before { pattern } };
                lowered(Clause::Insert(at, text), None)
            }
            Rule::insert_text_at => {
                // US and Robert's order: the new words first, then where they go.
                let quotes: Vec<Pair<Rule>> = inner.iter().filter(|p| p.as_rule() == Rule::quoted).cloned().collect();
                let text = NewText::Quoted { quote: self.lower_quote(quotes[0].clone()) };
                let pattern = self.lower_pattern(quotes[1].clone());
                let after = inner.iter().any(|p| p.as_rule() == Rule::k_after);
                let at = if after { Anchor::After { pattern } } else { Anchor::Before { pattern } };
                lowered(Clause::Insert(at, text), None)
            }
            Rule::insert_unit_after => {
                let unit = unit_at(&inner, Rule::unit_name);
                let text = self.new_text(&inner, span, false);
                // With the new unit's number given, the number places it (looked for around
                // the unit named first).
                let number = inner
                    .iter()
                    .filter(|p| p.as_rule() == Rule::new_unit_named)
                    .flat_map(|p| p.clone().into_inner())
                    .find(|p| p.as_rule() == Rule::ref_number)
                    .map(|n| n.as_str().trim_end_matches(['.', ')']).to_string());
                match number {
                    Some(number) => lowered(Clause::Insert(Anchor::NewNumbered { number }, text), unit),
                    None => lowered(Clause::Insert(Anchor::NewUnitAfter, text), unit),
                }
            }
            Rule::insert_new_after => {
                let keyword =
                    inner.iter().find(|p| p.as_rule() == Rule::unit_keyword).map(|k| normalise_keyword(k.as_str()));
                let unit = unit_at(&inner, Rule::unit_name).or_else(|| {
                    inner.iter().find(|p| p.as_rule() == Rule::ref_number).map(|n| UnitRef {
                        steps: number_steps(n.clone(), keyword.clone()),
                        span: span_of(n),
                        written: n.as_str().trim().to_string(),
                    })
                });
                lowered(Clause::Insert(Anchor::NewUnitAfter, self.new_text(&inner, span, false)), unit)
            }
            Rule::insert_new_unit => {
                let number = inner
                    .iter()
                    .find(|p| p.as_rule() == Rule::ref_number)
                    .map(|n| n.as_str().trim_end_matches(['.', ')']).to_string());
                let text = self.new_text(&inner, span, false);
                lowered(Clause::Insert(Anchor::NewNumbered { number: number.unwrap_or_default() }, text), None)
            }
            Rule::insert_at_end | Rule::end_then_insert => {
                let unit = unit_at(&inner, Rule::unit_name);
                lowered(Clause::Insert(Anchor::End, self.new_text(&inner, span, false)), unit)
            }
            Rule::insert_at_start => lowered(Clause::Insert(Anchor::Start, self.new_text(&inner, span, false)), None),
            Rule::insert_text => {
                lowered(Clause::Text { text: self.new_text(&inner, span, false), replaces: false }, None)
            }
            Rule::replace_with => {
                lowered(Clause::Text { text: self.new_text(&inner, span, false), replaces: true }, None)
            }
            Rule::replace_text | Rule::for_substitute => {
                let pattern = self.first_pattern(&inner);
                let text = self.new_text(&inner, span, true);
                lowered(Clause::Replace(Target::Text { pattern }, text), None)
            }
            Rule::all_appearances => {
                let mut words = self.patterns(&inner).into_iter();
                let (Some(old), Some(new)) = (words.next(), words.next()) else {
                    unreachable!("grammar: all_appearances has two words")
                };
                let text = NewText::Quoted { quote: new.first_quote().clone() };
                vec![Lowered {
                    clause: Clause::Replace(Target::Text { pattern: old }, text),
                    span,
                    count: Some(Count::Throughout),
                    scope: None,
                }]
            }
            Rule::replace_unit | Rule::for_unit_substitute | Rule::substitute_for_unit => {
                let unit = unit_at(&inner, Rule::unit_name).expect("grammar: names a unit");
                let text = self.new_text(&inner, span, false);
                lowered(Clause::Replace(Target::Unit { unit }, text), None)
            }
            Rule::amended_to_read => lowered(Clause::ToRead(self.new_text(&inner, span, false)), None),
            Rule::currently_reads => lowered(Clause::Currently(self.new_text(&inner, span, false)), None),
            Rule::change_list => {
                let mut pairs = Vec::new();
                for pair in inner.iter().filter(|p| p.as_rule() == Rule::change_pair) {
                    let quotes: Vec<Pair<Rule>> =
                        pair.clone().into_inner().filter(|q| q.as_rule() == Rule::quoted).collect();
                    if let [old, new] = quotes.as_slice() {
                        let pattern = self.lower_pattern(old.clone());
                        let text = NewText::Quoted { quote: self.lower_quote(new.clone()) };
                        pairs.push((pattern, text));
                    }
                }
                lowered(Clause::ReplaceEach(pairs), None)
            }
            Rule::reads_clause => {
                // `Rule 12.4 shall then read “…”` names its unit.
                let unit = unit_at(&inner, Rule::unit_name);
                lowered(Clause::Reads(self.new_text(&inner, span, false)), unit)
            }
            Rule::renumber => {
                let unit = unit_at(&inner, Rule::unit_name).expect("grammar: renumber names a unit");
                let to = inner
                    .iter()
                    .rfind(|p| p.as_rule() == Rule::ref_number)
                    .map(|n| n.as_str().to_string())
                    .unwrap_or_default();
                lowered(Clause::Renumber { unit, which: ordinal(&inner), to }, None)
            }
            Rule::redesignate => self.lower_redesignate(span, inner),
            r => unreachable!("unexpected {r:?} in lower_clause"),
        }
    }

    /// `redesignating paragraphs (3) and (4) as paragraphs (2) and (3), respectively`: one
    /// renumbering per unit.
    fn lower_redesignate(&mut self, span: Span, inner: Vec<Pair<'_, Rule>>) -> Vec<Lowered> {
        let keyword = inner.iter().find(|p| p.as_rule() == Rule::unit_keyword).map(|k| normalise_keyword(k.as_str()));
        let lists: Vec<Vec<Pair<Rule>>> = inner
            .into_iter()
            .filter(|p| p.as_rule() == Rule::ref_list)
            .map(|l| l.into_inner().filter(|n| n.as_rule() == Rule::ref_number).collect())
            .collect();
        let [from, to] = lists.as_slice() else { unreachable!("grammar: redesignate has two lists") };
        if from.len() != to.len() {
            self.diagnostics.push(
                Diagnostic::error(
                    Code::Syntax,
                    format!("redesignation lists {} units but {} new numbers", from.len(), to.len()),
                )
                .primary(self.file, span, "the two lists must be as long as each other"),
            );
            return Vec::new();
        }
        from.iter()
            .zip(to)
            .map(|(f, t)| {
                let steps = number_steps(f.clone(), keyword.clone());
                let unit = UnitRef { steps, span: span_of(f), written: f.as_str().to_string() };
                Lowered {
                    clause: Clause::Renumber { unit, which: None, to: t.as_str().to_string() },
                    span,
                    count: None,
                    scope: None,
                }
            })
            .collect()
    }

    /// Every quoted (or Debian bare) word group of a clause, as patterns.
    fn patterns(&mut self, inner: &[Pair<'_, Rule>]) -> Vec<Pattern> {
        let mut out = Vec::new();
        for p in inner {
            match p.as_rule() {
                Rule::quoted => out.push(self.lower_pattern(p.clone())),
                Rule::bare_word => out.push(Pattern::Exact {
                    quote: Quote { text: p.as_str().to_string(), span: span_of(p), unclosed: false },
                }),
                _ => {}
            }
        }
        out
    }

    fn first_pattern(&mut self, inner: &[Pair<'_, Rule>]) -> Pattern {
        self.patterns(inner).into_iter().next().expect("grammar: the clause quotes its target")
    }

    /// The new text of a clause: its last quote (or, with `skip_first`, a quote after the
    /// target's), or a placeholder filled from the block below.
    fn new_text(&mut self, inner: &[Pair<'_, Rule>], clause: Span, skip_first: bool) -> NewText {
        let quotes: Vec<&Pair<Rule>> = inner.iter().filter(|p| p.as_rule() == Rule::quoted).collect();
        let has_following = inner.iter().any(|p| p.as_rule() == Rule::following);
        let candidate = if skip_first { quotes.get(1) } else { quotes.last() };
        match candidate {
            Some(q) if !has_following => NewText::Quoted { quote: self.lower_quote((*q).clone()) },
            _ => NewText::Block { text: String::new(), span: Span::point(clause.end) },
        }
    }

    /// A quote read as a pattern: an ellipsis inside it marks a range, a prefix or a suffix.
    fn lower_pattern(&mut self, pair: Pair<'_, Rule>) -> Pattern {
        let span = span_of(&pair);
        let (pieces, unclosed) = self.quote_parts(pair);
        let quote = |text: &str| Quote { text: text.trim().to_string(), span, unclosed };
        // Blank pieces (the space around an ellipsis) do not count.
        let meaningful: Vec<&Piece> =
            pieces.iter().filter(|p| !matches!(p, Piece::Text(t) if t.trim().is_empty())).collect();
        let texts: Vec<&str> = meaningful
            .iter()
            .filter_map(|p| match p {
                Piece::Text(t) => Some(t.as_str()),
                Piece::Ellipsis(_) => None,
            })
            .collect();
        let starts_with_ellipsis = matches!(meaningful.first(), Some(Piece::Ellipsis(_)));
        let ends_with_ellipsis = matches!(meaningful.last(), Some(Piece::Ellipsis(_)));
        match texts.as_slice() {
            _ if texts.len() == meaningful.len() => Pattern::Exact { quote: quote(&verbatim(&pieces)) },
            [] => Pattern::Exact { quote: quote(&verbatim(&pieces)) },
            [only] if ends_with_ellipsis && !starts_with_ellipsis => Pattern::Prefix { quote: quote(only) },
            [only] if starts_with_ellipsis && !ends_with_ellipsis => Pattern::Suffix { quote: quote(only) },
            [only] => Pattern::Exact { quote: quote(only) },
            [first, .., last] => Pattern::Range { from: quote(first), to: quote(last) },
        }
    }

    /// A quote read as new text: verbatim, ellipses included.
    fn lower_quote(&mut self, pair: Pair<'_, Rule>) -> Quote {
        let span = span_of(&pair);
        let (pieces, unclosed) = self.quote_parts(pair);
        Quote { text: verbatim(&pieces).trim().to_string(), span, unclosed }
    }

    /// The pieces of a quote's body and whether it was left open. Warns about an open quote.
    fn quote_parts(&mut self, pair: Pair<'_, Rule>) -> (Vec<Piece>, bool) {
        let span = span_of(&pair);
        let styled = pair.into_inner().next().expect("grammar: quoted has one style");
        let mut pieces = Vec::new();
        let mut unclosed = false;
        for p in styled.into_inner() {
            match p.as_rule() {
                Rule::unclosed => unclosed = true,
                _ => {
                    for piece in p.into_inner() {
                        let text = piece.as_str().to_string();
                        pieces.push(if piece.as_rule() == Rule::ellipsis {
                            Piece::Ellipsis(text)
                        } else {
                            Piece::Text(text)
                        });
                    }
                }
            }
        }
        if unclosed {
            self.diagnostics.push(
                Diagnostic::warning(Code::UnclosedQuote, "quote left open at the end of the line")
                    .primary(self.file, span, "the quoted text is taken to run to the end of the line")
                    .help("add the closing quote mark"),
            );
        }
        (pieces, unclosed)
    }

    fn lower_block(&mut self, pair: Pair<'_, Rule>) -> NewText {
        let span = span_of(&pair);
        // Start from the beginning of the block's first line so the text is verbatim.
        let line_start = self.text[..span.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let raw = &self.text[line_start..span.end];
        let trimmed = raw.trim_end();
        let lead_blank = trimmed.len() - trimmed.trim_start_matches(['\n', '\r']).len();
        let body = &trimmed[lead_blank..];
        let start = line_start + lead_blank;
        let text = body.replace("\r\n", "\n").replace('\r', "\n");
        NewText::Block { text: unquote_us_block(&dedent(&text)), span: Span::new(start, start + body.len()) }
    }
}

impl Lowered {
    /// The new text slot of a clause, if it has one.
    fn text_mut(&mut self) -> Option<&mut NewText> {
        match &mut self.clause {
            Clause::Text { text, .. }
            | Clause::Insert(_, text)
            | Clause::Replace(_, text)
            | Clause::ToRead(text)
            | Clause::Reads(text)
            | Clause::Currently(text) => Some(text),
            _ => None,
        }
    }
}

/// A block without the indentation all its lines share: that indentation sets the text off in
/// the amendment sheet; it is not part of the text. Indentation within the block is kept.
fn dedent(text: &str) -> String {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let common = text.lines().filter(|l| !l.trim().is_empty()).map(indent).min().unwrap_or(0);
    text.lines().map(|l| if l.trim().is_empty() { "" } else { &l[common..] }).collect::<Vec<_>>().join("\n")
}

/// US and UK bills quote inserted provisions: the text opens with “ (US bills open every
/// paragraph so) and the last paragraph closes with ”. Those marks are the amending text's,
/// not the law's, so they are removed, and quotes inside are promoted one level
/// (‘State’ → “State”), as the consolidated text prints them. Sheets typed with straight
/// quotes do the same with `"`, when the marks pair up as one quotation (so that
/// `"Member" means a "tenant".` keeps its quotes). Other blocks are unchanged.
fn unquote_us_block(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else { return text.to_string() };
    let end_of = |line: &str| {
        line.trim_end().trim_end_matches(" and").trim_end_matches(" or").trim_end_matches(['.', ';', ',']).len()
    };
    let opening = lines[first].trim_start().chars().next();
    let (open, close) = match opening {
        Some('“') => ('“', '”'),
        Some('"') => ('"', '"'),
        _ => return text.to_string(),
    };
    if !lines[last][..end_of(lines[last])].ends_with(close) {
        return text.to_string();
    }
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let mut body = line.trim_start().strip_prefix(open).unwrap_or(line.trim_start()).to_string();
        if i == last {
            let t = body[..end_of(&body)].to_string();
            body = t.strip_suffix(close).unwrap_or(&t).to_string();
        }
        if open == '"' && !quotes_pair(&body) {
            return text.to_string();
        }
        out.push(format!("{indent}{}", if open == '“' { promote_quotes(&body) } else { body }));
    }
    out.join("\n")
}

/// Whether the straight quotes of a line open and close in turn: an opening one at the start
/// or after a space or bracket, a closing one anywhere else.
fn quotes_pair(line: &str) -> bool {
    let mut open = false;
    let mut before = None;
    for c in line.chars() {
        if c == '"' {
            let opens = before.is_none_or(|b: char| b.is_whitespace() || "([{—–".contains(b));
            if opens == open {
                return false;
            }
            open = opens;
        }
        before = Some(c);
    }
    !open
}

/// ‘x’ → “x”: an opening single quote and the closing one that pairs with it. An apostrophe
/// (’ inside a word, `individual’s`) is left alone.
fn promote_quotes(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out: Vec<char> = chars.clone();
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '‘' => open.push(i),
            '’' => {
                let next_is_letter = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !next_is_letter {
                    if let Some(o) = open.pop() {
                        out[o] = '“';
                        out[i] = '”';
                    }
                }
            }
            _ => {}
        }
    }
    out.into_iter().collect()
}

fn lower_count(pair: Pair<'_, Rule>) -> Count {
    let word = pair.into_inner().next().expect("grammar: count has a word");
    match word.as_rule() {
        Rule::once => Count::Once,
        Rule::twice => Count::Exactly(2),
        Rule::thrice => Count::Exactly(3),
        Rule::throughout => Count::Throughout,
        Rule::times => {
            let n = word.into_inner().next().map(|p| p.as_str().to_lowercase()).unwrap_or_default();
            let value = match n.as_str() {
                "two" => 2,
                "three" => 3,
                "four" => 4,
                "five" => 5,
                "six" => 6,
                "seven" => 7,
                "eight" => 8,
                "nine" => 9,
                "ten" => 10,
                digits => digits.parse().unwrap_or(1),
            };
            if value == 1 { Count::Once } else { Count::Exactly(value) }
        }
        r => unreachable!("unexpected {r:?} in lower_count"),
    }
}

fn lower_ordinal(pair: &Pair<'_, Rule>) -> Ordinal {
    match pair.as_str().to_lowercase().as_str() {
        "first" => Ordinal::FromStart(1),
        "second" => Ordinal::FromStart(2),
        "third" => Ordinal::FromStart(3),
        "fourth" => Ordinal::FromStart(4),
        "fifth" => Ordinal::FromStart(5),
        "penultimate" => Ordinal::FromEnd(2),
        _ => Ordinal::FromEnd(1),
    }
}

/// A `unit_ref` or `unit_name`: a path of steps, outermost first.
fn lower_unit_ref(pair: Pair<'_, Rule>) -> UnitRef {
    let span = Span::new(pair.as_span().start(), pair.as_span().start() + pair.as_str().trim_end().len());
    let written = pair.as_str().trim().to_string();
    let mut steps = Vec::new();
    for p in pair.into_inner() {
        match p.as_rule() {
            // `subsection (a) of section 7` is section 7, then (a).
            Rule::of_steps | Rule::of_name_steps => {
                let outer: Vec<RefStep> = p
                    .into_inner()
                    .filter(|s| s.as_rule() != Rule::k_of)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .flat_map(lower_unit_step)
                    .collect();
                steps.splice(0..0, outer);
            }
            _ => steps.extend(lower_unit_step(p)),
        }
    }
    UnitRef { steps, span, written }
}

/// One step of a path; a number like `106(3)` gives two.
fn lower_unit_step(pair: Pair<'_, Rule>) -> Vec<RefStep> {
    let mut keyword = None;
    let mut steps = Vec::new();
    let mut heading = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::unit_keyword => keyword = Some(normalise_keyword(p.as_str())),
            Rule::ref_number => steps = number_steps(p, keyword.clone()),
            Rule::unit_heading => heading = Some(p.as_str().trim().to_string()),
            // Further numbers make further references (`Lowerer::lower_unit_refs`).
            Rule::more_numbers => {}
            Rule::quoted_heading => {
                heading = p
                    .into_inner()
                    .find(|q| q.as_rule() == Rule::quoted)
                    .map(|q| q.as_str().trim_matches(|c: char| "\"“”‘’'«»„".contains(c)).trim().to_string());
            }
            r => unreachable!("unexpected {r:?} in lower_unit_step"),
        }
    }
    if steps.is_empty() {
        steps.push(RefStep { keyword, number: None, printed: None, heading: None });
    }
    if let Some(h) = heading {
        if let Some(last) = steps.last_mut() {
            last.heading = Some(h);
        }
    }
    steps
}

/// Keywords as one spelling, singular: `paras` and `para.` → `para`, `sec.` → `section`.
fn normalise_keyword(word: &str) -> String {
    let w = word.trim().trim_end_matches('.').to_lowercase();
    let singular = match w.as_str() {
        "standing order" | "annexe" => w.clone(),
        _ => w.strip_suffix('s').map(str::to_string).unwrap_or_else(|| w.clone()),
    };
    match singular.as_str() {
        "sec" => "section".into(),
        "subclause" => "sub-clause".into(),
        "sub-section" => "subsection".into(),
        "sub-paragraph" => "subparagraph".into(),
        "annexe" => "annex".into(),
        _ => singular,
    }
}

/// A reference number as steps: `2.1` is one step, `106(3)` two, `(b)(2)(A)` three.
fn number_steps(pair: Pair<'_, Rule>, keyword: Option<String>) -> Vec<RefStep> {
    // (key, as printed)
    let mut keys: Vec<(String, String)> = Vec::new();
    fn walk(p: Pair<'_, Rule>, keys: &mut Vec<(String, String)>, in_parens: bool) {
        match p.as_rule() {
            Rule::dotted_number => {
                let parts: Vec<&str> = p.clone().into_inner().map(|t| t.as_str()).collect();
                keys.push((parts.join("."), p.as_str().to_string()));
            }
            Rule::digits_token
            | Rule::prefixed_token
            | Rule::roman_token
            | Rule::letter_token
            | Rule::inserted_token => {
                let printed = if in_parens { format!("({})", p.as_str()) } else { p.as_str().to_string() };
                keys.push((p.as_str().to_string(), printed));
            }
            Rule::paren_number => p.into_inner().for_each(|c| walk(c, keys, true)),
            _ => p.into_inner().for_each(|c| walk(c, keys, in_parens)),
        }
    }
    let text = pair.as_str().to_string();
    walk(pair, &mut keys, false);
    // A single number keeps its closing mark as printed: `vii)`, `2)`.
    let single = keys.len() == 1;
    keys.into_iter()
        .enumerate()
        .map(|(i, (k, printed))| RefStep {
            keyword: if i == 0 { keyword.clone() } else { None },
            number: Some(k),
            printed: Some(if single { text.trim().trim_end_matches('.').to_string() } else { printed }),
            heading: None,
        })
        .collect()
}

/// A pest error as an E0201 diagnostic: the likeliest thing expected in the message, what was
/// found instead, the other possibilities in a note, and advice for the commonest slip.
fn syntax_error(file: FileId, text: &str, offset: usize, e: &pest::error::Error<Rule>) -> Diagnostic {
    let pos = match e.location {
        pest::error::InputLocation::Pos(p) => p,
        pest::error::InputLocation::Span((s, _)) => s,
    };
    let at = (offset + pos).min(text.len());
    let mut expected: Vec<&str> = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().map(|&r| grammar::describe(r)).collect()
        }
        pest::error::ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort_by_key(|d| (grammar::rank(d), *d));
    expected.dedup();
    if expected.len() > 1 {
        expected.retain(|&d| d != grammar::MORE);
    }
    let rest = text[at..].lines().next().unwrap_or("").trim_end();
    let found = match rest.split_whitespace().next() {
        None => "the end of the line".to_string(),
        Some(word) => {
            let bare = word.trim_end_matches([',', ';', ':', '.']);
            let word: String = if bare.is_empty() { word } else { bare }.chars().take(30).collect();
            format!("`{word}`")
        }
    };
    let mut d = match expected.first() {
        // The instruction was complete; something after it is not part of the language.
        _ if expected.contains(&grammar::END) && found != "the end of the line" => {
            expected.retain(|&d| d != grammar::END);
            let d = Diagnostic::error(
                Code::Syntax,
                format!("instruction not understood: unexpected {found} after a complete instruction"),
            )
            .primary(file, Span::point(at), "the instruction could end before this");
            if expected.is_empty() {
                return d.help("remove the extra words, or start a new line for another instruction");
            }
            return d
                .note(format!("or it could go on with: {}", expected.join("; ")))
                .help("remove the extra words, or start a new line for another instruction");
        }
        Some(first) => {
            Diagnostic::error(Code::Syntax, format!("instruction not understood: expected {first}, found {found}"))
                .primary(file, Span::point(at), format!("expected {first} here"))
        }
        None => Diagnostic::error(Code::Syntax, "instruction not understood").primary(
            file,
            Span::point(at),
            "the instruction stops making sense here",
        ),
    };
    if expected.len() > 1 {
        d = d.note(format!("also possible here: {}", expected[1..].join("; ")));
    }
    let words = rest.split([';', ',']).next().unwrap_or("").trim().trim_end_matches('.');
    match expected.first() {
        Some(&grammar::QUOTED) if words.starts_with(|c: char| c.is_alphanumeric()) => {
            d.help(format!("put the words in quotes: “{words}”"))
        }
        Some(&grammar::QUOTED) => {
            d.help("quote the words each instruction changes, e.g. Para 2.1: DELETE “signatory”; INSERT “member”.")
        }
        _ => d,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn straight_quotes_pair_as_one_quotation_or_not_at_all() {
        assert!(quotes_pair("A Special General Meeting may be called."));
        assert!(quotes_pair("the \"Board\" of Deputies"));
        assert!(!quotes_pair("Member\" means a \"tenant"));
        assert!(!quotes_pair("an \"open quote"));
        assert_eq!(unquote_us_block("\"4.2 A meeting.\""), "4.2 A meeting.");
        assert_eq!(unquote_us_block("\"Member\" means a \"tenant\"."), "\"Member\" means a \"tenant\".");
        assert_eq!(unquote_us_block("“(e) New ‘State’ text.”."), "(e) New “State” text.");
    }

    /// `In rules 2.1 and 2.2, …`: the instruction once for each unit, in a scope of its own.
    fn scopes_of(text: &str) -> Vec<String> {
        let (amendment, diagnostics) = lower(0, text);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        amendment
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Instruction(ins) => match &amendment.items[ins.scope?] {
                    Item::Scope(s) => s.unit.as_ref().map(|u| u.to_string()),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_list_of_units_gives_the_instruction_in_each() {
        assert_eq!(scopes_of("In rules 2.1 and 2.2, omit “x”.\n"), ["Rule 2.1", "Rule 2.2"]);
        assert_eq!(
            scopes_of("In Section 2, paragraphs (a), (b) & (c), omit “x”.\n"),
            ["Section 2, Paragraph (a)", "Section 2, Paragraph (b)", "Section 2, Paragraph (c)"]
        );
        // A scope line's list holds for the lines below it, a plain INSERT completing a DELETE.
        assert_eq!(scopes_of("Paras 2.1 and 2.2:\nDELETE “x”\nINSERT “y”\n"), ["Para 2.1", "Para 2.2"]);
        // `Section 1, paragraph (a)` is a path, not a list.
        assert_eq!(scopes_of("In Section 1, paragraph (a), omit “x”.\n"), ["Section 1, Paragraph (a)"]);
    }
}
