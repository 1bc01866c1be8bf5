//! Unary tests reduced, once at load time, to comparisons with constants — the common shape
//! of decision-table input entries (`< 18`, `[18..25]`, `"gold"`, `-`) — so that a table can
//! be evaluated without walking expressions or looking anything up by name.
//!
//! The reduction applies only where the result is certain to equal
//! [`evaluate_unary_tests`](crate::evaluate_unary_tests): every entry must be built from
//! literals (numbers, strings, booleans, `null`, `@"…"` temporal literals, negation, ranges
//! of those). Anything else — names, `?`, calls, lists — is left to the evaluator.

use crate::ast::{CmpOp, Expr, UnaryTests};
use crate::eval::{compare, not3, range_contains, truth};
use crate::{Env, Number, RangeBound, Scaled, Scope, Value, evaluate};

/// One reduced test.
#[derive(Clone, Debug)]
enum ConstantTest {
    /// `< c`, `>= c`, … (and `= c`, `!= c`).
    Compare(CmpOp, Value),
    /// `< c`, `= c`, … with a number, decoded once for fast comparison with numbers.
    CompareNumber(CmpOp, Value, Scaled),
    /// A range of numbers, its ends decoded once (`None` for an unbounded end).
    NumberRange {
        range: Value,
        start: Option<(Scaled, bool)>,
        end: Option<(Scaled, bool)>,
    },
    /// A constant the input must equal, or a range it must fall in.
    Matches(Value),
}

/// A number constant decoded for fast comparison.
fn scaled(value: &Value) -> Option<Scaled> {
    match value {
        Value::Number(n) => n.scaled(),
        _ => None,
    }
}

/// A range whose ends are numbers (or unbounded), decoded.
fn number_range(value: &Value) -> Option<ConstantTest> {
    let Value::Range(range) = value else {
        return None;
    };
    let end = |bound: &RangeBound| match bound {
        RangeBound::Unbounded => Some(None),
        RangeBound::Closed(v) => scaled(v).map(|s| Some((s, true))),
        RangeBound::Open(v) => scaled(v).map(|s| Some((s, false))),
    };
    Some(ConstantTest::NumberRange {
        range: value.clone(),
        start: end(&range.start)?,
        end: end(&range.end)?,
    })
}

/// A unary test list reduced to constants.
#[derive(Clone, Debug)]
pub struct ConstantTests {
    negated: bool,
    /// Empty with `negated == false` never happens: `-` is `any`.
    any: bool,
    tests: Vec<ConstantTest>,
}

/// Reduces a unary test list, or `None` when it is not made of constants only.
pub fn reduce_to_constants(tests: &UnaryTests) -> Option<ConstantTests> {
    let (negated, list) = match tests {
        UnaryTests::Any => {
            return Some(ConstantTests {
                negated: false,
                any: true,
                tests: Vec::new(),
            });
        }
        UnaryTests::Positive(list) => (false, list),
        UnaryTests::Not(list) => (true, list),
    };
    let tests = list
        .iter()
        .map(|test| match test {
            Expr::UnaryCmp(op, operand) => constant(operand).map(|c| match scaled(&c) {
                Some(s) => ConstantTest::CompareNumber(*op, c, s),
                None => ConstantTest::Compare(*op, c),
            }),
            other => constant(other).and_then(|value| match value {
                // A list as a test means "input in list": left to the evaluator.
                Value::List(_) => None,
                value => Some(match (scaled(&value), number_range(&value)) {
                    (Some(s), _) => ConstantTest::CompareNumber(CmpOp::Eq, value, s),
                    (None, Some(range)) => range,
                    (None, None) => ConstantTest::Matches(value),
                }),
            }),
        })
        .collect::<Option<Vec<_>>>()?;
    Some(ConstantTests {
        negated,
        any: false,
        tests,
    })
}

/// The value of an expression built from literals only (numbers, strings, booleans, `null`,
/// `@"…"` temporal literals, negation, ranges of those), computed once; `None` for any other
/// expression.
pub fn constant_value(expr: &Expr) -> Option<Value> {
    constant(expr)
}

fn constant(expr: &Expr) -> Option<Value> {
    fn literal_only(expr: &Expr) -> bool {
        match expr {
            Expr::Literal(_) | Expr::At(_) => true,
            Expr::Neg(inner) => literal_only(inner),
            Expr::Range { start, end, .. } => literal_only(start) && literal_only(end),
            _ => false,
        }
    }
    if !literal_only(expr) {
        return None;
    }
    evaluate(expr, &Scope::new(), &Env::default()).ok()
}

impl ConstantTests {
    /// True for `-`.
    pub fn is_any(&self) -> bool {
        self.any
    }

    /// The same three-valued result as `evaluate_unary_tests`.
    pub fn evaluate(&self, input: &Value) -> Value {
        let decoded = match input {
            Value::Number(n) => n.scaled(),
            _ => None,
        };
        self.evaluate_decoded(input, decoded)
    }

    /// Like [`ConstantTests::evaluate`], given the input already decoded if it is a number
    /// (decode it once with `Number::scaled` when testing one input many times).
    pub fn evaluate_decoded(&self, input: &Value, decoded: Option<Scaled>) -> Value {
        if self.any {
            return Value::Boolean(true);
        }
        let mut unknown = false;
        let mut matched = false;
        for test in &self.tests {
            let result = match test {
                ConstantTest::CompareNumber(op, constant, s) => {
                    match decoded.and_then(|d| d.compare(s)) {
                        Some(order) => Value::Boolean(holds(*op, order)),
                        None => compare(*op, input, constant),
                    }
                }
                ConstantTest::NumberRange { range, start, end } => match (decoded, range) {
                    (Some(d), _) => match in_number_range(d, *start, *end) {
                        Some(inside) => Value::Boolean(inside),
                        None => range_test(range, input),
                    },
                    _ => range_test(range, input),
                },
                ConstantTest::Compare(op, constant) => compare(*op, input, constant),
                ConstantTest::Matches(range @ Value::Range(_)) => range_test(range, input),
                ConstantTest::Matches(constant) => input.feel_eq(constant),
            };
            match truth(&result) {
                Some(true) => {
                    matched = true;
                    break;
                }
                Some(false) => {}
                None => unknown = true,
            }
        }
        let positive = if matched {
            Value::Boolean(true)
        } else if unknown {
            Value::Null
        } else {
            Value::Boolean(false)
        };
        if self.negated {
            not3(&positive)
        } else {
            positive
        }
    }

    /// Every number constant the tests compare with, range ends included. Between two
    /// consecutive constants every number gets the same result, which lets a batch
    /// evaluator test one representative per interval instead of every value.
    pub fn numbers(&self) -> Vec<Number> {
        fn push(value: &Value, out: &mut Vec<Number>) {
            match value {
                Value::Number(n) => out.push(*n),
                Value::Range(range) => {
                    for bound in [&range.start, &range.end] {
                        if let RangeBound::Closed(v) | RangeBound::Open(v) = bound {
                            push(v, out);
                        }
                    }
                }
                _ => {}
            }
        }
        let mut out = Vec::new();
        for test in &self.tests {
            match test {
                ConstantTest::Compare(_, value)
                | ConstantTest::CompareNumber(_, value, _)
                | ConstantTest::Matches(value)
                | ConstantTest::NumberRange { range: value, .. } => push(value, &mut out),
            }
        }
        out
    }

    /// Whether the input matches (a `null` result does not).
    pub fn matches(&self, input: &Value) -> bool {
        matches!(self.evaluate(input), Value::Boolean(true))
    }

    /// Like [`ConstantTests::matches`], with the input already decoded if it is a number.
    pub fn matches_decoded(&self, input: &Value, decoded: Option<Scaled>) -> bool {
        matches!(self.evaluate_decoded(input, decoded), Value::Boolean(true))
    }
}

/// Whether an ordering satisfies a comparison operator.
fn holds(op: CmpOp, order: std::cmp::Ordering) -> bool {
    match op {
        CmpOp::Eq => order.is_eq(),
        CmpOp::Ne => order.is_ne(),
        CmpOp::Lt => order.is_lt(),
        CmpOp::Le => order.is_le(),
        CmpOp::Gt => order.is_gt(),
        CmpOp::Ge => order.is_ge(),
    }
}

/// Whether a decoded number lies in a range of decoded ends; `None` if a comparison overflowed.
fn in_number_range(
    x: Scaled,
    start: Option<(Scaled, bool)>,
    end: Option<(Scaled, bool)>,
) -> Option<bool> {
    let above_start = match start {
        None => true,
        Some((s, closed)) => {
            let order = x.compare(&s)?;
            if closed { order.is_ge() } else { order.is_gt() }
        }
    };
    let below_end = match end {
        None => true,
        Some((e, closed)) => {
            let order = x.compare(&e)?;
            if closed { order.is_le() } else { order.is_lt() }
        }
    };
    Some(above_start && below_end)
}

/// The evaluator's test of a range value.
fn range_test(range: &Value, input: &Value) -> Value {
    match range {
        Value::Range(r) => range_contains(r, input),
        _ => Value::Null,
    }
}
