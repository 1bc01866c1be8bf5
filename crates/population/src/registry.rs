//! The registry read for evaluation: the [`Attribute`]s a run needs, one `i64` per person,
//! for one as-of date.
//!
//! Row groups are read in parallel, only the columns needed. Arrow arrays are decoded here
//! and nowhere else: integers and dates widen to `i64`, booleans become 0 and 1, and
//! dictionary columns become indices into [`Column::dictionary`] — matched by value, since
//! a file's keys may be numbered differently. The derived attributes are computed from the
//! birth dates and mothers for the as-of date. Rows are persons in `person_id` order, and
//! `person_id` is the row.

use crate::attribute::{Attribute, CellKind, NULL_CELL};
use crate::error::PopulationError;
use crate::read::{ReadOptions, read_columns, read_info, read_with};
use crate::schema::Column;
use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{DataType, Date32Type, UInt8Type, UInt32Type, UInt64Type};
use chrono::{Months, NaiveDate};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::Path;

/// The attributes of every person in a registry, for one as-of date.
pub struct Registry {
    people: usize,
    as_of: NaiveDate,
    cells: HashMap<Attribute, Vec<i64>>,
}

impl Registry {
    /// Reads `attributes` of everyone in the registry at `path`, for the date `as_of`.
    ///
    /// # Errors
    /// When the file is not a registry of this schema version, a column has a type or a
    /// value this build does not know, persons are not rows `0, 1, 2, …`, or the as-of date
    /// is too early for the ages asked for.
    pub fn load(
        path: &Path,
        as_of: NaiveDate,
        attributes: &[Attribute],
    ) -> Result<Registry, PopulationError> {
        let mut wanted: Vec<Attribute> = Vec::new();
        for attribute in attributes {
            if !wanted.contains(attribute) {
                wanted.push(*attribute);
            }
        }
        // What to read from the file: derived attributes need the birth date and mothers.
        let mut stored = vec![Column::PersonId, Column::BirthDate];
        if wanted.contains(&Attribute::ChildrenUnder18) {
            stored.push(Column::MotherId);
        }
        for attribute in &wanted {
            if let Attribute::Stored(column) = attribute
                && !stored.contains(column)
            {
                stored.push(*column);
            }
        }
        let mut by_column: HashMap<Column, Vec<i64>> = stored
            .iter()
            .copied()
            .zip(read_cells(path, &stored)?)
            .collect();
        let ids = by_column.remove(&Column::PersonId).unwrap_or_default();
        let people = ids.len();
        if !ids.iter().enumerate().all(|(row, &id)| id == row as i64) {
            return Err(inconsistent(
                path,
                "does not list persons as rows 0, 1, 2, … in person_id order",
            ));
        }
        let births = by_column.remove(&Column::BirthDate).unwrap_or_default();
        let mut ages = ages(&births, as_of)
            .ok_or_else(|| inconsistent(path, "cannot give ages for an as-of date this early"))?;
        // Children are counted from the ages before the age attribute takes them.
        let mut children = if wanted.contains(&Attribute::ChildrenUnder18) {
            let mothers = by_column.remove(&Column::MotherId).unwrap_or_default();
            children_under_18(&mothers, &ages, people)
        } else {
            Vec::new()
        };
        let as_of_day = days_from_epoch(as_of);
        let mut cells = HashMap::new();
        for attribute in wanted {
            let column = match attribute {
                Attribute::Age => std::mem::take(&mut ages),
                Attribute::DaysSinceBirth => births.iter().map(|&b| as_of_day - b).collect(),
                Attribute::ChildrenUnder18 => std::mem::take(&mut children),
                Attribute::Stored(column) => by_column.remove(&column).unwrap_or_default(),
            };
            cells.insert(attribute, column);
        }
        Ok(Registry {
            people,
            as_of,
            cells,
        })
    }

    /// The number of persons.
    pub fn people(&self) -> usize {
        self.people
    }

    /// The date the derived attributes are computed for.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// An attribute's cells, one per person, if it was read.
    pub fn cells(&self, attribute: Attribute) -> Option<&[i64]> {
        self.cells.get(&attribute).map(Vec::as_slice)
    }
}

/// The registry's IINs of `rows` (sorted ascending), in that order: read only for the
/// persons a run writes out.
///
/// # Errors
/// When the file cannot be read or has fewer rows than asked for.
pub fn iins(path: &Path, rows: &[usize]) -> Result<Vec<String>, PopulationError> {
    let mut out = Vec::with_capacity(rows.len());
    let mut wanted = rows.iter().copied().peekable();
    let mut offset = 0usize;
    for batch in read_columns(path, &[Column::Iin.name()])? {
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
        return Err(inconsistent(
            path,
            "has fewer rows than the persons asked for",
        ));
    }
    Ok(out)
}

/// `columns` of every row, decoded, one row group per task.
fn read_cells(path: &Path, columns: &[Column]) -> Result<Vec<Vec<i64>>, PopulationError> {
    let names: Vec<&str> = columns.iter().map(|c| c.name()).collect();
    let info = read_info(path)?;
    let groups: Vec<Vec<Vec<i64>>> = (0..info.row_groups)
        .into_par_iter()
        .map(|group| -> Result<Vec<Vec<i64>>, PopulationError> {
            let options = ReadOptions {
                row_groups: Some(vec![group]),
                ..ReadOptions::new(&names)
            };
            let mut cells: Vec<Vec<i64>> = vec![Vec::new(); columns.len()];
            for batch in read_with(path, &options)? {
                let batch = batch?;
                for ((column, out), array) in columns.iter().zip(&mut cells).zip(batch.columns()) {
                    decode(path, *column, array, out)?;
                }
            }
            Ok(cells)
        })
        .collect::<Result<_, _>>()?;
    let mut all: Vec<Vec<i64>> = vec![Vec::new(); columns.len()];
    for group in groups {
        for (all, part) in all.iter_mut().zip(group) {
            all.extend(part);
        }
    }
    Ok(all)
}

fn inconsistent(path: &Path, message: &str) -> PopulationError {
    PopulationError::Inconsistent {
        path: path.to_owned(),
        message: message.to_owned(),
    }
}

/// Days from 1970-01-01, as Arrow's Date32 counts them.
fn days_from_epoch(date: NaiveDate) -> i64 {
    date.signed_duration_since(NaiveDate::default()).num_days()
}

/// Appends a column's cells as `i64`, [`NULL_CELL`] for nulls.
fn decode(
    path: &Path,
    column: Column,
    array: &ArrayRef,
    out: &mut Vec<i64>,
) -> Result<(), PopulationError> {
    let nulls = |i: usize, value: i64| if array.is_null(i) { NULL_CELL } else { value };
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
            let CellKind::Code(names) = Attribute::Stored(column).kind() else {
                return Err(inconsistent(
                    path,
                    "has a dictionary column of no known codes",
                ));
            };
            let a = array.as_dictionary::<UInt8Type>();
            let values = a.values().as_string::<i32>();
            // The file's keys may be numbered differently: map each to our code by name.
            let codes: Vec<i64> = (0..values.len())
                .map(|k| {
                    names
                        .iter()
                        .position(|n| *n == values.value(k))
                        .map_or(NULL_CELL, |p| p as i64)
                })
                .collect();
            if codes.contains(&NULL_CELL) {
                return Err(PopulationError::Inconsistent {
                    path: path.to_owned(),
                    message: format!(
                        "holds a value in column `{}` this build does not know",
                        column.name()
                    ),
                });
            }
            let keys = a.keys();
            out.extend((0..keys.len()).map(|i| nulls(i, codes[usize::from(keys.value(i))])));
        }
        _ => {
            // The reader checked every column's type against the schema.
            return Err(PopulationError::Inconsistent {
                path: path.to_owned(),
                message: format!("has column `{}` of a type not decoded", column.name()),
            });
        }
    }
    Ok(())
}

/// Whole years of age on `as_of`: a person is at least `a` years old when born on or
/// before the same day `a` years earlier (29 February counts as 28 February). `None` when
/// `as_of` is too early to count 130 years back.
fn ages(births: &[i64], as_of: NaiveDate) -> Option<Vec<i64>> {
    const OLDEST: u32 = 130;
    let thresholds: Vec<i64> = (1..=OLDEST)
        .map(|a| {
            as_of
                .checked_sub_months(Months::new(12 * a))
                .map(days_from_epoch)
        })
        .collect::<Option<_>>()?;
    // `thresholds` decreases with age; count those on or after the birth day.
    Some(
        births
            .par_iter()
            .map(|&birth| {
                if birth == NULL_CELL {
                    NULL_CELL
                } else {
                    thresholds.partition_point(|&t| t >= birth) as i64
                }
            })
            .collect(),
    )
}

/// For each person, the children under 18 whose mother they are.
fn children_under_18(mothers: &[i64], ages: &[i64], people: usize) -> Vec<i64> {
    let mut counts = vec![0i64; people];
    for (&mother, &age) in mothers.iter().zip(ages) {
        if mother != NULL_CELL
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
        let as_of = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let day = |y, m, d| days_from_epoch(NaiveDate::from_ymd_opt(y, m, d).unwrap());
        let births = [
            day(2026, 3, 1),
            day(2025, 3, 2),
            day(2025, 3, 1),
            day(2008, 3, 1),
            day(2008, 3, 2),
            day(2008, 2, 29),
            NULL_CELL,
        ];
        assert_eq!(
            ages(&births, as_of).unwrap(),
            [0, 0, 1, 18, 17, 18, NULL_CELL]
        );
    }

    #[test]
    fn children_are_counted_for_their_mothers() {
        let mothers = [NULL_CELL, 0, 0, 0, NULL_CELL, 4];
        let ages = [40, 3, 17, 18, 30, 1];
        assert_eq!(children_under_18(&mothers, &ages, 6), [2, 0, 0, 0, 1, 0]);
    }
}
