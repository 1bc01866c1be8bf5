//! One answer for a mass appeal group from the case page of any member: the officer writes
//! the answer in the languages the members wrote in, and the engine (`Flow::answer_group`,
//! the same use case as `POST /v1/groups/{id}/answer`) issues it to every open member,
//! personalised, each with its own record. Role and agency are the engine's checks.

use crate::error::WebError;
use crate::form::Fields;
use crate::session::Session;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use sheshim_domain::{Language, RegistrationNumber};
use sheshim_server::AppState;
use std::collections::BTreeMap;

/// `POST /workspace/groups/{id}/answer`: fields `kk`, `ru`, `en` (empty ones are not used).
pub async fn answer(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body)?;
    session.check_form(&headers, fields.get("csrf"))?;
    let id = RegistrationNumber::parse(&id).map_err(|_| WebError::NotFound)?;
    let mut bodies = BTreeMap::new();
    for language in [Language::Kk, Language::Ru, Language::En] {
        if let Some(text) = fields
            .get(language.code())
            .map(str::trim)
            .filter(|t| !t.is_empty())
        {
            bodies.insert(language, text.to_owned());
        }
    }
    let flow = state.flow().ok_or(WebError::Unavailable)?;
    flow.answer_group(&session.officer(), &id, &bodies).await?;
    Ok(Redirect::to(&format!("/workspace/cases/{id}")).into_response())
}
