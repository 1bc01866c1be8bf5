//! `GET /healthz`: the server is up and its database answers.

use crate::error::ApiError;
use crate::state::AppState;
use crate::views::Health;
use axum::Json;
use axum::extract::State;

/// Answers 200 when the database answers, 503 otherwise.
#[utoipa::path(get, path = "/healthz", responses(
    (status = 200, description = "The server and its database are up", body = Health),
    (status = 503, description = "The database does not answer", body = crate::error::Problem, content_type = "application/problem+json"),
))]
pub(crate) async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.store.ping().await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        database: state.store.backend().name().to_owned(),
    }))
}
