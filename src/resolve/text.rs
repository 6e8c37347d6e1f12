//! Quoted text → spans of the base: patterns, counts, sentences and items, near misses; and the
//! seams where new text meets old.

use super::*;

impl Resolver<'_> {
    // ─────────────────────────── Finding text ───────────────────────────

    pub(super) fn target_spans(
        &mut self,
        ins: &Instruction,
        target: &Target,
        scope: Option<UnitId>,
    ) -> Option<Vec<Span>> {
        match target {
            Target::Text { pattern } => self.pattern_spans(pattern, ins.count, scope),
            Target::AllAfter { pattern } => {
                let spans = self.pattern_spans(pattern, Count::Once, scope)?;
                let end = scope.map_or(self.doc.text().trim_end().len(), |u| self.content_end(u));
                Some(vec![Span::new(spans[0].end, end.max(spans[0].end))])
            }
            Target::AllBefore { pattern } => {
                let spans = self.pattern_spans(pattern, Count::Once, scope)?;
                let start = scope.map_or(self.doc.content_start(), |u| self.doc.unit(u).body.start);
                Some(vec![Span::new(start.min(spans[0].start), spans[0].start)])
            }
            Target::Sentence { which, check } => {
                let Some(u) = scope else {
                    self.need_scope(ins, "DELETE … SENTENCE");
                    return None;
                };
                let sentences = self.doc.sentences(u);
                let Some(i) = which.index(sentences.len()) else {
                    self.diagnostics.push(
                        Diagnostic::error(
                            Code::NoSuchPart,
                            format!("{} has no {which} sentence", self.doc.describe(u)),
                        )
                        .primary(
                            self.origin.file,
                            ins.span,
                            format!("it has {}", count_of(sentences.len(), "sentence")),
                        )
                        .secondary(self.doc.file(), self.doc.handle(u), "this unit"),
                    );
                    return None;
                };
                let sentence = sentences[i];
                if let Some(check) = check {
                    if !self.pattern_covers(check, sentence) {
                        let actual = excerpt(self.doc.slice(sentence), 80);
                        self.diagnostics.push(
                            Diagnostic::error(
                                Code::CheckFailed,
                                format!("the {which} sentence of {} is not {check}", self.doc.describe(u)),
                            )
                            .primary(self.origin.file, check.span(), "quoted as a check")
                            .secondary(self.doc.file(), sentence, format!("the {which} sentence is “{actual}”"))
                            .help("quote the sentence's first and last words as in the base, or name another sentence"),
                        );
                        return None;
                    }
                }
                Some(vec![sentence])
            }
            Target::AtEnd { pattern } => self.at_end_span(ins, pattern, scope).map(|s| vec![s]),
            Target::FromOn { pattern } => self.span_to_end(ins, pattern, scope).map(|s| vec![s]),
            Target::Unit { .. }
            | Target::Item { .. }
            | Target::All
            | Target::Units { .. }
            | Target::LeadIn { .. }
            | Target::Heading => {
                unreachable!("unexpected {target:?} in target_spans")
            }
        }
    }

    /// The matches that no earlier instruction of the same sheet changed. Quoted words are
    /// always the base's: words an earlier instruction inserted are not matched (`after “x”
    /// insert “y” … and delete “y”` moves the base's `y`).
    fn not_yet_changed(&self, mut found: Vec<Span>) -> Vec<Span> {
        // A sheet's changes do not overlap (that is a conflict), so the last one that starts
        // before a match's end is the only one that can cover it.
        let changed = |m: &Span| self.sheet_changes.range(..m.end).next_back().is_some_and(|(_, &end)| end > m.start);
        if !self.sheet_changes.is_empty() {
            found.retain(|m| !changed(m));
        }
        found
    }

    /// Whether a pattern describes exactly the text of `span`.
    pub(super) fn pattern_covers(&self, pattern: &Pattern, span: Span) -> bool {
        let text = normalize(self.doc.slice(span));
        match pattern {
            Pattern::Exact { quote } => text == normalize(&quote.text),
            Pattern::Prefix { quote } => text.starts_with(&normalize(&quote.text)),
            Pattern::Suffix { quote } => text.ends_with(&normalize(&quote.text)),
            Pattern::Range { from, to } => {
                text.starts_with(&normalize(&from.text)) && text.ends_with(&normalize(&to.text))
            }
        }
    }

    /// The spans a pattern matches in the scope, checked against the count.
    pub(super) fn pattern_spans(
        &mut self,
        pattern: &Pattern,
        count: Count,
        scope: Option<UnitId>,
    ) -> Option<Vec<Span>> {
        let region = self.region(scope);
        let found = match pattern {
            Pattern::Exact { quote } => self.norm.find_words(region, &normalize(&quote.text)),
            Pattern::Range { from, to } => self.norm.find_ranges(region, &normalize(&from.text), &normalize(&to.text)),
            Pattern::Prefix { quote } | Pattern::Suffix { quote } => {
                let prefix = matches!(pattern, Pattern::Prefix { .. });
                // Sentences are found once per unit, not once per match.
                let mut sentences = HashMap::new();
                self.norm
                    .find_words(region, &normalize(&quote.text))
                    .into_iter()
                    .map(|m| self.extend_to_sentence(m, prefix, &mut sentences))
                    .collect()
            }
        };
        // `line 2: delete “…”`: the words start on the lines named (they may run on).
        let found: Vec<Span> = match self.lines {
            Some(lines) => found.into_iter().filter(|m| m.start >= lines.start && m.start < lines.end).collect(),
            None => found,
        };
        // A sheet's instructions apply one after another: words an earlier one changed are no
        // longer there (`Strike “person's” …` then `Strike “person” …` means the other one).
        let found = self.not_yet_changed(found);
        if count.accepts(found.len()) {
            return Some(found);
        }
        let d = if found.is_empty() {
            self.not_found(pattern, region, scope)
        } else {
            let wanted = match count {
                Count::Once => "once".to_string(),
                Count::Exactly(n) => format!("{n} times"),
                Count::Throughout => "at least once".to_string(),
            };
            let times = |n: usize| {
                if n == 1 {
                    "once".to_string()
                } else if n == 2 {
                    "twice".to_string()
                } else {
                    format!("{n} times")
                }
            };
            let mut d = Diagnostic::error(
                Code::CountMismatch,
                format!(
                    "{pattern} occurs {} in {}, but the instruction expects it {wanted}",
                    times(found.len()),
                    self.scope_name(scope)
                ),
            )
            .primary(self.origin.file, pattern.span(), format!("found {}", times(found.len())));
            for (i, &f) in found.iter().enumerate().take(8) {
                d = d.secondary(self.doc.file(), f, format!("occurrence {}", i + 1));
            }
            let help = if found.len() > 1 {
                format!(
                    "say {} or THROUGHOUT if every one is meant, or quote more words so that only one place matches",
                    times(found.len()).to_uppercase()
                )
            } else {
                "correct the count (TWICE, THREE TIMES …) to match the base".to_string()
            };
            d.help(help)
        };
        self.diagnostics.push(d);
        None
    }

    /// From the quoted words to the end of their sentence (`“Should the movers …”`), or from
    /// the start of their sentence (`“… earliest opportunity.”`).
    pub(super) fn extend_to_sentence(&self, m: Span, prefix: bool, sentences: &mut HashMap<UnitId, Vec<Span>>) -> Span {
        let Some(u) = self.doc.unit_at(m.start) else {
            return m;
        };
        let sentences = sentences.entry(u).or_insert_with(|| self.doc.sentences(u));
        // Sentences are in order and do not overlap: the one holding the match is the last
        // that starts at or before it.
        let sentence = sentences[..sentences.partition_point(|s| s.start <= m.start)]
            .last()
            .copied()
            .filter(|s| m.start < s.end.max(s.start + 1));
        match sentence {
            Some(s) if prefix => Span::new(m.start, s.end.max(m.end)),
            Some(s) => Span::new(s.start.min(m.start), m.end),
            None => m,
        }
    }

    /// Adds the text nearest to a quote that was not found, if there is one.
    pub(super) fn suggest(&self, d: Diagnostic, region: Span, needle: &str) -> Diagnostic {
        match self.norm.near_miss(region, needle) {
            Some(miss) => {
                let (line, _) = line_col(self.doc.text(), miss.span.start);
                d.secondary(self.doc.file(), miss.span, "nearest text").note(format!(
                    "did you mean “{}” (line {line})? {}",
                    miss.text,
                    miss.kind.describe()
                ))
            }
            None => d,
        }
    }

    pub(super) fn not_found(&self, pattern: &Pattern, region: Span, scope: Option<UnitId>) -> Diagnostic {
        // For a range, say which end is missing.
        let (missing, quote_span) = match pattern {
            Pattern::Range { from, to } => {
                if self.norm.find_words(region, &normalize(&from.text)).is_empty() {
                    (from.text.clone(), from.span)
                } else {
                    (to.text.clone(), to.span)
                }
            }
            other => (other.first_quote().text.clone(), other.span()),
        };
        let needle = normalize(&missing);
        // A sentence or lines named with the unit narrow the search (to words that start
        // there); say so, or the reader looks in the whole unit and finds the words.
        let area = match (self.lines, scope) {
            (Some(l), Some(_)) => {
                let start = region.start.max(l.start).min(region.end);
                Span::new(start, l.end.clamp(start, region.end))
            }
            _ => region,
        };
        let narrowed = scope.is_some_and(|u| area != self.doc.unit(u).span);
        let place = match scope {
            Some(u) if narrowed => format!("the part of {} named (its sentence or lines)", self.doc.describe(u)),
            _ => self.scope_name(scope),
        };
        let mut d = Diagnostic::error(Code::TextNotFound, format!("“{missing}” is not in {place}")).primary(
            self.origin.file,
            quote_span,
            "not found",
        );
        d = match scope {
            Some(_) if narrowed => d.secondary(self.doc.file(), area, "searched here"),
            Some(u) => {
                d.secondary(self.doc.file(), self.doc.handle(u), format!("{} searched here", self.doc.describe(u)))
            }
            None => d,
        };
        let region = area;
        let near = self.norm.near_miss(region, &needle).is_some();
        d = self.suggest(d, region, &needle);
        // The words may be in another unit: "Para 2.3" meant as "Para 2.4".
        let mut elsewhere_found = false;
        if scope.is_some() {
            let everywhere = self.norm.find_words(self.whole_document(), &needle);
            let elsewhere: Vec<String> = everywhere
                .iter()
                .filter(|s| !region.contains(**s))
                .filter_map(|s| self.doc.unit_at(s.start))
                .map(|u| self.doc.describe(u))
                .collect();
            if !elsewhere.is_empty() {
                let mut names = elsewhere;
                names.dedup();
                let more = names.len().saturating_sub(6);
                names.truncate(6);
                if more > 0 {
                    names.push(format!("and {more} more"));
                }
                let own = scope.map(|u| self.doc.describe(u));
                d = d.note(format!("“{missing}” occurs in {}", names.join(", ")));
                d = if names.len() == 1 && own.as_ref() == names.first() {
                    d.help("it is elsewhere in the unit: check the sentence or lines named")
                } else {
                    d.help("check the unit number in the instruction")
                };
                elsewhere_found = true;
            }
        }
        // Nothing close here and not the same words elsewhere: perhaps something close in
        // another unit, the wrong number and a slip together.
        if !near && !elsewhere_found && scope.is_some() {
            let whole = self.whole_document();
            if let Some(miss) = self.norm.near_miss(whole, &needle) {
                if !region.contains(miss.span) {
                    let (line, _) = line_col(self.doc.text(), miss.span.start);
                    let unit = self
                        .doc
                        .unit_at(miss.span.start)
                        .map_or_else(|| "the document".to_string(), |u| self.doc.describe(u));
                    d = d
                        .secondary(self.doc.file(), miss.span, format!("nearest text, in {unit}"))
                        .note(format!("did you mean “{}” in {unit} (line {line})? {}", miss.text, miss.kind.describe()))
                        .help("check the unit number in the instruction");
                }
            }
        }
        if d.help.is_none() {
            d = d.help("quote the words exactly as the base has them");
        }
        d
    }

    /// The list item an instruction names (`the last bullet point, beginning “…”`).
    pub(super) fn item(
        &mut self,
        ins: &Instruction,
        which: crate::amendment::Ordinal,
        check: Option<&Pattern>,
        scope: Option<UnitId>,
    ) -> Option<UnitId> {
        let Some(u) = scope else {
            self.need_scope(ins, "DELETE … ITEM");
            return None;
        };
        let children = &self.doc.unit(u).children;
        let mut items: Vec<UnitId> =
            children.iter().copied().filter(|&c| self.doc.unit(c).kind == UnitKind::Item).collect();
        if items.is_empty() {
            // A list numbered `1.`, `2.` under the unit.
            items = children.iter().copied().filter(|&c| self.doc.unit(c).kind == UnitKind::Paragraph).collect();
        }
        let Some(i) = which.index(items.len()) else {
            self.diagnostics.push(
                Diagnostic::error(Code::NoSuchPart, format!("{} has no {which} list item", self.doc.describe(u)))
                    .primary(self.origin.file, ins.span, format!("it has {}", count_of(items.len(), "list item")))
                    .secondary(self.doc.file(), self.doc.handle(u), "this unit"),
            );
            return None;
        };
        let item = items[i];
        if let Some(check) = check {
            let body = self.doc.unit(item).body;
            if !self.pattern_covers(check, body) && !self.pattern_covers(check, self.doc.unit(item).span) {
                let actual: String = self.doc.slice(body).chars().take(60).collect();
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::CheckFailed,
                        format!("the {which} item of {} does not begin as quoted", self.doc.describe(u)),
                    )
                    .primary(self.origin.file, check.span(), "quoted as a check")
                    .secondary(
                        self.doc.file(),
                        self.doc.first_line(item),
                        format!("the {which} item begins “{actual}…”"),
                    )
                    .help("quote the item's first words as the base has them"),
                );
                return None;
            }
        }
        Some(item)
    }

    // ─────────────────────────── Seams ───────────────────────────

    /// A deletion widened over one adjacent space, so that no double space, space before
    /// punctuation, or space at a line's start or end is left behind; and over a comma left
    /// before a full stop or other closing mark (`nominee, or PGP signed by all three parties.`
    /// without its last words reads `nominee.`).
    pub(super) fn tidy_deletion(&self, span: Span) -> Span {
        let text = self.doc.text();
        let is_h = |c: char| c == ' ' || c == '\t' || c == '\u{A0}';
        let before = text[..span.start].chars().next_back();
        let after = text[span.end..].chars().next();
        let mut s = span.start;
        let mut e = span.end;
        if before.is_some_and(is_h) {
            let closes = after.is_none_or(|c| is_h(c) || c == '\n' || c == '\r' || ",.;:!?)]}”’".contains(c));
            if closes {
                s = text[..s].trim_end_matches(is_h).len();
            }
        } else if before.is_none_or(|c| c == '\n' || c == '\r' || "([{“‘".contains(c)) && after.is_some_and(is_h) {
            e += text[e..].len() - text[e..].trim_start_matches(is_h).len();
        }
        if text[..s].ends_with(',') && text[e..].starts_with(['.', ';', ':', ')']) && s < e {
            s -= 1;
        }
        Span::new(s, e)
    }

    /// New text fitted to the place it goes: a space added where it would otherwise run into
    /// the words beside it.
    /// `delete "and to hold regattas" and insert ", to hold regattas and …"`: new words that open
    /// with punctuation take the place of the spaces before the words they replace too, so
    /// that `rowing and to hold` reads `rowing, to hold`, not `rowing , to hold`.
    pub(super) fn punctuation_seam(&self, range: Span, new: &str) -> Span {
        if !new.starts_with([',', ';', ':', '.']) {
            return range;
        }
        let head = &self.doc.text()[..range.start];
        let word = head.trim_end_matches([' ', '\t']);
        if word.len() < head.len() && word.ends_with(|c: char| c.is_alphanumeric() || "”’\"')".contains(c)) {
            Span::new(word.len(), range.end)
        } else {
            range
        }
    }

    pub(super) fn fit(&self, range: Span, new: &str) -> String {
        let text = self.doc.text();
        let before = text[..range.start].chars().next_back();
        let after = text[range.end..].chars().next();
        let first = new.chars().next();
        let last = new.chars().next_back();
        let opens = |c: char| c.is_alphanumeric() || "“‘\"'([".contains(c);
        let closes = |c: char| c.is_alphanumeric() || "”’\"'.,;:!?)]".contains(c);
        let mut out = String::with_capacity(new.len() + 2);
        if first.is_some_and(opens) && before.is_some_and(|c| c.is_alphanumeric() || ".,;:!?)]”’\"".contains(c)) {
            out.push(' ');
        }
        out.push_str(new);
        if last.is_some_and(closes) && after.is_some_and(|c| c.is_alphanumeric() || "([“‘".contains(c)) {
            out.push(' ');
        }
        out
    }

    /// Where removing a unit starts and ends: with the line breaks before it, so that the
    /// units around it stay separated as before.
    pub(super) fn removal_range(&self, u: UnitId) -> Span {
        let text = self.doc.text();
        let span = self.doc.unit(u).span;
        let content_start = self.doc.content_start();
        let before = &text[content_start..span.start];
        let prev_end = content_start + before.trim_end().len();
        if before.trim().is_empty() {
            let after = &text[span.end..];
            let next = span.end + (after.len() - after.trim_start().len());
            Span::new(span.start, next)
        } else {
            Span::new(prev_end, span.end)
        }
    }
}
