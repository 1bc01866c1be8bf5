//! The six kinds of appeal that the Administrative Procedural Code (APPC) names.
//!
//! The kind decides which clock and which procedure apply: a complaint goes to a higher body
//! and a missed deadline counts as refusal, an application (statement) asks for a right to be
//! realised, a request asks for information, and so on. Codes are English, lowercase, and
//! stable; the official names in each language come from [`AppealKind::name`].

use serde::Deserialize;
use thiserror::Error;

use crate::code_enum::code_enum_impls;
use crate::language::Language;

/// The kind of an appeal, as the APPC classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub enum AppealKind {
    /// Application or statement (өтініш / заявление): asks for a right or interest to be
    /// realised, including applications for a public service.
    Application,
    /// Complaint (шағым / жалоба): says a right or interest was violated.
    Complaint,
    /// Proposal (ұсыныс / предложение): suggests how to improve laws or the work of a body.
    Proposal,
    /// Request (сұрау / запрос): asks for information.
    Request,
    /// Response (пікір / отклик): an opinion on a decision or a draft.
    Response,
    /// Message (хабарлама / сообщение): reports a fact, without asking for a decision.
    Message,
}

/// The input is not one of the six appeal kind codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("appeal kind must be one of application, complaint, proposal, request, response, message")]
pub struct AppealKindError;

impl AppealKind {
    /// All six kinds, in the order the APPC lists them.
    pub const ALL: [AppealKind; 6] = [
        AppealKind::Application,
        AppealKind::Complaint,
        AppealKind::Proposal,
        AppealKind::Request,
        AppealKind::Response,
        AppealKind::Message,
    ];

    /// Parses a kind code, ignoring case and surrounding whitespace.
    ///
    /// # Errors
    /// [`AppealKindError`] when the code is unknown.
    pub fn parse(input: &str) -> Result<Self, AppealKindError> {
        let wanted = input.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|k| k.code() == wanted)
            .ok_or(AppealKindError)
    }

    /// The stable code used in APIs and storage.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Application => "application",
            Self::Complaint => "complaint",
            Self::Proposal => "proposal",
            Self::Request => "request",
            Self::Response => "response",
            Self::Message => "message",
        }
    }

    /// The official name of the kind in `language`, lowercase as it appears mid-sentence.
    #[must_use]
    pub fn name(self, language: Language) -> &'static str {
        match (self, language) {
            (Self::Application, Language::Kk) => "өтініш",
            (Self::Application, Language::Ru) => "заявление",
            (Self::Application, Language::En) => "application",
            (Self::Complaint, Language::Kk) => "шағым",
            (Self::Complaint, Language::Ru) => "жалоба",
            (Self::Complaint, Language::En) => "complaint",
            (Self::Proposal, Language::Kk) => "ұсыныс",
            (Self::Proposal, Language::Ru) => "предложение",
            (Self::Proposal, Language::En) => "proposal",
            (Self::Request, Language::Kk) => "сұрау",
            (Self::Request, Language::Ru) => "запрос",
            (Self::Request, Language::En) => "request",
            (Self::Response, Language::Kk) => "пікір",
            (Self::Response, Language::Ru) => "отклик",
            (Self::Response, Language::En) => "response",
            (Self::Message, Language::Kk) => "хабарлама",
            (Self::Message, Language::Ru) => "сообщение",
            (Self::Message, Language::En) => "message",
        }
    }
}

code_enum_impls!(AppealKind, AppealKindError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_are_distinct() {
        for kind in AppealKind::ALL {
            assert_eq!(AppealKind::parse(kind.code()), Ok(kind));
            assert_eq!(AppealKind::parse(&kind.code().to_uppercase()), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.code()));
            assert_eq!(serde_json::from_str::<AppealKind>(&json).unwrap(), kind);
        }
        let mut codes: Vec<_> = AppealKind::ALL.iter().map(|k| k.code()).collect();
        codes.dedup();
        assert_eq!(codes.len(), 6);
    }

    #[test]
    fn rejects_unknown_codes() {
        for bad in ["", "appeal", "жалоба", "statement"] {
            assert_eq!(AppealKind::parse(bad), Err(AppealKindError), "{bad}");
        }
    }

    #[test]
    fn names_in_each_language() {
        assert_eq!(AppealKind::Application.name(Language::Kk), "өтініш");
        assert_eq!(AppealKind::Complaint.name(Language::Ru), "жалоба");
        assert_eq!(AppealKind::Response.name(Language::Kk), "пікір");
        assert_eq!(AppealKind::Message.name(Language::Ru), "сообщение");
        for kind in AppealKind::ALL {
            assert_eq!(kind.name(Language::En), kind.code());
            for lang in Language::ALL {
                assert!(!kind.name(lang).is_empty());
            }
        }
    }
}
