//! The search page: officers, supervisors and auditors search the index that drafts of
//! appeals are grounded on — the catalogue's legal passages, the agencies' notes, the shared
//! file of earlier answers and the answers the agencies issued (added as they are issued) —
//! and read each hit's kind, citation, whether it was checked against the official text, the
//! masked fragment that matched and its score.
//!
//! An answer an agency issued is shown to that agency's officers and supervisors only (and
//! to auditors, who read every agency's cases); the others never rank, so they take no place
//! of the hits shown. Administrators, who read no case, are refused. An empty query shows
//! the form; a query longer than [`MAX_QUERY_CHARS`] is refused with a page that says so. The
//! query is never logged.

use crate::chrome::Chrome;
use crate::error::WebError;
use crate::i18n::Tr;
use crate::queue_view::code_words;
use crate::session::Session;
use crate::sign_in::html;
use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use sheshim_domain::Role;
use sheshim_engine::SourceUsed;
use sheshim_search::{Document, Hit, Ranking, SearchError, SearchIndex, SourceRef};
use sheshim_server::AppState;
use std::sync::Arc;

/// The longest query searched from the page, in characters: an appeal's text fits, and a
/// search stays quick.
pub const MAX_QUERY_CHARS: usize = 2_000;

/// How many hits the page shows.
const HITS: usize = 20;

/// One hit as the page shows it.
pub struct HitRow {
    /// The document's key (`law:…`, `note:…`, `answer:…`).
    pub key: String,
    /// `law`, `note` or `answer`.
    pub kind_code: &'static str,
    /// The kind in the page's language.
    pub kind: String,
    /// The passage's heading, the note's title or the answer's id.
    pub citation: String,
    /// For a legal passage: the act and the article.
    pub act: Option<String>,
    /// "Not checked against the official text", for a passage that was not.
    pub unverified: Option<String>,
    /// The fragment that matched (masked, as every text of the index is).
    pub text: String,
    /// The document's language.
    pub language: &'static str,
    /// The score, in words.
    pub score: String,
}

#[derive(Template)]
#[template(path = "search.html")]
struct SearchPage {
    chrome: Chrome,
    query: String,
    max_chars: usize,
    hint: String,
    notice: Option<String>,
    searched: bool,
    ranking: String,
    found: i64,
    hits: Vec<HitRow>,
}

/// `GET /workspace/search?q=…`.
pub async fn page(
    State(state): State<AppState>,
    session: Session,
    RawQuery(raw): RawQuery,
) -> Result<Response, WebError> {
    let every_agency = match session.role {
        Role::Auditor => true,
        Role::Officer | Role::Supervisor => false,
        Role::Admin => return Err(WebError::Forbidden),
    };
    let query = query_of(raw.as_deref().unwrap_or_default())?;
    let t = Tr::new(session.language);
    let chars = query.chars().count();
    if chars > MAX_QUERY_CHARS {
        return Err(WebError::Refused(t.tn(
            "search-too-long",
            "limit",
            MAX_QUERY_CHARS as i64,
        )));
    }
    let here = if query.is_empty() {
        "/workspace/search".to_owned()
    } else {
        let mut with = form_urlencoded::Serializer::new("/workspace/search?".to_owned());
        with.append_pair("q", &query);
        with.finish()
    };
    let chrome = Chrome::signed_in(&session, &here);
    let mut page = SearchPage {
        chrome,
        query: query.clone(),
        max_chars: MAX_QUERY_CHARS,
        hint: t.t(if every_agency {
            "search-hint-all"
        } else {
            "search-hint"
        }),
        notice: None,
        searched: false,
        ranking: String::new(),
        found: 0,
        hits: Vec::new(),
    };
    let index = state
        .flow()
        .and_then(|flow| flow.grounding())
        .map(|grounding| grounding.index().clone());
    let Some(index) = index else {
        page.notice = Some(t.t("search-unavailable"));
        return html(&page);
    };
    if query.is_empty() {
        return html(&page);
    }
    let agency = session.agency.as_str().to_owned();
    let searched = {
        let index = index.clone();
        let query = query.clone();
        // With the e5 model a search embeds the query: off the async threads.
        tokio::task::spawn_blocking(move || {
            index.search_where(&query, HITS, |document| {
                every_agency || shared_or_of(document, &agency)
            })
        })
        .await
    };
    let hits = match searched {
        Ok(Ok(hits)) => hits,
        Ok(Err(SearchError::EmptyQuery)) => {
            page.notice = Some(t.t("search-no-words"));
            return html(&page);
        }
        Ok(Err(error)) => {
            // The error names no text of the query (the search crate's errors never quote it).
            tracing::error!(%error, "the workspace search failed");
            return Err(WebError::Unavailable);
        }
        Err(_) => {
            tracing::error!("the workspace search stopped");
            return Err(WebError::Unavailable);
        }
    };
    page.searched = true;
    page.ranking = t.t1(
        "search-ranking",
        "ranking",
        match index.ranking() {
            Ranking::Bm25 => "BM25",
            Ranking::Fused => "BM25 + e5",
        },
    );
    page.hits = hits.iter().map(|hit| row(&t, &index, hit)).collect();
    page.found = page.hits.len() as i64;
    html(&page)
}

/// The query's `q`: trimmed, empty when absent; given twice, refused.
fn query_of(raw: &str) -> Result<String, WebError> {
    let mut found: Option<String> = None;
    for (name, value) in form_urlencoded::parse(raw.as_bytes()) {
        if name == "q" {
            if found.is_some() {
                return Err(WebError::Refused("q: is given twice".to_owned()));
            }
            found = Some(value.trim().to_owned());
        }
    }
    Ok(found.unwrap_or_default())
}

/// Whether an officer of `agency` may be shown `document`: every legal passage, note and
/// answer of a shared file, and the answers their own agency issued.
fn shared_or_of(document: &Document, agency: &str) -> bool {
    match &document.source {
        SourceRef::Answer {
            agency: Some(issuer),
            ..
        } => issuer == agency,
        _ => true,
    }
}

fn row(t: &Tr, index: &Arc<SearchIndex>, hit: &Hit) -> HitRow {
    let kind = hit.source.kind().code();
    // The citation as a draft would give it: the passage's heading in its language, else
    // its act and article; the note's title; the answer's id.
    let cited = index
        .document(&hit.source.key())
        .map(|document| SourceUsed::from_document(String::new(), &document, hit));
    let (citation, act, verified) = match cited {
        Some(used) => (used.citation, used.act, used.verified),
        None => (hit.source.to_string(), None, None),
    };
    HitRow {
        key: hit.source.key(),
        kind_code: kind,
        kind: code_words(t, "source", kind),
        citation,
        act,
        unverified: (verified == Some(false)).then(|| t.t("case-source-unverified")),
        text: hit.snippet.clone(),
        language: hit.language.code(),
        score: t.t1("search-score", "score", &format!("{:.3}", hit.score)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_is_read_once_and_trimmed() {
        assert_eq!(query_of("q=+%D0%B2%D0%BE%D0%B4%D0%B0+").unwrap(), "вода");
        assert_eq!(query_of("").unwrap(), "");
        assert_eq!(query_of("other=1").unwrap(), "");
        assert!(matches!(query_of("q=a&q=b"), Err(WebError::Refused(_))));
    }
}
