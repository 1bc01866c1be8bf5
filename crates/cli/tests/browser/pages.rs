//! What every story does with the workspace's pages: visit one and check what the contract
//! promises of every page (a language, a title, an `<h1>`, no untranslated key), sign in
//! (changing the one-time password when asked), sign out, post with `fetch`, take
//! screenshots.

use fantoccini::{Client, Locator};
use std::path::Path;
use std::time::{Duration, Instant};

/// What a page says about itself.
#[derive(Debug)]
pub struct Page {
    /// `<html lang>`.
    pub lang: String,
    /// The `<h1>`'s text.
    pub heading: String,
    /// The path of the address the browser ended at.
    pub path: String,
    /// Whether it is an error page (its `<h1>` has the id `error`).
    pub error: bool,
}

/// Opens an address of the workspace and checks the page.
pub async fn visit(c: &Client, url: &str) -> Page {
    c.goto(url).await.unwrap_or_else(|e| panic!("{url}: {e}"));
    check(c).await
}

/// Checks the page the browser shows: it has a language, a title and an `<h1>`, and no
/// untranslated key (`⟦key⟧`) anywhere in its text or attributes.
pub async fn check(c: &Client) -> Page {
    let path = c.current_url().await.expect("an address").path().to_owned();
    let source = c.source().await.expect("the page's source");
    if let Some(at) = source.find('⟦') {
        let end = source[at..]
            .char_indices()
            .nth(60)
            .map_or(source.len(), |(i, _)| at + i);
        panic!(
            "{path} has an untranslated key: {:?}",
            &source[at.saturating_sub(20)..end]
        );
    }
    // One script reads the language and the heading from one document: a page that is being
    // replaced (a form answered by a redirect to the same address) would otherwise swap the
    // document between finding an element and reading it, and the element would be stale.
    let facts = c
        .execute(
            "const h = document.querySelector('h1'); \
             return [document.documentElement.lang || '', h ? h.innerText : null, h ? h.id : ''];",
            vec![],
        )
        .await
        .expect("the page's language and heading");
    let lang = facts[0].as_str().unwrap_or_default().to_owned();
    assert!(
        ["kk", "ru", "en"].contains(&lang.as_str()),
        "{path}: <html lang={lang:?}>"
    );
    let title = c.title().await.expect("a title");
    assert!(!title.trim().is_empty(), "{path} has no <title>");
    assert!(
        !title.contains('<'),
        "{path} has markup in its <title>: {title:?}"
    );
    let heading = facts[1]
        .as_str()
        .unwrap_or_else(|| panic!("{path} has no <h1>"))
        .trim()
        .to_owned();
    assert!(!heading.is_empty(), "{path} has an empty <h1>");
    let error = facts[2].as_str() == Some("error");
    Page {
        lang,
        heading,
        path,
        error,
    }
}

/// Waits (at most 20 seconds) until the browser's address has this path, then checks the
/// page.
pub async fn arrive(c: &Client, path: &str) -> Page {
    let started = Instant::now();
    loop {
        let now = c.current_url().await.expect("an address");
        if now.path() == path {
            return check(c).await;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "expected to arrive at {path}, still at {now}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Opens the `<details>` a form is folded in, if it is, as a user would: by its summary.
pub async fn reveal(c: &Client, form: &str) {
    let folded = format!("//form[@id='{form}']/ancestor::details[not(@open)]/summary");
    if let Ok(summary) = c.find(Locator::XPath(&folded)).await {
        summary
            .click()
            .await
            .expect("the summary opens its details");
    }
}

/// Types into a field of a form (opened first if folded), replacing what it held.
pub async fn fill(c: &Client, form: &str, name: &str, value: &str) {
    reveal(c, form).await;
    let field = c
        .find(Locator::Css(&format!("#{form} [name='{name}']")))
        .await
        .unwrap_or_else(|_| panic!("no field {name} in #{form}"));
    field.clear().await.expect("the field clears");
    field.send_keys(value).await.expect("the field takes text");
}

/// Clicks the element with this id.
pub async fn click(c: &Client, id: &str) {
    let Ok(element) = c.find(Locator::Id(id)).await else {
        let url = c.current_url().await.expect("an address");
        let heading = match c.find(Locator::Css("h1")).await {
            Ok(h1) => h1.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        panic!("no #{id} on the page at {url} (<h1> {heading:?})");
    };
    element
        .click()
        .await
        .unwrap_or_else(|e| panic!("#{id} cannot be clicked: {e}"));
}

/// Signs in with a one-time password and, as the workspace then demands before anything
/// else, replaces it; ends at the queue.
pub async fn sign_in_first_time(c: &Client, base: &str, login: &str, password: &str) {
    let page = visit(c, &format!("{base}/workspace/sign-in")).await;
    assert_eq!(page.path, "/workspace/sign-in");
    fill(c, "sign-in", "login", login).await;
    fill(c, "sign-in", "password", password).await;
    click(c, "sign-in-submit").await;
    arrive(c, "/workspace/password").await;
    // Any other page sends a user who must change the password back here.
    let page = visit(c, &format!("{base}/workspace/queue")).await;
    assert_eq!(
        page.path, "/workspace/password",
        "{login} reached the queue before changing the one-time password"
    );
    let new = format!("{login}-browser-test-passphrase-2026");
    fill(c, "password", "current", password).await;
    fill(c, "password", "new", &new).await;
    fill(c, "password", "confirm", &new).await;
    click(c, "password-submit").await;
    let page = visit(c, &format!("{base}/workspace/")).await;
    assert_eq!(page.path, "/workspace/queue", "{login} is not at the queue");
}

/// Signs out from the queue (error pages have no sign-out button) and checks that the
/// workspace then asks to sign in.
pub async fn sign_out(c: &Client, base: &str) {
    visit(c, &format!("{base}/workspace/queue")).await;
    click(c, "sign-out").await;
    let page = visit(c, &format!("{base}/workspace/queue")).await;
    assert_eq!(page.path, "/workspace/sign-in", "still signed in");
}

/// The status of a request the page makes with `fetch` (same origin, the session's cookie,
/// redirects not followed): `GET` when `form` is `None`, else a `POST` of those fields.
pub async fn fetch_status(c: &Client, url: &str, form: Option<&[(&str, &str)]>) -> u16 {
    fetch(c, url, form).await.0
}

/// The status and body of a request the page makes with `fetch`, as [`fetch_status`].
pub async fn fetch(c: &Client, url: &str, form: Option<&[(&str, &str)]>) -> (u16, String) {
    let script = r#"
        const [url, fields] = arguments;
        const init = { credentials: "same-origin", redirect: "manual" };
        if (fields !== null) {
            init.method = "POST";
            init.body = new URLSearchParams(fields);
        }
        return fetch(url, init).then(response =>
            response.text().then(body => [response.status, body]));
    "#;
    let fields = form.map(|fields| {
        fields
            .iter()
            .map(|(name, value)| serde_json::json!([name, value]))
            .collect::<Vec<_>>()
    });
    let answer = c
        .execute(
            script,
            vec![serde_json::json!(url), serde_json::json!(fields)],
        )
        .await
        .unwrap_or_else(|e| panic!("fetch {url}: {e}"));
    let status = answer[0].as_u64().expect("a status");
    let body = answer[1].as_str().expect("a body").to_owned();
    (u16::try_from(status).expect("an HTTP status"), body)
}

/// Saves a PNG of the browser's window as `dir/name`.
pub async fn screenshot(c: &Client, dir: &Path, name: &str) {
    let png = c.screenshot().await.expect("a screenshot");
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
    std::fs::write(dir.join(name), png).expect("the screenshot is written");
}
