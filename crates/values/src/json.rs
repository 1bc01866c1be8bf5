//! FEEL values to and from JSON: the inputs of a decision given as a JSON object, and any
//! result written back as JSON.
//!
//! Numbers keep every digit both ways. On input each JSON number is read from its own text
//! (not through a binary `f64`, which keeps only 17 digits), so `12345678901234567890.25`
//! stays exactly that decimal; on output a number is written in plain decimal notation.
//! A JSON object becomes a context with its keys in the order written, and a key given
//! twice is refused rather than one of the two values being dropped silently. Values JSON
//! has no type for — dates, times, durations, ranges, functions — are written as their FEEL
//! text in a string; on input a JSON string always stays a FEEL string.

use crate::{Context, Number, Value};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Error as _, SerializeMap, SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use std::fmt;
use std::sync::Arc;

/// How deeply arrays and objects may nest in an input document: deeper documents are
/// refused before they could exhaust the stack.
pub const MAX_DEPTH: usize = 64;

/// Why a JSON document cannot be read as FEEL values. Messages name the key path, never
/// the values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonError {
    /// Where in the document, as `a.b[2]`, empty for the document itself.
    pub path: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for JsonError {}

/// Reads a JSON object (e.g. a decision's inputs by name) as a FEEL context.
///
/// # Errors
/// When the text is not JSON, is not an object, nests deeper than [`MAX_DEPTH`], repeats
/// a key, or holds a number decimal128 cannot represent.
pub fn context_from_json(text: &str) -> Result<Context, JsonError> {
    let raw = parse_raw(text, "")?;
    if !raw.get().starts_with('{') {
        return Err(JsonError {
            path: String::new(),
            message: "must be a JSON object whose keys are the model's input names".to_owned(),
        });
    }
    match value_from_raw(raw, "", 0)? {
        Value::Context(context) => Ok(Arc::unwrap_or_clone(context)),
        _ => Err(JsonError {
            path: String::new(),
            message: "must be a JSON object".to_owned(),
        }),
    }
}

/// Reads any JSON document as a FEEL value.
///
/// # Errors
/// As [`context_from_json`], except that any JSON value is accepted.
pub fn value_from_json(text: &str) -> Result<Value, JsonError> {
    value_from_raw(parse_raw(text, "")?, "", 0)
}

/// The document's text checked to be JSON, without building anything yet.
fn parse_raw<'a>(text: &'a str, path: &str) -> Result<&'a RawValue, JsonError> {
    serde_json::from_str::<&RawValue>(text).map_err(|error| JsonError {
        path: path.to_owned(),
        message: format!(
            "is not valid JSON (line {}, column {}: {})",
            error.line(),
            error.column(),
            category(&error)
        ),
    })
}

/// What kind of JSON error, without serde_json's message (which may quote the input).
fn category(error: &serde_json::Error) -> &'static str {
    match error.classify() {
        serde_json::error::Category::Io => "cannot be read",
        serde_json::error::Category::Syntax => "syntax error",
        serde_json::error::Category::Data => "unexpected data",
        serde_json::error::Category::Eof => "ends too early",
    }
}

/// The FEEL value of one JSON value, read from its raw text so that numbers keep every digit.
fn value_from_raw(raw: &RawValue, path: &str, depth: usize) -> Result<Value, JsonError> {
    let text = raw.get();
    let error = |message: String| JsonError {
        path: path.to_owned(),
        message,
    };
    let nested = |what: &str| {
        if depth >= MAX_DEPTH {
            Err(error(format!(
                "{what} nested more than {MAX_DEPTH} levels deep"
            )))
        } else {
            Ok(())
        }
    };
    match text.as_bytes().first() {
        Some(b'{') => {
            nested("objects")?;
            let Entries(entries) =
                serde_json::from_str(text).map_err(|e| error(category(&e).to_owned()))?;
            let mut context = Context::new();
            for (key, item) in entries {
                let inner = join(path, &key);
                if context.get(&key).is_some() {
                    return Err(JsonError {
                        path: inner,
                        message: "the key is given twice".to_owned(),
                    });
                }
                let value = value_from_raw(item, &inner, depth + 1)?;
                context.insert(Arc::from(key.as_str()), value);
            }
            Ok(Value::Context(Arc::new(context)))
        }
        Some(b'[') => {
            nested("arrays")?;
            let items: Vec<&RawValue> =
                serde_json::from_str(text).map_err(|e| error(category(&e).to_owned()))?;
            let values = items
                .into_iter()
                .enumerate()
                .map(|(index, item)| value_from_raw(item, &format!("{path}[{index}]"), depth + 1))
                .collect::<Result<_, _>>()?;
            Ok(Value::list(values))
        }
        Some(b'"') => {
            let text: String =
                serde_json::from_str(text).map_err(|e| error(category(&e).to_owned()))?;
            Ok(Value::string(text))
        }
        Some(b't') => Ok(Value::Boolean(true)),
        Some(b'f') => Ok(Value::Boolean(false)),
        Some(b'n') => Ok(Value::Null),
        _ => Number::parse(text)
            .map(Value::Number)
            .ok_or_else(|| error("is a number outside what decimal128 can represent".to_owned())),
    }
}

/// `path.key`, or `key` at the top.
fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// A JSON object's entries in the order written, duplicates kept (so they can be refused).
struct Entries<'a>(Vec<(String, &'a RawValue)>);

impl<'de> Deserialize<'de> for Entries<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries<'de>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Entries<'de>, A::Error> {
                Err(serde::de::Error::custom(
                    "an array where an object was expected",
                ))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

/// A FEEL value written as JSON (`serde_json::to_string(&Json(&value))`): numbers with every
/// digit, contexts as objects in their order, lists as arrays, `null`, booleans and
/// strings as themselves, and any other value as its FEEL text in a string.
#[derive(Clone, Copy)]
pub struct Json<'a>(pub &'a Value);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Null => serializer.serialize_unit(),
            Value::Boolean(b) => serializer.serialize_bool(*b),
            Value::Number(n) => RawValue::from_string(n.to_string())
                .map_err(S::Error::custom)?
                .serialize(serializer),
            Value::String(s) => serializer.serialize_str(s),
            Value::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items.iter() {
                    seq.serialize_element(&Json(item))?;
                }
                seq.end()
            }
            Value::Context(context) => JsonEntries(context.entries()).serialize(serializer),
            other => serializer.serialize_str(&other.to_string()),
        }
    }
}

/// Named FEEL values written as one JSON object, in their order.
#[derive(Clone, Copy)]
pub struct JsonEntries<'a, K: AsRef<str>>(pub &'a [(K, Value)]);

impl<K: AsRef<str>> Serialize for JsonEntries<'_, K> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key.as_ref(), &Json(value))?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FeelDate;

    fn number(text: &str) -> Value {
        Value::Number(Number::parse(text).unwrap())
    }

    /// The error of a document that must not read.
    fn refused(text: &str) -> JsonError {
        match context_from_json(text) {
            Ok(_) => panic!("read a document that must be refused"),
            Err(error) => error,
        }
    }

    fn written(value: &Value) -> String {
        serde_json::to_string(&Json(value)).unwrap()
    }

    #[test]
    fn numbers_keep_every_digit_both_ways() {
        let inputs = context_from_json(
            r#"{"income": 12345678901234567890.25, "count": 3, "rate": 0.1, "big": 1e30}"#,
        )
        .unwrap();
        let income = inputs.get("income").unwrap();
        assert!(matches!(
            income.feel_eq(&number("12345678901234567890.25")),
            Value::Boolean(true)
        ));
        assert_eq!(written(income), "12345678901234567890.25");
        assert_eq!(written(inputs.get("count").unwrap()), "3");
        assert_eq!(written(inputs.get("rate").unwrap()), "0.1");
        assert_eq!(
            written(inputs.get("big").unwrap()),
            "1000000000000000000000000000000"
        );
    }

    #[test]
    fn objects_keep_their_order_and_nest() {
        let inputs =
            context_from_json(r#"{"b": [true, null, "x"], "a": {"z": 1, "y": {"w": -2.50}}}"#)
                .unwrap();
        let keys: Vec<&str> = inputs.entries().iter().map(|(k, _)| &**k).collect();
        assert_eq!(keys, ["b", "a"]);
        assert_eq!(
            written(&Value::Context(Arc::new(inputs))),
            r#"{"b":[true,null,"x"],"a":{"z":1,"y":{"w":-2.50}}}"#
        );
    }

    #[test]
    fn values_json_has_no_type_for_are_written_as_their_feel_text() {
        let date = Value::Date(FeelDate::parse("2025-06-01").unwrap());
        assert_eq!(written(&date), r#""2025-06-01""#);
        // A string that looks like a date stays a string on input.
        let inputs = context_from_json(r#"{"d": "2025-06-01"}"#).unwrap();
        assert!(matches!(inputs.get("d"), Some(Value::String(_))));
        assert_eq!(
            written(&Value::string("a \"quote\"\n")),
            r#""a \"quote\"\n""#
        );
    }

    #[test]
    fn bad_documents_are_named_errors_that_do_not_quote_the_input() {
        let error = refused(r#"[1, 2"#);
        assert!(error.message.contains("not valid JSON"), "{error}");
        let error = refused(r#"["secret"]"#);
        assert!(error.message.contains("must be a JSON object"), "{error}");
        let error = refused(r#"{"a": {"b": 1, "b": 2}}"#);
        assert_eq!(error.path, "a.b");
        assert!(error.message.contains("twice"));
        let error = refused(r#"{"a": [0, 1e999999]}"#);
        assert_eq!(error.path, "a[1]");
        let deep = format!("{{\"a\": {}{}}}", "[".repeat(100), "]".repeat(100));
        let error = refused(&deep);
        assert!(error.message.contains("nested more than"), "{error}");
        let error = refused(r#"{"name": "Айгерим" "#);
        assert!(!error.to_string().contains("Айгерим"), "{error}");
    }
}
