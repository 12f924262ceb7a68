//! The fixes of issue 13's review findings that need the devnode (the others have motsu
//! tests next to the code): contract creation and delegatecalls, and gas estimation.
//!
//! * constructors refuse a facet, an admin or membership facet or a distributor
//!   implementation without code;
//! * the work-submission factory grants the token's TRANSFER_ROLE only to distributors the
//!   ComputePool creates;
//! * `PrimeNetwork.invalidateWork` with the gas limit `eth_estimateGas` gives does the whole
//!   work (the node is invalidated and removed): a swallowed sub-call failure caused by lack
//!   of gas reverts the call instead, so the estimate has to cover it (docs/divergences/
//!   prime-network.md §8).
mod common;

use alloy::{
    dyn_abi::DynSolValue,
    primitives::{keccak256, Address, Bytes, B256, U256},
    providers::Provider,
};
use common::*;
use prime::abi::{
    ComputeRegistry, PrimeNetwork, RewardsDistributorWorkSubmissionFactory,
    SyntheticDataWorkValidator,
};

const FED: usize = 1;
const VAL: usize = 2;

/// A deployment fails with the constructor's revert reason.
async fn refused(env: &Env, krate: &str, ctor: &str, args: &[DynSolValue]) -> String {
    let code = std::fs::read(
        options(&env.url)
            .artifacts_dir
            .join(format!("{krate}.code")),
    )
    .unwrap();
    let sender = prime::Sender::new(&env.url, env.keys[FED], env.decoder.clone()).unwrap();
    let data = prime::deploy::ctor_calldata(ctor, args).unwrap();
    match prime::deploy::deploy_program(&sender, krate, &code, Some(data), true).await {
        Ok(d) => panic!("{krate} deployed at {} with a code-less address", d.address),
        Err(e) => format!("{e:#}"),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn constructors_refuse_addresses_without_code() {
    let env = Env::new().await;
    let eoa = DynSolValue::Address(env.address(9));
    let some = |name: &str| DynSolValue::Address(env.addr(name));

    let why = refused(
        &env,
        "prime-network",
        "(address,address,address,address,address)",
        &[
            some("AIToken"),
            some("AIToken"),
            some("AIToken"),
            some("AIToken"),
            eoa.clone(),
        ],
    )
    .await;
    assert!(why.contains("PrimeNetwork: facet has no code"), "{why}");

    let pool_args = |admin: DynSolValue, membership: DynSolValue| {
        vec![
            some("PrimeNetwork"),
            some("DomainRegistry"),
            some("ComputeRegistry"),
            some("RewardsDistributorFactory"),
            some("AIToken"),
            admin,
            membership,
        ]
    };
    let ctor = "(address,address,address,address,address,address,address)";
    let why = refused(
        &env,
        "compute-pool",
        ctor,
        &pool_args(eoa.clone(), some("ComputePoolMembershipFacet")),
    )
    .await;
    assert!(
        why.contains("ComputePool: admin facet has no code"),
        "{why}"
    );
    let why = refused(
        &env,
        "compute-pool",
        ctor,
        &pool_args(some("ComputePoolAdminFacet"), eoa.clone()),
    )
    .await;
    assert!(
        why.contains("ComputePool: membership facet has no code"),
        "{why}"
    );

    for factory in [
        "rewards-distributor-work-submission-factory",
        "rewards-distributor-factory",
        "rewards-distributor-fixed-factory",
    ] {
        let why = refused(
            &env,
            factory,
            "(address,address)",
            &[some("AIToken"), eoa.clone()],
        )
        .await;
        assert!(
            why.contains("RewardsDistributorFactory: implementation has no code"),
            "{factory}: {why}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn transfer_role_only_for_distributors_the_pool_creates() {
    let env = Env::new().await;
    let token = env.token(0);
    let transfer = keccak256("TRANSFER_ROLE");
    let factory = RewardsDistributorWorkSubmissionFactory::new(
        env.addr("RewardsDistributorFactory"),
        env.provider(FED),
    );
    // The deployer holds REWARD_CREATOR on the factory (as the reference's msg.sender): it
    // may create a distributor, which gets no TRANSFER_ROLE.
    let r = send!(factory.createRewardsDistributor(env.addr("ComputeRegistry"), U256::from(77)));
    let made: Vec<RewardsDistributorWorkSubmissionFactory::NewRewardsDistributor> = events(&r);
    let by_creator = made[0].rewardsDistributor;
    assert!(!env
        .reader()
        .get_code_at(by_creator)
        .await
        .unwrap()
        .is_empty());
    assert!(!token.hasRole(transfer, by_creator).call().await.unwrap());

    // A distributor the pool creates (createComputePool) gets it.
    send!(env
        .pn(FED)
        .createDomain("d".into(), env.addr("WorkValidator"), "u".into()));
    let r = send!(env.pool(FED).createComputePool(
        U256::ZERO,
        env.address(6),
        "p".into(),
        "u".into(),
        U256::ZERO
    ));
    let made: Vec<RewardsDistributorWorkSubmissionFactory::NewRewardsDistributor> = events(&r);
    let by_pool = made[0].rewardsDistributor;
    assert_eq!(made[0].computePool, env.addr("ComputePool"));
    assert!(token.hasRole(transfer, by_pool).call().await.unwrap());
}

/// Work data for the SyntheticDataWorkValidator: `workKey ‖ workUnits`.
fn work(key: B256, units: u64) -> Bytes {
    let mut d = key.to_vec();
    d.extend_from_slice(&U256::from(units).to_be_bytes::<32>());
    Bytes::from(d)
}

/// A provider (3) with a validated node in an active pool (0) that submitted work `key`.
async fn node_with_work(env: &Env, key: B256) -> (Address, Address) {
    let (p, owner) = (3, 6);
    let pa = env.address(p);
    send!(env.pn(FED).setStakeMinimum(U256::from(10)));
    env.register(p, tokens(100)).await;
    send!(env.pn(VAL).whitelistProvider(pa));
    let node = node_key("estimate");
    env.add_node(p, &node, 10).await;
    send!(env.pn(VAL).validateNode(pa, node.address()));
    send!(env
        .pn(FED)
        .createDomain("d".into(), env.addr("WorkValidator"), "u".into()));
    send!(env.pool(FED).createComputePool(
        U256::ZERO,
        env.address(owner),
        "p".into(),
        "u".into(),
        U256::ZERO
    ));
    send!(env.pool(owner).startComputePool(U256::ZERO));
    env.join(p, U256::ZERO, &env.signer(owner), &[node.address()])
        .await
        .unwrap();
    send!(env
        .pool(p)
        .submitWork(U256::ZERO, node.address(), work(key, 100)));
    (pa, node.address())
}

#[tokio::test(flavor = "multi_thread")]
async fn invalidate_work_with_the_estimated_gas_limit_does_all_the_work() {
    let env = Env::new().await;
    let key = keccak256("invalid work");
    let (provider, node) = node_with_work(&env, key).await;
    let registry = ComputeRegistry::new(env.addr("ComputeRegistry"), env.reader());
    let pn = env.pn(VAL);
    let call = pn.invalidateWork(U256::ZERO, tokens(1), key.to_vec().into());
    let estimate = call.estimate_gas().await.unwrap();

    // Below the estimate the transaction never succeeds halfway (the reference, sent by cast
    // with its estimate, ends with the node still registered: removeComputeNode starved).
    for less in [1_000u64, 3_000, 10_000, 30_000, 100_000] {
        let pending = call.clone().gas(estimate - less).send().await.unwrap();
        let r = prime::tx::wait_receipt(&env.reader(), *pending.tx_hash(), TIMEOUT)
            .await
            .unwrap();
        assert!(
            !r.status(),
            "succeeded with {less} gas less than the estimate"
        );
    }
    assert!(registry
        .getNodeContractData(node)
        .call()
        .await
        .is_ok_and(|d| d._0 == provider));

    // With exactly the estimate: slashed, invalidated and removed, all in one transaction.
    let pending = call.gas(estimate).send().await.unwrap();
    let r = prime::tx::wait_receipt(&env.reader(), *pending.tx_hash(), TIMEOUT)
        .await
        .unwrap();
    assert!(r.status());
    let invalidated: Vec<SyntheticDataWorkValidator::WorkInvalidated> = events(&r);
    assert_eq!(invalidated[0].workKey, key);
    let removed: Vec<PrimeNetwork::ComputeNodeRemoved> = events(&r);
    assert_eq!((removed[0].provider, removed[0].nodekey), (provider, node));
    let invalid: Vec<PrimeNetwork::ComputeNodeInvalidated> = events(&r);
    assert_eq!(invalid[0].nodekey, node);
    // The registry no longer has the node (a removed key reverts, spec §13 item 7).
    assert!(registry.getNodeContractData(node).call().await.is_err());
}
