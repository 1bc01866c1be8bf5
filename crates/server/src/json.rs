//! JSON parsing that refuses a key given twice in one object.
//!
//! serde_json keeps the last of two equal keys without a word, so `{"name": "A", "name": "B"}`
//! would register whichever value a client library happened to write last, and two parsers of
//! the same body (a proxy's and ours) could read different requests. This module builds the
//! same [`Value`] serde_json does, through a visitor that stops at the first repeated key and
//! records where it was, as a path of object keys.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::RefCell;
use std::fmt;

/// Why a body did not parse.
#[derive(Debug)]
pub(crate) enum JsonError {
    /// Not JSON: serde_json's message names a line and column and a category, never content.
    Syntax(serde_json::Error),
    /// A key appears twice in one object. The path lists the keys leading to it, the repeated
    /// key last; an array element is the segment `[]`.
    DuplicateKey(Vec<String>),
}

/// The segment that stands for "an element of an array" in a duplicate key's path.
pub(crate) const ARRAY_ELEMENT: &str = "[]";

/// Parses a JSON document, refusing any object with a repeated key.
pub(crate) fn parse_unique_keys(text: &str) -> Result<Value, JsonError> {
    let state = PathState::default();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let parsed = UniqueKeys { state: &state }
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    match (parsed, state.duplicate.into_inner()) {
        (_, Some(path)) => Err(JsonError::DuplicateKey(path)),
        (Ok(value), None) => Ok(value),
        (Err(error), None) => Err(JsonError::Syntax(error)),
    }
}

/// The keys leading to the value being read, and the path of a repeated key once one is found.
#[derive(Default)]
struct PathState {
    path: RefCell<Vec<String>>,
    duplicate: RefCell<Option<Vec<String>>>,
}

impl PathState {
    /// Reads the value under `segment` with the path extended by it.
    fn within<T, E>(&self, segment: &str, read: impl FnOnce() -> Result<T, E>) -> Result<T, E> {
        self.path.borrow_mut().push(segment.to_owned());
        let result = read();
        self.path.borrow_mut().pop();
        result
    }
}

/// A seed that reads any JSON value, checking every object in it for repeated keys.
#[derive(Clone, Copy)]
struct UniqueKeys<'s> {
    state: &'s PathState,
}

impl<'de> DeserializeSeed<'de> for UniqueKeys<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for UniqueKeys<'_> {
    type Value = Value;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::Number(value.into()))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        // As serde_json's own Value: a float JSON cannot hold (never produced by its parser) is null.
        Ok(Number::from_f64(value).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = self
            .state
            .within(ARRAY_ELEMENT, || seq.next_element_seed(self))?
        {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if object.contains_key(&key) {
                let mut path = self.state.path.borrow().clone();
                path.push(key);
                *self.state.duplicate.borrow_mut() = Some(path);
                return Err(de::Error::custom("a key is repeated"));
            }
            let value = self.state.within(&key, || map.next_value_seed(self))?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn duplicate(text: &str) -> Vec<String> {
        match parse_unique_keys(text) {
            Err(JsonError::DuplicateKey(path)) => path,
            other => panic!("expected a duplicate key, got {other:?}"),
        }
    }

    #[test]
    fn parses_what_serde_json_parses() {
        let text = r#"{"a": [1, -2, 3.5, true, null, "x", {"b": {}}], "c": {"a": 1}}"#;
        let ours = parse_unique_keys(text).unwrap();
        let theirs: Value = serde_json::from_str(text).unwrap();
        assert_eq!(ours, theirs);
        // Equal keys in different objects are not repeats.
        assert!(parse_unique_keys(r#"{"a": {"a": {"a": 1}}, "b": [{"a": 1}, {"a": 2}]}"#).is_ok());
    }

    #[test]
    fn a_repeated_key_is_found_with_its_path() {
        assert_eq!(duplicate(r#"{"text": "a", "text": "b"}"#), ["text"]);
        assert_eq!(
            duplicate(r#"{"text": "a", "applicant": {"name": "A", "iin": "1", "name": "B"}}"#),
            ["applicant", "name"]
        );
        assert_eq!(
            duplicate(r#"{"list": [1, {"k": 1, "k": 2}]}"#),
            ["list", ARRAY_ELEMENT, "k"]
        );
    }

    #[test]
    fn syntax_errors_stay_syntax_errors() {
        for text in [r#"{"a": "#, "[1,]", "{} {}", "nul"] {
            assert!(
                matches!(parse_unique_keys(text), Err(JsonError::Syntax(_))),
                "{text}"
            );
        }
        // serde_json's nesting limit still applies: no stack overflow on deep input.
        let deep = "[".repeat(100_000);
        assert!(matches!(
            parse_unique_keys(&deep),
            Err(JsonError::Syntax(_))
        ));
    }
}
