//! The supervisor's reports, without I/O: from the cases the store lists for a period
//! (`sheshim_store::Store::report_cases`), the figures ([`Figures`]) — volume per day,
//! deadline compliance, automation and overturn rates by service, category, language and
//! region, forwarding time — as [`Table`]s that the web layer translates and writes as CSV,
//! and as SVG charts ([`volume_chart`], [`rates_chart`]).
//!
//! Column headers, table titles and fixed labels are Fluent message ids, all listed in
//! [`MESSAGE_IDS`] so the web layer can test that every language has them; the charts take
//! their texts already translated.

mod chart;
mod figures;
mod groups;
mod period;
mod table;

pub use chart::{ChartError, RatesLabels, VolumeLabels, rates_chart, volume_chart};
pub use figures::{DayVolume, Figures, ForwardingTime};
pub use groups::{Dimension, GroupRates};
pub use period::{MAX_DAYS, Period, PeriodError};
pub use table::{Cell, Table, TableError};

/// Every Fluent message id a [`Table`] may hold: table titles, column headers and fixed
/// cell labels.
pub const MESSAGE_IDS: &[&str] = &[
    "report-volume-title",
    "report-by-service-title",
    "report-by-category-title",
    "report-by-language-title",
    "report-by-region-title",
    "report-forwarding-title",
    "report-col-date",
    "report-col-registered",
    "report-col-closed",
    "report-col-service",
    "report-col-category",
    "report-col-language",
    "report-col-region",
    "report-col-cases",
    "report-col-on-time",
    "report-col-late",
    "report-col-open-overdue",
    "report-col-open-in-term",
    "report-col-compliance",
    "report-col-answered",
    "report-col-automated",
    "report-col-automation-rate",
    "report-col-overridden",
    "report-col-overturn-rate",
    "report-col-forwarded",
    "report-col-median-days",
    "report-col-max-days",
    "report-col-within-limit",
    "report-row-all",
    "report-value-none",
];
