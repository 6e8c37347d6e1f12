//! Amendment text → instructions (the AST), in four stages:
//!
//! ```text
//! sheet ──segment──▶ provisions (wrapped lines joined, blocks cut out, nesting by the
//!                    amending text's own numbering)
//!       ──lex──────▶ tokens per provision (quotes, unit numbers, verbs, positions, counts, filler)
//!       ──assemble─▶ scopes and instructions (address, passage: helpers)
//! ```
//!
//! The grammar (`grammar/amendment.pest`) is the single definition of the syntax: it says how
//! a line begins and what each token is; the stages arrange what it reads.

mod address;
mod assemble;
mod ast;
mod block;
mod lex;
mod line;
mod passage;
pub mod rewrap;
mod scan;
mod segment;
#[cfg(test)]
mod testing;

pub use ast::*;

use crate::diagnostic::{Code, Diagnostic};
use crate::source::{FileId, Sources, Span};
use segment::Doubt;
use std::fmt::Write as _;

/// Parses an amendment sheet. Errors (a provision that names a change but cannot be read) and
/// warnings (such as a quote left open) come back together with whatever could be read.
pub fn parse(file: FileId, text: &str) -> (Amendment, Vec<Diagnostic>) {
    let provisions = segment::segment(text);
    let assembled = assemble::assemble(file, text, &provisions);
    let mut diagnostics = assembled.diagnostics;
    for line in provisions.iter().flat_map(|p| &p.loose) {
        diagnostics.push(
            Diagnostic::warning(Code::TextRunsOn, "this line is read as more of the new text on the line before")
                .primary(file, *line, "read as new text")
                .help("if it is not new text, leave a blank line before it"),
        );
    }
    for &(mark, doubt) in provisions.iter().flat_map(|p| &p.ends_in_doubt) {
        diagnostics.push(match doubt {
            Doubt::Unpaired => Diagnostic::error(
                Code::QuotesUnpaired,
                "the quote marks of this quotation do not pair up",
            )
            .primary(file, mark, "read as the quotation's end, but an odd number of marks come before it")
            .help("a mark is missing or one too many: check the quoted terms in the new text against the original"),
            Doubt::RunsOn => Diagnostic::error(
                Code::QuotesUnpaired,
                "this quotation closes in the middle of a line that goes on with another instruction",
            )
            .primary(file, mark, "the quotation's mark closes here, yet the line goes on")
            .help("start the instruction after the quotation on a line of its own"),
            Doubt::GoesOn => Diagnostic::error(
                Code::QuotesUnpaired,
                "this quotation closes at the end of a line, yet the next line goes on with the same sentence",
            )
            .primary(file, mark, "read as the quotation's end, but the sentence goes on after it")
            .help("a quote mark may be missing or one too many; if the quotation does end here, begin what follows as a provision of its own"),
        });
    }
    let items = assembled.items;
    warn_unclosed(file, &items, &mut diagnostics);
    // A sheet that changes nothing is most often a mistake (the wrong file, or instructions
    // written in a way the tool cannot read); exit 0 must not pass it.
    if !items.iter().any(|i| matches!(i, Item::Instruction(_))) && !diagnostics.iter().any(Diagnostic::is_error) {
        let first = items.iter().find_map(|i| match i {
            Item::Commentary { span, .. } => Some(*span),
            _ => None,
        });
        let d = Diagnostic::error(Code::NothingToApply, "the amendment file has no instructions");
        diagnostics.push(match first {
            Some(span) => d
                .primary(file, span, "this and everything else is read as commentary")
                .help("instructions name a change: DELETE, INSERT, REPLACE … with the words in quotes, or a unit (“Section 5 is repealed”); `amend parse` shows how each provision was read"),
            None => d.primary(file, Span::point(0), "nothing to apply").help("check that this is the file meant"),
        });
    }
    (Amendment { file, items }, diagnostics)
}

/// A quote left open at the end of its provision is read to the end of the line; say so.
fn warn_unclosed(file: FileId, items: &[Item], diagnostics: &mut Vec<Diagnostic>) {
    let mut seen = std::collections::HashSet::new();
    for item in items {
        let Item::Instruction(ins) = item else { continue };
        for q in quotes(&ins.op) {
            if q.unclosed && seen.insert(q.span) {
                diagnostics.push(
                    Diagnostic::warning(Code::UnclosedQuote, "quote left open at the end of the line")
                        .primary(file, q.span, "the quoted text is taken to run to the end of the line")
                        .help("add the closing quote mark"),
                );
            }
        }
    }
}

/// Every quote an operation holds.
fn quotes(op: &Op) -> Vec<&Quote> {
    fn pattern(p: &Pattern) -> Vec<&Quote> {
        match p {
            Pattern::Exact { quote } | Pattern::Prefix { quote } | Pattern::Suffix { quote } => vec![quote],
            Pattern::Range { from, to } => vec![from, to],
        }
    }
    fn target(t: &Target) -> Vec<&Quote> {
        match t {
            Target::Text { pattern: p }
            | Target::AllAfter { pattern: p }
            | Target::AllBefore { pattern: p }
            | Target::AtEnd { pattern: p }
            | Target::FromOn { pattern: p } => pattern(p),
            Target::Sentence { check: Some(p), .. } | Target::Item { check: Some(p), .. } => pattern(p),
            _ => Vec::new(),
        }
    }
    fn text(t: &NewText) -> Vec<&Quote> {
        match t {
            NewText::Quoted { quote } => vec![quote],
            NewText::Block { .. } => Vec::new(),
        }
    }
    match op {
        Op::Delete { target: t } => target(t),
        Op::Replace { target: t, text: n } => [target(t), text(n)].concat(),
        Op::Insert { at, text: n } => {
            let mut q = text(n);
            if let Anchor::After { pattern: p } | Anchor::Before { pattern: p } = at {
                q.extend(pattern(p));
            }
            q
        }
        Op::Reads { text: n } | Op::Currently { text: n } => text(n),
        Op::ReplaceEach { pairs } | Op::AmendProvision { pairs, .. } => {
            pairs.iter().flat_map(|(p, n)| [pattern(p), text(n)].concat()).collect()
        }
        _ => Vec::new(),
    }
}

/// The sheet as understood, one item per line: `line:col  kind  details`, for `amend parse`.
pub fn describe(sources: &Sources, amendment: &Amendment) -> String {
    let file = sources.get(amendment.file);
    let mut out = String::new();
    for item in &amendment.items {
        let (span, kind, detail) = match item {
            Item::Scope(s) => {
                let kind = if s.titled { "title?" } else { "scope" };
                let detail = scope_detail(s);
                (s.span, kind, detail)
            }
            Item::Instruction(i) => {
                let scope = match i.scope.map(|s| &amendment.items[s]) {
                    Some(Item::Scope(s)) if !scope_detail(s).is_empty() => format!("  [in {}]", scope_detail(s)),
                    _ => String::new(),
                };
                let version = match i.version {
                    Some(Language::English) => "  [English version only]",
                    Some(Language::French) => "  [French version only]",
                    None => "",
                };
                (i.span, "instr", format!("{i}{scope}{version}"))
            }
            Item::Commentary { span, why } => {
                let text: String =
                    file.text[span.range()].split_whitespace().collect::<Vec<_>>().join(" ").chars().take(70).collect();
                (*span, "comment", format!("{text}  ({why})"))
            }
        };
        let (line, col) = file.line_col(span.start);
        let _ = writeln!(out, "{line:>4}:{col:<3} {kind:<8} {detail}");
    }
    out
}

/// A scope in words: `Para 2.1`, `page 2, lines 4–6`, `PB106, first sentence`.
fn scope_detail(s: &Scope) -> String {
    let mut parts: Vec<String> = s
        .unit
        .iter()
        .map(|u| match &u.codified {
            Some(alias) => format!("{u} (= § {})", alias.written),
            None => u.to_string(),
        })
        .collect();
    if let Some(l) = s.lines {
        let page = l.page.map(|p| format!("page {p}, ")).unwrap_or_default();
        let lines =
            if l.first == l.last { format!("line {}", l.first) } else { format!("lines {}–{}", l.first, l.last) };
        parts.push(format!("{page}{lines}"));
    }
    if let Some(which) = s.sentence {
        parts.push(format!("{which} sentence"));
    }
    parts.join(", ")
}
