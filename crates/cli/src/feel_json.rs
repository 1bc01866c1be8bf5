//! FEEL values to and from JSON, for the `decide` command's input and output files.
//!
//! JSON numbers are read from their text (no binary rounding) and written as their decimal
//! text; dates, times and durations travel as ISO 8601 strings on output, and are read from
//! strings only where the caller says so (a JSON string stays a FEEL string otherwise).

use anyhow::{Context as _, bail};
use sheshim_feel::{Context, Number, Value};
use std::fmt::Write;
use std::sync::Arc;

/// Converts a JSON input document (an object) into a FEEL context.
pub fn context_from_json(json: &serde_json::Value) -> anyhow::Result<Context> {
    let serde_json::Value::Object(object) = json else {
        bail!("the input must be a JSON object whose keys are the model's input names");
    };
    let mut context = Context::new();
    for (key, value) in object {
        context.insert(
            Arc::from(key.as_str()),
            value_from_json(value).with_context(|| format!("input {key:?}"))?,
        );
    }
    Ok(context)
}

fn value_from_json(json: &serde_json::Value) -> anyhow::Result<Value> {
    Ok(match json {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Boolean(*b),
        serde_json::Value::Number(n) => Value::Number(
            Number::parse(&n.to_string())
                .with_context(|| format!("{n} is not a decimal number"))?,
        ),
        serde_json::Value::String(s) => Value::string(s.as_str()),
        serde_json::Value::Array(items) => Value::list(
            items
                .iter()
                .map(value_from_json)
                .collect::<anyhow::Result<_>>()?,
        ),
        serde_json::Value::Object(_) => Value::Context(Arc::new(context_from_json(json)?)),
    })
}

/// Writes a FEEL value as JSON text. Numbers keep every digit; values JSON has no type for
/// (dates, durations, ranges, functions) are written as strings.
pub fn to_json_text(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(_) => {
            let _ = write!(out, "{value}");
        }
        Value::String(s) => out.push_str(&json_string(s)),
        Value::List(items) => {
            out.push('[');
            for (index, item) in items.iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                to_json_text(item, out);
            }
            out.push(']');
        }
        Value::Context(context) => {
            out.push('{');
            for (index, (key, item)) in context.entries().iter().enumerate() {
                if index > 0 {
                    out.push(',');
                }
                out.push_str(&json_string(key));
                out.push(':');
                to_json_text(item, out);
            }
            out.push('}');
        }
        other => out.push_str(&json_string(&other.to_string())),
    }
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}
