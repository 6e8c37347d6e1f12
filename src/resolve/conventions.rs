//! What a repealed unit leaves behind. Organisations delete it; official consolidations of
//! legislation keep its number with a note: Justice Canada `(3) [Repealed, 2024, c. 14, s. 1]`,
//! the DC Code `(1) Repealed.` The convention is the consolidation's, not the amendment's, so
//! it is an option; by default it is read off the base, and asked for where it cannot be.

use super::*;

/// The convention for repealed units (`--repealed`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Repealed {
    /// Follow the base: the note it already prints for repealed units, where it is always the
    /// same (`Repealed.`); removal in a text that is not a statute; and where a statute's
    /// convention cannot be known (no placeholders, or placeholders that cite their amending
    /// act), an error that asks for it.
    #[default]
    Auto,
    /// Remove repealed units.
    Delete,
    /// Keep the unit's number with this note; `{section}` is the number of the amending act's
    /// section that repeals it: `[Repealed, 2024, c. 14, s. {section}]`.
    Note(String),
}

impl Repealed {
    /// Reads the option's value: `auto`, `delete`, or a note.
    pub fn parse(value: &str) -> Repealed {
        match value.trim() {
            "auto" => Repealed::Auto,
            "delete" | "remove" => Repealed::Delete,
            note => Repealed::Note(note.to_string()),
        }
    }
}

impl Resolver<'_> {
    /// Repeals unit `u`: removes it, or leaves its number with the convention's note.
    pub(super) fn repeal_unit(&mut self, ins: &Instruction, u: UnitId) {
        match self.repeal_note(ins) {
            Ok(None) => self.remove_unit(u),
            Ok(Some(note)) => self.leave_note(u, &note),
            Err(d) => self.diagnostics.push(*d),
        }
    }

    /// The note a repealed unit leaves under the convention in force (`None`: it is removed).
    pub(super) fn repeal_note(&self, ins: &Instruction) -> Result<Option<String>, Box<Diagnostic>> {
        let section = || {
            ins.section.clone().ok_or_else(|| {
                Box::new(
                    Diagnostic::error(
                        Code::RepealConvention,
                        "the note for repealed units names the amending section, and this instruction is in none",
                    )
                    .primary(self.origin.file, ins.span, "no section number of the amending act here")
                    .help("write the note without {section}, or number the amending provisions"),
                )
            })
        };
        match &self.repealed {
            Repealed::Delete => Ok(None),
            Repealed::Note(t) if t.contains("{section}") => Ok(Some(t.replace("{section}", &section()?))),
            Repealed::Note(t) => Ok(Some(t.clone())),
            Repealed::Auto => {
                // The notes numbered units keep (`(B) Repealed.`): a code's repealed section
                // prints its heading and notes of its own (`Repealed` / `Repealed.`); of a note
                // over several lines, the last.
                let notes_of = |numbered: bool| -> Vec<&str> {
                    self.doc
                        .units()
                        .filter(|(_, u)| !numbered || u.label.is_some())
                        .filter_map(|(_, u)| u.repealed().map(|s| self.doc.slice(s).trim()))
                        .filter_map(|n| n.lines().map(str::trim).rfind(|l| !l.is_empty()))
                        .collect()
                };
                let numbered = notes_of(true);
                let notes = if numbered.is_empty() { notes_of(false) } else { numbered };
                let cites = |n: &str| n.chars().any(|c| c.is_ascii_digit());
                match notes.first() {
                    // `Repealed.` everywhere: the base's own note, with nothing to fill in.
                    Some(first) if notes.iter().all(|n| n == first) && !cites(first) => Ok(Some(first.to_string())),
                    Some(example) if notes.iter().any(|n| cites(n)) => Err(self.convention_unknown(
                        ins,
                        format!(
                            "this base keeps repealed units as notes that cite the amending act (“{example}”), and which act this is the sheet does not say"
                        ),
                    )),
                    Some(example) => Err(self.convention_unknown(
                        ins,
                        format!("this base keeps repealed units with notes that differ (“{example}” and others), and which one a new repeal leaves is not known"),
                    )),
                    None if ins.repeal && self.statute => Err(self.convention_unknown(
                        ins,
                        "this is a statute, whose consolidations keep a repealed unit's number with a note, and the base shows no such note to follow".to_string(),
                    )),
                    None => Ok(None),
                }
            }
        }
    }

    fn convention_unknown(&self, ins: &Instruction, why: String) -> Box<Diagnostic> {
        Box::new(
            Diagnostic::error(Code::RepealConvention, "what a repealed unit leaves behind is not known")
                .primary(self.origin.file, ins.span, "repeals a unit")
                .note(why)
                .help("say it with --repealed (or `repealed:` in constitution.yaml): `--repealed delete`, or the note, e.g. `--repealed \"[Repealed, 2024, c. 14, s. {section}]\"`"),
        )
    }

    /// Replaces unit `u` (its marginal note and everything in it) by its number and `note`:
    /// `(3) [Repealed, 2024, c. 14, s. 1]`; a heading keeps its first line, with the note below.
    pub(super) fn leave_note(&mut self, u: UnitId, note: &str) {
        let unit = self.doc.unit(u).clone();
        self.claimed.insert(u);
        self.repealed_units.insert(u);
        let le = self.doc.line_ending().as_str();
        let (range, text) = match (&unit.kind, &unit.label) {
            (UnitKind::Heading { .. }, _) | (_, None) => {
                let first = self.doc.first_line(u);
                (Span::new(first.end, unit.span.end), format!("{le}{note}"))
            }
            (_, Some(label)) => {
                let start = unit.note().map_or(label.span.start, |n| n.start).min(label.span.start);
                (Span::new(start, unit.span.end), format!("{} {note}", self.doc.slice(label.span)))
            }
        };
        self.push(range, text, EditKind::RemoveUnit, Some(u));
    }
}

/// Whether a base reads as a statute: marginal notes, definitions, subsections.
pub(super) fn is_statute(doc: &Document) -> bool {
    doc.units().any(|(id, u)| {
        u.note().is_some()
            || u.term().is_some()
            || matches!(doc.word(id), crate::document::Word::Subsection | crate::document::Word::Subparagraph)
    })
}
