//! Files the commands write that hold secrets or personal data — key files, anchor files,
//! lists of persons — are created readable and writable by their owner only.

use std::fs::OpenOptions;

/// Options to open a file for writing that, if created, is readable by its owner only. The
/// caller says how: `create_new`, `create` and `truncate`, or `append`.
pub fn owner_only() -> OpenOptions {
    let mut options = OpenOptions::new();
    options.write(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}
