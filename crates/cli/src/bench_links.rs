//! `sheshim bench links`: precision and recall of duplicate links on a labelled set built
//! from KZgovData, for the lexical index the intake uses (MinHash/LSH) and for the
//! multilingual embedding.
//!
//! The set: KZgovData's 1,200 appeals are each written in Kazakh and in Russian. The Russian
//! texts are the open cases; each Kazakh text arrives as a new appeal and should be linked
//! to the Russian text of the same appeal — a duplicate across languages. A link is right
//! when the linked case's Russian text is the arriving appeal's own Russian text (the set
//! repeats some texts word for word in several rows; any of them is the same matter);
//! KZgovData's own `duplicate` column is noisy and is not used. Precision is right links over
//! links made, recall right links over the 1,200 appeals. The embedding links an appeal to
//! its most similar open case when the cosine reaches the threshold (several thresholds are
//! printed); MinHash links it to its best candidate at the index's default threshold.

use crate::args::LinksBenchArgs;
use rayon::prelude::*;
use sheshim_dedup::{DEFAULT_THRESHOLD, DuplicateIndex, MinHasher};
use sheshim_embed::{Embedding, Role};
use std::process::ExitCode;

/// Precision and recall of a list of links (`None`: no link made).
fn figures(links: &[Option<usize>], russian: &[String]) -> (f64, f64, usize) {
    let made = links.iter().flatten().count();
    let right = links
        .iter()
        .enumerate()
        .filter(|(i, link)| link.is_some_and(|j| russian[j] == russian[*i]))
        .count();
    let precision = if made == 0 {
        f64::NAN
    } else {
        right as f64 / made as f64
    };
    (precision, right as f64 / links.len() as f64, made)
}

fn print(method: &str, links: &[Option<usize>], russian: &[String]) {
    let (precision, recall, made) = figures(links, russian);
    println!("{method:<34} {made:>6} {precision:>10.4} {recall:>8.4}");
}

/// Runs the benchmark and prints its figures.
pub fn run(args: &LinksBenchArgs) -> anyhow::Result<ExitCode> {
    let crate::bench_kzgovdata::Kzgovdata {
        kazakh, russian, ..
    } = crate::bench_kzgovdata::read_kzgovdata(&args.data)?;
    println!(
        "bench links: {} Kazakh appeals against {} open Russian cases (KZgovData); a link is right when it is the same appeal's text",
        kazakh.len(),
        russian.len()
    );
    println!(
        "{:<34} {:>6} {:>10} {:>8}",
        "method", "links", "precision", "recall"
    );

    let hasher = MinHasher::default();
    let mut index = DuplicateIndex::new();
    for (j, text) in russian.iter().enumerate() {
        index.insert(j as u64, hasher.signature(text));
    }
    let lexical: Vec<Option<usize>> = kazakh
        .iter()
        .map(|text| {
            index
                .near_duplicates(&hasher.signature(text), DEFAULT_THRESHOLD)
                .first()
                .map(|&(j, _)| j as usize)
        })
        .collect();
    print("minhash (intake's index)", &lexical, &russian);

    let embedder = crate::embedding::load(&args.folder.models)?;
    let embed = |texts: &[String]| -> anyhow::Result<Vec<Embedding>> {
        texts
            .par_iter()
            .map(|text| embedder.embed(text, Role::Query))
            .collect::<Result<Vec<_>, _>>()
            .map_err(Into::into)
    };
    let new = embed(&kazakh)?;
    let open = embed(&russian)?;
    let nearest: Vec<(usize, f32)> = new
        .par_iter()
        .map(|vector| {
            open.iter()
                .enumerate()
                .map(|(j, other)| (j, vector.cosine(other)))
                .fold(
                    (0, f32::MIN),
                    |best, next| if next.1 > best.1 { next } else { best },
                )
        })
        .collect();
    for threshold in [0.80f32, 0.85, 0.88, 0.90, 0.92] {
        let links: Vec<Option<usize>> = nearest
            .iter()
            .map(|&(j, cosine)| (cosine >= threshold).then_some(j))
            .collect();
        print(
            &format!("e5 nearest, cosine >= {threshold:.2}"),
            &links,
            &russian,
        );
    }
    Ok(ExitCode::SUCCESS)
}
