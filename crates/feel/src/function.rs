//! Functions defined in FEEL (`function(a, b) a + b`), closed over the scope they were
//! defined in, and external Java functions.

use crate::Scope;
use crate::ast::{Expr, TypeRef};
use crate::eval::{Cx, Env, eval, evaluate_within};
use sheshim_values::{Args, Budget, BudgetExceeded, Context, FeelFunction, Name, Type, Value};
use std::sync::Arc;

/// `function(…) external {java: {class: "…", method signature: "…"}}`: one of the Java
/// methods `sheshim_values::java` implements, or `null` (PMML and anything else).
pub(crate) fn external_function(
    params: &Arc<[(Name, Option<TypeRef>)]>,
    body: &Arc<Expr>,
    cx: Cx,
) -> Result<Value, BudgetExceeded> {
    let Value::Context(mapping) = eval(body, cx)? else {
        return Ok(Value::Null);
    };
    let names = params.iter().map(|(name, _)| name.clone()).collect();
    Ok(mapping.get("java").map_or(Value::Null, |java| {
        sheshim_values::java_function_of(java, names)
    }))
}

/// The function value of a definition evaluated in `cx`'s scope; `self_name` is the
/// context entry it is defined as, so that it can call itself.
pub(crate) fn closure(
    params: &Arc<[(Name, Option<TypeRef>)]>,
    body: &Arc<Expr>,
    cx: Cx,
    self_name: Option<Name>,
) -> Value {
    Value::Function(Arc::new(Closure {
        params: params.clone(),
        body: body.clone(),
        scope: cx.scope.clone(),
        env: cx.env.clone(),
        self_name,
    }))
}

/// A function defined in FEEL: its parameters, body and the scope it was defined in.
#[derive(Clone)]
struct Closure {
    params: Arc<[(Name, Option<TypeRef>)]>,
    body: Arc<Expr>,
    scope: Scope,
    env: Env,
    /// The context entry the function was defined as, so that it can call itself.
    self_name: Option<Name>,
}

impl Closure {
    /// Checks an argument against a parameter type, applying the singleton-list conversions.
    fn coerce(&self, value: Value, ty: &Option<TypeRef>) -> Option<Value> {
        let Some(ty) = ty else { return Some(value) };
        if value.is_null() {
            return Some(value);
        }
        match ty {
            TypeRef::Named(n) => match self.scope.types().and_then(|r| r.conforms(n, &value)) {
                Some(false) => None,
                _ => Some(value),
            },
            TypeRef::Known(t) => {
                if value.conforms_to(t) {
                    return Some(value);
                }
                if let Value::List(items) = &value
                    && items.len() == 1
                    && items[0].conforms_to(t)
                {
                    return Some(items[0].clone());
                }
                if let Type::List(inner) = t
                    && value.conforms_to(inner)
                {
                    return Some(Value::list(vec![value]));
                }
                None
            }
        }
    }

    /// The parameters bound to the arguments, or `None` when the call does not fit.
    fn bind(&self, args: Args) -> Option<Context> {
        let mut frame = Context::new();
        if let Some(n) = &self.self_name {
            frame.insert(n.clone(), Value::Function(Arc::new(self.clone())));
        }
        match args {
            Args::Positional(values) => {
                if values.len() != self.params.len() {
                    return None;
                }
                for ((name, ty), v) in self.params.iter().zip(values) {
                    frame.insert(name.clone(), self.coerce(v, ty)?);
                }
            }
            Args::Named(pairs) => {
                for (name, v) in pairs {
                    let (pname, ty) = self.params.iter().find(|(p, _)| *p == name)?;
                    frame.insert(pname.clone(), self.coerce(v, ty)?);
                }
                for (name, _) in self.params.iter() {
                    if frame.get(name).is_none() {
                        frame.insert(name.clone(), Value::Null);
                    }
                }
            }
        }
        Some(frame)
    }
}

impl FeelFunction for Closure {
    fn parameters(&self) -> Vec<Name> {
        self.params.iter().map(|(n, _)| n.clone()).collect()
    }

    fn call(&self, args: Args, budget: &Budget) -> Result<Value, BudgetExceeded> {
        let Some(frame) = self.bind(args) else {
            return Ok(Value::Null);
        };
        let _call = budget.enter_call()?;
        let scope = self.scope.push(frame);
        evaluate_within(&self.body, &scope, &self.env, budget)
    }
}
