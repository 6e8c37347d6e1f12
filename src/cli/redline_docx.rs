//! Word and PDF output: the redline as a Word document with tracked changes or as a PDF for
//! print (`amend redline --format docx|pdf`), and the consolidated text (`amend apply -o x.docx`).

use super::inputs::Inputs;
use super::pdf;
use amend::Outcome;
use amend::docx::{Annotations, DocxBase, Revision};
use anyhow::Context;
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Formats of `redline` written through Word XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OfficeFormat {
    /// A Word document with every change as a tracked change.
    #[default]
    Docx,
    /// A PDF, deletions struck through and insertions double-underlined, with a legend
    /// (needs LibreOffice).
    Pdf,
}

/// Who and when the tracked changes are by.
#[derive(Debug, Args)]
pub struct OfficeArgs {
    /// The author of the tracked changes in a Word redline (default: each amendment's file name).
    #[arg(long)]
    pub author: Option<String>,
    /// The date of the tracked changes in a Word redline, as YYYY-MM-DD.
    #[arg(long, value_parser = parse_date)]
    pub date: Option<String>,
}

fn parse_date(s: &str) -> Result<String, String> {
    let ok = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if ok { Ok(format!("{s}T00:00:00Z")) } else { Err("expected a date as YYYY-MM-DD".into()) }
}

/// The office format a file name asks for, by its extension.
pub fn office_format(path: &Path) -> Option<OfficeFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "docx" => Some(OfficeFormat::Docx),
        "pdf" => Some(OfficeFormat::Pdf),
        _ => None,
    }
}

/// The base as Word XML: the .docx it was, or a minimal document made from its text.
fn base_of(inputs: &Inputs, outcome: &Outcome) -> DocxBase {
    inputs.docx.clone().unwrap_or_else(|| DocxBase::from_text(&outcome.document))
}

/// Says where the written document's text departs from the consolidated text, if it does
/// (automatic numbering can number differently from what the text form wrote).
fn warn_if_different(base: &DocxBase, bytes: &[u8], expected: &str) -> anyhow::Result<()> {
    if let Some((got, want)) = base.first_difference(bytes, expected)? {
        writeln!(
            std::io::stderr(),
            "warning: with the changes accepted, the Word document reads\n    “{got}”\nwhere the consolidated text has\n    “{want}”\n  (Word numbers paragraphs itself: with automatic numbering, --no-renumber and numbers written into new text cannot be kept)"
        )?;
    }
    Ok(())
}

/// The consolidated document as .docx or PDF, for `amend apply -o`, with the title in its
/// properties.
pub fn consolidated(
    inputs: &Inputs,
    outcome: &Outcome,
    format: OfficeFormat,
    title: Option<&str>,
) -> anyhow::Result<Vec<u8>> {
    let base = base_of(inputs, outcome);
    let bytes =
        base.consolidated_with(&outcome.document, &outcome.edits, title).context("writing the Word document")?;
    warn_if_different(&base, &bytes, &outcome.text)?;
    match format {
        OfficeFormat::Docx => Ok(bytes),
        OfficeFormat::Pdf => pdf::from_docx(&bytes),
    }
}

/// The comment on each edit's change: the amendment (its number, title line and file) and the
/// instruction with its line, as the web page's margin notes name them.
fn notes(inputs: &Inputs, outcome: &Outcome) -> Vec<String> {
    outcome
        .edits
        .iter()
        .map(|e| {
            let file = inputs.sources.get(e.origin.file);
            let (line, _) = file.line_col(e.origin.span.start);
            let instruction: String = file.text[e.origin.span.range()].split_whitespace().collect::<Vec<_>>().join(" ");
            let title = outcome
                .amendments
                .get(e.origin.amendment)
                .and_then(|a| amend::redline::sheet_title(&inputs.sources, a))
                .map(|t| format!(" — {t}"))
                .unwrap_or_default();
            let name =
                Path::new(&file.name).file_name().map_or(file.name.clone(), |n| n.to_string_lossy().into_owned());
            format!("Amendment {} ({name}){title}\nLine {line}: {instruction}", e.origin.amendment + 1)
        })
        .collect()
}

/// The redline as a Word document with tracked changes (a comment on each naming its
/// amendment), or as a PDF for print; titled when a title is given.
pub fn redline(
    inputs: &Inputs,
    outcome: &Outcome,
    format: OfficeFormat,
    amendments: &[PathBuf],
    office: &OfficeArgs,
    title: Option<&str>,
) -> anyhow::Result<Vec<u8>> {
    let revisions: Vec<Revision> = amendments
        .iter()
        .map(|p| Revision {
            author: office.author.clone().unwrap_or_else(|| {
                p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned())
            }),
            date: office.date.clone(),
        })
        .collect();
    let base = base_of(inputs, outcome);
    let title = title.map(str::to_string);
    match format {
        OfficeFormat::Docx => {
            let annotations = Annotations { title, notes: notes(inputs, outcome) };
            let bytes = base
                .redline_with(&outcome.document, &outcome.edits, &revisions, &annotations)
                .context("writing the Word document")?;
            warn_if_different(&base, &bytes, &outcome.text)?;
            Ok(bytes)
        }
        OfficeFormat::Pdf => {
            let annotations = Annotations { title, notes: Vec::new() };
            let marked = base
                .marked_with(&outcome.document, &outcome.edits, &revisions, &annotations)
                .context("writing the Word document")?;
            pdf::from_docx(&marked)
        }
    }
}
