//! The edited copy in the base's typography. A member who edits a copy in a word processor gets
//! curled quotes and apostrophes, `--` turned into a dash, `...` into an ellipsis and spacing
//! changed, none of which she meant as amendments. The two texts are compared with those
//! differences folded away; where they agree, the base's own characters are kept, and new text
//! follows the base's conventions where the base has one (straight quotes, say).

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};
use std::time::{Duration, Instant};

/// The edited copy with typographic differences from the base undone, and what was undone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retyped {
    /// The edited text, in the base's typography where the two agree in substance.
    pub text: String,
    /// One line per kind of difference undone: quote marks, dashes, ellipses, spacing.
    pub notes: Vec<String>,
}

/// What a token is, for folding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Double,
    Single,
    Dash,
    Ellipsis,
    Word,
    Other,
}

const DOUBLE: &[char] = &['"', '“', '”', '„', '‟', '«', '»'];
const SINGLE: &[char] = &['\'', '‘', '’', '‚', '‛'];
const DASH: &[char] = &['-', '‐', '‑', '‒', '–', '—', '―'];

#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    class: Class,
}

impl Token<'_> {
    /// The token with typography folded away: every quote mark of a kind alike, every dash
    /// alike, whitespace as a space, a line break or a blank line.
    fn key(&self) -> &str {
        match self.class {
            Class::Space => match self.text.matches('\n').count() {
                0 => " ",
                1 => "\n",
                _ => "\n\n",
            },
            Class::Double => "\"",
            Class::Single => "'",
            Class::Dash => "-",
            Class::Ellipsis => "…",
            Class::Word | Class::Other => self.text,
        }
    }
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::with_capacity(text.len() / 3);
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let class = if c.is_whitespace() {
            Class::Space
        } else if DOUBLE.contains(&c) {
            Class::Double
        } else if SINGLE.contains(&c) {
            Class::Single
        } else if DASH.contains(&c) {
            Class::Dash
        } else if c == '…' {
            Class::Ellipsis
        } else if c.is_alphanumeric() {
            Class::Word
        } else {
            Class::Other
        };
        let mut end = start + c.len_utf8();
        // Runs: of spaces, of letters and digits, of dashes (`--`), of dots (`...`).
        let continues = |d: char| match class {
            Class::Space => d.is_whitespace(),
            Class::Word => d.is_alphanumeric(),
            Class::Dash => DASH.contains(&d),
            Class::Other => c == '.' && d == '.',
            _ => false,
        };
        while let Some(&(i, d)) = chars.peek() {
            if !continues(d) {
                break;
            }
            end = i + d.len_utf8();
            chars.next();
        }
        let piece = &text[start..end];
        let class = if class == Class::Other && piece.len() >= 3 && piece.bytes().all(|b| b == b'.') {
            Class::Ellipsis
        } else {
            class
        };
        out.push(Token { text: piece, class });
    }
    out
}

/// The base's convention for a kind of mark, when it has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Convention {
    Straight,
    Curly,
    None,
}

struct Conventions {
    double: Convention,
    single: Convention,
    /// The one dash the base writes (`--`, `–` or `—`), if it writes exactly one.
    dash: Option<&'static str>,
    /// The one ellipsis the base writes (`...` or `…`), if exactly one.
    ellipsis: Option<&'static str>,
}

impl Conventions {
    fn of(base: &[Token<'_>]) -> Conventions {
        let count =
            |class: Class, f: &dyn Fn(&str) -> bool| base.iter().filter(|t| t.class == class && f(t.text)).count();
        let convention = |class: Class, straight: &str| {
            let s = count(class, &|t| t == straight);
            let c = count(class, &|t| t != straight);
            match (s > 0, c > 0) {
                (true, false) => Convention::Straight,
                (false, true) => Convention::Curly,
                _ => Convention::None,
            }
        };
        let dashes: Vec<&'static str> =
            ["--", "–", "—"].into_iter().filter(|d| count(Class::Dash, &|t| t == *d) > 0).collect();
        let ellipses: Vec<&'static str> =
            ["...", "…"].into_iter().filter(|e| count(Class::Ellipsis, &|t| t == *e) > 0).collect();
        let (double, single) = (convention(Class::Double, "\""), convention(Class::Single, "'"));
        // A text with quotes of one kind only most likely writes the other kind alike.
        let either = |a: Convention, b: Convention| if a == Convention::None { b } else { a };
        Conventions {
            double: either(double, single),
            single: either(single, double),
            dash: (dashes.len() == 1).then(|| dashes[0]),
            ellipsis: (ellipses.len() == 1).then(|| ellipses[0]),
        }
    }

    /// A token of new text in the base's convention; `after` is the text written before it.
    fn convert<'t>(&self, t: &Token<'t>, after: &str) -> std::borrow::Cow<'t, str> {
        use std::borrow::Cow;
        let opening = after.chars().next_back().is_none_or(|c| c.is_whitespace() || "([{–—-".contains(c));
        match t.class {
            Class::Double => match self.double {
                Convention::Straight => Cow::Borrowed("\""),
                Convention::Curly if t.text == "\"" => Cow::Borrowed(if opening { "“" } else { "”" }),
                _ => Cow::Borrowed(t.text),
            },
            Class::Single => match self.single {
                Convention::Straight => Cow::Borrowed("'"),
                Convention::Curly if t.text == "'" => Cow::Borrowed(if opening { "‘" } else { "’" }),
                _ => Cow::Borrowed(t.text),
            },
            // A hyphen stays a hyphen; only dashes follow the base's.
            Class::Dash if t.text != "-" => Cow::Borrowed(self.dash.unwrap_or(t.text)),
            Class::Ellipsis => Cow::Borrowed(self.ellipsis.unwrap_or(t.text)),
            _ => Cow::Borrowed(t.text),
        }
    }
}

/// Differences of one kind undone, for the notes.
#[derive(Default)]
struct Tally {
    /// (kind, as edited, as in the base) → places.
    kept: Vec<((Class, String, String), usize)>,
    /// Marks of new text written in the base's convention.
    converted: usize,
}

impl Tally {
    fn keep(&mut self, class: Class, edited: &str, base: &str) {
        let shown = |s: &str| if class == Class::Space { String::new() } else { s.to_string() };
        let key = (class, shown(edited), shown(base));
        match self.kept.iter_mut().find(|(k, _)| *k == key) {
            Some((_, n)) => *n += 1,
            None => self.kept.push((key, 1)),
        }
    }

    fn notes(&self) -> Vec<String> {
        let mut out = Vec::new();
        let places = |n: usize| if n == 1 { "1 place".to_string() } else { format!("{n} places") };
        for class in [Class::Double, Class::Single, Class::Dash, Class::Ellipsis] {
            let kinds: Vec<String> = self
                .kept
                .iter()
                .filter(|((c, ..), _)| *c == class)
                .map(|((_, e, b), n)| format!("{e} for {b} ({})", places(*n)))
                .collect();
            if !kinds.is_empty() {
                let what = match class {
                    Class::Double => "quote marks",
                    Class::Single => "apostrophes and single quotes",
                    Class::Dash => "dashes",
                    _ => "ellipses",
                };
                out.push(format!("{what} differ in style only: the edited copy has {}", kinds.join(", ")));
            }
        }
        let spacing: usize = self.kept.iter().filter(|((c, ..), _)| *c == Class::Space).map(|(_, n)| n).sum();
        if spacing > 0 {
            out.push(format!("spacing differs in {}", places(spacing)));
        }
        if self.converted > 0 {
            out.push(format!(
                "new text is written with the base's quote marks and dashes ({})",
                places(self.converted)
            ));
        }
        out
    }
}

/// How long the token comparison may take before it settles for a coarser alignment (which
/// only means that fewer typographic differences are undone).
const DEADLINE: Duration = Duration::from_secs(2);

/// The edited copy with the typography the base has where the two texts agree in substance,
/// and the base's conventions in new text.
pub fn retype(base: &str, edited: &str) -> Retyped {
    let bt = tokens(base);
    let et = tokens(edited);
    let bk: Vec<&str> = bt.iter().map(Token::key).collect();
    let ek: Vec<&str> = et.iter().map(Token::key).collect();
    let ops = capture_diff_slices_deadline(Algorithm::Patience, &bk, &ek, Some(Instant::now() + DEADLINE));
    let conventions = Conventions::of(&bt);
    let first_word = bt.iter().position(|t| t.class != Class::Space).unwrap_or(bt.len());
    let last_word = bt.iter().rposition(|t| t.class != Class::Space).unwrap_or(0);
    let base_end = &base[base.trim_end().len()..];
    let mut tally = Tally::default();
    let mut out = String::with_capacity(edited.len());
    for op in &ops {
        match *op {
            DiffOp::Equal { old_index, new_index, len } => {
                for k in 0..len {
                    let (b, e) = (&bt[old_index + k], &et[new_index + k]);
                    // A hyphen inside a word or number (`2-1401`) is its spelling, not
                    // typography: matched with a spaced dash of the base, it stays.
                    if e.class == Class::Dash && joins(&et, new_index + k) != joins(&bt, old_index + k) {
                        out.push_str(e.text);
                        continue;
                    }
                    if b.text != e.text {
                        tally.keep(b.class, e.text, b.text);
                    }
                    out.push_str(b.text);
                }
            }
            DiffOp::Delete { old_index, old_len, .. } => {
                // Whitespace at the very start or end of the text is layout, not an edit.
                for (i, b) in bt.iter().enumerate().skip(old_index).take(old_len) {
                    if b.class == Class::Space && (i < first_word || i > last_word) {
                        tally.keep(Class::Space, "", b.text);
                        out.push_str(b.text);
                    }
                }
            }
            DiffOp::Insert { new_index, new_len, .. } | DiffOp::Replace { new_index, new_len, .. } => {
                let ends_text = new_index + new_len == et.len() && matches!(op, DiffOp::Insert { .. });
                for (k, e) in et[new_index..new_index + new_len].iter().enumerate() {
                    // The text ends as the base ends (`\n` or nothing), though the base's own
                    // end may have been matched to a line break inside the new text.
                    if ends_text && new_index + k + 1 == et.len() && e.class == Class::Space {
                        if e.text != base_end {
                            tally.keep(Class::Space, e.text, base_end);
                        }
                        out.push_str(base_end);
                        continue;
                    }
                    let converted = conventions.convert(e, &out);
                    if converted != e.text {
                        tally.converted += 1;
                    }
                    out.push_str(&converted);
                }
            }
        }
    }
    Retyped { text: out, notes: tally.notes() }
}

/// Whether the dash at `i` joins two words (`2-1401`, `by-law`), with no space either side.
fn joins(tokens: &[Token<'_>], i: usize) -> bool {
    let word = |t: Option<&Token<'_>>| t.is_some_and(|t| t.class == Class::Word);
    i > 0 && word(tokens.get(i - 1)) && word(tokens.get(i + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_unit_added_at_the_end_ends_as_the_base_ends() {
        // The base's final line break pairs with the one before the new unit; a base without
        // one gives a text without one.
        assert_eq!(retype("1.1 A.\n", "1.1 A.\n1.2 B.\n").text, "1.1 A.\n1.2 B.\n");
        assert_eq!(retype("1.1 A.", "1.1 A.\n1.2 B.\n").text, "1.1 A.\n1.2 B.");
    }

    #[test]
    fn curled_quotes_dashes_and_apostrophes_are_the_bases_again() {
        let base = "1.1 The club is \"The Society\" -- for members.\n\n1.2 The Chairman's term is two years...\n";
        let edited = "1.1 The club is “The Society” – for members.\n\n1.2 The Chairman’s term is three years…\n";
        let r = retype(base, edited);
        assert_eq!(
            r.text,
            "1.1 The club is \"The Society\" -- for members.\n\n1.2 The Chairman's term is three years...\n"
        );
        assert_eq!(
            r.notes,
            [
                "quote marks differ in style only: the edited copy has “ for \" (1 place), ” for \" (1 place)",
                "apostrophes and single quotes differ in style only: the edited copy has ’ for ' (1 place)",
                "dashes differ in style only: the edited copy has – for -- (1 place)",
                "ellipses differ in style only: the edited copy has … for ... (1 place)",
            ]
        );
    }

    #[test]
    fn new_text_follows_the_bases_conventions() {
        let base = "1.1 The \"Board\" meets.\n";
        let edited = "1.1 The \"Board\" meets. It elects a “Chair” – who can’t vote.\n";
        let r = retype(base, edited);
        assert_eq!(r.text, "1.1 The \"Board\" meets. It elects a \"Chair\" – who can't vote.\n");
        let curly = retype("1.1 The “Board” meets.\n", "1.1 The “Board” meets. A \"Chair\" too.\n");
        assert_eq!(curly.text, "1.1 The “Board” meets. A “Chair” too.\n");
    }

    #[test]
    fn spacing_is_the_bases_but_paragraphs_stay_apart() {
        let base = "1.1 One.  Two.\n\n1.2 Three.\n";
        let r = retype(base, "1.1 One. Two.\n\n1.2 Three.");
        assert_eq!(r.text, base);
        assert_eq!(r.notes, ["spacing differs in 2 places"]);
        // Joining two paragraphs is an edit.
        assert_eq!(retype(base, "1.1 One. Two. 1.2 Three.\n").text, "1.1 One.  Two. 1.2 Three.\n");
    }

    #[test]
    fn real_edits_stay() {
        let base = "1.1 The Chairman chairs.\n";
        let r = retype(base, "1.1 The Chair chairs.\n");
        assert_eq!(r.text, "1.1 The Chair chairs.\n");
        assert!(r.notes.is_empty());
    }
}
