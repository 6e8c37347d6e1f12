//! Places inside a unit that instructions name without quoting the base: the words at its end,
//! everything from some words on, a new paragraph, a list and its items, and the numbers a
//! designation gives to text that had none.

use super::*;
use crate::amendment::Portion;

/// A designation made by an earlier instruction (`The existing text is designated as
/// subsection (a).`): later instructions may name the new number.
#[derive(Debug, Clone)]
pub(super) struct Designation {
    /// The unit whose text was numbered.
    pub unit: UnitId,
    /// The number given, as a key (`(a)`, `5.1`).
    pub key: String,
    /// Where the numbered portion ends (the unit's end when it is all of its text).
    pub end: usize,
}

/// A conjunction struck from or added to the end of a unit: the punctuation before it may have
/// to follow the unit's new place in its list.
#[derive(Debug, Clone)]
pub(super) struct ListEnd {
    pub unit: UnitId,
    /// The punctuation mark before the conjunction.
    pub mark: Span,
    /// Whether the conjunction was struck (else added).
    pub struck: bool,
    pub origin: Origin,
}

impl Resolver<'_> {
    /// `striking out “or” at the end of subparagraph (ii)`: the quoted words where the unit's
    /// text ends (the end of its last descendant).
    pub(super) fn at_end_span(&mut self, ins: &Instruction, pattern: &Pattern, scope: Option<UnitId>) -> Option<Span> {
        let Some(u) = scope else {
            self.need_scope(ins, "“… at the end of …”");
            return None;
        };
        let end = self.content_end(u);
        let region = Span::new(self.doc.unit(u).body.start.min(end), end);
        let needle = normalize(&pattern.first_quote().text);
        let last = self.norm.find_words(region, &needle).into_iter().rfind(|m| m.end == end);
        if last.is_none() {
            let tail = &self.doc.text()[self.doc.text()[..end].char_indices().rev().nth(39).map_or(0, |(i, _)| i)..end];
            self.diagnostics.push(
                Diagnostic::error(
                    Code::TextNotFound,
                    format!("{} does not end with “{}”", self.doc.describe(u), pattern.first_quote().text),
                )
                .primary(self.origin.file, pattern.span(), "quoted as the unit's last words")
                .secondary(self.doc.file(), Span::new(end, end), format!("it ends “…{}”", tail.trim_start()))
                .help("quote the words the unit ends with, or name the unit they end"),
            );
        }
        last
    }

    /// `strike from “PGP-Signed” to the end`: from the quoted words to the end of the unit's
    /// text.
    pub(super) fn span_to_end(&mut self, ins: &Instruction, pattern: &Pattern, scope: Option<UnitId>) -> Option<Span> {
        let Some(u) = scope else {
            self.need_scope(ins, "“from … to the end”");
            return None;
        };
        let found = self.pattern_spans(pattern, Count::Once, Some(u))?;
        Some(Span::new(found[0].start, self.content_end(u).max(found[0].end)))
    }

    /// A conjunction struck from (`range`) or added at (a point `range`) a unit's end, after a
    /// comma or semicolon: remembered for [`Self::fit_list_ends`].
    pub(super) fn note_list_end(&mut self, u: UnitId, range: Span, struck: bool) {
        let text = self.doc.text();
        let before = text[..range.start].trim_end();
        let marks: &[char] = if struck { &[',', ';'] } else { &[',', ';', '.'] };
        if before.ends_with(marks) && text[range.end..self.content_end(u).max(range.end)].trim().is_empty() {
            let mark = Span::new(before.len() - 1, before.len());
            self.list_ends.push(ListEnd { unit: u, mark, struck, origin: self.origin.clone() });
        }
    }

    /// Punctuation at the ends of list items that follows their new places, as consolidations
    /// of acts print it. A unit whose conjunction is struck and whose following siblings all go
    /// is now the list's last: it takes the punctuation the old last ended with (`(G) … Act,
    /// or` / `(iii) …;` → `(G) … Act;`). A unit that gains a conjunction and a new sibling after
    /// it is no longer the last: it takes the punctuation the sibling before it ends with
    /// (`(iii) …;` → `(iii) …, or` beside `(ii) …,`).
    pub(super) fn fit_list_ends(&mut self) {
        for end in std::mem::take(&mut self.list_ends) {
            let parent = self.doc.unit(end.unit).parent;
            let siblings = self.doc.children_of(parent);
            let Some(pos) = siblings.iter().position(|&s| s == end.unit) else { continue };
            let (model, why) = if end.struck {
                let after = &siblings[pos + 1..];
                let gone = |s: &UnitId| self.plan.removed.contains_key(s) || self.repealed_units.contains(s);
                if after.is_empty() || !after.iter().all(gone) {
                    continue;
                }
                (after[after.len() - 1], "now ends its list")
            } else {
                let added_after = self.plan.additions.iter().any(|a| a.anchor == end.unit && !a.plain);
                if !added_after && self.doc.slice(end.mark) == "." {
                    self.diagnostics.push(
                        Diagnostic::warning(
                            Code::AfterFinalStop,
                            "text added at the end goes after the final full stop",
                        )
                        .primary(end.origin.file, end.origin.span, "adds a conjunction at the end")
                        .secondary(self.doc.file(), end.mark, "the unit ends here"),
                    );
                }
                if !added_after || pos == 0 {
                    continue;
                }
                (siblings[pos - 1], "no longer ends its list")
            };
            let Some(close) = closing_mark(self.doc.slice(self.doc.unit(model).span)) else { continue };
            let mark = self.doc.slice(end.mark);
            if mark.starts_with(close) {
                continue;
            }
            self.diagnostics.push(
                Diagnostic::warning(
                    Code::ListPunctuation,
                    format!(
                        "{} {why}: “{mark}” before the conjunction becomes “{close}”, as {} ends",
                        self.doc.describe(end.unit),
                        self.doc.describe(model)
                    ),
                )
                .primary(end.origin.file, end.origin.span, "changes the conjunction at the end")
                .secondary(self.doc.file(), end.mark, format!("“{mark}” was here")),
            );
            self.edits.push(Edit {
                range: end.mark,
                text: close.to_string(),
                kind: EditKind::Text,
                origin: end.origin,
                unit: Some(end.unit),
            });
        }
    }

    // ─────────────────────────── Designations ───────────────────────────

    /// `The existing text is designated as subsection (a).`, `Renumber the portion of Article 5
    /// from the start to “…” as Article 5.1`, `Renumber the remainder of Article 5 as Article
    /// 5.2`: the text gets a number of its own, printed as the base prints such numbers, on a
    /// line of its own when the unit's number stands before it.
    pub(super) fn designate(&mut self, ins: &Instruction, portion: &Portion, number: &str, scope: Option<UnitId>) {
        let Some(u) = scope else { return self.need_scope(ins, "a designation") };
        let Some(target) = Number::parse(number) else {
            return self.diagnostics.push(
                Diagnostic::error(Code::Syntax, format!("`{number}` is not a unit number")).primary(
                    self.origin.file,
                    ins.span,
                    "here",
                ),
            );
        };
        let unit = self.doc.unit(u).clone();
        let text_start = match unit.kind {
            // A section heading's text is what stands under it.
            UnitKind::Heading { .. } => match unit.children.first() {
                Some(&c) if self.doc.unit(c).label.is_none() => self.doc.unit(c).span.start,
                _ => {
                    return self.diagnostics.push(
                        Diagnostic::error(
                            Code::NoSuchPart,
                            format!("{} has no text of its own to number", self.doc.describe(u)),
                        )
                        .primary(self.origin.file, ins.span, "numbers the unit's text")
                        .secondary(self.doc.file(), self.doc.first_line(u), "the unit"),
                    );
                }
            },
            _ => unit.body.start,
        };
        let (start, end) = match portion {
            Portion::All => (text_start, self.content_end(u)),
            Portion::UpTo { pattern } => {
                let Some(found) = self.pattern_spans(pattern, Count::Once, Some(u)) else { return };
                (text_start, found[0].end)
            }
            Portion::Remainder => {
                let Some(done) = self.designations.iter().rev().find(|d| d.unit == u) else {
                    return self.diagnostics.push(
                        Diagnostic::error(
                            Code::NoSuchPart,
                            format!("no part of {} was numbered before this", self.doc.describe(u)),
                        )
                        .primary(self.origin.file, ins.span, "numbers “the remainder”")
                        .help("number the first part first (`the portion … from the start to “…”`)"),
                    );
                };
                let rest = &self.doc.text()[done.end..];
                (done.end + (rest.len() - rest.trim_start().len()), self.content_end(u))
            }
        };
        if start >= end {
            return self.diagnostics.push(
                Diagnostic::error(Code::NoSuchPart, format!("nothing of {} is left to number", self.doc.describe(u)))
                    .primary(self.origin.file, ins.span, "here"),
            );
        }
        let label = self.label_like(&target, Some(u)).unwrap_or_else(|| number.to_string());
        let le = self.doc.line_ending().as_str();
        // The label goes on the text's own line: after the unit's number, a line break first.
        let text = self.doc.text();
        let line_start = text[..start].rfind('\n').map_or(self.doc.content_start(), |i| i + 1);
        let on_own_line = text[line_start..start].trim().is_empty();
        let (range, new) = if on_own_line {
            (Span::point(start), format!("{label} "))
        } else {
            let gap_start = text[..start].trim_end().len();
            let separator = le.repeat(structure::separator_lines(self.doc, u));
            (Span::new(gap_start, start), format!("{separator}{label} "))
        };
        self.designations.push(Designation { unit: u, key: target.key(), end });
        self.push(range, new, EditKind::Text, Some(u));
    }

    /// How the base prints `number`: like the units numbered at the same depth (`5.1.` beside
    /// `4.1.`), else like the unit `near`; `None` where the base has no numbers at all.
    pub(super) fn label_like(&self, number: &Number, near: Option<UnitId>) -> Option<String> {
        let shaped = |n: &Number| {
            n.parts.len() == number.parts.len() && n.parts.iter().zip(&number.parts).all(|(a, b)| a.system == b.system)
        };
        let near_label = near.and_then(|u| self.doc.unit(u).label.as_ref());
        near_label
            .filter(|l| shaped(&l.number))
            .or_else(|| self.doc.units().find_map(|(_, u)| u.label.as_ref().filter(|l| shaped(&l.number))))
            .or(near_label)
            .map(|l| l.style.format(number))
    }

    /// The unit a designation made by this resolution gave `key`, within `context`.
    pub(super) fn designated(&self, key: &str, context: Option<UnitId>) -> Option<UnitId> {
        self.designations
            .iter()
            .rev()
            .find(|d| d.key == key && context.is_none_or(|c| d.unit == c || self.doc.is_within(d.unit, c)))
            .map(|d| d.unit)
    }

    // ─────────────────────────── Paragraphs and lists ───────────────────────────

    /// `Append the following paragraph to rule section “Polls”`: a paragraph after the unit's
    /// own text (before its first sub-section), or after everything in it.
    pub(super) fn new_paragraph(
        &mut self,
        ins: &Instruction,
        after_children: bool,
        text: String,
        scope: Option<UnitId>,
    ) {
        let Some(u) = scope else { return self.need_scope(ins, "a new paragraph") };
        let unit = self.doc.unit(u).clone();
        let own: Vec<UnitId> = if after_children {
            unit.children.clone()
        } else {
            unit.children
                .iter()
                .copied()
                .take_while(|&c| !matches!(self.doc.unit(c).kind, UnitKind::Heading { .. }))
                .collect()
        };
        match own.last() {
            Some(&last) => self.add_plain(last, text),
            None if unit.children.is_empty() => self.add_plain(u, text),
            // Only sub-sections under the heading: the paragraph goes under the heading line.
            None => {
                let line = self.doc.first_line(u);
                let le = self.doc.line_ending().as_str();
                let first = unit.children[0];
                let separator = le.repeat(structure::separator_lines(self.doc, first));
                self.push(Span::point(line.end), format!("{separator}{}", text.trim_end()), EditKind::AddUnit, Some(u));
            }
        }
    }

    /// `Insert the following as the second element in the bulleted list`: a new item of the
    /// unit's list, at that position.
    pub(super) fn list_item(&mut self, ins: &Instruction, which: Ordinal, text: String, scope: Option<UnitId>) {
        let Some(items) = self.the_list(ins, scope) else { return };
        match which.index(items.len() + 1) {
            Some(0) => {
                let first = items[0];
                let unit = self.doc.unit(first);
                let bullet = if unit.kind == UnitKind::Item && own_label(&text).is_none() {
                    self.doc.text()[unit.span.start..unit.body.start].to_string()
                } else {
                    String::new()
                };
                self.add_before(first, &format!("{bullet}{}", text.trim_end()));
            }
            Some(i) => self.add_unit(items[i - 1], text),
            None => {
                let u = scope.expect("the_list found a list in the scope");
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::NoSuchPart,
                        format!(
                            "the list in {} has {}: there is no {which} place",
                            self.doc.describe(u),
                            count_of(items.len(), "item")
                        ),
                    )
                    .primary(self.origin.file, ins.span, "the place named")
                    .secondary(self.doc.file(), self.doc.handle(items[0]), "the list"),
                );
            }
        }
    }

    /// `inserting the following paragraphs before the list of modules`: before the sentence
    /// that introduces the unit's list (the paragraph ending with a colon before it).
    pub(super) fn before_list(&mut self, ins: &Instruction, text: String, scope: Option<UnitId>) {
        let Some(u) = scope else { return self.need_scope(ins, "“before the list”") };
        let children = self.doc.unit(u).children.clone();
        let ends_colon = |c: UnitId| self.doc.slice(self.doc.unit(c).span).trim_end().ends_with(':');
        let intro: Vec<usize> = match self.lists(u).first() {
            Some(items) => {
                let Some(at) = children.iter().position(|&c| c == items[0]) else {
                    // The list stands in a paragraph of the unit (`lists` looks there too),
                    // which is then what introduces it: the words to go before are for the
                    // sheet to quote.
                    let p = self.doc.unit(items[0]).parent.unwrap_or(u);
                    return self.diagnostics.push(
                        Diagnostic::error(
                            Code::NoSuchPart,
                            format!("the list in {} is part of {}", self.doc.describe(u), self.doc.describe(p)),
                        )
                        .primary(self.origin.file, ins.span, "inserts before a list")
                        .secondary(self.doc.file(), self.doc.handle(p), "the list is in this unit")
                        .help("quote the words the text goes before: BEFORE “…” INSERT “…”"),
                    );
                };
                vec![if at > 0 && ends_colon(children[at - 1]) { at - 1 } else { at }]
            }
            None => (0..children.len().saturating_sub(1)).filter(|&i| ends_colon(children[i])).collect(),
        };
        let at = match intro.as_slice() {
            [at] => *at,
            [] => {
                return self.diagnostics.push(
                    Diagnostic::error(Code::NoSuchPart, format!("{} has no list", self.doc.describe(u)))
                        .primary(self.origin.file, ins.span, "inserts before a list")
                        .secondary(
                            self.doc.file(),
                            self.doc.handle(u),
                            "no list, and no paragraph ending with a colon",
                        ),
                );
            }
            many => {
                let mut d = Diagnostic::error(
                    Code::UnitAmbiguous,
                    format!("{} has {} paragraphs that introduce a list", self.doc.describe(u), many.len()),
                )
                .primary(self.origin.file, ins.span, "which list?");
                for &i in many.iter().take(6) {
                    d = d.secondary(self.doc.file(), self.doc.first_line(children[i]), "introduces a list");
                }
                return self.diagnostics.push(d.help("quote the words the text goes before: BEFORE “…” INSERT “…”"));
            }
        };
        if at > 0 {
            self.add_plain(children[at - 1], text);
        } else {
            let le = self.doc.line_ending().as_str();
            let first = children[at];
            let separator = le.repeat(structure::separator_lines(self.doc, first));
            let start = self.doc.unit(first).span.start;
            self.push(Span::point(start), format!("{}{separator}", text.trim_end()), EditKind::AddUnit, Some(first));
        }
    }

    /// The one list of a unit (`the bulleted list in section “Content”`): its items in order.
    fn the_list(&mut self, ins: &Instruction, scope: Option<UnitId>) -> Option<Vec<UnitId>> {
        let Some(u) = scope else {
            self.need_scope(ins, "a list item");
            return None;
        };
        let mut lists = self.lists(u);
        match lists.len() {
            1 => lists.pop(),
            0 => {
                self.diagnostics.push(
                    Diagnostic::error(Code::NoSuchPart, format!("{} has no list", self.doc.describe(u)))
                        .primary(self.origin.file, ins.span, "names a list")
                        .secondary(self.doc.file(), self.doc.handle(u), "the unit"),
                );
                None
            }
            n => {
                let mut d = Diagnostic::error(Code::UnitAmbiguous, format!("{} has {n} lists", self.doc.describe(u)))
                    .primary(self.origin.file, ins.span, "which list?");
                for l in lists.iter().take(6) {
                    d = d.secondary(self.doc.file(), self.doc.handle(l[0]), "a list starts here");
                }
                self.diagnostics.push(d.help("name the list by the unit that holds it alone"));
                None
            }
        }
    }

    /// The runs of bulleted items in a unit's own text (under the paragraph that introduces
    /// them, too; not in its sub-sections), in document order.
    fn lists(&self, u: UnitId) -> Vec<Vec<UnitId>> {
        let mut lists: Vec<Vec<UnitId>> = Vec::new();
        let mut run: Vec<UnitId> = Vec::new();
        for &c in &self.doc.unit(u).children {
            let child = self.doc.unit(c);
            if child.kind == UnitKind::Item {
                run.push(c);
                continue;
            }
            if !run.is_empty() {
                lists.push(std::mem::take(&mut run));
            }
            if !matches!(child.kind, UnitKind::Heading { .. }) {
                lists.extend(self.lists(c));
            }
        }
        if !run.is_empty() {
            lists.push(run);
        }
        lists
    }

    /// Whether inserted text is a conjunction that joins list items.
    pub(super) fn is_conjunction(text: &str) -> bool {
        matches!(text.trim(), "or" | "and" | "and/or" | "; or" | "; and")
    }

    /// `adding the following in alphabetical order:`: each new definition goes where its term
    /// sorts among the scope unit's definitions (letters only, case aside, as the statute books
    /// sort them); a line that opens with a label (`(a) …`) is more of the definition above.
    pub(super) fn definitions_in_order(&mut self, ins: &Instruction, text: &str, scope: Option<UnitId>) {
        let Some(u) = scope else { return self.need_scope(ins, "definitions in alphabetical order") };
        // The definitions are the unit's, or those of the first unit in it that has some
        // (`Section 2 … in alphabetical order` for the definitions of subsection 2(1)).
        let mut holders = vec![u];
        let mut defs: Vec<(String, UnitId)> = Vec::new();
        while let Some(h) = holders.pop() {
            let children = &self.doc.unit(h).children;
            defs = children.iter().filter_map(|&c| self.doc.term(c).map(|t| (sort_key(t), c))).collect();
            if !defs.is_empty() {
                break;
            }
            holders.extend(children.iter().rev());
        }
        let Some(&(_, first)) = defs.first() else {
            return self.diagnostics.push(
                Diagnostic::error(
                    Code::NoInsertionPoint,
                    format!("{} has no definitions to put the new ones among", self.doc.describe(u)),
                )
                .primary(self.origin.file, ins.span, "in alphabetical order among which definitions?")
                .help("name the unit that holds the definitions, or the definition each new one follows"),
            );
        };
        let mut entries: Vec<String> = Vec::new();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            match entries.last_mut() {
                Some(last) if line_label(line.trim_start()).is_some() => {
                    last.push('\n');
                    last.push_str(line);
                }
                _ => entries.push(line.to_string()),
            }
        }
        for entry in entries {
            let Some(term) = defined_term(&entry) else {
                return self.diagnostics.push(
                    Diagnostic::error(Code::NoInsertionPoint, "a new definition whose term cannot be read")
                        .primary(self.origin.file, ins.span, "its place in alphabetical order is not known")
                        .note(format!("the definition: “{}”", excerpt(&entry, 60)))
                        .help("write each definition on a line of its own as `term means …` (or `includes`, `has the same meaning as`)"),
                );
            };
            let key = sort_key(term);
            let before = defs.iter().filter(|(k, _)| *k < key).count();
            if before == 0 {
                self.add_before(first, entry.trim_end());
            } else {
                self.add_plain(defs[before - 1].1, entry);
            }
        }
    }

    /// `text` as a unit of its own right before unit `first`, spaced as the base spaces units.
    fn add_before(&mut self, first: UnitId, text: &str) {
        let le = self.doc.line_ending().as_str();
        let separator = le.repeat(structure::separator_lines(self.doc, first));
        let start = self.doc.unit(first).span.start;
        self.push(Span::point(start), format!("{text}{separator}"), EditKind::AddUnit, Some(first));
    }

    /// A paragraph without a number of its own after `anchor`: nothing is renumbered for it.
    pub(super) fn add_plain(&mut self, anchor: UnitId, text: String) {
        self.plan.additions.push(Addition { anchor, text, origin: self.origin.clone(), renumber: false, plain: true });
    }
}

/// The punctuation a list item closes with, before any conjunction: `,` for `…, or`, `;` for
/// `…;`.
fn closing_mark(text: &str) -> Option<char> {
    let t = text.trim_end();
    let t = ["and/or", "or", "and"]
        .iter()
        .find_map(|c| t.strip_suffix(c).filter(|r| r.ends_with(char::is_whitespace)))
        .map_or(t, str::trim_end);
    t.chars().last().filter(|c| matches!(c, '.' | ';' | ':' | ','))
}

/// The term a definition defines: the words before `means`, `includes` or `has the same
/// meaning` (`licence means …`, `“licence” means …`).
fn defined_term(definition: &str) -> Option<&str> {
    let line = definition.lines().next()?;
    [" means", " includes", " has the same meaning", " has the meaning"]
        .iter()
        .filter_map(|w| line.find(w))
        .min()
        .map(|at| line[..at].trim())
        .filter(|t| !t.is_empty() && t.split_whitespace().count() <= 8)
}

/// How a term sorts: its letters, lower case.
fn sort_key(term: &str) -> String {
    term.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}
