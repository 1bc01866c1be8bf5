//! The variants people write: IINs and phones with spaces, dashes, dots, zero-width characters
//! and fullwidth digits; mistyped IINs next to a word meaning IIN; names in lower case after
//! an introduction. Each case states the exact span expected, so that masking hides every
//! digit of a number and nothing of the sentence around it.

use sheshim_pii::{PiiKind, find, mask};

/// A valid IIN (checked in `iin_is_valid`).
const IIN: &str = "900315300123";

/// The findings of `text` as (kind, covered text).
fn found(text: &str) -> Vec<(PiiKind, &str)> {
    find(text).iter().map(|f| (f.kind, f.slice(text))).collect()
}

/// Asserts that `text` yields exactly one finding, of `kind`, covering exactly `span`.
fn assert_only(text: &str, kind: PiiKind, span: &str) {
    assert_eq!(found(text), [(kind, span)], "in {text:?}");
}

/// True if any digit, ASCII or fullwidth, is left in `text`.
fn has_digit(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_ascii_digit() || ('\u{ff10}'..='\u{ff19}').contains(&c))
}

/// `s` with ASCII digits replaced by fullwidth ones.
fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => char::from_u32(0xff10 + d).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// `s` with `mark` inserted between every two digits.
fn interleave(s: &str, mark: char) -> String {
    let mut out = String::new();
    let mut previous_digit = false;
    for c in s.chars() {
        if previous_digit && c.is_ascii_digit() {
            out.push(mark);
        }
        previous_digit = c.is_ascii_digit();
        out.push(c);
    }
    out
}

/// The ways an IIN is written: grouped with spaces, dashes or dots.
fn iin_spellings() -> Vec<String> {
    [
        "900315300123",
        "900315 300123",
        "9003 1530 0123",
        "900 315 300 123",
        "900315-300123",
        "900-315-300-123",
        "900.315.300.123",
        "90 03 15 30 01 23",
        "900315\u{a0}300\u{a0}123",
        "900\u{2009}315\u{2009}300\u{2009}123",
    ]
    .into_iter()
    .map(String::from)
    .collect()
}

/// Every spelling, also with zero-width characters, fullwidth digits and both mixed.
fn with_invisible_and_fullwidth(spellings: &[String]) -> Vec<String> {
    let mut all = Vec::new();
    for s in spellings {
        all.push(s.clone());
        for mark in ['\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}'] {
            all.push(interleave(s, mark));
        }
        all.push(fullwidth(s));
        all.push(interleave(&fullwidth(s), '\u{200b}'));
    }
    all
}

#[test]
fn iin_is_valid() {
    assert!(sheshim_domain::Iin::parse(IIN).is_ok());
}

#[test]
fn iins_written_in_groups_are_found_whole() {
    for written in with_invisible_and_fullwidth(&iin_spellings()) {
        for text in [
            format!("Мой ИИН {written}, прошу проверить."),
            format!("Құжат {written} бойынша"),
            written.clone(),
        ] {
            assert!(
                found(&text).contains(&(PiiKind::Iin, written.as_str())),
                "{written:?} in {text:?}: {:?}",
                found(&text)
            );
            assert!(!has_digit(&mask(&text, &find(&text))), "{text:?}");
        }
    }
}

#[test]
fn phones_written_every_way_are_found_whole() {
    let spellings: Vec<String> = [
        "+7 701 234 56 78",
        "8 701 234 56 78",
        "8-701-234-56-78",
        "8.701.234.56.78",
        "+7 (701) 234-56-78",
        "8(701)234.56.78",
        "87012345678",
        "701 234 56 78",
        "701-234-56-78",
        "8 7172 12-34-56",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    let mut all = with_invisible_and_fullwidth(&spellings);
    all.push("＋７ （７０１） ２３４－５６－７８".to_string());
    for written in all {
        let text = format!("Тел.: {written}, звоните вечером.");
        assert_only(&text, PiiKind::Phone, &written);
        assert!(!has_digit(&mask(&text, &find(&text))), "{text:?}");
    }
}

#[test]
fn mistyped_iin_next_to_an_iin_word_is_masked() {
    // The valid IIN with its check digit changed: no longer passes the checksum.
    let typo = "900315300124";
    assert!(sheshim_domain::Iin::parse(typo).is_err());
    for text in [
        format!("ИИН {typo}"),
        format!("ИИН: {typo}."),
        format!("ИИН № {typo}"),
        format!("иин-{typo}"),
        format!("Прошу проверить по номеру моего ИИН {typo}"),
        format!("Менің ЖСН-ім {typo}"),
        format!("ЖСН: {typo}"),
        format!("my IIN is {typo}"),
        format!("IIN {}", "900 315 300 124"),
    ] {
        let findings = find(&text);
        let iins: Vec<_> = findings.iter().filter(|f| f.kind == PiiKind::Iin).collect();
        assert_eq!(iins.len(), 1, "{text:?}: {findings:?}");
        assert!(iins[0].confidence < 0.99, "lower confidence for {text:?}");
        assert!(!has_digit(&mask(&text, &findings)), "{text:?}");
    }
    for text in [
        format!("БИН {typo}"),
        format!("БСН: {typo}"),
        format!("company BIN {typo}"),
    ] {
        assert_eq!(found(&text).len(), 1, "{text:?}");
        assert_eq!(found(&text)[0].0, PiiKind::Bin, "{text:?}");
    }
}

#[test]
fn mistyped_twelve_digits_without_an_iin_word_are_left() {
    let typo = "900315300124";
    for text in [
        format!("номер заявки {typo}"),
        format!("ИИН указан ниже. Номер договора {typo}"),
        format!("заявка {typo} от 12.05.2024"),
    ] {
        assert!(found(&text).is_empty(), "{text:?}: {:?}", found(&text));
    }
}

#[test]
fn dates_sums_and_codes_are_not_numbers_of_people() {
    for text in [
        "Обращение от 12.05.2024 не рассмотрено.",
        "с 12.05.2024 по 15.06.2024 не было воды",
        "Долг 1 200 000 тенге, оплатил 150 000 тенге.",
        "Сумма 1.200.000 тенге и 15 000 000 тенге",
        "Суммы 150 000 200 000 тенге",
        "2024-05-12 в 10:30 приходил мастер",
        "12.05.2024 10:30",
        "20 000 000 000 тенге бюджета",
        "Дата: 01.02.2003, 12 345 678 жителей",
        "код ОКЭД 47 111, индекс 050 000",
        "Әкімдік 2024 жылы 1 500 000 теңге бөлді",
    ] {
        let bad: Vec<_> = found(text)
            .into_iter()
            .filter(|(k, _)| matches!(k, PiiKind::Iin | PiiKind::Bin | PiiKind::Phone))
            .collect();
        assert!(bad.is_empty(), "{text:?}: {bad:?}");
    }
}

#[test]
fn lower_case_names_after_an_introduction_are_masked() {
    for (text, name) in [
        ("меня зовут марат, живу в Алматы", "марат"),
        (
            "Здравствуйте, меня зовут айгерим нурланова.",
            "айгерим нурланова",
        ),
        ("моё имя дина и я пишу вам", "дина"),
        ("мое имя Дана, прошу помочь", "Дана"),
        ("менің атым айгерім, маған көмектесіңіз", "айгерім"),
        ("Сәлеметсіз бе, атым асқар болатұлы", "асқар болатұлы"),
        (
            "my name is daniyar sultanov and I live here",
            "daniyar sultanov",
        ),
        ("Hello, my name is john.", "john"),
        ("i am aigerim from Almaty", "aigerim"),
        ("Меня зовут: бахыт", "бахыт"),
    ] {
        let names: Vec<&str> = found(text)
            .into_iter()
            .filter(|(k, _)| *k == PiiKind::PersonName)
            .map(|(_, s)| s)
            .collect();
        assert_eq!(names, [name], "{text:?}");
    }
}

#[test]
fn an_introduction_without_a_name_masks_nothing() {
    for text in [
        "I am writing about the road near our school.",
        "I am not satisfied with the answer.",
        "I am a pensioner and the heating is off.",
        "меня зовут в суд уже третий раз",
        "как меня зовут, не важно",
        "my name is not important",
        "атым ауырып қалды",
    ] {
        let names: Vec<_> = found(text)
            .into_iter()
            .filter(|(k, _)| *k == PiiKind::PersonName)
            .collect();
        assert!(names.is_empty(), "{text:?}: {names:?}");
    }
}
