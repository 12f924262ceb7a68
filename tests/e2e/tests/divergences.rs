//! Divergences from the reference (docs/divergences.md and docs/divergences/*.md) shown end to
//! end with the real programs, each test naming the entry it shows. Where the protocol's wiring
//! reserves a function to another contract (StakeManager's `setUnbondingPeriod`, the
//! registry's `updateNodeStatus`, a distributor's `joinPool`), a second instance of the same
//! program is deployed with a test account in that role. The token's TRANSFER_ROLE_ADMIN and
//! the distributor payout are shown in `token.rs` and `protocol.rs` (the reward claim), the
//! explicit-admin constructors in `protocol.rs` and `deploy_tool.rs`.
mod common;

use alloy::{
    dyn_abi::DynSolValue,
    network::TransactionBuilder,
    primitives::{keccak256, Address, Bytes, B256, U256},
    providers::Provider,
    rpc::types::TransactionRequest,
};
use common::*;
use prime::{
    abi::{
        ComputePool, ComputeRegistry, DomainRegistry, PrimeNetwork, RewardsDistributor,
        RewardsDistributorWorkSubmission, RewardsDistributorWorkSubmissionFactory, StakeManager,
    },
    deploy::{ctor_calldata, transfer_role_admin},
};

const FED: usize = 1;
const VAL: usize = 2;
const WEEK: u64 = 7 * 24 * 3600;

fn u(x: u64) -> U256 {
    U256::from(x)
}

/// A fresh deployment with a minimum stake of 10 (wei-sized, as the reference tests use) and
/// provider 3 registered with `stake`; returns it with the provider's address.
async fn with_provider(stake: u64) -> (Env, Address) {
    let env = Env::new().await;
    send!(env.pn(FED).setStakeMinimum(u(10)));
    env.register(3, u(stake)).await;
    let pa = env.address(3);
    (env, pa)
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
    let (env, pa) = with_provider(1_000_000).await;
    let p = 3;
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
    let (env, pa) = with_provider(1000).await;
    let p = 3;
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

/// docs/divergences/stake-manager.md §2-§5, through PrimeNetwork: queue events carry the amounts
/// moved, `rebond` stops when done, consumed entries leave the window that `getUnbondAtIndex`
/// indexes, zero amounts queue nothing, and `withdraw` empties the window.
#[tokio::test(flavor = "multi_thread")]
async fn stake_queue_events_window_and_zero_amounts() {
    let (env, pa) = with_provider(1000).await;
    let p = 3;
    let sm = StakeManager::new(env.addr("StakeManager"), env.provider(p));

    let r = send!(env.pn(p).reclaimStake(u(100)));
    let un: Vec<StakeManager::Unstake> = events(&r);
    assert_eq!(
        (un[0].staker, un[0].amount, un[0].index),
        (pa, u(100), u(0))
    );
    send!(env.pn(p).reclaimStake(u(200)));

    // §3: rebonding exactly the first entry removes it, with its amount, and touches nothing
    // else (the reference reports 0 and a spurious PendingBondUpdated for the next entry).
    let r = send!(env.pn(p).increaseStake(u(100)));
    let removed: Vec<StakeManager::PendingBondRemoved> = events(&r);
    assert_eq!(removed.len(), 1);
    assert_eq!(
        (removed[0].staker, removed[0].amount, removed[0].index),
        (pa, u(100), u(0))
    );
    assert!(events::<StakeManager::PendingBondUpdated>(&r).is_empty());
    assert_eq!(events::<StakeManager::Rebond>(&r)[0].amount, u(100));
    assert_eq!(sm.getStake(pa).call().await.unwrap(), u(800));

    // §2, §5: the window moved past the consumed entry; indexes are relative to it and
    // bounded by it (the reference bounds them by the whole array and panics past the end).
    let pending = sm.getPendingUnbonds(pa).call().await.unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].amount, u(200));
    assert_eq!(
        sm.getUnbondAtIndex(pa, u(0)).call().await.unwrap().amount,
        u(200)
    );
    let e = sm.getUnbondAtIndex(pa, u(1)).call().await.unwrap_err();
    assert_eq!(
        env.reason(&e),
        "Error(\"StakeManager: index out of bounds\")"
    );

    // §4: rebond(0) (increaseStake(0) with a pending unbond) changes and announces nothing.
    let r = send!(env.pn(p).increaseStake(u(0)));
    assert!(r.inner.logs().is_empty(), "{:?}", r.inner.logs());
    // §4: unstake(0): reclaimStake(0) with nothing above the lock, and deregistering an
    // address without stake, queue nothing (the reference pushes zero entries and emits
    // Unstake(s, 0, i)).
    let q = 4;
    let qa = env.address(q);
    env.register(q, u(10)).await;
    let r = send!(env.pn(q).reclaimStake(u(0)));
    assert!(r.inner.logs().is_empty(), "{:?}", r.inner.logs());
    let stranger = env.address(5);
    let r = send!(env.pn(5).deregisterProvider(stranger));
    assert!(events::<StakeManager::Unstake>(&r).is_empty());
    assert_eq!(events::<PrimeNetwork::ProviderDeregistered>(&r).len(), 1);
    for who in [qa, stranger] {
        assert!(sm.getPendingUnbonds(who).call().await.unwrap().is_empty());
    }

    // §2-§3: after the period, withdraw pays the entry, reports its amount and empties the
    // window (the reference reports 0 and keeps a zeroed entry in the window).
    env.increase_time(WEEK + 1).await;
    let r = send!(sm.withdraw());
    let removed: Vec<StakeManager::PendingBondRemoved> = events(&r);
    assert_eq!(
        (removed[0].staker, removed[0].amount, removed[0].index),
        (pa, u(200), u(1))
    );
    assert_eq!(events::<StakeManager::Withdraw>(&r)[0].amount, u(200));
    assert!(sm.getPendingUnbonds(pa).call().await.unwrap().is_empty());
    assert_eq!(sm.getPendingUnbondTotal(pa).call().await.unwrap(), u(0));
    assert_eq!(env.token(0).balanceOf(pa).call().await.unwrap(), u(200));
}

/// docs/divergences/stake-manager.md §2: after the unbonding period was shortened, a matured
/// unbond behind a locked one is paid at once (the reference waits for the older entry).
/// StakeManager's `setUnbondingPeriod` needs PRIME_ROLE, which PrimeNetwork holds without a
/// path to it, so this runs on a second StakeManager whose PRIME admin is the deployer.
#[tokio::test(flavor = "multi_thread")]
async fn withdraw_pays_a_matured_unbond_behind_a_locked_one() {
    let env = Env::new().await;
    let token = env.addr("AIToken");
    let sm_addr = env
        .deploy_standalone(
            FED,
            "stake-manager",
            "(address,uint256,address)",
            &[
                DynSolValue::Address(env.address(FED)),
                DynSolValue::Uint(u(WEEK), 256),
                DynSolValue::Address(token),
            ],
        )
        .await;
    send!(env.token(FED).approveTransferAddress(sm_addr));
    let sm = StakeManager::new(sm_addr, env.provider(FED));
    let s = env.address(4);
    send!(env.token(FED).approve(sm_addr, u(100)));
    send!(sm.stake(s, u(100)));
    send!(sm.unstake(s, u(30))); // locked for a week
    send!(sm.setUnbondingPeriod(u(60)));
    send!(sm.unstake(s, u(20))); // matures in a minute
    env.increase_time(61).await;
    let r = send!(StakeManager::new(sm_addr, env.provider(4)).withdraw());
    let removed: Vec<StakeManager::PendingBondRemoved> = events(&r);
    assert_eq!(removed.len(), 1);
    assert_eq!((removed[0].amount, removed[0].index), (u(20), u(1)));
    assert_eq!(events::<StakeManager::Withdraw>(&r)[0].amount, u(20));
    assert_eq!(env.token(0).balanceOf(s).call().await.unwrap(), u(20));
    let pending = sm.getPendingUnbonds(s).call().await.unwrap();
    assert_eq!(
        pending.len(),
        2,
        "the locked entry stays, the paid one is (0, 0)"
    );
    assert_eq!(pending[0].amount, u(30));
    assert_eq!(pending[1].amount, u(0));
    assert_eq!(sm.getPendingUnbondTotal(s).call().await.unwrap(), u(30));
}

/// docs/divergences/compute-registry.md §2 and prime-network.md §4: deregistration clears the
/// provider's nodes, validated set and total compute, so a re-registered provider needs stake
/// for the compute it has now and can add its old node again (the reference keeps the old
/// total in `calculateMinimumStake` and panics on lookups of the old nodes).
#[tokio::test(flavor = "multi_thread")]
async fn deregistration_clears_the_registry() {
    let (env, pa) = with_provider(1000).await;
    let p = 3;
    let reg = ComputeRegistry::new(env.addr("ComputeRegistry"), env.reader());
    send!(env.pn(VAL).whitelistProvider(pa));
    let a = node_key("a");
    env.add_node(p, &a, 10).await;
    send!(env.pn(VAL).validateNode(pa, a.address()));
    let pn = env.pn(0);
    let min_stake = || pn.calculateMinimumStake(pa, u(0));
    assert_eq!(min_stake().call().await.unwrap(), u(110));

    // The node is not active in any pool, so deregistration is allowed.
    send!(env.pn(p).deregisterProvider(pa));
    assert_eq!(reg.getProviderTotalCompute(pa).call().await.unwrap(), u(0));
    assert_eq!(min_stake().call().await.unwrap(), u(10));
    assert!(reg
        .getProviderValidatedNodes(pa, false)
        .call()
        .await
        .unwrap()
        .is_empty());
    let e = reg.getNode_1(pa, a.address()).call().await.unwrap_err();
    assert!(
        env.reason(&e).starts_with("EnumerableMapNonexistentKey("),
        "{}",
        env.reason(&e)
    );
    // Historical, as the reference: old rewards stay claimable by the provider.
    assert_eq!(reg.getNodeProvider(a.address()).call().await.unwrap(), pa);

    // Back with 60: enough for the base and a 5-unit node now (the reference would ask
    // (10 + 5) * 10 + 10 = 160), and the same node key can be added again.
    env.register(p, u(60)).await;
    send!(env.pn(VAL).whitelistProvider(pa));
    env.add_node(p, &a, 5).await;
    assert_eq!(reg.getProviderTotalCompute(pa).call().await.unwrap(), u(5));
    let node = reg.getNode_1(pa, a.address()).call().await.unwrap();
    assert_eq!((node.computeUnits, node.isValidated), (5, false));
}

/// docs/divergences/compute-registry.md §4: another provider's node key is "not found" for
/// a write through PrimeNetwork and a zero node for `getNode(provider, key)` (the reference
/// panics 0x32 when the key's index is past the provider's array).
#[tokio::test(flavor = "multi_thread")]
async fn another_providers_node_is_not_found() {
    let env = Env::new().await;
    send!(env.pn(FED).setStakeMinimum(u(10)));
    let (p1, p2) = (3, 4);
    let (a, b, c) = (node_key("a"), node_key("b"), node_key("c"));
    for p in [p1, p2] {
        env.register(p, u(1000)).await;
        send!(env.pn(VAL).whitelistProvider(env.address(p)));
    }
    env.add_node(p1, &a, 1).await;
    env.add_node(p1, &b, 1).await; // index 1 in p1's array; p2 has one node
    env.add_node(p2, &c, 1).await;
    let p2a = env.address(p2);
    let why = reverts!(env, env.pn(p2).removeComputeNode(p2a, b.address()));
    assert_eq!(why, "Error(\"ComputeRegistry: node not found\")");
    let reg = ComputeRegistry::new(env.addr("ComputeRegistry"), env.reader());
    let node = reg.getNode_1(p2a, b.address()).call().await.unwrap();
    assert_eq!((node.provider, node.subkey), (Address::ZERO, Address::ZERO));
    // p1's node is untouched.
    assert_eq!(
        reg.getNode_1(env.address(p1), b.address())
            .call()
            .await
            .unwrap()
            .subkey,
        b.address()
    );
}

/// docs/divergences/compute-registry.md §3: setting a node's status to the value it has
/// changes nothing (the reference counts every call: a repeated `true` blocks deregistration
/// for good, a repeated `false` at 0 panics). `updateNodeStatus` needs COMPUTE_POOL_ROLE, so
/// this runs on a second registry whose PRIME admin is the deployer.
#[tokio::test(flavor = "multi_thread")]
async fn node_status_counts_real_transitions_only() {
    let env = Env::new().await;
    let admin = env.address(FED);
    let reg_addr = env
        .deploy_standalone(
            FED,
            "compute-registry",
            "(address)",
            &[DynSolValue::Address(admin)],
        )
        .await;
    let reg = ComputeRegistry::new(reg_addr, env.provider(FED));
    let p = env.address(3);
    let n = node_key("n").address();
    send!(reg.register(p));
    send!(reg.addComputeNode(p, n, u(10), "ipfs://n".into()));
    send!(reg.setComputePool(admin));
    send!(reg.updateNodeStatus(p, n, true));
    send!(reg.updateNodeStatus(p, n, true));
    assert_eq!(reg.getProviderActiveNodes(p).call().await.unwrap(), 1);
    send!(reg.updateNodeStatus(p, n, false));
    send!(reg.updateNodeStatus(p, n, false));
    assert_eq!(reg.getProviderActiveNodes(p).call().await.unwrap(), 0);
    assert!(!reg.getNode_0(n).call().await.unwrap().isActive);
}

/// docs/divergences/domain-registry.md §1, compute-pool.md §2: `domains(uint256)` and
/// `pools(uint256)` return their values as separate outputs and `getComputePool` one struct,
/// exactly as the reference ABI decodes them (stylus-sdk 0.9 alone would add an offset word).
#[tokio::test(flavor = "multi_thread")]
async fn string_getters_decode_with_the_reference_abi() {
    let env = Env::new().await;
    let logic = env.addr("WorkValidator");
    send!(env
        .pn(FED)
        .createDomain("domain".into(), logic, "ipfs://params".into()));
    let manager = env.address(6);
    send!(env.pool(FED).createComputePool(
        U256::ZERO,
        manager,
        "pool".into(),
        "ipfs://pool".into(),
        u(7)
    ));
    let dr = DomainRegistry::new(env.addr("DomainRegistry"), env.reader());
    let d = dr.domains(U256::ZERO).call().await.unwrap();
    assert_eq!(
        (
            d.domainId,
            d.name.as_str(),
            d.validationLogic,
            d.domainParametersURI.as_str(),
            d.computePool
        ),
        (
            U256::ZERO,
            "domain",
            logic,
            "ipfs://params",
            env.addr("ComputePool")
        )
    );
    let cp = env.pool(0);
    let p = cp.pools(U256::ZERO).call().await.unwrap();
    assert_eq!(
        (
            p.poolId,
            p.domainId,
            p.poolName.as_str(),
            p.creator,
            p.computeManagerKey,
            p.poolDataURI.as_str(),
            p.computeLimit
        ),
        (
            U256::ZERO,
            U256::ZERO,
            "pool",
            env.address(FED),
            manager,
            "ipfs://pool",
            u(7)
        )
    );
    let info = cp.getComputePool(U256::ZERO).call().await.unwrap();
    assert_eq!(
        (
            info.poolName.as_str(),
            info.poolDataURI.as_str(),
            info.computeLimit
        ),
        ("pool", "ipfs://pool", u(7))
    );
}

/// docs/divergences/prime-network.md §1, compute-pool.md §1: the facets answer only through
/// their front (called directly they see their own, empty storage), and unknown selectors
/// revert without data, as a Solidity contract without fallback.
#[tokio::test(flavor = "multi_thread")]
async fn facets_answer_only_through_their_front() {
    let env = Env::new().await;
    let va = env.address(VAL);
    let why = reverts!(
        env,
        PrimeNetwork::new(env.addr("PrimeNetworkFacet"), env.provider(VAL)).whitelistProvider(va)
    );
    // whitelistProvider is a front function: the facet's router does not know it.
    assert_eq!(why, "reverted without data");
    let facet = PrimeNetwork::new(env.addr("PrimeNetworkFacet"), env.provider(VAL));
    let why = reverts!(env, facet.slash(va, u(1), Bytes::new()));
    assert_eq!(
        why,
        format!(
            "AccessControlUnauthorizedAccount({va}, {})",
            keccak256("VALIDATOR_ROLE")
        )
    );
    let admin = ComputePool::new(env.addr("ComputePoolAdminFacet"), env.provider(FED));
    let why = reverts!(
        env,
        admin.createComputePool(U256::ZERO, va, "p".into(), "u".into(), U256::ZERO)
    );
    assert!(
        why.starts_with("AccessControlUnauthorizedAccount("),
        "{why}"
    );
    // Through the front the same validator call works.
    send!(env.pn(VAL).whitelistProvider(va));

    for front in [env.addr("PrimeNetwork"), env.addr("ComputePool")] {
        let tx = TransactionRequest::default()
            .with_to(front)
            .with_input(Bytes::from_static(&[0xde, 0xad, 0xbe, 0xef]));
        let e = env.reader().call(tx).await.unwrap_err();
        // A revert (JSON-RPC code 3) with empty data.
        let data = prime::revert::revert_data_of_transport(&e);
        assert_eq!(data.map(|d| d.len()), Some(0), "{e}");
    }
}

/// docs/divergences/rewards-distributor-work-submission-factory.md §1, §3, §4: each pool's
/// distributor is an EIP-1167 clone at the factory's next CREATE address, initialised once,
/// granted TRANSFER_ROLE by the factory (which holds nothing else on the token), and its
/// rewards manager is the federator the factory learnt at `setComputePool`.
#[tokio::test(flavor = "multi_thread")]
async fn distributors_are_initialised_clones() {
    let env = Env::new().await;
    let r = env.reader();
    let factory_addr = env.addr("RewardsDistributorFactory");
    let implementation = env.addr("RewardsDistributorImplementation");
    send!(env
        .pn(FED)
        .createDomain("d".into(), Address::ZERO, "u".into()));
    let cp = env.pool(FED);
    let create =
        |mgr: Address| cp.createComputePool(U256::ZERO, mgr, "p".into(), "u".into(), U256::ZERO);
    let rc = send!(create(env.address(6)));
    let nd: Vec<RewardsDistributorWorkSubmissionFactory::NewRewardsDistributor> = events(&rc);
    let d1 = nd[0].rewardsDistributor;
    assert_eq!(d1, factory_addr.create(1));
    let mut runtime = hex_bytes("363d3d373d3d3d363d73");
    runtime.extend_from_slice(implementation.as_slice());
    runtime.extend(hex_bytes("5af43d82803e903d91602b57fd5bf3"));
    assert_eq!(r.get_code_at(d1).await.unwrap().to_vec(), runtime);

    // §4: TRANSFER_ROLE for the clone, from a factory that is no token admin or minter.
    let token = env.token(0);
    assert!(token
        .hasRole(keccak256("TRANSFER_ROLE"), d1)
        .call()
        .await
        .unwrap());
    assert_eq!(
        token
            .getRoleAdmin(keccak256("TRANSFER_ROLE"))
            .call()
            .await
            .unwrap(),
        transfer_role_admin()
    );
    for role in [
        B256::ZERO,
        keccak256("MINTER_ROLE"),
        keccak256("TRANSFER_ROLE"),
    ] {
        assert!(!token.hasRole(role, factory_addr).call().await.unwrap());
    }

    // §1: the clone and the implementation are initialised once and for all.
    let init = ctor_calldata(
        "(address,address,uint256,address,address,address)",
        &[
            DynSolValue::Address(env.address(4)),
            DynSolValue::Address(env.address(4)),
            DynSolValue::Uint(U256::ZERO, 256),
            DynSolValue::Address(env.address(4)),
            DynSolValue::Address(env.address(4)),
            DynSolValue::Address(env.address(4)),
        ],
    )
    .unwrap();
    for target in [d1, implementation] {
        let tx = TransactionRequest::default()
            .with_from(env.address(4))
            .with_to(target)
            .with_input(Bytes::from(init.clone()));
        assert!(r.call(tx).await.is_err(), "{target} initialised twice");
    }
    let dist = RewardsDistributorWorkSubmission::new(d1, env.reader());
    let manager = keccak256("REWARDS_MANAGER_ROLE");
    assert_eq!(
        dist.getRoleMembers(manager).call().await.unwrap(),
        vec![env.address(FED)]
    );

    // §3: a new federator reaches new distributors once the factory's admin calls
    // setComputePool again (the reference reads it at each pool creation).
    let new_fed = env.address(7);
    send!(env.pn(FED).setFederator(new_fed));
    let rc = send!(create(env.address(6)));
    let d2 = events::<RewardsDistributorWorkSubmissionFactory::NewRewardsDistributor>(&rc)[0]
        .rewardsDistributor;
    assert_eq!(d2, factory_addr.create(2));
    let members = |d: Address| {
        let dist = RewardsDistributorWorkSubmission::new(d, env.reader());
        async move { dist.getRoleMembers(manager).call().await.unwrap() }
    };
    assert_eq!(members(d2).await, vec![env.address(FED)]);
    let factory = RewardsDistributorWorkSubmissionFactory::new(factory_addr, env.provider(FED));
    send!(factory.setComputePool(env.addr("ComputePool")));
    let rc = send!(create(env.address(6)));
    let d3 = events::<RewardsDistributorWorkSubmissionFactory::NewRewardsDistributor>(&rc)[0]
        .rewardsDistributor;
    assert_eq!(members(d3).await, vec![new_fed]);
}

/// docs/divergences/rewards-distributor.md §1-§2 (time-based distributor): a node joining
/// after the end accrues nothing, and a node leaving without having joined gets nothing and
/// changes nobody's rewards (the reference pays both `globalRewardIndex * computeUnits`).
/// ComputePool never makes these calls, so this runs on a second distributor whose
/// COMPUTE_POOL_ROLE is a test account, over the protocol's registry.
#[tokio::test(flavor = "multi_thread")]
async fn time_based_distributor_pays_only_membership() {
    let env = Env::new().await;
    send!(env.pn(FED).setStakeMinimum(u(1)));
    let p = 3;
    env.register(p, u(1000)).await;
    send!(env.pn(VAL).whitelistProvider(env.address(p)));
    let (a, b, c) = (node_key("a"), node_key("b"), node_key("c"));
    for (n, cu) in [(&a, 10), (&b, 20), (&c, 30)] {
        env.add_node(p, n, cu).await;
    }
    let pool = env.address(4);
    let d = env
        .deploy_standalone(
            4,
            "rewards-distributor",
            "(address,address,uint256,address,address,address)",
            &[
                DynSolValue::Address(pool),
                DynSolValue::Address(env.addr("ComputeRegistry")),
                DynSolValue::Uint(U256::ZERO, 256),
                DynSolValue::Address(env.addr("AIToken")),
                DynSolValue::Address(pool),
                DynSolValue::Address(pool),
            ],
        )
        .await;
    let dist = RewardsDistributor::new(d, env.provider(4));
    send!(dist.setRewardRate(u(1_000_000)));
    send!(dist.joinPool(a.address()));
    env.increase_time(100).await;
    send!(dist.endRewards());
    let earned_a = dist.calculateRewards(a.address()).call().await.unwrap()._0;
    assert!(earned_a >= u(100_000_000), "{earned_a}");
    assert!(dist.globalRewardIndex().call().await.unwrap() > U256::ZERO);

    send!(dist.joinPool(b.address())); // after the end
    env.increase_time(100).await;
    assert_eq!(
        dist.calculateRewards(b.address()).call().await.unwrap()._0,
        U256::ZERO
    );
    send!(dist.leavePool(c.address())); // never joined
    assert_eq!(
        dist.calculateRewards(c.address()).call().await.unwrap()._0,
        U256::ZERO
    );
    assert_eq!(
        dist.calculateRewards(a.address()).call().await.unwrap()._0,
        earned_a
    );
    let info = dist.nodeInfo(b.address()).call().await.unwrap();
    assert!(info._3, "b is in the pool, with nothing to claim");
}

fn hex_bytes(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}
