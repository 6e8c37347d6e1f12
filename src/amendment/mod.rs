//! Amendment text → instructions (the AST): the grammar reads the sheet, `lower` turns its
//! parse tree into [`Item`]s.

mod ast;
mod lower;

pub use ast::*;

use crate::diagnostic::Diagnostic;
use crate::source::{FileId, Sources};
use std::fmt::Write as _;

/// Parses an amendment sheet. Syntax errors and warnings (such as a quote left open) come
/// back together with whatever could be read.
pub fn parse(file: FileId, text: &str) -> (Amendment, Vec<Diagnostic>) {
    lower::lower(file, text)
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
                (i.span, "instr", format!("{i}{scope}"))
            }
            Item::Commentary { span } => {
                let text: String = file.text[span.range()].trim().chars().take(70).collect();
                (*span, "comment", text)
            }
        };
        let (line, col) = file.line_col(span.start);
        let _ = writeln!(out, "{line:>4}:{col:<3} {kind:<8} {detail}");
    }
    out
}

/// A scope in words: `Para 2.1`, `page 2, lines 4–6`, `PB106, first sentence`.
fn scope_detail(s: &Scope) -> String {
    let mut parts: Vec<String> = s.unit.iter().map(ToString::to_string).collect();
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
