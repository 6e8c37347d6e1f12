//! Reading input files into [`Sources`], with clear errors for unreadable or non-text files.

use amend::Diagnostic;
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
    /// Files that are not text (E0001), to be reported before anything else is done.
    pub unreadable: Vec<Diagnostic>,
}

/// Reads one file as text (UTF-8, or UTF-16 with a byte-order mark) into `sources`. A file that
/// is not text is still added, decoded lossily, so that the E0001 returned with it can show
/// the line where the problem is.
pub fn read_source(
    sources: &mut Sources,
    path: &Path,
) -> anyhow::Result<(FileId, Encoding, Option<Diagnostic>)> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let name = path.display().to_string();
    Ok(match source::decode(&bytes) {
        Ok((text, encoding)) => (sources.add(name, text), encoding, None),
        Err(e) => {
            let (text, at) = source::decode_lossy(&bytes);
            let id = sources.add(name, text);
            let at = at.unwrap_or_default();
            (
                id,
                Encoding::Utf8,
                Some(Diagnostic::bad_encoding(id, &e, at)),
            )
        }
    })
}

impl Inputs {
    /// Reads a base and amendment files.
    pub fn read(base: &Path, amendments: &[PathBuf]) -> anyhow::Result<Inputs> {
        let mut sources = Sources::new();
        let mut unreadable = Vec::new();
        let (base_id, encoding, problem) = read_source(&mut sources, base)?;
        unreadable.extend(problem);
        let mut ids = Vec::new();
        for path in amendments {
            let (id, _, problem) = read_source(&mut sources, path)?;
            unreadable.extend(problem);
            ids.push(id);
        }
        let mut paths = vec![base.to_path_buf()];
        paths.extend(amendments.iter().cloned());
        Ok(Inputs {
            sources,
            base: base_id,
            amendments: ids,
            encoding,
            paths,
            unreadable,
        })
    }
}
