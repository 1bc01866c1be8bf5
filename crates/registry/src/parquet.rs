//! A [`Registry`] over the synthetic population file that `sheshim population generate`
//! writes: the file is read once into compact columns in memory, with an index from IIN to
//! row and indexes from a mother to her children and from a household to its members, so
//! that a look-up is a binary search and a few array reads.
//!
//! About 50 bytes are kept per person (the IIN as a number, the row it points to, the
//! columns packed to their widths, and four bytes per person in each of the two indexes):
//! some 50 MB for a million people.

use std::path::{Path, PathBuf};

use arrow::array::{Array, ArrayRef, AsArray};
use arrow::datatypes::{Date32Type, UInt8Type, UInt32Type, UInt64Type};
use async_trait::async_trait;
use chrono::{Days, NaiveDate};
use sheshim_domain::Iin;
use sheshim_population::{Column, PopulationError, read_columns, region_names};

use crate::{Child, Fact, Member, PersonFacts, Registry, RegistryError};

/// No mother, or no birth order, in the packed columns.
const NONE: u32 = u32::MAX;

/// The population file, held in memory and indexed by IIN.
pub struct ParquetRegistry {
    /// `population:<file name>`, the source of every fact.
    name: String,
    /// The day the file describes: the as-of date of every fact.
    as_of: NaiveDate,
    /// The IINs as numbers, ascending, and the row each belongs to.
    iins: Vec<u64>,
    rows: Vec<u32>,
    /// Per row: birth date as days since 1970-01-01.
    birth: Vec<i32>,
    /// Per row: index into `SEX_VALUES` and into the region names.
    sex: Vec<u8>,
    region: Vec<u8>,
    /// Per row: monthly income in tenge.
    income: Vec<u32>,
    /// Per row: the birth order among the mother's children (0 if not linked).
    birth_order: Vec<u8>,
    /// Per row: disability group 0–3.
    disability: Vec<u8>,
    /// Per row: bit 0 permanent resident, bit 1 citizen, bit 2 employed.
    flags: Vec<u8>,
    /// Per row: the household's id (the row of its first member).
    household: Vec<u32>,
    /// Children of each row, oldest first: `children[child_start[r]..child_start[r + 1]]`.
    child_start: Vec<u32>,
    children: Vec<u32>,
    /// Members of each household id, in row order, likewise.
    member_start: Vec<u32>,
    members: Vec<u32>,
}

const PERMANENT: u8 = 1;
const CITIZEN: u8 = 2;
const EMPLOYED: u8 = 4;

impl ParquetRegistry {
    /// Reads the population file at `path` into memory and indexes it.
    ///
    /// # Errors
    /// The errors of [`sheshim_population::read_columns`] (no such file, not a registry of
    /// this schema version, a missing or mistyped column), and
    /// [`PopulationError::Inconsistent`] when persons are not rows `0, 1, 2, …`, an IIN is not
    /// valid or appears twice, a dictionary holds an unknown value, or a mother or a
    /// household names a person the file does not hold.
    pub fn open(path: &Path) -> Result<ParquetRegistry, PopulationError> {
        let names: Vec<&str> = Column::ALL.iter().map(|c| c.name()).collect();
        let reader = read_columns(path, &names)?;
        let info = reader.info().clone();
        let people = usize::try_from(info.people).unwrap_or(0);
        let mut columns = Columns::with_capacity(people);
        for batch in reader {
            let batch = batch?;
            columns.append(path, batch.columns())?;
        }
        let file_name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        columns.index(path, format!("population:{file_name}"), info.reference_date)
    }

    /// The number of persons held.
    pub fn people(&self) -> usize {
        self.birth.len()
    }

    /// The date every fact is held as of: the file's reference date.
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
    }

    /// The facts about the person with this IIN, or `None` when the file does not hold them.
    /// This is what [`Registry::person`] answers, without a future.
    pub fn facts(&self, iin: &Iin) -> Option<PersonFacts> {
        let key = iin_number(iin.expose().as_bytes())?;
        let at = self.iins.binary_search(&key).ok()?;
        let row = *self.rows.get(at)? as usize;
        Some(self.facts_of_row(row))
    }

    /// Every person the file holds with their facts, in the file's row order (so that a
    /// household's members come together). For copying the file into another registry.
    pub fn persons(&self) -> impl Iterator<Item = (Iin, PersonFacts)> + '_ {
        let mut at_row = vec![0u32; self.rows.len()];
        for (at, &row) in self.rows.iter().enumerate() {
            at_row[row as usize] = at as u32;
        }
        at_row.into_iter().enumerate().filter_map(|(row, at)| {
            // Every IIN was checked when the file was opened; none is skipped here.
            let iin = Iin::parse(&format!("{:012}", self.iins[at as usize])).ok()?;
            Some((iin, self.facts_of_row(row)))
        })
    }

    fn facts_of_row(&self, row: usize) -> PersonFacts {
        let flags = self.flags[row];
        let female = self.sex[row] == 1;
        let children: Vec<Child> = self
            .slice(&self.child_start, &self.children, row)
            .iter()
            .map(|&child| Child {
                birth_date: self.date(child as usize),
                birth_order: u32::from(self.birth_order[child as usize]),
            })
            .collect();
        let household = self.household[row] as usize;
        let member = |r: usize| Member {
            birth_date: self.date(r),
            monthly_income: i64::from(self.income[r]),
        };
        let mut household_members = vec![member(row)];
        household_members.extend(
            self.slice(&self.member_start, &self.members, household)
                .iter()
                .map(|&r| r as usize)
                .filter(|&r| r != row)
                .map(member),
        );
        PersonFacts {
            birth_date: self.fact(self.date(row)),
            sex: self.fact(sheshim_population::SEX_VALUES[usize::from(self.sex[row])].to_owned()),
            residence: Some(self.fact(region_names()[usize::from(self.region[row])].to_owned())),
            citizen: Some(self.fact(flags & CITIZEN != 0)),
            permanent_resident: Some(self.fact(flags & PERMANENT != 0)),
            // The file links children to their mothers only: a man's children are facts it
            // does not hold, and an answer of "none" would deny him on the registry's silence.
            children: female.then(|| self.fact(children)),
            household: Some(self.fact(household_members)),
            monthly_income: Some(self.fact(i64::from(self.income[row]))),
            disability_group: Some(self.fact(self.disability[row])),
            employed: Some(self.fact(flags & EMPLOYED != 0)),
        }
    }

    fn fact<T>(&self, value: T) -> Fact<T> {
        Fact {
            value,
            source: self.name.clone(),
            as_of: self.as_of,
        }
    }

    fn slice<'a>(&self, start: &[u32], items: &'a [u32], row: usize) -> &'a [u32] {
        let from = start[row] as usize;
        let to = start[row + 1] as usize;
        &items[from..to]
    }

    fn date(&self, row: usize) -> NaiveDate {
        date_of_day(self.birth[row])
    }

    /// Bytes held in memory by the columns and indexes (capacity, not counting the
    /// allocator's own overhead).
    pub fn heap_bytes(&self) -> usize {
        fn bytes<T>(v: &Vec<T>) -> usize {
            v.capacity() * std::mem::size_of::<T>()
        }
        bytes(&self.iins)
            + bytes(&self.rows)
            + bytes(&self.birth)
            + bytes(&self.sex)
            + bytes(&self.region)
            + bytes(&self.income)
            + bytes(&self.birth_order)
            + bytes(&self.disability)
            + bytes(&self.flags)
            + bytes(&self.household)
            + bytes(&self.child_start)
            + bytes(&self.children)
            + bytes(&self.member_start)
            + bytes(&self.members)
    }
}

#[async_trait]
impl Registry for ParquetRegistry {
    fn name(&self) -> &str {
        &self.name
    }

    async fn person(&self, iin: &Iin) -> Result<Option<PersonFacts>, RegistryError> {
        Ok(self.facts(iin))
    }
}

/// The columns as read, before the indexes are built.
struct Columns {
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
    fn with_capacity(people: usize) -> Columns {
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
    fn append(&mut self, path: &Path, arrays: &[ArrayRef]) -> Result<(), PopulationError> {
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
    fn index(
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
fn iin_number(digits: &[u8]) -> Option<u64> {
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

fn date_of_day(day: i32) -> NaiveDate {
    let epoch = NaiveDate::default();
    if day >= 0 {
        epoch.checked_add_days(Days::new(day.unsigned_abs().into()))
    } else {
        epoch.checked_sub_days(Days::new(day.unsigned_abs().into()))
    }
    .unwrap_or(epoch)
}

fn inconsistent(path: &Path, message: &str) -> PopulationError {
    PopulationError::Inconsistent {
        path: PathBuf::from(path),
        message: message.to_owned(),
    }
}
