//! The case flow's shared context: the store, the service catalogue, the registry, the
//! triage models, the clock and the working-day calendar, which every use case of the flow
//! (the pipeline, officers' actions, the scheduler, delivery) is written against.

use crate::clock::Clock;
use crate::describing::Describer;
use crate::duplicates::{Confirm, DuplicateOptions, Duplicates};
use crate::grounding::Grounding;
use crate::intake::Intake;
use sheshim_calendar::Calendar;
use sheshim_dedup::DedupError;
use sheshim_domain::RegistrationNumber;
use sheshim_registry::Registry;
use sheshim_services::Catalogue;
use sheshim_store::{CaseChange, ChangeOutcome, Store, StoreError};
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
    /// The open cases' duplicate index, shared by every clone.
    pub(crate) duplicates: Arc<Duplicates>,
    /// Retrieval (and the optional language model) for the drafts of appeals that rules do
    /// not decide; without it those drafts are the template's skeleton alone.
    pub(crate) grounding: Option<Arc<Grounding>>,
    /// The labels' descriptions and the embedder, when the embedding model is present: the
    /// topic and agency are then suggested by the method chosen for the appeal's language.
    pub(crate) describer: Option<Arc<Describer>>,
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
            duplicates: Arc::new(Duplicates::lexical()),
            grounding: None,
            describer: None,
        }
    }

    /// The same flow suggesting topics and agencies by the labels' descriptions where they
    /// measured better than the seed models (`sheshim_triage::CHOICE`, measured against the
    /// seed models: give it only to a flow whose triage uses them). When grounding's index
    /// holds vectors of the describer's very embedder, each appeal is embedded once for both.
    #[must_use]
    pub fn with_describer(mut self, describer: Arc<Describer>) -> Flow {
        self.describer = Some(describer);
        self
    }

    /// The same flow drafting answers to appeals from what `grounding` retrieves.
    #[must_use]
    pub fn with_grounding(mut self, grounding: Arc<Grounding>) -> Flow {
        self.grounding = Some(grounding);
        self
    }

    /// The same flow judging duplicates and mass appeals with these options and this
    /// confirmation of the lexical index's candidates (e.g. by embedding similarity). Set it
    /// before the pipeline runs: the index starts empty and is built from the store.
    ///
    /// # Errors
    /// [`DedupError::Banding`] when the banding has no band or no row.
    pub fn with_duplicates(
        mut self,
        options: DuplicateOptions,
        confirm: Arc<dyn Confirm>,
    ) -> Result<Flow, DedupError> {
        self.duplicates = Arc::new(Duplicates::new(options, confirm)?);
        Ok(self)
    }

    /// Retrieval for drafts, when the flow grounds them: its index is what officers search.
    pub fn grounding(&self) -> Option<&Arc<Grounding>> {
        self.grounding.as_ref()
    }

    /// The open cases' duplicate index.
    pub fn duplicates(&self) -> &Duplicates {
        &self.duplicates
    }

    /// The service catalogue.
    pub fn catalogue(&self) -> &Catalogue {
        &self.catalogue
    }

    /// The store.
    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// Applies changes and forgets, in the duplicate index, the cases they closed.
    pub(crate) async fn commit(
        &self,
        changes: Vec<CaseChange>,
    ) -> Result<Vec<ChangeOutcome>, StoreError> {
        let closing: Vec<Option<RegistrationNumber>> = changes
            .iter()
            .map(|c| c.status.filter(|s| !s.is_open()).map(|_| c.number.clone()))
            .collect();
        let outcomes = self.store.apply_case_changes(changes).await?;
        for (closed, outcome) in closing.iter().zip(&outcomes) {
            if let (Some(number), ChangeOutcome::Applied { .. }) = (closed, outcome) {
                self.duplicates.forget(number);
            }
        }
        Ok(outcomes)
    }

    /// Builds the duplicate index from the store's open cases, unless it reflects them
    /// already: at the pipeline's first batch, and after a batch was not written as judged.
    pub async fn load_duplicates(&self) -> Result<(), StoreError> {
        if !self.duplicates.needs_loading() {
            return Ok(());
        }
        self.duplicates.clear();
        let keys = self.store.keyring();
        let mut after = 0;
        loop {
            let page = self.store.open_cases(after, 1_000).await?;
            let Some(last) = page.last() else {
                break;
            };
            after = last.id;
            self.duplicates.load(&page, |open| {
                keys.lookup_id(open.case.appeal.applicant.iin.expose())
            });
        }
        self.duplicates.loaded();
        tracing::info!(
            open_cases = self.duplicates.len(),
            "the duplicate index is built"
        );
        Ok(())
    }
}
