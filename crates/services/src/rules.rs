//! Rules: DMN models and dated parameters, and deciding with them as of a date.
//!
//! A service folder holds rules; so do the files named on `sheshim decide`'s command line.
//! Both decide here, so the dated parameters are merged into the inputs in one place.

use crate::service::ServiceError;
use chrono::NaiveDate;
use sheshim_dmn::{LoadOptions, ModelSet, Trace};
use sheshim_feel::{Context, Env, Value};
use sheshim_params::{ParameterSet, ResolvedParameter};
use std::sync::Arc;

/// Models and the dated parameters their decisions read as inputs.
#[derive(Clone)]
pub struct Rules {
    models: ModelSet,
    parameters: ParameterSet,
}

/// A decision taken as of a date, with the parameter values it used.
pub struct Decided {
    /// The decision's name.
    pub decision: String,
    /// The date the law was applied as of.
    pub as_of: NaiveDate,
    /// The decision's result.
    pub value: Value,
    /// The dated parameters in force on the as-of date, with their sources.
    pub parameters: Vec<ResolvedParameter>,
    /// The evaluation's trace, when one was asked for.
    pub trace: Option<Trace>,
}

impl Decided {
    /// The legal basis of the rules that were applied: the `legal basis` annotations of
    /// every rule selected in the trace, in order, each once. Empty without a trace (decide
    /// with [`Tracing::On`] to have them).
    pub fn citations(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let Some(trace) = &self.trace else {
            return out;
        };
        for decision in &trace.decisions {
            for table in &decision.tables {
                for rule in &table.selected {
                    for (column, text) in &rule.annotations {
                        if column.eq_ignore_ascii_case("legal basis") && !out.contains(text) {
                            out.push(text.clone());
                        }
                    }
                }
            }
        }
        out
    }
}

/// Whether to record the trace of an evaluation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tracing {
    /// Only the result.
    Off,
    /// The result and its trace.
    On,
}

impl Rules {
    /// Rules from loaded models and parameters.
    pub fn new(models: ModelSet, parameters: ParameterSet) -> Rules {
        Rules { models, parameters }
    }

    /// Rules from model texts and parameter files' texts, each as `(file name, text)`,
    /// the models loaded with `options` (how names are checked, the evaluation's limits).
    ///
    /// # Errors
    /// A model that does not load or a parameter file that does not parse, named by file.
    pub fn from_texts(
        models: &[(String, String)],
        parameter_files: &[(String, String)],
        options: &LoadOptions,
    ) -> Result<Rules, ServiceError> {
        let borrowed: Vec<(&str, &str)> = models
            .iter()
            .map(|(name, text)| (name.as_str(), text.as_str()))
            .collect();
        let models = ModelSet::load_with(&borrowed, options)?;
        let mut parameters = ParameterSet::default();
        for (name, text) in parameter_files {
            parameters.merge(name, ParameterSet::parse(name, text)?)?;
        }
        Ok(Rules { models, parameters })
    }

    /// The models.
    pub fn models(&self) -> &ModelSet {
        &self.models
    }

    /// The dated parameters.
    pub fn parameters(&self) -> &ParameterSet {
        &self.parameters
    }

    /// The same models with these parameters.
    pub fn with_parameters(&self, parameters: ParameterSet) -> Rules {
        Rules {
            models: self.models.clone(),
            parameters,
        }
    }

    /// The same parameters with these models.
    pub fn with_models(&self, models: ModelSet) -> Rules {
        Rules {
            models,
            parameters: self.parameters.clone(),
        }
    }

    /// The dated parameters in force on `as_of`, as the decisions' inputs see them.
    ///
    /// # Errors
    /// A parameter with no value in force on that date.
    pub fn parameters_as_of(&self, as_of: NaiveDate) -> Result<Context, ServiceError> {
        let mut context = Context::new();
        for parameter in self.parameters.resolve(as_of)? {
            context.insert(Arc::from(parameter.name.as_str()), parameter.value);
        }
        Ok(context)
    }

    /// Decides `decision` for these inputs as of a date: the dated parameters in force that
    /// day are added to the inputs under their names, and inputs whose values do not fit
    /// their declared types are refused (DMN would evaluate them as `null`).
    ///
    /// # Errors
    /// An input named like a parameter, a parameter not in force, inputs of the wrong type,
    /// or an error of the evaluation.
    pub fn decide(
        &self,
        decision: &str,
        inputs: &Context,
        as_of: NaiveDate,
        env: &Env,
        tracing: Tracing,
    ) -> Result<Decided, ServiceError> {
        let parameters = self.parameters.resolve(as_of)?;
        let mut all = inputs.clone();
        for parameter in &parameters {
            if inputs.get(&parameter.name).is_some() {
                return Err(ServiceError::InputShadowsParameter(parameter.name.clone()));
            }
            all.insert(Arc::from(parameter.name.as_str()), parameter.value.clone());
        }
        let wrong = self.models.nonconforming_inputs(None, decision, &all)?;
        if !wrong.is_empty() {
            let list: Vec<String> = wrong
                .iter()
                .map(|(name, ty)| format!("{name:?} must be a {ty}"))
                .collect();
            return Err(ServiceError::WrongInputTypes(list.join("; ")));
        }
        let (value, trace) = match tracing {
            Tracing::On => {
                let (value, trace) = self
                    .models
                    .evaluate_decision_traced(None, decision, &all, env)?;
                (value, Some(trace))
            }
            Tracing::Off => (
                self.models.evaluate_decision(None, decision, &all, env)?,
                None,
            ),
        };
        Ok(Decided {
            decision: decision.to_owned(),
            as_of,
            value,
            parameters,
            trace,
        })
    }
}
