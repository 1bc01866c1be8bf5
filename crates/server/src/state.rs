//! What every handler shares.

use crate::limits::Limits;
use crate::metrics::Metrics;
use sheshim_engine::Intake;
use sheshim_store::Store;
use sheshim_triage::Triage;
use std::sync::Arc;

/// The server's shared state: the store, the intake use case, the triage models, the
/// metrics and the limits on requests.
#[derive(Clone)]
pub struct AppState {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) intake: Intake,
    pub(crate) triage: Arc<Triage>,
    pub(crate) metrics: Arc<Metrics>,
    pub(crate) limits: Limits,
}

impl AppState {
    /// Builds the state from a migrated store, a running intake over it and the triage
    /// models (e.g. [`Triage::seed`]).
    pub fn new(store: Arc<dyn Store>, intake: Intake, triage: Arc<Triage>) -> AppState {
        AppState {
            store,
            intake,
            triage,
            metrics: Arc::new(Metrics::new()),
            limits: Limits::default(),
        }
    }

    /// The same state under other limits than [`Limits::default`].
    #[must_use]
    pub fn with_limits(self, limits: Limits) -> AppState {
        AppState { limits, ..self }
    }
}
