//! The text as the digit-based detectors read it.
//!
//! People write numbers with characters the detectors would otherwise stop at: fullwidth
//! digits (`０`–`９`, U+FF10–U+FF19) and signs (`＋`, `（`, `）`, `－`, `．`) typed on some
//! phone keyboards or pasted from other documents; zero-width characters (U+200B–U+200D,
//! U+2060, U+FEFF, and the direction marks U+200E/U+200F) that copying from messengers leaves
//! between digits; thin and narrow spaces (U+2002–U+2009, U+202F) and typographic dashes
//! (U+2010–U+2013, U+2212) between groups. [`NumericView`] maps those to the ASCII forms the
//! detectors know (and drops the invisible ones), and maps byte offsets in the view back to
//! the original text, so that a finding covers every character of the number as written.
//!
//! Most texts contain none of these characters; then the view borrows the text and the
//! mapping is the identity.

use std::borrow::Cow;

/// The normalised text and the way back to the original offsets.
pub(crate) struct NumericView<'a> {
    /// The text with the characters above replaced or removed.
    normal: Cow<'a, str>,
    /// Length of the original text.
    original_len: usize,
    /// Points where the offset between view and original changes: `(view, original)`, sorted.
    /// The original offset of view offset `v` is `o + (v - w)` for the last `(w, o)` with
    /// `w <= v`. Empty when the view borrows the text.
    shifts: Vec<(usize, usize)>,
}

/// What the view makes of one character: `None` to keep it, `Some(None)` to drop it,
/// `Some(Some(c))` to replace it with the ASCII character `c`.
fn normalise(c: char) -> Option<Option<char>> {
    match c {
        '\u{ff10}'..='\u{ff19}' => char::from_digit(u32::from(c) - 0xff10, 10).map(Some),
        '\u{ff0b}' => Some(Some('+')),
        '\u{ff08}' => Some(Some('(')),
        '\u{ff09}' => Some(Some(')')),
        '\u{ff0d}' | '\u{2010}'..='\u{2013}' | '\u{2212}' => Some(Some('-')),
        '\u{ff0e}' => Some(Some('.')),
        '\u{2002}'..='\u{2009}' | '\u{202f}' => Some(Some(' ')),
        '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' => Some(None),
        _ => None,
    }
}

impl<'a> NumericView<'a> {
    /// The view of `text`.
    pub(crate) fn new(text: &'a str) -> Self {
        // Every character normalised here is encoded with a lead byte 0xE2 or 0xEF. Dashes,
        // quotes and ellipses share those lead bytes, so each such character is looked at
        // before the text is copied: most texts that have them have nothing to normalise.
        let original_len = text.len();
        let changes = |(at, b): (usize, u8)| {
            (b == 0xe2 || b == 0xef)
                && text
                    .get(at..)
                    .and_then(|rest| rest.chars().next())
                    .is_some_and(|c| normalise(c).is_some())
        };
        if !text.bytes().enumerate().any(changes) {
            return Self {
                normal: Cow::Borrowed(text),
                original_len,
                shifts: Vec::new(),
            };
        }
        let mut normal = String::with_capacity(text.len());
        let mut shifts = vec![(0, 0)];
        let mut delta = 0usize;
        for (at, c) in text.char_indices() {
            let out = match normalise(c) {
                None => Some(c),
                Some(replacement) => replacement,
            };
            let Some(out) = out else { continue };
            if at - normal.len() != delta {
                delta = at - normal.len();
                shifts.push((normal.len(), at));
            }
            normal.push(out);
        }
        Self {
            normal: Cow::Owned(normal),
            original_len,
            shifts,
        }
    }

    /// The normalised text.
    pub(crate) fn as_str(&self) -> &str {
        &self.normal
    }

    /// The original byte offset of view offset `at` (a char boundary of the view): where the
    /// character that produced it starts, or the end of the text for the view's end.
    pub(crate) fn original(&self, at: usize) -> usize {
        if self.shifts.is_empty() {
            return at;
        }
        if at >= self.normal.len() {
            return self.original_len;
        }
        let i = self.shifts.partition_point(|&(view, _)| view <= at);
        let (view, original) = self.shifts[i.saturating_sub(1)];
        original + (at - view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed() {
        let view = NumericView::new("тел 8 701 234 56 78 — ok");
        assert_eq!(view.as_str(), "тел 8 701 234 56 78 — ok");
        assert_eq!(view.original(5), 5);
    }

    #[test]
    fn fullwidth_and_invisible_map_back() {
        let text = "a＋７\u{200b}０1\u{2009}b";
        let view = NumericView::new(text);
        assert_eq!(view.as_str(), "a+701 b");
        let start = view.as_str().find('+').unwrap_or(0);
        let end = view.as_str().find(' ').unwrap_or(0);
        // The span "+701" covers "＋７\u{200b}０1" in the original.
        assert_eq!(
            &text[view.original(start)..view.original(end)],
            "＋７\u{200b}０1"
        );
        assert_eq!(view.original(view.as_str().len()), text.len());
    }
}
