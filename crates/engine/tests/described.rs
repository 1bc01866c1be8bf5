//! Topic and agency suggestions by the labels' descriptions through the case flow, on
//! SQLite: without an embedder the record says the seed models spoke, as before; with any
//! embedder a Russian appeal's topic is suggested by the method `sheshim_triage::CHOICE`
//! names for Russian, and its masked text is embedded once for triage and grounding when
//! both share the embedder; and with the e5 model (`SHESHIM_MODELS` holding `e5-small`; the
//! test is skipped with a message otherwise) a Russian complaint about heating is put under
//! utilities by the descriptions' method.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{TRIAGE, TestRegistry, complaint};

use chrono::{TimeZone, Utc};
use sheshim_crypto::Keyring;
use sheshim_domain::Language;
use sheshim_engine::record::{CaseRecord, TriageRecord};
use sheshim_engine::{
    Describer, Flow, Grounding, GroundingOptions, Intake, IntakeOptions, ManualClock,
};
use sheshim_search::{BuildOptions, EmbedFailure, Role, SearchIndex, Sources, TextEmbedder};
use sheshim_services::Catalogue;
use sheshim_store::Store;
use sheshim_triage::{Descriptions, Head, Method, choice};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A complaint about heating: the radiators are cold, the children are freezing.
const HEATING: &str = "В нашей квартире уже неделю нет отопления, батареи холодные, дети \
    мёрзнут. Управляющая компания не отвечает на звонки. Прошу принять меры и восстановить \
    подачу тепла в дом.";

/// An embedder that counts the queries it embeds, around another one.
struct Counting {
    inner: Arc<dyn TextEmbedder>,
    queries: AtomicUsize,
}

impl TextEmbedder for Counting {
    fn embed(&self, text: &str, role: Role) -> Result<Vec<f32>, EmbedFailure> {
        if role == Role::Query {
            self.queries.fetch_add(1, Ordering::Relaxed);
        }
        self.inner.embed(text, role)
    }
}

/// A stand-in for a sentence embedder: the hashed letter trigrams of the text, unit length.
/// It knows no meaning, but it is deterministic and has the shape of one.
struct Trigrams;

impl TextEmbedder for Trigrams {
    fn embed(&self, text: &str, _role: Role) -> Result<Vec<f32>, EmbedFailure> {
        let mut vector = vec![0f32; 256];
        let letters: Vec<char> = text.to_lowercase().chars().collect();
        for window in letters.windows(3) {
            let hash = window
                .iter()
                .fold(17u32, |h, c| h.wrapping_mul(31).wrapping_add(*c as u32));
            vector[(hash % 256) as usize] += 1.0;
        }
        let norm = vector.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-6);
        Ok(vector.into_iter().map(|x| x / norm).collect())
    }
}

/// The e5 model of `SHESHIM_MODELS`, or why the test cannot use it.
struct E5(sheshim_embed::Embedder);

impl TextEmbedder for E5 {
    fn embed(&self, text: &str, role: Role) -> Result<Vec<f32>, EmbedFailure> {
        let role = match role {
            Role::Query => sheshim_embed::Role::Query,
            Role::Passage => sheshim_embed::Role::Passage,
        };
        self.0
            .embed(text, role)
            .map(sheshim_embed::Embedding::into_vec)
            .map_err(|error| EmbedFailure(error.to_string()))
    }
}

fn e5() -> Result<E5, String> {
    let models = std::env::var_os("SHESHIM_MODELS")
        .ok_or("SHESHIM_MODELS is not set (sheshim models fetch e5-small)")?;
    let spec = sheshim_models::find("e5-small").ok_or("the catalogue has no e5-small")?;
    let files = sheshim_models::locate(spec, Path::new(&models)).map_err(|e| e.to_string())?;
    let path = files.path("e5-small-q4.bin").ok_or("no e5-small-q4.bin")?;
    sheshim_embed::Embedder::load(path)
        .map(E5)
        .map_err(|e| e.to_string())
}

/// The flow over a fresh SQLite database, suggesting by the descriptions with `embedder`
/// when one is given, and grounding drafts on the catalogue's passages (embedded by it too).
async fn flow(dir: &tempfile::TempDir, embedder: Option<Arc<dyn TextEmbedder>>) -> (Flow, Intake) {
    let url = format!("sqlite://{}", dir.path().join("described.db").display());
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 1, 12, 5, 0, 0).unwrap(),
    ));
    let (store, _) =
        sheshim_store::open_attached(&url, Arc::new(Keyring::generate().unwrap()), Utc::now())
            .await
            .unwrap();
    let store: Arc<dyn Store> = store;
    let services = Path::new("../../services");
    let catalogue = Arc::new(Catalogue::load(services).unwrap());
    let mut sources = Sources::new();
    sources.add_catalogue(services).unwrap();
    let index = SearchIndex::build(
        sources,
        BuildOptions {
            directory: None,
            embedder: embedder.clone(),
        },
    )
    .unwrap();
    let grounding = Grounding::new(Arc::new(index), GroundingOptions::default());
    let (intake, _writer) = Intake::start(store.clone(), clock.clone(), IntakeOptions::default());
    let mut flow = Flow::new(
        store,
        catalogue,
        Arc::new(TestRegistry::default()),
        TRIAGE.clone(),
        clock,
        intake.clone(),
        "seed".to_owned(),
    )
    .with_grounding(Arc::new(grounding));
    if let Some(embedder) = embedder {
        let describer = Describer::new(embedder, &Descriptions::seed().unwrap()).unwrap();
        flow = flow.with_describer(Arc::new(describer));
    }
    (flow, intake)
}

/// The heating complaint through the pipeline; its record.
async fn heating(flow: &Flow, intake: &Intake) -> CaseRecord {
    let submission = complaint(
        HEATING,
        Language::Ru,
        "8501013001",
        "Асель Нурланова",
        "AKIMAT-ALA",
    );
    let registered = intake.register(submission).await.unwrap();
    let number = registered.appeal().registration_number.clone();
    while flow.pipeline_batch(16).await.unwrap() > 0 {}
    let case = flow.store().case(&number).await.unwrap().unwrap();
    serde_json::from_value(case.record.unwrap()).unwrap()
}

fn triage(record: &CaseRecord) -> &TriageRecord {
    record.triage.as_ref().expect("triaged")
}

#[tokio::test]
async fn without_an_embedder_the_record_says_the_seed_models_spoke() {
    let dir = tempfile::tempdir().unwrap();
    let (flow, intake) = flow(&dir, None).await;
    let record = heating(&flow, &intake).await;
    let triage = triage(&record);
    assert_eq!(triage.topic.by.as_deref(), Some("seed"));
    assert_eq!(triage.agency.by.as_deref(), Some("seed"));
    assert_eq!(triage.kind.by, None);
    assert_eq!(triage.models, "seed");
    // The record reads as records written before the method was kept do.
    let mut json = serde_json::to_value(triage).unwrap();
    json["topic"].as_object_mut().unwrap().remove("by");
    let old: TriageRecord = serde_json::from_value(json).unwrap();
    assert_eq!(old.topic.by, None);
    assert_eq!(old.topic.value, triage.topic.value);
}

#[tokio::test]
async fn with_an_embedder_the_chosen_method_speaks_and_the_appeal_is_embedded_once() {
    let dir = tempfile::tempdir().unwrap();
    let counting = Arc::new(Counting {
        inner: Arc::new(Trigrams),
        queries: AtomicUsize::new(0),
    });
    let embedder: Arc<dyn TextEmbedder> = counting.clone();
    let (flow, intake) = flow(&dir, Some(embedder)).await;
    let record = heating(&flow, &intake).await;
    let triage = triage(&record);
    let topic = choice(Head::Topic, Language::Ru);
    assert_ne!(
        topic,
        Method::Seed,
        "the table was measured to favour another method"
    );
    assert_eq!(triage.topic.by.as_deref(), Some(topic.code()));
    assert_eq!(
        triage.agency.by.as_deref(),
        Some(choice(Head::Agency, Language::Ru).code())
    );
    // Grounded, on the vector triage computed: one query embedded for the case.
    let grounding = record.grounding.as_ref().expect("grounded");
    assert_eq!(grounding.error, None);
    assert_eq!(counting.queries.load(Ordering::Relaxed), 1);
}

#[tokio::test]
async fn with_e5_a_russian_complaint_about_heating_is_under_utilities_by_its_description() {
    let embedder = match e5() {
        Ok(embedder) => embedder,
        Err(why) => {
            println!("SKIPPED: {why}");
            return;
        }
    };
    let dir = tempfile::tempdir().unwrap();
    let (flow, intake) = flow(&dir, Some(Arc::new(embedder))).await;
    let record = heating(&flow, &intake).await;
    let triage = triage(&record);
    assert_eq!(triage.topic.value, "utilities", "{triage:?}");
    assert_eq!(
        triage.topic.by.as_deref(),
        Some(choice(Head::Topic, Language::Ru).code())
    );
    assert_ne!(triage.topic.by.as_deref(), Some("seed"));
}
