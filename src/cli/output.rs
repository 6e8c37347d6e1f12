//! Writing results: to stdout, or atomically to a file (a temporary file in the same folder,
//! renamed over the target), so that an error or a kill never leaves a half-written file.

use anyhow::{Context, bail};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `out`, or to stdout when `out` is `None` or `-`.
///
/// Refuses to overwrite one of `inputs` unless `in_place` is set.
pub fn write(out: Option<&Path>, bytes: &[u8], inputs: &[PathBuf], in_place: bool) -> anyhow::Result<()> {
    write_with(out, inputs, in_place, |w| w.write_all(bytes))
}

/// Like [`write`], for output that `put` writes piece by piece (through a buffer).
pub fn write_with(
    out: Option<&Path>,
    inputs: &[PathBuf],
    in_place: bool,
    put: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let Some(path) = out.filter(|p| p.as_os_str() != "-") else {
        let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
        put(&mut stdout)?;
        stdout.flush()?;
        return Ok(());
    };
    if !in_place && inputs.iter().any(|i| same_file(i, path)) {
        bail!("{} is an input file; refusing to overwrite it (use --in-place to replace it)", path.display());
    }
    write_atomic_with(path, put)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Writes through a temporary file in the target's folder and renames it into place. A
/// symbolic link is followed, so that the file it points to is replaced, not the link.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> anyhow::Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// Like [`write_atomic`], for output that `put` writes piece by piece.
fn write_atomic_with(path: &Path, put: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> anyhow::Result<()> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let resolved = if is_link { path.canonicalize().ok() } else { None };
    let path = resolved.as_deref().unwrap_or(path);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".amend-")
        .tempfile_in(&dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    match std::fs::metadata(path) {
        // Keep the permissions of the file being replaced.
        Ok(meta) => {
            let _ = tmp.as_file().set_permissions(meta.permissions());
        }
        // A new file is readable by others, as a file the user created would be (temporary
        // files are private).
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let _ = tmp.as_file().set_permissions(std::fs::Permissions::from_mode(0o644));
            }
        }
    }
    {
        let mut buffered = std::io::BufWriter::with_capacity(1 << 16, tmp.as_file_mut());
        put(&mut buffered).and_then(|()| buffered.flush()).with_context(|| format!("writing {}", path.display()))?;
    }
    tmp.as_file().sync_all().with_context(|| format!("writing {}", path.display()))?;
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}
