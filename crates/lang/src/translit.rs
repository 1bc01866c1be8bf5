//! Kazakh Cyrillic ↔ Latin transliteration in the 2021 Latin alphabet.
//!
//! Source: the improved Kazakh Latin alphabet presented by the government in January 2021
//! (31 letters: A Ä B D E F G Ğ H I İ J K L M N Ñ O Ö P Q R S Ş T U Ū Ü V Y Z), as published on
//! the Prime Minister's site and summarised in the "Kazakh alphabets" article of the English
//! Wikipedia. The correspondence used here:
//!
//! | Cyrillic | Latin | Cyrillic | Latin | Cyrillic | Latin |
//! |---|---|---|---|---|---|
//! | а | a | к | k | ф | f |
//! | ә | ä | қ | q | х, һ | h |
//! | б | b | л | l | ц | ts |
//! | в | v | м | m | ч | tş |
//! | г | g | н | n | ш | ş |
//! | ғ | ğ | ң | ñ | щ | şş |
//! | д | d | о | o | ъ, ь | (dropped) |
//! | е | e | ө | ö | ы | y |
//! | ё | io | п | p | і | ı (capital I) |
//! | ж | j | р | r | э | e |
//! | з | z | с | s | ю | iu |
//! | и, й | i (capital İ) | т | t | я | ia |
//! | | | у | u | | |
//! | | | ұ | ū | | |
//! | | | ү | ü | | |
//!
//! The letters only Russian loanwords use follow the rules published with the alphabet
//! (ё → io, ю → iu, я → ia, ц → ts, ч → tş, щ → şş, э → e, hard and soft signs dropped); where
//! those rules offer a second choice (ö, ü, ä, s, ş) the first one is taken, because it can be
//! applied without knowing the word.
//!
//! Latin → Cyrillic reads the 2021 letters, and also accepts the single letters of the 2018
//! alphabet that do not clash with them (á ǵ ń ó ú ý, and ç of a 2019 draft). The reverse
//! direction cannot be exact: `i` is и or й (taken as й after a vowel, as Kazakh spelling has
//! it), `h` is х or һ (taken as х), and the loanword letters come back as their spelled-out
//! sequences. Decomposed (NFD) input is composed for the Kazakh letters first.

use sheshim_domain::Script;

/// Transliterates Kazakh text into `to`. Characters that are not Kazakh letters of the source
/// script (digits, punctuation, letters of other scripts) pass through unchanged, so the
/// function is safe on mixed text.
pub fn transliterate_kk(text: &str, to: Script) -> String {
    match to {
        Script::Latin => to_latin(text),
        Script::Cyrillic => to_cyrillic(text),
    }
}

/// The Latin spelling of a lowercase Cyrillic letter, or `None` if it is not one.
pub(crate) fn latin_of(c: char) -> Option<&'static str> {
    Some(match c {
        'а' => "a",
        'ә' => "ä",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'ғ' => "ğ",
        'д' => "d",
        'е' => "e",
        'ё' => "io",
        'ж' => "j",
        'з' => "z",
        'и' | 'й' => "i",
        'к' => "k",
        'қ' => "q",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'ң' => "ñ",
        'о' => "o",
        'ө' => "ö",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' => "u",
        'ұ' => "ū",
        'ү' => "ü",
        'ф' => "f",
        'х' | 'һ' => "h",
        'ц' => "ts",
        'ч' => "tş",
        'ш' => "ş",
        'щ' => "şş",
        'ъ' | 'ь' => "",
        'ы' => "y",
        'і' => "ı",
        'э' => "e",
        'ю' => "iu",
        'я' => "ia",
        _ => return None,
    })
}

/// Uppercases a Latin spelling the Kazakh way: `i` becomes `İ` and `ı` becomes `I`.
fn upper_latin(c: char, out: &mut String) {
    match c {
        'i' => out.push('İ'),
        'ı' => out.push('I'),
        _ => out.extend(c.to_uppercase()),
    }
}

fn to_latin(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let lower = c.to_lowercase().next().unwrap_or(c);
        let Some(latin) = latin_of(lower) else {
            out.push(c);
            continue;
        };
        if lower == c {
            out.push_str(latin);
            continue;
        }
        // A capital that spells out as several letters is written all in capitals inside an
        // all-capital word (ЯНВАРЬ → İANVAR) and in title case otherwise (Яков → İakov).
        let neighbour_upper = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|n| n.is_alphabetic() && n.is_uppercase())
        };
        let all_caps = neighbour_upper(Some(i + 1)) || neighbour_upper(i.checked_sub(1));
        for (k, l) in latin.chars().enumerate() {
            if k == 0 || all_caps {
                upper_latin(l, &mut out);
            } else {
                out.push(l);
            }
        }
    }
    out
}

/// Composes a Latin base letter and a combining mark into the Kazakh letter they spell.
pub(crate) fn compose(base: char, mark: char) -> Option<char> {
    // Every mark below is a combining diacritic; most calls pass a letter and stop here.
    if !matches!(mark, '\u{0300}'..='\u{036F}') {
        return None;
    }
    Some(match (base, mark) {
        ('a', '\u{0308}') => 'ä',
        ('A', '\u{0308}') => 'Ä',
        ('o', '\u{0308}') => 'ö',
        ('O', '\u{0308}') => 'Ö',
        ('u', '\u{0308}') => 'ü',
        ('U', '\u{0308}') => 'Ü',
        ('u', '\u{0304}') => 'ū',
        ('U', '\u{0304}') => 'Ū',
        ('g', '\u{0306}') => 'ğ',
        ('G', '\u{0306}') => 'Ğ',
        ('n', '\u{0303}') => 'ñ',
        ('N', '\u{0303}') => 'Ñ',
        ('s', '\u{0327}') => 'ş',
        ('S', '\u{0327}') => 'Ş',
        ('c', '\u{0327}') => 'ç',
        ('C', '\u{0327}') => 'Ç',
        ('I', '\u{0307}') => 'İ',
        ('a', '\u{0301}') => 'á',
        ('A', '\u{0301}') => 'Á',
        ('g', '\u{0301}') => 'ǵ',
        ('G', '\u{0301}') => 'Ǵ',
        ('n', '\u{0301}') => 'ń',
        ('N', '\u{0301}') => 'Ń',
        ('o', '\u{0301}') => 'ó',
        ('O', '\u{0301}') => 'Ó',
        ('u', '\u{0301}') => 'ú',
        ('U', '\u{0301}') => 'Ú',
        ('y', '\u{0301}') => 'ý',
        ('Y', '\u{0301}') => 'Ý',
        _ => return None,
    })
}

/// Whether a lowercase Latin letter is a Kazakh vowel.
fn is_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'ä' | 'á' | 'e' | 'i' | 'ı' | 'o' | 'ö' | 'ó' | 'u' | 'ū' | 'ü' | 'ú' | 'y' | 'ý'
    )
}

/// The Cyrillic spelling of a lowercase Latin letter; `after_vowel` picks й over и for `i`.
pub(crate) fn cyrillic_of(c: char, after_vowel: bool) -> Option<&'static str> {
    Some(match c {
        'a' => "а",
        'ä' | 'á' => "ә",
        'b' => "б",
        'c' => "ц",
        'ç' => "ч",
        'd' => "д",
        'e' => "е",
        'f' => "ф",
        'g' => "г",
        'ğ' | 'ǵ' => "ғ",
        'h' => "х",
        'ı' => "і",
        'i' if after_vowel => "й",
        'i' => "и",
        'j' => "ж",
        'k' => "к",
        'l' => "л",
        'm' => "м",
        'n' => "н",
        'ñ' | 'ń' => "ң",
        'o' => "о",
        'ö' | 'ó' => "ө",
        'p' => "п",
        'q' => "қ",
        'r' => "р",
        's' => "с",
        'ş' => "ш",
        't' => "т",
        'u' | 'ý' => "у",
        'ū' => "ұ",
        'ü' | 'ú' => "ү",
        'v' => "в",
        'w' => "у",
        'x' => "кс",
        'y' => "ы",
        'z' => "з",
        _ => return None,
    })
}

/// Lowercases a Latin letter the Kazakh way: `I` is the capital of `ı`, `İ` of `i`.
fn lower_latin(c: char) -> char {
    match c {
        'I' => 'ı',
        'İ' => 'i',
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

fn to_cyrillic(text: &str) -> String {
    let mut chars = text.chars().peekable();
    let mut out = String::with_capacity(text.len() * 2);
    let mut prev_lower: Option<char> = None;
    while let Some(mut c) = chars.next() {
        if let Some(&mark) = chars.peek()
            && let Some(composed) = compose(c, mark)
        {
            c = composed;
            chars.next();
        }
        let lower = lower_latin(c);
        let after_vowel = prev_lower.is_some_and(is_vowel);
        let Some(cyr) = cyrillic_of(lower, after_vowel) else {
            out.push(c);
            prev_lower = None;
            continue;
        };
        if lower == c {
            out.push_str(cyr);
        } else {
            let mut first = true;
            for l in cyr.chars() {
                if first {
                    out.extend(l.to_uppercase());
                    first = false;
                } else {
                    out.push(l);
                }
            }
        }
        prev_lower = Some(lower);
    }
    out
}
