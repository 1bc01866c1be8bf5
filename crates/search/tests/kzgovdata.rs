//! Retrieval of earlier answers on KZgovData (1,200 appeals in Kazakh and Russian with the
//! answer given; `../shared/data/kzgovdata/data.csv`, read at test time — or from the path in
//! `SHESHIM_KZGOVDATA` — and skipped with a message when absent; nothing of it is kept in the
//! repository).
//!
//! Queries: the appeals of 100 rows (every 12th), each in Kazakh and in Russian, searched in
//! an index of the same language's documents. A query succeeds when a hit in its top 5 is
//! the answer to the same appeal: the same row, or a row whose answer is word for word the
//! same (KZgovData repeats appeals, and a repeated appeal answered alike is the same answer).
//!
//! - **Appeal and answer indexed together** (what `sheshim search --answers` does): the
//!   appeal text is in the index, so this checks that analysis, masking and ranking keep the
//!   exact appeal on top among 1,200 similar ones.
//! - **Answers alone indexed**, the query being the appeal: the answer must be found from
//!   the words it shares with the appeal, which is the harder, informative figure.
//! - **Another appeal, worded otherwise, answered alike**: for the first 100 rows whose
//!   answer was also given, word for word, to an appeal worded differently, the documents
//!   whose appeal is word for word the query's (its own, and its repeats) are left out of
//!   the hits, and one of the top 5 must carry the same answer — what a draft needs: the
//!   earlier answer to a similar appeal.
//!
//! Measured when written: 1.00 and 1.00; 0.02 (kk: the answers are in Russian) and 0.34
//! (ru); 0.90 (kk, 50 queries) and 0.82 (ru, 28 queries). With the Kazakh analyser replaced
//! by lower-casing alone (an experiment, not kept), the Kazakh figure of the third kind fell
//! to 0.86.
//!
//! Run with the figures printed:
//! `SHESHIM_KZGOVDATA=/path/to/data.csv cargo test -p sheshim-search --test kzgovdata -- --nocapture`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_domain::Language;
use sheshim_search::{BuildOptions, Document, SearchIndex, SourceRef, Sources};
use std::collections::HashMap;
use std::path::PathBuf;

const QUERIES: usize = 100;
const TOP: usize = 5;

fn path() -> PathBuf {
    std::env::var_os("SHESHIM_KZGOVDATA").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../../shared/data/kzgovdata/data.csv")
        },
        PathBuf::from,
    )
}

fn id(document: &Document) -> &str {
    match &document.source {
        SourceRef::Answer { id, .. } => id,
        other => panic!("not an answer: {other:?}"),
    }
}

/// Recall at [`TOP`] for queries in `language`, with or without the appeal in the index.
fn recall(all: &[Document], language: Language, with_appeal: bool) -> f64 {
    let docs: Vec<&Document> = all.iter().filter(|d| d.language == language).collect();
    let reply_of: HashMap<String, String> = docs
        .iter()
        .map(|d| (id(d).to_owned(), d.parts[1].text.clone()))
        .collect();
    let mut sources = Sources::new();
    for doc in &docs {
        let mut doc = (*doc).clone();
        if !with_appeal {
            doc.parts.remove(0);
        }
        sources.push(doc);
    }
    let index = SearchIndex::build(sources, BuildOptions::default()).unwrap();
    let step = docs.len() / QUERIES;
    let mut found = 0;
    for doc in docs.iter().step_by(step).take(QUERIES) {
        let hits = index.search(&doc.parts[0].text, TOP).unwrap();
        let answer = &reply_of[id(doc)];
        if hits.iter().any(|hit| match &hit.source {
            SourceRef::Answer { id: hit_id, .. } => {
                hit_id == id(doc) || &reply_of[hit_id] == answer
            }
            _ => false,
        }) {
            found += 1;
        }
    }
    found as f64 / QUERIES as f64
}

/// Recall at [`TOP`] of another appeal, worded otherwise, with the same answer.
fn recall_similar(all: &[Document], language: Language) -> (f64, usize) {
    let docs: Vec<&Document> = all.iter().filter(|d| d.language == language).collect();
    let appeal = |d: &Document| d.parts[0].text.clone();
    let answer = |d: &Document| d.parts[1].text.clone();
    let by_id: HashMap<&str, &Document> = docs.iter().map(|d| (id(d), *d)).collect();
    let mut sources = Sources::new();
    for doc in &docs {
        sources.push((*doc).clone());
    }
    let index = SearchIndex::build(sources, BuildOptions::default()).unwrap();
    let queries: Vec<&&Document> = docs
        .iter()
        .filter(|q| {
            docs.iter()
                .any(|d| answer(d) == answer(q) && appeal(d) != appeal(q))
        })
        .take(QUERIES)
        .collect();
    let mut found = 0;
    for query in &queries {
        // Deep enough that the repeats of the query, left out, leave five others.
        let hits = index.search(&appeal(query), 50).unwrap();
        let others = hits.iter().filter_map(|hit| match &hit.source {
            SourceRef::Answer { id, .. } => Some(by_id[id.as_str()]),
            _ => None,
        });
        if others
            .filter(|d| appeal(d) != appeal(query))
            .take(TOP)
            .any(|d| answer(d) == answer(query))
        {
            found += 1;
        }
    }
    (found as f64 / queries.len() as f64, queries.len())
}

#[test]
fn the_answer_to_the_same_appeal_is_in_the_top_5() {
    let path = path();
    if !path.is_file() {
        eprintln!(
            "skipped: {} not found (set SHESHIM_KZGOVDATA)",
            path.display()
        );
        return;
    }
    let mut sources = Sources::new();
    assert_eq!(sources.add_answers(&path).unwrap(), 2400);
    let all = sources.documents();
    let mut figures = Vec::new();
    for language in [Language::Kk, Language::Ru] {
        let together = recall(all, language, true);
        let alone = recall(all, language, false);
        println!(
            "kzgovdata {}: recall@{TOP} appeal+answer indexed = {together:.2}, answers alone = {alone:.2} ({QUERIES} queries)",
            language.code()
        );
        let (similar, queries) = recall_similar(all, language);
        println!(
            "kzgovdata {}: recall@{TOP} of another appeal, worded otherwise, answered alike = {similar:.2} ({queries} queries)",
            language.code()
        );
        figures.push((language, together, alone, similar));
    }
    for (language, together, alone, similar) in figures {
        // Measured 1.00 in both languages: the appeal itself is indexed.
        assert!(together >= 0.98, "{}: {together}", language.code());
        // Measured 0.34 for Russian. KZgovData's answers are all in Russian, so a Kazakh
        // appeal finds its answer alone only through shared names and numbers (measured
        // 0.02): that is cross-language retrieval, which needs the embeddings, and is only
        // printed here.
        if language == Language::Ru {
            assert!(alone >= 0.30, "ru: {alone}");
        }
        // Measured 0.90 for Kazakh (50 queries) and 0.82 for Russian (28: fewer Russian
        // appeals answered alike are worded differently).
        let floor = if language == Language::Kk { 0.85 } else { 0.75 };
        assert!(similar >= floor, "{}: {similar}", language.code());
    }
}
