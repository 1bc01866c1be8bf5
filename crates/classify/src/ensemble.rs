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

/// Classes added together by one step of the scoring loop.
const LANE: usize = 4;

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
    /// 4-class lanes of one interleaved row: the classes of all models together, rounded up.
    lanes: usize,
    /// Row-major `[bucket][lanes]` weights, each row the models' classes padded with zeros
    /// to a whole number of lanes, which the scoring loop adds four classes at a time.
    weights: Vec<[f32; LANE]>,
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
        let lanes = width.div_ceil(LANE);
        let mut weights = Vec::with_capacity(buckets as usize * lanes);
        let mut row = Vec::with_capacity(lanes * LANE);
        for bucket in 0..buckets as usize {
            row.clear();
            for model in models {
                let k = model.bias.len();
                row.extend_from_slice(&model.weights[bucket * k..bucket * k + k]);
            }
            row.resize(lanes * LANE, 0.0);
            weights.extend(row.chunks_exact(LANE).map(|lane| {
                let mut out = [0.0; LANE];
                out.copy_from_slice(lane);
                out
            }));
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
            lanes,
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
        let vector = features.vector();
        let acc = match self.lanes {
            1 => accumulate::<1>(&self.weights, vector),
            2 => accumulate::<2>(&self.weights, vector),
            3 => accumulate::<3>(&self.weights, vector),
            4 => accumulate::<4>(&self.weights, vector),
            5 => accumulate::<5>(&self.weights, vector),
            6 => accumulate::<6>(&self.weights, vector),
            7 => accumulate::<7>(&self.weights, vector),
            8 => accumulate::<8>(&self.weights, vector),
            lanes => accumulate_any(&self.weights, lanes, vector),
        };
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

/// The weighted sum of the rows (`LANES` lanes each) that `vector` picks, as one flat list
/// of classes. With the number of lanes known at compile time, the sums stay in vector
/// registers across the whole loop instead of being stored and loaded for every feature;
/// each class still adds the same products in the same order.
fn accumulate<const LANES: usize>(weights: &[[f32; LANE]], vector: &[(u32, f32)]) -> Vec<f32> {
    let mut acc = [[0f32; LANE]; LANES];
    for &(j, v) in vector {
        let start = j as usize * LANES;
        let Some(row) = weights
            .get(start..start + LANES)
            .and_then(|row| <&[[f32; LANE]; LANES]>::try_from(row).ok())
        else {
            continue;
        };
        for lane in 0..LANES {
            for k in 0..LANE {
                acc[lane][k] += v * row[lane][k];
            }
        }
    }
    acc.iter().flatten().copied().collect()
}

/// [`accumulate`] for rows of any number of lanes.
fn accumulate_any(weights: &[[f32; LANE]], lanes: usize, vector: &[(u32, f32)]) -> Vec<f32> {
    let mut acc = vec![[0f32; LANE]; lanes];
    for &(j, v) in vector {
        let start = j as usize * lanes;
        let Some(row) = weights.get(start..start + lanes) else {
            continue;
        };
        for (a, w) in acc.iter_mut().zip(row) {
            for k in 0..LANE {
                a[k] += v * w[k];
            }
        }
    }
    acc.into_iter().flatten().collect()
}
