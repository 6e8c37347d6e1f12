//! document.xml → paragraphs: the text of each `w:p` with the number Word generates for it,
//! and the runs it came from, so that edits can be written back into the same XML.

use super::numbering::{Counter, Label, Numbering, Styles};
use super::package::Package;
use super::xml::{self, El};
use super::{DocxError, View};

/// What a piece of run content is, for rewriting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PieceKind {
    /// `w:t`: rewritten from its text when split or deleted.
    Text,
    /// `w:delText` of an earlier deletion.
    DelText,
    /// Anything else (`w:tab`, `w:br`, a drawing): copied as it is; never split.
    Verbatim,
    /// A line break inside a paragraph of a plain-text base, written as a space.
    Wrap,
}

/// One child of a run and the text it shows.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    pub kind: PieceKind,
    pub xml: String,
    pub text: String,
}

/// A revision wrapper already in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rev {
    Ins,
    Del,
}

/// Paragraph content, in order.
#[derive(Debug, Clone)]
pub(crate) enum Inline {
    /// `w:r`: the children of its `w:rPr` as (local name, XML), and its content.
    Run { rpr: Vec<(String, String)>, pieces: Vec<Piece> },
    /// An element that holds runs (`w:hyperlink`, `w:smartTag`, `w:ins`, …).
    Wrap { open: String, close: String, rev: Option<Rev>, children: Vec<Inline> },
    /// Anything without text (`w:bookmarkStart`, `w:proofErr`, …), copied as it is.
    Other(String),
}

/// One `w:p` as the writer needs it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Para {
    /// Where the paragraph sits in document.xml; `None` for one made from a plain-text base.
    pub xml: Option<std::ops::Range<usize>>,
    /// The start tag as written (with its attributes).
    pub open: String,
    /// The children of `w:pPr` as (local name, XML).
    pub ppr: Vec<(String, String)>,
    /// `w:pPr` as written, if any.
    pub ppr_xml: Option<String>,
    pub inline: Vec<Inline>,
    /// The paragraph style.
    pub style: Option<String>,
    /// The paragraph's own `w:numPr`: list and level.
    pub num: (Option<String>, Option<usize>),
    /// The paragraph's own outline level.
    pub outline: Option<u8>,
    /// The heading level (1 = top) from the style or outline level.
    pub heading: Option<u8>,
    /// The number Word generates for it.
    pub label: Option<Label>,
    /// Whether it carries tracked changes already.
    pub revisions: bool,
    /// The paragraph mark's own revision.
    pub mark_rev: Option<Rev>,
    /// Which element holds it (the body, a table cell).
    pub container: usize,
    /// Its mark must stay: the last paragraph of a container, or one that ends a section.
    pub protected: bool,
}

impl Para {
    /// The text the paragraph shows in a view, without its number.
    pub fn text(&self, view: View) -> String {
        let mut out = String::new();
        collect_text(&self.inline, view, &mut out);
        out
    }

    /// Whether its mark is gone in a view, joining it to the next paragraph.
    pub fn joins_next(&self, view: View) -> bool {
        matches!((view, self.mark_rev), (View::Accepted, Some(Rev::Del)) | (View::Rejected, Some(Rev::Ins)))
    }
}

fn collect_text(inline: &[Inline], view: View, out: &mut String) {
    for i in inline {
        match i {
            Inline::Run { pieces, .. } => {
                for p in pieces {
                    if p.kind != PieceKind::DelText || view == View::Rejected {
                        out.push_str(&p.text);
                    }
                }
            }
            Inline::Wrap { rev, children, .. } => {
                let hidden = matches!((view, rev), (View::Accepted, Some(Rev::Del)) | (View::Rejected, Some(Rev::Ins)));
                if !hidden {
                    collect_text(children, view, out);
                }
            }
            Inline::Other(_) => {}
        }
    }
}

/// The main document part, read.
#[derive(Debug, Clone)]
pub(crate) struct Body {
    pub src: String,
    pub paras: Vec<Para>,
    /// The prefix bound to WordprocessingML.
    pub w: String,
    /// The highest `w:id` in use, so that new revisions get fresh ids.
    pub max_id: u64,
    /// Where the body's content starts in `src`.
    pub body_start: usize,
    /// The container id of paragraphs directly in the body.
    pub body_container: usize,
    /// For a document made from plain text: where its paragraphs go in `src`.
    pub insert_at: Option<usize>,
}

/// Reads the main document part with its numbering and styles, earlier changes accepted.
pub(crate) fn read_body(package: &Package) -> Result<Body, DocxError> {
    read_body_in(package, View::Accepted)
}

/// Reads the main document part as it reads in a view of its tracked changes.
pub(crate) fn read_body_in(package: &Package, view: View) -> Result<Body, DocxError> {
    let src = package.part(&package.main)?.ok_or_else(|| DocxError::MissingPart(package.main.clone()))?;
    let root = xml::parse(&src).map_err(|error| DocxError::Xml { part: package.main.clone(), error })?;
    let w = xml::w_prefix(&root).ok_or(DocxError::NoWordNamespace)?;
    let styles = match package.related("/styles")? {
        Some((name, text)) => Styles::read(&xml::parse(&text).map_err(|error| DocxError::Xml { part: name, error })?),
        None => Styles::default(),
    };
    let numbering = match package.related("/numbering")? {
        Some((name, text)) => {
            Numbering::read(&xml::parse(&text).map_err(|error| DocxError::Xml { part: name, error })?)
        }
        None => Numbering::default(),
    };
    let body = root.child("body").ok_or_else(|| DocxError::MissingPart(format!("{} has no w:body", package.main)))?;
    let mut paras = Vec::new();
    collect_paras(&src, body, &mut paras);
    let mut counter = Counter::default();
    for p in &mut paras {
        // A paragraph joined to the next in this view is no paragraph of its own there.
        if p.joins_next(view) {
            continue;
        }
        p.label = counter.next(&numbering, &styles, (p.num.0.as_deref(), p.num.1), p.style.as_deref());
        // A heading style on a whole clause (some documents number every clause that way)
        // makes a numbered paragraph, not a section heading.
        p.heading = styles.heading_level(p.style.as_deref(), p.outline).filter(|_| reads_as_title(&p.text(view)));
    }
    let max_id = max_id(&root);
    Ok(Body { body_start: body.inner.start, body_container: body.span.start, insert_at: None, src, paras, w, max_id })
}

/// Short, and not ending like a sentence or clause.
fn reads_as_title(text: &str) -> bool {
    let t = text.trim();
    t.split_whitespace().count() <= 12 && !t.ends_with(['.', ';', ':', ','])
}

fn max_id(el: &El) -> u64 {
    let own = el
        .attrs
        .iter()
        .filter(|(k, _)| k.rsplit(':').next() == Some("id"))
        .filter_map(|(_, v)| v.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    el.children.iter().map(max_id).max().unwrap_or(0).max(own)
}

/// Every paragraph in reading order: in the body, in table cells and content controls.
fn collect_paras(src: &str, container: &El, out: &mut Vec<Para>) {
    let first = out.len();
    for c in &container.children {
        match c.local.as_str() {
            "p" if c.w => out.push(read_para(src, c, container.span.start)),
            "tbl" | "tr" | "tc" | "sdt" | "sdtContent" | "customXml" if c.w => collect_paras(src, c, out),
            _ => {}
        }
    }
    // The last paragraph of a body or cell keeps its mark: Word requires one there.
    if let Some(last) = out[first..].iter_mut().rev().find(|p| p.container == container.span.start) {
        last.protected = true;
    }
}

fn read_para(src: &str, p: &El, container: usize) -> Para {
    let ppr_el = p.child("pPr");
    let ppr: Vec<(String, String)> = ppr_el
        .map(|pp| pp.children.iter().map(|c| (c.local.clone(), c.xml(src).to_string())).collect())
        .unwrap_or_default();
    let mark_rev = ppr_el.and_then(|pp| pp.child("rPr")).and_then(|r| {
        r.children.iter().find_map(|c| match c.local.as_str() {
            "ins" | "moveTo" if c.w => Some(Rev::Ins),
            "del" | "moveFrom" if c.w => Some(Rev::Del),
            _ => None,
        })
    });
    let mut inline = Vec::new();
    let mut revisions = mark_rev.is_some();
    for c in &p.children {
        if c.is("pPr") {
            continue;
        }
        inline.push(read_inline(src, c, &mut revisions));
    }
    Para {
        xml: Some(p.span.clone()),
        open: src[p.open.clone()].to_string(),
        ppr_xml: ppr_el.map(|pp| pp.xml(src).to_string()),
        style: ppr_el.and_then(|pp| pp.child_val("pStyle")).map(str::to_string),
        num: ppr_el.and_then(|pp| pp.child("numPr")).map_or((None, None), |n| {
            (n.child_val("numId").map(str::to_string), n.child_val("ilvl").and_then(|v| v.parse().ok()))
        }),
        outline: ppr_el.and_then(|pp| pp.child_val("outlineLvl")).and_then(|v| v.parse().ok()),
        protected: ppr_el.is_some_and(|pp| pp.child("sectPr").is_some()),
        ppr,
        inline,
        revisions,
        mark_rev,
        container,
        ..Para::default()
    }
}

fn read_inline(src: &str, el: &El, revisions: &mut bool) -> Inline {
    if el.is("r") {
        let mut rpr = Vec::new();
        let mut pieces = Vec::new();
        for c in &el.children {
            if c.is("rPr") {
                rpr = c.children.iter().map(|k| (k.local.clone(), k.xml(src).to_string())).collect();
                continue;
            }
            let xml = c.xml(src).to_string();
            let (kind, text) = match (c.w, c.local.as_str()) {
                (true, "t") => (PieceKind::Text, one_line(&c.text(src))),
                (true, "delText") => (PieceKind::DelText, one_line(&c.text(src))),
                (true, "tab" | "ptab") => (PieceKind::Verbatim, "\t".to_string()),
                (true, "br" | "cr") => (PieceKind::Verbatim, " ".to_string()),
                (true, "noBreakHyphen") => (PieceKind::Verbatim, "-".to_string()),
                (true, "sym") => (
                    PieceKind::Verbatim,
                    c.attr("char")
                        .and_then(|h| u32::from_str_radix(h, 16).ok())
                        .and_then(char::from_u32)
                        .map(String::from)
                        .unwrap_or_default(),
                ),
                _ => (PieceKind::Verbatim, String::new()),
            };
            pieces.push(Piece { kind, xml, text });
        }
        return Inline::Run { rpr, pieces };
    }
    let rev = match (el.w, el.local.as_str()) {
        (true, "ins" | "moveTo") => Some(Rev::Ins),
        (true, "del" | "moveFrom") => Some(Rev::Del),
        _ => None,
    };
    let holds_runs = el.w
        && matches!(
            el.local.as_str(),
            "ins"
                | "del"
                | "moveTo"
                | "moveFrom"
                | "hyperlink"
                | "smartTag"
                | "customXml"
                | "fldSimple"
                | "sdt"
                | "sdtContent"
                | "dir"
                | "bdo"
        );
    if holds_runs && el.inner.start < el.inner.end {
        if rev.is_some() {
            *revisions = true;
        }
        let children = el
            .children
            .iter()
            .filter(|c| !c.is("sdtPr") && !c.is("sdtEndPr"))
            .map(|c| read_inline(src, c, revisions))
            .collect();
        // The properties of a content control stay with its start tag.
        let props: String =
            el.children.iter().filter(|c| c.is("sdtPr") || c.is("sdtEndPr")).map(|c| c.xml(src)).collect();
        return Inline::Wrap {
            open: format!("{}{props}", &src[el.open.clone()]),
            close: src[el.inner.end..el.span.end].to_string(),
            rev,
            children,
        };
    }
    Inline::Other(el.xml(src).to_string())
}

/// Text of one `w:t`, with any line break character made a space so that a paragraph stays
/// one line of the text form (same length in bytes, so offsets hold).
fn one_line(text: &str) -> String {
    text.replace(['\n', '\r'], " ")
}
