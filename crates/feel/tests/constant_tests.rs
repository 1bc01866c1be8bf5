//! Unary tests reduced to constants give exactly what the evaluator gives, for every input.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use sheshim_feel::{
    Env, NameSet, Number, Scope, Value, evaluate_unary_tests, parse_unary_tests,
    reduce_to_constants,
};

fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        (-20i64..120).prop_map(|n| n.to_string()),
        (-2000i64..2000).prop_map(|n| format!("{}.{}", n / 10, (n % 10).abs())),
    ]
}

fn one_test() -> impl Strategy<Value = String> {
    prop_oneof![
        (
            prop_oneof![
                Just("<"),
                Just("<="),
                Just(">"),
                Just(">="),
                Just("="),
                Just("!=")
            ],
            number_text()
        )
            .prop_map(|(op, n)| format!("{op} {n}")),
        (
            prop_oneof![Just("["), Just("("), Just("]")],
            number_text(),
            number_text(),
            prop_oneof![Just("]"), Just(")"), Just("[")]
        )
            .prop_map(|(open, a, b, close)| format!("{open}{a}..{b}{close}")),
        number_text(),
        prop_oneof![
            Just("\"a\""),
            Just("\"b\""),
            Just("true"),
            Just("false"),
            Just("null"),
            Just("-5"),
            Just("@\"2020-01-01\"")
        ]
        .prop_map(str::to_owned),
    ]
}

fn tests_text() -> impl Strategy<Value = String> {
    (proptest::collection::vec(one_test(), 1..4), any::<bool>()).prop_map(|(tests, negate)| {
        let list = tests.join(", ");
        if negate { format!("not({list})") } else { list }
    })
}

fn input() -> impl Strategy<Value = Value> {
    prop_oneof![
        number_text().prop_map(|n| Value::Number(Number::parse(&n).unwrap())),
        prop_oneof![Just("a"), Just("b"), Just("c")].prop_map(Value::string),
        any::<bool>().prop_map(Value::Boolean),
        Just(Value::Null),
        Just(Value::from_at_literal("2020-01-01")),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    #[test]
    fn reduced_tests_agree_with_the_evaluator(text in tests_text(), value in input()) {
        let parsed = parse_unary_tests(&text, &NameSet::new()).unwrap();
        let reduced = reduce_to_constants(&parsed).expect("literal tests reduce");
        let expected = evaluate_unary_tests(&parsed, &value, &Scope::new(), &Env::default()).unwrap();
        let got = reduced.evaluate(&value);
        prop_assert_eq!(format!("{got}"), format!("{expected}"), "{} on {}", text, value);
    }
}

#[test]
fn tests_with_names_calls_or_lists_are_not_reduced() {
    for text in [
        "< Age",
        "? > 5",
        "date(\"2020-01-01\")",
        "[1, 2, 3]",
        "count(x) > 1",
    ] {
        let parsed = parse_unary_tests(text, &NameSet::with(["Age", "x"])).unwrap();
        assert!(reduce_to_constants(&parsed).is_none(), "{text}");
    }
    let any = reduce_to_constants(&parse_unary_tests("-", &NameSet::new()).unwrap()).unwrap();
    assert!(any.is_any() && any.matches(&Value::Null));
}
