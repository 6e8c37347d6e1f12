//! A block's text as it is to go into the document: without the indentation that set it off
//! in the sheet, and without the quote marks of a quoted provision.

use super::line::Quotation;

/// A block without the indentation all its lines share: that indentation sets the text off in
/// the amendment sheet; it is not part of the text. Indentation within the block is kept.
pub(super) fn dedent(text: &str) -> String {
    let indent = |l: &str| l.len() - l.trim_start_matches([' ', '\t']).len();
    let common = text.lines().filter(|l| !l.trim().is_empty()).map(indent).min().unwrap_or(0);
    text.lines().map(|l| if l.trim().is_empty() { "" } else { &l[common..] }).collect::<Vec<_>>().join("\n")
}

/// US, UK and DC bills quote inserted provisions: the text opens with “ (US and DC bills open
/// every paragraph so) and the last paragraph closes with ”. Those marks are the amending
/// text's, not the law's, so they are removed, and quotes inside are promoted one level
/// (‘State’ → “State”), as the consolidated text prints them. Blocks typed with straight quotes
/// do the same with `"`, when every line opens with one or the marks pair up as one quotation
/// (so that `"Member" means a "tenant".` keeps its quotes).
pub(super) fn unquote_block(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    let (Some(first), Some(last)) = (first, last) else { return text.to_string() };
    let end_of = |line: &str| {
        let t = line.trim_end();
        let t = t.strip_suffix(" and").or_else(|| t.strip_suffix(" or")).unwrap_or(t);
        t.trim_end_matches(['.', ';', ',']).len()
    };
    let opening = lines[first].trim_start().chars().next();
    let (open, close) = match opening {
        Some('“') => ('“', '”'),
        Some('"') => ('"', '"'),
        Some('‘') => ('‘', '’'),
        _ => return text.to_string(),
    };
    if !lines[last][..end_of(lines[last])].ends_with(close) {
        return text.to_string();
    }
    // DC bills open every paragraph with the mark; a copy wrapped at some width has lines that
    // go on a paragraph, and a quoted term may open one of those.
    let mut quotation = Quotation::new(open);
    let opens: Vec<bool> = lines.iter().map(|l| quotation.line(l).opens).collect();
    let every_line = lines.iter().zip(&opens).all(|(l, &o)| o || l.trim().is_empty());
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            out.push(String::new());
            continue;
        }
        let indent = &line[..line.len() - line.trim_start().len()];
        let body = line.trim_start();
        let mut body = if opens[i] { body.strip_prefix(open).unwrap_or(body) } else { body }.to_string();
        if i == last {
            let t = body[..end_of(&body)].to_string();
            body = t.strip_suffix(close).unwrap_or(&t).to_string();
        }
        out.push(format!("{indent}{}", body.trim_end()));
    }
    let out = out.join("\n");
    // Blocks typed with straight quotes whose marks do not pair up as one quotation keep them.
    if open == '"' && !every_line && !quotes_pair(&out) {
        return text.to_string();
    }
    if open == '“' { promote_quotes(&out) } else { out }
}

/// Whether the straight quotes of a line open and close in turn: an opening one at the start
/// or after a space or bracket, a closing one anywhere else.
fn quotes_pair(line: &str) -> bool {
    let mut open = false;
    let mut before = None;
    for c in line.chars() {
        if c == '"' {
            let opens = before.is_none_or(|b: char| b.is_whitespace() || "([{—–".contains(b));
            if opens == open {
                return false;
            }
            open = opens;
        }
        before = Some(c);
    }
    !open
}

/// ‘x’ → “x”: an opening single quote and the closing one that pairs with it. An apostrophe
/// (’ inside a word, `individual’s`) is left alone.
fn promote_quotes(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out: Vec<char> = chars.clone();
    let mut open: Vec<usize> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '‘' => open.push(i),
            '’' => {
                let next_is_letter = chars.get(i + 1).is_some_and(|n| n.is_alphanumeric());
                if !next_is_letter {
                    if let Some(o) = open.pop() {
                        out[o] = '“';
                        out[i] = '”';
                    }
                }
            }
            _ => {}
        }
    }
    out.into_iter().collect()
}
