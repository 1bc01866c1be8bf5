//! Exact totals of money.
//!
//! Totals are counts of persons times an outcome's amount, added up. decimal128 keeps 34
//! significant digits: a total that needs more would be rounded, and one beyond its range
//! would overflow. Either is an error here, naming what was being totalled — never a
//! rounded total, a zero or an amount left out.

use crate::error::BatchError;
use dec::{Context as DecContext, Decimal128};
use sheshim_feel::Number;

/// The result of one decimal128 operation, if it is exact and finite.
fn exact(operation: impl FnOnce(&mut DecContext<Decimal128>) -> Decimal128) -> Option<Number> {
    let mut context = DecContext::<Decimal128>::default();
    let result = operation(&mut context);
    let status = context.status();
    if status.inexact() || status.overflow() {
        return None;
    }
    Number::from_decimal128(result)
}

fn inexact(what: impl FnOnce() -> String) -> BatchError {
    BatchError::InexactMoney { what: what() }
}

/// `a + b`, exactly.
///
/// # Errors
/// [`BatchError::InexactMoney`] naming `what` when the sum cannot be held exactly.
pub fn sum(a: Number, b: Number, what: impl FnOnce() -> String) -> Result<Number, BatchError> {
    exact(|c| c.add(a.to_decimal128(), b.to_decimal128())).ok_or_else(|| inexact(what))
}

/// `a − b`, exactly.
///
/// # Errors
/// [`BatchError::InexactMoney`] naming `what` when the difference cannot be held exactly.
pub fn difference(
    a: Number,
    b: Number,
    what: impl FnOnce() -> String,
) -> Result<Number, BatchError> {
    exact(|c| c.sub(a.to_decimal128(), b.to_decimal128())).ok_or_else(|| inexact(what))
}

/// `count × amount`, exactly.
///
/// # Errors
/// [`BatchError::InexactMoney`] naming `what` when the product cannot be held exactly.
pub fn product(
    count: u64,
    amount: Number,
    what: impl FnOnce() -> String,
) -> Result<Number, BatchError> {
    let count = Number::from_i128(i128::from(count));
    exact(|c| c.mul(count.to_decimal128(), amount.to_decimal128())).ok_or_else(|| inexact(what))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Number {
        Number::parse(text).unwrap()
    }

    fn what() -> String {
        "the test total".to_owned()
    }

    #[test]
    fn exact_results_are_kept_with_every_digit() {
        assert_eq!(
            product(20_000_000, number("1e30"), what)
                .unwrap()
                .to_string(),
            "20000000000000000000000000000000000000"
        );
        assert_eq!(
            sum(number("0.10"), number("0.20"), what)
                .unwrap()
                .to_string(),
            "0.30"
        );
        let total = product(3, number("999999999999999999999999999999.99"), what).unwrap();
        assert_eq!(total.to_string(), "2999999999999999999999999999999.97");
        assert_eq!(
            difference(number("5"), number("7.5"), what)
                .unwrap()
                .to_string(),
            "-2.5"
        );
    }

    #[test]
    fn totals_needing_more_than_34_digits_are_errors() {
        let amount = number("38000000000000000000000000000038");
        // 1,001 × that needs 35 significant digits (1,000 × it would not: 38…038000).
        let error = product(1_001, amount, what).unwrap_err().to_string();
        assert!(error.contains("the test total"), "{error}");
        assert!(sum(number("1e40"), number("1"), what).is_err());
        assert!(difference(number("1e40"), number("0.5"), what).is_err());
    }

    #[test]
    fn totals_beyond_the_range_are_errors_not_zero() {
        let huge = number("9e6144");
        assert!(product(2, huge, what).is_err());
        assert!(sum(huge, huge, what).is_err());
    }
}
