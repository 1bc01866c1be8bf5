//! `sheshim population generate`, `sheshim proactive` and `sheshim simulate`: a service
//! over the whole population registry.
//!
//! The library (`sheshim-proactive`) reads the registry, evaluates, renders the reports and
//! selects the persons written out; this module draws the progress bar, prints and writes
//! the files. Output files hold personal data (IINs, amounts), so they are created readable
//! by their owner only.

use crate::args::{GenerateArgs, ProactiveArgs, ServiceRun, SimulateArgs};
use anyhow::Context as _;
use indicatif::{ProgressBar, ProgressStyle};
use sheshim_population::Attribute;
use sheshim_proactive::{
    Evaluated, Population, ProactiveSpec, Registry, Simulation, eligibility, evaluate, export,
    report, svg,
};
use sheshim_services::Service;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// A progress bar on a terminal (hidden otherwise), counting `total` items.
fn bar(total: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(total);
    if let Ok(style) = ProgressStyle::with_template("{msg:>12} [{bar:40}] {pos}/{len} {elapsed}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(what.to_owned());
    bar
}

/// `sheshim population generate`.
pub fn generate(args: &GenerateArgs) -> anyhow::Result<ExitCode> {
    let options =
        sheshim_population::GenerateOptions::new(args.people, args.seed, args.reference_date);
    if let Some(folder) = args.out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create {}", folder.display()))?;
    }
    let progress = bar(args.people, "generating");
    let started = Instant::now();
    let summary =
        sheshim_population::write_parquet(&args.out, &options, |done| progress.set_position(done))
            .with_context(|| format!("cannot write {}", args.out.display()))?;
    progress.finish_and_clear();
    println!(
        "people={} households={} newborns_last_12_months={} row_groups={} file_bytes={} seconds={:.2}",
        summary.people,
        summary.households,
        summary.newborns_last_12_months,
        summary.row_groups,
        summary.file_bytes,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// The service folder, its proactive spec and the registry columns it needs.
fn load(run: &ServiceRun) -> anyhow::Result<(Service, ProactiveSpec, Registry)> {
    let (services, code, registry, as_of) = (&run.services, &run.service, &run.registry, run.as_of);
    let folder = services.join(code);
    anyhow::ensure!(
        folder.is_dir(),
        "no service {code:?}: {} is not a folder",
        folder.display()
    );
    let service = Service::load(&folder)?;
    let spec = ProactiveSpec::load(&folder)?;
    let spinner = ProgressBar::new_spinner();
    spinner.set_message("reading the registry");
    spinner.enable_steady_tick(std::time::Duration::from_millis(120));
    let registry = Registry::load(registry, as_of, &spec.attributes())
        .with_context(|| format!("cannot read the registry {}", registry.display()))?;
    spinner.finish_and_clear();
    Ok((service, spec, registry))
}

/// Evaluates with a progress bar.
fn evaluate_with_bar(
    service: &Service,
    spec: &ProactiveSpec,
    population: &Population<'_>,
    as_of: chrono::NaiveDate,
    what: &str,
) -> anyhow::Result<Evaluated> {
    let progress = bar(population.len() as u64, what);
    let evaluated = evaluate(service, spec, population, as_of, &|done| {
        progress.set_position(done as u64)
    })?;
    progress.finish_and_clear();
    Ok(evaluated)
}

/// Writes `records` under `header` as CSV to a new file readable by its owner only: the
/// records hold personal data.
fn write_private_csv<const N: usize>(
    path: &Path,
    header: [&str; N],
    records: impl Iterator<Item = [String; N]>,
) -> anyhow::Result<()> {
    let file: File = crate::private::owner_only()
        .create(true)
        .truncate(true)
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    let mut writer = csv::Writer::from_writer(file);
    writer.write_record(header)?;
    for record in records {
        writer.write_record(record)?;
    }
    writer
        .flush()
        .with_context(|| format!("cannot write {}", path.display()))
}

/// `sheshim proactive`.
pub fn proactive(args: &ProactiveArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let (service, spec, registry) = load(&args.run)?;
    let run = &args.run;
    let population = Population::gather(&registry, &spec)?;
    let evaluated = evaluate_with_bar(&service, &spec, &population, run.as_of, "deciding")?;
    print!(
        "{}",
        eligibility::render(
            &run.service,
            run.as_of,
            &population,
            registry.people(),
            &evaluated
        )?
    );
    if let Some(out) = &args.out {
        let records = export::decided(&run.registry, &population, &evaluated)?;
        write_private_csv(out, export::DECIDED_HEADER, records)?;
        println!("written {}", out.display());
    }
    if args.offer {
        crate::offers::write(args, &service, &spec, &population, &evaluated)?;
    }
    println!("seconds={:.2}", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}

/// `sheshim simulate`.
pub fn simulate(args: &SimulateArgs) -> anyhow::Result<ExitCode> {
    let started = Instant::now();
    let (service, spec, registry) = load(&args.run)?;
    let run = &args.run;
    let reformed = service
        .with_reform(&args.reform)
        .with_context(|| format!("cannot apply the reform {}", args.reform.display()))?;
    let population = Population::gather(&registry, &spec)?;
    let baseline = evaluate_with_bar(&service, &spec, &population, run.as_of, "in force")?;
    let reform = evaluate_with_bar(&reformed, &spec, &population, run.as_of, "reform")?;
    let simulation = Simulation::compare(&population, &baseline, &reform)?;
    let heading = report::Heading {
        service: &run.service,
        reform: &args.reform.display().to_string(),
        as_of: run.as_of,
        people: registry.people(),
    };
    print!(
        "{}",
        report::render(&heading, &population, &baseline, &reform, &simulation)?
    );
    if let Some(out) = &args.out {
        let records = export::compared(&population, &baseline, &reform)?;
        write_private_csv(out, export::COMPARED_HEADER, records)?;
        println!("written {}", out.display());
    }
    let plot = args
        .plot
        .clone()
        .unwrap_or_else(|| PathBuf::from(format!("simulate-{}.svg", run.service)));
    let regions = simulation
        .breakdowns()?
        .into_iter()
        .find(|(name, _)| name == Attribute::REGION.name())
        .map(|(_, lines)| lines)
        .unwrap_or_default();
    let title = format!(
        "{}: {} on {}",
        run.service,
        args.reform.display(),
        run.as_of
    );
    std::fs::write(&plot, svg::cost_by_region(&title, &regions))
        .with_context(|| format!("cannot write {}", plot.display()))?;
    println!("plot {}", plot.display());
    println!("seconds={:.2}", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}
