//! Why sources could not be read or a search could not run. Messages name the file, line or
//! field at fault and never quote the texts (which may hold personal data).

use std::path::PathBuf;
use thiserror::Error;

/// Why a source of documents could not be read.
#[derive(Debug, Error)]
pub enum SourceError {
    /// The service catalogue's legal passages did not load, or a file could not be read
    /// (missing, not UTF-8, larger than `sheshim_services::MAX_FILE_BYTES`).
    #[error(transparent)]
    File(#[from] sheshim_services::ServiceError),
    /// A folder could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The folder.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A knowledge note is malformed.
    #[error("{}: {message}", path.display())]
    Note {
        /// The note's file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// The answers file is malformed.
    #[error("{}: {message}", path.display())]
    Answers {
        /// The CSV file.
        path: PathBuf,
        /// What is wrong, naming the line or column.
        message: String,
    },
}

/// Why an index could not be built or searched.
#[derive(Debug, Error)]
pub enum SearchError {
    /// The query has no words.
    #[error("the query is empty: give some words to search for")]
    EmptyQuery,
    /// The query is longer than [`crate::MAX_QUERY_CHARS`].
    #[error("the query has {chars} characters; at most {limit} are searched: shorten it")]
    QueryTooLong {
        /// Its length, in characters.
        chars: usize,
        /// The limit.
        limit: usize,
    },
    /// There is nothing to index.
    #[error("no documents to index: name a services folder with law/*.md, notes or answers")]
    NoDocuments,
    /// The embedder failed on a document or the query.
    #[error("embedding {what}: {failure}")]
    Embedding {
        /// Which text (a document's id, or "the query").
        what: String,
        /// Why.
        failure: crate::EmbedFailure,
    },
    /// The index folder could not be prepared.
    #[error("index folder {path}: {message}")]
    Folder {
        /// The folder.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// tantivy failed.
    #[error("search index: {0}")]
    Index(#[from] tantivy::TantivyError),
}
