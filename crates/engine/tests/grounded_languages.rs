//! Grounded drafts in Kazakh and English, on SQLite: a complaint about a missed term, written
//! in either language, gets its draft in that language, with the catalogue's own shared
//! sentences (`grounds-law` in `services/_common/{kk,en}.ftl`) and the APPC passage in the
//! appeal's language, quoted with its heading as the citation. The Russian letters are
//! checked in `grounded.rs`; these are the letters an officer reads in the other two
//! languages, which the catalogue's test of message keys alone would not catch.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{TRIAGE, TestRegistry, complaint};

use chrono::{TimeZone, Utc};
use sheshim_crypto::Keyring;
use sheshim_domain::{CaseStatus, Language};
use sheshim_engine::record::CaseRecord;
use sheshim_engine::{Flow, Grounding, GroundingOptions, Intake, IntakeOptions, ManualClock};
use sheshim_search::{BuildOptions, SearchIndex, Sources};
use sheshim_services::Catalogue;
use std::sync::Arc;

/// A complaint about the term of consideration, in Kazakh.
const TERM_KK: &str = "Менің өтінішім әкімдікте мерзімінде қаралмады: тіркелген күнінен бастап \
    он бес жұмыс күні өтті, қарау мерзімін ұзарту туралы маған хабарланған жоқ. \
    Өтінішті қарап, мерзім неге бұзылғанын хабарлауыңызды сұраймын.";

/// The same complaint in English.
const TERM_EN: &str = "My appeal to the akimat was not considered in time: more than fifteen \
    working days have passed since its registration, and nobody told me the term was \
    extended. I ask you to consider the appeal and to explain why the term was missed.";

async fn drafted(text: &str, language: Language) -> (Arc<SearchIndex>, CaseRecord) {
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap(),
    ));
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("cases.db").display());
    let (store, _) =
        sheshim_store::open_attached(&url, Arc::new(Keyring::generate().unwrap()), Utc::now())
            .await
            .unwrap();
    let services = std::path::Path::new("../../services");
    let catalogue = Arc::new(Catalogue::load(services).unwrap());
    let mut sources = Sources::new();
    sources.add_catalogue(services).unwrap();
    let index = Arc::new(SearchIndex::build(sources, BuildOptions::default()).unwrap());
    let grounding = Grounding::new(index.clone(), GroundingOptions::default());
    let (intake, _writer) = Intake::start(store.clone(), clock.clone(), IntakeOptions::default());
    let flow = Flow::new(
        store.clone(),
        catalogue,
        Arc::new(TestRegistry::default()),
        TRIAGE.clone(),
        clock,
        intake.clone(),
        "seed".to_owned(),
    )
    .with_grounding(Arc::new(grounding));
    let submission = complaint(
        text,
        language,
        "8501013001",
        "Асель Нурланова",
        "AKIMAT-ALA",
    );
    let number = intake
        .register(submission)
        .await
        .unwrap()
        .appeal()
        .registration_number
        .clone();
    while flow.pipeline_batch(16).await.unwrap() > 0 {}
    let case = store.case(&number).await.unwrap().unwrap();
    // Drafted for an officer, never issued by the machine.
    assert_eq!(case.appeal.status, CaseStatus::InReview);
    (index, serde_json::from_value(case.record.unwrap()).unwrap())
}

/// The draft cites the APPC passage `key` (in the appeal's language), quoted from the index
/// after its heading, under the shared sentence `grounds_law`.
fn assert_grounded_on(index: &SearchIndex, record: &CaseRecord, key: &str, grounds_law: &str) {
    let grounding = record.grounding.as_ref().expect("grounded");
    assert!(!grounding.insufficient, "{grounding:?}");
    let source = grounding
        .sources
        .iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("{key} is not among {:?}", grounding.sources));
    let document = index.document(key).expect("a document of the index");
    assert!(document.text().contains(source.text.trim_end_matches('…')));
    let draft = record.draft.as_ref().expect("a draft");
    assert!(draft.ai.prepared_with_ai && draft.ai.checked_by.is_none());
    assert!(draft.body.contains(grounds_law), "{}", draft.body);
    assert!(
        draft
            .body
            .contains(&format!("— {}: {}", source.citation, source.text)),
        "{}",
        draft.body
    );
    // No passage in another language is quoted in the letter.
    for other in &grounding.sources {
        if other.kind == "law" {
            assert!(other.key.ends_with(&key[key.len() - 3..]), "{other:?}");
        }
    }
}

#[tokio::test]
async fn a_kazakh_complaint_is_grounded_in_kazakh() {
    let (index, record) = drafted(TERM_KK, Language::Kk).await;
    assert_grounded_on(
        &index,
        &record,
        "law:appc-76-kk",
        "Осы өтінішке қатысты табылған құқықтық негіздер:",
    );
    assert!(
        record
            .draft
            .unwrap()
            .body
            .contains("Өтінішті қарау мерзімдері (ӘРПК, 76-бап)")
    );
}

#[tokio::test]
async fn an_english_complaint_is_grounded_in_english() {
    let (index, record) = drafted(TERM_EN, Language::En).await;
    assert_grounded_on(
        &index,
        &record,
        "law:appc-76-en",
        "Legal grounds found for this appeal:",
    );
    assert!(
        record
            .draft
            .unwrap()
            .body
            .contains("Terms of considering an appeal (APPC, art. 76)")
    );
}
