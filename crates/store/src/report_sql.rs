//! The supervisor's reports' SQL, the same on both databases, expanded per backend like
//! `access.rs`: the cases registered in a period with their sealed records, and the audit
//! entries of those cases, folded into one [`ReportCase`] each.
//!
//! The store does not depend on the engine, so it reads the few fields of the engine's case
//! record it needs by name from the JSON (triage topic, residence fact, decision, issuer);
//! `crates/engine/tests/reports.rs` runs the real engine to keep these names honest.

use crate::case_rows::{case_binding, open_json};
use crate::model::StoreError;
use crate::report_model::ReportCase;
use crate::row::column;
use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use sheshim_crypto::Keyring;
use sheshim_domain::{AgencyCode, CaseStatus, Language, RegistrationNumber, ServiceCode};
use std::collections::HashMap;

/// Expands the report methods as inherent methods of a backend's store.
macro_rules! report_methods {
    ($db:ty) => {
        /// See [`Store::report_cases`](crate::Store::report_cases).
        async fn select_report_cases(
            &self,
            agency: Option<&sheshim_domain::AgencyCode>,
            from: chrono::NaiveDate,
            to: chrono::NaiveDate,
        ) -> Result<Vec<$crate::ReportCase>, $crate::StoreError> {
            use $crate::report_sql::{ReportEventRow, ReportRow, report_cases_from};
            // The agency in charge, or the one addressed while the pipeline has not routed
            // the case yet: the same rule as who may read a case.
            let period = |query: &mut sqlx::QueryBuilder<$db>| {
                query
                    .push(" WHERE a.registered_on >= ")
                    .push_bind(from)
                    .push(" AND a.registered_on <= ")
                    .push_bind(to);
                if let Some(agency) = agency {
                    query
                        .push(" AND COALESCE(c.agency, a.agency) = ")
                        .push_bind(agency.as_str().to_owned());
                }
            };
            let mut cases = sqlx::QueryBuilder::<$db>::new(
                "SELECT a.registration_number, a.language, a.status, a.registered_on, \
                 a.deadline, c.service, COALESCE(c.agency, a.agency) AS agency, c.record \
                 FROM cases c JOIN appeals a ON a.registration_number = c.registration_number",
            );
            period(&mut cases);
            cases.push(" ORDER BY a.registered_on, a.id");
            let rows: Vec<ReportRow> = cases.build_query_as().fetch_all(&self.pool).await?;
            let mut events = sqlx::QueryBuilder::<$db>::new(
                "SELECT l.subject, l.at, l.action, l.payload FROM audit_log l \
                 JOIN appeals a ON a.registration_number = l.subject \
                 JOIN cases c ON c.registration_number = a.registration_number",
            );
            period(&mut events);
            events.push(" AND l.action LIKE 'case.%' ORDER BY l.seq");
            let events: Vec<ReportEventRow> =
                events.build_query_as().fetch_all(&self.pool).await?;
            report_cases_from(rows, events, &self.keys)
        }
    };
}

pub(crate) use report_methods;

/// The statuses that close a case for its agency, as the audit payload writes them.
const CLOSING_STATUSES: [&str; 4] = ["decided", "notified", "deemed_refused", "withdrawn"];

/// A case joined with its appeal, as the report reads it.
#[derive(sqlx::FromRow)]
pub(crate) struct ReportRow {
    pub registration_number: String,
    pub language: String,
    pub status: String,
    pub registered_on: NaiveDate,
    pub deadline: NaiveDate,
    pub service: Option<String>,
    pub agency: Option<String>,
    pub record: Option<String>,
}

/// An audit entry about a case in the period, without its chain fields.
#[derive(sqlx::FromRow)]
pub(crate) struct ReportEventRow {
    pub subject: String,
    pub at: DateTime<Utc>,
    pub action: String,
    pub payload: String,
}

/// What the audit entries of one case say about it.
#[derive(Default)]
struct Timeline {
    closed_on: Option<NaiveDate>,
    forwarded_on: Option<NaiveDate>,
    overridden: bool,
}

/// Folds rows and their audit entries (in chain order) into report cases, in the rows' order.
pub(crate) fn report_cases_from(
    rows: Vec<ReportRow>,
    events: Vec<ReportEventRow>,
    keys: &Keyring,
) -> Result<Vec<ReportCase>, StoreError> {
    let mut timelines: HashMap<String, Timeline> = HashMap::new();
    for event in events {
        let payload: Value = column(
            serde_json::from_str(&event.payload),
            "payload",
            &event.subject,
        )?;
        let day = sheshim_calendar::local_date(event.at);
        let timeline = timelines.entry(event.subject).or_default();
        // The store writes the new status into the payload of every change that moves it,
        // so the first entry naming a status is the day the case reached it.
        match payload.get("status").and_then(Value::as_str) {
            Some(status) if CLOSING_STATUSES.contains(&status) => {
                timeline.closed_on.get_or_insert(day);
            }
            Some("forwarded") => {
                timeline.forwarded_on.get_or_insert(day);
            }
            _ => {}
        }
        if event.action == "case.override" {
            timeline.overridden = true;
        }
    }
    rows.into_iter()
        .map(|row| {
            let timeline = timelines
                .remove(&row.registration_number)
                .unwrap_or_default();
            report_case(row, timeline, keys)
        })
        .collect()
}

/// One report case from its row and what its audit entries say.
fn report_case(
    row: ReportRow,
    timeline: Timeline,
    keys: &Keyring,
) -> Result<ReportCase, StoreError> {
    let s = row.registration_number.as_str();
    let record = row
        .record
        .as_deref()
        .map(|sealed| open_json(keys, sealed, &case_binding("record", s), "record", s))
        .transpose()?
        .unwrap_or(Value::Null);
    let text_at = |pointer: &str| record.pointer(pointer).and_then(Value::as_str);
    let region = record
        .pointer("/registry/facts")
        .and_then(Value::as_array)
        .and_then(|facts| {
            facts
                .iter()
                .find(|fact| fact.get("fact").and_then(Value::as_str) == Some("residence"))
        })
        .and_then(|fact| fact.get("value"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    // A decision of `none` is the rules giving no outcome: nothing an officer could overturn.
    let machine_outcome = text_at("/decision/outcome")
        .filter(|outcome| matches!(*outcome, "granted" | "denied"))
        .map(str::to_owned);
    let automated = text_at("/issued/issued_by").is_some_and(|by| by.starts_with("system:"));
    let forwarding_working_days = timeline.forwarded_on.and_then(|forwarded_on| {
        sheshim_calendar::Calendar::kazakhstan()
            .working_days_between(row.registered_on, forwarded_on)
            .ok()
    });
    Ok(ReportCase {
        category: text_at("/triage/topic/value").map(str::to_owned),
        region,
        machine_outcome,
        automated,
        overridden: timeline.overridden,
        closed_on: timeline.closed_on,
        forwarded_on: timeline.forwarded_on,
        forwarding_working_days,
        language: column(Language::parse(&row.language), "language", s)?,
        status: column(CaseStatus::parse(&row.status), "status", s)?,
        service: row
            .service
            .as_deref()
            .map(|code| column(ServiceCode::parse(code), "service", s))
            .transpose()?,
        agency: row
            .agency
            .as_deref()
            .map(|code| column(AgencyCode::parse(code), "agency", s))
            .transpose()?,
        registered_on: row.registered_on,
        deadline: row.deadline,
        registration_number: column(
            RegistrationNumber::parse(s),
            "registration_number",
            "a case",
        )?,
    })
}
