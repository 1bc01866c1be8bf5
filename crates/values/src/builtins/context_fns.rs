//! Context functions: `get value`, `get entries`, `context`, `context put`, `context merge`.
//! Those that build contexts check the number of entries (and, for `context put` with a
//! path of keys, the nesting) against the budget before building.

use super::arg;
use crate::{Budget, BudgetExceeded, Context, Limit, MAX_VALUE_NESTING, Name, Value};
use std::sync::Arc;

pub(super) fn get_value(args: &[Value]) -> Value {
    match args {
        [Value::Context(c), Value::String(k)] => c.get(k).cloned().unwrap_or(Value::Null),
        _ => Value::Null,
    }
}

pub(super) fn get_entries(args: &[Value]) -> Value {
    match args {
        [Value::Context(c)] => Value::list(
            c.entries()
                .iter()
                .map(|(k, v)| {
                    let mut e = Context::new();
                    e.insert(Name::from("key"), Value::String(k.clone()));
                    e.insert(Name::from("value"), v.clone());
                    Value::Context(Arc::new(e))
                })
                .collect(),
        ),
        _ => Value::Null,
    }
}

pub(super) fn context(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    let entries: Vec<Value> = match args {
        [Value::List(items)] => items.to_vec(),
        [c @ Value::Context(_)] => vec![c.clone()],
        _ => return Ok(Value::Null),
    };
    budget.allow_context(entries.len())?;
    let mut out = Context::new();
    for e in &entries {
        let Value::Context(e) = e else {
            return Ok(Value::Null);
        };
        let (Some(Value::String(k)), Some(v)) = (e.get("key"), e.get("value")) else {
            return Ok(Value::Null);
        };
        if out.get(k).is_some() {
            return Ok(Value::Null);
        }
        out.insert(k.clone(), v.clone());
    }
    Ok(Value::Context(Arc::new(out)))
}

fn put_path(ctx: &Context, keys: &[Name], value: Value) -> Option<Context> {
    let (first, rest) = keys.split_first()?;
    let mut out = ctx.clone();
    if rest.is_empty() {
        out.insert(first.clone(), value);
        return Some(out);
    }
    let inner = match ctx.get(first) {
        Some(Value::Context(c)) => (**c).clone(),
        Some(_) => return None,
        None => Context::new(),
    };
    out.insert(
        first.clone(),
        Value::Context(Arc::new(put_path(&inner, rest, value)?)),
    );
    Some(out)
}

pub(super) fn context_put(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    if args.len() != 3 {
        return Ok(Value::Null);
    }
    let Value::Context(c) = arg(args, 0) else {
        return Ok(Value::Null);
    };
    let keys: Vec<Name> = match arg(args, 1) {
        Value::String(k) => vec![k.clone()],
        Value::List(ks) if !ks.is_empty() => {
            // Each key of the path is a level of nesting (and of recursion below).
            if ks.len() > MAX_VALUE_NESTING {
                return Err(BudgetExceeded::new(Limit::Nesting(MAX_VALUE_NESTING)));
            }
            let mut out = Vec::new();
            for k in ks.iter() {
                match k {
                    Value::String(k) => out.push(k.clone()),
                    _ => return Ok(Value::Null),
                }
            }
            out
        }
        _ => return Ok(Value::Null),
    };
    budget.allow_context(c.len().saturating_add(1))?;
    Ok(put_path(c, &keys, arg(args, 2).clone())
        .map_or(Value::Null, |c| Value::Context(Arc::new(c))))
}

pub(super) fn context_merge(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    let [Value::List(items)] = args else {
        return Ok(Value::Null);
    };
    let mut entries = 0usize;
    for c in items.iter() {
        let Value::Context(c) = c else {
            return Ok(Value::Null);
        };
        entries = entries.saturating_add(c.len());
    }
    budget.allow_context(entries)?;
    let mut out = Context::new();
    for c in items.iter() {
        if let Value::Context(c) = c {
            for (k, v) in c.entries() {
                out.insert(k.clone(), v.clone());
            }
        }
    }
    Ok(Value::Context(Arc::new(out)))
}
