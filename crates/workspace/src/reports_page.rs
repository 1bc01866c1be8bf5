//! The supervisor's reports for a chosen period: volume per day, deadline compliance,
//! automation and overturn rates by service, category, language and region, and how long
//! forwarding takes — as tables, as SVG charts drawn by the server (`sheshim-reports`), and
//! each table as a CSV download. A supervisor sees their own agency's cases.

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::session::Session;
use crate::sign_in::html;
use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, TimeDelta};
use sheshim_domain::Role;
use sheshim_reports::{Cell, Dimension, Figures, Period, RatesLabels, Table, VolumeLabels};
use sheshim_server::AppState;

/// A table as the page shows it: translated headers and cells.
pub struct ShownTable {
    /// Its id (for the CSV link and the anchor).
    pub id: &'static str,
    /// Its title.
    pub title: String,
    /// Column headers.
    pub columns: Vec<String>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

#[derive(Template)]
#[template(path = "reports.html")]
struct ReportsPage {
    chrome: Chrome,
    from: String,
    to: String,
    query: String,
    volume_svg: String,
    rates_svg: String,
    tables: Vec<ShownTable>,
}

/// The period a query asks for (by default the last 30 days to today) and its figures.
async fn figures(
    state: &AppState,
    session: &Session,
    query: &str,
) -> Result<(Period, Figures), WebError> {
    session.require(&[Role::Supervisor])?;
    let today = sheshim_calendar::local_date(state.clock().now());
    let period = if query.is_empty() {
        Period::new(today - TimeDelta::days(29), today)
            .map_err(|e| WebError::Refused(format!("from: {e}")))?
    } else {
        let (from, to) = crate::audit_pages::period(query)?;
        Period::new(from, to).map_err(|e| WebError::Refused(format!("from: {e}")))?
    };
    let cases = state
        .store()
        .report_cases(Some(&session.agency), period.from(), period.to())
        .await?;
    Ok((period, Figures::compute(&cases, &period, today)))
}

fn cell(t: &Tr, cell: &Cell) -> String {
    match cell {
        Cell::Message(id) => t.t(id),
        Cell::Date(day) => crate::format::date(t.language(), *day),
        Cell::Rate(Some(rate)) => format!("{:.1} %", rate * 100.0),
        Cell::Rate(None) => "—".to_owned(),
        other => other.plain(),
    }
}

fn shown(t: &Tr, table: &Table) -> ShownTable {
    ShownTable {
        id: table.id,
        title: t.t(table.title_key),
        columns: table.columns.iter().map(|id| t.t(id)).collect(),
        rows: table
            .rows
            .iter()
            .map(|row| row.iter().map(|c| cell(t, c)).collect())
            .collect(),
    }
}

fn chart_failed(error: sheshim_reports::ChartError) -> WebError {
    tracing::error!(%error, "a report chart could not be drawn");
    WebError::Unavailable
}

/// `GET /workspace/reports?from=&to=`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let query = query.unwrap_or_default();
    let (period, figures) = figures(&state, &session, &query).await?;
    let chrome = Chrome::signed_in(&session, &format!("/workspace/reports?{query}"));
    let t = chrome.t;
    let (title, registered, closed, count, no_data) = (
        t.t("report-volume-title"),
        t.t("report-col-registered"),
        t.t("report-col-closed"),
        t.t("report-col-cases"),
        t.t("report-no-data"),
    );
    let volume_svg = sheshim_reports::volume_chart(
        &figures.volume,
        &VolumeLabels {
            title: &title,
            registered: &registered,
            closed: &closed,
            y_axis: &count,
            no_data: &no_data,
            date_format: if t.language() == sheshim_domain::Language::En {
                "%d %b"
            } else {
                "%d.%m"
            },
        },
    )
    .map_err(chart_failed)?;
    let (rates_title, compliance, automation, overturn, share, none) = (
        t.t("report-by-service-title"),
        t.t("report-col-compliance"),
        t.t("report-col-automation-rate"),
        t.t("report-col-overturn-rate"),
        t.t("report-share"),
        t.t("report-value-none"),
    );
    let rates_svg = sheshim_reports::rates_chart(
        figures.groups(Dimension::Service),
        &RatesLabels {
            title: &rates_title,
            compliance: &compliance,
            automation: &automation,
            overturn: &overturn,
            y_axis: &share,
            none: &none,
            no_data: &no_data,
        },
    )
    .map_err(chart_failed)?;
    let query = period_query(period.from(), period.to());
    html(&ReportsPage {
        from: crate::format::iso_date(period.from()),
        to: crate::format::iso_date(period.to()),
        tables: figures
            .tables()
            .iter()
            .map(|table| shown(&t, table))
            .collect(),
        volume_svg,
        rates_svg,
        query,
        chrome,
    })
}

fn period_query(from: NaiveDate, to: NaiveDate) -> String {
    format!(
        "from={}&to={}",
        crate::format::iso_date(from),
        crate::format::iso_date(to)
    )
}

/// `GET /workspace/reports/{table}.csv?from=&to=`: one table, translated, as CSV.
pub async fn csv(
    State(state): State<AppState>,
    session: Session,
    Path(file): Path<String>,
    RawQuery(query): RawQuery,
) -> Result<Response, WebError> {
    let id = file.strip_suffix(".csv").ok_or(WebError::NotFound)?;
    let query = query.unwrap_or_default();
    let (period, figures) = figures(&state, &session, &query).await?;
    let t = Tr::new(session.language);
    let table = figures
        .tables()
        .into_iter()
        .find(|table| table.id == id)
        .ok_or(WebError::NotFound)?;
    let text = table.to_csv_with(|message| t.t(message)).map_err(|error| {
        tracing::error!(%error, "a report table could not be written as CSV");
        WebError::Unavailable
    })?;
    let disposition = format!(
        "attachment; filename=\"{id}-{}-{}.csv\"",
        period.from(),
        period.to()
    );
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        text,
    )
        .into_response())
}
