//! Case folding with a map back to the original text.
//!
//! Matching runs on a folded copy (lower case, `ё`→`е`, dotless `ı`→`i`, whitespace runs
//! collapsed to one space) because Aho-Corasick folds ASCII case only, and Cyrillic appeals
//! arrive in every capitalisation. Folding can change byte lengths, so every folded byte
//! keeps the offset of the original character it came from; spans found in the folded copy
//! are translated back through that map and therefore always land on `char` boundaries of
//! the original text.

/// A folded copy of a text and the way back to the original offsets.
pub(crate) struct Folded {
    /// The folded text that patterns are matched against.
    pub text: String,
    /// For every byte of `text` (and one past its end), the byte offset in the original
    /// text of the character it came from; `None` when folding kept every offset, which is
    /// the usual case (Cyrillic and ASCII keep their byte lengths) and saves building it.
    map: Option<Vec<usize>>,
}

impl Folded {
    /// Folds `original`.
    pub fn new(original: &str) -> Self {
        Self::same_length(original).unwrap_or_else(|| Self::mapped(original))
    }

    /// The fast path: `None` as soon as a character would change length or a second
    /// whitespace would need collapsing.
    ///
    /// Runs of bytes that folding keeps — most of a text: small Cyrillic letters, ASCII
    /// punctuation and digits — are copied in one piece; only the characters folding changes
    /// are written one by one. ASCII and two-byte Cyrillic are read without decoding through
    /// `chars()`, which halves the cost of a typical appeal.
    fn same_length(original: &str) -> Option<Self> {
        let bytes = original.as_bytes();
        let mut text = String::with_capacity(original.len());
        // Where the run of bytes kept as they are began.
        let mut kept = 0;
        let mut last_space = false;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b.is_ascii() {
                let folded = if b.is_ascii_whitespace() {
                    if last_space {
                        return None;
                    }
                    last_space = true;
                    b' '
                } else {
                    last_space = false;
                    b.to_ascii_lowercase()
                };
                if folded != b {
                    text.push_str(original.get(kept..i)?);
                    text.push(char::from(folded));
                    kept = i + 1;
                }
                i += 1;
                continue;
            }
            last_space = false;
            if (0xD0..=0xD3).contains(&b) {
                // Two-byte Cyrillic (U+0400..U+04FF) folds to two-byte Cyrillic; а..я
                // (U+0430..U+044F), most letters of a text, are kept without a lookup.
                let b1 = *bytes.get(i + 1)?;
                let u = (u32::from(b & 0x1F) << 6) | u32::from(b1 & 0x3F);
                if !(0x0430..=0x044F).contains(&u) {
                    let c = char::from_u32(u)?;
                    let folded = fold_char(c);
                    if !(0x0400..=0x04FF).contains(&(folded as u32)) {
                        return None;
                    }
                    if folded != c {
                        text.push_str(original.get(kept..i)?);
                        text.push(folded);
                        kept = i + 2;
                    }
                }
                i += 2;
                continue;
            }
            let c = original.get(i..).and_then(|rest| rest.chars().next())?;
            let len = c.len_utf8();
            if is_space(c) {
                return None;
            }
            let folded = fold_char(c);
            if folded.len_utf8() != len {
                return None;
            }
            if folded != c {
                text.push_str(original.get(kept..i)?);
                text.push(folded);
                kept = i + len;
            }
            i += len;
        }
        text.push_str(original.get(kept..)?);
        Some(Self { text, map: None })
    }

    /// The general path, with an offset map.
    fn mapped(original: &str) -> Self {
        let mut text = String::with_capacity(original.len());
        let mut map = Vec::with_capacity(original.len() + 1);
        let mut last_space = false;
        for (at, c) in original.char_indices() {
            if is_space(c) {
                // One space per run: phrases like "угроза  жизни" still match.
                if !last_space {
                    text.push(' ');
                    map.push(at);
                    last_space = true;
                }
                continue;
            }
            last_space = false;
            let folded = fold_char(c);
            text.push(folded);
            map.extend(std::iter::repeat_n(at, folded.len_utf8()));
        }
        map.push(original.len());
        Self {
            text,
            map: Some(map),
        }
    }

    /// The original byte offset of folded offset `at` (clamped to the end).
    pub fn original(&self, at: usize) -> usize {
        match &self.map {
            None => at.min(self.text.len()),
            Some(map) => map.get(at).or(map.last()).copied().unwrap_or(0),
        }
    }
}

/// Whitespace, with an ASCII fast path (the Unicode table lookup is the slow part).
fn is_space(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_whitespace()
    } else {
        c.is_whitespace()
    }
}

/// Folds one character: lower case (first char of the mapping), `ё`→`е`, `ı`→`i`.
///
/// ASCII and the Cyrillic block are folded by arithmetic: the general Unicode lower-case
/// table costs a binary search per character, which dominated the time per appeal.
pub(crate) fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let u = c as u32;
    let lower = match u {
        // Latin-1 and Latin Extended-A: the Latin Kazakh letters ä ö ü ū ğ ş ñ live here.
        0x00C0..=0x00DE if u != 0x00D7 => u + 0x20,
        0x00DF..=0x00FF => u,
        0x0100..=0x012F | 0x0132..=0x0137 | 0x014A..=0x0177 => u | 1,
        0x0139..=0x0148 | 0x0179..=0x017E if u % 2 == 1 => u + 1,
        0x0139..=0x0148 | 0x0179..=0x017E => u,
        0x0410..=0x042F => u + 0x20,
        0x0400..=0x040F => u + 0x50,
        0x0430..=0x045F => u,
        // Extended Cyrillic (Kazakh ә ғ қ ң ө ұ ү һ among them): capital even, small odd.
        0x0460..=0x0481 | 0x048A..=0x04BF | 0x04D0..=0x04FF => u | 1,
        0x04C1..=0x04CE if u % 2 == 1 => u + 1,
        0x04C1..=0x04CE => u,
        0x04C0 => 0x04CF,
        _ => c.to_lowercase().next().map_or(u, |l| l as u32),
    };
    match char::from_u32(lower).unwrap_or(c) {
        'ё' => 'е',
        // Latin Kazakh texts mix dotless and dotted i; `İ` already became `i` above because
        // only the first char of its two-char lower case (`i` + combining dot) is kept.
        'ı' => 'i',
        other => other,
    }
}

/// Folds a whole pattern the same way as texts are folded.
pub(crate) fn fold_pattern(pattern: &str) -> String {
    Folded::new(pattern.trim()).text
}

/// True when `c` is part of a word (letters and digits).
///
/// ASCII and Cyrillic are answered without the Unicode table, whose lookup was the
/// single largest cost per appeal.
pub(crate) fn is_word_char(c: char) -> bool {
    match c as u32 {
        0..=0x7F => c.is_ascii_alphanumeric(),
        // Cyrillic letters; U+0482..U+0489 are signs and combining marks.
        0x0400..=0x0481 | 0x048A..=0x04FF => true,
        _ => c.is_alphanumeric(),
    }
}

/// True when no word character touches `at` from the left.
pub(crate) fn starts_word(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|s| s.chars().next_back())
        .is_none_or(|c| !is_word_char(c))
}

/// True when no word character touches `at` from the right.
pub(crate) fn ends_word(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|s| s.chars().next())
        .is_none_or(|c| !is_word_char(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_maps_back() {
        let f = Folded::new("Угроза   ЖИЗНИ Ёлка İstanbul");
        assert_eq!(f.text, "угроза жизни елка istanbul");
        let at = f.text.find("жизни").unwrap_or(0);
        assert_eq!(f.original(at), "Угроза   ".len());
        assert_eq!(
            f.original(f.text.len()),
            "Угроза   ЖИЗНИ Ёлка İstanbul".len()
        );
    }

    #[test]
    fn fast_folding_agrees_with_unicode() {
        for c in (0x0400u32..0x0500)
            .chain(0..0x180)
            .filter_map(char::from_u32)
        {
            let expected = c.to_lowercase().next().unwrap_or(c);
            let expected = match expected {
                'ё' => 'е',
                'ı' => 'i',
                other => other,
            };
            assert_eq!(fold_char(c), expected, "U+{:04X}", c as u32);
        }
        for c in (0u32..0x0600).filter_map(char::from_u32) {
            assert_eq!(is_word_char(c), c.is_alphanumeric(), "U+{:04X}", c as u32);
        }
        assert_eq!(Folded::new("ҚАЗАҚ Өрт").text, "қазақ өрт");
        assert_eq!(Folded::new("Gaz İİSİ").text, "gaz iisi");
    }

    #[test]
    fn fast_path_agrees_with_the_general_path() {
        let letters: String = (0x20u32..0x0600)
            .chain(0x1E00..0x1F00)
            .chain(0x2000..0x2070)
            .filter_map(char::from_u32)
            .collect();
        let chars: Vec<char> = letters.chars().collect();
        let pieces: Vec<String> = chars.chunks(5).map(String::from_iter).collect();
        let mut fast = 0;
        for text in [
            "Угроза жизни, ЁЛКА и İstanbul: ҚАЗАҚ Өрт!",
            "GAS leak\tin the Flat №5 — «ТҮТІН» бар",
            "ӀӁӂ ЀЏ ѠѡҊҋ Ӑӑ ÀÞßÿ Āā Ĳĳ Ŋŋ Źź",
            letters.as_str(),
        ]
        .into_iter()
        .chain(pieces.iter().map(String::as_str))
        {
            if let Some(folded) = Folded::same_length(text) {
                assert_eq!(folded.text, Folded::mapped(text).text, "{text:?}");
                fast += 1;
            }
        }
        // Both paths must have been taken for the comparison to mean something.
        assert!(fast > 100 && fast < pieces.len(), "{fast}");
    }

    #[test]
    fn word_edges() {
        assert!(starts_word("а пожар", 3));
        assert!(!starts_word("апожар", 2));
        assert!(ends_word("fire.", 4));
        assert!(!ends_word("fired", 4));
    }
}
