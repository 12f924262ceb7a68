//! What each subcommand does, and how its result is printed (text, or one JSON object with
//! `--json`).

use std::{path::PathBuf, process::ExitCode};

use alloy::{
    primitives::{hex, Address, Bytes, B256, U256},
    providers::Provider,
    signers::local::PrivateKeySigner,
};
use anyhow::{anyhow, bail, Context, Result};
use prime::{
    book::AddressBook,
    demo::{run_demo, ANVIL_KEY_5},
    deploy::{CreatePath, ANVIL_KEY_0, ANVIL_KEY_1, ANVIL_KEY_9},
    devnode::{self, NodeDir, NodeOptions, Started},
    ops::{Blacklist, Invalidation, Invite, NodeCall, Prime, Record, TxOutcome},
    sign,
    tx::read_provider,
    units::{format_tokens, Time},
    DeployOptions, RevertDecoder, Sender,
};
use serde_json::json;

use crate::cli::*;

const DEFAULT_RPC: &str = "http://127.0.0.1:8547";

pub async fn run(cli: Cli) -> Result<ExitCode> {
    let g = &cli.global;
    match &cli.cmd {
        Cmd::Deploy(a) => deploy(g, a).await,
        Cmd::Devnode(c) => devnode_cmd(g, c).await,
        Cmd::Node(NodeCmd::Sign { provider, node_key }) => {
            let key = signer(node_key)?;
            let sig = sign::sign_node(&key, *provider);
            emit(
                g,
                json!({"provider": provider.to_checksum(None), "node": key.address().to_checksum(None), "signature": hex::encode_prefixed(sig)}),
                hex::encode_prefixed(sig),
            );
            Ok(ExitCode::SUCCESS)
        }
        Cmd::Pool(PoolCmd::Invite {
            domain,
            pool,
            node,
            nonce,
            expiration,
        }) => {
            let key = g.private_key.ok_or_else(|| {
                anyhow!("the invite is signed by the pool's compute manager: pass --private-key <manager key> or set PRIVATE_KEY")
            })?;
            let exp = match expiration {
                Time::Unix(t) => *t,
                Time::FromNow(d) => {
                    let url = rpc(g);
                    let p = read_provider(&url)?;
                    devnode::latest_timestamp(&p)
                        .await
                        .map_err(|e| anyhow!("reading the chain's time at {url} (for --expiration {d}s from now): {e}"))?
                        + d
                }
            };
            let sig = sign::sign_invite(
                &signer(&key)?,
                *domain,
                *pool,
                *node,
                *nonce,
                U256::from(exp),
            );
            emit(
                g,
                json!({"domain": domain.to_string(), "pool": pool.to_string(), "node": node.to_checksum(None),
                       "nonce": nonce.to_string(), "expiration": exp.to_string(), "signature": hex::encode_prefixed(sig)}),
                hex::encode_prefixed(sig),
            );
            Ok(ExitCode::SUCCESS)
        }
        _ => operate(g, &cli.cmd).await,
    }
}

fn signer(key: &B256) -> Result<PrivateKeySigner> {
    PrivateKeySigner::from_bytes(key).map_err(|e| anyhow!("not a valid private key: {e}"))
}

fn rpc(g: &Global) -> String {
    g.rpc_url.clone().unwrap_or_else(|| DEFAULT_RPC.to_string())
}

/// Prints `json` with --json, else `text`.
fn emit(g: &Global, json: serde_json::Value, text: impl AsRef<str>) {
    if g.json {
        println!("{json}");
    } else {
        println!("{}", text.as_ref().trim_end());
    }
}

fn emit_record(g: &Global, r: &Record) {
    emit(g, r.to_json(), r.to_text());
}

/// Prints a transaction's outcome, with `extra` fields (JSON) and lines (text).
fn emit_tx(g: &Global, o: &TxOutcome, extra: &[(&str, serde_json::Value, String)]) {
    if g.json {
        let mut m = serde_json::Map::new();
        m.insert("call".into(), o.what.clone().into());
        m.insert("tx".into(), o.hash.to_string().into());
        m.insert("block".into(), o.block.into());
        m.insert("gasUsed".into(), o.gas_used.into());
        for (k, v, _) in extra {
            m.insert(k.to_string(), v.clone());
        }
        m.insert(
            "events".into(),
            o.events.iter().map(|e| e.to_json()).collect(),
        );
        println!("{}", serde_json::Value::Object(m));
    } else {
        println!(
            "{}: ok (tx {}, block {}, gas {})",
            o.what, o.hash, o.block, o.gas_used
        );
        for e in &o.events {
            println!("  {}", e.display());
        }
        for (_, _, t) in extra.iter().filter(|(_, _, t)| !t.is_empty()) {
            println!("{t}");
        }
    }
}

fn book(g: &Global) -> Result<AddressBook> {
    let file = g
        .deployments
        .clone()
        .unwrap_or_else(|| prime::repo_root().join("release/deployments.json"));
    AddressBook::load(&file)?.with_overrides(&g.addresses)
}

/// Whether `cmd` sends a transaction (and so needs a key, checked before anything else).
fn sends(cmd: &Cmd) -> bool {
    !matches!(
        cmd,
        Cmd::Token(TokenCmd::Balance { .. })
            | Cmd::Provider(ProviderCmd::Show { .. })
            | Cmd::Node(NodeCmd::Show { .. } | NodeCmd::Sign { .. })
            | Cmd::Pool(PoolCmd::Show { .. } | PoolCmd::Invite { .. })
            | Cmd::Rewards(RewardsCmd::Show { .. })
            | Cmd::Stake(StakeCmd::Show { .. })
            | Cmd::Deploy(_)
            | Cmd::Devnode(_)
    )
}

async fn operate(g: &Global, cmd: &Cmd) -> Result<ExitCode> {
    if sends(cmd) && g.private_key.is_none() {
        bail!("this command sends a transaction: pass --private-key <key> or set PRIVATE_KEY");
    }
    let p = Prime::new(&rpc(g), g.private_key, book(g)?)?;
    match cmd {
        Cmd::Token(c) => match c {
            TokenCmd::Mint { to, amount } => emit_tx(g, &p.token_mint(*to, *amount).await?, &[]),
            TokenCmd::Approve { amount, spender } => {
                let spender = match spender {
                    Some(s) => *s,
                    None => p.contract("PrimeNetwork").await?,
                };
                emit_tx(g, &p.token_approve(spender, *amount).await?, &[])
            }
            TokenCmd::Balance { account } => {
                let a = p.account_or_self(*account, "--account")?;
                let b = p.token_balance(a).await?;
                emit(
                    g,
                    json!({"account": a.to_checksum(None), "balance": b.to_string()}),
                    format!("{} AI ({b} wei)", format_tokens(b)),
                )
            }
        },
        Cmd::Provider(c) => match c {
            ProviderCmd::Register { stake } => {
                let o = p.provider_register(*stake).await?;
                let me = p.signer_address()?;
                let listed = p.is_whitelisted(me).await?;
                if !listed {
                    eprintln!(
                        "warning: provider {me} is registered but not whitelisted, so it cannot add nodes yet: \
                         the validator runs `prime provider whitelist --provider {me}` (after registering: registering resets the flag)"
                    );
                }
                emit_tx(g, &o, &[("whitelisted", listed.into(), String::new())])
            }
            ProviderCmd::Deregister { provider } => {
                let a = p.account_or_self(*provider, "--provider")?;
                emit_tx(g, &p.provider_deregister(a).await?, &[])
            }
            ProviderCmd::Whitelist { provider } => {
                emit_tx(g, &p.provider_whitelist(*provider).await?, &[])
            }
            ProviderCmd::Show { provider } => {
                let a = p.account_or_self(*provider, "--provider")?;
                emit_record(g, &p.provider_show(a).await?)
            }
        },
        Cmd::Node(c) => match c {
            NodeCmd::Add {
                node_key,
                node,
                signature,
                compute_units,
                specs_uri,
            } => {
                let provider = p.signer_address()?;
                let (node, sig) = match (node_key, node, signature) {
                    (Some(k), _, _) => {
                        let k = signer(k)?;
                        (k.address(), Bytes::from(sign::sign_node(&k, provider)))
                    }
                    (None, Some(n), Some(s)) => (*n, s.clone()),
                    _ => bail!(
                        "pass --node-key <node key> (or NODE_KEY), or --node <address> with --signature from `prime node sign`"
                    ),
                };
                emit_tx(
                    g,
                    &p.node_add(node, specs_uri, *compute_units, sig).await?,
                    &[],
                )
            }
            NodeCmd::Validate { provider, node } => emit_tx(
                g,
                &p.node_call(NodeCall::Validate, *provider, *node).await?,
                &[],
            ),
            NodeCmd::Invalidate { provider, node } => emit_tx(
                g,
                &p.node_call(NodeCall::Invalidate, *provider, *node).await?,
                &[],
            ),
            NodeCmd::Remove { provider, node } => {
                let a = p.account_or_self(*provider, "--provider")?;
                emit_tx(g, &p.node_call(NodeCall::Remove, a, *node).await?, &[])
            }
            NodeCmd::Show { node } => emit_record(g, &p.node_show(*node).await?),
            NodeCmd::Sign { .. } => unreachable!("handled offline"),
        },
        Cmd::Domain(DomainCmd::Create {
            name,
            validation_logic,
            uri,
        }) => {
            let v = match validation_logic {
                Some(v) => *v,
                None => p.contract("WorkValidator").await?,
            };
            let o = p.domain_create(name, v, uri).await?;
            let id = o
                .uint("DomainCreated", "domainId")
                .ok_or_else(|| anyhow!("no DomainCreated event in the receipt"))?;
            emit_tx(
                g,
                &o,
                &[("domain", id.to_string().into(), format!("domain {id}"))],
            )
        }
        Cmd::Pool(c) => match c {
            PoolCmd::Create {
                domain,
                manager,
                name,
                uri,
                compute_limit,
            } => {
                let o = p
                    .pool_create(*domain, *manager, name, uri, *compute_limit)
                    .await?;
                let id = o
                    .uint("ComputePoolCreated", "poolId")
                    .ok_or_else(|| anyhow!("no ComputePoolCreated event in the receipt"))?;
                let d = o
                    .address("NewRewardsDistributor", "rewardsDistributor")
                    .unwrap_or_default();
                emit_tx(
                    g,
                    &o,
                    &[
                        ("pool", id.to_string().into(), format!("pool {id}")),
                        (
                            "distributor",
                            d.to_checksum(None).into(),
                            format!("distributor {d}"),
                        ),
                    ],
                )
            }
            PoolCmd::Start { pool } => emit_tx(g, &p.pool_start_or_end(*pool, true).await?, &[]),
            PoolCmd::End { pool } => emit_tx(g, &p.pool_start_or_end(*pool, false).await?, &[]),
            PoolCmd::Show { pool } => emit_record(g, &p.pool_show(*pool).await?),
            PoolCmd::Join {
                pool,
                node,
                nonce,
                expiration,
                invite,
            } => {
                let n = node.len();
                if nonce.len() != n || expiration.len() != n || invite.len() != n {
                    bail!(
                        "one --nonce, --expiration and --invite per --node, in the same order (got {n} nodes, {} nonces, {} expirations, {} invites)",
                        nonce.len(),
                        expiration.len(),
                        invite.len()
                    );
                }
                let invites: Vec<Invite> = (0..n)
                    .map(|i| Invite {
                        node: node[i],
                        nonce: nonce[i],
                        expiration: expiration[i],
                        signature: invite[i].clone(),
                    })
                    .collect();
                emit_tx(g, &p.pool_join(*pool, &invites).await?, &[])
            }
            PoolCmd::Leave { pool, node } => emit_tx(g, &p.pool_leave(*pool, *node).await?, &[]),
            PoolCmd::Blacklist {
                pool,
                node,
                provider,
            } => {
                let target = match (node, provider) {
                    (Some(n), _) => Blacklist::Node(*n),
                    (None, Some(a)) => Blacklist::Provider(*a),
                    (None, None) => bail!("pass --node or --provider"),
                };
                emit_tx(g, &p.pool_blacklist(*pool, target).await?, &[])
            }
            PoolCmd::Invite { .. } => unreachable!("handled offline"),
        },
        Cmd::Work(c) => match c {
            WorkCmd::Submit {
                pool,
                node,
                key,
                units,
            } => emit_tx(g, &p.work_submit(*pool, *node, *key, *units).await?, &[]),
            WorkCmd::Invalidate {
                pool,
                key,
                penalty,
                soft,
                units,
            } => {
                let how = match (penalty, soft, units) {
                    (Some(p), false, _) => Invalidation::Hard { penalty: *p },
                    (None, true, Some(u)) => Invalidation::Soft { units: *u },
                    _ => bail!("pass --penalty <amount>, or --soft with --units <n>"),
                };
                emit_tx(g, &p.work_invalidate(*pool, *key, how).await?, &[])
            }
        },
        Cmd::Rewards(c) => match c {
            RewardsCmd::Rate { pool, rate } => {
                emit_tx(g, &p.rewards_rate(*pool, *rate).await?, &[])
            }
            RewardsCmd::Show { pool, node } => emit_record(g, &p.rewards_show(*pool, *node).await?),
            RewardsCmd::Claim { pool, node } => {
                let o = p.rewards_claim(*pool, *node).await?;
                let claimed = o.uint("RewardsClaimed", "reward").unwrap_or_default();
                let line = if claimed.is_zero() {
                    "nothing was claimable (rewards unlock 24 h after the work)".to_string()
                } else {
                    format!("claimed {} AI", format_tokens(claimed))
                };
                emit_tx(g, &o, &[("claimed", claimed.to_string().into(), line)])
            }
        },
        Cmd::Stake(c) => match c {
            StakeCmd::Show { provider } => {
                let a = p.account_or_self(*provider, "--provider")?;
                emit_record(g, &p.stake_show(a).await?)
            }
            StakeCmd::Withdraw => emit_tx(g, &p.stake_withdraw().await?, &[]),
        },
        Cmd::Deploy(_) | Cmd::Devnode(_) => unreachable!("dispatched in run"),
    }
    Ok(ExitCode::SUCCESS)
}

fn node_dir(place: &NodePlace) -> NodeDir {
    NodeDir(
        place
            .dir
            .clone()
            .unwrap_or_else(|| prime::repo_root().join("target/devnode")),
    )
}

fn exe() -> Result<PathBuf> {
    std::env::current_exe().context("cannot find the prime binary itself")
}

async fn devnode_cmd(g: &Global, c: &DevnodeCmd) -> Result<ExitCode> {
    match c {
        DevnodeCmd::Start {
            place,
            host,
            accounts,
        } => {
            let o = NodeOptions {
                host: host.clone(),
                port: place.port,
                accounts: *accounts,
            };
            let dir = node_dir(place);
            let url = o.url();
            match devnode::start(&exe()?, &dir, &o).await? {
                Started::AlreadyRunning { chain_id } => emit(
                    g,
                    json!({"url": url, "chainId": chain_id, "started": false}),
                    format!("a node already answers at {url} (chain id {chain_id}); left as it is"),
                ),
                Started::Started { pid, chain_id } => emit(
                    g,
                    json!({"url": url, "chainId": chain_id, "started": true, "pid": pid, "log": dir.log_file()}),
                    format!(
                        "nitro-devnode started at {url} (chain id {chain_id}, pid {pid}, log {}); stop it with `prime devnode stop`",
                        dir.log_file().display()
                    ),
                ),
            }
        }
        DevnodeCmd::Stop { place } => {
            let dir = node_dir(place);
            match devnode::stop(&dir)? {
                Some(pid) => emit(
                    g,
                    json!({"stopped": true, "pid": pid}),
                    format!("stopped the devnode (pid {pid})"),
                ),
                None => emit(
                    g,
                    json!({"stopped": false}),
                    format!(
                        "no devnode started by prime is running (pid file {})",
                        dir.pid_file().display()
                    ),
                ),
            }
        }
        DevnodeCmd::Status { place } => {
            let dir = node_dir(place);
            let url = g
                .rpc_url
                .clone()
                .unwrap_or_else(|| format!("http://127.0.0.1:{}", place.port));
            let pid = dir.running_pid();
            let chain = devnode::chain_id_at(&url).await;
            let block = match chain {
                Some(_) => read_provider(&url)?.get_block_number().await.ok(),
                None => None,
            };
            let text = match (chain, pid) {
                (Some(id), Some(pid)) => format!(
                    "running: {url}, chain id {id}, block {}, pid {pid} (log {})",
                    block.unwrap_or_default(),
                    dir.log_file().display()
                ),
                (Some(id), None) => format!(
                    "a node answers at {url} (chain id {id}, block {}), not started by prime",
                    block.unwrap_or_default()
                ),
                (None, Some(pid)) => format!("pid {pid} is running but {url} does not answer"),
                (None, None) => format!("not running: nothing answers at {url}"),
            };
            emit(
                g,
                json!({"url": url, "answers": chain.is_some(), "chainId": chain, "block": block, "pid": pid}),
                text,
            );
            if chain.is_none() {
                return Ok(ExitCode::FAILURE);
            }
        }
        DevnodeCmd::Run {
            host,
            port,
            accounts,
            chain_id,
            block_time,
        } => {
            let o = NodeOptions {
                host: host.clone(),
                port: *port,
                accounts: *accounts,
            };
            devnode::run_foreground(&o, *chain_id, *block_time, |n| {
                let accounts: Vec<String> = n.accounts().iter().map(|a| a.to_string()).collect();
                println!(
                    "nitro-devnode listening on {} (chain id {}), accounts: {}",
                    n.url(),
                    n.chain()
                        .lock()
                        .map(|c| c.config().chain_id)
                        .unwrap_or_default(),
                    accounts.join(",")
                );
            })
            .await?;
        }
        DevnodeCmd::Advance { duration } => {
            let url = rpc(g);
            let t = devnode::advance(&url, *duration).await?;
            emit(
                g,
                json!({"advanced": duration, "timestamp": t}),
                format!("advanced the clock by {duration} s: block time is now {t}"),
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

async fn deploy(g: &Global, a: &DeployArgs) -> Result<ExitCode> {
    let root = a.root.clone().unwrap_or_else(prime::repo_root);
    let deployer_key = g.private_key.unwrap_or(ANVIL_KEY_0);
    let validator = match a.validator_address {
        Some(v) => v,
        None => signer(&a.validator_key.unwrap_or(ANVIL_KEY_1))?.address(),
    };
    let pool_owner_key = a.pool_owner_key.unwrap_or(ANVIL_KEY_5);

    // No RPC URL: the local devnode, started in the background unless one answers already.
    let mut started: Option<NodeDir> = None;
    let rpc_url = match &g.rpc_url {
        Some(u) => u.clone(),
        None => {
            let o = NodeOptions {
                host: "127.0.0.1".into(),
                port: a.node.port,
                accounts: 11,
            };
            let dir = node_dir(&a.node);
            let url = o.url();
            match devnode::start(&exe()?, &dir, &o).await? {
                Started::AlreadyRunning { chain_id } => eprintln!(
                    "a node already answers at {url} (chain id {chain_id}); deploying to it"
                ),
                Started::Started { pid, chain_id } => {
                    eprintln!(
                        "started nitro-devnode at {url} (chain id {chain_id}, pid {pid}, log {})",
                        dir.log_file().display()
                    );
                    started = Some(dir);
                }
            }
            url
        }
    };
    let result = deploy_to(
        g,
        a,
        &root,
        &rpc_url,
        deployer_key,
        validator,
        pool_owner_key,
    )
    .await;
    if let Some(dir) = &started {
        if a.exit {
            devnode::stop(dir)?;
            eprintln!("stopped the devnode (--exit)");
        } else {
            eprintln!(
                "nitro-devnode keeps running at {rpc_url} (log {}); stop it with: scripts/prime devnode stop",
                dir.log_file().display()
            );
        }
    }
    result
}

async fn deploy_to(
    g: &Global,
    a: &DeployArgs,
    root: &std::path::Path,
    rpc_url: &str,
    deployer_key: B256,
    validator: Address,
    pool_owner_key: B256,
) -> Result<ExitCode> {
    let out = a
        .out
        .clone()
        .or_else(|| g.deployments.clone())
        .unwrap_or_else(|| root.join("release/deployments.json"));
    let mut opts = DeployOptions::new(rpc_url, root);
    opts.deployer_key = deployer_key;
    opts.validator = validator;
    if let Some(d) = &a.artifacts {
        opts.artifacts_dir = d.clone();
    }
    opts.existing_deployments = Some(out.clone());
    opts.force = a.force;
    opts.strict = a.strict;
    opts.verbose = true;
    opts.client_addresses = if a.client_addresses {
        true
    } else if a.no_client_addresses {
        false
    } else {
        deployer_key == ANVIL_KEY_0
    };
    opts.helper_key = a.helper_key.unwrap_or(ANVIL_KEY_9);
    if a.create {
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

    let dep = prime::deploy(&opts).await?;
    eprintln!(
        "deployed {} contract(s) in {:.1} s: {} transactions, gas {}, activation data fees {} ETH",
        dep.contracts.len(),
        dep.elapsed.as_secs_f64(),
        dep.steps.iter().map(|s| s.txs.len()).sum::<usize>(),
        dep.total_gas(),
        alloy::primitives::utils::format_ether(dep.total_data_fee())
    );
    if !g.json {
        println!(
            "\nchain {} at {rpc_url}; deployer/federator {}; validator {}\n",
            dep.chain_id, dep.deployer, dep.validator
        );
        print!("{}", dep.table());
    }

    if !a.no_write {
        if let Some(dir) = out.parent() {
            std::fs::create_dir_all(dir).ok();
        }
        std::fs::write(
            &out,
            serde_json::to_string_pretty(&dep.deployments_json())? + "\n",
        )
        .with_context(|| format!("writing {}", out.display()))?;
        let all = root.join("target/prime-deploy/addresses.json");
        std::fs::create_dir_all(all.parent().unwrap_or(root)).ok();
        std::fs::write(&all, serde_json::to_string_pretty(&dep.all_json())? + "\n")
            .with_context(|| format!("writing {}", all.display()))?;
        eprintln!(
            "wrote {} (and every address to {})",
            out.display(),
            all.display()
        );
    }

    let mut demo_json = serde_json::Value::Null;
    if a.demo {
        let mut decoder = RevertDecoder::new();
        if let Some(d) = &opts.abi_dir {
            decoder = decoder.with_abi_dir(d);
        }
        let fed = Sender::new(rpc_url, deployer_key, decoder)?;
        let st = run_demo(&fed, rpc_url, pool_owner_key, &dep, |m| eprintln!("{m}"))
            .await
            .context("demo")?;
        if !g.json {
            println!(
                "\ndemo: domain {}, pool {} (manager {}), distributor {}",
                st.domain_id, st.pool_id, st.pool_owner, st.distributor
            );
        }
        demo_json = json!({"domain": st.domain_id.to_string(), "pool": st.pool_id.to_string(),
                           "manager": st.pool_owner.to_checksum(None), "distributor": st.distributor.to_checksum(None)});
    }

    if !dep.skipped.is_empty() && a.strict {
        bail!("{} step(s) skipped", dep.skipped.len());
    }
    if g.json {
        println!(
            "{}",
            json!({"chainId": dep.chain_id, "rpcUrl": rpc_url,
                   "deployer": dep.deployer.to_checksum(None), "validator": dep.validator.to_checksum(None),
                   "contracts": dep.all_json(), "deployments": dep.deployments_json(),
                   "gasUsed": dep.total_gas(), "skipped": dep.skipped.iter().map(|(l, w)| format!("{l}: {w}")).collect::<Vec<_>>(),
                   "demo": demo_json})
        );
    } else if let Some(token) = dep.get("AIToken") {
        println!(
            "\ntry: scripts/prime token balance --account {}\n  or: cast call {} \"balanceOf(address)(uint256)\" {} --rpc-url {rpc_url}",
            dep.deployer.to_checksum(None),
            token.to_checksum(None),
            dep.deployer.to_checksum(None)
        );
    }
    Ok(ExitCode::SUCCESS)
}
