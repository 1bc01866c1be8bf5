//! Parser tests: precedence, names with spaces, every construct, errors.
#![allow(clippy::unwrap_used)]

use sheshim_feel::ast::{ArithOp, CallArgs, CmpOp, Expr, IterSource, TypeRef, UnaryTests};
use sheshim_feel::*;

fn p(text: &str) -> Expr {
    parse_expression(text, &NameSet::new()).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn pn(text: &str, names: &[&str]) -> Expr {
    parse_expression(text, &NameSet::with(names)).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// A compact rendering of the tree, to compare shapes.
fn show(e: &Expr) -> String {
    match e {
        Expr::Literal(v) => format!("{v}"),
        Expr::At(s) => format!("@{s:?}"),
        Expr::Name(n) => format!("<{n}>"),
        Expr::Input => "?".into(),
        Expr::List(xs) => format!("[{}]", xs.iter().map(show).collect::<Vec<_>>().join(", ")),
        Expr::Context(es) => {
            format!(
                "{{{}}}",
                es.iter()
                    .map(|(k, v)| format!("{k}: {}", show(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
        Expr::Range {
            start,
            start_closed,
            end,
            end_closed,
        } => format!(
            "{}{}..{}{}",
            if *start_closed { "[" } else { "(" },
            show(start),
            show(end),
            if *end_closed { "]" } else { ")" }
        ),
        Expr::UnaryCmp(op, x) => format!("({op:?} {})", show(x)),
        Expr::Neg(x) => format!("(-{})", show(x)),
        Expr::Arith(op, a, b) => {
            let o = match op {
                ArithOp::Add => "+",
                ArithOp::Sub => "-",
                ArithOp::Mul => "*",
                ArithOp::Div => "/",
                ArithOp::Pow => "**",
            };
            format!("({} {o} {})", show(a), show(b))
        }
        Expr::Cmp(op, a, b) => format!("({} {op:?} {})", show(a), show(b)),
        Expr::And(a, b) => format!("({} and {})", show(a), show(b)),
        Expr::Or(a, b) => format!("({} or {})", show(a), show(b)),
        Expr::Between(a, b, c) => format!("({} between {} and {})", show(a), show(b), show(c)),
        Expr::In(a, ts) => format!(
            "({} in {})",
            show(a),
            ts.iter().map(show).collect::<Vec<_>>().join(" | ")
        ),
        Expr::InstanceOf(a, t) => format!("({} instance of {t:?})", show(a)),
        Expr::Path(a, n) => format!("{}.<{n}>", show(a)),
        Expr::Filter(a, f) => format!("{}[{}]", show(a), show(f)),
        Expr::Call(c, args) => match args {
            CallArgs::Positional(xs) => {
                format!(
                    "{}({})",
                    show(c),
                    xs.iter().map(show).collect::<Vec<_>>().join(", ")
                )
            }
            CallArgs::Named(xs) => format!(
                "{}({})",
                show(c),
                xs.iter()
                    .map(|(n, x)| format!("{n}: {}", show(x)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        Expr::If(c, a, b) => format!("(if {} then {} else {})", show(c), show(a), show(b)),
        Expr::For(bs, body) => format!("(for {} return {})", bindings(bs), show(body)),
        Expr::Quantified {
            every,
            bindings: bs,
            satisfies,
        } => {
            format!(
                "({} {} satisfies {})",
                if *every { "every" } else { "some" },
                bindings(bs),
                show(satisfies)
            )
        }
        Expr::Function {
            params,
            body,
            external,
        } => format!(
            "(function({}){} {})",
            params
                .iter()
                .map(|(n, t)| format!(
                    "{n}{}",
                    t.as_ref().map(|t| format!(": {t:?}")).unwrap_or_default()
                ))
                .collect::<Vec<_>>()
                .join(", "),
            if *external { " external" } else { "" },
            show(body)
        ),
    }
}

fn bindings(bs: &[(Name, IterSource)]) -> String {
    bs.iter()
        .map(|(n, s)| match s {
            IterSource::Expr(e) => format!("{n} in {}", show(e)),
            IterSource::Range(a, b) => format!("{n} in {}..{}", show(a), show(b)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[track_caller]
fn shape(text: &str, expected: &str) {
    assert_eq!(show(&p(text)), expected, "{text}");
}

#[test]
fn arithmetic_precedence() {
    shape("1 + 2 * 3", "(1 + (2 * 3))");
    shape("1 - 2 - 3", "((1 - 2) - 3)");
    shape("2 * 3 ** 2", "(2 * (3 ** 2))");
    shape("3 ** 4 ** 5", "((3 ** 4) ** 5)");
    shape("-3 ** 2", "((-3) ** 2)");
    shape("5 ** -2", "(5 ** (-2))");
    shape("(1 + 2) * 3", "((1 + 2) * 3)");
    shape("a / b * c", "((<a> / <b>) * <c>)");
}

#[test]
fn logical_and_comparison_precedence() {
    shape("a or b and c", "(<a> or (<b> and <c>))");
    shape(
        "a = 1 and b < 2 or c",
        "(((<a> Eq 1) and (<b> Lt 2)) or <c>)",
    );
    shape("a + 1 >= b * 2", "((<a> + 1) Ge (<b> * 2))");
    shape(
        "x between 1 + 1 and 5 and y",
        "((<x> between (1 + 1) and 5) and <y>)",
    );
    shape("x != null", "(<x> Ne null)");
}

#[test]
fn in_forms() {
    shape("x in [1, 2]", "(<x> in [1, 2])");
    shape("x in (< 5, > 10)", "(<x> in (Lt 5) | (Gt 10))");
    shape("x in < 5", "(<x> in (Lt 5))");
    shape("x in (1..10]", "(<x> in (1..10])");
    shape("x in [1..10)", "(<x> in [1..10))");
    shape("x in ]1..10[", "(<x> in (1..10))");
    shape("x in (a + b)", "(<x> in (<a> + <b>))");
    shape("x in (!= 10)", "(<x> in (Ne 10))");
    shape("x in [1,2] and y", "((<x> in [1, 2]) and <y>)");
}

#[test]
fn literals() {
    shape(r#""a\"b\\c\n""#, "\"a\\\"b\\\\c\\n\"");
    let Expr::Literal(Value::String(s)) = p(r#""\u0041\U01F40E\uD83D\uDCA9x""#) else {
        panic!()
    };
    assert_eq!(&*s, "A🐎💩x");
    shape("true", "true");
    shape("null", "null");
    shape(r#"@"2021-01-01""#, "@\"2021-01-01\"");
    shape("[]", "[]");
    shape("{}", "{}");
    shape(
        r#"{a: 1, "b c": 2, d: a + 1}"#,
        "{a: 1, b c: 2, d: (<a> + 1)}",
    );
    assert!(matches!(p(".5"), Expr::Literal(Value::Number(_))));
    assert!(matches!(p("1.23e-4"), Expr::Literal(Value::Number(_))));
    assert!(matches!(p("1.2E+3"), Expr::Literal(Value::Number(_))));
}

#[test]
fn ranges_and_unary_comparisons_as_values() {
    shape("[1..10]", "[1..10]");
    shape("(1..10]", "(1..10]");
    shape("]1..10[", "(1..10)");
    shape("[a..b)", "[<a>..<b>)");
    shape("< 10", "(Lt 10)");
    shape(">= x", "(Ge <x>)");
    shape(
        r#"[date("2020-01-01")..date("2021-01-01")]"#,
        "[<date>(\"2020-01-01\")..<date>(\"2021-01-01\")]",
    );
}

#[test]
fn names_with_spaces() {
    assert_eq!(
        show(&pn("Monthly Salary * 12", &["Monthly Salary"])),
        "(<Monthly Salary> * 12)"
    );
    // unknown multi-word names are joined when no operator separates the words
    shape("Monthly Salary * 12", "(<Monthly Salary> * 12)");
    assert_eq!(
        show(&pn("Loan Amount/Income > 0.4", &["Loan Amount/Income"])),
        "(<Loan Amount/Income> Gt 0.4)"
    );
    assert_eq!(
        show(&pn("Loan Amount / Income", &[])),
        "(<Loan Amount> / <Income>)"
    );
    assert_eq!(
        show(&pn("Applicant's age + 1", &["Applicant's age"])),
        "(<Applicant's age> + 1)"
    );
    shape("Applicant's age + 1", "(<Applicant's age> + 1)");
    assert_eq!(show(&pn("a-b - c", &["a-b"])), "(<a-b> - <c>)");
    assert_eq!(
        show(&pn("Is Eligible and x", &["Is Eligible"])),
        "(<Is Eligible> and <x>)"
    );
    // longest known name wins
    assert_eq!(
        show(&pn(
            "Loan Amount Total",
            &["Loan Amount", "Loan Amount Total"]
        )),
        "<Loan Amount Total>"
    );
    // white space inside a name does not matter
    assert_eq!(
        show(&pn("Monthly   Salary", &["Monthly Salary"])),
        "<Monthly Salary>"
    );
    // built-in names with spaces
    shape(r#"string length("abc")"#, "<string length>(\"abc\")");
    shape(
        r#"date and time("2020-01-01T00:00:00")"#,
        "<date and time>(\"2020-01-01T00:00:00\")",
    );
    shape(
        "years and months duration(a, b)",
        "<years and months duration>(<a>, <b>)",
    );
    shape("date and time", "(<date> and <time>)");
    // names defined inside the expression
    shape(
        "{Total Sum: 1, y: Total Sum + 1}",
        "{Total Sum: 1, y: (<Total Sum> + 1)}",
    );
    shape("{a-b: 1, y: a-b}", "{a-b: 1, y: <a-b>}");
    shape(
        "for my item in xs return my item * 2",
        "(for my item in <xs> return (<my item> * 2))",
    );
    shape(
        "function(first value) first value + 1",
        "(function(first value) (<first value> + 1))",
    );
}

#[test]
fn paths_filters_calls() {
    shape("a.b.c", "<a>.<b>.<c>");
    shape("a.b c", "<a>.<b c>");
    shape("xs[item > 2]", "<xs>[(<item> Gt 2)]");
    shape("xs[1]", "<xs>[1]");
    shape("xs[-1]", "<xs>[(-1)]");
    shape("xs[item > 2].name", "<xs>[(<item> Gt 2)].<name>");
    shape("f(1, 2)", "<f>(1, 2)");
    shape("f()", "<f>()");
    shape("f(a: 1, b c: 2)", "<f>(a: 1, b c: 2)");
    shape("ctx.f(1)", "<ctx>.<f>(1)");
    shape("(function(a) a)(1)", "(function(a) <a>)(1)");
    shape("[1,2,3][item > 1]", "[1, 2, 3][(<item> Gt 1)]");
    shape("date(x).year", "<date>(<x>).<year>");
}

#[test]
fn textual_expressions() {
    shape(
        "if a > 1 then \"x\" else \"y\"",
        "(if (<a> Gt 1) then \"x\" else \"y\")",
    );
    shape(
        "for i in [1,2], j in 1..3 return i * j",
        "(for i in [1, 2], j in 1..3 return (<i> * <j>))",
    );
    shape("for i in 0..-3 return i", "(for i in 0..(-3) return <i>)");
    shape(
        "some x in xs satisfies x > 1",
        "(some x in <xs> satisfies (<x> Gt 1))",
    );
    shape(
        "every x in xs, y in ys satisfies x > y",
        "(every x in <xs>, y in <ys> satisfies (<x> Gt <y>))",
    );
    shape(
        "function(a: number, b) a + b",
        "(function(a: Known(Number), b) (<a> + <b>))",
    );
    shape("1 + if x then 1 else 2", "(1 + (if <x> then 1 else 2))");
    shape(
        "for x in xs return partial",
        "(for x in <xs> return <partial>)",
    );
    let Expr::Function { external, .. } =
        p(r#"function(x) external {java: {class: "a", method signature: "b"}}"#)
    else {
        panic!()
    };
    assert!(external);
}

#[test]
fn instance_of_and_types() {
    shape("x instance of number", "(<x> instance of Known(Number))");
    shape(
        "x instance of date and time",
        "(<x> instance of Known(DateTime))",
    );
    shape(
        "x instance of date and y",
        "((<x> instance of Known(Date)) and <y>)",
    );
    assert!(
        matches!(p("x instance of tPerson"), Expr::InstanceOf(_, TypeRef::Named(n)) if &*n == "tPerson")
    );
    assert_eq!(parse_type("number").unwrap(), Type::Number);
    assert_eq!(
        parse_type("list<string>").unwrap(),
        Type::List(Box::new(Type::String))
    );
    assert_eq!(
        parse_type("context<a: number, b c: list<date>>").unwrap(),
        Type::Context(vec![
            (Name::from("a"), Type::Number),
            (Name::from("b c"), Type::List(Box::new(Type::Date)))
        ])
    );
    assert_eq!(
        parse_type("function<number, string> -> boolean").unwrap(),
        Type::Function(vec![Type::Number, Type::String], Box::new(Type::Boolean))
    );
    assert_eq!(
        parse_type("function<>->Any").unwrap(),
        Type::Function(vec![], Box::new(Type::Any))
    );
    assert_eq!(parse_type("date and time").unwrap(), Type::DateTime);
    assert_eq!(
        parse_type("years and months duration").unwrap(),
        Type::YearsMonths
    );
    assert_eq!(
        parse_type("days and time duration").unwrap(),
        Type::DaysTime
    );
    assert_eq!(
        parse_type("range<date>").unwrap(),
        Type::Range(Box::new(Type::Date))
    );
    assert_eq!(parse_type("context<>").unwrap(), Type::Context(vec![]));
    assert_eq!(parse_type("Null").unwrap(), Type::Null);
    assert!(parse_type("tPerson").is_err());
    assert!(parse_type("list<tPerson>").is_err());
    assert!(parse_type("list<number").is_err());
}

#[test]
fn comments() {
    shape("1 + /* two */ 2 // end", "(1 + 2)");
    shape("// first\n3", "3");
}

#[test]
fn unary_tests() {
    let ut = |t: &str| parse_unary_tests(t, &NameSet::new()).unwrap_or_else(|e| panic!("{t}: {e}"));
    assert!(matches!(ut("-"), UnaryTests::Any));
    assert!(matches!(ut(""), UnaryTests::Any));
    let UnaryTests::Positive(ts) = ut("< 5, [10..20], \"a\", ? > 100") else {
        panic!()
    };
    assert_eq!(
        ts.iter().map(show).collect::<Vec<_>>(),
        ["(Lt 5)", "[10..20]", "\"a\"", "(? Gt 100)"]
    );
    let UnaryTests::Not(ts) = ut("not(1, 2)") else {
        panic!()
    };
    assert_eq!(ts.len(), 2);
    let UnaryTests::Positive(ts) = ut("not(x) and y") else {
        panic!()
    };
    assert_eq!(show(&ts[0]), "(<not>(<x>) and <y>)");
    assert!(
        matches!(&ut("null"), UnaryTests::Positive(ts) if matches!(ts[0], Expr::Literal(Value::Null)))
    );
    assert!(
        matches!(&ut("= 5"), UnaryTests::Positive(ts) if matches!(ts[0], Expr::UnaryCmp(CmpOp::Eq, _)))
    );
}

#[test]
fn errors_say_where() {
    let e = parse_expression("1 + * 2", &NameSet::new()).unwrap_err();
    assert_eq!(e.offset, 4);
    assert_eq!(e.column, 5);
    assert!(e.to_string().contains("column 5"), "{e}");
    let e = parse_expression("a +\n  )", &NameSet::new()).unwrap_err();
    assert_eq!((e.line, e.column), (2, 3));
    for bad in [
        "",
        "(1",
        "[1, 2",
        "{a 1}",
        "if a then b",
        "\"abc",
        "1 2 +",
        "for x in y",
        "f(a: 1, 2)",
        "x instance of",
        "/* x",
    ] {
        assert!(
            parse_expression(bad, &NameSet::new()).is_err(),
            "{bad:?} should not parse"
        );
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    let text = format!("{}1{}", "(".repeat(5000), ")".repeat(5000));
    assert!(parse_expression(&text, &NameSet::new()).is_err());
    let text = format!("{}1", "-".repeat(5000));
    assert!(parse_expression(&text, &NameSet::new()).is_err());
    let text = format!("{}1{}", "[".repeat(5000), "]".repeat(5000));
    assert!(parse_expression(&text, &NameSet::new()).is_err());
    let text = format!("{}1{}", "{a:".repeat(5000), "}".repeat(5000));
    assert!(parse_expression(&text, &NameSet::new()).is_err());
}

#[test]
fn ast_is_send_sync() {
    fn assert_send_sync<T: Send + Sync + Clone + std::fmt::Debug>() {}
    assert_send_sync::<Expr>();
    assert_send_sync::<UnaryTests>();
}

#[test]
fn syntax_errors_quote_at_most_a_short_excerpt() {
    let long_name = "x".repeat(10_000);
    for text in [
        format!("1 + {long_name} )"),
        format!("\"{long_name}\" \"{long_name}\""),
        format!("{} )", "9".repeat(10_000)),
        format!("{long_name} : 1"),
    ] {
        let Err(error) = parse_expression(&text, &NameSet::new()) else {
            panic!("{} parses", excerpt(&text));
        };
        let message = error.to_string();
        assert!(
            message.chars().count() <= EXCERPT_CHARS + 100,
            "{} characters: {message}",
            message.chars().count()
        );
    }
    let error = parse_type(&format!("{long_name}<")).unwrap_err();
    assert!(
        error.to_string().chars().count() <= EXCERPT_CHARS + 100,
        "{error}"
    );
}
