//! The 2021 and 2018 alphabets, read letter by letter.
//!
//! Both are exact tables except for two letters each has to guess, as the Cyrillic spelling
//! decides them by position: и or й (й after a vowel, as in «ай», «ой», «үй»), and х or һ
//! (х; һ appears in a handful of words). They differ in three letters: i is и/й in 2021 and
//! і in 2018, ı is і in 2021 and и/й in 2018, u is у in 2021 and ұ in 2018 (whose у is ý).
//! Letters of the other alphabet are read too (ä in a 2018 text is still ә), since people
//! mix them.
//!
//! What the tables cannot know — е or э, ц or тс, ч or тш, я or йа, the signs ь and ъ —
//! the word list settles: a word or stem listed there, spelled in the alphabet's letters,
//! is written as listed («elektr» → «электр», «polisiia» → «полиция»).

use std::sync::LazyLock;

use super::lexicon::{Keying, LEXICON, Scratch, push_key};
use super::units::{Unit, is_vowel};
use super::{LatinSpelling, Writer};

/// [`common_by_table`] of every character below U+0250 (Basic Latin to Latin Extended-B,
/// where the alphabets' letters are): one table read per letter instead of a `match` over
/// scattered letters.
static COMMON: LazyLock<[Option<&'static str>; 0x250]> =
    LazyLock::new(|| std::array::from_fn(|i| char::from_u32(i as u32).and_then(common_by_table)));

/// The key of [`common`] for every character below U+0250, in the 2021 keying and then the
/// 2018 one (`None`: no Cyrillic, or Cyrillic with no key), so that keying a formal word
/// reads one entry per letter instead of decoding and looking up its Cyrillic letters.
static COMMON_KEYS: LazyLock<[Vec<Option<String>>; 2]> = LazyLock::new(|| {
    [Keying::Alphabet2021, Keying::Alphabet2018].map(|keying| {
        (0..0x250)
            .map(|i| {
                let cyrillic = char::from_u32(i).and_then(common_by_table)?;
                let keys = keying.table();
                let mut key = String::new();
                for c in cyrillic.chars() {
                    key.push_str(keys.of(c)?);
                }
                Some(key)
            })
            .collect()
    })
});

/// The Cyrillic of a letter both alphabets spell alike, or `None` for a letter they lack
/// (and for i, ı and u, which they spell differently).
pub(super) fn common(letter: char) -> Option<&'static str> {
    match COMMON.get(letter as usize) {
        Some(&cyrillic) => cyrillic,
        None => common_by_table(letter),
    }
}

/// [`common`] from the 2021 alphabet's own table.
fn common_by_table(letter: char) -> Option<&'static str> {
    match letter {
        'i' | 'ı' | 'u' => None,
        'é' => Some("е"),
        'я' => Some("я"),
        'ю' => Some("ю"),
        'ё' => Some("ё"),
        _ => crate::translit::cyrillic_of(letter, false),
    }
}

/// Whether a letter before an i-letter makes it й: a vowel that is neither an i-letter nor
/// у (which sounds w before a vowel: қауіп, беруі).
fn makes_short_i(previous: Option<char>, spelling: LatinSpelling) -> bool {
    previous.is_some_and(|p| {
        is_vowel(p)
            && !matches!(p, 'i' | 'ı' | 'ý' | 'w')
            && !(p == 'u' && spelling == LatinSpelling::Alphabet2021)
    })
}

/// The table's Cyrillic for each unit (`None`: a letter the alphabet lacks) into
/// `scratch.cyrillic`, and the word's key in `keying` into `scratch.key`, `boundaries` and
/// `unit_keys`, in the same pass. Returns whether the whole word has a key: a word with a
/// letter the alphabet lacks, or one whose Cyrillic has no key, is in no list, and its key
/// is left unfinished.
fn table(units: &[Unit], spelling: LatinSpelling, keying: Keying, scratch: &mut Scratch) -> bool {
    let Scratch {
        key,
        boundaries,
        unit_keys,
        cyrillic: out,
        ..
    } = scratch;
    out.clear();
    key.clear();
    boundaries.clear();
    unit_keys.clear();
    // The lazily built tables are reached once per word, not once per letter.
    let table: &[Option<&'static str>; 0x250] = &COMMON;
    let common = |letter: char| match table.get(letter as usize) {
        Some(&cyrillic) => cyrillic,
        None => common_by_table(letter),
    };
    let keys = keying.table();
    let common_keys: &'static [Option<String>] = match keying {
        Keying::Alphabet2018 => &COMMON_KEYS[1],
        _ => &COMMON_KEYS[0],
    };
    let mut keyed = true;
    let mut previous = None;
    for unit in units {
        let letter = unit.letter;
        // Only an i-letter asks what came before it.
        let short_i = || makes_short_i(previous, spelling);
        let cyrillic = match (spelling, letter) {
            (LatinSpelling::Alphabet2021, 'i') | (LatinSpelling::Alphabet2018, 'ı') => {
                Some(if short_i() { "й" } else { "и" })
            }
            (LatinSpelling::Alphabet2021, 'ı') => Some("і"),
            (LatinSpelling::Alphabet2018, 'i') => Some(if short_i() { "й" } else { "і" }),
            (LatinSpelling::Alphabet2021, 'u') => Some("у"),
            (_, 'u') => Some("ұ"),
            _ => common(letter),
        };
        previous = Some(letter);
        out.push(cyrillic);
        if !keyed {
            continue;
        }
        let Some(cyrillic) = cyrillic else {
            keyed = false;
            continue;
        };
        let before = key.len();
        match common_keys.get(letter as usize) {
            // The letter's Cyrillic is the common table's, whose key is ready.
            Some(common_key) if !matches!(letter, 'i' | 'ı' | 'u') => match common_key {
                Some(common_key) => push_key(key, common_key),
                None => keyed = false,
            },
            _ => {
                for c in cyrillic.chars() {
                    let Some(letter_key) = keys.of(c) else {
                        keyed = false;
                        break;
                    };
                    push_key(key, letter_key);
                }
            }
        }
        boundaries.push(key.len());
        unit_keys.push(key.len() - before);
    }
    keyed
}

/// The listed word the typed word begins with, from its key (see [`table`]); which units
/// became which of its letters is left in `scratch.groups`.
fn listed_stem(keying: Keying, scratch: &mut Scratch) -> Option<&'static str> {
    let Scratch {
        key,
        boundaries,
        unit_keys,
        groups,
        ..
    } = scratch;
    let (len, listed) = LEXICON.stem(keying, key.as_bytes(), boundaries, |_, _| true)?;
    let units = boundaries.iter().position(|&b| b == len)? + 1;
    LEXICON
        .align(listed, &unit_keys[..units], keying, groups)
        .then_some(listed.word)
}

/// Writes the units of one word in Cyrillic: a listed word or stem it begins with as listed,
/// the rest by the table.
pub(super) fn read(
    units: &[Unit],
    spelling: LatinSpelling,
    caps: bool,
    out: &mut Writer<'_>,
    scratch: &mut Scratch,
) {
    let keying = match spelling {
        LatinSpelling::Alphabet2018 => Keying::Alphabet2018,
        _ => Keying::Alphabet2021,
    };
    let keyed = table(units, spelling, keying, scratch);
    let mut stem = keyed.then(|| listed_stem(keying, scratch)).flatten();
    // The 2018 alphabet writes the capitals of i (і) and ı (и, й) alike, as I: an unlisted
    // word starting with I is tried with и as well («Internet» is «Интернет»).
    if stem.is_none()
        && spelling == LatinSpelling::Alphabet2018
        && units.first().is_some_and(|u| u.upper && u.letter == 'i')
    {
        let mut dotless: Vec<Unit> = units.to_vec();
        dotless[0].letter = 'ı';
        let table_i = std::mem::take(&mut scratch.cyrillic);
        if table(&dotless, spelling, keying, scratch) {
            stem = listed_stem(keying, scratch);
        }
        if stem.is_none() {
            scratch.cyrillic = table_i;
        }
    }
    let mut from = 0;
    if let Some(word) = stem {
        for (unit_range, letter_range) in &scratch.groups {
            from = unit_range.end;
            out.letter(
                &units[unit_range.clone()],
                &word[letter_range.clone()],
                caps,
            );
        }
    }
    for (i, cyrillic) in scratch.cyrillic.iter().enumerate().skip(from) {
        let here = &units[i..=i];
        match cyrillic {
            Some(cyrillic) => out.letter(here, cyrillic, caps),
            None => out.as_typed(here),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_keys_are_the_keys_of_the_common_letters() {
        for (keying, keys) in [Keying::Alphabet2021, Keying::Alphabet2018]
            .into_iter()
            .zip(COMMON_KEYS.iter())
        {
            for (i, key) in keys.iter().enumerate() {
                let want = char::from_u32(i as u32)
                    .and_then(common)
                    .and_then(|cyrillic| {
                        cyrillic
                            .chars()
                            .map(|c| keying.of(c))
                            .collect::<Option<String>>()
                    });
                assert_eq!(key, &want, "{keying:?} {i:#x}");
            }
        }
        assert_eq!(COMMON_KEYS[1][usize::from(b'x')].as_deref(), Some("ks"));
    }

    #[test]
    fn common_table_is_the_alphabet_table() {
        for letter in (0..0x0600).filter_map(char::from_u32) {
            assert_eq!(common(letter), common_by_table(letter), "{letter:?}");
        }
        assert_eq!(common('q'), Some("қ"));
    }
}
