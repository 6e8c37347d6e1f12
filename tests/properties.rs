//! Properties that must hold for any input, checked with proptest on a few hundred generated
//! cases each (the fuzz targets under `fuzz/` search much longer; these keep CI honest).
//!
//! See: issue 5 (bad input never loses work).

use amend::document::Document;
use amend::resolve::Options;
use amend::{Diagnostic, Sources, Span};
use proptest::prelude::*;
use proptest::sample::select;
use std::sync::LazyLock;

const LLA: &str = include_str!("../fixtures/lla_constitution/base.txt");

/// Words and marks the amendment language is made of, so that generated lines get past the
/// first keyword often enough to reach the deeper rules.
const VOCABULARY: &[&str] = &[
    "Para",
    "para",
    "Section",
    "Appendix",
    "point",
    "2.1",
    "2.2",
    "3.5",
    "4.4",
    "vii)",
    "(a)",
    "1)",
    "4)",
    "2.3.4.5.6.7",
    ":",
    ";",
    ",",
    ".",
    "–",
    "-",
    "DELETE",
    "delete",
    "INSERT",
    "ADD",
    "ALL",
    "AFTER",
    "BEFORE",
    "AT",
    "THE",
    "END",
    "START",
    "FINAL",
    "LAST",
    "SENTENCE",
    "bullet",
    "beginning",
    "the following:",
    "NO CHANGE",
    "to",
    "and",
    "&",
    "Paras",
    "rules",
    "replace",
    "with",
    "TWICE",
    "THREE TIMES",
    "throughout",
    "(twice)",
    "\"",
    "“",
    "”",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "„",
    "…",
    "...",
    "signatories",
    "members",
    "OG",
    "SC",
    "Organising Group",
    "work reports",
    "\u{A0}",
    "\u{200B}",
    "\t",
    " ",
    " ",
    " ",
    "\n",
    "\n",
    "\r\n",
    "\r",
    "\u{FEFF}",
    "#",
    "*",
    "•",
    "Background:",
    "é",
    "😀",
];

fn vocabulary_text() -> impl Strategy<Value = String> {
    prop::collection::vec(select(VOCABULARY), 0..40).prop_map(|t| t.concat())
}

/// Any text, biased towards the characters that matter to the parsers.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof!["[a-zA-Z0-9 .,;:()“”\"'‘’…–\n\r\t\u{A0}\u{200B}]{0,120}", any::<String>(), vocabulary_text(),]
}

fn check_span(sources: &Sources, file: usize, span: Span, what: &str) {
    let text = sources.text(file);
    assert!(span.start <= span.end && span.end <= text.len(), "{what}: {span:?} outside {} bytes", text.len());
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: {span:?} not on char boundaries"
    );
}

fn check_diagnostics(sources: &Sources, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(!d.labels.is_empty(), "{} has no label", d.code);
        for l in &d.labels {
            check_span(sources, l.file, l.span, d.code.as_str());
        }
        let located = amend::diagnostic::locate(sources, d);
        for l in &located.labels {
            assert!(l.line >= 1 && l.column >= 1, "{}: {l:?}", d.code);
        }
    }
    // Rendering must cope with every span.
    let _ = amend::diagnostic::render_plain(sources, diagnostics);
    let _ = amend::diagnostic::render_github(sources, diagnostics);
}

fn consolidate(base: &str, amendments: &[&str]) -> (Sources, Result<amend::Outcome, Vec<Diagnostic>>) {
    let mut sources = Sources::new();
    let b = sources.add("base.txt", base);
    let ids: Vec<usize> = amendments.iter().enumerate().map(|(i, a)| sources.add(format!("{i}.amend"), *a)).collect();
    let outcome = amend::consolidate(&sources, b, &ids, &Options::default());
    (sources, outcome)
}

/// What the `consolidate` fuzz target found (`fuzz/regressions/consolidate/`): `base NUL
/// amendment`, or an amendment to the LLA constitution. Each gives a result or errors, whose
/// spans lie in their files.
#[test]
fn fuzz_regressions() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions/consolidate");
    let mut found = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (base, amendment) = text.split_once('\0').unwrap_or((LLA, &text));
        let (sources, outcome) = consolidate(base, &[amendment]);
        match outcome {
            Ok(o) => {
                check_diagnostics(&sources, &o.warnings);
                // Re-wrapped at the width the fuzz target picks, the sheet gives the same words.
                if amend::source::accepted(&bytes) {
                    let width = 20 + bytes.len() % 64;
                    let other = amend::amendment::rewrap::other_words_rewrapped(&sources, 0, &[1], &o.text, width);
                    assert!(
                        other.is_none(),
                        "{}: re-wrapped at {width}:\n{}",
                        path.display(),
                        other.unwrap_or_default()
                    );
                }
            }
            Err(d) => {
                assert!(d.iter().any(Diagnostic::is_error), "rejected without an error");
                check_diagnostics(&sources, &d);
            }
        }
        found += 1;
    }
    assert!(found >= 1, "regressions not found");
}

/// A base document made of typical lines, with the given line ending.
fn base_text(crlf: bool) -> impl Strategy<Value = String> {
    let line = prop_oneof![
        Just("1) Aims".to_string()),
        Just("2) Structures".to_string()),
        Just("Section 3 – Membership".to_string()),
        Just("## Article IV – Officers".to_string()),
        "[1-4]\\.[1-9] [A-Z][a-z]{1,8}( [a-z]{1,8}){0,12}\\.",
        "\\([a-h]\\) [a-z]{1,8}( [a-z]{1,8}){0,6};",
        "(vii|viii|ix)\\) [A-Z][a-z]{1,8}( [a-z]{1,8}){0,6}:",
        "[*•-] [a-z]{1,8}( [a-z]{1,8}){0,6}",
        "\t?[A-Z][a-z]{1,8}(\u{A0}[a-z]{1,8}){0,6}",
        Just(String::new()),
        any_text().prop_map(|t| t.replace(['\n', '\r'], " ")),
    ];
    (prop::bool::ANY, prop::collection::vec(line, 0..30), prop::bool::ANY).prop_map(move |(bom, lines, final_break)| {
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut text = if bom { "\u{FEFF}".to_string() } else { String::new() };
        text.push_str(&lines.join(eol));
        if final_break {
            text.push_str(eol);
        }
        text
    })
}

/// The LLA base's numbered units: each label with the runs of one to four words of its text,
/// so that instructions can quote words of the unit they name.
static LLA_UNITS: LazyLock<Vec<(String, Vec<String>)>> = LazyLock::new(|| {
    let doc = Document::parse(0, LLA);
    doc.units()
        .filter_map(|(id, u)| {
            let label = doc.slice(u.label.as_ref()?.span).to_string();
            let words: Vec<&str> = doc.body(id).split_whitespace().collect();
            let phrases: Vec<String> = (1..=4).flat_map(|n| words.windows(n).map(|w| w.join(" "))).collect();
            (!phrases.is_empty()).then_some((label, phrases))
        })
        .collect()
});

/// One instruction line built from the LLA base's own numbers and words.
fn lla_instruction() -> impl Strategy<Value = String> {
    select(LLA_UNITS.clone()).prop_flat_map(|(label, phrases)| {
        let l = Just(label);
        let phrase = || select(phrases.clone());
        let new = "[A-Za-z][a-z]{0,8}( [a-z]{1,8}){0,3}\\.?";
        let count = select(vec!["", " – TWICE", " THREE TIMES", " throughout"]);
        prop_oneof![
            (l.clone(), phrase(), new, count.clone())
                .prop_map(|(l, p, n, c)| format!("Para {l}: DELETE “{p}”; INSERT “{n}”{c}.")),
            (l.clone(), phrase(), count).prop_map(|(l, p, c)| format!("Para {l}: DELETE “{p}”{c}.")),
            (l.clone(), phrase(), new).prop_map(|(l, p, n)| format!("Para {l}: AFTER “{p}” INSERT “{n}”.")),
            (l.clone(), phrase()).prop_map(|(l, p)| format!("Para {l}: DELETE ALL AFTER “{p}”.")),
            (l.clone(), new).prop_map(|(l, n)| format!("Para {l}: INSERT AT END “{n}”")),
            (l.clone(), new).prop_map(|(l, n)| format!("Para {l} – NO CHANGE.\n\nINSERT “{n}”")),
            l.clone().prop_map(|l| format!("Para {l}: DELETE ALL.")),
            l.clone().prop_map(|l| format!("Para {l}: DELETE FINAL SENTENCE.")),
            (phrase(), new).prop_map(|(p, n)| format!("DELETE “{p}”; INSERT “{n}”.")),
        ]
    })
}

fn lla_sheet() -> impl Strategy<Value = String> {
    prop::collection::vec(lla_instruction(), 1..6).prop_map(|lines| lines.join("\n\n") + "\n")
}

/// 512 cases per property in CI; `PROPTEST_CASES=100000` for a long local run.
fn config() -> ProptestConfig {
    match std::env::var("PROPTEST_CASES") {
        Ok(_) => ProptestConfig::default(),
        Err(_) => ProptestConfig::with_cases(512),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn parsing_never_panics_and_spans_stay_in_the_file(text in any_text()) {
        let mut sources = Sources::new();
        let id = sources.add("x.amend", text.as_str());
        let (amendment, diagnostics) = amend::amendment::parse(id, sources.text(id));
        check_diagnostics(&sources, &diagnostics);
        let _ = amend::amendment::describe(&sources, &amendment);
        let doc = Document::parse(id, sources.text(id));
        for (_, u) in doc.units() {
            check_span(&sources, id, u.span, "unit");
            check_span(&sources, id, u.body, "unit body");
        }
        let _ = doc.outline();
    }

    #[test]
    fn every_diagnostic_span_lies_in_its_file(base in base_text(false), sheet in any_text()) {
        let (sources, outcome) = consolidate(&base, &[&sheet]);
        match outcome {
            Ok(out) => check_diagnostics(&sources, &out.warnings),
            Err(diagnostics) => {
                prop_assert!(diagnostics.iter().any(Diagnostic::is_error));
                check_diagnostics(&sources, &diagnostics);
            }
        }
    }

    #[test]
    fn an_empty_amendment_gives_the_base_back_byte_for_byte(
        base in prop::bool::ANY.prop_flat_map(base_text),
        sheet in select(vec!["", "\n", "\r\n\r\n", "Amendments from the Brighton branch\n", "Reason: none.\n", "\u{FEFF}"]),
    ) {
        // A sheet with nothing to apply is an error (E0208) unless the user lowers it; lowered,
        // it gives the base back untouched.
        let (_, outcome) = consolidate(&base, &[sheet]);
        let err = outcome.expect_err("a sheet without instructions is an error");
        prop_assert!(err.iter().all(|d| d.code == amend::Code::NothingToApply), "{err:?}");
        let mut sources = Sources::new();
        let b = sources.add("base.txt", base.as_str());
        let a = sources.add("0.amend", sheet);
        let lints = amend::diagnostic::Lints::from_lists(&[], &["E0208".to_string()], &[]).unwrap();
        let out = amend::consolidate(&sources, b, &[a], &Options { lints, ..Options::default() })
            .expect("lowered to a warning, an amendment without instructions applies");
        prop_assert!(out.text == base, "the text changed");
        prop_assert!(out.edits.is_empty());
    }

    #[test]
    fn instructions_from_real_words_apply_or_are_rejected(sheet in lla_sheet()) {
        let (sources, outcome) = consolidate(LLA, &[&sheet]);
        match outcome {
            Ok(out) => {
                check_diagnostics(&sources, &out.warnings);
                prop_assert!(!out.edits.is_empty() || sheet.contains("NO CHANGE"));
                // The result can itself be amended.
                let _ = Document::parse(0, &out.text);
            }
            Err(diagnostics) => {
                prop_assert!(diagnostics.iter().any(Diagnostic::is_error));
                check_diagnostics(&sources, &diagnostics);
            }
        }
    }

    #[test]
    fn output_keeps_the_base_line_endings(sheet in lla_sheet(), crlf_sheet in prop::bool::ANY) {
        let base = LLA.replace('\n', "\r\n");
        // The sheet's own line endings must not matter.
        let sheet = if crlf_sheet { sheet.replace('\n', "\r\n") } else { sheet };
        let (_, outcome) = consolidate(&base, &[&sheet]);
        if let Ok(out) = outcome {
            let lone_lf = out.text.match_indices('\n').any(|(i, _)| !out.text[..i].ends_with('\r'));
            prop_assert!(!lone_lf, "a bare LF in CRLF output:\n{}", out.text);
        }
        let (_, outcome) = consolidate(LLA, &[&sheet]);
        if let Ok(out) = outcome {
            prop_assert!(!out.text.contains('\r'), "a CR in LF output");
        }
    }
}
