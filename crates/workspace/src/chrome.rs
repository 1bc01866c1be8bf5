//! What every page has around its content: the language, the signed-in user, the navigation
//! their role may use, the language switch and sign-out (both forms with the CSRF token).

use crate::i18n::{LANGUAGES, Tr, negotiate};
use crate::session::{LANGUAGE_COOKIE, Session};
use axum::http::{HeaderMap, header};
use axum_extra::extract::CookieJar;
use sheshim_domain::{Language, Role};

/// The language of a request without a session: the cookie, then `Accept-Language`.
pub fn request_language(headers: &HeaderMap) -> Language {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok());
    negotiate(cookie_language(headers), accept)
}

/// The language the `sheshim_lang` cookie names, if any.
pub fn cookie_language(headers: &HeaderMap) -> Option<Language> {
    CookieJar::from_headers(headers)
        .get(LANGUAGE_COOKIE)
        .and_then(|cookie| Language::parse(cookie.value()).ok())
}

/// A link of the navigation.
#[derive(Debug, Clone)]
pub struct NavItem {
    /// Where it goes.
    pub href: &'static str,
    /// Its words.
    pub label: String,
    /// Whether it is the page shown.
    pub current: bool,
}

/// A button of the language switch.
#[derive(Debug, Clone)]
pub struct LanguageChoice {
    /// `kk`, `ru` or `en`.
    pub code: &'static str,
    /// The language's own name for itself.
    pub name: &'static str,
    /// Whether it is the language shown.
    pub current: bool,
}

/// The frame of a page.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The words.
    pub t: Tr,
    /// The signed-in user's login, role and agency, as shown.
    pub user: Option<String>,
    /// The CSRF token for the forms of the frame (empty when signed out).
    pub csrf: String,
    /// The path and query shown, to come back to after switching language.
    pub here: String,
    /// The navigation.
    pub nav: Vec<NavItem>,
    /// The language switch.
    pub languages: Vec<LanguageChoice>,
}

impl Chrome {
    /// The frame for a signed-in user on the page at `here` (whose path starts with `section`).
    pub fn signed_in(session: &Session, here: &str) -> Chrome {
        let t = Tr::new(session.language);
        let mut nav = Vec::new();
        let mut add = |href: &'static str, id: &str| {
            nav.push(NavItem {
                href,
                label: t.t(id),
                current: here.starts_with(href),
            });
        };
        match session.role {
            Role::Officer => {
                add("/workspace/queue", "nav-queue");
                add("/workspace/search", "nav-search");
            }
            Role::Supervisor => {
                add("/workspace/queue", "nav-queue");
                add("/workspace/search", "nav-search");
                add("/workspace/supervisor", "nav-supervisor");
                add("/workspace/reports", "nav-reports");
            }
            Role::Auditor => {
                add("/workspace/queue", "nav-queue");
                add("/workspace/search", "nav-search");
                add("/workspace/audit", "nav-audit");
            }
            Role::Admin => add("/workspace/admin/users", "nav-admin"),
        }
        add("/workspace/password", "nav-password");
        let role = t.t(&format!("role-{}", session.role.code()));
        Chrome {
            t,
            user: Some(format!("{} · {} · {}", session.login, role, session.agency)),
            csrf: session.csrf.clone(),
            here: here.to_owned(),
            nav,
            languages: choices(session.language),
        }
    }

    /// The frame of a page shown before signing in.
    pub fn signed_out(language: Language, here: &str) -> Chrome {
        Chrome {
            t: Tr::new(language),
            user: None,
            csrf: String::new(),
            here: here.to_owned(),
            nav: Vec::new(),
            languages: choices(language),
        }
    }
}

fn choices(shown: Language) -> Vec<LanguageChoice> {
    LANGUAGES
        .iter()
        .map(|language| LanguageChoice {
            code: language.code(),
            name: match language {
                Language::Kk => "Қазақша",
                Language::Ru => "Русский",
                Language::En => "English",
            },
            current: *language == shown,
        })
        .collect()
}
