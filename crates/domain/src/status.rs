//! The status of a case and the events that move it: a small, total state machine.
//!
//! The states follow the APPC procedure: an appeal is registered, reviewed, possibly
//! forwarded to the competent body (art. 76: within 3 working days), possibly extended by a
//! reasoned decision (up to 2 months), possibly given a hearing before an adverse act
//! (art. 73), decided and finally notified. A missed deadline counts as refusal (art. 91),
//! and the applicant may withdraw at any time before a decision.
//!
//! "Open" states are those without a decision yet: `registered`, `in_review`, `extended`,
//! `awaiting_hearing`. Only they can be withdrawn or run out of time. `decided` is not final
//! (the applicant still has to be notified) but it is no longer open: once a decision exists
//! the silence-means-refusal rule cannot apply and withdrawing no longer undoes anything.
//!
//! | from \ event       | start_review | forward   | extend   | schedule_hearing  | hearing_held | decide  | notify   | deadline_missed | withdraw  |
//! |--------------------|--------------|-----------|----------|-------------------|--------------|---------|----------|-----------------|-----------|
//! | `registered`       | in_review    | forwarded | –        | –                 | –            | –       | –        | deemed_refused  | withdrawn |
//! | `in_review`        | –            | forwarded | extended | awaiting_hearing  | –            | decided | –        | deemed_refused  | withdrawn |
//! | `extended`         | –            | –         | –        | awaiting_hearing  | –            | decided | –        | deemed_refused  | withdrawn |
//! | `awaiting_hearing` | –            | –         | –        | –                 | in_review    | –       | –        | deemed_refused  | withdrawn |
//! | `decided`          | –            | –         | –        | –                 | –            | –       | notified | –               | –         |
//! | `forwarded`        | –            | –         | –        | –                 | –            | –       | –        | –               | –         |
//! | `notified`         | –            | –         | –        | –                 | –            | –       | –        | –               | –         |
//! | `deemed_refused`   | –            | –         | –        | –                 | –            | –       | –        | –               | –         |
//! | `withdrawn`        | –            | –         | –        | –                 | –            | –       | –        | –               | –         |
//!
//! Notes on the choices:
//! - `forwarded` is final *for this agency*: the competent body registers its own case.
//!   Forwarding is allowed only before a decision and before an extension, because a body that
//!   extended the deadline has accepted the case as its own.
//! - A case is extended at most once in law. The machine refuses `extend` from `extended`;
//!   after a hearing the case returns to `in_review`, which forgets the earlier extension, so
//!   the engine, which keeps the extension record and its reason, refuses a second one.
//! - A hearing must be held (the applicant answered or the notice period ran out) before a
//!   decision, so `decide` is not allowed from `awaiting_hearing`.
//! - Every dash is an [`IllegalTransition`]; nothing leaves a final state.

use serde::Deserialize;
use thiserror::Error;

use crate::code_enum::code_enum_impls;

/// Where a case stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub enum CaseStatus {
    /// Registered, with a number and a deadline, not yet taken up.
    Registered,
    /// An officer (or the engine) is reviewing it.
    InReview,
    /// Sent to the competent body; final for this agency.
    Forwarded,
    /// Under review with an extended deadline.
    Extended,
    /// Waiting for the hearing before an adverse decision.
    AwaitingHearing,
    /// Decided; the applicant has not yet been notified.
    Decided,
    /// Decided and notified; final.
    Notified,
    /// The deadline passed without a decision, which counts as refusal; final.
    DeemedRefused,
    /// Withdrawn by the applicant; final.
    Withdrawn,
}

/// Something that happens to a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub enum CaseEvent {
    /// Review begins.
    StartReview,
    /// The case is sent to the competent body.
    Forward,
    /// The deadline is extended by a reasoned decision.
    Extend,
    /// A hearing is scheduled and the applicant notified of it.
    ScheduleHearing,
    /// The hearing took place or its notice period ran out.
    HearingHeld,
    /// A decision is taken.
    Decide,
    /// The applicant is notified of the decision.
    Notify,
    /// The deadline passed without a decision.
    DeadlineMissed,
    /// The applicant withdrew the appeal.
    Withdraw,
}

/// An event that the table in the module documentation does not allow in a status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("event {event} is not allowed when the case is {from}")]
pub struct IllegalTransition {
    /// The status the case was in.
    pub from: CaseStatus,
    /// The event that was refused.
    pub event: CaseEvent,
}

/// The input is not a status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("unknown case status")]
pub struct CaseStatusError;

/// The input is not an event code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("unknown case event")]
pub struct CaseEventError;

impl CaseStatus {
    /// Every status.
    pub const ALL: [CaseStatus; 9] = [
        CaseStatus::Registered,
        CaseStatus::InReview,
        CaseStatus::Forwarded,
        CaseStatus::Extended,
        CaseStatus::AwaitingHearing,
        CaseStatus::Decided,
        CaseStatus::Notified,
        CaseStatus::DeemedRefused,
        CaseStatus::Withdrawn,
    ];

    /// The status after `event`, by the table in the module documentation.
    ///
    /// # Errors
    /// [`IllegalTransition`] naming the status and the event when the table has a dash.
    pub fn apply(self, event: CaseEvent) -> Result<CaseStatus, IllegalTransition> {
        use CaseEvent as E;
        use CaseStatus as S;
        let next = match (self, event) {
            (S::Registered, E::StartReview) => S::InReview,
            (S::Registered | S::InReview, E::Forward) => S::Forwarded,
            (S::InReview, E::Extend) => S::Extended,
            (S::InReview | S::Extended, E::ScheduleHearing) => S::AwaitingHearing,
            (S::AwaitingHearing, E::HearingHeld) => S::InReview,
            (S::InReview | S::Extended, E::Decide) => S::Decided,
            (S::Decided, E::Notify) => S::Notified,
            (open, E::DeadlineMissed) if open.is_open() => S::DeemedRefused,
            (open, E::Withdraw) if open.is_open() => S::Withdrawn,
            (from, event) => return Err(IllegalTransition { from, event }),
        };
        Ok(next)
    }

    /// True when no event can change the status any more.
    #[must_use]
    pub fn is_final(self) -> bool {
        matches!(
            self,
            Self::Forwarded | Self::Notified | Self::DeemedRefused | Self::Withdrawn
        )
    }

    /// True while no decision has been taken: the deadline runs and the applicant may
    /// withdraw.
    #[must_use]
    pub fn is_open(self) -> bool {
        matches!(
            self,
            Self::Registered | Self::InReview | Self::Extended | Self::AwaitingHearing
        )
    }

    /// Parses a snake_case status code.
    ///
    /// # Errors
    /// [`CaseStatusError`] for an unknown code.
    pub fn parse(input: &str) -> Result<Self, CaseStatusError> {
        let wanted = input.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|s| s.code() == wanted)
            .ok_or(CaseStatusError)
    }

    /// The snake_case code used in APIs and storage.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::InReview => "in_review",
            Self::Forwarded => "forwarded",
            Self::Extended => "extended",
            Self::AwaitingHearing => "awaiting_hearing",
            Self::Decided => "decided",
            Self::Notified => "notified",
            Self::DeemedRefused => "deemed_refused",
            Self::Withdrawn => "withdrawn",
        }
    }
}

impl CaseEvent {
    /// Every event.
    pub const ALL: [CaseEvent; 9] = [
        CaseEvent::StartReview,
        CaseEvent::Forward,
        CaseEvent::Extend,
        CaseEvent::ScheduleHearing,
        CaseEvent::HearingHeld,
        CaseEvent::Decide,
        CaseEvent::Notify,
        CaseEvent::DeadlineMissed,
        CaseEvent::Withdraw,
    ];

    /// Parses a snake_case event code.
    ///
    /// # Errors
    /// [`CaseEventError`] for an unknown code.
    pub fn parse(input: &str) -> Result<Self, CaseEventError> {
        let wanted = input.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|e| e.code() == wanted)
            .ok_or(CaseEventError)
    }

    /// The snake_case code used in APIs and storage.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::StartReview => "start_review",
            Self::Forward => "forward",
            Self::Extend => "extend",
            Self::ScheduleHearing => "schedule_hearing",
            Self::HearingHeld => "hearing_held",
            Self::Decide => "decide",
            Self::Notify => "notify",
            Self::DeadlineMissed => "deadline_missed",
            Self::Withdraw => "withdraw",
        }
    }
}

code_enum_impls!(CaseStatus, CaseStatusError);
code_enum_impls!(CaseEvent, CaseEventError);

#[cfg(test)]
mod tests {
    use super::*;
    use CaseEvent as E;
    use CaseStatus as S;

    /// The module documentation's table, written out independently of `apply`.
    const ALLOWED: &[(CaseStatus, CaseEvent, CaseStatus)] = &[
        (S::Registered, E::StartReview, S::InReview),
        (S::Registered, E::Forward, S::Forwarded),
        (S::Registered, E::DeadlineMissed, S::DeemedRefused),
        (S::Registered, E::Withdraw, S::Withdrawn),
        (S::InReview, E::Forward, S::Forwarded),
        (S::InReview, E::Extend, S::Extended),
        (S::InReview, E::ScheduleHearing, S::AwaitingHearing),
        (S::InReview, E::Decide, S::Decided),
        (S::InReview, E::DeadlineMissed, S::DeemedRefused),
        (S::InReview, E::Withdraw, S::Withdrawn),
        (S::Extended, E::ScheduleHearing, S::AwaitingHearing),
        (S::Extended, E::Decide, S::Decided),
        (S::Extended, E::DeadlineMissed, S::DeemedRefused),
        (S::Extended, E::Withdraw, S::Withdrawn),
        (S::AwaitingHearing, E::HearingHeld, S::InReview),
        (S::AwaitingHearing, E::DeadlineMissed, S::DeemedRefused),
        (S::AwaitingHearing, E::Withdraw, S::Withdrawn),
        (S::Decided, E::Notify, S::Notified),
    ];

    #[test]
    fn every_pair_matches_the_table() {
        let mut allowed_count = 0;
        for from in CaseStatus::ALL {
            for event in CaseEvent::ALL {
                let expected = ALLOWED.iter().find(|(f, e, _)| *f == from && *e == event);
                match (expected, from.apply(event)) {
                    (Some((_, _, to)), Ok(next)) => {
                        assert_eq!(next, *to, "{from} + {event}");
                        allowed_count += 1;
                    }
                    (None, Err(err)) => assert_eq!(err, IllegalTransition { from, event }),
                    (expected, got) => panic!("{from} + {event}: table {expected:?}, got {got:?}"),
                }
            }
        }
        assert_eq!(allowed_count, 18);
    }

    #[test]
    fn final_states_accept_nothing_and_open_states_can_end() {
        for status in CaseStatus::ALL {
            let any_allowed = CaseEvent::ALL.iter().any(|e| status.apply(*e).is_ok());
            assert_eq!(status.is_final(), !any_allowed, "{status}");
            if status.is_open() {
                assert_eq!(status.apply(E::DeadlineMissed), Ok(S::DeemedRefused));
                assert_eq!(status.apply(E::Withdraw), Ok(S::Withdrawn));
            }
        }
    }

    #[test]
    fn a_typical_path() {
        let path = [
            E::StartReview,
            E::ScheduleHearing,
            E::HearingHeld,
            E::Extend,
            E::Decide,
            E::Notify,
        ];
        let end = path.iter().try_fold(S::Registered, |s, e| s.apply(*e));
        assert_eq!(end, Ok(S::Notified));
    }

    #[test]
    fn error_names_status_and_event() {
        let err = S::Notified.apply(E::Withdraw).unwrap_err();
        assert_eq!(
            err.to_string(),
            "event withdraw is not allowed when the case is notified"
        );
    }

    #[test]
    fn codes_and_serde() {
        for status in CaseStatus::ALL {
            assert_eq!(CaseStatus::parse(status.code()), Ok(status));
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(serde_json::from_str::<CaseStatus>(&json).unwrap(), status);
        }
        for event in CaseEvent::ALL {
            assert_eq!(CaseEvent::parse(event.code()), Ok(event));
        }
        assert_eq!(
            serde_json::to_string(&S::AwaitingHearing).unwrap(),
            "\"awaiting_hearing\""
        );
        assert_eq!(
            serde_json::to_string(&E::DeadlineMissed).unwrap(),
            "\"deadline_missed\""
        );
        assert_eq!(CaseStatus::parse("closed"), Err(CaseStatusError));
    }
}
