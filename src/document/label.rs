//! Unit numbers: how `2.1`, `(a)`, `vii)` and `4.2A` are read, compared and written back
//! when units are renumbered.

use crate::grammar::Rule;
use pest::iterators::Pair;
use std::fmt;

/// The counting system of one component of a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum System {
    Arabic,
    LowerAlpha,
    UpperAlpha,
    LowerRoman,
    UpperRoman,
}

/// One component of a number: `2` in `2.1`, `b` in `(b)`, `4A` in `4A`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Component {
    /// The value in its system (a = 1, iv = 4); 0 when the text is not a valid numeral.
    pub value: u32,
    pub system: System,
    /// A suffix added to insert a unit without renumbering: the `A` of `4A`.
    pub suffix: String,
    /// A single letter that is also a roman numeral (`i`, `v`, `x`); context decides.
    pub ambiguous: bool,
    /// The text as printed.
    pub text: String,
}

impl Component {
    /// Reads a component from its printed text, e.g. `12`, `4A`, `vii`, `b`, `PB102`.
    pub fn read(text: &str) -> Component {
        // `b.1`, `c-1`: an inserted unit's number, a letter with a decimal or hyphenated
        // suffix (the digits case, `2.1` or `32-1003`, falls out of the reading below).
        if let Some(cut) = text.find(['.', '-']).filter(|&i| i > 0 && !text.as_bytes()[0].is_ascii_digit()) {
            let base = Component::read(&text[..cut]);
            return Component { suffix: text[cut..].to_string(), text: text.to_string(), ..base };
        }
        // `PB102`: a letter prefix, then the number.
        let prefix_len = text.chars().take_while(|c| c.is_ascii_uppercase()).count();
        let rest = &text[prefix_len..];
        if prefix_len > 0 && !rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()) {
            return Component {
                value: rest.parse().unwrap_or(0),
                system: System::Arabic,
                suffix: String::new(),
                ambiguous: false,
                text: text.to_string(),
            };
        }
        let digits: String = text.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() {
            return Component {
                value: digits.parse().unwrap_or(0),
                system: System::Arabic,
                suffix: text[digits.len()..].to_string(),
                ambiguous: false,
                text: text.to_string(),
            };
        }
        let lower = text.chars().all(|c| c.is_ascii_lowercase());
        let roman = roman_value(text);
        let single = text.chars().count() == 1;
        let (system, value) = match (roman, lower) {
            (Some(v), true) => (System::LowerRoman, v),
            (Some(v), false) => (System::UpperRoman, v),
            (None, true) => (System::LowerAlpha, alpha_value(text)),
            (None, false) => (System::UpperAlpha, alpha_value(text)),
        };
        Component { value, system, suffix: String::new(), ambiguous: roman.is_some() && single, text: text.to_string() }
    }

    /// The same component read as a letter rather than a roman numeral (`i` as the ninth letter).
    pub fn as_alpha(&self) -> Component {
        let system = match self.system {
            System::LowerRoman => System::LowerAlpha,
            System::UpperRoman => System::UpperAlpha,
            // Digits and letters already read as what they are.
            _ => return self.clone(),
        };
        let core = self.text.strip_suffix(self.suffix.as_str()).unwrap_or(&self.text);
        Component { value: alpha_value(core), system, ambiguous: false, ..self.clone() }
    }

    /// This component with another value in the same system (and the same letter prefix).
    pub fn with_value(&self, value: u32) -> Component {
        let prefix: String = if self.system == System::Arabic {
            self.text.chars().take_while(|c| c.is_ascii_uppercase()).collect()
        } else {
            String::new()
        };
        let text = format!("{prefix}{}", format_value(value, self.system));
        Component { value, system: self.system, suffix: String::new(), ambiguous: false, text }
    }

    /// This component with an inserted-unit suffix (`4` → `4A`).
    pub fn with_suffix(&self, suffix: &str) -> Component {
        Component {
            suffix: suffix.to_string(),
            text: format!(
                "{}{}",
                self.text.trim_end_matches(|c: char| c.is_ascii_uppercase() && self.system == System::Arabic),
                suffix
            ),
            ..self.clone()
        }
    }
}

/// A unit's number: one component per level, `2.1` → [2, 1], `(b)(2)` → [b, 2].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Number {
    pub parts: Vec<Component>,
}

impl Number {
    /// The lookup key: components joined by dots, as printed (`2.1`, `vii`, `b.2`).
    pub fn key(&self) -> String {
        self.parts.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join(".")
    }

    /// Reads a number as written (`4.3`, `(b)`, `A.0`), or `None` if it is not one.
    pub fn parse(text: &str) -> Option<Number> {
        use pest::Parser;
        // A heading's number too: a code's `46-412`, an act's `112f` or `1297a`.
        let whole = |t: &str| {
            [Rule::number, Rule::heading_number].into_iter().find_map(|rule| {
                let pair = crate::grammar::Grammar::parse(rule, t).ok()?.next()?;
                (pair.as_str().len() == t.len()).then(|| Number::from_pair(pair))
            })
        };
        let text = text.trim();
        whole(text).or_else(|| whole(text.trim_end_matches(['.', ')'])))
    }

    /// Reads the number inside a `number`, `doc_label` or `ref_number` pair of the grammar.
    pub(crate) fn from_pair(pair: Pair<'_, Rule>) -> Number {
        let mut parts = Vec::new();
        collect_tokens(pair, &mut parts);
        Number { parts }
    }

    /// The last component.
    pub fn last(&self) -> Option<&Component> {
        self.parts.last()
    }
}

fn collect_tokens(pair: Pair<'_, Rule>, out: &mut Vec<Component>) {
    match pair.as_rule() {
        Rule::digits_token
        | Rule::prefixed_token
        | Rule::roman_token
        | Rule::letter_token
        | Rule::inserted_token
        | Rule::section_number
        | Rule::code_number
        | Rule::suffixed_number => out.push(Component::read(pair.as_str())),
        _ => pair.into_inner().for_each(|p| collect_tokens(p, out)),
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

/// How a label is printed around its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Shape {
    /// `2.1`, `3.2.1` (optionally with a final dot, `1.1.`)
    Dotted,
    /// `(a)`, `(iii)`, `(b)(2)`
    Paren,
    /// `a)`, `vii)`, `2)`
    CloseParen,
    /// `1.`, `IV.`
    Dot,
    /// A number after a keyword: `Section 4`, `Article IV`
    Bare,
}

/// Everything that makes two labels "the same kind", so that units can be nested by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LabelStyle {
    pub shape: Shape,
    /// Number of components (`2.1` has 2).
    pub depth: usize,
    /// The system of the last component.
    pub system: System,
    /// Whether a dotted label ends with a dot (`1.1.`).
    pub trailing_dot: bool,
}

impl LabelStyle {
    /// Writes a label of this style for `number`.
    pub fn format(&self, number: &Number) -> String {
        let key = number.key();
        match self.shape {
            Shape::Dotted if self.trailing_dot => format!("{key}."),
            Shape::Dotted | Shape::Bare => key,
            Shape::Paren => number.parts.iter().map(|p| format!("({})", p.text)).collect(),
            Shape::CloseParen => format!("{key})"),
            Shape::Dot => format!("{key}."),
        }
    }
}

/// Value of a roman numeral written in one case, or `None` if it is not one.
pub fn roman_value(text: &str) -> Option<u32> {
    if text.is_empty() || !(text.chars().all(|c| "ivxlcdm".contains(c)) || text.chars().all(|c| "IVXLCDM".contains(c)))
    {
        return None;
    }
    let digit = |c: char| match c.to_ascii_lowercase() {
        'i' => 1,
        'v' => 5,
        'x' => 10,
        'l' => 50,
        'c' => 100,
        'd' => 500,
        _ => 1000,
    };
    let values: Vec<u32> = text.chars().map(digit).collect();
    let mut total = 0;
    for (i, &v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|&next| next > v) {
            total -= v as i64;
        } else {
            total += v as i64;
        }
    }
    let total = u32::try_from(total).ok()?;
    // Only canonical numerals count, so that "il" or "vv" are read as letters.
    (format_roman(total) == text.to_ascii_lowercase()).then_some(total)
}

fn format_roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// `a` = 1 … `z` = 26, `aa` = 27 (the doubled-letter style of legislation).
fn alpha_value(text: &str) -> u32 {
    let mut chars = text.chars();
    let Some(first) = chars.next().filter(char::is_ascii_alphabetic) else { return 0 };
    let base = first.to_ascii_lowercase() as u32 - 'a' as u32 + 1;
    base + 26 * chars.count() as u32
}

/// Writes `value` in `system`.
pub fn format_value(value: u32, system: System) -> String {
    let alpha = |v: u32| {
        let v = v.max(1);
        let letter = char::from(b'a' + ((v - 1) % 26) as u8);
        letter.to_string().repeat(((v - 1) / 26 + 1) as usize)
    };
    match system {
        System::Arabic => value.to_string(),
        System::LowerAlpha => alpha(value),
        System::UpperAlpha => alpha(value).to_uppercase(),
        System::LowerRoman => format_roman(value),
        System::UpperRoman => format_roman(value).to_uppercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_components() {
        let c = Component::read("4A");
        assert_eq!((c.value, c.system, c.suffix.as_str()), (4, System::Arabic, "A"));
        let c = Component::read("vii");
        assert_eq!((c.value, c.system, c.ambiguous), (7, System::LowerRoman, false));
        let c = Component::read("i");
        assert!(c.ambiguous);
        assert_eq!(c.as_alpha().value, 9);
        // A number is no letter (a consolidate fuzz finding: `(1)` looked at as a letter
        // after `(b)` overflowed).
        let one = Component::read("1").as_alpha();
        assert_eq!((one.value, one.system), (1, System::Arabic));
        assert_eq!(alpha_value("1"), 0);
        assert_eq!(Component::read("b").system, System::LowerAlpha);
        assert_eq!(Component::read("IV").system, System::UpperRoman);
        // Not a canonical numeral, so letters.
        assert_eq!(Component::read("ic").system, System::LowerAlpha);
    }

    #[test]
    fn prefixed_numbers_keep_their_prefix() {
        let c = Component::read("PB102");
        assert_eq!((c.value, c.system, c.suffix.as_str()), (102, System::Arabic, ""));
        assert_eq!(c.with_value(103).text, "PB103");
        assert_ne!(Component::read("PB102"), Component::read("EC102"));
    }

    #[test]
    fn formats_and_counts() {
        assert_eq!(format_value(14, System::LowerRoman), "xiv");
        assert_eq!(format_value(27, System::LowerAlpha), "aa");
        assert_eq!(format_value(3, System::UpperAlpha), "C");
        assert_eq!(roman_value("xiv"), Some(14));
        assert_eq!(roman_value("iiii"), None);
        let n = Number { parts: vec![Component::read("4"), Component::read("3")] };
        let style = LabelStyle { shape: Shape::Dotted, depth: 2, system: System::Arabic, trailing_dot: false };
        assert_eq!(style.format(&n), "4.3");
        let style = LabelStyle { shape: Shape::Paren, depth: 2, system: System::Arabic, trailing_dot: false };
        assert_eq!(style.format(&n), "(4)(3)");
        assert_eq!(Component::read("2").with_suffix("A").text, "2A");
    }
}
