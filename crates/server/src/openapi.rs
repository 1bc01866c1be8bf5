//! The OpenAPI 3.1 document, generated from the handlers' annotations, with the answers
//! every operation can give added by [`LimitResponses`].

use axum::Json;
use utoipa::openapi::path::Operation;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
use utoipa::{Modify, OpenApi};

/// Sheshim's API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "Sheshim",
        description = "Registers citizens' appeals with a registration number and their legal deadline, in Kazakh working days, and triages appeals (language, personal data masked, kind, topic, agency, urgency). Errors are RFC 9457 problem details.\n\nWho may call: a channel client (the portal or integration that authenticated the citizen) submits appeals with its key in `X-Client-Key` (made by `sheshim client add`); officials read with their API token in `Authorization: Bearer` (made by `sheshim user add`), their own agency's appeals only (auditors: all); a citizen reads their appeal with the access code its registration returned, in `Access-Code`.",
    ),
    paths(
        crate::appeals::create,
        crate::appeals::get_one,
        crate::appeals::list,
        crate::triage::triage,
        crate::cases::queue,
        crate::cases::get_case,
        crate::cases::act,
        crate::groups::get_group,
        crate::groups::answer,
        crate::unmask::unmask,
        crate::automation::set_automation,
        crate::catalogue::list,
        crate::offers::accept,
        crate::offers::decline,
        crate::health::healthz,
        crate::health::livez,
    ),
    components(schemas(
        crate::views::AppealView,
        crate::views::RegisteredAppealView,
        crate::views::CitizenAppealView,
        crate::views::AppealReading,
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
        crate::case_views::QueuePageView,
        crate::case_views::QueueItemView,
        crate::case_views::CaseView,
        crate::case_views::ClocksView,
        crate::case_views::HistoryView,
        crate::case_views::IssuedAnswerView,
        crate::case_views::AiLabelView,
        crate::cases::ActionRequest,
        crate::groups::GroupView,
        crate::groups::GroupRefView,
        crate::groups::LinksView,
        crate::groups::GroupAnswerRequest,
        crate::groups::GroupAnsweredView,
        crate::groups::SkippedView,
        crate::catalogue::ServiceView,
        crate::catalogue::NamesView,
        crate::catalogue::ClaimView,
        crate::unmask::UnmaskRequest,
        crate::unmask::UnmaskedView,
        crate::automation::AutomationRequest,
        crate::automation::AutomationView,
        crate::offers::AcceptanceRequest,
        crate::offers::OfferStateView,
        crate::error::Problem,
        crate::error::FieldError,
    )),
    modifiers(&LimitResponses, &SecuritySchemes)
)]
pub struct ApiDoc;

/// Declares how callers authenticate: an official's API token (`bearer`), a channel client's
/// key (`client_key`) and a citizen's access code (`access_code`).
struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("An official's API token, made by `sheshim user add`"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "client_key",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "X-Client-Key",
                "A channel client's key, made by `sheshim client add`",
            ))),
        );
        components.add_security_scheme(
            "access_code",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Access-Code",
                "The citizen's access code that the appeal's registration returned",
            ))),
        );
    }
}

/// Adds the problems [`crate::limits::guard_request`] answers before any handler runs: `414`
/// and `431` to every operation, and `408` to those that take a body.
struct LimitResponses;

impl Modify for LimitResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            let operations = [&mut item.get, &mut item.post, &mut item.put];
            for operation in operations.into_iter().flatten() {
                add_limit_responses(operation);
            }
        }
    }
}

fn add_limit_responses(operation: &mut Operation) {
    let mut problems = vec![
        ("414", "The request target is longer than 8 KiB"),
        (
            "431",
            "More header fields (over 64) or header bytes than the server reads",
        ),
    ];
    if operation.request_body.is_some() {
        problems.push(("408", "The body did not arrive within the body timeout"));
    }
    for (status, description) in problems {
        let problem = ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .build();
        let response = ResponseBuilder::new()
            .description(description)
            .content("application/problem+json", problem)
            .build();
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert(response.into());
    }
}

/// `GET /openapi.json`.
pub(crate) async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
