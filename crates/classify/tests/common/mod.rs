//! A small synthetic multilingual (kk/ru/en) appeal set written for these
//! tests: 6 topics × 3 languages, topic phrases combined with topic-neutral
//! wrappers. Training and held-out sentences use different combinations.

/// (topic, language, phrases).
const PHRASES: &[(&str, &str, &[&str])] = &[
    (
        "roads",
        "ru",
        &[
            "на дороге огромные ямы",
            "асфальт на улице разрушен",
            "не работает светофор на перекрёстке",
            "нужен ремонт дорожного покрытия",
            "тротуар весь в трещинах",
            "дорогу не чистят от снега",
            "нет дорожной разметки у школы",
            "после ремонта дорога снова в выбоинах",
        ],
    ),
    (
        "roads",
        "kk",
        &[
            "жолда үлкен шұңқырлар бар",
            "көшедегі асфальт бұзылған",
            "қиылыстағы бағдаршам жұмыс істемейді",
            "жол жабынын жөндеу керек",
            "жаяу жүргінші жолы жарылып кеткен",
            "жолды қардан тазаламайды",
            "мектеп маңында жол белгілері жоқ",
            "жөндеуден кейін жол қайта ойылды",
        ],
    ),
    (
        "roads",
        "en",
        &[
            "the road is full of potholes",
            "the asphalt on our street is broken",
            "the traffic light at the crossing is out",
            "the road surface needs repair",
            "the pavement is badly cracked",
            "nobody clears the snow from the road",
            "there are no road markings near the school",
            "the road has holes again after the repair",
        ],
    ),
    (
        "utilities",
        "ru",
        &[
            "в квартире нет отопления",
            "батареи холодные уже неделю",
            "отключили горячую воду",
            "из крана течёт ржавая вода",
            "в подвале прорвало трубу",
            "счёт за коммунальные услуги завышен",
            "в подъезде не работает лифт",
            "канализация засорилась и затапливает двор",
        ],
    ),
    (
        "utilities",
        "kk",
        &[
            "пәтерде жылу жоқ",
            "радиаторлар бір аптадан бері суық",
            "ыстық су өшірілді",
            "краннан тат басқан су ағады",
            "жертөледе құбыр жарылды",
            "коммуналдық қызмет төлемі асыра есептелген",
            "кіреберісте лифт істемейді",
            "кәріз бітеліп ауланы су басты",
        ],
    ),
    (
        "utilities",
        "en",
        &[
            "there is no heating in the flat",
            "the radiators have been cold for a week",
            "the hot water was cut off",
            "rusty water comes from the tap",
            "a pipe burst in the basement",
            "the utility bill is too high",
            "the lift in our building does not work",
            "the sewer is blocked and floods the yard",
        ],
    ),
    (
        "schools",
        "ru",
        &[
            "в школе не хватает учителей",
            "классы переполнены учениками",
            "ребёнку не дали место в школе",
            "в школьной столовой плохое питание",
            "в кабинетах холодно зимой",
            "учебники не выдали вовремя",
            "в школе нет спортзала",
            "директор школы требует деньги на ремонт класса",
        ],
    ),
    (
        "schools",
        "kk",
        &[
            "мектепте мұғалімдер жетіспейді",
            "сыныптар оқушыларға толып кеткен",
            "балаға мектептен орын берілмеді",
            "мектеп асханасында тамақ нашар",
            "қыста сынып бөлмелері суық",
            "оқулықтар уақытында берілмеді",
            "мектепте спорт залы жоқ",
            "мектеп директоры сынып жөндеуіне ақша талап етеді",
        ],
    ),
    (
        "schools",
        "en",
        &[
            "the school is short of teachers",
            "the classes are overcrowded with pupils",
            "my child was refused a place at school",
            "the school canteen serves poor food",
            "the classrooms are cold in winter",
            "the textbooks were not handed out on time",
            "the school has no gym",
            "the headteacher asks parents for money to repair the classroom",
        ],
    ),
    (
        "health",
        "ru",
        &[
            "в поликлинике огромные очереди к врачу",
            "не могу записаться к терапевту",
            "скорая помощь ехала два часа",
            "в аптеке нет бесплатных лекарств",
            "в больнице грубят пациентам",
            "нет врача педиатра в посёлке",
            "анализы делают платно",
            "в больнице нет мест для госпитализации",
        ],
    ),
    (
        "health",
        "kk",
        &[
            "емханада дәрігерге үлкен кезек",
            "терапевтке жазыла алмаймын",
            "жедел жәрдем екі сағат жүрді",
            "дәріханада тегін дәрі жоқ",
            "ауруханада науқастарға дөрекі сөйлейді",
            "ауылда балалар дәрігері жоқ",
            "талдауларды ақылы жасайды",
            "ауруханада жатқызуға орын жоқ",
        ],
    ),
    (
        "health",
        "en",
        &[
            "there are huge queues for the doctor at the clinic",
            "I cannot get an appointment with a physician",
            "the ambulance took two hours to arrive",
            "the pharmacy has no free medicines",
            "hospital staff are rude to patients",
            "there is no paediatrician in the village",
            "medical tests are charged for",
            "the hospital has no beds for admission",
        ],
    ),
    (
        "transport",
        "ru",
        &[
            "автобус ходит очень редко",
            "маршрут автобуса отменили",
            "в автобусе не работает терминал оплаты",
            "водитель автобуса грубит пассажирам",
            "на остановке нет навеса",
            "автобусы переполнены в час пик",
            "проезд в автобусе подорожал",
            "автобус проезжает мимо остановки",
        ],
    ),
    (
        "transport",
        "kk",
        &[
            "автобус өте сирек жүреді",
            "автобус бағыты жойылды",
            "автобуста төлем терминалы істемейді",
            "автобус жүргізушісі жолаушыларға дөрекі",
            "аялдамада күнқағар жоқ",
            "қарбалас уақытта автобустар толып кетеді",
            "автобус жол ақысы қымбаттады",
            "автобус аялдамаға тоқтамай өтіп кетеді",
        ],
    ),
    (
        "transport",
        "en",
        &[
            "the bus runs very rarely",
            "the bus route was cancelled",
            "the fare terminal on the bus does not work",
            "the bus driver is rude to passengers",
            "the bus stop has no shelter",
            "buses are overcrowded at rush hour",
            "the bus fare went up",
            "the bus drives past the stop",
        ],
    ),
    (
        "social",
        "ru",
        &[
            "не назначили пособие на ребёнка",
            "задерживают выплату пенсии",
            "отказали в адресной социальной помощи",
            "не дают пособие по инвалидности",
            "многодетной семье не выплачивают пособие",
            "очередь на социальное жильё не движется",
            "не могу оформить пособие по уходу",
            "пенсию начислили неправильно",
        ],
    ),
    (
        "social",
        "kk",
        &[
            "балаға жәрдемақы тағайындалмады",
            "зейнетақы төлеу кешіктірілуде",
            "атаулы әлеуметтік көмектен бас тартты",
            "мүгедектік бойынша жәрдемақы бермейді",
            "көп балалы отбасына жәрдемақы төленбейді",
            "әлеуметтік тұрғын үй кезегі жылжымайды",
            "күтім бойынша жәрдемақы рәсімдей алмаймын",
            "зейнетақы қате есептелді",
        ],
    ),
    (
        "social",
        "en",
        &[
            "the child benefit was not granted",
            "the pension payment is delayed",
            "targeted social assistance was refused",
            "they do not pay the disability benefit",
            "a large family gets no allowance",
            "the social housing queue does not move",
            "I cannot apply for the carer's allowance",
            "the pension was calculated wrongly",
        ],
    ),
];

/// Topic-neutral wrappers per language; `{}` is the topic phrase.
const WRAPPERS: &[(&str, &[&str])] = &[
    (
        "ru",
        &[
            "Здравствуйте, {}.",
            "Прошу принять меры: {}.",
            "Уважаемый аким, {}, помогите.",
            "Жалоба: {}, уже месяц.",
            "{}. Прошу разобраться срочно!",
            "Добрый день. У нас {}, просим решить.",
        ],
    ),
    (
        "kk",
        &[
            "Сәлеметсіз бе, {}.",
            "Шара қолдануыңызды сұраймын: {}.",
            "Құрметті әкім, {}, көмектесіңіз.",
            "Шағым: {}, бір ай болды.",
            "{}. Тез арада шешуіңізді өтінемін!",
            "Қайырлы күн. Бізде {}, шешуді сұраймыз.",
        ],
    ),
    (
        "en",
        &[
            "Hello, {}.",
            "Please take action: {}.",
            "Dear mayor, {}, please help.",
            "Complaint: {}, for a month now.",
            "{}. Please sort this out urgently!",
            "Good afternoon. Here {}, we ask you to fix it.",
        ],
    ),
];

/// An example: (text, topic, language).
pub type Example = (String, &'static str, &'static str);

fn wrappers(lang: &str) -> &'static [&'static str] {
    WRAPPERS
        .iter()
        .find(|(l, _)| *l == lang)
        .map(|(_, w)| *w)
        .unwrap_or(&[])
}

/// Training examples (each phrase in two wrappers) and held-out examples
/// (each phrase in a third wrapper not used with it in training).
pub fn dataset() -> (Vec<Example>, Vec<Example>) {
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (topic, lang, phrases) in PHRASES {
        let w = wrappers(lang);
        for (i, p) in phrases.iter().enumerate() {
            for j in [i, i + 1] {
                train.push((w[j % w.len()].replace("{}", p), *topic, *lang));
            }
            test.push((w[(i + 3) % w.len()].replace("{}", p), *topic, *lang));
        }
    }
    (train, test)
}
