//! A [`Registry`] over the synthetic population file that `sheshim population generate`
//! writes: the file is read once into compact columns in memory, with an index from IIN to
//! row and indexes from a mother to her children and from a household to its members, so
//! that a look-up is a binary search and a few array reads.
//!
//! About 50 bytes are kept per person (the IIN as a number, the row it points to, the
//! columns packed to their widths, and four bytes per person in each of the two indexes):
//! some 50 MB for a million people.

mod load;

use std::path::Path;

use async_trait::async_trait;
use chrono::{Days, NaiveDate};
use sheshim_domain::Iin;
use sheshim_population::{Column, PopulationError, read_columns, region_names};

use crate::{Child, Fact, Member, PersonFacts, Registry, RegistryError};
use load::{Columns, iin_number};

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

fn date_of_day(day: i32) -> NaiveDate {
    let epoch = NaiveDate::default();
    if day >= 0 {
        epoch.checked_add_days(Days::new(day.unsigned_abs().into()))
    } else {
        epoch.checked_sub_days(Days::new(day.unsigned_abs().into()))
    }
    .unwrap_or(epoch)
}
