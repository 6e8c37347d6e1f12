//! `amend` applies amendments written in prose to a base text.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! base text ──document::parse──▶ Document (units with labels, headings, byte spans)
//! amendment text ──amendment::parse──▶ Amendment (instructions, the AST)
//! (Document, [Amendment]) ──resolve──▶ Vec<Edit> (byte spans in the base, each with its origin)
//! (Document, [Edit]) ──apply──▶ consolidated text
//! (Outcome) ──redline──▶ Redline (kept, deleted, inserted text; each change with its source)
//! (old text, new text) ──redline::diff──▶ Redline
//! Redline ──render──▶ ansi | plain | markdown | critic | html | json
//! constitution.yaml ──manifest::parse──▶ Manifest ──history::replay──▶ History (every version)
//! ```
//!
//! Every stage reports problems as [`Diagnostic`]s that point into the source files; the
//! library does no I/O and never prints.

pub mod amendment;
pub mod apply;
pub mod derive;
pub mod diagnostic;
pub mod document;
pub mod docx;
mod grammar;
pub mod history;
pub mod manifest;
pub mod redline;
pub mod references;
pub mod render;
pub mod resolve;
pub mod source;
pub mod work;

pub use diagnostic::{Code, Diagnostic, Severity};
pub use source::{FileId, Sources, Span};

use amendment::Amendment;
use document::Document;
use resolve::{Edit, Options};

/// The result of applying amendments: the consolidated text and how it came about.
#[derive(Debug)]
pub struct Outcome {
    /// The base as parsed.
    pub document: Document,
    /// The amendments as parsed, in the order given.
    pub amendments: Vec<Amendment>,
    /// The consolidated text, with the base's line endings and byte-order mark.
    pub text: String,
    /// Every edit made to the base, in base order, each with the instruction that caused it.
    pub edits: Vec<Edit>,
    /// Warnings: things the tool read loosely or that a reader should check.
    pub warnings: Vec<Diagnostic>,
}

/// Amendments resolved against a base: every edit, not yet applied.
#[derive(Debug)]
pub struct Resolution {
    /// The base as parsed.
    pub document: Document,
    /// The amendments as parsed, in the order given.
    pub amendments: Vec<Amendment>,
    /// Every edit to make to the base, in base order.
    pub edits: Vec<Edit>,
    /// Warnings: things the tool read loosely or that a reader should check.
    pub warnings: Vec<Diagnostic>,
}

impl Resolution {
    /// Applies the edits.
    pub fn apply(self) -> Outcome {
        let text = apply::apply(self.document.text(), &self.edits);
        Outcome {
            document: self.document,
            amendments: self.amendments,
            text,
            edits: self.edits,
            warnings: self.warnings,
        }
    }

    /// Writes the consolidated text alone, without holding it whole, while the parsed base and
    /// amendments are freed (for a large base the parsed units take as much memory again as
    /// the text, so the result is never held beside them).
    pub fn write_text(self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let Resolution { document, edits, amendments, warnings } = self;
        let base = document.shared_text();
        // Freeing a large base's units takes a tenth of apply's time; it is done beside the
        // writing, which needs only the text and the edits.
        std::thread::scope(|scope| {
            scope.spawn(move || drop((document, amendments, warnings)));
            apply::write(&base, &edits, out)
        })
    }
}

/// Parses the base and the amendments held in `sources`, resolves and applies them.
///
/// Errors are returned together (syntax errors of every file, then every instruction that
/// could not be resolved), so a user sees all problems at once.
pub fn consolidate(
    sources: &Sources,
    base: FileId,
    amendments: &[FileId],
    options: &Options,
) -> Result<Outcome, Vec<Diagnostic>> {
    resolve_base(sources, base, amendments, options).map(Resolution::apply)
}

/// Parses the base and the amendments held in `sources` and resolves them, without applying
/// them. The base is parsed on a thread of its own while the amendments are read: the two take
/// about as long for a large base, and neither needs the other.
pub fn resolve_base(
    sources: &Sources,
    base: FileId,
    amendments: &[FileId],
    options: &Options,
) -> Result<Resolution, Vec<Diagnostic>> {
    let (document, parsed) = std::thread::scope(|scope| {
        let document = scope.spawn(|| Document::shared(base, sources.shared(base)));
        let parsed = parse_amendments(sources, amendments);
        (document.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)), parsed)
    });
    resolve_parsed(document, parsed, options)
}

/// Like [`consolidate`], for a base already parsed (each version of a history is parsed once).
pub fn consolidate_document(
    sources: &Sources,
    document: Document,
    amendments: &[FileId],
    options: &Options,
) -> Result<Outcome, Vec<Diagnostic>> {
    resolve_document(sources, document, amendments, options).map(Resolution::apply)
}

/// Parses the amendments held in `sources` and resolves them against a parsed base, without
/// applying them.
pub fn resolve_document(
    sources: &Sources,
    document: Document,
    amendments: &[FileId],
    options: &Options,
) -> Result<Resolution, Vec<Diagnostic>> {
    resolve_parsed(document, parse_amendments(sources, amendments), options)
}

/// The amendments parsed, each with the diagnostics of its reading.
fn parse_amendments(sources: &Sources, amendments: &[FileId]) -> (Vec<Amendment>, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut parsed: Vec<Amendment> = Vec::new();
    for &file in amendments {
        let (amendment, diags) = amendment::parse(file, sources.text(file));
        diagnostics.extend(diags);
        parsed.push(amendment);
    }
    (parsed, diagnostics)
}

/// Resolves parsed amendments against a parsed base; errors of reading come before any
/// resolving.
fn resolve_parsed(
    document: Document,
    (parsed, diagnostics): (Vec<Amendment>, Vec<Diagnostic>),
    options: &Options,
) -> Result<Resolution, Vec<Diagnostic>> {
    let mut diagnostics = options.lints.apply(diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    let resolved = resolve::resolve(&document, &parsed, options);
    diagnostics.extend(options.lints.apply(resolved.diagnostics));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    Ok(Resolution { document, amendments: parsed, edits: resolved.edits, warnings: diagnostics })
}
