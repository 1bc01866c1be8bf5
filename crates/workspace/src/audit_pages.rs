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
use chrono::{Datelike, NaiveDate};
use sheshim_domain::Role;
use sheshim_server::AppState;

/// The longest period one export covers, in days.
const MAX_EXPORT_DAYS: i64 = 366;
/// The most records one export holds.
const MAX_EXPORT_RECORDS: usize = 20_000;

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    chrome: Chrome,
    head_seq: u64,
    head_hash: String,
    verified: Option<Verification>,
    from: String,
    to: String,
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
    let today = sheshim_calendar::local_date(state.clock().now());
    html(&AuditPage {
        from: crate::format::iso_date(today.with_day(1).unwrap_or(today)),
        to: crate::format::iso_date(today),
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

/// `GET /workspace/audit/export?from=YYYY-MM-DD&to=YYYY-MM-DD`: the decision records of the
/// cases registered in the period, one JSON document per line.
pub async fn export(
    State(state): State<AppState>,
    session: Session,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    session.require(&[Role::Auditor])?;
    let (from, to) = period(query.as_deref().unwrap_or_default())?;
    let store = state.store();
    let cases = store.report_cases(None, from, to).await?;
    if cases.len() > MAX_EXPORT_RECORDS {
        return Err(WebError::Refused(format!(
            "from: the period holds {} cases; export at most {MAX_EXPORT_RECORDS} at once",
            cases.len()
        )));
    }
    let mut lines = String::new();
    for row in &cases {
        let Some(case) = store.case(&row.registration_number).await? else {
            continue;
        };
        let history = store.history(row.registration_number.as_str()).await?;
        let pseudonym = store
            .keyring()
            .lookup_id(case.appeal.applicant.iin.expose());
        let record = sheshim_engine::export::decision_record(&case, &history, pseudonym);
        lines.push_str(&record.to_string());
        lines.push('\n');
    }
    store
        .record_event(sheshim_audit::NewAuditEntry {
            at: state.clock().now(),
            actor: format!("user:{}", session.login),
            action: "audit.exported".to_owned(),
            subject: format!("period:{from}..{to}"),
            payload: serde_json::json!({ "records": cases.len() }),
        })
        .await?;
    let disposition = format!("attachment; filename=\"decision-records-{from}-{to}.jsonl\"");
    Ok((
        [
            (header::CONTENT_TYPE, "application/x-ndjson".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        lines,
    )
        .into_response())
}

/// Reads `from` and `to` (dates, at most [`MAX_EXPORT_DAYS`] apart, `from` not after `to`).
pub fn period(query: &str) -> Result<(NaiveDate, NaiveDate), WebError> {
    let mut from = None;
    let mut to = None;
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        let date = || {
            NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d")
                .map_err(|_| WebError::Refused(format!("{name}: must be a date, YYYY-MM-DD")))
        };
        match name.as_ref() {
            "from" => from = Some(date()?),
            "to" => to = Some(date()?),
            _ => {
                return Err(WebError::Refused(
                    "only from and to are read here".to_owned(),
                ));
            }
        }
    }
    let from = from.ok_or_else(|| WebError::Refused("from: is required".to_owned()))?;
    let to = to.ok_or_else(|| WebError::Refused("to: is required".to_owned()))?;
    if from > to {
        return Err(WebError::Refused("from: must not be after to".to_owned()));
    }
    if (to - from).num_days() > MAX_EXPORT_DAYS {
        return Err(WebError::Refused(format!(
            "to: the period is at most {MAX_EXPORT_DAYS} days"
        )));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::period;

    #[test]
    fn a_period_is_two_ordered_dates_within_a_year() {
        assert!(period("from=2026-01-01&to=2026-03-31").is_ok());
        assert!(period("from=2026-03-31&to=2026-01-01").is_err());
        assert!(period("from=2020-01-01&to=2026-01-01").is_err());
        assert!(period("from=01.01.2026&to=2026-01-02").is_err());
        assert!(period("to=2026-01-02").is_err());
        assert!(period("from=2026-01-01&to=2026-01-02&x=1").is_err());
    }
}
