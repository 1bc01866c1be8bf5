//! A small browser for the handler tests: it keeps the cookies a response sets, reads the
//! CSRF token from the pages, and checks every page it is shown for its `<html lang>`, a
//! title and a heading, and untranslated keys (`⟦`).

use crate::support::App;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use std::collections::BTreeMap;
use tower::ServiceExt;

/// A response as the browser sees it.
pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

impl Page {
    /// Where a redirect goes.
    pub fn location(&self) -> &str {
        self.headers
            .get(header::LOCATION)
            .map_or("", |v| v.to_str().unwrap())
    }

    /// Whether the page has an element with this id.
    pub fn has_id(&self, id: &str) -> bool {
        self.body.contains(&format!("id=\"{id}\""))
    }

    /// The values of an attribute, in order (entities decoded).
    pub fn attrs(&self, name: &str) -> Vec<String> {
        let needle = format!(" {name}=\"");
        self.body
            .match_indices(&needle)
            .map(|(at, _)| {
                let rest = &self.body[at + needle.len()..];
                unescape(&rest[..rest.find('"').unwrap()])
            })
            .collect()
    }

    /// The registration numbers of the queue's rows, with their days left.
    pub fn rows(&self) -> Vec<(String, i64)> {
        let table = self.body.split("<table id=\"queue\">").nth(1).unwrap_or("");
        let table = &table[..table.find("</table>").unwrap_or(table.len())];
        let section = Page {
            status: self.status,
            headers: self.headers.clone(),
            body: table.to_owned(),
        };
        section
            .attrs("data-case")
            .into_iter()
            .zip(section.attrs("data-days-left"))
            .map(|(n, d)| (n, d.parse().unwrap()))
            .collect()
    }

    /// The text of the element with this id, up to its first closing tag of `tag`.
    pub fn element(&self, id: &str, tag: &str) -> &str {
        let start = self
            .body
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no #{id} in {}", self.body));
        let rest = &self.body[start..];
        &rest[..rest.find(&format!("</{tag}>")).unwrap_or(rest.len())]
    }
}

/// Decodes the entities askama writes.
pub fn unescape(text: &str) -> String {
    text.replace("&#38;", "&")
        .replace("&#43;", "+")
        .replace("&#61;", "=")
        .replace("&#x2f;", "/")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A browser: cookies kept, the CSRF token read from the last page that had one.
pub struct Browser<'a> {
    app: &'a App,
    pub cookies: BTreeMap<String, String>,
    pub accept_language: String,
    pub csrf: Option<String>,
    /// The `<html lang>` every HTML page must have, once known.
    pub expect_lang: Option<String>,
}

impl<'a> Browser<'a> {
    /// A browser with no cookies, asking for `accept_language`.
    pub fn new(app: &'a App, accept_language: &str) -> Browser<'a> {
        Browser {
            app,
            cookies: BTreeMap::new(),
            accept_language: accept_language.to_owned(),
            csrf: None,
            expect_lang: None,
        }
    }

    /// Sends a request with the cookies kept; keeps the cookies set and checks the page.
    pub async fn send(
        &mut self,
        method: Method,
        path: &str,
        body: Option<String>,
        extra: &[(&str, &str)],
    ) -> Page {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::HOST, "127.0.0.1:8080")
            .header(header::ACCEPT_LANGUAGE, &self.accept_language);
        if !self.cookies.is_empty() {
            let cookie = self
                .cookies
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("; ");
            request = request.header(header::COOKIE, cookie);
        }
        if body.is_some() {
            request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
        }
        for (name, value) in extra {
            request = request.header(*name, *value);
        }
        let request = request
            .body(body.map_or_else(Body::empty, Body::from))
            .unwrap();
        let response = self.app.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        for set in headers.get_all(header::SET_COOKIE) {
            let set = set.to_str().unwrap();
            let pair = set.split(';').next().unwrap();
            let (name, value) = pair.split_once('=').unwrap();
            if value.is_empty() || set.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let page = Page {
            status,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            headers,
        };
        let html = page
            .headers
            .get(header::CONTENT_TYPE)
            .is_some_and(|v| v.to_str().unwrap().starts_with("text/html"));
        if html {
            assert!(
                !page.body.contains('⟦'),
                "an untranslated key on {path}: {}",
                page.body
            );
            // A whole page (not an htmx fragment) has its language, a title and a heading.
            let document = page.body.starts_with("<!DOCTYPE html>");
            if document {
                assert!(
                    page.body.contains("<title>") && page.body.contains("<h1"),
                    "{path}"
                );
            }
            if let (true, Some(lang)) = (document, &self.expect_lang) {
                assert!(
                    page.body.contains(&format!("<html lang=\"{lang}\">")),
                    "{path} is not in {lang}: {}",
                    &page.body[..page.body.len().min(200)]
                );
            }
            if let Some(token) = csrf_of(&page.body) {
                self.csrf = Some(token);
            }
        }
        page
    }

    /// `GET path`.
    pub async fn get(&mut self, path: &str) -> Page {
        self.send(Method::GET, path, None, &[]).await
    }

    /// `POST path` with exactly these fields.
    ///
    /// The sign-in form is posted as a browser posts it: after its page was shown, with the
    /// page's token and the cookie that came with it (unless the test gives a `csrf` itself).
    pub async fn post_form(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        if path == "/workspace/sign-in" && !fields.iter().any(|(name, _)| *name == "csrf") {
            let page = self.get("/workspace/sign-in").await;
            let token = csrf_of(&page.body).expect("the sign-in page has a token");
            let mut all = vec![("csrf", token.as_str())];
            all.extend_from_slice(fields);
            let body = form(&all);
            let answer = self.send(Method::POST, path, Some(body), &[]).await;
            // The sign-in page's token is not the session's: the next form reads a page.
            self.csrf = None;
            return answer;
        }
        let body = form(fields);
        self.send(Method::POST, path, Some(body), &[]).await
    }

    /// `POST path` with these fields and the session's CSRF token (read from a page first).
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Page {
        if self.csrf.is_none() {
            self.get("/workspace/password").await;
        }
        let token = self.csrf.clone().unwrap();
        let mut all = vec![("csrf", token.as_str())];
        all.extend_from_slice(fields);
        self.post_form(path, &all).await
    }
}

/// A form body.
pub fn form(fields: &[(&str, &str)]) -> String {
    let mut body = form_urlencoded::Serializer::new(String::new());
    for (name, value) in fields {
        body.append_pair(name, value);
    }
    body.finish()
}

/// The value of the first hidden `csrf` input with a value.
fn csrf_of(body: &str) -> Option<String> {
    let needle = "name=\"csrf\" value=\"";
    body.match_indices(needle).find_map(|(at, _)| {
        let rest = &body[at + needle.len()..];
        let value = &rest[..rest.find('"')?];
        (!value.is_empty()).then(|| value.to_owned())
    })
}
