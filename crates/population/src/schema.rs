//! The registry's Arrow schema, column names and Parquet metadata keys.
//!
//! The crate-level documentation describes every column; [`Column`] is the single place
//! that defines them, so that the writer, the readers and the tests cannot disagree.

use std::sync::{Arc, LazyLock};

use arrow::datatypes::{DataType, Field, Schema, SchemaRef};

/// The version of the registry's layout: columns, types, meanings and the region order.
///
/// Stored in every file's key-value metadata; the reader refuses any other version. Bump it
/// whenever a column is added, removed, renamed or changes type or meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// A column of the registry file: its name, Arrow type, whether it may be null, and what it
/// means. The one definition of the file's layout; the writer, the readers and the tests
/// take names and types from here.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Column {
    /// Dense identifier 0..N, unique in the file.
    PersonId,
    /// The individual identification number, twelve ASCII digits.
    Iin,
    /// The birth date.
    BirthDate,
    /// "M" or "F" ([`SEX_VALUES`]).
    Sex,
    /// The region of residence ([`crate::region_names`]).
    Region,
    /// The `person_id` of the household's first member.
    HouseholdId,
    /// The number of members of the household.
    HouseholdSize,
    /// The mother's `person_id`, for children linked to their mother.
    MotherId,
    /// The child's order among its mother's children, 1 = first.
    BirthOrder,
    /// Monthly income in tenge.
    MonthlyIncome,
    /// Permanent residence in Kazakhstan.
    PermanentResident,
    /// Citizenship of Kazakhstan.
    Citizen,
    /// Disability group: 0 none, 1–3.
    DisabilityGroup,
    /// In paid work.
    Employed,
}

impl Column {
    /// Every column, in file order.
    pub const ALL: [Column; 14] = [
        Column::PersonId,
        Column::Iin,
        Column::BirthDate,
        Column::Sex,
        Column::Region,
        Column::HouseholdId,
        Column::HouseholdSize,
        Column::MotherId,
        Column::BirthOrder,
        Column::MonthlyIncome,
        Column::PermanentResident,
        Column::Citizen,
        Column::DisabilityGroup,
        Column::Employed,
    ];

    /// The column's name in the file.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Column::PersonId => "person_id",
            Column::Iin => "iin",
            Column::BirthDate => "birth_date",
            Column::Sex => "sex",
            Column::Region => "region",
            Column::HouseholdId => "household_id",
            Column::HouseholdSize => "household_size",
            Column::MotherId => "mother_id",
            Column::BirthOrder => "birth_order",
            Column::MonthlyIncome => "monthly_income",
            Column::PermanentResident => "permanent_resident",
            Column::Citizen => "citizen",
            Column::DisabilityGroup => "disability_group",
            Column::Employed => "employed",
        }
    }

    /// The column's Arrow type.
    #[must_use]
    pub fn data_type(self) -> DataType {
        match self {
            Column::PersonId | Column::HouseholdId | Column::MotherId => DataType::UInt64,
            Column::Iin => DataType::Utf8,
            Column::BirthDate => DataType::Date32,
            Column::Sex | Column::Region => dictionary(),
            Column::HouseholdSize | Column::BirthOrder | Column::DisabilityGroup => DataType::UInt8,
            Column::MonthlyIncome => DataType::UInt32,
            Column::PermanentResident | Column::Citizen | Column::Employed => DataType::Boolean,
        }
    }

    /// Whether cells may be null: only for children linked to their mother.
    #[must_use]
    pub const fn nullable(self) -> bool {
        matches!(self, Column::MotherId | Column::BirthOrder)
    }

    /// The names a dictionary column's codes stand for, in code order.
    #[must_use]
    pub fn dictionary(self) -> Option<&'static [&'static str]> {
        match self {
            Column::Sex => Some(&SEX_VALUES),
            Column::Region => Some(&crate::regions::REGION_NAMES),
            _ => None,
        }
    }

    /// The column of this name, if the registry has one.
    #[must_use]
    pub fn named(name: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// Keys of the Parquet key-value metadata every registry carries.
pub mod metadata {
    /// [`crate::SCHEMA_VERSION`] as a decimal number.
    pub const SCHEMA_VERSION: &str = "sheshim.population.schema_version";
    /// The generator's seed as a decimal number.
    pub const SEED: &str = "sheshim.population.seed";
    /// The number of people (rows) as a decimal number.
    pub const PEOPLE: &str = "sheshim.population.people";
    /// The reference date as `YYYY-MM-DD`: everyone's age is as of this day.
    pub const REFERENCE_DATE: &str = "sheshim.population.reference_date";
}

/// The dictionary values of the `sex` column: key 0 is male, key 1 female, as written.
pub const SEX_VALUES: [&str; 2] = ["M", "F"];

/// A dictionary-encoded string column with one-byte keys.
fn dictionary() -> DataType {
    DataType::Dictionary(Box::new(DataType::UInt8), Box::new(DataType::Utf8))
}

/// The schema, built once: it is asked for on every batch.
static SCHEMA: LazyLock<SchemaRef> = LazyLock::new(|| {
    let fields: Vec<Field> = Column::ALL
        .iter()
        .map(|c| Field::new(c.name(), c.data_type(), c.nullable()))
        .collect();
    Arc::new(Schema::new(fields))
});

/// The Arrow schema of the registry (without the file's key-value metadata).
#[must_use]
pub fn schema() -> SchemaRef {
    Arc::clone(&SCHEMA)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_is_found_by_its_name() {
        for column in Column::ALL {
            assert_eq!(Column::named(column.name()), Some(column));
        }
        assert_eq!(Column::named("shoe_size"), None);
        let schema = schema();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, Column::ALL.map(Column::name));
    }
}
