//! Prediction speed: trains on generated multilingual texts, then times
//! `predict` on ~500-character texts and prints microseconds per text.
//!
//! `cargo run --release -p sheshim-classify --example classify_bench`

use std::hint::black_box;
use std::time::Instant;

use sheshim_classify::{Classifier, TrainOptions};

const WORDS: &[&str] = &[
    "жол",
    "шұңқыр",
    "асфальт",
    "мектеп",
    "мұғалім",
    "емхана",
    "дәрігер",
    "автобус",
    "аялдама",
    "жылу",
    "су",
    "құбыр",
    "зейнетақы",
    "жәрдемақы",
    "дорога",
    "яма",
    "школа",
    "учитель",
    "поликлиника",
    "врач",
    "остановка",
    "отопление",
    "вода",
    "труба",
    "пенсия",
    "пособие",
    "road",
    "school",
    "doctor",
    "bus",
    "heating",
    "pension",
    "прошу",
    "сұраймын",
    "please",
];

/// A deterministic pseudo-random text of about `chars` characters.
fn text(seed: u64, chars: usize) -> String {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut out = String::new();
    while out.chars().count() < chars {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        out.push_str(WORDS[(s % WORDS.len() as u64) as usize]);
        out.push_str(if s.is_multiple_of(9) { ", " } else { " " });
    }
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let labels = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"];
    let texts: Vec<String> = (0..2000).map(|i| text(i, 200)).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let labs: Vec<&str> = (0..texts.len()).map(|i| labels[i % labels.len()]).collect();
    let options = TrainOptions {
        epochs: 3,
        ..TrainOptions::default()
    };
    let model = Classifier::train(&refs, &labs, &options)?;

    let queries: Vec<String> = (10_000..10_200).map(|i| text(i, 500)).collect();
    let mean_chars = queries.iter().map(|q| q.chars().count()).sum::<usize>() / queries.len();
    for q in &queries {
        black_box(model.predict(q));
    }
    features_only(&queries);
    let rounds = 50;
    let start = Instant::now();
    for _ in 0..rounds {
        for q in &queries {
            black_box(model.predict(black_box(q)));
        }
    }
    let n = rounds * queries.len();
    let us = start.elapsed().as_secs_f64() * 1e6 / n as f64;
    println!(
        "predict: {us:.2} µs per text ({n} texts, mean {mean_chars} chars, {} labels, 2^18 buckets)",
        model.labels().len()
    );
    Ok(())
}

fn features_only(queries: &[String]) {
    let mut s = sheshim_classify::features::Scratch::default();
    let mut v = Vec::new();
    let start = Instant::now();
    let mut nnz = 0;
    for _ in 0..50 {
        for q in queries {
            sheshim_classify::features::vectorize(q, 1 << 18, &mut s, &mut v);
            nnz += v.len();
        }
    }
    let n = 50 * queries.len();
    let feat_us = start.elapsed().as_secs_f64() * 1e6 / n as f64;
    let start = Instant::now();
    for _ in 0..50 {
        for q in queries {
            black_box(sheshim_classify::features::normalize(q));
        }
    }
    println!(
        "normalize only: {:.2} µs",
        start.elapsed().as_secs_f64() * 1e6 / n as f64
    );
    println!(
        "features only: {feat_us:.2} µs per text, {} distinct features",
        nnz / n
    );
}
