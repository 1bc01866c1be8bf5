//! Reading parameter files and resolving them as of a date.

use chrono::NaiveDate;
use serde::Deserialize;
use sheshim_values::{Number, Value};
use thiserror::Error;

/// Why a parameter file or a resolution failed. Messages name the file, parameter and date.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ParamsError {
    /// The file is not valid TOML or not in the expected shape.
    #[error("{file}: {message}")]
    Syntax {
        /// The file's name.
        file: String,
        /// What is wrong, as the TOML reader says it.
        message: String,
    },
    /// A parameter's definition is inconsistent.
    #[error("{file}: parameter {parameter}: {message}")]
    Invalid {
        /// The file's name.
        file: String,
        /// The parameter at fault.
        parameter: String,
        /// What is wrong.
        message: String,
    },
    /// No value of a parameter is in force on the date asked for.
    #[error("parameter {parameter} has no value in force on {date}")]
    NotInForce {
        /// The parameter.
        parameter: String,
        /// The date.
        date: NaiveDate,
    },
}

/// The legal act that set a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LegalReference {
    /// The act's title (and number).
    pub act: String,
    /// The article, paragraph or clause, if known.
    pub article: Option<String>,
    /// The act's date, if known.
    pub act_date: Option<NaiveDate>,
    /// Where the act is published, if known.
    pub url: Option<String>,
    /// False when the figure could not be checked against the act itself.
    pub verified: bool,
    /// How the figure was checked, or why it could not be.
    pub note: Option<String>,
}

/// When a value is in force: from `from` through `until` inclusive (open-ended without `until`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day in force.
    pub from: NaiveDate,
    /// Last day in force, if the period is closed.
    pub until: Option<NaiveDate>,
}

impl Period {
    /// Whether the date falls in the period.
    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && self.until.is_none_or(|until| date <= until)
    }
}

/// A value over a period.
#[derive(Debug, Clone)]
struct PeriodValue {
    period: Period,
    value: Value,
    source: LegalReference,
}

/// One parameter with all its periods, sorted by start.
#[derive(Debug, Clone)]
pub struct Parameter {
    /// The name by which models refer to it.
    pub name: String,
    /// What it is.
    pub description: String,
    /// Its unit, if any (`KZT`).
    pub unit: Option<String>,
    periods: Vec<PeriodValue>,
}

/// A parameter's value as of a date, with where it comes from.
#[derive(Debug, Clone)]
pub struct ResolvedParameter {
    /// The parameter's name.
    pub name: String,
    /// The value in force.
    pub value: Value,
    /// The period of that value.
    pub period: Period,
    /// The act that set it.
    pub source: LegalReference,
}

/// The parameters of one file (or several merged).
#[derive(Debug, Clone, Default)]
pub struct ParameterSet {
    parameters: Vec<Parameter>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    parameter: Vec<RawParameter>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParameter {
    name: String,
    #[serde(default)]
    description: String,
    unit: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    period: Vec<RawPeriod>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPeriod {
    from: toml::value::Datetime,
    until: Option<toml::value::Datetime>,
    value: toml::Value,
    act: String,
    article: Option<String>,
    act_date: Option<toml::value::Datetime>,
    url: Option<String>,
    verified: bool,
    note: Option<String>,
}

impl ParameterSet {
    /// Reads a parameter file; `file` names it in error messages.
    pub fn parse(file: &str, text: &str) -> Result<ParameterSet, ParamsError> {
        let raw: RawFile = toml::from_str(text).map_err(|error| ParamsError::Syntax {
            file: file.to_owned(),
            message: error.message().to_owned(),
        })?;
        let mut set = ParameterSet::default();
        for parameter in raw.parameter {
            let parsed = parse_parameter(file, parameter)?;
            set.add(file, parsed)?;
        }
        Ok(set)
    }

    /// Adds the parameters of another set; a name defined in both is an error.
    pub fn merge(&mut self, file: &str, other: ParameterSet) -> Result<(), ParamsError> {
        for parameter in other.parameters {
            self.add(file, parameter)?;
        }
        Ok(())
    }

    fn add(&mut self, file: &str, parameter: Parameter) -> Result<(), ParamsError> {
        if self.parameters.iter().any(|p| p.name == parameter.name) {
            return Err(ParamsError::Invalid {
                file: file.to_owned(),
                parameter: parameter.name,
                message: "is defined twice".to_owned(),
            });
        }
        self.parameters.push(parameter);
        Ok(())
    }

    /// This set with every parameter of `reform` replacing the one of the same name (or
    /// added): a what-if changes whole parameters, all their periods at once.
    pub fn overridden_by(&self, reform: &ParameterSet) -> ParameterSet {
        let mut parameters: Vec<Parameter> = self
            .parameters
            .iter()
            .filter(|p| !reform.parameters.iter().any(|r| r.name == p.name))
            .cloned()
            .collect();
        parameters.extend(reform.parameters.iter().cloned());
        ParameterSet { parameters }
    }

    /// The parameters, in file order.
    pub fn parameters(&self) -> &[Parameter] {
        &self.parameters
    }

    /// Every parameter's value in force on `as_of`.
    pub fn resolve(&self, as_of: NaiveDate) -> Result<Vec<ResolvedParameter>, ParamsError> {
        self.parameters.iter().map(|p| p.resolve(as_of)).collect()
    }
}

impl Parameter {
    /// The value in force on `as_of`.
    pub fn resolve(&self, as_of: NaiveDate) -> Result<ResolvedParameter, ParamsError> {
        self.periods
            .iter()
            .find(|p| p.period.contains(as_of))
            .map(|p| ResolvedParameter {
                name: self.name.clone(),
                value: p.value.clone(),
                period: p.period,
                source: p.source.clone(),
            })
            .ok_or_else(|| ParamsError::NotInForce {
                parameter: self.name.clone(),
                date: as_of,
            })
    }
}

fn parse_parameter(file: &str, raw: RawParameter) -> Result<Parameter, ParamsError> {
    let invalid = |message: String| ParamsError::Invalid {
        file: file.to_owned(),
        parameter: raw.name.clone(),
        message,
    };
    if raw.name.trim().is_empty() {
        return Err(invalid("has an empty name".to_owned()));
    }
    if raw.period.is_empty() {
        return Err(invalid("has no periods".to_owned()));
    }
    let mut periods = Vec::with_capacity(raw.period.len());
    for (index, period) in raw.period.iter().enumerate() {
        let at = |message: &str| invalid(format!("period {}: {message}", index + 1));
        let from = date(&period.from).ok_or_else(|| at("`from` must be a date"))?;
        let until = period
            .until
            .as_ref()
            .map(|u| date(u).ok_or_else(|| at("`until` must be a date")))
            .transpose()?;
        if until.is_some_and(|until| until < from) {
            return Err(at("`until` is before `from`"));
        }
        let value = typed_value(&raw.kind, &period.value)
            .ok_or_else(|| at(&format!("value is not a {}", raw.kind)))?;
        let act_date = period
            .act_date
            .as_ref()
            .map(|d| date(d).ok_or_else(|| at("`act_date` must be a date")))
            .transpose()?;
        if period.act.trim().is_empty() {
            return Err(at("names no act"));
        }
        periods.push(PeriodValue {
            period: Period { from, until },
            value,
            source: LegalReference {
                act: period.act.clone(),
                article: period.article.clone(),
                act_date,
                url: period.url.clone(),
                verified: period.verified,
                note: period.note.clone(),
            },
        });
    }
    periods.sort_by_key(|p| p.period.from);
    for pair in periods.windows(2) {
        let overlaps = pair[0]
            .period
            .until
            .is_none_or(|until| until >= pair[1].period.from);
        if overlaps {
            return Err(invalid(format!(
                "the period from {} overlaps the one from {}",
                pair[0].period.from, pair[1].period.from
            )));
        }
    }
    Ok(Parameter {
        name: raw.name.clone(),
        description: raw.description.clone(),
        unit: raw.unit.clone(),
        periods,
    })
}

fn date(value: &toml::value::Datetime) -> Option<NaiveDate> {
    match (value.date, value.time) {
        (Some(d), None) => {
            NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        }
        _ => None,
    }
}

fn typed_value(kind: &str, value: &toml::Value) -> Option<Value> {
    match (kind, value) {
        ("number", toml::Value::Integer(n)) => Some(Value::Number(Number::from_i64(*n))),
        // Decimal values are written as strings so that no binary rounding touches them.
        ("number", toml::Value::String(text)) => Number::parse(text).map(Value::Number),
        ("string", toml::Value::String(text)) => Some(Value::string(text.as_str())),
        ("boolean", toml::Value::Boolean(b)) => Some(Value::Boolean(*b)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MRP: &str = r#"
[[parameter]]
name = "MRP"
description = "Monthly calculation index"
unit = "KZT"
type = "number"

[[parameter.period]]
from = 2025-01-01
until = 2025-12-31
value = 3932
act = "Budget law 2025"
verified = true

[[parameter.period]]
from = 2026-01-01
value = "4325"
act = "Budget law 2026"
article = "Article 9"
act_date = 2025-12-08
verified = false
"#;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn number(value: &Value) -> i64 {
        match value {
            Value::Number(n) => n.to_i64().unwrap(),
            _ => panic!("not a number"),
        }
    }

    #[test]
    fn resolves_the_value_in_force_on_each_date() {
        let set = ParameterSet::parse("mrp.toml", MRP).unwrap();
        let on = |date| set.resolve(date).unwrap().remove(0);
        assert_eq!(number(&on(day(2025, 12, 31)).value), 3932);
        let y2026 = on(day(2026, 1, 1));
        assert_eq!(number(&y2026.value), 4325);
        assert_eq!(y2026.source.article.as_deref(), Some("Article 9"));
        assert!(!y2026.source.verified);
        assert_eq!(y2026.period.until, None);
        assert_eq!(number(&on(day(2031, 6, 1)).value), 4325);
    }

    #[test]
    fn a_date_before_any_period_is_an_error() {
        let set = ParameterSet::parse("mrp.toml", MRP).unwrap();
        assert_eq!(
            set.resolve(day(2024, 6, 1)).unwrap_err(),
            ParamsError::NotInForce {
                parameter: "MRP".into(),
                date: day(2024, 6, 1)
            }
        );
    }

    #[test]
    fn overlapping_periods_and_bad_values_are_refused() {
        let overlapping = MRP.replace("until = 2025-12-31", "until = 2026-01-01");
        let error = ParameterSet::parse("mrp.toml", &overlapping).unwrap_err();
        assert!(error.to_string().contains("overlaps"), "{error}");
        let bad = MRP.replace("value = 3932", "value = \"lots\"");
        let error = ParameterSet::parse("mrp.toml", &bad).unwrap_err();
        assert!(
            error
                .to_string()
                .contains("period 1: value is not a number"),
            "{error}"
        );
        let backwards = MRP.replace("until = 2025-12-31", "until = 2024-12-31");
        assert!(ParameterSet::parse("mrp.toml", &backwards).is_err());
        let syntax = ParameterSet::parse("mrp.toml", "[[parameter]]\nname = ").unwrap_err();
        assert!(matches!(syntax, ParamsError::Syntax { .. }));
        let unknown = MRP.replace("unit = \"KZT\"", "unit = \"KZT\"\ncolour = \"red\"");
        assert!(ParameterSet::parse("mrp.toml", &unknown).is_err());
    }

    #[test]
    fn merging_refuses_a_parameter_defined_twice() {
        let mut set = ParameterSet::parse("a.toml", MRP).unwrap();
        let again = ParameterSet::parse("b.toml", MRP).unwrap();
        assert!(set.merge("b.toml", again).is_err());
    }
}
