//! `amend redline`, `amend diff` and `amend preview`: changes marked for reading.

use super::apply::CaseArgs;
use super::inputs::{Inputs, read_document};
use super::redline_docx::{self, OfficeArgs, OfficeFormat, office_format};
use super::{ColorChoice, DiagnosticFormat, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, output, report, strictly};
use amend::redline::{Redline, diff::DiffOptions, preview};
use amend::render::{self, Format, Options, Style, preview::PreviewFormat};
use anyhow::Context;
use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Output format of a redline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// Terminal colours and attributes (the default on a terminal).
    Ansi,
    /// wdiff-style `[-old-]{+new+}` (the default when not on a terminal).
    Plain,
    /// Markdown with <del>/<ins>.
    Markdown,
    /// CriticMarkup: {--old--}{++new++}, {~~old~>new~~}.
    Critic,
    /// A self-contained HTML page with margin notes and a clean-text switch.
    Html,
    /// The changes as JSON.
    Json,
    /// A Word document with every change as a tracked change (needs -o).
    Docx,
    /// A PDF for print, deletions struck through and insertions underlined (needs -o and LibreOffice).
    Pdf,
}

/// What `redline` writes: text in one of the render formats, or a Word or PDF file.
enum Chosen {
    Text(Format),
    Office(OfficeFormat),
}

impl From<FormatArg> for Chosen {
    fn from(f: FormatArg) -> Chosen {
        match f {
            FormatArg::Ansi => Chosen::Text(Format::Ansi),
            FormatArg::Plain => Chosen::Text(Format::Plain),
            FormatArg::Markdown => Chosen::Text(Format::Markdown),
            FormatArg::Critic => Chosen::Text(Format::Critic),
            FormatArg::Html => Chosen::Text(Format::Html),
            FormatArg::Json => Chosen::Text(Format::Json),
            FormatArg::Docx => Chosen::Office(OfficeFormat::Docx),
            FormatArg::Pdf => Chosen::Office(OfficeFormat::Pdf),
        }
    }
}

/// How changes are marked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StyleArg {
    /// Deletions struck through, insertions underlined.
    StrikeUnderline,
    /// Deletions struck through, insertions in italics (US House comparative prints).
    Ramseyer,
    /// Deletions struck through, insertions in bold (UK Keeling schedules).
    Keeling,
    /// Deletions in [square brackets], insertions underlined.
    Brackets,
}

impl From<StyleArg> for Style {
    fn from(s: StyleArg) -> Style {
        match s {
            StyleArg::StrikeUnderline => Style::StrikeUnderline,
            StyleArg::Ramseyer => Style::Ramseyer,
            StyleArg::Keeling => Style::Keeling,
            StyleArg::Brackets => Style::Brackets,
        }
    }
}

/// Arguments shared by `redline` and `diff`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Output format [default: ansi on a terminal, else from -o's extension, else plain].
    #[arg(long, value_enum)]
    pub format: Option<FormatArg>,
    /// House convention for marking changes (ansi, markdown and html) [default: strike-underline].
    #[arg(long, value_enum)]
    pub style: Option<StyleArg>,
    /// Write to this file (atomically) instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// What the redline is called in its heading (and a Word document in its properties),
    /// instead of the file names: `--title "Rules of the Society, as amended at the 2025 AGM"`.
    #[arg(long)]
    pub title: Option<String>,
}

impl ShowArgs {
    /// The format asked for, or the one that suits where the output goes.
    fn chosen(&self) -> Chosen {
        if let Some(f) = self.format {
            return f.into();
        }
        if let Some(path) = self.output.as_deref().filter(|p| p.as_os_str() != "-") {
            if let Some(office) = office_format(path) {
                return Chosen::Office(office);
            }
            return Chosen::Text(format_for(path));
        }
        Chosen::Text(if std::io::stdout().is_terminal() { Format::Ansi } else { Format::Plain })
    }

    /// A text format, for commands that have no Word or PDF output.
    pub(super) fn text_format(&self, command: &str) -> anyhow::Result<Format> {
        match self.chosen() {
            Chosen::Text(f) => Ok(f),
            Chosen::Office(_) => {
                anyhow::bail!("`amend {command}` writes text formats only; Word and PDF are for `amend redline`")
            }
        }
    }

    pub(super) fn options(&self, format: Format, color: ColorChoice) -> Options {
        let to_terminal = self.output.is_none() && std::io::stdout().is_terminal();
        if self.style.is_some() && matches!(format, Format::Plain | Format::Critic | Format::Json) {
            let _ = writeln!(
                std::io::stderr(),
                "note: --style applies to ansi, markdown and html; {} output has its own marks",
                format_name(format)
            );
        }
        Options {
            style: self.style.map(Style::from).unwrap_or_default(),
            color: color.enabled(to_terminal),
            title: self.title.clone(),
            ..Default::default()
        }
    }

    pub(super) fn write(&self, text: &str, inputs: &[PathBuf]) -> anyhow::Result<()> {
        output::write(self.output.as_deref(), text.as_bytes(), inputs, false)
    }
}

/// The format a file name suggests.
fn format_for(path: &Path) -> Format {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => Format::Html,
        "md" | "markdown" => Format::Markdown,
        "json" => Format::Json,
        _ => Format::Plain,
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Ansi => "ansi",
        Format::Plain => "plain",
        Format::Markdown => "markdown",
        Format::Critic => "critic",
        Format::Html => "html",
        Format::Json => "json",
    }
}

#[derive(Debug, Args)]
pub struct RedlineArgs {
    #[command(flatten)]
    pub case: CaseArgs,
    #[command(flatten)]
    pub show: ShowArgs,
    #[command(flatten)]
    pub office: OfficeArgs,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t)]
    pub diagnostics: DiagnosticFormat,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old text.
    #[arg(required_unless_present = "from", conflicts_with = "from")]
    pub old: Option<PathBuf>,
    /// The new text.
    #[arg(required_unless_present = "from")]
    pub new: Option<PathBuf>,
    #[command(flatten)]
    pub versions: super::history::VersionPair,
    /// With --from and --to: update references to renumbered units in each version.
    #[arg(long, requires = "from")]
    pub fix_references: bool,
    #[command(flatten)]
    pub show: ShowArgs,
    /// Count differences in whitespace alone (spacing, line wrapping) as changes.
    #[arg(long)]
    pub whitespace: bool,
    /// Seconds to spend comparing word by word; after that, passages are compared by lines.
    #[arg(long, default_value_t = 5.0, value_name = "SECONDS")]
    pub timeout: f64,
}

/// Output format of `preview`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PreviewFormatArg {
    Ansi,
    Plain,
    Markdown,
}

#[derive(Debug, Args)]
pub struct PreviewArgs {
    /// The base document.
    pub base: PathBuf,
    /// The amendment to preview.
    pub amendment: PathBuf,
    /// Show only this unit (e.g. 4.1 or vii), whether or not it changes.
    #[arg(long)]
    pub unit: Option<String>,
    /// Output format [default: ansi on a terminal, else plain].
    #[arg(long, value_enum)]
    pub format: Option<PreviewFormatArg>,
    /// House convention for marking changes [default: strike-underline].
    #[arg(long, value_enum)]
    pub style: Option<StyleArg>,
    /// Keep existing numbers: new units are numbered like 4.2A and removed numbers leave gaps.
    #[arg(long)]
    pub no_renumber: bool,
    /// What the preview is called in its heading, instead of the file names.
    #[arg(long)]
    pub title: Option<String>,
}

pub fn redline(args: RedlineArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let mut inputs = Inputs::read(&args.case.base, &args.case.amendments)?;
    if inputs.report_unreadable(args.diagnostics, color)? {
        return Ok(EXIT_USAGE);
    }
    let to_stdout = args.show.output.as_deref().is_none_or(|p| p.as_os_str() == "-");
    let outcome = match super::apply::consolidate(&mut inputs, &args.case.choices) {
        Ok(outcome) => outcome,
        Err(diagnostics) => {
            let diagnostics = strictly(diagnostics, args.case.choices.strict);
            report(&inputs.sources, &diagnostics, args.diagnostics, color, false)?;
            return Ok(EXIT_REJECTED);
        }
    };
    let warnings = strictly(outcome.warnings.clone(), args.case.choices.strict);
    report(&inputs.sources, &warnings, args.diagnostics, color, to_stdout)?;
    if warnings.iter().any(|d| d.is_error()) {
        return Ok(EXIT_REJECTED);
    }
    let format = match args.show.chosen() {
        Chosen::Text(format) => format,
        Chosen::Office(office) => {
            let Some(path) = args.show.output.as_deref().filter(|p| p.as_os_str() != "-") else {
                anyhow::bail!("a Word or PDF redline is a file: give it with -o FILE");
            };
            let bytes = redline_docx::redline(
                &inputs,
                &outcome,
                office,
                &args.case.amendments,
                &args.office,
                args.show.title.as_deref(),
            )?;
            output::write(Some(path), &bytes, &inputs.paths, false)?;
            return Ok(EXIT_OK);
        }
    };
    let redline = Redline::from_outcome(&inputs.sources, &outcome);
    let text = render::render(&redline, format, &args.show.options(format, color));
    args.show.write(&text, &inputs.paths)?;
    Ok(EXIT_OK)
}

pub fn diff(args: DiffArgs, color: ColorChoice) -> anyhow::Result<u8> {
    if let Some((manifest, from, to)) = args.versions.get() {
        return super::history::diff(&manifest, (from, to), args.fix_references, &args.show, color);
    }
    let (Some(old_path), Some(new_path)) = (&args.old, &args.new) else {
        anyhow::bail!("give two files (amend diff OLD NEW), or two versions (amend diff --from V1 --to V2)");
    };
    // A .docx is compared as its text form, as every command reads one.
    let (old, _, _) = read_document(old_path)?;
    let (new, _, _) = read_document(new_path)?;
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .with_context(|| format!("--timeout {} is not a number of seconds", args.timeout))?;
    let options = DiffOptions { whitespace: args.whitespace, timeout };
    let format = args.show.text_format("diff")?;
    let mut redline = amend::redline::diff::diff(&old, &new, &options)
        .compared(old_path.display().to_string(), new_path.display().to_string());
    if format.names_units() {
        redline.name_units(&amend::document::Document::parse(0, &old));
    }
    if let Some(coarse) = &redline.coarse {
        writeln!(std::io::stderr(), "warning: {coarse}")?;
    }
    let text = render::render(&redline, format, &args.show.options(format, color));
    args.show.write(&text, &[old_path.clone(), new_path.clone()])?;
    Ok(EXIT_OK)
}

pub fn preview(args: PreviewArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let inputs = Inputs::read(&args.base, std::slice::from_ref(&args.amendment))?;
    if inputs.report_unreadable(DiagnosticFormat::Human, color)? {
        return Ok(EXIT_USAGE);
    }
    // Other choices (added on other branches) keep their defaults.
    #[allow(clippy::needless_update)]
    let options = amend::resolve::Options { renumber: !args.no_renumber, ..Default::default() };
    let outcome = match amend::consolidate(&inputs.sources, inputs.base, &inputs.amendments, &options) {
        Ok(outcome) => outcome,
        Err(diagnostics) => {
            report(&inputs.sources, &diagnostics, DiagnosticFormat::Human, color, false)?;
            return Ok(EXIT_REJECTED);
        }
    };
    report(&inputs.sources, &outcome.warnings, DiagnosticFormat::Human, color, false)?;
    let only = args.unit.as_deref().map(|u| preview::find_unit(&outcome.document, u)).transpose()?;
    let redline = Redline::from_outcome(&inputs.sources, &outcome);
    let p = preview::preview(&outcome.document, &redline, only);
    let terminal = std::io::stdout().is_terminal();
    let format = match args.format {
        Some(PreviewFormatArg::Ansi) => PreviewFormat::Ansi,
        Some(PreviewFormatArg::Plain) => PreviewFormat::Plain,
        Some(PreviewFormatArg::Markdown) => PreviewFormat::Markdown,
        None if terminal => PreviewFormat::Ansi,
        None => PreviewFormat::Plain,
    };
    let render_options = Options {
        style: args.style.map(Style::from).unwrap_or_default(),
        color: color.enabled(terminal),
        ..Default::default()
    };
    let title =
        args.title.clone().unwrap_or_else(|| format!("{} on {}", args.amendment.display(), args.base.display()));
    let text = render::preview::render(&p, &title, format, &render_options);
    output::write(None, text.as_bytes(), &inputs.paths, false)?;
    Ok(EXIT_OK)
}
