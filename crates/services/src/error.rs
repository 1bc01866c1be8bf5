//! Why a service could not be loaded, decided or rendered. Messages name the file and the
//! field at fault and never quote personal data.

use crate::settings::SettingsError;
use sheshim_dmn::DmnError;
use sheshim_domain::ServiceCode;
use std::path::PathBuf;
use thiserror::Error;

/// Why a service could not be loaded or could not decide.
#[derive(Debug, Error)]
pub enum ServiceError {
    /// The folder's name is not a service code.
    #[error("{0} is not a valid service code (lowercase letters, digits, '-' and '_')")]
    BadCode(String),
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The folder holds no model.
    #[error("{0} holds no .dmn model")]
    NoModel(PathBuf),
    /// The folder holds no `service.toml`.
    #[error("{0} holds no service.toml: every service is defined by one")]
    NoDefinition(PathBuf),
    /// `service.toml` does not fit the service's model, or an appeal service has rules.
    #[error("{}: {message}", file.display())]
    Definition {
        /// The file (`service.toml`).
        file: PathBuf,
        /// What is wrong, naming the field.
        message: String,
    },
    /// An answer template is missing, invalid, or lacks a message.
    #[error("{}: {message}", file.display())]
    Answers {
        /// The `.ftl` file.
        file: PathBuf,
        /// What is wrong, naming the message.
        message: String,
    },
    /// A template could not be rendered (a message it does not have, a variable not given).
    #[error("service {code}, {language} answer: {message}")]
    Render {
        /// The service.
        code: ServiceCode,
        /// The language code.
        language: &'static str,
        /// What went wrong.
        message: String,
    },
    /// An appeal service was asked to decide: it never is, an officer answers it.
    #[error("service {0} is an appeal service: an officer answers it, no rules decide it")]
    NotDecided(ServiceCode),
    /// A derived input could not be evaluated.
    #[error("service {code}: derived input {input:?}: {message}")]
    Derived {
        /// The service.
        code: ServiceCode,
        /// The input.
        input: String,
        /// Why.
        message: String,
    },
    /// The model does not load, or an evaluation failed (unknown inputs).
    #[error(transparent)]
    Model(#[from] DmnError),
    /// `service.toml` is not valid.
    #[error(transparent)]
    Settings(#[from] SettingsError),
    /// An evaluation ran out of the service's budget.
    #[error("{error}; if the rules need more, raise [limits] in services/{code}/service.toml")]
    Budget {
        /// The service.
        code: ServiceCode,
        /// The budget error, naming the decision and the limit.
        error: DmnError,
    },
    /// The parameters do not load or are not in force on the date.
    #[error(transparent)]
    Parameters(#[from] sheshim_params::ParamsError),
    /// The test cases file is invalid.
    #[error("{file}: {message}")]
    Cases {
        /// The file.
        file: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A reform file is neither parameters (`.toml`) nor a model (`.dmn`).
    #[error("{0}: a reform is a parameter file (.toml) or a DMN model (.dmn)")]
    BadReform(PathBuf),
    /// An input has the name of a dated parameter.
    #[error("{0} is both an input and a dated parameter; give it in one place only")]
    InputShadowsParameter(String),
    /// Inputs whose values do not fit their declared types: `"name" must be a type; …`.
    #[error("inputs of the wrong type: {0}")]
    WrongInputTypes(String),
    /// A legal passage (`law/*.md`) is malformed.
    #[error("{}: {message}", file.display())]
    Passage {
        /// The passage's file.
        file: PathBuf,
        /// What is wrong, naming the field.
        message: String,
    },
    /// A file is larger than [`MAX_FILE_BYTES`].
    #[error("{path} is larger than {limit} bytes, the most a service file may hold")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit, in bytes.
        limit: u64,
    },
}
