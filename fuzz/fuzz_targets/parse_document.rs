//! The document parser: any text gives a tree of units with valid spans.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let doc = amend::document::Document::parse(0, &text);
    common::check_document(&doc);
});
