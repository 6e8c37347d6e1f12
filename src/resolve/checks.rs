//! Checks once every edit is known: overlaps between instructions, statements of how a unit
//! will read, and lost full stops.

use super::*;

impl Resolver<'_> {
    // ─────────────────────────── Checks ───────────────────────────

    /// Two edits from different instructions that touch the same text are a conflict.
    pub(super) fn check_overlaps(&mut self) {
        let mut reported: HashSet<(Span, Span)> = HashSet::new();
        let mut widest: Option<usize> = None;
        for i in 0..self.edits.len() {
            if let Some(w) = widest {
                let (a, b) = (&self.edits[w], &self.edits[i]);
                if collide(a, b) && a.origin != b.origin && reported.insert((a.origin.span, b.origin.span)) {
                    let d = self.conflict(a, b);
                    self.diagnostics.push(d);
                }
            }
            if widest.is_none_or(|w| self.edits[i].range.end > self.edits[w].range.end) {
                widest = Some(i);
            }
        }
    }

    pub(super) fn conflict(&self, a: &Edit, b: &Edit) -> Diagnostic {
        let what = |e: &Edit| match e.kind {
            EditKind::RemoveUnit => "removes",
            EditKind::ReplaceUnit => "replaces",
            EditKind::Renumber => "renumbers",
            _ => "changes",
        };
        let place = a.unit.or(b.unit).map(|u| self.doc.describe(u)).unwrap_or_else(|| "the same text".into());
        Diagnostic::error(Code::Conflict, format!("two instructions change the same text in {place}"))
            .primary(b.origin.file, b.origin.span, format!("this instruction {} it", what(b)))
            .secondary(a.origin.file, a.origin.span, format!("this instruction {} it too", what(a)))
            .secondary(self.doc.file(), a.range.join(b.range), "the text both change")
            .help("composite the amendments into one, or apply one and redraft the other against the result")
    }

    /// `so that it reads: “…”`: the unit as amended must read as stated (spacing and quote
    /// marks aside); a difference is an error with a redline of it. A statement after some of
    /// its sheet's instructions may describe the unit as those leave it (a motion's later
    /// `Throughout, …` is not part of it); one before them, the unit as all edits leave it.
    pub(super) fn check_reads(&mut self) {
        if self.reads.is_empty() {
            return;
        }
        let output = crate::apply::apply(self.doc.text(), &self.edits);
        let mut out = Vec::new();
        for (unit, stated, origin) in std::mem::take(&mut self.reads) {
            let Some(u) = unit else {
                out.push(
                    Diagnostic::error(Code::MissingUnit, "“so that it reads” does not say which unit")
                        .primary(origin.file, origin.span, "which unit?")
                        .help(
                            "put the statement under the unit's scope line, e.g. “Para 2.1: … so that it reads: “…””",
                        ),
                );
                continue;
            };
            let mut actual = self.as_amended(u, &self.edits, &output, stated.as_str());
            if actual.is_err() {
                let span = self.doc.unit(u).span;
                let before: Vec<Edit> = self
                    .edits
                    .iter()
                    .filter(|e| e.origin.file == origin.file && e.origin.span.start < origin.span.start)
                    .cloned()
                    .collect();
                if before.iter().any(|e| span.start <= e.range.start && e.range.end <= span.end) {
                    let partial = crate::apply::apply(self.doc.text(), &before);
                    actual = self.as_amended(u, &before, &partial, stated.as_str()).or(actual);
                }
            }
            if let Err(actual) = actual {
                let redline = word_redline(&normalize(&actual), &normalize(stated.as_str()));
                out.push(
                    Diagnostic::error(
                        Code::ReadsDiffers,
                        format!("{} would not read as the amendment says", self.doc.describe(u)),
                    )
                    .primary(origin.file, stated.span(), "the amendment says it will read like this")
                    .secondary(self.doc.file(), self.doc.handle(u), "the unit")
                    .note(format!("the instructions give: “{}”", actual.trim()))
                    .note(format!("difference ([-instructions give-]{{+statement says+}}): {redline}"))
                    .help("correct the instructions or the statement so that they agree"),
                );
            }
        }
        self.diagnostics.extend(out);
    }

    /// Whether unit `u` reads as `stated` in `output` (the base with `edits` applied): with or
    /// without its sub-units and its number. If not, the unit's text to compare with.
    pub(super) fn as_amended(&self, u: UnitId, edits: &[Edit], output: &str, stated: &str) -> Result<(), String> {
        let unit_ref = self.doc.unit(u);
        let start = map_offset(edits, unit_ref.span.start, false);
        let end = map_offset(edits, unit_ref.span.end, true);
        let full = output.get(start..end).unwrap_or("");
        let own_end = unit_ref.children.first().map_or(unit_ref.span.end, |&c| self.doc.unit(c).span.start);
        let own = output.get(start..map_offset(edits, own_end, false)).unwrap_or("").trim_end();
        let after_label = |t: &str| {
            let len = line_label(t).map_or(0, |(l, _)| l);
            t[len..].trim_start().to_string()
        };
        let want = normalize(stated);
        let matches = [full.to_string(), own.to_string(), after_label(full), after_label(own)]
            .iter()
            .any(|candidate| normalize(candidate) == want || normalize(&after_label(stated)) == normalize(candidate));
        if matches {
            return Ok(());
        }
        let actual = if normalize(own) == normalize(full) { own.to_string() } else { full.to_string() };
        // Compare like with like: without the number if the statement leaves it out.
        Err(if line_label(stated).is_none() { after_label(&actual) } else { actual })
    }

    /// A unit that ended with a full stop and no longer does gets a warning, not a full stop.
    pub(super) fn check_final_stops(&mut self) {
        let mut warned: HashSet<UnitId> = HashSet::new();
        let mut out = Vec::new();
        for e in &self.edits {
            if !matches!(e.kind, EditKind::Text | EditKind::ReplaceUnit) || self.restatements.contains(&e.origin.span) {
                continue;
            }
            let Some(u) = self.doc.unit_at(e.range.start) else {
                continue;
            };
            let unit = self.doc.unit(u);
            // A unit with a new one after it no longer ends its list: the stop goes with the last.
            if matches!(unit.kind, UnitKind::Heading { .. })
                || self.plan.additions.iter().any(|a| a.anchor == u && !a.plain)
            {
                continue;
            }
            let body = self.doc.slice(unit.body).trim_end();
            let body_end = unit.body.start + body.len();
            let ended = body.ends_with(['.', '!', '?']);
            if !ended || e.range.end < body_end || e.range.start >= body_end {
                continue;
            }
            let new_end = e.text.trim_end();
            let kept_before = self.doc.text().get(unit.body.start..e.range.start).unwrap_or("").trim_end();
            let still_ends = if new_end.is_empty() {
                kept_before.ends_with(['.', '!', '?'])
            } else {
                new_end.ends_with(['.', '!', '?', '"', '”', '’'])
            };
            if !still_ends && warned.insert(u) {
                out.push(
                    Diagnostic::warning(
                        Code::NoFinalStop,
                        format!("{} no longer ends with a full stop", self.doc.describe(u)),
                    )
                    .primary(e.origin.file, e.origin.span, "after this change")
                    .secondary(self.doc.file(), Span::new(body_end - 1, body_end), "the full stop was here")
                    .help("the tool adds nothing; if a full stop is meant, include it in the amendment"),
                );
            }
        }
        self.diagnostics.extend(out);
    }
}
