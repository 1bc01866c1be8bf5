//! Timing loop (not a test): microseconds per signature of a 500-character
//! appeal, per index insert, and per `near_duplicates` query on an index of
//! 100,000 signatures, plus batch grouping of the same 100,000.
//!
//! Run: `cargo run --release -p sheshim-dedup --example dedup_bench`

use std::hint::black_box;
use std::time::Instant;

use sheshim_dedup::{
    DEFAULT_THRESHOLD, DuplicateIndex, MinHashConfig, MinHasher, Scheme, group_mass_appeals,
};

const SYLLABLES: &[&str] = &[
    "про", "ра", "зо", "до", "ма", "ки", "ву", "ле", "ни", "ст", "ко", "ре", "жа", "лу", "ба",
    "сы", "қа", "ғы", "ұл", "әк", "өт", "ің", "ты", "ме", "на", "по", "ли", "то", "ва", "де", "се",
    "го",
];

/// A vocabulary of pseudo-words built from syllables, large enough that two
/// unrelated appeals share few shingles, as real ones do.
fn vocabulary() -> Vec<String> {
    let mut x = 0x1234_5678_9abc_def1_u64;
    (0..5000)
        .map(|_| {
            let mut w = String::new();
            for _ in 0..2 + next(&mut x) % 3 {
                w.push_str(SYLLABLES[(next(&mut x) % SYLLABLES.len() as u64) as usize]);
            }
            w
        })
        .collect()
}

fn next(x: &mut u64) -> u64 {
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    *x
}

/// A pseudo-random appeal of `len` characters: Zipf-like word choice (a few
/// words very common, most rare) with punctuation and placeholders.
fn appeal(vocab: &[String], seed: u64, len: usize) -> String {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut s = String::with_capacity(len * 2 + 32);
    let mut chars = 0;
    while chars < len {
        let u = (next(&mut x) >> 11) as f64 / (1u64 << 53) as f64;
        let rank = ((vocab.len() as f64).powf(u) as usize).saturating_sub(1);
        let word = if next(&mut x).is_multiple_of(40) {
            "[NAME]"
        } else {
            vocab[rank].as_str()
        };
        s.push_str(word);
        s.push_str(if next(&mut x).is_multiple_of(9) {
            ", "
        } else {
            " "
        });
        chars += word.chars().count() + 1;
    }
    s.chars().take(len).collect()
}

fn main() {
    let vocab = vocabulary();
    let texts: Vec<String> = (0..1000).map(|i| appeal(&vocab, i, 500)).collect();
    for scheme in [Scheme::OnePermutation, Scheme::Classic] {
        let hasher = MinHasher::new(MinHashConfig {
            scheme,
            ..MinHashConfig::default()
        })
        .unwrap_or_default();
        let rounds = if scheme == Scheme::Classic { 10 } else { 100 };
        let start = Instant::now();
        for _ in 0..rounds {
            for t in &texts {
                black_box(hasher.signature(black_box(t)));
            }
        }
        let us = start.elapsed().as_secs_f64() * 1e6 / (rounds * texts.len()) as f64;
        println!("signature, 500 chars, {scheme:?}, k=5, 128 values: {us:.2} µs");
    }

    let hasher = MinHasher::default();
    let n = 100_000u64;
    let sigs: Vec<_> = (0..n)
        .map(|i| (i, hasher.signature(&appeal(&vocab, i + 10_000, 500))))
        .collect();
    let mut index = DuplicateIndex::new();
    let start = Instant::now();
    for (id, sig) in &sigs {
        index.insert(*id, sig.clone());
    }
    let insert_us = start.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!("index insert (32x4 bands), {n} signatures: {insert_us:.2} µs per insert");

    // Queries: half are copies of stored appeals with an edit, half unseen.
    let queries: Vec<_> = (0..10_000u64)
        .map(|i| {
            let text = if i % 2 == 0 {
                appeal(&vocab, i * 7 + 10_000, 500).replacen(' ', " ещё ", 1)
            } else {
                appeal(&vocab, (i + 1) << 40, 500)
            };
            hasher.signature(&text)
        })
        .collect();
    let start = Instant::now();
    let mut hits = 0usize;
    for q in &queries {
        hits += black_box(index.near_duplicates(q, DEFAULT_THRESHOLD)).len();
    }
    let query_us = start.elapsed().as_secs_f64() * 1e6 / queries.len() as f64;
    println!(
        "near_duplicates on {n}: {query_us:.2} µs per query ({hits} hits in {} queries)",
        queries.len()
    );

    let start = Instant::now();
    let mut candidates = 0usize;
    for q in &queries {
        candidates += black_box(index.candidates(q)).len();
    }
    let cand_us = start.elapsed().as_secs_f64() * 1e6 / queries.len() as f64;
    println!("candidates on {n}: {cand_us:.2} µs per query ({candidates} candidates in total)");

    let start = Instant::now();
    let groups = group_mass_appeals(&sigs, DEFAULT_THRESHOLD);
    println!(
        "group_mass_appeals over {n}: {:.1} ms ({} groups)",
        start.elapsed().as_secs_f64() * 1e3,
        groups.len()
    );
}
