//! Shared test harness: a fresh in-process nitro-devnode per test (free port), the protocol
//! deployed on it with the same code path as `scripts/deploy.sh` (`prime::deploy`),
//! signing alloy providers per actor, time travel, and revert decoding.
#![allow(dead_code)]

use std::time::Duration;

use alloy::{
    primitives::{Address, Bytes, B256, U256},
    providers::{DynProvider, Provider},
    rpc::types::TransactionReceipt,
    signers::local::PrivateKeySigner,
};
use nitro_devnode::DevnodeHandle;
use prime::{
    deploy::{DeployOptions, Deployment},
    repo_root,
    revert::RevertDecoder,
    tx::signer_provider,
    Step,
};

/// One token with 18 decimals.
pub fn tokens(n: u64) -> U256 {
    U256::from(n) * U256::from(10u64).pow(U256::from(18u64))
}

/// A fresh devnode with the protocol deployed.
pub struct Env {
    pub node: DevnodeHandle,
    pub url: String,
    pub dep: Deployment,
    /// Private keys of the dev accounts: [0] nitro-devnode's key, [1] anvil #0 (deployer,
    /// federator), [2] anvil #1 (validator), [3..] anvil #2.. and derived keys.
    pub keys: Vec<B256>,
    pub decoder: RevertDecoder,
    /// One provider (one HTTP client) per dev key, built on first use.
    providers: std::sync::Mutex<std::collections::HashMap<usize, DynProvider>>,
}

/// Starts a devnode on a free port with `accounts` funded accounts.
pub fn start_node(accounts: usize) -> DevnodeHandle {
    prime::start_devnode("127.0.0.1", 0, accounts).expect("start the in-process devnode")
}

/// Deploy options for a test chain (nothing is written to release/).
pub fn options(url: &str) -> DeployOptions {
    let mut o = DeployOptions::new(url, &repo_root());
    o.verbose = std::env::var_os("E2E_VERBOSE").is_some();
    if let Some(d) = std::env::var_os("E2E_ARTIFACTS_DIR") {
        o.artifacts_dir = d.into();
    }
    o
}

/// Requires the token artifact (everything else is deployed when it exists).
pub fn require_artifacts() {
    let p = repo_root().join("target/stylus/ai-token.code");
    assert!(
        p.exists(),
        "{} is missing: run scripts/build-contracts.sh (tests/e2e/scripts/test.sh does) before the e2e tests",
        p.display()
    );
}

impl Env {
    /// A devnode with 30 funded accounts and the whole protocol deployed.
    pub async fn new() -> Env {
        Self::with_plan(None, 30).await
    }

    /// Same, with a custom plan and number of accounts.
    pub async fn with_plan(plan: Option<Vec<Step>>, accounts: usize) -> Env {
        Self::with_options(accounts, |o| {
            if let Some(p) = plan {
                o.plan = p;
            }
        })
        .await
    }

    /// A devnode with `accounts` funded accounts, the protocol deployed with the options
    /// `configure` sets (see [`options`] for the defaults).
    pub async fn with_options(accounts: usize, configure: impl FnOnce(&mut DeployOptions)) -> Env {
        require_artifacts();
        let node = start_node(accounts);
        let url = node.url();
        let keys = node.dev_keys();
        let mut o = options(&url);
        configure(&mut o);
        let dep = prime::deploy(&o).await.expect("deploy the protocol");
        let decoder = RevertDecoder::new().with_abi_dir(&repo_root().join("release/abi"));
        Env {
            node,
            url,
            dep,
            keys,
            decoder,
            providers: Default::default(),
        }
    }

    pub fn addr(&self, name: &str) -> Address {
        self.dep.addr(name).unwrap()
    }

    /// A signing provider for dev key `i` (see [`Env::keys`]).
    pub fn provider(&self, i: usize) -> DynProvider {
        let mut m = self.providers.lock().unwrap();
        m.entry(i)
            .or_insert_with(|| signer_provider(&self.url, self.keys[i]).unwrap())
            .clone()
    }

    pub fn address(&self, i: usize) -> Address {
        PrivateKeySigner::from_bytes(&self.keys[i])
            .unwrap()
            .address()
    }

    pub fn signer(&self, i: usize) -> PrivateKeySigner {
        PrivateKeySigner::from_bytes(&self.keys[i]).unwrap()
    }

    /// The deployer / federator (anvil #0).
    pub fn federator(&self) -> DynProvider {
        self.provider(1)
    }

    /// The validator (anvil #1).
    pub fn validator(&self) -> DynProvider {
        self.provider(2)
    }

    /// A read-only provider.
    pub fn reader(&self) -> DynProvider {
        self.provider(0)
    }

    /// Moves the clock forward by `secs` and mines a block.
    pub async fn increase_time(&self, secs: u64) {
        let p = self.reader();
        let _: serde_json::Value = p
            .raw_request("evm_increaseTime".into(), (secs,))
            .await
            .unwrap();
        let _: serde_json::Value = p.raw_request("evm_mine".into(), ()).await.unwrap();
    }

    /// The latest block's timestamp.
    pub async fn now(&self) -> u64 {
        let b = self
            .reader()
            .get_block_by_number(Default::default())
            .await
            .unwrap()
            .unwrap();
        b.header.timestamp
    }

    /// Deploys one more instance of program `krate` (through the StylusDeployer, from dev
    /// key `key`) with constructor `ctor` and `args`: the same code as the protocol's
    /// contract, wired to test accounts, to reach functions the protocol's wiring reserves
    /// to other contracts.
    pub async fn deploy_standalone(
        &self,
        key: usize,
        krate: &str,
        ctor: &str,
        args: &[alloy::dyn_abi::DynSolValue],
    ) -> Address {
        let code = std::fs::read(
            options(&self.url)
                .artifacts_dir
                .join(format!("{krate}.code")),
        )
        .unwrap_or_else(|e| panic!("{krate}.code: {e}"));
        let sender = prime::Sender::new(&self.url, self.keys[key], self.decoder.clone()).unwrap();
        let data = prime::deploy::ctor_calldata(ctor, args).unwrap();
        prime::deploy::deploy_program(&sender, krate, &code, Some(data), true)
            .await
            .unwrap_or_else(|e| panic!("deploy {krate}: {e}"))
            .address
    }

    /// The decoded revert reason of a failed contract call or transaction.
    pub fn reason(&self, e: &alloy::contract::Error) -> String {
        match e.as_revert_data() {
            Some(d) => self.decoder.decode(&d),
            None => format!("no revert data: {e}"),
        }
    }
}

/// The decoded revert reason of a contract error (reference ABIs + release/abi).
pub fn decode_err(e: &alloy::contract::Error) -> String {
    match e.as_revert_data() {
        Some(d) => RevertDecoder::new()
            .with_abi_dir(&repo_root().join("release/abi"))
            .decode(&d),
        None => e.to_string(),
    }
}

/// Gas limit for an estimate: 20 % headroom, as the deploy tool uses. Estimates are taken at
/// the pending block's time, and the block that includes the transaction may be a second
/// later, which can change the gas used (e.g. a time-based distributor storing a new
/// `lastUpdateTime`: a changed slot costs more than rewriting the same value).
pub fn with_headroom(estimate: u64) -> u64 {
    estimate + estimate / 5
}

/// Sends a contract call (gas estimated, which surfaces reverts, plus headroom) and waits for
/// the receipt.
#[macro_export]
macro_rules! send {
    // `match` keeps the call's temporaries (the contract instance) alive to the end.
    ($call:expr) => {
        match $call {
            call => match $crate::common::send_call(call).await {
                Ok(r) => {
                    assert!(r.status(), "transaction reverted: {}", stringify!($call));
                    r
                }
                Err(e) => panic!(
                    "{} failed: {}",
                    stringify!($call),
                    $crate::common::decode_err(&e)
                ),
            },
        }
    };
}

/// Sends a contract call with its gas estimate plus [`with_headroom`] (the estimate surfaces
/// reverts) and waits for the receipt, whatever its status.
pub async fn send_call<P: Provider, D: alloy::contract::CallDecoder>(
    call: alloy::contract::CallBuilder<P, D>,
) -> Result<TransactionReceipt, alloy::contract::Error> {
    let gas = call.estimate_gas().await?;
    let pending = call.gas(with_headroom(gas)).send().await?;
    Ok(
        prime::tx::wait_receipt(pending.provider(), *pending.tx_hash(), TIMEOUT)
            .await
            .expect("receipt"),
    )
}

/// Expects a contract call to revert; returns the decoded reason.
#[macro_export]
macro_rules! reverts {
    ($env:expr, $call:expr) => {{
        match $call.send().await {
            Ok(p) => {
                let r =
                    prime::tx::wait_receipt(p.provider(), *p.tx_hash(), $crate::common::TIMEOUT)
                        .await
                        .expect("receipt");
                assert!(!r.status(), "expected a revert: {}", stringify!($call));
                String::from("reverted (status 0)")
            }
            Err(e) => $env.reason(&e),
        }
    }};
}

/// Decodes every log of `receipt` as event `E`.
pub fn events<E: alloy::sol_types::SolEvent>(receipt: &TransactionReceipt) -> Vec<E> {
    receipt
        .inner
        .logs()
        .iter()
        .filter_map(|l| E::decode_log(&l.inner).ok().map(|d| d.data))
        .collect()
}

pub fn bytes(v: Vec<u8>) -> Bytes {
    Bytes::from(v)
}

pub const TIMEOUT: Duration = Duration::from_secs(60);

// ---------------------------------------------------------------------------------------
// Protocol helpers (spec §7 signatures, actors).

use alloy::primitives::keccak256;
use prime::abi::{AITokenTransferRole, ComputePool, PrimeNetwork};

/// A deterministic key that holds no funds (node keys only sign).
pub fn node_key(label: &str) -> PrivateKeySigner {
    PrivateKeySigner::from_bytes(&keccak256(format!("prime-e2e node {label}"))).unwrap()
}

/// §7.1: the node key's consent to `provider` (`prime::sign`, as `prime node sign`).
pub fn node_signature(node: &PrivateKeySigner, provider: Address) -> Bytes {
    Bytes::from(prime::sign::sign_node(node, provider).to_vec())
}

/// §7.2: a pool invite signed by the pool's compute manager (as `prime pool invite`).
pub fn invite(
    manager: &PrivateKeySigner,
    domain: U256,
    pool: U256,
    node: Address,
    nonce: U256,
    expiration: U256,
) -> Bytes {
    Bytes::from(prime::sign::sign_invite(manager, domain, pool, node, nonce, expiration).to_vec())
}

impl Env {
    pub fn token(&self, i: usize) -> AITokenTransferRole::AITokenTransferRoleInstance<DynProvider> {
        AITokenTransferRole::new(self.addr("AIToken"), self.provider(i))
    }
    pub fn pn(&self, i: usize) -> PrimeNetwork::PrimeNetworkInstance<DynProvider> {
        PrimeNetwork::new(self.addr("PrimeNetwork"), self.provider(i))
    }
    pub fn pool(&self, i: usize) -> ComputePool::ComputePoolInstance<DynProvider> {
        ComputePool::new(self.addr("ComputePool"), self.provider(i))
    }

    /// The federator sends `amount` tokens to account `i`.
    pub async fn fund(&self, i: usize, amount: U256) {
        send!(self.token(1).transfer(self.address(i), amount));
    }

    /// Account `i` gets `amount` tokens, approves PrimeNetwork and registers with that stake.
    pub async fn register(&self, i: usize, stake: U256) -> TransactionReceipt {
        self.fund(i, stake).await;
        send!(self.token(i).approve(self.addr("PrimeNetwork"), stake));
        send!(self.pn(i).registerProvider(stake))
    }

    /// Provider `i` adds `node` with `cu` compute units (whitelisting it first if needed).
    pub async fn add_node(&self, i: usize, node: &PrivateKeySigner, cu: u64) -> TransactionReceipt {
        let sig = node_signature(node, self.address(i));
        send!(self.pn(i).addComputeNode(
            node.address(),
            "ipfs://nodekey/".into(),
            U256::from(cu),
            sig
        ))
    }

    /// Provider `i` joins `pool` with `nodes`, invited by `manager` (batch selector).
    pub async fn join(
        &self,
        i: usize,
        pool: U256,
        manager: &PrivateKeySigner,
        nodes: &[Address],
    ) -> Result<TransactionReceipt, String> {
        let cp = self.pool(i);
        let info = cp.getComputePool(pool).call().await.unwrap();
        let exp = U256::from(self.now().await + 1000);
        let mut nonces = vec![];
        let mut sigs = vec![];
        for (k, n) in nodes.iter().enumerate() {
            let nonce = U256::from_be_bytes(
                keccak256(
                    [
                        self.now().await.to_be_bytes().as_slice(),
                        n.as_slice(),
                        &[k as u8],
                    ]
                    .concat(),
                )
                .0,
            );
            sigs.push(invite(manager, info.domainId, pool, *n, nonce, exp));
            nonces.push(nonce);
        }
        let call = cp.joinComputePool_0(
            pool,
            self.address(i),
            nodes.to_vec(),
            nonces,
            vec![exp; nodes.len()],
            sigs,
        );
        match send_call(call).await {
            Ok(r) if r.status() => Ok(r),
            Ok(_) => Err("reverted (status 0)".into()),
            Err(e) => Err(self.reason(&e)),
        }
    }
}
