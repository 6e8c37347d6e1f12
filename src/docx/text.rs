//! The text form of a Word document (one line per paragraph, generated numbers and heading
//! marks in front), and the other way: a minimal Word document made from a plain-text base.

use super::package::{self, Package};
use super::read::{Body, Inline, Para, Piece, PieceKind};
use super::xml::W_NS;
use super::{DocxBase, Slot, View};
use crate::document::{Document, UnitKind};
use std::collections::HashMap;

/// What numbering and heading styles put in front of a paragraph's own text.
fn prefix(p: &Para) -> String {
    let mut out = String::new();
    if let Some(h) = p.heading {
        out.push_str(&"#".repeat(h.min(6) as usize));
        out.push(' ');
    }
    if let Some(l) = p.label.as_ref().filter(|l| !l.text.is_empty()) {
        out.push_str(&l.text);
        out.push(' ');
    }
    out
}

/// Paragraphs as lines of a view: (index of the paragraph whose mark ends it, its own text,
/// whether earlier paragraphs were joined into it).
fn lines(paras: &[Para], view: View) -> Vec<(usize, String, bool)> {
    let mut out = Vec::new();
    let mut pending = String::new();
    let mut joined = false;
    for (i, p) in paras.iter().enumerate() {
        let text = p.text(view);
        if p.joins_next(view) {
            pending.push_str(&text);
            joined = true;
            continue;
        }
        out.push((i, std::mem::take(&mut pending) + &text, joined));
        joined = false;
    }
    out
}

/// The text form of paragraphs and where each line came from.
pub(crate) fn layout(paras: &[Para], view: View) -> (String, Vec<Slot>) {
    let mut text = String::new();
    let mut slots: Vec<Slot> = Vec::new();
    for (i, own, joined) in lines(paras, view) {
        if own.trim().is_empty() {
            if let Some(last) = slots.last_mut() {
                last.empties.push(i);
            }
            continue;
        }
        let p = &paras[i];
        if let Some(prev) = slots.last() {
            let q = &paras[prev.para];
            // Items of one list follow each other line by line, so that short numbered items
            // read as a list and not as headings; everything else is set apart by a blank line.
            let same_list = match (&p.label, &q.label) {
                (Some(a), Some(b)) => a.list == b.list && p.heading.is_none() && q.heading.is_none(),
                _ => false,
            };
            text.push_str(if same_list { "\n" } else { "\n\n" });
        }
        let start = text.len();
        text.push_str(&prefix(p));
        let body = text.len();
        text.push_str(&own);
        slots.push(Slot { para: i, start, body, end: text.len(), mark_end: 0, empties: Vec::new(), joined });
    }
    if !slots.is_empty() {
        text.push('\n');
    }
    let starts: Vec<usize> = slots.iter().skip(1).map(|s| s.start).collect();
    for (s, next) in slots.iter_mut().zip(starts.into_iter().chain([text.len()])) {
        s.mark_end = next;
    }
    (text, slots)
}

/// Paragraphs as Word shows them: number, a space, text; empty ones left out.
pub(crate) fn visible_lines(paras: &[Para], view: View) -> Vec<String> {
    lines(paras, view)
        .into_iter()
        .filter(|(_, t, _)| !t.trim().is_empty())
        .map(|(i, t, _)| {
            let label = paras[i]
                .label
                .as_ref()
                .filter(|l| !l.text.is_empty())
                .map(|l| format!("{} ", l.text))
                .unwrap_or_default();
            format!("{label}{}", t.trim())
        })
        .collect()
}

/// Lines with spacing made uniform, blank ones dropped.
fn normal_lines(text: &str) -> Vec<String> {
    text.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect()
}

/// The first line (or, for plain-text bases whose wrapped lines become one paragraph, the
/// first words) where `got` departs from `expected`: (got, expected).
pub(crate) fn first_difference(expected: &str, got: &str, by_line: bool) -> Option<(String, String)> {
    if by_line {
        let (e, g) = (normal_lines(expected), normal_lines(got));
        let n = e.len().max(g.len());
        (0..n).find_map(|i| {
            let (a, b) = (e.get(i), g.get(i));
            (a != b).then(|| {
                (b.cloned().unwrap_or_else(|| "(nothing)".into()), a.cloned().unwrap_or_else(|| "(nothing)".into()))
            })
        })
    } else {
        let e: Vec<&str> = expected.split_whitespace().collect();
        let g: Vec<&str> = got.split_whitespace().collect();
        let i = (0..e.len().max(g.len())).find(|&i| e.get(i) != g.get(i))?;
        let around = |w: &[&str]| w[i.saturating_sub(3)..(i + 6).min(w.len())].join(" ");
        Some((around(&g), around(&e)))
    }
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif" w:cs="Liberation Serif"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="100"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="SectionHeading"><w:name w:val="Section Heading"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240"/></w:pPr><w:rPr><w:b/></w:rPr></w:style></w:styles>"#;

/// A minimal Word document for a plain-text base: a paragraph per unit line (lines that wrap
/// a unit join it, written as spaces), Markdown headings as heading styles, other headings bold.
pub(crate) fn from_text(doc: &Document) -> DocxBase {
    let text = doc.text();
    let unit_at: HashMap<usize, UnitKind> = doc.units().map(|(_, u)| (u.span.start, u.kind)).collect();
    let mut paras: Vec<Para> = Vec::new();
    let mut slots: Vec<Slot> = Vec::new();
    let mut open = false;
    let mut line_start = doc.content_start();
    while line_start < text.len() {
        let rest = &text[line_start..];
        let content_len = rest.find(['\n', '\r']).unwrap_or(rest.len());
        let line_end = line_start + content_len;
        let brk = match &rest.as_bytes()[content_len..] {
            [b'\r', b'\n', ..] => 2,
            [] => 0,
            _ => 1,
        };
        let line = &text[line_start..line_end];
        let trimmed = line.trim_start();
        let at = line_start + (line.len() - trimmed.len());
        if trimmed.trim().is_empty() {
            open = false;
        } else if open && !unit_at.contains_key(&at) {
            // A line that wraps the unit above: one paragraph, the break written as a space.
            let (slot, para) = (slots.last_mut().expect("open slot"), paras.last_mut().expect("open paragraph"));
            if let Some(Inline::Run { pieces, .. }) = para.inline.last_mut() {
                pieces.push(Piece {
                    kind: PieceKind::Wrap,
                    xml: String::new(),
                    text: text[slot.end..line_start].to_string(),
                });
                pieces.push(Piece { kind: PieceKind::Text, xml: String::new(), text: line.to_string() });
            }
            slot.end = line_end;
        } else {
            let kind = unit_at.get(&at).copied();
            let hashes = trimmed.chars().take_while(|&c| c == '#').count();
            let markdown = matches!(kind, Some(UnitKind::Heading { .. }))
                && (1..=6).contains(&hashes)
                && trimmed[hashes..].starts_with([' ', '\t']);
            let (body, style, heading) = if markdown {
                let after = &trimmed[hashes..];
                let gap = after.len() - after.trim_start().len();
                (at + hashes + gap, Some(format!("Heading{}", hashes.min(3))), Some(hashes as u8))
            } else if matches!(kind, Some(UnitKind::Heading { .. })) {
                (line_start, Some("SectionHeading".to_string()), None)
            } else {
                (line_start, None, None)
            };
            let ppr = style.iter().map(|s| ("pStyle".to_string(), format!("<w:pStyle w:val=\"{s}\"/>"))).collect();
            paras.push(Para {
                open: "<w:p>".into(),
                ppr,
                inline: vec![Inline::Run {
                    rpr: Vec::new(),
                    pieces: vec![Piece {
                        kind: PieceKind::Text,
                        xml: String::new(),
                        text: text[body..line_end].to_string(),
                    }],
                }],
                style,
                heading,
                ..Para::default()
            });
            slots.push(Slot {
                para: paras.len() - 1,
                start: line_start,
                body,
                end: line_end,
                mark_end: 0,
                empties: Vec::new(),
                joined: false,
            });
            open = true;
        }
        line_start = line_end + brk;
    }
    let starts: Vec<usize> = slots.iter().skip(1).map(|s| s.start).collect();
    for (s, next) in slots.iter_mut().zip(starts.into_iter().chain([text.len()])) {
        s.mark_end = next;
    }
    if let Some(last) = paras.last_mut() {
        last.protected = true;
    }
    let head = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W_NS}\"><w:body>"
    );
    let src = format!(
        "{head}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    let bytes = package::build(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", RELS),
        ("word/document.xml", &src),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
    ]);
    let package = Package::open(&bytes).expect("a package built here opens");
    DocxBase {
        package,
        body: Body {
            body_start: head.len(),
            body_container: 0,
            insert_at: Some(head.len()),
            src,
            paras,
            w: "w".into(),
            max_id: 0,
        },
        text: text.to_string(),
        slots,
        from_docx: false,
    }
}
