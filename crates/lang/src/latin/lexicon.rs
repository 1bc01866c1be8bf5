//! The Kazakh word list behind informal Latin reading, indexed by *skeleton*.
//!
//! A skeleton is what is left of a word once every distinction that informal Latin drops is
//! dropped: ә and а are both `a`, ө and о `o`, у ұ ү `u`, і ы и й `i`, к қ `k`, г ғ `g`,
//! н ң `n`, х һ `h`, ш `S`, ж `Z`, ч `C`, я `ia`, ю `iu`, ё `io`, ц `ts`, signs nothing.
//! Cyrillic words and informally typed words that are the same word have the same skeleton
//! ("kun" and «күн»), so looking the typed word's skeleton up gives back the Cyrillic.
//!
//! Kazakh is agglutinative, so most typed words are a listed word or stem plus endings:
//! [`Lexicon::longest_stem`] finds the longest listed entry whose skeleton begins the word's
//! skeleton and whose leftover is a chain of known endings (see [`ENDINGS`]); the caller
//! spells the endings by vowel harmony. Lookups walk a trie once per word.
//!
//! The same list keyed by the formal alphabets' spellings ([`Keying`]) settles what their
//! letter tables cannot: е or э, ц or тс, ч or тш, я or йа, and the signs.

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

/// The word list (see the file's header for where it comes from).
const WORDS: &str = include_str!("../../data/kk-words.txt");

/// Kazakh endings (case, plural, possessive, person, tense, negation, derivation), in
/// Cyrillic with both harmony forms and their consonant variants. A leftover after a stem must
/// be a chain of these for the stem to be taken.
const ENDINGS: &str = "\
    лар лер дар дер тар тер \
    ым ім м ың ің ң ыңыз іңіз ңыз ңіз ы і сы сі мыз міз ымыз іміз ңдар ңдер \
    ның нің дың дің тың тің ға ге қа ке на не а е ны ні ды ді ты ті н \
    да де та те нда нде дан ден тан тен нан нен мен бен пен ша ше дай дей тай тей \
    ғы гі қы кі лық лік дық дік тық тік шы ші сыз сіз лы лі ғыш гіш қыш кіш \
    у ып іп п ған ген қан кен атын етін йтын йтін ытын ітін ар ер р мақ мек бақ бек пақ пек \
    мын мін бын бін пын пін сың сің сыздар сіздер мыз міз быз біз пыз піз \
    са се сын сін ушы уші ма ме ба бе па пе мас мес бас бес пас пес май мей бай бей пай пей \
    ыл іл л ын ін ыс іс с дыр дір тыр тір ғыз гіз қыз кіз т уда уде шы ші й ған ді ти \
    нікі дікі тікі ғалы гелі қалы келі ғанша генше ысы ісі";

/// The skeleton letters of one Cyrillic letter (lowercase), or `None` for a character that is
/// not a Kazakh or Russian Cyrillic letter.
pub(crate) fn cyrillic_skeleton(c: char) -> Option<&'static str> {
    Some(match c {
        'а' | 'ә' => "a",
        'б' => "b",
        'в' => "v",
        'г' | 'ғ' => "g",
        'д' => "d",
        'е' | 'э' => "e",
        'ё' => "io",
        'ж' => "Z",
        'з' => "z",
        'и' | 'й' | 'і' | 'ы' => "i",
        'к' | 'қ' => "k",
        'л' => "l",
        'м' => "m",
        'н' | 'ң' => "n",
        'о' | 'ө' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'у' | 'ұ' | 'ү' => "u",
        'ф' => "f",
        'х' | 'һ' => "h",
        'ц' => "ts",
        'ч' => "C",
        'ш' | 'щ' => "S",
        'ъ' | 'ь' => "",
        'ю' => "iu",
        'я' => "ia",
        '-' => "-",
        _ => return None,
    })
}

/// The skeleton of a lowercase Cyrillic word, or `None` if it holds another character.
pub(crate) fn skeleton_of_cyrillic(word: &str) -> Option<String> {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        out.push_str(cyrillic_skeleton(c)?);
    }
    Some(out)
}

/// How a word list is keyed: by skeleton (informal spelling), or by the word as a formal
/// alphabet spells it (which tells apart what that alphabet's table cannot: «электр» and
/// «електр» are both "elektr" in 2021, «полиция» is "polisiia" and not «политсия»).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Keying {
    /// [`cyrillic_skeleton`].
    Skeleton,
    /// The 2021 alphabet's spelling of each letter.
    Alphabet2021,
    /// The 2018 alphabet's spelling of each letter.
    Alphabet2018,
}

/// [`Keying::letter_key`] of every character of the Cyrillic block (U+0400..U+04FF), by
/// keying: a table read instead of a `match` over scattered letters, whose branches cost more
/// than anything else in reading a formal Latin word.
static CYRILLIC_KEYS: LazyLock<[[Option<&'static str>; 256]; 3]> = LazyLock::new(|| {
    let keyings = [Keying::Skeleton, Keying::Alphabet2021, Keying::Alphabet2018];
    keyings.map(|keying| {
        std::array::from_fn(|i| {
            char::from_u32(0x0400 + i as u32).and_then(|c| keying.letter_key(c))
        })
    })
});

/// One keying's keys, looked up once per word rather than once per letter (each look at a
/// lazily built table checks whether it is built).
#[derive(Clone, Copy)]
pub(crate) struct Keys {
    keying: Keying,
    cyrillic: &'static [Option<&'static str>; 256],
}

impl Keys {
    /// [`Keying::of`].
    #[inline]
    pub(crate) fn of(self, c: char) -> Option<&'static str> {
        match (c as usize).checked_sub(0x0400) {
            Some(i) if i < 256 => self.cyrillic[i],
            _ => self.keying.letter_key(c),
        }
    }
}

impl Keying {
    /// The key of one lowercase Cyrillic letter.
    pub(crate) fn of(self, c: char) -> Option<&'static str> {
        self.table().of(c)
    }

    /// The keying's table, for looking up many letters.
    pub(crate) fn table(self) -> Keys {
        let tables: &'static [[Option<&'static str>; 256]; 3] = &CYRILLIC_KEYS;
        Keys {
            keying: self,
            cyrillic: &tables[self as usize],
        }
    }

    /// [`Keying::of`] from the alphabets' own tables.
    fn letter_key(self, c: char) -> Option<&'static str> {
        match self {
            Keying::Skeleton => cyrillic_skeleton(c),
            Keying::Alphabet2021 => crate::translit::latin_of(c),
            Keying::Alphabet2018 => crate::spell::latin_2018(c),
        }
    }

    /// The key of a lowercase Cyrillic word, or `None` if it holds another character.
    fn of_word(self, word: &str) -> Option<String> {
        let mut out = String::with_capacity(word.len() * 2);
        for c in word.chars() {
            out.push_str(self.of(c)?);
        }
        Some(out)
    }
}

/// One trie node while the trie is built: its children by key byte, and the entry that
/// ends here.
#[derive(Default)]
struct Node {
    children: Vec<(u8, u32)>,
    entry: Option<u32>,
}

/// A trie being built.
struct TrieBuilder {
    nodes: Vec<Node>,
}

impl TrieBuilder {
    fn new() -> TrieBuilder {
        TrieBuilder {
            nodes: vec![Node::default()],
        }
    }

    /// Adds `key` for `entry`, unless an earlier entry already has that key.
    fn insert(&mut self, key: &[u8], entry: u32) {
        let mut at = 0usize;
        for &b in key {
            let next = self.nodes[at]
                .children
                .iter()
                .find(|(c, _)| *c == b)
                .map(|&(_, n)| n as usize);
            at = match next {
                Some(n) => n,
                None => {
                    let n = self.nodes.len();
                    self.nodes.push(Node::default());
                    self.nodes[at].children.push((b, n as u32));
                    n
                }
            };
        }
        self.nodes[at].entry.get_or_insert(entry);
    }

    /// The trie as a double array: lookups touch little memory, so they leave the
    /// classifiers' weights, which triage reads next, in the cache.
    ///
    /// Nodes are placed depth first, each at the first base where every child it has finds
    /// a free slot: the nodes along a word then lie near one another, and a lookup reads
    /// fewer cache lines than with the levels laid out one after another.
    fn freeze(self) -> Trie {
        let mut codes = [NO_CODE; 256];
        let mut alphabet = 0u16;
        for node in &self.nodes {
            for &(b, _) in &node.children {
                if codes[usize::from(b)] == NO_CODE {
                    codes[usize::from(b)] = alphabet;
                    alphabet += 1;
                }
            }
        }
        let empty = Slot {
            base: 0,
            check: NO_PARENT,
        };
        let mut slots = vec![empty];
        // Where each builder node was placed, and the builder nodes still to place children for.
        let mut placed = vec![0usize; self.nodes.len()];
        let mut stack = vec![0usize];
        // Slots before this one are all taken: the search for a base starts here.
        let mut first_free = 1usize;
        while let Some(old) = stack.pop() {
            let at = placed[old];
            let children = &self.nodes[old].children;
            if children.is_empty() {
                continue;
            }
            let offsets: Vec<usize> = children
                .iter()
                .map(|&(b, _)| usize::from(codes[usize::from(b)]))
                .collect();
            let lowest = offsets.iter().copied().min().unwrap_or(0);
            let mut base = first_free.saturating_sub(lowest).max(1);
            while offsets
                .iter()
                .any(|&o| slots.get(base + o).is_some_and(|s| s.check != NO_PARENT))
            {
                base += 1;
            }
            let highest = offsets.iter().copied().max().unwrap_or(0);
            if slots.len() <= base + highest {
                slots.resize(base + highest + 1, empty);
            }
            slots[at].base = base as u32;
            for (&(_, child), &o) in children.iter().zip(&offsets) {
                slots[base + o].check = at as u32;
                placed[child as usize] = base + o;
                stack.push(child as usize);
            }
            while slots.get(first_free).is_some_and(|s| s.check != NO_PARENT) {
                first_free += 1;
            }
        }
        assert!(slots.len() < NO_PARENT as usize, "a trie of 2^31 slots");
        // The entries go in a table of their own, read only where a slot's flag says one
        // ends: the slots read at every step stay small.
        let mut entries = vec![NO_ENTRY; slots.len()];
        for (node, &at) in self.nodes.iter().zip(&placed).skip(1) {
            if let Some(entry) = node.entry {
                slots[at].check |= ENDS;
                entries[at] = entry;
            }
        }
        Trie {
            slots,
            entries,
            codes,
        }
    }
}

/// No entry ends at this node.
const NO_ENTRY: u32 = u32::MAX;

/// A byte no key holds.
const NO_CODE: u16 = u16::MAX;

/// The parent of a free slot (and of the root); also the mask of a parent in
/// [`Slot::check`].
const NO_PARENT: u32 = u32::MAX >> 1;

/// The flag in [`Slot::check`] of a node where an entry ends.
const ENDS: u32 = !NO_PARENT;

/// A slot of the double array: the node placed there, if any.
#[derive(Clone, Copy)]
struct Slot {
    /// Where the node's children are: the child along a byte with code `c` is at `base + c`.
    base: u32,
    /// The slot of the node's parent, or [`NO_PARENT`] for a free slot, with [`ENDS`] set
    /// where an entry ends.
    check: u32,
}

/// A trie over keys as a *double array*: the root is slot 0, and a node's child along a
/// byte is at its base plus the byte's code, if that slot names the node as its parent.
///
/// Each step of a lookup reads one slot of eight bytes, which holds the child's parent,
/// whether an entry ends there, and its base. (A trie that searched a node's list of edges mispredicted a branch at most
/// steps and was the largest cost of reading a word; one with a bit per byte in each node
/// spent most of a step counting bits.)
struct Trie {
    slots: Vec<Slot>,
    /// The entry that ends at each slot, or [`NO_ENTRY`].
    entries: Vec<u32>,
    /// Each byte's code (its number among the bytes the keys hold), or [`NO_CODE`].
    codes: [u16; 256],
}

impl Trie {
    /// The child of node `at` along byte `b`.
    #[inline]
    fn child(&self, at: usize, b: u8) -> Option<usize> {
        let code = self.codes[usize::from(b)];
        if code == NO_CODE {
            return None;
        }
        let next = self.slots.get(at)?.base as usize + usize::from(code);
        let slot = self.slots.get(next)?;
        ((slot.check & NO_PARENT) as usize == at).then_some(next)
    }

    /// Calls `found(length, entry)` for every entry whose key begins `key`, shortest first.
    #[inline]
    fn prefixes(&self, key: &[u8], mut found: impl FnMut(usize, u32)) {
        let mut at = 0usize;
        for (i, &b) in key.iter().enumerate() {
            let Some(n) = self.child(at, b) else {
                return;
            };
            at = n;
            if self
                .slots
                .get(at)
                .is_some_and(|slot| slot.check & ENDS != 0)
                && let Some(&entry) = self.entries.get(at)
            {
                found(i + 1, entry);
            }
        }
    }
}

/// The words and the endings, keyed one way.
struct Index {
    stems: Trie,
    endings: Trie,
}

/// The word list, indexed for lookups.
pub(crate) struct Lexicon {
    /// The listed words, lowercased.
    words: Vec<String>,
    /// The letters of every listed word, word after word: each one's length in bytes.
    /// (Aligning a found word with the typed one reads these instead of decoding the word
    /// and looking each letter's key up again.)
    letter_bytes: Vec<u8>,
    /// Where each word's letters start in `letter_bytes` (and the end, last).
    letter_starts: Vec<u32>,
    /// Each letter's key length in each keying, by [`Keying`] number, or [`NO_KEY`].
    letter_keys: [Vec<u8>; 3],
    skeleton: Index,
    alphabet_2021: Index,
    alphabet_2018: Index,
    /// Skeletons of the ending combinations loanwords take (see [`Lexicon::is_loanword_ending`]).
    loanword_endings: HashSet<Vec<u8>>,
}

/// Built on first use (a few milliseconds), then shared.
pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(Lexicon::build);

/// The shortest stem taken with any chain of endings after it: two-letter words (ал, ма,
/// да) would cut too many unlisted words into a wrong stem and endings, so they are taken
/// whole or with at most two endings (су + ға, су + лар + ы, ал + ды).
const MIN_STEM_WITH_ENDINGS: usize = 3;

/// The listed words, in order.
fn listed_words() -> impl Iterator<Item = &'static str> {
    WORDS
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .flat_map(str::split_whitespace)
}

impl Lexicon {
    fn build() -> Lexicon {
        let words: Vec<String> = listed_words()
            .map(str::to_lowercase)
            .filter(|w| skeleton_of_cyrillic(w).is_some())
            .collect();
        let index = |keying: Keying| {
            let mut stems = TrieBuilder::new();
            for (i, word) in words.iter().enumerate() {
                if let Some(key) = keying.of_word(word) {
                    stems.insert(key.as_bytes(), i as u32);
                }
            }
            let mut endings = TrieBuilder::new();
            for ending in ENDINGS.split_whitespace() {
                if let Some(key) = keying.of_word(ending) {
                    endings.insert(key.as_bytes(), 0);
                }
            }
            Index {
                stems: stems.freeze(),
                endings: endings.freeze(),
            }
        };
        let keyings = [Keying::Skeleton, Keying::Alphabet2021, Keying::Alphabet2018];
        let mut letter_bytes = Vec::new();
        let mut letter_starts = vec![0];
        let mut letter_keys: [Vec<u8>; 3] = Default::default();
        for word in &words {
            for c in word.chars() {
                letter_bytes.push(c.len_utf8() as u8);
                for (keys, keying) in letter_keys.iter_mut().zip(keyings) {
                    let len = keying.of(c).and_then(|key| u8::try_from(key.len()).ok());
                    keys.push(len.filter(|&len| len != NO_KEY).unwrap_or(NO_KEY));
                }
            }
            letter_starts.push(letter_bytes.len() as u32);
        }
        Lexicon {
            skeleton: index(Keying::Skeleton),
            alphabet_2021: index(Keying::Alphabet2021),
            alphabet_2018: index(Keying::Alphabet2018),
            loanword_endings: loanword_endings(),
            words,
            letter_bytes,
            letter_starts,
            letter_keys,
        }
    }

    fn index(&self, keying: Keying) -> &Index {
        match keying {
            Keying::Skeleton => &self.skeleton,
            Keying::Alphabet2021 => &self.alphabet_2021,
            Keying::Alphabet2018 => &self.alphabet_2018,
        }
    }

    /// Listed words whose key is a prefix of `key` ending at one of the `boundaries` (key
    /// lengths at which the typed word's letters end) and leaving a chain of endings, longest
    /// first, as (key length, Cyrillic word); `accept` has the last word.
    pub(crate) fn stem<'s>(
        &'s self,
        keying: Keying,
        key: &[u8],
        boundaries: &[usize],
        mut accept: impl FnMut(usize, Listed<'s>) -> bool,
    ) -> Option<(usize, Listed<'s>)> {
        let index = self.index(keying);
        let mut candidates: [(usize, u32); 32] = [(0, 0); 32];
        let mut n = 0;
        index.stems.prefixes(key, |len, entry| {
            if n < candidates.len() && len >= 2.min(key.len()) {
                candidates[n] = (len, entry);
                n += 1;
            }
        });
        candidates[..n].iter().rev().find_map(|&(len, entry)| {
            // A stem must end where a typed letter ends; that check costs nothing, so it
            // comes before splitting the leftover into endings.
            if !boundaries.contains(&len) {
                return None;
            }
            let word = self.words.get(entry as usize)?.as_str();
            let listed = Listed { word, entry };
            let rest = key.get(len..)?;
            let endings = if len >= MIN_STEM_WITH_ENDINGS {
                self.is_endings(keying, rest)
            } else {
                self.is_at_most_two_endings(keying, rest)
            };
            let fits = endings && accept(len, listed);
            fits.then_some((len, listed))
        })
    }

    /// The longest leftover [`Lexicon::stem`] splits into endings: a word of 48 key bytes or
    /// more after its stem is no stem and endings (no Kazakh word form is that long).
    const MAX_REST: usize = 47;

    /// The lengths of `rest`'s prefixes that `from` (a set of prefix lengths, bit `i` for
    /// length `i`) reaches with one more listed ending.
    fn one_more_ending(endings: &Trie, rest: &[u8], mut from: u64) -> u64 {
        let mut reached = 0u64;
        while from != 0 {
            let start = from.trailing_zeros() as usize;
            from &= from - 1;
            endings.prefixes(rest.get(start..).unwrap_or_default(), |len, _| {
                reached |= 1 << (start + len);
            });
        }
        reached
    }

    /// Whether `rest` splits into at most two listed endings (the empty leftover does).
    fn is_at_most_two_endings(&self, keying: Keying, rest: &[u8]) -> bool {
        if rest.len() > Self::MAX_REST {
            return false;
        }
        let endings = &self.index(keying).endings;
        let whole = 1u64 << rest.len();
        let one = Self::one_more_ending(endings, rest, 1);
        // Only prefixes that a second ending could still complete are worth extending.
        let two = Self::one_more_ending(endings, rest, one & (whole - 1));
        (1 | one | two) & whole != 0
    }

    /// Whether `rest` is an ending a loanword takes: plural, possessive and case in that
    /// order, each optional, or one derivational ending.
    pub(crate) fn is_loanword_ending(&self, rest: &[u8]) -> bool {
        !rest.is_empty() && self.loanword_endings.contains(rest)
    }

    /// Whether `rest` splits into listed endings (the empty leftover does).
    pub(crate) fn is_endings(&self, keying: Keying, rest: &[u8]) -> bool {
        if rest.len() > Self::MAX_REST {
            return false;
        }
        let endings = &self.index(keying).endings;
        // Bit `i` of `reached`: the first `i` bytes split into endings. Endings only reach
        // forward, so each start is final once the scan gets there.
        let mut reached = 1u64;
        for start in 0..rest.len() {
            if reached & (1 << start) == 0 {
                continue;
            }
            endings.prefixes(&rest[start..], |len, _| reached |= 1 << (start + len));
        }
        reached & (1 << rest.len()) != 0
    }
}

/// Plural, possessive and case endings (each may be absent), and derivational endings, as
/// loanwords take them: «квартира-лар-ы-на», «провайдер-і-нің», «автобус-қа».
const LOANWORD_PLURALS: &str = "лар лер дар дер тар тер";
const LOANWORD_POSSESSIVES: &str = "ы і сы сі ым ім м ымыз іміз мыз міз ыңыз іңіз ңыз ңіз";
const LOANWORD_CASES: &str = "\
    ға ге қа ке на не а е да де та те нда нде дан ден тан тен нан нен ды ді ты ті ны ні н \
    дың дің тың тің ның нің мен бен пен ымен імен";
const LOANWORD_DERIVATIONS: &str = "лық лік дық дік тық тік шы ші лы лі ды ді сыз сіз";

/// The skeletons of every loanword ending combination.
fn loanword_endings() -> HashSet<Vec<u8>> {
    let with_none = |list: &'static str| std::iter::once("").chain(list.split_whitespace());
    let mut out = HashSet::new();
    for plural in with_none(LOANWORD_PLURALS) {
        for possessive in with_none(LOANWORD_POSSESSIVES) {
            for case in with_none(LOANWORD_CASES) {
                let ending = format!("{plural}{possessive}{case}");
                if let Some(key) = skeleton_of_cyrillic(&ending) {
                    out.insert(key.into_bytes());
                }
            }
        }
    }
    for derivation in LOANWORD_DERIVATIONS.split_whitespace() {
        if let Some(key) = skeleton_of_cyrillic(derivation) {
            out.insert(key.into_bytes());
        }
    }
    out.remove(&Vec::new());
    out
}

/// Letter groups: a range of the typed word's units and the bytes of the Cyrillic word they
/// became.
pub(crate) type Groups = Vec<(Range<usize>, Range<usize>)>;

/// Buffers that reading a word reuses from one word to the next, so that a text costs a
/// handful of allocations rather than several per word.
#[derive(Default)]
pub(crate) struct Scratch {
    /// The typed word's key.
    pub key: String,
    /// The key's length after each unit.
    pub boundaries: Vec<usize>,
    /// Each unit's key length.
    pub unit_keys: Vec<usize>,
    /// The units of a listed stem and the letters they became.
    pub groups: Groups,
    /// The units' letters.
    pub letters: Vec<char>,
    /// A formal alphabet's Cyrillic for each unit.
    pub cyrillic: Vec<Option<&'static str>>,
}

impl Scratch {
    /// Buffers with room for a long word, so that they are not grown word by word.
    pub(crate) fn new() -> Scratch {
        const LETTERS: usize = 32;
        Scratch {
            key: String::with_capacity(2 * LETTERS),
            boundaries: Vec::with_capacity(LETTERS),
            unit_keys: Vec::with_capacity(LETTERS),
            groups: Vec::with_capacity(LETTERS),
            letters: Vec::with_capacity(LETTERS),
            cyrillic: Vec::with_capacity(LETTERS),
        }
    }
}

/// Appends a letter's key to a word's key. Most keys are one ASCII byte, pushed as a
/// character: `push_str` copies through a general `memcpy` call, which for one or two bytes
/// cost more than the copy.
#[inline]
pub(crate) fn push_key(key: &mut String, letter_key: &str) {
    match letter_key.as_bytes() {
        &[b] if b.is_ascii() => key.push(char::from(b)),
        _ => key.push_str(letter_key),
    }
}

/// A listed word that [`Lexicon::stem`] found: its Cyrillic and its number in the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Listed<'s> {
    pub word: &'s str,
    entry: u32,
}

/// The key length of a letter that has no key.
const NO_KEY: u8 = u8::MAX;

impl Lexicon {
    /// Splits a listed word's letters among units whose keys are `unit_keys` long, so that
    /// each group's keys agree, into `groups`; `false` when they do not line up.
    pub(crate) fn align(
        &self,
        listed: Listed<'_>,
        unit_keys: &[usize],
        keying: Keying,
        groups: &mut Groups,
    ) -> bool {
        groups.clear();
        let entry = listed.entry as usize;
        let (Some(&from), Some(&to)) = (
            self.letter_starts.get(entry),
            self.letter_starts.get(entry + 1),
        ) else {
            return false;
        };
        let letters = from as usize..to as usize;
        let (Some(bytes), Some(keys)) = (
            self.letter_bytes.get(letters.clone()),
            self.letter_keys[keying as usize].get(letters),
        ) else {
            return false;
        };
        // The next letter is number `j`, at byte `at` of the word.
        let mut j = 0;
        let mut at = 0;
        let mut i = 0;
        while i < unit_keys.len() {
            let first_unit = i;
            if j >= keys.len() {
                return false;
            }
            let first_byte = at;
            let mut units_len = unit_keys[i];
            i += 1;
            let mut letters_len = 0;
            while letters_len == 0 || letters_len != units_len {
                if letters_len < units_len || letters_len == 0 {
                    let (Some(&key), Some(&len)) = (keys.get(j), bytes.get(j)) else {
                        return false;
                    };
                    j += 1;
                    at += usize::from(len);
                    if key == NO_KEY {
                        return false;
                    }
                    letters_len += usize::from(key);
                } else {
                    let Some(&key) = unit_keys.get(i) else {
                        return false;
                    };
                    units_len += key;
                    i += 1;
                }
            }
            // Hard and soft signs have no Latin letter: they join the letter before.
            while let (Some(0), Some(&len)) = (keys.get(j), bytes.get(j)) {
                j += 1;
                at += usize::from(len);
            }
            groups.push((first_unit..i, first_byte..at));
        }
        j >= keys.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_table_is_the_alphabets_tables() {
        for keying in [Keying::Skeleton, Keying::Alphabet2021, Keying::Alphabet2018] {
            for c in (0..0x0600).filter_map(char::from_u32) {
                assert_eq!(keying.of(c), keying.letter_key(c), "{keying:?} {c:?}");
            }
        }
        assert_eq!(Keying::Alphabet2018.of('ш'), Some("sh"));
    }

    #[test]
    fn trie_finds_every_listed_prefix() {
        for keying in [Keying::Skeleton, Keying::Alphabet2021, Keying::Alphabet2018] {
            // The first listed word with each key, as the trie keeps it.
            let mut first = std::collections::HashMap::new();
            for (i, word) in LEXICON.words.iter().enumerate() {
                if let Some(key) = keying.of_word(word) {
                    first.entry(key.into_bytes()).or_insert(i as u32);
                }
            }
            let trie = &LEXICON.index(keying).stems;
            for key in first.keys() {
                let longer = [key.as_slice(), b"aq\xC3"].concat();
                for probe in [key.as_slice(), &longer, &key[1..]] {
                    let mut found = Vec::new();
                    trie.prefixes(probe, |len, entry| found.push((len, entry)));
                    let want: Vec<(usize, u32)> = (1..=probe.len())
                        .filter_map(|len| first.get(&probe[..len]).map(|&entry| (len, entry)))
                        .collect();
                    assert_eq!(found, want, "{keying:?} {probe:?}");
                }
            }
        }
    }

    #[test]
    fn letter_keys_are_the_keys_of_the_letters() {
        for (keying, keys) in [Keying::Skeleton, Keying::Alphabet2021, Keying::Alphabet2018]
            .into_iter()
            .zip(&LEXICON.letter_keys)
        {
            let want: Vec<u8> = LEXICON
                .words
                .iter()
                .flat_map(|word| word.chars())
                .map(|c| keying.of(c).map_or(NO_KEY, |key| key.len() as u8))
                .collect();
            assert_eq!(keys, &want, "{keying:?}");
            assert!(want.iter().all(|&len| len < 8 || len == NO_KEY));
        }
    }

    #[test]
    fn every_listed_word_has_a_skeleton() {
        for word in listed_words() {
            assert!(
                skeleton_of_cyrillic(&word.to_lowercase()).is_some(),
                "{word:?}"
            );
        }
        for ending in ENDINGS.split_whitespace() {
            assert!(skeleton_of_cyrillic(ending).is_some(), "{ending:?}");
        }
    }

    #[test]
    fn finds_stems_with_endings() {
        let all: Vec<usize> = (0..=20).collect();
        let stem = |keying, key: &[u8]| {
            LEXICON
                .stem(keying, key, &all, |_, _| true)
                .map(|(len, listed)| (len, listed.word))
        };
        assert_eq!(stem(Keying::Skeleton, b"kun"), Some((3, "күн")));
        assert_eq!(stem(Keying::Skeleton, b"Zilusiz"), Some((7, "жылусыз")));
        // "balalarimizga": бала + лар + ымыз + ға.
        let (len, word) = stem(Keying::Skeleton, b"balalarimizga").unwrap_or((0, ""));
        assert!(word.starts_with("бала") && len >= 4, "{word} {len}");
        // A leftover that is no chain of endings refuses the stem.
        assert_eq!(stem(Keying::Skeleton, b"kunxyz"), None);
        // The 2021 spelling of «электр» tells it from «електр».
        assert_eq!(stem(Keying::Alphabet2021, b"elektr"), Some((6, "электр")));
    }
}
