//! The values of the case flow that cross the store's boundary: a case as stored, a change to
//! apply to it, the officers' queue, messages waiting for delivery and the automation
//! switches.
//!
//! The store does not interpret a case's `record` or `claims`: they are JSON documents that
//! the engine writes and reads, sealed at rest like every other piece of personal data.

use chrono::{DateTime, NaiveDate, Utc};
use sheshim_domain::{
    AgencyCode, Appeal, AppealKind, CaseStatus, Language, RegistrationNumber, ServiceCode,
};

/// Who a case is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Awaiting {
    /// The pipeline has not finished with it.
    Machine,
    /// An officer must act.
    Officer,
    /// Nobody: answered, forwarded, withdrawn or deemed refused.
    Nobody,
}

impl Awaiting {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Awaiting::Machine => "machine",
            Awaiting::Officer => "officer",
            Awaiting::Nobody => "none",
        }
    }

    /// Reads a stored code.
    pub fn parse(code: &str) -> Option<Awaiting> {
        match code {
            "machine" => Some(Awaiting::Machine),
            "officer" => Some(Awaiting::Officer),
            "none" => Some(Awaiting::Nobody),
            _ => None,
        }
    }
}

/// A case as stored: its appeal and everything the flow has added.
#[derive(Debug, Clone)]
pub struct StoredCase {
    /// The appeal, with its current status and deadline.
    pub appeal: Appeal,
    /// The service applied for, if any.
    pub service: Option<ServiceCode>,
    /// Whether the pipeline has finished with the case.
    pub pipeline_done: bool,
    /// Bumped by every change.
    pub version: i64,
    /// The agency in charge.
    pub agency: Option<AgencyCode>,
    /// The officer it is assigned to, by login.
    pub assignee: Option<String>,
    /// 0 routine … 3 immediate.
    pub urgency: u8,
    /// Who the case waits for.
    pub awaiting: Awaiting,
    /// The outcome decided or proposed (`granted`, `denied`, `answered`, …).
    pub outcome: Option<String>,
    /// What the applicant claimed, as typed by the service's inputs.
    pub claims: Option<serde_json::Value>,
    /// The engine's record of the case (opened from its sealed form).
    pub record: Option<serde_json::Value>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

/// A message to the applicant, to be delivered after the change that issues it commits.
#[derive(Debug, Clone)]
pub struct NewOutboxMessage {
    /// `answer`, `hearing_notice`, `extension_notice`, `acknowledgement`, …
    pub kind: String,
    /// The message, sealed at rest.
    pub payload: serde_json::Value,
}

/// A change to one case, computed by the engine from the version it read. It is applied only
/// if the case still has that version; everything it names is written in one transaction
/// with its audit entries.
#[derive(Debug, Clone)]
pub struct CaseChange {
    /// The case.
    pub number: RegistrationNumber,
    /// The version the change was computed from.
    pub expected_version: i64,
    /// The new status of the appeal, if it changes.
    pub status: Option<CaseStatus>,
    /// The new deadline, if it changes (an extension).
    pub deadline: Option<NaiveDate>,
    /// Marks the pipeline's work on the case as done.
    pub pipeline_done: bool,
    /// The new agency in charge.
    pub agency: Option<AgencyCode>,
    /// A new assignee (`Some(None)` unassigns).
    pub assignee: Option<Option<String>>,
    /// A new urgency.
    pub urgency: Option<u8>,
    /// Who the case waits for now.
    pub awaiting: Option<Awaiting>,
    /// A new outcome.
    pub outcome: Option<String>,
    /// The new record, replacing the old one.
    pub record: Option<serde_json::Value>,
    /// Messages to the applicant issued by this change.
    pub outbox: Vec<NewOutboxMessage>,
    /// A link to other cases (a duplicate, or a mass appeal group) written with the change.
    pub link: Option<crate::NewLink>,
    /// The audit entry: its action (e.g. `case.decided`) and payload, which must hold no
    /// personal data. The store adds the new status and version to the payload.
    pub action: String,
    /// The audit payload.
    pub payload: serde_json::Value,
    /// Who made the change: `user:<login>` or `system:<part>@<version>`.
    pub actor: String,
    /// When.
    pub at: DateTime<Utc>,
}

impl CaseChange {
    /// A change that only records `action` on the case, to be filled in further.
    pub fn new(case: &StoredCase, action: &str, actor: &str, at: DateTime<Utc>) -> CaseChange {
        CaseChange {
            number: case.appeal.registration_number.clone(),
            expected_version: case.version,
            status: None,
            deadline: None,
            pipeline_done: false,
            agency: None,
            assignee: None,
            urgency: None,
            awaiting: None,
            outcome: None,
            record: None,
            outbox: Vec::new(),
            link: None,
            action: action.to_owned(),
            payload: serde_json::json!({}),
            actor: actor.to_owned(),
            at,
        }
    }
}

/// What became of a [`CaseChange`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeOutcome {
    /// Written; the case now has this version.
    Applied {
        /// The new version.
        version: i64,
    },
    /// The case changed since the version the change was computed from (or is gone);
    /// nothing was written.
    Stale,
}

/// Which cases an officer's queue shows.
#[derive(Debug, Clone, Default)]
pub struct QueueFilter {
    /// Only cases of this agency (`None`: every agency, for auditors).
    pub agency: Option<AgencyCode>,
    /// Only cases in this status; without it, open cases (`registered`, `in_review`,
    /// `extended`, `awaiting_hearing`) and decided ones waiting for an officer.
    pub status: Option<CaseStatus>,
    /// Only this service.
    pub service: Option<ServiceCode>,
    /// Only this urgency.
    pub urgency: Option<u8>,
    /// Only this language.
    pub language: Option<Language>,
    /// Only cases assigned to this login.
    pub assignee: Option<String>,
    /// Only unassigned cases.
    pub unassigned: bool,
    /// Only cases due on or before this date.
    pub due_on_or_before: Option<NaiveDate>,
    /// Continue after this position.
    pub after: Option<QueueCursor>,
    /// At most this many items.
    pub limit: u32,
}

/// A position in the queue's order: deadline, then urgency (highest first), then storage id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueCursor {
    /// The deadline of the last item.
    pub deadline: NaiveDate,
    /// Its urgency.
    pub urgency: u8,
    /// Its storage id.
    pub id: i64,
}

impl QueueCursor {
    /// The cursor's text form, `YYYY-MM-DD.U.id`.
    pub fn encode(&self) -> String {
        format!(
            "{}.{}.{}",
            self.deadline.format("%Y-%m-%d"),
            self.urgency,
            self.id
        )
    }

    /// Reads a cursor produced by [`QueueCursor::encode`].
    pub fn decode(text: &str) -> Option<QueueCursor> {
        let mut parts = text.split('.');
        let cursor = QueueCursor {
            deadline: NaiveDate::parse_from_str(parts.next()?, "%Y-%m-%d").ok()?,
            urgency: parts.next()?.parse().ok()?,
            id: parts.next()?.parse().ok()?,
        };
        parts.next().is_none().then_some(cursor)
    }
}

/// A case as the queue lists it: no text and no personal data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueItem {
    /// Registration number.
    pub registration_number: RegistrationNumber,
    /// Kind of appeal.
    pub kind: AppealKind,
    /// Language.
    pub language: Language,
    /// The service applied for.
    pub service: Option<ServiceCode>,
    /// The agency in charge.
    pub agency: Option<AgencyCode>,
    /// Status.
    pub status: CaseStatus,
    /// Registration date.
    pub registered_on: NaiveDate,
    /// Deadline.
    pub deadline: NaiveDate,
    /// 0 routine … 3 immediate.
    pub urgency: u8,
    /// Assigned officer.
    pub assignee: Option<String>,
    /// Who the case waits for.
    pub awaiting: Awaiting,
    /// The outcome proposed or decided.
    pub outcome: Option<String>,
    /// The case's version.
    pub version: i64,
    /// The mass appeal group it is a member of, with the group's size.
    pub group: Option<crate::GroupRef>,
}

/// A page of the queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuePage {
    /// The cases.
    pub items: Vec<QueueItem>,
    /// Where the next page starts, if there may be one.
    pub next: Option<QueueCursor>,
}

/// A message waiting for delivery.
#[derive(Debug, Clone)]
pub struct OutboxMessage {
    /// Storage id.
    pub id: i64,
    /// The case.
    pub registration_number: RegistrationNumber,
    /// What kind of message.
    pub kind: String,
    /// The message (opened).
    pub payload: serde_json::Value,
    /// The idempotency id the receiver deduplicates on.
    pub delivery_id: String,
    /// Attempts so far.
    pub attempts: u32,
}

/// A message as written to the outbox, without its (sealed) body: what
/// [`crate::Store::outbox_written_after`] lists, for watching answers arrive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxWritten {
    /// Storage id, ascending in the order messages were written.
    pub id: i64,
    /// The case.
    pub registration_number: RegistrationNumber,
    /// What kind of message.
    pub kind: String,
}

/// A stop switch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutomationSwitch {
    /// The service code, or `*` for every service.
    pub service: String,
    /// Whether automatic issuing is stopped.
    pub stopped: bool,
    /// Why, as the supervisor wrote it.
    pub reason: String,
    /// Who set it.
    pub updated_by: String,
    /// When.
    pub updated_at: DateTime<Utc>,
}

/// A page of the cases of one service, in storage order.
#[derive(Debug, Clone, Default)]
pub struct ServiceCasePage {
    /// The cases.
    pub cases: Vec<StoredCase>,
    /// The storage id of the last case, to ask for the next page after; `None` when the
    /// page is empty (there are no more).
    pub last_id: Option<i64>,
}
