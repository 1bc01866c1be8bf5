//! One answer for a mass appeal group: an officer of the group's agency approves one answer
//! text (one per language its open members wrote in), and every open member gets it
//! personalised — addressed by name, with its own number and date, in its own language, from
//! the service's `group-answer` template — as that case's own issued answer, with its own
//! record, audit entry and message to the applicant. Members stay individual cases: each is
//! decided through the same change as an officer's `decide`, and keeps its deadline.

use crate::duplicates::masked_text;
use crate::flow::Flow;
use crate::officer::{Action, ActionError, Choice, Officer};
use crate::record::CaseRecord;
use sheshim_domain::{Language, RegistrationNumber};
use sheshim_services::AnswerArg;
use sheshim_store::{AppealGroup, ChangeOutcome, StoredCase};
use std::collections::BTreeMap;

/// A group as an official sees it.
#[derive(Debug, Clone)]
pub struct GroupView {
    /// The group with its members.
    pub group: AppealGroup,
    /// The masked text of its representative (its earliest member).
    pub representative_text: Option<String>,
}

/// What answering a group did.
#[derive(Debug, Clone, Default)]
pub struct GroupAnswered {
    /// The members answered now, each with its own issued answer.
    pub answered: Vec<RegistrationNumber>,
    /// The members not answered now, with why (closed already, still being read, waiting
    /// for a hearing, changed meanwhile).
    pub skipped: Vec<(RegistrationNumber, String)>,
}

impl Flow {
    /// The group `id` as `officer` may see it: of their own agency, or any for auditors.
    pub async fn group_for(
        &self,
        officer: &Officer,
        id: &RegistrationNumber,
    ) -> Result<GroupView, ActionError> {
        if !officer.role.acts_on_cases() && !officer.role.reads_all_agencies() {
            return Err(ActionError::Forbidden(officer.role));
        }
        let group = self.store.appeal_group(id).await.map_err(storage)?;
        let group = match group {
            Some(group) if officer.role.reads_all_agencies() || group.agency == officer.agency => {
                group
            }
            _ => return Err(ActionError::NotFound),
        };
        let representative = self.store.case(&group.id).await.map_err(storage)?;
        let representative_text = representative
            .as_ref()
            .and_then(|case| masked_text(&case.record))
            .map(str::to_owned);
        Ok(GroupView {
            group,
            representative_text,
        })
    }

    /// Answers every open member of the group `id` with `bodies` (the approved text per
    /// language), personalised per member. Every open member's language needs a text;
    /// nothing is issued otherwise.
    pub async fn answer_group(
        &self,
        officer: &Officer,
        id: &RegistrationNumber,
        bodies: &BTreeMap<Language, String>,
    ) -> Result<GroupAnswered, ActionError> {
        let view = self.group_for(officer, id).await?;
        if !officer.role.acts_on_cases() {
            return Err(ActionError::Forbidden(officer.role));
        }
        if bodies.is_empty() {
            return Err(ActionError::Invalid {
                field: "bodies",
                message: "give the answer in at least one language".to_owned(),
            });
        }
        for (language, body) in bodies {
            let length = body.trim().chars().count();
            if length == 0 || length > 20_000 {
                return Err(ActionError::Invalid {
                    field: "bodies",
                    message: format!(
                        "the answer in {} must have 1 to 20,000 characters",
                        language.code()
                    ),
                });
            }
        }
        let mut result = GroupAnswered::default();
        let mut open: Vec<StoredCase> = Vec::new();
        for number in &view.group.members {
            match self.store.case(number).await.map_err(storage)? {
                Some(case) if !case.appeal.status.is_open() => result
                    .skipped
                    .push((number.clone(), "the case is closed".to_owned())),
                Some(case) if !case.pipeline_done => result
                    .skipped
                    .push((number.clone(), "the machine is still reading it".to_owned())),
                Some(case) => open.push(case),
                None => result
                    .skipped
                    .push((number.clone(), "no case has this number".to_owned())),
            }
        }
        let mut missing: BTreeMap<&'static str, usize> = BTreeMap::new();
        for case in &open {
            if !bodies.contains_key(&case.appeal.language) {
                *missing.entry(case.appeal.language.code()).or_default() += 1;
            }
        }
        if !missing.is_empty() {
            let list: Vec<String> = missing
                .iter()
                .map(|(language, count)| format!("{language} ({count} open members)"))
                .collect();
            return Err(ActionError::Invalid {
                field: "bodies",
                message: format!("no answer in {}", list.join(", ")),
            });
        }

        let mut changes = Vec::with_capacity(open.len());
        let mut numbers = Vec::with_capacity(open.len());
        for case in &open {
            let number = case.appeal.registration_number.clone();
            let personal = match self.personalised(case, &bodies[&case.appeal.language]) {
                Ok(body) => body,
                Err(error) => {
                    result.skipped.push((number, error.to_string()));
                    continue;
                }
            };
            let action = Action::Decide {
                outcome: Choice::Answered,
                body: personal,
            };
            match self.change_for(officer, case, &action, None) {
                Ok(mut change) => {
                    change.action = "case.group_answered".to_owned();
                    if let Some(payload) = change.payload.as_object_mut() {
                        payload.insert("group".to_owned(), serde_json::json!(id.as_str()));
                    }
                    changes.push(change);
                    numbers.push(number);
                }
                Err(error) => result.skipped.push((number, error.to_string())),
            }
        }
        if !changes.is_empty() {
            let outcomes = self.commit(changes).await.map_err(storage)?;
            for (number, outcome) in numbers.into_iter().zip(outcomes) {
                match outcome {
                    ChangeOutcome::Applied { .. } => result.answered.push(number),
                    ChangeOutcome::Stale => result
                        .skipped
                        .push((number, "the case changed meanwhile; reload it".to_owned())),
                }
            }
            self.index_group_answers(&result.answered).await;
        }
        self.store
            .record_event(audit_entry(officer, id, &result, self.clock.now()))
            .await
            .map_err(storage)?;
        Ok(result)
    }

    /// Adds the answers just issued to the group's members to the search index, read back as
    /// the store committed them; a member that cannot be read back is logged and left to the
    /// next start, never failing the group's answer.
    async fn index_group_answers(&self, answered: &[RegistrationNumber]) {
        if self.grounding.is_none() || answered.is_empty() {
            return;
        }
        let mut cases = Vec::with_capacity(answered.len());
        for number in answered {
            match self.store.case(number).await {
                Ok(Some(case)) => cases.push(case),
                Ok(None) => {}
                Err(error) => {
                    tracing::warn!(%error, "an answered member could not be read back for the search index");
                }
            }
        }
        self.index_issued(&cases).await;
    }

    /// The approved text addressed to one member, from its service's `group-answer`.
    fn personalised(&self, case: &StoredCase, body: &str) -> Result<String, ActionError> {
        let record: CaseRecord = case
            .record
            .clone()
            .and_then(|r| serde_json::from_value(r).ok())
            .unwrap_or_default();
        let service = self
            .service_of(case, &record)
            .ok_or_else(|| ActionError::Invalid {
                field: "bodies",
                message: "the case has no service".to_owned(),
            })?;
        let appeal = &case.appeal;
        let script = crate::drafting::answer_script(appeal.language, &record);
        let args = [
            (
                "name",
                AnswerArg::Text(appeal.applicant.name.expose().to_owned()),
            ),
            (
                "number",
                AnswerArg::Text(appeal.registration_number.as_str().to_owned()),
            ),
            ("registered_on", AnswerArg::Date(appeal.registered_on)),
            ("body", AnswerArg::Text(body.trim().to_owned())),
        ];
        service
            .render_in("group-answer", appeal.language, script, &args)
            .map_err(|e| ActionError::Invalid {
                field: "bodies",
                message: e.to_string(),
            })
    }
}

/// The audit entry of answering a group: counts and the group, no personal data.
fn audit_entry(
    officer: &Officer,
    id: &RegistrationNumber,
    result: &GroupAnswered,
    at: chrono::DateTime<chrono::Utc>,
) -> sheshim_audit::NewAuditEntry {
    sheshim_audit::NewAuditEntry {
        at,
        actor: officer.actor(),
        action: "group.answered".to_owned(),
        subject: id.as_str().to_owned(),
        payload: serde_json::json!({
            "answered": result.answered.len(),
            "skipped": result.skipped.len(),
        }),
    }
}

fn storage(error: sheshim_store::StoreError) -> ActionError {
    tracing::error!(%error, "a group answer could not be stored");
    ActionError::Storage
}
