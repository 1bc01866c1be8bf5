//! Where a decision's inputs come from: what the applicant claims, what a registry holds,
//! and values derived from the other inputs. Claims are type-checked here
//! ([`Service::parse_claims`]), and the decision's input context is built from claims,
//! registry values and derived expressions ([`Service::build_inputs`]), with every
//! difference between a claim and the registry and every fact the registry did not give.

use crate::service::{Service, ServiceError};
use chrono::NaiveDate;
use sheshim_feel::{Context, Env, Number, Scope, Value};
use sheshim_registry::{FactName, FactValue};
use std::sync::Arc;

/// The type of an input, as `service.toml` declares it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputType {
    /// A FEEL number.
    Number,
    /// `true` or `false`.
    Boolean,
    /// A date, `YYYY-MM-DD` in claims.
    Date,
    /// Text.
    String,
}

impl InputType {
    pub(crate) fn parse(code: &str) -> Option<InputType> {
        Some(match code {
            "number" => InputType::Number,
            "boolean" => InputType::Boolean,
            "date" => InputType::Date,
            "string" => InputType::String,
            _ => return None,
        })
    }

    /// `number`, `boolean`, `date` or `string`.
    pub fn code(self) -> &'static str {
        match self {
            InputType::Number => "number",
            InputType::Boolean => "boolean",
            InputType::Date => "date",
            InputType::String => "string",
        }
    }
}

/// The type of the values a registry fact gives.
pub(crate) fn fact_type(fact: FactName) -> InputType {
    match fact {
        FactName::Age
        | FactName::DisabilityGroup
        | FactName::MonthlyIncome
        | FactName::ChildrenCount
        | FactName::ChildrenUnder18
        | FactName::YoungestChildBirthOrder
        | FactName::HouseholdSize
        | FactName::HouseholdIncomePerPerson => InputType::Number,
        FactName::BirthDate | FactName::YoungestChildBirthDate => InputType::Date,
        FactName::Sex | FactName::Residence => InputType::String,
        FactName::HasRegisteredResidence
        | FactName::Citizen
        | FactName::PermanentResident
        | FactName::Employed => InputType::Boolean,
    }
}

/// Where one input's value comes from.
#[derive(Clone, Debug)]
pub enum InputSource {
    /// A registry fact; with a claim, the applicant states it too and the registry checks it.
    Registry {
        /// The fact.
        fact: FactName,
        /// The claim's key, when the applicant states it.
        claim: Option<String>,
    },
    /// What the applicant states, under this key.
    Claim(String),
    /// A FEEL expression over the other (not derived) inputs and the dated parameters.
    Derived(String),
}

/// One input of the decision and where it comes from.
#[derive(Clone, Debug)]
pub struct InputSpec {
    /// The DMN input's name.
    pub name: String,
    /// Its type.
    pub ty: InputType,
    /// Its source.
    pub source: InputSource,
}

impl InputSpec {
    /// The key the applicant may state it under.
    pub fn claim(&self) -> Option<&str> {
        match &self.source {
            InputSource::Registry { claim, .. } => claim.as_deref(),
            InputSource::Claim(claim) => Some(claim),
            InputSource::Derived(_) => None,
        }
    }
}

/// The applicant's claims, typed by the service's inputs: `(claim key, value)`.
#[derive(Clone, Debug, Default)]
pub struct Claims {
    values: Vec<(String, Value)>,
}

impl Claims {
    /// The value claimed under `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.values.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Every claim, in the order of the service's inputs.
    pub fn entries(&self) -> &[(String, Value)] {
        &self.values
    }
}

/// A claim that cannot be used. Names the field; never repeats the value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimError {
    /// The field, e.g. `claims.birth_order`.
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ClaimError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for ClaimError {}

/// A claim the registry contradicts, for the officer: field by field.
#[derive(Clone, Debug)]
pub struct ClaimDifference {
    /// The field, e.g. `claims.birth_order`.
    pub field: String,
    /// The decision's input.
    pub input: String,
    /// The registry fact.
    pub fact: FactName,
    /// What the applicant stated.
    pub claimed: Value,
    /// What the registry holds.
    pub registry: Value,
}

/// The decision's inputs, built from claims, registry values and derived expressions.
#[derive(Clone)]
pub struct BuiltInputs {
    /// The input context for the decision (without the dated parameters, which the
    /// decision adds).
    pub context: Context,
    /// Claims the registry contradicts (the registry's value is used).
    pub differences: Vec<ClaimDifference>,
    /// Registry facts the registry did not give: `(input, fact)`. The claim's value is used
    /// when there is one, `null` otherwise; either way the case needs an officer.
    pub gaps: Vec<(String, FactName)>,
}

impl BuiltInputs {
    /// True when the inputs rest entirely on the registry's confirmation: no gap and no
    /// difference.
    pub fn is_confirmed(&self) -> bool {
        self.differences.is_empty() && self.gaps.is_empty()
    }
}

/// A registry value as a FEEL value.
pub fn fact_value(value: &FactValue) -> Value {
    match value {
        FactValue::Number(n) => Value::Number(Number::from_i64(*n)),
        FactValue::Boolean(b) => Value::Boolean(*b),
        FactValue::Date(d) => date_value(*d),
        FactValue::Text(t) => Value::string(t.as_str()),
    }
}

fn date_value(date: NaiveDate) -> Value {
    Value::from_at_literal(&date.format("%Y-%m-%d").to_string())
}

/// A JSON claim as a FEEL value of `ty`, or what is wrong with it.
fn claim_value(json: &serde_json::Value, ty: InputType) -> Result<Value, String> {
    let wrong = || format!("must be a {}", ty.code());
    match (ty, json) {
        (InputType::Number, serde_json::Value::Number(n)) => Number::parse(&n.to_string())
            .map(Value::Number)
            .ok_or_else(wrong),
        (InputType::Boolean, serde_json::Value::Bool(b)) => Ok(Value::Boolean(*b)),
        (InputType::Date, serde_json::Value::String(s)) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(date_value)
            .map_err(|_| "must be a date, YYYY-MM-DD".to_owned()),
        (InputType::String, serde_json::Value::String(s)) if s.chars().count() <= 1000 => {
            Ok(Value::string(s.as_str()))
        }
        (InputType::String, serde_json::Value::String(_)) => {
            Err("must be at most 1000 characters".to_owned())
        }
        _ => Err(wrong()),
    }
}

impl Service {
    /// Type-checks the applicant's claims (a JSON object by claim key): every key must be a
    /// claim of this service with a value of its input's type, and every input that only
    /// the applicant can state must be stated. Errors name the field (`claims.birth_order`).
    pub fn parse_claims(&self, json: &serde_json::Value) -> Result<Claims, Vec<ClaimError>> {
        let error = |field: String, message: String| ClaimError { field, message };
        let Some(object) = json.as_object() else {
            return Err(vec![error(
                "claims".to_owned(),
                "must be an object of claims by name".to_owned(),
            )]);
        };
        let mut errors = Vec::new();
        let inputs = self.input_specs();
        for key in object.keys() {
            if !inputs.iter().any(|spec| spec.claim() == Some(key.as_str())) {
                let known: Vec<&str> = inputs.iter().filter_map(InputSpec::claim).collect();
                errors.push(error(
                    format!("claims.{}", key.chars().take(64).collect::<String>()),
                    format!(
                        "not a claim of service {}; its claims are: {}",
                        self.code,
                        if known.is_empty() {
                            "none".to_owned()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            }
        }
        let mut values = Vec::new();
        for spec in inputs {
            let Some(key) = spec.claim() else { continue };
            match object.get(key) {
                Some(json) => match claim_value(json, spec.ty) {
                    Ok(value) => values.push((key.to_owned(), value)),
                    Err(message) => errors.push(error(format!("claims.{key}"), message)),
                },
                None if matches!(spec.source, InputSource::Claim(_)) => {
                    errors.push(error(format!("claims.{key}"), "is required".to_owned()));
                }
                None => {}
            }
        }
        if errors.is_empty() {
            Ok(Claims { values })
        } else {
            Err(errors)
        }
    }

    /// The registry facts this service reads, in the order of its inputs.
    pub fn registry_facts(&self) -> Vec<FactName> {
        self.input_specs()
            .iter()
            .filter_map(|spec| match spec.source {
                InputSource::Registry { fact, .. } => Some(fact),
                _ => None,
            })
            .collect()
    }

    /// Builds the decision's inputs as of `as_of`: registry inputs from `registry` (the
    /// values it gives, e.g. `|name| facts.value(name, as_of).map(|f| f.value)`), compared
    /// with the claim when the applicant stated one; claimed inputs from `claims`; derived
    /// inputs evaluated over those and the dated parameters in force.
    pub fn build_inputs(
        &self,
        claims: &Claims,
        registry: impl Fn(FactName) -> Option<FactValue>,
        as_of: NaiveDate,
        env: &Env,
    ) -> Result<BuiltInputs, ServiceError> {
        let mut context = Context::new();
        let mut differences = Vec::new();
        let mut gaps = Vec::new();
        let specs = self.input_specs();
        for spec in specs {
            let claimed = spec.claim().and_then(|key| claims.get(key)).cloned();
            let value = match &spec.source {
                InputSource::Registry { fact, claim } => match registry(*fact) {
                    Some(held) => {
                        let held = fact_value(&held);
                        if let (Some(key), Some(claimed)) = (claim, &claimed)
                            && !matches!(claimed.feel_eq(&held), Value::Boolean(true))
                        {
                            differences.push(ClaimDifference {
                                field: format!("claims.{key}"),
                                input: spec.name.clone(),
                                fact: *fact,
                                claimed: claimed.clone(),
                                registry: held.clone(),
                            });
                        }
                        held
                    }
                    None => {
                        gaps.push((spec.name.clone(), *fact));
                        claimed.unwrap_or(Value::Null)
                    }
                },
                InputSource::Claim(_) => claimed.unwrap_or(Value::Null),
                InputSource::Derived(_) => continue,
            };
            context.insert(Arc::from(spec.name.as_str()), value);
        }
        let parameters = self.parameters_as_of(as_of)?;
        let scope = Scope::with_context(&parameters).push(context.clone());
        for (name, expr) in self.derived() {
            let value = sheshim_feel::evaluate(expr, &scope, env).map_err(|exceeded| {
                ServiceError::Derived {
                    code: self.code.clone(),
                    input: name.clone(),
                    message: exceeded.to_string(),
                }
            })?;
            context.insert(Arc::from(name.as_str()), value);
        }
        Ok(BuiltInputs {
            context,
            differences,
            gaps,
        })
    }
}
