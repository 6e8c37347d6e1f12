//! `amend apply` and `amend check`.

use super::inputs::Inputs;
use super::{
    ColorChoice, DiagnosticFormat, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, output, report, strictly,
};
use amend::resolve::Options;
use amend::source::Encoding;
use clap::Args;
use std::borrow::Cow;
use std::path::PathBuf;

/// Arguments shared by commands that apply amendments to a base.
#[derive(Debug, Args)]
pub struct CaseArgs {
    /// The base document (plain text or Markdown).
    pub base: PathBuf,
    /// Amendment files; several are applied together to the same base.
    #[arg(required = true)]
    pub amendments: Vec<PathBuf>,
    /// Treat warnings (loosely read input, a lost full stop) as errors.
    #[arg(long)]
    pub strict: bool,
    /// Keep existing numbers: new units are numbered like 4.2A and removed numbers leave gaps.
    #[arg(long)]
    pub no_renumber: bool,
}

impl CaseArgs {
    fn options(&self) -> Options {
        Options {
            renumber: !self.no_renumber,
        }
    }
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub case: CaseArgs,
    /// Write the consolidated text to this file (atomically) instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Allow -o to replace one of the input files.
    #[arg(long)]
    pub in_place: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub diagnostics: DiagnosticFormat,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub case: CaseArgs,
    /// How to print diagnostics: human, json (one object per line) or github (annotations).
    #[arg(long, value_enum, default_value_t, alias = "diagnostics")]
    pub format: DiagnosticFormat,
}

pub fn apply(args: ApplyArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let inputs = Inputs::read(&args.case.base, &args.case.amendments)?;
    if !inputs.unreadable.is_empty() {
        report(
            &inputs.sources,
            &inputs.unreadable,
            args.diagnostics,
            color,
            false,
        )?;
        return Ok(EXIT_USAGE);
    }
    match amend::consolidate(
        &inputs.sources,
        inputs.base,
        &inputs.amendments,
        &args.case.options(),
    ) {
        Ok(outcome) => {
            let to_stdout = args.output.as_deref().is_none_or(|p| p.as_os_str() == "-");
            let warnings = strictly(outcome.warnings, args.case.strict);
            report(
                &inputs.sources,
                &warnings,
                args.diagnostics,
                color,
                to_stdout,
            )?;
            if warnings.iter().any(|d| d.is_error()) {
                return Ok(EXIT_REJECTED);
            }
            // Only the text is needed from here: free the parsed base and the sources, each as
            // large as the input, before the output is written.
            let text = outcome.text;
            drop(outcome.document);
            drop(inputs.sources);
            let bytes = match inputs.encoding {
                Encoding::Utf8 => Cow::Borrowed(text.as_bytes()),
                other => Cow::Owned(amend::source::encode(&text, other)),
            };
            output::write(args.output.as_deref(), &bytes, &inputs.paths, args.in_place)?;
            Ok(EXIT_OK)
        }
        Err(diagnostics) => {
            report(
                &inputs.sources,
                &strictly(diagnostics, args.case.strict),
                args.diagnostics,
                color,
                false,
            )?;
            Ok(EXIT_REJECTED)
        }
    }
}

pub fn check(args: CheckArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let inputs = Inputs::read(&args.case.base, &args.case.amendments)?;
    if !inputs.unreadable.is_empty() {
        report(
            &inputs.sources,
            &inputs.unreadable,
            args.format,
            color,
            false,
        )?;
        return Ok(EXIT_USAGE);
    }
    let diagnostics = match amend::consolidate(
        &inputs.sources,
        inputs.base,
        &inputs.amendments,
        &args.case.options(),
    ) {
        Ok(outcome) => outcome.warnings,
        Err(diagnostics) => diagnostics,
    };
    let diagnostics = strictly(diagnostics, args.case.strict);
    report(&inputs.sources, &diagnostics, args.format, color, false)?;
    Ok(if diagnostics.iter().any(|d| d.is_error()) {
        EXIT_REJECTED
    } else {
        EXIT_OK
    })
}
