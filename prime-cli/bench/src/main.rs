//! `prime-bench`: see the library's documentation; `scripts/bench-gas.sh` runs it.

use std::{
    path::{Path, PathBuf},
    process::{Command, ExitCode},
    time::{SystemTime, UNIX_EPOCH},
};

use anyhow::{anyhow, bail, Context, Result};
use clap::Parser;
use prime_bench::{
    chart,
    flow::{run_flow, Caching, FlowOptions},
    report::{self, Provenance},
};

/// Runs the protocol's flow twice on fresh in-process devnodes (programs uncached, then
/// cached through ArbWasmCache), prints per step the gas, the Stylus program entries, the
/// reference's gas and the ratio, and writes docs/gas.md, docs/gas.svg and the README's
/// summary.
#[derive(Parser, Debug)]
#[command(name = "prime-bench", version)]
struct Args {
    /// The contract artifacts (`<crate>.code`), default `target/stylus`.
    #[arg(long, value_name = "DIR")]
    artifacts: Option<PathBuf>,
    /// Print the results only; write nothing.
    #[arg(long)]
    no_write: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(a) => a,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    match run(args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("prime-bench: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<()> {
    let root = prime::repo_root();
    let artifacts = args
        .artifacts
        .clone()
        .unwrap_or_else(|| root.join("target/stylus"));
    let sizes = program_sizes(&artifacts)?;
    let progress = |m: &str| eprintln!("{m}");
    let mut runs = vec![];
    for caching in [Caching::Uncached, Caching::Cached] {
        let mut o = FlowOptions::new(caching);
        o.artifacts_dir = artifacts.clone();
        eprintln!("==> run {}: a fresh devnode", caching.name());
        runs.push(
            run_flow(&o, progress)
                .await
                .with_context(|| format!("the {} run", caching.name()))?,
        );
    }
    let (uncached, cached) = (&runs[0], &runs[1]);
    let p = Provenance {
        date: report::utc_date(SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs()),
        commit: commit(&root),
        metering: Provenance::metering_of(uncached.arbos_version),
    };
    let targets = report::targets(uncached, cached, &sizes);
    println!(
        "\nGas per step ({}; reference: the Solidity contracts' EVM gas, issue 13)\n",
        p.metering
    );
    print!("{}", report::text_table(uncached, cached));
    println!("\nTargets (issue 13):");
    print!("{}", report::text_targets(&targets));
    println!(
        "\nPrograms entered (from the stylusTracer's traces), their entry charges \
         (programInitGas × entries, uncached / cached) and the programs' execution \
         (ink between hostios, in gas):"
    );
    for st in &uncached.steps {
        let charges = |r: &prime_bench::flow::FlowRun| {
            r.step(st.step)
                .and_then(|x| r.entry_charges(&x.entries))
                .map_or("?".into(), report::thousands)
        };
        println!(
            "  {:<27} {:>2}  {:>8} / {:>7}  {:>6}  {}",
            st.step.label(),
            st.entries.total(),
            charges(uncached),
            charges(cached),
            report::thousands(st.entries.execution_gas()),
            uncached.describe_entries(&st.entries)
        );
    }
    if args.no_write {
        return Ok(());
    }
    let doc = root.join("docs/gas.md");
    let svg = root.join("docs/gas.svg");
    write(&svg, &chart::svg(uncached, cached, &p)?)?;
    write(
        &doc,
        &report::markdown(uncached, cached, &targets, &p, "gas.svg"),
    )?;
    let readme = root.join("README.md");
    let text = std::fs::read_to_string(&readme)
        .with_context(|| format!("reading {}", readme.display()))?;
    let block = report::readme_block(uncached, cached, &targets, &p);
    write(&readme, &report::replace_readme_block(&text, &block)?)?;
    eprintln!(
        "\nwrote {}, {} and the summary in {}",
        doc.display(),
        svg.display(),
        readme.display()
    );
    Ok(())
}

fn write(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("writing {}", path.display()))
}

/// Compressed size of every program artifact (`<crate>.code`), by crate.
fn program_sizes(dir: &Path) -> Result<Vec<(String, usize)>> {
    let mut v = vec![];
    let entries = std::fs::read_dir(dir).with_context(|| {
        format!(
            "reading {}: build the contracts first (scripts/build-contracts.sh)",
            dir.display()
        )
    })?;
    for e in entries {
        let path = e?.path();
        if path.extension().is_some_and(|x| x == "code") {
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .ok_or_else(|| anyhow!("{}: not a UTF-8 name", path.display()))?;
            v.push((name.to_string(), std::fs::metadata(&path)?.len() as usize));
        }
    }
    if v.is_empty() {
        bail!(
            "no <crate>.code in {}: build the contracts first (scripts/build-contracts.sh)",
            dir.display()
        );
    }
    v.sort();
    Ok(v)
}

/// `git rev-parse --short=12 HEAD`, marked when the measured sources (contracts/, crates/)
/// have uncommitted changes; `unknown` outside a git checkout.
fn commit(root: &Path) -> String {
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    match git(&["rev-parse", "--short=12", "HEAD"]) {
        None => "unknown".into(),
        Some(c) => match git(&["status", "--porcelain", "--", "contracts", "crates"]) {
            Some(s) if !s.is_empty() => {
                format!("{c} (with uncommitted changes in contracts/ or crates/)")
            }
            _ => c,
        },
    }
}
