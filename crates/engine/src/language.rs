//! The language of an appeal whose citizen did not say which language they wrote in.
//!
//! The answer is written in that language (APPC), so it matters: `sheshim-lang` identifies
//! Kazakh in either script, Russian and English. A text it cannot read (no letters at all)
//! is answered in the state language.

use sheshim_domain::Language;

/// The language of `text` by `sheshim-lang`, or Kazakh when the text has no letters.
pub fn identify_language(text: &str) -> Language {
    sheshim_lang::detect(text).map_or(Language::Kk, |detection| detection.language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifies_the_three_languages_and_latin_kazakh() {
        assert_eq!(
            identify_language("Көшедегі шам жанбайды, көмектесіңіз."),
            Language::Kk
        );
        assert_eq!(
            identify_language("Во дворе не горит фонарь, помогите."),
            Language::Ru
        );
        assert_eq!(
            identify_language("The street light in our yard is out."),
            Language::En
        );
        // The alphabet alone would have called these English: the 2018 alphabet and
        // Kazakh typed without diacritics.
        assert_eq!(
            identify_language("Kóshedegi sham janbaidy, kómektesińiz."),
            Language::Kk
        );
        assert_eq!(
            identify_language("Ush kun boiy zhylu zhok, balalar auyryp zhatyr"),
            Language::Kk
        );
        assert_eq!(identify_language("12345"), Language::Kk);
    }
}
