//! The FEEL built-in function library (DMN 1.5 §10.3.4).
//!
//! Every built-in is a [`FeelFunction`]: it takes positional or named arguments (named
//! with the parameter names of the specification, e.g. `substring(string: "abc", start
//! position: 2)`), and gives `null` for a call it cannot make — never a panic. Built-ins
//! whose result may be large check the budget before building it; every result is
//! accounted for in the budget after.

mod context_fns;
mod conversion;
mod lists;
mod numeric;
mod ranges;
mod strings;
mod temporal_fns;

use crate::{Args, Budget, BudgetExceeded, FeelDateTime, FeelFunction, Name, Value};
use std::sync::Arc;

/// What the built-ins may need from outside: the evaluation instant for `now()` and `today()`.
#[derive(Clone, Debug, Default)]
pub struct BuiltinEnv {
    /// The instant `now()` returns (and whose date `today()` returns); `None` makes them return `null`.
    pub now: Option<FeelDateTime>,
}

/// How a built-in is implemented: on positional arguments, with the environment, or with
/// the budget (those that call functions or may build large values).
#[derive(Clone, Copy)]
enum Imp {
    Plain(fn(&[Value]) -> Value),
    Env(fn(&[Value], &BuiltinEnv) -> Value),
    Budgeted(fn(&[Value], &Budget) -> Result<Value, BudgetExceeded>),
}

/// One signature: parameter names, how many are required, whether the last repeats.
struct Sig {
    params: &'static [&'static str],
    required: usize,
    variadic: bool,
}

const fn sig(params: &'static [&'static str], required: usize) -> Sig {
    Sig {
        params,
        required,
        variadic: false,
    }
}

const fn var(params: &'static [&'static str], required: usize) -> Sig {
    Sig {
        params,
        required,
        variadic: true,
    }
}

struct Def {
    name: &'static str,
    sigs: &'static [Sig],
    imp: Imp,
}

macro_rules! def {
    ($name:expr, [$($sig:expr),* $(,)?], $f:expr) => {
        Def { name: $name, sigs: &[$($sig),*], imp: Imp::Plain($f) }
    };
}

macro_rules! def_budgeted {
    ($name:expr, [$($sig:expr),* $(,)?], $f:expr) => {
        Def { name: $name, sigs: &[$($sig),*], imp: Imp::Budgeted($f) }
    };
}

macro_rules! def_env {
    ($name:expr, [$($sig:expr),* $(,)?], $f:expr) => {
        Def { name: $name, sigs: &[$($sig),*], imp: Imp::Env($f) }
    };
}

static DEFS: &[Def] = &[
    // conversion
    def!(
        "date",
        [sig(&["from"], 1), sig(&["year", "month", "day"], 3)],
        conversion::date
    ),
    def!(
        "date and time",
        [sig(&["from"], 1), sig(&["date", "time"], 2)],
        conversion::date_and_time
    ),
    def!(
        "time",
        [
            sig(&["from"], 1),
            sig(&["hour", "minute", "second", "offset"], 3)
        ],
        conversion::time
    ),
    def!(
        "number",
        [sig(&["from", "grouping separator", "decimal separator"], 1)],
        conversion::number
    ),
    def_budgeted!("string", [sig(&["from"], 1)], conversion::string),
    def!("duration", [sig(&["from"], 1)], conversion::duration),
    def!(
        "years and months duration",
        [sig(&["from", "to"], 2)],
        conversion::years_and_months_duration
    ),
    def!("range", [sig(&["from"], 1)], conversion::range),
    // boolean
    def!("not", [sig(&["negand"], 1)], conversion::not),
    def!("is", [sig(&["value1", "value2"], 0)], conversion::is),
    // strings
    def!(
        "substring",
        [sig(&["string", "start position", "length"], 2)],
        strings::substring
    ),
    def!(
        "string length",
        [sig(&["string"], 1)],
        strings::string_length
    ),
    def!("upper case", [sig(&["string"], 1)], strings::upper_case),
    def!("lower case", [sig(&["string"], 1)], strings::lower_case),
    def!(
        "substring before",
        [sig(&["string", "match"], 2)],
        strings::substring_before
    ),
    def!(
        "substring after",
        [sig(&["string", "match"], 2)],
        strings::substring_after
    ),
    def_budgeted!(
        "replace",
        [sig(&["input", "pattern", "replacement", "flags"], 3)],
        strings::replace
    ),
    def!(
        "contains",
        [sig(&["string", "match"], 2)],
        strings::contains
    ),
    def!(
        "starts with",
        [sig(&["string", "match"], 2)],
        strings::starts_with
    ),
    def!(
        "ends with",
        [sig(&["string", "match"], 2)],
        strings::ends_with
    ),
    def!(
        "matches",
        [sig(&["input", "pattern", "flags"], 2)],
        strings::matches
    ),
    def!("split", [sig(&["string", "delimiter"], 2)], strings::split),
    def_budgeted!(
        "string join",
        [sig(&["list", "delimiter"], 1)],
        strings::string_join
    ),
    // lists
    def!(
        "list contains",
        [sig(&["list", "element"], 2)],
        lists::list_contains
    ),
    def!("count", [var(&["list"], 0)], lists::count),
    def!("min", [var(&["list"], 1)], lists::min),
    def!("max", [var(&["list"], 1)], lists::max),
    def!("sum", [var(&["list"], 1)], lists::sum),
    def!("mean", [var(&["list"], 1)], lists::mean),
    def!("median", [var(&["list"], 1)], lists::median),
    def!("stddev", [var(&["list"], 1)], lists::stddev),
    def!("mode", [var(&["list"], 1)], lists::mode),
    def!("product", [var(&["list"], 1)], lists::product),
    def!("all", [var(&["list"], 1)], lists::all),
    def!("any", [var(&["list"], 1)], lists::any),
    def!(
        "sublist",
        [sig(&["list", "start position", "length"], 2)],
        lists::sublist
    ),
    def_budgeted!("append", [var(&["list", "item"], 1)], lists::append),
    def_budgeted!("concatenate", [var(&["list"], 0)], lists::concatenate),
    def_budgeted!(
        "insert before",
        [sig(&["list", "position", "newItem"], 3)],
        lists::insert_before
    ),
    def!("remove", [sig(&["list", "position"], 2)], lists::remove),
    def!("reverse", [sig(&["list"], 1)], lists::reverse),
    def!("index of", [sig(&["list", "match"], 2)], lists::index_of),
    def_budgeted!("union", [var(&["list"], 0)], lists::union),
    def_budgeted!(
        "distinct values",
        [sig(&["list"], 1)],
        lists::distinct_values
    ),
    def_budgeted!("flatten", [sig(&["list"], 1)], lists::flatten),
    def_budgeted!("sort", [sig(&["list", "precedes"], 1)], lists::sort),
    def_budgeted!(
        "list replace",
        [
            sig(&["list", "position", "newItem"], 3),
            sig(&["list", "match", "newItem"], 3)
        ],
        lists::list_replace
    ),
    // numeric
    def!("decimal", [sig(&["n", "scale"], 2)], numeric::decimal),
    def!("floor", [sig(&["n", "scale"], 1)], numeric::floor),
    def!("ceiling", [sig(&["n", "scale"], 1)], numeric::ceiling),
    def!("round up", [sig(&["n", "scale"], 2)], numeric::round_up),
    def!("round down", [sig(&["n", "scale"], 2)], numeric::round_down),
    def!(
        "round half up",
        [sig(&["n", "scale"], 2)],
        numeric::round_half_up
    ),
    def!(
        "round half down",
        [sig(&["n", "scale"], 2)],
        numeric::round_half_down
    ),
    def!("abs", [sig(&["n"], 1)], numeric::abs),
    def!(
        "modulo",
        [sig(&["dividend", "divisor"], 2)],
        numeric::modulo
    ),
    def!("sqrt", [sig(&["number"], 1)], numeric::sqrt),
    def!("log", [sig(&["number"], 1)], numeric::log),
    def!("exp", [sig(&["number"], 1)], numeric::exp),
    def!("odd", [sig(&["number"], 1)], numeric::odd),
    def!("even", [sig(&["number"], 1)], numeric::even),
    // ranges
    def!(
        "before",
        [
            sig(&["point1", "point2"], 2),
            sig(&["point", "range"], 2),
            sig(&["range", "point"], 2),
            sig(&["range1", "range2"], 2)
        ],
        ranges::before
    ),
    def!(
        "after",
        [
            sig(&["point1", "point2"], 2),
            sig(&["point", "range"], 2),
            sig(&["range", "point"], 2),
            sig(&["range1", "range2"], 2)
        ],
        ranges::after
    ),
    def!("meets", [sig(&["range1", "range2"], 2)], ranges::meets),
    def!("met by", [sig(&["range1", "range2"], 2)], ranges::met_by),
    def!(
        "overlaps",
        [sig(&["range1", "range2"], 2)],
        ranges::overlaps
    ),
    def!(
        "overlaps before",
        [sig(&["range1", "range2"], 2)],
        ranges::overlaps_before
    ),
    def!(
        "overlaps after",
        [sig(&["range1", "range2"], 2)],
        ranges::overlaps_after
    ),
    def!(
        "finishes",
        [sig(&["point", "range"], 2), sig(&["range1", "range2"], 2)],
        ranges::finishes
    ),
    def!(
        "finished by",
        [sig(&["range", "point"], 2), sig(&["range1", "range2"], 2)],
        ranges::finished_by
    ),
    def!(
        "includes",
        [sig(&["range", "point"], 2), sig(&["range1", "range2"], 2)],
        ranges::includes
    ),
    def!(
        "during",
        [sig(&["point", "range"], 2), sig(&["range1", "range2"], 2)],
        ranges::during
    ),
    def!(
        "starts",
        [sig(&["point", "range"], 2), sig(&["range1", "range2"], 2)],
        ranges::starts
    ),
    def!(
        "started by",
        [sig(&["range", "point"], 2), sig(&["range1", "range2"], 2)],
        ranges::started_by
    ),
    def!(
        "coincides",
        [sig(&["point1", "point2"], 2), sig(&["range1", "range2"], 2)],
        ranges::coincides
    ),
    // temporal
    def!(
        "day of year",
        [sig(&["date"], 1)],
        temporal_fns::day_of_year
    ),
    def!(
        "day of week",
        [sig(&["date"], 1)],
        temporal_fns::day_of_week
    ),
    def!(
        "month of year",
        [sig(&["date"], 1)],
        temporal_fns::month_of_year
    ),
    def!(
        "week of year",
        [sig(&["date"], 1)],
        temporal_fns::week_of_year
    ),
    def_env!("now", [sig(&[], 0)], temporal_fns::now),
    def_env!("today", [sig(&[], 0)], temporal_fns::today),
    // contexts
    def!("get value", [sig(&["m", "key"], 2)], context_fns::get_value),
    def!("get entries", [sig(&["m"], 1)], context_fns::get_entries),
    def_budgeted!("context", [sig(&["entries"], 1)], context_fns::context),
    def_budgeted!(
        "context put",
        [
            sig(&["context", "key", "value"], 3),
            sig(&["context", "keys", "value"], 3)
        ],
        context_fns::context_put
    ),
    def_budgeted!(
        "context merge",
        [sig(&["contexts"], 1)],
        context_fns::context_merge
    ),
];

/// A built-in function as a FEEL function value.
struct Builtin {
    def: &'static Def,
    env: BuiltinEnv,
}

/// What a parameter expects, for the implicit conversions of DMN 1.5 §10.3.2.9.4.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    /// A list: a single non-list value is converted to a singleton list.
    List,
    /// Any value: no conversion.
    Any,
    /// A single value: a singleton list is converted to its item.
    One,
}

/// The kind of a built-in's parameter, by the names of the specification.
fn kind(func: &str, param: &str) -> Kind {
    match (func, param) {
        (_, "list" | "contexts" | "keys" | "entries") => Kind::List,
        (_, "element" | "item" | "newItem" | "value" | "value1" | "value2" | "precedes")
        | ("string", "from")
        | ("index of" | "list replace", "match") => Kind::Any,
        _ => Kind::One,
    }
}

impl Builtin {
    /// Applies the implicit conversions (singleton list to value, value to singleton list)
    /// to arguments bound to `sig`. `strict` (a call by name, whose signature is known)
    /// refuses a list of other than one item for a single-value parameter.
    fn convert(&self, sig: &Sig, args: &mut [Value], strict: bool) -> Option<()> {
        // A variadic signature's last parameter repeats and takes lists and values alike.
        let fixed = if sig.variadic {
            sig.params.len().saturating_sub(1)
        } else {
            sig.params.len()
        };
        for (param, value) in sig.params[..fixed].iter().zip(args.iter_mut()) {
            match (kind(self.def.name, param), &*value) {
                (_, Value::Null) | (Kind::Any, _) => {}
                (Kind::List, Value::List(_)) => {}
                (Kind::List, v) => *value = Value::list(vec![v.clone()]),
                (Kind::One, Value::List(items)) if items.len() == 1 => {
                    *value = items[0].clone();
                }
                (Kind::One, Value::List(_)) if strict => return None,
                (Kind::One, _) => {}
            }
        }
        Some(())
    }

    /// Positional arguments for a call, or `None` if the arguments fit no signature.
    fn positional(&self, args: Args) -> Option<Vec<Value>> {
        match args {
            Args::Positional(mut values) => {
                let n = values.len();
                let sig = self
                    .def
                    .sigs
                    .iter()
                    .find(|s| n >= s.required && (s.variadic || n <= s.params.len()))?;
                self.convert(sig, &mut values, false)?;
                Some(values)
            }
            Args::Named(named) => {
                'sigs: for s in self.def.sigs {
                    let mut slots: Vec<Option<Value>> = vec![None; s.params.len()];
                    for (k, v) in &named {
                        match s.params.iter().position(|p| **p == **k) {
                            Some(i) if slots[i].is_none() => slots[i] = Some(v.clone()),
                            _ => continue 'sigs,
                        }
                    }
                    if slots[..s.required].iter().any(Option::is_none) {
                        continue;
                    }
                    let last = slots.iter().rposition(Option::is_some).map_or(0, |i| i + 1);
                    let mut out: Vec<Value> = slots
                        .into_iter()
                        .take(last)
                        .map(|v| v.unwrap_or(Value::Null))
                        .collect();
                    // A variadic function called by name with its list parameter: pass the list on.
                    if s.variadic && out.len() == 1 && !matches!(out[0], Value::List(_)) {
                        out = vec![Value::list(vec![out.remove(0)])];
                    }
                    self.convert(s, &mut out, true)?;
                    return Some(out);
                }
                None
            }
        }
    }
}

impl FeelFunction for Builtin {
    fn parameters(&self) -> Vec<Name> {
        let longest = self
            .def
            .sigs
            .iter()
            .max_by_key(|s| s.params.len())
            .map_or(&[][..], |s| s.params);
        longest.iter().map(|p| Name::from(*p)).collect()
    }

    fn call(&self, args: Args, budget: &Budget) -> Result<Value, BudgetExceeded> {
        let Some(args) = self.positional(args) else {
            return Ok(Value::Null);
        };
        // Built-ins read their arguments through: that work grows with their size.
        budget.charge_sizes(&args)?;
        let result = match self.def.imp {
            Imp::Plain(f) => f(&args),
            Imp::Env(f) => f(&args, &self.env),
            Imp::Budgeted(f) => f(&args, budget)?,
        };
        budget.built(&result)?;
        Ok(result)
    }

    fn describe(&self) -> String {
        format!("{}({})", self.def.name, self.parameters().join(", "))
    }
}

/// The names of all built-in functions, including those with spaces (`string length`,
/// `date and time`), so that a parser can recognise them.
pub fn names() -> &'static [&'static str] {
    static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    NAMES.get_or_init(|| DEFS.iter().map(|d| d.name).collect())
}

/// The built-in function with this name, as a function value; `None` if there is none.
pub fn lookup(name: &str, env: &BuiltinEnv) -> Option<Value> {
    let def = DEFS.iter().find(|d| d.name == name)?;
    Some(Value::Function(Arc::new(Builtin {
        def,
        env: env.clone(),
    })))
}

/// Calls a built-in by name with positional arguments, within a default budget (a
/// convenience for tests and tools); `Null` if there is no such built-in.
pub fn call(name: &str, args: Vec<Value>, env: &BuiltinEnv) -> Result<Value, BudgetExceeded> {
    match lookup(name, env) {
        Some(Value::Function(f)) => f.call(Args::Positional(args), &Budget::default()),
        _ => Ok(Value::Null),
    }
}

// ---------------------------------------------------------------- helpers for the modules

/// The items of a "list or varargs" argument: `f([1, 2])` and `f(1, 2)` both give `[1, 2]`.
pub(crate) fn list_or_varargs(args: &[Value]) -> Option<Vec<Value>> {
    match args {
        [Value::List(items)] => Some(items.to_vec()),
        [] => None,
        [Value::Null] => None,
        many => Some(many.to_vec()),
    }
}

/// The argument at `i`, or `Null` if absent.
pub(crate) fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&Value::Null)
}

/// The number at `i` as an i64 integer (`None` if absent, not a number or not an integer).
pub(crate) fn int_arg(args: &[Value], i: usize) -> Option<i64> {
    match arg(args, i) {
        Value::Number(n) => n.to_i64(),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
