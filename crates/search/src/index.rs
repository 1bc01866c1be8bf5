//! The index: documents in tantivy (BM25) with one text field per language, optionally one
//! embedding vector per document, and the search that ranks and fuses.

use crate::analysis::{self, analyser_name};
use crate::error::SearchError;
use crate::folder;
use crate::fusion::{EmbedFailure, RRF_K, Role, TextEmbedder, cosine, reciprocal_rank_fusion};
use crate::sources::{Document, SourceRef, Sources};
use rayon::prelude::*;
use sheshim_domain::Language;
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;
use std::sync::Arc;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value as _,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument, Term};

/// The longest query searched, in characters: a page of text, far more than a question, and
/// few enough terms that a query costs milliseconds.
pub const MAX_QUERY_CHARS: usize = 4000;

/// How deep each ranking is read before fusion: fusion can only promote a document one of
/// the rankings found.
const FUSION_DEPTH: usize = 100;

/// The longest snippet, in characters.
const SNIPPET_CHARS: usize = 200;

/// The memory tantivy's writer may use while indexing (one thread).
const WRITER_BYTES: usize = 50_000_000;

/// How to build an index.
#[derive(Clone, Default)]
pub struct BuildOptions {
    /// Keep the index in this folder (reused while the sources are unchanged) instead of in
    /// memory. The folder must be empty, new, or hold an index built here before.
    pub directory: Option<PathBuf>,
    /// Embed every document and fuse BM25 with cosine similarity.
    pub embedder: Option<Arc<dyn TextEmbedder>>,
}

/// Where the index is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexLocation {
    /// In memory, built at this run.
    Memory,
    /// In this folder, built at this run.
    Built(PathBuf),
    /// In this folder, built earlier from the same sources and reused.
    Reused(PathBuf),
}

/// How hits are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ranking {
    /// BM25 alone; the score is BM25's.
    Bm25,
    /// BM25 and cosine similarity fused by reciprocal rank; the score is the fused one.
    Fused,
}

/// One search result.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Where the document came from.
    pub source: SourceRef,
    /// Its score (see [`Ranking`]).
    pub score: f32,
    /// The part of its text that matches the query, on one line; for an answer, the appeal's
    /// fragment, " → ", and the answer's.
    pub snippet: String,
    /// The document's language.
    pub language: Language,
    /// Its BM25 score, when BM25 found it (it shares words with the query).
    pub bm25: Option<f32>,
    /// The cosine similarity of its vector to the query's, when the index has vectors.
    pub cosine: Option<f32>,
}

/// The fields of the schema.
#[derive(Clone, Copy)]
struct Fields {
    /// The document's number in [`SearchIndex::documents`].
    ord: Field,
    /// The text fields, in the order of [`Language::ALL`].
    text: [Field; 3],
}

impl Fields {
    fn text(&self, language: Language) -> Field {
        match language {
            Language::Kk => self.text[0],
            Language::Ru => self.text[1],
            Language::En => self.text[2],
        }
    }
}

fn field_name(language: Language) -> String {
    format!("text_{}", language.code())
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let ord = builder.add_u64_field("ord", STORED);
    let text = Language::ALL.map(|language| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(analyser_name(language))
            .set_index_option(IndexRecordOption::WithFreqs);
        builder.add_text_field(
            &field_name(language),
            TextOptions::default().set_indexing_options(indexing),
        )
    });
    (builder.build(), Fields { ord, text })
}

/// A search index over [`Sources`].
pub struct SearchIndex {
    documents: Vec<Document>,
    /// Each document's number by its [`SourceRef::key`] (the first, were a key given twice).
    by_key: HashMap<String, usize>,
    reader: IndexReader,
    fields: Fields,
    vectors: Option<Vectors>,
    location: IndexLocation,
}

/// The embedder and one vector per document, in the order of the documents.
type Vectors = (Arc<dyn TextEmbedder>, Vec<Vec<f32>>);

impl SearchIndex {
    /// Indexes the sources' documents.
    pub fn build(sources: Sources, options: BuildOptions) -> Result<SearchIndex, SearchError> {
        let documents = sources.documents().to_vec();
        if documents.is_empty() {
            return Err(SearchError::NoDocuments);
        }
        let (schema, fields) = schema();
        let fingerprint = folder::fingerprint(&documents);
        let (index, location, fresh) = match &options.directory {
            None => (Index::create_in_ram(schema), IndexLocation::Memory, true),
            Some(dir) => folder::open_or_create(dir, schema, &fingerprint)?,
        };
        analysis::register(index.tokenizers());
        if fresh {
            let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_BYTES)?;
            for (ord, document) in documents.iter().enumerate() {
                let mut doc = TantivyDocument::new();
                doc.add_u64(fields.ord, ord as u64);
                for part in &document.parts {
                    doc.add_text(fields.text(part.language), &part.text);
                }
                writer.add_document(doc)?;
            }
            writer.commit()?;
            if let Some(dir) = &options.directory {
                folder::write_fingerprint(dir, &fingerprint)?;
            }
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let vectors = match options.embedder {
            None => None,
            Some(embedder) => {
                // Vectors kept in the folder by the same model are reused for every document
                // that did not change: embedding is by far the slowest part of a build.
                let kept = match (&options.directory, embedder.model()) {
                    (Some(dir), Some(model)) => Some((dir, model)),
                    _ => None,
                };
                let digests: Vec<[u8; 32]> = match &kept {
                    Some(_) => documents.iter().map(folder::document_digest).collect(),
                    None => Vec::new(),
                };
                let mut stored = kept
                    .as_ref()
                    .map(|(dir, model)| folder::read_vectors(dir, model))
                    .unwrap_or_default();
                let known: Vec<Option<Vec<f32>>> = (0..documents.len())
                    .map(|i| digests.get(i).and_then(|d| stored.remove(d)))
                    .collect();
                let reused = known.iter().all(Option::is_some);
                let vectors = embed_documents(&embedder, &documents, known)?;
                // Rewritten when a vector was computed or one kept is no longer used.
                if let Some((dir, model)) = &kept
                    && (!reused || !stored.is_empty())
                {
                    folder::write_vectors(dir, model, &digests, &vectors)?;
                }
                Some((embedder, vectors))
            }
        };
        let mut by_key = HashMap::with_capacity(documents.len());
        for (ord, document) in documents.iter().enumerate() {
            by_key.entry(document.source.key()).or_insert(ord);
        }
        Ok(SearchIndex {
            documents,
            by_key,
            reader,
            fields,
            vectors,
            location,
        })
    }

    /// Where the index is.
    pub fn location(&self) -> &IndexLocation {
        &self.location
    }

    /// How hits are ranked.
    pub fn ranking(&self) -> Ranking {
        if self.vectors.is_some() {
            Ranking::Fused
        } else {
            Ranking::Bm25
        }
    }

    /// How many documents are indexed.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// The document whose [`SourceRef::key`] is `key`.
    pub fn document(&self, key: &str) -> Option<&Document> {
        self.by_key
            .get(key)
            .and_then(|&ord| self.documents.get(ord))
    }

    /// The same legal passage in `language`: the passage of the same folder, act and
    /// article written in that language, when the catalogue has one. Passages are kept once
    /// per language, so a Kazakh appeal that found the Russian text of an article can be
    /// answered with the Kazakh text of it.
    pub fn equivalent(&self, source: &SourceRef, language: Language) -> Option<&Document> {
        let SourceRef::Law {
            folder,
            act,
            article,
            ..
        } = source
        else {
            return None;
        };
        self.documents.iter().find(|d| {
            d.language == language
                && matches!(&d.source, SourceRef::Law { folder: f, act: a, article: r, .. }
                    if f == folder && a == act && r == article)
        })
    }

    /// True when no document is indexed (never, once built).
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }

    /// The best `limit` documents for `query`, best first. The query is analysed by every
    /// language's analyser and searched in every language's field; a Kazakh query in Latin
    /// letters is read into Cyrillic as well.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        self.search_embedded(query, None, limit)
    }

    /// The embedder the documents' vectors were made with, when the index has them.
    pub fn embedder(&self) -> Option<&Arc<dyn TextEmbedder>> {
        self.vectors.as_ref().map(|(embedder, _)| embedder)
    }

    /// [`SearchIndex::search`] with the query's vector computed beforehand by the index's own
    /// [`SearchIndex::embedder`], of the trimmed query as a [`Role::Query`], so a caller that
    /// needed it anyway does not embed the text twice. A vector of another length than the
    /// documents' is refused; without vectors in the index it is not read.
    pub fn search_embedded(
        &self,
        query: &str,
        query_vector: Option<Vec<f32>>,
        limit: usize,
    ) -> Result<Vec<Hit>, SearchError> {
        let query = query.trim();
        let chars = query.chars().count();
        if chars > MAX_QUERY_CHARS {
            return Err(SearchError::QueryTooLong {
                chars,
                limit: MAX_QUERY_CHARS,
            });
        }
        // One detection serves both the Latin Kazakh reading of the query and the fusion.
        let detection = sheshim_lang::detect(query).ok();
        let bm25_query = self.query(query, detection.as_ref())?;
        if limit == 0 {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let depth = if self.vectors.is_some() {
            limit.max(FUSION_DEPTH)
        } else {
            limit
        };
        let top = searcher.search(&bm25_query, &TopDocs::with_limit(depth).order_by_score())?;
        let mut bm25 = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(ord) = doc.get_first(self.fields.ord).and_then(|v| v.as_u64()) {
                bm25.push((ord as usize, score));
            }
        }
        let bm25_of: std::collections::HashMap<usize, f32> = bm25.iter().copied().collect();
        let mut cosine_of: Vec<f32> = Vec::new();
        let ranked: Vec<(usize, f32)> = match &self.vectors {
            None => bm25,
            Some((embedder, vectors)) => {
                let query_vector = match query_vector {
                    Some(given) => vectors
                        .first()
                        .map_or(Ok(()), |first| embed_check(&given, first))
                        .map(|()| given),
                    None => embed(embedder.as_ref(), query, Role::Query, vectors.first()),
                }
                .map_err(|failure| SearchError::Embedding {
                    what: "the query".to_owned(),
                    failure,
                })?;
                let mut dense: Vec<(usize, f32)> = vectors
                    .iter()
                    .enumerate()
                    .map(|(ord, vector)| (ord, cosine(&query_vector, vector)))
                    .collect();
                cosine_of = dense.iter().map(|h| h.1).collect();
                dense.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                dense.truncate(depth);
                let dense: Vec<usize> = dense.iter().map(|h| h.0).collect();
                let lexical = lexical_ranking(
                    &bm25,
                    &dense,
                    detection.as_ref().map(|d| d.language),
                    |ord| self.documents.get(ord).map(|d| d.language),
                );
                reciprocal_rank_fusion(&[lexical, dense], RRF_K)
            }
        };
        let generators = Language::ALL
            .iter()
            .map(|&language| {
                let mut generator =
                    SnippetGenerator::create(&searcher, &bm25_query, self.fields.text(language))?;
                generator.set_max_num_chars(SNIPPET_CHARS);
                Ok((language, generator))
            })
            .collect::<Result<Vec<_>, SearchError>>()?;
        Ok(ranked
            .into_iter()
            .take(limit)
            .filter_map(|(ord, score)| {
                let document = self.documents.get(ord)?;
                Some(Hit {
                    source: document.source.clone(),
                    score,
                    snippet: snippet(document, &generators),
                    language: document.language,
                    bm25: bm25_of.get(&ord).copied(),
                    cosine: cosine_of.get(ord).copied(),
                })
            })
            .collect())
    }

    /// The BM25 query: every term the query gives in each language's analyser, as
    /// alternatives, in that language's field.
    fn query(
        &self,
        query: &str,
        detection: Option<&sheshim_lang::Detection>,
    ) -> Result<BooleanQuery, SearchError> {
        let cyrillic = detection.and_then(|d| d.kazakh_latin).map(|spelling| {
            sheshim_lang::normalize(query, Some(spelling))
                .as_str()
                .to_owned()
        });
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for language in Language::ALL {
            let mut terms: BTreeSet<String> =
                analysis::terms(language, query).into_iter().collect();
            if language == Language::Kk
                && let Some(cyrillic) = &cyrillic
            {
                terms.extend(analysis::terms(language, cyrillic));
            }
            let field = self.fields.text(language);
            for term in terms {
                clauses.push((
                    Occur::Should,
                    Box::new(TermQuery::new(
                        Term::from_field_text(field, &term),
                        IndexRecordOption::WithFreqs,
                    )),
                ));
            }
        }
        if clauses.is_empty() {
            return Err(SearchError::EmptyQuery);
        }
        Ok(BooleanQuery::new(clauses))
    }
}

/// The snippet: for each part of the document, the fragment with the query's terms, or its
/// beginning when none is there (a hit found by its vector alone, or the answer after the
/// appeal that matched), joined by " → " and put on one line.
fn snippet(document: &Document, generators: &[(Language, SnippetGenerator)]) -> String {
    let fragments: Vec<String> = document
        .parts
        .iter()
        .map(|part| {
            let highlighted = generators
                .iter()
                .find(|(l, _)| *l == part.language)
                .map(|(_, generator)| generator.snippet(&part.text))
                .filter(|snippet| !snippet.highlighted().is_empty());
            match highlighted {
                Some(snippet) => snippet.fragment().to_owned(),
                None => part.text.chars().take(SNIPPET_CHARS).collect(),
            }
        })
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    fragments.join(" → ")
}

/// The lexical ranking that takes part in the fusion. BM25 can only find a document that
/// shares words with the query, so a document in another language than the query's would
/// be missing from it for want of a shared language, not of relevance, and reciprocal rank
/// fusion would then put above it any document of the query's language that shares one
/// common word (a Kazakh complaint about heating ranked a Kazakh answer about a school, which
/// shares «бала», above the Russian answer about heating). So the documents of other
/// languages that BM25 did not find are judged by meaning alone: they enter the lexical
/// ranking at their dense rank, after BM25's own hits of the same rank. With no language
/// detected for the query, BM25's ranking is taken as it is.
fn lexical_ranking(
    bm25: &[(usize, f32)],
    dense: &[usize],
    query_language: Option<Language>,
    language_of: impl Fn(usize) -> Option<Language>,
) -> Vec<usize> {
    let mut ranked: Vec<(usize, usize, usize)> = bm25
        .iter()
        .enumerate()
        .map(|(rank, &(ord, _))| (rank, 0, ord))
        .collect();
    if let Some(language) = query_language {
        let found: std::collections::HashSet<usize> = bm25.iter().map(|h| h.0).collect();
        ranked.extend(
            dense
                .iter()
                .enumerate()
                .filter(|&(_, ord)| {
                    !found.contains(ord) && language_of(*ord).is_some_and(|l| l != language)
                })
                .map(|(rank, &ord)| (rank, 1, ord)),
        );
    }
    ranked.sort_unstable();
    ranked.into_iter().map(|(_, _, ord)| ord).collect()
}

/// One vector per document, each checked to have the first one's length. Documents are
/// embedded in parallel on the caller's rayon pool: an embedding model is the slow part of
/// building an index.
fn embed_documents(
    embedder: &Arc<dyn TextEmbedder>,
    documents: &[Document],
    known: Vec<Option<Vec<f32>>>,
) -> Result<Vec<Vec<f32>>, SearchError> {
    // Results are gathered in the documents' order first, so that a failure reported is
    // always the first document's, whatever thread met it. A vector already known (kept in
    // the index's folder) is taken as it is.
    let results: Vec<Result<Vec<f32>, SearchError>> =
        documents
            .par_iter()
            .zip(known)
            .map(|(document, known)| match known {
                Some(vector) => Ok(vector),
                None => embed(embedder.as_ref(), &document.text(), Role::Passage, None).map_err(
                    |failure| SearchError::Embedding {
                        what: document.source.key(),
                        failure,
                    },
                ),
            })
            .collect();
    let vectors: Vec<Vec<f32>> = results.into_iter().collect::<Result<_, _>>()?;
    if let Some(first) = vectors.first() {
        for (document, vector) in documents.iter().zip(&vectors) {
            embed_check(vector, first).map_err(|failure| SearchError::Embedding {
                what: document.source.key(),
                failure,
            })?;
        }
    }
    Ok(vectors)
}

/// A vector whose length differs from the first document's is refused.
fn embed_check(vector: &[f32], first: &[f32]) -> Result<(), EmbedFailure> {
    if vector.len() == first.len() {
        Ok(())
    } else {
        Err(EmbedFailure(format!(
            "a vector of {} dimensions, where the documents' have {}",
            vector.len(),
            first.len()
        )))
    }
}

/// The vector of `text`, refused when its length differs from `like`'s (the first
/// document's): a model that changes its dimensions would make every cosine meaningless.
fn embed(
    embedder: &dyn TextEmbedder,
    text: &str,
    role: Role,
    like: Option<&Vec<f32>>,
) -> Result<Vec<f32>, EmbedFailure> {
    let vector = embedder.embed(text, role)?;
    if let Some(first) = like {
        embed_check(&vector, first)?;
    }
    Ok(vector)
}

#[cfg(test)]
mod lexical_tests {
    use super::*;

    #[test]
    fn documents_of_other_languages_enter_at_their_dense_rank() {
        // Documents 0 and 1 are Kazakh, 2 and 3 Russian; the query is Kazakh.
        let language = |ord: usize| Some(if ord < 2 { Language::Kk } else { Language::Ru });
        let bm25 = [(1, 3.0), (0, 1.0)];
        let dense = [2, 1, 3, 0];
        assert_eq!(
            lexical_ranking(&bm25, &dense, Some(Language::Kk), language),
            [1, 2, 0, 3]
        );
        // Without a query language, BM25's ranking alone.
        assert_eq!(lexical_ranking(&bm25, &dense, None, language), [1, 0]);
        // A Russian document BM25 found keeps its BM25 rank only.
        let bm25 = [(3, 2.0)];
        assert_eq!(
            lexical_ranking(&bm25, &dense, Some(Language::Kk), language),
            [3, 2]
        );
    }
}
