//! Inputs are never modified, and `-o` never leaves a half-written file: not after an error, not
//! after the process is killed in the middle of writing.
//!
//! See: issue 5 (bad input never loses work).

#![cfg(unix)]

use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::SystemTime;

fn fixture(case: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(case).join(file)
}

fn amend(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amend")).args(args).current_dir(dir).output().expect("running amend")
}

/// Runs `amend` under `sh` after `setup` (shell commands such as `ulimit`), so that limits and
/// signal dispositions apply to it and nothing else.
fn amend_under_shell(dir: &Path, setup: &str, args: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!("{setup}; exec \"$AMEND\" {args}"))
        .env("AMEND", env!("CARGO_BIN_EXE_amend"))
        .current_dir(dir)
        .output()
        .expect("running sh")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Bytes and modification time: a file rewritten with the same bytes still shows.
fn fingerprint(path: &Path) -> (Vec<u8>, SystemTime) {
    let bytes = fs::read(path).unwrap();
    let modified = fs::metadata(path).unwrap().modified().unwrap();
    (bytes, modified)
}

fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// The LLA case copied into a fresh folder as `base.txt`, `amendments.amend`, `expected.txt`.
fn lla() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in ["base.txt", "amendments.amend", "expected.txt"] {
        fs::copy(fixture("lla_constitution", f), dir.path().join(f)).unwrap();
    }
    dir
}

#[test]
fn no_command_modifies_its_inputs() {
    let dir = lla();
    let base = dir.path().join("base.txt");
    let sheet = dir.path().join("amendments.amend");
    let before = (fingerprint(&base), fingerprint(&sheet));
    let runs: &[&[&str]] = &[
        &["apply", "base.txt", "amendments.amend"],
        &["apply", "base.txt", "amendments.amend", "-o", "out.txt"],
        &["apply", "--strict", "base.txt", "amendments.amend", "-o", "out.txt"],
        &["check", "base.txt", "amendments.amend"],
        &["check", "--format", "json", "base.txt", "amendments.amend"],
        &["check", "--format", "github", "base.txt", "amendments.amend"],
        &["parse", "amendments.amend"],
        &["parse", "--format", "json", "amendments.amend"],
        &["outline", "base.txt"],
    ];
    for args in runs {
        let out = amend(dir.path(), args);
        assert!(matches!(out.status.code(), Some(0 | 1)), "{args:?}: {}", stderr(&out));
    }
    assert!(before == (fingerprint(&base), fingerprint(&sheet)));
}

#[test]
fn output_replaces_the_old_file_whole_and_keeps_its_permissions() {
    let dir = lla();
    let out_path = dir.path().join("out.txt");
    fs::write(&out_path, "old consolidated text\n").unwrap();
    fs::set_permissions(&out_path, fs::Permissions::from_mode(0o640)).unwrap();
    let out = amend(dir.path(), &["apply", "base.txt", "amendments.amend", "-o", "out.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(out.stdout, b"", "nothing on stdout with -o");
    assert_eq!(fs::read(&out_path).unwrap(), fs::read(dir.path().join("expected.txt")).unwrap());
    let mode = fs::metadata(&out_path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o640);
    assert_eq!(
        listing(dir.path()),
        ["amendments.amend", "base.txt", "expected.txt", "out.txt"],
        "no temporary file is left"
    );
}

#[test]
fn output_through_a_symbolic_link_replaces_the_file_it_points_to() {
    let dir = lla();
    fs::create_dir(dir.path().join("shared")).unwrap();
    fs::write(dir.path().join("shared/constitution.txt"), "old\n").unwrap();
    std::os::unix::fs::symlink("shared/constitution.txt", dir.path().join("out.txt")).unwrap();
    let out = amend(dir.path(), &["apply", "base.txt", "amendments.amend", "-o", "out.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let link = fs::symlink_metadata(dir.path().join("out.txt")).unwrap();
    assert!(link.file_type().is_symlink(), "the link is still a link");
    assert_eq!(
        fs::read(dir.path().join("shared/constitution.txt")).unwrap(),
        fs::read(dir.path().join("expected.txt")).unwrap()
    );
    assert_eq!(listing(&dir.path().join("shared")), ["constitution.txt"]);
}

#[test]
fn a_failed_apply_leaves_the_old_output_alone() {
    let dir = lla();
    fs::write(dir.path().join("bad.amend"), "Para 2.1: DELETE “nothing like this”\n").unwrap();
    let out_path = dir.path().join("out.txt");
    fs::write(&out_path, "old\n").unwrap();
    let before = fingerprint(&out_path);
    let out = amend(dir.path(), &["apply", "base.txt", "bad.amend", "-o", "out.txt"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(fingerprint(&out_path) == before);
}

#[test]
fn refuses_to_overwrite_an_input_unless_in_place() {
    let dir = lla();
    fs::create_dir(dir.path().join("sub")).unwrap();
    std::os::unix::fs::symlink("base.txt", dir.path().join("link.txt")).unwrap();
    let base = dir.path().join("base.txt");
    let sheet = dir.path().join("amendments.amend");
    let before = (fingerprint(&base), fingerprint(&sheet));
    for target in ["base.txt", "./sub/../base.txt", "link.txt", "amendments.amend"] {
        let out = amend(dir.path(), &["apply", "base.txt", "amendments.amend", "-o", target]);
        assert_eq!(out.status.code(), Some(2), "-o {target}");
        assert!(
            stderr(&out).contains("is an input file; refusing to overwrite it (use --in-place"),
            "-o {target}: {}",
            stderr(&out)
        );
    }
    assert!(before == (fingerprint(&base), fingerprint(&sheet)));

    let out = amend(dir.path(), &["apply", "base.txt", "amendments.amend", "-o", "base.txt", "--in-place"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(fs::read(&base).unwrap(), fs::read(dir.path().join("expected.txt")).unwrap());
}

/// A base of about 1.4 MB, so that writing the result takes many `write` calls.
fn big_case(dir: &Path) {
    let mut base = String::from("1) Aims\n\n1.1 Anyone can become a signatory.\n\n");
    for i in 2..20_000 {
        base.push_str(&format!("1.{i} Filler paragraph number {i}, with words enough to make the file long.\n\n"));
    }
    fs::write(dir.join("big.txt"), base).unwrap();
    fs::write(dir.join("big.amend"), "Para 1.1: DELETE “signatory”; INSERT “member”.\n").unwrap();
    fs::write(dir.join("out.txt"), "old output, still whole\n").unwrap();
}

/// The temporary files `-o` left behind, with their sizes.
fn leftovers(dir: &Path) -> Vec<(String, u64)> {
    listing(dir)
        .into_iter()
        .filter(|n| n.starts_with(".amend-"))
        .map(|n| {
            let len = fs::metadata(dir.join(&n)).unwrap().len();
            (n, len)
        })
        .collect()
}

#[test]
fn killed_mid_write_leaves_the_old_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    big_case(dir.path());
    let before = fingerprint(&dir.path().join("out.txt"));
    // A file-size limit of 16 blocks: the kernel kills the process with SIGXFSZ at the write
    // that crosses it, half way through the output.
    let out = amend_under_shell(dir.path(), "ulimit -f 16", "apply big.txt big.amend -o out.txt");
    assert_eq!(out.status.signal(), Some(25), "expected death by SIGXFSZ: {out:?}");
    assert!(fingerprint(&dir.path().join("out.txt")) == before);
    // The kill came in the middle of writing: the temporary file holds part of the text.
    let left = leftovers(dir.path());
    assert_eq!(left.len(), 1, "{left:?}");
    assert!(left[0].1 > 0, "{left:?}");
}

#[test]
fn a_write_error_is_reported_and_leaves_the_old_output_whole() {
    let dir = tempfile::tempdir().unwrap();
    big_case(dir.path());
    let before = fingerprint(&dir.path().join("out.txt"));
    // With SIGXFSZ ignored, the write that crosses the limit fails with EFBIG instead.
    let out = amend_under_shell(dir.path(), "trap '' XFSZ; ulimit -f 16", "apply big.txt big.amend -o out.txt");
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).starts_with("error: writing out.txt: "), "{}", stderr(&out));
    assert!(fingerprint(&dir.path().join("out.txt")) == before);
    assert_eq!(leftovers(dir.path()), [], "the temporary file is removed");
}
