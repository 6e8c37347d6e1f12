//! CriticMarkup: `{--old--}`, `{++new++}`, `{~~old~>new~~}`, and `{>>…<<}` comments naming the
//! instruction behind each change. CriticMarkup has one convention, so `--style` does not
//! apply.

use super::{Options, Seg, exact_segments, heading, mark_exact, origin, summary};
use crate::redline::{Mark, Redline};

/// Renders as CriticMarkup.
pub(super) fn render(redline: &Redline, options: &Options) -> String {
    let mut out = format!(
        "{}Legend: {{--deleted--}} {{++inserted++}} {{~~replaced~>by~~}} {{>>comment<<}}. {}\n\n",
        heading(redline, options, "Redline: ", "\n"),
        summary(redline)
    );
    let segs: Vec<Seg> = exact_segments(redline);
    let same_change = |a: &Seg, b: &Seg| a.change.map(|c| c.id) == b.change.map(|c| c.id);
    let mut i = 0;
    while i < segs.len() {
        let seg = segs[i];
        match seg.mark {
            Mark::Equal => out.push_str(seg.text),
            // A word or phrase replaced within a line is a substitution.
            Mark::Delete
                if segs.get(i + 1).is_some_and(|n| {
                    n.mark == Mark::Insert && same_change(&seg, n) && exact(seg.text) && exact(n.text)
                }) =>
            {
                out.push_str(&format!("{{~~{}~>{}~~}}", seg.text, segs[i + 1].text));
                i += 1;
            }
            Mark::Delete => mark_exact(&mut out, "{--", "--}", seg.text, false),
            Mark::Insert => mark_exact(&mut out, "{++", "++}", seg.text, false),
        }
        // A comment after the change's last mark.
        let last = segs[i];
        let ends = segs.get(i + 1).is_none_or(|n| !same_change(&last, n));
        if let Some(c) = last.change.filter(|c| ends && c.source.is_some()) {
            out.push_str(&format!("{{>>{}<<}}", origin(c)));
        }
        i += 1;
    }
    out
}

/// Text that can go into a substitution as it is: on one line, without whitespace at its ends.
fn exact(text: &str) -> bool {
    !text.is_empty() && !text.contains('\n') && text.trim() == text
}
