//! Grounded drafts: the answer to an appeal that rules do not decide (a complaint, a request,
//! a proposal …) is drafted from the kind's template and from what retrieval finds for the
//! appeal's masked text — the legal passages of the catalogue, the agency's knowledge notes
//! and earlier answers to similar appeals — and never from anything else.
//!
//! [`Grounding::ground`] searches the index, keeps only the hits with evidence of relevance
//! (a BM25 score or a cosine similarity above a floor, [`GroundingOptions`]) and numbers them
//! `S1`, `S2` … in the order the draft cites them: legal passages and notes first, then
//! earlier answers. A passage found in another language than the appeal's is replaced by
//! the same article's text in the appeal's language when the catalogue has it. When nothing
//! passes the floor the record says `insufficient`, and the draft asks the officer to find
//! the grounds instead of inventing them. The [`GroundingRecord`] is kept in the case's
//! record: which template, which index and which sources — so an officer sees the sources
//! next to the draft and an auditor can tell what it was made from.
//!
//! The optional language model ([`Grounding::with_model`]) only rewords that draft from the
//! same numbered sources; its call is recorded in [`GroundingRecord::model`] (see
//! `rewrite.rs`).

use serde::{Deserialize, Serialize};
use sheshim_domain::Language;
use sheshim_llm::{FallbackReason, LlmCall, LlmClient};
use sheshim_search::{
    Document, Hit, MAX_QUERY_CHARS, Ranking, SearchIndex, SourceKind, SourceRef, TextEmbedder,
};
use std::sync::Arc;

/// How many hits are read from the index before the floor is applied.
const CANDIDATES: usize = 12;

/// The longest statement quoted from a source, in characters.
const STATEMENT_CHARS: usize = 400;

/// How much retrieval a draft may use, and the evidence a hit needs to be used.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroundingOptions {
    /// Legal passages and notes cited at most.
    pub max_grounds: usize,
    /// Earlier answers offered at most.
    pub max_answers: usize,
    /// The least BM25 score of a hit found by its words. BM25 adds one term's weight per
    /// query word the document shares, so the floor asks for several shared, rare words
    /// rather than one common one.
    pub min_bm25: f32,
    /// The least cosine similarity of a hit found by its meaning (with the e5 model, where
    /// unrelated texts of one language sit around 0.75 and texts on the same matter above
    /// 0.8, across languages too).
    pub min_cosine: f32,
}

impl Default for GroundingOptions {
    fn default() -> Self {
        GroundingOptions {
            max_grounds: 3,
            max_answers: 2,
            min_bm25: 8.0,
            min_cosine: 0.82,
        }
    }
}

/// Retrieval for drafts, and the language model that may reword them.
pub struct Grounding {
    index: Arc<SearchIndex>,
    options: GroundingOptions,
    model: Option<Arc<LlmClient>>,
}

impl Grounding {
    /// Grounding from `index`.
    pub fn new(index: Arc<SearchIndex>, options: GroundingOptions) -> Grounding {
        Grounding {
            index,
            options,
            model: None,
        }
    }

    /// The same grounding with a language model that rewords each grounded draft.
    #[must_use]
    pub fn with_model(mut self, model: Arc<LlmClient>) -> Grounding {
        self.model = Some(model);
        self
    }

    /// The index drafts are grounded on. It grows while the server runs: answers issued to
    /// appeals are added to it.
    pub fn index(&self) -> &Arc<SearchIndex> {
        &self.index
    }

    /// The embedder of the index's vectors, when it has them.
    pub fn embedder(&self) -> Option<&Arc<dyn TextEmbedder>> {
        self.index.embedder()
    }

    /// The language model, when one is configured.
    pub fn model(&self) -> Option<&Arc<LlmClient>> {
        self.model.as_ref()
    }

    /// The sources for an appeal whose masked text is `masked_text`, answered in `language`.
    /// A failure of the index (an embedding that could not be computed) is recorded as the
    /// reason no source was found; the draft then says the sources are insufficient.
    pub fn ground(&self, masked_text: &str, language: Language) -> GroundingRecord {
        self.ground_embedded(masked_text, None, language)
    }

    /// [`Grounding::ground`] with the query's vector when the caller computed it already
    /// with the index's own embedder (see [`Grounding::embedder`]): the masked text cut to
    /// [`MAX_QUERY_CHARS`] and trimmed, as a query.
    pub fn ground_embedded(
        &self,
        masked_text: &str,
        query_vector: Option<Vec<f32>>,
        language: Language,
    ) -> GroundingRecord {
        let query: String = masked_text.chars().take(MAX_QUERY_CHARS).collect();
        let index = match self.index.ranking() {
            Ranking::Bm25 => "bm25",
            Ranking::Fused => "bm25+e5",
        };
        let mut record = GroundingRecord {
            template: "answer-skeleton".to_owned(),
            index: format!("{index}, {} documents", self.index.len()),
            sources: Vec::new(),
            insufficient: true,
            error: None,
            model: None,
            fallback: None,
        };
        let hits = match self.index.search_embedded(&query, query_vector, CANDIDATES) {
            Ok(hits) => hits,
            Err(error) => {
                record.error = Some(error.to_string());
                return record;
            }
        };
        let relevant: Vec<&Hit> = hits.iter().filter(|h| self.relevant(h)).collect();
        let grounds = relevant
            .iter()
            .filter(|h| h.source.kind() != SourceKind::Answer)
            .take(self.options.max_grounds);
        let answers = relevant
            .iter()
            .filter(|h| h.source.kind() == SourceKind::Answer)
            .take(self.options.max_answers);
        for hit in grounds.chain(answers) {
            let Some(found) = self.index.document(&hit.source.key()) else {
                continue;
            };
            // The article in the appeal's language, when the catalogue keeps it in several.
            let document = match self.index.equivalent(&hit.source, language) {
                Some(equivalent) => equivalent,
                None => found,
            };
            // The Russian and the Kazakh text of one article both found: cited once.
            let key = document.source.key();
            if record.sources.iter().any(|s| s.key == key) {
                continue;
            }
            let number = format!("S{}", record.sources.len() + 1);
            record
                .sources
                .push(SourceUsed::from_document(number, &document, hit));
        }
        record.insufficient = record.sources.is_empty();
        record
    }

    fn relevant(&self, hit: &Hit) -> bool {
        hit.bm25.is_some_and(|s| s >= self.options.min_bm25)
            || hit.cosine.is_some_and(|c| c >= self.options.min_cosine)
    }
}

/// What a grounded draft was made from, kept in the case's record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroundingRecord {
    /// The template the draft was made from (the service's version is in the record's
    /// `service`).
    pub template: String,
    /// The index searched: its ranking and size.
    pub index: String,
    /// The sources used, numbered `S1`, `S2` … as the draft cites them.
    pub sources: Vec<SourceUsed>,
    /// True when no source had the evidence to be used: the draft says so.
    pub insufficient: bool,
    /// Why the index could not be searched, if it could not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The language model's call, when one rewrote (or tried to rewrite) the draft.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<LlmCall>,
    /// Why the template draft is shown rather than the model's rewrite, when a model was
    /// asked and its rewrite was not used (or nothing could be sent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fallback: Option<FallbackReason>,
}

/// One source a draft used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SourceUsed {
    /// `S1`, `S2` …: how the draft and the model refer to it.
    pub number: String,
    /// The document's key in the index (`law:appc-76-kk`, `note:…`, `answer:…`).
    pub key: String,
    /// `law`, `note` or `answer`.
    pub kind: String,
    /// How it is cited to a reader, in the letter: a passage's heading in its language (such
    /// as «Сроки рассмотрения обращения (АППК, статья 76)»), else its act and article; the
    /// note's title; the answer's id.
    pub citation: String,
    /// For a legal passage: the act's full name and the article, as the catalogue records them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<String>,
    /// For a legal passage: whether it was checked against the official text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified: Option<bool>,
    /// The language of the text quoted.
    pub language: String,
    /// The statement quoted: the passage's first paragraph, the note's, or the earlier
    /// answer (all masked).
    pub text: String,
    /// The evidence it was used on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bm25: Option<f32>,
    /// The evidence it was used on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cosine: Option<f32>,
}

impl SourceUsed {
    /// The source `document` as `hit` found it, numbered `number`: its citation and the
    /// statement quoted from it.
    pub fn from_document(number: String, document: &Document, hit: &Hit) -> SourceUsed {
        let (citation, act, verified) = match &document.source {
            SourceRef::Law {
                act,
                article,
                verified,
                ..
            } => {
                let act = match article {
                    Some(article) => format!("{act}, {article}"),
                    None => act.clone(),
                };
                (
                    heading(document).unwrap_or_else(|| act.clone()),
                    Some(act),
                    Some(*verified),
                )
            }
            SourceRef::Note { title, .. } => (title.clone(), None, None),
            SourceRef::Answer { id, .. } => (id.clone(), None, None),
        };
        SourceUsed {
            number,
            key: document.source.key(),
            kind: document.source.kind().code().to_owned(),
            citation,
            act,
            verified,
            language: document.language.code().to_owned(),
            text: statement(document),
            bm25: hit.bm25,
            cosine: hit.cosine,
        }
    }
}

/// A passage's heading (its first line, `# …`), which names it in its own language.
fn heading(document: &Document) -> Option<String> {
    let text = document.text();
    let first = text.lines().next()?.trim();
    let heading = first.strip_prefix('#')?.trim_start_matches('#').trim();
    (!heading.is_empty()).then(|| heading.to_owned())
}

/// The statement quoted from a document: for an earlier answer, the answer (its last part);
/// otherwise the first paragraph that is not a heading. Cut at a sentence's end within
/// [`STATEMENT_CHARS`] where one is, at a word's end otherwise.
fn statement(document: &Document) -> String {
    let text = match document.source.kind() {
        SourceKind::Answer => document
            .parts
            .last()
            .map(|p| p.text.clone())
            .unwrap_or_default(),
        _ => document.text(),
    };
    let paragraph = text
        .split("\n\n")
        .map(str::trim)
        .find(|p| !p.is_empty() && !p.starts_with('#'))
        .unwrap_or("");
    let flat = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
    shorten(&flat, STATEMENT_CHARS)
}

fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        return text.to_owned();
    }
    let cut: String = text.chars().take(limit).collect();
    if let Some(end) = cut.rfind(['.', '!', '?']).filter(|&end| end > limit / 3) {
        return cut[..=end].to_owned();
    }
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passage(id: &str, language: Language, text: &str) -> Document {
        Document {
            source: SourceRef::Law {
                folder: "_common".into(),
                passage: id.into(),
                act: "APPC".into(),
                article: Some("art. 76".into()),
                verified: false,
            },
            language,
            parts: vec![sheshim_search::Part {
                language,
                text: text.into(),
            }],
        }
    }

    #[test]
    fn one_article_found_in_two_languages_is_cited_once_in_the_appeals_language() {
        let mut sources = sheshim_search::Sources::new();
        sources.push(passage(
            "appc-76-ru",
            Language::Ru,
            "# Сроки (АППК, статья 76)\n\nОбращение рассматривается пятнадцать рабочих дней.",
        ));
        sources.push(passage(
            "appc-76-kk",
            Language::Kk,
            "# Мерзімдер (ӘРПК, 76-бап)\n\nӨтініш он бес жұмыс күні ішінде қаралады.",
        ));
        let index = SearchIndex::build(sources, sheshim_search::BuildOptions::default()).unwrap();
        let grounding = Grounding::new(
            Arc::new(index),
            GroundingOptions {
                min_bm25: 0.1,
                ..GroundingOptions::default()
            },
        );
        let record = grounding.ground(
            "Өтініш он бес жұмыс күні қаралады ма? Обращение рассматривается пятнадцать рабочих дней?",
            Language::Kk,
        );
        let keys: Vec<&str> = record.sources.iter().map(|s| s.key.as_str()).collect();
        assert_eq!(keys, ["law:appc-76-kk"]);
        assert_eq!(record.sources[0].citation, "Мерзімдер (ӘРПК, 76-бап)");
        assert_eq!(
            record.sources[0].text,
            "Өтініш он бес жұмыс күні ішінде қаралады."
        );
    }

    #[test]
    fn statements_are_cut_at_a_sentence_or_a_word() {
        assert_eq!(shorten("Short.", 10), "Short.");
        let long = "One sentence here. Another sentence that runs past the limit";
        assert_eq!(shorten(long, 30), "One sentence here.");
        assert_eq!(shorten("word word word word", 12), "word word…");
    }
}
