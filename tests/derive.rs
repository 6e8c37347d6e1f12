//! `apply(base, derive(base, edited)) == edited`, on every fixture pair in every style, and on
//! random edits of real fixtures. See: issue 8.

use amend::derive::{DeriveOptions, Granularity, Style, derive};
use amend::resolve::Options;
use amend::{Sources, consolidate};
use clap::ValueEnum;
use proptest::prelude::*;
use std::path::{Path, PathBuf};

const STYLES: [Style; 6] = [Style::Lla, Style::Us, Style::Uk, Style::Roberts, Style::Rulebook, Style::Debian];

fn apply(base: &str, sheet: &str, options: &Options) -> Result<String, String> {
    let mut s = Sources::new();
    let b = s.add("base", base);
    let a = s.add("derived", sheet);
    consolidate(&s, b, &[a], options).map(|o| o.text).map_err(|d| amend::diagnostic::render_plain(&s, &d))
}

/// The round trip, up to the base's byte-order mark and line breaks, which the result keeps.
fn check(base: &str, edited: &str, options: &DeriveOptions, what: &str) {
    let sheet = derive(base, edited, options);
    let edited = &amend::derive::conform(base, edited);
    match apply(base, &sheet, &options.apply) {
        Ok(out) if out == *edited => {}
        Ok(out) => panic!(
            "{what}: the derived sheet does not reproduce the edit\n--- sheet\n{sheet}\n--- diff (- wanted, + got)\n{}",
            similar::TextDiff::from_lines(edited, &out).unified_diff()
        ),
        Err(e) => panic!("{what}: the derived sheet does not apply\n--- sheet\n{sheet}\n--- diagnostics\n{e}"),
    }
}

/// Every fixture that applies: its base and its expected text.
fn pairs() -> Vec<(String, String, String, bool)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = Vec::new();
    let mut stack = vec![root.clone()];
    while let Some(dir) = stack.pop() {
        let entries: Vec<PathBuf> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        for e in entries.iter().filter(|p| p.is_dir()) {
            stack.push(e.clone());
        }
        let find = |stem: &str| ["txt", "md"].iter().map(|x| dir.join(format!("{stem}.{x}"))).find(|p| p.exists());
        let (Some(base), Some(expected)) = (find("base"), find("expected")) else { continue };
        let case = std::fs::read_to_string(dir.join("case.yaml")).unwrap_or_default();
        let renumber = !case.contains("no_renumber: true");
        let name = dir.strip_prefix(&root).unwrap().display().to_string();
        let read = |p: &Path| amend::source::decode(&std::fs::read(p).unwrap()).unwrap().0;
        out.push((name, read(&base), read(&expected), renumber));
    }
    out.sort();
    out
}

#[test]
fn every_fixture_pair_in_every_style() {
    let pairs = pairs();
    assert!(pairs.len() > 20, "fixtures not found");
    for (name, base, expected, renumber) in &pairs {
        for style in STYLES {
            for granularity in [Granularity::Word, Granularity::Sentence, Granularity::Paragraph] {
                let mut options = DeriveOptions { style, granularity, ..Default::default() };
                options.apply.renumber = *renumber;
                check(base, expected, &options, &format!("{name} ({style:?}, {granularity:?})"));
            }
            // With the result stated after each unit, which `apply` checks.
            let mut options = DeriveOptions { style, so_it_reads: true, ..Default::default() };
            options.apply.renumber = *renumber;
            check(base, expected, &options, &format!("{name} ({style:?}, so it reads)"));
        }
    }
}

/// A member who rewrites the constitution as a different document altogether (the fuzzer's
/// first find: a Markdown text whose `# Heading` lines ended the inserted block) still gets a
/// sheet that gives her text.
#[test]
fn any_fixture_text_derived_from_the_lla_constitution() {
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lla_constitution/base.txt"))
            .unwrap();
    for (name, other_base, other_expected, _) in pairs() {
        for (which, edited) in [("base", &other_base), ("expected", &other_expected)] {
            // Spaces at the ends of lines are not expressible in a block and not the point here.
            let edited: String = edited
                .split_inclusive('\n')
                .map(|l| {
                    let content = l.trim_end_matches(['\n', '\r']);
                    format!("{}{}", content.trim_end(), &l[content.len()..])
                })
                .collect();
            for style in STYLES {
                let options = DeriveOptions { style, ..Default::default() };
                check(&base, &edited, &options, &format!("LLA → {name} {which} ({style:?})"));
            }
        }
    }
}

/// What the `derive` fuzz target found (`fuzz/regressions/derive/`), each a text made of the
/// LLA constitution: the round trip holds in every style.
#[test]
fn fuzz_regressions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = std::fs::read_to_string(root.join("fixtures/lla_constitution/base.txt")).unwrap();
    let mut found = 0;
    for entry in std::fs::read_dir(root.join("fuzz/regressions/derive")).unwrap() {
        let path = entry.unwrap().path();
        let edited = amend::source::decode(&std::fs::read(&path).unwrap()).unwrap().0;
        for style in STYLES {
            check(
                &base,
                &edited,
                &DeriveOptions { style, ..Default::default() },
                &format!("{} ({style:?})", path.display()),
            );
        }
        found += 1;
    }
    assert!(found >= 2, "regressions not found");
}

/// A copy saved by an editor with other line breaks or a byte-order mark is the same edit.
#[test]
fn line_breaks_and_byte_order_mark_of_the_copy_are_not_edits() {
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lla_constitution/base.txt"))
            .unwrap();
    let edited = base.replacen("witch-hunt", "purge", 1);
    let crlf = edited.replace('\n', "\r\n");
    for copy in [crlf.clone(), format!("\u{FEFF}{edited}"), format!("\u{FEFF}{crlf}")] {
        assert_eq!(
            derive(&base, &copy, &DeriveOptions::default()).trim_end(),
            "Para 1.2: DELETE “witch-hunt”; INSERT “purge”."
        );
    }
    // And the other way round: a CRLF base with a BOM, edited in an editor that saves LF.
    let base_crlf = format!("\u{FEFF}{}", base.replace('\n', "\r\n"));
    assert_eq!(
        derive(&base_crlf, &edited, &DeriveOptions::default()).trim_end(),
        "Para 1.2: DELETE “witch-hunt”; INSERT “purge”."
    );
    check(&base_crlf, &edited, &DeriveOptions::default(), "CRLF base, LF copy");
}

#[test]
fn lla_constitution_is_no_longer_than_the_seed_amendments() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/lla_constitution");
    let base = std::fs::read_to_string(dir.join("base.txt")).unwrap();
    let expected = std::fs::read_to_string(dir.join("expected.txt")).unwrap();
    let seed = std::fs::read_to_string(dir.join("amendments.amend")).unwrap();
    let sheet = derive(&base, &expected, &DeriveOptions::default());
    // The seed's instructions, without its title, purpose and closing remark.
    let seed_instructions: usize = seed
        .lines()
        .filter(|l| !l.starts_with("3.2.") && !l.starts_with("Purpose") && !l.starts_with("CLICK"))
        .map(|l| l.trim().chars().count())
        .sum();
    let derived: usize = sheet.lines().map(|l| l.trim().chars().count()).sum();
    assert!(derived <= seed_instructions, "derived {derived} characters, seed {seed_instructions}:\n{sheet}");
}

/// The sheets a drafter would write for the cases in `fixtures/derive/` (see its README), each
/// derived exactly and applied back. See: issue 15.
#[test]
fn r15_sheets_read_as_a_drafter_writes_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/derive");
    let mut cases: Vec<PathBuf> =
        std::fs::read_dir(&root).unwrap().map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    cases.sort();
    let mut checked = 0;
    for dir in cases {
        let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
        let (base, edited) = (read("base.txt"), read("edited.txt"));
        let mut sheets: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("sheet."))
            .collect();
        sheets.sort();
        for path in sheets {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let style_name = name.trim_start_matches("sheet.").trim_end_matches(".txt");
            let style = Style::from_str(style_name, true).unwrap();
            let options = DeriveOptions { style, ..Default::default() };
            let what = format!("{}/{name}", dir.file_name().unwrap().to_string_lossy());
            assert_eq!(derive(&base, &edited, &options), std::fs::read_to_string(&path).unwrap(), "{what}");
            check(&base, &edited, &options, &what);
            checked += 1;
        }
    }
    assert!(checked >= 10, "the cases were not found");
}

/// A copy edited in Word: the quote marks, apostrophes, dashes, ellipsis and spacing it changed
/// are the base's again, and so are those of new text; with `exact_typography` they are
/// changes. See: issue 15.
#[test]
fn r15_typography_the_member_did_not_make_is_not_a_change() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/derive/word_copy");
    let base = std::fs::read_to_string(dir.join("base.txt")).unwrap();
    let edited = std::fs::read_to_string(dir.join("edited.txt")).unwrap();
    let conformed = amend::derive::conform_with(&base, &edited, false);
    assert_eq!(conformed.text, base.replace("monthly", "quarterly"));
    assert_eq!(conformed.notes.len(), 5, "{:?}", conformed.notes);
    assert!(conformed.notes[0].starts_with("quote marks differ in style only"), "{:?}", conformed.notes);
    // With the typography taken as it is, the sheet must change it.
    let options = DeriveOptions { exact_typography: true, ..Default::default() };
    let sheet = derive(&base, &edited, &options);
    assert!(sheet.contains('“') && sheet.lines().filter(|l| !l.is_empty()).count() > 1, "{sheet}");
    assert_eq!(amend::derive::conform_with(&base, &edited, true).text, edited);
}

/// One random edit of a base text.
#[derive(Debug, Clone)]
enum Edit {
    InsertWord { at: usize, word: usize },
    DeleteWord { at: usize },
    ReplaceWord { at: usize, word: usize },
    RepeatWord { at: usize },
    MoveSentence { from: usize, to: usize },
    AddParagraph { after: usize, words: usize },
    RemoveParagraph { at: usize },
}

const WORDS: [&str; 8] = ["members", "the Council", "shall", "annual", "Steering Committee", "and", "may", "2026"];

fn edit_strategy() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<usize>(), 0..WORDS.len()).prop_map(|(at, word)| Edit::InsertWord { at, word }),
        any::<usize>().prop_map(|at| Edit::DeleteWord { at }),
        (any::<usize>(), 0..WORDS.len()).prop_map(|(at, word)| Edit::ReplaceWord { at, word }),
        any::<usize>().prop_map(|at| Edit::RepeatWord { at }),
        (any::<usize>(), any::<usize>()).prop_map(|(from, to)| Edit::MoveSentence { from, to }),
        (any::<usize>(), 1..12usize).prop_map(|(after, words)| Edit::AddParagraph { after, words }),
        any::<usize>().prop_map(|at| Edit::RemoveParagraph { at }),
    ]
}

/// Applies random edits to the words and paragraphs of a text, keeping its layout (blank lines
/// between paragraphs, labels at the start of lines).
fn edit_text(text: &str, edits: &[Edit]) -> String {
    let body = text.strip_suffix('\n').unwrap_or(text);
    let mut paras: Vec<String> = body.split("\n\n").map(str::to_string).collect();
    for e in edits {
        let n = paras.len();
        match *e {
            Edit::InsertWord { at, word } | Edit::ReplaceWord { at, word } => {
                let p = at % n;
                let mut words: Vec<String> = paras[p].split(' ').map(str::to_string).collect();
                // Leave labels alone (`2.1`, `Article III.`): renumbering is tested elsewhere.
                let first = label_words(&words);
                let i = first + (at / n) % (words.len() + 1 - first).max(1);
                let i = i.min(words.len());
                if matches!(e, Edit::InsertWord { .. }) {
                    words.insert(i, WORDS[word].to_string());
                } else if i < words.len() {
                    words[i] = WORDS[word].to_string();
                }
                paras[p] = words.join(" ");
            }
            Edit::DeleteWord { at } | Edit::RepeatWord { at } => {
                let p = at % n;
                let mut words: Vec<String> = paras[p].split(' ').map(str::to_string).collect();
                let first = label_words(&words);
                if words.len() > first + 1 {
                    let i = first + (at / n) % (words.len() - first);
                    if matches!(e, Edit::DeleteWord { .. }) {
                        words.remove(i);
                    } else {
                        let w = words[i].clone();
                        words.insert(i, w);
                    }
                }
                paras[p] = words.join(" ");
            }
            Edit::MoveSentence { from, to } => {
                let p = from % n;
                let sentences: Vec<&str> = paras[p].split_inclusive(". ").collect();
                if sentences.len() > 2 {
                    let mut s: Vec<String> = sentences.iter().map(|x| x.to_string()).collect();
                    let a = 1 + from / n % (s.len() - 1);
                    let b = 1 + to % (s.len() - 1);
                    s.swap(a, b);
                    paras[p] = s.concat();
                }
            }
            Edit::AddParagraph { after, words } => {
                let p = after % n;
                let text: Vec<&str> = (0..words).map(|i| WORDS[(after + i) % WORDS.len()]).collect();
                paras.insert(p + 1, format!("A new paragraph about {}.", text.join(" ")));
            }
            Edit::RemoveParagraph { at } => {
                if n > 2 {
                    paras.remove(1 + at % (n - 1));
                }
            }
        }
    }
    let ending = if text.ends_with('\n') { "\n" } else { "" };
    format!("{}{ending}", paras.join("\n\n"))
}

/// How many words at the start of a paragraph make its label: `2.1`, `Article III.`.
fn label_words(words: &[String]) -> usize {
    let keyword = ["Article", "Section", "Chapter", "Clause", "Appendix", "§"];
    match words.first() {
        Some(w) if keyword.contains(&w.as_str()) => 2,
        _ => 1,
    }
}

fn real_bases() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    [
        "lla_constitution/base.txt",
        "lead_statement_brighton/base.txt",
        "style_us/base.txt",
        "style_uk/base.txt",
        "style_roberts/base.txt",
    ]
    .iter()
    .map(|p| std::fs::read_to_string(root.join(p)).unwrap())
    .collect()
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(10_000),
        failure_persistence: None,
        .. ProptestConfig::default()
    })]

    #[test]
    fn random_edits_round_trip(base in 0..5usize, edits in proptest::collection::vec(edit_strategy(), 1..4), style in 0..6usize) {
        let bases = real_bases();
        let base = &bases[base];
        // In the base's typography and spacing, which the sheet keeps (see `conform`).
        let edited = amend::derive::conform(base, &edit_text(base, &edits));
        let options = DeriveOptions { style: STYLES[style], ..Default::default() };
        let sheet = derive(base, &edited, &options);
        let out = apply(base, &sheet, &options.apply);
        prop_assert!(out.as_deref() == Ok(edited.as_str()), "sheet:\n{}\nresult: {:?}", sheet, out.map(|o| similar::TextDiff::from_lines(&edited, &o).unified_diff().to_string()));
    }
}
