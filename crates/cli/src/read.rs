//! Reading the files a user names on the command line, each with a size limit.
//!
//! A file is read through `Read::take(limit + 1)`: at most one byte more than the limit is
//! ever read, so a wrong path — `/dev/zero`, a FIFO that never ends, a huge file — is
//! refused with an error naming the file and the limit, instead of filling memory before
//! anything is parsed. Every command that reads a user's file goes through here.

use anyhow::{Context as _, bail};
use std::io::Read as _;
use std::path::Path;

const MIB: u64 = 1024 * 1024;

/// A DMN model or a dated-parameter file: the same bound as a service folder's files.
pub const MODEL_BYTES: u64 = sheshim_services::MAX_FILE_BYTES;
/// The JSON inputs of one decision.
pub const INPUT_BYTES: u64 = 16 * MIB;
/// One appeal's text: far more than the longest text an appeal may have.
pub const APPEAL_BYTES: u64 = MIB;
/// A labelled CSV file for training or evaluating a classifier.
pub const DATA_BYTES: u64 = 1024 * MIB;
/// A classifier model file written by `sheshim train`.
pub const CLASSIFIER_BYTES: u64 = 512 * MIB;

/// The bytes of the file at `path`, if it holds at most `max_bytes`.
///
/// # Errors
/// When the file cannot be read, or holds more than `max_bytes` (the message names the file
/// and the limit).
pub fn read_limited(path: &Path, max_bytes: u64) -> anyhow::Result<Vec<u8>> {
    let file =
        std::fs::File::open(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut bytes = Vec::new();
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)
        .with_context(|| format!("cannot read {}", path.display()))?;
    if bytes.len() as u64 > max_bytes {
        bail!(
            "{} is larger than {}, the most this command reads from such a file",
            path.display(),
            size(max_bytes)
        );
    }
    Ok(bytes)
}

/// The UTF-8 text of the file at `path`, if it holds at most `max_bytes`.
///
/// # Errors
/// As [`read_limited`], and when the file is not UTF-8 (the message gives the offset of the
/// first bad byte, never the text).
pub fn read_text_limited(path: &Path, max_bytes: u64) -> anyhow::Result<String> {
    String::from_utf8(read_limited(path, max_bytes)?).map_err(|error| {
        anyhow::anyhow!(
            "{} is not UTF-8 text (first bad byte at offset {})",
            path.display(),
            error.utf8_error().valid_up_to()
        )
    })
}

/// The DMN model in the file at `path` (at most [`MODEL_BYTES`]), loaded on its own.
///
/// # Errors
/// When the file cannot be read or is too large, or the model does not load.
pub fn model_file(path: &Path) -> anyhow::Result<sheshim_dmn::ModelSet> {
    let text = read_text_limited(path, MODEL_BYTES)?;
    let name = path.display().to_string();
    Ok(sheshim_dmn::ModelSet::load(&[(
        name.as_str(),
        text.as_str(),
    )])?)
}

/// A byte count for messages: whole MiB when it is one, bytes otherwise.
fn size(bytes: u64) -> String {
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else {
        format!("{bytes} bytes")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_within_the_limit_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("five.txt");
        std::fs::write(&path, "12345").unwrap();
        assert_eq!(read_text_limited(&path, 5).unwrap(), "12345");
    }

    #[test]
    fn a_larger_file_is_refused_naming_the_file_and_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("six.txt");
        std::fs::write(&path, "123456").unwrap();
        let error = read_limited(&path, 5).unwrap_err().to_string();
        assert!(
            error.contains("six.txt") && error.contains("5 bytes"),
            "{error}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn an_endless_device_is_refused() {
        let error = read_limited(Path::new("/dev/zero"), 2 * MIB)
            .unwrap_err()
            .to_string();
        assert!(error.contains("larger than 2 MiB"), "{error}");
    }

    #[test]
    fn text_that_is_not_utf8_names_the_offset() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("latin1.txt");
        std::fs::write(&path, b"ab\xff").unwrap();
        let error = read_text_limited(&path, 10).unwrap_err().to_string();
        assert!(error.contains("offset 2"), "{error}");
    }
}
