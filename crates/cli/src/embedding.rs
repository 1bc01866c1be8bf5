//! The embedding model for the commands that use it: found in the models folder, checked,
//! loaded, and when it is absent an error (or, where it is optional, a note) that says how
//! to fetch it.

use anyhow::Context;
use sheshim_embed::{Embedder, Role};
use sheshim_models::ModelError;
use sheshim_search::{EmbedFailure, TextEmbedder};
use std::path::Path;

/// The name a classifier's metadata records for this embedding.
pub const MODEL_NAME: &str = "multilingual-e5-small";

/// The embedding a classifier reads of one text: of the text as triage reads it (Kazakh in
/// Latin letters read into Cyrillic first), as a query.
pub fn classifier_vector(
    embedder: &Embedder,
    text: &str,
) -> Result<Vec<f32>, sheshim_embed::EmbedError> {
    let read = sheshim_lang::read_kk(text);
    embedder
        .embed(read.as_str(), Role::Query)
        .map(sheshim_embed::Embedding::into_vec)
}

/// [`classifier_vector`] of each text, on all cores.
pub fn classifier_vectors(embedder: &Embedder, texts: &[&str]) -> anyhow::Result<Vec<Vec<f32>>> {
    use rayon::prelude::*;
    texts
        .par_iter()
        .map(|text| classifier_vector(embedder, text))
        .collect::<Result<Vec<_>, _>>()
        .context("cannot embed the texts")
}

/// Loads `e5-small` from the models folder.
pub fn load(models: &Path) -> anyhow::Result<Embedder> {
    load_if_present(models)?.ok_or_else(|| {
        // `locate`'s error for a missing model names `sheshim models fetch e5-small`.
        match sheshim_models::find("e5-small").map(|spec| sheshim_models::locate(spec, models)) {
            Some(Err(error)) => anyhow::Error::new(error),
            _ => anyhow::anyhow!("e5-small is not in {}", models.display()),
        }
    })
}

/// Loads `e5-small` when it has been fetched; `None` when it has not (a damaged model is an
/// error, never taken for an absent one).
pub fn load_if_present(models: &Path) -> anyhow::Result<Option<Embedder>> {
    let spec = sheshim_models::find("e5-small").context("the catalogue has no e5-small")?;
    let files = match sheshim_models::locate(spec, models) {
        Ok(files) => files,
        Err(ModelError::Missing { .. }) => return Ok(None),
        Err(error) => return Err(error.into()),
    };
    let path = files
        .path("e5-small-q4.bin")
        .context("the e5-small model has no e5-small-q4.bin")?;
    Embedder::load(path)
        .map(Some)
        .with_context(|| format!("cannot load {}", path.display()))
}

/// The e5 model as the search index's embedder.
pub struct SearchEmbedder(pub Embedder);

impl TextEmbedder for SearchEmbedder {
    fn embed(&self, text: &str, role: sheshim_search::Role) -> Result<Vec<f32>, EmbedFailure> {
        let role = match role {
            sheshim_search::Role::Query => Role::Query,
            sheshim_search::Role::Passage => Role::Passage,
        };
        self.0
            .embed(text, role)
            .map(sheshim_embed::Embedding::into_vec)
            .map_err(|error| EmbedFailure(error.to_string()))
    }

    fn model(&self) -> Option<String> {
        // The fetched package is checked against its SHA-256, so the package's requirement
        // names the weights.
        let spec = sheshim_models::find("e5-small")?;
        Some(format!("{MODEL_NAME} ({})", spec.requirement()))
    }
}
