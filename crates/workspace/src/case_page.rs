//! The case page: the whole picture on one screen, the actions the officer may take, and the
//! notice that a colleague has the same case open.

use crate::WorkspaceConfig;
use crate::case_view::CaseContent;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::queue_view::code_words;
use crate::session::Session;
use crate::sign_in::html;
use askama::Template;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::Response;
use sheshim_domain::RegistrationNumber;
use sheshim_engine::record::CaseRecord;
use sheshim_server::AppState;
use std::time::Instant;

#[derive(Template)]
#[template(path = "case.html")]
struct CasePage {
    chrome: Chrome,
    number: String,
    version: i64,
    summary: Vec<crate::case_view::Pair>,
    content: CaseContent,
    others: Vec<String>,
    may_act: bool,
    may_unmask: bool,
    heartbeat: u64,
    draft_body: String,
    template: Option<String>,
    today: String,
    login: String,
    action_base: String,
    /// The mass appeal group the case is a member of, for the form answering it once.
    group: Option<String>,
}

#[derive(Template)]
#[template(path = "presence.html")]
struct PresenceFragment {
    chrome: Chrome,
    others: Vec<String>,
}

/// The number in a case URL, or 404 (a malformed number names no case).
pub fn case_number(number: &str) -> Result<RegistrationNumber, WebError> {
    RegistrationNumber::parse(number).map_err(|_| WebError::NotFound)
}

/// The case a URL names, if this user may read it: the engine's check, so another agency's
/// case is a 404 exactly as in the API.
pub async fn readable_case(
    state: &AppState,
    session: &Session,
    number: &str,
) -> Result<(RegistrationNumber, sheshim_store::StoredCase), WebError> {
    let number = case_number(number)?;
    let flow = state.flow().ok_or(WebError::Unavailable)?;
    let case = flow.case_for(&session.officer(), &number).await?;
    Ok((number, case))
}

/// `GET /workspace/cases/{number}`.
pub async fn page(
    State(state): State<AppState>,
    Extension(config): Extension<WorkspaceConfig>,
    session: Session,
    Path(number): Path<String>,
) -> Result<Response, WebError> {
    let (number, case) = readable_case(&state, &session, &number).await?;
    let flow = state.flow().ok_or(WebError::Unavailable)?;
    let history = state.store().history(number.as_str()).await?;
    let today = sheshim_calendar::local_date(state.clock().now());
    let chrome = Chrome::signed_in(&session, &format!("/workspace/cases/{number}"));
    let t = chrome.t;
    let inputs_of_claims = case
        .service
        .as_ref()
        .and_then(|code| flow.catalogue().get(code))
        .map(|service| {
            service
                .definition()
                .inputs
                .iter()
                .filter_map(|spec| Some((spec.claim()?.to_owned(), spec.name.clone())))
                .collect()
        })
        .unwrap_or_default();
    let record: CaseRecord = case
        .record
        .clone()
        .and_then(|r| serde_json::from_value(r).ok())
        .unwrap_or_default();
    let content = CaseContent::new(&t, &case, &record, &history, today, &inputs_of_claims);
    let appeal = &case.appeal;
    let service = case
        .service
        .as_ref()
        .and_then(|code| flow.catalogue().get(code))
        .map(|service| service.name(t.language()).to_owned());
    let mut summary = vec![
        crate::case_view::Pair {
            label: t.t("queue-col-status"),
            value: code_words(&t, "status", appeal.status.code()),
        },
        crate::case_view::Pair {
            label: t.t("queue-col-kind"),
            value: code_words(&t, "kind", appeal.kind.code()),
        },
        crate::case_view::Pair {
            label: t.t("queue-col-language"),
            value: code_words(&t, "language", appeal.language.code()),
        },
        crate::case_view::Pair {
            label: t.t("case-agency"),
            value: case
                .agency
                .as_ref()
                .map_or_else(|| "—".to_owned(), ToString::to_string),
        },
        crate::case_view::Pair {
            label: t.t("queue-col-assignee"),
            value: case.assignee.clone().unwrap_or_else(|| "—".to_owned()),
        },
    ];
    // The case's links: the earlier case of the same applicant, the mass appeal group.
    let links = state.store().case_links(&number).await?;
    if let Some(earlier) = &links.duplicate_of {
        summary.push(crate::case_view::Pair {
            label: t.t("case-duplicate-of"),
            value: earlier.to_string(),
        });
    }
    if let Some(group) = &links.group {
        summary.push(crate::case_view::Pair {
            label: t.t("case-group"),
            value: format!(
                "{} · {}",
                group.id,
                t.tn("queue-group-size", "size", i64::from(group.size))
            ),
        });
        let representative = state.store().case(&group.id).await?;
        if let Some(text) = representative
            .as_ref()
            .and_then(|case| case.record.as_ref())
            .and_then(|record| record.pointer("/triage/masked_text"))
            .and_then(|text| text.as_str())
        {
            summary.push(crate::case_view::Pair {
                label: t.t("case-group-representative"),
                value: text.to_owned(),
            });
        }
    }
    if let Some(service) = service {
        summary.insert(
            0,
            crate::case_view::Pair {
                label: t.t("queue-col-service"),
                value: service,
            },
        );
    }
    let draft = record.draft.as_ref();
    // The template the draft was made from: the service's message for the draft's outcome
    // (an appeal's is its `answer-skeleton`), in the draft's language.
    let template = draft.as_ref().and_then(|draft| {
        let service = flow.catalogue().get(case.service.as_ref()?)?;
        let language = sheshim_domain::Language::parse(&draft.language).ok()?;
        service
            .answer_template(&draft.outcome, language)
            .or_else(|| service.answer_template("answer-skeleton", language))
    });
    let draft_body = draft.map(|d| d.body.clone()).unwrap_or_default();
    let others = config
        .presence
        .seen(number.as_str(), session.login.as_str(), Instant::now());
    html(&CasePage {
        number: number.to_string(),
        version: case.version,
        summary,
        content,
        others,
        may_act: session.role.acts_on_cases(),
        may_unmask: session.role.may_unmask(),
        heartbeat: crate::presence::Presence::HEARTBEAT,
        draft_body,
        template,
        today: crate::format::iso_date(today),
        login: session.login.to_string(),
        action_base: format!("/workspace/cases/{number}/actions/"),
        group: links.group.as_ref().map(|g| g.id.to_string()),
        chrome,
    })
}

/// `GET /workspace/cases/{number}/presence`: the "also open by" notice, polled by htmx.
pub async fn presence(
    State(state): State<AppState>,
    Extension(config): Extension<WorkspaceConfig>,
    session: Session,
    Path(number): Path<String>,
) -> Result<Response, WebError> {
    // The same check as the page: nobody learns who reads a case they may not read.
    let (number, _) = readable_case(&state, &session, &number).await?;
    let others = config
        .presence
        .seen(number.as_str(), session.login.as_str(), Instant::now());
    html(&PresenceFragment {
        chrome: Chrome::signed_in(&session, &format!("/workspace/cases/{number}")),
        others,
    })
}
