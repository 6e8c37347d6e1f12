//! `amend derive`: whatever a member makes of the LLA constitution, the instructions derived in
//! every house style apply back to her text (exactly, up to spacing no instruction expresses).

#![no_main]

mod common;

use amend::derive::{DeriveOptions, Style, conform, derive};
use libfuzzer_sys::fuzz_target;

const LLA: &str = include_str!("../../fixtures/lla_constitution/base.txt");

fuzz_target!(|data: &[u8]| {
    let edited = common::text(data);
    for style in [Style::Lla, Style::Us, Style::Uk, Style::Roberts, Style::Rulebook, Style::Debian] {
        let options = DeriveOptions { style, ..Default::default() };
        let sheet = derive(LLA, &edited, &options);
        let mut sources = amend::Sources::new();
        let base = sources.add("base.txt", LLA);
        let sheet_id = sources.add("derived.amend", sheet.clone());
        let applied = amend::consolidate(&sources, base, &[sheet_id], &options.apply)
            .unwrap_or_else(|d| panic!("{style:?}: derived sheet does not apply: {d:?}\n{sheet}"));
        // Spacing that no instruction can express (two spaces for one, a final line break) is
        // reported by the CLI; every difference in the words must round-trip.
        let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words(&applied.text) == words(&conform(LLA, &edited)), "{style:?}: round trip differs\n{sheet}");
    }
});
