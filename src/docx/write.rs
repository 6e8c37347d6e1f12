//! Edits to the text form → Word XML. The base is a stream of characters and paragraph marks;
//! each edit deletes some of them and inserts text (whose line breaks are new paragraph marks).
//! Paragraphs no edit touches are copied byte for byte; the others are rebuilt run by run, the
//! changes written as tracked revisions, applied, or marked with formatting for print.

use super::read::{Inline, Para, PieceKind};
use super::xml::{escape, push_run_content, run_content};
use super::{DocxBase, DocxError, Slot};
use crate::document::{Document, line_label};
use crate::resolve::{Edit, EditKind};
use std::fmt::Write as _;

/// Who made the changes of one amendment, for tracked revisions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// The mover, or the amendment's file name.
    pub author: String,
    /// When, as an ISO 8601 date-time (`2020-11-21T00:00:00Z`), where known.
    pub date: Option<String>,
}

/// What a Word redline says besides its changes: its title, and a comment on each change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Annotations {
    /// The document's title: in its properties, and above the legend of a redline for print.
    pub title: Option<String>,
    /// For each edit, the comment on the change it makes (the amendment, its mover, the
    /// instruction), by the amendment's author; no comment where empty or missing.
    pub notes: Vec<String>,
}

/// How changes are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// As tracked changes.
    Tracked,
    /// Applied, with no trace.
    Clean,
    /// As formatting: deletions struck through, insertions double-underlined.
    Marked,
}

/// One step of the edited stream.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    /// Text of a base paragraph (offsets into its own text), kept or deleted by a revision.
    Text { slot: usize, start: usize, end: usize, del: Option<usize> },
    /// A base paragraph's mark.
    Mark { slot: usize, del: Option<usize> },
    /// Inserted text.
    Ins { text: String, rev: usize },
    /// An inserted paragraph mark; new paragraphs take their properties from `template`.
    Break { rev: usize, template: Option<usize> },
}

/// What ends an output paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OutMark {
    Base { slot: usize, del: Option<usize> },
    New { template: usize, rev: usize },
}

/// A part of an output paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Base { start: usize, end: usize, del: Option<usize> },
    Ins { text: String, rev: usize },
}

/// A paragraph of the result.
#[derive(Debug, Clone)]
struct OutPara {
    parts: Vec<Part>,
    mark: OutMark,
    /// The base paragraph whose text it shows, and which part of it.
    slot: Option<usize>,
    window: (usize, usize),
    /// Which base paragraph's place in the XML it takes (or follows).
    group: usize,
}

/// An edit prepared for the stream.
struct Prepared {
    start: usize,
    end: usize,
    text: String,
    /// The edit's index: revisions (and comments) are per edit, their author that of its
    /// amendment.
    rev: usize,
    template: Option<usize>,
}

pub(crate) fn write(
    base: &DocxBase,
    doc: &Document,
    edits: &[Edit],
    revisions: &[Revision],
    annotations: &Annotations,
    mode: Mode,
) -> Result<Vec<u8>, DocxError> {
    let prepared = prepare(base, doc, edits);
    let mut items = stream(base, &prepared);
    rotate_insertions(&mut items);
    rotate_deletions(base, &mut items);
    for item in &mut items {
        if let Item::Mark { slot, del } = item {
            if base.body.paras[base.slots[*slot].para].protected {
                *del = None;
            }
        }
    }
    let paras = paragraphs(base, &items);
    let mut w = Writer {
        base,
        revisions,
        amendment_of: edits.iter().map(|e| e.origin.amendment).collect(),
        annotations,
        mode,
        next_id: base.body.max_id + 1,
        p: base.body.w.clone(),
        comments: Vec::new(),
        anchors: Vec::new(),
    };
    let xml = w.document(&paras)?;
    let mut set = super::parts::PartSet::new(&base.package);
    set.set(&base.package.main, xml);
    if !w.comments.is_empty() {
        super::parts::comments(&mut set, &w.comments)?;
    }
    if let Some(title) = &annotations.title {
        super::parts::title(&mut set, title)?;
    }
    let parts = set.into_parts();
    let parts: Vec<(&str, &str)> = parts.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    base.package.with_parts(&parts)
}

/// The slot whose line holds `offset`.
fn slot_at(slots: &[Slot], offset: usize) -> Option<usize> {
    let i = slots.partition_point(|s| s.start <= offset);
    i.checked_sub(1)
}

/// Edits in stream terms: renumbering of generated numbers dropped (Word renumbers), a
/// replacement that restates a generated number made to start after it, new units told
/// which paragraph to take their properties from.
fn prepare(base: &DocxBase, doc: &Document, edits: &[Edit]) -> Vec<Prepared> {
    let mut out = Vec::new();
    for (i, e) in edits.iter().enumerate() {
        let (mut start, mut end) = (e.range.start, e.range.end);
        let mut text = e.text.clone();
        if let Some(k) = slot_at(&base.slots, start) {
            let s = &base.slots[k];
            let generated = s.start <= start && start < s.body;
            if generated && e.kind == EditKind::Renumber {
                continue;
            }
            if generated && end > s.body {
                let restated = &base.text[start..s.body];
                if let Some(rest) = text.strip_prefix(restated) {
                    text = rest.to_string();
                    start = s.body;
                } else if text.is_empty() && restated.trim().is_empty() {
                    // A deletion tidied over the space after a generated number: that space
                    // is not in the paragraph, so take the one after the deleted words.
                    start = s.body;
                    if base.text[end..].starts_with(' ') && end < s.end {
                        end += 1;
                    }
                }
            }
        }
        let template = match e.kind {
            EditKind::AddUnit => e.unit.and_then(|u| slot_at(&base.slots, doc.unit(u).span.start)),
            _ => None,
        };
        out.push(Prepared { start, end, text, rev: i, template });
    }
    out
}

/// Walks the base text with the edits and lists what becomes of every character and mark.
fn stream(base: &DocxBase, edits: &[Prepared]) -> Vec<Item> {
    let slots = &base.slots;
    // A mark is deleted when deletions cover all of its separator.
    let mut mark_del: Vec<Option<usize>> = vec![None; slots.len()];
    for (k, s) in slots.iter().enumerate() {
        if s.end == s.mark_end {
            continue;
        }
        let mut at = s.end;
        let mut rev = None;
        for e in edits.iter().filter(|e| e.start < e.end) {
            if e.start <= at && e.end > at {
                rev = rev.or(Some(e.rev));
                at = e.end;
            }
        }
        if at >= s.mark_end {
            mark_del[k] = rev;
        }
    }
    let mut items = Vec::new();
    let mut emitted = vec![false; slots.len()];
    let mut pos = 0;
    let base_range = |a: usize, b: usize, del: Option<usize>, items: &mut Vec<Item>, emitted: &mut Vec<bool>| {
        if a >= b {
            return;
        }
        let first = slot_at(slots, a).unwrap_or(0);
        for (k, s) in slots.iter().enumerate().skip(first) {
            if s.start >= b {
                break;
            }
            let (cs, ce) = (a.max(s.body), b.min(s.end));
            if cs < ce {
                items.push(Item::Text { slot: k, start: cs - s.body, end: ce - s.body, del });
            }
            if a <= s.end && s.end < b && !emitted[k] {
                emitted[k] = true;
                items.push(Item::Mark { slot: k, del: mark_del[k] });
            }
        }
    };
    for e in edits {
        let start = e.start.max(pos);
        base_range(pos, start, None, &mut items, &mut emitted);
        let holds_mark = slots.iter().any(|s| start <= s.end && s.end < e.end);
        if !holds_mark {
            base_range(start, e.end, Some(e.rev), &mut items, &mut emitted);
        }
        // Text put between two line breaks of a separator is a paragraph of its own, unless
        // the breaks after it are all deleted (then it begins the next paragraph).
        let kept_break = |from: usize, to: usize| {
            base.text[from..to].char_indices().any(|(i, c)| {
                matches!(c, '\n' | '\r') && !edits.iter().any(|d| d.start <= from + i && from + i < d.end)
            })
        };
        let between_lines = slots
            .iter()
            .any(|s| s.end < start && start < s.mark_end && kept_break(e.end.max(start).min(s.mark_end), s.mark_end));
        if between_lines && !e.text.is_empty() && !e.text.ends_with(['\n', '\r']) {
            insertion(&format!("{}\n", e.text), e.rev, e.template, &mut items);
        } else {
            insertion(&e.text, e.rev, e.template, &mut items);
        }
        if holds_mark {
            base_range(start, e.end, Some(e.rev), &mut items, &mut emitted);
        }
        pos = pos.max(e.end);
    }
    base_range(pos, base.text.len(), None, &mut items, &mut emitted);
    for (k, done) in emitted.iter().enumerate() {
        if !done {
            items.push(Item::Mark { slot: k, del: None });
        }
    }
    items
}

/// Inserted text as text and paragraph marks: any run of line breaks is one new paragraph.
fn insertion(text: &str, rev: usize, template: Option<usize>, items: &mut Vec<Item>) {
    let mut rest = text;
    while !rest.is_empty() {
        let cut = rest.find(['\n', '\r']).unwrap_or(rest.len());
        if cut > 0 {
            items.push(Item::Ins { text: rest[..cut].to_string(), rev });
        }
        rest = &rest[cut..];
        let breaks = rest.len() - rest.trim_start_matches(['\n', '\r']).len();
        if breaks > 0 {
            items.push(Item::Break { rev, template });
            rest = &rest[breaks..];
        }
    }
}

/// New paragraphs added at the end of a paragraph (`¶ new` before its mark) become
/// `new ¶` after its mark: the same text, but the new paragraph gets a mark of its own and
/// the old one keeps its own properties.
fn rotate_insertions(items: &mut Vec<Item>) {
    let mut i = 0;
    while i < items.len() {
        if !matches!(items[i], Item::Break { .. }) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < items.len() && matches!(items[j], Item::Ins { .. } | Item::Break { .. }) {
            j += 1;
        }
        let run_starts_here = i == 0 || !matches!(items[i - 1], Item::Ins { .. } | Item::Break { .. });
        if run_starts_here && matches!(items.get(j), Some(Item::Mark { del: None, .. })) {
            let mark = items[j].clone();
            let first = items[i].clone();
            let mut run: Vec<Item> = items[i + 1..j].to_vec();
            if !matches!(run.last(), Some(Item::Break { .. })) {
                run.push(first);
            }
            let mut new = vec![mark];
            new.extend(run);
            let len = new.len();
            items.splice(i..=j, new);
            i += len;
        } else {
            i = j.max(i + 1);
        }
    }
}

/// A removal that takes the mark before a unit (`¶ unit`) and keeps the unit's own mark is
/// turned into `unit ¶`: the paragraph before keeps its properties, and the removed
/// paragraphs go whole. Where the last mark cannot go (end of document), it stays, empty.
fn rotate_deletions(base: &DocxBase, items: &mut [Item]) {
    for x in 0..items.len() {
        let Item::Mark { slot: i, del: Some(rev) } = items[x] else {
            continue;
        };
        let mut y = x + 1;
        while y < items.len() && matches!(items[y], Item::Text { del: Some(_), .. } | Item::Mark { del: Some(_), .. }) {
            y += 1;
        }
        let Some(&Item::Mark { slot: j, del: None }) = items.get(y) else {
            continue;
        };
        if j <= i {
            continue;
        }
        // Does anything of paragraph i survive?
        let survives = items[..x]
            .iter()
            .rev()
            .take_while(|it| !matches!(it, Item::Mark { .. }))
            .any(|it| matches!(it, Item::Ins { .. } | Item::Text { del: None, .. }));
        if !survives {
            continue;
        }
        items[x] = Item::Mark { slot: i, del: None };
        if !base.body.paras[base.slots[j].para].protected {
            items[y] = Item::Mark { slot: j, del: Some(rev) };
        }
    }
}

/// Groups the stream into output paragraphs.
fn paragraphs(base: &DocxBase, items: &[Item]) -> Vec<OutPara> {
    let len = |k: usize| base.slots[k].end - base.slots[k].body;
    let last = base.slots.len().saturating_sub(1);
    let mut out = Vec::new();
    let mut parts: Vec<Part> = Vec::new();
    let mut cur = 0usize;
    let mut offset = 0usize;
    let mut open_at = 0usize;
    let mut has_base = false;
    for item in items {
        match item {
            Item::Text { slot, start, end, del } => {
                cur = *slot;
                offset = *end;
                has_base = true;
                parts.push(Part::Base { start: *start, end: *end, del: *del });
            }
            Item::Ins { text, rev } => parts.push(Part::Ins { text: text.clone(), rev: *rev }),
            Item::Mark { slot, del } => {
                out.push(OutPara {
                    parts: std::mem::take(&mut parts),
                    mark: OutMark::Base { slot: *slot, del: *del },
                    slot: Some(*slot),
                    window: (open_at, len(*slot)),
                    group: *slot,
                });
                cur = slot + 1;
                offset = 0;
                open_at = 0;
                has_base = false;
            }
            Item::Break { rev, template } => {
                let here = cur.min(last);
                let group = if !has_base && offset == 0 && cur > 0 { cur - 1 } else { here };
                out.push(OutPara {
                    parts: std::mem::take(&mut parts),
                    mark: OutMark::New { template: template.unwrap_or(here), rev: *rev },
                    slot: (cur <= last).then_some(cur),
                    window: (open_at, offset),
                    group,
                });
                open_at = offset;
                has_base = false;
            }
        }
    }
    if !parts.is_empty() {
        let rev = parts
            .iter()
            .find_map(|p| match p {
                Part::Ins { rev, .. } => Some(*rev),
                _ => None,
            })
            .unwrap_or(0);
        out.push(OutPara {
            parts,
            mark: OutMark::New { template: last, rev },
            slot: None,
            window: (0, 0),
            group: last,
        });
    }
    out
}

/// How a new paragraph's first words relate to the generated prefix of its template.
struct NewPara {
    /// Bytes of the inserted text that the template's style or numbering will generate.
    strip: usize,
    /// Drop the template's numbering (the new text brings no number).
    unnumber: bool,
    /// Drop the template's heading style (the new text is no heading).
    unhead: bool,
}

fn new_para(template: &Para, first: &str) -> NewPara {
    let mut strip = 0;
    let mut unhead = false;
    let mut rest = first;
    if let Some(h) = template.heading {
        let hashes = "#".repeat(h.min(6) as usize);
        match rest.strip_prefix(&hashes).filter(|r| r.starts_with([' ', '\t'])) {
            Some(r) => {
                let r2 = r.trim_start_matches([' ', '\t']);
                strip += rest.len() - r2.len();
                rest = r2;
            }
            None => unhead = true,
        }
    }
    let mut unnumber = false;
    if let Some(label) = template.label.as_ref().filter(|l| !l.text.is_empty()) {
        let found = if label.bullet {
            rest.strip_prefix(label.text.as_str()).filter(|r| r.starts_with([' ', '\t'])).map(|r| rest.len() - r.len())
        } else {
            line_label(rest).map(|(n, _)| n)
        };
        match found {
            Some(n) => {
                let r = rest[n..].trim_start_matches([' ', '\t']);
                strip += rest.len() - r.len();
            }
            None => unnumber = true,
        }
    }
    NewPara { strip, unnumber, unhead }
}

/// The order of `w:pPr` children in the schema, so that added ones go where Word wants them.
const PPR_ORDER: &[&str] = &[
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
];

/// The order of `w:rPr` children in the schema.
const RPR_ORDER: &[&str] = &[
    "ins",
    "del",
    "moveFrom",
    "moveTo",
    "rStyle",
    "rFonts",
    "b",
    "bCs",
    "i",
    "iCs",
    "caps",
    "smallCaps",
    "strike",
    "dstrike",
    "outline",
    "shadow",
    "emboss",
    "imprint",
    "noProof",
    "snapToGrid",
    "vanish",
    "webHidden",
    "color",
    "spacing",
    "w",
    "kern",
    "position",
    "sz",
    "szCs",
    "highlight",
    "u",
    "effect",
    "bdr",
    "shd",
    "fitText",
    "vertAlign",
    "rtl",
    "cs",
    "em",
    "lang",
    "eastAsianLayout",
    "specVanish",
    "oMath",
    "rPrChange",
];

/// Puts `child` (local name, XML) into `children` at its place in `order`, replacing one of
/// the same name.
fn put(children: &mut Vec<(String, String)>, local: &str, xml: String, order: &[&str]) {
    children.retain(|(n, _)| n != local);
    let rank = |n: &str| order.iter().position(|o| *o == n).unwrap_or(order.len());
    let at = children.iter().position(|(n, _)| rank(n) > rank(local)).unwrap_or(children.len());
    children.insert(at, (local.to_string(), xml));
}

struct Writer<'a> {
    base: &'a DocxBase,
    /// Who made each amendment's changes.
    revisions: &'a [Revision],
    /// For each edit (a revision number in the stream), its amendment.
    amendment_of: Vec<usize>,
    annotations: &'a Annotations,
    mode: Mode,
    next_id: u64,
    /// The WordprocessingML prefix.
    p: String,
    /// The comments written, for the comments part.
    comments: Vec<super::parts::Comment>,
    /// For each output paragraph in the order written: the comments that open in it and
    /// those that close in it.
    anchors: Vec<(Vec<u64>, Vec<u64>)>,
}

impl<'a> Writer<'a> {
    /// `w:name` with the document's prefix.
    fn n(&self, local: &str) -> String {
        format!("{}:{local}", self.p)
    }

    /// Who made the changes of edit `rev`.
    fn revision(&self, rev: usize) -> Option<&'a Revision> {
        self.amendment_of.get(rev).and_then(|&a| self.revisions.get(a))
    }

    /// Attributes of a revision: fresh id, author, date.
    fn rev_attrs(&mut self, rev: usize) -> String {
        let id = self.next_id;
        self.next_id += 1;
        let r = self.revision(rev);
        let author = r.map_or("amend", |r| r.author.as_str());
        let mut s = format!(" {p}:id=\"{id}\" {p}:author=\"{}\"", escape(author), p = self.p);
        if let Some(d) = r.and_then(|r| r.date.as_deref()) {
            let _ = write!(s, " {}:date=\"{}\"", self.p, escape(d));
        }
        s
    }

    fn document(&mut self, paras: &[OutPara]) -> Result<String, DocxError> {
        let base = self.base;
        let body = &base.body;
        let mut groups: Vec<Vec<&OutPara>> = vec![Vec::new(); base.slots.len()];
        for p in paras {
            if let Some(g) = groups.get_mut(p.group) {
                g.push(p);
            }
        }
        // Check that no changed paragraph carries tracked changes already.
        for p in paras {
            let touched = match p.mark {
                OutMark::Base { slot, del } => {
                    del.is_some()
                        || p.parts.iter().any(|x| !matches!(x, Part::Base { del: None, .. }))
                        || p.window != (0, base.slots[slot].end - base.slots[slot].body)
                }
                OutMark::New { .. } => true,
            };
            if let (true, Some(k)) = (touched, p.slot) {
                let s = &base.slots[k];
                let para = &body.paras[s.para];
                if para.revisions || s.joined {
                    return Err(DocxError::HasRevisions {
                        line: base.text[..s.start].matches('\n').count() + 1,
                        excerpt: base.text[s.body..s.end].chars().take(40).collect(),
                    });
                }
            }
        }
        // What becomes of each base paragraph's mark, for the empty paragraphs after it.
        let mut mark_del: Vec<Option<usize>> = vec![None; base.slots.len()];
        for p in paras {
            if let OutMark::Base { slot, del } = p.mark {
                mark_del[slot] = del;
            }
        }
        let (rendered, dropped) = match self.mode {
            Mode::Clean => self.clean_groups(paras, groups.len())?,
            _ => {
                if self.mode == Mode::Tracked {
                    self.plan_comments(groups.iter().flatten().copied());
                }
                let mut out = Vec::with_capacity(groups.len());
                let mut at = 0;
                // One buffer reused, each group's XML then copied out at its size: growing a
                // fresh string run by run cost a tenth of a redline's time in reallocation.
                let mut s = String::new();
                for g in &groups {
                    s.clear();
                    for p in g {
                        self.tracked_para(p, at, &mut s);
                        at += 1;
                    }
                    out.push(s.as_str().to_owned());
                }
                (out, vec![false; groups.len()])
            }
        };
        let mut empties: Vec<Vec<String>> = Vec::new();
        for (k, s) in base.slots.iter().enumerate() {
            let gone = dropped[k] || (mark_del[k].is_some() && self.mode == Mode::Clean);
            let del = mark_del[k].filter(|_| self.mode == Mode::Tracked);
            let r = s.empties.iter().map(|&e| if gone { String::new() } else { self.empty(e, del) }).collect();
            empties.push(r);
        }
        // Splice the groups into the document in place of their paragraphs.
        let mut xml = String::with_capacity(body.src.len() + rendered.iter().map(String::len).sum::<usize>() + 4096);
        match body.insert_at {
            Some(at) => {
                xml.push_str(&body.src[..at]);
                if self.mode == Mode::Marked {
                    xml.push_str(&self.legend());
                }
                for r in &rendered {
                    xml.push_str(r);
                }
                xml.push_str(&body.src[at..]);
            }
            None => {
                let legend = if self.mode == Mode::Marked { self.legend() } else { String::new() };
                let mut cuts: Vec<(std::ops::Range<usize>, &str)> = Vec::new();
                if self.mode == Mode::Marked {
                    cuts.push((body.body_start..body.body_start, &legend));
                }
                for (k, s) in base.slots.iter().enumerate() {
                    let para = &body.paras[s.para];
                    if let Some(r) = &para.xml {
                        cuts.push((r.clone(), &rendered[k]));
                    }
                    for (&e, text) in s.empties.iter().zip(&empties[k]) {
                        if let Some(r) = &body.paras[e].xml {
                            cuts.push((r.clone(), text));
                        }
                    }
                }
                cuts.sort_by_key(|(r, _)| (r.start, r.end));
                let mut at = 0;
                for (r, text) in cuts {
                    xml.push_str(&body.src[at..r.start]);
                    xml.push_str(text);
                    at = r.end;
                }
                xml.push_str(&body.src[at..]);
            }
        }
        Ok(xml)
    }

    /// An empty paragraph after a base paragraph: as it was, or with its mark deleted along
    /// with that paragraph's.
    fn empty(&mut self, e: usize, del: Option<usize>) -> String {
        let base = self.base;
        let para = &base.body.paras[e];
        let Some(r) = &para.xml else {
            return String::new();
        };
        match del {
            None => base.body.src[r.clone()].to_string(),
            Some(rev) => {
                let mut xml = para.open.clone();
                xml.push_str(&self.ppr_with_mark(para, Some(rev), false));
                self.window(para, (0, 0), true, &[], &[], &mut xml);
                self.tag(&mut xml, "/p");
                xml
            }
        }
    }

    /// A paragraph's `w:pPr` with its mark deleted (tracked) or as it was.
    fn ppr_with_mark(&mut self, para: &Para, del: Option<usize>, inserted: bool) -> String {
        let mark = match (self.mode, del, inserted) {
            (Mode::Tracked, Some(rev), _) => Some(format!("<{}{}/>", self.n("del"), self.rev_attrs(rev))),
            _ => None,
        };
        let Some(mark) = mark else {
            return para.ppr_xml.clone().unwrap_or_else(|| self.ppr_xml(&para.ppr));
        };
        let mut children = para.ppr.clone();
        let mut rpr: Vec<(String, String)> = match children.iter().find(|(n, _)| n == "rPr") {
            Some((_, x)) => split_children(x),
            None => Vec::new(),
        };
        put(&mut rpr, "del", mark, RPR_ORDER);
        let rpr_xml = self.wrap("rPr", &rpr);
        put(&mut children, "rPr", rpr_xml, PPR_ORDER);
        self.ppr_xml(&children)
    }

    fn wrap(&self, local: &str, children: &[(String, String)]) -> String {
        let inner: String = children.iter().map(|(_, x)| x.as_str()).collect();
        format!("<{n}>{inner}</{n}>", n = self.n(local))
    }

    fn ppr_xml(&self, children: &[(String, String)]) -> String {
        if children.is_empty() { String::new() } else { self.wrap("pPr", children) }
    }

    /// The properties of a new paragraph made like `template`.
    fn new_ppr(&mut self, template: &Para, np: &NewPara, rev: usize) -> String {
        let mut children: Vec<(String, String)> = template
            .ppr
            .iter()
            .filter(|(n, _)| !matches!(n.as_str(), "rPr" | "sectPr" | "pPrChange"))
            .cloned()
            .collect();
        if np.unhead {
            children.retain(|(n, _)| n != "pStyle" && n != "outlineLvl");
        }
        if np.unnumber {
            let xml =
                format!("<{np}><{id} {p}:val=\"0\"/></{np}>", np = self.n("numPr"), id = self.n("numId"), p = self.p);
            put(&mut children, "numPr", xml, PPR_ORDER);
        }
        if self.mode == Mode::Tracked {
            let mark = format!("<{}{}/>", self.n("ins"), self.rev_attrs(rev));
            put(&mut children, "rPr", self.wrap("rPr", &[("ins".into(), mark)]), PPR_ORDER);
        }
        self.ppr_xml(&children)
    }

    /// A comment on each edit with a note, from the first output paragraph (in the order
    /// written) its changes touch to the last.
    fn plan_comments<'p>(&mut self, order: impl Iterator<Item = &'p OutPara>) {
        let order: Vec<&OutPara> = order.collect();
        self.anchors = vec![(Vec::new(), Vec::new()); order.len()];
        let mut span: Vec<Option<(usize, usize)>> = vec![None; self.amendment_of.len()];
        for (i, p) in order.iter().enumerate() {
            for e in edits_of(p) {
                if let Some(s) = span.get_mut(e) {
                    *s = Some(s.map_or((i, i), |(a, _)| (a, i)));
                }
            }
        }
        for (e, s) in span.into_iter().enumerate() {
            let (Some((first, last)), Some(note)) = (s, self.annotations.notes.get(e).filter(|n| !n.is_empty())) else {
                continue;
            };
            let id = self.next_id;
            self.next_id += 1;
            let r = self.revision(e);
            self.comments.push(super::parts::Comment {
                id,
                author: r.map_or_else(|| "amend".to_string(), |r| r.author.clone()),
                date: r.and_then(|r| r.date.clone()),
                text: note.clone(),
            });
            self.anchors[first].0.push(id);
            self.anchors[last].1.push(id);
        }
    }

    /// An output paragraph with its changes tracked (or marked with formatting); `at` is its
    /// place in the order written.
    fn tracked_para(&mut self, op: &OutPara, at: usize, out: &mut String) {
        let base = self.base;
        let (open, ppr, strip) = match op.mark {
            OutMark::Base { slot, del } => {
                let para = &base.body.paras[base.slots[slot].para];
                (para.open.clone(), self.ppr_with_mark(para, del, false), 0)
            }
            OutMark::New { template, rev } => {
                let t = &base.body.paras[base.slots[template].para];
                let first = match op.parts.first() {
                    Some(Part::Ins { text, .. }) => text.as_str(),
                    _ => "",
                };
                let np = new_para(t, first);
                (format!("<{}>", self.n("p")), self.new_ppr(t, &np, rev), np.strip)
            }
        };
        out.push_str(&open);
        out.push_str(&ppr);
        let (opens, closes) = self.anchors.get(at).cloned().unwrap_or_default();
        for id in &opens {
            let _ = write!(out, "<{} {}:id=\"{id}\"/>", self.n("commentRangeStart"), self.p);
        }
        let (dels, inss) = changes(&op.parts, op.window.0, strip);
        let last = matches!(op.mark, OutMark::Base { .. });
        match op.slot {
            Some(k) if op.parts.iter().any(|p| matches!(p, Part::Base { .. })) || last => {
                let para = &base.body.paras[base.slots[k].para];
                self.window(para, op.window, last, &dels, &inss, out);
            }
            _ => {
                let t = match op.mark {
                    OutMark::New { template, .. } => template,
                    OutMark::Base { slot, .. } => slot,
                };
                let rpr = first_rpr(&base.body.paras[base.slots[t].para].inline);
                for (_, text, rev) in &inss {
                    self.ins_run(rpr, text, *rev, out);
                }
            }
        }
        for id in &closes {
            let _ = write!(
                out,
                "<{end} {p}:id=\"{id}\"/><{r}><{reference} {p}:id=\"{id}\"/></{r}>",
                end = self.n("commentRangeEnd"),
                r = self.n("r"),
                reference = self.n("commentReference"),
                p = self.p
            );
        }
        self.tag(out, "/p");
    }

    /// Renders part of a base paragraph's content into `out`: `window` of its text, with
    /// deletions (ranges and revision) and insertions (offset, text, revision).
    fn window(
        &mut self,
        para: &'a Para,
        window: (usize, usize),
        last: bool,
        dels: &[(usize, usize, usize)],
        inss: &[(usize, String, usize)],
        out: &mut String,
    ) {
        let mut st = RenderState {
            offset: 0,
            window,
            last,
            dels,
            inss,
            next_ins: 0,
            last_rpr: first_rpr(&para.inline),
            cuts: Vec::new(),
        };
        self.walk(&para.inline, &mut st, out);
        // Insertions at the end of the window.
        while st.next_ins < inss.len() {
            let (_, text, rev) = &inss[st.next_ins];
            self.ins_run(st.last_rpr, text, *rev, out);
            st.next_ins += 1;
        }
    }

    fn walk(&mut self, inline: &'a [Inline], st: &mut RenderState<'_, 'a>, out: &mut String) {
        for item in inline {
            match item {
                Inline::Other(xml) => {
                    if st.zero_width_here() {
                        out.push_str(xml);
                    }
                }
                Inline::Wrap { open, close, children, .. } => {
                    // A wrapper with nothing left inside it goes too.
                    let mark = out.len();
                    out.push_str(open);
                    let inner = out.len();
                    self.walk(children, st, out);
                    if out.len() == inner {
                        out.truncate(mark);
                    } else {
                        out.push_str(close);
                    }
                }
                Inline::Run { rpr, pieces } => {
                    // Runs of consecutive pieces with the same fate.
                    let mut pending = Pending::default();
                    let mut pending_del: Option<usize> = None;
                    for piece in pieces {
                        let n = piece.text.len();
                        let (p0, p1) = (st.offset, st.offset + n);
                        if n == 0 {
                            if st.zero_width_here() {
                                self.flush_if(rpr, &mut pending, &mut pending_del, None, out);
                                pending.push(&piece.xml);
                            }
                            continue;
                        }
                        // Cut points inside this piece.
                        let mut cuts = std::mem::take(&mut st.cuts);
                        cuts.clear();
                        cuts.extend([p0.max(st.window.0).min(p1), p1.min(st.window.1).max(p0)]);
                        for &(a, b, _) in st.dels {
                            cuts.extend([a, b]);
                        }
                        for (at, _, _) in st.inss {
                            cuts.push(*at);
                        }
                        cuts.retain(|&c| c >= p0.max(st.window.0) && c <= p1.min(st.window.1));
                        cuts.sort_unstable();
                        cuts.dedup();
                        let atomic = piece.kind != PieceKind::Text;
                        for pair in cuts.windows(2) {
                            let (a, b) = (pair[0], pair[1]);
                            self.pending_inserts(a, rpr, &mut pending, &mut pending_del, st, out);
                            if a >= b {
                                continue;
                            }
                            let del = st.dels.iter().find(|&&(x, y, _)| x <= a && a < y).map(|&(_, _, r)| r);
                            if del != pending_del {
                                self.flush(rpr, &mut pending, pending_del, out);
                                pending_del = del;
                            }
                            if atomic {
                                if a == p0.max(st.window.0) {
                                    self.piece_xml(piece.kind, &piece.xml, &piece.text, del.is_some(), &mut pending);
                                }
                            } else {
                                let text = &piece.text[a - p0..b - p0];
                                self.piece_xml(PieceKind::Text, "", text, del.is_some(), &mut pending);
                            }
                        }
                        if let Some(&c) = cuts.last() {
                            self.pending_inserts(c, rpr, &mut pending, &mut pending_del, st, out);
                        }
                        st.cuts = cuts;
                        st.offset = p1;
                    }
                    self.flush(rpr, &mut pending, pending_del, out);
                    st.last_rpr = rpr;
                }
            }
        }
    }

    /// Emits the insertions due at `at` (strictly inside the text walked so far).
    fn pending_inserts(
        &mut self,
        at: usize,
        rpr: &[(String, String)],
        pending: &mut Pending,
        pending_del: &mut Option<usize>,
        st: &mut RenderState<'_, 'a>,
        out: &mut String,
    ) {
        while st.next_ins < st.inss.len() && st.inss[st.next_ins].0 <= at {
            self.flush(rpr, pending, *pending_del, out);
            *pending_del = None;
            let (_, text, rev) = &st.inss[st.next_ins];
            // Before any text of this run, new words take the formatting of the text before.
            let props = if at == st.offset && st.offset > st.window.0 { st.last_rpr } else { rpr };
            self.ins_run(props, text, *rev, out);
            st.next_ins += 1;
        }
    }

    fn flush_if(
        &mut self,
        rpr: &[(String, String)],
        pending: &mut Pending,
        pending_del: &mut Option<usize>,
        del: Option<usize>,
        out: &mut String,
    ) {
        if *pending_del != del {
            self.flush(rpr, pending, *pending_del, out);
            *pending_del = del;
        }
    }

    /// Writes the pieces gathered so far as one run, inside a deletion if they are deleted.
    fn flush(&mut self, rpr: &[(String, String)], pending: &mut Pending, del: Option<usize>, out: &mut String) {
        if pending.pieces == 0 {
            return;
        }
        match (del, self.mode) {
            (None, _) => {
                self.tag(out, "r");
                self.rpr_xml(rpr, None, out);
                out.push_str(&pending.xml);
                self.tag(out, "/r");
            }
            (Some(_), Mode::Clean) => {}
            (Some(rev), Mode::Tracked) => {
                let attrs = self.rev_attrs(rev);
                let _ = write!(out, "<{}:del{attrs}>", self.p);
                self.tag(out, "r");
                self.rpr_xml(rpr, None, out);
                out.push_str(&pending.xml);
                self.tag(out, "/r");
                self.tag(out, "/del");
            }
            (Some(_), Mode::Marked) => {
                let strike = format!("<{}/>", self.n("strike"));
                self.tag(out, "r");
                self.rpr_xml(rpr, Some(("strike", strike)), out);
                out.push_str(&pending.xml);
                self.tag(out, "/r");
            }
        }
        pending.clear();
    }

    /// Writes `<w:local>`, or `</w:local>` for `/local`, with the document's prefix.
    fn tag(&self, out: &mut String, local: &str) {
        out.push('<');
        let local = match local.strip_prefix('/') {
            Some(local) => {
                out.push('/');
                local
            }
            None => local,
        };
        out.push_str(&self.p);
        out.push(':');
        out.push_str(local);
        out.push('>');
    }

    /// Writes a run's `w:rPr` (less any record of an earlier change), with `add` put in.
    fn rpr_xml(&self, rpr: &[(String, String)], add: Option<(&str, String)>, out: &mut String) {
        let kept = |(n, _): &&(String, String)| n != "rPrChange";
        match add {
            None => {
                if rpr.iter().any(|c| kept(&c)) {
                    self.tag(out, "rPr");
                    rpr.iter().filter(kept).for_each(|(_, xml)| out.push_str(xml));
                    self.tag(out, "/rPr");
                }
            }
            Some((local, xml)) => {
                let mut children: Vec<(String, String)> = rpr.iter().filter(kept).cloned().collect();
                put(&mut children, local, xml, RPR_ORDER);
                out.push_str(&self.wrap("rPr", &children));
            }
        }
    }

    /// One piece of run content, as kept or deleted text.
    fn piece_xml(&self, kind: PieceKind, xml: &str, text: &str, deleted: bool, pending: &mut Pending) {
        let tracked_del = deleted && self.mode == Mode::Tracked;
        pending.pieces += 1;
        match kind {
            PieceKind::Text | PieceKind::DelText | PieceKind::Wrap => {
                let shown = if kind == PieceKind::Wrap { " " } else { text };
                let t = if tracked_del { "delText" } else { "t" };
                push_run_content(&mut pending.xml, &self.p, t, shown);
            }
            PieceKind::Verbatim if tracked_del => pending.xml.push_str(
                &xml.replace(&format!("<{}", self.n("instrText")), &format!("<{}", self.n("delInstrText")))
                    .replace(&format!("</{}", self.n("instrText")), &format!("</{}", self.n("delInstrText"))),
            ),
            PieceKind::Verbatim => pending.xml.push_str(xml),
        }
    }

    /// A run of inserted text.
    fn ins_run(&mut self, rpr: &[(String, String)], text: &str, rev: usize, out: &mut String) {
        if text.is_empty() {
            return;
        }
        let add = match self.mode {
            Mode::Tracked => {
                let attrs = self.rev_attrs(rev);
                let _ = write!(out, "<{}:ins{attrs}>", self.p);
                None
            }
            Mode::Clean => None,
            Mode::Marked => Some(("u", format!("<{} {}:val=\"double\"/>", self.n("u"), self.p))),
        };
        self.tag(out, "r");
        self.rpr_xml(rpr, add, out);
        push_run_content(out, &self.p, "t", text);
        self.tag(out, "/r");
        if self.mode == Mode::Tracked {
            self.tag(out, "/ins");
        }
    }

    /// Clean output: paragraphs whose mark is deleted join the next; paragraphs emptied by the
    /// amendments go.
    #[allow(clippy::type_complexity)]
    fn clean_groups(&mut self, paras: &[OutPara], n: usize) -> Result<(Vec<String>, Vec<bool>), DocxError> {
        let base = self.base;
        let mut out = vec![String::new(); n];
        let mut dropped = vec![false; n];
        let mut pending: Vec<&OutPara> = Vec::new();
        // Reused for every paragraph, as in the tracked modes.
        let mut s = String::new();
        for p in paras {
            pending.push(p);
            if matches!(p.mark, OutMark::Base { del: Some(_), .. }) {
                continue;
            }
            let members = std::mem::take(&mut pending);
            let survives = |m: &OutPara| {
                m.parts.iter().any(|x| match x {
                    Part::Base { del: None, start, end } => m.slot.is_some_and(|k| {
                        let s = &base.slots[k];
                        !base.text[s.body + start..s.body + end].trim().is_empty()
                    }),
                    Part::Ins { text, .. } => !text.trim().is_empty(),
                    _ => false,
                })
            };
            let carriers: Vec<&&OutPara> = members.iter().filter(|m| survives(m)).collect();
            let container = |m: &OutPara| m.slot.map(|k| base.body.paras[base.slots[k].para].container);
            if carriers.windows(2).any(|w| container(w[0]) != container(w[1])) {
                let k = carriers[0].slot.unwrap_or(0);
                return Err(DocxError::AcrossCells {
                    line: base.text[..base.slots[k].start].matches('\n').count() + 1,
                });
            }
            let emptied = carriers.is_empty()
                && members.iter().any(|m| m.parts.iter().any(|x| matches!(x, Part::Base { del: Some(_), .. })));
            let last = members.last().expect("a paragraph ends the group");
            let (open, ppr, strip, keeps_section, container_id) = match last.mark {
                OutMark::Base { slot, .. } => {
                    let para = &base.body.paras[base.slots[slot].para];
                    let sect = para.ppr.iter().any(|(n, _)| n == "sectPr");
                    (para.open.clone(), self.ppr_with_mark(para, None, false), 0, sect, para.container)
                }
                OutMark::New { template, rev } => {
                    let t = &base.body.paras[base.slots[template].para];
                    let first = members
                        .iter()
                        .flat_map(|m| m.parts.iter())
                        .find_map(|x| match x {
                            Part::Ins { text, .. } => Some(text.as_str()),
                            _ => None,
                        })
                        .unwrap_or("");
                    let np = new_para(t, first);
                    (format!("<{}>", self.n("p")), self.new_ppr(t, &np, rev), np.strip, false, t.container)
                }
            };
            let group = members[0].group;
            if emptied && !keeps_section && container_id == base.body.body_container {
                // The empty paragraphs that followed a removed paragraph go with it.
                if let OutMark::Base { slot, .. } = last.mark {
                    dropped[slot] = true;
                }
                continue;
            }
            s.clear();
            s.push_str(&open);
            s.push_str(&ppr);
            let mut first_strip = strip;
            for m in &members {
                let (dels, inss) = changes(&m.parts, m.window.0, first_strip);
                if m.parts.iter().any(|x| matches!(x, Part::Ins { .. })) {
                    first_strip = 0;
                }
                let is_last = matches!(m.mark, OutMark::Base { .. });
                match m.slot {
                    Some(k) if m.parts.iter().any(|x| matches!(x, Part::Base { .. })) || is_last => {
                        let para = &base.body.paras[base.slots[k].para];
                        self.window(para, m.window, is_last, &dels, &inss, &mut s);
                    }
                    _ => {
                        let t = match m.mark {
                            OutMark::New { template, .. } => template,
                            OutMark::Base { slot, .. } => slot,
                        };
                        let rpr = first_rpr(&base.body.paras[base.slots[t].para].inline);
                        for (_, text, rev) in &inss {
                            self.ins_run(rpr, text, *rev, &mut s);
                        }
                    }
                }
            }
            let _ = write!(s, "</{}>", self.n("p"));
            out[group.min(n.saturating_sub(1))].push_str(&s);
        }
        Ok((out, dropped))
    }

    /// The legend printed above a marked redline.
    fn legend(&mut self) -> String {
        let r = self.n("r");
        let run = |rpr: &str, text: &str| format!("<{r}>{rpr}{}</{r}>", run_content(&self.p, "t", text));
        let b = self.wrap("rPr", &[("b".into(), format!("<{}/>", self.n("b")))]);
        let strike = self.wrap("rPr", &[("strike".into(), format!("<{}/>", self.n("strike")))]);
        let u = self.wrap("rPr", &[("u".into(), format!("<{} {}:val=\"double\"/>", self.n("u"), self.p))]);
        let mut authors: Vec<&str> = self.revisions.iter().map(|r| r.author.as_str()).collect();
        authors.dedup();
        let mut s = String::new();
        if let Some(title) = &self.annotations.title {
            let big = self.wrap(
                "rPr",
                &[
                    ("b".into(), format!("<{}/>", self.n("b"))),
                    ("sz".into(), format!("<{} {}:val=\"32\"/>", self.n("sz"), self.p)),
                ],
            );
            let _ = write!(s, "<{p}>{}</{p}>", run(&big, title), p = self.n("p"));
        }
        let _ = write!(s, "<{p}>", p = self.n("p"));
        s.push_str(&run(&b, "Legend: "));
        s.push_str(&run("", "deleted text is "));
        s.push_str(&run(&strike, "struck through"));
        s.push_str(&run("", "; inserted text is "));
        s.push_str(&run(&u, "double-underlined"));
        s.push_str(&run("", "."));
        if !authors.is_empty() {
            s.push_str(&run("", &format!(" Amendments: {}.", authors.join(", "))));
        }
        let _ = write!(s, "</{}>", self.n("p"));
        s
    }
}

/// The edits whose changes an output paragraph shows (its deletions, insertions and mark).
fn edits_of(p: &OutPara) -> Vec<usize> {
    let mut out: Vec<usize> = p
        .parts
        .iter()
        .filter_map(|x| match x {
            Part::Base { del, .. } => *del,
            Part::Ins { rev, .. } => Some(*rev),
        })
        .collect();
    match p.mark {
        OutMark::Base { del: Some(rev), .. } | OutMark::New { rev, .. } => out.push(rev),
        OutMark::Base { del: None, .. } => {}
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Deletions (start, end, revision) and insertions (offset, text, revision) of an output
/// paragraph, in offsets of its base paragraph's text; `strip` bytes are dropped from the
/// first insertion (what the new paragraph's style and numbering generate).
#[allow(clippy::type_complexity)]
fn changes(
    parts: &[Part],
    window_start: usize,
    mut strip: usize,
) -> (Vec<(usize, usize, usize)>, Vec<(usize, String, usize)>) {
    let mut dels = Vec::new();
    let mut inss = Vec::new();
    let mut at = window_start;
    for p in parts {
        match p {
            Part::Base { start, end, del } => {
                if let Some(r) = del {
                    dels.push((*start, *end, *r));
                }
                at = *end;
            }
            Part::Ins { text, rev } => {
                let cut = strip.min(text.len());
                strip = 0;
                inss.push((at, text[cut..].to_string(), *rev));
            }
        }
    }
    (dels, inss)
}

/// The properties of a paragraph's first run, for new text with nothing before it.
fn first_rpr(inline: &[Inline]) -> &[(String, String)] {
    for i in inline {
        match i {
            Inline::Run { rpr, pieces } if pieces.iter().any(|p| !p.text.is_empty()) => {
                return rpr;
            }
            Inline::Wrap { children, .. } => {
                let r = first_rpr(children);
                if !r.is_empty() {
                    return r;
                }
            }
            _ => {}
        }
    }
    &[]
}

/// The children of an XML fragment's root as (local name, XML), without parsing namespaces.
fn split_children(xml: &str) -> Vec<(String, String)> {
    let wrapped = format!("<x xmlns:w=\"{}\">{xml}</x>", super::xml::W_NS);
    let Ok(root) = super::xml::parse(&wrapped) else {
        return Vec::new();
    };
    let Some(el) = root.children.first() else {
        return Vec::new();
    };
    el.children.iter().map(|c| (c.local.clone(), c.xml(&wrapped).to_string())).collect()
}

struct RenderState<'s, 'a> {
    offset: usize,
    window: (usize, usize),
    last: bool,
    dels: &'s [(usize, usize, usize)],
    inss: &'s [(usize, String, usize)],
    next_ins: usize,
    last_rpr: &'a [(String, String)],
    /// The cut points of the piece being read (kept to reuse its allocation).
    cuts: Vec<usize>,
}

/// The content of a run being gathered: pieces of the same fate, written as one run.
#[derive(Default)]
struct Pending {
    xml: String,
    pieces: usize,
}

impl Pending {
    fn push(&mut self, xml: &str) {
        self.xml.push_str(xml);
        self.pieces += 1;
    }

    fn clear(&mut self) {
        self.xml.clear();
        self.pieces = 0;
    }
}

impl RenderState<'_, '_> {
    /// Whether an element without text at the current offset belongs to this window.
    fn zero_width_here(&self) -> bool {
        (self.window.0 <= self.offset && self.offset < self.window.1) || (self.last && self.offset >= self.window.1)
    }
}
