//! Edits → consolidated text, in one pass over the base.

use crate::resolve::Edit;

/// Applies edits (sorted by position, not overlapping, as `resolve` returns them) to `base`.
/// Insertions at the same point keep the order in which they were resolved.
pub fn apply(base: &str, edits: &[Edit]) -> String {
    let growth: usize = edits.iter().map(|e| e.text.len()).sum();
    let mut out = String::with_capacity(base.len() + growth);
    pieces(base, edits).for_each(|p| out.push_str(p));
    out
}

/// Writes the text [`apply`] makes, piece by piece, without holding it whole.
pub fn write(base: &str, edits: &[Edit], out: &mut dyn std::io::Write) -> std::io::Result<()> {
    pieces(base, edits).try_for_each(|p| out.write_all(p.as_bytes()))
}

/// The consolidated text in order: the base up to each edit, the edit's text, and so on.
fn pieces<'a>(base: &'a str, edits: &'a [Edit]) -> impl Iterator<Item = &'a str> {
    let mut cursor = 0;
    edits
        .iter()
        .flat_map(move |e| {
            debug_assert!(e.range.start >= cursor, "edits overlap at {:?}", e.range);
            let start = e.range.start.max(cursor);
            let kept = &base[cursor..start];
            cursor = e.range.end.max(cursor);
            [kept, e.text.as_str()]
        })
        .chain(std::iter::once_with(move || &base[edits.iter().map(|e| e.range.end).max().unwrap_or(0)..]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::{EditKind, Origin};
    use crate::source::Span;

    fn edit(start: usize, end: usize, text: &str) -> Edit {
        Edit {
            range: Span::new(start, end),
            text: text.into(),
            kind: EditKind::Text,
            origin: Origin { amendment: 0, file: 0, span: Span::default() },
            unit: None,
        }
    }

    #[test]
    fn one_insertion() {
        assert_eq!(apply("ab", &[edit(1, 1, "X")]), "aXb");
    }

    #[test]
    fn one_replacement_and_two_deletions() {
        let base = "the OG and the OG, twice";
        let edits = [edit(4, 6, "SC"), edit(6, 14, ""), edit(17, 18, "")];
        assert_eq!(apply(base, &edits), "the SC OG twice");
    }

    #[test]
    fn edit_at_end_of_text() {
        assert_eq!(apply("end", &[edit(3, 3, ".")]), "end.");
    }

    #[test]
    fn insertions_at_one_point_keep_their_order() {
        assert_eq!(apply("ab", &[edit(1, 1, "X"), edit(1, 1, "Y")]), "aXYb");
    }

    #[test]
    fn no_edits_gives_the_base_back() {
        let base = "\u{FEFF}Para 1\r\n";
        assert_eq!(apply(base, &[]), base);
    }
}
