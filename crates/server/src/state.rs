//! What every handler shares.

use crate::auth::Access;
use crate::limits::Limits;
use crate::metrics::Metrics;
use sheshim_engine::{Clock, Flow, Intake, SystemClock};
use sheshim_store::Store;
use sheshim_triage::Triage;
use std::sync::Arc;

/// The server's shared state: the store, the intake use case, the triage models, the clock,
/// the metrics and the limits on requests.
#[derive(Clone)]
pub struct AppState {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) intake: Intake,
    pub(crate) triage: Arc<Triage>,
    /// Where "today" comes from for requests that do not give a date (triage's day of
    /// receipt), read as the Kazakhstan date.
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) limits: Limits,
    /// The case flow (pipeline, officers' actions); the case routes answer 503 without it.
    pub(crate) flow: Option<Flow>,
    /// Channel clients recently found by their key, and their rate buckets.
    pub(crate) access: Arc<Access>,
}

impl AppState {
    /// Builds the state from a migrated store, a running intake over it and the triage
    /// models (e.g. [`Triage::seed`]).
    pub fn new(store: Arc<dyn Store>, intake: Intake, triage: Arc<Triage>) -> AppState {
        AppState {
            store,
            intake,
            triage,
            clock: Arc::new(SystemClock),
            metrics: Arc::new(Metrics::new()),
            limits: Limits::default(),
            flow: None,
            access: Arc::new(Access::default()),
        }
    }

    /// The same state with the case flow, which the case routes use.
    #[must_use]
    pub fn with_flow(self, flow: Flow) -> AppState {
        AppState {
            flow: Some(flow),
            ..self
        }
    }

    /// The same state under other limits than [`Limits::default`].
    #[must_use]
    pub fn with_limits(self, limits: Limits) -> AppState {
        AppState { limits, ..self }
    }

    /// The same state reading "today" from `clock` (the machine's clock by default), e.g. a
    /// `FixedClock` in tests; give it the intake's clock so both agree.
    #[must_use]
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> AppState {
        AppState { clock, ..self }
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The case flow, when the server runs one.
    pub fn flow(&self) -> Option<&Flow> {
        self.flow.as_ref()
    }

    /// Where "now" comes from.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }
}
