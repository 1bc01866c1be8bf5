//! `PUT /v1/services/{code}/automation`: a supervisor's stop switch for a service's (or, with
//! `all`, every service's) automatic issuing — effective for the next case, with no restart,
//! and audited.

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
use serde::Deserialize;
use sheshim_domain::{Role, ServiceCode};
use sheshim_store::AutomationSwitch;
use utoipa::ToSchema;

/// The stop switch of a service.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AutomationRequest {
    /// `true` stops automatic issuing: every case of the service goes to an officer.
    pub stopped: bool,
    /// Why, for the audit log.
    #[schema(min_length = 1, max_length = 1000)]
    pub reason: String,
}

/// The stop switch as set.
#[derive(Debug, serde::Serialize, ToSchema)]
pub struct AutomationView {
    /// The service, or `all`.
    pub service: String,
    /// Whether automatic issuing is stopped.
    pub stopped: bool,
    /// Why.
    pub reason: String,
    /// Who set it.
    pub updated_by: String,
}

/// Sets a service's stop switch (`all`: every service). Supervisors only; effective for the
/// next case, with no restart, and audited.
#[utoipa::path(put, path = "/v1/services/{code}/automation", security(("bearer" = [])),
    params(("code" = String, Path, description = "A service code, or `all`")),
    request_body = AutomationRequest,
    responses(
        (status = 200, description = "The switch as set", body = AutomationView),
        (status = 401, description = "No or a bad bearer token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Only supervisors set switches", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such service", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing or invalid field, named", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn set_automation(
    State(state): State<AppState>,
    principal: Principal,
    code: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<AutomationView>, ApiError> {
    if principal.role != Role::Supervisor {
        return Err(ApiError::Forbidden(
            "only a supervisor sets automation switches".to_owned(),
        ));
    }
    let flow = crate::cases::flow(&state)?;
    let code = code
        .map(|Path(c)| c)
        .map_err(|_| ApiError::NotFound("no such service".to_owned()))?;
    let service = if code == "all" {
        "*".to_owned()
    } else {
        let parsed = ServiceCode::parse(&code)
            .map_err(|_| ApiError::NotFound("no such service".to_owned()))?;
        if flow.catalogue().get(&parsed).is_none() {
            return Err(ApiError::NotFound("no such service".to_owned()));
        }
        parsed.as_str().to_owned()
    };
    require_json(&headers)?;
    let bytes = read_body(body)?;
    let body = json_body(&bytes)?;
    // serde's own message would quote the client's keys and values.
    let request: AutomationRequest = serde_json::from_value(body.value).map_err(|_| {
        ApiError::field(
            "body",
            "must be {\"stopped\": true or false, \"reason\": text}, and nothing else",
        )
    })?;
    let reason = request.reason.trim();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(ApiError::field("reason", "must be 1–1000 characters"));
    }
    let switch = AutomationSwitch {
        service,
        stopped: request.stopped,
        reason: reason.to_owned(),
        updated_by: format!("user:{}", principal.login),
        updated_at: state.clock.now(),
    };
    state.store.set_automation_switch(&switch).await?;
    Ok(Json(AutomationView {
        service: code,
        stopped: switch.stopped,
        reason: switch.reason,
        updated_by: switch.updated_by,
    }))
}
