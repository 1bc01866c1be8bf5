//! Loading a service folder and deciding with it.

use crate::case::{ServiceCase, parse_cases};
use crate::definition::{Definition, ServiceKind};
pub use crate::error::ServiceError;
use crate::inputs::InputSpec;
use crate::rules::{Decided, Rules, Tracing};
use crate::settings::Settings;
use crate::templates::{self, AnswerArg, Templates};
use chrono::NaiveDate;
use sheshim_dmn::{DmnError, LoadOptions, ModelSet, NameCheck};
use sheshim_domain::{AgencyCode, Language, Script, ServiceCode};
use sheshim_feel::ast::Expr;
use sheshim_feel::{Context, Env};
use sheshim_params::ParameterSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The largest file a service folder may hold (a model, parameters, cases or a reform):
/// far above any real one, and low enough that a wrong path (a device, a huge file) is
/// refused before it is read into memory.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// A loaded service: its definition (`service.toml`), its answer templates and, for an
/// application, its rules and test cases.
pub struct Service {
    /// The service's code (its folder's name).
    pub code: ServiceCode,
    definition: Definition,
    rules: Option<Rules>,
    cases: Vec<ServiceCase>,
    templates: Arc<Templates>,
    version: String,
    /// The derived inputs' expressions, parsed, in the order of the inputs.
    derived: Vec<(String, Expr)>,
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
    /// Loads `folder` (whose name is the service code). The shared answer pieces are read
    /// from `_common/` beside it, when there is one.
    pub fn load(folder: &Path) -> Result<Service, ServiceError> {
        let name = folder
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let code = ServiceCode::parse(&name).map_err(|_| ServiceError::BadCode(name.clone()))?;
        let definition_path = folder.join("service.toml");
        if !definition_path.is_file() {
            return Err(ServiceError::NoDefinition(folder.to_owned()));
        }
        let definition = Definition::parse(&definition_path, &read_text(&definition_path)?)?;
        let model_paths = model_paths(folder)?;
        let (rules, cases, derived) = match definition.kind {
            ServiceKind::Application => {
                if model_paths.is_empty() {
                    return Err(ServiceError::NoModel(folder.to_owned()));
                }
                let texts = model_paths
                    .iter()
                    .map(|path| Ok((path.display().to_string(), read_text(path)?)))
                    .collect::<Result<Vec<_>, ServiceError>>()?;
                let parameters_path = folder.join("parameters.toml");
                let parameters = if parameters_path.exists() {
                    vec![(
                        parameters_path.display().to_string(),
                        read_text(&parameters_path)?,
                    )]
                } else {
                    Vec::new()
                };
                let rules =
                    Rules::from_texts(&texts, &parameters, &load_options(&definition.settings))?;
                let derived = crate::check::check_inputs(&definition_path, &definition, &rules)?;
                let cases_path = folder.join("cases.toml");
                let (decision, cases) = parse_cases(&cases_path, &read_text(&cases_path)?)?;
                if let Some(decision) = decision
                    && Some(&decision) != definition.decision.as_ref()
                {
                    return Err(ServiceError::Cases {
                        file: cases_path,
                        message: "decision differs from the one service.toml names; leave it out"
                            .to_owned(),
                    });
                }
                (Some(rules), cases, derived)
            }
            ServiceKind::Appeal(_) => {
                let rules_files = ["cases.toml", "parameters.toml"]
                    .iter()
                    .map(|f| folder.join(f))
                    .chain(model_paths)
                    .find(|path| path.exists());
                if let Some(file) = rules_files {
                    return Err(ServiceError::Definition {
                        file,
                        message: "an appeal service is never decided by rules: remove this file"
                            .to_owned(),
                    });
                }
                (None, Vec::new(), Vec::new())
            }
        };
        let common = templates::common_folder(folder);
        let templates = Templates::load(folder, common.as_deref(), &definition)?;
        let version = crate::catalogue::content_version(folder, common.as_deref())?;
        Ok(Service {
            code,
            definition,
            rules,
            cases,
            templates: Arc::new(templates),
            version,
            derived,
        })
    }

    /// The service's settings (the `[limits]` of its `service.toml`, or the defaults).
    pub fn settings(&self) -> &Settings {
        &self.definition.settings
    }

    /// The service's definition, as its `service.toml` gives it.
    pub fn definition(&self) -> &Definition {
        &self.definition
    }

    /// The answer template `message` (e.g. `granted`) in `language`, as its `.ftl` file
    /// writes it, for an officer to read beside a draft.
    pub fn answer_template(&self, message: &str, language: Language) -> Option<String> {
        self.templates.source_of(message, language)
    }

    /// Application or appeal.
    pub fn kind(&self) -> ServiceKind {
        self.definition.kind
    }

    /// The service's name in `language`.
    pub fn name(&self, language: Language) -> &str {
        self.definition.name.get(language)
    }

    /// The competent agency; `None` for an appeal service answered by the agency addressed.
    pub fn agency(&self) -> Option<&AgencyCode> {
        self.definition.agency.as_ref()
    }

    /// The decision whose result is the service's outcome (applications only).
    pub fn decision(&self) -> Option<&str> {
        self.definition.decision.as_deref()
    }

    /// The content hash of the service's files (and the shared answer pieces it uses):
    /// `sha256:` and 64 hex digits. Every decision records it.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// The derived inputs and their parsed expressions.
    pub(crate) fn derived(&self) -> &[(String, Expr)] {
        &self.derived
    }

    /// Where each input of the decision comes from (empty for appeal services).
    pub fn input_specs(&self) -> &[InputSpec] {
        &self.definition.inputs
    }

    /// Renders a template `message` in `language` (Kazakh in Cyrillic) with `args`; the
    /// service's own `service`, `term_days`, `appeal_to` and `appeal_term` are given too.
    pub fn render(
        &self,
        message: &str,
        language: Language,
        args: &[(&str, AnswerArg)],
    ) -> Result<String, ServiceError> {
        self.render_in(message, language, Script::Cyrillic, args)
    }

    /// Like [`Service::render`], Kazakh in `script` (Latin: the 2021 alphabet). Russian and
    /// English are written in their own scripts whatever `script` says.
    pub fn render_in(
        &self,
        message: &str,
        language: Language,
        script: Script,
        args: &[(&str, AnswerArg)],
    ) -> Result<String, ServiceError> {
        let fluent_args = templates::arguments(&self.definition, language, args);
        let text = self
            .templates
            .render(message, language, &fluent_args)
            .map_err(|message| ServiceError::Render {
                code: self.code.clone(),
                language: language.code(),
                message,
            })?;
        Ok(templates::in_script(text, language, script))
    }

    /// Every service folder under `root` (those whose names start with `_` or `.` are not
    /// services), loaded, in order of code.
    pub fn load_all(root: &Path) -> Result<Vec<Service>, ServiceError> {
        service_folders(root)?
            .iter()
            .map(|folder| Service::load(folder))
            .collect()
    }

    fn application(&self) -> Result<(&Rules, &str), ServiceError> {
        match (&self.rules, self.definition.decision.as_deref()) {
            (Some(rules), Some(decision)) => Ok((rules, decision)),
            _ => Err(ServiceError::NotDecided(self.code.clone())),
        }
    }

    /// The service's models and dated parameters (an appeal service has none).
    pub fn rules(&self) -> Result<&Rules, ServiceError> {
        self.application().map(|(rules, _)| rules)
    }

    /// The service's models (an appeal service has none).
    pub fn models(&self) -> Result<&ModelSet, ServiceError> {
        self.rules().map(Rules::models)
    }

    /// The dated parameters in force on `as_of`, as the decision's inputs see them (none
    /// for an appeal service).
    pub fn parameters_as_of(&self, as_of: NaiveDate) -> Result<Context, ServiceError> {
        match &self.rules {
            Some(rules) => rules.parameters_as_of(as_of),
            None => Ok(Context::new()),
        }
    }

    /// The service under a reform read from `path`: a parameter file (`.toml`) whose
    /// parameters replace those of the same name, or a model (`.dmn`) that replaces the
    /// service's models. The decision and the test cases stay.
    pub fn with_reform(&self, path: &Path) -> Result<Service, ServiceError> {
        let kind = path.extension().and_then(|e| e.to_str());
        if !matches!(kind, Some("toml" | "dmn")) {
            return Err(ServiceError::BadReform(path.to_owned()));
        }
        let (current, _) = self.application()?;
        let text = read_text(path)?;
        let name = path.display().to_string();
        let rules = if kind == Some("toml") {
            let reform = ParameterSet::parse(&name, &text)?;
            current.with_parameters(current.parameters().overridden_by(&reform))
        } else {
            current.with_models(ModelSet::load_with(
                &[(name.as_str(), text.as_str())],
                &load_options(&self.definition.settings),
            )?)
        };
        Ok(Service {
            code: self.code.clone(),
            definition: self.definition.clone(),
            rules: Some(rules),
            cases: self.cases.clone(),
            templates: Arc::clone(&self.templates),
            version: self.version.clone(),
            derived: self.derived.clone(),
        })
    }

    /// The service's test cases (none for an appeal service).
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
        let (rules, decision) = self.application()?;
        rules
            .decide(decision, inputs, as_of, env, Tracing::Off)
            .map_err(|error| self.evaluation_error(error))
    }

    /// Like [`Service::decide`], with the trace of the evaluation.
    pub fn decide_traced(
        &self,
        inputs: &Context,
        as_of: NaiveDate,
        env: &Env,
    ) -> Result<Decided, ServiceError> {
        let (rules, decision) = self.application()?;
        rules
            .decide(decision, inputs, as_of, env, Tracing::On)
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

/// The `.dmn` files of a folder, sorted.
fn model_paths(folder: &Path) -> Result<Vec<PathBuf>, ServiceError> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder)
        .map_err(|source| ServiceError::Read {
            path: folder.to_owned(),
            source,
        })?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "dmn"))
        .collect();
    paths.sort();
    Ok(paths)
}

/// The service folders under `root`, sorted: every folder whose name does not start with
/// `_` (shared pieces) or `.`.
pub(crate) fn service_folders(root: &Path) -> Result<Vec<PathBuf>, ServiceError> {
    let mut folders: Vec<PathBuf> = std::fs::read_dir(root)
        .map_err(|source| ServiceError::Read {
            path: root.to_owned(),
            source,
        })?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .filter(|path| {
            path.file_name()
                .is_some_and(|n| !n.to_string_lossy().starts_with(['_', '.']))
        })
        .collect();
    folders.sort();
    Ok(folders)
}
