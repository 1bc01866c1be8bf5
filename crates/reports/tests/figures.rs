//! The figures of a small period, worked out by hand, its tables and their CSV read back
//! with the csv reader; and an empty period giving empty tables.
#![allow(clippy::unwrap_used)]

mod common;

use common::{cases, day, period, today};
use sheshim_reports::{Cell, DayVolume, Dimension, Figures, MESSAGE_IDS, Table};

#[test]
fn the_totals_are_the_hand_counted_ones() {
    let figures = Figures::compute(&cases(), &period(), today());
    let total = &figures.total;
    // F was registered before the period; D and E were forwarded, so out of compliance.
    assert_eq!(total.cases, 5);
    assert_eq!(
        (
            total.on_time,
            total.late,
            total.open_overdue,
            total.open_in_term
        ),
        (1, 1, 1, 0)
    );
    assert_eq!(total.compliance(), Some(1.0 / 3.0));
    assert_eq!((total.answered, total.automated), (2, 1));
    assert_eq!(total.automation(), Some(0.5));
    assert_eq!((total.machine_decided, total.overridden), (2, 1));
    assert_eq!(total.overturn(), Some(0.5));
}

#[test]
fn the_volume_counts_each_day_of_the_period() {
    let figures = Figures::compute(&cases(), &period(), today());
    let volume = |d: u32, registered, closed| DayVolume {
        day: day(3, d),
        registered,
        closed,
    };
    // B closed on 6 March, after the period; F's closing on 2 March is not a case of it.
    assert_eq!(
        figures.volume,
        vec![
            volume(1, 0, 0),
            volume(2, 2, 1),
            volume(3, 2, 0),
            volume(4, 1, 0),
            volume(5, 0, 0)
        ]
    );
}

#[test]
fn breakdowns_group_by_value_with_cases_without_one_last() {
    let figures = Figures::compute(&cases(), &period(), today());
    let services = figures.groups(Dimension::Service);
    assert_eq!(services.len(), 2);
    assert_eq!(services[0].key.as_deref(), Some("childbirth-allowance"));
    assert_eq!(
        (services[0].cases, services[0].on_time, services[0].late),
        (2, 1, 1)
    );
    assert_eq!(services[0].compliance(), Some(0.5));
    assert_eq!(services[1].key, None);
    assert_eq!((services[1].cases, services[1].open_overdue), (3, 1));
    assert_eq!(services[1].compliance(), Some(0.0));
    assert_eq!(
        services[1].automation(),
        None,
        "no answer issued: no rate, not NaN"
    );
    let languages = figures.groups(Dimension::Language);
    let keys: Vec<_> = languages.iter().map(|g| g.key.as_deref()).collect();
    assert_eq!(keys, vec![Some("kk"), Some("ru")]);
    assert_eq!(languages[0].overturn(), Some(1.0));
    let categories = figures.groups(Dimension::Category);
    let keys: Vec<_> = categories.iter().map(|g| g.key.as_deref()).collect();
    assert_eq!(keys, vec![Some("housing"), Some("social"), None]);
    let regions = figures.groups(Dimension::Region);
    assert_eq!(regions[0].key.as_deref(), Some("Almaty"));
    assert_eq!((regions[0].cases, regions[1].cases), (1, 4));
}

#[test]
fn forwarding_time_has_its_count_median_and_longest() {
    let figures = Figures::compute(&cases(), &period(), today());
    let forwarding = figures.forwarding.unwrap();
    assert_eq!(
        (forwarding.count, forwarding.max, forwarding.within_limit),
        (2, 5, 1)
    );
    assert_eq!(forwarding.median, 3.5);
    let table = figures.forwarding_table();
    assert_eq!(
        table.rows,
        vec![vec![
            Cell::Count(2),
            Cell::Days(3.5),
            Cell::Count(5),
            Cell::Count(1)
        ]]
    );
}

#[test]
fn every_table_reads_back_from_its_csv_and_names_only_listed_messages() {
    let figures = Figures::compute(&cases(), &period(), today());
    let tables = figures.tables();
    assert_eq!(tables.len(), 6);
    for table in &tables {
        assert!(
            MESSAGE_IDS.contains(&table.title_key),
            "{}",
            table.title_key
        );
        let csv = table.to_csv().unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let headers: Vec<String> = reader
            .headers()
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect();
        assert_eq!(headers, table.columns);
        let rows: Vec<Vec<String>> = reader
            .records()
            .map(|r| r.unwrap().iter().map(str::to_owned).collect())
            .collect();
        let expected: Vec<Vec<String>> = table
            .rows
            .iter()
            .map(|row| row.iter().map(Cell::plain).collect())
            .collect();
        assert_eq!(rows, expected, "{}", table.id);
        for column in &table.columns {
            assert!(MESSAGE_IDS.contains(column), "{column}");
        }
        for cell in table.rows.iter().flatten() {
            if let Cell::Message(id) = cell {
                assert!(MESSAGE_IDS.contains(id), "{id}");
            }
        }
    }
    let mut ids = MESSAGE_IDS.to_vec();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), MESSAGE_IDS.len(), "each message id once");
    let by_service = tables.iter().find(|t| t.id == "by-service").unwrap();
    let csv = by_service.to_csv().unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[1],
        "childbirth-allowance,2,1,1,0,0,0.5000,2,1,0.5000,1,0.5000"
    );
    assert_eq!(lines[2], "report-value-none,3,0,0,1,0,0.0000,0,0,,0,");
    assert_eq!(
        lines[3],
        "report-row-all,5,1,1,1,0,0.3333,2,1,0.5000,1,0.5000"
    );
}

#[test]
fn a_period_without_cases_gives_empty_tables() {
    let figures = Figures::compute(&[], &period(), today());
    assert_eq!(figures.total.compliance(), None);
    assert!(figures.forwarding.is_none());
    for table in figures.tables() {
        assert!(table.is_empty(), "{}", table.id);
        let csv = table.to_csv().unwrap();
        assert_eq!(csv.lines().count(), 1, "only the header: {csv}");
    }
    // Cases outside the period count as none.
    let earlier = Figures::compute(&cases()[5..], &period(), today());
    assert!(earlier.tables().iter().all(Table::is_empty));
}
