//! The DMN loader and evaluator never panic, whatever the XML: random edits of a real model
//! (bytes replaced, cut, duplicated; XML tokens and FEEL fragments spliced in) either load
//! and evaluate, or fail with an error that names the file.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use sheshim_dmn::ModelSet;
use sheshim_feel::{Context, Env, Number, Value};
use std::sync::Arc;

const MODEL: &str = include_str!("../../../services/childbirth-allowance/model.dmn");

const SPLICES: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "\"",
    "&amp;",
    "&#0;",
    "<decision name=\"x\">",
    "</definitions>",
    "<decisionTable hitPolicy=\"COLLECT\" aggregation=\"SUM\">",
    "<rule>",
    "<inputEntry><text>",
    "</text></inputEntry>",
    "[1..",
    "..3]",
    "not(",
    ")",
    "function(a) a",
    "for x in",
    "@\"P1Y\"",
    "typeRef=\"tUnknown\"",
    "href=\"#nowhere\"",
    "\u{0}",
    "ä",
    "𝔸",
    "{a: ",
    "}",
    "** -",
    "?",
];

/// Cases per run: 2,000 by default; set `SHESHIM_FUZZ_CASES` for a longer campaign.
fn fuzz_cases() -> u32 {
    std::env::var("SHESHIM_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
}

fn edit() -> impl Strategy<Value = (usize, usize, u8, usize)> {
    (0..MODEL.len(), 0usize..64, 0u8..4, 0..SPLICES.len())
}

fn mutate(mut text: Vec<u8>, (at, len, kind, splice): (usize, usize, u8, usize)) -> Vec<u8> {
    let at = at.min(text.len());
    let end = (at + len).min(text.len());
    match kind {
        0 => {
            text.drain(at..end);
        }
        1 => {
            let copy = text[at..end].to_vec();
            text.splice(at..at, copy);
        }
        2 => {
            text.splice(at..at, SPLICES[splice].bytes());
        }
        _ => {
            for byte in &mut text[at..end] {
                *byte = byte.wrapping_add(splice as u8 + 1);
            }
        }
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(fuzz_cases()))]
    #[test]
    fn edited_models_load_or_fail_cleanly(edits in proptest::collection::vec(edit(), 1..4)) {
        let bytes = edits.into_iter().fold(MODEL.as_bytes().to_vec(), mutate);
        // The loader takes text: bytes that are not UTF-8 are the caller's to reject.
        let text = String::from_utf8_lossy(&bytes);
        match ModelSet::load(&[("edited.dmn", &text)]) {
            Ok(models) => {
                let mut inputs = Context::new();
                inputs.insert(Arc::from("Birth order"), Value::Number(Number::from_i64(2)));
                inputs.insert(Arc::from("Permanent resident"), Value::Boolean(true));
                inputs.insert(Arc::from("MRP"), Value::Number(Number::from_i64(4325)));
                for info in models.models() {
                    for decision in &info.decisions {
                        let _ = models.evaluate_decision(None, decision, &inputs, &Env::default());
                        let _ = models.evaluate_decision_traced(None, decision, &inputs, &Env::default());
                        if let Ok(Some(plan)) = models.plan(None, decision) {
                            let _ = plan.evaluate_traced(&[Value::Null, Value::string("x")]);
                        }
                    }
                }
            }
            Err(error) => prop_assert!(error.to_string().contains("edited.dmn"), "{}", error),
        }
    }
}
