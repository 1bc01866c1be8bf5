//! Loading a service folder and deciding with it.

use crate::case::{ServiceCase, parse_cases};
use crate::settings::{Settings, SettingsError};
use chrono::NaiveDate;
use sheshim_dmn::{DmnError, LoadOptions, ModelSet, NameCheck, Trace};
use sheshim_domain::ServiceCode;
use sheshim_feel::{Context, Env, Value};
use sheshim_params::{ParameterSet, ResolvedParameter};
use std::path::{Path, PathBuf};
use std::sync::Arc;
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
}

/// A loaded service.
pub struct Service {
    /// The service's code (its folder's name).
    pub code: ServiceCode,
    /// The decision whose result is the service's outcome.
    pub decision: String,
    models: ModelSet,
    parameters: ParameterSet,
    cases: Vec<ServiceCase>,
    settings: Settings,
}

/// A decision of a service, with the parameter values it used.
pub struct Decided {
    /// The decision's result.
    pub value: Value,
    /// The dated parameters in force on the as-of date, with their sources.
    pub parameters: Vec<ResolvedParameter>,
    /// The evaluation's trace, when one was asked for.
    pub trace: Option<Trace>,
}

fn read(path: &Path) -> Result<String, ServiceError> {
    std::fs::read_to_string(path).map_err(|source| ServiceError::Read {
        path: path.to_owned(),
        source,
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
            .map(|path| Ok((path.display().to_string(), read(path)?)))
            .collect::<Result<Vec<_>, ServiceError>>()?;
        let files: Vec<(&str, &str)> = texts
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let settings_path = folder.join("service.toml");
        let settings = if settings_path.exists() {
            Settings::parse(&settings_path, &read(&settings_path)?)?
        } else {
            Settings::default()
        };
        let models = ModelSet::load_with(&files, &load_options(&settings))?;

        let parameters_path = folder.join("parameters.toml");
        let parameters = if parameters_path.exists() {
            ParameterSet::parse(
                &parameters_path.display().to_string(),
                &read(&parameters_path)?,
            )?
        } else {
            ParameterSet::default()
        };
        let cases_path = folder.join("cases.toml");
        let (decision, cases) = parse_cases(&cases_path, &read(&cases_path)?)?;
        Ok(Service {
            code,
            decision,
            models,
            parameters,
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

    /// The service's models.
    pub fn models(&self) -> &ModelSet {
        &self.models
    }

    /// The dated parameters in force on `as_of`, as the decision's inputs see them.
    pub fn parameters_as_of(&self, as_of: NaiveDate) -> Result<Context, ServiceError> {
        let mut context = Context::new();
        for parameter in self.parameters.resolve(as_of)? {
            context.insert(Arc::from(parameter.name.as_str()), parameter.value);
        }
        Ok(context)
    }

    /// The service under a reform read from `path`: a parameter file (`.toml`) whose
    /// parameters replace those of the same name, or a model (`.dmn`) that replaces the
    /// service's models. The decision and the test cases stay.
    pub fn with_reform(&self, path: &Path) -> Result<Service, ServiceError> {
        let text = read(path)?;
        let name = path.display().to_string();
        let mut reformed = Service {
            code: self.code.clone(),
            decision: self.decision.clone(),
            models: self.models.clone(),
            parameters: self.parameters.clone(),
            cases: self.cases.clone(),
            settings: self.settings.clone(),
        };
        match path.extension().and_then(|e| e.to_str()) {
            Some("toml") => {
                let reform = ParameterSet::parse(&name, &text)?;
                reformed.parameters = self.parameters.overridden_by(&reform);
            }
            Some("dmn") => {
                reformed.models = ModelSet::load_with(
                    &[(name.as_str(), text.as_str())],
                    &load_options(&self.settings),
                )?;
            }
            _ => return Err(ServiceError::BadReform(path.to_owned())),
        }
        Ok(reformed)
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
        self.decide_with(inputs, as_of, env, false)
    }

    /// Like [`Service::decide`], with the trace of the evaluation.
    pub fn decide_traced(
        &self,
        inputs: &Context,
        as_of: NaiveDate,
        env: &Env,
    ) -> Result<Decided, ServiceError> {
        self.decide_with(inputs, as_of, env, true)
    }

    fn decide_with(
        &self,
        inputs: &Context,
        as_of: NaiveDate,
        env: &Env,
        traced: bool,
    ) -> Result<Decided, ServiceError> {
        let parameters = self.parameters.resolve(as_of)?;
        let mut all = inputs.clone();
        for parameter in &parameters {
            if inputs.get(&parameter.name).is_some() {
                return Err(ServiceError::InputShadowsParameter(parameter.name.clone()));
            }
            all.insert(Arc::from(parameter.name.as_str()), parameter.value.clone());
        }
        let (value, trace) = if traced {
            let (value, trace) = self
                .models
                .evaluate_decision_traced(None, &self.decision, &all, env)
                .map_err(|e| self.evaluation_error(e))?;
            (value, Some(trace))
        } else {
            let value = self
                .models
                .evaluate_decision(None, &self.decision, &all, env)
                .map_err(|e| self.evaluation_error(e))?;
            (value, None)
        };
        Ok(Decided {
            value,
            parameters,
            trace,
        })
    }
}

impl Service {
    /// An evaluation error, with the way to raise the budget when it ran out.
    fn evaluation_error(&self, error: DmnError) -> ServiceError {
        match error {
            DmnError::Budget { .. } => ServiceError::Budget {
                code: self.code.clone(),
                error,
            },
            other => ServiceError::Model(other),
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
