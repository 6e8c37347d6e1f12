//! Tokens → instructions: the small set of rules that assemble a provision's tokens into
//! scopes and instructions, whatever order and sentence frame the parts come in.
//!
//! A provision is read clause by clause. A clause opens with a change verb (`delete`, `strike
//! out`, `insert`, `replace`, `repeal`, `renumber` …), a position (`after “x” insert`, `at the
//! end of section 7 insert`), `for “x” substitute`, or a subject (`Section 5 is repealed`,
//! `The portion of section 4 before paragraph (a) is replaced by the following:`). An address
//! followed by a colon, `is amended`, or `In … ,` sets the scope of the clauses after it.
//! Frames (`That`, `Resolved, that`, `To`, `I move`) and words the rules do not know are filler.
//! A provision whose tokens hold a change (a change verb with a quote, a unit or a block) but
//! assemble into no instruction is an error, never commentary.

use super::address::{Address, Cursor, act_citation, address};
use super::ast::*;
use super::lex::{self, Kw, Piece, QuoteTok, Tok, Token, Verb};
use super::passage;
use super::segment::{Block, BlockForm, Kind, Part, Provision};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use std::collections::HashMap;

/// The items of a sheet and the problems met reading it.
pub(super) struct Assembled {
    pub items: Vec<Item>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Assembles every provision of a sheet.
pub(super) fn assemble(file: FileId, text: &str, provisions: &[Provision]) -> Assembled {
    let mut a = Assembler {
        file,
        text,
        items: Vec::new(),
        diagnostics: Vec::new(),
        running: None,
        scopes: Vec::with_capacity(provisions.len()),
        entry_scopes: Vec::with_capacity(provisions.len()),
        open: None,
        alike: HashMap::new(),
        numbered: HashMap::new(),
        provision_items: Vec::with_capacity(provisions.len()),
    };
    for (k, p) in provisions.iter().enumerate() {
        let first_item = a.items.len();
        a.provision(k, p);
        a.provision_items.push(first_item..a.items.len());
        if let Some(section) = section_of(provisions, k) {
            for item in &mut a.items[first_item..] {
                if let Item::Instruction(ins) = item {
                    ins.section = Some(section.clone());
                }
            }
        }
        if let Some(label) = p.enumerator.as_ref().and_then(|e| e.labels.last()) {
            let digits: String = label.text.chars().filter(char::is_ascii_alphanumeric).collect();
            let key = digits.trim_start_matches(|c: char| c.is_ascii_alphabetic() && digits.len() > 3).to_string();
            a.numbered.entry(label.value.to_string()).or_insert(k);
            a.numbered.entry(key).or_insert(k);
        }
    }
    // A numbered proposal holds what follows it: its nested provisions, and under a heading
    // (`## #58`, `Proposal 58:`) everything up to the next heading.
    let heading = |p: &Provision| {
        p.parent.is_none()
            && p.enumerator
                .as_ref()
                .and_then(|e| e.labels.first())
                .is_some_and(|l| matches!(l.style, super::line::Style::Named | super::line::Style::Sec))
    };
    let within = |mut j: usize, k: usize| {
        while let Some(p) = provisions[j].parent {
            if p == k {
                return true;
            }
            j = p;
        }
        false
    };
    for k in 0..provisions.len() {
        let mut end = k + 1;
        while end < provisions.len() && (within(end, k) || heading(&provisions[k]) && !heading(&provisions[end])) {
            end += 1;
        }
        let last = a.provision_items[end - 1].end;
        a.provision_items[k].end = a.provision_items[k].end.max(last);
    }
    a.amend_provisions();
    a.copy_to_alike();
    Assembled { items: a.items, diagnostics: a.diagnostics }
}

struct Assembler<'t> {
    file: FileId,
    text: &'t str,
    items: Vec<Item>,
    diagnostics: Vec<Diagnostic>,
    /// The scope in force for provisions that are not numbered (a sheet's scope lines).
    running: Option<usize>,
    /// The scope each provision leaves for the provisions nested in it.
    scopes: Vec<Option<usize>>,
    /// The scope each provision started in.
    entry_scopes: Vec<Option<usize>>,
    /// The last instruction, while a plain INSERT in a later clause may still complete it.
    open: Option<usize>,
    /// Scopes that name several units (`In rules 2.1 and 2.2,`): the scope of the first, and
    /// those of the others, whose instructions are copies of the first's.
    alike: HashMap<usize, Vec<usize>>,
    /// Provisions by the amending text's own number (`58` for `## #58`), for `Amend proposal #58`.
    numbered: HashMap<String, usize>,
    /// The items each provision produced.
    provision_items: Vec<std::ops::Range<usize>>,
}

/// A clause's parts, before it becomes an instruction.
enum Clause {
    NoChange(Option<UnitRef>),
    Delete(Target),
    /// A plain INSERT, or `REPLACE WITH`/`substitute` (`replaces`): its place comes from the
    /// clause before it.
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
    Reads(NewText),
    Currently(NewText),
    ReplaceEach(Vec<(Pattern, NewText)>),
    Designate(Portion, String),
    Passage(Passage),
}

impl Assembler<'_> {
    fn provision(&mut self, k: usize, p: &Provision) {
        // A proposal's or an act section's heading (`Proposal 32:`, `## #31`, `Sec. 3.`) starts
        // afresh: the scope an earlier proposal set is not this one's.
        let fresh = p
            .enumerator
            .as_ref()
            .and_then(|e| e.labels.first())
            .is_some_and(|l| matches!(l.style, super::line::Style::Named | super::line::Style::Sec));
        if fresh && p.parent.is_none() {
            self.running = None;
        }
        let inherited = match p.parent {
            Some(parent) if p.under_outer => self.entry_scopes.get(parent).copied().flatten(),
            Some(parent) => self.scopes.get(parent).copied().flatten(),
            None => self.running,
        };
        self.entry_scopes.push(inherited);
        if let Kind::Commentary(why) = p.kind {
            self.items.push(Item::Commentary { span: p.span, why });
            self.scopes.push(inherited);
            self.open = None;
            return;
        }
        // The segmenter read the text into tokens; the blocks are its parts.
        let tokens = &p.tokens;
        let blocks: Vec<&Block> = p
            .parts
            .iter()
            .filter_map(|part| match part {
                Part::Block(b) => Some(b),
                Part::Text(_) => None,
            })
            .collect();
        // Only a label printed like a unit's (`2)`, `(b)`, `3.`) can be the base's unit.
        let label = p
            .enumerator
            .as_ref()
            .filter(|e| e.labels.len() == 1 && e.labels[0].unit_like())
            .map(|e| (e.span, vec![e.labels[0].text.clone()]));
        let text = self.text;
        let mut r = Reader {
            a: self,
            c: Cursor::new(tokens, text),
            blocks: &blocks,
            scope: inherited,
            parent_scope: inherited,
            count: None,
            renumber: None,
            first_item: 0,
            provision_span: p.span,
            set_scope: false,
            made: false,
            label_scope: false,
            skipped: Vec::new(),
            failed: false,
            taken: vec![false; blocks.len()],
        };
        r.first_item = r.a.items.len();
        r.read(label);
        let scope = r.scope;
        let set = r.set_scope;
        let label_scope = r.label_scope;
        self.scopes.push(scope);
        // A numbered provision's scope is its own and its children's; a provision that is not
        // numbered (or whose number is the base's, `2) Membership`) sets the sheet's scope, as
        // scope lines do.
        if (p.enumerator.is_none() || label_scope) && p.parent.is_none() && set {
            self.running = scope;
        }
        let _ = k;
    }

    /// `Amend proposal #58: replace “x” with “y”`: the changes are made to the new text of the
    /// instructions of provision 58, here, before anything is resolved.
    fn amend_provisions(&mut self) {
        let mut changes = Vec::new();
        for (i, item) in self.items.iter().enumerate() {
            if let Item::Instruction(Instruction { op: Op::AmendProvision { provision, pairs }, span, .. }) = item {
                changes.push((i, provision.clone(), pairs.clone(), *span));
            }
        }
        for (_, provision, pairs, span) in changes {
            let Some(&k) = self.numbered.get(&provision) else {
                self.diagnostics.push(
                    Diagnostic::error(Code::UnitNotFound, format!("no provision numbered {provision} in this sheet"))
                        .primary(self.file, span, "amends a provision that is not here")
                        .help("an amendment to an amendment must be in the same sheet as the amendment it changes"),
                );
                continue;
            };
            let range = self.provision_items[k].clone();
            for (pattern, new) in &pairs {
                let old = pattern.first_quote().text.clone();
                let mut done = 0;
                for item in &mut self.items[range.clone()] {
                    let Item::Instruction(ins) = item else { continue };
                    for text in new_texts_mut(&mut ins.op) {
                        let current = text.as_str().to_string();
                        let found = current.matches(old.as_str()).count();
                        if found > 0 {
                            let replaced = current.replace(old.as_str(), new.as_str());
                            *text = match text {
                                NewText::Quoted { quote } => {
                                    NewText::Quoted { quote: Quote { text: replaced, ..quote.clone() } }
                                }
                                NewText::Block { span, .. } => NewText::Block { text: replaced, span: *span },
                            };
                            done += found;
                        }
                    }
                }
                if done == 0 {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::TextNotFound,
                            format!("“{old}” is not in the text of provision {provision}"),
                        )
                        .primary(self.file, pattern.span(), "not found in the provision amended")
                        .help("quote the provision's text exactly as it is written in this sheet"),
                    );
                }
            }
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
}

/// The number of the amending act's section a provision belongs to: the first number of its
/// outermost numbered ancestor, where that is a section's (`15`, `Sec. 2.`).
fn section_of(provisions: &[Provision], k: usize) -> Option<String> {
    let mut top = k;
    while let Some(p) = provisions[top].parent {
        top = p;
    }
    let label = provisions[top].enumerator.as_ref()?.labels.first()?;
    match label.style {
        super::line::Style::Sec | super::line::Style::Counted(super::line::Shape::Bare, _) => {
            Some(label.value.to_string())
        }
        _ => None,
    }
}

/// The new-text slots of an operation.
fn new_texts_mut(op: &mut Op) -> Vec<&mut NewText> {
    match op {
        Op::Replace { text, .. } | Op::Insert { text, .. } | Op::Reads { text } | Op::Currently { text } => vec![text],
        Op::ReplaceEach { pairs } => pairs.iter_mut().map(|(_, t)| t).collect(),
        _ => Vec::new(),
    }
}

/// Reads one provision.
struct Reader<'r, 'a, 't> {
    a: &'r mut Assembler<'t>,
    c: Cursor<'a>,
    blocks: &'r [&'r Block],
    /// The scope the next instruction is in.
    scope: Option<usize>,
    /// The scope the provision started in (its parent's).
    parent_scope: Option<usize>,
    /// A count for the provision's text instructions (`– TWICE` at the end, `Throughout, …`).
    count: Option<(Count, Span)>,
    /// `and renumber accordingly` / `without renumbering`
    renumber: Option<bool>,
    first_item: usize,
    provision_span: Span,
    /// The provision named a scope of its own.
    set_scope: bool,
    /// The provision made (or completed) an instruction.
    made: bool,
    /// Where the provision's own number was read as a unit of the base (`2) Membership`).
    label_scope: bool,
    /// Tokens that no rule took.
    skipped: Vec<usize>,
    /// A clause of the provision was reported as not understood (what pairs with it is not
    /// reported again).
    failed: bool,
    /// Blocks already taken as a clause's text (`adding the following after section 8.1:` and
    /// the block after the colon).
    taken: Vec<bool>,
}

impl Reader<'_, '_, '_> {
    fn read(&mut self, label: Option<(Span, Vec<String>)>) {
        self.label(label);
        let mut guard = 0;
        while !self.c.at_end() {
            guard += 1;
            if guard > 10_000 {
                break;
            }
            let before = self.c.pos;
            self.skip_connectives();
            if self.c.at_end() {
                break;
            }
            if self.at_sentence_start() && (self.condition() || self.scope_lead()) {
                continue;
            }
            if self.clause() {
                continue;
            }
            if self.c.pos == before {
                self.skipped.push(self.c.pos);
                self.c.pos += 1;
            }
        }
        self.leftovers();
        self.finish();
    }

    /// `If Rule 1 does not end in a period, amend it by …`: a change made only on a condition.
    /// Conditions are not evaluated, and applying the change regardless would be wrong.
    fn condition(&mut self) -> bool {
        if !self.c.at_kw(Kw::If) {
            return false;
        }
        let from = self.c.pos;
        let toks = self.c.toks;
        let end = toks[from..].iter().position(|t| t.is_punct('.')).map_or(toks.len(), |p| from + p);
        if !toks[from..end].iter().any(|t| is_change_verb(t) || t.verb() == Some(Verb::Amend)) {
            return false;
        }
        let cond_end = toks[from..end].iter().position(|t| t.is_punct(',')).map_or(end, |p| from + p);
        self.conditional(from, cond_end.max(from + 1));
        self.c.pos = end;
        true
    }

    /// Reports the condition written at tokens `from..to`.
    fn conditional(&mut self, from: usize, to: usize) {
        self.failed = true;
        let span = self.c.toks[from].span.join(self.c.toks[to - 1].span);
        self.a.diagnostics.push(
            Diagnostic::error(
                Code::Syntax,
                "instruction not understood: a change made on a condition (conditions are not evaluated)",
            )
            .primary(self.a.file, span, "this condition is not checked")
            .secondary(self.a.file, self.provision_span, "")
            .help("check the condition against the base yourself; then write the change without it, or leave it out"),
        );
    }

    /// Tokens no rule took that carry a change (a quote, a block, a change verb, a count):
    /// part of the provision was not understood, and applying the rest would drop it.
    fn leftovers(&mut self) {
        if !self.made {
            return;
        }
        // `Delete “x” if it is there`: a condition after the change.
        if let Some(&at) = self.skipped.iter().find(|&&k| self.c.toks[k].is(Kw::If)) {
            let end = self.c.toks[at..]
                .iter()
                .position(|t| t.is_punct('.') || t.is_punct(';'))
                .map_or(self.c.toks.len(), |p| at + p);
            self.conditional(at, end.max(at + 1));
            return;
        }
        // `Section 112a(f) … is amended by adding …` where the unit was not read: the
        // instructions would apply in the wrong place.
        let amended = self.skipped.iter().position(|&k| self.c.toks[k].verb() == Some(Verb::Amend));
        let unit = amended
            .and_then(|a| self.skipped[..a].iter().find(|&&k| matches!(self.c.toks[k].kind, Tok::Unit { .. })))
            // `Para X.: DELETE …`: a provision that opens with a unit it could not read.
            .or_else(|| self.skipped.first().filter(|&&k| k == 0 && matches!(self.c.toks[0].kind, Tok::Unit { .. })));
        if let Some(&at) = unit {
            let t = &self.c.toks[at];
            self.a.diagnostics.push(
                Diagnostic::error(Code::Syntax, "instruction not understood: the unit it amends could not be read")
                    .primary(self.a.file, t.span, "the unit named here is not understood")
                    .secondary(self.a.file, self.provision_span, "")
                    .help("write the unit's number as the base prints it (`Section 5(a)`, `Para 2.1`); `amend parse` shows what was read"),
            );
            return;
        }
        let Some(&at) = self.skipped.iter().find(|&&k| {
            let t = &self.c.toks[k];
            matches!(t.kind, Tok::Quote(_) | Tok::Block(_) | Tok::Count(_)) || is_change_verb(t)
        }) else {
            return;
        };
        let t = &self.c.toks[at];
        let what = match t.kind {
            Tok::Quote(_) => "quoted text",
            Tok::Block(_) => "a block of text",
            Tok::Count(_) => "a count",
            _ => "a change",
        };
        self.a.diagnostics.push(
            Diagnostic::error(Code::Syntax, format!("instruction not understood: {what} that belongs to no instruction"))
                .primary(self.a.file, t.span, "not part of any instruction read here")
                .secondary(self.a.file, self.provision_span, "")
                .help("check the quote marks (each quote opens and closes once) and that every change has its verb; `amend parse` shows what was read"),
        );
    }

    // ─────────────────────────── The provision's own number ───────────────────────────

    /// The provision's number, when it is the base's unit and not the amending text's own
    /// numbering: `3.5: DELETE …`, `(b) DELETE …`, `SO2 currently reads:`, and a numbered
    /// title (`2) Membership`), which may be a scope or a title: the base decides.
    fn label(&mut self, label: Option<(Span, Vec<String>)>) {
        let Some((span, labels)) = label else {
            // `B.: DELETE …`: a lettered unit, its full stop, then the colon.
            if let (Some(t), Some(dot), Some(colon)) = (self.c.peek(), self.c.peek_at(1), self.c.peek_at(2)) {
                let letter = self.c.text_of(t);
                if matches!(t.kind, Tok::Word | Tok::Kw(Kw::A))
                    && super::address::is_word_number(letter)
                    && dot.is_punct('.')
                    && colon.is_punct(':')
                    && dot.span.start == t.span.end
                {
                    let step = RefStep {
                        number: Some(letter.to_string()),
                        printed: Some(letter.to_string()),
                        ..RefStep::default()
                    };
                    let unit = UnitRef::new(vec![step], t.span, letter);
                    self.c.pos += 3;
                    self.push_scope(unit, false, false);
                    return;
                }
            }
            // `3.2. Labour Party Marxists`, `3.5: DELETE …`: a number the lexer read itself.
            if let Some(Token { kind: Tok::Number(n), span }) = self.c.peek() {
                let n = n.clone();
                let span = *span;
                let next = self.c.peek_at(1);
                let scope_sep = next.is_some_and(|t| {
                    matches!(t.kind, Tok::Punct(':' | '–' | '—' | '-'))
                        || is_upper_verb(&self.c, t)
                        || matches!(t.kind, Tok::CurrentlyReads)
                });
                let title = next.is_some_and(|t| matches!(t.kind, Tok::Word)) && self.rest_is_title(1);
                if scope_sep || title {
                    self.c.pos += 1;
                    let mut unit = UnitRef::new(super::address::number_steps(&n, None), span, n.written.trim());
                    let titled = title && !scope_sep;
                    if titled {
                        let h = self.title_from(self.c.pos);
                        if let Some(last) = unit.steps.last_mut() {
                            last.heading = Some(h.clone());
                        }
                        unit.span = Span::new(span.start, self.c.toks.last().map_or(span.end, |t| t.span.end));
                        unit.written = self.a.text[unit.span.range()].trim().to_string();
                        self.c.pos = self.c.toks.len();
                    }
                    self.push_scope(unit, titled, false);
                }
            }
            return;
        };
        let first = self.c.peek();
        let scope_sep = first.is_some_and(|t| {
            matches!(t.kind, Tok::Punct(':' | '–' | '—'))
                || is_upper_verb(&self.c, t)
                || matches!(t.kind, Tok::CurrentlyReads)
        });
        let title = first.is_some_and(|t| matches!(t.kind, Tok::Word)) && self.rest_is_title(0);
        if !(scope_sep || title) || labels.len() != 1 {
            return;
        }
        let text = labels[0].clone();
        let key = text.trim_start_matches('(').trim_end_matches([')', '.']).to_string();
        let printed = text.trim_end_matches('.').to_string();
        let step = RefStep { number: Some(key), printed: Some(printed), ..RefStep::default() };
        let mut unit = UnitRef::new(vec![step], span, text.trim());
        let titled = title && !scope_sep;
        if titled {
            let h = self.title_from(self.c.pos);
            if let Some(last) = unit.steps.last_mut() {
                last.heading = Some(h);
            }
            unit.span = Span::new(span.start, self.c.toks.last().map_or(span.end, |t| t.span.end));
            unit.written = self.a.text[unit.span.range()].trim().to_string();
            self.c.pos = self.c.toks.len();
        }
        self.push_scope(unit, titled, false);
        self.label_scope = true;
    }

    /// Whether the tokens from `k` on are a title: words only, no change, no sentence end.
    fn rest_is_title(&self, k: usize) -> bool {
        let rest = &self.c.toks[(self.c.pos + k).min(self.c.toks.len())..];
        !rest.is_empty()
            && rest.len() <= 16
            && rest.iter().all(|t| {
                matches!(
                    t.kind,
                    Tok::Word | Tok::Kw(_) | Tok::Unit { .. } | Tok::Punct(',' | '&' | '-' | '/' | '(' | ')')
                )
            })
            && !rest.iter().any(|t| matches!(t.kind, Tok::Kw(Kw::Is | Kw::Be)))
    }

    fn title_from(&self, k: usize) -> String {
        let rest = &self.c.toks[k.min(self.c.toks.len())..];
        match (rest.first(), rest.last()) {
            (Some(f), Some(l)) => self.a.text[f.span.start..l.span.end].trim().trim_end_matches(':').to_string(),
            _ => String::new(),
        }
    }

    // ─────────────────────────── Scopes ───────────────────────────

    /// Connectives, frames and filler between clauses.
    fn skip_connectives(&mut self) {
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
    fn at_sentence_start(&self) -> bool {
        let Some(prev) = self.c.pos.checked_sub(1).and_then(|p| self.c.toks.get(p)) else { return true };
        match &prev.kind {
            Tok::Punct(_) | Tok::Block(_) => true,
            Tok::Kw(Kw::That | Kw::And | Kw::Then | Kw::By | Kw::Hereby | Kw::To) => true,
            Tok::Word => self.is_frame(prev),
            _ => false,
        }
    }

    /// Words that frame a motion (`Resolved`, `move`, `propose`, `Proposed edit`) or add
    /// nothing (`Additionally`, `also`).
    fn is_frame(&self, t: &Token) -> bool {
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
    fn scope_lead(&mut self) -> bool {
        let save = self.c.pos;
        // `Throughout the rules,` / `Throughout,`
        if let Some(Token { kind: Tok::Count(Count::Throughout), span }) = self.c.peek() {
            let span = *span;
            let mut k = 1;
            let mut whole = false;
            while let Some(t) = self.c.peek_at(k) {
                match t.kind {
                    Tok::Kw(Kw::The) => {}
                    Tok::Kw(Kw::Act) => whole = true,
                    // `Throughout the standing orders,` (the whole text); `Throughout the
                    // section,` keeps the scope.
                    Tok::Unit { plural, .. } => whole |= plural,
                    Tok::Word if k < 4 => whole |= is_whole_word(self.c.text_of(t)),
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
            if let (Some(Token { kind: Tok::Kw(Kw::Ordinal(which)), .. }), Some(s)) =
                (self.c.peek_at(2), self.c.peek_at(3))
            {
                if s.is(Kw::Sentence) {
                    let which = *which;
                    let span = self.c.toks[self.c.pos].span.join(s.span);
                    self.c.pos += 4;
                    self.sentence_scope(which, span);
                    return true;
                }
            }
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
        let Some(addr) = address(&mut self.c) else {
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
        if self.c.at_kw(Kw::Is) || self.c.at_kw(Kw::Be) {
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
        // `Rule 1, Clause 1.2(c), line 10:` — lines of the unit
        if self.c.at_punct(',') && self.c.peek_at(1).is_some_and(|t| t.is(Kw::Line)) {
            self.c.pos += 2;
            let first = self.plain_number();
            let last = if self.c.eat_kw(Kw::To)
                || self.c.eat_punct('–')
                || self.c.eat_punct('-')
                || self.c.eat_kw(Kw::Through)
            {
                self.plain_number()
            } else {
                first
            };
            if let (Some(f), Some(l), Some(Item::Scope(s))) =
                (first, last, self.scope.and_then(|i| self.a.items.get_mut(i)))
            {
                s.lines = Some(LineRange { first: f, last: l.max(f), page: None });
                s.span = Span::new(s.span.start, self.c.toks[self.c.pos - 1].span.end);
            }
        }
        // `Rule 2.2: second sentence,`
        self.c.eat_punct(':');
        if let (Some(Token { kind: Tok::Kw(Kw::Ordinal(which)), span }), Some(s)) = (self.c.peek(), self.c.peek_at(1)) {
            if s.is(Kw::Sentence) {
                let which = *which;
                let span = span.join(s.span);
                self.c.pos += 2;
                self.sentence_scope(which, span);
            }
        }
        true
    }

    /// Whether the cursor is at `is amended` / `be amended` / `are hereby amended`, not `is
    /// amended to read` (a clause).
    fn amended_follows(&self) -> bool {
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
    fn it_scope(&mut self) -> bool {
        let Some(t) = self.c.peek() else { return false };
        if matches!(t.kind, Tok::Word) && self.c.text_of(t).eq_ignore_ascii_case("it") {
            self.c.pos += 1;
            return true;
        }
        false
    }

    /// Makes a scope of an address (with its alike units), nested in the provision's scope.
    fn scope_from(&mut self, addr: Address) {
        let mut refs = addr.refs.into_iter();
        let Some(first) = refs.next() else { return };
        if addr.through {
            // A range as a scope is its first unit's parent; ranges are targets, not scopes.
        }
        let cited = addr.cited;
        let index = self.push_scope(first, false, cited);
        let others: Vec<UnitRef> = if addr.through { Vec::new() } else { refs.collect() };
        if !others.is_empty() {
            let mut extra = Vec::new();
            for u in others {
                let s = Scope {
                    span: u.span,
                    unit: Some(u),
                    titled: false,
                    lines: None,
                    cited,
                    within: self.parent_scope,
                    sentence: None,
                };
                self.a.items.push(Item::Scope(s));
                extra.push(self.a.items.len() - 1);
            }
            self.a.alike.insert(index, extra);
        }
    }

    /// Pushes a scope for a unit, nested in the provision's scope; it becomes the scope of
    /// the clauses after it.
    fn push_scope(&mut self, unit: UnitRef, titled: bool, cited: bool) -> usize {
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
    fn sentence_scope(&mut self, which: Ordinal, span: Span) {
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
    fn line_scope(&mut self) -> bool {
        let start = self.c.pos;
        let mut page = None;
        let mut lines: Option<LineRange> = None;
        loop {
            if self.c.eat_kw(Kw::Page) {
                page = self.plain_number();
            } else if self.c.eat_kw(Kw::Line) {
                let first = self.plain_number();
                let last = if self.c.eat_kw(Kw::To)
                    || self.c.eat_punct('–')
                    || self.c.eat_punct('-')
                    || self.c.eat_kw(Kw::Through)
                {
                    self.plain_number()
                } else {
                    first
                };
                if let (Some(f), Some(l)) = (first, last) {
                    lines = Some(LineRange { first: f, last: l.max(f), page: None });
                }
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

    fn plain_number(&mut self) -> Option<u32> {
        match self.c.peek() {
            Some(Token { kind: Tok::Number(n), .. }) => {
                let v = n.written.trim_end_matches(['.', ')']).parse().ok();
                self.c.pos += 1;
                v
            }
            _ => None,
        }
    }

    // ─────────────────────────── Clauses ───────────────────────────

    /// Reads one clause at the cursor; false if none starts here.
    fn clause(&mut self) -> bool {
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
    fn verb_clause(&mut self, v: Verb) -> bool {
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
                false
            }
            Verb::Renumber => self.renumber_clause(start),
            Verb::Designate => false,
        }
    }

    // ── Delete ──

    fn delete_clause(&mut self, start: usize, repeal: bool) -> bool {
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
    fn unquoted_words(&self) -> bool {
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
    fn beginning_check(&mut self) -> Option<Pattern> {
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

    // ── Insert ──

    fn insert_clause(&mut self, start: usize, append: bool) -> bool {
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
                                    super::address::number_steps(&n, Some(word.to_string())),
                                    span,
                                    n.written.trim(),
                                ))
                            }
                            _ => None,
                        },
                    };
                    if let Some(unit) = unit {
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
                        return true;
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

    /// `the following as Article 5.3: <words>`: the words after the colon, to the end of the
    /// provision, where they hold no quote or block; and where the place words start.
    fn inline_text(&self) -> Option<(NewText, usize)> {
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
    fn after_text_insert(&mut self, start: usize, text: NewText, append: bool) -> bool {
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
    fn append_to(&mut self, start: usize, noun: Noun) -> Option<bool> {
        let save = self.c.pos;
        // `to the bottom of`, `to the end of`, `to`
        let mut at_end = false;
        if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::AtEnd)) {
            self.c.pos += 1;
            at_end = true;
        } else if !self.c.eat_kw(Kw::To) {
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
    fn after_unit(&mut self) -> bool {
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
    fn target_scope(&mut self, addr: Address) {
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
        let others: Vec<UnitRef> = refs.collect();
        if !others.is_empty() && !addr.through {
            let mut extra = Vec::new();
            for u in others {
                let s = Scope {
                    span: u.span,
                    unit: Some(u),
                    titled: false,
                    lines: None,
                    cited: addr.cited,
                    within,
                    sentence: None,
                };
                self.a.items.push(Item::Scope(s));
                extra.push(self.a.items.len() - 1);
            }
            self.a.alike.insert(index, extra);
        }
        self.scope = Some(index);
    }

    /// An address, or a quoted title after `in`/`to`/`of` (`in “Style conventions”`).
    fn address_or_title(&mut self) -> Option<Address> {
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

    // ── Replace ──

    fn replace_clause(&mut self, start: usize, v: Verb) -> bool {
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
    fn change_pairs(&mut self) -> Option<Vec<(Pattern, NewText)>> {
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
    fn position_first(&mut self) -> bool {
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
    fn for_clause(&mut self) -> bool {
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
    fn renumber_clause(&mut self, start: usize) -> bool {
        // `and renumber accordingly`, `renumber subsequent rules`, `(without renumbering)`
        if self.c.at_kw(Kw::RenumberHow) || self.c.at_end() || self.c.at_punct('.') || self.c.at_punct(')') {
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
        let to: Vec<String> = match address(&mut self.c) {
            Some(a) => a
                .refs
                .iter()
                .filter_map(|r| r.steps.last().and_then(|s| s.printed.clone().or(s.number.clone())))
                .collect(),
            None => match self.c.peek() {
                Some(Token { kind: Tok::Number(n), .. }) => {
                    let n = n.written;
                    self.c.pos += 1;
                    vec![n.to_string()]
                }
                _ => return false,
            },
        };
        self.c.eat_punct(',');
        self.c.eat_kw(Kw::Respectively);
        if from.refs.len() != to.len() {
            self.a.diagnostics.push(
                Diagnostic::error(
                    Code::Syntax,
                    format!("the renumbering names {} units but {} new numbers", from.refs.len(), to.len()),
                )
                .primary(
                    self.a.file,
                    self.c.span_from(start),
                    "the two lists must be as long as each other",
                ),
            );
            return true;
        }
        for (unit, to) in from.refs.into_iter().zip(to) {
            self.emit(Clause::Renumber { unit, which, to }, start);
        }
        true
    }

    // ── Subjects ──

    /// A clause that opens with its subject: `Section 5 is repealed`, `Subsection 75.1(2) … is
    /// replaced by the following:`, `The portion of section 4 before paragraph (a) is replaced
    /// by the following:`, `The lead-in language is amended to read as follows:`, `A new
    /// subsection (b) is added to read as follows:`, `The existing text is designated as
    /// subsection (a).`, `Paragraph (8C) is redesignated as paragraph (8D).`
    fn subject_clause(&mut self) -> bool {
        let start = self.c.pos;
        let subject = self.subject();
        let Some(subject) = subject else {
            self.c.pos = start;
            return false;
        };
        // `Rule 12.4 shall then read “…”` (ToRead), `SO2 currently reads:`
        if let Some(t) = self.c.peek() {
            if matches!(t.kind, Tok::ToRead | Tok::CurrentlyReads | Tok::SoReads) {
                let currently = matches!(t.kind, Tok::CurrentlyReads);
                self.c.pos += 1;
                if let Subject::Units(addr) = subject {
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
                let to: Vec<String> = match address(&mut self.c) {
                    Some(a) => a
                        .refs
                        .iter()
                        .filter_map(|r| r.steps.last().and_then(|s| s.printed.clone().or(s.number.clone())))
                        .collect(),
                    None => return false,
                };
                self.c.eat_punct(',');
                self.c.eat_kw(Kw::Respectively);
                if addr.refs.len() != to.len() {
                    self.a.diagnostics.push(
                        Diagnostic::error(
                            Code::Syntax,
                            format!("the redesignation names {} units but {} new numbers", addr.refs.len(), to.len()),
                        )
                        .primary(
                            self.a.file,
                            self.c.span_from(start),
                            "the two lists must be as long as each other",
                        ),
                    );
                    return true;
                }
                for (unit, to) in addr.refs.into_iter().zip(to) {
                    self.emit(Clause::Renumber { unit, which: None, to }, start);
                }
                true
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

    /// The subject of a clause.
    fn subject(&mut self) -> Option<Subject> {
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
    fn pattern_arg(&mut self) -> Option<Pattern> {
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
    fn text_arg(&mut self) -> Option<NewText> {
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
    fn own_count(&mut self) -> Option<Count> {
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
    fn trailing_count(&mut self, count: Count, span: Span) {
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
    fn trailing_scope(&mut self) {
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
        match self.address_or_title() {
            Some(addr) => {
                act_citation(&mut self.c);
                self.target_scope(addr);
            }
            None => self.c.pos = save,
        }
    }

    /// `of section 5` after `at the end`.
    fn skip_of_unit(&mut self) {
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
    fn skip_filler_words(&mut self) {
        while self.c.peek().is_some_and(|t| {
            matches!(t.kind, Tok::Word | Tok::Kw(Kw::Of | Kw::The | Kw::RenumberHow) | Tok::Unit { .. })
        }) {
            self.c.pos += 1;
        }
    }

    // ─────────────────────────── Instructions ───────────────────────────

    fn emit(&mut self, clause: Clause, start: usize) {
        self.emit_counted(clause, start, None);
    }

    fn emit_repeal(&mut self, clause: Clause, start: usize, repeal: bool) {
        self.emit_counted(clause, start, None);
        if repeal {
            if let Some(Item::Instruction(ins)) = self.a.items.last_mut() {
                ins.repeal = true;
            }
        }
    }

    /// Adds a clause, pairing a plain INSERT with the DELETE or NO CHANGE before it.
    fn emit_counted(&mut self, clause: Clause, start: usize, count: Option<Count>) {
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
        }));
        self.a.open = keeps_open.then_some(self.a.items.len() - 1);
    }

    /// `Amend proposal #58: replace “x” with “y”, replace …`
    fn amend_provision(&mut self, provision: String, span: Span) {
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
        }));
    }

    /// Nothing quoted where a clause needs the words it changes.
    fn missing_quote(&mut self, start: usize) -> bool {
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
    fn missing_text(&mut self, start: usize) -> bool {
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
    fn stray(&mut self, start: usize, why: &str) -> bool {
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
    fn found_here(&self) -> String {
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
    fn skip_clause(&mut self) {
        while let Some(t) = self.c.peek() {
            if matches!(t.kind, Tok::Punct(';' | '.')) {
                break;
            }
            self.c.pos += 1;
        }
    }

    /// After the last clause: the provision's count and renumbering apply to its instructions;
    /// a provision that names a change but made no instruction is an error.
    fn finish(&mut self) {
        let made = self.made;
        if let Some((count, _)) = self.count {
            for item in &mut self.a.items[self.first_item..] {
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
        let reported = self.a.diagnostics.iter().any(|d| {
            d.is_error()
                && d.labels.first().is_some_and(|l| {
                    l.span.start >= self.provision_span.start && l.span.start <= self.provision_span.end
                })
        });
        let stray = !made && self.names_change() && !reported;
        if stray {
            let verb = self.c.toks.iter().find(|t| is_change_verb(t)).map(|t| t.span);
            let message = match self.unread_because() {
                Some(why) => format!("this names a change, but it could not be read as an instruction: {why}"),
                None => "this names a change, but it could not be read as an instruction".to_string(),
            };
            let mut d = Diagnostic::error(Code::StrayChange, message)
                .primary(self.a.file, self.provision_span, "not applied")
                .help("write it as an instruction, e.g. “In rule 2.1, replace “x” with “y”.”; `amend parse` shows how each provision was read");
            if let Some(v) = verb {
                d = d.secondary(self.a.file, v, "the change named");
            }
            self.a.diagnostics.push(d);
        }
        if !made && !reported && !stray {
            let scope_only = self.a.items[self.first_item..].iter().any(|i| matches!(i, Item::Scope(_)));
            if !scope_only {
                self.a.items.push(Item::Commentary { span: self.provision_span, why: "names no change" });
            }
        }
    }

    /// Whether the provision names a change: a change verb with a quote, a unit or a block; or
    /// a passage.
    fn names_change(&self) -> bool {
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
    fn bare_unit_after_insert(&self) -> Option<usize> {
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
    fn unread_because(&self) -> Option<String> {
        let toks = self.c.toks;
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

/// What a subject clause is about.
enum Subject {
    /// `“Chairman” shall be replaced by “Chair”`, `All appearances of the word Chairman`
    /// (`true`: every occurrence)
    Pattern(Pattern, bool),
    Units(Address),
    LeadIn(Option<UnitRef>),
    Heading,
    /// `The text`, `The existing text`: the scope unit's own text
    ScopeText,
    /// `A new subsection (b)`: the new unit's number, and its parent if the path named one
    New(String, Option<Address>),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Noun {
    Paragraph,
    Sentence,
    Words,
    /// `Append to …:` with no noun: a paragraph where the text is a block.
    Unnamed,
}

/// A verb that changes text (not `amend`, which only names where).
fn is_change_verb(t: &Token) -> bool {
    matches!(t.verb(), Some(v) if v != Verb::Amend && v != Verb::Designate) || matches!(t.kind, Tok::NoChange)
}

/// The target of a unit address: one unit, a list, or a range.
fn unit_target(addr: Address) -> Target {
    if addr.refs.len() == 1 && !addr.through {
        let Some(unit) = addr.refs.into_iter().next() else { return Target::All };
        return Target::Unit { unit };
    }
    Target::Units { units: addr.refs, through: addr.through }
}

/// A quote read as a pattern: an ellipsis inside it marks a range, a prefix or a suffix.
fn pattern(q: &QuoteTok, span: Span) -> Pattern {
    let quote = |text: &str| Quote { text: lex::join_lines(text.trim()), span, unclosed: q.unclosed };
    // Blank pieces (the space around an ellipsis) do not count.
    let meaningful: Vec<&Piece> =
        q.pieces.iter().filter(|p| !matches!(p, Piece::Text(t) if t.trim().is_empty())).collect();
    let texts: Vec<&str> = meaningful
        .iter()
        .filter_map(|p| match p {
            Piece::Text(t) => Some(*t),
            Piece::Ellipsis(_) => None,
        })
        .collect();
    let starts_with_ellipsis = matches!(meaningful.first(), Some(Piece::Ellipsis(_)));
    let ends_with_ellipsis = matches!(meaningful.last(), Some(Piece::Ellipsis(_)));
    match texts.as_slice() {
        _ if texts.len() == meaningful.len() => Pattern::Exact { quote: quote(&q.verbatim()) },
        [] => Pattern::Exact { quote: quote(&q.verbatim()) },
        [only] if ends_with_ellipsis && !starts_with_ellipsis => Pattern::Prefix { quote: quote(only) },
        [only] if starts_with_ellipsis && !ends_with_ellipsis => Pattern::Suffix { quote: quote(only) },
        [only] => Pattern::Exact { quote: quote(only) },
        [first, .., last] => Pattern::Range { from: quote(first), to: quote(last) },
    }
}

/// `beginning`, `starting`, `which begins`, `that begins`.
fn is_beginning(word: &str) -> bool {
    matches!(word.to_lowercase().as_str(), "beginning" | "starting" | "begins" | "starts" | "commencing")
}

/// The punctuation a word names: `period` → `.`.
fn punctuation_named(word: &str) -> Option<&'static str> {
    Some(match word.to_lowercase().as_str() {
        "period" | "full-stop" | "fullstop" => ".",
        "comma" => ",",
        "semicolon" | "semi-colon" => ";",
        "colon" => ":",
        _ => return None,
    })
}

/// Words after `Throughout the …` that mean the whole document.
fn is_whole_word(word: &str) -> bool {
    matches!(
        word.to_lowercase().as_str(),
        "rules"
            | "constitution"
            | "document"
            | "text"
            | "bylaws"
            | "by-laws"
            | "standing"
            | "orders"
            | "rulebook"
            | "statutes"
    )
}

/// An instruction verb in capitals (`DELETE`, `INSERT`): after a bare label, it makes the label
/// a unit of the base (`(b) DELETE “x”`).
fn is_upper_verb(c: &Cursor<'_>, t: &Token) -> bool {
    (t.verb().is_some() || matches!(t.kind, Tok::NoChange)) && {
        let w = c.text_of(t);
        w.chars().filter(|ch| ch.is_alphabetic()).all(char::is_uppercase)
    }
}
