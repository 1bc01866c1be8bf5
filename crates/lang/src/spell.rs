//! Kazakh Cyrillic written out in each Latin spelling people use.
//!
//! [`spell_kk`] turns Cyrillic Kazakh into the 2021 alphabet (the table of
//! [`crate::translit`]), the 2018 alphabet with acute accents, or one of two informal
//! spellings typed on phones. It is the inverse of what [`crate::normalize()`] reads, and it is
//! how the tests measure that every stage reads a Latin appeal as it reads the Cyrillic one:
//! each Cyrillic test text is spelled out in every spelling and triaged again.
//!
//! The 2018 alphabet (presidential decree of 19 February 2018): а a, ә á, б b, в v, г g,
//! ғ ǵ, д d, е e, ж j, з z, и й ı, і i, к k, қ q, л l, м m, н n, ң ń, о o, ө ó, п p, р r,
//! с s, т t, у ý, ұ u, ү ú, ф f, х һ h, ш sh, ч ch, ы y; the Russian-only letters as the
//! 2021 rules spell them with the 2018 letters (я ıa, ю ıý, ё ıo, ц ts, щ shsh, э e, signs
//! dropped).
//!
//! The informal spellings drop every diacritic, as people do on a phone keyboard without
//! Kazakh letters: ә a, ө o, ү ұ у u, ғ g, ң n, і и й i, ы y, х һ h, ш sh, ч ch, я ya, ю yu,
//! ё yo, ц ts. They differ in қ and ж: [`InformalStyle::Zh`] writes k and zh (as in
//! "zhylu zhok"), [`InformalStyle::Q`] writes q and j (as in "jylu joq"), which mixes the
//! 2021 consonants into plain ASCII.

use sheshim_domain::Script;

use crate::{LatinSpelling, transliterate_kk};

/// A way of writing Kazakh in Latin letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Spelling {
    /// The 2021 alphabet (ä ğ ñ ö ş ū ü ı).
    Alphabet2021,
    /// The 2018 alphabet (á ǵ ń ó ú ý ı, sh, ch).
    Alphabet2018,
    /// Without diacritics, in one of the two common styles.
    Informal(InformalStyle),
}

/// The two common ways of typing Kazakh without diacritics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum InformalStyle {
    /// қ as k, ж as zh: "Ush kun boiy zhylu zhok".
    Zh,
    /// қ as q, ж as j: "Ush kun boiy jylu joq".
    Q,
}

impl Spelling {
    /// Every spelling, in the order tables list them.
    pub const ALL: [Spelling; 4] = [
        Spelling::Alphabet2021,
        Spelling::Alphabet2018,
        Spelling::Informal(InformalStyle::Zh),
        Spelling::Informal(InformalStyle::Q),
    ];

    /// A short name for tables and test messages.
    pub fn name(self) -> &'static str {
        match self {
            Spelling::Alphabet2021 => "latin-2021",
            Spelling::Alphabet2018 => "latin-2018",
            Spelling::Informal(InformalStyle::Zh) => "informal-zh",
            Spelling::Informal(InformalStyle::Q) => "informal-q",
        }
    }

    /// The spelling [`crate::detect()`] should identify in a text written this way.
    pub fn reads_as(self) -> LatinSpelling {
        match self {
            Spelling::Alphabet2021 => LatinSpelling::Alphabet2021,
            Spelling::Alphabet2018 => LatinSpelling::Alphabet2018,
            Spelling::Informal(_) => LatinSpelling::Informal,
        }
    }
}

/// Writes Cyrillic Kazakh `text` in `spelling`. Characters that are not Cyrillic letters pass
/// through unchanged; a capital that spells out as several letters is capitalised like the
/// word around it (ШЫҒЫС → SHYǴYS, Шығыс → Shyǵys).
pub fn spell_kk(text: &str, spelling: Spelling) -> String {
    let table: fn(char) -> Option<&'static str> = match spelling {
        Spelling::Alphabet2021 => return transliterate_kk(text, Script::Latin),
        Spelling::Alphabet2018 => latin_2018,
        Spelling::Informal(InformalStyle::Zh) => informal_zh,
        Spelling::Informal(InformalStyle::Q) => informal_q,
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let Some(latin) = table(lower) else {
            out.push(c);
            continue;
        };
        if lower == c {
            out.push_str(latin);
            continue;
        }
        let is_upper = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|n| n.is_alphabetic() && n.is_uppercase())
        };
        let all_caps = is_upper(Some(i + 1)) || is_upper(i.checked_sub(1));
        for (k, l) in latin.chars().enumerate() {
            if k == 0 || all_caps {
                out.extend(l.to_uppercase());
            } else {
                out.push(l);
            }
        }
    }
    out
}

/// The 2018 spelling of a lowercase Cyrillic letter.
pub(crate) fn latin_2018(c: char) -> Option<&'static str> {
    Some(match c {
        'ә' => "á",
        'ғ' => "ǵ",
        'и' | 'й' => "ı",
        'і' => "i",
        'ң' => "ń",
        'ө' => "ó",
        'у' => "ý",
        'ұ' => "u",
        'ү' => "ú",
        'ш' => "sh",
        'ч' => "ch",
        'щ' => "shsh",
        'я' => "ıa",
        'ю' => "ıý",
        'ё' => "ıo",
        'ж' => "j",
        'қ' => "q",
        _ => return common(c),
    })
}

/// The informal spelling with k and zh.
fn informal_zh(c: char) -> Option<&'static str> {
    Some(match c {
        'қ' | 'к' => "k",
        'ж' => "zh",
        _ => return informal_common(c),
    })
}

/// The informal spelling with q and j.
fn informal_q(c: char) -> Option<&'static str> {
    Some(match c {
        'қ' => "q",
        'ж' => "j",
        _ => return informal_common(c),
    })
}

/// The letters both informal styles write alike.
fn informal_common(c: char) -> Option<&'static str> {
    Some(match c {
        'ә' => "a",
        'ғ' => "g",
        'и' | 'й' | 'і' => "i",
        'ң' => "n",
        'ө' => "o",
        'у' | 'ұ' | 'ү' => "u",
        'ш' | 'щ' => "sh",
        'ч' => "ch",
        'я' => "ya",
        'ю' => "yu",
        'ё' => "yo",
        _ => return common(c),
    })
}

/// Letters every Latin spelling writes alike (and the Russian-only letters).
fn common(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' | 'э' => "e",
        'з' => "z",
        'к' => "k",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ф' => "f",
        'х' | 'һ' => "h",
        'ц' => "ts",
        'ы' => "y",
        'ъ' | 'ь' => "",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spells_the_heating_appeal_every_way() {
        let cyrillic = "Үш күн бойы жылу жоқ, балалар ауырып жатыр";
        let expected = [
            "Üş kün boiy jylu joq, balalar auyryp jatyr",
            "Úsh kún boıy jylý joq, balalar aýyryp jatyr",
            "Ush kun boiy zhylu zhok, balalar auyryp zhatyr",
            "Ush kun boiy jylu joq, balalar auyryp jatyr",
        ];
        for (spelling, want) in Spelling::ALL.into_iter().zip(expected) {
            assert_eq!(spell_kk(cyrillic, spelling), want, "{}", spelling.name());
        }
    }

    #[test]
    fn capitals_and_other_characters() {
        let informal = Spelling::Informal(InformalStyle::Zh);
        assert_eq!(spell_kk("ШЫҒЫС, Шығыс № 5", informal), "SHYGYS, Shygys № 5");
        assert_eq!(spell_kk("Ұлым Әли", Spelling::Alphabet2018), "Ulym Álı");
        assert_eq!(spell_kk("Мысал: компания", informal), "Mysal: kompaniya");
    }
}
