//! How long loading a model takes per megabyte, for generated models of 1, 2, 4, 8 and 16 MB:
//! loading must stay linear in the model's size. Prints the median of a few loads per size;
//! nothing is asserted (run with `cargo bench -p sheshim-dmn --bench load`).

use sheshim_dmn::ModelSet;
use std::fmt::Write as _;
use std::time::Instant;

const NS: &str = "https://www.omg.org/spec/DMN/20230324/MODEL/";

/// One decision: a FIRST table over two input data and the previous decision, ten rules.
fn decision(out: &mut String, k: usize) {
    let previous = if k == 0 {
        String::new()
    } else {
        format!(
            r##"<informationRequirement id="ir_{k}_p"><requiredDecision href="#d_{}"/></informationRequirement>"##,
            k - 1
        )
    };
    let _ = write!(
        out,
        r##"<decision id="d_{k}" name="Benefit step {k}"><variable name="Benefit step {k}" typeRef="number"/>
<informationRequirement id="ir_{k}_a"><requiredInput href="#in_age"/></informationRequirement>
<informationRequirement id="ir_{k}_i"><requiredInput href="#in_income"/></informationRequirement>
{previous}
<decisionTable id="dt_{k}" hitPolicy="FIRST">
<input id="i_{k}_a"><inputExpression id="ie_{k}_a" typeRef="number"><text>Applicant age</text></inputExpression></input>
<input id="i_{k}_i"><inputExpression id="ie_{k}_i" typeRef="number"><text>Household income</text></inputExpression></input>
<output id="o_{k}" typeRef="number"/>
"##
    );
    for r in 0..10 {
        let _ = writeln!(
            out,
            r##"<rule id="r_{k}_{r}"><inputEntry id="r_{k}_{r}_a"><text>[{low}..{high})</text></inputEntry><inputEntry id="r_{k}_{r}_i"><text>&lt; {income}</text></inputEntry><outputEntry id="r_{k}_{r}_o"><text>{amount}</text></outputEntry></rule>"##,
            low = r * 9,
            high = r * 9 + 9,
            income = 1000 + r * 100,
            amount = k + r,
        );
    }
    out.push_str("</decisionTable></decision>\n");
}

/// A model of at least `bytes` bytes.
fn model(bytes: usize) -> String {
    let mut out = format!(
        r##"<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="{NS}" name="load" namespace="urn:load" id="defs">
<inputData id="in_age" name="Applicant age"><variable name="Applicant age" typeRef="number"/></inputData>
<inputData id="in_income" name="Household income"><variable name="Household income" typeRef="number"/></inputData>
"##
    );
    let mut k = 0;
    while out.len() < bytes {
        decision(&mut out, k);
        k += 1;
    }
    out.push_str("</definitions>\n");
    out
}

fn main() {
    const MB: usize = 1 << 20;
    println!("size_mb\tmedian_s\ts_per_mb");
    for megabytes in [1usize, 2, 4, 8, 16] {
        let text = model(megabytes * MB);
        let runs = if megabytes <= 4 { 5 } else { 3 };
        let mut times: Vec<f64> = (0..runs)
            .map(|_| {
                let start = Instant::now();
                let loaded = ModelSet::load(&[("load.dmn", text.as_str())]);
                let elapsed = start.elapsed().as_secs_f64();
                if let Err(error) = loaded {
                    eprintln!("the generated model does not load: {error}");
                    std::process::exit(1);
                }
                elapsed
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let size = text.len() as f64 / MB as f64;
        println!("{size:.1}\t{median:.3}\t{:.3}", median / size);
    }
}
