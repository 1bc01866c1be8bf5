//! Reading DMN XML (any of the DMN 1.1–1.5 namespaces) into the model. FEEL text is kept
//! with its position here and parsed later, when the names in scope are known.
//!
//! The XML parser is roxmltree, with its own guards: entity references nest at most 10
//! deep and expand at most 255 others each, and external entities are never fetched (a
//! reference to one is an unknown entity). What it does not bound — the total text entity
//! references expand to — `entities` checks before parsing. Boxed expressions and item
//! components nest at most [`MAX_XML_NESTING`] deep, and the walk stops before it has used
//! the stack allowance, so deeply nested XML is an error, never a stack overflow.

mod boxed;
mod entities;

use crate::DmnError;
use crate::model::*;
use roxmltree::{Document, Node};
use sheshim_feel::{STACK_ALLOWANCE, excerpt, stack_exceeded, stack_position};
use std::cell::Cell;
use std::collections::HashMap;
use std::sync::Arc;

/// How deeply boxed expressions (and item components) may nest in a model.
pub const MAX_XML_NESTING: usize = 256;

/// Reads one file.
pub(crate) fn read(file: &str, text: &str) -> Result<Model, DmnError> {
    entities::check_expansion(text).map_err(|message| DmnError::Xml {
        file: file.to_string(),
        line: entities::doctype_line(text),
        message,
    })?;
    let doc = Document::parse_with_options(
        text,
        roxmltree::ParsingOptions {
            allow_dtd: true,
            ..Default::default()
        },
    )
    .map_err(|e| DmnError::Xml {
        file: file.to_string(),
        line: e.pos().row,
        message: excerpt(&e.to_string()),
    })?;
    let reader = Reader {
        file,
        line_starts: line_starts(text),
        depth: Cell::new(0),
        stack_base: stack_position(),
    };
    reader.definitions(doc.root_element())
}

/// The byte offset at which each line after the first starts.
fn line_starts(text: &str) -> Vec<usize> {
    text.match_indices('\n').map(|(at, _)| at + 1).collect()
}

struct Reader<'a> {
    file: &'a str,
    /// Where lines start, to give an element's line by a binary search (finding it by
    /// counting from the start of the text for every element made loading quadratic).
    line_starts: Vec<usize>,
    /// How deeply the boxed expression or item definition being read nests.
    depth: Cell<usize>,
    /// Where on the native stack reading started.
    stack_base: usize,
}

/// Element children of a node, DMN elements only (matched by local name), skipping extensions.
fn elements<'a, 'i>(node: Node<'a, 'i>) -> impl Iterator<Item = Node<'a, 'i>> {
    node.children()
        .filter(|c| c.is_element() && c.tag_name().name() != "extensionElements")
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> impl Iterator<Item = Node<'a, 'i>> {
    elements(node).filter(move |c| c.tag_name().name() == name)
}

fn child<'a, 'i>(node: Node<'a, 'i>, name: &'static str) -> Option<Node<'a, 'i>> {
    children(node, name).next()
}

/// The text content of a node (all text descendants).
fn content(node: Node) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

/// The names of the boxed expression elements.
const EXPRESSIONS: &[&str] = &[
    "literalExpression",
    "decisionTable",
    "context",
    "list",
    "relation",
    "invocation",
    "functionDefinition",
    "conditional",
    "filter",
    "for",
    "some",
    "every",
];

fn expression_child<'a, 'i>(node: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    elements(node).find(|c| EXPRESSIONS.contains(&c.tag_name().name()))
}

/// Normalises a typeRef: strips an XML namespace prefix (`feel:number`), trims.
pub(crate) fn normalise_type_ref(text: &str) -> Option<String> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    if let Some((prefix, rest)) = t.split_once(':')
        && !prefix.is_empty()
        && !prefix.contains(' ')
        && !prefix.contains('<')
        && !rest.is_empty()
    {
        return Some(rest.trim().to_string());
    }
    Some(t.to_string())
}

impl Reader<'_> {
    fn line(&self, node: Node) -> u32 {
        let at = node.range().start;
        let line = 1 + self.line_starts.partition_point(|&start| start <= at);
        u32::try_from(line).unwrap_or(u32::MAX)
    }

    /// Runs `read` one level of nesting deeper: an error past [`MAX_XML_NESTING`] levels or
    /// when the stack allowance is used up.
    fn nested<T>(
        &self,
        node: Node,
        read: impl FnOnce() -> Result<T, DmnError>,
    ) -> Result<T, DmnError> {
        let depth = self.depth.get() + 1;
        if depth > MAX_XML_NESTING || stack_exceeded(self.stack_base, STACK_ALLOWANCE) {
            return Err(self.error(
                node,
                format!("expressions nested too deeply (more than {MAX_XML_NESTING} levels)"),
            ));
        }
        self.depth.set(depth);
        let result = read();
        self.depth.set(depth - 1);
        result
    }

    fn error(&self, node: Node, message: impl Into<String>) -> DmnError {
        DmnError::Model {
            file: self.file.to_string(),
            element_id: node.attribute("id").map(str::to_string),
            line: Some(self.line(node)),
            message: message.into(),
        }
    }

    fn name_of(&self, node: Node) -> Result<Arc<str>, DmnError> {
        match node.attribute("name") {
            Some(n) if !n.trim().is_empty() => Ok(Arc::from(n.trim())),
            _ => Err(self.error(
                node,
                format!("<{}> has no name", excerpt(node.tag_name().name())),
            )),
        }
    }

    fn definitions(&self, node: Node) -> Result<Model, DmnError> {
        if node.tag_name().name() != "definitions" {
            return Err(self.error(
                node,
                format!(
                    "expected <definitions>, found <{}>",
                    excerpt(node.tag_name().name())
                ),
            ));
        }
        let mut model = Model {
            file: self.file.to_string(),
            name: node.attribute("name").unwrap_or_default().to_string(),
            namespace: node.attribute("namespace").unwrap_or_default().to_string(),
            line: self.line(node),
            imports: Vec::new(),
            item_defs: Vec::new(),
            inputs: Vec::new(),
            decisions: Vec::new(),
            bkms: Vec::new(),
            services: Vec::new(),
            ids: HashMap::new(),
        };
        for el in elements(node) {
            let element = match el.tag_name().name() {
                "import" => {
                    let import_type = el.attribute("importType").unwrap_or_default();
                    if import_type.contains("/MODEL") || import_type.is_empty() {
                        model.imports.push(Import {
                            name: Arc::from(el.attribute("name").unwrap_or_default().trim()),
                            namespace: el.attribute("namespace").unwrap_or_default().to_string(),
                            line: self.line(el),
                            model: None,
                        });
                    }
                    None
                }
                "itemDefinition" => {
                    model.item_defs.push(self.item_def(el)?);
                    None
                }
                "inputData" => {
                    model.inputs.push(InputData {
                        variable: self.variable_of(el)?,
                    });
                    Some(ElementRef::Input(model.inputs.len() - 1))
                }
                "decision" => {
                    model.decisions.push(self.decision(el)?);
                    Some(ElementRef::Decision(model.decisions.len() - 1))
                }
                "businessKnowledgeModel" => {
                    model.bkms.push(self.bkm(el)?);
                    Some(ElementRef::Bkm(model.bkms.len() - 1))
                }
                "decisionService" => {
                    model.services.push(self.service(el)?);
                    Some(ElementRef::Service(model.services.len() - 1))
                }
                _ => None,
            };
            if let Some(e) = element
                && let Some(id) = el.attribute("id")
                && model.ids.insert(id.to_string(), e).is_some()
            {
                return Err(self.error(el, format!("duplicate element id {}", excerpt(id))));
            }
        }
        Ok(model)
    }

    fn id(&self, node: Node) -> String {
        node.attribute("id").unwrap_or_default().to_string()
    }

    fn type_ref_attr(node: Node) -> Option<String> {
        node.attribute("typeRef").and_then(normalise_type_ref)
    }

    /// The `<variable>` of a DRG element (falling back on the element's own name).
    fn variable_of(&self, node: Node) -> Result<Variable, DmnError> {
        let name = self.name_of(node)?;
        let type_ref = child(node, "variable").and_then(Self::type_ref_attr);
        Ok(Variable {
            name,
            type_ref,
            ty: Ty::Any,
        })
    }

    fn information_item(&self, node: Node) -> Result<Variable, DmnError> {
        Ok(Variable {
            name: self.name_of(node)?,
            type_ref: Self::type_ref_attr(node),
            ty: Ty::Any,
        })
    }

    fn item_def(&self, node: Node) -> Result<ItemDef, DmnError> {
        self.nested(node, || self.item_def_here(node))
    }

    fn item_def_here(&self, node: Node) -> Result<ItemDef, DmnError> {
        let type_ref = child(node, "typeRef")
            .map(content)
            .and_then(|t| normalise_type_ref(&t));
        let mut components = Vec::new();
        for c in children(node, "itemComponent") {
            components.push(self.item_def(c)?);
        }
        let function = match child(node, "functionItem") {
            Some(f) => {
                let mut parameters = Vec::new();
                for p in children(f, "parameters") {
                    parameters.push(self.information_item(p)?);
                }
                Some(FunctionItem {
                    parameters,
                    output_type_ref: f.attribute("outputTypeRef").and_then(normalise_type_ref),
                    output: Ty::Any,
                })
            }
            None => None,
        };
        Ok(ItemDef {
            name: self.name_of(node)?,
            id: node.attribute("id").map(str::to_string),
            type_ref,
            base: Ty::Any,
            is_collection: node.attribute("isCollection") == Some("true"),
            allowed_values: child(node, "allowedValues").map(|a| self.tests(a)),
            type_constraint: child(node, "typeConstraint").map(|a| self.tests(a)),
            components,
            function,
        })
    }

    fn hrefs(&self, node: Node, outer: &'static str, inner: &'static str) -> Vec<Href> {
        children(node, outer)
            .filter_map(|r| child(r, inner))
            .filter_map(|r| self.href(r))
            .collect()
    }

    fn href(&self, node: Node) -> Option<Href> {
        let h = node.attribute("href")?.trim();
        let (ns, id) = match h.rsplit_once('#') {
            Some((ns, id)) => (ns, id),
            None => ("", h),
        };
        let owner = node.ancestors().find_map(|a| {
            a.attribute("id").filter(|_| {
                a.parent()
                    .is_some_and(|p| p.tag_name().name() == "definitions")
            })
        });
        Some(Href {
            namespace: if ns.is_empty() {
                None
            } else {
                Some(ns.to_string())
            },
            id: id.to_string(),
            line: self.line(node),
            owner: owner.map(str::to_string),
        })
    }

    fn decision(&self, node: Node) -> Result<Decision, DmnError> {
        let mut information = self.hrefs(node, "informationRequirement", "requiredDecision");
        information.extend(self.hrefs(node, "informationRequirement", "requiredInput"));
        let logic = match expression_child(node) {
            Some(e) => Some(self.boxed(e)?),
            None => None,
        };
        Ok(Decision {
            id: self.id(node),
            variable: self.variable_of(node)?,
            information,
            knowledge: self.hrefs(node, "knowledgeRequirement", "requiredKnowledge"),
            requires: Vec::new(),
            knows: Vec::new(),
            logic,
        })
    }

    fn bkm(&self, node: Node) -> Result<Bkm, DmnError> {
        let logic = match child(node, "encapsulatedLogic") {
            Some(e) => Some(Arc::new(self.function_def(e)?)),
            None => None,
        };
        Ok(Bkm {
            id: self.id(node),
            variable: self.variable_of(node)?,
            knowledge: self.hrefs(node, "knowledgeRequirement", "requiredKnowledge"),
            knows: Vec::new(),
            logic,
        })
    }

    fn service(&self, node: Node) -> Result<Service, DmnError> {
        let list = |name: &'static str| {
            children(node, name)
                .filter_map(|r| self.href(r))
                .collect::<Vec<_>>()
        };
        Ok(Service {
            id: self.id(node),
            variable: self.variable_of(node)?,
            output_hrefs: list("outputDecision"),
            input_decision_hrefs: list("inputDecision"),
            input_data_hrefs: list("inputData"),
            outputs: Vec::new(),
            input_decisions: Vec::new(),
            input_data: Vec::new(),
        })
    }

    fn function_def(&self, node: Node) -> Result<FunctionDef, DmnError> {
        let kind = match node.attribute("kind").unwrap_or("FEEL") {
            "FEEL" | "F" => FunctionKind::Feel,
            "Java" | "JAVA" | "J" => FunctionKind::Java,
            "PMML" | "P" => FunctionKind::Pmml,
            other => {
                return Err(self.error(node, format!("unknown function kind {}", excerpt(other))));
            }
        };
        let mut parameters = Vec::new();
        for p in children(node, "formalParameter") {
            parameters.push(self.information_item(p)?);
        }
        let body = match expression_child(node) {
            Some(e) => Some(self.boxed(e)?),
            None => None,
        };
        Ok(FunctionDef {
            id: node.attribute("id").map(str::to_string),
            kind,
            parameters,
            body,
            type_ref: Self::type_ref_attr(node),
            ty: Ty::Any,
        })
    }

    /// The line where the `<text>` of an element starts (the element's own line if it has none).
    fn text_line(&self, node: Node) -> u32 {
        child(node, "text").map_or_else(|| self.line(node), |t| self.line(t))
    }

    fn feel(&self, node: Node) -> FeelExpr {
        let text = child(node, "text").map(content).unwrap_or_default();
        FeelExpr {
            text,
            id: node.attribute("id").map(str::to_string),
            line: self.text_line(node),
            ast: None,
        }
    }

    fn tests(&self, node: Node) -> FeelTests {
        let text = child(node, "text").map(content).unwrap_or_default();
        FeelTests {
            text,
            id: node.attribute("id").map(str::to_string),
            line: self.text_line(node),
            ast: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_refs_lose_xml_prefixes() {
        assert_eq!(normalise_type_ref("feel:number").as_deref(), Some("number"));
        assert_eq!(normalise_type_ref(" tPerson ").as_deref(), Some("tPerson"));
        assert_eq!(
            normalise_type_ref("myimport.tPerson").as_deref(),
            Some("myimport.tPerson")
        );
        assert_eq!(normalise_type_ref(""), None);
    }

    #[test]
    fn lines_are_found_from_byte_offsets() {
        let starts = line_starts("a\nbc\n\nd");
        assert_eq!(starts, vec![2, 5, 6]);
    }
}
