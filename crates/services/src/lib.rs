//! The service catalogue. Each service Sheshim handles lives in a folder `services/<code>/`
//! (a folder whose name starts with `_` is not a service: `services/_common/` holds the
//! answer pieces every service shares), and `service.toml` is the single source of what
//! the service is. An **application** service is decided by rules; an **appeal** service
//! (one of the six kinds of appeal of the Administrative Procedural Code) is never decided
//! by the machine and always answered by an officer.
//!
//! | File | Application | Appeal |
//! |---|---|---|
//! | `service.toml` | required | required |
//! | `answers/{kk,ru,en}.ftl` | required: `granted`, `denied`, `acknowledgement`, and `ai-label`, `appeal-route`, `human-review` (own or shared) | required: `acknowledgement`, `answer-skeleton`, `appeal-route` |
//! | `model.dmn` (and the `.dmn` files it imports) | required: the rules | none allowed |
//! | `parameters.toml` | optional: dated parameters, given to the model as inputs of the same name | none allowed |
//! | `cases.toml` | required: test cases (see [`ServiceCase`]) | none allowed |
//!
//! `service.toml` (an unknown key is an error naming the file and the key):
//!
//! ```toml
//! kind = "application"            # or "appeal"
//! appeal_kind = "complaint"       # appeals only: application, complaint, proposal, request, response, message
//! agency = "MLSP"                 # the competent agency; "any" or omitted (appeals only): the agency addressed
//! term_working_days = 8           # optional, default 15 (APPC art. 76)
//! decision = "Birth allowance"    # applications only: the DMN decision whose result is the outcome
//!
//! [name]                          # the service's name in each language
//! kk = "…"
//! ru = "…"
//! en = "…"
//!
//! [[legal_basis]]                 # what the service rests on; repeat
//! act = "Social Code of the Republic of Kazakhstan No. 224-VII of 20.04.2023"
//! article = "art. …"              # optional
//! verified = false                # checked against the official text?
//! note = "…"                      # optional: what was or was not checked
//!
//! [[document]]                    # a document required, by name; repeat
//! kk = "…"
//! ru = "…"
//! en = "…"
//!
//! [[input]]                       # applications: one per input data the decision reads
//! name = "Birth order"            #   (the dated parameters excepted)
//! type = "number"                 # number | boolean | date | string
//! claim = "birth_order"           # the key the applicant states it under …
//! registry = "youngest_child_birth_order"  # … and/or the registry fact (sheshim_registry::FactName)
//! # derived = "…"                 # or: a FEEL expression over the inputs that are not
//! #                               #   derived and the dated parameters
//!
//! [outcome]                       # applications: how the decision's result is read
//! eligible = "eligible"           # the boolean field: granted / denied (null: no outcome)
//! amount = "amount"               # optional: the field holding the amount in tenge
//!
//! [automation]                    # applications: per outcome, "automatic" | "draft" | "human"
//! granted = "automatic"
//! denied = "draft"
//! min_confidence = 0.6            # below this classification confidence, a person decides
//!
//! [appeal_route]                  # where and within what term the answer may be appealed
//! to = { kk = "…", ru = "…", en = "…" }
//! term_months = 3                 # or term_working_days = N
//! legal_basis = [{ act = "…", article = "art. 91", verified = false }]
//!
//! [limits]                        # optional: the evaluation budget (see [`Settings`])
//! steps = 5000000
//! ```
//!
//! Every input has one kind of source: `registry` (with `claim` too, it means "the applicant
//! states it and the registry checks it"), `claim` alone, or `derived`. At load every input
//! data the decision reads (directly or through other decisions) must be listed or be a
//! dated parameter, no listed input may be unknown to the model, registry facts must exist
//! and give the input's type, and derived expressions must parse. A broken service names
//! its file and field; [`Catalogue::load`] stops at the first.
//!
//! Answers are [Fluent](https://projectfluent.org) messages, rendered as plain text (no
//! bidi isolation marks) by [`Service::render`]; Kazakh is written in Cyrillic and given in
//! the 2021 Latin alphabet by [`Service::render_in`]. Each service also gives its templates
//! `$service` (its name), `$term_days`, `$appeal_to` and `$appeal_term`. Every message must
//! exist in all three languages (checked at load).
//!
//! The legal passages a service cites are kept beside it as text, `law/*.md` with a TOML
//! front matter (see [`LegalPassage`]), and read by [`catalogue_passages`] for retrieval.
//!
//! Each service is versioned by the SHA-256 of its files and the shared pieces it uses
//! ([`Service::version`]); every decision should record that version. For an application,
//! [`Service::parse_claims`] type-checks what the applicant states,
//! [`Service::build_inputs`] builds the decision's inputs from claims, registry values and
//! derived expressions (reporting every claim the registry contradicts and every fact it
//! did not give), [`Service::decide`] decides as of a date, [`Service::outcome`] reads the
//! result as granted / denied / none with its [`Amount`], and [`Service::automation_for`]
//! says what the service's policy allows for that outcome.
//!
//! Models are loaded strictly: a name no element defines is an error when the service
//! loads, and an input the model does not have is an error when it decides. This crate
//! reads the folders (its only I/O) and decides with the pure engine crates. [`Rules`] —
//! models and dated parameters, from a folder or from files named on the command line —
//! decide as of a date; a [`Decided`] serialises as the JSON answer `sheshim decide` prints
//! (result, parameters with their legal sources, and the trace when asked for).

mod answer;
mod case;
mod catalogue;
mod check;
mod definition;
mod error;
mod inputs;
mod law;
mod outcome;
mod rules;
mod service;
mod settings;
mod templates;

pub use case::{CaseResult, ServiceCase};
pub use catalogue::Catalogue;
pub use definition::{
    AppealRoute, Automation, AutomationPolicy, Citation, DEFAULT_TERM_WORKING_DAYS, Definition,
    Names, OutcomeFields, RouteTerm, ServiceKind,
};
pub use inputs::{
    BuiltInputs, ClaimDifference, ClaimError, Claims, InputSource, InputSpec, InputType, fact_value,
};
pub use law::{COMMON_FOLDER, LAW_FOLDER, LegalPassage, catalogue_passages, load_passages};
pub use outcome::{Amount, Outcome};
pub use rules::{Decided, Rules, Tracing};
pub use service::{MAX_FILE_BYTES, Service, ServiceError, read_text};
pub use settings::{Settings, SettingsError};
pub use templates::{APPEAL_MESSAGES, APPLICATION_MESSAGES, AnswerArg, format_date};
