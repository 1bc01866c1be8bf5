# Pieces every answer of the catalogue shares, in English. A service's own message of the
# same name replaces one of these. Variables: $number (registration number), $appeal_to and
# $appeal_term (from the service's [appeal_route]).

ai-label = This answer was prepared by the Sheshim system, an artificial intelligence system, under the service's rules, as the Law of the Republic of Kazakhstan on Artificial Intelligence (art. 21) requires it to be disclosed.
appeal-route = You may appeal this decision to { $appeal_to } { $appeal_term } of receiving it (Administrative Procedural Code of the Republic of Kazakhstan, art. 91).
human-review = To have your application reviewed by an officer, reply to this letter quoting registration number { $number }.
ai-checked = The answer was checked and issued by the officer { $checked_by }.
# The answer to a group of near-identical appeals (a mass appeal): the text an officer
# approved ($body), addressed to each applicant by name ($name) and their appeal's number.
group-answer =
    Dear { $name },
    This is the answer to your appeal No. { $number } of { $registered_on }.
    { $body }
# The grounds of a draft answer to an appeal, found by searching the legal passages, the
# agency's notes and earlier answers (see crates/engine, grounding.rs). Text in angle brackets
# is for the officer, who replaces or removes it before sending.
grounds-law = Legal grounds found for this appeal:
grounds-answers = <Earlier answers to similar appeals (for the officer; remove before sending):>
grounds-insufficient = <Insufficient sources: nothing in the legal passages, the agency's notes or earlier answers relates to this appeal. The officer must state the legal grounds.>
