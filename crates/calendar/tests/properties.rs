//! Property tests of the working-day arithmetic and the APPC clocks over every
//! date in the covered range (and well outside it).

// Test helpers may panic on impossible constants; clippy only exempts #[test] fns.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use proptest::prelude::*;
use sheshim_calendar::{Calendar, CalendarError, appc, local_date};

fn cal() -> &'static Calendar {
    Calendar::kazakhstan()
}

/// Any date in 2024–2028.
fn covered_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
    (0i64..1827).prop_map(move |offset| first + TimeDelta::days(offset))
}

/// Any date chrono can represent.
fn any_date() -> impl Strategy<Value = NaiveDate> {
    let min = NaiveDate::MIN.num_days_from_ce();
    let max = NaiveDate::MAX.num_days_from_ce();
    (min..=max).prop_map(|n| NaiveDate::from_num_days_from_ce_opt(n).unwrap())
}

proptest! {
    #[test]
    fn add_lands_on_a_working_day(start in covered_date(), n in 1u32..80) {
        if let Ok(end) = cal().add_working_days(start, n) {
            prop_assert!(cal().is_working_day(end).unwrap());
            prop_assert!(end > start);
        }
    }

    #[test]
    fn add_is_monotone(start in covered_date(), n in 0u32..80, extra in 0u32..20) {
        if let (Ok(a), Ok(b)) = (cal().add_working_days(start, n), cal().add_working_days(start, n + extra)) {
            prop_assert!(a <= b);
        }
    }

    #[test]
    fn add_then_sub_round_trips_on_working_days(start in covered_date(), n in 0u32..80) {
        prop_assume!(cal().is_working_day(start).unwrap());
        if let Ok(end) = cal().add_working_days(start, n) {
            prop_assert_eq!(cal().sub_working_days(end, n), Ok(start));
            prop_assert_eq!(cal().working_days_between(start, end), Ok(n));
        }
    }

    #[test]
    fn sub_lands_on_a_working_day(date in covered_date(), n in 1u32..80) {
        if let Ok(before) = cal().sub_working_days(date, n) {
            prop_assert!(cal().is_working_day(before).unwrap());
            prop_assert!(before < date);
        }
    }

    #[test]
    fn registration_is_a_working_day_not_before_the_local_date(
        secs in 1_704_000_000i64..1_860_000_000i64,
    ) {
        let received = DateTime::<Utc>::from_timestamp(secs, 0).unwrap();
        if let Ok(registered) = cal().registration_date(received) {
            prop_assert!(cal().is_working_day(registered).unwrap());
            prop_assert!(registered >= local_date(received));
        }
    }

    #[test]
    fn review_deadline_is_a_working_day(start in covered_date(), term in proptest::option::of(0u32..60)) {
        if let Ok(deadline) = appc::review_deadline(cal(), start, term) {
            prop_assert!(cal().is_working_day(deadline).unwrap());
            prop_assert!(deadline >= start);
        }
        if let Ok(deadline) = appc::forwarding_deadline(cal(), start) {
            prop_assert!(cal().is_working_day(deadline).unwrap());
        }
    }

    #[test]
    fn hearing_notice_is_a_working_day_before_the_act(act in covered_date()) {
        if let Ok(latest) = appc::hearing_notice_latest(cal(), act) {
            prop_assert!(cal().is_working_day(latest).unwrap());
            prop_assert!(latest < act);
        }
    }

    #[test]
    fn max_extended_deadline_is_accepted(registered in covered_date()) {
        prop_assume!(cal().is_working_day(registered).unwrap());
        let (Ok(current), Ok(max)) = (
            appc::review_deadline(cal(), registered, None),
            appc::max_extended_deadline(cal(), registered),
        ) else {
            return Ok(());
        };
        if max > current && current.year() <= 2028 {
            let ext = appc::extend(cal(), registered, current, registered, max);
            if let Ok(ext) = ext {
                prop_assert_eq!(ext.new_deadline, max);
            } else {
                // Only running off the end of the data may refuse it.
                let is_range_error = matches!(
                    ext,
                    Err(sheshim_calendar::ClockError::Calendar(CalendarError::OutOfRange { .. }))
                );
                prop_assert!(is_range_error);
            }
        }
    }

    #[test]
    fn out_of_range_is_an_error_never_a_panic(date in any_date(), n in any::<u32>()) {
        let covered = (2024..=2028).contains(&date.year());
        let kind = cal().day_kind(date);
        if covered {
            prop_assert!(kind.is_ok());
        } else {
            let is_out_of_range = matches!(kind, Err(CalendarError::OutOfRange { .. }));
            prop_assert!(is_out_of_range);
            prop_assert!(cal().add_working_days(date, n).is_err());
            prop_assert!(cal().sub_working_days(date, n).is_err());
            prop_assert!(cal().next_working_day_on_or_after(date).is_err());
            prop_assert!(appc::review_deadline(cal(), date, Some(n)).is_err());
            prop_assert!(appc::extend(cal(), date, date, date, date).is_err());
        }
    }

    #[test]
    fn any_instant_has_a_local_date(secs in any::<i64>()) {
        if let Some(instant) = DateTime::<Utc>::from_timestamp(secs, 0) {
            let _ = local_date(instant);
            let _ = cal().registration_date(instant);
        }
    }
}
