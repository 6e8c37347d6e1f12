//! Two texts → a redline (`amend diff`): lines first, then words within the lines that differ,
//! with `similar` at both levels and a time budget. Comparing lines first keeps large inputs
//! fast (only changed passages are compared word by word); when the budget runs out, the
//! remaining passages are marked as whole lines replaced, which is coarser but still exact.

use super::words::{self, Compare, HashMap, Run};
use super::{Builder, Coarse, EditKind, LineCounter, Mark, Redline, Subject};
use similar::{Algorithm, capture_diff_slices_deadline};
use std::borrow::Cow;
use std::ops::Range;
use std::time::{Duration, Instant};

/// How `amend diff` compares.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// Count differences in whitespace alone (spacing, line wrapping) as changes.
    pub whitespace: bool,
    /// How long to look for the best word-level alignment before falling back to lines.
    pub timeout: Duration,
}

impl Default for DiffOptions {
    fn default() -> DiffOptions {
        DiffOptions { whitespace: false, timeout: Duration::from_secs(5) }
    }
}

/// The lines of a text, each with its line break, as byte ranges.
fn lines(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 40 + 1);
    let mut start = 0;
    for (i, _) in text.match_indices('\n') {
        out.push(start..i + 1);
        start = i + 1;
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out
}

/// Line ids for diffing: equal for lines equal up to whitespace when whitespace does not count.
fn line_ids<'a>(
    old: &'a str,
    old_lines: &[Range<usize>],
    new: &'a str,
    new_lines: &[Range<usize>],
    whitespace: bool,
) -> (Vec<u32>, Vec<u32>) {
    let mut table: HashMap<Cow<'a, str>, u32> = HashMap::default();
    table.reserve(old_lines.len() + new_lines.len());
    let mut id = |line: &'a str| -> u32 {
        let key = if whitespace {
            Cow::Borrowed(line)
        } else {
            // Most lines are in normal form but for their indent and line break; only the
            // others are rebuilt.
            let content = line.trim();
            if spaced_normally(content) {
                Cow::Borrowed(content)
            } else {
                let mut k = String::with_capacity(line.len());
                for w in line.split_whitespace() {
                    if !k.is_empty() {
                        k.push(' ');
                    }
                    k.push_str(w);
                }
                Cow::Owned(k)
            }
        };
        let next = table.len() as u32;
        *table.entry(key).or_insert(next)
    };
    let a = old_lines.iter().map(|r| id(&old[r.clone()])).collect();
    let b = new_lines.iter().map(|r| id(&new[r.clone()])).collect();
    (a, b)
}

/// Whether words are separated by single spaces, with none at either end.
fn spaced_normally(line: &str) -> bool {
    let b = line.as_bytes();
    // Printable ASCII, checked a block at a time: most lines of most texts.
    if b.iter().all(|&c| (0x20..0x7f).contains(&c)) {
        return !line.starts_with(' ') && !line.ends_with(' ') && !line.contains("  ");
    }
    let mut after_space = true;
    for c in line.chars() {
        match c {
            ' ' if after_space => return false,
            ' ' => after_space = true,
            c if c.is_whitespace() => return false,
            _ => after_space = false,
        }
    }
    !after_space || line.is_empty()
}

/// Compares two texts and marks their differences word by word.
pub fn diff(old: &str, new: &str, options: &DiffOptions) -> Redline {
    let deadline = Instant::now() + options.timeout;
    let old_lines = lines(old);
    let new_lines = lines(new);
    let (a, b) = line_ids(old, &old_lines, new, &new_lines, options.whitespace);
    let ops = capture_diff_slices_deadline(Algorithm::Patience, &a, &b, Some(deadline));
    let bytes = |ls: &[Range<usize>], text: &str, at: usize, len: usize| -> Range<usize> {
        let start = ls.get(at).map_or(text.len(), |r| r.start);
        let end = if len == 0 { start } else { ls[at + len - 1].end };
        start..end
    };

    // Line-level runs: equal lines, and passages of changed lines.
    let mut passages: Vec<Run> = Vec::new();
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        let old_r = bytes(&old_lines, old, o.start, o.len());
        let new_r = bytes(&new_lines, new, n.start, n.len());
        let run = if tag == similar::DiffTag::Equal {
            Run::Same { old: old_r, new: new_r }
        } else {
            Run::Changed { old: old_r, new: new_r }
        };
        match (passages.last_mut(), &run) {
            (Some(Run::Changed { old: po, new: pn }), Run::Changed { old: o, new: n }) => {
                po.end = o.end;
                pn.end = n.end;
            }
            _ => passages.push(run),
        }
    }

    let mut b = Builder::default();
    let mut lines_seen = LineCounter::default();
    let mut coarse = 0;
    for passage in passages {
        match passage {
            Run::Same { old: o, new: n } => {
                if options.whitespace || old[o.clone()] == new[n.clone()] {
                    b.equal(&new[n]);
                } else {
                    // Lines equal but for whitespace: compare them word by word so that the
                    // kept text reads as the new text, with the old one recorded.
                    let (runs, _) =
                        words::diff(&old[o.clone()], &new[n.clone()], Compare { whitespace: false, deadline: None });
                    emit(&mut b, &old[o], &new[n], &runs, &mut lines_seen, old);
                }
            }
            Run::Changed { old: o, new: n } => {
                let runs = if Instant::now() < deadline {
                    let (runs, late) = words::diff(
                        &old[o.clone()],
                        &new[n.clone()],
                        Compare { whitespace: options.whitespace, deadline: Some(deadline) },
                    );
                    if late {
                        coarse += 1;
                        whole(&old[o.clone()], &new[n.clone()])
                    } else {
                        runs
                    }
                } else {
                    coarse += 1;
                    whole(&old[o.clone()], &new[n.clone()])
                };
                emit(&mut b, &old[o], &new[n], &runs, &mut lines_seen, old);
            }
        }
    }
    Redline {
        subject: Subject::Compared { old: String::new(), new: String::new() },
        segments: b.segments,
        changes: b.changes,
        coarse: (coarse > 0).then_some(Coarse { timeout: options.timeout, passages: coarse }),
    }
}

/// A passage as one change: every old line deleted, every new line inserted.
fn whole(old: &str, new: &str) -> Vec<Run> {
    vec![Run::Changed { old: 0..old.len(), new: 0..new.len() }]
}

/// Adds a passage's runs to the redline; each changed run is one change.
fn emit(b: &mut Builder, old: &str, new: &str, runs: &[Run], lines_seen: &mut LineCounter, whole_old: &str) {
    for run in runs {
        match run {
            Run::Same { old: o, new: n } => b.equal_as(&old[o.clone()], &new[n.clone()]),
            Run::Changed { old: o, new: n } => {
                let (ot, nt) = (&old[o.clone()], &new[n.clone()]);
                let lead = ot.len() - ot.trim_start().len();
                let line = lines_seen.line_at(whole_old, b.old_at + lead);
                let id = b.open(EditKind::Text, None, ot, nt, None, line);
                b.push(Mark::Delete, ot, Some(id));
                b.push(Mark::Insert, nt, Some(id));
                b.close(id);
            }
        }
    }
}

impl Redline {
    /// Names what was compared, for headers.
    pub fn compared(mut self, old: impl Into<String>, new: impl Into<String>) -> Redline {
        self.subject = Subject::Compared { old: old.into(), new: new.into() };
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::redline::tests::marks as plain;

    #[test]
    fn words_change_within_changed_lines() {
        let old = "2) Structures\n\n2.3 A local group notifies the Organising Group.\n\n2.4 Same.\n";
        let new = "2) Structures\n\n2.3 A local group notifies the Steering Committee.\n\n2.4 Same.\n";
        let r = diff(old, new, &DiffOptions::default());
        assert_eq!(
            plain(&r),
            "2) Structures\n\n2.3 A local group notifies the [-Organising Group-]{+Steering Committee+}.\n\n2.4 Same.\n"
        );
        assert_eq!(r.changes.len(), 1);
        assert_eq!(r.changes[0].old_line, 3);
        assert!(r.coarse.is_none());
    }

    #[test]
    fn rewrapped_lines_are_no_change_unless_whitespace_counts() {
        let old = "Conference is the highest\nbody of the LLA.\n";
        let new = "Conference is the highest body\nof the LLA.\n";
        let r = diff(old, new, &DiffOptions::default());
        assert!(r.changes.is_empty());
        assert_eq!(r.new_text(), new);
        assert_eq!(r.old_text(), old);
        let r = diff(old, new, &DiffOptions { whitespace: true, ..DiffOptions::default() });
        assert_eq!(r.changes.len(), 2);
    }

    #[test]
    fn out_of_time_falls_back_to_whole_lines_and_says_so() {
        let old = "one two three\nfour five six\n";
        let new = "one 2 three\nfour five 6\n";
        let r = diff(old, new, &DiffOptions { whitespace: false, timeout: Duration::ZERO });
        assert_eq!(plain(&r), "[-one two three\nfour five six\n-]{+one 2 three\nfour five 6\n+}");
        let coarse = r.coarse.as_ref().expect("said so");
        assert_eq!(coarse.passages, 1);
        assert!(coarse.to_string().contains("whole lines"));
    }

    #[test]
    fn identical_texts_have_no_changes() {
        let r = diff("same\n", "same\n", &DiffOptions::default());
        assert!(r.changes.is_empty());
        assert_eq!(plain(&r), "same\n");
    }

    proptest! {
        #[test]
        fn segments_join_back_into_both_texts(
            old in "[ab \n.]{0,40}",
            new in "[ab \n.]{0,40}",
            whitespace: bool,
        ) {
            let r = diff(&old, &new, &DiffOptions { whitespace, ..DiffOptions::default() });
            prop_assert_eq!(r.old_text(), old.clone());
            prop_assert_eq!(r.new_text(), new.clone());
            let (o, n) = (r.old_text(), r.new_text());
            for c in &r.changes {
                prop_assert_eq!(&o[c.old_span.range()], c.old.as_str());
                prop_assert_eq!(&n[c.new_span.range()], c.new.as_str());
                prop_assert!(c.old != c.new);
            }
        }
    }
}
