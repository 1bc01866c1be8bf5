//! Person names on KazNERD's validation file (IS2AI, CC BY 4.0), measured on the held-out part
//! of its split (see `tests/support/kaznerd.rs`): recall of PERSON entities, and the share of
//! sentences naming nobody in which a name is reported. Nothing that builds the crate's name
//! lists or model reads the held-out part. Skipped when the data set is absent; nothing from
//! it is stored in the repository. Run with `--nocapture` to see the figures.

#[path = "support/kaznerd.rs"]
mod kaznerd;

use kaznerd::{Part, default_path, load, measure};
use sheshim_pii::{PiiKind, find};

/// The spans of the person names `find` reports.
fn names(text: &str) -> Vec<(usize, usize)> {
    find(text)
        .into_iter()
        .filter(|f| f.kind == PiiKind::PersonName)
        .map(|f| (f.start, f.end))
        .collect()
}

#[test]
fn kaznerd_held_out_persons() {
    let path = default_path();
    let Some(sentences) = load(&path) else {
        eprintln!("KazNERD not found at {}; skipped", path.display());
        return;
    };
    let held_out = measure(sentences.iter().filter(|s| s.part == Part::HeldOut), names);
    eprintln!(
        "KazNERD held-out: {} PERSON entities, recall {:.3} ({}/{}); {} sentences naming nobody, \
         a name reported in {:.4} ({}/{})",
        held_out.entities,
        held_out.recall(),
        held_out.found,
        held_out.entities,
        held_out.nameless,
        held_out.false_name_rate(),
        held_out.false_name_sentences,
        held_out.nameless
    );
    assert!(held_out.entities > 300, "the split lost its sentences");
}
