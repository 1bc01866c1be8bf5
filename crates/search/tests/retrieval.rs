//! Retrieval over the repository's service catalogue and a folder of notes: a Russian query
//! finds the Russian passage, a Kazakh query in other inflected forms finds the Kazakh one
//! (in Cyrillic and in Latin letters), and notes are found by their words.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_domain::Language;
use sheshim_search::{BuildOptions, Hit, SearchError, SearchIndex, SourceRef, Sources};
use std::path::{Path, PathBuf};

fn catalogue() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../services")
}

fn law_index() -> SearchIndex {
    let mut sources = Sources::new();
    let n = sources.add_catalogue(&catalogue()).unwrap();
    assert!(n >= 20, "{n} passages");
    SearchIndex::build(sources, BuildOptions::default()).unwrap()
}

fn passage(hit: &Hit) -> &str {
    match &hit.source {
        SourceRef::Law { passage, .. } => passage,
        other => panic!("not a passage: {other:?}"),
    }
}

#[test]
fn a_russian_query_finds_the_russian_passage() {
    let index = law_index();
    // The passage says «может быть продлён … до двух месяцев»; the query uses other forms.
    let hits = index
        .search("Продление сроков рассмотрения обращений", 3)
        .unwrap();
    assert_eq!(passage(&hits[0]), "appc-76-ru", "{hits:#?}");
    assert_eq!(hits[0].language, Language::Ru);
    assert!(
        hits[0].snippet.contains("рассматривается"),
        "{}",
        hits[0].snippet
    );

    let hits = index
        .search(
            "ежемесячное пособие семье, где пятеро несовершеннолетних детей",
            3,
        )
        .unwrap();
    assert_eq!(
        passage(&hits[0]),
        "social-code-large-family-ru",
        "{hits:#?}"
    );
}

/// The words of `query` that also appear, as written, in the passage file `name`.
fn shared_words(query: &str, name: &str) -> Vec<String> {
    let path = catalogue().join("_common/law").join(name);
    let path = if path.exists() {
        path
    } else {
        catalogue().join("large-family-allowance/law").join(name)
    };
    let text = std::fs::read_to_string(path).unwrap().to_lowercase();
    let words: Vec<&str> = text.split(|c: char| !c.is_alphanumeric()).collect();
    query
        .to_lowercase()
        .split_whitespace()
        .filter(|w| words.contains(w))
        .map(str::to_owned)
        .collect()
}

#[test]
fn a_kazakh_query_in_other_inflected_forms_finds_the_kazakh_passage() {
    let index = law_index();
    // Not one word of these queries is written in the passage as it is in the query: they
    // meet only on their stems (отбасыларының ~ отбасыларға, жәрдемақылары ~ жәрдемақы;
    // актілерге ~ актіге, шағымдарды ~ шағым, органдарға ~ органға).
    for (query, expected) in [
        ("отбасыларының жәрдемақылары", "social-code-large-family-kk"),
        ("актілерге шағымдарды органдарға", "appc-91-kk"),
    ] {
        assert!(shared_words(query, &format!("{expected}.md")).is_empty());
        let hits = index.search(query, 3).unwrap();
        assert_eq!(passage(&hits[0]), expected, "{query}: {hits:#?}");
        assert_eq!(hits[0].language, Language::Kk);
    }

    // «айдың» against «үш айдан»: two-letter roots meet too; the article on the term.
    let hits = index.search("шағымды үш айдың ішінде беру", 3).unwrap();
    assert_eq!(passage(&hits[0]), "appc-92-kk", "{hits:#?}");
}

#[test]
fn a_kazakh_query_in_latin_letters_is_read_as_cyrillic() {
    let index = law_index();
    for query in [
        "köp balaly otbasylarğa järdemaqy",
        "kop balaly otbasylarga zhardemaqy",
    ] {
        let hits = index.search(query, 3).unwrap();
        assert_eq!(
            passage(&hits[0]),
            "social-code-large-family-kk",
            "{query}: {hits:#?}"
        );
    }
}

#[test]
fn unverified_passages_say_so_when_cited() {
    let index = law_index();
    let hits = index.search("шағым", 1).unwrap();
    assert!(
        hits[0].source.to_string().ends_with("(unverified)"),
        "{}",
        hits[0].source
    );
}

#[test]
fn notes_are_found_by_their_words_and_cited_by_title() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::create_dir_all(dir.join("heating")).unwrap();
    std::fs::write(
        dir.join("heating/outages.md"),
        "# Отключения отопления\n\nПри отключении отопления зимой бригада выезжает в течение суток.\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("roads.md"),
        "# Жолдарды жөндеу\n\nАулалардағы жолдар жөндеу жоспарына келесі жылы енгізіледі.\n",
    )
    .unwrap();
    let mut sources = Sources::new();
    assert_eq!(sources.add_notes(dir).unwrap(), 2);
    let index = SearchIndex::build(sources, BuildOptions::default()).unwrap();
    let hits = index.search("нет отопления в квартире", 5).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(
        hits[0].source,
        SourceRef::Note {
            file: "heating/outages.md".to_owned(),
            title: "Отключения отопления".to_owned()
        }
    );
    let hits = index.search("ауладағы жолды жөндеңіздер", 5).unwrap();
    assert_eq!(hits[0].language, Language::Kk);
    assert!(matches!(&hits[0].source, SourceRef::Note { file, .. } if file == "roads.md"));
}

#[test]
fn empty_and_huge_queries_are_errors() {
    let index = law_index();
    assert!(matches!(
        index.search("   ", 5),
        Err(SearchError::EmptyQuery)
    ));
    assert!(matches!(
        index.search("?! …", 5),
        Err(SearchError::EmptyQuery)
    ));
    let huge = "жалоба ".repeat(1000);
    let err = index.search(&huge, 5).unwrap_err();
    assert!(
        matches!(
            err,
            SearchError::QueryTooLong {
                chars: 6999,
                limit: 4000
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("shorten it"));
}

#[test]
fn an_index_folder_is_reused_while_the_sources_are_unchanged() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("index");
    let build = || {
        let mut sources = Sources::new();
        sources.add_catalogue(&catalogue()).unwrap();
        let options = BuildOptions {
            directory: Some(dir.clone()),
            embedder: None,
        };
        SearchIndex::build(sources, options).unwrap()
    };
    let first = build();
    assert_eq!(
        first.location(),
        &sheshim_search::IndexLocation::Built(dir.clone())
    );
    let expected = first.search("жалоба", 3).unwrap();
    drop(first);
    let second = build();
    assert_eq!(
        second.location(),
        &sheshim_search::IndexLocation::Reused(dir.clone())
    );
    assert_eq!(second.search("жалоба", 3).unwrap(), expected);

    // A folder that holds something else is refused, never emptied.
    let other_tmp = tempfile::tempdir().unwrap();
    let other = other_tmp.path().to_owned();
    std::fs::write(other.join("keep.txt"), "mine").unwrap();
    let mut sources = Sources::new();
    sources.add_catalogue(&catalogue()).unwrap();
    let options = BuildOptions {
        directory: Some(other.clone()),
        embedder: None,
    };
    let err = SearchIndex::build(sources, options).err().unwrap();
    assert!(err.to_string().contains("not empty"), "{err}");
    assert!(other.join("keep.txt").exists());
}
