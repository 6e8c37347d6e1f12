//! A restatement with its changes marked → a [`Passage`]: the stretches of text it quotes, each
//! as runs of kept, deleted and inserted words.
//!
//! Three notations are read: a hand-made pseudo-diff (`-` lines removed, `+` lines added, other
//! lines kept), the same as paired halves (old lines, a `=====` rule, new lines), and wdiff's
//! `[-old-]` / `{+new+}` marks inside the restated text. The marks say what changes; the kept
//! text says where, so each stretch of it (lines up to a blank line) is later found in the base
//! as it reads before the change.

use super::ast::{Hunk, Passage, Run};
use crate::source::Span;
use similar::{Algorithm, DiffTag, capture_diff_slices};

/// One line of the old or the new side, with the stretch it belongs to.
struct Side<'t> {
    /// Words of the side, each with its stretch (a blank line starts a new one) and whether it
    /// starts a paragraph of its own (after a blank line or as a numbered line).
    words: Vec<Word<'t>>,
}

#[derive(Clone, Copy)]
struct Word<'t> {
    text: &'t str,
    stretch: usize,
    starts_paragraph: bool,
}

/// Reads a passage written in any of the notations.
pub(super) fn read(text: &str, span: Span) -> Passage {
    if text.contains("[-") || text.contains("{+") {
        return wdiff(text, span);
    }
    let lines: Vec<&str> = text.lines().collect();
    let split = lines.iter().position(|l| is_half_rule(l));
    let (old, new) = match split {
        // Paired halves: the first holds the old lines, the second the new.
        Some(at)
            if lines[..at].iter().any(|l| l.starts_with('-')) && lines[at + 1..].iter().any(|l| l.starts_with('+')) =>
        {
            (side(&lines[..at], '-', '+'), side(&lines[at + 1..], '+', '-'))
        }
        _ => (side(&lines, '-', '+'), side(&lines, '+', '-')),
    };
    Passage { hunks: hunks(&old, &new, span) }
}

/// A rule line between the halves of a paired pseudo-diff.
fn is_half_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| c == '=')
}

/// The lines of one side: context lines, and lines marked `mine`, without their mark; lines
/// marked `theirs` are left out.
fn side<'t>(lines: &[&'t str], mine: char, theirs: char) -> Side<'t> {
    let mut words = Vec::new();
    let mut stretch = 0;
    let mut blank_before = true;
    for line in lines {
        let body = if let Some(rest) = line.strip_prefix(mine) {
            rest
        } else if line.starts_with(theirs) {
            continue;
        } else {
            line
        };
        if body.trim().is_empty() {
            // A blank line (kept or marked) ends a stretch.
            if !words.is_empty() && !blank_before {
                stretch += 1;
            }
            blank_before = true;
            continue;
        }
        let numbered = starts_numbered(body.trim_start());
        for (k, w) in body.split_whitespace().enumerate() {
            words.push(Word { text: w, stretch, starts_paragraph: k == 0 && (blank_before || numbered) });
        }
        blank_before = false;
    }
    Side { words }
}

/// Whether a line starts with a unit's number (`7.`, `9.1`, `(b)`), so that it is a
/// paragraph of its own and not a wrapped continuation.
fn starts_numbered(line: &str) -> bool {
    let first = line.split_whitespace().next().unwrap_or("");
    let core = first.trim_end_matches(['.', ')']).trim_start_matches('(');
    !core.is_empty()
        && core.len() <= 8
        && core.chars().next().is_some_and(|c| c.is_ascii_digit())
        && core.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// Diffs the two sides word by word and cuts the result into stretches of the old side.
fn hunks(old: &Side<'_>, new: &Side<'_>, span: Span) -> Vec<Hunk> {
    let a: Vec<&str> = old.words.iter().map(|w| w.text).collect();
    let b: Vec<&str> = new.words.iter().map(|w| w.text).collect();
    let ops = capture_diff_slices(Algorithm::Patience, &a, &b);
    let stretches = old.words.last().map_or(0, |w| w.stretch + 1);
    let mut out: Vec<Vec<Run>> = (0..stretches.max(1)).map(|_| Vec::new()).collect();
    // Insertions go with the stretch of the old word before them (or the first stretch).
    let mut current = 0;
    for op in ops {
        match op.tag() {
            DiffTag::Equal => {
                for (k, w) in old.words[op.old_range()].iter().enumerate() {
                    current = w.stretch;
                    let _ = k;
                    push(&mut out[current], Run::Kept(w.text.to_string()));
                }
            }
            DiffTag::Delete => {
                for w in &old.words[op.old_range()] {
                    current = w.stretch;
                    push(&mut out[current], Run::Deleted(w.text.to_string()));
                }
            }
            DiffTag::Insert => {
                let text = joined(&new.words[op.new_range()]);
                push(&mut out[current], Run::Inserted(text));
            }
            DiffTag::Replace => {
                for w in &old.words[op.old_range()] {
                    current = w.stretch;
                    push(&mut out[current], Run::Deleted(w.text.to_string()));
                }
                let text = joined(&new.words[op.new_range()]);
                push(&mut out[current], Run::Inserted(text));
            }
        }
    }
    out.into_iter().filter(|runs| !runs.is_empty()).map(|runs| Hunk { runs, span }).collect()
}

/// New words as text: one space between words, a line break where the new side starts a
/// paragraph (after a blank line, or a numbered line).
fn joined(words: &[Word<'_>]) -> String {
    let mut s = String::new();
    for (i, w) in words.iter().enumerate() {
        if i > 0 {
            s.push(if w.starts_paragraph { '\n' } else { ' ' });
        } else if w.starts_paragraph {
            s.push('\n');
        }
        s.push_str(w.text);
    }
    s
}

/// Appends to a run of the same kind (with a space), or starts a new run.
fn push(runs: &mut Vec<Run>, run: Run) {
    match (runs.last_mut(), &run) {
        (Some(Run::Kept(a)), Run::Kept(b)) | (Some(Run::Deleted(a)), Run::Deleted(b)) => {
            a.push(' ');
            a.push_str(b);
        }
        (Some(Run::Inserted(a)), Run::Inserted(b)) => {
            if !b.starts_with('\n') {
                a.push(' ');
            }
            a.push_str(b);
        }
        _ => runs.push(run),
    }
}

/// wdiff notation: `[-old-]` deleted, `{+new+}` inserted, everything else kept. Each
/// non-blank line is a stretch (restatements put each paragraph on a line).
fn wdiff(text: &str, span: Span) -> Passage {
    let mut hunks = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let mut runs: Vec<Run> = Vec::new();
        let mut rest = line.trim();
        while !rest.is_empty() {
            let del = rest.find("[-");
            let ins = rest.find("{+");
            let next = match (del, ins) {
                (Some(d), Some(i)) => Some(d.min(i)),
                (d, i) => d.or(i),
            };
            let Some(at) = next else {
                add_words(&mut runs, rest, Run::Kept);
                break;
            };
            add_words(&mut runs, &rest[..at], Run::Kept);
            let deleting = rest[at..].starts_with("[-");
            let close = if deleting { "-]" } else { "+}" };
            let body_start = at + 2;
            let body_end = rest[body_start..].find(close).map_or(rest.len(), |e| body_start + e);
            let body = &rest[body_start..body_end];
            if deleting {
                add_words(&mut runs, body, Run::Deleted);
            } else {
                add_words(&mut runs, body, Run::Inserted);
            }
            rest = rest.get(body_end + 2..).unwrap_or("");
        }
        hunks.push(Hunk { runs, span });
    }
    Passage { hunks }
}

/// Adds the words of `text` as a run of the given kind.
fn add_words(runs: &mut Vec<Run>, text: &str, kind: fn(String) -> Run) {
    let words = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if !words.is_empty() {
        push(runs, kind(words));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(p: &Passage) -> Vec<String> {
        p.hunks
            .iter()
            .map(|h| {
                h.runs
                    .iter()
                    .map(|r| match r {
                        Run::Kept(t) => t.clone(),
                        Run::Deleted(t) => format!("[-{t}-]"),
                        Run::Inserted(t) => format!("{{+{t}+}}"),
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn a_pseudo_diff_marks_the_changed_words() {
        let text = " 4.1. Powers\n   1. Keep this.\n-  2. Old item,\n-     wrapped.\n+  2. New item,\n+     wrapped.\n+  3. Added.\n   4. Kept too.";
        let p = read(text, Span::default());
        assert_eq!(
            show(&p),
            ["4.1. Powers 1. Keep this. 2. [-Old-] {+New+} item, wrapped. {+\n3. Added.+} 4. Kept too."]
        );
    }

    #[test]
    fn paired_halves_and_blank_lines_make_stretches() {
        let text = " 4.1. Powers\n\n-   3. Override a decision.\n\n=====\n 4.1. Powers\n\n+   3. Make or override a decision.\n";
        let p = read(text, Span::default());
        assert_eq!(show(&p), ["4.1. Powers", "3. [-Override-] {+Make or override+} a decision."]);
    }

    #[test]
    fn wdiff_marks() {
        let p = read("2. The election begins [-nine-] {+six+} weeks before.\n3. Kept.", Span::default());
        assert_eq!(show(&p), ["2. The election begins [-nine-] {+six+} weeks before.", "3. Kept."]);
    }
}
