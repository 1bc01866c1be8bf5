//! `sheshim search "…"`: the legal passages, knowledge notes and earlier answers that best
//! match a query, with their sources — built into an index at each run (in memory, or kept
//! in `--index DIR` and reused while the sources are unchanged).

use crate::args::SearchArgs;
use anyhow::{Context, bail};
use serde_json::json;
use sheshim_search::{
    BuildOptions, Hit, IndexLocation, Ranking, SearchIndex, Sources, TextEmbedder,
};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

/// The most hits a search prints.
const MAX_LIMIT: usize = 100;

/// The catalogue searched when `--services` is not given, if it exists.
const DEFAULT_SERVICES: &str = "services";

/// Gathers the sources, builds the index, searches and prints the hits.
pub fn run(args: &SearchArgs) -> anyhow::Result<ExitCode> {
    if !(1..=MAX_LIMIT).contains(&args.limit) {
        bail!("--limit must be between 1 and {MAX_LIMIT}");
    }
    let mut sources = Sources::new();
    let services = match &args.services {
        Some(path) => Some(path.as_path()),
        None => Some(Path::new(DEFAULT_SERVICES)).filter(|p| p.is_dir()),
    };
    let mut counts = Vec::new();
    if let Some(root) = services {
        let n = sources
            .add_catalogue(root)
            .with_context(|| format!("cannot read the legal passages under {}", root.display()))?;
        counts.push(format!("{n} legal passages"));
    }
    if let Some(folder) = &args.notes {
        let n = sources
            .add_notes(folder)
            .with_context(|| format!("cannot read the notes in {}", folder.display()))?;
        counts.push(format!("{n} notes"));
    }
    if let Some(path) = &args.answers {
        let n = sources
            .add_answers(path)
            .with_context(|| format!("cannot read the answers in {}", path.display()))?;
        counts.push(format!("{n} answers"));
    }
    let embedder: Option<Arc<dyn TextEmbedder>> = if args.no_embeddings {
        None
    } else {
        match crate::embedding::load_if_present(&args.folder.models)? {
            Some(embedder) => Some(Arc::new(crate::embedding::SearchEmbedder(embedder))),
            None => {
                eprintln!(
                    "note: BM25 alone — the embedding model is not in {} (sheshim models fetch e5-small), so a query finds passages in its own language only",
                    args.folder.models.display()
                );
                None
            }
        }
    };
    let options = BuildOptions {
        directory: args.index.clone(),
        embedder,
    };
    let index = SearchIndex::build(sources, options).context("cannot build the search index")?;
    let hits = index
        .search(&args.query, args.limit)
        .context("cannot search")?;
    let location = match index.location() {
        IndexLocation::Memory => "in memory, built now".to_owned(),
        IndexLocation::Built(dir) => format!("in {}, built now", dir.display()),
        IndexLocation::Reused(dir) => format!("in {}, reused (sources unchanged)", dir.display()),
    };
    let ranking = match index.ranking() {
        Ranking::Bm25 => "bm25",
        Ranking::Fused => "bm25+embeddings (reciprocal rank fusion)",
    };
    if args.json {
        let answer = json!({
            "index": { "location": location, "documents": index.len(), "ranking": ranking },
            "hits": hits.iter().enumerate().map(|(i, hit)| hit_json(i + 1, hit)).collect::<Vec<_>>(),
        });
        println!("{}", serde_json::to_string_pretty(&answer)?);
    } else {
        println!(
            "index: {location}; {} documents ({}); ranking: {ranking}",
            index.len(),
            counts.join(", ")
        );
        if hits.is_empty() {
            println!("no hits");
        }
        for (i, hit) in hits.iter().enumerate() {
            println!(
                "{:>3}. {:>8.3}  {:<6}  [{}]  {}",
                i + 1,
                hit.score,
                hit.source.kind().code(),
                hit.language.code(),
                hit.source
            );
            println!("       {}", hit.snippet);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// One hit as JSON: rank, score, kind, language, snippet and the source with its fields.
fn hit_json(rank: usize, hit: &Hit) -> serde_json::Value {
    json!({
        "rank": rank,
        "score": hit.score,
        "kind": hit.source.kind().code(),
        "language": hit.language.code(),
        "source": hit.source,
        "snippet": hit.snippet,
        "bm25": hit.bm25,
        "cosine": hit.cosine,
    })
}
