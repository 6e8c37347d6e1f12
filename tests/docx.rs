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
    vec![Revision {
        author: "Labour Party Marxists".into(),
        date: Some("2020-11-21T00:00:00Z".into()),
    }]
}

#[test]
fn lla_docx_reads_as_the_text_base() {
    let bytes = lla_docx();
    save("lla_base.docx", &bytes);
    let base = docx::read(&bytes).unwrap();
    assert_eq!(
        base.paragraphs(),
        lines(&fixture("fixtures/lla_constitution/base.txt"))
    );
    // Headings get Markdown marks; list items of one level follow line by line.
    assert!(
        base.text()
            .contains("\n\n# 2) Structures\n\n2.1 Anyone who supports our aims"),
        "{}",
        base.text()
    );
    assert!(
        base.text().contains(".\n2.2 Local groups"),
        "{}",
        base.text()
    );
}

#[test]
fn lla_redline_tracks_every_change() {
    let base = docx::read(&lla_docx()).unwrap();
    let (_, out) = consolidate(
        base.text(),
        &fixture("fixtures/lla_constitution/amendments.amend"),
    );
    let bytes = base
        .redline(&out.document, &out.edits, &revisions())
        .unwrap();
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
    let (_, out) = consolidate(
        base.text(),
        &fixture("fixtures/lla_constitution/amendments.amend"),
    );
    let bytes = base.consolidated(&out.document, &out.edits).unwrap();
    save("lla_consolidated.docx", &bytes);
    let doc = part(&bytes, "word/document.xml");
    assert!(
        !doc.contains("<w:ins ") && !doc.contains("<w:del "),
        "{doc}"
    );
    assert_eq!(
        docx::paragraphs(&bytes, View::Accepted).unwrap(),
        lines(&fixture("fixtures/lla_constitution/expected.txt"))
    );
}

#[test]
fn text_base_redline() {
    let text = fixture("fixtures/lla_constitution/base.txt");
    let (_, out) = consolidate(
        &text,
        &fixture("fixtures/lla_constitution/amendments.amend"),
    );
    let base = DocxBase::from_text(&out.document);
    let bytes = base
        .redline(&out.document, &out.edits, &revisions())
        .unwrap();
    assert_eq!(
        docx::paragraphs(&bytes, View::Rejected).unwrap(),
        lines(&text)
    );
    assert_eq!(
        docx::paragraphs(&bytes, View::Accepted).unwrap(),
        lines(&fixture("fixtures/lla_constitution/expected.txt"))
    );
}

#[test]
fn a_deletion_after_a_generated_number_leaves_no_leading_space() {
    let base = docx::read(&lla_docx()).unwrap();
    let (_, out) = consolidate(
        base.text(),
        &fixture("fixtures/lla_constitution/amendments.amend"),
    );
    let bytes = base.consolidated(&out.document, &out.edits).unwrap();
    let doc = part(&bytes, "word/document.xml");
    assert!(doc.contains(">Steering Committee</w:t>"), "{doc}");
}
