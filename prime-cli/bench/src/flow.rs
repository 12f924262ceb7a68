//! The measured flow: a fresh in-process nitro-devnode, the protocol deployed on it as
//! `scripts/deploy.sh` deploys it (`prime::deploy`, the reference client's addresses), every
//! program optionally cached through ArbWasmCache, then the steps of [`Step::ALL`] sent with
//! `prime::ops` by the flow's actors (the reference client's anvil keys), each traced with
//! the stylusTracer to count the Stylus programs it entered.

use std::path::PathBuf;

use alloy::{
    primitives::{keccak256, utils::parse_ether, Address, B256, U256},
    providers::Provider,
    signers::local::PrivateKeySigner,
};
use anyhow::{anyhow, bail, Context, Result};
use prime::{
    book::AddressBook,
    deploy::{DeployOptions, Deployment},
    devnode::{advance, latest_timestamp},
    ops::{Invite, NodeCall, Prime, TxOutcome},
    sign::{sign_invite, sign_node},
    trace::ProgramEntries,
};

use crate::steps::Step;

/// The flow's parameters: one provider with one node, one pool, the README's amounts.
pub mod params {
    /// Tokens minted to the provider, approved and staked.
    pub const STAKE: &str = "100";
    /// Tokens minted to the distributor before the claim.
    pub const DISTRIBUTOR_FUNDS: &str = "1000";
    /// The node's compute units.
    pub const COMPUTE_UNITS: u64 = 1_000;
    /// The reward per work unit.
    pub const RATE_PER_UNIT: &str = "0.01";
    /// Work units submitted.
    pub const WORK_UNITS: u64 = 1_000;
    /// Time between the work and the claim: the 24 h lock and one ring-buffer hour.
    pub const CLAIM_AFTER_SECS: u64 = 25 * 3600;
    /// StakeManager's unbonding period as deployed (`prime::deploy::protocol_plan`).
    pub const UNBONDING_SECS: u64 = 7 * 24 * 3600;
    /// The invite's expiration (unix time, 2106): a constant, so that the calldata, and so
    /// its gas, is the same in every run.
    pub const INVITE_EXPIRATION: u64 = u32::MAX as u64;
}

/// Whether the protocol's programs are cached before the steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caching {
    /// Every call pays the full entry cost (initGas + cachedGas).
    Uncached,
    /// Every deployed program cached through `ArbWasmCache.cacheProgram`: calls pay cachedGas.
    Cached,
}

impl Caching {
    /// `uncached` / `cached`.
    pub fn name(self) -> &'static str {
        match self {
            Caching::Uncached => "uncached",
            Caching::Cached => "cached",
        }
    }
}

/// One measured transaction.
#[derive(Clone, Debug)]
pub struct StepRun {
    /// Which step.
    pub step: Step,
    /// Its receipt's facts (gas used, events).
    pub tx: TxOutcome,
    /// The Stylus programs it entered.
    pub entries: ProgramEntries,
}

/// An address whose frames run a program.
#[derive(Clone, Debug)]
pub struct Frame {
    /// The frame's address (the tracer's).
    pub address: Address,
    /// Its name: the deploy name, or the clone's.
    pub name: String,
    /// The program its code is: itself, or a clone's implementation.
    pub program: Address,
    /// The program's entry gas (`ArbWasm.programInitGas`): uncached, cached.
    pub entry_gas: (u64, u64),
}

/// One run of the flow on a fresh chain.
#[derive(Clone, Debug)]
pub struct FlowRun {
    /// Cached or not.
    pub caching: Caching,
    /// The steps, in [`Step::ALL`]'s order.
    pub steps: Vec<StepRun>,
    /// The addresses entries are attributed to: each deployed program, and the pool's
    /// distributor clone (EVM code running the implementation program).
    pub frames: Vec<Frame>,
    /// The programs cached before the steps (empty when uncached).
    pub cached: Vec<String>,
    /// The devnode's ArbOS version (its Stylus rules).
    pub arbos_version: u64,
}

impl FlowRun {
    /// The run of `step`.
    pub fn step(&self, step: Step) -> Option<&StepRun> {
        self.steps.iter().find(|s| s.step == step)
    }

    /// Gas of every step, the mint to the distributor included (the whole flow).
    pub fn total_gas(&self) -> u64 {
        self.steps.iter().map(|s| s.tx.gas_used).sum()
    }

    /// Program entries of every step.
    pub fn total_entries(&self) -> usize {
        self.steps.iter().map(|s| s.entries.total()).sum()
    }

    /// The name of address `a` (a deployed contract, the pool's distributor clone), or the
    /// address itself.
    pub fn name_of(&self, a: Address) -> String {
        self.frame(a)
            .map_or_else(|| a.to_checksum(None), |f| f.name.clone())
    }

    fn frame(&self, a: Address) -> Option<&Frame> {
        self.frames.iter().find(|f| f.address == a)
    }

    /// What `e`'s entries pay on entry in this run (programInitGas per entry, uncached or
    /// cached; the memory model's page gas is not included). `None` when an entry is at an
    /// address that is not one of [`FlowRun::frames`].
    pub fn entry_charges(&self, e: &ProgramEntries) -> Option<u64> {
        e.by_address
            .iter()
            .map(|(a, n)| {
                let (uncached, cached) = self.frame(*a)?.entry_gas;
                let each = match self.caching {
                    Caching::Uncached => uncached,
                    Caching::Cached => cached,
                };
                Some(each * *n as u64)
            })
            .sum()
    }

    /// `PrimeNetwork ×2, ComputeRegistry` for a step's entries.
    pub fn describe_entries(&self, e: &ProgramEntries) -> String {
        e.by_address
            .iter()
            .map(|(a, n)| match n {
                1 => self.name_of(*a),
                n => format!("{} ×{n}", self.name_of(*a)),
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// What to run.
#[derive(Clone, Debug)]
pub struct FlowOptions {
    /// Cached or not.
    pub caching: Caching,
    /// The contract artifacts (`target/stylus`).
    pub artifacts_dir: PathBuf,
}

impl FlowOptions {
    /// The whole flow with the repository's artifacts.
    pub fn new(caching: Caching) -> Self {
        Self {
            caching,
            artifacts_dir: prime::repo_root().join("target/stylus"),
        }
    }
}

fn tokens(s: &str) -> U256 {
    parse_ether(s).expect("a constant token amount")
}

/// Runs the flow on a fresh in-process devnode (dropped at the end); `progress` gets one
/// line per stage and step.
pub async fn run_flow(o: &FlowOptions, progress: impl Fn(&str)) -> Result<FlowRun> {
    let node =
        prime::start_devnode("127.0.0.1", 0, 11).context("starting the in-process devnode")?;
    let url = node.url();
    let run = run_on(&node, &url, o, &progress).await;
    node.shutdown();
    run
}

async fn run_on(
    node: &nitro_devnode::DevnodeHandle,
    url: &str,
    o: &FlowOptions,
    progress: &impl Fn(&str),
) -> Result<FlowRun> {
    // Dev keys: [0] nitro-devnode's (a chain owner: it caches), then anvil #0, #1, …
    let keys = node.dev_keys();
    let anvil = |i: usize| keys[1 + i];
    let (federator_key, validator_key, provider_key, node_key, manager_key) =
        (anvil(0), anvil(1), anvil(2), anvil(3), anvil(5));
    let address = |k: &B256| -> Result<Address> { Ok(PrivateKeySigner::from_bytes(k)?.address()) };

    // Start on the next hour boundary: the distributor's hourly buckets then fall the same
    // way in every run, so that runs differ only by what the code does.
    let reader = prime::tx::read_provider(url)?;
    let start = (latest_timestamp(&reader).await? / 3600 + 1) * 3600;
    let _: serde_json::Value = reader
        .raw_request("evm_setNextBlockTimestamp".into(), (start,))
        .await
        .map_err(|e| anyhow!("evm_setNextBlockTimestamp: {e}"))?;

    let mut opts = DeployOptions::new(url, &prime::repo_root());
    opts.artifacts_dir = o.artifacts_dir.clone();
    opts.deployer_key = federator_key;
    opts.validator = address(&validator_key)?;
    opts.helper_key = anvil(9);
    opts.client_addresses = true;
    opts.strict = true;
    progress("deploying the protocol (client addresses, as scripts/deploy.sh)");
    let dep = prime::deploy(&opts)
        .await
        .context("deploying the protocol")?;
    let book = AddressBook::from_deployment(&dep);
    let session = |k: B256| Prime::new(url, Some(k), book.clone());
    let (fed, val, prov, manager) = (
        session(federator_key)?,
        session(validator_key)?,
        session(provider_key)?,
        session(manager_key)?,
    );
    let info: serde_json::Value = reader
        .raw_request("nitrodevnode_info".into(), ())
        .await
        .map_err(|e| anyhow!("nitrodevnode_info: {e}"))?;
    let arbos_version = info["arbosVersion"]
        .as_u64()
        .ok_or_else(|| anyhow!("nitrodevnode_info without arbosVersion: {info}"))?;

    let cached = match o.caching {
        Caching::Uncached => vec![],
        Caching::Cached => cache_all(&session(keys[0])?, &dep, progress).await?,
    };

    let provider = address(&provider_key)?;
    let node_signer = PrivateKeySigner::from_bytes(&node_key)?;
    let node_addr = node_signer.address();
    let manager_signer = PrivateKeySigner::from_bytes(&manager_key)?;
    let pn = dep.addr("PrimeNetwork")?;
    let pool = U256::ZERO;
    let mut domain = U256::ZERO;
    let mut frames = vec![];
    for (name, a) in &dep.contracts {
        frames.push(Frame {
            address: *a,
            name: name.clone(),
            program: *a,
            entry_gas: fed.program_entry_gas(*a).await?,
        });
    }
    let mut runs: Vec<StepRun> = vec![];
    let last = Step::ALL.len();
    for (i, &step) in Step::ALL.iter().enumerate() {
        let tx = match step {
            Step::Mint => fed.token_mint(provider, tokens(params::STAKE)).await?,
            Step::Approve => prov.token_approve(pn, tokens(params::STAKE)).await?,
            Step::RegisterProvider => prov.provider_register(tokens(params::STAKE)).await?,
            Step::WhitelistProvider => val.provider_whitelist(provider).await?,
            Step::AddComputeNode => {
                let sig = sign_node(&node_signer, provider);
                prov.node_add(
                    node_addr,
                    "ipfs://nodekey/",
                    U256::from(params::COMPUTE_UNITS),
                    sig.into(),
                )
                .await?
            }
            Step::ValidateNode => {
                val.node_call(NodeCall::Validate, provider, node_addr)
                    .await?
            }
            Step::CreateDomain => {
                let t = fed
                    .domain_create(
                        "Decentralized Training",
                        dep.addr("WorkValidator")?,
                        "https://primeintellect.ai/training/params",
                    )
                    .await?;
                domain = t
                    .uint("DomainCreated", "domainId")
                    .ok_or_else(|| anyhow!("createDomain: no DomainCreated event"))?;
                t
            }
            Step::CreateComputePool => {
                let t = fed
                    .pool_create(
                        domain,
                        manager_signer.address(),
                        "demo",
                        "ipfs://legacy",
                        U256::ZERO,
                    )
                    .await?;
                if t.uint("ComputePoolCreated", "poolId") != Some(pool) {
                    bail!("createComputePool: not pool {pool} (a fresh chain's first pool)");
                }
                let implementation = dep.addr("RewardsDistributorImplementation")?;
                frames.push(Frame {
                    address: fed.distributor(pool).await?,
                    name: "distributor clone → RewardsDistributorImplementation".into(),
                    program: implementation,
                    entry_gas: fed.program_entry_gas(implementation).await?,
                });
                t
            }
            Step::SetRewardRate => {
                fed.rewards_rate(pool, tokens(params::RATE_PER_UNIT))
                    .await?
            }
            Step::StartComputePool => manager.pool_start_or_end(pool, true).await?,
            Step::JoinComputePool => {
                let expiration = U256::from(params::INVITE_EXPIRATION);
                let nonce = U256::from(1);
                let sig = sign_invite(&manager_signer, domain, pool, node_addr, nonce, expiration);
                prov.pool_join(
                    pool,
                    &[Invite {
                        node: node_addr,
                        nonce,
                        expiration,
                        signature: sig.into(),
                    }],
                )
                .await?
            }
            Step::SubmitWork => {
                prov.work_submit(
                    pool,
                    node_addr,
                    keccak256("prime-bench work 1"),
                    U256::from(params::WORK_UNITS),
                )
                .await?
            }
            Step::MintToDistributor => {
                advance(url, params::CLAIM_AFTER_SECS).await?;
                fed.token_mint(
                    fed.distributor(pool).await?,
                    tokens(params::DISTRIBUTOR_FUNDS),
                )
                .await?
            }
            Step::ClaimRewards => {
                let t = prov.rewards_claim(pool, node_addr).await?;
                let want = tokens(params::RATE_PER_UNIT) * U256::from(params::WORK_UNITS);
                if t.uint("RewardsClaimed", "reward") != Some(want) {
                    bail!(
                        "claimRewards did not pay the {want} wei of the work: {:?}",
                        t.events
                    );
                }
                t
            }
            Step::LeaveComputePool => prov.pool_leave(pool, Some(node_addr)).await?,
            Step::RemoveComputeNode => {
                prov.node_call(NodeCall::Remove, provider, node_addr)
                    .await?
            }
            Step::DeregisterProvider => prov.provider_deregister(provider).await?,
            Step::Withdraw => {
                advance(url, params::UNBONDING_SECS).await?;
                let t = prov.stake_withdraw().await?;
                if t.uint("Withdraw", "amount") != Some(tokens(params::STAKE)) {
                    bail!("withdraw did not return the stake: {:?}", t.events);
                }
                t
            }
        };
        let entries = fed.program_entries(&tx).await?;
        progress(&format!(
            "[{}] {:>2}/{last} {:<26} gas {:>9}  program entries {:>2}",
            o.caching.name(),
            i + 1,
            step.label(),
            tx.gas_used,
            entries.total()
        ));
        runs.push(StepRun { step, tx, entries });
    }
    Ok(FlowRun {
        caching: o.caching,
        steps: runs,
        frames,
        cached,
        arbos_version,
    })
}

/// Caches every deployed program (`ArbWasmCache.cacheProgram` from a chain owner) and checks
/// that each code hash reads as cached; returns their names.
async fn cache_all(
    owner: &Prime,
    dep: &Deployment,
    progress: &impl Fn(&str),
) -> Result<Vec<String>> {
    let mut names = vec![];
    for (name, a) in &dep.contracts {
        owner
            .cache_program(*a)
            .await
            .with_context(|| format!("caching {name}"))?;
        if !owner.is_program_cached(*a).await? {
            bail!("{name} ({a}) is not cached after ArbWasmCache.cacheProgram");
        }
        names.push(name.clone());
    }
    progress(&format!(
        "cached {} programs through ArbWasmCache: {}",
        names.len(),
        names.join(", ")
    ));
    Ok(names)
}
