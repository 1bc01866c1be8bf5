//! Names after an introduction, in any case: `меня зовут марат`, `моё имя …`, `менің атым …`,
//! `атым …`, `есімім …`, `my name is …`, `I am …`.
//!
//! People who write in lower case write their own name in lower case too, so capitals cannot
//! be the cue. The one or two words after the introduction (past a colon or dash, never past
//! other punctuation) are the name, with these stop rules:
//!
//! - a function word (`в`, `не`, `и`, `және`, `not`, `a` …) or a word that is never a name
//!   ends the name; if it comes first, there is no name (`меня зовут в суд`, `I am writing`);
//! - after the unambiguous introductions (`меня зовут`, `моё имя`, `менің атым`, `есімім`,
//!   `my name is`) the first word is taken as it is; after `атым` (also "my horse") and
//!   `I am` / `I'm` it must look like a name: a known given name or name in the lists, a
//!   surname or patronymic ending, or a capital letter;
//! - the second word joins only if it looks like a name in the same way, or is capitalised.

use crate::name_features::{NameLists, SURNAME, Word, ends_with_any, stems};
use crate::names::{Lists, is_patronymic};
use crate::{Finding, PiiKind};

/// Confidence of a name found after an introduction.
const CONFIDENCE: f64 = 0.85;

/// An introduction: its words (lowercase) and whether the first word after it must look like
/// a name.
struct Introduction {
    words: &'static [&'static str],
    strict: bool,
}

/// The introductions, longest first where one ends another. Their first words are also
/// listed in [`is_first_word`].
const INTRODUCTIONS: [Introduction; 13] = [
    Introduction {
        words: &["меня", "зовут"],
        strict: false,
    },
    Introduction {
        words: &["его", "зовут"],
        strict: false,
    },
    Introduction {
        words: &["её", "зовут"],
        strict: false,
    },
    Introduction {
        words: &["ее", "зовут"],
        strict: false,
    },
    Introduction {
        words: &["моё", "имя"],
        strict: false,
    },
    Introduction {
        words: &["мое", "имя"],
        strict: false,
    },
    Introduction {
        words: &["менің", "атым"],
        strict: false,
    },
    Introduction {
        words: &["есімім"],
        strict: false,
    },
    Introduction {
        words: &["my", "name", "is"],
        strict: false,
    },
    Introduction {
        words: &["my", "name's"],
        strict: false,
    },
    Introduction {
        words: &["атым"],
        strict: true,
    },
    Introduction {
        words: &["i", "am"],
        strict: true,
    },
    Introduction {
        words: &["i'm"],
        strict: true,
    },
];

/// Words that are never a name after an introduction: they end it.
const NOT_A_NAME: &[&str] = &[
    // Russian
    "в",
    "во",
    "на",
    "не",
    "ни",
    "и",
    "а",
    "но",
    "я",
    "мы",
    "он",
    "она",
    "они",
    "это",
    "этот",
    "так",
    "как",
    "что",
    "по",
    "из",
    "за",
    "к",
    "с",
    "со",
    "у",
    "о",
    "об",
    "от",
    "до",
    "для",
    "уже",
    "ещё",
    "еще",
    "тоже",
    "также",
    "очень",
    "просто",
    "все",
    "всё",
    "всегда",
    "который",
    "которая",
    "меня",
    "мне",
    "нас",
    "вас",
    "его",
    "её",
    "ее",
    "их",
    "зовут",
    "имя",
    "был",
    "была",
    "есть",
    "нет",
    "сюда",
    "туда",
    "обратно",
    "вот",
    "же",
    // Kazakh
    "және",
    "мен",
    "бен",
    "пен",
    "де",
    "да",
    "та",
    "те",
    "жоқ",
    "емес",
    "бар",
    "бұл",
    "сол",
    "осы",
    "менің",
    "сенің",
    "оның",
    "біздің",
    "атым",
    "есімім",
    "деп",
    "еді",
    // English
    "a",
    "an",
    "the",
    "not",
    "no",
    "is",
    "am",
    "are",
    "was",
    "and",
    "or",
    "but",
    "so",
    "very",
    "also",
    "just",
    "writing",
    "from",
    "in",
    "at",
    "on",
    "to",
    "of",
    "for",
    "with",
    "here",
    "sorry",
    "glad",
    "happy",
    "going",
    "trying",
    "asking",
    "sure",
    "afraid",
    "unable",
];

/// True if the lowercased word looks like a name: a given name or a word the lists count more
/// often as a name than as anything else, or a surname or patronymic ending.
fn looks_like_name(lower: &str, lists: &Lists) -> bool {
    is_patronymic(lower)
        || stems(lower).any(|stem| {
            let (person, other) = lists.counts(stem);
            lists.is_given_name(stem) || person > other || ends_with_any(stem, &SURNAME, 3)
        })
}

/// True if the lowercased word is the first word of an introduction in [`INTRODUCTIONS`]
/// (a `match` on the words, which is quicker than trying every introduction).
fn is_first_word(lower: &str) -> bool {
    // Every first word starts with `м`, `е`, `а` (bytes D0 BC, D0 B5, D0 B0), `m` or `i`, and
    // the first byte or two pass most other words at once.
    let first = matches!(
        lower.as_bytes(),
        [b'm' | b'i', ..] | [0xd0, 0xbc | 0xb5 | 0xb0, ..]
    );
    first
        && matches!(
            lower,
            "меня"
                | "его"
                | "её"
                | "ее"
                | "моё"
                | "мое"
                | "менің"
                | "есімім"
                | "my"
                | "атым"
                | "i"
                | "i'm"
        )
}

/// True if only spaces, a colon or a dash separate word `i` from the word before it.
fn plain_gap(ws: &[Word], i: usize, text: &str) -> bool {
    let gap = text.get(ws[i - 1].end..ws[i].start).unwrap_or(",");
    gap.chars()
        .all(|c| matches!(c, ' ' | '\u{a0}' | ':' | '-' | '–' | '—'))
}

/// Appends the names that follow an introduction.
pub(crate) fn find_introduced(text: &str, ws: &[Word], lists: &Lists, out: &mut Vec<Finding>) {
    // Capitalised words are lowercased already; the others are taken as written (a capital
    // inside a lower-case word is rare enough to ignore).
    let lower = |k: usize| ws[k].key(text);
    let mut i = 0;
    while i < ws.len() {
        // Every introduction begins with one of these words; most words are passed at once.
        if !is_first_word(lower(i)) {
            i += 1;
            continue;
        }
        let Some(intro) = INTRODUCTIONS.iter().find(|intro| {
            intro.words.iter().enumerate().all(|(k, w)| {
                i + k < ws.len()
                    && lower(i + k).as_bytes().first() == w.as_bytes().first()
                    && lower(i + k) == *w
                    && (k == 0 || ws[i + k].joined)
            })
        }) else {
            i += 1;
            continue;
        };
        let first = i + intro.words.len();
        i = first;
        if first >= ws.len() || !plain_gap(ws, first, text) {
            continue;
        }
        let may_be_name =
            |k: usize| !NOT_A_NAME.contains(&lower(k)) && !lists.is_excluded(lower(k));
        let name_like =
            |k: usize| may_be_name(k) && (looks_like_name(lower(k), lists) || ws[k].capital);
        if !may_be_name(first) || (intro.strict && !name_like(first)) {
            continue;
        }
        let second = first + 1;
        let last = if second < ws.len() && ws[second].joined && name_like(second) {
            second
        } else {
            first
        };
        out.push(Finding::new(
            PiiKind::PersonName,
            ws[first].start,
            ws[last].end,
            CONFIDENCE,
        ));
        i = last + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_words_cover_every_introduction() {
        for intro in &INTRODUCTIONS {
            assert!(is_first_word(intro.words[0]), "{:?}", intro.words);
        }
    }
}
