//! `sheshim bench topics`: the default topic and agency suggestions before an agency has any
//! history — the seed models (trained on the project's 480 texts) against similarity to the
//! labels' descriptions (`crates/triage/corpus/descriptions.toml`) by the multilingual
//! embedding — measured on KZgovData, which neither was trained on.
//!
//! KZgovData's categories map to Sheshim's labels where one exists: ЖКХ → utilities
//! (akimat), дороги → roads (akimat), образование → education (ministry of education),
//! медицина → health (ministry of health), соцподдержка → social (ministry of labour),
//! экология → environment (akimat), and общественный транспорт → the akimat (an agency, no
//! topic). Police, internet and corruption have no label in the seed and are left out. Each
//! appeal is read in Kazakh and in Russian.
//!
//! A third method fuses the two: the seed model's probabilities averaged with a softmax of
//! the labels' cosines (`sheshim_triage::fuse`). Its temperature and weight were fixed
//! beforehand from first principles (see `COSINE_TEMPERATURE` and `SEED_WEIGHT` in the
//! triage crate), never tuned on KZgovData, which stays a test set for all three methods.
//! The figures choose the method triage uses per head and language
//! (`sheshim_triage::CHOICE`).

use crate::args::TopicsBenchArgs;
use sheshim_classify::Classifier;
use sheshim_embed::Role;
use sheshim_triage::{
    Descriptions, Head, LabelVectors, Models, description_probabilities, fuse, nearest,
    similarities,
};
use std::process::ExitCode;

/// KZgovData's category → (topic, agency).
const MAPPING: [(&str, Option<&str>, &str); 7] = [
    ("ЖКХ", Some("utilities"), "AKIMAT"),
    ("дороги", Some("roads"), "AKIMAT"),
    ("образование", Some("education"), "MINEDU"),
    ("медицина", Some("health"), "MINHEALTH"),
    ("соцподдержка", Some("social"), "MINLABOR"),
    ("экология", Some("environment"), "AKIMAT"),
    ("общественный транспорт", None, "AKIMAT"),
];

fn accuracy(pairs: &[(String, String)]) -> f64 {
    pairs.iter().filter(|(gold, got)| gold == got).count() as f64 / pairs.len().max(1) as f64
}

/// Runs the benchmark and prints its figures.
pub fn run(args: &TopicsBenchArgs) -> anyhow::Result<ExitCode> {
    let data = crate::bench_kzgovdata::read_kzgovdata(&args.data)?;
    let embedder = crate::embedding::load(&args.folder.models)?;
    let descriptions = Descriptions::seed()?;
    // The descriptions embedded as triage embeds them at a server's start.
    let labels = LabelVectors::embed(&descriptions, |text| {
        embedder.embed(text, Role::Passage).map(|e| e.into_vec())
    })?;
    let seed = Models::seed()?;
    println!(
        "bench topics: KZgovData's categories mapped to Sheshim's labels; no training on KZgovData"
    );
    println!(
        "{:<8} {:<4} {:>7} {:>12} {:>14} {:>8}",
        "label", "lang", "appeals", "seed model", "descriptions", "fused"
    );
    for (language, texts) in [("kk", &data.kazakh), ("ru", &data.russian)] {
        let mapped: Vec<(&str, Option<&str>, &str)> = texts
            .iter()
            .zip(&data.categories)
            .filter_map(|(text, category)| {
                MAPPING
                    .iter()
                    .find(|m| m.0 == category)
                    .map(|&(_, topic, agency)| (text.as_str(), topic, agency))
            })
            .collect();
        // As triage's classifiers read a text: Latin Kazakh read into Cyrillic first.
        let texts: Vec<&str> = mapped.iter().map(|(text, _, _)| *text).collect();
        let vectors = crate::embedding::classifier_vectors(&embedder, &texts)?;
        for (name, model, labels) in [
            ("topic", &seed.topic, labels.of(Head::Topic)),
            ("agency", &seed.agency, labels.of(Head::Agency)),
        ] {
            let [by_model, by_description, by_fusion] =
                compare(&mapped, &vectors, name, model, labels);
            println!(
                "{name:<8} {language:<4} {:>7} {:>12.4} {:>14.4} {:>8.4}",
                by_model.len(),
                accuracy(&by_model),
                accuracy(&by_description),
                accuracy(&by_fusion)
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Gold and suggested labels, one pair per appeal.
type Pairs = Vec<(String, String)>;

/// (gold, suggested) pairs by the seed model, by the descriptions and by their fusion, for
/// the appeals that have a gold label of this kind.
fn compare(
    mapped: &[(&str, Option<&str>, &str)],
    vectors: &[Vec<f32>],
    kind: &str,
    model: &Classifier,
    labels: &[(String, Vec<Vec<f32>>)],
) -> [Pairs; 3] {
    let mut by_model = Vec::new();
    let mut by_description = Vec::new();
    let mut by_fusion = Vec::new();
    for ((text, topic, agency), vector) in mapped.iter().zip(vectors) {
        let gold = if kind == "topic" {
            *topic
        } else {
            Some(*agency)
        };
        let Some(gold) = gold else { continue };
        let probabilities = model.probabilities(text);
        let seed: Vec<(&str, f64)> = model
            .labels()
            .iter()
            .map(String::as_str)
            .zip(probabilities)
            .collect();
        let best = sheshim_triage::most_probable(&seed).map_or(String::new(), |l| l.value);
        by_model.push((gold.to_owned(), best));
        let nearest = nearest(vector, labels).map_or(String::new(), |n| n.0.to_owned());
        by_description.push((gold.to_owned(), nearest));
        let described: Vec<(&str, f64)> = labels
            .iter()
            .map(|(label, _)| label.as_str())
            .zip(description_probabilities(&similarities(vector, labels)))
            .collect();
        let fused = fuse(&seed, &described).map_or(String::new(), |l| l.value);
        by_fusion.push((gold.to_owned(), fused));
    }
    [by_model, by_description, by_fusion]
}
