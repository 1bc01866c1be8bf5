//! The command line's one clock. Every command that needs "today" or "now" asks here, so
//! that they all read the engine's [`Clock`] and agree with the server about the date: a
//! day is Kazakhstan's local date ([`sheshim_calendar::local_date`]), never the machine's
//! time zone and never the UTC date, which differ for five hours around midnight — and that
//! date decides, for instance, the heating season and the parameters in force.

use chrono::{DateTime, NaiveDate, Utc};
use sheshim_engine::{Clock, SystemClock};

/// The clock the commands read: the machine's, through the engine's [`Clock`].
pub fn system() -> &'static dyn Clock {
    &SystemClock
}

/// The current instant.
pub fn now(clock: &dyn Clock) -> DateTime<Utc> {
    clock.now()
}

/// Today's date in Kazakhstan.
pub fn today(clock: &dyn Clock) -> NaiveDate {
    sheshim_calendar::local_date(clock.now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use sheshim_engine::FixedClock;

    #[test]
    fn today_is_the_kazakhstan_date_not_the_utc_one() {
        // 20:30 UTC on 5 June is already 6 June in Astana (UTC+5).
        let evening = Utc.with_ymd_and_hms(2025, 6, 5, 20, 30, 0).unwrap();
        let clock = FixedClock(evening);
        assert_eq!(today(&clock), NaiveDate::from_ymd_opt(2025, 6, 6).unwrap());
        assert_eq!(now(&clock), evening);
    }
}
