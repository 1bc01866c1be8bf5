//! `sheshim_batch::evaluate` picks the strategy: a decision that compiles runs compiled, one
//! that does not (a COLLECT SUM table) runs person by person — and either way each person's
//! outcome is exactly the row evaluator's, and the counts per group add up.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_batch::{ColumnKind, Decision, Groups, NULL, Strategy, evaluate};
use sheshim_dmn::{Env, ModelSet};
use sheshim_feel::Context;
use std::sync::Arc;

const MODEL: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="https://example.org/strategies" name="strategies" id="_strategies">
 <inputData name="Age" id="_age"><variable name="Age" typeRef="number"/></inputData>
 <inputData name="Resident" id="_resident"><variable name="Resident" typeRef="boolean"/></inputData>
 <decision name="Points" id="_points">
  <variable name="Points" typeRef="number"/>
  <informationRequirement><requiredInput href="#_age"/></informationRequirement>
  <informationRequirement><requiredInput href="#_resident"/></informationRequirement>
  <decisionTable hitPolicy="COLLECT" aggregation="SUM">
   <input label="Age"><inputExpression typeRef="number"><text>Age</text></inputExpression></input>
   <input label="Resident"><inputExpression typeRef="boolean"><text>Resident</text></inputExpression></input>
   <output name="points" typeRef="number"/>
   <rule><inputEntry><text>&lt; 18</text></inputEntry><inputEntry><text>-</text></inputEntry><outputEntry><text>2</text></outputEntry></rule>
   <rule><inputEntry><text>-</text></inputEntry><inputEntry><text>true</text></inputEntry><outputEntry><text>1</text></outputEntry></rule>
   <rule><inputEntry><text>&gt;= 60</text></inputEntry><inputEntry><text>-</text></inputEntry><outputEntry><text>3</text></outputEntry></rule>
  </decisionTable>
 </decision>
 <decision name="Adult" id="_adult">
  <variable name="Adult" typeRef="boolean"/>
  <informationRequirement><requiredInput href="#_age"/></informationRequirement>
  <decisionTable hitPolicy="FIRST">
   <input label="Age"><inputExpression typeRef="number"><text>Age</text></inputExpression></input>
   <output name="adult" typeRef="boolean"/>
   <rule><inputEntry><text>&gt;= 18</text></inputEntry><outputEntry><text>true</text></outputEntry></rule>
   <rule><inputEntry><text>-</text></inputEntry><outputEntry><text>false</text></outputEntry></rule>
  </decisionTable>
 </decision>
</definitions>"##;

/// Evaluates `decision` over generated columns; checks every person against the row
/// evaluator and returns whether the run was compiled.
fn check(decision: &str) -> bool {
    let models = ModelSet::load(&[("strategies.dmn", MODEL)]).unwrap();
    let n = 5_000;
    let age: Vec<i64> = (0..n)
        .map(|i| if i % 41 == 0 { NULL } else { i % 90 })
        .collect();
    let resident: Vec<i64> = (0..n).map(|i| i64::from(i % 3 != 0)).collect();
    let groups: Vec<i64> = (0..n).map(|i| i % 4).collect();
    let columns = [
        ("Age", ColumnKind::Integer),
        ("Resident", ColumnKind::Boolean),
    ];
    let cells: Vec<&[i64]> = vec![&age, &resident];
    let constants = Context::new();
    let evaluation = evaluate(
        Decision {
            models: &models,
            model: None,
            decision,
            columns: &columns,
            constants: &constants,
        },
        &cells,
        Some(Groups {
            codes: &groups,
            count: 4,
        }),
        &|_| {},
    )
    .unwrap();
    let run = &evaluation.run;
    for row in 0..n as usize {
        let mut inputs = Context::new();
        for ((name, kind), column) in columns.iter().zip(&cells) {
            inputs.insert(Arc::from(*name), kind.value(column[row]).unwrap());
        }
        let expected = models
            .evaluate_decision(None, decision, &inputs, &Env::default())
            .unwrap();
        let got = run.outcome(run.keys[row]).unwrap();
        assert_eq!(format!("{got:?}"), format!("{expected:?}"), "row {row}");
        if row % 499 == 0 {
            let (value, _) = evaluation.strategy.evaluate_row(&cells, row).unwrap();
            assert_eq!(format!("{value:?}"), format!("{expected:?}"));
        }
    }
    for group in 0..4 {
        let counted: u64 = (0..run.key_count as u8).map(|k| run.count(group, k)).sum();
        let members = groups.iter().filter(|&&g| g == group as i64).count();
        assert_eq!(counted, members as u64, "group {group}");
    }
    matches!(evaluation.strategy, Strategy::Compiled(_))
}

#[test]
fn a_decision_that_compiles_runs_compiled() {
    assert!(check("Adult"));
}

#[test]
fn a_decision_that_does_not_compile_runs_person_by_person_with_the_same_outcomes() {
    assert!(!check("Points"));
}
