//! Every embedded year file parses and obeys the data rules, so a bad edit to
//! `data/kz-YYYY.toml` fails CI instead of a deadline computation.

// Test helpers may panic on impossible constants; clippy only exempts #[test] fns.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Datelike, Weekday};
use sheshim_calendar::data::{EMBEDDED_FILES, YearFile};
use sheshim_calendar::{Calendar, CalendarError};

#[test]
fn every_embedded_file_parses() {
    for (name, text) in EMBEDDED_FILES {
        let file = YearFile::parse(name, text).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(*name, format!("kz-{}.toml", file.year));
    }
    let cal = Calendar::try_kazakhstan().expect("embedded calendar loads");
    assert_eq!(cal.years(), 2024..=2028);
}

#[test]
fn transfers_swap_a_weekend_day_for_a_weekday() {
    let cal = Calendar::kazakhstan();
    for year in cal.years() {
        let file = cal.year_data(year).expect("every covered year has data");
        for t in &file.transfers {
            assert!(
                matches!(t.working_day.weekday(), Weekday::Sat | Weekday::Sun),
                "{} should be a weekend day",
                t.working_day
            );
            assert!(
                !matches!(t.day_off.weekday(), Weekday::Sat | Weekday::Sun),
                "{} should be a weekday",
                t.day_off
            );
            assert!(cal.is_working_day(t.working_day).unwrap());
            assert!(!cal.is_working_day(t.day_off).unwrap());
        }
    }
}

#[test]
fn estimated_years_are_marked_unverified() {
    let cal = Calendar::kazakhstan();
    for year in [2024, 2025, 2026] {
        assert!(cal.is_year_verified(year), "{year} should be verified");
    }
    for year in [2027, 2028] {
        let file = cal.year_data(year).unwrap();
        assert!(
            !file.kurban_ait.verified,
            "{year} Kurban Ait is an estimate"
        );
    }
}

const GOOD_2024: &str = r#"
year = 2024
[kurban_ait]
date = "2024-06-16"
source = "test"
verified = true
"#;

#[test]
fn bad_files_are_rejected_with_a_reason() {
    let wrong_name = Calendar::from_files(&[("kz-2025.toml", GOOD_2024)]).unwrap_err();
    assert!(
        matches!(wrong_name, CalendarError::DataInvalid { .. }),
        "{wrong_name}"
    );

    let weekday_worked = format!(
        "{GOOD_2024}\n[[transfers]]\nworking_day = \"2024-05-06\"\nday_off = \"2024-05-08\"\nsource = \"x\"\nverified = false\n"
    );
    let err = Calendar::from_files(&[("kz-2024.toml", &weekday_worked)]).unwrap_err();
    assert!(
        err.to_string().contains("not a Saturday or Sunday"),
        "{err}"
    );

    let onto_holiday = format!(
        "{GOOD_2024}\n[[transfers]]\nworking_day = \"2024-05-04\"\nday_off = \"2024-05-07\"\nsource = \"x\"\nverified = false\n"
    );
    let err = Calendar::from_files(&[("kz-2024.toml", &onto_holiday)]).unwrap_err();
    assert!(err.to_string().contains("public holiday"), "{err}");

    let err = Calendar::from_files(&[("kz-2024.toml", "year = \"x\"")]).unwrap_err();
    assert!(matches!(err, CalendarError::DataParse { .. }), "{err}");

    let gap = GOOD_2024.replace("2024", "2026");
    let err =
        Calendar::from_files(&[("kz-2024.toml", GOOD_2024), ("kz-2026.toml", &gap)]).unwrap_err();
    assert!(err.to_string().contains("consecutive"), "{err}");

    assert_eq!(
        Calendar::from_files(&[]).unwrap_err(),
        CalendarError::NoData
    );
}
