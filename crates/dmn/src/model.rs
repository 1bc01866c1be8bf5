//! The in-memory form of a DMN model: DRG elements, item definitions and boxed expressions,
//! with every piece of FEEL text parsed once at load time.
//!
//! Element ids and lines are kept where messages and decision traces name them.

use crate::trace::RuleTrace;
use sheshim_feel::ast;
use sheshim_feel::{Name, Type};
use std::collections::HashMap;
use std::sync::Arc;

/// A piece of FEEL expression text with where it came from and its syntax tree.
#[derive(Clone, Debug)]
pub(crate) struct FeelExpr {
    pub text: String,
    pub id: Option<String>,
    pub line: u32,
    /// Filled in when the model set is compiled; `None` only before that.
    pub ast: Option<ast::Expr>,
}

/// FEEL unary tests text with where it came from and its syntax tree.
#[derive(Clone, Debug)]
pub(crate) struct FeelTests {
    pub text: String,
    pub id: Option<String>,
    pub line: u32,
    pub ast: Option<ast::UnaryTests>,
}

impl FeelTests {
    /// True for `-` (or empty text): matches anything, no evaluation needed.
    pub fn is_any(&self) -> bool {
        let t = self.text.trim();
        t.is_empty() || t == "-"
    }
}

/// A type reference after resolution.
#[derive(Clone, Debug, Default)]
pub(crate) enum Ty {
    /// No type, or `Any`: every value conforms.
    #[default]
    Any,
    /// A FEEL type.
    Feel(Type),
    /// An item definition: (model index, item definition index).
    Item(usize, usize),
}

/// A typed name (DMN information item).
#[derive(Clone, Debug, Default)]
pub(crate) struct Variable {
    pub name: Name,
    pub type_ref: Option<String>,
    pub ty: Ty,
}

/// An item definition (or an item component, which has the same shape).
#[derive(Clone, Debug, Default)]
pub(crate) struct ItemDef {
    pub name: Name,
    pub id: Option<String>,
    pub type_ref: Option<String>,
    pub base: Ty,
    pub is_collection: bool,
    pub allowed_values: Option<FeelTests>,
    pub type_constraint: Option<FeelTests>,
    pub components: Vec<ItemDef>,
    pub function: Option<FunctionItem>,
}

/// The signature of a function item definition.
#[derive(Clone, Debug, Default)]
pub(crate) struct FunctionItem {
    pub parameters: Vec<Variable>,
    pub output_type_ref: Option<String>,
    pub output: Ty,
}

/// A reference to a DRG element by `href` (`#id` or `namespace#id`).
#[derive(Clone, Debug)]
pub(crate) struct Href {
    pub namespace: Option<String>,
    pub id: String,
    pub line: u32,
    /// The id of the DRG element holding the reference.
    pub owner: Option<String>,
}

/// A DRG element, resolved: (model index, element).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum ElementRef {
    Input(usize),
    Decision(usize),
    Bkm(usize),
    Service(usize),
}

/// An `<import>` of another DMN model.
#[derive(Clone, Debug)]
pub(crate) struct Import {
    pub name: Name,
    pub namespace: String,
    pub line: u32,
    /// The imported model, once resolved.
    pub model: Option<usize>,
}

/// An input data element.
#[derive(Clone, Debug)]
pub(crate) struct InputData {
    pub variable: Variable,
}

/// A decision.
#[derive(Clone, Debug)]
pub(crate) struct Decision {
    pub id: String,
    pub variable: Variable,
    pub information: Vec<Href>,
    pub knowledge: Vec<Href>,
    /// Resolved information requirements: (model, element).
    pub requires: Vec<(usize, ElementRef)>,
    /// Resolved knowledge requirements.
    pub knows: Vec<(usize, ElementRef)>,
    pub logic: Option<Boxed>,
}

/// A business knowledge model.
#[derive(Clone, Debug)]
pub(crate) struct Bkm {
    pub id: String,
    pub variable: Variable,
    pub knowledge: Vec<Href>,
    pub knows: Vec<(usize, ElementRef)>,
    pub logic: Option<Arc<FunctionDef>>,
}

/// A decision service.
#[derive(Clone, Debug)]
pub(crate) struct Service {
    pub id: String,
    pub variable: Variable,
    pub output_hrefs: Vec<Href>,
    pub input_decision_hrefs: Vec<Href>,
    pub input_data_hrefs: Vec<Href>,
    /// Resolved output decisions: (model, decision index).
    pub outputs: Vec<(usize, usize)>,
    pub input_decisions: Vec<(usize, usize)>,
    pub input_data: Vec<(usize, usize)>,
}

/// One loaded model (`definitions`).
#[derive(Clone, Debug)]
pub(crate) struct Model {
    pub file: String,
    pub name: String,
    pub namespace: String,
    pub line: u32,
    pub imports: Vec<Import>,
    pub item_defs: Vec<ItemDef>,
    pub inputs: Vec<InputData>,
    pub decisions: Vec<Decision>,
    pub bkms: Vec<Bkm>,
    pub services: Vec<Service>,
    /// DRG element id → element.
    pub ids: HashMap<String, ElementRef>,
}

impl Model {
    /// The name of a DRG element of this model.
    pub fn element_name(&self, e: ElementRef) -> &Name {
        match e {
            ElementRef::Input(i) => &self.inputs[i].variable.name,
            ElementRef::Decision(i) => &self.decisions[i].variable.name,
            ElementRef::Bkm(i) => &self.bkms[i].variable.name,
            ElementRef::Service(i) => &self.services[i].variable.name,
        }
    }

    /// The import prefix under which this model sees the model with that namespace.
    pub fn prefix_for(&self, model: usize) -> Option<&Name> {
        self.imports
            .iter()
            .find(|i| i.model == Some(model))
            .map(|i| &i.name)
    }
}

/// A boxed expression.
#[derive(Clone, Debug)]
pub(crate) struct Boxed {
    pub id: Option<String>,
    pub type_ref: Option<String>,
    pub ty: Ty,
    pub kind: BoxedKind,
}

/// The kinds of boxed expression.
#[derive(Clone, Debug)]
pub(crate) enum BoxedKind {
    Literal(FeelExpr),
    Table(Box<DecisionTable>),
    Context(Vec<ContextEntry>),
    List(Vec<Boxed>),
    Relation {
        columns: Vec<Variable>,
        rows: Vec<Vec<Boxed>>,
    },
    Invocation {
        callee: FeelExpr,
        bindings: Vec<Binding>,
    },
    Function(Arc<FunctionDef>),
    Conditional {
        condition: Box<Boxed>,
        then: Box<Boxed>,
        otherwise: Box<Boxed>,
    },
    Filter {
        source: Box<Boxed>,
        condition: Box<Boxed>,
    },
    For {
        variable: Name,
        source: Box<Boxed>,
        body: Box<Boxed>,
    },
    Quantified {
        every: bool,
        variable: Name,
        source: Box<Boxed>,
        condition: Box<Boxed>,
    },
    /// A kind this engine does not evaluate (imported values): `null`.
    Unsupported,
}

/// An entry of a boxed context; without a variable it is the context's final result.
#[derive(Clone, Debug)]
pub(crate) struct ContextEntry {
    pub variable: Option<Variable>,
    pub value: Boxed,
}

/// A binding of a boxed invocation.
#[derive(Clone, Debug)]
pub(crate) struct Binding {
    pub parameter: Variable,
    pub value: Option<Boxed>,
}

/// The kind of a function definition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FunctionKind {
    Feel,
    Java,
    Pmml,
}

/// A boxed function definition (also the encapsulated logic of a BKM).
#[derive(Clone, Debug)]
pub(crate) struct FunctionDef {
    pub id: Option<String>,
    pub kind: FunctionKind,
    pub parameters: Vec<Variable>,
    pub body: Option<Boxed>,
    pub type_ref: Option<String>,
    pub ty: Ty,
}

/// Decision table hit policies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum HitPolicy {
    Unique,
    Any,
    Priority,
    First,
    RuleOrder,
    OutputOrder,
    Collect,
}

/// COLLECT aggregations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Aggregation {
    Sum,
    Min,
    Max,
    Count,
}

/// A decision table.
#[derive(Clone, Debug)]
pub(crate) struct DecisionTable {
    /// The `decisionTable` element's `id`.
    pub id: Option<Arc<str>>,
    /// The hit policy as DMN writes it, for traces.
    pub policy_text: Arc<str>,
    pub hit_policy: HitPolicy,
    pub aggregation: Option<Aggregation>,
    pub inputs: Vec<DtInput>,
    pub outputs: Vec<DtOutput>,
    pub rules: Vec<Rule>,
}

impl DecisionTable {
    /// The hit policy as DMN writes it, with the aggregation for COLLECT (`COLLECT SUM`).
    pub fn hit_policy_text(hit_policy: HitPolicy, aggregation: Option<Aggregation>) -> String {
        let policy = match hit_policy {
            HitPolicy::Unique => "UNIQUE",
            HitPolicy::Any => "ANY",
            HitPolicy::Priority => "PRIORITY",
            HitPolicy::First => "FIRST",
            HitPolicy::RuleOrder => "RULE ORDER",
            HitPolicy::OutputOrder => "OUTPUT ORDER",
            HitPolicy::Collect => "COLLECT",
        };
        match aggregation {
            None => policy.to_owned(),
            Some(Aggregation::Sum) => format!("{policy} SUM"),
            Some(Aggregation::Min) => format!("{policy} MIN"),
            Some(Aggregation::Max) => format!("{policy} MAX"),
            Some(Aggregation::Count) => format!("{policy} COUNT"),
        }
    }
}

/// An input column.
#[derive(Clone, Debug)]
pub(crate) struct DtInput {
    pub expression: FeelExpr,
    pub type_ref: Option<String>,
    pub ty: Ty,
    pub input_values: Option<FeelTests>,
}

/// An output column.
#[derive(Clone, Debug)]
pub(crate) struct DtOutput {
    pub name: Option<Name>,
    pub type_ref: Option<String>,
    pub ty: Ty,
    /// The output values, one unary test per listed value, in priority order.
    pub output_values: Vec<FeelTests>,
    pub default: Option<FeelExpr>,
}

/// A rule (row) of a decision table.
#[derive(Clone, Debug)]
pub(crate) struct Rule {
    pub inputs: Vec<FeelTests>,
    pub outputs: Vec<FeelExpr>,
    /// How a trace names this rule (number, id, non-empty annotations), built once.
    pub trace: Arc<RuleTrace>,
}
