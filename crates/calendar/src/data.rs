//! The versioned year files and their validation.
//!
//! Each `data/kz-YYYY.toml` holds what only a yearly act or a religious
//! authority can tell: the first day of Kurban Ait and the days off moved under
//! Labour Code art. 85 §3.  Every item carries its `source` and whether it was
//! `verified`, so an estimate can never pass for a decree.  The files are
//! embedded with `include_str!`, so the crate does no I/O; a test parses them
//! all so that a broken file fails CI rather than a deadline computation.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::CalendarError;
use crate::holidays::FIXED_HOLIDAYS;

/// The embedded year files as `(file name, contents)`, oldest first.
pub const EMBEDDED_FILES: &[(&str, &str)] = &[
    ("kz-2024.toml", include_str!("../data/kz-2024.toml")),
    ("kz-2025.toml", include_str!("../data/kz-2025.toml")),
    ("kz-2026.toml", include_str!("../data/kz-2026.toml")),
    ("kz-2027.toml", include_str!("../data/kz-2027.toml")),
    ("kz-2028.toml", include_str!("../data/kz-2028.toml")),
];

/// One parsed year file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct YearFile {
    /// The calendar year the file describes.
    pub year: i32,
    /// First day of Kurban Ait in that year.
    pub kurban_ait: KurbanAit,
    /// Days off moved by the government or the Ministry of Labour.
    #[serde(default)]
    pub transfers: Vec<Transfer>,
}

/// The first day of Kurban Ait and where that date comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KurbanAit {
    /// The first day of the feast, a day off that never moves.
    pub date: NaiveDate,
    /// The act, announcement or news item the date comes from.
    pub source: String,
    /// True only if the date was found in an official or reported source;
    /// false for astronomical estimates.
    pub verified: bool,
}

/// A day off moved under Labour Code art. 85 §3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transfer {
    /// The weekend day that becomes a working day.
    pub working_day: NaiveDate,
    /// The weekday that becomes a day off in exchange.
    pub day_off: NaiveDate,
    /// The decree or order (and its date), or the news item reporting it.
    pub source: String,
    /// True only if the transfer was found in an official or reported source.
    pub verified: bool,
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn is_fixed_holiday(date: NaiveDate) -> bool {
    FIXED_HOLIDAYS
        .iter()
        .any(|h| h.month == date.month() && h.day == date.day())
}

impl YearFile {
    /// Parses one file and checks it against the calendar's rules.
    pub fn parse(file: &str, text: &str) -> Result<Self, CalendarError> {
        let parsed: YearFile = toml::from_str(text).map_err(|e| CalendarError::DataParse {
            file: file.to_owned(),
            reason: e.message().to_owned(),
        })?;
        parsed.validate(file)?;
        Ok(parsed)
    }

    /// Checks the rules a hand-edited file could break.  Transfers are required
    /// to swap a weekend day for a weekday that is not a holiday: anything else
    /// would not be a transfer of a day off and would confuse the day kinds.
    fn validate(&self, file: &str) -> Result<(), CalendarError> {
        let invalid = |reason: String| CalendarError::DataInvalid {
            file: file.to_owned(),
            reason,
        };
        let expected_name = format!("kz-{}.toml", self.year);
        if file != expected_name {
            return Err(invalid(format!(
                "it describes year {} and should be named {expected_name}",
                self.year
            )));
        }
        if self.kurban_ait.date.year() != self.year {
            return Err(invalid(format!(
                "the Kurban Ait date {} is not in {}",
                self.kurban_ait.date, self.year
            )));
        }
        let mut seen: Vec<NaiveDate> = Vec::new();
        for t in &self.transfers {
            for d in [t.working_day, t.day_off] {
                if d.year() != self.year {
                    return Err(invalid(format!(
                        "the transfer date {d} is not in {}",
                        self.year
                    )));
                }
                if seen.contains(&d) {
                    return Err(invalid(format!("{d} appears in more than one transfer")));
                }
                seen.push(d);
            }
            if !is_weekend(t.working_day) {
                return Err(invalid(format!(
                    "the transfer's working_day {} is a {}, not a Saturday or Sunday",
                    t.working_day,
                    t.working_day.weekday()
                )));
            }
            if is_weekend(t.day_off) {
                return Err(invalid(format!(
                    "the transfer's day_off {} is a {}, not a weekday",
                    t.day_off,
                    t.day_off.weekday()
                )));
            }
            for d in [t.working_day, t.day_off] {
                if is_fixed_holiday(d) || d == self.kurban_ait.date {
                    return Err(invalid(format!(
                        "the transfer date {d} is a public holiday"
                    )));
                }
            }
            if t.source.trim().is_empty() {
                return Err(invalid(format!(
                    "the transfer {} -> {} has no source",
                    t.working_day, t.day_off
                )));
            }
        }
        if self.kurban_ait.source.trim().is_empty() {
            return Err(invalid("the Kurban Ait date has no source".to_owned()));
        }
        Ok(())
    }
}

/// Parses a set of year files, which must cover consecutive years, and returns
/// them sorted by year.
pub fn parse_all(files: &[(&str, &str)]) -> Result<Vec<YearFile>, CalendarError> {
    let mut years = files
        .iter()
        .map(|(name, text)| YearFile::parse(name, text))
        .collect::<Result<Vec<_>, _>>()?;
    years.sort_by_key(|y| y.year);
    if years.is_empty() {
        return Err(CalendarError::NoData);
    }
    for pair in years.windows(2) {
        if let [a, b] = pair
            && b.year != a.year + 1
        {
            return Err(CalendarError::DataInvalid {
                file: format!("kz-{}.toml", b.year),
                reason: format!(
                    "it does not follow kz-{}.toml: the years must be consecutive without gaps or duplicates",
                    a.year
                ),
            });
        }
    }
    Ok(years)
}
