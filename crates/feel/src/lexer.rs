//! The FEEL tokenizer.

use crate::error::ParseError;

/// Kinds of token.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok {
    /// A word: letters, digits, `_` (a name part or a keyword).
    Ident,
    /// A numeric literal (text in `Token::text`).
    Number,
    /// A string literal, escapes resolved.
    Str(String),
    /// A temporal literal `@"…"`, escapes resolved.
    At(String),
    /// Punctuation or an operator (text in `Token::text`).
    Punct,
}

/// A token with its place in the text.
#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub kind: Tok,
    /// The token's text (for strings, the raw text with quotes).
    pub text: String,
    /// Byte offset of its start.
    pub start: usize,
    /// Byte offset just after it.
    pub end: usize,
}

impl Token {
    pub fn is_punct(&self, p: &str) -> bool {
        self.kind == Tok::Punct && self.text == p
    }
    pub fn is_ident(&self, w: &str) -> bool {
        self.kind == Tok::Ident && self.text == w
    }
}

pub(crate) fn is_name_start(c: char) -> bool {
    c == '_'
        || c.is_alphabetic()
        || (!c.is_ascii()
            && !is_space(c)
            && !c.is_numeric()
            && !is_combining(c)
            && !c.is_control()
            && !is_unicode_punct(c))
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{203F}'..='\u{2040}' | '\u{00B7}')
}

fn is_unicode_punct(c: char) -> bool {
    matches!(c, '\u{2000}'..='\u{206F}' | '\u{3000}'..='\u{303F}' | '\u{FEFF}')
        && !matches!(c, '\u{203F}'..='\u{2040}')
}

pub(crate) fn is_name_part(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit() || c.is_numeric() || is_combining(c)
}

pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{00A0}')
}

/// Builds a parse error at a byte offset of `text`.
pub(crate) fn error_at(text: &str, offset: usize, message: impl Into<String>) -> ParseError {
    let offset = offset.min(text.len());
    let mut line = 1;
    let mut column = 1;
    for (i, c) in text.char_indices() {
        if i >= offset {
            break;
        }
        if c == '\n' {
            line += 1;
            column = 1;
        } else {
            column += 1;
        }
    }
    ParseError {
        message: message.into(),
        offset,
        line,
        column,
    }
}

const PUNCTS: [&str; 24] = [
    "**", "..", "!=", "<=", ">=", "->", "(", ")", "[", "]", "{", "}", ",", ":", ".", "=", "<", ">",
    "+", "-", "*", "/", "'", "?",
];

/// Splits FEEL text into tokens, skipping white space and comments.
pub(crate) fn tokenize(text: &str) -> Result<Vec<Token>, ParseError> {
    let mut tokens = Vec::new();
    let bytes = text.as_bytes();
    let mut chars = text.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if is_space(c) {
            chars.next();
            continue;
        }
        let rest = &text[start..];
        if rest.starts_with("//") {
            let end = rest.find('\n').map_or(text.len(), |i| start + i);
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
            continue;
        }
        if let Some(body) = rest.strip_prefix("/*") {
            let Some(close) = body.find("*/") else {
                return Err(error_at(text, start, "unterminated comment"));
            };
            let end = start + 2 + close + 2;
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
            continue;
        }
        if c == '"' || (c == '@' && rest[1..].starts_with('"')) {
            let quote = if c == '@' { start + 1 } else { start };
            let (value, end) = string_literal(text, quote)?;
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
            let kind = if c == '@' {
                Tok::At(value)
            } else {
                Tok::Str(value)
            };
            tokens.push(Token {
                kind,
                text: text[start..end].to_string(),
                start,
                end,
            });
            continue;
        }
        if c.is_ascii_digit() || (c == '.' && bytes.get(start + 1).is_some_and(u8::is_ascii_digit))
        {
            let mut end = start;
            while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            if bytes.get(end) == Some(&b'.') && bytes.get(end + 1).is_some_and(u8::is_ascii_digit) {
                end += 1;
                while bytes.get(end).is_some_and(u8::is_ascii_digit) {
                    end += 1;
                }
            }
            if matches!(bytes.get(end), Some(b'e' | b'E')) {
                let mut e = end + 1;
                if matches!(bytes.get(e), Some(b'+' | b'-')) {
                    e += 1;
                }
                if bytes.get(e).is_some_and(u8::is_ascii_digit) {
                    while bytes.get(e).is_some_and(u8::is_ascii_digit) {
                        e += 1;
                    }
                    end = e;
                }
            }
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
            tokens.push(Token {
                kind: Tok::Number,
                text: text[start..end].to_string(),
                start,
                end,
            });
            continue;
        }
        if is_name_start(c) {
            let mut end = start;
            while let Some(&(i, ch)) = chars.peek() {
                if is_name_part(ch) {
                    end = i + ch.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            tokens.push(Token {
                kind: Tok::Ident,
                text: text[start..end].to_string(),
                start,
                end,
            });
            continue;
        }
        if let Some(p) = PUNCTS.iter().find(|p| rest.starts_with(**p)) {
            let end = start + p.len();
            while chars.peek().is_some_and(|&(i, _)| i < end) {
                chars.next();
            }
            tokens.push(Token {
                kind: Tok::Punct,
                text: (*p).to_string(),
                start,
                end,
            });
            continue;
        }
        return Err(error_at(text, start, format!("unexpected character {c:?}")));
    }
    Ok(tokens)
}

/// Reads a string literal whose opening quote is at `quote`; returns its value and the offset after it.
fn string_literal(text: &str, quote: usize) -> Result<(String, usize), ParseError> {
    let mut out = String::new();
    let mut it = text[quote + 1..]
        .char_indices()
        .map(|(i, c)| (i + quote + 1, c))
        .peekable();
    let mut pending_high: Option<u32> = None;
    while let Some((i, c)) = it.next() {
        match c {
            '"' => {
                if pending_high.is_some() {
                    out.push('\u{FFFD}');
                }
                return Ok((out, i + 1));
            }
            '\\' => {
                let Some((_, e)) = it.next() else { break };
                let code = match e {
                    'n' => Some('\n' as u32),
                    'r' => Some('\r' as u32),
                    't' => Some('\t' as u32),
                    'b' => Some(8),
                    'f' => Some(12),
                    '"' => Some('"' as u32),
                    '\'' => Some('\'' as u32),
                    '\\' => Some('\\' as u32),
                    'u' | 'U' => {
                        let n = if e == 'u' { 4 } else { 6 };
                        let mut v = 0u32;
                        for _ in 0..n {
                            match it.next().and_then(|(_, h)| h.to_digit(16)) {
                                Some(d) => v = v * 16 + d,
                                None => {
                                    return Err(error_at(text, i, "bad unicode escape in string"));
                                }
                            }
                        }
                        Some(v)
                    }
                    // Any other escape is kept as written (regular expressions use `\d`, `\s`, `\p{…}`).
                    _ => {
                        if pending_high.take().is_some() {
                            out.push('\u{FFFD}');
                        }
                        out.push('\\');
                        out.push(e);
                        None
                    }
                };
                if let Some(v) = code {
                    if (0xD800..0xDC00).contains(&v) {
                        if pending_high.is_some() {
                            out.push('\u{FFFD}');
                        }
                        pending_high = Some(v);
                        continue;
                    }
                    if (0xDC00..0xE000).contains(&v) {
                        match pending_high.take() {
                            Some(h) => {
                                let cp = 0x10000 + ((h - 0xD800) << 10) + (v - 0xDC00);
                                out.push(char::from_u32(cp).unwrap_or('\u{FFFD}'));
                            }
                            None => out.push('\u{FFFD}'),
                        }
                        continue;
                    }
                    if pending_high.take().is_some() {
                        out.push('\u{FFFD}');
                    }
                    match char::from_u32(v) {
                        Some(ch) => out.push(ch),
                        None => return Err(error_at(text, i, "invalid code point in string")),
                    }
                }
            }
            _ => {
                if pending_high.take().is_some() {
                    out.push('\u{FFFD}');
                }
                out.push(c);
            }
        }
    }
    Err(error_at(text, quote, "unterminated string"))
}
