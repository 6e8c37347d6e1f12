//! Finding a stretch of a restatement in the base: its old words, word for word whatever the
//! wrapping, once in the scope; between units it may leave out whole units (a heading quoted
//! above the item that changes). When the words are not there, the first word that differs.

use super::super::*;
use crate::amendment::Hunk;

/// A contiguous part of a stretch found in the base: its old words `words` at `span`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Piece {
    pub words: (usize, usize),
    pub span: Span,
}

/// Where a stretch's words stopped matching the base.
#[derive(Debug, Clone)]
pub(super) struct Differs {
    /// The first old word that the base does not have there.
    pub word: usize,
    /// Where the base goes on instead (`None` when not even the first word is found).
    pub at: Option<usize>,
    /// The pieces found before that word.
    pub matched: Vec<Piece>,
}

/// How a stretch was found.
#[derive(Debug)]
pub(super) enum Found {
    /// Once: its pieces, in order.
    Once(Vec<Piece>),
    /// In several places: where each starts.
    Often(Vec<Span>),
    /// Nowhere.
    Differs(Differs),
}

/// At most this many places where a stretch's first words occur are followed up when the
/// stretch leaves units out; a stretch whose first words occur more often names more.
const MAX_TRIES: usize = 8;

impl Resolver<'_> {
    /// Finds the old words of a stretch (normalised, one per element) in `area`.
    pub(super) fn find_stretch(&self, words: &[String], area: Span) -> Found {
        let whole = self.norm.find_words(area, &words.join(" "));
        match whole.len() {
            1 => return Found::Once(vec![Piece { words: (0, words.len()), span: whole[0] }]),
            n if n > 1 => return Found::Often(whole),
            _ => {}
        }
        let starts = self.unit_starts();
        match self.pieces(words, 0, area, false, &starts) {
            Ok(mut found) if found.len() == 1 => Found::Once(found.pop().unwrap_or_default()),
            Ok(found) => Found::Often(found.iter().filter_map(|f| f.first()).map(|p| p.span).collect()),
            Err(d) => Found::Differs(d),
        }
    }

    /// Every way of matching `words[k..]` in `area` as pieces that each start a unit (all but
    /// the first of the stretch) and leave out only whole units between them.
    fn pieces(
        &self,
        words: &[String],
        k: usize,
        area: Span,
        at_unit_start: bool,
        starts: &[usize],
    ) -> Result<Vec<Vec<Piece>>, Differs> {
        let (len, found) = self.longest_prefix(words, k, area, at_unit_start, starts);
        if len == 0 {
            return Err(Differs { word: k, at: None, matched: Vec::new() });
        }
        let end = k + len;
        if end == words.len() {
            return Ok(found.into_iter().map(|span| vec![Piece { words: (k, end), span }]).collect());
        }
        let mut failure =
            Differs { word: end, at: Some(found[0].end), matched: vec![Piece { words: (k, end), span: found[0] }] };
        let mut ways = Vec::new();
        for &span in found.iter().take(MAX_TRIES) {
            // A unit left out: the words stop where a unit ends, and go on where one starts.
            let next = self.next_content(span.end);
            if starts.binary_search(&next).is_err() {
                continue;
            }
            let within = Span::new(next, self.enclosing_end(span.end).min(area.end).max(next));
            match self.pieces(words, end, within, true, starts) {
                Ok(rest) => {
                    for r in rest {
                        let mut way = vec![Piece { words: (k, end), span }];
                        way.extend(r);
                        ways.push(way);
                    }
                }
                Err(mut d) if d.word > failure.word => {
                    d.matched.insert(0, Piece { words: (k, end), span });
                    failure = d;
                }
                Err(_) => {}
            }
        }
        if ways.is_empty() { Err(failure) } else { Ok(ways) }
    }

    /// The longest run of words from `words[k]` on that occurs in `area` (starting a unit, if
    /// asked), and where it occurs.
    fn longest_prefix(
        &self,
        words: &[String],
        k: usize,
        area: Span,
        at_unit_start: bool,
        starts: &[usize],
    ) -> (usize, Vec<Span>) {
        let occurrences = |len: usize| -> Vec<Span> {
            let found = self.norm.find_words(area, &words[k..k + len].join(" "));
            if at_unit_start {
                found.into_iter().filter(|s| starts.binary_search(&s.start).is_ok()).collect()
            } else {
                found
            }
        };
        // If a run of words occurs, so does every shorter run from the same word.
        let (mut lo, mut hi) = (0, words.len() - k);
        let mut best = Vec::new();
        while lo < hi {
            let mid = (lo + hi).div_ceil(2);
            let found = occurrences(mid);
            if found.is_empty() {
                hi = mid - 1;
            } else {
                lo = mid;
                best = found;
            }
        }
        if lo > 0 && best.is_empty() {
            best = occurrences(lo);
        }
        (lo, best)
    }

    /// Where every unit starts, in order.
    fn unit_starts(&self) -> Vec<usize> {
        let mut starts: Vec<usize> = self.doc.units().map(|(_, u)| u.span.start).collect();
        starts.sort_unstable();
        starts.dedup();
        starts
    }

    /// The first non-blank character at or after `at`.
    pub(super) fn next_content(&self, at: usize) -> usize {
        let rest = &self.doc.text()[at..];
        at + (rest.len() - rest.trim_start().len())
    }

    /// The end of the last non-blank character before `at`.
    pub(super) fn prev_content(&self, at: usize) -> usize {
        self.doc.text()[..at].trim_end().len().max(self.doc.content_start())
    }

    /// The end of the innermost unit that holds the text just before `at` and goes on after it
    /// (the document's end if none does): units left out of a stretch are inside it.
    fn enclosing_end(&self, at: usize) -> usize {
        let mut unit = at.checked_sub(1).and_then(|p| self.doc.unit_at(p));
        while let Some(u) = unit {
            let span = self.doc.unit(u).span;
            if span.end > at && !self.doc.text()[at..span.end].trim().is_empty() {
                return span.end;
            }
            unit = self.doc.unit(u).parent;
        }
        self.doc.text().len()
    }

    /// The spans of the words of a piece, from the match of the whole piece.
    pub(super) fn word_spans(&self, words: &[String], piece: Piece) -> Vec<Span> {
        let view = self.norm.of(piece.span);
        let mut at = view.to_norm(piece.span.start);
        let mut out = Vec::with_capacity(piece.words.1 - piece.words.0);
        for w in &words[piece.words.0..piece.words.1] {
            out.push(Span::new(view.to_orig(at), view.to_orig(at + w.len())));
            at += w.len() + 1;
        }
        out
    }

    /// The error for a stretch whose words the base does not have: the first word that
    /// differs, what the base has there, and a few words of each marked word by word.
    pub(super) fn stretch_differs(&self, words: &[String], d: Differs, hunk: &Hunk, area: Span) -> Diagnostic {
        let file = self.origin.file;
        let help = "the unchanged words of a restatement must read exactly as the base does, since they show \
                    where each change goes: correct them in the amendment (or apply it to the text it was written against)";
        let Some(at) = d.at else {
            let needle = words.join(" ");
            let d = Diagnostic::error(
                Code::TextNotFound,
                format!("the restatement's text “{}” is not in {}", excerpt(&needle, 60), self.place(area)),
            )
            .primary(file, hunk.span, "this stretch of the restatement");
            return self.suggest(d, area, &needle).help(help);
        };
        const CONTEXT: usize = 3;
        const AHEAD: usize = 6;
        let sheet_ahead: Vec<&str> = words[d.word..].iter().take(AHEAD).map(String::as_str).collect();
        // The base's words from `at`: a few, so a few kilobytes of it.
        let text = self.doc.text();
        let mut ahead = (self.next_content(at) + 4096).min(text.len());
        while !text.is_char_boundary(ahead) {
            ahead += 1;
        }
        let view = self.norm.of(Span::new(at, ahead));
        let norm = view.as_str();
        // Where the stretch ends, as many words of the base as it has left.
        let ends = d.word + sheet_ahead.len() == words.len();
        let base_ahead: Vec<&str> = norm[view.to_norm(at).min(norm.len())..]
            .split(' ')
            .filter(|w| !w.is_empty())
            .take(if ends { sheet_ahead.len() } else { AHEAD })
            .collect();
        let before: Vec<&str> = words[..d.word].iter().rev().take(CONTEXT).rev().map(String::as_str).collect();
        let lead = before.join(" ");
        let redline = first_difference(&base_ahead, &sheet_ahead);
        let base_word = base_ahead.first().copied().unwrap_or("");
        let next = self.next_content(at);
        let word_start = view.to_norm(next);
        let base_span = Span::new(next, view.to_orig(word_start + base_word.len()).max(next));
        let (line, _) = line_col(self.doc.text(), next);
        let message = if base_word.is_empty() {
            format!("the restatement goes on with “{}” where the base's text ends", words[d.word])
        } else {
            format!("the restatement reads “{}” where the base has “{base_word}” (line {line})", words[d.word])
        };
        Diagnostic::error(Code::TextNotFound, message)
            .primary(file, hunk.span, format!("in this stretch, after “{}”", excerpt(&lead, 60)))
            .secondary(self.doc.file(), base_span, "the base reads on here")
            .note(format!("difference ([-base has-]{{+restatement reads+}}): … {lead} {redline} …"))
            .help(help)
    }

    /// `the document`, or the unit a search was confined to.
    pub(super) fn place(&self, area: Span) -> String {
        if area == self.whole_document() {
            return "the document".into();
        }
        match self.doc.unit_at(area.start) {
            Some(u) if self.doc.unit(u).span == area => self.doc.describe(u),
            _ => "the part of the document searched".into(),
        }
    }
}

/// `[-leadership post-]{+leadershippost+} becomes vacant`: where two runs of words first
/// differ, marked word by word, with a few of the words they share after it.
fn first_difference(base: &[&str], sheet: &[&str]) -> String {
    const AFTER: usize = 3;
    let mut out: Vec<String> = Vec::new();
    let mut changed = false;
    let mut shared_after = 0;
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, base, sheet) {
        let (old, new) = (&base[op.old_range()], &sheet[op.new_range()]);
        if op.tag() == similar::DiffTag::Equal {
            for w in old {
                if changed {
                    if shared_after == AFTER {
                        return out.join(" ");
                    }
                    shared_after += 1;
                }
                out.push((*w).to_string());
            }
            continue;
        }
        if changed && shared_after > 0 {
            break;
        }
        let mut mark = String::new();
        if !old.is_empty() {
            mark.push_str(&format!("[-{}-]", old.join(" ")));
        }
        if !new.is_empty() {
            mark.push_str(&format!("{{+{}+}}", new.join(" ")));
        }
        out.push(mark);
        changed = true;
    }
    out.join(" ")
}
