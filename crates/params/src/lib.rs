//! Parameters of the law whose values change over time — the monthly calculation index
//! (MRP), the subsistence minimum — kept as data: each value with the period it is in force
//! and the legal act that set it, resolved "as of" a date.
//!
//! A parameter file is TOML:
//!
//! ```toml
//! [[parameter]]
//! name = "MRP"
//! description = "Monthly calculation index"
//! unit = "KZT"
//! type = "number"
//!
//! [[parameter.period]]
//! from = 2026-01-01
//! until = 2026-12-31          # optional: open-ended if absent
//! value = 4325                # a number as an integer or a decimal string ("4325.5")
//! act = "Law on the republican budget for 2026–2028"
//! article = "Article 9"       # optional
//! act_date = 2025-12-08       # optional
//! url = "https://…"           # optional
//! verified = true             # false when the figure could not be checked against the act
//! note = "…"                  # optional: how it was checked, or why it could not be
//! ```
//!
//! Periods of one parameter may not overlap; gaps are allowed, and asking for a date in a
//! gap is an error naming the parameter and the date rather than a guess.

mod file;

pub use file::{LegalReference, Parameter, ParameterSet, ParamsError, Period, ResolvedParameter};
