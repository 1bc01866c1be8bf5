//! Topic and agency suggestions by the labels' descriptions, beside the seed models: with
//! the multilingual embedding present, the pipeline embeds each appeal's masked text once
//! and triage takes its topic and agency from the method `sheshim_triage::CHOICE` names for
//! the appeal's language (the seed model, the nearest description, or their fusion). The
//! descriptions are embedded once, when the [`Describer`] is made.
//!
//! The appeal's vector is that of the query grounding searches the index with (the masked
//! text, cut to the index's longest query), so when the index holds vectors of the same
//! embedder grounding reuses it instead of embedding the text a second time. Kazakh in Latin
//! letters is the exception: the descriptions are compared with its Cyrillic reading, as
//! the models read it and as `sheshim bench topics` measured, while the index is searched
//! with the citizen's text, so grounding embeds that one itself.

use sheshim_domain::Language;
use sheshim_search::{EmbedFailure, MAX_QUERY_CHARS, Role, TextEmbedder};
use sheshim_triage::{Descriptions, Head, LabelVectors, Method, Triage, Triaged, choice};
use std::sync::Arc;

/// The embedder and the labels' description vectors.
pub struct Describer {
    embedder: Arc<dyn TextEmbedder>,
    labels: LabelVectors,
}

impl Describer {
    /// Embeds every description of `descriptions` (as passages) with `embedder`.
    ///
    /// # Errors
    ///
    /// The embedder's first failure.
    pub fn new(
        embedder: Arc<dyn TextEmbedder>,
        descriptions: &Descriptions,
    ) -> Result<Describer, EmbedFailure> {
        let labels = LabelVectors::embed(descriptions, |text| embedder.embed(text, Role::Passage))?;
        Ok(Describer { embedder, labels })
    }

    /// The embedder, shared with whatever else embeds appeals (the search index).
    pub fn embedder(&self) -> &Arc<dyn TextEmbedder> {
        &self.embedder
    }

    /// Whether any head is suggested by another method than the seed model in `language`:
    /// if not, the appeal need not be embedded for triage.
    pub fn speaks(language: Language) -> bool {
        [Head::Topic, Head::Agency]
            .into_iter()
            .any(|head| choice(head, language) != Method::Seed)
    }

    /// Suggests the topic and the agency of `triaged` by the methods chosen for its
    /// language. Returns the vector of its masked text as grounding's query, when that is
    /// what was embedded (see the module's documentation), for grounding to reuse; a text
    /// that could not be embedded keeps the seed models' labels, and the failure is logged.
    pub(crate) fn suggest(&self, triage: &Triage, triaged: &mut Triaged) -> Option<Vec<f32>> {
        if !Describer::speaks(triaged.language) {
            return None;
        }
        let reading = query(triaged.reading());
        let vector = match self.embedder.embed(&reading, Role::Query) {
            Ok(vector) => vector,
            Err(error) => {
                tracing::warn!(%error, "the appeal could not be embedded: the seed models' topic and agency stay");
                return None;
            }
        };
        triage.suggest(triaged, &vector, &self.labels);
        // Without a Latin reading, the text embedded is grounding's query itself.
        triaged.masked_reading.is_none().then_some(vector)
    }
}

/// The query grounding searches the index with for a masked text (see
/// `Grounding::ground`), trimmed as the index trims it.
pub(crate) fn query(masked_text: &str) -> String {
    let cut: String = masked_text.chars().take(MAX_QUERY_CHARS).collect();
    cut.trim().to_owned()
}
