//! Grounded drafts through the case flow, on SQLite (and on PostgreSQL when
//! `SHESHIM_TEST_POSTGRES_URL` is set): a complaint's draft is built from the catalogue's
//! legal passages and earlier answers that the search index holds, each statement with its
//! citation, and every source it names is a document of that index; a complaint nothing in
//! the index relates to gets a draft that says the sources are insufficient; and with a
//! language model configured (an in-process fake of an OpenAI-compatible server), a rewrite
//! citing a source that was not retrieved is refused — the template draft stays and the
//! record says why — while a rewrite citing only what was given replaces the draft, its
//! `[S1]` markers turned into citations, and one that does not answer in time leaves the
//! template draft. Drafts are never issued: an officer approves them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use support::{TRIAGE, TestRegistry, complaint, databases};

use axum::Router;
use axum::extract::State;
use axum::routing::post;
use chrono::{TimeZone, Utc};
use sheshim_crypto::Keyring;
use sheshim_domain::{AgencyCode, CaseStatus, Language, RegistrationNumber, Role};
use sheshim_engine::record::CaseRecord;
use sheshim_engine::{
    Action, ActionError, Flow, Grounding, GroundingOptions, Intake, IntakeOptions, ManualClock,
    Officer,
};
use sheshim_llm::{CallOutcome, FallbackReason, LlmClient, LlmConfig};
use sheshim_search::{BuildOptions, SearchIndex, Sources};
use sheshim_services::Catalogue;
use sheshim_store::Store;
use std::sync::Arc;
use std::time::Duration;

/// An earlier appeal about hot water, answered (KZgovData's columns).
const ANSWERS: &str = "id,text_kz,text_ru,reply_text\n\
hw-2025-17,,\"В доме по улице Абая нет горячей воды уже две недели, управляющая компания не отвечает.\",\
\"Управляющей компании выдано предписание восстановить горячее водоснабжение дома в течение пяти дней; подача горячей воды восстановлена, перерасчёт за период без горячей воды будет сделан в следующем месяце.\"\n";

/// A complaint about hot water, like the earlier one.
const HOT_WATER: &str = "Третью неделю в нашем доме на улице Абая нет горячей воды. \
    Управляющая компания на звонки не отвечает, когда восстановят горячую воду, никто не говорит. \
    Прошу обязать управляющую компанию восстановить горячее водоснабжение и сделать перерасчёт.";

/// A complaint about the term of consideration, which the catalogue's APPC passage covers.
const TERM: &str = "Моё обращение в акимат не рассмотрели в срок: прошло больше пятнадцати \
    рабочих дней со дня регистрации, о продлении срока рассмотрения мне не сообщили. \
    Прошу рассмотреть обращение и сообщить, почему нарушен срок рассмотрения.";

/// A complaint nothing in the index is about.
const UNRELATED: &str = "Соседская собака лает по ночам и мешает спать всему подъезду, \
    хозяин не реагирует на просьбы.";

struct World {
    store: Arc<dyn Store>,
    intake: Intake,
    flow: Flow,
    index: Arc<SearchIndex>,
    _dir: tempfile::TempDir,
}

async fn world(url: &str, model: Option<LlmClient>) -> World {
    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(ManualClock::new(
        Utc.with_ymd_and_hms(2026, 3, 2, 5, 0, 0).unwrap(),
    ));
    let (store, _) =
        sheshim_store::open_attached(url, Arc::new(Keyring::generate().unwrap()), Utc::now())
            .await
            .unwrap();
    let services = std::path::Path::new("../../services");
    let catalogue = Arc::new(Catalogue::load(services).unwrap());
    let answers = dir.path().join("answers.csv");
    std::fs::write(&answers, ANSWERS).unwrap();
    let mut sources = Sources::new();
    sources.add_catalogue(services).unwrap();
    sources.add_answers(&answers).unwrap();
    let index = Arc::new(SearchIndex::build(sources, BuildOptions::default()).unwrap());
    let mut grounding = Grounding::new(index.clone(), GroundingOptions::default());
    if let Some(model) = model {
        grounding = grounding.with_model(Arc::new(model));
    }
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
    World {
        store,
        intake,
        flow,
        index,
        _dir: dir,
    }
}

impl World {
    async fn complain(&self, n: u32, text: &str) -> RegistrationNumber {
        let submission = complaint(
            text,
            Language::Ru,
            &format!("8501013{n:03}"),
            "Асель Нурланова",
            "AKIMAT-ALA",
        );
        let registered = self.intake.register(submission).await.unwrap();
        registered.appeal().registration_number.clone()
    }

    async fn record(&self, number: &RegistrationNumber) -> (CaseStatus, CaseRecord) {
        let case = self.store.case(number).await.unwrap().unwrap();
        let record = serde_json::from_value(case.record.clone().unwrap()).unwrap();
        (case.appeal.status, record)
    }
}

async fn drafts_cite_only_what_the_index_holds_scenario(w: World) {
    let hot_water = w.complain(1, HOT_WATER).await;
    let term = w.complain(2, TERM).await;
    let unrelated = w.complain(3, UNRELATED).await;
    while w.flow.pipeline_batch(16).await.unwrap() > 0 {}

    for number in [&hot_water, &term] {
        let (status, record) = w.record(number).await;
        // Drafted for an officer, never issued by the machine.
        assert_eq!(status, CaseStatus::InReview);
        assert!(record.issued.is_none());
        let grounding = record.grounding.as_ref().expect("grounded");
        let draft = record.draft.as_ref().expect("a draft");
        assert!(draft.ai.prepared_with_ai && draft.ai.checked_by.is_none());
        assert!(!grounding.insufficient, "{grounding:?}");
        for source in &grounding.sources {
            // Every source named is a document of the index, quoted from it.
            let document = w.index.document(&source.key).unwrap_or_else(|| {
                panic!("{} is not in the index", source.key);
            });
            assert!(document.text().contains(source.text.trim_end_matches('…')));
            // Statements of law carry their citation in the letter.
            if source.kind == "law" {
                assert!(
                    draft
                        .body
                        .contains(&format!("— {}: {}", source.citation, source.text))
                );
            }
        }
    }
    let (_, record) = w.record(&hot_water).await;
    let grounding = record.grounding.unwrap();
    assert!(
        grounding
            .sources
            .iter()
            .any(|s| s.key == "answer:hw-2025-17-ru"),
        "{grounding:?}"
    );
    assert!(
        record
            .draft
            .unwrap()
            .body
            .contains("Ответы на похожие обращения")
    );
    let (_, record) = w.record(&term).await;
    let grounding = record.grounding.unwrap();
    assert!(
        grounding.sources.iter().any(|s| s.key == "law:appc-76-ru"),
        "{grounding:?}"
    );
    assert!(record.draft.unwrap().body.contains("Правовые основания"));

    // The earlier answers are for the officer: approving the draft as it is would send them,
    // so it is refused; the officer's own letter is issued.
    let officer = Officer {
        login: "aset".to_owned(),
        role: Role::Officer,
        agency: AgencyCode::parse("AKIMAT-ALA").unwrap(),
    };
    let version = w.store.case(&hot_water).await.unwrap().unwrap().version;
    let refused = w
        .flow
        .act(&officer, &hot_water, version, Action::Approve)
        .await
        .unwrap_err();
    assert!(
        matches!(&refused, ActionError::Invalid { field: "body", message } if message.contains("for the officer")),
        "{refused:?}"
    );
    let issued = w
        .flow
        .act(
            &officer,
            &hot_water,
            version,
            Action::Edit {
                body: "Управляющей компании выдано предписание восстановить горячую воду."
                    .to_owned(),
            },
        )
        .await
        .unwrap();
    assert_eq!(issued.appeal.status, CaseStatus::Decided);

    let (_, record) = w.record(&unrelated).await;
    let grounding = record.grounding.unwrap();
    assert!(grounding.insufficient && grounding.sources.is_empty());
    assert!(
        record
            .draft
            .unwrap()
            .body
            .contains("Недостаточно источников"),
    );
}

#[tokio::test]
async fn drafts_cite_only_what_the_index_holds() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "grounded").await {
        drafts_cite_only_what_the_index_holds_scenario(world(&url, None).await).await;
    }
}

/// A fake OpenAI-compatible server answering every request with `content`.
async fn fake_model(content: &'static str) -> LlmClient {
    slow_fake_model(content, Duration::ZERO).await
}

/// A fake that answers `content` after `delay`, to a client that waits at most a second when
/// the delay is longer than that, and ten seconds otherwise.
async fn slow_fake_model(content: &'static str, delay: Duration) -> LlmClient {
    async fn chat(
        State((content, delay)): State<(&'static str, Duration)>,
    ) -> axum::Json<serde_json::Value> {
        tokio::time::sleep(delay).await;
        axum::Json(serde_json::json!({
            "object": "chat.completion",
            "model": "fake",
            "choices": [{ "index": 0, "finish_reason": "stop",
                          "message": { "role": "assistant", "content": content } }],
        }))
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = Router::new()
        .route("/v1/chat/completions", post(chat))
        .with_state((content, delay));
    tokio::spawn(async move { axum::serve(listener, app).await });
    let timeout = if delay > Duration::from_secs(1) {
        Duration::from_secs(1)
    } else {
        Duration::from_secs(10)
    };
    LlmClient::new(
        LlmConfig::parse(&format!("http://{address}/v1"), "fake-model", None, timeout).unwrap(),
    )
    .unwrap()
}

/// The complaint about the term, through a flow whose drafts `model` rewords, on SQLite.
async fn term_complaint_with(
    model: LlmClient,
    dir: &tempfile::TempDir,
) -> (World, RegistrationNumber) {
    let url = &databases(dir, "grounded_model").await[0];
    let w = world(url, Some(model)).await;
    let term = w.complain(2, TERM).await;
    while w.flow.pipeline_batch(16).await.unwrap() > 0 {}
    (w, term)
}

#[tokio::test]
async fn a_rewrite_citing_what_was_not_retrieved_falls_back_and_says_so() {
    let model = fake_model(
        "Уважаемый заявитель! Срок рассмотрения соблюдён [S1], а компенсацию вам выплатят по закону о тарифах [S9].",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (w, term) = term_complaint_with(model, &dir).await;
    let (status, record) = w.record(&term).await;
    assert_eq!(status, CaseStatus::InReview);
    let grounding = record.grounding.unwrap();
    let fallback = FallbackReason::CitationNotRetrieved {
        citation: "S9".to_owned(),
    };
    assert_eq!(grounding.fallback.as_ref(), Some(&fallback));
    let call = grounding.model.expect("the call is recorded");
    assert_eq!(call.model, "fake-model");
    assert_eq!(call.prompt_version, sheshim_llm::PROMPT_VERSION);
    assert_eq!(call.outcome, CallOutcome::FellBack(fallback));
    let ids: Vec<&str> = grounding.sources.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(call.source_ids, ids);
    // The template draft stays: its grounds, none of the model's words.
    let draft = record.draft.unwrap();
    assert!(draft.body.contains("Правовые основания"));
    assert!(!draft.body.contains("[S9]") && !draft.body.contains("закону о тарифах"));
    // The call is in the audit log, without the text sent.
    let history = w.store.history(term.as_str()).await.unwrap();
    let entry = history
        .iter()
        .find(|e| e.entry.action == "case.draft_reworded")
        .expect("an audit entry for the call");
    let payload = entry.entry.payload.to_string();
    assert!(payload.contains("citation_not_retrieved") && payload.contains("fake-model"));
    assert!(!payload.contains("горячей") && !payload.contains("срок"));
}

#[tokio::test]
async fn a_rewrite_citing_only_the_sources_replaces_the_draft() {
    let model = fake_model(
        "Уважаемый заявитель! Обращение рассматривается пятнадцать рабочих дней со дня регистрации [S1]. Мы проверим, почему срок нарушен.",
    )
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (w, term) = term_complaint_with(model, &dir).await;
    let (_, record) = w.record(&term).await;
    let grounding = record.grounding.unwrap();
    assert_eq!(grounding.fallback, None);
    assert_eq!(
        grounding.model.map(|c| c.outcome),
        Some(CallOutcome::Accepted)
    );
    let s1 = &grounding.sources[0];
    let draft = record.draft.unwrap();
    assert_eq!(
        draft.body,
        format!(
            "Уважаемый заявитель! Обращение рассматривается пятнадцать рабочих дней со дня регистрации ({}). Мы проверим, почему срок нарушен.",
            s1.citation
        )
    );
    // Still labelled as AI-made, and still waiting for an officer.
    assert!(draft.text.ends_with(&draft.label_text) && draft.ai.prepared_with_ai);
    assert!(record.issued.is_none());
}

#[tokio::test]
async fn a_model_that_does_not_answer_in_time_leaves_the_template_draft() {
    let model = slow_fake_model("Ответ [S1].", Duration::from_secs(5)).await;
    let dir = tempfile::tempdir().unwrap();
    let (w, term) = term_complaint_with(model, &dir).await;
    let (status, record) = w.record(&term).await;
    assert_eq!(status, CaseStatus::InReview);
    let grounding = record.grounding.unwrap();
    assert_eq!(grounding.fallback, Some(FallbackReason::Timeout));
    let call = grounding.model.expect("the call is recorded");
    assert_eq!(call.outcome, CallOutcome::FellBack(FallbackReason::Timeout));
    assert!(
        (1_000..5_000).contains(&call.latency_ms),
        "{}",
        call.latency_ms
    );
    assert!(record.draft.unwrap().body.contains("Правовые основания"));
}

/// The officer of the complaints' agency.
fn aset() -> Officer {
    Officer {
        login: "aset".to_owned(),
        role: Role::Officer,
        agency: AgencyCode::parse("AKIMAT-ALA").unwrap(),
    }
}

/// A complaint about a barking dog nothing in the index covers, in other words.
const DOG_AGAIN: &str = "Собака соседа снова лает по ночам и мешает спать всему подъезду; \
    хозяин собаки на просьбы не реагирует. Прошу принять меры к хозяину собаки.";

async fn an_answer_issued_grounds_the_next_draft_scenario(w: World) {
    let dog = w.complain(1, UNRELATED).await;
    while w.flow.pipeline_batch(16).await.unwrap() > 0 {}
    let (_, record) = w.record(&dog).await;
    assert!(record.grounding.unwrap().insufficient);
    let before = w.index.len();

    // The officer writes and issues the answer.
    let case = w.store.case(&dog).await.unwrap().unwrap();
    let body = "Уважаемая Асель Нурланова! Участковый инспектор провёл беседу с хозяином \
        собаки, ему вынесено предупреждение за нарушение тишины по ночам."
        .to_owned();
    let issued = w
        .flow
        .act(&aset(), &dog, case.version, Action::Edit { body })
        .await
        .unwrap();
    assert_eq!(issued.appeal.status, CaseStatus::Decided);

    // The index has it at once, masked and with its agency, and finds it.
    assert_eq!(w.index.len(), before + 1);
    let key = format!("answer:{}", dog.as_str());
    let document = w
        .index
        .document(&key)
        .expect("the issued answer is indexed");
    let text = document.text();
    assert!(text.contains("вынесено предупреждение"), "{text}");
    assert!(
        !text.contains("Асель") && !text.contains("Нурланова"),
        "{text}"
    );
    assert!(matches!(
        &document.source,
        sheshim_search::SourceRef::Answer { agency: Some(agency), .. } if agency == "AKIMAT-ALA"
    ));
    let hits = w.index.search("хозяин собаки лает по ночам", 3).unwrap();
    assert_eq!(hits[0].source.key(), key, "{hits:#?}");

    // The next similar complaint's draft is grounded on it.
    let again = w.complain(2, DOG_AGAIN).await;
    while w.flow.pipeline_batch(16).await.unwrap() > 0 {}
    let (_, record) = w.record(&again).await;
    let grounding = record.grounding.unwrap();
    assert!(
        grounding.sources.iter().any(|s| s.key == key),
        "{grounding:?}"
    );
    assert!(!grounding.insufficient);
}

#[tokio::test]
async fn an_answer_issued_grounds_the_next_draft() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "grounded_issued").await {
        an_answer_issued_grounds_the_next_draft_scenario(world(&url, None).await).await;
    }
}

/// The `i`-th of three near-identical complaints about the lift.
fn lift(i: usize) -> String {
    let flat = [12, 47, 83][i];
    format!(
        "Я живу в квартире {flat} дома 7 по улице Сатпаева. Лифт в нашем подъезде не работает \
         уже месяц, пожилые жильцы не могут выйти из дома, управляющая компания ремонт лифта \
         не начинает и на жалобы не отвечает. Прошу обязать управляющую компанию отремонтировать лифт."
    )
}

async fn a_group_answer_is_indexed_for_every_member_scenario(w: World) {
    let mut members = Vec::new();
    for i in 0..3 {
        members.push(w.complain(10 + i as u32, &lift(i)).await);
    }
    while w.flow.pipeline_batch(16).await.unwrap() > 0 {}
    let group = w
        .store
        .case_links(&members[2])
        .await
        .unwrap()
        .group
        .expect("the three complaints form a group");
    let mut bodies = std::collections::BTreeMap::new();
    bodies.insert(
        Language::Ru,
        "Лифт отремонтирован 12 марта, управляющей компании вынесено предписание.".to_owned(),
    );
    let answered = w
        .flow
        .answer_group(&aset(), &group.id, &bodies)
        .await
        .unwrap();
    assert_eq!(answered.answered.len(), 3, "{:?}", answered.skipped);
    for number in &members {
        let key = format!("answer:{}", number.as_str());
        let document = w
            .index
            .document(&key)
            .expect("each member's answer is indexed");
        let text = document.text();
        assert!(text.contains("Лифт отремонтирован"), "{text}");
        assert!(!text.contains("Асель"), "{text}");
    }
    let hits = w.index.search("лифт отремонтирован", 10).unwrap();
    let answers = hits
        .iter()
        .filter(|h| h.source.key().starts_with("answer:SH-"))
        .count();
    assert_eq!(answers, 3, "{hits:#?}");
}

#[tokio::test]
async fn a_group_answer_is_indexed_for_every_member() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "grounded_group").await {
        a_group_answer_is_indexed_for_every_member_scenario(world(&url, None).await).await;
    }
}
