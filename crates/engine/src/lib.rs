//! Sheshim's use cases, between the edges (HTTP, CLI) and the pure core (domain, calendar)
//! and the store.
//!
//! The engine receives already-parsed values, computes what the law says (registration
//! date, deadline), and has the store record it. It knows nothing of HTTP or JSON.

mod clock;
mod intake;
mod language;

pub use clock::{Clock, FixedClock, SystemClock};
pub use intake::{Intake, IntakeError, IntakeOptions, Registered, Submission};
pub use language::identify_language;
