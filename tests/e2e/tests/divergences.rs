//! Divergences from the reference (docs/divergences.md and docs/divergences/*.md) shown end to
//! end with the real programs. The token's TRANSFER_ROLE_ADMIN / distributor payout divergence
//! and the explicit-admin constructors are shown in `token.rs` and `protocol.rs`.
mod common;

use alloy::primitives::{keccak256, Address, Bytes, U256};
use common::*;
use prime_deploy::abi::{ComputeRegistry, PrimeNetwork, StakeManager};

const FED: usize = 1;
const VAL: usize = 2;
const WEEK: u64 = 7 * 24 * 3600;

fn u(x: u64) -> U256 {
    U256::from(x)
}

/// docs/divergences/prime-network.md §3: `setValidator` leaves exactly the new validator (the
/// reference revokes the role from the calling federator and keeps the old validator).
#[tokio::test(flavor = "multi_thread")]
async fn set_validator_replaces_the_old_validator() {
    let env = Env::new().await;
    let role = keccak256("VALIDATOR_ROLE");
    let (old, new) = (env.address(VAL), env.address(7));
    let r = send!(env.pn(FED).setValidator(new));
    let granted: Vec<PrimeNetwork::RoleGranted> = events(&r);
    let revoked: Vec<PrimeNetwork::RoleRevoked> = events(&r);
    assert_eq!((granted[0].role, granted[0].account), (role, new));
    assert_eq!((revoked[0].role, revoked[0].account), (role, old));
    assert_eq!(
        env.pn(0).getRoleMembers(role).call().await.unwrap(),
        vec![new]
    );
    assert!(env
        .pn(0)
        .hasRole(keccak256("FEDERATOR_ROLE"), env.address(FED))
        .call()
        .await
        .unwrap());
    // The old validator can no longer act.
    let why = reverts!(env, env.pn(VAL).whitelistProvider(env.address(3)));
    assert_eq!(why, "Error(\"Must have VALIDATOR_ROLE or FEDERATOR_ROLE\")");
    send!(env.pn(7).whitelistProvider(env.address(3)));
}

/// docs/divergences/compute-registry.md §1: a removed node leaves the validated set, so
/// purging its provider from a pool still works (the reference reverts for good).
#[tokio::test(flavor = "multi_thread")]
async fn removed_node_leaves_the_validated_set_and_purge_works() {
    let env = Env::new().await;
    send!(env.pn(FED).setStakeMinimum(u(10)));
    let p = 3;
    let pa = env.address(p);
    env.register(p, u(1_000_000)).await;
    send!(env.pn(VAL).whitelistProvider(pa));
    let (a, b) = (node_key("a"), node_key("b"));
    for n in [&a, &b] {
        env.add_node(p, n, 10).await;
        send!(env.pn(VAL).validateNode(pa, n.address()));
    }
    send!(env
        .pn(FED)
        .createDomain("d".into(), Address::ZERO, "u".into()));
    send!(env.pool(FED).createComputePool(
        U256::ZERO,
        env.address(FED),
        "p".into(),
        "u".into(),
        U256::ZERO
    ));
    send!(env.pool(FED).startComputePool(U256::ZERO));
    env.join(p, U256::ZERO, &env.signer(FED), &[a.address()])
        .await
        .unwrap();
    send!(env.pn(p).removeComputeNode(pa, b.address()));
    let reg = ComputeRegistry::new(env.addr("ComputeRegistry"), env.reader());
    assert_eq!(
        reg.getProviderValidatedNodes(pa, true)
            .call()
            .await
            .unwrap(),
        vec![a.address()]
    );
    send!(env.pool(FED).blacklistAndPurgeProvider(U256::ZERO, pa));
    assert!(!env
        .pool(0)
        .isNodeInPool(U256::ZERO, a.address())
        .call()
        .await
        .unwrap());
}

/// docs/divergences/stake-manager.md §1-§2: slashing a locked unbond does not strand an older,
/// matured one; `withdraw` pays it, and the rest after its own unbonding period.
#[tokio::test(flavor = "multi_thread")]
async fn slashing_keeps_matured_unbonds_withdrawable() {
    let env = Env::new().await;
    send!(env.pn(FED).setStakeMinimum(u(10)));
    let p = 3;
    let pa = env.address(p);
    env.register(p, u(1000)).await;
    send!(env.pn(p).reclaimStake(u(400)));
    env.increase_time(WEEK + 1).await; // the 400 matured
    send!(env.pn(p).deregisterProvider(pa)); // the other 600 unbond, locked
    send!(env.pn(VAL).slash(pa, u(100), Bytes::from_static(b"late")));
    let sm = StakeManager::new(env.addr("StakeManager"), env.provider(p));
    assert_eq!(sm.getPendingUnbondTotal(pa).call().await.unwrap(), u(900));
    send!(sm.withdraw());
    assert_eq!(env.token(0).balanceOf(pa).call().await.unwrap(), u(400));
    env.increase_time(WEEK + 1).await;
    send!(sm.withdraw());
    assert_eq!(env.token(0).balanceOf(pa).call().await.unwrap(), u(900));
    assert!(sm
        .getPendingUnbonds(pa)
        .call()
        .await
        .unwrap()
        .iter()
        .all(|x| x.amount.is_zero()));
}
