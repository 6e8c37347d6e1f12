//! Word documents: reading numbering, writing tracked changes, round trips.

mod support;

use amend::docx::{self, DocxBase, Revision, View};
use amend::resolve::Options;
use amend::{Outcome, Sources};
use support::*;

/// Applies the LLA amendments to a base read from `base`, returning the outcome.
fn consolidate(base_text: &str, amendments: &str) -> (Sources, Outcome) {
    let mut sources = Sources::new();
    let base = sources.add("base.docx", base_text);
    let a = sources.add("amendments.amend", amendments);
    let outcome = amend::consolidate(&sources, base, &[a], &Options::default())
        .unwrap_or_else(|d| panic!("{}", amend::diagnostic::render_plain(&sources, &d)));
    (sources, outcome)
}

fn revisions() -> Vec<Revision> {
    vec![Revision { author: "Labour Party Marxists".into(), date: Some("2020-11-21T00:00:00Z".into()) }]
}

#[test]
fn lla_docx_reads_as_the_text_base() {
    let bytes = lla_docx();
    save("lla_base.docx", &bytes);
    let base = docx::read(&bytes).unwrap();
    assert_eq!(base.paragraphs(), lines(&fixture("fixtures/lla_constitution/base.txt")));
    // Headings get Markdown marks; list items of one level follow line by line.
    assert!(base.text().contains("\n\n# 2) Structures\n\n2.1 Anyone who supports our aims"), "{}", base.text());
    assert!(base.text().contains(".\n2.2 Local groups"), "{}", base.text());
}

#[test]
fn lla_redline_tracks_every_change() {
    let base = docx::read(&lla_docx()).unwrap();
    let (_, out) = consolidate(base.text(), &fixture("fixtures/lla_constitution/amendments.amend"));
    let bytes = checked(base.redline(&out.document, &out.edits, &revisions()).unwrap());
    save("lla_redline.docx", &bytes);
    assert_eq!(
        docx::paragraphs(&bytes, View::Rejected).unwrap(),
        lines(&fixture("fixtures/lla_constitution/base.txt")),
        "with every change rejected"
    );
    assert_eq!(
        docx::paragraphs(&bytes, View::Accepted).unwrap(),
        lines(&fixture("fixtures/lla_constitution/expected.txt")),
        "with every change accepted"
    );
    assert_eq!(base.first_difference(&bytes, &out.text).unwrap(), None);
}

#[test]
fn lla_consolidated_docx() {
    let base = docx::read(&lla_docx()).unwrap();
    let (_, out) = consolidate(base.text(), &fixture("fixtures/lla_constitution/amendments.amend"));
    let bytes = checked(base.consolidated(&out.document, &out.edits).unwrap());
    save("lla_consolidated.docx", &bytes);
    let doc = part(&bytes, "word/document.xml");
    assert!(!doc.contains("<w:ins ") && !doc.contains("<w:del "), "{doc}");
    assert_eq!(
        docx::paragraphs(&bytes, View::Accepted).unwrap(),
        lines(&fixture("fixtures/lla_constitution/expected.txt"))
    );
}

#[test]
fn text_base_redline() {
    let text = fixture("fixtures/lla_constitution/base.txt");
    let (_, out) = consolidate(&text, &fixture("fixtures/lla_constitution/amendments.amend"));
    let base = DocxBase::from_text(&out.document);
    let bytes = checked(base.redline(&out.document, &out.edits, &revisions()).unwrap());
    assert_eq!(docx::paragraphs(&bytes, View::Rejected).unwrap(), lines(&text));
    assert_eq!(
        docx::paragraphs(&bytes, View::Accepted).unwrap(),
        lines(&fixture("fixtures/lla_constitution/expected.txt"))
    );
}

#[test]
fn a_deletion_after_a_generated_number_leaves_no_leading_space() {
    let base = docx::read(&lla_docx()).unwrap();
    let (_, out) = consolidate(base.text(), &fixture("fixtures/lla_constitution/amendments.amend"));
    let bytes = checked(base.consolidated(&out.document, &out.edits).unwrap());
    let doc = part(&bytes, "word/document.xml");
    assert!(doc.contains(">Steering Committee</w:t>"), "{doc}");
}

/// A constitution numbered by Word at three levels (`1)`, `1.1`, `(a)`), none of the numbers
/// in the text.
fn three_level_docx() -> Vec<u8> {
    let h = |t: &str| para(Some("Heading1"), None, &[(t, false)]);
    let c = |t: &str| para(Some("Clause"), None, &[(t, false)]);
    let s = |t: &str| para(Some("SubClause"), None, &[(t, false)]);
    let body = [
        para(Some("Title"), None, &[("Rules of the Example Society", false)]),
        h("Name"),
        c("The society is called the Example Society."),
        h("Members"),
        c("Membership is open to everyone who supports the aims:"),
        s("members pay a subscription;"),
        s("members may vote at general meetings;"),
        s("members may stand for office."),
        c("The committee keeps a list of members:"),
        s("the list is kept confidential."),
        h("Meetings"),
        c("The annual general meeting is held every spring."),
    ]
    .concat();
    docx(&body)
}

const THREE_LEVEL_TEXT: &str = "Rules of the Example Society

# 1) Name

1.1 The society is called the Example Society.

# 2) Members

2.1 Membership is open to everyone who supports the aims:

(a) members pay a subscription;
(b) members may vote at general meetings;
(c) members may stand for office.

2.2 The committee keeps a list of members:

(a) the list is kept confidential.

# 3) Meetings

3.1 The annual general meeting is held every spring.
";

const THREE_LEVEL_AMENDMENTS: &str = "Para (b): DELETE ALL.
Para (c): DELETE “stand for office”; INSERT “be elected to the committee”.
Para 1.1 – NO CHANGE.
INSERT “The society is a members' association.”
";

#[test]
fn three_level_numbering_is_read_as_word_shows_it() {
    let base = docx::read(&three_level_docx()).unwrap();
    assert_eq!(base.text(), THREE_LEVEL_TEXT);
    let doc = amend::document::Document::parse(0, base.text());
    let b = doc.with_number("b");
    assert_eq!(b.len(), 1);
    assert_eq!(doc.describe(doc.unit(b[0]).parent.unwrap()), "Para 2.1");
    assert_eq!(doc.with_number("a").len(), 2, "(a) restarts under 2.2");
}

#[test]
fn three_level_redline_lets_word_renumber() {
    let bytes = three_level_docx();
    let base = docx::read(&bytes).unwrap();
    let (_, out) = consolidate(base.text(), THREE_LEVEL_AMENDMENTS);
    let red = checked(base.redline(&out.document, &out.edits, &revisions()).unwrap());
    save("three_level_redline.docx", &red);
    assert_eq!(docx::paragraphs(&red, View::Rejected).unwrap(), docx::paragraphs(&bytes, View::Accepted).unwrap());
    assert_eq!(
        docx::paragraphs(&red, View::Accepted).unwrap(),
        [
            "Rules of the Example Society",
            "1) Name",
            "1.1 The society is called the Example Society.",
            "1.2 The society is a members' association.",
            "2) Members",
            "2.1 Membership is open to everyone who supports the aims:",
            "(a) members pay a subscription;",
            "(b) members may be elected to the committee.",
            "2.2 The committee keeps a list of members:",
            "(a) the list is kept confidential.",
            "3) Meetings",
            "3.1 The annual general meeting is held every spring.",
        ]
    );
    assert_eq!(base.first_difference(&red, &out.text).unwrap(), None);
    // The removed sub-clause goes whole: its text and its paragraph mark are deleted.
    let xml = part(&red, "word/document.xml");
    let removed = xml
        .split("<w:p>")
        .chain(xml.split("<w:p "))
        .find(|p| p.contains("members may vote at general meetings"))
        .unwrap();
    assert!(removed.contains("<w:rPr><w:del "), "{removed}");
    // The new clause is a paragraph of its own, inserted, in the Clause style.
    assert!(xml.contains("<w:p><w:pPr><w:pStyle w:val=\"Clause\"/><w:rPr><w:ins "), "{xml}");
}

#[test]
fn numbers_word_cannot_keep_are_reported() {
    let base = docx::read(&three_level_docx()).unwrap();
    let mut sources = Sources::new();
    let b = sources.add("base.docx", base.text());
    let a = sources.add("a.amend", THREE_LEVEL_AMENDMENTS);
    let out = amend::consolidate(&sources, b, &[a], &Options { renumber: false, ..Options::default() }).unwrap();
    assert!(out.text.contains("1.1A The society"), "{}", out.text);
    let clean = checked(base.consolidated(&out.document, &out.edits).unwrap());
    let (got, want) = base.first_difference(&clean, &out.text).unwrap().unwrap();
    assert_eq!(got, "1.2 The society is a members' association.");
    assert_eq!(want, "1.1A The society is a members' association.");
}

#[test]
fn styles_numbering_and_untouched_paragraphs_survive() {
    let bytes = three_level_docx();
    let base = docx::read(&bytes).unwrap();
    let (_, out) = consolidate(base.text(), THREE_LEVEL_AMENDMENTS);
    let before = part(&bytes, "word/document.xml");
    for written in [
        checked(base.redline(&out.document, &out.edits, &revisions()).unwrap()),
        checked(base.consolidated(&out.document, &out.edits).unwrap()),
    ] {
        for name in ["word/styles.xml", "word/numbering.xml", "[Content_Types].xml"] {
            assert_eq!(part(&written, name), part(&bytes, name), "{name}");
        }
        let after = part(&written, "word/document.xml");
        // Every paragraph no edit touched is there byte for byte.
        for untouched in [
            "Rules of the Example Society",
            "members pay a subscription;",
            "Meetings",
            "the list is kept confidential.",
        ] {
            let p = before.split_inclusive("</w:p>").find(|p| p.contains(untouched)).unwrap();
            let p = &p[p.find("<w:p ").unwrap()..];
            assert!(after.contains(p), "{untouched} changed:\n{after}");
        }
        // So is everything around the body's paragraphs.
        assert!(after.ends_with(&before[before.find("<w:sectPr>").unwrap()..]));
    }
    // With nothing to change, the document part comes back unchanged.
    let none = checked(base.redline(&out.document, &[], &revisions()).unwrap());
    assert_eq!(part(&none, "word/document.xml"), before);
}

#[test]
fn earlier_tracked_changes_are_read_accepted_and_not_edited_over() {
    let body = [
        para(Some("Clause"), None, &[("Members pay a subscription.", false)]),
        "<w:p><w:pPr><w:pStyle w:val=\"Clause\"/></w:pPr><w:r><w:t xml:space=\"preserve\">Only </w:t></w:r><w:del w:id=\"7\" w:author=\"A\"><w:r><w:delText>signatories</w:delText></w:r></w:del><w:ins w:id=\"8\" w:author=\"A\"><w:r><w:t>members</w:t></w:r></w:ins><w:r><w:t xml:space=\"preserve\"> may vote.</w:t></w:r></w:p>".to_string(),
    ]
    .concat();
    let bytes = docx(&body);
    let base = docx::read(&bytes).unwrap();
    assert_eq!(base.paragraphs(), ["1.1 Members pay a subscription.", "1.2 Only members may vote."]);
    assert_eq!(docx::paragraphs(&bytes, View::Rejected).unwrap()[1], "1.2 Only signatories may vote.");
    let (_, ok) = consolidate(base.text(), "Para 1.1: DELETE “a subscription”; INSERT “dues”.\n");
    let red = checked(base.redline(&ok.document, &ok.edits, &revisions()).unwrap());
    assert_eq!(docx::paragraphs(&red, View::Accepted).unwrap()[0], "1.1 Members pay dues.");
    // The earlier revision (and its id) is still there, and new ids do not clash with it.
    let xml = part(&red, "word/document.xml");
    assert!(xml.contains("<w:del w:id=\"7\" w:author=\"A\">"));
    assert!(!xml.contains("w:id=\"8\" w:author=\"Labour"), "{xml}");
    let (_, over) = consolidate(base.text(), "Para 1.2: DELETE “members”; INSERT “voters”.\n");
    let err = base.redline(&over.document, &over.edits, &revisions()).unwrap_err();
    assert!(err.to_string().contains("already has tracked changes"), "{err}");
}

#[test]
fn paragraphs_in_tables_are_read_and_edited() {
    let cell = para(None, None, &[("Signed for the signatories by the Secretary.", false)]);
    let body = format!(
        "{}<w:tbl><w:tblPr/><w:tblGrid><w:gridCol w:w=\"5000\"/></w:tblGrid><w:tr><w:tc><w:tcPr/>{cell}</w:tc></w:tr></w:tbl>{}",
        para(Some("Clause"), None, &[("The rules bind every signatory.", false)]),
        para(None, None, &[("", false)]),
    );
    let bytes = docx(&body);
    let base = docx::read(&bytes).unwrap();
    assert_eq!(
        base.paragraphs(),
        ["1.1 The rules bind every signatory.", "Signed for the signatories by the Secretary."]
    );
    let (_, out) = consolidate(base.text(), "DELETE “signatories”; INSERT “members”.\n");
    let red = checked(base.redline(&out.document, &out.edits, &revisions()).unwrap());
    assert_eq!(docx::paragraphs(&red, View::Accepted).unwrap()[1], "Signed for the members by the Secretary.");
    let xml = part(&red, "word/document.xml");
    // The empty paragraph after the table stays there, outside the cell.
    assert!(xml.contains("</w:p></w:tc></w:tr></w:tbl><w:p w:rsidR=\"00A1B2C3\"><w:r><w:t xml:space=\"preserve\"></w:t></w:r></w:p><w:sectPr>"), "{xml}");
}

#[test]
fn a_heading_style_on_a_whole_clause_is_a_numbered_paragraph() {
    let body = [
        para(Some("Heading1"), None, &[("Membership", false)]),
        para(Some("Heading1"), None, &[("Anyone who supports the aims may join the society.", false)]),
    ]
    .concat();
    let base = docx::read(&docx(&body)).unwrap();
    assert_eq!(base.text(), "# 1) Membership\n\n2) Anyone who supports the aims may join the society.\n");
}

mod any_edits {
    //! Whatever the edits, the tracked changes hold the base (all rejected) and the
    //! consolidated text (all accepted), and the clean document holds the consolidated text.
    use super::*;
    use amend::document::Document;
    use amend::resolve::{Edit, EditKind, Origin};
    use amend::source::Span;
    use proptest::prelude::*;

    fn words(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    fn base_text() -> impl Strategy<Value = String> {
        let word = prop::sample::select(vec!["members", "2.1", "(a)", "the", "OG", "vote.", "•"]);
        let line = prop::collection::vec(word, 1..6).prop_map(|w| w.join(" "));
        let sep = prop::sample::select(vec!["\n", "\n\n"]);
        prop::collection::vec((line, sep), 1..7).prop_map(|lines| {
            let mut s: String = lines.iter().map(|(l, sep)| format!("{l}{sep}")).collect();
            s.truncate(s.trim_end().len());
            s.push('\n');
            s
        })
    }

    fn case() -> impl Strategy<Value = (String, Vec<(usize, usize, String)>)> {
        base_text().prop_flat_map(|text| {
            let len = text.len();
            let new = prop::sample::select(vec!["", "SC", "new words", "x\n\ny", "\n\nadded", "z\n"]);
            let edit = (0..=len, 0..6usize, new.prop_map(str::to_string));
            (Just(text), prop::collection::vec(edit, 0..5))
        })
    }

    fn edits(text: &str, raw: &[(usize, usize, String)]) -> Vec<Edit> {
        let mut spans: Vec<(usize, usize, String)> = raw
            .iter()
            .map(|(s, l, t)| (*s, (*s + *l).min(text.len()), t.clone()))
            .filter(|(s, e, _)| text.is_char_boundary(*s) && text.is_char_boundary(*e))
            .collect();
        spans.sort_by_key(|(s, e, _)| (*s, *e));
        let mut out: Vec<Edit> = Vec::new();
        let mut end = 0;
        for (s, e, t) in spans {
            if s < end || (s == end && !out.is_empty() && s == e) {
                continue;
            }
            end = e;
            out.push(Edit {
                range: Span::new(s, e),
                text: t,
                kind: EditKind::Text,
                origin: Origin { amendment: 0, file: 1, span: Span::default() },
                unit: None,
            });
        }
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn views_hold_base_and_result((text, raw) in case()) {
            let doc = Document::parse(0, &text);
            let edits = edits(&text, &raw);
            let result = amend::apply::apply(&text, &edits);
            let base = DocxBase::from_text(&doc);
            let red = checked(base.redline(&doc, &edits, &revisions()).unwrap());
            prop_assert_eq!(words(&docx::text_in(&red, View::Rejected).unwrap()), words(&text));
            prop_assert_eq!(words(&docx::text_in(&red, View::Accepted).unwrap()), words(&result));
            let clean = checked(base.consolidated(&doc, &edits).unwrap());
            prop_assert_eq!(words(&docx::text_in(&clean, View::Accepted).unwrap()), words(&result));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]
        /// On a Word base with automatic numbering, rejecting every change gives the base back,
        /// whatever the edits (even those Word's numbering cannot show).
        #[test]
        fn a_numbered_base_comes_back_when_changes_are_rejected(
            raw in prop::collection::vec((0..THREE_LEVEL_TEXT.len(), 0..8usize, prop::sample::select(vec!["", "SC", "x\n\ny", "\n\n2.2 added"]).prop_map(str::to_string)), 0..5)
        ) {
            let bytes = three_level_docx();
            let base = docx::read(&bytes).unwrap();
            let doc = Document::parse(0, base.text());
            let edits = edits(base.text(), &raw);
            let red = checked(base.redline(&doc, &edits, &revisions()).unwrap());
            prop_assert_eq!(
                docx::paragraphs(&red, View::Rejected).unwrap(),
                docx::paragraphs(&bytes, View::Accepted).unwrap()
            );
        }
    }
}
