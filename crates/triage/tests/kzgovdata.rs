//! Urgency on the shared KZgovData set: a model trained on the set's own grading
//! («высокая» / «средняя» / «низкая»), alone and combined with the explicit rules as triage
//! combines them (the more urgent wins). Reads `../../../shared/data/kzgovdata/data.csv` at
//! test time and skips when it is absent; nothing from the file is kept in the repository.
//!
//! Split: every fifth row (kk and ru texts of a row stay together) is held out. Figures with
//! `cargo test --release -p sheshim-triage --test kzgovdata -- --nocapture`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use sheshim_classify::{Classifier, TrainOptions, read_labeled_csv};
use sheshim_domain::AppealText;
use sheshim_triage::{Models, Triage};
use sheshim_urgency::Urgency;
use std::path::Path;

/// Agreement of predicted levels with the gold grading. The set has no "immediate" grade,
/// so an immediate verdict counts as "high".
#[derive(Default)]
struct Tally {
    right: usize,
    total: usize,
    high_found: usize,
    high_gold: usize,
    high_said: usize,
}

impl Tally {
    fn add(&mut self, said: Urgency, gold: Urgency) {
        let said = said.max(Urgency::High);
        self.total += 1;
        self.right += usize::from(said == gold);
        self.high_gold += usize::from(gold == Urgency::High);
        self.high_said += usize::from(said == Urgency::High);
        self.high_found += usize::from(said == Urgency::High && gold == Urgency::High);
    }

    fn accuracy(&self) -> f64 {
        self.right as f64 / self.total as f64
    }

    fn print(&self, name: &str) {
        println!(
            "{name:<16} n={} accuracy={:.4} high: precision={:.4} recall={:.4}",
            self.total,
            self.accuracy(),
            self.high_found as f64 / self.high_said.max(1) as f64,
            self.high_found as f64 / self.high_gold.max(1) as f64,
        );
    }
}

#[test]
fn urgency_model_and_rules_on_kzgovdata() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/kzgovdata/data.csv");
    let Ok(csv) = std::fs::read_to_string(&path) else {
        eprintln!("skipping: {} not found", path.display());
        return;
    };
    let kk = read_labeled_csv(&csv, "text_kz", "urgency").unwrap();
    let ru = read_labeled_csv(&csv, "text_ru", "urgency").unwrap();
    let (mut train_texts, mut train_labels, mut test) = (Vec::new(), Vec::new(), Vec::new());
    for (i, (k, r)) in kk.iter().zip(&ru).enumerate() {
        for (text, label) in [k, r] {
            if i % 5 == 0 {
                test.push((text.as_str(), label.as_str()));
            } else {
                train_texts.push(text.as_str());
                train_labels.push(label.as_str());
            }
        }
    }
    let options = TrainOptions {
        training_date: "2026-01-01".into(),
        ..TrainOptions::default()
    };
    let model = Classifier::train(&train_texts, &train_labels, &options).unwrap();
    let models = Models {
        urgency: Some(model),
        ..Models::seed().unwrap()
    };
    let triage = Triage::new(&models).unwrap();
    // The data carries no dates; a winter day lets the seasonal rule show what it can do.
    let winter = NaiveDate::from_ymd_opt(2025, 1, 15).unwrap();
    let (mut alone, mut rules, mut combined) =
        (Tally::default(), Tally::default(), Tally::default());
    for (text, label) in &test {
        let gold = Urgency::parse(label).expect("the set grades with known words");
        let triaged = triage
            .triage(&AppealText::parse(text).unwrap(), winter)
            .unwrap();
        let (model_level, _) = triaged.urgency_model.unwrap();
        alone.add(model_level, gold);
        rules.add(sheshim_urgency::assess(text, winter).level, gold);
        combined.add(triaged.urgency, gold);
    }
    alone.print("model alone");
    rules.print("rules alone");
    combined.print("model and rules");
    // Reached: model alone 0.5604 (high: precision 0.5693, recall 0.7468), rules alone
    // 0.3833 (they never say "low"; high: precision 0.5500, recall 0.0714), model and rules
    // 0.5521. On this set, whose grading is not the rules' notion of danger, the rules find
    // nothing the model misses; they must not cost more than a little accuracy.
    assert!(
        alone.accuracy() >= 0.52,
        "model accuracy {}",
        alone.accuracy()
    );
    assert!(combined.accuracy() >= alone.accuracy() - 0.03);
    assert!(combined.high_found >= alone.high_found);
}
