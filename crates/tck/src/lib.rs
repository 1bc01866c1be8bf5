//! The DMN TCK runner: finds test-case folders, evaluates every test case with Sheshim's DMN
//! engine, and reports each result in the TCK's `tck_results.csv` format.
//!
//! A folder is a test case when it holds `.dmn` models and `*-test-*.xml` files whose root
//! is `testCases`. A test case passes when every result node it names evaluates to the
//! expected value. The runner reads files; everything it evaluates is pure.

mod cases;
mod compare;
mod run;

pub use cases::{Expected, InvocationKind, ResultNode, TestCase, TestFile, parse_test_file};
pub use compare::matches_expected;
pub use run::{
    CaseOutcome, DecisionResult, FolderFiles, FolderReport, Status, discover,
    for_each_decision_result, label, read_folder, run_folder,
};
