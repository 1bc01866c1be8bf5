//! The officers' workspace: server-rendered pages under `/workspace`, in Kazakh, Russian and
//! English, for officers, supervisors, auditors and administrators.
//!
//! The pages are askama templates compiled into the binary; htmx (vendored, served from
//! `/workspace/static/`) only improves them: every page reads and every form acts without
//! JavaScript. Every action goes through the same engine use cases as the API (`Flow::act`
//! and friends), with the same role and agency checks, so the workspace can do nothing the
//! API would refuse. [`routes`] are merged beside the API by `sheshim serve`; the API under
//! `/v1` is unchanged.

mod admin;
mod assets;
mod audit_pages;
mod case_actions;
mod case_page;
mod case_view;
pub mod chrome;
mod error;
mod form;
pub mod format;
mod group_actions;
pub mod i18n;
mod language;
mod presence;
mod queue;
mod queue_view;
mod reports_page;
mod search_page;
pub mod session;
mod sign_in;
mod sources_view;
mod supervisor;

use axum::Router;
use axum::routing::{get, post};
use chrono::TimeDelta;
use sheshim_server::AppState;
use sheshim_store::Lockout;

pub use error::WebError;
pub use presence::Presence;

/// How the workspace treats sessions and sign-ins.
#[derive(Debug, Clone)]
pub struct WorkspaceConfig {
    /// Whether the workspace is reached over TLS (a proxy in front terminates it): cookies
    /// are then `Secure` and named `__Host-…`.
    pub secure_cookies: bool,
    /// A session ends after this long without a request.
    pub idle: TimeDelta,
    /// How many failed sign-ins lock an account, and for how long.
    pub lockout: Lockout,
    /// Who has which case open, to warn a second officer.
    pub presence: Presence,
}

impl Default for WorkspaceConfig {
    fn default() -> WorkspaceConfig {
        WorkspaceConfig {
            secure_cookies: false,
            idle: TimeDelta::minutes(30),
            lockout: Lockout {
                after_failures: 5,
                duration: TimeDelta::minutes(15),
            },
            presence: Presence::default(),
        }
    }
}

/// The workspace's routes, to merge beside the API (`sheshim_server::router_with`).
pub fn routes(config: WorkspaceConfig) -> Router<AppState> {
    Router::new()
        .route("/workspace", get(sign_in::home))
        .route("/workspace/", get(sign_in::home))
        .route(
            "/workspace/sign-in",
            get(sign_in::sign_in_page).post(sign_in::sign_in),
        )
        .route("/workspace/sign-out", post(sign_in::sign_out))
        .route(
            "/workspace/password",
            get(sign_in::password_page).post(sign_in::change_password),
        )
        .route("/workspace/language", post(language::switch))
        .route("/workspace/queue", get(queue::page))
        .route("/workspace/queue/assign", post(queue::bulk_assign))
        .route("/workspace/views", post(queue::save_view))
        .route("/workspace/views/{id}/delete", post(queue::delete_view))
        .route("/workspace/cases/{number}", get(case_page::page))
        .route(
            "/workspace/cases/{number}/presence",
            get(case_page::presence),
        )
        .route(
            "/workspace/cases/{number}/actions/{action}",
            post(case_actions::act),
        )
        .route(
            "/workspace/cases/{number}/unmask",
            post(case_actions::unmask),
        )
        .route("/workspace/groups/{id}/answer", post(group_actions::answer))
        .route("/workspace/search", get(search_page::page))
        .route("/workspace/supervisor", get(supervisor::page))
        .route(
            "/workspace/supervisor/automation",
            post(supervisor::set_switch),
        )
        .route("/workspace/reports", get(reports_page::page))
        .route("/workspace/reports/{file}", get(reports_page::csv))
        .route("/workspace/audit", get(audit_pages::page))
        .route("/workspace/audit/case", get(audit_pages::open_record))
        .route("/workspace/audit/cases/{number}", get(audit_pages::record))
        .route("/workspace/audit/export", get(audit_pages::export))
        .route(
            "/workspace/admin/users",
            get(admin::page).post(admin::create),
        )
        .route("/workspace/admin/users/{login}", post(admin::change))
        .route("/workspace/static/{file}", get(assets::file))
        .route("/workspace/{*rest}", get(assets::not_found))
        .layer(axum::middleware::from_fn(error::render_errors))
        .layer(axum::Extension(config))
}
