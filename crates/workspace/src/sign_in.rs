//! Signing in and out, and changing the password (forced at the first sign-in).
//!
//! A wrong login and a wrong password get the same answer, and an unknown login still costs
//! one argon2 verification, so the page does not tell which logins exist by its words or its
//! time. The fifth failed attempt in a row locks the account for a while; the lock is in the
//! audit log (the store writes it).

use crate::WorkspaceConfig;
use crate::chrome::{Chrome, request_language};
use crate::error::WebError;
use crate::i18n::Tr;
use crate::session::{
    AnySession, SIGN_IN_COOKIE, Session, language_cookie, removal_cookie, removed_sign_in_cookie,
    session_cookie, sign_in_cookie,
};
use askama::Template;
use axum::Extension;
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use sheshim_crypto::{BearerSecret, SecretKind, hash_password, verify_password};
use sheshim_domain::{AccountName, Role};
use sheshim_server::AppState;
use std::sync::OnceLock;

/// The shortest password accepted when it is changed.
pub const MIN_PASSWORD_CHARS: usize = 12;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    chrome: Chrome,
    error: Option<String>,
    login: String,
    /// The form's token, also in the sign-in cookie (double submit: there is no session yet).
    csrf: String,
}

#[derive(Template)]
#[template(path = "password.html")]
struct PasswordPage {
    chrome: Chrome,
    forced: bool,
    error: Option<String>,
}

/// Renders a template as a page, logging (never showing) a rendering failure.
pub fn html(page: &impl Template) -> Result<Response, WebError> {
    page.render()
        .map(|text| Html(text).into_response())
        .map_err(|error| {
            tracing::error!(%error, "a workspace page could not be rendered");
            WebError::Unavailable
        })
}

/// Keeps a response out of the browser's and proxies' caches (personal data, secrets shown
/// once).
pub fn no_store(response: &mut Response) {
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
}

/// `GET /workspace/`: the queue, or sign-in.
pub async fn home(session: Result<Session, WebError>) -> Result<Redirect, WebError> {
    match session {
        Ok(session) if session.role == Role::Admin => Ok(Redirect::to("/workspace/admin/users")),
        Ok(_) => Ok(Redirect::to("/workspace/queue")),
        Err(error) => Err(error),
    }
}

/// `GET /workspace/sign-in`.
pub async fn sign_in_page(
    Extension(config): Extension<WorkspaceConfig>,
    headers: HeaderMap,
    jar: CookieJar,
) -> Result<Response, WebError> {
    let token = BearerSecret::generate(SecretKind::WebSession).map_err(|error| {
        tracing::error!(%error, "no randomness for a sign-in token");
        WebError::Unavailable
    })?;
    let page = html(&SignInPage {
        chrome: Chrome::signed_out(request_language(&headers), "/workspace/sign-in"),
        error: None,
        login: String::new(),
        csrf: token.expose().to_owned(),
    })?;
    Ok((
        jar.add(sign_in_cookie(token.expose().to_owned(), &config)),
        page,
    )
        .into_response())
}

/// The sign-in form.
#[derive(Deserialize)]
pub struct SignInForm {
    login: String,
    password: String,
    csrf: Option<String>,
}

/// `POST /workspace/sign-in`.
pub async fn sign_in(
    State(state): State<AppState>,
    Extension(config): Extension<WorkspaceConfig>,
    headers: HeaderMap,
    jar: CookieJar,
    form: Result<Form<SignInForm>, FormRejection>,
) -> Result<Response, WebError> {
    // There is no session yet, so no token: the browser's own origin headers guard the form
    // against sign-in forgery.
    crate::session::same_origin(&headers)?;
    // There is no session yet: the form's token must equal the sign-in cookie's, which only
    // this site's sign-in page can have set (login forgery needs both).
    let expected = jar
        .get(SIGN_IN_COOKIE)
        .map(|cookie| cookie.value().to_owned())
        .filter(|value| !value.is_empty() && value.len() <= 128)
        .ok_or(WebError::Csrf)?;
    let Ok(Form(form)) = form else {
        return Err(WebError::Csrf);
    };
    if !crate::session::tokens_match(form.csrf.as_deref().unwrap_or_default(), &expected) {
        return Err(WebError::Csrf);
    }
    let language = request_language(&headers);
    let t = Tr::new(language);
    let refuse = |login: String, id: &str| {
        html(&SignInPage {
            chrome: Chrome::signed_out(language, "/workspace/sign-in"),
            error: Some(t.t(id)),
            login,
            csrf: expected.clone(),
        })
    };
    let typed = form.login.chars().take(64).collect::<String>();
    let account = match AccountName::parse(&form.login) {
        Ok(login) => state.store().sign_in_account(&login).await?,
        Err(_) => None,
    };
    let now = state.clock().now();
    let Some(account) = account.filter(|account| !account.disabled) else {
        verify(form.password, dummy_hash().to_owned()).await;
        return refuse(typed, "sign-in-wrong");
    };
    let right = verify(form.password, account.password_hash.clone()).await;
    if account.locked_until.is_some_and(|until| until > now) {
        // Only someone who knows the password learns that the account is locked; anyone
        // else gets the answer an unknown login gets. Attempts during a lock are not counted.
        return refuse(
            typed,
            if right {
                "sign-in-locked"
            } else {
                "sign-in-wrong"
            },
        );
    }
    if !right {
        let locked = state
            .store()
            .record_failed_sign_in(account.user_id, now, &config.lockout)
            .await?;
        let id = if locked.is_some() {
            "sign-in-locked"
        } else {
            "sign-in-wrong"
        };
        return refuse(typed, id);
    }
    let secret = BearerSecret::generate(SecretKind::WebSession).map_err(|error| {
        tracing::error!(%error, "no randomness for a session secret");
        WebError::Unavailable
    })?;
    state
        .store()
        .start_web_session(&secret.hash(), account.user_id, now)
        .await?;
    let mut jar = jar
        .add(session_cookie(secret.expose().to_owned(), &config))
        .remove(removed_sign_in_cookie(&config));
    if let Some(language) = account.language {
        jar = jar.add(language_cookie(language, &config));
    }
    let next = if account.must_change_password {
        "/workspace/password"
    } else if account.role == Role::Admin {
        "/workspace/admin/users"
    } else {
        "/workspace/queue"
    };
    Ok((jar, Redirect::to(next)).into_response())
}

/// Checks a password against its stored hash off the async threads (argon2 is slow on
/// purpose).
async fn verify(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .unwrap_or(false)
}

/// A hash of no one's password, verified against when the login is unknown so that an
/// unknown login takes as long as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("no user has this password").unwrap_or_default())
}

/// The sign-out form.
#[derive(Deserialize)]
pub struct TokenForm {
    csrf: Option<String>,
}

/// `POST /workspace/sign-out`.
pub async fn sign_out(
    State(state): State<AppState>,
    Extension(config): Extension<WorkspaceConfig>,
    AnySession(session): AnySession,
    headers: HeaderMap,
    jar: CookieJar,
    form: Result<Form<TokenForm>, FormRejection>,
) -> Result<Response, WebError> {
    let csrf = form.ok().and_then(|Form(form)| form.csrf);
    session.check_form(&headers, csrf.as_deref())?;
    state
        .store()
        .end_web_session(session.id_hash(), state.clock().now())
        .await?;
    Ok((
        jar.add(removal_cookie(&config)),
        Redirect::to("/workspace/sign-in"),
    )
        .into_response())
}

/// `GET /workspace/password`.
pub async fn password_page(AnySession(session): AnySession) -> Result<Response, WebError> {
    html(&PasswordPage {
        chrome: Chrome::signed_in(&session, "/workspace/password"),
        forced: session.must_change_password,
        error: None,
    })
}

/// The password form.
#[derive(Deserialize)]
pub struct PasswordForm {
    csrf: Option<String>,
    current: String,
    new: String,
    confirm: String,
}

/// `POST /workspace/password`.
pub async fn change_password(
    State(state): State<AppState>,
    AnySession(session): AnySession,
    headers: HeaderMap,
    form: Result<Form<PasswordForm>, FormRejection>,
) -> Result<Response, WebError> {
    let Ok(Form(form)) = form else {
        session.check_form(&headers, None)?;
        return Err(WebError::Refused(
            Tr::new(session.language).t("password-wrong"),
        ));
    };
    session.check_form(&headers, form.csrf.as_deref())?;
    let t = Tr::new(session.language);
    let again = |id: &str| {
        html(&PasswordPage {
            chrome: Chrome::signed_in(&session, "/workspace/password"),
            forced: session.must_change_password,
            error: Some(t.t(id)),
        })
    };
    let account = state
        .store()
        .sign_in_account(&session.login)
        .await?
        .ok_or(WebError::NotSignedIn)?;
    if !verify(form.current.clone(), account.password_hash).await {
        return again("password-wrong");
    }
    if form.new.chars().count() < MIN_PASSWORD_CHARS || form.new.len() > 256 {
        return again("password-rule");
    }
    if form.new != form.confirm {
        return again("password-mismatch");
    }
    if form.new == form.current {
        return again("password-same");
    }
    let new = form.new;
    let hash = tokio::task::spawn_blocking(move || hash_password(&new))
        .await
        .ok()
        .and_then(Result::ok)
        .ok_or(WebError::Unavailable)?;
    state
        .store()
        .change_password(session.user_id, &hash, state.clock().now())
        .await?;
    let next = if session.role == Role::Admin {
        "/workspace/admin/users"
    } else {
        "/workspace/queue"
    };
    Ok(Redirect::to(next).into_response())
}
