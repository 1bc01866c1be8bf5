//! Running a folder so that nothing in it can stop the run.
//!
//! Each folder is evaluated on its own thread with a large stack: a deeply nested or
//! recursive model has room to finish, and a panic that escapes the per-case guards of
//! [`run_folder`] (in the loader, say) fails that folder's cases instead of the whole run.

use crate::run::{CaseOutcome, FolderReport, Status, label, run_folder};
use sheshim_feel::Env;
use std::path::Path;

/// Stack for evaluating one folder: deeply nested or recursive models must not overflow.
pub const FOLDER_STACK_BYTES: usize = 256 * 1024 * 1024;

/// Runs one folder on its own thread with [`FOLDER_STACK_BYTES`] of stack. If the thread
/// cannot be started or panics, the folder's report is one failed case saying so.
pub fn run_folder_isolated(folder: &Path, root: &Path, env: &Env) -> FolderReport {
    let (folder_owned, root_owned, env) = (folder.to_owned(), root.to_owned(), env.clone());
    let handle = std::thread::Builder::new()
        .stack_size(FOLDER_STACK_BYTES)
        .spawn(move || run_folder(&folder_owned, &root_owned, &env));
    match handle.map(|h| h.join()) {
        Ok(Ok(report)) => report,
        _ => FolderReport {
            label: label(folder, root),
            outcomes: vec![CaseOutcome {
                file: String::new(),
                id: String::new(),
                status: Status::Error,
                detail: "the engine panicked on this folder".to_owned(),
            }],
        },
    }
}
