//! A block's text as it is to go into the document: without the indentation that set it off
//! in the sheet, and without the quote marks of a quoted provision; and how a quotation that
//! runs over lines opens its paragraphs and where it ends.

/// A block without the indentation all its lines share: that indentation sets the text off in
/// the amendment sheet; it is not part of the text. Indentation within the block is kept.
pub(super) fn dedent(text: &str) -> String {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let common = text.lines().filter(|l| !l.trim().is_empty()).map(indent).min().unwrap_or(0);
    text.lines().map(|l| if l.trim().is_empty() { "" } else { &l[common..] }).collect::<Vec<_>>().join("\n")
}

/// A quotation's lines without the marks of an e-mail reply (`> `, `>> `) that a line starts
/// with: a mail client adds them to every line it quotes or wraps, so they are never words of
/// the quotation.
pub(super) fn unmark_replies(text: &str) -> String {
    if !text.contains('>') {
        return text.to_string();
    }
    fn unmarked(l: &str) -> &str {
        let t = l.trim_start();
        if !t.starts_with('>') {
            return l;
        }
        t.trim_start_matches(['>', ' '])
    }
    text.lines().map(unmarked).collect::<Vec<_>>().join("\n")
}

/// US, UK and DC bills quote inserted provisions: the text opens with “ (US and DC bills open
/// every paragraph so) and the last paragraph closes with ”. Those marks are the amending
/// text's, not the law's, so they are removed, and quotes inside are promoted one level
/// (‘State’ → “State”), as the consolidated text prints them. Blocks typed with straight quotes
/// do the same with `"`, when every line opens with one or the marks pair up as one quotation
/// (so that `"Member" means a "tenant".` keeps its quotes).
pub(super) fn unquote_block(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else { return text.to_string() };
    let end_of = |line: &str| {
        let t = line.trim_end();
        let t = t.strip_suffix(" and").or_else(|| t.strip_suffix(" or")).unwrap_or(t);
        t.trim_end_matches(['.', ';', ',']).len()
    };
    let opening = lines[first].trim_start().chars().next();
    let (open, close) = match opening {
        Some('“') => ('“', '”'),
        Some('"') => ('"', '"'),
        Some('‘') => ('‘', '’'),
        _ => return text.to_string(),
    };
    if !lines[last][..end_of(lines[last])].ends_with(close) {
        return text.to_string();
    }
    // The last line without its closing mark and what follows it (`”.`, `”; and`).
    let unclosed = |body: &str| {
        let t = &body[..end_of(body)];
        t.strip_suffix(close).unwrap_or(t).to_string()
    };
    // DC bills open every paragraph with the mark; a copy wrapped at some width has lines that
    // go on a paragraph, and a quoted term may open one of those.
    let mut quotation = Quotation::new(open);
    let opens: Vec<QuotedLine> = lines.iter().map(|l| quotation.line(l)).collect();
    let every_line = lines.iter().zip(&opens).all(|(l, o)| o.opens || l.trim().is_empty());
    // Where every paragraph opens with the mark (two or more do), a line that does not open one
    // goes on the paragraph before: its line break is the copy's wrapping, not the law's.
    let per_paragraph = opens.iter().filter(|o| o.opens).count() >= 2;
    // Otherwise (one mark opens the whole quotation) a line goes on the one before only where
    // that one did not end a paragraph, the line starts with no label or mark, and its first
    // word would not have fitted on the line before: the marks of wrapping.
    let widest = lines.iter().map(|l| l.trim().chars().count()).max().unwrap_or(0);
    let wrapped = |i: usize| {
        let (prev, line) = (lines[i - 1].trim(), lines[i].trim());
        let word = line.split_whitespace().next().unwrap_or("");
        !opens[i - 1].ends
            && !line.starts_with(|c: char| c.is_ascii_digit() || "(§[“\"‘".contains(c))
            && prev.chars().count() + 1 + word.chars().count() > widest
    };
    let mut out: Vec<String> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        let goes_on = i > first && !opens[i].opens && (per_paragraph || wrapped(i));
        if goes_on && out.last().is_some_and(|l| !l.is_empty()) {
            let body = if i == last { unclosed(line.trim()) } else { line.trim().to_string() };
            let prev = out.last_mut().expect("a line before");
            prev.push(' ');
            prev.push_str(body.trim_end());
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let body = line.trim_start();
        let mut body = if opens[i].opens { body.strip_prefix(open).unwrap_or(body) } else { body }.to_string();
        if i == last {
            body = unclosed(&body);
        }
        out.push(format!("{indent}{}", body.trim_end()));
    }
    let out = out.join("\n");
    // Blocks typed with straight quotes whose marks do not pair up as one quotation keep them.
    if open == '"' && !every_line && !quotes_pair(&out) {
        return text.to_string();
    }
    if open == '“' { promote_quotes(&out) } else { out }
}

/// Whether the straight quotes of a line open and close in turn: an opening one at the start
/// or after a space or bracket, a closing one anywhere else.
fn quotes_pair(line: &str) -> bool {
    let mut open = false;
    let mut before = None;
    for c in line.chars() {
        if c == '"' {
            let opens = before.is_none_or(|b: char| b.is_whitespace() || "([{—–".contains(b));
            if opens == open {
                return false;
            }
            open = opens;
        }
        before = Some(c);
    }
    !open
}

/// ‘x’ → “x”: an opening single quote and the closing one that pairs with it. An apostrophe
/// (’ inside a word, `individual’s`) is left alone.
fn promote_quotes(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out: Vec<char> = chars.clone();
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '‘' => open.push(i),
            '’' => {
                let next_is_letter = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !next_is_letter {
                    if let Some(o) = open.pop() {
                        out[o] = '“';
                        out[i] = '”';
                    }
                }
            }
            _ => {}
        }
    }
    out.into_iter().collect()
}

/// A quotation that runs over lines, read a line at a time: bills quote an inserted provision
/// by opening it with a mark, US and DC bills open each of its paragraphs again, and only the
/// last paragraph closes. Quoted terms inside (`"Covered retail establishment" means:`) open
/// and close in turn, and a copy wrapped at any width may break a line inside one, so whether
/// a mark at a line's start opens a paragraph, and whether one at a line's end closes the
/// quotation, depends on the marks before it, not on its line alone.
pub(super) struct Quotation {
    open: char,
    /// Marks of quoted terms open in the current paragraph (straight marks: their parity).
    inner: usize,
    /// Curly marks: the paragraph's own opening mark has been closed (`“(3) The Seer” …`), so a
    /// later closing mark with no term open is the end of a term opened after it.
    shut: bool,
    /// Whether the previous line ended a paragraph (with `.`, `:`, `;`, or as a heading).
    ended: bool,
    first: bool,
}

/// What a line is within a [`Quotation`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct QuotedLine {
    /// Its first character is the mark that opens a paragraph of the quotation.
    pub opens: bool,
    /// Its last mark closes the quotation.
    pub closes: bool,
    /// It ends a paragraph (with `.`, `:`, `;`, or as a heading's one line).
    pub ends: bool,
    /// It ends as a quotation ends (`envelopes.".`: a sentence's stop, the mark, the amending
    /// text's stop), yet an odd number of straight marks come before that mark, so the marks
    /// cannot say whether the quotation ends here: one is missing or one too many.
    pub unpaired: bool,
}

impl Quotation {
    /// A quotation whose first line opens with `open`.
    pub(super) fn new(open: char) -> Quotation {
        Quotation { open, inner: 0, shut: false, ended: true, first: true }
    }

    /// Reads the next line (a blank one ends a paragraph).
    pub(super) fn line(&mut self, line: &str) -> QuotedLine {
        let body = line.trim();
        if body.is_empty() {
            self.ended = true;
            return QuotedLine { opens: false, closes: false, ends: true, unpaired: false };
        }
        let opens = self.opens(body);
        self.first = false;
        let body = if opens { &body[self.open.len_utf8()..] } else { body };
        if opens {
            self.shut = false;
        }
        let tail = body.strip_suffix(" and").or_else(|| body.strip_suffix(" or")).unwrap_or(body).trim_end();
        let tail = tail.trim_end_matches(['.', ';', ',', ')']);
        let before_last = &tail[..tail.len() - last_len(tail)];
        let closes = match self.open {
            // The last mark closes the paragraph's opening one, or the last term after it closed.
            '“' => tail.ends_with(['”', '"']) && matches!(self.after(before_last), (0, _) | (1, true)),
            '"' => tail.ends_with(['”', '"', '’']) && self.after(before_last).0 == 0,
            '‘' => tail.ends_with('’'),
            _ => tail.ends_with(['”', '"', '’']),
        };
        let unpaired = self.open == '"'
            && !closes
            && tail.len() < body.trim_end().len()
            && tail.ends_with('"')
            && before_last.ends_with(['.', '?', '!']);
        if !closes {
            (self.inner, self.shut) = self.after(body);
        }
        // `stores;` / `and`: a clause's `and` wrapped onto a line of its own.
        let conjunction = body.eq_ignore_ascii_case("and") || body.eq_ignore_ascii_case("or");
        self.ended = if conjunction { self.ended } else { ends_paragraph(body, opens || self.ended) };
        QuotedLine { opens, closes, ends: self.ended, unpaired }
    }

    /// Whether its marks are curly, so that each says whether it opens or closes.
    pub(super) fn curly(&self) -> bool {
        self.open == '“'
    }

    /// Whether `body`, the next non-blank line of the quotation without its indentation, opens
    /// a paragraph of it with its first character.
    fn opens(&self, body: &str) -> bool {
        body.starts_with(self.open) && (self.first || (self.inner == 0 && self.ended))
    }

    /// Where in `line`, the next line of the quotation, the paragraph's own opening mark closes
    /// with no quoted term open (`“PB201 … ere.”, and …`): the bytes of that mark. Curly marks
    /// only, as straight ones do not tell an opening from a closing.
    pub(super) fn shut_at(&self, line: &str) -> Option<std::ops::Range<usize>> {
        if self.open != '“' {
            return None;
        }
        let start = line.len() - line.trim_start().len();
        let body = &line[start..];
        let opens = self.opens(body);
        let skip = if opens { self.open.len_utf8() } else { 0 };
        let mut state = (self.inner, self.shut && !opens);
        if state.1 {
            return None;
        }
        for (k, c) in body[skip..].char_indices() {
            state = curly(state, c);
            if state.1 {
                let at = start + skip + k;
                return Some(at..at + c.len_utf8());
            }
        }
        None
    }

    /// The quoted terms left open after `text`, counting from those open before it, and
    /// whether the paragraph's opening mark is then closed. Only the marks count, not where
    /// the lines break, so that a quotation re-wrapped ends where it did.
    fn after(&self, text: &str) -> (usize, bool) {
        match self.open {
            '"' => ((self.inner + text.matches('"').count()) % 2, false),
            '“' => text.chars().fold((self.inner, self.shut), curly),
            _ => (0, false),
        }
    }
}

/// The quoted terms open, and whether the paragraph's own mark is closed, after curly-quoted
/// character `c`.
fn curly((open, shut): (usize, bool), c: char) -> (usize, bool) {
    match c {
        '“' => (open + 1, shut),
        '”' if open > 0 => (open - 1, shut),
        '”' => (0, true),
        _ => (open, shut),
    }
}

/// The length in bytes of a text's last character.
fn last_len(text: &str) -> usize {
    text.chars().next_back().map_or(0, char::len_utf8)
}

/// Whether a line of a quotation ends its paragraph: with `.`, `:` or `;` (perhaps then `and`
/// or `or`), or as a heading's one line (`Subtitle B. Plastic Bags`, `§ 7. Marriage`) when it
/// starts one.
fn ends_paragraph(body: &str, starts: bool) -> bool {
    let t = body.trim_end();
    let t = t.strip_suffix(" and").or_else(|| t.strip_suffix(" or")).unwrap_or(t).trim_end();
    let heading = ["§", "sec.", "title", "subtitle", "part", "subpart", "chapter", "subchapter", "division", "article"];
    let first = t.split_whitespace().next().unwrap_or("").to_lowercase();
    t.ends_with(['.', ':', ';', '—']) || (starts && heading.contains(&first.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_of_a_quoted_block_go_on_their_paragraph() {
        // DC: every paragraph opens with a mark; the lines that do not are the copy's wrapping.
        let dc = "\"(b) An employer shall pay the\nminimum wage when:\n\"(1) the employee works; and\n\"(2) the hours are\nlogged.\".";
        assert_eq!(
            unquote_block(dc),
            "(b) An employer shall pay the minimum wage when:\n(1) the employee works; and\n(2) the hours are logged."
        );
        // One mark for the whole text: a line is joined only where the next word would not have
        // fitted on it and it ended no paragraph.
        let one = "“(8) But it is recognised that the Parliament\nwill not normally legislate.”";
        assert_eq!(unquote_block(one), "(8) But it is recognised that the Parliament will not normally legislate.");
        let heading = "“Suspension of interest\nNo interest is payable on an apprentice loan.”";
        assert_eq!(unquote_block(heading), "Suspension of interest\nNo interest is payable on an apprentice loan.");
        let list =
            "“(1A) The Secretary of State may—\n(a) make rules about the register of members; and\n(b) publish them.”";
        assert_eq!(
            unquote_block(list),
            "(1A) The Secretary of State may—\n(a) make rules about the register of members; and\n(b) publish them."
        );
    }

    #[test]
    fn the_paragraph_s_own_mark_is_found_where_it_closes_mid_line() {
        let q = Quotation::new('“');
        // After its own closing mark; a quoted term inside it does not count.
        let line = "“1.2 The “Alliance” opposes all.”, and replace “all” with “some”";
        let mark = line.find("”,").unwrap();
        assert_eq!(q.shut_at(line), Some(mark..mark + "”".len()));
        assert_eq!(q.shut_at("“1.2 The Alliance opposes"), None);
        // A line that closes the quotation at its end: the mark is the line's last.
        let end = "“1.2 The Alliance.”".len();
        assert_eq!(q.shut_at("“1.2 The Alliance.”"), Some(end - "”".len()..end));
        // Straight marks cannot tell an opening from a closing.
        assert_eq!(Quotation::new('"').shut_at("\"1.2 The Alliance.\", and replace"), None);
        // Once the paragraph's own mark has closed, a later closing mark ends a term.
        let mut q = Quotation::new('“');
        q.line("“(3) The Seer” means the person who");
        assert_eq!(q.shut_at("reads the signs” and"), None);
    }

    /// Each line's reading within one quotation: `o` opens a paragraph, `c` closes it all.
    fn quoted(open: char, lines: &[&str]) -> Vec<&'static str> {
        let mut q = Quotation::new(open);
        lines
            .iter()
            .map(|l| match q.line(l) {
                QuotedLine { opens: true, closes: true, .. } => "oc",
                QuotedLine { opens: true, closes: false, .. } => "o",
                QuotedLine { opens: false, closes: true, .. } => "c",
                QuotedLine { opens: false, closes: false, .. } => "-",
            })
            .collect()
    }

    #[test]
    fn reply_marks_are_not_words_of_a_quotation() {
        assert_eq!(
            unmark_replies("“The human\n> > Does this mean\n>\n> we do.”"),
            "“The human\nDoes this mean\n\nwe do.”"
        );
        assert_eq!(unmark_replies("“A > B”"), "“A > B”");
    }

    #[test]
    fn a_line_that_ends_as_a_quotation_ends_with_unpaired_marks_says_so() {
        let unpaired = |lines: &[&str]| {
            let mut q = Quotation::new('"');
            lines.iter().map(|l| q.line(l).unpaired).collect::<Vec<_>>()
        };
        // A stop, the mark, the amending text's stop: the quotation's end, but three marks
        // come before it (one term is left open).
        assert_eq!(unpaired(&["\"(6A) \"Bags\" means bags. The term \"bubble wrap.\"."]), [true]);
        assert_eq!(unpaired(&["\"(6A) \"Bags\" means bags. The term \"bubble", "wrap.\"."]), [false, true]);
        // Marks that pair up close it; a term at a sentence's end does not look like an end.
        assert_eq!(unpaired(&["\"(6A) \"Bags\" means bags.\"."]), [false]);
        assert_eq!(unpaired(&["\"(6A) The term is \"bags\".", "\"(6B) Others.\"."]), [false, false]);
        assert_eq!(unpaired(&["\"(A) Grocery stores; and", "\"(B) Large format retail.\"."]), [false, false]);
    }

    #[test]
    fn a_quoted_term_at_a_wrapped_line_end_does_not_close_the_quotation() {
        assert_eq!(
            quoted(
                '"',
                &[
                    "\"(5A) \"Covered retail establishment\"",
                    "means:",
                    "\"(A) Grocery stores; and",
                    "\"(B) Large format retail.\"."
                ]
            ),
            ["o", "-", "o", "oc"]
        );
        assert_eq!(
            quoted(
                '"',
                &[
                    "\"(5A) \"Covered",
                    "retail establishment\"",
                    "means:",
                    "\"(A) Grocery stores; and",
                    "\"(B) Large",
                    "format retail.\"."
                ]
            ),
            ["o", "-", "-", "o", "o", "c"]
        );
        assert_eq!(quoted('"', &["\"4.2 A Special General Meeting may be called.\""]), ["oc"]);
        assert_eq!(quoted('“', &["“(c) … may be considered.”."]), ["oc"]);
        assert_eq!(quoted('“', &["“(b) In this section, the term ‘State’", "means a State.”"]), ["o", "c"]);
        assert_eq!(quoted('“', &["“(b) the “State”", "means a State.”"]), ["o", "c"]);
        // The opening mark closed mid-line, then a term: the quotation ends with the term,
        // wherever the line breaks.
        assert_eq!(quoted('“', &["“(3) The Seer” substitute “The Council”."]), ["oc"]);
        assert_eq!(quoted('“', &["“(3) The Seer” substitute “The", "Council”."]), ["o", "c"]);
    }

    #[test]
    fn a_mark_after_an_unfinished_line_quotes_a_term_and_a_heading_is_a_paragraph() {
        // Wrapped before a term: the term's mark opens no paragraph.
        assert_eq!(quoted('"', &["\"(5A) The term", "\"Covered\" means", "a store.\"."]), ["o", "-", "c"]);
        assert_eq!(
            quoted('"', &["\"Subtitle B. Plastic Bags", "\"Sec. 201. Definitions.", "\"(a) Text.\"."]),
            ["o", "o", "oc"]
        );
        assert_eq!(quoted('"', &["\"(1) One; and", "\"(2) \"Court\" is the court.\"."]), ["o", "oc"]);
        assert_eq!(quoted('“', &["“§ 7. Marriage", "", "“(a) Text.”."]), ["o", "-", "oc"]);
        assert_eq!(
            quoted('"', &["\"(A) Grocery stores;", "and", "\"(B) Large format", "retail.\"."]),
            ["o", "-", "o", "c"]
        );
        assert_eq!(quoted('"', &["\"(a) A term", "", "\"Court\" means.\"."]), ["o", "-", "o"]);
    }
}
