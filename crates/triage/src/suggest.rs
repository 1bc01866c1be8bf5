//! Which method suggests an appeal's topic and agency: the seed n-gram models, similarity to
//! the labels' descriptions by a multilingual embedding (see [`crate::descriptions`]), or a
//! fusion of the two — chosen per head and language from `sheshim bench topics`, measured on
//! KZgovData's categories, on which neither method was trained ([`CHOICE`]).
//!
//! The crate stays free of models: the caller embeds the descriptions once
//! ([`LabelVectors::embed`]) and each appeal's masked reading ([`crate::Triaged::reading`]),
//! and [`crate::Triage::suggest`] applies the choice. Without an embedding, triage is the
//! seed models' alone and says so ([`Method::Seed`]).

use sheshim_domain::Language;

use crate::Label;
use crate::descriptions::{Described, Descriptions};
use std::collections::BTreeMap;

/// What triage suggests beside the appeal kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Head {
    /// The topic.
    Topic,
    /// The competent agency.
    Agency,
}

/// Which method suggested a label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Method {
    /// The n-gram classifiers triage was built with (the seed models unless an agency's
    /// own replace them; the record names them).
    #[default]
    Seed,
    /// The label whose description is nearest to the appeal by the embedding.
    Descriptions,
    /// The seed model's probabilities averaged with the descriptions' ([`fuse`]).
    Fused,
}

impl Method {
    /// `seed`, `descriptions` or `fused`, as records keep it.
    pub fn code(self) -> &'static str {
        match self {
            Method::Seed => "seed",
            Method::Descriptions => "descriptions",
            Method::Fused => "fused",
        }
    }
}

/// The method each head is suggested by in each language when the embedding is present.
///
/// Accuracy on KZgovData's categories mapped to Sheshim's labels (`sheshim bench topics
/// --models /var/tmp/sheshim-models`, KZgovData in `../shared/data/kzgovdata/data.csv`; 725
/// appeals with a topic and 845 with an agency per language), seed model / descriptions /
/// fused:
///
/// - topic in kk: 0.6662 / 0.5931 / 0.7366 — fused;
/// - topic in ru: 0.5903 / 0.7034 / 0.7117 — fused;
/// - agency in kk: 0.8450 / 0.3361 / 0.6391 — seed;
/// - agency in ru: 0.7136 / 0.4686 / 0.8071 — fused.
///
/// KZgovData has no English appeals, so nothing was measured in English and the seed models
/// stay there. A tie would keep the seed model, which needs no embedding.
pub const CHOICE: [(Head, Language, Method); 6] = [
    (Head::Topic, Language::Kk, Method::Fused),
    (Head::Topic, Language::Ru, Method::Fused),
    (Head::Topic, Language::En, Method::Seed),
    (Head::Agency, Language::Kk, Method::Seed),
    (Head::Agency, Language::Ru, Method::Fused),
    (Head::Agency, Language::En, Method::Seed),
];

/// The method [`CHOICE`] names for `head` in `language`.
pub fn choice(head: Head, language: Language) -> Method {
    CHOICE
        .iter()
        .find(|(h, l, _)| *h == head && *l == language)
        .map_or(Method::Seed, |&(_, _, method)| method)
}

/// The temperature at which label cosines become probabilities: 0.01, the temperature of
/// the contrastive loss e5 was trained with (Wang et al., 2022), so that the softmax is the
/// distribution over candidates the model itself was taught to give. Fixed from that, not
/// tuned on KZgovData or any other data.
pub const COSINE_TEMPERATURE: f64 = 0.01;

/// The weight of the seed model's probabilities in the fusion, the descriptions' having the
/// rest: 0.5, an even average, since nothing but measurement could favour either and the
/// fusion is measured, not tuned (KZgovData is the test, never the training set).
pub const SEED_WEIGHT: f64 = 0.5;

/// The description vectors of every topic and agency: for each label, one vector per
/// language of its description.
#[derive(Debug, Clone)]
pub struct LabelVectors {
    topic: Vec<(String, Vec<Vec<f32>>)>,
    agency: Vec<(String, Vec<Vec<f32>>)>,
}

impl LabelVectors {
    /// Embeds every description with `embed` (as a passage, for e5), once.
    ///
    /// # Errors
    ///
    /// The first error of `embed`.
    pub fn embed<E>(
        descriptions: &Descriptions,
        mut embed: impl FnMut(&str) -> Result<Vec<f32>, E>,
    ) -> Result<LabelVectors, E> {
        let mut of = |labels: &BTreeMap<String, Described>| {
            labels
                .iter()
                .map(|(label, described)| {
                    let vectors = described
                        .texts()
                        .iter()
                        .map(|text| embed(text))
                        .collect::<Result<Vec<_>, E>>()?;
                    Ok((label.clone(), vectors))
                })
                .collect::<Result<Vec<_>, E>>()
        };
        Ok(LabelVectors {
            topic: of(&descriptions.topic)?,
            agency: of(&descriptions.agency)?,
        })
    }

    /// The labels of `head` with their vectors, as [`crate::nearest`] reads them.
    pub fn of(&self, head: Head) -> &[(String, Vec<Vec<f32>>)] {
        match head {
            Head::Topic => &self.topic,
            Head::Agency => &self.agency,
        }
    }
}

/// For each label, the best cosine of the appeal with its descriptions' vectors (one per
/// language), in label order. Vectors are unit length, so the cosine is the dot product.
pub fn similarities(appeal: &[f32], labels: &[(String, Vec<Vec<f32>>)]) -> Vec<f32> {
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    labels
        .iter()
        .map(|(_, vectors)| {
            vectors
                .iter()
                .map(|v| dot(appeal, v))
                .fold(f32::MIN, f32::max)
        })
        .collect()
}

/// The labels' cosines as probabilities: a softmax at [`COSINE_TEMPERATURE`].
pub fn description_probabilities(cosines: &[f32]) -> Vec<f64> {
    let max = cosines.iter().copied().fold(f32::MIN, f32::max);
    let mut p: Vec<f64> = cosines
        .iter()
        .map(|&c| ((f64::from(c) - f64::from(max)) / COSINE_TEMPERATURE).exp())
        .collect();
    let sum: f64 = p.iter().sum();
    if sum > 0.0 {
        p.iter_mut().for_each(|x| *x /= sum);
    }
    p
}

/// The fused label: for every label either method knows, [`SEED_WEIGHT`] times the seed
/// model's probability plus the rest times the descriptions' ([`description_probabilities`]),
/// a label one method does not know having probability 0 there; the most probable label,
/// with that probability (ties to the first label of the seed model's order). `None` when
/// neither method has a label.
pub fn fuse(seed: &[(&str, f64)], described: &[(&str, f64)]) -> Option<Label> {
    let mut labels: Vec<&str> = seed.iter().map(|(l, _)| *l).collect();
    for (label, _) in described {
        if !labels.contains(label) {
            labels.push(label);
        }
    }
    let p = |of: &[(&str, f64)], label: &str| {
        of.iter()
            .find(|(l, _)| *l == label)
            .map_or(0.0, |(_, p)| *p)
    };
    let fused: Vec<(&str, f64)> = labels
        .into_iter()
        .map(|label| {
            let fused = SEED_WEIGHT * p(seed, label) + (1.0 - SEED_WEIGHT) * p(described, label);
            (label, fused)
        })
        .collect();
    most_probable(&fused)
}

/// The most probable label with its probability (ties to the first); `None` without labels.
pub fn most_probable(probabilities: &[(&str, f64)]) -> Option<Label> {
    probabilities
        .iter()
        .fold(None, |best: Option<(&str, f64)>, &next| match best {
            Some(b) if b.1 >= next.1 => Some(b),
            _ => Some(next),
        })
        .map(|(label, confidence)| Label {
            value: label.to_owned(),
            confidence,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_table_names_every_head_in_every_language_once() {
        for head in [Head::Topic, Head::Agency] {
            for language in Language::ALL {
                let rows = CHOICE
                    .iter()
                    .filter(|(h, l, _)| *h == head && *l == language)
                    .count();
                assert_eq!(rows, 1, "{head:?} in {}", language.code());
            }
        }
        // Nothing was measured in English: the seed models stay there.
        assert_eq!(choice(Head::Topic, Language::En), Method::Seed);
        assert_eq!(choice(Head::Agency, Language::En), Method::Seed);
        // Where the seed model measured best, it stays.
        assert_eq!(choice(Head::Agency, Language::Kk), Method::Seed);
        assert_ne!(choice(Head::Topic, Language::Ru), Method::Seed);
    }

    #[test]
    fn cosines_become_probabilities_at_the_fixed_temperature() {
        let p = description_probabilities(&[0.80, 0.81, 0.80]);
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        // A hundredth of cosine is a factor of e at a temperature of 0.01.
        // (Cosines are single precision: a hundredth of one is a hundredth to about 1e-6.)
        assert!((p[1] / p[0] - std::f64::consts::E).abs() < 1e-4, "{p:?}");
        assert!((p[0] - p[2]).abs() < 1e-12);
    }

    #[test]
    fn fusion_averages_the_two_methods_and_can_overturn_either() {
        // The seed model leans to roads, the descriptions strongly to utilities.
        let seed = [("roads", 0.6), ("utilities", 0.4)];
        let described = [("roads", 0.1), ("utilities", 0.9)];
        let fused = fuse(&seed, &described).unwrap();
        assert_eq!(fused.value, "utilities");
        assert!((fused.confidence - 0.65).abs() < 1e-12);
        // A label the descriptions do not know keeps half its seed probability.
        let fused = fuse(&[("roads", 0.9), ("utilities", 0.1)], &[("utilities", 1.0)]).unwrap();
        assert_eq!(fused.value, "utilities");
        assert!((fused.confidence - 0.55).abs() < 1e-12);
        assert_eq!(fuse(&[], &[]), None);
    }

    #[test]
    fn similarities_take_each_labels_best_language() {
        let labels = vec![
            ("heating".to_owned(), vec![vec![1.0, 0.0], vec![0.6, 0.8]]),
            ("roads".to_owned(), vec![vec![0.0, 1.0]]),
        ];
        assert_eq!(similarities(&[0.0, 1.0], &labels), [0.8, 1.0]);
    }

    /// Label vectors where each label's descriptions all point along its own axis.
    fn axes(labels: &[&str]) -> Vec<(String, Vec<Vec<f32>>)> {
        labels
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let mut axis = vec![0.0; labels.len()];
                axis[i] = 1.0;
                ((*label).to_owned(), vec![axis; 3])
            })
            .collect()
    }

    #[test]
    fn triage_takes_each_head_from_the_method_chosen_for_the_language() {
        let triage = crate::Triage::seed().unwrap();
        let descriptions = Descriptions::seed().unwrap();
        let topics: Vec<&str> = descriptions.topic.keys().map(String::as_str).collect();
        let agencies: Vec<&str> = descriptions.agency.keys().map(String::as_str).collect();
        let labels = LabelVectors {
            topic: axes(&topics),
            agency: axes(&agencies),
        };
        // A vector that is exactly the description of documents and of the ministry of
        // justice; the text is about a road in both languages.
        let mut appeal = vec![0.0; topics.len()];
        appeal[topics.iter().position(|t| *t == "documents").unwrap()] = 1.0;
        let date = chrono::NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
        for (text, language) in [
            (
                "На нашей улице огромные ямы на дороге, машины ломаются, просим отремонтировать асфальт.",
                Language::Ru,
            ),
            (
                "Біздің көшедегі жолда үлкен шұңқырлар бар, көліктер бұзылады, асфальтты жөндеуді сұраймыз.",
                Language::Kk,
            ),
        ] {
            let text = sheshim_domain::AppealText::parse(text).unwrap();
            let mut triaged = triage.triage(&text, date).unwrap();
            assert_eq!(triaged.language, language);
            let seed = (triaged.topic.clone(), triaged.agency.clone());
            assert_eq!(seed.0.value, "roads");
            assert_eq!(
                (triaged.topic_by, triaged.agency_by),
                (Method::Seed, Method::Seed)
            );
            // The agency vectors have another length than the appeal's (six against eight):
            // they are not compared, and the agency stays the seed model's.
            triage.suggest(&mut triaged, &appeal, &labels);
            let method = choice(Head::Topic, language);
            assert_eq!(triaged.topic_by, method);
            if method == Method::Seed {
                assert_eq!(triaged.topic, seed.0);
            } else {
                // The descriptions give documents a probability of about 1, which outweighs
                // anything the seed model gives roads once averaged.
                assert_eq!(triaged.topic.value, "documents", "{language:?}");
            }
            assert_eq!(triaged.agency_by, Method::Seed);
            assert_eq!(triaged.agency, seed.1);
        }
    }
}
