//! Batch evaluation gives exactly the row evaluator's result for every person: random
//! populations (values around every constant, nulls, invalid allowed values) over tables
//! with FIRST and UNIQUE hit policies, number, boolean and text inputs, ranges, negations,
//! lists of tests and allowed values, and a decision that reads a table and a constant.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_batch::{BatchPlan, ColumnKind, Groups, NULL};
use sheshim_dmn::{Env, ModelSet};
use sheshim_feel::{Context, Number, Value};
use std::sync::Arc;

const MODEL: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="https://example.org/batch" name="batch" id="_batch">
 <inputData name="Age" id="_age"><variable name="Age" typeRef="number"/></inputData>
 <inputData name="Income" id="_income"><variable name="Income" typeRef="number"/></inputData>
 <inputData name="Resident" id="_resident"><variable name="Resident" typeRef="boolean"/></inputData>
 <inputData name="Region" id="_region"><variable name="Region" typeRef="string"/></inputData>
 <inputData name="Rate" id="_rate"><variable name="Rate" typeRef="number"/></inputData>
 <decision name="First table" id="_first">
  <variable name="First table"/>
  <informationRequirement><requiredInput href="#_age"/></informationRequirement>
  <informationRequirement><requiredInput href="#_income"/></informationRequirement>
  <informationRequirement><requiredInput href="#_resident"/></informationRequirement>
  <informationRequirement><requiredInput href="#_region"/></informationRequirement>
  <decisionTable id="_t1" hitPolicy="FIRST">
   <input label="Age"><inputExpression typeRef="number"><text>Age</text></inputExpression>
     <inputValues><text>[0..120]</text></inputValues></input>
   <input label="Income"><inputExpression typeRef="number"><text>Income</text></inputExpression></input>
   <input label="Resident"><inputExpression typeRef="boolean"><text>Resident</text></inputExpression></input>
   <input label="Region"><inputExpression typeRef="string"><text>Region</text></inputExpression></input>
   <output name="points" typeRef="number"/>
   <output name="label" typeRef="string"/>
   <rule><inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry><inputEntry><text>false</text></inputEntry><inputEntry><text>-</text></inputEntry>
     <outputEntry><text>0</text></outputEntry><outputEntry><text>"non-resident"</text></outputEntry></rule>
   <rule><inputEntry><text>&lt; 18</text></inputEntry><inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry><inputEntry><text>"Astana","Almaty"</text></inputEntry>
     <outputEntry><text>1</text></outputEntry><outputEntry><text>"child in a city"</text></outputEntry></rule>
   <rule><inputEntry><text>[18..25]</text></inputEntry><inputEntry><text>&lt; 900.5</text></inputEntry><inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry>
     <outputEntry><text>2.5</text></outputEntry><outputEntry><text>"young, low income"</text></outputEntry></rule>
   <rule><inputEntry><text>(25..67)</text></inputEntry><inputEntry><text>not([1000..2000])</text></inputEntry><inputEntry><text>true</text></inputEntry><inputEntry><text>not("Astana")</text></inputEntry>
     <outputEntry><text>3</text></outputEntry><outputEntry><text>"adult"</text></outputEntry></rule>
   <rule><inputEntry><text>&gt;= 67</text></inputEntry><inputEntry><text>1, 5, &gt; 3000000</text></inputEntry><inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry>
     <outputEntry><text>4</text></outputEntry><outputEntry><text>"pensioner"</text></outputEntry></rule>
   <rule><inputEntry><text>!= 30</text></inputEntry><inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry><inputEntry><text>-</text></inputEntry>
     <outputEntry><text>5</text></outputEntry><outputEntry><text>"other"</text></outputEntry></rule>
  </decisionTable>
 </decision>
 <decision name="Unique table" id="_unique">
  <variable name="Unique table" typeRef="number"/>
  <informationRequirement><requiredInput href="#_age"/></informationRequirement>
  <informationRequirement><requiredInput href="#_income"/></informationRequirement>
  <decisionTable id="_t2" hitPolicy="UNIQUE">
   <input label="Age"><inputExpression typeRef="number"><text>Age</text></inputExpression></input>
   <input label="Income"><inputExpression typeRef="number"><text>Income</text></inputExpression></input>
   <output name="rate" typeRef="number"/>
   <rule><inputEntry><text>&lt;= 40</text></inputEntry><inputEntry><text>&lt; 1500</text></inputEntry><outputEntry><text>38</text></outputEntry></rule>
   <rule><inputEntry><text>&gt;= 30</text></inputEntry><inputEntry><text>&lt; 1000</text></inputEntry><outputEntry><text>63</text></outputEntry></rule>
   <rule><inputEntry><text>&gt; 40</text></inputEntry><inputEntry><text>&gt;= 1000</text></inputEntry><outputEntry><text>10</text></outputEntry></rule>
  </decisionTable>
 </decision>
 <decision name="Payment" id="_payment">
  <variable name="Payment"/>
  <informationRequirement><requiredDecision href="#_unique"/></informationRequirement>
  <informationRequirement><requiredInput href="#_rate"/></informationRequirement>
  <context>
   <contextEntry><variable name="eligible" typeRef="boolean"/><literalExpression><text>Unique table &gt; 0</text></literalExpression></contextEntry>
   <contextEntry><variable name="amount" typeRef="number"/><literalExpression><text>Unique table * Rate</text></literalExpression></contextEntry>
  </context>
 </decision>
</definitions>"##;

const REGIONS: [&str; 4] = ["Astana", "Almaty", "Shymkent", "Abai"];

/// SplitMix64.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Mostly one of `near`, ± 1; sometimes anything in a wide range; sometimes null.
    fn integer(&mut self, near: &[i64]) -> i64 {
        match self.next() % 20 {
            0 => NULL,
            1 | 2 => (self.next() % 8_000_000) as i64 - 1_000_000,
            _ => near[(self.next() % near.len() as u64) as usize] + (self.next() % 3) as i64 - 1,
        }
    }

    fn code(&mut self, codes: u64) -> i64 {
        if self.next().is_multiple_of(20) {
            NULL
        } else {
            (self.next() % codes) as i64
        }
    }
}

struct Population {
    age: Vec<i64>,
    income: Vec<i64>,
    resident: Vec<i64>,
    region: Vec<i64>,
}

fn population(n: usize, seed: u64) -> Population {
    let mut random = Random(seed);
    let mut p = Population {
        age: Vec::new(),
        income: Vec::new(),
        resident: Vec::new(),
        region: Vec::new(),
    };
    for _ in 0..n {
        p.age
            .push(random.integer(&[-1, 0, 17, 18, 25, 26, 30, 40, 41, 66, 67, 120, 121]));
        p.income
            .push(random.integer(&[1, 5, 900, 901, 999, 1000, 1499, 1500, 2000, 3_000_000]));
        p.resident.push(random.code(2));
        p.region.push(random.code(REGIONS.len() as u64));
    }
    p
}

fn is_true(value: Option<&Value>) -> bool {
    matches!(value, Some(Value::Boolean(true)))
}

fn kinds() -> Vec<(&'static str, ColumnKind)> {
    vec![
        ("Age", ColumnKind::Integer),
        ("Income", ColumnKind::Integer),
        ("Resident", ColumnKind::Boolean),
        (
            "Region",
            ColumnKind::Text(REGIONS.iter().map(|r| r.to_string()).collect()),
        ),
    ]
}

fn constants() -> Context {
    let mut constants = Context::new();
    constants.insert(Arc::from("Rate"), Value::Number(Number::from_i64(3692)));
    constants
}

/// Every person's batch outcome equals the row evaluator's, and counts add up.
fn check(decision: &str, n: usize, seed: u64) {
    let models = ModelSet::load(&[("batch.dmn", MODEL)]).unwrap();
    let p = population(n, seed);
    let plan = BatchPlan::compile(&models, None, decision, &kinds(), &constants()).unwrap();
    let cells: Vec<&[i64]> = vec![&p.age, &p.income, &p.resident, &p.region];
    let run = plan
        .run(
            &cells,
            Some(Groups {
                codes: &p.region,
                count: REGIONS.len() + 1,
            }),
            &|_| {},
        )
        .unwrap();
    let kinds = kinds();
    for row in 0..n {
        let mut inputs = constants();
        for ((name, kind), column) in kinds.iter().zip(&cells) {
            inputs.insert(Arc::from(*name), kind.value(column[row]).unwrap());
        }
        let expected = models
            .evaluate_decision(None, decision, &inputs, &Env::default())
            .unwrap();
        let got = run.outcome(run.keys[row]).unwrap();
        // The same value, not merely an equal one: same digits, same context entries.
        assert!(
            format!("{got:?}") == format!("{expected:?}"),
            "{decision}, row {row}: batch {got:?}, rows {expected:?} (key {})",
            plan.key_name(run.keys[row])
        );
        // The trace on demand is the row evaluator's own.
        if row % 997 == 0 {
            let (value, trace) = plan.evaluate_row(&cells, row).unwrap();
            assert_eq!(format!("{value:?}"), format!("{expected:?}"));
            assert!(!trace.decisions.is_empty());
        }
    }
    let total: u64 = run.counts.iter().sum();
    assert_eq!(total, n as u64);
    // Nulls in the region column are counted in the extra last group.
    let in_groups: u64 = (0..REGIONS.len())
        .map(|g| {
            (0..plan.key_count() as u8)
                .map(|k| run.count(g, k))
                .sum::<u64>()
        })
        .sum();
    assert_eq!(
        in_groups,
        p.region.iter().filter(|&&r| r != NULL).count() as u64
    );
}

#[test]
fn first_hit_table_equals_row_evaluation() {
    check("First table", 50_000, 1);
}

#[test]
fn unique_table_equals_row_evaluation() {
    check("Unique table", 50_000, 2);
}

#[test]
fn decision_over_a_table_and_a_constant_equals_row_evaluation() {
    check("Payment", 50_000, 3);
    let models = ModelSet::load(&[("batch.dmn", MODEL)]).unwrap();
    let p = population(20_000, 4);
    let plan = BatchPlan::compile(&models, None, "Payment", &kinds(), &constants()).unwrap();
    let cells: Vec<&[i64]> = vec![&p.age, &p.income, &p.resident, &p.region];
    let run = plan.run(&cells, None, &|_| {}).unwrap();
    // Totals computed from counts equal the sum over persons.
    let mut eligible = 0u64;
    let mut amount = Number::zero();
    for &key in &run.keys {
        let outcome = run.outcome(key).unwrap();
        if is_true(sheshim_batch::field_of(outcome, "eligible")) {
            eligible += 1;
        }
        if let Some(Value::Number(a)) = sheshim_batch::field_of(outcome, "amount") {
            amount = amount.add(*a).unwrap();
        }
    }
    assert_eq!(
        run.count_where(None, |o| is_true(sheshim_batch::field_of(o, "eligible"))),
        eligible
    );
    assert_eq!(run.sum_field(None, "amount").unwrap(), amount);
    assert!(eligible > 0);
}

#[test]
fn decisions_and_columns_that_do_not_fit_are_named() {
    let models = ModelSet::load(&[("batch.dmn", MODEL)]).unwrap();
    // Payment reads Rate: without it as a constant the decision is not a function of the table.
    let error = BatchPlan::compile(&models, None, "Payment", &kinds(), &Context::new())
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("Rate"), "{error}");
    let mut wrong = kinds();
    wrong[2].1 = ColumnKind::Integer;
    let error = BatchPlan::compile(&models, None, "First table", &wrong, &constants())
        .err()
        .unwrap()
        .to_string();
    assert!(
        error.contains("Resident") && error.contains("boolean"),
        "{error}"
    );
    let error = BatchPlan::compile(&models, None, "First table", &kinds()[..2], &constants())
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("Resident"), "{error}");
    let plan = BatchPlan::compile(&models, None, "First table", &kinds(), &constants()).unwrap();
    let short = [0i64; 3];
    let long = [0i64; 4];
    let error = plan
        .run(&[&long, &long, &long, &short], None, &|_| {})
        .err()
        .unwrap();
    assert!(error.to_string().contains("Region"), "{error}");
}
