//! A service's test cases (`cases.toml`) and running them.
//!
//! A case gives the decision's `inputs` by name, or — to test `service.toml`'s sources as
//! well — what the applicant `claims` (by claim key) and what the `registry` holds (by
//! fact name), from which the inputs are built as they are for a real application
//! (derived inputs included); such a case fails when a claim differs from the registry or
//! a fact the service reads is missing.

use crate::service::{Service, ServiceError};
use chrono::NaiveDate;
use serde::Deserialize;
use sheshim_feel::{Context, Env, Number, Value};
use sheshim_registry::{FactName, FactValue};
use std::path::Path;
use std::sync::Arc;

/// One test case: inputs, the date the law is applied as of, and the expected outcome.
#[derive(Clone)]
pub struct ServiceCase {
    /// What the case is about.
    pub name: String,
    /// The date the law is applied as of.
    pub as_of: NaiveDate,
    /// Inputs by name (empty when the case gives claims and registry facts instead).
    pub inputs: Context,
    /// The applicant's claims, as JSON by claim key, for a case built from its sources.
    pub claims: Option<serde_json::Value>,
    /// The registry's values by fact, for a case built from its sources.
    pub registry: Vec<(FactName, FactValue)>,
    /// The expected result of the service's decision.
    pub expected: Value,
}

impl ServiceCase {
    /// True when the case gives claims and registry facts rather than inputs.
    pub fn from_sources(&self) -> bool {
        self.claims.is_some() || !self.registry.is_empty()
    }
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
    decision: Option<String>,
    #[serde(default)]
    case: Vec<RawCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: String,
    as_of: toml::value::Datetime,
    inputs: Option<toml::Table>,
    claims: Option<toml::Table>,
    registry: Option<toml::Table>,
    expected: toml::Value,
}

/// Reads `cases.toml`: the decision it names (if it does) and its cases.
pub(crate) fn parse_cases(
    file: &Path,
    text: &str,
) -> Result<(Option<String>, Vec<ServiceCase>), ServiceError> {
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
            let from_sources = case.claims.is_some() || case.registry.is_some();
            if from_sources == case.inputs.is_some() {
                return Err(error(format!(
                    "case {:?}: give either inputs, or claims and registry",
                    case.name
                )));
            }
            let inputs = match toml_to_value(&toml::Value::Table(case.inputs.unwrap_or_default())) {
                Value::Context(context) => (*context).clone(),
                _ => Context::new(),
            };
            let registry = case
                .registry
                .unwrap_or_default()
                .iter()
                .map(|(key, value)| {
                    let fact = FactName::parse(key)
                        .map_err(|e| error(format!("case {:?}: registry: {e}", case.name)))?;
                    let value = fact_value(value).ok_or_else(|| {
                        error(format!(
                            "case {:?}: registry.{key} must be an integer, a boolean, a date or text",
                            case.name
                        ))
                    })?;
                    Ok((fact, value))
                })
                .collect::<Result<Vec<_>, ServiceError>>()?;
            let claims = if from_sources {
                Some(toml_to_json(&toml::Value::Table(
                    case.claims.unwrap_or_default(),
                )))
            } else {
                None
            };
            Ok(ServiceCase {
                name: case.name,
                as_of,
                inputs,
                claims,
                registry,
                expected: toml_to_value(&case.expected),
            })
        })
        .collect::<Result<_, ServiceError>>()?;
    Ok((raw.decision, cases))
}

/// A registry value written in TOML.
fn fact_value(value: &toml::Value) -> Option<FactValue> {
    Some(match value {
        toml::Value::Integer(n) => FactValue::Number(*n),
        toml::Value::Boolean(b) => FactValue::Boolean(*b),
        toml::Value::String(s) => FactValue::Text(s.clone()),
        toml::Value::Datetime(d) => FactValue::Date(toml_date(d)?),
        _ => return None,
    })
}

/// Claims written in TOML as the JSON an application carries (dates as `YYYY-MM-DD`).
fn toml_to_json(value: &toml::Value) -> serde_json::Value {
    match value {
        toml::Value::String(s) => serde_json::Value::String(s.clone()),
        toml::Value::Integer(n) => serde_json::Value::from(*n),
        toml::Value::Float(f) => serde_json::Value::from(*f),
        toml::Value::Boolean(b) => serde_json::Value::Bool(*b),
        toml::Value::Datetime(d) => serde_json::Value::String(d.to_string()),
        toml::Value::Array(items) => items.iter().map(toml_to_json).collect(),
        toml::Value::Table(table) => table
            .iter()
            .map(|(k, v)| (k.clone(), toml_to_json(v)))
            .collect(),
    }
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
                let outcome = self.case_inputs(case, env).and_then(|inputs| {
                    self.decide(&inputs, case.as_of, env)
                        .map_err(|error| format!("error: {error}"))
                });
                let (passed, actual) = match outcome {
                    Ok(decided) => (
                        equal_ignoring_order(&decided.value, &case.expected),
                        decided.value.to_string(),
                    ),
                    Err(error) => (false, error),
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

impl Service {
    /// A case's inputs: as given, or built from its claims and registry facts (a claim the
    /// registry contradicts or a fact it lacks is a failure of the case).
    fn case_inputs(&self, case: &ServiceCase, env: &Env) -> Result<Context, String> {
        let Some(json) = &case.claims else {
            return Ok(case.inputs.clone());
        };
        let claims = self.parse_claims(json).map_err(|errors| {
            let list: Vec<String> = errors
                .iter()
                .map(|e| format!("{} {}", e.field, e.message))
                .collect();
            format!("claims refused: {}", list.join("; "))
        })?;
        let registry = |fact: FactName| {
            case.registry
                .iter()
                .find(|(name, _)| *name == fact)
                .map(|(_, value)| value.clone())
        };
        let built = self
            .build_inputs(&claims, registry, case.as_of, env)
            .map_err(|error| format!("error: {error}"))?;
        if let Some(difference) = built.differences.first() {
            return Err(format!(
                "{} differs from the registry's {}",
                difference.field,
                difference.fact.code()
            ));
        }
        if let Some((input, fact)) = built.gaps.first() {
            return Err(format!(
                "input {input:?} needs registry fact {}, which the case does not give",
                fact.code()
            ));
        }
        Ok(built.context)
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
