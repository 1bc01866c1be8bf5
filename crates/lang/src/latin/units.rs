//! A Latin word cut into the letters Kazakh spelling means.
//!
//! A *unit* is one letter or digraph of the citizen's word: lowercased, with a combining
//! mark composed onto its base (NFD input), and a digraph given the letter it spells —
//! `sh` ş, `zh` j, `ch` ç, `gh` ğ (so the readers see one letter per Kazakh sound; not in
//! the 2021 alphabet, whose s + h is с + х), and
//! `ia`/`ıa` я and `iu`/`ıý` ю in the formal alphabets (how the 2021 and 2018 rules spell
//! я and ю), `ya` я, `yu` ю, `yo` ё and `kh` h in informal spelling. Each unit keeps the byte
//! span it was read from, so what is made of it can be mapped back.

use std::sync::LazyLock;

use super::LatinSpelling;

/// One letter (or digraph) of a Latin word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    /// Byte offset of its first character in the original text.
    pub start: usize,
    /// Byte offset just past its last character.
    pub end: usize,
    /// The lowercase letter, or for a digraph the letter it spells.
    pub letter: char,
    /// Whether it was written with a capital.
    pub upper: bool,
}

/// The characters a word can hold: Latin letters (below U+0250) and combining marks (up to
/// U+036F).
const CASED: usize = 0x370;

/// The lowercase of every character below [`CASED`], whether it is a capital and whether
/// it is a small letter, as the Unicode tables say: one read per letter instead of a search
/// of those tables, which was a large part of cutting a word.
static CASES: LazyLock<[(char, bool, bool); CASED]> = LazyLock::new(|| {
    std::array::from_fn(|i| {
        let c = char::from_u32(i as u32).unwrap_or_default();
        (
            c.to_lowercase().next().unwrap_or(c),
            c.is_uppercase(),
            c.is_lowercase(),
        )
    })
});

/// [`CASES`], reached once per word: each look at a lazily built table checks whether it
/// is built.
#[derive(Clone, Copy)]
struct Cases(&'static [(char, bool, bool); CASED]);

impl Cases {
    fn get() -> Cases {
        Cases(&CASES)
    }

    /// Lowercases a Latin letter. The capital `I` is `ı` in the 2021 alphabet (whose `İ` is
    /// the capital of `i`) and `i` elsewhere.
    #[inline]
    fn lower(self, c: char, spelling: LatinSpelling) -> char {
        match c {
            'I' if spelling == LatinSpelling::Alphabet2021 => 'ı',
            'I' | 'İ' => 'i',
            _ if c.is_ascii() => c.to_ascii_lowercase(),
            _ => match self.0.get(c as usize) {
                Some(&(lower, _, _)) => lower,
                None => c.to_lowercase().next().unwrap_or(c),
            },
        }
    }

    /// Whether a character is a capital ([`char::is_uppercase`]).
    #[inline]
    fn is_upper(self, c: char) -> bool {
        if c.is_ascii() {
            return c.is_ascii_uppercase();
        }
        match self.0.get(c as usize) {
            Some(&(_, upper, _)) => upper,
            None => c.is_uppercase(),
        }
    }

    /// Whether a character is a small letter ([`char::is_lowercase`]).
    #[inline]
    fn is_lower(self, c: char) -> bool {
        if c.is_ascii() {
            return c.is_ascii_lowercase();
        }
        match self.0.get(c as usize) {
            Some(&(_, _, lower)) => lower,
            None => c.is_lowercase(),
        }
    }
}

/// The letter a two-letter sequence spells in `spelling`, if it is a digraph there.
fn digraph(first: char, second: char, spelling: LatinSpelling) -> Option<char> {
    let informal = spelling == LatinSpelling::Informal;
    // The 2021 alphabet has ş, ç and j, so its s + h is с + х (асхана).
    let digraphs = spelling != LatinSpelling::Alphabet2021;
    // Every digraph ends in h, a, u, o or ý: most pairs stop at this one test.
    if !matches!(second, 'h' | 'a' | 'u' | 'o' | 'ý') {
        return None;
    }
    Some(match (first, second) {
        ('s', 'h') if digraphs => 'ş',
        ('z', 'h') if digraphs => 'j',
        ('c', 'h') if digraphs => 'ç',
        ('g', 'h') if digraphs => 'ğ',
        ('k', 'h') if informal => 'h',
        ('y', 'a') if informal => 'я',
        ('y', 'u') if informal => 'ю',
        ('y', 'o') if informal => 'ё',
        ('i', 'a') if spelling == LatinSpelling::Alphabet2021 => 'я',
        ('i', 'u') if spelling == LatinSpelling::Alphabet2021 => 'ю',
        ('ı', 'a') if spelling == LatinSpelling::Alphabet2018 => 'я',
        ('ı', 'ý') if spelling == LatinSpelling::Alphabet2018 => 'ю',
        _ => return None,
    })
}

/// What cutting a word saw: where it ends and, for telling the words kept as typed, the
/// case of its characters.
pub(crate) struct Cut {
    /// Byte offset just past the word.
    pub end: usize,
    /// Whether a character of the word is a small letter.
    pub lower: bool,
    /// Whether a capital follows a small letter somewhere in the word (eGov).
    pub upper_after_lower: bool,
}

/// Cuts the Latin word starting at byte `start` of `text` (at a Latin letter) into units
/// (appended to `out`). The word runs on over Latin letters and combining marks.
///
/// A digraph is merged as its second letter is read: the pairs are taken from the left,
/// and a unit that is a digraph already takes no third letter.
pub(crate) fn cut(text: &str, start: usize, spelling: LatinSpelling, out: &mut Vec<Unit>) -> Cut {
    out.clear();
    let bytes = text.as_bytes();
    let mut lower_seen = false;
    let mut upper_after_lower = false;
    let cases = Cases::get();
    let mut case = |c: char| {
        let upper = cases.is_upper(c);
        upper_after_lower |= lower_seen && upper;
        lower_seen |= cases.is_lower(c);
        upper
    };
    // Whether the last unit is a single letter, which the next may join as a digraph.
    let mut single = false;
    let mut at = start;
    while let Some(c) = char_at(text, at) {
        if at > start && !(super::is_latin_letter(c) || super::is_combining_mark(c)) {
            break;
        }
        let upper = case(c);
        let mut end = at + c.len_utf8();
        let mut composed = c;
        // Combining marks (U+0300..U+036F) start with byte 0xCC or 0xCD: only then can the
        // next character compose with this one.
        if matches!(bytes.get(end), Some(0xCC | 0xCD))
            && let Some(mark) = char_at(text, end)
            && let Some(letter) = crate::translit::compose(c, mark)
        {
            case(mark);
            composed = letter;
            end += mark.len_utf8();
        }
        let letter = cases.lower(composed, spelling);
        if single
            && let Some(last) = out.last_mut()
            && let Some(digraph) = digraph(last.letter, letter, spelling)
        {
            last.letter = digraph;
            last.end = end;
            single = false;
        } else {
            out.push(Unit {
                start: at,
                end,
                letter,
                upper,
            });
            single = true;
        }
        at = end;
    }
    Cut {
        end: at,
        lower: lower_seen,
        upper_after_lower,
    }
}

/// The character starting at byte `at` of `text` (`at` on a boundary). ASCII and two-byte
/// characters (the Latin letters with diacritics, Cyrillic, combining marks), nearly every
/// character of an appeal, are read straight from their bytes; the general decoder, which
/// first checks the boundary, reads the rest.
#[inline]
pub(crate) fn char_at(text: &str, at: usize) -> Option<char> {
    let bytes = text.as_bytes();
    match bytes.get(at) {
        Some(&b) if b.is_ascii() => Some(char::from(b)),
        // A lead byte 110xxxxx and, `text` being UTF-8, one continuation byte 10xxxxxx.
        Some(&b) if b & 0xE0 == 0xC0 => {
            let next = bytes.get(at + 1)?;
            char::from_u32(u32::from(b & 0x1F) << 6 | u32::from(next & 0x3F))
        }
        Some(_) => text.get(at..).and_then(|rest| rest.chars().next()),
        None => None,
    }
}

/// Whether a unit's letter is a vowel (any spelling, diacritics included).
pub(crate) fn is_vowel(letter: char) -> bool {
    matches!(
        letter,
        'a' | 'ä'
            | 'á'
            | 'e'
            | 'é'
            | 'i'
            | 'ı'
            | 'o'
            | 'ö'
            | 'ó'
            | 'u'
            | 'ū'
            | 'ü'
            | 'ú'
            | 'ý'
            | 'y'
            | 'я'
            | 'ю'
            | 'ё'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn letters(word: &str, spelling: LatinSpelling) -> String {
        let mut out = Vec::new();
        cut(word, 0, spelling, &mut out);
        out.iter().map(|u| u.letter).collect()
    }

    #[test]
    fn digraphs_and_marks() {
        assert_eq!(letters("Zhylu", LatinSpelling::Informal), "jylu");
        assert_eq!(letters("ashyq", LatinSpelling::Informal), "aşyq");
        assert_eq!(letters("kuyu", LatinSpelling::Informal), "kuю");
        assert_eq!(letters("aialdama", LatinSpelling::Alphabet2021), "aяldama");
        assert_eq!(letters("aıaldama", LatinSpelling::Alphabet2018), "aяldama");
        assert_eq!(letters("Iske", LatinSpelling::Alphabet2021), "ıske");
        assert_eq!(letters("Iske", LatinSpelling::Informal), "iske");
        // a + combining acute is á; spans cover both characters.
        let mut out = Vec::new();
        let word = cut("12, ka\u{301}!", 4, LatinSpelling::Alphabet2018, &mut out);
        assert_eq!((out.len(), word.end), (2, 8));
        assert_eq!((out[1].letter, out[1].start, out[1].end), ('á', 5, 8));
        cut("Sh", 0, LatinSpelling::Informal, &mut out);
        assert_eq!((out[0].letter, out[0].upper, out[0].end), ('ş', true, 2));
        let word = cut("eGov.kz", 0, LatinSpelling::Informal, &mut out);
        assert_eq!(
            (word.end, word.lower, word.upper_after_lower),
            (4, true, true)
        );
    }

    #[test]
    fn char_at_reads_every_character() {
        let text: String = (0..0x11_0000)
            .filter_map(char::from_u32)
            .step_by(7)
            .collect();
        let mut read = Vec::new();
        let mut at = 0;
        while let Some(c) = char_at(&text, at) {
            read.push(c);
            at += c.len_utf8();
        }
        assert_eq!(read, text.chars().collect::<Vec<_>>());
        let two_byte: String = ('\u{80}'..='\u{7FF}').collect();
        assert_eq!(char_at(&two_byte, 0), Some('\u{80}'));
        assert!(
            two_byte
                .char_indices()
                .all(|(i, c)| char_at(&two_byte, i) == Some(c))
        );
    }

    #[test]
    fn case_table_is_the_unicode_tables() {
        for c in (0..0x0600).filter_map(char::from_u32) {
            let cases = Cases::get();
            assert_eq!(cases.is_upper(c), c.is_uppercase(), "{c:?}");
            assert_eq!(cases.is_lower(c), c.is_lowercase(), "{c:?}");
            for spelling in [LatinSpelling::Alphabet2021, LatinSpelling::Informal] {
                let want = match c {
                    'I' if spelling == LatinSpelling::Alphabet2021 => 'ı',
                    'I' | 'İ' => 'i',
                    _ => c.to_lowercase().next().unwrap_or(c),
                };
                assert_eq!(cases.lower(c, spelling), want, "{c:?}");
            }
        }
    }
}
