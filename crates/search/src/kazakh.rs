//! The Kazakh analyser: lower-casing that knows Kazakh letters, and a light suffix-stripping
//! stemmer for the plural, possessive and case endings of nouns (and the few verbal endings
//! that look like them).
//!
//! Kazakh is agglutinative: one noun appears as *жол* (road), *жолдар* (roads), *жолы* (its
//! road), *жолдардың* (of the roads), *жолға* (to the road). A citizen writes one form and a
//! legal passage another, so BM25 over whole words would miss most matches. Snowball has no
//! Kazakh stemmer, hence this one. It strips the longest known ending again and again while
//! a long enough stem with a vowel is left, and then undoes the
//! voicing a vowel-initial ending causes (*мектебі* → *мектеб* → *мектеп*). It is
//! deliberately greedy: for retrieval, two forms of one word meeting on one stem matters
//! more than the stem being the dictionary form, and the occasional word that happens to end
//! like a suffix (*машина* → *маши*) is stemmed the same way in the query and the passage.
//! A stem keeps at least [`MIN_STEM_CHARS`] letters and a vowel.

use std::mem;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The shortest stem, in letters, an ending of two letters or more may leave: Kazakh has
/// many two-letter roots (үй house, ай month, су water, жер … ).
pub const MIN_STEM_CHARS: usize = 2;

/// The shortest stem a one-letter ending (the possessive -ы/-і) may leave: one letter is
/// too weak a clue to cut a three-letter word to two (ісі stays).
const MIN_STEM_AFTER_ONE_LETTER: usize = 3;

/// How many endings one word may lose: plural, possessive, case and a derived ending on top
/// (e.g. *ауласындағы* = аула + сы + нда + ғы) is the longest chain in appeals.
const MAX_STRIPS: usize = 5;

/// The endings stripped, each form after the vowel harmony (back/front) and the assimilation
/// of its first consonant; [`stem`] picks the longest that matches.
// One line per group of endings, as a grammar lists them.
#[rustfmt::skip]
const ENDINGS: &[&str] = &[
    // Plural.
    "лар", "лер", "дар", "дер", "тар", "тер",
    // Possessive: my, your, your (polite), his/her/its, our.
    "ым", "ім", "ың", "ің", "ыңыз", "іңіз", "ңыз", "ңіз", "ы", "і", "сы", "сі", "мыз", "міз", "ымыз", "іміз",
    // Genitive.
    "ның", "нің", "дың", "дің", "тың", "тің",
    // Dative (after a possessive: на, не).
    "ға", "ге", "қа", "ке", "на", "не",
    // Accusative (after the possessive -сы/-сі: н, stripped with it; -ын/-ін alone is left,
    // as too many stems end so: тұрғын, келін).
    "ны", "ні", "ды", "ді", "ты", "ті", "сын", "сін",
    // Locative, and locative with the adjective-forming -ғы/-гі.
    "да", "де", "та", "те", "нда", "нде", "дағы", "дегі", "тағы", "тегі", "ндағы", "ндегі",
    // Ablative.
    "дан", "ден", "тан", "тен", "нан", "нен",
    // Instrumental.
    "мен", "бен", "пен",
];

/// True for the vowels of Kazakh Cyrillic (and of the Russian loanwords it writes).
fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'а' | 'ә' | 'е' | 'ё' | 'и' | 'о' | 'ө' | 'у' | 'ұ' | 'ү' | 'ы' | 'і' | 'э' | 'ю' | 'я'
    )
}

/// True when `c` is a Cyrillic letter (the basic block holds all of Kazakh's).
fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// Lower-cases a Kazakh word. Unicode lower-casing already maps Ә Ғ Қ Ң Ө Ұ Ү Һ І to their
/// small letters; beyond it, a Latin `i` (or `ı`) typed inside an otherwise Cyrillic word —
/// common on keyboards without a Kazakh layout — is read as the Cyrillic *і*, and *ё* as *е*.
pub fn lowercase(word: &str) -> String {
    let cyrillic = word.chars().any(is_cyrillic);
    word.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'i' | 'ı' if cyrillic => 'і',
            'ё' => 'е',
            other => other,
        })
        .collect()
}

/// The stem of a lower-cased Kazakh word (see the module's documentation). Words in other
/// scripts, and words too short to carry an ending, are returned as they are.
pub fn stem(word: &str) -> String {
    if !word.chars().all(|c| is_cyrillic(c) || c == '-') {
        return word.to_owned();
    }
    let mut stem = word;
    let mut stripped_vowel_initial = false;
    for _ in 0..MAX_STRIPS {
        let best = ENDINGS
            .iter()
            .filter(|ending| {
                let min = if ending.chars().count() == 1 {
                    MIN_STEM_AFTER_ONE_LETTER
                } else {
                    MIN_STEM_CHARS
                };
                stem.strip_suffix(**ending)
                    .is_some_and(|rest| rest.chars().count() >= min && rest.chars().any(is_vowel))
            })
            .max_by_key(|ending| ending.len());
        let Some(ending) = best else { break };
        stem = &stem[..stem.len() - ending.len()];
        stripped_vowel_initial = ending.chars().next().is_some_and(is_vowel);
    }
    let mut stem = stem.to_owned();
    // A stem ending in п, қ or к is voiced before a vowel-initial ending (мектеп →
    // мектебі, тарақ → тарағы, бөлік → бөлігі): give the stem its unvoiced form back.
    if stripped_vowel_initial && let Some(last) = stem.pop() {
        stem.push(match last {
            'б' => 'п',
            'ғ' => 'қ',
            'г' => 'к',
            other => other,
        });
    }
    stem
}

/// Lower-cases and stems one token: what [`KazakhFilter`] does to each.
pub fn analyse_word(word: &str) -> String {
    stem(&lowercase(word))
}

/// A tantivy token filter applying [`analyse_word`] to every token.
#[derive(Clone, Copy, Debug, Default)]
pub struct KazakhFilter;

impl TokenFilter for KazakhFilter {
    type Tokenizer<T: Tokenizer> = KazakhFilterWrapper<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> KazakhFilterWrapper<T> {
        KazakhFilterWrapper { inner: tokenizer }
    }
}

/// The tokenizer [`KazakhFilter`] wraps around another.
#[derive(Clone)]
pub struct KazakhFilterWrapper<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for KazakhFilterWrapper<T> {
    type TokenStream<'a> = KazakhTokenStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        KazakhTokenStream {
            tail: self.inner.token_stream(text),
        }
    }
}

/// The token stream of [`KazakhFilterWrapper`].
pub struct KazakhTokenStream<T> {
    tail: T,
}

impl<T: TokenStream> TokenStream for KazakhTokenStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let mut analysed = analyse_word(&token.text);
        mem::swap(&mut token.text, &mut analysed);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all_stem_to(forms: &[&str], expected: &str) {
        for form in forms {
            assert_eq!(analyse_word(form), expected, "{form}");
        }
    }

    #[test]
    fn lowercases_kazakh_letters() {
        assert_eq!(lowercase("ӘҒҚҢӨҰҮҺІ"), "әғқңөұүһі");
        assert_eq!(lowercase("ҚАЛАСЫ"), "қаласы");
        // A Latin i typed inside a Cyrillic word is the Kazakh і; a Latin word keeps it.
        assert_eq!(lowercase("бiлiм"), "білім");
        assert_eq!(lowercase("Internet"), "internet");
    }

    #[test]
    fn plural_case_and_possessive_forms_meet_on_one_stem() {
        all_stem_to(
            &["жол", "жолдар", "жолдардың", "жолы", "жолға", "жолдары"],
            "жол",
        );
        all_stem_to(
            &["мектеп", "мектептің", "мектепке", "мектептерде", "мектебі"],
            "мектеп",
        );
        all_stem_to(
            &["бала", "балалар", "балаларға", "баланың", "баласын"],
            "бала",
        );
        all_stem_to(&["көше", "көшесі", "көшеде", "көшесінде"], "көше");
        all_stem_to(
            &[
                "қала",
                "қаласы",
                "қаланың",
                "қалада",
                "қалалар",
                "қаласында",
            ],
            "қала",
        );
        all_stem_to(&["тұрғын", "тұрғындар", "тұрғындардың"], "тұрғын");
        all_stem_to(&["аула", "ауласындағы", "аулада"], "аула");
        all_stem_to(&["дәрігер", "дәрігерлер", "дәрігерден"], "дәрігер");
    }

    #[test]
    fn polite_verbal_forms_lose_their_endings() {
        assert_eq!(analyse_word("жүргізуіңізді"), "жүргізу");
        assert_eq!(analyse_word("ЖҮРГІЗУІҢІЗДІ"), "жүргізу");
    }

    #[test]
    fn two_letter_roots_keep_their_endings_apart_from_them() {
        all_stem_to(&["үй", "үйде", "үйлерде", "үйдің"], "үй");
        all_stem_to(&["ай", "айдың", "айдан", "айға"], "ай");
        // A one-letter ending never cuts a word to two letters.
        assert_eq!(analyse_word("ісі"), "ісі");
    }

    #[test]
    fn short_words_and_other_scripts_are_kept() {
        assert_eq!(analyse_word("үй"), "үй");
        assert_eq!(analyse_word("road"), "road");
        assert_eq!(analyse_word("2024"), "2024");
    }
}
