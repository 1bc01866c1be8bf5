//! The individual identification number (IIN, ЖСН / ИИН) of a natural person.
//!
//! An IIN is twelve digits: the birth date as `YYMMDD`, one digit that encodes both the
//! century of birth and the sex (1/2: 1800s male/female, 3/4: 1900s, 5/6: 2000s), four
//! serial digits and a check digit. The check digit algorithm is shared with the BIN, so
//! [`check_digit`] is public and [`crate::bin`] uses it too.
//!
//! The IIN is restricted personal data by law. [`Iin`] therefore never prints its value: its
//! `Debug` is a redaction, it has no `Display` and no `Serialize`, and error messages describe
//! what is wrong without quoting the input. The only way to read the number back is the
//! deliberately conspicuous [`Iin::expose`].

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// The first weighting pass of the check digit: weights 1..=11.
const WEIGHTS_FIRST: [u32; 11] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/// The second pass, used only when the first one yields 10.
const WEIGHTS_SECOND: [u32; 11] = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2];

/// Computes the check digit of a 12-digit IIN or BIN from its first eleven digits.
///
/// Each element of `first11` is a digit value 0–9 (not an ASCII code). The sum of the digits
/// weighted 1..=11 is taken modulo 11; if that is 10, a second sum with weights
/// 3, 4, …, 11, 1, 2 is taken modulo 11. Returns `None` when the second sum is 10 too (such a
/// prefix has no valid number and is never issued) or when an element is not a digit value.
#[must_use]
pub fn check_digit(first11: &[u8; 11]) -> Option<u8> {
    if first11.iter().any(|&d| d > 9) {
        return None;
    }
    let weighted = |weights: &[u32; 11]| -> u32 {
        first11
            .iter()
            .zip(weights)
            .map(|(&d, &w)| u32::from(d) * w)
            .sum::<u32>()
            % 11
    };
    let first = weighted(&WEIGHTS_FIRST);
    let digit = if first == 10 {
        weighted(&WEIGHTS_SECOND)
    } else {
        first
    };
    // The sum is reduced modulo 11, so it always fits in a u8; `try_from` keeps this explicit.
    if digit == 10 {
        None
    } else {
        u8::try_from(digit).ok()
    }
}

/// Completes eleven ASCII digits with their check digit, giving the twelve-digit form of an
/// IIN or BIN; `None` if the input is not eleven ASCII digits or the prefix has no check
/// digit. Used to make synthetic identifiers (tests, load generators, synthetic populations);
/// the result still has to pass [`Iin::parse`] or [`crate::Bin::parse`] to be one.
#[must_use]
pub fn with_check_digit(first11: &str) -> Option<String> {
    let bytes: [u8; 11] = first11.as_bytes().try_into().ok()?;
    if !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let check = check_digit(&bytes.map(|b| b - b'0'))?;
    Some(format!("{first11}{check}"))
}

/// Why a 12-character string could not be read as twelve digit values.
///
/// Both [`Iin`] and [`crate::Bin`] start with this step and map it onto their own errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DigitsError {
    /// Something other than an ASCII digit was found.
    NotDigits,
    /// The digits were fine but there were not exactly twelve of them.
    WrongLength,
}

/// Trims surrounding whitespace and reads exactly twelve ASCII digits into their values.
///
/// Unicode digits from other scripts (for example Arabic-Indic `١`) are rejected on purpose:
/// the registries only ever hold ASCII digits, and accepting look-alikes would let two
/// different strings name the same person.
pub(crate) fn twelve_digits(input: &str) -> Result<[u8; 12], DigitsError> {
    let trimmed = input.trim();
    if !trimmed.chars().all(|c| c.is_ascii_digit()) {
        return Err(DigitsError::NotDigits);
    }
    let bytes: [u8; 12] = trimmed
        .as_bytes()
        .try_into()
        .map_err(|_| DigitsError::WrongLength)?;
    Ok(bytes.map(|b| b - b'0'))
}

/// Returns true when the last digit is the check digit of the first eleven.
pub(crate) fn checksum_matches(digits: &[u8; 12]) -> bool {
    let mut first11 = [0u8; 11];
    first11.copy_from_slice(&digits[..11]);
    check_digit(&first11) == Some(digits[11])
}

/// Reads two digit values as a number 0–99.
pub(crate) fn two_digits(tens: u8, ones: u8) -> u32 {
    u32::from(tens) * 10 + u32::from(ones)
}

/// The sex encoded in the seventh digit of an IIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sex {
    /// Odd century digits (1, 3, 5).
    Male,
    /// Even century digits (2, 4, 6).
    Female,
}

/// Why a string is not a valid IIN. The messages never repeat the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum IinError {
    /// The input is not exactly twelve digits long.
    #[error("IIN must be 12 digits")]
    WrongLength,
    /// The input holds something other than the ASCII digits 0–9.
    #[error("IIN must contain only the digits 0-9")]
    NotDigits,
    /// The seventh digit is not 1–6, so neither century nor sex can be read.
    #[error("IIN seventh digit (century and sex) must be 1 to 6")]
    BadCenturyDigit,
    /// The first six digits are not a real calendar date in the encoded century.
    #[error("IIN first six digits are not a valid birth date")]
    BadBirthDate,
    /// The twelfth digit is not the check digit of the first eleven.
    #[error("IIN check digit does not match")]
    ChecksumMismatch,
}

/// A checked individual identification number.
///
/// Holding an `Iin` proves that the number has twelve digits, a valid century/sex digit, a
/// real birth date and a matching check digit. It does not prove that the number was ever
/// issued; only the population registry can say that.
#[derive(Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(try_from = "String")]
pub struct Iin {
    /// The twelve ASCII digits, without surrounding whitespace.
    digits: String,
    /// Decoded once at parse time so that callers never re-derive it from the digits.
    birth_date: NaiveDate,
    /// Decoded once at parse time, like the birth date.
    sex: Sex,
}

impl Iin {
    /// Parses an IIN: twelve ASCII digits, surrounding whitespace ignored.
    ///
    /// # Errors
    /// Returns an [`IinError`] naming the first problem found: characters, length, the
    /// century/sex digit, the birth date and finally the check digit, in that order.
    pub fn parse(input: &str) -> Result<Self, IinError> {
        let digits = twelve_digits(input).map_err(|e| match e {
            DigitsError::NotDigits => IinError::NotDigits,
            DigitsError::WrongLength => IinError::WrongLength,
        })?;
        let (century, sex) = match digits[6] {
            1 => (1800, Sex::Male),
            2 => (1800, Sex::Female),
            3 => (1900, Sex::Male),
            4 => (1900, Sex::Female),
            5 => (2000, Sex::Male),
            6 => (2000, Sex::Female),
            _ => return Err(IinError::BadCenturyDigit),
        };
        let year = century + i32::from(digits[0]) * 10 + i32::from(digits[1]);
        let month = two_digits(digits[2], digits[3]);
        let day = two_digits(digits[4], digits[5]);
        let birth_date = NaiveDate::from_ymd_opt(year, month, day).ok_or(IinError::BadBirthDate)?;
        if !checksum_matches(&digits) {
            return Err(IinError::ChecksumMismatch);
        }
        Ok(Self {
            digits: input.trim().to_owned(),
            birth_date,
            sex,
        })
    }

    /// The birth date encoded in the first seven digits.
    #[must_use]
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// The sex encoded in the seventh digit.
    #[must_use]
    pub fn sex(&self) -> Sex {
        self.sex
    }

    /// The twelve digits themselves. Call this only where the number is really needed (a
    /// registry query, the encrypted store), never to log or display it.
    #[must_use]
    pub fn expose(&self) -> &str {
        &self.digits
    }
}

impl TryFrom<String> for Iin {
    type Error = IinError;

    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl fmt::Debug for Iin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Iin(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds a valid IIN from a 10-digit prefix (date, century/sex digit, three serial
    /// digits) by choosing the last serial digit so that a check digit exists.
    fn build(prefix10: &str) -> String {
        (0..10u8)
            .find_map(|last| with_check_digit(&format!("{prefix10}{last}")))
            .expect("some serial ending has a check digit")
    }

    /// A valid IIN for a man born on 15 March 1990.
    fn sample() -> String {
        build("9003153012")
    }

    #[test]
    fn with_check_digit_completes_only_eleven_ascii_digits() {
        let full = with_check_digit("85011531000").unwrap();
        assert_eq!(full, "850115310009");
        assert!(Iin::parse(&full).is_ok());
        assert_eq!(with_check_digit("8501153100"), None);
        assert_eq!(with_check_digit("8501153100a"), None);
        assert_eq!(with_check_digit("850115310001"), None);
    }

    #[test]
    fn check_digit_known_values() {
        // First pass: 1*0+2*0+…; computed by hand for a simple prefix.
        assert_eq!(check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]), Some(0));
        assert_eq!(check_digit(&[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), Some(1));
        // First pass gives 10 (weight 10 on a 1), second pass gives weight 1 on it.
        assert_eq!(check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0]), Some(1));
        assert_eq!(check_digit(&[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10]), None);
    }

    #[test]
    fn check_digit_can_be_undefined() {
        // Search for a prefix where both passes give 10, proving the `None` branch is real.
        let found = (0..100_000u32).any(|n| {
            let mut p = [0u8; 11];
            let mut k = n;
            for slot in p.iter_mut().rev() {
                *slot = u8::try_from(k % 10).unwrap();
                k /= 10;
            }
            check_digit(&p).is_none()
        });
        assert!(found);
    }

    #[test]
    fn parses_valid_iin_and_decodes_it() {
        let s = sample();
        let iin = Iin::parse(&s).unwrap();
        assert_eq!(iin.expose(), s);
        assert_eq!(
            iin.birth_date(),
            NaiveDate::from_ymd_opt(1990, 3, 15).unwrap()
        );
        assert_eq!(iin.sex(), Sex::Male);
    }

    #[test]
    fn trims_surrounding_whitespace() {
        let s = sample();
        let iin = Iin::parse(&format!("  {s}\n")).unwrap();
        assert_eq!(iin.expose(), s);
    }

    #[test]
    fn decodes_every_century_and_sex() {
        let cases = [
            ('1', 1899, Sex::Male),
            ('2', 1899, Sex::Female),
            ('3', 1999, Sex::Male),
            ('4', 1999, Sex::Female),
            ('5', 2099, Sex::Male),
            ('6', 2099, Sex::Female),
        ];
        for (digit, year, sex) in cases {
            let s = build(&format!("991231{digit}004"));
            let iin = Iin::parse(&s).unwrap();
            assert_eq!(
                iin.birth_date(),
                NaiveDate::from_ymd_opt(year, 12, 31).unwrap()
            );
            assert_eq!(iin.sex(), sex);
        }
    }

    #[test]
    fn rejects_bad_century_digits() {
        for digit in ['0', '7', '8', '9'] {
            // The checksum is right, so only the century digit is wrong.
            let s = build(&format!("900315{digit}012"));
            assert_eq!(
                Iin::parse(&s),
                Err(IinError::BadCenturyDigit),
                "digit {digit}"
            );
        }
    }

    #[test]
    fn rejects_impossible_dates() {
        // 30 February, 29 February 2001, day 00, month 13, 31 April.
        for prefix in [
            "9902303000",
            "0102295000",
            "0000003000",
            "9013013000",
            "9004313000",
        ] {
            let s = build(prefix);
            assert_eq!(
                Iin::parse(&s),
                Err(IinError::BadBirthDate),
                "prefix {prefix}"
            );
        }
        // 29 February exists in 2000 (digit 5) but not in 1900 (digit 3).
        assert!(Iin::parse(&build("0002295000")).is_ok());
        assert_eq!(
            Iin::parse(&build("0002293000")),
            Err(IinError::BadBirthDate)
        );
    }

    #[test]
    fn rejects_wrong_check_digit() {
        let s = sample();
        let last = s.as_bytes()[11] - b'0';
        let wrong = format!("{}{}", &s[..11], (last + 1) % 10);
        assert_eq!(Iin::parse(&wrong), Err(IinError::ChecksumMismatch));
    }

    #[test]
    fn rejects_wrong_lengths_and_characters() {
        let s = sample();
        assert_eq!(Iin::parse(""), Err(IinError::WrongLength));
        assert_eq!(Iin::parse(&s[..11]), Err(IinError::WrongLength));
        assert_eq!(Iin::parse(&format!("{s}0")), Err(IinError::WrongLength));
        assert_eq!(
            Iin::parse(&format!("{} {}", &s[..6], &s[6..])),
            Err(IinError::NotDigits)
        );
        assert_eq!(Iin::parse("90031530123a"), Err(IinError::NotDigits));
        assert_eq!(Iin::parse("-90031530123"), Err(IinError::NotDigits));
        // Arabic-Indic and full-width digits look like digits but are not ASCII.
        assert_eq!(Iin::parse("١٢٣٤٥٦٧٨٩٠١٢"), Err(IinError::NotDigits));
        assert_eq!(
            Iin::parse("９００３１５３０１２３"),
            Err(IinError::NotDigits)
        );
    }

    #[test]
    fn debug_is_redacted_and_errors_are_plain() {
        let s = sample();
        let iin = Iin::parse(&s).unwrap();
        assert_eq!(format!("{iin:?}"), "Iin(<redacted>)");
        assert_eq!(IinError::WrongLength.to_string(), "IIN must be 12 digits");
        assert_eq!(
            IinError::ChecksumMismatch.to_string(),
            "IIN check digit does not match"
        );
    }

    #[test]
    fn deserializes_through_parse() {
        let s = sample();
        let iin: Iin = serde_json::from_str(&format!("\"{s}\"")).unwrap();
        assert_eq!(iin.expose(), s);
        let wrong = format!("\"{}{}\"", &s[..11], (s.as_bytes()[11] - b'0' + 1) % 10);
        let err = serde_json::from_str::<Iin>(&wrong).unwrap_err().to_string();
        assert!(err.contains("check digit"), "{err}");
        assert!(!err.contains("900315"), "{err}");
        assert_eq!(serde_json::to_string(&Sex::Female).unwrap(), "\"female\"");
    }
}
