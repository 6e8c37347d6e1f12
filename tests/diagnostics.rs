//! Every diagnostic code, triggered by a small case and rendered as a user sees it. The
//! snapshots in `tests/snapshots/diagnostics__*.snap` are reviewed by eye: each must name the
//! file, line and column, underline the instruction, and (where the base is concerned) point
//! at the base's line and the nearest near miss.
//!
//! See: issue 5 (bad input never loses work).

use amend::resolve::Options;
use amend::source::{decode, decode_lossy};
use amend::{Code, Diagnostic, Sources, diagnostic};
use std::collections::BTreeSet;

/// A base with sections, numbered paragraphs, lettered sub-paragraphs in two places, a roman
/// heading and a list.
const BASE: &str = "\
Model Rules

1) Aims

1.1 The Alliance brings together socialists. It fights for a democratic party.

1.2 The Alliance opposes every form of oppression.

2) Structures

2.1 Anyone who supports our aims can become a signatory.

2.2 Local groups are formed by signatories. Only signatories may vote.

2.3 A local group joins by notifying the Organising Group of:

(a) its officers;

(b) its meeting arrangements.

IV) Programme

vii) Our programme includes the following demands:

* public ownership of the banks;

* full citizenship rights for all migrants.

(a) A second list starts here.
";

/// A statute whose consolidations leave a note for repealed units, citing the repealing act.
const STATUTE: &str = "\
Example Act

1 This Act may be cited as the Example Act.

2 (1) The Minister may make regulations.

(2) Regulations are published in the Gazette.

(3) Regulations made under this section are not statutory instruments.

(4) [Repealed, 2019, c. 3, s. 2]
";

/// Rules with a list whose items end in commas and a conjunction.
const LIST: &str = "Rules\n\n1 A member may\n\n(a) vote at meetings, or\n\n(b) speak at meetings;\n\n(c) stand for office.\n\n2 Meetings are open.\n";

/// Rules that call their units clauses.
const CLAUSES: &str = "Club Rules\n\n4.1 Members pay a subscription.\n\n4.2 Juniors pay half, as clause 4.1 sets.\n";

/// An act in English, as the English consolidation of a Canadian act prints it.
const ENGLISH_ACT: &str = "Widget Act\n\n1 This Act may be cited as the Widget Act.\n\n2 (1) No person shall sell a widget without a licence issued by the Minister.\n\n(2) The Minister shall give notice of the refusal of a licence to the applicant and to the registrar of the court.\n";

struct Case {
    code: Code,
    /// What the case shows, also the snapshot's name.
    name: &'static str,
    amendments: &'static [&'static [u8]],
    /// Another base than [`BASE`], where the case needs one.
    base: Option<&'static str>,
}

const CASES: &[Case] = &[
    Case {
        code: Code::BadEncoding,
        name: "latin1_amendment",
        amendments: &[b"Para 2.1: DELETE \xe2\x80\x9csignat\xf6ry\xe2\x80\x9d.\n"],
        base: None,
    },
    Case {
        code: Code::TextNotFound,
        name: "differs_in_case",
        amendments: &["Para 2.3: DELETE “organising group”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::TextNotFound,
        name: "misspelt",
        amendments: &["Para 2.1: DELETE “signatary”; INSERT “member”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::TextNotFound,
        name: "outside_the_sentence_named",
        amendments: &["Para 1.1: second sentence, DELETE “socialists”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::TextNotFound,
        name: "in_another_unit",
        amendments: &["Para 2.1: DELETE “Local groups”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::TextNotFound,
        name: "near_miss_in_another_unit",
        amendments: &["Para 2.2: DELETE “organising group”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::CountMismatch,
        name: "twice_not_once",
        amendments: &["Para 2.2: DELETE “signatories”; INSERT “members”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::UnitNotFound,
        name: "past_the_last_paragraph",
        amendments: &["Para 2.9: DELETE “x”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::UnitAmbiguous, name: "two_paragraphs_a", amendments: &["Para (a): DELETE “its”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::CheckFailed,
        name: "final_sentence_differs",
        amendments: &["Para 1.1: DELETE FINAL SENTENCE “It fights … socialism.”\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::NoInsertionPoint,
        name: "lone_insert",
        amendments: &["Para 2.1: INSERT “and pays dues”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::NoSuchPart,
        name: "no_bullets",
        amendments: &["Para 2.1: DELETE THE LAST BULLET POINT.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::Syntax,
        name: "unquoted_words",
        amendments: &["Para 2.1: DELETE signatory; INSERT “member”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::Syntax,
        name: "extra_words",
        amendments: &["Para 2.2: DELETE “signatories” – TWICE “members”\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::EmptyBlock,
        name: "the_following_and_nothing",
        amendments: &["Para 2.1: DELETE “a signatory” and INSERT the following:\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::ScopeMismatch,
        name: "no_change_to_another_unit",
        amendments: &["Para 1.2 – NO CHANGE to Para 1.1.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::Dangling,
        name: "replace_with_nothing_deleted",
        amendments: &["Para 2.1 – NO CHANGE, and replace with “a member”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::Conflict,
        name: "two_sheets_same_words",
        amendments: &[
            "Para 2.1: DELETE “signatory”; INSERT “member”.\n".as_bytes(),
            "Para 2.1: DELETE “a signatory”; INSERT “an affiliate”.\n".as_bytes(),
        ],
        base: None,
    },
    Case {
        code: Code::UnclosedQuote,
        name: "insert_left_open",
        amendments: &["Para 2.1: DELETE “signatory”; INSERT “member\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::NoFinalStop,
        name: "delete_all_after",
        amendments: &["Para 2.2: DELETE ALL AFTER “formed by”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::TitleNotScope,
        name: "amendment_title",
        amendments: &["1) Brighton Alliance\n\nPara 2.1: DELETE “signatory”; INSERT “member”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::HeadingDiffers,
        name: "wrong_heading",
        amendments: &["Section 2) Membership\n\nPara 2.1: DELETE “signatory”; INSERT “member”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::AfterFinalStop,
        name: "lower_case_at_end",
        amendments: &["Para 1.2: ADD AT END “and exploitation”\n".as_bytes()],
        base: None,
    },
    Case { code: Code::NumberCase, name: "lower_case_roman", amendments: &["Section iv – NO CHANGE.\n".as_bytes()], base: None },
    Case {
        code: Code::LabelDiffers,
        name: "replacement_numbered_viii",
        amendments: &["Delete point vii) and replace with:\n\nviii) Our programme is short.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::NoSuchLine,
        name: "line_past_the_end",
        amendments: &["Line 400: delete “socialists” insert “members”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::MissingUnit,
        name: "statement_without_a_unit",
        amendments: &["So that it reads: “The Alliance brings together members.”\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::ReadsDiffers,
        name: "statement_contradicts",
        amendments: &[
            "Para 1.2: DELETE “every form of”.\nSo that it reads: “1.2 The Alliance opposes all oppression.”\n"
                .as_bytes(),
        ],
        base: None,
    },
    Case {
        code: Code::CitedUnitAbsent,
        name: "chapter_of_the_rules",
        amendments: &[
            "Chapter 7 of the Model Rules is amended by striking “brings together socialists” and inserting “unites members”.\n"
                .as_bytes(),
        ],
        base: None,
    },
    Case {
        code: Code::PageUnchecked,
        name: "page_of_a_base_without_pages",
        amendments: &["Page 2, line 3: delete “socialists” insert “members”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::RelativeLine,
        name: "line_counted_in_the_unit",
        amendments: &["Para 1.2, line 1: delete “every form of” insert “all”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::LineIgnored,
        name: "line_from_a_printed_rulebook",
        amendments: &["Para 1.2, line 40: delete “every form of” insert “all”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::PairNowhere,
        name: "pair_that_occurs_nowhere",
        amendments: &["Changing “signatories” to “members”, and “comrade” to “member”.\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::StrayChange,
        name: "change_described_in_prose",
        amendments: &[
            "Para 1.1: DELETE “socialists”; INSERT “members”.\n\nThe branch would rather see “signatories” gone from the rules, replaced throughout.\n"
                .as_bytes(),
        ],
        base: None,
    },
    Case {
        code: Code::NothingToApply,
        name: "only_commentary",
        amendments: &[b"Amendments from the Brighton branch\n\nWe propose to tidy up the wording of the aims.\n"],
        base: None,
    },
    Case { code: Code::NothingToApply, name: "empty_file", amendments: &[b""], base: None },
    Case {
        code: Code::RepealConvention,
        name: "repeal_in_a_statute",
        amendments: &[b"1 Subsection 2(3) of the Act is repealed.\n"],
        base: Some(STATUTE),
    },
    Case {
        code: Code::ListPunctuation,
        name: "last_item_struck",
        amendments: &["1 Section 1 is amended by striking out “or” at the end of paragraph (a) and by repealing paragraphs (b) and (c).\n".as_bytes()],
        base: Some(LIST),
    },
    Case {
        code: Code::WordDiffers,
        name: "article_for_a_clause",
        amendments: &["Article 4.2: DELETE “half”; INSERT “a third”.\n".as_bytes()],
        base: Some(CLAUSES),
    },
    Case {
        code: Code::TextRunsOn,
        name: "inline_text_wrapped_at_a_sentence",
        amendments: &[b"1. Append the following as clause 4.3: Members over seventy pay no subscription.\nTheir votes count as any member's.\n2. In clause 4.1, replace \"a subscription\" with \"dues\".\n"],
        base: Some(CLAUSES),
    },
    Case {
        code: Code::NumberingUnclear,
        name: "restatement_numbers_unlike_the_base",
        amendments: &["=====\n   (b) its meeting arrangements.\n+  2.4. Two local groups may merge.\n=====\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::NumberTaken,
        name: "inserted_number_already_there",
        amendments: &["Sec. 2. Section 2 is amended by adding a new subsection (1A) to read as follows:\n“(1A) Regulations are laid before Parliament.”.\n".as_bytes()],
        base: Some(STATUTE_1A),
    },
    Case {
        code: Code::QuotesUnpaired,
        name: "a_quoted_term_left_open_in_a_quoted_block",
        amendments: &[b"Sec. 2. Section 2 is amended by adding a new subsection (5) to read as follows:\n\"(5) \"Regulations\" include rules. The term \"rules.\".\n(b) Section 1 is repealed.\n"],
        base: Some(STATUTE),
    },
    Case {
        code: Code::QuotesUnpaired,
        name: "a_quoted_block_closing_mid_line_before_another_instruction",
        amendments: &["In 1.2, replace “every form of” with “all”, so that it reads:\n\n“1.2 The Alliance opposes all oppression.”, and replace “opposes” with “fights”, so that it reads:\n\n“1.2 The Alliance fights all oppression.”\n".as_bytes()],
        base: None,
    },
    Case {
        code: Code::QuotesUnpaired,
        name: "a_straight_quoted_block_closing_where_its_sentence_goes_on",
        amendments: &[b"In 1.2, replace \"every form of\" with \"all\", so that it reads:\n\n\"1.2 The Alliance opposes all\"\nforms of oppression.\n"],
        base: None,
    },
    Case {
        code: Code::OtherVersion,
        name: "the_french_version_amended_in_an_english_base",
        amendments: &["1 The French version of subsection 2(2) of the Act is amended by replacing “notice” with “avis”.\n".as_bytes()],
        base: Some(ENGLISH_ACT),
    },
    Case {
        code: Code::VersionUnknown,
        name: "a_language_version_amended_in_a_base_too_short_to_tell",
        amendments: &["1 Subsection 2(2) of the French version of the Act is amended by replacing “Gazette” with “Gazette du Canada”.\n".as_bytes()],
        base: Some(STATUTE),
    },
];

/// A statute whose section 2 has had a subsection (1A) inserted.
const STATUTE_1A: &str = "Example Act\n\n1 This Act may be cited as the Example Act.\n\n2 (1) The Minister may make regulations.\n\n(1A) Regulations are laid before Parliament.\n\n(2) Regulations are published in the Gazette.\n";

/// Reads the case as the CLI does: files that are not text give E0001 and stop there; else
/// the errors, or the warnings of a successful run.
fn run(case: &Case) -> (Sources, Vec<Diagnostic>) {
    let mut sources = Sources::new();
    let base = sources.add("base.txt", case.base.unwrap_or(BASE));
    let mut ids = Vec::new();
    let mut unreadable = Vec::new();
    for (i, bytes) in case.amendments.iter().enumerate() {
        let name = format!("{}.amend", ["a", "b", "c"][i]);
        match decode(bytes) {
            Ok((text, _)) => ids.push(sources.add(name, text)),
            Err(e) => {
                let (text, at) = decode_lossy(bytes);
                let id = sources.add(name, text);
                unreadable.push(Diagnostic::bad_encoding(id, &e, at.unwrap()));
            }
        }
    }
    if !unreadable.is_empty() {
        return (sources, unreadable);
    }
    let diagnostics = match amend::consolidate(&sources, base, &ids, &Options::default()) {
        Ok(outcome) => outcome.warnings,
        Err(diagnostics) => diagnostics,
    };
    (sources, diagnostics)
}

#[test]
fn every_code_has_a_case_that_reads_well() {
    for case in CASES {
        let (sources, diagnostics) = run(case);
        let codes: Vec<Code> = diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(codes, [case.code], "{}: {codes:?}", case.name);
        let d = &diagnostics[0];
        assert_eq!(d.is_error(), case.code.as_str().starts_with('E'));
        // Every diagnostic points at the amendment it concerns.
        let primary = d.primary_label().expect("a primary label");
        assert!(primary.primary, "{}: the first label is primary", case.name);
        assert_ne!(primary.file, 0, "{}: primary label in the base", case.name);
        let text = sources.text(primary.file);
        assert!(primary.span.end <= text.len(), "{}", case.name);
        let rendered = diagnostic::render_plain(&sources, &diagnostics);
        insta::assert_snapshot!(format!("{}_{}", case.code, case.name), rendered);
    }
}

#[test]
fn the_cases_cover_every_code() {
    // Codes about a manifest or a history rather than one sheet: `tests/history.rs` triggers
    // them and checks what they say.
    const IN_HISTORY_TESTS: [Code; 3] = [Code::BadManifest, Code::ReferenceRenumbered, Code::ReferenceRemoved];
    // Codes retired when their warnings became errors (reader rebuild, issue 12); never emitted.
    const RETIRED: [Code; 3] = [Code::NoneToChange, Code::StrayInstruction, Code::NoInstructions];
    let covered: BTreeSet<Code> = CASES.iter().map(|c| c.code).chain(IN_HISTORY_TESTS).chain(RETIRED).collect();
    let missing: Vec<&Code> = Code::ALL.iter().filter(|c| !covered.contains(c)).collect();
    assert!(missing.is_empty(), "codes without a case: {missing:?}");
}

#[test]
fn near_misses_name_the_difference() {
    let notes = |name: &str| -> Vec<String> {
        let case = CASES.iter().find(|c| c.name == name).unwrap();
        run(case).1.remove(0).notes
    };
    assert_eq!(notes("differs_in_case"), ["did you mean “Organising Group” (line 15)? it differs in case"]);
    assert_eq!(notes("misspelt"), ["did you mean “signatory” (line 11)? it differs in spelling"]);
    assert_eq!(notes("in_another_unit"), ["“Local groups” occurs in Para 2.2"]);
    assert_eq!(
        notes("near_miss_in_another_unit"),
        ["did you mean “Organising Group” in Para 2.3 (line 15)? it differs in case"]
    );
}
