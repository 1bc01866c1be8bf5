//! The channel through which an appeal reached the agency.
//!
//! The channel matters for the record (the decision record names it), for the answer (a
//! letter sent by post is answered by post unless the citizen asked otherwise) and for
//! statistics. Codes are stable lowercase strings.

use serde::Deserialize;
use thiserror::Error;

use crate::code_enum::code_enum_impls;

/// How an appeal was received.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
#[serde(try_from = "String")]
pub enum Channel {
    /// The agency's own web form or Sheshim's API.
    Web,
    /// The eGov portal (egov.kz / e-Otinish).
    Egov,
    /// E-mail to the agency.
    Email,
    /// A paper letter.
    Post,
    /// Handed in at the agency's office or at a reception.
    InPerson,
    /// Taken down during a telephone call (for example a hotline).
    Phone,
}

/// The input is not one of the channel codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("channel must be one of web, egov, email, post, in_person, phone")]
pub struct ChannelError;

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 6] = [
        Channel::Web,
        Channel::Egov,
        Channel::Email,
        Channel::Post,
        Channel::InPerson,
        Channel::Phone,
    ];

    /// Parses a channel code, ignoring case and surrounding whitespace.
    ///
    /// # Errors
    /// [`ChannelError`] when the code is unknown.
    pub fn parse(input: &str) -> Result<Self, ChannelError> {
        let wanted = input.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|c| c.code() == wanted)
            .ok_or(ChannelError)
    }

    /// The stable code used in APIs and storage.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::Egov => "egov",
            Self::Email => "email",
            Self::Post => "post",
            Self::InPerson => "in_person",
            Self::Phone => "phone",
        }
    }
}

code_enum_impls!(Channel, ChannelError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for channel in Channel::ALL {
            assert_eq!(Channel::parse(channel.code()), Ok(channel));
            assert_eq!(channel.to_string(), channel.code());
            let json = serde_json::to_string(&channel).unwrap();
            assert_eq!(serde_json::from_str::<Channel>(&json).unwrap(), channel);
        }
        assert_eq!(Channel::parse(" IN_PERSON "), Ok(Channel::InPerson));
        assert_eq!(
            serde_json::to_string(&Channel::InPerson).unwrap(),
            "\"in_person\""
        );
    }

    #[test]
    fn rejects_unknown_codes() {
        for bad in ["", "in person", "fax", "e-mail"] {
            assert_eq!(Channel::parse(bad), Err(ChannelError), "{bad}");
        }
    }
}
