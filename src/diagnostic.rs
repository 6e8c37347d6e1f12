//! Diagnostics: what went wrong or looks doubtful, with labelled spans in every file concerned.
//!
//! The library builds [`Diagnostic`]s; rendering to text (rustc style, via codespan-reporting),
//! JSON or GitHub annotations happens here too, but printing is left to the CLI.

use crate::source::{FileId, Sources, Span};
use codespan_reporting::diagnostic as cs;
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
    BadEncoding = "E0001", "input file is not valid UTF-8 or UTF-16 text",
        "A base saved as Windows-1252 with a £ sign. Save it as UTF-8 (\"Unicode text\").";
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
    /// A line range outside the base or outside the unit named with it.
    NoSuchLine = "E0108", "the line numbers are not in the base (or not in the unit named)",
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
    /// A reference in the text points to a unit the version renumbered.
    ReferenceRenumbered = "W0111", "a reference points to a unit that the version renumbers",
        "“Motions submitted under 4.3” after an amendment inserts a new 4.3: the old 4.3 is now 4.4. Update the reference, or build with --fix-references.";
    /// A reference in the text points to a unit the version removed.
    ReferenceRemoved = "W0112", "a reference points to a unit that the version removes",
        "“(see the Appendix)” when the version deletes the Appendix. Amend or delete the reference in the same version.";
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

impl Diagnostic {
    /// An error with a message.
    pub fn error(code: Code, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
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
        self.notes.push(note.into());
        self
    }

    /// Sets the advice.
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The primary label, if any.
    pub fn primary_label(&self) -> Option<&Label> {
        self.labels.iter().find(|l| l.primary).or(self.labels.first())
    }

    fn to_codespan(&self) -> cs::Diagnostic<FileId> {
        let severity = match self.severity {
            Severity::Error => cs::Severity::Error,
            Severity::Warning => cs::Severity::Warning,
        };
        let labels = self
            .labels
            .iter()
            .map(|l| {
                let style = if l.primary { cs::LabelStyle::Primary } else { cs::LabelStyle::Secondary };
                cs::Label::new(style, l.file, l.span.range()).with_message(&l.message)
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

/// Renders diagnostics rustc-style, without colour (for files, tests and pipes).
pub fn render_plain(sources: &Sources, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    let config = term::Config::default();
    for d in diagnostics {
        // Writing to a String cannot fail, and every label's file comes from `sources`.
        let _ = term::emit_to_string(&mut out, &config, sources, &d.to_codespan());
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
        term::emit_to_write_style(writer, &config, sources, &d.to_codespan())
            .map_err(|e| std::io::Error::other(e.to_string()))?;
    }
    Ok(())
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
