//! Word's automatic numbering and paragraph styles: which number a numbered paragraph shows
//! (numbering.xml levels such as `%1.%2`, their formats, start values and restarts, counters
//! that continue across paragraphs), and which paragraphs are headings.

use super::xml::El;
use crate::document::{System, format_value};
use std::collections::{HashMap, HashSet};

/// Levels a list can have.
const LEVELS: usize = 9;

/// How one level writes its number.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Format {
    Decimal,
    DecimalZero,
    Letter { upper: bool },
    Roman { upper: bool },
    Ordinal,
    Bullet,
    None,
}

impl Format {
    fn read(val: Option<&str>) -> Format {
        match val.unwrap_or("decimal") {
            "decimalZero" => Format::DecimalZero,
            "lowerLetter" => Format::Letter { upper: false },
            "upperLetter" => Format::Letter { upper: true },
            "lowerRoman" => Format::Roman { upper: false },
            "upperRoman" => Format::Roman { upper: true },
            "ordinal" => Format::Ordinal,
            "bullet" => Format::Bullet,
            "none" => Format::None,
            // Every other format (decimalEnclosedCircle, cardinalText, Asian counting systems…)
            // is written as a plain number, which the document model can read.
            _ => Format::Decimal,
        }
    }

    fn write(&self, value: u32) -> String {
        match self {
            Format::Decimal | Format::Bullet => value.to_string(),
            Format::DecimalZero if value < 10 => format!("0{value}"),
            Format::DecimalZero => value.to_string(),
            Format::Letter { upper: false } => format_value(value, System::LowerAlpha),
            Format::Letter { upper: true } => format_value(value, System::UpperAlpha),
            Format::Roman { upper: false } => format_value(value, System::LowerRoman),
            Format::Roman { upper: true } => format_value(value, System::UpperRoman),
            Format::Ordinal => {
                let suffix = match (value % 10, value % 100) {
                    (_, 11..=13) => "th",
                    (1, _) => "st",
                    (2, _) => "nd",
                    (3, _) => "rd",
                    _ => "th",
                };
                format!("{value}{suffix}")
            }
            Format::None => String::new(),
        }
    }
}

/// One level of a list definition.
#[derive(Debug, Clone)]
struct Level {
    start: u32,
    format: Format,
    /// The pattern, e.g. `%1.%2` or `(%3)`.
    text: String,
    /// `w:lvlRestart`: restart after a level at most this (1-based) is used; 0 = never.
    restart: Option<u32>,
    /// `w:isLgl`: every number in the pattern is written in arabic figures.
    legal: bool,
    /// The paragraph style linked to this level.
    style: Option<String>,
}

impl Level {
    fn read(el: &El) -> Level {
        Level {
            start: el.child_val("start").and_then(start_value).unwrap_or(0),
            format: Format::read(el.child_val("numFmt")),
            text: el.child_val("lvlText").unwrap_or("").to_string(),
            restart: el.child_val("lvlRestart").and_then(|v| v.parse().ok()),
            legal: el.flag("isLgl"),
            style: el.child_val("pStyle").map(str::to_string),
        }
    }
}

#[derive(Debug, Clone, Default)]
struct Abstract {
    levels: Vec<Option<Level>>,
    /// `w:numStyleLink`: the levels are those of the list the numbering style points to.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    /// `w:lvlOverride`: a start value and/or a whole level, by level.
    overrides: HashMap<usize, (Option<u32>, Option<Level>)>,
}

/// A paragraph style, as far as numbering and headings need it.
#[derive(Debug, Clone, Default)]
struct Style {
    name: String,
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
    outline: Option<u8>,
}

/// Paragraph styles of a document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Style>,
    default_para: Option<String>,
}

impl Styles {
    /// Reads styles.xml.
    pub fn read(root: &El) -> Styles {
        let mut styles = HashMap::new();
        let mut default_para = None;
        for s in root.children_named("style") {
            let Some(id) = s.attr("styleId") else {
                continue;
            };
            let ppr = s.child("pPr");
            let numpr = ppr.and_then(|p| p.child("numPr"));
            let style = Style {
                name: s.child_val("name").unwrap_or(id).to_string(),
                based_on: s.child_val("basedOn").map(str::to_string),
                num_id: numpr.and_then(|n| n.child_val("numId")).map(str::to_string),
                ilvl: numpr.and_then(|n| n.child_val("ilvl")).and_then(|v| v.parse().ok()),
                outline: ppr.and_then(|p| p.child_val("outlineLvl")).and_then(|v| v.parse().ok()),
            };
            if s.attr("type") == Some("paragraph") && matches!(s.attr("default"), Some("1" | "true")) {
                default_para = Some(id.to_string());
            }
            styles.insert(id.to_string(), style);
        }
        Styles { styles, default_para }
    }

    /// The style chain from `id` up through `w:basedOn`, guarding against loops.
    fn chain<'a>(&'a self, id: Option<&'a str>) -> Vec<&'a Style> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut cur = id.or(self.default_para.as_deref());
        while let Some(c) = cur {
            if !seen.insert(c) {
                break;
            }
            let Some(s) = self.styles.get(c) else { break };
            out.push(s);
            cur = s.based_on.as_deref();
        }
        out
    }

    /// The heading level (1 = top) of a paragraph style: a built-in "heading N" style or a
    /// style with an outline level.
    pub fn heading_level(&self, id: Option<&str>, direct_outline: Option<u8>) -> Option<u8> {
        if let Some(o) = direct_outline {
            return (o < 9).then_some(o + 1);
        }
        for s in self.chain(id) {
            let name = s.name.to_ascii_lowercase();
            if let Some(n) = name.strip_prefix("heading ").and_then(|n| n.parse::<u8>().ok()) {
                return (1..=9).contains(&n).then_some(n);
            }
            if let Some(o) = s.outline {
                return (o < 9).then_some(o + 1);
            }
        }
        None
    }

    /// The numbering a style gives its paragraphs: its `w:numId` and level, if any.
    fn numbering<'a>(&'a self, id: Option<&'a str>) -> (Option<&'a str>, Option<usize>) {
        let mut num = None;
        let mut ilvl = None;
        for s in self.chain(id) {
            if num.is_none() {
                num = s.num_id.as_deref();
            }
            if ilvl.is_none() {
                ilvl = s.ilvl;
            }
        }
        (num, ilvl)
    }
}

/// The list definitions of numbering.xml.
#[derive(Debug, Clone, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, Abstract>,
    nums: HashMap<String, Num>,
}

impl Numbering {
    /// Reads numbering.xml.
    pub fn read(root: &El) -> Numbering {
        let mut abstracts = HashMap::new();
        for a in root.children_named("abstractNum") {
            let Some(id) = a.attr("abstractNumId") else {
                continue;
            };
            let mut levels = vec![None; LEVELS];
            for l in a.children_named("lvl") {
                if let Some(i) = l.attr("ilvl").and_then(|v| v.parse::<usize>().ok()) {
                    if i < LEVELS {
                        levels[i] = Some(Level::read(l));
                    }
                }
            }
            abstracts.insert(
                id.to_string(),
                Abstract { levels, style_link: a.child_val("numStyleLink").map(str::to_string) },
            );
        }
        let mut nums = HashMap::new();
        for n in root.children_named("num") {
            let Some(id) = n.attr("numId") else { continue };
            let mut overrides = HashMap::new();
            for o in n.children_named("lvlOverride") {
                let Some(i) = o.attr("ilvl").and_then(|v| v.parse::<usize>().ok()) else {
                    continue;
                };
                let start = o.child_val("startOverride").and_then(start_value);
                let level = o.child("lvl").map(Level::read);
                overrides.insert(i, (start, level));
            }
            nums.insert(
                id.to_string(),
                Num { abstract_id: n.child_val("abstractNumId").unwrap_or("").to_string(), overrides },
            );
        }
        Numbering { abstracts, nums }
    }

    /// The abstract definition that holds a num's levels, following `w:numStyleLink`.
    fn levels_of<'a>(&'a self, num: &'a Num, styles: &Styles) -> Option<(&'a str, &'a Abstract)> {
        let mut id = num.abstract_id.as_str();
        for _ in 0..4 {
            let a = self.abstracts.get(id)?;
            let Some(link) = &a.style_link else {
                return Some((id, a));
            };
            let (Some(linked), _) = styles.numbering(Some(link)) else {
                return Some((id, a));
            };
            id = self.nums.get(linked)?.abstract_id.as_str();
        }
        None
    }
}

/// What numbering gives one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label {
    /// The number as Word shows it (`2.1`, `(a)`, `•`), possibly empty.
    pub text: String,
    pub bullet: bool,
    /// The list and level, so that consecutive items of one list can be told apart.
    pub list: (String, usize),
}

/// Counts numbered paragraphs in document order, as Word does: one set of counters per list
/// definition, shared by every `w:num` that uses it.
#[derive(Debug, Default)]
pub(crate) struct Counter {
    values: HashMap<String, [Option<u32>; LEVELS]>,
    started: HashSet<String>,
}

impl Counter {
    /// The label of the next paragraph, given its own `w:numPr` (numId, ilvl) and style.
    pub fn next(
        &mut self,
        numbering: &Numbering,
        styles: &Styles,
        direct: (Option<&str>, Option<usize>),
        style: Option<&str>,
    ) -> Option<Label> {
        let (style_num, style_lvl) = styles.numbering(style);
        let num_id = direct.0.or(style_num)?;
        if num_id == "0" {
            return None;
        }
        let num = numbering.nums.get(num_id)?;
        let (abs_id, abs) = numbering.levels_of(num, styles)?;
        let level_of = |i: usize| -> Option<Level> {
            match num.overrides.get(&i) {
                Some((_, Some(l))) => Some(l.clone()),
                _ => abs.levels.get(i).cloned().flatten(),
            }
        };
        let ilvl = direct
            .1
            .or(style_lvl)
            .or_else(|| {
                let s = style?;
                (0..LEVELS).find(|&i| level_of(i).is_some_and(|l| l.style.as_deref() == Some(s)))
            })
            .unwrap_or(0)
            .min(LEVELS - 1);
        let level = level_of(ilvl)?;
        let start_of = |i: usize| -> u32 {
            num.overrides.get(&i).and_then(|(s, _)| *s).or_else(|| level_of(i).map(|l| l.start)).unwrap_or(0)
        };
        let values = self.values.entry(abs_id.to_string()).or_default();
        if self.started.insert(num_id.to_string()) {
            // A num that overrides a start value begins its own count there.
            for (&i, (start, _)) in &num.overrides {
                if start.is_some() && i < LEVELS {
                    values[i] = None;
                }
            }
        }
        values[ilvl] = Some(values[ilvl].map_or(start_of(ilvl), |v| v.saturating_add(1)));
        for (d, value) in values.iter_mut().enumerate().skip(ilvl + 1) {
            let threshold = level_of(d).and_then(|l| l.restart).unwrap_or(d as u32);
            if threshold != 0 && (ilvl as u32) < threshold {
                *value = None;
            }
        }
        let bullet = level.format == Format::Bullet;
        let text = if bullet {
            bullet_char(&level.text)
        } else {
            let mut out = String::new();
            let mut chars = level.text.chars().peekable();
            while let Some(c) = chars.next() {
                match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                    ('%', Some(n @ 1..=9)) => {
                        chars.next();
                        let i = n as usize - 1;
                        let value = values[i].unwrap_or_else(|| start_of(i));
                        let format = level_of(i).map_or(Format::Decimal, |l| l.format);
                        let format = if level.legal && i < ilvl { Format::Decimal } else { format };
                        out.push_str(&format.write(value));
                    }
                    _ => out.push(c),
                }
            }
            out
        };
        Some(Label { text, bullet, list: (abs_id.to_string(), ilvl) })
    }
}

/// A start value as Word allows it (0 to 32767): a larger one in a crafted document would
/// make numbers of millions of letters (`aaaa…`) or overflow the count.
fn start_value(v: &str) -> Option<u32> {
    v.parse::<u32>().ok().map(|n| n.min(32767))
}

/// A bullet the document model reads as one; symbol-font bullets become `•`.
fn bullet_char(text: &str) -> String {
    match text.trim() {
        t @ ("•" | "*" | "-" | "–" | "·" | "▪" | "◦" | "‣" | "○") => t.to_string(),
        _ => "•".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::xml;

    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="1">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1)"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%3)"/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="%4)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="2">
  <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="Article %1"/><w:pStyle w:val="Heading1"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/><w:isLgl/><w:lvlRestart w:val="0"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="3">
  <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="&#61623;"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="2"><w:startOverride w:val="4"/></w:lvlOverride></w:num>
<w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num>
<w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>
</w:numbering>"#;

    const STYLES: &str = r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Clause"><w:name w:val="Clause"/><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>
</w:styles>"#;

    fn setup() -> (Numbering, Styles) {
        (Numbering::read(&xml::parse(NUMBERING).unwrap()), Styles::read(&xml::parse(STYLES).unwrap()))
    }

    fn labels(paras: &[(Option<&str>, Option<usize>, Option<&str>)]) -> Vec<String> {
        let (n, s) = setup();
        let mut c = Counter::default();
        paras
            .iter()
            .map(|&(num, lvl, style)| c.next(&n, &s, (num, lvl), style).map_or("-".into(), |l| l.text))
            .collect()
    }

    #[test]
    fn three_levels_count_and_restart() {
        let one = Some("1");
        let got = labels(&[
            (one, Some(0), None),
            (one, Some(1), None),
            (one, Some(2), None),
            (one, Some(2), None),
            (one, Some(3), None),
            (one, Some(1), None),
            (one, Some(2), None),
            (None, None, None),
            (one, Some(0), None),
            (one, Some(1), None),
        ]);
        assert_eq!(got, ["1)", "1.1", "(a)", "(b)", "i)", "1.2", "(a)", "-", "2)", "2.1"]);
    }

    #[test]
    fn nums_of_one_list_share_counters_and_start_overrides_restart() {
        let got = labels(&[
            (Some("1"), Some(0), None),
            (Some("1"), Some(1), None),
            (Some("2"), Some(1), None),
            (Some("2"), Some(2), None),
            (Some("2"), Some(2), None),
        ]);
        assert_eq!(got, ["1)", "1.1", "1.2", "(d)", "(e)"]);
    }

    #[test]
    fn style_numbering_legal_numbers_and_no_restart() {
        let got = labels(&[
            (None, None, Some("Heading1")),
            (Some("5"), Some(1), None),
            (None, None, Some("Heading1")),
            (Some("5"), Some(1), None),
            (Some("0"), None, Some("Heading1")),
            (Some("7"), None, None),
        ]);
        // Level 1 never restarts (lvlRestart 0) and writes level 0 in figures (isLgl).
        assert_eq!(got, ["Article III", "3.1", "Article IV", "4.2", "-", "•"]);
    }

    #[test]
    fn headings_by_name_and_outline_level() {
        let (_, s) = setup();
        assert_eq!(s.heading_level(Some("Heading1"), None), Some(1));
        assert_eq!(s.heading_level(Some("Clause"), None), Some(2));
        assert_eq!(s.heading_level(Some("Normal"), None), None);
        assert_eq!(s.heading_level(None, Some(0)), Some(1));
    }

    #[test]
    fn formats() {
        assert_eq!(Format::Letter { upper: false }.write(27), "aa");
        assert_eq!(Format::Roman { upper: true }.write(14), "XIV");
        assert_eq!(Format::DecimalZero.write(7), "07");
        assert_eq!(Format::Ordinal.write(12), "12th");
        assert_eq!(Format::Ordinal.write(22), "22nd");
    }
}
