//! Conversion functions: `date`, `time`, `date and time`, `number`, `string`, `duration`,
//! `years and months duration`, `range`, and `not`, `is`.

use super::{arg, int_arg};
use crate::temporal::{AnyDuration, parse_duration};
use crate::{
    Budget, BudgetExceeded, FeelDate, FeelDateTime, FeelTime, Limit, Number, Range, RangeBound,
    Value, YearsMonths, Zone,
};
use chrono::NaiveTime;
use std::cmp::Ordering;
use std::sync::Arc;

pub(super) fn date(args: &[Value]) -> Value {
    match args {
        [Value::String(s)] => FeelDate::parse(s).map_or(Value::Null, Value::Date),
        [Value::Date(d)] => Value::Date(*d),
        [Value::DateTime(dt)] => Value::Date(dt.date()),
        [_, _, _] => match (int_arg(args, 0), int_arg(args, 1), int_arg(args, 2)) {
            (Some(y), Some(m), Some(d)) => {
                FeelDate::from_ymd(y, m, d).map_or(Value::Null, Value::Date)
            }
            _ => Value::Null,
        },
        _ => Value::Null,
    }
}

pub(super) fn date_and_time(args: &[Value]) -> Value {
    match args {
        [Value::String(s)] => match FeelDateTime::parse(s) {
            Some(dt) => Value::DateTime(dt),
            None => FeelDate::parse(s).map_or(Value::Null, |d| Value::DateTime(d.at_midnight())),
        },
        [Value::DateTime(dt)] => Value::DateTime(dt.clone()),
        [Value::Date(d)] => Value::DateTime(d.at_midnight()),
        [d, Value::Time(t)] => {
            let date = match d {
                Value::Date(d) => *d,
                Value::DateTime(dt) => dt.date(),
                _ => return Value::Null,
            };
            Value::DateTime(FeelDateTime::from_date_time(&date, t))
        }
        _ => Value::Null,
    }
}

pub(super) fn time(args: &[Value]) -> Value {
    match args {
        [Value::String(s)] => FeelTime::parse(s).map_or(Value::Null, Value::Time),
        [Value::Time(t)] => Value::Time(t.clone()),
        [Value::DateTime(dt)] => Value::Time(dt.time()),
        [Value::Date(_)] => Value::Time(FeelTime::new(NaiveTime::MIN, Some(Zone::Offset(0)))),
        [h, m, s] | [h, m, s, _] => {
            let (Value::Number(h), Value::Number(m), Value::Number(s)) = (h, m, s) else {
                return Value::Null;
            };
            let (Some(h), Some(m)) = (h.to_i64(), m.to_i64()) else {
                return Value::Null;
            };
            let whole = s.floor();
            let Some(secs) = whole.to_i64() else {
                return Value::Null;
            };
            let nanos = s
                .sub(whole)
                .and_then(|f| f.mul(Number::from_i64(1_000_000_000)))
                .and_then(|f| f.trunc().to_i64())
                .unwrap_or(0);
            let (Ok(h), Ok(m), Ok(secs), Ok(nanos)) = (
                u32::try_from(h),
                u32::try_from(m),
                u32::try_from(secs),
                u32::try_from(nanos),
            ) else {
                return Value::Null;
            };
            if secs >= 60 {
                return Value::Null;
            }
            let Some(t) = NaiveTime::from_hms_nano_opt(h, m, secs, nanos) else {
                return Value::Null;
            };
            let zone = match arg(args, 3) {
                Value::Null => None,
                Value::DaysTime(d) => {
                    let secs = d.whole_seconds();
                    if secs.abs() > 18 * 3600 {
                        return Value::Null;
                    }
                    Some(Zone::Offset(i32::try_from(secs).unwrap_or(0)))
                }
                _ => return Value::Null,
            };
            Value::Time(FeelTime::new(t, zone))
        }
        _ => Value::Null,
    }
}

pub(super) fn number(args: &[Value]) -> Value {
    let Value::String(from) = arg(args, 0) else {
        return Value::Null;
    };
    let group = match arg(args, 1) {
        Value::Null => None,
        Value::String(g) if matches!(&**g, " " | "," | ".") => Some(g.clone()),
        _ => return Value::Null,
    };
    let decimal = match arg(args, 2) {
        Value::Null => None,
        Value::String(d) if matches!(&**d, "," | ".") => Some(d.clone()),
        _ => return Value::Null,
    };
    if let (Some(g), Some(d)) = (&group, &decimal)
        && g == d
    {
        return Value::Null;
    }
    let mut text = from.to_string();
    if let Some(g) = group {
        text = text.replace(&*g, "");
    }
    if let Some(d) = decimal {
        text = text.replace(&*d, ".");
    }
    Number::parse(&text).map_or(Value::Null, Value::Number)
}

/// Text written no further than a number of bytes: printing a value that would be longer
/// stops with an error instead of building it.
struct Bounded {
    text: String,
    max_bytes: usize,
    overflowed: bool,
}

impl std::fmt::Write for Bounded {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        if self.text.len().saturating_add(s.len()) > self.max_bytes {
            self.overflowed = true;
            return Err(std::fmt::Error);
        }
        self.text.push_str(s);
        Ok(())
    }
}

pub(super) fn string(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    match args {
        [Value::Null] => Ok(Value::Null),
        [Value::String(s)] => Ok(Value::String(s.clone())),
        [v] => {
            use std::fmt::Write as _;
            let mut out = Bounded {
                text: String::new(),
                max_bytes: budget.limits().string_bytes,
                overflowed: false,
            };
            if write!(out, "{v}").is_err() && out.overflowed {
                return Err(BudgetExceeded::new(Limit::StringBytes(out.max_bytes)));
            }
            Ok(Value::string(out.text))
        }
        _ => Ok(Value::Null),
    }
}

pub(super) fn duration(args: &[Value]) -> Value {
    match args {
        [Value::String(s)] => match parse_duration(s) {
            Some(AnyDuration::YearsMonths(m)) => Value::YearsMonths(m),
            Some(AnyDuration::DaysTime(t)) => Value::DaysTime(t),
            None => Value::Null,
        },
        [v @ (Value::YearsMonths(_) | Value::DaysTime(_))] => v.clone(),
        _ => Value::Null,
    }
}

fn date_part(v: &Value) -> Option<chrono::NaiveDate> {
    match v {
        Value::Date(d) => Some(d.0),
        Value::DateTime(dt) => Some(dt.local().date()),
        _ => None,
    }
}

pub(super) fn years_and_months_duration(args: &[Value]) -> Value {
    match (date_part(arg(args, 0)), date_part(arg(args, 1))) {
        (Some(a), Some(b)) if args.len() == 2 => Value::YearsMonths(YearsMonths::between(a, b)),
        _ => Value::Null,
    }
}

pub(super) fn not(args: &[Value]) -> Value {
    match args {
        [Value::Boolean(b)] => Value::Boolean(!b),
        _ => Value::Null,
    }
}

/// `is(a, b)`: same kind and the same value, zones and offsets included (`@"10:00:00Z"` is not `@"10:00:00@Etc/UTC"`).
pub(super) fn is(args: &[Value]) -> Value {
    if args.len() > 2 {
        return Value::Null;
    }
    Value::Boolean(is_same(arg(args, 0), arg(args, 1)))
}

pub(crate) fn is_same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Time(x), Value::Time(y)) => x.time() == y.time() && x.zone() == y.zone(),
        (Value::DateTime(x), Value::DateTime(y)) => x.local() == y.local() && x.zone() == y.zone(),
        (Value::Null, Value::Null) => true,
        _ => std::mem::discriminant(a) == std::mem::discriminant(b) && a.eq_opt(b) == Some(true),
    }
}

// ---------------------------------------------------------------- range("…")

struct Lexer<'a> {
    s: &'a str,
    i: usize,
}

impl<'a> Lexer<'a> {
    fn skip_ws(&mut self) {
        while self.s[self.i..].starts_with(char::is_whitespace) {
            let c = self.s[self.i..].chars().next().map_or(1, char::len_utf8);
            self.i += c;
        }
    }
    fn eat(&mut self, t: &str) -> bool {
        self.skip_ws();
        if self.s[self.i..].starts_with(t) {
            self.i += t.len();
            true
        } else {
            false
        }
    }
    fn peek_char(&mut self) -> Option<char> {
        self.skip_ws();
        self.s[self.i..].chars().next()
    }
    /// A string literal `"…"` with FEEL escapes.
    fn string_lit(&mut self) -> Option<String> {
        if !self.eat("\"") {
            return None;
        }
        let mut out = String::new();
        let mut chars = self.s[self.i..].char_indices();
        while let Some((k, c)) = chars.next() {
            match c {
                '"' => {
                    self.i += k + 1;
                    return Some(out);
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, 'r')) => out.push('\r'),
                    Some((_, c)) => out.push(c),
                    None => return None,
                },
                c => out.push(c),
            }
        }
        None
    }
    /// One endpoint literal: number, string, `@"…"`, or `date(…)`, `time(…)`, `date and time(…)`, `duration(…)` of a string literal.
    fn endpoint(&mut self) -> Option<Value> {
        let c = self.peek_char()?;
        if c == '"' {
            return self.string_lit().map(Value::string);
        }
        if c == '@' {
            self.i += 1;
            let s = self.string_lit()?;
            let v = Value::from_at_literal(&s);
            return (!v.is_null()).then_some(v);
        }
        if c == '-' || c == '.' || c.is_ascii_digit() {
            let start = self.i;
            let rest = &self.s[self.i..];
            let len = rest
                .char_indices()
                .find(|(k, ch)| !(ch.is_ascii_digit() || *ch == '.' || (*k == 0 && *ch == '-')))
                .map_or(rest.len(), |(k, _)| k);
            // "1..3": a number followed by the range dots.
            let mut text = &rest[..len];
            if let Some(p) = text.find("..") {
                text = &text[..p];
            }
            let text = text.trim_end_matches('.');
            self.i = start + text.len();
            return Number::parse(text).map(Value::Number);
        }
        for (name, f) in [
            ("date and time", date_and_time as fn(&[Value]) -> Value),
            ("date", date),
            ("time", time),
            ("duration", duration),
        ] {
            let save = self.i;
            if self.eat(name) && self.eat("(") {
                let s = self.string_lit()?;
                if !self.eat(")") {
                    return None;
                }
                let v = f(&[Value::string(s)]);
                return (!v.is_null()).then_some(v);
            }
            self.i = save;
        }
        None
    }
}

/// Parses the text of a range literal (`[1..10)`, `]"a".."z"]`); both ends are required.
pub(crate) fn parse_range(text: &str) -> Option<Range> {
    let mut lx = Lexer { s: text, i: 0 };
    let start_closed = if lx.eat("[") {
        true
    } else if lx.eat("(") || lx.eat("]") {
        false
    } else {
        return None;
    };
    let a = lx.endpoint()?;
    if !lx.eat("..") {
        return None;
    }
    let b = lx.endpoint()?;
    let end_closed = if lx.eat("]") {
        true
    } else if lx.eat(")") || lx.eat("[") {
        false
    } else {
        return None;
    };
    lx.skip_ws();
    if lx.i != text.len() {
        return None;
    }
    // Both ends of one kind, in order.
    match a.feel_cmp(&b) {
        Some(Ordering::Less | Ordering::Equal) => {}
        _ => return None,
    }
    Some(Range {
        start: if start_closed {
            RangeBound::Closed(a)
        } else {
            RangeBound::Open(a)
        },
        end: if end_closed {
            RangeBound::Closed(b)
        } else {
            RangeBound::Open(b)
        },
        equals: false,
    })
}

pub(super) fn range(args: &[Value]) -> Value {
    match args {
        [Value::String(s)] => parse_range(s).map_or(Value::Null, |r| Value::Range(Arc::new(r))),
        _ => Value::Null,
    }
}
