//! FEEL, the expression language of DMN 1.5: the parser for expressions, unary tests and
//! types, and the evaluator. Values and built-in functions live in `sheshim-values`, which
//! this crate re-exports.
//!
//! ```
//! use sheshim_feel::{evaluate, parse_expression, Env, NameSet, Scope, Value};
//! let names = NameSet::with(["Monthly Salary"]);
//! let expr = parse_expression("Monthly Salary * 12", &names).unwrap();
//! assert!(evaluate(&expr, &Scope::new(), &Env::default()).is_ok());
//! ```
//!
//! The crate is pure: no I/O, and it never reads the clock.

pub mod ast;
mod constant_tests;
mod error;
mod eval;
mod function;
mod iterate;
mod lexer;
mod names;
mod parse;
mod scope;
mod walk;

pub use constant_tests::{ConstantTests, constant_value, reduce_to_constants};
pub use error::{EXCERPT_CHARS, ParseError, excerpt};
pub use eval::{Env, evaluate, evaluate_unary_tests, evaluate_unary_tests_within, evaluate_within};
pub use names::NameSet;
pub use parse::{MAX_NESTING, parse_expression, parse_type, parse_unary_tests};
pub use scope::{Scope, TypeResolver};
pub use sheshim_values::*;
pub use walk::{free_names, free_names_in_tests};
