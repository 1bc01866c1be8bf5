//! Sheshim's HTTP API: routes under `/v1` (appeals, triage, cases, offers), `/healthz`, `/livez`, `/metrics`
//! and `/openapi.json`.
//!
//! This is the only crate that knows HTTP and JSON. Raw requests are parsed here, once, into
//! the domain's types; every error leaves as an RFC 9457 problem-details body through
//! [`ApiError`], whose 4xx messages are safe to show and whose 5xx causes go only to the log.
//! [`serve`] runs the API under [`Limits`] that no client can exhaust.

mod appeals;
mod auth;
mod automation;
mod case_views;
mod cases;
mod catalogue;
mod error;
mod groups;
mod health;
mod input;
mod json;
mod limits;
mod listen;
mod listing;
mod metrics;
mod offers;
mod openapi;
mod rate;
mod state;
mod triage;
mod unmask;
mod views;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post, put};

pub use auth::{CLIENT_CACHE_TTL, CLIENT_KEY_HEADER, ChannelClient, Principal};
pub use error::{ApiError, MAX_FIELD_ERRORS};
pub use limits::{HYPER_HEAD_BYTES_FACTOR, Limits, MAX_HEADER_FIELDS, MAX_URI_BYTES};
pub use listen::{Listeners, serve, serve_with};
pub use openapi::ApiDoc;
pub use state::AppState;
pub use views::{
    AppealRequest, ApplicantRequest, ChannelCode, KindCode, LanguageCode, TriageRequest, TriageView,
};

/// Largest request body accepted, in bytes. An appeal's text is capped at 20,000 characters
/// (at most 80 KB of UTF-8); this leaves room for the rest of the request and no more.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The whole API, `/metrics` included, on one address.
pub fn router(state: AppState) -> Router {
    with_layers(api_routes().route("/metrics", get(metrics::render)), state)
}

/// The API without `/metrics`, for when metrics are served on an address of their own.
pub fn api_router(state: AppState) -> Router {
    with_layers(api_routes(), state)
}

/// The whole API with other routes beside it (the officers' web workspace under
/// `/workspace`), all behind the same limits, metrics and fallbacks. `with_metrics` adds
/// `/metrics` as [`router`] does.
pub fn router_with(state: AppState, extra: Router<AppState>, with_metrics: bool) -> Router {
    let routes = api_routes().merge(extra);
    if with_metrics {
        with_layers(routes.route("/metrics", get(metrics::render)), state)
    } else {
        with_layers(routes, state)
    }
}

/// `/metrics` alone, for a private address. Its scrapes are not themselves counted.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(metrics::render))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .with_state(state)
}

fn api_routes() -> Router<AppState> {
    Router::new()
        .route("/v1/appeals", get(appeals::list).post(appeals::create))
        .route("/v1/appeals/{registration_number}", get(appeals::get_one))
        .route("/v1/triage", post(triage::triage))
        .route("/v1/queue", get(cases::queue))
        .route("/v1/cases/{registration_number}", get(cases::get_case))
        .route("/v1/cases/{registration_number}/actions", post(cases::act))
        .route("/v1/groups/{id}", get(groups::get_group))
        .route("/v1/groups/{id}/answer", post(groups::answer))
        .route(
            "/v1/cases/{registration_number}/unmask",
            post(unmask::unmask),
        )
        .route("/v1/services", get(catalogue::list))
        .route(
            "/v1/services/{code}/automation",
            put(automation::set_automation),
        )
        .route("/v1/offers/{id}/accept", post(offers::accept))
        .route("/v1/offers/{id}/decline", post(offers::decline))
        .route("/healthz", get(health::healthz))
        .route("/livez", get(health::livez))
        .route("/openapi.json", get(openapi::document))
}

/// The fallbacks and the layers every API request passes: counted and logged first, then its
/// head measured and its body read within the limits.
fn with_layers(routes: Router<AppState>, state: AppState) -> Router {
    routes
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            limits::guard_request,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::observe,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}
