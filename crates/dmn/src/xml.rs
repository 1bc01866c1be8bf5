//! Reading DMN XML (any of the DMN 1.1–1.5 namespaces) into the model. FEEL text is kept
//! with its position here and parsed later, when the names in scope are known.

use crate::DmnError;
use crate::model::*;
use crate::trace::RuleTrace;
use roxmltree::{Document, Node};
use std::collections::HashMap;
use std::sync::Arc;

/// Reads one file.
pub(crate) fn read(file: &str, text: &str, index: usize) -> Result<Model, DmnError> {
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
        message: e.to_string(),
    })?;
    let reader = Reader {
        file,
        doc: &doc,
        index,
    };
    reader.definitions(doc.root_element())
}

struct Reader<'a, 'input> {
    file: &'a str,
    doc: &'a Document<'input>,
    index: usize,
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

impl<'a, 'input> Reader<'a, 'input> {
    fn line(&self, node: Node) -> u32 {
        self.doc.text_pos_at(node.range().start).row
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
            _ => Err(self.error(node, format!("<{}> has no name", node.tag_name().name()))),
        }
    }

    fn definitions(&self, node: Node) -> Result<Model, DmnError> {
        if node.tag_name().name() != "definitions" {
            return Err(self.error(
                node,
                format!("expected <definitions>, found <{}>", node.tag_name().name()),
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
                        id: self.id(el),
                        line: self.line(el),
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
                return Err(self.error(el, format!("duplicate element id {id}")));
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
            line: self.line(node),
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
            line: self.line(node),
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
            line: self.line(node),
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
            line: self.line(node),
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
            other => return Err(self.error(node, format!("unknown function kind {other}"))),
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
            model: self.index,
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

    /// The boxed expression inside a wrapper element (`<in>`, `<then>`, `<return>`, …).
    fn wrapped(&self, parent: Node, name: &'static str) -> Result<Box<Boxed>, DmnError> {
        let w = child(parent, name).ok_or_else(|| {
            self.error(
                parent,
                format!("<{}> has no <{name}>", parent.tag_name().name()),
            )
        })?;
        match expression_child(w) {
            Some(e) => Ok(Box::new(self.boxed(e)?)),
            None => Err(self.error(w, format!("<{name}> has no expression"))),
        }
    }

    pub(crate) fn boxed(&self, node: Node) -> Result<Boxed, DmnError> {
        let kind = match node.tag_name().name() {
            "literalExpression" => {
                if child(node, "importedValues").is_some() {
                    BoxedKind::Unsupported("imported values".into())
                } else {
                    BoxedKind::Literal(self.feel(node))
                }
            }
            "decisionTable" => BoxedKind::Table(Box::new(self.table(node)?)),
            "context" => {
                let mut entries = Vec::new();
                for e in children(node, "contextEntry") {
                    let variable = match child(e, "variable") {
                        Some(v) => Some(self.information_item(v)?),
                        None => None,
                    };
                    let value = match expression_child(e) {
                        Some(x) => self.boxed(x)?,
                        None => return Err(self.error(e, "context entry has no expression")),
                    };
                    entries.push(ContextEntry { variable, value });
                }
                BoxedKind::Context(entries)
            }
            "list" => {
                let mut items = Vec::new();
                for e in elements(node).filter(|c| EXPRESSIONS.contains(&c.tag_name().name())) {
                    items.push(self.boxed(e)?);
                }
                BoxedKind::List(items)
            }
            "relation" => {
                let mut columns = Vec::new();
                for c in children(node, "column") {
                    columns.push(self.information_item(c)?);
                }
                let mut rows = Vec::new();
                for r in children(node, "row") {
                    let mut row = Vec::new();
                    for e in elements(r).filter(|c| EXPRESSIONS.contains(&c.tag_name().name())) {
                        row.push(self.boxed(e)?);
                    }
                    if row.len() != columns.len() {
                        return Err(self.error(
                            r,
                            format!(
                                "relation row has {} cells for {} columns",
                                row.len(),
                                columns.len()
                            ),
                        ));
                    }
                    rows.push(row);
                }
                BoxedKind::Relation { columns, rows }
            }
            "invocation" => {
                let callee = match expression_child(node) {
                    Some(c) if c.tag_name().name() == "literalExpression" => self.feel(c),
                    _ => {
                        return Err(
                            self.error(node, "invocation does not name the function it calls")
                        );
                    }
                };
                let mut bindings = Vec::new();
                for b in children(node, "binding") {
                    let p = child(b, "parameter")
                        .ok_or_else(|| self.error(b, "binding has no parameter"))?;
                    let value = match expression_child(b) {
                        Some(e) => Some(self.boxed(e)?),
                        None => None,
                    };
                    bindings.push(Binding {
                        parameter: self.information_item(p)?,
                        value,
                    });
                }
                BoxedKind::Invocation { callee, bindings }
            }
            "functionDefinition" => BoxedKind::Function(Arc::new(self.function_def(node)?)),
            "conditional" => BoxedKind::Conditional {
                condition: self.wrapped(node, "if")?,
                then: self.wrapped(node, "then")?,
                otherwise: self.wrapped(node, "else")?,
            },
            "filter" => BoxedKind::Filter {
                source: self.wrapped(node, "in")?,
                condition: self.wrapped(node, "match")?,
            },
            "for" => BoxedKind::For {
                variable: self.iterator_variable(node)?,
                source: self.wrapped(node, "in")?,
                body: self.wrapped(node, "return")?,
            },
            "some" | "every" => BoxedKind::Quantified {
                every: node.tag_name().name() == "every",
                variable: self.iterator_variable(node)?,
                source: self.wrapped(node, "in")?,
                condition: self.wrapped(node, "satisfies")?,
            },
            other => BoxedKind::Unsupported(other.to_string()),
        };
        Ok(Boxed {
            id: node.attribute("id").map(str::to_string),
            line: self.line(node),
            type_ref: Self::type_ref_attr(node),
            ty: Ty::Any,
            kind,
        })
    }

    fn iterator_variable(&self, node: Node) -> Result<Arc<str>, DmnError> {
        match node.attribute("iteratorVariable") {
            Some(v) if !v.trim().is_empty() => Ok(Arc::from(v.trim())),
            _ => Err(self.error(node, "iterator has no iteratorVariable")),
        }
    }

    fn table(&self, node: Node) -> Result<DecisionTable, DmnError> {
        let hit_policy = match node.attribute("hitPolicy").unwrap_or("UNIQUE").trim() {
            "UNIQUE" | "U" => HitPolicy::Unique,
            "ANY" | "A" => HitPolicy::Any,
            "PRIORITY" | "P" => HitPolicy::Priority,
            "FIRST" | "F" => HitPolicy::First,
            "RULE ORDER" | "R" => HitPolicy::RuleOrder,
            "OUTPUT ORDER" | "O" => HitPolicy::OutputOrder,
            "COLLECT" | "C" => HitPolicy::Collect,
            other => return Err(self.error(node, format!("unknown hit policy {other}"))),
        };
        let aggregation = match node.attribute("aggregation").map(str::trim) {
            None | Some("") => None,
            Some("SUM") => Some(Aggregation::Sum),
            Some("MIN") => Some(Aggregation::Min),
            Some("MAX") => Some(Aggregation::Max),
            Some("COUNT") => Some(Aggregation::Count),
            Some(other) => return Err(self.error(node, format!("unknown aggregation {other}"))),
        };
        let mut inputs = Vec::new();
        for i in children(node, "input") {
            let e = child(i, "inputExpression")
                .ok_or_else(|| self.error(i, "input has no inputExpression"))?;
            inputs.push(DtInput {
                expression: self.feel(e),
                type_ref: Self::type_ref_attr(e),
                ty: Ty::Any,
                input_values: child(i, "inputValues").map(|v| self.tests(v)),
            });
        }
        let mut outputs = Vec::new();
        for o in children(node, "output") {
            let output_values = match child(o, "outputValues") {
                Some(v) => {
                    let t = self.tests(v);
                    split_top_level(&t.text)
                        .into_iter()
                        .map(|piece| FeelTests {
                            text: piece,
                            id: t.id.clone(),
                            line: t.line,
                            ast: None,
                        })
                        .collect()
                }
                None => Vec::new(),
            };
            outputs.push(DtOutput {
                name: o.attribute("name").map(|n| Arc::from(n.trim())),
                type_ref: Self::type_ref_attr(o),
                ty: Ty::Any,
                output_values,
                default: child(o, "defaultOutputEntry").map(|d| self.feel(d)),
            });
        }
        if outputs.is_empty() {
            return Err(self.error(node, "decision table has no output"));
        }
        if outputs.len() > 1 && outputs.iter().any(|o| o.name.is_none()) {
            return Err(self.error(
                node,
                "a decision table with several outputs must name each output",
            ));
        }
        let annotation_names: Vec<String> = children(node, "annotation")
            .map(|a| a.attribute("name").unwrap_or_default().to_string())
            .collect();
        let mut rules = Vec::new();
        for (index, r) in children(node, "rule").enumerate() {
            let rule_inputs: Vec<FeelTests> =
                children(r, "inputEntry").map(|e| self.tests(e)).collect();
            let rule_outputs: Vec<FeelExpr> =
                children(r, "outputEntry").map(|e| self.feel(e)).collect();
            if rule_inputs.len() != inputs.len() {
                return Err(self.error(
                    r,
                    format!(
                        "rule has {} input entries for {} inputs",
                        rule_inputs.len(),
                        inputs.len()
                    ),
                ));
            }
            if rule_outputs.len() != outputs.len() {
                return Err(self.error(
                    r,
                    format!(
                        "rule has {} output entries for {} outputs",
                        rule_outputs.len(),
                        outputs.len()
                    ),
                ));
            }
            let annotation_texts: Vec<String> = children(r, "annotationEntry")
                .map(|a| child(a, "text").map(content).unwrap_or_default())
                .collect();
            let id = r.attribute("id").map(str::to_string);
            let trace = Arc::new(RuleTrace {
                number: index + 1,
                id: id.clone(),
                annotations: annotation_names
                    .iter()
                    .zip(&annotation_texts)
                    .filter(|(_, text)| !text.trim().is_empty())
                    .map(|(column, text)| (column.clone(), text.trim().to_owned()))
                    .collect(),
            });
            rules.push(Rule {
                index,
                id,
                inputs: rule_inputs,
                outputs: rule_outputs,
                annotations: annotation_texts,
                trace,
            });
        }
        Ok(DecisionTable {
            id: node.attribute("id").map(Arc::from),
            policy_text: Arc::from(DecisionTable::hit_policy_text(hit_policy, aggregation)),
            hit_policy,
            aggregation,
            inputs,
            outputs,
            annotations: annotation_names,
            rules,
        })
    }
}

/// Splits a comma-separated list of FEEL unary tests at the commas that are not inside
/// strings, brackets or parentheses.
pub(crate) fn split_top_level(text: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut depth = 0i32;
    let mut in_string = false;
    let mut escaped = false;
    let mut current = String::new();
    for c in text.chars() {
        if in_string {
            current.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => in_string = true,
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth -= 1,
            ',' if depth <= 0 => {
                parts.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    if !current.trim().is_empty() || !parts.is_empty() {
        parts.push(current.trim().to_string());
    }
    parts.retain(|p| !p.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_at_top_level_commas_only() {
        assert_eq!(
            split_top_level(r#""a,b", [1..2], f(1,2), "c\"," "#),
            vec![r#""a,b""#, "[1..2]", "f(1,2)", r#""c\",""#]
        );
        assert!(split_top_level("  ").is_empty());
    }

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
}
