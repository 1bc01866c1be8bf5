//! The descriptions of the topics and agencies triage suggests, in Kazakh, Russian and
//! English (`corpus/descriptions.toml`): with a multilingual embedding, an appeal is compared
//! with them, which needs no training data. The crate stays free of models: the caller
//! embeds the descriptions and the appeal and [`nearest`] picks the label.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::TriageError;

/// The descriptions written for the project.
pub const DESCRIPTIONS: &str = include_str!("../corpus/descriptions.toml");

/// One label described in the three languages.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Described {
    /// In Kazakh.
    pub kk: String,
    /// In Russian.
    pub ru: String,
    /// In English.
    pub en: String,
}

impl Described {
    /// The three texts.
    pub fn texts(&self) -> [&str; 3] {
        [&self.kk, &self.ru, &self.en]
    }
}

/// Every topic and agency with its description.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Descriptions {
    /// Topics by label.
    pub topic: BTreeMap<String, Described>,
    /// Agencies by code.
    pub agency: BTreeMap<String, Described>,
}

impl Descriptions {
    /// Reads descriptions; a missing language, an empty text or an unknown key is an error
    /// naming it.
    pub fn parse(text: &str) -> Result<Descriptions, TriageError> {
        let parsed: Descriptions =
            toml::from_str(text).map_err(|error| TriageError::Descriptions(error.to_string()))?;
        for (kind, labels) in [("topic", &parsed.topic), ("agency", &parsed.agency)] {
            if labels.len() < 2 {
                return Err(TriageError::Descriptions(format!(
                    "at least two {kind} labels are needed"
                )));
            }
            for (label, described) in labels {
                if described.texts().iter().any(|t| t.trim().is_empty()) {
                    return Err(TriageError::Descriptions(format!(
                        "{kind} {label} has an empty description"
                    )));
                }
            }
        }
        Ok(parsed)
    }

    /// The descriptions written for the project.
    pub fn seed() -> Result<Descriptions, TriageError> {
        Descriptions::parse(DESCRIPTIONS)
    }
}

/// The label whose description is most similar to the appeal: for each label the best cosine
/// over its descriptions' vectors (one per language), then the best label; `None` without
/// labels. Vectors are unit length, so the cosine is the dot product.
pub fn nearest<'a>(
    appeal: &[f32],
    labels: &'a [(String, Vec<Vec<f32>>)],
) -> Option<(&'a str, f32)> {
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    labels
        .iter()
        .map(|(label, vectors)| {
            let best = vectors
                .iter()
                .map(|v| dot(appeal, v))
                .fold(f32::MIN, f32::max);
            (label.as_str(), best)
        })
        .fold(None, |best: Option<(&str, f32)>, next| match best {
            Some(b) if b.1 >= next.1 => Some(b),
            _ => Some(next),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_descriptions_cover_the_seed_labels_in_three_languages() {
        let descriptions = Descriptions::seed().unwrap();
        let topics: Vec<&str> = descriptions.topic.keys().map(String::as_str).collect();
        assert_eq!(
            topics,
            [
                "documents",
                "education",
                "environment",
                "health",
                "housing",
                "roads",
                "social",
                "utilities"
            ]
        );
        assert_eq!(descriptions.agency.len(), 6);
    }

    #[test]
    fn a_missing_language_or_an_unknown_key_is_named() {
        let error = Descriptions::parse("[topic.a]\nkk = \"x\"\nru = \"y\"\n").unwrap_err();
        assert!(error.to_string().contains("en"), "{error}");
        let error = Descriptions::parse("[topik.a]\n").unwrap_err();
        assert!(error.to_string().contains("topik"), "{error}");
    }

    #[test]
    fn nearest_takes_the_best_language_of_the_best_label() {
        let labels = vec![
            ("heating".to_owned(), vec![vec![1.0, 0.0], vec![0.6, 0.8]]),
            ("roads".to_owned(), vec![vec![0.0, 1.0]]),
        ];
        assert_eq!(nearest(&[0.0, 1.0], &labels).map(|n| n.0), Some("roads"));
        assert_eq!(nearest(&[0.8, 0.6], &labels).map(|n| n.0), Some("heating"));
        assert_eq!(nearest(&[1.0, 0.0], &[]), None);
    }
}
