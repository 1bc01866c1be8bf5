//! Threat to life: suicide, violence, fire, explosion, gas leak, collapse, flood.
//!
//! Stems are cut where Kazakh and Russian endings begin; look-alikes that must not fire
//! (fire-safety inspections, dismissals) live in `context` as `Ignore` terms.

use super::{Concept::LifeThreat, Lang, TermSet};

/// The term sets for [`LifeThreat`].
pub(super) const SETS: &[TermSet] = &[
    TermSet {
        concept: LifeThreat,
        lang: Lang::Ru,
        terms: "\
            угроза жизни, угрозу жизни, угрозой жизни, угрозы жизни, угрожает жизни, \
            угрожают жизни, угрожающей жизни, угрожающая жизни, опасно для жизни, опасность для жизни, \
            опасна для жизни, опасен для жизни, жизнь в опасности, жизни в опасности, пожар*, \
            горит дом, загорел*, задымлени*, взрыв*, утечка газа, утечку газа, утечки газа, \
            утечкой газа, запах газа, \
            пахнет газом, отравление газом, угарный газ*, угарным газ*, угарного газ*, обрушени*, обрушил*, обрушит*, \
            рухнул*, рухнет, может рухнуть, наводнени*, паводок, паводк*, потоп, смыло, \
            суицид*, самоубийств*, покончить с собой, покончу с собой, наложить на себя руки, \
            повесил*, убью, убьет, убьют, убить, убийств*, угрожает убийством, \
            угрожают убийством, избиени*, избива*, избил*, избит*, насили*, нападени*, \
            напал*, зарезать, поножовщин*, стрельб*, застрелить\
        ",
    },
    TermSet {
        concept: LifeThreat,
        lang: Lang::Kk,
        terms: "\
            өмірге қауіп*, өмірге қатер*, өміріне қауіп*, өміріне қатер*, өмірімізге қауіп*, \
            өміріміз қауіпте, өмірі қауіпте, өмір үшін қауіпті, өрт*, жанып жатыр, жарылыс*, \
            жарылы*, газ иіс*, газдың иісі, газ ағып, газ ағу*, газдың ағу*, газдан улан*, \
            иіс газ*, құлап қалу*, құлау қаупі, құлауы мүмкін, құлап жатыр, опырыл*, \
            су тасқын*, тасқын*, су басты, су басып, суицид*, өзін-өзі өлтір*, өзімді өлтір*, \
            асылып өл*, өлтір*, өлтіремін, ұрып-соғ*, ұрып соғ*, зорлық*, зомбылық*, \
            пышақта*, шабуыл*\
        ",
    },
    TermSet {
        concept: LifeThreat,
        lang: Lang::En,
        terms: "\
            threat to life, threat to our lives, threat to my life, life-threatening, \
            life threatening, danger to life, lives are in danger, life is in danger, fire, \
            fires, on fire, burning, caught fire, explosion*, exploded, gas leak*, \
            leaking gas, smell of gas, smell gas, smells of gas, carbon monoxide, collaps*, \
            flood, floods, flooding, suicid*, kill myself, kill me, kill us, killed, murder*, \
            beaten, beating, violence, violent, assault*, attacked, stabbed, shooting\
        ",
    },
];
