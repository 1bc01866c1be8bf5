//! The case flow's shared context: the store, the service catalogue, the registry, the
//! triage models, the clock and the working-day calendar, which every use case of the flow
//! (the pipeline, officers' actions, the scheduler, delivery) is written against.

use crate::clock::Clock;
use crate::intake::Intake;
use sheshim_calendar::Calendar;
use sheshim_registry::Registry;
use sheshim_services::Catalogue;
use sheshim_store::Store;
use sheshim_triage::Triage;
use std::sync::Arc;
use tokio::sync::Notify;

/// The name and version the machine signs its work with, in audit entries and AI labels.
pub const SYSTEM: &str = concat!("sheshim@", env!("CARGO_PKG_VERSION"));

/// What the case flow's use cases share. Cheap to clone.
#[derive(Clone)]
pub struct Flow {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) catalogue: Arc<Catalogue>,
    pub(crate) registry: Arc<dyn Registry>,
    pub(crate) triage: Arc<Triage>,
    pub(crate) clock: Arc<dyn Clock>,
    pub(crate) calendar: &'static Calendar,
    pub(crate) intake: Intake,
    /// Woken by intake after each registration, so the pipeline starts at once.
    pub(crate) wake: Arc<Notify>,
    /// The triage models' identity, recorded with every triage.
    pub(crate) models: String,
}

impl Flow {
    /// The flow over these parts. `intake` must have been started with
    /// [`Intake::start_waking`] on `wake`… or any intake: the pipeline also polls.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        store: Arc<dyn Store>,
        catalogue: Arc<Catalogue>,
        registry: Arc<dyn Registry>,
        triage: Arc<Triage>,
        clock: Arc<dyn Clock>,
        intake: Intake,
        models: String,
    ) -> Flow {
        let wake = intake.wake();
        Flow {
            store,
            catalogue,
            registry,
            triage,
            clock,
            calendar: Calendar::kazakhstan(),
            intake,
            wake,
            models,
        }
    }

    /// The service catalogue.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }
}
