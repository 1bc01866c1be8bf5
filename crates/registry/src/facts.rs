//! The facts a registry holds about a person, and the named values services read from them.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One fact: its value, the registry it came from and the date the registry held it as of.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fact<T> {
    /// The value.
    pub value: T,
    /// The registry (and table) it came from, e.g. `population:registry.parquet`.
    pub source: String,
    /// The date the registry held the value as of.
    pub as_of: NaiveDate,
}

/// A child of the person, as the civil registry links them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Child {
    /// The child's birth date.
    pub birth_date: NaiveDate,
    /// The child's order among its mother's children, 1 = first.
    pub birth_order: u32,
}

/// Another member of the person's household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    /// The member's birth date.
    pub birth_date: NaiveDate,
    /// The member's income per month, in tenge.
    pub monthly_income: i64,
}

/// What the registries hold about one person. A field that is `None` is a fact the
/// registry does not hold (which sends a case that needs it to an officer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonFacts {
    /// Birth date.
    pub birth_date: Fact<NaiveDate>,
    /// `"M"` or `"F"`.
    pub sex: Fact<String>,
    /// Region of registered residence, if any.
    pub residence: Option<Fact<String>>,
    /// Citizen of Kazakhstan.
    pub citizen: Option<Fact<bool>>,
    /// Permanently resident in Kazakhstan.
    pub permanent_resident: Option<Fact<bool>>,
    /// Children, oldest first.
    pub children: Option<Fact<Vec<Child>>>,
    /// The household's members including the person (the person first).
    pub household: Option<Fact<Vec<Member>>>,
    /// The person's own income per month, in tenge.
    pub monthly_income: Option<Fact<i64>>,
    /// Disability group: 0 none, 1–3.
    pub disability_group: Option<Fact<u8>>,
    /// In paid work.
    pub employed: Option<Fact<bool>>,
}

/// A value read from a registry, typed as a service input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FactValue {
    /// A count or an amount.
    Number(i64),
    /// A yes or no.
    Boolean(bool),
    /// A date.
    Date(NaiveDate),
    /// A code such as a region's name or a sex.
    Text(String),
}

/// The values a service input may take from the registries. Some are facts as held, some are
/// derived for the date the rules are applied as of (an age, a household's income per
/// person).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FactName {
    /// Full years of age on the as-of date.
    Age,
    /// Birth date.
    BirthDate,
    /// `"M"` or `"F"`.
    Sex,
    /// Region of registered residence.
    Residence,
    /// Whether a residence is registered at all.
    HasRegisteredResidence,
    /// Citizen of Kazakhstan.
    Citizen,
    /// Permanently resident in Kazakhstan.
    PermanentResident,
    /// Disability group: 0 none, 1–3.
    DisabilityGroup,
    /// In paid work.
    Employed,
    /// The person's own income per month.
    MonthlyIncome,
    /// Number of children.
    ChildrenCount,
    /// Number of children under 18 on the as-of date.
    ChildrenUnder18,
    /// Birth order of the youngest child.
    YoungestChildBirthOrder,
    /// Birth date of the youngest child.
    YoungestChildBirthDate,
    /// Members of the household, the person included.
    HouseholdSize,
    /// The household's income per month divided by its members, rounded down.
    HouseholdIncomePerPerson,
}

/// A name that is not one of [`FactName::ALL`].
#[derive(Debug, Error)]
#[error("{0:?} is not a registry fact; known facts: {known}", known = FactName::known())]
pub struct FactNameError(pub String);

impl FactName {
    /// Every fact, in the order of the documentation.
    pub const ALL: [FactName; 16] = [
        FactName::Age,
        FactName::BirthDate,
        FactName::Sex,
        FactName::Residence,
        FactName::HasRegisteredResidence,
        FactName::Citizen,
        FactName::PermanentResident,
        FactName::DisabilityGroup,
        FactName::Employed,
        FactName::MonthlyIncome,
        FactName::ChildrenCount,
        FactName::ChildrenUnder18,
        FactName::YoungestChildBirthOrder,
        FactName::YoungestChildBirthDate,
        FactName::HouseholdSize,
        FactName::HouseholdIncomePerPerson,
    ];

    /// The name used in `service.toml` (`registry = "age"`).
    pub const fn code(self) -> &'static str {
        match self {
            FactName::Age => "age",
            FactName::BirthDate => "birth_date",
            FactName::Sex => "sex",
            FactName::Residence => "residence",
            FactName::HasRegisteredResidence => "has_registered_residence",
            FactName::Citizen => "citizen",
            FactName::PermanentResident => "permanent_resident",
            FactName::DisabilityGroup => "disability_group",
            FactName::Employed => "employed",
            FactName::MonthlyIncome => "monthly_income",
            FactName::ChildrenCount => "children_count",
            FactName::ChildrenUnder18 => "children_under_18",
            FactName::YoungestChildBirthOrder => "youngest_child_birth_order",
            FactName::YoungestChildBirthDate => "youngest_child_birth_date",
            FactName::HouseholdSize => "household_size",
            FactName::HouseholdIncomePerPerson => "household_income_per_person",
        }
    }

    /// Reads a fact's name.
    pub fn parse(input: &str) -> Result<FactName, FactNameError> {
        FactName::ALL
            .into_iter()
            .find(|fact| fact.code() == input)
            .ok_or_else(|| FactNameError(input.chars().take(64).collect()))
    }

    fn known() -> String {
        FactName::ALL.map(FactName::code).join(", ")
    }
}

impl PersonFacts {
    /// The value of `name` for this person as of `as_of`, with the source and the registry's
    /// date of the fact it rests on; `None` when the registry does not hold what it needs.
    pub fn value(&self, name: FactName, as_of: NaiveDate) -> Option<Fact<FactValue>> {
        fn with<T>(fact: &Fact<T>, value: FactValue) -> Fact<FactValue> {
            Fact {
                value,
                source: fact.source.clone(),
                as_of: fact.as_of,
            }
        }
        let youngest = || {
            self.children
                .as_ref()
                .and_then(|c| c.value.last().map(|child| (c, child)))
        };
        Some(match name {
            FactName::Age => with(
                &self.birth_date,
                FactValue::Number(full_years(self.birth_date.value, as_of)),
            ),
            FactName::BirthDate => with(&self.birth_date, FactValue::Date(self.birth_date.value)),
            FactName::Sex => with(&self.sex, FactValue::Text(self.sex.value.clone())),
            FactName::Residence => {
                let fact = self.residence.as_ref()?;
                with(fact, FactValue::Text(fact.value.clone()))
            }
            FactName::HasRegisteredResidence => match &self.residence {
                Some(fact) => with(fact, FactValue::Boolean(!fact.value.is_empty())),
                None => return None,
            },
            FactName::Citizen => {
                let fact = self.citizen.as_ref()?;
                with(fact, FactValue::Boolean(fact.value))
            }
            FactName::PermanentResident => {
                let fact = self.permanent_resident.as_ref()?;
                with(fact, FactValue::Boolean(fact.value))
            }
            FactName::DisabilityGroup => {
                let fact = self.disability_group.as_ref()?;
                with(fact, FactValue::Number(i64::from(fact.value)))
            }
            FactName::Employed => {
                let fact = self.employed.as_ref()?;
                with(fact, FactValue::Boolean(fact.value))
            }
            FactName::MonthlyIncome => {
                let fact = self.monthly_income.as_ref()?;
                with(fact, FactValue::Number(fact.value))
            }
            FactName::ChildrenCount => {
                let fact = self.children.as_ref()?;
                with(fact, FactValue::Number(fact.value.len() as i64))
            }
            FactName::ChildrenUnder18 => {
                let fact = self.children.as_ref()?;
                let under = fact
                    .value
                    .iter()
                    .filter(|c| c.birth_date <= as_of && full_years(c.birth_date, as_of) < 18)
                    .count();
                with(fact, FactValue::Number(under as i64))
            }
            FactName::YoungestChildBirthOrder => {
                let (fact, child) = youngest()?;
                with(fact, FactValue::Number(i64::from(child.birth_order)))
            }
            FactName::YoungestChildBirthDate => {
                let (fact, child) = youngest()?;
                with(fact, FactValue::Date(child.birth_date))
            }
            FactName::HouseholdSize => {
                let fact = self.household.as_ref()?;
                with(fact, FactValue::Number(fact.value.len() as i64))
            }
            FactName::HouseholdIncomePerPerson => {
                let fact = self.household.as_ref()?;
                if fact.value.is_empty() {
                    return None;
                }
                let total: i64 = fact.value.iter().map(|m| m.monthly_income).sum();
                with(fact, FactValue::Number(total / fact.value.len() as i64))
            }
        })
    }
}

/// Full years from `birth` to `on` (negative never: 0 before the birth date).
fn full_years(birth: NaiveDate, on: NaiveDate) -> i64 {
    let mut years = i64::from(on.year() - birth.year());
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years.max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    fn fact<T>(value: T) -> Fact<T> {
        Fact {
            value,
            source: "test".to_owned(),
            as_of: date(2026, 1, 1),
        }
    }

    fn person() -> PersonFacts {
        PersonFacts {
            birth_date: fact(date(1990, 6, 15)),
            sex: fact("F".to_owned()),
            residence: Some(fact("Almaty".to_owned())),
            citizen: Some(fact(true)),
            permanent_resident: Some(fact(true)),
            children: Some(fact(vec![
                Child {
                    birth_date: date(2005, 3, 1),
                    birth_order: 1,
                },
                Child {
                    birth_date: date(2026, 2, 1),
                    birth_order: 2,
                },
            ])),
            household: Some(fact(vec![
                Member {
                    birth_date: date(1990, 6, 15),
                    monthly_income: 100_000,
                },
                Member {
                    birth_date: date(2026, 2, 1),
                    monthly_income: 0,
                },
                Member {
                    birth_date: date(1988, 1, 1),
                    monthly_income: 50_001,
                },
            ])),
            monthly_income: Some(fact(100_000)),
            disability_group: Some(fact(0)),
            employed: Some(fact(true)),
        }
    }

    #[test]
    fn derived_values_are_computed_for_the_as_of_date() {
        let p = person();
        let value = |name| p.value(name, date(2026, 6, 14)).map(|f| f.value);
        assert_eq!(value(FactName::Age), Some(FactValue::Number(35)));
        assert_eq!(
            p.value(FactName::Age, date(2026, 6, 15)).map(|f| f.value),
            Some(FactValue::Number(36))
        );
        assert_eq!(value(FactName::ChildrenUnder18), Some(FactValue::Number(1)));
        assert_eq!(value(FactName::ChildrenCount), Some(FactValue::Number(2)));
        assert_eq!(
            value(FactName::YoungestChildBirthOrder),
            Some(FactValue::Number(2))
        );
        assert_eq!(value(FactName::HouseholdSize), Some(FactValue::Number(3)));
        assert_eq!(
            value(FactName::HouseholdIncomePerPerson),
            Some(FactValue::Number(50_000))
        );
    }

    #[test]
    fn a_fact_the_registry_does_not_hold_has_no_value() {
        let mut p = person();
        p.children = None;
        p.household = Some(fact(Vec::new()));
        assert_eq!(
            p.value(FactName::YoungestChildBirthOrder, date(2026, 1, 1)),
            None
        );
        assert_eq!(
            p.value(FactName::HouseholdIncomePerPerson, date(2026, 1, 1)),
            None
        );
    }

    #[test]
    fn names_round_trip_and_unknown_ones_are_named() {
        for fact in FactName::ALL {
            assert_eq!(FactName::parse(fact.code()).expect("known"), fact);
        }
        let error = FactName::parse("salary").expect_err("unknown").to_string();
        assert!(
            error.contains("\"salary\"") && error.contains("household_size"),
            "{error}"
        );
    }
}
