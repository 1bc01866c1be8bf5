//! The set of names known in scope, used to recognise names that contain spaces.

use crate::lexer::{Tok, tokenize};
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// Names known in scope (variables, input data, decisions, BKMs), so that the parser can
/// recognise names with spaces and symbols (`Monthly Salary`, `Loan Amount/Income`).
///
/// Names are matched token by token, so `Loan Amount/Income` is found whether written
/// `Loan Amount / Income` or `Loan  Amount/Income`; the longest known name wins.
///
/// A set may lie [`within`](NameSet::within) another — the names of an enclosing scope —
/// whose names it knows without copying them.
#[derive(Clone, Debug, Default)]
pub struct NameSet {
    /// normalised form (tokens joined by single spaces) → name as written.
    map: HashMap<String, String>,
    /// the largest number of tokens in any name, the enclosing set's included.
    max_tokens: usize,
    /// The names of the enclosing scope.
    parent: Option<Arc<NameSet>>,
}

/// The token texts of a name joined by single spaces, and how many tokens it has.
pub(crate) fn normalize(name: &str) -> (String, usize) {
    match tokenize(name) {
        Ok(tokens)
            if tokens
                .iter()
                .all(|t| !matches!(t.kind, Tok::Str(_) | Tok::At(_))) =>
        {
            let n = tokens.len();
            (
                tokens
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                n,
            )
        }
        _ => {
            let words: Vec<&str> = name.split_whitespace().collect();
            (words.join(" "), words.len().max(1))
        }
    }
}

impl NameSet {
    /// An empty set.
    pub fn new() -> NameSet {
        NameSet::default()
    }

    /// An empty set inside `parent`: it knows the parent's names and those inserted into
    /// it. Making one costs nothing, however many names the parent has.
    pub fn within(parent: &Arc<NameSet>) -> NameSet {
        NameSet {
            map: HashMap::new(),
            max_tokens: parent.max_tokens,
            parent: Some(parent.clone()),
        }
    }

    /// Adds a name.
    pub fn insert(&mut self, name: &str) {
        let (norm, n) = normalize(name);
        if n > 1 {
            self.max_tokens = self.max_tokens.max(n);
            self.map.insert(norm, name.to_string());
        }
    }

    /// A set holding these names.
    pub fn with(names: impl IntoIterator<Item = impl AsRef<str>>) -> NameSet {
        let mut set = NameSet::new();
        for n in names {
            set.insert(n.as_ref());
        }
        set
    }

    /// The name as written, if `normalized` (tokens joined by single spaces) is known here
    /// or in an enclosing set.
    pub(crate) fn get(&self, normalized: &str) -> Option<&str> {
        let mut set = Some(self);
        while let Some(s) = set {
            if let Some(name) = s.map.get(normalized) {
                return Some(name);
            }
            set = s.parent.as_deref();
        }
        None
    }

    /// The largest number of tokens of any name known.
    pub(crate) fn max_tokens(&self) -> usize {
        self.max_tokens
    }
}

/// Built-in function names with more than one token (DMN 1.5 §10.3.4), plus those the
/// values crate reports.
const BUILTIN_MULTI: &[&str] = &[
    "date and time",
    "years and months duration",
    "string length",
    "upper case",
    "lower case",
    "substring before",
    "substring after",
    "starts with",
    "ends with",
    "list contains",
    "list replace",
    "distinct values",
    "index of",
    "insert before",
    "get value",
    "get entries",
    "day of year",
    "day of week",
    "month of year",
    "week of year",
    "met by",
    "overlapped by",
    "overlaps before",
    "overlaps after",
    "started by",
    "finished by",
    "string join",
    "context put",
    "context merge",
    "round up",
    "round down",
    "round half up",
    "round half down",
];

/// The multi-token built-in function names.
pub(crate) fn builtin_names() -> &'static NameSet {
    static SET: OnceLock<NameSet> = OnceLock::new();
    SET.get_or_init(|| {
        let mut set = NameSet::with(BUILTIN_MULTI);
        for n in sheshim_values::builtins::names() {
            set.insert(n);
        }
        set
    })
}
