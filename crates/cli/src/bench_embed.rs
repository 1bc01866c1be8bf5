//! `sheshim bench embed`: sentence embeddings per second for appeals of 100 and 500
//! characters, on one core and on all cores.
//!
//! Appeals are made from the seed corpus (Kazakh, Russian and English), joined or cut to
//! the length asked. On one core the texts are embedded one after another in a rayon pool
//! of one thread (candle's kernels then run on that thread alone); on all cores, in a pool
//! of one thread per core, the texts are shared among the threads. Each figure is the
//! median of `--runs` timed runs.

use crate::args::EmbedBenchArgs;
use anyhow::Context;
use rayon::prelude::*;
use sheshim_classify::read_labeled_csv;
use sheshim_embed::{Embedder, Role};
use sheshim_triage::SEED_CORPUS;
use std::process::ExitCode;

/// Appeals of exactly `chars` characters (cut at a character boundary), made by joining
/// consecutive seed texts.
fn appeals(chars: usize, count: usize) -> anyhow::Result<Vec<String>> {
    let seeds: Vec<String> = read_labeled_csv(SEED_CORPUS, "text", "text")?
        .into_iter()
        .map(|(text, _)| text)
        .collect();
    anyhow::ensure!(!seeds.is_empty(), "the seed corpus is empty");
    let mut out = Vec::with_capacity(count);
    let mut next = seeds.iter().cycle();
    while out.len() < count {
        let mut text = String::new();
        while text.chars().count() < chars {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(next.next().context("no seed text")?);
        }
        out.push(text.chars().take(chars).collect());
    }
    Ok(out)
}

fn pool(threads: usize) -> anyhow::Result<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .context("cannot start the thread pool")
}

/// Median texts per second embedding `texts` in a pool of `threads`.
fn per_second(
    embedder: &Embedder,
    texts: &[String],
    threads: usize,
    runs: usize,
) -> anyhow::Result<f64> {
    let pool = pool(threads)?;
    let seconds = crate::timing::median_seconds(runs, || {
        pool.install(|| {
            texts
                .par_iter()
                .with_max_len(1)
                .try_for_each(|text| embedder.embed(text, Role::Passage).map(|_| ()))
        })
        .context("embedding failed")
    })?;
    Ok(texts.len() as f64 / seconds)
}

/// Runs the benchmark and prints its figures.
pub fn run(args: &EmbedBenchArgs) -> anyhow::Result<ExitCode> {
    anyhow::ensure!(
        args.texts > 0 && args.runs > 0,
        "--texts and --runs must be positive"
    );
    let embedder = crate::embedding::load(&args.folder.models)?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    println!(
        "bench embed: multilingual-e5-small (4-bit) on the CPU, {} texts per run, median of {} runs, {cores} cores",
        args.texts, args.runs
    );
    println!("chars  tokens/text  1 core (texts/s)  {cores} cores (texts/s)  speed-up");
    for chars in [100, 500] {
        let texts = appeals(chars, args.texts)?;
        let tokens: usize = texts
            .iter()
            .map(|text| embedder.token_count(text, Role::Passage))
            .sum::<Result<usize, _>>()?;
        let one = per_second(&embedder, &texts, 1, args.runs)?;
        let all = per_second(&embedder, &texts, cores, args.runs)?;
        println!(
            "{chars:>5}  {:>11.1}  {one:>16.1}  {all:>18.1}  {:>8.2}",
            tokens as f64 / texts.len() as f64,
            all / one
        );
    }
    Ok(ExitCode::SUCCESS)
}
