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
//! use are those of [`crate::registry::COLUMNS`].

use crate::error::ProactiveError;
use crate::registry::COLUMNS;
use serde::Deserialize;
use std::path::Path;

/// One bound on a registry column.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bound {
    /// The registry column.
    pub column: String,
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProactiveSpec {
    /// Who is considered.
    #[serde(default)]
    pub candidates: Vec<Bound>,
    /// Decision input name → registry column.
    pub inputs: std::collections::BTreeMap<String, String>,
    /// The outcome fields.
    pub outcome: OutcomeFields,
}

impl ProactiveSpec {
    /// Reads `folder/proactive.toml` and checks that every column it names exists.
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
        let spec: ProactiveSpec =
            toml::from_str(&text).map_err(|e| error(e.message().to_owned()))?;
        let columns = spec
            .candidates
            .iter()
            .map(|b| &b.column)
            .chain(spec.inputs.values());
        for column in columns {
            if !COLUMNS.contains(&column.as_str()) {
                return Err(error(format!(
                    "no registry column {column:?}; there are {}",
                    COLUMNS.join(", ")
                )));
            }
        }
        if spec.inputs.is_empty() {
            return Err(error("[inputs] names no decision input".to_owned()));
        }
        Ok(spec)
    }

    /// Every registry column the spec reads.
    pub fn columns(&self) -> Vec<&str> {
        let mut columns: Vec<&str> = self
            .candidates
            .iter()
            .map(|b| b.column.as_str())
            .chain(self.inputs.values().map(String::as_str))
            .collect();
        columns.sort_unstable();
        columns.dedup();
        columns
    }
}
