//! Text normalisation before shingling.
//!
//! Two citizens who send the same template rarely agree on case, spacing or
//! punctuation, so those differences are erased before shingles are taken:
//! the text is lower-cased, every run of characters that are not kept becomes
//! one space, and leading and trailing spaces are dropped. Kept are letters of
//! the Latin script (including the Kazakh Latin 2021 letters with diacritics),
//! of the Cyrillic script (Russian and Kazakh, `ә ғ қ ң ө ұ ү һ і`) and ASCII
//! digits. Masking placeholders such as `[NAME]` therefore become the plain
//! word `name`, which is what makes two masked copies of a template collide.
//!
//! Pseudonymised placeholders carry a per-value suffix (`[NAME#1a2b3c4d5e6f]`,
//! `[IIN#2]`); the suffix is dropped too, because it differs for every
//! citizen by design and would otherwise add a dozen unique shingles per
//! placeholder — enough to push two copies of one template below the
//! threshold.

/// Normalises `text` into a fresh string (see the module documentation).
#[must_use]
pub fn normalize(text: &str) -> String {
    let mut chars = Vec::with_capacity(text.len());
    normalize_into(text, &mut chars);
    chars.into_iter().collect()
}

/// Normalises `text` into `out` (cleared first) as characters, which is what
/// the shingler consumes; reusing `out` avoids an allocation per appeal.
pub(crate) fn normalize_into(text: &str, out: &mut Vec<char>) {
    out.clear();
    // Start as if a separator had just been written so leading junk is dropped.
    let mut pending_space = false;
    let mut skip_to = 0;
    for (at, c) in text.char_indices() {
        if at < skip_to {
            continue;
        }
        if c == '['
            && let Some((label, len)) = placeholder(&text[at..])
        {
            pending_space = !out.is_empty();
            for l in label.chars().filter(char::is_ascii_alphanumeric) {
                push_kept(out, &mut pending_space, l.to_ascii_lowercase());
            }
            pending_space = true;
            skip_to = at + len;
            continue;
        }
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                push_kept(out, &mut pending_space, c.to_ascii_lowercase());
            } else if c == '\'' {
                // Apostrophes sit inside words (Kazakh Latin of 2018, "o'z");
                // dropping them keeps the word whole instead of splitting it.
            } else {
                pending_space = !out.is_empty();
            }
        } else if let Some(lower) = basic_cyrillic_lower(c) {
            // Most appeal text is Russian: a table-free path for it keeps the
            // signature within its time budget.
            push_kept(out, &mut pending_space, fold(lower));
        } else if is_apostrophe(c) {
            // Same reason as the ASCII apostrophe above.
        } else if is_kept_letter(c) {
            for lower in c.to_lowercase() {
                push_kept(out, &mut pending_space, fold(lower));
            }
        } else {
            pending_space = !out.is_empty();
        }
    }
}

/// Recognises a masking placeholder at the start of `s`: `[LABEL]` or
/// `[LABEL#suffix]` with an upper-case ASCII label (`A-Z`, `0-9`, `_`) and an
/// alphanumeric suffix. Returns the label and the placeholder's byte length.
fn placeholder(s: &str) -> Option<(&str, usize)> {
    // Bounded scan: a stray `[` must not make normalisation quadratic.
    let body_end = s.bytes().take(82).skip(1).position(|b| b == b']')? + 1;
    let body = &s[1..body_end];
    let (label, suffix) = body.split_once('#').unwrap_or((body, ""));
    let label_ok = label.starts_with(|c: char| c.is_ascii_uppercase())
        && label
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    let suffix_ok = suffix.chars().all(|c| c.is_ascii_alphanumeric());
    (label_ok && suffix_ok && (suffix.is_empty() || !body.ends_with('#')))
        .then_some((label, body_end + 1))
}

fn push_kept(out: &mut Vec<char>, pending_space: &mut bool, c: char) {
    if *pending_space {
        out.push(' ');
        *pending_space = false;
    }
    out.push(c);
}

/// Lower case of a letter in U+0400–U+045F (Russian alphabet and the
/// Ukrainian/Belarusian-style letters including Kazakh `і`) or in the
/// paired ranges holding the other Kazakh letters, else `None`.
#[inline]
fn basic_cyrillic_lower(c: char) -> Option<char> {
    let cp = u32::from(c);
    let lower = match cp {
        0x0400..=0x040F => cp + 0x50,
        0x0410..=0x042F => cp + 0x20,
        0x0430..=0x045F => cp,
        // Kazakh letters (ғ қ ң ұ ү һ ә ө and neighbours) live where capital
        // and small letter alternate, capital on the even code point.
        0x048A..=0x04BF | 0x04D0..=0x04FF => cp | 1,
        _ => return None,
    };
    char::from_u32(lower)
}

/// Typographic apostrophes and the modifier letter apostrophe.
fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{02BB}' | '`' | '\u{00B4}'
    )
}

/// Letters of the Latin (Basic to Extended-B, Extended Additional) and
/// Cyrillic (with Supplement) blocks; other scripts act as separators.
fn is_kept_letter(c: char) -> bool {
    let cp = u32::from(c);
    let latin = (0x00C0..=0x024F).contains(&cp) || (0x1E00..=0x1EFF).contains(&cp);
    let cyrillic = (0x0400..=0x052F).contains(&cp);
    (latin || cyrillic) && c.is_alphabetic()
}

/// Folds spellings that Russian writers use interchangeably, so `ё`/`е`
/// alone never separates two copies of a template.
fn fold(c: char) -> char {
    match c {
        'ё' => 'е',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::normalize;

    #[test]
    fn collapses_case_space_and_punctuation() {
        assert_eq!(
            normalize("  Прошу,   ПОМОЧЬ!!! [NAME] "),
            "прошу помочь name"
        );
        assert_eq!(normalize("Ёлка\t\nи ЕЛКА"), "елка и елка");
    }

    #[test]
    fn pseudonym_suffixes_are_dropped() {
        assert_eq!(
            normalize("Я,[NAME#1a2b3c4d5e6f], ИИН [IIN#2]."),
            "я name иин iin"
        );
        assert_eq!(normalize("[ID_DOC] и [NAME]"), "iddoc и name");
        // Not placeholders: kept as ordinary text.
        assert_eq!(normalize("[см. выше] [Name#x] [A#]"), "см выше name x a");
    }

    #[test]
    fn keeps_kazakh_letters_in_both_scripts() {
        assert_eq!(normalize("Әкімдікке ҚҰРМЕТПЕН"), "әкімдікке құрметпен");
        assert_eq!(normalize("Äkimdikke ŞAǴYM: o'z"), "äkimdikke şaǵym oz");
    }

    #[test]
    fn other_scripts_and_symbols_are_separators() {
        assert_eq!(normalize("свет—нет☹газ 中文 12%"), "свет нет газ 12");
        assert_eq!(normalize("!!!"), "");
        assert_eq!(normalize(""), "");
    }

    #[test]
    fn cyrillic_fast_path_agrees_with_std() {
        for cp in 0x0400..=0x04FF_u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            if let Some(fast) = super::basic_cyrillic_lower(c) {
                assert!(c.is_alphabetic(), "{c:?}");
                assert_eq!(
                    c.to_lowercase().collect::<Vec<_>>(),
                    vec![fast],
                    "{c:?} U+{cp:04X}"
                );
            }
        }
    }
}
