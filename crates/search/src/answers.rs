//! Earlier appeals with the answers given, from a CSV file with a header row and KZgovData's
//! columns: `id`, `text_kz` (the appeal in Kazakh), `text_ru` (in Russian) and `reply_text`
//! (the answer); other columns are ignored. Each appeal text becomes one document in its
//! language, with the answer as a second part in the answer's own language; an empty text is
//! skipped. Every text is masked (`sheshim_pii`) as it is read, so no personal data reaches
//! the index.

use crate::error::SourceError;
use crate::sources::{Document, Part, SourceRef, language_of, read_source};
use sheshim_domain::Language;
use std::path::Path;

/// The columns read, and the language of each appeal column.
const ID: &str = "id";
const REPLY: &str = "reply_text";
const APPEALS: [(&str, Language); 2] = [("text_kz", Language::Kk), ("text_ru", Language::Ru)];

/// The text with its personal data replaced by typed placeholders (`[PHONE]`, …).
fn masked(text: &str) -> String {
    sheshim_pii::mask(text, &sheshim_pii::find(text))
}

/// Reads the answers file at `path`.
pub(crate) fn load(path: &Path) -> Result<Vec<Document>, SourceError> {
    let bad = |message: String| SourceError::Answers {
        path: path.to_owned(),
        message,
    };
    let text = read_source(path)?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| bad(format!("header row: {e}")))?
        .clone();
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| bad(format!("no column {name:?} in the header row")))
    };
    let id_column = column(ID)?;
    let reply_column = column(REPLY)?;
    let appeal_columns = APPEALS
        .iter()
        .map(|(name, language)| Ok((column(name)?, *language)))
        .collect::<Result<Vec<_>, SourceError>>()?;
    let mut documents = Vec::new();
    for (row, record) in reader.records().enumerate() {
        // The header is line 1; records are numbered from line 2 (a record with a line
        // break inside its quotes shifts later numbers, which the csv error then gives).
        let line = row + 2;
        let record = record.map_err(|e| bad(format!("line {line}: {e}")))?;
        let field = |index: usize| record.get(index).unwrap_or("").trim();
        let id = field(id_column);
        if id.is_empty() {
            return Err(bad(format!("line {line}: the id is empty")));
        }
        let reply = field(reply_column);
        if reply.is_empty() {
            return Err(bad(format!("line {line} (id {id}): the answer is empty")));
        }
        let reply = masked(reply);
        let reply_language = language_of(&reply);
        for &(index, language) in &appeal_columns {
            let appeal = field(index);
            if appeal.is_empty() {
                continue;
            }
            documents.push(Document {
                source: SourceRef::Answer {
                    id: format!("{id}-{}", language.code()),
                    agency: None,
                },
                language,
                parts: vec![
                    Part {
                        language,
                        text: masked(appeal),
                    },
                    Part {
                        language: reply_language.unwrap_or(language),
                        text: reply.clone(),
                    },
                ],
            });
        }
    }
    if documents.is_empty() {
        return Err(bad("no appeal with an answer in the file".to_owned()));
    }
    Ok(documents)
}
