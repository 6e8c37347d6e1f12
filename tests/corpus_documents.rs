//! Facts about the real bases of the corpus (`../shared/corpus`, when present), read as the
//! document model reads them: a whole statute's outline would be too large to review as a
//! snapshot, so each test states what a reader of the published text sees.

use amend::document::{Document, Keyword, UnitId, UnitKind, Word};
use std::path::PathBuf;

/// A corpus case's base, or `None` when the corpus is not beside the repository.
fn base(case: &str) -> Option<Document> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    ["../shared/corpus", "../../shared/corpus"]
        .iter()
        .map(|c| root.join(c).join(case).join("base.txt"))
        .find(|p| p.exists())
        .map(|p| Document::parse(0, &std::fs::read_to_string(p).expect("corpus base")))
}

fn one(doc: &Document, citation: &str) -> UnitId {
    match doc.find_citation(citation).as_slice() {
        [one] => *one,
        other => panic!("{citation}: {} units", other.len()),
    }
}

fn starts(doc: &Document, id: UnitId, words: &str) {
    assert!(doc.body(id).starts_with(words), "{} reads {:?}", doc.describe(id), doc.body(id));
}

#[test]
fn regulation_paragraphs_by_section_and_letter() {
    let Some(doc) = base("ca-2024-c12-cirb-regulations-consequential") else { return };
    assert!(doc.with_number("f").len() > 5, "(f) occurs in many sections");
    let p14f = one(&doc, "14(f)");
    starts(&doc, p14f, "unfair labour practice complaints respecting the use of replacement workers");
    assert_eq!(doc.describe(p14f), "Paragraph 14(f)");
    let p41_1f = one(&doc, "41.1(f)");
    assert_eq!(doc.body(p41_1f), "a copy of the notice of dispute;");
    // `1` is section 1 and Part 1.
    let s1 = doc.find_citation("1").into_iter().find(|&u| doc.word(u) == Word::Section).unwrap();
    assert_eq!(doc.note(s1).map(|n| doc.slice(n)), Some("Interpretation"));
    let officer = doc.with_term("returning officer");
    assert_eq!(officer.len(), 1);
    assert_eq!(doc.unit(officer[0]).parent, Some(s1));
    // Repealed placeholders are units with their labels.
    let s2_2 = one(&doc, "2(2)");
    assert_eq!(doc.unit(s2_2).repealed().map(|s| doc.slice(s)), Some("[Repealed, SOR/2011-109, s. 2]"));
    for c in ["21(4)", "21(5)"] {
        assert_eq!(
            doc.unit(one(&doc, c)).repealed().map(|s| doc.slice(s)),
            Some("[Repealed, SOR/2011-109, s. 12]"),
            "{c}"
        );
    }
    assert!(doc.unit(one(&doc, "13.1")).repealed().is_some());
}

#[test]
fn act_definitions_by_term_and_schedule_to_the_end() {
    let Some(doc) = base("ca-2024-c14-chemical-weapons-schedule") else { return };
    let convention = doc.with_term("Convention");
    assert_eq!(convention.len(), 1);
    assert_eq!(doc.unit(convention[0]).kind, UnitKind::Definition);
    // `2(1)` is also in the convention that the schedule sets out; the Act's comes first.
    let s2_1 = doc.find_citation("2(1)")[0];
    assert_eq!(doc.unit(convention[0]).parent, Some(s2_1));
    assert_eq!(doc.describe(convention[0]), "the definition of “Convention” in Subsection 2(1)");
    let s2_3 = doc.find_citation("2(3)")[0];
    assert_eq!(doc.unit(s2_3).note().map(|n| doc.slice(n)), Some("Convention provisions prevail where inconsistency"));
    assert!(doc.slice(doc.unit(s2_3).span).starts_with("Convention provisions prevail"));
    let warrant = doc.find_citation("15(2)")[0];
    assert!(doc.unit(warrant).wrap_up().is_some_and(|w| doc.slice(w).starts_with("the justice may issue a warrant")));
    // The Act's schedule runs to the end: the convention's annex and schedules are inside it.
    let schedule = doc.units().find(|(_, u)| u.keyword == Some(Keyword::Schedule) && u.label.is_none()).unwrap().0;
    assert_eq!(doc.unit(schedule).span.end, doc.text().trim_end().len());
    assert!(doc.heading(schedule).is_some_and(|h| h == "(Section 2)"));
}

#[test]
fn act_section_inserted_between_numbers_and_notes_move_with_units() {
    let Some(doc) = base("ca-2024-c9-parliament-visual-artist-laureate") else { return };
    let s75 = one(&doc, "75");
    let s75_1 = one(&doc, "75.1");
    assert_eq!(doc.word(s75_1), Word::Section);
    assert_eq!(doc.unit(s75_1).parent, doc.unit(s75).parent, "75.1 is a section beside 75, not inside it");
    // A unit added after section 75 goes before the marginal note of 75.1.
    assert!(doc.text()[doc.unit(s75).span.end..].starts_with("\nParliamentary Poet Laureate\n75.1 (1)"));
    let selection = one(&doc, "75.1(2)");
    assert_eq!(doc.unit(selection).note().map(|n| doc.slice(n)), Some("Selection"));
    assert!(doc.slice(doc.unit(selection).span).starts_with("Selection\n(2) The Speaker"));
}

#[test]
fn citizenship_act_deep_nesting_and_inserted_numbers() {
    let Some(doc) = base("ca-2025-c5-citizenship-lost-canadians") else { return };
    starts(&doc, one(&doc, "3(1)(f)(i)"), "the person renounced his or her citizenship");
    let clause = one(&doc, "3(1)(f)(i)(A)");
    assert_eq!(doc.describe(clause), "Clause 3(1)(f)(i)(A)");
    // (i) after (h) is the letter; its own list starts with the numeral (i).
    starts(&doc, one(&doc, "3(1)(i)"), "the person had been a citizen other than by way of grant");
    starts(&doc, one(&doc, "3(1)(i)(i)"), "subsection 10(1) of the Citizenship Act");
    let c1 = one(&doc, "3(1)(c.1)");
    assert_eq!(doc.unit(c1).parent, Some(one(&doc, "3(1)")), "(c.1) is a paragraph beside (c)");
    assert_eq!(doc.describe(one(&doc, "3(2.1)")), "Subsection 3(2.1)");
    assert_eq!(doc.word(one(&doc, "3(1)(h)")), Word::Paragraph);
    assert!(doc.with_term("disability").iter().all(|&d| doc.unit(d).repealed().is_some()));
}

#[test]
fn statute_with_blank_lines_and_indented_definitions() {
    let Some(doc) = base("canada-2021-c7-borrowing-authority-act") else { return };
    let s2 = one(&doc, "2");
    let terms: Vec<&str> = doc.unit(s2).children.iter().filter_map(|&c| doc.term(c)).collect();
    assert_eq!(terms, ["agent corporation", "Minister"]);
    let b1 = one(&doc, "8(1)(b.1)");
    assert_eq!(doc.unit(b1).parent, Some(one(&doc, "8(1)")));
    assert_eq!(doc.unit(one(&doc, "8(2)")).note().map(|n| doc.slice(n)), Some("Subsequent triennial reports"));
    let Some(doc) = base("canada-2021-c7-apprentice-loans-act") else { return };
    let s7 = one(&doc, "7");
    assert_eq!(doc.unit(s7).note().map(|n| doc.slice(n)), Some("Special payments"));
    let group = doc.unit(s7).parent.expect("under its group heading");
    assert_eq!((doc.heading(group), doc.word(group)), (Some("Special Payments"), Word::Heading));
}

#[test]
fn code_sections_by_their_code_numbers() {
    let Some(doc) = base("dc-2024-law25-132-minimum-wage") else { return };
    let s = one(&doc, "32-1003");
    assert_eq!(doc.unit(s).keyword, Some(Keyword::Section));
    let subsections: Vec<String> =
        doc.unit(s).children.iter().filter_map(|&c| doc.unit(c).label.as_ref().map(|l| l.number.key())).collect();
    assert_eq!(&subsections[..4], ["a", "b", "c", "d"]);
    let a5a = one(&doc, "§ 32-1003(a)(5)(A)");
    starts(&doc, a5a, "Except as provided in subsection (h) of this section and subparagraph (B)");
    assert_eq!(doc.describe(a5a), "Subparagraph 32-1003(a)(5)(A)");
    assert_eq!(doc.describe(one(&doc, "32-1003(b)")), "Subsection 32-1003(b)");
    assert_eq!(doc.unit(one(&doc, "32-1003(a)(6)(B)")).repealed().map(|r| doc.slice(r)), Some("Repealed."));
    let Some(doc) = base("dc-2023-act25-296-marriage-licenses") else { return };
    let officiant = one(&doc, "46-406(a)(4)");
    assert_eq!(doc.term(officiant), Some("Temporary officiant"));
    assert_eq!(doc.unit(one(&doc, "46-406(b-1)")).parent, Some(one(&doc, "46-406")));
}

#[test]
fn bylaws_title_lines_and_rendered_lists() {
    let Some(doc) = base("ccs-coop-2023-member-resignation") else { return };
    let resignation = doc.with_title("Member Resignation");
    assert_eq!(resignation.len(), 1);
    let paragraphs = &doc.unit(resignation[0]).children;
    assert_eq!(paragraphs.len(), 1);
    starts(&doc, paragraphs[0], "A member shall have the right to resign");
    let options = doc.with_title("Payment Options")[0];
    let task = doc.children_numbered(Some(options), "1").next().expect("1) under Payment Options");
    assert_eq!(doc.children_numbered(Some(task), "a").count(), 1, "the sub-point under the task");
    assert_eq!(doc.children_numbered(Some(options), "2").count(), 1);
    assert_eq!(doc.with_title("Definitions").len(), 1, "the table of contents is not a heading");
}

#[test]
fn constitution_from_html_nested_lists() {
    let Some(doc) = base("debian-2003-gr-foundation-documents") else { return };
    let item = one(&doc, "4.1(5)");
    assert_eq!(doc.body(item), "Issue nontechnical policy documents and statements.");
    assert_eq!(doc.unit(item).children.len(), 2, "the two paragraphs under the item");
    assert_eq!(doc.describe(item), "Section 4.1(5)");
    starts(&doc, one(&doc, "4.2(2)(5)"), "If the Project Leader (or the Delegate) withdraws");
    starts(&doc, one(&doc, "4.2(3)"), "Votes are taken by the Project Secretary");
    let Some(doc) = base("srcf-2020-egm-constitution") else { return };
    let meetings = one(&doc, "4");
    assert_eq!(doc.unit(one(&doc, "4.1")).parent, Some(meetings));
}

#[test]
fn nomic_rulesets_by_title_and_number() {
    let Some(doc) = base("quonauts4-2019-proposals-31-38") else { return };
    let polls = doc.with_title("Polls");
    assert_eq!(polls.len(), 1, "the contents entry is not the section");
    assert!(matches!(doc.unit(polls[0]).kind, UnitKind::Heading { .. }));
    let channels = doc.with_title("channels")[0];
    let subsections: Vec<&str> = doc.unit(channels).children.iter().filter_map(|&c| doc.heading(c)).collect();
    assert_eq!(subsections, ["#general", "#polls", "#proposals", "#rules"]);
    let Some(doc) = base("infinite-nomic-2020-proposals-26-33") else { return };
    let combo = doc.with_title("Legislative Combo")[0];
    assert_eq!(one(&doc, "8"), combo);
    assert_eq!(doc.with_title("Factories and Modules").len(), 1);
}
