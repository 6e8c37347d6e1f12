//! One edit written in every drafting style parses to the same instruction and applies the same
//! way. See: issue 6 ("a test writes one edit five ways").

use serde_json::Value;
use std::process::Command;

/// Replacing “shall” with “may” in section 5(a), as each style writes it.
const WAYS: [(&str, &str); 6] = [
    ("conference", "Section 5(a): DELETE “shall”; INSERT “may”.\n"),
    ("us", "Section 5(a) is amended by striking “shall” and inserting “may”.\n"),
    ("uk", "In section 5(a), for “shall” substitute “may”.\n"),
    ("roberts", "In Section 5(a), strike out “shall” and insert “may”.\n"),
    ("rulebook", "Section 5(a): delete “shall” insert “may”\n"),
    ("debian", "In section 5(a), replace “shall” with “may”.\n"),
];

const BASE: &str = "Section 5. Dues\n\n(a) Members shall pay dues.\n\n(b) Dues shall be paid yearly.\n";

/// Removes positions, which differ with the wording, so that only the structure is compared.
fn without_spans(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.retain(|k, _| k != "span" && k != "written");
            map.values_mut().for_each(without_spans);
        }
        Value::Array(items) => items.iter_mut().for_each(without_spans),
        _ => {}
    }
}

fn amend(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_amend")).args(args).output().expect("run amend");
    (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap(), out.status.code().unwrap_or(-1))
}

#[test]
fn one_edit_in_every_style_has_one_structure() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path().join("base.txt");
    std::fs::write(&base, BASE).unwrap();
    let mut structures = Vec::new();
    for (style, sheet) in WAYS {
        let path = dir.path().join(format!("{style}.amend"));
        std::fs::write(&path, sheet).unwrap();
        let (json, stderr, code) = amend(&["parse", "--format", "json", path.to_str().unwrap()]);
        assert_eq!(code, 0, "{style}: {stderr}");
        let mut v: Value = serde_json::from_str(&json).unwrap();
        without_spans(&mut v);
        let items = v[0]["items"].clone();
        structures.push((style, items));

        let (out, stderr, code) = amend(&["apply", base.to_str().unwrap(), path.to_str().unwrap()]);
        assert_eq!(code, 0, "{style}: {stderr}");
        assert_eq!(out, BASE.replace("(a) Members shall", "(a) Members may"), "{style}");
    }
    let (first_style, first) = &structures[0];
    assert_eq!(first.as_array().map(Vec::len), Some(2), "a scope and an instruction: {first:#}");
    assert_eq!(first[1]["op"]["op"], "replace");
    for (style, items) in &structures[1..] {
        assert_eq!(items, first, "{style} differs from {first_style}");
    }
}
