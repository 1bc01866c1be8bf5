//! Dense features beside the n-grams: a model trained with an embedding per text reads it
//! when it predicts, records it in its file, and refuses an embedding that does not fit.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_classify::{Classifier, ClassifyError, DenseFeatures, Ensemble, TrainOptions};

fn spec() -> DenseFeatures {
    DenseFeatures {
        model: "test-embedding".into(),
        dimension: 4,
        weight: 2.0,
    }
}

fn options() -> TrainOptions {
    TrainOptions {
        buckets: 1 << 10,
        epochs: 30,
        calibration_fraction: 0.0,
        training_date: "2026-12-07".into(),
        ..TrainOptions::default()
    }
}

/// The texts say nothing (all the same words); only the embedding tells the labels apart,
/// as it does when a model trained on one language reads another.
fn data() -> (Vec<&'static str>, Vec<Vec<f32>>, Vec<&'static str>) {
    let mut texts = Vec::new();
    let mut vectors = Vec::new();
    let mut labels = Vec::new();
    for i in 0..40 {
        let noise = (i % 7) as f32 * 0.01;
        texts.push("прошу рассмотреть обращение");
        if i % 2 == 0 {
            vectors.push(vec![0.9 - noise, 0.1, 0.3 + noise, 0.2]);
            labels.push("heating");
        } else {
            vectors.push(vec![0.1, 0.9 - noise, 0.2, 0.3 + noise]);
            labels.push("roads");
        }
    }
    (texts, vectors, labels)
}

#[test]
fn the_embedding_decides_where_the_words_cannot() {
    let (texts, vectors, labels) = data();
    let model =
        Classifier::train_with_dense(&texts, &vectors, spec(), &labels, &options()).unwrap();
    assert_eq!(model.dense(), Some(&spec()));
    let heating = model
        .predict_with_dense("совсем другой текст", &[0.85, 0.12, 0.33, 0.2])
        .unwrap();
    let roads = model
        .predict_with_dense("совсем другой текст", &[0.12, 0.88, 0.2, 0.31])
        .unwrap();
    assert_eq!(
        (heating.label.as_str(), roads.label.as_str()),
        ("heating", "roads")
    );
    assert!(heating.confidence > 0.8, "{heating:?}");

    // The file keeps the dense rows and says which features were used.
    let reread = Classifier::from_bytes(&model.to_bytes()).unwrap();
    assert_eq!(reread, model);
    assert_eq!(
        reread.metadata().dense.as_ref().unwrap().model,
        "test-embedding"
    );
    assert_eq!(
        reread
            .predict_with_dense("совсем другой текст", &[0.85, 0.12, 0.33, 0.2])
            .unwrap(),
        heating
    );
}

#[test]
fn an_embedding_that_does_not_fit_is_refused() {
    let (texts, vectors, labels) = data();
    let dense =
        Classifier::train_with_dense(&texts, &vectors, spec(), &labels, &options()).unwrap();
    assert!(matches!(
        dense.predict_with_dense("текст", &[0.1, 0.2]),
        Err(ClassifyError::DenseMismatch(_))
    ));
    assert!(matches!(
        dense.predict_with_dense("текст", &[f32::NAN, 0.0, 0.0, 0.0]),
        Err(ClassifyError::DenseMismatch(_))
    ));
    let ngrams = Classifier::train(&texts, &labels, &options()).unwrap();
    assert!(ngrams.dense().is_none());
    assert!(matches!(
        ngrams.predict_with_dense("текст", &[0.1, 0.2, 0.3, 0.4]),
        Err(ClassifyError::DenseMismatch(_))
    ));
    // Too few embeddings, or one of the wrong size, fails training with a clear error.
    assert!(matches!(
        Classifier::train_with_dense(&texts, &vectors[1..], spec(), &labels, &options()),
        Err(ClassifyError::DenseMismatch(_))
    ));
    let mut short = vectors.clone();
    short[3] = vec![1.0];
    assert!(matches!(
        Classifier::train_with_dense(&texts, &short, spec(), &labels, &options()),
        Err(ClassifyError::DenseMismatch(_))
    ));
    // An ensemble shares n-gram rows only.
    assert!(matches!(
        Ensemble::new(&[&ngrams, &dense]),
        Err(ClassifyError::DenseMismatch(_))
    ));
}
