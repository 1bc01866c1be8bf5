//! The fields of a posted form, read once: a field given twice is refused (a browser sends
//! each field of these forms once), except the ones a form lists as repeated (the cases
//! ticked in the queue).

use crate::error::WebError;
use std::collections::HashSet;

/// The longest text field read from a form, in characters.
pub const MAX_TEXT_CHARS: usize = 20_000;

/// A posted form's fields, in the order sent.
pub struct Fields(Vec<(String, String)>);

impl Fields {
    /// Reads a form whose every field is given at most once.
    pub fn parse(body: &[u8]) -> Result<Fields, WebError> {
        Fields::parse_with_lists(body, &[])
    }

    /// Reads a form in which the fields named in `lists` may be given many times.
    pub fn parse_with_lists(body: &[u8], lists: &[&str]) -> Result<Fields, WebError> {
        let mut fields: Vec<(String, String)> = Vec::new();
        // A set of the names seen keeps a body of many fields linear to read.
        let mut seen = HashSet::new();
        for (name, value) in form_urlencoded::parse(body) {
            if !lists.contains(&name.as_ref()) && !seen.insert(name.clone()) {
                // The name is the client's: it is not repeated back.
                return Err(WebError::Refused(
                    "a field of the form is given twice".to_owned(),
                ));
            }
            fields.push((name.into_owned(), value.into_owned()));
        }
        Ok(Fields(fields))
    }

    /// The field `name`, as sent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// Every value of the repeated field `name`.
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.0
            .iter()
            .filter(move |(field, _)| field == name)
            .map(|(_, value)| value.as_str())
    }

    /// A required text, trimmed, within [`MAX_TEXT_CHARS`].
    pub fn text(&self, name: &str) -> Result<String, WebError> {
        let value = self.get(name).map(str::trim).unwrap_or_default();
        if value.is_empty() {
            return Err(WebError::Refused(format!("{name}: is required")));
        }
        if value.chars().count() > MAX_TEXT_CHARS {
            return Err(WebError::Refused(format!(
                "{name}: is longer than {MAX_TEXT_CHARS} characters"
            )));
        }
        Ok(value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_given_twice_is_refused_unless_the_form_lists_it() {
        assert!(Fields::parse(b"reason=a&reason=b").is_err());
        let twice = Fields::parse(b"%3Cb%3E=1&%3Cb%3E=2").err();
        assert_eq!(
            twice,
            Some(WebError::Refused(
                "a field of the form is given twice".to_owned()
            )),
            "the client's own name is not repeated back"
        );
        let ticked = Fields::parse_with_lists(b"case=1&csrf=t&case=2", &["case"]).expect("a form");
        assert_eq!(ticked.all("case").collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(ticked.get("csrf"), Some("t"));
        assert!(Fields::parse_with_lists(b"csrf=a&csrf=b&case=1", &["case"]).is_err());
    }

    #[test]
    fn a_required_text_is_trimmed_and_bounded() {
        let fields = Fields::parse(b"reason=+because+&empty=+").expect("a form");
        assert_eq!(fields.text("reason"), Ok("because".to_owned()));
        assert!(fields.text("empty").is_err());
        assert!(fields.text("missing").is_err());
        let long = format!("reason={}", "a".repeat(MAX_TEXT_CHARS + 1));
        assert!(
            Fields::parse(long.as_bytes())
                .expect("a form")
                .text("reason")
                .is_err()
        );
    }
}
