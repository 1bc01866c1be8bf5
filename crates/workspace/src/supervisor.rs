//! The supervisor's page: the stop switches (per service and for all, with a confirmation
//! and a reason), the agency's cases at risk and overdue, and its deemed refusals.
//!
//! A supervisor switches the services their own agency provides, and the switch for all
//! services: stopping automation is the safe direction, and an emergency stop must not wait
//! for another agency's supervisor.

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::form::Fields;
use crate::queue_view::{Row, working_days_left};
use crate::session::Session;
use crate::sign_in::html;
use askama::Template;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::TimeDelta;
use sheshim_domain::{CaseStatus, Role, ServiceCode};
use sheshim_server::AppState;
use sheshim_store::{AutomationSwitch, QueueFilter};

/// A stop switch as the page shows it.
pub struct SwitchRow {
    /// The service code, or `*`.
    pub service: String,
    /// The form's id suffix: the code, or `all`.
    pub id: String,
    /// The service's name, or "all services".
    pub name: String,
    /// Whether automatic issuing is stopped.
    pub stopped: bool,
    /// Who set it, why and when.
    pub note: String,
}

/// A list of cases on the page.
pub struct CaseList {
    /// The section's id.
    pub id: &'static str,
    /// Its heading.
    pub heading: String,
    /// A line under the heading.
    pub hint: Option<String>,
    /// The cases.
    pub rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "supervisor.html")]
struct SupervisorPage {
    chrome: Chrome,
    switches: Vec<SwitchRow>,
    lists: Vec<CaseList>,
}

/// How many cases each list shows.
const LIST_LIMIT: u32 = 50;

/// `GET /workspace/supervisor`.
pub async fn page(State(state): State<AppState>, session: Session) -> Result<Response, WebError> {
    session.require(&[Role::Supervisor])?;
    let flow = state.flow().ok_or(WebError::Unavailable)?;
    let chrome = Chrome::signed_in(&session, "/workspace/supervisor");
    let t = chrome.t;
    let set = state.store().automation_switches().await?;
    let note = |code: &str| {
        set.iter().find(|s| s.service == code).map_or_else(
            || (false, String::new()),
            |s| {
                (
                    s.stopped,
                    format!(
                        "{} · {} · {}",
                        s.updated_by.trim_start_matches("user:"),
                        crate::format::date_time(t.language(), s.updated_at),
                        s.reason
                    ),
                )
            },
        )
    };
    let mut switches = Vec::new();
    let (stopped, all_note) = note("*");
    switches.push(SwitchRow {
        service: "*".to_owned(),
        id: "all".to_owned(),
        name: t.t("supervisor-all-services"),
        stopped,
        note: all_note,
    });
    for service in flow.catalogue().services() {
        if service.agency() != Some(&session.agency) {
            continue;
        }
        let (stopped, text) = note(service.code.as_str());
        switches.push(SwitchRow {
            service: service.code.as_str().to_owned(),
            id: service.code.as_str().to_owned(),
            name: service.name(t.language()).to_owned(),
            stopped,
            note: text,
        });
    }
    let today = sheshim_calendar::local_date(state.clock().now());
    let store = state.store();
    let list = |status: Option<CaseStatus>, due: Option<chrono::NaiveDate>| QueueFilter {
        agency: Some(session.agency.clone()),
        status,
        due_on_or_before: due,
        limit: LIST_LIMIT,
        ..QueueFilter::default()
    };
    let yesterday = today
        .checked_sub_signed(TimeDelta::days(1))
        .unwrap_or(today);
    let overdue_items = store.queue(&list(None, Some(yesterday))).await?.items;
    // At risk: due within three working days (at most five calendar days ahead covers a
    // weekend), not yet overdue.
    let soon = today
        .checked_add_signed(TimeDelta::days(7))
        .unwrap_or(today);
    let at_risk_items: Vec<_> = store
        .queue(&list(None, Some(soon)))
        .await?
        .items
        .into_iter()
        .filter(|item| (0..=3).contains(&working_days_left(today, item.deadline)))
        .collect();
    let deemed_items = store
        .queue(&list(Some(CaseStatus::DeemedRefused), None))
        .await?
        .items;
    let rows = |items: &[sheshim_store::QueueItem]| {
        items
            .iter()
            .map(|item| Row::new(&t, item, None, today))
            .collect::<Vec<_>>()
    };
    let lists = vec![
        CaseList {
            id: "at-risk",
            heading: t.t("supervisor-at-risk"),
            hint: None,
            rows: rows(&at_risk_items),
        },
        CaseList {
            id: "overdue",
            heading: t.t("supervisor-overdue"),
            hint: None,
            rows: rows(&overdue_items),
        },
        CaseList {
            id: "deemed",
            heading: t.t("supervisor-deemed"),
            hint: Some(t.t("supervisor-deemed-hint")),
            rows: rows(&deemed_items),
        },
    ];
    html(&SupervisorPage {
        switches,
        lists,
        chrome,
    })
}

/// `POST /workspace/supervisor/automation`: turns a stop switch on or off, with a reason and
/// a confirmation; audited by the store.
pub async fn set_switch(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body)?;
    session.check_form(&headers, fields.get("csrf"))?;
    session.require(&[Role::Supervisor])?;
    let flow = state.flow().ok_or(WebError::Unavailable)?;
    let service = match fields.get("service") {
        Some("*") => "*".to_owned(),
        Some(code) => {
            let code = ServiceCode::parse(code).map_err(|_| WebError::NotFound)?;
            let found = flow.catalogue().get(&code).ok_or(WebError::NotFound)?;
            if found.agency() != Some(&session.agency) {
                return Err(WebError::Forbidden);
            }
            code.as_str().to_owned()
        }
        None => return Err(WebError::Refused("service: is required".to_owned())),
    };
    let stopped = match fields.get("stopped") {
        Some("on") => true,
        Some("off") => false,
        _ => return Err(WebError::Refused("stopped: must be on or off".to_owned())),
    };
    let reason = fields
        .get("reason")
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    if reason.is_empty() || reason.chars().count() > 1000 {
        return Err(WebError::Refused(
            "reason: must be 1–1000 characters".to_owned(),
        ));
    }
    if !matches!(fields.get("confirm"), Some("yes" | "on")) {
        return Err(WebError::Refused(
            "confirm: tick the confirmation to change the switch".to_owned(),
        ));
    }
    state
        .store()
        .set_automation_switch(&AutomationSwitch {
            service,
            stopped,
            reason,
            updated_by: format!("user:{}", session.login),
            updated_at: state.clock().now(),
        })
        .await?;
    Ok(Redirect::to("/workspace/supervisor").into_response())
}
