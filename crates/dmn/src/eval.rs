//! Evaluation of decisions, business knowledge models, decision services and boxed
//! expressions. FEEL problems give `null`, never an error.

use crate::model::*;
use crate::trace::{DecisionTrace, TableTrace};
use sheshim_feel::{
    Args, Context, Env, FeelFunction, Name, Scope, Type, Value, evaluate, evaluate_unary_tests,
};
use std::cell::RefCell;
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// The loaded, linked models.
pub(crate) struct Inner {
    pub models: Vec<Model>,
    /// SHA-256 (hex) identifying the model texts.
    pub sha256: Arc<str>,
}

/// How deep item definitions may refer to each other while coercing a value.
const MAX_TYPE_DEPTH: usize = 64;

/// Evaluates boxed expressions and coerces values; shared by decisions and functions.
#[derive(Clone, Copy)]
pub(crate) struct Evaluator<'a> {
    pub set: &'a Arc<Inner>,
    pub env: &'a Env,
    /// Where decision-table hits are recorded when a trace was asked for.
    pub tables: Option<&'a RefCell<Vec<TableTrace>>>,
}

fn is_true(v: &Value) -> bool {
    matches!(v, Value::Boolean(true))
}

pub(crate) fn context_value(c: Context) -> Value {
    Value::Context(Arc::new(c))
}

impl<'a> Evaluator<'a> {
    fn models(&self) -> &'a [Model] {
        &self.set.models
    }

    // ---- types ----

    /// The value as the declared type: unchanged if it conforms, converted by the singleton
    /// list rules if that makes it conform, `null` otherwise (DMN 1.5 §10.3.2.9).
    pub fn coerce(&self, value: Value, ty: &Ty) -> Value {
        self.coerce_depth(value, ty, 0)
    }

    fn coerce_depth(&self, value: Value, ty: &Ty, depth: usize) -> Value {
        if value.is_null() || depth > MAX_TYPE_DEPTH {
            return value;
        }
        match ty {
            Ty::Any => value,
            Ty::Feel(t) => coerce_feel(value, t),
            Ty::Item(m, i) => {
                let def = &self.models()[*m].item_defs[*i];
                self.coerce_item(value, def, depth + 1)
            }
        }
    }

    fn coerce_item(&self, value: Value, def: &ItemDef, depth: usize) -> Value {
        if value.is_null() {
            return value;
        }
        if def.is_collection {
            let items: Vec<Value> = match &value {
                Value::List(l) => l.as_ref().clone(),
                _ => vec![value.clone()],
            };
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                let was_null = item.is_null();
                let c = self.coerce_single(item, def, depth);
                if c.is_null() && !was_null {
                    return Value::Null;
                }
                out.push(c);
            }
            return Value::list(out);
        }
        if let Value::List(l) = &value {
            let base_is_list = matches!(def.base, Ty::Feel(Type::List(_)))
                || matches!(def.base, Ty::Item(m, i) if self.models()[m].item_defs[i].is_collection);
            if l.len() == 1 && def.components.is_empty() && !base_is_list {
                return self.coerce_single(l[0].clone(), def, depth);
            }
        }
        self.coerce_single(value, def, depth)
    }

    fn coerce_single(&self, value: Value, def: &ItemDef, depth: usize) -> Value {
        if value.is_null() {
            return value;
        }
        let value = if def.function.is_some() {
            match value {
                Value::Function(_) => value,
                _ => return Value::Null,
            }
        } else if !def.components.is_empty() {
            let Value::Context(ctx) = &value else {
                return Value::Null;
            };
            let mut out = ctx.as_ref().clone();
            for c in &def.components {
                // A context lacking a component does not conform to the type.
                let Some(v) = ctx.get(&c.name) else {
                    return Value::Null;
                };
                let was_null = v.is_null();
                let coerced = self.coerce_item(v.clone(), c, depth + 1);
                if coerced.is_null() && !was_null {
                    return Value::Null;
                }
                out.insert(c.name.clone(), coerced);
            }
            context_value(out)
        } else {
            let v = self.coerce_depth(value, &def.base, depth + 1);
            if v.is_null() {
                return v;
            }
            v
        };
        for constraint in [&def.allowed_values, &def.type_constraint]
            .into_iter()
            .flatten()
        {
            if let Some(tests) = &constraint.ast
                && !is_true(&evaluate_unary_tests(
                    tests,
                    &value,
                    &Scope::new(),
                    self.env,
                ))
            {
                return Value::Null;
            }
        }
        value
    }

    // ---- boxed expressions ----

    fn feel(&self, e: &FeelExpr, scope: &Scope) -> Value {
        match &e.ast {
            Some(ast) => evaluate(ast, scope, self.env),
            None => Value::Null,
        }
    }

    fn test(&self, t: &FeelTests, input: &Value, scope: &Scope) -> bool {
        if t.is_any() {
            return true;
        }
        match &t.ast {
            Some(ast) => is_true(&evaluate_unary_tests(ast, input, scope, self.env)),
            None => false,
        }
    }

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

    fn table(&self, t: &DecisionTable, scope: &Scope) -> Value {
        let mut inputs = Vec::with_capacity(t.inputs.len());
        for i in &t.inputs {
            let v = self.feel(&i.expression, scope);
            if let Some(allowed) = &i.input_values
                && !v.is_null()
                && !self.test(allowed, &v, scope)
            {
                self.record_table(t, &[], &[]);
                return Value::Null;
            }
            inputs.push(v);
        }
        let rule_matches = |r: &&Rule| {
            r.inputs
                .iter()
                .zip(&inputs)
                .all(|(entry, v)| self.test(entry, v, scope))
        };
        // FIRST stops at the first match: later rules are not evaluated, nor traced.
        let matched: Vec<&Rule> = if t.hit_policy == HitPolicy::First {
            t.rules.iter().find(rule_matches).into_iter().collect()
        } else {
            t.rules.iter().filter(rule_matches).collect()
        };
        if matched.is_empty() {
            self.record_table(t, &[], &[]);
            return self.no_match(t, scope);
        }
        let (value, selected) = self.apply_hit_policy(t, &matched, scope);
        self.record_table(t, &matched, &selected);
        value
    }

    /// The table's result from its matched rules, and the rules that result comes from.
    fn apply_hit_policy<'r>(
        &self,
        t: &DecisionTable,
        matched: &[&'r Rule],
        scope: &Scope,
    ) -> (Value, Vec<&'r Rule>) {
        let row = |r: &Rule| self.rule_outputs(t, r, scope);
        match t.hit_policy {
            HitPolicy::First => (self.assemble(t, row(matched[0])), vec![matched[0]]),
            HitPolicy::Unique => {
                if matched.len() > 1 {
                    (Value::Null, Vec::new())
                } else {
                    (self.assemble(t, row(matched[0])), vec![matched[0]])
                }
            }
            HitPolicy::Any => {
                let results: Vec<Value> =
                    matched.iter().map(|r| self.assemble(t, row(r))).collect();
                let first = &results[0];
                if results[1..].iter().all(|r| is_true(&r.feel_eq(first))) {
                    (first.clone(), vec![matched[0]])
                } else {
                    (Value::Null, Vec::new())
                }
            }
            HitPolicy::Priority => {
                let rows: Vec<Vec<Value>> = matched.iter().map(|r| row(r)).collect();
                let order = self.priority_order(t, &rows, scope);
                let top = order[0];
                (self.assemble(t, rows[top].clone()), vec![matched[top]])
            }
            HitPolicy::RuleOrder => (
                Value::list(matched.iter().map(|r| self.assemble(t, row(r))).collect()),
                matched.to_vec(),
            ),
            HitPolicy::OutputOrder => {
                let rows: Vec<Vec<Value>> = matched.iter().map(|r| row(r)).collect();
                let order = self.priority_order(t, &rows, scope);
                let list = order
                    .iter()
                    .map(|&i| self.assemble(t, rows[i].clone()))
                    .collect();
                (
                    Value::list(list),
                    order.iter().map(|&i| matched[i]).collect(),
                )
            }
            HitPolicy::Collect => {
                let values: Vec<Value> = matched.iter().map(|r| self.assemble(t, row(r))).collect();
                let value = match t.aggregation {
                    None => Value::list(values),
                    Some(agg) if t.outputs.len() == 1 => aggregate(agg, &values),
                    Some(_) => Value::Null,
                };
                (value, matched.to_vec())
            }
        }
    }

    /// Appends a table's hits to the trace, if one is being recorded.
    fn record_table(&self, t: &DecisionTable, matched: &[&Rule], selected: &[&Rule]) {
        let Some(tables) = self.tables else {
            return;
        };
        tables.borrow_mut().push(TableTrace {
            table_id: t.id.clone(),
            hit_policy: t.policy_text.clone(),
            matched: matched.iter().map(|r| r.trace.clone()).collect(),
            selected: selected.iter().map(|r| r.trace.clone()).collect(),
        });
    }

    fn no_match(&self, t: &DecisionTable, scope: &Scope) -> Value {
        if t.hit_policy == HitPolicy::Collect && t.aggregation == Some(Aggregation::Count) {
            return Value::Number(sheshim_feel::Number::from_i64(0));
        }
        if t.outputs.iter().all(|o| o.default.is_none()) {
            return Value::Null;
        }
        let row = t
            .outputs
            .iter()
            .map(|o| {
                let v = o
                    .default
                    .as_ref()
                    .map_or(Value::Null, |d| self.feel(d, scope));
                self.coerce(v, &o.ty)
            })
            .collect();
        self.assemble(t, row)
    }

    fn rule_outputs(&self, t: &DecisionTable, r: &Rule, scope: &Scope) -> Vec<Value> {
        r.outputs
            .iter()
            .zip(&t.outputs)
            .map(|(e, o)| self.coerce(self.feel(e, scope), &o.ty))
            .collect()
    }

    fn assemble(&self, t: &DecisionTable, mut row: Vec<Value>) -> Value {
        if t.outputs.len() == 1 {
            return row.pop().unwrap_or(Value::Null);
        }
        let mut c = Context::new();
        for (o, v) in t.outputs.iter().zip(row) {
            c.insert(o.name.clone().unwrap_or_else(|| Arc::from("")), v);
        }
        context_value(c)
    }

    /// The rows' indexes sorted (stably) by the position of each output in its column's
    /// output values: the order PRIORITY and OUTPUT ORDER use.
    fn priority_order(&self, t: &DecisionTable, rows: &[Vec<Value>], scope: &Scope) -> Vec<usize> {
        let keys: Vec<Vec<usize>> = rows
            .iter()
            .map(|row| {
                t.outputs
                    .iter()
                    .zip(row)
                    .filter(|(o, _)| !o.output_values.is_empty())
                    .map(|(o, v)| {
                        o.output_values
                            .iter()
                            .position(|ov| self.test(ov, v, scope))
                            .unwrap_or(o.output_values.len())
                    })
                    .collect()
            })
            .collect();
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
        order
    }
}

fn iteration_items(v: Value) -> Option<Vec<Value>> {
    match v {
        Value::List(l) => Some(l.as_ref().clone()),
        Value::Null => None,
        other => Some(vec![other]),
    }
}

pub(crate) fn aggregate(agg: Aggregation, values: &[Value]) -> Value {
    match agg {
        Aggregation::Count => Value::Number(sheshim_feel::Number::from_i64(
            i64::try_from(values.len()).unwrap_or(i64::MAX),
        )),
        Aggregation::Sum => {
            if values.is_empty() || !values.iter().all(|v| matches!(v, Value::Number(_))) {
                return Value::Null;
            }
            let mut total = values[0].clone();
            for v in &values[1..] {
                total = total.add(v);
            }
            total
        }
        Aggregation::Min | Aggregation::Max => {
            let want = if agg == Aggregation::Min {
                Ordering::Less
            } else {
                Ordering::Greater
            };
            let Some(mut best) = values.first().cloned() else {
                return Value::Null;
            };
            for v in &values[1..] {
                match v.feel_cmp(&best) {
                    Some(o) if o == want => best = v.clone(),
                    Some(_) => {}
                    None => return Value::Null,
                }
            }
            best
        }
    }
}

fn coerce_feel(value: Value, t: &Type) -> Value {
    if matches!(t, Type::Any) || value.conforms_to(t) {
        return value;
    }
    if let Value::List(l) = &value
        && l.len() == 1
        && !matches!(t, Type::List(_))
        && l[0].conforms_to(t)
    {
        return l[0].clone();
    }
    if let Type::List(inner) = t
        && value.conforms_to(inner)
    {
        return Value::list(vec![value]);
    }
    Value::Null
}

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
struct Closure {
    set: Arc<Inner>,
    env: Env,
    def: Arc<FunctionDef>,
    scope: Scope,
}

impl FeelFunction for Closure {
    fn parameters(&self) -> Vec<Name> {
        self.def.parameters.iter().map(|p| p.name.clone()).collect()
    }

    fn call(&self, args: Args) -> Value {
        let ev = Evaluator {
            set: &self.set,
            env: &self.env,
            tables: None,
        };
        call_function_def(ev, &self.def, &self.scope, args)
    }
}

/// Calls a FEEL function definition: arguments coerced to the parameter types, body
/// evaluated with the parameters in scope, result coerced to the declared type.
fn call_function_def(ev: Evaluator, def: &FunctionDef, scope: &Scope, args: Args) -> Value {
    if def.kind != FunctionKind::Feel {
        return Value::Null;
    }
    let Some(values) = bind_args(&def.parameters, args) else {
        return Value::Null;
    };
    let mut frame = Context::new();
    for (p, v) in def.parameters.iter().zip(values) {
        let was_null = v.is_null();
        let v = ev.coerce(v, &p.ty);
        if v.is_null() && !was_null {
            return Value::Null;
        }
        frame.insert(p.name.clone(), v);
    }
    let result = match &def.body {
        Some(body) => ev.boxed(body, &scope.push(frame)),
        None => Value::Null,
    };
    ev.coerce(result, &def.ty)
}

/// The type a BKM's or decision service's result must have: the output type when its
/// variable has a function type, else the variable's type (modellers use both).
fn result_type(models: &[Model], ty: &Ty) -> Ty {
    match ty {
        Ty::Feel(Type::Function(_, ret)) => Ty::Feel((**ret).clone()),
        Ty::Item(m, i) => match &models[*m].item_defs[*i].function {
            Some(f) => f.output.clone(),
            None => ty.clone(),
        },
        _ => ty.clone(),
    }
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

    fn call(&self, args: Args) -> Value {
        let ev = Evaluator {
            set: &self.set,
            env: &self.env,
            tables: None,
        };
        let bkm = &self.set.models[self.model].bkms[self.bkm];
        let Some(def) = &bkm.logic else {
            return Value::Null;
        };
        let mut frame = knowledge_context(&self.set, &self.env, self.model, &bkm.knows);
        // A BKM may call itself.
        if frame.get(&bkm.variable.name).is_none() {
            let own = element_function(&self.set, &self.env, self.model, ElementRef::Bkm(self.bkm));
            frame.insert(bkm.variable.name.clone(), own);
        }
        let result = call_function_def(ev, def, &Scope::new().push(frame), args);
        ev.coerce(result, &result_type(&self.set.models, &bkm.variable.ty))
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

    fn call(&self, args: Args) -> Value {
        let names = self.parameters();
        let values = match args {
            Args::Positional(v) if v.len() == names.len() => v,
            Args::Positional(_) => return Value::Null,
            Args::Named(pairs) => {
                let mut out = vec![Value::Null; names.len()];
                for (n, v) in pairs {
                    let Some(i) = names.iter().position(|x| *x == n) else {
                        return Value::Null;
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
        };
        let mut inputs = Context::new();
        for ((n, v), (m, e)) in names.into_iter().zip(values).zip(self.parameter_refs()) {
            let ty = match e {
                ElementRef::Input(i) => &self.set.models[m].inputs[i].variable.ty,
                ElementRef::Decision(d) => &self.set.models[m].decisions[d].variable.ty,
                _ => &Ty::Any,
            };
            // An argument that does not conform makes the call fail.
            if !v.is_null() && ev.coerce(v.clone(), ty).is_null() {
                return Value::Null;
            }
            inputs.insert(n, v);
        }
        evaluate_service(&self.set, &self.env, self.model, self.service, &inputs)
    }
}

/// Evaluates a decision service with its parameters by name.
pub(crate) fn evaluate_service(
    set: &Arc<Inner>,
    env: &Env,
    model: usize,
    service: usize,
    inputs: &Context,
) -> Value {
    let s = &set.models[model].services[service];
    let ev = Evaluator {
        set,
        env,
        tables: None,
    };
    let mut overrides = HashMap::new();
    for &(m, d) in &s.input_decisions {
        let decision = &set.models[m].decisions[d];
        let v = inputs
            .get(&decision.variable.name)
            .cloned()
            .unwrap_or(Value::Null);
        overrides.insert((m, d), ev.coerce(v, &decision.variable.ty));
    }
    let run = Run::new(set, env, model, inputs, overrides, false);
    let result = if s.outputs.len() == 1 {
        let (m, d) = s.outputs[0];
        run.decision(m, d)
    } else {
        let mut c = Context::new();
        for &(m, d) in &s.outputs {
            c.insert(
                set.models[m].decisions[d].variable.name.clone(),
                run.decision(m, d),
            );
        }
        context_value(c)
    };
    ev.coerce(result, &result_type(&set.models, &s.variable.ty))
}

/// Calls a BKM with arguments by parameter name.
pub(crate) fn evaluate_bkm(
    set: &Arc<Inner>,
    env: &Env,
    model: usize,
    bkm: usize,
    args: &Context,
) -> Value {
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
    f.call(Args::Named(args))
}

fn element_function(set: &Arc<Inner>, env: &Env, m: usize, e: ElementRef) -> Value {
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

/// Adds a requirement's value to a scope frame: by its name if it is in the same model,
/// and under the import prefix (`prefix.Name` and `prefix` → context) if imported.
fn add_requirement(
    models: &[Model],
    frame: &mut Context,
    imported: &mut Vec<(Name, Context)>,
    m: usize,
    mm: usize,
    e: ElementRef,
    v: Value,
) {
    let name = models[mm].element_name(e).clone();
    if mm == m {
        frame.insert(name, v);
        return;
    }
    match models[m].prefix_for(mm) {
        Some(prefix) => {
            frame.insert(Arc::from(format!("{prefix}.{name}")), v.clone());
            match imported.iter_mut().find(|(p, _)| p == prefix) {
                Some((_, c)) => c.insert(name, v),
                None => {
                    let mut c = Context::new();
                    c.insert(name, v);
                    imported.push((prefix.clone(), c));
                }
            }
        }
        None => frame.insert(name, v),
    }
}

fn finish_frame(mut frame: Context, imported: Vec<(Name, Context)>) -> Context {
    for (p, c) in imported {
        frame.insert(p, context_value(c));
    }
    frame
}

/// The functions a BKM knows (its knowledge requirements).
fn knowledge_context(
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

/// One evaluation of decisions: the inputs, decision values given in advance, and the
/// decisions already evaluated.
pub(crate) struct Run<'a> {
    set: &'a Arc<Inner>,
    env: &'a Env,
    root: usize,
    inputs: &'a Context,
    overrides: HashMap<(usize, usize), Value>,
    /// Whether a required decision's value may be taken from `inputs` by its name.
    decisions_from_inputs: bool,
    top: RefCell<Option<(usize, usize)>>,
    cache: RefCell<HashMap<(usize, usize), Value>>,
    active: RefCell<HashSet<(usize, usize)>>,
    /// Present when a trace is recorded: decisions finished, and table hits not yet
    /// attributed to a decision.
    trace: Option<RunTrace>,
}

/// The trace a run records.
#[derive(Default)]
pub(crate) struct RunTrace {
    pub decisions: RefCell<Vec<DecisionTrace>>,
    pub tables: RefCell<Vec<TableTrace>>,
}

impl<'a> Run<'a> {
    pub fn new(
        set: &'a Arc<Inner>,
        env: &'a Env,
        root: usize,
        inputs: &'a Context,
        overrides: HashMap<(usize, usize), Value>,
        decisions_from_inputs: bool,
    ) -> Run<'a> {
        Run {
            set,
            env,
            root,
            inputs,
            overrides,
            decisions_from_inputs,
            top: RefCell::new(None),
            cache: RefCell::new(HashMap::new()),
            active: RefCell::new(HashSet::new()),
            trace: None,
        }
    }

    /// Records a trace of everything this run evaluates.
    pub fn traced(mut self) -> Run<'a> {
        self.trace = Some(RunTrace::default());
        self
    }

    /// The decisions the run traced, in the order they finished.
    pub fn into_trace(self) -> Vec<DecisionTrace> {
        self.trace
            .map(|t| t.decisions.into_inner())
            .unwrap_or_default()
    }

    fn ev(&self) -> Evaluator<'_> {
        Evaluator {
            set: self.set,
            env: self.env,
            tables: self.trace.as_ref().map(|t| &t.tables),
        }
    }

    /// The import path (prefixes) from the root model to model `m`, if any.
    fn import_path(&self, m: usize) -> Option<Vec<Name>> {
        let models = &self.set.models;
        let mut queue = vec![(self.root, Vec::<Name>::new())];
        let mut seen = HashSet::new();
        while !queue.is_empty() {
            let (at, path) = queue.remove(0);
            if at == m {
                return Some(path);
            }
            if !seen.insert(at) {
                continue;
            }
            for i in &models[at].imports {
                if let Some(t) = i.model {
                    let mut p = path.clone();
                    p.push(i.name.clone());
                    queue.push((t, p));
                }
            }
        }
        None
    }

    fn raw_input(&self, m: usize, name: &str) -> Option<Value> {
        if m == self.root {
            return self.inputs.get(name).cloned();
        }
        let model = &self.set.models[m];
        if let Some(Value::Context(c)) = self.inputs.get(&model.namespace)
            && let Some(v) = c.get(name)
        {
            return Some(v.clone());
        }
        if let Some(path) = self.import_path(m) {
            let mut at: Option<Value> = None;
            for (k, p) in path.iter().enumerate() {
                let next = if k == 0 {
                    self.inputs.get(p).cloned()
                } else {
                    match &at {
                        Some(Value::Context(c)) => c.get(p).cloned(),
                        _ => None,
                    }
                };
                at = next;
            }
            if let Some(Value::Context(c)) = &at
                && let Some(v) = c.get(name)
            {
                return Some(v.clone());
            }
        }
        self.inputs.get(name).cloned()
    }

    fn input(&self, m: usize, i: usize) -> Value {
        let input = &self.set.models[m].inputs[i];
        let v = self
            .raw_input(m, &input.variable.name)
            .unwrap_or(Value::Null);
        self.ev().coerce(v, &input.variable.ty)
    }

    /// Evaluates a decision (and what it requires), once per run.
    pub fn decision(&self, m: usize, d: usize) -> Value {
        if let Some(v) = self.overrides.get(&(m, d)) {
            return v.clone();
        }
        if let Some(v) = self.cache.borrow().get(&(m, d)) {
            return v.clone();
        }
        let decision = &self.set.models[m].decisions[d];
        {
            let mut top = self.top.borrow_mut();
            if top.is_none() {
                *top = Some((m, d));
            } else if self.decisions_from_inputs
                && m == self.root
                && let Some(v) = self.inputs.get(&decision.variable.name)
            {
                return self.ev().coerce(v.clone(), &decision.variable.ty);
            }
        }
        if !self.active.borrow_mut().insert((m, d)) {
            return Value::Null; // a requirement cycle
        }
        let models = &self.set.models;
        let mut frame = Context::new();
        let mut imported = Vec::new();
        for &(mm, e) in &decision.requires {
            let v = match e {
                ElementRef::Input(i) => self.input(mm, i),
                ElementRef::Decision(dd) => self.decision(mm, dd),
                _ => Value::Null,
            };
            add_requirement(models, &mut frame, &mut imported, m, mm, e, v);
        }
        for &(mm, e) in &decision.knows {
            let f = element_function(self.set, self.env, mm, e);
            add_requirement(models, &mut frame, &mut imported, m, mm, e, f);
        }
        let used_inputs: Vec<(Name, Value)> = match &self.trace {
            Some(_) => decision
                .requires
                .iter()
                .filter_map(|&(mm, e)| match e {
                    ElementRef::Input(i) => {
                        let name = models[mm].inputs[i].variable.name.clone();
                        Some((name, self.input(mm, i)))
                    }
                    _ => None,
                })
                .collect(),
            None => Vec::new(),
        };
        let frame = finish_frame(frame, imported);
        // Tables recorded from here on belong to this decision's own logic: the decisions it
        // requires have all finished above.
        let tables_before = self.trace.as_ref().map_or(0, |t| t.tables.borrow().len());
        let value = match &decision.logic {
            Some(logic) => self.ev().boxed(logic, &Scope::new().push(frame)),
            None => Value::Null,
        };
        let value = self.ev().coerce(value, &decision.variable.ty);
        if let Some(trace) = &self.trace {
            let tables = trace.tables.borrow_mut().split_off(tables_before);
            trace.decisions.borrow_mut().push(DecisionTrace {
                model: Arc::from(models[m].name.as_str()),
                name: decision.variable.name.clone(),
                id: Arc::from(decision.id.as_str()),
                inputs: used_inputs,
                tables,
                result: value.clone(),
            });
        }
        self.active.borrow_mut().remove(&(m, d));
        self.cache.borrow_mut().insert((m, d), value.clone());
        value
    }
}
