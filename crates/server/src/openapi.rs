//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::OpenApi;

/// Sheshim's API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sheshim",
        description = "Registers citizens' appeals with a registration number and their legal deadline, in Kazakh working days, and triages appeals (language, personal data masked, kind, topic, agency, urgency). Errors are RFC 9457 problem details.",
    ),
    paths(
        crate::appeals::create,
        crate::appeals::get_one,
        crate::appeals::list,
        crate::triage::triage,
        crate::health::healthz,
        crate::health::livez,
    ),
    components(schemas(
        crate::views::AppealView,
        crate::views::AppealPageView,
        crate::views::AppealRequest,
        crate::views::ApplicantRequest,
        crate::views::KindCode,
        crate::views::LanguageCode,
        crate::views::ChannelCode,
        crate::views::Health,
        crate::views::Liveness,
        crate::views::TriageRequest,
        crate::views::TriageView,
        crate::views::Scored,
        crate::views::LanguageView,
        crate::views::MixView,
        crate::views::FindingView,
        crate::views::UrgencyView,
        crate::error::Problem,
        crate::error::FieldError,
    ))
)]
pub struct ApiDoc;

/// `GET /openapi.json`.
pub(crate) async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
