//! CriticMarkup: `{--old--}`, `{++new++}`, `{~~old~>new~~}`, and `{>>…<<}` comments naming the
//! instruction behind each change. CriticMarkup has one convention, so `--style` does not
//! apply.

use super::{Piece, origin, pieces, segments, summary, title};
use crate::redline::{Change, Mark, Redline};

/// Renders as CriticMarkup.
pub(super) fn render(redline: &Redline) -> String {
    let mut out = format!(
        "Redline: {}\nLegend: {{--deleted--}} {{++inserted++}} {{~~replaced~>by~~}} {{>>comment<<}}. {}\n\n",
        title(redline),
        summary(redline)
    );
    let segs: Vec<(Mark, &str, Option<&Change>)> = segments(redline);
    let mut i = 0;
    while i < segs.len() {
        let (mark, text, change) = segs[i];
        let next = segs.get(i + 1);
        match mark {
            Mark::Equal => out.push_str(text),
            // A deletion followed by its insertion on one line is a substitution.
            Mark::Delete
                if next.is_some_and(|n| {
                    n.0 == Mark::Insert
                        && n.2.map(|c| c.id) == change.map(|c| c.id)
                        && !text.contains('\n')
                        && !n.1.contains('\n')
                }) =>
            {
                let new = next.expect("checked").1;
                let (o, n) = (text.trim(), new.trim());
                let lead = edge(text, new, |s| &s[..s.len() - s.trim_start().len()]);
                let tail = edge(text, new, |s| &s[s.trim_end().len()..]);
                if o.is_empty() || n.is_empty() {
                    mark_pieces(&mut out, "{--", "--}", text);
                    mark_pieces(&mut out, "{++", "++}", new);
                } else {
                    out.push_str(&format!("{lead}{{~~{o}~>{n}~~}}{tail}"));
                }
                i += 1;
            }
            Mark::Delete => mark_pieces(&mut out, "{--", "--}", text),
            Mark::Insert => mark_pieces(&mut out, "{++", "++}", text),
        }
        // A comment after the change's last mark.
        let (_, _, change) = segs[i];
        let ends = segs
            .get(i + 1)
            .is_none_or(|n| n.2.map(|c| c.id) != change.map(|c| c.id));
        if let Some(c) = change.filter(|c| ends && c.source.is_some()) {
            out.push_str(&format!("{{>>{}<<}}", origin(c)));
        }
        i += 1;
    }
    out
}

fn mark_pieces(out: &mut String, open: &str, close: &str, text: &str) {
    for piece in pieces(text, true) {
        match piece {
            Piece::Plain(s) | Piece::Break(s) => out.push_str(s),
            Piece::Marked(s) => {
                out.push_str(open);
                out.push_str(s);
                out.push_str(close);
            }
        }
    }
}

/// The whitespace at one edge of a substitution: the old text's, or the new text's if the old
/// has none.
fn edge<'a>(old: &'a str, new: &'a str, part: impl Fn(&'a str) -> &'a str) -> &'a str {
    let o = part(old);
    if o.is_empty() { part(new) } else { o }
}
