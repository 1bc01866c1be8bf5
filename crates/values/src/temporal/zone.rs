//! Zones: fixed offsets and IANA names, their offsets at a local time, and how they print.

use super::Zone;
use chrono::{NaiveDateTime, Offset, TimeZone};
use chrono_tz::Tz;
use std::fmt;

impl Zone {
    /// Parses an IANA zone name (`Europe/Paris`, `Etc/UTC`, `UTC`).
    pub fn parse_name(name: &str) -> Option<Zone> {
        name.parse::<Tz>().ok().map(Zone::Named)
    }

    /// The offset in seconds this zone has at a local date and time.
    pub fn offset_at_local(&self, local: NaiveDateTime) -> i32 {
        match self {
            Zone::Offset(s) => *s,
            Zone::Named(tz) => match tz.offset_from_local_datetime(&local).earliest() {
                Some(o) => o.fix().local_minus_utc(),
                // In a gap (spring forward): use the offset just before it.
                None => tz.offset_from_utc_datetime(&local).fix().local_minus_utc(),
            },
        }
    }

    /// The zone's name for the `timezone` property: the IANA name, or `Z`/`+HH:MM` for offsets.
    pub fn name(&self) -> String {
        self.to_string()
    }
}

fn fmt_offset(f: &mut fmt::Formatter<'_>, secs: i32) -> fmt::Result {
    if secs == 0 {
        return f.write_str("Z");
    }
    let sign = if secs < 0 { '-' } else { '+' };
    let a = secs.unsigned_abs();
    write!(f, "{sign}{:02}:{:02}", a / 3600, (a / 60) % 60)?;
    if !a.is_multiple_of(60) {
        write!(f, ":{:02}", a % 60)?;
    }
    Ok(())
}

impl fmt::Display for Zone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Zone::Offset(s) => fmt_offset(f, *s),
            Zone::Named(tz) => f.write_str(tz.name()),
        }
    }
}
