//! The period a report covers: the days cases were registered on, both ends included.

use chrono::NaiveDate;
use thiserror::Error;

/// The longest period a report covers, in days: two years, so a request for a century
/// cannot make a page of 36,500 rows.
pub const MAX_DAYS: i64 = 731;

/// The days from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

/// Why a period was refused. The message says what to choose instead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PeriodError {
    /// The end is before the start.
    #[error("the period ends before it starts: choose an end on or after the start")]
    EndsBeforeStart,
    /// The period is longer than [`MAX_DAYS`].
    #[error("the period is longer than {MAX_DAYS} days: choose a shorter one")]
    TooLong,
}

impl Period {
    /// The period from `from` to `to`, both included.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, PeriodError> {
        if to < from {
            return Err(PeriodError::EndsBeforeStart);
        }
        if (to - from).num_days() >= MAX_DAYS {
            return Err(PeriodError::TooLong);
        }
        Ok(Period { from, to })
    }

    /// The first day.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// The last day.
    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// Whether `day` is in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Every day of the period, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let to = self.to;
        self.from.iter_days().take_while(move |day| *day <= to)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn a_period_has_both_ends_and_refuses_a_reversed_or_overlong_range() {
        let period = Period::new(day(2, 27), day(3, 2)).unwrap();
        assert_eq!(period.days().count(), 4);
        assert!(period.contains(day(2, 27)) && period.contains(day(3, 2)));
        assert!(!period.contains(day(3, 3)));
        assert_eq!(
            Period::new(day(3, 2), day(3, 1)),
            Err(PeriodError::EndsBeforeStart)
        );
        let far = NaiveDate::from_ymd_opt(2030, 1, 1).unwrap();
        assert_eq!(Period::new(day(1, 1), far), Err(PeriodError::TooLong));
        assert_eq!(Period::new(day(3, 1), day(3, 1)).unwrap().days().count(), 1);
    }
}
