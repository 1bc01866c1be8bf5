//! Who is signed in: the session cookie, its row in the store, and the CSRF checks on every
//! form that changes something.
//!
//! - The cookie holds a random secret (`shs_…`, 32 bytes); the store keeps only its SHA-256,
//!   so a copy of the database signs nobody in. It is `HttpOnly`, `SameSite=Strict`, scoped
//!   to `/workspace`, and `Secure` with the `__Host-` name when the server is told it is
//!   reached over TLS.
//! - A session ends at sign-out, after [`WorkspaceConfig::idle`] without a request, when the
//!   user is disabled, or when an administrator resets their password.
//! - The CSRF token of a session is the SHA-256 of a fixed label and the cookie's secret:
//!   only a page the session itself was served can contain it, and it needs no storage. A
//!   form is also refused when the browser says it came from another site (`Sec-Fetch-Site`)
//!   or another origin (`Origin`).

use crate::WorkspaceConfig;
use crate::chrome::request_language;
use crate::error::WebError;
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use sha2::{Digest, Sha256};
use sheshim_crypto::secret_hash;
use sheshim_domain::{AccountName, AgencyCode, Language, Role};
use sheshim_engine::Officer;
use sheshim_server::AppState;
use sheshim_store::UserId;

/// The cookie's name over plain HTTP.
pub const COOKIE: &str = "sheshim_session";
/// Its name over TLS: the `__Host-` prefix makes the browser insist on `Secure`, `Path=/`
/// and no `Domain`, so no other host or path can set it.
pub const SECURE_COOKIE: &str = "__Host-sheshim_session";
/// The cookie that pairs the sign-in form with the browser that was shown it.
pub const SIGN_IN_COOKIE: &str = "sheshim_sign_in";
/// The cookie that remembers the interface language chosen (not a secret).
pub const LANGUAGE_COOKIE: &str = "sheshim_lang";

/// A signed-in user on a workspace page.
#[derive(Debug, Clone)]
pub struct Session {
    /// Their storage id.
    pub user_id: UserId,
    /// Their login.
    pub login: AccountName,
    /// Their role.
    pub role: Role,
    /// Their agency.
    pub agency: AgencyCode,
    /// The interface language of this request.
    pub language: Language,
    /// The token every form of this session carries.
    pub csrf: String,
    /// Whether the password must still be changed.
    pub must_change_password: bool,
    id_hash: String,
}

impl Session {
    /// The user as the engine's use cases know them.
    pub fn officer(&self) -> Officer {
        Officer {
            login: self.login.to_string(),
            role: self.role,
            agency: self.agency.clone(),
        }
    }

    /// The store's key of this session.
    pub fn id_hash(&self) -> &str {
        &self.id_hash
    }

    /// Refuses a form whose `csrf` field is not this session's token, or that the browser
    /// says came from elsewhere.
    pub fn check_form(&self, headers: &HeaderMap, csrf: Option<&str>) -> Result<(), WebError> {
        same_origin(headers)?;
        match csrf {
            Some(token) if tokens_match(token, &self.csrf) => Ok(()),
            _ => Err(WebError::Csrf),
        }
    }

    /// Refuses unless the role is one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), WebError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(WebError::Forbidden)
        }
    }
}

/// The CSRF token of a session secret.
pub fn csrf_token(secret: &str) -> String {
    let mut digest = Sha256::new();
    digest.update(b"sheshim workspace csrf\0");
    digest.update(secret.as_bytes());
    hex::encode(digest.finalize())
}

/// Refuses a request the browser marks as coming from another site or origin. Requests
/// without those headers (older browsers, the tests) rely on the token alone.
pub fn same_origin(headers: &HeaderMap) -> Result<(), WebError> {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok())
        && !matches!(site, "same-origin" | "none")
    {
        return Err(WebError::Csrf);
    }
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let origin_host = origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .unwrap_or("");
        if origin_host.is_empty() || origin_host != host {
            return Err(WebError::Csrf);
        }
    }
    Ok(())
}

/// Whether a form's token is the expected one, compared in time that does not depend on
/// where they first differ.
pub fn tokens_match(sent: &str, expected: &str) -> bool {
    let (a, b) = (sent.as_bytes(), expected.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The session secret a request's cookie carries.
pub fn cookie_secret(jar: &CookieJar, config: &WorkspaceConfig) -> Option<String> {
    let name = if config.secure_cookies {
        SECURE_COOKIE
    } else {
        COOKIE
    };
    jar.get(name)
        .map(|cookie| cookie.value().to_owned())
        .filter(|value| value.len() <= 128)
}

/// The cookie that carries a new session's secret.
pub fn session_cookie(secret: String, config: &WorkspaceConfig) -> Cookie<'static> {
    let name = if config.secure_cookies {
        SECURE_COOKIE
    } else {
        COOKIE
    };
    let mut cookie = Cookie::new(name, secret);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Strict);
    cookie.set_secure(config.secure_cookies);
    // The `__Host-` prefix requires `Path=/`; over plain HTTP the cookie stays with the
    // workspace and is never sent to the API.
    cookie.set_path(if config.secure_cookies {
        "/"
    } else {
        "/workspace"
    });
    cookie
}

/// The cookie that ends a session in the browser.
pub fn removal_cookie(config: &WorkspaceConfig) -> Cookie<'static> {
    let mut cookie = session_cookie(String::new(), config);
    cookie.make_removal();
    cookie
}

/// The cookie the sign-in page sets beside its form's token.
pub fn sign_in_cookie(token: String, config: &WorkspaceConfig) -> Cookie<'static> {
    let mut cookie = Cookie::new(SIGN_IN_COOKIE, token);
    cookie.set_http_only(true);
    cookie.set_same_site(SameSite::Strict);
    cookie.set_secure(config.secure_cookies);
    cookie.set_path("/workspace");
    cookie
}

/// The sign-in cookie as removed once the session has started.
pub fn removed_sign_in_cookie(config: &WorkspaceConfig) -> Cookie<'static> {
    sign_in_cookie(String::new(), config)
}

/// The cookie that remembers the interface language.
pub fn language_cookie(language: Language, config: &WorkspaceConfig) -> Cookie<'static> {
    let mut cookie = Cookie::new(LANGUAGE_COOKIE, language.code());
    cookie.set_same_site(SameSite::Strict);
    cookie.set_secure(config.secure_cookies);
    cookie.set_path("/workspace");
    cookie
}

/// A signed-in user who may still have to change their password (the password page).
pub struct AnySession(pub Session);

impl FromRequestParts<AppState> for AnySession {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let config = parts
            .extensions
            .get::<WorkspaceConfig>()
            .cloned()
            .unwrap_or_default();
        let jar = CookieJar::from_headers(&parts.headers);
        let secret = cookie_secret(&jar, &config).ok_or(WebError::NotSignedIn)?;
        let id_hash = secret_hash(&secret);
        let now = state.clock().now();
        let found = state
            .store()
            .web_session(&id_hash, now, config.idle)
            .await?
            .ok_or(WebError::NotSignedIn)?;
        // The language last chosen in this browser, then the user's saved choice, then what
        // the browser asks for.
        let language = crate::chrome::cookie_language(&parts.headers)
            .or(found.language)
            .unwrap_or_else(|| request_language(&parts.headers));
        Ok(AnySession(Session {
            user_id: found.user_id,
            login: found.login,
            role: found.role,
            agency: found.agency,
            language,
            csrf: csrf_token(&secret),
            must_change_password: found.must_change_password,
            id_hash,
        }))
    }
}

impl OptionalFromRequestParts<AppState> for AnySession {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, WebError> {
        match <AnySession as FromRequestParts<AppState>>::from_request_parts(parts, state).await {
            Ok(session) => Ok(Some(session)),
            Err(WebError::NotSignedIn) => Ok(None),
            Err(error) => Err(error),
        }
    }
}

impl FromRequestParts<AppState> for Session {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, WebError> {
        let AnySession(session) =
            <AnySession as FromRequestParts<AppState>>::from_request_parts(parts, state).await?;
        if session.must_change_password {
            return Err(WebError::MustChangePassword);
        }
        Ok(session)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn a_token_is_tied_to_its_secret() {
        assert_eq!(csrf_token("shs_a"), csrf_token("shs_a"));
        assert_ne!(csrf_token("shs_a"), csrf_token("shs_b"));
        assert_eq!(csrf_token("shs_a").len(), 64);
    }

    #[test]
    fn forms_from_another_site_or_origin_are_refused() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("127.0.0.1:8080"));
        assert_eq!(same_origin(&headers), Ok(()));
        headers.insert("sec-fetch-site", HeaderValue::from_static("cross-site"));
        assert_eq!(same_origin(&headers), Err(WebError::Csrf));
        headers.insert("sec-fetch-site", HeaderValue::from_static("same-origin"));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://evil.example"),
        );
        assert_eq!(same_origin(&headers), Err(WebError::Csrf));
        headers.insert(
            header::ORIGIN,
            HeaderValue::from_static("http://127.0.0.1:8080"),
        );
        assert_eq!(same_origin(&headers), Ok(()));
        headers.insert(header::ORIGIN, HeaderValue::from_static("null"));
        assert_eq!(same_origin(&headers), Err(WebError::Csrf));
    }
}
