//! What a reader can see: text made only of invisible characters is as empty as blank text.
//!
//! A field can hold characters and still show nothing: zero-width spaces and joiners,
//! direction marks, soft hyphens, combining marks with no letter to sit on, tag characters
//! (U+E0000–U+E007F), variation selectors, private-use and unassigned code points. Such a
//! value passes a "not empty" check but carries no appeal, names nobody and addresses
//! nowhere, so the parse constructors refuse it as they refuse blank text. Which characters
//! are visible is read from the Unicode general category (the `unicode-properties` crate),
//! not from hand-written ranges, so it follows the Unicode version the crate implements.

use unicode_properties::{GeneralCategoryGroup, UnicodeGeneralCategory};

/// Letters that Unicode itself lists as default-ignorable (the Hangul fillers) or that render
/// as an empty cell (the blank Braille pattern): their category says "letter" or "symbol",
/// yet they show nothing.
const BLANK_GRAPHIC_CHARACTERS: [char; 5] =
    ['\u{115F}', '\u{1160}', '\u{3164}', '\u{FFA0}', '\u{2800}'];

/// Whether a reader sees this character on its own: a letter, digit, punctuation mark or
/// symbol. Spaces, marks (which only modify the character before them), format characters
/// (zero-width, direction marks, tags), private-use, surrogate and unassigned code points are
/// not visible on their own.
fn is_visible(c: char) -> bool {
    let group = c.general_category_group();
    let graphic = matches!(
        group,
        GeneralCategoryGroup::Letter
            | GeneralCategoryGroup::Number
            | GeneralCategoryGroup::Punctuation
            | GeneralCategoryGroup::Symbol
    );
    graphic && !BLANK_GRAPHIC_CHARACTERS.contains(&c)
}

/// Whether the text has at least one character a reader can see.
pub(crate) fn has_visible_character(text: &str) -> bool {
    text.chars().any(is_visible)
}

/// The explicit direction overrides, embeddings and isolates (U+202A–U+202E, U+2066–U+2069).
/// They reorder what follows them on screen, so a name holding one can be shown as another
/// name than the one stored; ordinary right-to-left names never need them.
pub(crate) fn is_direction_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_digits_punctuation_and_symbols_are_visible() {
        for text in ["Ә", "я", "Z", "7", "!", "№", "€", "😀", "中"] {
            assert!(has_visible_character(text), "{text:?}");
        }
    }

    #[test]
    fn invisible_only_text_has_nothing_visible() {
        for text in [
            "",
            " \u{A0}\u{3000}",
            "\u{200B}\u{200C}\u{200D}\u{2060}\u{FEFF}",
            "\u{200E}\u{200F}\u{061C}",
            "\u{202A}\u{202E}\u{2066}\u{2069}",
            "\u{00AD}",
            "\u{0301}\u{0308}\u{20DD}",
            "\u{E0001}\u{E0041}\u{E007F}",
            "\u{FE0F}\u{FE00}\u{E0100}",
            "\u{E000}\u{F8FF}\u{F0000}",
            "\u{3164}\u{115F}\u{FFA0}\u{2800}",
            "\u{0378}",
        ] {
            assert!(!has_visible_character(text), "{text:?}");
        }
    }

    #[test]
    fn direction_controls_are_the_overrides_and_isolates() {
        for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}'] {
            assert!(is_direction_control(c));
        }
        for c in ['\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
            assert!(is_direction_control(c));
        }
        // The plain direction marks do not reorder text and stay allowed inside a name.
        assert!(!is_direction_control('\u{200F}') && !is_direction_control('a'));
    }
}
