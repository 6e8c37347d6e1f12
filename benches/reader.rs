//! How fast the amendment reader reads a sheet (`amendment::parse`: segment, lex, assemble),
//! in bytes per second, and that the time grows linearly with the number of instructions.
//!
//! Two generated sheets, each at 1,000 and 10,000 instructions:
//! - `conference`: one instruction per line, as `gen.py` of the shared benchmark writes them
//!   (`Article 12(3)(b): DELETE "x"; INSERT "y"`, `AFTER "x" INSERT "y"`, `DELETE ALL AFTER`);
//! - `mixed`: the drafting styles together, wrapped over lines: numbered statute provisions
//!   with blocks, US `is amended by striking … and inserting …`, motions (`That Rule 4 be
//!   amended by …`), UK `for … substitute …`, reasons and movers between them.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::fmt::Write;
use std::hint::black_box;

#[path = "support/corpus.rs"]
#[allow(dead_code)]
mod corpus;
use corpus::Rng;

const WORDS: &[&str] = &[
    "members",
    "committee",
    "meeting",
    "shall",
    "elect",
    "chair",
    "secretary",
    "annual",
    "general",
    "notice",
    "written",
    "days",
    "branch",
    "treasurer",
    "accounts",
    "quorum",
    "vote",
    "majority",
    "resolution",
    "officers",
    "term",
    "office",
    "year",
    "council",
    "assembly",
    "delegates",
    "conference",
    "rules",
    "person",
    "tenant",
];

fn phrase(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect::<Vec<_>>().join(" ")
}

fn address(rng: &mut Rng) -> String {
    let letters = ["a", "b", "c", "d"];
    match rng.below(3) {
        0 => format!("Article {}({})", rng.below(400) + 1, rng.below(9) + 1),
        1 => format!("Article {}({})({})", rng.below(400) + 1, rng.below(9) + 1, letters[rng.below(4)]),
        _ => format!("Article {}", rng.below(400) + 1),
    }
}

fn conference(n: usize) -> String {
    let mut rng = Rng::new(7);
    let mut s = String::new();
    for _ in 0..n {
        let at = address(&mut rng);
        let (nx, ny) = (1 + rng.below(4), 1 + rng.below(6));
        let x = phrase(&mut rng, nx);
        let y = phrase(&mut rng, ny);
        let _ = match rng.below(4) {
            0 => writeln!(s, "{at}: DELETE \"{x}\"; INSERT \"{y}\""),
            1 => writeln!(s, "{at}: AFTER \"{x}\" INSERT \"{y}\""),
            2 => writeln!(s, "{at}: DELETE \"{x}\""),
            _ => writeln!(s, "{at}: DELETE ALL AFTER \"{x}\""),
        };
    }
    s
}

fn mixed(n: usize) -> String {
    let mut rng = Rng::new(11);
    let mut s = String::new();
    let mut made = 0;
    let mut sec = 1;
    while made < n {
        let (nx, ny) = (1 + rng.below(3), 2 + rng.below(5));
        let x = phrase(&mut rng, nx);
        let y = phrase(&mut rng, ny);
        match rng.below(6) {
            0 => {
                let _ = writeln!(
                    s,
                    "{sec} Subsection {}(2) of the Act is replaced by the following:\n(2) The {y} shall {x} within thirty days.\n",
                    rng.below(90) + 1
                );
            }
            1 => {
                let _ = writeln!(
                    s,
                    "Sec. {sec}. Section {} of the Act is amended by striking \"{x}\" each place it appears\nand inserting \"{y}\" in its place.\n",
                    rng.below(900) + 1
                );
            }
            2 => {
                let _ = writeln!(
                    s,
                    "That Rule {}.{} be amended by deleting the words \"{x}\" and inserting\n\"{y}\".\n\nMoved: A. Member\nSeconded: B. Member\n",
                    rng.below(20) + 1,
                    rng.below(9) + 1
                );
            }
            3 => {
                let _ = writeln!(s, "In section {}, for \"{x}\" substitute \"{y}\".\n", rng.below(300) + 1);
            }
            4 => {
                let (p, q) = (rng.below(30) + 1, rng.below(9) + 1);
                let why = phrase(&mut rng, 12);
                let _ = writeln!(s, "Para {p}.{q}: DELETE “{x}”; INSERT “{y}” – TWICE.\nReason: {why}.\n");
            }
            _ => {
                let _ = writeln!(
                    s,
                    "{sec} Section {} of the Act is amended by adding at the end the following:\n    (c) the {y};\n",
                    rng.below(90) + 1
                );
            }
        }
        made += 1;
        sec += 1;
    }
    s
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("read");
    for (name, make) in [("conference", conference as fn(usize) -> String), ("mixed", mixed)] {
        for n in [1_000, 10_000] {
            let sheet = make(n);
            // Make sure the benchmark reads instructions, not errors.
            let (amendment, diagnostics) = amend::amendment::parse(0, &sheet);
            let errors: Vec<_> = diagnostics.iter().filter(|d| d.is_error()).collect();
            assert!(errors.is_empty(), "{name} {n}: {} errors, first: {}", errors.len(), errors[0].message);
            let read = amendment.items.iter().filter(|i| matches!(i, amend::amendment::Item::Instruction(_))).count();
            assert!(read >= n, "{name} {n}: only {read} instructions read");
            group.throughput(Throughput::Bytes(sheet.len() as u64));
            group.bench_with_input(BenchmarkId::new(name, n), &sheet, |b, sheet| {
                b.iter(|| amend::amendment::parse(0, black_box(sheet)))
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
