//! No silent nulls from names: a name that nothing in the model defines is reported when
//! the model is loaded, with the element, and an input the caller gives that the model
//! does not have is reported when it is evaluated. Models written for Camunda 7, which read
//! undeclared process variables, load with a message listing the names to declare, or bind
//! them from the inputs when asked to.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_dmn::{DmnError, LoadOptions, ModelSet, NameCheck, UndeclaredNames};
use sheshim_feel::{Context, Env, Number, Value};
use std::sync::Arc;

const CAMUNDA: &str = include_str!("models/camunda7-dish.dmn");

const NS: &str = "https://www.omg.org/spec/DMN/20230324/MODEL/";

/// A model with an input `Monthly Salary` and a decision `Yearly` (element `yearly`)
/// computing `text`.
fn salary_model(text: &str) -> String {
    format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="{NS}" name="salary" namespace="urn:salary" id="defs">
<inputData id="salary" name="Monthly Salary"><variable name="Monthly Salary" typeRef="number"/></inputData>
<decision id="yearly" name="Yearly"><variable name="Yearly" typeRef="number"/>
  <informationRequirement><requiredInput href="#salary"/></informationRequirement>
  <literalExpression id="yearly_expr"><text>{text}</text></literalExpression>
</decision>
</definitions>"##
    )
}

fn inputs(entries: &[(&str, Value)]) -> Context {
    let mut c = Context::new();
    for (k, v) in entries {
        c.insert(Arc::from(*k), v.clone());
    }
    c
}

fn num(n: i64) -> Value {
    Value::Number(Number::from_i64(n))
}

fn options(names: NameCheck) -> LoadOptions {
    LoadOptions {
        names,
        ..LoadOptions::default()
    }
}

#[test]
fn a_misspelt_name_is_reported_at_load_with_the_element() {
    let xml = salary_model("Monthly salary * 12");
    let error = ModelSet::load_with(&[("salary.dmn", &xml)], &LoadOptions::strict())
        .map(|_| ())
        .unwrap_err();
    let DmnError::UndeclaredNames { file, elements } = &error else {
        panic!("expected undeclared names, got {error}");
    };
    assert_eq!(file, "salary.dmn");
    assert_eq!(
        elements,
        &[UndeclaredNames {
            kind: "decision",
            name: "Yearly".to_owned(),
            element_id: "yearly".to_owned(),
            names: vec!["Monthly salary".to_owned()],
        }]
    );
    let message = error.to_string();
    assert!(
        message.contains(r#"decision "Yearly" (element yearly) reads "Monthly salary""#),
        "{message}"
    );
    // Written correctly, the same model loads and decides.
    let xml = salary_model("Monthly Salary * 12");
    let set = ModelSet::load_with(&[("salary.dmn", &xml)], &LoadOptions::strict()).unwrap();
    let value = set
        .evaluate_decision(
            None,
            "Yearly",
            &inputs(&[("Monthly Salary", num(100))]),
            &Env::default(),
        )
        .unwrap();
    assert_eq!(value.to_string(), "1200");
}

#[test]
fn names_defined_inside_expressions_are_not_reported() {
    let text = "{rate: 12, f: function(x) x * rate, r: f(Monthly Salary) + sum(for i in [1, 2] return i) + count([{a: 1}][a = 1]) + (if some v in [1] satisfies v &gt; 0 then 0 else 1)}.r";
    let xml = salary_model(text);
    let set = ModelSet::load_with(&[("salary.dmn", &xml)], &LoadOptions::strict()).unwrap();
    let value = set
        .evaluate_decision(
            None,
            "Yearly",
            &inputs(&[("Monthly Salary", num(10))]),
            &Env::default(),
        )
        .unwrap();
    assert_eq!(value.to_string(), "124");
}

#[test]
fn an_input_the_model_does_not_have_is_reported() {
    let xml = salary_model("Monthly Salary * 12");
    let set = ModelSet::load_with(&[("salary.dmn", &xml)], &LoadOptions::strict()).unwrap();
    let error = set
        .evaluate_decision(
            None,
            "Yearly",
            &inputs(&[("Monthly salary", num(100)), ("Bonus", num(1))]),
            &Env::default(),
        )
        .unwrap_err();
    match &error {
        DmnError::UnknownInputs { names } => assert_eq!(names, &["Monthly salary", "Bonus"]),
        other => panic!("expected unknown inputs, got {other}"),
    }
    assert_eq!(
        error.to_string(),
        r#"the model has no inputs named "Monthly salary", "Bonus""#
    );
    // Leniently loaded, the misspelt input is ignored and the decision is null: the DMN
    // way, kept for the TCK.
    let set = ModelSet::load(&[("salary.dmn", &xml)]).unwrap();
    let value = set
        .evaluate_decision(
            None,
            "Yearly",
            &inputs(&[("Monthly salary", num(100))]),
            &Env::default(),
        )
        .unwrap();
    assert!(value.is_null());
}

#[test]
fn a_camunda_7_model_lists_the_names_to_declare() {
    let error = ModelSet::load_with(&[("dish.dmn", CAMUNDA)], &LoadOptions::strict())
        .map(|_| ())
        .unwrap_err();
    let message = error.to_string();
    assert!(
        message.contains(
            r#"decision "Dish Decision" (element dish-decision) reads "season", "guestCount""#
        ),
        "{message}"
    );
    assert!(message.contains("declare them as input data"), "{message}");
}

#[test]
fn a_camunda_7_model_binds_undeclared_names_from_the_inputs_when_asked() {
    let set = ModelSet::load_with(
        &[("dish.dmn", CAMUNDA)],
        &options(NameCheck::BindFromInputs),
    )
    .unwrap();
    let decide = |entries: &[(&str, Value)]| {
        set.evaluate_decision(None, "Dish Decision", &inputs(entries), &Env::default())
    };
    let value = decide(&[("season", Value::string("Fall")), ("guestCount", num(8))]).unwrap();
    assert_eq!(value.to_string(), "\"Spareribs\"");
    let value = decide(&[("season", Value::string("Winter")), ("guestCount", num(12))]).unwrap();
    assert_eq!(value.to_string(), "\"Stew\"");
    // The input named as the label says, not as the table reads it: an error, not a null.
    let error = decide(&[("Season", Value::string("Fall")), ("guestCount", num(8))]).unwrap_err();
    assert_eq!(
        error.to_string(),
        r#"the model has no input named "Season""#
    );
}
