//! A small element tree over an XML part that remembers where every element sits in the
//! source, so that untouched XML can be copied byte for byte and only what changes is rewritten.

use quick_xml::events::Event;
use quick_xml::name::ResolveResult;
use quick_xml::reader::NsReader;
use std::fmt::Write as _;
use std::ops::Range;

/// The WordprocessingML namespace (transitional, as Word writes it).
pub(crate) const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The same namespace in Strict OOXML.
const W_NS_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";

/// How deep elements may nest. Word's deepest (tables in tables in content controls) are a few
/// dozen; the readers walk the tree recursively, so a crafted part must not nest without end.
const MAX_DEPTH: usize = 256;

/// An XML part could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("malformed XML at byte {offset}: {message}")]
pub struct XmlError {
    pub offset: usize,
    pub message: String,
}

/// One element with its place in the source text.
#[derive(Debug, Clone)]
pub(crate) struct El {
    /// The local name (`p` for `w:p`).
    pub local: String,
    /// Whether the element is in the WordprocessingML namespace.
    pub w: bool,
    /// Attributes as written: qualified name and unescaped value.
    pub attrs: Vec<(String, String)>,
    /// The whole element, tags included.
    pub span: Range<usize>,
    /// The start tag alone.
    pub open: Range<usize>,
    /// Between the start and end tags (empty for `<x/>`).
    pub inner: Range<usize>,
    pub children: Vec<El>,
}

impl El {
    /// Whether this is `w:<local>`.
    pub fn is(&self, local: &str) -> bool {
        self.w && self.local == local
    }

    /// An attribute by local name (`val` finds `w:val`).
    pub fn attr(&self, local: &str) -> Option<&str> {
        self.attrs.iter().find(|(q, _)| q.rsplit(':').next() == Some(local)).map(|(_, v)| v.as_str())
    }

    /// The first child `w:<local>`.
    pub fn child(&self, local: &str) -> Option<&El> {
        self.children.iter().find(|c| c.is(local))
    }

    /// The `w:val` of the child `w:<local>`.
    pub fn child_val(&self, local: &str) -> Option<&str> {
        self.child(local).and_then(|c| c.attr("val"))
    }

    /// Children named `w:<local>`.
    pub fn children_named<'a>(&'a self, local: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.is(local))
    }

    /// The element's source text.
    pub fn xml<'s>(&self, src: &'s str) -> &'s str {
        &src[self.span.clone()]
    }

    /// The element's character content, unescaped (markup inside is dropped).
    pub fn text(&self, src: &str) -> String {
        let mut out = String::new();
        let mut at = self.inner.start;
        for c in &self.children {
            out.push_str(&unescape(&src[at..c.span.start]));
            at = c.span.end;
        }
        out.push_str(&unescape(&src[at..self.inner.end]));
        out
    }

    /// Whether a toggle property such as `w:b` is on (`<w:b/>`, `<w:b w:val="true"/>`).
    pub fn flag(&self, local: &str) -> bool {
        self.child(local).is_some_and(|c| !matches!(c.attr("val"), Some("0" | "false" | "off")))
    }
}

/// Reads a part into its document element.
pub(crate) fn parse(src: &str) -> Result<El, XmlError> {
    let mut reader = NsReader::from_str(src);
    reader.config_mut().trim_text(false);
    let mut stack: Vec<El> = Vec::new();
    let mut root: Option<El> = None;
    loop {
        let start = reader.buffer_position() as usize;
        let err = |e: &dyn std::fmt::Display, r: &NsReader<&[u8]>| XmlError {
            offset: r.error_position() as usize,
            message: e.to_string(),
        };
        let (ns, event) = match reader.read_resolved_event() {
            Ok((ns, ev)) => (is_w(&ns), ev),
            Err(e) => return Err(err(&e, &reader)),
        };
        let end = reader.buffer_position() as usize;
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(XmlError {
                        offset: start,
                        message: format!("elements nested more than {MAX_DEPTH} deep; no Word document is"),
                    });
                }
                let empty = matches!(event, Event::Empty(_));
                let local = String::from_utf8_lossy(e.local_name().as_ref()).into_owned();
                let mut attrs = Vec::new();
                for a in e.attributes().with_checks(false) {
                    let a = a.map_err(|e| err(&e, &reader))?;
                    let key = String::from_utf8_lossy(a.key.as_ref()).into_owned();
                    let raw = String::from_utf8_lossy(&a.value).into_owned();
                    attrs.push((key, unescape(&raw).into_owned()));
                }
                let el = El {
                    local,
                    w: ns,
                    attrs,
                    span: start..end,
                    open: start..end,
                    inner: end..end,
                    children: Vec::new(),
                };
                if empty {
                    attach(&mut stack, &mut root, el);
                } else {
                    stack.push(el);
                }
            }
            Event::End(_) => {
                let Some(mut el) = stack.pop() else {
                    return Err(XmlError { offset: start, message: "closing tag without an opening one".into() });
                };
                el.inner = el.open.end..start;
                el.span = el.open.start..end;
                attach(&mut stack, &mut root, el);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !stack.is_empty() {
        return Err(XmlError { offset: src.len(), message: "unclosed element".into() });
    }
    root.ok_or(XmlError { offset: 0, message: "no document element".into() })
}

fn attach(stack: &mut [El], root: &mut Option<El>, el: El) {
    match stack.last_mut() {
        Some(parent) => parent.children.push(el),
        None => *root = Some(el),
    }
}

fn is_w(ns: &ResolveResult<'_>) -> bool {
    match ns {
        ResolveResult::Bound(n) => n.as_ref() == W_NS.as_bytes() || n.as_ref() == W_NS_STRICT.as_bytes(),
        _ => false,
    }
}

/// Unescapes character content, keeping the text as it is where an entity is unknown.
pub(crate) fn unescape(raw: &str) -> std::borrow::Cow<'_, str> {
    quick_xml::escape::unescape(raw).unwrap_or(std::borrow::Cow::Borrowed(raw))
}

/// Escapes text for character content or an attribute value. A character XML 1.0 forbids is
/// never written: it becomes U+FFFD. (Inputs refuse them, so only a caller of the library, or
/// a file name, can bring one; [`run_content`] writes vertical tabs and form feeds as breaks.)
pub(crate) fn escape(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains(crate::source::xml_forbidden) {
        return quick_xml::escape::escape(text);
    }
    let clean: String =
        text.chars().map(|c| if crate::source::xml_forbidden(c) { char::REPLACEMENT_CHARACTER } else { c }).collect();
    std::borrow::Cow::Owned(quick_xml::escape::escape(&clean).into_owned())
}

/// Text as the content of a run: `<w:t>` (or `t` = `w:delText`) elements, with a vertical tab
/// written as a line break (`<w:br/>`) and a form feed as a page break, which is what they
/// mean in text pasted from Word. `p` is the document's prefix for WordprocessingML.
pub(crate) fn run_content(p: &str, t: &str, text: &str) -> String {
    let mut out = String::new();
    push_run_content(&mut out, p, t, text);
    out
}

/// [`run_content`], written at the end of `out`.
pub(crate) fn push_run_content(out: &mut String, p: &str, t: &str, text: &str) {
    let mut rest = text;
    loop {
        let cut = rest.find(['\u{B}', '\u{C}']).unwrap_or(rest.len());
        if cut > 0 || text.is_empty() {
            for part in ["<", p, ":", t, " xml:space=\"preserve\">", &escape(&rest[..cut]), "</", p, ":", t, ">"] {
                out.push_str(part);
            }
        }
        match rest.as_bytes().get(cut) {
            Some(0x0C) => {
                let _ = write!(out, "<{p}:br {p}:type=\"page\"/>");
            }
            Some(_) => {
                let _ = write!(out, "<{p}:br/>");
            }
            None => break,
        }
        rest = &rest[cut + 1..];
    }
}

/// The prefix the root element binds to WordprocessingML (`w` almost always).
pub(crate) fn w_prefix(root: &El) -> Option<String> {
    root.attrs.iter().find_map(|(k, v)| {
        (v == W_NS || v == W_NS_STRICT).then(|| k.strip_prefix("xmlns:").map(str::to_string)).flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_cover_elements_and_text_is_unescaped() {
        let src = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">A &amp; B</w:t></w:r><w:r><w:tab/></w:r></w:p></w:body></w:document>"#;
        let root = parse(src).unwrap();
        assert!(root.is("document"));
        let p = &root.children[0].children[0];
        assert!(p.is("p"));
        assert_eq!(&src[p.span.clone()][..5], "<w:p>");
        assert!(src[p.span.clone()].ends_with("</w:p>"));
        let t = &p.children[0].children[0];
        assert_eq!(t.text(src), "A & B");
        assert_eq!(t.attr("space"), Some("preserve"));
        let tab = &p.children[1].children[0];
        assert_eq!(tab.xml(src), "<w:tab/>");
        assert_eq!(w_prefix(&root).as_deref(), Some("w"));
    }

    #[test]
    fn other_namespaces_are_not_w() {
        let src = r#"<a:x xmlns:a="urn:other"><a:p/></a:x>"#;
        let root = parse(src).unwrap();
        assert!(!root.children[0].is("p"));
        assert!(parse("<a><b></a>").is_err());
    }
}
