//! Agreement with the shared KZgovData labels (kk and ru texts), when the data is present.
//!
//! The data set labels urgency «высокая» / «средняя» / «низкая» (high / medium / low) and
//! is small and probably machine-written: this measures, it does not prove. Its «высокая»
//! is mapped to our Immediate-or-High ("urgent"), the other two to Normal, since our rules
//! only pick out what must jump the ordinary queue. Run with `--nocapture` for the figures.

use chrono::NaiveDate;
use sheshim_urgency::{Urgency, assess};
use std::path::Path;

/// The records of CSV text (header row included), read with the `csv` crate.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes())
        .records()
        .map(|record| {
            record
                .expect("the data set is valid CSV")
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// Counts for a binary urgent / not-urgent comparison.
#[derive(Default)]
struct Tally {
    tp: usize,
    fp: usize,
    fn_: usize,
    tn: usize,
    immediate: usize,
}

impl Tally {
    fn accuracy(&self) -> f64 {
        (self.tp + self.tn) as f64 / (self.tp + self.fp + self.fn_ + self.tn).max(1) as f64
    }
    fn ratio(a: usize, b: usize) -> f64 {
        a as f64 / (a + b).max(1) as f64
    }
    fn report(&self, lang: &str) {
        println!(
            "{lang}: n={} accuracy={:.3} | urgent: precision={:.3} recall={:.3} | normal: precision={:.3} recall={:.3} | immediate={}",
            self.tp + self.fp + self.fn_ + self.tn,
            self.accuracy(),
            Self::ratio(self.tp, self.fp),
            Self::ratio(self.tp, self.fn_),
            Self::ratio(self.tn, self.fn_),
            Self::ratio(self.tn, self.fp),
            self.immediate,
        );
    }
}

#[test]
fn agreement_with_kzgovdata() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/kzgovdata/data.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} not found", path.display());
        return;
    };
    let rows = parse_csv(&text);
    let Some((header, records)) = rows.split_first() else {
        return;
    };
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(kz), Some(ru), Some(urg)) = (col("text_kz"), col("text_ru"), col("urgency")) else {
        panic!("unexpected header {header:?}");
    };
    // The data carries no dates; a winter day lets the seasonal rule show what it can do.
    let date = NaiveDate::from_ymd_opt(2025, 1, 15).unwrap_or_default();
    let mut labels = std::collections::BTreeMap::new();
    let (mut kk_t, mut ru_t) = (Tally::default(), Tally::default());
    for r in records {
        let Some(label) = r.get(urg) else { continue };
        *labels.entry(label.clone()).or_insert(0usize) += 1;
        let gold = label == "высокая";
        for (c, tally) in [(kz, &mut kk_t), (ru, &mut ru_t)] {
            let Some(t) = r.get(c) else { continue };
            let level = assess(t, date).level;
            let ours = level != Urgency::Normal;
            tally.immediate += usize::from(level == Urgency::Immediate);
            match (ours, gold) {
                (true, true) => tally.tp += 1,
                (true, false) => tally.fp += 1,
                (false, true) => tally.fn_ += 1,
                (false, false) => tally.tn += 1,
            }
        }
    }
    println!("labels: {labels:?}");
    kk_t.report("kk");
    ru_t.report("ru");
    assert!(
        kk_t.accuracy() > 0.5 && ru_t.accuracy() > 0.5,
        "agreement fell below the floor"
    );
}
