//! Every service in the repository's `services/` folder loads and passes its own test cases,
//! and the catalogue holds at least four applications and the six APPC appeal kinds.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_domain::AppealKind;
use sheshim_feel::Env;
use sheshim_services::{Catalogue, Service, ServiceKind};
use std::path::Path;

#[test]
fn every_service_passes_its_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../services");
    let catalogue = Catalogue::load(&root).unwrap();
    let applications = catalogue
        .services()
        .filter(|s| s.kind() == ServiceKind::Application)
        .count();
    assert!(applications >= 4, "{applications} application services");
    for kind in AppealKind::ALL {
        let service = catalogue.for_appeal_kind(kind).unwrap();
        assert!(service.cases().is_empty());
    }
    let services = Service::load_all(&root).unwrap();
    assert_eq!(services.len(), catalogue.len());
    for service in services {
        if service.kind() != ServiceKind::Application {
            continue;
        }
        assert!(
            service.cases().len() >= 10,
            "{} has fewer than 10 test cases",
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

#[test]
fn the_trace_cites_the_law_for_the_rule_applied() {
    use chrono::NaiveDate;
    use sheshim_feel::{Context, Number, Value};
    use std::sync::Arc;

    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../services/childbirth-allowance");
    let service = Service::load(&root).unwrap();
    let mut inputs = Context::new();
    inputs.insert(Arc::from("Birth order"), Value::Number(Number::from_i64(4)));
    inputs.insert(Arc::from("Permanent resident"), Value::Boolean(true));
    let decided = service
        .decide_traced(
            &inputs,
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            &Env::default(),
        )
        .unwrap();
    let citations = decided.citations();
    assert_eq!(citations.len(), 1, "{citations:?}");
    assert!(citations[0].contains("63 MRP"), "{citations:?}");
    let trace = decided.trace.unwrap();
    assert_eq!(trace.models_sha256.len(), 64);
    assert!(trace.engine.starts_with("sheshim-dmn "));
    let rate = trace
        .decisions
        .iter()
        .find(|d| &*d.name == "Allowance rate")
        .unwrap();
    let table = &rate.tables[0];
    assert_eq!(&*table.hit_policy, "UNIQUE");
    assert_eq!(table.matched.len(), 1);
    let rule = &table.selected[0];
    assert_eq!(
        (rule.number, rule.id.as_deref()),
        (3, Some("rule_fourth_and_later"))
    );
    let (column, citation) = &rule.annotations[0];
    assert_eq!(column, "legal basis");
    assert!(
        citation.contains("Social Code") && citation.contains("63 MRP"),
        "{citation}"
    );
    let inputs: Vec<&str> = rate.inputs.iter().map(|(name, _)| &**name).collect();
    assert_eq!(inputs, ["Birth order", "Permanent resident"]);
    // The allowance decision comes after the rate it requires, and used the MRP of 2026.
    let allowance = trace.decisions.last().unwrap();
    assert_eq!(&*allowance.name, "Birth allowance");
    assert_eq!(allowance.inputs[0].0.as_ref(), "MRP");
    assert_eq!(
        decided.parameters[0].period.from,
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    );
}
