//! Officers' actions on a case: assign, approve, edit, override, forward, extend, start a
//! hearing, record the hearing's reply, decide, withdraw.
//!
//! Each action is checked against the officer's role and agency (a case of another agency
//! does not exist for them), the case's status (the table in `sheshim_domain::status`), the
//! APPC's clocks (no adverse act before the hearing's notice period ran out or the applicant
//! replied; forwarding within 3 working days; one extension within two months) and the
//! version the officer read: a case that changed since is refused, never overwritten. This
//! module loads the case, checks who may act and writes the change; the change itself is
//! computed in `procedure.rs`.

use crate::flow::Flow;
use crate::intake::Submission;
use crate::officer::{Action, ActionError, Officer};
use crate::procedure::not_allowed;
use crate::record::CaseRecord;
use sheshim_calendar::appc;
use sheshim_domain::AgencyCode;
use sheshim_store::{ChangeOutcome, StoredCase};

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
        let issues = matches!(
            action,
            Action::Approve | Action::Edit { .. } | Action::Decide { .. }
        );
        match self.commit(vec![change]).await.map_err(storage)?.first() {
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
        let case = self.case_for(officer, number).await?;
        if issues {
            // The answer is committed: from now on it grounds drafts and is searched.
            self.index_issued(std::slice::from_ref(&case)).await;
        }
        Ok(case)
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
}

fn hex_sha256(text: &str) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn storage(error: sheshim_store::StoreError) -> ActionError {
    tracing::error!(%error, "a case action could not be stored");
    ActionError::Storage
}
