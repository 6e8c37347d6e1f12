//! Inputs as they come from volunteers' word processors: other encodings, line endings and
//! spaces, invisible characters, huge files, empty files, deep numbering, quotes in quotes.
//!
//! See: issue 5 (bad input never loses work).

use amend::resolve::Options;
use amend::source::{Encoding, encode};
use amend::{Code, Diagnostic, Sources};
use std::path::Path;
use std::process::{Command, Output};

const LLA_BASE: &str = include_str!("../fixtures/lla_constitution/base.txt");
const LLA_SHEET: &str = include_str!("../fixtures/lla_constitution/amendments.amend");
const LLA_EXPECTED: &str = include_str!("../fixtures/lla_constitution/expected.txt");

/// Applies one sheet to a base through the library.
fn apply(base: &str, sheet: &str) -> Result<(String, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut sources = Sources::new();
    let b = sources.add("base.txt", base);
    let a = sources.add("a.amend", sheet);
    amend::consolidate(&sources, b, &[a], &Options::default()).map(|o| (o.text, o.warnings))
}

fn codes(diagnostics: &[Diagnostic]) -> Vec<Code> {
    diagnostics.iter().map(|d| d.code).collect()
}

fn amend(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_amend")).args(args).current_dir(dir).output().expect("running amend")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn invalid_utf8_is_refused_with_the_byte_offset_and_position() {
    let dir = tempfile::tempdir().unwrap();
    // A base saved as Latin-1: “é” is the single byte 0xE9.
    let mut bytes = b"Title\n\n1) Aims\n\n1.1 The caf".to_vec();
    let offset = bytes.len();
    bytes.push(0xE9);
    bytes.extend(b" is open.\n");
    std::fs::write(dir.path().join("base.txt"), &bytes).unwrap();
    std::fs::write(dir.path().join("a.amend"), "Para 1.1: DELETE “open”; INSERT “shut”.\n").unwrap();
    for cmd in ["apply", "check"] {
        let out = amend(dir.path(), &[cmd, "base.txt", "a.amend"]);
        assert_eq!(out.status.code(), Some(2), "{cmd}: {}", stderr(&out));
        let err = stderr(&out);
        assert!(
            err.contains(&format!("error[E0001]: not valid UTF-8 text: invalid byte sequence at byte offset {offset}")),
            "{err}"
        );
        // Line 5 (`1.1 The caf`), column 12: the byte after eleven characters.
        assert!(err.contains("┌─ base.txt:5:12"), "{err}");
        assert!(out.stdout.is_empty());
    }
    let out = amend(dir.path(), &["outline", "base.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("E0001"), "{}", stderr(&out));
}

#[test]
fn utf16_with_a_bom_is_read_and_written_back_the_same_way() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.amend"), LLA_SHEET).unwrap();
    for (enc, name) in [(Encoding::Utf16Le, "le"), (Encoding::Utf16Be, "be")] {
        let base = format!("base-{name}.txt");
        std::fs::write(dir.path().join(&base), encode(LLA_BASE, enc)).unwrap();
        let out = amend(dir.path(), &["apply", &base, "a.amend"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        assert!(out.stdout == encode(LLA_EXPECTED, enc), "stdout in {enc:?}");

        let target = format!("out-{name}.txt");
        let out = amend(dir.path(), &["apply", &base, "a.amend", "-o", &target]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let written = std::fs::read(dir.path().join(&target)).unwrap();
        assert!(written == encode(LLA_EXPECTED, enc), "-o in {enc:?}");
    }
    // A UTF-16 amendment sheet for a UTF-8 base: the output follows the base.
    std::fs::write(dir.path().join("base.txt"), LLA_BASE).unwrap();
    std::fs::write(dir.path().join("a16.amend"), encode(LLA_SHEET, Encoding::Utf16Le)).unwrap();
    let out = amend(dir.path(), &["apply", "base.txt", "a16.amend"]);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), LLA_EXPECTED);
}

#[test]
fn crlf_bases_give_crlf_output_whatever_the_sheet_uses() {
    let base = LLA_BASE.replace('\n', "\r\n");
    let expected = LLA_EXPECTED.replace('\n', "\r\n");
    for sheet in [LLA_SHEET.to_string(), LLA_SHEET.replace('\n', "\r\n")] {
        let (text, _) = apply(&base, &sheet).unwrap();
        assert!(text == expected, "CRLF output differs");
    }
    let (text, _) = apply(LLA_BASE, &LLA_SHEET.replace('\n', "\r\n")).unwrap();
    assert!(text == LLA_EXPECTED, "a CRLF sheet on an LF base");
}

#[test]
fn a_utf8_bom_is_kept() {
    let base = format!("\u{FEFF}{LLA_BASE}");
    let (text, _) = apply(&base, &format!("\u{FEFF}{LLA_SHEET}")).unwrap();
    assert_eq!(text, format!("\u{FEFF}{LLA_EXPECTED}"));
}

#[test]
fn tabs_count_as_spaces_between_words_and_are_kept_elsewhere() {
    let base = "1) Aims\n\n1.1\tAnyone who supports\tour aims may join.\n";
    let sheet = "Para 1.1:\tDELETE “supports our”;\tINSERT “shares our”.\n";
    let (text, _) = apply(base, sheet).unwrap();
    assert_eq!(text, "1) Aims\n\n1.1\tAnyone who shares our aims may join.\n");
}

#[test]
fn non_breaking_spaces_match_spaces() {
    let base = "1) Aims\n\n1.1 The Organising\u{A0}Group meets monthly.\n";
    let sheet = "Para\u{A0}1.1: DELETE “Organising Group”; INSERT “Steering\u{A0}Committee”.\n";
    let (text, _) = apply(base, sheet).unwrap();
    // The new words go in as written, with their own non-breaking space.
    assert_eq!(text, "1) Aims\n\n1.1 The Steering\u{A0}Committee meets monthly.\n");
}

#[test]
fn zero_width_characters_inside_quotes_are_ignored_when_matching() {
    // In the quote, in the base, and both.
    let base = "1) Aims\n\n1.1 Each signa\u{200B}tory votes. Each member\u{200D} speaks.\n";
    let sheet = "Para 1.1: DELETE “signatory”; INSERT “member”.\n\
                 Para 1.1: DELETE “mem\u{200B}ber\u{FEFF} speaks”; INSERT “member listens”.\n";
    let (text, _) = apply(base, sheet).unwrap();
    assert_eq!(text, "1) Aims\n\n1.1 Each member votes. Each member listens.\n");
    // Inserted text is verbatim, invisible characters included.
    let (text, _) = apply(base, "Para 1.1: AFTER “votes.” INSERT “Ze\u{200B}ro.”\n").unwrap();
    assert!(text.contains("votes. Ze\u{200B}ro. Each"), "{text:?}");
}

#[test]
fn nested_quotes_inside_quoted_text() {
    let base = "1) Aims\n\n1.1 The Board meets.\n";
    for (sheet, want) in [
        ("Para 1.1: DELETE \"The Board\"; INSERT \"The “Board” of Deputies\".\n", "1.1 The “Board” of Deputies meets."),
        ("Para 1.1: DELETE “The Board”; INSERT “the “Board” of Deputies”.\n", "1.1 the “Board” of Deputies meets."),
        ("Para 1.1: DELETE “The Board”; INSERT «the ‘Board’ of Deputies».\n", "1.1 the ‘Board’ of Deputies meets."),
    ] {
        let (text, warnings) = apply(base, sheet).unwrap();
        assert!(text.contains(want), "{sheet}: {text}");
        assert!(warnings.is_empty(), "{sheet}: {warnings:?}");
    }
    // Quoted text with quotes inside matches the base's own quotes, straight or curly.
    let base = "1) Aims\n\n1.1 The “Board” of Deputies meets.\n";
    let (text, _) = apply(base, "Para 1.1: DELETE 'The \"Board\" of'; INSERT 'The'.\n").map_err(|d| codes(&d)).unwrap();
    assert!(text.contains("1.1 The Deputies meets."), "{text}");
}

#[test]
fn deeply_nested_numbering() {
    let base = "2) Rules\n\n2.3 Members.\n\n2.3.4 Officers.\n\n2.3.4.5 The chair.\n\n\
                2.3.4.5.6 Duties of the chair.\n\n2.3.4.5.6.7 The chair opens every meeting.\n\n\
                2.3.4.5.6.8 The chair closes every meeting.\n\n2.4 Next.\n";
    let sheet = "Para 2.3.4.5.6.7: DELETE “opens”; INSERT “opens and minutes”.\n\n\
                 Para 2.3.4.5.6.7 – NO CHANGE.\n\nINSERT “The chair keeps order.”\n";
    let (text, _) = apply(base, sheet).unwrap();
    assert!(
        text.ends_with(
            "2.3.4.5.6.7 The chair opens and minutes every meeting.\n\n\
             2.3.4.5.6.8 The chair keeps order.\n\n\
             2.3.4.5.6.9 The chair closes every meeting.\n\n2.4 Next.\n"
        ),
        "{text}"
    );
    let err = apply(base, "Para 2.3.4.5.6.9: DELETE “x”.\n").unwrap_err();
    assert_eq!(codes(&err), [Code::UnitNotFound]);
    assert_eq!(err[0].notes, ["units numbered like it run from `2.3.4.5.6.7` to `2.3.4.5.6.8`"]);
}

#[test]
fn empty_base_and_empty_sheets() {
    let err = apply("", "").unwrap_err();
    assert_eq!(codes(&err), [Code::NothingToApply]);
    let err = apply("", "Para 2.1: DELETE “x”.\n").unwrap_err();
    assert_eq!(codes(&err), [Code::UnitNotFound]);
    let err = apply("", "DELETE “x”.\n").unwrap_err();
    assert_eq!(codes(&err), [Code::TextNotFound]);

    // A sheet of commentary changes nothing: an error, since CI must not pass the wrong file.
    let sheet = "Amendments from the Brighton branch\n\nMoved by J. Smith\n";
    let err = apply(LLA_BASE, sheet).unwrap_err();
    assert_eq!(codes(&err), [Code::NothingToApply]);

    // Through the command line: exit 1; a user may lower it to a warning (exit 0), and
    // `--deny warnings` raises it again.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("empty.amend"), "").unwrap();
    let out = amend(dir.path(), &["apply", "empty.txt", "empty.amend"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("error[E0208]"), "{}", stderr(&out));
    let out = amend(dir.path(), &["apply", "--warn", "E0208", "empty.txt", "empty.amend"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty());
    assert!(stderr(&out).contains("warning[E0208]"), "{}", stderr(&out));
    let out = amend(dir.path(), &["check", "--warn", "E0208", "--deny", "warnings", "empty.txt", "empty.amend"]);
    assert_eq!(out.status.code(), Some(1));
    // An error that would drop a change cannot be lowered.
    let out = amend(dir.path(), &["check", "--allow", "E0207", "empty.txt", "empty.amend"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("cannot be allowed"), "{}", stderr(&out));
}

#[test]
fn many_lines_that_do_not_parse() {
    // Each bad line is reported; reporting each once searched the rest of the file, which
    // made this take minutes.
    let sheet = "DELETE signatory\n".repeat(20_000);
    let mut sources = Sources::new();
    let id = sources.add("a.amend", sheet.as_str());
    let (_, diagnostics) = amend::amendment::parse(id, sources.text(id));
    assert_eq!(diagnostics.len(), 20_000);
    assert!(diagnostics.iter().all(|d| d.code == Code::Syntax));
    let last = amend::diagnostic::locate(&sources, &diagnostics[19_999]);
    assert_eq!((last.line, last.column), (Some(20_000), Some(8)));
}

/// One paragraph on a single line of about 1 MB.
fn one_megabyte_line() -> String {
    let words = ["members", "shall", "elect", "the", "committee", "at", "conference"];
    let mut line = String::from("1.1 Start");
    let mut i = 0;
    while line.len() < 1 << 20 {
        line.push(' ');
        line.push_str(words[i % words.len()]);
        i += 1;
    }
    line.push_str(" and the end.\n");
    format!("1) Rules\n\n{line}")
}

#[test]
fn a_one_megabyte_line() {
    let base = one_megabyte_line();
    let (text, _) = apply(&base, "Para 1.1: DELETE “the end.”; INSERT “the finish.”\n").unwrap();
    assert_eq!(text.len(), base.len() + 3);
    assert!(text.ends_with(" and the finish.\n"));

    let (text, warnings) = apply(&base, "Para 1.1: DELETE FINAL SENTENCE.\n").unwrap();
    assert_eq!(text, "1) Rules\n\n1.1\n");
    assert_eq!(codes(&warnings), [Code::NoFinalStop]);

    // Quotes matching thousands of times on the line: each of these once took minutes, as
    // every match searched the rest of the line again.
    for (sheet, code) in [
        ("Para 1.1: DELETE “members …”.\n", Code::CountMismatch),
        ("Para 1.1: DELETE “… members”.\n", Code::CountMismatch),
        ("Para 1.1: DELETE “members … shall”.\n", Code::CountMismatch),
        ("Para 1.1: DELETE “members … nowhere”.\n", Code::TextNotFound),
    ] {
        let err = apply(&base, sheet).unwrap_err();
        assert_eq!(codes(&err), [code], "{sheet}");
    }
    let (text, _) = apply(&base, "Para 1.1: DELETE “Start … the end.”; INSERT “Short.”\n").unwrap();
    assert_eq!(text, "1) Rules\n\n1.1 Short.\n");

    // Errors on such a line stay readable: a few lines, not a megabyte.
    let mut sources = Sources::new();
    let b = sources.add("base.txt", base.as_str());
    let a = sources.add("a.amend", "Para 1.1: DELETE “no such words”.\n");
    let err = amend::consolidate(&sources, b, &[a], &Options::default()).unwrap_err();
    assert_eq!(codes(&err), [Code::TextNotFound]);
    let shown = amend::diagnostic::render_plain(&sources, &err);
    assert!(shown.len() < 2000, "{} bytes", shown.len());
    assert!(shown.contains("┌─ base.txt:3:1"), "{shown}");
}

/// About 100 MB: 30,000 sections of 20 paragraphs (about 30 s in a debug build, 5 s in
/// release); README (Limits) gives the timings.
#[test]
fn a_hundred_megabyte_base() {
    let dir = tempfile::tempdir().unwrap();
    let words = ["members", "shall", "elect", "the", "committee", "at", "conference", "by", "majority"];
    let mut base = String::with_capacity(105 << 20);
    let mut sections = 0;
    let mut w = 0;
    while base.len() < 100 << 20 {
        sections += 1;
        base.push_str(&format!("{sections}) Section {sections}\n\n"));
        for p in 1..=20 {
            base.push_str(&format!("{sections}.{p} The"));
            for _ in 0..(10 + (w % 30)) {
                base.push(' ');
                base.push_str(words[w % words.len()]);
                w += 7;
            }
            base.push_str(".\n\n");
        }
    }
    std::fs::write(dir.path().join("big.txt"), &base).unwrap();
    let last = format!("{sections}.20 The");
    std::fs::write(
        dir.path().join("big.amend"),
        format!(
            "Para {sections}.20: DELETE “The”; INSERT “The annual”.\n\
             Para 2.3: DELETE ALL.\n\
             Para 17.5 – NO CHANGE.\n\nINSERT “A new paragraph.”\n"
        ),
    )
    .unwrap();
    let out = amend(dir.path(), &["apply", "big.txt", "big.amend", "-o", "out.txt"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = std::fs::read_to_string(dir.path().join("out.txt")).unwrap();
    assert!(text.contains(&format!("{sections}.20 The annual ")));
    assert!(text.contains("17.5 ") && text.contains("\n\n17.6 A new paragraph.\n\n17.7 "));
    assert!(!base.contains("A new paragraph") && base.contains(&last));
}
