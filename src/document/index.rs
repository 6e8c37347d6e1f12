//! Lookups by index rather than by scan: units by number, the children of a unit by number,
//! units by title and by defined term, and the extent of each subtree.

use super::label::Shape;
use super::{Document, Unit, UnitId, UnitKind};
use std::collections::HashMap;

/// The indexes of a document, built once when it is read.
#[derive(Debug, Clone, Default)]
pub(super) struct Index {
    /// In document order, so that the units numbered alike inside a subtree are a slice.
    by_number: HashMap<String, Vec<UnitId>>,
    top_by_number: HashMap<String, Vec<UnitId>>,
    by_title: HashMap<String, Vec<UnitId>>,
    /// How many units of each number have no numbered unit above them (whose names are their
    /// numbers alone).
    alone_by_number: HashMap<String, u32>,
    by_term: HashMap<String, Vec<UnitId>>,
    /// For each unit, the id after its last descendant.
    subtree_end: Vec<u32>,
}

impl Index {
    pub(super) fn build(units: &[Unit], text: &str) -> Index {
        let mut index = Index { subtree_end: (1..=units.len() as u32).collect(), ..Index::default() };
        // Children follow their parents, so one backward pass carries each end up the tree.
        for i in (0..units.len()).rev() {
            if let Some(p) = units[i].parent {
                let end = index.subtree_end[i];
                let pe = &mut index.subtree_end[p.0 as usize];
                *pe = (*pe).max(end);
            }
        }
        // Whether a numbered unit stands above each unit, in one pass (parents come first).
        let mut numbered_above = vec![false; units.len()];
        for (i, u) in units.iter().enumerate() {
            if let Some(p) = u.parent {
                numbered_above[i] = numbered_above[p.0 as usize] || units[p.0 as usize].label.is_some();
            }
        }
        for (i, u) in units.iter().enumerate() {
            let id = UnitId(i as u32);
            if let (Some(l), false) = (&u.label, numbered_above[i]) {
                *index.alone_by_number.entry(l.number.key()).or_default() += 1;
            }
            if let Some(l) = &u.label {
                let key = l.number.key();
                let mut p = u.parent;
                while let Some(q) = p.filter(|&q| units[q.0 as usize].kind == UnitKind::Text) {
                    p = units[q.0 as usize].parent;
                }
                if p.is_none() {
                    index.top_by_number.entry(key.clone()).or_default().push(id);
                }
                index.by_number.entry(key).or_default().push(id);
            }
            for span in [u.heading, u.note()].into_iter().flatten() {
                let key = normalize(&text[span.range()]);
                if !key.is_empty() {
                    let ids = index.by_title.entry(key).or_default();
                    if ids.last() != Some(&id) {
                        ids.push(id);
                    }
                }
            }
            if let Some(term) = u.term() {
                index.by_term.entry(normalize(&text[term.range()])).or_default().push(id);
            }
        }
        index
    }

    pub(super) fn with_number(&self, key: &str) -> &[UnitId] {
        self.by_number.get(key).map_or(&[], Vec::as_slice)
    }

    /// The units numbered `key` inside `ancestor` (excluding it), by two binary searches.
    pub(super) fn numbered_within(&self, ancestor: UnitId, key: &str) -> &[UnitId] {
        let all = self.with_number(key);
        let lo = all.partition_point(|&id| id.0 <= ancestor.0);
        let hi = all.partition_point(|&id| id.0 < self.subtree_end(ancestor));
        &all[lo..hi.max(lo)]
    }

    pub(super) fn top_numbered(&self, key: &str) -> &[UnitId] {
        self.top_by_number.get(key).map_or(&[], Vec::as_slice)
    }

    pub(super) fn with_number_ignoring_case(&self, key: &str) -> Vec<UnitId> {
        let mut ids: Vec<UnitId> = self
            .by_number
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(key))
            .flat_map(|(_, v)| v.iter().copied())
            .collect();
        ids.sort();
        ids
    }

    /// How many units numbered `key` have no numbered unit above them.
    pub(super) fn alone_numbered(&self, key: &str) -> u32 {
        self.alone_by_number.get(key).copied().unwrap_or(0)
    }

    pub(super) fn with_title(&self, title: &str) -> &[UnitId] {
        self.by_title.get(&normalize(title)).map_or(&[], Vec::as_slice)
    }

    pub(super) fn with_term(&self, term: &str) -> &[UnitId] {
        self.by_term.get(&normalize(term)).map_or(&[], Vec::as_slice)
    }

    pub(super) fn subtree_end(&self, id: UnitId) -> u32 {
        self.subtree_end[id.0 as usize]
    }
}

/// A title or term as compared: lower case, spaces folded, Markdown emphasis, a leading symbol
/// (`📜`) or quote and a final full stop or colon dropped (`#polls` keeps its `#`).
pub(super) fn normalize(text: &str) -> String {
    let t = text.trim_start_matches(|c: char| !c.is_alphanumeric() && (!c.is_ascii() || "\"'*_ ".contains(c)));
    let t = t.trim_end_matches(|c: char| !c.is_alphanumeric() && c != ')');
    let mut out = String::with_capacity(t.len());
    for word in t.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            word.chars().filter(|c| !matches!(c, '*' | '_' | '`' | '“' | '”' | '"')).flat_map(char::to_lowercase),
        );
    }
    out
}

/// Whether a unit can stand at the head of a citation: a numbered heading or section, a dotted
/// paragraph, or a numbered unit with no numbered unit above it.
pub(super) fn is_anchor(doc: &Document, id: UnitId) -> bool {
    let u = doc.unit(id);
    let Some(label) = &u.label else { return false };
    matches!(u.kind, UnitKind::Heading { .. })
        || matches!(label.style.shape, Shape::Dotted | Shape::Bare)
        || !ancestors(doc, id).any(|a| doc.unit(a).label.is_some())
}

/// The ancestors of a unit, innermost first.
pub(super) fn ancestors(doc: &Document, id: UnitId) -> impl Iterator<Item = UnitId> + '_ {
    std::iter::successors(doc.unit(id).parent, |&p| doc.unit(p).parent)
}

pub(super) fn find_citation(doc: &Document, citation: &str) -> Vec<UnitId> {
    let c = citation.trim().trim_start_matches('§').trim();
    let (head, rest) = c.split_at(c.find('(').unwrap_or(c.len()));
    let head = head.trim().trim_end_matches('.');
    let mut parts: Vec<&str> = Vec::new();
    let mut r = rest.trim();
    while let Some(open) = r.strip_prefix('(') {
        let Some(close) = open.find(')') else { return Vec::new() };
        parts.push(&open[..close]);
        r = open[close + 1..].trim_start();
    }
    if !r.is_empty() {
        return Vec::new();
    }
    let mut current: Vec<UnitId> = if head.is_empty() {
        let Some((first, more)) = parts.split_first() else { return Vec::new() };
        let found = doc.with_number(first).to_vec();
        parts = more.to_vec();
        found
    } else {
        doc.with_number(head).iter().copied().filter(|&id| is_anchor(doc, id)).collect()
    };
    for part in parts {
        current = current.iter().flat_map(|&id| doc.children_numbered(Some(id), part)).collect();
    }
    current
}
