//! The sources beside a grounded draft: what the draft of an appeal was made from (the
//! legal passages, notes and earlier answers retrieval found, numbered as the draft uses
//! them), the notice when they were insufficient, and what the language model did with it.

use crate::i18n::Tr;
use crate::queue_view::code_words;
use sheshim_engine::record::CaseRecord;

/// The sources panel of the case page.
#[derive(Debug, Clone)]
pub struct SourcesView {
    /// What was searched: the ranking and the index's size.
    pub index: String,
    /// Nothing found had the evidence to be used: the draft asks the officer for grounds.
    pub insufficient: bool,
    /// The sources, in the draft's order.
    pub sources: Vec<SourceLine>,
    /// What the language model did, when one was asked.
    pub model: Option<String>,
}

/// One source as the officer reads it.
#[derive(Debug, Clone)]
pub struct SourceLine {
    /// `S1`, `S2` …
    pub number: String,
    /// Legal passage, note or earlier answer, in the page's language.
    pub kind: String,
    /// The passage's heading, the note's title, or the answer's id.
    pub citation: String,
    /// For a legal passage: the act's full name and the article.
    pub act: Option<String>,
    /// "Not checked against the official text", for an unverified passage.
    pub unverified: Option<String>,
    /// The statement quoted (masked).
    pub text: String,
    /// The language of the statement.
    pub language: String,
}

/// The panel for `record`, when its draft was grounded.
pub fn sources_view(t: &Tr, record: &CaseRecord) -> Option<SourcesView> {
    let grounding = record.grounding.as_ref()?;
    let sources = grounding
        .sources
        .iter()
        .map(|source| SourceLine {
            number: source.number.clone(),
            kind: code_words(t, "source", &source.kind),
            citation: source.citation.clone(),
            act: source.act.clone(),
            unverified: (source.verified == Some(false)).then(|| t.t("case-source-unverified")),
            text: source.text.clone(),
            language: source.language.clone(),
        })
        .collect();
    let model = match (&grounding.model, &grounding.fallback) {
        (Some(call), None) => Some(t.t1("case-model-accepted", "model", &call.model)),
        (_, Some(reason)) => {
            // The reason's tag names its message; a citation the model invented is shown too.
            let value = serde_json::to_value(reason).unwrap_or_default();
            let code = value["reason"].as_str().unwrap_or("unknown");
            let mut words = code_words(t, "fallback", code);
            if let Some(citation) = value["citation"].as_str() {
                words.push_str(&format!(" [{citation}]"));
            }
            Some(t.t1("case-model-fallback", "reason", &words))
        }
        (None, None) => None,
    };
    Some(SourcesView {
        index: t.t1("case-sources-index", "index", &grounding.index),
        insufficient: grounding.insufficient,
        sources,
        model,
    })
}
