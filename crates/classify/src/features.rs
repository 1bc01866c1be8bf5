//! Text normalisation and hashed n-gram features.
//!
//! * Normalisation: every character is lower-cased with Unicode rules
//!   (`char::to_lowercase`), `ё` is folded to `е`, every ASCII digit to `0`.
//!   Word characters are Unicode alphanumerics, combining marks
//!   (U+0300–U+036F) and apostrophes inside a word; everything else separates
//!   words. Kazakh letters (ә ғ қ ң ө ұ ү һ і) and the 2021 Latin alphabet's
//!   letters are ordinary alphanumerics and kept as they are.
//! * Features: word unigrams, word bigrams, and character 3-, 4- and 5-grams
//!   of each word padded with `<` and `>`. Each feature is hashed with 64-bit
//!   FNV-1a, seeded by a feature-kind byte, and folded into `buckets` (a power
//!   of two).
//! * Weighting: sublinear term frequency `1 + ln(tf)` per bucket, then the
//!   vector is scaled to unit L2 norm.

/// Version of the feature scheme; stored in model files.
pub const FEATURE_VERSION: u32 = 1;

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

const KIND_WORD: u8 = 1;
const KIND_BIGRAM: u8 = 2;
const KIND_CHAR: u8 = 3;

#[inline]
fn fnv_start(kind: u8) -> u64 {
    fnv_byte(FNV_OFFSET, kind)
}

#[inline]
fn fnv_byte(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(FNV_PRIME)
}

#[inline]
fn fnv_bytes(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = fnv_byte(h, b);
    }
    h
}

#[inline]
fn bucket(h: u64, mask: u32) -> u32 {
    ((h ^ (h >> 32)) as u32) & mask
}

fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Fast path for the Cyrillic block: letters except U+0482..=U+0489.
    if ('\u{400}'..='\u{4ff}').contains(&c) {
        return !('\u{482}'..='\u{489}').contains(&c);
    }
    c.is_alphanumeric() || ('\u{300}'..='\u{36f}').contains(&c)
}

/// Pushes the normalised form of word character `c`.
#[inline]
fn push_lower(buf: &mut String, c: char) {
    match c {
        '0'..='9' => buf.push('0'),
        'A'..='Z' => buf.push(c.to_ascii_lowercase()),
        _ if c.is_ascii() => buf.push(c),
        // Russian capitals А..Я map to а..я by +0x20.
        '\u{410}'..='\u{42f}' => buf.push(char::from_u32(c as u32 + 0x20).unwrap_or(c)),
        '\u{430}'..='\u{44f}' => buf.push(c),
        'ё' | 'Ё' => buf.push('е'),
        _ => {
            for l in c.to_lowercase() {
                buf.push(if l == 'ё' { 'е' } else { l });
            }
        }
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}' || c == '\u{02bc}'
}

/// Lower-cases and tokenises `text`: the words joined by single spaces.
///
/// ```
/// use sheshim_classify::features::normalize;
/// assert_eq!(normalize("Жол ЖӨНДЕУ, ёлка №24!"), "жол жөндеу елка 00");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut ranges = Vec::new();
    tokenize_into(text, &mut out, &mut ranges);
    out
}

/// Writes the normalised words of `text` into `buf` (space separated) and
/// their byte ranges into `ranges`.
fn tokenize_into(text: &str, buf: &mut String, ranges: &mut Vec<(usize, usize)>) {
    buf.clear();
    ranges.clear();
    let mut start: Option<usize> = None;
    let mut pending_apostrophe = false;
    let close = |buf: &mut String, ranges: &mut Vec<(usize, usize)>, s: usize| {
        if buf.len() > s {
            ranges.push((s, buf.len()));
        }
    };
    for c in text.chars() {
        if is_word_char(c) {
            if start.is_none() {
                if !buf.is_empty() {
                    buf.push(' ');
                }
                start = Some(buf.len());
            } else if pending_apostrophe {
                buf.push('\'');
            }
            pending_apostrophe = false;
            push_lower(buf, c);
        } else if is_apostrophe(c) && start.is_some() && !pending_apostrophe {
            pending_apostrophe = true;
        } else if let Some(s) = start.take() {
            pending_apostrophe = false;
            close(buf, ranges, s);
        }
    }
    if let Some(s) = start {
        close(buf, ranges, s);
    }
}

/// Reusable buffers for feature extraction.
#[derive(Debug, Default)]
pub struct Scratch {
    norm: String,
    ranges: Vec<(usize, usize)>,
    padded: Vec<u8>,
    offsets: Vec<usize>,
    raw: Vec<u32>,
    table: Vec<(u32, u32)>,
}

/// Appends the bucket index of every feature occurrence in `text` to
/// `scratch.raw` (unsorted, with repeats).
fn raw_features(text: &str, mask: u32, s: &mut Scratch) {
    tokenize_into(text, &mut s.norm, &mut s.ranges);
    s.raw.clear();
    let words: Vec<&[u8]> = s
        .ranges
        .iter()
        .map(|&(a, b)| &s.norm.as_bytes()[a..b])
        .collect();
    for (i, w) in words.iter().enumerate() {
        s.raw.push(bucket(fnv_bytes(fnv_start(KIND_WORD), w), mask));
        if let Some(next) = words.get(i + 1) {
            let h = fnv_byte(fnv_bytes(fnv_start(KIND_BIGRAM), w), b' ');
            s.raw.push(bucket(fnv_bytes(h, next), mask));
        }
        // Character n-grams of "<word>".
        s.padded.clear();
        s.padded.push(b'<');
        s.padded.extend_from_slice(w);
        s.padded.push(b'>');
        s.offsets.clear();
        for (i, b) in s.padded.iter().enumerate() {
            if b & 0xC0 != 0x80 {
                s.offsets.push(i);
            }
        }
        let n = s.offsets.len();
        s.offsets.push(s.padded.len());
        for start in 0..n {
            let mut h = fnv_start(KIND_CHAR);
            for len in 1..=5usize {
                if start + len > n {
                    break;
                }
                let a = s.offsets[start + len - 1];
                let b = s.offsets[start + len];
                h = fnv_bytes(h, &s.padded[a..b]);
                if len >= 3 {
                    s.raw.push(bucket(h, mask));
                }
            }
        }
    }
}

/// Sublinear term frequency `1 + ln(tf)`.
#[inline]
fn sublinear(tf: u32) -> f64 {
    match tf {
        1 => 1.0,
        2 => 1.0 + std::f64::consts::LN_2,
        _ => 1.0 + f64::from(tf).ln(),
    }
}

/// The sparse feature vector of `text`: distinct `(bucket, value)` pairs with
/// sublinear TF and unit L2 norm (empty for a text with no words), in a
/// deterministic order. `buckets` must be a power of two.
pub fn vectorize(text: &str, buckets: u32, scratch: &mut Scratch, out: &mut Vec<(u32, f32)>) {
    out.clear();
    raw_features(text, buckets.wrapping_sub(1), scratch);
    // Count occurrences with a small open-addressing table mapping a
    // bucket to its position in `out` (first-occurrence order).
    let cap = (scratch.raw.len() * 2).next_power_of_two().max(64);
    let table = &mut scratch.table;
    table.clear();
    table.resize(cap, (u32::MAX, 0));
    let m = cap - 1;
    for &r in &scratch.raw {
        let mut i = (r.wrapping_mul(0x9E37_79B1) >> 7) as usize & m;
        loop {
            let slot = &mut table[i];
            if slot.0 == r {
                out[slot.1 as usize].1 += 1.0;
                break;
            }
            if slot.0 == u32::MAX {
                *slot = (r, out.len() as u32);
                out.push((r, 1.0));
                break;
            }
            i = (i + 1) & m;
        }
    }
    let mut norm2 = 0.0f64;
    for e in out.iter_mut() {
        let v = sublinear(e.1 as u32);
        norm2 += v * v;
        e.1 = v as f32;
    }
    if norm2 > 0.0 {
        let inv = (1.0 / norm2.sqrt()) as f32;
        for e in out.iter_mut() {
            e.1 *= inv;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_scripts() {
        assert_eq!(
            normalize("ҚАЛА Алматы, street 5-й"),
            "қала алматы street 0 й"
        );
        assert_eq!(normalize("Qazaqstan'nyń  JOLY"), "qazaqstan'nyń joly");
        assert_eq!(normalize("'' -- ,"), "");
    }

    #[test]
    fn vector_is_unit_and_distinct() {
        let mut s = Scratch::default();
        let mut v = Vec::new();
        vectorize("жол жол жөндеу дорога", 1 << 18, &mut s, &mut v);
        let n: f32 = v.iter().map(|e| e.1 * e.1).sum();
        assert!((n - 1.0).abs() < 1e-5);
        let mut b: Vec<u32> = v.iter().map(|e| e.0).collect();
        b.sort_unstable();
        b.dedup();
        assert_eq!(b.len(), v.len());
        vectorize("  ", 1 << 18, &mut s, &mut v);
        assert!(v.is_empty());
    }
}
