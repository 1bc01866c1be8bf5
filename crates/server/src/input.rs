//! Turning a raw request body into the engine's [`Submission`], once, at the edge.
//!
//! The body is read as a JSON value and walked field by field rather than deserialised into
//! a struct, so that every error names its field by path (`applicant.iin`) and none repeats
//! the submitted value: serde's own messages may quote it, and it may be personal data.
//! Nor does an error repeat a key the client chose: an unknown field is reported by count, in
//! the object it appeared in, and a repeated key by the path of known field names leading to
//! it, so that no error body grows with what the client sent.

use crate::error::{ApiError, FieldError};
use crate::json::{JsonError, parse_unique_keys};
use chrono::NaiveDate;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use sheshim_domain::{
    AgencyCode, AppealKind, AppealText, Applicant, Channel, Email, Iin, Language, PersonName,
    Phone, PostalAddress, ServiceCode,
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
    let value = parse_unique_keys(text).map_err(|error| match error {
        // serde_json's syntax errors name a line and column and a category, never the content.
        JsonError::Syntax(error) => {
            ApiError::BadRequest(format!("the body is not valid JSON: {error}"))
        }
        JsonError::DuplicateKey(path) => duplicate_key_error(&path),
    })?;
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
        fields.reject_unknown(known, BODY);
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

    /// Records one error for the fields not in `known`, if there are any: a misspelt optional
    /// field would otherwise be silently dropped. The error names the object and counts the
    /// unknown keys without repeating them, and lists the fields the object does have.
    fn reject_unknown(&mut self, known: &[&str], object_name: &str) {
        let unknown = self
            .object
            .keys()
            .filter(|key| !known.contains(&key.as_str()))
            .count();
        if unknown == 0 {
            return;
        }
        let counted = if unknown == 1 {
            "a field".to_owned()
        } else {
            format!("{unknown} fields")
        };
        self.errors.push(FieldError {
            field: object_name.to_owned(),
            message: format!(
                "has {counted} this request does not define; its fields are {}",
                known.join(", ")
            ),
        });
    }
}

/// How the request body as a whole is named in field errors, e.g. when it holds an unknown key.
pub(crate) const BODY: &str = "body";

/// Every field name the request bodies define: only these are ever repeated in an error.
fn is_known_field(name: &str) -> bool {
    [APPEAL_FIELDS, APPLICANT_FIELDS, TRIAGE_FIELDS]
        .iter()
        .any(|fields| fields.contains(&name))
}

/// The 422 for a key given twice. The field is the path of the repeated key when every key on
/// it is one the API defines; otherwise the path up to the first key it does not define
/// (whose name is the client's and is not repeated).
fn duplicate_key_error(path: &[String]) -> ApiError {
    let known = path
        .iter()
        .take_while(|segment| is_known_field(segment))
        .map(String::as_str)
        .collect::<Vec<_>>();
    if known.len() == path.len() {
        ApiError::field(
            &known.join("."),
            "is given more than once; give each field once",
        )
    } else {
        let inside = if known.is_empty() {
            BODY.to_owned()
        } else {
            known.join(".")
        };
        ApiError::field(
            &inside,
            "contains a key given more than once in one object; give each key once",
        )
    }
}

const APPEAL_FIELDS: &[&str] = &[
    "text",
    "kind",
    "language",
    "channel",
    "applicant",
    "agency",
    "service",
    "claims",
];
const APPLICANT_FIELDS: &[&str] = &["iin", "name", "phone", "email", "address"];

/// Parses `POST /v1/appeals`'s body into a submission (without idempotency key and actor).
pub(crate) fn appeal_submission(
    body: &Value,
    actor: String,
    client_channel: Channel,
) -> Result<Submission, ApiError> {
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
    // The channel is the client key's: a body may repeat it, but not name another one.
    let stated = fields.parsed("channel", false, |code| {
        Channel::parse(code).map_err(|_| "must be one of web, egov, email, post, in_person, phone")
    });
    let channel = match stated {
        Some(stated) if stated != client_channel => {
            fields.errors.push(FieldError {
                field: "channel".to_owned(),
                message: format!(
                    "must be the client key's channel, {client_channel}, or be left out"
                ),
            });
            None
        }
        _ => Some(client_channel),
    };
    let agency = fields.parsed("agency", false, AgencyCode::parse);
    let service = fields.parsed("service", false, ServiceCode::parse);
    // The claims are typed by the service's inputs, which the handler checks against the
    // catalogue; here they only have to be an object.
    let claims = match object.get("claims") {
        None | Some(Value::Null) => None,
        Some(value @ Value::Object(_)) => Some(value.clone()),
        Some(_) => {
            errors.push(FieldError {
                field: "claims".to_owned(),
                message: "must be an object of the service's claims".to_owned(),
            });
            None
        }
    };
    if claims.is_some() && service.is_none() && !errors.iter().any(|e| e.field == "service") {
        errors.push(FieldError {
            field: "claims".to_owned(),
            message: "are claims for a service: name the service".to_owned(),
        });
    }
    let applicant = match object.get("applicant") {
        Some(Value::Object(applicant)) => {
            let mut fields = Fields {
                object: applicant,
                prefix: "applicant.",
                errors: &mut errors,
            };
            fields.reject_unknown(APPLICANT_FIELDS, "applicant");
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
            service,
            claims,
            case_record: None,
            term_working_days: None,
            access_code_hash: None,
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

const ACCEPTANCE_FIELDS: &[&str] = &["name", "language", "phone", "email"];

/// Parses `POST /v1/offers/{id}/accept`'s body: who accepts, as the channel that
/// authenticated them states it. The language defaults to Kazakh, the state language.
pub(crate) fn acceptance_input(body: &Value) -> Result<sheshim_engine::Acceptance, ApiError> {
    let object = json_object(body)?;
    let mut errors = Vec::new();
    let mut fields = Fields::top_level(object, ACCEPTANCE_FIELDS, &mut errors);
    let name = fields.parsed("name", true, PersonName::parse);
    let language = fields.parsed("language", false, |code| {
        Language::parse(code).map_err(|_| "must be one of kk, ru, en")
    });
    let phone = fields.parsed("phone", false, Phone::parse);
    let email = fields.parsed("email", false, Email::parse);
    match name {
        Some(name) if errors.is_empty() => Ok(sheshim_engine::Acceptance {
            name,
            language: language.unwrap_or(Language::Kk),
            phone,
            email,
        }),
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
        let mut names = field_names(appeal_submission(&body, "test".into(), Channel::Web));
        names.sort();
        assert_eq!(
            names,
            [
                "applicant",
                "applicant.iin",
                "applicant.name",
                "body",
                "channel",
                "kind",
                "text"
            ]
        );
    }

    #[test]
    fn the_channel_is_the_client_keys_and_may_be_left_out() {
        let body = |channel: Option<&str>| {
            let mut body = json!({
                "text": "Прошу отремонтировать дорогу.",
                "applicant": {"iin": "850115310009", "name": "Test Applicant"}
            });
            if let Some(channel) = channel {
                body["channel"] = json!(channel);
            }
            body
        };
        for stated in [None, Some("egov"), Some(" EGOV ")] {
            let submission = appeal_submission(&body(stated), "t".into(), Channel::Egov).unwrap();
            assert_eq!(submission.channel, Channel::Egov, "{stated:?}");
        }
        assert_eq!(
            field_names(appeal_submission(
                &body(Some("web")),
                "t".into(),
                Channel::Egov
            )),
            ["channel"]
        );
    }

    #[test]
    fn errors_do_not_repeat_the_submitted_values() {
        let body = json!({
            "text": "x", "channel": "web",
            "applicant": {"iin": "880101300999", "name": "", "email": "not-an-address"}
        });
        let Err(ApiError::Invalid(errors)) = appeal_submission(&body, "test".into(), Channel::Web)
        else {
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
            appeal_submission(&array.value, "t".into(), Channel::Web),
            Err(ApiError::BadRequest(_))
        ));
    }

    #[test]
    fn repeated_keys_are_named_only_through_known_fields() {
        let field = |body: &str| match json_body(body.as_bytes()) {
            Err(ApiError::Invalid(errors)) => {
                assert_eq!(errors.len(), 1);
                errors[0].field.clone()
            }
            Err(other) => panic!("expected a field error, got {other:?}"),
            Ok(_) => panic!("a repeated key was accepted"),
        };
        assert_eq!(field(r#"{"text": "a", "text": "b"}"#), "text");
        assert_eq!(
            field(r#"{"applicant": {"name": "A", "name": "B"}}"#),
            "applicant.name"
        );
        assert_eq!(
            field(r#"{"applicant": {"880101300999": 1, "880101300999": 2}}"#),
            "applicant"
        );
        assert_eq!(field(r#"{"secret-key": {"a": 1, "a": 2}}"#), "body");
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
