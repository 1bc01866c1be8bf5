//! Kazakh in Latin letters read as Cyrillic: one internal form for every later stage.
//!
//! Citizens write Kazakh in Latin letters three ways: the 2021 alphabet (ä ğ ñ ö ş ū ü ı),
//! the 2018 alphabet with acute accents (á ǵ ń ó ú ý ı, sh, ch) and, most often on phones,
//! without diacritics (a/o/u/k/g/n for ә/ө/ү/қ/ғ/ң, sh, zh, ch; i for і, ы or й; y for ы or
//! й; q for қ, j or zh for ж, w for у). [`crate::detect()`] tells which spelling a Kazakh text
//! uses ([`crate::Detection::kazakh_latin`]); [`normalize`] rewrites its Latin words in
//! Cyrillic once, and every later stage — personal data, urgency rules, classifiers — reads
//! that one form.
//!
//! # Why Cyrillic is the internal form
//!
//! The word lists of the urgency rules and of the personal-data detectors, the seed corpus
//! and the agencies' history are Cyrillic, as is most Kazakh written today; mixed Kazakh and
//! Russian appeals are Cyrillic too. Reading Latin into Cyrillic keeps all of them valid as
//! they are. The alternative — a lossy *skeleton* that Cyrillic and every Latin spelling map
//! into (ә and а both `a`, қ and к both `k`) — would have made every stage match on
//! skeletons: the Cyrillic lexicons would blur (жол/жөл, қол/көл, күн/құн), Russian words in
//! mixed texts would need the same treatment, and models trained on Cyrillic history would
//! have to be retrained on skeletons. Skeletons are used inside this module only, to look
//! words up.
//!
//! # How each spelling is read
//!
//! - **2021 and 2018 alphabets** are exact letter tables (see [`formal`]); the only guesses
//!   are и versus й (й after a vowel, as Kazakh spelling has it) and х versus һ (х).
//! - **Informal Latin** is ambiguous: a is а or ә, o о or ө, u у, ұ or ү, k к or қ, g г or ғ,
//!   n н or ң, i і, ы, и or й. It is resolved word by word ([`informal`]): a word list of
//!   Kazakh words and stems looked up by skeleton ([`lexicon`]: «күн» for "kun"), the endings
//!   after a known stem spelled by vowel harmony (back stems take қ ғ ы, front stems к г і),
//!   and for unknown words the harmony their own letters show (e → front, y → back), with
//!   Russian loanwords (v, f, ts, я, or о after the first syllable) spelled the Russian way.
//!
//! # Offsets
//!
//! The normalised text keeps a map back to the citizen's own text ([`Normalized::original_span`]),
//! so every finding is reported in the offsets of what the citizen wrote, and that text —
//! not the normalised one — is what is kept and answered. Russian, English and Cyrillic
//! Kazakh texts are returned as they are, borrowed, with no map: they pay nothing.
//!
//! Words left as typed inside a Kazakh Latin text: e-mail addresses, web addresses, words
//! touching digits (plates, IBANs, document numbers), placeholders of masked data
//! (`[ADDRESS]`), Latin acronyms (IIN, SMS, …) and words with a capital inside (eGov,
//! WhatsApp).

mod formal;
mod informal;
mod lexicon;
mod offsets;
mod units;

use std::borrow::Cow;
use std::ops::Range;

use offsets::OffsetMap;
use units::{Cut, Unit, char_at};

/// How a Kazakh text writes its Latin words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LatinSpelling {
    /// The 2021 alphabet: ä ğ ñ ö ş ū ü, ı for і, i for и and й.
    Alphabet2021,
    /// The 2018 alphabet: á ǵ ń ó ú ý, i for і, ı for и and й, sh and ch.
    Alphabet2018,
    /// Without diacritics, as typed on phones.
    Informal,
}

impl LatinSpelling {
    /// A short name for answers and reports: `latin-2021`, `latin-2018`, `latin-informal`.
    pub fn name(self) -> &'static str {
        match self {
            LatinSpelling::Alphabet2021 => "latin-2021",
            LatinSpelling::Alphabet2018 => "latin-2018",
            LatinSpelling::Informal => "latin-informal",
        }
    }
}

/// A text in the one form every stage reads, with the way back to the original.
#[derive(Debug, Clone)]
pub struct Normalized<'a> {
    text: Cow<'a, str>,
    spelling: Option<LatinSpelling>,
    /// `None` when the text is the original.
    map: Option<OffsetMap>,
}

impl Normalized<'_> {
    /// The normalised text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The Latin spelling that was read into Cyrillic, or `None` when the text is unchanged.
    pub fn spelling(&self) -> Option<LatinSpelling> {
        self.spelling
    }

    /// Whether the normalised text is the original one.
    pub fn is_original(&self) -> bool {
        self.map.is_none()
    }

    /// The span of the original text that a span `start..end` of the normalised text was
    /// made from: on `char` boundaries, widened to whole letters when a bound falls inside a
    /// letter that replaced a digraph.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        match &self.map {
            None => (start, end),
            Some(map) => (map.start(start), map.end(end).max(map.start(start))),
        }
    }
}

/// Rewrites the Latin words of a Kazakh text in Cyrillic, reading them as `spelling` says
/// (from [`crate::Detection::kazakh_latin`]); with `None` the text is returned as it is.
/// Cyrillic, digits, punctuation and spacing are kept byte for byte.
pub fn normalize(text: &str, spelling: Option<LatinSpelling>) -> Normalized<'_> {
    let Some(spelling) = spelling else {
        return Normalized {
            text: Cow::Borrowed(text),
            spelling: None,
            map: None,
        };
    };
    let mut writer = Writer {
        original: text,
        out: String::with_capacity(text.len() * 2),
        // A piece per replaced letter and per kept stretch, each from at least one byte of
        // the text, and the closing one.
        map: OffsetMap::with_capacity(text.len() + 1),
    };
    // Only informal spelling asks how the writer types, which reads the whole text.
    let mut style = None;
    let mut units = Vec::with_capacity(32);
    let mut scratch = lexicon::Scratch::new();
    // Latin words are read; everything else, and a word left as typed, is copied from
    // `kept_from` on when the next word is read.
    let mut kept_from = 0;
    // Whether the chunk of the text being read (see `chunk_is_address`) is an address is
    // settled only when it matters: at a dot, @ or colon in it, without which it is none,
    // or where a space that is not ASCII parts it from the rest of the chunk. Until then
    // its words are read, and undone if it turns out to be an address. (Asking at every
    // space read the whole text once more.)
    let mut chunk = Chunk::at(0, &writer, kept_from);
    let mut at = 0;
    while let Some(c) = char_at(text, at) {
        let next_at = at + c.len_utf8();
        if c.is_whitespace() {
            if !c.is_ascii_whitespace() {
                chunk.settle(text, &mut writer, &mut kept_from);
            }
            chunk = Chunk::at(next_at, &writer, kept_from);
            at = next_at;
            continue;
        }
        if matches!(c, '.' | '@' | ':') {
            chunk.settle(text, &mut writer, &mut kept_from);
        }
        if !is_latin_letter(c) || chunk.address == Some(true) {
            at = next_at;
            continue;
        }
        let start = at;
        let word = units::cut(text, start, spelling, &mut units);
        at = word.end;
        if keep_as_typed(text, start, &word) {
            continue;
        }
        writer.copy(kept_from..start);
        kept_from = word.end;
        let caps = units.len() > 1 && units.iter().all(|u| u.upper);
        match spelling {
            // Short all-capital words are acronyms (KSK, ZhSN): letter by letter.
            LatinSpelling::Informal if caps && units.len() <= 5 => {
                informal::read_acronym(&units, &mut writer, &mut scratch);
            }
            LatinSpelling::Informal => {
                let style = style.get_or_insert_with(|| informal::Style::of(text));
                informal::read(&units, style, caps, &mut writer, &mut scratch);
            }
            formal => formal::read(&units, formal, caps, &mut writer, &mut scratch),
        }
    }
    writer.copy(kept_from..text.len());
    writer.map.finish(writer.out.len(), text.len());
    Normalized {
        text: Cow::Owned(writer.out),
        spelling: Some(spelling),
        map: Some(writer.map),
    }
}

/// The chunk being read: where it starts, whether it is an address once that is settled,
/// and what had been written when it started, to undo its words if it is one.
struct Chunk {
    start: usize,
    address: Option<bool>,
    written: usize,
    pieces: usize,
    kept_from: usize,
}

impl Chunk {
    fn at(start: usize, writer: &Writer<'_>, kept_from: usize) -> Chunk {
        Chunk {
            start,
            address: None,
            written: writer.out.len(),
            pieces: writer.map.pieces(),
            kept_from,
        }
    }

    /// Settles whether the chunk is an address; if it is, the words read in it are undone,
    /// so that it is kept as typed.
    fn settle(&mut self, text: &str, writer: &mut Writer<'_>, kept_from: &mut usize) {
        if self.address.is_some() {
            return;
        }
        let address = chunk_is_address(text, self.start);
        self.address = Some(address);
        if address {
            writer.out.truncate(self.written);
            writer.map.truncate(self.pieces);
            *kept_from = self.kept_from;
        }
    }
}

/// Builds the normalised text and its offset map.
pub(crate) struct Writer<'a> {
    original: &'a str,
    out: String,
    map: OffsetMap,
}

impl Writer<'_> {
    /// Copies original bytes unchanged.
    fn copy(&mut self, range: Range<usize>) {
        if range.is_empty() {
            return;
        }
        self.map.copied(self.out.len(), range.start);
        self.out.push_str(&self.original[range]);
    }

    /// Writes `cyrillic` for `units`: capitalised when the first unit was, all in capitals
    /// inside an all-capital word. An empty `cyrillic` joins the units to the letter before.
    pub(crate) fn letter(&mut self, units: &[Unit], cyrillic: &str, all_caps: bool) {
        let Some(first) = units.first() else { return };
        if cyrillic.is_empty() {
            return;
        }
        self.map.replaced(self.out.len(), first.start);
        // Most letters are small inside a small word: copied whole, with no case mapping,
        // and a single letter pushed as a `char` (`push_str` copies through a general
        // `memcpy` call, which for two bytes costs more than the copy).
        if !all_caps && !first.upper {
            let mut chars = cyrillic.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) => self.out.push(c),
                _ => self.out.push_str(cyrillic),
            }
            return;
        }
        for (k, c) in cyrillic.chars().enumerate() {
            if all_caps || (k == 0 && first.upper) {
                self.out.extend(c.to_uppercase());
            } else {
                self.out.push(c);
            }
        }
    }

    /// Writes the units as they were typed (a letter no table knows).
    pub(crate) fn as_typed(&mut self, units: &[Unit]) {
        if let (Some(first), Some(last)) = (units.first(), units.last()) {
            self.copy(first.start..last.end);
        }
    }
}

/// Latin letters (with their combining marks) make words; everything else is kept.
fn is_latin_letter(c: char) -> bool {
    // Every character of Latin-1 Supplement and Latin Extended-A and -B from U+00C0 on is
    // alphabetic but × and ÷ (a test checks it against the Unicode tables, whose search
    // cost more than the rest of this check).
    c.is_ascii_alphabetic() || (matches!(c, '\u{00C0}'..='\u{024F}') && !matches!(c, '×' | '÷'))
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

/// Latin acronyms that are not Kazakh words and are kept as typed.
const LATIN_ACRONYMS: &[&str] = &[
    "IIN", "BIN", "IBAN", "SMS", "PDF", "ID", "KZ", "KZT", "USD", "EUR", "RUB", "QR", "TV", "GPS",
    "OK", "IT", "PIN", "SIM", "URL", "WiFi",
];

/// Whether the whitespace-delimited chunk starting at `start` is an e-mail or web address.
fn chunk_is_address(text: &str, start: usize) -> bool {
    let rest = text.as_bytes().get(start..).unwrap_or_default();
    // Most chunks are plain words: only a dot, @ or colon can make an address, so one scan
    // finds the chunk's end and whether it holds one of them.
    let mut end = rest.len();
    let mut marked = false;
    for (i, b) in rest.iter().enumerate() {
        if b.is_ascii_whitespace() {
            end = i;
            break;
        }
        marked |= matches!(b, b'.' | b'@' | b':');
    }
    if !marked {
        return false;
    }
    let chunk = &rest[..end];
    if chunk.contains(&b'@') || chunk.windows(3).any(|w| w == b"://") || chunk.starts_with(b"www.")
    {
        return true;
    }
    // A domain ends the chunk or is followed by a path, port or closing punctuation; a
    // sentence run on after a full stop ("joq.Rahmet") is no address.
    let host = chunk
        .split(|b| matches!(b, b'/' | b':' | b'?' | b'#'))
        .next()
        .unwrap_or_default();
    let host_end = host
        .iter()
        .rposition(|b| !b.is_ascii_punctuation())
        .map_or(0, |last| last + 1);
    let host = &host[..host_end];
    [".kz", ".com", ".ru", ".org", ".net", ".gov"]
        .iter()
        .any(|tld| {
            host.len() >= tld.len()
                && host[host.len() - tld.len()..].eq_ignore_ascii_case(tld.as_bytes())
        })
}

/// Whether the Latin word at `start..cut.end` is left as typed: it touches a digit, stands
/// between digits and a space (a plate's letters), is a masking placeholder in brackets,
/// is a Latin acronym, or has a capital after a small letter (eGov).
fn keep_as_typed(text: &str, start: usize, cut: &Cut) -> bool {
    let end = cut.end;
    let bytes = text.as_bytes();
    let word = &text[start..end];
    // The neighbours are looked at as bytes: a digit, a bracket or a space is one byte, and
    // no byte of a longer character is one of them.
    let byte = |i: Option<usize>| i.and_then(|i| bytes.get(i)).copied();
    let before = byte(start.checked_sub(1));
    let after = byte(Some(end));
    if before.is_some_and(|b| b.is_ascii_digit()) || after.is_some_and(|b| b.is_ascii_digit()) {
        return true;
    }
    // A placeholder of masked personal data ([ADDRESS], [IIN]).
    if before == Some(b'[') && after == Some(b']') {
        return true;
    }
    let all_caps = !cut.lower;
    if all_caps && word.chars().count() <= 4 {
        let digit_then_space =
            before == Some(b' ') && byte(start.checked_sub(2)).is_some_and(|b| b.is_ascii_digit());
        let space_then_digit =
            after == Some(b' ') && byte(Some(end + 1)).is_some_and(|b| b.is_ascii_digit());
        if digit_then_space || space_then_digit {
            return true;
        }
    }
    // The acronyms are at most four bytes long (a test checks it).
    (word.len() <= 4 && LATIN_ACRONYMS.contains(&word)) || cut.upper_after_lower
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin_letters_are_the_alphabetic_latin_characters() {
        for c in (0..0x0600).filter_map(char::from_u32) {
            let want = c.is_ascii_alphabetic()
                || (matches!(c, '\u{00C0}'..='\u{024F}') && c.is_alphabetic());
            assert_eq!(is_latin_letter(c), want, "{c:?}");
        }
    }

    #[test]
    fn acronyms_are_short() {
        assert!(LATIN_ACRONYMS.iter().all(|a| a.len() <= 4));
    }

    #[test]
    fn words_of_an_address_are_kept_as_typed() {
        // The chunk up to the next ASCII space is an address, though a no-break space
        // parts it: its first word is kept as well.
        let text = "Sait\u{a0}egov.kz joq";
        let n = normalize(text, Some(LatinSpelling::Alphabet2021));
        assert_eq!(n.as_str(), "Sait\u{a0}egov.kz жоқ");
        let text = "Jaz: info@gov.kz, joq.Rahmet";
        let n = normalize(text, Some(LatinSpelling::Alphabet2021));
        assert!(n.as_str().contains(" info@gov.kz, "), "{}", n.as_str());
        assert!(!n.as_str().contains("Jaz") && !n.as_str().contains("joq"));
        let at = n.as_str().find("info").unwrap_or(0);
        assert_eq!(n.original_span(at, at + 4), (5, 9));
    }

    #[test]
    fn other_texts_are_borrowed_unchanged() {
        let text = "Во дворе нет света. No heating.";
        let n = normalize(text, None);
        assert_eq!(n.as_str(), text);
        assert!(n.is_original());
        assert_eq!(n.original_span(3, 8), (3, 8));
    }

    #[test]
    fn spans_map_back_to_the_citizens_letters() {
        let text = "Shyǵys: zhylý joq, aqparat@mail.kz 123 ABC 02";
        let n = normalize(text, Some(LatinSpelling::Alphabet2018));
        assert!(
            n.as_str().starts_with("Шығыс: жылу жоқ, "),
            "{}",
            n.as_str()
        );
        assert!(
            n.as_str().ends_with("aqparat@mail.kz 123 ABC 02"),
            "{}",
            n.as_str()
        );
        let at = n.as_str().find("жылу").unwrap_or(0);
        let (start, end) = n.original_span(at, at + "жылу".len());
        assert_eq!(&text[start..end], "zhylý");
        let at = n.as_str().find("ABC").unwrap_or(0);
        let (start, end) = n.original_span(at, at + 3);
        assert_eq!(&text[start..end], "ABC");
    }
}
