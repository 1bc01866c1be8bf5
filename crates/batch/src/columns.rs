//! Population columns as the batch evaluator reads them: one `i64` per person and column.
//!
//! One representation for every kind keeps the hot loop free of dynamic values: integers
//! are themselves, booleans are 0 and 1, texts are indices into the column's dictionary,
//! and a missing value is [`NULL`].

use sheshim_feel::{Number, Value};
use std::sync::Arc;

/// A missing value in any column.
pub const NULL: i64 = i64::MIN;

/// What the numbers of a column mean.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ColumnKind {
    /// Whole numbers (FEEL `number`).
    Integer,
    /// 0 is `false`, 1 is `true` (FEEL `boolean`).
    Boolean,
    /// Indices into this dictionary (FEEL `string`).
    Text(Vec<String>),
}

impl ColumnKind {
    /// The FEEL value of one cell; `None` for a cell that is not a valid code of the kind
    /// (a boolean other than 0 or 1, a text index outside the dictionary).
    pub fn value(&self, cell: i64) -> Option<Value> {
        if cell == NULL {
            return Some(Value::Null);
        }
        match self {
            ColumnKind::Integer => Some(Value::Number(Number::from_i64(cell))),
            ColumnKind::Boolean => match cell {
                0 => Some(Value::Boolean(false)),
                1 => Some(Value::Boolean(true)),
                _ => None,
            },
            ColumnKind::Text(dictionary) => usize::try_from(cell)
                .ok()
                .and_then(|i| dictionary.get(i))
                .map(|text| Value::String(Arc::from(text.as_str()))),
        }
    }

    /// A short name for messages.
    pub fn name(&self) -> &'static str {
        match self {
            ColumnKind::Integer => "integer",
            ColumnKind::Boolean => "boolean",
            ColumnKind::Text(_) => "text",
        }
    }
}

/// A named column over all persons.
#[derive(Clone, Copy, Debug)]
pub struct Column<'a> {
    /// The decision input it feeds.
    pub name: &'a str,
    /// What its numbers mean.
    pub kind: &'a ColumnKind,
    /// One cell per person.
    pub cells: &'a [i64],
}
