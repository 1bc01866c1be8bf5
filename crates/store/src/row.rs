//! Rows as both databases return them, and their conversion back into domain types.
//!
//! Stored values are parsed again on the way out: a row edited outside Sheshim into
//! something invalid becomes a [`StoreError::Corrupt`] naming the column, never a bad value
//! inside the program. Personal data is sealed on the way in ([`SealedAppeal`]) and opened on
//! the way out, each value bound to its column and registration number.

use crate::model::StoredAuditEntry;
use crate::model::{AppealSummary, StoreError};
use crate::sealed::{opened, opened_optional};
use chrono::{DateTime, NaiveDate, Utc};
use sheshim_audit::{AuditEntry, ChainHead, EntryHash};
use sheshim_crypto::Keyring;
use sheshim_domain::{
    AgencyCode, Appeal, AppealKind, AppealText, Applicant, CaseStatus, Channel, Email, Iin,
    Language, PersonName, Phone, PostalAddress, RegistrationNumber,
};

/// The columns selected for a whole appeal, in both backends.
pub(crate) const APPEAL_COLUMNS: &str = "id, registration_number, kind, language, channel, text, \
    applicant_iin, applicant_name, applicant_phone, applicant_email, applicant_address, agency, \
    received_at, registered_on, deadline, status";

/// The columns selected for a listing, in both backends.
pub(crate) const SUMMARY_COLUMNS: &str =
    "id, registration_number, kind, language, channel, agency, registered_on, deadline, status";

/// One row of `appeals`.
#[derive(sqlx::FromRow)]
pub(crate) struct AppealRow {
    pub id: i64,
    pub registration_number: String,
    pub kind: String,
    pub language: String,
    pub channel: String,
    pub text: String,
    pub applicant_iin: String,
    pub applicant_name: String,
    pub applicant_phone: Option<String>,
    pub applicant_email: Option<String>,
    pub applicant_address: Option<String>,
    pub agency: Option<String>,
    pub received_at: DateTime<Utc>,
    pub registered_on: NaiveDate,
    pub deadline: NaiveDate,
    pub status: String,
}

/// The listing columns of a row of `appeals`.
#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
    pub id: i64,
    pub registration_number: String,
    pub kind: String,
    pub language: String,
    pub channel: String,
    pub agency: Option<String>,
    pub registered_on: NaiveDate,
    pub deadline: NaiveDate,
    pub status: String,
}

/// The listing columns of an appeal with its sealed IIN, for an applicant's appeals.
#[derive(sqlx::FromRow)]
pub(crate) struct ApplicantRow {
    pub applicant_iin: String,
    #[sqlx(flatten)]
    pub summary: SummaryRow,
}

impl ApplicantRow {
    /// Whether this appeal is the applicant's: its sealed IIN opened and compared.
    pub(crate) fn is_of(&self, iin: &Iin, keys: &Keyring) -> Result<bool, StoreError> {
        let number = &self.summary.registration_number;
        let stored = opened(keys, &self.applicant_iin, "applicant_iin", number)?;
        Ok(stored.as_str() == iin.expose())
    }
}

/// One row of `audit_log`.
#[derive(sqlx::FromRow)]
pub(crate) struct AuditRow {
    pub seq: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub subject: String,
    pub payload: String,
    pub prev_hash: String,
    pub hash: String,
    pub mac: Option<String>,
}

/// Parses one stored column, turning a failure into [`StoreError::Corrupt`].
pub(crate) fn column<T, E>(
    parsed: Result<T, E>,
    column: &'static str,
    subject: &str,
) -> Result<T, StoreError> {
    parsed.map_err(|_| StoreError::Corrupt {
        column,
        subject: subject.to_owned(),
    })
}

/// Parses an optional stored column.
fn optional<T, E>(
    value: Option<&str>,
    parse: impl FnOnce(&str) -> Result<T, E>,
    name: &'static str,
    subject: &str,
) -> Result<Option<T>, StoreError> {
    value.map(|v| column(parse(v), name, subject)).transpose()
}

impl AppealRow {
    /// The appeal, with its personal data opened; `keys: None` reads a row written before
    /// personal data was sealed (only while sealing such rows).
    pub(crate) fn into_appeal(self, keys: Option<&Keyring>) -> Result<Appeal, StoreError> {
        let number = column(
            RegistrationNumber::parse(&self.registration_number),
            "registration_number",
            "an appeal",
        )?;
        let subject = number.as_str().to_owned();
        let s = subject.as_str();
        let Some(keys) = keys else {
            return self.into_plain_appeal(number);
        };
        let applicant = Applicant {
            iin: column(
                Iin::parse(&opened(keys, &self.applicant_iin, "applicant_iin", s)?),
                "applicant_iin",
                s,
            )?,
            name: column(
                PersonName::parse(&opened(keys, &self.applicant_name, "applicant_name", s)?),
                "applicant_name",
                s,
            )?,
            phone: opened_optional(
                keys,
                self.applicant_phone.as_deref(),
                Phone::parse,
                "applicant_phone",
                s,
            )?,
            email: opened_optional(
                keys,
                self.applicant_email.as_deref(),
                Email::parse,
                "applicant_email",
                s,
            )?,
            address: opened_optional(
                keys,
                self.applicant_address.as_deref(),
                PostalAddress::parse,
                "applicant_address",
                s,
            )?,
        };
        let text = column(
            AppealText::parse(&opened(keys, &self.text, "text", s)?),
            "text",
            s,
        )?;
        self.assemble(number, applicant, text)
    }

    /// A row written before personal data was sealed: the values are plain text.
    fn into_plain_appeal(self, number: RegistrationNumber) -> Result<Appeal, StoreError> {
        let subject = number.as_str().to_owned();
        let s = subject.as_str();
        let applicant = Applicant {
            iin: column(Iin::parse(&self.applicant_iin), "applicant_iin", s)?,
            name: column(PersonName::parse(&self.applicant_name), "applicant_name", s)?,
            phone: optional(
                self.applicant_phone.as_deref(),
                Phone::parse,
                "applicant_phone",
                s,
            )?,
            email: optional(
                self.applicant_email.as_deref(),
                Email::parse,
                "applicant_email",
                s,
            )?,
            address: optional(
                self.applicant_address.as_deref(),
                PostalAddress::parse,
                "applicant_address",
                s,
            )?,
        };
        let text = column(AppealText::parse(&self.text), "text", s)?;
        self.assemble(number, applicant, text)
    }

    /// The appeal from its opened personal data and the row's other columns.
    fn assemble(
        self,
        number: RegistrationNumber,
        applicant: Applicant,
        text: AppealText,
    ) -> Result<Appeal, StoreError> {
        let subject = number.as_str().to_owned();
        let s = subject.as_str();
        Ok(Appeal {
            registration_number: number,
            kind: column(AppealKind::parse(&self.kind), "kind", s)?,
            language: column(Language::parse(&self.language), "language", s)?,
            channel: column(Channel::parse(&self.channel), "channel", s)?,
            text,
            applicant,
            agency: optional(self.agency.as_deref(), AgencyCode::parse, "agency", s)?,
            received_at: self.received_at,
            registered_on: self.registered_on,
            deadline: self.deadline,
            status: column(CaseStatus::parse(&self.status), "status", s)?,
        })
    }
}

impl SummaryRow {
    pub(crate) fn into_summary(self) -> Result<AppealSummary, StoreError> {
        let number = column(
            RegistrationNumber::parse(&self.registration_number),
            "registration_number",
            "an appeal",
        )?;
        let s = number.as_str().to_owned();
        Ok(AppealSummary {
            kind: column(AppealKind::parse(&self.kind), "kind", &s)?,
            language: column(Language::parse(&self.language), "language", &s)?,
            channel: column(Channel::parse(&self.channel), "channel", &s)?,
            agency: optional(self.agency.as_deref(), AgencyCode::parse, "agency", &s)?,
            registered_on: self.registered_on,
            deadline: self.deadline,
            status: column(CaseStatus::parse(&self.status), "status", &s)?,
            registration_number: number,
        })
    }
}

impl AuditRow {
    pub(crate) fn into_entry(self) -> Result<StoredAuditEntry, StoreError> {
        let subject = format!("audit entry {}", self.seq);
        let entry = AuditEntry {
            seq: column(u64::try_from(self.seq), "seq", &subject)?,
            at: self.at,
            actor: self.actor,
            action: self.action,
            subject: self.subject,
            payload: column(serde_json::from_str(&self.payload), "payload", &subject)?,
            prev_hash: column(
                EntryHash::from_hex(&self.prev_hash).ok_or(()),
                "prev_hash",
                &subject,
            )?,
            hash: column(EntryHash::from_hex(&self.hash).ok_or(()), "hash", &subject)?,
        };
        Ok(StoredAuditEntry {
            entry,
            mac: self.mac,
        })
    }
}

/// Reads the `audit_head` row's values.
pub(crate) fn chain_head(seq: i64, hash: &str) -> Result<ChainHead, StoreError> {
    Ok(ChainHead {
        seq: column(u64::try_from(seq), "seq", "audit head")?,
        hash: column(EntryHash::from_hex(hash).ok_or(()), "hash", "audit head")?,
    })
}

/// The audit entry recording a registration. Its payload names no person: the applicant
/// and the text are represented by a hash of the whole stored record.
pub(crate) fn registration_audit(appeal: &Appeal, actor: &str) -> sheshim_audit::NewAuditEntry {
    sheshim_audit::NewAuditEntry {
        at: appeal.received_at,
        actor: actor.to_owned(),
        action: "appeal.registered".to_owned(),
        subject: appeal.registration_number.as_str().to_owned(),
        payload: serde_json::json!({
            "kind": appeal.kind,
            "language": appeal.language,
            "channel": appeal.channel,
            "agency": appeal.agency.as_ref().map(|a| a.as_str()),
            "received_at": appeal.received_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
            "registered_on": appeal.registered_on.to_string(),
            "deadline": appeal.deadline.to_string(),
            "status": appeal.status.code(),
            "record_sha256": record_digest(appeal),
        }),
    }
}

/// SHA-256 over the canonical JSON of everything stored about an appeal, personal data
/// included (in the clear: sealing does not change it). The audit entry carries this digest,
/// so an edit of the stored appeal can be detected without the log itself holding personal
/// data.
pub fn record_digest(appeal: &Appeal) -> String {
    use sha2::{Digest, Sha256};
    let applicant = &appeal.applicant;
    let record = serde_json::json!({
        "registration_number": appeal.registration_number.as_str(),
        "kind": appeal.kind,
        "language": appeal.language,
        "channel": appeal.channel,
        "text": appeal.text.as_str(),
        "applicant": {
            "iin": applicant.iin.expose(),
            "name": applicant.name.expose(),
            "phone": applicant.phone.as_ref().map(|p| p.expose()),
            "email": applicant.email.as_ref().map(|e| e.expose()),
            "address": applicant.address.as_ref().map(|a| a.expose()),
        },
        "agency": appeal.agency.as_ref().map(|a| a.as_str()),
        "received_at": appeal.received_at.to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
        "registered_on": appeal.registered_on.to_string(),
        "deadline": appeal.deadline.to_string(),
    });
    hex::encode(Sha256::digest(
        sheshim_audit::canonical_json(&record).as_bytes(),
    ))
}
