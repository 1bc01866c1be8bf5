//! `/v1/offers/{id}/accept` and `/v1/offers/{id}/decline`: the person a proactive offer was
//! made to (see `sheshim proactive --offer`) agrees, and the offer becomes an application
//! that the pipeline decides like any other, or refuses it. The offer's access code, sent
//! to the person with the offer, is the only credential; an unknown offer and a wrong code
//! are the same 404.

use crate::appeals::{read_body, require_json};
use crate::error::ApiError;
use crate::input::{acceptance_input, json_body};
use crate::state::AppState;
use crate::views::{AppealView, LanguageCode, RegisteredAppealView};
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use sheshim_crypto::AccessCode;
use sheshim_engine::OfferError;
use sheshim_store::OfferId;
use utoipa::ToSchema;

/// The body of `POST /v1/offers/{id}/accept`: who accepts, as the channel that
/// authenticated them states it.
#[derive(Debug, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptanceRequest {
    /// The person's full name, for the application: 1 to 200 characters with at least one
    /// visible character and no direction override or isolate.
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// The language the application is answered in; Kazakh, the state language, if absent.
    pub language: Option<LanguageCode>,
    /// A Kazakhstan phone number: +7, 8 or 7 followed by ten digits starting with 7.
    pub phone: Option<String>,
    /// An e-mail address.
    pub email: Option<String>,
}

/// An offer's state after the person's answer.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct OfferStateView {
    /// The offer's id.
    #[schema(pattern = "^[0-9a-f]{32}$")]
    pub id: String,
    /// `declined`.
    pub status: String,
}

/// The header the offer's access code comes in.
const ACCESS_CODE: &str = "access-code";

/// Accept an offer: the application is registered at once with its number and legal
/// deadline (channel `egov`), with the offer's service and the facts it rests on as the
/// claims, and the pipeline decides it like any other. The answer carries the application's
/// own access code, once.
#[utoipa::path(post, path = "/v1/offers/{id}/accept", request_body = AcceptanceRequest,
    params(("id" = String, Path, description = "The offer's id", pattern = "^[0-9a-f]{32}$")),
    security(("access_code" = [])),
    responses(
        (status = 201, description = "The application the offer became, with its access code (absent when an earlier request already registered it)", body = RegisteredAppealView),
        (status = 400, description = "Not UTF-8 JSON, or not a JSON object", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No access code", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("WWW-Authenticate" = String, description = "Access-Code"))),
        (status = 404, description = "No offer has this id and access code", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The offer was accepted, declined or has expired", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing, invalid or unknown fields, each named", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Cannot register now, or this server decides no services; retry", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn accept(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let code = access_code(&headers)?;
    require_json(&headers)?;
    let bytes = read_body(body)?;
    let acceptance = acceptance_input(&json_body(&bytes)?.value)?;
    let id = offer_id(id)?;
    let flow = state.flow.as_ref().ok_or(ApiError::Unavailable)?;
    let accepted = flow
        .accept_offer(&id, &code, acceptance)
        .await
        .map_err(offer_problem)?;
    state.metrics.appeals_registered.inc();
    let view = RegisteredAppealView {
        appeal: AppealView::from(&accepted.appeal),
        access_code: accepted.access_code.map(|code| code.display_form()),
    };
    let location = format!("/v1/appeals/{}", view.appeal.registration_number);
    let mut response = (StatusCode::CREATED, Json(view)).into_response();
    if let Ok(location) = HeaderValue::from_str(&location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// Decline an offer. It is kept, declined; it cannot be accepted afterwards.
#[utoipa::path(post, path = "/v1/offers/{id}/decline",
    params(("id" = String, Path, description = "The offer's id", pattern = "^[0-9a-f]{32}$")),
    security(("access_code" = [])),
    responses(
        (status = 200, description = "Declined", body = OfferStateView),
        (status = 401, description = "No access code", body = crate::error::Problem, content_type = "application/problem+json",
            headers(("WWW-Authenticate" = String, description = "Access-Code"))),
        (status = 404, description = "No offer has this id and access code", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The offer was accepted, declined or has expired", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 503, description = "Cannot record it now, or this server decides no services; retry", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn decline(
    State(state): State<AppState>,
    headers: HeaderMap,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<OfferStateView>, ApiError> {
    let code = access_code(&headers)?;
    let id = offer_id(id)?;
    let flow = state.flow.as_ref().ok_or(ApiError::Unavailable)?;
    flow.decline_offer(&id, &code)
        .await
        .map_err(offer_problem)?;
    Ok(Json(OfferStateView {
        id: id.as_str().to_owned(),
        status: "declined".to_owned(),
    }))
}

/// The access code of the request: absent is a 401, one that cannot be a code is a 404 (as
/// a wrong one is).
fn access_code(headers: &HeaderMap) -> Result<AccessCode, ApiError> {
    let value = headers.get(ACCESS_CODE).ok_or(ApiError::Unauthorized {
        scheme: "Access-Code",
        detail: "send the offer's access code in the Access-Code header".to_owned(),
    })?;
    value
        .to_str()
        .ok()
        .and_then(|value| AccessCode::parse(value).ok())
        .ok_or_else(not_found)
}

/// The offer id of the path; one that cannot be an id names no offer.
fn offer_id(id: Result<Path<String>, PathRejection>) -> Result<OfferId, ApiError> {
    let Path(id) = id.map_err(|_| not_found())?;
    OfferId::parse(&id).map_err(|_| not_found())
}

fn not_found() -> ApiError {
    ApiError::NotFound("no offer has this id and access code".to_owned())
}

fn offer_problem(error: OfferError) -> ApiError {
    match error {
        OfferError::NotFound => not_found(),
        OfferError::NotOpen(status) => ApiError::Conflict(format!(
            "the offer is {}: it is no longer open",
            status.code()
        )),
        OfferError::UnknownService => ApiError::Conflict(
            "the offer's service is no longer in the catalogue of this server".to_owned(),
        ),
        OfferError::Random => {
            tracing::error!("no random access code could be drawn");
            ApiError::Unavailable
        }
        OfferError::Intake(error) => error.into(),
        OfferError::Store(error) => error.into(),
    }
}
