//! Accuracy of [`detect`] on sentences written for the project, plus edge cases.

mod corpus;

use proptest::prelude::*;
use sheshim_domain::{Language, Script};
use sheshim_lang::{LangError, detect};

/// Share of `texts` for which `ok` holds, printing the misses so a failure is explained.
fn accuracy(class: &str, texts: &[&str], ok: impl Fn(&sheshim_lang::Detection) -> bool) -> f64 {
    let mut hits = 0;
    for t in texts {
        match detect(t) {
            Ok(d) if ok(&d) => hits += 1,
            other => println!("{class} miss: {t:?} -> {other:?}"),
        }
    }
    let acc = f64::from(hits) / texts.len() as f64;
    println!("{class}: {hits}/{} = {acc:.3}", texts.len());
    acc
}

fn pure(language: Language, script: Script) -> impl Fn(&sheshim_lang::Detection) -> bool {
    move |d| d.language == language && d.script == script && d.mixed.is_none()
}

#[test]
fn kazakh_cyrillic_accuracy() {
    assert!(corpus::KK_CYRILLIC.len() >= 15);
    assert!(
        accuracy(
            "kk-Cyrl",
            corpus::KK_CYRILLIC,
            pure(Language::Kk, Script::Cyrillic)
        ) >= 0.9
    );
}

#[test]
fn kazakh_latin_accuracy() {
    assert!(corpus::KK_LATIN.len() >= 15);
    assert!(
        accuracy(
            "kk-Latn",
            corpus::KK_LATIN,
            pure(Language::Kk, Script::Latin)
        ) >= 0.9
    );
}

#[test]
fn russian_accuracy() {
    assert!(corpus::RU.len() >= 15);
    assert!(accuracy("ru", corpus::RU, pure(Language::Ru, Script::Cyrillic)) >= 0.9);
}

#[test]
fn english_accuracy() {
    assert!(corpus::EN.len() >= 15);
    assert!(accuracy("en", corpus::EN, pure(Language::En, Script::Latin)) >= 0.9);
}

#[test]
fn mixed_accuracy() {
    assert!(corpus::MIXED.len() >= 15);
    let ok = |d: &sheshim_lang::Detection| {
        d.script == Script::Cyrillic
            && d.language != Language::En
            && d.mixed
                .is_some_and(|m| m.kk_share >= 0.2 && m.ru_share >= 0.2)
    };
    assert!(accuracy("mixed", corpus::MIXED, ok) >= 0.9);
}

#[test]
fn confident_on_full_sentences() {
    for t in corpus::KK_CYRILLIC
        .iter()
        .chain(corpus::RU)
        .chain(corpus::EN)
    {
        let d = detect(t).expect("letters");
        assert!(d.confidence >= 0.8, "{t:?} -> {d:?}");
    }
}

#[test]
fn short_texts() {
    let cases: &[(&str, Language, Script)] = &[
        ("Көшеде жарық жоқ", Language::Kk, Script::Cyrillic),
        ("Су жоқ", Language::Kk, Script::Cyrillic),
        ("Жол бұзылған", Language::Kk, Script::Cyrillic),
        ("Нет горячей воды", Language::Ru, Script::Cyrillic),
        ("Не горят фонари", Language::Ru, Script::Cyrillic),
        (
            "Прошу отремонтировать дорогу",
            Language::Ru,
            Script::Cyrillic,
        ),
        ("Köşede jaryq joq", Language::Kk, Script::Latin),
        ("Mektepte oryn joq", Language::Kk, Script::Latin),
        ("Zeınetaqy kelmedi", Language::Kk, Script::Latin),
        ("No hot water", Language::En, Script::Latin),
        ("The road is broken", Language::En, Script::Latin),
        ("Street lights are off", Language::En, Script::Latin),
    ];
    for (t, language, script) in cases {
        let d = detect(t).expect("letters");
        assert_eq!(
            (d.language, d.script),
            (*language, *script),
            "{t:?} -> {d:?}"
        );
        assert!(d.mixed.is_none(), "{t:?} -> {d:?}");
    }
}

#[test]
fn numbers_with_few_letters() {
    let d = detect("ул. Абая 15, кв. 27, тел 8 701 123 45 67").expect("letters");
    assert_eq!(d.script, Script::Cyrillic);
    assert!(d.confidence <= 0.9, "{d:?}");
    let d = detect("№ 12/345 от 01.02.2025").expect("letters");
    assert_eq!((d.language, d.script), (Language::Ru, Script::Cyrillic));
    let d = detect("2025-02-01 12:30 ID 4471").expect("letters");
    assert_eq!(d.script, Script::Latin);
    let d = detect("3 қабат, 12 пәтер").expect("letters");
    assert_eq!(d.language, Language::Kk);
}

#[test]
fn letterless_and_unsupported() {
    assert_eq!(detect(""), Err(LangError::NoLetters));
    assert_eq!(detect("  \n\t "), Err(LangError::NoLetters));
    assert_eq!(
        detect("12345 +7 (701) 000-00-00 !!!"),
        Err(LangError::NoLetters)
    );
    assert_eq!(detect("😀🏠💡"), Err(LangError::NoLetters));
    assert_eq!(detect("你好 世界"), Err(LangError::UnsupportedScript));
}

#[test]
fn decomposed_latin_kazakh_is_kazakh() {
    // "Kóshede jaryq joq" with the acute written as a combining mark (NFD).
    let d = detect("Ko\u{301}shede jaryq joq, balalar qorqady").expect("letters");
    assert_eq!((d.language, d.script), (Language::Kk, Script::Latin));
}

#[test]
fn a_russian_name_inside_kazakh_is_not_mixing() {
    let d = detect("«Горводоканал» мекемесі біздің үйге су бермей отыр, бірнеше рет хабарластық.")
        .expect("letters");
    assert_eq!(d.language, Language::Kk);
    assert!(d.mixed.is_none(), "{d:?}");
}

proptest! {
    #[test]
    fn never_panics_on_any_text(s in "\\PC*") {
        if let Ok(d) = detect(&s) {
            prop_assert!((0.0..=1.0).contains(&d.confidence));
            if let Some(m) = d.mixed {
                prop_assert!(m.kk_share + m.ru_share <= 1.0 + 1e-9);
            }
        }
    }

    #[test]
    fn never_panics_on_any_chars(v in proptest::collection::vec(any::<char>(), 0..300)) {
        let s: String = v.into_iter().collect();
        let _ = detect(&s);
        let _ = sheshim_lang::transliterate_kk(&s, Script::Latin);
        let _ = sheshim_lang::transliterate_kk(&s, Script::Cyrillic);
    }
}
