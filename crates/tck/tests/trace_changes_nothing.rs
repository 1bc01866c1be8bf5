//! Turning the trace on never changes a result: every decision the TCK evaluates gives the
//! same value with and without the trace. Skipped when the TCK is not beside the repository.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_feel::Env;
use sheshim_tck::for_each_decision_result;
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
    for_each_decision_result(&root, |r| {
        let plain = r
            .models
            .evaluate_decision(None, r.decision, &r.case.inputs, &env);
        let traced = r
            .models
            .evaluate_decision_traced(None, r.decision, &r.case.inputs, &env);
        match (plain, traced) {
            (Ok(a), Ok((b, trace))) => {
                let place = format!("{} / {}", r.folder.display(), r.decision);
                assert_eq!(format!("{a}"), format!("{b}"), "{place}");
                assert!(trace.decisions.iter().any(|d| &*d.name == r.decision));
                compared += 1;
            }
            (Err(_), Err(_)) => {}
            (a, b) => panic!("{}: {a:?} vs {:?}", r.decision, b.map(|(v, _)| v)),
        }
    })
    .unwrap();
    assert!(compared > 3000, "only {compared} results compared");
}
