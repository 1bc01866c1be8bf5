//! The pipeline run for every registered appeal after its `201`: triage, registry facts,
//! rules as of the registration date, the automation policy, and an answer issued or
//! drafted for an officer — written in one transaction per batch, each case only if it is
//! still pending at the version read, so a case is decided once even when the process dies
//! mid-way or several servers share a PostgreSQL database.

use crate::drafting::{DraftInput, draft};
use crate::duplicates::DuplicateAppeal;
use crate::flow::{Flow, SYSTEM};
use crate::record::{
    CaseRecord, DecisionRecord, Difference, FactUsed, RegistryRecord, Routing, ServiceRef,
};
use crate::routing::{answer_message, citations, moved, outcome_code, to_officer, triage_record};
use chrono::{DateTime, Utc};
use sheshim_domain::{AgencyCode, CaseEvent, RegistrationNumber};
use sheshim_feel::Env;
use sheshim_registry::{PersonFacts, RegistryError};
use sheshim_services::{Automation, InputSource, ServiceKind};
use sheshim_store::{
    AutomationSwitch, Awaiting, CaseChange, ChangeOutcome, NewLink, StoreError, StoredCase,
};
use std::sync::Arc;
use std::time::Duration;

/// Why a case goes to a person. Codes, so the audit log holds no personal data; the case
/// view explains each.
pub mod reason {
    /// An appeal that is not a service application: always answered by an officer.
    pub const APPEAL_SERVICE: &str = "appeal_service";
    /// No service of the catalogue fits the appeal.
    pub const NO_SERVICE: &str = "no_service";
    /// The registry did not answer.
    pub const REGISTRY_UNAVAILABLE: &str = "registry_unavailable";
    /// The registry holds no record of the applicant, or lacks a fact the rules need.
    pub const REGISTRY_GAP: &str = "registry_gap";
    /// What the applicant claims differs from the registry.
    pub const CLAIM_MISMATCH: &str = "claim_mismatch";
    /// The rules gave no outcome.
    pub const NULL_OUTCOME: &str = "null_outcome";
    /// The rules could not be evaluated.
    pub const DECISION_FAILED: &str = "decision_failed";
    /// The text could not be triaged.
    pub const TRIAGE_FAILED: &str = "triage_failed";
    /// The text mentions health.
    pub const HEALTH: &str = "health";
    /// The text is urgent: someone may be hurt.
    pub const URGENCY_IMMEDIATE: &str = "urgency_immediate";
    /// The text reads as a complaint.
    pub const READS_AS_COMPLAINT: &str = "reads_as_complaint";
    /// A supervisor stopped automatic issuing.
    pub const STOP_SWITCH: &str = "stop_switch";
    /// The service's policy drafts this outcome for an officer.
    pub const POLICY_DRAFT: &str = "policy_draft";
    /// The service's policy leaves this outcome to a person.
    pub const POLICY_HUMAN: &str = "policy_human";
    /// An adverse outcome needs a hearing before it is final (APPC art. 73).
    pub const ADVERSE: &str = "adverse_needs_hearing";
    /// The applicant sent the same appeal again while the earlier one is open: linked to it,
    /// and not answered twice.
    pub const DUPLICATE: &str = "duplicate";
}

/// How the pipeline runs.
#[derive(Debug, Clone, Copy)]
pub struct PipelineOptions {
    /// Most cases decided in one transaction.
    pub batch: u32,
    /// How often to look for pending cases when not woken.
    pub poll: Duration,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            batch: 256,
            poll: Duration::from_secs(2),
        }
    }
}

impl Flow {
    /// Runs the pipeline until the task is aborted: pending cases are taken in batches as
    /// they are registered (intake wakes it) and at every poll (which picks up what a crash
    /// left).
    pub async fn run_pipeline(self, options: PipelineOptions) {
        loop {
            match self.pipeline_batch(options.batch).await {
                Ok(0) => {
                    let _ = tokio::time::timeout(options.poll, self.wake.notified()).await;
                }
                Ok(_) => {}
                Err(error) => {
                    tracing::error!(%error, "the pipeline could not decide a batch; retrying");
                    tokio::time::sleep(options.poll).await;
                }
            }
        }
    }

    /// Decides up to `limit` pending cases; returns how many were pending.
    pub async fn pipeline_batch(&self, limit: u32) -> Result<usize, StoreError> {
        self.load_duplicates().await?;
        let cases = self.store.pending_cases(limit).await?;
        if cases.is_empty() {
            return Ok(0);
        }
        let count = cases.len();
        let switches = self.store.automation_switches().await?;
        let mut facts = Vec::with_capacity(cases.len());
        for case in &cases {
            facts.push(self.facts_for(case).await);
        }
        let flow = self.clone();
        let now = self.clock.now();
        let changes = tokio::task::spawn_blocking(move || {
            cases
                .into_iter()
                .zip(facts)
                .map(|(case, facts)| flow.process(&case, facts, &switches, now))
                .collect::<Vec<_>>()
        })
        .await
        .map_err(|e| StoreError::Unavailable(format!("the pipeline's worker failed: {e}")))?;
        // The duplicate index already holds what this batch judged: if any of it was not
        // written as judged, the index no longer reflects the store and is built again.
        let grounded: Vec<bool> = changes
            .iter()
            .map(|c| {
                c.record
                    .as_ref()
                    .is_some_and(|r| r.get("grounding").is_some() && r.get("draft").is_some())
            })
            .collect();
        let numbers: Vec<RegistrationNumber> = changes.iter().map(|c| c.number.clone()).collect();
        let outcomes = match self.commit(changes).await {
            Ok(outcomes) => outcomes,
            Err(error) => {
                self.duplicates.invalidate();
                return Err(error);
            }
        };
        if !outcomes
            .iter()
            .all(|o| matches!(o, ChangeOutcome::Applied { .. }))
        {
            self.duplicates.invalidate();
        }
        // The language model rewords the grounded drafts just written, at the version
        // written: a case changed since is left as it is.
        let reword: Vec<(RegistrationNumber, i64)> = numbers
            .into_iter()
            .zip(grounded)
            .zip(&outcomes)
            .filter_map(|((number, grounded), outcome)| match outcome {
                ChangeOutcome::Applied { version } if grounded => Some((number, *version)),
                _ => None,
            })
            .collect();
        if !reword.is_empty() {
            self.reword_drafts(reword).await;
        }
        Ok(count)
    }

    /// The registry's facts about the applicant, asked only for service applications whose
    /// rules read a registry.
    async fn facts_for(
        &self,
        case: &StoredCase,
    ) -> Option<Result<Option<PersonFacts>, RegistryError>> {
        let service = case
            .service
            .as_ref()
            .and_then(|code| self.catalogue.get(code))?;
        if service.registry_facts().is_empty() {
            return None;
        }
        Some(self.registry.person(&case.appeal.applicant.iin).await)
    }

    /// The change the pipeline makes to one case: pure given its inputs.
    fn process(
        &self,
        case: &StoredCase,
        facts: Option<Result<Option<PersonFacts>, RegistryError>>,
        switches: &[AutomationSwitch],
        now: DateTime<Utc>,
    ) -> CaseChange {
        let appeal = &case.appeal;
        let today = sheshim_calendar::local_date(now);
        let mut record: CaseRecord = case
            .record
            .clone()
            .and_then(|r| serde_json::from_value(r).ok())
            .unwrap_or_default();
        let mut reasons: Vec<&'static str> = Vec::new();
        let mut change = CaseChange::new(case, "case.pipeline", &format!("system:{SYSTEM}"), now);
        change.pipeline_done = true;

        // The masked text's vector, when triage embedded it and grounding may reuse it.
        let mut query_vector = None;
        match self.triage.triage(&appeal.text, appeal.registered_on) {
            Ok(mut triaged) => {
                if let Some(describer) = &self.describer {
                    query_vector = describer.suggest(&self.triage, &mut triaged);
                }
                if triaged.findings.iter().any(|f| f.kind.label() == "HEALTH") {
                    reasons.push(reason::HEALTH);
                }
                if triaged.urgency == sheshim_urgency::Urgency::Immediate {
                    reasons.push(reason::URGENCY_IMMEDIATE);
                }
                change.urgency = Some(match triaged.urgency {
                    sheshim_urgency::Urgency::Immediate => 3,
                    sheshim_urgency::Urgency::High => 2,
                    sheshim_urgency::Urgency::Normal => 1,
                    sheshim_urgency::Urgency::Low => 0,
                });
                record.triage = Some(triage_record(&triaged, &self.models));
            }
            Err(_) => reasons.push(reason::TRIAGE_FAILED),
        }

        let service = case
            .service
            .as_ref()
            .and_then(|code| self.catalogue.get(code))
            .or_else(|| self.catalogue.for_appeal_kind(appeal.kind))
            .cloned();
        let Some(service) = service else {
            reasons.push(reason::NO_SERVICE);
            return to_officer(change, record, reasons, case, None);
        };
        record.service = Some(ServiceRef {
            code: service.code.as_str().to_owned(),
            version: service.version().to_owned(),
        });
        let agency = service
            .agency()
            .cloned()
            .or_else(|| appeal.agency.clone())
            .or_else(|| {
                record
                    .triage
                    .as_ref()
                    .and_then(|t| AgencyCode::parse(&t.agency.value).ok())
            });
        if let (Some(agency), Some(triage)) = (&agency, &record.triage) {
            let link = self.duplicates.judge(&DuplicateAppeal {
                number: &appeal.registration_number,
                agency,
                applicant: self
                    .store
                    .keyring()
                    .lookup_id(appeal.applicant.iin.expose()),
                masked_text: &triage.masked_text,
            });
            if let Some(NewLink::DuplicateOf(_)) = &link {
                reasons.push(reason::DUPLICATE);
            }
            change.link = link;
        }
        change.agency = agency;

        if let ServiceKind::Appeal(_) = service.kind() {
            reasons.push(reason::APPEAL_SERVICE);
            if let (Some(grounding), Some(triage)) = (&self.grounding, &record.triage) {
                // The vector triage computed serves only an index of the same embedder.
                let shared = match (grounding.embedder(), &self.describer) {
                    (Some(index), Some(describer)) => Arc::ptr_eq(index, describer.embedder()),
                    _ => false,
                };
                let query_vector = query_vector.filter(|_| shared);
                record.grounding = Some(grounding.ground_embedded(
                    &triage.masked_text,
                    query_vector,
                    appeal.language,
                ));
            }
            return to_officer(change, record, reasons, case, Some(&service));
        }
        // A text that reads as a complaint with the service's confidence is for a person:
        // the applicant may be complaining about an official rather than applying.
        if let Some(triage) = &record.triage
            && triage.kind.value == "complaint"
            && triage.kind.confidence >= service.definition().automation.min_confidence
        {
            reasons.push(reason::READS_AS_COMPLAINT);
        }

        let as_of = appeal.registered_on;
        let env = Env::default();
        let mut registry = RegistryRecord {
            registry: self.registry.name().to_owned(),
            facts: Vec::new(),
            gaps: Vec::new(),
            unavailable: None,
        };
        let person = match facts {
            Some(Ok(Some(person))) => Some(person),
            Some(Ok(None)) => {
                registry.unavailable =
                    Some("the registry holds no record of the applicant".to_owned());
                reasons.push(reason::REGISTRY_GAP);
                None
            }
            Some(Err(error)) => {
                registry.unavailable = Some(error.to_string());
                reasons.push(reason::REGISTRY_UNAVAILABLE);
                None
            }
            None => None,
        };
        let claims = match &case.claims {
            Some(json) => service.parse_claims(json).unwrap_or_default(),
            None => Default::default(),
        };
        let built = service.build_inputs(
            &claims,
            |name| {
                person
                    .as_ref()
                    .and_then(|p| p.value(name, as_of))
                    .map(|f| f.value)
            },
            as_of,
            &env,
        );
        let built = match built {
            Ok(built) => built,
            Err(_) => {
                reasons.push(reason::DECISION_FAILED);
                record.registry = Some(registry);
                return to_officer(change, record, reasons, case, Some(&service));
            }
        };
        if let Some(person) = &person {
            for spec in service.input_specs() {
                if let InputSource::Registry { fact, .. } = &spec.source
                    && let Some(held) = person.value(*fact, as_of)
                {
                    registry.facts.push(FactUsed {
                        input: spec.name.clone(),
                        fact: fact.code().to_owned(),
                        value: serde_json::to_value(&held.value).unwrap_or_default(),
                        source: held.source,
                        as_of: held.as_of,
                    });
                }
            }
        }
        for (input, fact) in &built.gaps {
            registry.gaps.push(format!("{input}: {}", fact.code()));
        }
        if !built.gaps.is_empty() && !reasons.contains(&reason::REGISTRY_GAP) && person.is_some() {
            reasons.push(reason::REGISTRY_GAP);
        }
        if !built.differences.is_empty() {
            reasons.push(reason::CLAIM_MISMATCH);
            record.differences = built
                .differences
                .iter()
                .map(|d| Difference {
                    field: d.field.clone(),
                    input: d.input.clone(),
                    fact: d.fact.code().to_owned(),
                    claimed: d.claimed.to_string(),
                    registry: d.registry.to_string(),
                })
                .collect();
        }
        record.registry = Some(registry);

        let decided = match service.decide_traced(&built.context, as_of, &env) {
            Ok(decided) => decided,
            Err(_) => {
                reasons.push(reason::DECISION_FAILED);
                return to_officer(change, record, reasons, case, Some(&service));
            }
        };
        let outcome = service.outcome(&decided);
        let outcome_code = outcome_code(&outcome);
        record.decision = Some(DecisionRecord {
            as_of,
            outcome: outcome_code.to_owned(),
            amount_tiyn: outcome.amount.map(|a| a.tiyn()),
            decided: serde_json::to_value(&decided).unwrap_or_default(),
            citations: citations(&decided, &service),
        });
        if outcome.granted.is_none() {
            reasons.push(reason::NULL_OUTCOME);
        }
        match service.automation_for(&outcome) {
            Automation::Automatic => {}
            Automation::Draft => reasons.push(reason::POLICY_DRAFT),
            Automation::Human => reasons.push(reason::POLICY_HUMAN),
        }
        if outcome.granted == Some(false) {
            reasons.push(reason::ADVERSE);
        }
        let stopped = switches
            .iter()
            .any(|s| s.stopped && (s.service == "*" || s.service == service.code.as_str()));
        if stopped {
            reasons.push(reason::STOP_SWITCH);
        }
        if let Some(granted) = outcome.granted {
            change.outcome = Some(outcome_code.to_owned());
            // A draft is made for every decided outcome unless the policy leaves it wholly
            // to a person.
            if !reasons.contains(&reason::POLICY_HUMAN) {
                let message = if granted { "granted" } else { "denied" };
                match draft(&DraftInput {
                    service: &service,
                    appeal,
                    record: &record,
                    message,
                    outcome: outcome_code,
                    amount: outcome.amount,
                    today,
                    checked_by: None,
                }) {
                    Ok(answer) => record.draft = Some(answer),
                    Err(error) => tracing::error!(%error, "the answer could not be drafted"),
                }
            }
        }
        if reasons.is_empty()
            && let Some(mut answer) = record.draft.clone()
        {
            // Issued automatically: the whole way from registration to an answer.
            answer.issued_at = Some(now);
            answer.issued_by = Some(format!("system:{SYSTEM}"));
            record.issued = Some(answer.clone());
            record.routing = Some(Routing {
                automation: Automation::Automatic.code().to_owned(),
                reasons: Vec::new(),
            });
            change.status = moved(appeal.status, &[CaseEvent::StartReview, CaseEvent::Decide]);
            change.awaiting = Some(Awaiting::Nobody);
            change.action = "case.decided".to_owned();
            change.outbox.push(answer_message(case, &answer));
            change.payload = serde_json::json!({
                "automation": "automatic",
                "service": service.code.as_str(),
                "service_version": service.version(),
                "outcome": outcome_code,
                "amount_tiyn": outcome.amount.map(|a| a.tiyn()),
                "models": self.models,
            });
            change.record = serde_json::to_value(&record).ok();
            return change;
        }
        to_officer(change, record, reasons, case, Some(&service))
    }
}
