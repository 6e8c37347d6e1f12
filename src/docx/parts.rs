//! Parts a Word redline adds to its package: the comments on its changes, and the title in its
//! core properties, with the relationships and content types that make Word find them. An
//! existing comments part or core properties part is extended, not replaced.

use super::DocxError;
use super::package::Package;
use super::xml::{self, W_NS, escape};

/// A comment on a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Comment {
    /// Its id, shared with its anchors in the document.
    pub id: u64,
    pub author: String,
    /// An ISO 8601 date-time, where known.
    pub date: Option<String>,
    /// What it says; each line a paragraph.
    pub text: String,
}

const CONTENT_TYPES: &str = "[Content_Types].xml";
const COMMENTS_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const COMMENTS_CONTENT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml";
const CORE_TYPE: &str = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties";
const CORE_CONTENT: &str = "application/vnd.openxmlformats-package.core-properties+xml";

/// Parts changed or added, read through to the package for the others.
pub(crate) struct PartSet<'a> {
    package: &'a Package,
    parts: Vec<(String, String)>,
}

impl<'a> PartSet<'a> {
    /// No part changed yet.
    pub fn new(package: &'a Package) -> PartSet<'a> {
        PartSet { package, parts: Vec::new() }
    }

    /// A part as changed so far, or as the package has it.
    fn get(&self, name: &str) -> Result<Option<String>, DocxError> {
        match self.parts.iter().find(|(n, _)| n == name) {
            Some((_, t)) => Ok(Some(t.clone())),
            None => self.package.part(name),
        }
    }

    /// Sets a part's text.
    pub fn set(&mut self, name: &str, text: String) {
        match self.parts.iter_mut().find(|(n, _)| n == name) {
            Some((_, t)) => *t = text,
            None => self.parts.push((name.to_string(), text)),
        }
    }

    /// The parts changed or added.
    pub fn into_parts(self) -> Vec<(String, String)> {
        self.parts
    }

    /// Declares a part's content type, unless it is declared already.
    fn declare(&mut self, part: &str, content_type: &str) -> Result<(), DocxError> {
        let text = self.get(CONTENT_TYPES)?.ok_or_else(|| DocxError::MissingPart(CONTENT_TYPES.into()))?;
        if text.contains(&format!("PartName=\"/{part}\"")) {
            return Ok(());
        }
        let decl = format!("<Override PartName=\"/{part}\" ContentType=\"{content_type}\"/>");
        self.set(CONTENT_TYPES, insert_before_close(&text, "Types", &decl, CONTENT_TYPES)?);
        Ok(())
    }

    /// Relates `target` (relative to `source`'s folder) to `source` through its relationships
    /// part, creating that part if there is none.
    fn relate(&mut self, source: &str, kind: &str, target: &str) -> Result<(), DocxError> {
        let (dir, file) = source.rsplit_once('/').unwrap_or(("", source));
        let rels = if dir.is_empty() { format!("_rels/{file}.rels") } else { format!("{dir}/_rels/{file}.rels") };
        let text = self.get(&rels)?.unwrap_or_else(|| {
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"></Relationships>".to_string()
        });
        let id = (1..)
            .map(|n| format!("rIdAmend{n}"))
            .find(|id| !text.contains(&format!("Id=\"{id}\"")))
            .unwrap_or_default();
        let rel = format!("<Relationship Id=\"{id}\" Type=\"{kind}\" Target=\"{}\"/>", escape(target));
        self.set(&rels, insert_before_close(&text, "Relationships", &rel, &rels)?);
        self.declare_rels()
    }

    /// Relationships parts are read by extension; make sure it is declared.
    fn declare_rels(&mut self) -> Result<(), DocxError> {
        let text = self.get(CONTENT_TYPES)?.ok_or_else(|| DocxError::MissingPart(CONTENT_TYPES.into()))?;
        if text.contains("Extension=\"rels\"") {
            return Ok(());
        }
        let decl =
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>";
        self.set(CONTENT_TYPES, insert_before_close(&text, "Types", decl, CONTENT_TYPES)?);
        Ok(())
    }
}

/// `text` with `insert` before the closing tag of its root element `local` (any prefix).
fn insert_before_close(text: &str, local: &str, insert: &str, part: &str) -> Result<String, DocxError> {
    let at = text
        .rfind("</")
        .filter(|&i| text[i + 2..].trim_end().trim_end_matches('>').rsplit(':').next() == Some(local))
        .ok_or_else(|| DocxError::Xml {
            part: part.to_string(),
            error: xml::XmlError { offset: text.len(), message: format!("no closing </{local}>") },
        })?;
    Ok(format!("{}{insert}{}", &text[..at], &text[at..]))
}

/// One comment as WordprocessingML, with the prefix `p`.
fn comment_xml(c: &Comment, p: &str) -> String {
    let initials: String = c.author.split_whitespace().filter_map(|w| w.chars().next()).take(3).collect();
    let date = c.date.as_deref().map(|d| format!(" {p}:date=\"{}\"", escape(d))).unwrap_or_default();
    let mut out = format!(
        "<{p}:comment {p}:id=\"{}\" {p}:author=\"{}\" {p}:initials=\"{}\"{date}>",
        c.id,
        escape(&c.author),
        escape(&initials)
    );
    for line in c.text.lines() {
        out.push_str(&format!("<{p}:p><{p}:r><{p}:t xml:space=\"preserve\">{}</{p}:t></{p}:r></{p}:p>", escape(line)));
    }
    out.push_str(&format!("</{p}:comment>"));
    out
}

/// The comments part with `comments` added (to the document's own comments, if it has some),
/// related to the main part and declared.
pub(crate) fn comments(set: &mut PartSet<'_>, comments: &[Comment]) -> Result<(), DocxError> {
    let package = set.package;
    if let Some((name, text)) = package.related("/comments")? {
        let root = xml::parse(&text).map_err(|e| DocxError::Xml { part: name.clone(), error: e })?;
        let p = xml::w_prefix(&root).unwrap_or_else(|| "w".to_string());
        let added: String = comments.iter().map(|c| comment_xml(c, &p)).collect();
        let text = insert_before_close(&text, "comments", &added, &name)?;
        set.set(&name, text);
        return Ok(());
    }
    let main = package.main.clone();
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let name = if dir.is_empty() { "comments.xml".to_string() } else { format!("{dir}/comments.xml") };
    let body: String = comments.iter().map(|c| comment_xml(c, "w")).collect();
    set.set(
        &name,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:comments xmlns:w=\"{W_NS}\">{body}</w:comments>"
        ),
    );
    set.relate(&main, COMMENTS_TYPE, "comments.xml")?;
    set.declare(&name, COMMENTS_CONTENT)
}

/// The document's title set in its core properties (made if it has none).
pub(crate) fn title(set: &mut PartSet<'_>, title: &str) -> Result<(), DocxError> {
    let escaped = escape(title);
    let existing = set.get("_rels/.rels")?.and_then(|rels| {
        let root = xml::parse(&rels).ok()?;
        root.children
            .iter()
            .find(|r| r.attr("Type") == Some(CORE_TYPE))
            .and_then(|r| r.attr("Target"))
            .map(|t| t.trim_start_matches('/').to_string())
    });
    if let Some(name) = existing {
        if let Some(text) = set.get(&name)? {
            let text = match (text.find("<dc:title"), text.find("</dc:title>")) {
                (Some(a), Some(b)) if a < b => {
                    format!("{}<dc:title>{escaped}</dc:title>{}", &text[..a], &text[b + 11..])
                }
                (Some(a), _) if text[a..].starts_with("<dc:title/>") => {
                    format!("{}<dc:title>{escaped}</dc:title>{}", &text[..a], &text[a + 11..])
                }
                _ if text.contains("xmlns:dc=") => {
                    insert_before_close(&text, "coreProperties", &format!("<dc:title>{escaped}</dc:title>"), &name)?
                }
                // Properties that do not declare Dublin Core: left as they are.
                _ => return Ok(()),
            };
            set.set(&name, text);
            return Ok(());
        }
    }
    let name = "docProps/core.xml";
    set.set(
        name,
        format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{escaped}</dc:title></cp:coreProperties>"
        ),
    );
    set.relate("", CORE_TYPE, name)?;
    set.declare(name, CORE_CONTENT)
}
