//! Property tests across the crate's parsers: valid identifiers always parse, canonical
//! forms round-trip, and no error or `Debug` output ever contains the personal data it was
//! given.

use chrono::{Datelike, NaiveDate};
use proptest::prelude::*;
use sheshim_domain::{
    AppealText, Email, Iin, IinError, PersonName, Phone, PostalAddress, RegistrationNumber, Sex,
    with_check_digit,
};

/// Builds the text of an IIN from a birth date, a century/sex digit and a four-digit serial,
/// computing the check digit. Returns `None` when that prefix has no check digit (both
/// weighting passes give 10), because no such IIN is ever issued.
fn make_iin(birth: NaiveDate, century_sex: u8, serial: u16) -> Option<String> {
    let yy = u32::try_from(birth.year().rem_euclid(100)).ok()?;
    let prefix = format!(
        "{yy:02}{:02}{:02}{century_sex}{serial:04}",
        birth.month(),
        birth.day()
    );
    with_check_digit(&prefix)
}

/// A birth date, a century/sex digit that matches its century, and a serial.
fn valid_parts() -> impl Strategy<Value = (NaiveDate, u8, u16)> {
    (1800i32..=2099, 1u32..=366, any::<bool>(), 0u16..=9999).prop_filter_map(
        "day of year must exist",
        |(year, ordinal, female, serial)| {
            let date = NaiveDate::from_yo_opt(year, ordinal)?;
            let base = match year {
                1800..=1899 => 1,
                1900..=1999 => 3,
                _ => 5,
            };
            Some((date, base + u8::from(female), serial))
        },
    )
}

/// A valid IIN with its parts.
fn valid_iin() -> impl Strategy<Value = (String, NaiveDate, u8)> {
    valid_parts().prop_filter_map("prefix must have a check digit", |(date, cs, serial)| {
        make_iin(date, cs, serial).map(|s| (s, date, cs))
    })
}

/// A name made of Kazakh Cyrillic letters, which never occur in any redaction text.
fn name() -> impl Strategy<Value = String> {
    "[А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]{3,20}( [А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]{3,20}){0,2}"
}

proptest! {
    #[test]
    fn any_valid_iin_parses_and_decodes((text, date, cs) in valid_iin()) {
        let iin = Iin::parse(&text).unwrap();
        prop_assert_eq!(iin.expose(), text.as_str());
        prop_assert_eq!(iin.birth_date(), date);
        prop_assert_eq!(iin.sex(), if cs % 2 == 1 { Sex::Male } else { Sex::Female });
    }

    #[test]
    fn a_changed_check_digit_is_refused((text, _, _) in valid_iin(), bump in 1u8..=9) {
        let last = text.as_bytes()[11] - b'0';
        let wrong = format!("{}{}", &text[..11], (last + bump) % 10);
        prop_assert_eq!(Iin::parse(&wrong), Err(IinError::ChecksumMismatch));
    }

    #[test]
    fn iin_debug_and_errors_never_contain_the_digits(
        (text, _, _) in valid_iin(),
        position in 0usize..12,
        replacement in 0u8..=9,
    ) {
        let iin = Iin::parse(&text).unwrap();
        let debug = format!("{iin:?}");
        prop_assert!(!debug.contains(&text));
        prop_assert!(!debug.chars().any(|c| c.is_ascii_digit()));
        // Corrupt one digit: whatever the error, its text and Debug must not leak the input
        // or even its birth-date part.
        let mut bytes = text.clone().into_bytes();
        bytes[position] = b'0' + replacement;
        let corrupted = String::from_utf8(bytes).unwrap();
        if let Err(err) = Iin::parse(&corrupted) {
            for shown in [err.to_string(), format!("{err:?}")] {
                prop_assert!(!shown.contains(&corrupted));
                prop_assert!(!shown.contains(&corrupted[..6]));
            }
        }
    }

    #[test]
    fn any_string_error_never_quotes_the_input(input in "\\PC{6,40}") {
        let texts: Vec<String> = [
            Iin::parse(&input).err().map(|e| e.to_string()),
            PersonName::parse(&input).err().map(|e| e.to_string()),
            Phone::parse(&input).err().map(|e| e.to_string()),
            Email::parse(&input).err().map(|e| e.to_string()),
            PostalAddress::parse(&input).err().map(|e| e.to_string()),
            AppealText::parse(&input).err().map(|e| e.to_string()),
        ]
        .into_iter()
        .flatten()
        .collect();
        let needle = input.trim();
        for text in texts {
            // Short inputs could coincide with ordinary words of a message, so only inputs
            // long enough to be identifying are checked.
            if needle.chars().count() >= 6 {
                prop_assert!(!text.contains(needle), "{text}");
            }
        }
    }

    #[test]
    fn names_never_show_in_debug_or_errors(n in name()) {
        let parsed = PersonName::parse(&n).unwrap();
        prop_assert_eq!(parsed.expose(), n.as_str());
        prop_assert_eq!(format!("{parsed:?}"), "PersonName(<redacted>)");
        let with_control = format!("{n}\u{0}");
        let err = PersonName::parse(&with_control).unwrap_err();
        prop_assert!(!err.to_string().contains(&n));
        let err_debug = format!("{err:?}");
        prop_assert!(!err_debug.contains(&n));
        let text = AppealText::parse(&format!("Менің атым {n}")).unwrap();
        let text_debug = format!("{text:?}");
        prop_assert!(!text_debug.contains(&n));
        let address = PostalAddress::parse(&n).unwrap();
        let address_debug = format!("{address:?}");
        prop_assert!(!address_debug.contains(&n));
    }

    #[test]
    fn phones_and_emails_never_show_in_debug(
        national in "7[0-9]{9}",
        local in "[a-z]{4,12}",
    ) {
        let phone = Phone::parse(&format!("8 {national}")).unwrap();
        prop_assert_eq!(phone.expose(), format!("+7{national}"));
        let phone_debug = format!("{phone:?}");
        prop_assert!(!phone_debug.contains(&national[..4]));
        let email = Email::parse(&format!("{local}@mail.kz")).unwrap();
        let email_debug = format!("{email:?}");
        prop_assert!(!email_debug.contains(&local));
    }

    #[test]
    fn registration_number_round_trips(year in 1000i32..=9999, sequence in 1u64..) {
        let number = RegistrationNumber::new(year, sequence).unwrap();
        let reparsed = RegistrationNumber::parse(&number.to_string()).unwrap();
        prop_assert_eq!(&reparsed, &number);
        prop_assert_eq!(reparsed.year(), year);
        prop_assert_eq!(reparsed.sequence(), sequence);
        let json = serde_json::to_string(&number).unwrap();
        prop_assert_eq!(serde_json::from_str::<RegistrationNumber>(&json).unwrap(), number);
    }

    #[test]
    fn registration_numbers_sort_like_their_parts(
        a in (1000i32..=9999, 1u64..100_000_000),
        b in (1000i32..=9999, 1u64..100_000_000),
    ) {
        let x = RegistrationNumber::new(a.0, a.1).unwrap();
        let y = RegistrationNumber::new(b.0, b.1).unwrap();
        prop_assert_eq!(x.cmp(&y), a.cmp(&b));
    }
}

#[test]
fn helper_builds_the_documented_example_shape() {
    let date = NaiveDate::from_ymd_opt(1990, 3, 15).unwrap();
    let text = (0..10)
        .find_map(|serial| make_iin(date, 4, serial))
        .unwrap();
    assert!(text.starts_with("9003154"));
    let iin = Iin::parse(&text).unwrap();
    assert_eq!(iin.sex(), Sex::Female);
    assert_eq!(iin.birth_date(), date);
}
