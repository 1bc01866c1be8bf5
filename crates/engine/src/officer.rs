//! Who acts on a case and what they may do: the signed-in [`Officer`], the [`Action`]s of
//! the procedure with the outcomes an officer chooses, and why an action is refused
//! ([`ActionError`], whose messages are safe to show the officer).

use chrono::NaiveDate;
use sheshim_domain::{AgencyCode, CaseStatus, Role};
use sheshim_store::StoredCase;
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

    pub(crate) fn actor(&self) -> String {
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
    pub(crate) fn code(self) -> &'static str {
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
