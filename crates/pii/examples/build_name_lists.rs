//! Builds the person-name lexicon and model (`data/names/lexicon.tsv`, `data/names/model.tsv`)
//! from the build part of KazNERD's validation file (IS2AI, CC BY 4.0) and the crate's
//! general lists (`data/names/*.txt`). Never reads the held-out part (see
//! `tests/support/kaznerd.rs` for the split). Deterministic: the same input gives the same
//! files.
//!
//! ```text
//! cargo run -p sheshim-pii --example build_name_lists            # the files the crate ships
//! cargo run -p sheshim-pii --example build_name_lists -- --train-only   # tuning: no dev slice
//! ```
//!
//! With `--train-only` the development slice is left out too, so that
//! `PII_KAZNERD_PART=dev cargo test -p sheshim-pii --test kaznerd -- --nocapture` measures the
//! detector on sentences the lists did not see; the threshold below was chosen that way.

#[path = "../tests/support/kaznerd.rs"]
mod kaznerd;
#[path = "../src/name_features.rs"]
mod name_features;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use kaznerd::{Part, Sentence};
use name_features::{NameLists, Word, feature_hash, features, is_candidate, sigmoid, stems, words};

/// A word is reported as (part of) a name when the model gives it at least this probability;
/// chosen on the development slice (see the module documentation).
const THRESHOLD: f64 = 0.35;
/// Neighbouring capitalised words with at least this probability join the name.
const EXTEND: f64 = 0.15;
/// Folds for the cross-fitted counts (see [`training_examples`]).
const FOLDS: usize = 5;
/// Passes of stochastic gradient descent.
const EPOCHS: usize = 15;
/// Initial learning rate, divided by `1 + EPOCHS_DECAY * epoch`.
const LEARNING_RATE: f64 = 0.1;
/// Learning-rate decay per epoch.
const EPOCHS_DECAY: f64 = 0.5;
/// L2 penalty.
const L2: f64 = 1e-3;
/// Weights smaller than this in magnitude are not written.
const PRUNE: f64 = 0.005;

/// Counts of words and stems, and the general lists.
#[derive(Clone, Default)]
struct Lists {
    /// Lowercased word or stem → (times a person's name, times another capitalised word).
    counts: HashMap<String, (u32, u32)>,
    /// General given names.
    given: HashSet<String>,
    /// Words that are never names.
    excluded: HashSet<String>,
}

impl NameLists for Lists {
    fn counts(&self, key: &str) -> (u32, u32) {
        self.counts.get(key).copied().unwrap_or((0, 0))
    }
    fn is_given_name(&self, key: &str) -> bool {
        self.given.contains(key)
    }
    fn is_excluded(&self, key: &str) -> bool {
        self.excluded.contains(key)
    }
}

/// A candidate word of a sentence and whether it belongs to a PERSON entity.
struct Labelled {
    sentence: usize,
    word: usize,
    person: bool,
}

/// The words of every sentence and the candidates among them, labelled.
fn label(sentences: &[&Sentence], lists: &Lists) -> (Vec<Vec<Word>>, Vec<Labelled>) {
    let mut all_words = Vec::new();
    let mut labelled = Vec::new();
    for (s, sentence) in sentences.iter().enumerate() {
        let ws = words(&sentence.text);
        for (w, word) in ws.iter().enumerate() {
            if is_candidate(word, lists) {
                let person = sentence
                    .persons
                    .iter()
                    .any(|&(start, end)| word.start < end && start < word.end);
                labelled.push(Labelled {
                    sentence: s,
                    word: w,
                    person,
                });
            }
        }
        all_words.push(ws);
    }
    (all_words, labelled)
}

/// Adds the counts of one candidate word (its lowercase form and its stems) to `counts`.
fn count(counts: &mut HashMap<String, (u32, u32)>, lower: &str, person: bool, sign: i64) {
    let mut keys: Vec<&str> = stems(lower).collect();
    keys.sort_unstable();
    keys.dedup();
    for key in keys {
        let entry = counts.entry(key.to_string()).or_default();
        let slot = if person { &mut entry.0 } else { &mut entry.1 };
        *slot = u32::try_from(i64::from(*slot) + sign).unwrap_or(0);
    }
}

/// Feature ids of every candidate, each computed with counts that leave out the candidate's
/// own fold, so that the model learns how far counts can be trusted for words it has not
/// seen (as every word of a new text is, to the counts), not that a counted word is always
/// what it was counted as.
fn training_examples(
    sentences: &[&Sentence],
    words: &[Vec<Word>],
    labelled: &[Labelled],
    full: &Lists,
    vocabulary: &mut BTreeMap<String, usize>,
) -> Vec<Vec<usize>> {
    let folds: Vec<Lists> = (0..FOLDS)
        .map(|fold| {
            let mut lists = full.clone();
            for l in labelled.iter().filter(|l| l.sentence % FOLDS == fold) {
                count(
                    &mut lists.counts,
                    &words[l.sentence][l.word].lower,
                    l.person,
                    -1,
                );
            }
            lists
        })
        .collect();
    labelled
        .iter()
        .map(|l| {
            let mut ids = Vec::new();
            let lists = &folds[l.sentence % FOLDS];
            let text = &sentences[l.sentence].text;
            features(text, &words[l.sentence], l.word, lists, &mut |parts| {
                let next = vocabulary.len();
                ids.push(*vocabulary.entry(parts.concat()).or_insert(next));
            });
            ids
        })
        .collect()
}

/// Logistic regression by stochastic gradient descent in a fixed pseudo-random order.
fn train(examples: &[Vec<usize>], labels: &[bool], features: usize) -> Vec<f64> {
    let mut weights = vec![0.0; features];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for epoch in 0..EPOCHS {
        for i in (1..order.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let rate = LEARNING_RATE / (1.0 + EPOCHS_DECAY * epoch as f64);
        for &e in &order {
            let z: f64 = examples[e].iter().map(|&f| weights[f]).sum();
            let gradient = f64::from(u8::from(labels[e])) - sigmoid(z);
            for &f in &examples[e] {
                weights[f] += rate * (gradient - L2 * weights[f]);
            }
        }
    }
    weights
}

/// Reads a list file: one lowercase entry a line, `#` comments.
fn read_list(path: &Path) -> Result<HashSet<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect())
}

/// Builds and writes both files.
fn run(train_only: bool, threshold: f64) -> Result<(), String> {
    let data = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/names");
    let path = kaznerd::default_path();
    let all = kaznerd::load(&path).ok_or_else(|| format!("cannot read {}", path.display()))?;
    let keep = |p: Part| p == Part::Train || (p == Part::Dev && !train_only);
    let sentences: Vec<&Sentence> = all.iter().filter(|s| keep(s.part)).collect();
    let mut lists = Lists {
        given: read_list(&data.join("given_names.txt"))?,
        excluded: read_list(&data.join("not_names.txt"))?,
        ..Lists::default()
    };
    lists
        .given
        .extend(read_list(&data.join("given_names_added.txt"))?);
    lists
        .excluded
        .extend(read_list(&data.join("honorifics_before.txt"))?);
    let (words, labelled) = label(&sentences, &lists);
    for l in &labelled {
        count(
            &mut lists.counts,
            &words[l.sentence][l.word].lower,
            l.person,
            1,
        );
    }
    let mut vocabulary = BTreeMap::new();
    let examples = training_examples(&sentences, &words, &labelled, &lists, &mut vocabulary);
    let labels: Vec<bool> = labelled.iter().map(|l| l.person).collect();
    let weights = train(&examples, &labels, vocabulary.len());

    let part = if train_only {
        "train slice"
    } else {
        "build part (train and dev slices)"
    };
    let provenance = format!(
        "# Generated by `cargo run -p sheshim-pii --example build_name_lists{}` from the {part}\n\
         # of KazNERD's validation file (IS2AI, CC BY 4.0; see README.md). Do not edit.\n",
        if train_only { " -- --train-only" } else { "" }
    );
    let mut lexicon = provenance.clone();
    lexicon.push_str("# lowercase word or stem\ttimes in a PERSON entity\ttimes another capitalised word (both at most 4)\n");
    let mut keys: Vec<_> = lists.counts.iter().filter(|(_, c)| **c != (0, 0)).collect();
    keys.sort();
    for (key, (person, other)) in keys {
        let _ = writeln!(lexicon, "{key}\t{}\t{}", person.min(&4), other.min(&4));
    }
    let mut model = provenance;
    model.push_str(
        "# feature\tweight of a logistic model; @threshold and @extend are the cut-offs\n",
    );
    let _ = writeln!(model, "@threshold\t{threshold}\n@extend\t{EXTEND}");
    // The detector looks features up by hash: two written features must not share one.
    let mut hashes = HashSet::new();
    for (feature, &id) in &vocabulary {
        let weight = weights[id];
        if weight.abs() >= PRUNE {
            if !hashes.insert(feature_hash(&[feature])) {
                return Err(format!("two features share a hash; one is {feature:?}"));
            }
            let _ = writeln!(model, "{feature}\t{weight:.3}");
        }
    }
    for (name, content) in [("lexicon.tsv", lexicon), ("model.tsv", model)] {
        let out = data.join(name);
        std::fs::write(&out, content).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    println!(
        "{} sentences, {} candidate words ({} in a PERSON entity), {} features; wrote {}",
        sentences.len(),
        labelled.len(),
        labels.iter().filter(|&&p| p).count(),
        vocabulary.len(),
        data.display()
    );
    Ok(())
}

fn main() -> ExitCode {
    let train_only = std::env::args().any(|a| a == "--train-only");
    // A lower threshold, for tuning only: the dev figures are then printed for higher cut-offs.
    let threshold = std::env::args()
        .find_map(|a| a.strip_prefix("--threshold=")?.parse().ok())
        .unwrap_or(THRESHOLD);
    match run(train_only, threshold) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("build_name_lists: {e}");
            ExitCode::FAILURE
        }
    }
}
