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

impl Resolver<'_> {
    /// Whether an instruction amends the base's language version (or every version). One for
    /// the other version is left out with warning W0120, as the official consolidation of the
    /// base's version leaves it out; where the base's language cannot be told, error E0214.
    pub(super) fn in_base_version(&mut self, ins: &Instruction) -> bool {
        let Some(version) = ins.version else { return true };
        let base = self.base_language();
        let name = |l: Language| match l {
            Language::English => "English",
            Language::French => "French",
        };
        match base {
            Some(l) if l == version => true,
            Some(l) => {
                self.diagnostics.push(
                    Diagnostic::warning(
                        Code::OtherVersion,
                        format!("this amends the {} version of the act; the base is the {} version, which it leaves as it is", name(version), name(l)),
                    )
                    .primary(self.origin.file, ins.span, "not applied to this base")
                    .note(format!("the official {} consolidation does not show this change either", name(l))),
                );
                false
            }
            None => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::VersionUnknown,
                        format!(
                            "this amends the {} version of the act, and whether the base is that version cannot be told from its words",
                            name(version)
                        ),
                    )
                    .primary(self.origin.file, ins.span, "amends one language version")
                    .help("apply the sheet to the version it amends; leave out the instructions for the other"),
                );
                false
            }
        }
    }

    /// The base's language, told once.
    fn base_language(&self) -> Option<Language> {
        *self.language.get_or_init(|| base_language(self.doc.text()))
    }

    /// The scopes whose every instruction amends the other language version than the base's.
    pub(super) fn other_version_scopes(&self, amendment: &Amendment) -> HashSet<usize> {
        let versioned = |i: &Instruction| i.version.is_some();
        let instructions =
            || amendment.items.iter().filter_map(|i| if let Item::Instruction(i) = i { Some(i) } else { None });
        if !instructions().any(versioned) {
            return HashSet::new();
        }
        let Some(base) = self.base_language() else { return HashSet::new() };
        let mut other: HashMap<usize, bool> = HashMap::new();
        for ins in instructions() {
            if let Some(s) = ins.scope {
                let elsewhere = ins.version.is_some_and(|v| v != base);
                *other.entry(s).or_insert(true) &= elsewhere;
            }
        }
        other.into_iter().filter_map(|(s, all)| all.then_some(s)).collect()
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

/// The language a base is written in, as far as its commonest words tell: English or French
/// (the two versions of a Canadian act), or `None` where they are too few or mixed.
pub(super) fn base_language(text: &str) -> Option<Language> {
    // The first 64 KB say it as well as the whole; the cut may fall inside a character.
    let head = &text.as_bytes()[..text.len().min(64 * 1024)];
    let (mut english, mut french) = (0usize, 0usize);
    for word in head.split(|b| !b.is_ascii_alphabetic()) {
        match word.to_ascii_lowercase().as_slice() {
            b"the" | b"and" | b"of" | b"shall" | b"is" | b"to" => english += 1,
            b"le" | b"la" | b"les" | b"des" | b"et" | b"du" | b"est" | b"au" => french += 1,
            _ => {}
        }
    }
    if english >= 10 && english > 4 * french {
        Some(Language::English)
    } else if french >= 10 && french > 4 * english {
        Some(Language::French)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_base_language_is_told_by_its_commonest_words() {
        let en = "3 (1) No person shall sell a widget without a licence. (2) The Minister may issue a licence to any person who applies in the form and pays the fee of the Minister. ";
        let fr = "3 (1) Il est interdit de vendre un gadget sans licence. (2) Le ministre peut délivrer une licence à la personne qui en fait la demande et paie les droits du ministre et des frais au besoin. ";
        assert_eq!(base_language(&en.repeat(2)), Some(Language::English));
        assert_eq!(base_language(&fr.repeat(2)), Some(Language::French));
        assert_eq!(base_language(&format!("{en}{fr}")), None, "mixed");
        assert_eq!(base_language("Rule 1. The club."), None, "too few words");
    }
}
