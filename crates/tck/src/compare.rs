//! Whether an actual value is what a test expects.
//!
//! Scalars are compared with FEEL equality, except that the kinds must agree (a date is not
//! a date and time) and that numbers are equal within a relative 1e-12. Some of the TCK's
//! expected numbers were computed with less precision than decimal128: 0008-LX-arithmetic
//! expects 562.707359373292 where the exact result is 562.70735937326592…, and every
//! vendor's published result counts that case as passed.

use crate::cases::Expected;
use sheshim_feel::{Number, Value};
use std::mem::discriminant;

/// True when `actual` is what `expected` describes.
pub fn matches_expected(actual: &Value, expected: &Expected) -> bool {
    match (expected, actual) {
        (Expected::Null, Value::Null) => true,
        (Expected::Null, _) | (_, Value::Null) => false,
        (Expected::List(items), Value::List(values)) => {
            items.len() == values.len()
                && items
                    .iter()
                    .zip(values.iter())
                    .all(|(e, a)| matches_expected(a, e))
        }
        (Expected::Context(entries), Value::Context(context)) => {
            entries.len() == context.len()
                && entries
                    .iter()
                    .all(|(name, e)| context.get(name).is_some_and(|a| matches_expected(a, e)))
        }
        (Expected::Scalar { value, .. }, actual) => {
            if discriminant(value) != discriminant(actual) {
                return false;
            }
            match (value, actual) {
                (Value::Number(e), Value::Number(a)) => close_enough(*e, *a),
                (Value::String(e), Value::String(a)) => e == a,
                _ => matches!(actual.feel_eq(value), Value::Boolean(true)),
            }
        }
        _ => false,
    }
}

/// Equal within a relative 1e-12.
fn close_enough(expected: Number, actual: Number) -> bool {
    let (e, a) = (Value::Number(expected), Value::Number(actual));
    if matches!(a.feel_eq(&e), Value::Boolean(true)) {
        return true;
    }
    let difference = a.sub(&e);
    let scale = match e.feel_cmp(&Value::Number(Number::from_i64(0))) {
        Some(std::cmp::Ordering::Less) => e.neg(),
        _ => e.clone(),
    };
    let magnitude = match difference.feel_cmp(&Value::Number(Number::from_i64(0))) {
        Some(std::cmp::Ordering::Less) => difference.neg(),
        _ => difference,
    };
    let tolerance = scale.mul(&Value::Number(
        Number::parse("1e-12").unwrap_or(Number::from_i64(0)),
    ));
    matches!(
        magnitude.feel_cmp(&tolerance),
        Some(std::cmp::Ordering::Less | std::cmp::Ordering::Equal)
    )
}
