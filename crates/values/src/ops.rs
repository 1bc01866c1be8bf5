//! The operators of FEEL on values: arithmetic, comparison, equality, types and ranges.

use crate::temporal::{self, AnyDuration};
use crate::{
    Context, DaysTime, FeelDate, FeelDateTime, FeelTime, Number, Range, RangeBound, Type, Value,
    YearsMonths,
};
use chrono::{Datelike, Timelike};
use std::cmp::Ordering;
use std::fmt;
use std::sync::Arc;

fn num(n: Option<Number>) -> Value {
    n.map_or(Value::Null, Value::Number)
}

fn opt<T>(v: Option<T>, f: impl FnOnce(T) -> Value) -> Value {
    v.map_or(Value::Null, f)
}

/// Multiplies a count (months or nanoseconds) by a number, truncating towards zero.
fn scale_count(count: i128, factor: &Number) -> Option<i128> {
    Number::from_i128(count).mul(*factor)?.trunc().to_i128()
}

/// Divides a count by a number, truncating towards zero.
fn divide_count(count: i128, divisor: &Number) -> Option<i128> {
    Number::from_i128(count).div(*divisor)?.trunc().to_i128()
}

fn days_time(n: Option<i128>) -> Value {
    n.map_or(Value::Null, |n| Value::DaysTime(DaysTime::from_nanos(n)))
}

fn years_months(n: Option<i128>) -> Value {
    n.and_then(|n| i64::try_from(n).ok())
        .map_or(Value::Null, |n| Value::YearsMonths(YearsMonths(n)))
}

impl Value {
    /// A number value from an integer.
    pub fn int(n: i64) -> Value {
        Value::Number(Number::from_i64(n))
    }

    /// A boolean value.
    pub fn bool(b: bool) -> Value {
        Value::Boolean(b)
    }

    /// A context value.
    pub fn context(ctx: Context) -> Value {
        Value::Context(Arc::new(ctx))
    }

    /// `a + b` (numbers, strings, temporal values and durations); `null` where undefined.
    pub fn add(&self, other: &Value) -> Value {
        use Value::*;
        match (self, other) {
            (Number(a), Number(b)) => num(a.add(*b)),
            (String(a), String(b)) => {
                let mut s = std::string::String::with_capacity(a.len() + b.len());
                s.push_str(a);
                s.push_str(b);
                Value::string(s)
            }
            (YearsMonths(a), YearsMonths(b)) => {
                years_months(i128::from(a.0).checked_add(i128::from(b.0)))
            }
            (DaysTime(a), DaysTime(b)) => days_time(a.nanos().checked_add(b.nanos())),
            (Date(d), YearsMonths(m)) | (YearsMonths(m), Date(d)) => opt(d.add_months(m.0), Date),
            (Date(d), DaysTime(t)) | (DaysTime(t), Date(d)) => opt(d.add_days_time(*t), Date),
            (DateTime(d), YearsMonths(m)) | (YearsMonths(m), DateTime(d)) => {
                opt(d.add_months(m.0), DateTime)
            }
            (DateTime(d), DaysTime(t)) | (DaysTime(t), DateTime(d)) => opt(d.add(*t), DateTime),
            (Time(a), DaysTime(t)) | (DaysTime(t), Time(a)) => Time(a.add(*t)),
            _ => Null,
        }
    }

    /// `a - b`.
    pub fn sub(&self, other: &Value) -> Value {
        use Value::*;
        match (self, other) {
            (Number(a), Number(b)) => num(a.sub(*b)),
            (YearsMonths(a), YearsMonths(b)) => {
                years_months(i128::from(a.0).checked_sub(i128::from(b.0)))
            }
            (DaysTime(a), DaysTime(b)) => days_time(a.nanos().checked_sub(b.nanos())),
            (Date(a), Date(b)) => DaysTime(a.sub_date(b)),
            (DateTime(a), DateTime(b)) => opt(a.sub_date_time(b), DaysTime),
            (DateTime(a), Date(b)) => opt(a.sub_date_time(&b.at_midnight_utc()), DaysTime),
            (Date(a), DateTime(b)) => opt(a.at_midnight_utc().sub_date_time(b), DaysTime),
            (Time(a), Time(b)) => opt(a.sub_time(b), DaysTime),
            (Date(d), YearsMonths(m)) => opt(d.add_months(m.0.saturating_neg()), Date),
            (Date(d), DaysTime(t)) => opt(
                d.add_days_time(crate::DaysTime::from_nanos(t.nanos().saturating_neg())),
                Date,
            ),
            (DateTime(d), YearsMonths(m)) => opt(d.add_months(m.0.saturating_neg()), DateTime),
            (DateTime(d), DaysTime(t)) => opt(
                d.add(crate::DaysTime::from_nanos(t.nanos().saturating_neg())),
                DateTime,
            ),
            (Time(a), DaysTime(t)) => {
                Time(a.add(crate::DaysTime::from_nanos(t.nanos().saturating_neg())))
            }
            _ => Null,
        }
    }

    /// `a * b`.
    pub fn mul(&self, other: &Value) -> Value {
        use Value::*;
        match (self, other) {
            (Number(a), Number(b)) => num(a.mul(*b)),
            (YearsMonths(m), Number(n)) | (Number(n), YearsMonths(m)) => {
                years_months(scale_count(i128::from(m.0), n))
            }
            (DaysTime(t), Number(n)) | (Number(n), DaysTime(t)) => {
                days_time(scale_count(t.nanos(), n))
            }
            _ => Null,
        }
    }

    /// `a / b` (`null` on division by zero).
    pub fn div(&self, other: &Value) -> Value {
        use Value::*;
        match (self, other) {
            (Number(a), Number(b)) => num(a.div(*b)),
            (YearsMonths(m), Number(n)) => years_months(divide_count(i128::from(m.0), n)),
            (DaysTime(t), Number(n)) => days_time(divide_count(t.nanos(), n)),
            (YearsMonths(a), YearsMonths(b)) => {
                num(crate::Number::from_i64(a.0).div(crate::Number::from_i64(b.0)))
            }
            (DaysTime(a), DaysTime(b)) => {
                num(crate::Number::from_i128(a.nanos()).div(crate::Number::from_i128(b.nanos())))
            }
            _ => Null,
        }
    }

    /// `a ** b`.
    pub fn pow(&self, other: &Value) -> Value {
        match (self, other) {
            (Value::Number(a), Value::Number(b)) => num(a.pow(*b)),
            _ => Value::Null,
        }
    }

    /// `-a`.
    pub fn neg(&self) -> Value {
        match self {
            Value::Number(a) => Value::Number(a.neg()),
            Value::YearsMonths(m) => Value::YearsMonths(YearsMonths(m.0.saturating_neg())),
            Value::DaysTime(t) => Value::DaysTime(DaysTime::from_nanos(t.nanos().saturating_neg())),
            _ => Value::Null,
        }
    }

    /// `a = b` under FEEL's rules: `Boolean`, or `Null` where the operands are not comparable.
    pub fn feel_eq(&self, other: &Value) -> Value {
        opt(self.eq_opt(other), Value::Boolean)
    }

    /// Equality as an option: `None` where the operands are not comparable.
    pub fn eq_opt(&self, other: &Value) -> Option<bool> {
        use Value::*;
        match (self, other) {
            (Null, Null) => Some(true),
            (Null, _) | (_, Null) => Some(false),
            (Boolean(a), Boolean(b)) => Some(a == b),
            (Number(a), Number(b)) => Some(a == b),
            (String(a), String(b)) => Some(a == b),
            (Date(a), Date(b)) => Some(a == b),
            (Time(a), Time(b)) => temporal::time_eq(a, b),
            (DateTime(a), DateTime(b)) => temporal::date_time_eq(a, b),
            (YearsMonths(a), YearsMonths(b)) => Some(a == b),
            (DaysTime(a), DaysTime(b)) => Some(a == b),
            (List(a), List(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut unknown = false;
                for (x, y) in a.iter().zip(b.iter()) {
                    match x.eq_opt(y) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown { None } else { Some(true) }
            }
            (Context(a), Context(b)) => {
                if a.len() != b.len() {
                    return Some(false);
                }
                let mut unknown = false;
                for (k, x) in a.entries() {
                    let Some(y) = b.get(k) else {
                        return Some(false);
                    };
                    match x.eq_opt(y) {
                        Some(false) => return Some(false),
                        None => unknown = true,
                        Some(true) => {}
                    }
                }
                if unknown { None } else { Some(true) }
            }
            (Range(a), Range(b)) => Some(
                a.equals == b.equals && bound_eq(&a.start, &b.start)? && bound_eq(&a.end, &b.end)?,
            ),
            (Function(a), Function(b)) => Some(Arc::ptr_eq(a, b)),
            _ => None,
        }
    }

    /// The order of two values for `<`, `<=`, `>`, `>=`; `None` where they are not comparable.
    pub fn feel_cmp(&self, other: &Value) -> Option<Ordering> {
        use Value::*;
        match (self, other) {
            (Number(a), Number(b)) => Some(a.cmp(b)),
            (String(a), String(b)) => Some(a.cmp(b)),
            (Date(a), Date(b)) => Some(a.cmp(b)),
            (Time(a), Time(b)) => a.compare(b),
            (DateTime(a), DateTime(b)) => a.compare(b),
            (YearsMonths(a), YearsMonths(b)) => Some(a.cmp(b)),
            (DaysTime(a), DaysTime(b)) => Some(a.cmp(b)),
            _ => None,
        }
    }

    /// `value instance of type`.
    pub fn conforms_to(&self, ty: &Type) -> bool {
        match (self, ty) {
            (Value::Null, Type::Null) => true,
            (Value::Null, _) => false,
            (_, Type::Any) => true,
            _ => self.conforms_inner(ty),
        }
    }

    /// Conformance of a value nested in a list or context: `null` conforms to every type.
    fn conforms_inner(&self, ty: &Type) -> bool {
        match (self, ty) {
            (Value::Null, _) | (_, Type::Any) => true,
            (Value::Number(_), Type::Number)
            | (Value::String(_), Type::String)
            | (Value::Boolean(_), Type::Boolean)
            | (Value::Date(_), Type::Date)
            | (Value::Time(_), Type::Time)
            | (Value::DateTime(_), Type::DateTime)
            | (Value::YearsMonths(_), Type::YearsMonths)
            | (Value::DaysTime(_), Type::DaysTime) => true,
            (Value::List(items), Type::List(t)) => items.iter().all(|v| v.conforms_inner(t)),
            (Value::Context(c), Type::Context(entries)) => entries
                .iter()
                .all(|(k, t)| c.get(k).is_some_and(|v| v.conforms_inner(t))),
            (Value::Range(r), Type::Range(t)) => {
                let ok = |b: &RangeBound| match b {
                    RangeBound::Unbounded => true,
                    RangeBound::Closed(v) | RangeBound::Open(v) => v.conforms_inner(t),
                };
                ok(&r.start) && ok(&r.end)
            }
            (Value::Function(f), Type::Function(params, _)) => f.parameters().len() == params.len(),
            _ => false,
        }
    }

    /// The most specific type of the value.
    pub fn type_of(&self) -> Type {
        match self {
            Value::Null => Type::Null,
            Value::Boolean(_) => Type::Boolean,
            Value::Number(_) => Type::Number,
            Value::String(_) => Type::String,
            Value::Date(_) => Type::Date,
            Value::Time(_) => Type::Time,
            Value::DateTime(_) => Type::DateTime,
            Value::YearsMonths(_) => Type::YearsMonths,
            Value::DaysTime(_) => Type::DaysTime,
            Value::List(items) => {
                let mut it = items.iter().filter(|v| !v.is_null()).map(Value::type_of);
                let first = it.next();
                let t = match first {
                    None => Type::Any,
                    Some(t) => {
                        if it.all(|u| u == t) {
                            t
                        } else {
                            Type::Any
                        }
                    }
                };
                Type::List(Box::new(t))
            }
            Value::Context(c) => Type::Context(
                c.entries()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.type_of()))
                    .collect(),
            ),
            Value::Range(r) => {
                let t = match (&r.start, &r.end) {
                    (RangeBound::Closed(v) | RangeBound::Open(v), _) if !v.is_null() => v.type_of(),
                    (_, RangeBound::Closed(v) | RangeBound::Open(v)) if !v.is_null() => v.type_of(),
                    _ => Type::Any,
                };
                Type::Range(Box::new(t))
            }
            Value::Function(f) => {
                Type::Function(vec![Type::Any; f.parameters().len()], Box::new(Type::Any))
            }
        }
    }

    /// The value of a FEEL temporal literal `@"…"`: a date, time, date and time or duration; `Null` if the text is none of them.
    pub fn from_at_literal(text: &str) -> Value {
        if let Some(d) = FeelDateTime::parse(text) {
            return Value::DateTime(d);
        }
        if let Some(d) = FeelDate::parse(text) {
            return Value::Date(d);
        }
        if let Some(t) = FeelTime::parse(text) {
            return Value::Time(t);
        }
        match temporal::parse_duration(text) {
            Some(AnyDuration::YearsMonths(m)) => Value::YearsMonths(m),
            Some(AnyDuration::DaysTime(t)) => Value::DaysTime(t),
            None => Value::Null,
        }
    }

    /// A path step `value.name`: a context entry, or a property of a temporal value or range (`year`, `hours`, `start`, …); `Null` if absent.
    pub fn property(&self, name: &str) -> Value {
        let int = |n: i64| Value::Number(Number::from_i64(n));
        let big = |n: i128| Value::Number(Number::from_i128(n));
        match self {
            Value::Context(c) => c.get(name).cloned().unwrap_or(Value::Null),
            Value::Date(d) => date_property(d, name),
            Value::DateTime(dt) => match name {
                "year" | "month" | "day" | "weekday" => date_property(&dt.date(), name),
                _ => time_property(&dt.time(), dt.offset_seconds(), name),
            },
            Value::Time(t) => time_property(t, t.offset_seconds(), name),
            Value::YearsMonths(m) => match name {
                "years" => int(m.years()),
                "months" => int(m.months()),
                _ => Value::Null,
            },
            Value::DaysTime(t) => match name {
                "days" => big(t.days()),
                "hours" => big(t.hours()),
                "minutes" => big(t.minutes()),
                "seconds" => {
                    let whole = Number::from_i128(t.seconds());
                    let frac = Number::from_i128(t.subsec_nanos())
                        .div(Number::from_i64(1_000_000_000))
                        .unwrap_or_else(Number::zero);
                    num(whole.add(frac))
                }
                _ => Value::Null,
            },
            Value::Range(r) => match name {
                "start" => bound_value(&r.start),
                "end" => bound_value(&r.end),
                "start included" => Value::Boolean(matches!(r.start, RangeBound::Closed(_))),
                "end included" => Value::Boolean(matches!(r.end, RangeBound::Closed(_))),
                _ => Value::Null,
            },
            _ => Value::Null,
        }
    }

    /// The text `string(value)` gives: strings unquoted, `null` for `null`, otherwise as [`fmt::Display`].
    pub fn to_feel_string(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::String(s) => Some(s.to_string()),
            v => Some(v.to_string()),
        }
    }
}

fn date_property(d: &FeelDate, name: &str) -> Value {
    let int = |n: i64| Value::Number(Number::from_i64(n));
    match name {
        "year" => int(d.year()),
        "month" => int(i64::from(d.0.month())),
        "day" => int(i64::from(d.0.day())),
        "weekday" => int(i64::from(d.0.weekday().number_from_monday())),
        _ => Value::Null,
    }
}

fn time_property(t: &FeelTime, offset: Option<i32>, name: &str) -> Value {
    let int = |n: u32| Value::Number(Number::from_i64(i64::from(n)));
    let tm = t.time();
    match name {
        "hour" => int(tm.hour()),
        "minute" => int(tm.minute()),
        "second" => {
            let nanos = tm.nanosecond() % 1_000_000_000;
            if nanos == 0 {
                int(tm.second())
            } else {
                let frac = Number::from_i64(i64::from(nanos)).div(Number::from_i64(1_000_000_000));
                num(frac.and_then(|f| f.add(Number::from_i64(i64::from(tm.second())))))
            }
        }
        "time offset" => opt(offset, |s| {
            Value::DaysTime(DaysTime::from_seconds(i64::from(s)))
        }),
        "timezone" => opt(t.zone(), |z| Value::string(z.name())),
        _ => Value::Null,
    }
}

fn bound_value(b: &RangeBound) -> Value {
    match b {
        RangeBound::Unbounded => Value::Null,
        RangeBound::Closed(v) | RangeBound::Open(v) => v.clone(),
    }
}

fn bound_eq(a: &RangeBound, b: &RangeBound) -> Option<bool> {
    match (a, b) {
        (RangeBound::Unbounded, RangeBound::Unbounded) => Some(true),
        (RangeBound::Closed(x), RangeBound::Closed(y))
        | (RangeBound::Open(x), RangeBound::Open(y)) => x.eq_opt(y),
        _ => Some(false),
    }
}

impl Range {
    /// Whether the range contains a value: `Boolean`, or `Null` if incomparable.
    pub fn contains(&self, value: &Value) -> Value {
        opt(self.contains_opt(value), Value::Boolean)
    }

    /// Whether the range contains a value; `None` if incomparable.
    pub fn contains_opt(&self, value: &Value) -> Option<bool> {
        if value.is_null() {
            return None;
        }
        let lower = match &self.start {
            RangeBound::Unbounded => true,
            RangeBound::Closed(v) | RangeBound::Open(v) if v.is_null() => true,
            RangeBound::Closed(v) => value.feel_cmp(v)? != Ordering::Less,
            RangeBound::Open(v) => value.feel_cmp(v)? == Ordering::Greater,
        };
        let upper = match &self.end {
            RangeBound::Unbounded => true,
            RangeBound::Closed(v) | RangeBound::Open(v) if v.is_null() => true,
            RangeBound::Closed(v) => value.feel_cmp(v)? != Ordering::Greater,
            RangeBound::Open(v) => value.feel_cmp(v)? == Ordering::Less,
        };
        Some(lower && upper)
    }

    /// The range written `= value`: `[value..value]`, but equal only to another such range.
    pub fn equal_to(value: Value) -> Range {
        Range {
            start: RangeBound::Closed(value.clone()),
            end: RangeBound::Closed(value),
            equals: true,
        }
    }

    /// A range from two bounds.
    pub fn new(start: RangeBound, end: RangeBound) -> Range {
        Range {
            start,
            end,
            equals: false,
        }
    }
}

fn write_list_item(f: &mut fmt::Formatter<'_>, v: &Value) -> fmt::Result {
    fmt::Display::fmt(v, f)
}

fn write_key(f: &mut fmt::Formatter<'_>, k: &str) -> fmt::Result {
    f.write_str(k)
}

impl fmt::Display for Value {
    /// FEEL-like text of the value (strings quoted), for `string()`, traces and messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Null => f.write_str("null"),
            Value::Boolean(b) => write!(f, "{b}"),
            Value::Number(n) => write!(f, "{n}"),
            Value::String(s) => {
                f.write_str("\"")?;
                for c in s.chars() {
                    match c {
                        '"' => f.write_str("\\\"")?,
                        '\\' => f.write_str("\\\\")?,
                        '\n' => f.write_str("\\n")?,
                        '\r' => f.write_str("\\r")?,
                        '\t' => f.write_str("\\t")?,
                        c => write!(f, "{c}")?,
                    }
                }
                f.write_str("\"")
            }
            Value::Date(d) => write!(f, "{d}"),
            Value::Time(t) => write!(f, "{t}"),
            Value::DateTime(d) => write!(f, "{d}"),
            Value::YearsMonths(m) => write!(f, "{m}"),
            Value::DaysTime(t) => write!(f, "{t}"),
            Value::List(items) => {
                f.write_str("[")?;
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_list_item(f, v)?;
                }
                f.write_str("]")
            }
            Value::Context(c) => {
                f.write_str("{")?;
                for (i, (k, v)) in c.entries().iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write_key(f, k)?;
                    f.write_str(": ")?;
                    write_list_item(f, v)?;
                }
                f.write_str("}")
            }
            Value::Range(r) => match (&r.start, &r.end) {
                (RangeBound::Unbounded, RangeBound::Unbounded) => f.write_str("(..)"),
                (RangeBound::Unbounded, RangeBound::Closed(v)) => write!(f, "<= {v}"),
                (RangeBound::Unbounded, RangeBound::Open(v)) => write!(f, "< {v}"),
                (RangeBound::Closed(v), RangeBound::Unbounded) => write!(f, ">= {v}"),
                (RangeBound::Open(v), RangeBound::Unbounded) => write!(f, "> {v}"),
                (s, e) => {
                    let (open, a) = match s {
                        RangeBound::Closed(v) => ("[", v),
                        RangeBound::Open(v) => ("(", v),
                        RangeBound::Unbounded => ("(", &Value::Null),
                    };
                    let (close, b) = match e {
                        RangeBound::Closed(v) => ("]", v),
                        RangeBound::Open(v) => (")", v),
                        RangeBound::Unbounded => (")", &Value::Null),
                    };
                    write!(f, "{open}{a}..{b}{close}")
                }
            },
            Value::Function(func) => f.write_str(&func.describe()),
        }
    }
}
