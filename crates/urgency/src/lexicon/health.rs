//! Threat to health: direct statements of danger, and unmet medical needs.
//!
//! An unmet need is a [`HealthNeed`] word near a [`Deprivation`] word («нет лекарств»,
//! «скорая не приехала», «отаға жатқызудан бас тартты», "insulin … refused"), because
//! "medicine" or "surgery" alone is routine (appointments, prices).

use super::{
    Concept::{Deprivation, HealthNeed, HealthThreat},
    Lang, TermSet,
};

/// The term sets for health.
pub(super) const SETS: &[TermSet] = &[
    TermSet {
        concept: HealthThreat,
        lang: Lang::Ru,
        terms: "\
            угроза здоровью, угрозу здоровью, угрожает здоровью, опасно для здоровья, \
            вред здоровью, вредит здоровью, теряет сознание, потерял сознание, \
            потеряла сознание, без сознания, инфаркт*, инсульт*, кровотечени*, \
            отравлени*, отравил*, задыхается, задыхаемся, не может дышать, \
            высокая температура, срочная операция, срочно нужна операция\
        ",
    },
    TermSet {
        concept: HealthThreat,
        lang: Lang::Kk,
        terms: "\
            денсаулыққа қауіп*, денсаулығына қауіп*, денсаулыққа зиян*, денсаулығына зиян*, \
            есінен тан*, есін жоғалт*, улан*, инфаркт*, инсульт*, қан кет*, тұншығ*, \
            дем ала алмай*, жедел ота, шұғыл ота\
        ",
    },
    TermSet {
        concept: HealthThreat,
        lang: Lang::En,
        terms: "\
            threat to health, health risk, danger to health, harmful to health, \
            lost consciousness, unconscious, heart attack, stroke, bleeding, poisoned, \
            poisoning, can't breathe, cannot breathe, urgent surgery, emergency surgery\
        ",
    },
    TermSet {
        concept: HealthNeed,
        lang: Lang::Ru,
        terms: "\
            лекарств*, медикамент*, препарат*, инсулин*, операци*, скорая, скорой, скорую, \
            скорая помощь, неотложк*, госпитализ*, реанимаци*, диализ*, химиотерапи*, \
            кислород*, помощь врача, медицинская помощь, \
            медицинской помощи, медицинскую помощь\
        ",
    },
    TermSet {
        concept: HealthNeed,
        lang: Lang::Kk,
        terms: "\
            дәрі, дәрілер*, дәріні, дәрі-дәрмек*, дәрмек*, инсулин*, ота жаса*, отаға, \
            жедел жәрдем*, жедел медициналық жәрдем*, ауруханаға жатқыз*, емдеу*, \
            диализ*, химиотерапи*, оттегі*, медициналық көмек*\
        ",
    },
    TermSet {
        concept: HealthNeed,
        lang: Lang::En,
        terms: "\
            medicine*, medication*, drugs, insulin, surgery, operation, ambulance, \
            hospital admission, hospitalis*, hospitaliz*, dialysis, chemotherapy, oxygen, \
            treatment, medical help, medical care\
        ",
    },
    TermSet {
        concept: Deprivation,
        lang: Lang::Ru,
        terms: "\
            нет, не приехал*, не приезжа*, не приезжает, не дают, не дали, не выда*, \
            не выписыва*, отказ*, не хватает, закончил*, нет в наличии, не могу получить, \
            невозможно получить, не приня*, не оказ*, не было, без, ждали, ждем, \
            не госпитализир*\
        ",
    },
    TermSet {
        concept: Deprivation,
        lang: Lang::Kk,
        terms: "\
            жоқ, келмеді, келмей*, бермей*, берілмей*, бермеді, бас тарт*, жетіспей*, \
            таппай*, ала алмай*, қабылдама*, көрсетпе*, күтіп*\
        ",
    },
    TermSet {
        concept: Deprivation,
        lang: Lang::En,
        terms: "\
            no, not, refus*, denied, didn't come, did not come, never came, never arrived, \
            didn't arrive, did not arrive, without, run out, ran out, can't get, cannot get, \
            unable, waited\
        ",
    },
];
