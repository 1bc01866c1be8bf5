//! Hand-computed calendar facts, checked against the embedded data.
//!
//! Each row's comment shows the computation, so a reviewer can check the
//! expected value against a paper calendar and the Labour Code rules.

// Test helpers may panic on impossible constants; clippy only exempts #[test] fns.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use sheshim_calendar::{Calendar, DayKind};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cal() -> &'static Calendar {
    Calendar::kazakhstan()
}

fn holiday(name: &'static str) -> DayKind {
    DayKind::Holiday {
        name,
        religious: false,
    }
}

#[test]
fn day_kinds() {
    let table: &[(&str, DayKind)] = &[
        // Nauryz 2024: Thu 21, Fri 22, Sat 23; Sat 23 carries over to Mon 25.
        ("2024-03-21", holiday("Nauryz Meiramy")),
        ("2024-03-23", holiday("Nauryz Meiramy")),
        ("2024-03-24", DayKind::Weekend),
        (
            "2024-03-25",
            DayKind::CarryOver {
                holiday: d("2024-03-23"),
            },
        ),
        ("2024-03-26", DayKind::Working),
        // Nauryz 2026: Sat 21, Sun 22, Mon 23; 21 -> Tue 24, 22 -> Wed 25 (Mon 23 is taken).
        ("2026-03-23", holiday("Nauryz Meiramy")),
        (
            "2026-03-24",
            DayKind::CarryOver {
                holiday: d("2026-03-21"),
            },
        ),
        (
            "2026-03-25",
            DayKind::CarryOver {
                holiday: d("2026-03-22"),
            },
        ),
        ("2026-03-26", DayKind::Working),
        // 8 March 2025 is a Saturday -> Mon 10 March off.
        ("2025-03-08", holiday("International Women's Day")),
        (
            "2025-03-10",
            DayKind::CarryOver {
                holiday: d("2025-03-08"),
            },
        ),
        // 8 March 2026 is a Sunday -> Mon 9 March off.
        (
            "2026-03-09",
            DayKind::CarryOver {
                holiday: d("2026-03-08"),
            },
        ),
        // Nauryz 2025: Fri 21, Sat 22, Sun 23 -> Mon 24, Tue 25.
        (
            "2025-03-24",
            DayKind::CarryOver {
                holiday: d("2025-03-22"),
            },
        ),
        (
            "2025-03-25",
            DayKind::CarryOver {
                holiday: d("2025-03-23"),
            },
        ),
        // Constitution Day 30 Aug 2025 is a Saturday -> Mon 1 Sep.
        (
            "2025-09-01",
            DayKind::CarryOver {
                holiday: d("2025-08-30"),
            },
        ),
        // Republic Day 25 Oct 2025 is a Saturday -> Mon 27 Oct.
        (
            "2025-10-27",
            DayKind::CarryOver {
                holiday: d("2025-10-25"),
            },
        ),
        // 25 Oct 2026 is a Sunday -> Mon 26 Oct.
        (
            "2026-10-26",
            DayKind::CarryOver {
                holiday: d("2026-10-25"),
            },
        ),
        // Victory Day 9 May 2026 is a Saturday -> Mon 11 May (egov.kz calendar).
        (
            "2026-05-11",
            DayKind::CarryOver {
                holiday: d("2026-05-09"),
            },
        ),
        // Constitution Day 30 Aug 2026 is a Sunday -> Mon 31 Aug.
        (
            "2026-08-31",
            DayKind::CarryOver {
                holiday: d("2026-08-30"),
            },
        ),
        // Independence Day 16 Dec 2028 is a Saturday -> Mon 18 Dec.
        ("2028-12-16", holiday("Independence Day")),
        (
            "2028-12-18",
            DayKind::CarryOver {
                holiday: d("2028-12-16"),
            },
        ),
        // New Year 2028: Sat 1, Sun 2 -> Mon 3, Tue 4 January.
        (
            "2028-01-03",
            DayKind::CarryOver {
                holiday: d("2028-01-01"),
            },
        ),
        (
            "2028-01-04",
            DayKind::CarryOver {
                holiday: d("2028-01-02"),
            },
        ),
        // Capital Day 6 Jul 2024 is a Saturday -> Mon 8 Jul.
        (
            "2024-07-08",
            DayKind::CarryOver {
                holiday: d("2024-07-06"),
            },
        ),
        // Kurban Ait 2024 was Sunday 16 June; religious, so Mon 17 June works.
        (
            "2024-06-16",
            DayKind::Holiday {
                name: "Kurban Ait (first day)",
                religious: true,
            },
        ),
        ("2024-06-17", DayKind::Working),
        // Orthodox Christmas 7 Jan 2024 is a Sunday; religious, Mon 8 Jan works.
        (
            "2024-01-07",
            DayKind::Holiday {
                name: "Orthodox Christmas",
                religious: true,
            },
        ),
        ("2024-01-08", DayKind::Working),
        // Kurban Ait 2026: Wed 27 May.
        (
            "2026-05-27",
            DayKind::Holiday {
                name: "Kurban Ait (first day)",
                religious: true,
            },
        ),
        // 2024 transfer: Sat 4 May works, Wed 8 May off.
        (
            "2024-05-04",
            DayKind::TransferredWorkingDay {
                to: d("2024-05-08"),
            },
        ),
        (
            "2024-05-08",
            DayKind::TransferredDayOff {
                from: d("2024-05-04"),
            },
        ),
        // 2025 transfer: Sun 5 Jan works, Fri 3 Jan off.
        (
            "2025-01-05",
            DayKind::TransferredWorkingDay {
                to: d("2025-01-03"),
            },
        ),
        (
            "2025-01-03",
            DayKind::TransferredDayOff {
                from: d("2025-01-05"),
            },
        ),
        // 2026 New Year: Thu 1, Fri 2 holidays, Sat 3, Sun 4 plain weekend, Mon 5 works.
        ("2026-01-03", DayKind::Weekend),
        ("2026-01-05", DayKind::Working),
    ];
    for (date, expected) in table {
        assert_eq!(
            cal().day_kind(d(date)).as_ref(),
            Ok(expected),
            "day kind of {date}"
        );
    }
}

#[test]
fn working_day_arithmetic() {
    // (function, start, n, expected)
    let add: &[(&str, u32, &str)] = &[
        // Fri 20 Mar 2026; 21-25 off -> first working day Thu 26.
        ("2026-03-20", 1, "2026-03-26"),
        // n = 0 returns the start unchanged, even on a day off.
        ("2026-03-21", 0, "2026-03-21"),
        // Wed 20 Mar 2024: Thu 21, Fri 22 Nauryz, Sat 23/Sun 24, Mon 25 carry-over -> Tue 26.
        ("2024-03-20", 1, "2024-03-26"),
        // Fri 3 May 2024 -> Sat 4 May is a transferred working day.
        ("2024-05-03", 1, "2024-05-04"),
        // Sat 4 May 2024 -> Mon 6 (1), Tue 7 holiday, Wed 8 transferred off, Thu 9 holiday, Fri 10 (2).
        ("2024-05-04", 2, "2024-05-10"),
        // Fri 7 Mar 2025 -> Sat 8 holiday, Sun 9, Mon 10 carry-over -> Tue 11.
        ("2025-03-07", 1, "2025-03-11"),
        // Fri 29 Aug 2025 -> 30 Sat holiday, 31 Sun, Mon 1 Sep carry-over -> Tue 2 Sep.
        ("2025-08-29", 1, "2025-09-02"),
        // Fri 24 Oct 2025 -> 25 Sat holiday, 26 Sun, Mon 27 carry-over -> Tue 28.
        ("2025-10-24", 1, "2025-10-28"),
        // Fri 23 Oct 2026 -> 24 Sat, 25 Sun holiday, Mon 26 carry-over -> Tue 27.
        ("2026-10-23", 1, "2026-10-27"),
        // Fri 15 Dec 2028 -> 16 Sat holiday, 17 Sun, Mon 18 carry-over -> Tue 19.
        ("2028-12-15", 1, "2028-12-19"),
        // Fri 14 Jun 2024 -> Sat 15, Sun 16 Kurban Ait (does not move) -> Mon 17.
        ("2024-06-14", 1, "2024-06-17"),
        // Tue 31 Dec 2024 -> 1-2 Jan holidays, 3 Jan transferred off, Sat 4 off,
        // Sun 5 Jan transferred working day -> Sun 5 Jan 2025.
        ("2024-12-31", 1, "2025-01-05"),
    ];
    for (start, n, expected) in add {
        assert_eq!(
            cal().add_working_days(d(start), *n),
            Ok(d(expected)),
            "add_working_days({start}, {n})"
        );
    }
    let sub: &[(&str, u32, &str)] = &[
        // Thu 26 Mar 2026 minus 1: 25..21 off -> Fri 20.
        ("2026-03-26", 1, "2026-03-20"),
        // Fri 10 May 2024 minus 2: Thu 9 holiday, Wed 8 off, Tue 7 holiday, Mon 6 (1), Sun 5, Sat 4 works (2).
        ("2024-05-10", 2, "2024-05-04"),
        // Tue 19 Dec 2028 minus 1: Mon 18 carry-over, 17, 16 off -> Fri 15.
        ("2028-12-19", 1, "2028-12-15"),
    ];
    for (start, n, expected) in sub {
        assert_eq!(
            cal().sub_working_days(d(start), *n),
            Ok(d(expected)),
            "sub_working_days({start}, {n})"
        );
    }
}

#[test]
fn next_working_day_and_registration() {
    use chrono::{TimeZone, Utc};
    // Sat 21 Mar 2026 -> next working day Thu 26.
    assert_eq!(
        cal().next_working_day_on_or_after(d("2026-03-21")),
        Ok(d("2026-03-26"))
    );
    // A working day is its own next working day.
    assert_eq!(
        cal().next_working_day_on_or_after(d("2026-03-26")),
        Ok(d("2026-03-26"))
    );
    // Received Fri 20 Mar 2026 at 19:30 UTC = Sat 21 Mar 00:30 local -> registered Thu 26.
    let received = Utc.with_ymd_and_hms(2026, 3, 20, 19, 30, 0).unwrap();
    assert_eq!(cal().registration_date(received), Ok(d("2026-03-26")));
    // Received Fri 20 Mar 2026 at 18:30 UTC = 23:30 local Friday -> registered that day.
    let received = Utc.with_ymd_and_hms(2026, 3, 20, 18, 30, 0).unwrap();
    assert_eq!(cal().registration_date(received), Ok(d("2026-03-20")));
}
