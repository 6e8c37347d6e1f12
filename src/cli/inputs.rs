//! Reading input files into [`Sources`], with clear errors for unreadable or non-text files.

use amend::source::{self, Encoding, FileId, Sources};
use anyhow::Context;
use std::path::{Path, PathBuf};

/// A base and its amendments, read into one set of sources.
pub struct Inputs {
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

impl Inputs {
    /// Reads a base and amendment files.
    pub fn read(base: &Path, amendments: &[PathBuf]) -> anyhow::Result<Inputs> {
        let mut sources = Sources::new();
        let (text, encoding) = read_text(base)?;
        let base_id = sources.add(base.display().to_string(), text);
        let mut ids = Vec::new();
        for path in amendments {
            let (text, _) = read_text(path)?;
            ids.push(sources.add(path.display().to_string(), text));
        }
        let mut paths = vec![base.to_path_buf()];
        paths.extend(amendments.iter().cloned());
        Ok(Inputs { sources, base: base_id, amendments: ids, encoding, paths })
    }
}
