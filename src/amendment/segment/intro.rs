//! How a provision's text ends and begins: whether it promises a block (`the following:`), a
//! list of provisions (`is amended as follows:`) or a restatement (`Proposed edit:`), and
//! whether a line opens an instruction.

use super::*;

/// `Proposed edit:`, `New text:`, `Revised wording:`: a provision that only says a restatement
/// follows.
pub(super) fn restatement_frame(text: &str, tokens: &[Token<'_>]) -> bool {
    let [first, second, colon] = tokens else { return false };
    let word = |t: &Token<'_>| text[t.span.range()].to_lowercase();
    colon.is_punct(':')
        && matches!(word(first).as_str(), "proposed" | "new" | "amended" | "revised" | "suggested")
        && matches!(word(second).as_str(), "edit" | "text" | "wording" | "version" | "change" | "amendment")
}

/// Whether two lines of a block open with the same markup (`**Name:**` and `**Effect:**`): a
/// line that opens like commentary (`Effect:`) is then one more field of the block's text.
pub(super) fn same_markup(first: &str, line: &str) -> bool {
    let mark = |s: &str| -> String { s.chars().take_while(|c| matches!(c, '*' | '_' | '`')).collect() };
    let m = mark(first);
    !m.is_empty() && m == mark(line)
}

/// Whether a line opens with a change verb (after the amending text's own number): it is an
/// instruction, not text that an introduction above it promised.
pub(super) fn starts_instruction(line: &str) -> bool {
    let rest = match read_enumerator(line) {
        Some((_, len)) => &line[len..],
        None => line,
    };
    let tokens = lex::lex(rest, 0);
    let mut k = tokens
        .iter()
        .position(|t| !matches!(t.kind, Tok::Punct(_) | Tok::Kw(Kw::To | Kw::By | Kw::And | Kw::Then)))
        .unwrap_or(tokens.len());
    let Some(first) = tokens.get(k) else { return false };
    if matches!(first.verb(), Some(v) if v != Verb::Amend && v != Verb::Designate)
        || matches!(first.kind, Tok::NoChange)
    {
        return true;
    }
    // A scope: `Para 2.1: …`, `In section 3, …`, `Section 5 is amended`.
    if first.is(Kw::In) {
        k += 1;
    }
    matches!(tokens.get(k).map(|t| &t.kind), Some(Tok::Unit { .. }))
        && matches!(tokens.get(k + 1).map(|t| &t.kind), Some(Tok::Number(_)))
        && tokens.get(k + 2).is_some_and(|t| {
            matches!(t.kind, Tok::Punct(':' | '–' | '—' | ',') | Tok::Verb(_) | Tok::NoChange | Tok::Kw(Kw::Is))
        })
}

/// Whether tokens end in new text written after `the following …:` on the instruction's own
/// line (`Append the following as Article 5.3: Committee members shall …`): words after the
/// colon, none of them quoted.
pub(super) fn inline_text_runs(tokens: &[Token<'_>]) -> bool {
    let Some(follows) = tokens.iter().position(|t| matches!(t.kind, Tok::Follows)) else { return false };
    let Some(colon) = tokens[follows..].iter().position(|t| t.is_punct(':')).map(|c| follows + c) else {
        return false;
    };
    let rest = &tokens[colon + 1..];
    rest.iter().any(|t| matches!(t.kind, Tok::Word))
        && !rest.iter().any(|t| matches!(t.kind, Tok::Quote(_) | Tok::Block(_)))
}

/// How a provision's text ends.
pub(super) enum Ending {
    Block(Intro),
    List,
}

/// Whether tokens end by introducing a block (`the following:`) or a list of provisions (`is
/// amended as follows:`, `is amended—`).
pub(super) fn intro(tokens: &[Token<'_>]) -> Option<Ending> {
    let last = tokens.last()?;
    let marked = matches!(last.kind, Tok::Punct(':' | '—' | '–' | '-'));
    let body: &[Token<'_>] = if marked { &tokens[..tokens.len() - 1] } else { tokens };
    // Only the last clause counts: `Para 2.1: DELETE “x”; INSERT:` ends in one, `Para 2.1:` not.
    let clause_start = body.iter().rposition(|t| t.is_punct(';') || t.is_punct('.')).map_or(0, |p| p + 1);
    let clause = &body[clause_start..];
    // A quote that names a unit by its title (`to rule section “Channels”`, `to “Style
    // conventions”`) is no text of the instruction's.
    let title = |k: usize| {
        let before = |n: usize| k.checked_sub(n).map(|i| &clause[i].kind);
        matches!(clause[k].kind, Tok::Quote(_))
            && (matches!(before(1), Some(Tok::Unit { .. }))
                || matches!(before(1), Some(Tok::Kw(Kw::To | Kw::Of | Kw::In)))
                || matches!(before(1), Some(Tok::Kw(Kw::The)))
                    && matches!(before(2), Some(Tok::Kw(Kw::To | Kw::Of | Kw::In))))
    };
    let text_at = |k: usize| matches!(clause[k].kind, Tok::Quote(_) | Tok::Block(_)) && !title(k);
    if (0..clause.len()).any(text_at) {
        // The text is quoted already, unless a later verb wants more (`… “x” and insert:`,
        // `Replace <block> in rule 2 with`).
        let after_quote = (0..clause.len()).rposition(text_at).map_or(0, |p| p + 1);
        let rest = &clause[after_quote..];
        if !rest.iter().any(|t| wants_text(t) || matches!(t.kind, Tok::Follows)) {
            return None;
        }
    }
    let plural =
        clause.iter().any(|t| matches!(t.kind, Tok::Kw(Kw::Item | Kw::Sentences) | Tok::Unit { plural: true, .. }));
    let follows_at = clause.iter().rposition(|t| matches!(t.kind, Tok::Follows));
    let amended = clause.iter().any(|t| t.verb() == Some(Verb::Amend));
    let to_read = clause.iter().any(|t| matches!(t.kind, Tok::ToRead | Tok::SoReads | Tok::CurrentlyReads));
    // `with` wants text only after a verb that replaces (`replace section 3 with:`).
    let replacing =
        clause.iter().any(|t| matches!(t.verb(), Some(Verb::Replace | Verb::Substitute | Verb::Change | Verb::Delete)));
    // `Rule changes –` (a title wrapped after its dash) names no change: `change` wants text
    // only where the clause says what it changes (a number, a quote, `to`).
    let names_what =
        clause.iter().any(|t| matches!(t.kind, Tok::Number(_) | Tok::Quote(_) | Tok::Block(_)) || t.is(Kw::To));
    let change = clause
        .iter()
        .any(|t| wants_text(t) && (!t.is(Kw::With) || replacing) && (t.verb() != Some(Verb::Change) || names_what));
    if marked {
        if to_read {
            return Some(Ending::Block(Intro { plural, marked }));
        }
        if amended && !change {
            return Some(Ending::List);
        }
        if change {
            return Some(Ending::Block(Intro { plural, marked }));
        }
        // `Change section 5.2 of the constitution … . In wdiff format:`: the sentence before
        // named the change, this one says how the text below shows it.
        let restated = clause_start > 0
            && !body.iter().any(|t| matches!(t.kind, Tok::Quote(_) | Tok::Block(_)))
            && !clause.iter().any(|t| t.verb().is_some())
            && body[..clause_start]
                .iter()
                .any(|t| matches!(t.verb(), Some(Verb::Change | Verb::Replace | Verb::Substitute)));
        if restated {
            return Some(Ending::Block(Intro { plural, marked }));
        }
        // `the following amendment:` with no change named introduces instructions, not text.
        if follows_at.is_some() {
            return Some(Ending::List);
        }
        // `All of the following, in order:`, `Fix this with the following amendment:`
        if clause.iter().any(|t| t.is(Kw::Following)) {
            return Some(Ending::List);
        }
        return None;
    }
    // Without a colon: a verb or connective left without its object (`Replace`, `… with`).
    match last.kind {
        Tok::Verb(Verb::Replace | Verb::Insert | Verb::Append | Verb::Substitute | Verb::Delete) => {
            Some(Ending::Block(Intro { plural, marked: false }))
        }
        Tok::Kw(Kw::With) if change => Some(Ending::Block(Intro { plural, marked: false })),
        // Without a colon, `… so that it reads` at the end of a line introduces the text only
        // where the clause names a change or a unit, not in prose (`how the rules would read`);
        // `to read` and `the following` without their colon are a line wrapped mid-clause
        // (`is amended to read` / `as follows:`, `by adding the following` / `after (c):`).
        Tok::SoReads | Tok::CurrentlyReads
            if clause.iter().any(|t| t.verb().is_some() || matches!(t.kind, Tok::Unit { .. } | Tok::Number(_))) =>
        {
            Some(Ending::Block(Intro { plural, marked: true }))
        }
        _ => None,
    }
}

/// A token after which new text is expected: a verb that puts text in, or `with`/`by`/`read`.
pub(super) fn wants_text(t: &Token<'_>) -> bool {
    matches!(
        t.kind,
        Tok::Verb(Verb::Insert | Verb::Append | Verb::Replace | Verb::Substitute | Verb::Change)
            | Tok::ToRead
            | Tok::SoReads
            | Tok::CurrentlyReads
    ) || t.is(Kw::With)
}
