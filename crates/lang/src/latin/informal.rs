//! Informal Latin (no diacritics) read word by word.
//!
//! 1. The word's skeleton (see [`super::lexicon`]) is looked up: the longest listed word or
//!    stem it begins with, followed by a chain of Kazakh endings, gives the Cyrillic of that
//!    part, letter for letter ("ushin" → «үшін», "balalarymyzga" → «бала» + endings).
//! 2. The endings — or the whole word, when no stem is listed — are spelled by rules:
//!    - **vowel harmony**: after a back stem (last vowel а о ұ ы) k is қ, g ғ, i ы; after a
//!      front one (ә е ө ү і) k is к, g г, i і. An unlisted word is front when its letters
//!      say so (e, or i where the writer spells ы as y) more than back (y, q), else back;
//!      a and o are ә and ө only in the first syllable of a front word, u is ү or ұ only
//!      there (у after a vowel, before one, at the end or later in the word);
//!    - **й**: i or y right after a vowel (other than и and у) is й ("boiy" → «бойы»),
//!      i before a vowel is и ("kiim" → «киім»);
//!    - **ң**: n is ң in the genitive and past endings (-ның/-нің, -дың/-дің, -тың/-тің after
//!      a consonant; not the participle -атын/-етін), before the polite -ыз/-із after a vowel
//!      (-ңыз/-ңіз), and as a final "ng";
//!    - **Russian loanwords** (v, f, c, x, ya/yu/yo, o after the first syllable, or a start
//!      no Kazakh word has: r, l, two consonants) keep their letters: a а, o о, u у, i и,
//!      k к, g г, e at the start э, ts ц; the Kazakh endings after them follow their last
//!      vowel ("kvartirasy" → «квартирасы», "provaiderinin" → «провайдерінің»).
//!
//! What it cannot know: a listed word wins over an unlisted homograph (құн "price" is read
//! as «күн» "day"), proper names outside the list follow the rules, and Russian sentences
//! typed in Latin letters are read as Kazakh would be.

use super::Writer;
use super::lexicon::{Keying, LEXICON, Scratch};
use super::units::{Unit, is_vowel};

/// What the whole text says about how its writer types.
#[derive(Debug, Clone, Copy)]
pub(super) struct Style {
    /// The writer spells ы as y (a y after a consonant and not before a vowel somewhere:
    /// "jylu", "sapasy"), so their i is і, и or й, never ы.
    y_for_yery: bool,
}

impl Style {
    /// The style of `text`.
    pub(super) fn of(text: &str) -> Style {
        let vowel = |b: u8| b"aeiouyAEIOUY".contains(&b);
        let y_for_yery = text.as_bytes().windows(3).any(|w| {
            w[0].is_ascii_alphabetic()
                && !vowel(w[0])
                && matches!(w[1], b'y' | b'Y')
                && !vowel(w[2])
        });
        Style { y_for_yery }
    }
}

/// The skeleton of a unit's letter, or `None` for a letter Kazakh does not use.
fn skeleton(letter: char) -> Option<&'static str> {
    Some(match letter {
        'a' | 'á' | 'ä' => "a",
        'o' | 'ó' | 'ö' => "o",
        'u' | 'ú' | 'ü' | 'ū' | 'ý' | 'w' => "u",
        'e' | 'é' => "e",
        'i' | 'ı' | 'y' => "i",
        'k' | 'q' => "k",
        'g' | 'ğ' | 'ǵ' => "g",
        'n' | 'ñ' | 'ń' => "n",
        'h' => "h",
        'ş' => "S",
        'j' => "Z",
        'ç' => "C",
        'я' => "ia",
        'ю' => "iu",
        'ё' => "io",
        'c' => "ts",
        'x' => "ks",
        'b' => "b",
        'd' => "d",
        'f' => "f",
        'l' => "l",
        'm' => "m",
        'p' => "p",
        'r' => "r",
        's' => "s",
        't' => "t",
        'v' => "v",
        'z' => "z",
        _ => return None,
    })
}

/// Cyrillic letters after which an i-letter is й: every vowel but и and у.
fn makes_short_i(previous: Option<char>) -> bool {
    previous.is_some_and(|p| {
        matches!(
            p,
            'а' | 'ә' | 'е' | 'о' | 'ө' | 'ы' | 'і' | 'ұ' | 'ү' | 'э' | 'я' | 'ю' | 'ё'
        )
    })
}

/// Whether a Cyrillic letter is a vowel.
fn is_cyrillic_vowel(c: char) -> bool {
    makes_short_i(Some(c)) || matches!(c, 'и' | 'у')
}

/// Whether endings after a Cyrillic stem are front: its last harmonic vowel is ә е ө ү і
/// or и, or it ends in к or г (банк → банкке, as Kazakh spelling has it); with no harmonic
/// vowel (су) they are back.
fn takes_front_endings(word: &str) -> bool {
    if word.ends_with(['к', 'г']) {
        return true;
    }
    word.chars()
        .rev()
        .find_map(|c| match c {
            'ә' | 'е' | 'ө' | 'ү' | 'і' | 'и' | 'э' => Some(true),
            'а' | 'о' | 'ұ' | 'ы' | 'я' | 'ю' | 'ё' => Some(false),
            _ => None,
        })
        .unwrap_or(false)
}

/// Whether a typed letter may stand for a Cyrillic letter: the letters informal spelling
/// does not blur (e, y, q, and any with a diacritic) must agree with the listed word.
fn may_spell(typed: char, cyrillic: char) -> bool {
    match typed {
        'e' => matches!(cyrillic, 'е' | 'э'),
        'y' => matches!(cyrillic, 'ы' | 'й' | 'и'),
        'q' => cyrillic == 'қ',
        'ı' => cyrillic == 'і',
        'я' | 'ю' | 'ё' => true,
        _ if !typed.is_ascii() => {
            super::formal::common(typed).is_some_and(|exact| exact.starts_with(cyrillic))
        }
        _ => true,
    }
}

/// Writes the units of one informal word in Cyrillic.
pub(super) fn read(
    units: &[Unit],
    style: &Style,
    caps: bool,
    out: &mut Writer<'_>,
    scratch: &mut Scratch,
) {
    let mut letters = std::mem::take(&mut scratch.letters);
    letters.clear();
    letters.extend(units.iter().map(|u| u.letter));
    let mut rules = Rules {
        letters: &letters,
        front: false,
        russian_until: 0,
        y_for_yery: style.y_for_yery,
        vowel_seen: false,
        previous: None,
        last_vowel: None,
        from: 0,
        whole_word: true,
    };
    match listed_stem(units, &letters, style, scratch) {
        Some(word) => {
            for (unit_range, letter_range) in &scratch.groups {
                rules.from = unit_range.end;
                out.letter(
                    &units[unit_range.clone()],
                    &word[letter_range.clone()],
                    caps,
                );
            }
            rules.front = takes_front_endings(word);
            rules.vowel_seen = word.chars().any(is_cyrillic_vowel);
            rules.previous = word.chars().next_back();
            rules.last_vowel = word.chars().rev().find(|&c| is_cyrillic_vowel(c));
            rules.whole_word = false;
        }
        None => {
            let (front, russian) = cues(&letters, style.y_for_yery);
            rules.front = front;
            if russian {
                rules.russian_until = loanword_stem(&letters, scratch);
            }
        }
    }
    rules.write(units, caps, out);
    scratch.letters = letters;
}

/// Writes a short all-capital word (an acronym: KSK, HQKO): as listed when the word list has
/// it, else letter by letter with the 2021 table (k к, i и, u у).
pub(super) fn read_acronym(units: &[Unit], out: &mut Writer<'_>, scratch: &mut Scratch) {
    let listed = skeleton_key(units, scratch)
        .then(|| {
            let key = scratch.key.as_bytes();
            LEXICON.stem(Keying::Skeleton, key, &[key.len()], |len, _| {
                len == key.len()
            })
        })
        .flatten()
        .filter(|&(_, listed)| {
            LEXICON.align(
                listed,
                &scratch.unit_keys,
                Keying::Skeleton,
                &mut scratch.groups,
            )
        });
    match listed {
        Some((_, listed)) => {
            let word = listed.word;
            for (unit_range, letter_range) in &scratch.groups {
                out.letter(
                    &units[unit_range.clone()],
                    &word[letter_range.clone()],
                    true,
                );
            }
        }
        None => super::formal::read(
            units,
            super::LatinSpelling::Alphabet2021,
            true,
            out,
            scratch,
        ),
    }
}

/// Fills `scratch.key`, `boundaries` and `unit_keys` with the units' skeleton; `false` when a
/// unit has a letter Kazakh does not use.
fn skeleton_key(units: &[Unit], scratch: &mut Scratch) -> bool {
    scratch.key.clear();
    scratch.boundaries.clear();
    scratch.unit_keys.clear();
    for unit in units {
        let Some(k) = skeleton(unit.letter) else {
            return false;
        };
        scratch.key.push_str(k);
        scratch.boundaries.push(scratch.key.len());
        scratch.unit_keys.push(k.len());
    }
    true
}

/// The listed stem the word begins with, if its letters agree with the typed ones and its
/// endings keep its vowel harmony; which units became which of its letters is left in
/// `scratch.groups`.
fn listed_stem(
    units: &[Unit],
    letters: &[char],
    style: &Style,
    scratch: &mut Scratch,
) -> Option<&'static str> {
    if !skeleton_key(units, scratch) {
        return None;
    }
    let Scratch {
        key,
        boundaries,
        unit_keys,
        groups,
        ..
    } = scratch;
    let (_, listed) = LEXICON.stem(
        Keying::Skeleton,
        key.as_bytes(),
        boundaries,
        |len, listed| {
            let word = listed.word;
            let Some(stem_units) = boundaries.iter().position(|&b| b == len).map(|i| i + 1) else {
                return false;
            };
            if !LEXICON.align(listed, &unit_keys[..stem_units], Keying::Skeleton, groups) {
                return false;
            }
            let agrees = groups.iter().all(|(unit_range, letter_range)| {
                let mut listed = word[letter_range.clone()].chars();
                match (&letters[unit_range.clone()], listed.next(), listed.next()) {
                    (&[typed], Some(c), None) => may_spell(typed, c),
                    _ => true,
                }
            });
            agrees
                && endings_in_harmony(
                    &letters[stem_units..],
                    takes_front_endings(word),
                    style.y_for_yery,
                    word.chars().next_back(),
                )
        },
    )?;
    Some(listed.word)
}

/// Whether typed endings can follow a stem of the given harmony: front endings have no a,
/// o, y (ы) or q; back ones no e, and no i where the writer spells ы as y. An i or y right
/// after a vowel is й and says nothing.
fn endings_in_harmony(
    rest: &[char],
    front: bool,
    y_for_yery: bool,
    stem_end: Option<char>,
) -> bool {
    let mut after_vowel = stem_end.is_some_and(is_cyrillic_vowel);
    for &letter in rest {
        let short_i = after_vowel && matches!(letter, 'i' | 'y');
        let clash = match letter {
            'a' | 'o' | 'q' | 'ū' | 'ğ' => front,
            'y' if !short_i => front,
            'e' | 'ä' | 'ö' | 'ü' | 'ı' => !front,
            'i' if !short_i && y_for_yery => !front,
            _ => false,
        };
        if clash {
            return false;
        }
        after_vowel = is_vowel(letter) && !short_i;
    }
    true
}

/// What an unlisted word's letters say: (front, Russian loanword).
fn cues(letters: &[char], y_for_yery: bool) -> (bool, bool) {
    let (mut front, mut back, mut vowels, mut russian) = (0, 0, 0, false);
    for (i, &letter) in letters.iter().enumerate() {
        let after_vowel = i
            .checked_sub(1)
            .and_then(|j| letters.get(j))
            .is_some_and(|&p| is_vowel(p));
        match letter {
            'e' | 'é' | 'ä' | 'á' | 'ö' | 'ó' | 'ü' | 'ú' | 'ı' => front += 1,
            'i' if y_for_yery && !after_vowel => front += 1,
            'y' if !after_vowel => back += 1,
            'q' | 'ū' | 'ğ' | 'ǵ' => back += 1,
            'v' | 'f' | 'c' | 'x' | 'я' | 'ю' | 'ё' => russian = true,
            'o' if vowels > 0 => russian = true,
            // Kazakh words start with neither r nor l.
            'r' | 'l' if i == 0 => russian = true,
            _ => {}
        }
        // Nor with two consonants (globus, kvartira, tramvai).
        if i == 1 && !is_vowel(letter) && letters.first().is_some_and(|&f| !is_vowel(f)) {
            russian = true;
        }
        if is_vowel(letter) && !(matches!(letter, 'i' | 'y') && after_vowel) {
            vowels += 1;
        }
    }
    (front > back, russian)
}

/// Where a Russian loanword's own letters end and Kazakh endings begin ("kvartira|sy",
/// "provaider|inin"): the longest ending a loanword takes after at least three letters,
/// with no two vowels meeting at the cut; the whole word when there is none.
fn loanword_stem(letters: &[char], scratch: &mut Scratch) -> usize {
    let Scratch {
        key, boundaries, ..
    } = scratch;
    key.clear();
    boundaries.clear();
    for &letter in letters {
        boundaries.push(key.len());
        key.push_str(skeleton(letter).unwrap_or("?"));
    }
    (3..letters.len())
        .find(|&p| {
            !(is_vowel(letters[p - 1]) && is_vowel(letters[p]))
                && LEXICON.is_loanword_ending(&key.as_bytes()[boundaries[p]..])
        })
        .unwrap_or(letters.len())
}

/// Spells the units after a listed stem, or a whole unlisted word, by rule.
struct Rules<'a> {
    letters: &'a [char],
    front: bool,
    /// Units before this one belong to a Russian loanword and keep their letters.
    russian_until: usize,
    y_for_yery: bool,
    /// A vowel has been written: later a, o, u are а, о, у.
    vowel_seen: bool,
    /// The last Cyrillic letter written, and the last vowel.
    previous: Option<char>,
    last_vowel: Option<char>,
    /// The first unit to spell.
    from: usize,
    /// No listed stem: the whole word is spelled by rule.
    whole_word: bool,
}

impl Rules<'_> {
    fn write(&mut self, units: &[Unit], caps: bool, out: &mut Writer<'_>) {
        let mut i = self.from;
        while i < units.len() {
            if i == self.russian_until && i > 0 && self.whole_word {
                // Kazakh endings after a loanword follow its last vowel.
                self.front = self
                    .last_vowel
                    .is_some_and(|v| matches!(v, 'ә' | 'е' | 'ө' | 'ү' | 'і' | 'и' | 'э'));
            }
            let (cyrillic, width) = self.spell(i);
            let Some(cyrillic) = cyrillic else {
                out.as_typed(&units[i..i + width]);
                self.previous = None;
                i += width;
                continue;
            };
            out.letter(&units[i..i + width], cyrillic, caps);
            for c in cyrillic.chars() {
                if is_cyrillic_vowel(c) {
                    self.vowel_seen = true;
                    self.last_vowel = Some(c);
                }
                self.previous = Some(c);
            }
            i += width;
        }
    }

    /// Whether the unit at `i` is part of a Russian loanword's own letters.
    fn russian(&self, i: usize) -> bool {
        i < self.russian_until
    }

    /// The Cyrillic for the unit at `i` and how many units it takes (`None`: as typed).
    fn spell(&self, i: usize) -> (Option<&'static str>, usize) {
        let letter = self.letters[i];
        let next = self.letters.get(i + 1).copied();
        let last = i + 1 == self.letters.len();
        let first_syllable = !self.vowel_seen;
        let russian = self.russian(i);
        let native_front = self.front && !russian;
        let one = |s: &'static str| (Some(s), 1);
        match letter {
            'a' if native_front && first_syllable => one("ә"),
            'o' if native_front && first_syllable => one("ө"),
            // u before i is the vowel of a diphthong (сұйық, күй); elsewhere in the first
            // syllable, between consonants, ұ or ү.
            'u' if !russian && first_syllable && matches!(next, Some('i')) => {
                one(if self.front { "ү" } else { "ұ" })
            }
            'u' if russian
                || !first_syllable
                || last
                || next.is_some_and(is_vowel)
                || self.previous.is_some_and(is_cyrillic_vowel) =>
            {
                one("у")
            }
            'u' => one(if self.front { "ү" } else { "ұ" }),
            'e' if russian && i == 0 => one("э"),
            'i' | 'y' | 'ı' => one(self.i_letter(i, letter, next)),
            'k' if !(self.front || russian) => one("қ"),
            'g' if !(self.front || russian) => one("ғ"),
            'n' if next == Some('g') && i + 2 == self.letters.len() => (Some("ң"), 2),
            'n' if self.is_eng(i) => one("ң"),
            't' if russian && next == Some('s') => (Some("ц"), 2),
            _ => (super::formal::common(letter), 1),
        }
    }

    /// и, й, і or ы for an i-letter.
    fn i_letter(&self, i: usize, letter: char, next: Option<char>) -> &'static str {
        if makes_short_i(self.previous) {
            "й"
        } else if self.russian(i) {
            if letter == 'y' { "ы" } else { "и" }
        } else if letter == 'i' && next.is_some_and(|n| is_vowel(n) && n != 'y') {
            "и"
        } else if letter == 'y' {
            "ы"
        } else if letter == 'ı' || self.y_for_yery || self.front {
            "і"
        } else {
            "ы"
        }
    }

    /// Whether the n at `i` is ң: a genitive or past ending -(н|д|т)(ы|і)ң (not the
    /// participle -атын/-етін), or the polite -ңыз/-ңіз after a vowel. (Before g and k it
    /// is left н: -ған, -ге, -ғы after a stem in н are commoner than ң inside a root, which
    /// the word list knows: соңғы, теңге.)
    fn is_eng(&self, i: usize) -> bool {
        let at = |j: Option<usize>| j.and_then(|j| self.letters.get(j)).copied();
        let is_i = |c: Option<char>| matches!(c, Some('i' | 'y' | 'ı'));
        let vowel_at = |j: Option<usize>| at(j).is_some_and(is_vowel);
        let last = i + 1 == self.letters.len();
        if last && is_i(at(i.checked_sub(1))) {
            let consonant = at(i.checked_sub(2));
            let participle = consonant == Some('t') && vowel_at(i.checked_sub(3));
            if matches!(consonant, Some('n' | 'd' | 't')) && !participle {
                return true;
            }
        }
        is_i(at(Some(i + 1))) && at(Some(i + 2)) == Some('z') && vowel_at(i.checked_sub(1))
    }
}

#[cfg(test)]
mod tests {
    use super::super::{LatinSpelling, normalize};

    fn read(text: &str) -> String {
        normalize(text, Some(LatinSpelling::Informal))
            .as_str()
            .to_owned()
    }

    #[test]
    fn reads_the_heating_appeal() {
        assert_eq!(
            read("Ush kun boiy zhylu zhok, balalar auyryp zhatyr"),
            "Үш күн бойы жылу жоқ, балалар ауырып жатыр"
        );
        assert_eq!(
            read("Ush kun boiy jylu joq, balalar auyryp jatyr"),
            "Үш күн бойы жылу жоқ, балалар ауырып жатыр"
        );
    }

    #[test]
    fn endings_follow_the_stem() {
        assert_eq!(read("mektepke"), "мектепке");
        assert_eq!(read("auylga"), "ауылға");
        assert_eq!(read("komektesiniz"), "көмектесіңіз");
        assert_eq!(read("balalardyn"), "балалардың");
    }

    #[test]
    fn unlisted_words_follow_their_letters() {
        // Not in the list: front by e, back by y.
        assert_eq!(read("kelesi"), "келесі");
        assert_eq!(read("qyzyl"), "қызыл");
        assert_eq!(read("kvartirasy"), "квартирасы");
    }
}
