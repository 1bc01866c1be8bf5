//! A small RFC 4180 CSV reader for labelled training data.

use crate::error::ClassifyError;

/// One parsed record and the 1-based line it starts on.
type Record = (usize, Vec<String>);

/// Splits CSV text into records. Handles quoted fields with embedded commas,
/// newlines and doubled quotes, CRLF or LF line ends, and a leading BOM.
fn records(text: &str) -> Result<Vec<Record>, ClassifyError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut line = 1usize;
    let mut start_line = 1usize;
    let mut in_quotes = false;
    let mut quoted_field = false;
    let mut quote_line = 1usize;
    let mut chars = text.chars().peekable();
    let mut row_has_content = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted_field => {
                in_quotes = true;
                quoted_field = true;
                quote_line = line;
                row_has_content = true;
            }
            '"' => {
                return Err(ClassifyError::BadCsvRow {
                    row: out.len(),
                    line,
                    message: "stray quote inside an unquoted field or after a closing quote".into(),
                });
            }
            ',' => {
                fields.push(std::mem::take(&mut field));
                quoted_field = false;
                row_has_content = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                if row_has_content || !field.is_empty() {
                    fields.push(std::mem::take(&mut field));
                    out.push((start_line, std::mem::take(&mut fields)));
                }
                quoted_field = false;
                row_has_content = false;
                line += 1;
                start_line = line;
            }
            _ => {
                if quoted_field {
                    return Err(ClassifyError::BadCsvRow {
                        row: out.len(),
                        line,
                        message: "text after a closing quote".into(),
                    });
                }
                field.push(c);
                row_has_content = true;
            }
        }
    }
    if in_quotes {
        return Err(ClassifyError::BadCsvRow {
            row: out.len(),
            line: quote_line,
            message: "quoted field is never closed".into(),
        });
    }
    if row_has_content || !field.is_empty() {
        fields.push(field);
        out.push((start_line, fields));
    }
    Ok(out)
}

/// Reads `(text, label)` pairs from CSV text with a header row.
///
/// Fields may be quoted (with `""` for a quote) and contain commas and
/// newlines. Blank lines are skipped. Errors name a missing column, or the
/// data row (1-based) and line of a malformed row: a row with fewer fields
/// than the header needs, an unterminated quote, or an empty label.
pub fn read_labeled_csv(
    csv_text: &str,
    text_column: &str,
    label_column: &str,
) -> Result<Vec<(String, String)>, ClassifyError> {
    let mut recs = records(csv_text)?.into_iter();
    let (_, header) = recs.next().ok_or_else(|| ClassifyError::MissingColumn {
        column: text_column.to_string(),
        available: Vec::new(),
    })?;
    let find = |name: &str| {
        header
            .iter()
            .position(|h| h.trim() == name)
            .ok_or_else(|| ClassifyError::MissingColumn {
                column: name.to_string(),
                available: header.clone(),
            })
    };
    let ti = find(text_column)?;
    let li = find(label_column)?;
    let need = ti.max(li) + 1;
    let mut out = Vec::new();
    for (row, (line, mut fields)) in recs.enumerate() {
        let row = row + 1;
        if fields.len() < need {
            return Err(ClassifyError::BadCsvRow {
                row,
                line,
                message: format!("has {} fields, needs at least {need}", fields.len()),
            });
        }
        let label = std::mem::take(&mut fields[li]).trim().to_string();
        if label.is_empty() {
            return Err(ClassifyError::BadCsvRow {
                row,
                line,
                message: "empty label".into(),
            });
        }
        // The same column may serve as text and label (e.g. to read texts alone).
        let text = if ti == li {
            label.clone()
        } else {
            std::mem::take(&mut fields[ti])
        };
        out.push((text, label));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_column_as_text_and_label() {
        let rows = read_labeled_csv("text\nfirst\nsecond\n", "text", "text").unwrap();
        assert_eq!(
            rows,
            vec![
                ("first".into(), "first".into()),
                ("second".into(), "second".into())
            ]
        );
    }

    #[test]
    fn quoted_newlines_and_crlf() {
        let csv = "\u{feff}id,text,label\r\n1,\"a, \"\"b\"\"\nc\",x\r\n\r\n2,plain,y\n";
        let rows = read_labeled_csv(csv, "text", "label").unwrap();
        assert_eq!(
            rows,
            vec![
                ("a, \"b\"\nc".into(), "x".into()),
                ("plain".into(), "y".into())
            ]
        );
    }

    #[test]
    fn errors_name_column_and_line() {
        let e = read_labeled_csv("a,b\n1,2\n", "text", "b").unwrap_err();
        assert!(matches!(e, ClassifyError::MissingColumn { ref column, .. } if column == "text"));
        let e = read_labeled_csv("t,l\n\"x\ny\",1\nonly\n", "t", "l").unwrap_err();
        assert_eq!(
            e,
            ClassifyError::BadCsvRow {
                row: 2,
                line: 4,
                message: "has 1 fields, needs at least 2".into()
            }
        );
        let e = read_labeled_csv("t,l\nok,1\n\"open,1\n", "t", "l").unwrap_err();
        assert!(matches!(e, ClassifyError::BadCsvRow { line: 3, .. }));
        let e = read_labeled_csv("t,l\nok,\n", "t", "l").unwrap_err();
        assert!(matches!(e, ClassifyError::BadCsvRow { row: 1, .. }));
        let e = read_labeled_csv("t,l\n\"a\"b,1\n", "t", "l").unwrap_err();
        assert!(matches!(
            e,
            ClassifyError::BadCsvRow {
                row: 1,
                line: 2,
                ..
            }
        ));
    }
}
