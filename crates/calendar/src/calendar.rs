//! The working-day calendar: what kind of day a date is, and counting in
//! working days.
//!
//! The calendar is built once from the year files: statutory holidays, the
//! Kurban Ait date, the decreed transfers, and the weekend carry-overs that
//! Labour Code art. 85 §2 derives from them.  Every special date goes into one
//! ordered map, so a query is a map look-up plus a weekday check.  Dates
//! outside the covered years are refused rather than guessed, because a
//! deadline computed on an unknown calendar could be wrong in law.

use std::collections::BTreeMap;
use std::ops::RangeInclusive;
use std::sync::LazyLock;

use chrono::{DateTime, Datelike, NaiveDate, Utc, Weekday};
use serde::Serialize;

use crate::data::{EMBEDDED_FILES, YearFile, parse_all};
use crate::error::CalendarError;
use crate::holidays::{FIXED_HOLIDAYS, KURBAN_AIT};
use crate::time::local_date;

/// What kind of day a date is in Kazakhstan's five-day working week.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub enum DayKind {
    /// An ordinary working day.
    Working,
    /// An ordinary Saturday or Sunday.
    Weekend,
    /// A public holiday (on whatever day of the week it falls).
    Holiday {
        /// English name of the holiday.
        name: &'static str,
        /// Religious holidays (Orthodox Christmas, Kurban Ait) never carry over.
        religious: bool,
    },
    /// A weekday off because the secular holiday on `holiday` fell on a
    /// weekend (Labour Code art. 85 §2).
    CarryOver {
        /// The weekend holiday whose day off moved here.
        holiday: NaiveDate,
    },
    /// A weekday made a day off by a transfer (Labour Code art. 85 §3).
    TransferredDayOff {
        /// The weekend day that became a working day in exchange.
        from: NaiveDate,
    },
    /// A weekend day made a working day by a transfer (Labour Code art. 85 §3).
    TransferredWorkingDay {
        /// The weekday that became a day off in exchange.
        to: NaiveDate,
    },
}

impl DayKind {
    /// True for the kinds on which government bodies work.
    pub fn is_working(&self) -> bool {
        matches!(
            self,
            DayKind::Working | DayKind::TransferredWorkingDay { .. }
        )
    }
}

/// How far a carry-over may look for a free weekday.  Even the longest run of
/// holidays (Nauryz over a weekend) needs only a few days; the bound keeps the
/// search finite whatever the data says.
const CARRY_OVER_SEARCH_DAYS: u32 = 31;

/// Kazakhstan's working-day calendar over the years of the embedded data.
#[derive(Debug, Clone)]
pub struct Calendar {
    first_year: i32,
    last_year: i32,
    /// Every date that is not simply "working on weekdays, off at weekends".
    special: BTreeMap<NaiveDate, DayKind>,
    files: Vec<YearFile>,
    /// Set only when the embedded data failed to load, so that
    /// [`Calendar::kazakhstan`] can still return a calendar (which then
    /// answers every question with this error) instead of panicking.
    load_error: Option<CalendarError>,
}

static KAZAKHSTAN: LazyLock<Calendar> = LazyLock::new(|| {
    Calendar::from_files(EMBEDDED_FILES).unwrap_or_else(|error| Calendar {
        first_year: 1,
        last_year: 0,
        special: BTreeMap::new(),
        files: Vec::new(),
        load_error: Some(error),
    })
});

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

impl Calendar {
    /// The calendar built from the embedded year files, parsed once.
    ///
    /// A test proves the embedded files parse; should they ever not, this
    /// still returns a calendar, whose every query returns the data error
    /// (see [`Calendar::load_error`]).
    pub fn kazakhstan() -> &'static Calendar {
        &KAZAKHSTAN
    }

    /// Like [`Calendar::kazakhstan`], but reports a data error up front.
    pub fn try_kazakhstan() -> Result<&'static Calendar, CalendarError> {
        let cal = Self::kazakhstan();
        match &cal.load_error {
            Some(e) => Err(e.clone()),
            None => Ok(cal),
        }
    }

    /// Builds a calendar from year files given as `(file name, TOML text)`;
    /// the years must be consecutive.  Used for the embedded data and by tests.
    pub fn from_files(files: &[(&str, &str)]) -> Result<Calendar, CalendarError> {
        let files = parse_all(files)?;
        let (first_year, last_year) = match (files.first(), files.last()) {
            (Some(f), Some(l)) => (f.year, l.year),
            _ => return Err(CalendarError::NoData),
        };
        let mut special = BTreeMap::new();
        let mut secular_on_weekend = Vec::new();
        for file in &files {
            for h in FIXED_HOLIDAYS {
                let Some(date) = NaiveDate::from_ymd_opt(file.year, h.month, h.day) else {
                    continue;
                };
                special.insert(
                    date,
                    DayKind::Holiday {
                        name: h.name,
                        religious: h.religious,
                    },
                );
                if !h.religious && is_weekend(date) {
                    secular_on_weekend.push(date);
                }
            }
            // If Kurban Ait coincides with a fixed holiday, the fixed one is
            // kept: it is the one that may carry over, so keeping it loses no
            // day off, while the religious one would never move anyway.
            special
                .entry(file.kurban_ait.date)
                .or_insert(DayKind::Holiday {
                    name: KURBAN_AIT,
                    religious: true,
                });
            for t in &file.transfers {
                special.insert(
                    t.working_day,
                    DayKind::TransferredWorkingDay { to: t.day_off },
                );
                special.insert(
                    t.day_off,
                    DayKind::TransferredDayOff {
                        from: t.working_day,
                    },
                );
            }
        }
        // Carry-overs are assigned in date order, each to the first weekday
        // that is not already special, so that Nauryz on Sat–Sun–Mon yields
        // Tue and Wed rather than two claims on the same day.
        secular_on_weekend.sort();
        for holiday in secular_on_weekend {
            let mut day = holiday;
            for _ in 0..CARRY_OVER_SEARCH_DAYS {
                let Some(next) = day.succ_opt() else { break };
                day = next;
                if !is_weekend(day) && !special.contains_key(&day) {
                    special.insert(day, DayKind::CarryOver { holiday });
                    break;
                }
            }
        }
        Ok(Calendar {
            first_year,
            last_year,
            special,
            files,
            load_error: None,
        })
    }

    /// The error the embedded data failed with, if it did.
    pub fn load_error(&self) -> Option<&CalendarError> {
        self.load_error.as_ref()
    }

    /// The years covered (empty if the data failed to load).
    pub fn years(&self) -> RangeInclusive<i32> {
        self.first_year..=self.last_year
    }

    /// The parsed data file of a year, with its sources and verification flags.
    pub fn year_data(&self, year: i32) -> Option<&YearFile> {
        self.files.iter().find(|f| f.year == year)
    }

    /// True if every item in the data for `year` is marked verified; false for
    /// estimated years and for years not covered.
    pub fn is_year_verified(&self, year: i32) -> bool {
        self.year_data(year)
            .is_some_and(|f| f.kurban_ait.verified && f.transfers.iter().all(|t| t.verified))
    }

    fn check(&self, date: NaiveDate) -> Result<(), CalendarError> {
        if let Some(e) = &self.load_error {
            return Err(e.clone());
        }
        if self.years().contains(&date.year()) {
            Ok(())
        } else {
            Err(CalendarError::OutOfRange {
                date,
                first_year: self.first_year,
                last_year: self.last_year,
            })
        }
    }

    fn out_of_range(&self, date: NaiveDate) -> CalendarError {
        CalendarError::OutOfRange {
            date,
            first_year: self.first_year,
            last_year: self.last_year,
        }
    }

    /// What kind of day `date` is.
    pub fn day_kind(&self, date: NaiveDate) -> Result<DayKind, CalendarError> {
        self.check(date)?;
        Ok(match self.special.get(&date) {
            Some(kind) => *kind,
            None if is_weekend(date) => DayKind::Weekend,
            None => DayKind::Working,
        })
    }

    /// True if government bodies work on `date`.
    pub fn is_working_day(&self, date: NaiveDate) -> Result<bool, CalendarError> {
        Ok(self.day_kind(date)?.is_working())
    }

    /// The Nth working day after `start`; `start` itself is day 0, so `n = 0`
    /// returns `start` unchanged, even on a non-working day.  For `n >= 1` the
    /// result is always a working day.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        self.check(start)?;
        let mut day = start;
        let mut remaining = n;
        while remaining > 0 {
            day = day.succ_opt().ok_or_else(|| self.out_of_range(day))?;
            if self.is_working_day(day)? {
                remaining -= 1;
            }
        }
        Ok(day)
    }

    /// The Nth working day before `date` (used for "notice at least 3 working
    /// days before"); `date` itself is day 0, so `n = 0` returns it unchanged.
    pub fn sub_working_days(&self, date: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        self.check(date)?;
        let mut day = date;
        let mut remaining = n;
        while remaining > 0 {
            day = day.pred_opt().ok_or_else(|| self.out_of_range(day))?;
            if self.is_working_day(day)? {
                remaining -= 1;
            }
        }
        Ok(day)
    }

    /// `date` if it is a working day, otherwise the first working day after it.
    pub fn next_working_day_on_or_after(
        &self,
        date: NaiveDate,
    ) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        while !self.is_working_day(day)? {
            day = day.succ_opt().ok_or_else(|| self.out_of_range(day))?;
        }
        Ok(day)
    }

    /// `date` if it is a working day, otherwise the last working day before it.
    pub fn previous_working_day_on_or_before(
        &self,
        date: NaiveDate,
    ) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        while !self.is_working_day(day)? {
            day = day.pred_opt().ok_or_else(|| self.out_of_range(day))?;
        }
        Ok(day)
    }

    /// The number of working days `d` with `from < d <= to` (0 if `to <= from`),
    /// e.g. how many working days of a term have elapsed by `to`.
    pub fn working_days_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<u32, CalendarError> {
        self.check(from)?;
        self.check(to)?;
        let mut count = 0u32;
        let mut day = from;
        while day < to {
            day = day.succ_opt().ok_or_else(|| self.out_of_range(day))?;
            if self.is_working_day(day)? {
                count = count.saturating_add(1);
            }
        }
        Ok(count)
    }

    /// The local (Kazakhstan) date of an instant, moved to the next working day
    /// if that date is not one: an appeal received at the weekend is
    /// registered on the next working day.
    pub fn registration_date(&self, received: DateTime<Utc>) -> Result<NaiveDate, CalendarError> {
        self.next_working_day_on_or_after(local_date(received))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn embedded_calendar_loads() {
        let cal = Calendar::try_kazakhstan().unwrap();
        assert_eq!(cal.years(), 2024..=2028);
    }

    #[test]
    fn out_of_range_message_is_plain_english() {
        let err = Calendar::kazakhstan()
            .day_kind(date(2031, 1, 5))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "2031-01-05 is outside the working-day calendar, which covers 2024–2028"
        );
    }

    #[test]
    fn walking_off_the_end_is_out_of_range() {
        let cal = Calendar::kazakhstan();
        let err = cal.add_working_days(date(2028, 12, 29), 5).unwrap_err();
        assert!(matches!(err, CalendarError::OutOfRange { date, .. } if date.year() == 2029));
        let err = cal.sub_working_days(date(2024, 1, 3), 5).unwrap_err();
        assert!(matches!(err, CalendarError::OutOfRange { date, .. } if date.year() == 2023));
    }

    #[test]
    fn huge_n_terminates_with_out_of_range() {
        let cal = Calendar::kazakhstan();
        assert!(cal.add_working_days(date(2024, 1, 3), u32::MAX).is_err());
        assert!(cal.sub_working_days(date(2028, 12, 29), u32::MAX).is_err());
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        let cal = Calendar::kazakhstan();
        for d in [NaiveDate::MIN, NaiveDate::MAX] {
            assert!(cal.day_kind(d).is_err());
            assert!(cal.add_working_days(d, 3).is_err());
            assert!(cal.sub_working_days(d, 3).is_err());
            assert!(cal.next_working_day_on_or_after(d).is_err());
            assert!(cal.previous_working_day_on_or_before(d).is_err());
        }
        assert!(cal.registration_date(DateTime::<Utc>::MAX_UTC).is_err());
        assert!(cal.registration_date(DateTime::<Utc>::MIN_UTC).is_err());
    }

    #[test]
    fn working_days_between_counts_exclusive_start_inclusive_end() {
        let cal = Calendar::kazakhstan();
        // Fri 20 Mar 2026 -> Thu 26 Mar 2026: 21-25 are all off, 26 works.
        assert_eq!(
            cal.working_days_between(date(2026, 3, 20), date(2026, 3, 26)),
            Ok(1)
        );
        assert_eq!(
            cal.working_days_between(date(2026, 3, 26), date(2026, 3, 20)),
            Ok(0)
        );
    }

    #[test]
    fn verification_flags_are_exposed() {
        let cal = Calendar::kazakhstan();
        assert!(cal.is_year_verified(2024));
        assert!(!cal.is_year_verified(2028));
        assert!(!cal.is_year_verified(2040));
    }
}
