//! Helpers shared by the integration tests.
#![allow(dead_code, missing_docs, clippy::unwrap_used)]

use sheshim_feel::*;

pub fn num(n: i64) -> Value {
    Value::Number(Number::from_i64(n))
}

pub fn dec(s: &str) -> Value {
    Value::Number(Number::parse(s).unwrap())
}

pub fn s(t: &str) -> Value {
    Value::string(t)
}

pub fn b(x: bool) -> Value {
    Value::Boolean(x)
}

pub fn list(items: Vec<Value>) -> Value {
    Value::list(items)
}

/// Evaluates `text` with `vars` in scope.
pub fn eval_with(text: &str, vars: &[(&str, Value)]) -> Value {
    let mut ctx = Context::new();
    let mut names = NameSet::new();
    for (k, v) in vars {
        ctx.insert(Name::from(*k), v.clone());
        names.insert(k);
    }
    let expr = parse_expression(text, &names).unwrap_or_else(|e| panic!("{text}: {e}"));
    evaluate(&expr, &Scope::with_context(&ctx), &Env::default())
        .unwrap_or_else(|e| panic!("{text}: {e}"))
}

pub fn eval(text: &str) -> Value {
    eval_with(text, &[])
}

/// Structural equality of values for assertions (FEEL `=` where defined, identity of null).
pub fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(p, q)| same(p, q))
        }
        (Value::Context(x), Value::Context(y)) => {
            x.len() == y.len()
                && x.entries()
                    .iter()
                    .zip(y.entries())
                    .all(|((k1, v1), (k2, v2))| k1 == k2 && same(v1, v2))
        }
        (Value::Null, _) | (_, Value::Null) => false,
        _ => matches!(a.feel_eq(b), Value::Boolean(true)),
    }
}

#[track_caller]
pub fn check(text: &str, expected: Value) {
    let got = eval(text);
    assert!(
        same(&got, &expected),
        "{text}: got {got}, expected {expected}"
    );
}

#[track_caller]
pub fn check_with(text: &str, vars: &[(&str, Value)], expected: Value) {
    let got = eval_with(text, vars);
    assert!(
        same(&got, &expected),
        "{text}: got {got}, expected {expected}"
    );
}

/// Evaluates unary tests `tests` against `input`.
pub fn test_ut(tests: &str, input: Value, vars: &[(&str, Value)]) -> Value {
    let mut ctx = Context::new();
    let mut names = NameSet::new();
    for (k, v) in vars {
        ctx.insert(Name::from(*k), v.clone());
        names.insert(k);
    }
    let t = parse_unary_tests(tests, &names).unwrap_or_else(|e| panic!("{tests}: {e}"));
    evaluate_unary_tests(&t, &input, &Scope::with_context(&ctx), &Env::default())
        .unwrap_or_else(|e| panic!("{tests}: {e}"))
}
