//! Children at risk, and the other people whose presence makes an outage dangerous.
//!
//! A [`Child`] word near a [`ChildDanger`] word is the children-at-risk rule; [`Child`] and
//! [`Frail`] words anywhere in the text escalate a winter utility outage.

use super::{
    Concept::{Child, ChildDanger, Frail},
    Lang, TermSet,
};

/// The term sets for children and frail people.
pub(super) const SETS: &[TermSet] = &[
    TermSet {
        concept: Child,
        lang: Lang::Ru,
        terms: "\
            ребен*, ребятишк*, дет*, детск*, малыш*, младен*, новорожден*, грудничок*, \
            грудной ребенок, школьник*, школьниц*, несовершеннолетн*, сын, сына, сыну, \
            сыном, дочь, дочка, дочк*, дочер*, внук*, внучк*, подрост*\
        ",
    },
    TermSet {
        concept: Child,
        lang: Lang::Kk,
        terms: "\
            бала*, балалар*, баламыз*, балабақша*, сәби*, нәресте*, оқушы*, кәмелетке толмаған*, \
            ұлым*, ұлымыз*, қызым*, немере*, жасөспірім*\
        ",
    },
    TermSet {
        concept: Child,
        lang: Lang::En,
        terms: "\
            child, children, childs, kid, kids, baby, babies, infant*, toddler*, newborn*, \
            son, daughter, schoolchild*, pupil*, minors, grandchild*\
        ",
    },
    TermSet {
        concept: ChildDanger,
        lang: Lang::Ru,
        terms: "\
            опасн*, угрожа*, угроз*, бьют, бьет, избива*, избил*, обижа*, издева*, насили*, \
            домогател*, голод*, голодн*, недоеда*, нечего есть, не кормят, без еды, замерза*, \
            мерзн*, мерзнут, холодно, холоде, травл*, буллинг*, без присмотра, брошен*, \
            бросил*, кричат, унижа*, напада*, покуса*, укус*, пропал*, похищ*, жесток*\
        ",
    },
    TermSet {
        concept: ChildDanger,
        lang: Lang::Kk,
        terms: "\
            қауіп*, қатер*, ұрып*, ұрады, соққы*, зорлық*, зомбылық*, аш, аштық*, аш қал*, \
            тамақсыз, ашығ*, тоңып*, тоңады, суық*, қорла*, буллинг*, қараусыз, тастап кет*, \
            айқайла*, шабуыл*, тістеп*, тістеді, жоғалып*, ұрла*, қатыгез*\
        ",
    },
    TermSet {
        concept: ChildDanger,
        lang: Lang::En,
        terms: "\
            danger*, unsafe, threat*, abuse*, abusing, beat, beats, beaten, hit, hits, \
            hungry, hunger, starv*, nothing to eat, cold, freezing, neglect*, bully*, \
            bullied, harass*, attack*, bitten, missing, abandoned, mistreat*, cruel*\
        ",
    },
    TermSet {
        concept: Frail,
        lang: Lang::Ru,
        terms: "\
            пожил*, пенсионер*, престарел*, инвалид*, лежач*, беремен*, старик*, старуш*, \
            бабушк*, дедушк*, больная мать, больной отец, ветеран*, одинок*\
        ",
    },
    TermSet {
        concept: Frail,
        lang: Lang::Kk,
        terms: "\
            қарт*, қария*, зейнеткер*, мүгедек*, мүмкіндігі шектеулі*, ерекше қажеттіліг*, \
            жүкті*, әже*, ата-әже*, төсек тартып*, науқас*, ардагер*\
        ",
    },
    TermSet {
        concept: Frail,
        lang: Lang::En,
        terms: "\
            elderly, old people, old man, old woman, pensioner*, disabled, disabilit*, \
            wheelchair, bedridden, pregnant, grandmother*, grandfather*, grandparent*, veteran*\
        ",
    },
];
