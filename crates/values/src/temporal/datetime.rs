//! Dates and times: parsing, comparison as instants or local values, arithmetic and printing.

use super::parse::{Cursor, parse_date_part, parse_time_part, parse_zone_part};
use super::time::write_time;
use super::{
    DaysTime, FeelDate, FeelDateTime, FeelTime, Zone, add_months, add_nanos, cycle_nanos,
    diff_nanos, millis_floor, norm_date_time,
};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use std::cmp::Ordering;
use std::fmt;

impl FeelDateTime {
    /// Parses `date T time [zone]` (`2017-12-31T13:00:00@Europe/Paris`, `T24:00:00` is the next midnight).
    pub fn parse(text: &str) -> Option<FeelDateTime> {
        let mut c = Cursor::new(text);
        let (date, cycles) = parse_date_part(&mut c)?;
        if !c.eat(b'T') {
            return None;
        }
        let (time, next_day) = parse_time_part(&mut c, true)?;
        let zone = parse_zone_part(&mut c)?;
        if !c.done() {
            return None;
        }
        let date = if next_day { date.succ_opt()? } else { date };
        let (local, cycles) = norm_date_time(date.and_time(time), cycles)?;
        Some(FeelDateTime {
            local,
            zone,
            cycles,
        })
    }

    /// A date and time from its parts.
    pub fn new(local: NaiveDateTime, zone: Option<Zone>) -> FeelDateTime {
        FeelDateTime {
            local,
            zone,
            cycles: 0,
        }
    }

    /// Combines a date and a time (keeping the time's zone).
    pub fn from_date_time(date: &FeelDate, time: &FeelTime) -> FeelDateTime {
        FeelDateTime {
            local: date.0.and_time(time.time),
            zone: time.zone,
            cycles: date.1,
        }
    }

    /// The local date and time.
    pub fn local(&self) -> NaiveDateTime {
        self.local
    }

    /// The zone or offset, if any.
    pub fn zone(&self) -> Option<Zone> {
        self.zone
    }

    /// The date part.
    pub fn date(&self) -> FeelDate {
        FeelDate(self.local.date(), self.cycles)
    }

    /// The time part (with the zone).
    pub fn time(&self) -> FeelTime {
        FeelTime {
            time: self.local.time(),
            zone: self.zone.map(|z| match z {
                // A time keeps the offset the zone has on this date... but the TCK keeps the name.
                Zone::Named(_) => z,
                o => o,
            }),
        }
    }

    /// The offset in seconds at this date and time, if it has a zone.
    pub fn offset_seconds(&self) -> Option<i32> {
        self.zone.map(|z| z.offset_at_local(self.local))
    }

    /// The UTC instant, if the value has a zone.
    pub fn instant(&self) -> Option<NaiveDateTime> {
        let off = self.offset_seconds()?;
        self.local
            .checked_sub_signed(Duration::seconds(i64::from(off)))
    }

    /// Order of two date-times: as instants when both have zones, as local values when
    /// neither has; `None` when one has a zone and the other not.
    pub fn compare(&self, other: &FeelDateTime) -> Option<Ordering> {
        let (a, b) = match (self.zone.is_some(), other.zone.is_some()) {
            (true, true) => (self.instant()?, other.instant()?),
            (false, false) => (self.local, other.local),
            _ => return None,
        };
        let base = NaiveDate::from_ymd_opt(1970, 1, 1)?.and_time(NaiveTime::MIN);
        let ka = millis_floor(diff_nanos(a, base)? + cycle_nanos(self.cycles));
        let kb = millis_floor(diff_nanos(b, base)? + cycle_nanos(other.cycles));
        Some(ka.cmp(&kb))
    }

    /// Adds months (clamping the day), keeping the zone.
    pub fn add_months(&self, months: i64) -> Option<FeelDateTime> {
        let d = add_months(self.local.date(), months)?;
        let (local, cycles) = norm_date_time(d.and_time(self.local.time()), self.cycles)?;
        Some(FeelDateTime {
            local,
            zone: self.zone,
            cycles,
        })
    }

    /// Adds a days-and-time duration to the local value, keeping the zone.
    pub fn add(&self, d: DaysTime) -> Option<FeelDateTime> {
        let (local, cycles) = norm_date_time(add_nanos(self.local, d.nanos)?, self.cycles)?;
        Some(FeelDateTime {
            local,
            zone: self.zone,
            cycles,
        })
    }

    /// `self - other`; `None` when one has a zone and the other not.
    pub fn sub_date_time(&self, other: &FeelDateTime) -> Option<DaysTime> {
        let (a, b) = match (self.zone.is_some(), other.zone.is_some()) {
            (true, true) => (self.instant()?, other.instant()?),
            (false, false) => (self.local, other.local),
            _ => return None,
        };
        let cycles = cycle_nanos(self.cycles) - cycle_nanos(other.cycles);
        diff_nanos(a, b).map(|n| DaysTime::from_nanos(n + cycles))
    }

    fn eq_exact(&self, other: &FeelDateTime) -> bool {
        self.local == other.local && self.zone == other.zone && self.cycles == other.cycles
    }
}

impl fmt::Display for FeelDateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}T", self.date())?;
        write_time(f, &self.local.time())?;
        match &self.zone {
            None => Ok(()),
            Some(z @ Zone::Offset(_)) => write!(f, "{z}"),
            Some(z @ Zone::Named(_)) => write!(f, "@{z}"),
        }
    }
}

pub(crate) fn date_time_eq(a: &FeelDateTime, b: &FeelDateTime) -> Option<bool> {
    if a.eq_exact(b) {
        return Some(true);
    }
    a.compare(b).map(|o| o == Ordering::Equal)
}
