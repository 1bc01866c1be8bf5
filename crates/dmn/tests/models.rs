//! Small hand-written DMN models: each boxed expression, each hit policy, types, imports,
//! decision services, and errors that name the file, element and line.

use sheshim_dmn::{DmnError, ModelSet};
use sheshim_feel::{Context, Env, Number, Value};
use std::sync::Arc;

const NS: &str = "https://www.omg.org/spec/DMN/20230324/MODEL/";

/// A model with these elements inside `<definitions>`.
fn dmn(name: &str, namespace: &str, body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="{NS}" name="{name}" namespace="{namespace}" id="defs_{name}">
{body}
</definitions>"#
    )
}

fn load(body: &str) -> ModelSet {
    let xml = dmn("test", "urn:test", body);
    match ModelSet::load(&[("test.dmn", &xml)]) {
        Ok(set) => set,
        Err(e) => panic!("model does not load: {e}"),
    }
}

fn num(n: i64) -> Value {
    Value::Number(Number::from_i64(n))
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn ctx(entries: &[(&str, Value)]) -> Context {
    let mut c = Context::new();
    for (k, v) in entries {
        c.insert(Arc::from(*k), v.clone());
    }
    c
}

fn eval(set: &ModelSet, decision: &str, inputs: &[(&str, Value)]) -> Value {
    match set.evaluate_decision(None, decision, &ctx(inputs), &Env::default()) {
        Ok(v) => v,
        Err(e) => panic!("{decision}: {e}"),
    }
}

/// FEEL equality of two values (lists and contexts compared deeply by the values crate).
fn assert_feel_eq(actual: &Value, expected: &Value) {
    assert!(
        matches!(actual.feel_eq(expected), Value::Boolean(true))
            || (actual.is_null() && expected.is_null()),
        "expected {expected}, got {actual}"
    );
}

fn input(name: &str, type_ref: &str) -> String {
    format!(
        r#"<inputData id="i_{id}" name="{name}"><variable name="{name}" typeRef="{type_ref}"/></inputData>"#,
        id = name.replace(' ', "_")
    )
}

fn req(name: &str) -> String {
    format!(
        r##"<informationRequirement><requiredInput href="#i_{}"/></informationRequirement>"##,
        name.replace(' ', "_")
    )
}

/// A decision table over one number input `Score` with the given hit policy and rules
/// (`(input entry, output entry)`).
fn score_table(
    hit_policy: &str,
    extra: &str,
    output_values: &str,
    rules: &[(&str, &str)],
) -> ModelSet {
    let rules: String = rules
        .iter()
        .enumerate()
        .map(|(i, (inp, out))| format!(r#"<rule id="r{i}"><inputEntry><text>{inp}</text></inputEntry><outputEntry><text>{out}</text></outputEntry></rule>"#))
        .collect();
    let ov = if output_values.is_empty() {
        String::new()
    } else {
        format!("<outputValues><text>{output_values}</text></outputValues>")
    };
    load(&format!(
        r#"{}
<decision id="d" name="Result"><variable name="Result"/>{}
  <decisionTable id="dt" hitPolicy="{hit_policy}" {extra}>
    <input id="in1"><inputExpression typeRef="number"><text>Score</text></inputExpression></input>
    <output id="out1">{ov}</output>
    {rules}
  </decisionTable>
</decision>"#,
        input("Score", "number"),
        req("Score")
    ))
}

#[test]
fn literal_expression_with_names_containing_spaces() {
    let set = load(&format!(
        r#"{}{}
<decision id="d1" name="Total Income"><variable name="Total Income" typeRef="number"/>{}{}
  <literalExpression><text>Monthly Salary * 12 + Yearly Bonus</text></literalExpression></decision>"#,
        input("Monthly Salary", "number"),
        input("Yearly Bonus", "number"),
        req("Monthly Salary"),
        req("Yearly Bonus")
    ));
    assert_feel_eq(
        &eval(
            &set,
            "Total Income",
            &[("Monthly Salary", num(100)), ("Yearly Bonus", num(50))],
        ),
        &num(1250),
    );
    let info = set.models();
    assert_eq!(info.len(), 1);
    assert_eq!(info[0].decisions, vec!["Total Income"]);
    assert_eq!(info[0].input_data, vec!["Monthly Salary", "Yearly Bonus"]);
}

#[test]
fn required_decisions_chain_and_can_be_given_as_inputs() {
    let set = load(&format!(
        r##"{}
<decision id="d1" name="Double"><variable name="Double"/>{}<literalExpression><text>X * 2</text></literalExpression></decision>
<decision id="d2" name="Quadruple"><variable name="Quadruple"/>
  <informationRequirement><requiredDecision href="#d1"/></informationRequirement>
  <literalExpression><text>Double * 2</text></literalExpression></decision>"##,
        input("X", "number"),
        req("X")
    ));
    assert_feel_eq(&eval(&set, "Quadruple", &[("X", num(3))]), &num(12));
    // A value for the required decision is used instead of evaluating it.
    assert_feel_eq(
        &eval(&set, "Quadruple", &[("X", num(3)), ("Double", num(10))]),
        &num(20),
    );
}

#[test]
fn unique_hit_policy() {
    let set = score_table(
        "UNIQUE",
        "",
        "",
        &[
            ("&lt; 50", r#""low""#),
            ("[50..80)", r#""mid""#),
            ("&gt;= 80", r#""high""#),
        ],
    );
    assert_feel_eq(&eval(&set, "Result", &[("Score", num(10))]), &s("low"));
    assert_feel_eq(&eval(&set, "Result", &[("Score", num(50))]), &s("mid"));
    assert_feel_eq(&eval(&set, "Result", &[("Score", num(99))]), &s("high"));
    // Overlapping rules under UNIQUE are an error: null.
    let set = score_table(
        "UNIQUE",
        "",
        "",
        &[("&lt; 50", r#""a""#), ("&lt; 60", r#""b""#)],
    );
    assert!(eval(&set, "Result", &[("Score", num(10))]).is_null());
    // No match and no default: null.
    assert!(eval(&set, "Result", &[("Score", num(70))]).is_null());
}

#[test]
fn any_first_priority_hit_policies() {
    let set = score_table(
        "ANY",
        "",
        "",
        &[
            ("&lt; 50", r#""x""#),
            ("&lt; 60", r#""x""#),
            ("&lt; 5", r#""y""#),
        ],
    );
    assert_feel_eq(&eval(&set, "Result", &[("Score", num(10))]), &s("x"));
    assert!(eval(&set, "Result", &[("Score", num(1))]).is_null());

    let set = score_table(
        "FIRST",
        "",
        "",
        &[("&lt; 50", r#""first""#), ("-", r#""second""#)],
    );
    assert_feel_eq(&eval(&set, "Result", &[("Score", num(10))]), &s("first"));
    assert_feel_eq(&eval(&set, "Result", &[("Score", num(90))]), &s("second"));

    let set = score_table(
        "PRIORITY",
        "",
        r#""high","medium","low""#,
        &[
            ("-", r#""low""#),
            ("&gt; 50", r#""high""#),
            ("&gt; 20", r#""medium""#),
        ],
    );
    assert_feel_eq(&eval(&set, "Result", &[("Score", num(60))]), &s("high"));
    assert_feel_eq(&eval(&set, "Result", &[("Score", num(30))]), &s("medium"));
    assert_feel_eq(&eval(&set, "Result", &[("Score", num(1))]), &s("low"));
}

#[test]
fn multiple_hit_policies_and_aggregations() {
    let rules = [("&gt; 1", "10"), ("&gt; 2", "30"), ("&gt; 3", "20")];
    let list = |ns: &[i64]| Value::list(ns.iter().map(|n| num(*n)).collect());
    assert_feel_eq(
        &eval(
            &score_table("RULE ORDER", "", "", &rules),
            "Result",
            &[("Score", num(5))],
        ),
        &list(&[10, 30, 20]),
    );
    assert_feel_eq(
        &eval(
            &score_table("OUTPUT ORDER", "", "30,20,10", &rules),
            "Result",
            &[("Score", num(5))],
        ),
        &list(&[30, 20, 10]),
    );
    assert_feel_eq(
        &eval(
            &score_table("COLLECT", "", "", &rules),
            "Result",
            &[("Score", num(5))],
        ),
        &list(&[10, 30, 20]),
    );
    assert_feel_eq(
        &eval(
            &score_table("COLLECT", r#"aggregation="SUM""#, "", &rules),
            "Result",
            &[("Score", num(5))],
        ),
        &num(60),
    );
    assert_feel_eq(
        &eval(
            &score_table("COLLECT", r#"aggregation="MIN""#, "", &rules),
            "Result",
            &[("Score", num(5))],
        ),
        &num(10),
    );
    assert_feel_eq(
        &eval(
            &score_table("COLLECT", r#"aggregation="MAX""#, "", &rules),
            "Result",
            &[("Score", num(5))],
        ),
        &num(30),
    );
    assert_feel_eq(
        &eval(
            &score_table("COLLECT", r#"aggregation="COUNT""#, "", &rules),
            "Result",
            &[("Score", num(3))],
        ),
        &num(2),
    );
    assert_feel_eq(
        &eval(
            &score_table("COLLECT", r#"aggregation="COUNT""#, "", &rules),
            "Result",
            &[("Score", num(0))],
        ),
        &num(0),
    );
}

#[test]
fn multi_output_table_with_defaults_annotations_and_input_values() {
    let set = load(&format!(
        r#"{}
<decision id="d" name="Offer"><variable name="Offer"/>{}
  <decisionTable id="dt" hitPolicy="UNIQUE">
    <input id="in1"><inputExpression typeRef="string"><text>Risk</text></inputExpression>
      <inputValues><text>"low","high"</text></inputValues></input>
    <output id="o1" name="Status" typeRef="string"><defaultOutputEntry><text>"declined"</text></defaultOutputEntry></output>
    <output id="o2" name="Rate" typeRef="number"><defaultOutputEntry><text>0</text></defaultOutputEntry></output>
    <annotation name="legal basis"/>
    <rule id="r1"><inputEntry><text>"low"</text></inputEntry>
      <outputEntry><text>"approved"</text></outputEntry><outputEntry><text>5</text></outputEntry>
      <annotationEntry><text>Art. 1</text></annotationEntry></rule>
  </decisionTable>
</decision>"#,
        input("Risk", "string"),
        req("Risk")
    ));
    let v = eval(&set, "Offer", &[("Risk", s("low"))]);
    let Value::Context(c) = &v else {
        panic!("expected a context, got {v}")
    };
    assert_feel_eq(c.get("Status").unwrap_or(&Value::Null), &s("approved"));
    assert_feel_eq(c.get("Rate").unwrap_or(&Value::Null), &num(5));
    let v = eval(&set, "Offer", &[("Risk", s("high"))]);
    let Value::Context(c) = &v else {
        panic!("expected a context, got {v}")
    };
    assert_feel_eq(c.get("Status").unwrap_or(&Value::Null), &s("declined"));
    // An input outside the input values: null.
    assert!(eval(&set, "Offer", &[("Risk", s("medium"))]).is_null());
}

#[test]
fn boxed_context_list_relation_conditional_filter_iterators() {
    let lit = |t: &str| format!("<literalExpression><text>{t}</text></literalExpression>");
    let set = load(&format!(
        r#"{}
<decision id="d1" name="Ctx"><variable name="Ctx"/>{}
  <context>
    <contextEntry><variable name="Base Rate"/>{}</contextEntry>
    <contextEntry><variable name="Doubled"/>{}</contextEntry>
    <contextEntry>{}</contextEntry>
  </context></decision>
<decision id="d2" name="Lst"><variable name="Lst"/>{}<list>{}{}</list></decision>
<decision id="d3" name="Rel"><variable name="Rel"/>
  <relation><column name="a"/><column name="b"/>
    <row>{}{}</row><row>{}{}</row></relation></decision>
<decision id="d4" name="Cond"><variable name="Cond"/>{}
  <conditional><if>{}</if><then>{}</then><else>{}</else></conditional></decision>
<decision id="d5" name="Filt"><variable name="Filt"/>
  <filter><in>{}</in><match>{}</match></filter></decision>
<decision id="d6" name="Loop"><variable name="Loop"/>
  <for iteratorVariable="n"><in>{}</in><return>{}</return></for></decision>
<decision id="d7" name="Some"><variable name="Some"/>
  <some iteratorVariable="n"><in>{}</in><satisfies>{}</satisfies></some></decision>
<decision id="d8" name="Every"><variable name="Every"/>
  <every iteratorVariable="n"><in>{}</in><satisfies>{}</satisfies></every></decision>"#,
        input("X", "number"),
        req("X"),
        lit("X + 1"),
        lit("Base Rate * 2"),
        lit("Doubled + 1"),
        req("X"),
        lit("1"),
        lit("X"),
        lit("1"),
        lit(r#""one""#),
        lit("2"),
        lit(r#""two""#),
        req("X"),
        lit("X &gt; 10"),
        lit(r#""big""#),
        lit(r#""small""#),
        lit("[1, 5, 10]"),
        lit("item &gt; 2"),
        lit("[1, 2, 3]"),
        lit("n * n"),
        lit("[1, 2, 3]"),
        lit("n &gt; 2"),
        lit("[1, 2, 3]"),
        lit("n &gt; 2"),
    ));
    assert_feel_eq(&eval(&set, "Ctx", &[("X", num(1))]), &num(5));
    assert_feel_eq(
        &eval(&set, "Lst", &[("X", num(7))]),
        &Value::list(vec![num(1), num(7)]),
    );
    let rel = eval(&set, "Rel", &[]);
    let Value::List(rows) = &rel else {
        panic!("expected a list, got {rel}")
    };
    assert_eq!(rows.len(), 2);
    let Value::Context(r2) = &rows[1] else {
        panic!("expected a context")
    };
    assert_feel_eq(r2.get("b").unwrap_or(&Value::Null), &s("two"));
    assert_feel_eq(&eval(&set, "Cond", &[("X", num(11))]), &s("big"));
    assert_feel_eq(&eval(&set, "Cond", &[("X", num(1))]), &s("small"));
    assert_feel_eq(
        &eval(&set, "Filt", &[]),
        &Value::list(vec![num(5), num(10)]),
    );
    assert_feel_eq(
        &eval(&set, "Loop", &[]),
        &Value::list(vec![num(1), num(4), num(9)]),
    );
    assert_feel_eq(&eval(&set, "Some", &[]), &Value::Boolean(true));
    assert_feel_eq(&eval(&set, "Every", &[]), &Value::Boolean(false));
}

#[test]
fn bkm_invocation_function_definition_and_java_is_null() {
    let set = load(&format!(
        r##"{}
<businessKnowledgeModel id="b1" name="Add Tax"><variable name="Add Tax"/>
  <encapsulatedLogic><formalParameter name="amount" typeRef="number"/><formalParameter name="rate" typeRef="number"/>
    <literalExpression><text>amount * (1 + rate)</text></literalExpression></encapsulatedLogic>
</businessKnowledgeModel>
<decision id="d1" name="Gross"><variable name="Gross"/>{}
  <knowledgeRequirement><requiredKnowledge href="#b1"/></knowledgeRequirement>
  <invocation><literalExpression><text>Add Tax</text></literalExpression>
    <binding><parameter name="amount"/><literalExpression><text>Net</text></literalExpression></binding>
    <binding><parameter name="rate"/><literalExpression><text>0.5</text></literalExpression></binding>
  </invocation></decision>
<decision id="d2" name="Literal Call"><variable name="Literal Call"/>{}
  <knowledgeRequirement><requiredKnowledge href="#b1"/></knowledgeRequirement>
  <literalExpression><text>Add Tax(Net, 1)</text></literalExpression></decision>
<decision id="d3" name="Local Function"><variable name="Local Function"/>
  <context>
    <contextEntry><variable name="triple"/>
      <functionDefinition><formalParameter name="x"/><literalExpression><text>x * 3</text></literalExpression></functionDefinition></contextEntry>
    <contextEntry><literalExpression><text>triple(4)</text></literalExpression></contextEntry>
  </context></decision>
<decision id="d4" name="Java"><variable name="Java"/>
  <context>
    <contextEntry><variable name="f"/>
      <functionDefinition kind="Java"><formalParameter name="x"/>
        <context><contextEntry><variable name="class"/><literalExpression><text>"java.lang.Math"</text></literalExpression></contextEntry></context>
      </functionDefinition></contextEntry>
    <contextEntry><literalExpression><text>f(4)</text></literalExpression></contextEntry>
  </context></decision>"##,
        input("Net", "number"),
        req("Net"),
        req("Net")
    ));
    assert_feel_eq(&eval(&set, "Gross", &[("Net", num(10))]), &num(15));
    assert_feel_eq(&eval(&set, "Literal Call", &[("Net", num(10))]), &num(20));
    assert_feel_eq(&eval(&set, "Local Function", &[]), &num(12));
    assert!(eval(&set, "Java", &[]).is_null());
    let args = ctx(&[("amount", num(2)), ("rate", num(1))]);
    let v = set
        .evaluate_bkm(None, "Add Tax", &args, &Env::default())
        .unwrap_or(Value::Null);
    assert_feel_eq(&v, &num(4));
}

#[test]
fn decision_service_called_directly_and_as_a_function() {
    let set = load(&format!(
        r##"{}
<decision id="d_in" name="Greeting"><variable name="Greeting"/><literalExpression><text>"Hello"</text></literalExpression></decision>
<decision id="d_out" name="Message"><variable name="Message" typeRef="string"/>
  <informationRequirement><requiredDecision href="#d_in"/></informationRequirement>{}
  <literalExpression><text>Greeting + ", " + Who</text></literalExpression></decision>
<decisionService id="ds" name="Greeter"><variable name="Greeter"/>
  <outputDecision href="#d_out"/><inputDecision href="#d_in"/><inputData href="#i_Who"/></decisionService>
<decision id="d_call" name="Call"><variable name="Call"/>
  <knowledgeRequirement><requiredKnowledge href="#ds"/></knowledgeRequirement>
  <literalExpression><text>Greeter("world", "Hi")</text></literalExpression></decision>"##,
        input("Who", "string"),
        req("Who")
    ));
    let inputs = ctx(&[("Who", s("there")), ("Greeting", s("Hey"))]);
    let v = set
        .evaluate_decision_service(None, "Greeter", &inputs, &Env::default())
        .unwrap_or(Value::Null);
    assert_feel_eq(&v, &s("Hey, there"));
    // Parameters: input data first, then input decisions.
    assert_feel_eq(&eval(&set, "Call", &[]), &s("Hi, world"));
    assert_eq!(set.models()[0].decision_services, vec!["Greeter"]);
}

#[test]
fn types_coerce_and_allowed_values_null_out() {
    let set = load(&format!(
        r#"<itemDefinition name="tGrade"><typeRef>string</typeRef><allowedValues><text>"A","B"</text></allowedValues></itemDefinition>
<itemDefinition name="tPerson"><itemComponent name="name"><typeRef>string</typeRef></itemComponent>
  <itemComponent name="age"><typeRef>number</typeRef></itemComponent></itemDefinition>
<itemDefinition name="tNumbers" isCollection="true"><typeRef>number</typeRef></itemDefinition>
{}{}{}
<decision id="d1" name="Echo Grade"><variable name="Echo Grade" typeRef="string"/>{}<literalExpression><text>Grade</text></literalExpression></decision>
<decision id="d2" name="Age"><variable name="Age" typeRef="number"/>{}<literalExpression><text>Person.age</text></literalExpression></decision>
<decision id="d3" name="Wrong Type"><variable name="Wrong Type" typeRef="number"/><literalExpression><text>"text"</text></literalExpression></decision>
<decision id="d4" name="Unwrapped"><variable name="Unwrapped" typeRef="number"/><literalExpression><text>[7]</text></literalExpression></decision>
<decision id="d5" name="Total"><variable name="Total" typeRef="number"/>{}<literalExpression><text>sum(Numbers)</text></literalExpression></decision>"#,
        input("Grade", "tGrade"),
        input("Person", "tPerson"),
        input("Numbers", "tNumbers"),
        req("Grade"),
        req("Person"),
        req("Numbers"),
    ));
    assert_feel_eq(&eval(&set, "Echo Grade", &[("Grade", s("A"))]), &s("A"));
    assert!(eval(&set, "Echo Grade", &[("Grade", s("Z"))]).is_null());
    let person = Value::Context(Arc::new(ctx(&[("name", s("Ann")), ("age", num(30))])));
    assert_feel_eq(&eval(&set, "Age", &[("Person", person)]), &num(30));
    let bad = Value::Context(Arc::new(ctx(&[("name", s("Ann")), ("age", s("thirty"))])));
    assert!(eval(&set, "Age", &[("Person", bad)]).is_null());
    assert!(eval(&set, "Wrong Type", &[]).is_null());
    assert_feel_eq(&eval(&set, "Unwrapped", &[]), &num(7));
    // A single number given for a collection becomes a one-element list.
    assert_feel_eq(&eval(&set, "Total", &[("Numbers", num(4))]), &num(4));
}

#[test]
fn imports_between_two_models() {
    let lib = dmn(
        "Library",
        "urn:library",
        r##"<itemDefinition name="tPerson"><itemComponent name="name"><typeRef>string</typeRef></itemComponent></itemDefinition>
<businessKnowledgeModel id="greet" name="Greet"><variable name="Greet"/>
  <encapsulatedLogic><formalParameter name="p" typeRef="tPerson"/><literalExpression><text>"Hello " + p.name</text></literalExpression></encapsulatedLogic>
</businessKnowledgeModel>
<inputData id="lib_in" name="Suffix"><variable name="Suffix" typeRef="string"/></inputData>
<decision id="lib_d" name="Punctuation"><variable name="Punctuation"/>
  <informationRequirement><requiredInput href="#lib_in"/></informationRequirement>
  <literalExpression><text>Suffix</text></literalExpression></decision>"##,
    );
    let main = dmn(
        "Main",
        "urn:main",
        r##"<import namespace="urn:library" name="lib" importType="https://www.omg.org/spec/DMN/20230324/MODEL/"/>
<inputData id="who" name="Who"><variable name="Who" typeRef="lib.tPerson"/></inputData>
<decision id="d" name="Greeting"><variable name="Greeting" typeRef="string"/>
  <informationRequirement><requiredInput href="#who"/></informationRequirement>
  <informationRequirement><requiredDecision href="urn:library#lib_d"/></informationRequirement>
  <knowledgeRequirement><requiredKnowledge href="urn:library#greet"/></knowledgeRequirement>
  <literalExpression><text>lib.Greet(Who) + lib.Punctuation</text></literalExpression></decision>"##,
    );
    let set = match ModelSet::load(&[("main.dmn", &main), ("lib.dmn", &lib)]) {
        Ok(s) => s,
        Err(e) => panic!("{e}"),
    };
    let who = Value::Context(Arc::new(ctx(&[("name", s("Ann"))])));
    let mut by_ns = Context::new();
    by_ns.insert(
        Arc::from("urn:library"),
        Value::Context(Arc::new(ctx(&[("Suffix", s("!"))]))),
    );
    by_ns.insert(Arc::from("Who"), who.clone());
    let v = set
        .evaluate_decision(Some("Main"), "Greeting", &by_ns, &Env::default())
        .unwrap_or(Value::Null);
    assert_feel_eq(&v, &s("Hello Ann!"));
    // The imported input may also be given along the import prefix.
    let mut by_prefix = Context::new();
    by_prefix.insert(
        Arc::from("lib"),
        Value::Context(Arc::new(ctx(&[("Suffix", s("?"))]))),
    );
    by_prefix.insert(Arc::from("Who"), who);
    let v = set
        .evaluate_decision(Some("urn:main"), "Greeting", &by_prefix, &Env::default())
        .unwrap_or(Value::Null);
    assert_feel_eq(&v, &s("Hello Ann?"));
    assert_eq!(set.models().len(), 2);
}

#[test]
fn unknown_names_are_errors() {
    let set = load(
        r#"<decision id="d" name="A"><variable name="A"/><literalExpression><text>1</text></literalExpression></decision>"#,
    );
    let env = Env::default();
    assert!(
        matches!(set.evaluate_decision(None, "B", &Context::new(), &env), Err(DmnError::UnknownDecision(n)) if n == "B")
    );
    assert!(matches!(
        set.evaluate_decision(Some("nope"), "A", &Context::new(), &env),
        Err(DmnError::UnknownModel(_))
    ));
    assert!(
        set.evaluate_decision_service(None, "A", &Context::new(), &env)
            .is_err()
    );
    assert!(set.evaluate_bkm(None, "A", &Context::new(), &env).is_err());
}

#[test]
fn malformed_xml_names_file_and_line() {
    let text = "<definitions xmlns=\"x\" name=\"a\" namespace=\"n\">\n<decision name=\"x\">\n</definitions>";
    match ModelSet::load(&[("broken.dmn", text)]) {
        Err(DmnError::Xml { file, line, .. }) => {
            assert_eq!(file, "broken.dmn");
            assert_eq!(line, 3);
        }
        other => panic!("expected an XML error, got {other:?}"),
    }
}

#[test]
fn bad_feel_names_file_element_and_line() {
    let xml = dmn(
        "bad",
        "urn:bad",
        "<decision id=\"d\" name=\"D\"><variable name=\"D\"/>\n<literalExpression id=\"broken_expr\">\n<text>1 +* (</text></literalExpression></decision>",
    );
    match ModelSet::load(&[("bad.dmn", &xml)]) {
        Err(DmnError::Model {
            file,
            element_id,
            line,
            message,
        }) => {
            assert_eq!(file, "bad.dmn");
            assert_eq!(element_id.as_deref(), Some("broken_expr"));
            assert_eq!(line, Some(5));
            assert!(message.contains("1 +* ("), "{message}");
        }
        other => panic!("expected a model error, got {other:?}"),
    }
    // Lenient loading keeps the model; the broken expression gives null.
    let (set, problems) = match ModelSet::load_lenient(&[("bad.dmn", &xml)]) {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    };
    assert_eq!(problems.len(), 1);
    assert!(eval(&set, "D", &[]).is_null());
}

#[test]
fn dangling_reference_is_a_model_error() {
    let xml = dmn(
        "dangling",
        "urn:d",
        r##"<decision id="d" name="D"><variable name="D"/>
<informationRequirement><requiredInput href="#missing"/></informationRequirement>
<literalExpression><text>1</text></literalExpression></decision>"##,
    );
    match ModelSet::load(&[("d.dmn", &xml)]) {
        Err(DmnError::Model {
            file,
            element_id,
            line,
            ..
        }) => {
            assert_eq!(file, "d.dmn");
            assert_eq!(element_id.as_deref(), Some("d"));
            assert_eq!(line, Some(4));
        }
        other => panic!("expected a model error, got {other:?}"),
    }
}

#[test]
fn bkm_recursion_and_boxed_type_and_condition_rules() {
    let set = load(
        r##"<businessKnowledgeModel id="b" name="factorial"><variable name="factorial"/>
  <encapsulatedLogic><formalParameter name="n" typeRef="number"/>
    <literalExpression><text>if n &lt;= 1 then 1 else n * factorial(n - 1)</text></literalExpression></encapsulatedLogic>
</businessKnowledgeModel>
<decision id="d1" name="F5"><variable name="F5"/>
  <knowledgeRequirement><requiredKnowledge href="#b"/></knowledgeRequirement>
  <literalExpression><text>factorial(5)</text></literalExpression></decision>
<decision id="d2" name="Typed"><variable name="Typed"/><literalExpression typeRef="number"><text>[3]</text></literalExpression></decision>
<decision id="d3" name="Mistyped"><variable name="Mistyped"/><literalExpression typeRef="number"><text>"3"</text></literalExpression></decision>
<decision id="d4" name="Not Boolean"><variable name="Not Boolean"/>
  <conditional><if><literalExpression><text>"yes"</text></literalExpression></if>
    <then><literalExpression><text>1</text></literalExpression></then>
    <else><literalExpression><text>2</text></literalExpression></else></conditional></decision>"##,
    );
    assert_feel_eq(&eval(&set, "F5", &[]), &num(120));
    assert_feel_eq(&eval(&set, "Typed", &[]), &num(3));
    assert!(eval(&set, "Mistyped", &[]).is_null());
    assert!(eval(&set, "Not Boolean", &[]).is_null());
}
