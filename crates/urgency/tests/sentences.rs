//! Rule behaviour on sentences written for this project (none comes from shared data).
//!
//! Kazakh sentences in Latin letters are read into Cyrillic first, as triage reads them
//! (`sheshim_lang::read_kk`), and the reasons' spans are mapped back to the sentence.

use chrono::NaiveDate;
use sheshim_urgency::{Assessment, RuleId, Urgency};

/// Assesses `text` as triage does: Kazakh in Latin letters read into Cyrillic, the spans of
/// the reasons in the offsets of `text`.
fn assess(text: &str, received_on: NaiveDate) -> Assessment {
    let reading = sheshim_lang::read_kk(text);
    let mut assessment = sheshim_urgency::assess(reading.as_str(), received_on);
    for reason in &mut assessment.reasons {
        (reason.start, reason.end) = reading.original_span(reason.start, reason.end);
    }
    assessment
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// A summer day: the winter escalation is off.
fn summer() -> NaiveDate {
    day(2025, 7, 10)
}

/// A winter day inside every region's heating season.
fn winter() -> NaiveDate {
    day(2025, 1, 20)
}

/// The text of every reason of `rule` (checks spans are valid slices on the way).
fn spans<'t>(text: &'t str, a: &Assessment, rule: RuleId) -> Vec<&'t str> {
    a.reasons
        .iter()
        .filter(|r| r.rule == rule)
        .map(|r| text.get(r.start..r.end).expect("span on char boundaries"))
        .collect()
}

fn assert_fires(rule: RuleId, date: NaiveDate, cases: &[(&str, &str)]) {
    for (text, trigger) in cases {
        let a = assess(text, date);
        let got = spans(text, &a, rule);
        assert!(!got.is_empty(), "{rule:?} did not fire on {text:?}: {a:?}");
        assert!(
            got.iter().any(|s| s.contains(trigger)),
            "{rule:?} on {text:?}: spans {got:?} do not contain {trigger:?}"
        );
        assert!(
            a.level <= rule.level(),
            "level {:?} below {:?} for {text:?}",
            a.level,
            rule.level()
        );
    }
}

#[test]
fn threat_to_life() {
    assert_fires(
        RuleId::ThreatToLife,
        summer(),
        &[
            (
                "В подъезде сильно пахнет газом, соседи не открывают дверь!",
                "пахнет газом",
            ),
            ("Срочно! В нашем доме пожар на третьем этаже.", "пожар"),
            (
                "Балкон над входом вот-вот рухнет, это угроза жизни прохожих.",
                "угроза жизни",
            ),
            (
                "Сосед угрожает убийством моей семье, полиция бездействует.",
                "угрожает убийством",
            ),
            (
                "Муж систематически избивает меня, прошу защиты.",
                "избивает",
            ),
            (
                "Ауламызда газ иісі шығып тұр, бәріміз қорқып отырмыз.",
                "газ иісі",
            ),
            (
                "Көршінің үйінде өрт шықты, өрт сөндірушілер әлі келмеді.",
                "өрт",
            ),
            (
                "Үйдің шатыры құлау қаупі бар, бұл тұрғындардың өміріне қауіп төндіреді.",
                "өміріне қауіп",
            ),
            (
                "Өзен жағасындағы үйлерді су тасқыны басып қалды.",
                "су тасқын",
            ),
            ("Bizdiñ auylda ört boldy, kömek kerek.", "ört"),
            ("Podvalda gaz iisi bar, tez keliñizder.", "gaz iisi"),
            (
                "There is a gas leak in our building and nobody came.",
                "gas leak",
            ),
            (
                "My neighbour says he will kill me, this is a threat to life.",
                "threat to life",
            ),
            (
                "The old bridge collapsed and the river is flooding the street.",
                "collapsed",
            ),
            (
                "ПОЖАРА БОЯЛИСЬ ВСЕ, а теперь Горит ДОМ напротив.",
                "Горит ДОМ",
            ),
        ],
    );
}

#[test]
fn threat_to_health() {
    assert_fires(
        RuleId::ThreatToHealth,
        summer(),
        &[
            (
                "Вызывали скорую три раза, скорая не приехала.",
                "скорая не приехала",
            ),
            (
                "В аптеке при поликлинике нет инсулина уже месяц.",
                "нет инсулина",
            ),
            (
                "Отцу отказали в операции, хотя врачи говорят, что она нужна.",
                "отказали в операции",
            ),
            (
                "Ребенок потерял сознание в школе, медпункт закрыт.",
                "потерял сознание",
            ),
            ("Жедел жәрдем екі сағат бойы келмеді.", "келмеді"),
            ("Емханада қажетті дәрі жоқ, анам ауырып жатыр.", "дәрі жоқ"),
            (
                "Зауыттың түтіні денсаулыққа зиян келтіруде.",
                "денсаулыққа зиян",
            ),
            (
                "Jedel järdem kelmedi, anam auyryp jatyr.",
                "Jedel järdem kelmedi",
            ),
            (
                "The ambulance did not come for four hours.",
                "ambulance did not come",
            ),
            (
                "The clinic refused my father's surgery.",
                "refused my father's surgery",
            ),
            (
                "My mother ran out of insulin and the pharmacy has none.",
                "ran out of insulin",
            ),
            (
                "Water from the tap smells bad, it is a threat to health.",
                "threat to health",
            ),
        ],
    );
}

#[test]
fn child_at_risk() {
    assert_fires(
        RuleId::ChildAtRisk,
        summer(),
        &[
            ("Соседские дети голодают, родители пьют.", "дети голодают"),
            ("Моего сына бьют старшеклассники каждый день.", "сына бьют"),
            (
                "Дети в группе мерзнут, воспитатели разводят руками.",
                "Дети в группе мерзнут",
            ),
            (
                "Малыш оставлен без присмотра на целый день.",
                "Малыш оставлен без присмотра",
            ),
            (
                "Бродячие собаки нападают на детей возле школы.",
                "нападают на детей",
            ),
            (
                "Көршінің балалары аш отыр, ата-анасы үйде жоқ.",
                "балалары аш",
            ),
            (
                "Мектепте баламды ұрып жүр, мұғалімдер білмейді.",
                "баламды ұрып",
            ),
            ("Балабақшада балалар тоңып отыр.", "балалар тоңып"),
            ("Bala suyqta qaldy, kömektesiñizder.", "Bala suyq"),
            (
                "Children in the shelter are hungry and nobody feeds them.",
                "Children in the shelter are hungry",
            ),
            ("My son is bullied at school every day.", "son is bullied"),
            (
                "The kids next door are left alone and look neglected.",
                "kids next door are left alone and look neglected",
            ),
        ],
    );
}

#[test]
fn utility_outage_outside_the_heating_season_is_high() {
    let cases = [
        ("Третий день нет света во всем микрорайоне.", "нет света"),
        (
            "В доме отключили воду без предупреждения.",
            "отключили воду",
        ),
        ("Горячей воды нет, а счета приходят.", "Горячей воды нет"),
        ("Мы живем без газа, плиту включить нельзя.", "без газа"),
        ("Үйде жарық жоқ, тоңазытқыштағы тамақ бұзылды.", "жарық жоқ"),
        ("Ауылда ауыз су берілмей жатыр.", "ауыз су берілмей"),
        ("Пәтерде жылу жоқ.", "жылу жоқ"),
        ("Bizdiñ köşede jaryq joq.", "jaryq joq"),
        (
            "There has been no water in our street since Monday.",
            "no water",
        ),
        ("Power cut again, the whole block is dark.", "Power cut"),
        (
            "The electricity is off in the building.",
            "electricity is off",
        ),
    ];
    assert_fires(RuleId::UtilityOutage, summer(), &cases);
    for (text, _) in cases {
        let a = assess(text, summer());
        assert_eq!(a.level, Urgency::High, "{text:?}: {a:?}");
        assert!(spans(text, &a, RuleId::UtilityOutageInWinter).is_empty());
    }
}

#[test]
fn utility_outage_in_winter_with_vulnerable_people_or_days_is_immediate() {
    let cases = [
        ("Отключили отопление, в квартире маленькие дети.", "дети"),
        ("Нет света уже три дня, в доме лежачая бабушка.", "лежачая"),
        (
            "Батареи холодные, у нас пенсионеры и инвалид.",
            "пенсионеры",
        ),
        ("Отопления нет уже неделю.", "неделю"),
        ("Жылу жоқ, үйде кішкентай балалар бар.", "балалар"),
        ("Бірнеше күн бойы жарық жоқ, әжем науқас.", "әжем"),
        ("Пәтерде жылу жоқ, бір апта болды.", "апта"),
        ("Üide jylu joq, balalar bar.", "balalar"),
        ("No heating for days in our block.", "days"),
        (
            "The heating is off and my grandmother is disabled.",
            "grandmother",
        ),
        (
            "Power cut since yesterday, we have a newborn baby at home.",
            "newborn",
        ),
    ];
    assert_fires(RuleId::UtilityOutageInWinter, winter(), &cases);
    for (text, _) in cases {
        assert_eq!(assess(text, winter()).level, Urgency::Immediate, "{text:?}");
        assert_eq!(
            assess(text, summer()).level,
            Urgency::High,
            "{text:?} in summer"
        );
    }
    // A short outage with nobody vulnerable mentioned stays High even in winter.
    assert_eq!(
        assess("Вчера вечером на час отключили свет.", winter()).level,
        Urgency::High
    );
}

#[test]
fn heating_season_edges() {
    let text = "Отключили отопление, дома пожилая мать.";
    let level = |d| assess(text, d).level;
    assert_eq!(level(day(2025, 10, 14)), Urgency::High);
    assert_eq!(level(day(2025, 10, 15)), Urgency::Immediate);
    assert_eq!(level(day(2025, 12, 31)), Urgency::Immediate);
    assert_eq!(level(day(2026, 4, 15)), Urgency::Immediate);
    assert_eq!(level(day(2026, 4, 16)), Urgency::High);
    assert_eq!(level(day(2024, 2, 29)), Urgency::Immediate);
}

#[test]
fn negations_cancel_threats() {
    for text in [
        "Угрозы жизни нет, но прошу отремонтировать крыльцо.",
        "Нет угрозы жизни, просто трещина в стене подъезда.",
        "Пожара не было, просто сработала сигнализация.",
        "Өмірге қауіп жоқ, бірақ жол жөндеуді сұраймыз.",
        "There is no threat to life, but the sidewalk needs repair.",
    ] {
        let a = assess(text, winter());
        assert!(
            spans(text, &a, RuleId::ThreatToLife).is_empty(),
            "{text:?}: {a:?}"
        );
        assert_eq!(a.level, Urgency::Normal, "{text:?}: {a:?}");
        assert!(
            a.confidence < 0.8,
            "a negated threat should lower confidence: {text:?}"
        );
    }
}

#[test]
fn routine_appeals_are_normal() {
    let negatives = [
        "Во дворе дома по улице Сатпаева огромные ямы, просим отремонтировать дорогу.",
        "В ЦОНе очередь на три часа, нельзя ли открыть еще одно окно?",
        "Прошу выдать справку о составе семьи в электронном виде.",
        "Меня уволили с работы без объяснения причин, прошу разобраться.",
        "Пожарная инспекция проверила школу, прошу выдать копию акта.",
        "Автобус номер 12 ходит редко, приходится ждать по сорок минут.",
        "Добрый день. Прошу пояснить порядок получения налогового вычета.",
        "Светофор на перекрестке долго переключается, водители нервничают.",
        "Хочу предложить установить скамейки в парке возле дома культуры.",
        "Прошу сообщить, когда начнется прием документов в детский сад.",
        "Ребенок поступил в первый класс, прошу выдать форму по льготе.",
        "Запись к врачу через портал работает медленно.",
        "Счет за воду пришел в два раза больше обычного.",
        "Жолдағы шұңқырларды жөндеуді сұраймыз.",
        "ХҚКО-да кезек өте ұзын, қосымша терезе ашуды өтінемін.",
        "Құжаттарымды қайта қарауды сұраймын.",
        "Қайырлы күн. Балабақшаға кезекке тұру тәртібін түсіндіріңізші.",
        "Баланың туу туралы куәлігінің көшірмесін алғым келеді.",
        "Электронды үкімет порталында қате шығады.",
        "Телефонның балансы тез бітеді, интернет нашар.",
        "Avtobus keste boiynşa jürmeidi.",
        "Qūjattardy qabyldau uaqytyn aitsañyzdar.",
        "The road to the village school needs new asphalt.",
        "I was fired from work and need advice on unemployment benefits.",
        "Please explain how to renew my passport.",
        "The queue at the tax office is too long.",
        "Our firewall blocks the government portal, how do we fix it?",
        "The fire safety inspection of our shop is scheduled for May.",
        "I would like to propose a new bus route to the airport.",
        "My child needs a certificate for the new school.",
        "Street lights on our road are too bright at night.",
        "Прошу установить детскую площадку во дворе.",
    ];
    assert!(negatives.len() >= 30);
    for text in negatives {
        for date in [summer(), winter()] {
            let a = assess(text, date);
            assert_eq!(a.level, Urgency::Normal, "{text:?}: {a:?}");
            assert!(a.reasons.is_empty());
        }
    }
}

#[test]
fn reasons_point_at_the_words_and_are_sorted() {
    let text = "Здравствуйте! В соседнем доме ПОЖАР, а у нас отключили свет.";
    let a = assess(text, summer());
    assert_eq!(a.level, Urgency::Immediate);
    assert_eq!(spans(text, &a, RuleId::ThreatToLife), vec!["ПОЖАР"]);
    assert_eq!(
        spans(text, &a, RuleId::UtilityOutage),
        vec!["отключили свет"]
    );
    assert!(a.reasons.windows(2).all(|w| w[0].start <= w[1].start));
    assert!(a.confidence > 0.7);
}

#[test]
fn whitespace_runs_and_case_do_not_matter() {
    let text = "УГРОЗА\n\t  ЖИЗНИ";
    let a = assess(text, summer());
    assert_eq!(spans(text, &a, RuleId::ThreatToLife), vec![text]);
}

#[test]
fn empty_text_is_normal() {
    let a = assess("", winter());
    assert_eq!(a.level, Urgency::Normal);
    assert!(a.reasons.is_empty());
    assert_eq!(Urgency::Immediate.code(), "immediate");
    assert_eq!(Urgency::High.code(), "high");
    assert_eq!(Urgency::Normal.code(), "normal");
    assert!(RuleId::ALL.iter().all(|r| !r.description().is_empty()));
}
