//! A real office suite opens what `amend` writes: LibreOffice converts the tracked-changes
//! redline to PDF (showing both deleted and inserted words), converts it again with the
//! markup hidden (the consolidated text), and `amend redline --format pdf` prints a marked
//! redline. A PNG of the redline's first page is kept under `target/docx-tests/` to look at.
//!
//! Needs `soffice`, `pdftotext` and `pdftoppm` (Debian: libreoffice-writer, poppler-utils;
//! `.ci/run` installs them). Without them the test says so loudly and, under CI, fails.

mod support;

use amend::Sources;
use amend::docx::{self, Revision};
use amend::resolve::Options;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use support::*;

fn on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|d| d.join(program)).find(|p| p.is_file())
}

/// The tools, or `None` after saying clearly that they are missing.
fn tools() -> Option<(PathBuf, PathBuf, PathBuf)> {
    let found = (on_path("soffice"), on_path("pdftotext"), on_path("pdftoppm"));
    match found {
        (Some(s), Some(t), Some(p)) => Some((s, t, p)),
        missing => {
            let msg = format!(
                "LibreOffice conversion test NOT RUN: missing {}{}{} (Debian: apt-get install libreoffice-writer poppler-utils)",
                if missing.0.is_none() { "soffice " } else { "" },
                if missing.1.is_none() { "pdftotext " } else { "" },
                if missing.2.is_none() { "pdftoppm" } else { "" },
            );
            assert!(std::env::var_os("CI").is_none(), "{msg}");
            // Straight to the terminal: the test harness would swallow eprintln! of a passing test.
            let _ = writeln!(std::io::stderr(), "\n*** {msg} ***\n");
            None
        }
    }
}

fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(out.status.success(), "{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn words(text: &str) -> Vec<String> {
    text.split_whitespace().map(str::to_string).collect()
}

#[test]
fn libreoffice_opens_the_redline() {
    let Some((soffice, pdftotext, pdftoppm)) = tools() else {
        return;
    };
    let base = docx::read(&lla_docx()).unwrap();
    let mut sources = Sources::new();
    let b = sources.add("base.docx", base.text());
    let a = sources.add("amendments.amend", fixture("fixtures/lla_constitution/amendments.amend"));
    let out = amend::consolidate(&sources, b, &[a], &Options::default()).unwrap();
    let revisions = [Revision { author: "Labour Party Marxists".into(), date: Some("2020-11-21T00:00:00Z".into()) }];
    let red = checked(base.redline(&out.document, &out.edits, &revisions).unwrap());
    let dir = save("lla_redline.docx", &red).parent().unwrap().to_path_buf();
    save("lla_redline_markup_hidden.docx", &with_markup_hidden(&red));
    for pdf in ["lla_redline.pdf", "lla_redline_markup_hidden.pdf"] {
        let _ = std::fs::remove_file(dir.join(pdf));
    }

    // One start of LibreOffice converts both documents.
    let profile = format!("file://{}", dir.join("lo-profile").display());
    run(Command::new(&soffice)
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(dir.join("lla_redline.docx"))
        .arg(dir.join("lla_redline_markup_hidden.docx")));

    let shown = run(Command::new(&pdftotext).arg(dir.join("lla_redline.pdf")).arg("-"));
    for phrase in [
        "signatories of our appeal",
        "LLA affiliates and members",
        "Founding appeal",
        "CAC decisions are subject to approval",
    ] {
        assert!(shown.contains(phrase), "“{phrase}” not in the redline PDF:\n{shown}");
    }

    // With the markup hidden, LibreOffice shows the consolidated text, numbered by Word's
    // list definitions (4.3 new, the old 4.3–4.5 now 4.4–4.6).
    let accepted = run(Command::new(&pdftotext).arg("-layout").arg(dir.join("lla_redline_markup_hidden.pdf")).arg("-"));
    assert_eq!(
        words(&accepted),
        words(&fixture("fixtures/lla_constitution/expected.txt")),
        "accepted view in LibreOffice"
    );

    let png = dir.join("lla_redline-page1");
    run(Command::new(&pdftoppm)
        .args(["-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile"])
        .arg(dir.join("lla_redline.pdf"))
        .arg(&png));
    assert!(Path::new(&format!("{}.png", png.display())).exists());
    eprintln!("first page of the redline: {}.png", png.display());
}

#[test]
fn redline_pdf_from_the_command_line() {
    let Some((_, pdftotext, _)) = tools() else {
        return;
    };
    let dir = save("lla_base.docx", &lla_docx()).parent().unwrap().to_path_buf();
    let pdf = dir.join("lla_redline_marked.pdf");
    let _ = std::fs::remove_file(&pdf);
    let out = Command::new(env!("CARGO_BIN_EXE_amend"))
        .args(["redline", "--format", "pdf", "-o"])
        .arg(&pdf)
        .arg(dir.join("lla_base.docx"))
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lla_constitution/amendments.amend"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = run(Command::new(&pdftotext).arg(&pdf).arg("-"));
    assert!(text.contains("Legend"), "{text}");
    assert!(text.contains("struck through") && text.contains("double-underlined"));
    assert!(text.contains("signatories of our appeal") && text.contains("LLA affiliates and members"));
}
