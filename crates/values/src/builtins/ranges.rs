//! Range functions (DMN 1.5 §10.3.4.9): relations between points and ranges.

use crate::{Range, RangeBound, Value};
use std::cmp::Ordering;

/// One end of a range, with infinities for unbounded ends.
#[derive(Clone)]
enum End {
    NegInf,
    PosInf,
    At(Value),
}

struct R {
    start: End,
    start_incl: bool,
    end: End,
    end_incl: bool,
}

fn bound(b: &RangeBound, inf: End) -> (End, bool) {
    match b {
        RangeBound::Unbounded => (inf, false),
        RangeBound::Closed(v) | RangeBound::Open(v) if v.is_null() => (inf, false),
        RangeBound::Closed(v) => (End::At(v.clone()), true),
        RangeBound::Open(v) => (End::At(v.clone()), false),
    }
}

fn to_r(r: &Range) -> R {
    let (start, start_incl) = bound(&r.start, End::NegInf);
    let (end, end_incl) = bound(&r.end, End::PosInf);
    R {
        start,
        start_incl,
        end,
        end_incl,
    }
}

fn cmp(a: &End, b: &End) -> Option<Ordering> {
    match (a, b) {
        (End::NegInf, End::NegInf) | (End::PosInf, End::PosInf) => Some(Ordering::Equal),
        (End::NegInf, _) | (_, End::PosInf) => Some(Ordering::Less),
        (End::PosInf, _) | (_, End::NegInf) => Some(Ordering::Greater),
        (End::At(x), End::At(y)) => x.feel_cmp(y),
    }
}

fn lt(a: &End, b: &End) -> Option<bool> {
    Some(cmp(a, b)? == Ordering::Less)
}
fn gt(a: &End, b: &End) -> Option<bool> {
    Some(cmp(a, b)? == Ordering::Greater)
}
fn eq(a: &End, b: &End) -> Option<bool> {
    Some(cmp(a, b)? == Ordering::Equal)
}

enum Arg {
    Point(End),
    Range(R),
}

fn classify(v: &Value) -> Option<Arg> {
    match v {
        Value::Null => None,
        Value::Range(r) => Some(Arg::Range(to_r(r))),
        v => Some(Arg::Point(End::At(v.clone()))),
    }
}

type Rel = fn(&Arg, &Arg) -> Option<bool>;

fn apply(args: &[Value], rel: Rel) -> Value {
    let [a, b] = args else {
        return Value::Null;
    };
    match (classify(a), classify(b)) {
        (Some(a), Some(b)) => rel(&a, &b).map_or(Value::Null, Value::Boolean),
        _ => Value::Null,
    }
}

fn before_rel(a: &Arg, b: &Arg) -> Option<bool> {
    match (a, b) {
        (Arg::Point(p), Arg::Point(q)) => lt(p, q),
        (Arg::Point(p), Arg::Range(r)) => {
            Some(lt(p, &r.start)? || (eq(p, &r.start)? && !r.start_incl))
        }
        (Arg::Range(r), Arg::Point(p)) => Some(lt(&r.end, p)? || (eq(&r.end, p)? && !r.end_incl)),
        (Arg::Range(r1), Arg::Range(r2)) => Some(
            lt(&r1.end, &r2.start)?
                || ((!r1.end_incl || !r2.start_incl) && eq(&r1.end, &r2.start)?),
        ),
    }
}

fn after_rel(a: &Arg, b: &Arg) -> Option<bool> {
    match (a, b) {
        (Arg::Point(p), Arg::Point(q)) => gt(p, q),
        (Arg::Point(p), Arg::Range(r)) => Some(gt(p, &r.end)? || (eq(p, &r.end)? && !r.end_incl)),
        (Arg::Range(r), Arg::Point(p)) => {
            Some(gt(&r.start, p)? || (eq(&r.start, p)? && !r.start_incl))
        }
        (Arg::Range(r1), Arg::Range(r2)) => Some(
            gt(&r1.start, &r2.end)?
                || ((!r1.start_incl || !r2.end_incl) && eq(&r1.start, &r2.end)?),
        ),
    }
}

fn ranges<'a>(a: &'a Arg, b: &'a Arg) -> Option<(&'a R, &'a R)> {
    match (a, b) {
        (Arg::Range(x), Arg::Range(y)) => Some((x, y)),
        _ => None,
    }
}

fn meets_rel(a: &Arg, b: &Arg) -> Option<bool> {
    let (r1, r2) = ranges(a, b)?;
    Some(r1.end_incl && r2.start_incl && eq(&r1.end, &r2.start)?)
}

fn met_by_rel(a: &Arg, b: &Arg) -> Option<bool> {
    let (r1, r2) = ranges(a, b)?;
    Some(r1.start_incl && r2.end_incl && eq(&r1.start, &r2.end)?)
}

fn overlaps_rel(a: &Arg, b: &Arg) -> Option<bool> {
    let (r1, r2) = ranges(a, b)?;
    let x = gt(&r1.end, &r2.start)? || (eq(&r1.end, &r2.start)? && r1.end_incl && r2.start_incl);
    let y = lt(&r1.start, &r2.end)? || (eq(&r1.start, &r2.end)? && r1.start_incl && r2.end_incl);
    Some(x && y)
}

fn overlaps_before_rel(a: &Arg, b: &Arg) -> Option<bool> {
    let (r1, r2) = ranges(a, b)?;
    let x =
        lt(&r1.start, &r2.start)? || (eq(&r1.start, &r2.start)? && r1.start_incl && !r2.start_incl);
    let y = gt(&r1.end, &r2.start)? || (eq(&r1.end, &r2.start)? && r1.end_incl && r2.start_incl);
    let z = lt(&r1.end, &r2.end)? || (eq(&r1.end, &r2.end)? && (!r1.end_incl || r2.end_incl));
    Some(x && y && z)
}

fn overlaps_after_rel(a: &Arg, b: &Arg) -> Option<bool> {
    overlaps_before_rel(b, a)
}

fn finishes_rel(a: &Arg, b: &Arg) -> Option<bool> {
    match (a, b) {
        (Arg::Point(p), Arg::Range(r)) => Some(r.end_incl && eq(&r.end, p)?),
        (Arg::Range(r1), Arg::Range(r2)) => Some(
            r1.end_incl == r2.end_incl
                && eq(&r1.end, &r2.end)?
                && (gt(&r1.start, &r2.start)?
                    || (eq(&r1.start, &r2.start)? && (!r1.start_incl || r2.start_incl))),
        ),
        _ => None,
    }
}

fn finished_by_rel(a: &Arg, b: &Arg) -> Option<bool> {
    match (a, b) {
        (Arg::Range(r), Arg::Point(p)) => Some(r.end_incl && eq(&r.end, p)?),
        (Arg::Range(_), Arg::Range(_)) => finishes_rel(b, a),
        _ => None,
    }
}

fn includes_rel(a: &Arg, b: &Arg) -> Option<bool> {
    match (a, b) {
        (Arg::Range(r), Arg::Point(p)) => Some(
            (lt(&r.start, p)? && gt(&r.end, p)?)
                || (eq(&r.start, p)? && r.start_incl)
                || (eq(&r.end, p)? && r.end_incl),
        ),
        (Arg::Range(r1), Arg::Range(r2)) => Some(
            (lt(&r1.start, &r2.start)?
                || (eq(&r1.start, &r2.start)? && (r1.start_incl || !r2.start_incl)))
                && (gt(&r1.end, &r2.end)?
                    || (eq(&r1.end, &r2.end)? && (r1.end_incl || !r2.end_incl))),
        ),
        _ => None,
    }
}

fn during_rel(a: &Arg, b: &Arg) -> Option<bool> {
    match (a, b) {
        (_, Arg::Range(_)) => includes_rel(b, a),
        _ => None,
    }
}

fn starts_rel(a: &Arg, b: &Arg) -> Option<bool> {
    match (a, b) {
        (Arg::Point(p), Arg::Range(r)) => Some(r.start_incl && eq(&r.start, p)?),
        (Arg::Range(r1), Arg::Range(r2)) => Some(
            eq(&r1.start, &r2.start)?
                && r1.start_incl == r2.start_incl
                && (lt(&r1.end, &r2.end)?
                    || (eq(&r1.end, &r2.end)? && (!r1.end_incl || r2.end_incl))),
        ),
        _ => None,
    }
}

fn started_by_rel(a: &Arg, b: &Arg) -> Option<bool> {
    match (a, b) {
        (Arg::Range(r), Arg::Point(p)) => Some(r.start_incl && eq(&r.start, p)?),
        (Arg::Range(_), Arg::Range(_)) => starts_rel(b, a),
        _ => None,
    }
}

fn coincides_rel(a: &Arg, b: &Arg) -> Option<bool> {
    match (a, b) {
        (Arg::Point(p), Arg::Point(q)) => eq(p, q),
        (Arg::Range(r1), Arg::Range(r2)) => Some(
            eq(&r1.start, &r2.start)?
                && r1.start_incl == r2.start_incl
                && eq(&r1.end, &r2.end)?
                && r1.end_incl == r2.end_incl,
        ),
        _ => None,
    }
}

pub(super) fn before(args: &[Value]) -> Value {
    apply(args, before_rel)
}
pub(super) fn after(args: &[Value]) -> Value {
    apply(args, after_rel)
}
pub(super) fn meets(args: &[Value]) -> Value {
    apply(args, meets_rel)
}
pub(super) fn met_by(args: &[Value]) -> Value {
    apply(args, met_by_rel)
}
pub(super) fn overlaps(args: &[Value]) -> Value {
    apply(args, overlaps_rel)
}
pub(super) fn overlaps_before(args: &[Value]) -> Value {
    apply(args, overlaps_before_rel)
}
pub(super) fn overlaps_after(args: &[Value]) -> Value {
    apply(args, overlaps_after_rel)
}
pub(super) fn finishes(args: &[Value]) -> Value {
    apply(args, finishes_rel)
}
pub(super) fn finished_by(args: &[Value]) -> Value {
    apply(args, finished_by_rel)
}
pub(super) fn includes(args: &[Value]) -> Value {
    apply(args, includes_rel)
}
pub(super) fn during(args: &[Value]) -> Value {
    apply(args, during_rel)
}
pub(super) fn starts(args: &[Value]) -> Value {
    apply(args, starts_rel)
}
pub(super) fn started_by(args: &[Value]) -> Value {
    apply(args, started_by_rel)
}
pub(super) fn coincides(args: &[Value]) -> Value {
    apply(args, coincides_rel)
}
