//! Single instructions on a real base (the LLA constitution), checked against an oracle that
//! knows nothing of the resolver: the expected text is computed directly from the base (the
//! paragraph with the words replaced, every other byte of the base unchanged; inserted words
//! right after or before their anchor). Derive's round trips cannot catch a resolver that
//! swaps AFTER and BEFORE, since derive checks itself with the same resolver; this can.
// See: issue 16 (trust), part 5.

use amend::resolve::Options;
use amend::{Diagnostic, Sources};
use proptest::prelude::*;

const LLA: &str = include_str!("../fixtures/lla_constitution/base.txt");

/// A numbered paragraph of the base: its label (`2.1`), and where its own text (after the
/// label and a space) starts and ends in the base.
#[derive(Debug, Clone)]
struct Para {
    label: String,
    start: usize,
    end: usize,
}

/// The numbered paragraphs (`N.M text` on one line), found without the document parser.
fn paragraphs() -> Vec<Para> {
    let mut out = Vec::new();
    let mut at = 0;
    for line in LLA.split_inclusive('\n') {
        let content = line.trim_end_matches('\n');
        if let Some((label, _)) = content.split_once(' ') {
            let parts: Vec<&str> = label.split('.').collect();
            if parts.len() == 2 && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) {
                out.push(Para { label: label.to_string(), start: at + label.len() + 1, end: at + content.len() });
            }
        }
        at += line.len();
    }
    out
}

/// Words of a paragraph that are letters only, with their offsets in the base.
fn words(p: &Para) -> Vec<(usize, &'static str)> {
    let text = &LLA[p.start..p.end];
    let mut out = Vec::new();
    let mut at = p.start;
    for w in text.split(' ') {
        if !w.is_empty() && w.chars().all(char::is_alphabetic) {
            out.push((at, &LLA[at..at + w.len()]));
        }
        at += w.len() + 1;
    }
    out
}

/// What the sheet says and what the base must become.
#[derive(Debug, Clone)]
struct Case {
    sheet: String,
    expected: Result<String, &'static str>,
}

const NEW: &[&str] = &["members", "the Steering Committee", "delegates", "every branch", "Conference"];

fn splice(start: usize, end: usize, with: &str) -> String {
    format!("{}{with}{}", &LLA[..start], &LLA[end..])
}

/// A phrase of 1 to 3 words starting at word `i` of paragraph `p`, if it occurs once in it.
fn phrase(p: &Para, i: usize, n: usize) -> Option<(usize, usize, String)> {
    let ws = words(p);
    let run = ws.get(i..i + n)?;
    // Only words that follow each other with one space.
    let start = run[0].0;
    let end = run[n - 1].0 + run[n - 1].1.len();
    let text = &LLA[start..end];
    let ok = run.windows(2).all(|w| w[0].0 + w[0].1.len() + 1 == w[1].0);
    (ok && LLA[p.start..p.end].matches(text).count() == 1).then(|| (start, end, text.to_string()))
}

/// One instruction of each kind, on any paragraph and words.
fn case() -> impl Strategy<Value = Case> {
    let paras = paragraphs();
    (0..paras.len(), 0..40usize, 1..=3usize, 0..NEW.len(), 0..4u8).prop_filter_map(
        "a phrase that occurs once",
        move |(k, i, n, w, kind)| {
            let p = &paras[k];
            let (start, end, old) = phrase(p, i % words(p).len().max(1), n)?;
            let new = NEW[w];
            let label = &p.label;
            let (sheet, expected) = match kind {
                // The words replaced where they are.
                0 => (format!("Para {label}: DELETE “{old}”; INSERT “{new}”.\n"), splice(start, end, new)),
                // Inserted right after the anchor, a space between.
                1 => (format!("Para {label}: AFTER “{old}” INSERT “{new}”.\n"), splice(end, end, &format!(" {new}"))),
                // Inserted right before it.
                2 => (
                    format!("Para {label}: BEFORE “{old}” INSERT “{new}”.\n"),
                    splice(start, start, &format!("{new} ")),
                ),
                // Deleted between two spaces: the seam keeps one of them.
                _ => {
                    let (before, after) = (&LLA[..start], &LLA[end..]);
                    if !(before.ends_with(' ') && after.starts_with(' ')) {
                        return None;
                    }
                    (format!("Para {label}: DELETE “{old}”.\n"), splice(start, end + 1, ""))
                }
            };
            Some(Case { sheet, expected: Ok(expected) })
        },
    )
}

/// A word that occurs `k` times (2 or more) in one paragraph, and a count written against it.
fn counted() -> impl Strategy<Value = Case> {
    let paras = paragraphs();
    let mut repeated = Vec::new();
    for p in &paras {
        let text = &LLA[p.start..p.end];
        for (_, w) in words(p) {
            let k = text.matches(w).count();
            // Whole words only, and no longer word containing it, so that the count is plain.
            let whole = text.split(|c: char| !c.is_alphabetic()).filter(|x| *x == w).count();
            if k >= 2
                && whole == k
                && !repeated.iter().any(|(l, x, _): &(String, &str, usize)| l == &p.label && *x == w)
            {
                repeated.push((p.label.clone(), w, k));
            }
        }
    }
    assert!(repeated.iter().any(|r| r.2 == 3), "the base has a word three times in a paragraph");
    (0..repeated.len(), 0..3usize).prop_map(move |(r, c)| {
        let (label, word, k) = repeated[r].clone();
        let (written, n) = [("TWICE", 2), ("THREE TIMES", 3), ("FOUR TIMES", 4)][c];
        let sheet = format!("Para {label}: DELETE “{word}”; INSERT “X{word}” – {written}.\n");
        let expected = if n == k {
            let p = paragraphs().into_iter().find(|p| p.label == label).unwrap();
            let own = LLA[p.start..p.end].replace(word, &format!("X{word}"));
            Ok(format!("{}{own}{}", &LLA[..p.start], &LLA[p.end..]))
        } else {
            Err("E0102")
        };
        Case { sheet, expected }
    })
}

fn apply(sheet: &str) -> Result<String, Vec<Diagnostic>> {
    let mut sources = Sources::new();
    let b = sources.add("base.txt", LLA);
    let a = sources.add("a.amend", sheet);
    amend::consolidate(&sources, b, &[a], &Options::default()).map(|o| o.text)
}

fn check(case: &Case) -> Result<(), TestCaseError> {
    match (apply(&case.sheet), &case.expected) {
        (Ok(got), Ok(want)) => {
            prop_assert!(
                got == *want,
                "{}\nexpected the base with only this change; got a difference at byte {}",
                case.sheet.trim(),
                got.bytes().zip(want.bytes()).take_while(|(a, b)| a == b).count()
            );
        }
        (Err(d), Err(code)) => {
            let codes: Vec<&str> = d.iter().map(|d| d.code.as_str()).collect();
            prop_assert_eq!(codes, vec![*code], "{}", case.sheet.trim());
        }
        (Ok(got), Err(code)) => prop_assert!(false, "{}: applied, but {code} was expected:\n{got}", case.sheet.trim()),
        (Err(d), Ok(_)) => prop_assert!(
            false,
            "{}: rejected with {:?}",
            case.sheet.trim(),
            d.iter().map(|d| &d.message).collect::<Vec<_>>()
        ),
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn single_instructions_change_only_their_words(c in case()) {
        check(&c)?;
    }

    #[test]
    fn counts_apply_exactly_when_they_match(c in counted()) {
        check(&c)?;
    }
}

#[test]
fn the_oracle_finds_the_paragraphs() {
    let paras = paragraphs();
    assert_eq!(paras.len(), 20);
    assert_eq!(&LLA[paras[0].start..paras[0].start + 19], "The Labour Left All");
    assert_eq!(paras[2].label, "2.1");
}
