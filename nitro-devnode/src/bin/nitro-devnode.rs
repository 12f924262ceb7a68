//! `nitro-devnode`: runs the local Stylus dev chain.

use nitro_devnode::{chain::StateDump, Devnode};
use std::{
    process::ExitCode,
    time::{Duration, Instant},
};

const HELP: &str = "nitro-devnode — local Arbitrum Stylus dev chain (real WASM via wasmi, EVM via revm)

USAGE: nitro-devnode [OPTIONS]

OPTIONS:
  --host <ADDR>          listen address [default: 127.0.0.1]
  -p, --port <PORT>      listen port (0 = any free port) [default: 8547]
  --chain-id <ID>        chain id [default: 412346]
  -a, --accounts <N>     prefunded dev accounts: nitro dev key, then anvil's 10 keys, then derived [default: 11]
  -b, --block-time <S>   also mine an empty block every S seconds (0 = instant mining only) [default: 0]
  --threads <N>          HTTP worker threads [default: 4]
  --activation-fee-per-byte <WEI>
                         activation data fee per WASM byte, 0 = free [default: 1000000000]
  --load-state <FILE>    start from a state dump (JSON)
  --dump-state <FILE>    write a state dump (JSON) whenever the chain head changes
  -h, --help             print this help
  -V, --version          print the version";

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("nitro-devnode: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), String> {
    let started = Instant::now();
    let mut b = Devnode::builder();
    let mut dump_path: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let num = |s: String, name: &str| {
            s.parse::<u64>()
                .map_err(|_| format!("{name}: not a number: {s}"))
        };
        match a.as_str() {
            "-h" | "--help" => {
                println!("{HELP}");
                return Ok(());
            }
            "-V" | "--version" => {
                println!("nitro-devnode {}", env!("CARGO_PKG_VERSION"));
                return Ok(());
            }
            "--host" => b = b.host(val("--host")?),
            "-p" | "--port" => b = b.port(num(val("--port")?, "--port")? as u16),
            "--chain-id" => b = b.chain_id(num(val("--chain-id")?, "--chain-id")?),
            "-a" | "--accounts" => b = b.accounts(num(val("--accounts")?, "--accounts")? as usize),
            "-b" | "--block-time" => b = b.block_time(num(val("--block-time")?, "--block-time")?),
            "--threads" => b = b.threads(num(val("--threads")?, "--threads")? as usize),
            "--arbos-version" => {
                b = b.arbos_version(num(val("--arbos-version")?, "--arbos-version")?)
            }
            "--load-state" => {
                let path = val("--load-state")?;
                let text = std::fs::read_to_string(&path).map_err(|e| format!("{path}: {e}"))?;
                let dump: StateDump =
                    serde_json::from_str(&text).map_err(|e| format!("{path}: {e}"))?;
                b = b.load_state(dump);
            }
            "--dump-state" => dump_path = Some(val("--dump-state")?),
            other => return Err(format!("unknown option {other} (see --help)")),
        }
    }
    let node = b.spawn().map_err(|e| format!("cannot start: {e}"))?;
    let accounts: Vec<String> = node.accounts().iter().map(|a| a.to_string()).collect();
    println!(
        "nitro-devnode listening on {} chain-id {} ready in {} ms, accounts: {}",
        node.url(),
        node.chain()
            .lock()
            .map(|c| c.config().chain_id)
            .unwrap_or_default(),
        started.elapsed().as_millis(),
        accounts.join(",")
    );
    let chain = node.chain();
    let mut last_head = u64::MAX;
    loop {
        std::thread::sleep(Duration::from_secs(1));
        if let Some(path) = &dump_path {
            let dump = {
                let c = chain.lock().unwrap_or_else(|e| e.into_inner());
                (c.head().number != last_head).then(|| {
                    last_head = c.head().number;
                    c.dump()
                })
            };
            if let Some(d) = dump {
                let tmp = format!("{path}.tmp");
                let text = serde_json::to_string_pretty(&d).map_err(|e| e.to_string())?;
                std::fs::write(&tmp, text)
                    .and_then(|_| std::fs::rename(&tmp, path))
                    .map_err(|e| format!("{path}: {e}"))?;
            }
        }
    }
}
