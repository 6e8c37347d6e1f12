//! Reading input files into [`Sources`], with clear errors for unreadable or non-text files.

use amend::docx::{self, DocxBase};
use amend::source::{self, Encoding, FileId, Sources};
use anyhow::Context;
use std::path::{Path, PathBuf};

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
}

/// Reads one file as text (UTF-8, or UTF-16 with a byte-order mark).
pub fn read_text(path: &Path) -> anyhow::Result<(String, Encoding)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    source::decode(&bytes).with_context(|| format!("reading {}", path.display()))
}

/// Reads a base: a .docx into its text form (and the document itself), or a text file.
pub fn read_base(path: &Path) -> anyhow::Result<(String, Encoding, Option<DocxBase>)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if docx::is_docx(&bytes) {
        let doc = docx::read(&bytes).with_context(|| format!("reading {}", path.display()))?;
        return Ok((doc.text().to_string(), Encoding::Utf8, Some(doc)));
    }
    let (text, encoding) = source::decode(&bytes).with_context(|| format!("reading {}", path.display()))?;
    Ok((text, encoding, None))
}

impl Inputs {
    /// Reads a base and amendment files.
    pub fn read(base: &Path, amendments: &[PathBuf]) -> anyhow::Result<Inputs> {
        let mut sources = Sources::new();
        let (text, encoding, docx) = read_base(base)?;
        let base_id = sources.add(base.display().to_string(), text);
        let mut ids = Vec::new();
        for path in amendments {
            let (text, _) = read_text(path)?;
            ids.push(sources.add(path.display().to_string(), text));
        }
        let mut paths = vec![base.to_path_buf()];
        paths.extend(amendments.iter().cloned());
        Ok(Inputs { docx, sources, base: base_id, amendments: ids, encoding, paths })
    }
}
