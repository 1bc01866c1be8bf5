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
            comma_separated(out, items.iter(), to_json_text);
            out.push(']');
        }
        Value::Context(context) => {
            out.push('{');
            comma_separated(out, context.entries(), |(key, item), out| {
                member(out, key, item);
            });
            out.push('}');
        }
        other => out.push_str(&json_string(&other.to_string())),
    }
}

/// Writes the items separated by commas.
fn comma_separated<T>(
    out: &mut String,
    items: impl IntoIterator<Item = T>,
    mut write: impl FnMut(T, &mut String),
) {
    for (index, item) in items.into_iter().enumerate() {
        if index > 0 {
            out.push(',');
        }
        write(item, out);
    }
}

/// Writes `"key":value` for a FEEL value.
fn member(out: &mut String, key: &str, value: &Value) {
    out.push_str(&json_string(key));
    out.push(':');
    to_json_text(value, out);
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

/// A JSON string, or `null` when absent.
fn optional_string(text: Option<&str>) -> String {
    text.map_or_else(|| "null".to_owned(), json_string)
}

/// Writes a rule of a trace: its number, id and annotations.
fn rule_json(rule: &sheshim_dmn::RuleTrace, out: &mut String) {
    let _ = write!(
        out,
        "{{\"number\":{},\"id\":{},\"annotations\":{{",
        rule.number,
        optional_string(rule.id.as_deref())
    );
    comma_separated(out, &rule.annotations, |(column, text), out| {
        let _ = write!(out, "{}:{}", json_string(column), json_string(text));
    });
    out.push_str("}}");
}

/// Writes a decision trace as JSON: engine, models hash, and each decision with its inputs,
/// tables (rules matched and selected, with annotations) and result.
pub fn trace_to_json_text(trace: &sheshim_dmn::Trace, out: &mut String) {
    let _ = write!(
        out,
        "{{\"engine\":{},\"models_sha256\":{},\"decisions\":[",
        json_string(trace.engine),
        json_string(&trace.models_sha256)
    );
    comma_separated(out, &trace.decisions, |decision, out| {
        let _ = write!(
            out,
            "{{\"model\":{},\"decision\":{},\"id\":{},\"inputs\":{{",
            json_string(&decision.model),
            json_string(&decision.name),
            json_string(&decision.id)
        );
        comma_separated(out, &decision.inputs, |(name, value), out| {
            member(out, name, value)
        });
        out.push_str("},\"tables\":[");
        comma_separated(out, &decision.tables, |table, out| {
            let _ = write!(
                out,
                "{{\"id\":{},\"hit_policy\":{},\"matched\":[",
                optional_string(table.table_id.as_deref()),
                json_string(&table.hit_policy)
            );
            comma_separated(out, &table.matched, |r, out| rule_json(r, out));
            out.push_str("],\"selected\":[");
            comma_separated(out, &table.selected, |r, out| rule_json(r, out));
            out.push_str("]}");
        });
        out.push_str("],\"result\":");
        to_json_text(&decision.result, out);
        out.push('}');
    });
    out.push_str("]}");
}
