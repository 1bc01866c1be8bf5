//! The budget of one evaluation: how many steps it may take, how deeply functions may call
//! each other, how large the values it builds may be, and how much native stack it may use.
//!
//! A [`Budget`] is made where an evaluation starts and passed down to everything it
//! evaluates, function calls included. Its counters are plain cells: one evaluation runs on
//! one thread. Running out is a [`BudgetExceeded`] error that aborts the evaluation.

use crate::Value;
use crate::error::{BudgetExceeded, Limit};
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Arc;

/// The limits an evaluation runs within. The defaults suit rules that decide one case;
/// a caller (a service, in its `service.toml`) may raise them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Evaluation steps, default 1,000,000. A step is one iteration of `for`, `some` or
    /// `every`, one item a filter tests, one function call, one decision-table rule tested,
    /// and — for the values an evaluation builds — one list item or context entry or
    /// 16 bytes of text. So the budget bounds both time and the memory built.
    pub steps: u64,
    /// How deeply calls of FEEL functions, business knowledge models and decision services
    /// may nest (recursion), default 256.
    pub depth: u32,
    /// Items in one list, default 1,000,000 (ranges iterated with `for` count as lists).
    pub list_items: usize,
    /// Bytes (UTF-8) in one string, default 1 MiB.
    pub string_bytes: usize,
    /// Entries in one context, default 10,000.
    pub context_entries: usize,
}

impl Limits {
    /// The default limits.
    pub const DEFAULT: Limits = Limits {
        steps: 1_000_000,
        depth: 256,
        list_items: 1_000_000,
        string_bytes: 1 << 20,
        context_entries: 10_000,
    };
}

impl Default for Limits {
    fn default() -> Limits {
        Limits::DEFAULT
    }
}

/// How much native stack an evaluation may use below the point where its [`Budget`] was
/// made: 1 MiB. Threads of 2 MiB (Rust's and tokio's default) leave the caller the other
/// half; the evaluation stops with [`Limit::Stack`] before it could overflow.
pub const STACK_ALLOWANCE: usize = 1 << 20;

/// How deeply lists, contexts and ranges may nest inside each other in values an
/// evaluation builds: 256. Printing, comparing and dropping values recurse into them, so
/// deeper values could overflow the stack wherever they go.
pub const MAX_VALUE_NESTING: usize = 256;

/// Bytes of text that count as one step when a string is built.
const BYTES_PER_STEP: usize = 16;

/// An approximate position on the native stack: the address of a local. Comparing two such
/// positions tells how much stack lies between two calls, without any unsafe code.
#[inline(never)]
pub fn stack_position() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}

/// Whether more than `allowance` bytes of stack lie between `base` and here.
pub fn stack_exceeded(base: usize, allowance: usize) -> bool {
    base.abs_diff(stack_position()) > allowance
}

/// The budget of one evaluation; see the module documentation.
#[derive(Debug)]
pub struct Budget {
    limits: Limits,
    steps: Cell<u64>,
    depth: Cell<u32>,
    stack_base: usize,
}

/// A function call being made: the call depth goes back down when it is dropped.
#[derive(Debug)]
pub struct CallGuard<'a> {
    budget: &'a Budget,
}

impl Drop for CallGuard<'_> {
    fn drop(&mut self) {
        self.budget
            .depth
            .set(self.budget.depth.get().saturating_sub(1));
    }
}

impl Budget {
    /// A fresh budget with these limits; the stack is measured from here.
    pub fn new(limits: Limits) -> Budget {
        Budget {
            limits,
            steps: Cell::new(0),
            depth: Cell::new(0),
            stack_base: stack_position(),
        }
    }

    /// The limits.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The steps taken so far.
    pub fn steps_taken(&self) -> u64 {
        self.steps.get()
    }

    /// Takes one step.
    pub fn step(&self) -> Result<(), BudgetExceeded> {
        self.charge(1)
    }

    /// Takes `n` steps.
    pub fn charge(&self, n: u64) -> Result<(), BudgetExceeded> {
        let taken = self.steps.get().saturating_add(n);
        self.steps.set(taken);
        if taken > self.limits.steps {
            Err(BudgetExceeded::new(Limit::Steps(self.limits.steps)))
        } else {
            Ok(())
        }
    }

    /// Fails when the evaluation has used its share of the native stack; recursive
    /// evaluation calls this on the way down.
    pub fn check_stack(&self) -> Result<(), BudgetExceeded> {
        if stack_exceeded(self.stack_base, STACK_ALLOWANCE) {
            Err(BudgetExceeded::new(Limit::Stack))
        } else {
            Ok(())
        }
    }

    /// Enters a function call: one step, one level of call depth (until the guard is
    /// dropped), and a stack check.
    pub fn enter_call(&self) -> Result<CallGuard<'_>, BudgetExceeded> {
        self.step()?;
        self.check_stack()?;
        if self.depth.get() >= self.limits.depth {
            return Err(BudgetExceeded::new(Limit::Depth(self.limits.depth)));
        }
        self.depth.set(self.depth.get() + 1);
        Ok(CallGuard { budget: self })
    }

    /// Fails unless a list of `items` items is allowed; for checking before building one.
    pub fn allow_list(&self, items: usize) -> Result<(), BudgetExceeded> {
        within(items, self.limits.list_items, Limit::ListItems)
    }

    /// Fails unless a string of `bytes` bytes is allowed; for checking before building one.
    pub fn allow_string(&self, bytes: usize) -> Result<(), BudgetExceeded> {
        within(bytes, self.limits.string_bytes, Limit::StringBytes)
    }

    /// Fails unless a context of `entries` entries is allowed; for checking before building one.
    pub fn allow_context(&self, entries: usize) -> Result<(), BudgetExceeded> {
        within(entries, self.limits.context_entries, Limit::ContextEntries)
    }

    /// Accounts for a value just built: its size against the limits, its nesting against
    /// [`MAX_VALUE_NESTING`], and its items (or text) as steps. Values it holds that were
    /// built before are not counted again, but they are looked through for their nesting,
    /// and that look costs a step per item seen.
    pub fn built(&self, value: &Value) -> Result<(), BudgetExceeded> {
        match value {
            Value::String(text) => {
                self.allow_string(text.len())?;
                self.charge((text.len() / BYTES_PER_STEP) as u64)
            }
            Value::List(items) => {
                self.allow_list(items.len())?;
                self.check_nesting(value)
            }
            Value::Context(context) => {
                self.allow_context(context.len())?;
                self.check_nesting(value)
            }
            Value::Range(_) => self.check_nesting(value),
            _ => Ok(()),
        }
    }

    /// Takes steps for work proportional to the size of these values (a built-in reading
    /// its arguments, a comparison of lists): see [`size_in_steps`].
    pub fn charge_sizes<'v>(
        &self,
        values: impl IntoIterator<Item = &'v Value>,
    ) -> Result<(), BudgetExceeded> {
        self.charge(values.into_iter().map(size_in_steps).sum())
    }

    fn check_nesting(&self, value: &Value) -> Result<(), BudgetExceeded> {
        let mut walk = NestingWalk::default();
        let fits = walk.height(value, 0).is_some();
        self.charge(walk.seen)?;
        if fits {
            Ok(())
        } else {
            Err(BudgetExceeded::new(Limit::Nesting(MAX_VALUE_NESTING)))
        }
    }
}

impl Default for Budget {
    fn default() -> Budget {
        Budget::new(Limits::DEFAULT)
    }
}

/// `Ok` when `size` is at most `limit`.
fn within(size: usize, limit: usize, exceeded: fn(usize) -> Limit) -> Result<(), BudgetExceeded> {
    if size > limit {
        Err(BudgetExceeded::new(exceeded(limit)))
    } else {
        Ok(())
    }
}

/// The steps that reading a value costs: one per list item or context entry, one per
/// 16 bytes of text, none for other values.
pub fn size_in_steps(value: &Value) -> u64 {
    match value {
        Value::List(items) => items.len() as u64,
        Value::Context(context) => context.len() as u64,
        Value::String(text) => (text.len() / BYTES_PER_STEP) as u64,
        _ => 0,
    }
}

/// A walk measuring how deeply lists, contexts and ranges nest in a value. Values are
/// shared (a list may hold the same list many times over), so each one is measured once:
/// the walk costs the number of distinct values, not the size of the tree they unfold to.
#[derive(Default)]
struct NestingWalk {
    /// Heights measured, by the address of the shared value (all alive during the walk).
    heights: HashMap<usize, usize>,
    /// Items looked at.
    seen: u64,
}

impl NestingWalk {
    /// The height of `value` (0 for a value that holds no others) found at `level` below
    /// the root, or `None` when the root is then nested deeper than [`MAX_VALUE_NESTING`].
    /// The recursion goes no deeper than that limit.
    fn height(&mut self, value: &Value, level: usize) -> Option<usize> {
        let (key, items): (usize, Box<dyn Iterator<Item = &Value> + '_>) = match value {
            Value::List(items) => (Arc::as_ptr(items) as usize, Box::new(items.iter())),
            Value::Context(c) => (
                Arc::as_ptr(c) as usize,
                Box::new(c.entries().iter().map(|(_, v)| v)),
            ),
            Value::Range(r) => (Arc::as_ptr(r) as usize, Box::new(r.end_points())),
            _ => return Some(0),
        };
        if level >= MAX_VALUE_NESTING {
            return None;
        }
        let height = match self.heights.get(&key) {
            Some(&h) => h,
            None => {
                let mut deepest = 0;
                for item in items {
                    self.seen += 1;
                    if is_composite(item) {
                        deepest = deepest.max(self.height(item, level + 1)?);
                    }
                }
                // The root is measured once: remembering it would only cost an allocation.
                if level > 0 {
                    self.heights.insert(key, deepest + 1);
                }
                deepest + 1
            }
        };
        (level + height <= MAX_VALUE_NESTING).then_some(height)
    }
}

fn is_composite(value: &Value) -> bool {
    matches!(value, Value::List(_) | Value::Context(_) | Value::Range(_))
}
