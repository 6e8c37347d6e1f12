//! The commands on a versioned constitution (`constitution.yaml`): build, log, show, blame,
//! agenda, verify, and the manifest forms of check, diff and derive.

use super::inputs::{read_document, read_text};
use super::redline::ShowArgs;
use super::{ColorChoice, DiagnosticFormat, EXIT_OK, EXIT_REJECTED, EXIT_USAGE, output, report};
use amend::history::agenda::{self, Assume};
use amend::history::verify::{self, Verdict};
use amend::history::{self, History, Loaded, blame, report as text, site};
use amend::manifest::{self, Manifest, Status};
use amend::redline::diff::DiffOptions;
use amend::redline::{Redline, Subject};
use amend::render;
use amend::source::Sources;
use anyhow::{Context, bail};
use clap::{Args, ValueEnum};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The manifest read when none is given.
pub const DEFAULT_MANIFEST: &str = "constitution.yaml";

/// Two versions of a manifest, given instead of two files (`diff`, `derive`).
#[derive(Debug, clap::Args)]
pub struct VersionPair {
    /// Two versions of a manifest instead of two files: from this one…
    #[arg(long, requires = "to", value_name = "VERSION")]
    pub from: Option<String>,
    /// …to this one.
    #[arg(long, requires = "from", value_name = "VERSION")]
    pub to: Option<String>,
    /// The manifest of --from and --to [default: constitution.yaml].
    #[arg(long, requires = "from")]
    pub manifest: Option<PathBuf>,
}

impl VersionPair {
    /// The manifest and the two versions, if given.
    pub fn get(&self) -> Option<(PathBuf, &str, &str)> {
        let manifest = self.manifest.clone().unwrap_or_else(|| DEFAULT_MANIFEST.into());
        Some((manifest, self.from.as_deref()?, self.to.as_deref()?))
    }
}

/// Whether a path names a manifest rather than a base text.
pub fn is_manifest(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// How the files a manifest names are called in messages and output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Naming {
    /// From the current folder, so that diagnostics (and GitHub annotations) point at them.
    Here,
    /// As the manifest writes them, so that a build does not depend on where it runs.
    Manifest,
}

/// A manifest and the files it names, read.
pub(super) struct Project {
    pub(super) path: PathBuf,
    pub(super) dir: PathBuf,
    pub(super) manifest: Manifest,
    pub(super) sources: Sources,
    pub(super) loaded: Loaded,
    /// The base's extension for text output (`txt` or `md`).
    pub(super) extension: String,
    /// Every file read, so that no output overwrites one.
    pub(super) inputs: Vec<PathBuf>,
}

/// `a/./b` → `a/b`, and no leading `./`.
fn tidy(path: &Path) -> PathBuf {
    path.components().filter(|c| !matches!(c, std::path::Component::CurDir)).collect()
}

/// Reads a manifest. A manifest error is reported (as a diagnostic) and gives `None`.
pub(super) fn read_manifest(path: &Path, color: ColorChoice) -> anyhow::Result<Option<(String, Manifest)>> {
    let (text, _) = read_text(path).context("reading the manifest")?;
    Ok(parse_manifest(path, &text, color)?.map(|manifest| (text, manifest)))
}

/// Parses the text of the manifest at `path`. An error is reported (as a diagnostic) and gives
/// `None`.
fn parse_manifest(path: &Path, text: &str, color: ColorChoice) -> anyhow::Result<Option<Manifest>> {
    match manifest::parse(text) {
        Ok(manifest) => Ok(Some(manifest)),
        Err(e) => {
            let mut sources = Sources::new();
            let file = sources.add(path.display().to_string(), text.to_string());
            report(&sources, &[e.diagnostic(file, text)], DiagnosticFormat::Human, color, false)?;
            Ok(None)
        }
    }
}

impl Project {
    /// Reads a manifest and every file it names. A manifest error is reported (as a diagnostic)
    /// and gives `None`; a file that cannot be read is an error naming the manifest's line.
    fn load(path: &Path, naming: Naming, color: ColorChoice) -> anyhow::Result<Option<Project>> {
        let (text, _) = read_text(path).context("reading the manifest")?;
        Project::from_text(path, text, naming, color)
    }

    /// [`Project::load`] with the manifest's text given (as it would be once written).
    pub(super) fn from_text(
        path: &Path,
        text: String,
        naming: Naming,
        color: ColorChoice,
    ) -> anyhow::Result<Option<Project>> {
        let Some(manifest) = parse_manifest(path, &text, color)? else { return Ok(None) };
        let mut sources = Sources::new();
        let manifest_file = sources.add(path.display().to_string(), text.clone());
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let name = |file: &str| match naming {
            Naming::Here => tidy(&dir.join(file)).display().to_string(),
            Naming::Manifest => file.to_string(),
        };
        let named_at = |key: &str, file: &str| {
            let line = manifest::line_of(&text, key, file).map(|l| format!(", line {l}")).unwrap_or_default();
            format!("{}{line} names `{file}`", path.display())
        };
        for named in manifest.files(&text) {
            if let Some(how) = super::inputs::outside(&dir, &named.path) {
                let e = manifest::outside_error(&text, &named, how);
                report(&sources, &[e.diagnostic(manifest_file, &text)], DiagnosticFormat::Human, color, false)?;
                return Ok(None);
            }
        }
        let base_path = dir.join(&manifest.base);
        let (base_text, _, _) = read_document(&base_path).with_context(|| named_at("base", &manifest.base))?;
        let base = sources.add(name(&manifest.base), base_text);
        let mut inputs = vec![path.to_path_buf(), base_path.clone()];
        let mut sheets = Vec::new();
        for v in &manifest.versions {
            let mut row = Vec::new();
            for e in &v.amendments {
                let id = match &e.file {
                    Some(file) => {
                        let p = dir.join(file);
                        let (sheet, _) = read_text(&p).with_context(|| named_at("file", file))?;
                        inputs.push(p);
                        Some(sources.add(name(file), sheet))
                    }
                    None => None,
                };
                row.push(id);
            }
            sheets.push(row);
        }
        let ext = base_path.extension().and_then(|e| e.to_str()).unwrap_or("").to_ascii_lowercase();
        let extension = if matches!(ext.as_str(), "md" | "markdown") { "md" } else { "txt" }.to_string();
        Ok(Some(Project {
            path: path.to_path_buf(),
            dir,
            manifest,
            sources,
            loaded: Loaded { base, sheets },
            extension,
            inputs,
        }))
    }

    pub(super) fn options(&self, fix_references: bool) -> history::Options {
        let mut options = history::Options::of(&self.manifest);
        options.fix_references |= fix_references;
        options
    }

    /// The index of a version given by name, or an error listing the names.
    fn version(&self, name: &str) -> anyhow::Result<usize> {
        self.manifest.version(name).with_context(|| {
            format!(
                "there is no version `{name}` in {}; its versions are {}",
                self.path.display(),
                self.manifest.names()
            )
        })
    }
}

/// Replays the history; if a version does not build, reports why and gives `None` when that
/// version (or, with `upto: None`, any version) is needed.
fn replay<'m>(
    project: &'m mut Project,
    fix_references: bool,
    upto: Option<usize>,
    color: ColorChoice,
) -> anyhow::Result<(History<'m>, &'m Sources, bool)> {
    let options = project.options(fix_references);
    let history = history::replay(&mut project.sources, &project.manifest, &project.loaded, &options);
    let needed_missing = match (&history.failure, upto) {
        (Some(f), Some(k)) => f.version <= k,
        (Some(_), None) => true,
        (None, _) => false,
    };
    if needed_missing {
        if let Some(f) = &history.failure {
            report(&project.sources, &f.diagnostics, DiagnosticFormat::Human, color, false)?;
        }
    }
    Ok((history, &project.sources, !needed_missing))
}

pub(super) fn print(text: &str) -> anyhow::Result<()> {
    output::write(None, text.as_bytes(), &[], false)
}

// ─────────────────────────────── build ───────────────────────────────

#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The manifest.
    #[arg(default_value = DEFAULT_MANIFEST)]
    pub manifest: PathBuf,
    /// The folder to write [default: `build` next to the manifest]; replaced whole, atomically.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Update references to renumbered units, as a change of the version that renumbers them.
    #[arg(long)]
    pub fix_references: bool,
    /// House convention for marking changes in the redlines.
    #[arg(long, value_enum)]
    pub style: Option<super::redline::StyleArg>,
    /// Write no PDF (by default the current version's text and redline are also written as
    /// PDF, for the printers, when LibreOffice is installed).
    #[arg(long)]
    pub no_pdf: bool,
}

/// The marker file that says a folder was written by `amend build` and may be replaced.
const MARKER: &str = ".amend-build";

pub fn build(args: BuildArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let Some(mut project) = Project::load(&args.manifest, Naming::Manifest, color)? else {
        return Ok(EXIT_USAGE);
    };
    let out = args.out.clone().unwrap_or_else(|| project.dir.join("build"));
    check_replaceable(&out)?;
    let manifest_name = project.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let inputs = project.inputs.clone();
    let current = project.manifest.current();
    let pdf = !args.no_pdf && super::pdf::available();
    let options = site::SiteOptions {
        style: args.style.map(render::Style::from).unwrap_or_default(),
        extension: project.extension.clone(),
        manifest: manifest_name,
        word: true,
        pdf: pdf.then_some(current),
    };
    if inputs.iter().any(|i| i.canonicalize().ok().zip(out.canonicalize().ok()).is_some_and(|(i, o)| i.starts_with(o)))
    {
        bail!("{} holds input files; choose another --out", out.display());
    }
    // Versions are built in turn, each written (on another thread) while the next is built, and
    // dropped once written: at most two are held, however long the history.
    let replay_options = project.options(args.fix_references);
    let mut count = 0;
    let mut streamed = None;
    let written = write_site(&out, |dir| {
        let made = site::stream(
            &mut project.sources,
            &project.manifest,
            &project.loaded,
            &replay_options,
            &options,
            |f| -> anyhow::Result<()> {
                count += 1;
                let path = dir.join(&f.path);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent).with_context(|| format!("creating {}", parent.display()))?;
                }
                // The print copies of the current version are Word documents to convert.
                let bytes = if f.print { super::pdf::from_docx(&f.bytes)? } else { f.bytes };
                std::fs::write(&path, &bytes).with_context(|| format!("writing {}", path.display()))
            },
        )?;
        let failed = made.history.failure.is_some();
        streamed = Some(made);
        // A version that does not build leaves the folder as it was.
        if failed { Err(anyhow::anyhow!("the history does not build")) } else { Ok(()) }
    });
    let Some(made) = streamed else { return written.map(|()| EXIT_OK) };
    if let Some(f) = &made.history.failure {
        report(&project.sources, &f.diagnostics, DiagnosticFormat::Human, color, false)?;
        writeln!(std::io::stderr(), "error: the history does not build; {} is left as it was", out.display())?;
        return Ok(EXIT_REJECTED);
    }
    written?;
    if let Some(e) = &made.agenda_error {
        writeln!(std::io::stderr(), "warning: no agenda page: {e}")?;
    }
    if !pdf && !args.no_pdf {
        writeln!(
            std::io::stderr(),
            "note: no PDF written: LibreOffice (`soffice`) is not on PATH; the Word files are there to print"
        )?;
    }
    writeln!(
        std::io::stderr(),
        "built {} version{} into {} ({} files)",
        made.versions,
        if made.versions == 1 { "" } else { "s" },
        out.display(),
        count
    )?;
    Ok(EXIT_OK)
}

/// A folder may be replaced if it does not exist, is empty, or was written by `amend build`.
fn check_replaceable(out: &Path) -> anyhow::Result<()> {
    match std::fs::read_dir(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) if out.exists() => bail!("{} exists and is not a folder; refusing to replace it", out.display()),
        Err(e) => Err(e).with_context(|| format!("reading {}", out.display())),
        Ok(mut entries) => {
            if entries.next().is_none() || out.join(MARKER).is_file() {
                Ok(())
            } else {
                bail!("{} exists and was not written by amend build; refusing to replace it", out.display())
            }
        }
    }
}

/// Writes the site (with `fill`, given the new folder) into a new folder beside `out`, then
/// swaps it into place: an error before the swap leaves `out` as it was.
fn write_site(out: &Path, fill: impl FnOnce(&Path) -> anyhow::Result<()>) -> anyhow::Result<()> {
    let parent = match out.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).with_context(|| format!("creating {}", parent.display()))?;
    let fresh = tempfile::Builder::new()
        .prefix(".amend-build-")
        .tempdir_in(&parent)
        .with_context(|| format!("creating a temporary folder in {}", parent.display()))?;
    fill(fresh.path())?;
    std::fs::write(fresh.path().join(MARKER), "Written by `amend build`; replaced whole by the next build.\n")?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Readable like a folder the user made (temporary folders are private).
        std::fs::set_permissions(fresh.path(), std::fs::Permissions::from_mode(0o755))?;
    }
    // The old output moves into a temporary folder of its own, removed once the new one is in.
    let old = tempfile::Builder::new().prefix(".amend-old-").tempdir_in(&parent)?;
    let had_old = out.exists();
    if had_old {
        std::fs::rename(out, old.path().join("old")).with_context(|| format!("moving {} aside", out.display()))?;
    }
    let fresh = fresh.keep();
    if let Err(e) = std::fs::rename(&fresh, out) {
        if had_old {
            let _ = std::fs::rename(old.path().join("old"), out);
        }
        let _ = std::fs::remove_dir_all(&fresh);
        return Err(e).with_context(|| format!("moving the new build into {}", out.display()));
    }
    Ok(())
}

// ─────────────────────────────── log ───────────────────────────────

/// Output format of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ReportFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The manifest.
    #[arg(default_value = DEFAULT_MANIFEST)]
    pub manifest: PathBuf,
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
}

pub fn log(args: LogArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let Some((_, manifest)) = read_manifest(&args.manifest, color)? else { return Ok(EXIT_USAGE) };
    match args.format {
        ReportFormat::Text => print(&text::log(&manifest))?,
        ReportFormat::Json => print(&(serde_json::to_string_pretty(&manifest)? + "\n"))?,
    }
    Ok(EXIT_OK)
}

// ─────────────────────────────── show ───────────────────────────────

/// Arguments of commands that read one version of a manifest.
#[derive(Debug, Args)]
pub struct ManifestArgs {
    /// The manifest.
    #[arg(long, default_value = DEFAULT_MANIFEST, value_name = "MANIFEST")]
    pub manifest: PathBuf,
    /// Update references to renumbered units, as a change of the version that renumbers them.
    #[arg(long)]
    pub fix_references: bool,
}

#[derive(Debug, Args)]
pub struct ShowVersionArgs {
    /// The version (its name in the manifest).
    pub version: String,
    #[command(flatten)]
    pub manifest: ManifestArgs,
    /// Put a note under each unit changed since the base: `[Amended 2020-08-22: …]`.
    #[arg(long, conflicts_with = "references")]
    pub annotate: bool,
    /// List the references whose units this version renumbers or removes, instead of the text.
    #[arg(long)]
    pub references: bool,
    /// Write to this file (atomically) instead of stdout.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

pub fn show(args: ShowVersionArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let Some(mut project) = Project::load(&args.manifest.manifest, Naming::Here, color)? else {
        return Ok(EXIT_USAGE);
    };
    let k = project.version(&args.version)?;
    let inputs = project.inputs.clone();
    let (history, _, ok) = replay(&mut project, args.manifest.fix_references, Some(k), color)?;
    let Some(built) = history.get(k).filter(|_| ok) else { return Ok(EXIT_REJECTED) };
    let out = if args.references {
        text::references(&history, built).unwrap_or_else(|| {
            format!(
                "Version {} renumbers or removes no unit that its text refers to.\n",
                history.manifest.versions[k].name
            )
        })
    } else if args.annotate {
        blame::annotate(&history, built)
    } else {
        built.document.text().to_string()
    };
    output::write(args.output.as_deref(), out.as_bytes(), &inputs, false)?;
    Ok(EXIT_OK)
}

// ─────────────────────────────── blame ───────────────────────────────

#[derive(Debug, Args)]
pub struct BlameArgs {
    /// The version [default: the current one: the last, unless all its amendments are pending].
    pub version: Option<String>,
    #[command(flatten)]
    pub manifest: ManifestArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: ReportFormat,
}

pub fn blame(args: BlameArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let Some(mut project) = Project::load(&args.manifest.manifest, Naming::Here, color)? else {
        return Ok(EXIT_USAGE);
    };
    let k = match &args.version {
        Some(v) => project.version(v)?,
        None => project.manifest.current(),
    };
    let (history, _, ok) = replay(&mut project, args.manifest.fix_references, Some(k), color)?;
    let Some(built) = history.get(k).filter(|_| ok) else { return Ok(EXIT_REJECTED) };
    let b = blame::blame(&history, built);
    match args.format {
        ReportFormat::Text => print(&blame::render_text(&b))?,
        ReportFormat::Json => print(&(serde_json::to_string_pretty(&b)? + "\n"))?,
    }
    Ok(EXIT_OK)
}

// ─────────────────────────────── agenda ───────────────────────────────

/// Which amendments the agenda's preview applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum AssumeArg {
    /// Those carried so far and every pending one.
    #[default]
    Carried,
    /// Every amendment of the version with a sheet, whatever its status.
    All,
}

#[derive(Debug, Args)]
pub struct AgendaArgs {
    /// The manifest.
    #[arg(default_value = DEFAULT_MANIFEST)]
    pub manifest: PathBuf,
    /// Which amendments the preview applies.
    #[arg(long, value_enum, default_value_t)]
    pub assume: AssumeArg,
    /// Print the preview with its changes marked (plain) instead of the clean text.
    #[arg(long)]
    pub redline: bool,
    /// Update references to renumbered units in the versions before the agenda.
    #[arg(long)]
    pub fix_references: bool,
}

pub fn agenda(args: AgendaArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let Some(mut project) = Project::load(&args.manifest, Naming::Here, color)? else {
        return Ok(EXIT_USAGE);
    };
    let Some(k) = project.manifest.agenda() else {
        print("No version has pending amendments: there is no agenda.\n")?;
        return Ok(EXIT_OK);
    };
    let (history, sources, ok) = replay(&mut project, args.fix_references, k.checked_sub(1), color)?;
    if !ok {
        return Ok(EXIT_REJECTED);
    }
    let assume = match args.assume {
        AssumeArg::Carried => Assume::Carried,
        AssumeArg::All => Assume::All,
    };
    let a = match agenda::agenda(sources, &history, assume) {
        Ok(a) => a,
        Err(agenda::AgendaError::Preview(d)) => {
            report(sources, &d, DiagnosticFormat::Human, color, false)?;
            return Ok(EXIT_REJECTED);
        }
        Err(e) => bail!(e),
    };
    let failed: Vec<_> = a
        .considered
        .iter()
        .filter_map(|(_, f)| match f {
            agenda::Fate::Fails(d) => Some(d.clone()),
            _ => None,
        })
        .flatten()
        .collect();
    report(sources, &failed, DiagnosticFormat::Human, color, false)?;
    let previous = site::previous_name(&history, a.version);
    let mut out = text::agenda(&history, &a, &previous);
    if args.redline {
        let mut r = Redline::from_outcome(sources, &a.outcome);
        if let Subject::Amended { base, .. } = &mut r.subject {
            *base = previous;
        }
        out.push_str("\nThe preview, changes marked:\n\n");
        out.push_str(&render::render(&r, render::Format::Plain, &render::Options::default()));
    } else {
        out.push_str("\nThe text if the amendments in the preview are carried:\n\n");
        out.push_str(&a.outcome.text);
    }
    print(&out)?;
    Ok(if failed.iter().any(|d| d.is_error()) { EXIT_REJECTED } else { EXIT_OK })
}

// ─────────────────────────────── check ───────────────────────────────

/// The choices of `amend check MANIFEST`.
pub struct CheckOptions {
    /// Warnings count as errors.
    pub strict: bool,
    /// Update references to renumbered units in each version.
    pub fix_references: bool,
    /// Number new units like 4.2A, whatever the manifest says.
    pub no_renumber: bool,
}

/// `amend check MANIFEST`: every carried amendment applies where it was carried, and every
/// pending one to the text it was drafted against.
pub fn check(
    manifest: &Path,
    choices: &CheckOptions,
    format: DiagnosticFormat,
    color: ColorChoice,
) -> anyhow::Result<u8> {
    let Some(mut project) = Project::load(manifest, Naming::Here, color)? else {
        return Ok(EXIT_USAGE);
    };
    let mut options = project.options(choices.fix_references);
    options.resolve.renumber &= !choices.no_renumber;
    let strict = choices.strict;
    // Versions are checked as they are built and dropped before the next (a long history of a
    // large text is never held whole): what is kept is their warnings, how many amendments
    // they carried, and the text the agenda's pending amendments are checked against.
    let agenda = project.manifest.agenda();
    let mut diagnostics = Vec::new();
    let mut carried = 0;
    let mut before_agenda = None;
    let replayed = history::replay_each(&mut project.sources, &project.manifest, &project.loaded, &options, |_, h| {
        let Some(b) = h.latest() else { return Ok(()) };
        diagnostics.extend(b.warnings.iter().cloned());
        carried += b
            .step
            .as_ref()
            .map_or(0, |s| s.causes.iter().filter(|c| matches!(c, history::Cause::Amendment(_))).count());
        if agenda == Some(b.version + 1) {
            before_agenda = Some(b.document.clone());
        }
        Ok::<(), std::convert::Infallible>(())
    });
    let Ok(history) = replayed;
    let sources = &project.sources;
    let mut pending = 0;
    if let Some(f) = &history.failure {
        diagnostics.extend(f.diagnostics.iter().cloned());
    } else if let Some(k) = agenda {
        let document = match before_agenda {
            Some(document) => document,
            None => amend::document::Document::shared(history.base, sources.shared(history.base)),
        };
        for (j, _) in history.manifest.versions[k].with_status(Status::Pending) {
            let Some(sheet) = history.sheets[k][j] else { continue };
            pending += 1;
            match amend::consolidate_document(sources, document.clone(), &[sheet], &options.resolve) {
                Ok(o) => diagnostics.extend(o.warnings),
                Err(d) => diagnostics.extend(d),
            }
        }
    }
    let diagnostics = super::strictly(diagnostics, strict);
    report(sources, &diagnostics, format, color, false)?;
    let failed = diagnostics.iter().any(|d| d.is_error());
    if format == DiagnosticFormat::Human {
        let total = history.manifest.versions.len();
        let summary = match &history.failure {
            Some(f) => format!(
                "error: version {} does not build; the {} version(s) after it were not checked",
                history.manifest.versions[f.version].name,
                total - f.version - 1
            ),
            None if failed => format!("error: {total} versions built, but not every amendment applies"),
            None => format!("ok: {total} versions, {carried} carried and {pending} pending amendment(s) apply"),
        };
        writeln!(std::io::stderr(), "{summary}")?;
    }
    Ok(if failed { EXIT_REJECTED } else { EXIT_OK })
}

// ─────────────────────────────── verify ───────────────────────────────

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The manifest.
    #[arg(default_value = DEFAULT_MANIFEST)]
    pub manifest: PathBuf,
    /// The text as published or filed (text, Markdown or Word).
    #[arg(long, value_name = "FILE")]
    pub published: PathBuf,
    /// The version the published text should be [default: the current one, as for blame].
    #[arg(long)]
    pub version: Option<String>,
    /// Update references to renumbered units (if the organisation's text was built that way).
    #[arg(long)]
    pub fix_references: bool,
    #[command(flatten)]
    pub show: ShowArgs,
}

pub fn verify(args: VerifyArgs, color: ColorChoice) -> anyhow::Result<u8> {
    let Some(mut project) = Project::load(&args.manifest, Naming::Here, color)? else {
        return Ok(EXIT_USAGE);
    };
    let k = match &args.version {
        Some(v) => project.version(v)?,
        None => project.manifest.current(),
    };
    let (published, _, _) = read_document(&args.published)?;
    let mut inputs = project.inputs.clone();
    inputs.push(args.published.clone());
    let (history, _, ok) = replay(&mut project, args.fix_references, Some(k), color)?;
    if !ok {
        return Ok(EXIT_REJECTED);
    }
    let options = DiffOptions { whitespace: false, timeout: Duration::from_secs(5) };
    let verdict = verify::verify(&history, k, &published, &options).context("the version was not built")?;
    print(&text::verify(&history, k, &args.published.display().to_string(), &verdict))?;
    let Verdict::Drift(drift) = verdict else { return Ok(EXIT_OK) };
    let mut redline = drift.redline;
    redline.subject =
        Subject::Compared { old: history::text_name(history.manifest, k), new: args.published.display().to_string() };
    let format = args.show.text_format("verify")?;
    let rendered = render::render(&redline, format, &args.show.options(format, color));
    if args.show.output.is_none() {
        print("\n")?;
    }
    args.show.write(&rendered, &inputs)?;
    Ok(EXIT_REJECTED)
}

// ─────────────────────────── diff and derive ───────────────────────────

/// Runs `f` on two versions of a manifest's history (by name), once both are built.
fn with_versions<R>(
    manifest: &Path,
    (from, to): (&str, &str),
    fix_references: bool,
    color: ColorChoice,
    f: impl FnOnce(&Sources, &History<'_>, usize, usize, &[PathBuf]) -> R,
) -> anyhow::Result<Result<R, u8>> {
    let Some(mut project) = Project::load(manifest, Naming::Here, color)? else {
        return Ok(Err(EXIT_USAGE));
    };
    let (a, b) = (project.version(from)?, project.version(to)?);
    let inputs = project.inputs.clone();
    let (history, sources, ok) = replay(&mut project, fix_references, Some(a.max(b)), color)?;
    if !ok {
        return Ok(Err(EXIT_REJECTED));
    }
    Ok(Ok(f(sources, &history, a, b, &inputs)))
}

/// `amend diff --from V1 --to V2`: for a version and the one before it, the changes as its
/// amendments made them, each traced to its instruction; otherwise the texts compared.
pub fn diff(
    manifest: &Path,
    (from, to): (&str, &str),
    fix_references: bool,
    show: &ShowArgs,
    color: ColorChoice,
) -> anyhow::Result<u8> {
    let result = with_versions(manifest, (from, to), fix_references, color, |sources, history, a, b, inputs| {
        let (old, new) = (history.get(a).expect("built"), history.get(b).expect("built"));
        let redline = match site::redline(sources, history, new).filter(|_| b == a + 1) {
            Some(r) => r,
            None => {
                let mut r =
                    amend::redline::diff::diff(old.document.text(), new.document.text(), &DiffOptions::default())
                        .compared(history::text_name(history.manifest, a), history::text_name(history.manifest, b));
                r.name_units(&old.document);
                r
            }
        };
        (redline, inputs.to_vec())
    })?;
    let (redline, inputs) = match result {
        Ok(r) => r,
        Err(code) => return Ok(code),
    };
    let format = show.text_format("diff")?;
    let text = render::render(&redline, format, &show.options(format, color));
    show.write(&text, &inputs)?;
    Ok(EXIT_OK)
}

/// `amend derive --from V1 --to V2`: the texts of the two versions.
pub fn derive_texts(
    manifest: &Path,
    (from, to): (&str, &str),
    color: ColorChoice,
) -> anyhow::Result<Result<(String, String), u8>> {
    with_versions(manifest, (from, to), false, color, |_, history, a, b, _| {
        let text = |k: usize| history.get(k).expect("built").document.text().to_string();
        (text(a), text(b))
    })
}
