//! Iteration: `for`, `some` and `every` over lists and ranges, and filters `list[cond]`.
//! Each iteration is a step of the budget; ranges are checked against the list length
//! limit before they are made into lists.

use crate::Scope;
use crate::ast::{Expr, IterSource};
use crate::eval::{Cx, EvalResult, eval, truth};
use crate::walk::uses_name;
use sheshim_values::{BudgetExceeded, Context, Name, Number, Range, RangeBound, Value};
use std::sync::Arc;

/// `for a in x, b in y return e`: the list of the body's values, or `null` when a source
/// is not iterable.
pub(crate) fn for_expr(bindings: &[(Name, IterSource)], body: &Expr, cx: Cx) -> EvalResult {
    let want_partial = uses_name(body, "partial");
    let mut out = Vec::new();
    if for_loop(bindings, body, cx.scope, cx, want_partial, &mut out)? {
        let list = Value::list(out);
        cx.budget.built(&list)?;
        Ok(list)
    } else {
        Ok(Value::Null)
    }
}

fn for_loop(
    bindings: &[(Name, IterSource)],
    body: &Expr,
    scope: &Scope,
    cx: Cx,
    want_partial: bool,
    out: &mut Vec<Value>,
) -> Result<bool, BudgetExceeded> {
    let Some(((name, source), rest)) = bindings.split_first() else {
        cx.budget.step()?;
        let scope = if want_partial {
            // `partial` is a copy of the results so far: it costs their number.
            let partial = Value::list(out.clone());
            cx.budget.built(&partial)?;
            let mut frame = Context::new();
            frame.insert(Name::from("partial"), partial);
            scope.push(frame)
        } else {
            scope.clone()
        };
        out.push(eval(
            body,
            Cx {
                scope: &scope,
                ..cx
            },
        )?);
        return Ok(true);
    };
    let Some(values) = iteration_values(source, Cx { scope, ..cx })? else {
        return Ok(false);
    };
    for v in values {
        let mut frame = Context::new();
        frame.insert(name.clone(), v);
        let inner = scope.push(frame);
        if !for_loop(rest, body, &inner, cx, want_partial, out)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// `some/every a in x satisfies c`: `None` when a source is not iterable.
pub(crate) fn quantified(
    bindings: &[(Name, IterSource)],
    cond: &Expr,
    scope: &Scope,
    cx: Cx,
    every: bool,
) -> Result<Option<bool>, BudgetExceeded> {
    let Some(((name, source), rest)) = bindings.split_first() else {
        cx.budget.step()?;
        return Ok(Some(truth(&eval(cond, Cx { scope, ..cx })?) == Some(true)));
    };
    let Some(values) = iteration_values(source, Cx { scope, ..cx })? else {
        return Ok(None);
    };
    for v in values {
        let mut frame = Context::new();
        frame.insert(name.clone(), v);
        let inner = scope.push(frame);
        let Some(r) = quantified(rest, cond, &inner, cx, every)? else {
            return Ok(None);
        };
        if every != r {
            return Ok(Some(r));
        }
    }
    Ok(Some(every))
}

/// `list[cond]`: the items for which `cond` is true (with `item` and an item's entries in
/// scope), or the item at a numeric index.
pub(crate) fn filter(base: &Expr, cond: &Expr, cx: Cx) -> EvalResult {
    let items = match eval(base, cx)? {
        Value::Null => return Ok(Value::Null),
        Value::List(items) => items,
        v => Arc::new(vec![v]),
    };
    // A numeric filter is an index (1-based; negative counts from the end).
    let index = match cond {
        Expr::Literal(v @ Value::Number(_)) => Some(v.clone()),
        Expr::Literal(_) => None,
        _ if uses_name(cond, "item") => None,
        _ => match eval(cond, cx)? {
            v @ Value::Number(_) => Some(v),
            _ => None,
        },
    };
    if let Some(Value::Number(n)) = index {
        let Some(i) = n.to_i64() else {
            return Ok(Value::Null);
        };
        let len = items.len() as i64;
        let at = if i > 0 { i - 1 } else { len + i };
        if i == 0 || at < 0 || at >= len {
            return Ok(Value::Null);
        }
        return Ok(items.get(at as usize).cloned().unwrap_or(Value::Null));
    }
    let mut out = Vec::new();
    for item in items.iter() {
        cx.budget.step()?;
        let mut frame = Context::new();
        if let Value::Context(c) = item {
            for (k, v) in c.entries() {
                frame.insert(k.clone(), v.clone());
            }
        }
        if frame.get("item").is_none() {
            frame.insert(Name::from("item"), item.clone());
        }
        let scope = cx.scope.push(frame);
        if truth(&eval(
            cond,
            Cx {
                scope: &scope,
                ..cx
            },
        )?) == Some(true)
        {
            out.push(item.clone());
        }
    }
    Ok(Value::list(out))
}

/// The values an iteration variable takes; `None` if the source is not iterable.
fn iteration_values(source: &IterSource, cx: Cx) -> Result<Option<Vec<Value>>, BudgetExceeded> {
    let values = match source {
        IterSource::Expr(e) => match eval(e, cx)? {
            Value::List(items) => Some(items.as_ref().clone()),
            Value::Null => None,
            Value::Range(r) => range_values(&r, cx)?,
            v => Some(vec![v]),
        },
        IterSource::Range(a, b) => {
            let a = eval(a, cx)?;
            let b = eval(b, cx)?;
            step_values(&a, &b, true, true, cx)?
        }
    };
    Ok(values)
}

fn range_values(r: &Range, cx: Cx) -> Result<Option<Vec<Value>>, BudgetExceeded> {
    let (a, ac) = match &r.start {
        RangeBound::Closed(v) => (v, true),
        RangeBound::Open(v) => (v, false),
        RangeBound::Unbounded => return Ok(None),
    };
    let (b, bc) = match &r.end {
        RangeBound::Closed(v) => (v, true),
        RangeBound::Open(v) => (v, false),
        RangeBound::Unbounded => return Ok(None),
    };
    // A range value runs upwards: `[2..1]` is not a valid range to iterate.
    match a.feel_cmp(b) {
        Some(order) if order.is_le() => step_values(a, b, ac, bc, cx),
        _ => Ok(None),
    }
}

/// Integers (or dates, a day at a time) from `a` to `b`, up or down. The number of values
/// is checked against the list length limit first, and each costs a step.
fn step_values(
    a: &Value,
    b: &Value,
    a_closed: bool,
    b_closed: bool,
    cx: Cx,
) -> Result<Option<Vec<Value>>, BudgetExceeded> {
    let (first, last, dates) = match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.to_i64(), y.to_i64()) {
            (Some(x), Some(y)) => (x, y, None),
            _ => return Ok(None),
        },
        (Value::Date(x), Value::Date(y)) => {
            // Dates step a day at a time: count the days between them.
            let Value::DaysTime(days) = b.sub(a) else {
                return Ok(None);
            };
            let Ok(days) = i64::try_from(days.days()) else {
                return Ok(None);
            };
            (0, days, Some(if x <= y { 1 } else { -1 }))
        }
        _ => return Ok(None),
    };
    let count = first.abs_diff(last).saturating_add(1);
    cx.budget
        .allow_list(usize::try_from(count).unwrap_or(usize::MAX))?;
    cx.budget.charge(count)?;
    let step = if last >= first { 1 } else { -1 };
    let day = Value::from_at_literal("P1D");
    let mut out = Vec::new();
    let mut i = first;
    let mut date = a.clone();
    loop {
        let at_start = i == first;
        let at_end = i == last;
        if (!at_start || a_closed) && (!at_end || b_closed) {
            out.push(match dates {
                None => Value::Number(Number::from_i64(i)),
                Some(_) => date.clone(),
            });
        }
        if at_end {
            break;
        }
        i += step;
        if let Some(direction) = dates {
            date = if direction > 0 {
                date.add(&day)
            } else {
                date.sub(&day)
            };
            if date.is_null() {
                return Ok(None);
            }
        }
    }
    Ok(Some(out))
}
