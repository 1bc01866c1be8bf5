//! The JSON the case API answers with: the officers' queue, a whole case, and what a citizen
//! sees with their access code.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use sheshim_engine::record::CaseRecord;
use sheshim_store::{QueueItem, StoredAuditEntry, StoredCase};
use utoipa::ToSchema;

/// Urgency levels by their stored rank.
pub(crate) fn urgency_code(rank: u8) -> &'static str {
    match rank {
        3 => "immediate",
        2 => "high",
        1 => "normal",
        _ => "low",
    }
}

/// One case in the queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueueItemView {
    /// Registration number.
    pub registration_number: String,
    /// APPC kind.
    pub kind: String,
    /// Language.
    pub language: String,
    /// The service applied for, if any.
    pub service: Option<String>,
    /// The agency in charge.
    pub agency: Option<String>,
    /// Status.
    pub status: String,
    /// Registration date.
    pub registered_on: NaiveDate,
    /// Deadline.
    pub deadline: NaiveDate,
    /// Working days left until the deadline (negative when overdue).
    pub working_days_left: Option<i64>,
    /// `immediate`, `high`, `normal` or `low`.
    pub urgency: String,
    /// The officer assigned.
    pub assignee: Option<String>,
    /// `machine`, `officer` or `none`.
    pub awaiting: String,
    /// The outcome proposed or decided.
    pub outcome: Option<String>,
    /// The version to send with an action.
    pub version: i64,
    /// The mass appeal group it is a member of, with the group's size.
    pub group: Option<crate::groups::GroupRefView>,
}

impl QueueItemView {
    pub(crate) fn new(item: &QueueItem, today: NaiveDate) -> QueueItemView {
        QueueItemView {
            registration_number: item.registration_number.as_str().to_owned(),
            kind: item.kind.code().to_owned(),
            language: item.language.code().to_owned(),
            service: item.service.as_ref().map(|s| s.as_str().to_owned()),
            agency: item.agency.as_ref().map(|a| a.as_str().to_owned()),
            status: item.status.code().to_owned(),
            registered_on: item.registered_on,
            deadline: item.deadline,
            working_days_left: working_days_left(today, item.deadline),
            urgency: urgency_code(item.urgency).to_owned(),
            assignee: item.assignee.clone(),
            awaiting: item.awaiting.code().to_owned(),
            outcome: item.outcome.clone(),
            version: item.version,
            group: item.group.as_ref().map(crate::groups::GroupRefView::of),
        }
    }
}

/// Working days from `today` to `deadline`: positive before it, 0 on it, negative after.
pub(crate) fn working_days_left(today: NaiveDate, deadline: NaiveDate) -> Option<i64> {
    let calendar = sheshim_calendar::Calendar::kazakhstan();
    if today <= deadline {
        calendar
            .working_days_between(today, deadline)
            .ok()
            .map(|n| n as i64)
    } else {
        calendar
            .working_days_between(deadline, today)
            .ok()
            .map(|n| -(n as i64))
    }
}

/// A page of the queue.
#[derive(Debug, Serialize, ToSchema)]
pub struct QueuePageView {
    /// The cases, by days left then urgency.
    pub items: Vec<QueueItemView>,
    /// Pass as `cursor` for the next page; absent on the last.
    pub next_cursor: Option<String>,
}

/// The legal clocks of a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClocksView {
    /// When it arrived.
    pub received_at: DateTime<Utc>,
    /// The registration date.
    pub registered_on: NaiveDate,
    /// The deadline in force.
    pub deadline: NaiveDate,
    /// Working days left (negative when overdue).
    pub working_days_left: Option<i64>,
    /// The last day to forward it to another agency (3 working days).
    pub forwarding_due: Option<NaiveDate>,
}

/// One entry of a case's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct HistoryView {
    /// The audit sequence number.
    pub seq: u64,
    /// When.
    pub at: DateTime<Utc>,
    /// Who: `user:<login>`, `client:<name>` or `system:<part>@<version>`.
    pub actor: String,
    /// What, e.g. `case.decided`.
    pub action: String,
    /// The entry's details (no personal data).
    #[schema(value_type = Object)]
    pub details: serde_json::Value,
}

/// A whole case, as an officer sees it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseView {
    /// Registration number.
    pub registration_number: String,
    /// The version to send with an action (also the ETag).
    pub version: i64,
    /// Status.
    pub status: String,
    /// APPC kind.
    pub kind: String,
    /// Language.
    pub language: String,
    /// Channel.
    pub channel: String,
    /// The service.
    pub service: Option<String>,
    /// The agency it was addressed to.
    pub addressed_to: Option<String>,
    /// The agency in charge.
    pub agency: Option<String>,
    /// The officer assigned.
    pub assignee: Option<String>,
    /// Urgency.
    pub urgency: String,
    /// `machine`, `officer` or `none`.
    pub awaiting: String,
    /// The outcome proposed or decided.
    pub outcome: Option<String>,
    /// The clocks.
    pub clocks: ClocksView,
    /// What the applicant claims.
    #[schema(value_type = Option<Object>)]
    pub claims: Option<serde_json::Value>,
    /// The engine's record: triage (with the masked text), registry facts and their sources,
    /// differences between claims and registry, the decision with its trace and citations,
    /// routing and its reasons, what an appeal's draft was grounded on (template, index,
    /// numbered sources, the language model's call), the draft, the issued answer, hearing,
    /// extension, forwarding.
    #[schema(value_type = Object)]
    pub record: serde_json::Value,
    /// Its links: the earlier case of the same applicant it repeats, and the mass appeal
    /// group it is a member of (id, size, representative text).
    pub links: crate::groups::LinksView,
    /// Who did what, from the audit log.
    pub history: Vec<HistoryView>,
}

impl CaseView {
    pub(crate) fn new(
        case: &StoredCase,
        history: &[StoredAuditEntry],
        links: crate::groups::LinksView,
        today: NaiveDate,
    ) -> CaseView {
        let appeal = &case.appeal;
        let forwarding_due = sheshim_calendar::appc::forwarding_deadline(
            sheshim_calendar::Calendar::kazakhstan(),
            appeal.registered_on,
        )
        .ok();
        CaseView {
            registration_number: appeal.registration_number.as_str().to_owned(),
            version: case.version,
            status: appeal.status.code().to_owned(),
            kind: appeal.kind.code().to_owned(),
            language: appeal.language.code().to_owned(),
            channel: appeal.channel.code().to_owned(),
            service: case.service.as_ref().map(|s| s.as_str().to_owned()),
            addressed_to: appeal.agency.as_ref().map(|a| a.as_str().to_owned()),
            agency: case.agency.as_ref().map(|a| a.as_str().to_owned()),
            assignee: case.assignee.clone(),
            urgency: urgency_code(case.urgency).to_owned(),
            awaiting: case.awaiting.code().to_owned(),
            outcome: case.outcome.clone(),
            clocks: ClocksView {
                received_at: appeal.received_at,
                registered_on: appeal.registered_on,
                deadline: appeal.deadline,
                working_days_left: working_days_left(today, appeal.deadline),
                forwarding_due,
            },
            claims: case.claims.clone(),
            record: case.record.clone().unwrap_or_else(|| serde_json::json!({})),
            links,
            history: history
                .iter()
                .map(|stored| HistoryView {
                    seq: stored.entry.seq,
                    at: stored.entry.at,
                    actor: stored.entry.actor.clone(),
                    action: stored.entry.action.clone(),
                    details: stored.entry.payload.clone(),
                })
                .collect(),
        }
    }
}

/// The answer issued to the citizen.
#[derive(Debug, Serialize, ToSchema)]
pub struct IssuedAnswerView {
    /// `kk`, `ru` or `en`.
    pub language: String,
    /// `cyrillic` or `latin`.
    pub script: String,
    /// The letter, with its AI label sentence.
    pub text: String,
    /// `granted`, `denied`, `answered`.
    pub outcome: String,
    /// The amount in tiyn (hundredths of a tenge), if any.
    pub amount_tiyn: Option<i64>,
    /// When it was issued.
    pub issued_at: Option<DateTime<Utc>>,
    /// The machine-readable AI label (AI law, art. 21).
    pub ai: AiLabelView,
}

/// The machine-readable AI label.
#[derive(Debug, Serialize, ToSchema)]
pub struct AiLabelView {
    /// Whether an AI system prepared (part of) the answer.
    pub prepared_with_ai: bool,
    /// The system.
    pub system: String,
    /// Its version.
    pub version: String,
    /// The officer who checked it, if one did.
    pub checked_by: Option<String>,
}

/// The answer in the record, if one was issued.
pub(crate) fn issued_answer(case: &StoredCase) -> Option<IssuedAnswerView> {
    let record: CaseRecord = serde_json::from_value(case.record.clone()?).ok()?;
    let answer = record.issued?;
    Some(IssuedAnswerView {
        language: answer.language,
        script: answer.script,
        text: answer.text,
        outcome: answer.outcome,
        amount_tiyn: answer.amount_tiyn,
        issued_at: answer.issued_at,
        ai: AiLabelView {
            prepared_with_ai: answer.ai.prepared_with_ai,
            system: answer.ai.system,
            version: answer.ai.version,
            checked_by: answer.ai.checked_by,
        },
    })
}
