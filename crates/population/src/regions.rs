//! The regions of Kazakhstan and the few regional figures the generator needs.
//!
//! Kazakhstan has 17 regions (oblys / oblast) and 3 cities of republican significance
//! (Astana, Almaty, Shymkent) since the 2022 reform created the Abai, Zhetisu and Ulytau
//! regions. The figures below are approximate, rounded from the Bureau of National Statistics'
//! estimates for the start of 2024; they are hard-coded because a synthetic registry needs
//! plausible proportions, not official ones, and must not change when new statistics appear
//! (the same seed has to give the same file).

/// One region with its approximate figures.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Region {
    /// The English name written into the registry's `region` column.
    pub(crate) name: &'static str,
    /// Approximate resident population at the start of 2024, in thousands.
    pub(crate) thousands: u32,
    /// Fertility relative to the national rate (regional total fertility rate ÷ national):
    /// the south and west have far larger families than the north (2023: Turkistan 4.4,
    /// Mangystau 4.0, North Kazakhstan 1.8, the whole country 3.0).
    pub(crate) fertility: f64,
    /// Average wage relative to the national average: the oil regions and the two largest
    /// cities pay far more than the agricultural south and north.
    pub(crate) wage: f64,
}

/// All twenty regions, in the order of their dictionary codes in the `region` column.
///
/// The order is part of the schema: a region's index here is its dictionary key, so the
/// entries must never be reordered without a new [`crate::SCHEMA_VERSION`].
pub(crate) const REGIONS: [Region; 20] = [
    region("Abai Region", 610, 0.93, 0.87),
    region("Akmola Region", 790, 0.83, 0.82),
    region("Aktobe Region", 930, 1.03, 0.95),
    region("Almaty Region", 1_520, 1.03, 0.85),
    region("Atyrau Region", 700, 1.13, 1.85),
    region("West Kazakhstan Region", 690, 0.97, 0.97),
    region("Zhambyl Region", 1_210, 1.10, 0.75),
    region("Zhetisu Region", 700, 1.03, 0.72),
    region("Karaganda Region", 1_130, 0.80, 1.00),
    region("Kostanay Region", 830, 0.68, 0.80),
    region("Kyzylorda Region", 830, 1.17, 0.85),
    region("Mangystau Region", 780, 1.30, 1.45),
    region("Pavlodar Region", 750, 0.80, 0.95),
    region("North Kazakhstan Region", 530, 0.62, 0.75),
    region("Turkistan Region", 2_110, 1.40, 0.72),
    region("Ulytau Region", 220, 0.97, 1.25),
    region("East Kazakhstan Region", 730, 0.80, 0.97),
    region("Astana", 1_420, 1.03, 1.35),
    region("Almaty", 2_230, 0.87, 1.30),
    region("Shymkent", 1_220, 1.25, 0.82),
];

/// A `const` constructor, so that the table above reads as one line per region.
const fn region(name: &'static str, thousands: u32, fertility: f64, wage: f64) -> Region {
    Region {
        name,
        thousands,
        fertility,
        wage,
    }
}

/// The names of all regions in dictionary-key order, as stored in the `region` column.
pub(crate) static REGION_NAMES: [&str; 20] = {
    let mut names = [""; 20];
    let mut i = 0;
    while i < names.len() {
        names[i] = REGIONS[i].name;
        i += 1;
    }
    names
};

/// The names of all regions in dictionary-key order, as stored in the `region` column.
#[must_use]
pub fn region_names() -> [&'static str; 20] {
    REGION_NAMES
}

/// Each region's share of the whole population (the shares sum to 1).
#[must_use]
pub fn region_shares() -> [f64; 20] {
    let total: f64 = REGIONS.iter().map(|r| f64::from(r.thousands)).sum();
    REGIONS.map(|r| f64::from(r.thousands) / total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_distinct_regions_adding_up_to_about_twenty_million() {
        let names = region_names();
        let mut sorted = names.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), 20);
        let total: u32 = REGIONS.iter().map(|r| r.thousands).sum();
        assert!((19_500..=20_500).contains(&total), "{total}");
        let shares: f64 = region_shares().iter().sum();
        assert!((shares - 1.0).abs() < 1e-9);
    }
}
