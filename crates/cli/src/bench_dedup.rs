//! `sheshim bench dedup`: what comparing a new appeal with an agency's open cases costs when
//! very many are open. The engine's duplicate index (`sheshim_engine::Duplicates`, as the
//! pipeline uses it) is filled with `--open` generated masked texts of one agency — most
//! free text drawn from a synthetic lexicon of 30,000 words with skewed frequencies inside
//! the frame appeals share (name, address, "please act", phone), one in a hundred from 50
//! campaigns of near-identical texts —
//! then `--appeals` new appeals are judged one at a time (half new matters, half repeating a
//! campaign), each timed on its own. Prints the index's memory (resident set growth while it
//! was filled), then the median, 90th percentile and maximum microseconds per new appeal.

use crate::args::DedupBenchArgs;
use crate::timing::median;
use anyhow::Context as _;
use sheshim_domain::{AgencyCode, RegistrationNumber};
use sheshim_engine::{DuplicateAppeal, DuplicateOptions, Duplicates, LexicalOnly, LshConfig};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

/// Syllables the synthetic lexicon's words are made of.
const SYLLABLES: [&str; 32] = [
    "ка", "ра", "ло", "ми", "на", "то", "се", "ду", "жа", "ке", "бо", "ри", "ту", "ла", "ны", "со",
    "мо", "ве", "пы", "за", "ше", "ку", "да", "ти", "ха", "ба", "ре", "го", "лу", "ни", "ст", "ан",
];
/// How many distinct words the generated appeals use.
const LEXICON: usize = 30_000;
/// Words of free text in a generated appeal.
const WORDS_PER_APPEAL: usize = 45;

/// A small deterministic generator (xorshift), so every run indexes the same texts.
struct Words {
    state: u64,
    lexicon: Vec<String>,
}

impl Words {
    fn new() -> Words {
        // Every word is its number written in syllables: distinct, and word-like to the shingles.
        let lexicon = (0..LEXICON)
            .map(|mut n| {
                let mut word = String::new();
                loop {
                    word.push_str(SYLLABLES[n % SYLLABLES.len()]);
                    n /= SYLLABLES.len();
                    if n == 0 {
                        break;
                    }
                }
                word
            })
            .collect();
        Words {
            state: 0x9E37_79B9_7F4A_7C15,
            lexicon,
        }
    }

    fn next(&mut self) -> u64 {
        self.state ^= self.state << 13;
        self.state ^= self.state >> 7;
        self.state ^= self.state << 17;
        self.state
    }

    /// A word, frequent ones more often (the square of a uniform draw skews towards the
    /// start of the lexicon, as word frequencies do).
    fn word(&mut self) -> &str {
        let u = (self.next() % 1_000_000) as f64 / 1_000_000.0;
        let index = ((u * u) * LEXICON as f64) as usize;
        &self.lexicon[index.min(LEXICON - 1)]
    }

    /// `count` words of free text.
    fn words(&mut self, count: usize) -> String {
        let mut text = String::new();
        for i in 0..count {
            if i > 0 {
                text.push(' ');
            }
            let word = self.word().to_owned();
            text.push_str(&word);
        }
        text
    }

    /// A masked appeal about a matter of its own, in the frame appeals share.
    fn appeal(&mut self) -> String {
        format!(
            "Я, [NAME], проживаю по адресу [ADDRESS]. {}. Прошу принять меры. Телефон [PHONE].",
            self.words(WORDS_PER_APPEAL)
        )
    }

    /// A masked appeal of campaign `c`: the campaign's own text, with a closing of the
    /// writer's choice.
    fn campaign(&mut self, c: usize) -> String {
        let mut own = Words {
            state: 0xC0FF_EE00 + c as u64,
            lexicon: Vec::new(),
        };
        let text: Vec<&str> = (0..WORDS_PER_APPEAL)
            .map(|_| self.lexicon[(own.next() % LEXICON as u64) as usize].as_str())
            .collect();
        let closing = [
            "Прошу принять меры.",
            "Просим срочно разобраться.",
            "Ждём ответа.",
        ];
        format!(
            "Я, [NAME], проживаю по адресу [ADDRESS]. {}. {} Телефон [PHONE].",
            text.join(" "),
            closing[(self.next() % 3) as usize]
        )
    }
}

/// Resident memory of this process in bytes (Linux `/proc/self/statm`), if it can be read.
fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

fn number(sequence: usize) -> anyhow::Result<RegistrationNumber> {
    RegistrationNumber::parse(&format!("SH-2026-{sequence:07}"))
        .context("more appeals than a year's registration numbers")
}

/// Fills the index and times new appeals.
pub fn run(args: &DedupBenchArgs) -> anyhow::Result<ExitCode> {
    if args.appeals == 0 {
        anyhow::bail!("--appeals must be at least 1");
    }
    let agency = AgencyCode::parse("AKIMAT-ALA").context("the bench's agency")?;
    let options = DuplicateOptions {
        lsh: LshConfig {
            bands: args.bands,
            rows: args.rows,
        },
        ..DuplicateOptions::default()
    };
    let index = Duplicates::new(options, Arc::new(LexicalOnly)).context("--bands and --rows")?;
    let mut words = Words::new();
    let campaigns = 50;
    let before = resident_bytes();
    let started = Instant::now();
    let mut groups = 0usize;
    for i in 0..args.open {
        let text = if i % 100 == 0 {
            words.campaign(i / 100 % campaigns)
        } else {
            words.appeal()
        };
        let link = index.judge(&DuplicateAppeal {
            number: &number(i + 1)?,
            agency: &agency,
            applicant: i as i64,
            masked_text: &text,
        });
        if let Some(sheshim_store::NewLink::Group { founders, .. }) = link
            && !founders.is_empty()
        {
            groups += 1;
        }
    }
    let filled = started.elapsed().as_secs_f64();
    let memory = match (before, resident_bytes()) {
        (Some(before), Some(after)) => after.saturating_sub(before),
        _ => 0,
    };
    println!(
        "bands={} rows={} open_cases={} agencies=1 groups_formed={groups} fill_seconds={filled:.1} index_memory_mb={:.0} bytes_per_case={:.0}",
        args.bands,
        args.rows,
        index.len(),
        memory as f64 / 1_048_576.0,
        memory as f64 / index.len().max(1) as f64
    );

    let mut times = Vec::with_capacity(args.appeals);
    let mut linked = 0usize;
    for j in 0..args.appeals {
        let text = if j % 2 == 0 {
            words.appeal()
        } else {
            words.campaign(j % campaigns)
        };
        let appeal_number = number(args.open + j + 1)?;
        let applicant = (args.open + j) as i64;
        let started = Instant::now();
        let link = std::hint::black_box(index.judge(&DuplicateAppeal {
            number: &appeal_number,
            agency: &agency,
            applicant,
            masked_text: &text,
        }));
        times.push(started.elapsed().as_secs_f64() * 1e6);
        linked += usize::from(link.is_some());
    }
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    let p90 = sorted[(sorted.len() * 9 / 10).min(sorted.len() - 1)];
    let max = sorted.last().copied().unwrap_or_default();
    println!(
        "new_appeals={} linked={linked} median_us={:.1} p90_us={p90:.1} max_us={max:.1}",
        args.appeals,
        median(times)
    );
    Ok(ExitCode::SUCCESS)
}
