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
    pub base: PathBuf,
    /// The same document, edited to read as wanted.
    pub edited: PathBuf,
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

pub fn derive(args: DeriveArgs) -> anyhow::Result<u8> {
    let (base, _) = read_text(&args.base)?;
    let (edited, _) = read_text(&args.edited)?;
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
    let b = sources.add(args.base.display().to_string(), base);
    let a = sources.add("derived", sheet);
    let reproduced = amend::consolidate(&sources, b, &[a], &options.apply).is_ok_and(|o| o.text == edited);
    if !reproduced {
        writeln!(
            std::io::stderr(),
            "error: the derived amendment does not reproduce {} exactly",
            args.edited.display()
        )?;
        return Ok(EXIT_REJECTED);
    }
    Ok(EXIT_OK)
}
