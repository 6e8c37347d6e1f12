//! The reader on its own: any sheet gives provisions read into instructions, commentary and
//! diagnostics, never a panic or a hang; and re-wrapping a sheet never makes it say something
//! else without an error. Input: a selector byte, then the sheet. Selector 0 reads the sheet
//! alone; 1–4 also apply it to a real base (a statute, the Debian constitution, Robert's-rules
//! bylaws, a UK Act), so that mutations of real instructions meet real documents. The low bits
//! of the second byte choose the width to re-wrap at. Wrapping is checked on sheets `amend`
//! accepts as text (no refused control characters, decodable): others are refused before reading;
//! and on sheets that quote no text to a line's end (W0101), which is where the line breaks.

#![no_main]

mod common;

use amend::amendment::{self, rewrap};
use amend::resolve::Options;
use libfuzzer_sys::fuzz_target;

const BASES: [&str; 4] = [
    include_str!("../../fixtures/real/canada-2021-c7-apprentice-loans-act/base.txt"),
    include_str!("../../fixtures/real/debian-2007-gr-dpl-election-length/base.txt"),
    include_str!("../../fixtures/real/roberts_asf_gender_neutral/base.txt"),
    include_str!("../../fixtures/real/uk_sewel_convention/base.txt"),
];

/// Reads a sheet, checking its diagnostics; whether any is an error.
fn read(sources: &amend::Sources, file: amend::FileId) -> bool {
    let (a, diagnostics) = amendment::parse(file, sources.text(file));
    common::check_diagnostics(sources, &diagnostics);
    let _ = amendment::describe(sources, &a);
    diagnostics.iter().any(|d| d.is_error())
}

fuzz_target!(|data: &[u8]| {
    let [select, width, rest @ ..] = data else { return };
    let sheet = common::text(rest);
    let width = 20 + usize::from(width % 64);
    let mut sources = amend::Sources::new();
    let file = sources.add("sheet.amend", sheet.clone());
    let failed = read(&sources, file);
    if !failed && amend::source::accepted(rest) && !rewrap::line_exact(&sheet) && !rewrap::line_bound(&sheet) {
        let wrapped = rewrap::rewrap(&sheet, width);
        let again = sources.add("wrapped.amend", wrapped.clone());
        let wrapped_failed = read(&sources, again);
        // Wrapped, a sheet may fail to read (and say so); it must never read as other changes.
        let (said, now) = (rewrap::reading(&sheet), rewrap::reading(&wrapped));
        assert!(wrapped_failed || now == said, "re-wrapped at {width}, the sheet says\n{now:#?}\nnot\n{said:#?}");
    }
    if let Some(base) = BASES.get(usize::from(select % 5).wrapping_sub(1)) {
        let base = sources.add("base.txt", *base);
        match amend::consolidate(&sources, base, &[file], &Options::default()) {
            Ok(out) => common::check_diagnostics(&sources, &out.warnings),
            Err(diagnostics) => {
                assert!(diagnostics.iter().any(|d| d.is_error()), "rejected without an error");
                common::check_diagnostics(&sources, &diagnostics);
            }
        }
    }
});
