//! The errors of the DMN crate: a model that does not load, a request that names nothing
//! loaded, inputs the model does not have, and an evaluation that ran out of its budget.
//! Messages quote at most a short excerpt of what the model or the caller wrote.

use sheshim_feel::BudgetExceeded;

/// Something wrong with a model, or a request that names nothing loaded.
#[derive(thiserror::Error, Debug, Clone)]
pub enum DmnError {
    /// The file is not well-formed XML.
    #[error("{file}:{line}: XML error: {message}")]
    Xml {
        /// The file name given to [`crate::ModelSet::load`].
        file: String,
        /// Line, from 1.
        line: u32,
        /// What is wrong.
        message: String,
    },
    /// The file is XML but not a valid model (a bad FEEL expression, a dangling reference…).
    #[error("{file}{}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default(), element_id.as_ref().map(|i| format!(" (element {i})")).unwrap_or_default())]
    Model {
        /// The file name given to [`crate::ModelSet::load`].
        file: String,
        /// The `id` of the element at fault, if it has one.
        element_id: Option<String>,
        /// The line of the element at fault.
        line: Option<u32>,
        /// What is wrong.
        message: String,
    },
    /// Expressions read names that nothing in the model defines — no input data,
    /// decision, business knowledge model, decision service, context entry, parameter,
    /// iteration variable or built-in function — so they would silently be `null`.
    #[error("{file}: expressions read names that nothing in the model defines (declare them as input data, or correct their spelling): {}", elements.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    UndeclaredNames {
        /// The file of the model.
        file: String,
        /// Each element, with the names it reads.
        elements: Vec<UndeclaredNames>,
    },
    /// The caller gave inputs that the model does not have (a misspelt name would
    /// otherwise turn into a silent `null`).
    #[error("the model has no input{} named {}", if names.len() == 1 { "" } else { "s" }, names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", "))]
    UnknownInputs {
        /// The names given that the model does not have (each shortened to an excerpt).
        names: Vec<String>,
    },
    /// An evaluation ran out of its budget (steps, call depth, stack, size of the values
    /// built) and was abandoned. Its limits are [`sheshim_feel::Limits`]; a service may
    /// raise them in its `service.toml`.
    #[error("{kind} \"{name}\" (element {element_id}): {exceeded}")]
    Budget {
        /// What was being evaluated: `decision`, `business knowledge model` or
        /// `decision service`.
        kind: &'static str,
        /// Its name.
        name: String,
        /// Its element id.
        element_id: String,
        /// The limit run into, and the innermost element being evaluated.
        exceeded: BudgetExceeded,
    },
    /// No loaded model has a decision (or decision service, or BKM) of this name.
    #[error("unknown decision: {0}")]
    UnknownDecision(String),
    /// No loaded model has this name or namespace.
    #[error("unknown model: {0}")]
    UnknownModel(String),
}

/// An element whose expressions read names that nothing defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UndeclaredNames {
    /// The kind of element: `decision`, `business knowledge model` or `item definition`.
    pub kind: &'static str,
    /// The element's name.
    pub name: String,
    /// The element's id.
    pub element_id: String,
    /// The names it reads that nothing defines, in the order they appear.
    pub names: Vec<String>,
}

impl std::fmt::Display for UndeclaredNames {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} \"{}\" (element {}) reads {}",
            self.kind,
            self.name,
            self.element_id,
            self.names
                .iter()
                .map(|n| format!("\"{n}\""))
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}
