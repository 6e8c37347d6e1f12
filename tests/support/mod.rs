//! Small Word documents made by the tests themselves: a package with a body, numbering and
//! styles, and the LLA constitution as a .docx with three-level automatic numbering; and the
//! binary run as a user runs it (`run`).
#![allow(dead_code)]

use std::io::{Cursor, Read, Write};

pub mod run;
pub mod strict;

/// A Word document the tool wrote, once every XML part in it is checked to be well-formed.
pub fn checked(bytes: Vec<u8>) -> Vec<u8> {
    strict::docx(&bytes);
    bytes
}

pub const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A list definition: `%1)` sections, `%1.%2` paragraphs, `(%3)` sub-paragraphs, linked to
/// the Heading1, Clause and SubClause styles.
pub const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="multilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Heading1"/><w:lvlText w:val="%1)"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="432" w:hanging="432"/></w:pPr></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:pStyle w:val="Clause"/><w:lvlText w:val="%1.%2"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="576" w:hanging="576"/></w:pPr></w:lvl><w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:pStyle w:val="SubClause"/><w:lvlText w:val="(%3)"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1152" w:hanging="576"/></w:pPr></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

pub const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Serif" w:hAnsi="Liberation Serif"/><w:sz w:val="22"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:numPr><w:numId w:val="1"/></w:numPr><w:spacing w:before="240"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Clause"><w:name w:val="Clause"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="paragraph" w:styleId="SubClause"><w:name w:val="Sub Clause"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style></w:styles>"#;

/// A paragraph: style, optional direct numbering (numId, ilvl), runs (text, bold).
pub fn para(style: Option<&str>, num: Option<(u32, u32)>, runs: &[(&str, bool)]) -> String {
    let mut ppr = String::new();
    if let Some(s) = style {
        ppr.push_str(&format!("<w:pStyle w:val=\"{s}\"/>"));
    }
    if let Some((id, lvl)) = num {
        ppr.push_str(&format!("<w:numPr><w:ilvl w:val=\"{lvl}\"/><w:numId w:val=\"{id}\"/></w:numPr>"));
    }
    let ppr = if ppr.is_empty() { String::new() } else { format!("<w:pPr>{ppr}</w:pPr>") };
    let runs: String = runs
        .iter()
        .map(|(t, bold)| {
            let rpr = if *bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
            format!(
                "<w:r>{rpr}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                t.replace('&', "&amp;").replace('<', "&lt;")
            )
        })
        .collect();
    format!("<w:p w:rsidR=\"00A1B2C3\">{ppr}{runs}</w:p>")
}

/// A .docx with these body paragraphs, numbering and styles.
pub fn docx(body: &str) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"{W}\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1134\" w:right=\"1134\" w:bottom=\"1134\" w:left=\"1134\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    );
    let parts: [(&str, &str); 6] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        ("word/document.xml", &document),
        (
            "word/_rels/document.xml.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#,
        ),
        ("word/styles.xml", STYLES),
        ("word/numbering.xml", NUMBERING),
    ];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// One part of a package, as text.
pub fn part(bytes: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(name).unwrap();
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

pub fn fixture(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

/// The LLA base as Word would hold it: section headings in Heading 1 and paragraphs in the
/// Clause style, both numbered by the list (the numbers are not in the text); the appendix
/// heading unnumbered; an empty paragraph after the title; one paragraph in several runs.
pub fn lla_docx() -> Vec<u8> {
    let base = fixture("fixtures/lla_constitution/base.txt");
    let mut body = String::new();
    for (i, line) in base.lines().filter(|l| !l.trim().is_empty()).enumerate() {
        let (label, rest) = line.split_once(' ').unwrap_or((line, ""));
        if i == 0 {
            body.push_str(&para(Some("Title"), None, &[(line, false)]));
            body.push_str("<w:p/>");
        } else if label.ends_with(')') && label[..label.len() - 1].parse::<u32>().is_ok() {
            body.push_str(&para(Some("Heading1"), None, &[(rest, false)]));
        } else if label.contains('.') && label.split('.').all(|p| p.parse::<u32>().is_ok()) {
            if label == "2.2" {
                // Formatting inside a paragraph, split by the edits.
                let (a, b) = rest.split_once("signatories").unwrap();
                body.push_str(&format!(
                    "<w:p><w:pPr><w:pStyle w:val=\"Clause\"/></w:pPr><w:bookmarkStart w:id=\"0\" w:name=\"groups\"/><w:r><w:t xml:space=\"preserve\">{a}</w:t></w:r><w:bookmarkEnd w:id=\"0\"/><w:r><w:rPr><w:b/></w:rPr><w:t>signatories</w:t></w:r><w:r><w:t xml:space=\"preserve\">{b}</w:t></w:r></w:p>"
                ));
            } else {
                body.push_str(&para(Some("Clause"), None, &[(rest, false)]));
            }
        } else if line.starts_with("Appendix") {
            body.push_str(&para(Some("Heading1"), Some((0, 0)), &[(line, false)]));
        } else {
            body.push_str(&para(None, None, &[(line, false)]));
        }
    }
    docx(&body)
}

/// Lines with text, for comparing paragraph by paragraph.
pub fn lines(text: &str) -> Vec<String> {
    text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect()
}

/// Keeps a document the tests made under `target/docx-tests/`, for a person to open.
pub fn save(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/docx-tests");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    strict::docx(bytes);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// The same package with Word's view of tracked changes set to hide the markup
/// (`w:revisionView`), so that an office suite shows it as if every change were accepted.
pub fn with_markup_hidden(bytes: &[u8]) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_string();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        assert_ne!(name, "word/settings.xml", "the test documents have no settings part");
        let text = match name.as_str() {
            "[Content_Types].xml" => text.replace("</Types>", "<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/></Types>"),
            "word/_rels/document.xml.rels" => text.replace("</Relationships>", "<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/></Relationships>"),
            _ => text,
        };
        out.start_file(name, options).unwrap();
        out.write_all(text.as_bytes()).unwrap();
    }
    out.start_file("word/settings.xml", options).unwrap();
    out.write_all(format!("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings xmlns:w=\"{W}\"><w:revisionView w:markup=\"false\" w:insDel=\"false\" w:formatting=\"false\"/></w:settings>").as_bytes()).unwrap();
    out.finish().unwrap().into_inner()
}
