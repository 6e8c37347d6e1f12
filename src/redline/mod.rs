//! Edits (or two texts) → a redline: the consolidated document as a sequence of kept, deleted
//! and inserted text, where every mark belongs to a [`Change`] that knows its unit, its kind,
//! its old and new text, and the instruction that caused it.
//!
//! The segments join back exactly: kept and deleted text give the old text, kept and inserted
//! text give the new one ([`Redline::old_text`], [`Redline::new_text`]). Renderers
//! ([`crate::render`]) only decide how the marks look.

pub mod diff;
pub mod preview;
mod words;

use crate::Outcome;
use crate::document::{Document, UnitId};
use crate::resolve::{Edit, EditKind};
use crate::source::{Sources, Span};
use serde::Serialize;
use std::time::Duration;
use words::{Compare, Run};

/// Whether a segment is kept, deleted or inserted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    /// In both texts.
    Equal,
    /// Only in the old text.
    Delete,
    /// Only in the new text.
    Insert,
}

/// A piece of the redline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub mark: Mark,
    /// The text as it reads in the new text (for a deletion, in the old one).
    pub text: String,
    /// For kept text whose whitespace differs in the old text (when whitespace does not
    /// count), the old text.
    pub old: Option<String>,
    /// Index in [`Redline::changes`] of the change this segment belongs to.
    pub change: Option<usize>,
}

impl Segment {
    fn new(mark: Mark, text: &str, change: Option<usize>) -> Segment {
        Segment { mark, text: text.to_string(), old: None, change }
    }

    /// The segment's part of the old text.
    pub fn old_text(&self) -> &str {
        match self.mark {
            Mark::Insert => "",
            _ => self.old.as_deref().unwrap_or(&self.text),
        }
    }

    /// The segment's part of the new text.
    pub fn new_text(&self) -> &str {
        match self.mark {
            Mark::Delete => "",
            _ => &self.text,
        }
    }
}

/// What kind of change: the edit kinds of the resolver, or a difference found by `amend diff`.
pub type ChangeKind = EditKind;

/// The unit a change concerns, as the base numbers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnitName {
    /// The unit in the document the redline was built from (the base, or the old text).
    #[serde(skip)]
    pub id: UnitId,
    /// The unit's number as printed, e.g. `4.5` or `vii)`.
    pub label: Option<String>,
    /// A short description: `Para 4.5`, `Section 2 (Structures)`, `Appendix`.
    pub name: String,
    /// Whether the unit is one the amendment adds, named by its new number (else a change that
    /// adds a unit is named after the unit it follows).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub added: bool,
}

/// The instruction that caused a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    /// Index of the amendment among those applied (0-based).
    pub amendment: usize,
    /// The amendment file's name.
    pub file: String,
    /// 1-based line and column of the instruction.
    pub line: usize,
    pub column: usize,
    /// The instruction as written, on one line (shortened if long).
    pub instruction: String,
}

/// One change: an edit of the base, or one difference between two texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// 1-based number, in document order.
    pub id: usize,
    pub kind: ChangeKind,
    pub unit: Option<UnitName>,
    /// The text replaced (empty for an insertion) and its bytes in the old text.
    pub old: String,
    pub old_span: Span,
    /// The 1-based line of the old text where the change starts.
    pub old_line: usize,
    /// The new text (empty for a deletion) and its bytes in the new text.
    pub new: String,
    pub new_span: Span,
    /// The instruction that caused it; `None` for a difference found by comparing texts.
    pub source: Option<Source>,
}

/// An amendment file, as shown in a redline's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AmendmentName {
    pub file: String,
    /// The sheet's first line when it is a title rather than an instruction.
    pub title: Option<String>,
}

/// What the redline compares, for headers and notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "of", rename_all = "snake_case")]
pub enum Subject {
    /// A base and the amendments applied to it.
    Amended { base: String, amendments: Vec<AmendmentName> },
    /// Two texts compared with each other.
    Compared { old: String, new: String },
}

/// Why part of a redline is coarser than word by word.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coarse {
    /// How long the word-level comparison was allowed to take.
    #[serde(rename = "timeout_seconds", serialize_with = "seconds")]
    pub timeout: Duration,
    /// How many passages are marked as whole lines replaced.
    pub passages: usize,
}

fn seconds<S: serde::Serializer>(d: &Duration, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(d.as_secs_f64())
}

impl std::fmt::Display for Coarse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let secs = self.timeout.as_secs_f64();
        write!(
            f,
            "the texts differ too much to compare word by word within {secs} s; {} passage{} {} marked as whole lines replaced",
            self.passages,
            if self.passages == 1 { "" } else { "s" },
            if self.passages == 1 { "is" } else { "are" }
        )
    }
}

/// A document with its changes marked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redline {
    pub subject: Subject,
    pub segments: Vec<Segment>,
    pub changes: Vec<Change>,
    /// Set when the comparison ran out of time and part of it is marked by whole lines.
    pub coarse: Option<Coarse>,
}

/// Below this share of common words, a replaced span is shown as all old text struck and all
/// new text added: a rewritten paragraph dotted with a few kept words misleads readers into
/// thinking it was edited, not replaced.
const MIN_KEPT_RATIO: f32 = 0.5;

impl Redline {
    /// The redline of an applied set of amendments: every edit becomes a change, and a
    /// replaced span is refined word by word when old and new text have enough in common.
    pub fn from_outcome(sources: &Sources, outcome: &Outcome) -> Redline {
        let doc = &outcome.document;
        let base = doc.text();
        let amendments = outcome
            .amendments
            .iter()
            .map(|a| AmendmentName { file: sources.name(a.file).to_string(), title: sheet_title(sources, a) })
            .collect();
        let mut b = Builder::default();
        let mut cursor = 0;
        let mut lines = LineCounter::default();
        for edit in &outcome.edits {
            let start = edit.range.start.max(cursor);
            let old = &base[start..edit.range.end.max(start)];
            if old == edit.text {
                continue;
            }
            b.equal(&base[cursor..start]);
            let source = Some(source_of(sources, edit));
            // A unit the amendment adds is named by its new number.
            let added = match (edit.kind, edit.unit) {
                (EditKind::AddUnit, Some(near)) => doc.describe_new(near, &edit.text).map(|name| UnitName {
                    id: near,
                    label: new_label(&edit.text),
                    name,
                    added: true,
                }),
                _ => None,
            };
            let unit = added.or_else(|| unit_of(doc, edit).map(|u| unit_name(doc, u)));
            let first_word = start + (old.len() - old.trim_start().len());
            let line = lines.line_at(base, first_word);
            let id = b.open(edit.kind, unit, old, &edit.text, source, line);
            b.replaced(old, &edit.text, id, true);
            b.close(id);
            cursor = edit.range.end.max(start);
        }
        b.equal(&base[cursor..]);
        Redline {
            subject: Subject::Amended { base: sources.name(doc.file()).to_string(), amendments },
            segments: b.segments,
            changes: b.changes,
            coarse: None,
        }
    }

    /// The old text: kept and deleted segments.
    pub fn old_text(&self) -> String {
        self.segments.iter().map(Segment::old_text).collect()
    }

    /// The new text: kept and inserted segments.
    pub fn new_text(&self) -> String {
        self.segments.iter().map(Segment::new_text).collect()
    }

    /// Names each change's unit after the unit of `old` (the old text, parsed) where it starts.
    pub fn name_units(&mut self, old: &Document) {
        for c in &mut self.changes {
            let at = c.old_span.start + (c.old.len() - c.old.trim_start().len());
            c.unit = old.unit_at(at).map(|u| unit_name(old, u));
        }
    }
}

/// Collects segments and changes, keeping the old and new offsets.
#[derive(Default)]
struct Builder {
    segments: Vec<Segment>,
    changes: Vec<Change>,
    old_at: usize,
    new_at: usize,
}

impl Builder {
    fn push(&mut self, mark: Mark, text: &str, change: Option<usize>) {
        if text.is_empty() {
            return;
        }
        if mark != Mark::Insert {
            self.old_at += text.len();
        }
        if mark != Mark::Delete {
            self.new_at += text.len();
        }
        match self.segments.last_mut() {
            Some(last) if last.mark == mark && last.change == change && last.old.is_none() => {
                last.text.push_str(text);
            }
            _ => self.segments.push(Segment::new(mark, text, change)),
        }
    }

    fn equal(&mut self, text: &str) {
        self.push(Mark::Equal, text, None);
    }

    /// Kept text that reads `new` but was `old` (they differ in whitespace only).
    fn equal_as(&mut self, old: &str, new: &str) {
        if old == new {
            return self.equal(new);
        }
        self.old_at += old.len();
        self.new_at += new.len();
        self.segments.push(Segment {
            mark: Mark::Equal,
            text: new.to_string(),
            old: Some(old.to_string()),
            change: None,
        });
    }

    /// Starts a change at the current offsets; its spans are completed by [`Builder::close`].
    fn open(
        &mut self,
        kind: ChangeKind,
        unit: Option<UnitName>,
        old: &str,
        new: &str,
        source: Option<Source>,
        old_line: usize,
    ) -> usize {
        self.changes.push(Change {
            id: self.changes.len() + 1,
            kind,
            unit,
            old: old.to_string(),
            old_span: Span::point(self.old_at),
            old_line,
            new: new.to_string(),
            new_span: Span::point(self.new_at),
            source,
        });
        self.changes.len() - 1
    }

    fn close(&mut self, id: usize) {
        let c = &mut self.changes[id];
        c.old_span.end = self.old_at;
        c.new_span.end = self.new_at;
    }

    /// `old` replaced by `new` as change `id`: word by word when `refine` is set and they have
    /// enough in common, else all old text deleted and all new text inserted.
    fn replaced(&mut self, old: &str, new: &str, id: usize, refine: bool) {
        if refine && !old.is_empty() && !new.is_empty() {
            let compare = Compare { whitespace: true, deadline: None };
            let (runs, _) = words::diff(old, new, compare);
            if words::kept_ratio(old, new, &runs) >= MIN_KEPT_RATIO {
                for run in runs {
                    match run {
                        Run::Same { old: o, .. } => self.push(Mark::Equal, &old[o], Some(id)),
                        Run::Changed { old: o, new: n } => {
                            self.push(Mark::Delete, &old[o], Some(id));
                            self.push(Mark::Insert, &new[n], Some(id));
                        }
                    }
                }
                return;
            }
        }
        self.push(Mark::Delete, old, Some(id));
        self.push(Mark::Insert, new, Some(id));
    }
}

/// The unit an edit concerns: for words changed, the innermost unit around them (a change
/// under a section's scope that falls in its paragraph 2 names the paragraph).
fn unit_of(doc: &Document, edit: &Edit) -> Option<UnitId> {
    if edit.kind != EditKind::Text {
        return edit.unit;
    }
    let old = &doc.text()[edit.range.range()];
    let at = edit.range.start + (old.len() - old.trim_start().len());
    match (doc.unit_at(at), edit.unit) {
        (Some(inner), Some(scope)) if doc.is_within(inner, scope) => Some(inner),
        (inner, None) => inner,
        (_, scope) => scope,
    }
}

/// The number printed on the first numbered line of new text: `2.4`, `(g)`.
fn new_label(text: &str) -> Option<String> {
    text.lines().find_map(|line| {
        let (end, _) = crate::document::line_label(line)?;
        Some(line[..end].trim_start().to_string())
    })
}

fn unit_name(doc: &Document, id: UnitId) -> UnitName {
    let label = doc.unit(id).label.as_ref().map(|l| doc.slice(l.span).to_string());
    UnitName { id, label, name: doc.describe(id), added: false }
}

fn source_of(sources: &Sources, edit: &Edit) -> Source {
    let file = sources.get(edit.origin.file);
    let (line, column) = file.line_col(edit.origin.span.start);
    Source {
        amendment: edit.origin.amendment,
        file: file.name.clone(),
        line,
        column,
        instruction: one_line(&file.text[edit.origin.span.range()], 200),
    }
}

/// The sheet's title: its first line, when that line is commentary or a title, not a scope or
/// an instruction.
pub fn sheet_title(sources: &Sources, amendment: &crate::amendment::Amendment) -> Option<String> {
    use crate::amendment::Item;
    let span = match amendment.items.first()? {
        Item::Commentary { span, .. } => *span,
        Item::Scope(s) if s.titled => s.span,
        _ => return None,
    };
    let text = sources.text(amendment.file);
    let line = text[span.start..].lines().next().unwrap_or("");
    Some(one_line(line, 120)).filter(|t| !t.is_empty())
}

/// Text on one line, whitespace collapsed, shortened to `max` characters with an ellipsis.
pub(crate) fn one_line(text: &str, max: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let joined = words.join(" ");
    if joined.chars().count() <= max {
        return joined;
    }
    let cut: String = joined.chars().take(max.saturating_sub(1)).collect();
    format!("{}…", cut.trim_end())
}

/// Line numbers of increasing offsets, counted once over the text.
#[derive(Default)]
pub(crate) struct LineCounter {
    offset: usize,
    breaks: usize,
}

impl LineCounter {
    /// The 1-based line of `offset`, which must not be before the previous one asked for.
    pub(crate) fn line_at(&mut self, text: &str, offset: usize) -> usize {
        let offset = offset.max(self.offset);
        self.breaks += text[self.offset..offset].bytes().filter(|&b| b == b'\n').count();
        self.offset = offset;
        self.breaks + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::Options;

    fn redline(base: &str, amendment: &str) -> Redline {
        let mut sources = Sources::new();
        let b = sources.add("base.txt", base);
        let a = sources.add("a.amend", amendment);
        let outcome = crate::consolidate(&sources, b, &[a], &Options::default())
            .unwrap_or_else(|d| panic!("{}", crate::diagnostic::render_plain(&sources, &d)));
        let r = Redline::from_outcome(&sources, &outcome);
        assert_eq!(r.old_text(), base);
        assert_eq!(r.new_text(), outcome.text);
        r
    }

    /// The segments with wdiff's marks, exactly as they are (no moving of whitespace).
    pub(crate) fn marks(r: &Redline) -> String {
        r.segments
            .iter()
            .map(|s| match s.mark {
                Mark::Equal => s.text.clone(),
                Mark::Delete => format!("[-{}-]", s.text),
                Mark::Insert => format!("{{+{}+}}", s.text),
            })
            .collect()
    }

    #[test]
    fn each_change_knows_its_unit_kind_text_and_instruction() {
        let r =
            redline("1) Aims\n\n1.1 The OG meets.\n\n1.2 The OG decides.\n", "Para 1.2: DELETE “OG”; INSERT “SC”.\n");
        assert_eq!(marks(&r), "1) Aims\n\n1.1 The OG meets.\n\n1.2 The [-OG-]{+SC+} decides.\n");
        let c = &r.changes[0];
        assert_eq!(c.kind, EditKind::Text);
        assert_eq!(c.unit.as_ref().unwrap().name, "Para 1.2");
        assert_eq!(c.unit.as_ref().unwrap().label.as_deref(), Some("1.2"));
        assert_eq!((c.old.as_str(), c.new.as_str()), ("OG", "SC"));
        assert_eq!(c.old_line, 5);
        let s = c.source.as_ref().unwrap();
        assert_eq!((s.file.as_str(), s.line, s.column), ("a.amend", 1, 11));
        assert_eq!(s.instruction, "DELETE “OG”; INSERT “SC”");
    }

    #[test]
    fn a_paragraph_rewritten_with_small_changes_is_refined_word_by_word() {
        let r = redline(
            "1.1 The OG meets at least once a month, online or in person.\n",
            "Para 1.1: DELETE ALL; INSERT “The SC meets at least once a month, online or in person.”\n",
        );
        assert_eq!(marks(&r), "1.1 The [-OG-]{+SC+} meets at least once a month, online or in person.\n");
        assert_eq!(r.changes.len(), 1);
        assert!(r.segments.iter().all(|s| s.mark == Mark::Equal || s.change == Some(0)));
    }

    #[test]
    fn a_paragraph_replaced_by_different_words_is_shown_replaced_whole() {
        let r = redline(
            "3.1 The Organising Group consists of one delegate from each group.\n",
            "Para 3.1: DELETE ALL; INSERT “The Steering Committee is elected by Conference.”\n",
        );
        assert_eq!(
            marks(&r),
            "3.1 [-The Organising Group consists of one delegate from each group.-]{+The Steering Committee is elected by Conference.+}\n"
        );
    }

    #[test]
    fn a_removed_unit_and_a_renumbering_are_changes_of_their_own() {
        let r = redline("1.1 One.\n\n1.2 Two.\n\n1.3 Three.\n", "Para 1.2 – DELETE ALL.\n");
        let kinds: Vec<EditKind> = r.changes.iter().map(|c| c.kind).collect();
        assert_eq!(kinds, [EditKind::RemoveUnit, EditKind::Renumber]);
        assert_eq!(marks(&r), "1.1 One.[-\n\n1.2 Two.-]\n\n[-1.3-]{+1.2+} Three.\n");
        // Both come from the one instruction.
        assert_eq!(r.changes[0].source, r.changes[1].source);
    }

    #[test]
    fn spans_point_into_old_and_new_text() {
        let r = redline(
            "1.1 Signatories may vote. Signatories pay.\n",
            "Para 1.1: DELETE “Signatories”; INSERT “Members” – TWICE.\n",
        );
        let (old, new) = (r.old_text(), r.new_text());
        assert_eq!(r.changes.len(), 2);
        for c in &r.changes {
            assert_eq!(&old[c.old_span.range()], c.old);
            assert_eq!(&new[c.new_span.range()], c.new);
        }
    }

    #[test]
    fn one_line_shortens_with_an_ellipsis() {
        assert_eq!(one_line("a  b\n c", 10), "a b c");
        assert_eq!(one_line("abcdef ghijk", 8), "abcdef…");
    }
}
