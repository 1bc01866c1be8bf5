//! The administrators' page: users — create, disable and enable, reset the password, change
//! role and agency. Every change is audited by the store, with the administrator as actor.
//! A new user's one-time password and API token, and a reset password, are shown once, on
//! the page that answers the form, and kept only as hashes.

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::form::Fields;
use crate::session::Session;
use crate::sign_in::{html, no_store};
use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use sheshim_crypto::{BearerSecret, SecretKind, hash_password, one_time_password};
use sheshim_domain::{AccountName, AgencyCode, Role};
use sheshim_server::AppState;
use sheshim_store::{NewUser, UserChange, UserSummary};

/// A user as the list shows them.
pub struct UserRow {
    /// Login.
    pub login: String,
    /// Role code.
    pub role: &'static str,
    /// Agency.
    pub agency: String,
    /// State, in words.
    pub state: String,
    /// Whether disabled.
    pub disabled: bool,
}

#[derive(Template)]
#[template(path = "admin.html")]
struct AdminPage {
    chrome: Chrome,
    users: Vec<UserRow>,
    roles: Vec<(&'static str, String)>,
    /// Secrets to show once: (what, value).
    shown_once: Vec<(String, String)>,
}

fn rows(
    t: &crate::i18n::Tr,
    users: &[UserSummary],
    now: chrono::DateTime<chrono::Utc>,
) -> Vec<UserRow> {
    users
        .iter()
        .map(|user| {
            let mut state = Vec::new();
            if user.disabled {
                state.push(t.t("admin-disabled"));
            }
            if user.locked_until.is_some_and(|until| until > now) {
                state.push(t.t("admin-locked"));
            }
            if user.must_change_password {
                state.push(t.t("admin-must-change"));
            }
            if state.is_empty() {
                state.push(t.t("admin-active"));
            }
            UserRow {
                login: user.login.to_string(),
                role: user.role.code(),
                agency: user.agency.to_string(),
                state: state.join(", "),
                disabled: user.disabled,
            }
        })
        .collect()
}

async fn render(
    state: &AppState,
    session: &Session,
    shown_once: Vec<(String, String)>,
) -> Result<Response, WebError> {
    let chrome = Chrome::signed_in(session, "/workspace/admin/users");
    let t = chrome.t;
    let users = state.store().users().await?;
    html(&AdminPage {
        users: rows(&t, &users, state.clock().now()),
        roles: Role::ALL
            .iter()
            .map(|r| (r.code(), t.t(&format!("role-{}", r.code()))))
            .collect(),
        shown_once,
        chrome,
    })
}

/// `GET /workspace/admin/users`.
pub async fn page(State(state): State<AppState>, session: Session) -> Result<Response, WebError> {
    session.require(&[Role::Admin])?;
    render(&state, &session, Vec::new()).await
}

fn parse_role(text: &str) -> Result<Role, WebError> {
    Role::parse(text).map_err(|e| WebError::Refused(format!("role: {e}")))
}

fn parse_agency(text: &str) -> Result<AgencyCode, WebError> {
    AgencyCode::parse(text).map_err(|e| WebError::Refused(format!("agency: {e}")))
}

fn secrets_failed<E: std::fmt::Display>(error: E) -> WebError {
    tracing::error!(%error, "a one-time secret could not be made");
    WebError::Unavailable
}

/// `POST /workspace/admin/users`: creates a user and shows their one-time password and API
/// token once.
pub async fn create(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body)?;
    session.check_form(&headers, fields.get("csrf"))?;
    session.require(&[Role::Admin])?;
    let login = AccountName::parse(&fields.text("login")?)
        .map_err(|e| WebError::Refused(format!("login: {e}")))?;
    let role = parse_role(&fields.text("role")?)?;
    let agency = parse_agency(&fields.text("agency")?)?;
    let password = one_time_password().map_err(secrets_failed)?;
    let token = BearerSecret::generate(SecretKind::UserToken).map_err(secrets_failed)?;
    let to_hash = password.to_string();
    let password_hash = tokio::task::spawn_blocking(move || hash_password(&to_hash))
        .await
        .map_err(secrets_failed)?
        .map_err(secrets_failed)?;
    let user = NewUser {
        login: login.clone(),
        role,
        agency,
        password_hash,
        token_hash: token.hash(),
    };
    match state
        .store()
        .add_user(
            user,
            &format!("user:{}", session.login),
            state.clock().now(),
        )
        .await
    {
        Ok(_) => {}
        Err(sheshim_store::StoreError::Duplicate { .. }) => {
            return Err(WebError::Refused(
                "login: a user with this login exists".to_owned(),
            ));
        }
        Err(error) => return Err(error.into()),
    }
    let t = crate::i18n::Tr::new(session.language);
    let mut response = render(
        &state,
        &session,
        vec![
            (
                t.t1("admin-password-of", "login", login.as_str()),
                password.to_string(),
            ),
            (
                t.t1("admin-token-of", "login", login.as_str()),
                token.expose().to_owned(),
            ),
        ],
    )
    .await?;
    no_store(&mut response);
    Ok(response)
}

/// `POST /workspace/admin/users/{login}`: `change` = disable | enable | reset | role | agency.
pub async fn change(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(login): Path<String>,
    body: axum::body::Bytes,
) -> Result<Response, WebError> {
    let fields = Fields::parse(&body)?;
    session.check_form(&headers, fields.get("csrf"))?;
    session.require(&[Role::Admin])?;
    let login = AccountName::parse(&login).map_err(|_| WebError::NotFound)?;
    if login == session.login && fields.get("change").map(str::trim) != Some("reset") {
        // An administrator cannot lock themself out or change their own powers.
        return Err(WebError::Refused(
            "login: an administrator does not change their own account here".to_owned(),
        ));
    }
    let mut shown_once = Vec::new();
    let change = match fields.text("change")?.as_str() {
        "disable" => UserChange::Disable,
        "enable" => UserChange::Enable,
        "role" => UserChange::SetRole(parse_role(&fields.text("role")?)?),
        "agency" => UserChange::SetAgency(parse_agency(&fields.text("agency")?)?),
        "reset" => {
            let password = one_time_password().map_err(secrets_failed)?;
            let to_hash = password.to_string();
            let password_hash = tokio::task::spawn_blocking(move || hash_password(&to_hash))
                .await
                .map_err(secrets_failed)?
                .map_err(secrets_failed)?;
            let t = crate::i18n::Tr::new(session.language);
            shown_once.push((
                t.t1("admin-password-of", "login", login.as_str()),
                password.to_string(),
            ));
            UserChange::ResetPassword { password_hash }
        }
        _ => {
            return Err(WebError::Refused(
                "change: must be disable, enable, reset, role or agency".to_owned(),
            ));
        }
    };
    match state
        .store()
        .change_user(
            &login,
            change,
            &format!("user:{}", session.login),
            state.clock().now(),
        )
        .await
    {
        Ok(()) => {}
        Err(sheshim_store::StoreError::NotFound { .. }) => return Err(WebError::NotFound),
        Err(error) => return Err(error.into()),
    }
    if shown_once.is_empty() {
        return Ok(Redirect::to("/workspace/admin/users").into_response());
    }
    let mut response = render(&state, &session, shown_once).await?;
    no_store(&mut response);
    Ok(response)
}
