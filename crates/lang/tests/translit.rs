//! Kazakh Cyrillic ↔ Latin transliteration against the 2021 table.

use proptest::prelude::*;
use sheshim_domain::Script;
use sheshim_lang::transliterate_kk;

#[test]
fn cyrillic_to_latin_examples() {
    let cases = [
        ("Қазақстан Республикасы", "Qazaqstan Respublikasy"),
        ("үйіне", "üiıne"),
        ("бұрыңғы", "būryñğy"),
        ("шаһар", "şahar"),
        ("өтініш", "ötınış"),
        ("Іле", "Ile"),
        ("Ислам", "İslam"),
        ("ЯНВАРЬ", "İANVAR"),
        ("Яков", "İakov"),
        (
            "цех, чек, ащы, электр, актёр",
            "tseh, tşek, aşşy, elektr, aktior",
        ),
        ("№ 15, 2025 ж.", "№ 15, 2025 j."),
    ];
    for (cyr, lat) in cases {
        assert_eq!(transliterate_kk(cyr, Script::Latin), lat, "{cyr}");
    }
}

#[test]
fn latin_to_cyrillic_examples() {
    let cases = [
        ("Qazaqstan Respublikasy", "Қазақстан Республикасы"),
        ("üiıne", "үйіне"),
        ("qalaiyn", "қалайын"),
        ("Ile", "Іле"),
        ("İslam", "Ислам"),
        // 2018 acute letters that do not clash with 2021 ones are read as well.
        ("ǵylym, óner, úi", "ғылым, өнер, үй"),
        // Decomposed input (u + combining macron).
        ("bu\u{304}l", "бұл"),
    ];
    for (lat, cyr) in cases {
        assert_eq!(transliterate_kk(lat, Script::Cyrillic), cyr, "{lat}");
    }
}

#[test]
fn other_text_passes_through() {
    assert_eq!(
        transliterate_kk("2025-02-01 № 7 😀", Script::Latin),
        "2025-02-01 № 7 😀"
    );
    assert_eq!(transliterate_kk("你好", Script::Cyrillic), "你好");
}

/// Cyrillic letters whose Latin spelling is a single letter that maps back to them alone
/// (и/й, х/һ and the Russian-only letters are left out).
const ONE_TO_ONE_CYRILLIC: &str = "аәбвгғдежзкқлмнңоөпрстуұүфыіш";

fn cyrillic_word() -> impl Strategy<Value = String> {
    let letters: Vec<char> = ONE_TO_ONE_CYRILLIC.chars().collect();
    (
        proptest::collection::vec(proptest::sample::select(letters), 1..12),
        any::<bool>(),
    )
        .prop_map(|(v, title)| {
            let mut s: String = v.into_iter().collect();
            if title {
                let mut cs = s.chars();
                if let Some(first) = cs.next() {
                    s = first.to_uppercase().chain(cs).collect();
                }
            }
            s
        })
}

proptest! {
    #[test]
    fn cyrillic_round_trips(words in proptest::collection::vec(cyrillic_word(), 1..6)) {
        let text = words.join(" ");
        let latin = transliterate_kk(&text, Script::Latin);
        prop_assert_eq!(transliterate_kk(&latin, Script::Cyrillic), text);
    }

    #[test]
    fn latin_round_trips(v in proptest::collection::vec(
        proptest::sample::select("aäbvgğdejzkqlmnñoöprstuūüfyış ".chars().collect::<Vec<_>>()), 1..40)) {
        let text: String = v.into_iter().collect();
        let cyr = transliterate_kk(&text, Script::Cyrillic);
        prop_assert_eq!(transliterate_kk(&cyr, Script::Latin), text);
    }

    #[test]
    fn transliterated_kazakh_is_still_kazakh(words in proptest::collection::vec(cyrillic_word(), 1..6)) {
        // Property only: detection must not panic and must report the target script.
        let latin = transliterate_kk(&words.join(" "), Script::Latin);
        if let Ok(d) = sheshim_lang::detect(&latin) {
            prop_assert_eq!(d.script, Script::Latin);
        }
    }
}
