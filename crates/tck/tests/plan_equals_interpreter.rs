//! A compiled decision gives exactly what the interpreter gives: on every decision of the
//! TCK that compiles, for every test case's inputs, and on random people for the shared
//! decision-speed workload. Skipped when `shared/` is not beside the repository.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_dmn::ModelSet;
use sheshim_feel::{Context, Env, Number, Value};
use sheshim_tck::for_each_decision_result;
use std::path::Path;
use std::sync::Arc;

fn shared() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn slots(names: &[sheshim_feel::Name], inputs: &Context) -> Vec<Value> {
    names
        .iter()
        .map(|n| inputs.get(n).cloned().unwrap_or(Value::Null))
        .collect()
}

#[test]
fn compiled_decisions_agree_with_the_interpreter_on_the_tck() {
    let root = shared().join("conformance/dmn-tck/TestCases");
    if !root.is_dir() {
        eprintln!("no TCK at {}: skipped", root.display());
        return;
    }
    let env = Env::default();
    let mut compared = 0;
    for_each_decision_result(&root, |r| {
        let Ok(Some(plan)) = r.models.plan(None, r.decision) else {
            return;
        };
        let interpreted = r
            .models
            .evaluate_decision(None, r.decision, &r.case.inputs, &env)
            .unwrap();
        let inputs = slots(&plan.input_names(), &r.case.inputs);
        let compiled = plan.evaluate(&inputs);
        let (traced, compiled_trace) = plan.evaluate_traced(&inputs);
        let trace = compiled_trace.to_trace();
        let (_, interpreted_trace) = r
            .models
            .evaluate_decision_traced(None, r.decision, &r.case.inputs, &env)
            .unwrap();
        let place = format!("{} / {}", r.folder.display(), r.decision);
        assert_eq!(format!("{compiled}"), format!("{interpreted}"), "{place}");
        assert_eq!(format!("{traced}"), format!("{interpreted}"), "{place}");
        let ours = &trace.decisions[0].tables[0];
        let theirs = &interpreted_trace.decisions.last().unwrap().tables[0];
        assert_eq!(ours.matched, theirs.matched, "{place}");
        assert_eq!(ours.selected, theirs.selected, "{place}");
        assert_eq!(trace.decisions[0].inputs.len(), plan.input_names().len());
        assert_eq!(trace.models_sha256, interpreted_trace.models_sha256);
        compared += 1;
    })
    .unwrap();
    assert!(
        compared >= 20,
        "only {compared} compiled decisions compared"
    );
    eprintln!("{compared} compiled decisions agreed with the interpreter");
}

#[test]
fn the_compiled_benefit_table_agrees_with_the_interpreter_on_random_people() {
    let path = shared().join("bench/benefit.dmn");
    if !path.is_file() {
        eprintln!("no workload at {}: skipped", path.display());
        return;
    }
    let text = std::fs::read_to_string(&path).unwrap();
    let set = ModelSet::load(&[("benefit.dmn", text.as_str())]).unwrap();
    let plan = set
        .plan(None, "Benefit")
        .unwrap()
        .expect("the benefit table compiles");
    let names = plan.input_names();
    let env = Env::default();
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..20_000 {
        let mut person = Context::new();
        // Also values the workload never draws: negatives, fractions, nulls, wrong types.
        let number = |n: u64| match n % 50 {
            0 => Value::Null,
            1 => Value::string("x"),
            2 => Value::Number(Number::parse(&format!("{}.5", n % 100)).unwrap()),
            _ => Value::Number(Number::from_i64((n % 4000) as i64 - 100)),
        };
        person.insert(Arc::from("Age"), number(next()));
        person.insert(Arc::from("Income"), number(next()));
        person.insert(Arc::from("Household size"), number(next() % 9));
        person.insert(
            Arc::from("Resident"),
            match next() % 12 {
                0 => Value::Null,
                n => Value::Boolean(n % 2 == 0),
            },
        );
        let interpreted = set
            .evaluate_decision(None, "Benefit", &person, &env)
            .unwrap();
        let compiled = plan.evaluate(&slots(&names, &person));
        assert_eq!(format!("{compiled}"), format!("{interpreted}"));
    }
}
