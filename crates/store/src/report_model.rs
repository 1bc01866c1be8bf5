//! What the supervisor's reports read about each case: one [`ReportCase`] per case registered
//! in a period, with the dates, the service and topic, and what the machine and the officers
//! did, but no text and no personal data.

use chrono::NaiveDate;
use sheshim_domain::{AgencyCode, CaseStatus, Language, RegistrationNumber, ServiceCode};

/// One case as the supervisor's reports count it (see `Store::report_cases`).
///
/// The dates are Kazakhstan dates. Every fact comes from the case's row, its sealed record
/// (opened, read and dropped: only the fields below leave the store) and the audit entries
/// of the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportCase {
    /// Registration number.
    pub registration_number: RegistrationNumber,
    /// Registration date.
    pub registered_on: NaiveDate,
    /// The deadline in force now (moved by an extension).
    pub deadline: NaiveDate,
    /// The day the case closed for its agency, if it did: the first day its status became
    /// `decided` (the answer issued), `notified`, `deemed_refused` or `withdrawn`, read from
    /// the status its audit entries recorded. A forwarded case has none: it goes on as the
    /// receiving agency's case (see [`ReportCase::forwarded_on`]).
    pub closed_on: Option<NaiveDate>,
    /// Status now.
    pub status: CaseStatus,
    /// The service applied for, if any.
    pub service: Option<ServiceCode>,
    /// The agency in charge (or, before the pipeline routed it, the agency addressed).
    pub agency: Option<AgencyCode>,
    /// The category: the topic triage read in the text (`None` when triage failed or has
    /// not run yet).
    pub category: Option<String>,
    /// The appeal's language.
    pub language: Language,
    /// The applicant's region of registered residence, when the registry gave it for the
    /// decision (only services whose rules read the residence ask for it). An appeal itself
    /// carries no region, and the free-text postal address is not guessed at, so it is
    /// `None` for every other case.
    pub region: Option<String>,
    /// The outcome the machine decided under the rules (`granted` or `denied`), if it
    /// decided one: the denominator of the overturn rate.
    pub machine_outcome: Option<String>,
    /// Whether the answer issued was issued by the machine without an officer.
    pub automated: bool,
    /// Whether an officer overrode the machine's outcome (an `override` action was taken).
    pub overridden: bool,
    /// The day the case was forwarded to another agency, if it was.
    pub forwarded_on: Option<NaiveDate>,
    /// Working days on Kazakhstan's calendar from registration to forwarding (those after
    /// the registration day up to and including the forwarding day), for forwarded cases;
    /// `None` also when the calendar does not cover the dates.
    pub forwarding_working_days: Option<u32>,
}

impl ReportCase {
    /// Whether an answer was issued (the case is `decided` or `notified`).
    pub fn answered(&self) -> bool {
        matches!(self.status, CaseStatus::Decided | CaseStatus::Notified)
    }
}
