//! Properties of the generated population: determinism, valid and unique IINs that agree
//! with the other columns, consistent families and households, and realistic proportions.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};

use arrow::array::{Array, AsArray, RecordBatch};
use arrow::datatypes::{Date32Type, UInt8Type, UInt32Type, UInt64Type};
use chrono::{Datelike, Months, NaiveDate};
use sheshim_domain::{Iin, Sex};
use sheshim_population::{Column as C, region_names, region_shares};

use common::{generate, options, reference_date};

/// One person's row, decoded from the batches.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    id: u64,
    iin: String,
    birth: NaiveDate,
    female: bool,
    region: String,
    household: u64,
    household_size: u8,
    mother: Option<u64>,
    birth_order: Option<u8>,
    income: u32,
    permanent: bool,
    batch: usize,
}

/// Decodes every batch into rows, remembering which batch (row group) each came from.
fn rows(batches: &[RecordBatch]) -> Vec<Row> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid date");
    let mut out = Vec::new();
    for (b, batch) in batches.iter().enumerate() {
        let col = |name: &str| batch.column_by_name(name).expect("column present").clone();
        let id = col(C::PersonId.name());
        let id = id.as_primitive::<UInt64Type>();
        let iin = col(C::Iin.name());
        let iin = iin.as_string::<i32>();
        let birth = col(C::BirthDate.name());
        let birth = birth.as_primitive::<Date32Type>();
        let sex = col(C::Sex.name());
        let sex = sex.as_dictionary::<UInt8Type>();
        let sex_values = sex.values().as_string::<i32>();
        let region = col(C::Region.name());
        let region = region.as_dictionary::<UInt8Type>();
        let region_values = region.values().as_string::<i32>();
        let household = col(C::HouseholdId.name());
        let household = household.as_primitive::<UInt64Type>();
        let size = col(C::HouseholdSize.name());
        let size = size.as_primitive::<UInt8Type>();
        let mother = col(C::MotherId.name());
        let mother = mother.as_primitive::<UInt64Type>();
        let order = col(C::BirthOrder.name());
        let order = order.as_primitive::<UInt8Type>();
        let income = col(C::MonthlyIncome.name());
        let income = income.as_primitive::<UInt32Type>();
        let permanent = col(C::PermanentResident.name());
        let permanent = permanent.as_boolean();
        for i in 0..batch.num_rows() {
            let days = i64::from(birth.value(i));
            out.push(Row {
                id: id.value(i),
                iin: iin.value(i).to_owned(),
                birth: epoch + chrono::Duration::days(days),
                female: sex_values.value(usize::from(sex.keys().value(i))) == "F",
                region: region_values
                    .value(usize::from(region.keys().value(i)))
                    .to_owned(),
                household: household.value(i),
                household_size: size.value(i),
                mother: mother.is_valid(i).then(|| mother.value(i)),
                birth_order: order.is_valid(i).then(|| order.value(i)),
                income: income.value(i),
                permanent: permanent.value(i),
                batch: b,
            });
        }
    }
    out
}

/// Whole calendar years between two dates.
fn years_between(earlier: NaiveDate, later: NaiveDate) -> i32 {
    let mut years = later.year() - earlier.year();
    if (later.month(), later.day()) < (earlier.month(), earlier.day()) {
        years -= 1;
    }
    years
}

#[test]
fn same_options_give_the_same_population_whatever_the_thread_count() {
    let opts = options(40_000, 11);
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .expect("thread pool")
        .install(|| generate(&opts));
    let three = rayon::ThreadPoolBuilder::new()
        .num_threads(3)
        .build()
        .expect("thread pool")
        .install(|| generate(&opts));
    assert_eq!(one, three);
    let other_seed = generate(&options(40_000, 12));
    assert_ne!(one, other_seed);
}

#[test]
fn ids_are_dense_and_every_iin_is_valid_unique_and_agrees_with_the_row() {
    let people = rows(&generate(&options(60_000, 3)));
    assert_eq!(people.len(), 60_000);
    let mut seen = HashSet::with_capacity(people.len());
    for (expected_id, row) in (0u64..).zip(&people) {
        assert_eq!(row.id, expected_id);
        assert!(
            seen.insert(row.iin.as_str()),
            "duplicate IIN at row {}",
            row.id
        );
        // Failures name the row, never the IIN: it is personal data by design.
        let iin = Iin::parse(&row.iin)
            .unwrap_or_else(|e| panic!("row {} has an invalid IIN: {e}", row.id));
        assert_eq!(iin.birth_date(), row.birth, "row {}", row.id);
        let sex = if row.female { Sex::Female } else { Sex::Male };
        assert_eq!(iin.sex(), sex, "row {}", row.id);
        assert!(row.birth <= reference_date());
    }
}

#[test]
fn mothers_exist_are_female_older_by_15_to_50_years_and_number_their_children_without_gaps() {
    let people = rows(&generate(&options(60_000, 4)));
    let mut children: BTreeMap<u64, Vec<&Row>> = BTreeMap::new();
    for row in &people {
        match (row.mother, row.birth_order) {
            (Some(mother), Some(_)) => children.entry(mother).or_default().push(row),
            (None, None) => {}
            _ => panic!(
                "row {}: mother_id and birth_order must be set together",
                row.id
            ),
        }
    }
    assert!(children.len() > 5_000, "{} mothers", children.len());
    for (&mother_id, kids) in &children {
        let mother = people
            .get(usize::try_from(mother_id).expect("small id"))
            .expect("the mother is in the registry");
        assert!(mother.female, "mother {mother_id} is not female");
        let mut orders: Vec<u8> = kids.iter().filter_map(|k| k.birth_order).collect();
        orders.sort_unstable();
        let expected: Vec<u8> = (1..=u8::try_from(kids.len()).expect("few children")).collect();
        assert_eq!(orders, expected, "mother {mother_id}");
        for kid in kids {
            let gap = years_between(mother.birth, kid.birth);
            assert!((15..=50).contains(&gap), "mother {mother_id}: {gap} years");
            assert_eq!(kid.household, mother.household, "child {}", kid.id);
            // A higher birth order is never born earlier than a lower one.
            for sibling in kids.iter().filter(|s| s.birth_order < kid.birth_order) {
                assert!(sibling.birth < kid.birth, "child {}", kid.id);
            }
        }
    }
}

#[test]
fn households_are_contiguous_sized_right_and_inside_one_row_group() {
    let people = rows(&generate(&options(50_000, 5)));
    let mut members: HashMap<u64, Vec<&Row>> = HashMap::new();
    for row in &people {
        members.entry(row.household).or_default().push(row);
    }
    for (&household, rows) in &members {
        let first = rows[0];
        assert_eq!(
            first.id, household,
            "household {household} starts at its id"
        );
        for (offset, row) in (0u64..).zip(rows) {
            assert_eq!(
                row.id,
                household + offset,
                "household {household} is contiguous"
            );
            assert_eq!(usize::from(row.household_size), rows.len());
            assert_eq!(
                row.batch, first.batch,
                "household {household} straddles row groups"
            );
            assert_eq!(row.region, first.region);
            assert_eq!(row.permanent, first.permanent);
        }
    }
}

#[test]
fn proportions_are_realistic_on_200k_people() {
    let people = rows(&generate(&options(200_000, 6)));
    let total = people.len() as f64;

    // Regions: within 0.6 percentage points of their 2024 population shares.
    let mut by_region: HashMap<&str, usize> = HashMap::new();
    for row in &people {
        *by_region.entry(row.region.as_str()).or_default() += 1;
    }
    for (name, share) in region_names().iter().zip(region_shares()) {
        let got = by_region.get(name).copied().unwrap_or(0) as f64 / total;
        assert!(
            (got - share).abs() < 0.006,
            "{name}: {got:.4} vs {share:.4}"
        );
    }

    // Births in the last 12 months: Kazakhstan has about 19.5 per thousand people a year
    // (388 thousand in 2023), and about a quarter of them are fourth or later children.
    let since = reference_date()
        .checked_sub_months(Months::new(12))
        .expect("valid date");
    let newborns: Vec<&Row> = people.iter().filter(|r| r.birth > since).collect();
    let per_thousand = 1000.0 * newborns.len() as f64 / total;
    assert!(
        (16.0..23.0).contains(&per_thousand),
        "{per_thousand:.1} births per 1000"
    );
    let fourth_or_later = newborns
        .iter()
        .filter(|r| r.birth_order.is_some_and(|o| o >= 4))
        .count() as f64
        / newborns.len() as f64;
    assert!(
        (0.15..0.40).contains(&fourth_or_later),
        "{fourth_or_later:.3}"
    );
    assert!(newborns.iter().all(|r| r.mother.is_some()));

    // About a third of the population is under 18, and children have no income.
    let children: Vec<&Row> = people
        .iter()
        .filter(|r| years_between(r.birth, reference_date()) < 18)
        .collect();
    let child_share = children.len() as f64 / total;
    assert!((0.29..0.38).contains(&child_share), "{child_share:.3}");
    assert!(children.iter().all(|r| r.income == 0));

    let permanent = people.iter().filter(|r| r.permanent).count() as f64 / total;
    assert!((0.97..=0.99).contains(&permanent), "{permanent:.4}");
}
