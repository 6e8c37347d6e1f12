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
                let mut detail = s.unit.as_ref().map(ToString::to_string).unwrap_or_default();
                if let Some(l) = s.lines {
                    let page = l.page.map(|p| format!("page {p}, ")).unwrap_or_default();
                    let lines = if l.first == l.last {
                        format!("line {}", l.first)
                    } else {
                        format!("lines {}–{}", l.first, l.last)
                    };
                    detail =
                        if detail.is_empty() { format!("{page}{lines}") } else { format!("{detail}, {page}{lines}") };
                }
                (s.span, kind, detail)
            }
            Item::Instruction(i) => {
                let scope = match i.scope.map(|s| &amendment.items[s]) {
                    Some(Item::Scope(Scope { unit: Some(u), .. })) => format!("  [in {u}]"),
                    Some(Item::Scope(Scope { lines: Some(l), .. })) if l.first == l.last => {
                        format!("  [in line {}]", l.first)
                    }
                    Some(Item::Scope(Scope { lines: Some(l), .. })) => format!("  [in lines {}–{}]", l.first, l.last),
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
