//! What activation computes for Stylus programs (a report, not a test): validates and
//! instruments each raw `.wasm` as the devnode's activation does, checks that wasmi compiles
//! the result, and prints the cost model's inputs (nitro-metering.md §5), initCost,
//! cachedCost, the gas to enter the program uncached (9,184 + initCost + cachedCost) and
//! cached (352 + cachedCost), the module-pricing part of activation gas (§7), the operator
//! counts before and after instrumentation, and the time instrumentation took.
//!
//!     cargo run --release --example activation-costs -- ../target/stylus/*.wasm
//!
//! `--arbos <version>` sets the ArbOS version (default 51).

use nitro_devnode::stylus::instrument::{instrument, InstrumentConfig};
use std::time::{Duration, Instant};

fn main() {
    let mut cfg = InstrumentConfig::default();
    let mut paths = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--arbos" {
            cfg.arbos_version = match args.next().and_then(|v| v.parse().ok()) {
                Some(v) => v,
                None => fail("--arbos needs a version number"),
            };
        } else {
            paths.push(a);
        }
    }
    if paths.is_empty() {
        fail("usage: activation-costs [--arbos N] file.wasm...");
    }
    let engine = wasmi::Engine::default();
    println!(
        "{:<46} {:>4} {:>5} {:>6} {:>3} {:>5} {:>3} {:>5} {:>5} {:>8} {:>6} {:>9} {:>6} {:>6} {:>8}",
        "program", "F", "T", "W", "G", "D", "P", "init", "cache", "uncached", "cached",
        "act. gas", "ops", "ops'", "time"
    );
    let mut failed = false;
    for path in &paths {
        let name = path.rsplit('/').next().unwrap_or(path);
        let wasm = match std::fs::read(path) {
            Ok(w) => w,
            Err(e) => fail(&format!("{path}: {e}")),
        };
        // Best of a few runs: the first one pays for cold caches.
        let mut best = Duration::MAX;
        let mut result = None;
        for _ in 0..5 {
            let t = Instant::now();
            let r = instrument(&wasm, &cfg);
            best = best.min(t.elapsed());
            result = Some(r);
        }
        let m = match result.expect("ran at least once") {
            Ok(m) => m,
            Err(e) => {
                println!("{name:<46} rejected: {e}");
                failed = true;
                continue;
            }
        };
        if let Err(e) = wasmi::Module::new(&engine, &m.wasm[..]) {
            println!("{name:<46} wasmi rejects the instrumented module: {e}");
            failed = true;
            continue;
        }
        let c = m.counts;
        println!(
            "{:<46} {:>4} {:>5} {:>6} {:>3} {:>5} {:>3} {:>5} {:>5} {:>8} {:>6} {:>9} {:>6} {:>6} {:>6.2}ms",
            name,
            c.functions,
            c.params_results,
            c.wasm_size,
            c.globals,
            c.segment_bytes,
            c.footprint,
            m.init_cost,
            m.cached_cost,
            9_184 + u64::from(m.init_cost) + u64::from(m.cached_cost),
            352 + u64::from(m.cached_cost),
            m.activation_gas,
            c.ops_before,
            c.ops_after,
            best.as_secs_f64() * 1e3,
        );
    }
    if failed {
        std::process::exit(1);
    }
}

fn fail(msg: &str) -> ! {
    eprintln!("activation-costs: {msg}");
    std::process::exit(2);
}
