//! Sheshim's HTTP API: routes under `/v1` (appeals, triage), `/healthz`, `/livez`, `/metrics`
//! and `/openapi.json`.
//!
//! This is the only crate that knows HTTP and JSON. Raw requests are parsed here, once, into
//! the domain's types; every error leaves as an RFC 9457 problem-details body through
//! [`ApiError`], whose 4xx messages are safe to show and whose 5xx causes go only to the log.

mod appeals;
mod error;
mod health;
mod input;
mod metrics;
mod openapi;
mod state;
mod triage;
mod views;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

pub use error::ApiError;
pub use openapi::ApiDoc;
pub use state::AppState;
pub use views::TriageView;

/// Largest request body accepted, in bytes. An appeal's text is capped at 20,000 characters
/// (at most 80 KB of UTF-8); this leaves room for the rest of the request and no more.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// The whole API.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/v1/appeals", get(appeals::list).post(appeals::create))
        .route("/v1/appeals/{registration_number}", get(appeals::get_one))
        .route("/v1/triage", post(triage::triage))
        .route("/healthz", get(health::healthz))
        .route("/livez", get(health::livez))
        .route("/metrics", get(metrics::render))
        .route("/openapi.json", get(openapi::document))
        .fallback(error::not_found)
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            metrics::observe,
        ))
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(state)
}
