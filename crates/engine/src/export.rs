//! A case's decision record as one JSON document, as the brief's section 5 lists it: the
//! applicant's pseudonymous id (never the IIN), the clocks, the engine's record (triage with
//! its models and confidences, the service and the version of its rules, the parameters in
//! force with their acts, the registry facts with their sources, the trace, the draft and the
//! issued answer with the officer's diff and reasons) and the history from the audit log.
//! `sheshim case export` prints it; the auditor's pages serve it and export a period of them.

use sheshim_store::{StoredAuditEntry, StoredCase};

/// The decision record of `case`; `pseudonym` stands for the applicant (the store's keyed
/// look-up id of the IIN, so the same person has the same pseudonym in every record).
pub fn decision_record(
    case: &StoredCase,
    history: &[StoredAuditEntry],
    pseudonym: i64,
) -> serde_json::Value {
    let appeal = &case.appeal;
    serde_json::json!({
        "registration_number": appeal.registration_number.as_str(),
        "applicant_pseudonym": format!("{pseudonym:016x}"),
        "kind": appeal.kind.code(),
        "language": appeal.language.code(),
        "channel": appeal.channel.code(),
        "service": case.service.as_ref().map(|s| s.as_str()),
        "agency": case.agency.as_ref().map(|a| a.as_str()),
        "status": appeal.status.code(),
        "version": case.version,
        "clocks": {
            "received_at": appeal.received_at,
            "registered_on": appeal.registered_on,
            "deadline": appeal.deadline,
        },
        "assignee": case.assignee,
        "outcome": case.outcome,
        "record": case.record,
        "history": history.iter().map(|stored| serde_json::json!({
            "seq": stored.entry.seq,
            "at": stored.entry.at,
            "actor": stored.entry.actor,
            "action": stored.entry.action,
            "details": stored.entry.payload,
        })).collect::<Vec<_>>(),
    })
}
