//! The README's walkthrough, run as written: every `$ amend …` line of its `console` blocks, in
//! order, in a copy of `fixtures/history/`, each expected to succeed, and every output line
//! shown under a command (but `…`, which stands for lines left out) expected in what it prints.
//!
//! See: issue 15.

use std::path::Path;
use std::process::Command;

/// One command of the walkthrough and the output shown under it.
struct Step {
    args: Vec<String>,
    shown: Vec<String>,
}

/// Splits a command line into words; double-quoted words keep their spaces.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    let mut started = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                started = true;
            }
            c if c.is_whitespace() && !quoted => {
                if started {
                    out.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            c => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

/// The steps of the README's walkthrough section.
fn steps() -> Vec<Step> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme.find("\n## Walkthrough").expect("the README has a walkthrough");
    let section = &readme[start + 1..];
    let section = &section[..section[3..].find("\n## ").map_or(section.len(), |i| i + 3)];
    let mut steps: Vec<Step> = Vec::new();
    let mut in_block = false;
    for line in section.lines() {
        if line.starts_with("```") {
            in_block = line == "```console";
            continue;
        }
        if !in_block {
            continue;
        }
        match line.strip_prefix("$ ") {
            Some(command) => {
                let args = words(command);
                assert_eq!(args[0], "amend", "the walkthrough runs only amend: {line}");
                steps.push(Step { args: args[1..].to_vec(), shown: Vec::new() });
            }
            None => steps.last_mut().expect("output under a command").shown.push(line.to_string()),
        }
    }
    steps
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let target = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy(&p, &target);
        } else {
            std::fs::copy(&p, &target).unwrap();
        }
    }
}

#[test]
fn r15_the_readme_walkthrough_runs_as_written() {
    let steps = steps();
    assert!(steps.len() >= 12, "the walkthrough has {} commands", steps.len());
    let dir = tempfile::tempdir().unwrap();
    copy(&Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/history"), dir.path());
    for step in &steps {
        let out = Command::new(env!("CARGO_BIN_EXE_amend"))
            .args(&step.args)
            .current_dir(dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
        let what = format!("amend {}", step.args.join(" "));
        assert_eq!(out.status.code(), Some(0), "{what}\n{stderr}");
        let printed: Vec<&str> = stdout.lines().chain(stderr.lines()).collect();
        for line in step.shown.iter().filter(|l| l.as_str() != "…") {
            assert!(
                printed.contains(&line.as_str()),
                "{what}: the README shows\n{line}\nbut it printed\n{stdout}{stderr}"
            );
        }
    }
    // What the walkthrough says it leaves behind.
    for file in ["constitution-2022.txt", "booklet/2022/agenda.html", "site/2022/redline.html", "site/2022/text.docx"] {
        assert!(dir.path().join(file).exists(), "{file}");
    }
    let manifest = std::fs::read_to_string(dir.path().join("constitution.yaml")).unwrap();
    assert!(manifest.contains("title: Members in good standing\n        mover: Brighton LLA\n        status: lost\n"));
}
