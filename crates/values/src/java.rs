//! Externally defined Java functions (DMN 1.5 §10.3.2.13.3), for the pure static methods of
//! `java.lang` that decision models call — `Math.max`, `Math.cos`, `Integer.valueOf`,
//! `String.format`, … — evaluated natively, without a JVM.
//!
//! A model names the class and the method signature (`max(double, double)`); FEEL values are
//! converted to the Java parameter types as the specification's Java mapping says (a number
//! to `double`, `float`, `long`, `int`, `short` or `byte`; a string of one character to
//! `char`), the method's Java semantics are applied (a `float` result has `float`
//! precision), and the result is converted back (a `double` or `float` through its
//! shortest decimal form). A class or method outside the list, a signature that does not
//! exist, or an argument that does not convert gives `null`, as an unavailable external
//! function does. No class is ever loaded and nothing but these computations runs.

use crate::{Args, Budget, BudgetExceeded, FeelFunction, Name, Number, Value};
use std::sync::Arc;

/// A Java primitive or `String` parameter type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum JavaType {
    Double,
    Float,
    Long,
    Int,
    Short,
    Byte,
    Char,
    String,
    /// `Object[]`, as the varargs of `String.format`.
    Objects,
}

impl JavaType {
    fn parse(name: &str) -> Option<JavaType> {
        Some(match name {
            "double" => JavaType::Double,
            "float" => JavaType::Float,
            "long" => JavaType::Long,
            "int" => JavaType::Int,
            "short" => JavaType::Short,
            "byte" => JavaType::Byte,
            "char" => JavaType::Char,
            "java.lang.String" | "String" => JavaType::String,
            "[Ljava.lang.Object;" | "java.lang.Object[]" | "java.lang.Object..." => {
                JavaType::Objects
            }
            _ => return None,
        })
    }
}

/// A Java value after conversion from FEEL.
#[derive(Clone, Debug)]
enum Java {
    Double(f64),
    Float(f32),
    Long(i64),
    Char(char),
    Str(Arc<str>),
    Objects(Vec<Value>),
}

/// Converts a FEEL value to a Java parameter type; `None` when it does not convert.
fn to_java(value: &Value, ty: JavaType) -> Option<Java> {
    let integer = |min: i64, max: i64| match value {
        Value::Number(n) if n.is_integer() => n.to_i64().filter(|v| (min..=max).contains(v)),
        _ => None,
    };
    Some(match ty {
        JavaType::Double => match value {
            Value::Number(n) => Java::Double(n.to_f64()),
            _ => return None,
        },
        JavaType::Float => match value {
            Value::Number(n) => Java::Float(n.to_f64() as f32),
            _ => return None,
        },
        JavaType::Long => Java::Long(integer(i64::MIN, i64::MAX)?),
        JavaType::Int => Java::Long(integer(i32::MIN.into(), i32::MAX.into())?),
        JavaType::Short => Java::Long(integer(i16::MIN.into(), i16::MAX.into())?),
        JavaType::Byte => Java::Long(integer(i8::MIN.into(), i8::MAX.into())?),
        JavaType::Char => match value {
            Value::String(s) => {
                let mut chars = s.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                Java::Char(c)
            }
            _ => return None,
        },
        JavaType::String => match value {
            Value::String(s) => Java::Str(s.clone()),
            _ => return None,
        },
        JavaType::Objects => match value {
            Value::List(items) => Java::Objects(items.as_ref().clone()),
            other => Java::Objects(vec![other.clone()]),
        },
    })
}

/// The FEEL value of a Java result.
fn from_java(result: Java) -> Value {
    match result {
        Java::Double(d) => Number::from_f64(d).map_or(Value::Null, Value::Number),
        // A float's own shortest decimal: 456.78f is 456.78, not 456.779998779296875.
        Java::Float(f) if f.is_finite() => {
            Number::parse(&format!("{f:e}")).map_or(Value::Null, Value::Number)
        }
        Java::Float(_) => Value::Null,
        Java::Long(l) => Value::Number(Number::from_i64(l)),
        Java::Char(c) => Value::string(c.to_string()),
        Java::Str(s) => Value::String(s),
        Java::Objects(_) => Value::Null,
    }
}

/// The methods supported, by class, name and parameter types.
fn apply(class: &str, method: &str, types: &[JavaType], args: &[Java]) -> Option<Java> {
    use Java as J;
    use JavaType as T;
    let class = class.strip_prefix("java.lang.").unwrap_or(class);
    Some(match (class, method, types, args) {
        ("Math", "max", [T::Double, T::Double], [J::Double(a), J::Double(b)]) => {
            J::Double(a.max(*b))
        }
        ("Math", "min", [T::Double, T::Double], [J::Double(a), J::Double(b)]) => {
            J::Double(a.min(*b))
        }
        ("Math", "max", [T::Float, T::Float], [J::Float(a), J::Float(b)]) => J::Float(a.max(*b)),
        ("Math", "min", [T::Float, T::Float], [J::Float(a), J::Float(b)]) => J::Float(a.min(*b)),
        ("Math", "max", [T::Long, T::Long] | [T::Int, T::Int], [J::Long(a), J::Long(b)]) => {
            J::Long(*a.max(b))
        }
        ("Math", "min", [T::Long, T::Long] | [T::Int, T::Int], [J::Long(a), J::Long(b)]) => {
            J::Long(*a.min(b))
        }
        ("Math", "abs", [T::Double], [J::Double(a)]) => J::Double(a.abs()),
        ("Math", "abs", [T::Long] | [T::Int], [J::Long(a)]) => J::Long(a.checked_abs()?),
        ("Math", name, [T::Double], [J::Double(a)]) => J::Double(match name {
            "cos" => a.cos(),
            "sin" => a.sin(),
            "tan" => a.tan(),
            "acos" => a.acos(),
            "asin" => a.asin(),
            "atan" => a.atan(),
            "sqrt" => a.sqrt(),
            "cbrt" => a.cbrt(),
            "exp" => a.exp(),
            "log" => a.ln(),
            "log10" => a.log10(),
            "floor" => a.floor(),
            "ceil" => a.ceil(),
            "signum" => {
                if *a == 0.0 || a.is_nan() {
                    *a
                } else {
                    a.signum()
                }
            }
            "toDegrees" => a.to_degrees(),
            "toRadians" => a.to_radians(),
            _ => return None,
        }),
        ("Math", "pow", [T::Double, T::Double], [J::Double(a), J::Double(b)]) => {
            J::Double(a.powf(*b))
        }
        ("Math", "atan2", [T::Double, T::Double], [J::Double(a), J::Double(b)]) => {
            J::Double(a.atan2(*b))
        }
        ("Integer" | "Long" | "Short" | "Byte", "valueOf", [T::String], [J::Str(s)]) => {
            let parsed: i64 = s.parse().ok()?;
            let (min, max): (i64, i64) = match class {
                "Integer" => (i32::MIN.into(), i32::MAX.into()),
                "Short" => (i16::MIN.into(), i16::MAX.into()),
                "Byte" => (i8::MIN.into(), i8::MAX.into()),
                _ => (i64::MIN, i64::MAX),
            };
            J::Long(Some(parsed).filter(|v| (min..=max).contains(v))?)
        }
        ("Integer", "valueOf", [T::Int], [J::Long(a)])
        | ("Long", "valueOf", [T::Long], [J::Long(a)])
        | ("Short", "valueOf", [T::Short], [J::Long(a)])
        | ("Byte", "valueOf", [T::Byte], [J::Long(a)]) => J::Long(*a),
        ("Double", "valueOf", [T::String], [J::Str(s)]) => J::Double(s.trim().parse().ok()?),
        ("Float", "valueOf", [T::String], [J::Str(s)]) => J::Float(s.trim().parse().ok()?),
        ("Double", "valueOf", [T::Double], [J::Double(a)]) => J::Double(*a),
        ("Float", "valueOf", [T::Float], [J::Float(a)]) => J::Float(*a),
        ("String", "valueOf", [T::Char], [J::Char(c)]) => J::Str(Arc::from(c.to_string())),
        ("String", "valueOf", [T::Double], [J::Double(a)]) => J::Str(Arc::from(java_double(*a))),
        ("String", "valueOf", [T::Long] | [T::Int], [J::Long(a)]) => {
            J::Str(Arc::from(a.to_string()))
        }
        ("String", "format", [T::String, T::Objects], [J::Str(format), J::Objects(values)]) => {
            J::Str(Arc::from(format_java(format, values)?))
        }
        _ => return None,
    })
}

/// `Double.toString` for the values a model prints: a decimal point always, no exponent
/// for ordinary magnitudes.
fn java_double(d: f64) -> String {
    if d.fract() == 0.0 && d.abs() < 1e7 {
        format!("{d:.1}")
    } else {
        format!("{d}")
    }
}

/// `String.format` for `%s`, `%d` and `%%`; any other conversion gives `None` (null).
fn format_java(format: &str, values: &[Value]) -> Option<String> {
    let mut out = String::new();
    let mut next = values.iter();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            '%' => out.push('%'),
            'n' => out.push('\n'),
            's' => match next.next()? {
                Value::String(s) => out.push_str(s),
                Value::Null => out.push_str("null"),
                Value::Number(n) => out.push_str(&n.to_string()),
                Value::Boolean(b) => out.push_str(if *b { "true" } else { "false" }),
                _ => return None,
            },
            'd' => match next.next()? {
                Value::Number(n) if n.is_integer() => out.push_str(&n.to_string()),
                _ => return None,
            },
            _ => return None,
        }
    }
    Some(out)
}

/// A Java method bound to a FEEL function's parameters.
struct JavaMethod {
    class: String,
    method: String,
    types: Vec<JavaType>,
    params: Vec<Name>,
}

impl FeelFunction for JavaMethod {
    fn parameters(&self) -> Vec<Name> {
        self.params.clone()
    }

    fn call(&self, args: Args, budget: &Budget) -> Result<Value, BudgetExceeded> {
        let result = self.invoke(args);
        budget.built(&result)?;
        Ok(result)
    }

    fn describe(&self) -> String {
        format!("{}.{}", self.class, self.method)
    }
}

impl JavaMethod {
    /// Converts the arguments to Java's types, calls the method and converts the result
    /// back; `null` when an argument does not convert or the method fails.
    fn invoke(&self, args: Args) -> Value {
        let values: Vec<Value> = match args {
            Args::Positional(values) => values,
            Args::Named(named) => {
                let mut values = vec![Value::Null; self.params.len()];
                for (name, value) in named {
                    let Some(i) = self.params.iter().position(|p| *p == name) else {
                        return Value::Null;
                    };
                    values[i] = value;
                }
                values
            }
        };
        // A varargs method takes the remaining arguments as its last parameter.
        let values = match self.types.last() {
            Some(JavaType::Objects) if values.len() >= self.types.len() - 1 => {
                let mut values = values;
                let rest = values.split_off(self.types.len() - 1);
                values.push(Value::list(rest));
                values
            }
            _ => values,
        };
        if values.len() != self.types.len() {
            return Value::Null;
        }
        let Some(java) = values
            .iter()
            .zip(&self.types)
            .map(|(v, t)| to_java(v, *t))
            .collect::<Option<Vec<_>>>()
        else {
            return Value::Null;
        };
        apply(&self.class, &self.method, &self.types, &java).map_or(Value::Null, from_java)
    }
}

/// The Java method `class` / `signature` (e.g. `"java.lang.Math"`, `"max(double, double)"`)
/// as a FEEL function of `params`; `None` when the class or method is not supported or the
/// signature is malformed.
pub fn java_function(class: &str, signature: &str, params: Vec<Name>) -> Option<Value> {
    let signature: String = signature.chars().filter(|c| !c.is_whitespace()).collect();
    let (method, rest) = signature.split_once('(')?;
    let types = rest.strip_suffix(')')?;
    let types = if types.is_empty() {
        Vec::new()
    } else {
        types
            .split(',')
            .map(JavaType::parse)
            .collect::<Option<Vec<_>>>()?
    };
    // Only methods this module implements: check with placeholder arguments of each type.
    let probe: Vec<Java> = types
        .iter()
        .map(|t| match t {
            JavaType::Double => Java::Double(1.0),
            JavaType::Float => Java::Float(1.0),
            JavaType::Long | JavaType::Int | JavaType::Short | JavaType::Byte => Java::Long(1),
            JavaType::Char => Java::Char('1'),
            JavaType::String => Java::Str(Arc::from("1")),
            JavaType::Objects => Java::Objects(Vec::new()),
        })
        .collect();
    apply(class, method, &types, &probe)?;
    Some(Value::Function(Arc::new(JavaMethod {
        class: class.to_owned(),
        method: method.to_owned(),
        types,
        params,
    })))
}

/// The Java method a mapping names — a context with `class` and `method signature`
/// strings, as both FEEL's `external {java: …}` and DMN's boxed `kind="Java"` definitions
/// write it — as a FEEL function of `params`; `null` for any other value or an unsupported
/// method.
pub fn java_function_of(mapping: &Value, params: Vec<Name>) -> Value {
    let Value::Context(mapping) = mapping else {
        return Value::Null;
    };
    let (Some(Value::String(class)), Some(Value::String(signature))) =
        (mapping.get("class"), mapping.get("method signature"))
    else {
        return Value::Null;
    };
    java_function(class, signature, params).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(class: &str, signature: &str, args: Vec<Value>) -> Value {
        let params = (0..args.len())
            .map(|i| Name::from(format!("p{i}")))
            .collect();
        match java_function(class, signature, params) {
            Some(Value::Function(f)) => f
                .call(Args::Positional(args), &Budget::default())
                .unwrap_or(Value::Null),
            _ => Value::Null,
        }
    }

    fn number(text: &str) -> Value {
        Value::Number(Number::parse(text).unwrap_or_else(Number::zero))
    }

    fn shown(value: &Value) -> String {
        format!("{value:?}")
    }

    #[test]
    fn java_semantics_and_conversions() {
        let math = "java.lang.Math";
        assert_eq!(
            shown(&call(
                math,
                "max(double, double)",
                vec![number("123"), number("456.78")]
            )),
            shown(&number("456.78"))
        );
        assert_eq!(
            shown(&call(
                math,
                "max(float,float)",
                vec![number("123.46"), number("456.78")]
            )),
            shown(&number("456.78"))
        );
        assert_eq!(
            shown(&call(
                math,
                "max(int,int)",
                vec![number("123"), number("456")]
            )),
            shown(&number("456"))
        );
        // An int parameter takes only whole numbers in range.
        assert!(call(math, "max(int,int)", vec![number("1.5"), number("2")]).is_null());
        assert!(
            call(
                math,
                "max(int,int)",
                vec![number("3000000000"), number("2")]
            )
            .is_null()
        );
        assert_eq!(
            shown(&call(
                "java.lang.String",
                "valueOf(char)",
                vec![Value::string("a")]
            )),
            shown(&Value::string("a"))
        );
        assert!(
            call(
                "java.lang.String",
                "valueOf(char)",
                vec![Value::string("abc")]
            )
            .is_null()
        );
        assert_eq!(
            shown(&call(
                "java.lang.String",
                "format(java.lang.String, [Ljava.lang.Object;)",
                vec![
                    Value::string("%s and %d%%"),
                    Value::string("a"),
                    number("5")
                ]
            )),
            shown(&Value::string("a and 5%"))
        );
        assert_eq!(
            shown(&call(
                "java.lang.Integer",
                "valueOf(java.lang.String)",
                vec![Value::string("123")]
            )),
            shown(&number("123"))
        );
        assert!(
            call(
                "java.lang.Byte",
                "valueOf(java.lang.String)",
                vec![Value::string("300")]
            )
            .is_null()
        );
    }

    #[test]
    fn unknown_classes_methods_and_signatures_are_null() {
        let none =
            |class: &str, signature: &str| java_function(class, signature, Vec::new()).is_none();
        assert!(none("java.lang.Math", "foo(double)"));
        assert!(none("java.lang.Foo", "valueOf(double)"));
        assert!(none(
            "java.lang.Math",
            "max(java.lang.String, java.lang.String)"
        ));
        assert!(none("java.lang.System", "exit(int)"));
        assert!(none("java.lang.Runtime", "getRuntime()"));
        assert!(none("java.lang.Math", "max(double"));
    }
}
