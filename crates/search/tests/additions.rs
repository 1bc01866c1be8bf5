//! Documents added to a running index: an answer added is found by the next search, once
//! however often it is added; a search restricted to some documents ranks only those; and in
//! a folder, with an embedder that names its model, the added document is embedded, its
//! vector kept, and the next build from the same documents reuses both the index and the
//! vectors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_domain::Language;
use sheshim_search::{
    BuildOptions, Document, EmbedFailure, IndexLocation, Part, Role, SearchIndex, SourceRef,
    Sources, TextEmbedder,
};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

fn note(file: &str, text: &str) -> Document {
    Document {
        source: SourceRef::Note {
            file: file.to_owned(),
            title: file.to_owned(),
        },
        language: Language::Ru,
        parts: vec![Part {
            language: Language::Ru,
            text: text.to_owned(),
        }],
    }
}

fn answer(id: &str, agency: Option<&str>, appeal: &str, reply: &str) -> Document {
    Document {
        source: SourceRef::Answer {
            id: id.to_owned(),
            agency: agency.map(str::to_owned),
        },
        language: Language::Ru,
        parts: vec![
            Part {
                language: Language::Ru,
                text: appeal.to_owned(),
            },
            Part {
                language: Language::Ru,
                text: reply.to_owned(),
            },
        ],
    }
}

fn sources() -> Sources {
    let mut sources = Sources::new();
    sources.push(note(
        "heating",
        "Отопление дают по графику отопительного сезона.",
    ));
    sources.push(note(
        "school",
        "Школьное питание проверяет управление образования.",
    ));
    sources
}

fn hot_water(id: &str, agency: Option<&str>) -> Document {
    answer(
        id,
        agency,
        "В доме нет горячей воды третью неделю.",
        "Управляющей компании выдано предписание восстановить горячее водоснабжение.",
    )
}

fn keys(hits: &[sheshim_search::Hit]) -> Vec<String> {
    hits.iter().map(|h| h.source.key()).collect()
}

#[test]
fn an_added_answer_is_found_once_however_often_it_is_added() {
    let index = SearchIndex::build(sources(), BuildOptions::default()).unwrap();
    assert!(index.search("горячей воды", 5).unwrap().is_empty());

    let added = index
        .add(vec![hot_water("SH-2026-0000001", Some("AKIMAT-ALA"))])
        .unwrap();
    assert_eq!(added, 1);
    assert_eq!(index.len(), 3);
    let hits = index.search("нет горячей воды", 5).unwrap();
    assert_eq!(keys(&hits), ["answer:SH-2026-0000001"]);
    assert!(
        hits[0].snippet.contains("горячей воды"),
        "{}",
        hits[0].snippet
    );
    let document = index.document("answer:SH-2026-0000001").unwrap();
    assert_eq!(document.parts.len(), 2);

    // The same case added again, alone or twice in one batch, is not indexed twice.
    assert_eq!(
        index
            .add(vec![hot_water("SH-2026-0000001", Some("AKIMAT-ALA"))])
            .unwrap(),
        0
    );
    assert_eq!(
        index
            .add(vec![
                hot_water("SH-2026-0000002", Some("AKIMAT-ALA")),
                hot_water("SH-2026-0000002", Some("AKIMAT-ALA")),
            ])
            .unwrap(),
        1
    );
    assert_eq!(index.len(), 4);
    let hits = index.search("нет горячей воды", 10).unwrap();
    assert_eq!(keys(&hits).len(), 2, "each answer once: {:?}", keys(&hits));
    // The documents built with the index are still found as before.
    assert_eq!(
        keys(&index.search("отопительного сезона", 5).unwrap()),
        ["note:heating"]
    );
}

#[test]
fn a_restricted_search_ranks_only_the_documents_kept() {
    let index = SearchIndex::build(sources(), BuildOptions::default()).unwrap();
    index
        .add(vec![
            hot_water("SH-2026-0000001", Some("AKIMAT-ALA")),
            hot_water("SH-2026-0000002", Some("AKIMAT-AST")),
            hot_water("csv-7-ru", None),
        ])
        .unwrap();
    let own = |document: &Document| match &document.source {
        SourceRef::Answer {
            agency: Some(agency),
            ..
        } => agency == "AKIMAT-ALA",
        _ => true,
    };
    // One place only: the other agency's answer, equally good, never takes it.
    let hits = index.search_where("нет горячей воды", 2, own).unwrap();
    let mut found = keys(&hits);
    found.sort();
    assert_eq!(found, ["answer:SH-2026-0000001", "answer:csv-7-ru"]);
    let all = index.search("нет горячей воды", 5).unwrap();
    assert_eq!(all.len(), 3);
}

/// Counts "heating" and "water" words, and how many passages it embedded.
struct Counting {
    passages: AtomicUsize,
}

impl TextEmbedder for Counting {
    fn embed(&self, text: &str, role: Role) -> Result<Vec<f32>, EmbedFailure> {
        if role == Role::Passage {
            self.passages.fetch_add(1, Ordering::SeqCst);
        }
        let lower = text.to_lowercase();
        let count = |stems: &[&str]| {
            lower
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| stems.iter().any(|s| w.starts_with(s)))
                .count() as f32
        };
        Ok(vec![
            count(&["отоплен", "жылу"]),
            count(&["вод", "су"]),
            1.0,
        ])
    }

    fn model(&self) -> Option<String> {
        Some("counting 1".to_owned())
    }
}

#[test]
fn an_added_document_is_embedded_and_kept_in_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let embedder = Arc::new(Counting {
        passages: AtomicUsize::new(0),
    });
    let options = || BuildOptions {
        directory: Some(dir.clone()),
        embedder: Some(embedder.clone()),
    };
    let index = SearchIndex::build(sources(), options()).unwrap();
    assert_eq!(embedder.passages.load(Ordering::SeqCst), 2);
    let added = hot_water("SH-2026-0000001", Some("AKIMAT-ALA"));
    assert_eq!(index.add(vec![added.clone()]).unwrap(), 1);
    assert_eq!(embedder.passages.load(Ordering::SeqCst), 3);
    // A Kazakh query sharing no word with the Russian answer finds it by its vector.
    let hits = index.search("ыстық су жоқ", 1).unwrap();
    assert_eq!(keys(&hits), ["answer:SH-2026-0000001"]);
    assert!(hits[0].bm25.is_none() && hits[0].cosine.is_some());
    drop(index);

    // The next start, from the same documents in the same order: the folder's index and
    // every vector are reused, nothing is embedded again.
    let mut again = sources();
    again.push(added);
    let index = SearchIndex::build(again, options()).unwrap();
    assert_eq!(index.location(), &IndexLocation::Reused(dir.clone()));
    assert_eq!(embedder.passages.load(Ordering::SeqCst), 3);
    assert_eq!(
        keys(&index.search("нет горячей воды", 5).unwrap())[0],
        "answer:SH-2026-0000001"
    );

    // Other sources: the index is rebuilt, yet the answer's kept vector is reused.
    let mut other = Sources::new();
    other.push(hot_water("SH-2026-0000001", Some("AKIMAT-ALA")));
    other.push(note("roads", "Ремонт дорог начнётся весной."));
    let index = SearchIndex::build(other, options()).unwrap();
    assert_eq!(index.location(), &IndexLocation::Built(dir.clone()));
    assert_eq!(embedder.passages.load(Ordering::SeqCst), 4);
}
