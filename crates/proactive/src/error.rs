//! Why a proactive run or a simulation could not be made.

use std::path::PathBuf;
use thiserror::Error;

/// Everything that can go wrong. Messages name files, columns and inputs, never a
/// person's values.
#[derive(Debug, Error)]
pub enum ProactiveError {
    /// The service's `proactive.toml` is missing or invalid.
    #[error("{file}: {message}")]
    Spec {
        /// The file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The registry could not be read.
    #[error(transparent)]
    Registry(#[from] sheshim_population::PopulationError),
    /// The registry's contents are not as the schema promises.
    #[error("the registry {0}")]
    Inconsistent(String),
    /// The service could not be loaded or its parameters are not in force.
    #[error(transparent)]
    Service(#[from] sheshim_services::ServiceError),
    /// The decision cannot be evaluated in batch.
    #[error(transparent)]
    Batch(#[from] sheshim_batch::BatchError),
    /// The decision could be evaluated person by person but not reported by outcome.
    #[error("{0}")]
    Evaluation(String),
}
