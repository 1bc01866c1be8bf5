//! The supervisor's figures for the cases registered in a period: volume per day, deadline
//! compliance, automation and overturn rates by service, category, language and region,
//! and how long forwarding takes.
//!
//! Definitions, as the column headers name them:
//! - *on time* / *late*: a case closed (answer issued, deemed refused or withdrawn) on or
//!   before its deadline in force, or after it (a deemed refusal is always after it);
//!   *open overdue*: still open with its deadline before today; *open in term*: still open
//!   and not overdue. Forwarded cases are in none of these: the receiving agency's case
//!   carries the deadline on. *Compliance* is on time over on time, late and open overdue.
//! - *Automation rate*: answers issued by the machine alone over answers issued.
//! - *Overturn rate*: cases an officer overrode over cases the machine decided (granted or
//!   denied).
//! - Forwarding time is in working days on Kazakhstan's calendar from registration.
//!
//! A rate with nothing to divide by is no rate (`Cell::Rate(None)`), never NaN.

use crate::groups::{Dimension, GroupRates};
use crate::period::Period;
use crate::table::{Cell, Table};
use chrono::NaiveDate;
use sheshim_calendar::appc;
use sheshim_store::ReportCase;
use std::collections::BTreeMap;

/// Registered and closed cases on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayVolume {
    /// The day.
    pub day: NaiveDate,
    /// Cases registered that day.
    pub registered: u64,
    /// Cases of the period closed that day.
    pub closed: u64,
}

/// How long forwarding took, in working days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ForwardingTime {
    /// Forwarded cases whose time is known.
    pub count: u64,
    /// The median.
    pub median: f64,
    /// The longest.
    pub max: u32,
    /// Forwarded within the 3 working days of APPC art. 76.
    pub within_limit: u64,
}

/// Every figure of one report.
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    /// One entry per day of the period (none when the period has no cases).
    pub volume: Vec<DayVolume>,
    /// Groups per dimension, in [`Dimension::ALL`]'s order: by key, cases without a value
    /// last.
    pub breakdowns: Vec<(Dimension, Vec<GroupRates>)>,
    /// All cases together.
    pub total: GroupRates,
    /// Forwarding time, when a case was forwarded.
    pub forwarding: Option<ForwardingTime>,
}

impl Figures {
    /// The figures of `cases` (those registered in `period`; others are left out) as of
    /// `today`.
    pub fn compute(cases: &[ReportCase], period: &Period, today: NaiveDate) -> Figures {
        let cases: Vec<&ReportCase> = cases
            .iter()
            .filter(|case| period.contains(case.registered_on))
            .collect();
        let mut total = GroupRates::default();
        for case in &cases {
            total.count(case, today);
        }
        let breakdowns = Dimension::ALL
            .iter()
            .map(|&dimension| (dimension, groups(&cases, dimension, today)))
            .collect();
        Figures {
            volume: volume(&cases, period),
            breakdowns,
            total,
            forwarding: forwarding(&cases),
        }
    }

    /// The groups of one dimension.
    pub fn groups(&self, dimension: Dimension) -> &[GroupRates] {
        self.breakdowns
            .iter()
            .find(|(d, _)| *d == dimension)
            .map_or(&[], |(_, groups)| groups.as_slice())
    }

    /// Every table, in the order a page shows them.
    pub fn tables(&self) -> Vec<Table> {
        let mut tables = vec![self.volume_table()];
        tables.extend(Dimension::ALL.iter().map(|&d| self.rates_table(d)));
        tables.push(self.forwarding_table());
        tables
    }

    /// Registered and closed cases per day.
    pub fn volume_table(&self) -> Table {
        Table {
            id: "volume",
            title_key: "report-volume-title",
            columns: vec![
                "report-col-date",
                "report-col-registered",
                "report-col-closed",
            ],
            rows: self
                .volume
                .iter()
                .map(|v| {
                    vec![
                        Cell::Date(v.day),
                        Cell::Count(v.registered),
                        Cell::Count(v.closed),
                    ]
                })
                .collect(),
        }
    }

    /// Compliance, automation and overturns by `dimension`, with a total row (no rows at
    /// all for a period without cases).
    pub fn rates_table(&self, dimension: Dimension) -> Table {
        let (id, title_key, first) = dimension.names();
        let mut rows: Vec<Vec<Cell>> = self
            .groups(dimension)
            .iter()
            .map(|group| {
                let key = match &group.key {
                    Some(key) => Cell::Text(key.clone()),
                    None => Cell::Message("report-value-none"),
                };
                rates_row(key, group)
            })
            .collect();
        if self.total.cases > 0 {
            rows.push(rates_row(Cell::Message("report-row-all"), &self.total));
        }
        let mut columns = vec![first];
        columns.extend_from_slice(&RATE_COLUMNS);
        Table {
            id,
            title_key,
            columns,
            rows,
        }
    }

    /// How long forwarding took (no rows when nothing was forwarded).
    pub fn forwarding_table(&self) -> Table {
        Table {
            id: "forwarding",
            title_key: "report-forwarding-title",
            columns: vec![
                "report-col-forwarded",
                "report-col-median-days",
                "report-col-max-days",
                "report-col-within-limit",
            ],
            rows: self
                .forwarding
                .iter()
                .map(|f| {
                    vec![
                        Cell::Count(f.count),
                        Cell::Days(f.median),
                        Cell::Count(u64::from(f.max)),
                        Cell::Count(f.within_limit),
                    ]
                })
                .collect(),
        }
    }
}

/// The columns of a rates table after the group's own.
const RATE_COLUMNS: [&str; 11] = [
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
];

fn rates_row(key: Cell, g: &GroupRates) -> Vec<Cell> {
    vec![
        key,
        Cell::Count(g.cases),
        Cell::Count(g.on_time),
        Cell::Count(g.late),
        Cell::Count(g.open_overdue),
        Cell::Count(g.open_in_term),
        Cell::Rate(g.compliance()),
        Cell::Count(g.answered),
        Cell::Count(g.automated),
        Cell::Rate(g.automation()),
        Cell::Count(g.overridden),
        Cell::Rate(g.overturn()),
    ]
}

fn volume(cases: &[&ReportCase], period: &Period) -> Vec<DayVolume> {
    if cases.is_empty() {
        return Vec::new();
    }
    let mut days: BTreeMap<NaiveDate, DayVolume> = period
        .days()
        .map(|day| {
            (
                day,
                DayVolume {
                    day,
                    registered: 0,
                    closed: 0,
                },
            )
        })
        .collect();
    for case in cases {
        if let Some(day) = days.get_mut(&case.registered_on) {
            day.registered += 1;
        }
        if let Some(day) = case
            .closed_on
            .and_then(|closed_on| days.get_mut(&closed_on))
        {
            day.closed += 1;
        }
    }
    days.into_values().collect()
}

fn groups(cases: &[&ReportCase], dimension: Dimension, today: NaiveDate) -> Vec<GroupRates> {
    // `None` sorts first in a BTreeMap; the page lists cases without a value last.
    let mut by_key: BTreeMap<Option<String>, GroupRates> = BTreeMap::new();
    for case in cases {
        let key = dimension.key(case);
        by_key
            .entry(key.clone())
            .or_insert_with(|| GroupRates {
                key,
                ..GroupRates::default()
            })
            .count(case, today);
    }
    let mut groups: Vec<GroupRates> = by_key.into_values().collect();
    groups.sort_by_key(|group| group.key.is_none());
    groups
}

fn forwarding(cases: &[&ReportCase]) -> Option<ForwardingTime> {
    let mut days: Vec<u32> = cases
        .iter()
        .filter_map(|case| case.forwarding_working_days)
        .collect();
    days.sort_unstable();
    let max = *days.last()?;
    let middle = days.len() / 2;
    let median = if days.len() % 2 == 1 {
        f64::from(days[middle])
    } else {
        (f64::from(days[middle - 1]) + f64::from(days[middle])) / 2.0
    };
    Some(ForwardingTime {
        count: days.len() as u64,
        median,
        max,
        within_limit: days
            .iter()
            .filter(|&&d| d <= appc::FORWARDING_WORKING_DAYS)
            .count() as u64,
    })
}
