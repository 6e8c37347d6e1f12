//! Restatements with marked changes (`Op::Passage`) → edits.
//!
//! Each stretch of the restatement is found in the base by its old text (kept and deleted
//! words) word for word, whatever the wrapping, once in the scope and after the stretch before
//! it: its unchanged words are the proof of where the change goes, so a word that differs is an
//! error, never a loose match. Deleted words are deleted, inserted words go between the kept
//! words around them, and new paragraphs are laid out as the base lays out its own. Units whose
//! whole text is deleted are removed as units, and numbered paragraphs added at the end of a
//! unit go in as units, so that renumbering and references treat them as they treat the other
//! instructions' removals and additions.

mod find;
mod layout;
mod numbering;

use super::*;
use crate::amendment::{Hunk, Passage, Run};
use find::Found;
use numbering::{NewLabel, Refusal};

/// A word of the old text, where the base has it.
#[derive(Debug, Clone, Copy)]
struct OldWord {
    span: Span,
    deleted: bool,
}

/// The passage along the base, stretch after stretch.
#[derive(Debug, Clone)]
enum Tok {
    Old(OldWord),
    /// Inserted text; a line break in it starts a paragraph.
    New(String),
    /// Base text the restatement does not quote: between stretches, or units a stretch leaves out.
    Skip,
}

/// One change between kept words: the base text it deletes, and what it inserts there.
#[derive(Debug)]
struct Change {
    /// The end of the kept word before it, if the restatement quotes one right there.
    before: Option<usize>,
    /// The start of the kept word after it, if quoted right there.
    after: Option<usize>,
    /// From the first deleted word to the last.
    deleted: Option<Span>,
    /// Inserted text that goes on from the text before it.
    inline: String,
    /// Inserted paragraphs after it.
    paras: Vec<String>,
}

/// What a passage does, collected before any of it is committed: a passage applies whole or
/// not at all.
#[derive(Debug, Default)]
struct Work {
    edits: Vec<(Span, String, Option<UnitId>)>,
    removals: Vec<(UnitId, bool)>,
    additions: Vec<(UnitId, String, bool)>,
    errors: Vec<Diagnostic>,
    /// The numbered paragraphs the passage adds, in order.
    labels: Vec<NewLabel>,
    /// New numbers that the base would not write so where they go.
    refusals: Vec<Refusal>,
    wrap: layout::Wrap,
    /// Every old word, in base order, to tell which base labels the passage quotes.
    words: Vec<OldWord>,
}

impl Work {
    /// The refusals of new units' numbers as errors, each naming the units after it numbered
    /// alike.
    fn refused(&mut self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for r in std::mem::take(&mut self.refusals) {
            let label = &self.labels[r.label];
            let same: Vec<String> = self.labels[r.label + 1..]
                .iter()
                .filter(|l| l.form.same(&label.form))
                .map(|l| format!("`{}`", l.printed))
                .collect();
            out.push(if same.is_empty() {
                r.diagnostic
            } else {
                r.diagnostic.note(format!("the units added after it are numbered alike: {}", same.join(", ")))
            });
        }
        out
    }

    /// Whether the passage quotes the base text at `at`: `Some(true)` deleted, `Some(false)` kept.
    fn quoted(&self, at: usize) -> Option<bool> {
        let i = self.words.partition_point(|w| w.span.end <= at);
        self.words.get(i).filter(|w| w.span.start <= at).map(|w| w.deleted)
    }
}

impl Resolver<'_> {
    /// Applies a restatement with marked changes within the scope (the whole document if none).
    pub(super) fn passage(&mut self, ins: &Instruction, passage: &Passage, scope: Option<UnitId>) {
        let (toks, complete) = self.stretches(passage, scope);
        let mut work = Work {
            words: toks
                .iter()
                .filter_map(|t| match t {
                    Tok::Old(w) => Some(*w),
                    _ => None,
                })
                .collect(),
            wrap: self.wrap_of_base(),
            ..Work::default()
        };
        let anchor = |t: &Tok| matches!(t, Tok::Skip | Tok::Old(OldWord { deleted: false, .. }));
        let mut i = 0;
        while i < toks.len() {
            if anchor(&toks[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < toks.len() && !anchor(&toks[i]) {
                i += 1;
            }
            let kept = |t: Option<&Tok>| match t {
                Some(Tok::Old(w)) if !w.deleted => Some(w.span),
                _ => None,
            };
            let mut deleted: Option<Span> = None;
            let mut inserted = String::new();
            for t in &toks[start..i] {
                match t {
                    Tok::Old(w) => deleted = Some(deleted.map_or(w.span, |d| d.join(w.span))),
                    Tok::New(text) => {
                        if !inserted.is_empty() && !text.starts_with('\n') {
                            inserted.push(' ');
                        }
                        inserted.push_str(text);
                    }
                    Tok::Skip => {}
                }
            }
            let mut parts = inserted.split('\n').map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "));
            let inline = parts.next().unwrap_or_default();
            let paras: Vec<String> = parts.filter(|p| !p.is_empty()).collect();
            let change = Change {
                before: start.checked_sub(1).and_then(|j| kept(toks.get(j))).map(|s| s.end),
                after: kept(toks.get(i)).map(|s| s.start),
                deleted,
                inline,
                paras,
            };
            self.change(ins, &change, &mut work);
        }
        let refusals = work.refused();
        if !complete {
            // What was found is read only for the numbers of its new units, so that a clerk
            // learns of them with the text that differs, not after correcting it.
            self.diagnostics.extend(refusals);
            return;
        }
        work.errors.extend(refusals);
        self.check_new_paragraphs(ins, &toks);
        if work.errors.is_empty() {
            self.verify(ins, &toks, &mut work);
        }
        if !work.errors.is_empty() {
            self.diagnostics.append(&mut work.errors);
            return;
        }
        self.restatements.insert(self.origin.span);
        let renumber = self.renumber;
        for (range, text, unit) in work.edits {
            self.push(range, text, EditKind::Text, unit);
        }
        for (u, flag) in work.removals {
            self.renumber = flag;
            self.remove_unit(u);
        }
        for (anchor, text, flag) in work.additions {
            self.renumber = flag;
            self.add_unit(anchor, text);
        }
        self.renumber = renumber;
    }

    /// Finds every stretch and lays the passage out along the base, and whether every stretch
    /// was found (those not found are reported; of one whose words differ from the base, the
    /// words before the difference are laid out).
    fn stretches(&mut self, passage: &Passage, scope: Option<UnitId>) -> (Vec<Tok>, bool) {
        let area = self.region(scope);
        let mut toks: Vec<Tok> = Vec::new();
        let mut previous: Option<(Span, usize)> = None;
        let mut failed = false;
        // Stretches that only add text, waiting for a stretch to go after or before.
        let mut waiting: Vec<(String, Span)> = Vec::new();
        for (h, hunk) in passage.hunks.iter().enumerate() {
            let (words, deleted, order) = stretch_words(hunk);
            if words.is_empty() {
                // A stretch that only adds (a line of its own in wdiff): new paragraphs after the
                // stretch before it, or before the stretch after it.
                let added: Vec<String> = order.into_iter().filter_map(Result::err).collect();
                if !added.is_empty() {
                    waiting.push((format!("\n{}", added.join(" ")), hunk.span));
                }
                continue;
            }
            let (pieces, upto) = match self.find_stretch(&words, area) {
                Found::Once(p) => (p, words.len()),
                Found::Often(spans) => {
                    failed = true;
                    let mut d = Diagnostic::error(
                        Code::CountMismatch,
                        format!(
                            "the restatement's text “{}” occurs {} times in {}; it must show one place",
                            excerpt(&words.join(" "), 60),
                            spans.len(),
                            self.place(area)
                        ),
                    )
                    .primary(self.origin.file, hunk.span, "this stretch of the restatement");
                    for (k, s) in spans.iter().enumerate().take(8) {
                        d = d.secondary(self.doc.file(), *s, format!("occurrence {}", k + 1));
                    }
                    self.diagnostics.push(d.help(
                        "restate more of the unchanged text around the change, so that it matches one place only",
                    ));
                    continue;
                }
                Found::Differs(d) => {
                    failed = true;
                    let (word, matched) = (d.word, d.matched.clone());
                    let d = self.stretch_differs(&words, d, hunk, area);
                    self.diagnostics.push(d);
                    if matched.is_empty() {
                        continue;
                    }
                    (matched, word)
                }
            };
            let first = pieces[0].span;
            let last = pieces[pieces.len() - 1].span;
            // Added stretches before the first stretch found go before it.
            if previous.is_none() {
                toks.extend(waiting.drain(..).map(|(text, _)| Tok::New(text)));
            }
            if let Some((prev, k)) = previous {
                if first.start < prev.end {
                    failed = true;
                    let (line, _) = line_col(self.doc.text(), first.start);
                    let (prev_line, _) = line_col(self.doc.text(), prev.start);
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::TextNotFound,
                            format!(
                                "stretch {} of the restatement is not after stretch {k} in the base: it is on line {line}, the one before it on line {prev_line}",
                                h + 1
                            ),
                        )
                        .primary(self.origin.file, hunk.span, "this stretch")
                        .secondary(self.doc.file(), first, "this stretch is here")
                        .secondary(self.doc.file(), prev, "the stretch before it is here")
                        .help("a restatement follows the base's order: put its stretches in the order the base has them"),
                    );
                    continue;
                }
                // Added stretches go after the stretch before them.
                toks.extend(waiting.drain(..).map(|(text, _)| Tok::New(text)));
                if !self.doc.text()[prev.end..first.start].trim().is_empty() {
                    toks.push(Tok::Skip);
                }
            }
            let mut spans = Vec::with_capacity(words.len());
            for (p, piece) in pieces.iter().enumerate() {
                if p > 0 {
                    spans.push(None);
                }
                spans.extend(self.word_spans(&words, *piece).into_iter().map(Some));
            }
            // `spans` has a `None` before each piece after the first: a unit left out.
            let mut at = 0;
            for item in order {
                match item {
                    Ok(k) if k >= upto => break,
                    Ok(k) => {
                        while spans[at].is_none() {
                            toks.push(Tok::Skip);
                            at += 1;
                        }
                        debug_assert_eq!(at - spans[..at].iter().filter(|s| s.is_none()).count(), k);
                        let span = spans[at].unwrap_or_default();
                        toks.push(Tok::Old(OldWord { span, deleted: deleted[k] }));
                        at += 1;
                    }
                    Err(text) => toks.push(Tok::New(text)),
                }
            }
            previous = Some((Span::new(first.start, last.end), h + 1));
        }
        if previous.is_some() {
            toks.extend(waiting.drain(..).map(|(text, _)| Tok::New(text)));
        }
        for (_, span) in waiting {
            failed = true;
            self.diagnostics.push(
                Diagnostic::error(
                    Code::NoInsertionPoint,
                    "the restatement inserts text but quotes nothing of the base around it",
                )
                .primary(self.origin.file, span, "where does this go?")
                .help("quote the unchanged words before or after the new text, as the base has them"),
            );
        }
        (toks, !failed)
    }

    /// One change: deletions, the words inserted in their place, paragraphs added after them.
    fn change(&mut self, ins: &Instruction, c: &Change, work: &mut Work) {
        let Some(deleted) = c.deleted else {
            return self.insertion(ins, c, work);
        };
        let (texts, units) = self.split_deleted(deleted);
        if c.inline.is_empty() && c.paras.is_empty() {
            // Only deletions: whole units removed as units, the rest as text.
            for &u in &units {
                if let Some(flag) = self.shifted_numbers(ins, u, None, work) {
                    work.removals.push((u, flag));
                }
            }
            let removed = self.removal_ranges(&units);
            // Deleted text that runs from one paragraph into the next, up to a kept word inside
            // it, joins the two: the break goes with the deleted text.
            let joins = c.after.is_some_and(|k| !self.starts_unit(k)) && self.unit_starts_inside(deleted);
            for (k, t) in texts.into_iter().enumerate() {
                let range = self.deletion_range(t, &removed, joins && k > 0);
                work.edits.push((range, String::new(), self.doc.unit_at(t.start)));
            }
            return;
        }
        // New text that starts with a number, replacing deleted text that starts a paragraph
        // after others (`1. Alpha [-one. 2. Beta two. 3.-] {+2.+} Gamma`), stands at the start
        // of that paragraph; the deleted text before it goes as deleted text.
        let mut texts = texts;
        let mut early = Vec::new();
        if texts.len() > 1
            && texts.last().is_some_and(|t| self.starts_unit(t.start))
            && NewLabel::read(&c.inline).is_some()
        {
            early = texts.drain(..texts.len() - 1).collect();
        }
        // The new text takes the place of the deleted text; whole units before or after it are
        // removed as units.
        let (target, leading, trailing): (Span, Vec<UnitId>, Vec<UnitId>) = match (texts.first(), texts.last()) {
            (Some(a), Some(b)) => {
                let target = Span::new(a.start, b.end);
                let leading = units.iter().copied().filter(|&u| self.doc.unit(u).span.end <= target.start).collect();
                let trailing = units.iter().copied().filter(|&u| self.doc.unit(u).span.start >= target.end).collect();
                (target, leading, trailing)
            }
            _ => (self.doc.unit(units[0]).span, Vec::new(), units[1..].to_vec()),
        };
        for &u in leading.iter().chain(&trailing) {
            if let Some(flag) = self.shifted_numbers(ins, u, None, work) {
                work.removals.push((u, flag));
            }
        }
        let removed = self.removal_ranges(&leading.iter().chain(&trailing).copied().collect::<Vec<_>>());
        for t in early {
            let range = self.deletion_range(t, &removed, false);
            work.edits.push((range, String::new(), self.doc.unit_at(t.start)));
        }
        let starts_paragraph = self.doc.text()[self.prev_content(target.start)..target.start].contains('\n')
            || self.prev_content(target.start) == self.doc.content_start();
        let unit = self.doc.unit_at(target.start);
        let mut paras: &[String] = &c.paras;
        let (range, mut text) = if !c.inline.is_empty() {
            (target, self.fit(target, &c.inline))
        } else if starts_paragraph {
            // The first new paragraph stands where the deleted text stood.
            self.check_label(ins, &c.paras[0], target.start, work);
            paras = &c.paras[1..];
            (target, c.paras[0].clone())
        } else {
            (clamp(Span::new(self.prev_content(target.start), target.end), &removed), String::new())
        };
        text.push_str(&self.place_paragraphs(ins, target.end, c.after, paras, work));
        work.edits.push((range, text, unit));
    }

    /// A change that only inserts: after the kept word before it, or before the one after it.
    fn insertion(&mut self, ins: &Instruction, c: &Change, work: &mut Work) {
        match (c.before, c.after) {
            (Some(at), _) => {
                let mut text = if c.inline.is_empty() { String::new() } else { self.fit(Span::point(at), &c.inline) };
                text.push_str(&self.place_paragraphs(ins, at, c.after, &c.paras, work));
                if !text.is_empty() {
                    work.edits.push((Span::point(at), text, self.doc.unit_at(at.saturating_sub(1))));
                }
            }
            (None, Some(at)) if c.paras.is_empty() => {
                work.edits.push((Span::point(at), self.fit(Span::point(at), &c.inline), self.doc.unit_at(at)));
            }
            (None, Some(at)) => {
                // New paragraphs before the first kept word: each a paragraph of its own, the
                // kept text after them on a line of its own as before.
                let unit = self.doc.unit_at(at);
                let mut paras: Vec<&str> = Vec::new();
                if !c.inline.is_empty() {
                    paras.push(&c.inline);
                }
                paras.extend(c.paras.iter().map(String::as_str));
                let reference = unit.unwrap_or(UnitId(0));
                let (sep, indent) = self.separation(reference);
                let le = self.doc.line_ending().as_str();
                let mut text = String::new();
                for p in &paras {
                    self.check_label(ins, p, at, work);
                    text.push_str(&self.laid_out(p, reference, indent.len(), le, work));
                    text.push_str(&sep);
                    text.push_str(&indent);
                }
                work.edits.push((Span::point(at), text, unit));
            }
            (None, None) => work.errors.push(
                Diagnostic::error(Code::NoInsertionPoint, "the restatement inserts text with nothing quoted around it")
                    .primary(self.origin.file, ins.span, "where does this go?")
                    .help("quote the unchanged words before or after the new text, as the base has them"),
            ),
        }
    }

    /// A paragraph of prose that the restatement adds, or whose end it changes, and that does
    /// not end as a sentence ends gets W0102, as a unit that loses its full stop does: the
    /// tool adds nothing. (The check of other instructions' edits, one at a time, is not made
    /// for a restatement's: its words may move a paragraph's end into another.)
    fn check_new_paragraphs(&mut self, ins: &Instruction, toks: &[Tok]) {
        /// A paragraph of the new text: its words, whether it is new, whether its end changed.
        #[derive(Default)]
        struct Para {
            text: String,
            new: bool,
            old: bool,
            end_changed: bool,
        }
        let mut paras: Vec<Para> = Vec::new();
        let mut para = Para::default();
        let mut in_change = false;
        let close = |para: &mut Para, paras: &mut Vec<Para>| {
            let p = std::mem::take(para);
            if p.end_changed && !p.text.trim().is_empty() {
                paras.push(p);
            }
        };
        for t in toks {
            match t {
                Tok::Old(w) => {
                    // A paragraph starts at a kept word that starts a unit, or where a change
                    // starts by deleting a unit's first words (what replaces them stands there).
                    if self.starts_unit(w.span.start) && (!w.deleted || !in_change) {
                        close(&mut para, &mut paras);
                    }
                    in_change = w.deleted;
                    para.end_changed = w.deleted;
                    if !w.deleted {
                        if para.text.trim().is_empty() {
                            para.old = true;
                        }
                        para.text.push(' ');
                        para.text.push_str(self.doc.slice(w.span));
                    }
                }
                Tok::New(text) => {
                    in_change = true;
                    for (k, part) in text.split('\n').enumerate() {
                        if k > 0 {
                            close(&mut para, &mut paras);
                            para.new = true;
                        }
                        para.text.push(' ');
                        para.text.push_str(part);
                        para.end_changed = true;
                    }
                }
                Tok::Skip => {
                    in_change = false;
                    close(&mut para, &mut paras);
                }
            }
        }
        close(&mut para, &mut paras);
        for p in paras {
            let text = normalize(&p.text);
            let words: Vec<&str> = text.split(' ').collect();
            let body = &text[line_label(&text).map_or(0, |(len, _)| len)..];
            let sentences =
                body.match_indices(". ").filter(|(i, _)| body[i + 2..].starts_with(char::is_uppercase)).count();
            let prose = words.len() >= 20 || sentences > 0;
            let end = text.trim_end_matches(['"', '\'', ')', ']', '”', '’']);
            if !prose || end.ends_with(['.', '!', '?', ':', ';']) {
                continue;
            }
            let shown = if words.len() > 12 {
                format!("{} … {}", words[..5].join(" "), words[words.len() - 5..].join(" "))
            } else {
                text.clone()
            };
            let message = if p.old && !p.new {
                format!("the paragraph “{shown}” no longer ends with a full stop")
            } else {
                format!("the new paragraph “{shown}” does not end with a full stop")
            };
            self.diagnostics.push(
                Diagnostic::warning(Code::NoFinalStop, message)
                    .primary(self.origin.file, ins.span, "as this restatement has it")
                    .help("the tool adds nothing; if a full stop is meant, include it in the restatement"),
            );
        }
    }

    /// Whether a unit starts inside `span` (after its first character).
    fn unit_starts_inside(&self, span: Span) -> bool {
        let first = self.doc.unit_at(span.start).map_or(0, |u| u.0 as usize);
        self.doc.units().skip(first).map(|(_, u)| u.span.start).take_while(|&s| s <= span.end).any(|s| s > span.start)
    }

    /// Whether a unit's first line starts at `at`.
    fn starts_unit(&self, at: usize) -> bool {
        self.doc.unit_at(at).is_some_and(|u| self.doc.unit(u).span.start == at || self.doc.first_line(u).start == at)
    }

    /// Checks, before anything is committed, that the edits give the restatement's new text
    /// word for word wherever it quotes the base: a guard against a seam handled wrongly, so
    /// that a passage is refused rather than applied otherwise than written.
    fn verify(&self, ins: &Instruction, toks: &[Tok], work: &mut Work) {
        let mut edits: Vec<(Span, String)> = work.edits.iter().map(|(r, t, _)| (*r, t.clone())).collect();
        edits.extend(work.removals.iter().map(|&(u, _)| (self.removal_range(u), String::new())));
        edits
            .extend(work.additions.iter().map(|(a, t, _)| (Span::point(self.doc.unit(*a).span.end), format!("\n{t}"))));
        edits.sort_by_key(|(r, _)| (r.start, r.end));
        let text = self.doc.text();
        let mut output = String::with_capacity(text.len());
        let mut cursor = 0;
        let mut overlap = false;
        for (r, t) in &edits {
            overlap |= r.start < cursor;
            output.push_str(&text[cursor..r.start.max(cursor)]);
            output.push_str(t);
            cursor = cursor.max(r.end);
        }
        output.push_str(&text[cursor..]);
        let output = normalize(&output);
        let mut groups: Vec<String> = vec![String::new()];
        for t in toks {
            let piece = match t {
                Tok::Old(w) if !w.deleted => normalize(self.doc.slice(w.span)),
                Tok::New(t) => normalize(t),
                Tok::Skip => {
                    groups.push(String::new());
                    continue;
                }
                Tok::Old(_) => continue,
            };
            let g = groups.last_mut().expect("one group at least");
            if !g.is_empty() && !piece.is_empty() {
                g.push(' ');
            }
            g.push_str(&piece);
        }
        if overlap || groups.iter().any(|g| !g.is_empty() && !output.contains(g.as_str())) {
            work.errors.push(
                Diagnostic::error(Code::Syntax, "the restatement could not be applied exactly as written")
                    .primary(self.origin.file, ins.span, "this restatement")
                    .note("its changes, put into the base, would not give its new text word for word; this is a fault of amend")
                    .help("write the change as instructions (DELETE … INSERT …), and please report the case"),
            );
        }
    }

    /// The deleted text as pieces of text and whole units (the largest ones), in order.
    fn split_deleted(&self, deleted: Span) -> (Vec<Span>, Vec<UnitId>) {
        let mut units = Vec::new();
        let mut id = self.doc.unit_at(deleted.start).map_or(0, |u| u.0);
        // The first unit that could lie inside: the deepest one holding the start, or after it.
        while (id as usize) < self.doc.len() {
            let u = UnitId(id);
            let span = self.doc.unit(u).span;
            if span.start >= deleted.end {
                break;
            }
            if span.start >= deleted.start && span.end <= deleted.end {
                units.push(u);
                id = self.doc.subtree(u).end;
            } else {
                id += 1;
            }
        }
        let mut texts = Vec::new();
        let mut at = deleted.start;
        for &u in &units {
            let span = self.doc.unit(u).span;
            push_text(self.doc.text(), &mut texts, Span::new(at, span.start));
            at = span.end;
        }
        push_text(self.doc.text(), &mut texts, Span::new(at, deleted.end));
        (texts, units)
    }

    /// Where removing each unit takes text from.
    fn removal_ranges(&self, units: &[UnitId]) -> Vec<Span> {
        units.iter().map(|&u| self.removal_range(u)).collect()
    }

    /// A deletion of text with one of the gaps around it, so that neither a double space nor
    /// an empty line is left: the stronger break (a line break over a space, a blank line over
    /// a line break) is the one kept. Text that units removed with it take is left to them.
    fn deletion_range(&self, span: Span, removed: &[Span], join: bool) -> Span {
        let text = self.doc.text();
        let (prev, next) = (self.prev_content(span.start), self.next_content(span.end));
        let (before, after) = (&text[prev..span.start], &text[span.end..next]);
        let breaks = |s: &str| s.matches('\n').count() + s.matches('\r').count() - s.matches("\r\n").count();
        let (nb, na) = (breaks(before), breaks(after));
        let with_before = Span::new(prev, span.end);
        let with_after = Span::new(span.start, next);
        let choices = match (before.is_empty(), after.is_empty()) {
            (true, true) => [span, span],
            (false, _) if join => [with_before, span],
            (false, true) if nb == 0 => [with_before, span],
            (true, false) if na == 0 => [with_after, span],
            (false, false) if na >= nb => [with_before, with_after],
            (false, false) => [with_after, with_before],
            _ => [span, span],
        };
        let free = |r: &Span| !removed.iter().any(|t| t.start < r.end && r.start < t.end);
        choices.into_iter().find(free).unwrap_or_else(|| clamp(span, removed))
    }
}

/// The old words of a stretch (normalised), whether each is deleted, and the stretch in
/// order: `Ok(i)` for old word `i`, `Err(text)` for inserted text.
#[allow(clippy::type_complexity)]
fn stretch_words(hunk: &Hunk) -> (Vec<String>, Vec<bool>, Vec<Result<usize, String>>) {
    let mut words = Vec::new();
    let mut deleted = Vec::new();
    let mut order = Vec::new();
    for run in &hunk.runs {
        match run {
            Run::Kept(t) | Run::Deleted(t) => {
                for w in t.split_whitespace() {
                    let w = normalize(w);
                    // A word of zero-width characters only is nothing the base can show.
                    if w.is_empty() {
                        continue;
                    }
                    order.push(Ok(words.len()));
                    words.push(w);
                    deleted.push(matches!(run, Run::Deleted(_)));
                }
            }
            Run::Inserted(t) if !t.trim().is_empty() => order.push(Err(t.clone())),
            Run::Inserted(_) => {}
        }
    }
    (words, deleted, order)
}

/// Adds the non-blank part of `span` to `out`.
fn push_text(text: &str, out: &mut Vec<Span>, span: Span) {
    let s = &text[span.range()];
    let lead = s.len() - s.trim_start().len();
    let trimmed = s.trim();
    if !trimmed.is_empty() {
        out.push(Span::new(span.start + lead, span.start + lead + trimmed.len()));
    }
}

/// `range` narrowed so that it does not overlap any of `taken`.
fn clamp(range: Span, taken: &[Span]) -> Span {
    let mut r = range;
    for t in taken {
        if t.end <= r.start || t.start >= r.end {
            continue;
        }
        if t.start <= r.start {
            r.start = t.end.min(r.end);
        } else {
            r.end = t.start.max(r.start);
        }
    }
    r
}

#[cfg(test)]
mod tests;
