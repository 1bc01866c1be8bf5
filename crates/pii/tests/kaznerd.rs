//! Recall of PERSON entities of the KazNERD validation split (IS2AI, CC BY 4.0) by the
//! person-name detector. Skipped when the data set is absent; nothing from it is stored in
//! the repository. Run with `--nocapture` to see the figure.

use std::path::Path;

use sheshim_pii::{PiiKind, find};

/// Path relative to the crate directory.
const PATH: &str = "../../../shared/data/kaznerd/IOB2_valid.txt";

#[test]
fn kaznerd_person_recall() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(PATH);
    let Ok(content) = std::fs::read_to_string(&path) else {
        eprintln!("KazNERD not found at {}; skipped", path.display());
        return;
    };
    let (mut entities, mut found, mut sentences, mut findings_total, mut findings_on_person) =
        (0usize, 0usize, 0usize, 0usize, 0usize);
    for block in content.split("\n\n") {
        // Rebuild the sentence with single spaces; remember each PERSON entity's byte span.
        let mut text = String::new();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for line in block.lines() {
            let mut parts = line.split_whitespace();
            let (Some(token), Some(tag)) = (parts.next(), parts.next_back()) else {
                continue;
            };
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(token);
            let end = text.len();
            match tag {
                "B-PERSON" => spans.push((start, end)),
                "I-PERSON" => {
                    if let Some(last) = spans.last_mut() {
                        last.1 = end;
                    }
                }
                _ => {}
            }
        }
        if text.is_empty() {
            continue;
        }
        sentences += 1;
        let names: Vec<_> = find(&text)
            .into_iter()
            .filter(|f| f.kind == PiiKind::PersonName)
            .collect();
        findings_total += names.len();
        findings_on_person += names
            .iter()
            .filter(|f| spans.iter().any(|&(s, e)| f.start < e && s < f.end))
            .count();
        for &(s, e) in &spans {
            entities += 1;
            if names.iter().any(|f| f.start < e && s < f.end) {
                found += 1;
            }
        }
    }
    let recall = found as f64 / entities.max(1) as f64;
    let precision = findings_on_person as f64 / findings_total.max(1) as f64;
    eprintln!(
        "KazNERD valid: {sentences} sentences, {entities} PERSON entities, recall {recall:.3} \
         ({found}/{entities}); name findings overlapping a PERSON {precision:.3} \
         ({findings_on_person}/{findings_total})"
    );
    assert!(recall >= 0.3, "recall {recall}");
}
