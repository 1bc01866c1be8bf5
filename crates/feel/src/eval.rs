//! The FEEL evaluator. Evaluation never panics: anything undefined gives `Value::Null`.

use crate::Scope;
use crate::ast::{ArithOp, CallArgs, CmpOp, Expr, IterSource, TypeRef, UnaryTests};
use sheshim_values::{
    Args, BuiltinEnv, Context, FeelFunction, Name, Number, Range, RangeBound, Type, Value, builtins,
};
use std::sync::Arc;

/// What evaluation may need from outside the expression.
#[derive(Clone, Debug, Default)]
pub struct Env {
    /// The environment of the built-in functions (the instant for `now()`/`today()`).
    pub builtins: BuiltinEnv,
}

/// The most iterations a `for`, `some` or `every` over an integer range may make.
const MAX_ITERATIONS: i64 = 10_000_000;
/// The deepest nesting of calls of FEEL-defined functions (recursion guard).
const MAX_CALL_DEPTH: usize = 128;

thread_local! {
    static CALL_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

#[derive(Clone, Copy)]
struct Cx<'a> {
    scope: &'a Scope,
    env: &'a Env,
    /// The value of `?` in a unary test.
    input: Option<&'a Value>,
}

/// Evaluates an expression; never panics; anything undefined gives `Value::Null`.
pub fn evaluate(expr: &Expr, scope: &Scope, env: &Env) -> Value {
    eval(
        expr,
        Cx {
            scope,
            env,
            input: None,
        },
    )
}

/// Evaluates unary tests against an input value: `Boolean(true/false)` or `Null`.
pub fn evaluate_unary_tests(tests: &UnaryTests, input: &Value, scope: &Scope, env: &Env) -> Value {
    let cx = Cx {
        scope,
        env,
        input: Some(input),
    };
    match tests {
        UnaryTests::Any => Value::Boolean(true),
        UnaryTests::Positive(list) => any_test(list, input, cx),
        UnaryTests::Not(list) => not3(&any_test(list, input, cx)),
    }
}

pub(crate) fn truth(v: &Value) -> Option<bool> {
    match v {
        Value::Boolean(b) => Some(*b),
        _ => None,
    }
}

pub(crate) fn not3(v: &Value) -> Value {
    match v {
        Value::Boolean(b) => Value::Boolean(!b),
        _ => Value::Null,
    }
}

/// Three-valued `or` over the tests: true if any matches, null if none does but one is null.
fn any_test(tests: &[Expr], input: &Value, cx: Cx) -> Value {
    let mut unknown = false;
    for t in tests {
        match truth(&test_matches(t, input, cx)) {
            Some(true) => return Value::Boolean(true),
            Some(false) => {}
            None => unknown = true,
        }
    }
    if unknown {
        Value::Null
    } else {
        Value::Boolean(false)
    }
}

pub(crate) fn compare(op: CmpOp, a: &Value, b: &Value) -> Value {
    match op {
        CmpOp::Eq => a.feel_eq(b),
        CmpOp::Ne => not3(&a.feel_eq(b)),
        _ => match a.feel_cmp(b) {
            Some(o) => Value::Boolean(match op {
                CmpOp::Lt => o.is_lt(),
                CmpOp::Le => o.is_le(),
                CmpOp::Gt => o.is_gt(),
                _ => o.is_ge(),
            }),
            None => Value::Null,
        },
    }
}

/// Whether an expression refers to `?`.
fn uses_input(e: &Expr) -> bool {
    let mut found = false;
    visit(e, &mut |x| {
        if matches!(x, Expr::Input) {
            found = true;
        }
    });
    found
}

/// Whether an expression refers to a name.
fn uses_name(e: &Expr, name: &str) -> bool {
    let mut found = false;
    visit(e, &mut |x| {
        if let Expr::Name(n) = x
            && &**n == name
        {
            found = true;
        }
    });
    found
}

fn visit(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    let sources = |bs: &[(Name, IterSource)], f: &mut dyn FnMut(&Expr)| {
        for (_, s) in bs {
            match s {
                IterSource::Expr(x) => visit(x, f),
                IterSource::Range(a, b) => {
                    visit(a, f);
                    visit(b, f);
                }
            }
        }
    };
    match e {
        Expr::Literal(_) | Expr::At(_) | Expr::Name(_) | Expr::Input => {}
        Expr::List(xs) => xs.iter().for_each(|x| visit(x, f)),
        Expr::Context(es) => es.iter().for_each(|(_, x)| visit(x, f)),
        Expr::Range { start, end, .. } => {
            visit(start, f);
            visit(end, f);
        }
        Expr::UnaryCmp(_, x) | Expr::Neg(x) | Expr::InstanceOf(x, _) | Expr::Path(x, _) => {
            visit(x, f)
        }
        Expr::Arith(_, a, b)
        | Expr::Cmp(_, a, b)
        | Expr::And(a, b)
        | Expr::Or(a, b)
        | Expr::Filter(a, b) => {
            visit(a, f);
            visit(b, f);
        }
        Expr::Between(a, b, c) | Expr::If(a, b, c) => {
            visit(a, f);
            visit(b, f);
            visit(c, f);
        }
        Expr::In(a, ts) => {
            visit(a, f);
            ts.iter().for_each(|x| visit(x, f));
        }
        Expr::Call(c, args) => {
            visit(c, f);
            match args {
                CallArgs::Positional(xs) => xs.iter().for_each(|x| visit(x, f)),
                CallArgs::Named(xs) => xs.iter().for_each(|(_, x)| visit(x, f)),
            }
        }
        Expr::For(bs, body) => {
            sources(bs, f);
            visit(body, f);
        }
        Expr::Quantified {
            bindings,
            satisfies,
            ..
        } => {
            sources(bindings, f);
            visit(satisfies, f);
        }
        Expr::Function { body, .. } => visit(body, f),
    }
}

/// Whether `input` satisfies one positive unary test.
fn test_matches(test: &Expr, input: &Value, cx: Cx) -> Value {
    let cx = Cx {
        input: Some(input),
        ..cx
    };
    match test {
        Expr::UnaryCmp(op, e) => compare(*op, input, &eval(e, cx)),
        _ => {
            let r = eval(test, cx);
            match &r {
                Value::Range(range) => range_contains(range, input),
                Value::List(items) => {
                    let mut unknown = false;
                    for item in items.iter() {
                        let m = match item {
                            Value::Range(range) => range_contains(range, input),
                            _ => input.feel_eq(item),
                        };
                        match truth(&m) {
                            Some(true) => return Value::Boolean(true),
                            Some(false) => {}
                            None => unknown = unknown || !item.is_null(),
                        }
                    }
                    if matches!(input, Value::List(_)) && truth(&input.feel_eq(&r)) == Some(true) {
                        return Value::Boolean(true);
                    }
                    if unknown && input.is_null() {
                        Value::Null
                    } else {
                        Value::Boolean(false)
                    }
                }
                Value::Boolean(b) if uses_input(test) => Value::Boolean(*b),
                _ => input.feel_eq(&r),
            }
        }
    }
}

/// `input in range`; a range literal with a `null` end point (`[1..null]`) contains nothing
/// decidable, so the answer is `null`.
pub(crate) fn range_contains(range: &Range, input: &Value) -> Value {
    let null_end = |b: &RangeBound| {
        matches!(
            b,
            RangeBound::Closed(Value::Null) | RangeBound::Open(Value::Null)
        )
    };
    if null_end(&range.start) || null_end(&range.end) {
        return Value::Null;
    }
    range.contains(input)
}

fn range_value(op: CmpOp, v: Value) -> Value {
    let (start, end) = match op {
        CmpOp::Lt => (RangeBound::Unbounded, RangeBound::Open(v)),
        CmpOp::Le => (RangeBound::Unbounded, RangeBound::Closed(v)),
        CmpOp::Gt => (RangeBound::Open(v), RangeBound::Unbounded),
        CmpOp::Ge => (RangeBound::Closed(v), RangeBound::Unbounded),
        // `= x` is the range `[x..x]` (DMN 1.5 §10.3.2.7); `!= x` is a test, not a range.
        CmpOp::Eq => return Value::Range(Arc::new(Range::equal_to(v))),
        CmpOp::Ne => return Value::Null,
    };
    Value::Range(Arc::new(Range::new(start, end)))
}

fn eval(e: &Expr, cx: Cx) -> Value {
    match e {
        Expr::Literal(v) => v.clone(),
        Expr::At(s) => Value::from_at_literal(s),
        Expr::Name(n) => lookup_name(n, cx),
        Expr::Input => match cx.input {
            Some(v) => v.clone(),
            None => cx.scope.get("?").unwrap_or(Value::Null),
        },
        Expr::List(items) => Value::list(items.iter().map(|x| eval(x, cx)).collect()),
        Expr::Context(entries) => eval_context(entries, cx),
        Expr::Range {
            start,
            start_closed,
            end,
            end_closed,
        } => {
            let bound = |v: Value, closed: bool| {
                if closed {
                    RangeBound::Closed(v)
                } else {
                    RangeBound::Open(v)
                }
            };
            let s = eval(start, cx);
            let t = eval(end, cx);
            Value::Range(Arc::new(Range::new(
                bound(s, *start_closed),
                bound(t, *end_closed),
            )))
        }
        Expr::UnaryCmp(op, x) => match cx.input {
            // Inside a unary test a bare `< x` compares the input.
            Some(input) => compare(*op, input, &eval(x, cx)),
            None => range_value(*op, eval(x, cx)),
        },
        Expr::Neg(x) => eval(x, cx).neg(),
        Expr::Arith(op, a, b) => {
            let a = eval(a, cx);
            let b = eval(b, cx);
            match op {
                ArithOp::Add => a.add(&b),
                ArithOp::Sub => a.sub(&b),
                ArithOp::Mul => a.mul(&b),
                ArithOp::Div => a.div(&b),
                ArithOp::Pow => a.pow(&b),
            }
        }
        Expr::Cmp(op, a, b) => compare(*op, &eval(a, cx), &eval(b, cx)),
        Expr::And(a, b) => match truth(&eval(a, cx)) {
            Some(false) => Value::Boolean(false),
            l => match (l, truth(&eval(b, cx))) {
                (_, Some(false)) => Value::Boolean(false),
                (Some(true), Some(true)) => Value::Boolean(true),
                _ => Value::Null,
            },
        },
        Expr::Or(a, b) => match truth(&eval(a, cx)) {
            Some(true) => Value::Boolean(true),
            l => match (l, truth(&eval(b, cx))) {
                (_, Some(true)) => Value::Boolean(true),
                (Some(false), Some(false)) => Value::Boolean(false),
                _ => Value::Null,
            },
        },
        Expr::Between(v, lo, hi) => {
            let v = eval(v, cx);
            let a = compare(CmpOp::Ge, &v, &eval(lo, cx));
            let b = compare(CmpOp::Le, &v, &eval(hi, cx));
            match (truth(&a), truth(&b)) {
                (Some(false), _) | (_, Some(false)) => Value::Boolean(false),
                (Some(true), Some(true)) => Value::Boolean(true),
                _ => Value::Null,
            }
        }
        Expr::In(v, tests) => {
            let v = eval(v, cx);
            any_test(tests, &v, Cx { input: None, ..cx })
        }
        Expr::InstanceOf(v, ty) => {
            let v = eval(v, cx);
            match ty {
                TypeRef::Known(t) => Value::Boolean(v.conforms_to(t)),
                TypeRef::Named(n) => match cx.scope.types().and_then(|r| r.conforms(n, &v)) {
                    Some(b) => Value::Boolean(b),
                    None => Value::Null,
                },
            }
        }
        Expr::Path(base, name) => path(&eval(base, cx), name),
        Expr::Filter(base, cond) => eval_filter(base, cond, cx),
        Expr::Call(callee, args) => eval_call(callee, args, cx),
        Expr::If(c, a, b) => {
            if truth(&eval(c, cx)) == Some(true) {
                eval(a, cx)
            } else {
                eval(b, cx)
            }
        }
        Expr::For(bindings, body) => {
            let want_partial = uses_name(body, "partial");
            let mut out = Vec::new();
            if for_loop(bindings, body, cx.scope, cx, want_partial, &mut out) {
                Value::list(out)
            } else {
                Value::Null
            }
        }
        Expr::Quantified {
            every,
            bindings,
            satisfies,
        } => match quantified(bindings, satisfies, cx.scope, cx, *every) {
            Some(b) => Value::Boolean(b),
            None => Value::Null,
        },
        Expr::Function {
            params,
            body,
            external,
        } => {
            if *external {
                return external_function(params, body, cx);
            }
            closure(params, body, cx, None)
        }
    }
}

/// `function(…) external {java: {class: "…", method signature: "…"}}`: one of the Java
/// methods `sheshim_values::java` implements, or `null` (PMML and anything else).
fn external_function(params: &Arc<[(Name, Option<TypeRef>)]>, body: &Arc<Expr>, cx: Cx) -> Value {
    let Value::Context(mapping) = eval(body, cx) else {
        return Value::Null;
    };
    let names = params.iter().map(|(name, _)| name.clone()).collect();
    mapping.get("java").map_or(Value::Null, |java| {
        sheshim_values::java_function_of(java, names)
    })
}

fn closure(
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

fn lookup_name(n: &str, cx: Cx) -> Value {
    if let Some(v) = cx.scope.lookup(n) {
        return v.clone();
    }
    if n == "?"
        && let Some(v) = cx.input
    {
        return v.clone();
    }
    builtins::lookup(n, &cx.env.builtins).unwrap_or(Value::Null)
}

fn path(base: &Value, name: &str) -> Value {
    match base {
        Value::List(items) => Value::list(items.iter().map(|v| path(v, name)).collect()),
        Value::Null => Value::Null,
        v => v.property(name),
    }
}

fn eval_context(entries: &[(Name, Expr)], cx: Cx) -> Value {
    let mut ctx = Context::new();
    for (k, e) in entries {
        if ctx.get(k).is_some() {
            return Value::Null;
        }
        let v = match e {
            Expr::Literal(v) => v.clone(),
            Expr::Function {
                params,
                body,
                external: false,
            } => {
                let scope = cx.scope.push(ctx.clone());
                closure(
                    params,
                    body,
                    Cx {
                        scope: &scope,
                        ..cx
                    },
                    Some(k.clone()),
                )
            }
            _ => {
                let scope = cx.scope.push(ctx.clone());
                eval(
                    e,
                    Cx {
                        scope: &scope,
                        ..cx
                    },
                )
            }
        };
        ctx.insert(k.clone(), v);
    }
    Value::Context(Arc::new(ctx))
}

fn eval_filter(base: &Expr, cond: &Expr, cx: Cx) -> Value {
    let items = match eval(base, cx) {
        Value::Null => return Value::Null,
        Value::List(items) => items,
        v => Arc::new(vec![v]),
    };
    // A numeric filter is an index (1-based; negative counts from the end).
    let index = match cond {
        Expr::Literal(v @ Value::Number(_)) => Some(v.clone()),
        Expr::Literal(_) => None,
        _ if uses_name(cond, "item") => None,
        _ => match eval(cond, cx) {
            v @ Value::Number(_) => Some(v),
            _ => None,
        },
    };
    if let Some(Value::Number(n)) = index {
        let Some(i) = n.to_i64() else {
            return Value::Null;
        };
        let len = items.len() as i64;
        let at = if i > 0 { i - 1 } else { len + i };
        if i == 0 || at < 0 || at >= len {
            return Value::Null;
        }
        return items.get(at as usize).cloned().unwrap_or(Value::Null);
    }
    let mut out = Vec::new();
    for item in items.iter() {
        let mut frame = Context::new();
        if let Value::Context(c) = item {
            for (k, v) in c.entries() {
                frame.insert(k.clone(), v.clone());
            }
        }
        if frame.get("item").is_none() {
            frame.insert(Name::from("item"), item.clone());
        }
        let scope = cx.scope.push(frame);
        if truth(&eval(
            cond,
            Cx {
                scope: &scope,
                ..cx
            },
        )) == Some(true)
        {
            out.push(item.clone());
        }
    }
    Value::list(out)
}

fn eval_call(callee: &Expr, args: &CallArgs, cx: Cx) -> Value {
    let f = match callee {
        Expr::Name(n) => match cx.scope.lookup(n) {
            Some(v) => v.clone(),
            None if &**n == "not" => return builtin_not(args, cx),
            None => match builtins::lookup(n, &cx.env.builtins) {
                Some(v) => v,
                None => return Value::Null,
            },
        },
        other => eval(other, cx),
    };
    let Value::Function(f) = f else {
        return Value::Null;
    };
    let args = match args {
        CallArgs::Positional(xs) => Args::Positional(xs.iter().map(|x| eval(x, cx)).collect()),
        CallArgs::Named(xs) => {
            Args::Named(xs.iter().map(|(n, x)| (n.clone(), eval(x, cx))).collect())
        }
    };
    f.call(args)
}

/// `not(x)`: three-valued negation.
fn builtin_not(args: &CallArgs, cx: Cx) -> Value {
    let arg = match args {
        CallArgs::Positional(xs) if xs.len() == 1 => &xs[0],
        CallArgs::Named(xs) if xs.len() == 1 && &*xs[0].0 == "negand" => &xs[0].1,
        _ => return Value::Null,
    };
    not3(&eval(arg, cx))
}

/// The values an iteration variable takes; `None` if the source is not iterable.
fn iteration_values(source: &IterSource, cx: Cx) -> Option<Vec<Value>> {
    match source {
        IterSource::Expr(e) => match eval(e, cx) {
            Value::List(items) => Some(items.as_ref().clone()),
            Value::Null => None,
            Value::Range(r) => range_values(&r),
            v => Some(vec![v]),
        },
        IterSource::Range(a, b) => {
            let a = eval(a, cx);
            let b = eval(b, cx);
            step_values(&a, &b, true, true)
        }
    }
}

fn range_values(r: &Range) -> Option<Vec<Value>> {
    let (a, ac) = match &r.start {
        RangeBound::Closed(v) => (v, true),
        RangeBound::Open(v) => (v, false),
        RangeBound::Unbounded => return None,
    };
    let (b, bc) = match &r.end {
        RangeBound::Closed(v) => (v, true),
        RangeBound::Open(v) => (v, false),
        RangeBound::Unbounded => return None,
    };
    // A range value runs upwards: `[2..1]` is not a valid range to iterate.
    if a.feel_cmp(b)?.is_gt() {
        return None;
    }
    step_values(a, b, ac, bc)
}

/// Integers (or dates, a day at a time) from `a` to `b`, up or down.
fn step_values(a: &Value, b: &Value, a_closed: bool, b_closed: bool) -> Option<Vec<Value>> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.to_i64()?, y.to_i64()?);
            if (y - x).abs() > MAX_ITERATIONS {
                return None;
            }
            let step = if y >= x { 1 } else { -1 };
            let mut out = Vec::new();
            let mut i = x;
            loop {
                let at_start = i == x;
                let at_end = i == y;
                if (!at_start || a_closed) && (!at_end || b_closed) {
                    out.push(Value::Number(Number::from_i64(i)));
                }
                if at_end {
                    break;
                }
                i += step;
            }
            Some(out)
        }
        (Value::Date(_), Value::Date(_)) => {
            let day = Value::from_at_literal("P1D");
            let up = a.feel_cmp(b)?.is_le();
            let mut out = Vec::new();
            let mut d = a.clone();
            for _ in 0..=MAX_ITERATIONS {
                let past = match d.feel_cmp(b)? {
                    o if up => o.is_gt(),
                    o => o.is_lt(),
                };
                if past {
                    break;
                }
                let is_start = out.is_empty() && truth(&d.feel_eq(a)) == Some(true);
                let is_end = truth(&d.feel_eq(b)) == Some(true);
                if (!is_start || a_closed) && (!is_end || b_closed) {
                    out.push(d.clone());
                }
                d = if up { d.add(&day) } else { d.sub(&day) };
                if d.is_null() {
                    return None;
                }
            }
            Some(out)
        }
        _ => None,
    }
}

fn for_loop(
    bindings: &[(Name, IterSource)],
    body: &Expr,
    scope: &Scope,
    cx: Cx,
    want_partial: bool,
    out: &mut Vec<Value>,
) -> bool {
    let Some(((name, source), rest)) = bindings.split_first() else {
        let scope = if want_partial {
            let mut frame = Context::new();
            frame.insert(Name::from("partial"), Value::list(out.clone()));
            scope.push(frame)
        } else {
            scope.clone()
        };
        out.push(eval(
            body,
            Cx {
                scope: &scope,
                ..cx
            },
        ));
        return true;
    };
    let Some(values) = iteration_values(source, Cx { scope, ..cx }) else {
        return false;
    };
    for v in values {
        let mut frame = Context::new();
        frame.insert(name.clone(), v);
        let inner = scope.push(frame);
        if !for_loop(rest, body, &inner, cx, want_partial, out) {
            return false;
        }
    }
    true
}

fn quantified(
    bindings: &[(Name, IterSource)],
    cond: &Expr,
    scope: &Scope,
    cx: Cx,
    every: bool,
) -> Option<bool> {
    let Some(((name, source), rest)) = bindings.split_first() else {
        return Some(truth(&eval(cond, Cx { scope, ..cx })) == Some(true));
    };
    let values = iteration_values(source, Cx { scope, ..cx })?;
    for v in values {
        let mut frame = Context::new();
        frame.insert(name.clone(), v);
        let inner = scope.push(frame);
        let r = quantified(rest, cond, &inner, cx, every)?;
        if every != r {
            return Some(r);
        }
    }
    Some(every)
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
}

struct DepthGuard;

impl DepthGuard {
    fn enter() -> Option<DepthGuard> {
        CALL_DEPTH.with(|d| {
            if d.get() >= MAX_CALL_DEPTH {
                None
            } else {
                d.set(d.get() + 1);
                Some(DepthGuard)
            }
        })
    }
}

impl Drop for DepthGuard {
    fn drop(&mut self) {
        CALL_DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    }
}

impl FeelFunction for Closure {
    fn parameters(&self) -> Vec<Name> {
        self.params.iter().map(|(n, _)| n.clone()).collect()
    }

    fn call(&self, args: Args) -> Value {
        let mut frame = Context::new();
        if let Some(n) = &self.self_name {
            frame.insert(n.clone(), Value::Function(Arc::new(self.clone())));
        }
        match args {
            Args::Positional(values) => {
                if values.len() != self.params.len() {
                    return Value::Null;
                }
                for ((name, ty), v) in self.params.iter().zip(values) {
                    let Some(v) = self.coerce(v, ty) else {
                        return Value::Null;
                    };
                    frame.insert(name.clone(), v);
                }
            }
            Args::Named(pairs) => {
                for (name, v) in pairs {
                    let Some((pname, ty)) = self.params.iter().find(|(p, _)| *p == name) else {
                        return Value::Null;
                    };
                    let Some(v) = self.coerce(v, ty) else {
                        return Value::Null;
                    };
                    frame.insert(pname.clone(), v);
                }
                for (name, _) in self.params.iter() {
                    if frame.get(name).is_none() {
                        frame.insert(name.clone(), Value::Null);
                    }
                }
            }
        }
        let Some(_guard) = DepthGuard::enter() else {
            return Value::Null;
        };
        let scope = self.scope.push(frame);
        evaluate(&self.body, &scope, &self.env)
    }
}
