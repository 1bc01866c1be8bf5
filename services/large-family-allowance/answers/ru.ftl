# Ответы услуги large-family-allowance, на русском языке. Переменные: $number (регистрационный номер),
# $date (дата решения), $facts (сведения, на которых основано решение), $citations (статьи
# применённых правил), $amount (в тенге); $service, $term_days, $appeal_to и $appeal_term берутся из
# service.toml.

granted =
    Ваше заявление № { $number }: { $service }.
    Решение: назначено.
    Размер: { $amount } тенге в месяц.
    Дата решения: { $date }.
    Учтённые сведения: { $facts }.
    Правовое основание: { $citations }.
    { appeal-route }
    { human-review }
    { ai-label }

denied =
    Ваше заявление № { $number }: { $service }.
    Решение: в назначении отказано.
    Дата решения: { $date }.
    Учтённые сведения: { $facts }.
    Правовое основание: { $citations }.
    { appeal-route }
    { human-review }
    { ai-label }

acknowledgement =
    Ваше заявление № { $number } от { $date } ({ $service }) получено и передано должностному лицу.
    Ответ будет дан в течение { $term_days } { $term_days ->
        [one] рабочего дня
       *[other] рабочих дней
    }.
