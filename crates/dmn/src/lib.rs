//! DMN 1.5 models: reading `.dmn` XML into a model, and evaluating decisions, business
//! knowledge models and decision services with FEEL.
//!
//! The crate is pure: it parses the XML text it is given (no file or network I/O) and never
//! reads the clock (the evaluation instant, if any, is in [`Env`]).

mod compile;
mod eval;
mod model;
mod plan;
mod trace;
mod xml;

use eval::Inner;
pub use plan::{CompiledTrace, DecisionPlan, Selection, SlotKind};
pub use sheshim_feel::{Context, Env, Value};
use std::sync::Arc;
pub use trace::{DecisionTrace, ENGINE, RuleTrace, TableTrace, Trace};

/// Something wrong with a model, or a request that names nothing loaded.
#[derive(thiserror::Error, Debug, Clone)]
pub enum DmnError {
    /// The file is not well-formed XML.
    #[error("{file}:{line}: XML error: {message}")]
    Xml {
        /// The file name given to [`ModelSet::load`].
        file: String,
        /// Line, from 1.
        line: u32,
        /// What is wrong.
        message: String,
    },
    /// The file is XML but not a valid model (a bad FEEL expression, a dangling reference…).
    #[error("{file}{}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default(), element_id.as_ref().map(|i| format!(" (element {i})")).unwrap_or_default())]
    Model {
        /// The file name given to [`ModelSet::load`].
        file: String,
        /// The `id` of the element at fault, if it has one.
        element_id: Option<String>,
        /// The line of the element at fault.
        line: Option<u32>,
        /// What is wrong.
        message: String,
    },
    /// No loaded model has a decision (or decision service, or BKM) of this name.
    #[error("unknown decision: {0}")]
    UnknownDecision(String),
    /// No loaded model has this name or namespace.
    #[error("unknown model: {0}")]
    UnknownModel(String),
}

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
    /// namespace. Any problem — malformed XML, a dangling reference, a FEEL syntax error — is
    /// an error naming the file, the element id and the line.
    pub fn load(files: &[(&str, &str)]) -> Result<ModelSet, DmnError> {
        let (set, problems) = ModelSet::load_lenient(files)?;
        match problems.into_iter().next() {
            Some(p) => Err(p),
            None => Ok(set),
        }
    }

    /// Like [`ModelSet::load`], but FEEL syntax errors do not stop loading: they are returned
    /// alongside the models, and each broken expression evaluates to `null`. Malformed XML and
    /// broken references are still errors.
    pub fn load_lenient(files: &[(&str, &str)]) -> Result<(ModelSet, Vec<DmnError>), DmnError> {
        let mut models = Vec::with_capacity(files.len());
        for (index, (file, text)) in files.iter().enumerate() {
            let model = xml::read(file, text, index)?;
            if let Some(other) = models.iter().find(|m: &&model::Model| {
                m.namespace == model.namespace && !model.namespace.is_empty()
            }) {
                return Err(DmnError::Model {
                    file: file.to_string(),
                    element_id: None,
                    line: Some(model.line),
                    message: format!(
                        "namespace {} is already used by {}",
                        model.namespace, other.file
                    ),
                });
            }
            models.push(model);
        }
        let mut problems = Vec::new();
        compile::link(&mut models, &mut problems)?;
        Ok((
            ModelSet {
                inner: Arc::new(Inner {
                    models,
                    sha256: Arc::from(models_sha256(files)),
                }),
            },
            problems,
        ))
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
    fn find_decision(
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

    fn find(
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
                    .ok_or_else(|| DmnError::UnknownModel(key.to_string()))?;
                find(&models[m])
                    .map(|i| (m, i))
                    .ok_or_else(|| DmnError::UnknownDecision(what.to_string()))
            }
            None => models
                .iter()
                .enumerate()
                .find_map(|(m, x)| find(x).map(|i| (m, i)))
                .ok_or_else(|| DmnError::UnknownDecision(what.to_string())),
        }
    }

    /// Evaluates a decision (and, recursively, the decisions it requires) given input data
    /// values by name. `inputs` may also hold values for decisions the decision requires,
    /// which then are not evaluated. Input data of imported models are looked up under the
    /// imported model's namespace (`inputs[namespace][name]`), then along the import
    /// prefixes (`inputs[prefix][name]`), then by plain name. `model` selects the model by
    /// name or namespace (`None`: the first model that has such a decision).
    pub fn evaluate_decision(
        &self,
        model: Option<&str>,
        decision: &str,
        inputs: &Context,
        env: &Env,
    ) -> Result<Value, DmnError> {
        let (m, d) = self.find_decision(model, decision)?;
        let run = eval::Run::new(&self.inner, env, m, inputs, Default::default(), true);
        Ok(run.decision(m, d))
    }

    /// Like [`ModelSet::evaluate_decision`], and also returns the trace: every decision
    /// evaluated with the inputs it used, the rules matched and selected with their
    /// annotations, and the hashes of the models and the engine. The result is the same as
    /// without the trace.
    pub fn evaluate_decision_traced(
        &self,
        model: Option<&str>,
        decision: &str,
        inputs: &Context,
        env: &Env,
    ) -> Result<(Value, Trace), DmnError> {
        let (m, d) = self.find_decision(model, decision)?;
        let run = eval::Run::new(&self.inner, env, m, inputs, Default::default(), true).traced();
        let value = run.decision(m, d);
        let trace = Trace {
            engine: ENGINE,
            models_sha256: self.inner.sha256.clone(),
            decisions: run.into_trace(),
        };
        Ok((value, trace))
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

    /// The given inputs of the model holding `decision` whose values do not conform to their
    /// input data's declared type (DMN evaluates each of them as `null`), as
    /// `(input name, declared type)`: for telling a caller what is wrong with its input
    /// before deciding on `null`s. Inputs the model does not declare are not checked.
    pub fn nonconforming_inputs(
        &self,
        model: Option<&str>,
        decision: &str,
        inputs: &Context,
    ) -> Result<Vec<(String, String)>, DmnError> {
        let (m, _) = self.find_decision(model, decision)?;
        let env = Env::default();
        let ev = eval::Evaluator {
            set: &self.inner,
            env: &env,
            tables: None,
        };
        Ok(self.inner.models[m]
            .inputs
            .iter()
            .filter_map(|input| {
                let value = inputs.get(&input.variable.name)?;
                let conforms =
                    value.is_null() || !ev.coerce(value.clone(), &input.variable.ty).is_null();
                (!conforms).then(|| {
                    (
                        input.variable.name.to_string(),
                        input
                            .variable
                            .type_ref
                            .clone()
                            .unwrap_or_else(|| "Any".to_owned()),
                    )
                })
            })
            .collect())
    }

    /// SHA-256 (hex) identifying the loaded models: of the SHA-256 of each file's text, in
    /// load order.
    pub fn models_sha256(&self) -> &str {
        &self.inner.sha256
    }

    /// Evaluates a decision service given its parameters (input data and input decisions) by
    /// name: the value of its single output decision, or a context of its output decisions.
    pub fn evaluate_decision_service(
        &self,
        model: Option<&str>,
        service: &str,
        inputs: &Context,
        env: &Env,
    ) -> Result<Value, DmnError> {
        let (m, s) = self.find(
            model,
            |x| x.services.iter().position(|d| &*d.variable.name == service),
            service,
        )?;
        Ok(eval::evaluate_service(&self.inner, env, m, s, inputs))
    }

    /// Invokes a business knowledge model with arguments by parameter name.
    pub fn evaluate_bkm(
        &self,
        model: Option<&str>,
        bkm: &str,
        args: &Context,
        env: &Env,
    ) -> Result<Value, DmnError> {
        let (m, b) = self.find(
            model,
            |x| x.bkms.iter().position(|d| &*d.variable.name == bkm),
            bkm,
        )?;
        Ok(eval::evaluate_bkm(&self.inner, env, m, b, args))
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
