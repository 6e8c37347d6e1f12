//! Re-wrapping a sheet as a mail program or a PDF copy would, for the tests and fuzz targets
//! that hold the reader to wrap-invariance: wrapping never changes what a sheet says.

/// Whether a sheet is written as a restatement or a diff, whose lines are its meaning.
pub fn line_exact(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        t.starts_with("@@") || t.starts_with("=====") || t.starts_with("+++") || t.contains("[-") || t.contains("{+")
    }) || text.lines().filter(|l| l.starts_with('+') || l.starts_with('-')).count() > 1
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
