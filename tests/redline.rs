//! Redlines beyond the fixture loop: a snapshot of every format on the LLA case, the styles'
//! legends, and the `redline`, `diff` and `preview` commands end to end.
// See: issue 3 (redlines).

use amend::redline::Redline;
use amend::redline::preview;
use amend::render::{self, Format, Options, Style, preview::PreviewFormat};
use amend::resolve::Options as ResolveOptions;
use amend::{Outcome, Sources};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/redline.rs"]
mod support;

fn fixture(case: &str, file: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(case).join(file)
}

fn lla() -> (Sources, Outcome) {
    let mut sources = Sources::new();
    let read = |f: &str| std::fs::read_to_string(fixture("lla_constitution", f)).unwrap();
    let base = sources.add("base.txt", read("base.txt"));
    let amendment = sources.add("amendments.amend", read("amendments.amend"));
    let outcome = amend::consolidate(&sources, base, &[amendment], &ResolveOptions::default()).unwrap();
    (sources, outcome)
}

fn lla_redline(format: Format, options: &Options) -> String {
    let (sources, outcome) = lla();
    let text = render::render(&Redline::from_outcome(&sources, &outcome), format, options);
    match format {
        Format::Html => support::strict::html(&text),
        Format::Json => drop(support::strict::json(&text)),
        _ => {}
    }
    text
}

/// Escape sequences made visible, so that the snapshot can be read.
fn visible(ansi: &str) -> String {
    ansi.replace('\x1b', "␛")
}

#[test]
fn r3_lla_ansi() {
    let options = Options { style: Style::StrikeUnderline, color: true, ..Default::default() };
    insta::assert_snapshot!(visible(&lla_redline(Format::Ansi, &options)));
}

#[test]
fn r3_lla_markdown() {
    insta::assert_snapshot!(lla_redline(Format::Markdown, &Options::default()));
}

#[test]
fn r3_lla_critic() {
    insta::assert_snapshot!(lla_redline(Format::Critic, &Options::default()));
}

#[test]
fn r3_lla_html() {
    insta::assert_snapshot!(lla_redline(Format::Html, &Options::default()));
}

#[test]
fn r3_lla_json() {
    insta::assert_snapshot!(lla_redline(Format::Json, &Options::default()));
}

#[test]
fn r3_lla_preview() {
    let (sources, outcome) = lla();
    let redline = Redline::from_outcome(&sources, &outcome);
    let p = preview::preview(&outcome.document, &redline, None);
    insta::assert_snapshot!(render::preview::render(
        &p,
        "amendments.amend on base.txt",
        PreviewFormat::Plain,
        &Options::default()
    ));
}

/// The first lines of each format in each style: the legend, and one replaced word.
#[test]
fn r3_styles() {
    let mut out = String::new();
    for format in [Format::Ansi, Format::Markdown, Format::Html] {
        for style in Style::ALL {
            let text = lla_redline(format, &Options { style, color: false, ..Default::default() });
            let legend = text.lines().find(|l| l.contains("Legend")).expect("a legend");
            let legend = legend.find("Legend").map_or(legend, |at| &legend[at..]);
            let para = text.lines().find(|l| l.starts_with("2.1 ")).expect("2.1");
            out.push_str(&format!("{format:?} {style:?}\n  {}\n  {}\n", visible(legend), visible(para)));
        }
    }
    insta::assert_snapshot!(out);
}

// ───────────────────────────── The commands ─────────────────────────────

fn amend(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amend")).args(args).env_remove("NO_COLOR").output().expect("amend runs")
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn r3_redline_defaults_to_plain_when_not_on_a_terminal() {
    let base = fixture("lla_constitution", "base.txt");
    let am = fixture("lla_constitution", "amendments.amend");
    let o = amend(&["redline", path(&base), path(&am)]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.starts_with("Redline: "), "{out:.200}");
    assert!(out.contains("a [-signatory-]{+member+} of the LLA"));
    assert!(!out.contains('\x1b'));
}

#[test]
fn r3_ansi_colour_is_extra_never_the_only_mark() {
    let base = fixture("lla_constitution", "base.txt");
    let am = fixture("lla_constitution", "amendments.amend");
    let coloured = stdout(&amend(&["redline", path(&base), path(&am), "--format", "ansi", "--color", "always"]));
    assert!(coloured.contains("\x1b[31m") && coloured.contains("\x1b[32m"));
    assert!(coloured.contains("\x1b[9m") && coloured.contains("\x1b[4m"));
    let plain = stdout(&amend(&["redline", path(&base), path(&am), "--format", "ansi", "--color", "never"]));
    assert!(!plain.contains("\x1b[31m") && !plain.contains("\x1b[32m"));
    assert!(plain.contains("\x1b[9m") && plain.contains("\x1b[4m"));
}

#[test]
fn r3_output_file_picks_the_format_from_its_extension_and_spares_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let base = fixture("lla_constitution", "base.txt");
    let am = fixture("lla_constitution", "amendments.amend");
    for (name, start) in
        [("r.html", "<!DOCTYPE html>"), ("r.json", "{"), ("r.md", "**Redline:**"), ("r.txt", "Redline:")]
    {
        let out = dir.path().join(name);
        let o = amend(&["redline", path(&base), path(&am), "-o", path(&out)]);
        assert_eq!(o.status.code(), Some(0));
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.starts_with(start), "{name}: {text:.40}");
    }
    let o = amend(&["redline", path(&base), path(&am), "-o", path(&base)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("input file"));
}

#[test]
fn r3_redline_of_amendments_that_do_not_apply_is_refused() {
    let base = fixture("lead_statement_brighton", "base.txt");
    let a = fixture("lead_statement_brighton", "amendments.amend");
    let b = fixture("lead_statement_lpm", "amendments.amend");
    let o = amend(&["redline", path(&base), path(&a), path(&b)]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    assert!(String::from_utf8_lossy(&o.stderr).contains("E0301"));
}

#[test]
fn r3_diff_marks_words_and_names_units() {
    let old = fixture("lla_constitution", "base.txt");
    let new = fixture("lla_constitution", "expected.txt");
    let o = amend(&["diff", path(&old), path(&new), "--format", "plain"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("the [-Organising Group-]{+Steering Committee+} of its officers"));
    let json = stdout(&amend(&["diff", path(&old), path(&new), "--format", "json"]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    let changes = v["changes"].as_array().unwrap();
    assert!(changes.iter().all(|c| c["source"].is_null()));
    let first = changes.iter().find(|c| c["old"] == "signatory").expect("2.1's change");
    assert_eq!(first["unit"]["name"], "Para 2.1");
    assert_eq!(first["new"], "member");
}

#[test]
fn r3_diff_of_identical_texts_and_whitespace_only_changes() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.txt");
    let b = dir.path().join("b.txt");
    std::fs::write(&a, "Conference is the highest\nbody of the LLA.\n").unwrap();
    std::fs::write(&b, "Conference  is the highest body\nof the LLA.\n").unwrap();
    let out = stdout(&amend(&["diff", path(&a), path(&b)]));
    assert!(out.contains("No changes."), "{out}");
    let out = stdout(&amend(&["diff", path(&a), path(&b), "--whitespace"]));
    assert!(out.contains("3 changes."), "{out}");
}

#[test]
fn r3_diff_out_of_time_says_so() {
    let old = fixture("lla_constitution", "base.txt");
    let new = fixture("lla_constitution", "expected.txt");
    let o = amend(&["diff", path(&old), path(&new), "--timeout", "0"]);
    assert_eq!(o.status.code(), Some(0));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("whole lines"), "{err}");
    assert!(stdout(&o).contains("Note: the texts differ too much"));
}

#[test]
fn r3_preview_one_unit_or_an_error_naming_it() {
    let base = fixture("lla_constitution", "base.txt");
    let am = fixture("lla_constitution", "amendments.amend");
    let o = amend(&["preview", path(&base), path(&am), "--unit", "4.1"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(out.contains("\nPara 4.1\n"));
    assert!(!out.contains("Para 2.1"));
    assert!(out.contains("As it stands:") && out.contains("As it would read:"));
    let o = amend(&["preview", path(&base), path(&am), "--unit", "9.9"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no unit `9.9`"));
}

// ───────────────────────────── Any two texts ─────────────────────────────

proptest::proptest! {
    /// Every format of a diff reads back into both texts, whatever the texts: up to runs of
    /// whitespace when whitespace counts, and up to all whitespace when it does not (a space
    /// removed before a full stop is then no change, and the redline shows the new spacing).
    #[test]
    fn r3_every_format_of_a_diff_reads_back_into_both_texts(
        old in "([ab]{1,2}[ .\n]{1,2}){0,25}",
        new in "([ab]{1,2}[ .\n]{1,2}){0,25}",
        whitespace: bool,
    ) {
        let options = amend::redline::diff::DiffOptions { whitespace, ..Default::default() };
        let redline = amend::redline::diff::diff(&old, &new, &options);
        let same = |s: &str| -> String {
            if whitespace {
                support::norm(s)
            } else {
                s.chars().filter(|c| !c.is_whitespace()).collect()
            }
        };
        for format in Format::ALL {
            for style in Style::ALL {
                let text = render::render(&redline, format, &Options { style, color: true, ..Default::default() });
                let (o, n) = if format == Format::Json {
                    json_texts(&old, &text)
                } else {
                    support::read(format, style, &text)
                };
                proptest::prop_assert_eq!(same(&o), same(&old), "{:?} {:?}", format, style);
                proptest::prop_assert_eq!(same(&n), same(&new), "{:?} {:?}", format, style);
            }
        }
    }
}

/// The old text, and the old text with the JSON changes applied.
fn json_texts(old: &str, json: &str) -> (String, String) {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut new = String::new();
    let mut at = 0;
    for c in v["changes"].as_array().unwrap() {
        let start = c["old_span"]["start"].as_u64().unwrap() as usize;
        let end = c["old_span"]["end"].as_u64().unwrap() as usize;
        assert_eq!(&old[start..end], c["old"].as_str().unwrap());
        new.push_str(&old[at..start]);
        new.push_str(c["new"].as_str().unwrap());
        at = end;
    }
    new.push_str(&old[at..]);
    (old.to_string(), new)
}
