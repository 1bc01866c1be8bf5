//! The evaluation entry points of a model set. Each evaluation gets a fresh budget of the
//! set's limits (measured from here on the native stack); inputs the models do not have are
//! refused when names are checked strictly; running out of budget is a
//! [`DmnError::Budget`] naming the decision (or BKM, or decision service) and the
//! innermost element being evaluated.

use crate::eval::{self, Evaluator, Run};
use crate::model::Model;
use crate::{DecisionTrace, DmnError, ENGINE, ModelSet, NameCheck, Trace};
use sheshim_feel::{Budget, BudgetExceeded, Context, Env, Limits, Value, excerpt};

impl ModelSet {
    /// Evaluates a decision (and, recursively, the decisions it requires) given input data
    /// values by name. `inputs` may also hold values for decisions the decision requires,
    /// which then are not evaluated. Input data of imported models are looked up under the
    /// imported model's namespace (`inputs[namespace][name]`), then along the import
    /// prefixes (`inputs[prefix][name]`), then by plain name. `model` selects the model by
    /// name or namespace (`None`: the first model that has such a decision).
    ///
    /// Errors: [`DmnError::UnknownInputs`] (unless names are checked leniently) and
    /// [`DmnError::Budget`].
    pub fn evaluate_decision(
        &self,
        model: Option<&str>,
        decision: &str,
        inputs: &Context,
        env: &Env,
    ) -> Result<Value, DmnError> {
        Ok(self.run_decision(model, decision, inputs, env, false)?.0)
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
        let (value, decisions) = self.run_decision(model, decision, inputs, env, true)?;
        let trace = Trace {
            engine: ENGINE,
            models_sha256: self.inner.sha256.clone(),
            decisions,
        };
        Ok((value, trace))
    }

    /// Evaluates a decision within a fresh budget, with the decisions it traced when asked.
    fn run_decision(
        &self,
        model: Option<&str>,
        decision: &str,
        inputs: &Context,
        env: &Env,
        traced: bool,
    ) -> Result<(Value, Vec<DecisionTrace>), DmnError> {
        let (m, d) = self.find_decision(model, decision)?;
        self.refuse_unknown_inputs(inputs)?;
        let budget = Budget::new(self.limits);
        let run = Run::new(
            &self.inner,
            env,
            m,
            inputs,
            Default::default(),
            true,
            &budget,
        );
        let run = if traced { run.traced() } else { run };
        match run.evaluate(m, d) {
            Ok(value) => Ok((value, run.into_trace())),
            Err(error) => Err(self.decision_error(&run, (m, d), error)),
        }
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
        self.refuse_unknown_inputs(inputs)?;
        let budget = Budget::new(self.limits);
        let element = &self.inner.models[m].services[s];
        eval::evaluate_service(&self.inner, env, m, s, inputs, &budget).map_err(|exceeded| {
            budget_error(
                "decision service",
                &element.variable.name,
                &element.id,
                exceeded,
            )
        })
    }

    /// Invokes a business knowledge model with arguments by parameter name. An argument
    /// that names no parameter is [`DmnError::UnknownInputs`] unless names are checked
    /// leniently (then the call gives `null`).
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
        let element = &self.inner.models[m].bkms[b];
        if self.names != NameCheck::Lenient {
            let parameters: Vec<&str> = element
                .logic
                .iter()
                .flat_map(|f| f.parameters.iter().map(|p| &*p.name))
                .collect();
            let unknown: Vec<String> = args
                .entries()
                .iter()
                .filter(|(name, _)| !parameters.contains(&&**name))
                .map(|(name, _)| excerpt(name))
                .collect();
            if !unknown.is_empty() {
                return Err(DmnError::UnknownInputs { names: unknown });
            }
        }
        let budget = Budget::new(self.limits);
        eval::evaluate_bkm(&self.inner, env, m, b, args, &budget).map_err(|exceeded| {
            budget_error(
                "business knowledge model",
                &element.variable.name,
                &element.id,
                exceeded,
            )
        })
    }

    /// The inputs given that no loaded model has: neither an input data, a decision (whose
    /// value an input may give), a model's namespace or an import's name (under which the
    /// inputs of an imported model are given), nor a name the models read undeclared when
    /// loaded with [`NameCheck::BindFromInputs`]. Each name is shortened to an excerpt.
    pub fn unknown_inputs(&self, inputs: &Context) -> Vec<String> {
        let models = &self.inner.models;
        let known = |name: &str| {
            models.iter().enumerate().any(|(m, model)| {
                model_has(model, name)
                    || self.inner.bound_from_inputs[m]
                        .iter()
                        .any(|names| names.iter().any(|n| &**n == name))
            })
        };
        inputs
            .entries()
            .iter()
            .filter(|(name, _)| !known(name))
            .map(|(name, _)| excerpt(name))
            .collect()
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
        let (m, d) = self.find_decision(model, decision)?;
        let env = Env::default();
        let budget = Budget::new(self.limits);
        let ev = Evaluator {
            set: &self.inner,
            env: &env,
            tables: None,
            budget: &budget,
        };
        let mut wrong = Vec::new();
        for input in &self.inner.models[m].inputs {
            let Some(value) = inputs.get(&input.variable.name) else {
                continue;
            };
            let coerced = ev
                .coerce(value.clone(), &input.variable.ty)
                .map_err(|exceeded| self.element_error((m, d), exceeded))?;
            if !value.is_null() && coerced.is_null() {
                wrong.push((
                    excerpt(&input.variable.name),
                    input
                        .variable
                        .type_ref
                        .clone()
                        .unwrap_or_else(|| "Any".to_owned()),
                ));
            }
        }
        Ok(wrong)
    }

    fn refuse_unknown_inputs(&self, inputs: &Context) -> Result<(), DmnError> {
        if self.names == NameCheck::Lenient {
            return Ok(());
        }
        let names = self.unknown_inputs(inputs);
        if names.is_empty() {
            Ok(())
        } else {
            Err(DmnError::UnknownInputs { names })
        }
    }

    /// The error for a run that ran out of budget, naming the innermost decision.
    fn decision_error(&self, run: &Run, top: (usize, usize), exceeded: BudgetExceeded) -> DmnError {
        self.element_error(run.failed_decision().unwrap_or(top), exceeded)
    }

    fn element_error(&self, (m, d): (usize, usize), exceeded: BudgetExceeded) -> DmnError {
        let decision = &self.inner.models[m].decisions[d];
        budget_error("decision", &decision.variable.name, &decision.id, exceeded)
    }

    /// These models with another budget for each evaluation.
    pub fn with_limits(&self, limits: Limits) -> ModelSet {
        ModelSet {
            limits,
            ..self.clone()
        }
    }
}

/// The error for an evaluation of an element that ran out of budget.
fn budget_error(kind: &'static str, name: &str, id: &str, exceeded: BudgetExceeded) -> DmnError {
    DmnError::Budget {
        kind,
        name: excerpt(name),
        element_id: excerpt(id),
        exceeded,
    }
}

/// Whether `name` is an input data or a decision of `model`, its namespace, or the name of
/// one of its imports.
fn model_has(model: &Model, name: &str) -> bool {
    model.namespace == name
        || model.imports.iter().any(|i| &*i.name == name)
        || model.inputs.iter().any(|i| &*i.variable.name == name)
        || model.decisions.iter().any(|d| &*d.variable.name == name)
}
