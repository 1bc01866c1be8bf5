//! Tests of the temporal values: parsing, printing, comparison and arithmetic.

use super::*;

#[test]
fn dates() {
    assert_eq!(
        FeelDate::parse("2017-12-31").map(|d| d.to_string()),
        Some("2017-12-31".into())
    );
    assert_eq!(
        FeelDate::parse("-2017-01-01").map(|d| d.to_string()),
        Some("-2017-01-01".into())
    );
    for bad in [
        "2012-12-25T",
        "",
        "2012/12/25",
        "9999999999-12-25",
        "2017-13-10",
        "2017-12-32",
        "998-12-31",
        "01211-12-31",
        "+2012-12-02",
    ] {
        assert!(FeelDate::parse(bad).is_none(), "{bad}");
    }
}

#[test]
fn times() {
    let t = |s: &str| FeelTime::parse(s).map(|t| t.to_string());
    assert_eq!(t("11:22:33.444"), Some("11:22:33.444".into()));
    assert_eq!(t("11:22:33.123456789"), Some("11:22:33.123456789".into()));
    assert_eq!(t("11:22:33-00:00"), Some("11:22:33Z".into()));
    assert_eq!(t("13:20:00+02:00"), Some("13:20:00+02:00".into()));
    assert_eq!(t("00:01:00@Etc/UTC"), Some("00:01:00@Etc/UTC".into()));
    assert_eq!(t("25:00:00"), None);
    assert_eq!(t("10:30"), None);
}

#[test]
fn date_times() {
    let d = |s: &str| FeelDateTime::parse(s).map(|t| t.to_string());
    assert_eq!(
        d("2017-12-31T11:22:33.567Z"),
        Some("2017-12-31T11:22:33.567Z".into())
    );
    assert_eq!(
        d("2011-12-31T10:15:30.987@Europe/Paris"),
        Some("2011-12-31T10:15:30.987@Europe/Paris".into())
    );
    assert_eq!(d("2021-01-01T24:00:00"), Some("2021-01-02T00:00:00".into()));
    let a = FeelDateTime::parse("2002-04-02T12:00:00-01:00").expect("dt");
    let b = FeelDateTime::parse("2002-04-02T17:00:00+04:00").expect("dt");
    assert_eq!(a.compare(&b), Some(Ordering::Equal));
    let p = FeelDateTime::parse("2018-10-08T00:00:00@Europe/Paris").expect("dt");
    let o = FeelDateTime::parse("2018-10-08T00:00:00+02:00").expect("dt");
    assert_eq!(p.compare(&o), Some(Ordering::Equal));
}

#[test]
fn durations() {
    let dt = |s: &str| DaysTime::parse(s).map(|d| d.to_string());
    assert_eq!(
        dt("P1DT2H3M4.123456789S"),
        Some("P1DT2H3M4.123456789S".into())
    );
    assert_eq!(dt("PT0.000S"), Some("PT0S".into()));
    assert_eq!(dt("PT0.S"), Some("PT0S".into()));
    assert_eq!(dt("P0D"), Some("PT0S".into()));
    assert_eq!(dt("PT1000M"), Some("PT16H40M".into()));
    assert_eq!(dt("PT24H"), Some("P1D".into()));
    assert_eq!(dt("-PT1H2M"), Some("-PT1H2M".into()));
    assert_eq!(dt("P"), None);
    assert_eq!(dt("P0"), None);
    assert_eq!(dt("P1H"), None);
    assert_eq!(dt("PT"), None);
    let ym = |s: &str| YearsMonths::parse(s).map(|d| d.to_string());
    assert_eq!(ym("P26M"), Some("P2Y2M".into()));
    assert_eq!(ym("P0Y"), Some("P0M".into()));
    assert_eq!(ym("-P999999999M"), Some("-P83333333Y3M".into()));
    assert_eq!(ym("P1D"), None);
}

#[test]
fn month_arithmetic() {
    let d = |s: &str| FeelDate::parse(s).expect("date").0;
    assert_eq!(add_months(d("2021-01-31"), 1), Some(d("2021-02-28")));
    assert_eq!(add_months(d("-2021-01-01"), -1), Some(d("-2022-12-01")));
    assert_eq!(months_between(d("2011-12-22"), d("2013-08-24")), 20);
    assert_eq!(months_between(d("2014-12-31"), d("2019-10-01")), 57);
    assert_eq!(months_between(d("2013-08-24"), d("2011-12-22")), -20);
}

#[test]
fn dates_beyond_chrono_range() {
    let show = |s: &str| FeelDate::parse(s).map(|d| d.to_string());
    assert_eq!(show("999999999-12-31").as_deref(), Some("999999999-12-31"));
    assert_eq!(
        show("-999999999-12-31").as_deref(),
        Some("-999999999-12-31")
    );
    assert_eq!(show("1000000000-01-01"), None);
    let big = FeelDate::from_ymd(999_999_999, 12, 31).expect("date");
    assert_eq!(big.to_string(), "999999999-12-31");
    assert_eq!(big.year(), 999_999_999);
    let neg = FeelDate::from_ymd(-999_999_999, 12, 31).expect("date");
    assert_eq!(neg.to_string(), "-999999999-12-31");
    assert!(neg < FeelDate::parse("2020-01-01").expect("date"));
    assert!(big > FeelDate::parse("2020-01-01").expect("date"));
    // Arithmetic across the representation's seams.
    let a = FeelDate::parse("999999999-12-30").expect("date");
    assert_eq!(big.sub_date(&a).days(), 1);
    // Past year 999 999 999 there is no date.
    assert!(a.add_months(1).is_none());
    assert_eq!(
        a.add_months(-12).map(|d| d.to_string()).as_deref(),
        Some("999999998-12-30")
    );
    let y = FeelDate::from_ymd(262_000, 12, 31).expect("date");
    let next = y
        .add_days_time(DaysTime::from_nanos(NANOS_PER_DAY))
        .expect("date");
    assert_eq!(next.to_string(), "262001-01-01");
    assert_eq!(next.sub_date(&y).days(), 1);
    assert_eq!(y, FeelDate::parse("262000-12-31").expect("date"));
    // 400-year cycles keep the weekday.
    assert_eq!(
        big.0.weekday(),
        NaiveDate::from_ymd_opt(2399, 12, 31).expect("d").weekday()
    );
}

#[test]
fn date_times_beyond_chrono_range() {
    for s in [
        "999999999-12-31T23:59:59.999999999@Europe/Paris",
        "-999999999-12-31T23:59:59.999999999+02:00",
        "999999999-12-31T23:59:59",
    ] {
        assert_eq!(
            FeelDateTime::parse(s).map(|d| d.to_string()).as_deref(),
            Some(s)
        );
    }
    let a = FeelDateTime::parse("999999999-12-31T00:00:00Z").expect("dt");
    let b = FeelDateTime::parse("2020-12-31T00:00:00Z").expect("dt");
    assert_eq!(a.compare(&b), Some(Ordering::Greater));
    assert_eq!(b.compare(&a), Some(Ordering::Less));
    let d = FeelDate::parse("999999999-12-31").expect("date");
    assert_eq!(d.at_midnight().to_string(), "999999999-12-31T00:00:00");
    assert_eq!(a.date(), d);
}
