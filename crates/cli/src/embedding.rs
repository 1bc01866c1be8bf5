//! The embedding model for the commands that use it: found in the models folder, checked,
//! loaded, and when it is absent an error that says how to fetch it.

use anyhow::Context;
use sheshim_embed::Embedder;
use std::path::Path;

/// Loads `e5-small` from the models folder.
pub fn load(models: &Path) -> anyhow::Result<Embedder> {
    let spec = sheshim_models::find("e5-small").context("the catalogue has no e5-small")?;
    // `locate`'s error for a missing model names `sheshim models fetch e5-small`.
    let files = sheshim_models::locate(spec, models)?;
    let path = files
        .path("e5-small-q4.bin")
        .context("the e5-small model has no e5-small-q4.bin")?;
    Embedder::load(path).with_context(|| format!("cannot load {}", path.display()))
}
