//! pest pairs → AST. One `lower_<rule>` per grammar rule; scopes and the pairing of a DELETE
//! with the INSERT after it are settled here, so the resolver sees whole instructions.

use super::ast::*;
use crate::diagnostic::{Code, Diagnostic};
use crate::grammar::{self, Grammar, Rule};
use crate::source::{FileId, Span};
use pest::Parser;
use pest::iterators::Pair;

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
    /// A plain `INSERT` or (when `replace` is set) `REPLACE WITH`: its place comes from the
    /// clause before it.
    Text {
        text: NewText,
        replace: bool,
    },
    Insert(Anchor, NewText),
}

struct Lowerer<'t> {
    file: FileId,
    text: &'t str,
    items: Vec<Item>,
    diagnostics: Vec<Diagnostic>,
    scope: Option<usize>,
    /// The last instruction, while a following plain INSERT may still complete it.
    open: Option<usize>,
}

pub(super) fn lower(file: FileId, text: &str) -> (Amendment, Vec<Diagnostic>) {
    let mut l = Lowerer {
        file,
        text,
        items: Vec::new(),
        diagnostics: Vec::new(),
        scope: None,
        open: None,
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
    // A sheet that changes nothing is most often a mistake (the wrong file, or instructions
    // written in a way read as commentary); a CI check should not pass it silently.
    if !l.items.iter().any(|i| matches!(i, Item::Instruction(_)))
        && !l.diagnostics.iter().any(Diagnostic::is_error)
    {
        let first = l.items.iter().find_map(|i| match i {
            Item::Commentary { span } => Some(*span),
            _ => None,
        });
        let d = Diagnostic::warning(
            Code::NoInstructions,
            "the amendment file has no instructions",
        );
        l.diagnostics.push(match first {
            Some(span) => d
                .primary(file, span, "this and every other line is read as commentary")
                .help("instructions start with DELETE, INSERT, ADD … or with a scope such as “Para 2.1:”; `amend parse` shows how each line was read"),
            None => d
                .primary(file, Span::point(0), "nothing to apply")
                .help("check that this is the file meant"),
        });
    }
    (
        Amendment {
            file,
            items: l.items,
        },
        l.diagnostics,
    )
}

fn span_of(p: &Pair<'_, Rule>) -> Span {
    Span::new(p.as_span().start(), p.as_span().end())
}

impl Lowerer<'_> {
    fn lower_line(&mut self, pair: Pair<'_, Rule>) {
        match pair.as_rule() {
            Rule::instruction_line => self.lower_instruction_line(pair),
            Rule::scope_line => {
                let unit = pair.into_inner().find(|p| p.as_rule() == Rule::unit_ref);
                if let Some(u) = unit {
                    self.push_scope(lower_unit_ref(u), false);
                }
            }
            Rule::titled_line => {
                let span = span_of(&pair);
                let mut inner = pair.into_inner();
                let label = inner.next();
                let heading = inner.next();
                if let (Some(label), Some(heading)) = (label, heading) {
                    let mut steps = number_steps(label, None);
                    if let Some(last) = steps.last_mut() {
                        last.heading = Some(heading.as_str().trim().to_string());
                    }
                    let end = span_of(&heading).end;
                    let unit = UnitRef {
                        steps,
                        span: Span::new(span.start, end),
                    };
                    self.push_scope(unit, true);
                }
            }
            Rule::unparsed_instruction => {
                let start = pair.as_span().start();
                let end = start + pair.as_str().trim_end().len();
                // Only this line: the error is in it, and pest finds the start of the error's
                // line by walking back from the end of its input, which made a sheet of many
                // bad lines quadratic.
                let line = &self.text[start..pair.as_span().end()];
                let d =
                    match Grammar::parse(Rule::instruction_line, line) {
                        Err(e) => syntax_error(self.file, self.text, start, &e),
                        Ok(_) => Diagnostic::error(Code::Syntax, "instruction not understood")
                            .primary(self.file, Span::new(start, end), "this line"),
                    };
                self.diagnostics
                    .push(d.secondary(self.file, Span::new(start, end), ""));
                self.open = None;
            }
            Rule::commentary => {
                let span = span_of(&pair);
                let trimmed = pair.as_str().trim_end();
                self.items.push(Item::Commentary {
                    span: Span::new(span.start, span.start + trimmed.len()),
                });
                self.open = None;
            }
            _ => {}
        }
    }

    fn push_scope(&mut self, unit: UnitRef, titled: bool) {
        let span = unit.span;
        self.items.push(Item::Scope(Scope { unit, span, titled }));
        self.scope = Some(self.items.len() - 1);
        self.open = None;
    }

    fn lower_instruction_line(&mut self, pair: Pair<'_, Rule>) {
        let mut clauses: Vec<(Clause, Span, Option<Count>)> = Vec::new();
        let mut line_count = None;
        let mut block = None;
        for p in pair.into_inner() {
            match p.as_rule() {
                Rule::scope_prefix => {
                    if let Some(u) = p
                        .into_inner()
                        .find(|u| matches!(u.as_rule(), Rule::unit_ref | Rule::label_ref))
                    {
                        let unit = match u.as_rule() {
                            Rule::label_ref => {
                                let span = span_of(&u);
                                let steps = u
                                    .into_inner()
                                    .next()
                                    .map(|n| number_steps(n, None))
                                    .unwrap_or_default();
                                UnitRef { steps, span }
                            }
                            _ => lower_unit_ref(u),
                        };
                        self.push_scope(unit, false);
                    }
                }
                Rule::clause_list => {
                    // `and`, `then` between clauses are separators.
                    for c in p
                        .into_inner()
                        .filter(|c| !matches!(c.as_rule(), Rule::k_and | Rule::k_then))
                    {
                        let span = span_of(&c);
                        let (clause, count) = self.lower_clause(c);
                        clauses.push((clause, span, count));
                    }
                }
                Rule::count => line_count = Some(lower_count(p)),
                Rule::block => block = Some(p),
                _ => {}
            }
        }
        // The block belongs to the clause that ended with "the following:".
        if let Some(block) = block {
            let text = self.lower_block(block);
            for (clause, _, _) in &mut clauses {
                let slot = match clause {
                    Clause::Text { text: t, .. } | Clause::Insert(_, t) => t,
                    _ => continue,
                };
                if let NewText::Block { text: t, span } = slot {
                    if t.is_empty() && span.is_empty() {
                        *slot = text.clone();
                    }
                }
            }
        }
        for (clause, clause_span, _) in &clauses {
            if let Clause::Text {
                text: NewText::Block { span, .. },
                ..
            }
            | Clause::Insert(_, NewText::Block { span, .. }) = clause
            {
                if span.is_empty() {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::EmptyBlock,
                            "no text to insert: nothing is quoted, and no text follows on the lines below",
                        )
                        .primary(self.file, *clause_span, "this needs text")
                        .help("quote the new text on this line, or put it on the lines right after this one"),
                    );
                }
            }
        }
        let first_new = self.items.len();
        for (clause, span, count) in clauses {
            self.add_clause(clause, span, count);
        }
        // A count at the end of the line (`– TWICE`) applies to the line's text instructions.
        if let Some(count) = line_count {
            for item in &mut self.items[first_new..] {
                if let Item::Instruction(i) = item {
                    let text_target = matches!(
                        &i.op,
                        Op::Delete {
                            target: Target::Text { .. }
                        } | Op::Replace {
                            target: Target::Text { .. },
                            ..
                        }
                    );
                    if text_target && i.count == Count::Once {
                        i.count = count;
                    }
                }
            }
        }
    }

    /// Adds a clause, pairing a plain INSERT with the DELETE or NO CHANGE before it.
    fn add_clause(&mut self, clause: Clause, span: Span, count: Option<Count>) {
        let count = count.unwrap_or(Count::Once);
        let op = match clause {
            Clause::NoChange(check) => Op::NoChange { check },
            Clause::Delete(target) => Op::Delete { target },
            Clause::Insert(at, text) => Op::Insert { at, text },
            Clause::Text { text, replace } => {
                let open = self.open.and_then(|i| match &mut self.items[i] {
                    Item::Instruction(ins) => Some(ins),
                    _ => None,
                });
                match open {
                    Some(ins) if matches!(ins.op, Op::Delete { .. }) => {
                        let Op::Delete { target } =
                            std::mem::replace(&mut ins.op, Op::NoChange { check: None })
                        else {
                            unreachable!("checked above in add_clause")
                        };
                        ins.op = Op::Replace { target, text };
                        ins.span = ins.span.join(span);
                        self.open = None;
                        return;
                    }
                    Some(_) | None if replace => {
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::Dangling,
                                "REPLACE WITH needs a DELETE before it",
                            )
                            .primary(self.file, span, "nothing deleted for this to replace")
                            .help("say what is replaced first: DELETE “…” and replace with “…”"),
                        );
                        return;
                    }
                    Some(ins) if matches!(ins.op, Op::NoChange { .. }) => Op::Insert {
                        at: Anchor::NewUnitAfter,
                        text,
                    },
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
        self.items.push(Item::Instruction(Instruction {
            scope: self.scope,
            op,
            count,
            span,
        }));
        self.open = keeps_open.then_some(self.items.len() - 1);
    }

    fn lower_clause(&mut self, pair: Pair<'_, Rule>) -> (Clause, Option<Count>) {
        let rule = pair.as_rule();
        let span = span_of(&pair);
        let mut inner: Vec<Pair<Rule>> = pair.into_inner().collect();
        let count = inner
            .iter()
            .position(|p| p.as_rule() == Rule::count)
            .map(|i| lower_count(inner.remove(i)));
        let pattern = |l: &mut Self, inner: &[Pair<Rule>]| {
            inner
                .iter()
                .find(|p| p.as_rule() == Rule::quoted)
                .map(|q| l.lower_pattern(q.clone()))
        };
        let text = |l: &mut Self, inner: &[Pair<Rule>]| -> NewText {
            match inner
                .iter()
                .rev()
                .find(|p| matches!(p.as_rule(), Rule::quoted | Rule::following))
            {
                Some(p) if p.as_rule() == Rule::quoted => NewText::Quoted {
                    quote: l.lower_quote(p.clone()),
                },
                // Filled in from the block once the whole line is read.
                _ => NewText::Block {
                    text: String::new(),
                    span: Span::point(span.end),
                },
            }
        };
        let ordinal = |inner: &[Pair<Rule>]| {
            inner
                .iter()
                .find(|p| p.as_rule() == Rule::ordinal)
                .map_or(Ordinal::FromEnd(1), lower_ordinal)
        };
        let clause = match rule {
            Rule::no_change => Clause::NoChange(
                inner
                    .into_iter()
                    .find(|p| p.as_rule() == Rule::unit_ref)
                    .map(lower_unit_ref),
            ),
            Rule::delete_all_after => Clause::Delete(Target::AllAfter {
                pattern: pattern(self, &inner).expect("grammar: quoted"),
            }),
            Rule::delete_all_before => Clause::Delete(Target::AllBefore {
                pattern: pattern(self, &inner).expect("grammar: quoted"),
            }),
            Rule::delete_all => Clause::Delete(Target::All),
            Rule::delete_sentence => Clause::Delete(Target::Sentence {
                which: ordinal(&inner),
                check: pattern(self, &inner),
            }),
            Rule::delete_item => Clause::Delete(Target::Item {
                which: ordinal(&inner),
                check: pattern(self, &inner),
            }),
            Rule::delete_text => Clause::Delete(Target::Text {
                pattern: pattern(self, &inner).expect("grammar: quoted"),
            }),
            Rule::delete_unit => {
                let unit = inner
                    .into_iter()
                    .find(|p| p.as_rule() == Rule::unit_ref)
                    .map(lower_unit_ref)
                    .expect("grammar: unit_ref");
                Clause::Delete(Target::Unit { unit })
            }
            Rule::insert_after | Rule::insert_before => {
                let anchor_quote = inner
                    .iter()
                    .find(|p| p.as_rule() == Rule::quoted)
                    .cloned()
                    .expect("grammar: quoted");
                let pattern = self.lower_pattern(anchor_quote);
                let rest: Vec<Pair<Rule>> = inner
                    .into_iter()
                    .skip_while(|p| p.as_rule() != Rule::quoted)
                    .skip(1)
                    .collect();
                let new = text(self, &rest);
                let at = if rule == Rule::insert_after {
                    Anchor::After { pattern }
                } else {
                    Anchor::Before { pattern }
                };
                Clause::Insert(at, new)
            }
            Rule::insert_at_end => Clause::Insert(Anchor::End, text(self, &inner)),
            Rule::insert_at_start => Clause::Insert(Anchor::Start, text(self, &inner)),
            Rule::insert_text | Rule::replace_with => Clause::Text {
                text: text(self, &inner),
                replace: rule == Rule::replace_with,
            },
            r => unreachable!("unexpected {r:?} in lower_clause"),
        };
        (clause, count)
    }

    /// A quote read as a pattern: an ellipsis inside it marks a range, a prefix or a suffix.
    fn lower_pattern(&mut self, pair: Pair<'_, Rule>) -> Pattern {
        let span = span_of(&pair);
        let (pieces, unclosed) = self.quote_parts(pair);
        let quote = |text: &str| Quote {
            text: text.trim().to_string(),
            span,
            unclosed,
        };
        // Blank pieces (the space around an ellipsis) do not count.
        let meaningful: Vec<&Piece> = pieces
            .iter()
            .filter(|p| !matches!(p, Piece::Text(t) if t.trim().is_empty()))
            .collect();
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
            _ if texts.len() == meaningful.len() => Pattern::Exact {
                quote: quote(&verbatim(&pieces)),
            },
            [] => Pattern::Exact {
                quote: quote(&verbatim(&pieces)),
            },
            [only] if ends_with_ellipsis && !starts_with_ellipsis => {
                Pattern::Prefix { quote: quote(only) }
            }
            [only] if starts_with_ellipsis && !ends_with_ellipsis => {
                Pattern::Suffix { quote: quote(only) }
            }
            [only] => Pattern::Exact { quote: quote(only) },
            [first, .., last] => Pattern::Range {
                from: quote(first),
                to: quote(last),
            },
        }
    }

    /// A quote read as new text: verbatim, ellipses included.
    fn lower_quote(&mut self, pair: Pair<'_, Rule>) -> Quote {
        let span = span_of(&pair);
        let (pieces, unclosed) = self.quote_parts(pair);
        Quote {
            text: verbatim(&pieces).trim().to_string(),
            span,
            unclosed,
        }
    }

    /// The pieces of a quote's body and whether it was left open. Warns about an open quote.
    fn quote_parts(&mut self, pair: Pair<'_, Rule>) -> (Vec<Piece>, bool) {
        let span = span_of(&pair);
        let styled = pair
            .into_inner()
            .next()
            .expect("grammar: quoted has one style");
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
                Diagnostic::warning(
                    Code::UnclosedQuote,
                    "quote left open at the end of the line",
                )
                .primary(
                    self.file,
                    span,
                    "the quoted text is taken to run to the end of the line",
                )
                .help("add the closing quote mark"),
            );
        }
        (pieces, unclosed)
    }

    fn lower_block(&mut self, pair: Pair<'_, Rule>) -> NewText {
        let span = span_of(&pair);
        // The block's first line may have lost its indentation to implicit whitespace; start
        // from the beginning of that line so the text is verbatim.
        let line_start = self.text[..span.start]
            .rfind(['\n', '\r'])
            .map_or(0, |i| i + 1);
        let raw = &self.text[line_start..span.end];
        let trimmed = raw.trim_end();
        let lead_blank = trimmed.len() - trimmed.trim_start_matches(['\n', '\r']).len();
        let body = &trimmed[lead_blank..];
        let start = line_start + lead_blank;
        let text = body.replace("\r\n", "\n").replace('\r', "\n");
        NewText::Block {
            text,
            span: Span::new(start, start + body.len()),
        }
    }
}

fn lower_count(pair: Pair<'_, Rule>) -> Count {
    let word = pair.into_inner().next().expect("grammar: count has a word");
    match word.as_rule() {
        Rule::twice => Count::Exactly(2),
        Rule::thrice => Count::Exactly(3),
        Rule::throughout => Count::Throughout,
        Rule::times => {
            let n = word
                .into_inner()
                .next()
                .map(|p| p.as_str().to_lowercase())
                .unwrap_or_default();
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
            if value == 1 {
                Count::Once
            } else {
                Count::Exactly(value)
            }
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

fn lower_unit_ref(pair: Pair<'_, Rule>) -> UnitRef {
    let span = Span::new(
        pair.as_span().start(),
        pair.as_span().start() + pair.as_str().trim_end().len(),
    );
    let mut keyword = None;
    let mut steps = Vec::new();
    let mut heading = None;
    for p in pair.into_inner() {
        match p.as_rule() {
            Rule::unit_keyword => keyword = Some(normalise_keyword(p.as_str())),
            Rule::ref_number => steps = number_steps(p, keyword.clone()),
            Rule::unit_heading => heading = Some(p.as_str().trim().to_string()),
            Rule::quoted_heading => {
                heading = p
                    .into_inner()
                    .find(|q| q.as_rule() == Rule::quoted)
                    .map(|q| {
                        q.as_str()
                            .trim_matches(|c: char| "\"“”‘’'«»„".contains(c))
                            .trim()
                            .to_string()
                    });
            }
            r => unreachable!("unexpected {r:?} in lower_unit_ref"),
        }
    }
    if steps.is_empty() {
        steps.push(RefStep {
            keyword,
            number: None,
            heading: None,
        });
    }
    if let Some(h) = heading {
        if let Some(last) = steps.last_mut() {
            last.heading = Some(h);
        }
    }
    UnitRef { steps, span }
}

fn normalise_keyword(word: &str) -> String {
    let w = word.trim().trim_end_matches('.').to_lowercase();
    match w.as_str() {
        "para" => "para".into(),
        "sec" => "section".into(),
        "subclause" => "sub-clause".into(),
        "sub-section" => "subsection".into(),
        "sub-paragraph" => "subparagraph".into(),
        "annexe" => "annex".into(),
        _ => w,
    }
}

/// A reference number as steps: `2.1` is one step, `106(3)` two, `(b)(2)(A)` three.
fn number_steps(pair: Pair<'_, Rule>, keyword: Option<String>) -> Vec<RefStep> {
    let mut keys: Vec<String> = Vec::new();
    fn walk(p: Pair<'_, Rule>, keys: &mut Vec<String>) {
        match p.as_rule() {
            Rule::dotted_number => {
                let parts: Vec<&str> = p.into_inner().map(|t| t.as_str()).collect();
                keys.push(parts.join("."));
            }
            Rule::digits_token | Rule::roman_token | Rule::letter_token => {
                keys.push(p.as_str().to_string())
            }
            _ => p.into_inner().for_each(|c| walk(c, keys)),
        }
    }
    walk(pair, &mut keys);
    keys.into_iter()
        .enumerate()
        .map(|(i, k)| RefStep {
            keyword: if i == 0 { keyword.clone() } else { None },
            number: Some(k),
            heading: None,
        })
        .collect()
}

/// A pest error as an E0201 diagnostic: the likeliest thing expected in the message, what was
/// found instead, the other possibilities in a note, and advice for the commonest slip.
fn syntax_error(
    file: FileId,
    text: &str,
    offset: usize,
    e: &pest::error::Error<Rule>,
) -> Diagnostic {
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
            let word: String = if bare.is_empty() { word } else { bare }
                .chars()
                .take(30)
                .collect();
            format!("`{word}`")
        }
    };
    let mut d = match expected.first() {
        // The instruction was complete; something after it is not part of the language.
        _ if expected.contains(&grammar::END) && found != "the end of the line" => {
            expected.retain(|&d| d != grammar::END);
            let d = Diagnostic::error(
                Code::Syntax,
                format!(
                    "instruction not understood: unexpected {found} after a complete instruction"
                ),
            )
            .primary(
                file,
                Span::point(at),
                "the instruction could end before this",
            );
            if expected.is_empty() {
                return d
                    .help("remove the extra words, or start a new line for another instruction");
            }
            return d
                .note(format!("or it could go on with: {}", expected.join("; ")))
                .help("remove the extra words, or start a new line for another instruction");
        }
        Some(first) => Diagnostic::error(
            Code::Syntax,
            format!("instruction not understood: expected {first}, found {found}"),
        )
        .primary(file, Span::point(at), format!("expected {first} here")),
        None => Diagnostic::error(Code::Syntax, "instruction not understood").primary(
            file,
            Span::point(at),
            "the instruction stops making sense here",
        ),
    };
    if expected.len() > 1 {
        d = d.note(format!("also possible here: {}", expected[1..].join("; ")));
    }
    let words = rest
        .split([';', ','])
        .next()
        .unwrap_or("")
        .trim()
        .trim_end_matches('.');
    match expected.first() {
        Some(&grammar::QUOTED) if words.starts_with(|c: char| c.is_alphanumeric()) => {
            d.help(format!("put the words in quotes: “{words}”"))
        }
        Some(&grammar::QUOTED) => d.help(
            "quote the words each instruction changes, e.g. Para 2.1: DELETE “signatory”; INSERT “member”.",
        ),
        _ => d,
    }
}
