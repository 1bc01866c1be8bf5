//! DMN 1.5 models: reading `.dmn` XML into a model, and evaluating decisions, business
//! knowledge models and decision services with FEEL.
//!
//! The crate is pure: it parses the XML text it is given (no file or network I/O) and never
//! reads the clock (the evaluation instant, if any, is in [`Env`]).
//!
//! Loading checks the names expressions read ([`NameCheck`]); every evaluation runs within
//! a budget ([`Limits`], set with [`LoadOptions`]) and ends with
//! [`DmnError::Budget`] when it runs out — never a hang, a stack overflow or an abort.

mod compile;
mod error;
mod eval;
mod evaluation;
mod model;
mod options;
mod plan;
mod trace;
mod undeclared;
mod xml;

pub use error::{DmnError, UndeclaredNames};
use eval::Inner;
pub use options::{LoadOptions, NameCheck};
pub use plan::{CompiledTrace, DecisionPlan, Selection, SlotKind};
use sheshim_feel::excerpt;
pub use sheshim_feel::{Context, Env, Limits, Value};
use std::sync::Arc;
pub use trace::{DecisionTrace, ENGINE, RuleTrace, TableTrace, Trace};

/// What a loaded model contains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelInfo {
    /// The model's `name`.
    pub name: String,
    /// The model's `namespace`.
    pub namespace: String,
    /// The file it was read from.
    pub file: String,
    /// Decision names, in document order.
    pub decisions: Vec<String>,
    /// Decision service names.
    pub decision_services: Vec<String>,
    /// Business knowledge model names.
    pub bkms: Vec<String>,
    /// Input data names.
    pub input_data: Vec<String>,
}

/// The information requirements of a decision.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Requirements {
    /// Decisions whose results it reads.
    pub decisions: Vec<String>,
    /// Input data whose values it reads.
    pub inputs: Vec<String>,
}

/// One or more loaded DMN models, resolvable by namespace and by name. Cheap to clone
/// (the models are shared).
#[derive(Clone)]
pub struct ModelSet {
    inner: Arc<Inner>,
    names: NameCheck,
    limits: Limits,
}

impl std::fmt::Debug for ModelSet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list()
            .entries(self.inner.models.iter().map(|m| (&m.name, &m.namespace)))
            .finish()
    }
}

impl ModelSet {
    /// Loads models from `(file name, XML text)` pairs, resolving `<import>`s between them by
    /// namespace, with [`LoadOptions::lenient`] names and the default limits. Any problem —
    /// malformed XML, a dangling reference, a FEEL syntax error — is an error naming the
    /// file, the element id and the line. Use [`ModelSet::load_with`] with
    /// [`LoadOptions::strict`] to refuse names nothing defines and unknown inputs.
    pub fn load(files: &[(&str, &str)]) -> Result<ModelSet, DmnError> {
        ModelSet::load_with(files, &LoadOptions::lenient())
    }

    /// Loads models as [`ModelSet::load`] does, with these options.
    pub fn load_with(files: &[(&str, &str)], options: &LoadOptions) -> Result<ModelSet, DmnError> {
        let (set, problems) = ModelSet::read(files, options)?;
        match problems.into_iter().next() {
            Some(p) => Err(p),
            None => Ok(set),
        }
    }

    /// Like [`ModelSet::load`], but FEEL syntax errors do not stop loading: they are returned
    /// alongside the models, and each broken expression evaluates to `null`. Malformed XML and
    /// broken references are still errors.
    pub fn load_lenient(files: &[(&str, &str)]) -> Result<(ModelSet, Vec<DmnError>), DmnError> {
        ModelSet::read(files, &LoadOptions::lenient())
    }

    fn read(
        files: &[(&str, &str)],
        options: &LoadOptions,
    ) -> Result<(ModelSet, Vec<DmnError>), DmnError> {
        let mut models = Vec::with_capacity(files.len());
        for (file, text) in files {
            let model = xml::read(file, text)?;
            if let Some(other) = models.iter().find(|m: &&model::Model| {
                m.namespace == model.namespace && !model.namespace.is_empty()
            }) {
                return Err(DmnError::Model {
                    file: file.to_string(),
                    element_id: None,
                    line: Some(model.line),
                    message: format!(
                        "namespace {} is already used by {}",
                        excerpt(&model.namespace),
                        other.file
                    ),
                });
            }
            models.push(model);
        }
        let mut problems = Vec::new();
        compile::link(&mut models, &mut problems)?;
        let findings = undeclared::find(&models);
        let bound_from_inputs = match options.names {
            NameCheck::BindFromInputs => findings.per_decision,
            NameCheck::Strict | NameCheck::Lenient => models
                .iter()
                .map(|m| vec![Vec::new(); m.decisions.len()])
                .collect(),
        };
        let refused: Vec<(usize, UndeclaredNames)> = match options.names {
            NameCheck::Strict => findings.elements,
            // Decisions read what they do not declare from the inputs; other elements
            // cannot see inputs.
            NameCheck::BindFromInputs => findings
                .elements
                .into_iter()
                .filter(|(_, e)| e.kind != "decision")
                .collect(),
            NameCheck::Lenient => Vec::new(),
        };
        // One error per model file, after any syntax error: a broken expression is not
        // checked for names.
        for (m, model) in models.iter().enumerate() {
            let elements: Vec<UndeclaredNames> = refused
                .iter()
                .filter(|(mm, _)| *mm == m)
                .map(|(_, e)| e.clone())
                .collect();
            if !elements.is_empty() {
                problems.push(DmnError::UndeclaredNames {
                    file: model.file.clone(),
                    elements,
                });
            }
        }
        Ok((
            ModelSet {
                inner: Arc::new(Inner {
                    models,
                    sha256: Arc::from(models_sha256(files)),
                    bound_from_inputs,
                }),
                names: options.names,
                limits: options.limits,
            },
            problems,
        ))
    }

    /// The budget each evaluation of these models gets.
    pub fn limits(&self) -> Limits {
        self.limits
    }

    /// How strictly these models check names.
    pub fn name_check(&self) -> NameCheck {
        self.names
    }

    /// What the loaded models contain.
    pub fn models(&self) -> Vec<ModelInfo> {
        self.inner
            .models
            .iter()
            .map(|m| ModelInfo {
                name: m.name.clone(),
                namespace: m.namespace.clone(),
                file: m.file.clone(),
                decisions: m
                    .decisions
                    .iter()
                    .map(|d| d.variable.name.to_string())
                    .collect(),
                decision_services: m
                    .services
                    .iter()
                    .map(|d| d.variable.name.to_string())
                    .collect(),
                bkms: m.bkms.iter().map(|d| d.variable.name.to_string()).collect(),
                input_data: m
                    .inputs
                    .iter()
                    .map(|d| d.variable.name.to_string())
                    .collect(),
            })
            .collect()
    }

    /// The model chosen by name or namespace, or the first that has an element of this
    /// name (as `find` tells).
    /// The (model, decision) indexes of a decision by name.
    pub(crate) fn find_decision(
        &self,
        model: Option<&str>,
        decision: &str,
    ) -> Result<(usize, usize), DmnError> {
        self.find(
            model,
            |x| {
                x.decisions
                    .iter()
                    .position(|d| &*d.variable.name == decision)
            },
            decision,
        )
    }

    pub(crate) fn find(
        &self,
        model: Option<&str>,
        find: impl Fn(&model::Model) -> Option<usize>,
        what: &str,
    ) -> Result<(usize, usize), DmnError> {
        let models = &self.inner.models;
        match model {
            Some(key) => {
                let m = models
                    .iter()
                    .position(|m| m.name == key || m.namespace == key)
                    .ok_or_else(|| DmnError::UnknownModel(excerpt(key)))?;
                find(&models[m])
                    .map(|i| (m, i))
                    .ok_or_else(|| DmnError::UnknownDecision(excerpt(what)))
            }
            None => models
                .iter()
                .enumerate()
                .find_map(|(m, x)| find(x).map(|i| (m, i)))
                .ok_or_else(|| DmnError::UnknownDecision(excerpt(what))),
        }
    }

    /// Compiles a decision for fast evaluation from input values in slots, or `Ok(None)`
    /// when its logic is not of the compiled shape (a decision table over the model's own
    /// input data, with constant entries and outputs, hit policy FIRST, UNIQUE, RULE ORDER or
    /// COLLECT): evaluate it with [`ModelSet::evaluate_decision`] then.
    pub fn plan(
        &self,
        model: Option<&str>,
        decision: &str,
    ) -> Result<Option<DecisionPlan>, DmnError> {
        let (m, d) = self.find_decision(model, decision)?;
        Ok(DecisionPlan::compile(&self.inner, m, d))
    }

    /// What `decision` requires directly: the names of the decisions and of the input data
    /// whose values it reads (knowledge requirements — functions — are not listed). Names
    /// from imported models are given as they are declared there.
    pub fn direct_requirements(
        &self,
        model: Option<&str>,
        decision: &str,
    ) -> Result<Requirements, DmnError> {
        let (m, d) = self.find_decision(model, decision)?;
        let models = &self.inner.models;
        let mut requirements = Requirements::default();
        for &(mm, element) in &models[m].decisions[d].requires {
            match element {
                model::ElementRef::Input(i) => requirements
                    .inputs
                    .push(models[mm].inputs[i].variable.name.to_string()),
                model::ElementRef::Decision(i) => requirements
                    .decisions
                    .push(models[mm].decisions[i].variable.name.to_string()),
                model::ElementRef::Bkm(_) | model::ElementRef::Service(_) => {}
            }
        }
        Ok(requirements)
    }

    /// SHA-256 (hex) identifying the loaded models: of the SHA-256 of each file's text, in
    /// load order.
    pub fn models_sha256(&self) -> &str {
        &self.inner.sha256
    }
}

/// SHA-256 over the SHA-256 of each model text, in order: the identity of a rule set.
fn models_sha256(files: &[(&str, &str)]) -> String {
    use sha2::{Digest, Sha256};
    let mut all = Sha256::new();
    for (_, text) in files {
        all.update(Sha256::digest(text.as_bytes()));
    }
    hex::encode(all.finalize())
}
