//! `prime-deploy`: deploys and wires the Prime protocol (see `docs/deploy.md`).
//!
//! ```text
//! prime-deploy [--rpc-url URL] [--force] [--strict] [--demo] [--no-write] [--keep-running|--exit]
//!              [--client-addresses|--no-client-addresses] [--create]
//!              [--artifacts DIR] [--out FILE] [--root DIR]
//! ```
//! Environment: `RPC_URL` (none: an embedded nitro-devnode is started on 127.0.0.1:8547 and
//! kept running until Ctrl-C, unless `--exit`), `PRIVATE_KEY` (deployer/federator; default
//! anvil #0), `VALIDATOR_ADDRESS` or `VALIDATOR_KEY` (default anvil #1), `POOL_OWNER_KEY`
//! (demo pool owner; default anvil #5), `HELPER_KEY` (client-address helper; default anvil #9).

use std::{path::PathBuf, process::ExitCode};

use alloy::{
    primitives::{Address, B256},
    signers::local::PrivateKeySigner,
};
use anyhow::{anyhow, bail, Context, Result};
use prime_deploy::{
    demo::{run_demo, ANVIL_KEY_5},
    deploy::{CreatePath, ANVIL_KEY_0, ANVIL_KEY_1, ANVIL_KEY_9},
    DeployOptions, RevertDecoder, Sender,
};

const USAGE: &str = "usage: prime-deploy [--rpc-url URL] [--force] [--strict] [--demo] [--no-write] \
[--exit] [--client-addresses|--no-client-addresses] [--create] [--artifacts DIR] [--out FILE] [--root DIR]
  --rpc-url URL   JSON-RPC endpoint (default: $RPC_URL; unset: start the embedded devnode on 127.0.0.1:8547)
  --force         deploy even if the chain already holds a deployment (release/deployments.json
                  addresses have code, or the deployer's nonce is not 0)
  --strict        a missing contract artifact is an error (default: skipped and reported)
  --demo          then create a domain and a compute pool, start it, set its reward rate
  --no-write      do not write release/deployments.json
  --exit          with the embedded devnode: exit after deploying instead of serving until Ctrl-C
  --client-addresses
                  the deployer's own nonces create the deployments.json contracts, as in the
                  reference deploy; with anvil key #0 on a fresh chain these are the addresses the
                  reference client hard-codes. A helper key (HELPER_KEY, default anvil #9)
                  activates and constructs them in separate transactions: local chains only.
                  Default when PRIVATE_KEY is anvil key #0.
  --no-client-addresses
                  deploy every program through the StylusDeployer (atomic: deploy, activate and
                  construct in one transaction), as `cargo stylus deploy` does
  --create        use CREATE + ArbWasm.activateProgram + constructor call even when the chain
                  has a StylusDeployer
env: RPC_URL, PRIVATE_KEY, VALIDATOR_ADDRESS or VALIDATOR_KEY, POOL_OWNER_KEY, HELPER_KEY";

fn key_env(name: &str, default: B256) -> Result<B256> {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => v
            .trim()
            .parse::<B256>()
            .map_err(|e| anyhow!("{name}: not a 32-byte hex private key: {e}")),
        _ => Ok(default),
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("prime-deploy: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<()> {
    let mut rpc_url = std::env::var("RPC_URL")
        .ok()
        .filter(|s| !s.trim().is_empty());
    let (mut force, mut strict, mut demo, mut write, mut exit) = (false, false, false, true, false);
    let (mut client_addresses, mut create): (Option<bool>, bool) = (None, false);
    let mut root = prime_deploy::repo_root();
    let mut artifacts: Option<PathBuf> = None;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = |n: &str| {
            args.next()
                .ok_or_else(|| anyhow!("{n} needs a value\n{USAGE}"))
        };
        match a.as_str() {
            "--rpc-url" => rpc_url = Some(val("--rpc-url")?),
            "--force" => force = true,
            "--strict" => strict = true,
            "--demo" => demo = true,
            "--no-write" => write = false,
            "--exit" => exit = true,
            "--keep-running" => exit = false,
            "--client-addresses" => client_addresses = Some(true),
            "--no-client-addresses" => client_addresses = Some(false),
            "--create" => create = true,
            "--artifacts" => artifacts = Some(val("--artifacts")?.into()),
            "--out" => out = Some(val("--out")?.into()),
            "--root" => root = val("--root")?.into(),
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => bail!("unknown argument {other}\n{USAGE}"),
        }
    }
    let deployer_key = key_env("PRIVATE_KEY", ANVIL_KEY_0)?;
    let validator: Address = match std::env::var("VALIDATOR_ADDRESS")
        .ok()
        .filter(|s| !s.trim().is_empty())
    {
        Some(a) => a
            .trim()
            .parse()
            .map_err(|e| anyhow!("VALIDATOR_ADDRESS: {e}"))?,
        None => PrivateKeySigner::from_bytes(&key_env("VALIDATOR_KEY", ANVIL_KEY_1)?)?.address(),
    };
    let pool_owner_key = key_env("POOL_OWNER_KEY", ANVIL_KEY_5)?;

    // The embedded devnode, when no RPC URL is given.
    let mut node = None;
    let rpc_url = match rpc_url {
        Some(u) => u,
        None => {
            let n = prime_deploy::start_devnode("127.0.0.1", 8547, 11).map_err(|e| {
                anyhow!("cannot start the embedded devnode on 127.0.0.1:8547: {e} (is a node already running? then set RPC_URL=http://127.0.0.1:8547)")
            })?;
            eprintln!(
                "started the embedded nitro-devnode at {} (chain id 412346)",
                n.url()
            );
            let u = n.url();
            node = Some(n);
            u
        }
    };

    let out = out.unwrap_or_else(|| root.join("release/deployments.json"));
    let mut opts = DeployOptions::new(rpc_url.clone(), &root);
    opts.deployer_key = deployer_key;
    opts.validator = validator;
    if let Some(a) = artifacts {
        opts.artifacts_dir = a;
    }
    opts.existing_deployments = Some(out.clone());
    opts.force = force;
    opts.strict = strict;
    opts.verbose = true;
    opts.client_addresses = client_addresses.unwrap_or(deployer_key == ANVIL_KEY_0);
    opts.helper_key = key_env("HELPER_KEY", ANVIL_KEY_9)?;
    if create {
        opts.create_path = CreatePath::Create;
    }
    eprintln!(
        "{}",
        if opts.client_addresses {
            "mode: client addresses (the deployer's nonces create the protocol's contracts, as in the reference deploy)"
        } else {
            "mode: StylusDeployer (each program deployed, activated and constructed in one transaction)"
        }
    );

    let dep = prime_deploy::deploy(&opts).await?;
    eprintln!(
        "deployed {} contract(s) in {:.1} s: {} transactions, gas {}, activation data fees {} ETH",
        dep.contracts.len(),
        dep.elapsed.as_secs_f64(),
        dep.steps.iter().map(|s| s.txs.len()).sum::<usize>(),
        dep.total_gas(),
        alloy::primitives::utils::format_ether(dep.total_data_fee())
    );
    println!(
        "\nchain {} at {rpc_url}; deployer/federator {}; validator {}\n",
        dep.chain_id, dep.deployer, dep.validator
    );
    print!("{}", dep.table());

    if write {
        if let Some(dir) = out.parent() {
            std::fs::create_dir_all(dir).ok();
        }
        std::fs::write(
            &out,
            serde_json::to_string_pretty(&dep.deployments_json())? + "\n",
        )
        .with_context(|| format!("writing {}", out.display()))?;
        let all = root.join("target/prime-deploy/addresses.json");
        std::fs::create_dir_all(all.parent().unwrap()).ok();
        std::fs::write(&all, serde_json::to_string_pretty(&dep.all_json())? + "\n")
            .with_context(|| format!("writing {}", all.display()))?;
        eprintln!(
            "wrote {} (and every address to {})",
            out.display(),
            all.display()
        );
    }

    if demo {
        let mut decoder = RevertDecoder::new();
        if let Some(d) = &opts.abi_dir {
            decoder = decoder.with_abi_dir(d);
        }
        let fed = Sender::new(&rpc_url, deployer_key, decoder)?;
        let st = run_demo(&fed, &rpc_url, pool_owner_key, &dep, |m| eprintln!("{m}"))
            .await
            .context("demo")?;
        println!(
            "\ndemo: domain {}, pool {} (manager {}), distributor {}",
            st.domain_id, st.pool_id, st.pool_owner, st.distributor
        );
    }

    if !dep.skipped.is_empty() && strict {
        bail!("{} step(s) skipped", dep.skipped.len());
    }
    if let Some(token) = dep.get("AIToken") {
        println!(
            "\ntry: cast call {} \"balanceOf(address)(uint256)\" {} --rpc-url {rpc_url}",
            token.to_checksum(None),
            dep.deployer.to_checksum(None)
        );
    }
    if let Some(n) = node {
        if exit {
            n.shutdown();
        } else {
            eprintln!("the embedded devnode keeps serving {rpc_url}; press Ctrl-C to stop it");
            tokio::signal::ctrl_c().await.ok();
            n.shutdown();
        }
    }
    Ok(())
}
