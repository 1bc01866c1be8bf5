//! The syntax tree of FEEL expressions, unary tests and type expressions.

use sheshim_values::{Name, Type, Value};
use std::sync::Arc;

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// An arithmetic operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArithOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `**`
    Pow,
}

/// A type as written in `instance of` or a function parameter: one of FEEL's own types,
/// or a name the FEEL parser does not know (an item definition, resolved by the caller).
#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    /// A FEEL built-in type.
    Known(Type),
    /// An unknown type name (e.g. an item definition); `instance of` it gives `null`.
    Named(Name),
}

/// Arguments at a call site.
#[derive(Clone, Debug)]
pub enum CallArgs {
    /// `f(a, b)`
    Positional(Vec<Expr>),
    /// `f(x: a, y: b)`
    Named(Vec<(Name, Expr)>),
}

/// The source of one iteration variable in `for`, `some`, `every`.
#[derive(Clone, Debug)]
pub enum IterSource {
    /// `x in list`
    Expr(Expr),
    /// `x in a..b` (integers, up or down)
    Range(Expr, Expr),
}

/// A FEEL expression.
#[derive(Clone, Debug)]
pub enum Expr {
    /// A constant: number, string, boolean, null.
    Literal(Value),
    /// `@"…"` temporal literal (text between the quotes, escapes resolved).
    At(String),
    /// A variable reference.
    Name(Name),
    /// `?`, the input value of a unary test.
    Input,
    /// `[a, b, …]`
    List(Vec<Expr>),
    /// `{a: 1, "b": 2}`; later entries see earlier ones.
    Context(Vec<(Name, Expr)>),
    /// `[a..b)`, `(a..b]`, `]a..b[` …
    Range {
        /// Lower end.
        start: Box<Expr>,
        /// Whether the lower end is included.
        start_closed: bool,
        /// Upper end.
        end: Box<Expr>,
        /// Whether the upper end is included.
        end_closed: bool,
    },
    /// `< e`, `<= e`, `> e`, `>= e`, `= e`, `!= e` as a simple positive unary test / range value.
    UnaryCmp(CmpOp, Box<Expr>),
    /// `-e`
    Neg(Box<Expr>),
    /// `a + b` etc.
    Arith(ArithOp, Box<Expr>, Box<Expr>),
    /// `a < b` etc.
    Cmp(CmpOp, Box<Expr>, Box<Expr>),
    /// `a and b`
    And(Box<Expr>, Box<Expr>),
    /// `a or b`
    Or(Box<Expr>, Box<Expr>),
    /// `v between a and b`
    Between(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `v in tests`
    In(Box<Expr>, Vec<Expr>),
    /// `v instance of T`
    InstanceOf(Box<Expr>, TypeRef),
    /// `a.b`
    Path(Box<Expr>, Name),
    /// `list[cond]`
    Filter(Box<Expr>, Box<Expr>),
    /// `f(args)`
    Call(Box<Expr>, CallArgs),
    /// `if c then a else b`
    If(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `for a in x, b in y return e`
    For(Vec<(Name, IterSource)>, Box<Expr>),
    /// `some/every a in x satisfies c`
    Quantified {
        /// `true` for `every`.
        every: bool,
        /// The variables.
        bindings: Vec<(Name, IterSource)>,
        /// The condition.
        satisfies: Box<Expr>,
    },
    /// `function(a: number, b) body`
    Function {
        /// Parameters with optional types.
        params: Arc<[(Name, Option<TypeRef>)]>,
        /// The body (shared with the function values made from it).
        body: Arc<Expr>,
        /// `external`: only Java methods of `java.lang` that `sheshim_values::java`
        /// implements are evaluated; any other external function is null.
        external: bool,
    },
}

/// Unary tests, as in a decision table input entry.
#[derive(Clone, Debug)]
pub enum UnaryTests {
    /// `-`: matches anything.
    Any,
    /// `t1, t2, …`: matches if any test matches.
    Positive(Vec<Expr>),
    /// `not(t1, t2, …)`: matches if none matches.
    Not(Vec<Expr>),
}
