//! The client and the rewrite checks against an in-process fake model server (axum on
//! 127.0.0.1:0) that replays answers in the shapes vLLM, llama.cpp's server and Ollama send,
//! including malformed, endless, slow, failing and oversized ones. The fake counts the
//! requests it receives and keeps the last one, so a test can assert what was (not) sent.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use futures_util::stream;
use sheshim_domain::Language;
use sheshim_llm::{
    ApiKey, CallOutcome, FallbackReason, GroundedDraft, LlmClient, LlmConfig, LlmError,
    PROMPT_VERSION, Source,
};
use sheshim_pii::PiiKind;

/// What the fake answers to every request.
#[derive(Clone)]
enum Reply {
    /// 200 with a JSON body.
    Json(&'static str),
    /// 200 with `text/event-stream`, the body sent in pieces of this many bytes with a pause
    /// between them.
    Sse(&'static str, usize),
    /// An event stream that sends one chunk and then keep-alive comments forever.
    SseForever,
    /// Sleeps this long before answering.
    Sleep(Duration),
    /// An error status with a small body.
    Status(u16),
    /// 200 with a JSON answer whose text is this many bytes.
    Huge(usize),
    /// 307 to another address.
    Redirect(String),
}

#[derive(Default)]
struct Seen {
    requests: AtomicUsize,
    last_body: Mutex<Option<serde_json::Value>>,
    last_auth: Mutex<Option<String>>,
}

struct Fake {
    reply: Reply,
    seen: Arc<Seen>,
}

async fn chat(State(fake): State<Arc<Fake>>, headers: HeaderMap, body: String) -> Response {
    fake.seen.requests.fetch_add(1, Ordering::SeqCst);
    if let Ok(mut last) = fake.seen.last_body.lock() {
        *last = serde_json::from_str(&body).ok();
    }
    if let Ok(mut auth) = fake.seen.last_auth.lock() {
        *auth = headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
    }
    match fake.reply.clone() {
        Reply::Json(body) => ([(header::CONTENT_TYPE, "application/json")], body).into_response(),
        Reply::Sse(body, piece) => {
            let pieces: Vec<Vec<u8>> = body.as_bytes().chunks(piece).map(<[u8]>::to_vec).collect();
            let body = stream::unfold(pieces.into_iter(), |mut rest| async move {
                let next = rest.next()?;
                tokio::time::sleep(Duration::from_millis(5)).await;
                Some((Ok::<_, std::convert::Infallible>(next), rest))
            });
            sse_response(Body::from_stream(body))
        }
        Reply::SseForever => {
            let first = "data: {\"choices\":[{\"delta\":{\"content\":\"Уважаемый \"}}]}\n\n";
            let body = stream::unfold(0u64, move |n| async move {
                if n > 0 {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                let piece = if n == 0 {
                    first.to_owned()
                } else {
                    ": keep-alive\n\n".to_owned()
                };
                Some((Ok::<_, std::convert::Infallible>(piece), n + 1))
            });
            sse_response(Body::from_stream(body))
        }
        Reply::Sleep(pause) => {
            tokio::time::sleep(pause).await;
            (
                [(header::CONTENT_TYPE, "application/json")],
                include_str!("fixtures/vllm_cites_s1.json"),
            )
                .into_response()
        }
        Reply::Status(code) => (
            StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            "{\"error\":{\"message\":\"CUDA out of memory\"}}",
        )
            .into_response(),
        Reply::Redirect(location) => (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, location)],
        )
            .into_response(),
        Reply::Huge(bytes) => {
            let text = "а".repeat(bytes / 2);
            let body = serde_json::json!({"choices": [{"message": {"content": text}}]});
            (
                [(header::CONTENT_TYPE, "application/json")],
                body.to_string(),
            )
                .into_response()
        }
    }
}

fn sse_response(body: Body) -> Response {
    ([(header::CONTENT_TYPE, "text/event-stream")], body).into_response()
}

/// Starts a fake that gives `reply`; returns its base URL and what it saw.
async fn fake(reply: Reply) -> (String, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let state = Arc::new(Fake {
        reply,
        seen: Arc::clone(&seen),
    });
    let app = Router::new()
        .route("/v1/chat/completions", post(chat))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let address = listener.local_addr().expect("address");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (format!("http://{address}"), seen)
}

fn client(base: &str, timeout: Duration) -> LlmClient {
    let key = ApiKey::parse("sk-local-test").expect("key");
    let config = LlmConfig::parse(base, "qwen2.5-7b-instruct", Some(key), timeout).expect("config");
    LlmClient::new(config).expect("client")
}

const TEMPLATE: &str = "Уважаемый [NAME]! Ваше обращение № [NUMBER] рассмотрено. \
Ответ даётся в течение 15 рабочих дней.";

fn draft() -> GroundedDraft {
    GroundedDraft {
        language: Language::Ru,
        template_text: TEMPLATE.into(),
        sources: vec![
            Source {
                id: "law:appc-76".into(),
                citation: "АППК РК, ст. 76".into(),
                text: "Административное дело рассматривается в течение пятнадцати рабочих дней."
                    .into(),
            },
            Source {
                id: "answer:2025-0412".into(),
                citation: "Ответ № 2025-0412".into(),
                text: "Заявителю [NAME] разъяснён порядок перерасчёта.".into(),
            },
        ],
    }
}

fn fell_back(rewrite: &sheshim_llm::Rewrite, reason: &FallbackReason) {
    assert_eq!(
        rewrite.text, TEMPLATE,
        "the template draft is shown unchanged"
    );
    assert_eq!(rewrite.fallback.as_ref(), Some(reason));
    let call = rewrite.used_model.as_ref().expect("the call is recorded");
    assert_eq!(call.outcome, CallOutcome::FellBack(reason.clone()));
}

/// Rewrites the usual draft against a fake giving `reply`, with a five-second timeout.
async fn rewrite_with(reply: Reply) -> (sheshim_llm::Rewrite, Arc<Seen>) {
    let (base, seen) = fake(reply).await;
    let rewrite = client(&base, Duration::from_secs(5))
        .rewrite(&draft())
        .await;
    (rewrite, seen)
}

/// The last request's JSON body.
fn last_body(seen: &Seen) -> serde_json::Value {
    seen.last_body
        .lock()
        .expect("lock")
        .clone()
        .expect("JSON request")
}

#[tokio::test]
async fn a_good_answer_citing_s1_is_shown_and_recorded_without_the_prompt() {
    let (rewrite, seen) =
        rewrite_with(Reply::Json(include_str!("fixtures/vllm_cites_s1.json"))).await;

    assert_eq!(rewrite.fallback, None);
    assert!(
        rewrite.text.starts_with("Уважаемый [NAME]!"),
        "{}",
        rewrite.text
    );
    assert!(
        rewrite.text.ends_with("регистрации [S1]."),
        "trimmed: {:?}",
        rewrite.text
    );
    let call = rewrite.used_model.expect("recorded");
    assert_eq!(call.model, "qwen2.5-7b-instruct");
    assert_eq!(call.prompt_version, PROMPT_VERSION);
    assert_eq!(call.source_ids, vec!["law:appc-76", "answer:2025-0412"]);
    assert_eq!(call.outcome, CallOutcome::Accepted);
    assert!(call.latency_ms < 5_000);
    // The record holds no text of the prompt, the draft or the sources.
    let record = format!("{call:?}");
    assert!(
        !record.contains("пятнадцати") && !record.contains("Уважаемый"),
        "{record}"
    );

    assert_eq!(seen.requests.load(Ordering::SeqCst), 1);
    let body = last_body(&seen);
    assert_eq!(body["model"], "qwen2.5-7b-instruct");
    assert_eq!(body["temperature"], 0);
    assert_eq!(body["stream"], false);
    assert_eq!(body["messages"][0]["role"], "system");
    assert_eq!(body["messages"][1]["role"], "user");
    let user = body["messages"][1]["content"].as_str().expect("user text");
    assert!(user.contains("[S1] АППК РК, ст. 76") && user.contains("[S2] Ответ № 2025-0412"));
    assert!(user.contains(TEMPLATE));
    let auth = seen.last_auth.lock().expect("lock").clone();
    assert_eq!(auth.as_deref(), Some("Bearer sk-local-test"));
}

#[tokio::test]
async fn a_citation_that_was_not_retrieved_falls_back_and_names_it() {
    let (rewrite, _) =
        rewrite_with(Reply::Json(include_str!("fixtures/llamacpp_cites_s3.json"))).await;
    let reason = FallbackReason::CitationNotRetrieved {
        citation: "S3".into(),
    };
    fell_back(&rewrite, &reason);
    assert!(reason.to_string().contains("[S3]"));
}

#[tokio::test]
async fn out_of_scope_falls_back() {
    let reply = Reply::Json(include_str!("fixtures/ollama_out_of_scope.json"));
    let (rewrite, _) = rewrite_with(reply).await;
    fell_back(&rewrite, &FallbackReason::OutOfScope);
}

#[tokio::test]
async fn malformed_json_falls_back() {
    let (base, _) = fake(Reply::Json(include_str!("fixtures/truncated.json"))).await;
    let client = client(&base, Duration::from_secs(5));
    assert!(matches!(
        client.complete("s", "u").await,
        Err(LlmError::Malformed(_))
    ));
    fell_back(&client.rewrite(&draft()).await, &FallbackReason::Malformed);
}

#[tokio::test]
async fn a_stream_in_small_pieces_is_joined() {
    let (base, seen) = fake(Reply::Sse(include_str!("fixtures/vllm_stream_kk.sse"), 37)).await;
    let config = LlmConfig::parse(&base, "qwen2.5-7b-instruct", None, Duration::from_secs(5))
        .expect("config")
        .with_streaming(true);
    let client = LlmClient::new(config).expect("client");
    let mut kk = draft();
    kk.language = Language::Kk;
    let rewrite = client.rewrite(&kk).await;
    assert_eq!(rewrite.fallback, None);
    assert_eq!(
        rewrite.text,
        "Құрметті [NAME]! Өтінішке 15 жұмыс күні ішінде жауап беріледі [S1]."
    );
    let body = last_body(&seen);
    assert_eq!(body["stream"], true);
    assert!(
        body["messages"][1]["content"]
            .as_str()
            .is_some_and(|u| u.starts_with("Language: Kazakh"))
    );
    assert_eq!(
        seen.last_auth.lock().expect("lock").clone(),
        None,
        "no key, no header"
    );
}

#[tokio::test]
async fn a_stream_that_never_ends_times_out_and_falls_back() {
    let (base, _) = fake(Reply::SseForever).await;
    let started = Instant::now();
    let rewrite = client(&base, Duration::from_millis(600))
        .rewrite(&draft())
        .await;
    fell_back(&rewrite, &FallbackReason::Timeout);
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(600) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
}

#[tokio::test]
async fn a_server_that_sleeps_past_the_timeout_falls_back() {
    let (base, _) = fake(Reply::Sleep(Duration::from_secs(30))).await;
    let started = Instant::now();
    let rewrite = client(&base, Duration::from_millis(400))
        .rewrite(&draft())
        .await;
    fell_back(&rewrite, &FallbackReason::Timeout);
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    let call = rewrite.used_model.expect("recorded");
    assert!(call.latency_ms >= 400, "{}", call.latency_ms);
}

#[tokio::test]
async fn a_server_error_falls_back_with_its_status() {
    let (base, _) = fake(Reply::Status(500)).await;
    let client = client(&base, Duration::from_secs(5));
    assert_eq!(client.complete("s", "u").await, Err(LlmError::Http(500)));
    fell_back(
        &client.rewrite(&draft()).await,
        &FallbackReason::Http { status: 500 },
    );
}

#[tokio::test]
async fn a_huge_answer_is_too_long() {
    // Just over the 64 KiB answer cap, and far over it (stopped by the raw-body cap before
    // it is all read).
    for bytes in [70 * 1024, 8 * 1024 * 1024] {
        let (base, _) = fake(Reply::Huge(bytes)).await;
        let client = client(&base, Duration::from_secs(10));
        assert_eq!(
            client.complete("s", "u").await,
            Err(LlmError::TooLong),
            "{bytes}"
        );
        fell_back(&client.rewrite(&draft()).await, &FallbackReason::TooLong);
    }
}

#[tokio::test]
async fn personal_data_is_refused_before_any_request() {
    let (base, seen) = fake(Reply::Json(include_str!("fixtures/vllm_cites_s1.json"))).await;
    let client = client(&base, Duration::from_secs(5));
    let mut leaky = draft();
    leaky.template_text = "Уважаемая Айгуль, ИИН 900315300127, ваше обращение рассмотрено.".into();
    let rewrite = client.rewrite(&leaky).await;
    assert_eq!(rewrite.text, leaky.template_text);
    assert_eq!(
        rewrite.used_model, None,
        "nothing was sent, so no call is recorded"
    );
    assert_eq!(
        rewrite.fallback,
        Some(FallbackReason::PersonalData {
            kinds: vec![PiiKind::Iin]
        })
    );

    let mut in_source = draft();
    in_source.sources[1].text = "Звоните +7 701 234 56 78 или пишите aigul@mail.kz".into();
    assert_eq!(
        client.rewrite(&in_source).await.fallback,
        Some(FallbackReason::PersonalData {
            kinds: vec![PiiKind::Phone, PiiKind::Email]
        })
    );
    assert_eq!(
        seen.requests.load(Ordering::SeqCst),
        0,
        "no request reached the server"
    );
}

#[tokio::test]
async fn an_unreachable_server_falls_back() {
    // Bind and drop a listener to get a port nothing listens on.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let rewrite = client(&format!("http://{address}"), Duration::from_secs(5))
        .rewrite(&draft())
        .await;
    fell_back(&rewrite, &FallbackReason::Unreachable);
}

#[tokio::test]
async fn a_redirect_elsewhere_is_not_followed() {
    let (elsewhere, seen_elsewhere) =
        fake(Reply::Json(include_str!("fixtures/vllm_cites_s1.json"))).await;
    let location = format!("{elsewhere}/v1/chat/completions");
    let (rewrite, seen) = rewrite_with(Reply::Redirect(location)).await;
    fell_back(&rewrite, &FallbackReason::Http { status: 307 });
    assert_eq!(seen.requests.load(Ordering::SeqCst), 1);
    assert_eq!(
        seen_elsewhere.requests.load(Ordering::SeqCst),
        0,
        "nothing is sent but to the configured base URL"
    );
}
