//! The officer's actions on the case page, and unmasking. Each form names the case version
//! it was shown; the engine refuses an action on a case that changed since (409, with a link
//! to the fresh page), exactly as the API does, because both call `Flow::act`.

use crate::case_page::case_number;
use crate::chrome::Chrome;
use crate::error::WebError;
use crate::form::Fields;
use crate::session::Session;
use crate::sign_in::{html, no_store};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use sheshim_domain::AgencyCode;
use sheshim_engine::{Action, Choice};
use sheshim_server::AppState;

/// The outcome an officer chose.
fn outcome(fields: &Fields) -> Result<Choice, WebError> {
    match fields.get("outcome") {
        Some("granted") => Ok(Choice::Granted),
        Some("denied") => Ok(Choice::Denied),
        Some("answered") => Ok(Choice::Answered),
        _ => Err(WebError::Refused(
            "outcome: must be granted, denied or answered".to_owned(),
        )),
    }
}

/// An amount in tenge (`12345.67` or `12 345,67`) as tiyn, when given.
fn amount_tiyn(fields: &Fields) -> Result<Option<i64>, WebError> {
    let Some(text) = fields
        .get("amount")
        .map(str::trim)
        .filter(|t| !t.is_empty())
    else {
        return Ok(None);
    };
    let cleaned: String = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    let refuse = || WebError::Refused("amount: must be tenge, e.g. 85000.00".to_owned());
    let (whole, cents) = cleaned.split_once('.').unwrap_or((&cleaned, "0"));
    if whole.is_empty() || cents.len() > 2 || !cents.chars().all(|c| c.is_ascii_digit()) {
        return Err(refuse());
    }
    let whole: i64 = whole.parse().map_err(|_| refuse())?;
    let cents: i64 = format!("{cents:0<2}").parse().map_err(|_| refuse())?;
    if whole < 0 {
        return Err(refuse());
    }
    whole
        .checked_mul(100)
        .and_then(|t| t.checked_add(cents))
        .map(Some)
        .ok_or_else(refuse)
}

/// The engine's action for a form.
fn action_of(code: &str, fields: &Fields, login: &str) -> Result<Action, WebError> {
    Ok(match code {
        "assign" => Action::Assign {
            assignee: match fields.get("assignee").map(str::trim) {
                None | Some("") => None,
                Some("me") => Some(login.to_owned()),
                Some(other) if other.chars().count() <= 64 => Some(other.to_owned()),
                Some(_) => return Err(WebError::Refused("assignee: is too long".to_owned())),
            },
        },
        "approve" => Action::Approve,
        "edit" => Action::Edit {
            body: fields.text("body")?,
        },
        "override" => Action::Override {
            outcome: outcome(fields)?,
            amount_tiyn: amount_tiyn(fields)?,
            reason: fields.text("reason")?,
        },
        "forward" => Action::Forward {
            agency: AgencyCode::parse(&fields.text("agency")?)
                .map_err(|e| WebError::Refused(format!("agency: {e}")))?,
            reason: fields.text("reason")?,
        },
        "extend" => Action::Extend {
            reason: fields.text("reason")?,
            new_deadline: NaiveDate::parse_from_str(&fields.text("new_deadline")?, "%Y-%m-%d")
                .map_err(|_| {
                    WebError::Refused("new_deadline: must be a date, YYYY-MM-DD".to_owned())
                })?,
        },
        "hearing" => Action::StartHearing,
        "hearing-reply" => Action::RecordHearingReply {
            reply: fields.text("reply")?,
        },
        "decide" => Action::Decide {
            outcome: outcome(fields)?,
            body: fields.text("body")?,
        },
        "withdraw" => Action::Withdraw {
            reason: fields.text("reason")?,
        },
        _ => return Err(WebError::NotFound),
    })
}

/// `POST /workspace/cases/{number}/actions/{action}`.
pub async fn act(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path((number, code)): Path<(String, String)>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body)?;
    session.check_form(&headers, fields.get("csrf"))?;
    let number = case_number(&number)?;
    let page = format!("/workspace/cases/{number}");
    let version: i64 = fields
        .get("version")
        .and_then(|v| v.trim().parse().ok())
        .ok_or_else(|| WebError::Refused("version: is required".to_owned()))?;
    let action = action_of(&code, &fields, session.login.as_str())?;
    let flow = state.flow().ok_or(WebError::Unavailable)?;
    match flow.act(&session.officer(), &number, version, action).await {
        Ok(_) => Ok(Redirect::to(&page).into_response()),
        Err(sheshim_engine::ActionError::Stale { .. }) => Err(WebError::Stale { reload: page }),
        Err(error) => Err(error.into()),
    }
}

#[derive(Template)]
#[template(path = "unmasked.html")]
struct UnmaskedPage {
    chrome: Chrome,
    number: String,
    text: String,
    iin: String,
    name: String,
    phone: String,
    email: String,
    address: String,
}

/// `POST /workspace/cases/{number}/unmask`: the text as written and the applicant's data,
/// for a role that may see them, with a reason recorded in the audit log before anything is
/// shown.
pub async fn unmask(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(number): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body)?;
    session.check_form(&headers, fields.get("csrf"))?;
    if !session.role.may_unmask() {
        return Err(WebError::Forbidden);
    }
    let (number, case) = crate::case_page::readable_case(&state, &session, &number).await?;
    let reason = fields.text("reason")?;
    if reason.chars().count() > 500 {
        return Err(WebError::Refused(
            "reason: must be at most 500 characters".to_owned(),
        ));
    }
    state
        .store()
        .record_event(sheshim_audit::NewAuditEntry {
            at: state.clock().now(),
            actor: format!("user:{}", session.login),
            action: "case.unmasked".to_owned(),
            subject: number.as_str().to_owned(),
            payload: serde_json::json!({ "reason": reason, "via": "workspace" }),
        })
        .await?;
    let applicant = &case.appeal.applicant;
    let mut response = html(&UnmaskedPage {
        chrome: Chrome::signed_in(&session, &format!("/workspace/cases/{number}")),
        number: number.to_string(),
        text: case.appeal.text.as_str().to_owned(),
        iin: applicant.iin.expose().to_owned(),
        name: applicant.name.expose().to_owned(),
        phone: applicant
            .phone
            .as_ref()
            .map(|p| p.expose().to_owned())
            .unwrap_or_default(),
        email: applicant
            .email
            .as_ref()
            .map(|e| e.expose().to_owned())
            .unwrap_or_default(),
        address: applicant
            .address
            .as_ref()
            .map(|a| a.expose().to_owned())
            .unwrap_or_default(),
    })?;
    // Personal data is not kept by the browser or a proxy.
    no_store(&mut response);
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(body: &str) -> Fields {
        Fields::parse(body.as_bytes()).expect("a form")
    }

    #[test]
    fn amounts_are_read_as_tiyn() {
        assert_eq!(amount_tiyn(&fields("amount=85000")), Ok(Some(8_500_000)));
        assert_eq!(
            amount_tiyn(&fields("amount=85+000%2C5")),
            Ok(Some(8_500_050))
        );
        assert_eq!(amount_tiyn(&fields("amount=")), Ok(None));
        assert!(amount_tiyn(&fields("amount=-5")).is_err());
        assert!(amount_tiyn(&fields("amount=1.234")).is_err());
        assert!(amount_tiyn(&fields("amount=99999999999999999999")).is_err());
    }

    #[test]
    fn each_form_becomes_its_action_or_a_named_refusal() {
        let action = action_of(
            "override",
            &fields("outcome=denied&reason=Registry+is+right"),
            "a",
        )
        .expect("an override");
        assert!(matches!(
            action,
            Action::Override {
                outcome: Choice::Denied,
                ..
            }
        ));
        assert_eq!(
            action_of("override", &fields("outcome=denied"), "a").err(),
            Some(WebError::Refused("reason: is required".to_owned()))
        );
        assert!(matches!(
            action_of("assign", &fields("assignee=me"), "aigerim"),
            Ok(Action::Assign { assignee: Some(login) }) if login == "aigerim"
        ));
        assert_eq!(
            action_of("explode", &fields(""), "a").err(),
            Some(WebError::NotFound)
        );
        assert!(Fields::parse(b"reason=a&reason=b").is_err());
    }
}
