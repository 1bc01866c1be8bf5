//! Temporal functions: `day of year`, `day of week`, `month of year`, `week of year`, `now`, `today`.

use super::BuiltinEnv;
use crate::Value;
use chrono::{Datelike, NaiveDate};

fn date_of(args: &[Value]) -> Option<NaiveDate> {
    match args {
        [Value::Date(d)] => Some(d.0),
        [Value::DateTime(dt)] => Some(dt.local().date()),
        _ => None,
    }
}

pub(super) fn day_of_year(args: &[Value]) -> Value {
    date_of(args).map_or(Value::Null, |d| Value::int(i64::from(d.ordinal())))
}

const DAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

pub(super) fn day_of_week(args: &[Value]) -> Value {
    date_of(args).map_or(Value::Null, |d| {
        Value::string(DAYS[d.weekday().num_days_from_monday() as usize % 7])
    })
}

pub(super) fn month_of_year(args: &[Value]) -> Value {
    date_of(args).map_or(Value::Null, |d| {
        Value::string(MONTHS[d.month0() as usize % 12])
    })
}

pub(super) fn week_of_year(args: &[Value]) -> Value {
    date_of(args).map_or(Value::Null, |d| Value::int(i64::from(d.iso_week().week())))
}

pub(super) fn now(args: &[Value], env: &BuiltinEnv) -> Value {
    match (args, &env.now) {
        ([], Some(now)) => Value::DateTime(now.clone()),
        _ => Value::Null,
    }
}

pub(super) fn today(args: &[Value], env: &BuiltinEnv) -> Value {
    match (args, &env.now) {
        ([], Some(now)) => Value::Date(now.date()),
        _ => Value::Null,
    }
}
