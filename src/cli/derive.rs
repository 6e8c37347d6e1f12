//! `amend derive`: the amendment that turns a base into an edited copy.

use super::inputs::read_document;
use super::{EXIT_OK, EXIT_REJECTED};
use amend::derive::{DeriveOptions, Granularity, Style};
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct DeriveArgs {
    /// The base document.
    #[arg(required_unless_present = "from", conflicts_with = "from")]
    pub base: Option<PathBuf>,
    /// The same document, edited to read as wanted.
    #[arg(required_unless_present = "from")]
    pub edited: Option<PathBuf>,
    #[command(flatten)]
    pub versions: super::history::VersionPair,
    #[arg(long, value_enum, default_value_t)]
    pub style: Style,
    #[arg(long, value_enum, default_value_t)]
    pub granularity: Granularity,
    /// After each unit's instructions, state how the unit will read.
    #[arg(long)]
    pub so_it_reads: bool,
    /// Number new units like 4.2A instead of renumbering (as `apply --no-renumber` will).
    #[arg(long)]
    pub no_renumber: bool,
    /// Take differences in quote marks, dashes, ellipses and spacing as changes (by default
    /// they are taken as the word processor's, and the base's are kept).
    #[arg(long)]
    pub exact_typography: bool,
}

pub fn derive(args: DeriveArgs, color: super::ColorChoice) -> anyhow::Result<u8> {
    // Two versions of a history were both written by the tool: their typography is their text.
    let (base, edited, base_name, edited_name, exact) = match (args.versions.get(), &args.base, &args.edited) {
        (Some((manifest, from, to)), _, _) => match super::history::derive_texts(&manifest, (from, to), color)? {
            Ok((base, edited)) => (base, edited, format!("version {from}"), format!("version {to}"), true),
            Err(code) => return Ok(code),
        },
        // A Word copy is read as its text form, as every command reads a .docx.
        (_, Some(base), Some(edited)) => (
            read_document(base)?.0,
            read_document(edited)?.0,
            base.display().to_string(),
            edited.display().to_string(),
            args.exact_typography,
        ),
        _ => anyhow::bail!("give a base and an edited copy, or two versions (--from V1 --to V2)"),
    };
    let mut options = DeriveOptions {
        style: args.style,
        granularity: args.granularity,
        so_it_reads: args.so_it_reads,
        exact_typography: exact,
        ..Default::default()
    };
    options.apply.renumber = !args.no_renumber;
    let intended = amend::derive::conform_with(&base, &edited, exact);
    if !intended.notes.is_empty() {
        let mut err = std::io::stderr().lock();
        writeln!(err, "note: {edited_name} differs from {base_name} in typography that is not taken as changes:")?;
        for n in &intended.notes {
            writeln!(err, "  {n}")?;
        }
        writeln!(err, "  (the amendment keeps the base's; --exact-typography takes them as changes)")?;
    }
    let sheet = amend::derive::derive(&base, &edited, &options);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(sheet.as_bytes())?;
    stdout.flush()?;
    // The sheet is checked by applying it; say so when it does not reproduce the edit.
    let mut sources = amend::Sources::new();
    let b = sources.add(base_name, base);
    let a = sources.add("derived", sheet);
    let edited = intended.text;
    let result = amend::consolidate(&sources, b, &[a], &options.apply).map(|o| o.text);
    if result.as_deref() != Ok(edited.as_str()) {
        let why = match &result {
            Ok(text) => mismatch(text, &edited),
            Err(_) => "it does not apply to the base".to_string(),
        };
        writeln!(std::io::stderr(), "error: the derived amendment does not reproduce {edited_name} exactly: {why}")?;
        return Ok(EXIT_REJECTED);
    }
    Ok(EXIT_OK)
}

/// Where the amended base first departs from the edited text, for the error.
fn mismatch(result: &str, edited: &str) -> String {
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    let at = result
        .char_indices()
        .zip(edited.chars())
        .find(|((_, a), b)| a != b)
        .map_or_else(|| result.len().min(edited.len()), |((i, _), _)| i);
    // Both texts are the same up to `at`, so it is a place in each.
    let before = &edited[..at.min(edited.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let place = format!("the result first differs at line {line}, column {column}");
    if words(result) == words(edited) {
        format!("{place}, in whitespace only (spacing and line breaks that instructions cannot express)")
    } else {
        place
    }
}
