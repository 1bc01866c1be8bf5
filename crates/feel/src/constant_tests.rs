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
use crate::{Env, Scope, Value, evaluate};

/// One reduced test.
#[derive(Clone, Debug)]
enum ConstantTest {
    /// `< c`, `>= c`, … (and `= c`, `!= c`).
    Compare(CmpOp, Value),
    /// A constant the input must equal, or a range it must fall in.
    Matches(Value),
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
            Expr::UnaryCmp(op, operand) => constant(operand).map(|c| ConstantTest::Compare(*op, c)),
            other => constant(other).and_then(|value| match value {
                // A list as a test means "input in list": left to the evaluator.
                Value::List(_) => None,
                value => Some(ConstantTest::Matches(value)),
            }),
        })
        .collect::<Option<Vec<_>>>()?;
    Some(ConstantTests {
        negated,
        any: false,
        tests,
    })
}

/// The value of an expression built from literals only.
fn constant(expr: &Expr) -> Option<Value> {
    fn literal_only(expr: &Expr) -> bool {
        match expr {
            Expr::Literal(_) | Expr::At(_) => true,
            Expr::Neg(inner) => literal_only(inner),
            Expr::Range { start, end, .. } => literal_only(start) && literal_only(end),
            _ => false,
        }
    }
    literal_only(expr).then(|| evaluate(expr, &Scope::new(), &Env::default()))
}

impl ConstantTests {
    /// True for `-`.
    pub fn is_any(&self) -> bool {
        self.any
    }

    /// The same three-valued result as `evaluate_unary_tests`.
    pub fn evaluate(&self, input: &Value) -> Value {
        if self.any {
            return Value::Boolean(true);
        }
        let mut unknown = false;
        let mut matched = false;
        for test in &self.tests {
            let result = match test {
                ConstantTest::Compare(op, constant) => compare(*op, input, constant),
                ConstantTest::Matches(Value::Range(range)) => range_contains(range, input),
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

    /// Whether the input matches (a `null` result does not).
    pub fn matches(&self, input: &Value) -> bool {
        matches!(self.evaluate(input), Value::Boolean(true))
    }
}
