//! `nitro-devnode`: runs the local Stylus dev chain.

use clap::Parser;
use nitro_devnode::{
    chain::{ARBOS_VERSIONS, DEFAULT_ARBOS_VERSION},
    node::read_dump,
    Devnode,
};
use std::{path::PathBuf, process::ExitCode, time::Instant};

/// nitro-devnode — local Arbitrum Stylus dev chain (real WASM via wasmi, EVM via revm).
#[derive(Debug, Parser)]
#[command(version, about)]
struct Args {
    /// Listen address.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Listen port (0 = any free port).
    #[arg(short, long, default_value_t = 8547)]
    port: u16,
    /// Chain id.
    #[arg(long, default_value_t = 412_346)]
    chain_id: u64,
    /// Prefunded dev accounts: nitro-devnode's key, then anvil's 10 keys, then derived ones.
    #[arg(short, long, default_value_t = 11)]
    accounts: usize,
    /// Also mine an empty block every S seconds (0 = instant mining only).
    #[arg(short, long, value_name = "S", default_value_t = 0)]
    block_time: u64,
    /// Threads that execute requests (each with a 512 MiB stack, committed on use).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: u16,
    /// ArbOS version to follow.
    #[arg(long, default_value_t = DEFAULT_ARBOS_VERSION, value_parser = arbos_version)]
    arbos_version: u64,
    /// Start from a state dump (JSON).
    #[arg(long, value_name = "FILE")]
    load_state: Option<PathBuf>,
    /// Write a state dump (JSON) whenever the chain head changes (failed writes are logged
    /// and retried).
    #[arg(long, value_name = "FILE")]
    dump_state: Option<PathBuf>,
}

fn arbos_version(s: &str) -> Result<u64, String> {
    s.parse::<u64>()
        .ok()
        .filter(|v| ARBOS_VERSIONS.contains(v))
        .ok_or_else(|| format!("one of {ARBOS_VERSIONS:?}"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nitro-devnode: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Args) -> Result<(), String> {
    let started = Instant::now();
    let mut b = Devnode::builder()
        .host(args.host)
        .port(args.port)
        .chain_id(args.chain_id)
        .accounts(args.accounts)
        .block_time(args.block_time)
        .threads(usize::from(args.threads))
        .arbos_version(args.arbos_version);
    if let Some(path) = &args.load_state {
        b = b.load_state(read_dump(path)?);
    }
    if let Some(path) = args.dump_state {
        b = b.dump_state(path);
    }
    let node = b.spawn().map_err(|e| format!("cannot start: {e}"))?;
    let accounts: Vec<String> = node.accounts().iter().map(|a| a.to_string()).collect();
    println!(
        "nitro-devnode listening on {} chain-id {} ready in {} ms, accounts: {}",
        node.url(),
        args.chain_id,
        started.elapsed().as_millis(),
        accounts.join(",")
    );
    // Serve until the process is stopped.
    loop {
        std::thread::park();
    }
}
