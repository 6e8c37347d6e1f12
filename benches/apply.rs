//! How long `consolidate` takes on a large constitution with many instructions.
//!
//! The constitution is generated: 100 sections of 100 numbered paragraphs (about 1 MB), and
//! an amendment sheet of 1,000 instructions spread over it (replacements, deletions,
//! insertions, a new unit and a removed one, so renumbering runs too).

use amend::Sources;
use amend::resolve::Options;
use criterion::{Criterion, criterion_group, criterion_main};
use std::fmt::Write;
use std::hint::black_box;

const SECTIONS: usize = 100;
const PARAS: usize = 100;

fn base() -> String {
    let mut s = String::from("Model Constitution\n\n");
    for sec in 1..=SECTIONS {
        let _ = writeln!(s, "{sec}) Section heading number {sec}\n");
        for p in 1..=PARAS {
            let _ = writeln!(
                s,
                "{sec}.{p} The members of branch s{sec}p{p} meet in the hall and elect a committee. \
                 The committee reports to every general meeting of the branch.\n"
            );
        }
    }
    s
}

fn amendments(n: usize) -> String {
    let mut s = String::new();
    for i in 0..n {
        // Distinct paragraphs: never 1.50 or 2.99, which the last lines use.
        let sec = i % SECTIONS + 1;
        let p = (i / SECTIONS) * 10 + i % 7 + 1;
        let line = match i % 4 {
            0 => format!("Para {sec}.{p}: DELETE “s{sec}p{p}”; INSERT “branch{i}”.\n"),
            1 => format!("Para {sec}.{p}: DELETE “in the hall”.\n"),
            2 => {
                format!("Para {sec}.{p}: AFTER “general meeting” INSERT “and annual conference”.\n")
            }
            _ => format!("Para {sec}.{p}: DELETE FINAL SENTENCE.\n"),
        };
        s.push_str(&line);
    }
    s.push_str("Para 1.50 – NO CHANGE.\nINSERT “A new paragraph.”\nPara 2.99 – DELETE ALL.\n");
    s
}

fn bench(c: &mut Criterion) {
    let base = base();
    let sheet = amendments(1000);
    let mut sources = Sources::new();
    let b = sources.add("base.txt", base.clone());
    let a = sources.add("amendments.amend", sheet);
    // Make sure the benchmark measures a successful run.
    let outcome = amend::consolidate(&sources, b, &[a], &Options::default());
    if let Err(diags) = &outcome {
        panic!("the generated amendments do not apply: {} diagnostics, first: {}", diags.len(), diags[0].message);
    }
    eprintln!("base: {} bytes", base.len());

    let mut group = c.benchmark_group("consolidate");
    group.sample_size(10);
    group.bench_function("1 MB, 1000 instructions", |bench| {
        bench.iter(|| amend::consolidate(black_box(&sources), b, &[a], &Options::default()))
    });
    group.bench_function("parse 1 MB base", |bench| {
        bench.iter(|| amend::document::Document::parse(0, black_box(&base)))
    });
    // A long misquote in a section of 100 paragraphs (about 10 KB): the error looks for the
    // nearest text, which costs the square of the quote's length per window compared.
    let mut misquote = "Section 7) DELETE “".to_string();
    for p in 1..=4 {
        let _ = write!(misquote, "The members of branch s7p{p} meet in the hal and elect a comittee. ");
    }
    misquote.push_str("”.\n");
    let m = sources.add("misquote.amend", misquote);
    assert!(amend::consolidate(&sources, b, &[m], &Options::default()).is_err());
    group.bench_function("long misquote, nearest text in a section", |bench| {
        bench.iter(|| amend::consolidate(black_box(&sources), b, &[m], &Options::default()))
    });
    group.bench_function("classify the lines of a 1 MB base", |bench| {
        bench.iter(|| amend::document::classify_lines(black_box(&base)))
    });
    group.finish();
    generated(c);
}

/// The inputs of `gen.py` (see /work/shared/bench/README.md), when `AMEND_BENCHGEN` names the
/// folder it wrote: parsing and classifying the 10 MB constitution, and applying 10,000
/// instructions to it.
fn generated(c: &mut Criterion) {
    let Some(dir) = std::env::var_os("AMEND_BENCHGEN").map(std::path::PathBuf::from) else {
        eprintln!("AMEND_BENCHGEN is not set: the generated 10 MB cases are skipped");
        return;
    };
    let read = |p: &str| std::fs::read_to_string(dir.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
    let before = read("10M/before.md");
    let mut sources = Sources::new();
    let b = sources.add("before.md", before.clone());
    let a = sources.add("amendments.txt", read("10M/n10000/amendments.txt"));
    let mut group = c.benchmark_group("generated 10 MB");
    group.sample_size(10);
    group.bench_function("classify lines", |bench| bench.iter(|| amend::document::classify_lines(black_box(&before))));
    group.bench_function("parse", |bench| bench.iter(|| amend::document::Document::parse(0, black_box(&before))));
    group.bench_function("apply 10,000 instructions", |bench| {
        bench.iter(|| amend::consolidate(black_box(&sources), b, &[a], &Options::default()))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
