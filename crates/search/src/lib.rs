//! Retrieval for grounded answers: the legal passages the services cite, an agency's
//! knowledge notes and earlier answers with their appeals, found for a query in Kazakh,
//! Russian or English.
//!
//! [`Sources`] gathers the documents — [`Sources::add_catalogue`] reads every
//! `services/*/law/*.md` (through `sheshim_services::catalogue_passages`),
//! [`Sources::add_notes`] a folder of Markdown notes (title = first heading),
//! [`Sources::add_answers`] a CSV file of appeals with the answers given (KZgovData's
//! columns; texts masked with `sheshim_pii` as they are read). [`SearchIndex::build`]
//! indexes them with tantivy (BM25), each document's text in the field of its language,
//! analysed by that language's analyser ([`analysis`]: Russian and English Snowball stemmers,
//! and the Kazakh analyser of [`kazakh`], written for this crate); [`SearchIndex::search`]
//! analyses the query with all three, so a query is searched across every language field, and
//! a Kazakh query in Latin letters is read into Cyrillic too (`sheshim_lang`). Each [`Hit`]
//! carries its [`SourceRef`], score, language and a snippet.
//!
//! Dense vectors are optional: given a [`TextEmbedder`] in [`BuildOptions`], one vector per
//! document is stored and the BM25 ranking is fused with the cosine ranking by
//! [`reciprocal_rank_fusion`] (k = [`RRF_K`]) — which is what lets a Kazakh query find a
//! Russian passage. No embedder is built into this crate; without one, ranking is BM25 alone.
//!
//! The index lives in memory unless [`BuildOptions::directory`] names a folder: it is then
//! kept there and reused while the sources are unchanged ([`IndexLocation`]).
//!
//! An index grows while it is searched: [`SearchIndex::add`] indexes more documents (an
//! answer just issued to an appeal), embedding them when the index has an embedder and
//! keeping their vectors in the folder, and never indexes a key twice.
//! [`SearchIndex::search_where`] ranks only the documents a predicate keeps, such as the
//! answers of one agency beside the shared passages.

pub mod analysis;
mod answers;
mod error;
mod folder;
mod fusion;
mod index;
pub mod kazakh;
mod notes;
mod sources;

pub use error::{SearchError, SourceError};
pub use fusion::{EmbedFailure, RRF_K, Role, TextEmbedder, cosine, reciprocal_rank_fusion};
pub use index::{BuildOptions, Hit, IndexLocation, MAX_QUERY_CHARS, Ranking, SearchIndex};
pub use sources::{Document, Part, SourceKind, SourceRef, Sources};
