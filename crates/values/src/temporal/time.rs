//! Times of day: parsing, comparison at millisecond precision, arithmetic and printing.

use super::parse::{Cursor, parse_time_part, parse_zone_part};
use super::{DaysTime, FeelTime, NANOS_PER_DAY, NANOS_PER_SEC, Zone, millis_floor};
use chrono::{NaiveDate, NaiveTime, Timelike};
use std::cmp::Ordering;
use std::fmt;

pub(super) fn write_time(f: &mut fmt::Formatter<'_>, t: &NaiveTime) -> fmt::Result {
    write!(f, "{:02}:{:02}:{:02}", t.hour(), t.minute(), t.second())?;
    let n = t.nanosecond() % 1_000_000_000;
    if n != 0 {
        let s = format!("{n:09}");
        write!(f, ".{}", s.trim_end_matches('0'))?;
    }
    Ok(())
}

impl FeelTime {
    /// Parses `HH:MM:SS[.f][Z|±HH:MM|@Zone]`.
    pub fn parse(text: &str) -> Option<FeelTime> {
        let mut c = Cursor::new(text);
        let (time, _) = parse_time_part(&mut c, false)?;
        let zone = parse_zone_part(&mut c)?;
        c.done().then_some(FeelTime { time, zone })
    }

    /// A time from its parts.
    pub fn new(time: NaiveTime, zone: Option<Zone>) -> FeelTime {
        FeelTime { time, zone }
    }

    /// The local time of day.
    pub fn time(&self) -> NaiveTime {
        self.time
    }

    /// The zone or offset, if any.
    pub fn zone(&self) -> Option<Zone> {
        self.zone
    }

    /// The offset in seconds, if the time has one (a named zone uses its offset on 1970-01-01).
    pub fn offset_seconds(&self) -> Option<i32> {
        self.zone.map(|z| match z {
            Zone::Offset(s) => s,
            Zone::Named(_) => z.offset_at_local(
                NaiveDate::from_ymd_opt(1970, 1, 1)
                    .unwrap_or_default()
                    .and_time(self.time),
            ),
        })
    }

    fn nanos_of_day(&self) -> i128 {
        i128::from(self.time.num_seconds_from_midnight()) * NANOS_PER_SEC
            + i128::from(self.time.nanosecond() % 1_000_000_000)
    }

    /// Nanoseconds from midnight UTC (local times: from local midnight), unwrapped.
    fn key(&self) -> i128 {
        self.nanos_of_day() - i128::from(self.offset_seconds().unwrap_or(0)) * NANOS_PER_SEC
    }

    fn comparable(&self, other: &FeelTime) -> bool {
        self.zone.is_some() == other.zone.is_some()
    }

    /// Order of two times; `None` when one has a zone and the other not.
    pub fn compare(&self, other: &FeelTime) -> Option<Ordering> {
        if !self.comparable(other) {
            return None;
        }
        if self.zone == other.zone {
            return Some(
                millis_floor(self.nanos_of_day()).cmp(&millis_floor(other.nanos_of_day())),
            );
        }
        Some(millis_floor(self.key()).cmp(&millis_floor(other.key())))
    }

    /// Adds a days-and-time duration, wrapping around midnight.
    pub fn add(&self, d: DaysTime) -> FeelTime {
        let n = (self.nanos_of_day() + d.nanos.rem_euclid(NANOS_PER_DAY)).rem_euclid(NANOS_PER_DAY);
        let secs = u32::try_from(n / NANOS_PER_SEC).unwrap_or(0);
        let sub = u32::try_from(n % NANOS_PER_SEC).unwrap_or(0);
        FeelTime {
            time: NaiveTime::from_num_seconds_from_midnight_opt(secs, sub)
                .unwrap_or(NaiveTime::MIN),
            zone: self.zone,
        }
    }

    /// `self - other`; `None` when one has a zone and the other not.
    pub fn sub_time(&self, other: &FeelTime) -> Option<DaysTime> {
        if !self.comparable(other) {
            return None;
        }
        if self.zone == other.zone {
            return Some(DaysTime::from_nanos(
                self.nanos_of_day() - other.nanos_of_day(),
            ));
        }
        Some(DaysTime::from_nanos(self.key() - other.key()))
    }

    fn eq_exact(&self, other: &FeelTime) -> bool {
        self.time == other.time && self.zone == other.zone
    }
}

impl fmt::Display for FeelTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_time(f, &self.time)?;
        match &self.zone {
            None => Ok(()),
            Some(z @ Zone::Offset(_)) => write!(f, "{z}"),
            Some(z @ Zone::Named(_)) => write!(f, "@{z}"),
        }
    }
}

pub(crate) fn time_eq(a: &FeelTime, b: &FeelTime) -> Option<bool> {
    if a.eq_exact(b) {
        return Some(true);
    }
    a.compare(b).map(|o| o == Ordering::Equal)
}
