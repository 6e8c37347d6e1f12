//! New paragraphs in the base's layout: separated as the base separates its units (a blank
//! line or not), indented as their siblings, on one line where the base writes a paragraph on
//! one line and wrapped to the base's width where it wraps; numbered ones that end a unit go
//! in as units of their own.

use super::super::*;
use super::Work;
use super::numbering::NewLabel;

/// How the base writes a paragraph: on one line, or wrapped at a width.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Wrap {
    /// The longest line of a wrapped paragraph of the base, in characters.
    pub width: Option<usize>,
}

impl Resolver<'_> {
    /// Whether and where the base wraps its paragraphs: the longest line of any unit whose text
    /// runs over several lines (other than its last line, which ends where the text ends).
    pub(super) fn wrap_of_base(&self) -> Wrap {
        let text = self.doc.text();
        let mut width: Option<usize> = None;
        for (_, u) in self.doc.units() {
            let body = self.doc.slice(u.body);
            if !body.contains('\n') {
                continue;
            }
            let mut line_start = text[..u.body.start].rfind('\n').map_or(0, |i| i + 1);
            let end = u.body.end;
            while let Some(nl) = text[line_start..end].find('\n') {
                let line = text[line_start..line_start + nl].trim_end();
                let w = line.chars().count();
                width = Some(width.map_or(w, |m| m.max(w)));
                line_start += nl + 1;
            }
        }
        Wrap { width }
    }

    /// New paragraphs going in at `at`, after the text there: numbered ones that end a unit are
    /// recorded as new units in `work`; otherwise the text to insert at `at` is returned. `after`
    /// is the kept word after them, if the restatement quotes one.
    pub(super) fn place_paragraphs(
        &mut self,
        ins: &Instruction,
        at: usize,
        after: Option<usize>,
        paras: &[String],
        work: &mut Work,
    ) -> String {
        if paras.is_empty() {
            return String::new();
        }
        for p in paras {
            self.check_label(ins, p, at, work);
        }
        let ending = self.units_ending_at(at);
        let own_line = after.is_none_or(|a| self.doc.text()[at..a].contains('\n'));
        if let (Some(first), true) = (NewLabel::read(&paras[0]), own_line) {
            let sibling = ending.iter().copied().find(|&u| self.form_of(u).is_some_and(|f| f.same(&first.form)));
            if let Some(anchor) = sibling.or_else(|| ending.first().copied()) {
                return self.add_paragraphs(ins, anchor, paras, work);
            }
        }
        let reference = ending.first().copied().or_else(|| self.doc.unit_at(self.prev_content(at).saturating_sub(1)));
        let Some(reference) = reference else {
            let le = self.doc.line_ending().as_str();
            return paras.iter().map(|p| format!("{le}{p}")).collect();
        };
        let (sep, indent) = self.separation(reference);
        let le = self.doc.line_ending().as_str();
        paras.iter().map(|p| format!("{sep}{indent}{}", self.laid_out(p, reference, indent.len(), le, work))).collect()
    }

    /// Numbered paragraphs (each with the unnumbered ones after it) as new units after
    /// `anchor`, renumbering the units after it as the base's own additions do.
    fn add_paragraphs(&mut self, ins: &Instruction, anchor: UnitId, paras: &[String], work: &mut Work) -> String {
        let form = self.form_of(anchor);
        let mut groups: Vec<Vec<&str>> = Vec::new();
        for p in paras {
            match groups.last_mut() {
                Some(g) if NewLabel::read(p).is_none() => g.push(p),
                _ => groups.push(vec![p]),
            }
        }
        // A new unit numbered as the next of the anchor's list shifts the units after it.
        let takes_slot = |l: &NewLabel| {
            form.as_ref().is_some_and(|f| f.same(&l.form))
                && l.number.last().is_some_and(|c| c.suffix.is_empty())
                && self
                    .doc
                    .unit(anchor)
                    .label
                    .as_ref()
                    .and_then(|a| a.number.last())
                    .zip(l.number.last())
                    .is_some_and(|(a, b)| b.value > a.value)
        };
        let first_label = groups.iter().filter_map(|g| NewLabel::read(g[0])).find(|l| takes_slot(l));
        let flag = match &first_label {
            Some(l) => match self.shifted_numbers(ins, anchor, Some(&l.printed), work) {
                Some(f) => f,
                None => return String::new(),
            },
            None => self.renumber,
        };
        let (sep, indent) = self.separation(anchor);
        let breaks = "\n".repeat(sep.matches('\n').count().max(1));
        for g in groups {
            let mut text = String::new();
            for (k, p) in g.iter().enumerate() {
                if k > 0 {
                    text.push_str(&breaks);
                    text.push_str(&indent);
                }
                text.push_str(&self.laid_out(p, anchor, indent.len(), "\n", work));
            }
            work.additions.push((anchor, text, flag));
        }
        String::new()
    }

    /// The units whose text ends at `at` (after trailing space), innermost first.
    fn units_ending_at(&self, at: usize) -> Vec<UnitId> {
        let end = self.prev_content(at);
        let mut out = Vec::new();
        let mut unit = end.checked_sub(1).and_then(|p| self.doc.unit_at(p));
        while let Some(u) = unit {
            if self.doc.unit(u).span.end != end {
                break;
            }
            out.push(u);
            unit = self.doc.unit(u).parent;
        }
        // Only if nothing of the base follows on the same line.
        let next = self.next_content(at);
        if next < self.doc.text().len() && !self.doc.text()[end..next].contains('\n') {
            out.clear();
        }
        out
    }

    /// The line breaks before unit `u` (between it and the unit before it; for the first
    /// unit, after it) and the indentation of its first line, in the base's line endings.
    pub(super) fn separation(&self, u: UnitId) -> (String, String) {
        let text = self.doc.text();
        let span = self.doc.unit(u).span;
        let before = &text[self.doc.content_start()..span.start];
        let gap = if before.trim().is_empty() {
            let after = &text[span.end..];
            &after[..after.len() - after.trim_start().len()]
        } else {
            &before[before.trim_end().len()..]
        };
        let breaks = gap.matches('\n').count().clamp(1, 2);
        let line_start = text[..span.start].rfind('\n').map_or(self.doc.content_start(), |i| i + 1);
        let indent = &text[line_start..span.start];
        let indent = if indent.trim().is_empty() { indent } else { "" };
        (self.doc.line_ending().as_str().repeat(breaks), indent.to_string())
    }

    /// A paragraph laid out as the base lays out the text of unit `u`: as it is, or wrapped
    /// to the base's width, its lines after the first indented as `u`'s are. `first` is the
    /// width of what stands before it on its first line; `le` the line break to use.
    pub(super) fn laid_out(&self, para: &str, u: UnitId, first: usize, le: &str, work: &Work) -> String {
        let Some(width) = work.wrap.width else { return para.to_string() };
        let cont = self.continuation_indent(u);
        let mut out = String::new();
        let mut line_len = first;
        let mut line_has_word = false;
        for word in para.split(' ').filter(|w| !w.is_empty()) {
            let w = word.chars().count();
            if line_has_word && line_len + 1 + w > width {
                out.push_str(le);
                out.push_str(&cont);
                line_len = cont.chars().count();
                line_has_word = false;
            }
            if line_has_word {
                out.push(' ');
                line_len += 1;
            }
            out.push_str(word);
            line_len += w;
            line_has_word = true;
        }
        out
    }

    /// The indentation of the lines after the first of a unit's text: as `u` has them, or a
    /// unit numbered like it, or its first line's.
    fn continuation_indent(&self, u: UnitId) -> String {
        let text = self.doc.text();
        let second_line = |v: UnitId| {
            let body = self.doc.unit(v).body;
            let nl = text[body.range()].find('\n')?;
            let line = &text[body.start + nl + 1..body.end];
            Some(line[..line.len() - line.trim_start().len()].to_string())
        };
        if let Some(indent) = second_line(u) {
            return indent;
        }
        if let Some(form) = self.form_of(u) {
            let alike = self
                .doc
                .children_of(self.doc.unit(u).parent)
                .iter()
                .copied()
                .filter(|&s| s != u && self.form_of(s).is_some_and(|f| f.same(&form)));
            for s in alike {
                if let Some(indent) = second_line(s) {
                    return indent;
                }
            }
        }
        self.separation(u).1
    }
}
