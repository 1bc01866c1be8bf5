//! The errors of the FEEL crate: syntax errors from the parser (evaluation's only error,
//! running out of budget, is `sheshim_values::BudgetExceeded`), and the short excerpts of
//! input that messages quote.

/// A syntax error in FEEL text: what is wrong and where. The message quotes at most a short
/// excerpt of the text (see [`excerpt`]).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} at line {line}, column {column} (byte {offset})")]
pub struct ParseError {
    /// What is wrong.
    pub message: String,
    /// Byte offset in the text.
    pub offset: usize,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

/// The most characters of input an error message quotes.
pub const EXCERPT_CHARS: usize = 40;

/// `text` as an error message may quote it: white space collapsed, at most
/// [`EXCERPT_CHARS`] characters, and `…` when it was longer.
pub fn excerpt(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if chars > 0 {
            if chars >= EXCERPT_CHARS {
                out.push('…');
                return out;
            }
            out.push(' ');
            chars += 1;
        }
        for c in word.chars() {
            if chars >= EXCERPT_CHARS {
                out.push('…');
                return out;
            }
            out.push(c);
            chars += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_short_and_marked_when_cut() {
        assert_eq!(excerpt("  a +\n b "), "a + b");
        let long = "x".repeat(1000);
        let cut = excerpt(&long);
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(
            excerpt(&"y".repeat(EXCERPT_CHARS)),
            "y".repeat(EXCERPT_CHARS)
        );
    }
}
