//! `sheshim`: the command-line entry point. Parses arguments and hands each command to its
//! module; anything that fails is reported with its chain of causes and a non-zero exit.

mod args;
mod audit;
mod bench;
mod bench_batch;
mod bench_decide;
mod bench_dedup;
mod bench_embed;
mod bench_flow;
mod bench_kzgovdata;
mod bench_links;
mod bench_queue;
mod bench_topics;
mod bench_triage;
mod case;
mod classify;
mod clock;
mod deadline;
mod decide;
mod demo;
mod demo_cases;
mod demo_flow;
mod embedding;
mod grounding;
mod issued;
mod keys;
mod logging;
mod models;
mod offers;
mod private;
mod proactive;
mod read;
mod registry;
mod replay;
mod search;
mod serve;
mod service;
mod tck;
mod timing;
mod triage;
mod users;

use args::{
    AuditCommand, BenchCommand, CaseCommand, Cli, ClientCommand, Command, KeyCommand,
    ModelsCommand, PopulationCommand, RegistryCommand, UserCommand,
};
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    logging::init(cli.log_format);
    let result = match run_sync(cli.command) {
        Ok(result) => result,
        Err(command) => tokio_main(*command),
    };
    match result {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// Whether a command serves or loads over the network, and so needs the async runtime.
fn needs_runtime(command: &Command) -> bool {
    matches!(
        command,
        Command::Serve(_)
            | Command::Demo(_)
            | Command::Migrate(_)
            | Command::Audit(_)
            | Command::Key(KeyCommand::Rotate(_))
            | Command::Case(_)
            | Command::Registry(_)
            | Command::Replay(_)
            | Command::Bench(BenchCommand::Intake(_))
            | Command::Bench(BenchCommand::Flow(_))
            | Command::Bench(BenchCommand::Queue(_))
            | Command::User(_)
            | Command::Client(_)
    )
}

/// Runs a command that needs no async runtime, or gives it back.
fn run_sync(command: Command) -> Result<anyhow::Result<ExitCode>, Box<Command>> {
    if needs_runtime(&command) {
        return Err(Box::new(command));
    }
    // A command that prints stops quietly when its reader goes away (`sheshim … | head`)
    // instead of panicking on the broken pipe. The server keeps Rust's default (ignore the
    // signal, get an error), so a client hanging up never kills it.
    sigpipe::reset();
    Ok(match command {
        Command::Deadline(args) => deadline::run(&args),
        Command::Key(KeyCommand::Generate(args)) => keys::generate(&args),
        Command::Tck(args) => tck::run(&args),
        Command::Models(ModelsCommand::Fetch(args)) => models::fetch(&args),
        Command::Models(ModelsCommand::Check(args)) => models::check(&args),
        Command::Service(command) => service::run(&command),
        Command::Decide(args) => decide::run(&args),
        Command::Train(args) => classify::train(&args),
        Command::Eval(args) => classify::eval(&args),
        Command::Triage(args) => triage::run(&args),
        Command::Search(args) => search::run(&args),
        Command::Population(PopulationCommand::Generate(args)) => proactive::generate(&args),
        Command::Proactive(args) => proactive::proactive(&args),
        Command::Simulate(args) => proactive::simulate(&args),
        Command::Bench(BenchCommand::Decide(args)) => bench_decide::run(&args),
        Command::Bench(BenchCommand::Triage(args)) => bench_triage::run(&args),
        Command::Bench(BenchCommand::Batch(args)) => bench_batch::run(&args),
        Command::Bench(BenchCommand::Embed(args)) => bench_embed::run(&args),
        Command::Bench(BenchCommand::Kzgovdata(args)) => bench_kzgovdata::run(&args),
        Command::Bench(BenchCommand::Dedup(args)) => bench_dedup::run(&args),
        Command::Bench(BenchCommand::Links(args)) => bench_links::run(&args),
        Command::Bench(BenchCommand::Topics(args)) => bench_topics::run(&args),
        other => return Err(Box::new(other)),
    })
}

/// Runs the commands that need the async runtime.
fn tokio_main(command: Command) -> anyhow::Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match command {
            Command::Serve(args) => serve::run(&args).await,
            Command::Demo(args) => demo::run(&args).await,
            Command::Migrate(args) => serve::migrate(&args).await,
            Command::Audit(AuditCommand::Verify(args)) => audit::verify(&args).await,
            Command::Audit(AuditCommand::Anchor(args)) => audit::anchor(&args).await,
            Command::Key(KeyCommand::Rotate(args)) => keys::rotate(&args).await,
            Command::Case(CaseCommand::Export(args)) => case::export(&args).await,
            Command::Registry(RegistryCommand::Load(args)) => registry::load(&args).await,
            Command::Replay(args) => replay::run(&args).await,
            Command::Bench(BenchCommand::Intake(args)) => bench::intake(&args).await,
            Command::Bench(BenchCommand::Flow(args)) => bench_flow::run(&args).await,
            Command::Bench(BenchCommand::Queue(args)) => bench_queue::run(&args).await,
            Command::User(UserCommand::Add(args)) => users::add_user(&args).await,
            Command::Client(ClientCommand::Add(args)) => users::add_client(&args).await,
            other => match run_sync(other) {
                Ok(result) => result,
                Err(other) => anyhow::bail!("no runner for {:?}", *other),
            },
        }
    })
}
