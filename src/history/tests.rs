//! The example history in `fixtures/history/`, replayed: texts, lineage, references, blame,
//! agenda and verification, against expectations written from the fixture texts.

use super::agenda::{self, Assume};
use super::verify::{self, Verdict};
use super::*;
use crate::manifest;
use crate::redline::diff::DiffOptions;
use crate::resolve::Edit;

const MANIFEST: &str = include_str!("../../fixtures/history/constitution.yaml");

fn fixture(path: &str) -> String {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/history/");
    std::fs::read_to_string(format!("{root}{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn load(manifest: &Manifest) -> (Sources, Loaded) {
    let mut sources = Sources::new();
    let base = sources.add(manifest.base.clone(), fixture(&manifest.base));
    let sheets = manifest
        .versions
        .iter()
        .map(|v| v.amendments.iter().map(|e| e.file.as_ref().map(|f| sources.add(f.clone(), fixture(f)))).collect())
        .collect();
    (sources, Loaded { base, sheets })
}

fn with<R>(fix: bool, f: impl FnOnce(&Sources, &History<'_>) -> R) -> R {
    let manifest = manifest::parse(MANIFEST).unwrap();
    let (mut sources, loaded) = load(&manifest);
    let options = Options { fix_references: fix, ..Options::default() };
    let history = replay(&mut sources, &manifest, &loaded, &options);
    f(&sources, &history)
}

#[test]
fn every_version_is_built_from_the_one_before() {
    with(false, |_, h| {
        assert!(h.failure.is_none(), "{:?}", h.failure);
        let texts: Vec<&str> = h.versions.iter().map(|b| b.document.text()).collect();
        assert_eq!(texts.len(), 4);
        assert_eq!(texts[0], fixture("base.txt"));
        assert_eq!(texts[1], fixture("expected/2020.txt"));
        assert_eq!(texts[2], fixture("expected/2021.txt"));
        // 2022's amendments are all pending: its text is 2021's.
        assert_eq!(texts[3], texts[2]);
        assert!(h.versions[3].step.is_none());
    });
}

fn labels(b: &Built, changed: impl Fn(&[Change]) -> bool) -> Vec<String> {
    b.document
        .units()
        .filter(|(id, _)| changed(&b.changes[id.0 as usize]))
        .map(|(id, _)| b.document.describe(id))
        .collect()
}

#[test]
fn units_keep_their_history_through_renumbering() {
    with(false, |_, h| {
        let v2021 = &h.versions[2];
        let para = |n: &str| v2021.document.with_number(n)[0];
        // 2.8 was 2.7 in 2020 (renumbered by the new 2.7) and amended by the LPM amendment.
        assert_eq!(
            v2021.changes[para("2.8").0 as usize],
            [
                Change { version: 1, cause: Cause::Amendment(0), kind: ChangeKind::Amended },
                Change { version: 2, cause: Cause::Amendment(2), kind: ChangeKind::Renumbered { from: "2.7".into() } },
            ]
        );
        assert_eq!(
            v2021.changes[para("2.7").0 as usize],
            [Change { version: 2, cause: Cause::Amendment(2), kind: ChangeKind::Inserted }]
        );
        // 4.4 (Motions may be submitted…) was 4.3 until the LPM amendment inserted a new 4.3.
        assert_eq!(
            v2021.changes[para("4.4").0 as usize],
            [Change { version: 1, cause: Cause::Amendment(0), kind: ChangeKind::Renumbered { from: "4.3".into() } }]
        );
        // Untouched since the base.
        assert!(v2021.changes[para("1.1").0 as usize].is_empty());
        assert!(v2021.changes[para("2.5").0 as usize].is_empty());
        let in_2021 = labels(v2021, |c| {
            c.iter().any(|c| c.version == 2 && c.kind != ChangeKind::Renumbered { from: "2.7".into() })
        });
        assert_eq!(in_2021, ["Para 2.4", "Para 2.7", "Para 3.3"]);
    });
}

#[test]
fn references_to_renumbered_and_removed_units_are_found() {
    with(false, |_, h| {
        let v2020 = &h.versions[1];
        let found: Vec<(String, Fate)> =
            v2020.moved.iter().map(|m| (v2020.document.slice(m.reference.span).to_string(), m.fate.clone())).collect();
        assert_eq!(
            found,
            [
                ("the Appendix".to_string(), Fate::Removed { by: Some(Cause::Amendment(0)) }),
                ("under 4.3".to_string(), Fate::Renumbered { to: "4.4".into(), fixed: false }),
            ]
        );
        assert_eq!(v2020.moved[1].target, "Para 4.3 (“Motions may be submitted by local groups…”)");
        let codes: Vec<&str> = v2020
            .warnings
            .iter()
            .filter(|d| matches!(d.code, Code::ReferenceRenumbered | Code::ReferenceRemoved))
            .map(|d| d.code.as_str())
            .collect();
        assert_eq!(codes, ["W0115", "W0114"]);
        // Later versions renumber nothing the text refers to.
        assert!(h.versions[2].moved.is_empty());
    });
}

#[test]
fn fixing_references_is_a_change_of_its_own() {
    let unfixed = fixture("expected/2020.txt");
    with(true, |sources, h| {
        let v2020 = &h.versions[1];
        let want = unfixed.replace("Motions submitted under 4.3", "Motions submitted under 4.4");
        assert_eq!(v2020.document.text(), want);
        let step = v2020.step.as_ref().unwrap();
        assert_eq!(step.causes, [Cause::Amendment(0), Cause::References]);
        let fixes: Vec<&Edit> = step.outcome.edits.iter().filter(|e| e.origin.amendment == 1).collect();
        assert_eq!(fixes.len(), 1);
        assert_eq!(&step.outcome.document.text()[fixes[0].range.range()], "4.3");
        assert_eq!(
            sources.get(fixes[0].origin.file).text[fixes[0].origin.span.range()],
            *"DELETE “under 4.3”; INSERT “under 4.4”"
        );
        // The sheet, applied to the text without the fix, gives the fixed text.
        let mut s = Sources::new();
        let b = s.add("2020.txt", unfixed.clone());
        let a = s.add("references.amend", sources.text(fixes[0].origin.file).to_string());
        assert_eq!(crate::consolidate(&s, b, &[a], &Default::default()).unwrap().text, want);
        // Fixed, the reference no longer warns; the removed Appendix still does.
        assert_eq!(v2020.warnings.iter().filter(|d| d.code == Code::ReferenceRenumbered).count(), 0);
        assert_eq!(v2020.warnings.iter().filter(|d| d.code == Code::ReferenceRemoved).count(), 1);
        assert_eq!(v2020.document.slice(v2020.moved[1].reference.span), "under 4.4");
        // The later versions build on the fixed text.
        assert!(h.versions[2].document.text().contains("Motions submitted under 4.4"));
        let blame = blame::blame(h, &h.versions[2]);
        let p45 = blame.units.iter().find(|l| l.unit.label.as_deref() == Some("4.5")).unwrap();
        assert_eq!(p45.by.as_ref().unwrap().amendment, "references updated to the new numbering");
    });
}

#[test]
fn the_agenda_previews_the_pending_amendments_and_lists_the_collision() {
    with(false, |sources, h| {
        let a = agenda::agenda(sources, h, Assume::Carried).unwrap();
        assert_eq!(a.version, 3);
        assert_eq!(a.outcome.text, fixture("expected/agenda-2022.txt"));
        let pairs: Vec<(usize, usize, Option<&str>)> =
            a.collisions.iter().map(|c| (c.first, c.second, c.unit.as_deref())).collect();
        assert_eq!(pairs, [(1, 2, Some("Para 4.3"))]);
        assert_eq!(a.collisions[0].text, "paid-up members in each group or branch");
        let fates: Vec<&agenda::Fate> = a.considered.iter().map(|(_, f)| f).collect();
        assert_eq!(
            fates,
            [
                &agenda::Fate::Applied,
                &agenda::Fate::Applied,
                &agenda::Fate::LeftOut { collides_with: 1 },
                &agenda::Fate::Applied
            ]
        );
        // Removing 4.2 renumbers 4.3, which 4.5 refers to.
        let moved: Vec<&Fate> = a.moved.iter().map(|m| &m.fate).collect();
        assert_eq!(moved, [&Fate::Renumbered { to: "4.2".into(), fixed: false }]);
    });
}

/// Building the site version by version, each version dropped once written, gives the files
/// of the site made from the whole history, byte for byte and in the same order.
#[test]
fn a_site_streamed_version_by_version_is_the_site_of_the_whole_history() {
    let manifest = manifest::parse(MANIFEST).unwrap();
    let site_options =
        site::SiteOptions { extension: "txt".into(), manifest: "constitution.yaml".into(), ..Default::default() };
    for fix_references in [false, true] {
        let options = Options { fix_references, ..Options::default() };
        let (mut sources, loaded) = load(&manifest);
        let history = replay(&mut sources, &manifest, &loaded, &options);
        let agenda = agenda::agenda(&sources, &history, Assume::Carried).unwrap();
        let mut whole = Vec::new();
        let made: Result<(), ()> = site::emit(&sources, &history, Some(&agenda), &site_options, |f| {
            whole.push(f);
            Ok(())
        });
        made.unwrap();

        let (mut sources, loaded) = load(&manifest);
        let mut streamed = Vec::new();
        let made: Result<_, ()> = site::stream(&mut sources, &manifest, &loaded, &options, &site_options, |f| {
            streamed.push(f);
            Ok(())
        });
        let made = made.unwrap();
        assert!(made.history.failure.is_none() && made.agenda_error.is_none());
        assert!(made.history.versions.is_empty(), "no version is kept");
        assert_eq!(made.versions, 4);
        assert!(
            whole.iter().any(|f| f.path == "2022/agenda.html"),
            "{:?}",
            whole.iter().map(|f| &f.path).collect::<Vec<_>>()
        );
        let paths = |files: &[site::File]| files.iter().map(|f| f.path.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&streamed), paths(&whole));
        for (s, w) in streamed.iter().zip(&whole) {
            assert!(
                s == w,
                "{} differs:\n{}\n---\n{}",
                s.path,
                String::from_utf8_lossy(&s.bytes),
                String::from_utf8_lossy(&w.bytes)
            );
        }
    }
}

#[test]
fn a_streamed_site_stops_at_the_first_file_that_cannot_be_written() {
    // The files are made on another thread than the replay: a failure there must stop both and
    // come back as the error, with no file handed over after it.
    let manifest = manifest::parse(MANIFEST).unwrap();
    let site_options =
        site::SiteOptions { extension: "txt".into(), manifest: "constitution.yaml".into(), ..Default::default() };
    let (mut sources, loaded) = load(&manifest);
    let mut handed = Vec::new();
    let made = site::stream(&mut sources, &manifest, &loaded, &Options::default(), &site_options, |f| {
        if f.path.starts_with("2021/") {
            return Err(format!("cannot write {}", f.path));
        }
        handed.push(f.path);
        Ok(())
    });
    let error = made.expect_err("a file could not be written");
    assert!(error.starts_with("cannot write 2021/"), "{error}");
    assert!(!handed.is_empty() && handed.iter().all(|p| !p.starts_with("2021/")), "{handed:?}");
    assert!(!handed.iter().any(|p| p.starts_with("2022/") || p.starts_with("index")), "{handed:?}");
}

#[test]
fn verify_accepts_the_published_text_and_traces_drift() {
    with(false, |_, h| {
        let options = DiffOptions::default();
        let matching = fixture("published/matching.txt");
        assert!(matches!(verify::verify(h, 3, &matching, &options), Some(Verdict::Identical)));
        let rewrapped = matching.replace("2.4 Individual members", "2.4  Individual\nmembers");
        assert!(matches!(verify::verify(h, 3, &rewrapped, &options), Some(Verdict::Whitespace)));
        let saved_by_word = format!("\u{FEFF}{}", matching.replace('\n', "\r\n"));
        assert!(matches!(verify::verify(h, 3, &saved_by_word, &options), Some(Verdict::Whitespace)));

        let Some(Verdict::Drift(d)) = verify::verify(h, 3, &fixture("published/drifted.txt"), &options) else {
            panic!("drift expected");
        };
        assert_eq!(d.first, 1, "the 2020 amendment to 4.1 was only half applied");
        assert_eq!(d.same_as, None);
        let units: Vec<(&str, Option<usize>, Vec<usize>)> = d
            .units
            .iter()
            .map(|u| (u.name.as_str(), u.reads_as, u.missing.iter().map(|c| c.version).collect()))
            .collect();
        assert_eq!(units, [("Para 2.4", Some(1), vec![2]), ("Para 4.1", None, vec![])]);
        assert_eq!(d.units[1].last.as_ref().map(|c| (c.version, c.cause)), Some((1, Cause::Amendment(0))));

        // The 2020 text filed as if current: everything since is missing.
        let Some(Verdict::Drift(d)) = verify::verify(h, 3, &fixture("expected/2020.txt"), &options) else {
            panic!("drift expected");
        };
        assert_eq!(d.same_as, Some(1));
        assert_eq!(d.first, 2);
    });
}

#[test]
fn a_carried_amendment_that_no_longer_applies_stops_the_replay() {
    let text = MANIFEST.replace("2021/officers.amend", "2021/fees.amend");
    let manifest = manifest::parse(&text).unwrap();
    let (mut sources, loaded) = load(&manifest);
    let history = replay(&mut sources, &manifest, &loaded, &Options::default());
    assert_eq!(history.versions.len(), 2);
    let failure = history.failure.expect("a failure");
    assert_eq!(failure.version, 2);
    assert!(failure.diagnostics.iter().any(|d| d.code == Code::Conflict));
    assert!(failure.diagnostics[0].notes.iter().any(|n| n.contains("to version 2020")), "{:?}", failure.diagnostics[0]);
}

/// Replays a history held in memory: a manifest and its files by name.
fn with_texts<R>(manifest: &str, files: &[(&str, &str)], fix: bool, f: impl FnOnce(&Sources, &History<'_>) -> R) -> R {
    let manifest = manifest::parse(manifest).unwrap();
    let mut sources = Sources::new();
    let text = |name: &str| files.iter().find(|(n, _)| *n == name).map(|(_, t)| t.to_string()).unwrap();
    let base = sources.add(manifest.base.clone(), text(&manifest.base));
    let sheets = manifest
        .versions
        .iter()
        .map(|v| v.amendments.iter().map(|e| e.file.as_ref().map(|n| sources.add(n.clone(), text(n)))).collect())
        .collect();
    let options = Options { fix_references: fix, ..Options::default() };
    let history = replay(&mut sources, &manifest, &Loaded { base, sheets }, &options);
    assert!(history.failure.is_none(), "{:?}", history.failure);
    f(&sources, &history)
}

const SMALL: &str = "base: base.txt\nversions:\n  - name: v1\n    date: 2024\n    amendments:\n      - {file: a.amend, title: Remove 1.2, status: carried}\n";
const SMALL_BASE: &str = "\
1.1 One.

1.2 Two.

1.3 Three.

1.4 Appeals go as set out in 1.3; costs as set out in 1.3. The quorum is in clause 1.3.

1.5 Five: under 1.3 as well.
";

#[test]
fn the_reference_sheet_counts_repeated_phrases_and_applies_to_the_version() {
    let unfixed = SMALL_BASE
        .replace("\n\n1.2 Two.", "")
        .replace("1.3 Three", "1.2 Three")
        .replace("1.4 Appeals", "1.3 Appeals")
        .replace("1.5 Five", "1.4 Five");
    with_texts(SMALL, &[("base.txt", SMALL_BASE), ("a.amend", "Para 1.2 – DELETE ALL.\n")], false, |_, h| {
        let v1 = &h.versions[0];
        assert_eq!(v1.document.text(), unfixed);
        assert_eq!(v1.moved.len(), 4);
        let sheet = fix_sheet(h.manifest, 0, &v1.document, &v1.moved);
        assert_eq!(
            sheet.text,
            "References updated to the numbering of version v1 (a clerical amendment, written by amend)\n\n\
             Para 1.3: DELETE “set out in 1.3”; INSERT “set out in 1.2” – TWICE.\n\
             DELETE “clause 1.3”; INSERT “clause 1.2”.\n\n\
             Para 1.4: DELETE “under 1.3”; INSERT “under 1.2”.\n"
        );
        assert_eq!(sheet.fixes.len(), 4);
        let mut s = Sources::new();
        let b = s.add("v1.txt", unfixed.clone());
        let a = s.add("references.amend", sheet.text.clone());
        let applied = crate::consolidate(&s, b, &[a], &Default::default()).unwrap().text;
        assert_eq!(
            applied,
            unfixed.replace("in 1.3", "in 1.2").replace("clause 1.3", "clause 1.2").replace("under 1.3", "under 1.2")
        );
    });
    with_texts(SMALL, &[("base.txt", SMALL_BASE), ("a.amend", "Para 1.2 – DELETE ALL.\n")], true, |_, h| {
        assert!(
            h.versions[0]
                .document
                .text()
                .contains("Appeals go as set out in 1.2; costs as set out in 1.2. The quorum is in clause 1.2.")
        );
        assert!(h.versions[0].moved.iter().all(|m| matches!(m.fate, Fate::Renumbered { fixed: true, .. })));
    });
}

#[test]
fn a_phrase_the_version_itself_writes_is_not_updated() {
    // The amendment writes “under 1.3” too (meaning the new 1.3); quoting the phrase would
    // change it as well, so that reference stays reported, not updated.
    let sheet = "Para 1.2 – DELETE ALL.\nPara 1.5: AFTER “Five:” INSERT “costs under 1.3,”.\n";
    with_texts(SMALL, &[("base.txt", SMALL_BASE), ("a.amend", sheet)], true, |_, h| {
        let v1 = &h.versions[0];
        assert!(v1.document.text().contains("1.4 Five: costs under 1.3, under 1.3 as well."), "{}", v1.document.text());
        let under = v1.moved.iter().find(|m| v1.document.slice(m.reference.span) == "under 1.3").unwrap();
        assert_eq!(under.fate, Fate::Renumbered { to: "1.2".into(), fixed: false });
        assert_eq!(v1.warnings.iter().filter(|d| d.code == Code::ReferenceRenumbered).count(), 1);
        // The others were updated.
        assert!(v1.document.text().contains("clause 1.2"));
    });
}

#[test]
fn a_version_s_word_files_are_the_same_made_on_the_word_form_carried_from_the_version_before() {
    with(false, |sources, h| {
        let v = &h.versions[2];
        assert!(v.step.is_some());
        let fresh = site::word(sources, h, v, site::WordKind::Edit, None).unwrap();
        // The Word form of 2020's text, carried over, is what 2021's redline is made on.
        let (_, before) = site::word(sources, h, &h.versions[1], site::WordKind::Edit, None).unwrap();
        let carried = site::word(sources, h, v, site::WordKind::Edit, Some(before)).unwrap();
        // One of some other text (the base's) is not.
        let (_, other) = site::word(sources, h, &h.versions[0], site::WordKind::Edit, None).unwrap();
        let mismatched = site::word(sources, h, v, site::WordKind::Edit, Some(other)).unwrap();
        let bytes = |files: &[site::File]| files.iter().map(|f| (f.path.clone(), f.bytes.clone())).collect::<Vec<_>>();
        assert_eq!(fresh.0.len(), 2, "text and redline");
        assert_eq!(bytes(&carried.0), bytes(&fresh.0));
        assert_eq!(bytes(&mismatched.0), bytes(&fresh.0));
        assert_eq!(carried.1.text(), v.document.text());
    });
}
