//! End-to-end runs of the binary: exit codes, what goes to stdout and stderr, and the machine
//! formats CI reads (`--format json`, `--format github`).
//!
//! See: issue 5 (bad input never loses work).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn fixture(case: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(case).join(file)
}

/// Runs `amend` in `dir` with `NO_COLOR` unset, so colour depends only on `--color` and on
/// whether stderr is a terminal (it never is here).
fn amend(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amend"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("running amend")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

/// A folder with the LLA base and small amendment files, named as the tests refer to them.
fn workspace(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("lla_constitution", "base.txt"), dir.path().join("base.txt")).unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

const NOT_FOUND: &str = "Para 2.1: DELETE “signatorys”; INSERT “member”.\n";
const OPEN_QUOTE: &str = "Para 2.1: DELETE “signatory”; INSERT “member\n";
const CLEAN: &str = "Para 2.1: DELETE “signatory”; INSERT “member”.\n";

#[test]
fn apply_prints_the_consolidated_text_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let base = fixture("lla_constitution", "base.txt");
    let amendments = fixture("lla_constitution", "amendments.amend");
    let out = amend(dir.path(), &["apply", base.to_str().unwrap(), amendments.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let expected = std::fs::read_to_string(fixture("lla_constitution", "expected.txt")).unwrap();
    assert_eq!(stdout(&out), expected);
    // The sheet leaves a quote open and drops full stops: warnings, but the text is printed.
    assert!(stderr(&out).contains("warning[W0101]"), "{}", stderr(&out));
}

#[test]
fn strict_turns_warnings_into_errors_and_prints_no_text() {
    let dir = workspace(&[("open.amend", OPEN_QUOTE)]);
    let out = amend(dir.path(), &["apply", "base.txt", "open.amend"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("2.1 Anyone who supports our aims can become a member"));

    let out = amend(dir.path(), &["apply", "--strict", "base.txt", "open.amend"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "", "nothing is printed when the check fails");
    assert!(stderr(&out).contains("error[W0101]"), "{}", stderr(&out));

    let out = amend(dir.path(), &["check", "--strict", "base.txt", "open.amend"]);
    assert_eq!(out.status.code(), Some(1));
    let out = amend(dir.path(), &["check", "base.txt", "open.amend"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn check_exits_0_when_clean_and_prints_nothing() {
    let dir = workspace(&[("clean.amend", CLEAN)]);
    let out = amend(dir.path(), &["check", "base.txt", "clean.amend"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "");
}

#[test]
fn rejected_amendments_exit_1_with_a_located_diagnostic_without_colour() {
    let dir = workspace(&[("nf.amend", NOT_FOUND)]);
    for cmd in ["check", "apply"] {
        let out = amend(dir.path(), &[cmd, "base.txt", "nf.amend"]);
        assert_eq!(out.status.code(), Some(1), "{cmd}");
        assert_eq!(stdout(&out), "", "{cmd}: no text on failure");
        let err = stderr(&out);
        assert!(!err.contains('\x1b'), "{cmd}: colour on a pipe:\n{err}");
        assert!(err.contains("error[E0101]: “signatorys” is not in Para 2.1"), "{err}");
        // Column 18 is the opening quote: `Para 2.1: DELETE ` is 17 characters.
        assert!(err.contains("┌─ nf.amend:1:18"), "{err}");
        assert!(err.contains("┌─ base.txt:11:1"), "{err}");
        assert!(err.contains("did you mean “signatory”"), "{err}");
        assert!(err.trim_end().ends_with("1 error"), "{err}");
    }
}

#[test]
fn colour_is_used_only_when_asked_for_on_a_pipe() {
    let dir = workspace(&[("nf.amend", NOT_FOUND)]);
    let out = amend(dir.path(), &["--color", "always", "check", "base.txt", "nf.amend"]);
    assert!(stderr(&out).contains("\x1b["), "--color always colours");
    let out = amend(dir.path(), &["--color", "auto", "check", "base.txt", "nf.amend"]);
    assert!(!stderr(&out).contains('\x1b'), "auto on a pipe does not");
}

#[test]
fn usage_and_io_errors_exit_2() {
    let dir = workspace(&[("clean.amend", CLEAN)]);
    let out = amend(dir.path(), &["apply", "base.txt"]);
    assert_eq!(out.status.code(), Some(2), "missing argument");
    let out = amend(dir.path(), &["frobnicate"]);
    assert_eq!(out.status.code(), Some(2), "unknown command");
    let out = amend(dir.path(), &["check", "missing.txt", "clean.amend"]);
    assert_eq!(out.status.code(), Some(2), "missing file");
    assert!(stderr(&out).contains("missing.txt"), "names the file: {}", stderr(&out));
    let out = amend(dir.path(), &["check", "base.txt", "clean.amend", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2), "unknown format");
    let out = amend(dir.path(), &["explain", "E9999"]);
    assert_eq!(out.status.code(), Some(2), "unknown code");
}

#[test]
fn json_format_prints_one_located_object_per_diagnostic() {
    let dir = workspace(&[("nf.amend", NOT_FOUND), ("open.amend", OPEN_QUOTE)]);
    let out = amend(dir.path(), &["check", "--format", "json", "base.txt", "open.amend", "nf.amend"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let records: Vec<Value> =
        err.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect();
    assert_eq!(records.len(), 2, "{err}");
    let warning = &records[0];
    assert_eq!(warning["severity"], "warning");
    assert_eq!(warning["code"], "W0101");
    assert_eq!(warning["file"], "open.amend");
    assert_eq!(warning["help"], "add the closing quote mark");

    let error = &records[1];
    assert_eq!(error["severity"], "error");
    assert_eq!(error["code"], "E0101");
    assert_eq!(error["message"], "“signatorys” is not in Para 2.1");
    assert_eq!(
        (&error["file"], &error["line"], &error["column"]),
        (&Value::from("nf.amend"), &Value::from(1), &Value::from(18))
    );
    // The quote “signatorys” is 12 characters: columns 18 to 30 (end exclusive).
    assert_eq!((&error["end_line"], &error["end_column"]), (&Value::from(1), &Value::from(30)));
    let labels = error["labels"].as_array().unwrap();
    assert_eq!(labels[0]["primary"], true);
    assert_eq!(labels[0]["file"], "nf.amend");
    let base_label = labels
        .iter()
        .find(|l| l["file"] == "base.txt" && l["message"] == "nearest text")
        .expect("a label on the near miss in the base");
    assert_eq!(base_label["line"], 11);
    let base = std::fs::read_to_string(dir.path().join("base.txt")).unwrap();
    let (start, end) = (base_label["start"].as_u64().unwrap() as usize, base_label["end"].as_u64().unwrap() as usize);
    assert_eq!(&base[start..end], "signatory", "byte offsets into the base");
    assert!(error["notes"][0].as_str().unwrap().contains("signatory"));
}

#[test]
fn json_under_strict_reports_warnings_as_errors() {
    let dir = workspace(&[("open.amend", OPEN_QUOTE)]);
    let out = amend(dir.path(), &["check", "--strict", "--format", "json", "base.txt", "open.amend"]);
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_str(stderr(&out).trim()).unwrap();
    assert_eq!((&v["severity"], &v["code"]), (&"error".into(), &"W0101".into()));
}

#[test]
fn github_format_prints_workflow_commands_on_stdout() {
    let dir = workspace(&[("nf.amend", NOT_FOUND), ("open.amend", OPEN_QUOTE)]);
    let out = amend(dir.path(), &["check", "--format", "github", "base.txt", "open.amend", "nf.amend"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "one line per diagnostic:\n{text}");
    // The open quote “member runs to the end of the line: columns 38 to 45.
    assert!(
        lines[0].starts_with("::warning file=open.amend,line=1,col=38,endLine=1,endColumn=45,title=W0101 "),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].starts_with("::error file=nf.amend,line=1,col=18,endLine=1,endColumn=30,title=E0101 "),
        "{}",
        lines[1]
    );
    // The message is on one line; its own line breaks are escaped.
    let message = lines[1].split_once("::").unwrap().1.split_once("::").unwrap().1;
    assert!(message.starts_with("“signatorys” is not in Para 2.1%0A"), "{message}");
    assert!(message.contains("base.txt:11: nearest text"), "{message}");

    let out = amend(dir.path(), &["check", "--strict", "--format", "github", "base.txt", "open.amend"]);
    assert!(stdout(&out).starts_with("::error "), "{}", stdout(&out));
}

#[test]
fn github_annotations_do_not_mix_with_the_text_on_stdout() {
    let dir = workspace(&[("open.amend", OPEN_QUOTE)]);
    let out = amend(dir.path(), &["apply", "--diagnostics", "github", "base.txt", "open.amend"]);
    assert_eq!(out.status.code(), Some(0));
    let text = stdout(&out);
    assert!(!text.contains("::warning"), "{text}");
    assert!(text.starts_with("Labour Left Alliance – Constitution\n"));
    assert!(stderr(&out).starts_with("::warning file=open.amend,line=1,col=38,"));
    // With -o, stdout is free for them.
    let out = amend(dir.path(), &["apply", "--diagnostics", "github", "base.txt", "open.amend", "-o", "out.txt"]);
    assert!(stdout(&out).starts_with("::warning file=open.amend,"), "{}", stdout(&out));
}

#[test]
fn explain_lists_every_code_and_explains_one() {
    let dir = tempfile::tempdir().unwrap();
    let out = amend(dir.path(), &["explain"]);
    assert_eq!(out.status.code(), Some(0));
    let list = stdout(&out);
    for code in amend::Code::ALL {
        assert!(list.contains(code.as_str()), "{code} missing from the list");
    }
    let out = amend(dir.path(), &["explain", "e0101"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("E0101: quoted text not found"));
    assert!(stdout(&out).contains("Example: "));
}

#[test]
fn parse_exits_1_on_a_syntax_error() {
    let dir = workspace(&[("bad.amend", "Para 2.1: DELETE signatory\n"), ("clean.amend", CLEAN)]);
    let out = amend(dir.path(), &["parse", "bad.amend"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[E0201]"), "{}", stderr(&out));
    let out = amend(dir.path(), &["parse", "clean.amend"]);
    assert_eq!(out.status.code(), Some(0));
}
