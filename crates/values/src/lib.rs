//! FEEL values and the operations the language defines on them, and the FEEL built-in
//! function library.
//!
//! `null` is a value like any other; an operation on operands it is not defined for gives
//! `null` rather than an error, as the standard says. The one error is running out of the
//! evaluation's [`Budget`] (steps, call depth, stack, size of the values built), which
//! aborts the evaluation. The crate is pure: no I/O, and it never reads the clock — `now()`
//! and `today()` take the instant from [`BuiltinEnv`].

mod budget;
pub mod builtins;
mod error;
pub mod java;
pub mod json;
mod number;
mod ops;
mod temporal;

pub use budget::{
    Budget, CallGuard, Limits, MAX_VALUE_NESTING, STACK_ALLOWANCE, size_in_steps, stack_exceeded,
    stack_position,
};
pub use builtins::BuiltinEnv;
pub use error::{BudgetExceeded, Limit};
pub use java::{java_function, java_function_of};
pub use number::{Number, RoundingMode, Scaled};
pub use temporal::{DaysTime, FeelDate, FeelDateTime, FeelTime, YearsMonths, Zone};

use std::fmt;
use std::sync::Arc;

/// A name in FEEL: a variable, a context key, a parameter. Names may contain spaces
/// (`Monthly Salary`); they are stored exactly as written, with single spaces between words.
pub type Name = Arc<str>;

/// A FEEL value.
#[derive(Clone)]
pub enum Value {
    /// The absence of a value, and the result of any undefined operation.
    Null,
    /// `true` or `false`.
    Boolean(bool),
    /// A decimal number with 34 significant digits (IEEE 754 decimal128).
    Number(Number),
    /// A string of Unicode characters.
    String(Arc<str>),
    /// A calendar date.
    Date(FeelDate),
    /// A time of day, with or without an offset or zone.
    Time(FeelTime),
    /// A date and time, with or without an offset or zone.
    DateTime(FeelDateTime),
    /// A years-and-months duration (`P1Y2M`).
    YearsMonths(YearsMonths),
    /// A days-and-time duration (`P1DT2H`).
    DaysTime(DaysTime),
    /// An ordered list.
    List(Arc<Vec<Value>>),
    /// An ordered map from names to values.
    Context(Arc<Context>),
    /// A range (interval) of comparable values.
    Range(Arc<Range>),
    /// A function: built-in, defined in FEEL, or a DMN business knowledge model or decision service.
    Function(Arc<dyn FeelFunction>),
}

/// A FEEL context: entries in the order they were defined, keys unique.
#[derive(Clone, Default)]
pub struct Context {
    entries: Vec<(Name, Value)>,
}

impl Context {
    /// An empty context.
    pub fn new() -> Context {
        Context::default()
    }

    /// The value of a key, if present.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries
            .iter()
            .find(|(k, _)| &**k == key)
            .map(|(_, v)| v)
    }

    /// Sets a key, replacing its value if present (keeping its position) or appending it.
    pub fn insert(&mut self, key: Name, value: Value) {
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some(slot) => slot.1 = value,
            None => self.entries.push((key, value)),
        }
    }

    /// The entries in order.
    pub fn entries(&self) -> &[(Name, Value)] {
        &self.entries
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// True when there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// One end of a range.
#[derive(Clone)]
pub enum RangeBound {
    /// No bound on this side (`< 10` has no lower bound).
    Unbounded,
    /// Includes the value (`[`, `]`, `<=`, `>=`).
    Closed(Value),
    /// Excludes the value (`(`, `)`, `]` as start, `<`, `>`).
    Open(Value),
}

/// A range of values, e.g. `[1..10)` or `> 5`.
#[derive(Clone)]
pub struct Range {
    /// The lower end.
    pub start: RangeBound,
    /// The upper end.
    pub end: RangeBound,
    /// True for a range written `= x`: its ends are both `x`, included, but it equals
    /// only another range written so, not `[x..x]` (DMN 1.5 §10.3.2.7, TCK 0068).
    pub equals: bool,
}

impl Range {
    /// The values at the range's ends (none for an unbounded end).
    pub fn end_points(&self) -> impl Iterator<Item = &Value> {
        [&self.start, &self.end]
            .into_iter()
            .filter_map(|bound| match bound {
                RangeBound::Closed(v) | RangeBound::Open(v) => Some(v),
                RangeBound::Unbounded => None,
            })
    }
}

/// Arguments of a function call, as written at the call site.
#[derive(Clone)]
pub enum Args {
    /// `f(a, b)`.
    Positional(Vec<Value>),
    /// `f(x: a, y: b)`.
    Named(Vec<(Name, Value)>),
}

/// Anything FEEL can call. Built-ins, FEEL function definitions, business knowledge models
/// and decision services all implement it. `call` never panics: a call it cannot make
/// (wrong number or type of arguments) gives `Ok(Value::Null)`; only running out of the
/// budget is an error.
pub trait FeelFunction: Send + Sync {
    /// The function's parameter names, in order (used for named arguments and for `instance of`).
    fn parameters(&self) -> Vec<Name>;
    /// Calls the function within the caller's budget.
    fn call(&self, args: Args, budget: &Budget) -> Result<Value, BudgetExceeded>;
    /// A short description for display (`function(a, b)`).
    fn describe(&self) -> String {
        format!("function({})", self.parameters().join(", "))
    }
}

/// A FEEL type, as used by `instance of`, item definitions and function signatures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Type {
    /// Any value (`Any`).
    Any,
    /// Only `null` (`Null`).
    Null,
    /// `number`.
    Number,
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `date`.
    Date,
    /// `time`.
    Time,
    /// `date and time`.
    DateTime,
    /// `years and months duration`.
    YearsMonths,
    /// `days and time duration`.
    DaysTime,
    /// `list<T>`.
    List(Box<Type>),
    /// `context<a: T, …>` (a context having at least these entries, of these types).
    Context(Vec<(Name, Type)>),
    /// `range<T>`.
    Range(Box<Type>),
    /// `function<T, …> -> R`.
    Function(Vec<Type>, Box<Type>),
}

impl Value {
    /// A string value.
    pub fn string(text: impl Into<Arc<str>>) -> Value {
        Value::String(text.into())
    }

    /// A list value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(items))
    }

    /// True for `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
}

impl fmt::Debug for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}
