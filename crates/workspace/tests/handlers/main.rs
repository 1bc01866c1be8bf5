//! Handler tests of the officers' workspace with `router().oneshot(…)`: every page and
//! action, signed in for real (a password, the session cookie, the CSRF token read from the
//! page), with the permission checks, on SQLite and (when `SHESHIM_TEST_POSTGRES_URL` is set)
//! on PostgreSQL. Every HTML page the tests are shown is checked for its `<html lang>` and
//! for untranslated keys (`⟦`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod admin;
mod auditor;
mod browser;
mod case_actions;
mod case_page;
mod csrf;
mod groups;
mod language;
mod queue;
mod search;
mod sign_in;
mod signed_out;
mod sources;
mod supervisor;
mod support;
