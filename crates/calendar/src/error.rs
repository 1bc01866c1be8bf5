//! Typed errors of the calendar and of the APPC clocks.
//!
//! Every message is a plain-English sentence a caseworker could read, because
//! these errors end up in decision records and operator logs.

use chrono::NaiveDate;

/// What can go wrong when the working-day calendar is asked about a date.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum CalendarError {
    /// The date (or a date a computation had to walk through) lies outside the
    /// years for which holiday data is embedded; answering would mean guessing.
    #[error("{date} is outside the working-day calendar, which covers {first_year}–{last_year}")]
    OutOfRange {
        /// The date that could not be classified.
        date: NaiveDate,
        /// First year covered by the embedded data.
        first_year: i32,
        /// Last year covered by the embedded data.
        last_year: i32,
    },

    /// A year file could not be parsed as TOML of the expected shape.
    #[error("calendar data file {file} could not be read: {reason}")]
    DataParse {
        /// Name of the data file, e.g. `kz-2024.toml`.
        file: String,
        /// The parser's explanation.
        reason: String,
    },

    /// A year file parsed but contradicts the rules of the calendar (a transfer
    /// onto a holiday, a date in the wrong year, a gap between years, …).
    #[error("calendar data file {file} is invalid: {reason}")]
    DataInvalid {
        /// Name of the data file, e.g. `kz-2024.toml`.
        file: String,
        /// What is wrong, in plain English.
        reason: String,
    },

    /// No year files were given, so there is no calendar at all.
    #[error("the working-day calendar has no data files")]
    NoData,
}

/// What can go wrong when an APPC clock checks a proposed action.
#[derive(thiserror::Error, Debug, Clone, PartialEq, Eq)]
pub enum ClockError {
    /// The calendar could not answer (usually a date outside the covered years).
    #[error(transparent)]
    Calendar(#[from] CalendarError),

    /// An extension must push the deadline later, otherwise it is not an extension.
    #[error(
        "the proposed deadline {proposed} is not after the current deadline {current}, so it does not extend it"
    )]
    NotLater {
        /// The deadline in force.
        current: NaiveDate,
        /// The deadline proposed by the extension.
        proposed: NaiveDate,
    },

    /// APPC art. 76: the whole term, extension included, may not exceed two
    /// calendar months from registration.
    #[error(
        "the proposed deadline {proposed} is later than {limit}, two months after registration on {registered_on}, which APPC art. 76 does not allow"
    )]
    ExceedsTwoMonths {
        /// Date the appeal was registered.
        registered_on: NaiveDate,
        /// The latest date allowed (registration plus two calendar months).
        limit: NaiveDate,
        /// The deadline proposed by the extension.
        proposed: NaiveDate,
    },

    /// A deadline on a day off would silently become the next working day, which
    /// may break the two-month limit, so the proposal must name a working day.
    #[error("the proposed deadline {proposed} is not a working day")]
    NotAWorkingDay {
        /// The deadline proposed by the extension.
        proposed: NaiveDate,
    },

    /// The term can only be extended while it is still running.
    #[error(
        "the extension was decided on {decided_on}, after the current deadline {current} had already passed"
    )]
    DecidedTooLate {
        /// Date of the decision to extend.
        decided_on: NaiveDate,
        /// The deadline in force.
        current: NaiveDate,
    },

    /// A decision cannot precede the registration of the appeal it concerns.
    #[error(
        "the extension was decided on {decided_on}, before the appeal was registered on {registered_on}"
    )]
    DecidedBeforeRegistration {
        /// Date of the decision to extend.
        decided_on: NaiveDate,
        /// Date the appeal was registered.
        registered_on: NaiveDate,
    },
}
