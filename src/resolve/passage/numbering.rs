//! The numbers of a restatement's new units, checked against how the base numbers units where
//! they go; and the renumbering that its removals and additions cause, checked against the
//! numbers it quotes.

use super::super::*;
use super::Work;
use crate::document::System;

/// How a label is written around its number: `{}.` for `7.`, `({})` for `(b)`, `{}` for
/// `9.1`, with the number's depth and counting system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Form {
    template: String,
    depth: usize,
    system: System,
    /// A single letter that is also a roman numeral (`i`, `v`): either system.
    ambiguous: bool,
}

impl Form {
    fn of(printed: &str, number: &Number) -> Option<Form> {
        let key = number.key();
        let at = printed.find(&key)?;
        let last = number.last()?;
        Some(Form {
            template: format!("{}{{}}{}", &printed[..at], &printed[at + key.len()..]),
            depth: number.parts.len(),
            system: last.system,
            ambiguous: last.ambiguous,
        })
    }

    /// Whether two labels are written alike, so that they can be items of one list.
    pub(super) fn same(&self, other: &Form) -> bool {
        let alpha = |s: System| match s {
            System::LowerRoman => System::LowerAlpha,
            System::UpperRoman => System::UpperAlpha,
            s => s,
        };
        let systems = self.system == other.system
            || ((self.ambiguous || other.ambiguous) && alpha(self.system) == alpha(other.system));
        self.template == other.template && self.depth == other.depth && systems
    }

    /// The label of this form for a number given as its key.
    fn write(&self, key: &str) -> String {
        self.template.replacen("{}", key, 1)
    }
}

/// A numbered paragraph the restatement adds.
#[derive(Debug, Clone)]
pub(super) struct NewLabel {
    /// The label as written (`5.1`, `7.`).
    pub printed: String,
    pub number: Number,
    pub form: Form,
}

impl NewLabel {
    /// The label a new paragraph starts with, if any.
    pub(super) fn read(para: &str) -> Option<NewLabel> {
        let (len, number) = line_label(para)?;
        let printed = para.get(..len)?.trim().to_string();
        let form = Form::of(&printed, &number)?;
        Some(NewLabel { printed, number, form })
    }

    /// Whether it is the first number of a list (`1.`, `(a)`, `i)`).
    fn first_of_list(&self) -> bool {
        self.number.last().is_some_and(|c| c.value == 1 && c.suffix.is_empty())
    }
}

/// Why a new unit's number is refused.
#[derive(Debug)]
pub(super) struct Refusal {
    /// Index of the label in [`Work::labels`].
    pub label: usize,
    pub diagnostic: Diagnostic,
}

impl Resolver<'_> {
    /// The form of a unit's label, as the base prints it (with its keyword, if on its line).
    pub(super) fn form_of(&self, u: UnitId) -> Option<Form> {
        let label = self.doc.unit(u).label.as_ref()?;
        let line = self.doc.first_line(u);
        let start =
            if line.start <= label.span.start && label.span.end <= line.end { line.start } else { label.span.start };
        Form::of(&self.doc.text()[start..label.span.end], &label.number)
    }

    /// The label as the base prints it.
    fn printed(&self, u: UnitId) -> String {
        self.doc.unit(u).label.as_ref().map(|l| self.doc.slice(l.span).to_string()).unwrap_or_default()
    }

    /// Checks the label of a new paragraph going in at `at`: it must be written as the units
    /// around it are (a new item of their list), or start a list as the base starts lists in
    /// units like the one it goes in. A refusal is recorded in `work`.
    pub(super) fn check_label(&mut self, ins: &Instruction, para: &str, at: usize, work: &mut Work) {
        let Some(label) = NewLabel::read(para) else { return };
        let index = work.labels.len();
        let verdict = self.label_fits(&label, at, work);
        work.labels.push(label);
        if let Err(d) = verdict {
            work.refusals
                .push(Refusal { label: index, diagnostic: d.primary(self.origin.file, ins.span, "this restatement") });
        }
    }

    fn label_fits(&self, label: &NewLabel, at: usize, work: &Work) -> Result<(), Diagnostic> {
        // A new item after another new item of the same list.
        if work.labels.iter().any(|e| e.form.same(&label.form)) {
            return Ok(());
        }
        let around: Vec<UnitId> = self.labelled_around(at);
        if around.iter().any(|&u| self.form_of(u).is_some_and(|f| f.same(&label.form))) {
            return Ok(());
        }
        let holder = around.first().copied().filter(|&u| self.doc.unit(u).span.start < at);
        let list_note = |d: Diagnostic| match holder.and_then(|h| self.list_of(h)) {
            Some(note) => d.note(note),
            None => d,
        };
        if !label.first_of_list() {
            let d = Diagnostic::error(
                Code::NumberingUnclear,
                format!(
                    "the restatement adds a unit numbered `{}`, which neither continues the numbering around it nor starts a list",
                    label.printed
                ),
            );
            let d = match holder {
                Some(h) => d.secondary(self.doc.file(), self.doc.first_line(h), "it goes after this"),
                None => d,
            };
            // A unit around it numbered as deep, in the same system: how the base writes it.
            let alike = around.iter().find_map(|&u| {
                let f = self.form_of(u)?;
                (f.depth == label.form.depth && f.system == label.form.system).then_some((u, f))
            });
            let help = "a clerk must decide how the new unit is numbered: write its number in the restatement as the base numbers units there";
            return Err(match alike {
                Some((u, f)) => d
                    .note(format!("the base writes {} `{}`", self.doc.describe(u), self.printed(u)))
                    .help(format!("{help} (here `{}`)", f.write(&label.number.key()))),
                None => list_note(d).help(help),
            });
        }
        let place = |d: Diagnostic| match holder {
            Some(h) => {
                d.secondary(self.doc.file(), self.doc.first_line(h), format!("it goes in {}", self.doc.describe(h)))
            }
            None => d,
        };
        let mut precedent = holder.map(|h| self.first_children(h)).unwrap_or_default();
        if precedent.iter().any(|(f, _)| f.same(&label.form)) {
            return Ok(());
        }
        let Some(holder) = holder.filter(|_| !precedent.is_empty()) else {
            // Nothing like it to follow: it must at least be written as the base writes numbers
            // as deep, in the same system, if it has any.
            return self.written_as_elsewhere(label, holder);
        };
        // The form closest to the one written (as deep) first.
        precedent.sort_by_key(|(f, _)| f.depth != label.form.depth);
        // The number as each form would write it.
        let rewrite = |form: &Form| {
            if form.depth == label.form.depth {
                Some(form.write(&label.number.key()))
            } else if form.depth == 1 {
                Some(form.write(&crate::document::format_value(1, form.system)))
            } else {
                None
            }
        };
        let shown: Vec<String> =
            precedent.iter().map(|(f, e)| format!("`{}`", rewrite(f).unwrap_or_else(|| self.printed(*e)))).collect();
        let examples: Vec<String> =
            precedent.iter().map(|(_, e)| format!("`{}` in {}", self.printed(*e), self.doc.describe(*e))).collect();
        let d = Diagnostic::error(
            Code::NumberingUnclear,
            format!(
                "the restatement numbers a new unit `{}` inside {}, where the base would write {}",
                label.printed,
                self.doc.describe(holder),
                shown.join(" or ")
            ),
        )
        .note(format!(
            "the base numbers the first unit inside a unit like {} so: {}",
            self.doc.describe(holder),
            examples.join("; ")
        ));
        Err(list_note(place(d)).help(format!(
            "a clerk must decide how the new unit is numbered: write its number in the restatement as the base numbers units there (here {})",
            shown[0]
        )))
    }

    /// A new list's first number where the base starts no list like it: refused if the base
    /// writes numbers as deep, in the same system, otherwise (`4.1` where it has `2.1.`).
    fn written_as_elsewhere(&self, label: &NewLabel, holder: Option<UnitId>) -> Result<(), Diagnostic> {
        let mut alike: Option<(UnitId, Form)> = None;
        for (u, _) in self.doc.units() {
            let Some(f) = self.form_of(u) else { continue };
            if f.depth != label.form.depth || f.system != label.form.system {
                continue;
            }
            if f.same(&label.form) {
                return Ok(());
            }
            alike = alike.or(Some((u, f)));
        }
        let Some((example, form)) = alike else { return Ok(()) };
        let written = form.write(&label.number.key());
        let d = Diagnostic::error(
            Code::NumberingUnclear,
            format!("the restatement numbers a new unit `{}`, where the base would write `{written}`", label.printed),
        )
        .note(format!(
            "the base writes numbers as deep as this one so: `{}` ({})",
            self.printed(example),
            self.doc.describe(example)
        ));
        let d = match holder {
            Some(h) => {
                d.secondary(self.doc.file(), self.doc.first_line(h), format!("it goes in {}", self.doc.describe(h)))
            }
            None => d,
        };
        Err(d.help(format!(
            "a clerk must decide how the new unit is numbered: write its number in the restatement as the base numbers units (here `{written}`)"
        )))
    }

    /// The numbered units around a point: the ones holding the text just before it, innermost
    /// first, and the one starting right after it.
    fn labelled_around(&self, at: usize) -> Vec<UnitId> {
        let mut out = Vec::new();
        let mut unit = at.checked_sub(1).and_then(|p| self.doc.unit_at(self.prev_content(p + 1).saturating_sub(1)));
        while let Some(u) = unit {
            if self.doc.unit(u).label.is_some() {
                out.push(u);
            }
            unit = self.doc.unit(u).parent;
        }
        let next = self.next_content(at);
        if let Some(u) = self.doc.unit_at(next).filter(|&u| self.doc.unit(u).span.start == next) {
            if self.doc.unit(u).label.is_some() {
                out.push(u);
            }
        }
        out
    }

    /// `Paragraph 4.1(5) is item `5.` of a list numbered `1.` to `6.``, for a unit in a list.
    fn list_of(&self, u: UnitId) -> Option<String> {
        if matches!(self.doc.unit(u).kind, UnitKind::Heading { .. }) {
            return None;
        }
        let form = self.form_of(u)?;
        let siblings: Vec<UnitId> = self
            .doc
            .children_of(self.doc.unit(u).parent)
            .iter()
            .copied()
            .filter(|&s| self.form_of(s).is_some_and(|f| f.same(&form)))
            .collect();
        let (first, last) = (siblings.first()?, siblings.last()?);
        Some(format!(
            "{} is item `{}` of a list numbered `{}` to `{}`",
            self.doc.describe(u),
            self.printed(u),
            self.printed(*first),
            self.printed(*last)
        ))
    }

    /// How the base numbers the first numbered unit inside units numbered like `holder` (and of
    /// its kind, heading or not): each form once, with an example.
    fn first_children(&self, holder: UnitId) -> Vec<(Form, UnitId)> {
        let Some(form) = self.form_of(holder) else { return Vec::new() };
        let heading = |u: UnitId| matches!(self.doc.unit(u).kind, UnitKind::Heading { .. });
        let mut seen = HashSet::new();
        let mut out: Vec<(Form, UnitId)> = Vec::new();
        // The holder's own first numbered unit is the best example.
        let own = self
            .doc
            .subtree(holder)
            .skip(1)
            .map(UnitId)
            .find(|&c| self.doc.unit(c).label.is_some() && self.doc.numbered_parent(c) == Some(holder));
        let units = own.into_iter().map(|c| (c, self.doc.unit(c))).chain(self.doc.units());
        for (c, unit) in units {
            if unit.label.is_none() {
                continue;
            }
            let Some(p) = self.doc.numbered_parent(c) else { continue };
            if heading(p) != heading(holder) || !self.form_of(p).is_some_and(|f| f.same(&form)) || !seen.insert(p) {
                continue;
            }
            if let Some(f) = self.form_of(c) {
                if !out.iter().any(|(g, _)| g.same(&f)) {
                    out.push((f, c));
                }
            }
        }
        out
    }

    /// Whether the units after `around` may be renumbered for a unit removed (or added after
    /// it): `Some(flag)` to record the change with, `None` when the restatement quotes their
    /// numbers in a way the renumbering would contradict (reported).
    pub(super) fn shifted_numbers(
        &mut self,
        ins: &Instruction,
        around: UnitId,
        added: Option<&str>,
        work: &mut Work,
    ) -> Option<bool> {
        let unit = self.doc.unit(around);
        let (Some(label), true) = (&unit.label, self.renumber) else { return Some(self.renumber) };
        let style = label.style;
        let family = |u: UnitId| {
            self.doc.unit(u).label.as_ref().is_some_and(|l| {
                l.style.shape == style.shape && l.style.depth == style.depth && l.style.system == style.system
            })
        };
        let siblings = self.doc.children_of(unit.parent);
        let pos = siblings.iter().position(|&s| s == around)?;
        let removed: HashSet<UnitId> = work.removals.iter().map(|r| r.0).collect();
        let following: Vec<UnitId> =
            siblings[pos + 1..].iter().copied().filter(|&s| family(s) && !removed.contains(&s)).collect();
        let (mut kept, mut relabelled, mut unquoted) = (Vec::new(), 0, 0);
        for &f in &following {
            for id in self.doc.subtree(f) {
                let Some(l) = &self.doc.unit(UnitId(id)).label else { continue };
                match work.quoted(l.span.start) {
                    None => unquoted += 1,
                    Some(false) => kept.push(UnitId(id)),
                    Some(true) => relabelled += 1,
                }
            }
        }
        if kept.is_empty() && relabelled == 0 {
            return Some(true);
        }
        if kept.is_empty() && unquoted == 0 {
            // The restatement numbers them itself.
            return Some(false);
        }
        let what = match added {
            Some(l) => format!("adding `{l}` after {}", self.doc.describe(around)),
            None => format!("removing {}", self.doc.describe(around)),
        };
        let d = match kept.first() {
            Some(&k) => Diagnostic::error(
                Code::NumberingUnclear,
                format!("{what} renumbers the units after it, but the restatement keeps `{}` as it is", self.printed(k)),
            )
            .secondary(self.doc.file(), self.doc.handle(k), "quoted unchanged")
            .help("mark the new numbers in the restatement ([-4.-] {+3.+}), or apply with --no-renumber if the numbers are to stay"),
            None => Diagnostic::error(
                Code::NumberingUnclear,
                format!("{what} renumbers the units after it; the restatement renumbers some of them, but not all"),
            )
            .help("mark the new number of every unit after it in the restatement, or of none"),
        };
        work.errors.push(d.primary(self.origin.file, ins.span, "this restatement"));
        None
    }
}
