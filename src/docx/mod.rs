//! Word documents in and out. A .docx base is read into the text form the document model
//! understands (one line per paragraph, with the numbers Word generates and `#` marks for
//! heading styles), keeping a map from every line back to its `w:p`; edits to that text are
//! then written back into the same XML, as tracked changes or accepted, so that styles,
//! numbering and untouched paragraphs stay as they were.
//!
//! ```text
//! .docx bytes ──read──▶ DocxBase { text form, paragraphs }   (text form ──document::parse──▶ …)
//! (DocxBase, Document, [Edit]) ──write──▶ .docx bytes (tracked, accepted, or marked for print)
//! ```

mod numbering;
mod package;
mod parts;
mod read;
mod text;
mod write;
mod xml;

pub use write::{Annotations, Revision};
pub use xml::XmlError;

use crate::document::Document;
use crate::resolve::Edit;
use package::Package;
use read::Body;

/// Why a Word document could not be read or written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocxError {
    /// Not a zip package, or a broken one.
    #[error("not a Word document (.docx): {0}")]
    NotDocx(String),
    /// A part the document needs is missing.
    #[error("the document has no part `{0}`")]
    MissingPart(String),
    /// A part is not well-formed XML.
    #[error("{part}: {error}")]
    Xml { part: String, error: XmlError },
    /// The main part does not bind the WordprocessingML namespace to a prefix.
    #[error("the document part does not use the WordprocessingML namespace with a prefix")]
    NoWordNamespace,
    /// An edit touches a paragraph that carries tracked changes already.
    #[error("line {line} of the base (“{excerpt}”) already has tracked changes; accept or reject them in Word first")]
    HasRevisions { line: usize, excerpt: String },
    /// A part inflates to more than the limit: a zip bomb, or not a document.
    #[error("the part `{part}` inflates to more than {} MB; a Word document's parts are far smaller, so it is not read", limit >> 20)]
    TooLarge { part: String, limit: u64 },
    /// The document holds macros (`.docm`), which are never copied into a document written.
    #[error(
        "the document holds macros (`{0}`), which amend never copies into a document it writes; \
         save a copy as a Word Document (.docx), without macros, and use that"
    )]
    Macros(String),
    /// A relationship to something outside the package that Word would load on opening.
    #[error(
        "`{part}` links to something outside the document ({kind}: `{target}`) that Word would load when \
         opening it; amend never copies such links into a document it writes: remove it in Word (for an \
         attached template: Developer › Document Template) or save a copy without it"
    )]
    External { part: String, kind: String, target: String },
    /// The text holds a character that XML does not allow (by a character reference).
    #[error("{part}: the paragraph “{excerpt}” holds {}, which XML does not allow; Word would not open the document", crate::source::describe_char(*character))]
    Control { part: String, excerpt: String, character: char },
    /// An edit would join paragraphs that live in different table cells.
    #[error(
        "a change joins line {line} of the base to a paragraph in another table cell, which a Word document cannot hold"
    )]
    AcrossCells { line: usize },
}

/// Which text of a document with tracked changes to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// As if every change were accepted.
    Accepted,
    /// As if every change were rejected.
    Rejected,
}

/// A base document held as Word XML: read from a .docx, or made from a plain-text base.
#[derive(Debug, Clone)]
pub struct DocxBase {
    package: Package,
    body: Body,
    text: String,
    slots: Vec<Slot>,
    /// Whether it came from a .docx (rather than from plain text).
    from_docx: bool,
}

/// One line of the text form and the paragraph it stands for.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    /// Index into the body's paragraphs.
    pub para: usize,
    /// Where the line starts in the text form.
    pub start: usize,
    /// Where the paragraph's own text starts, after the generated heading marks and number.
    pub body: usize,
    /// Where the line ends.
    pub end: usize,
    /// Where the separator after it ends (the next line's start, or the end of the text).
    pub mark_end: usize,
    /// Empty paragraphs right after it, which go with its paragraph mark.
    pub empties: Vec<usize>,
    /// Several paragraphs joined by an earlier tracked deletion of a paragraph mark.
    pub joined: bool,
}

/// Reads a .docx into its text form, with earlier tracked changes taken as accepted.
pub fn read(bytes: &[u8]) -> Result<DocxBase, DocxError> {
    let package = Package::open(bytes)?;
    let body = read::read_body(&package)?;
    let (text, slots) = text::layout(&body.paras, View::Accepted);
    allowed_chars(&package.main, &text)?;
    Ok(DocxBase { package, body, text, slots, from_docx: true })
}

/// The paragraphs of a .docx as Word shows them in a view (number and text, headings
/// without marks), empty paragraphs left out.
pub fn paragraphs(bytes: &[u8], view: View) -> Result<Vec<String>, DocxError> {
    let package = Package::open(bytes)?;
    let body = read::read_body_in(&package, view)?;
    let lines = text::visible_lines(&body.paras, view);
    lines.iter().try_for_each(|l| allowed_chars(&package.main, l))?;
    Ok(lines)
}

/// The text form of a .docx in a view (what `read` gives for the accepted view).
pub fn text_in(bytes: &[u8], view: View) -> Result<String, DocxError> {
    let package = Package::open(bytes)?;
    let body = read::read_body_in(&package, view)?;
    let text = text::layout(&body.paras, view).0;
    allowed_chars(&package.main, &text)?;
    Ok(text)
}

/// Refuses text that holds a character XML does not allow: the XML reader takes a character
/// reference such as `&#1;` (or a `w:sym`) at its word, but no output may carry the result.
fn allowed_chars(part: &str, text: &str) -> Result<(), DocxError> {
    let Some(at) = text.find(crate::source::xml_forbidden) else { return Ok(()) };
    let character = text[at..].chars().next().unwrap_or_default();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = text[line_start..].lines().next().unwrap_or("");
    let mut excerpt: String = line
        .chars()
        .take(60)
        .map(|c| if crate::source::xml_forbidden(c) { crate::source::picture(c) } else { c })
        .collect();
    if line.chars().count() > 60 {
        excerpt.push('…');
    }
    Err(DocxError::Control { part: part.to_string(), excerpt, character })
}

/// Whether bytes look like a .docx (a zip package).
pub fn is_docx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

impl DocxBase {
    /// Makes a minimal Word document from a plain-text base, one paragraph per unit line.
    pub fn from_text(doc: &Document) -> DocxBase {
        text::from_text(doc)
    }

    /// The text form: what the document model parses and edits refer to.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The paragraphs as Word shows them (number and text), empty ones left out.
    pub fn paragraphs(&self) -> Vec<String> {
        text::visible_lines(&self.body.paras, View::Accepted)
    }

    /// The base with every edit as a tracked change (`w:ins` / `w:del`), by the author of the
    /// amendment that made it (`revisions[edit.origin.amendment]`).
    pub fn redline(&self, doc: &Document, edits: &[Edit], revisions: &[Revision]) -> Result<Vec<u8>, DocxError> {
        self.redline_with(doc, edits, revisions, &Annotations::default())
    }

    /// [`DocxBase::redline`] with a title and a comment on each change.
    pub fn redline_with(
        &self,
        doc: &Document,
        edits: &[Edit],
        revisions: &[Revision],
        annotations: &Annotations,
    ) -> Result<Vec<u8>, DocxError> {
        write::write(self, doc, edits, revisions, annotations, write::Mode::Tracked)
    }

    /// The consolidated document: every edit applied, no tracked changes.
    pub fn consolidated(&self, doc: &Document, edits: &[Edit]) -> Result<Vec<u8>, DocxError> {
        self.consolidated_with(doc, edits, None)
    }

    /// [`DocxBase::consolidated`] with a title in the document's properties.
    pub fn consolidated_with(&self, doc: &Document, edits: &[Edit], title: Option<&str>) -> Result<Vec<u8>, DocxError> {
        let annotations = Annotations { title: title.map(str::to_string), notes: Vec::new() };
        write::write(self, doc, edits, &[], &annotations, write::Mode::Clean)
    }

    /// The redline for printing: deletions struck through and insertions double-underlined
    /// as plain formatting (black and white safe), after a legend (and the title, if given).
    pub fn marked(&self, doc: &Document, edits: &[Edit], revisions: &[Revision]) -> Result<Vec<u8>, DocxError> {
        self.marked_with(doc, edits, revisions, &Annotations::default())
    }

    /// [`DocxBase::marked`] with a title.
    pub fn marked_with(
        &self,
        doc: &Document,
        edits: &[Edit],
        revisions: &[Revision],
        annotations: &Annotations,
    ) -> Result<Vec<u8>, DocxError> {
        write::write(self, doc, edits, revisions, annotations, write::Mode::Marked)
    }

    /// Where the written document's accepted text departs from `expected` (the consolidated
    /// text form), if anywhere: the paragraph Word would show and the one expected.
    pub fn first_difference(&self, written: &[u8], expected: &str) -> Result<Option<(String, String)>, DocxError> {
        let got = text_in(written, View::Accepted)?;
        Ok(text::first_difference(expected, &got, self.from_docx))
    }
}
