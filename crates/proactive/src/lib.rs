//! Proactive services and what-if analyses over the population registry.
//!
//! A service folder with a `proactive.toml` ([`ProactiveSpec`]) says which persons are
//! candidates and which registry attribute feeds each decision input. The population crate's
//! [`Registry`] reads those attributes for the as-of date (the only reader of the file:
//! this crate never decodes Arrow); [`evaluate`] runs the
//! service's decision over all candidates with the batch evaluator (`sheshim-batch`),
//! counting per region — or, for a decision the batch evaluator cannot compile, person by
//! person on every core ([`rows`]). The proactive report ([`proactive`]) lists who is eligible and for
//! how much; a simulation ([`Simulation`]) compares the rules in force with a reform —
//! gainers, losers, cost, breakdowns by region, sex and age band, example persons with both
//! traces — and draws the cost by region ([`svg`]).
//!
//! Reading the service folder and the registry is the only I/O; writing reports is left to
//! the caller.

mod error;
pub mod proactive;
pub mod report;
pub mod rows;
mod run;
pub mod simulate;
pub mod spec;
pub mod svg;

pub use error::ProactiveError;
pub use run::{
    Engine, Evaluated, Outcome, Population, Verdict, column_kind, evaluate, plus, times,
};
pub use sheshim_population::{Attribute, Registry};
pub use simulate::{Change, Comparison, Simulation};
pub use spec::ProactiveSpec;
