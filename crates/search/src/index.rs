//! The index: documents in tantivy (BM25) with one text field per language, optionally one
//! embedding vector per document, the search that ranks and fuses, and the addition of
//! documents to an index that is running.
//!
//! An index is searched by many threads at once and grows while it runs (an answer issued to
//! an appeal is added at once): the documents and their vectors sit behind a read-write lock,
//! tantivy's writer behind a mutex that puts additions one after another, and tantivy's reader
//! is reloaded only after the documents it may return are in the list, so a search never meets
//! a document it cannot name.

use crate::analysis::{self, analyser_name};
use crate::error::SearchError;
use crate::folder;
use crate::fusion::{EmbedFailure, RRF_K, Role, TextEmbedder, cosine, reciprocal_rank_fusion};
use crate::sources::{Document, SourceRef, Sources};
use rayon::prelude::*;
use sheshim_domain::Language;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use tantivy::collector::{FilterCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions, Value as _,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

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

/// The name of the field holding a document's number.
const ORD_FIELD: &str = "ord";

/// The fields of the schema.
#[derive(Clone, Copy)]
struct Fields {
    /// The document's number in the index's list of documents (a fast field too, so that a
    /// search restricted to some documents filters while it collects).
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

impl Fields {
    /// The tantivy document of the `ord`-th document: its number and each part's text in
    /// the field of its language.
    fn document(&self, ord: usize, document: &Document) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_u64(self.ord, ord as u64);
        for part in &document.parts {
            doc.add_text(self.text(part.language), &part.text);
        }
        doc
    }
}

/// The folder and model by which the documents' vectors are kept, when both are given.
fn kept_model(options: &BuildOptions) -> Option<(&PathBuf, String)> {
    let dir = options.directory.as_ref()?;
    let model = options.embedder.as_ref()?.model()?;
    Some((dir, model))
}

fn field_name(language: Language) -> String {
    format!("text_{}", language.code())
}

fn schema() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let ord = builder.add_u64_field(ORD_FIELD, STORED | FAST);
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

/// A search index over [`Sources`], to which documents can be added while it is searched.
pub struct SearchIndex {
    /// The documents and their vectors: read by every search, written by an addition.
    state: RwLock<State>,
    index: Index,
    /// tantivy's writer, made at the first addition; its lock also puts additions one after
    /// another.
    writer: Mutex<Option<IndexWriter>>,
    reader: IndexReader,
    fields: Fields,
    embedder: Option<Arc<dyn TextEmbedder>>,
    location: IndexLocation,
    /// The folder the index is kept in, if any.
    directory: Option<PathBuf>,
}

/// What an index knows of its documents.
struct State {
    documents: Vec<Document>,
    /// Each document's number by its [`SourceRef::key`] (the first, were a key given twice).
    by_key: HashMap<String, usize>,
    /// One vector per document, in the order of the documents, when the index has an
    /// embedder; empty otherwise.
    vectors: Vec<Vec<f32>>,
    /// Each document's digest, when its vector is kept in the index's folder (an embedder
    /// that names its model and a folder); empty otherwise.
    digests: Vec<[u8; 32]>,
    /// The fingerprint of the documents, in their order.
    fingerprint: folder::Fingerprint,
}

impl SearchIndex {
    /// Indexes the sources' documents.
    pub fn build(sources: Sources, options: BuildOptions) -> Result<SearchIndex, SearchError> {
        let documents = sources.documents().to_vec();
        if documents.is_empty() {
            return Err(SearchError::NoDocuments);
        }
        let (schema, fields) = schema();
        let fingerprint = folder::Fingerprint::of(&documents);
        let (index, location, fresh) = match &options.directory {
            None => (Index::create_in_ram(schema), IndexLocation::Memory, true),
            Some(dir) => folder::open_or_create(dir, schema, &fingerprint.hex())?,
        };
        analysis::register(index.tokenizers());
        if fresh {
            let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, WRITER_BYTES)?;
            for (ord, document) in documents.iter().enumerate() {
                writer.add_document(fields.document(ord, document))?;
            }
            writer.commit()?;
            if let Some(dir) = &options.directory {
                folder::write_fingerprint(dir, &fingerprint.hex())?;
            }
        }
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let kept = kept_model(&options);
        let digests: Vec<[u8; 32]> = match &kept {
            Some(_) => documents.iter().map(folder::document_digest).collect(),
            None => Vec::new(),
        };
        let vectors = match &options.embedder {
            None => Vec::new(),
            Some(embedder) => {
                // Vectors kept in the folder by the same model are reused for every document
                // that did not change: embedding is by far the slowest part of a build.
                let mut stored = kept
                    .as_ref()
                    .map(|(dir, model)| folder::read_vectors(dir, model))
                    .unwrap_or_default();
                let known: Vec<Option<Vec<f32>>> = (0..documents.len())
                    .map(|i| digests.get(i).and_then(|d| stored.remove(d)))
                    .collect();
                let reused = known.iter().all(Option::is_some);
                let vectors = embed_documents(embedder, &documents, known, None)?;
                // Rewritten when a vector was computed or one kept is no longer used.
                if let Some((dir, model)) = &kept
                    && (!reused || !stored.is_empty())
                {
                    folder::write_vectors(dir, model, &digests, &vectors)?;
                }
                vectors
            }
        };
        let mut by_key = HashMap::with_capacity(documents.len());
        for (ord, document) in documents.iter().enumerate() {
            by_key.entry(document.source.key()).or_insert(ord);
        }
        Ok(SearchIndex {
            state: RwLock::new(State {
                documents,
                by_key,
                vectors,
                digests,
                fingerprint,
            }),
            index,
            writer: Mutex::new(None),
            reader,
            fields,
            embedder: options.embedder,
            location,
            directory: options.directory,
        })
    }

    /// Adds `documents` to the running index, so that the next search can find them; returns
    /// how many were added. A document whose key the index already holds (or that comes twice
    /// in `documents`) is not added again. With an embedder each new document is embedded
    /// first, which is slow: call this off the async threads. In a folder, the documents'
    /// vectors are kept in its vectors file and the sources' fingerprint is brought up to
    /// date, so the next start reuses the index only if its sources are these documents.
    ///
    /// An error before tantivy's commit (embedding, indexing) adds nothing. One after it
    /// (reloading the reader, writing the folder's files) leaves the documents added, and a
    /// folder whose files could not be written is rebuilt at the next start.
    pub fn add(&self, documents: Vec<Document>) -> Result<usize, SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(PoisonError::into_inner);
        let (new, base, first_vector) = {
            let state = self.read();
            let mut seen = HashSet::new();
            let new: Vec<Document> = documents
                .into_iter()
                .filter(|d| {
                    let key = d.source.key();
                    !state.by_key.contains_key(&key) && seen.insert(key)
                })
                .collect();
            (new, state.documents.len(), state.vectors.first().cloned())
        };
        if new.is_empty() {
            return Ok(0);
        }
        let vectors = match &self.embedder {
            None => Vec::new(),
            Some(embedder) => {
                embed_documents(embedder, &new, vec![None; new.len()], first_vector.as_ref())?
            }
        };
        if let Some(dir) = &self.directory {
            folder::write_fingerprint(dir, folder::ADDING)?;
        }
        // The writer is taken out while it is used and put back once it is sound again: a
        // writer that could not even roll back is dropped and made anew at the next addition.
        let mut tantivy_writer = match writer.take() {
            Some(tantivy_writer) => tantivy_writer,
            None => self
                .index
                .writer_with_num_threads::<TantivyDocument>(1, WRITER_BYTES)?,
        };
        let written = new.iter().enumerate().try_for_each(|(i, document)| {
            tantivy_writer
                .add_document(self.fields.document(base + i, document))
                .map(drop)
        });
        if let Err(error) = written.and_then(|()| tantivy_writer.commit().map(drop)) {
            // Nothing half-added stays in the writer to be committed with a later addition.
            if tantivy_writer.rollback().is_ok() {
                *writer = Some(tantivy_writer);
            }
            return Err(error.into());
        }
        *writer = Some(tantivy_writer);
        let count = new.len();
        let kept_model = self.kept_model();
        {
            let mut state = self.write();
            for (i, document) in new.into_iter().enumerate() {
                state.by_key.insert(document.source.key(), base + i);
                state.fingerprint.add(&document);
                if kept_model.is_some() {
                    state.digests.push(folder::document_digest(&document));
                }
                state.documents.push(document);
            }
            state.vectors.extend(vectors);
        }
        // Only now may a search see the new documents' numbers.
        self.reader.reload()?;
        if let Some(dir) = &self.directory {
            // Read-locked only: searches go on while the files are written, and additions
            // wait on the writer's lock anyway.
            let state = self.read();
            if let Some(model) = &kept_model {
                folder::write_vectors(dir, model, &state.digests, &state.vectors)?;
            }
            folder::write_fingerprint(dir, &state.fingerprint.hex())?;
        }
        Ok(count)
    }

    /// The model whose vectors are kept in the index's folder, when there is one.
    fn kept_model(&self) -> Option<String> {
        self.directory.as_ref()?;
        self.embedder.as_ref()?.model()
    }

    fn read(&self) -> std::sync::RwLockReadGuard<'_, State> {
        self.state.read().unwrap_or_else(PoisonError::into_inner)
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, State> {
        self.state.write().unwrap_or_else(PoisonError::into_inner)
    }

    /// Where the index is.
    pub fn location(&self) -> &IndexLocation {
        &self.location
    }

    /// How hits are ranked.
    pub fn ranking(&self) -> Ranking {
        if self.embedder.is_some() {
            Ranking::Fused
        } else {
            Ranking::Bm25
        }
    }

    /// How many documents are indexed.
    pub fn len(&self) -> usize {
        self.read().documents.len()
    }

    /// The document whose [`SourceRef::key`] is `key`.
    pub fn document(&self, key: &str) -> Option<Document> {
        let state = self.read();
        state
            .by_key
            .get(key)
            .and_then(|&ord| state.documents.get(ord))
            .cloned()
    }

    /// The same legal passage in `language`: the passage of the same folder, act and
    /// article written in that language, when the catalogue has one. Passages are kept once
    /// per language, so a Kazakh appeal that found the Russian text of an article can be
    /// answered with the Kazakh text of it.
    pub fn equivalent(&self, source: &SourceRef, language: Language) -> Option<Document> {
        let SourceRef::Law {
            folder,
            act,
            article,
            ..
        } = source
        else {
            return None;
        };
        self.read()
            .documents
            .iter()
            .find(|d| {
                d.language == language
                    && matches!(&d.source, SourceRef::Law { folder: f, act: a, article: r, .. }
                    if f == folder && a == act && r == article)
            })
            .cloned()
    }

    /// True when no document is indexed (never, once built).
    pub fn is_empty(&self) -> bool {
        self.read().documents.is_empty()
    }

    /// The best `limit` documents for `query`, best first. The query is analysed by every
    /// language's analyser and searched in every language's field; a Kazakh query in Latin
    /// letters is read into Cyrillic as well.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<Hit>, SearchError> {
        self.search_among(query, None, limit, None)
    }

    /// The embedder the documents' vectors were made with, when the index has them.
    pub fn embedder(&self) -> Option<&Arc<dyn TextEmbedder>> {
        self.embedder.as_ref()
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
        self.search_among(query, query_vector, limit, None)
    }

    /// The best `limit` documents for `query` among those `keep` accepts, best first: the
    /// others are left out while the rankings are made, so they never take a place of the
    /// `limit` (an officer is shown the best of the answers they may read, not what is left
    /// of the best of all).
    pub fn search_where(
        &self,
        query: &str,
        limit: usize,
        keep: impl Fn(&Document) -> bool,
    ) -> Result<Vec<Hit>, SearchError> {
        self.search_among(query, None, limit, Some(&keep))
    }

    fn search_among(
        &self,
        query: &str,
        given_vector: Option<Vec<f32>>,
        limit: usize,
        keep: Option<&dyn Fn(&Document) -> bool>,
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
        // The query's vector is computed before the documents are locked, so an addition
        // never waits for the model on a search's behalf.
        // A vector the caller computed with this index's embedder is used as it is; its
        // length is checked against the documents' below.
        let query_vector = match (&self.embedder, given_vector) {
            (None, _) => None,
            (Some(_), Some(given)) => Some(given),
            (Some(embedder), None) => Some(
                embed(embedder.as_ref(), query, Role::Query, None).map_err(|failure| {
                    SearchError::Embedding {
                        what: "the query".to_owned(),
                        failure,
                    }
                })?,
            ),
        };
        let searcher = self.reader.searcher();
        let state = self.read();
        let kept: Option<Arc<Vec<bool>>> =
            keep.map(|keep| Arc::new(state.documents.iter().map(keep).collect()));
        let allowed = |ord: usize| kept.as_ref().is_none_or(|k| k.get(ord) == Some(&true));
        let depth = if query_vector.is_some() {
            limit.max(FUSION_DEPTH)
        } else {
            limit
        };
        let top_docs = TopDocs::with_limit(depth).order_by_score();
        let top = match &kept {
            None => searcher.search(&bm25_query, &top_docs)?,
            Some(kept) => {
                let kept = kept.clone();
                let filter = FilterCollector::new(
                    ORD_FIELD.to_owned(),
                    move |ord: u64| kept.get(ord as usize) == Some(&true),
                    top_docs,
                );
                searcher.search(&bm25_query, &filter)?
            }
        };
        let mut bm25 = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(ord) = doc.get_first(self.fields.ord).and_then(|v| v.as_u64()) {
                bm25.push((ord as usize, score));
            }
        }
        let bm25_of: std::collections::HashMap<usize, f32> = bm25.iter().copied().collect();
        let mut cosine_of: Vec<f32> = Vec::new();
        let ranked: Vec<(usize, f32)> = match &query_vector {
            None => bm25,
            Some(query_vector) => {
                if let Some(first) = state.vectors.first() {
                    embed_check(query_vector, first).map_err(|failure| SearchError::Embedding {
                        what: "the query".to_owned(),
                        failure,
                    })?;
                }
                cosine_of = state
                    .vectors
                    .iter()
                    .map(|vector| cosine(query_vector, vector))
                    .collect();
                let mut dense: Vec<(usize, f32)> = cosine_of
                    .iter()
                    .copied()
                    .enumerate()
                    .filter(|&(ord, _)| allowed(ord))
                    .collect();
                dense.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                dense.truncate(depth);
                let dense: Vec<usize> = dense.iter().map(|h| h.0).collect();
                let lexical = lexical_ranking(
                    &bm25,
                    &dense,
                    detection.as_ref().map(|d| d.language),
                    |ord| state.documents.get(ord).map(|d| d.language),
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
            .filter(|&(ord, _)| allowed(ord))
            .take(limit)
            .filter_map(|(ord, score)| {
                let document = state.documents.get(ord)?;
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

/// One vector per document, each checked to have the length of `like` (the index's first
/// vector, when documents are added) or else of the first one. Documents are embedded in
/// parallel on the caller's rayon pool: an embedding model is the slow part of building an
/// index.
fn embed_documents(
    embedder: &Arc<dyn TextEmbedder>,
    documents: &[Document],
    known: Vec<Option<Vec<f32>>>,
    like: Option<&Vec<f32>>,
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
    if let Some(first) = like.or(vectors.first()) {
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
