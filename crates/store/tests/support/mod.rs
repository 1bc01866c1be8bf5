//! What the store's story tests share: running a story on a fresh PostgreSQL database that
//! is dropped afterwards, whether the story passed or failed.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::Utc;
use sqlx::AssertSqlSafe;
use sqlx::postgres::PgPool;
use std::future::Future;

/// Runs `story` with the URL of a fresh database `sheshim_<tag>_…` on the server
/// `SHESHIM_TEST_POSTGRES_URL` names, drops the database, then passes on the story's panic;
/// without the variable, says the test is skipped.
pub async fn on_fresh_postgres<F, Fut>(tag: &str, story: F)
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Ok(admin_url) = std::env::var("SHESHIM_TEST_POSTGRES_URL") else {
        println!("{tag}_on_postgres skipped: set SHESHIM_TEST_POSTGRES_URL to run it");
        return;
    };
    let name = format!(
        "sheshim_{tag}_{}_{}",
        std::process::id(),
        Utc::now().timestamp_micros()
    );
    let admin = PgPool::connect(&admin_url).await.unwrap();
    sqlx::query(AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&admin)
        .await
        .unwrap();
    let base = &admin_url[..admin_url.rfind('/').unwrap()];
    // The story runs as its own task so that its panic is caught and the database dropped.
    let result = tokio::spawn(story(format!("{base}/{name}"))).await;
    sqlx::query(AssertSqlSafe(format!(
        "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
    )))
    .execute(&admin)
    .await
    .unwrap();
    admin.close().await;
    if let Err(failure) = result {
        std::panic::resume_unwind(failure.into_panic());
    }
}
