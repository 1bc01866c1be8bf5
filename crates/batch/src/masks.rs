//! Each input value mapped, once, to the set of rules whose test on that column it passes.
//!
//! A rule set is a `u64` bit mask: bit `r` for rule `r` (at most 63 rules), and bit 63
//! ([`ALLOWED`]) when the value is among the column's allowed values (or the column has
//! none). A person's mask is the AND of their columns' masks, so a rule's bit survives
//! exactly when every one of its tests passes.
//!
//! The mask of a value is computed by the rule engine's own test ([`ConstantTests`]) on a
//! representative value, so it is exactly what row-at-a-time evaluation would decide:
//! * booleans and texts have few codes, and each code is tested;
//! * for integers, the numbers the tests compare with split the line into classes whose
//!   members all get the same results — each integer point `⌊c⌋` and `⌈c⌉` of a constant
//!   `c`, and the open intervals between consecutive points (an interval holding a
//!   constant strictly inside holds no integer) — and one member of each class is tested.

use crate::columns::{ColumnKind, NULL};
use sheshim_feel::{ConstantTests, Number, Value};

/// The bit that says every input value is allowed.
pub const ALLOWED: u64 = 1 << 63;

/// Integer spans up to this many values get one mask per value (at most 512 KiB).
const DENSE_SPAN: i64 = 1 << 16;

/// The tests one table column takes part in.
pub(crate) struct ColumnTests<'a> {
    /// `(rule, test)` for each rule with a test on this column.
    pub rules: Vec<(usize, &'a ConstantTests)>,
    /// Every rule's bit, tested or not.
    pub all_rules: u64,
    /// The column's allowed values, if declared.
    pub allowed: Option<&'a ConstantTests>,
}

impl ColumnTests<'_> {
    /// The rule set of one value.
    pub fn mask(&self, value: &Value) -> u64 {
        let mut mask = self.all_rules;
        for &(rule, test) in &self.rules {
            if !test.matches(value) {
                mask &= !(1u64 << rule);
            }
        }
        let allowed = value.is_null() || self.allowed.is_none_or(|a| a.matches(value));
        if allowed { mask | ALLOWED } else { mask }
    }

    /// The numbers every test of this column compares with.
    fn numbers(&self) -> Vec<Number> {
        self.rules
            .iter()
            .map(|(_, test)| *test)
            .chain(self.allowed)
            .flat_map(ConstantTests::numbers)
            .collect()
    }
}

/// How the masks of one column are looked up.
#[derive(Clone, Debug)]
pub(crate) enum Lookup {
    /// One mask per code, then a 0 mask for any other code (an invalid cell).
    Codes(Vec<u64>),
    /// One mask per integer from `low`; values below take the first, above the last.
    Dense { low: i64, masks: Vec<u64> },
    /// Sorted class points `p0 < p1 < …`, and masks for: below `p0`, `p0`, between `p0`
    /// and `p1`, `p1`, …, above the last point.
    Sparse { points: Vec<i64>, masks: Vec<u64> },
}

/// The masks of one column.
#[derive(Clone, Debug)]
pub(crate) struct ColumnMasks {
    null: u64,
    lookup: Lookup,
}

impl ColumnMasks {
    /// Masks for a column of the given kind.
    pub fn build(kind: &ColumnKind, tests: &ColumnTests<'_>) -> ColumnMasks {
        let null = tests.mask(&Value::Null);
        let lookup = match kind {
            ColumnKind::Boolean | ColumnKind::Text(_) => {
                let codes = match kind {
                    ColumnKind::Text(dictionary) => dictionary.len(),
                    _ => 2,
                };
                Lookup::Codes(
                    (0..codes as i64)
                        .map(|code| kind.value(code).map_or(0, |v| tests.mask(&v)))
                        .chain(std::iter::once(0))
                        .collect(),
                )
            }
            ColumnKind::Integer => integer_lookup(tests),
        };
        ColumnMasks { null, lookup }
    }

    /// ANDs each cell's mask into `masks` (one cell per mask). The kind of look-up is
    /// matched once per call, not once per cell, so each loop is a plain table look-up.
    #[inline]
    pub fn apply(&self, cells: &[i64], masks: &mut [u64]) {
        let null = self.null;
        match &self.lookup {
            Lookup::Dense { low, masks: table } => {
                // Clamping into the table and choosing the null mask are selects, not
                // branches: the compiler emits conditional moves and drops the bounds check.
                let high = low.saturating_add(table.len() as i64 - 1);
                let last = table.len() - 1;
                for (mask, &cell) in masks.iter_mut().zip(cells) {
                    let index = (cell.clamp(*low, high) - low) as usize;
                    let found = table[index.min(last)];
                    *mask &= if cell == NULL { null } else { found };
                }
            }
            Lookup::Codes(table) => {
                // The table ends with a 0 mask for every code outside it (invalid cells: no
                // rule, and not allowed); NULL and negative codes read as huge and land there.
                let invalid = table.len() as u64 - 1;
                for (mask, &cell) in masks.iter_mut().zip(cells) {
                    let found = table[(cell as u64).min(invalid) as usize];
                    *mask &= if cell == NULL { null } else { found };
                }
            }
            Lookup::Sparse {
                points,
                masks: table,
            } => {
                for (mask, &cell) in masks.iter_mut().zip(cells) {
                    *mask &= if cell == NULL {
                        null
                    } else {
                        // Class 2k+1 is point k; class 2k lies below it.
                        match points.binary_search(&cell) {
                            Ok(k) => table[2 * k + 1],
                            Err(k) => table[2 * k],
                        }
                    };
                }
            }
        }
    }
}

/// Integer classes from the constants the tests compare with.
fn integer_lookup(tests: &ColumnTests<'_>) -> Lookup {
    let mut points: Vec<i64> = tests
        .numbers()
        .into_iter()
        .flat_map(|n| [n.floor(), n.ceiling()])
        .map(|n| {
            n.to_i64()
                .unwrap_or(if n.is_negative() { NULL + 1 } else { i64::MAX })
        })
        .collect();
    points.sort_unstable();
    points.dedup();
    let number = |v: i64| tests.mask(&Value::Number(Number::from_i64(v)));
    let (Some(&first), Some(&last)) = (points.first(), points.last()) else {
        // No test compares with a number: every integer gets the same mask.
        return Lookup::Dense {
            low: 0,
            masks: vec![number(0)],
        };
    };
    if last.saturating_sub(first) < DENSE_SPAN {
        let low = first.saturating_sub(1);
        let high = last.saturating_add(1);
        return Lookup::Dense {
            low,
            masks: (low..=high).map(number).collect(),
        };
    }
    let mut masks = Vec::with_capacity(2 * points.len() + 1);
    masks.push(number(first.saturating_sub(1)));
    for (k, &point) in points.iter().enumerate() {
        masks.push(number(point));
        let next = points.get(k + 1).copied().unwrap_or(i64::MAX);
        // The open interval up to the next point; empty intervals never get looked up.
        masks.push(if point.saturating_add(1) < next || k + 1 == points.len() {
            number(point.saturating_add(1))
        } else {
            0
        });
    }
    Lookup::Sparse { points, masks }
}
