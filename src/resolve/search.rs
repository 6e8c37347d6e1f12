//! Finding quoted text in the base: a normalised view of the text in which line wraps, runs of
//! spaces, curly and straight quotes and zero-width characters do not matter, mapped back to
//! byte spans of the original; and near misses for when nothing is found.

use crate::source::Span;
use std::cell::{Cell, OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// The base text with whitespace runs collapsed to one space, quote marks made straight and
/// zero-width characters removed, with a map back to the original offsets.
#[derive(Debug, Clone)]
pub struct Normalized {
    text: String,
    /// Breakpoints `(norm, orig)`: between two breakpoints, offsets differ by a constant.
    breaks: Vec<(usize, usize)>,
}

/// What a character becomes in the normalised view.
enum Norm {
    Keep,
    Space,
    Drop,
    As(char),
}

fn classify(c: char) -> Norm {
    match c {
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => Norm::Drop,
        c if c.is_whitespace() => Norm::Space,
        '‘' | '’' | '‚' | '‛' | '′' => Norm::As('\''),
        '“' | '”' | '„' | '‟' | '«' | '»' | '″' => Norm::As('"'),
        _ => Norm::Keep,
    }
}

/// Normalises a needle the same way as the text, trimmed.
pub fn normalize(s: &str) -> String {
    Normalized::new(s).text.trim().to_string()
}

impl Normalized {
    /// Builds the view in one pass.
    pub fn new(orig: &str) -> Normalized {
        let mut text = String::with_capacity(orig.len());
        let mut breaks = vec![(0, 0)];
        let mut in_space = false;
        let bytes = orig.as_bytes();
        let mut at = 0;
        while at < orig.len() {
            // Most of a text is ASCII that is kept as it is, a single space between words
            // included: copy such a run at once.
            let run = bytes[at..]
                .iter()
                .enumerate()
                .take_while(|&(k, &b)| {
                    (b.is_ascii_graphic() && b != b'"') || (b == b' ' && k > 0 && bytes[at + k - 1] != b' ')
                })
                .count();
            let run = if run > 0 && bytes[at] == b' ' && in_space { 0 } else { run };
            if run > 0 {
                text.push_str(&orig[at..at + run]);
                in_space = bytes[at + run - 1] == b' ';
                at += run;
                continue;
            }
            let c = orig[at..].chars().next().unwrap_or(' ');
            let i = at;
            at += c.len_utf8();
            let before = text.len();
            let consumed_end = match classify(c) {
                Norm::Keep => {
                    in_space = false;
                    text.push(c);
                    i + c.len_utf8()
                }
                Norm::As(r) => {
                    in_space = false;
                    text.push(r);
                    i + c.len_utf8()
                }
                Norm::Drop => i + c.len_utf8(),
                Norm::Space => {
                    if !in_space {
                        text.push(' ');
                    }
                    in_space = true;
                    i + c.len_utf8()
                }
            };
            let added = text.len() - before;
            if added != consumed_end - i {
                // Offsets shift here: record where the next character starts in both texts.
                breaks.push((text.len(), consumed_end));
            }
        }
        Normalized { text, breaks }
    }

    /// The view of `orig[span]` alone, its offsets those of `orig`.
    fn over(orig: &str, span: Span) -> Normalized {
        let mut view = Normalized::new(&orig[span.range()]);
        for b in &mut view.breaks {
            b.1 += span.start;
        }
        view
    }

    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Original offset of a normalised offset.
    pub fn to_orig(&self, norm: usize) -> usize {
        let i = self.breaks.partition_point(|&(n, _)| n <= norm) - 1;
        let (n, o) = self.breaks[i];
        o + (norm - n)
    }

    /// Normalised offset of an original offset.
    pub fn to_norm(&self, orig: usize) -> usize {
        let i = self.breaks.partition_point(|&(_, o)| o <= orig) - 1;
        let (n, o) = self.breaks[i];
        let limit = self.breaks.get(i + 1).map_or(self.text.len(), |&(next_n, _)| next_n);
        (n + (orig - o)).min(limit)
    }

    /// The normalised range of an original span.
    pub fn region(&self, span: Span) -> (usize, usize) {
        (self.to_norm(span.start), self.to_norm(span.end))
    }

    /// Whole-word occurrences of `needle` (already normalised) within `region`, left to right,
    /// not overlapping, as original spans.
    pub fn find_words(&self, region: Span, needle: &str) -> Vec<Span> {
        let (rs, re) = self.region(region);
        self.find_norm(rs, re, needle, true)
            .into_iter()
            .map(|(s, e)| Span::new(self.to_orig(s), self.to_orig(e)))
            .collect()
    }

    /// Occurrences in normalised offsets, whole words only if `whole`.
    fn find_norm(&self, rs: usize, re: usize, needle: &str, whole: bool) -> Vec<(usize, usize)> {
        if needle.is_empty() || rs >= re {
            return Vec::new();
        }
        let hay = &self.text[rs..re];
        let mut out = Vec::new();
        let mut from = 0;
        while let Some(pos) = hay[from..].find(needle) {
            let s = rs + from + pos;
            let e = s + needle.len();
            if !whole || self.is_word_boundary(s, e, needle) {
                out.push((s, e));
                from = e - rs;
            } else {
                from += pos + hay[from + pos..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }

    fn is_word_boundary(&self, s: usize, e: usize, needle: &str) -> bool {
        let starts_word = needle.chars().next().is_some_and(char::is_alphanumeric);
        let ends_word = needle.chars().next_back().is_some_and(char::is_alphanumeric);
        let before = self.text[..s].chars().next_back();
        let after = self.text[e..].chars().next();
        (!starts_word || !before.is_some_and(char::is_alphanumeric))
            && (!ends_word || !after.is_some_and(char::is_alphanumeric))
    }

    /// Occurrences of a range `from … to`: each `from` with the nearest `to` after it.
    pub fn find_ranges(&self, region: Span, from: &str, to: &str) -> Vec<Span> {
        let (rs, re) = self.region(region);
        let mut out = Vec::new();
        let mut cursor = rs;
        for (s, e) in self.find_norm(rs, re, from, true) {
            if s < cursor {
                continue;
            }
            match self.first_norm(e, re, to) {
                Some((_, te)) => {
                    out.push(Span::new(self.to_orig(s), self.to_orig(te)));
                    cursor = te;
                }
                // No end after this start, so none after a later one either; searching on
                // from each start made this quadratic.
                None => break,
            }
        }
        out
    }

    /// The first whole-word occurrence in normalised offsets.
    fn first_norm(&self, rs: usize, re: usize, needle: &str) -> Option<(usize, usize)> {
        if needle.is_empty() || rs >= re {
            return None;
        }
        let hay = &self.text[rs..re];
        let mut from = 0;
        while let Some(pos) = hay[from..].find(needle) {
            let s = rs + from + pos;
            let e = s + needle.len();
            if self.is_word_boundary(s, e, needle) {
                return Some((s, e));
            }
            from += pos + hay[from + pos..].chars().next().map_or(1, char::len_utf8);
        }
        None
    }

    /// Looks for what the author may have meant when `needle` is not found in `region`.
    pub fn near_miss(&self, region: Span, needle: &str) -> Option<NearMiss> {
        let (rs, re) = self.region(region);
        let hay = &self.text[rs..re];
        // Same letters, different case (whole words, so that lengths line up byte for byte).
        let lower_needle = needle.to_lowercase();
        let lower_hay = hay.to_lowercase();
        if lower_needle.len() == needle.len() && lower_hay.len() == hay.len() {
            let mut from = 0;
            while let Some(pos) = lower_hay[from..].find(&lower_needle) {
                let s = rs + from + pos;
                let e = s + needle.len();
                if self.is_word_boundary(s, e, needle) {
                    return Some(self.miss(s, e, MissKind::Case));
                }
                from += pos + lower_hay[from + pos..].chars().next().map_or(1, char::len_utf8);
            }
        }
        // Inside a longer word.
        if let Some(&(s, e)) = self.find_norm(rs, re, needle, false).first() {
            let ws = self.text[..s]
                .char_indices()
                .rev()
                .find(|&(_, c)| !c.is_alphanumeric())
                .map_or(0, |(i, c)| i + c.len_utf8())
                .max(rs);
            let we = self.text[e..].find(|c: char| !c.is_alphanumeric()).map_or(self.text.len(), |i| e + i).min(re);
            return Some(self.miss(ws, we, MissKind::PartOfWord));
        }
        // Same words, different spacing, dashes or punctuation.
        let skel_hay = skeleton(hay);
        let skel_needle = skeleton(needle);
        if !skel_needle.trim().is_empty() {
            let skel = skel_needle.trim();
            let whole = |pos: usize| {
                let before_ok = pos == 0 || skel_hay.as_bytes()[pos - 1] == b' ';
                let after = pos + skel.len();
                before_ok && (after >= skel_hay.len() || skel_hay.as_bytes()[after] == b' ')
            };
            let found = skel_hay.match_indices(skel).map(|(p, _)| p).find(|&p| whole(p));
            if let Some(pos) = found {
                let last = pos + skel.len() - 1;
                let (first, last) = (skeleton_source(hay, pos), skeleton_source(hay, last));
                let s = rs + first;
                let e = rs + last + hay[last..].chars().next().map_or(1, char::len_utf8);
                return Some(self.miss(s, e, MissKind::Punctuation));
            }
        }
        // Nearly the same words (a typo).
        self.similar(rs, re, needle)
    }

    fn miss(&self, s: usize, e: usize, kind: MissKind) -> NearMiss {
        NearMiss { span: Span::new(self.to_orig(s), self.to_orig(e)), text: self.text[s..e].to_string(), kind }
    }

    /// The window of as many words as the needle that is most similar to it, if similar enough.
    fn similar(&self, rs: usize, re: usize, needle: &str) -> Option<NearMiss> {
        const MAX_REGION: usize = 200_000;
        const THRESHOLD: f64 = 0.7;
        // Comparing letter by letter costs the product of the two lengths: a quote longer than
        // this gets no suggestion (it is still reported as not found), so that a sheet of one
        // 10 MB line is answered at once.
        const MAX_NEEDLE: usize = 2_000;
        if re - rs > MAX_REGION || needle.len() > MAX_NEEDLE {
            return None;
        }
        let hay = &self.text[rs..re];
        let words: Vec<(usize, &str)> = hay
            .split(' ')
            .scan(0, |pos, w| {
                let start = *pos;
                *pos += w.len() + 1;
                Some((start, w))
            })
            .filter(|(_, w)| !w.is_empty())
            .collect();
        let n = needle.split(' ').count().max(1);
        let needle_lower = needle.to_lowercase();
        let mut best: Option<(f64, usize, usize)> = None;
        // Punctuation that the needle does not have is not part of the suggestion: “signatory”,
        // not “signatory.”, for “signatary”.
        let alnum_start = needle.chars().next().is_some_and(char::is_alphanumeric);
        let alnum_end = needle.chars().next_back().is_some_and(char::is_alphanumeric);
        let not_alnum = |c: char| !c.is_alphanumeric();
        let windows: Vec<&[(usize, &str)]> = words.windows(n.min(words.len()).max(1)).collect();
        let letters = Letters::of(&needle_lower);
        // The edit distance costs the square of the quote's length; for a long quote, only the
        // windows sharing the most words with it are compared letter by letter, since a
        // misquoted passage keeps most of its words (a short one may have none right).
        const LONG: usize = 64;
        const SHORTLIST: usize = 16;
        // Past a few hundred letters each comparison costs a quarter of a million cells or more
        // (a misquoted paragraph, a quote left open to the end of the sheet): fewer windows, and
        // the plain edit distance, whose table is one row, not the whole square.
        const VERY_LONG: usize = 256;
        let shortlist_len = if needle.len() > VERY_LONG { SHORTLIST / 4 } else { SHORTLIST };
        let shortlist: Vec<&[(usize, &str)]> = if needle.len() <= LONG {
            windows
        } else {
            let mut shared: Vec<(usize, usize)> =
                shared_words(&needle_lower, &windows).into_iter().enumerate().collect();
            shared.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            shared.iter().take(shortlist_len).map(|&(i, _)| windows[i]).collect()
        };
        for window in shortlist {
            let (fs, fw) = window[0];
            let (ls, lw) = window[window.len() - 1];
            let lead = if alnum_start { fw.len() - fw.trim_start_matches(not_alnum).len() } else { 0 };
            let trail = if alnum_end { lw.len() - lw.trim_end_matches(not_alnum).len() } else { 0 };
            let s = fs + lead;
            let e = (ls + lw.len() - trail).max(s);
            let candidate = &hay[s..e];
            // The distance is at least the difference in length: skip what cannot reach the
            // threshold without comparing.
            let candidate = candidate.to_lowercase();
            let (a, b) = (needle_lower.chars().count(), candidate.chars().count());
            if (letters.apart(&candidate) as f64) > (1.0 - THRESHOLD) * a.max(b) as f64 {
                continue;
            }
            crate::work::count((a * b) as u64);
            let score = if needle.len() > VERY_LONG {
                strsim::normalized_levenshtein(&needle_lower, &candidate)
            } else {
                strsim::normalized_damerau_levenshtein(&needle_lower, &candidate)
            };
            if score >= THRESHOLD && best.is_none_or(|(b, _, _)| score > b) {
                best = Some((score, s, e));
            }
        }
        best.map(|(_, s, e)| self.miss(rs + s, rs + e, MissKind::Spelling))
    }
}

/// The views of the parts of a base that instructions search, each made when first searched:
/// most sheets touch a few units, and a normalised copy of a whole 100 MB base (with its map of
/// offsets) is then never made. A part's view starts at a character that is neither space nor
/// dropped and takes in a character after the part, so that it reads exactly as the view of
/// the whole text does there (whitespace runs whole, the characters either side of a match
/// for whole-word tests).
pub struct Views<'t> {
    orig: &'t str,
    whole: OnceCell<Rc<Normalized>>,
    parts: RefCell<HashMap<(usize, usize), Rc<Normalized>>>,
    /// The length of the text the parts cover; past the base's own length, they are dropped.
    covered: Cell<usize>,
}

impl<'t> Views<'t> {
    /// No view made yet of `orig`.
    pub fn new(orig: &'t str) -> Views<'t> {
        Views { orig, whole: OnceCell::new(), parts: RefCell::new(HashMap::new()), covered: Cell::new(0) }
    }

    /// A view that holds `region`.
    pub fn of(&self, region: Span) -> Rc<Normalized> {
        if let Some(whole) = self.whole.get() {
            return whole.clone();
        }
        // A large part is as dear as the whole, which then serves every later search.
        if region.len() * 4 > self.orig.len() {
            self.parts.borrow_mut().clear();
            return self.whole.get_or_init(|| Rc::new(Normalized::new(self.orig))).clone();
        }
        let span = self.widen(region);
        if let Some(view) = self.parts.borrow().get(&(span.start, span.end)) {
            return view.clone();
        }
        let view = Rc::new(Normalized::over(self.orig, span));
        if self.covered.get() + span.len() > self.orig.len() {
            self.parts.borrow_mut().clear();
            self.covered.set(0);
        }
        self.covered.set(self.covered.get() + span.len());
        self.parts.borrow_mut().insert((span.start, span.end), view.clone());
        view
    }

    /// `region` with the whitespace and dropped characters either side of it and one more
    /// character beyond those.
    fn widen(&self, region: Span) -> Span {
        let soft = |c: char| matches!(classify(c), Norm::Space | Norm::Drop);
        let mut start = region.start;
        for (i, c) in self.orig[..region.start].char_indices().rev() {
            start = i;
            if !soft(c) {
                break;
            }
        }
        let mut end = region.end;
        for (i, c) in self.orig[region.end..].char_indices() {
            end = region.end + i + c.len_utf8();
            if !soft(c) {
                break;
            }
        }
        Span::new(start, end)
    }

    /// Whole-word occurrences of `needle` (normalised) within `region` ([`Normalized::find_words`]).
    pub fn find_words(&self, region: Span, needle: &str) -> Vec<Span> {
        self.of(region).find_words(region, needle)
    }

    /// Occurrences of a range `from … to` within `region` ([`Normalized::find_ranges`]).
    pub fn find_ranges(&self, region: Span, from: &str, to: &str) -> Vec<Span> {
        self.of(region).find_ranges(region, from, to)
    }

    /// What the author may have meant by `needle` in `region` ([`Normalized::near_miss`]).
    pub fn near_miss(&self, region: Span, needle: &str) -> Option<NearMiss> {
        self.of(region).near_miss(region, needle)
    }
}

/// The letters of a text, counted, for a lower bound of its edit distance to others that is
/// cheap to work out: a window of a base that cannot be similar enough is skipped without
/// comparing letter by letter, which for a short quote was every window of the region.
struct Letters {
    ascii: [i32; 128],
    other: HashMap<char, i32>,
}

impl Letters {
    fn of(text: &str) -> Letters {
        let mut letters = Letters { ascii: [0; 128], other: HashMap::new() };
        for c in text.chars() {
            *letters.count(c) += 1;
        }
        letters
    }

    fn count(&mut self, c: char) -> &mut i32 {
        if c.is_ascii() { &mut self.ascii[c as usize] } else { self.other.entry(c).or_default() }
    }

    /// At most the edit distance from these letters' text to `other`: an edit (insertion,
    /// deletion, substitution or transposition) changes by one at most the letters either text
    /// has more of than the other, so it takes at least as many edits as the larger excess.
    fn apart(&self, other: &str) -> usize {
        let mut left = Letters { ascii: self.ascii, other: self.other.clone() };
        for c in other.chars() {
            *left.count(c) -= 1;
        }
        let (mut mine, mut theirs) = (0, 0);
        for n in left.ascii.into_iter().chain(left.other.into_values()) {
            if n > 0 {
                mine += n as usize;
            } else {
                theirs += n.unsigned_abs() as usize;
            }
        }
        mine.max(theirs)
    }
}

/// For each window of words, how many of its words (lower case, counted with repeats) the
/// needle has too; windows slide one word at a time, so each count is updated, not redone.
fn shared_words(needle_lower: &str, windows: &[&[(usize, &str)]]) -> Vec<usize> {
    use std::collections::HashMap;
    let mut wanted: HashMap<String, i64> = HashMap::new();
    for w in needle_lower.split(' ').filter(|w| !w.is_empty()) {
        *wanted.entry(w.to_string()).or_default() += 1;
    }
    let Some(first) = windows.first() else { return Vec::new() };
    // `have` counts the window's words that the needle has; `shared` is the sum of the
    // smaller of the two counts, kept in step as words enter and leave.
    let mut have: HashMap<String, i64> = HashMap::new();
    let mut shared: i64 = 0;
    let add = |w: &str, delta: i64, have: &mut HashMap<String, i64>, shared: &mut i64| {
        let key = w.to_lowercase();
        let Some(&limit) = wanted.get(&key) else { return };
        let count = have.entry(key).or_default();
        let before = (*count).min(limit);
        *count += delta;
        *shared += (*count).min(limit) - before;
    };
    for &(_, w) in first.iter() {
        add(w, 1, &mut have, &mut shared);
    }
    let mut out = vec![shared as usize];
    for pair in windows.windows(2) {
        let (old, new) = (pair[0], pair[1]);
        add(old[0].1, -1, &mut have, &mut shared);
        add(new[new.len() - 1].1, 1, &mut have, &mut shared);
        out.push(shared as usize);
    }
    out
}

/// A text near what the author quoted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    /// Where it is in the original text.
    pub span: Span,
    /// The text as it appears (normalised).
    pub text: String,
    pub kind: MissKind,
}

/// How a near miss differs from the quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MissKind {
    Case,
    Punctuation,
    PartOfWord,
    Spelling,
}

impl MissKind {
    /// The difference in words.
    pub fn describe(self) -> &'static str {
        match self {
            MissKind::Case => "it differs in case",
            MissKind::Punctuation => "it differs in spacing, dashes or punctuation",
            MissKind::PartOfWord => "the quoted text occurs only as part of a longer word",
            MissKind::Spelling => "it differs in spelling",
        }
    }
}

/// Lower-cased text with punctuation and dashes dropped and spaces collapsed.
fn skeleton(s: &str) -> String {
    SkeletonChars::new(s).map(|(_, c)| c).collect()
}

/// The offset in `s` of the character that gave byte `at` of its skeleton. Found by walking
/// again rather than from a map kept for every byte, which took eight times the size of the
/// text searched (1.7 GB for a 100 MB base).
fn skeleton_source(s: &str, at: usize) -> usize {
    let mut len = 0;
    for (i, c) in SkeletonChars::new(s) {
        len += c.len_utf8();
        if len > at {
            return i;
        }
    }
    s.len()
}

/// The characters of a skeleton, each with the offset in the input of the character it
/// comes from.
struct SkeletonChars<'s> {
    chars: std::str::CharIndices<'s>,
    lower: Option<(usize, std::char::ToLowercase)>,
    last_space: bool,
}

impl SkeletonChars<'_> {
    fn new(s: &str) -> SkeletonChars<'_> {
        SkeletonChars { chars: s.char_indices(), lower: None, last_space: true }
    }
}

impl Iterator for SkeletonChars<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<(usize, char)> {
        loop {
            if let Some((i, lower)) = &mut self.lower {
                if let Some(l) = lower.next() {
                    return Some((*i, l));
                }
                self.lower = None;
            }
            let (i, c) = self.chars.next()?;
            if c.is_alphanumeric() {
                self.lower = Some((i, c.to_lowercase()));
                self.last_space = false;
            } else if !self.last_space {
                self.last_space = true;
                return Some((i, ' '));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The view as its definition gives it, a character at a time: the text, and where offsets
    /// shift (the fast path for runs of ASCII must give both exactly).
    fn by_definition(orig: &str) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut breaks = vec![(0, 0)];
        let mut in_space = false;
        for (i, c) in orig.char_indices() {
            let before = text.len();
            match classify(c) {
                Norm::Keep => {
                    in_space = false;
                    text.push(c);
                }
                Norm::As(r) => {
                    in_space = false;
                    text.push(r);
                }
                Norm::Drop => {}
                Norm::Space => {
                    if !in_space {
                        text.push(' ');
                    }
                    in_space = true;
                }
            }
            if text.len() - before != c.len_utf8() {
                breaks.push((text.len(), i + c.len_utf8()));
            }
        }
        (text, breaks)
    }

    proptest! {
        /// The letters two texts do not share never count more than the edits between them, so
        /// a window skipped for them could not have been similar enough.
        #[test]
        fn letters_apart_never_exceed_the_edit_distance(a in "[a-dé’ ]{0,24}", b in "[a-dé’ ]{0,24}") {
            prop_assert!(Letters::of(&a).apart(&b) <= strsim::damerau_levenshtein(&a, &b));
            prop_assert!(Letters::of(&a).apart(&b) <= strsim::levenshtein(&a, &b));
        }
    }

    proptest! {
        #[test]
        fn the_fast_path_is_the_definition(orig in "([a-z]{1,4}|[ \t\n]{1,3}|[“”’\"'.,]|\u{200B}|é){0,40}") {
            let n = Normalized::new(&orig);
            let (text, breaks) = by_definition(&orig);
            prop_assert_eq!(n.as_str(), text.as_str());
            prop_assert_eq!(&n.breaks, &breaks);
        }
    }

    proptest! {
        /// A part's view finds what the whole text's view finds there, at the same places,
        /// and suggests the same near misses.
        #[test]
        fn a_part_reads_as_the_whole_does_there(
            orig in "([a-c]{1,3}|[ \t\n]{1,3}|[“”’\".,]|\u{200B}|é){0,40}",
            a in 0usize..200, b in 0usize..200, n in 0usize..200, len in 1usize..8,
        ) {
            let bound = |k: usize| (0..=k.min(orig.len())).rev().find(|&i| orig.is_char_boundary(i)).unwrap_or(0);
            let (s, e) = (bound(a.min(b)), bound(a.max(b)));
            let region = Span::new(s, e);
            let whole = Normalized::new(&orig);
            let part = Normalized::over(&orig, Views::new(&orig).widen(region));
            let text = whole.as_str();
            let from = (0..=n.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0);
            let to = (from..=(from + len).min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(from);
            let needle = text[from..to].trim();
            prop_assert_eq!(part.find_words(region, needle), whole.find_words(region, needle));
            prop_assert_eq!(part.near_miss(region, needle), whole.near_miss(region, needle));
            prop_assert_eq!(part.find_ranges(region, needle, "a"), whole.find_ranges(region, needle, "a"));
        }
    }

    #[test]
    fn matches_across_wraps_quotes_and_zero_width() {
        let text = "The  Organising\r\n   Group’s role is \u{200B}“advisory”.";
        let n = Normalized::new(text);
        assert_eq!(n.as_str(), "The Organising Group's role is \"advisory\".");
        let found = n.find_words(Span::new(0, text.len()), &normalize("Organising Group’s"));
        assert_eq!(found.len(), 1);
        assert_eq!(&text[found[0].range()], "Organising\r\n   Group’s");
        let found = n.find_words(Span::new(0, text.len()), &normalize("\"advisory\""));
        assert_eq!(&text[found[0].range()], "“advisory”");
    }

    #[test]
    fn whole_words_only() {
        let text = "membership of a member and members";
        let n = Normalized::new(text);
        let found = n.find_words(Span::new(0, text.len()), "member");
        assert_eq!(found, vec![Span::new(16, 22)]);
        let miss = n.near_miss(Span::new(0, 10), "member").unwrap();
        assert_eq!((miss.text.as_str(), miss.kind), ("membership", MissKind::PartOfWord));
    }

    #[test]
    fn ranges_take_the_nearest_end() {
        let text = "A special conference will be held if asked (by the OG). Then more (by the OG).";
        let n = Normalized::new(text);
        let found = n.find_ranges(Span::new(0, text.len()), "A special conference will be held", "by the OG).");
        assert_eq!(found, vec![Span::new(0, 55)]);
    }

    #[test]
    fn near_misses() {
        let text = "notifying the organising group of their officers";
        let n = Normalized::new(text);
        let all = Span::new(0, text.len());
        assert_eq!(n.near_miss(all, "Organising Group").unwrap().kind, MissKind::Case);
        assert_eq!(n.near_miss(all, "their-officers").unwrap().kind, MissKind::Punctuation);
        let miss = n.near_miss(all, "orgnising group").unwrap();
        assert_eq!((miss.text.as_str(), miss.kind), ("organising group", MissKind::Spelling));
        assert_eq!(n.near_miss(all, "completely different words"), None);
    }

    #[test]
    fn a_long_misquote_is_found_among_many_words() {
        // Long quotes are compared letter by letter only where they share words; the typo'd
        // passage must still be the one suggested, wherever it stands.
        let filler = "The branch meets monthly and reports to the regional committee on its work. ";
        let passage =
            "A special conference may be called by the Steering Committee or by one third of affiliated branches.";
        let text = format!("{}{passage} {}", filler.repeat(40), filler.repeat(40));
        let n = Normalized::new(&text);
        let quote =
            "A special conferense may be called by the Steering Comittee or by one third of afiliated branches.";
        let miss = n.near_miss(Span::new(0, text.len()), quote).unwrap();
        assert_eq!((miss.text.as_str(), miss.kind), (passage, MissKind::Spelling));
        assert_eq!(shared_words("a b a", &[&[(0, "A"), (2, "b")], &[(2, "b"), (4, "c")]]), [2, 1]);
    }

    #[test]
    fn punctuation_near_miss_spans_the_text_in_the_base() {
        let text = "é notifying the Organising-Group’s  officers.";
        let n = Normalized::new(text);
        let miss = n.near_miss(Span::new(0, text.len()), "Organising Group’s officers").unwrap();
        assert_eq!(miss.kind, MissKind::Punctuation);
        assert_eq!(&text[miss.span.range()], "Organising-Group’s  officers");
        assert_eq!(skeleton("Ab-C’d"), "ab c d");
        assert_eq!(skeleton_source("Ab-C’d", 3), 3);
        assert_eq!(skeleton_source("Ab-C’d", 5), "Ab-C’d".len() - 1);
    }

    #[test]
    fn offsets_map_both_ways() {
        let text = "a\r\nb “c”";
        let n = Normalized::new(text);
        for (orig, norm) in [(0, 0), (3, 2), (5, 4), (5 + "“".len(), 5)] {
            assert_eq!(n.to_norm(orig), norm, "to_norm({orig})");
            assert_eq!(n.to_orig(norm), orig, "to_orig({norm})");
        }
    }
}
