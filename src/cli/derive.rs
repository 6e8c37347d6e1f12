//! `amend derive`: the amendment that turns a base into an edited copy.

use super::inputs::read_text;
use super::{EXIT_OK, EXIT_REJECTED};
use amend::derive::{DeriveOptions, Granularity, Style};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::PathBuf;

/// House style of the instructions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum StyleArg {
    /// Party and union conference sheets: `Para 2.1: DELETE “x”; INSERT “y”.`
    #[default]
    Lla,
    /// US legislative: `… is amended by striking “x” and inserting “y”.`
    Us,
    /// UK legislative: `In paragraph 2.1, for “x” substitute “y”.`
    Uk,
    /// Robert's Rules: `strike out “x” and insert “y”`
    Roberts,
    /// Rulebook: `Clause 2.1: delete “x” insert “y”`
    Rulebook,
    /// Debian: `replace “x” with “y”`
    Debian,
}

/// How finely changes are described.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum GranularityArg {
    #[default]
    Word,
    Sentence,
    Paragraph,
}

#[derive(Debug, Args)]
pub struct DeriveArgs {
    /// The base document.
    #[arg(required_unless_present = "from", conflicts_with = "from")]
    pub base: Option<PathBuf>,
    /// The same document, edited to read as wanted.
    #[arg(required_unless_present = "from")]
    pub edited: Option<PathBuf>,
    /// Derive from two versions of a manifest instead: this one…
    #[arg(long, requires = "to", value_name = "VERSION")]
    pub from: Option<String>,
    /// …to this one.
    #[arg(long, requires = "from", value_name = "VERSION")]
    pub to: Option<String>,
    /// The manifest of --from and --to [default: constitution.yaml].
    #[arg(long, requires = "from")]
    pub manifest: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t)]
    pub style: StyleArg,
    #[arg(long, value_enum, default_value_t)]
    pub granularity: GranularityArg,
    /// After each unit's instructions, state how the unit will read.
    #[arg(long)]
    pub so_it_reads: bool,
    /// Number new units like 4.2A instead of renumbering (as `apply --no-renumber` will).
    #[arg(long)]
    pub no_renumber: bool,
}

pub fn derive(args: DeriveArgs, color: super::ColorChoice) -> anyhow::Result<u8> {
    let (base, edited, base_name, edited_name) = match (&args.from, &args.to, &args.base, &args.edited) {
        (Some(from), Some(to), _, _) => {
            let manifest = args.manifest.clone().unwrap_or_else(|| super::history::DEFAULT_MANIFEST.into());
            match super::history::derive_texts(&manifest, (from, to), color)? {
                Ok((base, edited)) => (base, edited, format!("version {from}"), format!("version {to}")),
                Err(code) => return Ok(code),
            }
        }
        (_, _, Some(base), Some(edited)) => {
            (read_text(base)?.0, read_text(edited)?.0, base.display().to_string(), edited.display().to_string())
        }
        _ => anyhow::bail!("give a base and an edited copy, or two versions (--from V1 --to V2)"),
    };
    let style = match args.style {
        StyleArg::Lla => Style::Lla,
        StyleArg::Us => Style::Us,
        StyleArg::Uk => Style::Uk,
        StyleArg::Roberts => Style::Roberts,
        StyleArg::Rulebook => Style::Rulebook,
        StyleArg::Debian => Style::Debian,
    };
    let granularity = match args.granularity {
        GranularityArg::Word => Granularity::Word,
        GranularityArg::Sentence => Granularity::Sentence,
        GranularityArg::Paragraph => Granularity::Paragraph,
    };
    let mut options = DeriveOptions { style, granularity, so_it_reads: args.so_it_reads, ..Default::default() };
    options.apply.renumber = !args.no_renumber;
    let sheet = amend::derive::derive(&base, &edited, &options);
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(sheet.as_bytes())?;
    stdout.flush()?;
    // The sheet is checked by applying it; say so when it does not reproduce the edit.
    let mut sources = amend::Sources::new();
    let b = sources.add(base_name, base);
    let a = sources.add("derived", sheet);
    let reproduced = amend::consolidate(&sources, b, &[a], &options.apply).is_ok_and(|o| o.text == edited);
    if !reproduced {
        writeln!(std::io::stderr(), "error: the derived amendment does not reproduce {edited_name} exactly")?;
        return Ok(EXIT_REJECTED);
    }
    Ok(EXIT_OK)
}
