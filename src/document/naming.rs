//! Units named as the document names them: the word for each unit (a Canadian Act's
//! subsection `(1)` and paragraph `(a)`, a rulebook's `Clause`), inferred from the layout, and
//! the citation that gives its parents' numbers with its own (`14(f)`, `1.2(c)`).

use super::index::{ancestors, is_anchor};
use super::label::{Shape, System};
use super::tree::same_family;
use super::{Document, Keyword, Unit, UnitId, UnitKind};
use std::collections::HashMap;

/// The document's word for a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Word {
    Part,
    Division,
    Subdivision,
    Chapter,
    Subchapter,
    Article,
    Section,
    Subsection,
    Paragraph,
    Subparagraph,
    Clause,
    Subclause,
    Rule,
    StandingOrder,
    Schedule,
    Appendix,
    Annex,
    /// A numbered paragraph in a document that gives its paragraphs no name of their own.
    Para,
    /// A heading with a title and no number (a statute's group heading).
    Heading,
    Definition,
    /// A bullet point.
    Item,
    /// An unnumbered paragraph.
    Text,
}

impl Word {
    /// The word as printed at the start of a name.
    pub fn as_str(self) -> &'static str {
        match self {
            Word::Part => "Part",
            Word::Division => "Division",
            Word::Subdivision => "Subdivision",
            Word::Chapter => "Chapter",
            Word::Subchapter => "Subchapter",
            Word::Article => "Article",
            Word::Section => "Section",
            Word::Subsection => "Subsection",
            Word::Paragraph => "Paragraph",
            Word::Subparagraph => "Subparagraph",
            Word::Clause => "Clause",
            Word::Subclause => "Subclause",
            Word::Rule => "Rule",
            Word::StandingOrder => "Standing Order",
            Word::Schedule => "Schedule",
            Word::Appendix => "Appendix",
            Word::Annex => "Annex",
            Word::Para => "Para",
            Word::Heading => "Heading",
            Word::Definition => "Definition",
            Word::Item => "Item",
            Word::Text => "Text",
        }
    }

    /// The word as an amendment writes it (`section`, `Subsections`, `para`), if it is one of a
    /// document's own words for its units.
    pub fn read(word: &str) -> Option<Word> {
        let w = word.trim().trim_end_matches('.').to_lowercase();
        let w = w.strip_suffix('s').filter(|s| s.len() > 3 && !s.ends_with('s')).unwrap_or(&w).replace('-', "");
        Some(match w.as_str() {
            "part" => Word::Part,
            "division" => Word::Division,
            "subdivision" => Word::Subdivision,
            "chapter" => Word::Chapter,
            "subchapter" => Word::Subchapter,
            "article" => Word::Article,
            "section" | "sec" | "§" => Word::Section,
            "subsection" => Word::Subsection,
            "paragraph" => Word::Paragraph,
            "subparagraph" => Word::Subparagraph,
            "clause" => Word::Clause,
            "subclause" => Word::Subclause,
            "rule" => Word::Rule,
            "standing order" => Word::StandingOrder,
            "schedule" => Word::Schedule,
            "appendix" => Word::Appendix,
            "annex" | "annexe" => Word::Annex,
            "para" => Word::Para,
            _ => return None,
        })
    }

    fn of_keyword(k: Keyword) -> Word {
        match k {
            Keyword::Part => Word::Part,
            Keyword::Chapter => Word::Chapter,
            Keyword::Subchapter => Word::Subchapter,
            Keyword::Division => Word::Division,
            Keyword::Subdivision => Word::Subdivision,
            Keyword::Article => Word::Article,
            Keyword::Section => Word::Section,
            Keyword::Clause => Word::Clause,
            Keyword::Rule => Word::Rule,
            Keyword::StandingOrder => Word::StandingOrder,
            Keyword::Schedule => Word::Schedule,
            Keyword::Appendix => Word::Appendix,
            Keyword::Annex => Word::Annex,
        }
    }
}

/// How a statute names the levels below a section. Canada and the UK: subsection `(1)`,
/// paragraph `(a)`, subparagraph `(i)`, clause `(A)`; the US and DC: subsection `(a)`,
/// paragraph `(1)`, subparagraph `(A)`, clause `(i)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) enum Scheme {
    #[default]
    Commonwealth,
    American,
}

impl Scheme {
    fn word(self, system: System) -> Word {
        match (self, system) {
            (Scheme::Commonwealth, System::Arabic) | (Scheme::American, System::LowerAlpha) => Word::Subsection,
            (Scheme::Commonwealth, System::LowerAlpha) | (Scheme::American, System::Arabic) => Word::Paragraph,
            (Scheme::Commonwealth, System::LowerRoman) | (Scheme::American, System::UpperAlpha) => Word::Subparagraph,
            (Scheme::Commonwealth, System::UpperAlpha) | (Scheme::American, System::LowerRoman) => Word::Clause,
            (_, System::UpperRoman) => Word::Subclause,
        }
    }
}

/// The words a document uses of its own numbered units: the words it puts before their
/// numbers in its text (`see clause 4.2`, `under rule 3`, `§4.1(3)`), or its title.
struct Vocabulary {
    /// For a numbered heading with no keyword (`2) Structures`, `# 8. Legislative Combo`).
    heading: Word,
    /// For a numbered paragraph with no keyword above it (`2.1 …`).
    para: Word,
    /// Those of the two that the text itself cites its units by (the others are guesses).
    cited: Vec<Word>,
}

/// Only the start of a long text is read for the words it cites its units by.
const CITED_WINDOW: usize = 1 << 20;

impl Vocabulary {
    fn of(text: &str, units: &[Unit]) -> Vocabulary {
        let mut kinds: HashMap<String, bool> = HashMap::new();
        for u in units {
            if let Some(l) = &u.label {
                let heading = matches!(u.kind, UnitKind::Heading { .. });
                *kinds.entry(l.number.key()).or_insert(heading) |= heading;
            }
        }
        let (heading_cited, para_cited) = cited_words(&text[..floor_char(text, CITED_WINDOW)], &kinds);
        let title = units
            .iter()
            .find(|u| !matches!(u.kind, UnitKind::Item))
            .map(|u| text[u.body.range()].to_lowercase())
            .unwrap_or_default();
        let rules = title.split(|c: char| !c.is_alphanumeric()).any(|w| w == "rules" || w == "rulebook");
        Vocabulary {
            heading: heading_cited.unwrap_or(if rules { Word::Rule } else { Word::Section }),
            para: para_cited.unwrap_or(Word::Para),
            cited: heading_cited.into_iter().chain(para_cited).collect(),
        }
    }
}

/// The words a text puts before the numbers of its own headings and of its own paragraphs
/// (`see Section 2`, `under clause 2.1`), the commonest of each.
fn cited_words(text: &str, kinds: &HashMap<String, bool>) -> (Option<Word>, Option<Word>) {
    const WORDS: [(&str, Word); 6] = [
        ("clause", Word::Clause),
        ("rule", Word::Rule),
        ("section", Word::Section),
        ("\u{a7}", Word::Section),
        ("article", Word::Article),
        ("paragraph", Word::Paragraph),
    ];
    let mut counts = [[0usize; 6]; 2];
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let word_start = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let found = word_start
            .then(|| {
                WORDS.iter().position(|(w, _)| {
                    bytes[i..].len() >= w.len() && bytes[i..i + w.len()].eq_ignore_ascii_case(w.as_bytes())
                })
            })
            .flatten();
        let Some(k) = found else {
            i += 1;
            continue;
        };
        let mut j = i + WORDS[k].0.len();
        if bytes.get(j).is_some_and(|b| b.eq_ignore_ascii_case(&b's')) {
            j += 1;
        }
        while bytes.get(j).is_some_and(|&b| b == b' ') {
            j += 1;
        }
        let start = j;
        while bytes.get(j).is_some_and(|&b| b.is_ascii_digit() || b == b'.') {
            j += 1;
        }
        let number = text[start..j].trim_end_matches('.');
        if let Some(&heading) = kinds.get(number) {
            counts[usize::from(!heading)][k] += 1;
        }
        i = j.max(i + 1);
    }
    let best = |c: &[usize; 6]| {
        let (k, &n) = c.iter().enumerate().max_by_key(|(_, n)| **n)?;
        (n >= 1).then_some(WORDS[k].1)
    };
    (best(&counts[0]), best(&counts[1]))
}

fn floor_char(s: &str, at: usize) -> usize {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Gives every unit its word (called once the tree is built; group headings come with theirs),
/// and returns how the document names the levels below its sections and the words its text
/// itself cites its units by.
pub(super) fn assign_words(units: &mut [Unit], text: &str) -> (Scheme, Vec<Word>) {
    let vocabulary = Vocabulary::of(text, units);
    let scheme = scheme(units);
    for i in 0..units.len() {
        let word = word_of(units, i, &vocabulary, scheme);
        units[i].word = word;
    }
    (scheme, vocabulary.cited)
}

/// Votes between the Commonwealth and American schemes on how lists nest under sections:
/// `(1)` holding `(a)` votes Commonwealth, `(a)` holding `(1)` American.
fn scheme(units: &[Unit]) -> Scheme {
    let mut votes = (0, 0);
    for u in units {
        let (Some(l), Some(p)) = (&u.label, u.parent) else { continue };
        let Some(pl) = &units[p.0 as usize].label else { continue };
        if l.style.shape != Shape::Paren || pl.style.shape != Shape::Paren {
            continue;
        }
        match (pl.style.system, l.style.system) {
            (System::Arabic, System::LowerAlpha) => votes.0 += 1,
            (System::LowerAlpha, System::Arabic) => votes.1 += 1,
            _ => {}
        }
    }
    if votes.1 > votes.0 { Scheme::American } else { Scheme::Commonwealth }
}

/// Whether a unit is a statute's section: a bare number before its text (`8 (1) …`), a
/// titled bare number (`28 Acts of the Scottish Parliament.`) or a `Section`/`§` heading.
fn is_section(u: &Unit) -> bool {
    let bare = u.label.as_ref().is_some_and(|l| l.style.shape == Shape::Bare);
    (bare && u.keyword.is_none()) || u.keyword == Some(Keyword::Section)
}

fn word_of(units: &[Unit], i: usize, vocabulary: &Vocabulary, scheme: Scheme) -> Word {
    let u = &units[i];
    match u.kind {
        UnitKind::Item => return Word::Item,
        UnitKind::Text => return Word::Text,
        UnitKind::Definition => return Word::Definition,
        _ => {}
    }
    if let Some(k) = u.keyword {
        return Word::of_keyword(k);
    }
    let Some(label) = &u.label else {
        return match u.kind {
            UnitKind::Heading { .. } if u.word == Word::Heading => Word::Heading,
            UnitKind::Heading { .. } => vocabulary.heading,
            _ => Word::Text,
        };
    };
    if is_section(u) {
        return Word::Section;
    }
    // The numbered units above this one, innermost first.
    let mut above = std::iter::successors(u.parent, |&p| units[p.0 as usize].parent)
        .map(|p| &units[p.0 as usize])
        .filter(|a| a.label.is_some() || a.keyword.is_some());
    let in_statute = matches!(label.style.shape, Shape::Paren | Shape::CloseParen)
        && std::iter::successors(u.parent, |&p| units[p.0 as usize].parent)
            .map(|p| &units[p.0 as usize])
            .take_while(|a| a.label.as_ref().is_none_or(|l| matches!(l.style.shape, Shape::Paren | Shape::Bare)))
            .any(is_section);
    if in_statute {
        return scheme.word(label.style.system);
    }
    // Below the unit that heads its citation, a unit has no word of its own (its name takes
    // that unit's: `Clause II(3)`, `Section 1(a)` under `## 1. Meetings`).
    if anchor_of(units, i) != i {
        return Word::Para;
    }
    // A dotted paragraph takes the keyword of the heading it is in: `Rule 1.2` in `Rule 1`.
    if let Some(k) = above.find_map(|a| a.keyword) {
        return Word::of_keyword(k);
    }
    match u.kind {
        UnitKind::Heading { .. } => vocabulary.heading,
        _ => vocabulary.para,
    }
}

/// The unit that heads a unit's citation (see [`is_anchor`]): the unit itself or the nearest
/// numbered heading, section or dotted paragraph above it.
fn anchor_of(units: &[Unit], i: usize) -> usize {
    let labelled_above = |i: usize| {
        std::iter::successors(units[i].parent, |&p| units[p.0 as usize].parent)
            .any(|p| units[p.0 as usize].label.is_some())
    };
    let mut cur = i;
    loop {
        let u = &units[cur];
        if let Some(l) = &u.label {
            if matches!(u.kind, UnitKind::Heading { .. })
                || matches!(l.style.shape, Shape::Dotted | Shape::Bare)
                || !labelled_above(cur)
            {
                return cur;
            }
        }
        match u.parent {
            Some(p) => cur = p.0 as usize,
            None => return i,
        }
    }
}

/// The unit's number with the numbers of the units above it, up to the unit that heads its
/// citation: `14(f)`, `1.2(c)`, `46-406(a)(4)`, `4.1(3)`.
pub(super) fn citation(doc: &Document, id: UnitId) -> Option<String> {
    let u = doc.unit(id);
    u.label.as_ref()?;
    let mut path = vec![id];
    let mut anchor = id;
    while !is_anchor(doc, anchor) {
        let Some(p) = doc.unit(anchor).parent else { break };
        anchor = p;
        if doc.unit(p).label.is_some() {
            path.push(p);
        }
    }
    let mut out = String::new();
    for (k, &p) in path.iter().rev().enumerate() {
        let l = doc.unit(p).label.as_ref()?;
        let key = l.number.key();
        if k == 0 && l.style.shape != Shape::Paren {
            out.push_str(&key);
        } else {
            out.push_str(&format!("({key})"));
        }
    }
    Some(out)
}

/// The unit that heads a unit's citation.
fn citation_anchor(doc: &Document, id: UnitId) -> UnitId {
    let mut anchor = id;
    while !is_anchor(doc, anchor) {
        match doc.unit(anchor).parent {
            Some(p) => anchor = p,
            None => return id,
        }
    }
    anchor
}

/// A unit's name, as the document would name it.
pub(super) fn describe(doc: &Document, id: UnitId) -> String {
    let u = doc.unit(id);
    match u.kind {
        UnitKind::Item => {
            let n = index_among_siblings(doc, id) + 1;
            let parent = u.parent.map(|p| format!(" of {}", describe(doc, p))).unwrap_or_default();
            return format!("bullet point {n}{parent}");
        }
        UnitKind::Text => {
            let excerpt: String = doc.body(id).chars().take(30).collect();
            return format!("the paragraph beginning “{}…”", excerpt.trim());
        }
        UnitKind::Definition => {
            let term = doc.term(id).unwrap_or("");
            let within = u.parent.map(|p| format!(" in {}", describe(doc, p))).unwrap_or_default();
            return format!("the definition of “{term}”{within}");
        }
        _ => {}
    }
    // `§ 32-1003. Requirements.` is `Section 32-1003 (Requirements)`.
    let title = doc.heading(id).map(|h| h.trim().trim_end_matches('.')).filter(|h| !h.is_empty());
    let Some(citation) = citation(doc, id) else {
        return match (u.keyword, title) {
            (Some(k), Some(t)) if u.keyword != Some(Keyword::Appendix) || !k.as_str().contains(t) => {
                format!("{} ({t})", k.as_str())
            }
            (Some(k), _) => k.as_str().to_string(),
            (None, Some(t)) if u.word == Word::Heading => format!("the heading “{t}”"),
            (None, Some(t)) => format!("{} “{t}”", u.word.as_str()),
            (None, None) => "an untitled heading".to_string(),
        };
    };
    // A unit with no word of its own below the unit that heads its citation is named with that
    // unit's word: `Clause II(3)`, `Section 4.1(5)`.
    let anchor = citation_anchor(doc, id);
    let named = if u.word == Word::Para && anchor != id { anchor } else { id };
    let n = doc.unit(named);
    let word = match n.keyword {
        Some(k) => k.as_str(),
        None => n.word.as_str(),
    };
    let mut s = format!("{word} {citation}");
    if let (UnitKind::Heading { .. }, Some(t)) = (u.kind, title) {
        s.push_str(&format!(" ({t})"));
    }
    // A number that several units share, with nothing above it in the citation: say where.
    let alone = ancestors(doc, id).all(|a| doc.unit(a).label.is_none());
    // (Only units named by their number alone can share a name: `3` and a subsection `(3)` do not.)
    let shared = u.label.as_ref().is_some_and(|l| doc.index.alone_numbered(&l.number.key()) > 1);
    if let (true, true, Some(parent)) = (alone, shared, u.parent) {
        s.push_str(&format!(" in {}", describe(doc, parent)));
    }
    s
}

/// The name of a unit that new text brings (its first numbered line), placed after `near` or
/// inside it: `Para 2.4` after paragraph 2.3, `Section 75.01`, `Paragraph 14(g)` after (f).
pub(super) fn describe_new(doc: &Document, near: UnitId, text: &str) -> Option<String> {
    let new = doc.read_like(text);
    let (_, unit) = new.units().find(|(_, u)| u.label.is_some())?;
    let label = unit.label.as_ref()?;
    let key = label.number.key();
    let family = |u: &Unit| u.label.as_ref().is_some_and(|l| same_family(&l.style, &label.style));
    if let Some(k) = unit.keyword {
        return Some(format!("{} {key}", k.as_str()));
    }
    if matches!(label.style.shape, Shape::Dotted | Shape::Bare) {
        let word = doc.units().find(|(_, u)| family(u)).map_or(Word::Para, |(_, u)| u.word);
        return Some(format!("{} {key}", word.as_str()));
    }
    // A sibling of `near`, or its first child.
    let parent = if family(doc.unit(near)) { doc.numbered_parent(near) } else { Some(near) };
    let sibling = doc.children_of(parent).iter().find(|&&c| family(doc.unit(c)));
    let word = match (sibling, parent) {
        (Some(&s), _) => doc.unit(s).word,
        (None, Some(p))
            if doc.unit(p).word == Word::Section
                || doc.unit(p).label.as_ref().is_some_and(|l| l.style.shape == Shape::Paren) =>
        {
            doc.scheme.word(label.style.system)
        }
        (None, Some(p)) => doc.unit(p).word,
        (None, None) => Word::Para,
    };
    let prefix = parent.and_then(|p| citation(doc, p)).unwrap_or_default();
    Some(format!("{} {prefix}({key})", word.as_str()))
}

fn index_among_siblings(doc: &Document, id: UnitId) -> usize {
    let siblings = doc.children_of(doc.unit(id).parent);
    siblings.iter().filter(|&&s| doc.unit(s).kind == doc.unit(id).kind).position(|&s| s == id).unwrap_or(0)
}
