//! What every handler shares.

use crate::metrics::Metrics;
use sheshim_engine::Intake;
use sheshim_store::Store;
use std::sync::Arc;

/// The server's shared state: the store, the intake use case and the metrics.
#[derive(Clone)]
pub struct AppState {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) intake: Intake,
    pub(crate) metrics: Arc<Metrics>,
}

impl AppState {
    /// Builds the state from a migrated store and a running intake over it.
    pub fn new(store: Arc<dyn Store>, intake: Intake) -> AppState {
        AppState {
            store,
            intake,
            metrics: Arc::new(Metrics::new()),
        }
    }
}
