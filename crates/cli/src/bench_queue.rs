//! `sheshim bench queue`: how long the server takes to render the officers' queue page with
//! many open cases in the store.
//!
//! A fresh store (SQLite by default, `--postgres URL` for PostgreSQL) is filled with `--cases`
//! open complaints to one agency, registered over the past weeks in kk, ru and en, each with
//! a sealed triage record (as the pipeline leaves it), so a page reads what a real one reads.
//! An officer of that agency signs in (a real session row); then the workspace's router
//! renders `GET /workspace/queue` — in-process, as `router().oneshot` does, so the figure is
//! the server's own time from request to the last byte of the page, without the network —
//! for the default order and for filtered views, `--requests` times each. Medians, 90th
//! percentiles and maxima are printed per view.

use crate::args::QueueBenchArgs;
use anyhow::Context;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{TimeDelta, Utc};
use http_body_util::BodyExt;
use sheshim_crypto::{BearerSecret, Keyring, SecretKind, hash_password};
use sheshim_domain::{
    AccountName, AgencyCode, AppealKind, AppealText, Applicant, Channel, Iin, Language, PersonName,
    Role, with_check_digit,
};
use sheshim_store::{NewRegistration, NewUser, Store};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// Registrations written per store batch while seeding.
const SEED_BATCH: usize = 2_000;
/// The agency every seeded case is addressed to.
const AGENCY: &str = "BENCH-AGENCY";

/// Runs the benchmark.
pub async fn run(args: &QueueBenchArgs) -> anyhow::Result<ExitCode> {
    let dir = tempfile::tempdir().context("cannot make a temporary folder")?;
    if let Some(folder) = &args.data_dir {
        let file = folder.join("queue.db");
        anyhow::ensure!(
            !file.exists(),
            "{} exists: the bench fills a fresh store",
            file.display()
        );
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let url = match &args.postgres {
        Some(admin) => crate::bench::postgres::create_database(admin, 0).await?,
        None => format!(
            "sqlite://{}",
            args.data_dir
                .as_deref()
                .unwrap_or(dir.path())
                .join("queue.db")
                .display()
        ),
    };
    let keys = Arc::new(Keyring::generate().context("cannot generate keys")?);
    let (store, _) = sheshim_store::open_attached(&url, keys, Utc::now())
        .await
        .context("cannot open the benchmark's database")?;
    let started = Instant::now();
    seed(store.as_ref(), args.cases).await?;
    let seeded = started.elapsed();
    if args.postgres.is_some() {
        crate::bench::postgres::analyze(&url).await?;
    }
    let cookie = sign_in(store.as_ref()).await?;
    let router = router(store.clone(), &args.services).await?;
    println!(
        "queue bench: {} open cases of one agency on {} (seeded in {:.1} s); {} requests per view",
        args.cases,
        if args.postgres.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        seeded.as_secs_f64(),
        args.requests
    );
    println!(
        "{:<34} {:>10} {:>10} {:>10} {:>6}",
        "view", "median ms", "p90 ms", "max ms", "rows"
    );
    let views = [
        ("default order (days left, urgency)", "/workspace/queue"),
        ("language = kk", "/workspace/queue?language=kk"),
        ("unassigned", "/workspace/queue?assigned=none"),
        ("overdue", "/workspace/queue?overdue=1"),
        ("status = registered", "/workspace/queue?status=registered"),
    ];
    for (name, path) in views {
        // One request first, so that caches are warm as on a server that has been running.
        render(&router, path, &cookie).await?;
        let mut times = Vec::new();
        let mut rows = 0;
        for _ in 0..args.requests {
            let begun = Instant::now();
            rows = render(&router, path, &cookie).await?;
            times.push(begun.elapsed());
        }
        times.sort();
        println!(
            "{name:<34} {:>10.1} {:>10.1} {:>10.1} {rows:>6}",
            ms(times[times.len() / 2]),
            ms(times[(times.len() * 9 / 10).min(times.len() - 1)]),
            ms(times[times.len() - 1]),
        );
    }
    if let Some(admin) = &args.postgres {
        drop(router);
        drop(store);
        crate::bench::postgres::drop_database(admin, &url).await?;
    }
    Ok(ExitCode::SUCCESS)
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Renders one page and returns how many case rows it has.
async fn render(router: &axum::Router, path: &str, cookie: &str) -> anyhow::Result<usize> {
    let request = Request::get(path)
        .header(header::COOKIE, cookie)
        .body(Body::empty())
        .context("a request")?;
    let response = router
        .clone()
        .oneshot(request)
        .await
        .context("the router")?;
    anyhow::ensure!(
        response.status() == StatusCode::OK,
        "{path} answered {}",
        response.status()
    );
    let body = response
        .into_body()
        .collect()
        .await
        .context("the page")?
        .to_bytes();
    let page = std::str::from_utf8(&body).context("the page is not UTF-8")?;
    Ok(page.matches("<tr data-case=").count())
}

/// Registers `count` complaints to [`AGENCY`] over the past 40 days, each with a triage record.
async fn seed(store: &dyn Store, count: usize) -> anyhow::Result<()> {
    let calendar = sheshim_calendar::Calendar::kazakhstan();
    let today = sheshim_calendar::local_date(Utc::now());
    let agency = AgencyCode::parse(AGENCY).context("the bench agency")?;
    let topics = [
        "utilities",
        "roads",
        "housing",
        "social",
        "health",
        "education",
    ];
    let mut batch = Vec::with_capacity(SEED_BATCH);
    for index in 0..count {
        let language = [Language::Kk, Language::Ru, Language::En][index % 3];
        let days_ago = i64::try_from(index % 40).unwrap_or(0);
        let registered_on = calendar
            .next_working_day_on_or_after(today - TimeDelta::days(days_ago))
            .unwrap_or(today);
        let deadline = calendar
            .add_working_days(registered_on, 15)
            .context("a deadline in the calendar")?;
        let iin = (0..10)
            .find_map(|last| with_check_digit(&format!("9001013{:03}{last}", index % 1000)))
            .context("an IIN")?;
        let text = format!(
            "Complaint number {index}: the yard lighting on our street has not worked for weeks."
        );
        let topic = topics[index % topics.len()];
        let urgency = ["normal", "high"][index % 2];
        let record = serde_json::json!({
            "triage": {
                "language": language.code(), "script": "cyrl", "spelling": null,
                "masked_text": text, "findings": [],
                "kind": {"value": "complaint", "confidence": 0.91},
                "topic": {"value": topic, "confidence": 0.74},
                "agency": {"value": AGENCY, "confidence": 0.66},
                "urgency": urgency, "urgency_rules": [], "models": "seed"
            }
        });
        batch.push(NewRegistration {
            kind: AppealKind::Complaint,
            language,
            channel: Channel::Web,
            text: AppealText::parse(&text).context("the bench text")?,
            applicant: Applicant {
                iin: Iin::parse(&iin).context("the bench IIN")?,
                name: PersonName::parse("Bench Applicant").context("the bench name")?,
                phone: None,
                email: None,
                address: None,
            },
            agency: Some(agency.clone()),
            received_at: Utc::now() - TimeDelta::days(days_ago),
            registered_on,
            deadline,
            idempotency: None,
            actor: "bench".to_owned(),
            service: None,
            claims: None,
            case_record: Some(record),
            access_code_hash: None,
        });
        if batch.len() == SEED_BATCH || index + 1 == count {
            store
                .register_batch(std::mem::take(&mut batch))
                .await
                .context("cannot register the bench's cases")?;
        }
    }
    Ok(())
}

/// Adds an officer of [`AGENCY`] and starts a session for them; returns the cookie header.
async fn sign_in(store: &dyn Store) -> anyhow::Result<String> {
    let token = BearerSecret::generate(SecretKind::UserToken).context("a token")?;
    let user = store
        .add_user(
            NewUser {
                login: AccountName::parse("bench.officer").context("the login")?,
                role: Role::Officer,
                agency: AgencyCode::parse(AGENCY).context("the agency")?,
                password_hash: hash_password("bench officer's password")
                    .map_err(|_| anyhow::anyhow!("cannot hash a password"))?,
                token_hash: token.hash(),
            },
            "bench",
            Utc::now(),
        )
        .await
        .context("cannot add the bench officer")?;
    let secret = BearerSecret::generate(SecretKind::WebSession).context("a session secret")?;
    store
        .start_web_session(&secret.hash(), user, Utc::now())
        .await
        .context("cannot start the bench session")?;
    // The officer has changed their password: the queue is shown, not the password page.
    store
        .change_password(
            user,
            &hash_password("bench officer's own password")
                .map_err(|_| anyhow::anyhow!("cannot hash a password"))?,
            Utc::now(),
        )
        .await
        .context("cannot set the bench officer's password")?;
    Ok(format!(
        "{}={}",
        sheshim_workspace::session::COOKIE,
        secret.expose()
    ))
}

/// The API and the workspace over the store, as `sheshim serve` builds them.
async fn router(store: Arc<dyn Store>, services: &std::path::Path) -> anyhow::Result<axum::Router> {
    let parts =
        crate::serve::Parts::around(store, crate::serve::triage_models(None).await?, services)?;
    let (state, _flow, _writer) = crate::serve::app_state(
        parts.store,
        parts.triage,
        parts.catalogue,
        parts.registry,
        parts.clock,
        parts.duplicates,
    )?;
    Ok(sheshim_server::router_with(
        state,
        sheshim_workspace::routes(parts.workspace),
        false,
    ))
}
