//! Mass appeal groups over the API: a group with its size, members and representative text,
//! and one answer for the group, approved by an officer or supervisor of its agency and
//! issued to every open member personalised (the engine's `Flow::answer_group`). A group of
//! another agency is the same `404` as an unknown one; auditors read but do not answer.
//! Also the links a case and a queue item show.

use crate::appeals::{read_body, require_json};
use crate::auth::Principal;
use crate::cases::{flow, officer};
use crate::error::ApiError;
use crate::input::json_body;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sheshim_domain::{Language, RegistrationNumber};
use sheshim_store::{CaseLinks, GroupRef};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A mass appeal group.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupView {
    /// The group's id: the registration number of its earliest member.
    pub id: String,
    /// The agency whose cases it groups.
    pub agency: String,
    /// How many cases are members.
    pub size: usize,
    /// The masked text of its earliest member.
    pub representative_text: Option<String>,
    /// When it was formed.
    pub created_at: DateTime<Utc>,
    /// The members' registration numbers, in registration order.
    pub members: Vec<String>,
}

/// The group a case or queue item is a member of.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupRefView {
    /// The group's id.
    pub id: String,
    /// How many cases are members.
    pub size: u32,
    /// The masked text of its earliest member (on a case; absent in the queue).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub representative_text: Option<String>,
}

impl GroupRefView {
    pub(crate) fn of(group: &GroupRef) -> GroupRefView {
        GroupRefView {
            id: group.id.as_str().to_owned(),
            size: group.size,
            representative_text: None,
        }
    }
}

/// A case's links to other cases.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct LinksView {
    /// The earlier open case of the same applicant this one repeats: it is not answered twice.
    pub duplicate_of: Option<String>,
    /// The mass appeal group it is a member of.
    pub group: Option<GroupRefView>,
}

/// The links of a case, with its group's representative text.
pub(crate) async fn links_view(state: &AppState, links: &CaseLinks) -> Result<LinksView, ApiError> {
    let mut group = links.group.as_ref().map(GroupRefView::of);
    if let Some(group) = &mut group
        && let Ok(id) = RegistrationNumber::parse(&group.id)
    {
        // The representative is of the same agency as the member shown, so nothing leaks.
        let representative = state.store.case(&id).await?;
        group.representative_text = representative
            .as_ref()
            .and_then(|case| case.record.as_ref())
            .and_then(|record| record.pointer("/triage/masked_text"))
            .and_then(|text| text.as_str())
            .map(str::to_owned);
    }
    Ok(LinksView {
        duplicate_of: links.duplicate_of.as_ref().map(|n| n.as_str().to_owned()),
        group,
    })
}

/// The answer an officer approves for a group, per language.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupAnswerRequest {
    /// The answer's text by language code (`kk`, `ru`, `en`): one for every language the
    /// group's open members wrote in. Each member gets it addressed to them by name, with
    /// their case's number and date.
    pub bodies: BTreeMap<String, String>,
}

/// What answering a group did.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupAnsweredView {
    /// The group's id.
    pub group: String,
    /// The members answered now, each with its own issued answer and record.
    pub answered: Vec<String>,
    /// The members not answered now, with why.
    pub skipped: Vec<SkippedView>,
}

/// A member not answered.
#[derive(Debug, Serialize, ToSchema)]
pub struct SkippedView {
    /// Its registration number.
    pub registration_number: String,
    /// Why.
    pub reason: String,
}

fn group_id(id: Result<Path<String>, PathRejection>) -> Result<RegistrationNumber, ApiError> {
    id.ok()
        .and_then(|Path(n)| RegistrationNumber::parse(&n).ok())
        .ok_or_else(|| ApiError::NotFound("no group has this id".to_owned()))
}

fn not_found(error: sheshim_engine::ActionError) -> ApiError {
    match error {
        sheshim_engine::ActionError::NotFound => {
            ApiError::NotFound("no group has this id".to_owned())
        }
        other => other.into(),
    }
}

/// A mass appeal group of the caller's agency (an auditor's: any).
#[utoipa::path(get, path = "/v1/groups/{id}", security(("bearer" = [])),
    params(("id" = String, Path, description = "The group's id, e.g. SH-2026-0000042")),
    responses(
        (status = 200, description = "The group", body = GroupView),
        (status = 401, description = "No or a bad bearer token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role reads no cases (administrators)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No group with this id for the caller", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn get_group(
    State(state): State<AppState>,
    principal: Principal,
    id: Result<Path<String>, PathRejection>,
) -> Result<Json<GroupView>, ApiError> {
    let id = group_id(id)?;
    let view = flow(&state)?
        .group_for(&officer(&principal), &id)
        .await
        .map_err(not_found)?;
    Ok(Json(GroupView {
        id: view.group.id.as_str().to_owned(),
        agency: view.group.agency.as_str().to_owned(),
        size: view.group.members.len(),
        representative_text: view.representative_text,
        created_at: view.group.created_at,
        members: view
            .group
            .members
            .iter()
            .map(|n| n.as_str().to_owned())
            .collect(),
    }))
}

/// Answers every open member of the group once, personalised per member.
#[utoipa::path(post, path = "/v1/groups/{id}/answer", security(("bearer" = [])),
    params(("id" = String, Path, description = "The group's id, e.g. SH-2026-0000042")),
    request_body = GroupAnswerRequest,
    responses(
        (status = 200, description = "The members answered and those skipped", body = GroupAnsweredView),
        (status = 400, description = "Not UTF-8 JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or a bad bearer token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not answer (auditors, administrators)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No group with this id for the caller", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing answer for a member's language, an empty or over-long one, or a bad field, named", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn answer(
    State(state): State<AppState>,
    principal: Principal,
    id: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<GroupAnsweredView>, ApiError> {
    let id = group_id(id)?;
    require_json(&headers)?;
    let bytes = read_body(body)?;
    let body = json_body(&bytes)?;
    // serde's own message would quote the client's keys and values.
    let request: GroupAnswerRequest = serde_json::from_value(body.value).map_err(|_| {
        ApiError::field(
            "body",
            "must be {\"bodies\": {\"kk\"|\"ru\"|\"en\": text}} and nothing else",
        )
    })?;
    let mut bodies = BTreeMap::new();
    for (code, text) in request.bodies {
        let language = Language::parse(&code)
            .map_err(|_| ApiError::field("bodies", "keys must be kk, ru or en"))?;
        bodies.insert(language, text);
    }
    let answered = flow(&state)?
        .answer_group(&officer(&principal), &id, &bodies)
        .await
        .map_err(not_found)?;
    Ok(Json(GroupAnsweredView {
        group: id.as_str().to_owned(),
        answered: answered
            .answered
            .iter()
            .map(|n| n.as_str().to_owned())
            .collect(),
        skipped: answered
            .skipped
            .into_iter()
            .map(|(n, reason)| SkippedView {
                registration_number: n.as_str().to_owned(),
                reason,
            })
            .collect(),
    }))
}
