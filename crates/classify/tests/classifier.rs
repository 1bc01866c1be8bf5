//! Training, prediction, determinism and model files on the synthetic set.

#![allow(clippy::unwrap_used)] // test helpers outside #[test] functions

mod common;

use proptest::prelude::*;
use sheshim_classify::{
    Classifier, ClassifyError, FORMAT_VERSION, Features, Scratch, TrainOptions, evaluate,
};

fn options(seed: u64) -> TrainOptions {
    TrainOptions {
        seed,
        buckets: 1 << 18,
        training_date: "2026-02-01".into(),
        ..TrainOptions::default()
    }
}

fn trained(seed: u64) -> Classifier {
    let (train, _) = common::dataset();
    let texts: Vec<&str> = train.iter().map(|e| e.0.as_str()).collect();
    let labels: Vec<&str> = train.iter().map(|e| e.1).collect();
    Classifier::train(&texts, &labels, &options(seed)).unwrap()
}

#[test]
fn held_out_accuracy_per_language() {
    let model = trained(7);
    let (_, test) = common::dataset();
    for lang in ["kk", "ru", "en", "all"] {
        let sel: Vec<_> = test
            .iter()
            .filter(|e| lang == "all" || e.2 == lang)
            .collect();
        let texts: Vec<&str> = sel.iter().map(|e| e.0.as_str()).collect();
        let labels: Vec<&str> = sel.iter().map(|e| e.1).collect();
        let r = evaluate(&model, &texts, &labels).unwrap();
        println!("{lang}: {}", r.render().lines().last().unwrap());
        assert!(r.accuracy >= 0.9, "{lang}: {}", r.render());
    }
    let p = model.predict("Автобус сирек жүреді, аялдамада күтеміз");
    assert_eq!(p.label, "transport");
    assert_eq!(p.ranked.len(), 6);
    assert!((p.ranked.iter().map(|r| r.1).sum::<f64>() - 1.0).abs() < 1e-9);
    assert!(p.ranked.windows(2).all(|w| w[0].1 >= w[1].1));
    assert_eq!(p.confidence, p.ranked[0].1);
}

#[test]
fn shared_features_give_the_same_answer_as_predict() {
    let model = trained(7);
    let (_, test) = common::dataset();
    let mut features = Features::new();
    let mut scratch = Scratch::new();
    for (text, _, _) in test.iter().take(200) {
        features.extract(text, model.buckets(), &mut scratch);
        let p = model.predict(text);
        let (label, confidence) = model.top_of(&features).unwrap();
        assert_eq!((label, confidence), (p.label.as_str(), p.confidence));
        assert_eq!(
            model.probabilities_of(&features).unwrap(),
            model.probabilities(text)
        );
    }
    // Features hashed for another model size are refused, not silently misread.
    features.extract("дорога яма", 1 << 12, &mut scratch);
    assert_eq!(
        model.top_of(&features).unwrap_err(),
        ClassifyError::BucketMismatch {
            features: 1 << 12,
            model: 1 << 18
        }
    );
}

#[test]
fn metadata_records_the_run() {
    let model = trained(7);
    let m = model.metadata();
    assert_eq!(
        m.labels,
        [
            "health",
            "roads",
            "schools",
            "social",
            "transport",
            "utilities"
        ]
    );
    assert_eq!(m.training_date, "2026-02-01");
    assert_eq!(m.data_sha256.len(), 64);
    assert_eq!(m.training.examples, 288);
    assert!(m.training.calibration_examples > 0);
    let t = m.training.temperature;
    assert!(t.is_finite() && t > 0.0);
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let a = trained(11).to_bytes();
    assert_eq!(a, trained(11).to_bytes());
    assert_ne!(a, trained(12).to_bytes());
}

#[test]
fn model_round_trip() {
    let model = trained(3);
    let bytes = model.to_bytes();
    let back = Classifier::from_bytes(&bytes).unwrap();
    assert_eq!(back, model);
    assert_eq!(back.to_bytes(), bytes);
    let text = "в поликлинике очереди";
    assert_eq!(back.predict(text), model.predict(text));
}

#[test]
fn corrupt_model_bytes_are_errors() {
    let bytes = trained(3).to_bytes();
    assert_eq!(Classifier::from_bytes(b""), Err(ClassifyError::BadMagic));
    assert_eq!(
        Classifier::from_bytes(b"not a model at all"),
        Err(ClassifyError::BadMagic)
    );
    let mut v = bytes.clone();
    v[8] = 99;
    assert_eq!(
        Classifier::from_bytes(&v),
        Err(ClassifyError::UnsupportedVersion {
            found: 99,
            supported: FORMAT_VERSION
        })
    );
    for cut in [9, 10, 20, bytes.len() / 2, bytes.len() - 1] {
        assert!(matches!(
            Classifier::from_bytes(&bytes[..cut]),
            Err(ClassifyError::CorruptModel(_))
        ));
    }
    for pos in [12, 40, bytes.len() / 2, bytes.len() - 40, bytes.len() - 1] {
        let mut v = bytes.clone();
        v[pos] ^= 0x5a;
        assert!(matches!(
            Classifier::from_bytes(&v),
            Err(ClassifyError::CorruptModel(_))
        ));
    }
}

#[test]
fn other_feature_version_is_refused() {
    use sha2::{Digest, Sha256};
    let bytes = trained(3).to_bytes();
    let current = format!(
        "\"feature_version\":{}",
        sheshim_classify::features::FEATURE_VERSION
    );
    let pos = bytes
        .windows(current.len())
        .position(|w| w == current.as_bytes())
        .unwrap();
    // Version-1 and version-2 files (version 2 hashed Latin Kazakh as typed): the same
    // bytes with the old version and a valid checksum.
    for (old, digit) in [(1, b'1'), (2, b'2')] {
        let mut v = bytes[..bytes.len() - 32].to_vec();
        v[pos + current.len() - 1] = digit;
        let digest = Sha256::digest(&v);
        v.extend_from_slice(&digest);
        let err = Classifier::from_bytes(&v).unwrap_err();
        assert_eq!(
            err,
            ClassifyError::UnsupportedFeatureVersion {
                found: old,
                supported: sheshim_classify::features::FEATURE_VERSION
            }
        );
        assert!(err.to_string().contains("retrain"), "{err}");
    }
}

#[test]
fn kazakh_in_latin_letters_has_the_features_of_its_cyrillic() {
    let cyrillic = "Үш күн бойы жылу жоқ, балалар ауырып жатыр";
    let (mut scratch, mut want, mut got) = (Scratch::new(), Features::new(), Features::new());
    want.extract(cyrillic, 1 << 12, &mut scratch);
    for latin in [
        "Üş kün boiy jylu joq, balalar auyryp jatyr",
        "Úsh kún boıy jylý joq, balalar aýyryp jatyr",
        "Ush kun boiy zhylu zhok, balalar auyryp zhatyr",
    ] {
        got.extract(latin, 1 << 12, &mut scratch);
        assert_eq!(got, want, "{latin}");
    }
    // A model trained on Cyrillic reads the Latin spelling as the Cyrillic one.
    let model = trained(5);
    let p = model.probabilities(cyrillic);
    assert_eq!(
        model.probabilities("Ush kun boiy zhylu zhok, balalar auyryp zhatyr"),
        p
    );
}

#[test]
fn bad_training_input_is_rejected() {
    let o = options(1);
    assert_eq!(Classifier::train(&[], &[], &o), Err(ClassifyError::Empty));
    assert!(matches!(
        Classifier::train(&["a"], &["x", "y"], &o),
        Err(ClassifyError::LengthMismatch {
            texts: 1,
            labels: 2
        })
    ));
    assert_eq!(
        Classifier::train(&["a", "b"], &["x", "x"], &o),
        Err(ClassifyError::TooFewLabels(1))
    );
    assert_eq!(
        Classifier::train(&["a", "b"], &["x", ""], &o),
        Err(ClassifyError::EmptyLabel(1))
    );
    let bad = TrainOptions {
        buckets: 1000,
        ..o.clone()
    };
    assert!(matches!(
        Classifier::train(&["a", "b"], &["x", "y"], &bad),
        Err(ClassifyError::InvalidOption(_))
    ));
    // Tiny sets train without calibration.
    let m = Classifier::train(&["a", "b"], &["x", "y"], &o).unwrap();
    assert_eq!(m.metadata().training.calibration_examples, 0);
    assert_eq!(m.predict("").ranked.len(), 2);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]
    #[test]
    fn predict_never_panics(text in ".{0,300}") {
        let model = small_model();
        let p = model.predict(&text);
        prop_assert!(p.confidence.is_finite() && p.confidence > 0.0 && p.confidence <= 1.0);
    }

    #[test]
    fn from_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = Classifier::from_bytes(&bytes);
    }
}

fn small_model() -> Classifier {
    use std::sync::OnceLock;
    static M: OnceLock<Classifier> = OnceLock::new();
    M.get_or_init(|| {
        let o = TrainOptions {
            buckets: 1 << 12,
            epochs: 3,
            ..TrainOptions::default()
        };
        Classifier::train(
            &[
                "жол шұңқыр",
                "дорога яма",
                "школа учитель",
                "мектеп мұғалім",
            ],
            &["r", "r", "s", "s"],
            &o,
        )
        .unwrap()
    })
    .clone()
}

#[test]
fn an_ensemble_answers_exactly_as_its_models() {
    use sheshim_classify::Ensemble;
    let (train, test) = common::dataset();
    let texts: Vec<&str> = train.iter().map(|e| e.0.as_str()).collect();
    let by_topic: Vec<&str> = train.iter().map(|e| e.1).collect();
    let by_language: Vec<&str> = train.iter().map(|e| e.2).collect();
    let topic = Classifier::train(&texts, &by_topic, &options(3)).unwrap();
    let language = Classifier::train(&texts, &by_language, &options(4)).unwrap();
    let ensemble = Ensemble::new(&[&topic, &language]).unwrap();
    assert_eq!(ensemble.len(), 2);
    let (mut features, mut scratch, mut out) = (Features::new(), Scratch::new(), Vec::new());
    for (text, _, _) in test.iter().take(300) {
        features.extract(text, ensemble.buckets(), &mut scratch);
        ensemble.top(&features, &mut out).unwrap();
        for (head, model) in [&topic, &language].into_iter().enumerate() {
            let (label, p) = model.top_of(&features).unwrap();
            assert_eq!(
                (ensemble.labels(head)[out[head].0].as_str(), out[head].1),
                (label, p)
            );
        }
    }
    // Models over other bucket counts cannot be fused, and features must match the buckets.
    let small = Classifier::train(
        &texts,
        &by_topic,
        &TrainOptions {
            buckets: 1 << 12,
            ..options(5)
        },
    )
    .unwrap();
    assert!(matches!(
        Ensemble::new(&[&topic, &small]),
        Err(ClassifyError::BucketMismatch { .. })
    ));
    assert!(matches!(Ensemble::new(&[]), Err(ClassifyError::Empty)));
    features.extract("дорога", 1 << 12, &mut scratch);
    assert!(ensemble.top(&features, &mut out).is_err());
}
