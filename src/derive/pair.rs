//! Units of the base and of the edited copy paired by what they say, where the texts differ.

/// What becomes of a unit when the two texts' units are aligned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// The same text in both (the units at these indices).
    Same(usize, usize),
    /// A base unit continued, with changes, by an edited unit.
    Edit(usize, usize),
    /// A base unit the edited copy no longer has.
    Remove(usize),
    /// An edited unit the base does not have.
    Add(usize),
}

/// Below this share of words in common, two units are not taken for one unit edited.
const MIN_SIMILARITY: f64 = 0.5;

/// Larger stretches of changed units are paired in order, as comparing every pair would be slow.
const MAX_PAIRINGS: usize = 40_000;

/// The share of words two texts have in common (Dice's coefficient over the words).
fn similarity(a: &str, b: &str) -> f64 {
    let words = |s: &str| {
        let mut w: Vec<String> = s.split_whitespace().map(str::to_lowercase).collect();
        w.sort_unstable();
        w
    };
    let (a, b) = (words(a), words(b));
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    2.0 * common as f64 / (a.len() + b.len()) as f64
}

/// Units replaced by other units, aligned by content: each base unit is paired with the edited
/// unit that says most nearly the same (in order), so that a removed clause followed by an
/// edited one is a removal and an edit, not a rewrite and a removal. Units left between pairs
/// are paired in order (a rewrite), and the rest removed or added.
pub(super) fn align(
    olds: std::ops::Range<usize>,
    news: std::ops::Range<usize>,
    bk: &[String],
    ek: &[String],
) -> Vec<Step> {
    let (m, n) = (olds.len(), news.len());
    let mut anchors: Vec<(usize, usize)> = Vec::new();
    if m * n <= MAX_PAIRINGS {
        let sim: Vec<Vec<f64>> =
            olds.clone().map(|i| news.clone().map(|j| similarity(&bk[i], &ek[j])).collect()).collect();
        // best[i][j]: the most similarity pairing the first i old and j new units can reach.
        let mut best = vec![vec![0.0f64; n + 1]; m + 1];
        for i in 1..=m {
            for j in 1..=n {
                let s = sim[i - 1][j - 1];
                let diagonal = if s >= MIN_SIMILARITY { best[i - 1][j - 1] + s } else { 0.0 };
                best[i][j] = best[i - 1][j].max(best[i][j - 1]).max(diagonal);
            }
        }
        let (mut i, mut j) = (m, n);
        while i > 0 && j > 0 {
            let s = sim[i - 1][j - 1];
            if s >= MIN_SIMILARITY && best[i][j] == best[i - 1][j - 1] + s {
                anchors.push((olds.start + i - 1, news.start + j - 1));
                i -= 1;
                j -= 1;
            } else if best[i][j] == best[i - 1][j] {
                i -= 1;
            } else {
                j -= 1;
            }
        }
        anchors.reverse();
    }
    let mut steps = Vec::new();
    let (mut oi, mut ni) = (olds.start, news.start);
    for (a, b) in anchors.into_iter().chain([(olds.end, news.end)]) {
        let gap = (a - oi).min(b - ni);
        for k in 0..gap {
            steps.push(Step::Edit(oi + k, ni + k));
        }
        steps.extend((oi + gap..a).map(Step::Remove));
        steps.extend((ni + gap..b).map(Step::Add));
        if a < olds.end {
            steps.push(Step::Edit(a, b));
        }
        (oi, ni) = (a + 1, b + 1);
    }
    steps
}
