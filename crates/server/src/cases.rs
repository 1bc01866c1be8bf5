//! The case API for officers, supervisors and auditors: the queue, a whole case and
//! officers' actions (the stop switches are in `automation.rs`). Every route needs a user's
//! bearer token; the
//! engine checks role and agency (another agency's case is a 404, so its existence does
//! not leak).

use crate::appeals::{read_body, require_json};
use crate::auth::Principal;
use crate::case_views::{CaseView, QueueItemView, QueuePageView};
use crate::error::ApiError;
use crate::input::json_body;
use crate::listing;
use crate::state::AppState;
use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, PathRejection};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use sheshim_domain::{AgencyCode, CaseStatus, Language, RegistrationNumber, ServiceCode};
use sheshim_engine::{Action, ActionError, Choice, Flow, Officer};
use sheshim_store::{QueueCursor, QueueFilter};
use utoipa::ToSchema;

pub(crate) fn officer(principal: &Principal) -> Officer {
    Officer {
        login: principal.login.to_string(),
        role: principal.role,
        agency: principal.agency.clone(),
    }
}

pub(crate) fn flow(state: &AppState) -> Result<&Flow, ApiError> {
    state.flow.as_ref().ok_or_else(|| {
        tracing::error!("the case flow is not configured on this server");
        ApiError::Unavailable
    })
}

fn case_number(
    number: Result<Path<String>, PathRejection>,
) -> Result<RegistrationNumber, ApiError> {
    number
        .ok()
        .and_then(|Path(n)| RegistrationNumber::parse(&n).ok())
        .ok_or_else(|| ApiError::NotFound("no case has this number".to_owned()))
}

impl From<ActionError> for ApiError {
    fn from(error: ActionError) -> ApiError {
        match error {
            ActionError::NotFound => ApiError::NotFound("no case has this number".to_owned()),
            ActionError::Forbidden(_) => ApiError::Forbidden(error.to_string()),
            ActionError::Stale { .. } => ApiError::PreconditionFailed(error.to_string()),
            ActionError::NotAllowed { .. } => ApiError::Conflict(error.to_string()),
            ActionError::Invalid { field, message } => ApiError::field(field, message),
            ActionError::Storage => ApiError::Unavailable,
        }
    }
}

/// The caller's agency's open cases, by working days left, then urgency.
#[utoipa::path(get, path = "/v1/queue", security(("bearer" = [])),
    params(
        ("status" = Option<String>, Query, description = "Only this status (default: every open status)",
            pattern = "^(registered|in_review|forwarded|extended|awaiting_hearing|decided|notified|deemed_refused|withdrawn)$"),
        ("service" = Option<String>, Query, description = "Only this service code"),
        ("urgency" = Option<String>, Query, description = "immediate, high, normal or low", pattern = "^(immediate|high|normal|low)$"),
        ("language" = Option<String>, Query, description = "kk, ru or en", pattern = "^(kk|ru|en)$"),
        ("assigned" = Option<String>, Query, description = "`me` or `none`", pattern = "^(me|none)$"),
        ("due_before" = Option<NaiveDate>, Query, description = "Only cases due on or before this date"),
        ("limit" = Option<u32>, Query, description = "Items per page, 1–500 (default 50)", minimum = 1, maximum = 500),
        ("cursor" = Option<String>, Query, description = "next_cursor of the previous page"),
    ),
    responses(
        (status = 200, description = "A page of the queue", body = QueuePageView),
        (status = 401, description = "No or a bad bearer token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role reads no cases (administrators)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad, repeated or unknown query parameter, named", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn queue(
    State(state): State<AppState>,
    principal: Principal,
    RawQuery(query): RawQuery,
) -> Result<Json<QueuePageView>, ApiError> {
    let params = listing::parameters(
        query.as_deref().unwrap_or_default(),
        &[
            "status",
            "service",
            "urgency",
            "language",
            "assigned",
            "due_before",
            "limit",
            "cursor",
        ],
    )?;
    let agency = match principal.case_scope()? {
        crate::auth::CaseScope::AllAgencies => None,
        crate::auth::CaseScope::Agency(agency) => Some(agency),
    };
    let mut filter = QueueFilter {
        agency,
        limit: listing::page_limit(&params)?,
        due_on_or_before: listing::due_before(&params)?,
        ..QueueFilter::default()
    };
    if let Some(status) = params.get("status") {
        filter.status = Some(
            CaseStatus::parse(status)
                .map_err(|_| ApiError::field("status", "is not a case status"))?,
        );
    }
    if let Some(service) = params.get("service") {
        filter.service = Some(
            ServiceCode::parse(service).map_err(|e| ApiError::field("service", e.to_string()))?,
        );
    }
    if let Some(urgency) = params.get("urgency") {
        filter.urgency = Some(match urgency.as_str() {
            "immediate" => 3,
            "high" => 2,
            "normal" => 1,
            "low" => 0,
            _ => {
                return Err(ApiError::field(
                    "urgency",
                    "must be immediate, high, normal or low",
                ));
            }
        });
    }
    if let Some(language) = params.get("language") {
        filter.language = Some(
            Language::parse(language)
                .map_err(|_| ApiError::field("language", "must be kk, ru or en"))?,
        );
    }
    match params.get("assigned").map(String::as_str) {
        None => {}
        Some("me") => filter.assignee = Some(principal.login.to_string()),
        Some("none") => filter.unassigned = true,
        Some(_) => return Err(ApiError::field("assigned", "must be me or none")),
    }
    if let Some(cursor) = params.get("cursor") {
        filter.after = Some(
            QueueCursor::decode(cursor)
                .ok_or_else(|| ApiError::field("cursor", "is not a cursor this API gave out"))?,
        );
    }
    let page = state.store.queue(&filter).await?;
    let today = sheshim_calendar::local_date(state.clock.now());
    Ok(Json(QueuePageView {
        items: page
            .items
            .iter()
            .map(|item| QueueItemView::new(item, today))
            .collect(),
        next_cursor: page.next.map(|c| c.encode()),
    }))
}

/// The whole case: status and clocks, masked text, triage, registry facts and claims with
/// their differences, the decision with its trace and citations, the draft, the history.
#[utoipa::path(get, path = "/v1/cases/{registration_number}", security(("bearer" = [])),
    params(("registration_number" = String, Path, description = "e.g. SH-2026-0000042")),
    responses(
        (status = 200, description = "The case; its ETag is its version", body = CaseView),
        (status = 401, description = "No or a bad bearer token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role reads no cases (administrators)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No case with this number for the caller", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn get_case(
    State(state): State<AppState>,
    principal: Principal,
    number: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let number = case_number(number)?;
    let case = flow(&state)?
        .case_for(&officer(&principal), &number)
        .await?;
    case_response(&state, &case).await
}

async fn case_response(
    state: &AppState,
    case: &sheshim_store::StoredCase,
) -> Result<Response, ApiError> {
    let history = state
        .store
        .history(case.appeal.registration_number.as_str())
        .await?;
    let links = state
        .store
        .case_links(&case.appeal.registration_number)
        .await?;
    let links = crate::groups::links_view(state, &links).await?;
    let today = sheshim_calendar::local_date(state.clock.now());
    let mut response = Json(CaseView::new(case, &history, links, today)).into_response();
    if let Ok(etag) = HeaderValue::from_str(&format!("\"{}\"", case.version)) {
        response.headers_mut().insert(header::ETAG, etag);
    }
    Ok(response)
}

/// An officer's action on a case.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionRequest {
    /// `assign`, `approve`, `edit`, `override`, `forward`, `extend`, `start_hearing`,
    /// `record_hearing_reply`, `decide` or `withdraw`.
    #[schema(
        pattern = "^(assign|approve|edit|override|forward|extend|start_hearing|record_hearing_reply|decide|withdraw)$"
    )]
    pub action: String,
    /// The case's version the officer read (or send `If-Match`).
    pub version: Option<i64>,
    /// `assign`: the officer's login (absent to unassign).
    pub assignee: Option<String>,
    /// `edit`, `decide`: the letter's body.
    pub body: Option<String>,
    /// `override`, `decide`: `granted`, `denied` or `answered`.
    pub outcome: Option<String>,
    /// `override`: the amount in tiyn.
    pub amount_tiyn: Option<i64>,
    /// `override`, `forward`, `extend`, `withdraw`: why.
    pub reason: Option<String>,
    /// `forward`: the competent agency.
    pub agency: Option<String>,
    /// `extend`: the new deadline.
    pub new_deadline: Option<NaiveDate>,
    /// `record_hearing_reply`: what the applicant answered.
    pub reply: Option<String>,
}

/// Takes an action on the case at the version the officer read.
#[utoipa::path(post, path = "/v1/cases/{registration_number}/actions", security(("bearer" = [])),
    params(
        ("registration_number" = String, Path, description = "e.g. SH-2026-0000042"),
        ("If-Match" = Option<String>, Header, description = "The case's ETag (its version), instead of `version` in the body"),
    ),
    request_body = ActionRequest,
    responses(
        (status = 200, description = "The case after the action", body = CaseView),
        (status = 400, description = "Not UTF-8 JSON", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 401, description = "No or a bad bearer token", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not act on cases (auditors read only)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No case with this number for the caller", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The case's status or the procedure's clocks do not allow the action now", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 412, description = "The case changed since the version sent; reload it", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not application/json", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A missing or invalid field, named", body = crate::error::Problem, content_type = "application/problem+json"),
    ))]
pub(crate) async fn act(
    State(state): State<AppState>,
    principal: Principal,
    number: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let number = case_number(number)?;
    require_json(&headers)?;
    let bytes = read_body(body)?;
    let body = json_body(&bytes)?;
    // serde's own message would quote the client's keys and values; the problem says what
    // the body must be instead.
    let request: ActionRequest = serde_json::from_value(body.value).map_err(|_| {
        ApiError::field(
            "body",
            "must be an action request: `action`, `version` and the action's own fields, each of its type, and no others (see /openapi.json)",
        )
    })?;
    let version = match (request.version, if_match(&headers)?) {
        (Some(v), _) | (None, Some(v)) => v,
        (None, None) => return Err(ApiError::field("version", "is required (or send If-Match)")),
    };
    let action = action_of(request)?;
    let flow = flow(&state)?;
    let case = flow
        .act(&officer(&principal), &number, version, action)
        .await?;
    case_response(&state, &case).await
}

fn if_match(headers: &HeaderMap) -> Result<Option<i64>, ApiError> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse().ok())
        .map(Some)
        .ok_or_else(|| ApiError::field("If-Match", "must be the case's ETag, e.g. \"3\""))
}

fn action_of(request: ActionRequest) -> Result<Action, ApiError> {
    let text = |value: Option<String>, field: &str| {
        value.ok_or_else(|| ApiError::field(field, "is required for this action"))
    };
    let choice = |value: Option<String>| match value.as_deref() {
        Some("granted") => Ok(Choice::Granted),
        Some("denied") => Ok(Choice::Denied),
        Some("answered") => Ok(Choice::Answered),
        _ => Err(ApiError::field(
            "outcome",
            "must be granted, denied or answered",
        )),
    };
    Ok(match request.action.as_str() {
        "assign" => Action::Assign {
            assignee: request.assignee,
        },
        "approve" => Action::Approve,
        "edit" => Action::Edit {
            body: text(request.body, "body")?,
        },
        "override" => Action::Override {
            outcome: choice(request.outcome)?,
            amount_tiyn: request.amount_tiyn,
            reason: text(request.reason, "reason")?,
        },
        "forward" => Action::Forward {
            agency: AgencyCode::parse(&text(request.agency, "agency")?)
                .map_err(|e| ApiError::field("agency", e.to_string()))?,
            reason: text(request.reason, "reason")?,
        },
        "extend" => Action::Extend {
            reason: text(request.reason, "reason")?,
            new_deadline: request
                .new_deadline
                .ok_or_else(|| ApiError::field("new_deadline", "is required for this action"))?,
        },
        "start_hearing" => Action::StartHearing,
        "record_hearing_reply" => Action::RecordHearingReply {
            reply: text(request.reply, "reply")?,
        },
        "decide" => Action::Decide {
            outcome: choice(request.outcome)?,
            body: text(request.body, "body")?,
        },
        "withdraw" => Action::Withdraw {
            reason: text(request.reason, "reason")?,
        },
        _ => {
            return Err(ApiError::field(
                "action",
                "is not an action; see the API description",
            ));
        }
    })
}
