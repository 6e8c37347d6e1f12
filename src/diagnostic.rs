//! Diagnostics: what went wrong or looks doubtful, with labelled spans in every file concerned.
//!
//! The library builds [`Diagnostic`]s; rendering to text (rustc style, via codespan-reporting),
//! JSON or GitHub annotations happens here too, but printing is left to the CLI.

use crate::source::{DecodeError, FileId, Sources, Span};
use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::Files;
use codespan_reporting::term;
use serde::Serialize;

/// How serious a diagnostic is. `--strict` turns warnings into errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($( $(#[doc = $doc:literal])* $name:ident = $code:literal, $summary:literal, $example:literal; )*) => {
        /// A stable diagnostic code. Codes are never reused for another meaning.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( $(#[doc = $doc])* $name, )* }

        impl Code {
            /// Every code, in order.
            pub const ALL: &'static [Code] = &[$(Code::$name),*];

            /// The code as printed, e.g. `E0101`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$name => $code,)* }
            }

            /// One line saying what the code means.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$name => $summary,)* }
            }

            /// A short example of input that produces it, and what to do.
            pub fn example(self) -> &'static str {
                match self { $(Code::$name => $example,)* }
            }

            /// Looks a code up by its printed form (case-insensitive).
            pub fn parse(s: &str) -> Option<Code> {
                Code::ALL.iter().copied().find(|c| c.as_str().eq_ignore_ascii_case(s.trim()))
            }
        }
    };
}

codes! {
    /// The input is not valid text.
    BadEncoding = "E0001", "input file is not valid UTF-8 or UTF-16 text, or holds a control character",
        "A base saved as Windows-1252 with a £ sign: save it as UTF-8 (\"Unicode text\"). Or text pasted from a PDF with a stray control character (U+0002): delete it. A vertical tab or form feed is read as a line or page break.";
    /// Quoted text was not found where the instruction looks.
    TextNotFound = "E0101", "quoted text not found in the unit the instruction names",
        "Para 2.1: DELETE “signatorys” — the paragraph says “signatory”. Quote the base exactly; the note shows the nearest text.";
    /// Quoted text occurs a different number of times than the instruction says.
    CountMismatch = "E0102", "quoted text occurs a different number of times than the instruction says",
        "Para 4.4: DELETE “OG” when “OG” occurs 3 times. Say TWICE / THREE TIMES / THROUGHOUT, or quote more words so only one place matches.";
    /// No unit in the base has this number or heading.
    UnitNotFound = "E0103", "no unit in the base has this number or heading",
        "Para 2.9 in a section that ends at 2.7. Check the number against `amend outline BASE`.";
    /// Several units have this number; the reference must say which.
    UnitAmbiguous = "E0104", "several units in the base have this number",
        "Paragraph (a) when several sections have an (a). Give the full path, e.g. “Section 3, paragraph (a)”.";
    /// A check inside the instruction does not hold.
    CheckFailed = "E0105", "the text the instruction quotes as a check does not match the base",
        "DELETE FINAL SENTENCE “Should the movers … opportunity.” when the final sentence starts differently.";
    /// An INSERT with nothing saying where the text goes.
    NoInsertionPoint = "E0106", "INSERT does not say where the text goes",
        "A lone INSERT “x”. Write AFTER “y” INSERT “x”, INSERT AT END “x”, or put it right after a DELETE or NO CHANGE.";
    /// The unit has no such sentence or item.
    NoSuchPart = "E0107", "the unit has no such sentence or list item",
        "DELETE THE LAST BULLET POINT in a paragraph without bullets.";
    /// A line range outside the base (with no unit named to look in instead).
    NoSuchLine = "E0108", "the line numbers are not in the base",
        "Page 2, line 400 in a base of 120 lines. Check the numbers against `amend number BASE`.";
    /// A line looks like an instruction but is not one the grammar knows.
    Syntax = "E0201", "instruction not understood",
        "DELETE signatories (no quotes). Quote the words: DELETE “signatories”.";
    /// A "the following:" clause with no text below it.
    EmptyBlock = "E0202", "“the following:” is not followed by any text",
        "INSERT the following: at the end of the file. Put the text on the lines below.";
    /// An instruction names a unit other than its scope.
    ScopeMismatch = "E0203", "the instruction names a different unit than its scope line",
        "Para 4.2 – NO CHANGE to Para 4.3. Make the two agree.";
    /// A clause that needs something before it (REPLACE WITH after a DELETE).
    Dangling = "E0204", "this clause needs a DELETE before it",
        "“and replace with:” on its own. Say what is deleted first.";
    /// An instruction that rewrites "the unit" without naming one.
    MissingUnit = "E0205", "the instruction does not say which unit it changes",
        "“is amended to read as follows:” with no section before it. Name the unit: “Section 7 is amended to read as follows:”.";
    /// The amendment's own statement of the result disagrees with its instructions.
    ReadsDiffers = "E0206", "the unit would not read as the amendment says it will",
        "Para 2.1: DELETE “signatory”; INSERT “member”. So that it reads: “Anyone can become a signatory …”.";
    /// Two edits touch the same text.
    Conflict = "E0301", "two instructions change the same text",
        "One amendment deletes point vii) and another edits a bullet inside it. Composite them or take them in turn.";
    /// Words that name a change but could not be read as an instruction.
    StrayChange = "E0207", "this names a change, but it could not be read as an instruction",
        "“The Society will be changing “Chairman” to “Chair” in every rule.” Write it as an instruction: Throughout the rules, replace “Chairman” with “Chair”. Exit 0 promises that every change named was applied, so this is an error, not commentary.";
    /// An amendment file in which nothing is an instruction.
    NothingToApply = "E0208", "the amendment file has no instructions",
        "An empty file, or one whose provisions all read as commentary (`amend parse` shows how each was read and why). Check that this is the file meant.";
    /// A pair in a list of words to change that occurs nowhere.
    PairNowhere = "E0209", "a pair in a list of words to change occurs nowhere",
        "changing “his, her, or its” to “their” when the base says “his, her or its”. Quote the words as the base has them, or leave the pair out.";
    /// A unit is repealed where the consolidation's convention for repealed units is not known.
    RepealConvention = "E0210", "what a repealed unit leaves behind is not known",
        "“Subsection 2(3) of the Act is repealed.” on a statute whose consolidations print `(3) [Repealed, 2024, c. 14, s. 1]`. Give the note with --repealed \"[Repealed, 2024, c. 14, s. {section}]\", or --repealed delete.";
    /// A restatement with marked changes numbers a new unit unlike the base, or its numbers
    /// and the renumbering of the units around them cannot both hold.
    NumberingUnclear = "E0211", "how the restatement's new or moved units are numbered cannot be known",
        "A pseudo-diff adds `+ 5.1 A Foundation Document …` inside a list numbered `1.` to `6.`, or `9.1 Relationship` where the base's headings read `9.1.`. Number the new units in the restatement as the base numbers units at that place.";
    /// A new unit is given a number that a unit at its place already has, where numbers are
    /// not moved up to make room (a statute; an inserted number such as `(1A)`).
    NumberTaken = "E0212", "the new unit's number is already taken",
        "“A new paragraph (1A) is added …” where subsection (f) already has a (1A) (inserted earlier by other legislation). Check whether the text is already there; if it is, leave the instruction out.";
    /// A quotation in straight quote marks whose marks do not pair up, so that where it ends
    /// cannot be known.
    QuotesUnpaired = "E0213", "the quote marks of a quotation do not pair up, so where it ends cannot be known",
        "`\"(6A) \"Disposable plastic bags\" means … The term \"bubble wrap.\".`: the line ends as the quotation ends, but the mark before `.` closes the term opened at `\"bubble`. A mark is missing or one too many; check the quoted terms against the original.";
    /// An instruction amends one language version of a bilingual act, and the base reads as
    /// neither English nor French, so whether it is that version cannot be told.
    VersionUnknown = "E0214", "the instruction amends one language version, and which version the base is cannot be told",
        "`Subsection 4(2) of the French version of the Act is replaced by the following:` against a base whose words are too few, or mixed, to tell English from French. Apply the sheet to the version it amends; leave out the instructions for the other.";
    /// The manifest of a versioned constitution (`constitution.yaml`) is not valid.
    BadManifest = "E0401", "the manifest (constitution.yaml) is not valid",
        "`status: caried` or an unknown key such as `stauts:`. The message names the key and line; the README lists the keys.";
    /// A quote was left open at the end of a line.
    UnclosedQuote = "W0101", "quote left open at the end of the line; the text runs to the end of the line",
        "INSERT “2) Members and Affiliates (no closing quote). Close the quote.";
    /// A paragraph that ended with a full stop no longer does.
    NoFinalStop = "W0102", "the amended unit no longer ends with a full stop",
        "Para 3.5: DELETE ALL AFTER “work reports”. The tool does not add a full stop; add one in the amendment if intended.";
    /// A line with a label and a title that the base does not have as a heading.
    TitleNotScope = "W0103", "a numbered title line is read as commentary, not as a scope",
        "“1) Brighton Labour Left Alliance” when the base's unit 1) is headed differently. Write “Section 1)” to make it a scope.";
    /// A heading given in a scope differs from the base's heading.
    HeadingDiffers = "W0104", "the heading given in the scope differs from the base",
        "Section 3) Membership when section 3 is headed “Organising Group”. Check the number.";
    /// Text added at the end of a unit after its full stop.
    AfterFinalStop = "W0105", "text added at the end goes after the unit's full stop",
        "ADD AT END “and the SC” to a paragraph ending in “.”. Use BEFORE “.” if it belongs inside the sentence.";
    /// A number matched only when case is ignored.
    NumberCase = "W0106", "the unit number matched only when case is ignored",
        "Clause iv when the base numbers it IV.";
    /// A block whose label differs from the unit it replaces or adds.
    LabelDiffers = "W0107", "the new text starts with a different number than the unit it replaces",
        "Delete point vii) and replace with: viii) … Check the number.";
    /// A unit named with its act (`of title 17, United States Code`) that the base does not have.
    CitedUnitAbsent = "W0108", "the unit named with its act is not in the base; the whole base is taken to be it",
        "“Chapter 1 of title 17, United States Code, is amended—” with a base that holds only § 121.";
    /// A page number that the base cannot confirm.
    PageUnchecked = "W0109", "the page number is not checked: the base has no pages",
        "“Page 12, line 2” with a base without form feeds. Set `--page-length` or leave the page out.";
    /// A line number read relative to the unit named with it.
    RelativeLine = "W0110", "the line number is read as counted from the start of the unit named with it",
        "“Sub-clause 3, line 2” where line 2 of the base is not in sub-clause 3.";
    /// A pair of a list of changes that occurs nowhere.
    NoneToChange = "W0111", "(retired: now the error E0209) a pair in a list of words to change occurs nowhere",
        "changing “his, her, or its” to “their” when the base says “his, her or its”.";
    /// A line read as commentary that names a change and quotes words.
    StrayInstruction = "W0112", "(retired: now the error E0207) a line that names a change is read as commentary",
        "“The Society is changing “Chairman” to “Chair” throughout.” Start the line with the instruction: Throughout the rules, replace “Chairman” with “Chair”.";
    /// An amendment file in which no line is an instruction.
    NoInstructions = "W0113", "(retired: now the error E0208) the amendment file has no instructions",
        "An empty file, or one whose lines all read as commentary (`amend parse` shows how each line was read). With --strict, CI rejects it.";
    /// A reference in the text points to a unit the version renumbered.
    ReferenceRenumbered = "W0114", "a reference points to a unit that the amendments (or a version) renumber",
        "“Motions submitted under 4.3” after an amendment inserts a new 4.3: the old 4.3 is now 4.4. Update the reference, or build with --fix-references.";
    /// A reference in the text points to a unit the version removed.
    ReferenceRemoved = "W0115", "a reference points to a unit that the amendments (or a version) remove",
        "“(see the Appendix)” when the version deletes the Appendix. Amend or delete the reference in the same version.";
    /// A line number that fits neither the base nor the unit named with it.
    LineIgnored = "W0116", "the line number is not in the unit named with it; the whole unit is searched",
        "“Clause 2.2, line 16” taken from a printed rulebook whose lines differ from `amend number BASE`.";
    /// Punctuation at a list item's end changed to fit its new place in the list.
    ListPunctuation = "W0117", "the punctuation at a list item's end follows its new place in the list",
        "“striking out “or” at the end of subparagraph (ii) and repealing subparagraph (iii)”: `(ii) …, or` becomes `(ii) …;`, as (iii) ended; adding “or” to the end of (iii) and a new (iv) after it: `(iii) …;` becomes `(iii) …, or`.";
    /// A unit named with another word than the base's own (`Article 4.2` for its clause 4.2).
    WordDiffers = "W0118", "the base calls the unit by another word",
        "“Article 4.2” where the base says “clause 4.2”: the unit is found by its number. Write the word the base uses, or allow the lint.";
    /// A line after new text written on a numbered instruction's line, read as more of it.
    TextRunsOn = "W0119", "a line after new text written on the instruction's line is read as more of that text",
        "`3. Append the following as Article 5.4: If no candidates are nominated … Full Term).` / `The by-elections shall be conducted as in Article 5.1.` (a copy wrapped so that a sentence starts a line). Leave a blank line before a line that is not new text.";
    /// An instruction amends the other language version of a bilingual act: the base's text
    /// is not changed by it, as the official consolidation of the base's version is not.
    OtherVersion = "W0120", "the instruction amends the other language version of the act, not the base's: the base is left as it is",
        "`The French version of paragraph 3(b) of the Act is replaced by the following:` in a Canadian act applied to the English text. Nothing to do: the English consolidation does not change. Apply the sheet to the French text to make that change.";
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A labelled span in one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Label {
    pub file: FileId,
    pub span: Span,
    pub message: String,
    /// The primary label marks where the problem is; secondary ones give context.
    pub primary: bool,
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Span", 2)?;
        st.serialize_field("start", &self.start)?;
        st.serialize_field("end", &self.end)?;
        st.end()
    }
}

/// One problem or doubt, with its code, message, labels and advice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    pub code: Code,
    pub message: String,
    pub labels: Vec<Label>,
    pub notes: Vec<String>,
    pub help: Option<String>,
}

/// The longest message or note, in characters: one that quotes ten megabytes of a sheet would
/// otherwise print all of it, to a terminal or a CI log.
const MAX_MESSAGE: usize = 1000;

/// A message cut to [`MAX_MESSAGE`] characters, with `…` where it is cut.
fn bounded(mut message: String) -> String {
    if let Some((cut, _)) = message.char_indices().nth(MAX_MESSAGE) {
        message.truncate(cut);
        message.push('…');
    }
    message
}

impl Diagnostic {
    /// An error with a message.
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: bounded(message.into()),
            labels: Vec::new(),
            notes: Vec::new(),
            help: None,
        }
    }

    /// A warning with a message.
    pub fn warning(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(code, message) }
    }

    /// Adds the primary label.
    pub fn primary(mut self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label { file, span, message: message.into(), primary: true });
        self
    }

    /// Adds a secondary label.
    pub fn secondary(mut self, file: FileId, span: Span, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label { file, span, message: message.into(), primary: false });
        self
    }

    /// Adds a note.
    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(bounded(note.into()));
        self
    }

    /// Sets the advice.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// E0001 for a file that is not text; `at` is the span that
    /// [`crate::source::decode_lossy`] marks in the text it makes of the file.
    pub fn bad_encoding(file: FileId, error: &DecodeError, at: Span) -> Diagnostic {
        let (message, help) = match error {
            DecodeError::InvalidUtf8 { offset, .. } => (
                format!("not valid UTF-8 text: invalid byte sequence at byte offset {offset}"),
                "save the file as UTF-8 (in a word processor: plain text, Unicode UTF-8)",
            ),
            DecodeError::InvalidUtf16 { offset, .. } => (
                format!(
                    "not valid UTF-16 text, although it starts with a UTF-16 byte-order mark: problem at byte offset {offset}"
                ),
                "save the file again as UTF-8 or UTF-16 text",
            ),
            DecodeError::Control { character, .. } => (
                format!("the text holds {}, which no document may contain", crate::source::describe_char(*character)),
                "delete it (text pasted from a PDF or a word processor often carries such characters); \
                 a vertical tab or form feed is read as a line or page break",
            ),
        };
        let label = match error {
            DecodeError::Control { .. } => "this character (shown as a symbol)",
            _ => "this cannot be read as text",
        };
        Diagnostic::error(Code::BadEncoding, message).primary(file, at, label).help(help)
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The primary label, if any.
    pub fn primary_label(&self) -> Option<&Label> {
        self.labels.iter().find(|l| l.primary).or(self.labels.first())
    }

    fn to_codespan(&self, view: &View<'_>) -> cs::Diagnostic<FileId> {
        let severity = match self.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let labels = self
            .labels
            .iter()
            .map(|l| {
                let style = if l.primary { cs::LabelStyle::Primary } else { cs::LabelStyle::Secondary };
                cs::Label::new(style, l.file, view.span(l.file, l.span).range()).with_message(&l.message)
            })
            .collect();
        let mut notes = self.notes.clone();
        if let Some(help) = &self.help {
            notes.push(format!("help: {help}"));
        }
        cs::Diagnostic::new(severity)
            .with_code(self.code.as_str())
            .with_message(&self.message)
            .with_labels(labels)
            .with_notes(notes)
    }
}

/// Under `--strict`, warnings count as errors.
pub fn strictly(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.into_iter().map(|d| Diagnostic { severity: Severity::Error, ..d }).collect()
}

impl Code {
    /// Whether the code is a lint whose level a user may set: every warning, and the errors
    /// that name no change left undone (a sheet with nothing in it, a pair of a list of changes
    /// with nothing to change). Other errors stop the run whatever the levels say.
    pub fn is_lint(self) -> bool {
        self.as_str().starts_with('W') || matches!(self, Code::NothingToApply | Code::PairNowhere)
    }
}

/// The level a lint is reported at, as rustc and clippy name them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Not reported.
    Allow,
    /// Reported; the run still succeeds.
    Warn,
    /// Reported as an error; the run fails.
    Deny,
}

/// Lint levels set by the user (`--deny CODE`, `--warn CODE`, `--allow CODE`, or `warnings`
/// for every warning). For the same code, deny wins over warn, and warn over allow; then, as in
/// rustc, the level for `warnings` applies to everything left at warning level.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lints {
    codes: std::collections::BTreeMap<Code, Level>,
    warnings: Option<Level>,
}

impl Lints {
    /// Sets the level of a lint named by its code or `warnings`; an unknown name, or an error
    /// code that is not a lint, is refused with a message saying why.
    pub fn set(&mut self, name: &str, level: Level) -> Result<(), String> {
        if name.trim().eq_ignore_ascii_case("warnings") {
            self.warnings = Some(self.warnings.map_or(level, |l| l.max(level)));
            return Ok(());
        }
        let code =
            Code::parse(name).ok_or_else(|| format!("`{name}` is not a diagnostic code (see `amend explain`)"))?;
        if !code.is_lint() {
            return Err(format!(
                "{code} is an error that cannot be allowed or lowered: the amendment would not be applied as written"
            ));
        }
        let entry = self.codes.entry(code).or_insert(level);
        *entry = (*entry).max(level);
        Ok(())
    }

    /// Levels from lists of names, as the command line and the manifest give them.
    pub fn from_lists(deny: &[String], warn: &[String], allow: &[String]) -> Result<Lints, String> {
        let mut lints = Lints::default();
        for (names, level) in [(allow, Level::Allow), (warn, Level::Warn), (deny, Level::Deny)] {
            for name in names {
                lints.set(name, level)?;
            }
        }
        Ok(lints)
    }

    /// Whether no level is set.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty() && self.warnings.is_none()
    }

    /// The diagnostics at their levels: allowed lints dropped, others raised or lowered.
    pub fn apply(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        if self.is_empty() {
            return diagnostics;
        }
        diagnostics
            .into_iter()
            .filter_map(|d| {
                if !d.code.is_lint() {
                    return Some(d);
                }
                // As in rustc, `warnings` applies to whatever ends up a warning, even one lowered
                // with `--warn`: `--warn E0208 --deny warnings` fails.
                let mut level = self.codes.get(&d.code).copied();
                let warning = level.map_or(d.severity == Severity::Warning, |l| l == Level::Warn);
                if warning && self.warnings.is_some() {
                    level = self.warnings;
                }
                match level {
                    None => Some(d),
                    Some(Level::Allow) => None,
                    Some(Level::Warn) => Some(Diagnostic { severity: Severity::Warning, ..d }),
                    Some(Level::Deny) => Some(Diagnostic { severity: Severity::Error, ..d }),
                }
            })
            .collect()
    }
}

/// Renders diagnostics rustc-style, without colour (for files, tests and pipes).
pub fn render_plain(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let config = term::Config::default();
    for d in diagnostics {
        let view = View::new(sources, d);
        // Writing to a String cannot fail, and every label's file comes from `sources`.
        let _ = term::emit_to_string(&mut out, &config, &view, &d.to_codespan(&view));
    }
    out
}

/// Renders diagnostics rustc-style to a terminal stream, in colour when `color` allows.
pub fn render_to<W: term::WriteStyle + ?Sized>(
    sources: &Sources,
    diagnostics: &[Diagnostic],
    writer: &mut W,
) -> std::io::Result<()> {
    let config = term::Config::default();
    for d in diagnostics {
        let view = View::new(sources, d);
        term::emit_to_write_style(writer, &config, &view, &d.to_codespan(&view))
            .map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(())
}

/// Lines longer than this many characters are shown cut down around the labels.
const LONG_LINE: usize = 400;
/// Characters kept on either side of a label's ends on a long line.
const CONTEXT: usize = 60;
/// What marks a cut.
const CUT: &str = "…";

/// What the renderer sees of the sources for one diagnostic: each file as it is or, where
/// labels sit on very long lines (a base that is one 1 MB line), only the lines concerned, with
/// the long ones cut down around the labels. Line and column numbers still count in the
/// original file.
struct View<'a> {
    sources: &'a Sources,
    excerpts: Vec<Option<Excerpt>>,
}

/// Part of a file: the lines from `first_line` to the last line a label touches, with long
/// lines cut and the cuts marked.
struct Excerpt {
    text: String,
    line_starts: Vec<usize>,
    /// Zero-based line of the original where `text` starts.
    first_line: usize,
    /// Kept stretches: (offset in `text`, offset in the original, length in bytes).
    kept: Vec<(usize, usize, usize)>,
}

impl<'a> View<'a> {
    fn new(sources: &'a Sources, d: &Diagnostic) -> View<'a> {
        let excerpts = (0..sources.len())
            .map(|file| {
                let points: Vec<usize> =
                    d.labels.iter().filter(|l| l.file == file).flat_map(|l| [l.span.start, l.span.end]).collect();
                Excerpt::build(sources.get(file), &points)
            })
            .collect();
        View { sources, excerpts }
    }

    /// A label's span as offsets into what the renderer sees.
    fn span(&self, file: FileId, span: Span) -> Span {
        match self.excerpts.get(file).and_then(Option::as_ref) {
            Some(e) => Span::new(e.to_text(span.start), e.to_text(span.end)),
            None => span,
        }
    }

    fn excerpt(&self, file: FileId) -> Option<&Excerpt> {
        self.excerpts.get(file).and_then(Option::as_ref)
    }
}

/// `n` characters before `at` (or the start of `text`), as a byte offset.
fn chars_back(text: &str, at: usize, n: usize) -> usize {
    text[..at].char_indices().rev().nth(n.saturating_sub(1)).map_or(0, |(i, _)| i)
}

/// `n` characters after `at` (or the end of `text`), as a byte offset.
fn chars_forward(text: &str, at: usize, n: usize) -> usize {
    text[at..].char_indices().nth(n).map_or(text.len(), |(i, _)| at + i)
}

impl Excerpt {
    /// An excerpt for labels ending at `points`, or `None` when no line concerned is long.
    fn build(file: &crate::source::SourceFile, points: &[usize]) -> Option<Excerpt> {
        let text: &str = &file.text;
        let lo = *points.iter().min()?;
        let hi = *points.iter().max()?;
        let (first, last) = (file.line_index(lo), file.line_index(hi));
        let long = |r: &std::ops::Range<usize>| r.len() > LONG_LINE && text[r.clone()].chars().count() > LONG_LINE;
        if !(first..=last).any(|l| file.line_range(l).is_some_and(|r| long(&r))) {
            return None;
        }
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for line in first..=last {
            let r = file.line_range(line)?;
            let next = file.line_range(line + 1).map_or(text.len(), |n| n.start);
            let eol = if line == last { r.end } else { next };
            if !long(&r) {
                kept.push((r.start, eol));
                continue;
            }
            let on_line: Vec<usize> = points.iter().copied().filter(|&p| r.start <= p && p <= r.end).collect();
            let mut windows: Vec<(usize, usize)> = if on_line.is_empty() {
                vec![(r.start, chars_forward(text, r.start, LONG_LINE))]
            } else {
                on_line
                    .iter()
                    .map(|&p| {
                        let s = r.start + chars_back(&text[r.start..], p - r.start, CONTEXT);
                        (s, chars_forward(&text[..r.end], p, CONTEXT))
                    })
                    .collect()
            };
            windows.sort();
            for (s, e) in windows {
                match kept.last_mut() {
                    Some(last) if s <= last.1 && last.0 >= r.start => last.1 = last.1.max(e),
                    _ => kept.push((s, e)),
                }
            }
            if let Some(last) = kept.last_mut() {
                if last.1 == r.end {
                    last.1 = eol;
                } else {
                    kept.push((r.end, eol));
                }
            }
        }
        let mut out = String::new();
        let mut pieces = Vec::with_capacity(kept.len());
        let mut prev_end = file.line_range(first)?.start;
        for (s, e) in kept {
            if s > prev_end {
                out.push_str(CUT);
            }
            pieces.push((out.len(), s, e - s));
            out.push_str(&text[s..e]);
            prev_end = e;
        }
        let line_starts = std::iter::once(0).chain(out.match_indices('\n').map(|(i, _)| i + 1)).collect();
        Some(Excerpt { text: out, line_starts, first_line: first, kept: pieces })
    }

    fn to_text(&self, orig: usize) -> usize {
        self.kept.iter().find(|&&(_, o, len)| o <= orig && orig <= o + len).map_or(0, |&(t, o, _)| t + (orig - o))
    }

    fn to_orig(&self, at: usize) -> usize {
        // In a cut, the end of the stretch before it.
        self.kept.iter().take_while(|&&(t, _, _)| t <= at).last().map_or(0, |&(t, o, len)| o + (at - t).min(len))
    }

    fn line_range(&self, line: usize) -> Option<std::ops::Range<usize>> {
        let start = *self.line_starts.get(line)?;
        let end = self.line_starts.get(line + 1).copied().unwrap_or(self.text.len());
        Some(start..end)
    }
}

// The methods of `Sources` that share these names are its own; `Files::` reaches its
// implementation of this trait.
impl<'a> Files<'a> for View<'a> {
    type FileId = FileId;
    type Name = &'a str;
    type Source = &'a str;

    fn name(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        Files::name(self.sources, id)
    }

    fn source(&'a self, id: FileId) -> Result<&'a str, codespan_reporting::files::Error> {
        match self.excerpt(id) {
            Some(e) => Ok(e.text.as_str()),
            None => Files::source(self.sources, id),
        }
    }

    fn line_index(&'a self, id: FileId, byte_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        match self.excerpt(id) {
            Some(e) => Ok(e.line_starts.partition_point(|&s| s <= byte_index).saturating_sub(1)),
            None => Files::line_index(self.sources, id, byte_index),
        }
    }

    fn line_number(&'a self, id: FileId, line_index: usize) -> Result<usize, codespan_reporting::files::Error> {
        Ok(self.excerpt(id).map_or(0, |e| e.first_line) + line_index + 1)
    }

    fn column_number(
        &'a self,
        id: FileId,
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        match self.excerpt(id) {
            Some(e) => Ok(self.sources.get(id).line_col(e.to_orig(byte_index)).1),
            None => Files::column_number(self.sources, id, line_index, byte_index),
        }
    }

    fn line_range(
        &'a self,
        id: FileId,
        line_index: usize,
    ) -> Result<std::ops::Range<usize>, codespan_reporting::files::Error> {
        match self.excerpt(id) {
            Some(e) => e.line_range(line_index).ok_or(codespan_reporting::files::Error::LineTooLarge {
                given: line_index,
                max: e.line_starts.len() - 1,
            }),
            None => Files::line_range(self.sources, id, line_index),
        }
    }
}

/// One diagnostic as a flat JSON-friendly record with file names and line/column positions.
#[derive(Debug, Serialize)]
pub struct Located<'a> {
    pub severity: Severity,
    pub code: Code,
    pub message: &'a str,
    pub file: Option<&'a str>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub end_line: Option<usize>,
    pub end_column: Option<usize>,
    pub labels: Vec<LocatedLabel<'a>>,
    pub notes: &'a [String],
    pub help: Option<&'a str>,
}

/// A label with its file name and line/column positions.
#[derive(Debug, Serialize)]
pub struct LocatedLabel<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub start: usize,
    pub end: usize,
    pub message: &'a str,
    pub primary: bool,
}

/// Attaches file names and line/column positions to a diagnostic.
pub fn locate<'a>(sources: &'a Sources, d: &'a Diagnostic) -> Located<'a> {
    let labels: Vec<LocatedLabel> = d
        .labels
        .iter()
        .map(|l| {
            let file = sources.get(l.file);
            let (line, column) = file.line_col(l.span.start);
            let (end_line, end_column) = file.line_col(l.span.end);
            LocatedLabel {
                file: &file.name,
                line,
                column,
                end_line,
                end_column,
                start: l.span.start,
                end: l.span.end,
                message: &l.message,
                primary: l.primary,
            }
        })
        .collect();
    let primary = labels.iter().find(|l| l.primary).or(labels.first());
    Located {
        severity: d.severity,
        code: d.code,
        message: &d.message,
        file: primary.map(|l| l.file),
        line: primary.map(|l| l.line),
        column: primary.map(|l| l.column),
        end_line: primary.map(|l| l.end_line),
        end_column: primary.map(|l| l.end_column),
        notes: &d.notes,
        help: d.help.as_deref(),
        labels,
    }
}

/// Renders diagnostics as GitHub Actions workflow commands, so that they appear as annotations
/// on the lines of a pull request.
pub fn render_github(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    // Workflow commands need `%`, CR and LF escaped in the message, and also `:` and `,` in
    // property values.
    fn escape_data(s: &str) -> String {
        s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
    }
    fn escape_property(s: &str) -> String {
        escape_data(s).replace(':', "%3A").replace(',', "%2C")
    }
    let mut out = String::new();
    for d in diagnostics {
        let loc = locate(sources, d);
        let kind = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut props = Vec::new();
        if let (Some(file), Some(line), Some(col)) = (loc.file, loc.line, loc.column) {
            props.push(format!("file={}", escape_property(file)));
            props.push(format!("line={line}"));
            props.push(format!("col={col}"));
            if let (Some(el), Some(ec)) = (loc.end_line, loc.end_column) {
                props.push(format!("endLine={el}"));
                if el == line {
                    props.push(format!("endColumn={ec}"));
                }
            }
        }
        props.push(format!("title={}", escape_property(&format!("{} {}", d.code, d.code.summary()))));
        let mut message = d.message.clone();
        for l in d.labels.iter().filter(|l| !l.message.is_empty()) {
            let file = sources.get(l.file);
            let (line, _) = file.line_col(l.span.start);
            message.push_str(&format!("\n{}:{}: {}", file.name, line, l.message));
        }
        for n in &d.notes {
            message.push_str(&format!("\nnote: {n}"));
        }
        if let Some(h) = &d.help {
            message.push_str(&format!("\nhelp: {h}"));
        }
        out.push_str(&format!("::{kind} {}::{}\n", props.join(","), escape_data(&message)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_parse_back() {
        let mut seen = std::collections::HashSet::new();
        for &c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate code {c}");
            assert_eq!(Code::parse(&c.as_str().to_lowercase()), Some(c));
            assert!(!c.summary().is_empty() && !c.example().is_empty());
        }
    }

    fn long_line_case() -> (Sources, FileId, String) {
        let mut s = Sources::new();
        let line: String = (0..2000).map(|i| format!("w{i} ")).collect();
        let text = format!("short first line\n1.1 {line}end.\nlast line\n");
        let f = s.add("base.txt", text.clone());
        (s, f, text)
    }

    #[test]
    fn long_lines_are_cut_down_around_the_labels() {
        let (s, f, text) = long_line_case();
        let at = text.find("w1000 ").unwrap();
        let d = Diagnostic::error(Code::TextNotFound, "m").primary(f, Span::new(at, at + 5), "here");
        let out = render_plain(&s, &[d]);
        let (line, col) = s.get(f).line_col(at);
        assert!(out.contains(&format!("┌─ base.txt:{line}:{col}\n")), "{out}");
        // Sixty characters either side, the cuts marked.
        assert!(out.contains("2 │ …w988 w989 w990 w991 w992 w993 w994 w995 w996 w997 w998 w999 w1000 w1001 w1002 w1003 w1004 w1005 w1006 w1007 w1008 w1009 w1010…\n"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 2 * LONG_LINE), "{out}");
    }

    #[test]
    fn a_label_over_several_long_lines_keeps_both_ends() {
        let (s, f, text) = long_line_case();
        let start = text.find("w10 ").unwrap();
        let end = text.find("last").unwrap() + 4;
        let d = Diagnostic::error(Code::Conflict, "m").secondary(f, Span::new(start, end), "both");
        let out = render_plain(&s, &[d]);
        assert!(out.contains("┌─ base.txt:2:"), "{out}");
        assert!(out.contains("w10 w11"), "{out}");
        assert!(out.contains("…"), "{out}");
        assert!(out.contains("3 │ │ last line"), "{out}");
        assert!(out.lines().all(|l| l.chars().count() < 2 * LONG_LINE), "{out}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]
        #[test]
        fn cut_lines_keep_true_positions(
            text in "([a-zé“” ]{0,300}\n){1,4}",
            a in 0usize..2000,
            b in 0usize..2000,
        ) {
            let mut s = Sources::new();
            let f = s.add("x", text.as_str());
            let floor = |i: usize| {
                let mut i = i.min(text.len());
                while !text.is_char_boundary(i) { i -= 1; }
                i
            };
            let (lo, hi) = (floor(a.min(b)), floor(a.max(b)));
            let d = Diagnostic::error(Code::Syntax, "m").primary(f, Span::new(lo, hi), "x");
            let out = render_plain(&s, &[d]);
            let (line, col) = s.get(f).line_col(lo);
            let header = format!("┌─ x:{line}:{col}\n");
            proptest::prop_assert!(out.contains(&header), "{}", out);
        }
    }

    #[test]
    fn readme_lists_every_code() {
        let readme = include_str!("../README.md");
        for &c in Code::ALL {
            assert!(readme.contains(&format!("| {c} |")), "README.md's diagnostics table lacks {c}");
        }
    }

    #[test]
    fn github_annotation_escapes_and_locates() {
        let mut s = Sources::new();
        let f = s.add("am,1.txt", "Para 2.1: DELETE “x”\n");
        let d =
            Diagnostic::error(Code::TextNotFound, "text `x` not found\nin 2.1").primary(f, Span::new(17, 24), "here");
        let out = render_github(&s, &[d]);
        assert!(out.starts_with("::error file=am%2C1.txt,line=1,col=18,endLine=1,endColumn=21,title=E0101 "), "{out}");
        assert!(out.contains("not found%0Ain 2.1"), "{out}");
    }
}
