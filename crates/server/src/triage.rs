//! `POST /v1/triage`: what Sheshim reads in an appeal, before or without registering it.
//!
//! The answer is advisory — the language, the personal data found (kinds and offsets, never
//! values) and the masked text, the suggested kind, topic and agency, and the urgency — for
//! the officer or front office that decides. Nothing is stored and nothing is logged.

use crate::error::ApiError;
use crate::input::{json_body, triage_input};
use crate::state::AppState;
use crate::views::TriageView;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::HeaderMap;
use sheshim_triage::TriageError;

/// Triage one appeal's text: language and script, personal data found and masked, the
/// suggested APPC kind, topic and agency with calibrated confidences, and urgency from
/// explicit rules (and the agency's urgency model, if the server has one).
#[utoipa::path(post, path = "/v1/triage", request_body = crate::views::TriageRequest,
    responses(
        (status = 200, description = "What triage found", body = TriageView),
        (status = 400, description = "Not UTF-8 JSON, or not an object", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Body too large", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Missing or invalid fields, each named; also a text with no letters", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn triage(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<TriageView>, ApiError> {
    crate::appeals::require_json(&headers)?;
    let bytes = crate::appeals::read_body(body)?;
    let body = json_body(&bytes)?;
    let input = triage_input(&body.value)?;
    // Without a date, the day of receipt is today in Kazakhstan, by the server's clock.
    let received_on = input
        .received_on
        .unwrap_or_else(|| sheshim_calendar::local_date(state.clock.now()));
    // Triage of a long text takes milliseconds of CPU: keep it off the async workers. The
    // text was checked once, when the body was parsed.
    let triage = state.triage.clone();
    let triaged = tokio::task::spawn_blocking(move || triage.triage(&input.text, received_on))
        .await
        .map_err(|error| {
            tracing::error!(%error, "the triage task failed");
            ApiError::Internal
        })?;
    match triaged {
        Ok(triaged) => Ok(Json(TriageView::from(&triaged))),
        Err(TriageError::Language(error)) => Err(ApiError::field("text", error.to_string())),
        Err(error) => {
            tracing::error!(%error, "triage failed");
            Err(ApiError::Internal)
        }
    }
}
