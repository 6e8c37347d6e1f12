//! Passages on small texts, their stretches built by hand as the reader gives them (so that
//! these tests do not depend on how a notation is read).

use crate::amendment::{Amendment, Count, Hunk, Instruction, Item, Op, Passage, Run};
use crate::document::Document;
use crate::resolve::{Options, resolve};
use crate::source::Span;
use crate::{Code, Diagnostic};

/// A stretch from `(mark, text)` runs: `=` kept, `-` deleted, `+` inserted.
fn stretch(runs: &[(char, &str)]) -> Hunk {
    let runs = runs
        .iter()
        .map(|&(mark, text)| match mark {
            '=' => Run::Kept(text.to_string()),
            '-' => Run::Deleted(text.to_string()),
            _ => Run::Inserted(text.to_string()),
        })
        .collect();
    Hunk { runs, span: Span::new(0, 1) }
}

fn resolve_with(base: &str, hunks: Vec<Hunk>, options: &Options) -> Result<String, Vec<Diagnostic>> {
    let doc = Document::parse(0, base);
    let instruction = Instruction {
        scope: None,
        op: Op::Passage { passage: Passage { hunks } },
        count: Count::Once,
        span: Span::new(0, 1),
        renumber: None,
        repeal: false,
        section: None,
        version: None,
    };
    let amendment = Amendment { file: 1, items: vec![Item::Instruction(instruction)] };
    let resolved = resolve(&doc, &[amendment], options);
    if resolved.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(resolved.diagnostics);
    }
    Ok(crate::apply::apply(doc.text(), &resolved.edits))
}

fn run(base: &str, hunks: Vec<Hunk>) -> Result<String, Vec<Diagnostic>> {
    resolve_with(base, hunks, &Options::default())
}

fn codes(result: Result<String, Vec<Diagnostic>>) -> Vec<(Code, String)> {
    match result {
        Ok(text) => panic!("applied: {text}"),
        Err(d) => d.into_iter().filter(Diagnostic::is_error).map(|d| (d.code, d.message)).collect(),
    }
}

const WRAPPED: &str = "\
1. The committee meets every
   month in the hall, and
   reports to the members.
2. The secretary keeps the
   minutes.
";

#[test]
fn a_replacement_inside_a_wrapped_paragraph_keeps_the_lines() {
    let out = run(
        WRAPPED,
        vec![stretch(&[('=', "The committee meets every"), ('-', "month"), ('+', "week"), ('=', "in the hall,")])],
    )
    .unwrap();
    assert_eq!(out, WRAPPED.replace("every\n   month", "every\n   week"));
}

#[test]
fn deleted_words_take_one_gap_with_them() {
    // At the end of a line: the space before goes, the line break stays.
    let out = run(WRAPPED, vec![stretch(&[('=', "in the hall,"), ('-', "and"), ('=', "reports")])]).unwrap();
    assert_eq!(out, WRAPPED.replace("hall, and\n", "hall,\n"));
    // A whole wrapped line: one line break goes with it, no empty line is left.
    let out =
        run(WRAPPED, vec![stretch(&[('=', "every"), ('-', "month in the hall, and"), ('=', "reports")])]).unwrap();
    assert_eq!(out, WRAPPED.replace("every\n   month in the hall, and\n", "every\n"));
}

#[test]
fn context_that_differs_names_the_word_and_the_base_line() {
    let found = codes(run(WRAPPED, vec![stretch(&[('=', "The committee meets each"), ('-', "month")])]));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, Code::TextNotFound);
    assert!(found[0].1.contains("“each” where the base has “every” (line 1)"), "{}", found[0].1);
}

#[test]
fn context_found_twice_is_ambiguous() {
    let base = "1. Members vote.\n2. Members vote.\n";
    let found = codes(run(base, vec![stretch(&[('=', "Members"), ('-', "vote."), ('+', "speak.")])]));
    assert_eq!(found[0].0, Code::CountMismatch, "{found:?}");
    assert!(found[0].1.contains("occurs 2 times"), "{}", found[0].1);
}

#[test]
fn stretches_out_of_order_are_refused() {
    let found = codes(run(
        WRAPPED,
        vec![
            stretch(&[('=', "The secretary keeps"), ('-', "the")]),
            stretch(&[('=', "The committee"), ('-', "meets")]),
        ],
    ));
    assert_eq!(found[0].0, Code::TextNotFound, "{found:?}");
    assert!(found[0].1.contains("stretch 2 of the restatement is not after stretch 1"), "{}", found[0].1);
}

const LIST: &str = "\
4. Powers

The council may:

1. Set the fees.

2. Elect a chair.

3. Keep accounts.
";

#[test]
fn a_new_item_at_the_end_of_a_list_is_a_unit_laid_out_as_its_siblings() {
    let out =
        run(LIST, vec![stretch(&[('=', "3. Keep accounts."), ('+', "\n4. Hire staff when the budget allows it.")])])
            .unwrap();
    assert_eq!(out, format!("{LIST}\n4. Hire staff when the budget allows it.\n"));
}

#[test]
fn an_item_removed_whole_is_removed_as_a_unit_and_the_next_renumbered() {
    let out = run(LIST, vec![stretch(&[('=', "1. Set the fees."), ('-', "2. Elect a chair.")])]).unwrap();
    assert_eq!(out, LIST.replace("2. Elect a chair.\n\n3. Keep", "2. Keep"));
}

#[test]
fn a_removal_that_shifts_a_number_the_restatement_keeps_is_refused() {
    let found = codes(run(LIST, vec![stretch(&[('-', "2. Elect a chair."), ('=', "3. Keep accounts.")])]));
    assert_eq!(found[0].0, Code::NumberingUnclear, "{found:?}");
    assert!(found[0].1.contains("keeps `3.`"), "{}", found[0].1);
}

#[test]
fn a_restatement_that_renumbers_itself_is_not_renumbered_again() {
    let out =
        run(LIST, vec![stretch(&[('-', "2. Elect a chair."), ('-', "3."), ('+', "2."), ('=', "Keep accounts.")])])
            .unwrap();
    assert_eq!(out, LIST.replace("2. Elect a chair.\n\n3. Keep", "2. Keep"));
}

#[test]
fn a_new_unit_numbered_unlike_the_base_there_is_refused() {
    let base = "1. Aims\n\n1.1. We meet.\n\n2. Members\n\n2.1. Anyone may join.\n";
    let found = codes(run(base, vec![stretch(&[('=', "Anyone may join."), ('+', "\n2.2 Members pay dues.")])]));
    assert_eq!(found[0].0, Code::NumberingUnclear, "{found:?}");
    assert!(found[0].1.contains("`2.2`"), "{}", found[0].1);
    // Written as the base writes it, it goes in.
    let out = run(base, vec![stretch(&[('=', "Anyone may join."), ('+', "\n2.2. Members pay dues.")])]).unwrap();
    assert_eq!(out, format!("{base}\n2.2. Members pay dues.\n"));
}

#[test]
fn new_paragraphs_are_wrapped_as_the_base_wraps_and_indented_as_their_siblings() {
    let out = run(
        WRAPPED,
        vec![stretch(&[
            ('=', "minutes."),
            ('+', "\n3. The treasurer keeps the accounts and reports them once a year."),
        ])],
    )
    .unwrap();
    assert_eq!(out, format!("{WRAPPED}3. The treasurer keeps the\n   accounts and reports them\n   once a year.\n"));
}

#[test]
fn a_stretch_may_leave_out_whole_units_between_its_lines() {
    // The heading and lead-in quoted, items 1 and 2 left out, item 3 changed.
    let out =
        run(LIST, vec![stretch(&[('=', "4. Powers The council may: 3. Keep"), ('+', "public"), ('=', "accounts.")])])
            .unwrap();
    assert_eq!(out, LIST.replace("Keep accounts", "Keep public accounts"));
    // But not part of a unit: words that differ inside one are an error.
    let found = codes(run(LIST, vec![stretch(&[('=', "The council may: Elect a"), ('-', "chair.")])]));
    assert_eq!(found[0].0, Code::TextNotFound, "{found:?}");
}

#[test]
fn deleting_from_one_paragraph_into_the_next_joins_them() {
    // Item 2 goes as a unit; the text before and after it is deleted up to kept words inside
    // items 1 and 3, which the new text joins.
    let base = "1. Alpha one.\n\n2. Beta two.\n\n3. Gamma three.\n";
    let out = run(base, vec![stretch(&[('=', "1. Alpha"), ('-', "one. 2. Beta two. 3. Gamma"), ('=', "three.")])]);
    assert_eq!(out.unwrap(), "1. Alpha three.\n");
    // Up to a kept word that starts a unit, the break stays.
    let out = run(base, vec![stretch(&[('=', "1. Alpha"), ('-', "one. 2. Beta two."), ('=', "3. Gamma")])]);
    assert!(out.is_err(), "item 3 would be renumbered though quoted as `3.`");
    let out =
        run(base, vec![stretch(&[('=', "1. Alpha"), ('-', "one. 2. Beta two. 3."), ('+', "2."), ('=', "Gamma")])]);
    assert_eq!(out.unwrap(), "1. Alpha\n\n2. Gamma three.\n");
}

#[test]
fn line_endings_are_the_base_s() {
    let base = LIST.replace('\n', "\r\n");
    let out = run(&base, vec![stretch(&[('=', "3. Keep accounts."), ('+', "\n4. Hire staff.")])]).unwrap();
    assert_eq!(out, format!("{base}\r\n4. Hire staff.\r\n"));
}

#[test]
fn a_stretch_that_only_inserts_has_no_place() {
    let found = codes(run(LIST, vec![stretch(&[('+', "New words.")])]));
    assert_eq!(found[0].0, Code::NoInsertionPoint, "{found:?}");
}

#[test]
fn a_new_list_inside_an_item_is_numbered_as_the_base_numbers_such_lists() {
    let base = "1. Powers\n2. Members may:\n1. vote;\n2. speak.\n3. Officers are elected.\n4. Accounts are kept.\n";
    // `3.1` inside item 3, where the base's lists inside items are numbered `1.`
    let found = codes(run(base, vec![stretch(&[('=', "3. Officers are elected."), ('+', "\n3.1 The chair.")])]));
    assert_eq!(found[0].0, Code::NumberingUnclear, "{found:?}");
    assert!(found[0].1.contains("would write `1.`"), "{}", found[0].1);
    let out = run(base, vec![stretch(&[('=', "3. Officers are elected."), ('+', "\n1. The chair.")])]).unwrap();
    assert_eq!(out, base.replace("elected.\n", "elected.\n1. The chair.\n"));
}
