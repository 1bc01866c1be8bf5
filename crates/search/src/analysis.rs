//! The analysers, one per language, registered under the names the index's text fields use.
//!
//! | Language | Analyser |
//! |---|---|
//! | Kazakh | words, lower-cased with Kazakh letters and light suffix stripping ([`crate::kazakh`]) |
//! | Russian | words, lower-cased, Russian stop words removed, Snowball Russian stemmer |
//! | English | words, lower-cased, English stop words removed, Snowball English stemmer |
//!
//! Words are split on anything that is not a letter or a digit; a word longer than
//! [`MAX_TOKEN_BYTES`] (a hash, a run of letters) is dropped.

use crate::kazakh::KazakhFilter;
use sheshim_domain::Language;
use tantivy::tokenizer::{
    Language as Snowball, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    TextAnalyzer, TokenStream as _, TokenizerManager,
};

/// The longest word indexed, in bytes.
pub const MAX_TOKEN_BYTES: usize = 60;

/// The name of the analyser (and the suffix of the text field) of `language`.
pub fn analyser_name(language: Language) -> &'static str {
    match language {
        Language::Kk => "sheshim_kk",
        Language::Ru => "sheshim_ru",
        Language::En => "sheshim_en",
    }
}

/// The analyser of `language`.
pub fn analyser(language: Language) -> TextAnalyzer {
    let words = || {
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
    };
    let snowball = |language: Snowball| {
        let mut builder = words().filter(LowerCaser).dynamic();
        // tantivy ships stop word lists for both languages; were one missing, the words
        // would merely all be kept.
        if let Some(stop_words) = StopWordFilter::new(language) {
            builder = builder.filter_dynamic(stop_words);
        }
        builder.filter_dynamic(Stemmer::new(language)).build()
    };
    match language {
        Language::Kk => words().filter(KazakhFilter).build(),
        Language::Ru => snowball(Snowball::Russian),
        Language::En => snowball(Snowball::English),
    }
}

/// Registers the three analysers with an index's tokenizer manager.
pub fn register(manager: &TokenizerManager) {
    for language in Language::ALL {
        manager.register(analyser_name(language), analyser(language));
    }
}

/// The terms `text` gives in `language`'s analyser, in order (duplicates kept).
pub fn terms(language: Language, text: &str) -> Vec<String> {
    let mut analyser = analyser(language);
    let mut stream = analyser.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_words_are_stemmed_and_stop_words_dropped() {
        assert_eq!(
            terms(Language::Ru, "Отопления нет в домах"),
            vec!["отоплен", "дом"]
        );
        assert_eq!(
            terms(Language::Ru, "отопление"),
            terms(Language::Ru, "ОТОПЛЕНИЯ")
        );
    }

    #[test]
    fn english_words_are_stemmed() {
        assert_eq!(
            terms(Language::En, "The heating of the houses"),
            vec!["heat", "hous"]
        );
    }

    #[test]
    fn kazakh_words_meet_on_their_stems() {
        assert_eq!(
            terms(Language::Kk, "Мектептердің балаларына"),
            vec!["мектеп", "бала"]
        );
        assert!(terms(Language::Kk, &"ы".repeat(100)).is_empty());
    }
}
