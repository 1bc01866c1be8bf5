//! `services/<code>/service.toml`: what a service is — its kind, names, competent agency,
//! legal basis, term, documents, where each input of its decision comes from, how its
//! outcome is read, its automation policy and the route of appeal. The shape is documented
//! in the crate's root ([`crate`]); this module reads it and checks what can be checked
//! without the model (the model-dependent checks are in `service.rs`).

use crate::inputs::{InputSource, InputSpec, InputType};
use crate::settings::{RawLimits, Settings, SettingsError};
use serde::Deserialize;
use sheshim_domain::{AgencyCode, AppealKind, Language};
use sheshim_registry::FactName;
use std::path::Path;

/// The APPC's default term for considering an appeal, in working days (art. 76).
pub const DEFAULT_TERM_WORKING_DAYS: u32 = 15;

/// Whether a service is decided by rules or is one of the APPC's appeal kinds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceKind {
    /// An application for a public service, decided by the service's DMN decision.
    Application,
    /// An appeal of this kind, never decided by the machine: always answered by an officer.
    Appeal(AppealKind),
}

/// A text in the three languages of the catalogue.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// Kazakh (Cyrillic).
    pub kk: String,
    /// Russian.
    pub ru: String,
    /// English.
    pub en: String,
}

impl Names {
    /// The text in `language`.
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::Kk => &self.kk,
            Language::Ru => &self.ru,
            Language::En => &self.en,
        }
    }
}

/// A citation of an act: what the service (or its route of appeal) rests on.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Citation {
    /// The act, e.g. "Social Code of the Republic of Kazakhstan No. 224-VII of 20.04.2023".
    pub act: String,
    /// The article (and paragraph), when known.
    pub article: Option<String>,
    /// Whether the citation was checked against the official text of the act.
    pub verified: bool,
    /// What was or was not checked.
    pub note: Option<String>,
}

/// How the decision's result is read as an outcome.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeFields {
    /// The boolean field saying granted (`true`) or denied (`false`); `null` is no outcome.
    pub eligible: String,
    /// The field holding the amount in tenge, for services that pay one.
    pub amount: Option<String>,
}

/// What may happen to a case with a given outcome.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Automation {
    /// Issued without an officer.
    Automatic,
    /// Drafted for an officer's approval.
    Draft,
    /// Decided and answered by an officer only.
    Human,
}

impl Automation {
    /// `automatic`, `draft` or `human`.
    pub fn code(self) -> &'static str {
        match self {
            Automation::Automatic => "automatic",
            Automation::Draft => "draft",
            Automation::Human => "human",
        }
    }
}

/// A service's automation policy, per outcome.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct AutomationPolicy {
    /// For a granted application.
    pub granted: Automation,
    /// For a denied application.
    pub denied: Automation,
    /// The least confidence of the appeal's classification for the policy to apply; below
    /// it the case goes to a person.
    pub min_confidence: f64,
}

impl AutomationPolicy {
    /// Everything to a person: the policy of every appeal service.
    pub const HUMAN: AutomationPolicy = AutomationPolicy {
        granted: Automation::Human,
        denied: Automation::Human,
        min_confidence: 1.0,
    };
}

/// The term within which the citizen may appeal an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteTerm {
    /// Working days from receiving the answer.
    WorkingDays(u32),
    /// Calendar months from receiving the answer.
    Months(u32),
}

/// Where and within what term the citizen may appeal the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppealRoute {
    /// To whom, in each language (a higher body, and the court).
    pub to: Names,
    /// Within what term.
    pub term: RouteTerm,
    /// What the route rests on.
    pub legal_basis: Vec<Citation>,
}

/// A service's `service.toml`, read and checked.
#[derive(Clone, Debug)]
pub struct Definition {
    /// Application or appeal.
    pub kind: ServiceKind,
    /// The competent agency, or `None` for "the agency the appeal is addressed to".
    pub agency: Option<AgencyCode>,
    /// The term of consideration, in working days.
    pub term_working_days: u32,
    /// The decision to evaluate (applications only).
    pub decision: Option<String>,
    /// The service's name.
    pub name: Names,
    /// What the service rests on.
    pub legal_basis: Vec<Citation>,
    /// The documents required, by name.
    pub documents: Vec<Names>,
    /// Where each input of the decision comes from (applications only).
    pub inputs: Vec<InputSpec>,
    /// How the decision's result is read (applications only).
    pub outcome: Option<OutcomeFields>,
    /// The automation policy.
    pub automation: AutomationPolicy,
    /// The route of appeal against the answer.
    pub appeal_route: AppealRoute,
    /// The evaluation budget.
    pub settings: Settings,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDefinition {
    kind: String,
    appeal_kind: Option<String>,
    agency: Option<String>,
    term_working_days: Option<u32>,
    decision: Option<String>,
    name: Names,
    #[serde(default)]
    legal_basis: Vec<Citation>,
    #[serde(default)]
    document: Vec<Names>,
    #[serde(default)]
    input: Vec<RawInput>,
    outcome: Option<OutcomeFields>,
    automation: Option<RawAutomation>,
    appeal_route: RawRoute,
    limits: Option<RawLimits>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    name: String,
    #[serde(rename = "type")]
    ty: String,
    claim: Option<String>,
    registry: Option<String>,
    derived: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAutomation {
    granted: Automation,
    denied: Automation,
    min_confidence: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRoute {
    to: Names,
    term_working_days: Option<u32>,
    term_months: Option<u32>,
    #[serde(default)]
    legal_basis: Vec<Citation>,
}

impl Definition {
    /// Reads `text`, the contents of `file`.
    pub fn parse(file: &Path, text: &str) -> Result<Definition, SettingsError> {
        let error = |message: String| SettingsError {
            file: file.to_owned(),
            message,
        };
        let raw: RawDefinition = toml::from_str(text).map_err(|e| error(e.message().to_owned()))?;
        let settings = Settings::from_raw(file, raw.limits)?;
        let kind = match (raw.kind.as_str(), raw.appeal_kind.as_deref()) {
            ("application", None) => ServiceKind::Application,
            ("application", Some(_)) => {
                return Err(error(
                    "appeal_kind is only for kind = \"appeal\"".to_owned(),
                ));
            }
            ("appeal", Some(code)) => ServiceKind::Appeal(
                AppealKind::parse(code).map_err(|e| error(format!("appeal_kind: {e}")))?,
            ),
            ("appeal", None) => {
                return Err(error(
                    "appeal_kind is required for kind = \"appeal\"".to_owned(),
                ));
            }
            _ => {
                return Err(error(
                    "kind must be \"application\" or \"appeal\"".to_owned(),
                ));
            }
        };
        let agency = match raw.agency.as_deref() {
            None | Some("any") => None,
            Some(code) => Some(AgencyCode::parse(code).map_err(|e| error(format!("agency: {e}")))?),
        };
        if agency.is_none() && kind == ServiceKind::Application {
            return Err(error(
                "agency is required for an application service".to_owned(),
            ));
        }
        let term_working_days = raw.term_working_days.unwrap_or(DEFAULT_TERM_WORKING_DAYS);
        if term_working_days == 0 {
            return Err(error("term_working_days must be at least 1".to_owned()));
        }
        let appeal_route =
            route(raw.appeal_route).map_err(|m| error(format!("[appeal_route] {m}")))?;
        let (decision, inputs, outcome, automation) = match kind {
            ServiceKind::Application => {
                let decision = raw.decision.ok_or_else(|| {
                    error("decision is required for an application service".to_owned())
                })?;
                let outcome = raw.outcome.ok_or_else(|| {
                    error("[outcome] is required for an application service".to_owned())
                })?;
                let automation = raw.automation.ok_or_else(|| {
                    error("[automation] is required for an application service".to_owned())
                })?;
                if !(0.0..=1.0).contains(&automation.min_confidence) {
                    return Err(error(
                        "[automation] min_confidence must be between 0 and 1".to_owned(),
                    ));
                }
                let inputs = inputs(raw.input).map_err(error)?;
                let policy = AutomationPolicy {
                    granted: automation.granted,
                    denied: automation.denied,
                    min_confidence: automation.min_confidence,
                };
                (Some(decision), inputs, Some(outcome), policy)
            }
            ServiceKind::Appeal(_) => {
                let forbidden = [
                    ("decision", raw.decision.is_some()),
                    ("[[input]]", !raw.input.is_empty()),
                    ("[outcome]", raw.outcome.is_some()),
                ];
                if let Some((key, _)) = forbidden.iter().find(|(_, given)| *given) {
                    return Err(error(format!(
                        "{key}: an appeal service is never decided by rules, so it has none"
                    )));
                }
                if let Some(automation) = raw.automation
                    && (automation.granted != Automation::Human
                        || automation.denied != Automation::Human)
                {
                    return Err(error(
                        "[automation]: an appeal service is always answered by an officer (\"human\")"
                            .to_owned(),
                    ));
                }
                (None, Vec::new(), None, AutomationPolicy::HUMAN)
            }
        };
        Ok(Definition {
            kind,
            agency,
            term_working_days,
            decision,
            name: raw.name,
            legal_basis: raw.legal_basis,
            documents: raw.document,
            inputs,
            outcome,
            automation,
            appeal_route,
            settings,
        })
    }
}

fn route(raw: RawRoute) -> Result<AppealRoute, String> {
    let term = match (raw.term_working_days, raw.term_months) {
        (Some(days), None) if days > 0 => RouteTerm::WorkingDays(days),
        (None, Some(months)) if months > 0 => RouteTerm::Months(months),
        _ => {
            return Err(
                "give exactly one of term_working_days and term_months, at least 1".to_owned(),
            );
        }
    };
    Ok(AppealRoute {
        to: raw.to,
        term,
        legal_basis: raw.legal_basis,
    })
}

/// The inputs, each with exactly one kind of source (derived expressions are parsed when
/// the model's parameters are known, in `service.rs`).
fn inputs(raw: Vec<RawInput>) -> Result<Vec<InputSpec>, String> {
    let mut specs: Vec<InputSpec> = Vec::with_capacity(raw.len());
    for input in raw {
        let at = format!("[[input]] {:?}", input.name);
        if specs.iter().any(|spec| spec.name == input.name) {
            return Err(format!("{at}: listed twice"));
        }
        let ty = InputType::parse(&input.ty)
            .ok_or_else(|| format!("{at}: type must be number, boolean, date or string"))?;
        let source = match (input.registry, input.claim, input.derived) {
            (Some(fact), claim, None) => {
                let fact = FactName::parse(&fact).map_err(|e| format!("{at}: registry: {e}"))?;
                let held = crate::inputs::fact_type(fact);
                if held != ty {
                    return Err(format!(
                        "{at}: registry fact {} is a {}, the input a {}",
                        fact.code(),
                        held.code(),
                        ty.code()
                    ));
                }
                InputSource::Registry { fact, claim }
            }
            (None, Some(claim), None) => InputSource::Claim(claim),
            (None, None, Some(text)) if !text.trim().is_empty() => InputSource::Derived(text),
            _ => {
                return Err(format!(
                    "{at}: give one source: registry (with or without claim), claim, or derived"
                ));
            }
        };
        if let InputSource::Registry {
            claim: Some(claim), ..
        }
        | InputSource::Claim(claim) = &source
        {
            let valid = !claim.is_empty()
                && claim
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid {
                return Err(format!(
                    "{at}: claim must be a key of lowercase letters, digits and '_'"
                ));
            }
            if specs
                .iter()
                .any(|spec| spec.claim() == Some(claim.as_str()))
            {
                return Err(format!("{at}: claim {claim:?} is used by another input"));
            }
        }
        specs.push(InputSpec {
            name: input.name,
            ty,
            source,
        });
    }
    Ok(specs)
}
