//! Unit addresses as people write them, read from tokens: `Para 2.1`, `Section 1) Aims`,
//! `paragraph (a) of subsection 2(1) of the Act`, `Paragraph 14(f)`, `subsections 3(4) and
//! (4.1)`, `paragraphs (b) to (d)`, `rule section "Polls"`, `the definition Convention`,
//! `Section 1288(a)(4) (D.C. Official Code § 46-406(a)(4))`.

use super::ast::{RefStep, UnitRef};
use super::lex::{Kw, NumberTok, Tok, Token};
use crate::source::Span;

/// A cursor over a provision's tokens.
pub(super) struct Cursor<'a> {
    pub toks: &'a [Token<'a>],
    pub pos: usize,
    pub text: &'a str,
}

impl<'a> Cursor<'a> {
    pub fn new(toks: &'a [Token<'a>], text: &'a str) -> Cursor<'a> {
        Cursor { toks, pos: 0, text }
    }

    pub fn peek(&self) -> Option<&'a Token<'a>> {
        self.toks.get(self.pos)
    }

    pub fn peek_at(&self, k: usize) -> Option<&'a Token<'a>> {
        self.toks.get(self.pos + k)
    }

    pub fn bump(&mut self) -> Option<&'a Token<'a>> {
        let t = self.toks.get(self.pos);
        if t.is_some() {
            self.pos += 1;
        }
        t
    }

    pub fn at_end(&self) -> bool {
        self.pos >= self.toks.len()
    }

    pub fn at_kw(&self, kw: Kw) -> bool {
        self.peek().is_some_and(|t| t.is(kw))
    }

    pub fn eat_kw(&mut self, kw: Kw) -> bool {
        let yes = self.at_kw(kw);
        if yes {
            self.pos += 1;
        }
        yes
    }

    pub fn at_punct(&self, c: char) -> bool {
        self.peek().is_some_and(|t| t.is_punct(c))
    }

    pub fn eat_punct(&mut self, c: char) -> bool {
        let yes = self.at_punct(c);
        if yes {
            self.pos += 1;
        }
        yes
    }

    /// Eats any of the given keywords, as many as there are.
    pub fn skip_kws(&mut self, kws: &[Kw]) {
        while self.peek().is_some_and(|t| kws.iter().any(|&k| t.is(k))) {
            self.pos += 1;
        }
    }

    /// The text of a token.
    pub fn text_of(&self, t: &Token<'_>) -> &'a str {
        &self.text[t.span.range()]
    }

    /// The span from token `from` to the token before the cursor.
    pub fn span_from(&self, from: usize) -> Span {
        let start = self.toks.get(from).map_or(0, |t| t.span.start);
        let end = self.pos.checked_sub(1).and_then(|p| self.toks.get(p)).map_or(start, |t| t.span.end);
        Span::new(start, end.max(start))
    }
}

/// Units named together, as written.
#[derive(Debug, Clone)]
pub(super) struct Address {
    /// One reference per unit named (a range names its two ends).
    pub refs: Vec<UnitRef>,
    /// `(b) to (d)`: the two ends and everything between.
    pub through: bool,
    pub span: Span,
    /// The address named an act (`of the Citizenship Act`, `of title 17, United States Code`).
    pub cited: bool,
}

impl Address {
    /// The one unit named, if there is one.
    pub fn single(&self) -> Option<&UnitRef> {
        match self.refs.as_slice() {
            [one] => Some(one),
            _ => None,
        }
    }
}

/// Reads an address at the cursor, or leaves the cursor where it was.
pub(super) fn address(c: &mut Cursor<'_>) -> Option<Address> {
    let start = c.pos;
    let first = path(c)?;
    let first = hyphenated(c, start, first);
    let mut refs = vec![first];
    let mut through = false;
    let mut cited = false;
    // More units alike: `paragraphs (b) to (d)`, `(1), (2), (3), and (4)`, `3(4) and (4.1)`.
    loop {
        let save = c.pos;
        let sep = c.eat_punct(',') | c.eat_punct('&');
        let and = c.eat_kw(Kw::And) || c.eat_kw(Kw::Or);
        let to = !and && (c.eat_kw(Kw::To) || c.eat_kw(Kw::Through) || c.eat_punct('–') || c.eat_punct('-'));
        if !(sep || and || to) {
            break;
        }
        // `paragraphs (a) and (b)` go on with a number; `Section 1, paragraph (a)` is one path
        // (read by `path`), and `… and by repealing` is the next clause.
        let Some(Token { kind: Tok::Number(n), span }) = c.peek() else {
            c.pos = save;
            break;
        };
        c.pos += 1;
        let base = refs.last().cloned().unwrap_or_else(|| UnitRef::new(Vec::new(), *span, ""));
        refs.push(alike(&base, n, *span));
        if to {
            through = true;
        }
    }
    // `of the Act`, `of the Canada Industrial Relations Board Regulations, 2012`.
    if act_citation(c) {
        cited = true;
    }
    // `(D.C. Official Code § 46-406(a)(4))`: the same unit in the base's numbering.
    codified(c, &mut refs, cited);
    // `section 28 of the Scotland Act 1998 (Acts of the Scottish Parliament)`: the heading
    // after the act.
    if refs.len() == 1 && c.at_punct('(') {
        if let Some(h) = heading(c, false) {
            if let Some(last) = refs[0].steps.last_mut() {
                last.heading.get_or_insert(h);
            }
        }
    }
    // `Section 7 of title 1, United States Code, is amended`: the comma closes the citation.
    if cited && c.at_punct(',') && c.peek_at(1).is_some_and(|t| t.is(Kw::Is) || t.is(Kw::Be)) {
        c.pos += 1;
    }
    Some(Address { refs, through, span: c.span_from(start), cited })
}

/// `Section 2-1402(b)`: a code's section number (title, hyphen, section), written with a
/// singular unit word and no spaces, is one number, not the range `2` to `1402(b)` (a range
/// takes the plural: `Sections 2-4`). Where the base has no such unit, the resolver says so.
fn hyphenated(c: &mut Cursor<'_>, start: usize, first: UnitRef) -> UnitRef {
    let singular = matches!(c.toks.get(start).map(|t| &t.kind), Some(Tok::Unit { plural: false, .. }));
    let (Some(dash), Some(next)) = (c.peek(), c.peek_at(1)) else { return first };
    let joined = first.steps.len() == 1
        && dash.is_punct('-')
        && matches!(next.kind, Tok::Number(_))
        && c.toks[c.pos - 1].span.end == dash.span.start
        && dash.span.end == next.span.start;
    if !(singular && joined) {
        return first;
    }
    let from = c.toks[c.pos - 1].span.start;
    let span = Span::new(from, next.span.end);
    let Some(mut steps) = code_number(&c.text[span.range()]) else { return first };
    steps[0].keyword = first.steps[0].keyword.clone();
    c.pos += 2;
    UnitRef::new(steps, first.span.join(span), c.text[first.span.join(span).range()].trim())
}

/// One unit's path: `Section 1, paragraph (a)` (outermost first), `paragraph (a) of
/// subsection 2(1)` (innermost first), `the definition Convention in subsection 2(1)`.
fn path(c: &mut Cursor<'_>) -> Option<UnitRef> {
    let start = c.pos;
    let mut steps = step(c)?;
    loop {
        let save = c.pos;
        // `, paragraph (a)`: a further step inside the first.
        if c.eat_punct(',') {
            if let Some(more) = step_with_word(c) {
                steps.extend(more);
                continue;
            }
            c.pos = save;
            break;
        }
        // `of subsection 2(1)`, `in subsection 2(1)`: the enclosing unit.
        if c.eat_kw(Kw::Of) || c.eat_kw(Kw::In) {
            c.skip_kws(&[Kw::The]);
            if let Some(outer) = step_with_word(c) {
                steps.splice(0..0, outer);
                continue;
            }
            c.pos = save;
        }
        break;
    }
    let span = c.span_from(start);
    Some(UnitRef::new(steps, span, c.text[span.range()].trim()))
}

/// A step that starts with a unit word (`paragraph (a)`, `section 7`).
fn step_with_word(c: &mut Cursor<'_>) -> Option<Vec<RefStep>> {
    match c.peek()?.kind {
        Tok::Unit { .. } => step(c),
        _ => None,
    }
}

/// One step: a unit word and its number, title or term; or a number alone.
fn step(c: &mut Cursor<'_>) -> Option<Vec<RefStep>> {
    let save = c.pos;
    // `the schedule`, `the rule "X"`, `the definition X`
    c.eat_kw(Kw::The);
    let t = c.peek()?;
    match &t.kind {
        Tok::Unit { word, plural } => {
            let word: &str = word;
            let plural = *plural;
            c.pos += 1;
            if word == "definition" {
                // `the definition Convention`: the defined term, up to `in` / `is`.
                let from = c.pos;
                while c.peek().is_some_and(|t| matches!(t.kind, Tok::Word | Tok::Quote(_))) {
                    c.pos += 1;
                }
                if c.pos == from {
                    c.pos = save;
                    return None;
                }
                let term =
                    c.text[c.span_from(from).range()].trim_matches(|ch: char| "\"“”‘’'".contains(ch)).to_string();
                return Some(vec![RefStep {
                    keyword: Some(word.to_string()),
                    heading: Some(term),
                    ..RefStep::default()
                }]);
            }
            // `rule section "Polls"`, `the rule "Factories and Modules"`, `the Rule with the
            // title "Legistlative Combo"`
            let title_at = {
                let mut k = 0;
                if c.peek().is_some_and(|t| t.is(Kw::With)) {
                    k = 1;
                    while c.peek_at(k).is_some_and(|t| t.is(Kw::The) || matches!(t.kind, Tok::Word | Tok::Heading))
                        && k < 4
                    {
                        k += 1;
                    }
                }
                match c.peek_at(k) {
                    Some(Token { kind: Tok::Quote(q), .. }) => Some((k, q.verbatim())),
                    _ => None,
                }
            };
            if let Some((k, title)) = title_at {
                c.pos += k + 1;
                let title = super::lex::join_lines(title.trim());
                return Some(vec![RefStep {
                    keyword: Some(word.to_string()),
                    heading: Some(title),
                    ..RefStep::default()
                }]);
            }
            match c.peek().map(|t| &t.kind) {
                Some(Tok::Number(n)) => {
                    c.pos += 1;
                    let mut steps = number_steps(n, Some(word.to_string()));
                    let closed = n.written.ends_with(')') && !n.written.starts_with('(');
                    if let Some(h) = heading(c, closed) {
                        if let Some(last) = steps.last_mut() {
                            last.heading = Some(h);
                        }
                    }
                    Some(steps)
                }
                Some(Tok::Hash(h)) => {
                    let h = *h;
                    c.pos += 1;
                    Some(vec![RefStep {
                        keyword: Some(word.to_string()),
                        number: Some(h.to_string()),
                        printed: Some(format!("#{h}")),
                        ..RefStep::default()
                    }])
                }
                // `Para A.:`: the capital letter is also the article `a`.
                Some(Tok::Word | Tok::Kw(Kw::A))
                    if is_word_number(c.text_of(c.peek()?))
                        && (matches!(c.peek()?.kind, Tok::Word) || c.text_of(c.peek()?) == "A") =>
                {
                    let text = c.text_of(c.peek()?).to_string();
                    let end = c.peek()?.span.end;
                    c.pos += 1;
                    let mut steps = vec![RefStep {
                        keyword: Some(word.to_string()),
                        number: Some(text.clone()),
                        printed: Some(text),
                        ..RefStep::default()
                    }];
                    // `112a(f)`: the subsections printed right after the number.
                    if let Some(Token { kind: Tok::Number(n), span }) = c.peek() {
                        if span.start == end && n.written.starts_with('(') {
                            c.pos += 1;
                            steps.extend(number_steps(n, None));
                        }
                    }
                    // `Para B.:`: the full stop printed with the letter.
                    if c.at_punct('.') && c.peek()?.span.start == end && c.peek_at(1).is_some_and(|t| t.is_punct(':')) {
                        c.pos += 1;
                    }
                    if let Some(h) = heading(c, false) {
                        steps[0].heading = Some(h);
                    }
                    Some(steps)
                }
                // A unit word with nothing after it: `the schedule`, `the appendix`. (`the
                // Rules`, `the bylaws` name the whole text, which is no unit.)
                _ if matches!(word, "schedule" | "appendix" | "annex" | "preamble") && !plural => {
                    Some(vec![RefStep { keyword: Some(word.to_string()), ..RefStep::default() }])
                }
                _ => {
                    c.pos = save;
                    None
                }
            }
        }
        _ => {
            c.pos = save;
            None
        }
    }
}

/// A unit's heading written after its number: `Section 1) Aims`, `Section 3) Organising Group
/// and Steering Committee`, `section 28 (Acts of the Scottish Parliament)`. After a number
/// closed by `)` a heading may be in lower case; otherwise it must be capitalised.
fn heading(c: &mut Cursor<'_>, closed: bool) -> Option<String> {
    let start = c.pos;
    // `(Acts of the Scottish Parliament)`, `(AGMs)`, `(aims of the Society)`
    if c.at_punct('(') {
        let mut k = 1;
        let mut words = 0;
        while let Some(t) = c.peek_at(k) {
            match t.kind {
                Tok::Punct(')') => break,
                Tok::Word | Tok::Kw(_) | Tok::Punct(',') => words += 1,
                _ => return None,
            }
            k += 1;
        }
        if words == 0 || c.peek_at(k).is_none() || looks_codified(c, k) {
            return None;
        }
        let from = c.toks[c.pos + 1].span.start;
        let to = c.toks[c.pos + k - 1].span.end;
        c.pos += k + 1;
        return Some(c.text[from..to].trim().to_string());
    }
    let first = c.peek()?;
    let first_text = c.text_of(first);
    let capital = first_text.chars().next().is_some_and(char::is_uppercase);
    if !matches!(first.kind, Tok::Word) || !(closed || capital) {
        return None;
    }
    let mut end = c.pos;
    let mut k = c.pos;
    while let Some(t) = c.toks.get(k) {
        match t.kind {
            Tok::Word => {
                k += 1;
                end = k;
            }
            // Small words inside a title, when a title word follows them.
            Tok::Kw(Kw::And | Kw::Of | Kw::The | Kw::A | Kw::For | Kw::In | Kw::To | Kw::Or | Kw::New | Kw::All) => {
                if c.toks.get(k + 1).is_some_and(|n| matches!(n.kind, Tok::Word | Tok::Kw(Kw::The | Kw::A))) {
                    k += 1;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    if end == start {
        return None;
    }
    c.pos = end;
    let span = c.span_from(start);
    Some(c.text[span.range()].trim().to_string())
}

/// Whether the parenthesis at `c.pos` cites the unit in another numbering (`(D.C. Official
/// Code § 46-406(a)(4))`) rather than giving its heading.
fn looks_codified(c: &Cursor<'_>, close: usize) -> bool {
    (1..close).any(|k| c.peek_at(k).is_some_and(|t| matches!(t.kind, Tok::Unit { .. } | Tok::Number(_))))
}

/// `(D.C. Official Code § 46-406(a)(4))` after a reference: the same unit as the base numbers it.
/// After an act's name the parenthesis may come after its date (`Section 4 of the Minimum Wage
/// Act Revision Act of 1992, effective March 25, 1993 (D.C. Law 9-248; D.C. Official Code §
/// 32-1003)`). The citation is read from the text, not the tokens: a code number (`46-406`) is
/// title and section joined by a hyphen, which the tokens take for a range.
fn codified(c: &mut Cursor<'_>, refs: &mut [UnitRef], after_act: bool) {
    let save = c.pos;
    if after_act {
        // The rest of the act's name and its date, up to the parenthesis.
        let mut k = 0;
        while c.peek_at(k).is_some_and(|t| {
            matches!(
                t.kind,
                Tok::Word
                    | Tok::Number(_)
                    | Tok::Kw(Kw::Act | Kw::Of | Kw::The | Kw::A | Kw::And)
                    | Tok::Punct(',' | '.')
            )
        }) && k < 16
        {
            k += 1;
        }
        c.pos += k;
    }
    let Some(open) = c.peek().filter(|t| t.is_punct('(')).map(|t| t.span.start) else {
        c.pos = save;
        return;
    };
    let alias = refs.len() == 1
        && matching_paren(c.text, open).is_some_and(|close| {
            let Some(alias) = code_citation(c.text, open + 1, close) else { return false };
            refs[0].codified = Some(Box::new(alias));
            // Past every token the parenthesis holds (the last number may hold its `)`).
            while c.peek().is_some_and(|t| t.span.start <= close) {
                c.pos += 1;
            }
            true
        });
    if !alias {
        c.pos = save;
    }
}

/// Where the parenthesis opened at `open` closes, within a few lines.
fn matching_paren(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, ch) in text[open..].char_indices().take(400) {
        match ch {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// The code citation in `text[from..to]` (`D.C. Law 9-248; D.C. Official Code § 32-1003`): the
/// unit of the code it names, or `None` where it names none or several (`§ 8-1031.01 et seq.`).
/// A code's section number and the units in it, `46-406(a)(4)`, as steps: the section
/// (`46-406`), then each bracketed number. `None` for anything else (`et seq.`, `passim`,
/// `and 46-411`: more than one unit).
fn code_number(cite: &str) -> Option<Vec<RefStep>> {
    let head_len = cite.find('(').unwrap_or(cite.len());
    let head = &cite[..head_len];
    let head_ok = !head.is_empty()
        && head.chars().next().is_some_and(|ch| ch.is_ascii_digit())
        && head.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '.');
    if !head_ok {
        return None;
    }
    let mut steps = vec![RefStep {
        keyword: Some("section".to_string()),
        number: Some(head.to_string()),
        printed: Some(head.to_string()),
        ..RefStep::default()
    }];
    let mut rest = &cite[head_len..];
    while let Some(body) = rest.strip_prefix('(') {
        let end = body.find(')')?;
        let key = &body[..end];
        if key.is_empty() || !key.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '-' || ch == '.') {
            return None;
        }
        steps.push(RefStep { number: Some(key.to_string()), printed: Some(format!("({key})")), ..RefStep::default() });
        rest = &body[end + 1..];
    }
    rest.trim().is_empty().then_some(steps)
}

fn code_citation(text: &str, from: usize, to: usize) -> Option<UnitRef> {
    let inner = &text[from..to];
    let (offset, part) = inner
        .split(';')
        .scan(0, |at, p| {
            let here = *at;
            *at += p.len() + 1;
            Some((here, p))
        })
        .find(|(_, p)| p.contains("Code") && p.contains('§'))?;
    let after = part.find('§')? + '§'.len_utf8();
    let cite = part[after..].trim_start_matches('§').trim();
    let steps = code_number(cite)?;
    let start =
        from + offset + after + (part[after..].len() - part[after..].trim_start_matches('§').trim_start().len());
    let span = Span::new(start, start + cite.len());
    Some(UnitRef::new(steps, span, cite))
}

/// `of the Act`, `of this Act`, `of the Citizenship Act`, `of the Canada Industrial Relations
/// Board Regulations, 2012`, `of title 17, United States Code`, `of the English version of the
/// Act`, `to the Act`: the act named is the base.
pub(super) fn act_citation(c: &mut Cursor<'_>) -> bool {
    let save = c.pos;
    if c.peek().is_some_and(|t| matches!(t.kind, Tok::LanguageVersion)) {
        c.pos += 1;
        // `of the English version of the Act`
        if c.at_kw(Kw::Of) && act_citation(c) {
            return true;
        }
        c.skip_kws(&[Kw::The, Kw::This]);
        if c.eat_kw(Kw::Act) {
            return true;
        }
        c.pos = save;
        return false;
    }
    if !(c.eat_kw(Kw::Of) || c.eat_kw(Kw::To)) {
        return false;
    }
    // `to the French version of the Act`
    if c.peek().is_some_and(|t| matches!(t.kind, Tok::LanguageVersion)) {
        if act_citation(c) {
            return true;
        }
        c.pos = save;
        return false;
    }
    // `of title 17, United States Code`
    let mut k = 0;
    while let Some(t) = c.peek_at(k) {
        // `of the Model Rules`, `of the Bylaws`, `of the Standing Orders`: a plural unit word
        // names the whole text.
        let whole = matches!(&t.kind, Tok::Unit { plural: true, .. } | Tok::Unit { word: _, .. } if is_whole_text(c.text_of(t)));
        match t.kind {
            _ if whole && !matches!(c.peek_at(k + 1).map(|n| &n.kind), Some(Tok::Number(_))) => {
                c.pos += k + 1;
                return true;
            }
            Tok::Kw(Kw::Act) => {
                c.pos += k + 1;
                // `, 2012`, ` 1998`
                let save_year = c.pos;
                c.eat_punct(',');
                match c.peek() {
                    Some(Token { kind: Tok::Number(n), .. }) if n.written.len() == 4 => c.pos += 1,
                    _ => c.pos = save_year,
                }
                return true;
            }
            Tok::Word
            | Tok::Kw(Kw::The | Kw::This | Kw::Of | Kw::And | Kw::A)
            | Tok::Number(_)
            | Tok::Punct(',' | '(' | ')') => k += 1,
            _ => break,
        }
        if k > 14 {
            break;
        }
    }
    c.pos = save;
    false
}

/// A number's steps: `2.1` is one step, `106(3)` two, `(b)(2)(A)` three.
pub(super) fn number_steps(n: &NumberTok<'_>, keyword: Option<String>) -> Vec<RefStep> {
    n.steps
        .iter()
        .enumerate()
        .map(|(i, (key, printed))| RefStep {
            keyword: if i == 0 { keyword.clone() } else { None },
            number: Some(key.to_string()),
            printed: Some(printed.to_string()),
            ..RefStep::default()
        })
        .collect()
}

/// A further unit named like `base`: `(4.1)` after `subsection 3(4)` is `3(4.1)`; `(c)` after
/// `paragraphs (a)` is `(c)`; `5` after `sections 4` is `5`.
fn alike(base: &UnitRef, n: &NumberTok<'_>, span: Span) -> UnitRef {
    let own = number_steps(n, None);
    let keep = base.steps.len().saturating_sub(own.len());
    let mut steps: Vec<RefStep> = base.steps[..keep].to_vec();
    let keyword = base.steps.get(keep).and_then(|s| s.keyword.clone());
    for (i, mut s) in own.into_iter().enumerate() {
        if i == 0 && keep == 0 {
            s.keyword = keyword.clone();
        }
        steps.push(s);
    }
    UnitRef::new(steps, span, n.written.trim())
}

/// Plural unit words that name a whole rulebook: `Rules`, `Bylaws`, `Standing Orders`.
fn is_whole_text(word: &str) -> bool {
    let w = word.to_lowercase();
    matches!(w.as_str(), "rules" | "bylaws" | "by-laws" | "standing orders" | "articles" | "regulations" | "statutes")
}

/// A word that is a unit number after a unit word: `IV`, `vii`, `A`.
pub(super) fn is_word_number(word: &str) -> bool {
    let w = word.trim_end_matches('.');
    let roman = |s: &str, set: &str| !s.is_empty() && s.len() <= 7 && s.chars().all(|c| set.contains(c));
    // `1297a`: an act's section inserted between two others (`suffixed_number` in the grammar).
    let suffixed = {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_lowercase());
        (1..=2).contains(&(w.len() - digits.len()))
            && (1..=5).contains(&digits.len())
            && digits.chars().all(|c| c.is_ascii_digit())
    };
    roman(w, "IVXLC") || roman(w, "ivxlc") || (w.len() == 1 && w.chars().all(|c| c.is_ascii_uppercase())) || suffixed
}

#[cfg(test)]
mod tests {
    use super::super::lex::lex;
    use super::*;

    fn read(text: &str) -> (Vec<String>, bool, usize) {
        let toks = lex(text, 0);
        let mut c = Cursor::new(&toks, text);
        let a = address(&mut c).expect("an address");
        let shown = a
            .refs
            .iter()
            .map(|r| {
                let mut s = r
                    .steps
                    .iter()
                    .map(|s| {
                        format!(
                            "{}{}{}",
                            s.keyword.as_deref().map(|k| format!("{k} ")).unwrap_or_default(),
                            s.number.as_deref().unwrap_or(""),
                            s.heading.as_deref().map(|h| format!("“{h}”")).unwrap_or_default()
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("/");
                if let Some(alias) = &r.codified {
                    s.push_str(&format!(
                        " = {}",
                        alias.steps.iter().map(|s| s.number.clone().unwrap_or_default()).collect::<Vec<_>>().join("/")
                    ));
                }
                s
            })
            .collect();
        (shown, a.through, c.pos)
    }

    #[test]
    fn paths_in_both_orders() {
        assert_eq!(read("paragraph (a) of subsection 2(1) of the Act is").0, ["subsection 2/1/paragraph a"]);
        assert_eq!(read("Section 1, paragraph (a): DELETE").0, ["section 1/paragraph a"]);
        assert_eq!(
            read("Paragraph 14(f) of the Canada Industrial Relations Board Regulations, 2012 is").0,
            ["paragraph 14/f"]
        );
    }

    #[test]
    fn lists_and_ranges() {
        assert_eq!(read("subsections 3(4) and (5) of the Act are").0, ["subsection 3/4", "subsection 3/5"]);
        let (r, through, _) = read("paragraphs (b) to (d) with");
        assert_eq!(r, ["paragraph b", "paragraph d"]);
        assert!(through);
        assert_eq!(read("Paragraphs (1), (2), (3), and (4) are repealed").0.len(), 4);
    }

    #[test]
    fn a_hyphen_after_a_singular_unit_word_joins_a_code_number() {
        let (r, through, _) = read("Section 2-1402(b) is repealed");
        assert_eq!((r, through), (vec!["section 2-1402/b".to_string()], false));
        // The plural names a range, and so does a spaced hyphen.
        assert!(read("Sections 2-4 are repealed").1);
        assert!(read("Section 2 - 4 is repealed").1);
    }

    #[test]
    fn headings_titles_and_terms() {
        assert_eq!(
            read("Section 3) Organising Group and Steering Committee").0,
            ["section 3“Organising Group and Steering Committee”"]
        );
        assert_eq!(read("rule section \"Polls\" with").0, ["rule section “Polls”"]);
        assert_eq!(read("the Rule with the title \"Legistlative Combo\".").0, ["rule “Legistlative Combo”"]);
        assert_eq!(
            read("The definition Convention in subsection 2(1) of the Act").0,
            ["subsection 2/1/definition “Convention”"]
        );
        assert_eq!(read("Article IV, Section 2,").0, ["article IV/section 2"]);
    }
}
