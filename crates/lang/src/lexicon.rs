//! Word-level evidence for Kazakh, Russian and English.
//!
//! Each word of an appeal adds points to the three languages. The evidence is hand-weighted
//! rather than learned because the project has no licensed training corpus it may ship, and
//! because a few hundred comparisons per word keep detection within the 20 µs budget that a
//! general n-gram model (lingua: about 190 µs for 500 Cyrillic characters) cannot meet.
//!
//! The signals, strongest first:
//! - letters only Kazakh uses (Cyrillic ә ғ қ ң ө ұ ү һ і; Latin ä ö ü ū ğ ñ ş ı of the 2021
//!   alphabet and á ǵ ń ó ú ý of the 2018 one), letters only Russian uses (ё щ ъ э), and Latin
//!   letters Kazakh never uses (c w x);
//! - closed lists of function words and very common appeal words in each language;
//! - inflectional endings (Kazakh plural, genitive and verb endings; Russian case endings;
//!   English -ing, -tion, -ed), counted only on words long enough to carry them;
//! - for Kazakh written in plain ASCII Latin, `q` not followed by `u`, the digraph `zh`, and
//!   `y` used as a vowel between consonants.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::LazyLock;

use crate::words::{
    EN_SUFFIXES, EN_WORDS, KK_CYRILLIC_SUFFIXES, KK_CYRILLIC_WORDS, KK_LATIN_SUFFIXES,
    KK_LATIN_WORDS, RU_SUFFIXES, RU_WORDS,
};

/// Points per language, indexed by [`KK`], [`RU`] and [`EN`].
pub type Scores = [f32; 3];

/// Index of Kazakh in [`Scores`].
pub const KK: usize = 0;
/// Index of Russian in [`Scores`].
pub const RU: usize = 1;
/// Index of English in [`Scores`].
pub const EN: usize = 2;

/// Weight of a letter that only one of the languages uses.
const UNIQUE_LETTER: f32 = 3.0;
/// Weight of a listed function word.
const STOPWORD: f32 = 2.5;
/// Weight of a characteristic ending.
const SUFFIX: f32 = 1.0;

/// Kazakh-only letters of the Cyrillic alphabet.
fn is_kk_cyrillic_letter(c: char) -> bool {
    matches!(c, 'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' | 'і')
}

/// Latin letters with diacritics used by the 2021 and 2018 Kazakh Latin alphabets (and `ç`,
/// which a 2019 draft used for ч and people still type).
fn is_kk_latin_letter(c: char) -> bool {
    matches!(
        c,
        'ä' | 'ö' | 'ü' | 'ū' | 'ğ' | 'ñ' | 'ş' | 'ı' | 'á' | 'ǵ' | 'ń' | 'ó' | 'ú' | 'ý' | 'ç'
    )
}

/// Combining marks that, after a Latin base letter, spell one of the Kazakh letters when the
/// text arrives decomposed (NFD): acute, diaeresis, macron, breve, cedilla, tilde.
pub fn is_kk_combining_mark(c: char) -> bool {
    matches!(
        c,
        '\u{0301}' | '\u{0308}' | '\u{0304}' | '\u{0306}' | '\u{0327}' | '\u{0303}'
    )
}

/// The word or ending is in the Kazakh Cyrillic list.
const IN_KK_CYRILLIC: u8 = 1;
/// The word or ending is in the Russian list.
const IN_RU: u8 = 2;
/// The word or ending is in the Kazakh Latin list.
const IN_KK_LATIN: u8 = 4;
/// The word or ending is in the English list.
const IN_EN: u8 = 8;
/// The longest ending in any list, in characters.
const MAX_SUFFIX_CHARS: usize = 5;

/// A small multiplicative hash for short keys. The standard SipHash resists flooding, which
/// does not matter for fixed word lists and costs several times more per lookup.
#[derive(Default)]
struct WordHasher(u64);

impl Hasher for WordHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(0x517c_c1b7_2722_0a95);
        }
    }
}

type Table = HashMap<&'static str, u8, BuildHasherDefault<WordHasher>>;

/// Builds a table mapping each listed string to the lists it is in.
fn table(lists: &[(&[&'static str], u8)]) -> Table {
    let mut t = Table::default();
    for (list, flag) in lists {
        for &w in *list {
            *t.entry(w).or_insert(0) |= flag;
        }
    }
    t
}

/// All listed words, so that each word of a text costs one lookup rather than one comparison
/// per listed word.
static WORDS: LazyLock<Table> = LazyLock::new(|| {
    table(&[
        (KK_CYRILLIC_WORDS, IN_KK_CYRILLIC),
        (RU_WORDS, IN_RU),
        (KK_LATIN_WORDS, IN_KK_LATIN),
        (EN_WORDS, IN_EN),
    ])
});

/// All listed endings, as a trie of their characters read from the end: the endings of a
/// word (its last 2 to 5 characters) are then found in one walk back from its last letter,
/// instead of one hashed lookup per length, which was the largest cost of scoring a word.
static SUFFIXES: LazyLock<SuffixTrie> = LazyLock::new(|| {
    SuffixTrie::new(&[
        (KK_CYRILLIC_SUFFIXES, IN_KK_CYRILLIC),
        (RU_SUFFIXES, IN_RU),
        (KK_LATIN_SUFFIXES, IN_KK_LATIN),
        (EN_SUFFIXES, IN_EN),
    ])
});

/// One node of the [`SuffixTrie`]: the lists of the ending that ends here, and where its
/// children (the nodes one character further towards the start of the word) lie in
/// [`SuffixTrie::edges`].
#[derive(Default, Clone, Copy)]
struct SuffixNode {
    lists: u8,
    first: u32,
    count: u32,
}

/// Endings keyed by their characters from last to first, laid out flat: one array of nodes
/// and one of edges, each node's edges together and sorted by character, so that a walk
/// reads a few adjacent entries instead of following a pointer per node. The root's
/// children (a word's last letter) are found by table for the characters below U+0500.
struct SuffixTrie {
    nodes: Vec<SuffixNode>,
    edges: Vec<(char, u32)>,
    /// The root's child for each character below U+0500 (0: none; the root is nobody's
    /// child).
    last_letter: Vec<u32>,
}

/// Characters below this have a slot in [`SuffixTrie::last_letter`].
const LAST_LETTER_TABLE: usize = 0x500;

impl SuffixTrie {
    fn new(lists: &[(&[&'static str], u8)]) -> SuffixTrie {
        // Built with a map per node, then laid out flat.
        let mut tree: Vec<(u8, std::collections::BTreeMap<char, usize>)> = vec![Default::default()];
        for (list, flag) in lists {
            for ending in *list {
                let mut at = 0;
                for c in ending.chars().rev() {
                    at = match tree[at].1.get(&c) {
                        Some(&next) => next,
                        None => {
                            tree.push(Default::default());
                            let next = tree.len() - 1;
                            tree[at].1.insert(c, next);
                            next
                        }
                    };
                }
                tree[at].0 |= flag;
            }
        }
        let mut trie = SuffixTrie {
            nodes: Vec::with_capacity(tree.len()),
            edges: Vec::new(),
            last_letter: vec![0; LAST_LETTER_TABLE],
        };
        for (lists, children) in &tree {
            trie.nodes.push(SuffixNode {
                lists: *lists,
                first: trie.edges.len() as u32,
                count: children.len() as u32,
            });
            trie.edges
                .extend(children.iter().map(|(&c, &next)| (c, next as u32)));
        }
        for (&c, &next) in &tree[0].1 {
            if let Some(slot) = trie.last_letter.get_mut(c as usize) {
                *slot = next as u32;
            }
        }
        trie
    }

    /// The node one character (`c`) further from `at`, if an ending continues that way.
    fn child(&self, at: usize, c: char) -> Option<usize> {
        if at == 0
            && let Some(&next) = self.last_letter.get(c as usize)
        {
            return (next != 0).then_some(next as usize);
        }
        let node = self.nodes[at];
        let edges = &self.edges[node.first as usize..(node.first + node.count) as usize];
        edges
            .binary_search_by_key(&c, |&(k, _)| k)
            .ok()
            .map(|found| edges[found].1 as usize)
    }

    /// The lists holding one of the endings of `w` that are 2 to [`MAX_SUFFIX_CHARS`]
    /// characters long.
    fn lists_of_endings(&self, w: &str) -> u8 {
        let mut flags = 0;
        let mut at = 0;
        for (n, c) in w.chars().rev().take(MAX_SUFFIX_CHARS).enumerate() {
            match self.child(at, c) {
                Some(next) => at = next,
                None => break,
            }
            if n >= 1 {
                flags |= self.nodes[at].lists;
            }
        }
        flags
    }
}

/// The lists `w` is in as a whole word.
fn word_lists(w: &str) -> u8 {
    WORDS.get(w).copied().unwrap_or(0)
}

/// The lists that hold one of the endings of `w` (its last 2 to 5 characters).
fn suffix_lists(w: &str) -> u8 {
    SUFFIXES.lists_of_endings(w)
}

/// Whether a character is a Latin vowel letter, diacritics included.
fn is_latin_vowel(c: char) -> bool {
    matches!(
        c,
        'a' | 'e' | 'i' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'ü' | 'ū' | 'ı' | 'á' | 'ó' | 'ú' | 'ý'
    )
}

/// Evidence that a Cyrillic word without Kazakh letters is Russian, from its shape.
///
/// Native Kazakh words keep vowel harmony (back а о ұ ы and front ә е ө ү і do not meet in
/// one word; у and и are neutral), have о only in the first syllable, and do not use в, ф or
/// ч. Russian words break these rules freely. Loanwords break them in Kazakh too, so each
/// rule is worth less than a listed word.
fn russian_shape(w: &str) -> f32 {
    let (mut back, mut front, mut vowels, mut late_o, mut foreign) =
        (false, false, 0u32, false, false);
    for c in w.chars() {
        match c {
            'а' | 'ы' => back = true,
            'о' => {
                back = true;
                late_o |= vowels > 0;
            }
            'е' | 'э' => front = true,
            'в' | 'ф' | 'ч' => foreign = true,
            _ => {}
        }
        if matches!(c, 'а' | 'о' | 'ы' | 'е' | 'э' | 'и' | 'у' | 'я' | 'ю' | 'ё') {
            vowels += 1;
        }
    }
    let mut points = 0.0;
    if back && front {
        points += 1.0;
    }
    if late_o {
        points += 0.75;
    }
    if foreign {
        points += 0.5;
    }
    points
}

/// Adds the evidence of one lowercased Cyrillic word to `scores`.
pub fn score_cyrillic_word(w: &str, letters: usize, scores: &mut Scores) {
    let mut kk_letter = false;
    let mut ru_letter = false;
    let mut ru_weak = false;
    for c in w.chars() {
        kk_letter |= is_kk_cyrillic_letter(c);
        ru_letter |= matches!(c, 'ё' | 'щ' | 'ъ' | 'э');
        ru_weak |= matches!(c, 'ц' | 'ь');
    }
    if kk_letter {
        scores[KK] += UNIQUE_LETTER;
    }
    if ru_letter {
        scores[RU] += UNIQUE_LETTER * 0.5;
    } else if ru_weak {
        scores[RU] += UNIQUE_LETTER * 0.25;
    }
    let listed = word_lists(w);
    if listed & IN_KK_CYRILLIC != 0 {
        scores[KK] += STOPWORD;
    }
    if listed & IN_RU != 0 {
        scores[RU] += STOPWORD;
    }
    if !kk_letter && letters >= 4 {
        scores[RU] += russian_shape(w);
    }
    if letters >= 4 {
        let endings = suffix_lists(w);
        if endings & IN_KK_CYRILLIC != 0 {
            scores[KK] += SUFFIX;
        }
        if endings & IN_RU != 0 {
            scores[RU] += SUFFIX;
        }
    }
}

/// Adds the evidence of one lowercased Latin word to `scores`.
pub fn score_latin_word(w: &str, letters: usize, scores: &mut Scores) {
    let mut kk = 0.0f32;
    let mut en = 0.0f32;
    let mut kk_letter = false;
    let mut en_letter = false;
    let mut q_alone = false;
    let mut zh = false;
    let mut th = false;
    let mut vowel_y = 0u32;
    let mut prev = [' '; 2];
    for c in w.chars() {
        kk_letter |= is_kk_latin_letter(c) || is_kk_combining_mark(c);
        // A `c` starts the 2018 digraph `ch`, so it counts for English only when the next
        // letter shows it is not that digraph; `prev` lets the check run one letter late.
        if prev[1] == 'c' && c != 'h' {
            en_letter = true;
        }
        en_letter |= matches!(c, 'w' | 'x');
        if prev[1] == 'q' && c != 'u' {
            q_alone = true;
        }
        zh |= prev[1] == 'z' && c == 'h';
        th |= prev[1] == 't' && c == 'h';
        // Kazakh spells its back vowel ы as `y` between consonants (bolyp, jyl); English
        // rarely does outside a few Greek loans.
        if prev[1] == 'y'
            && prev[0] != ' '
            && !is_latin_vowel(prev[0])
            && c.is_alphabetic()
            && !is_latin_vowel(c)
        {
            vowel_y += 1;
        }
        prev = [prev[1], c];
    }
    if prev[1] == 'c' {
        en_letter = true;
    }
    if prev[1] == 'q' {
        q_alone = true;
    }
    if kk_letter {
        kk += UNIQUE_LETTER;
    }
    if q_alone {
        kk += 2.0;
    }
    if zh {
        kk += 1.5;
    }
    kk += 0.75 * vowel_y.min(2) as f32;
    if en_letter {
        en += 1.0;
    }
    if th {
        en += 1.0;
    }
    if w.ends_with("ay") || w.ends_with("ey") || w.ends_with("oy") {
        en += 0.5;
    }
    let listed = word_lists(w);
    if listed & IN_KK_LATIN != 0 {
        kk += STOPWORD;
    }
    if listed & IN_EN != 0 {
        en += STOPWORD;
    }
    if letters >= 4 {
        let endings = suffix_lists(w);
        if endings & IN_KK_LATIN != 0 {
            kk += SUFFIX;
        }
        if endings & IN_EN != 0 {
            en += SUFFIX;
        }
    }
    scores[KK] += kk;
    scores[EN] += en;
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The endings of `w` as one hashed lookup per length, as they were found before the trie.
    fn hashed_suffix_lists(endings: &Table, w: &str) -> u8 {
        let mut flags = 0;
        for (n, (start, _)) in w.char_indices().rev().enumerate().take(MAX_SUFFIX_CHARS) {
            if n >= 1 {
                flags |= endings.get(&w[start..]).copied().unwrap_or(0);
            }
        }
        flags
    }

    #[test]
    fn suffix_trie_finds_what_the_hashed_lookup_found() {
        let endings: Vec<&str> = [
            KK_CYRILLIC_SUFFIXES,
            RU_SUFFIXES,
            KK_LATIN_SUFFIXES,
            EN_SUFFIXES,
        ]
        .concat();
        let words: Vec<&str> = [KK_CYRILLIC_WORDS, RU_WORDS, KK_LATIN_WORDS, EN_WORDS].concat();
        let hashed = table(&[
            (KK_CYRILLIC_SUFFIXES, IN_KK_CYRILLIC),
            (RU_SUFFIXES, IN_RU),
            (KK_LATIN_SUFFIXES, IN_KK_LATIN),
            (EN_SUFFIXES, IN_EN),
        ]);
        let mut checked = 0;
        let mut found = 0;
        for stem in words.iter().chain(&endings).chain(&["", "а", "x"]) {
            for ending in endings.iter().chain(&[""]) {
                let w = format!("{stem}{ending}");
                let want = hashed_suffix_lists(&hashed, &w);
                assert_eq!(suffix_lists(&w), want, "{w:?}");
                checked += 1;
                found += usize::from(want != 0);
            }
        }
        // The comparison means something only if both kinds of answer were seen.
        assert!(
            found > 1000 && checked - found > 300,
            "{found} of {checked}"
        );
    }
}
