//! The FEEL parser: hand-written recursive descent over tokens, with names that may contain
//! spaces recognised against the names known in scope.
//!
//! The syntax tree it builds is at most [`MAX_NESTING`] levels deep — operator chains such
//! as `1 + 1 + …` count a level per operator, since they nest in the tree — and the parser
//! also stops before it has used [`sheshim_values::STACK_ALLOWANCE`] of native stack: deeply
//! nested input is a syntax error, never a stack overflow, and everything that later walks
//! the tree (the evaluator, dropping it) recurses no deeper.

use crate::NameSet;
use crate::ast::{ArithOp, CallArgs, CmpOp, Expr, IterSource, TypeRef, UnaryTests};
use crate::error::{ParseError, excerpt};
use crate::lexer::{Tok, Token, error_at, tokenize};
use crate::names::{builtin_names, normalize};
use sheshim_values::{Name, Number, STACK_ALLOWANCE, Type, Value, stack_exceeded, stack_position};
use std::sync::Arc;

/// How deeply a syntax tree may nest.
pub const MAX_NESTING: usize = 256;

/// Parses a FEEL expression.
pub fn parse_expression(text: &str, names: &NameSet) -> Result<Expr, ParseError> {
    let mut p = Parser::new(text, names)?;
    if p.toks.is_empty() {
        return Err(error_at(text, text.len(), "empty expression"));
    }
    let e = p.expr()?;
    p.expect_end()?;
    Ok(e)
}

/// Parses FEEL unary tests (a decision table input entry): `-`, `t1, t2, …`, `not(t1, …)`,
/// where each test is a simple test (`< 5`, `[1..10)`) or an expression (using `?` for the input).
/// Empty text is `-`.
pub fn parse_unary_tests(text: &str, names: &NameSet) -> Result<UnaryTests, ParseError> {
    let mut p = Parser::new(text, names)?;
    if p.toks.is_empty() || (p.toks.len() == 1 && p.toks[0].is_punct("-")) {
        return Ok(UnaryTests::Any);
    }
    if p.at_ident("not") && p.peek_at(1).is_some_and(|t| t.is_punct("(")) {
        let save = p.pos;
        p.pos += 2;
        if let Ok(tests) = p.test_list(")")
            && p.pos == p.toks.len()
        {
            return Ok(UnaryTests::Not(tests));
        }
        p.pos = save;
    }
    let mut tests = vec![p.expr()?];
    while p.eat_punct(",") {
        tests.push(p.expr()?);
    }
    p.expect_end()?;
    Ok(UnaryTests::Positive(tests))
}

/// Parses a FEEL type expression (`number`, `list<string>`, `context<a: number>`,
/// `function<number> -> string`, `date and time`, `range<date>`, `Any`, `Null`).
/// Names that are not FEEL types (item definitions) are an error.
pub fn parse_type(text: &str) -> Result<Type, ParseError> {
    let names = NameSet::new();
    let mut p = Parser::new(text, &names)?;
    let start = p.offset();
    let t = p.type_ref()?;
    p.expect_end()?;
    match t {
        TypeRef::Known(t) => Ok(t),
        TypeRef::Named(n) => Err(error_at(
            text,
            start,
            format!("unknown type {}", excerpt(&n)),
        )),
    }
}

const KEYWORDS: &[&str] = &[
    "and",
    "or",
    "in",
    "instance",
    "of",
    "between",
    "if",
    "then",
    "else",
    "for",
    "return",
    "some",
    "every",
    "satisfies",
    "function",
    "true",
    "false",
    "null",
    "external",
];

fn is_keyword(w: &str) -> bool {
    KEYWORDS.contains(&w)
}

/// Punctuation that may occur inside a name (DMN 1.5 additional name symbols).
fn is_name_symbol(t: &Token) -> bool {
    t.kind == Tok::Punct && matches!(t.text.as_str(), "." | "/" | "-" | "'" | "+" | "*")
}

struct Parser<'a> {
    text: &'a str,
    toks: Vec<Token>,
    pos: usize,
    names: &'a NameSet,
    /// Names introduced inside the expression (context keys, parameters, loop variables):
    /// normalised form, token count, name as written.
    locals: Vec<(String, usize, Name)>,
    /// While parsing a range's end point, `[` ends the range instead of starting a filter.
    no_filter: bool,
    /// How deeply the tree being built nests at this point.
    depth: usize,
    /// Where on the native stack parsing started.
    stack_base: usize,
}

type PResult<T> = Result<T, ParseError>;

impl<'a> Parser<'a> {
    fn new(text: &'a str, names: &'a NameSet) -> PResult<Parser<'a>> {
        Ok(Parser {
            text,
            toks: tokenize(text)?,
            pos: 0,
            names,
            locals: Vec::new(),
            no_filter: false,
            depth: 0,
            stack_base: stack_position(),
        })
    }

    // ----- token helpers -----

    fn peek(&self) -> Option<&Token> {
        self.toks.get(self.pos)
    }

    fn peek_at(&self, k: usize) -> Option<&Token> {
        self.toks.get(self.pos + k)
    }

    fn offset(&self) -> usize {
        self.peek().map_or(self.text.len(), |t| t.start)
    }

    fn err<T>(&self, message: impl Into<String>) -> PResult<T> {
        Err(error_at(self.text, self.offset(), message))
    }

    fn at_punct(&self, p: &str) -> bool {
        self.peek().is_some_and(|t| t.is_punct(p))
    }

    fn at_ident(&self, w: &str) -> bool {
        self.peek().is_some_and(|t| t.is_ident(w))
    }

    fn eat_punct(&mut self, p: &str) -> bool {
        if self.at_punct(p) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_ident(&mut self, w: &str) -> bool {
        if self.at_ident(w) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn describe_here(&self) -> String {
        match self.peek() {
            Some(t) => format!("`{}`", excerpt(&t.text)),
            None => "end of text".to_string(),
        }
    }

    fn expect_punct(&mut self, p: &str) -> PResult<()> {
        if self.eat_punct(p) {
            Ok(())
        } else {
            self.err(format!("expected `{p}`, found {}", self.describe_here()))
        }
    }

    fn expect_ident(&mut self, w: &str) -> PResult<()> {
        if self.eat_ident(w) {
            Ok(())
        } else {
            self.err(format!("expected `{w}`, found {}", self.describe_here()))
        }
    }

    fn expect_end(&self) -> PResult<()> {
        match self.peek() {
            None => Ok(()),
            Some(t) => self.err(format!("unexpected `{}`", excerpt(&t.text))),
        }
    }

    /// One level deeper into the tree; an error past [`MAX_NESTING`] levels or when the
    /// stack allowance is used up.
    fn deeper(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING || stack_exceeded(self.stack_base, STACK_ALLOWANCE) {
            self.err(format!(
                "expression nested too deeply (more than {MAX_NESTING} levels)"
            ))
        } else {
            Ok(())
        }
    }

    /// Runs `parse` and puts the depth back as it was, whether it succeeds or not (the
    /// parser backtracks in a few places).
    fn nested<T>(&mut self, parse: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        let mark = self.depth;
        let result = parse(self);
        self.depth = mark;
        result
    }

    // ----- names -----

    fn push_local(&mut self, name: &Name) {
        let (norm, n) = normalize(name);
        self.locals.push((norm, n, name.clone()));
    }

    /// The known name (longest first) starting at the current token, with its token count.
    fn known_name_here(&self) -> Option<(Name, usize)> {
        let max_local = self.locals.iter().map(|l| l.1).max().unwrap_or(0);
        let builtins = builtin_names();
        let max = self
            .names
            .max_tokens()
            .max(max_local)
            .max(builtins.max_tokens());
        let avail = self.toks.len() - self.pos;
        let mut n = max.min(avail);
        while n >= 2 {
            let slice = &self.toks[self.pos..self.pos + n];
            if slice
                .iter()
                .all(|t| matches!(t.kind, Tok::Ident | Tok::Number) || is_name_symbol(t))
            {
                let norm = slice
                    .iter()
                    .map(|t| t.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(l) = self.locals.iter().rev().find(|l| l.0 == norm) {
                    return Some((l.2.clone(), n));
                }
                if let Some(orig) = self.names.get(&norm) {
                    return Some((Name::from(orig), n));
                }
                let call_follows = self.toks.get(self.pos + n).is_some_and(|t| t.is_punct("("));
                if call_follows && let Some(orig) = builtins.get(&norm) {
                    return Some((Name::from(orig), n));
                }
            }
            n -= 1;
        }
        None
    }

    /// The raw text from token `a` to token `b` (inclusive), white space collapsed.
    fn raw(&self, a: usize, b: usize) -> String {
        let s = &self.text[self.toks[a].start..self.toks[b].end];
        s.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Reads a name at the current token: the longest known name, else consecutive words.
    fn name(&mut self) -> PResult<Name> {
        if let Some((name, n)) = self.known_name_here() {
            self.pos += n;
            return Ok(name);
        }
        match self.peek() {
            Some(t) if t.kind == Tok::Ident => {}
            _ => return self.err(format!("expected a name, found {}", self.describe_here())),
        }
        let first = self.pos;
        self.pos += 1;
        loop {
            match self.peek() {
                Some(t) if t.kind == Tok::Ident && !is_keyword(&t.text) => self.pos += 1,
                Some(t)
                    if t.is_punct("'")
                        && self
                            .peek_at(1)
                            .is_some_and(|n| n.kind == Tok::Ident && !is_keyword(&n.text)) =>
                {
                    self.pos += 2
                }
                _ => break,
            }
        }
        Ok(Name::from(self.raw(first, self.pos - 1)))
    }

    /// Reads a name being defined (context key, parameter, loop variable): every token up to
    /// one of the `stops`.
    fn defined_name(&mut self, stops: &[&str]) -> PResult<Name> {
        if let Some(Tok::Str(s)) = self.peek().map(|t| t.kind.clone()) {
            self.pos += 1;
            return Ok(Name::from(s));
        }
        let first = self.pos;
        while let Some(t) = self.peek() {
            let stop = stops.iter().any(|s| t.is_punct(s) || t.is_ident(s));
            if stop {
                break;
            }
            if !(matches!(t.kind, Tok::Ident | Tok::Number) || is_name_symbol(t)) {
                return self.err(format!("unexpected `{}` in a name", excerpt(&t.text)));
            }
            self.pos += 1;
        }
        if self.pos == first {
            return self.err(format!("expected a name, found {}", self.describe_here()));
        }
        Ok(Name::from(self.raw(first, self.pos - 1)))
    }

    // ----- expressions -----

    fn expr(&mut self) -> PResult<Expr> {
        self.nested(|p| {
            p.deeper()?;
            let saved = p.no_filter;
            p.no_filter = false;
            let r = p.textual();
            p.no_filter = saved;
            r
        })
    }

    fn textual(&mut self) -> PResult<Expr> {
        let kw = match self.peek() {
            Some(t) if t.kind == Tok::Ident => t.text.clone(),
            _ => return self.disjunction(),
        };
        if self.known_name_here().is_some() {
            return self.disjunction();
        }
        match kw.as_str() {
            "if" => {
                self.pos += 1;
                let c = self.expr()?;
                self.expect_ident("then")?;
                let a = self.expr()?;
                self.expect_ident("else")?;
                let b = self.expr()?;
                Ok(Expr::If(Box::new(c), Box::new(a), Box::new(b)))
            }
            "for" => {
                self.pos += 1;
                let mark = self.locals.len();
                let bindings = self.bindings()?;
                self.expect_ident("return")?;
                self.push_local(&Name::from("partial"));
                let body = self.expr();
                self.locals.truncate(mark);
                Ok(Expr::For(bindings, Box::new(body?)))
            }
            "some" | "every" => {
                self.pos += 1;
                let mark = self.locals.len();
                let bindings = self.bindings()?;
                self.expect_ident("satisfies")?;
                let body = self.expr();
                self.locals.truncate(mark);
                Ok(Expr::Quantified {
                    every: kw == "every",
                    bindings,
                    satisfies: Box::new(body?),
                })
            }
            "function" if self.peek_at(1).is_some_and(|t| t.is_punct("(")) => {
                self.pos += 2;
                let mut params: Vec<(Name, Option<TypeRef>)> = Vec::new();
                if !self.eat_punct(")") {
                    loop {
                        let name = self.defined_name(&[":", ",", ")"])?;
                        let ty = if self.eat_punct(":") {
                            Some(self.type_ref()?)
                        } else {
                            None
                        };
                        params.push((name, ty));
                        if self.eat_punct(")") {
                            break;
                        }
                        self.expect_punct(",")?;
                    }
                }
                let external = self.eat_ident("external");
                let mark = self.locals.len();
                for (n, _) in &params {
                    self.push_local(n);
                }
                let body = self.expr();
                self.locals.truncate(mark);
                Ok(Expr::Function {
                    params: params.into(),
                    body: Arc::new(body?),
                    external,
                })
            }
            _ => self.disjunction(),
        }
    }

    /// `name in source, name in source …` for `for`, `some`, `every`; pushes the names as locals.
    fn bindings(&mut self) -> PResult<Vec<(Name, IterSource)>> {
        let mut out = Vec::new();
        loop {
            let name = self.defined_name(&["in"])?;
            self.expect_ident("in")?;
            let from = self.expr()?;
            let source = if self.eat_punct("..") {
                IterSource::Range(from, self.expr()?)
            } else {
                IterSource::Expr(from)
            };
            self.push_local(&name);
            out.push((name, source));
            if !self.eat_punct(",") {
                break;
            }
        }
        Ok(out)
    }

    fn disjunction(&mut self) -> PResult<Expr> {
        self.nested(|p| {
            let mut left = p.conjunction()?;
            while p.eat_ident("or") {
                p.deeper()?;
                let right = p.conjunction()?;
                left = Expr::Or(Box::new(left), Box::new(right));
            }
            Ok(left)
        })
    }

    fn conjunction(&mut self) -> PResult<Expr> {
        self.nested(|p| {
            let mut left = p.comparison()?;
            while p.eat_ident("and") {
                p.deeper()?;
                let right = p.comparison()?;
                left = Expr::And(Box::new(left), Box::new(right));
            }
            Ok(left)
        })
    }

    fn cmp_op_here(&self) -> Option<CmpOp> {
        let t = self.peek()?;
        if t.kind != Tok::Punct {
            return None;
        }
        Some(match t.text.as_str() {
            "=" => CmpOp::Eq,
            "!=" => CmpOp::Ne,
            "<" => CmpOp::Lt,
            "<=" => CmpOp::Le,
            ">" => CmpOp::Gt,
            ">=" => CmpOp::Ge,
            _ => return None,
        })
    }

    fn comparison(&mut self) -> PResult<Expr> {
        self.nested(Self::comparison_chain)
    }

    fn comparison_chain(&mut self) -> PResult<Expr> {
        let mut left = self.additive()?;
        loop {
            let continues = self.cmp_op_here().is_some()
                || self.at_ident("between")
                || self.at_ident("in")
                || self.at_ident("instance");
            if continues {
                self.deeper()?;
            }
            if let Some(op) = self.cmp_op_here() {
                self.pos += 1;
                let right = self.additive()?;
                left = Expr::Cmp(op, Box::new(left), Box::new(right));
            } else if self.eat_ident("between") {
                let low = self.additive()?;
                self.expect_ident("and")?;
                let high = self.additive()?;
                left = Expr::Between(Box::new(left), Box::new(low), Box::new(high));
            } else if self.eat_ident("in") {
                let tests = self.in_tests()?;
                left = Expr::In(Box::new(left), tests);
            } else if self.at_ident("instance") && self.peek_at(1).is_some_and(|t| t.is_ident("of"))
            {
                self.pos += 2;
                let ty = self.type_ref()?;
                left = Expr::InstanceOf(Box::new(left), ty);
            } else {
                return Ok(left);
            }
        }
    }

    /// The right side of `in`: one positive unary test, or a parenthesised list of them.
    fn in_tests(&mut self) -> PResult<Vec<Expr>> {
        if self.at_punct("(") {
            let save = self.pos;
            match self.additive() {
                Ok(e) => return Ok(vec![e]),
                Err(_) => {
                    self.pos = save + 1;
                    return self.test_list(")");
                }
            }
        }
        Ok(vec![self.additive()?])
    }

    /// `t1, t2, … <close>` (the opening bracket already read).
    fn test_list(&mut self, close: &str) -> PResult<Vec<Expr>> {
        let tests = self.nested(|p| {
            p.deeper()?;
            let mut tests = vec![p.expr()?];
            while p.eat_punct(",") {
                tests.push(p.expr()?);
            }
            Ok(tests)
        })?;
        self.expect_punct(close)?;
        Ok(tests)
    }

    fn additive(&mut self) -> PResult<Expr> {
        self.arithmetic(
            &[("+", ArithOp::Add), ("-", ArithOp::Sub)],
            Self::multiplicative,
        )
    }

    fn multiplicative(&mut self) -> PResult<Expr> {
        self.arithmetic(&[("*", ArithOp::Mul), ("/", ArithOp::Div)], Self::power)
    }

    fn power(&mut self) -> PResult<Expr> {
        self.arithmetic(&[("**", ArithOp::Pow)], Self::unary)
    }

    /// A left-associative chain `a op b op c …` of the operators in `ops`, each operand
    /// read by `operand`. Each operator nests the tree one level deeper.
    fn arithmetic(
        &mut self,
        ops: &[(&str, ArithOp)],
        operand: fn(&mut Self) -> PResult<Expr>,
    ) -> PResult<Expr> {
        self.nested(|p| {
            let mut left = operand(p)?;
            while let Some(&(_, op)) = ops.iter().find(|(punct, _)| p.at_punct(punct)) {
                p.pos += 1;
                p.deeper()?;
                let right = operand(p)?;
                left = Expr::Arith(op, Box::new(left), Box::new(right));
            }
            Ok(left)
        })
    }

    fn unary(&mut self) -> PResult<Expr> {
        if self.eat_punct("-") {
            return self.nested(|p| {
                p.deeper()?;
                Ok(Expr::Neg(Box::new(p.unary()?)))
            });
        }
        self.postfix()
    }

    fn postfix(&mut self) -> PResult<Expr> {
        self.nested(Self::postfix_chain)
    }

    fn postfix_chain(&mut self) -> PResult<Expr> {
        let mut e = self.primary()?;
        loop {
            if self.at_punct(".") || self.at_punct("[") || self.at_punct("(") {
                self.deeper()?;
            }
            if self.eat_punct(".") {
                let name = self.name()?;
                e = Expr::Path(Box::new(e), name);
            } else if !self.no_filter && self.at_punct("[") {
                self.pos += 1;
                let f = self.expr()?;
                self.expect_punct("]")?;
                e = Expr::Filter(Box::new(e), Box::new(f));
            } else if self.at_punct("(") {
                self.pos += 1;
                let args = self.call_args()?;
                e = Expr::Call(Box::new(e), args);
            } else {
                return Ok(e);
            }
        }
    }

    /// Whether the tokens at the current position are `name :` (a named argument).
    fn named_arg_here(&self) -> bool {
        let mut k = self.pos;
        while let Some(t) = self.toks.get(k) {
            if t.kind == Tok::Ident
                || (k > self.pos && (t.kind == Tok::Number || is_name_symbol(t)))
            {
                k += 1;
            } else {
                return k > self.pos && t.is_punct(":");
            }
        }
        false
    }

    fn call_args(&mut self) -> PResult<CallArgs> {
        if self.eat_punct(")") {
            return Ok(CallArgs::Positional(Vec::new()));
        }
        if self.named_arg_here() {
            let mut args = Vec::new();
            loop {
                let name = self.defined_name(&[":"])?;
                self.expect_punct(":")?;
                args.push((name, self.expr()?));
                if self.eat_punct(")") {
                    return Ok(CallArgs::Named(args));
                }
                self.expect_punct(",")?;
            }
        }
        let mut args = Vec::new();
        loop {
            args.push(self.expr()?);
            if self.eat_punct(")") {
                return Ok(CallArgs::Positional(args));
            }
            self.expect_punct(",")?;
        }
    }

    /// The end of a range after `..`: the end point and its closing bracket.
    fn range_end(&mut self, start: Expr, start_closed: bool) -> PResult<Expr> {
        let end = self.nested(|p| {
            p.deeper()?;
            let saved = p.no_filter;
            p.no_filter = true;
            let end = p.additive();
            p.no_filter = saved;
            end
        })?;
        let end_closed = if self.eat_punct("]") {
            true
        } else if self.eat_punct(")") || self.eat_punct("[") {
            false
        } else {
            return self.err(format!(
                "expected `]`, `)` or `[` to end the range, found {}",
                self.describe_here()
            ));
        };
        Ok(Expr::Range {
            start: Box::new(start),
            start_closed,
            end: Box::new(end),
            end_closed,
        })
    }

    fn primary(&mut self) -> PResult<Expr> {
        let Some(t) = self.peek().cloned() else {
            return self.err("expected an expression, found end of text");
        };
        match &t.kind {
            Tok::Number => {
                self.pos += 1;
                match Number::parse(&t.text) {
                    Some(n) => Ok(Expr::Literal(Value::Number(n))),
                    None => Err(error_at(
                        self.text,
                        t.start,
                        format!("bad number {}", excerpt(&t.text)),
                    )),
                }
            }
            Tok::Str(s) => {
                self.pos += 1;
                Ok(Expr::Literal(Value::string(s.as_str())))
            }
            Tok::At(s) => {
                self.pos += 1;
                Ok(Expr::At(s.clone()))
            }
            Tok::Ident => {
                if self.known_name_here().is_none() {
                    match t.text.as_str() {
                        "true" => {
                            self.pos += 1;
                            return Ok(Expr::Literal(Value::Boolean(true)));
                        }
                        "false" => {
                            self.pos += 1;
                            return Ok(Expr::Literal(Value::Boolean(false)));
                        }
                        "null" => {
                            self.pos += 1;
                            return Ok(Expr::Literal(Value::Null));
                        }
                        "if" | "for" | "some" | "every" | "function" => return self.expr(),
                        w if is_keyword(w) => return self.err(format!("unexpected keyword `{w}`")),
                        _ => {}
                    }
                }
                Ok(Expr::Name(self.name()?))
            }
            Tok::Punct => match t.text.as_str() {
                "?" => {
                    self.pos += 1;
                    Ok(Expr::Input)
                }
                "(" => {
                    self.pos += 1;
                    let e = self.expr()?;
                    if self.eat_punct("..") {
                        return self.range_end(e, false);
                    }
                    self.expect_punct(")")?;
                    Ok(e)
                }
                "[" => {
                    self.pos += 1;
                    if self.eat_punct("]") {
                        return Ok(Expr::List(Vec::new()));
                    }
                    let first = self.expr()?;
                    if self.eat_punct("..") {
                        return self.range_end(first, true);
                    }
                    let mut items = vec![first];
                    while self.eat_punct(",") {
                        items.push(self.expr()?);
                    }
                    self.expect_punct("]")?;
                    Ok(Expr::List(items))
                }
                "]" => {
                    self.pos += 1;
                    let start = self.expr()?;
                    self.expect_punct("..")?;
                    self.range_end(start, false)
                }
                "{" => {
                    self.pos += 1;
                    self.context()
                }
                "=" | "!=" | "<" | "<=" | ">" | ">=" => {
                    let op = self.cmp_op_here().unwrap_or(CmpOp::Eq);
                    self.pos += 1;
                    let e = self.nested(|p| {
                        p.deeper()?;
                        p.additive()
                    })?;
                    Ok(Expr::UnaryCmp(op, Box::new(e)))
                }
                p => self.err(format!("expected an expression, found `{p}`")),
            },
        }
    }

    /// A context literal after `{`.
    fn context(&mut self) -> PResult<Expr> {
        let mark = self.locals.len();
        let r = self.context_entries();
        self.locals.truncate(mark);
        r
    }

    fn context_entries(&mut self) -> PResult<Expr> {
        let mut entries = Vec::new();
        if self.eat_punct("}") {
            return Ok(Expr::Context(entries));
        }
        loop {
            let key = self.defined_name(&[":"])?;
            self.expect_punct(":")?;
            let value = self.expr()?;
            self.push_local(&key);
            entries.push((key, value));
            if self.eat_punct("}") {
                return Ok(Expr::Context(entries));
            }
            self.expect_punct(",")?;
        }
    }

    // ----- types -----

    fn type_ref(&mut self) -> PResult<TypeRef> {
        self.nested(|p| {
            p.deeper()?;
            p.type_ref_inner()
        })
    }

    fn type_ref_inner(&mut self) -> PResult<TypeRef> {
        let start = self.pos;
        let Some(t) = self.peek().cloned() else {
            return self.err("expected a type, found end of text");
        };
        if t.kind != Tok::Ident {
            return self.err(format!("expected a type, found `{}`", excerpt(&t.text)));
        }
        self.pos += 1;
        let seq = |p: &mut Parser, words: &[&str]| -> bool {
            let ok = words
                .iter()
                .enumerate()
                .all(|(i, w)| p.peek_at(i).is_some_and(|t| t.is_ident(w)));
            if ok {
                p.pos += words.len();
            }
            ok
        };
        let known = |t: Type| Ok(TypeRef::Known(t));
        let mut any_named = false;
        let mut sub = |p: &mut Parser| -> PResult<Type> {
            match p.type_ref()? {
                TypeRef::Known(t) => Ok(t),
                TypeRef::Named(_) => {
                    any_named = true;
                    Ok(Type::Any)
                }
            }
        };
        let result = match t.text.as_str() {
            "number" => known(Type::Number),
            "string" => known(Type::String),
            "boolean" => known(Type::Boolean),
            "Any" => known(Type::Any),
            "Null" => known(Type::Null),
            "time" => known(Type::Time),
            // DMN 1.1 (XML Schema) names still used as type references.
            "dateTime" => known(Type::DateTime),
            "dayTimeDuration" => known(Type::DaysTime),
            "yearMonthDuration" => known(Type::YearsMonths),
            "date" => {
                if seq(self, &["and", "time"]) {
                    known(Type::DateTime)
                } else {
                    known(Type::Date)
                }
            }
            "years" if seq(self, &["and", "months", "duration"]) => known(Type::YearsMonths),
            "days" if seq(self, &["and", "time", "duration"]) => known(Type::DaysTime),
            "list" | "range" if self.at_punct("<") => {
                self.pos += 1;
                let inner = sub(self)?;
                self.expect_punct(">")?;
                if t.text == "list" {
                    known(Type::List(Box::new(inner)))
                } else {
                    known(Type::Range(Box::new(inner)))
                }
            }
            "context" if self.at_punct("<") => {
                self.pos += 1;
                let mut entries = Vec::new();
                if !self.eat_punct(">") {
                    loop {
                        let name = self.defined_name(&[":"])?;
                        self.expect_punct(":")?;
                        entries.push((name, sub(self)?));
                        if self.eat_punct(">") {
                            break;
                        }
                        self.expect_punct(",")?;
                    }
                }
                known(Type::Context(entries))
            }
            "function" if self.at_punct("<") => {
                self.pos += 1;
                let mut params = Vec::new();
                if !self.eat_punct(">") {
                    loop {
                        params.push(sub(self)?);
                        if self.eat_punct(">") {
                            break;
                        }
                        self.expect_punct(",")?;
                    }
                }
                self.expect_punct("->")?;
                let ret = sub(self)?;
                known(Type::Function(params, Box::new(ret)))
            }
            _ => {
                // An item definition name, possibly qualified (`ns.tPerson`).
                while self.at_punct(".") && self.peek_at(1).is_some_and(|t| t.kind == Tok::Ident) {
                    self.pos += 2;
                }
                any_named = true;
                Ok(TypeRef::Known(Type::Any))
            }
        };
        let result = result?;
        if any_named {
            return Ok(TypeRef::Named(Name::from(self.raw(start, self.pos - 1))));
        }
        Ok(result)
    }
}
