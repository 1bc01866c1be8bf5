//! The clocks of the Administrative Procedural Code (APPC) of Kazakhstan.
//!
//! Each function takes the [`Calendar`] explicitly and "today" as an argument,
//! so the clocks are pure and can be replayed for any past decision.
//!
//! Counting convention: a term of N working days starts the day after the
//! starting event, so the deadline is the Nth working day after it
//! ([`Calendar::add_working_days`] with the event as day 0).  A deadline is
//! always a working day: if a term of zero days would end on a day off, it
//! ends on the next working day instead.

use chrono::{Months, NaiveDate};

use crate::calendar::Calendar;
use crate::error::{CalendarError, ClockError};

/// APPC art. 76 §1: an administrative procedure ends within 15 working days
/// of registration unless a law sets another term.
pub const DEFAULT_REVIEW_WORKING_DAYS: u32 = 15;

/// APPC art. 76: an appeal addressed to the wrong body is forwarded to the
/// competent one within 3 working days.
pub const FORWARDING_WORKING_DAYS: u32 = 3;

/// APPC art. 76: the applicant is told of an extension within 3 working days
/// of the decision to extend.
pub const EXTENSION_NOTICE_WORKING_DAYS: u32 = 3;

/// APPC art. 73: the applicant is told of a hearing at least 3 working days
/// before an adverse administrative act is taken.
pub const HEARING_NOTICE_WORKING_DAYS: u32 = 3;

/// APPC art. 76: the whole term, extension included, may not exceed two
/// calendar months from registration.
pub const MAX_TERM_MONTHS: u32 = 2;

/// A checked extension of the review term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Extension {
    /// The new deadline, a working day within two months of registration.
    pub new_deadline: NaiveDate,
    /// The last day to notify the applicant of the extension.
    pub notify_by: NaiveDate,
}

/// Ends a term on a working day even when it is zero days long.
fn term_end(
    cal: &Calendar,
    start: NaiveDate,
    working_days: u32,
) -> Result<NaiveDate, CalendarError> {
    let end = cal.add_working_days(start, working_days)?;
    cal.next_working_day_on_or_after(end)
}

/// The deadline of a review: `service_term_working_days` (a service's own
/// statutory term) or, if `None`, the default 15 working days after
/// registration.  Always a working day.
pub fn review_deadline(
    cal: &Calendar,
    registered_on: NaiveDate,
    service_term_working_days: Option<u32>,
) -> Result<NaiveDate, CalendarError> {
    term_end(
        cal,
        registered_on,
        service_term_working_days.unwrap_or(DEFAULT_REVIEW_WORKING_DAYS),
    )
}

/// The last day to forward an appeal to the competent body: 3 working days
/// after registration.
pub fn forwarding_deadline(
    cal: &Calendar,
    registered_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    term_end(cal, registered_on, FORWARDING_WORKING_DAYS)
}

/// Registration plus two calendar months; chrono clamps to the month's end
/// (31 December + 2 months = 28 or 29 February), which is what "two months"
/// means in law for a date with no counterpart.
pub fn two_month_limit(
    cal: &Calendar,
    registered_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    // Checking the registration date first gives a range error for dates the
    // calendar does not know, and guarantees the addition below cannot overflow.
    cal.day_kind(registered_on)?;
    registered_on
        .checked_add_months(Months::new(MAX_TERM_MONTHS))
        .ok_or(CalendarError::OutOfRange {
            date: registered_on,
            first_year: *cal.years().start(),
            last_year: *cal.years().end(),
        })
}

/// The latest deadline an extension may set: the last working day on or before
/// registration plus two months.
pub fn max_extended_deadline(
    cal: &Calendar,
    registered_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    let limit = two_month_limit(cal, registered_on)?;
    cal.previous_working_day_on_or_before(limit)
}

/// Checks a proposed extension: the decision must fall between registration
/// and the current deadline; the new deadline must be a working day after the
/// current deadline and no later than registration plus two calendar months.
/// Returns the new deadline and the date by which the applicant must be
/// notified (decision date + 3 working days).
pub fn extend(
    cal: &Calendar,
    registered_on: NaiveDate,
    current_deadline: NaiveDate,
    decided_on: NaiveDate,
    new_deadline: NaiveDate,
) -> Result<Extension, ClockError> {
    if decided_on < registered_on {
        return Err(ClockError::DecidedBeforeRegistration {
            decided_on,
            registered_on,
        });
    }
    if decided_on > current_deadline {
        return Err(ClockError::DecidedTooLate {
            decided_on,
            current: current_deadline,
        });
    }
    if new_deadline <= current_deadline {
        return Err(ClockError::NotLater {
            current: current_deadline,
            proposed: new_deadline,
        });
    }
    let limit = two_month_limit(cal, registered_on)?;
    if new_deadline > limit {
        return Err(ClockError::ExceedsTwoMonths {
            registered_on,
            limit,
            proposed: new_deadline,
        });
    }
    if !cal.is_working_day(new_deadline)? {
        return Err(ClockError::NotAWorkingDay {
            proposed: new_deadline,
        });
    }
    let notify_by = cal.add_working_days(decided_on, EXTENSION_NOTICE_WORKING_DAYS)?;
    Ok(Extension {
        new_deadline,
        notify_by,
    })
}

/// The latest date the applicant may be notified of a hearing before an
/// adverse act planned on `adverse_act_on`: 3 working days before it.
pub fn hearing_notice_latest(
    cal: &Calendar,
    adverse_act_on: NaiveDate,
) -> Result<NaiveDate, CalendarError> {
    cal.sub_working_days(adverse_act_on, HEARING_NOTICE_WORKING_DAYS)
}

/// True once `today` is past the deadline: under APPC art. 91 a missed
/// deadline counts as refusal, which opens the complaint route.  The deadline
/// day itself still belongs to the body.
pub fn is_deemed_refused(deadline: NaiveDate, today: NaiveDate) -> bool {
    today > deadline
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn cal() -> &'static Calendar {
        Calendar::kazakhstan()
    }

    #[test]
    fn review_deadline_default_is_15_working_days() {
        // Registered Fri 13 Mar 2026.  Working days after it: 16,17,18,19,20 (5),
        // 21-25 off (weekend, Nauryz, carry-overs), 26,27 (7), 30,31 (9),
        // 1,2,3 Apr (12), 6,7,8 Apr (15).
        assert_eq!(
            review_deadline(cal(), date(2026, 3, 13), None),
            Ok(date(2026, 4, 8))
        );
    }

    #[test]
    fn review_deadline_with_service_term() {
        // Registered Mon 6 May 2024: 7 May holiday, 8 May transferred off,
        // 9 May holiday, so day 1 is Fri 10 May, day 2 Mon 13 May.
        assert_eq!(
            review_deadline(cal(), date(2024, 5, 6), Some(2)),
            Ok(date(2024, 5, 13))
        );
    }

    #[test]
    fn zero_day_term_still_ends_on_a_working_day() {
        // Sat 21 Mar 2026 is Nauryz; the next working day is Thu 26 Mar.
        assert_eq!(
            review_deadline(cal(), date(2026, 3, 21), Some(0)),
            Ok(date(2026, 3, 26))
        );
    }

    #[test]
    fn forwarding_is_3_working_days() {
        // Registered Thu 20 Mar 2025: Fri 21 Mar Nauryz, 22-23 weekend holidays,
        // 24-25 carry-overs, so 26, 27, 28 March.
        assert_eq!(
            forwarding_deadline(cal(), date(2025, 3, 20)),
            Ok(date(2025, 3, 28))
        );
    }

    #[test]
    fn extension_within_two_months_is_accepted() {
        // Registered Mon 2 Feb 2026, deadline Tue 24 Feb; decided Tue 17 Feb.
        // Limit: 2 Apr 2026 (Thu, working).  Notice: 18, 19, 20 Feb -> Fri 20 Feb.
        let ext = extend(
            cal(),
            date(2026, 2, 2),
            date(2026, 2, 24),
            date(2026, 2, 17),
            date(2026, 4, 2),
        );
        assert_eq!(
            ext,
            Ok(Extension {
                new_deadline: date(2026, 4, 2),
                notify_by: date(2026, 2, 20)
            })
        );
    }

    #[test]
    fn extension_past_two_months_is_refused() {
        let err = extend(
            cal(),
            date(2026, 2, 2),
            date(2026, 2, 24),
            date(2026, 2, 17),
            date(2026, 4, 3),
        );
        assert_eq!(
            err,
            Err(ClockError::ExceedsTwoMonths {
                registered_on: date(2026, 2, 2),
                limit: date(2026, 4, 2),
                proposed: date(2026, 4, 3),
            })
        );
    }

    #[test]
    fn two_month_limit_clamps_to_month_end() {
        // 31 Dec 2025 + 2 months has no 31 Feb: 28 Feb 2026.
        assert_eq!(
            two_month_limit(cal(), date(2025, 12, 31)),
            Ok(date(2026, 2, 28))
        );
        // 28 Feb 2026 is a Saturday, so the latest extended deadline is Fri 27 Feb.
        assert_eq!(
            max_extended_deadline(cal(), date(2025, 12, 31)),
            Ok(date(2026, 2, 27))
        );
    }

    #[test]
    fn extension_errors() {
        let reg = date(2026, 2, 2);
        let cur = date(2026, 2, 24);
        assert!(matches!(
            extend(cal(), reg, cur, date(2026, 2, 17), cur),
            Err(ClockError::NotLater { .. })
        ));
        assert!(matches!(
            extend(cal(), reg, cur, date(2026, 2, 25), date(2026, 3, 10)),
            Err(ClockError::DecidedTooLate { .. })
        ));
        assert!(matches!(
            extend(cal(), reg, cur, date(2026, 1, 30), date(2026, 3, 10)),
            Err(ClockError::DecidedBeforeRegistration { .. })
        ));
        // Sun 8 Mar 2026.
        assert!(matches!(
            extend(cal(), reg, cur, date(2026, 2, 17), date(2026, 3, 8)),
            Err(ClockError::NotAWorkingDay { .. })
        ));
        assert!(matches!(
            extend(
                cal(),
                date(2031, 1, 6),
                date(2031, 1, 27),
                date(2031, 1, 20),
                date(2031, 2, 10)
            ),
            Err(ClockError::Calendar(CalendarError::OutOfRange { .. }))
        ));
    }

    #[test]
    fn hearing_notice_is_3_working_days_before() {
        // Adverse act planned Thu 26 Mar 2026; 21-25 are off, so the working days
        // before it are Fri 20, Thu 19, Wed 18 March.
        assert_eq!(
            hearing_notice_latest(cal(), date(2026, 3, 26)),
            Ok(date(2026, 3, 18))
        );
    }

    #[test]
    fn deemed_refusal_starts_the_day_after_the_deadline() {
        let deadline = date(2026, 4, 8);
        assert!(!is_deemed_refused(deadline, date(2026, 4, 7)));
        assert!(!is_deemed_refused(deadline, deadline));
        assert!(is_deemed_refused(deadline, date(2026, 4, 9)));
    }
}
