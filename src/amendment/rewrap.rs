//! Re-wrapping a sheet as a mail program or a PDF copy would, for the tests and fuzz targets
//! that hold the reader to wrap-invariance: wrapping never changes what a sheet says.

use super::Item;

/// Whether a sheet is written as a restatement or a diff, whose lines are its meaning: by its
/// marks, or because the reader reads a restatement with marked changes in it (a lone `+` line
/// is a pseudo diff's new line, and a line wrapped off it is a kept one).
pub fn line_exact(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with("@@") || t.starts_with("=====") || t.starts_with("+++") || t.contains("[-") || t.contains("{+")
    }) || text.lines().filter(|l| l.starts_with('+') || l.starts_with('-')).count() > 1
        || super::parse(0, text)
            .0
            .items
            .iter()
            .any(|i| matches!(i, Item::Instruction(ins) if matches!(ins.op, super::Op::Passage { .. })))
}

/// Whether a sheet leaves a quote open at a line's end (W0101): its text is then read to the
/// end of that line, so where the line breaks decides what is quoted, and re-wrapping it may
/// rightly read otherwise (with the same warning).
pub fn line_bound(text: &str) -> bool {
    super::parse(0, text).1.iter().any(|d| d.code == crate::diagnostic::Code::UnclosedQuote)
}

/// A line's prefix that a continuation repeats: its indentation and any `>` marks.
pub fn prefix(line: &str) -> &str {
    let rest = line.trim_start_matches([' ', '\t', '>']);
    &line[..line.len() - rest.len()]
}

/// Whether a line is left alone: a table row, a fence, a list bullet of new text.
fn kept(line: &str) -> bool {
    let t = line.trim_start_matches([' ', '\t', '>']);
    t.starts_with('|') || t.starts_with("```") || t.starts_with("~~~")
}

/// Re-wraps every line longer than `width` at spaces. A break never goes next to a quote mark
/// (so that `“` stays with its first word and `”` with its last), nor before a word that would
/// begin a line as a list label or a bullet would (a person wrapping by hand avoids those, and
/// the reader rightly reads such a line as a new provision).
pub fn rewrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / width);
    let mut fenced = false;
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix("\r\n") {
            Some(b) => (b, "\r\n"),
            None => line.strip_suffix('\n').map_or((line, ""), |b| (b, "\n")),
        };
        if body.trim_start().starts_with("```") || body.trim_start().starts_with("~~~") {
            fenced = !fenced;
        }
        if fenced || kept(body) || body.chars().count() <= width {
            out.push_str(line);
            continue;
        }
        let pre = prefix(body);
        let words: Vec<&str> = body[pre.len()..].split(' ').collect();
        let mut col = 0;
        out.push_str(pre);
        for (i, w) in words.iter().enumerate() {
            let breakable = i > 0 && !words[i - 1].is_empty() && !w.is_empty() && may_begin_line(w);
            if breakable && col + 1 + w.chars().count() > width.saturating_sub(pre.len()) {
                out.push_str(if end.is_empty() { "\n" } else { end });
                out.push_str(pre);
                col = 0;
            } else if i > 0 {
                out.push(' ');
                col += 1;
            }
            out.push_str(w);
            col += w.chars().count();
        }
        out.push_str(end);
    }
    out
}

/// Whether a word may start a continuation line without reading as something else.
fn may_begin_line(word: &str) -> bool {
    let first = word.chars().next().unwrap_or(' ');
    let labelish = first.is_ascii_digit()
        || first == '('
        || first == '§'
        || first == '#'
        || matches!(word, "-" | "–" | "—" | "*" | "•" | "+" | ">" | "=")
        || (word.len() <= 4 && word.ends_with(['.', ')']) && word.chars().next().is_some_and(char::is_alphanumeric));
    let quote_mark =
        word.starts_with(['“', '”', '"', '‘', '’', '\'', '«', '»', '„']) || word.ends_with(['“', '"', '‘', '„', '«']);
    !labelish && !quote_mark
}

/// What a sheet reads as: each instruction with its scopes, and each error, without positions,
/// with whitespace folded (a wrapped quote joins its lines with one space; a re-wrapped block
/// of new text has the same words).
pub fn reading(text: &str) -> Vec<String> {
    let mut sources = crate::Sources::new();
    let id = sources.add("sheet.amend", text);
    let (amendment, diagnostics) = super::parse(id, sources.text(id));
    let mut out: Vec<String> = amendment
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Instruction(i) => {
                let mut value = serde_json::to_value(i).expect("instructions serialise");
                let mut at = i.scope;
                let mut scopes = Vec::new();
                while let Some(Item::Scope(s)) = at.map(|k| &amendment.items[k]) {
                    scopes.push(serde_json::to_value(s).expect("scopes serialise"));
                    at = s.within;
                }
                value["scope"] = serde_json::Value::Array(scopes);
                Some(folded(value).to_string())
            }
            _ => None,
        })
        .collect();
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    out.extend(diagnostics.iter().filter(|d| d.is_error()).map(|d| format!("{}: {}", d.code, fold(&d.message))));
    out
}

/// A value without positions (spans, and `within`, an index among the sheet's items, whose
/// chain is written out instead) and with every string's whitespace folded.
fn folded(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(s) => Value::String(s.split_whitespace().collect::<Vec<_>>().join(" ")),
        Value::Array(items) => Value::Array(items.into_iter().map(folded).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(k, v)| {
                    k != "within" && !k.ends_with("span") && !(v.get("start").is_some() && v.get("end").is_some())
                })
                .map(|(k, v)| (k, folded(v)))
                .collect(),
        ),
        other => other,
    }
}

/// The sheets `ids` re-wrapped at `width` applied to `base`: `None` when they give the words of
/// `text` (the result of the sheets as written) or fail with an error; otherwise what they give.
/// A sheet whose blocks of new text re-wrapping changes is not compared.
pub fn other_words_rewrapped(
    sources: &crate::Sources,
    base: crate::FileId,
    ids: &[crate::FileId],
    text: &str,
    width: usize,
) -> Option<String> {
    let sheets: Vec<&str> = ids.iter().map(|&id| sources.text(id)).collect();
    if sheets.iter().any(|s| line_exact(s) || line_bound(s)) {
        return None;
    }
    let mut wrapped = crate::Sources::new();
    let b = wrapped.add("base.txt", sources.text(base));
    let w: Vec<_> =
        sheets.iter().enumerate().map(|(i, s)| wrapped.add(format!("{i}.amend"), rewrap(s, width))).collect();
    let options = crate::resolve::Options { renumber: true, ..crate::resolve::Options::default() };
    // A block of new text keeps the sheet's line breaks, which are its paragraphs (save where
    // its quote marks open each paragraph): re-wrapped, it is other text.
    let blocks = |sources: &crate::Sources, ids: &[crate::FileId]| -> Vec<String> {
        ids.iter().flat_map(|&id| block_texts(sources.text(id))).collect()
    };
    if blocks(sources, ids) != blocks(&wrapped, &w) {
        return None;
    }
    let out = crate::consolidate(&wrapped, b, &w, &options).ok()?;
    let words = |t: &str| t.split_whitespace().map(str::to_string).collect::<Vec<_>>();
    (words(&out.text) != words(text)).then_some(out.text)
}

/// The text of each block of new text a sheet inserts, as read.
fn block_texts(text: &str) -> Vec<String> {
    let (amendment, _) = super::parse(0, text);
    let mut out = Vec::new();
    for item in &amendment.items {
        if let Item::Instruction(i) = item {
            let value = serde_json::to_value(i).expect("instructions serialise");
            collect_blocks(&value, &mut out);
        }
    }
    out
}

/// Every `{"kind": "block", "text": …}` in a serialised instruction.
fn collect_blocks(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("kind").and_then(|k| k.as_str()) == Some("block") {
                if let Some(t) = map.get("text").and_then(|t| t.as_str()) {
                    out.push(t.to_string());
                }
            }
            map.values().for_each(|v| collect_blocks(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_blocks(v, out)),
        _ => {}
    }
}
