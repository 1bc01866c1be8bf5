//! The supervisor's page and reports: only supervisors; the stop switch needs a reason and a
//! confirmation, is audited and stops automatic issuing; another agency's service cannot be
//! switched; the reports for a period, each table as CSV; a bad period is a 422.

use crate::support::{app, databases, mother};
use axum::http::{StatusCode, header};
use sheshim_domain::{CaseStatus, Role};

async fn story(url: &str) {
    let app = app(url).await;
    app.add_user("sultan", Role::Supervisor, "MLSP").await;
    app.add_user("anna", Role::Officer, "MLSP").await;
    let confirmed = app.childbirth("9204104001", mother(2, true), 2).await;
    app.run_pipeline().await;
    assert_eq!(
        app.case(&confirmed).await.appeal.status,
        CaseStatus::Decided,
        "issued by the machine"
    );

    let mut anna = app.signed_in("anna").await;
    assert_eq!(
        anna.get("/workspace/supervisor").await.status,
        StatusCode::FORBIDDEN
    );
    let stop = [
        ("service", "childbirth-allowance"),
        ("stopped", "on"),
        ("reason", "Checking the new rates"),
        ("confirm", "yes"),
    ];
    assert_eq!(
        anna.post("/workspace/supervisor/automation", &stop)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    for path in [
        "/workspace/reports",
        "/workspace/reports?from=2026-03-01&to=2026-03-31",
        "/workspace/reports/volume.csv?from=2026-03-01&to=2026-03-31",
    ] {
        assert_eq!(anna.get(path).await.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert!(
        app.store
            .automation_switches()
            .await
            .unwrap()
            .iter()
            .all(|s| !s.stopped)
    );

    let mut sultan = app.signed_in("sultan").await;
    let page = sultan.get("/workspace/supervisor").await;
    assert_eq!(page.status, StatusCode::OK);
    for id in [
        "automation-all",
        "automation-childbirth-allowance",
        "at-risk",
        "overdue",
        "deemed",
    ] {
        assert!(page.has_id(id), "#{id}");
    }
    assert!(
        !page.has_id("automation-address-certificate"),
        "another agency's service"
    );
    // A reason and the confirmation are both needed.
    for fields in [
        [
            ("service", "childbirth-allowance"),
            ("stopped", "on"),
            ("reason", " "),
            ("confirm", "yes"),
        ],
        [
            ("service", "childbirth-allowance"),
            ("stopped", "on"),
            ("reason", "Checking the new rates"),
            ("confirm", ""),
        ],
        [
            ("service", "childbirth-allowance"),
            ("stopped", "maybe"),
            ("reason", "Checking the new rates"),
            ("confirm", "yes"),
        ],
    ] {
        let page = sultan
            .post("/workspace/supervisor/automation", &fields)
            .await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
    }
    let foreign = [
        ("service", "address-certificate"),
        ("stopped", "on"),
        ("reason", "Not mine"),
        ("confirm", "yes"),
    ];
    assert_eq!(
        sultan
            .post("/workspace/supervisor/automation", &foreign)
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let unknown = [
        ("service", "moon-landing"),
        ("stopped", "on"),
        ("reason", "No such"),
        ("confirm", "yes"),
    ];
    assert_eq!(
        sultan
            .post("/workspace/supervisor/automation", &unknown)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert!(
        app.store
            .automation_switches()
            .await
            .unwrap()
            .iter()
            .all(|s| !s.stopped)
    );

    let page = sultan.post("/workspace/supervisor/automation", &stop).await;
    assert_eq!(page.status, StatusCode::SEE_OTHER, "{}", page.body);
    let switches = app.store.automation_switches().await.unwrap();
    let switch = switches
        .iter()
        .find(|s| s.service == "childbirth-allowance")
        .unwrap();
    assert!(switch.stopped);
    assert_eq!(switch.updated_by, "user:sultan");
    assert_eq!(switch.reason, "Checking the new rates");
    assert!(
        app.audit_actions()
            .await
            .iter()
            .any(|(a, actor, _)| a == "automation.switched" && actor == "user:sultan")
    );
    let page = sultan.get("/workspace/supervisor").await;
    assert!(
        page.body
            .contains("data-service=\"childbirth-allowance\" data-stopped=\"true\"")
    );
    // The next confirmed application waits for an officer.
    let next = app.childbirth("9204104003", mother(2, true), 2).await;
    app.run_pipeline().await;
    assert_eq!(app.case(&next).await.appeal.status, CaseStatus::InReview);
    let all = [
        ("service", "*"),
        ("stopped", "on"),
        ("reason", "Incident"),
        ("confirm", "yes"),
    ];
    assert_eq!(
        sultan
            .post("/workspace/supervisor/automation", &all)
            .await
            .status,
        StatusCode::SEE_OTHER
    );
    assert!(
        app.store
            .automation_switches()
            .await
            .unwrap()
            .iter()
            .any(|s| s.service == "*" && s.stopped)
    );

    // Reports for a period, each table as CSV.
    let page = sultan
        .get("/workspace/reports?from=2026-03-01&to=2026-03-31")
        .await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.matches("<svg").count() >= 2, "two charts");
    let links: Vec<String> = page
        .attrs("href")
        .into_iter()
        .filter(|href| href.starts_with("/workspace/reports/") && href.contains(".csv?"))
        .collect();
    assert!(links.len() >= 3, "{links:?}");
    for link in &links {
        let csv = sultan.get(link).await;
        assert_eq!(csv.status, StatusCode::OK, "{link}");
        assert!(
            csv.headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        assert!(
            csv.headers[header::CONTENT_DISPOSITION]
                .to_str()
                .unwrap()
                .starts_with("attachment")
        );
        assert!(csv.body.lines().count() >= 1, "{link}: a header at least");
        assert!(!csv.body.contains('⟦'), "{link}");
    }
    assert_eq!(
        sultan.get("/workspace/reports").await.status,
        StatusCode::OK,
        "the last 30 days"
    );
    for bad in [
        "from=2026-03-31&to=2026-03-01",
        "from=01.03.2026&to=2026-03-31",
        "from=2026-03-01",
        "from=2026-03-01&to=2026-03-31&x=1",
    ] {
        let page = sultan.get(&format!("/workspace/reports?{bad}")).await;
        assert_eq!(page.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let csv = sultan
            .get(&format!("/workspace/reports/volume.csv?{bad}"))
            .await;
        assert_eq!(csv.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let missing = sultan
        .get("/workspace/reports/no-such-table.csv?from=2026-03-01&to=2026-03-31")
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn supervisors_stop_automation_and_read_reports() {
    let dir = tempfile::tempdir().unwrap();
    for url in databases(&dir, "supervisor").await {
        story(&url).await;
    }
}
