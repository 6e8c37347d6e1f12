//! The pest parser generated from `grammar/amend.pest`, the single definition of the syntax.
//!
//! Only `document::parse` and `amendment::lower` look at its `Rule`s and `Pair`s; every other
//! stage works on their output.

#[derive(pest_derive::Parser)]
#[grammar = "grammar/amend.pest"]
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
        count | twice | thrice | times | throughout => "a count such as TWICE or THROUGHOUT",
        count_number => "a number",
        no_change => "NO CHANGE",
        unit_ref | unit_keyword => "a unit such as “Para 2.1” or “Section 3”",
        ref_number | number | dotted_number | paren_number | digits_token | roman_token
        | letter_token => "a number such as 2.1, (a) or vii)",
        unit_heading | heading_word => "the unit’s heading",
        scope_prefix | label_ref => "a scope such as “Para 2.1:”",
        clause_list | instruction_line => "an instruction such as DELETE “x”",
        delete_all_after | delete_all_before | delete_all | delete_sentence | delete_item
        | delete_text | delete_unit => "DELETE …",
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
