//! `/v1/appeals`: submit an appeal, read one, list them.

use crate::error::ApiError;
use crate::input::{appeal_submission, json_body};
use crate::state::AppState;
use crate::views::{AppealPageView, AppealView};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use sheshim_domain::{AgencyCode, CaseStatus, RegistrationNumber};
use sheshim_engine::Registered;
use sheshim_store::{AppealFilter, IdempotencyClaim, PageCursor};
use std::collections::HashMap;

/// Items per page when the client does not say.
const DEFAULT_PAGE: u32 = 50;
/// Most items per page.
const MAX_PAGE: u32 = 500;

/// Submit an appeal. It is registered at once with its number and legal deadline, and is
/// durably stored before this answers. Send an `Idempotency-Key` header to make retries safe:
/// the same key with the same body returns the first appeal, never a second one.
#[utoipa::path(post, path = "/v1/appeals", request_body = crate::views::AppealRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "1–255 visible ASCII characters chosen by the client",
        min_length = 1, max_length = 255, pattern = "^[\\x21-\\x7E]{1,255}$")),
    responses(
        (status = 201, description = "Registered (or the earlier registration for this Idempotency-Key)", body = AppealView),
        (status = 400, description = "Not UTF-8 JSON, or a bad Idempotency-Key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing, invalid or repeated fields, each named by path; unknown fields, counted in their object (`body` or `applicant`); text, name or address with nothing visible; a direction override in the name; a reused Idempotency-Key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Cannot store now; retry with the same key", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    require_json(&headers)?;
    let bytes = read_body(body)?;
    let key = idempotency_key(&headers)?;
    let body = json_body(&bytes)?;
    let mut submission = appeal_submission(&body.value, "system:api".to_owned())?;
    check_service(&state, &mut submission)?;
    submission.idempotency = key.map(|key| IdempotencyClaim {
        key,
        request_sha256: body.fingerprint,
    });
    let registered = state.intake.register(submission).await?;
    let replayed = matches!(registered, Registered::Replayed(_));
    if replayed {
        state.metrics.appeals_replayed.inc();
    } else {
        state.metrics.appeals_registered.inc();
    }
    let view = AppealView::from(registered.appeal());
    let location = format!("/v1/appeals/{}", view.registration_number);
    let mut response = (StatusCode::CREATED, Json(view)).into_response();
    if let Ok(location) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    if replayed {
        response
            .headers_mut()
            .insert("idempotent-replayed", HeaderValue::from_static("true"));
    }
    Ok(response)
}

/// Checks the named service against the catalogue and the claims against its inputs, and
/// takes the service's term; an unknown service or a claim of the wrong type is a 422 naming
/// the field.
fn check_service(state: &AppState, submission: &mut sheshim_engine::Submission) -> Result<(), ApiError> {
    let Some(code) = &submission.service else {
        return Ok(());
    };
    let Some(flow) = state.flow.as_ref() else {
        return Err(ApiError::field("service", "this server decides no services"));
    };
    let Some(service) = flow.catalogue().get(code) else {
        return Err(ApiError::field("service", "is not a service of the catalogue (GET /v1/services lists them)"));
    };
    let claims = submission.claims.clone().unwrap_or_else(|| serde_json::json!({}));
    service.parse_claims(&claims).map_err(|errors| {
        ApiError::Invalid(
            errors
                .into_iter()
                .map(|e| crate::error::FieldError { field: e.field, message: e.message })
                .collect(),
        )
    })?;
    if let sheshim_services::ServiceKind::Appeal(kind) = service.kind() {
        submission.kind = Some(kind);
    } else {
        submission.kind = Some(sheshim_domain::AppealKind::Application);
    }
    submission.term_working_days = Some(service.definition().term_working_days);
    Ok(())
}

/// One appeal by registration number.
#[utoipa::path(get, path = "/v1/appeals/{registration_number}",
    params(("registration_number" = String, Path, description = "e.g. SH-2026-0000042")),
    responses(
        (status = 200, description = "The appeal", body = AppealView),
        (status = 404, description = "No appeal has this number", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn get_one(
    State(state): State<AppState>,
    number: Result<Path<String>, PathRejection>,
) -> Result<Json<AppealView>, ApiError> {
    // A segment that does not even decode (e.g. `%FF`, not UTF-8) names no appeal either;
    // axum's own rejection would answer a plain-text 400 instead of a problem.
    let Ok(Path(number)) = number else {
        return Err(ApiError::NotFound(
            "no appeal has this registration number".to_owned(),
        ));
    };
    let number = RegistrationNumber::parse(&number)
        .map_err(|_| ApiError::NotFound("no appeal has this registration number".to_owned()))?;
    match state.store.appeal(&number).await? {
        Some(appeal) => Ok(Json(AppealView::from(&appeal))),
        None => Err(ApiError::NotFound(format!("no appeal {number}"))),
    }
}

/// Appeals ordered by deadline, filtered and paginated.
#[utoipa::path(get, path = "/v1/appeals",
    params(
        ("status" = Option<String>, Query, description = "Only this status: registered, in_review, forwarded, extended, awaiting_hearing, decided, notified, deemed_refused or withdrawn",
            pattern = "^(registered|in_review|forwarded|extended|awaiting_hearing|decided|notified|deemed_refused|withdrawn)$"),
        ("agency" = Option<String>, Query, description = "Only this agency code",
            pattern = "^\\s*[A-Za-z][A-Za-z0-9-]{1,31}\\s*$"),
        ("due_before" = Option<chrono::NaiveDate>, Query, description = "Only appeals due on or before this date (YYYY-MM-DD)"),
        ("limit" = Option<u32>, Query, description = "Items per page, 1–500 (default 50)", minimum = 1, maximum = 500),
        ("cursor" = Option<String>, Query, description = "next_cursor of the previous page",
            pattern = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[.][0-9]{1,18}$"),
    ),
    responses(
        (status = 200, description = "A page of appeals", body = AppealPageView),
        (status = 422, description = "A bad or repeated query parameter, named (each may be given once), or a parameter the listing does not take (field `query`)", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn list(
    State(state): State<AppState>,
    RawQuery(query): RawQuery,
) -> Result<Json<AppealPageView>, ApiError> {
    let params = listing_parameters(query.as_deref().unwrap_or_default())?;
    let filter = list_filter(&params)?;
    let page = state.store.list_appeals(&filter).await?;
    Ok(Json(AppealPageView {
        items: page.items.iter().map(AppealView::from).collect(),
        next_cursor: page.next.map(|cursor| cursor.encode()),
    }))
}

/// The parameters `GET /v1/appeals` takes.
const LISTING_PARAMETERS: &[&str] = &["status", "agency", "due_before", "limit", "cursor"];

/// Splits the listing's query string into its parameters, each given at most once. A repeated
/// parameter is refused rather than one of its values picked silently; an unknown one is
/// refused without repeating its name, which is the client's.
fn listing_parameters(query: &str) -> Result<HashMap<&'static str, String>, ApiError> {
    let mut params = HashMap::new();
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        let Some(known) = LISTING_PARAMETERS.iter().find(|known| **known == name) else {
            return Err(ApiError::field(
                "query",
                format!(
                    "has a parameter this listing does not take; its parameters are {}",
                    LISTING_PARAMETERS.join(", ")
                ),
            ));
        };
        if params.insert(*known, value.into_owned()).is_some() {
            return Err(ApiError::field(
                known,
                "is given more than once; give it once",
            ));
        }
    }
    Ok(params)
}

/// Parses the listing's query parameters, naming the first bad one.
fn list_filter(params: &HashMap<&'static str, String>) -> Result<AppealFilter, ApiError> {
    let mut filter = AppealFilter {
        limit: DEFAULT_PAGE,
        ..AppealFilter::default()
    };
    if let Some(status) = params.get("status") {
        filter.status = Some(
            CaseStatus::parse(status)
                .map_err(|_| ApiError::field("status", "is not a case status"))?,
        );
    }
    if let Some(agency) = params.get("agency") {
        filter.agency =
            Some(AgencyCode::parse(agency).map_err(|e| ApiError::field("agency", e.to_string()))?);
    }
    if let Some(due) = params.get("due_before") {
        filter.due_on_or_before = Some(
            NaiveDate::parse_from_str(due, "%Y-%m-%d")
                .map_err(|_| ApiError::field("due_before", "must be a date YYYY-MM-DD"))?,
        );
    }
    if let Some(limit) = params.get("limit") {
        filter.limit = limit
            .parse()
            .ok()
            .filter(|n| (1..=MAX_PAGE).contains(n))
            .ok_or_else(|| {
                ApiError::field(
                    "limit",
                    format!("must be a whole number from 1 to {MAX_PAGE}"),
                )
            })?;
    }
    if let Some(cursor) = params.get("cursor") {
        filter.after = Some(
            PageCursor::decode(cursor)
                .ok_or_else(|| ApiError::field("cursor", "is not a cursor this API gave out"))?,
        );
    }
    Ok(filter)
}

/// Refuses bodies that do not declare JSON.
/// The request body, or the problem of one too large or unreadable.
pub(crate) fn read_body(body: Result<Bytes, BytesRejection>) -> Result<Bytes, ApiError> {
    body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::TooLarge
        } else {
            ApiError::BadRequest("the body could not be read".to_owned())
        }
    })
}

/// Refuses a body whose media type is not JSON.
pub(crate) fn require_json(headers: &HeaderMap) -> Result<(), ApiError> {
    let media_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .map(|value| value.trim().to_ascii_lowercase());
    match media_type.as_deref() {
        Some("application/json") => Ok(()),
        Some(other) if other.starts_with("application/") && other.ends_with("+json") => Ok(()),
        _ => Err(ApiError::UnsupportedMediaType),
    }
}

/// Reads the optional `Idempotency-Key` header.
fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let key = value
        .to_str()
        .ok()
        .filter(|key| (1..=255).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            ApiError::BadRequest(
                "the Idempotency-Key header must be 1–255 visible ASCII characters".to_owned(),
            )
        })?;
    Ok(Some(key.to_owned()))
}
