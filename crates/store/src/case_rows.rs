//! The case flow's rows and values as both databases store them: the columns selected, the
//! rows read back into a `StoredCase` or a queue item, the binding and sealing of a case's
//! JSON documents, and the digest of a case's whole state that its audit entries carry.
//!
//! A case's `record` and `claims` are sealed JSON bound to their column and registration
//! number; an outbox message is sealed bound to its delivery id.

use crate::case_model::{Awaiting, QueueItem, StoredCase};
use crate::model::StoreError;
use crate::row::{AppealRow, column};
use chrono::{DateTime, NaiveDate, Utc};
use sheshim_crypto::Keyring;
use sheshim_domain::{
    AgencyCode, AppealKind, CaseStatus, Language, RegistrationNumber, ServiceCode,
};
use std::sync::LazyLock;

/// The statuses in which a case is still open (no decision yet).
pub(crate) const OPEN_STATUSES: &str =
    "('registered', 'in_review', 'extended', 'awaiting_hearing')";

/// The appeal's columns, qualified for a join of `cases c` with `appeals a`, followed by the
/// case's own.
pub(crate) static CASE_COLUMNS: LazyLock<String> = LazyLock::new(|| {
    let appeal: Vec<String> = crate::row::APPEAL_COLUMNS
        .split(", ")
        .map(|name| format!("a.{}", name.trim()))
        .collect();
    format!(
        "{}, c.service, c.pipeline, c.version, c.agency AS case_agency, c.assignee, c.urgency, \
         c.awaiting, c.outcome, c.claims, c.record, c.updated_at",
        appeal.join(", ")
    )
});

/// The columns of a queue item, for the same join.
pub(crate) const QUEUE_COLUMNS: &str = "a.id, a.registration_number, a.kind, a.language, a.status, \
    a.registered_on, a.deadline, c.service, c.agency AS case_agency, c.urgency, c.assignee, \
    c.awaiting, c.outcome, c.version, l.group_id, \
    (SELECT COUNT(*) FROM case_links m WHERE m.group_id = l.group_id) AS group_size";

/// What the queue joins to show each case's group, after its `cases c` and `appeals a`.
pub(crate) const QUEUE_LINKS: &str =
    " LEFT JOIN case_links l ON l.registration_number = a.registration_number";

/// SHA-256 over the canonical JSON of everything a case holds beside its appeal, personal
/// data included in the clear (sealing does not change it): the audit entry of every change
/// carries it, so `audit verify` finds a case edited, or rolled back to an earlier sealed
/// record of its own, outside Sheshim.
#[allow(clippy::too_many_arguments)]
pub(crate) fn case_digest(
    service: Option<&str>,
    pipeline: &str,
    agency: Option<&str>,
    assignee: Option<&str>,
    urgency: i64,
    awaiting: &str,
    outcome: Option<&str>,
    claims: Option<&serde_json::Value>,
    record: Option<&serde_json::Value>,
) -> String {
    use sha2::{Digest, Sha256};
    let state = serde_json::json!({
        "service": service, "pipeline": pipeline, "agency": agency, "assignee": assignee,
        "urgency": urgency, "awaiting": awaiting, "outcome": outcome,
        "claims": claims, "record": record,
    });
    hex::encode(Sha256::digest(
        sheshim_audit::canonical_json(&state).as_bytes(),
    ))
}

/// A case's stored state as `audit verify` reads it.
#[derive(sqlx::FromRow)]
pub(crate) struct CaseStateRow {
    pub registration_number: String,
    pub service: Option<String>,
    pub pipeline: String,
    pub agency: Option<String>,
    pub assignee: Option<String>,
    pub urgency: i64,
    pub awaiting: String,
    pub outcome: Option<String>,
    pub claims: Option<String>,
    pub record: Option<String>,
}

impl CaseStateRow {
    /// The digest of the state, its sealed documents opened (or why they do not open).
    pub(crate) fn digest(&self, keys: &Keyring) -> Result<String, StoreError> {
        let number = self.registration_number.as_str();
        let open = |sealed: &Option<String>, column: &'static str| {
            sealed
                .as_deref()
                .map(|value| open_json(keys, value, &case_binding(column, number), column, number))
                .transpose()
        };
        Ok(case_digest(
            self.service.as_deref(),
            &self.pipeline,
            self.agency.as_deref(),
            self.assignee.as_deref(),
            self.urgency,
            &self.awaiting,
            self.outcome.as_deref(),
            open(&self.claims, "claims")?.as_ref(),
            open(&self.record, "record")?.as_ref(),
        ))
    }
}

/// What binds a sealed case document to its place.
pub(crate) fn case_binding(column: &str, number: &str) -> String {
    format!("cases.{column} {number}")
}

/// What binds a sealed outbox message to its place.
pub(crate) fn outbox_binding(delivery_id: &str) -> String {
    format!("outbox.payload {delivery_id}")
}

/// Seals a JSON document for a column of `cases`.
pub(crate) fn seal_json(
    keys: &Keyring,
    value: &serde_json::Value,
    binding: &str,
) -> Result<String, StoreError> {
    Ok(keys.seal(&value.to_string(), binding)?)
}

/// Opens a sealed JSON document, or names it as corrupt.
pub(crate) fn open_json(
    keys: &Keyring,
    sealed: &str,
    binding: &str,
    column_name: &'static str,
    subject: &str,
) -> Result<serde_json::Value, StoreError> {
    let corrupt = || StoreError::Corrupt {
        column: column_name,
        subject: subject.to_owned(),
    };
    let text = keys.open(sealed, binding).map_err(|_| corrupt())?;
    serde_json::from_str(&text).map_err(|_| corrupt())
}

/// A case row joined with its appeal.
#[derive(sqlx::FromRow)]
pub(crate) struct CaseRow {
    #[sqlx(flatten)]
    pub appeal: AppealRow,
    pub service: Option<String>,
    pub pipeline: String,
    pub version: i64,
    pub case_agency: Option<String>,
    pub assignee: Option<String>,
    pub urgency: i64,
    pub awaiting: String,
    pub outcome: Option<String>,
    pub claims: Option<String>,
    pub record: Option<String>,
    pub updated_at: DateTime<Utc>,
}

impl CaseRow {
    pub(crate) fn into_case(self, keys: &Keyring) -> Result<StoredCase, StoreError> {
        let appeal = self.appeal.into_appeal(Some(keys))?;
        let number = appeal.registration_number.as_str().to_owned();
        let s = number.as_str();
        let claims = self
            .claims
            .map(|sealed| open_json(keys, &sealed, &case_binding("claims", s), "claims", s))
            .transpose()?;
        let record = self
            .record
            .map(|sealed| open_json(keys, &sealed, &case_binding("record", s), "record", s))
            .transpose()?;
        Ok(StoredCase {
            service: self
                .service
                .map(|code| column(ServiceCode::parse(&code), "service", s))
                .transpose()?,
            pipeline_done: match self.pipeline.as_str() {
                "pending" => false,
                "done" => true,
                _ => return column(Err(()), "pipeline", s),
            },
            version: self.version,
            agency: self
                .case_agency
                .map(|code| column(AgencyCode::parse(&code), "agency", s))
                .transpose()?,
            assignee: self.assignee,
            urgency: column(u8::try_from(self.urgency), "urgency", s)?,
            awaiting: column(Awaiting::parse(&self.awaiting).ok_or(()), "awaiting", s)?,
            outcome: self.outcome,
            claims,
            record,
            updated_at: self.updated_at,
            appeal,
        })
    }
}

/// A queue row.
#[derive(sqlx::FromRow)]
pub(crate) struct QueueRow {
    pub id: i64,
    pub registration_number: String,
    pub kind: String,
    pub language: String,
    pub status: String,
    pub registered_on: NaiveDate,
    pub deadline: NaiveDate,
    pub service: Option<String>,
    pub case_agency: Option<String>,
    pub urgency: i64,
    pub assignee: Option<String>,
    pub awaiting: String,
    pub outcome: Option<String>,
    pub version: i64,
    pub group_id: Option<String>,
    pub group_size: Option<i64>,
}

impl QueueRow {
    pub(crate) fn into_item(self) -> Result<QueueItem, StoreError> {
        let number = column(
            RegistrationNumber::parse(&self.registration_number),
            "registration_number",
            "a case",
        )?;
        let s = number.as_str().to_owned();
        let s = s.as_str();
        Ok(QueueItem {
            kind: column(AppealKind::parse(&self.kind), "kind", s)?,
            language: column(Language::parse(&self.language), "language", s)?,
            status: column(CaseStatus::parse(&self.status), "status", s)?,
            registered_on: self.registered_on,
            deadline: self.deadline,
            service: self
                .service
                .map(|code| column(ServiceCode::parse(&code), "service", s))
                .transpose()?,
            agency: self
                .case_agency
                .map(|code| column(AgencyCode::parse(&code), "agency", s))
                .transpose()?,
            urgency: column(u8::try_from(self.urgency), "urgency", s)?,
            assignee: self.assignee,
            awaiting: column(Awaiting::parse(&self.awaiting).ok_or(()), "awaiting", s)?,
            outcome: self.outcome,
            version: self.version,
            group: match (self.group_id, self.group_size) {
                (Some(id), Some(size)) => Some(crate::GroupRef {
                    id: column(RegistrationNumber::parse(&id), "group_id", s)?,
                    size: column(u32::try_from(size), "group_id", s)?,
                }),
                _ => None,
            },
            registration_number: number,
        })
    }
}
