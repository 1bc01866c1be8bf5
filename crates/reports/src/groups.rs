//! The groups of a breakdown: what cases are grouped by ([`Dimension`]) and the counts and
//! rates of each group ([`GroupRates`]), as the module `figures` defines them.

use chrono::NaiveDate;
use sheshim_store::ReportCase;

/// What a breakdown groups cases by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dimension {
    /// The service applied for.
    Service,
    /// The topic triage read in the text.
    Category,
    /// The appeal's language.
    Language,
    /// The applicant's region, where the store knows it.
    Region,
}

impl Dimension {
    /// Every dimension, in the order the report shows them.
    pub const ALL: [Dimension; 4] = [
        Dimension::Service,
        Dimension::Category,
        Dimension::Language,
        Dimension::Region,
    ];

    /// The table's id, title and first column's header.
    pub(crate) fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Dimension::Service => (
                "by-service",
                "report-by-service-title",
                "report-col-service",
            ),
            Dimension::Category => (
                "by-category",
                "report-by-category-title",
                "report-col-category",
            ),
            Dimension::Language => (
                "by-language",
                "report-by-language-title",
                "report-col-language",
            ),
            Dimension::Region => ("by-region", "report-by-region-title", "report-col-region"),
        }
    }

    /// The group a case falls in (`None`: the case has no value, e.g. no service).
    pub(crate) fn key(self, case: &ReportCase) -> Option<String> {
        match self {
            Dimension::Service => case.service.as_ref().map(|s| s.as_str().to_owned()),
            Dimension::Category => case.category.clone(),
            Dimension::Language => Some(case.language.code().to_owned()),
            Dimension::Region => case.region.clone(),
        }
    }
}

/// The counts and rates of one group of cases.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GroupRates {
    /// The group's value (a service code, a topic, …); `None` for cases without one.
    pub key: Option<String>,
    /// Cases registered.
    pub cases: u64,
    /// Closed on or before the deadline.
    pub on_time: u64,
    /// Closed after the deadline.
    pub late: u64,
    /// Open with the deadline passed.
    pub open_overdue: u64,
    /// Open within the term.
    pub open_in_term: u64,
    /// Answers issued.
    pub answered: u64,
    /// Answers issued by the machine alone.
    pub automated: u64,
    /// Cases the machine decided.
    pub machine_decided: u64,
    /// Of those, cases an officer overrode.
    pub overridden: u64,
}

impl GroupRates {
    pub(crate) fn count(&mut self, case: &ReportCase, today: NaiveDate) {
        self.cases += 1;
        match case.closed_on {
            Some(closed_on) if closed_on <= case.deadline => self.on_time += 1,
            Some(_) => self.late += 1,
            None if case.status.is_open() && case.deadline < today => self.open_overdue += 1,
            None if case.status.is_open() => self.open_in_term += 1,
            None => {}
        }
        if case.answered() {
            self.answered += 1;
            self.automated += u64::from(case.automated);
        }
        if case.machine_outcome.is_some() {
            self.machine_decided += 1;
            self.overridden += u64::from(case.overridden);
        }
    }

    /// On time over on time, late and open overdue.
    pub fn compliance(&self) -> Option<f64> {
        share(self.on_time, self.on_time + self.late + self.open_overdue)
    }

    /// Answers issued by the machine alone over answers issued.
    pub fn automation(&self) -> Option<f64> {
        share(self.automated, self.answered)
    }

    /// Overridden over decided by the machine.
    pub fn overturn(&self) -> Option<f64> {
        share(self.overridden, self.machine_decided)
    }
}

/// `part / whole`, or `None` when `whole` is zero.
fn share(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}
