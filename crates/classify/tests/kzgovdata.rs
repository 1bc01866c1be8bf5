//! Real-data check on the shared KZgovData set (kk/ru appeals with a category and an
//! urgency). Reads `../../../shared/data/kzgovdata/data.csv` at test time and
//! skips when it is absent; nothing from the file is kept in the repository.
//!
//! Run with figures printed:
//! `cargo test --release -p sheshim-classify --test kzgovdata -- --nocapture --test-threads 1 --include-ignored`
//!
//! Floors asserted: the figures reached when this was written, less a small margin for
//! floating-point differences between machines (training is deterministic for a seed).
//! Reached on the random 80/20 split with feature version 2: accuracy 0.9333 overall,
//! 0.9333 kk, 0.9333 ru (macro-F1 0.9327, 0.9339, 0.9318); cross-language 0.3833 ru→kk,
//! 0.3792 kk→ru. (Version 1: 0.9375, 0.9417, 0.9333; cross-language 0.3833 both ways.) Floors: accuracy and
//! macro-F1 ≥ 0.91 within a language, accuracy ≥ 0.35 across languages. Feature version 3
//! (Kazakh Latin read as Cyrillic first) gives the same figures as version 2 on this set,
//! whose texts are Cyrillic: category and urgency, random and grouped, to four decimals.
//!
//! Urgency («высокая» / «средняя» / «низкая»; the most frequent label is 41 % of rows),
//! random split: accuracy 0.7000 overall, 0.6667 kk, 0.7333 ru (macro-F1 0.6955, 0.6608,
//! 0.7307); cross-language 0.4000 ru→kk, 0.3917 kk→ru. Grouped split: 0.5468, 0.5227,
//! 0.5710 (macro-F1 0.5250, 0.4868, 0.5613); cross-language 0.3686 and 0.3656. Floors:
//! accuracy ≥ 0.63 and macro-F1 ≥ 0.62 on the random split, ≥ 0.49 and ≥ 0.45 on the
//! grouped one, ≥ 0.35 across languages.

use std::path::Path;
use std::time::Instant;

use sheshim_classify::{Classifier, Report, TrainOptions, evaluate, read_labeled_csv};

const PATH: &str = "../../../shared/data/kzgovdata/data.csv";

struct Row {
    kk: String,
    ru: String,
    category: String,
    urgency: String,
}

/// Which column a model learns.
type Target = fn(&Row) -> &str;

fn category(r: &Row) -> &str {
    &r.category
}

fn urgency(r: &Row) -> &str {
    &r.urgency
}

fn load() -> Option<Vec<Row>> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(PATH);
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return None;
    };
    let kk = read_labeled_csv(&text, "text_kz", "category").expect("kk column");
    let ru = read_labeled_csv(&text, "text_ru", "urgency").expect("ru column");
    assert_eq!(kk.len(), ru.len());
    Some(
        kk.into_iter()
            .zip(ru)
            .map(|((kk, category), (ru, urgency))| Row {
                kk,
                ru,
                category,
                urgency,
            })
            .collect(),
    )
}

/// Seeded shuffle (SplitMix64 + Fisher–Yates), independent of the crate's.
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut s = seed;
    let mut next = || {
        s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut v: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
    v
}

fn opts() -> TrainOptions {
    TrainOptions {
        training_date: "2026-01-01".into(),
        ..TrainOptions::default()
    }
}

fn train_eval(train: &[(&str, &str)], test: &[(&str, &str)]) -> Report {
    let (tt, tl): (Vec<&str>, Vec<&str>) = train.iter().copied().unzip();
    let (et, el): (Vec<&str>, Vec<&str>) = test.iter().copied().unzip();
    let model = Classifier::train(&tt, &tl, &opts()).expect("train");
    evaluate(&model, &et, &el).expect("evaluate")
}

fn line(name: &str, r: &Report) {
    println!(
        "{name:<34} accuracy={:.4} macro_f1={:.4}",
        r.accuracy, r.macro_f1
    );
}

/// Splits rows 80/20; with `grouped`, rows sharing a Russian or Kazakh text
/// (the set has many duplicates) stay on the same side.
fn split(rows: &[Row], grouped: bool) -> (Vec<&Row>, Vec<&Row>) {
    let order = shuffled(rows.len(), 20_260_101);
    let n_test = rows.len() / 5;
    let mut test_keys = std::collections::HashSet::new();
    let mut in_test = vec![false; rows.len()];
    let mut count = 0;
    for &i in &order {
        let r = &rows[i];
        let seen = test_keys.contains(r.ru.as_str()) || test_keys.contains(r.kk.as_str());
        if count < n_test || (grouped && seen) {
            in_test[i] = true;
            count += 1;
            test_keys.insert(r.ru.as_str());
            test_keys.insert(r.kk.as_str());
        }
    }
    if grouped {
        // A row seen earlier may share text with a row chosen later: move it too.
        for (i, r) in rows.iter().enumerate() {
            if test_keys.contains(r.ru.as_str()) || test_keys.contains(r.kk.as_str()) {
                in_test[i] = true;
            }
        }
    }
    let test = rows
        .iter()
        .zip(&in_test)
        .filter(|(_, t)| **t)
        .map(|(r, _)| r)
        .collect();
    let train = rows
        .iter()
        .zip(&in_test)
        .filter(|(_, t)| !**t)
        .map(|(r, _)| r)
        .collect();
    (train, test)
}

fn kk<'a>(v: &[&'a Row], target: Target) -> Vec<(&'a str, &'a str)> {
    v.iter().map(|r| (r.kk.as_str(), target(r))).collect()
}

fn ru<'a>(v: &[&'a Row], target: Target) -> Vec<(&'a str, &'a str)> {
    v.iter().map(|r| (r.ru.as_str(), target(r))).collect()
}

fn both<'a>(v: &[&'a Row], target: Target) -> Vec<(&'a str, &'a str)> {
    [kk(v, target), ru(v, target)].concat()
}

fn run_split(
    rows: &[Row],
    grouped: bool,
    target: Target,
    target_name: &str,
) -> (Report, Report, Report, Report, Report) {
    let (train, test) = split(rows, grouped);
    let name = format!(
        "{target_name}, {}",
        if grouped { "grouped" } else { "random" }
    );
    println!(
        "-- {name} 80/20 split: {} train rows, {} test rows",
        train.len(),
        test.len()
    );
    let model_both = {
        let (tt, tl): (Vec<&str>, Vec<&str>) = both(&train, target).into_iter().unzip();
        Classifier::train(&tt, &tl, &opts()).expect("train")
    };
    let ev = |pairs: Vec<(&str, &str)>| {
        let (t, l): (Vec<&str>, Vec<&str>) = pairs.into_iter().unzip();
        evaluate(&model_both, &t, &l).expect("evaluate")
    };
    let overall = ev(both(&test, target));
    let on_kk = ev(kk(&test, target));
    let on_ru = ev(ru(&test, target));
    let ru_to_kk = train_eval(&ru(&train, target), &kk(&test, target));
    let kk_to_ru = train_eval(&kk(&train, target), &ru(&test, target));
    println!("{}", overall.render());
    line(&format!("{name}: overall (kk+ru)"), &overall);
    line(&format!("{name}: kk"), &on_kk);
    line(&format!("{name}: ru"), &on_ru);
    line(&format!("{name}: train ru -> test kk"), &ru_to_kk);
    line(&format!("{name}: train kk -> test ru"), &kk_to_ru);
    (overall, on_kk, on_ru, ru_to_kk, kk_to_ru)
}

#[test]
fn kzgovdata_category_figures() {
    let Some(rows) = load() else { return };
    for grouped in [false, true] {
        let (overall, kk, ru, ru_kk, kk_ru) = run_split(&rows, grouped, category, "category");
        for report in [&overall, &kk, &ru] {
            assert!(
                report.accuracy >= 0.91,
                "accuracy {} below its floor",
                report.accuracy
            );
            assert!(
                report.macro_f1 >= 0.91,
                "macro-F1 {} below its floor",
                report.macro_f1
            );
        }
        assert!(ru_kk.accuracy >= 0.35 && kk_ru.accuracy >= 0.35);
    }
}

/// The same classifier trained on the urgency column («высокая», «средняя», «низкая»).
/// Printed with `--nocapture`; floors below the figures reached (see the module doc).
#[test]
fn kzgovdata_urgency_figures() {
    let Some(rows) = load() else { return };
    for grouped in [false, true] {
        let (overall, kk, ru, ru_kk, kk_ru) = run_split(&rows, grouped, urgency, "urgency");
        // The grouped split keeps the set's repeated texts on one side; urgency suffers
        // more from that than the category does, so it has its own floors.
        let (accuracy_floor, f1_floor) = if grouped { (0.49, 0.45) } else { (0.63, 0.62) };
        for report in [&overall, &kk, &ru] {
            assert!(
                report.accuracy >= accuracy_floor && report.macro_f1 >= f1_floor,
                "urgency accuracy {} / macro-F1 {} below its floors",
                report.accuracy,
                report.macro_f1
            );
        }
        assert!(ru_kk.accuracy >= 0.35 && kk_ru.accuracy >= 0.35);
    }
}

/// Training time on 30,000 texts: the set's kk and ru texts, replicated with
/// small variations (a varying number and a dropped word). Printed, not asserted.
#[test]
#[ignore = "timing figure; run in release with --ignored"]
fn kzgovdata_training_time_30k() {
    let Some(rows) = load() else { return };
    let base: Vec<(&str, &str)> = rows
        .iter()
        .flat_map(|r| {
            [
                (r.kk.as_str(), r.category.as_str()),
                (r.ru.as_str(), r.category.as_str()),
            ]
        })
        .collect();
    let mut texts = Vec::with_capacity(30_000);
    let mut labels = Vec::with_capacity(30_000);
    for i in 0..30_000 {
        let (t, l) = base[i % base.len()];
        let words: Vec<&str> = t.split_whitespace().collect();
        let drop = i / base.len() % words.len().max(1);
        let mut s: String = words
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != drop || i < base.len())
            .map(|(_, w)| *w)
            .collect::<Vec<_>>()
            .join(" ");
        s.push_str(&format!(" №{}", i % 997));
        texts.push(s);
        labels.push(l);
    }
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let start = Instant::now();
    let model = Classifier::train(&refs, &labels, &opts()).expect("train");
    let secs = start.elapsed().as_secs_f64();
    let chars: usize = refs.iter().map(|t| t.chars().count()).sum();
    println!(
        "trained on {} texts (mean {} chars, {} epochs, 2^18 buckets, incl. calibration pass) in {secs:.2} s; temperature {:.3}",
        refs.len(),
        chars / refs.len(),
        opts().epochs,
        model.metadata().training.temperature
    );
}
