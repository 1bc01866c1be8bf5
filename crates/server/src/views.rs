//! What the API answers with: JSON views of domain values, with their OpenAPI schemas.
//!
//! Views carry no personal data. An appeal's applicant and text stay in the store until
//! masking exists to show them to those allowed to see them. An official reads an
//! [`AppealView`]; a citizen with the appeal's access code reads a [`CitizenAppealView`].

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

/// The answer to a registration: the appeal and, for a new one, the citizen's access code.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RegisteredAppealView {
    /// The registered appeal.
    #[serde(flatten)]
    pub appeal: AppealView,
    /// The citizen's access code to read the appeal's status and answer (header
    /// `Access-Code` of `GET /v1/appeals/{registration_number}`). Shown only in the answer
    /// that registered the appeal, never again: absent when an `Idempotency-Key` replays an
    /// earlier registration. Stored only as a keyed hash.
    #[schema(
        example = "7KQ4-M2XH-9PAD",
        pattern = "^[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$"
    )]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_code: Option<String>,
}

/// What a citizen with the access code reads of their appeal: its status and clocks, and
/// the answer once issued. No personal data: the citizen knows what they wrote.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct CitizenAppealView {
    /// The registration number.
    #[schema(example = "SH-2026-0000042")]
    pub registration_number: String,
    /// The APPC kind.
    pub kind: String,
    /// The kind's name in the appeal's language.
    pub kind_name: String,
    /// The language of the appeal and of its answer: kk, ru or en.
    pub language: String,
    /// The case status.
    pub status: String,
    /// The working day it was registered on (Kazakhstan time).
    pub registered_on: NaiveDate,
    /// The legal deadline for the answer, a working day.
    pub deadline: NaiveDate,
    /// The answer: `null` until it is issued, present once issued.
    #[schema(value_type = Option<Object>, required = true)]
    pub answer: Option<serde_json::Value>,
    /// When the case was forwarded to the competent agency: the number it was registered
    /// under there (follow it with the same access code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub forwarded_to: Option<String>,
}

impl From<&Appeal> for CitizenAppealView {
    fn from(appeal: &Appeal) -> CitizenAppealView {
        CitizenAppealView {
            registration_number: appeal.registration_number.to_string(),
            kind: appeal.kind.code().to_owned(),
            kind_name: appeal.kind.name(appeal.language).to_owned(),
            language: appeal.language.code().to_owned(),
            status: appeal.status.code().to_owned(),
            registered_on: appeal.registered_on,
            deadline: appeal.deadline,
            answer: None,
            forwarded_to: None,
        }
    }
}

/// `GET /v1/appeals/{registration_number}`: an official's view with a bearer token, a
/// citizen's with an access code. The two are told apart by their fields (`channel` only in
/// the official's, `answer` only in the citizen's).
#[derive(Debug, Serialize, ToSchema)]
#[serde(untagged)]
pub enum AppealReading {
    /// What an official of the appeal's agency (or an auditor) reads.
    Official(AppealView),
    /// What the citizen reads with the access code.
    Citizen(CitizenAppealView),
}

/// One page of appeals, ordered by deadline.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct AppealPageView {
    /// The appeals on this page.
    pub items: Vec<AppealView>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The body of `POST /v1/appeals`, as the OpenAPI document describes it and a Rust client may
/// build it. The handler does not deserialise it: it walks the JSON itself, so that errors
/// name fields without repeating values. A key given twice is refused.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppealRequest {
    /// What the citizen wrote: 1 to 20,000 characters with at least one visible character
    /// (a letter, digit, punctuation mark or symbol): not only spaces, zero-width, direction,
    /// combining, tag, variation-selector or private-use characters. The pattern approximates
    /// this; the server decides by Unicode general category and answers 422.
    #[schema(
        min_length = 1,
        max_length = 20000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u0300-\\u036F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u2800\\u3164\\uE000-\\uF8FF\\uFE00-\\uFE0F\\uFEFF\\uFFA0][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub text: String,
    /// The APPC kind; if absent, `application` until classified.
    pub kind: Option<KindCode>,
    /// The language; if absent, identified from the text (Kazakh in either script, Russian,
    /// English; Kazakh when the text has no letters).
    pub language: Option<LanguageCode>,
    /// How the appeal arrived: the channel of the client key that submits it, which the
    /// server records whatever the body says. It may be left out; if given, it must be the
    /// key's channel (another one is a 422).
    pub channel: Option<ChannelCode>,
    /// Who wrote it (APPC art. 63).
    pub applicant: ApplicantRequest,
    /// The addressed agency's code: a letter, then letters, digits and hyphens, 2 to 32
    /// in all (surrounding spaces are ignored, letters are upper-cased).
    #[schema(pattern = "^\\s*[A-Za-z][A-Za-z0-9-]{1,31}\\s*$")]
    pub agency: Option<String>,
    /// The service applied for (a code of the catalogue, `GET /v1/services`); absent for an
    /// appeal that is not a service application.
    #[schema(pattern = "^\\s*[a-z][a-z0-9_-]{1,63}\\s*$")]
    pub service: Option<String>,
    /// What the applicant states, by the service's claim names and types (e.g.
    /// `{"birth_order": 2}`); compared with the registries.
    #[schema(value_type = Option<Object>)]
    pub claims: Option<serde_json::Value>,
}

/// The applicant part of an appeal request.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApplicantRequest {
    /// The 12-digit IIN: birth date YYMMDD, a century-and-sex digit 1–6, four serial digits
    /// and a check digit. The birth date and the check digit are verified, which a schema
    /// cannot express: such an IIN is refused with 422.
    #[schema(pattern = "^\\s*[0-9]{6}[1-6][0-9]{5}\\s*$", example = "850115310009")]
    pub iin: String,
    /// Full name, 1 to 200 characters with at least one visible character (as for `text`)
    /// and no direction override or isolate (U+202A–U+202E, U+2066–U+2069).
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u0300-\\u036F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u2800\\u3164\\uE000-\\uF8FF\\uFE00-\\uFE0F\\uFEFF\\uFFA0][^\\u0000-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]*$"
    )]
    pub name: String,
    /// A Kazakhstan phone number: +7, 8 or 7 followed by ten digits starting with 7;
    /// spaces, dashes, dots and parentheses may separate the digits.
    #[schema(
        example = "+7 701 000 00 01",
        pattern = "^ *(\\+[ ().-]*7|[78])[ ().-]*7([ ().-]*[0-9]){9}[ ().-]*$"
    )]
    pub phone: Option<String>,
    /// E-mail address.
    #[schema(
        max_length = 254,
        example = "citizen@example.org",
        pattern = "^[A-Za-z0-9_%+-]{1,32}(\\.[A-Za-z0-9_%+-]{1,15}){0,2}@([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$"
    )]
    pub email: Option<String>,
    /// Postal address, 1 to 500 characters on one line, with at least one visible character
    /// (as for `text`).
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F\\u00AD\\u0300-\\u036F\\u061C\\u115F\\u1160\\u17B4\\u17B5\\u180B-\\u180F\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u206F\\u2800\\u3164\\uE000-\\uF8FF\\uFE00-\\uFE0F\\uFEFF\\uFFA0][^\\u0000-\\u001F\\u007F-\\u009F]*$"
    )]
    pub address: Option<String>,
}

/// The six kinds of appeal the APPC names.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KindCode {
    /// Application or statement (өтініш, заявление).
    Application,
    /// Complaint (шағым, жалоба).
    Complaint,
    /// Proposal (ұсыныс, предложение).
    Proposal,
    /// Request (сұрау, запрос).
    Request,
    /// Response (пікір, отклик).
    Response,
    /// Message (хабарлама, сообщение).
    Message,
}

/// The languages Sheshim answers in.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LanguageCode {
    /// Kazakh.
    Kk,
    /// Russian.
    Ru,
    /// English.
    En,
}

/// How an appeal arrives.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelCode {
    /// The agency's web form.
    Web,
    /// The eGov portal.
    Egov,
    /// E-mail.
    Email,
    /// Post.
    Post,
    /// At a reception desk.
    InPerson,
    /// Telephone.
    Phone,
}

/// The answer of `GET /healthz`.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok` when the database answers and can be written.
    pub status: String,
    /// sqlite or postgres.
    pub database: String,
    /// Whether the database can take a write now (always true in a 200 answer).
    pub writable: bool,
}

/// The body of `GET /livez`.
#[derive(Debug, Serialize, ToSchema)]
pub struct Liveness {
    /// `alive`.
    pub status: String,
}

/// The body of `POST /v1/triage`, as documented and as a Rust client may build it (the
/// handler walks the JSON itself).
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TriageRequest {
    /// The appeal's text: 1 to 20,000 characters with at least one Latin or Cyrillic
    /// letter (the scripts of Kazakh, Russian and English) and no control characters but
    /// tab and line breaks.
    #[schema(
        min_length = 1,
        max_length = 20000,
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[A-Za-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u024F\\u0400-\\u0481\\u048A-\\u052F\\u1E00-\\u1EFF][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub text: String,
    /// The day it was received (default: today in Kazakhstan); it decides the heating season.
    pub received_on: Option<NaiveDate>,
}

/// A value with the confidence of whoever gave it, 0 to 1.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Scored {
    /// The value.
    pub value: String,
    /// How sure: a calibrated probability for classifiers, a heuristic for rules.
    pub confidence: f64,
}

impl From<&sheshim_triage::Label> for Scored {
    fn from(label: &sheshim_triage::Label) -> Scored {
        Scored {
            value: label.value.clone(),
            confidence: label.confidence,
        }
    }
}

/// Shares of Kazakh and Russian in a text that mixes them.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct MixView {
    /// Share of Kazakh, 0 to 1.
    pub kk: f64,
    /// Share of Russian, 0 to 1.
    pub ru: f64,
}

/// The language of a triaged text.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct LanguageView {
    /// kk, ru or en.
    pub value: String,
    /// How sure, 0 to 1.
    pub confidence: f64,
    /// Present when the text mixes Kazakh and Russian.
    pub mix: Option<MixView>,
}

/// Personal data found: its kind and where, never its value.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct FindingView {
    /// IIN, BIN, PHONE, EMAIL, IBAN, CARD, ID_DOC, PLATE, ADDRESS, NAME or HEALTH.
    pub kind: String,
    /// Byte offset of the start in the submitted text (UTF-8).
    pub start: usize,
    /// Byte offset just past the end.
    pub end: usize,
    /// How sure, 0 to 1.
    pub confidence: f64,
}

/// Urgency: the more urgent of the rules' verdict and the model's grading.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct UrgencyView {
    /// immediate, high, normal or low.
    pub value: String,
    /// How sure, 0 to 1.
    pub confidence: f64,
    /// The rules that fired, e.g. threat_to_life.
    pub rules: Vec<String>,
    /// The urgency model's own grading, when the server has a model.
    pub model: Option<Scored>,
}

/// What triage found in one appeal. Advisory: officers confirm or correct it.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TriageView {
    /// The language.
    pub language: LanguageView,
    /// The script: cyrillic or latin.
    pub script: Scored,
    /// For Kazakh written in Latin letters, which spelling (`latin-2021`, `latin-2018` or
    /// `latin-informal`): the text was read in Cyrillic, the one form every stage reads.
    pub spelling: Option<String>,
    /// The text with each finding replaced by a typed placeholder such as `[IIN]`.
    pub masked_text: String,
    /// Personal data found.
    pub findings: Vec<FindingView>,
    /// The APPC kind the classifier suggests.
    pub kind: Scored,
    /// The topic it suggests.
    pub topic: Scored,
    /// The competent agency it suggests.
    pub agency: Scored,
    /// How soon a person must look at it.
    pub urgency: UrgencyView,
}

impl From<&sheshim_triage::Triaged> for TriageView {
    fn from(triaged: &sheshim_triage::Triaged) -> TriageView {
        TriageView {
            language: LanguageView {
                value: triaged.language.code().to_owned(),
                confidence: triaged.language_confidence,
                mix: triaged.mix.map(|(kk, ru)| MixView { kk, ru }),
            },
            script: Scored {
                value: triaged.script.code().to_owned(),
                confidence: triaged.language_confidence,
            },
            spelling: triaged
                .kazakh_latin
                .map(|spelling| spelling.name().to_owned()),
            masked_text: triaged.masked_text.clone(),
            findings: triaged
                .findings
                .iter()
                .map(|f| FindingView {
                    kind: f.kind.label().to_owned(),
                    start: f.start,
                    end: f.end,
                    confidence: f.confidence,
                })
                .collect(),
            kind: Scored::from(&triaged.kind),
            topic: Scored::from(&triaged.topic),
            agency: Scored::from(&triaged.agency),
            urgency: UrgencyView {
                value: triaged.urgency.code().to_owned(),
                confidence: triaged.urgency_confidence,
                rules: triaged
                    .urgency_rules
                    .iter()
                    .map(|r| r.code().to_owned())
                    .collect(),
                model: triaged.urgency_model.map(|(level, p)| Scored {
                    value: level.code().to_owned(),
                    confidence: p,
                }),
            },
        }
    }
}
