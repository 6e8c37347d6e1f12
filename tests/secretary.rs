//! What secretaries and members meet, end to end through the binary: cross-references checked
//! on a base and sheets, outputs with a title, decisions recorded in the manifest, shell
//! completions and the manual page.
//!
//! See: issue 15.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;
use support::run::{amend_in as amend, stderr, stdout};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures").join(path)
}

/// References in lists and alternatives (`clause 4.1 or 4.2`, `clauses 5.1 to 5.3`) to units an
/// amendment renumbers are warned about by `check` on a base and a sheet, and updated by
/// `apply --fix-references` as one more amendment that the redline traces.
#[test]
fn r15_references_in_lists_are_checked_and_fixed_without_a_manifest() {
    let dir = fixture("references_in_lists");
    let out = amend(&dir, &["check", "base.txt", "amendment.amend"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let err = stderr(&out);
    let warnings: Vec<&str> = err.lines().filter(|l| l.starts_with("warning[")).collect();
    // The base calls its numbered paragraphs clauses (`under clause 4.1 or 4.2`).
    assert_eq!(
        warnings,
        [
            "warning[W0114]: “4.2” in “clause 4.1 or 4.2” pointed to Clause 4.2 (“Juniors pay half the full subscription.”), which the amendments renumber to 4.3",
            "warning[W0114]: “5.3” in “clauses 5.1 to 5.3” pointed to Clause 5.3 (“The committee may suspend or expel the m…”), which the amendments renumber to 5.2",
            "warning[W0114]: “under 5.4” pointed to Clause 5.4 (“An appeal lies to a general meeting.”), which the amendments renumber to 5.3",
        ],
        "{err}"
    );
    // Each points at the reference in the base.
    assert!(err.contains("┌─ base.txt:9:66"), "{err}");
    let strict = amend(&dir, &["check", "base.txt", "amendment.amend", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));

    let out = amend(&dir, &["apply", "base.txt", "amendment.amend", "--fix-references"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), std::fs::read_to_string(dir.join("fixed.txt")).unwrap());
    assert!(!stderr(&out).contains("W0114"), "{}", stderr(&out));

    let out = amend(&dir, &["redline", "base.txt", "amendment.amend", "--fix-references", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let fixes: Vec<String> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["source"]["file"] == "references (amend)")
        .map(|c| format!("{} → {}", c["old"].as_str().unwrap(), c["new"].as_str().unwrap()))
        .collect();
    assert_eq!(fixes, ["4.2 → 4.3", "5.3 → 5.2", "5.4 → 5.3"]);
}

/// A fake LibreOffice for the tests: "converts" by copying the Word document to the PDF's
/// place, so that what would be printed can be read back as Word XML.
fn fake_soffice(dir: &Path) -> PathBuf {
    let path = dir.join("soffice");
    std::fs::write(
        &path,
        "#!/bin/sh\nprev=\"\"\nfor a; do\n  if [ \"$prev\" = \"--outdir\" ]; then out=\"$a\"; fi\n  prev=\"$a\"; last=\"$a\"\ndone\ncp \"$last\" \"$out/document.pdf\"\n",
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path
}

/// One part of a Word package, as text.
fn part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut file = archive.by_name(name).unwrap_or_else(|_| panic!("no part {name}"));
    let mut text = String::new();
    file.read_to_string(&mut text).unwrap();
    text
}

/// `--title` heads every output instead of the file names: the text formats (with the
/// amendments named on a line of their own), the web page, a Word redline (its properties),
/// the PDF (above its legend), the consolidated Word document and the preview.
#[test]
fn r15_a_title_on_every_output() {
    let dir = tempfile::tempdir().unwrap();
    let lla = fixture("lla_constitution");
    for f in ["base.txt", "amendments.amend"] {
        std::fs::copy(lla.join(f), dir.path().join(f)).unwrap();
    }
    let title = "Labour Left Alliance: the constitution as amended in 2020";
    let run = |extra: &[&str]| {
        let mut args = vec!["redline", "base.txt", "amendments.amend", "--title", title];
        args.extend_from_slice(extra);
        let out = amend(dir.path(), &args);
        assert_eq!(out.status.code(), Some(0), "{extra:?}: {}", stderr(&out));
        stdout(&out)
    };
    let amendments = "Amendments: 1. 3.2. Labour Party Marxists (amendments.amend)";
    for (format, head) in [
        ("plain", format!("Redline: {title}\n{amendments}\nLegend:")),
        ("ansi", format!("Redline: {title}\n{amendments}\nLegend:")),
        ("critic", format!("Redline: {title}\n{amendments}\nLegend:")),
        ("markdown", format!("**Redline:** {title}\\\n{amendments}\\\nLegend:")),
    ] {
        let text = run(&["--format", format]);
        assert!(text.starts_with(&head), "{format}:\n{text:.400}");
        assert!(!text.lines().next().unwrap().contains("base.txt"), "{format}");
    }
    let html = run(&["--format", "html"]);
    assert!(html.contains(&format!("<title>Redline: {title}</title>")), "{html:.800}");
    assert!(html.contains(&format!("<h1>{title}</h1>")));

    // Word: the title in the properties, a comment on each change naming its amendment.
    run(&["-o", "redline.docx"]);
    let docx = std::fs::read(dir.path().join("redline.docx")).unwrap();
    assert!(part(&docx, "docProps/core.xml").contains(&format!("<dc:title>{title}</dc:title>")));
    let comments = part(&docx, "word/comments.xml");
    let count = comments.matches("<w:comment ").count();
    assert_eq!(count, 28, "one comment per change");
    assert!(
        comments.contains("Amendment 1 (amendments.amend) — 3.2. Labour Party Marxists</w:t></w:r></w:p><w:p><w:r><w:t xml:space=\"preserve\">Line 15: DELETE “Organising Group”; INSERT “Steering Committee”</w:t>"),
        "{comments:.2000}"
    );
    let document = part(&docx, "word/document.xml");
    for tag in ["<w:commentRangeStart ", "<w:commentRangeEnd ", "<w:commentReference "] {
        assert_eq!(document.matches(tag).count(), count, "{tag}");
    }
    assert!(part(&docx, "word/_rels/document.xml.rels").contains("relationships/comments\" Target=\"comments.xml\""));
    assert!(part(&docx, "[Content_Types].xml").contains("PartName=\"/word/comments.xml\""));
    // The document still reads back as the base (changes rejected) and the result (accepted).
    let base = std::fs::read_to_string(dir.path().join("base.txt")).unwrap();
    let rejected = amend::docx::paragraphs(&docx, amend::docx::View::Rejected).unwrap();
    assert_eq!(rejected, base.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>());

    // The PDF: the title above the legend of the page printed.
    let soffice = fake_soffice(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_amend"))
        .args(["redline", "base.txt", "amendments.amend", "--title", title, "-o", "redline.pdf"])
        .current_dir(dir.path())
        .env("AMEND_SOFFICE", &soffice)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let printed = part(&std::fs::read(dir.path().join("redline.pdf")).unwrap(), "word/document.xml");
    let at_title = printed.find(title).expect("the title is printed");
    assert!(at_title < printed.find("Legend: ").unwrap());

    // The consolidated Word document, and the preview.
    let out = amend(dir.path(), &["apply", "base.txt", "amendments.amend", "-o", "rules.docx", "--title", title]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let rules = std::fs::read(dir.path().join("rules.docx")).unwrap();
    assert!(part(&rules, "docProps/core.xml").contains(title));
    let out = amend(dir.path(), &["preview", "base.txt", "amendments.amend", "--title", title, "--format", "plain"]);
    assert!(stdout(&out).starts_with(&format!("Preview: {title}\n")), "{}", stdout(&out));
}

/// A Markdown redline of a text base keeps its lines when rendered: a line break inside a
/// paragraph is a hard break.
#[test]
fn r15_markdown_redlines_keep_the_lines() {
    let base = "1. Duties\n\n1.1 Members must:\n(a) pay the fee;\n(b) attend.\n";
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("base.txt"), base).unwrap();
    std::fs::write(tmp.path().join("a.amend"), "Para 1.1(b): DELETE “attend”; INSERT “vote”.\n").unwrap();
    let out = amend(tmp.path(), &["redline", "base.txt", "a.amend", "--format", "markdown"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.ends_with("1. Duties\n\n1.1 Members must:\\\n(a) pay the fee;\\\n(b) <del>attend</del><ins>vote</ins>.\n"),
        "{text}"
    );
}

/// A copy of the example history in a folder of its own.
fn history_copy() -> tempfile::TempDir {
    fn copy(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let p = e.unwrap().path();
            let target = to.join(p.file_name().unwrap());
            if p.is_dir() { copy(&p, &target) } else { std::fs::copy(&p, &target).map(|_| ()).unwrap() }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    copy(&fixture("history"), dir.path());
    dir
}

/// `amend build` titles its outputs with the manifest's title (and organisation), writes the
/// text and redline of every version as Word, and of the current version as PDF where
/// LibreOffice is; the agenda page shows the collisions.
#[test]
fn r15_build_writes_word_and_pdf_for_the_printers() {
    let dir = history_copy();
    let soffice = fake_soffice(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_amend"))
        .args(["build", "--out", "site"])
        .current_dir(dir.path())
        .env("AMEND_SOFFICE", &soffice)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let site = dir.path().join("site");
    let read = |p: &str| std::fs::read(site.join(p)).unwrap_or_else(|_| panic!("{p} is not written"));
    // 2021 is the current version: the 2022 amendments are all pending.
    for p in ["2021/text.pdf", "2021/redline.pdf"] {
        read(p);
    }
    assert!(!site.join("2020/text.pdf").exists());
    let title = "Labour Left Alliance – Constitution: version 2021 (2021-09-18)";
    assert!(part(&read("2021/text.docx"), "docProps/core.xml").contains(title));
    let redline = read("2021/redline.docx");
    let comments = part(&redline, "word/comments.xml");
    assert!(comments.contains("w:author=\"Leeds LLA\""), "{comments}");
    assert!(comments.contains("Amendment 2: Membership fees, moved by Leeds LLA"), "{comments}");
    let tracked = part(&redline, "word/document.xml");
    assert!(tracked.contains("w:author=\"North West LLA\" w:date=\"2021-09-18T00:00:00Z\""));
    // The printed redline marks the changes under the title and a legend.
    let printed = part(&read("2021/redline.pdf"), "word/document.xml");
    assert!(printed.contains("the changes to version 2020") && printed.contains("Legend: "));
    let index = String::from_utf8(read("index.html")).unwrap();
    for link in ["2021/text.docx", "2021/redline.docx", "2021/text.pdf", "2021/redline.pdf", "2020/redline.docx"] {
        assert!(index.contains(&format!("href=\"{link}\"")), "{link}");
    }
    // The agenda page: the amendments, the collision, and its title.
    let agenda = String::from_utf8(read("2022/agenda.html")).unwrap();
    assert!(agenda.contains("<h1>Labour Left Alliance – Constitution: the agenda of version 2022 (2022-10-01)</h1>"));
    assert!(agenda.contains("<h2 id=\"preface-1\">Collisions</h2>\n<ul>\n<li>2 Delegate ratio × 3 Members in good standing — Para 4.3: “paid-up members in each group or branch”."), "{agenda:.3000}");
    assert!(agenda.contains("<li>3. Members in good standing — Brighton LLA (pending): left out of the preview: collides with 2 (Delegate ratio)</li>"));
}

/// A small history kept by a secretary: a manifest with comments, a unit deleted in 2023 (the
/// numbers never change), and three motions on the 2024 agenda, two of which collide.
fn allotment() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    write(
        "base.txt",
        "Rules of the Riverside Allotment Society\n\n1. Name\n\n1.1 The society is called the Riverside Allotment Society.\n\n2. Plots\n\n2.1 Plots are let for a year.\n\n2.2 Plot holders keep their plot tidy.\n\n2.3 A plot left untended for three months may be let again.\n\n3. Meetings\n\n3.1 The committee meets quarterly.\n",
    );
    write("2023/tidy.amend", "Para 2.2 – DELETE ALL.\n");
    write("2024/two.amend", "Para 2.3: DELETE “three months”; INSERT “two months”.\n");
    write("2024/monthly.amend", "Para 3.1: DELETE “quarterly”; INSERT “monthly”.\n");
    write("2024/six.amend", "Para 2.3: DELETE “three months”; INSERT “six months”.\n");
    write("constitution.yaml", ALLOTMENT);
    dir
}

const ALLOTMENT: &str = "\
# The allotment society's rules and the motions put to its general meetings.
title: Rules
organisation: Riverside Allotment Society   # the name on every page
base: base.txt
renumber: false   # our rules never renumber
versions:
  - name: \"2023\"
    date: 2023-03-01
    event: AGM 2023
    amendments:
      - file: 2023/tidy.amend   # moved from the floor
        title: Tidiness rule removed
        mover: J. Smith
        status: carried
  - name: \"2024\"
    date: 2024-03-02
    event: AGM 2024
    amendments:
      # The committee's motions
      - file: 2024/two.amend
        title: Two months
        mover: Committee
        status: pending   # to be taken first
      - file: 2024/monthly.amend
        title: Monthly meetings
        mover: Committee
        status: pending
      - file: 2024/six.amend
        title: Six months
        mover: B. Jones
        status: 'pending'
";

/// `carry`, `lose` and `withdraw` record each decision in the manifest, keeping its comments
/// and layout; carrying one of two colliding amendments makes the other fall, and carrying
/// that one too is refused; the agenda says what is still to be voted on.
#[test]
fn r15_decisions_are_recorded_in_the_manifest() {
    let dir = allotment();
    let d = dir.path();
    let manifest = || std::fs::read_to_string(d.join("constitution.yaml")).unwrap();
    let agenda = stdout(&amend(d, &["agenda"]));
    assert!(agenda.contains("Still to be voted on: 1 Two months, 2 Monthly meetings, 3 Six months.\n"), "{agenda}");
    assert!(agenda.contains("  1 Two months × 3 Six months — Para 2.3: “three months”\n"), "{agenda}");

    let out = amend(d, &["carry", "six"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "Recorded: 3 Six months — carried (was pending).\nStill to be voted on: 1 Two months, 2 Monthly meetings.\n1 Two months falls: it collides with 3 Six months, carried.\n"
    );
    assert_eq!(manifest(), ALLOTMENT.replace("status: 'pending'", "status: carried"));
    let agenda = stdout(&amend(d, &["agenda"]));
    assert!(
        agenda.contains("   1  pending    Two months        falls: collides with 3 (Six months), carried\n"),
        "{agenda}"
    );
    assert!(agenda.contains("   3  carried    Six months        in the preview\n"), "{agenda}");
    assert!(agenda.contains("2.3 A plot left untended for six months may be let again."), "{agenda}");

    // The other of the pair cannot be carried too: the manifest is left as it was.
    let before = manifest();
    let out = amend(d, &["carry", "Two months"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[E0301]"), "{}", stderr(&out));
    assert_eq!(manifest(), before);

    assert_eq!(amend(d, &["lose", "1"]).status.code(), Some(0));
    let out = amend(d, &["withdraw", "2024/monthly.amend"]);
    assert_eq!(
        stdout(&out),
        "Recorded: 2 Monthly meetings — withdrawn (was pending).\nEvery amendment of version 2024 is decided.\n"
    );
    assert_eq!(
        manifest(),
        ALLOTMENT
            .replace("status: 'pending'", "status: carried")
            .replace("status: pending   # to be taken first", "status: lost   # to be taken first")
            .replace(
                "        mover: Committee\n        status: pending\n",
                "        mover: Committee\n        status: withdrawn\n"
            )
    );
    let out = amend(d, &["lose", "9"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("version 2024 has no amendment 9"), "{}", stderr(&out));
    let log = stdout(&amend(d, &["log"]));
    assert!(log.contains("lost       Two months — Committee (2024/two.amend)"), "{log}");
}

/// A unit an amendment deleted is recorded where it stood, in the annotated text and in blame,
/// in the version that deleted it and in later ones; where numbers are kept, its number stays
/// with the note.
#[test]
fn r15_deleted_units_are_recorded_in_blame_and_annotations() {
    let dir = allotment();
    let d = dir.path();
    assert_eq!(amend(d, &["carry", "3"]).status.code(), Some(0));
    let note = "2.2 [Deleted 2023-03-01: Tidiness rule removed]\n\n2.3 A plot left untended for";
    for version in ["2023", "2024"] {
        let annotated = stdout(&amend(d, &["show", version, "--annotate"]));
        assert!(annotated.contains(&format!("2.1 Plots are let for a year.\n\n{note}")), "{version}:\n{annotated}");
    }
    let blame = stdout(&amend(d, &["blame"]));
    let lines: Vec<String> = blame
        .lines()
        .filter(|l| l.contains("Para 2."))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        lines,
        ["9 Para 2.1 original", "11 Para 2.2 2023 Tidiness rule removed (deleted)", "11 Para 2.3 2024 Six months"],
        "{blame}"
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&amend(d, &["blame", "--format", "json"]))).unwrap();
    assert_eq!(json["deleted"][0]["unit"]["name"], "Para 2.2");
    assert_eq!(json["deleted"][0]["by"]["mover"], "J. Smith");
}

/// Shell completions and manual pages come from the command line's own definitions, so every
/// command and option is in them.
#[test]
fn r15_completions_and_manual_pages() {
    let dir = tempfile::tempdir().unwrap();
    for (shell, marker) in [("bash", "_amend()"), ("zsh", "#compdef amend"), ("fish", "complete -c amend")] {
        let out = amend(dir.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let script = stdout(&out);
        assert!(script.contains(marker), "{shell}");
        for word in ["carry", "withdraw", "fix-references", "exact-typography", "title"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
    let out = amend(dir.path(), &["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let page = stdout(&amend(dir.path(), &["man"]));
    assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq") && page.contains(".TH amend 1"), "{page:.300}");
    for command in ["carry", "lose", "withdraw", "remit", "completions", "derive", "agenda"] {
        assert!(page.contains(&format!("amend\\-{command}(1)")), "{command} in the page");
    }
    let out = amend(dir.path(), &["man", "--out", "man"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let carry = std::fs::read_to_string(dir.path().join("man/amend-carry.1")).unwrap();
    assert!(carry.contains("Record in the manifest that the event carried an amendment"), "{carry}");
}
