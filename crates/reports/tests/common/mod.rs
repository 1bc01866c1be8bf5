//! Cases the reports' tests count: five registered from 2 to 4 March 2026 and one before,
//! each with what it needs for the figures worked out by hand in the tests.

#![allow(dead_code, reason = "each test binary uses its own part")]

use chrono::NaiveDate;
use sheshim_domain::{CaseStatus, Language, RegistrationNumber, ServiceCode};
use sheshim_reports::Period;
use sheshim_store::ReportCase;

pub fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// 1 to 5 March 2026.
pub fn period() -> Period {
    Period::new(day(3, 1), day(3, 5)).unwrap()
}

/// Tuesday 10 March 2026.
pub fn today() -> NaiveDate {
    day(3, 10)
}

fn case(n: u32, registered_on: NaiveDate, deadline: NaiveDate, status: CaseStatus) -> ReportCase {
    ReportCase {
        registration_number: RegistrationNumber::parse(&format!("SH-2026-{n:07}")).unwrap(),
        registered_on,
        deadline,
        closed_on: None,
        status,
        service: None,
        agency: None,
        category: None,
        language: Language::Ru,
        region: None,
        machine_outcome: None,
        automated: false,
        overridden: false,
        forwarded_on: None,
        forwarding_working_days: None,
    }
}

fn allowance() -> Option<ServiceCode> {
    Some(ServiceCode::parse("childbirth-allowance").unwrap())
}

/// A: issued by the machine on the day, on time. B: decided late by an officer who
/// overrode the machine. C: open past its deadline. D and E: forwarded after 2 and 5
/// working days. F: registered before the period.
pub fn cases() -> Vec<ReportCase> {
    let a = ReportCase {
        service: allowance(),
        category: Some("social".to_owned()),
        region: Some("Almaty".to_owned()),
        closed_on: Some(day(3, 2)),
        machine_outcome: Some("granted".to_owned()),
        automated: true,
        ..case(1, day(3, 2), day(3, 12), CaseStatus::Decided)
    };
    let b = ReportCase {
        service: allowance(),
        category: Some("social".to_owned()),
        language: Language::Kk,
        closed_on: Some(day(3, 6)),
        machine_outcome: Some("denied".to_owned()),
        overridden: true,
        ..case(2, day(3, 2), day(3, 4), CaseStatus::Notified)
    };
    let c = ReportCase {
        category: Some("housing".to_owned()),
        ..case(3, day(3, 3), day(3, 5), CaseStatus::InReview)
    };
    let d = ReportCase {
        forwarded_on: Some(day(3, 5)),
        forwarding_working_days: Some(2),
        ..case(4, day(3, 3), day(3, 24), CaseStatus::Forwarded)
    };
    let e = ReportCase {
        forwarded_on: Some(day(3, 11)),
        forwarding_working_days: Some(5),
        ..case(5, day(3, 4), day(3, 25), CaseStatus::Forwarded)
    };
    let f = ReportCase {
        service: allowance(),
        closed_on: Some(day(3, 2)),
        automated: true,
        ..case(6, day(2, 27), day(3, 10), CaseStatus::Decided)
    };
    vec![a, b, c, d, e, f]
}
