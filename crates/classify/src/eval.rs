//! Evaluation: accuracy, per-class precision/recall/F1, confusion matrix.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::error::ClassifyError;
use crate::model::Classifier;

/// Figures for one class.
#[derive(Debug, Clone, PartialEq)]
pub struct ClassReport {
    /// The label.
    pub label: String,
    /// Correct predictions of this label / all predictions of it (0 if none).
    pub precision: f64,
    /// Correct predictions of this label / gold examples of it (0 if none).
    pub recall: f64,
    /// Harmonic mean of precision and recall (0 if both are 0).
    pub f1: f64,
    /// Number of gold examples of this label.
    pub support: usize,
}

/// An evaluation report.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    /// Share of examples predicted correctly.
    pub accuracy: f64,
    /// Unweighted mean F1 over every label that occurs as gold or prediction.
    pub macro_f1: f64,
    /// Per-label figures, in label order.
    pub per_class: Vec<ClassReport>,
    /// Labels (sorted) and the matrix: `matrix[gold][predicted]` counts.
    pub confusion: (Vec<String>, Vec<Vec<usize>>),
}

/// Evaluates `model` on `texts` with gold `labels`.
pub fn evaluate(
    model: &Classifier,
    texts: &[&str],
    labels: &[&str],
) -> Result<Report, ClassifyError> {
    crate::model::check_pairs(texts, labels)?;
    let predicted: Vec<String> = texts.iter().map(|t| model.predict(t).label).collect();
    Ok(Report::from_pairs(labels, &predicted))
}

impl Report {
    /// Builds a report from gold and predicted labels (same length).
    pub fn from_pairs<G: AsRef<str>, P: AsRef<str>>(gold: &[G], predicted: &[P]) -> Report {
        let set: BTreeSet<&str> = gold
            .iter()
            .map(AsRef::as_ref)
            .chain(predicted.iter().map(AsRef::as_ref))
            .collect();
        let names: Vec<String> = set.iter().map(|s| s.to_string()).collect();
        let idx = |s: &str| names.binary_search_by(|n| n.as_str().cmp(s)).unwrap_or(0);
        let k = names.len();
        let mut m = vec![vec![0usize; k]; k];
        for (g, p) in gold.iter().zip(predicted) {
            m[idx(g.as_ref())][idx(p.as_ref())] += 1;
        }
        let total: usize = m.iter().flatten().sum();
        let correct: usize = (0..k).map(|i| m[i][i]).sum();
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let per_class: Vec<ClassReport> = (0..k)
            .map(|i| {
                let support: usize = m[i].iter().sum();
                let predicted: usize = m.iter().map(|row| row[i]).sum();
                let precision = ratio(m[i][i], predicted);
                let recall = ratio(m[i][i], support);
                let f1 = if precision + recall > 0.0 {
                    2.0 * precision * recall / (precision + recall)
                } else {
                    0.0
                };
                ClassReport {
                    label: names[i].clone(),
                    precision,
                    recall,
                    f1,
                    support,
                }
            })
            .collect();
        let macro_f1 = if k == 0 {
            0.0
        } else {
            per_class.iter().map(|c| c.f1).sum::<f64>() / k as f64
        };
        Report {
            accuracy: ratio(correct, total),
            macro_f1,
            per_class,
            confusion: (names, m),
        }
    }

    /// A plain-text report: the per-class table, the confusion matrix (rows
    /// gold, columns predicted, numbered as in the table), and as the last
    /// line `accuracy=0.xxxx macro_f1=0.xxxx`.
    pub fn render(&self) -> String {
        let mut s = String::new();
        let w = self
            .per_class
            .iter()
            .map(|c| c.label.chars().count())
            .max()
            .unwrap_or(5)
            .max(5);
        let _ = writeln!(s, "  # {:<w$}  precision  recall      f1  support", "label");
        for (i, c) in self.per_class.iter().enumerate() {
            let pad = w - c.label.chars().count();
            let _ = writeln!(
                s,
                "{:>3} {}{}  {:>9.4}  {:>6.4}  {:>6.4}  {:>7}",
                i,
                c.label,
                " ".repeat(pad),
                c.precision,
                c.recall,
                c.f1,
                c.support
            );
        }
        let (_, m) = &self.confusion;
        let cw = m
            .iter()
            .flatten()
            .max()
            .map_or(1, |v| v.to_string().len())
            .max(3);
        let _ = writeln!(s, "\nconfusion (rows gold, columns predicted):");
        let _ = write!(s, "    ");
        for j in 0..m.len() {
            let _ = write!(s, " {j:>cw$}");
        }
        s.push('\n');
        for (i, row) in m.iter().enumerate() {
            let _ = write!(s, "{i:>3} ");
            for v in row {
                let _ = write!(s, " {v:>cw$}");
            }
            s.push('\n');
        }
        let _ = writeln!(
            s,
            "accuracy={:.4} macro_f1={:.4}",
            self.accuracy, self.macro_f1
        );
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_and_last_line() {
        let gold = ["a", "a", "b", "b"];
        let pred = ["a", "b", "b", "b"];
        let r = Report::from_pairs(&gold, &pred);
        assert_eq!(r.accuracy, 0.75);
        assert_eq!(r.per_class[0].precision, 1.0);
        assert_eq!(r.per_class[0].recall, 0.5);
        assert_eq!(r.confusion.1, vec![vec![1, 1], vec![0, 2]]);
        let text = r.render();
        assert_eq!(text.lines().last(), Some("accuracy=0.7500 macro_f1=0.7333"));
    }
}
