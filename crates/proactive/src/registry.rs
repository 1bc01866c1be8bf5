//! The population registry read into the batch evaluator's integer columns.
//!
//! Row groups are read in parallel, only the columns a run needs. Besides the registry's
//! own columns, three are derived for the as-of date: `age` in whole years,
//! `days_since_birth`, and `children_under_18` (children under 18 linked to the person
//! as their mother). Rows are persons in `person_id` order, and `person_id` is the row.

use crate::error::ProactiveError;
use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{DataType, Date32Type, UInt8Type, UInt32Type, UInt64Type};
use chrono::{Months, NaiveDate};
use rayon::prelude::*;
use sheshim_batch::{ColumnKind, NULL};
use sheshim_population::{ReadOptions, read_info, read_with, region_names};
use std::collections::HashMap;
use std::path::Path;

/// Columns a service may read, derived ones first.
pub const COLUMNS: [&str; 12] = [
    "age",
    "days_since_birth",
    "children_under_18",
    "sex",
    "region",
    "household_size",
    "birth_order",
    "monthly_income",
    "disability_group",
    "permanent_resident",
    "citizen",
    "employed",
];

/// The sexes as the registry writes them, in code order.
pub const SEXES: [&str; 2] = ["M", "F"];

/// The registry's columns for one as-of date.
pub struct Registry {
    people: usize,
    as_of: NaiveDate,
    columns: HashMap<&'static str, (ColumnKind, Vec<i64>)>,
}

/// Registry columns read as they are, and what they hold.
fn stored_kind(name: &str) -> ColumnKind {
    match name {
        "sex" => ColumnKind::Text(SEXES.iter().map(|s| s.to_string()).collect()),
        "region" => ColumnKind::Text(region_names().iter().map(|s| s.to_string()).collect()),
        "permanent_resident" | "citizen" | "employed" => ColumnKind::Boolean,
        _ => ColumnKind::Integer,
    }
}

impl Registry {
    /// Reads `columns` (and always `age`, `sex` and `region`, which reports break down by)
    /// from the registry at `path`, for the date `as_of`.
    pub fn load(
        path: &Path,
        as_of: NaiveDate,
        columns: &[&str],
    ) -> Result<Registry, ProactiveError> {
        let mut wanted: Vec<&'static str> = ["age", "sex", "region"].to_vec();
        for column in columns {
            let known = COLUMNS
                .iter()
                .find(|c| *c == column)
                .ok_or_else(|| ProactiveError::Inconsistent(format!("has no column {column:?}")))?;
            if !wanted.contains(known) {
                wanted.push(known);
            }
        }
        // What to read from the file: derived columns need the birth date and mothers.
        let mut stored: Vec<&'static str> = vec!["person_id", "birth_date"];
        if wanted.contains(&"children_under_18") {
            stored.push("mother_id");
        }
        for column in &wanted {
            if !matches!(*column, "age" | "days_since_birth" | "children_under_18") {
                stored.push(column);
            }
        }
        let info = read_info(path)?;
        let groups: Vec<Vec<Vec<i64>>> = (0..info.row_groups)
            .into_par_iter()
            .map(|group| -> Result<Vec<Vec<i64>>, ProactiveError> {
                let options = ReadOptions {
                    row_groups: Some(vec![group]),
                    ..ReadOptions::new(&stored)
                };
                let mut columns: Vec<Vec<i64>> = vec![Vec::new(); stored.len()];
                for batch in read_with(path, &options)? {
                    let batch = batch?;
                    for ((name, out), array) in stored.iter().zip(&mut columns).zip(batch.columns())
                    {
                        append(name, array, out)?;
                    }
                }
                Ok(columns)
            })
            .collect::<Result<_, _>>()?;
        let mut read: Vec<Vec<i64>> = vec![Vec::new(); stored.len()];
        for group in groups {
            for (all, part) in read.iter_mut().zip(group) {
                all.extend(part);
            }
        }
        let mut by_name: HashMap<&'static str, Vec<i64>> =
            stored.iter().copied().zip(read).collect();
        let people = by_name.get("person_id").map_or(0, Vec::len);
        let dense = by_name
            .get("person_id")
            .is_some_and(|ids| ids.iter().enumerate().all(|(row, &id)| id == row as i64));
        if !dense {
            return Err(ProactiveError::Inconsistent(
                "does not list persons as rows 0, 1, 2, … in person_id order".to_owned(),
            ));
        }
        let births = by_name.remove("birth_date").unwrap_or_default();
        let as_of_day = days_from_epoch(as_of);
        let mut ages = ages(&births, as_of)?;
        // Children are counted from the ages before the age column takes them.
        let children = wanted.contains(&"children_under_18").then(|| {
            let mothers = by_name.remove("mother_id").unwrap_or_default();
            children_under_18(&mothers, &ages, people)
        });
        let mut children = children.unwrap_or_default();
        let mut columns = HashMap::new();
        for name in wanted {
            let cells = match name {
                "age" => std::mem::take(&mut ages),
                "days_since_birth" => births.iter().map(|&b| as_of_day - b).collect(),
                "children_under_18" => std::mem::take(&mut children),
                _ => by_name.remove(name).unwrap_or_default(),
            };
            columns.insert(name, (stored_kind(name), cells));
        }
        Ok(Registry {
            people,
            as_of,
            columns,
        })
    }

    /// The number of persons.
    pub fn people(&self) -> usize {
        self.people
    }

    /// The date the derived columns are computed for.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// A column by name, if it was read.
    pub fn column(&self, name: &str) -> Option<(&ColumnKind, &[i64])> {
        self.columns.get(name).map(|(k, c)| (k, c.as_slice()))
    }
}

/// The IINs of `rows` (sorted ascending) of the registry at `path`, in that order: read
/// only for the persons a run writes out.
pub fn iins(path: &Path, rows: &[usize]) -> Result<Vec<String>, ProactiveError> {
    let mut out = Vec::with_capacity(rows.len());
    let mut wanted = rows.iter().copied().peekable();
    let mut offset = 0usize;
    for batch in sheshim_population::read_columns(path, &["iin"])? {
        let batch = batch?;
        let column = batch.column(0).as_string::<i32>();
        let end = offset + column.len();
        while let Some(&row) = wanted.peek() {
            if row >= end {
                break;
            }
            out.push(column.value(row - offset).to_owned());
            wanted.next();
        }
        offset = end;
    }
    if out.len() != rows.len() {
        return Err(ProactiveError::Inconsistent(
            "has fewer rows than the persons asked for".to_owned(),
        ));
    }
    Ok(out)
}

/// Days from 1970-01-01, as Arrow's Date32 counts them.
fn days_from_epoch(date: NaiveDate) -> i64 {
    date.signed_duration_since(NaiveDate::default()).num_days()
}

/// Appends a stored column's cells as `i64`, `NULL` for nulls; dictionary columns become
/// indices into the names this crate lists.
fn append(name: &str, array: &ArrayRef, out: &mut Vec<i64>) -> Result<(), ProactiveError> {
    let nulls = |i: usize, value: i64| if array.is_null(i) { NULL } else { value };
    match array.data_type() {
        DataType::UInt64 => {
            let a = array.as_primitive::<UInt64Type>();
            out.extend((0..a.len()).map(|i| nulls(i, a.value(i) as i64)));
        }
        DataType::UInt32 => {
            let a = array.as_primitive::<UInt32Type>();
            out.extend((0..a.len()).map(|i| nulls(i, i64::from(a.value(i)))));
        }
        DataType::UInt8 => {
            let a = array.as_primitive::<UInt8Type>();
            out.extend((0..a.len()).map(|i| nulls(i, i64::from(a.value(i)))));
        }
        DataType::Date32 => {
            let a = array.as_primitive::<Date32Type>();
            out.extend((0..a.len()).map(|i| nulls(i, i64::from(a.value(i)))));
        }
        DataType::Boolean => {
            let a = array.as_boolean();
            out.extend((0..a.len()).map(|i| nulls(i, i64::from(a.value(i)))));
        }
        DataType::Dictionary(_, _) => {
            let a = array.as_dictionary::<UInt8Type>();
            let ColumnKind::Text(names) = stored_kind(name) else {
                return Err(ProactiveError::Inconsistent(format!(
                    "column {name:?} is a dictionary but holds no text this crate knows"
                )));
            };
            let values = a.values().as_string::<i32>();
            // The file's keys may be numbered differently: map each to our index by name.
            let codes: Vec<i64> = (0..values.len())
                .map(|k| {
                    names
                        .iter()
                        .position(|n| n == values.value(k))
                        .map_or(NULL, |p| p as i64)
                })
                .collect();
            if codes.contains(&NULL) {
                return Err(ProactiveError::Inconsistent(format!(
                    "column {name:?} holds a value this build does not know"
                )));
            }
            let keys = a.keys();
            out.extend((0..keys.len()).map(|i| nulls(i, codes[usize::from(keys.value(i))])));
        }
        other => {
            return Err(ProactiveError::Inconsistent(format!(
                "column {name:?} has type {other}, which is not read"
            )));
        }
    }
    Ok(())
}

/// Whole years of age on `as_of`: a person is at least `a` years old when born on or
/// before the same day `a` years earlier (29 February counts as 28 February).
fn ages(births: &[i64], as_of: NaiveDate) -> Result<Vec<i64>, ProactiveError> {
    const OLDEST: u32 = 130;
    let thresholds: Vec<i64> = (1..=OLDEST)
        .map(|a| {
            as_of
                .checked_sub_months(Months::new(12 * a))
                .map(days_from_epoch)
                .ok_or_else(|| ProactiveError::Inconsistent("as-of date is too early".to_owned()))
        })
        .collect::<Result<_, _>>()?;
    // `thresholds` decreases with age; count those on or after the birth day.
    Ok(births
        .par_iter()
        .map(|&birth| {
            if birth == NULL {
                NULL
            } else {
                thresholds.partition_point(|&t| t >= birth) as i64
            }
        })
        .collect())
}

/// For each person, the children under 18 whose mother they are.
fn children_under_18(mothers: &[i64], ages: &[i64], people: usize) -> Vec<i64> {
    let mut counts = vec![0i64; people];
    for (&mother, &age) in mothers.iter().zip(ages) {
        if mother != NULL
            && (0..18).contains(&age)
            && let Some(count) = usize::try_from(mother).ok().and_then(|m| counts.get_mut(m))
        {
            *count += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_in_whole_years() {
        let as_of = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap_or_default();
        let day = |y, m, d| days_from_epoch(NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default());
        let births = [
            day(2026, 3, 1),
            day(2025, 3, 2),
            day(2025, 3, 1),
            day(2008, 3, 1),
            day(2008, 3, 2),
            day(2008, 2, 29),
            NULL,
        ];
        assert_eq!(
            ages(&births, as_of).unwrap_or_default(),
            [0, 0, 1, 18, 17, 18, NULL]
        );
    }

    #[test]
    fn children_are_counted_for_their_mothers() {
        let mothers = [NULL, 0, 0, 0, NULL, 4];
        let ages = [40, 3, 17, 18, 30, 1];
        assert_eq!(children_under_18(&mothers, &ages, 6), [2, 0, 0, 0, 1, 0]);
    }
}
