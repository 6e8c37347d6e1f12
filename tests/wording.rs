//! The words a person reads about each kind of change, asserted directly: the margin note of
//! the web page, the comment of CriticMarkup, the count in the legend, the preview's headings.
//! (A deletion labelled "words inserted", or a removed unit called "changed", was once caught
//! only by one large snapshot.)
// See: issue 16 (trust), part 5.

use amend::redline::Redline;
use amend::render::{self, Format, Options};
use amend::resolve::Options as Resolve;
use amend::{Outcome, Sources};

const BASE: &str = "Rules\n\n1) Name\n\n1.1 The society is called the Riverside Society.\n\n1.2 The society meets in the village hall.\n\n2) Members\n\n2.1 Anyone may join.\n\n2.2 Members pay a subscription.\n\n2.3 Members may resign.\n";

fn outcome(sheet: &str) -> (Sources, Outcome) {
    let mut sources = Sources::new();
    let b = sources.add("base.txt", BASE);
    let a = sources.add("a.amend", sheet);
    let out = amend::consolidate(&sources, b, &[a], &Resolve::default())
        .unwrap_or_else(|d| panic!("{}", amend::diagnostic::render_plain(&sources, &d)));
    (sources, out)
}

/// The notes of the web page, as text: `1 Para 1.1: words inserted.` (without the instruction).
fn notes(page: &str) -> Vec<String> {
    page.split("<span class=\"note\" role=\"note\"><b class=\"n\">")
        .skip(1)
        .map(|rest| {
            let note = &rest[..rest.find("</span>").unwrap()];
            let note = note.split(" <cite>").next().unwrap().split(" Same instruction as").next().unwrap();
            note.replace("</b>", "")
        })
        .collect()
}

/// The CriticMarkup comments.
fn comments(text: &str) -> Vec<String> {
    text.split("{>>").skip(1).map(|rest| rest[..rest.find("<<}").unwrap()].to_string()).collect()
}

#[test]
fn each_kind_of_change_is_named_for_what_it_is() {
    for (sheet, note, comment, legend) in [
        (
            "Para 1.1: AFTER “Riverside” INSERT “Allotment”.\n",
            vec!["1 Para 1.1: words inserted."],
            vec!["Para 1.1 — a.amend, line 1"],
            "1 change.",
        ),
        (
            "Para 1.2: DELETE “village”.\n",
            vec!["1 Para 1.2: words deleted."],
            vec!["Para 1.2 — a.amend, line 1"],
            "1 change.",
        ),
        (
            "Para 2.1: DELETE “Anyone”; INSERT “Every resident”.\n",
            vec!["1 Para 2.1: words replaced."],
            vec!["Para 2.1 — a.amend, line 1"],
            "1 change.",
        ),
        (
            "Para 2.2 – DELETE ALL.\n",
            vec!["1 Para 2.2 removed.", "2 Para 2.3 renumbered 2.3 → 2.2."],
            vec!["Para 2.2 removed — a.amend, line 1", "Para 2.3 renumbered — a.amend, line 1"],
            "2 changes.",
        ),
        (
            "Para 2.1: DELETE ALL; INSERT “Membership is by application.”\n",
            vec!["1 Para 2.1: text replaced."],
            vec!["Para 2.1 — a.amend, line 1"],
            "1 change.",
        ),
        (
            "Add a new paragraph after 2.1: “Applications are decided by the committee.”\n",
            // A unit the amendment adds is named by its new number.
            vec!["1 new Para 2.2.", "2 Para 2.2 renumbered 2.2 → 2.3.", "3 Para 2.3 renumbered 2.3 → 2.4."],
            vec![
                "new Para 2.2 — a.amend, line 1",
                "Para 2.2 renumbered — a.amend, line 1",
                "Para 2.3 renumbered — a.amend, line 1",
            ],
            "3 changes.",
        ),
    ] {
        let (sources, out) = outcome(sheet);
        let redline = Redline::from_outcome(&sources, &out);
        let page = render::render(&redline, Format::Html, &Options::default());
        assert_eq!(notes(&page), note, "{sheet}");
        assert!(
            page.contains(&format!(
                "inserted</ins> (deleted text is struck through, inserted text underlined). {legend}"
            )),
            "{sheet}"
        );
        let critic = render::render(&redline, Format::Critic, &Options::default());
        assert_eq!(comments(&critic)[1..], comment, "{sheet}");
        assert!(critic.lines().nth(1).unwrap().ends_with(legend), "{sheet}");
    }
}

#[test]
fn the_preview_says_a_removed_unit_is_removed() {
    let (sources, out) = outcome("Para 2.2 – DELETE ALL.\n");
    let redline = Redline::from_outcome(&sources, &out);
    let preview = amend::redline::preview::preview(&out.document, &redline, None);
    let text = amend::render::preview::render(
        &preview,
        "a.amend on base.txt",
        amend::render::preview::PreviewFormat::Plain,
        &Options::default(),
    );
    assert!(text.contains("Para 2.2\n  Instruction: a.amend, line 1: DELETE ALL\n  As it stands:\n    2.2 Members pay a subscription.\n  As it would read:\n    (removed)\n"), "{text}");
    assert!(text.ends_with("Renumbered: 2.3 → 2.2.\n"), "{text}");
}
