//! FEEL dates, times, date-times and the two kinds of duration.
//!
//! Dates span chrono's range (years −262 143 to 262 142). Times and date-times keep
//! nanoseconds; they compare and test equal at millisecond precision, as the DMN TCK expects.
//!
//! The types are defined here with the calendar arithmetic they share; each has its own
//! module for construction, arithmetic and printing (`date`, `time`, `datetime`,
//! `duration`, `zone`), and `parse` reads the ISO 8601 texts.

mod date;
mod datetime;
mod duration;
mod parse;
mod time;
mod zone;

pub(crate) use datetime::date_time_eq;
pub(crate) use parse::{AnyDuration, parse_duration};
pub(crate) use time::time_eq;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use std::cmp::Ordering;

const NANOS_PER_SEC: i128 = 1_000_000_000;
const NANOS_PER_DAY: i128 = 86_400 * NANOS_PER_SEC;

/// A FEEL date: the date, and for years beyond chrono's range (up to ±999 999 999) a number
/// of 400-year Gregorian cycles to add to it (the calendar, weekdays included, repeats every
/// 400 years). The cycles are 0 whenever the year fits chrono, so `.0` is then the date itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FeelDate(pub chrono::NaiveDate, pub(crate) i32);

/// Days in a 400-year Gregorian cycle.
const DAYS_PER_CYCLE: i64 = 146_097;
/// Years beyond this magnitude are held as 400-year cycles plus a year in 2000..2400.
const CHRONO_YEARS: i64 = 262_000;
/// The largest year FEEL dates reach (XML Schema / java.time).
const MAX_YEAR: i64 = 999_999_999;

/// The cycles to hold a `year` with, and the year chrono then holds.
fn split_year(year: i64) -> Option<(i32, i32)> {
    if year.abs() > MAX_YEAR {
        return None;
    }
    if year.abs() <= CHRONO_YEARS {
        return Some((0, i32::try_from(year).ok()?));
    }
    let cycles = (year - 2000).div_euclid(400);
    Some((
        i32::try_from(cycles).ok()?,
        i32::try_from(year - 400 * cycles).ok()?,
    ))
}

/// A date held as `local` plus `cycles` 400-year cycles, normalised.
fn norm_date(local: NaiveDate, cycles: i32) -> Option<(NaiveDate, i32)> {
    let year = i64::from(local.year()) + 400 * i64::from(cycles);
    let (c, y) = split_year(year)?;
    Some((local.with_year(y)?, c))
}

/// A date and time held as `local` plus `cycles` 400-year cycles, normalised.
fn norm_date_time(local: NaiveDateTime, cycles: i32) -> Option<(NaiveDateTime, i32)> {
    let (d, c) = norm_date(local.date(), cycles)?;
    Some((d.and_time(local.time()), c))
}

/// Nanoseconds of `cycles` 400-year cycles.
fn cycle_nanos(cycles: i32) -> i128 {
    i128::from(cycles) * i128::from(DAYS_PER_CYCLE) * NANOS_PER_DAY
}

impl FeelDate {
    /// Days since 0001-01-01 (negative before), over the whole range.
    fn day_number(&self) -> i64 {
        i64::from(self.0.num_days_from_ce()) + i64::from(self.1) * DAYS_PER_CYCLE
    }

    /// The year (which may lie beyond chrono's range).
    pub fn year(&self) -> i64 {
        i64::from(self.0.year()) + 400 * i64::from(self.1)
    }
}

impl PartialOrd for FeelDate {
    fn partial_cmp(&self, other: &FeelDate) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for FeelDate {
    fn cmp(&self, other: &FeelDate) -> Ordering {
        self.day_number().cmp(&other.day_number())
    }
}

/// The zone of a time or date and time: a fixed offset (`+02:00`, `Z`) or an IANA zone (`@Europe/Paris`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Zone {
    /// A fixed offset from UTC, in seconds east of Greenwich.
    Offset(i32),
    /// An IANA time zone.
    Named(Tz),
}

/// A FEEL time of day, optionally with an offset or a zone.
#[derive(Clone, Debug)]
pub struct FeelTime {
    pub(crate) time: NaiveTime,
    pub(crate) zone: Option<Zone>,
}

/// A FEEL date and time, optionally with an offset or a zone.
#[derive(Clone, Debug)]
pub struct FeelDateTime {
    pub(crate) local: NaiveDateTime,
    pub(crate) zone: Option<Zone>,
    /// 400-year cycles to add to `local` (see [`FeelDate`]); 0 in chrono's range.
    pub(crate) cycles: i32,
}

/// A years-and-months duration, as a signed count of months.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearsMonths(pub i64);

/// A days-and-time duration, as a signed count of nanoseconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DaysTime {
    nanos: i128,
}

/// Adds months to a date, clamping the day to the end of the month (Jan 31 + 1 month = Feb 28/29).
pub(crate) fn add_months(date: NaiveDate, months: i64) -> Option<NaiveDate> {
    let total = (i64::from(date.year()) * 12 + i64::from(date.month0())).checked_add(months)?;
    let year = i32::try_from(total.div_euclid(12)).ok()?;
    let month = u32::try_from(total.rem_euclid(12)).ok()? + 1;
    let mut day = date.day();
    loop {
        if let Some(d) = NaiveDate::from_ymd_opt(year, month, day) {
            return Some(d);
        }
        if day <= 28 {
            return None;
        }
        day -= 1;
    }
}

/// Whole months from one date to another, as `java.time.LocalDate.until` counts them.
pub(crate) fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    let pm = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
    let mut total = pm(to) - pm(from);
    let days = i64::from(to.day()) - i64::from(from.day());
    if total > 0 && days < 0 {
        total -= 1;
    } else if total < 0 && days > 0 {
        total += 1;
    }
    total
}

fn add_nanos(dt: NaiveDateTime, nanos: i128) -> Option<NaiveDateTime> {
    let secs = i64::try_from(nanos.div_euclid(NANOS_PER_SEC)).ok()?;
    let sub = i64::try_from(nanos.rem_euclid(NANOS_PER_SEC)).ok()?;
    let d = Duration::try_seconds(secs)?.checked_add(&Duration::nanoseconds(sub))?;
    dt.checked_add_signed(d)
}

fn diff_nanos(a: NaiveDateTime, b: NaiveDateTime) -> Option<i128> {
    let d = a.signed_duration_since(b);
    let secs = i128::from(d.num_seconds());
    let sub = i128::from(d.subsec_nanos());
    Some(secs * NANOS_PER_SEC + sub)
}

fn millis_floor(nanos: i128) -> i128 {
    nanos.div_euclid(1_000_000)
}

#[cfg(test)]
mod tests;
