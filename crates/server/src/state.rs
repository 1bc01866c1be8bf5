//! What every handler shares.

use crate::metrics::Metrics;
use sheshim_engine::Intake;
use sheshim_store::Store;
use sheshim_triage::Triage;
use std::sync::Arc;

/// The server's shared state: the store, the intake use case, the triage models and the
/// metrics.
#[derive(Clone)]
pub struct AppState {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) intake: Intake,
    pub(crate) triage: Arc<Triage>,
    pub(crate) metrics: Arc<Metrics>,
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
        }
    }
}
