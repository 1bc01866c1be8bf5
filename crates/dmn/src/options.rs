//! How a model set is loaded and evaluated: how strictly names are checked, and the budget
//! of each evaluation.

use sheshim_feel::Limits;

/// How strictly names are checked, at load and at evaluation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum NameCheck {
    /// A name in an expression that nothing in the model defines is an error when the
    /// model is loaded ([`crate::DmnError::UndeclaredNames`], naming each element), and an
    /// input the caller gives that the model does not have is an error when it is
    /// evaluated ([`crate::DmnError::UnknownInputs`]). For services and `sheshim decide`.
    #[default]
    Strict,
    /// For models written for Camunda 7 (DMN 1.1), whose expressions name the variables of
    /// the process instead of declaring input data: a name nothing defines is read from the
    /// input of the same name (null when the caller gives none). Inputs that the model
    /// neither declares nor reads are still an error.
    BindFromInputs,
    /// Names nothing defines evaluate to `null` and unknown inputs are ignored, as DMN
    /// itself says. For the DMN TCK, whose models and inputs rely on it.
    Lenient,
}

/// Options for [`crate::ModelSet::load_with`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// How strictly names are checked.
    pub names: NameCheck,
    /// The budget of each evaluation.
    pub limits: Limits,
}

impl LoadOptions {
    /// Strict names, default limits.
    pub fn strict() -> LoadOptions {
        LoadOptions::default()
    }

    /// Lenient names (see [`NameCheck::Lenient`]), default limits.
    pub fn lenient() -> LoadOptions {
        LoadOptions {
            names: NameCheck::Lenient,
            ..LoadOptions::default()
        }
    }

    /// These options with other limits.
    pub fn with_limits(self, limits: Limits) -> LoadOptions {
        LoadOptions { limits, ..self }
    }
}
