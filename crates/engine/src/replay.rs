//! Replaying past applications under a reform: each stored application of a service is
//! decided again from what its record holds — the registry facts the pipeline used and the
//! applicant's claims — under the service with the reform, as of the same date, and compared
//! with the decision recorded then. It is the what-if of `sheshim simulate` over real past
//! applications instead of the whole population.
//!
//! Nothing is fetched again: a registry that changed since cannot blur the comparison. An
//! application whose recorded decision did not rest on complete registry facts (a gap, a
//! registry that did not answer, no decision at all) cannot be replayed faithfully and is
//! reported as such, never guessed.

use crate::record::{CaseRecord, DecisionRecord};
use chrono::NaiveDate;
use sheshim_domain::RegistrationNumber;
use sheshim_feel::Env;
use sheshim_registry::{FactName, FactValue};
use sheshim_services::{Outcome, Service};
use sheshim_store::{Store, StoreError, StoredCase};
use std::collections::HashMap;
use std::sync::Arc;
use thiserror::Error;

/// Cases read from the store at a time.
const PAGE: u32 = 500;

/// What the replay is asked to do.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReplayPeriod {
    /// The first registration date replayed, if any.
    pub from: Option<NaiveDate>,
    /// The last registration date replayed, if any.
    pub to: Option<NaiveDate>,
}

/// A decision's outcome as the replay compares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Granted (`true`), denied (`false`), or no outcome (`None`).
    pub granted: Option<bool>,
    /// The amount in tiyn, if any.
    pub amount_tiyn: Option<i64>,
}

impl Decision {
    /// What is paid: the amount of a granted decision, nothing otherwise.
    pub fn paid_tiyn(self) -> i64 {
        match self.granted {
            Some(true) => self.amount_tiyn.unwrap_or(0),
            _ => 0,
        }
    }

    /// `granted`, `denied` or `none`.
    pub fn code(self) -> &'static str {
        match self.granted {
            Some(true) => "granted",
            Some(false) => "denied",
            None => "none",
        }
    }

    fn of_outcome(outcome: &Outcome) -> Decision {
        Decision {
            granted: outcome.granted,
            amount_tiyn: outcome.amount.map(|a| a.tiyn()),
        }
    }

    fn of_record(record: &DecisionRecord) -> Decision {
        Decision {
            granted: match record.outcome.as_str() {
                "granted" => Some(true),
                "denied" => Some(false),
                _ => None,
            },
            amount_tiyn: record.amount_tiyn,
        }
    }
}

/// How an application fares under the reform.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Granted where it was not, or paid more.
    Gain,
    /// Not granted where it was, or paid less.
    Loss,
    /// The same outcome and amount.
    Same,
}

impl Change {
    /// Compares the recorded decision with the reform's.
    pub fn between(before: Decision, after: Decision) -> Change {
        let granted = |d: Decision| d.granted == Some(true);
        match (granted(before), granted(after)) {
            (false, true) => Change::Gain,
            (true, false) => Change::Loss,
            _ => match after.paid_tiyn().cmp(&before.paid_tiyn()) {
                std::cmp::Ordering::Greater => Change::Gain,
                std::cmp::Ordering::Less => Change::Loss,
                std::cmp::Ordering::Equal => Change::Same,
            },
        }
    }

    /// `gain`, `lose` or `same`.
    pub fn code(self) -> &'static str {
        match self {
            Change::Gain => "gain",
            Change::Loss => "lose",
            Change::Same => "same",
        }
    }
}

/// One application decided again.
#[derive(Debug, Clone)]
pub struct Replayed {
    /// The application.
    pub registration_number: RegistrationNumber,
    /// The date the rules were applied as of, then and now.
    pub as_of: NaiveDate,
    /// The decision recorded by the pipeline.
    pub before: Decision,
    /// The decision under the reform.
    pub after: Decision,
    /// Whether the rules in force today, without the reform, still decide as recorded; when
    /// not, the service changed since and part of the difference is not the reform's.
    pub drifted: bool,
    /// How the applicant fares.
    pub change: Change,
}

/// Why an application cannot be replayed. Codes, without personal data.
pub mod not_replayable {
    /// The pipeline recorded no decision (still pending, or routed before deciding).
    pub const NOT_DECIDED: &str = "not_decided";
    /// The decision was taken without every registry fact the rules read.
    pub const REGISTRY_GAP: &str = "registry_gap";
    /// The recorded facts or claims no longer read as the service's inputs.
    pub const INPUTS_UNREADABLE: &str = "inputs_unreadable";
    /// The rules could not be evaluated on the recorded inputs.
    pub const DECISION_FAILED: &str = "decision_failed";
}

/// What a replay found.
#[derive(Debug, Clone, Default)]
pub struct ReplayReport {
    /// The applications decided again, in storage order.
    pub replayed: Vec<Replayed>,
    /// The applications that could not be, with the reason's code.
    pub not_replayable: Vec<(RegistrationNumber, &'static str)>,
}

impl ReplayReport {
    /// How many applications changed this way.
    pub fn count(&self, change: Change) -> usize {
        self.replayed.iter().filter(|r| r.change == change).count()
    }

    /// What the reform pays minus what was paid, in tiyn, summed over the applications
    /// replayed (each amount per payment as the service decides it).
    pub fn cost_delta_tiyn(&self) -> i64 {
        self.replayed
            .iter()
            .map(|r| r.after.paid_tiyn() - r.before.paid_tiyn())
            .sum()
    }

    /// How many applications today's rules, without the reform, decide otherwise than
    /// recorded.
    pub fn drifted(&self) -> usize {
        self.replayed.iter().filter(|r| r.drifted).count()
    }
}

/// Why a replay stopped.
#[derive(Debug, Error)]
pub enum ReplayError {
    /// The store could not be read.
    #[error("the stored applications cannot be read: {0}")]
    Store(#[from] StoreError),
}

/// Replays every stored application of `service` registered in `period` under `reformed`
/// (the same service with a reform, e.g. [`Service::with_reform`]), reading the store a page
/// at a time.
pub async fn replay(
    store: &dyn Store,
    service: Arc<Service>,
    reformed: Arc<Service>,
    period: ReplayPeriod,
) -> Result<ReplayReport, ReplayError> {
    let mut report = ReplayReport::default();
    let mut after_id = 0;
    loop {
        let page = store
            .cases_of_service(&service.code, period.from, period.to, after_id, PAGE)
            .await?;
        let Some(last_id) = page.last_id else {
            return Ok(report);
        };
        after_id = last_id;
        // Deciding is CPU work: a page is decided off the async threads.
        let (current, reform) = (Arc::clone(&service), Arc::clone(&reformed));
        let decided = tokio::task::spawn_blocking(move || {
            page.cases
                .iter()
                .map(|case| {
                    (
                        case.appeal.registration_number.clone(),
                        replay_case(case, &current, &reform),
                    )
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| StoreError::Unavailable(format!("the replay's worker failed: {e}")))?;
        for (number, result) in decided {
            match result {
                Ok(replayed) => report.replayed.push(replayed),
                Err(reason) => report.not_replayable.push((number, reason)),
            }
        }
    }
}

/// Decides one stored application again under `reform` (and under `current`, to tell
/// drift), or says why it cannot be.
pub fn replay_case(
    case: &StoredCase,
    current: &Service,
    reform: &Service,
) -> Result<Replayed, &'static str> {
    let record: CaseRecord = case
        .record
        .clone()
        .and_then(|r| serde_json::from_value(r).ok())
        .ok_or(not_replayable::NOT_DECIDED)?;
    let decision = record
        .decision
        .as_ref()
        .ok_or(not_replayable::NOT_DECIDED)?;
    let facts = recorded_facts(&record, current)?;
    let claims = match &case.claims {
        Some(json) => current
            .parse_claims(json)
            .map_err(|_| not_replayable::INPUTS_UNREADABLE)?,
        None => Default::default(),
    };
    let as_of = decision.as_of;
    let env = Env::default();
    let decide = |service: &Service| -> Result<Decision, &'static str> {
        let built = service
            .build_inputs(&claims, |name| facts.get(&name).cloned(), as_of, &env)
            .map_err(|_| not_replayable::DECISION_FAILED)?;
        if !built.gaps.is_empty() {
            return Err(not_replayable::REGISTRY_GAP);
        }
        let decided = service
            .decide(&built.context, as_of, &env)
            .map_err(|_| not_replayable::DECISION_FAILED)?;
        Ok(Decision::of_outcome(&service.outcome(&decided)))
    };
    let before = Decision::of_record(decision);
    let now = decide(current)?;
    let after = decide(reform)?;
    Ok(Replayed {
        registration_number: case.appeal.registration_number.clone(),
        as_of,
        before,
        after,
        drifted: now != before,
        change: Change::between(before, after),
    })
}

/// The registry facts the recorded decision used, by fact; an error when the registry did
/// not give every fact the service reads.
fn recorded_facts(
    record: &CaseRecord,
    service: &Service,
) -> Result<HashMap<FactName, FactValue>, &'static str> {
    let needed = service.registry_facts();
    let mut facts = HashMap::new();
    if needed.is_empty() {
        return Ok(facts);
    }
    let registry = record
        .registry
        .as_ref()
        .ok_or(not_replayable::REGISTRY_GAP)?;
    if registry.unavailable.is_some() || !registry.gaps.is_empty() {
        return Err(not_replayable::REGISTRY_GAP);
    }
    for used in &registry.facts {
        let name = FactName::parse(&used.fact).map_err(|_| not_replayable::INPUTS_UNREADABLE)?;
        let value: FactValue = serde_json::from_value(used.value.clone())
            .map_err(|_| not_replayable::INPUTS_UNREADABLE)?;
        facts.insert(name, value);
    }
    if needed.iter().any(|fact| !facts.contains_key(fact)) {
        return Err(not_replayable::REGISTRY_GAP);
    }
    Ok(facts)
}
