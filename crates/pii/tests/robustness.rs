//! No panic and well-formed findings on any input: empty, huge, random Unicode; masking and
//! pseudonymisation round-trips.

use proptest::prelude::*;
use sheshim_pii::{Pseudonymiser, find, mask};

/// Findings are sorted, non-overlapping, non-empty, on char boundaries, confidence in 0..=1.
fn well_formed(text: &str) {
    let findings = find(text);
    let mut last_end = 0;
    for f in &findings {
        assert!(f.start < f.end && f.end <= text.len());
        assert!(f.start >= last_end, "overlap or unsorted");
        assert!(text.is_char_boundary(f.start) && text.is_char_boundary(f.end));
        assert!((0.0..=1.0).contains(&f.confidence));
        last_end = f.end;
    }
}

#[test]
fn empty_and_whitespace() {
    for t in ["", " ", "\n\n", "\u{a0}", "+", "@", "KZ", "ул."] {
        well_formed(t);
        assert_eq!(mask(t, &find(t)), t);
    }
}

#[test]
fn ten_megabytes() {
    let unit =
        "Иванов Иван Иванович, ИИН 900315300123, тел. +7 701 234 56 78, ул. Абая 5, диабет. ";
    let mut text = String::new();
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(unit);
    }
    well_formed(&text);
}

#[test]
fn reveal_restores_text() {
    let text = "Сейткали Марат Ерланович, тел. 8 701 234 56 78, asem@mail.kz, ул. Абая, д. 15";
    let findings = find(text);
    assert!(findings.len() >= 4, "{findings:?}");
    let p = Pseudonymiser::new(b"a secret of at least sixteen bytes").unwrap();
    let (pseudo, vault) = p.reversible(text, &findings);
    assert!(!pseudo.contains("Марат") && !pseudo.contains("asem"));
    assert_eq!(vault.reveal(&pseudo), text);
    let (again, _) = p.reversible(text, &findings);
    assert_eq!(again, pseudo, "stable within a key");
    let one_way = p.irreversible(text, &findings);
    assert!(!one_way.contains("Марат"));
    assert_eq!(
        vault.reveal(&one_way),
        one_way,
        "vault cannot reverse one-way tokens"
    );
    assert!(mask(text, &findings).contains("[PHONE]"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_unicode(text in "\\PC{0,400}") {
        well_formed(&text);
        let _ = mask(&text, &find(&text));
    }

    #[test]
    fn appeal_like(text in "[0-9 +()\\-.@KZNабвгдеёжзийклмнопрстуфхцчшщыэюяәіңғүұқөһАБВГДЕИКМНОПРСТ]{0,300}") {
        well_formed(&text);
    }

    #[test]
    fn binaryish(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let text = String::from_utf8_lossy(&bytes);
        well_formed(&text);
    }
}
