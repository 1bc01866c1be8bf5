//! A provisional guess of an appeal's language from its letters, used only when the
//! citizen did not say which language they wrote in.
//!
//! This is deliberately simple — Kazakh-only Cyrillic letters mean Kazakh, other Cyrillic
//! means Russian, Latin letters mean English, no letters at all mean Kazakh — and is replaced by the trained language identifier
//! of the understanding crate once it exists. Latin-script Kazakh is not recognised here.

use sheshim_domain::Language;

/// Letters of the Kazakh Cyrillic alphabet that Russian does not use.
const KAZAKH_ONLY: &[char] = &[
    'ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і', 'Ә', 'Ғ', 'Қ', 'Ң', 'Ө', 'Ұ', 'Ү', 'Һ', 'І',
];

/// Guesses the language of a text from its alphabet.
pub fn provisional_language(text: &str) -> Language {
    let mut cyrillic = 0usize;
    let mut latin = 0usize;
    let mut kazakh = 0usize;
    for ch in text.chars() {
        if KAZAKH_ONLY.contains(&ch) {
            kazakh += 1;
            cyrillic += 1;
        } else if ('\u{0400}'..='\u{04FF}').contains(&ch) {
            cyrillic += 1;
        } else if ch.is_ascii_alphabetic() {
            latin += 1;
        }
    }
    if cyrillic > latin {
        // One Kazakh letter in a hundred is already far more than any Russian text has.
        if kazakh * 100 >= cyrillic {
            Language::Kk
        } else {
            Language::Ru
        }
    } else if latin > 0 {
        Language::En
    } else {
        // With no letters at all there is nothing to go on; answer in the state language.
        Language::Kk
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabets_pick_the_language() {
        assert_eq!(
            provisional_language("Көшедегі шам жанбайды, көмектесіңіз."),
            Language::Kk
        );
        assert_eq!(
            provisional_language("Во дворе не горит фонарь, помогите."),
            Language::Ru
        );
        assert_eq!(
            provisional_language("The street light in our yard is out."),
            Language::En
        );
        assert_eq!(provisional_language("12345"), Language::Kk);
    }
}
