//! Proactive offers (egov's proactive services): [`write_offers`] stores an offer for each
//! person a proactive run found eligible, each with its own access code (sent to the person,
//! e.g. by SMS); [`Flow::accept_offer`] turns an accepted offer into an application
//! registered through the intake like any other, which the pipeline then decides;
//! [`Flow::decline_offer`] records a refusal. Nothing is deleted: declined and expired
//! offers are kept.
//!
//! Accepting is two steps, each durable and audited: the offer is marked accepted (which
//! only one request can do), then the application is registered under the idempotency key
//! `offer:<id>` and its number recorded on the offer. A request that fails between the two
//! leaves an accepted offer without an application, which the next accept with the code
//! completes — registering the application once, whatever happens.

use crate::flow::Flow;
use crate::intake::{IntakeError, Registered, Submission};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use sha2::{Digest, Sha256};
use sheshim_crypto::AccessCode;
use sheshim_domain::{
    Appeal, AppealKind, AppealText, Applicant, Channel, Email, Iin, Language, PersonName, Phone,
    ServiceCode,
};
use sheshim_store::{
    IdempotencyClaim, NewOffer, OfferChange, OfferContent, OfferId, OfferStatus, Store, StoreError,
    StoredOffer,
};
use thiserror::Error;

/// Who accepts offers, in the audit log and as the application's submitter.
pub const OFFER_ACTOR: &str = "citizen:offer";

/// An offer to make, from a proactive run.
#[derive(Debug, Clone)]
pub struct OfferDraft {
    /// The service offered.
    pub service: ServiceCode,
    /// The person.
    pub iin: Iin,
    /// The registry facts the person was found eligible on, by decision input.
    pub facts: serde_json::Value,
    /// The claims the application will state, by claim key.
    pub claims: serde_json::Value,
    /// The amount found, in tiyn, if the service pays one.
    pub amount_tiyn: Option<i64>,
    /// The date the person was found eligible as of.
    pub as_of: NaiveDate,
}

/// A new offer and its access code, shown once to be sent to the person.
#[derive(Debug)]
pub struct MadeOffer {
    /// The offer's id.
    pub id: OfferId,
    /// Its access code.
    pub code: AccessCode,
}

/// Why an offer could not be made, accepted or declined. Nothing here names a person.
#[derive(Debug, Error)]
pub enum OfferError {
    /// No offer has this id and access code.
    #[error("no offer has this id and access code")]
    NotFound,
    /// The offer is no longer open.
    #[error("the offer is {}", .0.code())]
    NotOpen(OfferStatus),
    /// The offer's service is not in the catalogue (any more).
    #[error("the offer's service is not in the catalogue")]
    UnknownService,
    /// No random id or code could be drawn.
    #[error("no random offer id or access code could be drawn")]
    Random,
    /// The application could not be registered.
    #[error(transparent)]
    Intake(#[from] IntakeError),
    /// The store failed.
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Stores an offer for each draft, valid `valid_for` from `now`, one per service, person and
/// `period`; returns, in the order of the drafts, the new offers with their codes (`None`
/// for a person who already had one).
pub async fn write_offers(
    store: &dyn Store,
    drafts: Vec<OfferDraft>,
    period: &str,
    valid_for: Duration,
    actor: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Option<MadeOffer>>, OfferError> {
    let mut offers = Vec::with_capacity(drafts.len());
    let mut made = Vec::with_capacity(drafts.len());
    for draft in drafts {
        let mut bytes = [0u8; 16];
        getrandom::fill(&mut bytes).map_err(|_| OfferError::Random)?;
        let id = OfferId::from_random(bytes);
        let code = AccessCode::generate().map_err(|_| OfferError::Random)?;
        offers.push(NewOffer {
            id: id.clone(),
            service: draft.service,
            period: period.to_owned(),
            content: OfferContent {
                iin: draft.iin,
                facts: draft.facts,
                claims: draft.claims,
                amount_tiyn: draft.amount_tiyn,
                as_of: draft.as_of,
            },
            access_code_hash: store.keyring().access_code_hash(&code),
            expires_at: now + valid_for,
        });
        made.push(MadeOffer { id, code });
    }
    let written = store.put_offers(offers, actor, now).await?;
    Ok(made
        .into_iter()
        .zip(written.created)
        .map(|(offer, created)| created.then_some(offer))
        .collect())
}

/// Who accepts an offer, as the channel that authenticated them states it.
#[derive(Debug, Clone)]
pub struct Acceptance {
    /// The person's full name, for the application.
    pub name: PersonName,
    /// The language the application is answered in.
    pub language: Language,
    /// A phone number, if given.
    pub phone: Option<Phone>,
    /// An e-mail address, if given.
    pub email: Option<Email>,
}

/// An accepted offer's application.
#[derive(Debug, Clone)]
pub struct Accepted {
    /// The application.
    pub appeal: Appeal,
    /// Its access code, shown once; `None` when an earlier request registered it (the code
    /// was shown to that request).
    pub access_code: Option<AccessCode>,
}

impl Flow {
    /// The offer with this id if `code` opens it; an unknown id and a wrong code are alike.
    async fn open_offer(&self, id: &OfferId, code: &AccessCode) -> Result<StoredOffer, OfferError> {
        let offer = self.store.offer(id).await?.ok_or(OfferError::NotFound)?;
        if !self
            .store
            .keyring()
            .access_code_matches(code, &offer.access_code_hash)
        {
            return Err(OfferError::NotFound);
        }
        Ok(offer)
    }

    /// Moves an open offer on with `change`, or says why it is not open (marking an offer
    /// past its time as expired).
    async fn settle(&self, offer: &StoredOffer, change: OfferChange) -> Result<(), OfferError> {
        let now = self.clock.now();
        if offer.status != OfferStatus::Offered {
            return Err(OfferError::NotOpen(offer.status));
        }
        if offer.expires_at <= now {
            self.store
                .change_offer(&offer.id, &OfferChange::Expire, OFFER_ACTOR, now)
                .await?;
            return Err(OfferError::NotOpen(OfferStatus::Expired));
        }
        if self
            .store
            .change_offer(&offer.id, &change, OFFER_ACTOR, now)
            .await?
        {
            return Ok(());
        }
        // Changed by another request meanwhile.
        let status = self
            .store
            .offer(&offer.id)
            .await?
            .map_or(OfferStatus::Expired, |o| o.status);
        Err(OfferError::NotOpen(status))
    }

    /// Declines an open offer.
    pub async fn decline_offer(&self, id: &OfferId, code: &AccessCode) -> Result<(), OfferError> {
        let offer = self.open_offer(id, code).await?;
        self.settle(&offer, OfferChange::Decline).await
    }

    /// Accepts an open offer: registers the application with the offer's service and
    /// claims, received by e-government from the person, and returns it with its access
    /// code. The pipeline decides it like any other.
    pub async fn accept_offer(
        &self,
        id: &OfferId,
        code: &AccessCode,
        acceptance: Acceptance,
    ) -> Result<Accepted, OfferError> {
        let offer = self.open_offer(id, code).await?;
        let service = self
            .catalogue
            .get(&offer.service)
            .cloned()
            .ok_or(OfferError::UnknownService)?;
        // An accepted offer without its application is one a failed request left: finish it.
        let unfinished =
            offer.status == OfferStatus::Accepted && offer.registration_number.is_none();
        if !unfinished {
            self.settle(&offer, OfferChange::Accept).await?;
        }
        let name = service.name(acceptance.language);
        let text = match acceptance.language {
            Language::Kk => format!("Проактивті қызмет ұсынысына келісемін: {name}."),
            Language::Ru => format!("Согласен(на) с предложением проактивной услуги: {name}."),
            Language::En => format!("I accept the proactive offer of the service: {name}."),
        };
        let text = AppealText::parse(&text).map_err(|_| OfferError::UnknownService)?;
        let access_code = AccessCode::generate().map_err(|_| OfferError::Random)?;
        let key = format!("offer:{}", id.as_str());
        let submission = Submission {
            kind: Some(AppealKind::Application),
            language: Some(acceptance.language),
            channel: Channel::Egov,
            text,
            applicant: Applicant {
                iin: offer.content.iin.clone(),
                name: acceptance.name,
                phone: acceptance.phone,
                email: acceptance.email,
                address: None,
            },
            agency: service.agency().cloned(),
            idempotency: Some(IdempotencyClaim {
                request_sha256: hex::encode(Sha256::digest(key.as_bytes())),
                key,
            }),
            actor: OFFER_ACTOR.to_owned(),
            service: Some(offer.service.clone()),
            claims: Some(offer.content.claims.clone()),
            case_record: None,
            term_working_days: Some(service.definition().term_working_days),
            access_code_hash: Some(self.store.keyring().access_code_hash(&access_code)),
        };
        // The key is the offer's own: only a client that reused it for another request can
        // have taken it, and then the offer is as good as accepted elsewhere.
        let registered = self
            .intake
            .register(submission)
            .await
            .map_err(|error| match error {
                IntakeError::IdempotencyKeyReused => OfferError::NotOpen(OfferStatus::Accepted),
                other => OfferError::Intake(other),
            })?;
        let appeal = registered.appeal().clone();
        self.store
            .change_offer(
                id,
                &OfferChange::Registered(appeal.registration_number.clone()),
                OFFER_ACTOR,
                self.clock.now(),
            )
            .await?;
        Ok(Accepted {
            appeal,
            access_code: matches!(registered, Registered::Created(_)).then_some(access_code),
        })
    }
}
