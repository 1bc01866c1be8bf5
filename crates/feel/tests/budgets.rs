//! Hostile expressions end with a clear error, within the budget, on a 2 MiB thread stack
//! (the size of tokio's worker threads and of test threads): never a stack overflow, an
//! abort, a hang or an out-of-memory. Each of them hung or crashed before budgets existed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_feel::{
    Budget, BudgetExceeded, Env, Limit, Limits, MAX_NESTING, NameSet, ParseError, Scope, Value,
    evaluate_within, parse_expression,
};

/// Runs `f` on a thread with a 2 MiB stack.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("thread starts")
        .join()
        .expect("no panic, no overflow")
}

fn parse(text: &str) -> Result<sheshim_feel::ast::Expr, ParseError> {
    parse_expression(text, &NameSet::new())
}

/// Parses and evaluates `text` within `limits` on a 2 MiB stack.
fn run(text: String, limits: Limits) -> Result<Value, BudgetExceeded> {
    on_small_stack(move || {
        let expr = parse(&text).unwrap_or_else(|e| panic!("{e}"));
        evaluate_within(&expr, &Scope::new(), &Env::default(), &Budget::new(limits))
    })
}

fn limit_of(result: Result<Value, BudgetExceeded>) -> Limit {
    match result {
        Ok(value) => panic!("expected a budget error, got {value}"),
        Err(error) => error.limit,
    }
}

#[test]
fn nested_quantifiers_over_ten_billion_pairs_run_out_of_steps() {
    let text = "some i in 1..100000, j in 1..100000 satisfies i + j < 0".to_owned();
    assert_eq!(
        limit_of(run(text, Limits::DEFAULT)),
        Limit::Steps(Limits::DEFAULT.steps)
    );
}

#[test]
fn doubly_recursive_function_at_depth_60_runs_out_of_steps() {
    let text = "{f: function(n) if n = 0 then 1 else f(n - 1) + f(n - 1), r: f(60)}.r".to_owned();
    assert_eq!(
        limit_of(run(text, Limits::DEFAULT)),
        Limit::Steps(Limits::DEFAULT.steps)
    );
}

#[test]
fn endless_recursion_stops_at_the_call_depth_or_the_stack() {
    let text = "{f: function(n) f(n + 1), r: f(1)}.r".to_owned();
    let limit = limit_of(run(text, Limits::DEFAULT));
    assert!(
        matches!(limit, Limit::Depth(256) | Limit::Stack),
        "{limit:?}"
    );
}

#[test]
fn a_sum_of_twenty_thousand_terms_is_refused_by_the_parser() {
    let text = vec!["1"; 20_000].join("+");
    let error = on_small_stack(move || parse(&text).map(|_| ()).unwrap_err());
    assert!(error.message.contains("nested too deeply"), "{error}");
    // A long but reasonable sum still parses.
    let text = vec!["1"; MAX_NESTING / 2].join(" + ");
    let value = run(text, Limits::DEFAULT).unwrap();
    assert_eq!(value.to_string(), (MAX_NESTING / 2).to_string());
}

#[test]
fn five_thousand_nested_contexts_are_refused_by_the_parser() {
    let text = format!("{}1{}", "{a: ".repeat(5000), "}".repeat(5000));
    let error = on_small_stack(move || parse(&text).map(|_| ()).unwrap_err());
    assert!(error.message.contains("nested too deeply"), "{error}");
}

#[test]
fn a_deeply_nested_list_literal_is_refused_by_the_parser() {
    let text = format!("{}1{}", "[".repeat(100_000), "]".repeat(100_000));
    let error = on_small_stack(move || parse(&text).map(|_| ()).unwrap_err());
    assert!(error.message.contains("nested too deeply"), "{error}");
}

#[test]
fn a_list_nested_deeper_and_deeper_at_run_time_stops_at_the_nesting_limit() {
    let text = "for i in 1..5000 return [partial]".to_owned();
    assert_eq!(
        limit_of(run(text, Limits::DEFAULT)),
        Limit::Nesting(sheshim_feel::MAX_VALUE_NESTING)
    );
}

#[test]
fn a_string_join_over_ten_million_items_is_refused_before_building_them() {
    let text = r#"string join(for i in 1..10000000 return "xxxxxxxxxx")"#.to_owned();
    assert_eq!(
        limit_of(run(text, Limits::DEFAULT)),
        Limit::ListItems(Limits::DEFAULT.list_items)
    );
}

#[test]
fn strings_that_grow_past_the_limit_are_refused() {
    let text = r#"string join(for i in 1..200000 return "xxxxxxxxxx")"#.to_owned();
    assert_eq!(
        limit_of(run(text, Limits::DEFAULT)),
        Limit::StringBytes(Limits::DEFAULT.string_bytes)
    );
    // Doubling a string by recursion.
    let text = r#"{f: function(s) f(s + s), r: f("x")}.r"#.to_owned();
    assert_eq!(
        limit_of(run(text, Limits::DEFAULT)),
        Limit::StringBytes(Limits::DEFAULT.string_bytes)
    );
    // A short input and a long replacement.
    let text = r#"replace(string join(for i in 1..1000 return "a"), "a", string join(for i in 1..2000 return "b"))"#.to_owned();
    assert_eq!(
        limit_of(run(text, Limits::DEFAULT)),
        Limit::StringBytes(Limits::DEFAULT.string_bytes)
    );
}

#[test]
fn lists_shared_many_times_over_cannot_be_flattened_past_the_limit() {
    let text =
        "{a: for i in 1..1000 return i, b: for i in 1..2000 return a, r: flatten(b)}.r".to_owned();
    assert_eq!(
        limit_of(run(text, Limits::DEFAULT)),
        Limit::ListItems(Limits::DEFAULT.list_items)
    );
}

#[test]
fn a_budget_raised_by_the_caller_lets_a_larger_evaluation_finish() {
    let text = "some i in 1..1000, j in 1..2000 satisfies i + j < 0";
    assert_eq!(
        limit_of(run(text.to_owned(), Limits::DEFAULT)),
        Limit::Steps(Limits::DEFAULT.steps)
    );
    let raised = Limits {
        steps: 5_000_000,
        ..Limits::DEFAULT
    };
    assert_eq!(run(text.to_owned(), raised).unwrap().to_string(), "false");
}

#[test]
fn ordinary_expressions_stay_well_within_the_budget() {
    let budget = Budget::default();
    let expr = parse("sum(for i in 1..100 return i * 2) + count([1, 2, 3])").unwrap();
    let value = evaluate_within(&expr, &Scope::new(), &Env::default(), &budget).unwrap();
    assert_eq!(value.to_string(), "10103");
    assert!(budget.steps_taken() < 1_000, "{}", budget.steps_taken());
}
