//! The registry's Arrow schema, column names and Parquet metadata keys.
//!
//! The crate-level documentation describes every column; this module is the single place
//! that defines them, so that the writer, the reader and the tests cannot disagree.

use std::sync::{Arc, LazyLock};

use arrow::datatypes::{DataType, Field, Schema, SchemaRef};

/// The version of the registry's layout: columns, types, meanings and the region order.
///
/// Stored in every file's key-value metadata; the reader refuses any other version. Bump it
/// whenever a column is added, removed, renamed or changes type or meaning.
pub const SCHEMA_VERSION: u32 = 1;

/// Names of the registry's columns, in file order.
pub mod columns {
    /// Dense identifier 0..N, unique in the file.
    pub const PERSON_ID: &str = "person_id";
    /// The individual identification number, twelve ASCII digits.
    pub const IIN: &str = "iin";
    /// The birth date.
    pub const BIRTH_DATE: &str = "birth_date";
    /// "M" or "F".
    pub const SEX: &str = "sex";
    /// The region of residence.
    pub const REGION: &str = "region";
    /// The `person_id` of the household's first member.
    pub const HOUSEHOLD_ID: &str = "household_id";
    /// The number of members of the household.
    pub const HOUSEHOLD_SIZE: &str = "household_size";
    /// The mother's `person_id`, for children linked to their mother.
    pub const MOTHER_ID: &str = "mother_id";
    /// The child's order among its mother's children, 1 = first.
    pub const BIRTH_ORDER: &str = "birth_order";
    /// Monthly income in tenge.
    pub const MONTHLY_INCOME: &str = "monthly_income";
    /// Permanent residence in Kazakhstan.
    pub const PERMANENT_RESIDENT: &str = "permanent_resident";
    /// Citizenship of Kazakhstan.
    pub const CITIZEN: &str = "citizen";
    /// Disability group: 0 none, 1–3.
    pub const DISABILITY_GROUP: &str = "disability_group";
    /// In paid work.
    pub const EMPLOYED: &str = "employed";

    /// Every column, in file order.
    pub const ALL: [&str; 14] = [
        PERSON_ID,
        IIN,
        BIRTH_DATE,
        SEX,
        REGION,
        HOUSEHOLD_ID,
        HOUSEHOLD_SIZE,
        MOTHER_ID,
        BIRTH_ORDER,
        MONTHLY_INCOME,
        PERMANENT_RESIDENT,
        CITIZEN,
        DISABILITY_GROUP,
        EMPLOYED,
    ];
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
    use columns as c;
    Arc::new(Schema::new(vec![
        Field::new(c::PERSON_ID, DataType::UInt64, false),
        Field::new(c::IIN, DataType::Utf8, false),
        Field::new(c::BIRTH_DATE, DataType::Date32, false),
        Field::new(c::SEX, dictionary(), false),
        Field::new(c::REGION, dictionary(), false),
        Field::new(c::HOUSEHOLD_ID, DataType::UInt64, false),
        Field::new(c::HOUSEHOLD_SIZE, DataType::UInt8, false),
        Field::new(c::MOTHER_ID, DataType::UInt64, true),
        Field::new(c::BIRTH_ORDER, DataType::UInt8, true),
        Field::new(c::MONTHLY_INCOME, DataType::UInt32, false),
        Field::new(c::PERMANENT_RESIDENT, DataType::Boolean, false),
        Field::new(c::CITIZEN, DataType::Boolean, false),
        Field::new(c::DISABILITY_GROUP, DataType::UInt8, false),
        Field::new(c::EMPLOYED, DataType::Boolean, false),
    ]))
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
    fn column_list_matches_schema() {
        let schema = schema();
        let names: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        assert_eq!(names, columns::ALL);
    }
}
