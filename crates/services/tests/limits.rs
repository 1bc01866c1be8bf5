//! A service may raise the evaluation budget in its own `service.toml`: the same rules that
//! run out of the default budget decide when their service raises it.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_dmn::DmnError;
use sheshim_feel::{Env, Limit, Limits};
use sheshim_services::{Service, ServiceError};
use std::path::Path;

fn fixture(code: &str) -> Service {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(code);
    Service::load(&folder).unwrap()
}

#[test]
fn rules_that_run_out_of_the_default_budget_decide_when_the_service_raises_it() {
    let default = fixture("pair-count");
    assert_eq!(default.settings().limits, Limits::DEFAULT);
    let case = &default.cases()[0];
    let error = default
        .decide(&case.inputs, case.as_of, &Env::default())
        .map(|_| ())
        .unwrap_err();
    let ServiceError::Budget {
        error: DmnError::Budget { exceeded, .. },
        ..
    } = &error
    else {
        panic!("expected a budget error, got {error}");
    };
    assert_eq!(exceeded.limit, Limit::Steps(Limits::DEFAULT.steps));
    let message = error.to_string();
    assert!(
        message.contains("raise [limits] in services/pair-count/service.toml"),
        "{message}"
    );

    let raised = fixture("pair-count-raised");
    assert_eq!(raised.settings().limits.steps, 5_000_000);
    for result in raised.run_cases(&Env::default()) {
        assert!(result.passed, "{}: got {}", result.name, result.actual);
    }
}

#[test]
fn an_input_the_model_does_not_have_is_an_error() {
    let service = fixture("pair-count-raised");
    let mut inputs = service.cases()[0].inputs.clone();
    inputs.insert(std::sync::Arc::from("size"), sheshim_feel::Value::Null);
    let error = service
        .decide(&inputs, service.cases()[0].as_of, &Env::default())
        .map(|_| ())
        .unwrap_err();
    assert_eq!(error.to_string(), r#"the model has no input named "size""#);
}
