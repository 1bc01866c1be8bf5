//! Prints the time `assess` takes per 500-character appeal.
//!
//! `cargo run --release -p sheshim-urgency --example urgency_bench`

use chrono::NaiveDate;
use sheshim_urgency::assess;
use std::hint::black_box;
use std::time::Instant;

/// Builds a ~500-character text by repeating `seed`, cut on a char boundary.
fn five_hundred(seed: &str) -> String {
    seed.chars().cycle().take(500).collect()
}

fn main() {
    let texts = [
        five_hundred(
            "Во дворе дома большие ямы, прошу отремонтировать дорогу и поставить освещение. ",
        ),
        five_hundred("Үйде жылу жоқ, балалар тоңып отыр, үш күннен бері ешкім келмеді. "),
        five_hundred("Bizdiñ köşede jol öte naşar, jöndeu jūmystaryn jürgizuiñizdi sūraimyz. "),
        five_hundred("There is a gas leak in our building and the ambulance did not come. "),
    ];
    let date = NaiveDate::from_ymd_opt(2025, 1, 15).unwrap_or_default();
    // Warm up: builds the automaton once.
    black_box(assess(&texts[0], date));
    let rounds = 5_000;
    for t in &texts {
        // The best of several batches: on a shared machine the slower batches measure the
        // neighbours, not this code.
        let micros = (0..7)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..rounds {
                    black_box(assess(black_box(t), date));
                }
                start.elapsed().as_secs_f64() * 1e6 / f64::from(rounds)
            })
            .fold(f64::INFINITY, f64::min);
        let level = assess(t, date).level.code();
        println!(
            "{:>5} chars, {:>9}: {micros:.2} µs per text",
            t.chars().count(),
            level
        );
    }
}
