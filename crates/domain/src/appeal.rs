//! A registered appeal: everything known about it at registration, plus its current status.
//!
//! The fields are public because an `Appeal` is assembled by the engine from values that are
//! each already checked (every field is a parsed type), so there is no cross-field invariant
//! this type could enforce better than the engine that computes the deadline from the
//! working-day calendar.
//!
//! The appeal holds personal data (the applicant and the text), so it has no `Serialize` and
//! its `Debug` shows only the fields that are safe to log.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use crate::applicant::Applicant;
use crate::channel::Channel;
use crate::codes::AgencyCode;
use crate::kind::AppealKind;
use crate::language::Language;
use crate::registration::RegistrationNumber;
use crate::status::CaseStatus;
use crate::text::AppealText;

/// A citizen's appeal as registered.
#[derive(Clone, PartialEq, Eq)]
pub struct Appeal {
    /// The number given at registration.
    pub registration_number: RegistrationNumber,
    /// The APPC kind of the appeal.
    pub kind: AppealKind,
    /// The language it is written in, and so the language of the answer.
    pub language: Language,
    /// How it was received.
    pub channel: Channel,
    /// What the applicant wrote.
    pub text: AppealText,
    /// Who filed it.
    pub applicant: Applicant,
    /// The agency that must answer, once known.
    pub agency: Option<AgencyCode>,
    /// The moment it was received, whatever the day.
    pub received_at: DateTime<Utc>,
    /// The day it was registered: the receipt day, or the next working day if that was not one.
    pub registered_on: NaiveDate,
    /// The last day for the answer, counted from `registered_on`.
    pub deadline: NaiveDate,
    /// Where the case stands now.
    pub status: CaseStatus,
}

impl fmt::Debug for Appeal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Destructuring makes adding a field a compile error here, so every new field gets a
        // deliberate choice between showing it and redacting it.
        let Self {
            registration_number,
            kind,
            language,
            channel,
            text,
            applicant,
            agency,
            received_at,
            registered_on,
            deadline,
            status,
        } = self;
        f.debug_struct("Appeal")
            .field("registration_number", registration_number)
            .field("kind", kind)
            .field("language", language)
            .field("channel", channel)
            .field("text", text)
            .field("applicant", applicant)
            .field("agency", agency)
            .field("received_at", received_at)
            .field("registered_on", registered_on)
            .field("deadline", deadline)
            .field("status", status)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::applicant::{Email, PersonName};
    use crate::iin::{Iin, check_digit};

    fn iin() -> Iin {
        let mut prefix = [9, 5, 1, 1, 2, 0, 4, 5, 5, 5, 0];
        let check = (0..10u8)
            .find_map(|last| {
                prefix[10] = last;
                check_digit(&prefix)
            })
            .unwrap();
        let text: String = prefix
            .iter()
            .chain([&check])
            .map(|d| char::from(b'0' + d))
            .collect();
        Iin::parse(&text).unwrap()
    }

    #[test]
    fn debug_shows_case_facts_but_no_personal_data() {
        let iin = iin();
        let appeal = Appeal {
            registration_number: RegistrationNumber::new(2026, 15).unwrap(),
            kind: AppealKind::Complaint,
            language: Language::Kk,
            channel: Channel::Egov,
            text: AppealText::parse("Жолдағы шұңқырды жөндеуді сұраймын").unwrap(),
            applicant: Applicant {
                iin: iin.clone(),
                name: PersonName::parse("Ержан Қасымов").unwrap(),
                phone: None,
                email: Some(Email::parse("erzhan@mail.kz").unwrap()),
                address: None,
            },
            agency: Some(AgencyCode::parse("akimat-ast").unwrap()),
            received_at: DateTime::from_timestamp(1_767_600_000, 0).unwrap(),
            registered_on: NaiveDate::from_ymd_opt(2026, 1, 5).unwrap(),
            deadline: NaiveDate::from_ymd_opt(2026, 1, 26).unwrap(),
            status: CaseStatus::Registered,
        };
        let debug = format!("{appeal:?}");
        assert!(debug.contains("SH-2026-0000015"), "{debug}");
        assert!(debug.contains("Complaint"), "{debug}");
        assert!(debug.contains("AKIMAT-AST"), "{debug}");
        for secret in [iin.expose(), "Ержан", "erzhan", "шұңқыр"] {
            assert!(!debug.contains(secret), "{debug}");
        }
    }
}
