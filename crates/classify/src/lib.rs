//! A trainable text classifier for citizens' appeals.
//!
//! The pipeline is deliberately small and fully deterministic:
//!
//! * **Features** ([`features`]): Unicode-aware lower-casing and tokenisation
//!   (Kazakh and Russian Cyrillic, Latin, digits folded to `0`), word unigrams
//!   and bigrams and character 3–5-grams inside word boundaries, hashed
//!   incrementally (each character once, one 64-bit multiply per step, then a
//!   Murmur3 finaliser) into `2^k` buckets, sublinear term frequency
//!   `1 + ln(tf)` and L2 normalisation. Extraction reuses its buffers
//!   ([`features::Scratch`], per thread in [`Classifier::predict`]).
//! * **Model** ([`Classifier`]): multinomial logistic regression (softmax)
//!   trained by plain SGD with a decaying step, L2 regularisation and a
//!   seeded shuffle — same inputs and seed give the same bytes.
//! * **Calibration**: temperature scaling. A seeded held-out slice of the
//!   training data (`calibration_fraction`, 10 % by default) is set aside, a
//!   model is trained on the rest, and the single temperature `T` minimising
//!   the held-out negative log-likelihood of `softmax(z / T)` is found by a
//!   golden-section search over `ln T`. The final model is then retrained on
//!   all data and `T` is applied to its scores. Arg-max predictions do not
//!   depend on `T`; only the confidences do.
//! * **Ensembles** ([`Ensemble`]): models over the same buckets with their weights
//!   interleaved, so scoring one text costs one memory access per feature for all of
//!   them; triage scores three or four models per appeal this way.
//! * **Model file** ([`Classifier::to_bytes`]): a small binary header, the
//!   metadata as JSON, little-endian `f32` weights, and a SHA-256 trailer.
//! * **Evaluation** ([`evaluate`], [`Report`]) and a CSV reader
//!   ([`read_labeled_csv`]) for the command line.
//!
//! The core does no file I/O and never reads the clock: the caller passes
//! texts, labels and the training date.

mod calibrate;
mod csv;
mod ensemble;
mod error;
mod eval;
pub mod features;
mod format;
mod model;
mod rng;

pub use csv::read_labeled_csv;
pub use ensemble::Ensemble;
pub use error::ClassifyError;
pub use eval::{ClassReport, Report, evaluate};
pub use features::{Features, Scratch};
pub use format::FORMAT_VERSION;
pub use model::{
    Classifier, DenseFeatures, ModelMetadata, Prediction, TrainOptions, TrainingFigures,
};
