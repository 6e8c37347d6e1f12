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
                (s.span, kind, s.unit.to_string())
            }
            Item::Instruction(i) => {
                let scope = match i.scope.map(|s| &amendment.items[s]) {
                    Some(Item::Scope(s)) => format!("  [in {}]", s.unit),
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
