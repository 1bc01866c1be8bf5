//! What `sheshim serve` grounds appeal drafts on: the search index over the catalogue's
//! legal passages, the agency's notes, earlier answers from a file and the answers the store
//! holds (with the e5 embeddings when the model is in the models folder), and the optional
//! on-premises language model; and, with the same embedder, the topic and agency suggestions
//! by the labels' descriptions.

use crate::args::GroundingArgs;
use anyhow::Context;
use sheshim_engine::{Describer, Grounding, GroundingOptions};
use sheshim_llm::{ApiKey, LlmClient, LlmConfig};
use sheshim_search::{BuildOptions, SearchIndex, Sources, TextEmbedder};
use sheshim_store::Store;
use sheshim_triage::Descriptions;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// The e5 embedder from the models folder of `args`, loaded once for grounding and the
/// descriptions, or `None` when the model has not been fetched.
pub fn embedder(args: &GroundingArgs) -> anyhow::Result<Option<Arc<dyn TextEmbedder>>> {
    Ok(crate::embedding::load_if_present(&args.folder.models)?
        .map(|embedder| Arc::new(crate::embedding::SearchEmbedder(embedder)) as Arc<_>))
}

/// The topic and agency suggestions by the labels' descriptions with `embedder`, which
/// embeds the descriptions (on the blocking pool); `None` without the embedder, when triage
/// keeps the seed models' suggestions.
pub async fn describer(
    embedder: Option<Arc<dyn TextEmbedder>>,
) -> anyhow::Result<Option<Arc<Describer>>> {
    let Some(embedder) = embedder else {
        tracing::info!(
            "topics and agencies are suggested by the seed models alone: the embedding model is absent (sheshim models fetch e5-small)"
        );
        return Ok(None);
    };
    let descriptions = Descriptions::seed()?;
    let describer = tokio::task::spawn_blocking(move || Describer::new(embedder, &descriptions))
        .await
        .context("embedding the descriptions of topics and agencies stopped")?
        .context("cannot embed the descriptions of topics and agencies")?;
    tracing::info!(
        "topics and agencies are also suggested by their descriptions, where that measured better"
    );
    Ok(Some(Arc::new(describer)))
}

/// The grounding `args` ask for over the catalogue in `services` and the answers `store` has
/// issued to appeals, or `None` with `--no-grounding` or when there is nothing to search.
/// With `embedder` (see [`embedder`]), building the index embeds every document, so it runs
/// on the blocking pool.
pub async fn build(
    args: &GroundingArgs,
    services: &Path,
    store: &Arc<dyn Store>,
    embedder: Option<Arc<dyn TextEmbedder>>,
) -> anyhow::Result<Option<Arc<Grounding>>> {
    if args.no_grounding {
        return Ok(None);
    }
    let model = model(args)?;
    let mut sources = Sources::new();
    sources.add_catalogue(services).with_context(|| {
        format!(
            "cannot read the legal passages under {}",
            services.display()
        )
    })?;
    if let Some(folder) = &args.notes {
        sources
            .add_notes(folder)
            .with_context(|| format!("cannot read the notes in {}", folder.display()))?;
    }
    if let Some(path) = &args.answers {
        sources
            .add_answers(path)
            .with_context(|| format!("cannot read the earlier answers in {}", path.display()))?;
    }
    // The agency's own answers to earlier appeals, as they stand at start.
    let answered = crate::issued::answered_appeals(store, args.issued_answers).await?;
    let issued = answered.len();
    for document in answered {
        sources.push(document);
    }
    if issued > 0 {
        tracing::info!(
            issued,
            "earlier answers from the store are searched for drafts"
        );
    }
    if sources.is_empty() {
        tracing::warn!("no legal passage, note or answer to ground drafts on");
        return Ok(None);
    }
    if embedder.is_none() {
        tracing::info!(
            models = %args.folder.models.display(),
            "drafts are grounded by BM25 alone: the embedding model is absent (sheshim models fetch e5-small)"
        );
    }
    let documents = sources.len();
    // With the model, every document not kept in --index is embedded before the server
    // listens: say so, since it can take minutes.
    tracing::info!(
        documents,
        embeddings = embedder.is_some(),
        "building the search index for drafts"
    );
    let index_folder = args.index.clone();
    let index = tokio::task::spawn_blocking(move || {
        SearchIndex::build(
            sources,
            BuildOptions {
                directory: index_folder,
                embedder,
            },
        )
    })
    .await
    .context("building the search index stopped")?
    .context("cannot build the search index for drafts")?;
    tracing::info!(documents, "drafts are grounded on the search index");
    let mut grounding = Grounding::new(Arc::new(index), GroundingOptions::default());
    if let Some(model) = model {
        tracing::info!(model = %model.config().model().as_str(), "drafts are reworded by the language model");
        grounding = grounding.with_model(Arc::new(model));
    }
    Ok(Some(Arc::new(grounding)))
}

/// The language model's client from `--llm-url`, `--llm-model` and `--llm-key-file`.
fn model(args: &GroundingArgs) -> anyhow::Result<Option<LlmClient>> {
    let Some(url) = &args.llm_url else {
        anyhow::ensure!(
            args.llm_model.is_none() && args.llm_key_file.is_none(),
            "--llm-model and --llm-key-file need --llm-url: the model server's address"
        );
        return Ok(None);
    };
    let name = args
        .llm_model
        .as_deref()
        .context("--llm-url needs --llm-model: the model's name on that server")?;
    let key = match &args.llm_key_file {
        None => None,
        Some(path) => {
            let text = crate::read::read_text_limited(path, 4096).with_context(|| {
                format!("cannot read the model server's key {}", path.display())
            })?;
            Some(ApiKey::parse(text.trim()).context("the model server's key")?)
        }
    };
    let config = LlmConfig::parse(
        url,
        name,
        key,
        Duration::from_secs(args.llm_timeout_seconds),
    )
    .context("the language model's settings")?;
    Ok(Some(
        LlmClient::new(config).context("cannot set up the language model's client")?,
    ))
}
