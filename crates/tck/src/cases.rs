//! Reading the TCK's test-case files (`testCases` XML) into inputs and expectations.

use roxmltree::{Document, Node};
use sheshim_feel::{Context, Name, Number, Value};
use std::sync::Arc;

const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";

/// What a test case invokes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvocationKind {
    /// Each result node names a decision to evaluate.
    Decisions,
    /// A decision service, named by `invocableName`.
    DecisionService(String),
    /// A business knowledge model, named by `invocableName`.
    Bkm(String),
}

/// One expected result.
#[derive(Debug, Clone)]
pub struct ResultNode {
    /// The decision (or output) it names.
    pub name: String,
    /// True when the TCK expects an error; the expected value is then `null`.
    pub error_result: bool,
    /// The expected value, and whether it was written as `xsd:double` (compared with tolerance).
    pub expected: Expected,
}

/// An expected value as the test file writes it.
#[derive(Debug, Clone)]
pub enum Expected {
    /// A scalar, with its XML Schema type name (`decimal`, `string`, `date`, …).
    Scalar {
        /// The XML Schema type, without prefix.
        xsd_type: String,
        /// The value read.
        value: Value,
        /// The text as written, trimmed (numbers are compared to the precision written).
        text: String,
    },
    /// `xsi:nil="true"`.
    Null,
    /// A list of expected items.
    List(Vec<Expected>),
    /// A context with these components, in order.
    Context(Vec<(String, Expected)>),
}

/// One test case.
#[derive(Clone)]
pub struct TestCase {
    /// The case's id, unique within its file.
    pub id: String,
    /// What it invokes.
    pub invocation: InvocationKind,
    /// The model it addresses by file name, if the file names one.
    pub model_name: Option<String>,
    /// Inputs by name.
    pub inputs: Context,
    /// What must come out.
    pub results: Vec<ResultNode>,
}

/// A whole test file.
#[derive(Clone)]
pub struct TestFile {
    /// The model file the cases address (`<modelName>`), if given.
    pub model_name: Option<String>,
    /// The cases, in file order.
    pub cases: Vec<TestCase>,
}

/// Parses a test file; `None` if its root is not `testCases`.
pub fn parse_test_file(xml: &str) -> Result<Option<TestFile>, String> {
    let document = Document::parse(xml).map_err(|error| error.to_string())?;
    let root = document.root_element();
    if root.tag_name().name() != "testCases" {
        return Ok(None);
    }
    let model_name = child(root, "modelName")
        .and_then(|n| n.text())
        .map(|t| t.trim().to_owned());
    let mut cases = Vec::new();
    for case in root
        .children()
        .filter(|n| n.tag_name().name() == "testCase")
    {
        let id = case.attribute("id").unwrap_or("").to_owned();
        let invocation = match (case.attribute("type"), case.attribute("invocableName")) {
            (Some("decisionService"), Some(name)) => {
                InvocationKind::DecisionService(name.to_owned())
            }
            (Some("bkm"), Some(name)) => InvocationKind::Bkm(name.to_owned()),
            _ => InvocationKind::Decisions,
        };
        let mut inputs = Context::new();
        let mut results = Vec::new();
        for node in case.children().filter(Node::is_element) {
            match node.tag_name().name() {
                "inputNode" => {
                    let name: Name = Arc::from(node.attribute("name").unwrap_or(""));
                    inputs.insert(name, to_value(&expected_of(node)?));
                }
                "resultNode" => {
                    let expected = child(node, "expected")
                        .map(expected_of)
                        .transpose()?
                        .unwrap_or(Expected::Null);
                    results.push(ResultNode {
                        name: node.attribute("name").unwrap_or("").to_owned(),
                        error_result: node.attribute("errorResult") == Some("true"),
                        expected,
                    });
                }
                _ => {}
            }
        }
        cases.push(TestCase {
            id,
            invocation,
            model_name: model_name.clone(),
            inputs,
            results,
        });
    }
    Ok(Some(TestFile { model_name, cases }))
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|n| n.tag_name().name() == name)
}

/// Reads a value-bearing element (`inputNode`, `expected`, `component`, `item`).
fn expected_of(node: Node) -> Result<Expected, String> {
    if let Some(value) = child(node, "value") {
        if value.attribute((XSI, "nil")) == Some("true") {
            return Ok(Expected::Null);
        }
        let xsd_type = value
            .attribute((XSI, "type"))
            .map(|t| t.rsplit(':').next().unwrap_or(t).to_owned())
            .unwrap_or_else(|| "string".to_owned());
        let text = value.text().unwrap_or("");
        let parsed = scalar(&xsd_type, text)
            .ok_or_else(|| format!("cannot read {xsd_type} value {text:?}"))?;
        return Ok(Expected::Scalar {
            xsd_type,
            value: parsed,
            text: text.trim().to_owned(),
        });
    }
    if let Some(list) = child(node, "list") {
        let items = list
            .children()
            .filter(|n| n.tag_name().name() == "item")
            .map(expected_of)
            .collect::<Result<_, _>>()?;
        return Ok(Expected::List(items));
    }
    let components: Vec<Node> = node
        .children()
        .filter(|n| n.tag_name().name() == "component")
        .collect();
    if !components.is_empty() {
        let entries = components
            .into_iter()
            .map(|c| {
                Ok((
                    c.attribute("name").unwrap_or("").to_owned(),
                    expected_of(c)?,
                ))
            })
            .collect::<Result<_, String>>()?;
        return Ok(Expected::Context(entries));
    }
    // An element with nothing in it stands for null (e.g. `<inputNode name="x"/>`).
    Ok(Expected::Null)
}

fn scalar(xsd_type: &str, text: &str) -> Option<Value> {
    match xsd_type {
        "decimal" | "double" | "integer" | "int" | "long" | "float" => {
            Number::parse(text.trim()).map(Value::Number)
        }
        "boolean" => match text.trim() {
            "true" | "1" => Some(Value::Boolean(true)),
            "false" | "0" => Some(Value::Boolean(false)),
            _ => None,
        },
        "date" | "dateTime" | "time" | "duration" => {
            let value = Value::from_at_literal(text.trim());
            (!value.is_null()).then_some(value)
        }
        _ => Some(Value::string(text)),
    }
}

/// The value an expectation describes: the input the engine receives.
pub(crate) fn to_value(expected: &Expected) -> Value {
    match expected {
        Expected::Scalar { value, .. } => value.clone(),
        Expected::Null => Value::Null,
        Expected::List(items) => Value::list(items.iter().map(to_value).collect()),
        Expected::Context(entries) => {
            let mut context = Context::new();
            for (name, value) in entries {
                context.insert(Arc::from(name.as_str()), to_value(value));
            }
            Value::Context(Arc::new(context))
        }
    }
}
