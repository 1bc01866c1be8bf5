//! The words of a text, and what the person-name model knows about a capitalised word: its
//! endings, its stems with Kazakh and Russian case endings removed, how often those were a
//! person's name in the build part of KazNERD, whether it is a known given name, and its
//! neighbours.
//!
//! The module uses only `std`, so that `examples/build_name_lists.rs` can include it by
//! `#[path]` and train the model on exactly the features the detector computes.

/// Patronymic endings (lowercase).
pub(crate) const PATRONYMIC: [&str; 16] = [
    "ович", "евич", "овна", "евна", "ична", "ұлы", "улы", "қызы", "кызы", "ovich", "evich", "ovna",
    "evna", "uly", "kyzy", "qyzy",
];

/// Surname endings (lowercase).
pub(crate) const SURNAME: [&str; 18] = [
    "ов", "ев", "ёв", "ова", "ева", "ёва", "ин", "ина", "ov", "ev", "ova", "eva", "in", "ina",
    "ский", "ская", "цкий", "цкая",
];

/// Kazakh case, possessive and plural suffixes, longest first within each length.
const KK_SUFFIXES: [&str; 43] = [
    "ның", "нің", "дың", "дің", "тың", "тің", "нда", "нде", "дан", "ден", "тан", "тен", "нан",
    "нен", "мен", "бен", "пен", "лар", "лер", "дар", "дер", "тар", "тер", "ға", "ге", "қа", "ке",
    "на", "не", "ны", "ні", "ды", "ді", "ты", "ті", "да", "де", "та", "те", "ы", "і", "а", "е",
];

/// Russian case endings.
const RU_SUFFIXES: [&str; 10] = ["ому", "ого", "ым", "ой", "ом", "ых", "ем", "у", "а", "е"];

/// One word of the text.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    /// Byte start.
    pub(crate) start: usize,
    /// Byte end.
    pub(crate) end: usize,
    /// Capitalised (or all capitals).
    pub(crate) capital: bool,
    /// Lowercased; empty for words that are not capitalised (they are lower case already).
    pub(crate) lower: String,
    /// Only a single space or no-break space separates it from the previous word.
    pub(crate) joined: bool,
    /// First word of a sentence, or after a colon, quote or opening guillemet.
    pub(crate) initial: bool,
    /// Holds an inner hyphen or apostrophe ([`joiner_at`]): the letter after it starts a run
    /// of word characters that the health dictionary must look at too.
    #[allow(
        dead_code,
        reason = "read by the health dictionary, which the name-list builder (it includes this file by path) has not"
    )]
    pub(crate) inner_joiner: bool,
}

impl Word {
    /// The word as a dictionary key: lowercase.
    pub(crate) fn key<'a>(&'a self, text: &'a str) -> &'a str {
        if self.capital {
            &self.lower
        } else {
            text.get(self.start..self.end).unwrap_or("")
        }
    }
}

/// A letter: an ASCII letter, a Cyrillic letter (U+0400–U+04FF without the signs and
/// combining marks U+0482–U+0489), or any other alphabetic character.
///
/// The characters met most often are answered without the Unicode tables: ASCII, Cyrillic,
/// Latin-1 punctuation (U+0080–U+00BF but the letters `ª`, `µ`, `º`: no-break space, `«`,
/// `»`, `°` …), `№` and general punctuation (U+2000–U+206F: dashes, quotes, ellipsis,
/// zero-width and direction marks), none of which is alphabetic. The test `letters_match_the_definition`
/// compares every `char` with the definition above.
pub(crate) fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\x7f'
        | '\u{2000}'..='\u{206f}'
        | '\u{80}'..='\u{a9}'
        | '\u{ab}'..='\u{b4}'
        | '\u{b6}'..='\u{b9}'
        | '\u{bb}'..='\u{bf}'
        | '№' => false,
        '\u{400}'..='\u{481}' | '\u{48a}'..='\u{4ff}' => true,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_alphabetic`, with the same fast paths as [`is_letter`] (the two differ only on
/// U+0482–U+0489, which both leave to the Unicode tables).
fn is_alphabetic(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' => true,
        '\0'..='\x7f'
        | '\u{2000}'..='\u{206f}'
        | '\u{80}'..='\u{a9}'
        | '\u{ab}'..='\u{b4}'
        | '\u{b6}'..='\u{b9}'
        | '\u{bb}'..='\u{bf}'
        | '№' => false,
        '\u{400}'..='\u{481}' | '\u{48a}'..='\u{4ff}' => true,
        _ => c.is_alphabetic(),
    }
}

/// `char::is_uppercase`, with a fast path for ASCII and Cyrillic: in the Cyrillic
/// supplement blocks (Kazakh `Ә`, `Қ`, `Ү` …) capitals and small letters alternate, the capital
/// at the even code point, except for U+04C0–U+04CF, which are left to the Unicode tables.
/// The test `case_matches_std` compares every `char` with `char::is_uppercase`.
fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' | '\u{400}'..='\u{42f}' => true,
        '\0'..='\x7f' | '\u{430}'..='\u{45f}' | '\u{482}'..='\u{489}' => false,
        '\u{460}'..='\u{481}' | '\u{48a}'..='\u{4bf}' | '\u{4d0}'..='\u{4ff}' => {
            u32::from(c) % 2 == 0
        }
        _ => c.is_uppercase(),
    }
}

/// Lowercases, with a fast path for ASCII and Cyrillic (including the Kazakh letters).
///
/// Most capitalised words are one capital and small letters, so the runs of characters that
/// lowercasing leaves alone ([`first_change`]) are copied as they are, and only the others
/// are lowercased one by one.
pub(crate) fn fast_lower(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    loop {
        let (same, changed) = rest.split_at(first_change(rest));
        out.push_str(same);
        let mut chars = changed.chars();
        let Some(c) = chars.next() else { break };
        push_lower(&mut out, c);
        rest = chars.as_str();
    }
    out
}

/// Appends `c` lowercased: by arithmetic for ASCII and Cyrillic, else by `char::to_lowercase`.
fn push_lower(out: &mut String, c: char) {
    let lower = match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        'А'..='Я' => char::from_u32(u32::from(c) + 32).unwrap_or(c),
        '\u{400}'..='\u{40f}' => char::from_u32(u32::from(c) + 80).unwrap_or(c),
        '\u{460}'..='\u{481}' | '\u{48a}'..='\u{4bf}' | '\u{4d0}'..='\u{4ff}'
            if u32::from(c) % 2 == 0 =>
        {
            char::from_u32(u32::from(c) + 1).unwrap_or(c)
        }
        c if c.is_ascii() || ('\u{400}'..='\u{4ff}').contains(&c) => c,
        _ => {
            out.extend(c.to_lowercase());
            return;
        }
    };
    out.push(lower);
}

/// The byte offset of the first character of `s` that [`push_lower`] may change (the length
/// of `s` if there is none), read from the bytes: ASCII capitals; Cyrillic U+0400–U+042F
/// (lead byte 0xD0, second 0x80–0xAF); the capitals at even code points of U+0460–U+0481,
/// U+048A–U+04BF and U+04D0–U+04FF; and every character outside ASCII and Cyrillic. The test
/// `lowercase_is_unchanged` compares the result with lowercasing every character.
fn first_change(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let second = bytes.get(at + 1).copied().unwrap_or(0);
        let even = second % 2 == 0;
        let (changes, len) = match bytes[at] {
            b'A'..=b'Z' => (true, 1),
            0..=0x7f => (false, 1),
            0xd0 => ((0x80..=0xaf).contains(&second), 2),
            0xd1 => ((0xa0..=0xbf).contains(&second) && even, 2),
            0xd2 => (
                (second == 0x80 || (0x8a..=0xbf).contains(&second)) && even,
                2,
            ),
            0xd3 => ((0x90..=0xbf).contains(&second) && even, 2),
            _ => (true, 1),
        };
        if changes {
            return at;
        }
        at += len;
    }
    bytes.len()
}

/// Whether the character at byte offset `at` of `text` (a char boundary) is a letter
/// ([`is_letter`]), and its length in bytes. ASCII and two-byte Cyrillic (U+0400–U+04FF) are
/// read from the bytes without decoding: every character with the lead bytes 0xD0, 0xD1 and
/// 0xD3 is a letter, and so is every one with 0xD2 except U+0482–U+0489 (second bytes
/// 0x82–0x89), which are decoded like every other character.
fn letter_at(text: &str, at: usize) -> (bool, usize) {
    let bytes = text.as_bytes();
    match bytes[at] {
        b @ 0..=0x7f => (b.is_ascii_alphabetic(), 1),
        0xd0 | 0xd1 | 0xd3 => (true, 2),
        0xd2 if !matches!(bytes.get(at + 1), Some(0x82..=0x89)) => (true, 2),
        _ => text
            .get(at..)
            .and_then(|rest| rest.chars().next())
            .map_or((false, 1), |c| (is_letter(c), c.len_utf8())),
    }
}

/// The length in bytes of the hyphen or apostrophe (`-`, `'`, `’`) at byte offset `at`, if
/// one is there.
pub(crate) fn joiner_at(bytes: &[u8], at: usize) -> Option<usize> {
    match bytes[at] {
        b'-' | b'\'' => Some(1),
        0xe2 if bytes.get(at + 1..at + 3) == Some(&[0x80, 0x99]) => Some(3),
        _ => None,
    }
}

/// Splits into words: letters with inner hyphens or apostrophes.
pub(crate) fn words(text: &str) -> Vec<Word> {
    let bytes = text.as_bytes();
    // An appeal has a word every six or seven bytes; one allocation is enough for most.
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut gap_start = 0;
    let mut at = 0;
    while at < bytes.len() {
        let (letter, len) = letter_at(text, at);
        if !letter {
            at += len;
            continue;
        }
        let start = at;
        let mut end = at + len;
        let mut inner_joiner = false;
        while end < bytes.len() {
            let (letter, len) = letter_at(text, end);
            if letter {
                end += len;
                continue;
            }
            // Keep a hyphen or an apostrophe only if a letter follows it.
            let Some(joiner) = joiner_at(bytes, end) else {
                break;
            };
            let letter_follows = text
                .get(end + joiner..)
                .and_then(|rest| rest.chars().next())
                .is_some_and(is_alphabetic);
            if !letter_follows {
                break;
            }
            end += joiner;
            inner_joiner = true;
        }
        let gap = &text[gap_start..start];
        let capital = text[start..].chars().next().is_some_and(is_upper);
        // Only capitalised words are lowercased (allocated); the others are looked up as
        // written, which is already lowercase.
        let lower = if capital {
            fast_lower(&text[start..end])
        } else {
            String::new()
        };
        // Most words follow a single space: that gap is joined and starts no sentence.
        let (joined, initial) = if gap == " " && gap_start > 0 {
            (true, false)
        } else {
            (
                matches!(gap, " " | "\u{a0}"),
                gap_start == 0 && gap.trim().is_empty()
                    || gap.contains(['.', '!', '?', '\n', '…', ':', '"', '«', '“']),
            )
        };
        out.push(Word {
            start,
            end,
            capital,
            lower,
            joined,
            initial,
            inner_joiner,
        });
        gap_start = end;
        at = end;
    }
    out
}

/// `word` without the `suffix` it ends with. Compares the last byte first: most words end
/// differently, and the full comparison is a function call.
fn strip_suffix_fast<'a>(word: &'a str, suffix: &str) -> Option<&'a str> {
    if word.as_bytes().last() == suffix.as_bytes().last() {
        word.strip_suffix(suffix)
    } else {
        None
    }
}

/// The stems of a lowercased word: itself, then with one Kazakh and with one Russian suffix
/// removed (each leaving at least three letters), when those apply.
pub(crate) fn stems(lower: &str) -> impl Iterator<Item = &str> {
    let strip = |list: &'static [&'static str]| {
        list.iter().find_map(move |suf| {
            strip_suffix_fast(lower, suf).filter(|stem| stem.chars().nth(2).is_some())
        })
    };
    std::iter::once(lower)
        .chain(strip(&KK_SUFFIXES))
        .chain(strip(&RU_SUFFIXES))
}

/// Ends with one of `endings`, leaving at least `min_stem` characters before it.
pub(crate) fn ends_with_any(word: &str, endings: &[&str], min_stem: usize) -> bool {
    endings
        .iter()
        .any(|e| strip_suffix_fast(word, e).is_some_and(|stem| stem.chars().count() >= min_stem))
}

/// What the model may ask about words from the lists.
pub(crate) trait NameLists {
    /// How often a lowercased word or stem was (part of) a person's name, and how often a
    /// capitalised word that was not, in the build part.
    fn counts(&self, key: &str) -> (u32, u32);
    /// True if the lowercased word is a known given name.
    fn is_given_name(&self, key: &str) -> bool;
    /// True if the lowercased word is never part of a name: a capitalised word of appeals that
    /// is not a name, or a title written before a name.
    fn is_excluded(&self, key: &str) -> bool;
}

/// True if the word may be (part of) a name: capitalised, two letters or more, not excluded.
pub(crate) fn is_candidate(word: &Word, lists: &impl NameLists) -> bool {
    word.capital && word.lower.chars().nth(1).is_some() && !lists.is_excluded(&word.lower)
}

/// Small numbers as text, for features that carry a count or a length.
const NUMBERS: [&str; 11] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"];

/// A count in four buckets: none, one, a few, many; as text.
fn bucket(count: u32) -> &'static str {
    NUMBERS[match count {
        0 => 0,
        1 => 1,
        2..=3 => 2,
        _ => 3,
    }]
}

/// The last `n` characters of `s` (all of it if shorter).
fn last_chars(s: &str, n: usize) -> &str {
    let at = s
        .char_indices()
        .rev()
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, _)| i);
    &s[at..]
}

/// The first `n` characters of `s` (all of it if shorter).
fn first_chars(s: &str, n: usize) -> &str {
    let at = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    &s[..at]
}

/// Calls `emit` with every feature of capitalised word `i` of `words` (of `text`). A feature
/// is a short text such as `end2 ов` or `before қаласы`, given in parts whose concatenation
/// is the text, so that the detector can hash it without building it ([`feature_hash`]).
pub(crate) fn features(
    text: &str,
    words: &[Word],
    i: usize,
    lists: &impl NameLists,
    emit: &mut impl FnMut(&[&str]),
) {
    let word = &words[i];
    let lower = word.lower.as_str();
    let mut put = |parts: &[&str]| emit(parts);
    put(&["bias"]);
    // The stems, computed once: the word itself first.
    let mut all_stems = [lower; 3];
    let mut count = 0;
    for stem in stems(lower) {
        all_stems[count] = stem;
        count += 1;
    }
    let all_stems = &all_stems[..count];
    // Counts of the word itself and of its best-known stem.
    let (person, other) = lists.counts(lower);
    let (mut stem_person, mut stem_other) = (0, 0);
    let mut shortest = lower;
    let mut given = lists.is_given_name(lower);
    for &stem in &all_stems[1..] {
        let (p, o) = lists.counts(stem);
        stem_person = stem_person.max(p);
        stem_other = stem_other.max(o);
        given |= lists.is_given_name(stem);
        if stem.len() < shortest.len() {
            shortest = stem;
        }
    }
    let (p, o) = (bucket(person), bucket(other));
    let (sp, so) = (bucket(stem_person), bucket(stem_other));
    put(&["word ", p, " ", o]);
    put(&["stem ", sp, " ", so]);
    put(&["word person ", p]);
    put(&["stem person ", sp]);
    put(&["word other ", o]);
    if given {
        put(&["given"]);
    }
    // Endings and beginning: Kazakh and Russian names and surnames share a few of each.
    let letters = lower.chars().count();
    let stem_letters = shortest.chars().count();
    for (n, number) in NUMBERS.iter().enumerate().take(5).skip(1) {
        if letters > n {
            put(&["end", number, " ", last_chars(lower, n)]);
        }
        if n >= 2 && stem_letters > n {
            put(&["stem end", number, " ", last_chars(shortest, n)]);
        }
    }
    put(&["begin ", first_chars(lower, 3)]);
    if shortest.len() < lower.len() {
        put(&["suffix ", &lower[shortest.len()..]]);
    }
    if all_stems.iter().any(|s| ends_with_any(s, &PATRONYMIC, 2)) {
        put(&["patronymic"]);
    }
    if all_stems.iter().any(|s| ends_with_any(s, &SURNAME, 3)) {
        put(&["surname ending"]);
    }
    put(&["length ", NUMBERS[letters.min(10)]]);
    let source = text.get(word.start..word.end).unwrap_or("");
    if source.chars().filter(|&c| is_letter(c)).all(is_upper) {
        put(&["capitals"]);
    }
    if lower.contains('-') {
        put(&["hyphen"]);
    }
    // Neighbours: the punctuation between, or the neighbouring word and its beginning.
    if word.initial {
        put(&["initial"]);
    }
    let gap_start = i.checked_sub(1).map_or(0, |k| words[k].end);
    match i.checked_sub(1).map(|k| &words[k]) {
        Some(previous) if word.joined => neighbour("after", previous, text, lists, &mut put),
        _ => put(&[
            "gap before ",
            gap_class(text.get(gap_start..word.start).unwrap_or("")),
        ]),
    }
    let gap_end = words.get(i + 1).map_or(text.len(), |next| next.start);
    match words.get(i + 1) {
        Some(next) if next.joined => neighbour("before", next, text, lists, &mut put),
        _ => put(&[
            "gap after ",
            gap_class(text.get(word.end..gap_end).unwrap_or("")),
        ]),
    }
}

/// The features of a neighbouring word joined by a single space (`side` is `after` for the
/// word before, `before` for the word after): how often it was a name if capitalised, else
/// the word itself and its first four letters.
fn neighbour(
    side: &str,
    other: &Word,
    text: &str,
    lists: &impl NameLists,
    put: &mut impl FnMut(&[&str]),
) {
    if other.capital {
        let (person, _) = lists.counts(&other.lower);
        put(&[side, " capital ", bucket(person)]);
    } else {
        let key = other.key(text);
        put(&[side, " ", key]);
        put(&[side, "4 ", first_chars(key, 4)]);
    }
}

/// The kind of punctuation between two words (or at either end of the text).
fn gap_class(gap: &str) -> &'static str {
    if gap.contains(['«', '»', '"', '“', '”']) {
        "quote"
    } else if gap.contains(['.', '!', '?', '…', '\n']) {
        "sentence"
    } else if gap.contains([':', ';']) {
        "colon"
    } else if gap.contains(',') {
        "comma"
    } else if gap.contains(['(', ')']) {
        "bracket"
    } else if gap.contains(['-', '–', '—']) {
        "dash"
    } else if gap.trim().is_empty() {
        "space"
    } else {
        "other"
    }
}

/// 64-bit FNV-1a of the concatenated parts of a feature.
pub(crate) fn feature_hash(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for &b in part.as_bytes() {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

/// The logistic function.
pub(crate) fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z.clamp(-30.0, 30.0)).exp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_match_the_definition() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let defined = c.is_ascii_alphabetic()
                || ('\u{400}'..='\u{4ff}').contains(&c) && !('\u{482}'..='\u{489}').contains(&c)
                || (!c.is_ascii() && c.is_alphabetic());
            assert_eq!(is_letter(c), defined, "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }

    #[test]
    fn case_matches_std() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_upper(c), c.is_uppercase(), "{c:?}");
        }
    }

    #[test]
    fn lowercase_is_unchanged() {
        // Lowercasing char by char, as `fast_lower` did before it copied unchanged runs.
        let reference = |s: &str| {
            let mut out = String::new();
            for c in s.chars() {
                push_lower(&mut out, c);
            }
            out
        };
        let mut all = String::new();
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let one = c.to_string();
            assert_eq!(fast_lower(&one), reference(&one), "{c:?}");
            all.push(c);
            all.push('a');
        }
        assert_eq!(fast_lower(&all), reference(&all));
        for s in [
            "Абай",
            "ҚАЗАҚСТАН",
            "Әсем-Ұлы",
            "O'Brien",
            "ẞtraße",
            "İzmir",
        ] {
            assert_eq!(fast_lower(s), reference(s), "{s}");
        }
    }

    #[test]
    fn words_split_and_join() {
        let text = " Абай-ақын, «Мен» i'm  ok.\u{a0}Ие";
        let ws = words(text);
        let spans: Vec<&str> = ws.iter().map(|w| &text[w.start..w.end]).collect();
        assert_eq!(spans, ["Абай-ақын", "Мен", "i'm", "ok", "Ие"]);
        let joined: Vec<bool> = ws.iter().map(|w| w.joined).collect();
        assert_eq!(joined, [true, false, false, false, false]);
        let initial: Vec<bool> = ws.iter().map(|w| w.initial).collect();
        assert_eq!(initial, [true, true, false, false, true]);
        assert_eq!(ws[0].lower, "абай-ақын");
    }
}
