//! Prints the demographic figures of a generated population, to compare with Kazakhstan's
//! statistics when tuning the generator: age bands, births in the last 12 months and their
//! birth orders, regional shares, household sizes, incomes and statuses.
//!
//! Usage: `cargo run --release -p sheshim-population --example population_stats -- [PEOPLE] [SEED]`
//! (defaults: 2,000,000 people, seed 1, reference date 2025-01-01). Generation happens in
//! memory; nothing is written.

use std::collections::BTreeMap;

use arrow::array::{Array, AsArray};
use arrow::datatypes::{Date32Type, UInt8Type, UInt32Type};
use chrono::{Months, NaiveDate};
use sheshim_population::{GenerateOptions, generate_batches, region_names, region_shares};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let people: u64 = args.next().map_or(Ok(2_000_000), |a| a.parse())?;
    let seed: u64 = args.next().map_or(Ok(1), |a| a.parse())?;
    let reference = NaiveDate::from_ymd_opt(2025, 1, 1).ok_or("bad date")?;
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).ok_or("bad date")?;
    let ref_day = i32::try_from((reference - epoch).num_days())?;
    let since = i32::try_from(
        (reference
            .checked_sub_months(Months::new(12))
            .ok_or("date")?
            - epoch)
            .num_days(),
    )?;

    let mut bands = [0u64; 18];
    let mut under18 = 0u64;
    let mut births = 0u64;
    let mut orders = [0u64; 5];
    let mut regions = [0u64; 20];
    let mut sizes: BTreeMap<u8, u64> = BTreeMap::new();
    let (mut citizens, mut permanent, mut employed_working_age, mut working_age) =
        (0u64, 0u64, 0u64, 0u64);
    let mut disability = [0u64; 4];
    let mut incomes: Vec<u32> = Vec::new();
    let mut women_15_49 = 0u64;
    let mut total = 0u64;
    for batch in generate_batches(&GenerateOptions::new(people, seed, reference))? {
        let batch = batch?;
        let birth = batch
            .column_by_name("birth_date")
            .ok_or("col")?
            .as_primitive::<Date32Type>();
        let sex = batch
            .column_by_name("sex")
            .ok_or("col")?
            .as_dictionary::<UInt8Type>();
        let sex_values = sex.values().as_string::<i32>();
        let region = batch
            .column_by_name("region")
            .ok_or("col")?
            .as_dictionary::<UInt8Type>();
        let order = batch
            .column_by_name("birth_order")
            .ok_or("col")?
            .as_primitive::<UInt8Type>();
        let size = batch
            .column_by_name("household_size")
            .ok_or("col")?
            .as_primitive::<UInt8Type>();
        let income = batch
            .column_by_name("monthly_income")
            .ok_or("col")?
            .as_primitive::<UInt32Type>();
        let citizen = batch.column_by_name("citizen").ok_or("col")?.as_boolean();
        let perm = batch
            .column_by_name("permanent_resident")
            .ok_or("col")?
            .as_boolean();
        let employed = batch.column_by_name("employed").ok_or("col")?.as_boolean();
        let dis = batch
            .column_by_name("disability_group")
            .ok_or("col")?
            .as_primitive::<UInt8Type>();
        for i in 0..batch.num_rows() {
            total += 1;
            let b = birth.value(i);
            let age = ((f64::from(ref_day - b)) / 365.2425).floor() as i32;
            bands[usize::try_from((age / 5).min(17))?] += 1;
            if age < 18 {
                under18 += 1;
            }
            let female = sex_values.value(usize::from(sex.keys().value(i))) == "F";
            if female && (15..=49).contains(&age) {
                women_15_49 += 1;
            }
            if b > since {
                births += 1;
                if order.is_valid(i) {
                    orders[usize::from(order.value(i).min(4))] += 1;
                } else {
                    orders[0] += 1;
                }
            }
            regions[usize::from(region.keys().value(i))] += 1;
            *sizes.entry(size.value(i)).or_default() += 1;
            citizens += u64::from(citizen.value(i));
            permanent += u64::from(perm.value(i));
            if (18..=62).contains(&age) {
                working_age += 1;
                employed_working_age += u64::from(employed.value(i));
            }
            disability[usize::from(dis.value(i))] += 1;
            if employed.value(i) {
                incomes.push(income.value(i));
            }
        }
    }
    let pct = |n: u64| 100.0 * n as f64 / total as f64;
    println!("people {total}");
    for (i, n) in bands.iter().enumerate() {
        println!("age {:>3}-{:<3} {:5.2} %", i * 5, i * 5 + 4, pct(*n));
    }
    println!(
        "under 18: {:.2} %   women 15-49: {:.2} %",
        pct(under18),
        pct(women_15_49)
    );
    let scale = 20_000_000.0 / total as f64;
    println!(
        "births in last 12 months: {births} ({:.1} per 1000; {:.0} per 20 M)",
        1000.0 * births as f64 / total as f64,
        births as f64 * scale
    );
    let b = births.max(1) as f64;
    println!(
        "  unlinked {:.1} %, order 1 {:.1} %, 2 {:.1} %, 3 {:.1} %, 4+ {:.1} %",
        100.0 * orders[0] as f64 / b,
        100.0 * orders[1] as f64 / b,
        100.0 * orders[2] as f64 / b,
        100.0 * orders[3] as f64 / b,
        100.0 * orders[4] as f64 / b
    );
    println!("regions (generated vs target):");
    for ((name, share), n) in region_names().iter().zip(region_shares()).zip(regions) {
        println!("  {name:<25} {:5.2} % vs {:5.2} %", pct(n), 100.0 * share);
    }
    let households: f64 = sizes.iter().map(|(&s, &n)| n as f64 / f64::from(s)).sum();
    println!(
        "households {households:.0}, mean size {:.2}",
        total as f64 / households
    );
    for (s, n) in &sizes {
        println!("  size {s:>2}: {:5.2} % of people", pct(*n));
    }
    println!(
        "citizens {:.2} %, permanent residents {:.2} %",
        pct(citizens),
        pct(permanent)
    );
    println!(
        "employment 18-62: {:.1} %",
        100.0 * employed_working_age as f64 / working_age.max(1) as f64
    );
    println!(
        "disability groups 1/2/3: {:.2} / {:.2} / {:.2} %",
        pct(disability[1]),
        pct(disability[2]),
        pct(disability[3])
    );
    incomes.sort_unstable();
    if !incomes.is_empty() {
        let mean = incomes.iter().map(|&x| f64::from(x)).sum::<f64>() / incomes.len() as f64;
        println!(
            "income of the employed: median {} mean {mean:.0} p90 {}",
            incomes[incomes.len() / 2],
            incomes[incomes.len() * 9 / 10]
        );
    }
    Ok(())
}
