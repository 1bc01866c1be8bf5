//! Programmatically generated positive and negative cases for the structured kinds, scored
//! per kind. Run with `--nocapture` to see the precision/recall table.

mod common;

use common::{Case, Rng, bad_card, bad_twelve, bin, card, grouped, iban, iin, print, score};
use sheshim_pii::{PiiKind, find};

/// Spaced card formats: compact, 4-4-4-4 with spaces or dashes.
fn card_text(rng: &mut Rng, c: &str) -> String {
    match rng.below(3) {
        0 => c.to_string(),
        1 if c.len() == 16 => grouped(c),
        2 if c.len() == 16 => grouped(c).replace(' ', "-"),
        _ => c.to_string(),
    }
}

fn phone_text(rng: &mut Rng) -> String {
    let op = *rng.pick(&[
        "701", "702", "705", "707", "747", "771", "775", "777", "778", "700",
    ]);
    let a = rng.digits(3);
    let b = rng.digits(2);
    let c = rng.digits(2);
    match rng.below(8) {
        0 => format!("+7 {op} {a} {b} {c}"),
        1 => format!("+7 ({op}) {a}-{b}-{c}"),
        2 => format!("8 {op} {a} {b} {c}"),
        3 => format!("8({op}){a}-{b}-{c}"),
        4 => format!("8{op}{a}{b}{c}"),
        5 => format!("+7{op}{a}{b}{c}"),
        6 => format!("{op} {a} {b} {c}"),
        _ => format!("8 (7172) {}-{b}-{c}", rng.digits(2)),
    }
}

/// `digits` cut into groups of the given lengths, joined by `separator`.
fn grouped_as(digits: &str, lengths: &[usize], separator: &str) -> String {
    let mut parts = Vec::new();
    let mut at = 0;
    for &len in lengths {
        parts.push(&digits[at..at + len]);
        at += len;
    }
    parts.join(separator)
}

/// The variants people write: ASCII as is, zero-width characters between digits, fullwidth
/// digits, or both.
fn disguise(rng: &mut Rng, written: &str) -> String {
    let zero_width = *rng.pick(&['\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}']);
    let mode = rng.below(4);
    let mut out = String::new();
    let mut previous_digit = false;
    for c in written.chars() {
        let digit = c.to_digit(10).filter(|_| c.is_ascii_digit());
        if mode % 2 == 1 && previous_digit && digit.is_some() {
            out.push(zero_width);
        }
        previous_digit = digit.is_some();
        match digit {
            Some(d) if mode >= 2 => out.push(char::from_u32(0xff10 + d).unwrap_or(c)),
            _ => out.push(c),
        }
    }
    out
}

/// A twelve-digit number written in groups with spaces, dashes or dots, then disguised.
fn twelve_variant(rng: &mut Rng, digits: &str) -> String {
    let layouts: [&[usize]; 5] = [&[12], &[6, 6], &[4, 4, 4], &[3, 3, 3, 3], &[2; 6]];
    let lengths = *rng.pick(&layouts);
    let separator = *rng.pick(&[" ", "-", ".", "\u{a0}", " - "]);
    let written = grouped_as(digits, lengths, separator);
    disguise(rng, &written)
}

/// A phone written with dots or the usual separators, then disguised.
fn phone_variant(rng: &mut Rng) -> String {
    let written = match rng.below(3) {
        0 => phone_text(rng).replace(['-', ' '], "."),
        _ => phone_text(rng),
    };
    disguise(rng, &written)
}

fn positives() -> Vec<Case> {
    let mut rng = Rng::new(20_250_801);
    let mut cases = Vec::new();
    let iin_tpl = [
        "ИИН {}",
        "Менің ЖСН: {}.",
        "my IIN is {} thanks",
        "{}",
        "ИИН:{}, тел",
    ];
    for i in 0..300 {
        let v = iin(&mut rng);
        cases.push(Case::new(
            iin_tpl[i % iin_tpl.len()].replace("{}", &v),
            &[(PiiKind::Iin, &v)],
        ));
    }
    for i in 0..300 {
        let valid = iin(&mut rng);
        let v = twelve_variant(&mut rng, &valid);
        cases.push(Case::new(
            iin_tpl[i % iin_tpl.len()].replace("{}", &v),
            &[(PiiKind::Iin, &v)],
        ));
    }
    // Mistyped numbers next to a word meaning IIN: still the applicant's number.
    let typo_tpl = [
        "ИИН {}",
        "моего ИИН: {}",
        "ЖСН № {}",
        "менің ЖСН-ім {}",
        "IIN {}",
    ];
    for i in 0..200 {
        let typo = bad_twelve(&mut rng);
        let v = twelve_variant(&mut rng, &typo);
        cases.push(Case::new(
            typo_tpl[i % typo_tpl.len()].replace("{}", &v),
            &[(PiiKind::Iin, &v)],
        ));
    }
    let bin_tpl = [
        "БИН организации {}",
        "ТОО (БСН {})",
        "company BIN {}.",
        "{}",
    ];
    for i in 0..300 {
        let v = bin(&mut rng);
        cases.push(Case::new(
            bin_tpl[i % bin_tpl.len()].replace("{}", &v),
            &[(PiiKind::Bin, &v)],
        ));
    }
    for i in 0..300 {
        let compact = iban(&mut rng);
        let v = if i % 2 == 0 {
            compact
        } else {
            grouped(&compact)
        };
        cases.push(Case::new(format!("Счёт {v}, банк"), &[(PiiKind::Iban, &v)]));
    }
    for _ in 0..300 {
        let c = card(&mut rng);
        let v = card_text(&mut rng, &c);
        cases.push(Case::new(
            format!("карта № {v} заблокирована"),
            &[(PiiKind::Card, &v)],
        ));
    }
    let phone_tpl = [
        "тел. {}",
        "Байланыс телефоны: {}",
        "call me at {} please",
        "{}",
    ];
    for i in 0..300 {
        let v = phone_text(&mut rng);
        cases.push(Case::new(
            phone_tpl[i % phone_tpl.len()].replace("{}", &v),
            &[(PiiKind::Phone, &v)],
        ));
    }
    for i in 0..300 {
        let v = phone_variant(&mut rng);
        cases.push(Case::new(
            phone_tpl[i % phone_tpl.len()].replace("{}", &v),
            &[(PiiKind::Phone, &v)],
        ));
    }
    let users = ["asem", "a.nurlanova", "ivan_petrov85", "dauren+gov", "info"];
    let domains = ["mail.kz", "gmail.com", "yandex.ru", "gov.kz", "inbox.kz"];
    for i in 0..200 {
        let v = format!("{}{}@{}", users[i % 5], i, domains[(i / 5) % 5]);
        cases.push(Case::new(format!("e-mail: {v}."), &[(PiiKind::Email, &v)]));
    }
    let id_tpl = [
        "удостоверение личности № {}",
        "жеке куәлік №{} берілген",
        "ID card {}",
        "паспорт {}",
    ];
    for i in 0..200 {
        let v = if i % 2 == 0 {
            format!("0{}", rng.digits(8))
        } else {
            format!("N{}", rng.digits(8))
        };
        cases.push(Case::new(
            id_tpl[i % id_tpl.len()].replace("{}", &v),
            &[(PiiKind::IdDocument, &v)],
        ));
    }
    let letters = ["ABC", "KZA", "AAE", "BMX", "AB", "OK", "XYZ"];
    for i in 0..200 {
        let region = 1 + rng.below(20);
        let l = letters[i % letters.len()];
        let v = if i % 2 == 0 {
            format!("{} {l} {region:02}", rng.digits(3))
        } else {
            format!("{}{l}{region:02}", rng.digits(3))
        };
        cases.push(Case::new(
            format!("автомобиль гос. номер {v} припаркован"),
            &[(PiiKind::VehiclePlate, &v)],
        ));
    }
    cases
}

fn negatives() -> Vec<Case> {
    let mut rng = Rng::new(7_777);
    let mut cases = Vec::new();
    for _ in 0..300 {
        cases.push(Case::new(format!("номер {}", bad_twelve(&mut rng)), &[]));
    }
    for _ in 0..300 {
        cases.push(Case::new(format!("карта {}", bad_card(&mut rng)), &[]));
    }
    for _ in 0..200 {
        let good = iban(&mut rng);
        let check: u32 = good[2..4].parse().unwrap_or(0);
        let wrong = format!(
            "KZ{:02}{}",
            (check + 1 + rng.below(50) as u32) % 100,
            &good[4..]
        );
        if wrong != good {
            cases.push(Case::new(format!("счёт {wrong}"), &[]));
        }
    }
    // Mistyped twelve digits without a word meaning IIN, in every grouping.
    for _ in 0..200 {
        let typo = bad_twelve(&mut rng);
        let v = twelve_variant(&mut rng, &typo);
        cases.push(Case::new(format!("номер {v}"), &[]));
    }
    // Dates and sums written with the same separators.
    for i in 0..200 {
        let (day, month) = (1 + rng.below(28), 1 + rng.below(12));
        let year = 1990 + rng.below(40);
        let text = match i % 5 {
            0 => format!("от {day:02}.{month:02}.{year}"),
            1 => format!("с {day:02}.{month:02}.{year} по {month:02}.{day:02}.{year}"),
            2 => format!(
                "долг {} {} {} тенге",
                1 + rng.below(99),
                rng.digits(3),
                rng.digits(3)
            ),
            3 => format!(
                "{}.{}.{} теңге",
                1 + rng.below(99),
                rng.digits(3),
                rng.digits(3)
            ),
            _ => format!(
                "{day:02}.{month:02}.{year} {:02}:{:02}",
                rng.below(24),
                rng.below(60)
            ),
        };
        let text = disguise(&mut rng, &text);
        cases.push(Case::new(text, &[]));
    }
    for i in 0..200 {
        let text = match i % 10 {
            0 => format!("Заказ № 2024-{}", rng.digits(6)),
            1 => format!(
                "заявка №{} от {:02}.{:02}.2024",
                rng.digits(8),
                1 + rng.below(28),
                1 + rng.below(12)
            ),
            2 => format!("{} {} тенге", 1 + rng.below(999), rng.digits(3)),
            3 => format!("сумма {} 500,50 тг", rng.digits(3)),
            4 => format!("в {} году", 1990 + rng.below(36)),
            5 => format!(
                "{}-{:02}-{:02}",
                2000 + rng.below(26),
                1 + rng.below(12),
                1 + rng.below(28)
            ),
            6 => format!("+7 9{} {} {}", rng.digits(2), rng.digits(3), rng.digits(4)),
            7 => format!("код {} принят", rng.digits(9)),
            8 => format!("{} KZT {:02} числа", rng.digits(3), 1 + rng.below(20)),
            _ => format!("{} {}", rng.digits(4), rng.digits(6)),
        };
        cases.push(Case::new(text, &[]));
    }
    cases
}

/// Every expected IIN, BIN and phone is covered whole by one finding of its kind, so masking
/// hides every digit however the number was written.
fn assert_covered_whole(cases: &[Case]) {
    for case in cases {
        let findings = find(&case.text);
        for (kind, span) in &case.expected {
            if !matches!(kind, PiiKind::Iin | PiiKind::Bin | PiiKind::Phone) {
                continue;
            }
            let start = case.text.find(span.as_str()).unwrap_or(0);
            let end = start + span.len();
            assert!(
                findings
                    .iter()
                    .any(|f| f.kind == *kind && f.start <= start && end <= f.end),
                "{kind:?} {span:?} not covered whole in {:?}: {findings:?}",
                case.text
            );
        }
    }
}

#[test]
fn generated_structured_kinds() {
    let verbose = std::env::var("PII_VERBOSE").is_ok();
    let positives = positives();
    assert_covered_whole(&positives);
    let pos = score(&positives, verbose);
    print("generated positives", &pos);
    let neg = score(&negatives(), verbose);
    print(
        "generated negatives (every finding is a false positive)",
        &neg,
    );
    for kind in [PiiKind::Iin, PiiKind::Bin, PiiKind::Iban, PiiKind::Card] {
        let c = pos.get(&kind).copied().unwrap_or_default();
        assert_eq!(c.recall(), 1.0, "{kind:?} recall");
        assert_eq!(c.fp, 0, "{kind:?} false positives on positives");
        let n = neg.get(&kind).copied().unwrap_or_default();
        assert_eq!(n.fp, 0, "{kind:?} false positives on the negative set");
    }
    let total_neg_fp: usize = neg.values().map(|c| c.fp).sum();
    assert_eq!(total_neg_fp, 0, "any false positive on the negative set");
    for (kind, floor) in [
        (PiiKind::Phone, 0.98),
        (PiiKind::Email, 1.0),
        (PiiKind::IdDocument, 0.95),
        (PiiKind::VehiclePlate, 0.95),
    ] {
        let c = pos.get(&kind).copied().unwrap_or_default();
        assert!(c.recall() >= floor, "{kind:?} recall {}", c.recall());
        assert!(
            c.precision() >= floor,
            "{kind:?} precision {}",
            c.precision()
        );
    }
}
