//! The officers' stories: the queue, the case with a contradicted claim and its override, a
//! form without its CSRF token, and the other agency's officer. Each starts from a signed-out
//! browser (the CSRF story from the officer's session).

use crate::applications;
use crate::demo::Demo;
use crate::pages::{self, arrive, check, click, fetch_status, fill, visit};
use fantoccini::{Client, Locator};
use std::path::Path;
use std::time::{Duration, Instant};

/// The override the officer made.
pub struct Override {
    /// The outcome chosen instead of the machine's.
    pub outcome: String,
    /// The reason given.
    pub reason: String,
}

/// The texts of the case page's history entries.
async fn history(c: &Client) -> Vec<String> {
    let mut texts = Vec::new();
    for item in c.find_all(Locator::Css("#history li")).await.unwrap() {
        texts.push(item.text().await.unwrap());
    }
    texts
}

/// The ministry's officer signs in, finds the queue ordered by days left, opens the
/// application whose birth order the registry contradicts, sees the difference, and
/// overrides the machine's outcome with a reason; the history shows it at once.
pub async fn officer_overrides_a_contradicted_claim(
    c: &Client,
    demo: &Demo,
    shots: &Path,
) -> Override {
    let officer = demo.official("mlsp.officer");
    assert_eq!(
        (officer.role.as_str(), officer.agency.as_str()),
        ("officer", "MLSP")
    );
    pages::sign_in_first_time(c, &demo.base, "mlsp.officer", &officer.password).await;

    let rows = c
        .find_all(Locator::Css("table#queue tr[data-case]"))
        .await
        .unwrap();
    let mut queue = Vec::new();
    for row in &rows {
        let number = row.attr("data-case").await.unwrap().unwrap();
        let days: i64 = row
            .attr("data-days-left")
            .await
            .unwrap()
            .unwrap()
            .parse()
            .expect("data-days-left is a whole number");
        queue.push((number, days));
    }
    let days: Vec<i64> = queue.iter().map(|(_, days)| *days).collect();
    assert!(
        days.windows(2).all(|pair| pair[0] <= pair[1]),
        "the queue is not ordered by days left: {queue:?}"
    );
    let mut distinct = days.clone();
    distinct.dedup();
    assert!(
        distinct.len() >= 3,
        "the demo's queue shows too few different days left to see an order: {queue:?}"
    );
    assert!(
        queue.iter().any(|(number, _)| *number == demo.contradicted),
        "{} is not in the ministry's queue: {queue:?}",
        demo.contradicted
    );
    pages::screenshot(c, shots, "workspace-queue.png").await;

    let link = format!("tr[data-case='{}'] a.case-link", demo.contradicted);
    c.find(Locator::Css(&link))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let page = arrive(c, &format!("/workspace/cases/{}", demo.contradicted)).await;
    assert!(page.heading.contains(&demo.contradicted), "{page:?}");
    for section in [
        "text", "triage", "facts", "decision", "draft", "clocks", "history", "actions",
    ] {
        c.find(Locator::Id(section))
            .await
            .unwrap_or_else(|_| panic!("the case page has no #{section}"));
    }
    let differs = c.find_all(Locator::Css("#facts tr.differs")).await.unwrap();
    if differs.len() != 1 {
        let facts = c.find(Locator::Id("facts")).await.unwrap();
        panic!(
            "one claim (the birth order) should differ, {} do: {}",
            differs.len(),
            facts.html(false).await.unwrap()
        );
    }
    pages::screenshot(c, shots, "workspace-case.png").await;

    // The officer decides against the machine: whichever outcome it suggested, the other.
    let before = applications::case(&demo.base, &officer.token, &demo.contradicted).await;
    let suggested = before["outcome"].as_str().expect("a suggested outcome");
    let outcome = if suggested == "granted" {
        "denied"
    } else {
        "granted"
    };
    let reason =
        "The birth certificate shows a different birth order; asked the registry to correct it.";
    let history_before = history(c).await;
    pages::reveal(c, "override").await;
    c.find(Locator::Css("#override select[name='outcome']"))
        .await
        .unwrap()
        .select_by_value(outcome)
        .await
        .unwrap();
    fill(c, "override", "reason", reason).await;
    click(c, "override-submit").await;
    // The answer is a redirect to the same address: wait for the page to show one entry more.
    let started = Instant::now();
    let history_after = loop {
        arrive(c, &format!("/workspace/cases/{}", demo.contradicted)).await;
        let now = history(c).await;
        if now.len() != history_before.len() || started.elapsed() > Duration::from_secs(20) {
            break now;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let new: Vec<&String> = history_after
        .iter()
        .filter(|text| !history_before.contains(text))
        .collect();
    assert_eq!(
        history_after.len(),
        history_before.len() + 1,
        "one history entry more: {history_after:#?}"
    );
    assert!(
        new.iter().any(|text| text.contains("mlsp.officer")),
        "the new history entry does not name the officer: {new:?}"
    );
    let after = applications::case(&demo.base, &officer.token, &demo.contradicted).await;
    assert_eq!(after["outcome"], outcome);
    assert_eq!(after["record"]["override_reason"], reason);
    Override {
        outcome: outcome.to_owned(),
        reason: reason.to_owned(),
    }
}

/// On the case page: the override form posted without its `csrf` field — by `fetch`, and
/// by the browser after the hidden field is removed — or with a wrong one is refused with
/// 403 and changes nothing.
pub async fn a_form_without_its_csrf_token_is_refused(c: &Client, demo: &Demo) {
    let case_url = format!("{}/workspace/cases/{}", demo.base, demo.contradicted);
    visit(c, &case_url).await;
    let history_before = history(c).await;
    let form = c.find(Locator::Id("override")).await.unwrap();
    let action = form
        .prop("action")
        .await
        .unwrap()
        .expect("the form's action");
    let version = c
        .find(Locator::Css("#override [name='version']"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .expect("the case's version");
    let fields = [
        ("outcome", "granted"),
        ("reason", "posted without a token"),
        ("version", version.as_str()),
    ];
    assert_eq!(fetch_status(c, &action, Some(&fields)).await, 403);
    let wrong = [
        ("outcome", "granted"),
        ("reason", "posted with a wrong token"),
        ("version", version.as_str()),
        ("csrf", "not-the-session-token"),
    ];
    assert_eq!(fetch_status(c, &action, Some(&wrong)).await, 403);

    fill(
        c,
        "override",
        "reason",
        "posted by the browser without a token",
    )
    .await;
    let removed = c
        .execute(
            "const field = document.querySelector('#override [name=\"csrf\"]');\n\
             if (field === null) { return false; }\n\
             field.remove(); return true;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        removed,
        serde_json::json!(true),
        "the form has no csrf field"
    );
    click(c, "override-submit").await;
    c.wait()
        .for_element(Locator::Css("h1#error"))
        .await
        .expect("the refusal page's <h1 id=error>");
    check(c).await;

    visit(c, &case_url).await;
    assert_eq!(
        history(c).await,
        history_before,
        "a refused post changed the case"
    );
}

/// The Almaty akimat's officer has cases in the queue, but not the ministry's application,
/// and its address answers 404.
pub async fn another_agency_neither_sees_nor_reaches_the_case(c: &Client, demo: &Demo) {
    let officer = demo.official("almaty.officer");
    assert_eq!(officer.agency, "AKIMAT-ALMATY");
    pages::sign_in_first_time(c, &demo.base, "almaty.officer", &officer.password).await;
    let mut numbers = Vec::new();
    for row in c
        .find_all(Locator::Css("table#queue tr[data-case]"))
        .await
        .unwrap()
    {
        numbers.push(row.attr("data-case").await.unwrap().unwrap());
    }
    assert!(!numbers.is_empty(), "the akimat's queue is empty");
    assert!(
        !numbers.contains(&demo.contradicted),
        "the akimat's officer sees the ministry's {}",
        demo.contradicted
    );
    let url = format!("{}/workspace/cases/{}", demo.base, demo.contradicted);
    assert_eq!(fetch_status(c, &url, None).await, 404);
    let page = visit(c, &url).await;
    assert!(page.error, "no error page at {url}: {page:?}");
    assert!(
        !page.heading.contains(&demo.contradicted),
        "the akimat's officer reads the case: {page:?}"
    );
}
