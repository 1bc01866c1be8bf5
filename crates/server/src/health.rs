//! `GET /healthz`: the server is up and its database can take a write now; `GET /livez`: the
//! process answers HTTP at all (no database work, cheap enough to poll often).

use crate::error::ApiError;
use crate::state::AppState;
use crate::views::{Health, Liveness};
use axum::Json;
use axum::extract::State;

/// Answers 200 when the database can take a write now (a real write in a transaction that is
/// rolled back, and for SQLite the check that its files are the ones opened), 503 otherwise.
#[utoipa::path(get, path = "/healthz", responses(
    (status = 200, description = "The server is up and its database can take writes", body = Health),
    (status = 503, description = "The database does not answer or cannot be written", body = crate::error::Problem, content_type = "application/problem+json"),
))]
pub(crate) async fn healthz(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    state.store.check_writable().await?;
    Ok(Json(Health {
        status: "ok".to_owned(),
        database: state.store.backend().name().to_owned(),
        writable: true,
    }))
}

/// Answers 200 whenever the server answers HTTP; it touches no database.
#[utoipa::path(get, path = "/livez", responses(
    (status = 200, description = "The server process is alive", body = Liveness),
))]
pub(crate) async fn livez() -> Json<Liveness> {
    Json(Liveness {
        status: "alive".to_owned(),
    })
}
