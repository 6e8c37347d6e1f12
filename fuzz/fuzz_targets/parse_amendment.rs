//! The amendment parser: any text gives items and diagnostics, never a panic or a hang.

#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = common::text(data);
    let mut sources = amend::Sources::new();
    let file = sources.add("fuzz.amend", text);
    let (amendment, diagnostics) = amend::amendment::parse(file, sources.text(file));
    common::check_diagnostics(&sources, &diagnostics);
    let _ = amend::amendment::describe(&sources, &amendment);
});
