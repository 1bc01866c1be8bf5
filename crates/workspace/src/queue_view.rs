//! The queue's filters, read once from the URL into typed values (so a view can be
//! bookmarked and saved), and its rows as the page shows them.

use crate::format;
use crate::i18n::Tr;
use chrono::{NaiveDate, TimeDelta};
use sheshim_domain::{CaseStatus, Language, ServiceCode};
use sheshim_engine::record::CaseRecord;
use sheshim_store::{QueueCursor, QueueFilter, QueueItem, StoredCase};
use std::collections::BTreeMap;

/// The queue's parameters.
const KNOWN: [&str; 8] = [
    "status",
    "service",
    "urgency",
    "language",
    "assigned",
    "due_before",
    "overdue",
    "cursor",
];

/// Rows per page.
pub const PAGE_SIZE: u32 = 50;

/// The filters of the queue, as typed values; [`Filters::query`] writes them back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    /// Only this status.
    pub status: Option<CaseStatus>,
    /// Only this service.
    pub service: Option<ServiceCode>,
    /// Only this urgency, 0–3.
    pub urgency: Option<u8>,
    /// Only this language.
    pub language: Option<Language>,
    /// `me` or `none`.
    pub assigned: Option<Assigned>,
    /// Only cases due on or before this date.
    pub due_before: Option<NaiveDate>,
    /// Only overdue cases.
    pub overdue: bool,
    /// The page after this position.
    pub cursor: Option<QueueCursor>,
}

/// Whose cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assigned {
    /// The signed-in officer's.
    Me,
    /// Nobody's.
    Nobody,
}

/// The urgency codes, by their number in the store.
pub const URGENCIES: [&str; 4] = ["low", "normal", "high", "immediate"];

impl Filters {
    /// Reads the filters from a query string; the error names the parameter.
    pub fn parse(query: &str) -> Result<Filters, String> {
        let mut filters = Filters::default();
        let mut seen = BTreeMap::new();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim().to_owned();
            if seen.insert(name.to_string(), ()).is_some() {
                // Only a filter's own name is repeated back, never one the client made up.
                return Err(if KNOWN.contains(&name.as_ref()) {
                    format!("{name}: is given twice")
                } else {
                    "a parameter is given twice".to_owned()
                });
            }
            if value.is_empty() {
                continue;
            }
            match name.as_ref() {
                "status" => {
                    filters.status = Some(
                        CaseStatus::parse(&value).map_err(|_| "status: is not a case status")?,
                    );
                }
                "service" => {
                    filters.service =
                        Some(ServiceCode::parse(&value).map_err(|e| format!("service: {e}"))?);
                }
                "urgency" => {
                    let position = URGENCIES
                        .iter()
                        .position(|u| *u == value)
                        .ok_or("urgency: must be immediate, high, normal or low")?;
                    filters.urgency = u8::try_from(position).ok();
                }
                "language" => {
                    filters.language = Some(
                        Language::parse(&value).map_err(|_| "language: must be kk, ru or en")?,
                    );
                }
                "assigned" => {
                    filters.assigned = Some(match value.as_str() {
                        "me" => Assigned::Me,
                        "none" => Assigned::Nobody,
                        _ => return Err("assigned: must be me or none".to_owned()),
                    });
                }
                "due_before" => {
                    filters.due_before = Some(
                        NaiveDate::parse_from_str(&value, "%Y-%m-%d")
                            .map_err(|_| "due_before: must be a date, YYYY-MM-DD")?,
                    );
                }
                "overdue" => filters.overdue = value == "1" || value == "on",
                "cursor" => {
                    filters.cursor = Some(
                        QueueCursor::decode(&value)
                            .ok_or("cursor: is not a position this page gave out")?,
                    );
                }
                _ => {
                    return Err(format!(
                        "the queue's filters are {}; no other parameter is read",
                        KNOWN.join(", ")
                    ));
                }
            }
        }
        Ok(filters)
    }

    /// The query string of these filters (without the page position).
    pub fn query(&self) -> String {
        let mut query = form_urlencoded::Serializer::new(String::new());
        if let Some(status) = self.status {
            query.append_pair("status", status.code());
        }
        if let Some(service) = &self.service {
            query.append_pair("service", service.as_str());
        }
        if let Some(urgency) = self.urgency {
            query.append_pair("urgency", URGENCIES[usize::from(urgency.min(3))]);
        }
        if let Some(language) = self.language {
            query.append_pair("language", language.code());
        }
        match self.assigned {
            Some(Assigned::Me) => {
                query.append_pair("assigned", "me");
            }
            Some(Assigned::Nobody) => {
                query.append_pair("assigned", "none");
            }
            None => {}
        }
        if let Some(date) = self.due_before {
            query.append_pair("due_before", &format::iso_date(date));
        }
        if self.overdue {
            query.append_pair("overdue", "1");
        }
        query.finish()
    }

    /// The store's filter for these, for `login` in `agency` (None: all agencies).
    pub fn store_filter(
        &self,
        agency: Option<sheshim_domain::AgencyCode>,
        login: &str,
        today: NaiveDate,
    ) -> QueueFilter {
        // Overdue means a deadline before today: the same as "due on or before yesterday".
        let yesterday = today
            .checked_sub_signed(TimeDelta::days(1))
            .unwrap_or(today);
        let due = match (self.due_before, self.overdue) {
            (Some(date), true) => Some(date.min(yesterday)),
            (Some(date), false) => Some(date),
            (None, true) => Some(yesterday),
            (None, false) => None,
        };
        QueueFilter {
            agency,
            status: self.status,
            service: self.service.clone(),
            urgency: self.urgency,
            language: self.language,
            assignee: (self.assigned == Some(Assigned::Me)).then(|| login.to_owned()),
            unassigned: self.assigned == Some(Assigned::Nobody),
            due_on_or_before: due,
            after: self.cursor,
            limit: PAGE_SIZE,
        }
    }
}

/// A row of the queue.
#[derive(Debug, Clone)]
pub struct Row {
    /// Registration number.
    pub number: String,
    /// Working days left (negative: overdue by that many).
    pub days_left: i64,
    /// `soon` (≤ 3), `overdue` or empty: the cell's class.
    pub days_class: &'static str,
    /// Kind, in words.
    pub kind: String,
    /// The service, or the topic triage read with its confidence.
    pub subject: String,
    /// Language code.
    pub language: &'static str,
    /// Urgency, in words.
    pub urgency: String,
    /// Status, in words.
    pub status: String,
    /// The suggested outcome and where it comes from.
    pub suggestion: String,
    /// The assignee.
    pub assignee: String,
    /// The deadline, as the language writes it.
    pub deadline: String,
    /// The mass appeal group the case is a member of, in words with its size (empty when none).
    pub group: String,
    /// The group's id (empty when none).
    pub group_id: String,
}

impl Row {
    /// The row of a queue item; `case` (when it could be read) adds the topic and the
    /// suggestion from the case's record.
    pub fn new(t: &Tr, item: &QueueItem, case: Option<&StoredCase>, today: NaiveDate) -> Row {
        let days_left = working_days_left(today, item.deadline);
        let record: Option<CaseRecord> = case
            .and_then(|case| case.record.clone())
            .and_then(|record| serde_json::from_value(record).ok());
        let topic = record
            .as_ref()
            .and_then(|r| r.triage.as_ref())
            .map(|triage| {
                format!(
                    "{} ({:.0} %)",
                    code_words(t, "topic", &triage.topic.value),
                    triage.topic.confidence * 100.0
                )
            });
        let subject = match (&item.service, topic) {
            (Some(service), _) => service.as_str().to_owned(),
            (None, Some(topic)) => topic,
            (None, None) => "—".to_owned(),
        };
        let suggestion = match (
            record.as_ref().and_then(|r| r.decision.as_ref()),
            &item.outcome,
        ) {
            (Some(decision), _) => format!(
                "{} · {}",
                code_words(t, "outcome", &decision.outcome),
                t.t("queue-by-rules")
            ),
            (None, Some(outcome)) => code_words(t, "outcome", outcome),
            (None, None) => "—".to_owned(),
        };
        Row {
            number: item.registration_number.as_str().to_owned(),
            days_left,
            days_class: if days_left < 0 {
                "overdue"
            } else if days_left <= 3 {
                "soon"
            } else {
                ""
            },
            kind: code_words(t, "kind", item.kind.code()),
            subject,
            language: item.language.code(),
            urgency: code_words(t, "urgency", URGENCIES[usize::from(item.urgency.min(3))]),
            status: code_words(t, "status", item.status.code()),
            suggestion,
            assignee: item.assignee.clone().unwrap_or_default(),
            deadline: format::date(t.language(), item.deadline),
            group: item.group.as_ref().map_or_else(String::new, |g| {
                t.tn("queue-group-size", "size", i64::from(g.size))
            }),
            group_id: item
                .group
                .as_ref()
                .map_or_else(String::new, |g| g.id.as_str().to_owned()),
        }
    }
}

/// The words for a code (`status-in_review`), or the code itself when there are none.
pub fn code_words(t: &Tr, family: &str, code: &str) -> String {
    t.try_t(&format!("{family}-{code}"))
        .unwrap_or_else(|| code.to_owned())
}

/// Working days from `today` to `deadline`: positive before it, 0 on it, negative after.
pub fn working_days_left(today: NaiveDate, deadline: NaiveDate) -> i64 {
    let calendar = sheshim_calendar::Calendar::kazakhstan();
    let (from, to, sign) = if today <= deadline {
        (today, deadline, 1)
    } else {
        (deadline, today, -1)
    };
    calendar
        .working_days_between(from, to)
        .map_or(0, |days| sign * i64::from(days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_round_trip_through_the_url() {
        let query =
            "status=in_review&urgency=high&language=kk&assigned=me&due_before=2026-12-31&overdue=1";
        let filters = Filters::parse(query).expect("valid filters");
        assert_eq!(filters.urgency, Some(2));
        assert_eq!(filters.assigned, Some(Assigned::Me));
        assert!(filters.overdue);
        assert_eq!(Filters::parse(&filters.query()), Ok(filters));
    }

    #[test]
    fn a_bad_filter_is_named() {
        assert_eq!(
            Filters::parse("urgency=soon"),
            Err("urgency: must be immediate, high, normal or low".to_owned())
        );
        // A name the client made up is not repeated back; the page says what is read.
        let unknown = Filters::parse("colour=red").unwrap_err();
        assert!(!unknown.contains("colour"), "{unknown}");
        assert!(unknown.contains("status, service, urgency"), "{unknown}");
        assert_eq!(
            Filters::parse("status=registered&status=registered"),
            Err("status: is given twice".to_owned())
        );
        assert!(Filters::parse("due_before=31.12.2026").is_err());
    }

    #[test]
    fn overdue_means_a_deadline_before_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).expect("a date");
        let filters = Filters::parse("overdue=1").expect("valid");
        let store = filters.store_filter(None, "a", today);
        assert_eq!(store.due_on_or_before, NaiveDate::from_ymd_opt(2026, 12, 6));
    }
}
