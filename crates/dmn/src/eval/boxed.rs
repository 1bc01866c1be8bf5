//! The boxed expressions: literal expressions, contexts, lists, relations, invocations,
//! function definitions, conditionals, filters and iterators.

use super::invocation::Closure;
use super::{Evaluator, context_value};
use crate::model::*;
use sheshim_feel::{Args, Context, Scope, Value};
use std::sync::Arc;

impl Evaluator<'_> {
    /// Evaluates a boxed expression in a scope; the result is coerced to the expression's
    /// own `typeRef`, if it has one.
    pub fn boxed(&self, b: &Boxed, scope: &Scope) -> Value {
        let v = self.boxed_kind(b, scope);
        if b.type_ref.is_none() || matches!(b.kind, BoxedKind::Function(_)) {
            v
        } else {
            self.coerce(v, &b.ty)
        }
    }

    fn boxed_kind(&self, b: &Boxed, scope: &Scope) -> Value {
        match &b.kind {
            BoxedKind::Literal(e) => self.feel(e, scope),
            BoxedKind::Table(t) => self.table(t, scope),
            BoxedKind::Context(entries) => self.context(entries, scope),
            BoxedKind::List(items) => {
                Value::list(items.iter().map(|i| self.boxed(i, scope)).collect())
            }
            BoxedKind::Relation { columns, rows } => Value::list(
                rows.iter()
                    .map(|row| {
                        let mut c = Context::new();
                        for (col, cell) in columns.iter().zip(row) {
                            let v = self.boxed(cell, scope);
                            c.insert(col.name.clone(), self.coerce(v, &col.ty));
                        }
                        context_value(c)
                    })
                    .collect(),
            ),
            BoxedKind::Invocation { callee, bindings } => {
                let Value::Function(f) = self.feel(callee, scope) else {
                    return Value::Null;
                };
                let args = bindings
                    .iter()
                    .map(|bnd| {
                        let v = bnd
                            .value
                            .as_ref()
                            .map_or(Value::Null, |x| self.boxed(x, scope));
                        (
                            bnd.parameter.name.clone(),
                            self.coerce(v, &bnd.parameter.ty),
                        )
                    })
                    .collect();
                f.call(Args::Named(args))
            }
            BoxedKind::Function(def) => match def.kind {
                FunctionKind::Feel => Value::Function(Arc::new(Closure {
                    set: self.set.clone(),
                    env: self.env.clone(),
                    def: def.clone(),
                    scope: scope.clone(),
                })),
                FunctionKind::Java => {
                    // The body is a context naming the class and the method signature.
                    let mapping = def
                        .body
                        .as_ref()
                        .map_or(Value::Null, |body| self.boxed(body, scope));
                    let names = def.parameters.iter().map(|p| p.name.clone()).collect();
                    sheshim_feel::java_function_of(&mapping, names)
                }
                FunctionKind::Pmml => Value::Null,
            },
            BoxedKind::Conditional {
                condition,
                then,
                otherwise,
            } => match self.boxed(condition, scope) {
                Value::Boolean(true) => self.boxed(then, scope),
                Value::Boolean(false) | Value::Null => self.boxed(otherwise, scope),
                _ => Value::Null,
            },
            BoxedKind::Filter { source, condition } => {
                let Value::List(items) = self.boxed(source, scope) else {
                    return Value::Null;
                };
                let mut out = Vec::new();
                for item in items.iter() {
                    let mut frame = match item {
                        Value::Context(c) => c.as_ref().clone(),
                        _ => Context::new(),
                    };
                    frame.insert(Arc::from("item"), item.clone());
                    match self.boxed(condition, &scope.push(frame)) {
                        Value::Boolean(true) => out.push(item.clone()),
                        Value::Boolean(false) | Value::Null => {}
                        _ => return Value::Null,
                    }
                }
                Value::list(out)
            }
            BoxedKind::For {
                variable,
                source,
                body,
            } => {
                let Some(items) = iteration_items(self.boxed(source, scope)) else {
                    return Value::Null;
                };
                let mut out: Vec<Value> = Vec::with_capacity(items.len());
                for item in items {
                    let mut frame = Context::new();
                    frame.insert(variable.clone(), item);
                    frame.insert(Arc::from("partial"), Value::list(out.clone()));
                    out.push(self.boxed(body, &scope.push(frame)));
                }
                Value::list(out)
            }
            BoxedKind::Quantified {
                every,
                variable,
                source,
                condition,
            } => {
                let Value::List(items) = self.boxed(source, scope) else {
                    return Value::Null;
                };
                // `some`: true if any is true; `every`: false if any is false or null; a
                // condition that is not a boolean (or null) makes the whole null.
                let mut decided = false;
                for item in items.iter() {
                    let mut frame = Context::new();
                    frame.insert(variable.clone(), item.clone());
                    match self.boxed(condition, &scope.push(frame)) {
                        Value::Boolean(b) => decided |= b != *every,
                        Value::Null => decided |= *every,
                        _ => return Value::Null,
                    }
                }
                Value::Boolean(decided != *every)
            }
            BoxedKind::Unsupported(_) => Value::Null,
        }
    }

    fn context(&self, entries: &[ContextEntry], scope: &Scope) -> Value {
        let mut result = Context::new();
        let mut scope = scope.clone();
        for e in entries {
            let value = self.boxed(&e.value, &scope);
            match &e.variable {
                Some(v) => {
                    let value = self.coerce(value, &v.ty);
                    result.insert(v.name.clone(), value.clone());
                    let mut frame = Context::new();
                    frame.insert(v.name.clone(), value);
                    scope = scope.push(frame);
                }
                None => return value,
            }
        }
        context_value(result)
    }

    // ---- decision tables ----
}

fn iteration_items(v: Value) -> Option<Vec<Value>> {
    match v {
        Value::List(l) => Some(l.as_ref().clone()),
        Value::Null => None,
        other => Some(vec![other]),
    }
}
