//! `/v1/appeals`: submit an appeal (a channel client), read one (an official of its agency,
//! or the citizen with the access code), list them (officials, their agency's only).

use crate::auth::{CaseScope, ChannelClient, Principal};
use crate::error::ApiError;
use crate::input::{appeal_submission, json_body};
use crate::listing;
use crate::state::AppState;
use crate::views::{
    AppealPageView, AppealReading, AppealView, CitizenAppealView, RegisteredAppealView,
};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sheshim_crypto::AccessCode;
use sheshim_domain::{AgencyCode, CaseStatus, RegistrationNumber};
use sheshim_engine::Registered;
use sheshim_store::{AppealFilter, AppealPage, IdempotencyClaim, PageCursor};
use std::collections::HashMap;

/// Submit an appeal, as a channel client (`X-Client-Key`): the portal or integration that
/// authenticated the citizen. The appeal's channel is the client's. It is registered at once
/// with its number and legal deadline, and is durably stored before this answers; the answer
/// carries the citizen's access code, once. Send an `Idempotency-Key` header to make retries
/// safe: the same key with the same body returns the first appeal (without its access code),
/// never a second one.
#[utoipa::path(post, path = "/v1/appeals", request_body = crate::views::AppealRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "1–255 visible ASCII characters chosen by the client",
        min_length = 1, max_length = 255, pattern = "^[\\x21-\\x7E]{1,255}$")),
    security(("client_key" = [])),
    responses(
        (status = 201, description = "Registered, with the citizen's access code (or the earlier registration for this Idempotency-Key, without it)", body = RegisteredAppealView),
        (status = 400, description = "Not UTF-8 JSON, or a bad Idempotency-Key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No client key, or one that is not valid", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("WWW-Authenticate" = String, description = "X-Client-Key"))),
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing, invalid or repeated fields, each named by path; unknown fields, counted in their object (`body` or `applicant`); text, name or address with nothing visible; a direction override in the name; a channel other than the client key's; a reused Idempotency-Key", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "The client key's rate is used up", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Seconds until a request will be taken again"))),
        (status = 503, description = "Cannot store now; retry with the same key", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn create(
    State(state): State<AppState>,
    client: ChannelClient,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    require_json(&headers)?;
    let bytes = read_body(body)?;
    let key = idempotency_key(&headers)?;
    let body = json_body(&bytes)?;
    let mut submission = appeal_submission(&body.value, client.actor(), client.channel)?;
    check_service(&state, &mut submission)?;
    submission.idempotency = key.map(|key| IdempotencyClaim {
        key,
        request_sha256: body.fingerprint,
    });
    // A code is drawn for every submission; a replay stores none and shows none, since the
    // first registration's code is the only one that opens the appeal.
    let code = AccessCode::generate().map_err(|error| {
        tracing::error!(%error, "no access code could be generated");
        ApiError::Unavailable
    })?;
    submission.access_code_hash = Some(state.store.keyring().access_code_hash(&code));
    let registered = state.intake.register(submission).await?;
    let replayed = matches!(registered, Registered::Replayed(_));
    if replayed {
        state.metrics.appeals_replayed.inc();
    } else {
        state.metrics.appeals_registered.inc();
    }
    let view = RegisteredAppealView {
        appeal: AppealView::from(registered.appeal()),
        access_code: (!replayed).then(|| code.display_form()),
    };
    let location = format!("/v1/appeals/{}", view.appeal.registration_number);
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
fn check_service(
    state: &AppState,
    submission: &mut sheshim_engine::Submission,
) -> Result<(), ApiError> {
    let Some(code) = &submission.service else {
        return Ok(());
    };
    let Some(flow) = state.flow.as_ref() else {
        return Err(ApiError::field(
            "service",
            "this server decides no services",
        ));
    };
    let Some(service) = flow.catalogue().get(code) else {
        return Err(ApiError::field(
            "service",
            "is not a service of the catalogue (GET /v1/services lists them)",
        ));
    };
    let claims = submission
        .claims
        .clone()
        .unwrap_or_else(|| serde_json::json!({}));
    service.parse_claims(&claims).map_err(|errors| {
        ApiError::Invalid(
            errors
                .into_iter()
                .map(|e| crate::error::FieldError {
                    field: e.field,
                    message: e.message,
                })
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

/// One appeal by registration number: for an official (`Authorization: Bearer`), the
/// official's view of an appeal of their agency (an auditor's: of any); for the citizen
/// (`Access-Code`, without `Authorization`), its status, clocks and answer. An appeal of
/// another agency, an unknown number and a wrong access code are the same 404, so that
/// nothing tells whether the number exists.
#[utoipa::path(get, path = "/v1/appeals/{registration_number}",
    params(("registration_number" = String, Path, description = "e.g. SH-2026-0000042")),
    security(("bearer" = []), ("access_code" = [])),
    responses(
        (status = 200, description = "The appeal: an official's view or a citizen's", body = AppealReading),
        (status = 401, description = "Neither an API token nor an access code, or a token that is not valid", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("WWW-Authenticate" = String, description = "Bearer"))),
        (status = 403, description = "The caller's role does not read cases", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No appeal has this number that the caller may read (or the access code is not this appeal's)", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn get_one(
    State(state): State<AppState>,
    headers: HeaderMap,
    number: Result<Path<String>, PathRejection>,
) -> Result<Json<AppealReading>, ApiError> {
    if headers.contains_key(header::AUTHORIZATION) || !headers.contains_key(ACCESS_CODE) {
        let principal = Principal::from_headers(&headers, &state).await?;
        let scope = principal.case_scope()?;
        let not_found = || ApiError::NotFound("no appeal has this registration number".to_owned());
        let number = path_number(number).ok_or_else(not_found)?;
        let appeal = state
            .store
            .appeal(&number)
            .await?
            .filter(|appeal| scope.admits(appeal.agency.as_ref()))
            .ok_or_else(not_found)?;
        return Ok(Json(AppealReading::Official(AppealView::from(&appeal))));
    }
    let not_found =
        || ApiError::NotFound("no appeal has this registration number and access code".to_owned());
    let code = headers
        .get(ACCESS_CODE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| AccessCode::parse(value).ok())
        .ok_or_else(not_found)?;
    let number = path_number(number).ok_or_else(not_found)?;
    let stored = state.store.access_code_hash(&number).await?;
    let keys = state.store.keyring();
    // An unknown number is compared against nothing that can match, so that it costs what a
    // wrong code costs.
    let matches = keys.access_code_matches(&code, stored.as_deref().unwrap_or(NO_CODE));
    if !matches {
        return Err(not_found());
    }
    let case = state.store.case(&number).await?.ok_or_else(not_found)?;
    let mut view = CitizenAppealView::from(&case.appeal);
    view.answer = crate::case_views::issued_answer(&case)
        .and_then(|answer| serde_json::to_value(answer).ok());
    view.forwarded_to = case
        .record
        .as_ref()
        .and_then(|record| record["forwarded_to"]["registration_number"].as_str())
        .map(str::to_owned);
    Ok(Json(AppealReading::Citizen(view)))
}

/// The header a citizen sends their access code in.
const ACCESS_CODE: &str = "access-code";

/// A stand-in hash that no access code has (it is not even hex).
const NO_CODE: &str = "none";

/// The registration number of the path, if it decodes and parses. A segment that does not
/// even decode (e.g. `%FF`, not UTF-8) names no appeal either; axum's own rejection would
/// answer a plain-text 400 instead of a problem.
fn path_number(number: Result<Path<String>, PathRejection>) -> Option<RegistrationNumber> {
    let Path(number) = number.ok()?;
    RegistrationNumber::parse(&number).ok()
}

/// Appeals ordered by deadline, filtered and paginated.
#[utoipa::path(get, path = "/v1/appeals",
    params(
        ("status" = Option<String>, Query, description = "Only this status: registered, in_review, forwarded, extended, awaiting_hearing, decided, notified, deemed_refused or withdrawn",
            pattern = "^(registered|in_review|forwarded|extended|awaiting_hearing|decided|notified|deemed_refused|withdrawn)$"),
        ("agency" = Option<String>, Query, description = "Only this agency code (an officer or supervisor sees their own agency's only; another agency finds none)",
            pattern = "^\\s*[A-Za-z][A-Za-z0-9-]{1,31}\\s*$"),
        ("due_before" = Option<chrono::NaiveDate>, Query, description = "Only appeals due on or before this date (YYYY-MM-DD)"),
        ("limit" = Option<u32>, Query, description = "Items per page, 1–500 (default 50)", minimum = 1, maximum = 500),
        ("cursor" = Option<String>, Query, description = "next_cursor of the previous page",
            pattern = "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[.][0-9]{1,18}$"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "A page of appeals: of the caller's agency, or of every agency for an auditor", body = AppealPageView),
        (status = 401, description = "No API token, or one that is not valid", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("WWW-Authenticate" = String, description = "Bearer"))),
        (status = 403, description = "The caller's role does not read cases", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad or repeated query parameter, named (each may be given once), or a parameter the listing does not take (field `query`)", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn list(
    State(state): State<AppState>,
    principal: Principal,
    RawQuery(query): RawQuery,
) -> Result<Json<AppealPageView>, ApiError> {
    let scope = principal.case_scope()?;
    let params = listing::parameters(query.as_deref().unwrap_or_default(), LISTING_PARAMETERS)?;
    let mut filter = list_filter(&params)?;
    if let CaseScope::Agency(own) = scope {
        // Another agency's appeals are not there for this caller: asking for them finds none.
        if filter.agency.as_ref().is_some_and(|asked| *asked != own) {
            return Ok(Json(AppealPageView {
                items: Vec::new(),
                next_cursor: None,
            }));
        }
        filter.agency = Some(own);
    }
    let page: AppealPage = state.store.list_appeals(&filter).await?;
    Ok(Json(AppealPageView {
        items: page.items.iter().map(AppealView::from).collect(),
        next_cursor: page.next.map(|cursor| cursor.encode()),
    }))
}

/// The parameters `GET /v1/appeals` takes.
const LISTING_PARAMETERS: &[&str] = &["status", "agency", "due_before", "limit", "cursor"];

/// Parses the listing's query parameters, naming the first bad one.
fn list_filter(params: &HashMap<&'static str, String>) -> Result<AppealFilter, ApiError> {
    let mut filter = AppealFilter {
        limit: listing::page_limit(params)?,
        due_on_or_before: listing::due_before(params)?,
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
