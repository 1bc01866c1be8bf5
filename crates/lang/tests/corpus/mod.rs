//! Test sentences written for this project: short appeals of the kinds citizens send (street
//! lights, heating, school places, pensions, roads, water), 18 per class. None is copied from
//! a data set.

/// Kazakh in Cyrillic.
pub const KK_CYRILLIC: &[&str] = &[
    "Біздің көшеде үш айдан бері шамдар жанбайды, кешке балалар қараңғыда жүреді.",
    "Үйімізде жылу жоқ, пәтерде температура он екі градустан аспайды.",
    "Ұлымды мектепке қабылдамады, орын жоқ деп жауап берді.",
    "Зейнетақым екі ай бойы кешігіп түсіп жатыр, себебін түсіндіруіңізді сұраймын.",
    "Ауылға баратын жол толық бұзылған, көлікпен жүру мүмкін емес.",
    "Ауыз су үш күннен бері берілмей тұр, тұрғындар су сатып алуға мәжбүр.",
    "Аулада балалар ойнайтын алаң салып беруіңізді өтінемін.",
    "Көп қабатты үйдің шатыры ағып тұр, жөндеу жұмыстарын жүргізуді сұраймыз.",
    "Аялдамада шам жоқ, түнде адамдар автобусты қараңғыда күтеді.",
    "Анамның зейнетақысы неге азайғанын білгім келеді.",
    "Мектеп автобусы біздің ауылға келмей қойды, балалар сабаққа жаяу барады.",
    "Жылу маусымы басталса да, батареялар әлі суық.",
    "Көшедегі шұңқырлар көктемнен бері жөнделмеді.",
    "Балабақшаға кезек бес жылдан бері жылжымай тұр.",
    "Кәріз құбыры жарылып, жертөлені су басты.",
    "Жаңа аудандағы үйлерге газ әлі күнге дейін тартылмаған.",
    "Қоқыс екі апта бойы шығарылмай жатыр, иісі шығып кетті.",
    "Мүгедектігі бар балама арнайы көлік берілуін сұраймын.",
];

/// Kazakh in Latin script: the 2021 alphabet, the 2018 acute-accent alphabet and the
/// diacritic-free spelling typed on phones.
pub const KK_LATIN: &[&str] = &[
    "Bızdıñ köşede üş aidan berı şamdar janbaidy, keşke balalar qarañğyda jüredı.",
    "Üiımızde jylu joq, päterde temperatura on ekı gradustan aspaidy.",
    "Ūlymdy mektepke qabyldamady, oryn joq dep jauap berdı.",
    "Zeinetaqym ekı ai boiy keşıgıp tüsıp jatyr, sebebın tüsındıruıñızdı sūraimyn.",
    "Auylğa baratyn jol tolyq būzylğan, kölıkpen jüru mümkın emes.",
    "Aýyz sý úsh kúnnen beri berilmeı tur, turǵyndar sý satyp alýǵa májbúr.",
    "Aýlada balalar oınaıtyn alań salyp berýińizdi ótinemin.",
    "Kóp qabatty úıdiń shatyry aǵyp tur, jóndeý jumystaryn júrgizýdi suraımyz.",
    "Aıaldamada sham joq, túnde adamdar avtobýsty qarańǵyda kútedi.",
    "Anamnyń zeınetaqysy nege azaıǵanyn bilgim keledi.",
    "Mektep avtobusy bizdin auylga kelmei qoidy, balalar sabaqqa zhaiau barady.",
    "Zhylu mausymy bastalsa da, batareialar ali suyq.",
    "Koshedegi shunqyrlar koktemnen beri zhondelmedi.",
    "Balabaqshaga kezek bes zhyldan beri zhylzhymai tur.",
    "Kärız qūbyry jarylyp, jertölenı su basty.",
    "Jaña audandağy üilerge gaz älı künge deiın tartylmağan.",
    "Qoqys ekı apta boiy şyğarylmai jatyr, iısı şyğyp kettı.",
    "Mugedektigi bar balama arnaiy kolik berilýin suraımyn.",
];

/// Russian.
pub const RU: &[&str] = &[
    "На нашей улице уже три месяца не горят фонари, дети возвращаются из школы в темноте.",
    "В квартире нет отопления, температура не поднимается выше двенадцати градусов.",
    "Моего сына не приняли в школу, сказали, что мест нет.",
    "Пенсия приходит с опозданием второй месяц, прошу объяснить причину.",
    "Дорога в село полностью разбита, проехать на машине невозможно.",
    "Питьевую воду не подают третий день, жители вынуждены покупать воду.",
    "Прошу построить во дворе детскую площадку.",
    "Крыша многоэтажного дома протекает, просим провести ремонт.",
    "На остановке нет освещения, ночью люди ждут автобус в темноте.",
    "Хочу узнать, почему уменьшилась пенсия моей матери.",
    "Школьный автобус перестал приезжать в наше село, дети ходят пешком.",
    "Отопительный сезон начался, а батареи до сих пор холодные.",
    "Ямы на улице не ремонтируют с весны.",
    "Очередь в детский сад не двигается уже пять лет.",
    "Прорвало канализацию, подвал затопило.",
    "В дома нового микрорайона до сих пор не провели газ.",
    "Мусор не вывозят две недели, стоит неприятный запах.",
    "Прошу выделить специальный транспорт для моего ребенка с инвалидностью.",
];

/// English.
pub const EN: &[&str] = &[
    "The street lights on our road have been off for three months and children walk home in the dark.",
    "There is no heating in our flat and the temperature stays below twelve degrees.",
    "My son was refused a place at the local school because it is full.",
    "My pension has been paid late for two months, please explain why.",
    "The road to the village is completely broken and cars cannot pass.",
    "Drinking water has not been supplied for three days.",
    "Please build a playground in the courtyard of our building.",
    "The roof of our apartment block is leaking and needs urgent repair.",
    "There is no lighting at the bus stop, so people wait in the dark at night.",
    "I would like to know why my mother's pension was reduced.",
    "The school bus stopped coming to our village, so the children walk.",
    "The heating season has started but the radiators are still cold.",
    "Potholes on the street have not been fixed since spring.",
    "The kindergarten waiting list has not moved for five years.",
    "A sewer pipe burst and flooded the basement.",
    "Gas has still not been connected to the houses in the new district.",
    "Rubbish has not been collected for two weeks and it smells.",
    "I ask for special transport for my disabled child.",
];

/// Kazakh and Russian in one appeal, by sentence or by clause.
pub const MIXED: &[&str] = &[
    "Біздің көшеде шамдар жанбайды. Прошу срочно принять меры, дети ходят в темноте.",
    "Сәлеметсіз бе, у нас в доме уже неделю нет горячей воды.",
    "Үйімізде жылу жоқ, батареялар суық. Обращались в акимат, но никто не ответил.",
    "Ұлымды мектепке алмады. Говорят, что мест нет, а школа рядом с домом.",
    "Пенсия не пришла в этом месяце. Зейнетақымның неге кешіккенін түсіндіріңізші.",
    "Дорога разбита полностью. Ауылға жедел жәрдем көлігі де жете алмайды.",
    "Ауыз су жоқ үш күн болды, жители покупают воду в бутылках.",
    "Здравствуйте! Аулада балалар алаңы жоқ, балалар жолда ойнайды.",
    "Мусор не вывозят две недели. Қоқыс контейнерлері толып кеткен.",
    "Кәріз құбыры жарылды. Подвал затоплен, стоит ужасный запах.",
    "Балабақшаға кезек жылжымайды. Мы стоим в очереди уже четыре года.",
    "На остановке нет света, адамдар түнде қараңғыда тұрады.",
    "Газ әлі тартылмаған. Когда в наш микрорайон проведут газ?",
    "Шатыр ағып тұр, жөндеу керек. Управляющая компания ничего не делает.",
    "Уважаемый аким, обратите внимание на нашу дорогу. Біздің ауылдың жолы өте нашар.",
    "Автобус в наше село больше не ходит. Балалар мектепке жаяу барады.",
    "Құрметті әкім, прошу разобраться с отоплением в школе номер пять.",
    "Жарық жиі өшеді. Из-за этого сгорел холодильник и телевизор.",
];
