//! Proactive services and what-if analyses over the population registry.
//!
//! A service folder with a `proactive.toml` ([`ProactiveSpec`]) says which persons are
//! candidates and which registry attribute feeds each decision input. The population crate's
//! [`Registry`] reads those attributes for the as-of date (the only reader of the file:
//! this crate never decodes Arrow); [`evaluate`] runs the
//! service's decision over all candidates with the batch evaluator (`sheshim-batch`),
//! counting per region (compiled, or person by person on every core for a decision that does
//! not compile: `sheshim_batch::evaluate` decides which). The eligibility report
//! ([`eligibility`]) lists who is eligible and for how much, and [`export`] selects the
//! persons written out; a simulation ([`Simulation`]) compares the rules in force with a reform —
//! gainers, losers, cost, breakdowns by region, sex and age band, example persons with both
//! traces — and draws the cost by region ([`svg`]).
//!
//! Reading the service folder and the registry is the only I/O; writing reports is left to
//! the caller.

pub mod eligibility;
mod error;
pub mod export;
pub mod report;
mod run;
pub mod simulate;
pub mod spec;
pub mod svg;

pub use error::ProactiveError;
pub use run::{Evaluated, Outcome, Population, Verdict, column_kind, evaluate};
pub use sheshim_population::{Attribute, Registry};
pub use simulate::{Change, Comparison, Simulation};
pub use spec::ProactiveSpec;
