//! Why a key file cannot be read, and why a sealed value cannot be opened. No message quotes
//! a key or a sealed value.

use thiserror::Error;

/// A key file that cannot be used.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum KeyringError {
    /// The file is not valid TOML, or has a field of the wrong type or an unknown one.
    #[error("the key file is not valid (line {line}): {reason}")]
    Syntax {
        /// Line of the file at fault (1-based), 0 when unknown.
        line: usize,
        /// What is wrong, without the line's contents.
        reason: String,
    },
    /// The file was written by a newer Sheshim.
    #[error("the key file has format {0}; this Sheshim reads format 1")]
    Format(u32),
    /// A key is not 32 bytes of standard base64.
    #[error("key {0} in the key file is not 32 bytes of base64")]
    BadKey(String),
    /// A key id is not 1–16 lowercase letters and digits.
    #[error("a data key id in the key file is not 1–16 lowercase letters and digits")]
    BadKeyId,
    /// The active data key is not among the data keys.
    #[error("the active data key {0} is not among the key file's data keys")]
    NoActiveKey(String),
    /// The store id is not 32 hexadecimal characters.
    #[error("the store_id in the key file is not 32 hexadecimal characters")]
    BadStoreId,
    /// The operating system gave no random bytes.
    #[error("the operating system's random number generator failed")]
    Random,
}

/// A sealed value that does not open.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum OpenError {
    /// The value is not in the `sh1:<key id>:<base64>` form.
    #[error("the value is not a sealed value")]
    NotSealed,
    /// The key the value was sealed with is not in the key file.
    #[error("the value was sealed with data key {0}, which the key file does not hold")]
    UnknownKey(String),
    /// The value, or what it is bound to, was altered; or the key is not the one it was sealed with.
    #[error(
        "the value does not authenticate under data key {0}: it was altered or moved, or the key is wrong"
    )]
    Forged(String),
    /// The opened bytes are not UTF-8 text.
    #[error("the opened value is not UTF-8 text")]
    NotText,
}
