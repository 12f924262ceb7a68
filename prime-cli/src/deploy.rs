//! Deploys and wires the protocol over JSON-RPC, as the reference `Deploy.s.sol` +
//! `DeployWorkValidator.s.sol` do (spec §1.2, §11), with Stylus programs:
//!
//! * each program's on-chain code is `target/stylus/<crate>.code` (`EF F0 00 00` + brotli,
//!   written by `scripts/build-contracts.sh`), wrapped in the 43-byte init-code prelude;
//! * with a StylusDeployer on the chain (nitro-devnode, Nitro devnodes set up by
//!   `run-dev-node.sh`, public Arbitrum chains) a program is deployed, activated and
//!   constructed in one transaction, `deploy(initCode, ctorCalldata, 0, 0)` with the
//!   activation data fee as value (refunded beyond the fee), as `cargo stylus deploy` does;
//! * without one: CREATE of the init code, `ArbWasm.activateProgram` unless
//!   `codehashVersion` says the code hash is already activated, then the constructor call.
//!
//! The wiring is one table ([`protocol_plan`]); steps whose program has no artifact are
//! skipped (and reported), as are the steps that need a skipped address.

use std::{
    collections::BTreeMap,
    path::{Path, PathBuf},
    time::{Duration, Instant},
};

use alloy::{
    dyn_abi::{DynSolValue, JsonAbiExt},
    json_abi::Function,
    network::TransactionBuilder,
    primitives::{address, keccak256, utils::format_ether, Address, Bytes, B256, U256},
    providers::Provider,
    rpc::types::{
        state::{AccountOverride, StateOverride},
        TransactionReceipt, TransactionRequest,
    },
    signers::local::PrivateKeySigner,
    sol_types::{SolCall, SolEvent},
};
use anyhow::{anyhow, bail, Result};

use crate::{
    abi::{ArbWasm, IStylusDeployer},
    revert::{revert_data_of_transport, RevertDecoder},
    tx::{calldata, Sender},
};

/// nitro-contracts StylusDeployer (CREATE2 with salt 0 from the Arachnid factory).
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");
/// The ArbWasm precompile.
pub const ARB_WASM: Address = address!("0000000000000000000000000000000000000071");
/// The ArbWasmCache precompile.
pub const ARB_WASM_CACHE: Address = address!("0000000000000000000000000000000000000072");
/// EIP-170: the largest code one account can hold (compressed program + prefix).
pub const MAX_CODE_SIZE: usize = 24_576;
/// anvil/hardhat key #0: deployer and federator by default.
pub const ANVIL_KEY_0: B256 =
    alloy::primitives::b256!("ac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
/// anvil/hardhat key #1: the validator by default.
pub const ANVIL_KEY_1: B256 =
    alloy::primitives::b256!("59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
/// anvil/hardhat key #9: in client-address mode, the helper that activates and constructs the
/// deployer's programs and deploys the facets and the distributor implementation (the
/// reference client's actors use #0, #1, #2, #3 and #5).
pub const ANVIL_KEY_9: B256 =
    alloy::primitives::b256!("2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");

/// The addresses the reference client hard-codes for a local chain (spec §1.2, §12.1): what
/// anvil key #0's nonces 0-15 create in the reference deploy. [`DeployOptions::client_addresses`]
/// reproduces them.
pub const CLIENT_ADDRESSES: [(&str, Address); 8] = [
    (
        "AIToken",
        address!("5FbDB2315678afecb367f032d93F642f64180aa3"),
    ),
    (
        "PrimeNetwork",
        address!("Cf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9"),
    ),
    (
        "ComputeRegistry",
        address!("5FC8d32690cc91D4c39d9d3abcBD16989F875707"),
    ),
    (
        "DomainRegistry",
        address!("0165878A594ca255338adfa4d48449f69242Eb8F"),
    ),
    (
        "StakeManager",
        address!("a513E6E4b8f2a923D98304ec87F64353C4D5C853"),
    ),
    (
        "RewardsDistributorFactory",
        address!("8A791620dd6260079BF849Dc5567aDC3F2FdC318"),
    ),
    (
        "ComputePool",
        address!("610178dA211FEF7D417bC0e6FeD39F05609AD788"),
    ),
    (
        "WorkValidator",
        address!("0B306BF915C4d645ff596e518fAf3F9669b97016"),
    ),
];

/// The first pool's rewards distributor in the reference deploy: CREATE(factory, 1) (spec §1.2).
pub const CLIENT_FIRST_DISTRIBUTOR: Address = address!("8acd85898458400f7db866d53fcff6f0d49741ff");

/// How a program reaches the chain.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CreatePath {
    /// The StylusDeployer when the chain has one, else [`CreatePath::Create`].
    #[default]
    Auto,
    /// CREATE of the init code, `ArbWasm.activateProgram` (unless the code hash is already
    /// active), then the constructor call: three transactions.
    Create,
}

/// `keccak256("TRANSFER_ROLE_ADMIN")`, the admin role of the token's TRANSFER_ROLE
/// (docs/divergences.md).
pub fn transfer_role_admin() -> B256 {
    keccak256("TRANSFER_ROLE_ADMIN")
}

/// The keys of `release/deployments.json`, in the reference's (alphabetical) order.
pub const DEPLOYMENTS_KEYS: [&str; 8] = [
    "AIToken",
    "ComputePool",
    "ComputeRegistry",
    "DomainRegistry",
    "PrimeNetwork",
    "RewardsDistributorFactory",
    "StakeManager",
    "WorkValidator",
];

/// A call or constructor argument, resolved when the step runs.
#[derive(Clone, Debug)]
pub enum Arg {
    /// The deployer (= federator, token admin).
    Deployer,
    /// The validator address.
    Validator,
    /// The address of an earlier deploy step, by name.
    Ref(&'static str),
    /// A number.
    Uint(U256),
    /// A string.
    Str(&'static str),
    /// A bytes32 value.
    Word(B256),
    /// A fixed address.
    Addr(alloy::primitives::Address),
}

/// One step of the plan.
#[derive(Clone, Debug)]
pub enum Step {
    /// Deploy (and activate, and construct) the program of `krate` as `name`.
    Deploy {
        /// Name in the address book (the deployments.json key where there is one).
        name: &'static str,
        /// Crate under `contracts/`, i.e. the artifact `target/stylus/<krate>.code`.
        krate: &'static str,
        /// Constructor parameter types, e.g. `"(string,string,address)"`; `None`: the
        /// program is deployed and activated only (an implementation or a facet).
        ctor: Option<&'static str>,
        /// Constructor arguments.
        args: Vec<Arg>,
    },
    /// A transaction from the deployer to an earlier deployed contract.
    Call {
        /// The contract, by name.
        target: &'static str,
        /// The function's signature, e.g. `"approveTransferAddress(address)"`.
        sig: &'static str,
        /// Its arguments.
        args: Vec<Arg>,
    },
}

impl Step {
    /// A one-line description.
    pub fn label(&self) -> String {
        match self {
            Step::Deploy { name, krate, .. } => format!("deploy {name} ({krate})"),
            Step::Call { target, sig, .. } => {
                format!("{target}.{}", sig.split('(').next().unwrap_or(sig))
            }
        }
    }

    fn refs(&self) -> Vec<&'static str> {
        let args = match self {
            Step::Deploy { args, .. } => args,
            Step::Call { target, args, .. } => {
                let mut v: Vec<&'static str> = vec![target];
                v.extend(args.iter().filter_map(|a| match a {
                    Arg::Ref(r) => Some(*r),
                    _ => None,
                }));
                return v;
            }
        };
        args.iter()
            .filter_map(|a| match a {
                Arg::Ref(r) => Some(*r),
                _ => None,
            })
            .collect()
    }
}

/// The reference deployment (spec §1.2 + `DeployWorkValidator`), adapted to the Stylus
/// programs: explicit admins in constructors, PrimeNetwork and ComputePool as a front program
/// plus facets, the distributor factory cloning one activated implementation and holding the
/// token's TRANSFER_ROLE_ADMIN (docs/divergences.md).
pub fn protocol_plan() -> Vec<Step> {
    use Arg::*;
    let week = U256::from(7 * 24 * 3600u64);
    let day = U256::from(24 * 3600u64);
    let e18 = U256::from(10u64).pow(U256::from(18u64));
    vec![
        Step::Deploy {
            name: "AIToken",
            krate: "ai-token",
            ctor: Some("(string,string,address)"),
            args: vec![Str("AI Token"), Str("AI"), Deployer],
        },
        Step::Call {
            target: "AIToken",
            sig: "approveTransferAddress(address)",
            args: vec![Deployer],
        },
        Step::Call {
            target: "AIToken",
            sig: "approveTransferAddress(address)",
            args: vec![Validator],
        },
        Step::Deploy {
            name: "PrimeNetworkFacet",
            krate: "prime-network-facet",
            ctor: None,
            args: vec![],
        },
        Step::Deploy {
            name: "PrimeNetwork",
            krate: "prime-network",
            // (federator, validator, AIToken, admin, facet)
            ctor: Some("(address,address,address,address,address)"),
            args: vec![
                Deployer,
                Validator,
                Ref("AIToken"),
                Deployer,
                Ref("PrimeNetworkFacet"),
            ],
        },
        Step::Call {
            target: "AIToken",
            sig: "approveTransferAddress(address)",
            args: vec![Ref("PrimeNetwork")],
        },
        Step::Deploy {
            name: "ComputeRegistry",
            krate: "compute-registry",
            ctor: Some("(address)"),
            args: vec![Ref("PrimeNetwork")],
        },
        Step::Deploy {
            name: "DomainRegistry",
            krate: "domain-registry",
            ctor: Some("(address)"),
            args: vec![Ref("PrimeNetwork")],
        },
        Step::Deploy {
            name: "StakeManager",
            krate: "stake-manager",
            ctor: Some("(address,uint256,address)"),
            args: vec![Ref("PrimeNetwork"), Uint(week), Ref("AIToken")],
        },
        Step::Call {
            target: "AIToken",
            sig: "approveTransferAddress(address)",
            args: vec![Ref("StakeManager")],
        },
        // The implementation's own constructor runs at deploy, with nothing, so that nobody
        // can initialise it later; each clone is constructed by the factory in its own storage.
        Step::Deploy {
            name: "RewardsDistributorImplementation",
            krate: "rewards-distributor-work-submission",
            ctor: Some("(address,address,uint256,address,address,address)"),
            args: {
                let zero = Arg::Addr(alloy::primitives::Address::ZERO);
                vec![
                    zero.clone(),
                    zero.clone(),
                    Uint(U256::ZERO),
                    zero.clone(),
                    zero.clone(),
                    zero,
                ]
            },
        },
        Step::Deploy {
            name: "RewardsDistributorFactory",
            krate: "rewards-distributor-work-submission-factory",
            ctor: Some("(address,address)"),
            args: vec![Deployer, Ref("RewardsDistributorImplementation")],
        },
        Step::Deploy {
            name: "ComputePoolAdminFacet",
            krate: "compute-pool-admin",
            ctor: None,
            args: vec![],
        },
        Step::Deploy {
            name: "ComputePoolMembershipFacet",
            krate: "compute-pool-membership",
            ctor: None,
            args: vec![],
        },
        Step::Deploy {
            name: "ComputePool",
            krate: "compute-pool",
            // (primeAdmin, domainRegistry, computeRegistry, factory, AIToken, adminFacet,
            // membershipFacet)
            ctor: Some("(address,address,address,address,address,address,address)"),
            args: vec![
                Ref("PrimeNetwork"),
                Ref("DomainRegistry"),
                Ref("ComputeRegistry"),
                Ref("RewardsDistributorFactory"),
                Ref("AIToken"),
                Ref("ComputePoolAdminFacet"),
                Ref("ComputePoolMembershipFacet"),
            ],
        },
        Step::Call {
            target: "RewardsDistributorFactory",
            sig: "setComputePool(address)",
            args: vec![Ref("ComputePool")],
        },
        Step::Call {
            target: "PrimeNetwork",
            sig: "setModuleAddresses(address,address,address,address)",
            args: vec![
                Ref("ComputeRegistry"),
                Ref("DomainRegistry"),
                Ref("StakeManager"),
                Ref("ComputePool"),
            ],
        },
        Step::Call {
            target: "PrimeNetwork",
            sig: "setStakeMinimum(uint256)",
            args: vec![Uint(U256::from(25_000_000_000_000_000u64))],
        },
        Step::Call {
            target: "AIToken",
            sig: "mint(address,uint256)",
            args: vec![Deployer, Uint(U256::from(1_000_000u64) * e18)],
        },
        Step::Deploy {
            name: "WorkValidator",
            krate: "synthetic-data-work-validator",
            ctor: Some("(uint256,address,uint256)"),
            args: vec![Uint(U256::ZERO), Ref("ComputePool"), Uint(day)],
        },
        // Our divergence (docs/divergences.md): the factory may grant TRANSFER_ROLE to the
        // distributors it creates. Last, so that the deployer's nonces 0-15 are the
        // reference's transactions (client addresses, [`DeployOptions::client_addresses`]).
        Step::Call {
            target: "AIToken",
            sig: "grantRole(bytes32,address)",
            args: vec![
                Word(transfer_role_admin()),
                Ref("RewardsDistributorFactory"),
            ],
        },
    ]
}

/// [`protocol_plan`] with another distributor family in place of the work-submission one,
/// e.g. the time-based `rewards-distributor` + `rewards-distributor-factory` that the
/// reference's `PrimeNetwork.t.sol` uses.
pub fn protocol_plan_with_distributor(
    implementation: &'static str,
    factory: &'static str,
) -> Vec<Step> {
    protocol_plan()
        .into_iter()
        .map(|s| match s {
            Step::Deploy {
                name: "RewardsDistributorImplementation",
                ctor,
                args,
                ..
            } => Step::Deploy {
                name: "RewardsDistributorImplementation",
                krate: implementation,
                ctor,
                args,
            },
            Step::Deploy {
                name: "RewardsDistributorFactory",
                ctor,
                args,
                ..
            } => Step::Deploy {
                name: "RewardsDistributorFactory",
                krate: factory,
                ctor,
                args,
            },
            other => other,
        })
        .collect()
}

/// What to deploy, where, with which keys.
#[derive(Clone, Debug)]
pub struct DeployOptions {
    /// JSON-RPC endpoint.
    pub rpc_url: String,
    /// Deployer / federator private key.
    pub deployer_key: B256,
    /// Validator address (VALIDATOR_ROLE, TRANSFER_ROLE).
    pub validator: Address,
    /// Directory of `<crate>.code` artifacts (`target/stylus`).
    pub artifacts_dir: PathBuf,
    /// Extra ABI directory for revert decoding (`release/abi`).
    pub abi_dir: Option<PathBuf>,
    /// An earlier `deployments.json` whose addresses, if they hold code, mean "already
    /// deployed" (and, by the binary, the file written afterwards).
    pub existing_deployments: Option<PathBuf>,
    /// Deploy even when the chain already holds a deployment / the deployer has a nonce.
    pub force: bool,
    /// A missing artifact is an error (default: the step is skipped and reported).
    pub strict: bool,
    /// Print progress to stderr.
    pub verbose: bool,
    /// The plan (default [`protocol_plan`]).
    pub plan: Vec<Step>,
    /// StylusDeployer or plain CREATE.
    pub create_path: CreatePath,
    /// Put the contracts of `deployments.json` where the deployer's own nonces put them, as the
    /// reference deploy does: the deployer sends exactly the reference's transactions in its
    /// order (CREATE of each program, the wiring calls), and the helper key sends the rest
    /// (activation and constructor call of those programs, the facets and the distributor
    /// implementation). With anvil key #0 on a fresh chain these are the addresses the
    /// reference client hard-codes ([`CLIENT_ADDRESSES`]). The constructor runs in a second
    /// transaction, so use this on a local chain only.
    pub client_addresses: bool,
    /// The helper key of [`DeployOptions::client_addresses`] (default anvil #9).
    pub helper_key: B256,
}

impl DeployOptions {
    /// Defaults: anvil keys #0/#1, `<repo>/target/stylus`, the protocol plan.
    pub fn new(rpc_url: impl Into<String>, repo_root: &Path) -> Self {
        let validator = PrivateKeySigner::from_bytes(&ANVIL_KEY_1)
            .unwrap()
            .address();
        Self {
            rpc_url: rpc_url.into(),
            deployer_key: ANVIL_KEY_0,
            validator,
            artifacts_dir: repo_root.join("target/stylus"),
            abi_dir: Some(repo_root.join("release/abi")),
            existing_deployments: None,
            force: false,
            strict: false,
            verbose: false,
            plan: protocol_plan(),
            create_path: CreatePath::Auto,
            client_addresses: false,
            helper_key: ANVIL_KEY_9,
        }
    }
}

/// One executed step.
#[derive(Clone, Debug)]
pub struct StepRecord {
    /// What ran.
    pub label: String,
    /// Its transaction(s).
    pub txs: Vec<B256>,
    /// Gas used by its transaction(s).
    pub gas_used: u64,
    /// The deployed address (deploy steps).
    pub address: Option<Address>,
    /// Compressed code size (deploy steps).
    pub code_size: Option<usize>,
    /// Activation data fee paid, in wei (deploy steps; zero when already activated).
    pub data_fee: U256,
    /// Wall time.
    pub elapsed: Duration,
}

/// One program on chain.
#[derive(Clone, Debug)]
pub struct Deployed {
    /// Its address.
    pub address: Address,
    /// The transactions it took.
    pub txs: Vec<B256>,
    /// Their gas.
    pub gas: u64,
    /// The activation data fee paid (from ArbWasm's `ProgramActivated` events).
    pub data_fee: U256,
}

/// The result of a deployment.
#[derive(Clone, Debug, Default)]
pub struct Deployment {
    /// Deployed contracts, by name, in deploy order.
    pub contracts: Vec<(String, Address)>,
    /// Steps that ran.
    pub steps: Vec<StepRecord>,
    /// Steps that were skipped, with the reason.
    pub skipped: Vec<(String, String)>,
    /// Deployer / federator address.
    pub deployer: Address,
    /// Validator address.
    pub validator: Address,
    /// Chain id.
    pub chain_id: u64,
    /// Total wall time.
    pub elapsed: Duration,
}

impl Deployment {
    /// The address deployed as `name`.
    pub fn get(&self, name: &str) -> Option<Address> {
        self.contracts
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, a)| *a)
    }

    /// The address deployed as `name`, or an error naming the missing contract.
    pub fn addr(&self, name: &str) -> Result<Address> {
        self.get(name)
            .ok_or_else(|| anyhow!("{name} was not deployed"))
    }

    /// `release/deployments.json` content: the reference's keys (zero address for a contract
    /// that was not deployed, as the reference writes `WorkValidator` before its second script).
    pub fn deployments_json(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        for k in DEPLOYMENTS_KEYS {
            let a = self.get(k).unwrap_or(Address::ZERO);
            m.insert(
                k.to_string(),
                serde_json::Value::String(a.to_checksum(None)),
            );
        }
        serde_json::Value::Object(m)
    }

    /// Every deployed contract (facets and implementation included), for tooling.
    pub fn all_json(&self) -> serde_json::Value {
        let mut m = serde_json::Map::new();
        for (k, a) in &self.contracts {
            m.insert(k.clone(), serde_json::Value::String(a.to_checksum(None)));
        }
        serde_json::Value::Object(m)
    }

    /// Total gas of all steps.
    pub fn total_gas(&self) -> u64 {
        self.steps.iter().map(|s| s.gas_used).sum()
    }

    /// Total activation data fees paid, in wei.
    pub fn total_data_fee(&self) -> U256 {
        self.steps.iter().fold(U256::ZERO, |a, s| a + s.data_fee)
    }

    /// A human-readable table of addresses, code sizes, deploy gas and activation fees.
    pub fn table(&self) -> String {
        let mut s = String::new();
        s += &format!(
            "{:<34} {:<44} {:>10} {:>12} {:>20}\n",
            "contract", "address", "code (B)", "deploy gas", "data fee (ETH)"
        );
        for (name, a) in &self.contracts {
            let rec = self.steps.iter().find(|r| r.address == Some(*a));
            s += &format!(
                "{:<34} {:<44} {:>10} {:>12} {:>20}\n",
                name,
                a.to_checksum(None),
                rec.and_then(|r| r.code_size)
                    .map(|x| x.to_string())
                    .unwrap_or_default(),
                rec.map(|r| r.gas_used.to_string()).unwrap_or_default(),
                rec.map(|r| format_ether(r.data_fee)).unwrap_or_default()
            );
        }
        for (label, why) in &self.skipped {
            s += &format!("SKIPPED {label}: {why}\n");
        }
        s
    }
}

/// Wraps on-chain Stylus code in the init-code prelude of stylus-tools
/// (`7f <len:32> 80 60 2b 60 00 39 60 00 f3 00 <code>`).
pub fn init_code(code: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(43 + code.len());
    v.push(0x7f);
    v.extend_from_slice(&U256::from(code.len()).to_be_bytes::<32>());
    v.extend_from_slice(&[0x80, 0x60, 0x2b, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3, 0x00]);
    v.extend_from_slice(code);
    v
}

/// The constructor calldata of a stylus-sdk program: `stylus_constructor()`'s selector
/// followed by the ABI-encoded arguments.
pub fn ctor_calldata(params: &str, values: &[DynSolValue]) -> Result<Vec<u8>> {
    let f = Function::parse(&format!("stylus_constructor{params}"))
        .map_err(|e| anyhow!("bad constructor signature {params}: {e}"))?;
    let mut d = keccak256("stylus_constructor()")[..4].to_vec();
    d.extend(
        f.abi_encode_input_raw(values)
            .map_err(|e| anyhow!("constructor args {params}: {e}"))?,
    );
    Ok(d)
}

/// Deploys `plan` (default: the protocol) and wires it.
pub async fn deploy(opts: &DeployOptions) -> Result<Deployment> {
    let t0 = Instant::now();
    let log = |m: String| {
        if opts.verbose {
            eprintln!("{m}");
        }
    };
    let mut decoder = RevertDecoder::new();
    if let Some(d) = &opts.abi_dir {
        decoder = decoder.with_abi_dir(d);
    }
    let sender = Sender::new(&opts.rpc_url, opts.deployer_key, decoder.clone())?;
    let helper = if opts.client_addresses {
        let h = Sender::new(&opts.rpc_url, opts.helper_key, decoder)?;
        if h.from == sender.from {
            bail!("client addresses need a helper key other than the deployer's");
        }
        Some(h)
    } else {
        None
    };
    let p = &sender.provider;

    // --- preflight ---
    let chain_id = tokio::time::timeout(Duration::from_secs(10), p.get_chain_id())
        .await
        .map_err(|_| {
            anyhow!(
                "node unreachable at {}: eth_chainId timed out",
                opts.rpc_url
            )
        })?
        .map_err(|e| anyhow!("node unreachable at {}: {e}", opts.rpc_url))?;
    let mut dep = Deployment {
        deployer: sender.from,
        validator: opts.validator,
        chain_id,
        ..Default::default()
    };
    log(format!(
        "chain id {chain_id} at {}; deployer {}; validator {}",
        opts.rpc_url, sender.from, opts.validator
    ));

    let mut codes: BTreeMap<&str, Vec<u8>> = BTreeMap::new();
    for step in &opts.plan {
        if let Step::Deploy { krate, .. } = step {
            let path = opts.artifacts_dir.join(format!("{krate}.code"));
            match std::fs::read(&path) {
                Ok(code) => {
                    if code.len() < 4 || code[..3] != [0xEF, 0xF0, 0x00] {
                        bail!("{}: not Stylus code (no EF F0 00 prefix); run scripts/build-contracts.sh", path.display());
                    }
                    if code.len() > MAX_CODE_SIZE {
                        bail!(
                            "{krate}: contract over size: {} bytes compressed > {MAX_CODE_SIZE} (EIP-170); \
                             shrink it and run scripts/build-contracts.sh again",
                            code.len()
                        );
                    }
                    codes.insert(krate, code);
                }
                Err(_) if !opts.strict => {}
                Err(e) => bail!(
                    "{}: {e}; run scripts/build-contracts.sh first",
                    path.display()
                ),
            }
        }
    }
    if codes.is_empty() {
        bail!(
            "no contract artifacts in {}; run scripts/build-contracts.sh first",
            opts.artifacts_dir.display()
        );
    }

    if !opts.force {
        if let Some(file) = &opts.existing_deployments {
            if let Ok(text) = std::fs::read_to_string(file) {
                if let Ok(serde_json::Value::Object(m)) = serde_json::from_str(&text) {
                    for (k, v) in m {
                        let Some(a) = v.as_str().and_then(|s| s.parse::<Address>().ok()) else {
                            continue;
                        };
                        if a.is_zero() {
                            continue;
                        }
                        if !p.get_code_at(a).await?.is_empty() {
                            bail!(
                                "this chain already holds a deployment: {k} at {a} (from {}) has code. \
                                 Nothing was sent. Use --force to deploy a new set anyway.",
                                file.display()
                            );
                        }
                    }
                }
            }
        }
        let nonce = p.get_transaction_count(sender.from).await?;
        if nonce != 0 {
            bail!(
                "the deployer {} has already sent {nonce} transaction(s) on this chain, so it may hold \
                 a deployment and the addresses would not be the fresh-chain ones. Nothing was sent. \
                 Use --force to deploy anyway.",
                sender.from
            );
        }
    }
    let balance = p.get_balance(sender.from).await?;
    if balance.is_zero() {
        bail!(
            "the deployer {} has no funds on chain {chain_id}",
            sender.from
        );
    }
    let use_deployer =
        opts.create_path == CreatePath::Auto && !p.get_code_at(STYLUS_DEPLOYER).await?.is_empty();
    if !use_deployer {
        log(format!(
            "note: {}; deploying with CREATE + ArbWasm.activateProgram + constructor call",
            if opts.create_path == CreatePath::Create {
                "plain CREATE requested".to_string()
            } else {
                format!("no StylusDeployer at {STYLUS_DEPLOYER}")
            }
        ));
    }
    if let Some(h) = &helper {
        if p.get_balance(h.from).await?.is_zero() {
            bail!(
                "client addresses: the helper {} has no funds on chain {chain_id} (set HELPER_KEY to a funded key)",
                h.from
            );
        }
        let first = p.get_transaction_count(sender.from).await?;
        log(format!(
            "client addresses: the deployer's nonces {first}.. create the deployments.json contracts \
             (helper {} activates and constructs them){}",
            h.from,
            if first == 0 && opts.deployer_key == ANVIL_KEY_0 {
                "; these are the reference client's addresses"
            } else {
                ""
            }
        ));
    }

    // --- steps ---
    let n = opts.plan.len();
    // Contracts with a skipped configuration call: their later calls are skipped too (they may
    // depend on it, e.g. setStakeMinimum needs setModuleAddresses).
    let mut half_wired: Vec<&str> = vec![];
    for (i, step) in opts.plan.iter().enumerate() {
        let label = step.label();
        let mut missing: Vec<&str> = step
            .refs()
            .into_iter()
            .filter(|r| dep.get(r).is_none())
            .collect();
        if let Step::Call { target, .. } = step {
            if missing.is_empty() && half_wired.contains(target) {
                let why = format!("an earlier {target} step was skipped");
                log(format!("[{:>2}/{n}] {label}: SKIPPED, {why}", i + 1));
                dep.skipped.push((label, why));
                continue;
            }
            if !missing.is_empty() {
                half_wired.push(target);
                missing.dedup();
            }
        }
        if let Step::Deploy { krate, .. } = step {
            if !codes.contains_key(krate) {
                let why = format!(
                    "no artifact {}/{krate}.code (crate not built)",
                    opts.artifacts_dir.display()
                );
                log(format!("[{:>2}/{n}] {label}: SKIPPED, {why}", i + 1));
                dep.skipped.push((label, why));
                continue;
            }
        }
        if !missing.is_empty() {
            let why = format!("needs {} (not deployed)", missing.join(", "));
            log(format!("[{:>2}/{n}] {label}: SKIPPED, {why}", i + 1));
            dep.skipped.push((label, why));
            continue;
        }
        let ts = Instant::now();
        let rec = match step {
            Step::Deploy {
                name,
                krate,
                ctor,
                args,
            } => {
                let code = &codes[krate];
                let ctor_data = match ctor {
                    Some(params) => Some(ctor_calldata(params, &resolve(args, &dep)?)?),
                    None => None,
                };
                let d = match &helper {
                    // Client addresses: the deployer CREATEs (its nonce gives the address, as
                    // a Solidity `new` from a script does), the helper activates and calls the
                    // constructor (whose once-only guard fails loudly if anybody got there
                    // first).
                    Some(h) if DEPLOYMENTS_KEYS.contains(name) => {
                        deploy_with_create(&sender, &label, code, ctor_data, h).await?
                    }
                    Some(h) => deploy_program(h, &label, code, ctor_data, use_deployer).await?,
                    None => deploy_program(&sender, &label, code, ctor_data, use_deployer).await?,
                };
                dep.contracts.push((name.to_string(), d.address));
                StepRecord {
                    label: label.clone(),
                    txs: d.txs,
                    gas_used: d.gas,
                    address: Some(d.address),
                    code_size: Some(code.len()),
                    data_fee: d.data_fee,
                    elapsed: ts.elapsed(),
                }
            }
            Step::Call { target, sig, args } => {
                let to = dep.addr(target)?;
                let data = calldata(sig, &resolve(args, &dep)?)?;
                let r = sender.call_tx(&label, to, data).await?;
                StepRecord {
                    label: label.clone(),
                    txs: vec![r.transaction_hash],
                    gas_used: r.gas_used,
                    address: None,
                    code_size: None,
                    data_fee: U256::ZERO,
                    elapsed: ts.elapsed(),
                }
            }
        };
        log(format!(
            "[{:>2}/{n}] {label}{} gas {} ({:.2} s)",
            i + 1,
            rec.address.map(|a| format!(" -> {a}")).unwrap_or_default(),
            rec.gas_used,
            rec.elapsed.as_secs_f64()
        ));
        dep.steps.push(rec);
    }
    dep.elapsed = t0.elapsed();
    Ok(dep)
}

fn resolve(args: &[Arg], dep: &Deployment) -> Result<Vec<DynSolValue>> {
    args.iter()
        .map(|a| {
            Ok(match a {
                Arg::Deployer => DynSolValue::Address(dep.deployer),
                Arg::Validator => DynSolValue::Address(dep.validator),
                Arg::Ref(r) => DynSolValue::Address(dep.addr(r)?),
                Arg::Uint(u) => DynSolValue::Uint(*u, 256),
                Arg::Str(s) => DynSolValue::String(s.to_string()),
                Arg::Word(w) => DynSolValue::FixedBytes(*w, 32),
                Arg::Addr(a) => DynSolValue::Address(*a),
            })
        })
        .collect()
}

/// The activation data fee for `code`, estimated like cargo-stylus (an `eth_call` of
/// `activateProgram` against a state override that puts the code at a scratch address),
/// plus 20 %; `None` when the code hash is already activated.
pub async fn activation_fee(sender: &Sender, code: &[u8]) -> Result<Option<U256>> {
    let p = &sender.provider;
    let wasm = ArbWasm::new(ARB_WASM, p);
    if let (Ok(v), Ok(cur)) = (
        wasm.codehashVersion(keccak256(code)).call().await,
        wasm.stylusVersion().call().await,
    ) {
        if v == cur {
            return Ok(None);
        }
    }
    let scratch = address!("00000000000000000000000000000000deadbeef");
    let mut ov = StateOverride::default();
    ov.insert(
        scratch,
        AccountOverride {
            code: Some(Bytes::copy_from_slice(code)),
            ..Default::default()
        },
    );
    let big = U256::from(10u64).pow(U256::from(18u64));
    ov.insert(
        sender.from,
        AccountOverride {
            balance: Some(big * U256::from(1000u64)),
            ..Default::default()
        },
    );
    let tx = TransactionRequest::default()
        .with_from(sender.from)
        .with_to(ARB_WASM)
        .with_value(big)
        .with_input(ArbWasm::activateProgramCall { program: scratch }.abi_encode());
    match p.call(tx).overrides(ov).await {
        Ok(out) => {
            let r = ArbWasm::activateProgramCall::abi_decode_returns(&out)
                .map_err(|e| anyhow!("activateProgram estimate: {e}"))?;
            Ok(Some(r.dataFee + r.dataFee / U256::from(5u64)))
        }
        Err(e) => match revert_data_of_transport(&e) {
            Some(d) => bail!("activation check failed: {}", sender.decoder.decode(&d)),
            // A node without state overrides: send a generous value, StylusDeployer refunds it.
            None => Ok(Some(big / U256::from(100u64))),
        },
    }
}

/// Deploys one program from `sender`: through the StylusDeployer (one transaction) when
/// `use_deployer`, else CREATE + activation + constructor call.
pub async fn deploy_program(
    sender: &Sender,
    label: &str,
    code: &[u8],
    ctor: Option<Vec<u8>>,
    use_deployer: bool,
) -> Result<Deployed> {
    if use_deployer {
        deploy_with_stylus_deployer(sender, label, code, ctor).await
    } else {
        deploy_with_create(sender, label, code, ctor, sender).await
    }
}

/// The activation data fees a receipt's ArbWasm `ProgramActivated` events report.
fn data_fee_paid(r: &TransactionReceipt) -> U256 {
    r.inner
        .logs()
        .iter()
        .filter(|l| l.address() == ARB_WASM)
        .filter_map(|l| ArbWasm::ProgramActivated::decode_log_data(l.data()).ok())
        .map(|e| e.dataFee)
        .fold(U256::ZERO, |a, b| a + b)
}

async fn deploy_with_stylus_deployer(
    sender: &Sender,
    label: &str,
    code: &[u8],
    ctor: Option<Vec<u8>>,
) -> Result<Deployed> {
    let fee = activation_fee(sender, code)
        .await
        .map_err(|e| anyhow!("{label}: {e}"))?
        .unwrap_or_default();
    let data = IStylusDeployer::deployCall {
        bytecode: init_code(code).into(),
        initData: ctor.unwrap_or_default().into(),
        initValue: U256::ZERO,
        salt: B256::ZERO,
    }
    .abi_encode();
    let tx = TransactionRequest::default()
        .with_to(STYLUS_DEPLOYER)
        .with_value(fee)
        .with_input(Bytes::from(data));
    let r = sender.send(label, tx).await?;
    let addr = r
        .inner
        .logs()
        .iter()
        .filter(|l| l.address() == STYLUS_DEPLOYER)
        .find_map(|l| IStylusDeployer::ContractDeployed::decode_log_data(l.data()).ok())
        .map(|e| e.deployedContract)
        .ok_or_else(|| anyhow!("{label}: no ContractDeployed event in the receipt"))?;
    Ok(Deployed {
        address: addr,
        txs: vec![r.transaction_hash],
        gas: r.gas_used,
        data_fee: data_fee_paid(&r),
    })
}

/// CREATE from `creator`; activation and constructor call from `sender` (the same account
/// unless in client-address mode).
async fn deploy_with_create(
    creator: &Sender,
    label: &str,
    code: &[u8],
    ctor: Option<Vec<u8>>,
    sender: &Sender,
) -> Result<Deployed> {
    // The fee estimate activates the code at a scratch address (state override), so a program
    // that cannot be activated fails here, before anything is sent. `None`: already active.
    let fee = activation_fee(sender, code)
        .await
        .map_err(|e| anyhow!("{label}: {e}"))?;
    let tx = TransactionRequest::default().with_deploy_code(Bytes::from(init_code(code)));
    let r = creator.send(&format!("{label}: CREATE"), tx).await?;
    let addr = r
        .contract_address
        .ok_or_else(|| anyhow!("{label}: no contract address in the receipt"))?;
    let mut txs = vec![r.transaction_hash];
    let mut gas = r.gas_used;
    let mut data_fee = U256::ZERO;
    if let Some(fee) = fee {
        let tx = TransactionRequest::default()
            .with_to(ARB_WASM)
            .with_value(fee)
            .with_input(ArbWasm::activateProgramCall { program: addr }.abi_encode());
        let r = sender
            .send(&format!("{label}: activateProgram"), tx)
            .await?;
        txs.push(r.transaction_hash);
        gas += r.gas_used;
        data_fee = data_fee_paid(&r);
    }
    if let Some(data) = ctor {
        let r = sender
            .call_tx(&format!("{label}: constructor"), addr, data)
            .await?;
        txs.push(r.transaction_hash);
        gas += r.gas_used;
    }
    Ok(Deployed {
        address: addr,
        txs,
        gas,
        data_fee,
    })
}
