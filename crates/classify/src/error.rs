//! The crate's error type.

use thiserror::Error;

/// Everything that can go wrong when training, loading or reading data.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum ClassifyError {
    /// No training or evaluation examples were given.
    #[error("no examples given")]
    Empty,
    /// `texts` and `labels` have different lengths.
    #[error("{texts} texts but {labels} labels")]
    LengthMismatch {
        /// Number of texts.
        texts: usize,
        /// Number of labels.
        labels: usize,
    },
    /// Training needs at least two distinct labels.
    #[error("need at least two distinct labels, found {0}")]
    TooFewLabels(usize),
    /// A label is empty.
    #[error("empty label at example {0}")]
    EmptyLabel(usize),
    /// A training option is out of range.
    #[error("invalid option: {0}")]
    InvalidOption(String),
    /// The model file does not start with the expected magic bytes.
    #[error("not a sheshim-classify model file")]
    BadMagic,
    /// The model file has a format version this build cannot read.
    #[error("unsupported model format version {found} (this build reads {supported})")]
    UnsupportedVersion {
        /// Version in the file.
        found: u16,
        /// Version this build reads.
        supported: u16,
    },
    /// The model was trained with another feature scheme (another way of
    /// hashing text into buckets): its weights mean nothing to this build.
    #[error(
        "model uses feature version {found} but this build computes version {supported}; retrain the model"
    )]
    UnsupportedFeatureVersion {
        /// Version in the file.
        found: u32,
        /// Version this build computes.
        supported: u32,
    },
    /// The model file is truncated, inconsistent or fails its checksum.
    #[error("corrupt model file: {0}")]
    CorruptModel(String),
    /// A required CSV column is missing from the header.
    #[error("missing CSV column {column:?}; header has {available:?}")]
    MissingColumn {
        /// The column asked for.
        column: String,
        /// The columns present.
        available: Vec<String>,
    },
    /// A CSV row is malformed.
    #[error("CSV row {row} (line {line}): {message}")]
    BadCsvRow {
        /// 1-based data row number (the header is row 0).
        row: usize,
        /// 1-based line number where the row starts.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Features hashed into one number of buckets were given to a model trained on another.
    #[error("features have {features} buckets but the model was trained on {model}")]
    BucketMismatch {
        /// Buckets of the features.
        features: u32,
        /// Buckets of the model.
        model: u32,
    },
    /// A model trained with dense features (an embedding) was given none, another
    /// dimension, or non-finite values; or an n-gram-only model was given an embedding.
    #[error("dense features do not fit the model: {0}")]
    DenseMismatch(String),
}
