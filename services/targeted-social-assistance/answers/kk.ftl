# targeted-social-assistance қызметінің жауаптары, қазақ тілінде. Айнымалылар: $number (тіркеу нөмірі),
# $date (шешім күні), $facts (шешім негізделген мәліметтер), $citations (қолданылған
# қағидалардың баптары), $amount (теңгемен); $service, $term_days, $appeal_to және $appeal_term
# service.toml файлынан алынады.

granted =
    № { $number } өтінішіңіз: { $service }.
    Шешім: тағайындалды.
    Мөлшері: айына { $amount } теңге.
    Шешім күні: { $date }.
    Ескерілген мәліметтер: { $facts }.
    Құқықтық негіз: { $citations }.
    { appeal-route }
    { human-review }
    { ai-label }

denied =
    № { $number } өтінішіңіз: { $service }.
    Шешім: тағайындаудан бас тартылды.
    Шешім күні: { $date }.
    Ескерілген мәліметтер: { $facts }.
    Құқықтық негіз: { $citations }.
    { appeal-route }
    { human-review }
    { ai-label }

acknowledgement =
    { $date } күнгі № { $number } өтінішіңіз ({ $service }) қабылданып, лауазымды адамға жіберілді.
    Жауап { $term_days } жұмыс күні ішінде беріледі.
