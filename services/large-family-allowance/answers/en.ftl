# Answers of service large-family-allowance, in English. Variables: $number (registration number), $date
# (of the decision), $facts (the facts relied on), $citations (the articles of the rules
# that applied), $amount (in tenge); $service, $term_days, $appeal_to and $appeal_term come from
# service.toml.

granted =
    Your application No. { $number }: { $service }.
    Decision: granted.
    Amount: { $amount } tenge a month.
    Date of the decision: { $date }.
    Facts relied on: { $facts }.
    Legal basis: { $citations }.
    { appeal-route }
    { human-review }
    { ai-label }

denied =
    Your application No. { $number }: { $service }.
    Decision: refused.
    Date of the decision: { $date }.
    Facts relied on: { $facts }.
    Legal basis: { $citations }.
    { appeal-route }
    { human-review }
    { ai-label }

acknowledgement =
    Your application No. { $number } of { $date } ({ $service }) has been received and passed to an officer.
    You will receive the answer within { $term_days } { $term_days ->
        [one] working day
       *[other] working days
    }.
