//! Proactive offers (egov's proactive services): a person the registry shows eligible for a
//! service is offered it, and only has to agree; an accepted offer becomes an application.
//!
//! An offer is found by its random id and opened with its access code (kept as a keyed
//! hash, as an appeal's). The person is found by the keyed hash of the IIN (`person_ref`),
//! and the IIN, the facts, the claims and the amount are sealed together bound to
//! `offers.sealed <id>`. An offer is made once per service, person and period: writing the
//! same person again in the same period leaves the first offer as it is. Every write is
//! audited in its transaction, without anything about the persons.

use crate::StoreError;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sheshim_crypto::Keyring;
use sheshim_domain::{Iin, RegistrationNumber, ServiceCode};
use thiserror::Error;
use zeroize::Zeroizing;

/// An offer's public id: 32 lowercase hexadecimal characters, drawn at random, so that ids
/// cannot be enumerated.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OfferId(String);

/// The text is not an offer id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("an offer id is 32 lowercase hexadecimal characters")]
pub struct OfferIdError;

impl OfferId {
    /// Reads an offer id.
    pub fn parse(text: &str) -> Result<OfferId, OfferIdError> {
        if text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            Ok(OfferId(text.to_owned()))
        } else {
            Err(OfferIdError)
        }
    }

    /// The id made of 16 random bytes (the caller draws them).
    pub fn from_random(bytes: [u8; 16]) -> OfferId {
        OfferId(hex::encode(bytes))
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where an offer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OfferStatus {
    /// Waiting for the person's answer.
    Offered,
    /// Accepted: it became (or is becoming) an application.
    Accepted,
    /// Declined by the person.
    Declined,
    /// Not answered in time.
    Expired,
}

impl OfferStatus {
    /// `offered`, `accepted`, `declined` or `expired`.
    pub fn code(self) -> &'static str {
        match self {
            OfferStatus::Offered => "offered",
            OfferStatus::Accepted => "accepted",
            OfferStatus::Declined => "declined",
            OfferStatus::Expired => "expired",
        }
    }

    /// Reads a status code.
    pub fn parse(code: &str) -> Option<OfferStatus> {
        Some(match code {
            "offered" => OfferStatus::Offered,
            "accepted" => OfferStatus::Accepted,
            "declined" => OfferStatus::Declined,
            "expired" => OfferStatus::Expired,
            _ => return None,
        })
    }
}

/// What an offer holds about the person, sealed at rest.
#[derive(Debug, Clone, PartialEq)]
pub struct OfferContent {
    /// The person.
    pub iin: Iin,
    /// The registry facts the offer rests on, by decision input.
    pub facts: serde_json::Value,
    /// The claims the application will state, by claim key.
    pub claims: serde_json::Value,
    /// The amount offered, in tiyn, if the service pays one.
    pub amount_tiyn: Option<i64>,
    /// The date the person was found eligible as of.
    pub as_of: NaiveDate,
}

/// An offer to write.
#[derive(Debug, Clone)]
pub struct NewOffer {
    /// Its id.
    pub id: OfferId,
    /// The service offered.
    pub service: ServiceCode,
    /// The period it is made for (e.g. `2026-03`): one offer per service, person and period.
    pub period: String,
    /// What it holds about the person.
    pub content: OfferContent,
    /// The hash of its access code (`Keyring::access_code_hash`).
    pub access_code_hash: String,
    /// When it lapses unanswered.
    pub expires_at: DateTime<Utc>,
}

/// An offer as stored.
#[derive(Debug, Clone)]
pub struct StoredOffer {
    /// Its id.
    pub id: OfferId,
    /// The service offered.
    pub service: ServiceCode,
    /// The period it was made for.
    pub period: String,
    /// What it holds about the person.
    pub content: OfferContent,
    /// The hash of its access code.
    pub access_code_hash: String,
    /// Where it stands.
    pub status: OfferStatus,
    /// When it was made.
    pub created_at: DateTime<Utc>,
    /// When it lapses unanswered.
    pub expires_at: DateTime<Utc>,
    /// When it was accepted, declined or marked expired.
    pub decided_at: Option<DateTime<Utc>>,
    /// The application an accepted offer became.
    pub registration_number: Option<RegistrationNumber>,
}

/// What a write of offers did: for each offer of the batch, in order, whether it is new
/// (`false`: the person already had an offer of the service for the period, kept as it was).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OffersWritten {
    /// One flag per offer of the batch.
    pub created: Vec<bool>,
}

impl OffersWritten {
    /// How many offers were new.
    pub fn created_count(&self) -> usize {
        self.created.iter().filter(|c| **c).count()
    }
}

/// A change of an offer's state, applied only from the state it follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OfferChange {
    /// Offered and not yet lapsed → accepted.
    Accept,
    /// Offered → declined.
    Decline,
    /// Offered → expired.
    Expire,
    /// Accepted without an application → its application.
    Registered(RegistrationNumber),
}

impl OfferChange {
    /// The audit action.
    pub(crate) fn action(&self) -> &'static str {
        match self {
            OfferChange::Accept => "offer.accepted",
            OfferChange::Decline => "offer.declined",
            OfferChange::Expire => "offer.expired",
            OfferChange::Registered(_) => "offer.registered",
        }
    }
}

/// What is sealed in a row.
#[derive(Serialize, Deserialize)]
struct Sealed {
    iin: String,
    facts: serde_json::Value,
    claims: serde_json::Value,
    amount_tiyn: Option<i64>,
    as_of: NaiveDate,
}

fn binding(id: &str) -> String {
    format!("offers.sealed {id}")
}

pub(crate) fn corrupt(id: &str) -> StoreError {
    StoreError::Corrupt {
        column: "offers.sealed",
        subject: format!("offer {id}"),
    }
}

/// Seals an offer's content for the row of `id`.
pub(crate) fn seal(keys: &Keyring, id: &str, content: &OfferContent) -> Result<String, StoreError> {
    let plain = Zeroizing::new(
        serde_json::to_string(&Sealed {
            iin: content.iin.expose().to_owned(),
            facts: content.facts.clone(),
            claims: content.claims.clone(),
            amount_tiyn: content.amount_tiyn,
            as_of: content.as_of,
        })
        .map_err(|_| corrupt(id))?,
    );
    Ok(keys.seal(&plain, &binding(id))?)
}

/// Opens a row's sealed content, or names the row as corrupt.
pub(crate) fn open(keys: &Keyring, id: &str, sealed: &str) -> Result<OfferContent, StoreError> {
    let plain = keys.open(sealed, &binding(id)).map_err(|_| corrupt(id))?;
    let sealed: Sealed = serde_json::from_str(&plain).map_err(|_| corrupt(id))?;
    Ok(OfferContent {
        iin: Iin::parse(&sealed.iin).map_err(|_| corrupt(id))?,
        facts: sealed.facts,
        claims: sealed.claims,
        amount_tiyn: sealed.amount_tiyn,
        as_of: sealed.as_of,
    })
}

/// An offer row.
#[derive(sqlx::FromRow)]
pub(crate) struct OfferRow {
    pub id: String,
    pub service: String,
    pub period: String,
    pub sealed: String,
    pub access_code_hash: String,
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub decided_at: Option<DateTime<Utc>>,
    pub registration_number: Option<String>,
}

/// The columns of [`OfferRow`].
pub(crate) const OFFER_COLUMNS: &str = "id, service, period, sealed, access_code_hash, status, \
    created_at, expires_at, decided_at, registration_number";

impl OfferRow {
    pub(crate) fn into_offer(self, keys: &Keyring) -> Result<StoredOffer, StoreError> {
        let id = self.id.as_str();
        let bad = |column: &'static str| StoreError::Corrupt {
            column,
            subject: format!("offer {id}"),
        };
        Ok(StoredOffer {
            content: open(keys, id, &self.sealed)?,
            service: ServiceCode::parse(&self.service).map_err(|_| bad("offers.service"))?,
            status: OfferStatus::parse(&self.status).ok_or_else(|| bad("offers.status"))?,
            registration_number: self
                .registration_number
                .map(|n| RegistrationNumber::parse(&n))
                .transpose()
                .map_err(|_| bad("offers.registration_number"))?,
            id: OfferId::parse(id).map_err(|_| bad("offers.id"))?,
            period: self.period,
            access_code_hash: self.access_code_hash,
            created_at: self.created_at,
            expires_at: self.expires_at,
            decided_at: self.decided_at,
        })
    }
}

/// The audit entry of a batch: counts and a digest of what was offered, nothing about the
/// persons.
pub(crate) fn written_audit(
    offers: &[NewOffer],
    created: usize,
    actor: &str,
    at: DateTime<Utc>,
) -> sheshim_audit::NewAuditEntry {
    use sha2::{Digest, Sha256};
    let mut digest = Sha256::new();
    let mut services: Vec<&str> = Vec::new();
    let mut periods: Vec<&str> = Vec::new();
    for offer in offers {
        digest.update(offer.id.as_str().as_bytes());
        digest.update(offer.content.iin.expose().as_bytes());
        digest.update(offer.content.claims.to_string().as_bytes());
        if !services.contains(&offer.service.as_str()) {
            services.push(offer.service.as_str());
        }
        if !periods.contains(&offer.period.as_str()) {
            periods.push(offer.period.as_str());
        }
    }
    services.truncate(8);
    periods.truncate(8);
    sheshim_audit::NewAuditEntry {
        at,
        actor: actor.to_owned(),
        action: "offers.written".to_owned(),
        subject: "offers".to_owned(),
        payload: serde_json::json!({
            "offers": offers.len(),
            "created": created,
            "kept": offers.len() - created,
            "services": services,
            "periods": periods,
            "records_sha256": hex::encode(digest.finalize()),
        }),
    }
}
