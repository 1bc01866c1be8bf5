//! `sheshim bench kzgovdata`: the category classifier on KZgovData, within a language and
//! across Kazakh and Russian, with hashed n-grams alone and with the multilingual embedding
//! beside them.
//!
//! The data: KZgovData (`../shared/data/kzgovdata/data.csv`, MIT, 1,200 appeals each in
//! Kazakh and in Russian with a category). The split: the rows are shuffled with a fixed seed
//! (SplitMix64 then Fisher–Yates, seed 20260101, as the classifier's own KZgovData test) and
//! the first fifth is the test set; every split below trains on the other four fifths, so
//! no appeal is trained on in one language and tested on in the other. Kazakh in Latin
//! letters is the Kazakh test set written in the 2021 alphabet. The embedding (when
//! `e5-small` is fetched) is taken of the text as the triage reads it: Kazakh Latin read into
//! Cyrillic first. `--export DIR` writes every split's rows for the scikit-learn baseline
//! (`bench/kzgovdata/compare` prints both side by side).

use crate::args::KzgovdataBenchArgs;
use anyhow::Context;
use sheshim_classify::{Classifier, DenseFeatures, Report, TrainOptions, read_labeled_csv};
use sheshim_domain::Script;
use sheshim_embed::Embedder;
use std::collections::HashMap;
use std::path::Path;
use std::process::ExitCode;

/// One split: its name, and which column trains and which tests.
struct Split {
    name: &'static str,
    train: Column,
    test: Column,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Column {
    Kazakh,
    Russian,
    KazakhLatin,
}

const SPLITS: [Split; 6] = [
    Split {
        name: "kk",
        train: Column::Kazakh,
        test: Column::Kazakh,
    },
    Split {
        name: "ru",
        train: Column::Russian,
        test: Column::Russian,
    },
    Split {
        name: "ru-to-kk",
        train: Column::Russian,
        test: Column::Kazakh,
    },
    Split {
        name: "kk-to-ru",
        train: Column::Kazakh,
        test: Column::Russian,
    },
    Split {
        name: "kk-to-kk-latin",
        train: Column::Kazakh,
        test: Column::KazakhLatin,
    },
    Split {
        name: "ru-to-kk-latin",
        train: Column::Russian,
        test: Column::KazakhLatin,
    },
];

/// The seeded shuffle of the classifier's KZgovData test (SplitMix64 + Fisher–Yates).
fn shuffled(n: usize, seed: u64) -> Vec<usize> {
    let mut state = seed;
    let mut next = || {
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    };
    let mut order: Vec<usize> = (0..n).collect();
    for i in (1..n).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
    order
}

/// The texts of one column for the given rows, with their labels.
struct Data {
    kazakh: Vec<String>,
    russian: Vec<String>,
    latin: Vec<String>,
    labels: Vec<String>,
}

impl Data {
    fn texts(&self, column: Column) -> &[String] {
        match column {
            Column::Kazakh => &self.kazakh,
            Column::Russian => &self.russian,
            Column::KazakhLatin => &self.latin,
        }
    }
}

/// KZgovData's rows: each appeal in Kazakh and in Russian, and its category.
pub struct Kzgovdata {
    /// `text_kz`, by row.
    pub kazakh: Vec<String>,
    /// `text_ru`, by row.
    pub russian: Vec<String>,
    /// `category`, by row.
    pub categories: Vec<String>,
}

/// Reads KZgovData's CSV file (size-limited); the `bench` commands on it share this reader.
pub fn read_kzgovdata(path: &Path) -> anyhow::Result<Kzgovdata> {
    let csv = crate::read::read_text_limited(path, crate::read::DATA_BYTES)
        .with_context(|| format!("KZgovData is read from {} (see --data)", path.display()))?;
    let kazakh = read_labeled_csv(&csv, "text_kz", "category")?;
    let russian = read_labeled_csv(&csv, "text_ru", "category")?;
    anyhow::ensure!(
        kazakh.len() == russian.len() && !kazakh.is_empty(),
        "{} has no rows",
        path.display()
    );
    Ok(Kzgovdata {
        categories: kazakh.iter().map(|(_, label)| label.clone()).collect(),
        kazakh: kazakh.into_iter().map(|(text, _)| text).collect(),
        russian: russian.into_iter().map(|(text, _)| text).collect(),
    })
}

fn load(path: &Path) -> anyhow::Result<Data> {
    let data = read_kzgovdata(path)?;
    let latin = data
        .kazakh
        .iter()
        .map(|text| sheshim_lang::transliterate_kk(text, Script::Latin))
        .collect();
    Ok(Data {
        labels: data.categories,
        kazakh: data.kazakh,
        russian: data.russian,
        latin,
    })
}

/// Embeddings of every text of every column, keyed by column, in row order.
fn embed_all(embedder: &Embedder, data: &Data) -> anyhow::Result<HashMap<Column, Vec<Vec<f32>>>> {
    let mut out = HashMap::new();
    for column in [Column::Kazakh, Column::Russian, Column::KazakhLatin] {
        let texts: Vec<&str> = data.texts(column).iter().map(String::as_str).collect();
        out.insert(
            column,
            crate::embedding::classifier_vectors(embedder, &texts)?,
        );
    }
    Ok(out)
}

fn options() -> TrainOptions {
    TrainOptions {
        training_date: "2026-01-01".into(),
        ..TrainOptions::default()
    }
}

/// Runs the benchmark and prints its figures.
pub fn run(args: &KzgovdataBenchArgs) -> anyhow::Result<ExitCode> {
    let data = load(&args.data)?;
    let order = shuffled(data.labels.len(), 20_260_101);
    let (test_rows, train_rows) = order.split_at(data.labels.len() / 5);
    let embedder = match crate::embedding::load(&args.folder.models) {
        Ok(embedder) => Some(embedder),
        Err(error) => {
            eprintln!("without the embedding: {error:#}");
            None
        }
    };
    let embeddings = embedder.as_ref().map(|e| embed_all(e, &data)).transpose()?;
    if !args.csv {
        println!(
            "bench kzgovdata: category, {} rows ({} train, {} test; seeded shuffle 20260101, first fifth tested)",
            data.labels.len(),
            train_rows.len(),
            test_rows.len()
        );
        println!(
            "{:<16} {:>18} {:>22}",
            "split", "n-grams acc / F1", "n-grams+e5 acc / F1"
        );
    } else {
        println!("split,system,accuracy,macro_f1");
    }
    for split in &SPLITS {
        let pick = |rows: &[usize], column: Column| -> (Vec<&str>, Vec<&str>) {
            rows.iter()
                .map(|&i| (data.texts(column)[i].as_str(), data.labels[i].as_str()))
                .unzip()
        };
        let (train_texts, train_labels) = pick(train_rows, split.train);
        let (test_texts, test_labels) = pick(test_rows, split.test);
        if let Some(folder) = &args.export {
            export(
                &folder.join(split.name),
                &train_texts,
                &train_labels,
                &test_texts,
                &test_labels,
            )?;
        }
        let ngrams = Classifier::train(&train_texts, &train_labels, &options())?;
        let predicted: Vec<String> = test_texts.iter().map(|t| ngrams.predict(t).label).collect();
        let plain = Report::from_pairs(&test_labels, &predicted);
        let dense = match &embeddings {
            Some(vectors) => {
                let rows = |rows: &[usize], column: Column| -> Vec<Vec<f32>> {
                    rows.iter().map(|&i| vectors[&column][i].clone()).collect()
                };
                let spec = DenseFeatures {
                    model: crate::embedding::MODEL_NAME.into(),
                    dimension: 384,
                    weight: args.dense_weight,
                };
                let model = Classifier::train_with_dense(
                    &train_texts,
                    &rows(train_rows, split.train),
                    spec,
                    &train_labels,
                    &options(),
                )?;
                let test_vectors = rows(test_rows, split.test);
                let predicted = test_texts
                    .iter()
                    .zip(&test_vectors)
                    .map(|(text, vector)| model.predict_with_dense(text, vector).map(|p| p.label))
                    .collect::<Result<Vec<_>, _>>()?;
                Some(Report::from_pairs(&test_labels, &predicted))
            }
            None => None,
        };
        if args.csv {
            println!(
                "{},sheshim n-grams,{:.4},{:.4}",
                split.name, plain.accuracy, plain.macro_f1
            );
            if let Some(dense) = &dense {
                println!(
                    "{},sheshim n-grams+e5,{:.4},{:.4}",
                    split.name, dense.accuracy, dense.macro_f1
                );
            }
        } else {
            let with = dense.map_or_else(
                || "(no model)".to_owned(),
                |d| format!("{:.4} / {:.4}", d.accuracy, d.macro_f1),
            );
            println!(
                "{:<16} {:>18} {:>22}",
                split.name,
                format!("{:.4} / {:.4}", plain.accuracy, plain.macro_f1),
                with
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a split's rows as `train.csv` and `test.csv` (columns text,label).
fn export(
    folder: &Path,
    train: &[&str],
    train_labels: &[&str],
    test: &[&str],
    test_labels: &[&str],
) -> anyhow::Result<()> {
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create {}", folder.display()))?;
    for (name, texts, labels) in [
        ("train.csv", train, train_labels),
        ("test.csv", test, test_labels),
    ] {
        let path = folder.join(name);
        let mut writer = csv::Writer::from_path(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        writer.write_record(["text", "label"])?;
        for (text, label) in texts.iter().zip(labels) {
            writer.write_record([text, label])?;
        }
        writer.flush()?;
    }
    Ok(())
}
