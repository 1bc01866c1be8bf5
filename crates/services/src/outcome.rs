//! A decision's result read as an outcome (granted, denied, or none), and the service's
//! automation policy for it.

use crate::definition::Automation;
use crate::rules::Decided;
use crate::service::Service;
use sheshim_domain::Language;
use sheshim_feel::{Number, Value};

/// An amount of money in tenge, held exactly in tiyn (hundredths of a tenge).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Amount {
    tiyn: i64,
}

impl Amount {
    /// The amount of a number of tenge, when it is exact in tiyn and fits.
    pub fn from_tenge(tenge: &Number) -> Option<Amount> {
        let tiyn = tenge.mul(Number::from_i64(100))?;
        if !tiyn.is_integer() {
            return None;
        }
        tiyn.to_i64().map(|tiyn| Amount { tiyn })
    }

    /// The amount from tiyn.
    pub fn from_tiyn(tiyn: i64) -> Amount {
        Amount { tiyn }
    }

    /// The amount in tiyn.
    pub fn tiyn(self) -> i64 {
        self.tiyn
    }

    /// The amount as a letter writes it in `language`: thousands grouped, tiyn only when
    /// there are any (`69 329,75` in Kazakh and Russian, `69,329.75` in English), without
    /// the currency.
    pub fn format(self, language: Language) -> String {
        let (group, decimal) = match language {
            Language::Kk | Language::Ru => ('\u{a0}', ','),
            Language::En => (',', '.'),
        };
        let sign = if self.tiyn < 0 { "-" } else { "" };
        let abs = self.tiyn.unsigned_abs();
        let (whole, cents) = (abs / 100, abs % 100);
        let digits = whole.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(group);
            }
            grouped.push(c);
        }
        if cents == 0 {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{decimal}{cents:02}")
        }
    }
}

/// What a decision means for the applicant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// Granted (`true`), denied (`false`), or no outcome (`None`): the rules did not decide
    /// and an officer must.
    pub granted: Option<bool>,
    /// The amount, for a service that pays one.
    pub amount: Option<Amount>,
}

impl Outcome {
    /// No outcome: an officer decides.
    pub const NONE: Outcome = Outcome {
        granted: None,
        amount: None,
    };
}

impl Service {
    /// The outcome of a decision of this service. The result's eligibility field must be a
    /// boolean; anything else (`null`, a missing field, another type) is no outcome. A
    /// granted outcome of a service that pays an amount must have one exact in tiyn, or it
    /// is no outcome either: a payment is never guessed.
    pub fn outcome(&self, decided: &Decided) -> Outcome {
        let Some(fields) = self.definition().outcome.as_ref() else {
            return Outcome::NONE;
        };
        let field = |name: &str| match &decided.value {
            Value::Context(context) => context.get(name).cloned(),
            _ => None,
        };
        let granted = match field(&fields.eligible) {
            Some(Value::Boolean(b)) => b,
            _ => return Outcome::NONE,
        };
        let amount = match &fields.amount {
            None => None,
            Some(name) => match field(name) {
                Some(Value::Number(n)) => Amount::from_tenge(&n),
                _ => None,
            },
        };
        if granted && fields.amount.is_some() && amount.is_none() {
            return Outcome::NONE;
        }
        Outcome {
            granted: Some(granted),
            amount,
        }
    }

    /// What the service's policy allows for an outcome: no outcome, and every appeal
    /// service, is for a person.
    pub fn automation_for(&self, outcome: &Outcome) -> Automation {
        let policy = &self.definition().automation;
        match outcome.granted {
            Some(true) => policy.granted,
            Some(false) => policy.denied,
            None => Automation::Human,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_exact_in_tiyn_and_written_per_language() {
        let amount =
            Amount::from_tenge(&Number::parse("69329.75").expect("number")).expect("exact");
        assert_eq!(amount.tiyn(), 6_932_975);
        assert_eq!(amount.format(Language::Ru), "69\u{a0}329,75");
        assert_eq!(amount.format(Language::En), "69,329.75");
        assert_eq!(
            Amount::from_tiyn(16_435_000).format(Language::Kk),
            "164\u{a0}350"
        );
        assert_eq!(Amount::from_tiyn(99_900).format(Language::En), "999");
        assert_eq!(Amount::from_tiyn(100_000).format(Language::En), "1,000");
        assert!(Amount::from_tenge(&Number::parse("1.005").expect("number")).is_none());
    }
}
