//! The queue: the officer's agency's open cases by working days left, filters kept in the
//! URL (a bad one named in a 422 page), pages of 50, saved views, and bulk assignment.

use crate::support::{App, Page, app, databases, mother, unescape};
use axum::http::StatusCode;
use serde_json::json;
use sheshim_domain::Role;
use std::collections::BTreeSet;

/// A plain appeal to `agency` in `language`, left unread by the machine.
async fn appeal(app: &App, who: &str, agency: &str, language: &str) -> String {
    let text = match language {
        "kk" => "Ауладағы жолды жөндеуді сұраймын.",
        "en" => "Please repair the road in our village.",
        _ => "Прошу отремонтировать дорогу в нашем селе.",
    };
    app.apply(
        who,
        None,
        json!({ "text": text, "language": language, "agency": agency }),
    )
    .await
}

fn numbers(page: &Page) -> BTreeSet<String> {
    page.rows().into_iter().map(|(number, _)| number).collect()
}

fn set(items: &[&String]) -> BTreeSet<String> {
    items.iter().map(|s| (*s).clone()).collect()
}

fn ordered(rows: &[(String, i64)]) {
    assert!(
        rows.windows(2).all(|w| w[0].1 <= w[1].1),
        "not by days left: {rows:?}"
    );
}

async fn story(url: &str) {
    let app = app(url).await;
    app.add_user("anna", Role::Officer, "MLSP").await;
    app.add_user("marat", Role::Officer, "MLSP").await;
    app.add_user("berik", Role::Officer, "MIA").await;
    app.add_user("dana", Role::Auditor, "AUDIT").await;
    app.add_user("root", Role::Admin, "MLSP").await;
    // Three applications the registry contradicts, registered on three days: in review.
    let mut reviewed = Vec::new();
    for who in ["9204104002", "9204104003", "9204104005"] {
        reviewed.push(app.childbirth(who, mother(2, true), 3).await);
        app.clock.advance(chrono::Duration::days(1));
    }
    app.run_pipeline().await;
    let kazakh = appeal(&app, "9001014001", "MLSP", "kk").await;
    let english = appeal(&app, "9001014002", "MLSP", "en").await;
    let elsewhere = appeal(&app, "9001014003", "MIA", "ru").await;
    let ours = set(&[&reviewed[0], &reviewed[1], &reviewed[2], &kazakh, &english]);

    let mut anna = app.signed_in("anna").await;
    let page = anna.get("/workspace/queue").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(numbers(&page), ours, "only the agency's cases");
    ordered(&page.rows());
    assert!(page.has_id("bulk-assign") && page.body.contains("class=\"case-link\""));
    let mut berik = app.signed_in("berik").await;
    assert_eq!(
        numbers(&berik.get("/workspace/queue").await),
        set(&[&elsewhere])
    );
    let mut dana = app.signed_in("dana").await;
    let all = dana.get("/workspace/queue").await;
    assert!(numbers(&all).contains(&elsewhere) && numbers(&all).is_superset(&ours));
    assert!(
        !all.body.contains("name=\"case\""),
        "an auditor assigns nobody"
    );
    let mut root = app.signed_in("root").await;
    assert_eq!(
        root.get("/workspace/queue").await.status,
        StatusCode::FORBIDDEN
    );

    // Each filter narrows the rows.
    let first = app.case(&reviewed[0]).await;
    let urgency = ["low", "normal", "high", "immediate"][usize::from(first.urgency)];
    let mut same_urgency = BTreeSet::new();
    for number in &ours {
        if app.case(number).await.urgency == first.urgency {
            same_urgency.insert(number.clone());
        }
    }
    let due = sheshim_workspace::format::iso_date(first.appeal.deadline);
    let cases = [
        (
            "status=in_review".to_owned(),
            set(&[&reviewed[0], &reviewed[1], &reviewed[2]]),
        ),
        ("status=registered".to_owned(), set(&[&kazakh, &english])),
        (
            "service=childbirth-allowance".to_owned(),
            set(&[&reviewed[0], &reviewed[1], &reviewed[2]]),
        ),
        ("language=kk".to_owned(), set(&[&kazakh])),
        ("language=en&status=registered".to_owned(), set(&[&english])),
        (format!("urgency={urgency}"), same_urgency),
        (format!("due_before={due}"), set(&[&reviewed[0]])),
        ("overdue=1".to_owned(), BTreeSet::new()),
        ("assigned=me".to_owned(), BTreeSet::new()),
        ("assigned=none".to_owned(), ours.clone()),
    ];
    for (query, expected) in &cases {
        let page = anna.get(&format!("/workspace/queue?{query}")).await;
        assert_eq!(page.status, StatusCode::OK, "{query}");
        assert_eq!(&numbers(&page), expected, "{query}");
    }
    for (query, named) in [
        ("urgency=soon", "urgency"),
        // A parameter the client made up is not repeated back: the page lists the filters.
        ("colour=red", "status, service"),
        ("due_before=31.12.2026", "due_before"),
        ("status=lost", "status"),
        ("assigned=everyone", "assigned"),
    ] {
        let page = anna.get(&format!("/workspace/queue?{query}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(
            page.element("error", "main").contains(named),
            "{query}: {}",
            page.body
        );
        assert!(!page.element("error", "main").contains("colour"), "{query}");
    }

    // Bulk assignment, through the engine with its checks.
    let page = anna
        .post(
            "/workspace/queue/assign",
            &[
                ("assignee", "me"),
                ("case", &reviewed[0]),
                ("case", &reviewed[1]),
                ("back", "/workspace/queue?status=in_review"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    assert_eq!(page.location(), "/workspace/queue?status=in_review");
    for number in &reviewed[..2] {
        assert_eq!(app.case(number).await.assignee.as_deref(), Some("anna"));
    }
    let mine = anna.get("/workspace/queue?assigned=me").await;
    assert_eq!(numbers(&mine), set(&[&reviewed[0], &reviewed[1]]));
    let page = berik
        .post(
            "/workspace/queue/assign",
            &[("assignee", "me"), ("case", &reviewed[2])],
        )
        .await;
    assert_eq!(
        page.status,
        StatusCode::NOT_FOUND,
        "another agency's case does not exist"
    );
    let page = dana
        .post(
            "/workspace/queue/assign",
            &[("assignee", "me"), ("case", &reviewed[2])],
        )
        .await;
    assert_eq!(page.status, StatusCode::FORBIDDEN);
    assert_eq!(app.case(&reviewed[2]).await.assignee, None);

    // Saved views: saved under a name, listed, opened, deleted only by their owner.
    let page = anna
        .post(
            "/workspace/views",
            &[
                ("name", "Russian in review"),
                ("query", "language=ru&status=in_review"),
            ],
        )
        .await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let target = page.location().to_owned();
    assert!(
        target.starts_with("/workspace/queue?") && target.contains("language=ru"),
        "{target}"
    );
    let page = anna.get("/workspace/queue").await;
    assert!(page.body.contains("Russian in review"));
    let link = page
        .attrs("href")
        .into_iter()
        .find(|href| unescape(href) == target)
        .expect("the view is listed with its link");
    assert_eq!(numbers(&anna.get(&link).await).len(), 3);
    let delete = page
        .attrs("action")
        .into_iter()
        .find(|a| a.starts_with("/workspace/views/") && a.ends_with("/delete"))
        .unwrap();
    let mut marat = app.signed_in("marat").await;
    assert!(
        !marat
            .get("/workspace/queue")
            .await
            .body
            .contains("Russian in review")
    );
    assert_eq!(marat.post(&delete, &[]).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        app.store
            .saved_views(user_id(&app, "anna").await)
            .await
            .unwrap()
            .len(),
        1
    );
    let page = anna.post(&delete, &[]).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER);
    assert!(
        !anna
            .get("/workspace/queue")
            .await
            .body
            .contains("Russian in review")
    );
    let page = anna
        .post(
            "/workspace/views",
            &[("name", "bad"), ("query", "urgency=soon")],
        )
        .await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);

    // Past their deadlines, every case is overdue (negative days left, still in order).
    // (Sixty days idle also ended the session: a new one.)
    app.clock.advance(chrono::Duration::days(60));
    assert_eq!(
        anna.get("/workspace/queue").await.location(),
        "/workspace/sign-in"
    );
    let mut anna = app.signed_in("anna").await;
    let page = anna.get("/workspace/queue?overdue=1").await;
    assert_eq!(numbers(&page), ours);
    assert!(page.rows().iter().all(|(_, days)| *days < 0));
    ordered(&page.rows());
}

async fn user_id(app: &App, login: &str) -> sheshim_store::UserId {
    let login = sheshim_domain::AccountName::parse(login).unwrap();
    app.store
        .sign_in_account(&login)
        .await
        .unwrap()
        .unwrap()
        .user_id
}

async fn pages_story(url: &str) {
    let app = app(url).await;
    app.add_user("anna", Role::Officer, "MLSP").await;
    let mut registered = BTreeSet::new();
    for i in 0..53 {
        let number = appeal(&app, &format!("90010{:05}", 14000 + i), "MLSP", "ru").await;
        registered.insert(number);
        if i % 10 == 9 {
            app.clock.advance(chrono::Duration::days(1));
        }
    }
    let mut anna = app.signed_in("anna").await;
    let first = anna.get("/workspace/queue?language=ru").await;
    assert_eq!(first.rows().len(), 50);
    assert!(!first.has_id("first-page"));
    let next = first
        .body
        .split("id=\"next-page\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .map(|href| unescape(&href[..href.find('"').unwrap()]))
        .expect("a next page");
    assert!(
        next.contains("language=ru") && next.contains("cursor="),
        "{next}"
    );
    let second = anna.get(&next).await;
    assert_eq!(second.status, StatusCode::OK);
    assert_eq!(second.rows().len(), 3);
    assert!(second.has_id("first-page") && !second.has_id("next-page"));
    let mut rows = first.rows();
    rows.extend(second.rows());
    ordered(&rows);
    let seen: BTreeSet<String> = rows.into_iter().map(|(n, _)| n).collect();
    assert_eq!(seen, registered, "every case once");
    let page = anna.get("/workspace/queue?cursor=not-a-cursor").await;
    assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn the_queue_lists_filters_saves_views_and_assigns() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "queue").await {
        story(&url).await;
    }
}

#[tokio::test]
async fn the_queue_pages_by_fifty() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "queue_pages").await {
        pages_story(&url).await;
    }
}
