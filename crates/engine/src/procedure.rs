//! The change each officer's action makes to a case: pure given the case, its record and
//! the clock. It checks the status table, the APPC's clocks and what the action needs (a
//! draft to approve, a denial to hear, a reason), and drafts or issues the answer.

use crate::drafting::{DraftInput, compose, diff, draft, label_sentence};
use crate::flow::Flow;
use crate::officer::{Action, ActionError, Choice, Officer};
use crate::record::{Answer, CaseRecord, Extension, Forwarding, Hearing};
use crate::routing::{answer_message, message_payload, moved};
use chrono::NaiveDate;
use sheshim_calendar::appc;
use sheshim_domain::{CaseEvent, CaseStatus};
use sheshim_services::{Amount, Service};
use sheshim_store::{Awaiting, CaseChange, NewOutboxMessage, StoredCase};
use std::sync::Arc;

impl Flow {
    /// The change `action` makes: pure given the case and the clock.
    pub(crate) fn change_for(
        &self,
        officer: &Officer,
        case: &StoredCase,
        action: &Action,
        forwarded_to: Option<String>,
    ) -> Result<CaseChange, ActionError> {
        let now = self.clock.now();
        let today = sheshim_calendar::local_date(now);
        let appeal = &case.appeal;
        let status = appeal.status;
        let mut record: CaseRecord = case
            .record
            .clone()
            .and_then(|r| serde_json::from_value(r).ok())
            .unwrap_or_default();
        let mut change = CaseChange::new(
            case,
            &format!("case.{}", action.code()),
            &officer.actor(),
            now,
        );
        let open = matches!(
            status,
            CaseStatus::Registered
                | CaseStatus::InReview
                | CaseStatus::Extended
                | CaseStatus::AwaitingHearing
        );
        if !open {
            return Err(not_allowed(action, case, "the case is closed"));
        }
        let service = self.service_of(case, &record);
        match action {
            Action::Assign { assignee } => {
                change.assignee = Some(assignee.clone());
                change.payload = serde_json::json!({ "assignee": assignee });
            }
            Action::Approve | Action::Edit { .. } => {
                let Some(mut answer) = record.draft.clone() else {
                    return Err(not_allowed(
                        action,
                        case,
                        "there is no draft to issue; use decide",
                    ));
                };
                self.final_act_allowed(action, case, &record, &answer.outcome, today)?;
                let service =
                    service.ok_or_else(|| not_allowed(action, case, "the case has no service"))?;
                let script = script_of(&answer);
                let label =
                    label_sentence(&service, appeal.language, script, Some(&officer.login), &[])
                        .map_err(|e| ActionError::Invalid {
                            field: "body",
                            message: e.to_string(),
                        })?;
                if let Action::Edit { body } = action {
                    let body = checked_body(body)?;
                    answer.diff = Some(diff(&answer.body, &body));
                    answer.body = body;
                }
                no_officer_notes(&answer.body)?;
                answer.label_text = label;
                answer.text = compose(&answer.body, &answer.label_text);
                answer.ai.checked_by = Some(officer.login.clone());
                issue(&mut change, &mut record, case, answer, officer, now)?;
            }
            Action::Decide { outcome, body } => {
                let body = checked_body(body)?;
                self.final_act_allowed(action, case, &record, outcome.code(), today)?;
                let service =
                    service.ok_or_else(|| not_allowed(action, case, "the case has no service"))?;
                let mut answer = match &record.draft {
                    Some(draft) => draft.clone(),
                    None => draft(&DraftInput {
                        service: &service,
                        appeal,
                        record: &record,
                        message: "acknowledgement",
                        outcome: outcome.code(),
                        amount: None,
                        today,
                        checked_by: Some(&officer.login),
                    })
                    .map_err(|e| ActionError::Invalid {
                        field: "body",
                        message: e.to_string(),
                    })?,
                };
                let label = label_sentence(
                    &service,
                    appeal.language,
                    script_of(&answer),
                    Some(&officer.login),
                    &[],
                )
                .map_err(|e| ActionError::Invalid {
                    field: "body",
                    message: e.to_string(),
                })?;
                answer.diff = Some(diff(&answer.body, &body));
                answer.body = body;
                answer.outcome = outcome.code().to_owned();
                answer.label_text = label;
                answer.text = compose(&answer.body, &answer.label_text);
                answer.ai.checked_by = Some(officer.login.clone());
                change.outcome = Some(outcome.code().to_owned());
                issue(&mut change, &mut record, case, answer, officer, now)?;
            }
            Action::Override {
                outcome,
                amount_tiyn,
                reason,
            } => {
                let reason = required(reason, "reason")?;
                let service =
                    service.ok_or_else(|| not_allowed(action, case, "the case has no service"))?;
                let message = match outcome {
                    Choice::Granted => "granted",
                    Choice::Denied => "denied",
                    Choice::Answered => "answer-skeleton",
                };
                let answer = draft(&DraftInput {
                    service: &service,
                    appeal,
                    record: &record,
                    message,
                    outcome: outcome.code(),
                    amount: amount_tiyn.map(Amount::from_tiyn),
                    today,
                    checked_by: Some(&officer.login),
                })
                .map_err(|e| ActionError::Invalid {
                    field: "outcome",
                    message: e.to_string(),
                })?;
                record.draft = Some(answer);
                record.override_reason = Some(reason);
                change.outcome = Some(outcome.code().to_owned());
                change.payload =
                    serde_json::json!({ "outcome": outcome.code(), "amount_tiyn": amount_tiyn });
            }
            Action::Forward { agency, reason } => {
                let reason = required(reason, "reason")?;
                change.status = Some(transition(action, case, &[CaseEvent::Forward])?);
                change.awaiting = Some(Awaiting::Nobody);
                let number = forwarded_to.unwrap_or_default();
                change.payload =
                    serde_json::json!({ "to_agency": agency.as_str(), "new_case": number });
                record.forwarded_to = Some(Forwarding {
                    agency: agency.as_str().to_owned(),
                    registration_number: number,
                    reason,
                });
            }
            Action::Extend {
                reason,
                new_deadline,
            } => {
                let reason = required(reason, "reason")?;
                if record.extension.is_some() {
                    return Err(not_allowed(
                        action,
                        case,
                        "the deadline was already extended once",
                    ));
                }
                let extension = appc::extend(
                    self.calendar,
                    appeal.registered_on,
                    appeal.deadline,
                    today,
                    *new_deadline,
                )
                .map_err(|e| ActionError::Invalid {
                    field: "new_deadline",
                    message: e.to_string(),
                })?;
                change.status = Some(transition(action, case, &[CaseEvent::Extend])?);
                change.deadline = Some(extension.new_deadline);
                change.payload =
                    serde_json::json!({ "previous_deadline": appeal.deadline.to_string() });
                record.extension = Some(Extension {
                    reason,
                    previous_deadline: appeal.deadline,
                    new_deadline: extension.new_deadline,
                    notify_by: extension.notify_by,
                    by: officer.login.clone(),
                });
                change.outbox.push(NewOutboxMessage {
                    kind: "extension_notice".to_owned(),
                    payload: serde_json::json!({
                        "registration_number": appeal.registration_number.as_str(),
                        "kind": "extension_notice",
                        "new_deadline": extension.new_deadline.to_string(),
                        "reason": record.extension.as_ref().map(|e| e.reason.clone()),
                    }),
                });
            }
            Action::StartHearing => {
                let Some(answer) = record.draft.clone() else {
                    return Err(not_allowed(
                        action,
                        case,
                        "a hearing needs a preliminary decision; override to set one",
                    ));
                };
                if answer.outcome != "denied" {
                    return Err(not_allowed(
                        action,
                        case,
                        "a hearing is for an adverse outcome (denied)",
                    ));
                }
                change.status = Some(transition(action, case, &[CaseEvent::ScheduleHearing])?);
                let earliest =
                    self.calendar
                        .add_working_days(today, 3)
                        .map_err(|e| ActionError::Invalid {
                            field: "action",
                            message: e.to_string(),
                        })?;
                record.hearing = Some(Hearing {
                    notice_on: today,
                    earliest_final_on: earliest,
                    preliminary_outcome: answer.outcome.clone(),
                    reply: None,
                    replied_at: None,
                });
                change.payload = serde_json::json!({ "earliest_final_on": earliest.to_string() });
                let mut notice = message_payload(case, "hearing_notice", &answer);
                if let Some(object) = notice.as_object_mut() {
                    object.insert(
                        "reply_by".to_owned(),
                        serde_json::json!(earliest.to_string()),
                    );
                }
                change.outbox.push(NewOutboxMessage {
                    kind: "hearing_notice".to_owned(),
                    payload: notice,
                });
            }
            Action::RecordHearingReply { reply } => {
                let reply = required(reply, "reply")?;
                let Some(hearing) = record.hearing.as_mut() else {
                    return Err(not_allowed(action, case, "no hearing was started"));
                };
                hearing.reply = Some(reply);
                hearing.replied_at = Some(now);
                change.status = Some(transition(action, case, &[CaseEvent::HearingHeld])?);
            }
            Action::Withdraw { reason } => {
                record.withdrawal = Some(required(reason, "reason")?);
                change.status = Some(transition(action, case, &[CaseEvent::Withdraw])?);
                change.awaiting = Some(Awaiting::Nobody);
            }
        }
        change.record = serde_json::to_value(&record).ok();
        Ok(change)
    }

    pub(crate) fn service_of(
        &self,
        case: &StoredCase,
        record: &CaseRecord,
    ) -> Option<Arc<Service>> {
        let code = record
            .service
            .as_ref()
            .and_then(|s| sheshim_domain::ServiceCode::parse(&s.code).ok());
        code.as_ref()
            .or(case.service.as_ref())
            .and_then(|code| self.catalogue.get(code))
            .or_else(|| self.catalogue.for_appeal_kind(case.appeal.kind))
            .cloned()
    }

    /// An adverse final act needs the hearing first: the notice issued, and the applicant
    /// answered or 3 working days passed since the notice.
    fn final_act_allowed(
        &self,
        action: &Action,
        case: &StoredCase,
        record: &CaseRecord,
        outcome: &str,
        today: NaiveDate,
    ) -> Result<(), ActionError> {
        if outcome != "denied" {
            if case.appeal.status == CaseStatus::AwaitingHearing {
                return Err(not_allowed(
                    action,
                    case,
                    "record the hearing's reply first",
                ));
            }
            return Ok(());
        }
        match &record.hearing {
            None => Err(not_allowed(
                action,
                case,
                "a denial is final only after a hearing (APPC art. 73): start_hearing first",
            )),
            Some(hearing) if hearing.reply.is_none() && today < hearing.earliest_final_on => {
                Err(not_allowed(
                    action,
                    case,
                    &format!(
                        "the applicant may answer the hearing notice until {}; the final act can be issued from then, or once they reply",
                        hearing.earliest_final_on
                    ),
                ))
            }
            Some(_) => Ok(()),
        }
    }
}

/// Issues `answer`: the case is decided (after the hearing, if it was waiting for one), the
/// answer recorded and queued for delivery.
fn issue(
    change: &mut CaseChange,
    record: &mut CaseRecord,
    case: &StoredCase,
    mut answer: Answer,
    officer: &Officer,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), ActionError> {
    let events: &[CaseEvent] = match case.appeal.status {
        CaseStatus::AwaitingHearing => &[CaseEvent::HearingHeld, CaseEvent::Decide],
        CaseStatus::Registered => &[CaseEvent::StartReview, CaseEvent::Decide],
        _ => &[CaseEvent::Decide],
    };
    let action = Action::Approve;
    change.status = Some(transition(&action, case, events)?);
    answer.issued_at = Some(now);
    answer.issued_by = Some(officer.actor());
    change.outcome = Some(answer.outcome.clone());
    change.awaiting = Some(Awaiting::Nobody);
    change.outbox.push(answer_message(case, &answer));
    change.payload = serde_json::json!({
        "outcome": answer.outcome,
        "amount_tiyn": answer.amount_tiyn,
        "edited": answer.diff.is_some(),
    });
    record.issued = Some(answer);
    Ok(())
}

fn transition(
    action: &Action,
    case: &StoredCase,
    events: &[CaseEvent],
) -> Result<CaseStatus, ActionError> {
    moved(case.appeal.status, events).ok_or_else(|| {
        not_allowed(
            action,
            case,
            "the procedure does not allow it in this status",
        )
    })
}

pub(crate) fn not_allowed(action: &Action, case: &StoredCase, why: &str) -> ActionError {
    ActionError::NotAllowed {
        action: action.code(),
        status: case.appeal.status,
        why: why.to_owned(),
    }
}

fn required(text: &str, field: &'static str) -> Result<String, ActionError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(ActionError::Invalid {
            field,
            message: "is required".to_owned(),
        });
    }
    if trimmed.chars().count() > 5_000 {
        return Err(ActionError::Invalid {
            field,
            message: "is longer than 5,000 characters".to_owned(),
        });
    }
    Ok(trimmed.to_owned())
}

fn checked_body(body: &str) -> Result<String, ActionError> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return Err(ActionError::Invalid {
            field: "body",
            message: "is required".to_owned(),
        });
    }
    if trimmed.chars().count() > 20_000 {
        return Err(ActionError::Invalid {
            field: "body",
            message: "is longer than 20,000 characters".to_owned(),
        });
    }
    Ok(trimmed.to_owned())
}

/// Refuses to issue a letter that still holds a line written for the officer: a skeleton's
/// `<What was decided, with the legal basis.>` or a grounded draft's earlier answers, which
/// are in angle brackets so that they cannot reach an applicant by an approval alone.
fn no_officer_notes(body: &str) -> Result<(), ActionError> {
    // The line is named by its number, not quoted: an error body carries no text of a letter.
    match body
        .lines()
        .map(str::trim)
        .position(|line| line.starts_with('<') && line.ends_with('>'))
    {
        Some(index) => Err(ActionError::Invalid {
            field: "body",
            message: format!(
                "line {} still holds a note for the officer in angle brackets (<…>): replace or remove it before issuing",
                index + 1
            ),
        }),
        None => Ok(()),
    }
}

fn script_of(answer: &Answer) -> sheshim_domain::Script {
    sheshim_domain::Script::parse(&answer.script).unwrap_or(sheshim_domain::Script::Cyrillic)
}
