//! The classifier: training (softmax regression by SGD) and prediction.

use std::cell::RefCell;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::calibrate::fit_temperature;
use crate::error::ClassifyError;
use crate::features::{FEATURE_VERSION, Features, Scratch, vectorize};
use crate::rng::Rng;

/// Training options. All fields are stored in the model's metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainOptions {
    /// Seed for shuffling and the calibration split.
    pub seed: u64,
    /// Passes over the training data (1..=1000).
    pub epochs: u32,
    /// Number of hash buckets; a power of two from 2^10 to 2^24.
    pub buckets: u32,
    /// Initial SGD step size (> 0); the step decays as `lr / (1 + lr·l2·t)`.
    pub learning_rate: f64,
    /// L2 regularisation strength (>= 0), per example.
    pub l2: f64,
    /// Share of the data held out to fit the temperature (0 to 0.5); no
    /// calibration (temperature 1) when 0 or when the slice would be tiny.
    pub calibration_fraction: f64,
    /// The training date, as the caller wants it recorded (e.g. `2026-01-31`).
    pub training_date: String,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            seed: 42,
            epochs: 10,
            buckets: 1 << 18,
            learning_rate: 0.5,
            l2: 1e-6,
            calibration_fraction: 0.1,
            training_date: String::new(),
        }
    }
}

impl TrainOptions {
    fn validate(&self) -> Result<(), ClassifyError> {
        let bad = |m: &str| Err(ClassifyError::InvalidOption(m.to_string()));
        if !(self.buckets.is_power_of_two() && (1 << 10..=1 << 24).contains(&self.buckets)) {
            return bad("buckets must be a power of two from 2^10 to 2^24");
        }
        if !(1..=1000).contains(&self.epochs) {
            return bad("epochs must be 1..=1000");
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return bad("learning_rate must be finite and > 0");
        }
        if !(self.l2.is_finite() && self.l2 >= 0.0) {
            return bad("l2 must be finite and >= 0");
        }
        if !(0.0..=0.5).contains(&self.calibration_fraction) {
            return bad("calibration_fraction must be in 0..=0.5");
        }
        Ok(())
    }
}

/// Figures about the training run, stored in the metadata.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TrainingFigures {
    /// Number of training examples.
    pub examples: usize,
    /// Examples per label, in label order.
    pub per_label: Vec<(String, usize)>,
    /// Size of the held-out calibration slice (0 if none).
    pub calibration_examples: usize,
    /// Accuracy of the 90 % model on the calibration slice, if any.
    pub calibration_accuracy: Option<f64>,
    /// Mean negative log-likelihood on the slice before scaling.
    pub calibration_nll_before: Option<f64>,
    /// Mean negative log-likelihood on the slice after scaling.
    pub calibration_nll_after: Option<f64>,
    /// Fitted softmax temperature (1 means uncalibrated).
    pub temperature: f64,
    /// Accuracy of the final model on its own training data.
    pub training_accuracy: f64,
}

/// What a model file says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelMetadata {
    /// Always `sheshim-classify`.
    pub kind: String,
    /// Version of the feature scheme.
    pub feature_version: u32,
    /// The labels, sorted; the model's class order.
    pub labels: Vec<String>,
    /// SHA-256 (hex) over the training texts and labels, each length-prefixed.
    pub data_sha256: String,
    /// Training date, as given.
    pub training_date: String,
    /// The options used.
    pub options: TrainOptions,
    /// Figures from training.
    pub training: TrainingFigures,
    /// The dense features (a sentence embedding) the model reads beside its n-grams;
    /// `None` for a model of n-grams alone (and for every model written before they existed).
    #[serde(default)]
    pub dense: Option<DenseFeatures>,
}

/// The dense features a model was trained with: a sentence embedding of the text, whose
/// components join the hashed n-grams as extra rows after the buckets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DenseFeatures {
    /// The embedding model that made them, e.g. `multilingual-e5-small`; the same model must
    /// embed the texts the classifier later reads.
    pub model: String,
    /// Their dimension.
    pub dimension: u32,
    /// The factor each component is multiplied by before it joins the n-grams (whose vector
    /// has unit length, as the embedding has).
    pub weight: f32,
}

impl DenseFeatures {
    /// Appends the embedding to an n-gram vector hashed into `buckets`.
    fn append(&self, buckets: u32, embedding: &[f32], x: &mut Sparse) -> Result<(), ClassifyError> {
        if embedding.len() != self.dimension as usize {
            return Err(ClassifyError::DenseMismatch(format!(
                "the model reads {} dimensions of {}, the embedding has {}",
                self.dimension,
                self.model,
                embedding.len()
            )));
        }
        if embedding.iter().any(|v| !v.is_finite()) {
            return Err(ClassifyError::DenseMismatch(
                "a component is not finite".into(),
            ));
        }
        x.extend(
            embedding
                .iter()
                .enumerate()
                .map(|(i, &v)| (buckets + i as u32, v * self.weight)),
        );
        Ok(())
    }
}

/// One prediction.
#[derive(Debug, Clone, PartialEq)]
pub struct Prediction {
    /// The most probable label.
    pub label: String,
    /// Its calibrated probability.
    pub confidence: f64,
    /// Every label with its probability, most probable first.
    pub ranked: Vec<(String, f64)>,
}

/// A trained softmax classifier over hashed n-gram features.
#[derive(Debug, Clone, PartialEq)]
pub struct Classifier {
    pub(crate) meta: ModelMetadata,
    /// Row-major `[row][class]` weights: one row per bucket, then one per dense dimension.
    pub(crate) weights: Vec<f32>,
    pub(crate) bias: Vec<f32>,
}

type Sparse = Vec<(u32, f32)>;

/// Hash of the training data: for each example, length-prefixed text then label.
fn data_sha256(texts: &[&str], labels: &[&str]) -> String {
    let mut h = Sha256::new();
    for (t, l) in texts.iter().zip(labels) {
        h.update((t.len() as u64).to_le_bytes());
        h.update(t.as_bytes());
        h.update((l.len() as u64).to_le_bytes());
        h.update(l.as_bytes());
    }
    hex::encode(h.finalize())
}

/// Raw (untempered) class scores.
pub(crate) fn scores(weights: &[f32], bias: &[f32], x: &[(u32, f32)], out: &mut Vec<f64>) {
    let k = bias.len();
    out.clear();
    out.extend(bias.iter().map(|&b| f64::from(b)));
    let mut stack = [0f32; 32];
    let mut heap = Vec::new();
    let acc: &mut [f32] = if k <= stack.len() {
        &mut stack[..k]
    } else {
        heap.resize(k, 0f32);
        &mut heap
    };
    for &(j, v) in x {
        let row = &weights[j as usize * k..j as usize * k + k];
        for (a, w) in acc.iter_mut().zip(row) {
            *a += v * w;
        }
    }
    for (o, a) in out.iter_mut().zip(acc.iter()) {
        *o += f64::from(*a);
    }
}

/// In-place softmax of `z / t`.
pub(crate) fn softmax(z: &mut [f64], t: f64) {
    let m = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let mut sum = 0.0;
    for v in z.iter_mut() {
        *v = ((*v - m) / t).exp();
        sum += *v;
    }
    for v in z.iter_mut() {
        *v /= sum;
    }
}

pub(crate) fn argmax(z: &[f64]) -> usize {
    let mut best = 0;
    for (i, &v) in z.iter().enumerate() {
        if v > z[best] {
            best = i;
        }
    }
    best
}

/// Trains softmax regression by SGD on the given examples.
fn sgd(
    xs: &[Sparse],
    ys: &[usize],
    k: usize,
    rows: usize,
    o: &TrainOptions,
) -> (Vec<f32>, Vec<f32>) {
    let mut w = vec![0f32; rows * k];
    let mut b = vec![0f32; k];
    let mut scale = 1.0f64;
    let mut rng = Rng::new(o.seed ^ 0x5EED_0F5E_ED00);
    let mut order: Vec<usize> = (0..xs.len()).collect();
    let mut z = Vec::with_capacity(k);
    let mut g = vec![0f32; k];
    let mut t = 0f64;
    for _ in 0..o.epochs {
        rng.shuffle(&mut order);
        for &i in &order {
            let eta = o.learning_rate / (1.0 + o.learning_rate * o.l2 * t);
            t += 1.0;
            scores(&w, &b, &xs[i], &mut z);
            // Scores used `w` without the scale: correct for it.
            for (zc, &bc) in z.iter_mut().zip(&b) {
                *zc = f64::from(bc) + (*zc - f64::from(bc)) * scale;
            }
            softmax(&mut z, 1.0);
            for (c, gc) in g.iter_mut().enumerate() {
                let y = if c == ys[i] { 1.0 } else { 0.0 };
                *gc = (z[c] - y) as f32;
            }
            scale *= 1.0 - eta * o.l2;
            if scale < 1e-6 {
                w.iter_mut().for_each(|v| *v *= scale as f32);
                scale = 1.0;
            }
            let step = (eta / scale) as f32;
            for &(j, v) in &xs[i] {
                let row = &mut w[j as usize * k..j as usize * k + k];
                let sv = step * v;
                for (wc, gc) in row.iter_mut().zip(&g) {
                    *wc -= sv * gc;
                }
            }
            for (bc, gc) in b.iter_mut().zip(&g) {
                *bc -= eta as f32 * gc;
            }
        }
    }
    if scale != 1.0 {
        w.iter_mut().for_each(|v| *v *= scale as f32);
    }
    (w, b)
}

impl Classifier {
    /// Trains a classifier on `texts` with gold `labels` (same length).
    ///
    /// Deterministic: the same data and options give the same model bytes.
    pub fn train(
        texts: &[&str],
        labels: &[&str],
        options: &TrainOptions,
    ) -> Result<Classifier, ClassifyError> {
        Classifier::train_inner(texts, None, labels, options)
    }

    /// Trains a classifier that reads each text's embedding beside its n-grams:
    /// `embeddings[i]` is the embedding of `texts[i]` by the model `dense` names.
    ///
    /// # Errors
    ///
    /// As [`Classifier::train`], and [`ClassifyError::DenseMismatch`] when an embedding is
    /// missing, of another dimension or not finite.
    pub fn train_with_dense(
        texts: &[&str],
        embeddings: &[Vec<f32>],
        dense: DenseFeatures,
        labels: &[&str],
        options: &TrainOptions,
    ) -> Result<Classifier, ClassifyError> {
        if embeddings.len() != texts.len() {
            return Err(ClassifyError::DenseMismatch(format!(
                "{} texts but {} embeddings",
                texts.len(),
                embeddings.len()
            )));
        }
        if !(dense.weight.is_finite() && dense.weight > 0.0) || dense.dimension == 0 {
            return Err(ClassifyError::InvalidOption(
                "dense features need a dimension and a finite positive weight".into(),
            ));
        }
        Classifier::train_inner(texts, Some((&dense, embeddings)), labels, options)
    }

    fn train_inner(
        texts: &[&str],
        dense: Option<(&DenseFeatures, &[Vec<f32>])>,
        labels: &[&str],
        options: &TrainOptions,
    ) -> Result<Classifier, ClassifyError> {
        options.validate()?;
        check_pairs(texts, labels)?;
        if let Some(i) = labels.iter().position(|l| l.is_empty()) {
            return Err(ClassifyError::EmptyLabel(i));
        }
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for l in labels {
            *counts.entry(l).or_default() += 1;
        }
        if counts.len() < 2 {
            return Err(ClassifyError::TooFewLabels(counts.len()));
        }
        let names: Vec<String> = counts.keys().map(|s| s.to_string()).collect();
        let index: BTreeMap<&str, usize> =
            counts.keys().enumerate().map(|(i, &s)| (s, i)).collect();
        let k = names.len();
        let ys: Vec<usize> = labels.iter().map(|l| index[l]).collect();
        let mut scratch = Scratch::default();
        let xs: Vec<Sparse> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut v = Vec::new();
                vectorize(t, options.buckets, &mut scratch, &mut v);
                if let Some((spec, embeddings)) = dense {
                    spec.append(options.buckets, &embeddings[i], &mut v)?;
                }
                Ok(v)
            })
            .collect::<Result<_, ClassifyError>>()?;
        let rows = options.buckets as usize + dense.map_or(0, |(spec, _)| spec.dimension as usize);

        // Calibration: hold out a seeded slice, train on the rest, fit T.
        let n_cal = (texts.len() as f64 * options.calibration_fraction).round() as usize;
        let mut cal = (None, None, None);
        let mut temperature = 1.0;
        let n_cal = if n_cal >= 20 && texts.len() - n_cal >= 2 * k {
            n_cal
        } else {
            0
        };
        if n_cal > 0 {
            let mut perm: Vec<usize> = (0..texts.len()).collect();
            Rng::new(options.seed ^ 0xCA11_B8A7_E000).shuffle(&mut perm);
            let (held, rest) = perm.split_at(n_cal);
            let rx: Vec<Sparse> = rest.iter().map(|&i| xs[i].clone()).collect();
            let ry: Vec<usize> = rest.iter().map(|&i| ys[i]).collect();
            let (w, b) = sgd(&rx, &ry, k, rows, options);
            let mut z = Vec::new();
            let logits: Vec<(Vec<f64>, usize)> = held
                .iter()
                .map(|&i| {
                    scores(&w, &b, &xs[i], &mut z);
                    (z.clone(), ys[i])
                })
                .collect();
            let fit = fit_temperature(&logits);
            temperature = fit.temperature;
            cal = (
                Some(fit.accuracy),
                Some(fit.nll_before),
                Some(fit.nll_after),
            );
        }

        let (weights, bias) = sgd(&xs, &ys, k, rows, options);
        let mut z = Vec::new();
        let correct = xs
            .iter()
            .zip(&ys)
            .filter(|(x, y)| {
                scores(&weights, &bias, x, &mut z);
                argmax(&z) == **y
            })
            .count();
        let training = TrainingFigures {
            examples: texts.len(),
            per_label: counts.iter().map(|(l, c)| (l.to_string(), *c)).collect(),
            calibration_examples: n_cal,
            calibration_accuracy: cal.0,
            calibration_nll_before: cal.1,
            calibration_nll_after: cal.2,
            temperature,
            training_accuracy: correct as f64 / texts.len() as f64,
        };
        let meta = ModelMetadata {
            kind: "sheshim-classify".to_string(),
            feature_version: FEATURE_VERSION,
            labels: names,
            data_sha256: data_sha256(texts, labels),
            training_date: options.training_date.clone(),
            options: options.clone(),
            training,
            dense: dense.map(|(spec, _)| spec.clone()),
        };
        Ok(Classifier {
            meta,
            weights,
            bias,
        })
    }

    /// The model's metadata.
    pub fn metadata(&self) -> &ModelMetadata {
        &self.meta
    }

    /// The dense features the model reads beside its n-grams, if any.
    pub fn dense(&self) -> Option<&DenseFeatures> {
        self.meta.dense.as_ref()
    }

    /// The number of weight rows: the buckets, then the dense dimensions.
    pub(crate) fn rows(&self) -> usize {
        self.meta.options.buckets as usize
            + self.meta.dense.as_ref().map_or(0, |d| d.dimension as usize)
    }

    /// Classifies a text with its embedding, for a model trained with dense features.
    ///
    /// # Errors
    ///
    /// [`ClassifyError::DenseMismatch`] when the model has no dense features or the
    /// embedding does not fit them.
    pub fn predict_with_dense(
        &self,
        text: &str,
        embedding: &[f32],
    ) -> Result<Prediction, ClassifyError> {
        let dense =
            self.meta.dense.as_ref().ok_or_else(|| {
                ClassifyError::DenseMismatch("the model reads n-grams alone".into())
            })?;
        let mut scratch = Scratch::new();
        let mut x = Vec::new();
        vectorize(text, self.meta.options.buckets, &mut scratch, &mut x);
        dense.append(self.meta.options.buckets, embedding, &mut x)?;
        Ok(self.prediction(self.calibrated(&x)))
    }

    /// The labels, in class order.
    pub fn labels(&self) -> &[String] {
        &self.meta.labels
    }

    /// Calibrated class probabilities in label order.
    ///
    /// Reuses a per-thread [`Scratch`]; see [`Classifier::probabilities_with`]
    /// to pass one explicitly.
    pub fn probabilities(&self, text: &str) -> Vec<f64> {
        thread_local! {
            static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::new());
        }
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => self.probabilities_with(text, &mut s),
            Err(_) => self.probabilities_with(text, &mut Scratch::new()),
        })
    }

    /// [`Classifier::probabilities`] with caller-owned buffers: once `scratch`
    /// has grown to the text's size, feature extraction allocates nothing.
    pub fn probabilities_with(&self, text: &str, scratch: &mut Scratch) -> Vec<f64> {
        let mut x = std::mem::take(&mut scratch.features);
        vectorize(text, self.meta.options.buckets, scratch, &mut x);
        let z = self.calibrated(&x);
        scratch.features = x;
        z
    }

    /// Calibrated probabilities of a feature vector hashed into this model's buckets.
    fn calibrated(&self, x: &[(u32, f32)]) -> Vec<f64> {
        let mut z = Vec::with_capacity(self.bias.len());
        scores(&self.weights, &self.bias, x, &mut z);
        softmax(&mut z, self.meta.training.temperature);
        z
    }

    /// The number of hash buckets the model reads; extract [`Features`] with it.
    pub fn buckets(&self) -> u32 {
        self.meta.options.buckets
    }

    /// Calibrated class probabilities, in label order, of features extracted beforehand.
    ///
    /// # Errors
    ///
    /// [`ClassifyError::BucketMismatch`] when the features were hashed into another number
    /// of buckets than the model's.
    pub fn probabilities_of(&self, features: &Features) -> Result<Vec<f64>, ClassifyError> {
        self.check_buckets(features)?;
        Ok(self.calibrated(features.vector()))
    }

    /// The most probable label of features extracted beforehand, with its calibrated
    /// probability. Unlike [`Classifier::predict`] it builds no ranking, so it allocates
    /// nothing but the score buffer.
    ///
    /// # Errors
    ///
    /// [`ClassifyError::BucketMismatch`], as for [`Classifier::probabilities_of`].
    pub fn top_of(&self, features: &Features) -> Result<(&str, f64), ClassifyError> {
        let p = self.probabilities_of(features)?;
        let best = argmax(&p);
        Ok((self.meta.labels[best].as_str(), p[best]))
    }

    fn check_buckets(&self, features: &Features) -> Result<(), ClassifyError> {
        if features.buckets() == self.buckets() {
            Ok(())
        } else {
            Err(ClassifyError::BucketMismatch {
                features: features.buckets(),
                model: self.buckets(),
            })
        }
    }

    /// Classifies `text`. Never panics; an empty text gets the prior-like
    /// answer given by the biases alone. A model trained with dense features reads only
    /// its n-grams here; give it the embedding with [`Classifier::predict_with_dense`].
    pub fn predict(&self, text: &str) -> Prediction {
        self.prediction(self.probabilities(text))
    }

    /// [`Classifier::predict`] with caller-owned buffers (see
    /// [`Classifier::probabilities_with`]).
    pub fn predict_with(&self, text: &str, scratch: &mut Scratch) -> Prediction {
        self.prediction(self.probabilities_with(text, scratch))
    }

    fn prediction(&self, p: Vec<f64>) -> Prediction {
        let mut ranked: Vec<(String, f64)> = self.meta.labels.iter().cloned().zip(p).collect();
        // Stable sort: ties keep label order.
        ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
        let (label, confidence) = ranked[0].clone();
        Prediction {
            label,
            confidence,
            ranked,
        }
    }
}

/// Texts and labels must pair up one to one, and there must be some.
pub(crate) fn check_pairs(texts: &[&str], labels: &[&str]) -> Result<(), ClassifyError> {
    if texts.len() != labels.len() {
        return Err(ClassifyError::LengthMismatch {
            texts: texts.len(),
            labels: labels.len(),
        });
    }
    if texts.is_empty() {
        return Err(ClassifyError::Empty);
    }
    Ok(())
}
