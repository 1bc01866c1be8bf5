//! Numeric functions.

use super::arg;
use crate::{DaysTime, Number, RoundingMode, Value, YearsMonths};

fn n(args: &[Value], i: usize) -> Option<Number> {
    match arg(args, i) {
        Value::Number(n) => Some(*n),
        _ => None,
    }
}

fn num(v: Option<Number>) -> Value {
    v.map_or(Value::Null, Value::Number)
}

/// `f(n, scale)` with the scale truncated to an integer; scale required when `required`.
fn rounded(args: &[Value], mode: RoundingMode, required: bool) -> Value {
    let Some(x) = n(args, 0) else {
        return Value::Null;
    };
    let scale = if args.len() < 2 && !required {
        0
    } else {
        match n(args, 1).and_then(|s| s.trunc().to_i64()) {
            Some(s) => s,
            None => return Value::Null,
        }
    };
    num(x.round(scale, mode))
}

pub(super) fn decimal(args: &[Value]) -> Value {
    rounded(args, RoundingMode::HalfEven, true)
}

pub(super) fn floor(args: &[Value]) -> Value {
    rounded(args, RoundingMode::Floor, false)
}

pub(super) fn ceiling(args: &[Value]) -> Value {
    rounded(args, RoundingMode::Ceiling, false)
}

pub(super) fn round_up(args: &[Value]) -> Value {
    rounded(args, RoundingMode::Up, true)
}

pub(super) fn round_down(args: &[Value]) -> Value {
    rounded(args, RoundingMode::Down, true)
}

pub(super) fn round_half_up(args: &[Value]) -> Value {
    rounded(args, RoundingMode::HalfUp, true)
}

pub(super) fn round_half_down(args: &[Value]) -> Value {
    rounded(args, RoundingMode::HalfDown, true)
}

pub(super) fn abs(args: &[Value]) -> Value {
    match args {
        [Value::Number(x)] => Value::Number(x.abs()),
        [Value::YearsMonths(m)] => Value::YearsMonths(YearsMonths(m.0.saturating_abs())),
        [Value::DaysTime(t)] => Value::DaysTime(DaysTime::from_nanos(t.nanos().saturating_abs())),
        _ => Value::Null,
    }
}

pub(super) fn modulo(args: &[Value]) -> Value {
    match (n(args, 0), n(args, 1)) {
        (Some(a), Some(b)) => num(a.modulo(b)),
        _ => Value::Null,
    }
}

pub(super) fn sqrt(args: &[Value]) -> Value {
    num(n(args, 0).and_then(Number::sqrt))
}

pub(super) fn log(args: &[Value]) -> Value {
    num(n(args, 0).and_then(Number::ln))
}

pub(super) fn exp(args: &[Value]) -> Value {
    num(n(args, 0).and_then(Number::exp))
}

fn parity(args: &[Value], even: bool) -> Value {
    let Some(x) = n(args, 0) else {
        return Value::Null;
    };
    if !x.is_integer() {
        return Value::Boolean(false);
    }
    match x.modulo(Number::from_i64(2)) {
        Some(r) => Value::Boolean(r.is_zero() == even),
        None => Value::Null,
    }
}

pub(super) fn odd(args: &[Value]) -> Value {
    parity(args, false)
}

pub(super) fn even(args: &[Value]) -> Value {
    parity(args, true)
}
