//! `proactive.toml`: how a service reads the population registry.
//!
//! ```toml
//! # Children born in the 365 days up to the as-of date.
//! [[candidates]]
//! column = "days_since_birth"
//! max = 364
//!
//! # Decision input = registry column.
//! [inputs]
//! "Birth order" = "birth_order"
//! "Permanent resident" = "permanent_resident"
//!
//! # The outcome's fields that say whether the person is eligible and for how much.
//! [outcome]
//! eligible = "eligible"
//! amount = "amount"
//! ```
//!
//! Candidates are the persons whose columns are within every `[[candidates]]` bound
//! (`min` and `max` inclusive); with none, everyone is a candidate. The columns a service may
//! use are the registry's attributes ([`sheshim_population::Attribute`]).

use crate::error::ProactiveError;
use serde::Deserialize;
use sheshim_population::Attribute;
use std::collections::BTreeMap;
use std::path::Path;

/// One bound on a registry attribute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bound {
    /// The attribute.
    pub attribute: Attribute,
    /// The least value a candidate may have.
    pub min: Option<i64>,
    /// The greatest value a candidate may have.
    pub max: Option<i64>,
}

/// The outcome fields of a service's decision.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeFields {
    /// The boolean field saying the person is eligible (`null`: an officer must decide).
    pub eligible: String,
    /// The number field holding the amount, in tenge.
    pub amount: String,
}

/// How a service reads the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProactiveSpec {
    /// Who is considered.
    pub candidates: Vec<Bound>,
    /// Decision input name → registry attribute.
    pub inputs: BTreeMap<String, Attribute>,
    /// The outcome fields.
    pub outcome: OutcomeFields,
}

/// The attributes every run reads besides the spec's: reports break down by them.
pub const BREAKDOWNS: [Attribute; 3] = [Attribute::Age, Attribute::SEX, Attribute::REGION];

/// `proactive.toml` as written, with attributes by name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSpec {
    #[serde(default)]
    candidates: Vec<RawBound>,
    inputs: BTreeMap<String, String>,
    outcome: OutcomeFields,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBound {
    column: String,
    min: Option<i64>,
    max: Option<i64>,
}

impl ProactiveSpec {
    /// Reads `folder/proactive.toml`; every attribute it names must be one the registry has.
    pub fn load(folder: &Path) -> Result<ProactiveSpec, ProactiveError> {
        let file = folder.join("proactive.toml");
        let error = |message: String| ProactiveError::Spec {
            file: file.clone(),
            message,
        };
        let text = sheshim_services::read_text(&file).map_err(|e| {
            error(format!(
                "cannot read it ({e}); a service needs it to run proactively"
            ))
        })?;
        let raw: RawSpec = toml::from_str(&text).map_err(|e| error(e.message().to_owned()))?;
        let attribute = |name: &str| {
            Attribute::named(name).ok_or_else(|| {
                error(format!(
                    "no registry column {name:?}; there are {}",
                    Attribute::names()
                ))
            })
        };
        let candidates = raw
            .candidates
            .iter()
            .map(|b| {
                Ok(Bound {
                    attribute: attribute(&b.column)?,
                    min: b.min,
                    max: b.max,
                })
            })
            .collect::<Result<_, ProactiveError>>()?;
        let inputs = raw
            .inputs
            .iter()
            .map(|(input, name)| Ok((input.clone(), attribute(name)?)))
            .collect::<Result<BTreeMap<_, _>, ProactiveError>>()?;
        if inputs.is_empty() {
            return Err(error("[inputs] names no decision input".to_owned()));
        }
        Ok(ProactiveSpec {
            candidates,
            inputs,
            outcome: raw.outcome,
        })
    }

    /// Every registry attribute a run of the spec reads: its bounds', its inputs' and
    /// [`BREAKDOWNS`].
    pub fn attributes(&self) -> Vec<Attribute> {
        let mut attributes = BREAKDOWNS.to_vec();
        let used = self
            .candidates
            .iter()
            .map(|b| b.attribute)
            .chain(self.inputs.values().copied());
        for attribute in used {
            if !attributes.contains(&attribute) {
                attributes.push(attribute);
            }
        }
        attributes
    }
}
