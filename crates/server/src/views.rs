//! What the API answers with: JSON views of domain values, with their OpenAPI schemas.
//!
//! Views carry no personal data. An appeal's applicant and text stay in the store until
//! officer roles and masking exist to show them to those allowed to see them.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sheshim_domain::Appeal;
use sheshim_store::AppealSummary;
use utoipa::ToSchema;

/// A registered appeal as the API shows it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AppealView {
    /// The registration number, e.g. `SH-2026-0000042`: the appeal's stable identifier.
    #[schema(example = "SH-2026-0000042")]
    pub registration_number: String,
    /// The APPC kind: application, complaint, proposal, request, response or message.
    pub kind: String,
    /// The kind's name in the appeal's language.
    pub kind_name: String,
    /// The language of the appeal and of its answer: kk, ru or en.
    pub language: String,
    /// How it arrived.
    pub channel: String,
    /// The agency it is addressed to.
    pub agency: Option<String>,
    /// When it was received (UTC).
    pub received_at: Option<DateTime<Utc>>,
    /// The working day it is registered on (Kazakhstan time).
    pub registered_on: NaiveDate,
    /// The legal deadline for the answer, a working day.
    pub deadline: NaiveDate,
    /// The case status.
    pub status: String,
    /// Length of the appeal's text, in characters.
    pub text_chars: Option<usize>,
}

impl From<&Appeal> for AppealView {
    fn from(appeal: &Appeal) -> AppealView {
        AppealView {
            registration_number: appeal.registration_number.to_string(),
            kind: appeal.kind.code().to_owned(),
            kind_name: appeal.kind.name(appeal.language).to_owned(),
            language: appeal.language.code().to_owned(),
            channel: appeal.channel.code().to_owned(),
            agency: appeal.agency.as_ref().map(|a| a.as_str().to_owned()),
            received_at: Some(appeal.received_at),
            registered_on: appeal.registered_on,
            deadline: appeal.deadline,
            status: appeal.status.code().to_owned(),
            text_chars: Some(appeal.text.char_count()),
        }
    }
}

impl From<&AppealSummary> for AppealView {
    fn from(summary: &AppealSummary) -> AppealView {
        AppealView {
            registration_number: summary.registration_number.to_string(),
            kind: summary.kind.code().to_owned(),
            kind_name: summary.kind.name(summary.language).to_owned(),
            language: summary.language.code().to_owned(),
            channel: summary.channel.code().to_owned(),
            agency: summary.agency.as_ref().map(|a| a.as_str().to_owned()),
            received_at: None,
            registered_on: summary.registered_on,
            deadline: summary.deadline,
            status: summary.status.code().to_owned(),
            text_chars: None,
        }
    }
}

/// One page of appeals, ordered by deadline.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AppealPageView {
    /// The appeals on this page.
    pub items: Vec<AppealView>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The body of `POST /v1/appeals` (documentation only: the handler parses the JSON itself
/// so that errors name fields without repeating values).
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct AppealRequest {
    /// What the citizen wrote: 1 to 20,000 characters.
    pub text: String,
    /// The APPC kind; if absent, `application` until classified.
    pub kind: Option<String>,
    /// kk, ru or en; if absent, guessed from the text's alphabet.
    pub language: Option<String>,
    /// web, egov, email, post, in_person or phone.
    pub channel: String,
    /// Who wrote it (APPC art. 63).
    pub applicant: ApplicantRequest,
    /// The addressed agency's code.
    pub agency: Option<String>,
}

/// The applicant part of an appeal request.
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct ApplicantRequest {
    /// The 12-digit IIN, checksum-validated.
    pub iin: String,
    /// Full name.
    pub name: String,
    /// Kazakhstan phone number.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// Postal address.
    pub address: Option<String>,
}

/// The answer of `GET /healthz`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok` when the database answers.
    pub status: String,
    /// sqlite or postgres.
    pub database: String,
}
