//! Hostile models end with a clear, typed error naming the decision or element — within
//! the budget, on a 2 MiB thread stack (tokio's worker threads and test threads have that),
//! in bounded memory — never a stack overflow, an abort, a hang or an out-of-memory. Each
//! of these crashed, hung or exhausted memory before budgets and limits existed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_dmn::{DmnError, LoadOptions, ModelSet};
use sheshim_feel::{Context, Env, Limit, Limits, MAX_VALUE_NESTING, Number, Value};
use std::sync::Arc;

const NS: &str = "https://www.omg.org/spec/DMN/20230324/MODEL/";

/// A model with these elements inside `<definitions>`.
fn dmn(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="{NS}" name="hostile" namespace="urn:hostile" id="defs">
{body}
</definitions>"#
    )
}

/// A model whose decision `Result` (element `result`) is the literal expression `text`.
fn literal(text: &str) -> String {
    dmn(&format!(
        r#"<decision id="result" name="Result"><variable name="Result"/>
<literalExpression id="result_expr"><text>{text}</text></literalExpression></decision>"#
    ))
}

/// Runs `f` on a thread with a 2 MiB stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("thread starts")
        .join()
        .expect("no panic, no stack overflow")
}

fn load(xml: String, options: LoadOptions) -> Result<ModelSet, DmnError> {
    on_small_stack(move || ModelSet::load_with(&[("hostile.dmn", xml.as_str())], &options))
}

/// Loads `xml` and evaluates decision `Result` with no inputs, on a 2 MiB stack.
fn decide(xml: String, options: LoadOptions) -> Result<Value, DmnError> {
    on_small_stack(move || {
        let set = ModelSet::load_with(&[("hostile.dmn", xml.as_str())], &options)?;
        set.evaluate_decision(None, "Result", &Context::new(), &Env::default())
    })
}

/// The limit a decision ran into, checking that the error names decision `Result`.
fn budget_limit(result: Result<Value, DmnError>) -> Limit {
    match result {
        Err(DmnError::Budget {
            kind,
            name,
            element_id,
            exceeded,
        }) => {
            assert_eq!(
                (kind, name.as_str(), element_id.as_str()),
                ("decision", "Result", "result")
            );
            exceeded.limit
        }
        other => panic!("expected a budget error, got {other:?}"),
    }
}

/// The message of a model that does not load.
fn load_error(result: Result<ModelSet, DmnError>) -> String {
    match result {
        Ok(_) => panic!("the model loaded"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn nested_quantifiers_over_ten_billion_pairs_end_with_a_step_budget_error() {
    let xml = literal("some i in 1..100000, j in 1..100000 satisfies i + j &lt; 0");
    let error = decide(xml, LoadOptions::strict());
    let message = format!("{}", error.as_ref().map(|_| ()).unwrap_err());
    assert!(
        message.contains("decision \"Result\" (element result)"),
        "{message}"
    );
    assert!(message.contains("in element result_expr"), "{message}");
    assert_eq!(budget_limit(error), Limit::Steps(Limits::DEFAULT.steps));
}

#[test]
fn a_doubly_recursive_bkm_called_at_depth_60_ends_with_a_step_budget_error() {
    let xml = dmn(r##"
<businessKnowledgeModel id="bkm_f" name="f"><variable name="f"/>
  <encapsulatedLogic><formalParameter name="n" typeRef="number"/>
    <literalExpression><text>if n = 0 then 1 else f(n - 1) + f(n - 1)</text></literalExpression>
  </encapsulatedLogic>
</businessKnowledgeModel>
<decision id="result" name="Result"><variable name="Result"/>
  <knowledgeRequirement><requiredKnowledge href="#bkm_f"/></knowledgeRequirement>
  <literalExpression><text>f(60)</text></literalExpression>
</decision>"##);
    assert_eq!(
        budget_limit(decide(xml, LoadOptions::strict())),
        Limit::Steps(Limits::DEFAULT.steps)
    );
}

#[test]
fn endless_bkm_recursion_stops_at_the_call_depth_or_the_stack() {
    let xml = dmn(r##"
<businessKnowledgeModel id="bkm_f" name="f"><variable name="f"/>
  <encapsulatedLogic><formalParameter name="n"/>
    <literalExpression><text>f(n + 1)</text></literalExpression>
  </encapsulatedLogic>
</businessKnowledgeModel>
<decision id="result" name="Result"><variable name="Result"/>
  <knowledgeRequirement><requiredKnowledge href="#bkm_f"/></knowledgeRequirement>
  <literalExpression><text>f(0)</text></literalExpression>
</decision>"##);
    let limit = budget_limit(decide(xml, LoadOptions::strict()));
    assert!(
        matches!(limit, Limit::Depth(256) | Limit::Stack),
        "{limit:?}"
    );
}

#[test]
fn a_sum_of_twenty_thousand_terms_is_refused_at_load_with_a_short_message() {
    let xml = literal(&vec!["1"; 20_000].join("+"));
    let message = load_error(load(xml, LoadOptions::strict()));
    assert!(message.contains("nested too deeply"), "{message}");
    assert!(message.contains("element result_expr"), "{message}");
    assert!(message.len() < 300, "{} bytes: {message}", message.len());
}

#[test]
fn five_thousand_nested_feel_contexts_are_refused_at_load() {
    let xml = literal(&format!("{}1{}", "{a: ".repeat(5000), "}".repeat(5000)));
    let message = load_error(load(xml, LoadOptions::strict()));
    assert!(message.contains("nested too deeply"), "{message}");
}

#[test]
fn five_thousand_nested_boxed_contexts_are_refused_at_load() {
    let open = r#"<context><contextEntry><variable name="a"/>"#.repeat(5000);
    let close = "</contextEntry></context>".repeat(5000);
    let xml = dmn(&format!(
        r#"<decision id="result" name="Result"><variable name="Result"/>{open}<literalExpression><text>1</text></literalExpression>{close}</decision>"#
    ));
    let message = load_error(load(xml, LoadOptions::strict()));
    assert!(message.contains("nested too deeply"), "{message}");
}

#[test]
fn a_deeply_nested_list_is_refused_at_load_and_at_run_time() {
    let xml = literal(&format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000)));
    let message = load_error(load(xml, LoadOptions::strict()));
    assert!(message.contains("nested too deeply"), "{message}");
    let xml = literal("for i in 1..5000 return [partial]");
    assert_eq!(
        budget_limit(decide(xml, LoadOptions::strict())),
        Limit::Nesting(MAX_VALUE_NESTING)
    );
}

#[test]
fn a_string_join_over_ten_million_items_ends_with_a_size_error() {
    let xml = literal(r#"string join(for i in 1..10000000 return "xxxxxxxxxx")"#);
    assert_eq!(
        budget_limit(decide(xml, LoadOptions::strict())),
        Limit::ListItems(Limits::DEFAULT.list_items)
    );
}

#[test]
fn a_chain_of_five_thousand_decisions_evaluates_on_a_small_stack() {
    let mut body = String::from(
        r#"<decision id="d0" name="Step 0"><variable name="Step 0"/><literalExpression><text>0</text></literalExpression></decision>"#,
    );
    for k in 1..5000 {
        body.push_str(&format!(
            r##"<decision id="d{k}" name="Step {k}"><variable name="Step {k}"/><informationRequirement><requiredDecision href="#d{}"/></informationRequirement><literalExpression><text>Step {} + 1</text></literalExpression></decision>"##,
            k - 1,
            k - 1
        ));
    }
    let xml = dmn(&body);
    let value = on_small_stack(move || {
        let set = ModelSet::load_with(&[("chain.dmn", xml.as_str())], &LoadOptions::strict())?;
        set.evaluate_decision(None, "Step 4999", &Context::new(), &Env::default())
    })
    .unwrap();
    assert_eq!(value.to_string(), "4999");
}

#[test]
fn a_budget_raised_when_loading_lets_a_larger_evaluation_finish() {
    let xml = literal("some i in 1..1000, j in 1..2000 satisfies i + j &lt; 0");
    assert_eq!(
        budget_limit(decide(xml.clone(), LoadOptions::strict())),
        Limit::Steps(Limits::DEFAULT.steps)
    );
    let raised = LoadOptions::strict().with_limits(Limits {
        steps: 5_000_000,
        ..Limits::DEFAULT
    });
    assert_eq!(decide(xml, raised).unwrap().to_string(), "false");
}

// ---------------------------------------------------------------- XML entities

/// A model whose decision's text is `&name;`, with these entity declarations.
fn with_entities(declarations: &str, references: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE definitions [{declarations}]>
<definitions xmlns="{NS}" name="e" namespace="urn:e" id="defs">
<decision id="result" name="Result"><variable name="Result"/>
<literalExpression><text>"{references}"</text></literalExpression></decision>
</definitions>"#
    )
}

fn xml_error(xml: String) -> String {
    match load(xml, LoadOptions::strict()) {
        Err(error @ DmnError::Xml { .. }) => error.to_string(),
        other => panic!("expected an XML error, got {:?}", other.map(|_| ())),
    }
}

#[test]
fn one_large_entity_referenced_many_times_is_refused() {
    // 100 KB of entity referenced 2,000 times: a 110 KB model expanding to 200 MB.
    let xml = with_entities(
        &format!(r#"<!ENTITY big "{}">"#, "x".repeat(100_000)),
        &"&big;".repeat(2_000),
    );
    assert_expansion_refused(xml);
}

/// A model under 200 KB is refused for what its entities expand to.
fn assert_expansion_refused(xml: String) {
    assert!(xml.len() < 200_000);
    let message = xml_error(xml);
    assert!(
        message.contains("entity references would expand"),
        "{message}"
    );
}

#[test]
fn entities_of_entities_expanding_to_gigabytes_are_refused() {
    // Within roxmltree's own limits (255 references per reference, 10 levels), yet 50 KB
    // × 255 × 4,000 ≈ 50 GB.
    let xml = with_entities(
        &format!(
            r#"<!ENTITY a "{}"><!ENTITY b "{}">"#,
            "y".repeat(50_000),
            "&a;".repeat(255)
        ),
        &"&b;".repeat(4_000),
    );
    assert_expansion_refused(xml);
}

#[test]
fn the_billion_laughs_are_refused() {
    let mut declarations = String::from(r#"<!ENTITY lol0 "lol">"#);
    for k in 1..10 {
        declarations.push_str(&format!(
            r#"<!ENTITY lol{k} "{}">"#,
            format!("&lol{};", k - 1).repeat(10)
        ));
    }
    xml_error(with_entities(&declarations, "&lol9;"));
}

#[test]
fn external_entities_are_refused() {
    let xml = with_entities(
        r#"<!ENTITY secret SYSTEM "file:///etc/passwd">"#,
        "&secret;",
    );
    let message = xml_error(xml);
    assert!(!message.contains("root:"), "{message}");
}

#[test]
fn small_internal_entities_still_load() {
    let xml = with_entities(r#"<!ENTITY co "Sheshim">"#, "&co; &amp; co");
    let set = load(xml, LoadOptions::strict()).unwrap();
    let value = set
        .evaluate_decision(None, "Result", &Context::new(), &Env::default())
        .unwrap();
    assert_eq!(value.to_string(), "\"Sheshim & co\"");
}

// ---------------------------------------------------------------- excerpts

#[test]
fn errors_quote_at_most_a_short_excerpt_of_the_model() {
    let huge = format!("\"{}\" \"", "z".repeat(100_000));
    let message = load_error(load(literal(&huge), LoadOptions::strict()));
    assert!(message.len() < 300, "{} bytes: {message}", message.len());
    assert!(!message.contains(&"z".repeat(50)), "{message}");
    let bad_policy = dmn(&format!(
        r#"<decision id="result" name="Result"><variable name="Result"/><decisionTable hitPolicy="{}"><output/></decisionTable></decision>"#,
        "Q".repeat(10_000)
    ));
    let message = load_error(load(bad_policy, LoadOptions::strict()));
    assert!(message.len() < 300, "{} bytes: {message}", message.len());
}

#[test]
fn a_number_input_keeps_working_next_to_the_limits() {
    let xml = dmn(
        r##"<inputData id="x" name="X"><variable name="X" typeRef="number"/></inputData>
<decision id="result" name="Result"><variable name="Result"/>
<informationRequirement><requiredInput href="#x"/></informationRequirement>
<literalExpression><text>sum(for i in 1..X return i)</text></literalExpression></decision>"##,
    );
    let value = on_small_stack(move || {
        let set = ModelSet::load_with(&[("ok.dmn", xml.as_str())], &LoadOptions::strict())?;
        let mut inputs = Context::new();
        inputs.insert(Arc::from("X"), Value::Number(Number::from_i64(1000)));
        set.evaluate_decision(None, "Result", &inputs, &Env::default())
    })
    .unwrap();
    assert_eq!(value.to_string(), "500500");
}
