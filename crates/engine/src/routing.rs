//! Where the pipeline sends a case that needs a person, and the pieces of a case's record
//! and messages it writes: the triage as recorded, the citations of the rules that fired,
//! the status a sequence of procedural events leads to, and the messages to the applicant.

use crate::drafting::{DraftInput, draft};
use crate::pipeline::reason;
use crate::record::{CaseRecord, FoundData, Routing, Scored, TriageRecord};
use sheshim_domain::{CaseEvent, CaseStatus};
use sheshim_services::{Automation, Outcome, Service};
use sheshim_store::{Awaiting, CaseChange, NewOutboxMessage, StoredCase};

/// Routes a case to an officer: in review, waiting for a person, with an acknowledgement to
/// the applicant (and, for appeal services, a skeleton of the answer).
pub(crate) fn to_officer(
    mut change: CaseChange,
    mut record: CaseRecord,
    reasons: Vec<&'static str>,
    case: &StoredCase,
    service: Option<&Service>,
) -> CaseChange {
    let appeal = &case.appeal;
    let automation = if reasons.contains(&reason::POLICY_HUMAN)
        || reasons.contains(&reason::APPEAL_SERVICE)
        || record.draft.is_none()
    {
        Automation::Human
    } else {
        Automation::Draft
    };
    let today = sheshim_calendar::local_date(change.at);
    if let Some(service) = service {
        if reasons.contains(&reason::APPEAL_SERVICE) {
            match draft(&DraftInput {
                service,
                appeal,
                record: &record,
                message: "answer-skeleton",
                outcome: "answered",
                amount: None,
                today,
                checked_by: None,
            }) {
                Ok(answer) => record.draft = Some(answer),
                Err(error) => tracing::error!(%error, "the answer skeleton could not be drafted"),
            }
        }
        match draft(&DraftInput {
            service,
            appeal,
            record: &record,
            message: "acknowledgement",
            outcome: "acknowledged",
            amount: None,
            today,
            checked_by: None,
        }) {
            Ok(ack) => change.outbox.push(NewOutboxMessage {
                kind: "acknowledgement".to_owned(),
                payload: message_payload(case, "acknowledgement", &ack),
            }),
            Err(error) => tracing::error!(%error, "the acknowledgement could not be drafted"),
        }
    }
    record.routing = Some(Routing {
        automation: automation.code().to_owned(),
        reasons: reasons.iter().map(|r| (*r).to_owned()).collect(),
    });
    change.status = moved(appeal.status, &[CaseEvent::StartReview]);
    change.awaiting = Some(Awaiting::Officer);
    change.action = "case.routed".to_owned();
    change.payload = serde_json::json!({
        "automation": automation.code(),
        "reasons": reasons,
        "service": service.map(|s| s.code.as_str().to_owned()),
        "service_version": service.map(|s| s.version().to_owned()),
        "outcome": record.decision.as_ref().map(|d| d.outcome.clone()),
    });
    change.record = serde_json::to_value(&record).ok();
    change
}

/// The status after `events`, or `None` if one of them is not allowed (the status then
/// stays as it is).
pub(crate) fn moved(from: CaseStatus, events: &[CaseEvent]) -> Option<CaseStatus> {
    let mut status = from;
    for event in events {
        status = status.apply(*event).ok()?;
    }
    (status != from).then_some(status)
}

pub(crate) fn outcome_code(outcome: &Outcome) -> &'static str {
    match outcome.granted {
        Some(true) => "granted",
        Some(false) => "denied",
        None => "none",
    }
}

/// The outbox message carrying an issued answer.
pub(crate) fn answer_message(
    case: &StoredCase,
    answer: &crate::record::Answer,
) -> NewOutboxMessage {
    NewOutboxMessage {
        kind: "answer".to_owned(),
        payload: message_payload(case, "answer", answer),
    }
}

/// A message to the applicant as the integrator receives it.
pub(crate) fn message_payload(
    case: &StoredCase,
    kind: &str,
    answer: &crate::record::Answer,
) -> serde_json::Value {
    serde_json::json!({
        "registration_number": case.appeal.registration_number.as_str(),
        "kind": kind,
        "language": answer.language,
        "script": answer.script,
        "text": answer.text,
        "outcome": answer.outcome,
        "amount_tiyn": answer.amount_tiyn,
        "ai": answer.ai,
    })
}

pub(crate) fn triage_record(triaged: &sheshim_triage::Triaged, models: &str) -> TriageRecord {
    let scored = |label: &sheshim_triage::Label, by: Option<sheshim_triage::Method>| Scored {
        value: label.value.clone(),
        confidence: label.confidence,
        by: by.map(|method| method.code().to_owned()),
    };
    TriageRecord {
        language: triaged.language.code().to_owned(),
        script: triaged.script.code().to_owned(),
        spelling: triaged.kazakh_latin.map(|s| s.name().to_owned()),
        masked_text: triaged.masked_text.clone(),
        findings: triaged
            .findings
            .iter()
            .map(|f| FoundData {
                kind: f.kind.label().to_owned(),
                start: f.start,
                end: f.end,
            })
            .collect(),
        kind: scored(&triaged.kind, None),
        topic: scored(&triaged.topic, Some(triaged.topic_by)),
        agency: scored(&triaged.agency, Some(triaged.agency_by)),
        urgency: triaged.urgency.code().to_owned(),
        urgency_rules: triaged
            .urgency_rules
            .iter()
            .map(|r| r.code().to_owned())
            .collect(),
        models: models.to_owned(),
    }
}

/// The legal basis of every rule that fired (the `legal basis` annotations of the rules
/// selected in the trace), then the service's own legal basis; each once.
pub(crate) fn citations(decided: &sheshim_services::Decided, service: &Service) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    if let Some(trace) = &decided.trace {
        for decision in &trace.decisions {
            for table in &decision.tables {
                for rule in &table.selected {
                    for (column, text) in &rule.annotations {
                        if column == "legal basis" && !found.contains(text) {
                            found.push(text.clone());
                        }
                    }
                }
            }
        }
    }
    for citation in &service.definition().legal_basis {
        let text = match &citation.article {
            Some(article) => format!("{}, {}", citation.act, article),
            None => citation.act.clone(),
        };
        if !found.contains(&text) {
            found.push(text);
        }
    }
    found
}
