//! Never panics, always returns spans on char boundaries, whatever the input.

use chrono::NaiveDate;
use proptest::prelude::*;
use sheshim_urgency::{Urgency, assess};

fn check(text: &str, date: NaiveDate) {
    let a = assess(text, date);
    assert!((0.0..=1.0).contains(&a.confidence));
    for r in &a.reasons {
        assert!(
            r.start < r.end && text.get(r.start..r.end).is_some(),
            "bad span {r:?}"
        );
    }
    if a.reasons.is_empty() {
        assert_eq!(a.level, Urgency::Normal);
    }
}

proptest! {
    #[test]
    fn arbitrary_unicode(text in any::<String>(), days in 0u32..800) {
        let date = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default()
            + chrono::Days::new(u64::from(days));
        check(&text, date);
    }

    #[test]
    fn lexicon_words_in_noise(
        noise in "[ a-zа-яәғқңөұүһіё.,!?İIıЁ\\n]{0,80}",
        word in prop::sample::select(vec!["пожар", "өрт", "газ иісі", "нет света", "дети голодают", "İ", "ё"]),
    ) {
        let text = format!("{noise}{word}{noise}");
        check(&text, NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default());
    }
}

#[test]
fn one_megabyte() {
    let date = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let unit = "Нет света, дети мерзнут, пожар! İİ ёё жылу жоқ… ";
    let text = unit.repeat(1_000_000 / unit.len() + 1);
    check(&text, date);
    assert_eq!(assess(&text, date).level, Urgency::Immediate);
    check(&"ы".repeat(500_000), date);
    check(&" ".repeat(1_000_000), date);
    check("", date);
}
