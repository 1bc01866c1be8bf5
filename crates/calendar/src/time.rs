//! Kazakhstan local time of an instant.
//!
//! Instants are stored in UTC everywhere in Sheshim; a calendar question
//! ("which day was this appeal received?") needs the local date.  Kazakhstan
//! has used a single time zone, UTC+5, since 00:00 local time on
//! 1 March 2024 (government decree of 19 January 2024).  Before that most of
//! the country, including Astana and Almaty, was on UTC+6; the western regions
//! were already on UTC+5.  Sheshim registers appeals centrally, so for
//! instants before the switch it uses UTC+6, the time of the capital.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};

/// Offset in hours of Kazakhstan local time since the single time zone.
pub const OFFSET_HOURS: i64 = 5;

/// Offset in hours used for instants before the switch (Astana's old zone).
pub const OFFSET_HOURS_BEFORE_2024_03_01: i64 = 6;

/// The instant of the switch: 1 March 2024 00:00 at UTC+6, i.e.
/// 29 February 2024 18:00 UTC, when clocks in the UTC+6 regions went back to
/// 23:00.
pub fn single_zone_since() -> DateTime<Utc> {
    // `with_ymd_and_hms` only fails on impossible fields; these are constants
    // and a unit test pins the result, so the fallback is never reached.
    Utc.with_ymd_and_hms(2024, 2, 29, 18, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The UTC offset, in hours, in force in Kazakhstan at `instant`.
pub fn offset_hours(instant: DateTime<Utc>) -> i64 {
    if instant < single_zone_since() {
        OFFSET_HOURS_BEFORE_2024_03_01
    } else {
        OFFSET_HOURS
    }
}

/// The Kazakhstan local date of an instant: UTC+5, or UTC+6 before
/// 1 March 2024 (see the module documentation).
///
/// Never panics: at the very end of chrono's range, where adding the offset
/// would overflow, the UTC date is returned instead.
pub fn local_date(instant: DateTime<Utc>) -> NaiveDate {
    instant
        .checked_add_signed(TimeDelta::hours(offset_hours(instant)))
        .map_or_else(|| instant.date_naive(), |local| local.date_naive())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn switch_instant_is_1_march_midnight_at_utc_plus_6() {
        assert_eq!(single_zone_since(), utc(2024, 2, 29, 18, 0));
    }

    #[test]
    fn after_the_switch_utc_plus_5_is_used() {
        // 18:59 UTC + 5 h = 23:59 the same day; 19:00 UTC + 5 h = 00:00 next day.
        assert_eq!(local_date(utc(2025, 6, 5, 18, 59)), date(2025, 6, 5));
        assert_eq!(local_date(utc(2025, 6, 5, 19, 0)), date(2025, 6, 6));
    }

    #[test]
    fn before_the_switch_utc_plus_6_is_used() {
        // 18:00 UTC + 6 h = 00:00 the next day.
        assert_eq!(local_date(utc(2024, 1, 10, 18, 0)), date(2024, 1, 11));
        assert_eq!(local_date(utc(2024, 1, 10, 17, 59)), date(2024, 1, 10));
    }

    #[test]
    fn around_the_switch_itself() {
        // 17:59 UTC on 29 Feb is 23:59 at UTC+6, still 29 February.
        assert_eq!(local_date(utc(2024, 2, 29, 17, 59)), date(2024, 2, 29));
        // 18:00 UTC is 23:00 at the new UTC+5: the clocks went back, still 29 February.
        assert_eq!(local_date(utc(2024, 2, 29, 18, 0)), date(2024, 2, 29));
        // 19:00 UTC is 00:00 on 1 March at UTC+5.
        assert_eq!(local_date(utc(2024, 2, 29, 19, 0)), date(2024, 3, 1));
    }

    #[test]
    fn extremes_do_not_panic() {
        let _ = local_date(DateTime::<Utc>::MAX_UTC);
        let _ = local_date(DateTime::<Utc>::MIN_UTC);
    }
}
