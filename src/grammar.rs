//! The pest parser generated from `grammar/*.pest` (read as one grammar), the single definition of the syntax.
//!
//! Only `document::parse` and `amendment::lower` look at its `Rule`s and `Pair`s; every other
//! stage works on their output.

#[derive(pest_derive::Parser)]
#[grammar = "grammar/units.pest"]
#[grammar = "grammar/document.pest"]
#[grammar = "grammar/amendment.pest"]
pub(crate) struct Grammar;

/// The phrase for quoted text, the commonest thing missing from a broken instruction.
pub(crate) const QUOTED: &str = "a quoted text such as “members”";
/// The phrase for the end of input: an instruction could have ended here.
pub(crate) const END: &str = "the end of the line";
/// The phrase for rules with nothing better to say.
pub(crate) const MORE: &str = "more of the instruction";

/// Human phrases for grammar rules, used when a syntax error lists what was expected.
pub(crate) fn describe(rule: Rule) -> &'static str {
    use Rule::*;
    match rule {
        quoted | q_double | q_curly | q_low | q_guillemet | q_curly_single | q_single => QUOTED,
        k_delete => "DELETE",
        k_insert => "INSERT",
        k_add => "ADD",
        k_all => "ALL",
        k_after => "AFTER",
        k_before => "BEFORE",
        k_at => "AT",
        k_end => "END",
        k_the => "THE",
        k_with | k_by => "WITH",
        k_sentence => "SENTENCE",
        k_replace | k_substitute => "REPLACE",
        k_beginning => "“beginning”",
        k_following => "“following”",
        following => "“the following:” and the text on the lines below",
        ordinal => "FIRST, LAST or FINAL",
        item_noun => "“bullet point” or “item”",
        count | once | twice | thrice | times | throughout => "a count such as TWICE or THROUGHOUT",
        count_number => "a number",
        no_change => "NO CHANGE",
        unit_ref | unit_step | unit_keyword => "a unit such as “Para 2.1” or “Section 3”",
        ref_number | number | dotted_number | paren_number | digits_token | prefixed_token | roman_token
        | letter_token => "a number such as 2.1, (a) or vii)",
        unit_heading | heading_word => "the unit’s heading",
        scope_prefix | label_ref => "a scope such as “Para 2.1:”",
        clause_list | instruction_line => "an instruction such as DELETE “x”",
        delete_all_after | delete_all_before | delete_all | delete_sentence | delete_item | delete_text
        | delete_unit => "DELETE …",
        insert_after | insert_before | insert_at_end | insert_at_start | insert_text => "INSERT …",
        replace_with => "REPLACE WITH …",
        EOI => END,
        _ => MORE,
    }
}

/// How likely a phrase from [`describe`] is to be what the author meant, lowest first: an
/// error message names the likeliest and lists the rest in a note.
pub(crate) fn rank(phrase: &str) -> u8 {
    match phrase {
        QUOTED => 0,
        "“the following:” and the text on the lines below" => 1,
        "a unit such as “Para 2.1” or “Section 3”" => 2,
        "a number such as 2.1, (a) or vii)" => 3,
        "an instruction such as DELETE “x”" => 4,
        MORE => 9,
        _ => 5,
    }
}

#[cfg(test)]
mod tests {
    use super::{Grammar, Rule};
    use pest::Parser;

    /// Asserts that `rule` consumes all of each input, or none of the rejected ones fully.
    macro_rules! assert_rule {
        ($rule:expr, accepts: [$($ok:expr),* $(,)?], rejects: [$($bad:expr),* $(,)?]) => {{
            for input in [$($ok),*] {
                match Grammar::parse($rule, input) {
                    Ok(mut pairs) => {
                        let consumed = pairs.next().map_or(0, |p| p.as_span().end());
                        assert_eq!(consumed, input.len(), "{:?} consumed only {consumed} bytes of {input:?}", $rule);
                    }
                    Err(e) => panic!("{:?} rejected {input:?}:\n{e}", $rule),
                }
            }
            for input in [$($bad),*] {
                let full = Grammar::parse($rule, input)
                    .ok()
                    .and_then(|mut p| p.next())
                    .is_some_and(|p| p.as_span().end() == input.len());
                assert!(!full, "{:?} accepted {input:?}", $rule);
            }
        }};
    }

    #[test]
    fn numbers() {
        assert_rule!(Rule::number,
            accepts: ["2", "2.1", "3.2.1", "4.2A", "vii", "IV", "(a)", "(b)(2)(A)", "106(3)", "6.1(7)", "3.A"],
            rejects: ["", "2.", "(a", "abc"]);
        assert_rule!(Rule::ref_number, accepts: ["2)", "vii)", "4.5.", "2.1"], rejects: ["2))"]);
    }

    #[test]
    fn quotes() {
        assert_rule!(Rule::quoted,
            accepts: ["“members”", "\"members\"", "‘members’", "'members'", "«membres»", "„Mitglieder“",
                      "\"the “Board” of Deputies\"", "“the “Board” of Deputies”", "‘don’t’",
                      "“A … … B”", "“A ... B”", "“open to the end"],
            rejects: ["members", "“”x"]);
    }

    #[test]
    fn counts() {
        assert_rule!(Rule::count,
            accepts: ["– TWICE", "TWICE", "(twice)", "THREE TIMES", "3 times", "throughout", "in each place it appears", "each place it occurs", "once"],
            rejects: ["twice over", "TIMES"]);
    }

    #[test]
    fn scope_and_title_lines() {
        assert_rule!(Rule::scope_line,
            accepts: ["Para 2.3\n", "Section 2):\n", "Appendix\n", "Section 3) Organising Group and Steering Committee\n",
                      "Section 1, paragraph (a):\n", "Article IV, Section 2\n"],
            rejects: ["Para 2.3 DELETE “x”\n", "Members\n"]);
        assert_rule!(Rule::titled_line,
            accepts: ["4) Conference and its composition\n", "1) Brighton Labour Left Alliance\n", "3.2. Labour Party Marxists\n"],
            rejects: ["Purpose of the amendment: To change\n", "4) DELETE “x”\n"]);
    }

    #[test]
    fn instruction_lines() {
        assert_rule!(Rule::instruction_line,
        accepts: [
            "Para 2.1: DELETE “signatory”; INSERT “member”.\n",
            "Para 2.2: DELETE “signatories”; INSERT “members” – TWICE.\n",
            "Para 2.3 DELETE “Organising Group”; INSERT “Steering Committee”.\n",
            "DELETE “2) Structures”, INSERT “2) Members and Affiliates\n",
            "Para 3.1: DELETE ALL; INSERT “The Steering Committee (SC) is elected by Conference.”\n",
            "Para 3.3: DELETE ALL; INSERT: “The SC elects its own Officers”.\n",
            "Para 3.5: DELETE ALL AFTER “work reports”.\n",
            "DELETE FINAL SENTENCE “Should the movers … … earliest opportunity.”\n",
            "Para 4.2 – NO CHANGE.\n",
            "Section 1) Aims – NO CHANGE to Section 1.\n",
            "Para 4.5: AFTER “amendments.” INSERT: “CAC decisions are subject to approval by Conference.”\n",
            "Appendix – DELETE ALL.\n",
            "INSERT AT END “x”\n",
            "ADD AT THE END: “x”\n",
            "Delete point vii) and replace with:\nvii) New text\n",
            "In para vii), DELETE the last bullet point, beginning “full citizenship rights …”, and INSERT the following additional bullet points:\n* one\n\n* two\n",
            "delete “x” and insert “y”\n",
            "To strike out “x” in Rule 3.2 and insert “y”.\n",
            "To substitute for Rule 5.1 the following: “5.1 New.”\n",
            "In rules 2.1 and 2.2, omit “x”.\n",
            "Add a new paragraph after 2.3: “x”\n",
            "After rule 2.3 insert new rule 2.4: “x”\n",
            "Delete Rule 3.2 and renumber subsequent rules.\n",
            "Rule 2.2: second sentence, delete “x” insert “y”\n",
            "Clause 4.1 - delete “x” insert “y”\n",
        ],
        rejects: [
            "DELETE signatories\n",
            "Para 2.1: DELETE “x” INSERT\n",
            "INSERT\n",
            "Para 2.1: AFTER “x” INSERT\n",
            "Purpose of the amendment: To change LLA\n",
        ]);
    }

    #[test]
    fn blocks_stop_at_the_next_instruction_or_heading() {
        let text = "Delete point vii) and replace with:\n\nvii) New:\n\n  1. One\n  2. Two\n\nBackground: why\n";
        let block = block_of(text);
        assert_eq!(block.as_str().trim(), "vii) New:\n\n  1. One\n  2. Two");
        let text = "INSERT the following:\n* a\nPara 3.1: DELETE “x”\n";
        let block = block_of(text);
        assert_eq!(block.as_str().trim(), "* a");
        // An indented Markdown heading is block text: only an unindented one starts anything.
        let block = block_of("INSERT the following:\n  # Standing Orders\n\n  ## 1. Meetings\n# Reasons\n");
        assert_eq!(block.as_str().trim(), "# Standing Orders\n\n  ## 1. Meetings");
    }

    /// The block of an instruction line.
    fn block_of(text: &str) -> pest::iterators::Pair<'_, Rule> {
        let line = Grammar::parse(Rule::instruction_line, text).unwrap().next().unwrap();
        let end = line.into_inner().find(|p| p.as_rule() == Rule::line_end).unwrap();
        end.into_inner().find(|p| p.as_rule() == Rule::block).unwrap()
    }

    #[test]
    fn document_line_heads() {
        // `line_head` reads how a line begins; the rest of the line is left to the caller.
        for input in [
            "2.1 Every member",
            "(a) the Chair",
            "vii) Our programme:",
            "1. Socialise",
            "• item",
            "* item",
            "## 2) Structures",
            "Section 4 – Membership",
            "Article IV. Name",
            "Appendix: Founding appeal",
            "§ 106.",
            "8 (1) The Minister",
            "(b.1) the total",
            "§ 32-1003. Requirements.",
            "**3.2** Voting",
            "| a | b |",
        ] {
            let head = Grammar::parse(Rule::line_head, input).ok().and_then(|mut p| p.next()?.into_inner().next());
            assert!(head.is_some(), "line_head did not read {input:?}");
        }
        for input in ["Plain text", "e.g. this", "10% of members", "(Me, Et)-phosphonates"] {
            let head = Grammar::parse(Rule::line_head, input).ok().and_then(|mut p| p.next()?.into_inner().next());
            assert!(head.is_none(), "line_head read {input:?} as {head:?}");
        }
    }
}
