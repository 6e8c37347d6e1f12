//! The instructions of an amendment sheet, as understood: every drafting style lowers to
//! these types, and the resolver sees nothing else.

use crate::source::{FileId, Span};
use serde::Serialize;
use std::fmt;

/// One amendment file: its instructions, scopes and commentary, in order.
#[derive(Debug, Clone, Serialize)]
pub struct Amendment {
    #[serde(skip)]
    pub file: FileId,
    pub items: Vec<Item>,
}

/// One element of an amendment sheet.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "item", rename_all = "snake_case")]
pub enum Item {
    /// A scope: the unit that following instructions apply to.
    Scope(Scope),
    /// An instruction.
    Instruction(Instruction),
    /// A title, a mover's name, a reason: kept and shown, never applied.
    Commentary {
        span: Span,
        /// Why it was read as commentary, for `amend parse`.
        #[serde(skip)]
        why: &'static str,
    },
}

/// A scope line (`Para 2.1:`) or an instruction's scope prefix.
#[derive(Debug, Clone, Serialize)]
pub struct Scope {
    /// The unit; `None` when the scope is only a line range (`Page 2, line 10,`).
    pub unit: Option<UnitRef>,
    pub span: Span,
    /// Written as a bare label and title (`4) Conference and its composition`), which may be a
    /// scope or an amendment's title; the base decides.
    pub titled: bool,
    /// Lines of the base as numbered by `amend number`, narrowing the scope.
    pub lines: Option<LineRange>,
    /// The unit was named with an act (`section 7 of title 1, United States Code`): if the base
    /// has no such unit, it is taken to be the whole base (with a warning), as the base is the act.
    pub cited: bool,
    /// Index of the scope this one is nested in (US and UK lists: `(1) in section 121— (A) in
    /// subsection (a)—`), so that its unit is looked for inside that one first.
    pub within: Option<usize>,
    /// A sentence of the unit (`In the first sentence, …`), narrowing the scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sentence: Option<Ordinal>,
}

/// Lines of the base, numbered as `amend number` prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineRange {
    pub first: u32,
    pub last: u32,
    /// A page number, where pages are marked in the base (form feeds) or set with `--page-length`.
    pub page: Option<u32>,
}

/// One instruction.
#[derive(Debug, Clone, Serialize)]
pub struct Instruction {
    /// Index in [`Amendment::items`] of the scope it is read in; `None` means the whole document.
    pub scope: Option<usize>,
    pub op: Op,
    /// How many times the quoted text must occur (and is changed).
    pub count: Count,
    /// The instruction's text in the amendment file.
    pub span: Span,
    /// `renumber accordingly` (`Some(true)`) or `without renumbering` (`Some(false)`); `None`
    /// leaves it to `--no-renumber`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub renumber: Option<bool>,
    /// The instruction repeals (legislative `is repealed`): what a repealed unit leaves behind
    /// is the consolidation's convention, not a plain deletion.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub repeal: bool,
    /// The number of the amending act's section that holds the instruction (`1` for `1 (2)
    /// Subsection 2(3) … is repealed`), for consolidation notes such as `[Repealed, 2024, c.
    /// 14, s. 1]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// The language version of a bilingual act the instruction amends alone (`Subsection 4(2)
    /// of the French version of the Act is …`); `None`: every version, or the one text there is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<Language>,
}

/// A language version of a bilingual text (Canadian acts are enacted in English and French).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    English,
    French,
}

/// What an instruction does.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// `NO CHANGE`: the unit must exist; nothing changes.
    NoChange { check: Option<UnitRef> },
    /// Remove the target.
    Delete { target: Target },
    /// Put `text` where the target was.
    Replace { target: Target, text: NewText },
    /// Add `text` at a place.
    Insert { at: Anchor, text: NewText },
    /// A statement of how the scope unit will read once amended (`so that it reads: “…”`),
    /// checked against what the instructions give.
    Reads { text: NewText },
    /// A statement of how the scope unit reads now (`PB102 currently reads: “…”`), checked
    /// against the base.
    Currently { text: NewText },
    /// Words changed everywhere they occur, several pairs at once; where two overlap (`Vice
    /// Chairman`, `Chairman`) the longer wins.
    ReplaceEach { pairs: Vec<(Pattern, NewText)> },
    /// Give a unit a new number (Debian `Renumber section A.1 to A.0`, US `redesignating`).
    Renumber {
        unit: UnitRef,
        /// Which of several units with that number (`the first section A.1`).
        which: Option<Ordinal>,
        /// The new number as written.
        to: String,
    },
    /// Give unnumbered text of the scope unit a number of its own (DC `The existing text is
    /// designated as subsection (a).`; `Renumber the portion of Article 5 from the start to
    /// “…” as Article 5.1`).
    Designate { portion: Portion, number: String },
    /// A restatement of the scope's text with its changes marked: a hand-made `-`/`+`
    /// pseudo-diff, a unified diff, paired before/after blocks, or wdiff's `[-old-]{+new+}`.
    Passage { passage: Passage },
    /// A change to the text of an earlier provision of the same sheet (`Amend proposal #58:
    /// replace “x” with “y”`). It is applied as the sheet is read, so the resolver skips it.
    AmendProvision { provision: String, pairs: Vec<(Pattern, NewText)> },
}

/// Which text of a unit a designation numbers.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "portion", rename_all = "snake_case")]
pub enum Portion {
    /// All of the unit's own text.
    All,
    /// From the start of the unit's text to the end of the quoted words.
    UpTo { pattern: Pattern },
    /// What is left of the unit's text after an earlier designation took its start.
    Remainder,
}

/// A restatement with marked changes, as runs of kept, deleted and inserted text.
#[derive(Debug, Clone, Serialize)]
pub struct Passage {
    /// Contiguous stretches of the restatement; each must be found in the base as its kept
    /// and deleted text reads.
    pub hunks: Vec<Hunk>,
}

/// One contiguous stretch of a passage.
#[derive(Debug, Clone, Serialize)]
pub struct Hunk {
    pub runs: Vec<Run>,
    /// Where it was written.
    pub span: Span,
}

/// Text kept, deleted or inserted, as written (line breaks kept).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "run", content = "text", rename_all = "snake_case")]
pub enum Run {
    Kept(String),
    Deleted(String),
    Inserted(String),
}

impl Hunk {
    /// The stretch as it reads before the change.
    pub fn old_text(&self) -> String {
        self.runs
            .iter()
            .filter_map(|r| match r {
                Run::Kept(t) | Run::Deleted(t) => Some(t.as_str()),
                Run::Inserted(_) => None,
            })
            .collect()
    }

    /// The stretch as it reads after the change.
    pub fn new_text(&self) -> String {
        self.runs
            .iter()
            .filter_map(|r| match r {
                Run::Kept(t) | Run::Inserted(t) => Some(t.as_str()),
                Run::Deleted(_) => None,
            })
            .collect()
    }

    /// Whether the stretch changes anything.
    pub fn changes(&self) -> bool {
        self.runs.iter().any(|r| !matches!(r, Run::Kept(_)))
    }
}

/// What an instruction changes within its scope.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "target", rename_all = "snake_case")]
pub enum Target {
    /// Quoted words (or a quoted range `A … B`).
    Text { pattern: Pattern },
    /// Everything after the quoted words, to the end of the unit.
    AllAfter { pattern: Pattern },
    /// Everything before the quoted words, from the start of the unit's text.
    AllBefore { pattern: Pattern },
    /// A sentence of the unit's text, optionally checked against a quote.
    Sentence { which: Ordinal, check: Option<Pattern> },
    /// A list item of the unit, optionally checked against its opening words.
    Item { which: Ordinal, check: Option<Pattern> },
    /// A whole unit named in the instruction (`Delete point vii)`).
    Unit { unit: UnitRef },
    /// Several units named together: a list (`paragraphs (a) and (b)`) or, with `through`, a
    /// range and everything between (`paragraphs (b) to (d)`).
    Units { units: Vec<UnitRef>, through: bool },
    /// `DELETE ALL`: the scope unit itself; with a following INSERT, only its text.
    All,
    /// The scope unit's own text before its first child, or before the child named (`the
    /// portion of section 4 before paragraph (a)`, DC `the lead-in language`).
    LeadIn { before: Option<UnitRef> },
    /// The scope unit's heading or marginal note (`The section heading is amended to read`).
    Heading,
    /// Quoted words at the very end of the scope unit's text (`striking out “or” at the end
    /// of subparagraph (ii)`).
    AtEnd { pattern: Pattern },
    /// From the quoted words, inclusive, to the end of the unit's text (`strike from
    /// “PGP-Signed” to the end`).
    FromOn { pattern: Pattern },
}

/// Quoted text that locates a place in the base.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Pattern {
    /// The words as quoted.
    Exact { quote: Quote },
    /// From the first words up to and including the last: `“A … … B”`.
    Range { from: Quote, to: Quote },
    /// Text beginning with the words: `“full citizenship rights …”`.
    Prefix { quote: Quote },
    /// Text ending with the words: `“… earliest opportunity.”`.
    Suffix { quote: Quote },
}

impl Pattern {
    /// The quote that carries the pattern's first words.
    pub fn first_quote(&self) -> &Quote {
        match self {
            Pattern::Exact { quote } | Pattern::Prefix { quote } | Pattern::Suffix { quote } => quote,
            Pattern::Range { from, .. } => from,
        }
    }

    /// The span of the whole pattern in the amendment file.
    pub fn span(&self) -> Span {
        match self {
            Pattern::Exact { quote } | Pattern::Prefix { quote } | Pattern::Suffix { quote } => quote.span,
            Pattern::Range { from, to } => from.span.join(to.span),
        }
    }
}

/// Text in quotes, as written between the quote marks.
#[derive(Debug, Clone, Serialize)]
pub struct Quote {
    pub text: String,
    /// The quote including its marks.
    pub span: Span,
    /// The quote was still open at the end of the line.
    pub unclosed: bool,
}

/// New text to put into the document.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NewText {
    /// Quoted on the instruction's line.
    Quoted { quote: Quote },
    /// The lines below a "the following:" clause, verbatim (line breaks as `\n`).
    Block { text: String, span: Span },
}

impl NewText {
    /// The text to insert.
    pub fn as_str(&self) -> &str {
        match self {
            NewText::Quoted { quote } => &quote.text,
            NewText::Block { text, .. } => text,
        }
    }

    /// Where it was written.
    pub fn span(&self) -> Span {
        match self {
            NewText::Quoted { quote } => quote.span,
            NewText::Block { span, .. } => *span,
        }
    }
}

/// Where inserted text goes.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "at", rename_all = "snake_case")]
pub enum Anchor {
    After {
        pattern: Pattern,
    },
    Before {
        pattern: Pattern,
    },
    /// At the end of the scope unit's text.
    End,
    /// At the start of the scope unit's text.
    Start,
    /// As a new unit right after the scope unit (`Para 4.2 – NO CHANGE.` then `INSERT “…”`).
    NewUnitAfter,
    /// As a new unit with this number, among its siblings (`Insert a new section 4.3 reading:`).
    NewNumbered {
        number: String,
    },
    /// As a new paragraph of the scope unit: after its own text and before its first child
    /// (`Append the following paragraph to rule section “Polls”`), or after everything in it.
    NewParagraph {
        after_children: bool,
    },
    /// As an item of the scope unit's first list, at this position (`as the second element in
    /// the bulleted list`, `as the final element`).
    ListItem {
        which: Ordinal,
    },
    /// Before the scope unit's first list and the sentence that introduces it (`before the list
    /// of modules`).
    BeforeList,
    /// New definitions of the scope unit, each where its term sorts among the definitions there
    /// (`adding the following in alphabetical order:`).
    Alphabetical,
}

/// How many times quoted text must occur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Count {
    /// Exactly once (the default).
    Once,
    /// Exactly this many times (`TWICE`, `THREE TIMES`).
    Exactly(u32),
    /// Wherever it occurs, at least once (`throughout`, `each place it appears`).
    Throughout,
}

impl Count {
    /// Whether `found` occurrences satisfy the count.
    pub fn accepts(self, found: usize) -> bool {
        match self {
            Count::Once => found == 1,
            Count::Exactly(n) => found == n as usize,
            Count::Throughout => found >= 1,
        }
    }
}

/// Which sentence or item: counted from the start (1 = first) or from the end (1 = last).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Ordinal {
    FromStart(u32),
    FromEnd(u32),
}

impl Ordinal {
    /// The index among `len` parts, if there is such a part.
    pub fn index(self, len: usize) -> Option<usize> {
        match self {
            Ordinal::FromStart(n) => (n as usize).checked_sub(1).filter(|&i| i < len),
            Ordinal::FromEnd(n) => len.checked_sub(n as usize),
        }
    }
}

/// A reference to a unit of the base: `Para 2.1`, `Section 1) Aims`, `section 106(3)`.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRef {
    /// Outermost first: `section 106(3)` is [section 106, (3)].
    pub steps: Vec<RefStep>,
    pub span: Span,
    /// The reference as written, for messages.
    pub written: String,
    /// The same unit under another numbering, given beside it: DC `Section 1288(a)(4) (D.C.
    /// Official Code § 46-406(a)(4))`, where the base is the Code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub codified: Option<Box<UnitRef>>,
}

/// One step of a unit reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct RefStep {
    /// The word used, lower case: `para`, `section`, `point`, `appendix`.
    pub keyword: Option<String>,
    /// The number's key: `2.1`, `vii`, `3`.
    pub number: Option<String>,
    /// The number as printed, for display: `(a)`, `vii)`.
    #[serde(skip)]
    pub printed: Option<String>,
    /// The heading given with the number, if any.
    pub heading: Option<String>,
    /// Which of the unit's unnumbered paragraphs or items (`the last paragraph of`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ordinal: Option<Ordinal>,
}

impl UnitRef {
    /// A reference with its steps, where it was written and how.
    pub fn new(steps: Vec<RefStep>, span: Span, written: impl Into<String>) -> UnitRef {
        UnitRef { steps, span, written: written.into(), codified: None }
    }
}

impl fmt::Display for UnitRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, s) in self.steps.iter().enumerate() {
            if i > 0 {
                f.write_str(if s.keyword.is_some() { ", " } else { "" })?;
            }
            let mut parts = Vec::new();
            if let Some(k) = &s.keyword {
                let mut k = k.clone();
                if let Some(first) = k.get_mut(0..1) {
                    first.make_ascii_uppercase();
                }
                parts.push(k);
            }
            if let Some(n) = s.printed.as_ref().or(s.number.as_ref()) {
                parts.push(n.clone());
            }
            if let Some(h) = &s.heading {
                parts.push(format!("“{h}”"));
            }
            f.write_str(&parts.join(" "))?;
        }
        Ok(())
    }
}

impl fmt::Display for Quote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "“{}”", self.text)
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pattern::Exact { quote } => write!(f, "{quote}"),
            Pattern::Range { from, to } => write!(f, "from {from} to {to}"),
            Pattern::Prefix { quote } => write!(f, "text beginning {quote}"),
            Pattern::Suffix { quote } => write!(f, "text ending {quote}"),
        }
    }
}

impl fmt::Display for NewText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NewText::Quoted { quote } => write!(f, "{quote}"),
            NewText::Block { text, .. } => {
                let lines = text.lines().count();
                let first: String = text.lines().next().unwrap_or("").chars().take(40).collect();
                write!(f, "block of {lines} line{} “{first}…”", if lines == 1 { "" } else { "s" })
            }
        }
    }
}

impl fmt::Display for Ordinal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [&str; 5] = ["first", "second", "third", "fourth", "fifth"];
        match *self {
            Ordinal::FromEnd(1) => f.write_str("last"),
            Ordinal::FromEnd(2) => f.write_str("penultimate"),
            Ordinal::FromEnd(n) => write!(f, "{n}th from last"),
            Ordinal::FromStart(n) => match NAMES.get(n as usize - 1) {
                Some(name) => f.write_str(name),
                None => write!(f, "{n}th"),
            },
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Text { pattern } => write!(f, "{pattern}"),
            Target::AllAfter { pattern } => write!(f, "all after {pattern}"),
            Target::AllBefore { pattern } => write!(f, "all before {pattern}"),
            Target::Sentence { which, check } => {
                write!(f, "{which} sentence")?;
                check.as_ref().map_or(Ok(()), |c| write!(f, " ({c})"))
            }
            Target::Item { which, check } => {
                write!(f, "{which} item")?;
                check.as_ref().map_or(Ok(()), |c| write!(f, " ({c})"))
            }
            Target::Unit { unit } => write!(f, "{unit}"),
            Target::Units { units, through } => {
                let names: Vec<String> = units.iter().map(ToString::to_string).collect();
                f.write_str(&names.join(if *through { " to " } else { ", " }))
            }
            Target::All => f.write_str("all"),
            Target::LeadIn { before: Some(u) } => write!(f, "the text before {u}"),
            Target::LeadIn { before: None } => f.write_str("the lead-in text"),
            Target::Heading => f.write_str("the heading"),
            Target::AtEnd { pattern } => write!(f, "{pattern} at the end"),
            Target::FromOn { pattern } => write!(f, "from {pattern} to the end"),
        }
    }
}

impl fmt::Display for Count {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Count::Once => Ok(()),
            Count::Exactly(n) => write!(f, " ×{n}"),
            Count::Throughout => f.write_str(" throughout"),
        }
    }
}

impl fmt::Display for Instruction {
    /// The compact normalised form printed by `amend parse`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.op {
            Op::NoChange { check: None } => f.write_str("no change"),
            Op::Reads { text } => write!(f, "so that it reads {text}"),
            Op::Currently { text } => write!(f, "check that it currently reads {text}"),
            Op::ReplaceEach { pairs } => {
                let list: Vec<String> = pairs.iter().map(|(p, t)| format!("{p} → {t}")).collect();
                write!(f, "change throughout {}", list.join(", "))
            }
            Op::NoChange { check: Some(u) } => write!(f, "no change (to {u})"),
            Op::Delete { target: Target::All } => f.write_str("delete the unit"),
            Op::Delete { target } => write!(f, "delete {target}{}", self.count),
            Op::Replace { target: Target::All, text } => write!(f, "replace the unit's text with {text}"),
            Op::Replace { target, text } => write!(f, "replace {target}{} with {text}", self.count),
            Op::Insert { at, text } => match at {
                Anchor::After { pattern } => write!(f, "insert {text} after {pattern}"),
                Anchor::Before { pattern } => write!(f, "insert {text} before {pattern}"),
                Anchor::End => write!(f, "insert {text} at the end"),
                Anchor::Start => write!(f, "insert {text} at the start"),
                Anchor::NewUnitAfter => write!(f, "insert new unit {text} after the scope"),
                Anchor::Alphabetical => write!(f, "insert {text} as definitions in alphabetical order"),
                Anchor::NewNumbered { number } => write!(f, "insert new unit {number} {text}"),
                Anchor::NewParagraph { after_children: false } => {
                    write!(f, "insert {text} as a new paragraph of the unit's own text")
                }
                Anchor::NewParagraph { after_children: true } => {
                    write!(f, "insert {text} as a new paragraph at the end")
                }
                Anchor::ListItem { which } => write!(f, "insert {text} as the {which} list item"),
                Anchor::BeforeList => write!(f, "insert {text} before the list"),
            },
            Op::Designate { portion, number } => match portion {
                Portion::All => write!(f, "number the text {number}"),
                Portion::UpTo { pattern } => write!(f, "number the text up to {pattern} {number}"),
                Portion::Remainder => write!(f, "number the rest of the text {number}"),
            },
            Op::Passage { passage } => {
                let changed = passage.hunks.iter().filter(|h| h.changes()).count();
                write!(
                    f,
                    "restatement with marked changes ({changed} changed stretch{})",
                    if changed == 1 { "" } else { "es" }
                )
            }
            Op::AmendProvision { provision, pairs } => {
                let list: Vec<String> = pairs.iter().map(|(p, t)| format!("{p} → {t}")).collect();
                write!(f, "amend provision {provision}: {}", list.join(", "))
            }
            Op::Renumber { unit, which, to } => match which {
                Some(w) => write!(f, "renumber the {w} {unit} as {to}"),
                None => write!(f, "renumber {unit} as {to}"),
            },
        }
    }
}
