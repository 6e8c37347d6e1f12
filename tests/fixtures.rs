//! The table-driven test: every folder under `fixtures/` holding amendments is a case.
//!
//! A case folder has a base (`base.txt` or `base.md`), one or more `*.amend` files (applied
//! together, in name order) and, when the amendments must apply, `expected.txt` / `expected.md`
//! written by a person, compared byte for byte. A case without an expected file must be
//! rejected. An optional `case.yaml` can name the base and amendments elsewhere and set
//! options. Snapshots record how each sheet was parsed, the diagnostics and the redline, for
//! review; the redline's invariants are checked in every format (see `support/redline.rs`).

use amend::resolve::Options;
use amend::{Sources, diagnostic};
use serde::Deserialize;
use std::path::{Path, PathBuf};

#[path = "support/redline.rs"]
mod redline;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Case {
    /// The base, relative to the case folder.
    base: Option<PathBuf>,
    /// The amendment files, relative to the case folder.
    amendments: Vec<PathBuf>,
    /// Apply with `--no-renumber`.
    no_renumber: bool,
    /// Warnings count as errors (`--strict`).
    strict: bool,
    /// `--line-width` for line references.
    line_width: Option<usize>,
    /// `--page-length` for line references.
    page_length: Option<usize>,
    /// Lint levels, as `--deny`, `--warn` and `--allow` give them.
    deny: Vec<String>,
    warn: Vec<String>,
    allow: Vec<String>,
    /// How repealed units are shown, as `--repealed` gives it (`auto`, `delete` or a note).
    repealed: Option<String>,
}

fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    amend::source::decode(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display())).0
}

fn find_one(dir: &Path, stem: &str) -> Option<PathBuf> {
    ["txt", "md"].iter().map(|ext| dir.join(format!("{stem}.{ext}"))).find(|p| p.exists())
}

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> =
        std::fs::read_dir(dir).expect("fixtures folder").map(|e| e.unwrap().path()).collect();
    entries.sort();
    // A versioned history (`constitution.yaml`) has its own tests (tests/history.rs).
    if entries.iter().any(|p| p.ends_with("constitution.yaml")) {
        return;
    }
    let is_case = entries.iter().any(|p| p.extension().is_some_and(|e| e == "amend") || p.ends_with("case.yaml"));
    if is_case {
        out.push(dir.to_path_buf());
        return;
    }
    for e in entries.into_iter().filter(|p| p.is_dir()) {
        cases(&e, out);
    }
}

/// A name relative to the case folder, so snapshots do not depend on where the tests run.
fn display_name(case_dir: &Path, path: &Path) -> String {
    pathdiff(path, case_dir)
}

fn pathdiff(path: &Path, base: &Path) -> String {
    match path.strip_prefix(base) {
        Ok(p) => p.display().to_string(),
        Err(_) => {
            let up = base.parent().map(|p| pathdiff(path, p)).unwrap_or_else(|| path.display().to_string());
            format!("../{up}")
        }
    }
}

fn run_case(dir: &Path, name: &str) {
    let case: Case = match std::fs::read_to_string(dir.join("case.yaml")) {
        Ok(text) => serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{name}/case.yaml: {e}")),
        Err(_) => Case::default(),
    };
    let base_path = match &case.base {
        Some(p) => dir.join(p),
        None => find_one(dir, "base").unwrap_or_else(|| panic!("{name}: no base.txt or base.md")),
    };
    let mut amendment_paths: Vec<PathBuf> = if case.amendments.is_empty() {
        let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "amend"))
            .collect();
        v.sort();
        v
    } else {
        case.amendments.iter().map(|p| dir.join(p)).collect()
    };
    amendment_paths.dedup();
    assert!(!amendment_paths.is_empty(), "{name}: no amendment files");

    let mut sources = Sources::new();
    let base = sources.add(display_name(dir, &base_path), read(&base_path));
    let amendments: Vec<_> = amendment_paths.iter().map(|p| sources.add(display_name(dir, p), read(p))).collect();

    // How each sheet was understood.
    let mut parsed = String::new();
    for &a in &amendments {
        let (amendment, _) = amend::amendment::parse(a, sources.text(a));
        if amendments.len() > 1 {
            parsed.push_str(&format!("== {}\n", sources.name(a)));
        }
        parsed.push_str(&amend::amendment::describe(&sources, &amendment));
    }

    let numbering = amend::document::Numbering { width: case.line_width.unwrap_or(80), page_length: case.page_length };
    let lints = amend::diagnostic::Lints::from_lists(&case.deny, &case.warn, &case.allow)
        .unwrap_or_else(|e| panic!("{name}/case.yaml: {e}"));
    let repealed = case.repealed.as_deref().map(amend::resolve::Repealed::parse).unwrap_or_default();
    let options = Options { renumber: !case.no_renumber, numbering, lints, repealed };
    let outcome = amend::consolidate(&sources, base, &amendments, &options);
    let expected = find_one(dir, "expected").map(|p| read(&p));
    insta::with_settings!({ snapshot_suffix => name.replace('/', "__"), prepend_module_to_snapshot => false, omit_expression => true }, {
        insta::assert_snapshot!("parse", parsed);
        match (outcome, expected) {
            (Ok(out), Some(want)) => {
                let errors_under_strict = case.strict && !out.warnings.is_empty();
                assert!(!errors_under_strict, "{name}: warnings under strict:\n{}", diagnostic::render_plain(&sources, &out.warnings));
                if out.text != want {
                    let diff = similar::TextDiff::from_lines(&want, &out.text);
                    panic!("{name}: consolidated text differs from expected (- expected, + actual):\n{}", diff.unified_diff());
                }
                insta::assert_snapshot!("diagnostics", diagnostic::render_plain(&sources, &out.warnings));
                insta::assert_snapshot!("redline", redline::check(&sources, &out));
            }
            (Err(diags), None) => {
                assert!(diags.iter().any(|d| d.is_error()), "{name}: rejected without an error");
                insta::assert_snapshot!("diagnostics", diagnostic::render_plain(&sources, &diags));
            }
            (Ok(out), None) if case.strict && !out.warnings.is_empty() => {
                let errors = diagnostic::strictly(out.warnings);
                insta::assert_snapshot!("diagnostics", diagnostic::render_plain(&sources, &errors));
            }
            (Ok(out), None) => panic!("{name}: applied, but the case has no expected file; result:\n{}", out.text),
            (Err(diags), Some(_)) => panic!("{name}: rejected:\n{}", diagnostic::render_plain(&sources, &diags)),
        }
    });
}

#[test]
fn fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut dirs = Vec::new();
    cases(&root, &mut dirs);
    assert!(!dirs.is_empty(), "no fixtures found");
    let filter = std::env::var("FIXTURE").ok();
    let mut failures = Vec::new();
    for dir in &dirs {
        let name = dir.strip_prefix(&root).unwrap().display().to_string();
        if filter.as_deref().is_some_and(|f| !name.contains(f)) {
            continue;
        }
        if let Err(e) = std::panic::catch_unwind(|| run_case(dir, &name)) {
            let msg = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()));
            failures.push(format!("{name}: {}", msg.unwrap_or_default()));
        }
    }
    assert!(failures.is_empty(), "{} of {} fixtures failed:\n\n{}", failures.len(), dirs.len(), failures.join("\n\n"));
}
