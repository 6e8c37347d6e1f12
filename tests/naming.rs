//! A change in a three-level list is named with its parents, as the document names them.
//! See: issue 15 (part 3, with `Document::describe`).
use std::path::Path;
use std::process::Command;

const BASE: &str = "Rules of the Harbour Rowing Club\n\nClause 1 – Membership\n\n1.1 Membership is open to all.\n\n1.2 A member must:\n(a) pay the subscription;\n(b) follow the safety code;\n(c) take part in club duties, namely:\n(i) boat cleaning;\n(ii) regatta stewarding;\n(iii) coaching juniors.\n\n1.3 Members may resign.\n";

fn amend(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_amend")).args(args).current_dir(dir).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn r15_a_three_level_change_names_its_parents() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("base.txt"), BASE).unwrap();
    std::fs::write(
        dir.path().join("a.amend"),
        "Clause 1.2(c)(ii): DELETE “regatta stewarding”; INSERT “marshalling at regattas”.\n",
    )
    .unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&amend(dir.path(), &["redline", "base.txt", "a.amend", "--format", "json"])).unwrap();
    assert_eq!(json["changes"][0]["unit"]["name"], "Clause 1.2(c)(ii)");
    let html = amend(dir.path(), &["redline", "base.txt", "a.amend", "--format", "html"]);
    assert!(html.contains("Clause 1.2(c)(ii): words replaced."), "{html}");
    let preview = amend(dir.path(), &["preview", "base.txt", "a.amend", "--format", "plain"]);
    assert!(preview.contains("\nClause 1.2(c)(ii)\n"), "{preview}");
}
