//! `amend parse` and `amend outline`: how the tool reads an amendment sheet and a base.

use super::inputs::read_source;
use super::{ColorChoice, DiagnosticFormat, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, report};
use amend::document::Document;
use amend::source::Sources;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Output format of `parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ParseFormat {
    /// One line per item: position, kind, instruction in normalised form.
    #[default]
    Text,
    /// The instructions as JSON, for tools.
    Json,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// Amendment files.
    #[arg(required = true)]
    pub amendments: Vec<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub format: ParseFormat,
}

#[derive(Debug, Args)]
pub struct NumberArgs {
    /// The base document.
    pub base: PathBuf,
    #[command(flatten)]
    pub numbering: super::apply::NumberingArgs,
}

#[derive(Debug, Args)]
pub struct OutlineArgs {
    /// The base document (plain text, Markdown or .docx).
    pub base: PathBuf,
}

pub fn parse(args: ParseArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let mut sources = Sources::new();
    let mut ids = Vec::new();
    let mut unreadable = Vec::new();
    for path in &args.amendments {
        let (id, _, problem) = read_source(&mut sources, path)?;
        unreadable.extend(problem);
        ids.push(id);
    }
    if !unreadable.is_empty() {
        report(&sources, &unreadable, DiagnosticFormat::Human, color, true)?;
        return Ok(EXIT_USAGE);
    }
    let mut parsed = Vec::new();
    let mut diagnostics = Vec::new();
    for id in ids {
        let (amendment, diags) = amend::amendment::parse(id, sources.text(id));
        diagnostics.extend(diags);
        parsed.push(amendment);
    }
    let mut stdout = std::io::stdout().lock();
    match args.format {
        ParseFormat::Text => {
            for a in &parsed {
                if parsed.len() > 1 {
                    writeln!(stdout, "== {}", sources.name(a.file))?;
                }
                write!(stdout, "{}", amend::amendment::describe(&sources, a))?;
            }
        }
        ParseFormat::Json => {
            let files: Vec<serde_json::Value> =
                parsed.iter().map(|a| serde_json::json!({ "file": sources.name(a.file), "items": a.items })).collect();
            serde_json::to_writer_pretty(&mut stdout, &files)?;
            writeln!(stdout)?;
        }
    }
    stdout.flush()?;
    report(&sources, &diagnostics, DiagnosticFormat::Human, color, true)?;
    Ok(if diagnostics.iter().any(|d| d.is_error()) { EXIT_REJECTED } else { EXIT_OK })
}

/// Reads and parses a base, or reports that it is not text (then `None`: exit 2).
fn base_document(path: &Path, color: ColorChoice) -> anyhow::Result<Option<Document>> {
    let mut sources = Sources::new();
    let super::inputs::Base { id, problem, .. } = super::inputs::read_base(&mut sources, path)?;
    if let Some(problem) = problem {
        report(&sources, &[problem], DiagnosticFormat::Human, color, true)?;
        return Ok(None);
    }
    Ok(Some(Document::shared(id, sources.shared(id))))
}

pub fn outline(args: OutlineArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let Some(doc) = base_document(&args.base, color)? else {
        return Ok(EXIT_USAGE);
    };
    let mut stdout = std::io::stdout().lock();
    write!(stdout, "{}", doc.outline())?;
    stdout.flush()?;
    Ok(EXIT_OK)
}

pub fn number(args: NumberArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let Some(doc) = base_document(&args.base, color)? else {
        return Ok(EXIT_USAGE);
    };
    let lines = doc.numbered_lines(args.numbering.numbering());
    let paged = args.numbering.page_length.is_some() || doc.has_pages();
    let mut stdout = std::io::stdout().lock();
    let mut page = 0;
    for l in &lines {
        if paged && l.page != page {
            page = l.page;
            writeln!(stdout, "── page {page} ──")?;
        }
        let n = if paged { l.on_page } else { l.number };
        writeln!(stdout, "{n:>5}  {}", &doc.text()[l.span.range()])?;
    }
    stdout.flush()?;
    Ok(EXIT_OK)
}
