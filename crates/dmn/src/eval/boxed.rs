//! The boxed expressions: literal expressions, contexts, lists, relations, invocations,
//! function definitions, conditionals, filters and iterators.
//!
//! Each kind is evaluated by its own function so that [`Evaluator::boxed`], on every level
//! of the recursion, keeps a small stack frame; each checks the stack on the way down, and
//! iterations take steps of the budget.

use super::invocation::Closure;
use super::{Eval, Evaluator, context_value};
use crate::model::*;
use sheshim_feel::{Args, Context, Name, Scope, Value};
use std::sync::Arc;

impl Evaluator<'_> {
    /// Evaluates a boxed expression in a scope; the result is coerced to the expression's
    /// own `typeRef`, if it has one. Running out of budget names this expression's id,
    /// unless an expression inside it was named already.
    pub fn boxed(&self, b: &Boxed, scope: &Scope) -> Eval {
        self.boxed_typed(b, scope)
            .map_err(|error| error.within(b.id.as_deref()))
    }

    fn boxed_typed(&self, b: &Boxed, scope: &Scope) -> Eval {
        self.budget.check_stack()?;
        let v = self.boxed_kind(b, scope)?;
        if b.type_ref.is_none() || matches!(b.kind, BoxedKind::Function(_)) {
            Ok(v)
        } else {
            self.coerce(v, &b.ty)
        }
    }

    fn boxed_kind(&self, b: &Boxed, scope: &Scope) -> Eval {
        match &b.kind {
            BoxedKind::Literal(e) => self.feel(e, scope),
            BoxedKind::Table(t) => self.table(t, scope),
            BoxedKind::Context(entries) => self.context(entries, scope),
            BoxedKind::List(items) => self.list(items, scope),
            BoxedKind::Relation { columns, rows } => self.relation(columns, rows, scope),
            BoxedKind::Invocation { callee, bindings } => self.invocation(callee, bindings, scope),
            BoxedKind::Function(def) => self.function(def, scope),
            BoxedKind::Conditional {
                condition,
                then,
                otherwise,
            } => match self.boxed(condition, scope)? {
                Value::Boolean(true) => self.boxed(then, scope),
                Value::Boolean(false) | Value::Null => self.boxed(otherwise, scope),
                _ => Ok(Value::Null),
            },
            BoxedKind::Filter { source, condition } => self.filter(source, condition, scope),
            BoxedKind::For {
                variable,
                source,
                body,
            } => self.iterate(variable, source, body, scope),
            BoxedKind::Quantified {
                every,
                variable,
                source,
                condition,
            } => self.quantified(*every, variable, source, condition, scope),
            BoxedKind::Unsupported => Ok(Value::Null),
        }
    }

    /// A value just built, accounted for in the budget.
    pub(super) fn built(&self, value: Value) -> Eval {
        self.budget.built(&value)?;
        Ok(value)
    }

    fn list(&self, items: &[Boxed], scope: &Scope) -> Eval {
        let items = items
            .iter()
            .map(|i| self.boxed(i, scope))
            .collect::<Result<Vec<_>, _>>()?;
        self.built(Value::list(items))
    }

    fn relation(&self, columns: &[Variable], rows: &[Vec<Boxed>], scope: &Scope) -> Eval {
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let mut c = Context::new();
            for (col, cell) in columns.iter().zip(row) {
                let v = self.boxed(cell, scope)?;
                c.insert(col.name.clone(), self.coerce(v, &col.ty)?);
            }
            out.push(self.built(context_value(c))?);
        }
        self.built(Value::list(out))
    }

    fn invocation(&self, callee: &FeelExpr, bindings: &[Binding], scope: &Scope) -> Eval {
        let Value::Function(f) = self.feel(callee, scope)? else {
            return Ok(Value::Null);
        };
        let mut args = Vec::with_capacity(bindings.len());
        for bnd in bindings {
            let v = match &bnd.value {
                Some(x) => self.boxed(x, scope)?,
                None => Value::Null,
            };
            args.push((
                bnd.parameter.name.clone(),
                self.coerce(v, &bnd.parameter.ty)?,
            ));
        }
        f.call(Args::Named(args), self.budget)
    }

    fn function(&self, def: &Arc<FunctionDef>, scope: &Scope) -> Eval {
        match def.kind {
            FunctionKind::Feel => Ok(Value::Function(Arc::new(Closure {
                set: self.set.clone(),
                env: self.env.clone(),
                def: def.clone(),
                scope: scope.clone(),
            }))),
            FunctionKind::Java => {
                // The body is a context naming the class and the method signature.
                let mapping = match &def.body {
                    Some(body) => self.boxed(body, scope)?,
                    None => Value::Null,
                };
                let names = def.parameters.iter().map(|p| p.name.clone()).collect();
                Ok(sheshim_feel::java_function_of(&mapping, names))
            }
            FunctionKind::Pmml => Ok(Value::Null),
        }
    }

    fn filter(&self, source: &Boxed, condition: &Boxed, scope: &Scope) -> Eval {
        let Value::List(items) = self.boxed(source, scope)? else {
            return Ok(Value::Null);
        };
        let mut out = Vec::new();
        for item in items.iter() {
            self.budget.step()?;
            let mut frame = match item {
                Value::Context(c) => c.as_ref().clone(),
                _ => Context::new(),
            };
            frame.insert(Arc::from("item"), item.clone());
            match self.boxed(condition, &scope.push(frame))? {
                Value::Boolean(true) => out.push(item.clone()),
                Value::Boolean(false) | Value::Null => {}
                _ => return Ok(Value::Null),
            }
        }
        Ok(Value::list(out))
    }

    fn iterate(&self, variable: &Name, source: &Boxed, body: &Boxed, scope: &Scope) -> Eval {
        let Some(items) = iteration_items(self.boxed(source, scope)?) else {
            return Ok(Value::Null);
        };
        let mut out: Vec<Value> = Vec::with_capacity(items.len());
        for item in items {
            self.budget.step()?;
            // `partial` is a copy of the results so far: it costs their number.
            let partial = self.built(Value::list(out.clone()))?;
            let mut frame = Context::new();
            frame.insert(variable.clone(), item);
            frame.insert(Arc::from("partial"), partial);
            out.push(self.boxed(body, &scope.push(frame))?);
        }
        self.built(Value::list(out))
    }

    fn quantified(
        &self,
        every: bool,
        variable: &Name,
        source: &Boxed,
        condition: &Boxed,
        scope: &Scope,
    ) -> Eval {
        let Value::List(items) = self.boxed(source, scope)? else {
            return Ok(Value::Null);
        };
        // `some`: true if any is true; `every`: false if any is false or null; a
        // condition that is not a boolean (or null) makes the whole null.
        let mut decided = false;
        for item in items.iter() {
            self.budget.step()?;
            let mut frame = Context::new();
            frame.insert(variable.clone(), item.clone());
            match self.boxed(condition, &scope.push(frame))? {
                Value::Boolean(b) => decided |= b != every,
                Value::Null => decided |= every,
                _ => return Ok(Value::Null),
            }
        }
        Ok(Value::Boolean(decided != every))
    }

    /// A boxed context: each entry sees the entries before it; an entry without a variable
    /// is the context's result.
    fn context(&self, entries: &[ContextEntry], scope: &Scope) -> Eval {
        self.budget.allow_context(entries.len())?;
        let mut result = Context::new();
        let mut scope = scope.clone();
        for e in entries {
            let value = self.boxed(&e.value, &scope)?;
            match &e.variable {
                Some(v) => {
                    let value = self.coerce(value, &v.ty)?;
                    result.insert(v.name.clone(), value.clone());
                    let mut frame = Context::new();
                    frame.insert(v.name.clone(), value);
                    scope = scope.push(frame);
                }
                None => return Ok(value),
            }
        }
        self.built(context_value(result))
    }
}

fn iteration_items(v: Value) -> Option<Vec<Value>> {
    match v {
        Value::List(l) => Some(l.as_ref().clone()),
        Value::Null => None,
        other => Some(vec![other]),
    }
}
