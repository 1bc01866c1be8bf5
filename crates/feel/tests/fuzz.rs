//! Property tests: parsing and evaluating never panic, whatever the text.
#![allow(clippy::unwrap_used)]

use proptest::prelude::*;
use sheshim_feel::*;

const SAMPLES: &[&str] = &[
    "1 + 2 * 3 ** -4",
    "if a > 1 then \"x\" else [1, 2, 3][item > 1]",
    "for i in 1..3, j in [1, 2] return i * j + partial[-1]",
    "some x in [1, 2] satisfies x > 1 and every y in [3] satisfies y < x",
    "{a: 1, \"b c\": a + 1, f: function(x: number, y) x + y}.f(y: 2, x: 1)",
    "x in (< 5, [1..10), ]2..3[, \"a\") or x instance of list<context<a: number>>",
    "date(\"2020-01-01\") + @\"P1D\" between @\"2020-01-01\" and @\"2021-01-01\"",
    "Monthly Salary * 12 - string length(\"abc\") // comment",
    "not(? > 5), null, \"\\u0041\\U01F40E\"",
    "function(a) external {java: {class: \"c\", method signature: \"m\"}}",
];

fn eval_all(text: &str) {
    let names = NameSet::with(["Monthly Salary", "a-b", "x"]);
    if let Ok(e) = parse_expression(text, &names) {
        let mut ctx = Context::new();
        ctx.insert(Name::from("x"), Value::list(vec![Value::Null]));
        let _ = evaluate(&e, &Scope::with_context(&ctx), &Env::default());
    }
    if let Ok(t) = parse_unary_tests(text, &names) {
        let _ = evaluate_unary_tests(&t, &Value::Boolean(true), &Scope::new(), &Env::default());
    }
    let _ = parse_type(text);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: fuzz_cases(), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,60}") {
        eval_all(&text);
    }

    #[test]
    fn feel_like_text_never_panics(text in "[a-z0-9 ().,\\[\\]{}:<>=!+*/\"?@-]{0,60}") {
        eval_all(&text);
    }

    #[test]
    fn mutated_expressions_never_panic(
        which in 0..SAMPLES.len(),
        cuts in proptest::collection::vec((0usize..200, 0usize..4, "[ a(\\[{\"\\-.,:0-9]{0,3}"), 1..4),
    ) {
        let mut text: Vec<char> = SAMPLES[which].chars().collect();
        for (at, del, insert) in cuts {
            let at = at % (text.len() + 1);
            let del = del.min(text.len() - at);
            text.splice(at..at + del, insert.chars());
        }
        let text: String = text.into_iter().collect();
        eval_all(&text);
    }
}

#[test]
fn samples_parse() {
    let names = NameSet::with(["Monthly Salary"]);
    for s in SAMPLES {
        if s.starts_with("not(") {
            parse_unary_tests(s, &names).unwrap();
        } else {
            parse_expression(s, &names).unwrap_or_else(|e| panic!("{s}: {e}"));
        }
    }
}

/// Cases per property: 2,000 by default; set `SHESHIM_FUZZ_CASES` for a longer campaign.
fn fuzz_cases() -> u32 {
    std::env::var("SHESHIM_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(2000)
}
