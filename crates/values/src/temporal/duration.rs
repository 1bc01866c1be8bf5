//! The two kinds of duration: years and months, days and time.

use super::parse::parse_duration_parts;
use super::{DaysTime, NANOS_PER_DAY, NANOS_PER_SEC, YearsMonths, months_between};
use chrono::NaiveDate;
use std::fmt;

impl YearsMonths {
    /// Parses `[-]PnYnM` (only years and months).
    pub fn parse(text: &str) -> Option<YearsMonths> {
        let p = parse_duration_parts(text)?;
        if p.days.is_some() || p.hours.is_some() || p.minutes.is_some() || p.seconds.is_some() {
            return None;
        }
        let m = p
            .years
            .unwrap_or(0)
            .checked_mul(12)?
            .checked_add(p.months.unwrap_or(0))?;
        let m = i64::try_from(m).ok()?;
        Some(YearsMonths(if p.negative { -m } else { m }))
    }

    /// Whole years (signed), as the `years` property gives.
    pub fn years(&self) -> i64 {
        self.0 / 12
    }

    /// Remaining months (signed), as the `months` property gives.
    pub fn months(&self) -> i64 {
        self.0 % 12
    }

    /// The years-and-months duration between two dates (whole months, as `java.time` counts them).
    pub fn between(from: NaiveDate, to: NaiveDate) -> YearsMonths {
        YearsMonths(months_between(from, to))
    }
}

impl fmt::Display for YearsMonths {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = self.0.unsigned_abs();
        if self.0 < 0 {
            f.write_str("-")?;
        }
        let (y, m) = (a / 12, a % 12);
        match (y, m) {
            (0, m) => write!(f, "P{m}M"),
            (y, 0) => write!(f, "P{y}Y"),
            (y, m) => write!(f, "P{y}Y{m}M"),
        }
    }
}

impl DaysTime {
    /// A duration of this many nanoseconds.
    pub fn from_nanos(nanos: i128) -> DaysTime {
        DaysTime { nanos }
    }

    /// A duration of this many seconds.
    pub fn from_seconds(secs: i64) -> DaysTime {
        DaysTime {
            nanos: i128::from(secs) * NANOS_PER_SEC,
        }
    }

    /// The duration in nanoseconds.
    pub fn nanos(&self) -> i128 {
        self.nanos
    }

    /// Whole seconds, truncated towards zero.
    pub fn whole_seconds(&self) -> i128 {
        self.nanos / NANOS_PER_SEC
    }

    /// Parses `[-]PnDTnHnMn.nS` (only days and time).
    pub fn parse(text: &str) -> Option<DaysTime> {
        let p = parse_duration_parts(text)?;
        if p.years.is_some() || p.months.is_some() {
            return None;
        }
        let total = p
            .days
            .unwrap_or(0)
            .checked_mul(24)?
            .checked_add(p.hours.unwrap_or(0))?
            .checked_mul(60)?
            .checked_add(p.minutes.unwrap_or(0))?
            .checked_mul(60 * NANOS_PER_SEC)?
            .checked_add(p.seconds.unwrap_or(0))?;
        Some(DaysTime {
            nanos: if p.negative { -total } else { total },
        })
    }

    /// The `days` property (signed).
    pub fn days(&self) -> i128 {
        self.nanos / NANOS_PER_DAY
    }

    /// The `hours` property (signed, 0–23 in magnitude).
    pub fn hours(&self) -> i128 {
        (self.nanos / (3600 * NANOS_PER_SEC)) % 24
    }

    /// The `minutes` property (signed, 0–59 in magnitude).
    pub fn minutes(&self) -> i128 {
        (self.nanos / (60 * NANOS_PER_SEC)) % 60
    }

    /// The `seconds` property's whole part (signed, 0–59 in magnitude).
    pub fn seconds(&self) -> i128 {
        (self.nanos / NANOS_PER_SEC) % 60
    }

    /// The fractional part of the seconds in nanoseconds (signed).
    pub fn subsec_nanos(&self) -> i128 {
        self.nanos % NANOS_PER_SEC
    }
}

impl fmt::Display for DaysTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = self.nanos.unsigned_abs();
        if self.nanos < 0 {
            f.write_str("-")?;
        }
        let np = NANOS_PER_SEC.unsigned_abs();
        let days = a / (86_400 * np);
        let hours = (a / (3600 * np)) % 24;
        let minutes = (a / (60 * np)) % 60;
        let secs = (a / np) % 60;
        let frac = a % np;
        f.write_str("P")?;
        if days > 0 {
            write!(f, "{days}D")?;
        }
        if hours == 0 && minutes == 0 && secs == 0 && frac == 0 {
            if days == 0 {
                f.write_str("T0S")?;
            }
            return Ok(());
        }
        f.write_str("T")?;
        if hours > 0 {
            write!(f, "{hours}H")?;
        }
        if minutes > 0 {
            write!(f, "{minutes}M")?;
        }
        if secs > 0 || frac > 0 {
            write!(f, "{secs}")?;
            if frac > 0 {
                let s = format!("{frac:09}");
                write!(f, ".{}", s.trim_end_matches('0'))?;
            }
            f.write_str("S")?;
        }
        Ok(())
    }
}
