//! Turning the trace on never changes a result: every decision the TCK evaluates gives the
//! same value with and without the trace. Skipped when the TCK is not beside the repository.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_dmn::ModelSet;
use sheshim_feel::Env;
use sheshim_tck::{FolderFiles, InvocationKind, discover, parse_test_file, read_folder};
use std::path::Path;

#[test]
fn traced_results_equal_untraced_results_on_the_tck() {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/dmn-tck/TestCases");
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
                    let plain = set.evaluate_decision(None, &result.name, &case.inputs, &env);
                    let traced =
                        set.evaluate_decision_traced(None, &result.name, &case.inputs, &env);
                    match (plain, traced) {
                        (Ok(a), Ok((b, trace))) => {
                            assert_eq!(
                                format!("{a}"),
                                format!("{b}"),
                                "{} / {}",
                                folder.display(),
                                result.name
                            );
                            assert!(trace.decisions.iter().any(|d| *d.name == *result.name));
                            compared += 1;
                        }
                        (Err(_), Err(_)) => {}
                        (a, b) => panic!("{}: {a:?} vs {:?}", result.name, b.map(|(v, _)| v)),
                    }
                }
            }
        }
    }
    assert!(compared > 3000, "only {compared} results compared");
}
