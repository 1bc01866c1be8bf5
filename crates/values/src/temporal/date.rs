//! Dates: parsing, construction, arithmetic with durations, and printing.

use super::parse::{Cursor, parse_date_part};
use super::{
    DaysTime, FeelDate, FeelDateTime, NANOS_PER_DAY, Zone, add_months, add_nanos, norm_date,
    split_year,
};
use chrono::{Datelike, NaiveDate, NaiveTime};
use std::fmt;

fn write_year(f: &mut fmt::Formatter<'_>, year: i64) -> fmt::Result {
    if year < 0 {
        write!(f, "-{:04}", year.unsigned_abs())
    } else {
        write!(f, "{year:04}")
    }
}

impl FeelDate {
    /// Parses `YYYY-MM-DD` (a leading `-` for years before year 1 … 0).
    pub fn parse(text: &str) -> Option<FeelDate> {
        let mut c = Cursor::new(text);
        let (d, cycles) = parse_date_part(&mut c)?;
        c.done().then_some(FeelDate(d, cycles))
    }

    /// The date for a year, month and day, if valid.
    pub fn from_ymd(year: i64, month: i64, day: i64) -> Option<FeelDate> {
        let (cycles, year) = split_year(year)?;
        NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
            .map(|d| FeelDate(d, cycles))
    }

    /// Midnight of this date, without a zone.
    pub fn at_midnight(&self) -> FeelDateTime {
        FeelDateTime {
            local: self.0.and_time(NaiveTime::MIN),
            zone: None,
            cycles: self.1,
        }
    }

    /// Midnight UTC of this date (how a date takes part in arithmetic with a zoned date and time).
    pub fn at_midnight_utc(&self) -> FeelDateTime {
        FeelDateTime {
            local: self.0.and_time(NaiveTime::MIN),
            zone: Some(Zone::Offset(0)),
            cycles: self.1,
        }
    }

    /// Adds a number of months (clamping the day to the end of the month).
    pub fn add_months(&self, months: i64) -> Option<FeelDate> {
        let (d, c) = norm_date(add_months(self.0, months)?, self.1)?;
        Some(FeelDate(d, c))
    }

    /// Adds a days-and-time duration: whole days count, the time part truncates
    /// (2021-01-01 + PT36H = 2021-01-02).
    pub fn add_days_time(&self, d: DaysTime) -> Option<FeelDate> {
        let dt = add_nanos(self.0.and_time(NaiveTime::MIN), d.nanos)?;
        let (d, c) = norm_date(dt.date(), self.1)?;
        Some(FeelDate(d, c))
    }

    /// `self - other` as a days-and-time duration.
    pub fn sub_date(&self, other: &FeelDate) -> DaysTime {
        let days = i128::from(self.day_number() - other.day_number());
        DaysTime::from_nanos(days * NANOS_PER_DAY)
    }
}

impl fmt::Display for FeelDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_year(f, self.year())?;
        write!(f, "-{:02}-{:02}", self.0.month(), self.0.day())
    }
}
