//! The language switch on every page: remembered in a cookie for this browser and, when
//! someone is signed in, as their own choice for the next sign-in.

use crate::WorkspaceConfig;
use crate::error::WebError;
use crate::session::{AnySession, language_cookie, same_origin};
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use axum_extra::extract::CookieJar;
use serde::Deserialize;
use sheshim_domain::Language;
use sheshim_server::AppState;

/// The switch's form.
#[derive(Deserialize)]
pub struct LanguageForm {
    lang: String,
    csrf: Option<String>,
    back: Option<String>,
}

/// `POST /workspace/language`.
pub async fn switch(
    State(state): State<AppState>,
    Extension(config): Extension<WorkspaceConfig>,
    session: Option<AnySession>,
    headers: HeaderMap,
    jar: CookieJar,
    form: Result<Form<LanguageForm>, FormRejection>,
) -> Result<Response, WebError> {
    let form = form.map_err(|_| WebError::Refused("lang: must be kk, ru or en".to_owned()))?;
    let language = Language::parse(&form.lang)
        .map_err(|_| WebError::Refused("lang: must be kk, ru or en".to_owned()))?;
    match &session {
        Some(AnySession(session)) => {
            session.check_form(&headers, form.csrf.as_deref())?;
            state
                .store()
                .set_user_language(session.user_id, language)
                .await?;
        }
        None => same_origin(&headers)?,
    }
    Ok((
        jar.add(language_cookie(language, &config)),
        Redirect::to(&safe_back(form.back.as_deref())),
    )
        .into_response())
}

/// Where to go back to: a path of the workspace, never another site.
fn safe_back(back: Option<&str>) -> String {
    match back {
        Some(path)
            if path.starts_with("/workspace")
                && !path.contains("//")
                && !path.contains('\\')
                && path.len() <= 2048 =>
        {
            path.to_owned()
        }
        _ => "/workspace/".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_back;

    #[test]
    fn going_back_stays_in_the_workspace() {
        assert_eq!(
            safe_back(Some("/workspace/queue?status=registered")),
            "/workspace/queue?status=registered"
        );
        assert_eq!(safe_back(Some("https://evil.example/")), "/workspace/");
        assert_eq!(safe_back(Some("//evil.example/workspace")), "/workspace/");
        assert_eq!(safe_back(Some("/workspace//evil.example")), "/workspace/");
        assert_eq!(safe_back(None), "/workspace/");
    }
}
