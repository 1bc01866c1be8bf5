//! The queue: the agency's open cases by working days left, then urgency, with filters kept
//! in the URL, saved personal views, pages, and assigning many cases at once.

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::form::Fields;
use crate::queue_view::{Filters, Row, URGENCIES, code_words};
use crate::session::Session;
use crate::sign_in::html;
use askama::Template;
use axum::Form;
use axum::extract::rejection::FormRejection;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use sheshim_domain::{CaseStatus, RegistrationNumber, Role};
use sheshim_engine::Action;
use sheshim_server::AppState;
use sheshim_store::SavedView;

/// A choice of a filter's `<select>`.
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "queue.html")]
struct QueuePage {
    chrome: Chrome,
    rows: Vec<Row>,
    statuses: Vec<Choice>,
    services: Vec<Choice>,
    urgencies: Vec<Choice>,
    languages: Vec<Choice>,
    assigned: Vec<Choice>,
    due_before: String,
    overdue: bool,
    query: String,
    next: Option<String>,
    first: Option<String>,
    views: Vec<SavedView>,
    may_assign: bool,
    login: String,
}

fn choices(
    options: impl IntoIterator<Item = (String, String)>,
    chosen: Option<&str>,
    t: &crate::i18n::Tr,
) -> Vec<Choice> {
    let mut list = vec![Choice {
        value: String::new(),
        label: t.t("queue-any"),
        selected: chosen.is_none(),
    }];
    list.extend(options.into_iter().map(|(value, label)| Choice {
        selected: chosen == Some(value.as_str()),
        value,
        label,
    }));
    list
}

/// `GET /workspace/queue`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let scope = match session.role {
        Role::Auditor => None,
        Role::Officer | Role::Supervisor => Some(session.agency.clone()),
        Role::Admin => return Err(WebError::Forbidden),
    };
    let query = query.unwrap_or_default();
    let filters = Filters::parse(&query).map_err(WebError::Refused)?;
    let today = sheshim_calendar::local_date(state.clock().now());
    let store = state.store();
    let found = store
        .queue(&filters.store_filter(scope, session.login.as_str(), today))
        .await?;
    let chrome = Chrome::signed_in(&session, &format!("/workspace/queue?{query}"));
    let t = chrome.t;
    let mut rows = Vec::with_capacity(found.items.len());
    for item in &found.items {
        // The topic and the suggestion are in the sealed record; a case that cannot be
        // read now still shows its row from the queue's own columns.
        let case = store.case(&item.registration_number).await.ok().flatten();
        rows.push(Row::new(&t, item, case.as_ref(), today));
    }
    let base = filters.query();
    let next = found.next.map(|cursor| {
        let mut with = form_urlencoded::Serializer::new(base.clone());
        with.append_pair("cursor", &cursor.encode());
        with.finish()
    });
    let first = filters.cursor.map(|_| base.clone());
    let services = state
        .flow()
        .map(|flow| {
            flow.catalogue()
                .services()
                .map(|service| {
                    let code = service.code.as_str().to_owned();
                    (code.clone(), service.name(t.language()).to_owned())
                })
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let statuses = CaseStatus::ALL
        .iter()
        .map(|s| (s.code().to_owned(), code_words(&t, "status", s.code())))
        .collect::<Vec<_>>();
    let page = QueuePage {
        statuses: choices(statuses, filters.status.map(|s| s.code()), &t),
        services: choices(services, filters.service.as_ref().map(|s| s.as_str()), &t),
        urgencies: choices(
            URGENCIES
                .iter()
                .rev()
                .map(|u| ((*u).to_owned(), code_words(&t, "urgency", u))),
            filters.urgency.map(|u| URGENCIES[usize::from(u.min(3))]),
            &t,
        ),
        languages: choices(
            crate::i18n::LANGUAGES
                .iter()
                .map(|l| (l.code().to_owned(), code_words(&t, "language", l.code()))),
            filters.language.map(|l| l.code()),
            &t,
        ),
        assigned: choices(
            [
                ("me".to_owned(), t.t("queue-assigned-me")),
                ("none".to_owned(), t.t("queue-assigned-none")),
            ],
            match filters.assigned {
                Some(crate::queue_view::Assigned::Me) => Some("me"),
                Some(crate::queue_view::Assigned::Nobody) => Some("none"),
                None => None,
            },
            &t,
        ),
        due_before: filters
            .due_before
            .map(crate::format::iso_date)
            .unwrap_or_default(),
        overdue: filters.overdue,
        query: base,
        next,
        first,
        views: store.saved_views(session.user_id).await?,
        may_assign: session.role.acts_on_cases(),
        login: session.login.to_string(),
        rows,
        chrome,
    };
    html(&page)
}

/// `POST /workspace/queue/assign`: assigns each case ticked, through the engine, each at
/// the version it has now (bulk assignment is a queue action, not an edit of a case read
/// earlier). The first refusal stops and is shown.
pub async fn bulk_assign(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let form = Fields::parse_with_lists(&body, &["case"])?;
    session.check_form(&headers, form.get("csrf"))?;
    let flow = state.flow().ok_or(WebError::Unavailable)?;
    let officer = session.officer();
    let assignee = match form.get("assignee").map(str::trim).unwrap_or_default() {
        "" => None,
        "me" => Some(session.login.to_string()),
        other => Some(other.to_owned()),
    };
    let cases: Vec<&str> = form.all("case").collect();
    if cases.len() > 200 {
        return Err(WebError::Refused(
            "case: at most 200 cases at once".to_owned(),
        ));
    }
    for number in cases {
        let number = RegistrationNumber::parse(number).map_err(|_| WebError::NotFound)?;
        let case = flow.case_for(&officer, &number).await?;
        flow.act(
            &officer,
            &number,
            case.version,
            Action::Assign {
                assignee: assignee.clone(),
            },
        )
        .await?;
    }
    let back = form
        .get("back")
        .filter(|b| b.starts_with("/workspace/queue") && !b.contains("//"))
        .unwrap_or("/workspace/queue");
    Ok(Redirect::to(back).into_response())
}

/// The save-view form.
#[derive(Deserialize)]
pub struct SaveViewForm {
    csrf: Option<String>,
    name: String,
    query: String,
}

/// `POST /workspace/views`: saves the filters shown under a name of the user's.
pub async fn save_view(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    form: Result<Form<SaveViewForm>, FormRejection>,
) -> Result<Response, WebError> {
    let form = form.ok().map(|Form(form)| form);
    session.check_form(&headers, form.as_ref().and_then(|f| f.csrf.as_deref()))?;
    let form = form.ok_or_else(|| WebError::Refused("name: is required".to_owned()))?;
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(WebError::Refused(
            "name: must be 1–80 characters".to_owned(),
        ));
    }
    let filters = Filters::parse(&form.query).map_err(WebError::Refused)?;
    let query = filters.query();
    state
        .store()
        .save_view(session.user_id, name, &query, state.clock().now())
        .await?;
    Ok(Redirect::to(&format!("/workspace/queue?{query}")).into_response())
}

/// The delete-view form.
#[derive(Deserialize)]
pub struct TokenForm {
    csrf: Option<String>,
}

/// `POST /workspace/views/{id}/delete`.
pub async fn delete_view(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, WebError> {
    let csrf = form.ok().and_then(|Form(form)| form.csrf);
    session.check_form(&headers, csrf.as_deref())?;
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    if !state.store().delete_view(session.user_id, id).await? {
        return Err(WebError::NotFound);
    }
    Ok(Redirect::to("/workspace/queue").into_response())
}
