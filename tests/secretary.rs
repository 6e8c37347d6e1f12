//! What secretaries and members meet, end to end through the binary: cross-references checked
//! on a base and sheets, outputs with a title, decisions recorded in the manifest, shell
//! completions and the manual page.
//!
//! See: issue 15.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(path)
}

fn amend(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amend"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("running amend")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// References in lists and alternatives (`clause 4.1 or 4.2`, `clauses 5.1 to 5.3`) to units an
/// amendment renumbers are warned about by `check` on a base and a sheet, and updated by
/// `apply --fix-references` as one more amendment that the redline traces.
#[test]
fn r15_references_in_lists_are_checked_and_fixed_without_a_manifest() {
    let dir = fixture("references_in_lists");
    let out = amend(&dir, &["check", "base.txt", "amendment.amend"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning[")).collect();
    assert_eq!(
        warnings,
        [
            "warning[W0114]: “4.2” in “clause 4.1 or 4.2” pointed to Para 4.2 (“Juniors pay half the full subscription.”), which the amendments renumber to 4.3",
            "warning[W0114]: “5.3” in “clauses 5.1 to 5.3” pointed to Para 5.3 (“The committee may suspend or expel the m…”), which the amendments renumber to 5.2",
            "warning[W0114]: “under 5.4” pointed to Para 5.4 (“An appeal lies to a general meeting.”), which the amendments renumber to 5.3",
        ],
        "{err}"
    );
    // Each points at the reference in the base.
    assert!(err.contains("┌─ base.txt:9:66"), "{err}");
    let strict = amend(&dir, &["check", "base.txt", "amendment.amend", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));

    let out = amend(&dir, &["apply", "base.txt", "amendment.amend", "--fix-references"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), std::fs::read_to_string(dir.join("fixed.txt")).unwrap());
    assert!(!stderr(&out).contains("W0114"), "{}", stderr(&out));

    let out = amend(&dir, &["redline", "base.txt", "amendment.amend", "--fix-references", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let fixes: Vec<String> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["source"]["file"] == "references (amend)")
        .map(|c| format!("{} → {}", c["old"].as_str().unwrap(), c["new"].as_str().unwrap()))
        .collect();
    assert_eq!(fixes, ["4.2 → 4.3", "5.3 → 5.2", "5.4 → 5.3"]);
}
