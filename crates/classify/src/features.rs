//! Text normalisation and hashed n-gram features.
//!
//! * Reading (feature version 3): Kazakh written in Latin letters — the 2021
//!   alphabet, the 2018 one or without diacritics — is first read into Cyrillic
//!   by `sheshim_lang::normalize`, so a model sees one form of Kazakh whatever
//!   the citizen typed (and one trained on Cyrillic history reads Latin appeals).
//!   [`Features::extract`], [`vectorize`] and the classifier's text methods do
//!   it; [`Features::extract_normalized`] and [`vectorize_normalized`] take text
//!   already read that way (triage reads each appeal once for every stage).
//!   Version 2 hashed Latin Kazakh as typed; its models are refused.
//! * Normalisation: every character is lower-cased with Unicode rules
//!   (`char::to_lowercase`), `ё` is folded to `е`, every ASCII digit to `0`.
//!   Word characters are Unicode alphanumerics, combining marks
//!   (U+0300–U+036F) and apostrophes inside a word; everything else separates
//!   words. Kazakh letters (ә ғ қ ң ө ұ ү һ і) and the 2021 Latin alphabet's
//!   letters are ordinary alphanumerics and kept as they are.
//! * Features: word unigrams, word bigrams, and character 3-, 4- and 5-grams
//!   of each word padded with `<` and `>`.
//! * Hashing (feature version 2): each normalised character is taken once as
//!   its code point; an n-gram's hash is built incrementally, one multiply per
//!   character (`h = (h ^ c) · P`, 64-bit), from a seed that depends on the
//!   feature kind, so a character 5-gram extends its 4-gram, which extends
//!   its 3-gram. A word's hash is the same chain over its characters; a
//!   bigram combines its two words' hashes. The 64-bit value goes through the
//!   MurmurHash3 finaliser and its low bits pick one of `buckets` (a power of
//!   two). Version 1 hashed the UTF-8 bytes of each n-gram separately with
//!   FNV-1a; its models are refused.
//! * Weighting: sublinear term frequency `1 + ln(tf)` per bucket, then the
//!   vector is scaled to unit L2 norm.
//!
//! Extraction allocates nothing once a [`Scratch`] has grown to the text's
//! size: no intermediate strings, no sorting.

use std::collections::HashMap;

/// Version of the feature scheme; stored in model files.
pub const FEATURE_VERSION: u32 = 3;

/// Multiplier of the per-character chain (odd, dense).
const CHAIN_PRIME: u64 = 0x9E37_79B9_7F4A_7C15;
/// Multiplier mixing the first word of a bigram.
const BIGRAM_PRIME: u64 = 0xD6E8_FEB8_6659_FD93;

const SEED_WORD: u64 = 0x243F_6A88_85A3_08D3;
const SEED_BIGRAM: u64 = 0x1319_8A2E_0370_7344;
const SEED_CHAR: u64 = 0xA409_3822_299F_31D0;

const PAD_START: u32 = '<' as u32;
const PAD_END: u32 = '>' as u32;

/// One step of an n-gram hash chain.
#[inline(always)]
fn step(h: u64, c: u32) -> u64 {
    (h ^ u64::from(c)).wrapping_mul(CHAIN_PRIME)
}

/// MurmurHash3's 64-bit finaliser.
#[inline(always)]
fn fmix(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

#[inline(always)]
fn bucket(h: u64, mask: u32) -> u32 {
    (fmix(h) as u32) & mask
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

/// `char::to_lowercase` for a word character of the Cyrillic block
/// U+0400..=U+04FF, where it is always one character (checked exhaustively in
/// the tests).
const fn lower_cyrillic(c: u32) -> u32 {
    match c {
        0x400..=0x40F => c + 0x50,
        0x410..=0x42F => c + 0x20,
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x4FF if c & 1 == 0 => c + 1,
        0x4C0 => 0x4CF,
        0x4C1..=0x4CE if c & 1 == 1 => c + 1,
        _ => c,
    }
}

/// Table entry for a separator.
const SEP: u32 = 0;
/// Table entry for `'`.
const APOS: u32 = 1;

/// Normalised form of every ASCII and Cyrillic-block character (U+0000 to
/// U+04FF): the lower-cased, `ё`-folded, digit-folded character, or `SEP` /
/// `APOS`.
static FAST: [u32; 0x500] = {
    let mut t = [SEP; 0x500];
    let mut c = 0;
    while c < 0x500 {
        t[c as usize] = match c {
            0x27 => APOS,
            0x30..=0x39 => '0' as u32,
            0x41..=0x5A => c + 0x20,
            0x61..=0x7A => c,
            0x400..=0x481 | 0x48A..=0x4FF => match lower_cyrillic(c) {
                0x451 => 0x435, // ё → е
                l => l,
            },
            // Everything else up to U+04FF takes the general path.
            0x80..=0x3FF => u32::MAX,
            _ => SEP,
        };
        c += 1;
    }
    t
};

/// Appends the normalised form of word character `c` (general path).
#[cold]
fn push_lower_slow(buf: &mut Vec<u32>, c: char) {
    for l in c.to_lowercase() {
        buf.push(if l == 'ё' { 0x435 } else { l as u32 });
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '\u{2019}' || c == '\u{02bc}'
}

/// Splits `text` into normalised words. For each word, `f` gets `buf` holding
/// `<`, the word's characters (as code points), `>`.
#[inline]
fn for_each_word(text: &str, buf: &mut Vec<u32>, mut f: impl FnMut(&[u32])) {
    buf.clear();
    buf.push(PAD_START);
    let mut in_word = false;
    let mut pending_apostrophe = false;
    for c in text.chars() {
        let fast = FAST.get(c as usize).copied().unwrap_or(u32::MAX);
        let word_char = match fast {
            SEP => false,
            APOS => {
                if in_word && !pending_apostrophe {
                    pending_apostrophe = true;
                    continue;
                }
                false
            }
            u32::MAX => {
                if is_word_char(c) {
                    true
                } else if is_apostrophe(c) && in_word && !pending_apostrophe {
                    pending_apostrophe = true;
                    continue;
                } else {
                    false
                }
            }
            _ => true,
        };
        if word_char {
            if in_word && pending_apostrophe {
                buf.push('\'' as u32);
            }
            in_word = true;
            pending_apostrophe = false;
            if fast == u32::MAX {
                push_lower_slow(buf, c);
            } else {
                buf.push(fast);
            }
        } else if in_word {
            in_word = false;
            pending_apostrophe = false;
            buf.push(PAD_END);
            f(buf);
            buf.truncate(1);
        }
    }
    if in_word {
        buf.push(PAD_END);
        f(buf);
        buf.truncate(1);
    }
}

/// Lower-cases and tokenises `text`: the words joined by single spaces.
///
/// ```
/// use sheshim_classify::features::normalize;
/// assert_eq!(normalize("Жол ЖӨНДЕУ, ёлка №24!"), "жол жөндеу елка 00");
/// ```
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut buf = Vec::new();
    for_each_word(text, &mut buf, |w| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(
            w[1..w.len() - 1]
                .iter()
                .map(|&u| char::from_u32(u).unwrap_or(char::REPLACEMENT_CHARACTER)),
        );
    });
    out
}

/// Reusable buffers for feature extraction. Reusing one across calls avoids
/// every allocation once it has grown to the largest text's size.
#[derive(Debug, Default)]
pub struct Scratch {
    /// The current word: `<`, its characters, `>`.
    word: Vec<u32>,
    /// The bucket of every feature occurrence of this call, in text order.
    occurrences: Vec<u32>,
    /// Occurrences per bucket, indexed by bucket (as many entries as buckets). Always all
    /// zero between calls.
    counts: Vec<u8>,
    /// Occurrences beyond `u8::MAX` of a bucket, for the rare text that repeats one
    /// feature that often; empty between calls.
    overflow: HashMap<u32, u32>,
    /// The feature vector, for callers that keep it with the scratch.
    pub(crate) features: Vec<(u32, f32)>,
}

impl Scratch {
    /// Empty buffers; they grow on first use.
    pub fn new() -> Scratch {
        Scratch::default()
    }
}

/// `1 + ln(tf)` for small `tf`.
const SUBLINEAR: [f64; 16] = [
    0.0,
    1.0,
    1.6931471805599454,
    2.09861228866811,
    2.386294361119891,
    2.6094379124341005,
    2.791759469228055,
    2.9459101490553135,
    3.0794415416798357,
    3.1972245773362196,
    3.302585092994046,
    3.3978952727983707,
    3.4849066497880004,
    3.5649493574615367,
    3.6390573296152584,
    3.70805020110221,
];

/// Sublinear term frequency `1 + ln(tf)`.
#[inline]
fn sublinear(tf: u32) -> f64 {
    match SUBLINEAR.get(tf as usize) {
        Some(&v) => v,
        None => 1.0 + f64::from(tf).ln(),
    }
}

/// A text's feature vector, extracted once and then scored by every model that hashes into
/// the same number of buckets. Triage scores three or four classifiers on one appeal; sharing
/// the extraction saves most of their cost, since scoring a sparse vector is cheap.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Features {
    buckets: u32,
    vector: Vec<(u32, f32)>,
}

impl Features {
    /// An empty vector; it grows on first use.
    pub fn new() -> Features {
        Features::default()
    }

    /// Replaces the vector with that of `text` hashed into `buckets` (a power of two),
    /// Kazakh in Latin letters read as Cyrillic first.
    pub fn extract(&mut self, text: &str, buckets: u32, scratch: &mut Scratch) {
        self.extract_normalized(sheshim_lang::read_kk(text).as_str(), buckets, scratch);
    }

    /// [`Features::extract`] of a text already read by `sheshim_lang::normalize`.
    pub fn extract_normalized(&mut self, text: &str, buckets: u32, scratch: &mut Scratch) {
        self.buckets = buckets;
        vectorize_normalized(text, buckets, scratch, &mut self.vector);
    }

    /// The number of buckets the vector was hashed into (0 before the first extraction).
    pub fn buckets(&self) -> u32 {
        self.buckets
    }

    /// The distinct `(bucket, value)` pairs.
    pub fn vector(&self) -> &[(u32, f32)] {
        &self.vector
    }
}

/// The sparse feature vector of `text`, Kazakh in Latin letters read as
/// Cyrillic first (see [`vectorize_normalized`]).
pub fn vectorize(text: &str, buckets: u32, scratch: &mut Scratch, out: &mut Vec<(u32, f32)>) {
    vectorize_normalized(sheshim_lang::read_kk(text).as_str(), buckets, scratch, out);
}

/// The sparse feature vector of a text already read by `sheshim_lang::normalize`:
/// distinct `(bucket, value)` pairs with sublinear TF and unit L2 norm (empty for a
/// text with no words), in a deterministic order (first occurrence). `buckets` must be
/// a power of two.
pub fn vectorize_normalized(
    text: &str,
    buckets: u32,
    scratch: &mut Scratch,
    out: &mut Vec<(u32, f32)>,
) {
    out.clear();
    let Scratch {
        word,
        occurrences,
        counts,
        overflow,
        ..
    } = scratch;
    occurrences.clear();
    let mask = buckets.wrapping_sub(1);
    // Every occurrence's bucket is written down first, without a branch on whether it was
    // seen before: that branch mispredicts about half the time, and a counting hash table
    // paid for it on every n-gram. The counts are then taken in one pass over a table
    // indexed by bucket.
    let mut prev: Option<u64> = None;
    for_each_word(text, word, |p| {
        let n = p.len();
        // Unigram, bigram, and at most 3·(n − 2) character n-grams.
        occurrences.reserve(3 * n);
        let mut wh = SEED_WORD;
        for &c in &p[1..n - 1] {
            wh = step(wh, c);
        }
        occurrences.push(bucket(wh, mask));
        if let Some(a) = prev {
            occurrences.push(bucket(
                (SEED_BIGRAM ^ a).wrapping_mul(BIGRAM_PRIME) ^ wh,
                mask,
            ));
        }
        prev = Some(wh);
        // Character 3-, 4- and 5-grams of "<word>" (at least 3 characters).
        for s in 0..=n - 3 {
            let h3 = step(step(step(SEED_CHAR, p[s]), p[s + 1]), p[s + 2]);
            occurrences.push(bucket(h3, mask));
            if s + 4 <= n {
                let h4 = step(h3, p[s + 3]);
                occurrences.push(bucket(h4, mask));
                if s + 5 <= n {
                    occurrences.push(bucket(step(h4, p[s + 4]), mask));
                }
            }
        }
    });
    if counts.len() != buckets as usize {
        *counts = vec![0; buckets as usize];
    }
    for &b in occurrences.iter() {
        let count = &mut counts[b as usize];
        if *count == u8::MAX {
            count_overflow(overflow, b);
        } else {
            *count += 1;
        }
    }
    // The vector in first-occurrence order: a bucket is emitted where its count is found
    // non-zero, and the count is cleared so that later occurrences are skipped.
    // Written without a branch on "seen before", which a quarter of the occurrences are, at
    // random: every occurrence is written at `kept`, which only moves past first ones (a
    // cleared count writes the value 0, overwritten next).
    let mut norm2 = 0.0f64;
    out.resize(occurrences.len(), (0, 0.0));
    let mut kept = 0;
    for &b in occurrences.iter() {
        let count = &mut counts[b as usize];
        let mut tf = u32::from(*count);
        if tf == u32::from(u8::MAX) {
            tf += take_overflow(overflow, b);
        }
        *count = 0;
        let v = sublinear(tf);
        norm2 += v * v;
        out[kept] = (b, v as f32);
        kept += usize::from(tf != 0);
    }
    out.truncate(kept);
    if norm2 > 0.0 {
        let inv = (1.0 / norm2.sqrt()) as f32;
        for e in out.iter_mut() {
            e.1 *= inv;
        }
    }
}

/// Counts one more occurrence of bucket `b`, whose one-byte count is full.
#[cold]
fn count_overflow(overflow: &mut HashMap<u32, u32>, b: u32) {
    *overflow.entry(b).or_default() += 1;
}

/// The occurrences of bucket `b` beyond `u8::MAX`, removed from `overflow`.
#[cold]
fn take_overflow(overflow: &mut HashMap<u32, u32>, b: u32) -> u32 {
    overflow.remove(&b).unwrap_or(0)
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
        assert_eq!(normalize("a'' b' c'd 'e"), "a b c'd e");
        assert_eq!(normalize("ЁЛКА Ёж ІҢҒҮҰҚӨӘҺ"), "елка еж іңғүұқөәһ");
        assert_eq!(normalize("İSTANBUL Straße ΣΟΦΙΑ"), "i̇stanbul straße σοφια");
    }

    #[test]
    fn cyrillic_fast_path_matches_unicode() {
        for u in 0x400..=0x4FF {
            let c = char::from_u32(u).unwrap_or('x');
            if !is_word_char(c) {
                continue;
            }
            let mut lower = c.to_lowercase();
            let l = lower.next().map(|l| l as u32);
            assert_eq!(lower.next(), None, "{u:x}");
            assert_eq!(Some(lower_cyrillic(u)), l, "{u:x}");
        }
    }

    #[test]
    fn fast_table_matches_general_rules() {
        for u in 0..0x500u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let f = FAST[u as usize];
            if f == u32::MAX {
                continue;
            }
            if c == '\'' {
                assert_eq!(f, APOS);
            } else if is_word_char(c) {
                let mut l = c.to_lowercase();
                let first = l.next().map(|l| if l == 'ё' { 'е' } else { l });
                let want = if c.is_ascii_digit() { Some('0') } else { first };
                assert_eq!(char::from_u32(f), want, "{u:x}");
                assert_eq!(l.next(), None);
            } else {
                assert_eq!(f, SEP, "{u:x}");
            }
        }
    }

    #[test]
    fn sublinear_table() {
        for tf in 1..40u32 {
            let want = 1.0 + f64::from(tf).ln();
            assert!((sublinear(tf) - want).abs() < 1e-14, "{tf}");
        }
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

    #[test]
    fn feature_counts_and_reuse() {
        // "ab cd": 2 words, 1 bigram, "<ab>" and "<cd>" give 2 + 1 + 0 grams each.
        let mut s = Scratch::new();
        let mut v = Vec::new();
        vectorize("ab cd", 1 << 24, &mut s, &mut v);
        assert_eq!(v.len(), 2 + 1 + 2 * 3);
        // A long text grows the table; the scratch then gives the same
        // vectors as a fresh one, for short and long texts alike.
        let long: String = (0..20_000).map(|i| format!("w{i} ")).collect();
        for text in ["жол жөндеу", long.as_str(), "жол жөндеу", "дорога яма"]
        {
            vectorize(text, 1 << 18, &mut s, &mut v);
            let mut fresh = Vec::new();
            vectorize(text, 1 << 18, &mut Scratch::new(), &mut fresh);
            assert_eq!(v, fresh);
        }
        // A feature repeated beyond a one-byte count keeps its true frequency: "ab" 70,000
        // times weighs 1 + ln(70,000) against "cd" once.
        let repeated = format!("{}cd", "ab ".repeat(70_000));
        vectorize(&repeated, 1 << 18, &mut s, &mut v);
        let (top, low) = v
            .iter()
            .fold((0f32, f32::MAX), |(t, l), e| (t.max(e.1), l.min(e.1)));
        let want = 1.0 + 70_000f32.ln();
        assert!(
            (top / low - want).abs() < 1e-3,
            "{} against {want}",
            top / low
        );
        vectorize("ab cd", 1 << 24, &mut s, &mut v);
        assert_eq!(v.len(), 2 + 1 + 2 * 3, "the overflow was cleared");
        // Same word, same buckets; case and ё do not matter.
        let mut a = Vec::new();
        vectorize("ЁЛКА", 1 << 18, &mut s, &mut a);
        vectorize("елка", 1 << 18, &mut s, &mut v);
        assert_eq!(a, v);
    }
}
