//! The DMN TCK runner: finds test-case folders, evaluates every test case with Sheshim's DMN
//! engine, and reports each result in the TCK's `tck_results.csv` format.
//!
//! A folder is a test case when it holds `.dmn` models and `*-test-*.xml` files whose root
//! is `testCases`. A test case passes when every result node it names evaluates to the
//! expected value. The runner reads files; everything it evaluates is pure. Each folder runs
//! on its own thread ([`run_folder_isolated`]) so that a panic or a deep recursion fails
//! its cases and not the run, and [`ResultsCsv`] writes the results file.

mod cases;
mod compare;
mod isolate;
mod results;
mod run;

pub use cases::{Expected, InvocationKind, ResultNode, TestCase, TestFile, parse_test_file};
pub use compare::matches_expected;
pub use isolate::{FOLDER_STACK_BYTES, run_folder_isolated};
pub use results::ResultsCsv;
pub use run::{
    CaseOutcome, DecisionResult, FolderFiles, FolderReport, MAX_FILE_BYTES, Status, discover,
    for_each_decision_result, label, read_folder, run_folder,
};
