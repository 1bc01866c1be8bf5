//! Every service in the repository's `services/` folder loads and passes its own test cases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_feel::Env;
use sheshim_services::Service;
use std::path::Path;

#[test]
fn every_service_passes_its_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../services");
    let services = Service::load_all(&root).unwrap();
    assert!(!services.is_empty(), "no services under {}", root.display());
    for service in services {
        assert!(
            !service.cases().is_empty(),
            "{} has no test cases",
            service.code
        );
        for result in service.run_cases(&Env::default()) {
            assert!(
                result.passed,
                "{} / {}: expected {}, got {}",
                service.code, result.name, result.expected, result.actual
            );
        }
    }
}

#[test]
fn two_dates_differ_exactly_by_the_parameter_change() {
    use chrono::NaiveDate;
    use sheshim_feel::{Context, Number, Value};
    use std::sync::Arc;

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../services/childbirth-allowance");
    let service = Service::load(&root).unwrap();
    let mut inputs = Context::new();
    inputs.insert(Arc::from("Birth order"), Value::Number(Number::from_i64(3)));
    inputs.insert(Arc::from("Permanent resident"), Value::Boolean(true));
    let on = |y, m, d| {
        service
            .decide(
                &inputs,
                NaiveDate::from_ymd_opt(y, m, d).unwrap(),
                &Env::default(),
            )
            .unwrap()
    };
    let (before, after) = (on(2025, 12, 31), on(2026, 1, 1));
    let amount = |v: &Value| match v {
        Value::Context(c) => c.get("amount").cloned().unwrap(),
        _ => panic!("not a context"),
    };
    let mrp = |d: &sheshim_services::Decided| d.parameters[0].value.clone();
    // amount = 38 × MRP on both dates, so the difference is 38 × (MRP 2026 − MRP 2025).
    let difference = amount(&after.value).sub(&amount(&before.value));
    let expected = Value::Number(Number::from_i64(38)).mul(&mrp(&after).sub(&mrp(&before)));
    assert!(matches!(
        difference.feel_eq(&expected),
        Value::Boolean(true)
    ));
    assert!(matches!(
        difference.feel_eq(&Value::Number(Number::from_i64(38 * (4325 - 3932)))),
        Value::Boolean(true)
    ));
}
