//! Reports on a history as plain text: the log, the references a version affects, the agenda
//! and the verification of a published text. The command line prints them; `site` writes them.

use super::agenda::{Agenda, Fate as AgendaFate};
use super::verify::{Drift, Verdict};
use super::{Built, Cause, Fate, History, Moved};
use crate::document::Document;
use crate::manifest::{Manifest, Status};
use std::fmt::Write as _;

/// Versions, oldest first, each with its amendments and what became of them.
pub fn log(manifest: &Manifest) -> String {
    let mut out = String::new();
    if let Some(t) = &manifest.title {
        let _ = writeln!(out, "{t}");
    }
    let _ = writeln!(out, "Base text: {}", manifest.base);
    let width = manifest.versions.iter().map(|v| v.name.chars().count()).max().unwrap_or(0);
    for v in &manifest.versions {
        let event = v.event.as_deref().map(|e| format!("  {e}")).unwrap_or_default();
        let _ = writeln!(out, "\n{:<width$}  {}{event}", v.name, v.date);
        if v.amendments.is_empty() {
            let _ = writeln!(out, "{:width$}  no amendments", "");
        }
        for e in &v.amendments {
            let mover = e.mover.as_deref().map(|m| format!(" — {m}")).unwrap_or_default();
            let file = e.file.as_deref().map(|f| format!(" ({f})")).unwrap_or_default();
            let _ = writeln!(out, "{:width$}  {:<9}  {}{mover}{file}", "", e.status.as_str(), e.title);
        }
    }
    out
}

/// The line of the text a byte offset is on.
fn line_of(doc: &Document, offset: usize) -> usize {
    doc.text()[..offset].matches('\n').count() + 1
}

/// One affected reference, on one line.
pub fn moved_line(history: &History<'_>, version: usize, doc: &Document, m: &Moved) -> String {
    let place = m.unit.map(|u| doc.describe(u)).unwrap_or_else(|| "the text".into());
    let line = line_of(doc, m.reference.span.start);
    let written = doc.slice(m.reference.span);
    let fate = match &m.fate {
        Fate::Renumbered { to, fixed: false } => format!("it is now {to}"),
        Fate::Renumbered { to, fixed: true } => format!("updated to {to}"),
        Fate::Removed { by: Some(Cause::Amendment(j)) } => {
            let j = *j;
            format!("removed by “{}”", history.manifest.versions[version].amendments[j].title)
        }
        Fate::Removed { .. } => "removed".to_string(),
    };
    format!("{place} (line {line}): “{written}” pointed to {}; {fate}", m.target)
}

/// The references a version's renumbering or removals affect, or `None` if there are none.
pub fn references(history: &History<'_>, built: &Built) -> Option<String> {
    if built.moved.is_empty() {
        return None;
    }
    let name = &history.manifest.versions[built.version].name;
    let mut out = format!("Version {name} renumbers or removes units that its text refers to:\n");
    for m in &built.moved {
        let _ = writeln!(out, "  {}", moved_line(history, built.version, &built.document, m));
    }
    Some(out)
}

/// The agenda: the amendments considered, the collisions, and the text of the preview.
pub fn agenda(history: &History<'_>, agenda: &Agenda, previous: &str) -> String {
    let m = history.manifest;
    let v = &m.versions[agenda.version];
    let entries = &v.amendments;
    let mut out = String::new();
    let event = v.event.as_deref().map(|e| format!(", {e}")).unwrap_or_default();
    let _ = writeln!(out, "Agenda: version {} ({}{event})", v.name, v.date);
    let assumed = match agenda.assume {
        super::agenda::Assume::Carried => "amendments carried so far and every pending one (--assume carried)",
        super::agenda::Assume::All => "every amendment with a sheet, whatever its status (--assume all)",
    };
    let _ = writeln!(out, "Drafted against {previous}. The preview applies the {assumed}.\n");
    let _ = writeln!(out, "Amendments:");
    let width = entries.iter().map(|e| e.title.chars().count()).max().unwrap_or(0);
    for (j, e) in entries.iter().enumerate() {
        let fate = agenda.considered.iter().find(|(k, _)| *k == j).map(|(_, f)| f);
        let what = match fate {
            Some(AgendaFate::Applied) => "in the preview".to_string(),
            Some(AgendaFate::LeftOut { collides_with }) => {
                let other = &entries[*collides_with];
                if other.status == Status::Carried {
                    format!("falls: collides with {} ({}), carried", collides_with + 1, other.title)
                } else {
                    format!("left out: collides with {} ({})", collides_with + 1, other.title)
                }
            }
            Some(AgendaFate::Fails(d)) => format!("does not apply ({} error(s); see the diagnostics)", d.len()),
            None => "not in the preview".to_string(),
        };
        let _ = writeln!(out, "  {:>2}  {:<9}  {:<width$}  {what}", j + 1, e.status.as_str(), e.title);
    }
    let pending: Vec<String> = v.with_status(Status::Pending).map(|(j, e)| format!("{} {}", j + 1, e.title)).collect();
    let _ = writeln!(out, "\nStill to be voted on: {}.", pending.join(", "));
    if agenda.collisions.is_empty() {
        let _ = writeln!(out, "\nNo collisions: no two amendments touch the same text.");
    } else {
        let _ = writeln!(
            out,
            "\nCollisions (composite each pair, or take them in order: once one is carried, the other falls):"
        );
        for c in &agenda.collisions {
            let text = crate::redline::one_line(&c.text, 80);
            let place = c.unit.as_deref().unwrap_or("the text");
            let _ = writeln!(
                out,
                "  {} {} × {} {} — {place}: “{text}”",
                c.first + 1,
                entries[c.first].title,
                c.second + 1,
                entries[c.second].title
            );
        }
    }
    if !agenda.moved.is_empty() {
        let preview = Document::parse(usize::MAX, &agenda.outcome.text);
        let _ = writeln!(out, "\nReferences to units the preview renumbers or removes:");
        for mv in &agenda.moved {
            let _ = writeln!(out, "  {}", moved_line(history, agenda.version, &preview, mv));
        }
    }
    out
}

/// The verdict on a published text, in words (the redline of any drift is printed after it).
pub fn verify(history: &History<'_>, version: usize, published: &str, verdict: &Verdict) -> String {
    let m = history.manifest;
    let name = |k: usize| format!("version {}", m.versions[k].name);
    let event = |k: usize| {
        let v = &m.versions[k];
        v.event.as_deref().map_or_else(|| v.date.to_string(), |e| format!("{e}, {}", v.date))
    };
    let built = name(version);
    match verdict {
        Verdict::Identical => format!("{published} is identical to {built} as rebuilt from the manifest.\n"),
        Verdict::Whitespace => format!(
            "{published} matches {built} as rebuilt from the manifest (word for word; spacing or line breaks differ).\n"
        ),
        Verdict::Drift(Drift { same_as, units, first, redline }) => {
            let mut out = format!("{published} differs from {built} as rebuilt from the manifest");
            let n = redline.changes.len();
            let _ = writeln!(out, " ({n} difference{}).", if n == 1 { "" } else { "s" });
            if let Some(j) = same_as {
                let _ = writeln!(out, "It is {} word for word: the changes carried since are missing.", name(*j));
            }
            let _ = writeln!(out, "It first diverges at {} ({}).\n", name(*first), event(*first));
            for u in units {
                let title = |c: &super::Change| {
                    format!("{} “{}”", m.versions[c.version].name, history.cause_title(c.version, c.cause))
                };
                let what = match (u.reads_as, &u.last) {
                    (Some(j), _) => {
                        let missing: Vec<String> = u.missing.iter().map(title).collect();
                        let missing = if missing.is_empty() {
                            String::new()
                        } else {
                            format!("; missing: {}", missing.join(", "))
                        };
                        format!("reads as in {}{missing}", name(j))
                    }
                    (None, Some(last)) => format!("reads as in no version; last changed by {}", title(last)),
                    (None, None) => "reads as in no version; no amendment changed it".to_string(),
                };
                let _ = writeln!(out, "  {} (line {}): {what}", u.name, u.line);
            }
            out
        }
    }
}
