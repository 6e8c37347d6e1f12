//! `amend diff` speed: two 1 MB texts and two 10 MB texts that differ as a revised rulebook does
//! (a tenth of the paragraphs amended), and two unrelated 1 MB texts, where the time budget
//! must stop the word-level search.
//!
//! `AMEND_BENCH_CORPUS=DIR cargo bench --bench diff` only writes the text pairs into DIR (for
//! `benches/diff-vs-wdiff.sh`) and exits.

#[path = "support/corpus.rs"]
mod corpus;

use amend::redline::diff::{DiffOptions, diff};
use criterion::{Criterion, criterion_group};
use std::hint::black_box;
use std::time::Duration;

const MB: usize = 1 << 20;

fn pair(bytes: usize) -> (String, String) {
    let old = corpus::document(bytes, 42);
    let new = corpus::revise(&old, 0.1, 43);
    (old, new)
}

fn benches(c: &mut Criterion) {
    let options = DiffOptions::default();
    let mut g = c.benchmark_group("diff");
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(10));

    let (old, new) = pair(MB);
    g.bench_function("1MB revised", |b| b.iter(|| diff(black_box(&old), black_box(&new), &options)));

    let other = corpus::document(MB, 99);
    g.bench_function("1MB unrelated", |b| b.iter(|| diff(black_box(&old), black_box(&other), &options)));

    let (old, new) = pair(10 * MB);
    g.bench_function("10MB revised", |b| b.iter(|| diff(black_box(&old), black_box(&new), &options)));
    g.finish();
}

criterion_group!(group, benches);

fn main() {
    if let Some(dir) = std::env::var_os("AMEND_BENCH_CORPUS") {
        let dir = std::path::PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("corpus folder");
        for (name, bytes) in [("1mb", MB), ("10mb", 10 * MB)] {
            let (old, new) = pair(bytes);
            std::fs::write(dir.join(format!("{name}-old.txt")), &old).unwrap();
            std::fs::write(dir.join(format!("{name}-new.txt")), &new).unwrap();
        }
        std::fs::write(dir.join("1mb-unrelated.txt"), corpus::document(MB, 99)).unwrap();
        return;
    }
    group();
    Criterion::default().configure_from_args().final_summary();
}
