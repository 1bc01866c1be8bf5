//! Operators, equality, comparison, types and properties of FEEL values, with cases
//! drawn from the DMN 1.5 specification and the TCK, plus property tests.

use proptest::prelude::*;
use sheshim_values::{
    BuiltinEnv, Context, DaysTime, FeelDate, FeelDateTime, FeelTime, Name, Number, Range,
    RangeBound, Type, Value, YearsMonths, builtins,
};
use std::cmp::Ordering;
use std::sync::Arc;

fn n(t: &str) -> Value {
    Value::Number(Number::parse(t).expect("number"))
}
fn s(t: &str) -> Value {
    Value::string(t)
}
fn at(t: &str) -> Value {
    let v = Value::from_at_literal(t);
    assert!(!v.is_null(), "bad literal {t}");
    v
}
fn show(v: Value) -> String {
    v.to_string()
}
fn ctx(entries: &[(&str, Value)]) -> Value {
    let mut c = Context::new();
    for (k, v) in entries {
        c.insert(Name::from(*k), v.clone());
    }
    Value::context(c)
}

#[test]
fn number_arithmetic() {
    assert_eq!(show(n("10").mul(&n("-10"))), "-100");
    assert_eq!(show(n("100").div(&n("0"))), "null");
    assert_eq!(show(n("1.2345").add(&n("2.234"))), "3.4685");
    assert_eq!(show(n("-1.1234").sub(&n("-0.2345"))), "-0.8889");
    assert_eq!(show(n("5").pow(&n("-2"))), "0.04");
    assert_eq!(show(n("3").pow(&n("4")).pow(&n("5"))), "3486784401");
    assert!(show(n("5").pow(&n("2.55"))).starts_with("60.58617166"));
    assert_eq!(show(n("5.5").pow(&n("2"))), "30.25");
    assert_eq!(show(n("10").neg()), "-10");
    assert_eq!(show(s("foo").add(&s("bar"))), "\"foobar\"");
    for bad in [
        s("10"),
        Value::Boolean(true),
        at("2021-01-01"),
        Value::Null,
        Value::list(vec![n("1")]),
    ] {
        assert!(n("10").mul(&bad).is_null());
        assert!(bad.mul(&n("10")).is_null());
        assert!(n("10").add(&bad).is_null());
    }
}

#[test]
fn temporal_arithmetic() {
    let t = |a: &str, op: &str, b: &str| {
        let (a, b) = (at(a), at(b));
        show(match op {
            "+" => a.add(&b),
            _ => a.sub(&b),
        })
    };
    assert_eq!(t("2021-01-02T00:00:00Z", "-", "2021-01-02"), "PT0S");
    assert_eq!(t("2021-01-01T00:00:00", "-", "2021-01-02"), "null");
    assert_eq!(t("2021-01-02", "-", "1995-01-01"), "P9498D");
    assert_eq!(t("10:10:10", "-", "11:10:10"), "-PT1H");
    assert_eq!(
        t(
            "10:10:10@Australia/Melbourne",
            "-",
            "09:10:10@Australia/Melbourne"
        ),
        "PT1H"
    );
    assert_eq!(
        t(
            "2021-01-02T10:10:10@Europe/Paris",
            "-",
            "2021-01-01T10:10:10@Asia/Dhaka"
        ),
        "P1DT5H"
    );
    assert_eq!(
        t(
            "2021-01-02T10:10:10+01:00",
            "-",
            "2021-01-01T10:10:10@Europe/Paris"
        ),
        "P1D"
    );
    assert_eq!(
        t("2021-01-02T10:10:10+01:00", "-", "2021-01-01T10:10:10"),
        "null"
    );
    assert_eq!(
        t("2021-01-02T10:10:10@Europe/Paris", "-", "2021-01-01"),
        "P1DT9H10M10S"
    );
    assert_eq!(t("2021-01-01T10:10:10", "-", "P1M"), "2020-12-01T10:10:10");
    assert_eq!(
        t("-2021-01-01T10:10:10+11:00", "+", "-P1D"),
        "-2022-12-31T10:10:10+11:00"
    );
    assert_eq!(
        t("-2021-01-01T10:10:10@Australia/Melbourne", "-", "P1Y"),
        "-2022-01-01T10:10:10@Australia/Melbourne"
    );
    assert_eq!(t("2021-01-01T24:00:00", "-", "PT1S"), "2021-01-01T23:59:59");
    assert_eq!(
        t("P1DT1H", "+", "2021-01-12T10:10:10+11:00"),
        "2021-01-13T11:10:10+11:00"
    );
    assert_eq!(t("2021-01-01", "+", "PT36H"), "2021-01-02");
    assert_eq!(t("P1M", "+", "2021-01-01"), "2021-02-01");
    assert_eq!(t("10:15:00", "+", "P1D"), "10:15:00");
    assert_eq!(
        t("10:15:00@Australia/Melbourne", "+", "-PT1H"),
        "09:15:00@Australia/Melbourne"
    );
    assert_eq!(t("P1Y", "+", "-P2M"), "P10M");
    assert_eq!(t("PT24H", "+", "P1D"), "P2D");
    assert_eq!(t("P1Y", "+", "P1D"), "null");
    let m = |a: Value, b: Value| show(a.mul(&b));
    assert_eq!(m(n("1.5"), at("P4DT1H")), "P6DT1H30M");
    assert_eq!(m(at("PT23H"), n("2.5")), "P2DT9H30M");
    assert_eq!(m(n("-2.5"), at("P1Y11M")), "-P4Y9M");
    assert_eq!(m(at("P1M"), n("0")), "P0M");
    let d = |a: Value, b: Value| show(a.div(&b));
    assert_eq!(d(at("P10Y11M"), n("-2.5")), "-P4Y4M");
    assert_eq!(d(at("P10Y"), at("P5Y")), "2");
    assert_eq!(d(at("P10D"), at("P0D")), "null");
    assert_eq!(d(at("P10DT23H"), n("2.5")), "P4DT9H12M");
    assert_eq!(d(at("P10D"), n("0")), "null");
    assert_eq!(show(at("P1D").neg()), "-P1D");
}

#[test]
fn equality() {
    let e = |a: Value, b: Value| show(a.feel_eq(&b));
    assert_eq!(e(Value::Null, Value::Null), "true");
    assert_eq!(e(Value::Boolean(true), Value::Null), "false");
    assert_eq!(e(Value::Boolean(false), n("0")), "null");
    assert_eq!(e(n("0"), n("0.00")), "true");
    assert_eq!(e(n("12300"), n("1.23e4")), "true");
    assert_eq!(e(n("100"), s("100")), "null");
    assert_eq!(e(Value::list(vec![]), Value::list(vec![])), "true");
    assert_eq!(
        e(Value::list(vec![n("1")]), Value::list(vec![n("1"), n("1")])),
        "false"
    );
    assert_eq!(e(Value::list(vec![]), n("0")), "null");
    assert_eq!(
        e(
            ctx(&[("foo", s("bar")), ("bar", s("baz"))]),
            ctx(&[("bar", s("baz")), ("foo", s("bar"))])
        ),
        "true"
    );
    assert_eq!(e(ctx(&[]), Value::list(vec![])), "null");
    assert_eq!(e(at("10:30:00.0001"), at("10:30:00.0002")), "true");
    assert_eq!(e(at("10:30:00Z"), at("10:30:00+00:00")), "true");
    assert_eq!(
        e(
            at("2018-12-08T00:00:00@Europe/Paris"),
            at("2018-12-08T00:00:00@Asia/Dhaka")
        ),
        "false"
    );
    assert_eq!(
        e(
            at("2018-02-08T00:00:00+01:00"),
            at("2018-02-08T00:00:00@Europe/Paris")
        ),
        "true"
    );
    assert_eq!(
        e(
            at("2002-04-02T12:00:00@Australia/Melbourne"),
            at("2002-04-02T12:00:00@Australia/Sydney")
        ),
        "true"
    );
    assert_eq!(
        e(
            at("2002-04-02T23:00:00-04:00"),
            at("2002-04-03T02:00:00-01:00")
        ),
        "true"
    );
    assert_eq!(e(at("P1D"), at("PT24H")), "true");
    assert_eq!(e(at("P0D"), at("-P0D")), "true");
    assert_eq!(e(at("P1Y"), at("P12M")), "true");
    assert_eq!(e(at("P1Y"), at("P365D")), "null");
    let r = |a: RangeBound, b: RangeBound| Value::Range(Arc::new(Range::new(a, b)));
    use RangeBound::*;
    assert_eq!(
        e(
            r(Open(n("1")), Closed(n("10"))),
            r(Open(n("1")), Closed(n("10")))
        ),
        "true"
    );
    assert_eq!(
        e(
            r(Unbounded, Open(n("10"))),
            r(Open(Value::Null), Open(n("10")))
        ),
        "false"
    );
}

#[test]
fn comparison() {
    let c = |a: Value, b: Value| a.feel_cmp(&b);
    assert_eq!(c(n("1"), n("1.0")), Some(Ordering::Equal));
    assert_eq!(c(s("a"), s("b")), Some(Ordering::Less));
    assert_eq!(c(n("1"), s("b")), None);
    assert_eq!(c(Value::Boolean(true), Value::Boolean(false)), None);
    assert_eq!(
        c(at("2020-01-01"), at("2019-12-31")),
        Some(Ordering::Greater)
    );
    assert_eq!(c(at("10:00:00"), at("10:00:00Z")), None);
    assert_eq!(
        c(at("12:00:00+01:00"), at("11:30:00Z")),
        Some(Ordering::Less)
    );
    assert_eq!(c(at("P1Y"), at("P11M")), Some(Ordering::Greater));
    assert_eq!(c(at("P1Y"), at("P1D")), None);
    assert_eq!(c(Value::Null, Value::Null), None);
}

#[test]
fn ranges_contain() {
    use RangeBound::*;
    let r = Range::new(Closed(n("1")), Open(n("10")));
    assert_eq!(show(r.contains(&n("1"))), "true");
    assert_eq!(show(r.contains(&n("10"))), "false");
    assert_eq!(show(r.contains(&s("a"))), "null");
    let lt = Range::new(Unbounded, Open(at("2020-01-01")));
    assert_eq!(show(lt.contains(&at("2019-06-01"))), "true");
    let v = Value::Range(Arc::new(Range::new(Open(n("1")), Closed(n("5")))));
    assert_eq!(show(v.property("start")), "1");
    assert_eq!(show(v.property("start included")), "false");
    assert_eq!(show(v.property("end included")), "true");
    assert_eq!(show(v), "(1..5]");
}

#[test]
fn types() {
    assert!(!Value::Null.conforms_to(&Type::Any));
    assert!(Value::Null.conforms_to(&Type::Null));
    assert!(n("1").conforms_to(&Type::Any));
    assert!(!n("1").conforms_to(&Type::String));
    assert!(at("P1Y").conforms_to(&Type::YearsMonths));
    assert!(!at("P1Y").conforms_to(&Type::DaysTime));
    let l = Value::list(vec![n("1"), n("2")]);
    assert!(l.conforms_to(&Type::List(Box::new(Type::Number))));
    assert!(!Value::list(vec![n("1"), s("2")]).conforms_to(&Type::List(Box::new(Type::Number))));
    assert!(Value::list(vec![]).conforms_to(&Type::List(Box::new(Type::Number))));
    let ab = Type::Context(vec![
        (Name::from("a"), Type::String),
        (Name::from("b"), Type::String),
    ]);
    assert!(ctx(&[("a", s("a")), ("b", s("b")), ("c", n("1"))]).conforms_to(&ab));
    assert!(!ctx(&[("a", s("a"))]).conforms_to(&ab));
    assert!(
        ctx(&[("a", Value::Null)])
            .conforms_to(&Type::Context(vec![(Name::from("a"), Type::String)]))
    );
    assert_eq!(l.type_of(), Type::List(Box::new(Type::Number)));
    assert_eq!(at("2020-01-01T00:00:00").type_of(), Type::DateTime);
    let f = builtins::lookup("string length", &BuiltinEnv::default()).expect("builtin");
    assert!(f.conforms_to(&Type::Function(vec![Type::Any], Box::new(Type::Any))));
    assert!(!f.conforms_to(&Type::Function(vec![], Box::new(Type::Any))));
}

#[test]
fn properties() {
    let p = |v: Value, name: &str| show(v.property(name));
    assert_eq!(p(at("2018-12-10"), "weekday"), "1");
    assert_eq!(p(at("2018-12-10T10:30:01"), "second"), "1");
    assert_eq!(p(at("2018-12-10T10:30:00+05:00"), "time offset"), "PT5H");
    assert_eq!(p(at("2018-12-10T10:30:00"), "time offset"), "null");
    assert_eq!(
        p(at("2018-12-10T10:30:00@Etc/UTC"), "timezone"),
        "\"Etc/UTC\""
    );
    assert_eq!(p(at("10:30:00+05:00"), "time offset"), "PT5H");
    assert_eq!(p(at("P1Y2M"), "years"), "1");
    assert_eq!(p(at("P1Y"), "days"), "null");
    assert_eq!(p(at("PT2H"), "days"), "0");
    assert_eq!(p(at("P1DT2H3M4.5S"), "seconds"), "4.5");
    assert_eq!(p(ctx(&[("a", s("foo"))]), "a"), "\"foo\"");
    assert_eq!(p(n("1"), "a"), "null");
}

#[test]
fn at_literals_and_display() {
    assert_eq!(show(at("2019-01-01")), "2019-01-01");
    assert_eq!(show(at("10:30:00")), "10:30:00");
    assert_eq!(show(at("P1Y")), "P1Y");
    assert_eq!(show(at("PT1H")), "PT1H");
    assert_eq!(
        show(at("2019-01-01T10:00:00@Europe/Paris")),
        "2019-01-01T10:00:00@Europe/Paris"
    );
    assert!(Value::from_at_literal("tomorrow").is_null());
    assert_eq!(show(Value::list(vec![n("1"), s("a")])), "[1, \"a\"]");
    assert_eq!(show(ctx(&[("a", n("1"))])), "{a: 1}");
    assert_eq!(n("1").to_feel_string().as_deref(), Some("1"));
    assert_eq!(s("a").to_feel_string().as_deref(), Some("a"));
    assert_eq!(Value::Null.to_feel_string(), None);
}

fn decimal_text() -> impl Strategy<Value = String> {
    (any::<i64>(), 0u32..12).prop_map(|(m, scale)| {
        let neg = m < 0;
        let digits = m.unsigned_abs().to_string();
        let s = scale as usize;
        let body = if s == 0 {
            digits
        } else if digits.len() > s {
            format!(
                "{}.{}",
                &digits[..digits.len() - s],
                &digits[digits.len() - s..]
            )
        } else {
            format!("0.{}{}", "0".repeat(s - digits.len()), digits)
        };
        if neg { format!("-{body}") } else { body }
    })
}

fn date_value() -> impl Strategy<Value = FeelDate> {
    (1i64..=9999, 1i64..=12, 1i64..=28)
        .prop_map(|(y, m, d)| FeelDate::from_ymd(y, m, d).expect("valid date"))
}

proptest! {
    #[test]
    fn number_add_sub_round_trip(a in decimal_text(), b in decimal_text()) {
        let (a, b) = (n(&a), n(&b));
        let back = a.add(&b).sub(&b);
        prop_assert_eq!(back.feel_eq(&a).to_string(), "true");
    }

    #[test]
    fn number_display_parses_back(a in decimal_text()) {
        let v = n(&a);
        let text = v.to_string();
        prop_assert_eq!(n(&text).feel_eq(&v).to_string(), "true");
    }

    #[test]
    fn comparison_is_antisymmetric(a in decimal_text(), b in decimal_text()) {
        let (a, b) = (n(&a), n(&b));
        let ab = a.feel_cmp(&b).expect("numbers compare");
        let ba = b.feel_cmp(&a).expect("numbers compare");
        prop_assert_eq!(ab, ba.reverse());
        prop_assert_eq!(ab == Ordering::Equal, a.feel_eq(&b).to_string() == "true");
    }

    #[test]
    fn date_comparison_is_antisymmetric(a in date_value(), b in date_value()) {
        let (a, b) = (Value::Date(a), Value::Date(b));
        prop_assert_eq!(a.feel_cmp(&b).map(Ordering::reverse), b.feel_cmp(&a));
    }

    #[test]
    fn date_plus_minus_days_round_trip(d in date_value(), days in -100_000i64..100_000) {
        let dur = Value::DaysTime(DaysTime::from_seconds(days * 86_400));
        let v = Value::Date(d);
        let back = v.add(&dur).sub(&dur);
        prop_assert_eq!(back.feel_eq(&v).to_string(), "true");
        // and the difference of the dates is the duration
        prop_assert_eq!(v.add(&dur).sub(&v).feel_eq(&dur).to_string(), "true");
    }

    #[test]
    fn date_time_plus_minus_duration_round_trip(d in date_value(), secs in -10_000_000_000i64..10_000_000_000, off in -18i32..=18) {
        let dt = Value::DateTime(FeelDateTime::from_date_time(&d, &FeelTime::parse(&format!("10:00:00{:+03}:00", off)).expect("time")));
        let dur = Value::DaysTime(DaysTime::from_seconds(secs));
        let back = dt.add(&dur).sub(&dur);
        prop_assert_eq!(back.feel_eq(&dt).to_string(), "true");
    }

    #[test]
    fn months_round_trip_on_early_days(d in date_value(), months in -2000i64..2000) {
        let v = Value::Date(d);
        let m = Value::YearsMonths(YearsMonths(months));
        prop_assert_eq!(v.add(&m).sub(&m).feel_eq(&v).to_string(), "true");
    }

    #[test]
    fn parsers_never_panic(text in ".{0,40}") {
        let _ = Number::parse(&text);
        let _ = FeelDate::parse(&text);
        let _ = FeelTime::parse(&text);
        let _ = FeelDateTime::parse(&text);
        let _ = YearsMonths::parse(&text);
        let _ = DaysTime::parse(&text);
        let _ = Value::from_at_literal(&text);
        let env = BuiltinEnv::default();
        for name in ["date", "time", "date and time", "duration", "number", "range", "string length", "split", "matches", "replace"] {
            let _ = builtins::call(name, vec![Value::string(text.as_str()), Value::string(text.as_str()), Value::string(text.as_str())], &env);
            let _ = builtins::call(name, vec![Value::string(text.as_str())], &env);
        }
    }

    #[test]
    fn temporal_like_text_never_panics(text in "-?[0-9]{1,10}-[0-9]{1,3}-[0-9]{1,3}(T[0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]{0,12})?(Z|[+-][0-9]{2}:[0-9]{2}|@[A-Za-z/_]{1,20})?)?") {
        let _ = Value::from_at_literal(&text);
        let _ = FeelDateTime::parse(&text);
    }

    #[test]
    fn duration_like_text_never_panics(text in "-?P([0-9]{1,25}[YMD]){0,3}(T([0-9]{1,25}(\\.[0-9]{0,12})?[HMS]){0,3})?") {
        if let Some(d) = DaysTime::parse(&text) {
            let shown = d.to_string();
            prop_assert_eq!(DaysTime::parse(&shown), Some(d));
        }
        if let Some(m) = YearsMonths::parse(&text) {
            prop_assert_eq!(YearsMonths::parse(&m.to_string()), Some(m));
        }
    }
}
