//! Reading the population file's columns into packed arrays and building the indexes: by
//! IIN, from a mother to her children, and from a household to its members.

use std::path::{Path, PathBuf};

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{Date32Type, UInt8Type, UInt32Type, UInt64Type};
use chrono::NaiveDate;
use sheshim_domain::Iin;
use sheshim_population::{Column, PopulationError, region_names};

use super::{CITIZEN, EMPLOYED, NONE, PERMANENT, ParquetRegistry};

/// The columns as read, before the indexes are built.
pub(super) struct Columns {
    person_id: Vec<u64>,
    iin: Vec<u64>,
    birth: Vec<i32>,
    sex: Vec<u8>,
    region: Vec<u8>,
    household: Vec<u64>,
    mother: Vec<u64>,
    birth_order: Vec<u8>,
    income: Vec<u32>,
    disability: Vec<u8>,
    flags: Vec<u8>,
}

impl Columns {
    pub(super) fn with_capacity(people: usize) -> Columns {
        Columns {
            person_id: Vec::with_capacity(people),
            iin: Vec::with_capacity(people),
            birth: Vec::with_capacity(people),
            sex: Vec::with_capacity(people),
            region: Vec::with_capacity(people),
            household: Vec::with_capacity(people),
            mother: Vec::with_capacity(people),
            birth_order: Vec::with_capacity(people),
            income: Vec::with_capacity(people),
            disability: Vec::with_capacity(people),
            flags: Vec::with_capacity(people),
        }
    }

    /// Appends one batch whose columns are [`Column::ALL`], in that order.
    pub(super) fn append(
        &mut self,
        path: &Path,
        arrays: &[ArrayRef],
    ) -> Result<(), PopulationError> {
        let array = |column: Column| &arrays[column as usize];
        let u64s = |column: Column| array(column).as_primitive::<UInt64Type>();
        let u8s = |column: Column| array(column).as_primitive::<UInt8Type>();
        let bools = |column: Column| array(column).as_boolean();
        let ids = u64s(Column::PersonId);
        self.person_id.extend(ids.values().iter().copied());
        for value in array(Column::Iin).as_string::<i32>().iter() {
            let number = value
                .filter(|v| Iin::parse(v).is_ok())
                .and_then(|v| iin_number(v.as_bytes()))
                .ok_or_else(|| inconsistent(path, "holds an IIN that is not valid"))?;
            self.iin.push(number);
        }
        let births = array(Column::BirthDate).as_primitive::<Date32Type>();
        self.birth.extend(births.values().iter().copied());
        self.sex.extend(codes(
            path,
            array(Column::Sex),
            &sheshim_population::SEX_VALUES,
        )?);
        self.region
            .extend(codes(path, array(Column::Region), &region_names())?);
        self.household
            .extend(u64s(Column::HouseholdId).values().iter().copied());
        let mothers = u64s(Column::MotherId);
        self.mother.extend((0..mothers.len()).map(|i| {
            if mothers.is_null(i) {
                u64::MAX
            } else {
                mothers.value(i)
            }
        }));
        let orders = u8s(Column::BirthOrder);
        self.birth_order.extend((0..orders.len()).map(|i| {
            if orders.is_null(i) {
                0
            } else {
                orders.value(i)
            }
        }));
        let incomes = array(Column::MonthlyIncome).as_primitive::<UInt32Type>();
        self.income.extend(incomes.values().iter().copied());
        self.disability
            .extend(u8s(Column::DisabilityGroup).values().iter().copied());
        let (permanent, citizen, employed) = (
            bools(Column::PermanentResident),
            bools(Column::Citizen),
            bools(Column::Employed),
        );
        self.flags.extend((0..permanent.len()).map(|i| {
            (u8::from(permanent.value(i)) * PERMANENT)
                | (u8::from(citizen.value(i)) * CITIZEN)
                | (u8::from(employed.value(i)) * EMPLOYED)
        }));
        Ok(())
    }

    /// Checks the rows and builds the IIN, children and household indexes.
    pub(super) fn index(
        self,
        path: &Path,
        name: String,
        as_of: NaiveDate,
    ) -> Result<ParquetRegistry, PopulationError> {
        let people = self.person_id.len();
        if people >= NONE as usize {
            return Err(inconsistent(path, "holds more persons than can be indexed"));
        }
        if !self
            .person_id
            .iter()
            .enumerate()
            .all(|(row, &id)| id == row as u64)
        {
            return Err(inconsistent(
                path,
                "does not list persons as rows 0, 1, 2, … in person_id order",
            ));
        }
        let as_row = |id: u64, what: &str| {
            u32::try_from(id)
                .ok()
                .filter(|&r| (r as usize) < people)
                .ok_or_else(|| inconsistent(path, &format!("names a {what} it does not hold")))
        };
        let mother = self
            .mother
            .iter()
            .map(|&m| {
                if m == u64::MAX {
                    Ok(NONE)
                } else {
                    as_row(m, "mother")
                }
            })
            .collect::<Result<Vec<u32>, _>>()?;
        let household = self
            .household
            .iter()
            .map(|&h| as_row(h, "household"))
            .collect::<Result<Vec<u32>, _>>()?;
        let mut order: Vec<u32> = (0..people as u32).collect();
        order.sort_unstable_by_key(|&r| self.iin[r as usize]);
        let iins: Vec<u64> = order.iter().map(|&r| self.iin[r as usize]).collect();
        if iins.windows(2).any(|w| w[0] == w[1]) {
            return Err(inconsistent(path, "holds an IIN twice"));
        }
        // Oldest first; the birth order breaks ties between twins.
        let (child_start, children) = group(people, &mother, |a, b| {
            (self.birth[a as usize], self.birth_order[a as usize])
                .cmp(&(self.birth[b as usize], self.birth_order[b as usize]))
        });
        let (member_start, members) = group(people, &household, |a, b| a.cmp(&b));
        Ok(ParquetRegistry {
            name,
            as_of,
            iins,
            rows: order,
            birth: self.birth,
            sex: self.sex,
            region: self.region,
            income: self.income,
            birth_order: self.birth_order,
            disability: self.disability,
            flags: self.flags,
            household,
            child_start,
            children,
            member_start,
            members,
        })
    }
}

/// Groups rows by `key` (a row, or [`NONE`] for none) as offsets and items: the rows whose
/// key is `k` are `items[start[k]..start[k + 1]]`, in the order `cmp` gives.
fn group(
    people: usize,
    key: &[u32],
    cmp: impl Fn(u32, u32) -> std::cmp::Ordering,
) -> (Vec<u32>, Vec<u32>) {
    let mut start = vec![0u32; people + 1];
    for &k in key.iter().filter(|&&k| k != NONE) {
        start[k as usize + 1] += 1;
    }
    for i in 0..people {
        start[i + 1] += start[i];
    }
    let mut next = start.clone();
    let mut items = vec![0u32; start[people] as usize];
    for (row, &k) in key.iter().enumerate() {
        if k != NONE {
            items[next[k as usize] as usize] = row as u32;
            next[k as usize] += 1;
        }
    }
    for k in 0..people {
        items[start[k] as usize..start[k + 1] as usize].sort_unstable_by(|&a, &b| cmp(a, b));
    }
    (start, items)
}

/// Twelve ASCII digits as a number, or `None`.
pub(super) fn iin_number(digits: &[u8]) -> Option<u64> {
    if digits.len() != 12 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(digits.iter().fold(0, |n, d| n * 10 + u64::from(d - b'0')))
}

/// A dictionary column's values as indexes into `names`, matched by value since a file may
/// number its keys differently.
fn codes(path: &Path, array: &ArrayRef, names: &[&str]) -> Result<Vec<u8>, PopulationError> {
    let dictionary = array.as_dictionary::<UInt8Type>();
    let values = dictionary.values().as_string::<i32>();
    let mut by_key = Vec::with_capacity(values.len());
    for k in 0..values.len() {
        let code = names
            .iter()
            .position(|n| *n == values.value(k))
            .and_then(|p| u8::try_from(p).ok())
            .ok_or_else(|| inconsistent(path, "holds a sex or region this build does not know"))?;
        by_key.push(code);
    }
    dictionary
        .keys()
        .values()
        .iter()
        .map(|&k| {
            by_key
                .get(usize::from(k))
                .copied()
                .ok_or_else(|| inconsistent(path, "holds a dictionary key without a value"))
        })
        .collect()
}

fn inconsistent(path: &Path, message: &str) -> PopulationError {
    PopulationError::Inconsistent {
        path: PathBuf::from(path),
        message: message.to_owned(),
    }
}
