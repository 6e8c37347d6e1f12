//! Wrapping must not matter: every sheet of `fixtures/` and of the shared corpus, re-wrapped at
//! random widths (at spaces, never inside a word or next to a quote mark's word), reads as the
//! same instructions with the same scopes and the same errors.
//!
//! Lines whose line breaks carry meaning are left as they are: restatements (`+`/`-` lines,
//! `=====` rules, `@@` hunks, wdiff marks), fenced blocks, tables, and new text set off as a
//! block (indented or `>`-quoted), where a person re-wrapping would keep the prefix: there the
//! continuation gets the same prefix.

use amend::amendment::rewrap::{line_bound, line_exact, prefix, reading, rewrap};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Every sheet: `fixtures/**/*.amend` and the corpus's `amendments.txt`.
fn sheets() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    let mut stack = vec![root.join("fixtures")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "amend") {
                paths.push(p);
            }
        }
    }
    if let Some(corpus) = root.ancestors().map(|a| a.join("shared/corpus")).find(|p| p.is_dir()) {
        for e in std::fs::read_dir(corpus).into_iter().flatten().flatten() {
            let p = e.path().join("amendments.txt");
            if p.exists() {
                paths.push(p);
            }
        }
    }
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            let text = amend::source::decode(&bytes).ok()?.0;
            Some((p, text))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(match std::env::var("PROPTEST_CASES") { Ok(_) => ProptestConfig::default().cases, Err(_) => 24 }))]

    #[test]
    fn rewrapping_a_sheet_never_changes_what_it_says(width in 24usize..90) {
        for (path, text) in sheets() {
            if line_exact(&text) {
                continue;
            }
            let wrapped = rewrap(&text, width);
            prop_assert_eq!(reading(&text), reading(&wrapped), "{} at width {}:\n{}", path.display(), width, wrapped);
        }
    }
}

#[test]
fn rewrap_breaks_only_at_spaces_and_keeps_the_prefix() {
    let text = "> Para 2.2: DELETE “the local group secretaries”; INSERT “members” – TWICE.\n";
    let wrapped = rewrap(text, 30);
    let words = |t: &str| {
        t.lines().flat_map(|l| l[prefix(l).len()..].split_whitespace()).map(str::to_string).collect::<Vec<_>>()
    };
    assert_eq!(words(&wrapped), words(text));
    assert!(wrapped.lines().count() > 1, "{wrapped}");
    assert!(wrapped.lines().all(|l| l.starts_with("> ")), "{wrapped}");
    assert!(!wrapped.contains("“\n") && !wrapped.contains("\n> ”"), "{wrapped}");
}

/// What the `read_sheet` fuzz target found (`fuzz/regressions/read_sheet/`: a selector byte, a
/// byte that picks the width, then the sheet): re-wrapped at that width, each reads as the same
/// instructions, or fails to read and says so. As in the target, a sheet that does not read
/// (`quotation-closing-mid-line-before-another-instruction` is now refused with E0213) and one
/// that leaves a quote open at a line's end (W0101, read to where that line breaks) are only
/// read.
#[test]
fn fuzz_regressions_read_the_same_rewrapped() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/read_sheet");
    let mut found = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let [_, width, rest @ ..] = &bytes[..] else { panic!("{} is too short", path.display()) };
        let sheet = amend::source::decode(rest).unwrap().0;
        found += 1;
        let fails = |text: &str| amend::amendment::parse(0, text).1.iter().any(|d| d.is_error());
        if line_bound(&sheet) || line_exact(&sheet) || fails(&sheet) {
            continue;
        }
        let wrapped = rewrap(&sheet, 20 + usize::from(width % 64));
        assert!(fails(&wrapped) || reading(&sheet) == reading(&wrapped), "{}:\n{wrapped}", path.display());
    }
    assert!(found >= 1, "regressions not found");
}
