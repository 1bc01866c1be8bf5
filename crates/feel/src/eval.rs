//! The FEEL evaluator. Anything FEEL leaves undefined gives `Value::Null`; the one error is
//! running out of the evaluation's [`Budget`], which aborts the whole evaluation.
//!
//! Every expression checks the native stack on the way down; iterations, filters and calls
//! take steps; values built are accounted for in the budget (see `sheshim_values::Budget`).

use crate::Scope;
use crate::ast::{ArithOp, CallArgs, CmpOp, Expr, TypeRef, UnaryTests};
use crate::function::{closure, external_function};
use crate::iterate::{filter, for_expr, quantified};
use crate::walk::uses_input;
use sheshim_values::{
    Args, Budget, BudgetExceeded, BuiltinEnv, Context, Name, Range, RangeBound, Value, builtins,
    size_in_steps,
};
use std::sync::Arc;

/// What evaluation may need from outside the expression.
#[derive(Clone, Debug, Default)]
pub struct Env {
    /// The environment of the built-in functions (the instant for `now()`/`today()`).
    pub builtins: BuiltinEnv,
}

/// A value, or the budget run out.
pub(crate) type EvalResult = Result<Value, BudgetExceeded>;

#[derive(Clone, Copy)]
pub(crate) struct Cx<'a> {
    pub scope: &'a Scope,
    pub env: &'a Env,
    /// The value of `?` in a unary test.
    pub input: Option<&'a Value>,
    pub budget: &'a Budget,
}

/// Evaluates an expression within the default budget ([`sheshim_values::Limits::DEFAULT`]).
pub fn evaluate(expr: &Expr, scope: &Scope, env: &Env) -> EvalResult {
    evaluate_within(expr, scope, env, &Budget::default())
}

/// Evaluates an expression within `budget` (shared with the caller's other evaluations).
pub fn evaluate_within(expr: &Expr, scope: &Scope, env: &Env, budget: &Budget) -> EvalResult {
    eval(
        expr,
        Cx {
            scope,
            env,
            input: None,
            budget,
        },
    )
}

/// Evaluates unary tests against an input value within the default budget:
/// `Boolean(true/false)` or `Null`.
pub fn evaluate_unary_tests(
    tests: &UnaryTests,
    input: &Value,
    scope: &Scope,
    env: &Env,
) -> EvalResult {
    evaluate_unary_tests_within(tests, input, scope, env, &Budget::default())
}

/// Evaluates unary tests against an input value within `budget`.
pub fn evaluate_unary_tests_within(
    tests: &UnaryTests,
    input: &Value,
    scope: &Scope,
    env: &Env,
    budget: &Budget,
) -> EvalResult {
    let cx = Cx {
        scope,
        env,
        input: Some(input),
        budget,
    };
    match tests {
        UnaryTests::Any => Ok(Value::Boolean(true)),
        UnaryTests::Positive(list) => any_test(list, input, cx),
        UnaryTests::Not(list) => Ok(not3(&any_test(list, input, cx)?)),
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
fn any_test(tests: &[Expr], input: &Value, cx: Cx) -> EvalResult {
    let mut unknown = false;
    for t in tests {
        match truth(&test_matches(t, input, cx)?) {
            Some(true) => return Ok(Value::Boolean(true)),
            Some(false) => {}
            None => unknown = true,
        }
    }
    Ok(if unknown {
        Value::Null
    } else {
        Value::Boolean(false)
    })
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

/// [`compare`], its work on large values taken as steps.
fn compare_within(op: CmpOp, a: &Value, b: &Value, budget: &Budget) -> EvalResult {
    budget.charge(size_in_steps(a).max(size_in_steps(b)))?;
    Ok(compare(op, a, b))
}

/// Whether `input` satisfies one positive unary test.
fn test_matches(test: &Expr, input: &Value, cx: Cx) -> EvalResult {
    let cx = Cx {
        input: Some(input),
        ..cx
    };
    match test {
        Expr::UnaryCmp(op, e) => compare_within(*op, input, &eval(e, cx)?, cx.budget),
        _ => {
            let r = eval(test, cx)?;
            Ok(match &r {
                Value::Range(range) => range_contains(range, input),
                Value::List(items) => {
                    cx.budget.charge(items.len() as u64)?;
                    let mut unknown = false;
                    for item in items.iter() {
                        let m = match item {
                            Value::Range(range) => range_contains(range, input),
                            _ => input.feel_eq(item),
                        };
                        match truth(&m) {
                            Some(true) => return Ok(Value::Boolean(true)),
                            Some(false) => {}
                            None => unknown = unknown || !item.is_null(),
                        }
                    }
                    if matches!(input, Value::List(_)) && truth(&input.feel_eq(&r)) == Some(true) {
                        return Ok(Value::Boolean(true));
                    }
                    if unknown && input.is_null() {
                        Value::Null
                    } else {
                        Value::Boolean(false)
                    }
                }
                Value::Boolean(b) if uses_input(test) => Value::Boolean(*b),
                _ => compare_within(CmpOp::Eq, input, &r, cx.budget)?,
            })
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

/// A value just built, accounted for in the budget.
fn built(v: Value, budget: &Budget) -> EvalResult {
    budget.built(&v)?;
    Ok(v)
}

/// Evaluates an expression. Each kind of expression is evaluated by its own function, so
/// that this one, on every level of the recursion, keeps a small stack frame (unoptimised
/// builds give every local of a function its own slot).
pub(crate) fn eval(e: &Expr, cx: Cx) -> EvalResult {
    cx.budget.check_stack()?;
    match e {
        Expr::Literal(v) => Ok(v.clone()),
        Expr::At(s) => Ok(Value::from_at_literal(s)),
        Expr::Name(n) => Ok(lookup_name(n, cx)),
        Expr::Input => Ok(match cx.input {
            Some(v) => v.clone(),
            None => cx.scope.get("?").unwrap_or(Value::Null),
        }),
        Expr::List(items) => eval_list(items, cx),
        Expr::Context(entries) => eval_context(entries, cx),
        Expr::Range {
            start,
            start_closed,
            end,
            end_closed,
        } => eval_range((start, *start_closed), (end, *end_closed), cx),
        Expr::UnaryCmp(op, x) => eval_unary_cmp(*op, x, cx),
        Expr::Neg(x) => Ok(eval(x, cx)?.neg()),
        Expr::Arith(op, a, b) => eval_arith(*op, a, b, cx),
        Expr::Cmp(op, a, b) => eval_cmp(*op, a, b, cx),
        Expr::And(a, b) => eval_and(a, b, cx),
        Expr::Or(a, b) => eval_or(a, b, cx),
        Expr::Between(v, lo, hi) => eval_between(v, lo, hi, cx),
        Expr::In(v, tests) => eval_in(v, tests, cx),
        Expr::InstanceOf(v, ty) => eval_instance_of(v, ty, cx),
        Expr::Path(base, name) => eval_path(base, name, cx),
        Expr::Filter(base, cond) => filter(base, cond, cx),
        Expr::Call(callee, args) => eval_call(callee, args, cx),
        Expr::If(c, a, b) => eval_if(c, a, b, cx),
        Expr::For(bindings, body) => for_expr(bindings, body, cx),
        Expr::Quantified {
            every,
            bindings,
            satisfies,
        } => Ok(
            match quantified(bindings, satisfies, cx.scope, cx, *every)? {
                Some(b) => Value::Boolean(b),
                None => Value::Null,
            },
        ),
        Expr::Function {
            params,
            body,
            external: true,
        } => external_function(params, body, cx),
        Expr::Function { params, body, .. } => Ok(closure(params, body, cx, None)),
    }
}

fn eval_list(items: &[Expr], cx: Cx) -> EvalResult {
    let items = items
        .iter()
        .map(|x| eval(x, cx))
        .collect::<Result<Vec<_>, _>>()?;
    built(Value::list(items), cx.budget)
}

fn eval_range(start: (&Expr, bool), end: (&Expr, bool), cx: Cx) -> EvalResult {
    let bound = |v: Value, closed: bool| {
        if closed {
            RangeBound::Closed(v)
        } else {
            RangeBound::Open(v)
        }
    };
    let s = eval(start.0, cx)?;
    let t = eval(end.0, cx)?;
    let range = Value::Range(Arc::new(Range::new(bound(s, start.1), bound(t, end.1))));
    built(range, cx.budget)
}

fn eval_unary_cmp(op: CmpOp, x: &Expr, cx: Cx) -> EvalResult {
    let x = eval(x, cx)?;
    match cx.input {
        // Inside a unary test a bare `< x` compares the input.
        Some(input) => compare_within(op, input, &x, cx.budget),
        None => built(range_value(op, x), cx.budget),
    }
}

fn eval_arith(op: ArithOp, a: &Expr, b: &Expr, cx: Cx) -> EvalResult {
    let a = eval(a, cx)?;
    let b = eval(b, cx)?;
    arith(op, &a, &b, cx.budget)
}

fn eval_cmp(op: CmpOp, a: &Expr, b: &Expr, cx: Cx) -> EvalResult {
    let a = eval(a, cx)?;
    let b = eval(b, cx)?;
    compare_within(op, &a, &b, cx.budget)
}

fn eval_and(a: &Expr, b: &Expr, cx: Cx) -> EvalResult {
    Ok(match truth(&eval(a, cx)?) {
        Some(false) => Value::Boolean(false),
        l => match (l, truth(&eval(b, cx)?)) {
            (_, Some(false)) => Value::Boolean(false),
            (Some(true), Some(true)) => Value::Boolean(true),
            _ => Value::Null,
        },
    })
}

fn eval_or(a: &Expr, b: &Expr, cx: Cx) -> EvalResult {
    Ok(match truth(&eval(a, cx)?) {
        Some(true) => Value::Boolean(true),
        l => match (l, truth(&eval(b, cx)?)) {
            (_, Some(true)) => Value::Boolean(true),
            (Some(false), Some(false)) => Value::Boolean(false),
            _ => Value::Null,
        },
    })
}

fn eval_between(v: &Expr, lo: &Expr, hi: &Expr, cx: Cx) -> EvalResult {
    let v = eval(v, cx)?;
    let a = compare(CmpOp::Ge, &v, &eval(lo, cx)?);
    let b = compare(CmpOp::Le, &v, &eval(hi, cx)?);
    Ok(match (truth(&a), truth(&b)) {
        (Some(false), _) | (_, Some(false)) => Value::Boolean(false),
        (Some(true), Some(true)) => Value::Boolean(true),
        _ => Value::Null,
    })
}

fn eval_in(v: &Expr, tests: &[Expr], cx: Cx) -> EvalResult {
    let v = eval(v, cx)?;
    any_test(tests, &v, Cx { input: None, ..cx })
}

fn eval_instance_of(v: &Expr, ty: &TypeRef, cx: Cx) -> EvalResult {
    let v = eval(v, cx)?;
    cx.budget.charge(size_in_steps(&v))?;
    Ok(match ty {
        TypeRef::Known(t) => Value::Boolean(v.conforms_to(t)),
        TypeRef::Named(n) => match cx.scope.types().and_then(|r| r.conforms(n, &v)) {
            Some(b) => Value::Boolean(b),
            None => Value::Null,
        },
    })
}

fn eval_path(base: &Expr, name: &str, cx: Cx) -> EvalResult {
    let base = eval(base, cx)?;
    match path(&base, name) {
        list @ Value::List(_) => built(list, cx.budget),
        v => Ok(v),
    }
}

fn eval_if(c: &Expr, a: &Expr, b: &Expr, cx: Cx) -> EvalResult {
    if truth(&eval(c, cx)?) == Some(true) {
        eval(a, cx)
    } else {
        eval(b, cx)
    }
}

/// Arithmetic; two strings added are checked against the string limit before they are joined.
fn arith(op: ArithOp, a: &Value, b: &Value, budget: &Budget) -> EvalResult {
    Ok(match op {
        ArithOp::Add => {
            if let (Value::String(x), Value::String(y)) = (a, b) {
                budget.allow_string(x.len().saturating_add(y.len()))?;
                return built(a.add(b), budget);
            }
            a.add(b)
        }
        ArithOp::Sub => a.sub(b),
        ArithOp::Mul => a.mul(b),
        ArithOp::Div => a.div(b),
        ArithOp::Pow => a.pow(b),
    })
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

fn eval_context(entries: &[(Name, Expr)], cx: Cx) -> EvalResult {
    cx.budget.allow_context(entries.len())?;
    let mut ctx = Context::new();
    for (k, e) in entries {
        if ctx.get(k).is_some() {
            return Ok(Value::Null);
        }
        // Each entry sees a copy of those before it: the copy costs their number.
        cx.budget.charge(ctx.len() as u64)?;
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
                )?
            }
        };
        ctx.insert(k.clone(), v);
    }
    built(Value::Context(Arc::new(ctx)), cx.budget)
}

fn eval_call(callee: &Expr, args: &CallArgs, cx: Cx) -> EvalResult {
    let f = match callee {
        Expr::Name(n) => match cx.scope.lookup(n) {
            Some(v) => v.clone(),
            None if &**n == "not" => return builtin_not(args, cx),
            None => match builtins::lookup(n, &cx.env.builtins) {
                Some(v) => v,
                None => return Ok(Value::Null),
            },
        },
        other => eval(other, cx)?,
    };
    let Value::Function(f) = f else {
        return Ok(Value::Null);
    };
    let args = match args {
        CallArgs::Positional(xs) => Args::Positional(
            xs.iter()
                .map(|x| eval(x, cx))
                .collect::<Result<Vec<_>, _>>()?,
        ),
        CallArgs::Named(xs) => Args::Named(
            xs.iter()
                .map(|(n, x)| Ok((n.clone(), eval(x, cx)?)))
                .collect::<Result<Vec<_>, BudgetExceeded>>()?,
        ),
    };
    f.call(args, cx.budget)
}

/// `not(x)`: three-valued negation.
fn builtin_not(args: &CallArgs, cx: Cx) -> EvalResult {
    let arg = match args {
        CallArgs::Positional(xs) if xs.len() == 1 => &xs[0],
        CallArgs::Named(xs) if xs.len() == 1 && &*xs[0].0 == "negand" => &xs[0].1,
        _ => return Ok(Value::Null),
    };
    Ok(not3(&eval(arg, cx)?))
}
