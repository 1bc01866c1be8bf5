//! The one error type of the pages, [`WebError`], and the page it becomes.
//!
//! A handler fails with a [`WebError`]; its response carries the error's kind, and the
//! [`render_errors`] layer, which knows the request's language, turns it into a page. 4xx
//! pages say what is wrong in the officer's language; 5xx pages say only that something
//! failed, and the cause is logged where it happened (never personal data).

use crate::chrome::request_language;
use crate::i18n::Tr;
use askama::Template;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use sheshim_engine::ActionError;
use sheshim_store::StoreError;

/// Everything a page can fail with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebError {
    /// No session: to the sign-in page.
    NotSignedIn,
    /// The password must be changed first: to the password page.
    MustChangePassword,
    /// The role may not see this page or do this (403); the message id says why.
    Forbidden,
    /// Nothing here, or nothing this user may know exists (404).
    NotFound,
    /// A form without its session's CSRF token, or from another site (403).
    Csrf,
    /// The case changed since it was opened (409): reload it.
    Stale {
        /// Where the fresh page is.
        reload: String,
    },
    /// The action is not allowed now, or a field is wrong (422); the text is safe to show.
    Refused(String),
    /// The store or the case flow is not available (503); the cause is logged.
    Unavailable,
}

impl WebError {
    fn status(&self) -> StatusCode {
        match self {
            WebError::NotSignedIn | WebError::MustChangePassword => StatusCode::SEE_OTHER,
            WebError::Forbidden | WebError::Csrf => StatusCode::FORBIDDEN,
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::Stale { .. } => StatusCode::CONFLICT,
            WebError::Refused(_) => StatusCode::UNPROCESSABLE_ENTITY,
            WebError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }
}

impl From<StoreError> for WebError {
    fn from(error: StoreError) -> WebError {
        tracing::error!(%error, "the workspace could not read or write the store");
        WebError::Unavailable
    }
}

impl From<ActionError> for WebError {
    fn from(error: ActionError) -> WebError {
        match error {
            ActionError::NotFound => WebError::NotFound,
            ActionError::Forbidden(_) => WebError::Forbidden,
            ActionError::Stale { .. } => WebError::Stale {
                reload: String::new(),
            },
            ActionError::NotAllowed { .. } | ActionError::Invalid { .. } => {
                WebError::Refused(error.to_string())
            }
            ActionError::Storage => WebError::Unavailable,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        match self {
            WebError::NotSignedIn => Redirect::to("/workspace/sign-in").into_response(),
            WebError::MustChangePassword => Redirect::to("/workspace/password").into_response(),
            other => {
                let mut response = other.status().into_response();
                response.extensions_mut().insert(other);
                response
            }
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    t: Tr,
    title: String,
    detail: String,
    reload: Option<String>,
}

/// Renders the page of a [`WebError`] a handler returned, in the request's language.
pub async fn render_errors(request: Request, next: Next) -> Response {
    let language = request_language(request.headers());
    let response = next.run(request).await;
    let Some(error) = response.extensions().get::<WebError>().cloned() else {
        return response;
    };
    let t = Tr::new(language);
    let (title, detail, reload) = match &error {
        WebError::Forbidden => (t.t("error-forbidden"), t.t("error-forbidden-detail"), None),
        WebError::NotFound => (t.t("error-not-found"), t.t("error-not-found-detail"), None),
        WebError::Csrf => (t.t("error-csrf"), t.t("error-csrf-detail"), None),
        WebError::Stale { reload } => (
            t.t("error-stale"),
            t.t("error-stale-detail"),
            Some(reload.clone()).filter(|r| !r.is_empty()),
        ),
        WebError::Refused(why) => (t.t("error-refused"), why.clone(), None),
        WebError::Unavailable | WebError::NotSignedIn | WebError::MustChangePassword => (
            t.t("error-unavailable"),
            t.t("error-unavailable-detail"),
            None,
        ),
    };
    let page = ErrorPage {
        t,
        title,
        detail,
        reload,
    };
    match page.render() {
        Ok(html) => (
            error.status(),
            [(header::CACHE_CONTROL, "no-store")],
            Html(html),
        )
            .into_response(),
        Err(render_error) => {
            tracing::error!(%render_error, "the error page could not be rendered");
            error.status().into_response()
        }
    }
}
