//! Reading boxed expressions and decision tables: each nests one level deeper, within
//! the reader's nesting limit.

use super::{EXPRESSIONS, Reader, child, children, content, elements, expression_child};
use crate::DmnError;
use crate::model::*;
use crate::trace::RuleTrace;
use roxmltree::Node;
use sheshim_feel::excerpt;
use std::sync::Arc;

impl Reader<'_> {
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
        self.nested(node, || self.boxed_here(node))
    }

    fn boxed_here(&self, node: Node) -> Result<Boxed, DmnError> {
        let kind = match node.tag_name().name() {
            "literalExpression" => {
                if child(node, "importedValues").is_some() {
                    BoxedKind::Unsupported
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
            _ => BoxedKind::Unsupported,
        };
        Ok(Boxed {
            id: node.attribute("id").map(str::to_string),
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
            other => {
                return Err(self.error(node, format!("unknown hit policy {}", excerpt(other))));
            }
        };
        let aggregation = match node.attribute("aggregation").map(str::trim) {
            None | Some("") => None,
            Some("SUM") => Some(Aggregation::Sum),
            Some("MIN") => Some(Aggregation::Min),
            Some("MAX") => Some(Aggregation::Max),
            Some("COUNT") => Some(Aggregation::Count),
            Some(other) => {
                return Err(self.error(node, format!("unknown aggregation {}", excerpt(other))));
            }
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
            let trace = Arc::new(RuleTrace {
                number: index + 1,
                id: r.attribute("id").map(str::to_string),
                annotations: annotation_names
                    .iter()
                    .zip(&annotation_texts)
                    .filter(|(_, text)| !text.trim().is_empty())
                    .map(|(column, text)| (column.clone(), text.trim().to_owned()))
                    .collect(),
            });
            rules.push(Rule {
                inputs: rule_inputs,
                outputs: rule_outputs,
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
}
