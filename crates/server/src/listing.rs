//! What the listings (`GET /v1/appeals`, `GET /v1/queue`) share: their query string split
//! into known parameters, each at most once, and the page size and due date they both take.

use crate::error::ApiError;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Items per page when the client does not say.
pub(crate) const DEFAULT_PAGE: u32 = 50;
/// Most items per page.
pub(crate) const MAX_PAGE: u32 = 500;

/// Splits a listing's query string into its `known` parameters, each given at most once. A
/// repeated parameter is refused rather than one of its values picked silently; an unknown
/// one is refused without repeating its name, which is the client's.
pub(crate) fn parameters(
    query: &str,
    known: &[&'static str],
) -> Result<HashMap<&'static str, String>, ApiError> {
    let mut params = HashMap::new();
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        let Some(name) = known.iter().find(|k| **k == name) else {
            return Err(ApiError::field(
                "query",
                format!(
                    "has a parameter this listing does not take; its parameters are {}",
                    known.join(", ")
                ),
            ));
        };
        if params.insert(*name, value.into_owned()).is_some() {
            return Err(ApiError::field(
                name,
                "is given more than once; give it once",
            ));
        }
    }
    Ok(params)
}

/// The `limit` parameter: 1 to [`MAX_PAGE`], [`DEFAULT_PAGE`] when absent.
pub(crate) fn page_limit(params: &HashMap<&'static str, String>) -> Result<u32, ApiError> {
    let Some(limit) = params.get("limit") else {
        return Ok(DEFAULT_PAGE);
    };
    limit
        .parse()
        .ok()
        .filter(|n| (1..=MAX_PAGE).contains(n))
        .ok_or_else(|| {
            ApiError::field(
                "limit",
                format!("must be a whole number from 1 to {MAX_PAGE}"),
            )
        })
}

/// The `due_before` parameter, a date.
pub(crate) fn due_before(
    params: &HashMap<&'static str, String>,
) -> Result<Option<NaiveDate>, ApiError> {
    params
        .get("due_before")
        .map(|due| {
            NaiveDate::parse_from_str(due, "%Y-%m-%d")
                .map_err(|_| ApiError::field("due_before", "must be a date YYYY-MM-DD"))
        })
        .transpose()
}
