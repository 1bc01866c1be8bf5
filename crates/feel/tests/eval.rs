//! Evaluator tests: arithmetic, three-valued logic, comparisons, ranges, filters, loops,
//! quantifiers, functions, contexts and unary tests.
#![allow(clippy::unwrap_used)]

mod common;
use common::*;
use sheshim_feel::*;
use std::sync::Arc;

#[test]
fn arithmetic() {
    check("1 + 2 * 3", num(7));
    check("(1 + 2) * 3", num(9));
    check("10 / 4", dec("2.5"));
    check("3 ** 4 ** 5", num(3486784401));
    check("-3 ** 2", num(9));
    check("- 5 + 2", num(-3));
    check("1.23e4", num(12300));
    check(".5 + .5", num(1));
    check("1 / 0", Value::Null);
    check("1 + null", Value::Null);
    check(r#""a" + "b""#, s("ab"));
    check(r#"1 + "a""#, Value::Null);
}

#[test]
fn three_valued_logic() {
    let t = b(true);
    let f = b(false);
    let n = Value::Null;
    for (text, expected) in [
        ("true and true", t.clone()),
        ("true and false", f.clone()),
        ("true and null", n.clone()),
        ("false and null", f.clone()),
        ("null and false", f.clone()),
        ("null and null", n.clone()),
        ("true and 1", n.clone()),
        ("false and 1", f.clone()),
        ("true or false", t.clone()),
        ("false or false", f.clone()),
        ("false or null", n.clone()),
        ("null or true", t.clone()),
        ("true or null", t.clone()),
        ("\"a\" or true", t.clone()),
        ("\"a\" or false", n.clone()),
        ("not(true)", f.clone()),
        ("not(false)", t.clone()),
        ("not(null)", n.clone()),
        ("not(1)", n.clone()),
        ("not(negand: false)", t.clone()),
    ] {
        check(text, expected);
    }
}

#[test]
fn comparisons() {
    check("1 < 2", b(true));
    check("2 <= 2", b(true));
    check("3 > 4", b(false));
    check("1 = 1.0", b(true));
    check("1 != 2", b(true));
    check(r#""a" < "b""#, b(true));
    check(r#"1 < "a""#, Value::Null);
    check("null = null", b(true));
    check("1 = null", b(false));
    check("null < 1", Value::Null);
    check("5 between 1 and 10", b(true));
    check("5 between 6 and 10", b(false));
    check("5 between null and 10", Value::Null);
    check("[1,2] = [1,2]", b(true));
    check("{a: 1} = {a: 1}", b(true));
}

#[test]
fn in_operator() {
    check("1 in [2,3,1]", b(true));
    check("1 in [2,3,4]", b(false));
    check("1 in 1", b(true));
    check("1 in < 10", b(true));
    check("10 in < 10", b(false));
    check("10 in (1, < 5, >= 10)", b(true));
    check("10 in (1, 5, 9)", b(false));
    check("3 in [2..4]", b(true));
    check("4 in [2..4)", b(false));
    check("2 in (2..4]", b(false));
    check("3 in ]2..4[", b(true));
    check(r#""b" in [["f".."h"], ["a".."c"]]"#, b(true));
    check(r#""i" in [["f".."h"], ["a".."c"]]"#, b(false));
    check("10 in (!=10)", b(false));
    check("10 in =10", b(true));
    check("5 in [1..null]", Value::Null);
    check("null in [1..10]", Value::Null);
}

#[test]
fn ranges_as_values() {
    let Value::Range(r) = eval("[1..10)") else {
        panic!("not a range")
    };
    assert!(matches!(r.start, RangeBound::Closed(_)));
    assert!(matches!(r.end, RangeBound::Open(_)));
    let Value::Range(r) = eval("< 10") else {
        panic!("not a range")
    };
    assert!(matches!(r.start, RangeBound::Unbounded));
    assert!(matches!(r.end, RangeBound::Open(_)));
    check("[1..10].start", num(1));
    check("(< 10).end included", b(false));
    check("[1..10] = [1..10]", b(true));
    // `= x` as a value is the range `[x..x]`; `!= x` is no range.
    check("(=10).start included", b(true));
    check("(=10).start", num(10));
    check("(=10).end", num(10));
    check("(=10).end included", b(true));
    check("(=10) = [10..10]", b(false));
    check("(=10) = (=10)", b(true));
    check("(!=10)", Value::Null);
}

#[test]
fn singleton_list_passed_to_a_builtin_is_its_item() {
    check(r#"upper case(["bob"][item = "bob"])"#, s("BOB"));
    check(r#"upper case(["bob", "al"])"#, Value::Null);
}

#[test]
fn lists_and_filters() {
    check("[1, 2, 3][2]", num(2));
    check("[1, 2, 3][-1]", num(3));
    check("[1, 2, 3][0]", Value::Null);
    check("[1, 2, 3][4]", Value::Null);
    check("[1, 2, 3][item > 1]", list(vec![num(2), num(3)]));
    check("[1, 2, 3][item > 5]", list(vec![]));
    check("[1, 2, 3][true]", list(vec![num(1), num(2), num(3)]));
    check("[1, 2, 3][false]", list(vec![]));
    check("[{a: 1}, {a: 2}][a > 1]", list(vec![eval("{a: 2}")]));
    check("[{a: 1}, {a: 2}][item.a = 1].a", list(vec![num(1)]));
    check("[{a: 1}, {a: 2}].a", list(vec![num(1), num(2)]));
    check("5[item > 2]", list(vec![num(5)]));
    check("null[1]", Value::Null);
    check_with(
        "xs[n]",
        &[("xs", eval("[10, 20, 30]")), ("n", num(2))],
        num(20),
    );
    check_with(
        "xs[item > n]",
        &[("xs", eval("[10, 20, 30]")), ("n", num(15))],
        list(vec![num(20), num(30)]),
    );
}

#[test]
fn contexts_and_paths() {
    check("{a: 1, b: a + 1}.b", num(2));
    check(r#"{"b c": 2}.b c"#, num(2));
    check("{a: {b: 3}}.a.b", num(3));
    check("{a: 1}.z", Value::Null);
    check("{a: 1, a: 2}", Value::Null);
    check("{Total Sum: 5, y: Total Sum * 2}.y", num(10));
    check_with(
        "Monthly Salary * 12",
        &[("Monthly Salary", num(100))],
        num(1200),
    );
    check_with(
        "Loan Amount/Income",
        &[("Loan Amount/Income", num(3))],
        num(3),
    );
    check_with(
        "Applicant's age - 1",
        &[("Applicant's age", num(30))],
        num(29),
    );
    check(r#"date("2021-03-04").month"#, num(3));
}

#[test]
fn builtins_are_called() {
    check(r#"string length("abc")"#, num(3));
    check(r#"upper case("abc")"#, s("ABC"));
    check("count([1, 2, 3])", num(3));
    check("sum([1, 2, 3])", num(6));
    check(r#"date and time("2020-01-02T03:04:05").hour"#, num(3));
    check(r#"@"2020-01-02" + @"P1D" = date("2020-01-03")"#, b(true));
    check(
        "for d in @\"2020-01-30\"..@\"2020-02-01\" return d.day",
        list(vec![num(30), num(31), num(1)]),
    );
    check("decimal(1/3, 2)", dec("0.33"));
    check(
        "sort([3, 1, 2], function(x, y) x < y)",
        list(vec![num(1), num(2), num(3)]),
    );
    check("xs(1)", Value::Null);
}

#[test]
fn if_then_else() {
    check(r#"if 1 > 0 then "a" else "b""#, s("a"));
    check(r#"if 1 < 0 then "a" else "b""#, s("b"));
    check(r#"if null then "a" else "b""#, s("b"));
    check(r#"if 1 then "a" else "b""#, s("b"));
}

#[test]
fn for_loops() {
    check(
        "for i in [1, 2, 3] return i * 2",
        list(vec![num(2), num(4), num(6)]),
    );
    check("for i in 1..3 return i", list(vec![num(1), num(2), num(3)]));
    check("for i in 3..1 return i", list(vec![num(3), num(2), num(1)]));
    check(
        "for i in 0..-2 return i",
        list(vec![num(0), num(-1), num(-2)]),
    );
    check(
        "for i in [1, 2], j in [10, 20] return i + j",
        list(vec![num(11), num(21), num(12), num(22)]),
    );
    check(
        "for i in [1, 2], j in [i, i * 10] return j",
        list(vec![num(1), num(10), num(2), num(20)]),
    );
    check(
        "for i in 0..4 return if i = 0 then 1 else i * partial[-1]",
        list(vec![num(1), num(1), num(2), num(6), num(24)]),
    );
    check("for i in [] return i", list(vec![]));
    check("for i in 5 return i", list(vec![num(5)]));
    check("for i in null return i", Value::Null);
    check(
        "for i in [1..3] return i",
        list(vec![num(1), num(2), num(3)]),
    );
    check("for i in (1..3] return i", list(vec![num(2), num(3)]));
}

#[test]
fn quantifiers() {
    check("some x in [1, 2, 3] satisfies x > 2", b(true));
    check("some x in [1, 2, 3] satisfies x > 3", b(false));
    check("every x in [1, 2, 3] satisfies x > 0", b(true));
    check("every x in [1, 2, 3] satisfies x > 1", b(false));
    check("every x in [] satisfies x > 1", b(true));
    check("some x in [] satisfies x > 1", b(false));
    check("some x in [1, 2], y in [2, 3] satisfies x * y = 6", b(true));
    check("every x in [1, 2], y in [2, 3] satisfies x < y", b(false));
}

#[test]
fn functions() {
    check("(function(a, b) a + b)(1, 2)", num(3));
    check("(function(a, b) a - b)(b: 1, a: 5)", num(4));
    check("(function(a, b) b)(a: 1)", Value::Null);
    check("(function(a, b) a)(1)", Value::Null);
    check("(function(a) a)(1, 2)", Value::Null);
    check("(function(a) a)(z: 1)", Value::Null);
    check("(function() 7)()", num(7));
    check("{f: function(x) x * 2, r: f(21)}.r", num(42));
    check("{f: function(x) x * 2}.f(4)", num(8));
    check(
        "{fact: function(n) if n <= 1 then 1 else n * fact(n - 1), r: fact(5)}.r",
        num(120),
    );
    // closures capture their scope
    check("{k: 10, add: function(x) x + k, r: add(5)}.r", num(15));
    check(
        "{mk: function(k) function(x) x + k, add3: mk(3), r: add3(4)}.r",
        num(7),
    );
    // typed parameters with singleton-list conversion
    check("(function(a: number) a + 1)(1)", num(2));
    check("(function(a: number) a + 1)([1])", num(2));
    check(r#"(function(a: number) a + 1)("x")"#, Value::Null);
    check("(function(a: list<number>) count(a))(1)", num(1));
    check("(function(a: list<number>) a)(1)", list(vec![num(1)]));
    check("(function(a: number) a)(null)", Value::Null);
    // calling something that is not a function
    check("1(2)", Value::Null);
    check("undefined fn(2)", Value::Null);
    // External Java functions: the java.lang methods implemented natively, else null.
    check(
        r#"(function(x, y) external {java: {class: "java.lang.Math", method signature: "max(int, int)"}})(3, 7)"#,
        num(7),
    );
    check(
        r#"{m: function(a, b) external {java: {class: "java.lang.Math", method signature: "max(double,double)"}}, r: m(b: 1.5, a: 2.25)}.r"#,
        dec("2.25"),
    );
    check(
        r#"function(x) external {java: {class: "java.lang.System", method signature: "exit(int)"}}"#,
        Value::Null,
    );
    check(
        r#"function(x) external {pmml: {document: "d", model: "m"}}"#,
        Value::Null,
    );
    let Value::Function(f) = eval("function(a, b c) a") else {
        panic!("not a function")
    };
    assert_eq!(f.parameters(), vec![Name::from("a"), Name::from("b c")]);
}

#[test]
fn function_from_scope_called_with_named_args() {
    struct Sub;
    impl FeelFunction for Sub {
        fn parameters(&self) -> Vec<Name> {
            vec![Name::from("x"), Name::from("y")]
        }
        fn call(&self, args: Args, _budget: &Budget) -> Result<Value, BudgetExceeded> {
            Ok(match args {
                Args::Positional(v) if v.len() == 2 => v[0].sub(&v[1]),
                Args::Named(v) => {
                    let get = |n: &str| {
                        v.iter()
                            .find(|(k, _)| &**k == n)
                            .map(|(_, v)| v.clone())
                            .unwrap_or(Value::Null)
                    };
                    get("x").sub(&get("y"))
                }
                _ => Value::Null,
            })
        }
    }
    let f = Value::Function(Arc::new(Sub));
    check_with("my sub(5, 2)", &[("my sub", f.clone())], num(3));
    check_with("my sub(y: 5, x: 2)", &[("my sub", f.clone())], num(-3));
    check_with(
        "ctx.g(9, 4)",
        &[(
            "ctx",
            Value::Context(Arc::new({
                let mut c = Context::new();
                c.insert(Name::from("g"), f);
                c
            })),
        )],
        num(5),
    );
}

#[test]
fn instance_of() {
    check("1 instance of number", b(true));
    check(r#""a" instance of number"#, b(false));
    check("[1, 2] instance of list<number>", b(true));
    check("{a: 1} instance of context<a: number>", b(true));
    check("(function(a) a) instance of function<Any> -> Any", b(true));
    check("1 instance of tUnknown", Value::Null);
    struct Types;
    impl TypeResolver for Types {
        fn conforms(&self, name: &str, value: &Value) -> Option<bool> {
            (name == "tPositive").then(|| {
                matches!(
                    value.feel_cmp(&Value::Number(Number::from_i64(0))),
                    Some(std::cmp::Ordering::Greater)
                )
            })
        }
    }
    let scope = Scope::new().with_types(Arc::new(Types));
    let e = parse_expression("5 instance of tPositive", &NameSet::new()).unwrap();
    assert!(same(
        &evaluate(&e, &scope, &Env::default()).unwrap(),
        &b(true)
    ));
    let e = parse_expression("(function(x: tPositive) x)(-1)", &NameSet::new()).unwrap();
    assert!(same(
        &evaluate(&e, &scope.push(Context::new()), &Env::default()).unwrap(),
        &Value::Null
    ));
}

#[test]
fn unary_tests_semantics() {
    let none: &[(&str, Value)] = &[];
    assert!(same(&test_ut("-", num(5), none), &b(true)));
    assert!(same(&test_ut("< 5", num(3), none), &b(true)));
    assert!(same(&test_ut("< 5", num(7), none), &b(false)));
    assert!(same(&test_ut("< 5, > 10", num(11), none), &b(true)));
    assert!(same(&test_ut("[1..5]", num(5), none), &b(true)));
    assert!(same(&test_ut("(1..5)", num(5), none), &b(false)));
    assert!(same(&test_ut("\"a\", \"b\"", s("b"), none), &b(true)));
    assert!(same(&test_ut("\"a\", \"b\"", s("c"), none), &b(false)));
    assert!(same(&test_ut("not(\"a\", \"b\")", s("c"), none), &b(true)));
    assert!(same(&test_ut("not(\"a\", \"b\")", s("a"), none), &b(false)));
    assert!(same(&test_ut("not(< 5)", num(3), none), &b(false)));
    assert!(same(&test_ut("? > 5", num(7), none), &b(true)));
    assert!(same(&test_ut("? > 5", num(3), none), &b(false)));
    assert!(same(&test_ut("? > 5 and ? < 10", num(7), none), &b(true)));
    assert!(same(&test_ut("true", b(true), none), &b(true)));
    assert!(same(&test_ut("true", b(false), none), &b(false)));
    assert!(same(&test_ut("false", b(false), none), &b(true)));
    assert!(same(&test_ut("null", Value::Null, none), &b(true)));
    assert!(same(&test_ut("null", num(1), none), &b(false)));
    assert!(same(&test_ut("< 5", Value::Null, none), &Value::Null));
    assert!(same(&test_ut("[1, 2, 3]", num(2), none), &b(true)));
    assert!(same(
        &test_ut("limit", num(2), &[("limit", num(2))]),
        &b(true)
    ));
    assert!(same(
        &test_ut("< limit", num(1), &[("limit", num(2))]),
        &b(true)
    ));
    assert!(same(
        &test_ut("> Max Age", num(70), &[("Max Age", num(65))]),
        &b(true)
    ));
    assert!(same(
        &test_ut("xs", num(2), &[("xs", eval("[1, 2]"))]),
        &b(true)
    ));
    assert!(same(
        &test_ut("r", num(2), &[("r", eval("[1..3]"))]),
        &b(true)
    ));
    assert!(same(&test_ut("= 5", num(5), none), &b(true)));
    assert!(same(&test_ut("!= 5", num(5), none), &b(false)));
    assert!(same(&test_ut("[1, 2]", eval("[1, 2]"), none), &b(true)));
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "[1..2][1]",
        "{}.a",
        "?",
        "xs[item.a.b.c]",
        "for i in 1..1e30 return i",
        "@\"not a date\"",
        "-\"a\"",
        "[1..\"a\"]",
    ] {
        let _ = eval(text);
    }
}

#[test]
fn scope_frames_shadow_outer_ones() {
    let mut outer = Context::new();
    outer.insert(Name::from("a"), num(1));
    outer.insert(Name::from("b"), num(2));
    let mut inner = Context::new();
    inner.insert(Name::from("a"), num(10));
    let base = Scope::with_context(&outer);
    let scope = base.push(inner);
    assert!(same(&scope.get("a").unwrap(), &num(10)));
    assert!(same(&scope.get("b").unwrap(), &num(2)));
    assert!(same(&base.get("a").unwrap(), &num(1)));
    assert!(scope.get("c").is_none());
    let e = parse_expression("a + b", &NameSet::new()).unwrap();
    assert!(same(
        &evaluate(&e, &scope, &Env::default()).unwrap(),
        &num(12)
    ));
}
