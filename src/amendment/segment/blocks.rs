//! Blocks: the text a provision introduces (plain, indented, fenced, `>`-quoted, in quotation
//! marks, a restated titled section), where each ends; and passages (pseudo-diffs) and
//! orphaned blocks that no provision introduces.

use super::*;

impl<'t> Segmenter<'t> {
    // ─────────────────────────── Blocks ───────────────────────────

    /// Reads the block that starts at line `i` (the first non-blank line after its
    /// introduction) into the current provision; returns the line after it.
    pub(super) fn read_block(&mut self, i: usize, intro: Intro) -> usize {
        let intro_indent = self.cur.as_ref().map_or(0, |b| b.indent);
        let first = self.line(i);
        // `Member Resignation` / `> A member shall …`: a unit's title, then its text restated.
        let title = (self.cur.as_ref().is_some_and(|b| b.restates)
            && !first.trim_start().starts_with('>')
            && !ends_terminal(first.trim_end())
            && first.split_whitespace().count() <= 8)
            .then(|| self.next_text(i).filter(|&j| self.line(j).trim_start().starts_with('>')))
            .flatten();
        let (end, form) = if let Some(j) = title {
            (self.run_end(j, |s, k| s.line(k).trim_start().starts_with('>')), BlockForm::Quoted)
        } else if is_fence(first) {
            (self.fenced_end(i), BlockForm::Fenced)
        } else if first.trim_start().starts_with('>') {
            (self.run_end(i, |s, j| s.line(j).trim_start().starts_with('>')), BlockForm::Quoted)
        } else if is_diff_line(first) && self.has_both_marks(i) {
            (self.run_end(i, |s, j| is_diff_line(s.line(j)) || s.lines[j].indent > 0), BlockForm::Diff)
        } else if let Some((end, doubt)) = opens_quote(first).then(|| self.line_quoted_end(i)).flatten() {
            if let (Some(doubt), Some(b)) = (doubt, &mut self.cur) {
                b.ends_in_doubt.push(doubt);
            }
            (end, BlockForm::LineQuoted)
        } else if self.lines[i].indent > intro_indent {
            let indent = self.lines[i].indent;
            (self.run_end(i, |s, j| s.lines[j].indent >= indent.min(intro_indent + 1)), BlockForm::Indented)
        } else {
            (self.plain_end(i, intro), BlockForm::Plain)
        };
        let end = end.max(i + 1);
        let span = Span::new(self.lines[i].span.start, self.lines[end - 1].span.end);
        let mut form = form;
        let text = match form {
            BlockForm::Fenced => {
                let inner_end = if end - 1 > i && self.fence[end - 1] { end - 1 } else { end };
                self.join(i + 1, inner_end)
            }
            BlockForm::Quoted => self
                .join(title.unwrap_or(i), end)
                .lines()
                .map(|l| {
                    let t = l.trim_start().strip_prefix('>').unwrap_or(l);
                    t.strip_prefix(' ').unwrap_or(t).trim_end().to_string()
                })
                .collect::<Vec<_>>()
                .join("\n"),
            _ => self.join(i, end),
        };
        let text = match form {
            BlockForm::Indented | BlockForm::Plain | BlockForm::Fenced => dedent(&text),
            BlockForm::LineQuoted => unquote_block(&dedent(&unmark_replies(&text))),
            _ => text,
        };
        if form != BlockForm::Diff && is_wdiff(&text) {
            form = BlockForm::Diff;
        }
        if let Some(b) = &mut self.cur {
            b.tokens.push(Token { kind: Tok::Block(b.blocks), span });
            b.blocks += 1;
            let title = title.map(|_| first.trim().to_string());
            // The title line, then the text as quoted: the unit as it is to read.
            let text = match &title {
                Some(t) => format!("{t}\n{text}"),
                None => text,
            };
            b.parts.push(Part::Block(Block { text, span, form, title }));
            b.end = span.end;
            b.last = end - 1;
            b.await_block = None;
            b.after_block = true;
        }
        end
    }

    /// The line after a fenced block that starts at `i`.
    pub(super) fn fenced_end(&self, i: usize) -> usize {
        let mut j = i + 1;
        while j < self.lines.len() {
            if self.fence[j] {
                return j + 1;
            }
            j += 1;
        }
        j
    }

    /// The line after the run of lines from `i` that satisfy `keep` (blank lines inside the
    /// run are kept when a kept line follows them).
    pub(super) fn run_end(&self, i: usize, keep: impl Fn(&Self, usize) -> bool) -> usize {
        let mut end = i + 1;
        let mut j = i + 1;
        while j < self.lines.len() {
            if self.lines[j].blank {
                j += 1;
                continue;
            }
            if !keep(self, j) {
                break;
            }
            j += 1;
            end = j;
        }
        end
    }

    /// A block in quotation marks: from a line that opens a quote to the line whose end closes
    /// it (`”.`, `".`, `”; and`); the line after it, and the mark where it was taken to end
    /// if that end is in doubt: the line ends as a quotation ends though its straight marks do
    /// not pair up, or the quotation closes mid-line and the line goes on with an instruction.
    pub(super) fn line_quoted_end(&self, i: usize) -> Option<(usize, Option<(Span, Doubt)>)> {
        let mut quotation = Quotation::new(self.line(i).trim_start().chars().next().unwrap_or('"'));
        let mut j = i;
        while j < self.lines.len() {
            if j > i && self.lines[j].blank && j + 1 < self.lines.len() && self.lines[j + 1].blank {
                return None;
            }
            let line = self.line(j);
            // `“PB201 … ere.”, and Replace “…” with “…”, so that it reads:` wrapped after
            // `ere.”, and` ends the quotation there; on one line it must not read as more of it.
            if let Some(mark) = quotation.shut_at(line).filter(|m| intro::starts_instruction(&line[m.end..])) {
                let at = self.lines[j].span.start;
                return Some((j + 1, Some((Span::new(at + mark.start, at + mark.end), Doubt::RunsOn))));
            }
            let read = quotation.line(line);
            if read.closes && self.sentence_goes_on(j, quotation.curly()) {
                // Unwrapped, `… the word "employee's" in its place.` does not end here: a mark
                // inside a line never closes the quotation, so at a line's end it cannot either.
                let (k, c) = line.char_indices().rfind(|&(_, c)| matches!(c, '"' | '”' | '’')).unwrap_or((0, '"'));
                let at = self.lines[j].span.start + k;
                let mark = Span::new(at, at + c.len_utf8());
                return Some((j + 1, Some((mark, Doubt::GoesOn))));
            }
            if read.closes || read.unpaired {
                // Where the marks do not pair up, the end that the punctuation shows is the
                // likeliest; the provision carries an error, so nothing is applied on a guess.
                let unpaired = read.unpaired.then(|| {
                    let at = self.lines[j].span.start + line.rfind('"').unwrap_or(0);
                    (Span::new(at, at + 1), Doubt::Unpaired)
                });
                return Some((j + 1, unpaired));
            }
            // Inside the quote, a line that opens like commentary (`minutes. A member …`) is
            // quoted text; only the amending text's structure ends the search.
            if j > i
                && !self.lines[j].blank
                && self.commentary[j] == Kind::Text
                && self.cur.as_ref().is_some_and(|b| self.strong_start(j, b))
            {
                return None;
            }
            j += 1;
        }
        // A quotation of numbered paragraphs (`"(1A) …`, `"Sec. 112f. …`) that never closes:
        // taken to the end of the sheet, it would make whatever follows (the act's effective
        // date) part of the new text. Its opening mark is reported. (A block of definitions,
        // `"licence" means …`, closes no quotation of its own and is read as plain text.)
        let first = self.line(i).trim_start();
        let mark = first.chars().next().map_or(1, char::len_utf8);
        let after = &first[mark..];
        if crate::document::line_label(after).is_none() && !after.starts_with("Sec.") {
            return None;
        }
        let at = self.lines[i].span.start + (self.line(i).len() - first.len());
        Some((self.lines.len(), Some((Span::new(at, at + mark), Doubt::Unpaired))))
    }

    /// Whether line `j`, whose last mark closes a quotation, is a sentence that the next line
    /// goes on with: that line starts in lower case (`in its place.`), and is neither a lone
    /// `and` or `or` nor a labelled provision (`b) In …`). Nor is an instruction after a curly
    /// mark (`and in Article 6, delete …`): that mark closes the quotation wherever the line
    /// breaks (on one line, E0213 asks for the instruction on a line of its own), while a
    /// straight mark inside a line closes nothing, so there even an instruction would read
    /// otherwise unwrapped.
    fn sentence_goes_on(&self, j: usize, curly: bool) -> bool {
        let next = j + 1;
        if self.lines.get(next).is_none_or(|l| l.blank) || self.commentary[next] != Kind::Text {
            return false;
        }
        let content = self.content(next);
        let conjunction = matches!(content.trim_end_matches([',', ';', '—', '–']), "and" | "or");
        self.goes_on_after_block(next) && !conjunction && !(curly && starts_instruction(content))
    }

    /// A plain block: the lines after its introduction, up to the next provision, a heading of
    /// the sheet, commentary or a vote; over a blank line only where the introduction promised
    /// several paragraphs or the next paragraph continues the block's list.
    pub(super) fn plain_end(&self, i: usize, intro: Intro) -> usize {
        let first = self.content(i);
        let first_marker = list_marker(first);
        let mut end = i + 1;
        let mut j = i + 1;
        let mut after_blank = false;
        while j < self.lines.len() {
            if self.lines[j].blank {
                if !intro.marked {
                    // A block promised by a bare verb is one paragraph.
                    break;
                }
                after_blank = true;
                j += 1;
                continue;
            }
            let content = self.content(j);
            let field = self.commentary[j] != Kind::Text && same_markup(first, content) && !after_blank;
            let stop = !field
                && (match &self.cur {
                    Some(b) => self.strong_start(j, b) && self.block_line_ends(j),
                    None => false,
                } || self.commentary[j] != Kind::Text)
                || self.rule[j]
                || self.line(j).trim_start().starts_with("# ")
                || self.line(j).trim_start().starts_with("## ");
            if stop {
                break;
            }
            if after_blank {
                let same_list = first_marker.is_some() && list_marker(content) == first_marker;
                let indented = self.lines[j].indent > 0;
                // `Article IV. Officers` / blank / its text: a heading and the body under it.
                let under_title = end == i + 1 && is_annotation(first);
                if !(intro.plural || same_list || indented || under_title) {
                    break;
                }
            }
            after_blank = false;
            j += 1;
            end = j;
        }
        self.trailing_annotations(i, end)
    }

    /// Whether line `j`, a possible provision start, really ends a block: the amending text's
    /// numbering goes on there and the line reads as an amending provision.
    pub(super) fn block_line_ends(&self, j: usize) -> bool {
        match self.enumerator_labels(j).and_then(|l| l.first().cloned()) {
            Some(l) if matches!(l.style, Style::Counted(..)) => self.reads_as_provision(j),
            _ => true,
        }
    }

    /// A plain block does not end with the next provision's annotations: headings, marginal
    /// notes and citations of amended provisions (`Coming into Force`, `2008, c. 14, s. 2(1)`)
    /// written just before it. An annotation starts after a paragraph's end (or another
    /// annotation) and has a provision after it; otherwise the short line is the end of a
    /// wrapped sentence of the block.
    pub(super) fn trailing_annotations(&self, i: usize, end: usize) -> usize {
        if end >= self.lines.len() || self.next_text(end - 1).is_none() {
            return end;
        }
        let starts_afresh = |k: usize| {
            self.lines[k - 1].blank || ends_terminal(self.content(k - 1)) || is_annotation(self.content(k - 1))
        };
        let mut e = end;
        while e > i + 1 {
            if is_annotation(self.content(e - 1)) && starts_afresh(e - 1) {
                e -= 1;
                continue;
            }
            // A citation wrapped onto more lines (`2008, c. 14, s. 2(2); … (8)` / `and (9)(F)`).
            let mut k = e - 1;
            while k > i + 1 && !is_citation(self.content(k)) && continues_citation(self.content(k)) {
                k -= 1;
            }
            if k + 1 < e && is_citation(self.content(k)) {
                e = k;
                continue;
            }
            break;
        }
        e
    }

    /// The text of lines `from..to`, line breaks as `\n`.
    pub(super) fn join(&self, from: usize, to: usize) -> String {
        let mut out = String::new();
        for j in from..to.min(self.lines.len()) {
            if j > from {
                out.push('\n');
            }
            // Verbatim: a block's spacing is the new text's.
            out.push_str(self.line(j));
        }
        out.trim_end_matches(['\n', ' ', '\t']).to_string()
    }

    // ─────────────────────────── Passages and orphans ───────────────────────────

    /// A pseudo-diff starting at or around line `i`: the lines up to the next rule (or two),
    /// holding `-` and `+` lines. Returns the line after it, having pushed it as a provision.
    pub(super) fn passage_at(&mut self, i: usize) -> Option<usize> {
        // The passage starts after a rule line or at the first diff line's paragraph.
        let from = if self.rule[i] || self.fence[i] { i + 1 } else { i };
        let (first_end, first_has_plus, first_has_minus) = self.diff_region(from)?;
        let mut end = first_end;
        let mut has_plus = first_has_plus;
        // Paired halves: old lines, a `=====` rule, new lines.
        if !first_has_plus && first_has_minus && end < self.lines.len() && self.rule[end] {
            if let Some((second_end, plus, minus)) = self.diff_region(end + 1) {
                if plus && !minus {
                    end = second_end;
                    has_plus = true;
                }
            }
        }
        if !has_plus {
            return None;
        }
        let span = Span::new(self.lines[from].span.start, self.lines[end - 1].span.end);
        let text = self.join(from, end);
        self.out.push(Provision {
            parts: vec![Part::Block(Block { text, span, form: BlockForm::Diff, title: None })],
            span,
            enumerator: None,
            parent: None,
            under_outer: false,
            kind: Kind::Text,
            tokens: vec![Token { kind: Tok::Block(0), span }],
            loose: Vec::new(),
            ends_in_doubt: Vec::new(),
        });
        // The closing rule belongs to the passage.
        Some(if end < self.lines.len() && self.rule[end] { end + 1 } else { end })
    }

    /// The lines from `from` up to the next rule line: the line after them, and whether they
    /// hold `+` and `-` lines. `None` when they hold neither (or nothing but blank lines).
    pub(super) fn diff_region(&self, from: usize) -> Option<(usize, bool, bool)> {
        let from = from.min(self.lines.len());
        let j = self.next_stop[from];
        let any = self.nonblank[j] > self.nonblank[from];
        let plus = self.plus[j] > self.plus[from];
        let minus = self.minus[j] > self.minus[from];
        (any && (plus || minus)).then_some((j, plus, minus))
    }

    /// Whether the lines from `i` hold both `-` and `+` lines before a blank-separated stop.
    pub(super) fn has_both_marks(&self, i: usize) -> bool {
        self.diff_region(i).is_some_and(|(_, p, m)| p && m)
    }

    /// A rule or fence that is not a passage: the lines up to the next rule are read as
    /// ordinary provisions; the rule itself is commentary.
    pub(super) fn orphan(&mut self, i: usize) -> usize {
        if self.fence[i] && !self.rule[i] {
            // A fenced block that no instruction introduced: shown, never applied.
            let end = self.fenced_end(i);
            let span = Span::new(self.lines[i].span.start, self.lines[end - 1].span.end);
            self.out.push(Provision {
                parts: vec![Part::Text(span)],
                span,
                enumerator: None,
                parent: None,
                under_outer: false,
                kind: Kind::Commentary("a fenced block that no instruction introduces"),
                tokens: Vec::new(),
                loose: Vec::new(),
                ends_in_doubt: Vec::new(),
            });
            return end;
        }
        i + 1
    }
}
