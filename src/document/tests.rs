//! The document model on small texts, one layout at a time.

use super::*;

fn outline(text: &str) -> String {
    Document::parse(0, text).outline()
}

#[test]
fn sections_and_dotted_paragraphs() {
    let doc = Document::parse(
        0,
        "Title line\n\n1) Aims\n\n1.1 First.\n\n1.2 Second\nwrapped.\n\n2) Structures\n\n2.1 Third.\n",
    );
    let out = doc.outline();
    assert!(out.contains("heading  1)  Aims"), "{out}");
    assert!(out.contains("para       1.2  Second wrapped."), "{out}");
    let s2 = doc.with_number("2")[0];
    assert_eq!(doc.heading(s2), Some("Structures"));
    let p21 = doc.with_number("2.1")[0];
    assert_eq!(doc.unit(p21).parent, Some(s2));
    assert_eq!(doc.body(doc.with_number("1.2")[0]), "Second\nwrapped.");
}

#[test]
fn letters_romans_and_bullets_nest() {
    let text = "(a) one\n(b) two:\n(i) sub one\n(ii) sub two\n(c) three\n(h) eight\n(i) nine\n\nvii) Our programme:\n\n* first\n\n* second\n\nviii) Next.\n";
    let doc = Document::parse(0, text);
    let b = doc.with_number("b")[0];
    let i_ids = doc.with_number("i");
    assert_eq!(i_ids.len(), 2);
    assert_eq!(doc.unit(i_ids[0]).parent, Some(b), "(i) after (b) is a roman child");
    assert_eq!(doc.unit(i_ids[1]).parent, None, "(i) after (h) is the letter i");
    let vii = doc.with_number("vii")[0];
    assert_eq!(doc.unit(vii).children.len(), 2);
    assert_eq!(doc.unit(doc.unit(vii).children[1]).kind, UnitKind::Item);
    assert!(doc.slice(doc.unit(vii).span).ends_with("* second"));
}

#[test]
fn keyword_and_markdown_headings() {
    let doc = Document::parse(
        0,
        "# Rules\n\n## Article IV – Officers\n\nSection 2. Duties\n\nText.\n\nAppendix: Founding appeal\n\nWe sign.\n",
    );
    let article = doc.with_number("IV")[0];
    assert_eq!(doc.unit(article).keyword, Some(Keyword::Article));
    assert_eq!(doc.heading(article), Some("Officers"));
    let rules = doc.unit(article).parent.expect("inside # Rules");
    assert_eq!(doc.heading(rules), Some("Rules"));
    let section = doc.with_number("2")[0];
    assert_eq!(doc.unit(section).parent, Some(article), "{}", doc.outline());
    let appendix = doc.units().find(|(_, u)| u.keyword == Some(Keyword::Appendix)).unwrap().0;
    assert_eq!(doc.unit(appendix).parent, None, "an appendix closes every section");
    assert_eq!(doc.heading(appendix), Some("Founding appeal"));
    // `Section 4 of the Act …` only mentions a section.
    let out = outline("Section 4 of the Act applies to members.\n");
    assert!(out.contains("text"), "{out}");
}

#[test]
fn bare_numbered_titles_need_numbered_paragraphs() {
    let doc = Document::parse(0, "28 Acts of the Scottish Parliament.\n\n(1) Subject to section 29, laws.\n");
    let s28 = doc.with_number("28")[0];
    assert_eq!(doc.heading(s28), Some("Acts of the Scottish Parliament."));
    assert_eq!(doc.unit(doc.with_number("1")[0]).parent, Some(s28));
    let doc = Document::parse(0, "2010 was a year.\n\n100 Members attended.\n");
    assert!(doc.units().all(|(_, u)| u.kind == UnitKind::Text), "{}", doc.outline());
}

#[test]
fn chained_labels_open_nested_units() {
    let doc = Document::parse(0, "(a) First.\n\n(b)(1) Copies shall—\n\n(A) not be sold;\n\n(2) Second.\n");
    let b = doc.with_number("b")[0];
    let one = doc.with_number("1")[0];
    let two = doc.with_number("2")[0];
    assert_eq!(doc.unit(one).parent, Some(b));
    assert_eq!(doc.unit(two).parent, Some(b), "{}", doc.outline());
    assert_eq!(doc.unit(doc.with_number("A")[0]).parent, Some(one));
    assert_eq!(doc.body(one), "Copies shall—");
}

#[test]
fn list_runs_are_not_headings() {
    let doc = Document::parse(
        0,
        "vii) Programme:\n\n  1. Socialise banks\n  2. Tax wealth\n\n1. First item\n2. Second item\n",
    );
    assert!(doc.units().all(|(_, u)| !matches!(u.kind, UnitKind::Heading { .. })), "{}", doc.outline());
}

#[test]
fn crlf_and_bom() {
    let doc = Document::parse(0, "\u{FEFF}1) Aims\r\n\r\n1.1 Text\r\nmore.\r\n");
    assert_eq!(doc.line_ending(), LineEnding::CrLf);
    assert_eq!(doc.body(doc.with_number("1.1")[0]), "Text\r\nmore.");
    assert_eq!(doc.heading(doc.with_number("1")[0]), Some("Aims"));
}

#[test]
fn sentences_of_a_paragraph() {
    let doc = Document::parse(
        0,
        "3.6 Any ten members may table a motion. Should the movers be unhappy, e.g. with a ruling, they may appeal.\n",
    );
    let id = doc.with_number("3.6")[0];
    let s: Vec<&str> = doc.sentences(id).into_iter().map(|s| doc.slice(s)).collect();
    assert_eq!(
        s,
        ["Any ten members may table a motion.", "Should the movers be unhappy, e.g. with a ruling, they may appeal."]
    );
}

/// The one unit a citation names.
fn cited(doc: &Document, citation: &str) -> UnitId {
    match doc.find_citation(citation).as_slice() {
        [one] => *one,
        other => panic!("{citation}: {} units\n{}", other.len(), doc.outline()),
    }
}

fn text_of(doc: &Document, span: Option<Span>) -> Option<&str> {
    span.map(|s| doc.slice(s))
}

const ACT: &str = "\
Short Title
Name of this Act
1 This Act may be cited as the Harbour Pilots Act, and it applies to every port in the province.
Interpretation
Meanings
2 (1) In this Act,
harbour means the waters of a port; (port)
pilot includes an apprentice pilot; (pilote)
licence[Repealed, 2020, c. 3, s. 1]
Words in other Acts
(2) Other words have the meaning they have in the Shipping Act.
(2.1) A harbour includes its approaches.
(3) [Repealed, 2019, c. 2, s. 4]
(4) and (5) [Repealed, 2018, c. 1, s. 2]
PART 1
Licences
Issue of licences
3 The Authority may issue a licence to a person who
(a) has served as an apprentice for
(i) two years, or
(ii) one year at sea, or
(b) holds a certificate of competency,
if the person pays the fee.
3.1 A licence expires after five years.
";

#[test]
fn statute_notes_groups_and_sections() {
    let doc = Document::parse(0, ACT);
    // `1` is both section 1 and Part 1.
    assert_eq!(doc.find_citation("1").len(), 2);
    let s1 = doc.find_citation("1").into_iter().find(|&u| doc.word(u) == Word::Section).unwrap();
    assert_eq!(doc.word(s1), Word::Section);
    assert_eq!(text_of(&doc, doc.unit(s1).note()), Some("Name of this Act"));
    assert!(doc.slice(doc.unit(s1).span).starts_with("Name of this Act\n1 This Act"), "the unit starts at its note");
    let group = doc.unit(s1).parent.expect("inside its group heading");
    assert_eq!((doc.heading(group), doc.word(group)), (Some("Short Title"), Word::Heading));
    assert_eq!(doc.describe(group), "the heading “Short Title”");
    // Inserting after section 1 goes before the next group heading.
    assert!(doc.text()[doc.unit(s1).span.end..].starts_with("\nInterpretation\nMeanings\n2 (1)"));
    let s2 = cited(&doc, "2");
    assert_eq!(text_of(&doc, doc.note(s2)), Some("Meanings"));
    assert!(doc.lead_in(s2).is_empty(), "section 2 opens subsection (1) on its line");
    let s2_1 = cited(&doc, "2(1)");
    assert_eq!(doc.unit(s2_1).parent, Some(s2));
    assert_eq!(text_of(&doc, doc.note(s2_1)), Some("Meanings"), "the note of the line is its first unit's too");
    assert_eq!(doc.slice(doc.lead_in(s2_1)), "In this Act,");
    assert_eq!(doc.describe(s2_1), "Subsection 2(1)");
    assert_eq!(doc.describe(cited(&doc, "2(2.1)")), "Subsection 2(2.1)");
}

#[test]
fn statute_definitions_and_repealed_units() {
    let doc = Document::parse(0, ACT);
    let s2_1 = cited(&doc, "2(1)");
    let terms: Vec<&str> = doc.unit(s2_1).children.iter().filter_map(|&c| doc.term(c)).collect();
    assert_eq!(terms, ["harbour", "pilot", "licence"]);
    let pilot = doc.with_term("Pilot")[0];
    assert_eq!((doc.unit(pilot).kind, doc.unit(pilot).parent), (UnitKind::Definition, Some(s2_1)));
    assert_eq!(doc.describe(pilot), "the definition of “pilot” in Subsection 2(1)");
    let licence = doc.with_term("licence")[0];
    assert_eq!(text_of(&doc, doc.unit(licence).repealed()), Some("[Repealed, 2020, c. 3, s. 1]"));
    let s2_2 = cited(&doc, "2(2)");
    assert_eq!(text_of(&doc, doc.unit(s2_2).note()), Some("Words in other Acts"));
    assert_eq!(text_of(&doc, doc.unit(cited(&doc, "2(3)")).repealed()), Some("[Repealed, 2019, c. 2, s. 4]"));
    let (four, five) = (cited(&doc, "2(4)"), cited(&doc, "2(5)"));
    assert_eq!(doc.slice(doc.unit(four).span), "(4) and ");
    assert_eq!(doc.slice(doc.unit(five).span), "(5) [Repealed, 2018, c. 1, s. 2]");
    assert_eq!(doc.unit(four).repealed(), doc.unit(five).repealed());
}

#[test]
fn statute_lists_and_wrap_ups() {
    let doc = Document::parse(0, ACT);
    let part = doc.with_number("1").iter().copied().find(|&u| doc.unit(u).keyword == Some(Keyword::Part)).unwrap();
    assert_eq!(doc.heading(part), Some("Licences"), "a part's title is on the line below it");
    let s3 = cited(&doc, "3");
    assert_eq!(doc.unit(s3).parent, Some(part));
    assert_eq!(text_of(&doc, doc.unit(s3).note()), Some("Issue of licences"));
    assert_eq!(doc.slice(doc.lead_in(s3)), "The Authority may issue a licence to a person who");
    assert_eq!(text_of(&doc, doc.unit(s3).wrap_up()), Some("if the person pays the fee."));
    let b = cited(&doc, "3(b)");
    assert_eq!(doc.describe(b), "Paragraph 3(b)");
    assert_eq!(doc.describe(cited(&doc, "3(a)(ii)")), "Subparagraph 3(a)(ii)");
    assert!(doc.unit(b).wrap_up().is_none());
    // The wrap-up is the last child of the section, after the list.
    assert_eq!(doc.unit(*doc.unit(s3).children.last().unwrap()).kind, UnitKind::Text);
    let s3_1 = cited(&doc, "3.1");
    assert_eq!((doc.unit(s3_1).parent, doc.describe(s3_1).as_str()), (Some(part), "Section 3.1"));
    assert_eq!(doc.children_numbered(Some(s3), "b").collect::<Vec<_>>(), [b]);
    assert_eq!(doc.subtree(s3), s3.0..s3_1.0);
}

#[test]
fn code_sections() {
    let doc = Document::parse(
        0,
        "Chapter 3. Parks.\n§ 12-101. Definitions.\nFor the purposes of this chapter:\n\
         (1) The term “park” means any public ground in the District, whatever its size or use.\n\
         (1A) \"Ranger\" means an officer of the park service.\n(2) Repealed.\n§ 12-102. Hours.\n\
         (a)(1) Parks open at dawn.\n(2) Parks close at dusk.\n(b) The Mayor may vary the hours.\n",
    );
    let s = cited(&doc, "§ 12-101");
    assert_eq!(doc.describe(s), "Section 12-101 (Definitions)");
    let ranger = cited(&doc, "12-101(1A)");
    assert_eq!(doc.term(ranger), Some("Ranger"));
    assert_eq!(doc.with_term("park"), [cited(&doc, "12-101(1)")]);
    assert_eq!(text_of(&doc, doc.unit(cited(&doc, "12-101(2)")).repealed()), Some("Repealed."));
    let dusk = cited(&doc, "§ 12-102(a)(2)");
    assert_eq!(doc.body(dusk), "Parks close at dusk.");
    assert_eq!(doc.describe(dusk), "Paragraph 12-102(a)(2)");
    assert_eq!(doc.describe(cited(&doc, "12-102(b)")), "Subsection 12-102(b)");
}

#[test]
fn markdown_rules_with_contents_table_and_bold_numbers() {
    let doc = Document::parse(
        0,
        "# Rules of the Chess Club\n\n## Table of contents\n\n* [**1. Meetings**](#meetings)\n  * [**1.1 Guests**](#guests)\n\
         * [**2. Voting**](#voting)\n\n## Meetings\n\n**1.1** The club meets on Tuesdays.\n\n**1.2** Members may bring guests.\n\n\
         ## Voting\n\n1. Each member has one vote.\n2. Votes are taken by show of hands:\n   a) unless a ballot is asked for;\n   \
         b) or the chair decides otherwise.\n\n| Office | Term |\n| ------ | ---- |\n| Chair  | 1 year |\n\n# 8. Legislative Combo\n\n\
         A proposal that passes may be combined with the next.\n",
    );
    let contents = doc.with_title("table of contents")[0];
    assert_eq!(doc.unit(contents).children.len(), 1, "the contents list is one unit");
    assert!(doc.body(doc.unit(contents).children[0]).ends_with("(#voting)"));
    let voting = doc.with_title("Voting");
    assert_eq!(voting.len(), 1, "the contents entry is not the heading");
    assert_eq!(doc.describe(voting[0]), "Rule “Voting”", "the document is a set of rules");
    let p12 = doc.with_number("1.2")[0];
    assert_eq!(doc.slice(doc.unit(p12).label.as_ref().unwrap().span), "1.2", "the number without its emphasis");
    assert_eq!(doc.body(p12), "Members may bring guests.");
    let two = cited(&doc, "2");
    assert_eq!(doc.unit(two).parent, Some(voting[0]));
    let b = doc.children_numbered(Some(two), "b").next().expect("b) nested under 2.");
    assert_eq!(doc.body(b), "or the chair decides otherwise.");
    let table = doc.units().find(|(_, u)| doc.slice(u.span).starts_with('|')).unwrap().0;
    assert!(doc.slice(doc.unit(table).span).ends_with("| Chair  | 1 year |"), "the table is one unit");
    let combo = doc.with_title("legislative  COMBO")[0];
    assert_eq!(doc.unit(combo).label.as_ref().map(|l| l.number.key()), Some("8".to_string()));
    assert_eq!(doc.describe(combo), "Rule 8 (Legislative Combo)");
}

#[test]
fn converted_html_lists_nest_by_their_numbers() {
    // One block per line, lists numbered as a browser shows them, nested lists from 1 again.
    let doc = Document::parse(
        0,
        "1. Purpose\nThis document sets out how the society decides things, and who may take part in the decisions it makes.\n\
         2. Decision-making bodies\nDecisions are made by:\n1. The General Meeting;\n2. The Committee, which may:\n\
         1. appoint officers;\n2. set up working groups;\n3. keep accounts.\n3. The Secretary.\n2.1. General rules\n\
         1. Nobody is obliged to do work for the society.\n",
    );
    let two = doc.with_title("Decision-making bodies")[0];
    assert!(matches!(doc.unit(two).kind, UnitKind::Heading { .. }));
    let committee = cited(&doc, "2(2)");
    assert_eq!(doc.body(committee), "The Committee, which may:");
    assert_eq!(doc.body(cited(&doc, "2(2)(2)")), "set up working groups;");
    let secretary = cited(&doc, "2(3)");
    assert_eq!(doc.numbered_parent(secretary), Some(two), "3. goes on from the outer list");
    let rules = cited(&doc, "2.1");
    assert_eq!(doc.unit(rules).parent, Some(two));
    assert_eq!(doc.describe(cited(&doc, "2.1(1)")), "Section 2.1(1)");
}

#[test]
fn title_lines_head_the_paragraphs_below_them() {
    let doc = Document::parse(
        0,
        "[Bylaws of the Example Co-operative]\n📜 Membership\nAny worker of the co-operative may become a member after a trial period of six months.\n\
         Member Resignation\nA member may resign by giving notice in writing to the secretary of the co-operative at any time.\n\
         Resignation takes effect at once.\nPayment Options\n1) One task a month\na) Any work that moves a project forward counts.\n\
         2) $15 a month\n",
    );
    let resignation = doc.with_title("member resignation")[0];
    let texts: Vec<&str> = doc.unit(resignation).children.iter().map(|&c| doc.body(c)).collect();
    assert_eq!(texts.len(), 2);
    assert!(texts[1].starts_with("Resignation takes effect"));
    assert_eq!(doc.with_title("Membership").len(), 1, "a symbol before the title is not part of it");
    let options = doc.with_title("Payment Options")[0];
    let one = doc.children_numbered(Some(options), "1").next().unwrap();
    assert_eq!(doc.children_numbered(Some(one), "a").count(), 1);
    assert_eq!(doc.children_numbered(Some(options), "2").count(), 1);
}

#[test]
fn units_are_named_with_the_words_the_document_uses() {
    // The text calls its dotted units clauses.
    let doc = Document::parse(0, "1) Aims\n\n1.1 See clause 1.2.\n\n1.2 Members:\n\n(a) vote;\n\n(b) speak.\n");
    assert_eq!(doc.describe(cited(&doc, "1.2(a)")), "Clause 1.2(a)");
    assert_eq!(doc.describe(cited(&doc, "1")), "Section 1 (Aims)");
    // Keyword headings give their word to the units below them.
    let doc = Document::parse(0, "Clause II. Selections\n\n1. The NEC issues guidelines.\n\n2. Branches nominate.\n");
    assert_eq!(doc.describe(cited(&doc, "II(2)")), "Clause II(2)");
    // A Canadian statute: subsection (1), paragraph (a), subparagraph (i), clause (A).
    let doc = Document::parse(
        0,
        "Persons who are citizens\n3 (1) A person is a citizen if\n(a) the person was born in Canada;\n\
         (f) the person ceased to be a citizen for a reason other than\n(i) renouncing citizenship under\n\
         (A) section 9 of this Act, or\n(B) section 10 of this Act,\n(ii) revocation.\n4 Another section.\n",
    );
    assert_eq!(doc.describe(cited(&doc, "3(1)(f)(i)(B)")), "Clause 3(1)(f)(i)(B)");
    assert_eq!(doc.describe(cited(&doc, "3(1)(f)")), "Paragraph 3(1)(f)");
    assert_eq!(doc.describe(cited(&doc, "3(1)")), "Subsection 3(1)");
    assert_eq!(doc.describe(cited(&doc, "4")), "Section 4");
}

#[test]
fn new_units_are_named_by_their_new_numbers() {
    let doc = Document::parse(0, "2) Structures\n\n2.3 Groups join by notifying the OG.\n");
    assert_eq!(doc.describe_new(cited(&doc, "2.3"), "2.4 Groups may leave.").as_deref(), Some("Para 2.4"));
    let doc = Document::parse(0, ACT);
    let s3 = cited(&doc, "3");
    assert_eq!(
        doc.describe_new(cited(&doc, "3(b)"), "(c) has a medical certificate,").as_deref(),
        Some("Paragraph 3(c)")
    );
    assert_eq!(
        doc.describe_new(s3, "Renewal\n3.01 A licence may be renewed.").as_deref(),
        Some("Section 3.01"),
        "the note above the new section is not its number"
    );
    let s2_1 = cited(&doc, "2(1)");
    assert_eq!(doc.describe_new(s2_1, "(1.1) In this section,").as_deref(), Some("Subsection 2(1.1)"));
    assert_eq!(doc.describe_new(s3, "(1) A licence may be suspended.").as_deref(), Some("Subsection 3(1)"));
    assert_eq!(doc.describe_new(s3, "No number here."), None);
}

#[test]
fn a_heading_over_a_placeholder_is_repealed() {
    let doc = Document::parse(
        0,
        "27 This Act comes into force on a day fixed by order.\nSCHEDULE\n[Repealed, 2024, c. 14, s. 2]\n",
    );
    let schedule = doc.units().find(|(_, u)| u.keyword == Some(Keyword::Schedule)).unwrap().0;
    assert_eq!(text_of(&doc, doc.unit(schedule).repealed()), Some("[Repealed, 2024, c. 14, s. 2]"));
}
