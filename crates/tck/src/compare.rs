//! Whether an actual value is what a test expects.
//!
//! Scalars are compared with FEEL equality, except that the kinds must agree (a date is not
//! a date and time) and that numbers are equal within a relative 1e-12. Some of the TCK's
//! expected numbers were computed with less precision than decimal128: 0008-LX-arithmetic
//! expects 562.707359373292 where the exact result is 562.70735937326592…, and every
//! vendor's published result counts that case as passed. And expected values of irrational
//! results are written rounded (0052-feel-exp-function expects `exp(4)` = 54.59815003): an
//! expected number written with at least 8 significant digits also matches an actual value
//! that rounds (half-even) to it at the number of decimals written — or that is cut to it
//! there: 0076-feel-external-java expects Java's `Math.cos(123)` = -0.8879689066918555 as
//! -0.88796890, its first eight digits.

use crate::cases::Expected;
use sheshim_feel::{Number, RoundingMode, Value};
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
        (Expected::Scalar { value, text, .. }, actual) => {
            if discriminant(value) != discriminant(actual) {
                return false;
            }
            match (value, actual) {
                (Value::Number(e), Value::Number(a)) => {
                    close_enough(*e, *a) || rounds_to_written(*a, *e, text)
                }
                (Value::String(e), Value::String(a)) => e == a,
                _ => matches!(actual.feel_eq(value), Value::Boolean(true)),
            }
        }
        _ => false,
    }
}

/// True when `expected` was written with at least 8 significant digits and `actual`,
/// rounded half-even or cut (towards zero) to the decimals written, equals it.
fn rounds_to_written(actual: Number, expected: Number, text: &str) -> bool {
    let mantissa = text.split(['e', 'E']).next().unwrap_or(text);
    let significant = mantissa
        .chars()
        .filter(char::is_ascii_digit)
        .skip_while(|&c| c == '0')
        .count();
    let decimals = mantissa
        .split_once('.')
        .map_or(0, |(_, fraction)| fraction.len());
    if significant < 8 || mantissa.len() != text.len() {
        return false;
    }
    [RoundingMode::HalfEven, RoundingMode::Down]
        .into_iter()
        .any(|mode| {
            actual.round(decimals as i64, mode).is_some_and(|rounded| {
                matches!(
                    Value::Number(rounded).feel_eq(&Value::Number(expected)),
                    Value::Boolean(true)
                )
            })
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Expected {
        Expected::Scalar {
            xsd_type: "decimal".into(),
            value: Value::Number(Number::parse(text).unwrap()),
            text: text.into(),
        }
    }

    fn actual(text: &str) -> Value {
        Value::Number(Number::parse(text).unwrap())
    }

    #[test]
    fn numbers_match_within_a_relative_1e_12() {
        assert!(matches_expected(
            &actual("562.7073593732659271562143285576407"),
            &number("562.707359373292")
        ));
        assert!(matches_expected(&actual("1.0"), &number("1")));
        assert!(!matches_expected(
            &actual("562.7073593"),
            &number("562.707359373292")
        ));
        assert!(!matches_expected(&actual("0.3"), &number("0")));
    }

    #[test]
    fn numbers_written_rounded_match_their_rounding() {
        assert!(matches_expected(
            &actual("54.59815003314423907811026120286088"),
            &number("54.59815003")
        ));
        assert!(matches_expected(
            &actual("0.3678794411714423215955237701614609"),
            &number("0.36787944")
        ));
        // Cut rather than rounded, as 0076 writes Java's cos(123).
        assert!(matches_expected(
            &actual("-0.8879689066918555"),
            &number("-0.88796890")
        ));
        assert!(!matches_expected(
            &actual("-0.8879689166918555"),
            &number("-0.88796890")
        ));
        // Too few digits written to be a rounded irrational: no rounding allowance.
        assert!(!matches_expected(&actual("1.4"), &number("1")));
        assert!(!matches_expected(
            &actual("54.5981501"),
            &number("54.59815003")
        ));
    }

    #[test]
    fn kinds_lists_contexts_and_null_must_agree() {
        let date = Expected::Scalar {
            xsd_type: "date".into(),
            value: Value::from_at_literal("2019-01-01"),
            text: "2019-01-01".into(),
        };
        assert!(matches_expected(
            &Value::from_at_literal("2019-01-01"),
            &date
        ));
        assert!(!matches_expected(
            &Value::from_at_literal("2019-01-01T00:00:00"),
            &date
        ));
        assert!(matches_expected(&Value::Null, &Expected::Null));
        assert!(!matches_expected(&actual("0"), &Expected::Null));
        let list = Expected::List(vec![number("1"), Expected::Null]);
        assert!(matches_expected(
            &Value::list(vec![actual("1"), Value::Null]),
            &list
        ));
        assert!(!matches_expected(&Value::list(vec![actual("1")]), &list));
        let context = Expected::Context(vec![("a".into(), number("2"))]);
        let mut found = sheshim_feel::Context::new();
        found.insert("a".into(), actual("2"));
        assert!(matches_expected(
            &Value::Context(std::sync::Arc::new(found.clone())),
            &context
        ));
        found.insert("b".into(), actual("3"));
        assert!(!matches_expected(
            &Value::Context(std::sync::Arc::new(found)),
            &context
        ));
    }
}
