//! Sheshim's use cases, between the edges (HTTP, CLI) and the pure core (domain, calendar,
//! rules, understanding) and the store and registries.
//!
//! The engine receives already-parsed values, computes what the law says, and has the store
//! record it. It knows nothing of HTTP or JSON requests. [`Intake`] registers appeals; the
//! [`Flow`] carries a registered appeal the rest of the way: the pipeline (triage, registry
//! facts, rules, automation policy, answer), officers' actions, the scheduler of legal
//! clocks and the delivery of messages to the applicant.

mod actions;
mod clock;
mod delivery;
mod describing;
mod drafting;
mod duplicates;
pub mod export;
mod flow;
mod grounding;
mod group_answer;
mod intake;
mod issued_answers;
mod language;
mod model_rewrite;
mod offers;
mod officer;
mod pipeline;
mod procedure;
pub mod record;
pub mod replay;
mod routing;
mod scheduler;

pub use clock::{Clock, FixedClock, ManualClock, SystemClock};
pub use delivery::{Webhook, backoff, signature};
pub use describing::Describer;
pub use duplicates::{
    Candidate, Confirm, DuplicateAppeal, DuplicateOptions, Duplicates, LexicalOnly,
};
pub use flow::{Flow, SYSTEM};
pub use grounding::{Grounding, GroundingOptions, GroundingRecord, SourceUsed};
pub use group_answer::{GroupAnswered, GroupView};
pub use intake::{Intake, IntakeError, IntakeOptions, Registered, Submission};
pub use issued_answers::issued_answer_document;
pub use language::identify_language;
pub use offers::{
    Acceptance, Accepted, MadeOffer, OFFER_ACTOR, OfferDraft, OfferError, write_offers,
};
pub use officer::{Action, ActionError, Choice, Officer};
pub use pipeline::{PipelineOptions, reason};
pub use sheshim_dedup::{DedupError, LshConfig};
