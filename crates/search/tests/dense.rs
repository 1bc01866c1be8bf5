//! The embedding path with an embedder written for this test: a toy "cross-lingual" model
//! that maps a few words of each language to shared concepts. It stands in for
//! `sheshim-embed` (which the lead builds) to show what fusion does: a Kazakh query that
//! shares no word with a Russian passage finds it through the vectors, and BM25 hits keep
//! their place; and an index kept in a folder keeps each document's vector for the same model.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_domain::Language;
use sheshim_search::{
    BuildOptions, Document, EmbedFailure, Part, Ranking, Role, SearchError, SearchIndex, SourceRef,
    Sources, TextEmbedder,
};
use std::sync::Arc;

/// Concepts, each with its words (lower-case prefixes) in Kazakh, Russian and English.
const CONCEPTS: [&[&str]; 3] = [
    &["жылу", "отоплен", "heating"],
    &["мектеп", "школ", "school"],
    &["жол", "дорог", "road"],
];

struct ConceptEmbedder;

impl TextEmbedder for ConceptEmbedder {
    fn embed(&self, text: &str, _role: Role) -> Result<Vec<f32>, EmbedFailure> {
        let lower = text.to_lowercase();
        let words: Vec<&str> = lower.split(|c: char| !c.is_alphanumeric()).collect();
        let vector: Vec<f32> = CONCEPTS
            .iter()
            .map(|stems| {
                words
                    .iter()
                    .filter(|w| stems.iter().any(|s| w.starts_with(s)))
                    .count() as f32
            })
            .collect();
        Ok(vector)
    }
}

struct Failing;

/// Embeds documents in three dimensions and queries in two: a broken model.
struct Mismatched;

impl TextEmbedder for Mismatched {
    fn embed(&self, _text: &str, role: Role) -> Result<Vec<f32>, EmbedFailure> {
        Ok(match role {
            Role::Passage => vec![1.0, 0.0, 0.0],
            Role::Query => vec![1.0, 0.0],
        })
    }
}

impl TextEmbedder for Failing {
    fn embed(&self, _text: &str, _role: Role) -> Result<Vec<f32>, EmbedFailure> {
        Err(EmbedFailure("model not loaded".to_owned()))
    }
}

fn note(file: &str, language: Language, text: &str) -> Document {
    Document {
        source: SourceRef::Note {
            file: file.to_owned(),
            title: file.to_owned(),
        },
        language,
        parts: vec![Part {
            language,
            text: text.to_owned(),
        }],
    }
}

fn sources() -> Sources {
    let mut sources = Sources::new();
    sources.push(note(
        "heating-ru",
        Language::Ru,
        "Отопление дают по графику отопительного сезона.",
    ));
    sources.push(note(
        "school-ru",
        Language::Ru,
        "Школьное питание проверяет управление образования.",
    ));
    sources.push(note(
        "roads-kk",
        Language::Kk,
        "Жолдарды жөндеу жоспары көктемде бекітіледі.",
    ));
    sources
}

#[test]
fn without_an_embedder_a_kazakh_query_misses_the_russian_passage() {
    let index = SearchIndex::build(sources(), BuildOptions::default()).unwrap();
    assert_eq!(index.ranking(), Ranking::Bm25);
    let hits = index.search("үйде жылу жоқ", 3).unwrap();
    assert!(
        hits.iter()
            .all(|h| !matches!(&h.source, SourceRef::Note { file, .. } if file == "heating-ru"))
    );
}

#[test]
fn with_an_embedder_the_fused_ranking_finds_it() {
    let options = BuildOptions {
        directory: None,
        embedder: Some(Arc::new(ConceptEmbedder)),
    };
    let index = SearchIndex::build(sources(), options).unwrap();
    assert_eq!(index.ranking(), Ranking::Fused);
    let hits = index.search("үйде жылу жоқ", 3).unwrap();
    assert!(
        matches!(&hits[0].source, SourceRef::Note { file, .. } if file == "heating-ru"),
        "{hits:#?}"
    );
    // Found by its vector alone: no term matched, so the snippet is the passage's start; no
    // Kazakh word can reach a Russian passage, so its dense rank stands for its lexical rank
    // too and it scores as a document both rankings put first.
    assert!(hits[0].snippet.starts_with("Отопление дают"));
    assert!((hits[0].score - 2.0 / 61.0).abs() < 1e-6);

    // A query both rankings agree on scores from both.
    let hits = index.search("жолдарды жөндеу", 3).unwrap();
    assert!(matches!(&hits[0].source, SourceRef::Note { file, .. } if file == "roads-kk"));
    assert!((hits[0].score - 2.0 / 61.0).abs() < 1e-6);
}

#[test]
fn an_embedder_failure_is_an_error_naming_the_document() {
    let options = BuildOptions {
        directory: None,
        embedder: Some(Arc::new(Failing)),
    };
    let err = SearchIndex::build(sources(), options).err().unwrap();
    assert!(matches!(err, SearchError::Embedding { .. }));
    assert_eq!(
        err.to_string(),
        "embedding note:heating-ru: model not loaded"
    );
}

#[test]
fn a_query_vector_of_another_length_is_an_error() {
    let options = BuildOptions {
        directory: None,
        embedder: Some(Arc::new(Mismatched)),
    };
    let index = SearchIndex::build(sources(), options).unwrap();
    let err = index.search("жылу", 3).unwrap_err();
    assert_eq!(
        err.to_string(),
        "embedding the query: a vector of 2 dimensions, where the documents' have 3"
    );
}

/// Counts the texts it embeds, and names its model, so that a folder keeps its vectors.
struct Counting {
    texts: std::sync::atomic::AtomicUsize,
    model: &'static str,
}

impl TextEmbedder for Counting {
    fn embed(&self, text: &str, role: Role) -> Result<Vec<f32>, EmbedFailure> {
        self.texts.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        ConceptEmbedder.embed(text, role)
    }

    fn model(&self) -> Option<String> {
        Some(self.model.to_owned())
    }
}

#[test]
fn an_index_folder_keeps_each_documents_vector_for_the_same_model() {
    let dir = tempfile::tempdir().unwrap();
    let build = |model: &'static str, sources: Sources| {
        let embedder = Arc::new(Counting {
            texts: std::sync::atomic::AtomicUsize::new(0),
            model,
        });
        let index = SearchIndex::build(
            sources,
            BuildOptions {
                directory: Some(dir.path().join("index")),
                embedder: Some(embedder.clone()),
            },
        )
        .unwrap();
        let hits = index.search("жылу жоқ", 1).unwrap();
        (
            embedder.texts.load(std::sync::atomic::Ordering::SeqCst),
            hits,
        )
    };
    let documents = sources().len();
    // Built: every document embedded (and the query).
    let (first, hits) = build("model-a", sources());
    assert_eq!(first, documents + 1);
    // Reused: only the query is embedded, and it finds the same.
    let (second, again) = build("model-a", sources());
    assert_eq!(second, 1);
    assert_eq!(hits, again);
    // One document more (an answer issued since): only it and the query are embedded.
    let mut more = sources();
    more.push(note("new.md", Language::Ru, "Новая заметка об отоплении."));
    let (third, _) = build("model-a", more);
    assert_eq!(third, 2);
    // Another model's vectors are not reused.
    let (fourth, _) = build("model-b", sources());
    assert_eq!(fourth, documents + 1);
    // A truncated file is not read: the vectors are computed again.
    let file = dir.path().join("index").join("sheshim-vectors.bin");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() - 3]).unwrap();
    let (fifth, _) = build("model-b", sources());
    assert_eq!(fifth, documents + 1);
}
