//! Invariants shared by the fuzz targets: whatever the input, spans point inside their files on
//! character boundaries, and every renderer copes with every diagnostic.

#![allow(dead_code)]

use amend::document::Document;
use amend::{Diagnostic, Sources, Span, diagnostic};

/// Text from fuzz bytes: decoded like the CLI does, or lossily when that fails, so that
/// mutations breaking UTF-8 still exercise the parsers.
pub fn text(bytes: &[u8]) -> String {
    match amend::source::decode(bytes) {
        Ok((text, _)) => text,
        Err(_) => String::from_utf8_lossy(bytes).into_owned(),
    }
}

pub fn check_span(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {span:?} outside text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {span:?} not on char boundaries"
    );
}

pub fn check_diagnostics(sources: &Sources, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        assert!(!d.message.is_empty(), "{} has no message", d.code);
        assert!(d.primary_label().is_some(), "{} has no label: {d:?}", d.code);
        for l in &d.labels {
            assert!(l.file < sources.len(), "{}: label in unknown file", d.code);
            check_span(sources.text(l.file), l.span, d.code.as_str());
        }
        let _ = diagnostic::locate(sources, d);
    }
    let _ = diagnostic::render_plain(sources, diagnostics);
    let _ = diagnostic::render_github(sources, diagnostics);
}

pub fn check_document(doc: &Document) {
    let text = doc.text();
    for (id, u) in doc.units() {
        check_span(text, u.span, "unit span");
        check_span(text, u.body, "unit body");
        if let Some(l) = &u.label {
            check_span(text, l.span, "label");
        }
        if let Some(h) = u.heading {
            check_span(text, h, "heading");
        }
        for &c in &u.children {
            assert_eq!(doc.unit(c).parent, Some(id), "child's parent");
            assert!(u.span.contains(doc.unit(c).span), "child outside its parent");
        }
        let _ = doc.describe(id);
        let _ = doc.sentences(id);
    }
    let _ = doc.outline();
}
