//! Deterministic test texts for the diff benchmarks: a rulebook-like document of numbered
//! paragraphs, and a revision of it with amendment-like changes (words and phrases replaced,
//! clauses deleted and added, a few paragraphs dropped or added).

/// A small, fast, deterministic random number generator (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

const COMMON: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "a",
    "in",
    "by",
    "for",
    "or",
    "is",
    "be",
    "may",
    "shall",
    "at",
    "members",
    "conference",
    "committee",
    "branch",
    "group",
    "officers",
    "the",
    "the",
    "of",
];

/// Words of a made-up language, so that every text has a realistic spread of word frequencies.
fn vocabulary() -> Vec<String> {
    const SYLLABLES: &[&str] = &[
        "ra", "to", "mi", "ser", "lan", "de", "vo", "ca", "pel", "tri", "no", "gu", "sta", "ben", "or", "li", "que",
        "fa", "mon", "te",
    ];
    let mut rng = Rng::new(7);
    (0..4000)
        .map(|_| {
            let n = 1 + rng.below(3);
            (0..n).map(|_| SYLLABLES[rng.below(SYLLABLES.len())]).collect()
        })
        .collect()
}

fn sentence(rng: &mut Rng, vocab: &[String]) -> String {
    let n = 6 + rng.below(18);
    let mut words: Vec<&str> = Vec::with_capacity(n);
    for _ in 0..n {
        if rng.chance(0.45) {
            words.push(COMMON[rng.below(COMMON.len())]);
        } else {
            // Squaring favours the first words: a few frequent words, many rare ones.
            let r = rng.below(vocab.len());
            words.push(&vocab[r * r / vocab.len()]);
        }
    }
    let mut s = words.join(" ");
    if let Some(first) = s.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    if rng.chance(0.2) {
        let at = s.len() / 2;
        let at = s[at..].find(' ').map_or(at, |i| at + i);
        s.insert(at, ',');
    }
    s.push('.');
    s
}

/// A document of about `bytes` bytes: sections of numbered paragraphs, one per line, with a
/// blank line between paragraphs.
pub fn document(bytes: usize, seed: u64) -> String {
    let vocab = vocabulary();
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(bytes + 1024);
    let mut section = 0;
    while out.len() < bytes {
        section += 1;
        out.push_str(&format!("{section}) {}\n\n", sentence(&mut rng, &vocab).trim_end_matches('.')));
        for para in 1..=(3 + rng.below(12)) {
            out.push_str(&format!("{section}.{para}"));
            for _ in 0..(1 + rng.below(5)) {
                out.push(' ');
                out.push_str(&sentence(&mut rng, &vocab));
            }
            out.push_str("\n\n");
        }
    }
    out
}

/// A revision of `doc` with a share `rate` of its paragraphs amended.
pub fn revise(doc: &str, rate: f64, seed: u64) -> String {
    let vocab = vocabulary();
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(doc.len() + doc.len() / 10);
    for para in doc.split_inclusive("\n\n") {
        if !rng.chance(rate) {
            out.push_str(para);
            continue;
        }
        let body = para.trim_end();
        let mut words: Vec<String> = body.split(' ').map(String::from).collect();
        let len = words.len();
        match rng.below(6) {
            // A word replaced ("signatories" → "members").
            0 if len > 2 => {
                let at = 1 + rng.below(len - 1);
                words[at] = vocab[rng.below(vocab.len())].clone();
            }
            // A phrase replaced.
            1 if len > 4 => {
                let at = 1 + rng.below(len - 3);
                words.splice(
                    at..at + 2,
                    [vocab[rng.below(vocab.len())].clone(), COMMON[rng.below(COMMON.len())].into()],
                );
            }
            // A clause deleted.
            2 if len > 8 => {
                let at = 1 + rng.below(len - 7);
                words.drain(at..at + 3 + rng.below(4));
            }
            // A sentence added at the end.
            3 => words.push(sentence(&mut rng, &vocab)),
            // The paragraph deleted.
            4 => continue,
            // A new paragraph after it.
            _ => {
                out.push_str(para);
                out.push_str(&format!("{}\n\n", sentence(&mut rng, &vocab)));
                continue;
            }
        }
        out.push_str(&words.join(" "));
        out.push_str(&para[body.len()..]);
    }
    out
}
