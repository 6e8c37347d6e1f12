//! The versioned constitution end to end: `build`, `log`, `show`, `diff`, `blame`, `agenda`,
//! `check`, `verify` and `derive` on the example history in `fixtures/history/`. Expected texts
//! are the hand-written files in `fixtures/history/expected/`.
// See: issue 4 (a versioned constitution), issue 8 item 2 (derive between versions).

mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use support::run::{amend_in, code, stderr, stdout};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/history").join(path)
}

fn read(path: &str) -> String {
    std::fs::read_to_string(fixture(path)).unwrap()
}

fn amend(args: &[&str]) -> Output {
    amend_in(&fixture(""), args)
}

/// A copy of the example history in a temporary folder, to break or build into.
fn copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(""), dir.path());
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Every file under `dir` with its contents, sorted.
fn files(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                out.push((p.strip_prefix(root).unwrap().display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn names(dir: &Path) -> Vec<String> {
    files(dir).into_iter().map(|(n, _)| n).collect()
}

#[test]
fn r4_log_lists_versions_and_amendments() {
    let o = amend(&["log"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("Labour Left Alliance – Constitution\nBase text: base.txt\n\n2019  2019-11-30  Founding conference\n      no amendments\n"), "{out}");
    assert!(out.contains("\n2020  2020-08-22  LLA Conference, 22–23 August 2020\n      carried    Labour Party Marxists amendment — Labour Party Marxists (2020/lpm.amend)\n"), "{out}");
    assert!(out.contains("      withdrawn  Affiliates' delegates — Sheffield LLA\n"), "{out}");
    assert!(out.contains("      remitted   Online voting — Hastings LLA\n"), "{out}");
    assert!(out.ends_with("      pending    Funding — Sheffield LLA (2022/funding.amend)\n"), "{out}");
    let json: serde_json::Value = serde_json::from_str(&stdout(&amend(&["log", "--format", "json"]))).unwrap();
    assert_eq!(json["versions"][1]["amendments"][1]["status"], "lost");
    assert_eq!(json["versions"][3]["date"], "2022-10-01");
}

#[test]
fn r4_build_writes_every_version_and_is_reproducible() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    // Without PDFs, which LibreOffice (where it is installed) dates.
    for out in [&a, &b] {
        let o = amend(&["build", "--no-pdf", "--out", out.to_str().unwrap()]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
    }
    assert_eq!(files(&a), files(&b), "two builds differ");
    let want = [
        ".amend-build",
        "2019/annotated.txt",
        "2019/text.docx",
        "2019/text.txt",
        "2020/amendments/1-lpm.amend",
        "2020/amendments/2-brighton.amend",
        "2020/annotated.txt",
        "2020/redline.docx",
        "2020/redline.html",
        "2020/redline.md",
        "2020/redline.txt",
        "2020/references.amend",
        "2020/references.txt",
        "2020/text.docx",
        "2020/text.txt",
        "2021/amendments/1-officers.amend",
        "2021/amendments/2-fees.amend",
        "2021/amendments/3-regions.amend",
        "2021/amendments/4-abolish_cac.amend",
        "2021/annotated.txt",
        "2021/redline.docx",
        "2021/redline.html",
        "2021/redline.md",
        "2021/redline.txt",
        "2021/text.docx",
        "2021/text.txt",
        "2022/agenda.html",
        "2022/agenda.txt",
        "2022/amendments/1-online.amend",
        "2022/amendments/2-delegates.amend",
        "2022/amendments/3-good_standing.amend",
        "2022/amendments/4-funding.amend",
        "2022/annotated.txt",
        "2022/text.docx",
        "2022/text.txt",
        "index.html",
        "index.md",
    ];
    assert_eq!(names(&a), want);
    let text = |p: &str| std::fs::read_to_string(a.join(p)).unwrap();
    assert_eq!(text("2019/text.txt"), read("base.txt"));
    assert_eq!(text("2020/text.txt"), read("expected/2020.txt"));
    assert_eq!(text("2021/text.txt"), read("expected/2021.txt"));
    assert_eq!(text("2022/text.txt"), read("expected/2021.txt"));
    assert_eq!(text("2021/amendments/2-fees.amend"), read("2021/fees.amend"));
    // The 2021 redline: three amendments, four changes (one of them the renumbering of 2.7).
    let redline = text("2021/redline.txt");
    assert!(redline.starts_with("Redline: Labour Left Alliance – Constitution: version 2021 (2021-09-18, LLA Conference, 18 September 2021), the changes to version 2020\nAmendments: 1. Recalling Officers (2021/officers.amend); 2. Membership fees (2021/fees.amend); 3. Regional committees (2021/regions.amend)\nLegend: [-deleted text-] {+inserted text+}. 4 changes.\n"), "{redline}");
    assert!(redline.contains("3.3 The SC elects its own Officers. The SC can recall or replace Officers [-at any time-]{+by a two-thirds majority of the SC.+}"), "{redline}");
    assert!(redline.contains("2.6 Local groups and affiliates are free to campaign on any issue consistent with our aims.{+\n\n2.7 Local groups in a region may form a regional committee.+}\n\n[-2.7-]{+2.8+} The LLA"), "{redline}");
    let html = text("2021/redline.html");
    assert!(
        html.contains("Amendment 2: 2021/fees.amend (Membership fees)"),
        "the header names each amendment by its title"
    );
    let index = text("index.html");
    for link in ["2020/redline.html", "2021/text.txt", "2022/agenda.txt", "2020/amendments/1-lpm.amend"] {
        assert!(index.contains(&format!("href=\"{link}\"")), "index links {link}");
    }
    assert!(index.contains("<td>Affiliates&#39; delegates</td>") || index.contains("<td>Affiliates' delegates</td>"));
    // The agenda page: the collision and the preview.
    let agenda = text("2022/agenda.txt");
    assert!(
        agenda.contains(
            "  2 Delegate ratio × 3 Members in good standing — Para 4.3: “paid-up members in each group or branch”\n"
        ),
        "{agenda}"
    );
    assert!(agenda.ends_with(&read("expected/agenda-2022.txt")));
}

#[test]
fn r4_build_replaces_a_previous_build_whole() {
    let dir = copy();
    let out = dir.path().join("site");
    assert_eq!(code(&amend_in(dir.path(), &["build", "--out", "site"])), 0);
    std::fs::write(out.join("stale.txt"), "from an older build").unwrap();
    assert_eq!(code(&amend_in(dir.path(), &["build", "--out", "site"])), 0);
    assert!(!out.join("stale.txt").exists(), "a rebuild leaves nothing of the old build behind");
    assert!(out.join("2021/text.txt").exists());
    // No temporary folders are left beside it.
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".amend"))
        .collect();
    assert_eq!(left, Vec::<String>::new());
    // The default output folder is `build` beside the manifest.
    assert_eq!(code(&amend_in(dir.path(), &["build"])), 0);
    assert!(dir.path().join("build/index.html").exists());
}

#[test]
fn r4_a_failed_build_leaves_the_previous_output_untouched() {
    let dir = copy();
    let out = dir.path().join("site");
    assert_eq!(code(&amend_in(dir.path(), &["build", "--out", "site"])), 0);
    let before = files(&out);
    let manifest = std::fs::read_to_string(dir.path().join("constitution.yaml")).unwrap();
    let cases: [(&str, String, i32, &str); 4] = [
        (
            "a bad status",
            manifest.replace("status: lost\n      - title: Affiliates'", "status: lsot\n      - title: Affiliates'"),
            2,
            "unknown variant `lsot`",
        ),
        (
            "an unknown key",
            manifest.replace("    event: Founding conference", "    evnet: Founding conference"),
            2,
            "unknown field `evnet`",
        ),
        ("a missing file", manifest.replace("2021/fees.amend", "2021/fess.amend"), 2, "names `2021/fess.amend`"),
        // Officers' sheet carried twice: the second copy no longer applies.
        (
            "an amendment that no longer applies",
            manifest.replace("file: 2021/fees.amend", "file: 2021/officers.amend"),
            1,
            "E0301",
        ),
    ];
    for (what, text, want, message) in cases {
        std::fs::write(dir.path().join("constitution.yaml"), &text).unwrap();
        let o = amend_in(dir.path(), &["build", "--out", "site"]);
        assert_eq!(code(&o), want, "{what}: {}", stderr(&o));
        assert!(stderr(&o).contains(message), "{what}: {}", stderr(&o));
        assert_eq!(files(&out), before, "{what}: the previous build changed");
    }
    // A manifest error names the key and points at its line.
    std::fs::write(
        dir.path().join("constitution.yaml"),
        manifest.replace("    event: Founding conference", "    evnet: Founding conference"),
    )
    .unwrap();
    let err = stderr(&amend_in(dir.path(), &["build", "--out", "site"]));
    assert!(err.contains("error[E0401]: the manifest is not valid: versions[0]: unknown field `evnet`"), "{err}");
    assert!(err.contains("constitution.yaml:9:5"), "{err}");
}

#[test]
fn r4_build_refuses_to_replace_a_folder_it_did_not_write() {
    let dir = copy();
    let mine = dir.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "keep me").unwrap();
    let o = amend_in(dir.path(), &["build", "--out", "mine"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("was not written by amend build; refusing to replace it"), "{}", stderr(&o));
    assert_eq!(names(&mine), ["notes.txt"]);
}

#[test]
fn r4_show_prints_a_version_and_annotates_it() {
    let o = amend(&["show", "2021"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), read("expected/2021.txt"));
    assert_eq!(stdout(&amend(&["show", "2019"])), read("base.txt"));
    let annotated = stdout(&amend(&["show", "2021", "--annotate"]));
    for block in [
        "2) Members and Affiliates\n[Amended 2020-08-22: Labour Party Marxists amendment]\n\n2.1",
        "1.1 The Labour Left Alliance (LLA) brings together socialists inside and outside the Labour Party to fight for a democratic, member-led party and for socialist policies.\n\n1.2",
        "2.4 Individual members are required to pay a membership fee set by Conference.\n[Amended 2020-08-22: Labour Party Marxists amendment]\n[Amended 2021-09-18: Membership fees]\n\n2.5 Affiliated organisations keep their own identity, structures and programme.\n\n2.6",
        "2.7 Local groups in a region may form a regional committee.\n[Inserted 2021-09-18: Regional committees]\n",
        "2.8 The LLA is funded by donations from LLA affiliates and members and by affiliation fees.\n[Amended 2020-08-22: Labour Party Marxists amendment]\n[Renumbered 2021-09-18 (formerly 2.7): Regional committees]\n",
        "4.3 Conference consists of either (a) individual LLA members, or (b) delegates from affiliated groups or branches in proportion to the number of paid-up members in each group or branch. The SC determines the ratio of delegates to members. National affiliates may send non-voting observers to conference.\n[Inserted 2020-08-22: Labour Party Marxists amendment]\n",
        "4.4 Motions may be submitted by local groups and affiliated organisations up to four weeks before conference.\n[Renumbered 2020-08-22 (formerly 4.3): Labour Party Marxists amendment]\n",
    ] {
        assert!(annotated.contains(block), "missing:\n{block}\n\nin:\n{annotated}");
    }
    // The Appendix the 2020 amendment deleted is recorded where it stood, at the end.
    let deleted = "\n[Appendix (Founding appeal) deleted 2020-08-22: Labour Party Marxists amendment]\n";
    assert!(annotated.ends_with(&format!("Conference.\n[Amended 2020-08-22: Labour Party Marxists amendment]\n[Renumbered 2020-08-22 (formerly 4.5): Labour Party Marxists amendment]\n{deleted}")), "{annotated}");
    // Without the notes, the annotated text is the text.
    let annotated = annotated.replace(deleted, "");
    let stripped: String = annotated.lines().filter(|l| !l.starts_with('[')).map(|l| format!("{l}\n")).collect();
    assert_eq!(stripped, read("expected/2021.txt"));
    let o = amend(&["show", "1999"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("there is no version `1999` in constitution.yaml; its versions are 2019, 2020, 2021, 2022")
    );
}

#[test]
fn r4_references_to_renumbered_and_removed_units_are_listed() {
    let o = amend(&["show", "2020", "--references"]);
    assert_eq!(
        stdout(&o),
        "Version 2020 renumbers or removes units that its text refers to:\n\
         \x20 Para 2.1 (line 11): “the Appendix” pointed to Appendix (Founding appeal); removed by “Labour Party Marxists amendment”\n\
         \x20 Para 4.5 (line 49): “under 4.3” pointed to Para 4.3 (“Motions may be submitted by local groups…”); it is now 4.4\n"
    );
    assert_eq!(
        stdout(&amend(&["show", "2021", "--references"])),
        "Version 2021 renumbers or removes no unit that its text refers to.\n"
    );
}

#[test]
fn r4_fix_references_is_a_visible_change_of_the_version() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("site");
    let o = amend(&["build", "--fix-references", "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let text = |p: &str| std::fs::read_to_string(out.join(p)).unwrap();
    let fixed = read("expected/2020.txt").replace("submitted under 4.3", "submitted under 4.4");
    assert_eq!(text("2020/text.txt"), fixed);
    assert_eq!(text("2021/text.txt"), read("expected/2021.txt").replace("submitted under 4.3", "submitted under 4.4"));
    let redline = text("2020/redline.txt");
    assert!(
        redline.contains(
            "Amendments: 1. Labour Party Marxists amendment (2020/lpm.amend); 2. references updated to the new numbering (version 2020: references)\n"
        ),
        "{redline}"
    );
    assert!(redline.contains("Motions submitted under [-4.3-]{+4.4+} are printed"), "{redline}");
    let html = text("2020/redline.html");
    assert!(
        html.contains(
            "Para 4.4: words replaced. <cite>Amendment 2, line 3</cite>: DELETE “under 4.3”; INSERT “under 4.4”"
        ),
        "the note names the reference update"
    );
    assert!(!out.join("2020/references.amend").exists(), "nothing left to update");
    // The same through the manifest.
    let copy = copy();
    let manifest = std::fs::read_to_string(copy.path().join("constitution.yaml")).unwrap();
    std::fs::write(
        copy.path().join("constitution.yaml"),
        manifest.replace("base: base.txt\n", "base: base.txt\nfix_references: true\n"),
    )
    .unwrap();
    assert_eq!(stdout(&amend_in(copy.path(), &["show", "2020"])), fixed);
}

#[test]
fn r4_diff_between_versions_and_between_files() {
    let o = amend(&["diff", "--from", "2020", "--to", "2021"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with(
            "Redline: version 2020 as amended by 2021/officers.amend, 2021/fees.amend, 2021/regions.amend\n"
        ),
        "{out}"
    );
    // As the amendment made it: its quote started with “a”.
    assert!(out.contains("to pay [-a regular donation at a rate recommended by the Steering Committee-]{+a membership fee set by Conference+}."), "{out}");
    // Versions further apart are compared as texts.
    let out = stdout(&amend(&["diff", "--from", "2019", "--to", "2021", "--manifest", "constitution.yaml"]));
    assert!(out.starts_with("Redline: changes from version 2019 to version 2021\n"), "{out}");
    // The two-file form is unchanged.
    let o = amend(&["diff", "expected/2020.txt", "expected/2021.txt"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).starts_with("Redline: changes from expected/2020.txt to expected/2021.txt\n"));
    assert_eq!(code(&amend(&["diff", "expected/2020.txt"])), 2);
}

#[test]
fn r4_blame_names_the_last_change_of_every_unit() {
    let o = amend(&["blame"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    // The current version: 2022 has decided nothing yet.
    assert!(out.starts_with("Blame: version 2021 (2021-09-18)\n"), "{out}");
    let row = |label: &str| {
        out.lines()
            .find(|l| l.contains(&format!("  Para {label} ")))
            .unwrap_or_default()
            .split_whitespace()
            .skip(3)
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(row("1.1"), "original");
    assert_eq!(row("2.4"), "2021 Membership fees");
    assert_eq!(row("2.7"), "2021 Regional committees (inserted)");
    assert_eq!(row("2.8"), "2020 Labour Party Marxists amendment; renumbered 2021 (was 2.7)");
    assert_eq!(row("4.4"), "original; renumbered 2020 (was 4.3)");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&amend(&["blame", "2021", "--format", "json"]))).unwrap();
    let unit =
        |label: &str| json["units"].as_array().unwrap().iter().find(|u| u["unit"]["label"] == label).unwrap().clone();
    assert_eq!(unit("2.4")["change"], "amended");
    assert_eq!(unit("2.4")["by"]["amendment"], "Membership fees");
    assert_eq!(unit("2.4")["by"]["file"], "2021/fees.amend");
    assert_eq!(unit("2.4")["by"]["mover"], "Leeds LLA");
    assert_eq!(unit("2.4")["history"].as_array().unwrap().len(), 2);
    assert_eq!(unit("1.1")["change"], "original");
    assert!(unit("1.1")["by"].is_null());
    assert_eq!(unit("2.7")["change"], "inserted");
    assert_eq!(unit("4.4")["renumbered"]["from"], "4.3");
    assert_eq!(unit("4.4")["renumbered"]["version"], "2020");
    // Blame of an older version knows only what happened until then.
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&amend(&["blame", "2019", "--format", "json"]))).unwrap();
    assert!(json["units"].as_array().unwrap().iter().all(|u| u["change"] == "original"));
}

#[test]
fn r4_agenda_previews_the_pending_amendments() {
    let o = amend(&["agenda"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let out = stdout(&o);
    let want_head = "\
Agenda: version 2022 (2022-10-01, LLA Conference, 1 October 2022)
Drafted against version 2021. The preview applies the amendments carried so far and every pending one (--assume carried).

Amendments:
   1  pending    Online conference         in the preview
   2  pending    Delegate ratio            in the preview
   3  pending    Members in good standing  left out: collides with 2 (Delegate ratio)
   4  pending    Funding                   in the preview

Still to be voted on: 1 Online conference, 2 Delegate ratio, 3 Members in good standing, 4 Funding.

Collisions (composite each pair, or take them in order: once one is carried, the other falls):
  2 Delegate ratio × 3 Members in good standing — Para 4.3: “paid-up members in each group or branch”

References to units the preview renumbers or removes:
  Para 4.4 (line 49): “under 4.3” pointed to Para 4.3 (“Conference consists of either (a) indivi…”); it is now 4.2

The text if the amendments in the preview are carried:

";
    assert_eq!(out, format!("{want_head}{}", read("expected/agenda-2022.txt")));
    // --assume all also takes amendments whatever their status; here all are pending anyway.
    assert_eq!(stdout(&amend(&["agenda", "--assume", "all"])).lines().count(), out.lines().count());
    let marked = stdout(&amend(&["agenda", "--redline"]));
    assert!(marked.contains("[-4.3-]{+4.2+} Conference consists"), "{marked}");
}

#[test]
fn r4_check_a_whole_history() {
    let o = amend(&["check", "constitution.yaml"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(err.ends_with("ok: 4 versions, 4 carried and 4 pending amendment(s) apply\n"), "{err}");
    assert!(err.contains("warning[W0114]: “under 4.3” pointed to Para 4.3"), "{err}");
    assert!(err.contains("warning[W0115]: “the Appendix” points to Appendix (Founding appeal)"), "{err}");
    assert_eq!(code(&amend(&["check", "constitution.yaml", "--strict"])), 1);
    // The two forms: a base and amendments, or a manifest alone.
    assert_eq!(code(&amend(&["check", "expected/2020.txt", "2021/fees.amend"])), 0);
    let o = amend(&["check", "base.txt"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("or a manifest (a .yaml file)"));

    // A pending amendment redrafted against the wrong text fails with the usual diagnostics.
    let dir = copy();
    std::fs::write(dir.path().join("2022/funding.amend"), "Para 2.8: DELETE “donations from signatories”.\n").unwrap();
    let o = amend_in(dir.path(), &["check", "constitution.yaml", "--format", "github"]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("::error file=2022/funding.amend,line=1,"), "{}", stdout(&o));
    // A carried amendment that no longer applies where it was carried.
    std::fs::write(dir.path().join("2021/officers.amend"), "Para 3.3: DELETE “at all times”; INSERT “by a vote”.\n")
        .unwrap();
    let o = amend_in(dir.path(), &["check", "constitution.yaml"]);
    assert_eq!(code(&o), 1);
    let err = stderr(&o);
    assert!(err.contains("error[E0101]: “at all times” is not in Para 3.3"), "{err}");
    assert!(err.contains("version 2021 applies its carried amendments together to version 2020"), "{err}");
    assert!(err.ends_with("error: version 2021 does not build; the 1 version(s) after it were not checked\n"), "{err}");
}

#[test]
fn r4_verify_a_published_text() {
    let o = amend(&["verify", "--published", "published/matching.txt"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert_eq!(stdout(&o), "published/matching.txt is identical to version 2021 as rebuilt from the manifest.\n");

    let o = amend(&["verify", "constitution.yaml", "--published", "published/drifted.txt"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let out = stdout(&o);
    let head = "\
published/drifted.txt differs from version 2021 as rebuilt from the manifest (2 differences).
It first diverges at version 2020 (LLA Conference, 22–23 August 2020, 2020-08-22).

  Para 2.4 (line 17): reads as in version 2020; missing: 2021 “Membership fees”
  Para 4.1 (line 43): reads as in no version; last changed by 2020 “Labour Party Marxists amendment”

Redline: changes from version 2021 to published/drifted.txt
";
    assert!(out.starts_with(head), "{out}");
    assert!(out.contains("to pay a [-membership fee set by Conference-]{+regular donation at a rate recommended by the Steering Committee+}."), "{out}");
    // The sentence ran on in its paragraph: the deletion takes the space before it.
    assert!(
        out.contains(
            "10% of individual LLA members.[- After each conference, the SC publishes membership figures.-]\n"
        ),
        "{out}"
    );

    // The 2020 text published as if it were current: everything since is missing.
    let o = amend(&["verify", "--published", "expected/2020.txt"]);
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).contains("It is version 2020 word for word: the changes carried since are missing.\nIt first diverges at version 2021"), "{}", stdout(&o));
    // And checked against its own version, it matches.
    let o = amend(&["verify", "--published", "expected/2020.txt", "--version", "2020"]);
    assert_eq!(code(&o), 0, "{}", stdout(&o));
}

#[test]
fn r8_derive_between_versions_gives_an_amendment_that_applies() {
    let o = amend(&["derive", "--from", "2020", "--to", "2021"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let sheet = stdout(&o);
    assert!(sheet.contains("Para 3.3: DELETE “at any time”; INSERT “by a two-thirds majority of the SC.”."), "{sheet}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("derived.amend"), &sheet).unwrap();
    let applied = amend_in(dir.path(), &["apply", fixture("expected/2020.txt").to_str().unwrap(), "derived.amend"]);
    assert_eq!(stdout(&applied), read("expected/2021.txt"));
}

/// Whole outputs, for review: the log, blame, the index page and a version's Markdown redline.
#[test]
fn r4_snapshots() {
    insta::assert_snapshot!("log", stdout(&amend(&["log"])));
    insta::assert_snapshot!("blame_2021", stdout(&amend(&["blame", "2021"])));
    let dir = tempfile::tempdir().unwrap();
    let o = amend(&["build", "--no-pdf", "--out", dir.path().to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    insta::assert_snapshot!("index_md", std::fs::read_to_string(dir.path().join("index.md")).unwrap());
    insta::assert_snapshot!("redline_2020_md", std::fs::read_to_string(dir.path().join("2020/redline.md")).unwrap());
}

/// A statute's history: the manifest says how repealed units are printed and how strict the
/// check is, for every version (`repealed:` and `lints:`, as `--repealed` and `--deny` give them).
#[test]
fn r13_the_manifest_sets_the_repeal_note_and_lint_levels() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(
        d.join("base.txt"),
        "Example Act\nShort title\n1 This Act may be cited as the Example Act.\nRegulations\n2 (1) The Minister may make regulations.\n(2) Regulations are published in the Gazette.\n(3) [Repealed, 2019, c. 3, s. 2]\n",
    )
    .unwrap();
    std::fs::write(d.join("2026.amend"), "1 Subsection 2(2) of the Act is repealed.\n").unwrap();
    let manifest = |extra: &str| {
        format!(
            "base: base.txt\n{extra}versions:\n  - name: \"2026\"\n    date: 2026-03-01\n    amendments:\n      - file: 2026.amend\n        title: Repeal\n        status: carried\n"
        )
    };
    // Without the note, the repeal is refused: the base's notes cite acts this sheet does not name.
    std::fs::write(d.join("constitution.yaml"), manifest("")).unwrap();
    let o = amend_in(d, &["show", "2026"]);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    assert!(stderr(&o).contains("error[E0210]"), "{}", stderr(&o));

    std::fs::write(d.join("constitution.yaml"), manifest("repealed: \"[Repealed, 2026, c. 1, s. {section}]\"\n"))
        .unwrap();
    let o = amend_in(d, &["show", "2026"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stdout(&o).contains("(2) [Repealed, 2026, c. 1, s. 1]\n(3) [Repealed, 2019, c. 3, s. 2]\n"),
        "{}",
        stdout(&o)
    );

    // A lint name that is no code is the manifest's error, with its line.
    std::fs::write(d.join("constitution.yaml"), manifest("lints:\n  deny: [W9999]\n")).unwrap();
    let o = amend_in(d, &["show", "2026"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("constitution.yaml:2:1") && stderr(&o).contains("`W9999` is not a diagnostic code"),
        "{}",
        stderr(&o)
    );
}
