//! `sheshim bench triage`: the whole triage pipeline on one core.
//!
//! Appeals come from the seed corpus (or any CSV column), optionally joined to a minimum
//! length, and are triaged one after another on the calling thread. Each timed run triages
//! `--appeals` appeals; the median run is reported as appeals per second, with the median
//! time of each stage measured on its own over the same appeals, so the figures say where
//! the time goes (`language`, `latin_reading` — Kazakh in Latin letters read into Cyrillic —,
//! `personal_data`, `urgency_rules`, `features`, and `scoring`: the models that share the
//! seed's buckets fused and scored on the extracted features, as triage scores them). The
//! seed models are trained and the texts checked as `AppealText` before timing starts. With `--embeddings`, a smaller sample
//! (`--embedded-appeals`) is also triaged and embedded with e5-small, and appeals per second
//! with the embedding are printed beside the figure without it.

use crate::args::TriageBenchArgs;
use anyhow::{Context, bail};
use sheshim_classify::{Classifier, Ensemble, Features, Scratch, read_labeled_csv};
use sheshim_domain::AppealText;
use sheshim_triage::SEED_CORPUS;
use std::hint::black_box;
use std::process::ExitCode;

/// The texts to triage, as the arguments ask.
fn appeals(args: &TriageBenchArgs) -> anyhow::Result<Vec<String>> {
    let texts: Vec<String> = match (&args.data, &args.text_column) {
        (Some(path), Some(column)) => {
            let csv = crate::read::read_text_limited(path, crate::read::DATA_BYTES)?;
            read_labeled_csv(&csv, column, column)
                .with_context(|| format!("cannot use {}", path.display()))?
                .into_iter()
                .map(|(text, _)| text)
                .collect()
        }
        _ => read_labeled_csv(SEED_CORPUS, "text", "text")?
            .into_iter()
            .map(|(text, _)| text)
            .collect(),
    };
    if texts.is_empty() {
        bail!("no texts to triage");
    }
    if args.min_chars == 0 {
        return Ok(texts);
    }
    // Consecutive texts are joined: files are usually grouped by language, so a joined
    // appeal mostly stays in one language.
    let mut joined = Vec::new();
    let mut current = String::new();
    for text in texts.iter().cycle().take(texts.len().max(1) * 4) {
        if !current.is_empty() {
            current.push(' ');
        }
        current.push_str(text);
        if current.chars().count() >= args.min_chars {
            joined.push(std::mem::take(&mut current));
        }
    }
    if joined.is_empty() {
        bail!(
            "--min-chars {} is more than four times the texts together: no appeal can be made",
            args.min_chars
        );
    }
    Ok(joined)
}

/// Median seconds of `runs` timed passes (which cannot fail).
fn median_seconds(runs: usize, mut pass: impl FnMut()) -> f64 {
    crate::timing::median_seconds(runs, || {
        pass();
        Ok(())
    })
    .unwrap_or(f64::NAN)
}

/// Runs the benchmark and prints its figures, one `name=value` per line.
pub fn run(args: &TriageBenchArgs) -> anyhow::Result<ExitCode> {
    let texts = appeals(args)?;
    let triage = crate::triage::with_models(args.urgency_model.as_deref())?;
    let models = crate::triage::models(args.urgency_model.as_deref())?;
    // The models that hash into the seed's buckets, fused as triage fuses them.
    let fused: Vec<&Classifier> = [
        Some(&models.kind),
        Some(&models.topic),
        Some(&models.agency),
    ]
    .into_iter()
    .chain([models.urgency.as_ref()])
    .flatten()
    .filter(|m| m.buckets() == sheshim_triage::SEED_BUCKETS)
    .collect();
    let ensemble = Ensemble::new(&fused).context("cannot fuse the models")?;
    let models = 3 + usize::from(args.urgency_model.is_some());
    let batch: Vec<&str> = texts
        .iter()
        .map(String::as_str)
        .cycle()
        .take(args.appeals.max(1))
        .collect();
    let mut lengths: Vec<usize> = texts.iter().map(|t| t.chars().count()).collect();
    lengths.sort_unstable();
    // A fixed winter day, not today: the workload must not change with the season (the
    // heating-season rule only runs in winter).
    let received_on = chrono::NaiveDate::from_ymd_opt(2026, 1, 15).context("a valid date")?;

    // Untimed pass: the texts checked once as the server checks them (texts it would refuse
    // are counted and left out), how many triage refuses, and each text's reading (Kazakh in
    // Latin letters read into Cyrillic) and masked reading for the stages.
    let mut refused = 0usize;
    let mut appeals = Vec::with_capacity(batch.len());
    for text in &batch {
        match AppealText::parse(text) {
            Ok(text) if triage.triage(&text, received_on).is_ok() => appeals.push(text),
            _ => refused += 1,
        }
    }
    let spellings: Vec<_> = appeals
        .iter()
        .map(|t| {
            sheshim_lang::detect(t.as_str())
                .ok()
                .and_then(|d| d.kazakh_latin)
        })
        .collect();
    let readings: Vec<String> = appeals
        .iter()
        .zip(&spellings)
        .map(|(t, &spelling)| {
            sheshim_lang::normalize(t.as_str(), spelling)
                .as_str()
                .to_owned()
        })
        .collect();
    let masked: Vec<String> = readings
        .iter()
        .map(|r| sheshim_pii::mask(r, &sheshim_pii::find(r)))
        .collect();
    println!(
        "texts={} appeals_per_run={} median_chars={} refused={refused} models={models} runs={}",
        texts.len(),
        appeals.len(),
        lengths[lengths.len() / 2],
        args.runs
    );

    let per_appeal_us = |seconds: f64| seconds / appeals.len().max(1) as f64 * 1e6;
    let stage =
        |name: &str, seconds: f64| println!("stage_{name}_us={:.2}", per_appeal_us(seconds));
    stage(
        "language",
        median_seconds(args.runs, || {
            for text in &appeals {
                let _ = black_box(sheshim_lang::detect(text.as_str()));
            }
        }),
    );
    stage(
        "latin_reading",
        median_seconds(args.runs, || {
            for (text, &spelling) in appeals.iter().zip(&spellings) {
                black_box(sheshim_lang::normalize(text.as_str(), spelling));
            }
        }),
    );
    stage(
        "personal_data",
        median_seconds(args.runs, || {
            for text in &readings {
                let findings = sheshim_pii::find(text);
                black_box(sheshim_pii::mask(text, &findings));
            }
        }),
    );
    stage(
        "urgency_rules",
        median_seconds(args.runs, || {
            for text in &readings {
                black_box(sheshim_urgency::assess(text, received_on));
            }
        }),
    );
    let (mut scratch, mut features) = (Scratch::new(), Features::new());
    let buckets = sheshim_triage::SEED_BUCKETS;
    stage(
        "features",
        median_seconds(args.runs, || {
            for text in &masked {
                features.extract_normalized(text, buckets, &mut scratch);
                black_box(features.vector().len());
            }
        }),
    );
    let vectors: Vec<Features> = masked
        .iter()
        .map(|text| {
            let mut features = Features::new();
            features.extract_normalized(text, buckets, &mut scratch);
            features
        })
        .collect();
    let mut answers = Vec::new();
    stage(
        "scoring",
        median_seconds(args.runs, || {
            for features in &vectors {
                let _ = black_box(ensemble.top(features, &mut answers));
            }
        }),
    );
    let whole = median_seconds(args.runs, || {
        for text in &appeals {
            let _ = black_box(triage.triage(text, received_on));
        }
    });
    println!("whole_triage_us={:.2}", per_appeal_us(whole));
    println!(
        "appeals_per_second_one_core={:.0}",
        appeals.len() as f64 / whole
    );
    if args.embeddings {
        let sample: Vec<&AppealText> = appeals
            .iter()
            .cycle()
            .take(args.embedded_appeals.max(1))
            .collect();
        let seconds = with_embeddings(args, &triage, &sample, received_on)?;
        println!("embedded_appeals_per_run={}", sample.len());
        println!(
            "whole_triage_with_embedding_us={:.0}",
            seconds / sample.len() as f64 * 1e6
        );
        println!(
            "appeals_per_second_one_core_with_embeddings={:.1}",
            sample.len() as f64 / seconds
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Median seconds of `--runs` passes that triage each of `sample` and embed it as the
/// classifiers that read the embedding do, in a rayon pool of one thread (candle's kernels
/// then run on that thread alone, as in `sheshim bench embed`).
fn with_embeddings(
    args: &TriageBenchArgs,
    triage: &sheshim_triage::Triage,
    sample: &[&AppealText],
    received_on: chrono::NaiveDate,
) -> anyhow::Result<f64> {
    let embedder = crate::embedding::load(&args.folder.models)?;
    let one_core = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .context("cannot start the thread pool")?;
    one_core.install(|| {
        crate::timing::median_seconds(args.runs, || {
            for text in sample {
                black_box(triage.triage(text, received_on)?);
                black_box(crate::embedding::classifier_vector(
                    &embedder,
                    text.as_str(),
                )?);
            }
            Ok(())
        })
    })
}
