//! The total size entity references expand to, checked before the XML is parsed.
//!
//! roxmltree limits how deeply entities nest (10) and how many references one reference
//! expands (255), which stops the classic "billion laughs". It does not limit the total:
//! one 100 KB entity referenced 2,000 times in the document, or an entity expanding 255
//! large ones referenced many times, turns a model of 200 KB into gigabytes of text. This
//! check computes what the internal entities expand to and refuses a document whose
//! references would expand to more than [`MAX_EXPANSION`] bytes in all.
//!
//! It reads the declarations by a simple scan rather than a full DTD parser, erring on the
//! side of refusing: a name declared twice counts with its larger value, and references
//! anywhere in the text count, inside the DTD and comments too. DMN models have no use for
//! large entities, so no real model comes near the limit.

use std::collections::HashMap;

/// The most bytes entity references in one document may expand to: 1 MiB.
pub const MAX_EXPANSION: u64 = 1 << 20;

/// How deeply entity values are followed; roxmltree refuses references nested deeper than
/// 10, so deeper chains never expand.
const MAX_DEPTH: usize = 12;

/// `Err` with a message when the entity references in `text` would expand to more than
/// [`MAX_EXPANSION`] bytes.
pub(crate) fn check_expansion(text: &str) -> Result<(), String> {
    if !text.contains("<!ENTITY") {
        return Ok(());
    }
    let values = declarations(text);
    let mut sizes = Sizes {
        values: &values,
        known: HashMap::new(),
    };
    let mut total = 0u64;
    for name in references(text) {
        total = total.saturating_add(sizes.expanded(name, 0));
        if total > MAX_EXPANSION {
            return Err(format!(
                "entity references would expand to more than {MAX_EXPANSION} bytes of text; \
                 a model needs no large entities"
            ));
        }
    }
    Ok(())
}

/// The line of the `<!DOCTYPE` declaration (1 if there is none), for the error.
pub(crate) fn doctype_line(text: &str) -> u32 {
    let at = text.find("<!DOCTYPE").unwrap_or(0);
    let line = 1 + text[..at].bytes().filter(|&b| b == b'\n').count();
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// The internal entities declared anywhere in `text`: name → the values declared for it.
fn declarations(text: &str) -> HashMap<&str, Vec<&str>> {
    let mut values: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut rest = text;
    while let Some(at) = rest.find("<!ENTITY") {
        rest = &rest[at + "<!ENTITY".len()..];
        let declaration = rest.trim_start();
        let declaration = declaration
            .strip_prefix('%')
            .map_or(declaration, str::trim_start);
        let name_end = declaration
            .find(|c: char| c.is_whitespace() || c == '"' || c == '\'' || c == '>')
            .unwrap_or(declaration.len());
        let (name, after) = declaration.split_at(name_end);
        let after = after.trim_start();
        // External entities (SYSTEM, PUBLIC) are never fetched: they have no value here.
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let body = &after[1..];
        let value = body.find(quote).map_or(body, |end| &body[..end]);
        values.entry(name).or_default().push(value);
    }
    values
}

/// The names of the entity references `&name;` in `text` (character references such as
/// `&#65;` are not entities).
fn references(text: &str) -> impl Iterator<Item = &str> {
    text.split('&').skip(1).filter_map(|after| {
        let end = after.find(';')?;
        let name = &after[..end];
        let is_name = !name.is_empty()
            && !name.starts_with('#')
            && !name
                .chars()
                .any(|c| c.is_whitespace() || matches!(c, '&' | '<' | '>' | '"' | '\''));
        is_name.then_some(name)
    })
}

/// What entities expand to, each computed once.
struct Sizes<'t, 'v> {
    values: &'v HashMap<&'t str, Vec<&'t str>>,
    known: HashMap<&'t str, u64>,
}

impl<'t> Sizes<'t, '_> {
    /// The bytes `&name;` expands to: its value with its own references expanded. The five
    /// predefined entities and undeclared names (which the parser refuses) count their
    /// reference's length.
    fn expanded(&mut self, name: &'t str, depth: usize) -> u64 {
        if let Some(&size) = self.known.get(name) {
            return size;
        }
        let Some(values) = self.values.get(name) else {
            return name.len() as u64 + 2;
        };
        if depth > MAX_DEPTH {
            return 0;
        }
        // A loop back to an entity being measured: the parser refuses it.
        self.known.insert(name, 0);
        let mut largest = 0u64;
        for value in values.clone() {
            let mut size = value.len() as u64;
            for inner in references(value) {
                size = size
                    .saturating_sub(inner.len() as u64 + 2)
                    .saturating_add(self.expanded(inner, depth + 1));
            }
            largest = largest.max(size);
        }
        self.known.insert(name, largest);
        largest
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_entities_pass_and_large_expansions_are_refused() {
        let small = r#"<!DOCTYPE d [<!ENTITY co "Sheshim &amp; co">]><d>&co; &co; &lt;</d>"#;
        assert!(check_expansion(small).is_ok());
        let big = "x".repeat(100_000);
        let quadratic = format!(
            r#"<!DOCTYPE d [<!ENTITY big "{big}">]><d>{}</d>"#,
            "&big;".repeat(20)
        );
        assert!(check_expansion(&quadratic).is_err());
        let nested = format!(
            r#"<!DOCTYPE d [<!ENTITY a "{}"><!ENTITY b "{}">]><d>&b;&b;</d>"#,
            "y".repeat(5_000),
            "&a;".repeat(255)
        );
        assert!(check_expansion(&nested).is_err());
    }

    #[test]
    fn entity_loops_and_external_entities_do_not_count() {
        let looping = r#"<!DOCTYPE d [<!ENTITY a "&b;"><!ENTITY b "&a;">]><d>&a;</d>"#;
        assert!(check_expansion(looping).is_ok());
        let external = r#"<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>"#;
        assert!(check_expansion(external).is_ok());
        assert_eq!(doctype_line("<?xml?>\n<!DOCTYPE d>"), 2);
    }
}
