//! Inputs from people who may not be trusted: `amend` runs in CI on pull requests anyone can
//! open, and what it writes goes to websites and printers. A manifest reads only files inside
//! its own folder (unless `--allow-outside`); control characters never reach an output; inputs
//! that are not what they seem get a clear error or bounded work.
// See: issue 16 (trust), parts 1 to 3.

use std::path::Path;
use std::process::{Command, Output};

/// Runs amend in `dir` (no colour).
fn amend_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amend"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("amend runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

// ───────────────────────── part 1: a manifest reads only its own folder ─────────────────────────

const BASE: &str = "1) Name\n\n1.1 The society is called the Riverside Society.\n";
const SHEET: &str = "Para 1.1: DELETE “Riverside”; INSERT “Hillside”.\n";
/// Text in a file outside the project, which must never be published without the option.
const SECRET: &str = "1) Name\n\n1.1 The society is called the Riverside Society (SECRET-7f3a).\n";
const SECRET_SHEET: &str = "Para 1.1: DELETE “Riverside”; INSERT “SECRET-7f3a”.\n";

/// A project in `root/project` (manifest, base, sheet) with `root/outside/` beside it.
fn project(root: &Path, base: &str, sheet: &str) {
    let dir = root.join("project");
    write(
        &dir.join("constitution.yaml"),
        &format!(
            "title: Rules\nbase: {base}\nversions:\n  - name: \"2020\"\n    date: 2020-01-01\n  - name: \"2021\"\n    date: 2021-01-01\n    amendments:\n      - file: {sheet}\n        title: Rename\n        status: carried\n"
        ),
    );
    write(&dir.join("base.txt"), BASE);
    write(&dir.join("a.amend"), SHEET);
    std::fs::create_dir_all(dir.join("texts")).unwrap();
    write(&root.join("outside/secret.txt"), SECRET);
    write(&root.join("outside/secret.amend"), SECRET_SHEET);
}

#[cfg(unix)]
fn link(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Every way out of the folder: (what, base, sheet, key named, line of the key).
/// The absolute path is filled in for each run.
fn ways_out() -> Vec<(&'static str, String, String, &'static str, usize)> {
    let mut ways = vec![
        ("absolute base", String::new(), "a.amend".to_string(), "base", 2),
        ("`..` in the base", "../outside/secret.txt".into(), "a.amend".into(), "base", 2),
        ("`..` in a sheet", "base.txt".into(), "../outside/secret.amend".into(), "versions[1].amendments[0].file", 9),
        ("`..` in the middle", "texts/../../outside/secret.txt".into(), "a.amend".into(), "base", 2),
    ];
    if cfg!(unix) {
        ways.push(("a link to a file outside", "linked.txt".into(), "a.amend".into(), "base", 2));
        ways.push(("a linked folder", "shared/secret.txt".into(), "a.amend".into(), "base", 2));
        let sheet_key = "versions[1].amendments[0].file";
        ways.push(("a sheet in a linked folder", "base.txt".into(), "shared/secret.amend".into(), sheet_key, 9));
    }
    ways
}

fn make_links(root: &Path) {
    #[cfg(unix)]
    {
        link(&root.join("outside/secret.txt"), &root.join("project/linked.txt"));
        link(&root.join("outside"), &root.join("project/shared"));
    }
    let _ = root;
}

#[test]
fn a_manifest_cannot_name_a_file_outside_its_folder() {
    for (what, base, sheet, key, line) in ways_out() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // The absolute path must be this run's.
        let base = if what == "absolute base" { root.join("outside/secret.txt").display().to_string() } else { base };
        project(root, &base, &sheet);
        make_links(root);
        let dir = root.join("project");
        let out = amend_in(&dir, &["build"]);
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{what}: {err}");
        assert!(err.contains("error[E0401]"), "{what}: {err}");
        assert!(err.contains(&format!("{key}: `")), "{what}: the key is named: {err}");
        assert!(err.contains(&format!("constitution.yaml:{line}:")), "{what}: the line is named: {err}");
        assert!(err.contains("--allow-outside"), "{what}: {err}");
        assert!(!err.contains("SECRET") && !stdout(&out).contains("SECRET"), "{what}: nothing of the file is shown");
        assert!(!dir.join("build").exists(), "{what}: nothing is built");

        // Every command that reads the files refuses the same way.
        for args in [
            &["show", "2021"][..],
            &["check", "constitution.yaml"],
            &["blame"],
            &["agenda"],
            &["diff", "--from", "2020", "--to", "2021"],
            &["derive", "--from", "2020", "--to", "2021"],
            &["verify", "--published", "base.txt"],
        ] {
            let out = amend_in(&dir, args);
            assert_eq!(code(&out), 2, "{what}: {args:?}: {}", stderr(&out));
            assert!(stderr(&out).contains("E0401"), "{what}: {args:?}");
            assert!(!stdout(&out).contains("SECRET"), "{what}: {args:?}");
        }

        // With the option, the user says the file is meant: it is read.
        let out = amend_in(&dir, &["--allow-outside", "show", "2021"]);
        assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
        assert!(stdout(&out).contains("SECRET-7f3a"), "{what}: read with the option: {}", stdout(&out));
        let out = amend_in(&dir, &["build", "--allow-outside"]);
        assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
    }
}

#[test]
fn files_inside_the_folder_are_read_however_they_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    project(root, "./texts/../base.txt", "sheets/a.amend");
    write(&root.join("project/sheets/a.amend"), SHEET);
    #[cfg(unix)]
    {
        // A link that stays inside is fine.
        link(&root.join("project/base.txt"), &root.join("project/same.txt"));
        let yaml = std::fs::read_to_string(root.join("project/constitution.yaml")).unwrap();
        write(&root.join("project/constitution.yaml"), &yaml.replace("./texts/../base.txt", "same.txt"));
    }
    let out = amend_in(&root.join("project"), &["show", "2021"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), BASE.replace("Riverside", "Hillside"));
    // From another folder, the manifest's folder is still the one that counts.
    let out = amend_in(root, &["show", "2021", "--manifest", "project/constitution.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}
