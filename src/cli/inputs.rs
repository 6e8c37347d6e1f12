//! Reading input files into [`Sources`], with clear errors for unreadable or non-text files.

use amend::Diagnostic;
use amend::docx::{self, DocxBase};
use amend::manifest::Outside;
use amend::source::{self, Encoding, FileId, Sources};
use anyhow::Context;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Whether a manifest may name files outside its own folder (`--allow-outside`), set once
/// from the command line.
static ALLOW_OUTSIDE: OnceLock<bool> = OnceLock::new();

/// Records `--allow-outside` for the run.
pub fn allow_outside(allow: bool) {
    let _ = ALLOW_OUTSIDE.set(allow);
}

/// How a file named by a manifest in `dir` leads out of that folder, if it does and the run
/// does not allow it: an absolute path, a `..` too many, or a symbolic link (of the file or of
/// a folder on its way) to a place outside. A file that does not exist is left for the read
/// to report.
pub fn outside(dir: &Path, named: &str) -> Option<Outside> {
    if ALLOW_OUTSIDE.get().copied().unwrap_or(false) {
        return None;
    }
    if let Some(how) = amend::manifest::leaves_folder(named) {
        return Some(how);
    }
    let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
    let (Ok(root), Ok(file)) = (dir.canonicalize(), dir.join(named).canonicalize()) else { return None };
    (!file.starts_with(&root)).then_some(Outside::Link)
}

/// A base and its amendments, read into one set of sources.
pub struct Inputs {
    /// The base as a Word document, when it was a .docx (its text form is in `sources`).
    pub docx: Option<DocxBase>,
    pub sources: Sources,
    pub base: FileId,
    pub amendments: Vec<FileId>,
    /// The base's encoding, so output is written the same way.
    pub encoding: Encoding,
    /// Every input path, so that output never overwrites one by accident.
    pub paths: Vec<PathBuf>,
    /// Files that are not text (E0001), to be reported before anything else is done.
    pub unreadable: Vec<Diagnostic>,
}

/// Reads one file as text (UTF-8, or UTF-16 with a byte-order mark), for commands that
/// compare whole texts and have no source positions to report.
pub fn read_text(path: &Path) -> anyhow::Result<(String, Encoding)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    source::decode_owned(bytes).map_err(|(e, _)| e).with_context(|| format!("reading {}", path.display()))
}

/// Reads one file as text (UTF-8, or UTF-16 with a byte-order mark) into `sources`. A file that
/// is not text is still added, decoded lossily, so that the E0001 returned with it can show
/// the line where the problem is.
pub fn read_source(sources: &mut Sources, path: &Path) -> anyhow::Result<(FileId, Encoding, Option<Diagnostic>)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(add_source(sources, path, bytes))
}

fn add_source(sources: &mut Sources, path: &Path, bytes: Vec<u8>) -> (FileId, Encoding, Option<Diagnostic>) {
    let name = path.display().to_string();
    match source::decode_owned(bytes) {
        Ok((text, encoding)) => (sources.add(name, text), encoding, None),
        Err((e, bytes)) => {
            let (text, at) = source::decode_lossy(&bytes);
            let id = sources.add(name, text);
            (id, Encoding::Utf8, Some(Diagnostic::bad_encoding(id, &e, at.unwrap_or_default())))
        }
    }
}

/// Reads a whole document as text, a .docx as its text form (with the document itself), for
/// commands that do not report positions in it.
pub fn read_document(path: &Path) -> anyhow::Result<(String, Encoding, Option<DocxBase>)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if docx::is_docx(&bytes) {
        let doc = docx::read(&bytes).with_context(|| format!("reading {}", path.display()))?;
        return Ok((doc.text().to_string(), Encoding::Utf8, Some(doc)));
    }
    let (text, encoding) =
        source::decode_owned(bytes).map_err(|(e, _)| e).with_context(|| format!("reading {}", path.display()))?;
    Ok((text, encoding, None))
}

/// A base read into `sources`: a .docx as its text form (with the document itself), or a text
/// file, with E0001 if it is not text.
pub struct Base {
    pub id: FileId,
    pub encoding: Encoding,
    pub docx: Option<DocxBase>,
    pub problem: Option<Diagnostic>,
}

/// Reads a base into `sources`.
pub fn read_base(sources: &mut Sources, path: &Path) -> anyhow::Result<Base> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if docx::is_docx(&bytes) {
        let doc = docx::read(&bytes).with_context(|| format!("reading {}", path.display()))?;
        let id = sources.add(path.display().to_string(), doc.text().to_string());
        return Ok(Base { id, encoding: Encoding::Utf8, docx: Some(doc), problem: None });
    }
    let (id, encoding, problem) = add_source(sources, path, bytes);
    Ok(Base { id, encoding, docx: None, problem })
}

impl Inputs {
    /// Reports the input files that are not text (E0001), if any: the caller then stops with
    /// exit code 2 before anything is consolidated.
    pub fn report_unreadable(
        &self,
        format: super::DiagnosticFormat,
        color: super::ColorChoice,
    ) -> anyhow::Result<bool> {
        if self.unreadable.is_empty() {
            return Ok(false);
        }
        super::report(&self.sources, &self.unreadable, format, color, false)?;
        Ok(true)
    }

    /// Reads a base and amendment files.
    pub fn read(base: &Path, amendments: &[PathBuf]) -> anyhow::Result<Inputs> {
        let mut sources = Sources::new();
        let Base { id: base_id, encoding, docx, problem } = read_base(&mut sources, base)?;
        let mut unreadable: Vec<Diagnostic> = problem.into_iter().collect();
        let mut ids = Vec::new();
        for path in amendments {
            let (id, _, problem) = read_source(&mut sources, path)?;
            unreadable.extend(problem);
            ids.push(id);
        }
        let mut paths = vec![base.to_path_buf()];
        paths.extend(amendments.iter().cloned());
        Ok(Inputs { docx, sources, base: base_id, amendments: ids, encoding, paths, unreadable })
    }
}
