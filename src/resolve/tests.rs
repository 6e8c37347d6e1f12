//! Resolution edge cases on small inline texts; whole documents are in `fixtures/`.

use crate::resolve::Options;
use crate::{Code, Sources, consolidate};

fn run(base: &str, sheet: &str) -> Result<String, Vec<Code>> {
    run_with(base, sheet, &Options::default())
}

fn run_with(base: &str, sheet: &str, options: &Options) -> Result<String, Vec<Code>> {
    let mut s = Sources::new();
    let b = s.add("base", base);
    let a = s.add("sheet", sheet);
    consolidate(&s, b, &[a], options).map(|o| o.text).map_err(|d| d.into_iter().map(|d| d.code).collect())
}

#[test]
fn deletion_takes_one_adjacent_space() {
    let base = "1.1 Alpha beta gamma.\n";
    assert_eq!(run(base, "Para 1.1: DELETE “beta”").unwrap(), "1.1 Alpha gamma.\n");
    assert_eq!(run(base, "Para 1.1: DELETE “gamma”").unwrap(), "1.1 Alpha beta.\n");
    assert_eq!(run(base, "Para 1.1: DELETE “Alpha”").unwrap(), "1.1 beta gamma.\n");
    assert_eq!(run(base, "Para 1.1: DELETE “gamma.”").unwrap(), "1.1 Alpha beta\n");
}

#[test]
fn inserted_words_get_spaces_only_where_needed() {
    let base = "1.1 Members, officers and guests.\n";
    assert_eq!(
        run(base, "Para 1.1: AFTER “Members” INSERT “, affiliates”").unwrap(),
        "1.1 Members, affiliates, officers and guests.\n"
    );
    assert_eq!(
        run(base, "Para 1.1: BEFORE “guests” INSERT “invited”").unwrap(),
        "1.1 Members, officers and invited guests.\n"
    );
    assert_eq!(
        run(base, "Para 1.1: AFTER “guests.” INSERT “All may speak.”").unwrap(),
        "1.1 Members, officers and guests. All may speak.\n"
    );
}

#[test]
fn quotes_match_across_styles_and_line_wraps() {
    let base = "1.1 The “Board” meets\n    monthly.\n";
    assert_eq!(
        run(base, "Para 1.1: DELETE \"\"Board\" meets monthly\"; INSERT \"Board meets weekly\"").unwrap_err(),
        vec![Code::Syntax]
    );
    assert_eq!(
        run(base, "Para 1.1: DELETE '\"Board\" meets monthly'; INSERT 'Board meets weekly'").unwrap(),
        "1.1 The Board meets weekly.\n"
    );
}

#[test]
fn renumbering_carries_into_sub_paragraphs() {
    let base = "4) Conference\n\n4.1 One.\n\n4.2 Two.\n\n4.2.1 Two-one.\n\n4.3 Three.\n";
    let out = run(base, "Para 4.1 – DELETE ALL.").unwrap();
    assert_eq!(out, "4) Conference\n\n4.1 Two.\n\n4.1.1 Two-one.\n\n4.2 Three.\n");
    let out = run(base, "Para 4.1 – NO CHANGE.\nINSERT “New.”\nPara 4.3: DELETE “Three”; INSERT “3”.").unwrap();
    assert_eq!(out, "4) Conference\n\n4.1 One.\n\n4.2 New.\n\n4.3 Two.\n\n4.3.1 Two-one.\n\n4.4 3.\n");
}

#[test]
fn no_renumber_suffixes_new_units() {
    let base = "(a) One.\n(b) Two.\n";
    let out = run_with(
        base,
        "Paragraph (a) – NO CHANGE.\nINSERT “New.”\n",
        &Options { renumber: false, ..Options::default() },
    )
    .unwrap();
    assert_eq!(out, "(a) One.\n(aa) New.\n(b) Two.\n");
}

#[test]
fn new_text_with_its_own_number_keeps_it() {
    let base = "4. One.\n\n5. Two.\n";
    let out = run(base, "Para 4. – NO CHANGE.\nINSERT “4A. Inserted.”\n").unwrap();
    assert_eq!(out, "4. One.\n\n4A. Inserted.\n\n5. Two.\n");
}

#[test]
fn removing_the_first_and_last_units() {
    let base = "1. One.\n\n2. Two.\n\n3. Three.\n";
    assert_eq!(run(base, "Para 1. – DELETE ALL.").unwrap(), "1. Two.\n\n2. Three.\n");
    assert_eq!(run(base, "Para 3. – DELETE ALL.").unwrap(), "1. One.\n\n2. Two.\n");
}

#[test]
fn instructions_apply_to_the_base_as_it_stood() {
    // “Para 2” is the base's 2 even though a new unit is added before it.
    let base = "1. One.\n\n2. Two.\n";
    let out = run(base, "Para 1. – NO CHANGE.\nINSERT “New.”\nPara 2.: DELETE “Two”; INSERT “Second”.").unwrap();
    assert_eq!(out, "1. One.\n\n2. New.\n\n3. Second.\n");
}

#[test]
fn crlf_base_gets_crlf_in_new_lines() {
    let base = "1. One.\r\n\r\n2. Two.\r\n";
    let out = run(base, "Para 1. – NO CHANGE.\nINSERT “New.”").unwrap();
    assert_eq!(out, "1. One.\r\n\r\n2. New.\r\n\r\n3. Two.\r\n");
}

#[test]
fn throughout_needs_at_least_one() {
    assert_eq!(run("1. One.\n", "DELETE “Two” throughout").unwrap_err(), vec![Code::TextNotFound]);
}

#[test]
fn a_scope_that_fails_skips_its_instructions() {
    // One error for the unit, none for the instructions under it.
    assert_eq!(run("1. One.\n", "Para 9.:\nDELETE “x”\nDELETE “y”\n").unwrap_err(), vec![Code::UnitNotFound]);
}

#[test]
fn a_missing_unit_is_reported_once_for_all_its_sentences() {
    let sheet = "PB9 currently reads: “x”\n\nIn the first sentence, replace “a” with “b”.\nIn the second sentence, delete “c”.\n";
    assert_eq!(run("PB1 A a. C c.\n", sheet).unwrap_err(), vec![Code::UnitNotFound]);
}

#[test]
fn sentence_scopes_narrow_to_that_sentence() {
    let base = "PB1 The board meets. The board decides.\n";
    assert_eq!(
        run(base, "PB1:\nIn the second sentence, replace “board” with “committee”.\n").unwrap(),
        "PB1 The board meets. The committee decides.\n"
    );
    assert_eq!(run(base, "PB1:\nIn the third sentence, delete “board”.\n").unwrap_err(), vec![Code::NoSuchPart]);
}

#[test]
fn debug_citation_probe() {
    let Ok(path) = std::env::var("CITE_BASE") else { return };
    let text = std::fs::read_to_string(path).unwrap();
    let doc = crate::document::Document::parse(0, &text);
    for c in std::env::var("CITE").unwrap().split(',') {
        let found = doc.find_citation(c);
        eprintln!("{c}: {:?}", found.iter().map(|&u| doc.describe(u)).collect::<Vec<_>>());
    }
}
