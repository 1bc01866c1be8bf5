//! `GET /v1/services`: the service catalogue as portals and officers see it — each service's
//! names in kk/ru/en, kind, competent agency, term, the claims it takes, the version of its
//! rules and templates, and whether a supervisor has stopped its automatic issuing. Open to
//! anyone: it is what the agency publishes.

use crate::error::ApiError;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use sheshim_domain::Language;
use sheshim_services::ServiceKind;
use utoipa::ToSchema;

/// A service's names.
#[derive(Debug, Serialize, ToSchema)]
pub struct NamesView {
    /// Kazakh.
    pub kk: String,
    /// Russian.
    pub ru: String,
    /// English.
    pub en: String,
}

/// A claim an application may carry.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClaimView {
    /// The key under `claims`.
    pub name: String,
    /// `number`, `boolean`, `date` or `string`.
    #[serde(rename = "type")]
    pub kind: String,
    /// Whether a registry checks it.
    pub checked_by_registry: bool,
}

/// One service of the catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct ServiceView {
    /// The code to send as `service`.
    pub code: String,
    /// `application`, or the APPC kind of an appeal service.
    pub kind: String,
    /// Its names.
    pub names: NamesView,
    /// The competent agency (absent: the agency addressed).
    pub agency: Option<String>,
    /// The term in working days.
    pub term_working_days: u32,
    /// The claims an application may carry.
    pub claims: Vec<ClaimView>,
    /// The content hash of its rules and templates.
    pub version: String,
    /// Whether automatic issuing is stopped (for this service or for all).
    pub automation_stopped: bool,
}

/// The catalogue.
#[utoipa::path(get, path = "/v1/services",
    responses(
        (status = 200, description = "Every service, by code", body = [ServiceView]),
        (status = 503, description = "The switches cannot be read now", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn list(
    State(state): State<AppState>,
) -> Result<Json<Vec<ServiceView>>, ApiError> {
    let Some(flow) = state.flow.as_ref() else {
        return Ok(Json(Vec::new()));
    };
    let switches = state.store.automation_switches().await?;
    let stopped = |code: &str| {
        switches
            .iter()
            .any(|s| s.stopped && (s.service == "*" || s.service == code))
    };
    let views = flow
        .catalogue()
        .services()
        .map(|service| {
            let code = service.code.as_str();
            ServiceView {
                code: code.to_owned(),
                kind: match service.kind() {
                    ServiceKind::Application => "application".to_owned(),
                    ServiceKind::Appeal(kind) => kind.code().to_owned(),
                },
                names: NamesView {
                    kk: service.name(Language::Kk).to_owned(),
                    ru: service.name(Language::Ru).to_owned(),
                    en: service.name(Language::En).to_owned(),
                },
                agency: service.agency().map(|a| a.as_str().to_owned()),
                term_working_days: service.definition().term_working_days,
                claims: service
                    .input_specs()
                    .iter()
                    .filter_map(|spec| {
                        spec.claim().map(|claim| ClaimView {
                            name: claim.to_owned(),
                            kind: spec.ty.code().to_owned(),
                            checked_by_registry: matches!(
                                spec.source,
                                sheshim_services::InputSource::Registry { .. }
                            ),
                        })
                    })
                    .collect(),
                version: service.version().to_owned(),
                automation_stopped: stopped(code),
            }
        })
        .collect();
    Ok(Json(views))
}
