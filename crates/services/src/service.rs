//! Loading a service folder and deciding with it.

use crate::case::{ServiceCase, parse_cases};
use crate::rules::{Decided, Rules, Tracing};
use crate::settings::{Settings, SettingsError};
use chrono::NaiveDate;
use sheshim_dmn::{DmnError, LoadOptions, ModelSet, NameCheck};
use sheshim_domain::ServiceCode;
use sheshim_feel::{Context, Env};
use sheshim_params::ParameterSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The largest file a service folder may hold (a model, parameters, cases or a reform):
/// far above any real one, and low enough that a wrong path (a device, a huge file) is
/// refused before it is read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

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
    /// A file is larger than [`MAX_FILE_BYTES`].
    #[error("{path} is larger than {limit} bytes, the most a service file may hold")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit, in bytes.
        limit: u64,
    },
}

/// A loaded service.
pub struct Service {
    /// The service's code (its folder's name).
    pub code: ServiceCode,
    /// The decision whose result is the service's outcome.
    pub decision: String,
    rules: Rules,
    cases: Vec<ServiceCase>,
    settings: Settings,
}

/// Reads a service file as UTF-8 text, refusing one larger than [`MAX_FILE_BYTES`]: at most
/// one byte more than the limit is read, so a device or a pipe without end cannot exhaust
/// memory.
pub fn read_text(path: &Path) -> Result<String, ServiceError> {
    let io = |source| ServiceError::Read {
        path: path.to_owned(),
        source,
    };
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ServiceError::TooLarge {
            path: path.to_owned(),
            limit: MAX_FILE_BYTES,
        });
    }
    String::from_utf8(bytes).map_err(|_| {
        io(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "not UTF-8 text",
        ))
    })
}

impl Service {
    /// Loads `folder` (whose name is the service code).
    pub fn load(folder: &Path) -> Result<Service, ServiceError> {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let code = ServiceCode::parse(&name).map_err(|_| ServiceError::BadCode(name.clone()))?;
        let mut model_paths: Vec<PathBuf> = std::fs::read_dir(folder)
            .map_err(|source| ServiceError::Read {
                path: folder.to_owned(),
                source,
            })?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "dmn"))
            .collect();
        model_paths.sort();
        if model_paths.is_empty() {
            return Err(ServiceError::NoModel(folder.to_owned()));
        }
        let texts = model_paths
            .iter()
            .map(|path| Ok((path.display().to_string(), read_text(path)?)))
            .collect::<Result<Vec<_>, ServiceError>>()?;
        let settings_path = folder.join("service.toml");
        let settings = if settings_path.exists() {
            Settings::parse(&settings_path, &read_text(&settings_path)?)?
        } else {
            Settings::default()
        };
        let parameters_path = folder.join("parameters.toml");
        let parameters = if parameters_path.exists() {
            vec![(
                parameters_path.display().to_string(),
                read_text(&parameters_path)?,
            )]
        } else {
            Vec::new()
        };
        let rules = Rules::from_texts(&texts, &parameters, &load_options(&settings))?;
        let cases_path = folder.join("cases.toml");
        let (decision, cases) = parse_cases(&cases_path, &read_text(&cases_path)?)?;
        Ok(Service {
            code,
            decision,
            rules,
            cases,
            settings,
        })
    }

    /// The service's settings (from `service.toml`, or the defaults).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Every service folder under `root`, loaded, in order of code.
    pub fn load_all(root: &Path) -> Result<Vec<Service>, ServiceError> {
        let mut folders: Vec<PathBuf> = std::fs::read_dir(root)
            .map_err(|source| ServiceError::Read {
                path: root.to_owned(),
                source,
            })?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.is_dir())
            .collect();
        folders.sort();
        folders.iter().map(|folder| Service::load(folder)).collect()
    }

    /// The service's models and dated parameters.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The service's models.
    pub fn models(&self) -> &ModelSet {
        self.rules.models()
    }

    /// The dated parameters in force on `as_of`, as the decision's inputs see them.
    pub fn parameters_as_of(&self, as_of: NaiveDate) -> Result<Context, ServiceError> {
        self.rules.parameters_as_of(as_of)
    }

    /// The service under a reform read from `path`: a parameter file (`.toml`) whose
    /// parameters replace those of the same name, or a model (`.dmn`) that replaces the
    /// service's models. The decision and the test cases stay.
    pub fn with_reform(&self, path: &Path) -> Result<Service, ServiceError> {
        let kind = path.extension().and_then(|e| e.to_str());
        if !matches!(kind, Some("toml" | "dmn")) {
            return Err(ServiceError::BadReform(path.to_owned()));
        }
        let text = read_text(path)?;
        let name = path.display().to_string();
        let rules = if kind == Some("toml") {
            let reform = ParameterSet::parse(&name, &text)?;
            self.rules
                .with_parameters(self.rules.parameters().overridden_by(&reform))
        } else {
            self.rules.with_models(ModelSet::load_with(
                &[(name.as_str(), text.as_str())],
                &load_options(&self.settings),
            )?)
        };
        Ok(Service {
            code: self.code.clone(),
            decision: self.decision.clone(),
            rules,
            cases: self.cases.clone(),
            settings: self.settings.clone(),
        })
    }

    /// The service's test cases.
    pub fn cases(&self) -> &[ServiceCase] {
        &self.cases
    }

    /// Decides for these inputs as of a date: the dated parameters in force that day are
    /// added to the inputs under their names.
    pub fn decide(
        &self,
        inputs: &Context,
        as_of: NaiveDate,
        env: &Env,
    ) -> Result<Decided, ServiceError> {
        self.rules
            .decide(&self.decision, inputs, as_of, env, Tracing::Off)
            .map_err(|error| self.evaluation_error(error))
    }

    /// Like [`Service::decide`], with the trace of the evaluation.
    pub fn decide_traced(
        &self,
        inputs: &Context,
        as_of: NaiveDate,
        env: &Env,
    ) -> Result<Decided, ServiceError> {
        self.rules
            .decide(&self.decision, inputs, as_of, env, Tracing::On)
            .map_err(|error| self.evaluation_error(error))
    }
}

impl Service {
    /// An evaluation error, with the way to raise the budget when it ran out.
    fn evaluation_error(&self, error: ServiceError) -> ServiceError {
        match error {
            ServiceError::Model(error @ DmnError::Budget { .. }) => ServiceError::Budget {
                code: self.code.clone(),
                error,
            },
            other => other,
        }
    }
}

/// How a service's models load: names checked strictly, with the service's limits.
fn load_options(settings: &Settings) -> LoadOptions {
    LoadOptions {
        names: NameCheck::Strict,
        limits: settings.limits,
    }
}
