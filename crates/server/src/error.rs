//! The one error type of the API and its RFC 9457 problem-details body.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// One invalid field of a request, named by its JSON path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// Dotted path of the field, e.g. `applicant.iin`.
    pub field: String,
    /// What is wrong with it. Never repeats the submitted value.
    pub message: String,
}

/// An RFC 9457 problem-details body.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, safe to show to the client.
    pub detail: String,
    /// The invalid fields, for validation problems: at most the first 20 (the detail says how
    /// many more there are).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// The most field errors one problem lists, so that an answer stays small whatever was sent.
pub const MAX_FIELD_ERRORS: usize = 20;

/// Everything a handler can fail with. 4xx variants carry a message that is safe to show;
/// a 5xx says only that something failed, and its cause is logged where it happened.
#[derive(Debug)]
pub enum ApiError {
    /// The body is not JSON, not UTF-8 or not the right media type.
    BadRequest(String),
    /// The body is too large.
    TooLarge,
    /// The body did not arrive within the server's body timeout.
    BodyTimeout,
    /// The request target is longer than the server reads.
    UriTooLong,
    /// The request's header section has more fields or bytes than the server reads.
    HeadersTooLarge,
    /// The media type is not JSON.
    UnsupportedMediaType,
    /// Fields are missing or invalid.
    Invalid(Vec<FieldError>),
    /// The idempotency key was reused for another request.
    IdempotencyKeyReused,
    /// No credentials, or credentials that name nobody. `scheme` is what the
    /// `WWW-Authenticate` header asks for.
    Unauthorized {
        /// The challenge, e.g. `Bearer`.
        scheme: &'static str,
        /// What to send, safe to show.
        detail: String,
    },
    /// The caller's role may not do this, whatever the resource.
    Forbidden(String),
    /// The channel client sent more than its rate allows; retry after this many seconds.
    TooManyRequests {
        /// Whole seconds until a request will be taken again.
        retry_after: u64,
    },
    /// No such resource.
    NotFound(String),
    /// The resource's state does not allow this now.
    Conflict(String),
    /// The resource changed since the version the client sent.
    PreconditionFailed(String),
    /// The method is not allowed on this path.
    MethodNotAllowed,
    /// A dependency is down or the server is stopping.
    Unavailable,
    /// A stored record no longer passes its integrity checks (it was changed outside
    /// Sheshim); it is withheld until an administrator restores it. Carries the registration
    /// number (or a row description), never a value.
    RecordUnreadable(String),
    /// Anything else: logged, never shown.
    Internal,
}

impl ApiError {
    /// A validation error on one field.
    pub fn field(field: &str, message: impl Into<String>) -> ApiError {
        ApiError::Invalid(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    fn parts(
        self,
    ) -> (
        StatusCode,
        &'static str,
        &'static str,
        String,
        Vec<FieldError>,
    ) {
        match self {
            ApiError::BadRequest(detail) => (
                StatusCode::BAD_REQUEST,
                "malformed-request",
                "Malformed request",
                detail,
                vec![],
            ),
            ApiError::TooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "too-large",
                "Request too large",
                format!("the request body is larger than {} bytes", crate::MAX_BODY_BYTES),
                vec![],
            ),
            ApiError::BodyTimeout => (
                StatusCode::REQUEST_TIMEOUT,
                "body-timeout",
                "Request body too slow",
                "the request body did not arrive in time; send the request again".to_owned(),
                vec![],
            ),
            ApiError::UriTooLong => (
                StatusCode::URI_TOO_LONG,
                "uri-too-long",
                "URI too long",
                format!(
                    "the request target is longer than {} bytes",
                    crate::limits::MAX_URI_BYTES
                ),
                vec![],
            ),
            ApiError::HeadersTooLarge => (
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "headers-too-large",
                "Request header fields too large",
                "the request has more header fields or header bytes than this server reads; send fewer or shorter headers".to_owned(),
                vec![],
            ),
            ApiError::UnsupportedMediaType => (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                "send the body as application/json".to_owned(),
                vec![],
            ),
            ApiError::Invalid(mut errors) => {
                let omitted = errors.len().saturating_sub(MAX_FIELD_ERRORS);
                errors.truncate(MAX_FIELD_ERRORS);
                let names: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
                let mut detail = format!("invalid or missing: {}", names.join(", "));
                if omitted > 0 {
                    detail.push_str(&format!(" (and {omitted} more not listed)"));
                }
                (
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid-fields",
                    "Invalid fields",
                    detail,
                    errors,
                )
            }
            ApiError::IdempotencyKeyReused => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency-key-reused",
                "Idempotency key reused",
                "this Idempotency-Key was already used for a different request; use a new key".to_owned(),
                vec![],
            ),
            ApiError::Unauthorized { detail, .. } => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Unauthorized",
                detail,
                vec![],
            ),
            ApiError::Forbidden(detail) => (
                StatusCode::FORBIDDEN,
                "forbidden",
                "Forbidden",
                detail,
                vec![],
            ),
            ApiError::TooManyRequests { retry_after } => (
                StatusCode::TOO_MANY_REQUESTS,
                "too-many-requests",
                "Too many requests",
                format!("this client key's rate is used up; retry in {retry_after} s"),
                vec![],
            ),
            ApiError::NotFound(detail) => {
                (StatusCode::NOT_FOUND, "not-found", "Not found", detail, vec![])
            }
            ApiError::Conflict(detail) => (
                StatusCode::CONFLICT,
                "not-allowed-now",
                "Not allowed in the current state",
                detail,
                vec![],
            ),
            ApiError::PreconditionFailed(detail) => (
                StatusCode::PRECONDITION_FAILED,
                "stale",
                "Changed since read",
                detail,
                vec![],
            ),
            ApiError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                "method-not-allowed",
                "Method not allowed",
                "this path does not accept that method".to_owned(),
                vec![],
            ),
            ApiError::Unavailable => (
                StatusCode::SERVICE_UNAVAILABLE,
                "unavailable",
                "Service unavailable",
                "the service cannot take this request right now; retry with the same Idempotency-Key".to_owned(),
                vec![],
            ),
            ApiError::RecordUnreadable(subject) => (
                StatusCode::CONFLICT,
                "record-unreadable",
                "Stored record fails its integrity check",
                format!(
                    "the stored record of {subject} was changed outside Sheshim and is withheld; \
                     an administrator must restore it (`sheshim audit verify` lists it)"
                ),
                vec![],
            ),
            ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error",
                "something failed on our side; it has been logged".to_owned(),
                vec![],
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let challenge = match &self {
            ApiError::Unauthorized { scheme, .. } => Some(HeaderValue::from_static(scheme)),
            _ => None,
        };
        let retry_after = match &self {
            ApiError::TooManyRequests { retry_after } => Some(HeaderValue::from(*retry_after)),
            _ => None,
        };
        let (status, slug, title, detail, errors) = self.parts();
        let problem = Problem {
            kind: format!("urn:sheshim:problem:{slug}"),
            title: title.to_owned(),
            status: status.as_u16(),
            detail,
            errors,
        };
        let mut response = (status, axum::Json(problem)).into_response();
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(challenge) = challenge {
            response
                .headers_mut()
                .insert(header::WWW_AUTHENTICATE, challenge);
        }
        if let Some(retry_after) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, retry_after);
        }
        response
    }
}

impl From<sheshim_engine::IntakeError> for ApiError {
    fn from(error: sheshim_engine::IntakeError) -> ApiError {
        use sheshim_engine::IntakeError;
        match error {
            IntakeError::IdempotencyKeyReused => ApiError::IdempotencyKeyReused,
            IntakeError::ShuttingDown => ApiError::Unavailable,
            IntakeError::Storage => ApiError::Unavailable,
            IntakeError::Calendar(error) => {
                tracing::error!(%error, "the working-day calendar does not cover today");
                ApiError::Internal
            }
        }
    }
}

impl From<sheshim_store::StoreError> for ApiError {
    fn from(error: sheshim_store::StoreError) -> ApiError {
        use sheshim_store::StoreError;
        tracing::error!(%error, "store failed");
        match error {
            // A stored value that no longer parses or opens will not get better by retrying;
            // the client is told which record, and an administrator must restore it.
            StoreError::Corrupt { subject, .. } => ApiError::RecordUnreadable(subject),
            // Only the web workspace's account methods answer these; no API route calls them.
            StoreError::NotFound { what } => ApiError::NotFound(format!("no such {what}")),
            StoreError::Refused { why } => ApiError::Conflict(why.to_owned()),
            // No route adds users or clients: a duplicate here is a fault of the server's.
            StoreError::UnsupportedUrl
            | StoreError::Keys(_)
            | StoreError::Seal(_)
            | StoreError::Duplicate { .. } => ApiError::Internal,
            StoreError::Database(_)
            | StoreError::Migration(_)
            | StoreError::Folder(_)
            | StoreError::Unavailable(_) => ApiError::Unavailable,
        }
    }
}

/// The answer for paths that do not exist.
pub(crate) async fn not_found() -> ApiError {
    ApiError::NotFound("no such path".to_owned())
}

/// The answer for a known path with the wrong method.
pub(crate) async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_lists_at_most_twenty_fields_and_counts_the_rest() {
        let errors = (0..25)
            .map(|i| FieldError {
                field: format!("f{i}"),
                message: "is wrong".to_owned(),
            })
            .collect();
        let (status, _, _, detail, listed) = ApiError::Invalid(errors).parts();
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(listed.len(), MAX_FIELD_ERRORS);
        assert!(detail.ends_with("f19 (and 5 more not listed)"), "{detail}");
    }
}
