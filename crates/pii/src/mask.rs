//! Masking: each finding replaced by a typed placeholder such as `[IIN]` or `[NAME]`.

use crate::Finding;

/// Replaces every finding's span in `text` with `[LABEL]` (see [`crate::PiiKind::label`]).
///
/// `findings` should come from [`crate::find`] on the same text. Findings that overlap an
/// earlier one, run past the end of the text or do not sit on `char` boundaries are skipped,
/// so the function never panics whatever it is given.
#[must_use]
pub fn mask(text: &str, findings: &[Finding]) -> String {
    crate::pseudo::replace_spans(text, findings, |f, _| format!("[{}]", f.kind.label()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Finding, PiiKind};

    #[test]
    fn masks_spans_and_ignores_bad_ones() {
        let text = "ИИН 900315300123 тел";
        let f = [
            Finding::new(PiiKind::Iin, 7, 19, 1.0),
            Finding::new(PiiKind::Phone, 8, 10, 1.0),
            Finding::new(PiiKind::Phone, 100, 120, 1.0),
        ];
        assert_eq!(mask(text, &f), "ИИН [IIN] тел");
    }
}
