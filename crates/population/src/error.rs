//! The crate's one error type.
//!
//! Messages name files, columns and metadata keys, never values from the rows: IINs, birth
//! dates and incomes are personal data even in a synthetic registry, because code written
//! against this one will later read a real one.

use std::io;
use std::path::PathBuf;

use arrow::error::ArrowError;
use parquet::errors::ParquetError;
use thiserror::Error;

/// Why generating, writing or reading a population registry failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum PopulationError {
    /// The generation options cannot be used; the message says which one and why.
    #[error("invalid population options: {0}")]
    InvalidOptions(String),
    /// The registry file does not exist.
    #[error("population registry {} does not exist", path.display())]
    NotFound {
        /// The path that was looked for.
        path: PathBuf,
    },
    /// Reading, writing or renaming a file failed.
    #[error("cannot access {}: {source}", path.display())]
    Io {
        /// The file concerned.
        path: PathBuf,
        /// The operating system's error.
        #[source]
        source: io::Error,
    },
    /// The file exists but is not a readable Parquet file.
    #[error("{} is not a Parquet file (or its footer is damaged)", path.display())]
    NotParquet {
        /// The file concerned.
        path: PathBuf,
        /// What the Parquet reader reported.
        #[source]
        source: ParquetError,
    },
    /// The file is Parquet but lacks the metadata every registry carries.
    #[error(
        "{} is a Parquet file but not a Sheshim population registry: metadata key `{key}` is missing or unreadable",
        path.display()
    )]
    NotARegistry {
        /// The file concerned.
        path: PathBuf,
        /// The missing or malformed key-value metadata entry.
        key: &'static str,
    },
    /// The registry was written with another schema version than this build reads.
    #[error(
        "{} has population schema version {found}, but this build reads version {expected}; regenerate the registry",
        path.display()
    )]
    SchemaVersion {
        /// The file concerned.
        path: PathBuf,
        /// The version recorded in the file.
        found: String,
        /// [`crate::SCHEMA_VERSION`].
        expected: u32,
    },
    /// A requested column is not in the file, or not in the registry's schema at all.
    #[error("population registry {} lacks the required column `{column}`", path.display())]
    MissingColumn {
        /// The file concerned.
        path: PathBuf,
        /// The column's name.
        column: String,
    },
    /// A column exists but with another type than the registry's schema gives it.
    #[error("column `{column}` of {} has type {found}, expected {expected}", path.display())]
    WrongColumnType {
        /// The file concerned.
        path: PathBuf,
        /// The column's name.
        column: String,
        /// The type found in the file.
        found: String,
        /// The type the schema requires.
        expected: String,
    },
    /// More people share one birth date and sex than there are IIN serial numbers.
    #[error(
        "more people share one birth date and sex than there are IIN serial numbers; generate fewer people"
    )]
    IinSpaceExhausted,
    /// A birth date fell outside 1900–2099, the centuries an IIN of a living person encodes.
    #[error("a generated birth date lies outside 1900-2099, which an IIN cannot encode")]
    BirthDateOutOfRange,
    /// The registry's contents are not as the schema promises (e.g. persons not in
    /// `person_id` order, a dictionary value this build does not know).
    #[error("the registry {} {message}", path.display())]
    Inconsistent {
        /// The registry file.
        path: PathBuf,
        /// What is wrong, naming columns and never values.
        message: String,
    },
    /// Arrow rejected an array or a batch.
    #[error("Arrow error: {0}")]
    Arrow(#[from] ArrowError),
    /// Parquet failed while encoding or decoding.
    #[error("Parquet error: {0}")]
    Parquet(#[from] ParquetError),
}
