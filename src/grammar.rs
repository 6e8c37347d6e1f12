//! The pest parser generated from `grammar/*.pest` (read as one grammar), the single definition of the syntax.
//!
//! Only `document::parse` and `amendment::lower` look at its `Rule`s and `Pair`s; every other
//! stage works on their output.

#[derive(pest_derive::Parser)]
#[grammar = "grammar/units.pest"]
#[grammar = "grammar/document.pest"]
#[grammar = "grammar/amendment.pest"]
pub(crate) struct Grammar;

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
    fn counts_positions_and_verbs_are_tokens() {
        assert_rule!(Rule::c_each_place,
            accepts: ["in each place it appears", "each place it occurs", "wherever it appears", "every time it occurs", "each place"],
            rejects: ["each"]);
        assert_rule!(Rule::c_both_times, accepts: ["both times it appears", "both times"], rejects: ["both"]);
        assert_rule!(Rule::c_times, accepts: ["THREE TIMES", "3 times"], rejects: ["TIMES"]);
        assert_rule!(Rule::p_at_end, accepts: ["at the end", "AT END", "to the end", "to the bottom"], rejects: ["at the"]);
        assert_rule!(Rule::p_in_place, accepts: ["in its place", "in their place", "in lieu thereof", "instead"], rejects: ["in place"]);
        assert_rule!(Rule::v_strike_out, accepts: ["strike out", "striking out", "struck out"], rejects: ["strike"]);
        assert_rule!(Rule::p_lead_in, accepts: ["The portion of", "the lead-in language", "lead-in"], rejects: ["portion"]);
        assert_rule!(Rule::unit_word,
            accepts: ["Para", "paragraphs", "sub-clause", "rule section", "§", "§§", "Sec.", "definition", "proposal"],
            rejects: ["paragraphing", "sectional"]);
    }

    #[test]
    fn unit_numbers_in_instructions() {
        assert_rule!(Rule::unit_number,
            accepts: ["2.1", "2)", "vii)", "4.5.", "14(f)", "3(1)(f)(i)", "(b)(2)(A)", "PB102", "A.1", "I.8"],
            rejects: ["e.g.", "a", "IV", "D.C."]);
    }

    #[test]
    fn how_sheet_lines_begin() {
        assert_rule!(Rule::line_enumerator,
            accepts: ["15", "1 (1)", "(a)", "(b)(1)", "1.", "2)", "Sec. 2.", "## #31", "Proposal 26", "#58"],
            rejects: ["Para", "2.1", "Section 5"]);
        assert_rule!(Rule::fence_line, accepts: ["```", "`[start]`", "`[end]`", "[start]"], rejects: ["start"]);
        assert_rule!(Rule::rule_line, accepts: ["=====", "------------", "___"], rejects: ["--", "=x="]);
        assert_rule!(Rule::commentary_lead,
            accepts: ["Reason:", "Rationale:", "Moved by ", "Vote:", "Edits:", "Background:"],
            rejects: ["Reasonable", "Para 2.1: x"]);
        assert_rule!(Rule::tally_line, accepts: ["Bob: y", "James : Yes", "Resu (13, 94)06/10/2020"], rejects: ["Bob: yes please do it"]);
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
