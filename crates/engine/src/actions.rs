//! Officers' actions on a case: assign, approve, edit, override, forward, extend, start a
//! hearing, record the hearing's reply, decide, withdraw.
//!
//! Each action is checked against the officer's role and agency (a case of another agency
//! does not exist for them), the case's status (the table in `sheshim_domain::status`), the
//! APPC's clocks (no adverse act before the hearing's notice period ran out or the applicant
//! replied; forwarding within 3 working days; one extension within two months) and the
//! version the officer read: a case that changed since is refused, never overwritten.

use crate::drafting::{DraftInput, compose, diff, draft, label_sentence};
use crate::flow::Flow;
use crate::intake::Submission;
use crate::pipeline::{answer_message, message_payload, moved};
use crate::record::{Answer, CaseRecord, Extension, Forwarding, Hearing};
use chrono::NaiveDate;
use sheshim_calendar::appc;
use sheshim_domain::{AgencyCode, CaseEvent, CaseStatus, Role};
use sheshim_services::{Amount, Service};
use sheshim_store::{Awaiting, CaseChange, ChangeOutcome, NewOutboxMessage, StoredCase};
use std::sync::Arc;
use thiserror::Error;

/// Who is acting: a signed-in user with a role in an agency.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    /// The login.
    pub login: String,
    /// The role.
    pub role: Role,
    /// The agency.
    pub agency: AgencyCode,
}

impl Officer {
    /// Whether this user may read the case: their own agency's, or any for auditors.
    pub fn may_read(&self, case: &StoredCase) -> bool {
        self.role.reads_all_agencies()
            || case.agency.as_ref() == Some(&self.agency)
            || (case.agency.is_none() && case.appeal.agency.as_ref() == Some(&self.agency))
    }

    fn actor(&self) -> String {
        format!("user:{}", self.login)
    }
}

/// An outcome an officer chooses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// The application is granted.
    Granted,
    /// It is denied: an adverse act, after a hearing.
    Denied,
    /// An appeal is answered.
    Answered,
}

impl Choice {
    fn code(self) -> &'static str {
        match self {
            Choice::Granted => "granted",
            Choice::Denied => "denied",
            Choice::Answered => "answered",
        }
    }
}

/// What an officer does.
#[derive(Debug, Clone)]
pub enum Action {
    /// Assigns the case to a login (or unassigns it).
    Assign {
        /// The officer, or `None`.
        assignee: Option<String>,
    },
    /// Issues the draft as it is.
    Approve,
    /// Issues the draft with an edited body.
    Edit {
        /// The letter's new body (the AI label is kept and added by Sheshim).
        body: String,
    },
    /// Replaces the machine's outcome; the draft is made again for it.
    Override {
        /// The outcome.
        outcome: Choice,
        /// The amount in tiyn, for a granted payment.
        amount_tiyn: Option<i64>,
        /// Why.
        reason: String,
    },
    /// Sends the case to the competent agency.
    Forward {
        /// The agency.
        agency: AgencyCode,
        /// Why.
        reason: String,
    },
    /// Extends the deadline, once.
    Extend {
        /// Why.
        reason: String,
        /// The new deadline.
        new_deadline: NaiveDate,
    },
    /// Issues the preliminary decision and the hearing notice (APPC art. 73).
    StartHearing,
    /// Records the applicant's reply to the hearing notice.
    RecordHearingReply {
        /// The reply.
        reply: String,
    },
    /// Issues an answer the officer wrote.
    Decide {
        /// The outcome.
        outcome: Choice,
        /// The letter's body.
        body: String,
    },
    /// Records the applicant's withdrawal.
    Withdraw {
        /// Why, as the applicant said.
        reason: String,
    },
}

impl Action {
    /// The action's code, as the API names it.
    pub fn code(&self) -> &'static str {
        match self {
            Action::Assign { .. } => "assign",
            Action::Approve => "approve",
            Action::Edit { .. } => "edit",
            Action::Override { .. } => "override",
            Action::Forward { .. } => "forward",
            Action::Extend { .. } => "extend",
            Action::StartHearing => "start_hearing",
            Action::RecordHearingReply { .. } => "record_hearing_reply",
            Action::Decide { .. } => "decide",
            Action::Withdraw { .. } => "withdraw",
        }
    }
}

/// Why an action was refused. Messages are safe to show the officer.
#[derive(Debug, Error)]
pub enum ActionError {
    /// No such case for this user.
    #[error("no case has this number")]
    NotFound,
    /// The role may not act on cases (or, for administrators, read them).
    #[error("the role {0} may not do this with cases")]
    Forbidden(Role),
    /// The case changed since the version the officer read.
    #[error("the case changed since version {read}: it is now at version {current}; reload it")]
    Stale {
        /// The version read.
        read: i64,
        /// The version now.
        current: i64,
    },
    /// The action is not allowed now.
    #[error("{action} is not allowed while the case is {status}: {why}")]
    NotAllowed {
        /// The action.
        action: &'static str,
        /// The status.
        status: CaseStatus,
        /// Why.
        why: String,
    },
    /// A field of the action is invalid.
    #[error("{field}: {message}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// The store failed; the cause is logged.
    #[error("the case could not be changed now")]
    Storage,
}

impl Flow {
    /// One case as `officer` may see it.
    pub async fn case_for(
        &self,
        officer: &Officer,
        number: &sheshim_domain::RegistrationNumber,
    ) -> Result<StoredCase, ActionError> {
        // Administrators manage users and clients; they read no case.
        if !officer.role.acts_on_cases() && !officer.role.reads_all_agencies() {
            return Err(ActionError::Forbidden(officer.role));
        }
        let case = self.store.case(number).await.map_err(storage)?;
        match case {
            Some(case) if officer.may_read(&case) => Ok(case),
            _ => Err(ActionError::NotFound),
        }
    }

    /// Takes `action` on the case at `version`, as `officer`.
    pub async fn act(
        &self,
        officer: &Officer,
        number: &sheshim_domain::RegistrationNumber,
        version: i64,
        action: Action,
    ) -> Result<StoredCase, ActionError> {
        let case = self.case_for(officer, number).await?;
        if !officer.role.acts_on_cases() {
            return Err(ActionError::Forbidden(officer.role));
        }
        if case.version != version {
            return Err(ActionError::Stale {
                read: version,
                current: case.version,
            });
        }
        if !case.pipeline_done {
            return Err(not_allowed(
                &action,
                &case,
                "the machine is still reading it; try again in a moment",
            ));
        }
        let mut forwarded_to = None;
        if let Action::Forward { agency, reason } = &action {
            forwarded_to = Some(
                self.register_forwarded(officer, &case, agency, reason)
                    .await?,
            );
        }
        let change = self.change_for(officer, &case, &action, forwarded_to)?;
        match self
            .store
            .apply_case_changes(vec![change])
            .await
            .map_err(storage)?
            .first()
        {
            Some(ChangeOutcome::Applied { .. }) => {}
            _ => {
                let current = self
                    .store
                    .case(number)
                    .await
                    .map_err(storage)?
                    .map_or(version, |c| c.version);
                return Err(ActionError::Stale {
                    read: version,
                    current,
                });
            }
        }
        self.case_for(officer, number).await
    }

    /// Registers the forwarded appeal as the receiving agency's own case, linked to this
    /// one. Its idempotency key makes a repeated forward return the same registration.
    async fn register_forwarded(
        &self,
        officer: &Officer,
        case: &StoredCase,
        agency: &AgencyCode,
        reason: &str,
    ) -> Result<String, ActionError> {
        if case.agency.as_ref() == Some(agency) {
            return Err(ActionError::Invalid {
                field: "agency",
                message: "the case is already with this agency".to_owned(),
            });
        }
        let today = sheshim_calendar::local_date(self.clock.now());
        let limit =
            appc::forwarding_deadline(self.calendar, case.appeal.registered_on).map_err(|e| {
                ActionError::Invalid {
                    field: "agency",
                    message: e.to_string(),
                }
            })?;
        if today > limit {
            return Err(not_allowed(
                &Action::Forward {
                    agency: agency.clone(),
                    reason: reason.to_owned(),
                },
                case,
                &format!("forwarding was due by {limit}, 3 working days after registration"),
            ));
        }
        let appeal = &case.appeal;
        let record = CaseRecord {
            forwarded_from: Some(appeal.registration_number.as_str().to_owned()),
            ..CaseRecord::default()
        };
        let submission = Submission {
            kind: Some(appeal.kind),
            language: Some(appeal.language),
            channel: appeal.channel,
            text: appeal.text.clone(),
            applicant: appeal.applicant.clone(),
            agency: Some(agency.clone()),
            idempotency: Some(sheshim_store::IdempotencyClaim {
                key: format!("forward:{}", appeal.registration_number.as_str()),
                request_sha256: hex_sha256(agency.as_str()),
            }),
            actor: officer.actor(),
            service: case.service.clone(),
            claims: case.claims.clone(),
            case_record: serde_json::to_value(&record).ok(),
            term_working_days: None,
            // The citizen follows the new case with the access code of the one they filed,
            // whose view names the case it was forwarded to.
            access_code_hash: self
                .store
                .access_code_hash(&appeal.registration_number)
                .await
                .map_err(storage)?,
        };
        let registered =
            self.intake
                .register(submission)
                .await
                .map_err(|e| ActionError::Invalid {
                    field: "agency",
                    message: e.to_string(),
                })?;
        Ok(registered.appeal().registration_number.as_str().to_owned())
    }

    /// The change `action` makes: pure given the case and the clock.
    fn change_for(
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

    fn service_of(&self, case: &StoredCase, record: &CaseRecord) -> Option<Arc<Service>> {
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

fn not_allowed(action: &Action, case: &StoredCase, why: &str) -> ActionError {
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

fn script_of(answer: &Answer) -> sheshim_domain::Script {
    sheshim_domain::Script::parse(&answer.script).unwrap_or(sheshim_domain::Script::Cyrillic)
}

fn hex_sha256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn storage(error: sheshim_store::StoreError) -> ActionError {
    tracing::error!(%error, "a case action could not be stored");
    ActionError::Storage
}
