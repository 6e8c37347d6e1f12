//! One self-contained HTML page: inline CSS, no script, no external assets. The document with
//! `<del>`/`<ins>` marks, a margin note on each change naming its amendment and instruction, a
//! "show changes" / "clean text" switch (two radio buttons and CSS, so it works with scripts
//! off), a list of changed units linking to each, and print styles that rely on strike-through,
//! brackets, underline, italics or bold, never on colour.

use super::{Options, Piece, Style, pieces, segments, summary, title};
use crate::redline::{Change, Mark, Redline, Subject};
use crate::resolve::EditKind;
use std::fmt::Write as _;

const CSS: &str = r#"
:root { --del: #a4001d; --ins: #00622a; --muted: #555; --rule: #bbb; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 70rem; padding: 1.5rem 2rem 4rem;
  font: 1.05rem/1.55 Georgia, "Times New Roman", serif; color: #111; background: #fff; }
header h1 { font-size: 1.35rem; margin: 0 0 .4rem; }
header p { margin: .3rem 0; }
.amendments { font-size: .95rem; }
.legend, .units, .switch, .note { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
.legend { font-size: .9rem; color: var(--muted); }
.view { position: absolute; opacity: 0; width: 1px; height: 1px; margin: 0; }
.switch { display: inline-flex; margin: .6rem 0; }
.switch label { padding: .25rem .8rem; border: 1px solid #666; cursor: pointer; font-size: .9rem;
  user-select: none; }
.switch label + label { border-left: none; }
.switch label:first-child { border-radius: .35rem 0 0 .35rem; }
.switch label:last-child { border-radius: 0 .35rem .35rem 0; }
#view-changes:checked ~ header label[for=view-changes],
#view-clean:checked ~ header label[for=view-clean] { background: #222; color: #fff; }
#view-changes:focus-visible ~ header label[for=view-changes],
#view-clean:focus-visible ~ header label[for=view-clean] { outline: 3px solid #1a5fb4; outline-offset: 2px; }
.preface { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; font-size: .9rem; }
.preface h2 { font-size: .95rem; margin: .8rem 0 .3rem; }
.preface ul { margin: 0 0 .6rem; padding-left: 1.4rem; }
.units { font-size: .9rem; border-top: 1px solid var(--rule); border-bottom: 1px solid var(--rule);
  margin: .8rem 0 1.4rem; padding: .2rem 0 .5rem; }
.units h2 { font-size: .95rem; margin: .4rem 0; }
.units ol { margin: 0; padding-left: 1.4rem; columns: 16rem; }
.doc { white-space: pre-wrap; overflow-wrap: break-word; max-width: 42rem; margin-right: 21rem; }
del { color: var(--del); text-decoration: line-through; text-decoration-thickness: .08em; }
ins { color: var(--ins); text-decoration: underline; text-underline-offset: .15em; }
.style-ramseyer ins { text-decoration: none; font-style: italic; }
.style-keeling ins { text-decoration: none; font-weight: bold; }
.blank { text-decoration: none; }
br.page { break-after: page; }
.style-brackets del { text-decoration: none; }
.style-brackets del:not(.blank)::before { content: "["; }
.style-brackets del:not(.blank)::after { content: "]"; }
.note { float: right; clear: right; width: 18rem; margin: .1rem -21rem .5rem 0; padding-left: .5rem;
  border-left: 2px solid var(--rule); white-space: normal; font-size: .78rem; line-height: 1.35;
  color: var(--muted); }
.note .n, .ref { font: bold .7rem system-ui, sans-serif; color: #111; }
.ref { vertical-align: super; line-height: 0; margin: 0 .1em; }
.note cite { font-style: normal; font-weight: 600; }
.change:target del, .change:target ins { background: #fff1a8; }
#view-clean:checked ~ main del, #view-clean:checked ~ main .note,
#view-clean:checked ~ main .ref { display: none; }
#view-clean:checked ~ main ins { color: inherit; text-decoration: none; font: inherit; }
#view-clean:checked ~ main { margin-right: 0; }
@media (max-width: 62rem) {
  .doc { margin-right: 0; }
  .note { float: none; display: block; width: auto; margin: .2rem 0 .5rem 1.5rem; }
}
@media print {
  @page { margin: 2cm 1.6cm; }
  body { max-width: none; padding: 0; font-size: 11pt; color: #000; }
  .switch { display: none; }
  .legend, .note, .note .n, .ref, a { color: #000; }
  del, ins { color: #000; }
  .doc { max-width: none; margin-right: 34%; }
  .note { float: right; display: block; width: 30%; margin: 0 -34% .3rem 0; font-size: 8pt;
    border-left-color: #000; }
  .units ol { columns: 2; }
}
"#;

/// Escapes document text: a vertical tab is a line break and a form feed a page break (what
/// they mean in text pasted from Word); any other character XML forbids (which no input can
/// hold, but a library caller might pass) becomes U+FFFD, so that the page parses strictly.
fn escape(out: &mut String, text: &str) {
    escape_as(out, text, true);
}

fn escape_as(out: &mut String, text: &str, breaks: bool) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\r' => {}
            '\u{B}' if breaks => out.push_str("<br>"),
            '\u{C}' if breaks => out.push_str("<br class=\"page\">"),
            '\u{B}' | '\u{C}' => out.push(' '),
            c if crate::source::xml_forbidden(c) => out.push(char::REPLACEMENT_CHARACTER),
            c => out.push(c),
        }
    }
}

/// Escapes text for a heading, note or attribute, where a break has no place.
fn escaped(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    escape_as(&mut s, text, false);
    s
}

fn style_class(style: Style) -> &'static str {
    match style {
        Style::StrikeUnderline => "style-strike-underline",
        Style::Ramseyer => "style-ramseyer",
        Style::Keeling => "style-keeling",
        Style::Brackets => "style-brackets",
    }
}

fn kind_name(kind: EditKind) -> &'static str {
    match kind {
        EditKind::Text => "text",
        EditKind::AddUnit => "add_unit",
        EditKind::RemoveUnit => "remove_unit",
        EditKind::ReplaceUnit => "replace_unit",
        EditKind::Renumber => "renumber",
    }
}

/// What a change does, for its note.
fn what(c: &Change) -> String {
    let unit = c.unit.as_ref().map_or("text", |u| u.name.as_str());
    match c.kind {
        EditKind::Text if c.old.is_empty() => format!("{unit}: words inserted"),
        EditKind::Text if c.new.is_empty() => format!("{unit}: words deleted"),
        EditKind::Text => format!("{unit}: words replaced"),
        EditKind::AddUnit if c.unit.as_ref().is_some_and(|u| u.added) => format!("new {unit}"),
        EditKind::AddUnit => format!("new unit after {unit}"),
        EditKind::RemoveUnit => format!("{unit} removed"),
        EditKind::ReplaceUnit => format!("{unit}: text replaced"),
        EditKind::Renumber => format!("{unit} renumbered {} → {}", c.old.trim(), c.new.trim()),
    }
}

/// The margin note of a change: its number, what it does, and the instruction behind it. A
/// change made by an instruction already quoted (`TWICE`, a renumbering) refers back to the
/// first change it made, so that notes stay short enough to sit beside their changes.
fn note(out: &mut String, c: &Change, redline: &Redline) {
    let Some(s) = &c.source else { return };
    let _ = write!(
        out,
        "<sup class=\"ref\" aria-hidden=\"true\">{}</sup><span class=\"note\" role=\"note\"><b class=\"n\">{}</b> {}. ",
        c.id,
        c.id,
        escaped(&what(c))
    );
    let first = redline.changes[..c.id - 1].iter().find(|p| p.source.as_ref() == Some(s));
    match first {
        Some(p) => {
            let _ = write!(out, "Same instruction as {}.</span>", p.id);
        }
        None => {
            let _ = write!(
                out,
                "<cite>Amendment {}, line {}</cite>: {}</span>",
                s.amendment + 1,
                s.line,
                escaped(&crate::redline::one_line(&s.instruction, 160))
            );
        }
    }
}

fn header(out: &mut String, redline: &Redline, options: &Options) {
    let style = options.style;
    let _ = write!(out, "<header>\n<h1>{}</h1>\n", escaped(&title(redline, options)));
    if let Subject::Amended { amendments, .. } = &redline.subject {
        out.push_str("<p class=\"amendments\">");
        for (i, a) in amendments.iter().enumerate() {
            let _ = write!(out, "{}Amendment {}: {}", if i > 0 { "; " } else { "" }, i + 1, escaped(&a.file));
            if let Some(t) = &a.title {
                let _ = write!(out, " ({})", escaped(t));
            }
        }
        out.push_str("</p>\n");
    }
    out.push_str(concat!(
        "<div class=\"switch\" role=\"group\" aria-label=\"View\">",
        "<label for=\"view-changes\">Show changes</label>",
        "<label for=\"view-clean\">Clean text</label></div>\n"
    ));
    let notes = if redline.changes.iter().any(|c| c.source.is_some()) {
        " The note beside each change names the amendment and instruction that made it."
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "<p class=\"legend\">Legend: <del>deleted</del> <ins>inserted</ins> ({}). {}{}</p>\n</header>",
        style.describe(),
        escaped(&summary(redline)),
        notes
    );
}

/// The sections the caller puts before the document (an agenda's collisions).
fn preface(out: &mut String, options: &Options) {
    for (i, p) in options.preface.iter().enumerate() {
        let _ = writeln!(
            out,
            "<section class=\"preface\" aria-labelledby=\"preface-{i}\">\n<h2 id=\"preface-{i}\">{}</h2>\n<ul>",
            escaped(&p.heading)
        );
        for item in &p.items {
            let _ = writeln!(out, "<li>{}</li>", escaped(item));
        }
        out.push_str("</ul>\n</section>\n");
    }
}

/// The changed units, each linking to its first change.
fn units(out: &mut String, redline: &Redline) {
    if redline.changes.is_empty() {
        return;
    }
    // (unit, first change, number of changes), in order of first change.
    let mut rows: Vec<(String, usize, usize)> = Vec::new();
    let mut row_of: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for c in &redline.changes {
        let name = match &c.unit {
            // A new unit may take the number of one that is renumbered: they are two rows.
            Some(u) if u.added => format!("{} (new)", u.name),
            Some(u) => u.name.clone(),
            None => format!("Line {}", c.old_line),
        };
        match row_of.get(&name) {
            Some(&r) => rows[r].2 += 1,
            None => {
                row_of.insert(name.clone(), rows.len());
                rows.push((name, c.id, 1));
            }
        }
    }
    out.push_str(
        "<nav class=\"units\" aria-labelledby=\"units-title\">\n<h2 id=\"units-title\">Changed units</h2>\n<ol>\n",
    );
    for (name, first, count) in rows {
        let _ = writeln!(
            out,
            "<li><a href=\"#change-{first}\">{}</a>{}</li>",
            escaped(&name),
            if count > 1 { format!(" ({count} changes)") } else { String::new() }
        );
    }
    out.push_str("</ol>\n</nav>\n");
}

/// Writes marked text, with the change's note before its first visible character. Line breaks
/// and the whitespace at either end of a line stay inside the mark (so that the clean text is
/// exact) but are not decorated, so indentation is not underlined or struck.
fn marked(out: &mut String, mark: Mark, text: &str, pending: &mut Option<&Change>, redline: &Redline) {
    let tag = if mark == Mark::Delete { "del" } else { "ins" };
    let mut blank = String::new();
    for piece in pieces(text, true) {
        match piece {
            Piece::Plain(s) | Piece::Break(s) => blank.push_str(s),
            Piece::Marked(s) => {
                if !blank.is_empty() {
                    let _ = write!(out, "<{tag} class=\"blank\">");
                    escape(out, &blank);
                    let _ = write!(out, "</{tag}>");
                    blank.clear();
                }
                if let Some(c) = pending.take() {
                    note(out, c, redline);
                }
                let _ = write!(out, "<{tag}>");
                escape(out, s);
                let _ = write!(out, "</{tag}>");
            }
        }
    }
    if !blank.is_empty() {
        let _ = write!(out, "<{tag} class=\"blank\">");
        escape(out, &blank);
        let _ = write!(out, "</{tag}>");
    }
}

/// Renders the page.
pub(super) fn render(redline: &Redline, options: &Options) -> String {
    let style = options.style;
    let mut out = String::with_capacity(redline.segments.iter().map(|s| s.text.len()).sum::<usize>() * 2 + 8192);
    let _ = write!(
        out,
        concat!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
            "<meta name=\"generator\" content=\"amend {}\">\n<title>Redline: {}</title>\n<style>{}</style>\n",
            "</head>\n<body class=\"{}\">\n",
            "<input type=\"radio\" name=\"view\" id=\"view-changes\" class=\"view\" checked>\n",
            "<input type=\"radio\" name=\"view\" id=\"view-clean\" class=\"view\">\n"
        ),
        env!("CARGO_PKG_VERSION"),
        escaped(&title(redline, options)),
        CSS,
        style_class(style)
    );
    header(&mut out, redline, options);
    preface(&mut out, options);
    units(&mut out, redline);
    out.push_str("<main id=\"doc\" class=\"doc\">");
    let mut open: Option<usize> = None;
    let mut pending: Option<&Change> = None;
    for seg in segments(redline) {
        let (mark, text, change) = (seg.mark, seg.text, seg.change);
        let id = change.map(|c| c.id);
        if id != open {
            if open.is_some() {
                if let Some(c) = pending.take() {
                    note(&mut out, c, redline);
                }
                out.push_str("</span>");
            }
            if let Some(c) = change {
                let _ =
                    write!(out, "<span class=\"change\" id=\"change-{}\" data-kind=\"{}\">", c.id, kind_name(c.kind));
                pending = Some(c);
            }
            open = id;
        }
        match mark {
            Mark::Equal => escape(&mut out, text),
            _ => marked(&mut out, mark, text, &mut pending, redline),
        }
    }
    if open.is_some() {
        if let Some(c) = pending.take() {
            note(&mut out, c, redline);
        }
        out.push_str("</span>");
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_the_five_characters_and_drops_carriage_returns() {
        assert_eq!(escaped("a<b>&\"c'\r\n"), "a&lt;b&gt;&amp;&quot;c&#39;\n");
    }

    #[test]
    fn breaks_are_breaks_and_no_control_character_is_written() {
        let mut body = String::new();
        escape(&mut body, "a\u{B}b\u{C}c\u{1}d\u{FFFF}");
        assert_eq!(body, "a<br>b<br class=\"page\">c\u{FFFD}d\u{FFFD}");
        assert_eq!(escaped("a\u{B}b\u{C}c\u{1B}"), "a b c\u{FFFD}");
    }
}
