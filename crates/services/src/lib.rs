//! The service catalogue. Each public service Sheshim decides lives in a folder
//! `services/<code>/` holding:
//!
//! - `model.dmn` (and any further `.dmn` files it imports): the rules;
//! - `parameters.toml` (optional): dated parameters, resolved as of the decision date and
//!   given to the model as inputs of the same name;
//! - `cases.toml`: test cases — inputs, as-of date and expected outcome of the service's
//!   decision — which `sheshim service test` and the test suite run;
//! - `service.toml` (optional): settings, today the `[limits]` of each evaluation's budget
//!   (see [`Settings`]).
//!
//! Models are loaded strictly: a name no element defines is an error when the service
//! loads, and an input the model does not have is an error when it decides.
//!
//! This crate reads those folders (its only I/O) and decides with the pure engine crates.
//! [`Rules`] — models and dated parameters, from a folder or from files named on the command
//! line — decide as of a date; a [`Decided`] serialises as the JSON answer `sheshim decide`
//! prints (result, parameters with their legal sources, and the trace when asked for).

mod answer;
mod case;
mod catalogue;
mod definition;
mod inputs;
mod outcome;
mod rules;
mod service;
mod settings;
mod templates;

pub use case::{CaseResult, ServiceCase};
pub use catalogue::Catalogue;
pub use definition::{
    AppealRoute, Automation, AutomationPolicy, Citation, DEFAULT_TERM_WORKING_DAYS, Definition,
    Names, OutcomeFields, RouteTerm, ServiceKind,
};
pub use inputs::{
    BuiltInputs, ClaimDifference, ClaimError, Claims, InputSource, InputSpec, InputType, fact_value,
};
pub use outcome::{Amount, Outcome};
pub use rules::{Decided, Rules, Tracing};
pub use service::{MAX_FILE_BYTES, Service, ServiceError, read_text};
pub use settings::{Settings, SettingsError};
pub use templates::{APPEAL_MESSAGES, APPLICATION_MESSAGES, AnswerArg, format_date};
