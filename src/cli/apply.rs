//! `amend apply` and `amend check`.

use super::inputs::Inputs;
use super::{ColorChoice, DiagnosticFormat, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, output, report, strictly};
use amend::resolve::Options;
use amend::source::Encoding;
use clap::Args;
use std::path::PathBuf;

/// Arguments shared by commands that apply amendments to a base.
#[derive(Debug, Args)]
pub struct CaseArgs {
    /// The base document (plain text, Markdown or a Word .docx).
    pub base: PathBuf,
    /// Amendment files; several are applied together to the same base.
    #[arg(required = true)]
    pub amendments: Vec<PathBuf>,
    #[command(flatten)]
    pub choices: Choices,
}

/// How amendments are applied and judged.
#[derive(Debug, Args)]
pub struct Choices {
    /// Treat warnings (loosely read input, a lost full stop) as errors (`--deny warnings`).
    #[arg(long)]
    pub strict: bool,
    /// Report this lint as an error: a code such as W0104, or `warnings` for all (repeatable).
    #[arg(long, value_name = "CODE", value_parser = lint_name)]
    pub deny: Vec<String>,
    /// Report this lint as a warning, lowering E0208 or E0209 (repeatable).
    #[arg(long, value_name = "CODE", value_parser = lint_name)]
    pub warn: Vec<String>,
    /// Do not report this lint at all (repeatable).
    #[arg(long, value_name = "CODE", value_parser = lint_name)]
    pub allow: Vec<String>,
    /// What a repealed unit leaves behind: `delete`, or the note that keeps its number (e.g.
    /// "[Repealed, 2024, c. 14, s. {section}]", "Repealed."); by default the base's own note, or
    /// an error where the base shows none (see the README, Consolidation conventions).
    #[arg(long, value_name = "delete|NOTE")]
    pub repealed: Option<String>,
    /// Keep existing numbers: new units are numbered like 4.2A and removed numbers leave gaps.
    #[arg(long)]
    pub no_renumber: bool,
    /// Update references to units the amendments renumber (`under 4.3` → `under 4.4`), as one
    /// more amendment written by the tool.
    #[arg(long)]
    pub fix_references: bool,
    #[command(flatten)]
    pub numbering: NumberingArgs,
}

/// A lint's name on the command line: a code that is a lint, or `warnings`.
fn lint_name(name: &str) -> Result<String, String> {
    amend::diagnostic::Lints::default().set(name, amend::diagnostic::Level::Warn).map(|()| name.to_string())
}

/// How `line N` in instructions counts the base's lines (as `amend number` prints them).
#[derive(Debug, Args)]
pub struct NumberingArgs {
    /// Wrap the base's paragraphs at this width when numbering lines.
    #[arg(long, default_value_t = 80, value_name = "CHARS")]
    pub line_width: usize,
    /// Number lines in pages of this length (otherwise pages are marked by form feeds).
    #[arg(long, value_name = "LINES")]
    pub page_length: Option<usize>,
}

impl NumberingArgs {
    /// The numbering these arguments describe.
    pub fn numbering(&self) -> amend::document::Numbering {
        amend::document::Numbering { width: self.line_width, page_length: self.page_length }
    }
}

/// Consolidates the inputs and reviews the references the amendments renumber or remove
/// (warnings W0114, W0115), updating them with `--fix-references`.
pub fn consolidate(inputs: &mut Inputs, choices: &Choices) -> Result<amend::Outcome, Vec<amend::Diagnostic>> {
    resolve(inputs, choices).map(|r| reviewed(inputs, choices, r))
}

/// How far `apply` went before writing: resolved only (the text is made last), or applied.
enum Done {
    Resolved(amend::Resolution),
    Applied(amend::Outcome),
}

/// The amendments resolved against the base, not yet applied.
fn resolve(inputs: &Inputs, choices: &Choices) -> Result<amend::Resolution, Vec<amend::Diagnostic>> {
    amend::resolve_base(&inputs.sources, inputs.base, &inputs.amendments, &choices.options())
}

/// The resolution applied, with a warning for each reference to a unit it renumbers or
/// removes (or, with --fix-references, the reference updated).
fn reviewed(inputs: &mut Inputs, choices: &Choices, resolution: amend::Resolution) -> amend::Outcome {
    let mut outcome = resolution.apply();
    let review = amend::references::review(&mut inputs.sources, &mut outcome, choices.fix_references);
    outcome.warnings.extend(review.warnings);
    outcome
}

impl Choices {
    /// The resolver's options.
    pub fn options(&self) -> Options {
        Options {
            renumber: !self.no_renumber,
            numbering: self.numbering.numbering(),
            lints: self.lints(),
            repealed: self.repealed.as_deref().map(amend::resolve::Repealed::parse).unwrap_or_default(),
        }
    }

    /// The lint levels given (`--strict` is `--deny warnings`).
    pub fn lints(&self) -> amend::diagnostic::Lints {
        let mut deny = self.deny.clone();
        if self.strict {
            deny.push("warnings".into());
        }
        // Each name was checked when the command line was read (`lint_name`).
        amend::diagnostic::Lints::from_lists(&deny, &self.warn, &self.allow).unwrap_or_default()
    }
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub case: CaseArgs,
    /// Write the consolidated text to this file (atomically) instead of stdout; a name ending
    /// in .docx writes a Word document, .pdf a PDF (through LibreOffice).
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Allow -o to replace one of the input files.
    #[arg(long)]
    pub in_place: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub diagnostics: DiagnosticFormat,
    /// The title of a Word or PDF output (in its properties), instead of the file name.
    #[arg(long)]
    pub title: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The base document, or a manifest (a .yaml file) to check a whole history.
    pub base: PathBuf,
    /// Amendment files (none with a manifest).
    pub amendments: Vec<PathBuf>,
    #[command(flatten)]
    pub choices: Choices,
    /// How to print diagnostics: human, json (one object per line) or github (annotations).
    #[arg(long, value_enum, default_value_t, alias = "diagnostics")]
    pub format: DiagnosticFormat,
}

pub fn apply(args: ApplyArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let mut inputs = Inputs::read(&args.case.base, &args.case.amendments)?;
    if inputs.report_unreadable(args.diagnostics, color)? {
        return Ok(EXIT_USAGE);
    }
    match resolve(&inputs, &args.case.choices) {
        Ok(mut resolution) => {
            let to_stdout = args.output.as_deref().is_none_or(|p| p.as_os_str() == "-");
            let office = args.output.as_deref().and_then(super::redline_docx::office_format);
            // Only the text is needed when no office file is made and no reference needs
            // checking in the new text: it is then made once the parsed base is freed.
            let text_only =
                office.is_none() && !amend::references::needs_review(&resolution.document, &resolution.edits);
            let (warnings, done) = if text_only {
                (std::mem::take(&mut resolution.warnings), Done::Resolved(resolution))
            } else {
                let mut outcome = reviewed(&mut inputs, &args.case.choices, resolution);
                (std::mem::take(&mut outcome.warnings), Done::Applied(outcome))
            };
            let warnings = strictly(warnings, args.case.choices.strict);
            report(&inputs.sources, &warnings, args.diagnostics, color, to_stdout)?;
            if warnings.iter().any(|d| d.is_error()) {
                return Ok(EXIT_REJECTED);
            }
            let (out, paths) = (args.output.as_deref(), &inputs.paths);
            let bytes = match (office, done) {
                (Some(format), Done::Applied(outcome)) => {
                    super::redline_docx::consolidated(&inputs, &outcome, format, args.title.as_deref())?
                }
                // UTF-8 text is written as it is made, once the parsed base is freed.
                (_, Done::Resolved(resolution)) if inputs.encoding == Encoding::Utf8 => {
                    drop(inputs.sources);
                    output::write_with(out, paths, args.in_place, |w| resolution.write_text(w))?;
                    return Ok(EXIT_OK);
                }
                (_, done) => {
                    let text = match done {
                        Done::Applied(outcome) => outcome.text,
                        Done::Resolved(resolution) => resolution.apply().text,
                    };
                    match inputs.encoding {
                        Encoding::Utf8 => text.into_bytes(),
                        other => amend::source::encode(&text, other),
                    }
                }
            };
            output::write(args.output.as_deref(), &bytes, &inputs.paths, args.in_place)?;
            Ok(EXIT_OK)
        }
        Err(diagnostics) => {
            report(&inputs.sources, &strictly(diagnostics, args.case.choices.strict), args.diagnostics, color, false)?;
            Ok(EXIT_REJECTED)
        }
    }
}

pub fn check(args: CheckArgs, color: ColorChoice) -> anyhow::Result<u8> {
    // `amend check MANIFEST` (one .yaml file) checks a whole history.
    if args.amendments.is_empty() {
        if !super::history::is_manifest(&args.base) {
            anyhow::bail!(
                "give the amendment files to check against {}, or a manifest (a .yaml file) to check a whole history",
                args.base.display()
            );
        }
        let options = super::history::CheckOptions {
            strict: args.choices.strict,
            fix_references: args.choices.fix_references,
            no_renumber: args.choices.no_renumber,
        };
        return super::history::check(&args.base, &options, args.format, color);
    }
    let case = CaseArgs { base: args.base, amendments: args.amendments, choices: args.choices };
    let mut inputs = Inputs::read(&case.base, &case.amendments)?;
    if inputs.report_unreadable(args.format, color)? {
        return Ok(EXIT_USAGE);
    }
    let diagnostics = match consolidate(&mut inputs, &case.choices) {
        Ok(outcome) => outcome.warnings,
        Err(diagnostics) => diagnostics,
    };
    let diagnostics = strictly(diagnostics, case.choices.strict);
    report(&inputs.sources, &diagnostics, args.format, color, false)?;
    Ok(if diagnostics.iter().any(|d| d.is_error()) { EXIT_REJECTED } else { EXIT_OK })
}
