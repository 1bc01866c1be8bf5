//! Timing loop for `detect`: prints microseconds per text for 500-character appeals in each
//! language. Run with `cargo run --release -p sheshim-lang --example lang_bench`.

use std::hint::black_box;
use std::time::Instant;

use sheshim_domain::Script;

/// Repeats `sentence` until the text is at least 500 characters long.
fn appeal(sentence: &str) -> String {
    let mut s = String::new();
    while s.chars().count() < 500 {
        s.push_str(sentence);
        s.push(' ');
    }
    s
}

fn main() {
    let texts = [
        (
            "kk-Cyrl",
            appeal("Біздің көшеде үш айдан бері шамдар жанбайды, кешке балалар қараңғыда жүреді."),
        ),
        (
            "kk-Latn",
            appeal("Bızdıñ köşede üş aidan berı şamdar janbaidy, keşke balalar qarañğyda jüredı."),
        ),
        (
            "ru",
            appeal(
                "На нашей улице уже три месяца не горят фонари, дети возвращаются из школы в темноте.",
            ),
        ),
        (
            "en",
            appeal(
                "The street lights on our road have been off for three months and children walk home.",
            ),
        ),
        (
            "mixed",
            appeal(
                "Біздің көшеде шамдар жанбайды. Прошу срочно принять меры, дети ходят в темноте.",
            ),
        ),
    ];
    let rounds = 20_000;
    for (name, text) in &texts {
        // One untimed pass warms caches and the branch predictor.
        let _ = sheshim_lang::detect(text);
        let start = Instant::now();
        for _ in 0..rounds {
            let _ = black_box(sheshim_lang::detect(black_box(text)));
        }
        let per = start.elapsed().as_secs_f64() * 1e6 / f64::from(rounds);
        println!(
            "detect {name:8} {} chars: {per:.2} µs/text",
            text.chars().count()
        );
    }
    let text = &texts[0].1;
    let start = Instant::now();
    for _ in 0..rounds {
        let _ = black_box(sheshim_lang::transliterate_kk(
            black_box(text),
            Script::Latin,
        ));
    }
    let per = start.elapsed().as_secs_f64() * 1e6 / f64::from(rounds);
    println!(
        "transliterate kk-Cyrl→Latn {} chars: {per:.2} µs/text",
        text.chars().count()
    );
}
