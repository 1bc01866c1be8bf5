//! Timing of `find` on typical 500-character appeals (not a timed test): the median and the
//! fastest of several runs per text.
//!
//! `cargo run --release -p sheshim-pii --example pii_bench`

use std::hint::black_box;
use std::time::Instant;

use sheshim_pii::find;

/// Synthetic appeals of about 500 characters in ru, kk and en.
const TEXTS: [&str; 3] = [
    "Уважаемый аким! Я, Сейткали Марат Ерланович, ИИН 900315300123, проживаю по адресу г. Астана, ул. Абая, д. 15, кв. 42. Прошу рассмотреть мою жалобу: с декабря в нашем доме нет отопления, а у моей жены беременность, ребёнку два года. Мы неоднократно обращались в управляющую компанию ТОО «Жылу Сервис», но ответа не получили. Прошу принять меры и сообщить о результатах по телефону +7 701 234 56 78 или на почту marat.s@mail.kz. Заранее благодарю за внимание к моему обращению и надеюсь на скорое решение.",
    "Құрметті әкім мырза! Мен, Нұрланова Айгерім Серікқызы, Абай даңғылы, 150-үй, 25-пәтерде тұрамын. Біздің ауданда үш айдан бері су жоқ, балаларым ауырып жүр, кіші ұлым ауруханада жатыр. Коммуналдық қызметке бірнеше рет хабарластым, бірақ ешқандай жауап болмады. Өтінемін, осы мәселені тез арада шешуге көмектесіңіз. Байланыс телефоным 8 777 123 45 67, ЖСН 850101400125. Сізге алдын ала алғысымды білдіремін, жауабыңызды күтемін. Құрметпен, Айгерім.",
    "Dear Sir or Madam, my name is Daniyar Sultanov and I am writing about the road near 12 Baker Street in Almaty, which has had no street lights since January. Last week my neighbour, who has a disability, fell and was taken to hospital. I reported the problem twice by phone but nobody came. Please repair the lights before winter. You can reach me at +7 705 111 22 33 or daniyar@example.kz. My card 4400 4301 2345 6781 was charged twice for the utility bill, please check it too. Thank you.",
];

/// Timed runs per text; the median is printed.
const RUNS: usize = 9;
/// Calls of `find` per run.
const ROUNDS: u32 = 5_000;

fn main() {
    for t in TEXTS {
        black_box(find(t));
    }
    for (i, t) in TEXTS.iter().enumerate() {
        let mut per_text: Vec<f64> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                for _ in 0..ROUNDS {
                    black_box(find(black_box(t)));
                }
                start.elapsed().as_secs_f64() * 1e6 / f64::from(ROUNDS)
            })
            .collect();
        per_text.sort_by(f64::total_cmp);
        println!(
            "text {i}: {} chars, {} findings, median {:.2} µs per text (min {:.2}, {RUNS} runs)",
            t.chars().count(),
            find(t).len(),
            per_text[RUNS / 2],
            per_text[0]
        );
    }
}
