//! `sheshim registry load`: copies persons from a population file into the store's registry
//! table, so that an agency's extract (or a test's population) is read through the store.
//!
//! Persons are written in batches, each one transaction with one audit entry: a batch per
//! person would make the audit log as long as the registry, and one transaction for the
//! whole file would hold the write lock for minutes.

use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use sheshim_registry::ParquetRegistry;

use crate::args::RegistryLoadArgs;
use crate::clock;
use crate::keys::open_store;

/// Who the audit log says wrote the persons.
const ACTOR: &str = "system:registry-load";

/// Loads the population file into the store's registry table and prints what it did.
pub async fn load(args: &RegistryLoadArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let population = ParquetRegistry::open(&args.population)
        .with_context(|| format!("cannot read {}", args.population.display()))?;
    let opened = started.elapsed();
    let (store, _) = open_store(&args.db).await?;
    let limit = args.limit.map_or(usize::MAX, |n| n as usize);
    let batch_size = args.batch as usize;
    let writing = Instant::now();
    let (mut created, mut updated, mut batches) = (0u64, 0u64, 0u64);
    let mut batch = Vec::with_capacity(batch_size);
    let mut persons = population.persons().take(limit).peekable();
    while persons.peek().is_some() {
        batch.clear();
        batch.extend(persons.by_ref().take(batch_size));
        let written = store
            .put_registry_persons(&batch, ACTOR, clock::now(clock::system()))
            .await
            .with_context(|| {
                format!(
                    "writing batch {} failed; the {} persons before it are stored, and running \
                     the load again writes them again as updates",
                    batches + 1,
                    created + updated
                )
            })?;
        created += written.created;
        updated += written.updated;
        batches += 1;
    }
    let seconds = writing.elapsed().as_secs_f64();
    let persons = created + updated;
    println!(
        "persons={persons} created={created} updated={updated} batches={batches} \
         open_seconds={:.2} write_seconds={seconds:.2} persons_per_second={:.0} source={}",
        opened.as_secs_f64(),
        persons as f64 / seconds.max(1e-9),
        sheshim_registry::Registry::name(&population),
    );
    Ok(ExitCode::SUCCESS)
}
