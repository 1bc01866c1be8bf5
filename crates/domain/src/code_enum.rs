//! Shared string conversions for the small "code" enums (language, kind, channel, status).
//!
//! Each such enum has a `parse(&str)` that accepts the code and a `code()` that returns it.
//! The macro here derives every other string form from those two functions, so the text a
//! value is displayed as, serialised as and parsed from can never drift apart.

/// Implements `Display`, `FromStr`, `TryFrom<String>` and `Serialize` for an enum that has
/// `parse` and `code`, so that every string form of it goes through the same two functions.
macro_rules! code_enum_impls {
    ($ty:ty, $err:ty) => {
        impl ::std::fmt::Display for $ty {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::std::str::FromStr for $ty {
            type Err = $err;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = $err;

            fn try_from(value: String) -> Result<Self, Self::Error> {
                Self::parse(&value)
            }
        }

        impl ::serde::Serialize for $ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.code())
            }
        }
    };
}
pub(crate) use code_enum_impls;
