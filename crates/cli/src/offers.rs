//! `sheshim proactive … --offer`: each person a proactive run found eligible is offered the
//! service in the store (egov's proactive services), with the registry facts the offer rests
//! on and the claims the application will state once the person agrees
//! (`POST /v1/offers/{id}/accept`). Offers are made once per service, person and period;
//! running again in the same period offers only the persons not offered yet.
//!
//! Each offer's access code goes to the person (by SMS in real life); it is printed only
//! with `--print-codes`, for demos. IINs are never printed.

use crate::args::ProactiveArgs;
use crate::keys::open_store;
use anyhow::Context as _;
use chrono::{Datelike, Duration, Utc};
use sheshim_domain::{Iin, ServiceCode};
use sheshim_engine::{OfferDraft, write_offers};
use sheshim_population::{Attribute, CellKind, NULL_CELL};
use sheshim_proactive::{Evaluated, Population, ProactiveSpec, Verdict};
use sheshim_services::{Amount, InputType, Service};
use std::collections::BTreeMap;

/// Offers written per transaction (one audit entry each).
const BATCH: usize = 5_000;

/// A registry cell as the JSON value of a decision input; `None` when missing.
fn cell_value(attribute: Attribute, cell: i64) -> Option<serde_json::Value> {
    if cell == NULL_CELL {
        return None;
    }
    Some(match attribute.kind() {
        CellKind::Integer => serde_json::json!(cell),
        CellKind::Boolean => serde_json::json!(cell != 0),
        CellKind::Code(_) => serde_json::json!(attribute.name_of(cell)),
    })
}

/// The offers of the eligible persons: facts by decision input, claims by claim key.
fn drafts(
    args: &ProactiveArgs,
    service: &Service,
    spec: &ProactiveSpec,
    population: &Population<'_>,
    evaluated: &Evaluated,
) -> anyhow::Result<Vec<OfferDraft>> {
    let code = ServiceCode::parse(&args.run.service)
        .map_err(|e| anyhow::anyhow!("{:?} is not a service code: {e}", args.run.service))?;
    let eligible: Vec<usize> = (0..population.len())
        .filter(|&i| {
            evaluated
                .outcome(evaluated.run.keys[i])
                .is_some_and(|o| o.verdict == Verdict::Eligible)
        })
        .collect();
    let rows: Vec<usize> = eligible.iter().map(|&i| population.row(i)).collect();
    let iins = sheshim_population::iins(&args.run.registry, &rows)?;
    let columns = spec
        .inputs
        .iter()
        .map(|(input, &attribute)| Ok((input.as_str(), attribute, population.column(attribute)?)))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let mut drafts = Vec::with_capacity(eligible.len());
    for (&i, iin) in eligible.iter().zip(iins) {
        let iin = Iin::parse(&iin).map_err(|_| {
            anyhow::anyhow!("registry row {} holds no valid IIN", population.row(i))
        })?;
        let mut facts = BTreeMap::new();
        for (input, attribute, cells) in &columns {
            if let Some(value) = cell_value(*attribute, cells[i]) {
                facts.insert((*input).to_owned(), value);
            }
        }
        // The applicant states what the registry showed, under the service's claim keys, so
        // that the pipeline checks it against the registry as for any application.
        let mut claims = serde_json::Map::new();
        for input in service.input_specs() {
            let (Some(key), Some(value)) = (input.claim(), facts.get(&input.name)) else {
                continue;
            };
            let typed = match input.ty {
                InputType::Number => value.is_number(),
                InputType::Boolean => value.is_boolean(),
                InputType::String => value.is_string(),
                InputType::Date => false,
            };
            if typed {
                claims.insert(key.to_owned(), value.clone());
            }
        }
        let claims = serde_json::Value::Object(claims);
        service.parse_claims(&claims).map_err(|errors| {
            let fields: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
            anyhow::anyhow!(
                "the registry does not give every claim {code} needs, so no offer can be made: {}",
                fields.join("; ")
            )
        })?;
        let outcome = evaluated.outcome(evaluated.run.keys[i]);
        drafts.push(OfferDraft {
            service: code.clone(),
            iin,
            facts: serde_json::to_value(facts)?,
            claims,
            amount_tiyn: outcome
                .and_then(|o| o.amount.as_ref())
                .and_then(Amount::from_tenge)
                .map(Amount::tiyn),
            as_of: args.run.as_of,
        });
    }
    Ok(drafts)
}

/// Writes the offers of a proactive run into the store and prints how many were written.
pub fn write(
    args: &ProactiveArgs,
    service: &Service,
    spec: &ProactiveSpec,
    population: &Population<'_>,
    evaluated: &Evaluated,
) -> anyhow::Result<()> {
    let drafts = drafts(args, service, spec, population, evaluated)?;
    let period = args
        .period
        .clone()
        .unwrap_or_else(|| format!("{:04}-{:02}", args.run.as_of.year(), args.run.as_of.month()));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let (written, kept, expired) = runtime.block_on(async {
        let (store, _) = open_store(&args.db).await?;
        // Offers whose time ran out are closed first, so the store says what is still open.
        let expired = store
            .expire_offers("cli:proactive", Utc::now())
            .await
            .context("lapsed offers cannot be marked expired")?;
        let (mut written, mut kept) = (0usize, 0usize);
        let mut drafts = drafts.into_iter().peekable();
        while drafts.peek().is_some() {
            let batch: Vec<OfferDraft> = drafts.by_ref().take(BATCH).collect();
            let made = write_offers(
                store.as_ref(),
                batch,
                &period,
                Duration::days(i64::from(args.offer_days)),
                "cli:proactive",
                Utc::now(),
            )
            .await
            .context("the offers cannot be written")?;
            for offer in &made {
                match offer {
                    Some(offer) => {
                        written += 1;
                        if args.print_codes {
                            println!(
                                "offer {} access_code {}",
                                offer.id.as_str(),
                                offer.code.display_form()
                            );
                        }
                    }
                    None => kept += 1,
                }
            }
        }
        anyhow::Ok((written, kept, expired))
    })?;
    println!(
        "offers_written={written} offers_already_made={kept} offers_expired={expired} period={period} valid_days={}",
        args.offer_days
    );
    Ok(())
}
