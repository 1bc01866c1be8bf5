//! Language, script and Kazakh/Russian mixing of a whole appeal.
//!
//! The text is read once, word by word. Each word's evidence (see [`crate::lexicon`]) is added
//! both to the whole text and to the clause it stands in; clauses end at sentence punctuation,
//! semicolons, colons, commas and line breaks. The language of the text is the one with most
//! evidence among those its script allows (Kazakh or Russian for Cyrillic, Kazakh or English
//! for Latin).
//!
//! Mixing rule: every clause whose evidence leans clearly (by [`CLAUSE_MARGIN`] points) to one
//! language is labelled with it; the letters of Kazakh clauses and of Russian clauses, each
//! divided by the letters of all labelled clauses, are the two shares. The text is mixed when
//! both shares are at least [`MIX_MIN_SHARE`]. Working per clause rather than per word keeps a
//! Russian office name inside a Kazakh sentence from counting as mixing, while "Сәлеметсіз
//! бе, у нас нет света" still does.

use sheshim_domain::{Language, Script};

use crate::LangError;
use crate::latin::LatinSpelling;
use crate::lexicon::{self, EN, KK, RU, Scores};

/// Minimum lead, in evidence points, for a clause to count towards the mixing shares.
pub const CLAUSE_MARGIN: f32 = 2.0;
/// Minimum share of both Kazakh and Russian for a text to be reported as mixed.
pub const MIX_MIN_SHARE: f64 = 0.2;
/// How sharply evidence points turn into confidence (a logistic slope per point).
const CONFIDENCE_SLOPE: f32 = 0.8;

/// What [`detect`] found out about a text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Detection {
    /// The main language: for a mixed text, the one with the larger share.
    pub language: Language,
    /// The script most of the letters are written in.
    pub script: Script,
    /// How sure the detector is of `language`, from 0 to 1. With no evidence either way it is
    /// 0.5 between the two languages the script allows.
    pub confidence: f64,
    /// Present when Kazakh and Russian both make up a substantial part of the text.
    pub mixed: Option<Mix>,
    /// How the text's Latin words spell Kazakh, when they are Kazakh (rather than English or
    /// names in a Cyrillic text): the argument [`crate::normalize()`] needs to read them.
    pub kazakh_latin: Option<LatinSpelling>,
}

/// Shares of Kazakh and Russian in a mixed text, by letters of the clauses each was found in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mix {
    /// Share of letters in Kazakh clauses, 0 to 1.
    pub kk_share: f64,
    /// Share of letters in Russian clauses, 0 to 1.
    pub ru_share: f64,
}

/// The script of a single letter, as far as detection cares.
#[derive(Clone, Copy, PartialEq, Eq)]
enum LetterScript {
    Cyrillic,
    Latin,
    Other,
}

fn letter_script(c: char) -> LetterScript {
    match c {
        '\u{0400}'..='\u{052F}' => LetterScript::Cyrillic,
        'a'..='z' | 'A'..='Z' | '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}' => {
            LetterScript::Latin
        }
        _ => LetterScript::Other,
    }
}

/// Characters that close a clause for the mixing rule.
fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | ';' | ':' | ',' | '\n' | '…' | '«' | '»' | '(' | ')'
    )
}

/// Running totals while the text is read.
#[derive(Default)]
struct Tally {
    total: Scores,
    clause: Scores,
    clause_letters: usize,
    /// Letters of clauses labelled Kazakh, Russian and English.
    labelled: [usize; 3],
    cyrillic: usize,
    latin: usize,
    other: usize,
    /// Evidence from Latin words alone: whether they are Kazakh or English.
    latin_scores: Scores,
    /// Letters that tell the Latin spellings apart.
    marks: SpellingMarks,
}

/// Counts of the letters that tell the Latin spellings of Kazakh apart.
#[derive(Default)]
struct SpellingMarks {
    /// Letters only the 2021 alphabet has: ä ğ ñ ö ş ū ü (and the 2019 draft's ç).
    alphabet_2021: usize,
    /// Letters only the 2018 alphabet has: á ǵ ń ó ú ý.
    alphabet_2018: usize,
    /// The dotless ı, which both formal alphabets use (for different sounds).
    dotless_i: usize,
    /// The dotted i where the 2021 alphabet would make it и (not after a vowel, where it is
    /// й): a 2021 text has far more і than и there, so such an i with no ı anywhere means
    /// the writer types i for і.
    dotted_i: usize,
    /// The digraphs sh and ch, which the 2018 alphabet and informal spelling use.
    digraphs: usize,
    /// The previous Latin letter, for the digraphs.
    previous: char,
}

impl SpellingMarks {
    fn add(&mut self, lower: char) {
        match lower {
            'ä' | 'ğ' | 'ñ' | 'ö' | 'ş' | 'ū' | 'ü' | 'ç' => self.alphabet_2021 += 1,
            'á' | 'ǵ' | 'ń' | 'ó' | 'ú' | 'ý' => self.alphabet_2018 += 1,
            'ı' => self.dotless_i += 1,
            'i' if !matches!(
                self.previous,
                'a' | 'e' | 'o' | 'u' | 'y' | 'ä' | 'ö' | 'ü' | 'ū'
            ) =>
            {
                self.dotted_i += 1;
            }
            'h' if matches!(self.previous, 's' | 'c') => self.digraphs += 1,
            _ => {}
        }
        self.previous = lower;
    }

    /// A combining mark after a Latin letter (decomposed input): the acute is 2018's.
    fn add_mark(&mut self, mark: char) {
        if mark == '\u{0301}' {
            self.alphabet_2018 += 1;
        } else {
            self.alphabet_2021 += 1;
        }
    }

    /// The spelling these letters show. A text with 2021 letters but no ı, though it has an
    /// i that is not й, is typed with the 2021 letters but i for і (ı is missing from most
    /// keyboards): it is read as informal, which resolves i by the word.
    fn spelling(&self) -> LatinSpelling {
        if self.alphabet_2021 > self.alphabet_2018 && self.dotless_i == 0 && self.dotted_i > 0 {
            return LatinSpelling::Informal;
        }
        match (self.alphabet_2021, self.alphabet_2018) {
            (0, 0) if self.dotless_i > 0 && self.digraphs > 0 => LatinSpelling::Alphabet2018,
            (0, 0) if self.dotless_i > 0 => LatinSpelling::Alphabet2021,
            (0, 0) => LatinSpelling::Informal,
            (v2021, v2018) if v2018 > v2021 => LatinSpelling::Alphabet2018,
            _ => LatinSpelling::Alphabet2021,
        }
    }
}

impl Tally {
    fn close_clause(&mut self) {
        let best = argmax(&self.clause, &[KK, RU, EN]);
        let lead = self.clause[best]
            - [KK, RU, EN]
                .iter()
                .filter(|&&i| i != best)
                .map(|&i| self.clause[i])
                .fold(0.0f32, f32::max);
        if lead >= CLAUSE_MARGIN {
            self.labelled[best] += self.clause_letters;
        }
        self.clause = [0.0; 3];
        self.clause_letters = 0;
    }

    fn add_word(&mut self, word: &str, letters: usize, cyrillic: usize, latin: usize) {
        let mut scores = [0.0f32; 3];
        if cyrillic >= latin && cyrillic > 0 {
            lexicon::score_cyrillic_word(word, letters, &mut scores);
        } else if latin > 0 {
            lexicon::score_latin_word(word, letters, &mut scores);
            for (i, s) in scores.iter().enumerate() {
                self.latin_scores[i] += s;
            }
        }
        for (i, s) in scores.iter().enumerate() {
            self.clause[i] += s;
            self.total[i] += s;
        }
        self.clause_letters += letters;
    }
}

/// The word being read: its lowercased text and letter counts by script.
struct Word {
    text: String,
    letters: usize,
    cyrillic: usize,
    latin: usize,
}

impl Word {
    /// Adds the finished word to the tally and starts a new one.
    fn flush_into(&mut self, t: &mut Tally) {
        if self.letters > 0 {
            t.add_word(&self.text, self.letters, self.cyrillic, self.latin);
        }
        self.text.clear();
        (self.letters, self.cyrillic, self.latin) = (0, 0, 0);
    }
}

/// Index of the highest score among `candidates`; the first candidate wins ties.
fn argmax(scores: &Scores, candidates: &[usize]) -> usize {
    let mut best = candidates[0];
    for &i in &candidates[1..] {
        if scores[i] > scores[best] {
            best = i;
        }
    }
    best
}

/// The lowercase form and script of a letter, or `None` for anything that is not a letter.
///
/// Basic Latin and the Russian and Kazakh Cyrillic letters are folded by arithmetic because
/// the general Unicode case tables cost more per character than the rest of detection. `İ` is
/// folded to a plain `i` because the standard lowercase adds a combining dot that no word
/// list spells.
fn fold_letter(c: char) -> Option<(char, LetterScript)> {
    let folded = match c {
        'a'..='z' | 'а'..='я' | 'ѐ'..='џ' => c,
        'A'..='Z' | 'А'..='Я' => char::from_u32(u32::from(c) + 0x20).unwrap_or(c),
        'Ѐ'..='Џ' => char::from_u32(u32::from(c) + 0x50).unwrap_or(c),
        'Ә' | 'Ғ' | 'Қ' | 'Ң' | 'Ө' | 'Ұ' | 'Ү' | 'Һ' => {
            char::from_u32(u32::from(c) + 1).unwrap_or(c)
        }
        'ә' | 'ғ' | 'қ' | 'ң' | 'ө' | 'ұ' | 'ү' | 'һ' => c,
        'İ' => 'i',
        _ if c.is_ascii() || !c.is_alphabetic() => return None,
        _ if c.is_lowercase() => c,
        _ => c.to_lowercase().next().unwrap_or(c),
    };
    Some((folded, letter_script(c)))
}

/// Detects the language and script of an appeal text, and whether it mixes Kazakh and Russian.
///
/// # Errors
/// [`LangError::NoLetters`] when the text has no letters at all (empty, digits, punctuation);
/// [`LangError::UnsupportedScript`] when its letters are in neither Cyrillic nor Latin script.
pub fn detect(text: &str) -> Result<Detection, LangError> {
    let mut t = Tally::default();
    // One buffer serves every word so that detection allocates once per call.
    let mut w = Word {
        text: String::with_capacity(64),
        letters: 0,
        cyrillic: 0,
        latin: 0,
    };
    for c in text.chars() {
        if let Some((lower, script)) = fold_letter(c) {
            match script {
                LetterScript::Cyrillic => {
                    w.cyrillic += 1;
                    t.cyrillic += 1;
                }
                LetterScript::Latin => {
                    w.latin += 1;
                    t.latin += 1;
                    t.marks.add(lower);
                }
                LetterScript::Other => t.other += 1,
            }
            w.letters += 1;
            w.text.push(lower);
        } else if lexicon::is_kk_combining_mark(c) || matches!(c, '\'' | '’' | 'ʼ' | '\u{0307}')
        {
            // Combining marks belong to the word they decorate; apostrophes (2017 Latin
            // spelling, English contractions) are kept inside the word as well.
            if w.letters > 0 {
                w.text.push(c);
                if w.latin > 0 && lexicon::is_kk_combining_mark(c) {
                    t.marks.add_mark(c);
                }
            }
        } else {
            w.flush_into(&mut t);
            if ends_clause(c) {
                t.close_clause();
            }
        }
    }
    w.flush_into(&mut t);
    t.close_clause();
    conclude(&t)
}

/// Turns the totals into a [`Detection`].
fn conclude(t: &Tally) -> Result<Detection, LangError> {
    let supported = t.cyrillic + t.latin;
    if supported == 0 {
        return Err(if t.other == 0 {
            LangError::NoLetters
        } else {
            LangError::UnsupportedScript
        });
    }
    let script = if t.cyrillic >= t.latin {
        Script::Cyrillic
    } else {
        Script::Latin
    };
    let minority = t.cyrillic.min(t.latin);
    // The script decides which languages are possible; a text with a substantial part in the
    // other script keeps all three in play. The first candidate is the default when there is
    // no evidence at all: Russian for Cyrillic, English for Latin.
    let candidates: &[usize] = if minority * 5 >= supported {
        &[RU, KK, EN]
    } else if script == Script::Cyrillic {
        &[RU, KK]
    } else {
        &[EN, KK]
    };
    let mut best = argmax(&t.total, candidates);
    let labelled: usize = t.labelled.iter().sum();
    let mixed = if labelled > 0 {
        let kk_share = t.labelled[KK] as f64 / labelled as f64;
        let ru_share = t.labelled[RU] as f64 / labelled as f64;
        (kk_share >= MIX_MIN_SHARE && ru_share >= MIX_MIN_SHARE)
            .then_some(Mix { kk_share, ru_share })
    } else {
        None
    };
    if let Some(mix) = mixed {
        best = if mix.kk_share >= mix.ru_share { KK } else { RU };
    }
    let language = match best {
        KK => Language::Kk,
        RU => Language::Ru,
        _ => Language::En,
    };
    // The Latin words are Kazakh when their own evidence says so, or, with no evidence either
    // way, when the whole text is Kazakh in Latin script.
    let (latin_kk, latin_en) = (t.latin_scores[KK], t.latin_scores[EN]);
    let latin_is_kazakh = t.latin > 0
        && (latin_kk > latin_en
            || (latin_kk == latin_en && language == Language::Kk && script == Script::Latin));
    Ok(Detection {
        language,
        script,
        confidence: confidence(&t.total, candidates, best),
        mixed,
        kazakh_latin: latin_is_kazakh.then(|| t.marks.spelling()),
    })
}

/// The logistic (softmax) weight of `best` among `candidates`.
fn confidence(scores: &Scores, candidates: &[usize], best: usize) -> f64 {
    let top = candidates
        .iter()
        .map(|&i| scores[i])
        .fold(f32::MIN, f32::max);
    let sum: f32 = candidates
        .iter()
        .map(|&i| ((scores[i] - top) * CONFIDENCE_SLOPE).exp())
        .sum();
    let p = ((scores[best] - top) * CONFIDENCE_SLOPE).exp() / sum;
    f64::from(p).clamp(0.0, 1.0)
}
