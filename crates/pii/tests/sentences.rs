//! Hand-written appeal sentences in Kazakh, Russian and English (written for this project),
//! labelled with names, addresses, health words and other personal data, plus sentences that
//! must yield nothing. Prints precision/recall per kind and asserts floors.

mod common;

use common::{Case, print, score};
use sheshim_pii::PiiKind::{
    self, Address as A, Health as H, Iin as I, PersonName as N, Phone as P,
};

fn cases() -> Vec<Case> {
    vec![
        Case::new(
            "Я, Сейткали Марат Ерланович, проживаю по адресу ул. Абая, д. 15, кв. 42.",
            &[
                (N, "Сейткали Марат Ерланович"),
                (A, "ул. Абая, д. 15, кв. 42"),
            ],
        ),
        Case::new(
            "Прошу рассмотреть жалобу моей матери Ивановой Галины Петровны.",
            &[(N, "Ивановой Галины Петровны")],
        ),
        Case::new(
            "Мой сын Тимур имеет инвалидность второй группы.",
            &[(N, "Тимур"), (H, "инвалидность")],
        ),
        Case::new(
            "Уважаемый Асқар Болатұлы, прошу принять меры.",
            &[(N, "Асқар Болатұлы")],
        ),
        Case::new(
            "Жена находится на 7 месяце беременности, нужна очередь в поликлинику.",
            &[(H, "беременности"), (H, "поликлинику")],
        ),
        Case::new(
            "Адрес: г. Астана, пр. Мангилик Ел, д. 8, кв. 120, тел. +7 701 555 12 34.",
            &[
                (A, "пр. Мангилик Ел, д. 8, кв. 120"),
                (P, "+7 701 555 12 34"),
            ],
        ),
        Case::new(
            "Директор школы Петров отказался выдать справку.",
            &[(N, "Петров")],
        ),
        Case::new("Г-н Смагулов не отвечает на звонки.", &[(N, "Смагулов")]),
        Case::new(
            "Мне поставили диагноз диабет, а лекарства не выдают.",
            &[(H, "диагноз"), (H, "диабет")],
        ),
        Case::new(
            "Проживаю в мкр. Самал-2, д. 5, кв. 7.",
            &[(A, "мкр. Самал-2, д. 5, кв. 7")],
        ),
        Case::new(
            "Гражданка Ким Ольга обратилась с заявлением.",
            &[(N, "Ким Ольга")],
        ),
        Case::new(
            "Мен, Нұрланова Айгерім Серікқызы, Абай даңғылы, 150-үй, 25-пәтерде тұрамын.",
            &[
                (N, "Нұрланова Айгерім Серікқызы"),
                (A, "Абай даңғылы, 150-үй, 25-пәтер"),
            ],
        ),
        Case::new(
            "Әкем Қайрат аурухана да жатыр, оның ауруы ауыр.",
            &[(N, "Қайрат"), (H, "аурухана"), (H, "ауруы")],
        ),
        Case::new(
            "Балам мүгедектік тобын алу үшін құжат тапсырдық.",
            &[(H, "мүгедектік")],
        ),
        Case::new("Тоқаевқа хат жаздым, бірақ жауап жоқ.", &[(N, "Тоқаевқа")]),
        Case::new("Әйелім жүкті, бізге баспана керек.", &[(H, "жүкті")]),
        Case::new("Гүлжан апай мектепте жұмыс істейді.", &[(N, "Гүлжан")]),
        Case::new(
            "Сәтбаев көшесі 22, 5 пәтер бойынша су жоқ.",
            &[(A, "Сәтбаев көшесі 22, 5 пәтер")],
        ),
        Case::new(
            "Дәрігер Жанна Ахметова қабылдамады.",
            &[(N, "Жанна Ахметова")],
        ),
        Case::new(
            "Серік Әбішұлы мен Болат Нұрланұлы келді.",
            &[(N, "Серік Әбішұлы"), (N, "Болат Нұрланұлы")],
        ),
        Case::new(
            "My name is Aigerim Nurlanovna and I live at 12 Baker Street, apt 4.",
            &[(N, "Aigerim Nurlanovna"), (A, "12 Baker Street, apt 4")],
        ),
        Case::new(
            "Mr Johnson was diagnosed with cancer last year.",
            &[(N, "Johnson"), (H, "diagnosed"), (H, "cancer")],
        ),
        Case::new(
            "My wife is pregnant and the hospital refused to admit her.",
            &[(H, "pregnant"), (H, "hospital")],
        ),
        Case::new(
            "Officer Daniyar Sultanov ignored my HIV status.",
            &[(N, "Daniyar Sultanov"), (H, "HIV")],
        ),
        Case::new(
            "Please contact Yerlan at 8 777 123 45 67.",
            &[(N, "Yerlan"), (P, "8 777 123 45 67")],
        ),
        Case::new("У ребёнка ВИЧ, в детском саду отказали.", &[(H, "ВИЧ")]),
        Case::new(
            "Соседи Кузнецовы шумят по ночам, ул. Ленина 5.",
            &[(N, "Кузнецовы"), (A, "ул. Ленина 5")],
        ),
        Case::new(
            "Врач Сергей Викторович Медведев назначил операцию.",
            &[(N, "Сергей Викторович Медведев")],
        ),
        Case::new("Ахметов Б.К. не выплатил зарплату.", &[(N, "Ахметов")]),
        Case::new(
            "Онкология у отца, нужна квота на лечение.",
            &[(H, "Онкология"), (H, "лечение")],
        ),
        // The variants people write: numbers in groups, with invisible characters or fullwidth
        // digits, a mistyped IIN next to the word, names in lower case after an introduction.
        Case::new(
            "меня зовут марат, мой ИИН 900315 300123, тел 8.701.234.56.78",
            &[(N, "марат"), (I, "900315 300123"), (P, "8.701.234.56.78")],
        ),
        Case::new(
            "Менің атым айгерім, ЖСН-ім 900315300124 (бір цифр қате болуы мүмкін).",
            &[(N, "айгерім"), (I, "900315300124")],
        ),
        Case::new(
            "Здравствуйте, моё имя дина сейткали. Телефон: ８ ７０１ ２３４ ５６ ７８.",
            &[(N, "дина сейткали"), (P, "８ ７０１ ２３４ ５６ ７８")],
        ),
        Case::new(
            "ИИН: 9\u{200b}0\u{200b}0\u{200b}3\u{200b}1\u{200b}5\u{200b}3\u{200b}0\u{200b}0\u{200b}1\u{200b}2\u{200b}3, прошу ответить.",
            &[(
                I,
                "9\u{200b}0\u{200b}0\u{200b}3\u{200b}1\u{200b}5\u{200b}3\u{200b}0\u{200b}0\u{200b}1\u{200b}2\u{200b}3",
            )],
        ),
        Case::new(
            "my name is daniyar sultanov, call +7\u{2060}701\u{2060}555\u{2060}12\u{2060}34",
            &[
                (N, "daniyar sultanov"),
                (P, "+7\u{2060}701\u{2060}555\u{2060}12\u{2060}34"),
            ],
        ),
        Case::new(
            "атым асқар, үйім суық, нөмірім 8-777-123-45-67",
            &[(N, "асқар"), (P, "8-777-123-45-67")],
        ),
        // Nothing personal below.
        Case::new("Прошу отремонтировать дорогу в нашем районе.", &[]),
        Case::new("Уважаемый аким! В городе Алматы нет света.", &[]),
        Case::new("Министерство здравоохранения не ответило на запрос.", &[]),
        Case::new("Қазақстан Республикасы Үкіметіне өтініш.", &[]),
        Case::new("Жол жөндеу жұмыстары қашан басталады?", &[]),
        Case::new("Ракета стартовала с Байконура в 2024 году.", &[]),
        Case::new("The road to the school has no lights since January.", &[]),
        Case::new("Магазин закрыт, бензин подорожал на 20 тенге.", &[]),
        Case::new("Мы платим 15 000 тенге за отопление каждый месяц.", &[]),
        Case::new("Экспорт зерна вырос на 10 процентов.", &[]),
        Case::new("Алматинский областной суд вынес решение.", &[]),
        Case::new("Сегодня в Шымкенте прошёл дождь.", &[]),
        Case::new("I am writing about the bus that never comes.", &[]),
        Case::new("Меня зовут в акимат уже третий раз, а решения нет.", &[]),
        Case::new("Долг 1 200 000 тенге с 12.05.2024 не погашен.", &[]),
        Case::new("Заявка 900315300124 от 01.02.2024 не рассмотрена.", &[]),
    ]
}

#[test]
fn hand_written_sentences() {
    let verbose = std::env::var("PII_VERBOSE").is_ok();
    let counts = score(&cases(), verbose);
    print("hand-written sentences", &counts);
    for (kind, recall_floor, precision_floor) in [
        (PiiKind::PersonName, 0.85, 0.85),
        (PiiKind::Address, 0.85, 0.85),
        (PiiKind::Health, 0.9, 0.9),
        (PiiKind::Phone, 1.0, 1.0),
    ] {
        let c = counts.get(&kind).copied().unwrap_or_default();
        assert!(c.recall() >= recall_floor, "{kind:?} recall {}", c.recall());
        assert!(
            c.precision() >= precision_floor,
            "{kind:?} precision {}",
            c.precision()
        );
    }
}
