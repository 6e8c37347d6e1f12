//! Commands, arguments and exit codes. The only place that reads files, prints, and decides
//! how the process exits; errors from the library become reports here.

mod apply;
mod decide;
mod derive;
mod explain;
mod history;
mod inputs;
mod output;
mod parse;
mod pdf;
mod redline;
mod redline_docx;
mod shell;

use amend::diagnostic::{self, Diagnostic};
use amend::manifest::Status;
use amend::source::Sources;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

/// Everything applied, or the check passed.
pub const EXIT_OK: u8 = 0;
/// The amendments do not apply (or, with `--strict`, there were warnings); diagnostics say why.
pub const EXIT_REJECTED: u8 = 1;
/// Bad usage, or a file could not be read or written.
pub const EXIT_USAGE: u8 = 2;

/// Apply constitutional amendments written in prose to a base text.
#[derive(Debug, Parser)]
#[command(name = "amend", version, about, long_about = None, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// When to colour output: auto (on a terminal, unless NO_COLOR is set), always, never.
    #[arg(long, value_enum, global = true, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Let a manifest name files outside its own folder (absolute paths, `..`, links that lead
    /// out); refused otherwise, so that a change to it cannot publish other files.
    #[arg(long, global = true)]
    pub allow_outside: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Apply amendments and print the consolidated text (or write it with -o).
    Apply(apply::ApplyArgs),
    /// Check that amendments apply, without printing the result; exit 1 if they do not.
    Check(apply::CheckArgs),
    /// Show the consolidated text with every change marked and traced to its instruction (in
    /// the terminal, plain text, Markdown, CriticMarkup, HTML, JSON, Word with tracked changes
    /// or PDF).
    Redline(redline::RedlineArgs),
    /// Show, for a member, each unit an amendment touches: as it stands, as it would read, marked.
    Preview(redline::PreviewArgs),
    /// Mark the differences between two texts word by word.
    Diff(redline::DiffArgs),
    /// Show each instruction as understood, with commentary and warnings.
    Parse(parse::ParseArgs),
    /// Show the units of a base document as the tool understands them.
    Outline(parse::OutlineArgs),
    /// Print the base with line numbers, as `line N` in instructions counts them.
    Number(parse::NumberArgs),
    /// Write the amendment that turns a base into an edited copy of it (or one version into another).
    Derive(derive::DeriveArgs),
    /// Build every version of a constitution (constitution.yaml): texts, redlines, an index page.
    Build(history::BuildArgs),
    /// List the versions of a constitution and their amendments, with what became of each.
    Log(history::LogArgs),
    /// Print the text of a constitution as of a version (--annotate: with a note under each change).
    Show(history::ShowVersionArgs),
    /// Show, for every unit of a version, the version and amendment that last changed it.
    Blame(history::BlameArgs),
    /// Preview the text if the pending amendments are carried, and list those that collide.
    Agenda(history::AgendaArgs),
    /// Compare a published or filed text with the one rebuilt from the manifest; exit 1 on drift.
    Verify(history::VerifyArgs),
    /// Record in the manifest that the event carried an amendment (refused if it no longer applies).
    Carry(decide::DecideArgs),
    /// Record in the manifest that the event lost (voted down) an amendment.
    Lose(decide::DecideArgs),
    /// Record in the manifest that its mover withdrew an amendment.
    Withdraw(decide::DecideArgs),
    /// Record in the manifest that the event remitted (referred back) an amendment.
    Remit(decide::DecideArgs),
    /// Explain a diagnostic code (or list them all).
    Explain(explain::ExplainArgs),
    /// Print the completion script for a shell (bash, zsh, fish, elvish, powershell).
    Completions(shell::CompletionsArgs),
    /// Print the manual page (or, with --out DIR, write one per command).
    Man(shell::ManArgs),
}

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to colour a stream, given whether it is a terminal.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DiagnosticFormat {
    /// rustc-style messages with the lines concerned.
    #[default]
    Human,
    /// One JSON object per line, per diagnostic.
    Json,
    /// GitHub Actions annotations (`::error file=…,line=…::…`).
    Github,
}

/// Runs a command and turns its outcome into an exit code.
pub fn run(cli: Cli) -> ExitCode {
    let color = cli.color;
    inputs::allow_outside(cli.allow_outside);
    let result = match cli.command {
        Command::Apply(args) => apply::apply(args, color),
        Command::Check(args) => apply::check(args, color),
        Command::Redline(args) => redline::redline(args, color),
        Command::Preview(args) => redline::preview(args, color),
        Command::Diff(args) => redline::diff(args, color),
        Command::Parse(args) => parse::parse(args, color),
        Command::Outline(args) => parse::outline(args, color),
        Command::Number(args) => parse::number(args, color),
        Command::Explain(args) => explain::explain(args),
        Command::Completions(args) => shell::completions(args),
        Command::Man(args) => shell::man(args),
        Command::Derive(args) => derive::derive(args, color),
        Command::Build(args) => history::build(args, color),
        Command::Log(args) => history::log(args, color),
        Command::Show(args) => history::show(args, color),
        Command::Blame(args) => history::blame(args, color),
        Command::Agenda(args) => history::agenda(args, color),
        Command::Verify(args) => history::verify(args, color),
        Command::Carry(args) => decide::decide(args, Status::Carried, color),
        Command::Lose(args) => decide::decide(args, Status::Lost, color),
        Command::Withdraw(args) => decide::decide(args, Status::Withdrawn, color),
        Command::Remit(args) => decide::decide(args, Status::Remitted, color),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) if is_broken_pipe(&e) => ExitCode::from(EXIT_OK),
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}

/// Prints diagnostics to stderr in the chosen format; GitHub annotations go to stdout unless
/// `stdout_taken` says that it carries the result (the runner reads both).
pub fn report(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    format: DiagnosticFormat,
    color: ColorChoice,
    stdout_taken: bool,
) -> anyhow::Result<()> {
    if diagnostics.is_empty() {
        return Ok(());
    }
    let stderr = std::io::stderr();
    match format {
        DiagnosticFormat::Human => {
            let choice = if color.enabled(stderr.is_terminal()) {
                termcolor::ColorChoice::Always
            } else {
                termcolor::ColorChoice::Never
            };
            // Buffered: stderr is not, and a sheet with thousands of problems made as many
            // small writes as characters.
            let mut stream = termcolor::BufferedStandardStream::stderr(choice);
            diagnostic::render_to(sources, diagnostics, &mut stream)?;
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            let warnings = diagnostics.len() - errors;
            let mut summary = Vec::new();
            if errors > 0 {
                summary.push(format!("{errors} error{}", if errors == 1 { "" } else { "s" }));
            }
            if warnings > 0 {
                summary.push(format!("{warnings} warning{}", if warnings == 1 { "" } else { "s" }));
            }
            writeln!(stream, "{}", summary.join(", "))?;
            stream.flush()?;
        }
        DiagnosticFormat::Json => {
            let mut out = std::io::BufWriter::new(stderr.lock());
            for d in diagnostics {
                serde_json::to_writer(&mut out, &diagnostic::locate(sources, d))?;
                writeln!(out)?;
            }
            out.flush()?;
        }
        DiagnosticFormat::Github => {
            // Annotations are read from stdout by the Actions runner, and from stderr too.
            let annotations = diagnostic::render_github(sources, diagnostics);
            if stdout_taken {
                std::io::stderr().lock().write_all(annotations.as_bytes())?;
            } else {
                let mut out = std::io::stdout().lock();
                out.write_all(annotations.as_bytes())?;
                out.flush()?;
            }
        }
    }
    Ok(())
}

/// Under `--strict`, warnings count as errors.
pub fn strictly(diagnostics: Vec<Diagnostic>, strict: bool) -> Vec<Diagnostic> {
    if strict { diagnostic::strictly(diagnostics) } else { diagnostics }
}
