//! Facts about a person, by IIN, from the state's registries — behind one [`Registry`] trait.
//!
//! A service's rules read some of their inputs from registries rather than from what the
//! applicant claims: whether the person is a citizen, their children, their household's
//! income. This crate is the vocabulary of those facts ([`PersonFacts`], each value a
//! [`Fact`] with its source and as-of date) and of the values a service may take from them
//! ([`FactName`], some read as they are, some derived for the date of the decision).
//!
//! Two implementations: [`ParquetRegistry`] over the synthetic population file that
//! `sheshim population generate` writes (read once into memory and indexed by IIN), and the
//! store's table of persons (`sheshim_store::StoreRegistry`, loaded with
//! `sheshim registry load`).
//!
//! A registry that does not answer is a [`RegistryError`], never an empty answer: the case
//! then goes to an officer with the reason, and no denial is ever drawn from a registry's
//! silence.

mod facts;
mod parquet;

pub use facts::{Child, Fact, FactName, FactNameError, FactValue, Member, PersonFacts};
pub use parquet::ParquetRegistry;

use async_trait::async_trait;
use sheshim_domain::Iin;
use thiserror::Error;

/// Why a registry gave no answer. Carries no personal data.
#[derive(Debug, Error)]
pub enum RegistryError {
    /// The registry could not be reached or failed; the case goes to an officer.
    #[error("the registry {registry} did not answer: {reason}")]
    Unavailable {
        /// Which registry.
        registry: String,
        /// Why, in words safe to show an officer.
        reason: String,
    },
}

/// A source of facts about persons. Real registries (the state's person database behind
/// the government's integration bus) are further implementations.
#[async_trait]
pub trait Registry: Send + Sync + 'static {
    /// The registry's name, recorded as the source of its facts.
    fn name(&self) -> &str;

    /// The facts about the person with this IIN, or `None` when the registry does not know
    /// them.
    async fn person(&self, iin: &Iin) -> Result<Option<PersonFacts>, RegistryError>;
}
