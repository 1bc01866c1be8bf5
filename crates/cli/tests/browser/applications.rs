//! Applications submitted over the API as a portal would, with a demo channel client's key,
//! by people of the demo's population whose claims the registry confirms — the kind the
//! pipeline issues automatically unless a supervisor stopped it.

use serde_json::{Value, json};
use sheshim_registry::{FactName, FactValue, ParquetRegistry};
use std::path::Path;
use std::time::Duration;

/// Childbirth allowance applications by `count` permanently resident mothers of the
/// population, each claiming the birth order the registry holds. They are taken from the end
/// of the population, away from the mothers the demo itself seeds.
pub fn confirmed(population: &Path, count: usize) -> Vec<Value> {
    let registry = ParquetRegistry::open(population).expect("the demo's population");
    let today = sheshim_calendar::local_date(chrono::Utc::now());
    let mut mothers: Vec<Value> = registry
        .persons()
        .filter_map(|(iin, facts)| {
            let order = match facts.value(FactName::YoungestChildBirthOrder, today)?.value {
                FactValue::Number(order) => order,
                _ => return None,
            };
            let resident = facts.value(FactName::PermanentResident, today)?.value;
            (resident == FactValue::Boolean(true)).then(|| {
                json!({
                    "text": "Прошу назначить единовременное пособие на рождение ребёнка.",
                    "language": "ru",
                    "applicant": { "iin": iin.expose(), "name": "Жанар Тестова" },
                    "service": "childbirth-allowance",
                    "claims": { "birth_order": order },
                })
            })
        })
        .collect();
    assert!(mothers.len() >= count + 4, "too few resident mothers");
    mothers.split_off(mothers.len() - count)
}

/// Submits an application; returns its number and access code.
pub async fn submit(
    base: &str,
    client_key: &str,
    body: &Value,
    idempotency: &str,
) -> (String, String) {
    let response = reqwest::Client::new()
        .post(format!("{base}/v1/appeals"))
        .header("x-client-key", client_key)
        .header("idempotency-key", idempotency)
        .json(body)
        .send()
        .await
        .expect("the API answers");
    let status = response.status();
    let answer: Value = response.json().await.expect("a JSON answer");
    assert_eq!(status.as_u16(), 201, "{answer}");
    (
        answer["registration_number"]
            .as_str()
            .expect("a number")
            .to_owned(),
        answer["access_code"]
            .as_str()
            .expect("an access code")
            .to_owned(),
    )
}

/// The citizen's view of an application once the pipeline has decided or routed it (at
/// most twenty seconds).
pub async fn settled(base: &str, number: &str, access_code: &str) -> Value {
    let http = reqwest::Client::new();
    for _ in 0..200 {
        let view: Value = http
            .get(format!("{base}/v1/appeals/{number}"))
            .header("access-code", access_code)
            .send()
            .await
            .expect("the API answers")
            .json()
            .await
            .expect("a JSON answer");
        if view["status"] != "registered" {
            return view;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the pipeline did not reach {number} within twenty seconds")
}

/// A case as an official reads it over the API.
pub async fn case(base: &str, token: &str, number: &str) -> Value {
    let response = reqwest::Client::new()
        .get(format!("{base}/v1/cases/{number}"))
        .bearer_auth(token)
        .send()
        .await
        .expect("the API answers");
    assert_eq!(response.status().as_u16(), 200, "GET /v1/cases/{number}");
    response.json().await.expect("a JSON answer")
}
