//! Context functions: `get value`, `get entries`, `context`, `context put`, `context merge`.

use super::arg;
use crate::{Context, Name, Value};
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

pub(super) fn context(args: &[Value]) -> Value {
    let entries: Vec<Value> = match args {
        [Value::List(items)] => items.to_vec(),
        [c @ Value::Context(_)] => vec![c.clone()],
        _ => return Value::Null,
    };
    let mut out = Context::new();
    for e in &entries {
        let Value::Context(e) = e else {
            return Value::Null;
        };
        let (Some(Value::String(k)), Some(v)) = (e.get("key"), e.get("value")) else {
            return Value::Null;
        };
        if out.get(k).is_some() {
            return Value::Null;
        }
        out.insert(k.clone(), v.clone());
    }
    Value::Context(Arc::new(out))
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

pub(super) fn context_put(args: &[Value]) -> Value {
    if args.len() != 3 {
        return Value::Null;
    }
    let Value::Context(c) = arg(args, 0) else {
        return Value::Null;
    };
    let keys: Vec<Name> = match arg(args, 1) {
        Value::String(k) => vec![k.clone()],
        Value::List(ks) if !ks.is_empty() => {
            let mut out = Vec::new();
            for k in ks.iter() {
                match k {
                    Value::String(k) => out.push(k.clone()),
                    _ => return Value::Null,
                }
            }
            out
        }
        _ => return Value::Null,
    };
    put_path(c, &keys, arg(args, 2).clone()).map_or(Value::Null, |c| Value::Context(Arc::new(c)))
}

pub(super) fn context_merge(args: &[Value]) -> Value {
    let [Value::List(items)] = args else {
        return Value::Null;
    };
    let mut out = Context::new();
    for c in items.iter() {
        let Value::Context(c) = c else {
            return Value::Null;
        };
        for (k, v) in c.entries() {
            out.insert(k.clone(), v.clone());
        }
    }
    Value::Context(Arc::new(out))
}
