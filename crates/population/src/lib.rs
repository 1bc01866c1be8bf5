//! A synthetic population registry of Kazakhstan, stored as Apache Parquet.
//!
//! Proactive services decide for everyone eligible without waiting for an application, and a
//! what-if of a rule change needs everyone's outcome before and after; both evaluate a
//! service over the whole population registry, about 20 million people. This crate makes a
//! realistic stand-in for that registry — families with children and birth orders, regions,
//! ages, incomes, residence, citizenship, disability, valid IINs — and reads it back by
//! columns. It is the file that `sheshim population generate` writes and `sheshim proactive`
//! and `sheshim simulate` read.
//!
//! Generation is pure and deterministic ([`generate_batches`]): the same
//! `(people, seed, reference_date, row_group_rows)` always gives the same people, and
//! [`write_parquet`] the same bytes, whatever the number of threads. I/O happens only at the
//! edges: [`write_parquet`] streams row groups to a temporary file and renames it into place,
//! and [`read_columns`] / [`read_with`] read only the columns asked for after checking the
//! file's schema version. [`Registry`] is the reader for evaluation: the [`Attribute`]s a
//! service reads (stored columns and age, days since birth and children under 18 derived
//! for an as-of date), decoded from Arrow into one `i64` per person.
//!
//! # Columns
//!
//! One row per person, in `person_id` order. Every column is non-null unless marked
//! nullable. [`Column`] defines them (name, Arrow type, nullability, dictionary).
//!
//! | column | Arrow type | meaning |
//! |---|---|---|
//! | `person_id` | `UInt64` | dense identifier `0..people`, unique |
//! | `iin` | `Utf8` | the IIN: 12 ASCII digits, valid (`sheshim_domain::Iin::parse` accepts it) and unique in the file; its date and century/sex digit agree with `birth_date` and `sex` |
//! | `birth_date` | `Date32` | date of birth, never after the reference date |
//! | `sex` | `Dictionary(UInt8, Utf8)` | `"M"` or `"F"` (compare values: the keys may be renumbered when read back) |
//! | `region` | `Dictionary(UInt8, Utf8)` | one of the 17 regions or 3 cities of republican significance ([`region_names`]), in proportion to their 2024 populations |
//! | `household_id` | `UInt64` | the `person_id` of the household's first member; members of a household are consecutive rows and never straddle a row group |
//! | `household_size` | `UInt8` | the number of rows with this `household_id` |
//! | `mother_id` | `UInt64`, nullable | the mother's `person_id`, for a person living with their mother; the mother is female, in the same household and 15–50 years older |
//! | `birth_order` | `UInt8`, nullable | set with `mother_id`: the person's order among the mother's children, 1 = first; each mother's children are numbered 1..k without gaps |
//! | `monthly_income` | `UInt32` | monthly income in tenge: wage, pension and disability benefit together; 0 for children under 18 |
//! | `permanent_resident` | `Boolean` | resides permanently in Kazakhstan (about 97.7 %) |
//! | `citizen` | `Boolean` | citizen of Kazakhstan (about 98 %); foreigners, stateless persons and kandases with a residence permit are permanent residents without citizenship |
//! | `disability_group` | `UInt8` | 0 = none, 1–3 = the disability group (assigned from age 16) |
//! | `employed` | `Boolean` | in paid work |
//!
//! The Parquet key-value metadata holds [`SCHEMA_VERSION`], the seed, the number of people
//! and the reference date under the keys in [`metadata`]; the reader refuses any other
//! schema version.
//!
//! # How realistic
//!
//! Ages follow Kazakhstan's 2024 age pyramid; each mother's births are simulated year by
//! year from age-specific fertility rates that vary by calendar year, region and woman, so
//! that the registry has about 19 births per thousand people in the 12 months before the
//! reference date (Kazakhstan: 388 thousand in 2023 for 20 million) and about 30 % of
//! them are fourth or later children (in 2021, 28 % of Kazakhstan's births were fourth or
//! later). Children are linked to their mother when she is 18–54 and they live with her; older people's grown children are unlinked adults (see the
//! `household` module). `examples/population_stats.rs` prints these figures for a
//! generated population.
//!
//! Personal data: the IINs are synthetic, but nothing here prints row values — errors name
//! files, columns and metadata keys only.

mod attribute;
mod chunk;
mod demography;
mod error;
mod generate;
mod household;
mod iin;
mod read;
mod regions;
mod registry;
mod rng;
mod schema;
mod write;

pub use attribute::{Attribute, CellKind, NULL_CELL};
pub use error::PopulationError;
pub use generate::{GenerateOptions, PopulationBatches, generate_batches};
pub use read::{PopulationReader, ReadOptions, RegistryInfo, read_columns, read_info, read_with};
pub use regions::{region_names, region_shares};
pub use registry::{Registry, iins};
pub use schema::{Column, SCHEMA_VERSION, SEX_VALUES, metadata, schema};
pub use write::{Summary, write_parquet};
