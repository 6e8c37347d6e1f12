//! Strict parsers for what the tool writes: every XML part of a Word document must be
//! well-formed XML 1.0 (roxmltree refuses characters XML forbids, unbalanced or misnamed tags,
//! unbound prefixes, duplicate attributes and bad references), every web page must tokenize
//! without a single WHATWG parse error (html5gum) and nest its elements properly, and JSON must
//! parse (serde_json is strict).
// Shared by test crates that use different parts of it.
#![allow(dead_code)]

use std::io::{Cursor, Read};

/// Panics unless `text` is well-formed XML 1.0; `what` names it in the message.
pub fn xml(what: &str, text: &str) {
    let options = roxmltree::ParsingOptions { allow_dtd: false, ..Default::default() };
    if let Err(e) = roxmltree::Document::parse_with_options(text, options) {
        let at = e.pos();
        let line = text.lines().nth(at.row as usize - 1).unwrap_or("");
        let from = line.char_indices().map(|(i, _)| i).take_while(|&i| i + 80 < at.col as usize).last().unwrap_or(0);
        panic!("{what} is not well-formed XML: {e}\n  near: {:.160}", line[from..].escape_debug());
    }
}

/// Panics unless every XML part (`.xml`, `.rels`) of a Word package is well-formed; returns the
/// bytes, so that it can wrap an expression.
pub fn docx(bytes: &[u8]) -> &[u8] {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip package");
    let mut checked = 0;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let name = file.name().to_string();
        if name.ends_with(".xml") || name.ends_with(".rels") {
            let mut text = String::new();
            file.read_to_string(&mut text).unwrap_or_else(|e| panic!("{name} is not UTF-8: {e}"));
            xml(&name, &text);
            checked += 1;
        }
    }
    assert!(checked >= 3, "a Word package has at least content types, relationships and a document");
    bytes
}

/// Elements HTML writes without an end tag.
const VOID: [&str; 6] = ["meta", "br", "input", "hr", "img", "link"];

/// Panics unless a web page tokenizes without a parse error (no control character, no
/// noncharacter, no bad reference or attribute) and every element is closed in order.
pub fn html(page: &str) {
    use html5gum::{Token, Tokenizer};
    let mut open: Vec<String> = Vec::new();
    let mut doctype = false;
    for token in Tokenizer::new(page) {
        let Ok(token) = token;
        match token {
            Token::Error(e) => panic!("HTML parse error: {e:?}"),
            Token::Doctype(_) => doctype = true,
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                if !VOID.contains(&name.as_str()) && !tag.self_closing {
                    open.push(name);
                }
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let top = open.pop().unwrap_or_default();
                assert_eq!(top, name, "</{name}> closes <{top}>");
            }
            Token::String(_) | Token::Comment(_) => {}
        }
    }
    assert!(doctype, "the page starts with a doctype");
    assert!(open.is_empty(), "elements left open: {open:?}");
}

/// Panics unless `text` is one JSON value; returns it.
pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not valid JSON: {e}\n{text:.400}"))
}
