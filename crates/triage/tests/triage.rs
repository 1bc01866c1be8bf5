//! Triage of appeals written for this test: language and script, personal data masked
//! (and never repeated), classifier labels with confidences, urgency by the date of
//! receipt, and clear errors for texts that cannot be triaged.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use sheshim_domain::{AppealText, Language, Script};
use sheshim_triage::{Models, SEED_CORPUS, Triage};
use sheshim_urgency::Urgency;
use std::sync::LazyLock;

static TRIAGE: LazyLock<Triage> = LazyLock::new(|| Triage::seed().unwrap());

fn winter() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 15).unwrap()
}

/// The checked text triage takes, as the server parses it.
fn appeal(text: &str) -> AppealText {
    AppealText::parse(text).unwrap()
}

#[test]
fn personal_data_is_masked_and_language_found() {
    let iin = sheshim_domain::with_check_digit("85011531000").unwrap();
    let text = format!(
        "Здравствуйте! Меня зовут Асель Нурланова, ИИН {iin}, телефон +7 701 555 44 33. \
         В нашем доме третий день нет отопления, в квартире маленькие дети."
    );
    let triaged = TRIAGE.triage(&appeal(&text), winter()).unwrap();
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
    let in_winter = TRIAGE.triage(&appeal(text), winter()).unwrap();
    assert_eq!(
        (in_winter.language, in_winter.script),
        (Language::Kk, Script::Latin)
    );
    let in_summer = TRIAGE
        .triage(&appeal(text), NaiveDate::from_ymd_opt(2026, 7, 1).unwrap())
        .unwrap();
    assert!(
        in_winter.urgency <= in_summer.urgency,
        "winter must not be less urgent"
    );
}

#[test]
fn a_text_without_letters_is_a_clear_error() {
    // Empty, over-long and control-character texts cannot reach triage: `AppealText` refuses
    // them when the request is parsed.
    let error = TRIAGE
        .triage(&appeal("12345 678"), winter())
        .unwrap_err()
        .to_string();
    assert!(error.contains("no letters"), "{error}");
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
        let options = TrainOptions {
            buckets: sheshim_triage::SEED_BUCKETS,
            ..TrainOptions::default()
        };
        let model = Classifier::train(&texts, &labels, &options).unwrap();
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

/// A toy urgency model graded in Russian, as agencies' own histories are.
fn urgency_model(labels: [&str; 2]) -> sheshim_classify::Classifier {
    use sheshim_classify::{Classifier, TrainOptions};
    let texts = [
        "прошу срочно помочь, ситуация очень тяжёлая",
        "срочно нужна помощь, дело не терпит отлагательства",
        "прошу дать справку о графике работы библиотеки",
        "хочу узнать расписание приёма в акимате",
    ];
    let options = TrainOptions {
        buckets: 1 << 12,
        ..TrainOptions::default()
    };
    Classifier::train(
        &texts,
        &[labels[0], labels[0], labels[1], labels[1]],
        &options,
    )
    .unwrap()
}

#[test]
fn an_urgency_model_grades_but_never_silences_a_rule() {
    let models = Models {
        urgency: Some(urgency_model(["высокая", "низкая"])),
        ..Models::seed().unwrap()
    };
    let triage = Triage::new(&models).unwrap();
    // No rule fires: the model's grading stands, including "low".
    let calm = triage
        .triage(
            &appeal("Хочу узнать расписание приёма граждан в акимате района."),
            winter(),
        )
        .unwrap();
    assert!(calm.urgency_rules.is_empty());
    assert_eq!(calm.urgency_model.map(|m| m.0), Some(Urgency::Low));
    assert_eq!(calm.urgency, Urgency::Low);
    // A rule fires (fire, a threat to life) while the model sees nothing urgent: the rule wins.
    let fire = triage
        .triage(
            &appeal(
                "Хочу узнать расписание приёма, а в подъезде сейчас пожар, угроза жизни людей.",
            ),
            winter(),
        )
        .unwrap();
    assert!(!fire.urgency_rules.is_empty());
    assert_eq!(fire.urgency, Urgency::Immediate);
    // Without rules the model may raise the level above normal.
    let pressing = triage
        .triage(
            &appeal("Прошу срочно помочь, ситуация очень тяжёлая."),
            winter(),
        )
        .unwrap();
    assert_eq!(pressing.urgency, Urgency::High);
    assert!(pressing.urgency_confidence > 0.5);
}

#[test]
fn an_urgency_model_with_other_labels_is_refused() {
    let models = Models {
        urgency: Some(urgency_model(["roads", "schools"])),
        ..Models::seed().unwrap()
    };
    let error = Triage::new(&models).err().unwrap().to_string();
    assert!(
        error.contains("\"roads\"") && error.contains("not an urgency level"),
        "{error}"
    );
}

#[test]
fn shared_features_give_each_models_own_prediction() {
    // Triage extracts the masked text's features once for all models; each label must be
    // what that model predicts on its own, whatever the previous appeal on the thread was.
    use sheshim_classify::{Classifier, TrainOptions, read_labeled_csv};
    let model = |column: &str, buckets: u32| {
        let pairs = read_labeled_csv(SEED_CORPUS, "text", column).unwrap();
        let texts: Vec<&str> = pairs.iter().map(|(t, _)| t.as_str()).collect();
        let labels: Vec<&str> = pairs.iter().map(|(_, l)| l.as_str()).collect();
        let options = TrainOptions {
            buckets,
            ..TrainOptions::default()
        };
        Classifier::train(&texts, &labels, &options).unwrap()
    };
    // The topic model hashes into fewer buckets, so triage must extract twice.
    let (kind, topic, agency) = (
        model("kind", 1 << 18),
        model("topic", 1 << 14),
        model("agency", 1 << 18),
    );
    let triage = Triage::new(&Models {
        kind: kind.clone(),
        topic: topic.clone(),
        agency: agency.clone(),
        urgency: None,
    })
    .unwrap();
    let pairs = read_labeled_csv(SEED_CORPUS, "text", "kind").unwrap();
    for (text, _) in pairs.iter().step_by(7) {
        let triaged = triage.triage(&appeal(text), winter()).unwrap();
        for (label, model) in [
            (&triaged.kind, &kind),
            (&triaged.topic, &topic),
            (&triaged.agency, &agency),
        ] {
            let own = model.predict(&triaged.masked_text);
            assert_eq!(
                (label.value.as_str(), label.confidence),
                (own.label.as_str(), own.confidence)
            );
        }
    }
}

#[test]
fn each_urgency_rule_is_named_once() {
    // A winter outage, an outage, and the winter outage again: the rules fire in that order.
    let triaged = TRIAGE
        .triage(
            &appeal(
                "В нашем доме уже третью неделю нет горячей воды, управляющая компания не \
                 отвечает на звонки, дети и пожилые соседи моются холодной водой.",
            ),
            winter(),
        )
        .unwrap();
    assert!(!triaged.urgency_rules.is_empty());
    let mut seen = std::collections::HashSet::new();
    for rule in &triaged.urgency_rules {
        assert!(seen.insert(rule.code()), "{:?}", triaged.urgency_rules);
    }
}
