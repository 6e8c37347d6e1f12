//! PDF through LibreOffice: a Word document written by `amend` is converted with
//! `soffice --headless --convert-to pdf` in a temporary folder, with a profile of its own so
//! that a LibreOffice window the user has open does not block it.

use anyhow::{Context, bail};
use std::path::PathBuf;
use std::process::Command;

/// The LibreOffice program: `$AMEND_SOFFICE`, or `soffice` / `libreoffice` on PATH.
fn soffice() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("AMEND_SOFFICE") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .find_map(|dir| ["soffice", "libreoffice"].iter().map(|n| dir.join(n)).find(|p| p.is_file()))
}

/// Whether LibreOffice can be found, to write PDF.
pub fn available() -> bool {
    soffice().is_some()
}

/// Converts a .docx to PDF.
pub fn from_docx(docx: &[u8]) -> anyhow::Result<Vec<u8>> {
    let Some(program) = soffice() else {
        bail!(
            "writing PDF needs LibreOffice (`soffice`), which is not on PATH; install it (Debian: `apt-get install libreoffice-writer`), set AMEND_SOFFICE, or write --format docx and print that"
        );
    };
    let dir = tempfile::tempdir().context("creating a temporary folder for the PDF")?;
    let input = dir.path().join("document.docx");
    std::fs::write(&input, docx).context("writing the document for LibreOffice")?;
    let profile = format!("file://{}", dir.path().join("profile").display());
    let out = Command::new(&program)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .output()
        .with_context(|| format!("running {}", program.display()))?;
    let pdf = dir.path().join("document.pdf");
    if !out.status.success() || !pdf.exists() {
        bail!(
            "LibreOffice could not convert the document to PDF ({}): {}",
            out.status,
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    std::fs::read(&pdf).context("reading the PDF LibreOffice wrote")
}
