//! The loaders' errors: each names the file and what is wrong, and a good file loads.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sheshim_search::{SourceError, SourceRef, Sources};
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

#[test]
fn a_note_without_a_heading_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "good.md",
        "# Title\n\nБиле маршрута №5 подорожал.\n",
    );
    write(tmp.path(), "bad.md", "Просто текст без заголовка.\n");
    let err = Sources::new().add_notes(tmp.path()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("bad.md"), "{message}");
    assert!(message.contains("heading"), "{message}");
}

#[test]
fn a_missing_notes_folder_and_a_note_that_is_not_text_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let err = Sources::new()
        .add_notes(&tmp.path().join("nope"))
        .unwrap_err();
    assert!(err.to_string().contains("not a folder"), "{err}");
    std::fs::write(tmp.path().join("binary.md"), b"# T\n\xff\xfe").unwrap();
    let err = Sources::new().add_notes(tmp.path()).unwrap_err();
    assert!(err.to_string().contains("not UTF-8"), "{err}");
}

#[test]
fn answers_files_with_missing_columns_or_empty_answers_are_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let no_reply = write(
        tmp.path(),
        "a.csv",
        "id,text_kz,text_ru\n1,Жол нашар,Дорога плохая\n",
    );
    let err = Sources::new().add_answers(&no_reply).unwrap_err();
    assert!(matches!(err, SourceError::Answers { .. }));
    assert!(
        err.to_string().contains("no column \"reply_text\""),
        "{err}"
    );

    let empty = write(
        tmp.path(),
        "b.csv",
        "id,text_kz,text_ru,reply_text\n1,Жол нашар,Дорога плохая,Отремонтируем.\n2,Су жоқ,Нет воды,\n",
    );
    let err = Sources::new().add_answers(&empty).unwrap_err();
    assert!(
        err.to_string()
            .contains("line 3 (id 2): the answer is empty"),
        "{err}"
    );

    let ragged = write(
        tmp.path(),
        "c.csv",
        "id,text_kz,text_ru,reply_text\n1,Жол нашар,Дорога плохая,Ок\n2,Су жоқ\n",
    );
    let err = Sources::new().add_answers(&ragged).unwrap_err();
    assert!(err.to_string().contains("line 3"), "{err}");

    let header_only = write(tmp.path(), "d.csv", "id,text_kz,text_ru,reply_text\n");
    let err = Sources::new().add_answers(&header_only).unwrap_err();
    assert!(
        err.to_string().contains("no appeal with an answer"),
        "{err}"
    );
}

#[test]
fn answers_are_read_per_language_and_masked() {
    let tmp = tempfile::tempdir().unwrap();
    let path = write(
        tmp.path(),
        "answers.csv",
        "id,text_kz,text_ru,category,reply_text\n\
         7,Менің телефоным +7 701 234 56 78. Жарық жоқ.,Мой телефон +7 701 234 56 78. Нет света.,ЖКХ,Свет дадут завтра.\n",
    );
    let mut sources = Sources::new();
    assert_eq!(sources.add_answers(&path).unwrap(), 2);
    let docs = sources.documents();
    assert_eq!(
        docs[0].source,
        SourceRef::Answer {
            id: "7-kk".to_owned(),
            agency: None,
        }
    );
    assert_eq!(
        docs[1].source,
        SourceRef::Answer {
            id: "7-ru".to_owned(),
            agency: None,
        }
    );
    for doc in docs {
        let text = doc.text();
        assert!(!text.contains("234 56 78"), "{text}");
        assert!(text.contains("[PHONE]"), "{text}");
        assert!(text.contains("Свет дадут завтра."));
    }
}

#[test]
fn a_malformed_passage_in_the_catalogue_is_an_error_naming_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    write(
        tmp.path(),
        "some-service/law/art-1.md",
        "+++\nid = \"art-1\"\nact = \"Code\"\nverified = maybe\nlanguage = \"ru\"\n+++\nТекст.\n",
    );
    let err = Sources::new().add_catalogue(tmp.path()).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("some-service/law/art-1.md"), "{message}");
    assert!(message.contains("front matter"), "{message}");

    // Two passages with one id.
    let tmp = tempfile::tempdir().unwrap();
    let passage =
        "+++\nid = \"same\"\nact = \"Code\"\nverified = true\nlanguage = \"kk\"\n+++\nМәтін.\n";
    write(tmp.path(), "_common/law/a.md", passage);
    write(tmp.path(), "other/law/b.md", passage);
    let err = Sources::new().add_catalogue(tmp.path()).unwrap_err();
    assert!(err.to_string().contains("already used by"), "{err}");
}
