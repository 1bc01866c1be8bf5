//! `POST /v1/cases/{n}/unmask`: the applicant's personal data and the text as written, for an
//! official whose role may see them, with a reason — and an audit entry naming who read what
//! and why, written before anything is shown.

use crate::appeals::{read_body, require_json};
use crate::auth::Principal;
use crate::error::ApiError;
use crate::input::json_body;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use serde::{Deserialize, Serialize};
use sheshim_domain::RegistrationNumber;
use sheshim_engine::Officer;
use utoipa::ToSchema;

/// Why the official needs the personal data.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UnmaskRequest {
    /// The reason, recorded in the audit log (e.g. "calling the applicant about the hearing").
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

/// The personal data of a case, unmasked.
#[derive(Debug, Serialize, ToSchema)]
pub struct UnmaskedView {
    /// The text as the citizen wrote it.
    pub text: String,
    /// The IIN.
    pub iin: String,
    /// The full name.
    pub name: String,
    /// The phone, if given.
    pub phone: Option<String>,
    /// The e-mail, if given.
    pub email: Option<String>,
    /// The postal address, if given.
    pub address: Option<String>,
}

/// Shows a case's personal data unmasked to an official allowed to see it; audited.
#[utoipa::path(post, path = "/v1/cases/{registration_number}/unmask", security(("bearer" = [])),
    params(("registration_number" = String, Path, description = "e.g. SH-2026-0000042")),
    request_body = UnmaskRequest,
    responses(
        (status = 200, description = "The personal data; the reading is in the audit log", body = UnmaskedView),
        (status = 400, description = "Not UTF-8 JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or a bad bearer token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not see personal data", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No case with this number for the caller", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "No reason, or one too long", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn unmask(
    State(state): State<AppState>,
    principal: Principal,
    number: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<UnmaskedView>, ApiError> {
    let number = number
        .ok()
        .and_then(|Path(n)| RegistrationNumber::parse(&n).ok())
        .ok_or_else(|| ApiError::NotFound("no case has this number".to_owned()))?;
    if !principal.role.may_unmask() {
        return Err(ApiError::Forbidden(format!(
            "the {} role may not see personal data",
            principal.role.code()
        )));
    }
    let flow = state.flow.as_ref().ok_or(ApiError::Unavailable)?;
    let officer = Officer {
        login: principal.login.to_string(),
        role: principal.role,
        agency: principal.agency.clone(),
    };
    let case = flow.case_for(&officer, &number).await?;
    require_json(&headers)?;
    let bytes = read_body(body)?;
    let body = json_body(&bytes)?;
    let request: UnmaskRequest = serde_json::from_value(body.value).map_err(|_| {
        ApiError::field("reason", "is required: say why the personal data is needed")
    })?;
    let reason = request.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ApiError::field("reason", "must be 1–500 characters"));
    }
    // The reading is recorded first: if the log cannot take it, nothing is shown.
    state
        .store
        .record_event(sheshim_audit::NewAuditEntry {
            at: state.clock.now(),
            actor: principal.actor(),
            action: "case.unmasked".to_owned(),
            subject: number.as_str().to_owned(),
            payload: serde_json::json!({ "reason": reason }),
        })
        .await?;
    let appeal = &case.appeal;
    let applicant = &appeal.applicant;
    Ok(Json(UnmaskedView {
        text: appeal.text.as_str().to_owned(),
        iin: applicant.iin.expose().to_owned(),
        name: applicant.name.expose().to_owned(),
        phone: applicant.phone.as_ref().map(|p| p.expose().to_owned()),
        email: applicant.email.as_ref().map(|e| e.expose().to_owned()),
        address: applicant.address.as_ref().map(|a| a.expose().to_owned()),
    }))
}
