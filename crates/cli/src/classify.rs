//! `sheshim train` and `sheshim eval`: a text classifier trained from a labelled CSV file
//! and measured on another. The model file carries its metadata (data hash, date, figures).

use crate::args::{EvalArgs, LabeledData, TrainArgs};
use anyhow::Context;
use sheshim_classify::{
    Classifier, DenseFeatures, Report, TrainOptions, evaluate, read_labeled_csv,
};
use std::process::ExitCode;

/// Reads the (text, label) pairs of a labelled CSV file.
fn read_pairs(data: &LabeledData) -> anyhow::Result<Vec<(String, String)>> {
    let path = &data.data;
    let csv = crate::read::read_text_limited(path, crate::read::DATA_BYTES)?;
    read_labeled_csv(&csv, &data.text_column, &data.label_column)
        .with_context(|| format!("cannot use {}", path.display()))
}

/// Trains and writes the model file.
pub fn train(args: &TrainArgs) -> anyhow::Result<ExitCode> {
    let pairs = read_pairs(&args.data)?;
    let texts: Vec<&str> = pairs.iter().map(|(t, _)| t.as_str()).collect();
    let labels: Vec<&str> = pairs.iter().map(|(_, l)| l.as_str()).collect();
    let options = TrainOptions {
        seed: args.seed,
        epochs: args.epochs,
        training_date: crate::clock::today(crate::clock::system()).to_string(),
        ..TrainOptions::default()
    };
    let started = std::time::Instant::now();
    let model = if args.embeddings {
        let embedder = crate::embedding::load(&args.folder.models)?;
        let vectors = crate::embedding::classifier_vectors(&embedder, &texts)?;
        let dense = DenseFeatures {
            model: crate::embedding::MODEL_NAME.to_owned(),
            dimension: u32::try_from(embedder.dimension()).context("dimension")?,
            weight: args.dense_weight,
        };
        Classifier::train_with_dense(&texts, &vectors, dense, &labels, &options)
    } else {
        Classifier::train(&texts, &labels, &options)
    }
    .context("training failed")?;
    let seconds = started.elapsed().as_secs_f64();
    std::fs::write(&args.out, model.to_bytes())
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "trained on {} texts, {} labels, in {seconds:.2} s: {}",
        texts.len(),
        model.labels().len(),
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Evaluates a model file on labelled data and prints the report, whose last line is
/// `accuracy=0.xxxx macro_f1=0.xxxx`.
pub fn eval(args: &EvalArgs) -> anyhow::Result<ExitCode> {
    let model = read_model(&args.model)?;
    let pairs = read_pairs(&args.data)?;
    let texts: Vec<&str> = pairs.iter().map(|(t, _)| t.as_str()).collect();
    let labels: Vec<&str> = pairs.iter().map(|(_, l)| l.as_str()).collect();
    let report = match model.dense() {
        None => evaluate(&model, &texts, &labels).context("evaluation failed")?,
        Some(dense) => {
            let embedder = crate::embedding::load(&args.folder.models).with_context(|| {
                format!(
                    "{} was trained with the {} embedding",
                    args.model.display(),
                    dense.model
                )
            })?;
            anyhow::ensure!(
                dense.model == crate::embedding::MODEL_NAME,
                "{} was trained with the {} embedding, which this build does not have",
                args.model.display(),
                dense.model
            );
            let vectors = crate::embedding::classifier_vectors(&embedder, &texts)?;
            let predicted = texts
                .iter()
                .zip(&vectors)
                .map(|(text, vector)| model.predict_with_dense(text, vector).map(|p| p.label))
                .collect::<Result<Vec<_>, _>>()
                .context("evaluation failed")?;
            Report::from_pairs(&labels, &predicted)
        }
    };
    print!("{}", report.render());
    Ok(ExitCode::SUCCESS)
}

/// Reads a model file written by `sheshim train`.
pub fn read_model(path: &std::path::Path) -> anyhow::Result<Classifier> {
    let bytes = crate::read::read_limited(path, crate::read::CLASSIFIER_BYTES)?;
    Classifier::from_bytes(&bytes)
        .with_context(|| format!("{} is not a Sheshim model file", path.display()))
}
