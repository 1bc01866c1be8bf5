//! Every service under `services/` with a `proactive.toml`, decided in batch, gives exactly
//! what deciding each person alone gives (`Service::decide`, the row evaluator with the
//! parameters in force): on random people, and on a generated registry read back from
//! Parquet through the service's own column mapping.
//!
//! `SHESHIM_DIFF_PEOPLE` sets the number of random people per service and date (default 20,000;
//! the closing figure of issue 5 used 1,000,000 with `--release`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use sheshim_batch::{BatchPlan, ColumnKind, NULL};
use sheshim_dmn::Env;
use sheshim_feel::Context;
use sheshim_proactive::{Population, ProactiveSpec, Registry, column_kind, evaluate};
use sheshim_services::Service;
use std::path::{Path, PathBuf};
use std::sync::Arc;

fn services() -> Vec<(PathBuf, Service, ProactiveSpec)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../services");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap() {
        let folder = entry.unwrap().path();
        if folder.join("proactive.toml").exists() {
            let service = Service::load(&folder).unwrap();
            let spec = ProactiveSpec::load(&folder).unwrap();
            found.push((folder, service, spec));
        }
    }
    assert!(found.len() >= 2, "expected at least two proactive services");
    found
}

/// SplitMix64.
fn random(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn same(a: &sheshim_feel::Value, b: &sheshim_feel::Value) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

#[test]
fn every_service_agrees_with_row_evaluation_on_random_people() {
    let people: usize = std::env::var("SHESHIM_DIFF_PEOPLE")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(20_000);
    for (folder, service, spec) in services() {
        for as_of in ["2024-06-01", "2025-12-31", "2026-03-01"] {
            let as_of: NaiveDate = as_of.parse().unwrap();
            let mut state = 20_261_126u64;
            // Integers around every count the rules name, with nulls and negatives;
            // booleans with nulls.
            let columns: Vec<(String, ColumnKind, Vec<i64>)> = spec
                .inputs
                .keys()
                .map(|input| {
                    let boolean = input.contains("resident");
                    let cells = (0..people)
                        .map(|_| match random(&mut state) % 25 {
                            0 => NULL,
                            _ if boolean => (random(&mut state) % 2) as i64,
                            1 => -1,
                            _ => (random(&mut state) % 20) as i64,
                        })
                        .collect();
                    let kind = if boolean {
                        ColumnKind::Boolean
                    } else {
                        ColumnKind::Integer
                    };
                    (input.clone(), kind, cells)
                })
                .collect();
            let signature: Vec<(&str, ColumnKind)> = columns
                .iter()
                .map(|(n, k, _)| (n.as_str(), k.clone()))
                .collect();
            let cells: Vec<&[i64]> = columns.iter().map(|(_, _, c)| c.as_slice()).collect();
            let constants = service.parameters_as_of(as_of).unwrap();
            let plan = BatchPlan::compile(
                service.models().unwrap(),
                None,
                service.decision().unwrap(),
                &signature,
                &constants,
            )
            .unwrap();
            let run = plan.run(&cells, None, &|_| {}).unwrap();
            for row in 0..people {
                let mut inputs = Context::new();
                for (name, kind, column) in &columns {
                    inputs.insert(Arc::from(name.as_str()), kind.value(column[row]).unwrap());
                }
                let expected = service
                    .decide(&inputs, as_of, &Env::default())
                    .unwrap()
                    .value;
                let got = run.outcome(run.keys[row]).unwrap();
                assert!(
                    same(got, &expected),
                    "{}, {as_of}, row {row}: batch {got:?}, row evaluation {expected:?}",
                    folder.display()
                );
            }
        }
    }
}

#[test]
fn proactive_over_a_generated_registry_equals_row_decisions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("registry.parquet");
    let reference = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let options = sheshim_population::GenerateOptions::new(30_000, 5, reference);
    sheshim_population::write_parquet(&path, &options, |_| {}).unwrap();
    let as_of = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
    for (folder, service, spec) in services() {
        let registry = Registry::load(&path, as_of, &spec.attributes()).unwrap();
        let population = Population::gather(&registry, &spec).unwrap();
        assert!(
            !population.is_empty(),
            "{}: no candidates",
            folder.display()
        );
        let evaluated = evaluate(&service, &spec, &population, as_of, &|_| {}).unwrap();
        let columns: Vec<(&String, std::borrow::Cow<'_, [i64]>, ColumnKind)> = spec
            .inputs
            .iter()
            .map(|(input, &attribute)| {
                let kind = column_kind(attribute);
                (input, population.column(attribute).unwrap(), kind)
            })
            .collect();
        for i in 0..population.len() {
            let mut inputs = Context::new();
            for (input, cells, kind) in &columns {
                inputs.insert(Arc::from(input.as_str()), kind.value(cells[i]).unwrap());
            }
            let expected = service
                .decide(&inputs, as_of, &Env::default())
                .unwrap()
                .value;
            let got = &evaluated.outcome(evaluated.run.keys[i]).unwrap().value;
            assert!(same(got, &expected), "{}, candidate {i}", folder.display());
        }
        // The trace of one person is the row evaluator's, with the legal basis.
        let (_, trace) = evaluated.trace(&population, 0).unwrap();
        assert!(trace.decisions.iter().any(|d| !d.tables.is_empty()));
    }
}
