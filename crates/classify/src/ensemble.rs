//! Several classifiers over the same features, scored in one pass.
//!
//! Scoring a sparse vector is a walk over weight rows picked at random by the hashed
//! buckets, so its cost is memory latency, not arithmetic: with separate models each
//! feature costs one cache miss per model. An [`Ensemble`] interleaves the models' weights
//! bucket by bucket (`[bucket][model 1 classes, model 2 classes, …]`), so each feature costs
//! one miss for all of them, its row spanning adjacent cache lines. Answers are exactly
//! those of the separate models: the same weights are added in the same order.

use crate::error::ClassifyError;
use crate::features::Features;
use crate::model::{Classifier, argmax, softmax};

/// One model's place in the interleaved rows.
#[derive(Debug, Clone)]
struct Head {
    offset: usize,
    labels: Vec<String>,
    bias: Vec<f32>,
    temperature: f64,
}

/// Classifiers with the same number of buckets, fused for scoring.
#[derive(Debug, Clone)]
pub struct Ensemble {
    buckets: u32,
    /// Classes of all models together: the length of one interleaved row.
    width: usize,
    /// Row-major `[bucket][width]` weights.
    weights: Vec<f32>,
    heads: Vec<Head>,
}

impl Ensemble {
    /// Fuses `models`, which must hash into the same number of buckets.
    ///
    /// # Errors
    ///
    /// [`ClassifyError::Empty`] without models, and [`ClassifyError::BucketMismatch`] when a
    /// model's buckets differ from the first model's.
    pub fn new(models: &[&Classifier]) -> Result<Ensemble, ClassifyError> {
        let first = models.first().ok_or(ClassifyError::Empty)?;
        if models.iter().any(|m| m.dense().is_some()) {
            return Err(ClassifyError::DenseMismatch(
                "an ensemble fuses n-gram models only".into(),
            ));
        }
        let buckets = first.buckets();
        if let Some(other) = models.iter().find(|m| m.buckets() != buckets) {
            return Err(ClassifyError::BucketMismatch {
                features: other.buckets(),
                model: buckets,
            });
        }
        let width: usize = models.iter().map(|m| m.bias.len()).sum();
        let mut weights = Vec::with_capacity(buckets as usize * width);
        for bucket in 0..buckets as usize {
            for model in models {
                let k = model.bias.len();
                weights.extend_from_slice(&model.weights[bucket * k..bucket * k + k]);
            }
        }
        let mut offset = 0;
        let heads = models
            .iter()
            .map(|model| {
                let head = Head {
                    offset,
                    labels: model.labels().to_vec(),
                    bias: model.bias.clone(),
                    temperature: model.meta.training.temperature,
                };
                offset += model.bias.len();
                head
            })
            .collect();
        Ok(Ensemble {
            buckets,
            width,
            weights,
            heads,
        })
    }

    /// The number of buckets every model reads.
    pub fn buckets(&self) -> u32 {
        self.buckets
    }

    /// The number of fused models.
    pub fn len(&self) -> usize {
        self.heads.len()
    }

    /// Whether there are no models (never true for an ensemble built by [`Ensemble::new`]).
    pub fn is_empty(&self) -> bool {
        self.heads.is_empty()
    }

    /// The labels of model `head`, in class order.
    pub fn labels(&self, head: usize) -> &[String] {
        &self.heads[head].labels
    }

    /// Each model's most probable class (an index into [`Ensemble::labels`]) with its
    /// calibrated probability, in model order, written to `out`.
    ///
    /// # Errors
    ///
    /// [`ClassifyError::BucketMismatch`] when the features were hashed into another number
    /// of buckets.
    pub fn top(
        &self,
        features: &Features,
        out: &mut Vec<(usize, f64)>,
    ) -> Result<(), ClassifyError> {
        if features.buckets() != self.buckets {
            return Err(ClassifyError::BucketMismatch {
                features: features.buckets(),
                model: self.buckets,
            });
        }
        let mut acc = vec![0f32; self.width];
        for &(j, v) in features.vector() {
            let row = &self.weights[j as usize * self.width..(j as usize + 1) * self.width];
            for (a, w) in acc.iter_mut().zip(row) {
                *a += v * w;
            }
        }
        out.clear();
        let mut z = Vec::new();
        for head in &self.heads {
            let k = head.bias.len();
            z.clear();
            z.extend(
                head.bias
                    .iter()
                    .zip(&acc[head.offset..head.offset + k])
                    .map(|(&b, &a)| f64::from(b) + f64::from(a)),
            );
            softmax(&mut z, head.temperature);
            let best = argmax(&z);
            out.push((best, z[best]));
        }
        Ok(())
    }
}
