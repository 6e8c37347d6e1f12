//! A preview for members (`amend preview`): each unit an amendment touches as it stands, as it
//! would read, and with its changes marked — the order in which a meeting reads a motion.

use super::{Options, ansi, markdown, plain};
use crate::redline::preview::{Preview, UnitPreview};

/// The formats a preview comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PreviewFormat {
    Ansi,
    Plain,
    Markdown,
}

/// Renders a preview; `title` names the amendment and base.
pub fn render(preview: &Preview, title: &str, format: PreviewFormat, options: &Options) -> String {
    let legend = match format {
        PreviewFormat::Ansi => ansi::legend(options),
        PreviewFormat::Plain => plain::LEGEND.to_string(),
        PreviewFormat::Markdown => markdown::legend(options.style),
    };
    let md = format == PreviewFormat::Markdown;
    let mut out =
        if md { format!("**Preview:** {title}\\\n{legend}\n") } else { format!("Preview: {title}\n{legend}\n") };
    if preview.units.is_empty() {
        out.push_str("\nThe amendment changes no unit's text.\n");
    }
    for unit in &preview.units {
        out.push('\n');
        unit_section(&mut out, unit, format, options);
    }
    if !preview.renumbered.is_empty() {
        let list: Vec<String> =
            preview.renumbered.iter().map(|(o, n)| format!("{} → {}", o.trim(), n.trim())).collect();
        out.push_str(&format!("\nRenumbered: {}.\n", list.join(", ")));
    }
    out
}

fn unit_section(out: &mut String, unit: &UnitPreview, format: PreviewFormat, options: &Options) {
    let md = format == PreviewFormat::Markdown;
    out.push_str(&if md { format!("### {}\n\n", unit.unit.name) } else { format!("{}\n", unit.unit.name) });
    for s in &unit.sources {
        let line = format!("{}, line {}: {}", s.file, s.line, s.instruction);
        out.push_str(&if md { format!("Instruction: {line}\n\n") } else { format!("  Instruction: {line}\n") });
    }
    let marked = match format {
        PreviewFormat::Ansi => ansi::body(&unit.redline, options),
        PreviewFormat::Plain => plain::body(&unit.redline),
        PreviewFormat::Markdown => markdown::body(&unit.redline, options.style),
    };
    let parts: [(&str, String); 3] = if unit.changed() {
        [
            ("As it stands", unit.before()),
            ("As it would read", {
                let after = unit.after();
                if after.trim().is_empty() { "(removed)".to_string() } else { after }
            }),
            ("Changes", marked),
        ]
    } else {
        [("As it stands (no change)", unit.before()), ("", String::new()), ("", String::new())]
    };
    for (heading, text) in parts.iter().filter(|(h, _)| !h.is_empty()) {
        let text = text.trim_matches(['\n', '\r']);
        if md {
            out.push_str(&format!("**{heading}:**\n\n{}\n\n", indent(text, "> ")));
        } else {
            out.push_str(&format!("  {heading}:\n{}\n", indent(text, "    ")));
        }
    }
}

/// Each line prefixed; blank lines get the prefix without trailing spaces.
fn indent(text: &str, prefix: &str) -> String {
    text.lines()
        .map(|l| if l.trim().is_empty() { prefix.trim_end().to_string() } else { format!("{prefix}{l}") })
        .collect::<Vec<_>>()
        .join("\n")
}
