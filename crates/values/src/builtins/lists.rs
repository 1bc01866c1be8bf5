//! List functions. Those that may build long lists (`append`, `concatenate`, `union`,
//! `flatten`, …) check the length against the budget before building, and those that
//! compare every pair (`distinct values`, `union`, `sort`) take a step per comparison.

use super::{arg, list_or_varargs};
use crate::{Args, Budget, BudgetExceeded, Number, Value};
use std::cmp::Ordering;

fn list(args: &[Value], i: usize) -> Option<&[Value]> {
    match arg(args, i) {
        Value::List(items) => Some(items),
        _ => None,
    }
}

/// A 1-based position (negative counts from the end, fractions truncate) as a 0-based index.
fn index(pos: &Value, len: usize) -> Option<usize> {
    let Value::Number(n) = pos else {
        return None;
    };
    let p = n.trunc().to_i64()?;
    let len = i64::try_from(len).ok()?;
    let i = if p > 0 {
        p - 1
    } else if p < 0 {
        len + p
    } else {
        return None;
    };
    (0..len)
        .contains(&i)
        .then(|| usize::try_from(i).ok())
        .flatten()
}

fn numbers(items: &[Value]) -> Option<Vec<Number>> {
    items
        .iter()
        .map(|v| match v {
            Value::Number(n) => Some(*n),
            _ => None,
        })
        .collect()
}

pub(super) fn list_contains(args: &[Value]) -> Value {
    let Some(items) = list(args, 0) else {
        return Value::Null;
    };
    let e = arg(args, 1);
    Value::Boolean(items.iter().any(|v| v.eq_opt(e) == Some(true)))
}

pub(super) fn count(args: &[Value]) -> Value {
    match args {
        [Value::List(items)] => Value::int(items.len() as i64),
        _ => Value::Null,
    }
}

fn extreme(args: &[Value], want: Ordering) -> Value {
    let Some(items) = list_or_varargs(args) else {
        return Value::Null;
    };
    let mut it = items.into_iter();
    let Some(mut best) = it.next() else {
        return Value::Null;
    };
    for v in it {
        match v.feel_cmp(&best) {
            Some(o) if o == want => best = v,
            Some(_) => {}
            None => return Value::Null,
        }
    }
    if best.feel_cmp(&best).is_none() {
        return Value::Null;
    }
    best
}

pub(super) fn min(args: &[Value]) -> Value {
    extreme(args, Ordering::Less)
}

pub(super) fn max(args: &[Value]) -> Value {
    extreme(args, Ordering::Greater)
}

fn sum_of(ns: &[Number]) -> Option<Number> {
    let mut total = Number::zero();
    for n in ns {
        total = total.add(*n)?;
    }
    Some(total)
}

fn nums_arg(args: &[Value]) -> Option<Vec<Number>> {
    numbers(&list_or_varargs(args)?)
}

fn num(v: Option<Number>) -> Value {
    v.map_or(Value::Null, Value::Number)
}

pub(super) fn sum(args: &[Value]) -> Value {
    match nums_arg(args) {
        Some(ns) if !ns.is_empty() => num(sum_of(&ns)),
        _ => Value::Null,
    }
}

fn mean_of(ns: &[Number]) -> Option<Number> {
    if ns.is_empty() {
        return None;
    }
    sum_of(ns)?.div(Number::from_i64(ns.len() as i64))
}

pub(super) fn mean(args: &[Value]) -> Value {
    num(nums_arg(args).and_then(|ns| mean_of(&ns)))
}

pub(super) fn product(args: &[Value]) -> Value {
    let Some(ns) = nums_arg(args) else {
        return Value::Null;
    };
    if ns.is_empty() {
        return Value::Null;
    }
    let mut p = Number::one();
    for n in ns {
        match p.mul(n) {
            Some(x) => p = x,
            None => return Value::Null,
        }
    }
    Value::Number(p)
}

pub(super) fn median(args: &[Value]) -> Value {
    let Some(mut ns) = nums_arg(args) else {
        return Value::Null;
    };
    if ns.is_empty() {
        return Value::Null;
    }
    ns.sort();
    let n = ns.len();
    if n % 2 == 1 {
        Value::Number(ns[n / 2])
    } else {
        num(ns[n / 2 - 1]
            .add(ns[n / 2])
            .and_then(|s| s.div(Number::from_i64(2))))
    }
}

pub(super) fn stddev(args: &[Value]) -> Value {
    let Some(ns) = nums_arg(args) else {
        return Value::Null;
    };
    if ns.len() < 2 {
        return Value::Null;
    }
    let Some(m) = mean_of(&ns) else {
        return Value::Null;
    };
    let mut sq = Number::zero();
    for n in &ns {
        let Some(d) = n.sub(m) else {
            return Value::Null;
        };
        match d.mul(d).and_then(|x| sq.add(x)) {
            Some(x) => sq = x,
            None => return Value::Null,
        }
    }
    num(sq
        .div(Number::from_i64(ns.len() as i64 - 1))
        .and_then(Number::sqrt))
}

pub(super) fn mode(args: &[Value]) -> Value {
    let Some(ns) = nums_arg(args) else {
        return Value::Null;
    };
    let mut sorted = ns;
    sorted.sort();
    let mut best: Vec<Number> = Vec::new();
    let mut best_count = 0;
    let mut i = 0;
    while i < sorted.len() {
        let mut j = i;
        while j < sorted.len() && sorted[j] == sorted[i] {
            j += 1;
        }
        let c = j - i;
        if c > best_count {
            best_count = c;
            best = vec![sorted[i]];
        } else if c == best_count {
            best.push(sorted[i]);
        }
        i = j;
    }
    Value::list(best.into_iter().map(Value::Number).collect())
}

pub(super) fn all(args: &[Value]) -> Value {
    let Some(items) = list_or_varargs(args) else {
        return Value::Null;
    };
    let mut unknown = false;
    for v in &items {
        match v {
            Value::Boolean(false) => return Value::Boolean(false),
            Value::Boolean(true) => {}
            _ => unknown = true,
        }
    }
    if unknown {
        Value::Null
    } else {
        Value::Boolean(true)
    }
}

pub(super) fn any(args: &[Value]) -> Value {
    let Some(items) = list_or_varargs(args) else {
        return Value::Null;
    };
    let mut unknown = false;
    for v in &items {
        match v {
            Value::Boolean(true) => return Value::Boolean(true),
            Value::Boolean(false) => {}
            _ => unknown = true,
        }
    }
    if unknown {
        Value::Null
    } else {
        Value::Boolean(false)
    }
}

pub(super) fn sublist(args: &[Value]) -> Value {
    let Some(items) = list(args, 0) else {
        return Value::Null;
    };
    let Some(from) = index(arg(args, 1), items.len()) else {
        return Value::Null;
    };
    let count = match arg(args, 2) {
        Value::Null if args.len() < 3 => items.len() - from,
        Value::Number(n) => match n.trunc().to_i64().and_then(|n| usize::try_from(n).ok()) {
            Some(n) => n,
            None => return Value::Null,
        },
        _ => return Value::Null,
    };
    let to = from.saturating_add(count).min(items.len());
    Value::list(items[from..to].to_vec())
}

pub(super) fn append(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    let Some(items) = list(args, 0) else {
        return Ok(Value::Null);
    };
    budget.allow_list(items.len().saturating_add(args.len() - 1))?;
    let mut out = items.to_vec();
    out.extend(args[1..].iter().cloned());
    Ok(Value::list(out))
}

/// The items of every argument, which must all be lists, checked against the budget's
/// list length before they are put together; `None` if an argument is not a list.
fn joined(args: &[Value], budget: &Budget) -> Result<Option<Vec<Value>>, BudgetExceeded> {
    let mut total = 0usize;
    for a in args {
        match a {
            Value::List(items) => total = total.saturating_add(items.len()),
            _ => return Ok(None),
        }
    }
    budget.allow_list(total)?;
    let mut out = Vec::with_capacity(total);
    for a in args {
        if let Value::List(items) = a {
            out.extend(items.iter().cloned());
        }
    }
    Ok(Some(out))
}

pub(super) fn concatenate(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    Ok(joined(args, budget)?.map_or(Value::Null, Value::list))
}

pub(super) fn insert_before(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    let Some(items) = list(args, 0) else {
        return Ok(Value::Null);
    };
    let Some(i) = index(arg(args, 1), items.len()) else {
        return Ok(Value::Null);
    };
    budget.allow_list(items.len().saturating_add(1))?;
    let mut out = items.to_vec();
    out.insert(i, arg(args, 2).clone());
    Ok(Value::list(out))
}

pub(super) fn remove(args: &[Value]) -> Value {
    let Some(items) = list(args, 0) else {
        return Value::Null;
    };
    let Some(i) = index(arg(args, 1), items.len()) else {
        return Value::Null;
    };
    let mut out = items.to_vec();
    out.remove(i);
    Value::list(out)
}

pub(super) fn reverse(args: &[Value]) -> Value {
    match list(args, 0) {
        Some(items) => Value::list(items.iter().rev().cloned().collect()),
        None => Value::Null,
    }
}

pub(super) fn index_of(args: &[Value]) -> Value {
    let Some(items) = list(args, 0) else {
        return Value::Null;
    };
    if args.len() != 2 {
        return Value::Null;
    }
    let m = arg(args, 1);
    Value::list(
        items
            .iter()
            .enumerate()
            .filter(|(_, v)| v.eq_opt(m) == Some(true))
            .map(|(i, _)| Value::int(i as i64 + 1))
            .collect(),
    )
}

/// The items without repeats, in order. Each item is compared with those kept so far, a
/// step per comparison: the work grows with the square of the length.
fn distinct(
    items: impl IntoIterator<Item = Value>,
    budget: &Budget,
) -> Result<Vec<Value>, BudgetExceeded> {
    let mut out: Vec<Value> = Vec::new();
    for v in items {
        budget.charge(out.len() as u64)?;
        if !out.iter().any(|u| u.eq_opt(&v) == Some(true)) {
            out.push(v);
        }
    }
    Ok(out)
}

pub(super) fn union(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    match joined(args, budget)? {
        Some(all) => Ok(Value::list(distinct(all, budget)?)),
        None => Ok(Value::Null),
    }
}

pub(super) fn distinct_values(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    match list(args, 0) {
        Some(items) => Ok(Value::list(distinct(items.iter().cloned(), budget)?)),
        None => Ok(Value::Null),
    }
}

/// How many items flattening `v` gives, counting no further than `limit + 1`.
fn flat_count(v: &Value, limit: usize) -> usize {
    match v {
        Value::List(items) => {
            let mut count = 0usize;
            for item in items.iter() {
                count = count.saturating_add(flat_count(item, limit));
                if count > limit {
                    break;
                }
            }
            count
        }
        _ => 1,
    }
}

fn flatten_into(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::List(items) => items.iter().for_each(|i| flatten_into(i, out)),
        v => out.push(v.clone()),
    }
}

pub(super) fn flatten(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    let v @ Value::List(_) = arg(args, 0) else {
        return Ok(Value::Null);
    };
    // Lists shared many times over flatten to far more items than they hold: count first.
    budget.allow_list(flat_count(v, budget.limits().list_items))?;
    let mut out = Vec::new();
    flatten_into(v, &mut out);
    Ok(Value::list(out))
}

/// A comparison `precedes(a, b)`: `Ok(None)` when the two cannot be compared.
type Precedes<'a> = dyn FnMut(&Value, &Value) -> Result<Option<bool>, BudgetExceeded> + 'a;

/// A stable merge sort with a comparison that may fail; `Ok(None)` if it fails anywhere.
fn merge_sort(
    items: Vec<Value>,
    precedes: &mut Precedes<'_>,
) -> Result<Option<Vec<Value>>, BudgetExceeded> {
    if items.len() <= 1 {
        return Ok(Some(items));
    }
    let mut left = items;
    let right = left.split_off(left.len() / 2);
    let (Some(left), Some(right)) = (merge_sort(left, precedes)?, merge_sort(right, precedes)?)
    else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(left.len() + right.len());
    let mut l = left.into_iter().peekable();
    let mut r = right.into_iter().peekable();
    loop {
        match (l.peek(), r.peek()) {
            (Some(a), Some(b)) => {
                // Take from the right only if it strictly precedes the left.
                let (Some(b_first), Some(a_first)) = (precedes(b, a)?, precedes(a, b)?) else {
                    return Ok(None);
                };
                if b_first && !a_first {
                    out.extend(r.next());
                } else {
                    out.extend(l.next());
                }
            }
            (Some(_), None) => out.extend(l.next()),
            (None, Some(_)) => out.extend(r.next()),
            (None, None) => break,
        }
    }
    Ok(Some(out))
}

pub(super) fn sort(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    let Some(items) = list(args, 0) else {
        return Ok(Value::Null);
    };
    let items = items.to_vec();
    let sorted = match arg(args, 1) {
        Value::Null if args.len() < 2 => merge_sort(items, &mut |a, b| {
            budget.step()?;
            Ok(a.feel_cmp(b).map(|o| o == Ordering::Less))
        })?,
        Value::Function(f) => merge_sort(items, &mut |a, b| match f
            .call(Args::Positional(vec![a.clone(), b.clone()]), budget)?
        {
            Value::Boolean(x) => Ok(Some(x)),
            _ => Ok(None),
        })?,
        _ => None,
    };
    Ok(sorted.map_or(Value::Null, Value::list))
}

pub(super) fn list_replace(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    let Some(items) = list(args, 0) else {
        return Ok(Value::Null);
    };
    if args.len() != 3 {
        return Ok(Value::Null);
    }
    let new_item = arg(args, 2);
    let mut out = items.to_vec();
    match arg(args, 1) {
        Value::Function(f) => {
            for slot in out.iter_mut() {
                match f.call(
                    Args::Positional(vec![slot.clone(), new_item.clone()]),
                    budget,
                )? {
                    Value::Boolean(true) => *slot = new_item.clone(),
                    Value::Boolean(false) => {}
                    _ => return Ok(Value::Null),
                }
            }
        }
        pos => match index(pos, out.len()) {
            Some(i) => out[i] = new_item.clone(),
            None => return Ok(Value::Null),
        },
    }
    Ok(Value::list(out))
}
