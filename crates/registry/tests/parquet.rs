//! The Parquet registry against a small generated population: every person's facts agree
//! with the file's rows, children come oldest first with their birth orders, households
//! list the person first, and a person the file does not hold is `None`.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use arrow::array::{Array, AsArray};
use arrow::datatypes::{Date32Type, UInt8Type, UInt32Type, UInt64Type};
use chrono::NaiveDate;
use sheshim_domain::{Iin, with_check_digit};
use sheshim_population::{Column, GenerateOptions, read_columns, write_parquet};
use sheshim_registry::{FactName, FactValue, ParquetRegistry, Registry};

/// The rows of the file, as plain vectors.
struct Rows {
    iin: Vec<String>,
    birth: Vec<NaiveDate>,
    sex: Vec<String>,
    region: Vec<String>,
    household: Vec<u64>,
    mother: Vec<Option<u64>>,
    order: Vec<Option<u8>>,
    income: Vec<u32>,
    citizen: Vec<bool>,
}

fn rows(path: &std::path::Path) -> Rows {
    let names = [
        Column::Iin.name(),
        Column::BirthDate.name(),
        Column::Sex.name(),
        Column::Region.name(),
        Column::HouseholdId.name(),
        Column::MotherId.name(),
        Column::BirthOrder.name(),
        Column::MonthlyIncome.name(),
        Column::Citizen.name(),
    ];
    let mut out = Rows {
        iin: vec![],
        birth: vec![],
        sex: vec![],
        region: vec![],
        household: vec![],
        mother: vec![],
        order: vec![],
        income: vec![],
        citizen: vec![],
    };
    let epoch = NaiveDate::default();
    for batch in read_columns(path, &names).unwrap() {
        let batch = batch.unwrap();
        let c = batch.columns();
        out.iin.extend(
            c[0].as_string::<i32>()
                .iter()
                .map(|s| s.unwrap().to_owned()),
        );
        out.birth.extend(
            c[1].as_primitive::<Date32Type>()
                .values()
                .iter()
                .map(|&d| epoch + chrono::Duration::days(i64::from(d))),
        );
        for (column, target) in [(2, &mut out.sex), (3, &mut out.region)] {
            let dict = c[column].as_dictionary::<UInt8Type>();
            let values = dict.values().as_string::<i32>();
            target.extend(
                dict.keys()
                    .values()
                    .iter()
                    .map(|&k| values.value(usize::from(k)).to_owned()),
            );
        }
        out.household
            .extend(c[4].as_primitive::<UInt64Type>().values().iter().copied());
        let mothers = c[5].as_primitive::<UInt64Type>();
        out.mother
            .extend((0..mothers.len()).map(|i| (!mothers.is_null(i)).then(|| mothers.value(i))));
        let orders = c[6].as_primitive::<UInt8Type>();
        out.order
            .extend((0..orders.len()).map(|i| (!orders.is_null(i)).then(|| orders.value(i))));
        out.income
            .extend(c[7].as_primitive::<UInt32Type>().values().iter().copied());
        out.citizen
            .extend(c[8].as_boolean().iter().map(|b| b.unwrap()));
    }
    out
}

fn reference_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap()
}

fn generated(dir: &std::path::Path, people: u64) -> std::path::PathBuf {
    let path = dir.join("people.parquet");
    // Small row groups, so that the registry is read from several of them.
    let options = GenerateOptions::new(people, 7, reference_date()).with_row_group_rows(1_500);
    write_parquet(&path, &options, |_| {}).unwrap();
    path
}

#[test]
fn every_person_agrees_with_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = generated(dir.path(), 6_000);
    let registry = ParquetRegistry::open(&path).unwrap();
    let rows = rows(&path);
    assert_eq!(registry.people(), 6_000);
    assert_eq!(registry.as_of(), reference_date());
    assert_eq!(registry.name(), "population:people.parquet");
    let mut mothers_of_several = 0;
    for row in 0..rows.iin.len() {
        let iin = Iin::parse(&rows.iin[row]).unwrap();
        let facts = registry.facts(&iin).expect("every person is found");
        assert_eq!(facts.birth_date.value, rows.birth[row]);
        assert_eq!(facts.birth_date.source, "population:people.parquet");
        assert_eq!(facts.birth_date.as_of, reference_date());
        assert_eq!(facts.sex.value, rows.sex[row]);
        assert_eq!(facts.residence.as_ref().unwrap().value, rows.region[row]);
        assert_eq!(facts.citizen.as_ref().unwrap().value, rows.citizen[row]);
        assert_eq!(
            facts.monthly_income.as_ref().unwrap().value,
            i64::from(rows.income[row])
        );
        // The household: the person first, then the others with the same household id.
        let household = &facts.household.as_ref().unwrap().value;
        let others: Vec<usize> = (0..rows.iin.len())
            .filter(|&r| r != row && rows.household[r] == rows.household[row])
            .collect();
        assert_eq!(household.len(), others.len() + 1);
        assert_eq!(household[0].birth_date, rows.birth[row]);
        assert_eq!(household[0].monthly_income, i64::from(rows.income[row]));
        for (member, &r) in household[1..].iter().zip(&others) {
            assert_eq!(member.birth_date, rows.birth[r]);
            assert_eq!(member.monthly_income, i64::from(rows.income[r]));
        }
        // Children: those whose mother is this person, oldest first, with their orders.
        let mut expected: Vec<(NaiveDate, u32)> = (0..rows.iin.len())
            .filter(|&r| rows.mother[r] == Some(row as u64))
            .map(|r| (rows.birth[r], u32::from(rows.order[r].unwrap())))
            .collect();
        expected.sort();
        match rows.sex[row].as_str() {
            "F" => {
                let children = &facts.children.as_ref().unwrap().value;
                let found: Vec<(NaiveDate, u32)> = children
                    .iter()
                    .map(|c| (c.birth_date, c.birth_order))
                    .collect();
                assert_eq!(found, expected);
                if found.len() >= 2 {
                    mothers_of_several += 1;
                    let orders: Vec<u32> = found.iter().map(|c| c.1).collect();
                    assert_eq!(orders, (1..=found.len() as u32).collect::<Vec<_>>());
                }
            }
            _ => {
                assert!(expected.is_empty(), "children are linked to mothers only");
                assert_eq!(facts.children, None, "a man's children are not held");
            }
        }
    }
    assert!(mothers_of_several > 100, "{mothers_of_several}");
    // Every person, once, in row order, with the facts a look-up gives.
    let listed: Vec<String> = registry
        .persons()
        .map(|(iin, facts)| {
            assert_eq!(registry.facts(&iin), Some(facts));
            iin.expose().to_owned()
        })
        .collect();
    assert_eq!(listed, rows.iin);
}

#[tokio::test]
async fn a_person_the_file_does_not_hold_is_none() {
    let dir = tempfile::tempdir().unwrap();
    let path = generated(dir.path(), 2_000);
    let registry = ParquetRegistry::open(&path).unwrap();
    let rows = rows(&path);
    // A valid IIN of a date nobody in the file is born on (the day after the reference date).
    let stranger = (0..1000)
        .filter_map(|serial| with_check_digit(&format!("2603025{serial:03}0")))
        .map(|text| Iin::parse(&text).unwrap())
        .find(|iin| !rows.iin.contains(&iin.expose().to_owned()))
        .unwrap();
    assert_eq!(registry.person(&stranger).await.unwrap(), None);
    let known = Iin::parse(&rows.iin[17]).unwrap();
    let facts = registry.person(&known).await.unwrap().unwrap();
    assert_eq!(
        facts
            .value(FactName::BirthDate, reference_date())
            .unwrap()
            .value,
        FactValue::Date(rows.birth[17])
    );
}

#[test]
fn a_file_that_is_not_a_registry_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("none.parquet");
    assert!(ParquetRegistry::open(&missing).is_err());
    let junk = dir.path().join("junk.parquet");
    std::fs::write(&junk, b"not parquet").unwrap();
    let error = ParquetRegistry::open(&junk).err().unwrap().to_string();
    assert!(error.contains("junk.parquet"), "{error}");
}
