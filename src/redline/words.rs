//! Word-level comparison of two texts with `similar`, and the clean-up that makes the result
//! read like a person marked it: whole words, and a phrase replaced as one phrase.

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};
use std::ops::Range;
use std::time::Instant;
use unicode_segmentation::UnicodeSegmentation;

/// Hash maps keyed by words and lines: hashed with foldhash, several times faster than the
/// standard library's SipHash on short keys. The keys are the user's own texts, so resistance
/// to crafted collisions is not needed.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::FixedState>;

/// A stretch of the two texts: the same in both, or changed. Ranges are bytes of the old and
/// the new text; consecutive runs cover both texts without gaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Run {
    /// Equal text (equal up to whitespace when whitespace is not compared).
    Same { old: Range<usize>, new: Range<usize> },
    /// `old` replaced by `new`; either may be empty.
    Changed { old: Range<usize>, new: Range<usize> },
}

impl Run {
    pub(crate) fn old_range(&self) -> Range<usize> {
        match self {
            Run::Same { old, .. } | Run::Changed { old, .. } => old.clone(),
        }
    }

    pub(crate) fn new_range(&self) -> Range<usize> {
        match self {
            Run::Same { new, .. } | Run::Changed { new, .. } => new.clone(),
        }
    }

    fn is_changed(&self) -> bool {
        matches!(self, Run::Changed { .. })
    }
}

/// How two texts are compared.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Compare {
    /// Whether a difference in whitespace alone counts as a change.
    pub whitespace: bool,
    /// When to stop looking for the best alignment; `similar` then returns a coarser one.
    pub deadline: Option<Instant>,
}

/// Words, runs of whitespace and single punctuation marks, with their byte offsets.
/// Unicode word boundaries keep `don't`, `3.5` and `co-operate`'s parts as a reader sees them.
fn tokens(text: &str) -> Vec<Range<usize>> {
    if text.is_ascii() { ascii_tokens(text) } else { unicode_tokens(text) }
}

fn unicode_tokens(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (i, w) in text.split_word_bound_indices() {
        let ws = w.chars().all(char::is_whitespace);
        match out.last_mut() {
            // One token for a run of whitespace, whatever mix of spaces and line breaks.
            Some(last) if ws && text[last.clone()].chars().all(char::is_whitespace) => {
                last.end = i + w.len();
            }
            _ => out.push(i..i + w.len()),
        }
    }
    out
}

/// [`tokens`] for ASCII text, several times faster than the general Unicode rules: the word
/// boundary rules (UAX #29) that can apply to ASCII, which join letters, digits and `_`, and
/// `.` `'` `:` between letters or `.` `,` `;` `'` between digits.
fn ascii_tokens(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let core = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    // Whether the byte at `i`, between two others, joins them into one word.
    let infix = |i: usize| {
        let (prev, c, next) = (b[i - 1], b[i], b[i + 1]);
        match c {
            b'.' | b',' | b';' | b'\'' if prev.is_ascii_digit() && next.is_ascii_digit() => true,
            b'.' | b':' | b'\'' => prev.is_ascii_alphabetic() && next.is_ascii_alphabetic(),
            _ => false,
        }
    };
    // `u8::is_ascii_whitespace` leaves out the vertical tab, which `char::is_whitespace` counts.
    let blank = |c: u8| c.is_ascii_whitespace() || c == 0x0b;
    let mut out = Vec::with_capacity(b.len() / 3 + 1);
    let mut i = 0;
    while i < b.len() {
        let start = i;
        i += 1;
        if blank(b[start]) {
            while i < b.len() && blank(b[i]) {
                i += 1;
            }
        } else if core(b[start]) {
            while i < b.len() && (core(b[i]) || (i + 1 < b.len() && infix(i))) {
                i += 1;
            }
        }
        out.push(start..i);
    }
    out
}

/// Token ids: equal ids for equal tokens, and one id for all whitespace when whitespace does
/// not count. Diffing `u32`s is much faster than diffing strings.
fn intern<'a>(text: &'a str, toks: &[Range<usize>], table: &mut HashMap<&'a str, u32>, whitespace: bool) -> Vec<u32> {
    const BLANK: u32 = 0;
    toks.iter()
        .map(|r| {
            let t = &text[r.clone()];
            if !whitespace && t.starts_with(char::is_whitespace) {
                return BLANK;
            }
            let next = table.len() as u32 + 1;
            *table.entry(t).or_insert(next)
        })
        .collect()
}

/// Compares `old` and `new` word by word. Returns the runs and whether the deadline passed
/// (the runs are then still correct, but may mark more than changed).
pub(crate) fn diff(old: &str, new: &str, compare: Compare) -> (Vec<Run>, bool) {
    // Most changed paragraphs change a few words: only the part between their common start
    // and end is split into words and compared.
    let (head, tail) = common_ends(old, new);
    let (old_mid, new_mid) = (head..old.len() - tail, head..new.len() - tail);
    let old_toks = tokens(&old[old_mid.clone()]);
    let new_toks = tokens(&new[new_mid.clone()]);
    let mut table = HashMap::default();
    let a = intern(&old[old_mid.clone()], &old_toks, &mut table, compare.whitespace);
    let b = intern(&new[new_mid.clone()], &new_toks, &mut table, compare.whitespace);
    // Reading the clock is a good part of comparing a few words: a comparison this small ends
    // within a millisecond whatever the words, so it runs without a deadline.
    let deadline = compare.deadline.filter(|_| a.len() + b.len() > 1000);
    let ops = capture_diff_slices_deadline(Algorithm::Patience, &a, &b, deadline);
    let late = deadline.is_some_and(|d| Instant::now() >= d);
    // Token ranges are within the middle; runs are in the whole texts.
    let span = |toks: &[Range<usize>], mid: &Range<usize>, at: usize, len: usize| -> Range<usize> {
        let start = toks.get(at).map_or(mid.end, |r| mid.start + r.start);
        let end = if len == 0 { start } else { mid.start + toks[at + len - 1].end };
        start..end
    };
    let mut runs = Vec::with_capacity(ops.len() + 2);
    if head > 0 {
        runs.push(Run::Same { old: 0..head, new: 0..head });
    }
    for op in ops {
        let (old_r, new_r) = match op {
            DiffOp::Equal { old_index, new_index, len } => {
                runs.push(Run::Same {
                    old: span(&old_toks, &old_mid, old_index, len),
                    new: span(&new_toks, &new_mid, new_index, len),
                });
                continue;
            }
            DiffOp::Delete { old_index, old_len, new_index } => {
                (span(&old_toks, &old_mid, old_index, old_len), span(&new_toks, &new_mid, new_index, 0))
            }
            DiffOp::Insert { old_index, new_index, new_len } => {
                (span(&old_toks, &old_mid, old_index, 0), span(&new_toks, &new_mid, new_index, new_len))
            }
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                (span(&old_toks, &old_mid, old_index, old_len), span(&new_toks, &new_mid, new_index, new_len))
            }
        };
        runs.push(Run::Changed { old: old_r, new: new_r });
    }
    if tail > 0 {
        runs.push(Run::Same { old: old_mid.end..old.len(), new: new_mid.end..new.len() });
    }
    let runs = tidy(old, new, runs, compare.whitespace);
    (runs, late)
}

/// The lengths in bytes of the common start and the common end of two texts, each cut back to
/// a place where a word or a run of whitespace begins in both texts, so that comparing the
/// rest word by word marks whole words, as comparing the whole texts would.
fn common_ends(old: &str, new: &str) -> (usize, usize) {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let mut head = common_prefix(a, b);
    while head > 0 && !(edge(old, head) && edge(new, head)) {
        head -= 1;
    }
    let room = a.len().min(b.len()) - head;
    let mut tail = common_suffix(&a[a.len() - room..], &b[b.len() - room..]);
    while tail > 0 && !(edge(old, a.len() - tail) && edge(new, b.len() - tail)) {
        tail -= 1;
    }
    (head, tail)
}

/// The length of the common start of two byte strings, compared 16 bytes at a time.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + 16 <= n && a[i..i + 16] == b[i..i + 16] {
        i += 16;
    }
    i + a[i..n].iter().zip(&b[i..n]).take_while(|(x, y)| x == y).count()
}

/// The length of the common end of two byte strings, compared 16 bytes at a time.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + 16 <= n && a[n - i - 16..n - i] == b[n - i - 16..n - i] {
        i += 16;
    }
    i + a[..n - i].iter().rev().zip(b[..n - i].iter().rev()).take_while(|(x, y)| x == y).count()
}

/// Whether `at` is a word boundary in `text` whatever the text around it: between whitespace
/// and a character that starts a word or a mark of its own, or between a character and
/// whitespace. Word boundary rules (UAX #29) look at most two characters across such a place,
/// and none of them looks across whitespace, so the words on either side are the same in the
/// whole text and in the part. Other characters (combining marks, which cling to what comes
/// before, and most of Unicode) are not taken as edges: the comparison then starts earlier.
fn edge(text: &str, at: usize) -> bool {
    if at == 0 || at == text.len() {
        return true;
    }
    if !text.is_char_boundary(at) {
        return false;
    }
    let (Some(before), Some(after)) = (text[..at].chars().next_back(), text[at..].chars().next()) else {
        return true;
    };
    // ASCII, Latin letters and signs (but the soft hyphen, an invisible format character),
    // and typographic dashes and quotes.
    let starts = |c: char| matches!(c as u32, 0x21..=0x7e | 0xa1..=0xac | 0xae..=0x2ff | 0x2010..=0x2027);
    (before.is_whitespace() && starts(after)) || (!before.is_whitespace() && after.is_whitespace())
}

/// Merges neighbouring runs of one kind, turns whitespace-only changes into sameness when
/// whitespace does not count, and absorbs small equal fragments between changes.
pub(crate) fn tidy(old: &str, new: &str, runs: Vec<Run>, whitespace: bool) -> Vec<Run> {
    let blank = |s: &str| s.chars().all(char::is_whitespace);
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs {
        let run = match run {
            Run::Changed { old: o, new: n } if o.is_empty() && n.is_empty() => continue,
            Run::Changed { old: o, new: n } if !whitespace && blank(&old[o.clone()]) && blank(&new[n.clone()]) => {
                Run::Same { old: o, new: n }
            }
            r => r,
        };
        push_merged(&mut out, run);
        absorb(old, new, &mut out);
    }
    out
}

fn push_merged(out: &mut Vec<Run>, run: Run) {
    match (out.last_mut(), run) {
        (Some(Run::Same { old, new }), Run::Same { old: o, new: n })
        | (Some(Run::Changed { old, new }), Run::Changed { old: o, new: n }) => {
            old.end = o.end;
            new.end = n.end;
        }
        (_, run) => out.push(run),
    }
}

/// The most words a kept fragment between two changes may have and still be absorbed.
const TINY_WORDS: usize = 2;

/// When the last three runs are change, tiny sameness, change, makes them one change, so
/// that "Organising Group" → "Steering Committee" reads as one phrase replaced rather than
/// two words replaced around a kept space. Repeats leftwards, since a merged change may now
/// dwarf the sameness before it. The rule is diff-match-patch's semantic clean-up (the equal
/// text is absorbed when it is no longer than the change on either side), limited to
/// fragments of at most two words: a kept sentence stays kept however much changes around
/// it. Equal text holding a line break is kept, so that changes never run across paragraphs.
fn absorb(old: &str, new: &str, out: &mut Vec<Run>) {
    let chars = |text: &str, r: Range<usize>| text[r].chars().count();
    let weight = |r: &Run| chars(old, r.old_range()).max(chars(new, r.new_range()));
    while out.len() >= 3 {
        let n = out.len();
        let (before, same, after) = (&out[n - 3], &out[n - 2], &out[n - 1]);
        if !(before.is_changed() && !same.is_changed() && after.is_changed()) {
            return;
        }
        let equal = &new[same.new_range()];
        let small = chars(new, same.new_range()) <= weight(before).min(weight(after));
        let words = equal.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).count();
        if !small || words > TINY_WORDS || equal.contains('\n') {
            return;
        }
        let merged = Run::Changed {
            old: before.old_range().start..after.old_range().end,
            new: before.new_range().start..after.new_range().end,
        };
        out.truncate(n - 3);
        push_merged(out, merged);
    }
}

/// The share of characters (ignoring whitespace) that the runs keep: 1.0 for identical texts,
/// 0.0 for nothing in common.
pub(crate) fn kept_ratio(old: &str, new: &str, runs: &[Run]) -> f32 {
    let count = |s: &str| s.chars().filter(|c| !c.is_whitespace()).count();
    let total = count(old) + count(new);
    if total == 0 {
        return 1.0;
    }
    let kept: usize =
        runs.iter().filter(|r| !r.is_changed()).map(|r| count(&old[r.old_range()]) + count(&new[r.new_range()])).sum();
    kept as f32 / total as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn ascii_tokens_are_the_unicode_ones(text in "[aZ09._,;:'\"\\- \t\r\n\x0b\x0c()]{0,40}") {
            prop_assert_eq!(ascii_tokens(&text), unicode_tokens(&text));
        }

        /// Trimming the common ends moves no token edge: every edge of the compared middle is
        /// an edge of the whole text's tokens.
        #[test]
        fn common_ends_cut_at_token_edges(
            head in "[ab.,' \n\u{301}“é]{0,12}",
            old in "[ab.,' \n\u{301}“é]{0,8}",
            new in "[ab.,' \n\u{301}“é]{0,8}",
            tail in "[ab.,' \n\u{301}“é]{0,12}",
        ) {
            let (old, new) = (format!("{head}{old}{tail}"), format!("{head}{new}{tail}"));
            let (h, t) = common_ends(&old, &new);
            for text in [&old, &new] {
                let edges: Vec<usize> = unicode_tokens(text).iter().map(|r| r.start).chain([text.len()]).collect();
                let mid = h..text.len() - t;
                for r in unicode_tokens(&text[mid.clone()]) {
                    prop_assert!(edges.contains(&(mid.start + r.start)), "{:?} of {:?} in {:?}", r, mid, text);
                    prop_assert!(edges.contains(&(mid.start + r.end)), "{:?} of {:?} in {:?}", r, mid, text);
                }
            }
        }
    }

    #[test]
    fn common_prefix_and_suffix_count_bytes() {
        let long = "0123456789abcdef0123456789abcdefXY";
        assert_eq!(common_prefix(long.as_bytes(), b"0123456789abcdef0123456789abcdefXZ"), 33);
        assert_eq!(common_prefix(b"", b"a"), 0);
        assert_eq!(common_suffix(long.as_bytes(), b"Z0123456789abcdef0123456789abcdefXY"), 34);
        assert_eq!(common_suffix(b"ab", b"b"), 1);
    }

    #[test]
    fn common_ends_stop_where_words_start() {
        // “Organising” and “Organised” share “Organis”, but the word is compared whole.
        let (old, new) = ("the Organising Group meets", "the Organised Group meets");
        assert_eq!(common_ends(old, new), ("the ".len(), " Group meets".len()));
        // A combining accent belongs to the letter before it: “é” written e + U+0301 is not cut.
        assert_eq!(common_ends("a e\u{301}b", "a e\u{301}c"), (2, 0));
        assert_eq!(common_ends("same", "same"), (4, 0));
        assert_eq!(common_ends("", "new words"), (0, 0));
    }

    fn show(old: &str, new: &str, whitespace: bool) -> String {
        let (runs, late) = diff(old, new, Compare { whitespace, deadline: None });
        assert!(!late);
        let mut s = String::new();
        for r in &runs {
            match r {
                Run::Same { new: n, .. } => s.push_str(&new[n.clone()]),
                Run::Changed { old: o, new: n } => {
                    if !o.is_empty() {
                        s.push_str(&format!("[-{}-]", &old[o.clone()]));
                    }
                    if !n.is_empty() {
                        s.push_str(&format!("{{+{}+}}", &new[n.clone()]));
                    }
                }
            }
        }
        s
    }

    #[test]
    fn a_phrase_replaced_reads_as_one_phrase() {
        assert_eq!(
            show(
                "notifying the Organising Group of its officers",
                "notifying the Steering Committee of its officers",
                false
            ),
            "notifying the [-Organising Group-]{+Steering Committee+} of its officers"
        );
    }

    #[test]
    fn a_kept_sentence_between_changes_stays_kept() {
        assert_eq!(
            show("Old words here.\n\nKept sentence is here.", "Kept sentence is here. New words added.", false),
            "[-Old words here.\n\n-]Kept sentence is here.{+ New words added.+}"
        );
    }

    #[test]
    fn distant_changes_stay_apart() {
        assert_eq!(
            show(
                "formed by signatories in a town. Only signatories may vote",
                "formed by members in a town. Only members may vote",
                false
            ),
            "formed by [-signatories-]{+members+} in a town. Only [-signatories-]{+members+} may vote"
        );
    }

    #[test]
    fn whitespace_alone_is_no_change_unless_asked() {
        let old = "one  two\nthree";
        let new = "one two three";
        assert_eq!(show(old, new, false), "one two three");
        assert_eq!(show(old, new, true), "one[-  -]{+ +}two[-\n-]{+ +}three");
    }

    #[test]
    fn runs_cover_both_texts() {
        let old = "The OG meets at least once a month, online or in person.";
        let new = "The SC meets at least twice a month, in person.";
        let (runs, _) = diff(old, new, Compare { whitespace: true, deadline: None });
        let o: String = runs.iter().map(|r| &old[r.old_range()]).collect();
        let n: String = runs.iter().map(|r| &new[r.new_range()]).collect();
        assert_eq!((o.as_str(), n.as_str()), (old, new));
    }

    #[test]
    fn changes_do_not_merge_across_a_line_break() {
        assert_eq!(show("a OG\nOG b", "a SC\nSC b", true), "a [-OG-]{+SC+}\n[-OG-]{+SC+} b");
    }

    #[test]
    fn kept_ratio_measures_common_words() {
        let old = "The Organising Group meets monthly.";
        let (runs, _) = diff(old, old, Compare { whitespace: true, deadline: None });
        assert_eq!(kept_ratio(old, old, &runs), 1.0);
        let new = "Something else entirely";
        let (runs, _) = diff(old, new, Compare { whitespace: true, deadline: None });
        assert_eq!(kept_ratio(old, new, &runs), 0.0);
    }
}
