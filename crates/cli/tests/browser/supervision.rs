//! The supervisor's and the auditor's stories: the stop switch, the report, the interface in
//! Kazakh and Russian, and the audit chain and export of decision records.

use crate::applications;
use crate::demo::Demo;
use crate::pages::{self, arrive, check, click, fill, visit};
use crate::stories::Override;
use fantoccini::{Client, Locator};
use std::path::Path;
use std::time::{Duration, Instant};

/// The ministry's supervisor stops automatic issuing of the childbirth allowance (with a
/// reason and a confirmation): an application the pipeline issued automatically a moment
/// before is now left for an officer.
pub async fn supervisor_stops_automatic_issuing(c: &Client, demo: &Demo) {
    let supervisor = demo.official("mlsp.supervisor");
    pages::sign_in_first_time(c, &demo.base, "mlsp.supervisor", &supervisor.password).await;
    let key = demo.client_keys.get("web").expect("the demo's web client");
    let population = demo.dir.join("demo-population.parquet");
    let bodies = applications::confirmed(&population, 2);

    let (number, code) = applications::submit(&demo.base, key, &bodies[0], "browser-1").await;
    let view = applications::settled(&demo.base, &number, &code).await;
    assert!(
        !view["answer"].is_null(),
        "before the stop the confirmed application {number} was not issued automatically: {view}"
    );

    visit(c, &format!("{}/workspace/supervisor", demo.base)).await;
    let form = "automation-childbirth-allowance";
    fill(
        c,
        form,
        "reason",
        "Checking the allowance's new amounts by hand this week.",
    )
    .await;
    let confirm = c
        .find(Locator::Css(&format!("#{form} [name='confirm']")))
        .await
        .unwrap();
    if !confirm.is_selected().await.unwrap() {
        confirm.click().await.unwrap();
    }
    // The form of a running service carries `stopped=on`; once stopped, it offers `off`.
    assert_eq!(
        stopped_field(c, form).await,
        "on",
        "the switch is on already"
    );
    c.find(Locator::Css(&format!("#{form} button[type='submit']")))
        .await
        .expect("the form's submit button")
        .click()
        .await
        .unwrap();
    // The answer is a redirect to the same page: wait until it offers to resume instead.
    let started = Instant::now();
    loop {
        arrive(c, "/workspace/supervisor").await;
        if stopped_field(c, form).await == "off" {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the switch did not turn on"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let (number, code) = applications::submit(&demo.base, key, &bodies[1], "browser-2").await;
    let view = applications::settled(&demo.base, &number, &code).await;
    assert!(view["answer"].is_null(), "issued despite the stop: {view}");
    assert_eq!(view["status"], "in_review", "{view}");
    let case = applications::case(&demo.base, &supervisor.token, &number).await;
    assert_eq!(case["awaiting"], "officer", "{case}");
    let reasons = &case["record"]["routing"]["reasons"];
    assert!(
        reasons
            .as_array()
            .is_some_and(|all| all.iter().any(|r| r == "stop_switch")),
        "the stop switch is not among the reasons: {reasons}"
    );
}

/// The supervisor's report for the default period: tables and a chart, photographed.
pub async fn supervisor_reads_the_report(c: &Client, demo: &Demo, shots: &Path) {
    let page = visit(c, &format!("{}/workspace/reports", demo.base)).await;
    assert_eq!(page.path, "/workspace/reports");
    assert!(!page.error, "the report is an error page: {page:?}");
    c.find(Locator::Css("svg"))
        .await
        .expect("the report draws a chart");
    pages::screenshot(c, shots, "workspace-report.png").await;
}

/// The value a stop-switch form would post as `stopped`.
async fn stopped_field(c: &Client, form: &str) -> String {
    c.find(Locator::Css(&format!("#{form} [name='stopped']")))
        .await
        .expect("the form's stopped field")
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default()
}

/// The supervisor switches the interface to Kazakh, then to Russian: every page visited
/// says so in `<html lang>` and has no untranslated key.
pub async fn the_interface_speaks_kazakh_and_russian(c: &Client, demo: &Demo) {
    let pages = [
        "/workspace/queue".to_owned(),
        format!("/workspace/cases/{}", demo.contradicted),
        "/workspace/supervisor".to_owned(),
        "/workspace/reports".to_owned(),
        "/workspace/password".to_owned(),
    ];
    for lang in ["kk", "ru"] {
        visit(c, &format!("{}/workspace/queue", demo.base)).await;
        click(c, &format!("lang-{lang}")).await;
        let started = Instant::now();
        while check(c).await.lang != lang {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "the interface did not switch to {lang}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        for path in &pages {
            let page = visit(c, &format!("{}{path}", demo.base)).await;
            assert_eq!(page.path, *path);
            assert!(!page.error, "{path} is an error page: {page:?}");
            assert_eq!(page.lang, lang, "{path} is not in {lang}");
        }
    }
}

/// The auditor has the chain verified in the workspace and exports the period's decision
/// records: the officer's override is in the contradicted case's record, from the audit log.
pub async fn auditor_verifies_the_chain_and_exports_the_override(
    c: &Client,
    demo: &Demo,
    overridden: &Override,
) {
    let auditor = demo.official("demo.auditor");
    assert_eq!(auditor.role, "auditor");
    pages::sign_in_first_time(c, &demo.base, "demo.auditor", &auditor.password).await;
    let page = visit(c, &format!("{}/workspace/audit?verify=1", demo.base)).await;
    assert!(!page.error, "{page:?}");
    let status = c
        .find(Locator::Css("#chain-status [data-intact]"))
        .await
        .expect("the chain was verified");
    assert_eq!(
        status.attr("data-intact").await.unwrap().as_deref(),
        Some("true"),
        "{}",
        status.text().await.unwrap()
    );

    let mut period = Vec::new();
    for name in ["from", "to"] {
        let field = format!("form[action='/workspace/audit/export'] [name='{name}']");
        let value = c
            .find(Locator::Css(&field))
            .await
            .unwrap_or_else(|_| panic!("the export form has no {name}"))
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default();
        period.push(value);
    }
    let url = format!(
        "{}/workspace/audit/export?from={}&to={}",
        demo.base, period[0], period[1]
    );
    let (code, body) = pages::fetch(c, &url, None).await;
    assert_eq!(code, 200, "{body}");
    let record: serde_json::Value = body
        .lines()
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a JSON line"))
        .find(|record| record["registration_number"] == demo.contradicted.as_str())
        .unwrap_or_else(|| panic!("{} is not in the export {url}", demo.contradicted));
    let overrides: Vec<&serde_json::Value> = record["history"]
        .as_array()
        .expect("a history")
        .iter()
        .filter(|entry| entry["action"] == "case.override")
        .collect();
    assert_eq!(overrides.len(), 1, "{record:#}");
    assert_eq!(overrides[0]["actor"], "user:mlsp.officer");
    assert_eq!(
        overrides[0]["details"]["outcome"],
        overridden.outcome.as_str()
    );
}
