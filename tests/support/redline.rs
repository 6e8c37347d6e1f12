//! Redline invariants, checked on every fixture in every format and style: each rendering read
//! back gives the base (insertions removed) and the consolidated text (deletions removed),
//! exactly for plain, Markdown and CriticMarkup, whitespace normalised for the terminal and
//! HTML; every page parses strictly; every JSON change points at an instruction that exists, and every
//! instruction that changed text has a change.
// Shared by test crates that use different parts of it.
#![allow(dead_code)]

use amend::amendment::Item;
use amend::redline::Redline;
use amend::render::{self, Format, Options, Style};
use amend::{Outcome, Sources};
use std::collections::HashSet;

#[path = "strict.rs"]
pub mod strict;

/// Checks every invariant and returns the plain rendering, for a snapshot.
pub fn check(sources: &Sources, outcome: &Outcome) -> String {
    let redline = Redline::from_outcome(sources, outcome);
    let base = outcome.document.text();
    assert_eq!(redline.old_text(), base, "segments join into the base");
    assert_eq!(redline.new_text(), outcome.text, "segments join into the result");
    for format in Format::ALL {
        for style in Style::ALL {
            for color in [false, true] {
                let options = Options { style, color, ..Default::default() };
                let text = render::render(&redline, format, &options);
                let what = format!("{format:?} {style:?} colour {color}");
                match format {
                    Format::Json => check_json(sources, outcome, &text),
                    Format::Html => {
                        strict::html(&text);
                        let (old, new) = read(format, style, &text);
                        assert_eq!(norm(&old), norm(base), "{what}: insertions removed");
                        assert_eq!(norm(&new), norm(&outcome.text), "{what}: deletions removed");
                    }
                    // Text formats read back exactly, whitespace and line breaks included:
                    // a deleted line break shown as kept is a wrong redline.
                    Format::Plain | Format::Markdown | Format::Critic => {
                        let (old, new) = read(format, style, &text);
                        exact(&old, base, &format!("{what}: insertions removed"));
                        exact(&new, &outcome.text, &format!("{what}: deletions removed"));
                    }
                    _ => {
                        let (old, new) = read(format, style, &text);
                        assert_eq!(norm(&old), norm(base), "{what}: insertions removed");
                        assert_eq!(norm(&new), norm(&outcome.text), "{what}: deletions removed");
                    }
                }
                if format == Format::Html {
                    check_page(&redline, &text);
                }
            }
        }
    }
    render::render(&redline, Format::Plain, &Options::default())
}

/// Panics unless a text read back from a rendering is `want` exactly (a byte-order mark is not
/// rendered, and a rendering ends with a line break even when the text does not).
pub fn exact(got: &str, want: &str, what: &str) {
    let want = want.trim_start_matches('\u{FEFF}');
    let got = if !want.ends_with('\n') { got.strip_suffix('\n').unwrap_or(got) } else { got };
    if got != want {
        let diff = similar::TextDiff::from_chars(want, got);
        let changes: Vec<String> = diff
            .iter_all_changes()
            .filter(|c| c.tag() != similar::ChangeTag::Equal)
            .take(12)
            .map(|c| format!("{}{:?}", if c.tag() == similar::ChangeTag::Delete { "-" } else { "+" }, c.value()))
            .collect();
        let at = want.chars().zip(got.chars()).take_while(|(a, b)| a == b).count();
        let before: String = want.chars().take(at).skip(at.saturating_sub(60)).collect();
        panic!("{what}: differs at character {at}, after {before:?}: {}", changes.join(" "));
    }
}

/// Whitespace collapsed to single spaces, a byte-order mark dropped.
pub fn norm(s: &str) -> String {
    s.trim_start_matches('\u{FEFF}').split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The document part of a human rendering: after the header paragraph.
fn body(text: &str) -> &str {
    let at = text.find("\n\n").expect("a header paragraph, then the document");
    &text[at + 2..]
}

/// Reads a rendering back into (old text, new text).
pub fn read(format: Format, style: Style, text: &str) -> (String, String) {
    let brackets = style == Style::Brackets;
    match format {
        Format::Plain => delimited(body(text), &[("[-", "-]", Side::Old), ("{+", "+}", Side::New)]),
        Format::Critic => critic(body(text)),
        Format::Markdown => {
            // Hard breaks (`\` at the end of a line inside a paragraph) keep a text base's lines.
            let text = &body(text).replace("\\\r\n", "\r\n").replace("\\\n", "\n");
            let (old, new) = delimited(text, &[("<del>", "</del>", Side::Old), ("<ins>", "</ins>", Side::New)]);
            let strip = |s: String| ["<em>", "</em>", "<strong>", "</strong>"].iter().fold(s, |s, t| s.replace(t, ""));
            let old = if brackets { unbracket_markdown(text) } else { old };
            (strip(old), strip(new))
        }
        Format::Ansi => ansi(body(text), brackets),
        Format::Html => html(text),
        Format::Json => unreachable!("JSON is checked against the outcome"),
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    Old,
    New,
    Neither,
}

/// Text with marks `open … close`, each belonging to one side.
fn delimited(text: &str, marks: &[(&str, &str, Side)]) -> (String, String) {
    let (mut old, mut new) = (String::new(), String::new());
    let mut rest = text;
    'outer: while !rest.is_empty() {
        for &(open, close, side) in marks {
            if let Some(after) = rest.strip_prefix(open) {
                let end = after.find(close).unwrap_or_else(|| panic!("unclosed {open} in {after:.80}"));
                match side {
                    Side::Old => old.push_str(&after[..end]),
                    Side::New => new.push_str(&after[..end]),
                    Side::Neither => {}
                }
                rest = &after[end + close.len()..];
                continue 'outer;
            }
        }
        let c = rest.chars().next().unwrap();
        old.push(c);
        new.push(c);
        rest = &rest[c.len_utf8()..];
    }
    (old, new)
}

/// In the brackets style, Markdown deletions are `<del>[…]</del>`.
fn unbracket_markdown(text: &str) -> String {
    let (old, _) = delimited(
        &text.replace("<del>[", "<del>").replace("]</del>", "</del>"),
        &[("<del>", "</del>", Side::Old), ("<ins>", "</ins>", Side::New)],
    );
    old
}

fn critic(text: &str) -> (String, String) {
    // A substitution reads as a deletion and an insertion.
    let mut flat = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("{~~") {
        flat.push_str(&rest[..at]);
        let after = &rest[at + 3..];
        let end = after.find("~~}").expect("closed substitution");
        let (o, n) = after[..end].split_once("~>").expect("~> in a substitution");
        flat.push_str(&format!("{{--{o}--}}{{++{n}++}}"));
        rest = &after[end + 3..];
    }
    flat.push_str(rest);
    delimited(&flat, &[("{--", "--}", Side::Old), ("{++", "++}", Side::New), ("{>>", "<<}", Side::Neither)])
}

/// ANSI text: strike-through (9) or dim (2, the brackets style) marks deletions; underline (4),
/// italics (3) or bold (1) insertions; a reset (0) ends a mark.
fn ansi(text: &str, brackets: bool) -> (String, String) {
    let (mut old, mut new) = (String::new(), String::new());
    let mut side = Side::Neither;
    let mut run = String::new();
    let flush = |side: Side, run: &mut String, old: &mut String, new: &mut String| {
        let mut t = std::mem::take(run);
        match side {
            Side::Old => {
                if brackets {
                    assert!(t.starts_with('[') && t.ends_with(']'), "bracketed: {t}");
                    t = t[1..t.len() - 1].to_string();
                }
                old.push_str(&t);
            }
            Side::New => new.push_str(&t),
            Side::Neither => {
                old.push_str(&t);
                new.push_str(&t);
            }
        }
    };
    let mut rest = text;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix("\x1b[") {
            let end = after.find('m').expect("SGR ends with m");
            let code = &after[..end];
            let next = match code {
                "0" => Side::Neither,
                "9" | "2" => Side::Old,
                "4" | "3" | "1" => Side::New,
                _ => side,
            };
            if next != side {
                flush(side, &mut run, &mut old, &mut new);
                side = next;
            }
            rest = &after[end + 1..];
            continue;
        }
        let c = rest.chars().next().unwrap();
        run.push(c);
        rest = &rest[c.len_utf8()..];
    }
    flush(side, &mut run, &mut old, &mut new);
    (old, new)
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&")
}

/// The document of the HTML page: `<del>` is old only, `<ins>` new only, notes neither.
fn html(page: &str) -> (String, String) {
    let open = "<main id=\"doc\" class=\"doc\">";
    let start = page.find(open).expect("main") + open.len();
    let end = page.rfind("</main>").expect("main closed");
    let mut text = &page[start..end];
    let (mut old, mut new) = (String::new(), String::new());
    let mut side = Side::Neither;
    while !text.is_empty() {
        let lt = text.find('<').unwrap_or(text.len());
        let chunk = unescape(&text[..lt]);
        if side != Side::New {
            old.push_str(&chunk);
        }
        if side != Side::Old {
            new.push_str(&chunk);
        }
        text = &text[lt..];
        if text.is_empty() {
            break;
        }
        let gt = text.find('>').expect("tag closed") + 1;
        let tag = &text[..gt];
        text = &text[gt..];
        if tag.starts_with("<del") {
            side = Side::Old;
        } else if tag.starts_with("<ins") {
            side = Side::New;
        } else if tag == "</del>" || tag == "</ins>" {
            side = Side::Neither;
        } else if tag.starts_with("<span class=\"note\"") {
            text = &text[text.find("</span>").expect("note closed") + 7..];
        } else if tag.starts_with("<sup") {
            text = &text[text.find("</sup>").expect("sup closed") + 6..];
        }
    }
    (old, new)
}

/// The page stands alone, and every change with a source has its margin note.
fn check_page(redline: &Redline, page: &str) {
    for outside in ["src=", "href=\"http", "@import", "url(", "<script", "<link"] {
        assert!(!page.contains(outside), "the page refers outside itself: {outside}");
    }
    for c in redline.changes.iter().filter(|c| c.source.is_some()) {
        assert!(page.contains(&format!("<b class=\"n\">{}</b>", c.id)), "change {} has a margin note", c.id);
        assert!(page.contains(&format!("id=\"change-{}\"", c.id)), "change {} can be linked to", c.id);
    }
    assert!(page.contains("Clean text") && page.contains("Show changes"));
    assert!(page.contains("@media print"));
}

/// JSON: spans and texts agree with the base and the result; sources are real instructions,
/// and every instruction that changed text has a change.
fn check_json(sources: &Sources, outcome: &Outcome, text: &str) {
    let v = strict::json(text);
    let changes = v["changes"].as_array().expect("changes");
    let base = outcome.document.text();
    let (mut old, mut new) = (String::new(), String::new());
    let mut at = 0;
    let mut cited = HashSet::new();
    for c in changes {
        let span = |k: &str| (c[k]["start"].as_u64().unwrap() as usize, c[k]["end"].as_u64().unwrap() as usize);
        let (os, oe) = span("old_span");
        let (ns, ne) = span("new_span");
        assert_eq!(&base[os..oe], c["old"].as_str().unwrap());
        assert_eq!(&outcome.text[ns..ne], c["new"].as_str().unwrap());
        old.push_str(&base[at..os]);
        new.push_str(&base[at..os]);
        old.push_str(c["old"].as_str().unwrap());
        new.push_str(c["new"].as_str().unwrap());
        at = oe;
        let s = &c["source"];
        cited.insert((
            s["file"].as_str().unwrap().to_string(),
            s["line"].as_u64().unwrap() as usize,
            s["column"].as_u64().unwrap() as usize,
        ));
    }
    old.push_str(&base[at..]);
    new.push_str(&base[at..]);
    assert_eq!(old, base, "JSON changes undone give the base");
    assert_eq!(new, outcome.text, "JSON changes applied give the result");

    let position = |file: usize, span: amend::Span| {
        let (line, col) = sources.get(file).line_col(span.start);
        (sources.name(file).to_string(), line, col)
    };
    let instructions: HashSet<_> = outcome
        .amendments
        .iter()
        .flat_map(|a| {
            a.items.iter().filter_map(move |i| match i {
                Item::Instruction(ins) => Some(position(a.file, ins.span)),
                _ => None,
            })
        })
        .collect();
    for c in &cited {
        assert!(instructions.contains(c), "change cites {c:?}, no instruction");
    }
    for e in &outcome.edits {
        if base[e.range.range()] != e.text {
            let at = position(e.origin.file, e.origin.span);
            assert!(cited.contains(&at), "instruction at {at:?} changed text but has no change");
        }
    }
}
