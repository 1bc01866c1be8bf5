//! Functions: boxed FEEL function definitions closed over their scope, business knowledge
//! models and decision services as FEEL functions, and calling them with arguments.

use super::run::{add_requirement, finish_frame};
use super::types::result_type;
use super::{Eval, Evaluator, Inner, Run, context_value};
use crate::model::*;
use sheshim_feel::{Args, Budget, BudgetExceeded, Context, Env, FeelFunction, Name, Scope, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// Binds call arguments to parameters: positional must match in number, named must all be
/// parameters (missing ones are `null`). `None` when the call does not fit.
fn bind_args(parameters: &[Variable], args: Args) -> Option<Vec<Value>> {
    match args {
        Args::Positional(values) => (values.len() == parameters.len()).then_some(values),
        Args::Named(pairs) => {
            let mut out = vec![Value::Null; parameters.len()];
            for (name, v) in pairs {
                let i = parameters.iter().position(|p| p.name == name)?;
                out[i] = v;
            }
            Some(out)
        }
    }
}

/// A boxed FEEL function definition, closed over the scope it was evaluated in.
pub(super) struct Closure {
    pub(super) set: Arc<Inner>,
    pub(super) env: Env,
    pub(super) def: Arc<FunctionDef>,
    pub(super) scope: Scope,
}

impl FeelFunction for Closure {
    fn parameters(&self) -> Vec<Name> {
        self.def.parameters.iter().map(|p| p.name.clone()).collect()
    }

    fn call(&self, args: Args, budget: &Budget) -> Result<Value, BudgetExceeded> {
        let ev = Evaluator {
            set: &self.set,
            env: &self.env,
            tables: None,
            budget,
        };
        call_function_def(ev, &self.def, &self.scope, args)
            .map_err(|error| error.within(self.def.id.as_deref()))
    }
}

/// Calls a FEEL function definition: arguments coerced to the parameter types, body
/// evaluated with the parameters in scope (a level of call depth), result coerced to the
/// declared type.
fn call_function_def(ev: Evaluator, def: &FunctionDef, scope: &Scope, args: Args) -> Eval {
    if def.kind != FunctionKind::Feel {
        return Ok(Value::Null);
    }
    let Some(values) = bind_args(&def.parameters, args) else {
        return Ok(Value::Null);
    };
    let mut frame = Context::new();
    for (p, v) in def.parameters.iter().zip(values) {
        let was_null = v.is_null();
        let v = ev.coerce(v, &p.ty)?;
        if v.is_null() && !was_null {
            return Ok(Value::Null);
        }
        frame.insert(p.name.clone(), v);
    }
    let _call = ev.budget.enter_call()?;
    let result = match &def.body {
        Some(body) => ev.boxed(body, &scope.push(frame))?,
        None => Value::Null,
    };
    ev.coerce(result, &def.ty)
}

/// A business knowledge model as a FEEL function.
struct BkmFunction {
    set: Arc<Inner>,
    env: Env,
    model: usize,
    bkm: usize,
}

impl FeelFunction for BkmFunction {
    fn parameters(&self) -> Vec<Name> {
        let bkm = &self.set.models[self.model].bkms[self.bkm];
        bkm.logic
            .as_ref()
            .map(|f| f.parameters.iter().map(|p| p.name.clone()).collect())
            .unwrap_or_default()
    }

    fn call(&self, args: Args, budget: &Budget) -> Result<Value, BudgetExceeded> {
        let ev = Evaluator {
            set: &self.set,
            env: &self.env,
            tables: None,
            budget,
        };
        let bkm = &self.set.models[self.model].bkms[self.bkm];
        let Some(def) = &bkm.logic else {
            return Ok(Value::Null);
        };
        let mut frame = knowledge_context(&self.set, &self.env, self.model, &bkm.knows);
        // A BKM may call itself.
        if frame.get(&bkm.variable.name).is_none() {
            let own = element_function(&self.set, &self.env, self.model, ElementRef::Bkm(self.bkm));
            frame.insert(bkm.variable.name.clone(), own);
        }
        let result = call_function_def(ev, def, &Scope::new().push(frame), args)
            .and_then(|result| ev.coerce(result, &result_type(&self.set.models, &bkm.variable.ty)));
        result.map_err(|error| error.within(Some(&bkm.id)))
    }

    fn describe(&self) -> String {
        format!(
            "{}({})",
            self.set.models[self.model].bkms[self.bkm].variable.name,
            self.parameters().join(", ")
        )
    }
}

/// A decision service as a FEEL function: parameters are its input data, then its input decisions.
struct ServiceFunction {
    set: Arc<Inner>,
    env: Env,
    model: usize,
    service: usize,
}

impl ServiceFunction {
    fn parameter_refs(&self) -> Vec<(usize, ElementRef)> {
        let s = &self.set.models[self.model].services[self.service];
        s.input_data
            .iter()
            .map(|&(m, i)| (m, ElementRef::Input(i)))
            .chain(
                s.input_decisions
                    .iter()
                    .map(|&(m, d)| (m, ElementRef::Decision(d))),
            )
            .collect()
    }
}

impl FeelFunction for ServiceFunction {
    fn parameters(&self) -> Vec<Name> {
        self.parameter_refs()
            .into_iter()
            .map(|(m, e)| self.set.models[m].element_name(e).clone())
            .collect()
    }

    fn call(&self, args: Args, budget: &Budget) -> Result<Value, BudgetExceeded> {
        let names = self.parameters();
        let values = match args {
            Args::Positional(v) if v.len() == names.len() => v,
            Args::Positional(_) => return Ok(Value::Null),
            Args::Named(pairs) => {
                let mut out = vec![Value::Null; names.len()];
                for (n, v) in pairs {
                    let Some(i) = names.iter().position(|x| *x == n) else {
                        return Ok(Value::Null);
                    };
                    out[i] = v;
                }
                out
            }
        };
        let ev = Evaluator {
            set: &self.set,
            env: &self.env,
            tables: None,
            budget,
        };
        let mut inputs = Context::new();
        for ((n, v), (m, e)) in names.into_iter().zip(values).zip(self.parameter_refs()) {
            let ty = match e {
                ElementRef::Input(i) => &self.set.models[m].inputs[i].variable.ty,
                ElementRef::Decision(d) => &self.set.models[m].decisions[d].variable.ty,
                _ => &Ty::Any,
            };
            // An argument that does not conform makes the call fail.
            if !v.is_null() && ev.coerce(v.clone(), ty)?.is_null() {
                return Ok(Value::Null);
            }
            inputs.insert(n, v);
        }
        let _call = budget.enter_call()?;
        evaluate_service(
            &self.set,
            &self.env,
            self.model,
            self.service,
            &inputs,
            budget,
        )
    }
}

/// Evaluates a decision service with its parameters by name.
pub(crate) fn evaluate_service(
    set: &Arc<Inner>,
    env: &Env,
    model: usize,
    service: usize,
    inputs: &Context,
    budget: &Budget,
) -> Eval {
    let s = &set.models[model].services[service];
    let ev = Evaluator {
        set,
        env,
        tables: None,
        budget,
    };
    let outcome = || -> Eval {
        let mut overrides = HashMap::new();
        for &(m, d) in &s.input_decisions {
            let decision = &set.models[m].decisions[d];
            let v = inputs
                .get(&decision.variable.name)
                .cloned()
                .unwrap_or(Value::Null);
            overrides.insert((m, d), ev.coerce(v, &decision.variable.ty)?);
        }
        let run = Run::new(set, env, model, inputs, overrides, false, budget);
        let result = if s.outputs.len() == 1 {
            let (m, d) = s.outputs[0];
            run.evaluate(m, d)?
        } else {
            let mut c = Context::new();
            for &(m, d) in &s.outputs {
                c.insert(
                    set.models[m].decisions[d].variable.name.clone(),
                    run.evaluate(m, d)?,
                );
            }
            context_value(c)
        };
        ev.coerce(result, &result_type(&set.models, &s.variable.ty))
    };
    outcome().map_err(|error| error.within(Some(&s.id)))
}

/// Calls a BKM with arguments by parameter name.
pub(crate) fn evaluate_bkm(
    set: &Arc<Inner>,
    env: &Env,
    model: usize,
    bkm: usize,
    args: &Context,
    budget: &Budget,
) -> Eval {
    let f = BkmFunction {
        set: set.clone(),
        env: env.clone(),
        model,
        bkm,
    };
    let args = args
        .entries()
        .iter()
        .map(|(n, v)| (n.clone(), v.clone()))
        .collect();
    f.call(Args::Named(args), budget)
}

pub(super) fn element_function(set: &Arc<Inner>, env: &Env, m: usize, e: ElementRef) -> Value {
    match e {
        ElementRef::Bkm(b) => Value::Function(Arc::new(BkmFunction {
            set: set.clone(),
            env: env.clone(),
            model: m,
            bkm: b,
        })),
        ElementRef::Service(s) => Value::Function(Arc::new(ServiceFunction {
            set: set.clone(),
            env: env.clone(),
            model: m,
            service: s,
        })),
        _ => Value::Null,
    }
}

/// The functions a BKM knows (its knowledge requirements).
pub(super) fn knowledge_context(
    set: &Arc<Inner>,
    env: &Env,
    m: usize,
    knows: &[(usize, ElementRef)],
) -> Context {
    let mut frame = Context::new();
    let mut imported = Vec::new();
    for &(mm, e) in knows {
        let f = element_function(set, env, mm, e);
        add_requirement(&set.models, &mut frame, &mut imported, m, mm, e, f);
    }
    finish_frame(frame, imported)
}
