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
//!
//! This module reads a provision (its own number, conditions, what is left over); the rules
//! are in `scopes` (scope leads), `clauses` (which clause, and deletions), `insert`, `replace`
//! (replacements, positions written first, `for … substitute`, renumbering), `subjects`
//! (clauses that open with their subject, and the arguments every clause reads) and `emit`
//! (clauses → instructions, and what is reported when a provision is not read).

use super::address::{Address, Cursor, act_citation, address};
use super::ast::*;
use super::lex::{self, Kw, Piece, QuoteTok, Tok, Token, Verb};
use super::passage;
use super::segment::{Block, BlockForm, Kind, Part, Provision};
use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Span};
use std::collections::HashMap;

mod clauses;
mod emit;
mod insert;
mod replace;
mod scopes;
mod subjects;

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
        // A provision inherits the version only from one that leads into it (`Section 3 of the
        // French version of the Act is amended as follows:`), not from a sibling subsection
        // whose number it shares (`1 (1) … French version …` / `(2) …`).
        let leads = |j: usize| !a.items[a.provision_items[j].clone()].iter().any(|i| matches!(i, Item::Instruction(_)));
        if let Some(version) = version_of(text, provisions, k, leads) {
            for item in &mut a.items[first_item..] {
                if let Item::Instruction(ins) = item {
                    ins.version = Some(version);
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
            completed: None,
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
                        let at = spaced_matches(&current, &old);
                        let found = at.len();
                        if found > 0 {
                            let mut replaced = String::with_capacity(current.len());
                            let mut from = 0;
                            for (start, end) in at {
                                replaced.push_str(&current[from..start]);
                                replaced.push_str(new.as_str());
                                from = end;
                            }
                            replaced.push_str(&current[from..]);
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

/// Where `needle` occurs in `hay`, its words separated by any run of whitespace there (the new
/// text of a provision keeps its line breaks; the amendment to it quotes it as one line).
fn spaced_matches(hay: &str, needle: &str) -> Vec<(usize, usize)> {
    let words: Vec<&str> = needle.split_whitespace().collect();
    let Some((first, rest)) = words.split_first() else { return Vec::new() };
    let mut out = Vec::new();
    let mut search = 0;
    while let Some(k) = hay[search..].find(first) {
        let start = search + k;
        let mut at = Some(start + first.len());
        for w in rest {
            at = at.and_then(|p| {
                let after = hay[p..].trim_start();
                let gap = hay.len() - p - after.len();
                (gap > 0 && after.starts_with(w)).then_some(hay.len() - after.len() + w.len())
            });
        }
        match at {
            Some(end) => {
                out.push((start, end));
                search = end;
            }
            None => search = start + first.len(),
        }
    }
    out
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

/// The language version a provision amends alone (`Subsection 4(2) of the French version of the
/// Act is …`, `The French version of paragraph (b) is …`), or the one a provision it is nested in
/// names.
fn version_of(text: &str, provisions: &[Provision], k: usize, leads: impl Fn(usize) -> bool) -> Option<Language> {
    let mut at = Some(k);
    while let Some(j) = at {
        let named = provisions[j].tokens.iter().find(|t| matches!(t.kind, Tok::LanguageVersion));
        if let Some(t) = named {
            let french = text[t.span.range()].to_lowercase().contains("french");
            return Some(if french { Language::French } else { Language::English });
        }
        if provisions[j].under_outer {
            return None;
        }
        at = provisions[j].parent.filter(|&p| leads(p));
    }
    None
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
    /// The instruction of an earlier provision that this one completed (`DELETE “x”;` on one
    /// line, `INSERT “y” – TWICE.` on the next): the provision's count applies to it too.
    completed: Option<usize>,
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
        // `The French version of subsection 4(2) is …`: the version is the provision's
        // (`version_of`); the unit is read as if it opened the provision.
        if self.c.peek().is_some_and(|t| matches!(t.kind, Tok::LanguageVersion))
            && self.c.peek_at(1).is_some_and(|t| t.is(Kw::Of))
        {
            self.c.pos += 2;
        }
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
            // `Rule 3: “48 hours” -> “72 hours”`: a scope, then quoted text no rule took.
            if self.set_scope {
                self.unclaimed();
                self.amended_how();
            }
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
        // `In 3.1 and 3.2, replace …`, `Under rule 3.1, …`, `… in the section on meetings`: a
        // place that could not be read. Applied to the whole text, the change could land in
        // another unit.
        if let Some(span) =
            self.unread_place().or_else(|| self.scope_after_change()).or_else(|| self.unit_beside_change())
        {
            self.a.diagnostics.push(
                Diagnostic::error(Code::Syntax, "instruction not understood: the place it names could not be read")
                    .primary(self.a.file, span, "this place is not understood")
                    .secondary(self.a.file, self.provision_span, "")
                    .help("name the unit before the change, as the base numbers it (`In rule 3.1, delete …`, `Para 3.1: …`), several as a list (`In rules 3.1 and 3.2,`); `amend parse` shows what was read"),
            );
            return;
        }
        self.unclaimed();
    }

    /// `Amend Rule 3 so that voting lasts 72 hours.`: a unit said to be amended, then words no
    /// rule took, and no change read: the change the words describe would be dropped.
    fn amended_how(&mut self) {
        let toks = self.c.toks;
        let Some(amend) = toks.iter().position(|t| t.verb() == Some(Verb::Amend)) else { return };
        let Some(&at) = self.skipped.iter().find(|&&k| k > amend && matches!(toks[k].kind, Tok::Word)) else {
            return;
        };
        if self.reported() {
            return;
        }
        let last = self.skipped.last().copied().unwrap_or(at).max(at);
        self.stray_change(None, toks[at].span.join(toks[last].span), Some(toks[amend].span));
    }

    /// Reports the first quote, block, count or change verb that no rule took.
    fn unclaimed(&mut self) {
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

    /// Where a place was written that the rules did not read (`In`, `Under`, `At`, `Within`,
    /// `from`, `of`, then words left over up to a comma or a verb, among them a unit word or a
    /// number, or `the` after all but `of` and `from`; before the change or after it): its span.
    fn unread_place(&self) -> Option<Span> {
        let toks = self.c.toks;
        let skipped = |k: usize| self.skipped.binary_search(&k).is_ok();
        self.skipped.iter().copied().find_map(|k| {
            let t = &toks[k];
            let place = t.is(Kw::In)
                || t.is(Kw::From)
                || t.is(Kw::Of)
                || matches!(self.c.text_of(t).to_lowercase().as_str(), "under" | "at" | "within");
            if !(place && skipped(k + 1)) {
                return None;
            }
            let mut end = k + 1;
            while end + 1 < toks.len()
                && skipped(end + 1)
                && !matches!(toks[end + 1].kind, Tok::Punct(_))
                && toks[end + 1].verb().is_none()
            {
                end += 1;
            }
            // `In the Constitution,`, `In the standing orders,`: the whole text, no unit.
            let whole =
                toks[k + 1].is(Kw::The) && end - k <= 3 && toks[k + 2..=end].iter().all(|t| self.names_whole(t));
            // A place names a unit or a number (not `in order`, `at once`), or a part of the
            // unit (`in the proviso`, `in the second line`).
            let names = toks[k + 1..=end].iter().any(|t| matches!(t.kind, Tok::Number(_) | Tok::Unit { .. }))
                || toks[k + 1].is(Kw::The) && !t.is(Kw::Of) && !t.is(Kw::From);
            (names && !whole).then(|| t.span.join(toks[end].span))
        })
    }

    /// A unit named with its number in the sentence of a change, and not read as anything
    /// (`Inn clause 3.4, replace …`, `Replace … inn clause 3.4.`): the change would be made
    /// in the scope before, or in the whole text, not in the unit named. Its span, with the
    /// words left over just before it.
    fn unit_beside_change(&self) -> Option<Span> {
        let toks = self.c.toks;
        let skipped = |k: usize| self.skipped.binary_search(&k).is_ok();
        let ends = |t: &Token| t.is_punct('.') || t.is_punct(';');
        self.skipped.iter().copied().find_map(|k| {
            let named = matches!(toks[k].kind, Tok::Unit { .. })
                && skipped(k + 1)
                && matches!(toks.get(k + 1).map(|t| &t.kind), Some(Tok::Number(_)));
            if !named {
                return None;
            }
            let start = toks[..k].iter().rposition(ends).map_or(0, |p| p + 1);
            let end = toks[k..].iter().position(ends).map_or(toks.len(), |p| k + p);
            let changed = (start..end).any(|i| !skipped(i) && is_change_verb(&toks[i]));
            let mut first = k;
            while first > start && skipped(first - 1) && matches!(toks[first - 1].kind, Tok::Word) {
                first -= 1;
            }
            changed.then(|| toks[first].span.join(toks[k + 1].span))
        })
    }

    /// A scope named after the provision's last change (`Delete “x” at the beginning of rule
    /// 3.1.`): written as that change's place, yet read only for the provisions after it.
    fn scope_after_change(&self) -> Option<Span> {
        let items = &self.a.items[self.first_item..];
        let last = items.iter().rposition(|i| matches!(i, Item::Instruction(_)))?;
        items[last + 1..].iter().find_map(|i| match i {
            Item::Scope(s) => Some(s.span),
            _ => None,
        })
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
                // `2.2-2.4: replace …`
                if let (Some(Tok::Punct('-' | '–' | '—')), Some(Token { kind: Tok::Number(_), span: last })) =
                    (next.map(|t| &t.kind), self.c.peek_at(2))
                {
                    self.range_as_place(span.join(*last));
                }
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
    matches!(t.verb(), Some(v) if v != Verb::Amend && v != Verb::Designate)
        || matches!(t.kind, Tok::NoChange)
        || t.is(Kw::Unapplied)
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

impl Reader<'_, '_, '_> {
    /// Whether a word after `Throughout the …` or `In the …` names the whole text: an act's
    /// name (`Constitution`, `Bylaws`), a unit word in the plural (`rules`, `standing orders`),
    /// or another such word.
    fn names_whole(&self, t: &Token) -> bool {
        match &t.kind {
            Tok::Kw(Kw::Act) => true,
            Tok::Unit { plural, .. } => *plural,
            Tok::Word => is_whole_word(self.c.text_of(t)),
            _ => false,
        }
    }
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

#[cfg(test)]
mod spaced_tests {
    use super::spaced_matches;

    /// The units each instruction's scopes name, innermost first.
    fn scopes(sheet: &str) -> Vec<Vec<String>> {
        crate::amendment::rewrap::reading(sheet)
            .iter()
            .map(|r| {
                let v: serde_json::Value = serde_json::from_str(r).unwrap();
                v["scope"].as_array().unwrap().iter().map(|s| s["unit"]["written"].to_string()).collect()
            })
            .collect()
    }

    #[test]
    fn a_unit_named_after_a_full_stop_is_not_looked_for_in_the_one_before() {
        let sheet = "1. In Article 4.1, strike from “a” to the end. In Article 5, strike “b”.\n";
        assert_eq!(scopes(sheet), [vec!["\"Article 4.1\""], vec!["\"Article 5\""]]);
        let chained = "1. In section 2(1), in paragraph (b), strike “b”.\n";
        assert_eq!(scopes(chained), [vec!["\"paragraph (b)\"", "\"section 2(1)\""]]);
    }

    #[test]
    fn words_match_over_any_whitespace_but_not_none() {
        let hay = "any proposal it\nis anti-dependent on is passed";
        assert_eq!(spaced_matches(hay, "proposal it is anti-dependent on"), [(4, 36)]);
        assert_eq!(spaced_matches("itis", "it is"), []);
        assert_eq!(spaced_matches("a b a  b", "a b"), [(0, 3), (4, 8)]);
    }
}
