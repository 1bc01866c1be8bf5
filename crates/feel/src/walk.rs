//! Walking a FEEL syntax tree: whether an expression refers to `?` or to a name, and which
//! names it reads that it does not define itself.

use crate::ast::{CallArgs, Expr, IterSource};
use sheshim_values::Name;

/// Whether an expression refers to `?`.
pub(crate) fn uses_input(e: &Expr) -> bool {
    let mut found = false;
    visit(e, &mut |x| {
        if matches!(x, Expr::Input) {
            found = true;
        }
    });
    found
}

/// Whether an expression refers to a name.
pub(crate) fn uses_name(e: &Expr, name: &str) -> bool {
    let mut found = false;
    visit(e, &mut |x| {
        if let Expr::Name(n) = x
            && &**n == name
        {
            found = true;
        }
    });
    found
}

/// Calls `f` on `e` and every expression inside it. The recursion is as deep as the tree,
/// which the parser keeps within its nesting limit.
pub(crate) fn visit(e: &Expr, f: &mut dyn FnMut(&Expr)) {
    f(e);
    let sources = |bs: &[(Name, IterSource)], f: &mut dyn FnMut(&Expr)| {
        for (_, s) in bs {
            match s {
                IterSource::Expr(x) => visit(x, f),
                IterSource::Range(a, b) => {
                    visit(a, f);
                    visit(b, f);
                }
            }
        }
    };
    match e {
        Expr::Literal(_) | Expr::At(_) | Expr::Name(_) | Expr::Input => {}
        Expr::List(xs) => xs.iter().for_each(|x| visit(x, f)),
        Expr::Context(es) => es.iter().for_each(|(_, x)| visit(x, f)),
        Expr::Range { start, end, .. } => {
            visit(start, f);
            visit(end, f);
        }
        Expr::UnaryCmp(_, x) | Expr::Neg(x) | Expr::InstanceOf(x, _) | Expr::Path(x, _) => {
            visit(x, f)
        }
        Expr::Arith(_, a, b)
        | Expr::Cmp(_, a, b)
        | Expr::And(a, b)
        | Expr::Or(a, b)
        | Expr::Filter(a, b) => {
            visit(a, f);
            visit(b, f);
        }
        Expr::Between(a, b, c) | Expr::If(a, b, c) => {
            visit(a, f);
            visit(b, f);
            visit(c, f);
        }
        Expr::In(a, ts) => {
            visit(a, f);
            ts.iter().for_each(|x| visit(x, f));
        }
        Expr::Call(c, args) => {
            visit(c, f);
            match args {
                CallArgs::Positional(xs) => xs.iter().for_each(|x| visit(x, f)),
                CallArgs::Named(xs) => xs.iter().for_each(|(_, x)| visit(x, f)),
            }
        }
        Expr::For(bs, body) => {
            sources(bs, f);
            visit(body, f);
        }
        Expr::Quantified {
            bindings,
            satisfies,
            ..
        } => {
            sources(bindings, f);
            visit(satisfies, f);
        }
        Expr::Function { body, .. } => visit(body, f),
    }
}

/// The names an expression reads that it does not define itself (as a context entry, a
/// function parameter or an iteration variable), in the order they first appear. Names in
/// a filter's condition are left out: an item's entries are in scope there, and which
/// they are is known only when the list is.
pub fn free_names(e: &Expr) -> Vec<Name> {
    let mut out = Vec::new();
    free(e, &mut Vec::new(), &mut out);
    out
}

/// Like [`free_names`], for unary tests (`?` is not a name).
pub fn free_names_in_tests(tests: &crate::ast::UnaryTests) -> Vec<Name> {
    let mut out = Vec::new();
    if let crate::ast::UnaryTests::Positive(list) | crate::ast::UnaryTests::Not(list) = tests {
        for e in list {
            free(e, &mut Vec::new(), &mut out);
        }
    }
    out
}

fn free(e: &Expr, bound: &mut Vec<Name>, out: &mut Vec<Name>) {
    let mark = bound.len();
    match e {
        Expr::Name(n) => {
            if !bound.contains(n) && !out.contains(n) {
                out.push(n.clone());
            }
        }
        Expr::Literal(_) | Expr::At(_) | Expr::Input => {}
        Expr::Context(entries) => {
            for (key, value) in entries {
                // A function entry may call itself; any entry sees those before it.
                if matches!(value, Expr::Function { .. }) {
                    bound.push(key.clone());
                }
                free(value, bound, out);
                bound.push(key.clone());
            }
        }
        Expr::For(bindings, body) => {
            bind_sources(bindings, bound, out);
            bound.push(Name::from("partial"));
            free(body, bound, out);
        }
        Expr::Quantified {
            bindings,
            satisfies,
            ..
        } => {
            bind_sources(bindings, bound, out);
            free(satisfies, bound, out);
        }
        Expr::Function { params, body, .. } => {
            bound.extend(params.iter().map(|(name, _)| name.clone()));
            free(body, bound, out);
        }
        Expr::Filter(base, _) => free(base, bound, out),
        Expr::List(xs) => xs.iter().for_each(|x| free(x, bound, out)),
        Expr::Range { start, end, .. } => {
            free(start, bound, out);
            free(end, bound, out);
        }
        Expr::UnaryCmp(_, x) | Expr::Neg(x) | Expr::InstanceOf(x, _) | Expr::Path(x, _) => {
            free(x, bound, out)
        }
        Expr::Arith(_, a, b) | Expr::Cmp(_, a, b) | Expr::And(a, b) | Expr::Or(a, b) => {
            free(a, bound, out);
            free(b, bound, out);
        }
        Expr::Between(a, b, c) | Expr::If(a, b, c) => {
            free(a, bound, out);
            free(b, bound, out);
            free(c, bound, out);
        }
        Expr::In(a, tests) => {
            free(a, bound, out);
            tests.iter().for_each(|x| free(x, bound, out));
        }
        Expr::Call(callee, args) => {
            free(callee, bound, out);
            match args {
                CallArgs::Positional(xs) => xs.iter().for_each(|x| free(x, bound, out)),
                CallArgs::Named(xs) => xs.iter().for_each(|(_, x)| free(x, bound, out)),
            }
        }
    }
    bound.truncate(mark);
}

/// Walks each iteration source with the variables before it bound, then binds them all.
fn bind_sources(bindings: &[(Name, IterSource)], bound: &mut Vec<Name>, out: &mut Vec<Name>) {
    for (name, source) in bindings {
        match source {
            IterSource::Expr(x) => free(x, bound, out),
            IterSource::Range(a, b) => {
                free(a, bound, out);
                free(b, bound, out);
            }
        }
        bound.push(name.clone());
    }
}
