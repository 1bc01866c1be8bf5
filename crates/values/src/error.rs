//! The one error of the values crate: an evaluation that ran out of its budget.
//!
//! Everything else FEEL does not define gives `null`, as the standard says; running out of
//! a budget is different: it aborts the whole evaluation, so that a hostile or runaway
//! rule can neither hang the server nor turn into a silent `null`.

use std::fmt;
use std::sync::Arc;

/// Which limit an evaluation ran into, with the limit's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// More evaluation steps than allowed (see [`crate::Limits::steps`]).
    Steps(u64),
    /// Function calls nested deeper than allowed (see [`crate::Limits::depth`]).
    Depth(u32),
    /// Expressions nested so deeply that going on would exhaust the native stack.
    Stack,
    /// A list longer than allowed (see [`crate::Limits::list_items`]).
    ListItems(usize),
    /// A string longer than allowed, in bytes (see [`crate::Limits::string_bytes`]).
    StringBytes(usize),
    /// A context with more entries than allowed (see [`crate::Limits::context_entries`]).
    ContextEntries(usize),
    /// Lists, contexts or ranges nested inside each other deeper than
    /// [`crate::MAX_VALUE_NESTING`].
    Nesting(usize),
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Limit::Steps(n) => write!(f, "it took more than {n} evaluation steps"),
            Limit::Depth(n) => write!(f, "function calls nested more than {n} deep"),
            Limit::Stack => f.write_str("expressions nested too deeply for the native stack"),
            Limit::ListItems(n) => write!(f, "a list would have more than {n} items"),
            Limit::StringBytes(n) => write!(f, "a string would be longer than {n} bytes"),
            Limit::ContextEntries(n) => write!(f, "a context would have more than {n} entries"),
            Limit::Nesting(n) => write!(f, "a value would be nested more than {n} levels deep"),
        }
    }
}

/// An evaluation stopped because it ran out of a budget. This is not a FEEL `null`: the
/// whole evaluation is abandoned and the caller gets this error.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("evaluation stopped: {limit}{}", element.as_ref().map(|e| format!(" (in element {e})")).unwrap_or_default())]
pub struct BudgetExceeded {
    /// The limit run into.
    pub limit: Limit,
    /// The id of the innermost model element being evaluated when it happened, if known.
    pub element: Option<Arc<str>>,
}

impl BudgetExceeded {
    /// The error for a limit, not yet placed in an element.
    pub fn new(limit: Limit) -> BudgetExceeded {
        BudgetExceeded {
            limit,
            element: None,
        }
    }

    /// The error placed in `element`, unless an inner element was already named.
    #[must_use]
    pub fn within(mut self, element: Option<&str>) -> BudgetExceeded {
        if self.element.is_none() {
            self.element = element.map(Arc::from);
        }
        self
    }
}
