//! How long a 50-version history of a 1 MB rulebook takes to replay and to build (every file of
//! `amend build`: texts, annotated texts, redlines in three formats, index), without the writing.
//!
//! The rulebook is generated: 100 sections of 100 numbered paragraphs (about 1 MB), some with
//! cross-references. Each version carries 20 word replacements, removes a paragraph (which
//! renumbers the rest of its section, and a reference to it) and adds one.
//!
//! `AMEND_BENCH_WRITE=DIR cargo bench --bench history` also writes the history to DIR, to time
//! `amend build DIR/constitution.yaml` end to end and measure its peak memory
//! (`benches/speed.sh` does both).

use amend::history::{self, Loaded, site};
use amend::manifest::{self, Manifest};
use amend::source::Sources;
use criterion::{Criterion, criterion_group, criterion_main};
use std::collections::HashMap;
use std::fmt::Write;
use std::hint::black_box;

const SECTIONS: usize = 100;
const PARAS: usize = 100;
const VERSIONS: usize = 50;

fn base() -> String {
    let mut s = String::from("Model Rulebook\n\n");
    for sec in 1..=SECTIONS {
        let _ = writeln!(s, "{sec}) Section heading number {sec}\n");
        for p in 1..=PARAS {
            let reference = if p == 10 { format!(" Appeals are heard as set out in {sec}.96.") } else { String::new() };
            let _ = writeln!(
                s,
                "{sec}.{p} The members of branch tok{sec}x{p}g0 meet and elect a committee, which reports \
                 to every general meeting.{reference}\n"
            );
        }
    }
    s
}

/// The amendment sheets of every version, and the manifest naming them.
fn history() -> (String, Vec<Vec<(String, String)>>) {
    let mut generation: HashMap<(usize, usize), usize> = HashMap::new();
    let mut manifest = String::from("title: Model Rulebook\nbase: base.txt\nversions:\n");
    let mut sheets = Vec::new();
    for v in 1..=VERSIONS {
        let mut words = String::from("Word changes\n\n");
        for i in 0..20 {
            // Paragraphs 1–90 keep their numbers: removals and additions are after them.
            let (sec, p) = ((v * 7 + i * 13) % SECTIONS + 1, (v * 11 + i * 3) % 90 + 1);
            let g = generation.entry((sec, p)).or_insert(0);
            let _ = writeln!(words, "Para {sec}.{p}: DELETE “tok{sec}x{p}g{g}”; INSERT “tok{sec}x{p}g{}”.", *g + 1);
            *g += 1;
        }
        // A different section each time, so that the numbers named are those of the base.
        let removal = format!("Removal\n\nPara {v}.95 – DELETE ALL.\n");
        let addition =
            format!("Addition\n\nPara {}.91 – NO CHANGE.\nINSERT “A new paragraph of version {v}.”\n", 50 + v);
        let _ = write!(
            manifest,
            "  - name: v{v}\n    date: {}-{:02}-01\n    amendments:\n      - {{file: v{v}/words.amend, title: Words, status: carried}}\n      - {{file: v{v}/removal.amend, title: Removal, status: carried}}\n      - {{file: v{v}/addition.amend, title: Addition, status: carried}}\n",
            2000 + v / 12,
            v % 12 + 1
        );
        sheets.push(vec![
            (format!("v{v}/words.amend"), words),
            (format!("v{v}/removal.amend"), removal),
            (format!("v{v}/addition.amend"), addition),
        ]);
    }
    (manifest, sheets)
}

fn load(manifest: &Manifest, base: &str, sheets: &[Vec<(String, String)>]) -> (Sources, Loaded) {
    let mut sources = Sources::new();
    let b = sources.add("base.txt", base);
    let ids = sheets
        .iter()
        .map(|v| v.iter().map(|(name, text)| Some(sources.add(name.clone(), text.clone()))).collect())
        .collect();
    let _ = manifest;
    (sources, Loaded { base: b, sheets: ids })
}

fn bench(c: &mut Criterion) {
    let base = base();
    let (manifest_text, sheets) = history();
    let manifest = manifest::parse(&manifest_text).expect("the generated manifest is valid");
    if let Ok(dir) = std::env::var("AMEND_BENCH_WRITE") {
        let dir = std::path::Path::new(&dir);
        std::fs::create_dir_all(dir).unwrap();
        std::fs::write(dir.join("base.txt"), &base).unwrap();
        std::fs::write(dir.join("constitution.yaml"), &manifest_text).unwrap();
        for (name, text) in sheets.iter().flatten() {
            let path = dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }
    // Make sure the benchmark measures a history that builds, with references moved.
    {
        let (mut sources, loaded) = load(&manifest, &base, &sheets);
        let h = history::replay(&mut sources, &manifest, &loaded, &history::Options::default());
        if let Some(f) = &h.failure {
            panic!("version {} does not build: {}", f.version, f.diagnostics[0].message);
        }
        assert_eq!(h.versions.len(), VERSIONS);
        // The removal renumbers 96 of its section, the addition 96 of another; both are referred to.
        assert!(h.versions.iter().all(|b| b.moved.len() == 2), "each version moves two references");
        eprintln!("base: {} bytes; {} versions", base.len(), h.versions.len());
    }
    let mut group = c.benchmark_group("history");
    group.sample_size(10);
    group.bench_function("replay 50 versions of 1 MB", |b| {
        b.iter(|| {
            let (mut sources, loaded) = load(&manifest, &base, &sheets);
            let h = history::replay(&mut sources, &manifest, &loaded, &history::Options::default());
            black_box(h.versions.len())
        })
    });
    group.bench_function("build 50 versions of 1 MB (replay and every file)", |b| {
        b.iter(|| {
            let (mut sources, loaded) = load(&manifest, &base, &sheets);
            // As `amend build` does: each version's files made as soon as it is built, and the
            // version dropped before the next one is built.
            let mut bytes = 0;
            let made: Result<_, ()> = site::stream(
                &mut sources,
                &manifest,
                &loaded,
                &history::Options::default(),
                &site::SiteOptions::default(),
                |f| {
                    bytes += f.bytes.len();
                    Ok(())
                },
            );
            black_box((made.map(|m| m.versions), bytes))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
