# Answers of the appeal service appeal-message, in English: the acknowledgement sent on
# registration and the skeleton an officer completes. Variables: $number (registration
# number), $date (of registration or of the answer), $officer (name and position), $agency
# (the agency's name); $term_days, $appeal_to and $appeal_term come from service.toml.

acknowledgement =
    Your message No. { $number } of { $date } has been registered and passed to an officer of { $agency }.
    It will be considered within { $term_days } { $term_days ->
        [one] working day
       *[other] working days
    } (Administrative Procedural Code of the Republic of Kazakhstan, art. 76).

# $grounds: the legal grounds and earlier answers retrieval found for the appeal, or the notice
# that the sources are insufficient; empty where the agency runs no retrieval.
answer-skeleton =
    Answer to your message No. { $number }.
    Date: { $date }.
    <What you asked for or reported, in brief.>
    <What was examined and found.>
    <What was decided, with the legal basis.>
    { $grounds }
    { appeal-route }
    Officer: { $officer }, { $agency }.
