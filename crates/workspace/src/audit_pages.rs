//! The auditor's pages, read-only: the audit chain's head and, on request, its verification;
//! any case's decision record as JSON; and a period's decision records as one JSON Lines
//! file. Auditors read every agency's cases (the case page shows them without actions).

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::session::Session;
use crate::sign_in::html;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use sheshim_domain::Role;
use sheshim_server::AppState;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    head_seq: u64,
    head_hash: String,
    verified: Option<Verification>,
}

/// The outcome of a verification, as shown.
struct Verification {
    intact: bool,
    summary: String,
    findings: Vec<String>,
}

/// `GET /workspace/audit[?verify=1]`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    session.require(&[Role::Auditor])?;
    let chrome = Chrome::signed_in(&session, "/workspace/audit");
    let t = chrome.t;
    let store = state.store();
    let head = store.audit_head().await?;
    let verify = query.as_deref() == Some("verify=1");
    let verified = if verify {
        let report = sheshim_store::verify_store(store.as_ref(), store.keyring(), &[]).await?;
        let intact =
            report.chain_break.is_none() && report.bad_mac_count == 0 && report.findings.is_empty();
        Some(Verification {
            intact,
            summary: t.t1(
                if intact {
                    "audit-intact"
                } else {
                    "audit-broken"
                },
                "entries",
                &report.entries.to_string(),
            ),
            findings: report
                .findings
                .iter()
                .take(50)
                .map(|finding| format!("{finding:?}"))
                .chain(report.chain_break.iter().map(|b| format!("{b:?}")))
                .collect(),
        })
    } else {
        None
    };
    html(&AuditPage {
        head_seq: head.seq,
        head_hash: head.hash.to_string(),
        verified,
        chrome,
    })
}

/// `GET /workspace/audit/cases/{number}.json`: a case's decision record.
pub async fn record(
    State(state): State<AppState>,
    session: Session,
    Path(number): Path<String>,
) -> Result<Response, WebError> {
    session.require(&[Role::Auditor])?;
    let number = number
        .strip_suffix(".json")
        .ok_or(WebError::NotFound)
        .and_then(crate::case_page::case_number)?;
    let flow = state.flow().ok_or(WebError::Unavailable)?;
    let case = flow.case_for(&session.officer(), &number).await?;
    let history = state.store().history(number.as_str()).await?;
    let pseudonym = state
        .store()
        .keyring()
        .lookup_id(case.appeal.applicant.iin.expose());
    let record = sheshim_engine::export::decision_record(&case, &history, pseudonym);
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        serde_json::to_string_pretty(&record).unwrap_or_default(),
    )
        .into_response())
}

/// `GET /workspace/audit/case?number=…`: the record form's target, which goes to the record.
pub async fn open_record(
    session: Session,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    session.require(&[Role::Auditor])?;
    let number = form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes())
        .find(|(name, _)| name == "number")
        .map(|(_, value)| value.trim().to_owned())
        .ok_or_else(|| WebError::Refused("number: is required".to_owned()))?;
    let number = crate::case_page::case_number(&number)?;
    Ok(
        axum::response::Redirect::to(&format!("/workspace/audit/cases/{number}.json"))
            .into_response(),
    )
}
