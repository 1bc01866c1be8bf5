//! A service whose decision the batch evaluator cannot compile (a COLLECT SUM table, and a
//! context that reads a person's input directly) is decided person by person, with the
//! same outcome as deciding each person alone; one with too many distinct outcomes to
//! report by outcome is refused with a clear error.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use sheshim_batch::Strategy;
use sheshim_dmn::Env;
use sheshim_feel::Context;
use sheshim_population::Column;
use sheshim_proactive::{Attribute, Population, ProactiveSpec, Registry, evaluate};
use sheshim_services::Service;
use std::path::Path;
use std::sync::Arc;

const MODEL: &str = r##"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20230324/MODEL/" namespace="urn:sheshim:test:rows" name="rows" id="_rows">
 <inputData name="Children under 18" id="_children"><variable name="Children under 18" typeRef="number"/></inputData>
 <inputData name="Permanent resident" id="_resident"><variable name="Permanent resident" typeRef="boolean"/></inputData>
 <inputData name="Age" id="_age"><variable name="Age" typeRef="number"/></inputData>
 <decision name="Points" id="_points">
  <variable name="Points" typeRef="number"/>
  <informationRequirement><requiredInput href="#_children"/></informationRequirement>
  <informationRequirement><requiredInput href="#_resident"/></informationRequirement>
  <decisionTable hitPolicy="COLLECT" aggregation="SUM">
   <input label="Permanent resident"><inputExpression typeRef="boolean"><text>Permanent resident</text></inputExpression></input>
   <input label="Children under 18"><inputExpression typeRef="number"><text>Children under 18</text></inputExpression></input>
   <output name="points" typeRef="number"/>
   <rule><inputEntry><text>true</text></inputEntry><inputEntry><text>-</text></inputEntry><outputEntry><text>1</text></outputEntry></rule>
   <rule><inputEntry><text>-</text></inputEntry><inputEntry><text>&gt;= 1</text></inputEntry><outputEntry><text>2</text></outputEntry></rule>
   <rule><inputEntry><text>-</text></inputEntry><inputEntry><text>&gt;= 3</text></inputEntry><outputEntry><text>4</text></outputEntry></rule>
  </decisionTable>
 </decision>
 <decision name="Support" id="_support">
  <variable name="Support"/>
  <informationRequirement><requiredDecision href="#_points"/></informationRequirement>
  <informationRequirement><requiredInput href="#_children"/></informationRequirement>
  <context>
   <contextEntry><variable name="eligible" typeRef="boolean"/><literalExpression><text>Points &gt;= 3</text></literalExpression></contextEntry>
   <contextEntry><variable name="amount" typeRef="number"/><literalExpression><text>Points * 1000 + Children under 18 * 10</text></literalExpression></contextEntry>
  </context>
 </decision>
 <decision name="By age" id="_by_age">
  <variable name="By age"/>
  <informationRequirement><requiredInput href="#_age"/></informationRequirement>
  <informationRequirement><requiredInput href="#_children"/></informationRequirement>
  <context>
   <contextEntry><variable name="eligible" typeRef="boolean"/><literalExpression><text>true</text></literalExpression></contextEntry>
   <contextEntry><variable name="amount" typeRef="number"/><literalExpression><text>Age * 100 + Children under 18</text></literalExpression></contextEntry>
  </context>
 </decision>
</definitions>"##;

/// What the test services are (`decision` is appended).
const DEFINITION: &str = r#"
kind = "application"
agency = "TEST"
name = { kk = "Сынақ", ru = "Тест", en = "Test" }
input = [
  { name = "Children under 18", type = "number", registry = "children_under_18" },
  { name = "Permanent resident", type = "boolean", registry = "permanent_resident" },
  { name = "Age", type = "number", registry = "age" },
]
outcome = { eligible = "eligible", amount = "amount" }
automation = { granted = "draft", denied = "draft", min_confidence = 0.5 }
appeal_route = { to = { kk = "сотқа", ru = "в суд", en = "the court" }, term_months = 1 }
"#;

/// The messages every application service has, the same in each language for the test.
const ANSWERS: &str = "granted = g\ndenied = d\nacknowledgement = a\nai-label = ai\nappeal-route = r\nhuman-review = h\n";

/// A service folder deciding `decision`, reading the registry as `inputs` says; its one
/// test case (no children, resident, aged 30) expects `expected`.
fn service(
    dir: &Path,
    code: &str,
    decision: &str,
    inputs: &str,
    expected: &str,
) -> (Service, ProactiveSpec) {
    let folder = dir.join(code);
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(folder.join("model.dmn"), MODEL).unwrap();
    let case =
        "inputs = { \"Children under 18\" = 0, \"Permanent resident\" = true, \"Age\" = 30 }";
    std::fs::write(
        folder.join("cases.toml"),
        format!("decision = \"{decision}\"\n\n[[case]]\nname = \"none\"\nas_of = 2026-01-01\n{case}\nexpected = {expected}\n"),
    )
    .unwrap();
    std::fs::write(
        folder.join("service.toml"),
        format!("{DEFINITION}decision = \"{decision}\"\n"),
    )
    .unwrap();
    std::fs::create_dir_all(folder.join("answers")).unwrap();
    for language in ["kk", "ru", "en"] {
        std::fs::write(folder.join(format!("answers/{language}.ftl")), ANSWERS).unwrap();
    }
    std::fs::write(
        folder.join("proactive.toml"),
        format!("{inputs}\n[outcome]\neligible = \"eligible\"\namount = \"amount\"\n"),
    )
    .unwrap();
    let service = Service::load(&folder).unwrap();
    // The case holds, so the folder is a working service.
    assert!(service.run_cases(&Env::default()).iter().all(|c| c.passed));
    (service, ProactiveSpec::load(&folder).unwrap())
}

fn registry(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("registry.parquet");
    let options = sheshim_population::GenerateOptions::new(
        20_000,
        9,
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(),
    );
    sheshim_population::write_parquet(&path, &options, |_| {}).unwrap();
    path
}

#[test]
fn a_decision_batch_cannot_compile_is_decided_person_by_person() {
    let dir = tempfile::tempdir().unwrap();
    let path = registry(dir.path());
    let inputs = "[inputs]\n\"Children under 18\" = \"children_under_18\"\n\"Permanent resident\" = \"permanent_resident\"\n";
    let (service, spec) = service(
        dir.path(),
        "rows-support",
        "Support",
        inputs,
        "{ eligible = false, amount = 1000 }",
    );
    let as_of = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
    let registry = Registry::load(&path, as_of, &spec.attributes()).unwrap();
    let population = Population::gather(&registry, &spec).unwrap();
    let evaluated = evaluate(&service, &spec, &population, as_of, &|_| {}).unwrap();
    assert!(
        matches!(evaluated.strategy, Strategy::RowByRow { .. }),
        "COLLECT SUM is not batch-compilable"
    );
    let children = population.column(Attribute::ChildrenUnder18).unwrap();
    let resident = population
        .column(Attribute::Stored(Column::PermanentResident))
        .unwrap();
    let mut eligible = 0;
    for i in 0..population.len() {
        let mut inputs = Context::new();
        inputs.insert(
            Arc::from("Children under 18"),
            sheshim_batch::ColumnKind::Integer
                .value(children[i])
                .unwrap(),
        );
        inputs.insert(
            Arc::from("Permanent resident"),
            sheshim_batch::ColumnKind::Boolean
                .value(resident[i])
                .unwrap(),
        );
        let expected = service
            .decide(&inputs, as_of, &Env::default())
            .unwrap()
            .value;
        let outcome = evaluated.outcome(evaluated.run.keys[i]).unwrap();
        assert_eq!(
            format!("{:?}", outcome.value),
            format!("{expected:?}"),
            "candidate {i}"
        );
        eligible += usize::from(outcome.verdict == sheshim_proactive::Verdict::Eligible);
    }
    assert!(eligible > 0);
    assert_eq!(
        evaluated.run.counts.iter().sum::<u64>(),
        population.len() as u64
    );
    let (_, trace) = evaluated.trace(&population, 0).unwrap();
    assert!(!trace.decisions.is_empty());
}

#[test]
fn too_many_distinct_outcomes_are_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = registry(dir.path());
    let inputs = "[inputs]\n\"Children under 18\" = \"children_under_18\"\n\"Age\" = \"age\"\n";
    let (service, spec) = service(
        dir.path(),
        "rows-by-age",
        "By age",
        inputs,
        "{ eligible = true, amount = 3000 }",
    );
    let as_of = NaiveDate::from_ymd_opt(2026, 2, 1).unwrap();
    let registry = Registry::load(&path, as_of, &spec.attributes()).unwrap();
    let population = Population::gather(&registry, &spec).unwrap();
    let error = evaluate(&service, &spec, &population, as_of, &|_| {})
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("distinct outcomes"), "{error}");
}
