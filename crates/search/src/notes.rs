//! An agency's knowledge notes: a folder (and its subfolders) of Markdown files, each one
//! note whose title is its first heading. The note's language is detected from its text, so
//! an agency may keep notes in Kazakh, Russian and English side by side.

use crate::error::SourceError;
use crate::sources::{Document, Part, SourceRef, language_of, read_source};
use std::path::{Path, PathBuf};

/// Every `*.md` under `folder`, recursively, sorted by path.
fn markdown_files(folder: &Path, out: &mut Vec<PathBuf>) -> Result<(), SourceError> {
    let io = |source| SourceError::Read {
        path: folder.to_owned(),
        source,
    };
    for entry in std::fs::read_dir(folder).map_err(io)? {
        let path = entry.map_err(io)?.path();
        if path.is_dir() {
            markdown_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

/// The note's title: the text of its first Markdown heading (`# …`, any level).
fn title(text: &str) -> Option<&str> {
    text.lines()
        .map(str::trim)
        .find(|line| line.starts_with('#'))
        .map(|line| line.trim_start_matches('#').trim())
        .filter(|title| !title.is_empty())
}

/// Reads every note under `folder`. A note without a heading, or whose language cannot be
/// told (no letters), is an error naming its file.
pub(crate) fn load(folder: &Path) -> Result<Vec<Document>, SourceError> {
    if !folder.is_dir() {
        return Err(SourceError::Read {
            path: folder.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "not a folder"),
        });
    }
    let mut files = Vec::new();
    markdown_files(folder, &mut files)?;
    files.sort();
    let mut notes = Vec::with_capacity(files.len());
    for path in files {
        let text = read_source(&path)?;
        let bad = |message: &str| SourceError::Note {
            path: path.clone(),
            message: message.to_owned(),
        };
        let title = title(&text)
            .ok_or_else(|| bad("a note starts with a heading (`# Title`), its title"))?
            .to_owned();
        let language = language_of(&text)
            .ok_or_else(|| bad("no Kazakh, Russian or English words to index"))?;
        let file = path
            .strip_prefix(folder)
            .unwrap_or(&path)
            .to_string_lossy()
            .into_owned();
        notes.push(Document {
            source: SourceRef::Note { file, title },
            language,
            parts: vec![Part {
                language,
                text: text.trim().to_owned(),
            }],
        });
    }
    Ok(notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_is_the_first_heading() {
        assert_eq!(title("intro\n## Отопление\n# Другое"), Some("Отопление"));
        assert_eq!(title("no heading"), None);
        assert_eq!(title("#\ntext"), None);
    }
}
