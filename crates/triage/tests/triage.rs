//! Triage of appeals written for this test: language and script, personal data masked
//! (and never repeated), classifier labels with confidences, urgency by the date of
//! receipt, and clear errors for texts that cannot be triaged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use sheshim_domain::{Language, Script};
use sheshim_triage::{SEED_CORPUS, Triage};
use sheshim_urgency::Urgency;
use std::sync::LazyLock;

static TRIAGE: LazyLock<Triage> = LazyLock::new(|| Triage::seed().unwrap());

fn winter() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
}

#[test]
fn personal_data_is_masked_and_language_found() {
    let iin = sheshim_domain::with_check_digit("85011531000").unwrap();
    let text = format!(
        "Здравствуйте! Меня зовут Асель Нурланова, ИИН {iin}, телефон +7 701 555 44 33. \
         В нашем доме третий день нет отопления, в квартире маленькие дети."
    );
    let triaged = TRIAGE.triage(&text, winter()).unwrap();
    assert_eq!(triaged.language, Language::Ru);
    assert_eq!(triaged.script, Script::Cyrillic);
    assert!(!triaged.masked_text.contains(&iin));
    assert!(!triaged.masked_text.contains("555 44 33"));
    assert!(
        triaged.masked_text.contains("[IIN]"),
        "{}",
        triaged.masked_text
    );
    let kinds: Vec<&str> = triaged.findings.iter().map(|f| f.kind.label()).collect();
    assert!(
        kinds.contains(&"IIN") && kinds.contains(&"PHONE"),
        "{kinds:?}"
    );
    assert_eq!(triaged.urgency, Urgency::Immediate);
    for label in [&triaged.kind, &triaged.topic, &triaged.agency] {
        assert!(label.confidence > 0.0 && label.confidence <= 1.0);
    }
}

#[test]
fn latin_kazakh_and_the_heating_season() {
    let text = "Üiımızde üş kün boiy jylu joq, balalar tońyp jatyr. Kömektesuıñızdı suraimyn.";
    let in_winter = TRIAGE.triage(text, winter()).unwrap();
    assert_eq!(
        (in_winter.language, in_winter.script),
        (Language::Kk, Script::Latin)
    );
    let in_summer = TRIAGE
        .triage(text, NaiveDate::from_ymd_opt(2026, 7, 1).unwrap())
        .unwrap();
    assert!(
        in_winter.urgency <= in_summer.urgency,
        "winter must not be less urgent"
    );
}

#[test]
fn texts_that_cannot_be_triaged_are_clear_errors() {
    let error = TRIAGE.triage("   ", winter()).unwrap_err().to_string();
    assert!(error.contains("empty"), "{error}");
    let huge = "а".repeat(10 * 1024 * 1024);
    let error = TRIAGE.triage(&huge, winter()).unwrap_err().to_string();
    assert!(error.contains("longer than"), "{error}");
    let error = TRIAGE
        .triage("abc\u{0}def", winter())
        .unwrap_err()
        .to_string();
    assert!(error.contains("control"), "{error}");
    let error = TRIAGE
        .triage("12345 678", winter())
        .unwrap_err()
        .to_string();
    assert!(!error.is_empty());
}

#[test]
fn seed_models_generalise_to_held_out_seed_appeals() {
    // Train on four fifths of the seed corpus and measure on the rest, per label column. The
    // seed is small (480 appeals, 4 language variants), so the bar is three times chance:
    // this checks that the models learn, not that they are good enough for real appeals.
    use sheshim_classify::{Classifier, TrainOptions, evaluate, read_labeled_csv};
    for column in ["kind", "topic", "agency"] {
        let pairs = read_labeled_csv(SEED_CORPUS, "text", column).unwrap();
        let (train, test): (Vec<_>, Vec<_>) =
            pairs.iter().enumerate().partition(|(i, _)| i % 5 != 0);
        let texts: Vec<&str> = train.iter().map(|(_, (t, _))| t.as_str()).collect();
        let labels: Vec<&str> = train.iter().map(|(_, (_, l))| l.as_str()).collect();
        let model = Classifier::train(&texts, &labels, &TrainOptions::default()).unwrap();
        let texts: Vec<&str> = test.iter().map(|(_, (t, _))| t.as_str()).collect();
        let labels: Vec<&str> = test.iter().map(|(_, (_, l))| l.as_str()).collect();
        let report = evaluate(&model, &texts, &labels).unwrap();
        eprintln!(
            "seed {column}: accuracy={:.4} macro_f1={:.4}",
            report.accuracy, report.macro_f1
        );
        let chance = 1.0 / report.per_class.len() as f64;
        assert!(
            report.accuracy >= 3.0 * chance,
            "{column}: {}",
            report.render()
        );
    }
}
