//! Sheets and random lines for the tests that hold the reader's fast paths to the grammar.

use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Every sheet of the fixtures and of the shared corpus (found above the repository).
pub(super) fn sheets() -> Vec<(PathBuf, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = Vec::new();
    let mut stack = vec![root.join("fixtures")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "amend") {
                out.push(p);
            }
        }
    }
    if let Some(corpus) = root.ancestors().map(|a| a.join("shared/corpus")).find(|p| p.is_dir()) {
        for e in std::fs::read_dir(corpus).into_iter().flatten().flatten() {
            let p = e.path().join("amendments.txt");
            if p.exists() {
                out.push(p);
            }
        }
    }
    out.sort();
    out.into_iter()
        .filter_map(|p| {
            let bytes = std::fs::read(&p).ok()?;
            Some((p, crate::source::decode(&bytes).ok()?.0))
        })
        .collect()
}

/// The literals of the grammar's rules, and the pieces that sit between them.
fn vocabulary() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("grammar");
    let mut words: Vec<String> = Vec::new();
    for file in ["amendment.pest", "units.pest"] {
        let g = std::fs::read_to_string(root.join(file)).unwrap();
        let mut rest = g.as_str();
        while let Some(at) = rest.find('"') {
            let after = &rest[at + 1..];
            let Some(end) = after.find('"') else { break };
            let lit = &after[..end];
            if !lit.is_empty() && !lit.contains('\\') && !lit.contains("//") {
                words.push(lit.to_string());
            }
            rest = &after[end + 1..];
        }
    }
    words.extend(
        [
            "2.1",
            "3.2.1",
            "(a)",
            "(b)(2)(A)",
            "14(f)",
            "vii)",
            "IV",
            "PB102",
            "A.1",
            "I.8",
            "e.g.",
            "D.C.",
            "4.5.",
            "2)",
            "(1A)",
            "(b.1)",
            "75.01",
            "1st",
            "10",
            "2020",
            "#58",
            "3(1)(f)(i)",
            "4A",
            "x",
            "ab",
            "ABC1",
            "Sect.1",
            "members",
            "Chair",
            "élu",
            "Straße",
            "ΑΒΓ",
            "🙂",
            "a\u{301}",
            "don't",
            "members’",
            "co-opt",
            "and/or",
            "_",
            "`",
            "``",
            "''",
            "´´",
            "“",
            "”",
            "‘",
            "’",
            "\"",
            "'",
            "„",
            "«",
            "»",
            "‚",
            "…",
            "...",
            "..",
            "§",
            "§§",
            "—",
            "–",
            "--",
            "-",
            "(",
            ")",
            "[",
            "]",
            ":",
            ";",
            ",",
            ".",
            "!",
            "?",
            "&",
            "/",
            "#",
            "\u{FEFF}",
            "\u{200B}",
        ]
        .map(String::from),
    );
    words.sort();
    words.dedup();
    words
}

fn random_case(w: &str, mask: u32) -> String {
    w.chars().enumerate().map(|(i, c)| if mask >> (i % 32) & 1 == 1 { c.to_ascii_uppercase() } else { c }).collect()
}

pub(super) fn line() -> impl Strategy<Value = String> {
    let words = vocabulary();
    let separators = [" ", " ", " ", "", "", "  ", "\t", "\u{A0}", "\n", "\r\n", "\u{3000}"];
    let piece = (0..words.len(), any::<u32>(), 0..separators.len());
    prop::collection::vec(piece, 1..24).prop_map(move |pieces| {
        pieces
            .into_iter()
            .map(|(w, mask, sep)| format!("{}{}", random_case(&words[w], mask), separators[sep]))
            .collect()
    })
}
