//! A compiled decision gives exactly what the interpreter gives: on every decision of the
//! TCK that compiles, for every test case's inputs, and on random people for the shared
//! decision-speed workload. Skipped when `shared/` is not beside the repository.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_dmn::ModelSet;
use sheshim_feel::{Context, Env, Number, Value};
use sheshim_tck::{FolderFiles, InvocationKind, discover, parse_test_file, read_folder};
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
    for folder in discover(&root).unwrap() {
        let FolderFiles { models, tests } = read_folder(&folder);
        let tests: Vec<String> = tests
            .iter()
            .filter_map(|t| std::fs::read_to_string(t).ok())
            .collect();
        let files: Vec<(&str, &str)> = models
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let Ok((set, _)) = ModelSet::load_lenient(&files) else {
            continue;
        };
        for xml in tests {
            let Ok(Some(file)) = parse_test_file(&xml) else {
                continue;
            };
            for case in file
                .cases
                .iter()
                .filter(|c| c.invocation == InvocationKind::Decisions)
            {
                for result in &case.results {
                    let Ok(Some(plan)) = set.plan(None, &result.name) else {
                        continue;
                    };
                    // Decisions given as inputs override evaluation in the interpreter; a
                    // plan has no such inputs, so compare only cases without them.
                    let interpreted = set
                        .evaluate_decision(None, &result.name, &case.inputs, &env)
                        .unwrap();
                    let inputs = slots(&plan.input_names(), &case.inputs);
                    let compiled = plan.evaluate(&inputs);
                    let (traced, compiled_trace) = plan.evaluate_traced(&inputs);
                    let trace = compiled_trace.to_trace();
                    let (_, interpreted_trace) = set
                        .evaluate_decision_traced(None, &result.name, &case.inputs, &env)
                        .unwrap();
                    let where_ = format!("{} / {}", folder.display(), result.name);
                    assert_eq!(format!("{compiled}"), format!("{interpreted}"), "{where_}");
                    assert_eq!(format!("{traced}"), format!("{interpreted}"), "{where_}");
                    let ours = &trace.decisions[0].tables[0];
                    let theirs = &interpreted_trace.decisions.last().unwrap().tables[0];
                    assert_eq!(ours.matched, theirs.matched, "{where_}");
                    assert_eq!(ours.selected, theirs.selected, "{where_}");
                    assert_eq!(trace.decisions[0].inputs.len(), plan.input_names().len());
                    assert_eq!(trace.models_sha256, interpreted_trace.models_sha256);
                    compared += 1;
                }
            }
        }
    }
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
