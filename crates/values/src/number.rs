//! FEEL numbers: IEEE 754 decimal128 (34 significant digits, rounding half-even).

use dec::{Context as DecContext, Decimal, Decimal128, Rounding};
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A FEEL number.
#[derive(Clone, Copy)]
pub struct Number(pub(crate) Decimal128);

/// Wide working precision for exp/ln/sqrt/pow (digits held in units of 3).
type Wide = Decimal<14>;

/// How [`Number::round`] breaks ties and rounds discarded digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoundingMode {
    /// Round half to even (banker's rounding), as `decimal()` does.
    HalfEven,
    /// Round half away from zero.
    HalfUp,
    /// Round half towards zero.
    HalfDown,
    /// Away from zero.
    Up,
    /// Towards zero.
    Down,
    /// Towards negative infinity.
    Floor,
    /// Towards positive infinity.
    Ceiling,
}

impl RoundingMode {
    fn to_dec(self) -> Rounding {
        match self {
            RoundingMode::HalfEven => Rounding::HalfEven,
            RoundingMode::HalfUp => Rounding::HalfUp,
            RoundingMode::HalfDown => Rounding::HalfDown,
            RoundingMode::Up => Rounding::Up,
            RoundingMode::Down => Rounding::Down,
            RoundingMode::Floor => Rounding::Floor,
            RoundingMode::Ceiling => Rounding::Ceiling,
        }
    }
}

fn cx() -> DecContext<Decimal128> {
    DecContext::<Decimal128>::default()
}

/// A finite result, or `None` for NaN/infinity (which FEEL maps to `null`).
fn finite(d: Decimal128) -> Option<Number> {
    if d.is_finite() {
        if d.is_zero() && d.is_negative() {
            // Normalise negative zero to zero, keeping the exponent.
            Some(Number(cx().abs(d)))
        } else {
            Some(Number(d))
        }
    } else {
        None
    }
}

fn wide_cx() -> DecContext<Wide> {
    let mut c = DecContext::<Wide>::default();
    // 14 units of 3 digits: 42 digits; leave headroom for rounding.
    let _ = c.set_precision(40);
    // exp/ln require exponent limits within ±999 999.
    let _ = c.set_max_exponent(6144);
    let _ = c.set_min_exponent(-6143);
    c
}

fn to_wide(n: Number) -> Wide {
    Wide::from(n.0)
}

fn from_wide(d: &Wide) -> Option<Number> {
    if !d.is_finite() {
        return None;
    }
    let mut c = cx();
    let r = c.from_decimal(d);
    finite(c.reduce(r))
}

/// Checks FEEL / XML Schema number syntax: sign, digits, optional point, optional exponent.
fn well_formed(text: &str) -> bool {
    let b = text.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
        i += 1;
    }
    let start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let mut digits = i - start;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        digits += i - s;
    }
    if digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'+' || b[i] == b'-') {
            i += 1;
        }
        let s = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == s || i - s > 9 {
            return false;
        }
    }
    i == b.len()
}

#[allow(clippy::should_implement_trait)] // the operations return Option (null on overflow/zero division)
impl Number {
    /// The number for an integer.
    pub fn from_i64(n: i64) -> Number {
        Number(Decimal128::from(n))
    }

    /// Parses FEEL/XML Schema decimal text (`12`, `-3.5`, `.5`, `1e3`); `None` if it is not a number.
    pub fn parse(text: &str) -> Option<Number> {
        let text = text.trim();
        if !well_formed(text) {
            return None;
        }
        let mut c = cx();
        let d = c.parse(text).ok()?;
        finite(d)
    }

    /// The number as an i64 if it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        if !self.0.is_finite() || !self.is_integer() {
            return None;
        }
        if self.0.is_zero() {
            return Some(0);
        }
        let r = cx().reduce(self.0);
        if r.exponent() > 18 {
            return None;
        }
        let mut coef = r.coefficient();
        for _ in 0..r.exponent() {
            coef = coef.checked_mul(10)?;
        }
        i64::try_from(coef).ok()
    }

    /// The number as an i128 if it is an integer in range.
    pub fn to_i128(&self) -> Option<i128> {
        if !self.is_integer() {
            return None;
        }
        if self.0.is_zero() {
            return Some(0);
        }
        let r = cx().reduce(self.0);
        if r.exponent() > 38 {
            return None;
        }
        let mut coef = r.coefficient();
        for _ in 0..r.exponent() {
            coef = coef.checked_mul(10)?;
        }
        Some(coef)
    }

    /// The number for an i128 (rounded to 34 digits if longer).
    pub fn from_i128(n: i128) -> Number {
        Number(cx().from_i128(n))
    }

    /// The number truncated towards zero to an integer.
    pub fn trunc(self) -> Number {
        self.round(0, RoundingMode::Down).unwrap_or(self)
    }

    /// The number for a decimal128 value; `None` for NaN or infinity.
    pub fn from_decimal128(d: Decimal128) -> Option<Number> {
        finite(d)
    }

    /// The underlying decimal128 value.
    pub fn to_decimal128(self) -> Decimal128 {
        self.0
    }

    /// The number nearest to a binary floating-point value; `None` for NaN or infinity.
    pub fn from_f64(f: f64) -> Option<Number> {
        if !f.is_finite() {
            return None;
        }
        Number::parse(&format!("{f:e}"))
    }

    /// The nearest f64.
    pub fn to_f64(self) -> f64 {
        self.to_string().parse().unwrap_or(f64::NAN)
    }

    /// Zero.
    pub fn zero() -> Number {
        Number::from_i64(0)
    }

    /// One.
    pub fn one() -> Number {
        Number::from_i64(1)
    }

    /// True if the value has no fractional part.
    pub fn is_integer(&self) -> bool {
        self.0.is_finite() && (self.0.is_zero() || cx().reduce(self.0).exponent() >= 0)
    }

    /// True for zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_zero()
    }

    /// True for numbers below zero.
    pub fn is_negative(&self) -> bool {
        !self.0.is_zero() && self.0.is_negative()
    }

    /// `a + b`; `None` on overflow.
    pub fn add(self, other: Number) -> Option<Number> {
        finite(cx().add(self.0, other.0))
    }

    /// `a - b`; `None` on overflow.
    pub fn sub(self, other: Number) -> Option<Number> {
        finite(cx().sub(self.0, other.0))
    }

    /// `a * b`; `None` on overflow.
    pub fn mul(self, other: Number) -> Option<Number> {
        finite(cx().mul(self.0, other.0))
    }

    /// `a / b`; `None` when `b` is zero or on overflow.
    pub fn div(self, other: Number) -> Option<Number> {
        if other.is_zero() {
            return None;
        }
        finite(cx().div(self.0, other.0))
    }

    /// `-a`.
    pub fn neg(self) -> Number {
        if self.is_zero() {
            return self;
        }
        Number(cx().minus(self.0))
    }

    /// `|a|`.
    pub fn abs(self) -> Number {
        Number(cx().abs(self.0))
    }

    /// `a ** b`; `None` where undefined (e.g. `0 ** -1`) or not representable.
    pub fn pow(self, exponent: Number) -> Option<Number> {
        if let Some(e) = exponent.to_i64() {
            // Exact integer power by squaring, in decimal128 arithmetic.
            if e.unsigned_abs() <= 1_000_000 {
                let mut c = cx();
                let mut result = Decimal128::from(1i32);
                let mut base = self.0;
                let mut k = e.unsigned_abs();
                while k > 0 {
                    if k & 1 == 1 {
                        result = c.mul(result, base);
                    }
                    base = c.mul(base, base);
                    k >>= 1;
                    if !result.is_finite() {
                        return None;
                    }
                }
                if e < 0 {
                    if result.is_zero() {
                        return None;
                    }
                    result = c.div(Decimal128::from(1i32), result);
                }
                return finite(result);
            }
        }
        let mut c = wide_cx();
        let mut x = to_wide(self);
        let y = to_wide(exponent);
        c.pow(&mut x, &y);
        if c.status().invalid_operation() {
            return None;
        }
        from_wide(&x).map(|n| n.round_significant())
    }

    /// Rounds to 34 significant digits through decimal128 (no-op for decimal128 values).
    fn round_significant(self) -> Number {
        self
    }

    /// Square root; `None` for negative numbers.
    pub fn sqrt(self) -> Option<Number> {
        if self.is_negative() {
            return None;
        }
        let mut c = wide_cx();
        let mut x = to_wide(self);
        c.sqrt(&mut x);
        from_wide(&x)
    }

    /// Natural logarithm; `None` for zero or negative numbers.
    pub fn ln(self) -> Option<Number> {
        if self.is_negative() || self.is_zero() {
            return None;
        }
        let mut c = wide_cx();
        let mut x = to_wide(self);
        c.ln(&mut x);
        from_wide(&x)
    }

    /// `e` raised to this number; `None` on overflow.
    pub fn exp(self) -> Option<Number> {
        let mut c = wide_cx();
        let mut x = to_wide(self);
        c.exp(&mut x);
        from_wide(&x)
    }

    /// Rounds to `scale` digits after the decimal point (negative scale rounds to tens,
    /// hundreds, …) with the given mode; `None` if the result is not representable.
    pub fn round(self, scale: i64, mode: RoundingMode) -> Option<Number> {
        if !(-6111..=6176).contains(&scale) {
            return None;
        }
        // Already at or below the requested precision: nothing to round.
        if self.0.exponent() >= -(scale as i32) {
            return Some(self);
        }
        let mut c = cx();
        c.set_rounding(mode.to_dec());
        let mut quantum = Decimal128::from(1i32);
        c.set_exponent(&mut quantum, -(scale as i32));
        let r = c.quantize(self.0, quantum);
        if c.status().invalid_operation() {
            return None;
        }
        finite(r)
    }

    /// The greatest integer not above the number.
    pub fn floor(self) -> Number {
        self.round(0, RoundingMode::Floor).unwrap_or(self)
    }

    /// The least integer not below the number.
    pub fn ceiling(self) -> Number {
        self.round(0, RoundingMode::Ceiling).unwrap_or(self)
    }

    /// FEEL `modulo(dividend, divisor)`: the remainder with the sign of the divisor; `None` for divisor zero.
    pub fn modulo(self, divisor: Number) -> Option<Number> {
        if divisor.is_zero() {
            return None;
        }
        // dividend - divisor * floor(dividend / divisor)
        let q = self.div(divisor)?.floor();
        self.sub(divisor.mul(q)?)
    }

    /// Integer division truncated towards zero and the remainder (`None` for divisor zero).
    pub fn rem(self, divisor: Number) -> Option<Number> {
        if divisor.is_zero() {
            return None;
        }
        finite(cx().rem(self.0, divisor.0))
    }

    /// The number with trailing fractional zeros removed (`1.500` → `1.5`, `100` stays `100`).
    pub fn normalized(self) -> Number {
        let mut c = cx();
        let r = c.reduce(self.0);
        if r.exponent() > 0 {
            let mut r2 = r;
            c.rescale(&mut r2, 0);
            if r2.is_finite() && !c.status().invalid_operation() {
                return Number(r2);
            }
        }
        Number(r)
    }

    /// Total order by value (1 = 1.0).
    pub fn cmp_value(&self, other: &Number) -> Ordering {
        match (self.scaled(), other.scaled()) {
            (Some(a), Some(b)) => a.compare(&b),
            _ => None,
        }
        .unwrap_or_else(|| cx().partial_cmp(self.0, other.0).unwrap_or(Ordering::Equal))
    }

    /// The number as a 128-bit coefficient and a power-of-ten exponent, for comparing many
    /// times without decoding it again; `None` for NaN and infinities.
    pub fn scaled(&self) -> Option<Scaled> {
        self.0.is_finite().then(|| Scaled {
            coefficient: self.0.coefficient(),
            exponent: self.0.exponent(),
        })
    }
}

/// A finite decimal as `coefficient × 10^exponent`, decoded once. Decision tables compare
/// numbers more than anything else, and comparing decoded numbers is several times faster
/// than decNumber's general comparison.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Scaled {
    coefficient: i128,
    exponent: i32,
}

impl Scaled {
    /// Exact comparison by value; `None` when aligning the exponents would overflow 128 bits
    /// (then compare the numbers themselves with [`Number::cmp_value`]).
    pub fn compare(&self, other: &Scaled) -> Option<Ordering> {
        if self.exponent == other.exponent {
            return Some(self.coefficient.cmp(&other.coefficient));
        }
        // Scale the coefficient with the larger exponent down to the smaller exponent.
        let (high, low, swapped) = if self.exponent > other.exponent {
            (self, other, false)
        } else {
            (other, self, true)
        };
        let shift = u32::try_from(high.exponent - low.exponent).ok()?;
        let scaled = high.coefficient.checked_mul(10i128.checked_pow(shift)?)?;
        let order = scaled.cmp(&low.coefficient);
        Some(if swapped { order.reverse() } else { order })
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Number) -> bool {
        self.cmp_value(other) == Ordering::Equal
    }
}

impl Eq for Number {}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Number {
    fn cmp(&self, other: &Number) -> Ordering {
        self.cmp_value(other)
    }
}

impl Hash for Number {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let r = cx().reduce(self.0);
        let r = if r.is_zero() {
            Decimal128::from(0i32)
        } else {
            r
        };
        r.to_be_bytes().hash(state);
    }
}

impl From<i64> for Number {
    fn from(n: i64) -> Number {
        Number::from_i64(n)
    }
}

impl From<i32> for Number {
    fn from(n: i32) -> Number {
        Number::from_i64(i64::from(n))
    }
}

impl fmt::Display for Number {
    /// Plain decimal notation, never an exponent (`12300`, `0.000123`, `-1.50`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_zero() {
            // "0", "0.00" — never "-0" nor "0E+3".
            let e = self.0.exponent();
            if e < 0 {
                return write!(f, "0.{}", "0".repeat(e.unsigned_abs() as usize));
            }
            return f.write_str("0");
        }
        f.write_str(&self.0.to_standard_notation_string())
    }
}

impl fmt::Debug for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Number {
        Number::parse(s).expect("number")
    }

    #[test]
    fn parse_and_display() {
        assert_eq!(n("12").to_string(), "12");
        assert_eq!(n("-3.5").to_string(), "-3.5");
        assert_eq!(n(".5").to_string(), "0.5");
        assert_eq!(n("1e3").to_string(), "1000");
        assert_eq!(n("1.23e4").to_string(), "12300");
        assert_eq!(n("1.23e-4").to_string(), "0.000123");
        assert_eq!(n("-0").to_string(), "0");
        assert!(Number::parse("abc").is_none());
        assert!(Number::parse("NaN").is_none());
        assert!(Number::parse("Infinity").is_none());
        assert!(Number::parse("1.").is_some());
        assert!(Number::parse(".").is_none());
        assert!(Number::parse("").is_none());
        assert!(Number::parse("1e").is_none());
    }

    #[test]
    fn arithmetic() {
        assert_eq!(
            n("0.1").add(n("0.2")).map(|x| x.to_string()),
            Some("0.3".into())
        );
        assert_eq!(
            n("10").div(n("4")).map(|x| x.to_string()),
            Some("2.5".into())
        );
        assert_eq!(
            n("1").div(n("3")).map(|x| x.to_string()),
            Some("0.3333333333333333333333333333333333".into())
        );
        assert!(n("1").div(n("0")).is_none());
        assert_eq!(n("2").pow(n("10")), Some(n("1024")));
        assert_eq!(n("2").pow(n("-2")), Some(n("0.25")));
        assert_eq!(n("16").sqrt(), Some(n("4")));
        assert!(n("-1").sqrt().is_none());
        assert_eq!(n("12").modulo(n("5")), Some(n("2")));
        assert_eq!(n("-12").modulo(n("5")), Some(n("3")));
        assert_eq!(n("12").modulo(n("-5")), Some(n("-3")));
        assert_eq!(n("10.1").modulo(n("4.5")), Some(n("1.1")));
        assert_eq!(n("1").cmp(&n("1.0")), Ordering::Equal);
    }

    #[test]
    fn rounding() {
        assert_eq!(n("1.125").round(2, RoundingMode::HalfEven), Some(n("1.12")));
        assert_eq!(n("1.125").round(2, RoundingMode::HalfUp), Some(n("1.13")));
        assert_eq!(n("-5.5").round(0, RoundingMode::HalfDown), Some(n("-5")));
        assert_eq!(n("5.5").floor(), n("5"));
        assert_eq!(n("-5.5").floor(), n("-6"));
        assert_eq!(n("-5.5").ceiling(), n("-5"));
        assert_eq!(
            n("12345")
                .round(-2, RoundingMode::HalfEven)
                .map(|x| x.to_string()),
            Some("12300".into())
        );
        assert_eq!(n("5").to_i64(), Some(5));
        assert_eq!(n("5.0").to_i64(), Some(5));
        assert_eq!(n("1e3").to_i64(), Some(1000));
        assert_eq!(n("5.5").to_i64(), None);
    }
}

#[cfg(test)]
mod scaled_tests {
    use super::*;
    use proptest::prelude::*;

    fn decimal() -> impl Strategy<Value = Decimal128> {
        (any::<i64>(), -40i32..40, 0u8..6).prop_map(|(coefficient, exponent, kind)| {
            let text = match kind {
                0 => format!("{coefficient}"),
                1 => format!("{}E{exponent}", coefficient % 1000),
                2 => "0".to_owned(),
                3 => "-0.00".to_owned(),
                _ => format!("{coefficient}E{exponent}"),
            };
            cx().parse(text.as_str()).unwrap_or_default()
        })
    }

    proptest! {
        #[test]
        fn scaled_comparison_agrees_with_decnumber(a in decimal(), b in decimal()) {
            let expected = cx().partial_cmp(a, b);
            if let (Some(x), Some(y)) = (Number(a).scaled(), Number(b).scaled())
                && let Some(fast) = x.compare(&y)
            {
                prop_assert_eq!(Some(fast), expected);
            }
            prop_assert_eq!(Some(Number(a).cmp_value(&Number(b))), expected);
        }
    }

    #[test]
    fn equal_values_with_different_exponents_compare_equal() {
        let n = |text: &str| Number::parse(text).unwrap();
        assert_eq!(n("1").cmp_value(&n("1.000")), Ordering::Equal);
        assert_eq!(n("0.0525").cmp_value(&n("0.06")), Ordering::Less);
        assert_eq!(n("0.06").cmp_value(&n("0.0525")), Ordering::Greater);
        assert_eq!(n("-3").cmp_value(&n("-30E-1")), Ordering::Equal);
    }
}
