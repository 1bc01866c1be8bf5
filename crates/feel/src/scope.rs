//! Variables visible to an expression.

use sheshim_values::{Context, Value};
use std::sync::Arc;

struct Frame {
    context: Context,
    parent: Option<Arc<Frame>>,
}

impl Drop for Frame {
    /// Drops the frames behind this one in a loop: a long chain of frames (a boxed context
    /// of many entries pushes one per entry) would otherwise be dropped by a recursion as
    /// deep as the chain.
    fn drop(&mut self) {
        let mut parent = self.parent.take();
        while let Some(frame) = parent {
            match Arc::try_unwrap(frame) {
                Ok(mut frame) => parent = frame.parent.take(),
                Err(_) => break,
            }
        }
    }
}

/// Resolves type names that FEEL itself does not know (DMN item definitions), for
/// `instance of` and typed function parameters.
pub trait TypeResolver: Send + Sync {
    /// Whether `value` conforms to the type named `type_name`; `None` if the name is unknown.
    fn conforms(&self, type_name: &str, value: &Value) -> Option<bool>;
}

/// The variables visible to an expression: a stack of frames, innermost first. Cloning and
/// pushing are cheap (frames are shared). A scope may also carry a [`TypeResolver`] for
/// item-definition type names; pushed scopes and function closures keep it.
#[derive(Clone, Default)]
pub struct Scope {
    head: Option<Arc<Frame>>,
    types: Option<Arc<dyn TypeResolver>>,
}

impl Scope {
    /// An empty scope.
    pub fn new() -> Scope {
        Scope::default()
    }

    /// A scope with one frame holding this context's entries.
    pub fn with_context(context: &Context) -> Scope {
        Scope::new().push(context.clone())
    }

    /// This scope with a new innermost frame.
    pub fn push(&self, frame: Context) -> Scope {
        Scope {
            head: Some(Arc::new(Frame {
                context: frame,
                parent: self.head.clone(),
            })),
            types: self.types.clone(),
        }
    }

    /// This scope, resolving unknown type names with `resolver`.
    pub fn with_types(&self, resolver: Arc<dyn TypeResolver>) -> Scope {
        Scope {
            head: self.head.clone(),
            types: Some(resolver),
        }
    }

    /// The type resolver, if any.
    pub fn types(&self) -> Option<&Arc<dyn TypeResolver>> {
        self.types.as_ref()
    }

    /// The value of a variable: the innermost frame that has it wins.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.lookup(name).cloned()
    }

    /// Like [`Scope::get`], without cloning.
    pub(crate) fn lookup(&self, name: &str) -> Option<&Value> {
        let mut frame = self.head.as_deref();
        while let Some(f) = frame {
            if let Some(v) = f.context.get(name) {
                return Some(v);
            }
            frame = f.parent.as_deref();
        }
        None
    }
}

impl std::fmt::Debug for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Scope")
    }
}
