//! A report's table as the web layer shows it and as CSV: column headers and fixed labels
//! are Fluent message ids (the web layer translates them), the cells are typed values, so a
//! page can write a rate or a date the way its locale does while the CSV stays plain.

use chrono::NaiveDate;
use thiserror::Error;

/// One value of a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A value taken from the data as it is: a service code, a topic, a region's name.
    Text(String),
    /// A fixed label, as a Fluent message id (e.g. `report-row-all`).
    Message(&'static str),
    /// A day.
    Date(NaiveDate),
    /// A count.
    Count(u64),
    /// A share from 0 to 1; `None` when there was nothing to divide by (never NaN).
    Rate(Option<f64>),
    /// A number of days, which may be fractional (a median of an even count).
    Days(f64),
}

impl Cell {
    /// The cell as CSV writes it: message ids as they are (see [`Table::to_csv_with`] to
    /// translate them), dates as `YYYY-MM-DD`, rates as a fraction with four decimals and an
    /// empty field when there is no rate.
    pub fn plain(&self) -> String {
        match self {
            Cell::Text(text) => text.clone(),
            Cell::Message(id) => (*id).to_owned(),
            Cell::Date(day) => day.format("%Y-%m-%d").to_string(),
            Cell::Count(count) => count.to_string(),
            Cell::Rate(Some(rate)) => format!("{rate:.4}"),
            Cell::Rate(None) => String::new(),
            Cell::Days(days) => format!("{days:.1}"),
        }
    }
}

/// A table of a report.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// A stable identifier, for the page's anchors and the CSV's file name (`volume`,
    /// `by-service`, …).
    pub id: &'static str,
    /// The table's title, as a Fluent message id.
    pub title_key: &'static str,
    /// The column headers, as Fluent message ids.
    pub columns: Vec<&'static str>,
    /// The rows, each as long as `columns`.
    pub rows: Vec<Vec<Cell>>,
}

/// Why a table could not be written as CSV.
#[derive(Debug, Error)]
pub enum TableError {
    /// The CSV writer failed (it writes to memory, so only on an internal error).
    #[error("the table could not be written as CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The CSV writer could not hand back what it wrote.
    #[error("the CSV writer could not finish: {0}")]
    Finish(String),
    /// What was written is not UTF-8 (it cannot happen with UTF-8 cells).
    #[error("the CSV is not UTF-8")]
    Encoding,
}

impl Table {
    /// Whether the table has no rows (a period without cases).
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The table as CSV (RFC 4180, a header line of column ids, then the rows), with
    /// message ids left as they are.
    pub fn to_csv(&self) -> Result<String, TableError> {
        self.to_csv_with(|id| id.to_owned())
    }

    /// The table as CSV with the column headers and fixed labels put through `translate`
    /// (a message id in, the text in the reader's language out).
    pub fn to_csv_with(&self, translate: impl Fn(&str) -> String) -> Result<String, TableError> {
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(self.columns.iter().map(|id| translate(id)))?;
        for row in &self.rows {
            writer.write_record(row.iter().map(|cell| match cell {
                Cell::Message(id) => translate(id),
                other => other.plain(),
            }))?;
        }
        let bytes = writer
            .into_inner()
            .map_err(|e| TableError::Finish(e.error().to_string()))?;
        String::from_utf8(bytes).map_err(|_| TableError::Encoding)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn cells_are_written_plainly_and_a_missing_rate_is_an_empty_field() {
        let table = Table {
            id: "t",
            title_key: "report-volume-title",
            columns: vec![
                "report-col-date",
                "report-col-compliance",
                "report-col-service",
            ],
            rows: vec![vec![
                Cell::Date(NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()),
                Cell::Rate(None),
                Cell::Message("report-row-all"),
            ]],
        };
        assert_eq!(
            table.to_csv().unwrap(),
            "report-col-date,report-col-compliance,report-col-service\n2026-03-02,,report-row-all\n"
        );
        let translated = table
            .to_csv_with(|id| id.trim_start_matches("report-").to_uppercase())
            .unwrap();
        assert_eq!(
            translated,
            "COL-DATE,COL-COMPLIANCE,COL-SERVICE\n2026-03-02,,ROW-ALL\n"
        );
        assert_eq!(Cell::Rate(Some(2.0 / 3.0)).plain(), "0.6667");
        assert_eq!(Cell::Days(2.5).plain(), "2.5");
    }
}
