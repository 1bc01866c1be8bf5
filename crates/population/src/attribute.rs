//! What an evaluator may read about a person: the registry's own columns that describe
//! people, and three derived for an as-of date.
//!
//! Each [`Attribute`] is read as one `i64` per person ([`crate::Registry`]): whole numbers
//! are themselves, booleans 0 and 1, dictionary columns the index of their value in
//! [`CellKind::Code`], and a missing value is [`NULL_CELL`]. Services name attributes in
//! their `proactive.toml` by [`Attribute::name`].

use crate::schema::Column;

/// A missing value in any attribute's cells.
pub const NULL_CELL: i64 = i64::MIN;

/// What a cell's number means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CellKind {
    /// A whole number.
    Integer,
    /// 0 is false, 1 is true.
    Boolean,
    /// An index into these names.
    Code(&'static [&'static str]),
}

/// A person's attribute, read from the registry for an as-of date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Attribute {
    /// Whole years of age on the as-of date (29 February birthdays count on 28 February).
    Age,
    /// Days from the birth date to the as-of date.
    DaysSinceBirth,
    /// Children under 18 on the as-of date linked to the person as their mother.
    ChildrenUnder18,
    /// A column of the registry, read as it is.
    Stored(Column),
}

impl Attribute {
    /// The region of residence.
    pub const REGION: Attribute = Attribute::Stored(Column::Region);
    /// The sex.
    pub const SEX: Attribute = Attribute::Stored(Column::Sex);

    /// Every attribute a service may read, derived ones first.
    pub const ALL: [Attribute; 12] = [
        Attribute::Age,
        Attribute::DaysSinceBirth,
        Attribute::ChildrenUnder18,
        Attribute::Stored(Column::Sex),
        Attribute::Stored(Column::Region),
        Attribute::Stored(Column::HouseholdSize),
        Attribute::Stored(Column::BirthOrder),
        Attribute::Stored(Column::MonthlyIncome),
        Attribute::Stored(Column::DisabilityGroup),
        Attribute::Stored(Column::PermanentResident),
        Attribute::Stored(Column::Citizen),
        Attribute::Stored(Column::Employed),
    ];

    /// The attribute's name, as services write it.
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            Attribute::Age => "age",
            Attribute::DaysSinceBirth => "days_since_birth",
            Attribute::ChildrenUnder18 => "children_under_18",
            Attribute::Stored(column) => column.name(),
        }
    }

    /// The attribute of this name, if a service may read one.
    #[must_use]
    pub fn named(name: &str) -> Option<Attribute> {
        Attribute::ALL.into_iter().find(|a| a.name() == name)
    }

    /// The names of every attribute, for messages.
    #[must_use]
    pub fn names() -> String {
        Attribute::ALL.map(Attribute::name).join(", ")
    }

    /// What the attribute's cells mean.
    #[must_use]
    pub fn kind(self) -> CellKind {
        match self {
            Attribute::Stored(column) => match (column.dictionary(), column.data_type()) {
                (Some(names), _) => CellKind::Code(names),
                (None, arrow::datatypes::DataType::Boolean) => CellKind::Boolean,
                (None, _) => CellKind::Integer,
            },
            _ => CellKind::Integer,
        }
    }

    /// The names the attribute's codes stand for, in code order; empty for an attribute
    /// without codes.
    #[must_use]
    pub fn codes(self) -> &'static [&'static str] {
        match self {
            Attribute::Stored(column) => column.dictionary().unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The name a code of this attribute stands for; empty for a null or unknown code, or
    /// an attribute without codes.
    #[must_use]
    pub fn name_of(self, code: i64) -> &'static str {
        usize::try_from(code)
            .ok()
            .and_then(|i| self.codes().get(i))
            .copied()
            .unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_found_by_name_and_know_their_kind() {
        for attribute in Attribute::ALL {
            assert_eq!(Attribute::named(attribute.name()), Some(attribute));
        }
        assert_eq!(
            Attribute::named("person_id"),
            None,
            "not a person's attribute"
        );
        assert_eq!(Attribute::Age.kind(), CellKind::Integer);
        assert_eq!(Attribute::Stored(Column::Citizen).kind(), CellKind::Boolean);
        let sex = Attribute::SEX;
        assert_eq!(sex.kind(), CellKind::Code(&crate::SEX_VALUES));
        assert_eq!((sex.name_of(1), sex.name_of(NULL_CELL)), ("F", ""));
        assert_eq!(Attribute::REGION.codes().len(), 20);
    }
}
