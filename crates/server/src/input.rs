//! Turning a raw request body into the engine's [`Submission`], once, at the edge.
//!
//! The body is read as a JSON value and walked field by field rather than deserialised into
//! a struct, so that every error names its field by path (`applicant.iin`) and none repeats
//! the submitted value: serde's own messages may quote it, and it may be personal data.

use crate::error::{ApiError, FieldError};
use chrono::NaiveDate;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use sheshim_domain::{
    AgencyCode, AppealKind, AppealText, Applicant, Channel, Email, Iin, Language, PersonName,
    Phone, PostalAddress,
};
use sheshim_engine::Submission;

/// A request body, checked for encoding and syntax, with its fingerprint.
pub(crate) struct JsonBody {
    pub value: Value,
    /// SHA-256 (hex) of the body's canonical JSON: equal for equal requests whatever their
    /// key order and whitespace, so a retry is recognised.
    pub fingerprint: String,
}

/// Reads bytes as a UTF-8 JSON document.
pub(crate) fn json_body(bytes: &[u8]) -> Result<JsonBody, ApiError> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        ApiError::BadRequest(format!(
            "the body is not valid UTF-8 (first bad byte at offset {})",
            error.valid_up_to()
        ))
    })?;
    if text.trim().is_empty() {
        return Err(ApiError::BadRequest(
            "the body is empty; send a JSON object".to_owned(),
        ));
    }
    // serde_json's syntax errors name a line and column and a category, never the content.
    let value: Value = serde_json::from_str(text)
        .map_err(|error| ApiError::BadRequest(format!("the body is not valid JSON: {error}")))?;
    let fingerprint = hex::encode(Sha256::digest(
        sheshim_audit::canonical_json(&value).as_bytes(),
    ));
    Ok(JsonBody { value, fingerprint })
}

/// Collects field errors while a body is walked, so the client learns all of them at once.
struct Fields<'a> {
    object: &'a Map<String, Value>,
    prefix: &'static str,
    errors: &'a mut Vec<FieldError>,
}

/// The body as a JSON object, or a 400 when it is another JSON value.
fn json_object(body: &Value) -> Result<&Map<String, Value>, ApiError> {
    body.as_object()
        .ok_or_else(|| ApiError::BadRequest("the body must be a JSON object".to_owned()))
}

impl<'a> Fields<'a> {
    /// The fields of a request body, with an error already recorded for each unknown one.
    fn top_level(
        object: &'a Map<String, Value>,
        known: &[&str],
        errors: &'a mut Vec<FieldError>,
    ) -> Fields<'a> {
        let mut fields = Fields {
            object,
            prefix: "",
            errors,
        };
        fields.reject_unknown(known);
        fields
    }

    fn path(&self, name: &str) -> String {
        format!("{}{}", self.prefix, name)
    }

    fn error(&mut self, name: &str, message: impl Into<String>) {
        let field = self.path(name);
        self.errors.push(FieldError {
            field,
            message: message.into(),
        });
    }

    /// A string field; `None` when absent or null, with an error recorded if required.
    fn string(&mut self, name: &str, required: bool) -> Option<&'a str> {
        match self.object.get(name) {
            None | Some(Value::Null) => {
                if required {
                    self.error(name, "is required");
                }
                None
            }
            Some(Value::String(text)) => Some(text.as_str()),
            Some(_) => {
                self.error(name, "must be a string");
                None
            }
        }
    }

    /// A string field parsed by a domain constructor whose error message is safe to show.
    fn parsed<T, E: std::fmt::Display>(
        &mut self,
        name: &str,
        required: bool,
        parse: impl FnOnce(&str) -> Result<T, E>,
    ) -> Option<T> {
        let text = self.string(name, required)?;
        match parse(text) {
            Ok(value) => Some(value),
            Err(error) => {
                self.error(name, error.to_string());
                None
            }
        }
    }

    /// Records an error for every field not in `known`: a misspelt optional field would
    /// otherwise be silently dropped.
    fn reject_unknown(&mut self, known: &[&str]) {
        let unknown: Vec<String> = self
            .object
            .keys()
            .filter(|key| !known.contains(&key.as_str()))
            .cloned()
            .collect();
        for key in unknown {
            // The key is the client's own field name, not a value; cap it so a huge key cannot flood the answer.
            let shown: String = key.chars().take(64).collect();
            self.error(&shown, "is not a field of this request");
        }
    }
}

const APPEAL_FIELDS: &[&str] = &["text", "kind", "language", "channel", "applicant", "agency"];
const APPLICANT_FIELDS: &[&str] = &["iin", "name", "phone", "email", "address"];

/// Parses `POST /v1/appeals`'s body into a submission (without idempotency key and actor).
pub(crate) fn appeal_submission(body: &Value, actor: String) -> Result<Submission, ApiError> {
    let object = json_object(body)?;
    let mut errors = Vec::new();
    let mut fields = Fields::top_level(object, APPEAL_FIELDS, &mut errors);
    let text = fields.parsed("text", true, AppealText::parse);
    let kind = fields.parsed("kind", false, |code| {
        AppealKind::parse(code).map_err(
            |_| "must be one of application, complaint, proposal, request, response, message",
        )
    });
    let language = fields.parsed("language", false, |code| {
        Language::parse(code).map_err(|_| "must be one of kk, ru, en")
    });
    let channel = fields.parsed("channel", true, |code| {
        Channel::parse(code).map_err(|_| "must be one of web, egov, email, post, in_person, phone")
    });
    let agency = fields.parsed("agency", false, AgencyCode::parse);
    let applicant = match object.get("applicant") {
        Some(Value::Object(applicant)) => {
            let mut fields = Fields {
                object: applicant,
                prefix: "applicant.",
                errors: &mut errors,
            };
            fields.reject_unknown(APPLICANT_FIELDS);
            let iin = fields.parsed("iin", true, Iin::parse);
            let name = fields.parsed("name", true, PersonName::parse);
            let phone = fields.parsed("phone", false, Phone::parse);
            let email = fields.parsed("email", false, Email::parse);
            let address = fields.parsed("address", false, PostalAddress::parse);
            match (iin, name) {
                (Some(iin), Some(name)) => Some(Applicant {
                    iin,
                    name,
                    phone,
                    email,
                    address,
                }),
                _ => None,
            }
        }
        None | Some(Value::Null) => {
            errors.push(FieldError {
                field: "applicant".to_owned(),
                message: "is required".to_owned(),
            });
            None
        }
        Some(_) => {
            errors.push(FieldError {
                field: "applicant".to_owned(),
                message: "must be an object".to_owned(),
            });
            None
        }
    };
    match (text, channel, applicant) {
        (Some(text), Some(channel), Some(applicant)) if errors.is_empty() => Ok(Submission {
            kind,
            language,
            channel,
            text,
            applicant,
            agency,
            idempotency: None,
            actor,
        }),
        _ => Err(ApiError::Invalid(errors)),
    }
}

const TRIAGE_FIELDS: &[&str] = &["text", "received_on"];

/// A parsed `POST /v1/triage` body.
pub(crate) struct TriageInput {
    pub text: AppealText,
    pub received_on: Option<NaiveDate>,
}

/// Parses `POST /v1/triage`'s body.
pub(crate) fn triage_input(body: &Value) -> Result<TriageInput, ApiError> {
    let object = json_object(body)?;
    let mut errors = Vec::new();
    let mut fields = Fields::top_level(object, TRIAGE_FIELDS, &mut errors);
    let text = fields.parsed("text", true, AppealText::parse);
    let received_on = fields.parsed("received_on", false, |date| {
        NaiveDate::parse_from_str(date, "%Y-%m-%d")
            .map_err(|_| "must be a calendar date written YYYY-MM-DD")
    });
    match text {
        Some(text) if errors.is_empty() => Ok(TriageInput { text, received_on }),
        _ => Err(ApiError::Invalid(errors)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn field_names(result: Result<Submission, ApiError>) -> Vec<String> {
        match result {
            Err(ApiError::Invalid(errors)) => errors.into_iter().map(|e| e.field).collect(),
            other => panic!("expected a validation error, got {:?}", other.map(|_| ())),
        }
    }

    #[test]
    fn every_invalid_field_is_named_by_its_path() {
        let body = json!({
            "text": "   ",
            "channel": "fax",
            "kind": 3,
            "applicant": {"iin": "123456789012", "nickname": "x"},
            "colour": "red"
        });
        let mut names = field_names(appeal_submission(&body, "test".into()));
        names.sort();
        assert_eq!(
            names,
            [
                "applicant.iin",
                "applicant.name",
                "applicant.nickname",
                "channel",
                "colour",
                "kind",
                "text"
            ]
        );
    }

    #[test]
    fn errors_do_not_repeat_the_submitted_values() {
        let body = json!({
            "text": "x", "channel": "web",
            "applicant": {"iin": "880101300999", "name": "", "email": "not-an-address"}
        });
        let Err(ApiError::Invalid(errors)) = appeal_submission(&body, "test".into()) else {
            panic!("expected a validation error");
        };
        let shown = serde_json::to_string(&errors).unwrap();
        assert!(!shown.contains("880101300999"));
        assert!(!shown.contains("not-an-address"));
    }

    #[test]
    fn bodies_that_are_not_json_objects_are_malformed() {
        assert!(matches!(
            json_body(b"{\"a\": "),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(
            json_body(b"\xff\xfe{}"),
            Err(ApiError::BadRequest(_))
        ));
        assert!(matches!(json_body(b"  "), Err(ApiError::BadRequest(_))));
        let array = json_body(b"[1]").unwrap();
        assert!(matches!(
            appeal_submission(&array.value, "t".into()),
            Err(ApiError::BadRequest(_))
        ));
    }

    #[test]
    fn equal_requests_have_equal_fingerprints() {
        let a = json_body(br#"{"b": 1, "a": "x"}"#).unwrap();
        let b = json_body(br#"{"a":"x","b":1}"#).unwrap();
        let c = json_body(br#"{"a":"y","b":1}"#).unwrap();
        assert_eq!(a.fingerprint, b.fingerprint);
        assert_ne!(a.fingerprint, c.fingerprint);
    }
}
