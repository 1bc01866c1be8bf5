//! Utility outages: heating, water, electricity and gas supply, and how long they last.
//!
//! An outage is a [`Utility`] word close to an [`Outage`] word («света нет», «су берілмей
//! жатыр», "no hot water"), or an [`OutagePhrase`] that says both at once («без отопления»,
//! «жарықсыз», "power cut"). [`Days`] words near an outage make it a long one.

use super::{
    Concept::{Days, Outage, OutagePhrase, Utility},
    Lang, TermSet,
};

/// The term sets for utilities.
pub(super) const SETS: &[TermSet] = &[
    TermSet {
        concept: Utility,
        lang: Lang::Ru,
        terms: "\
            отоплени*, теплоснабжени*, тепла, тепло, батаре*, радиатор*, котельн*, \
            горячей воды, горячая вода, горячую воду, холодной воды, вода, воды, воду, водой, \
            водоснабжени*, питьевой воды, свет, света, светом, электричеств*, электроэнерги*, \
            электроснабжени*, газ, газа, газом, газоснабжени*\
        ",
    },
    TermSet {
        concept: Utility,
        lang: Lang::Kk,
        terms: "\
            жылу, жылуы, жылуды, жылыту*, жылумен, су, суы, суды, судың, ауыз су*, ыстық су*, \
            суық су*, сумен, жарық, жарығы, жарықты, электр*, газ, газы, газды, газдың\
        ",
    },
    TermSet {
        concept: Utility,
        lang: Lang::En,
        terms: "\
            heating, heat, radiators, hot water, cold water, water, water supply, \
            electricity, power, lights, gas, gas supply\
        ",
    },
    TermSet {
        concept: Outage,
        lang: Lang::Ru,
        terms: "\
            нет, отключ*, не подают, не подается, не дают, не работает, отсутству*, перебо*, \
            пропал*, вырубил*, авари*, не было, нету\
        ",
    },
    TermSet {
        concept: Outage,
        lang: Lang::Kk,
        terms: "\
            жоқ, өшір*, өшіп*, берілмей*, бермей*, сөндір*, үзіл*, тоқта*, ажырат*, \
            істемей*, болмай*\
        ",
    },
    TermSet {
        concept: Outage,
        lang: Lang::En,
        terms: "\
            no, without, outage*, cut off, shut off, turned off, switched off, not working, \
            no longer, disconnected, has been off, is off, are off\
        ",
    },
    TermSet {
        concept: OutagePhrase,
        lang: Lang::Ru,
        terms: "\
            без отопления, без света, без воды, без газа, без тепла, без электричества, \
            батареи холодные, холодные батареи, в квартире холодно, дома холодно, \
            не топят, не топит\
        ",
    },
    TermSet {
        concept: OutagePhrase,
        lang: Lang::Kk,
        terms: "\
            жылусыз, сусыз, жарықсыз, газсыз, электрсіз, батареялар суық, үй суық, үйде суық, \
            пәтер суық, пәтерде суық\
        ",
    },
    TermSet {
        concept: OutagePhrase,
        lang: Lang::En,
        terms: "\
            power cut*, blackout*, no heating, no heat, without heating, cold radiators, \
            radiators are cold\
        ",
    },
    TermSet {
        concept: Days,
        lang: Lang::Ru,
        terms: "\
            дня, дней, сутки, суток, неделю, недели, недель, месяц*, второй день, \
            третий день, который день, весь день, со вчерашнего\
        ",
    },
    TermSet {
        concept: Days,
        lang: Lang::Kk,
        terms: "\
            күн, күннен, күн бойы, күндер*, тәулік*, апта*, ай бойы, бір ай, кешеден бері\
        ",
    },
    TermSet {
        concept: Days,
        lang: Lang::En,
        terms: "\
            days, for a day, all day, a week, weeks, a month, months, since yesterday\
        ",
    },
];
