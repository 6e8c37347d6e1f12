//! The whole pipeline. Input is `base NUL amendment [NUL amendment …]`; without a NUL, the
//! input is an amendment to the LLA constitution, so that mutations of real instructions meet
//! a real base. Re-wrapping the sheets never changes the result: the re-wrapped sheets give
//! the same words, or an error (never other words), for inputs `amend` accepts as text.

#![no_main]

mod common;

use amend::resolve::Options;
use libfuzzer_sys::fuzz_target;

const LLA: &str = include_str!("../../fixtures/lla_constitution/base.txt");

fuzz_target!(|data: &[u8]| {
    let mut parts = data.split(|&b| b == 0);
    let first = parts.next().unwrap_or_default();
    let rest: Vec<&[u8]> = parts.take(3).collect();
    let (base, amendments) = if rest.is_empty() {
        (LLA.to_string(), vec![common::text(first)])
    } else {
        (common::text(first), rest.iter().map(|a| common::text(a)).collect())
    };
    let mut sources = amend::Sources::new();
    let base_id = sources.add("base.txt", base);
    let ids: Vec<_> = amendments.into_iter().enumerate().map(|(i, a)| sources.add(format!("{i}.amend"), a)).collect();
    for renumber in [true, false] {
        match amend::consolidate(&sources, base_id, &ids, &Options { renumber, ..Options::default() }) {
            Ok(outcome) => {
                common::check_diagnostics(&sources, &outcome.warnings);
                let base = sources.text(base_id);
                let mut end = 0;
                for e in &outcome.edits {
                    common::check_span(base, e.range, "edit");
                    assert!(e.range.start >= end, "edits overlap at {:?}", e.range);
                    end = e.range.end;
                }
                if outcome.edits.is_empty() {
                    assert_eq!(outcome.text, base, "no edits but the text changed");
                }
                // The result must itself be a readable base for the next round of amendments.
                let again = amend::document::Document::parse(0, &outcome.text);
                common::check_document(&again);
                if renumber && data.split(|&b| b == 0).all(amend::source::accepted) {
                    let width = 20 + data.len() % 64;
                    let other = amend::amendment::rewrap::other_words_rewrapped(&sources, base_id, &ids, &outcome.text, width);
                    assert!(other.is_none(), "re-wrapped at {width}, the sheets give other words:\n{}", other.unwrap_or_default());
                }
            }
            Err(diagnostics) => {
                assert!(diagnostics.iter().any(|d| d.is_error()), "rejected without an error");
                common::check_diagnostics(&sources, &diagnostics);
            }
        }
    }
});
