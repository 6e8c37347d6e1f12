//! `amend diff`: any two texts give a redline that joins back into both, exactly, and that
//! every format renders.

#![no_main]

mod common;

use amend::redline::diff::{DiffOptions, diff};
use amend::render::{self, Format, Options, Style};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut parts = data.splitn(2, |&b| b == 0);
    let old = common::text(parts.next().unwrap_or_default());
    let new = common::text(parts.next().unwrap_or_default());
    for whitespace in [true, false] {
        let redline = diff(&old, &new, &DiffOptions { whitespace, ..Default::default() });
        assert_eq!(redline.old_text(), old, "old text lost (whitespace {whitespace})");
        assert_eq!(redline.new_text(), new, "new text lost (whitespace {whitespace})");
        for format in Format::ALL {
            let _ = render::render(&redline, format, &Options { style: Style::Brackets, color: true, ..Default::default() });
        }
    }
});
