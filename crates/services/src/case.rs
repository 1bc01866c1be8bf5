//! A service's test cases (`cases.toml`) and running them.

use crate::service::{Service, ServiceError};
use chrono::NaiveDate;
use serde::Deserialize;
use sheshim_feel::{Context, Env, Number, Value};
use std::path::Path;
use std::sync::Arc;

/// One test case: inputs, the date the law is applied as of, and the expected outcome.
#[derive(Clone)]
pub struct ServiceCase {
    /// What the case is about.
    pub name: String,
    /// The date the law is applied as of.
    pub as_of: NaiveDate,
    /// Inputs by name.
    pub inputs: Context,
    /// The expected result of the service's decision.
    pub expected: Value,
}

/// What came of running one case.
pub struct CaseResult {
    /// The case's name.
    pub name: String,
    /// True when the decision equals the expected outcome.
    pub passed: bool,
    /// The decision's result (or the error), as text.
    pub actual: String,
    /// The expected result, as text.
    pub expected: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCases {
    decision: String,
    #[serde(default)]
    case: Vec<RawCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: String,
    as_of: toml::value::Datetime,
    inputs: toml::Table,
    expected: toml::Value,
}

/// Reads `cases.toml`: the decision it tests and its cases.
pub(crate) fn parse_cases(
    file: &Path,
    text: &str,
) -> Result<(String, Vec<ServiceCase>), ServiceError> {
    let error = |message: String| ServiceError::Cases {
        file: file.to_owned(),
        message,
    };
    let raw: RawCases = toml::from_str(text).map_err(|e| error(e.message().to_owned()))?;
    let cases = raw
        .case
        .into_iter()
        .map(|case| {
            let as_of = toml_date(&case.as_of)
                .ok_or_else(|| error(format!("case {:?}: as_of must be a date", case.name)))?;
            let inputs = match toml_to_value(&toml::Value::Table(case.inputs)) {
                Value::Context(context) => (*context).clone(),
                _ => Context::new(),
            };
            Ok(ServiceCase {
                name: case.name,
                as_of,
                inputs,
                expected: toml_to_value(&case.expected),
            })
        })
        .collect::<Result<_, ServiceError>>()?;
    Ok((raw.decision, cases))
}

fn toml_date(value: &toml::value::Datetime) -> Option<NaiveDate> {
    match (value.date, value.time) {
        (Some(d), None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        _ => None,
    }
}

/// TOML values as FEEL values: tables become contexts, dates become FEEL dates, numbers
/// are read from their text.
fn toml_to_value(value: &toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::string(s.as_str()),
        toml::Value::Integer(n) => Value::Number(Number::from_i64(*n)),
        toml::Value::Float(f) => Number::parse(&f.to_string()).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => Value::Boolean(*b),
        toml::Value::Datetime(d) => Value::from_at_literal(&d.to_string()),
        toml::Value::Array(items) => Value::list(items.iter().map(toml_to_value).collect()),
        toml::Value::Table(table) => {
            let mut context = Context::new();
            for (key, item) in table {
                context.insert(Arc::from(key.as_str()), toml_to_value(item));
            }
            Value::Context(Arc::new(context))
        }
    }
}

impl Service {
    /// Runs every test case of the service.
    pub fn run_cases(&self, env: &Env) -> Vec<CaseResult> {
        self.cases()
            .iter()
            .map(|case| {
                let outcome = self.decide(&case.inputs, case.as_of, env);
                let (passed, actual) = match outcome {
                    Ok(decided) => (
                        equal_ignoring_order(&decided.value, &case.expected),
                        decided.value.to_string(),
                    ),
                    Err(error) => (false, format!("error: {error}")),
                };
                CaseResult {
                    name: case.name.clone(),
                    passed,
                    actual,
                    expected: case.expected.to_string(),
                }
            })
            .collect()
    }
}

/// FEEL equality, except that context entries may come in any order (TOML tables have none).
fn equal_ignoring_order(actual: &Value, expected: &Value) -> bool {
    match (actual, expected) {
        (Value::Context(a), Value::Context(e)) => {
            a.len() == e.len()
                && e.entries().iter().all(|(key, value)| {
                    a.get(key)
                        .is_some_and(|found| equal_ignoring_order(found, value))
                })
        }
        (Value::List(a), Value::List(e)) => {
            a.len() == e.len()
                && a.iter()
                    .zip(e.iter())
                    .all(|(x, y)| equal_ignoring_order(x, y))
        }
        _ => matches!(actual.feel_eq(expected), Value::Boolean(true)),
    }
}
