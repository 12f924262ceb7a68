//! The optional demo state (spec §11: `SetupState.s.sol` and the client's dev tooling): a
//! domain whose validation logic is the WorkValidator, a compute pool managed by the pool
//! owner (anvil #5 by default), started, and its distributor's reward rate set to 0.01 token
//! per work unit.

use alloy::{
    dyn_abi::DynSolValue,
    network::TransactionBuilder,
    primitives::{Address, B256, U256},
    providers::Provider,
    rpc::types::TransactionRequest,
    signers::local::PrivateKeySigner,
    sol_types::SolEvent,
};
use anyhow::{anyhow, Context, Result};

use crate::{
    abi::{ComputePool, DomainRegistry},
    deploy::Deployment,
    tx::{calldata, Sender},
};

/// anvil key #5: the reference dev tooling's pool owner / compute manager.
pub const ANVIL_KEY_5: B256 =
    alloy::primitives::b256!("8b3a350cf5c34c9194ca85829a2df0ec3153be0318b5e2d3348e872092edffba");

/// What the demo created.
#[derive(Clone, Debug)]
pub struct DemoState {
    /// The domain id.
    pub domain_id: U256,
    /// The pool id.
    pub pool_id: U256,
    /// The pool owner / compute manager.
    pub pool_owner: Address,
    /// The pool's rewards distributor.
    pub distributor: Address,
}

/// Creates the demo domain and pool. `federator` must be the deployer's sender.
pub async fn run_demo(
    federator: &Sender,
    rpc_url: &str,
    pool_owner_key: B256,
    dep: &Deployment,
    log: impl Fn(String),
) -> Result<DemoState> {
    let pn = dep.addr("PrimeNetwork")?;
    let pool = dep.addr("ComputePool")?;
    let validator = dep.get("WorkValidator").unwrap_or(Address::ZERO);
    let owner_addr = PrivateKeySigner::from_bytes(&pool_owner_key)?.address();
    let owner = Sender::new(rpc_url, pool_owner_key, federator.decoder.clone())?;

    let r = federator
        .call_tx(
            "PrimeNetwork.createDomain",
            pn,
            calldata(
                "createDomain(string,address,string)",
                &[
                    DynSolValue::String("Decentralized Training".into()),
                    DynSolValue::Address(validator),
                    DynSolValue::String("https://primeintellect.ai/training/params".into()),
                ],
            )?,
        )
        .await?;
    let domain_id = r
        .inner
        .logs()
        .iter()
        .find_map(|l| DomainRegistry::DomainCreated::decode_log_data(l.data()).ok())
        .map(|e| e.domainId)
        .ok_or_else(|| anyhow!("createDomain: no DomainCreated event"))?;
    log(format!(
        "demo: domain {domain_id} \"Decentralized Training\" (validation logic {validator})"
    ));

    let r = federator
        .call_tx(
            "ComputePool.createComputePool",
            pool,
            calldata(
                "createComputePool(uint256,address,string,string,uint256)",
                &[
                    DynSolValue::Uint(domain_id, 256),
                    DynSolValue::Address(owner_addr),
                    DynSolValue::String("demo-pool".into()),
                    DynSolValue::String("ipfs://legacy".into()),
                    DynSolValue::Uint(U256::ZERO, 256),
                ],
            )?,
        )
        .await?;
    let pool_id = r
        .inner
        .logs()
        .iter()
        .find_map(|l| ComputePool::ComputePoolCreated::decode_log_data(l.data()).ok())
        .map(|e| e.poolId)
        .ok_or_else(|| anyhow!("createComputePool: no ComputePoolCreated event"))?;
    log(format!(
        "demo: compute pool {pool_id} \"demo-pool\", manager {owner_addr}"
    ));

    if federator.provider.get_balance(owner_addr).await?.is_zero() {
        let tenth = U256::from(100_000_000_000_000_000u64);
        federator
            .send(
                "fund the pool owner",
                TransactionRequest::default()
                    .with_to(owner_addr)
                    .with_value(tenth),
            )
            .await?;
    }
    owner
        .call_tx(
            "ComputePool.startComputePool",
            pool,
            calldata(
                "startComputePool(uint256)",
                &[DynSolValue::Uint(pool_id, 256)],
            )?,
        )
        .await?;
    log(format!("demo: pool {pool_id} started by {owner_addr}"));

    let cp = ComputePool::new(pool, &federator.provider);
    let distributor = cp
        .getRewardDistributorForPool(pool_id)
        .call()
        .await
        .context("getRewardDistributorForPool")?;
    federator
        .call_tx(
            "RewardsDistributor.setRewardRate",
            distributor,
            calldata(
                "setRewardRate(uint256)",
                &[DynSolValue::Uint(
                    U256::from(10_000_000_000_000_000u64),
                    256,
                )],
            )?,
        )
        .await?;
    log(format!(
        "demo: distributor {distributor} reward rate 0.01 token per work unit"
    ));
    Ok(DemoState {
        domain_id,
        pool_id,
        pool_owner: owner_addr,
        distributor,
    })
}
