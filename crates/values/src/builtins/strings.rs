//! String functions. Positions and lengths count Unicode code points, as FEEL does.

use super::arg;
use crate::{Budget, BudgetExceeded, Value};
use regex::Regex;

fn s(args: &[Value], i: usize) -> Option<&str> {
    match arg(args, i) {
        Value::String(s) => Some(s),
        _ => None,
    }
}

fn string_or_null(v: Option<String>) -> Value {
    v.map_or(Value::Null, Value::string)
}

pub(super) fn substring(args: &[Value]) -> Value {
    let (Some(text), Value::Number(start)) = (s(args, 0), arg(args, 1)) else {
        return Value::Null;
    };
    let Some(start) = start.trunc().to_i64() else {
        return Value::Null;
    };
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len() as i64;
    let from = if start > 0 {
        start - 1
    } else if start < 0 {
        (len + start).max(0)
    } else {
        0
    };
    let count = match arg(args, 2) {
        Value::Null if args.len() < 3 => len,
        Value::Number(n) => match n.trunc().to_i64() {
            Some(n) if n >= 0 => n,
            _ => return Value::Null,
        },
        _ => return Value::Null,
    };
    if from >= len {
        return Value::string("");
    }
    let to = from.saturating_add(count).min(len);
    Value::string(chars[from as usize..to as usize].iter().collect::<String>())
}

pub(super) fn string_length(args: &[Value]) -> Value {
    match s(args, 0) {
        Some(t) => Value::int(t.chars().count() as i64),
        None => Value::Null,
    }
}

pub(super) fn upper_case(args: &[Value]) -> Value {
    string_or_null(s(args, 0).map(str::to_uppercase))
}

pub(super) fn lower_case(args: &[Value]) -> Value {
    string_or_null(s(args, 0).map(str::to_lowercase))
}

pub(super) fn substring_before(args: &[Value]) -> Value {
    let (Some(t), Some(m)) = (s(args, 0), s(args, 1)) else {
        return Value::Null;
    };
    Value::string(t.find(m).map_or("", |i| &t[..i]))
}

pub(super) fn substring_after(args: &[Value]) -> Value {
    let (Some(t), Some(m)) = (s(args, 0), s(args, 1)) else {
        return Value::Null;
    };
    Value::string(t.find(m).map_or("", |i| &t[i + m.len()..]))
}

pub(super) fn contains(args: &[Value]) -> Value {
    match (s(args, 0), s(args, 1)) {
        (Some(t), Some(m)) => Value::Boolean(t.contains(m)),
        _ => Value::Null,
    }
}

pub(super) fn starts_with(args: &[Value]) -> Value {
    match (s(args, 0), s(args, 1)) {
        (Some(t), Some(m)) => Value::Boolean(t.starts_with(m)),
        _ => Value::Null,
    }
}

pub(super) fn ends_with(args: &[Value]) -> Value {
    match (s(args, 0), s(args, 1)) {
        (Some(t), Some(m)) => Value::Boolean(t.ends_with(m)),
        _ => Value::Null,
    }
}

/// Translates an XPath regular expression with flags into the `regex` crate's syntax.
pub(crate) fn xpath_regex(pattern: &str, flags: &str) -> Option<Regex> {
    Regex::new(&translate(pattern, flags, false)?).ok()
}

/// Drops the white space of a pattern under the `x` flag, except inside character classes.
fn strip_whitespace(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut in_class = 0usize;
    let mut escaped = false;
    for c in pattern.chars() {
        // Outside a class white space goes even after a backslash: `\ s` is `\s`.
        if in_class == 0 && matches!(c, ' ' | '\t' | '\n' | '\r') {
            continue;
        }
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if c == '[' {
            in_class += 1;
        } else if c == ']' && in_class > 0 {
            in_class -= 1;
        }
        out.push(c);
    }
    out
}

/// Translates an XPath regular expression with flags into a pattern for the `regex`
/// crate or, with `backrefs`, for `fancy-regex` (back-references `\1` kept).
fn translate(pattern: &str, flags: &str, backrefs: bool) -> Option<String> {
    let mut inline = String::new();
    let mut literal = false;
    let mut extended = false;
    for f in flags.chars() {
        match f {
            's' | 'm' | 'i' => {
                if !inline.contains(f) {
                    inline.push(f);
                }
            }
            'x' => extended = true,
            'q' => literal = true,
            _ => return None,
        }
    }
    let dot_all = flags.contains('s');
    let stripped;
    let pattern = if extended && !literal {
        stripped = strip_whitespace(pattern);
        stripped.as_str()
    } else {
        pattern
    };
    let body = if literal {
        regex::escape(pattern)
    } else {
        let mut out = String::with_capacity(pattern.len() + 8);
        let mut in_class = 0usize;
        let mut chars = pattern.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\\' => {
                    let n = chars.next()?;
                    if n.is_ascii_digit() && (!backrefs || in_class > 0) {
                        // Back-references are not supported by the regex engine.
                        return None;
                    }
                    out.push('\\');
                    out.push(n);
                }
                '[' => {
                    in_class += 1;
                    out.push('[');
                    if chars.peek() == Some(&'^') {
                        out.push('^');
                        chars.next();
                    }
                }
                ']' if in_class > 0 => {
                    in_class -= 1;
                    out.push(']');
                }
                '-' if in_class > 0 && chars.peek() == Some(&'[') => out.push_str("--"),
                c if extended && c.is_whitespace() && in_class == 0 => {}
                // XPath's `.` matches neither \n nor \r (without the `s` flag).
                '.' if in_class == 0 && !dot_all => out.push_str("[^\\n\\r]"),
                c => out.push(c),
            }
        }
        if extended {
            // Also drop white space inside \p{…} names.
            let re = Regex::new(r"\\([pP])\{([^}]*)\}").ok()?;
            out = re
                .replace_all(&out, |c: &regex::Captures<'_>| {
                    let name: String = c[2].chars().filter(|ch| !ch.is_whitespace()).collect();
                    format!("\\{}{{{}}}", &c[1], name)
                })
                .into_owned();
        }
        out = out.replace("\\p{IsBasicLatin}", "[\\x00-\\x7F]");
        out
    };
    Some(if inline.is_empty() {
        body
    } else {
        format!("(?{inline}){body}")
    })
}

/// Whether `input` matches an XPath pattern; `None` for an invalid pattern or flags.
/// Patterns with back-references go to `fancy-regex`, the others to `regex`.
fn xpath_matches(input: &str, pattern: &str, flags: &str) -> Option<bool> {
    if let Some(re) = xpath_regex(pattern, flags) {
        return Some(re.is_match(input));
    }
    let full = translate(pattern, flags, true)?;
    fancy_regex::Regex::new(&full).ok()?.is_match(input).ok()
}

/// Translates an XPath replacement string (`$1`, `\$`) into the `regex` crate's (`${1}`, `$$`).
fn xpath_replacement(rep: &str, groups: usize) -> Option<String> {
    let mut out = String::with_capacity(rep.len() + 4);
    let mut chars = rep.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('$') => out.push_str("$$"),
                Some('\\') => out.push('\\'),
                _ => return None,
            },
            '$' => {
                let mut n = String::new();
                while let Some(d) = chars.peek().copied().filter(char::is_ascii_digit) {
                    let candidate = format!("{n}{d}");
                    if !n.is_empty() && candidate.parse::<usize>().ok()? > groups {
                        break;
                    }
                    n = candidate;
                    chars.next();
                }
                if n.is_empty() {
                    return None;
                }
                out.push_str(&format!("${{{n}}}"));
            }
            c => out.push(c),
        }
    }
    Some(out)
}

pub(super) fn replace(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    let (Some(input), Some(pattern), Some(rep)) = (s(args, 0), s(args, 1), s(args, 2)) else {
        return Ok(Value::Null);
    };
    let flags = match arg(args, 3) {
        Value::Null => "",
        Value::String(f) => f,
        _ => return Ok(Value::Null),
    };
    let Some(re) = xpath_regex(pattern, flags) else {
        return Ok(Value::Null);
    };
    let rep = if flags.contains('q') {
        Some(rep.replace('$', "$$"))
    } else {
        xpath_replacement(rep, re.captures_len().saturating_sub(1))
    };
    let Some(rep) = rep else {
        return Ok(Value::Null);
    };
    // As `Regex::replace_all` does, but the text is checked against the budget as it grows:
    // a short input and a long replacement can make a very long result.
    let mut out = String::new();
    let mut last = 0;
    for caps in re.captures_iter(input) {
        let Some(whole) = caps.get(0) else {
            continue;
        };
        out.push_str(&input[last..whole.start()]);
        caps.expand(&rep, &mut out);
        last = whole.end();
        budget.allow_string(out.len())?;
    }
    out.push_str(&input[last..]);
    Ok(Value::string(out))
}

pub(super) fn matches(args: &[Value]) -> Value {
    let (Some(input), Some(pattern)) = (s(args, 0), s(args, 1)) else {
        return Value::Null;
    };
    let flags = match arg(args, 2) {
        Value::Null => "",
        Value::String(f) => f,
        _ => return Value::Null,
    };
    xpath_matches(input, pattern, flags).map_or(Value::Null, Value::Boolean)
}

pub(super) fn split(args: &[Value]) -> Value {
    let (Some(text), Some(delim)) = (s(args, 0), s(args, 1)) else {
        return Value::Null;
    };
    let Some(re) = xpath_regex(delim, "") else {
        return Value::Null;
    };
    Value::list(re.split(text).map(Value::string).collect())
}

pub(super) fn string_join(args: &[Value], budget: &Budget) -> Result<Value, BudgetExceeded> {
    let Value::List(items) = arg(args, 0) else {
        return Ok(Value::Null);
    };
    let delim = match arg(args, 1) {
        Value::Null => "",
        Value::String(d) => d,
        _ => return Ok(Value::Null),
    };
    let mut parts = Vec::with_capacity(items.len());
    for v in items.iter() {
        match v {
            Value::String(t) => parts.push(&**t),
            Value::Null => {}
            _ => return Ok(Value::Null),
        }
    }
    let text: usize = parts.iter().map(|p| p.len()).sum();
    let delimiters = delim.len().saturating_mul(parts.len().saturating_sub(1));
    budget.allow_string(text.saturating_add(delimiters))?;
    Ok(Value::string(parts.join(delim)))
}
