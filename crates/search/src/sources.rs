//! The documents an index is built from, and where each came from.

use crate::error::SourceError;
use serde::Serialize;
use sheshim_domain::Language;
use std::fmt;
use std::path::Path;

/// The kind of a source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    /// A legal passage a service cites.
    Law,
    /// An agency's knowledge note.
    Note,
    /// An earlier appeal with the answer given.
    Answer,
}

impl SourceKind {
    /// `law`, `note` or `answer`.
    pub fn code(self) -> &'static str {
        match self {
            SourceKind::Law => "law",
            SourceKind::Note => "note",
            SourceKind::Answer => "answer",
        }
    }
}

/// Where a document came from: enough to cite it. Serialised with its kind as `kind`
/// (`law`, `note`, `answer`) beside its fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SourceRef {
    /// A legal passage of the service catalogue.
    Law {
        /// The folder it is kept in: a service code, or `_common`.
        folder: String,
        /// The passage's stable id.
        passage: String,
        /// The act.
        act: String,
        /// The article, when cited.
        article: Option<String>,
        /// Whether the passage was checked against the official text.
        verified: bool,
    },
    /// A knowledge note.
    Note {
        /// The file, relative to the notes folder.
        file: String,
        /// Its first heading.
        title: String,
    },
    /// An earlier appeal and its answer.
    Answer {
        /// The record's id in the file it came from, or the registration number of an
        /// answer the store issued.
        id: String,
        /// The agency that issued the answer, when it is one of the store's own: only that
        /// agency's officers are shown it. Answers of a shared file carry none.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        agency: Option<String>,
    },
}

impl SourceRef {
    /// The kind of source.
    pub fn kind(&self) -> SourceKind {
        match self {
            SourceRef::Law { .. } => SourceKind::Law,
            SourceRef::Note { .. } => SourceKind::Note,
            SourceRef::Answer { .. } => SourceKind::Answer,
        }
    }

    /// A stable key for the document: kind and id.
    pub fn key(&self) -> String {
        match self {
            SourceRef::Law { passage, .. } => format!("law:{passage}"),
            SourceRef::Note { file, .. } => format!("note:{file}"),
            SourceRef::Answer { id, .. } => format!("answer:{id}"),
        }
    }
}

impl fmt::Display for SourceRef {
    /// How a hit is cited in a listing: the passage with its act and article (and
    /// "unverified" when it was not checked), the note's file and title, or the answer's id.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SourceRef::Law {
                folder,
                passage,
                act,
                article,
                verified,
            } => {
                write!(f, "{folder}/{passage}: {act}")?;
                if let Some(article) = article {
                    write!(f, ", {article}")?;
                }
                if !verified {
                    write!(f, " (unverified)")?;
                }
                Ok(())
            }
            SourceRef::Note { file, title } => write!(f, "{file}: {title}"),
            SourceRef::Answer { id, .. } => write!(f, "answer {id}"),
        }
    }
}

/// A piece of a document's text in one language: an answer holds the appeal and the
/// answer, which may be in different languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The language the part is analysed in.
    pub language: Language,
    /// The text.
    pub text: String,
}

/// One document to index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// Where it came from.
    pub source: SourceRef,
    /// Its language (an answer's: the appeal's).
    pub language: Language,
    /// Its text, by language.
    pub parts: Vec<Part>,
}

impl Document {
    /// The whole text, parts joined by a blank line (what an embedder reads).
    pub fn text(&self) -> String {
        self.parts
            .iter()
            .map(|p| p.text.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    }
}

/// The documents to index, gathered from any number of sources.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    documents: Vec<Document>,
}

impl Sources {
    /// No documents yet.
    pub fn new() -> Sources {
        Sources::default()
    }

    /// Adds one document.
    pub fn push(&mut self, document: Document) {
        self.documents.push(document);
    }

    /// Adds every legal passage of the service catalogue under `root`
    /// (`_common/law/*.md` and `<code>/law/*.md`); returns how many.
    pub fn add_catalogue(&mut self, root: &Path) -> Result<usize, SourceError> {
        let passages = sheshim_services::catalogue_passages(root)?;
        let count = passages.len();
        for (folder, passage) in passages {
            self.documents.push(Document {
                source: SourceRef::Law {
                    folder,
                    passage: passage.id,
                    act: passage.act,
                    article: passage.article,
                    verified: passage.verified,
                },
                language: passage.language,
                parts: vec![Part {
                    language: passage.language,
                    text: passage.text,
                }],
            });
        }
        Ok(count)
    }

    /// Adds every knowledge note under `folder`: each `*.md`, in subfolders too, titled by its
    /// first heading, its language detected; returns how many.
    pub fn add_notes(&mut self, folder: &Path) -> Result<usize, SourceError> {
        let notes = crate::notes::load(folder)?;
        let count = notes.len();
        self.documents.extend(notes);
        Ok(count)
    }

    /// Adds every appeal with its answer from the CSV file `path` (columns `id`, `text_kz`,
    /// `text_ru`, `reply_text`; texts masked as they are read): one document per appeal
    /// language, the answer as its second part; returns how many documents.
    pub fn add_answers(&mut self, path: &Path) -> Result<usize, SourceError> {
        let answers = crate::answers::load(path)?;
        let count = answers.len();
        self.documents.extend(answers);
        Ok(count)
    }

    /// The documents, in the order added.
    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    /// How many documents.
    pub fn len(&self) -> usize {
        self.documents.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.documents.is_empty()
    }
}

/// Reads a source file as UTF-8 through the catalogue's bounded reader, so a device or a
/// pipe without end is refused before it fills memory.
pub(crate) fn read_source(path: &Path) -> Result<String, SourceError> {
    Ok(sheshim_services::read_text(path)?)
}

/// The language of a text as `sheshim_lang` detects it (a mixed text: its main language),
/// or `None` when it has no letters of a supported script.
pub(crate) fn language_of(text: &str) -> Option<Language> {
    sheshim_lang::detect(text).ok().map(|d| d.language)
}
