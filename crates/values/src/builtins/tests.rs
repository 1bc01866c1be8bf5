//! Tests of the built-in functions, with cases drawn from the DMN 1.5 specification and the TCK.

use super::*;
use crate::{Context, Number, Range, RangeBound};

fn n(t: &str) -> Value {
    Value::Number(Number::parse(t).expect("number"))
}
fn s(t: &str) -> Value {
    Value::string(t)
}
fn at(t: &str) -> Value {
    let v = Value::from_at_literal(t);
    assert!(!v.is_null(), "bad literal {t}");
    v
}
fn l(items: Vec<Value>) -> Value {
    Value::list(items)
}
fn ctx(entries: &[(&str, Value)]) -> Value {
    let mut c = Context::new();
    for (k, v) in entries {
        c.insert(Name::from(*k), v.clone());
    }
    Value::context(c)
}
fn range(a: RangeBound, b: RangeBound) -> Value {
    Value::Range(Arc::new(Range::new(a, b)))
}
fn c(name: &str, args: Vec<Value>) -> String {
    match call(name, args, &BuiltinEnv::default()) {
        Ok(value) => value.to_string(),
        Err(error) => format!("error: {error}"),
    }
}
fn named(name: &str, args: &[(&str, Value)]) -> String {
    let Some(Value::Function(f)) = lookup(name, &BuiltinEnv::default()) else {
        panic!("no builtin {name}");
    };
    match f.call(
        Args::Named(
            args.iter()
                .map(|(k, v)| (Name::from(*k), v.clone()))
                .collect(),
        ),
        &Budget::default(),
    ) {
        Ok(value) => value.to_string(),
        Err(error) => format!("error: {error}"),
    }
}

#[test]
fn names_are_complete_and_lookup_works() {
    for name in [
        "date",
        "date and time",
        "time",
        "number",
        "string",
        "duration",
        "years and months duration",
        "not",
        "substring",
        "string length",
        "upper case",
        "lower case",
        "substring before",
        "substring after",
        "replace",
        "contains",
        "starts with",
        "ends with",
        "matches",
        "split",
        "string join",
        "list contains",
        "count",
        "min",
        "max",
        "sum",
        "mean",
        "all",
        "any",
        "sublist",
        "append",
        "concatenate",
        "insert before",
        "remove",
        "reverse",
        "index of",
        "union",
        "distinct values",
        "flatten",
        "product",
        "median",
        "stddev",
        "mode",
        "sort",
        "list replace",
        "decimal",
        "floor",
        "ceiling",
        "round up",
        "round down",
        "round half up",
        "round half down",
        "abs",
        "modulo",
        "sqrt",
        "log",
        "exp",
        "odd",
        "even",
        "before",
        "after",
        "meets",
        "met by",
        "overlaps",
        "overlaps before",
        "overlaps after",
        "finishes",
        "finished by",
        "includes",
        "during",
        "starts",
        "started by",
        "coincides",
        "day of year",
        "day of week",
        "month of year",
        "week of year",
        "now",
        "today",
        "get value",
        "get entries",
        "context",
        "context put",
        "context merge",
        "is",
        "range",
    ] {
        assert!(names().contains(&name), "{name} missing from names()");
        assert!(lookup(name, &BuiltinEnv::default()).is_some(), "{name}");
    }
    assert!(lookup("no such function", &BuiltinEnv::default()).is_none());
}

#[test]
fn conversion() {
    assert_eq!(c("date", vec![s("2017-12-31")]), "2017-12-31");
    assert_eq!(c("date", vec![n("2017"), n("1"), n("1")]), "2017-01-01");
    assert_eq!(c("date", vec![n("2017"), n("13"), n("1")]), "null");
    assert_eq!(
        c("date", vec![at("2017-08-14T14:25:00.123456789")]),
        "2017-08-14"
    );
    assert_eq!(c("date", vec![]), "null");
    assert_eq!(
        named(
            "date",
            &[("year", n("2017")), ("month", n("8")), ("day", n("30"))]
        ),
        "2017-08-30"
    );
    assert_eq!(
        c("date and time", vec![s("2018-12-08")]),
        "2018-12-08T00:00:00"
    );
    assert_eq!(
        c(
            "date and time",
            vec![at("2017-01-01"), at("23:59:01+02:00")]
        ),
        "2017-01-01T23:59:01+02:00"
    );
    assert_eq!(
        c("time", vec![n("11"), n("59"), n("45"), at("PT2H45M55S")]),
        "11:59:45+02:45:55"
    );
    assert_eq!(
        c("time", vec![n("12"), n("0"), n("0"), Value::Null]),
        "12:00:00"
    );
    assert_eq!(c("time", vec![at("2017-08-10")]), "00:00:00Z");
    assert_eq!(
        c("time", vec![at("2017-08-10T10:20:00@Europe/Paris")]),
        "10:20:00@Europe/Paris"
    );
    assert_eq!(
        c("number", vec![s("1.000.000,01"), s("."), s(",")]),
        "1000000.01"
    );
    assert_eq!(c("number", vec![s("1,000,000.01"), s(" "), s(".")]), "null");
    assert_eq!(
        c("number", vec![s("1,000,000.00"), s(","), Value::Null]),
        "1000000.00"
    );
    assert_eq!(c("string", vec![n("123.45")]), "\"123.45\"");
    assert_eq!(c("string", vec![at("P1Y")]), "\"P1Y\"");
    assert_eq!(c("string", vec![l(vec![n("1"), n("2")])]), "\"[1, 2]\"");
    assert_eq!(c("string", vec![Value::Null]), "null");
    assert_eq!(
        c("duration", vec![s("PT1000M0.999999999S")]),
        "PT16H40M0.999999999S"
    );
    assert_eq!(c("duration", vec![s("P1H")]), "null");
    assert_eq!(
        c(
            "years and months duration",
            vec![at("2011-12-22"), at("2013-08-24")]
        ),
        "P1Y8M"
    );
    assert_eq!(
        c(
            "years and months duration",
            vec![at("2014-12-31T23:59:59"), at("-2019-10-01T12:32:59")]
        ),
        "-P4033Y2M"
    );
    assert_eq!(c("not", vec![Value::Boolean(true)]), "false");
    assert_eq!(c("not", vec![n("1")]), "null");
}

#[test]
fn is_function() {
    assert_eq!(c("is", vec![at("23:00:50Z"), at("23:00:50+00:00")]), "true");
    assert_eq!(
        c(
            "is",
            vec![at("23:00:50@Australia/Melbourne"), at("23:00:50+10:00")]
        ),
        "false"
    );
    assert_eq!(
        c(
            "is",
            vec![
                at("2002-04-02T12:00:00-01:00"),
                at("2002-04-02T17:00:00+04:00")
            ]
        ),
        "false"
    );
    assert_eq!(c("is", vec![at("P1D"), at("PT24H")]), "true");
    assert_eq!(c("is", vec![at("P0Y"), at("P0D")]), "false");
    assert_eq!(named("is", &[("value1", at("2021-02-13"))]), "false");
}

#[test]
fn range_function() {
    assert_eq!(c("range", vec![s("[1..3]")]), "[1..3]");
    assert_eq!(c("range", vec![s(" [ 1 .. 3 ] ")]), "[1..3]");
    assert_eq!(c("range", vec![s("]18..21[")]), "(18..21)");
    assert_eq!(c("range", vec![s("[\"a\"..\"c\"]")]), "[\"a\"..\"c\"]");
    assert_eq!(
        c("range", vec![s("[date(\"1970-01-01\")..@\"1970-01-02\"]")]),
        "[1970-01-01..1970-01-02]"
    );
    for bad in [
        "[..2]",
        "[1..]",
        "",
        ">=10",
        "[3..1]",
        "[1..\"b\"]",
        "[date(string(\"1970-01-01\"))..@\"1970-01-02\"]",
    ] {
        assert_eq!(c("range", vec![s(bad)]), "null", "{bad}");
    }
    let r = call("range", vec![s("[1..3]")], &BuiltinEnv::default()).unwrap_or(Value::Null);
    assert!(r.conforms_to(&crate::Type::Range(Box::new(crate::Type::Number))));
}

#[test]
fn strings() {
    assert_eq!(c("substring", vec![s("foobar"), n("3")]), "\"obar\"");
    assert_eq!(c("substring", vec![s("foobar"), n("-2"), n("1")]), "\"a\"");
    assert_eq!(
        c("substring", vec![s("foobar"), n("3"), n("3.8")]),
        "\"oba\""
    );
    assert_eq!(c("substring", vec![s("\u{1F40E}foo"), n("2")]), "\"foo\"");
    assert_eq!(
        named(
            "substring",
            &[("string", s("foobar")), ("start position", n("3"))]
        ),
        "\"obar\""
    );
    assert_eq!(c("string length", vec![s("🐎😀")]), "2");
    assert_eq!(c("upper case", vec![s("aBc4")]), "\"ABC4\"");
    assert_eq!(c("lower case", vec![s("aBc4")]), "\"abc4\"");
    assert_eq!(
        c("substring before", vec![s("foobar"), s("bar")]),
        "\"foo\""
    );
    assert_eq!(c("substring before", vec![s("foobar"), s("xyz")]), "\"\"");
    assert_eq!(c("substring after", vec![s("foobar"), s("ob")]), "\"ar\"");
    assert_eq!(c("substring after", vec![s(""), s("a")]), "\"\"");
    assert_eq!(c("contains", vec![s("foobar"), s("of")]), "false");
    assert_eq!(c("starts with", vec![s("foobar"), s("fo")]), "true");
    assert_eq!(c("ends with", vec![s("foobar"), s("r")]), "true");
    assert_eq!(
        c("split", vec![s("John Doe"), s("\\s")]),
        "[\"John\", \"Doe\"]"
    );
    assert_eq!(
        c("split", vec![s("a;b;c;;"), s(";")]),
        "[\"a\", \"b\", \"c\", \"\", \"\"]"
    );
    assert_eq!(
        named("split", &[("delimiter", s(",")), ("string", s("foo,bar"))]),
        "[\"foo\", \"bar\"]"
    );
    assert_eq!(
        named("split", &[("delimiter", s(",")), ("str", s("foo,bar"))]),
        "null"
    );
    assert_eq!(
        c(
            "string join",
            vec![l(vec![s("a"), Value::Null, s("c")]), s("X")]
        ),
        "\"aXc\""
    );
    assert_eq!(c("string join", vec![l(vec![])]), "\"\"");
    assert_eq!(
        c("string join", vec![l(vec![s("a")]), s("X"), s("foo")]),
        "null"
    );
}

#[test]
fn regular_expressions() {
    assert_eq!(
        c("replace", vec![s("abcd"), s("(ab)|(a)"), s("[1=$1][2=$2]")]),
        "\"[1=ab][2=]cd\""
    );
    assert_eq!(
        c("replace", vec![s("abracadabra"), s("a.*?a"), s("*")]),
        "\"*c*bra\""
    );
    assert_eq!(
        c("replace", vec![s("darted"), s("^(.*?)d(.*)$"), s("$1c$2")]),
        "\"carted\""
    );
    assert_eq!(
        c(
            "replace",
            vec![
                s("0123456789"),
                s("(\\d{3})(\\d{3})(\\d{4})"),
                s("($1) $2-$3")
            ]
        ),
        "\"(012) 345-6789\""
    );
    assert_eq!(
        c("replace", vec![s("facetiously"), s("[iouy]"), s("[$0]")]),
        "\"facet[i][o][u]sl[y]\""
    );
    assert_eq!(
        c("replace", vec![s("abc"), s("[A-Z]"), s("#"), s("i")]),
        "\"###\""
    );
    assert_eq!(
        c("replace", vec![s("a b c d "), s("[a-z]"), s("#"), s("x")]),
        "\"# # # # \""
    );
    assert_eq!(
        c("matches", vec![s("abracadabra"), s("bra"), Value::Null]),
        "true"
    );
    assert_eq!(
        c("matches", vec![s("abracadabra"), s("bra"), s("p")]),
        "null"
    );
    assert_eq!(
        c("matches", vec![s("\nabcd\ndefg\n"), s("^$"), s("m")]),
        "true"
    );
    assert_eq!(
        c("matches", vec![s("Mary\rJones"), s("Mary.Jones")]),
        "false"
    );
    assert_eq!(c("matches", vec![s("\u{212A}"), s("k"), s("i")]), "true");
    assert_eq!(c("matches", vec![s("O"), s("[A-Z-[OI]]"), s("i")]), "false");
    assert_eq!(c("matches", vec![s("x"), s("[A-Z-[OI]]"), s("i")]), "true");
    assert_eq!(
        c(
            "matches",
            vec![s("hello world"), s("hello[ ]world "), s("x")]
        ),
        "true"
    );
    assert_eq!(c("matches", vec![s("input"), s("\\3")]), "null");
}

#[test]
fn lists() {
    let l123 = l(vec![n("1"), n("2"), n("3")]);
    assert_eq!(c("list contains", vec![l123.clone(), n("2")]), "true");
    assert_eq!(
        c(
            "list contains",
            vec![l(vec![n("1"), Value::Null]), Value::Null]
        ),
        "true"
    );
    assert_eq!(c("count", vec![l123.clone()]), "3");
    assert_eq!(c("min", vec![l123.clone()]), "1");
    assert_eq!(c("min", vec![n("3"), n("1"), n("2")]), "1");
    assert_eq!(c("max", vec![s("a"), s("c"), s("b")]), "\"c\"");
    assert_eq!(c("max", vec![l(vec![])]), "null");
    assert_eq!(c("max", vec![n("1"), s("a")]), "null");
    assert_eq!(c("sum", vec![l123.clone()]), "6");
    assert_eq!(c("sum", vec![n("1"), n("2")]), "3");
    assert_eq!(c("sum", vec![l(vec![])]), "null");
    assert_eq!(
        c("mean", vec![l(vec![n("1"), n("2"), n("3"), n("4")])]),
        "2.5"
    );
    assert_eq!(
        c("median", vec![n("8"), n("2"), n("5"), n("3"), n("4")]),
        "4"
    );
    assert_eq!(
        c("median", vec![l(vec![n("6"), n("1"), n("2"), n("3")])]),
        "2.5"
    );
    assert_eq!(c("median", vec![l(vec![])]), "null");
    assert_eq!(
        c("stddev", vec![n("2"), n("4"), n("7"), n("5")]),
        "2.081665999466132735282297706979931"
    );
    assert_eq!(c("stddev", vec![n("47")]), "null");
    assert_eq!(
        c("mode", vec![n("6"), n("3"), n("9"), n("6"), n("6")]),
        "[6]"
    );
    assert_eq!(
        c(
            "mode",
            vec![l(vec![n("6"), n("1"), n("9"), n("6"), n("1")])]
        ),
        "[1, 6]"
    );
    assert_eq!(c("mode", vec![l(vec![])]), "[]");
    assert_eq!(c("product", vec![n("2"), n("3"), n("4")]), "24");
    assert_eq!(
        c("all", vec![l(vec![Value::Boolean(false), Value::Null])]),
        "false"
    );
    assert_eq!(c("all", vec![l(vec![])]), "true");
    assert_eq!(
        c(
            "all",
            vec![Value::Boolean(true), Value::Null, Value::Boolean(true)]
        ),
        "null"
    );
    assert_eq!(c("all", vec![Value::Null]), "null");
    assert_eq!(
        c(
            "any",
            vec![l(vec![Value::Boolean(false), Value::Boolean(true)])]
        ),
        "true"
    );
    assert_eq!(c("any", vec![l(vec![])]), "false");
    assert_eq!(
        named("any", &[("l", l(vec![Value::Boolean(true)]))]),
        "null"
    );
    assert_eq!(c("sublist", vec![l123.clone(), n("-1"), n("1")]), "[3]");
    assert_eq!(
        c("append", vec![l(vec![n("1")]), n("2"), n("3")]),
        "[1, 2, 3]"
    );
    assert_eq!(
        c("concatenate", vec![l(vec![n("1")]), l(vec![n("2")])]),
        "[1, 2]"
    );
    assert_eq!(
        c("insert before", vec![l123.clone(), n("1"), n("9")]),
        "[9, 1, 2, 3]"
    );
    assert_eq!(c("remove", vec![l123.clone(), n("2")]), "[1, 3]");
    assert_eq!(c("reverse", vec![l123.clone()]), "[3, 2, 1]");
    assert_eq!(
        c("index of", vec![l(vec![n("1"), n("2"), n("1")]), n("1")]),
        "[1, 3]"
    );
    assert_eq!(
        c(
            "union",
            vec![l(vec![n("1"), n("2")]), l(vec![n("2"), n("3")])]
        ),
        "[1, 2, 3]"
    );
    assert_eq!(
        c("distinct values", vec![l(vec![n("1"), n("2"), n("1.0")])]),
        "[1, 2]"
    );
    assert_eq!(
        c(
            "flatten",
            vec![l(vec![
                l(vec![n("1"), n("2")]),
                l(vec![l(vec![n("3")])]),
                n("4")
            ])]
        ),
        "[1, 2, 3, 4]"
    );
    assert_eq!(
        c("sort", vec![l(vec![n("3"), n("1"), n("2")])]),
        "[1, 2, 3]"
    );
    assert_eq!(
        c("list replace", vec![l123.clone(), n("-1"), n("4")]),
        "[1, 2, 4]"
    );
    assert_eq!(
        c("list replace", vec![l123.clone(), n("0"), n("4")]),
        "null"
    );
    assert_eq!(c("list replace", vec![l123, n("2.5"), n("4")]), "[1, 4, 3]");
}

struct Greater;
impl FeelFunction for Greater {
    fn parameters(&self) -> Vec<Name> {
        vec![Name::from("x"), Name::from("y")]
    }
    fn call(&self, args: Args, _budget: &Budget) -> Result<Value, BudgetExceeded> {
        Ok(match args {
            Args::Positional(a) if a.len() == 2 => match a[0].feel_cmp(&a[1]) {
                Some(o) => Value::Boolean(o == std::cmp::Ordering::Greater),
                None => Value::Null,
            },
            _ => Value::Null,
        })
    }
}

#[test]
fn higher_order() {
    let gt = Value::Function(Arc::new(Greater));
    assert_eq!(
        c(
            "sort",
            vec![l(vec![n("3"), n("1"), n("4"), n("5")]), gt.clone()]
        ),
        "[5, 4, 3, 1]"
    );
    assert_eq!(c("sort", vec![l(vec![n("3"), s("a")]), gt.clone()]), "null");
    // list replace with a match function: replace every item greater than the new item
    assert_eq!(
        c(
            "list replace",
            vec![l(vec![n("1"), n("5"), n("3")]), gt, n("2")]
        ),
        "[1, 2, 2]"
    );
}

#[test]
fn numeric() {
    assert_eq!(c("decimal", vec![n("1").div(&n("3")), n("2")]), "0.33");
    assert_eq!(c("decimal", vec![n("1").div(&n("3")), n("2.5")]), "0.33");
    assert_eq!(c("decimal", vec![n("2.5"), n("0")]), "2");
    assert_eq!(c("decimal", vec![n("0.515"), n("2")]), "0.52");
    assert_eq!(c("floor", vec![n("-1.56"), n("1")]), "-1.6");
    assert_eq!(c("floor", vec![n("1.56"), Value::Null]), "null");
    assert_eq!(c("ceiling", vec![n("-1.5")]), "-1");
    assert_eq!(c("ceiling", vec![n("-0.3333")]), "0");
    assert_eq!(c("round up", vec![n("-1.126"), n("2")]), "-1.13");
    assert_eq!(c("round down", vec![n("-5.5"), n("0")]), "-5");
    assert_eq!(c("round half up", vec![n("-5.5"), n("0")]), "-6");
    assert_eq!(c("round half down", vec![n("-5.5"), n("0")]), "-5");
    assert_eq!(c("abs", vec![n("-1")]), "1");
    assert_eq!(c("abs", vec![at("-P1D")]), "P1D");
    assert_eq!(named("abs", &[("n", n("-1"))]), "1");
    assert_eq!(named("abs", &[("number", n("-1"))]), "null");
    assert_eq!(c("modulo", vec![n("-10.1"), n("4.5")]), "3.4");
    assert_eq!(c("modulo", vec![n("10"), n("0")]), "null");
    assert_eq!(c("sqrt", vec![n("16")]), "4");
    assert_eq!(c("sqrt", vec![n("-1")]), "null");
    assert!(c("log", vec![n("4")]).starts_with("1.38629436"));
    assert!(c("exp", vec![n("4")]).starts_with("54.59815003"));
    assert_eq!(c("exp", vec![n("0")]), "1");
    assert_eq!(c("odd", vec![n("5")]), "true");
    assert_eq!(c("even", vec![n("-2")]), "true");
    assert_eq!(c("even", vec![n("0")]), "true");
    assert_eq!(c("odd", vec![s("4")]), "null");
}

#[test]
fn ranges() {
    use RangeBound::*;
    let r = |a: i64, ai: bool, b: i64, bi: bool| {
        range(
            if ai {
                Closed(Value::int(a))
            } else {
                Open(Value::int(a))
            },
            if bi {
                Closed(Value::int(b))
            } else {
                Open(Value::int(b))
            },
        )
    };
    let t = |name: &str, a: Value, b: Value| c(name, vec![a, b]);
    assert_eq!(t("before", n("1"), n("10")), "true");
    assert_eq!(t("before", n("1"), r(1, false, 10, true)), "true");
    assert_eq!(t("before", n("1"), r(1, true, 10, true)), "false");
    assert_eq!(t("before", r(1, true, 10, true), n("10")), "false");
    assert_eq!(
        t("before", r(1, true, 10, false), r(10, true, 20, true)),
        "true"
    );
    assert_eq!(t("after", n("12"), r(1, true, 10, true)), "true");
    assert_eq!(
        t("after", r(11, true, 20, true), r(1, true, 10, true)),
        "true"
    );
    assert_eq!(
        t("meets", r(1, true, 5, true), r(5, true, 10, true)),
        "true"
    );
    assert_eq!(
        t("meets", r(1, true, 5, false), r(5, true, 10, true)),
        "false"
    );
    assert_eq!(
        t("met by", r(5, true, 10, true), r(1, true, 5, true)),
        "true"
    );
    assert_eq!(
        t("overlaps", r(1, true, 5, true), r(3, true, 8, true)),
        "true"
    );
    assert_eq!(
        t("overlaps", r(1, true, 5, false), r(5, true, 8, true)),
        "false"
    );
    assert_eq!(
        t("overlaps before", r(1, true, 5, true), r(3, true, 8, true)),
        "true"
    );
    assert_eq!(
        t("overlaps after", r(3, true, 8, true), r(1, true, 5, true)),
        "true"
    );
    assert_eq!(t("finishes", n("10"), r(1, true, 10, true)), "true");
    assert_eq!(
        t("finishes", r(3, true, 10, true), r(1, true, 10, true)),
        "true"
    );
    assert_eq!(t("finished by", r(1, true, 10, true), n("10")), "true");
    assert_eq!(t("includes", r(1, true, 10, true), n("5")), "true");
    assert_eq!(
        t("includes", r(1, true, 10, true), r(4, true, 6, true)),
        "true"
    );
    assert_eq!(t("during", n("5"), r(1, true, 10, true)), "true");
    assert_eq!(
        t("during", r(1, true, 10, true), r(1, true, 10, true)),
        "true"
    );
    assert_eq!(t("starts", n("1"), r(1, true, 10, true)), "true");
    assert_eq!(
        t("starts", r(1, true, 5, true), r(1, true, 10, true)),
        "true"
    );
    assert_eq!(
        t("started by", r(1, true, 10, true), r(1, true, 5, true)),
        "true"
    );
    assert_eq!(
        t("coincides", r(1, true, 5, true), r(1, true, 5, true)),
        "true"
    );
    assert_eq!(t("coincides", n("5"), n("5")), "true");
    assert_eq!(t("before", n("1"), s("a")), "null");
    assert_eq!(
        named(
            "before",
            &[("point", n("1")), ("range", r(2, true, 3, true))]
        ),
        "true"
    );
    assert_eq!(
        t("before", n("1"), range(Unbounded, Open(Value::int(5)))),
        "false"
    );
}

#[test]
fn temporal() {
    assert_eq!(c("day of year", vec![at("2020-12-31")]), "366");
    assert_eq!(
        c("day of week", vec![at("2019-09-17T10:10:10")]),
        "\"Tuesday\""
    );
    assert_eq!(c("month of year", vec![at("2019-09-17")]), "\"September\"");
    assert_eq!(c("week of year", vec![at("2010-01-01")]), "53");
    assert_eq!(c("week of year", vec![at("2003-12-29")]), "1");
    assert_eq!(c("now", vec![]), "null");
    let env = BuiltinEnv {
        now: crate::FeelDateTime::parse("2024-05-01T10:00:00Z"),
    };
    assert_eq!(
        call("now", vec![], &env).unwrap_or(Value::Null).to_string(),
        "2024-05-01T10:00:00Z"
    );
    assert_eq!(
        call("today", vec![], &env)
            .unwrap_or(Value::Null)
            .to_string(),
        "2024-05-01"
    );
}

#[test]
fn contexts() {
    let m = ctx(&[("a", s("foo")), ("b", s("bar"))]);
    assert_eq!(c("get value", vec![m.clone(), s("a")]), "\"foo\"");
    assert_eq!(c("get value", vec![m.clone(), n("123")]), "null");
    assert_eq!(
        named("get value", &[("key", s("a")), ("m", m.clone())]),
        "\"foo\""
    );
    assert_eq!(
        c("get entries", vec![m.clone()]),
        "[{key: \"a\", value: \"foo\"}, {key: \"b\", value: \"bar\"}]"
    );
    let e = |k: &str, v: Value| ctx(&[("key", s(k)), ("value", v)]);
    assert_eq!(
        c("context", vec![l(vec![e("a", n("1")), e("b", n("2"))])]),
        "{a: 1, b: 2}"
    );
    assert_eq!(
        c("context", vec![l(vec![e("a", n("1")), e("a", n("2"))])]),
        "null"
    );
    assert_eq!(c("context", vec![ctx(&[("key", s("a"))])]), "null");
    assert_eq!(
        c("context put", vec![m.clone(), s("c"), n("1")]),
        "{a: \"foo\", b: \"bar\", c: 1}"
    );
    assert_eq!(
        c(
            "context put",
            vec![
                ctx(&[("x", ctx(&[("y", n("1"))]))]),
                l(vec![s("x"), s("z")]),
                n("2")
            ]
        ),
        "{x: {y: 1, z: 2}}"
    );
    assert_eq!(
        c(
            "context merge",
            vec![l(vec![
                ctx(&[("a", n("1"))]),
                ctx(&[("a", n("2")), ("b", n("3"))])
            ])]
        ),
        "{a: 2, b: 3}"
    );
}

#[test]
fn wrong_arguments_give_null() {
    let junk = [
        Value::Null,
        n("1"),
        s("x"),
        Value::Boolean(true),
        at("2020-01-01"),
        at("10:00:00"),
        at("P1D"),
        l(vec![n("1"), s("a")]),
        ctx(&[("a", n("1"))]),
    ];
    for name in names() {
        for a in &junk {
            let _ = c(name, vec![a.clone()]);
            for b in &junk {
                let _ = c(name, vec![a.clone(), b.clone()]);
                let _ = c(
                    name,
                    vec![a.clone(), b.clone(), b.clone(), a.clone(), b.clone()],
                );
            }
        }
        let _ = c(name, vec![]);
        let _ = named(name, &[("nonsense", n("1"))]);
    }
}

#[test]
fn implicit_conversions_of_arguments() {
    // A value where a list is expected becomes a singleton list.
    assert_eq!(c("string join", vec![s("a"), s("X")]), "\"a\"");
    assert_eq!(
        named("string join", &[("list", s("a")), ("delimiter", s("X"))]),
        "\"a\""
    );
    assert_eq!(c("context merge", vec![ctx(&[("a", n("1"))])]), "{a: 1}");
    assert_eq!(
        named("context merge", &[("contexts", ctx(&[("a", n("1"))]))]),
        "{a: 1}"
    );
    assert_eq!(c("list replace", vec![n("1"), n("1"), n("5")]), "[5]");
    // A singleton list where a single value is expected becomes its item.
    assert_eq!(c("upper case", vec![l(vec![s("Bob")])]), "\"BOB\"");
    assert_eq!(c("upper case", vec![l(vec![s("a"), s("b")])]), "null");
    // Parameters of any type are left alone.
    assert_eq!(c("string", vec![l(vec![n("1")])]), "\"[1]\"");
    assert_eq!(
        c(
            "list contains",
            vec![l(vec![l(vec![n("1")])]), l(vec![n("1")])]
        ),
        "true"
    );
    // Null is not wrapped.
    assert_eq!(c("string join", vec![Value::Null]), "null");
}

#[test]
fn context_put_by_name_key_must_be_one_key() {
    let base = ctx(&[("x", n("1")), ("y", ctx(&[("a", n("0"))]))]);
    let path = l(vec![s("y"), s("a")]);
    assert_eq!(
        named(
            "context put",
            &[
                ("context", base.clone()),
                ("key", path.clone()),
                ("value", n("2"))
            ]
        ),
        "null"
    );
    assert_eq!(
        named(
            "context put",
            &[
                ("context", base.clone()),
                ("keys", path.clone()),
                ("value", n("2"))
            ]
        ),
        "{x: 1, y: {a: 2}}"
    );
    assert_eq!(
        c("context put", vec![base, path, n("2")]),
        "{x: 1, y: {a: 2}}"
    );
}

#[test]
fn matches_with_back_references_and_free_spacing() {
    assert_eq!(c("matches", vec![s("aA"), s("(a)\\1"), s("i")]), "true");
    assert_eq!(c("matches", vec![s("aa"), s("^(a)\\1$")]), "true");
    assert_eq!(c("matches", vec![s("ab"), s("^(a)\\1$")]), "false");
    // A back-reference to a group that does not exist is an error.
    assert_eq!(c("matches", vec![s("aa"), s("(a)\\2")]), "null");
    // Under `x`, white space goes even after a backslash: `\ s` is `\s`.
    assert_eq!(
        c(
            "matches",
            vec![s("hello world"), s("hello\\ sworld"), s("x")]
        ),
        "true"
    );
    // … but not inside a character class.
    assert_eq!(c("matches", vec![s("a b"), s("a[ ]b"), s("x")]), "true");
}
