//! The reference `test/PrimeNetwork.t.sol` scenarios (spec §10.2), run end to end against
//! the real deployment on a fresh devnode (the production token and work-submission
//! distributor instead of the reference test's plain token and time-based distributor), with
//! the reference's assertions: setStakeMinimum(10), providers holding 1,000,000 token units,
//! 10 compute units per node, invites expiring at now + 1000.
mod common;

use alloy::{
    primitives::{keccak256, Address, Bytes, B256, U256},
    signers::{local::PrivateKeySigner, SignerSync},
    sol,
    sol_types::{eip712_domain, SolStruct, SolValue},
};
use common::*;
use prime::{
    abi::{
        ComputeRegistry, DomainRegistry, RewardsDistributor, StakeManager,
        SyntheticDataWorkValidator,
    },
    deploy::protocol_plan_with_distributor,
};

sol! {
    struct Permit { address owner; address spender; uint256 value; uint256 nonce; uint256 deadline; }
}

const FED: usize = 1;
const VAL: usize = 2;
const MANAGER: usize = 1; // the pool creator is the federator, who also signs invites
const ONE_M: u64 = 1_000_000;
const CU: u64 = 10;
const WEEK: u64 = 7 * 24 * 3600;

/// The reference setUp on top of the deployment: minimum stake 10.
async fn setup() -> Env {
    let env = Env::new().await;
    send!(env.pn(FED).setStakeMinimum(U256::from(10)));
    env
}

fn u(x: u64) -> U256 {
    U256::from(x)
}

impl Env {
    fn sm(&self) -> StakeManager::StakeManagerInstance<alloy::providers::DynProvider> {
        StakeManager::new(self.addr("StakeManager"), self.reader())
    }
    fn reg(&self) -> ComputeRegistry::ComputeRegistryInstance<alloy::providers::DynProvider> {
        ComputeRegistry::new(self.addr("ComputeRegistry"), self.reader())
    }
    async fn balance(&self, i: usize) -> U256 {
        self.token(0)
            .balanceOf(self.address(i))
            .call()
            .await
            .unwrap()
    }
    /// Registers, whitelists (validator) and adds + validates `nodes` of `CU` units each.
    async fn provider_with_nodes(&self, i: usize, stake: u64, nodes: &[&PrivateKeySigner]) {
        self.register(i, u(stake)).await;
        send!(self.pn(VAL).whitelistProvider(self.address(i)));
        for n in nodes {
            self.add_node(i, n, CU).await;
            send!(self.pn(VAL).validateNode(self.address(i), n.address()));
        }
    }
    /// A domain and a started pool (creator and manager: the federator); returns the pool id.
    async fn started_pool(&self, limit: u64) -> U256 {
        send!(self
            .pn(FED)
            .createDomain("test".into(), Address::ZERO, "test".into()));
        let n = self.pool(0).poolIdCounter().call().await.unwrap();
        let domain = U256::ZERO;
        send!(self.pool(FED).createComputePool(
            domain,
            self.address(MANAGER),
            "pool".into(),
            "uri".into(),
            u(limit)
        ));
        send!(self.pool(FED).startComputePool(n));
        n
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn test_federator_role_and_validator_role() {
    let env = setup().await;
    let who = env.address(3);
    let why = reverts!(env, env.pn(3).setFederator(who));
    assert!(
        why.starts_with(&format!("AccessControlUnauthorizedAccount({who}")),
        "{why}"
    );
    let why = reverts!(env, env.pn(3).setValidator(who));
    assert!(
        why.starts_with(&format!("AccessControlUnauthorizedAccount({who}")),
        "{why}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn test_provider_registration_and_deregistration_and_unstaking() {
    let env = setup().await;
    let p = env.address(3);
    env.register(3, u(ONE_M)).await;
    assert_eq!(
        env.reg().providers(p).call().await.unwrap().providerAddress,
        p
    );
    send!(env.pn(3).deregisterProvider(p));
    assert_eq!(
        env.reg().providers(p).call().await.unwrap().providerAddress,
        Address::ZERO
    );
    let smp = StakeManager::new(env.addr("StakeManager"), env.provider(3));
    let why = reverts!(env, smp.withdraw());
    assert!(why.starts_with("Error("), "{why}");
    env.increase_time(WEEK + 1).await;
    assert_eq!(
        env.sm().getPendingUnbonds(p).call().await.unwrap()[0].amount,
        u(ONE_M)
    );
    send!(smp.withdraw());
    assert_eq!(env.balance(3).await, u(ONE_M));
}

#[tokio::test(flavor = "multi_thread")]
async fn test_domain_creation() {
    let env = setup().await;
    send!(env
        .pn(FED)
        .createDomain("test".into(), Address::ZERO, "test".into()));
    let d = DomainRegistry::new(env.addr("DomainRegistry"), env.reader())
        .get(U256::ZERO)
        .call()
        .await
        .unwrap();
    assert_eq!((d.domainId, d.name.as_str()), (U256::ZERO, "test"));
}

#[tokio::test(flavor = "multi_thread")]
async fn test_provider_ops() {
    let env = setup().await;
    let (good, bad) = ([3usize, 4, 5], 6usize);
    for i in good.iter().chain([&bad]) {
        env.register(*i, u(ONE_M)).await;
    }
    for i in good {
        send!(env.pn(VAL).whitelistProvider(env.address(i)));
    }
    for i in good {
        assert!(env
            .reg()
            .getWhitelistStatus(env.address(i))
            .call()
            .await
            .unwrap());
    }
    assert!(!env
        .reg()
        .getWhitelistStatus(env.address(bad))
        .call()
        .await
        .unwrap());
    let v0 = env.balance(VAL).await;
    send!(env
        .pn(VAL)
        .slash(env.address(bad), u(5), Bytes::from_static(b"bad")));
    for i in good.iter().chain([&bad]) {
        send!(env.pn(*i).deregisterProvider(env.address(*i)));
        assert_eq!(
            env.reg()
                .providers(env.address(*i))
                .call()
                .await
                .unwrap()
                .providerAddress,
            Address::ZERO
        );
    }
    assert_eq!(
        env.sm()
            .getPendingUnbonds(env.address(bad))
            .call()
            .await
            .unwrap()[0]
            .amount,
        u(ONE_M - 5)
    );
    // Slashing after unstaking takes from the locked unbond.
    send!(env
        .pn(VAL)
        .slash(env.address(bad), u(2), Bytes::from_static(b"bad")));
    assert_eq!(
        env.sm()
            .getPendingUnbonds(env.address(bad))
            .call()
            .await
            .unwrap()[0]
            .amount,
        u(ONE_M - 7)
    );
    env.increase_time(WEEK + 10).await;
    for i in good.iter().chain([&bad]) {
        send!(StakeManager::new(env.addr("StakeManager"), env.provider(*i)).withdraw());
    }
    for i in good {
        assert_eq!(env.balance(i).await, u(ONE_M));
    }
    assert_eq!(env.balance(bad).await, u(ONE_M - 7));
    // The validator received the 7 slashed units.
    assert_eq!(env.balance(VAL).await, v0 + u(7));
}

#[tokio::test(flavor = "multi_thread")]
async fn test_node_ops() {
    let env = setup().await;
    let p = 3;
    let pa = env.address(p);
    let (g1, g2, g3, b1) = (
        node_key("g1"),
        node_key("g2"),
        node_key("g3"),
        node_key("b1"),
    );
    env.provider_with_nodes(p, ONE_M, &[&g1, &g2, &g3, &b1])
        .await;
    for n in [&g1, &g2, &g3, &b1] {
        assert_eq!(
            env.reg()
                .getNode_1(pa, n.address())
                .call()
                .await
                .unwrap()
                .subkey,
            n.address()
        );
    }
    send!(env.pn(VAL).invalidateNode(pa, b1.address()));
    assert!(!env
        .reg()
        .getNodeValidationStatus(pa, b1.address())
        .call()
        .await
        .unwrap());
    let pool = env.started_pool(0).await;
    let m = env.signer(MANAGER);
    env.join(p, pool, &m, &[g1.address()]).await.unwrap();
    env.join(p, pool, &m, &[g2.address(), g3.address()])
        .await
        .unwrap();
    assert_eq!(
        env.join(p, pool, &m, &[b1.address()]).await.unwrap_err(),
        "Error(\"ComputePool: node is not validated\")"
    );
    assert!(env.join(p, pool, &m, &[g1.address()]).await.is_err());
    send!(env.pool(p).leaveComputePool_1(pool, pa, g1.address()));
    let why = reverts!(env, env.pn(p).deregisterProvider(pa));
    assert_eq!(why, "Error(\"Provider has active nodes\")");
    send!(env.pool(p).leaveComputePool_1(pool, pa, Address::ZERO));
    env.increase_time(1).await;
    env.join(p, pool, &m, &[g1.address()]).await.unwrap();
    env.increase_time(1).await;
    env.join(p, pool, &m, &[g2.address()]).await.unwrap();
    send!(env.pool(MANAGER).ejectNode(pool, g1.address()));
    assert!(!env
        .pool(0)
        .isNodeInPool(pool, g1.address())
        .call()
        .await
        .unwrap());
    let why = reverts!(env, env.pool(MANAGER).ejectNode(pool, g1.address()));
    assert_eq!(why, "Error(\"ComputePool: node not in pool\")");
    let why = reverts!(
        env,
        env.pool(MANAGER)
            .ejectNode(pool, Address::with_last_byte(1))
    );
    assert!(why.starts_with("Error("), "{why}");
    env.increase_time(1).await;
    env.join(p, pool, &m, &[g1.address()]).await.unwrap();
    send!(env.pool(MANAGER).blacklistNode(pool, g1.address()));
    assert!(env.join(p, pool, &m, &[g1.address()]).await.is_err());
    send!(env.pool(MANAGER).blacklistAndPurgeProvider(pool, pa));
    assert!(env.join(p, pool, &m, &[g2.address()]).await.is_err());
    send!(env.pn(p).deregisterProvider(pa));
    env.increase_time(WEEK + 1).await;
    send!(StakeManager::new(env.addr("StakeManager"), env.provider(p)).withdraw());
    assert_eq!(env.balance(p).await, u(ONE_M));
}

#[tokio::test(flavor = "multi_thread")]
async fn test_no_node_owned_by_multiple_providers_and_re_add_removed_node() {
    let env = setup().await;
    let n = node_key("shared");
    env.provider_with_nodes(3, ONE_M, &[&n]).await;
    env.register(4, u(ONE_M)).await;
    send!(env.pn(VAL).whitelistProvider(env.address(4)));
    let sig = node_signature(&n, env.address(4));
    let why = reverts!(
        env,
        env.pn(4)
            .addComputeNode(n.address(), "ipfs://nodekey/".into(), u(CU), sig)
    );
    assert!(why.starts_with("Error(\"ComputeRegistry: node"), "{why}");
    // test_reAddRemovedNodeReverts: add, remove, re-add succeeds.
    let pa = env.address(3);
    send!(env.pn(3).removeComputeNode(pa, n.address()));
    env.add_node(3, &n, CU).await;
    assert_eq!(
        env.reg().getNodeProvider(n.address()).call().await.unwrap(),
        pa
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn test_register_with_permit() {
    let env = setup().await;
    let i = 3;
    let owner = env.address(i);
    env.fund(i, u(ONE_M)).await;
    let domain = eip712_domain! { name: "AI Token", version: "1", chain_id: env.dep.chain_id, verifying_contract: env.addr("AIToken"), };
    let deadline = u(env.now().await + 3600);
    let permit = Permit {
        owner,
        spender: env.addr("PrimeNetwork"),
        value: u(ONE_M),
        nonce: U256::ZERO,
        deadline,
    };
    let sig = env
        .signer(i)
        .sign_hash_sync(&permit.eip712_signing_hash(&domain))
        .unwrap();
    let encoded = (
        B256::from(sig.r()),
        B256::from(sig.s()),
        U256::from(27u8 + sig.v() as u8),
    )
        .abi_encode();
    send!(env
        .pn(i)
        .registerProviderWithPermit(u(ONE_M), deadline, encoded.into()));
    assert_eq!(env.sm().getStake(owner).call().await.unwrap(), u(ONE_M));
}

#[tokio::test(flavor = "multi_thread")]
async fn test_compute_pool_flow_and_compute_limit() {
    let env = setup().await;
    let p = 3;
    env.register(p, u(ONE_M)).await;
    send!(env.pn(VAL).whitelistProvider(env.address(p)));
    let big = node_key("big");
    let sig = node_signature(&big, env.address(p));
    let why = reverts!(
        env,
        env.pn(p)
            .addComputeNode(big.address(), "ipfs://nodekey/".into(), u(10 * ONE_M), sig)
    );
    assert_eq!(why, "Error(\"Insufficient stake\")");
    let (n1, n2) = (node_key("n1"), node_key("n2"));
    for n in [&n1, &n2] {
        env.add_node(p, n, CU).await;
        send!(env.pn(VAL).validateNode(env.address(p), n.address()));
    }
    // test_computeLimit: limit 10, the second 10-CU node does not fit.
    let pool = env.started_pool(10).await;
    env.join(p, pool, &env.signer(MANAGER), &[n1.address()])
        .await
        .unwrap();
    assert_eq!(
        env.join(p, pool, &env.signer(MANAGER), &[n2.address()])
            .await
            .unwrap_err(),
        "Error(\"ComputePool: pool is at capacity\")"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn test_stake_ops() {
    let env = setup().await;
    let p = 3;
    let pa = env.address(p);
    env.fund(p, u(ONE_M)).await;
    send!(env.token(p).approve(env.addr("PrimeNetwork"), u(ONE_M)));
    send!(env.pn(p).registerProvider(u(10)));
    send!(env.pn(VAL).whitelistProvider(pa));
    let n = node_key("n");
    let sig = node_signature(&n, pa);
    let why = reverts!(
        env,
        env.pn(p)
            .addComputeNode(n.address(), "ipfs://nodekey/".into(), u(1000), sig.clone())
    );
    assert_eq!(why, "Error(\"Insufficient stake\")");
    send!(env.pn(p).increaseStake(u(1000 * 2 * 10)));
    send!(env
        .pn(p)
        .addComputeNode(n.address(), "ipfs://nodekey/".into(), u(1000), sig));
    assert_eq!(
        env.pn(0)
            .calculateMinimumStake(pa, U256::ZERO)
            .call()
            .await
            .unwrap(),
        u(10010)
    );
    let stake = env.sm().getStake(pa).call().await.unwrap();
    let why = reverts!(env, env.pn(p).reclaimStake(stake - u(10010) + u(1)));
    assert!(why.starts_with("Error("), "{why}");
    send!(env.pn(p).reclaimStake(U256::ZERO));
    env.increase_time(WEEK + 1).await;
    send!(StakeManager::new(env.addr("StakeManager"), env.provider(p)).withdraw());
    assert_eq!(env.balance(p).await, u(ONE_M - 10010));
    send!(env.pn(VAL).validateNode(pa, n.address()));
    let pool = env.started_pool(0).await;
    env.join(p, pool, &env.signer(MANAGER), &[n.address()])
        .await
        .unwrap();
    send!(env.pool(p).leaveComputePool_1(pool, pa, Address::ZERO));
    send!(env.pn(p).removeComputeNode(pa, n.address()));
    assert_eq!(
        env.pn(0)
            .calculateMinimumStake(pa, U256::ZERO)
            .call()
            .await
            .unwrap(),
        u(10)
    );
    send!(env.pn(p).deregisterProvider(pa));
    env.increase_time(WEEK + 1).await;
    send!(StakeManager::new(env.addr("StakeManager"), env.provider(p)).withdraw());
    assert_eq!(env.balance(p).await, u(ONE_M));
}

#[tokio::test(flavor = "multi_thread")]
async fn test_stake_slashing_and_slash_sends_to_validator() {
    let env = setup().await;
    let p = 3;
    let pa = env.address(p);
    let n = node_key("n");
    env.register(p, u(ONE_M)).await;
    send!(env.pn(VAL).whitelistProvider(pa));
    // test_slashSendsToValidator
    let v0 = env.balance(VAL).await;
    send!(env.pn(VAL).slash(pa, u(5), Bytes::from_static(b"test")));
    assert_eq!(env.sm().getStake(pa).call().await.unwrap(), u(ONE_M - 5));
    assert_eq!(env.balance(VAL).await, v0 + u(5));
    // test_stakeSlashing
    let pool = env.started_pool(0).await;
    let wv = env.addr("WorkValidator");
    send!(env.pn(FED).updateDomainValidationLogic(U256::ZERO, wv));
    env.add_node(p, &n, 1000).await;
    send!(env.pn(VAL).validateNode(pa, n.address()));
    env.join(p, pool, &env.signer(MANAGER), &[n.address()])
        .await
        .unwrap();
    let key = keccak256("work");
    let mut data = key.to_vec();
    data.extend_from_slice(&u(10).to_be_bytes::<32>());
    send!(env.pool(p).submitWork(pool, n.address(), data.into()));
    assert_eq!(
        SyntheticDataWorkValidator::new(wv, env.reader())
            .getWorkKeys(pool)
            .call()
            .await
            .unwrap(),
        vec![key]
    );
    let stake = env.sm().getStake(pa).call().await.unwrap();
    let v1 = env.balance(VAL).await;
    send!(env.pn(VAL).invalidateWork(pool, stake, key.to_vec().into()));
    assert!(!env
        .pool(0)
        .isNodeInPool(pool, n.address())
        .call()
        .await
        .unwrap());
    assert_eq!(env.sm().getStake(pa).call().await.unwrap(), U256::ZERO);
    assert_eq!(env.balance(VAL).await, v1 + stake);
    assert!(env
        .join(p, pool, &env.signer(MANAGER), &[n.address()])
        .await
        .is_err());
}

#[tokio::test(flavor = "multi_thread")]
async fn test_node_leave_join_idempotency() {
    let env = setup().await;
    let p = 3;
    let pa = env.address(p);
    let (n, never) = (node_key("n"), node_key("never"));
    env.provider_with_nodes(p, ONE_M, &[&n, &never]).await;
    let pool = env.started_pool(0).await;
    env.join(p, pool, &env.signer(MANAGER), &[n.address()])
        .await
        .unwrap();
    assert!(env
        .join(p, pool, &env.signer(MANAGER), &[n.address()])
        .await
        .is_err());
    send!(env.pool(p).leaveComputePool_1(pool, pa, n.address()));
    let why = reverts!(env, env.pool(p).leaveComputePool_1(pool, pa, n.address()));
    assert!(why.starts_with("Error("), "{why}");
    let why = reverts!(
        env,
        env.pool(p).leaveComputePool_1(pool, pa, never.address())
    );
    assert!(why.starts_with("Error("), "{why}");
}

#[tokio::test(flavor = "multi_thread")]
async fn test_provider_blacklist() {
    let env = setup().await;
    let p = 3;
    let pa = env.address(p);
    let n = node_key("n");
    env.provider_with_nodes(p, ONE_M, &[&n]).await;
    let pool1 = env.started_pool(0).await;
    let pool2 = env.started_pool(0).await;
    send!(env.pool(MANAGER).blacklistAndPurgeProvider(pool1, pa));
    assert_eq!(
        env.join(p, pool1, &env.signer(MANAGER), &[n.address()])
            .await
            .unwrap_err(),
        "Error(\"ComputePool: provider is blacklisted\")"
    );
    env.join(p, pool2, &env.signer(MANAGER), &[n.address()])
        .await
        .unwrap();
    let info = env.pool(0).getComputePool(pool1).call().await.unwrap();
    let exp = u(env.now().await + 1000);
    let sig = invite(
        &env.signer(MANAGER),
        info.domainId,
        pool1,
        n.address(),
        u(7),
        exp,
    );
    let why = reverts!(
        env,
        env.pool(p).changeComputePool(
            pool2,
            pool1,
            vec![n.address()],
            vec![u(7)],
            vec![exp],
            vec![sig]
        )
    );
    assert_eq!(why, "Error(\"ComputePool: provider is blacklisted\")");
}

#[tokio::test(flavor = "multi_thread")]
async fn test_blacklist_gas_costs() {
    let env = Env::with_plan(None, 40).await;
    send!(env.pn(FED).setStakeMinimum(U256::from(10)));
    // 10 providers x 20 validated nodes, each provider batch-joining its 20.
    let providers: Vec<usize> = (11..21).collect();
    let mut nodes: Vec<Vec<PrivateKeySigner>> = vec![];
    for (k, &p) in providers.iter().enumerate() {
        let ns: Vec<PrivateKeySigner> =
            (0..20).map(|j| node_key(&format!("gas-{k}-{j}"))).collect();
        env.provider_with_nodes(p, ONE_M, &ns.iter().collect::<Vec<_>>())
            .await;
        nodes.push(ns);
    }
    let pool = env.started_pool(0).await;
    for (k, &p) in providers.iter().enumerate() {
        let addrs: Vec<Address> = nodes[k].iter().map(|n| n.address()).collect();
        env.join(p, pool, &env.signer(MANAGER), &addrs)
            .await
            .unwrap();
        assert_eq!(
            env.reg()
                .getProvider(env.address(p))
                .call()
                .await
                .unwrap()
                .activeNodes,
            20
        );
    }
    let cp = env.pool(0);
    let r = send!(env
        .pool(MANAGER)
        .blacklistAndPurgeProvider(pool, env.address(providers[5])));
    eprintln!("blacklistAndPurgeProvider(20 nodes): gas {}", r.gas_used);
    let in_pool = cp.getComputePoolNodes(pool).call().await.unwrap();
    assert!(nodes[5].iter().all(|n| !in_pool.contains(&n.address())));
    let mut list: Vec<Address> = nodes[1]
        .iter()
        .chain(nodes[2].iter())
        .map(|n| n.address())
        .collect();
    list.push(Address::with_last_byte(0x77));
    let r = send!(env.pool(MANAGER).blacklistNodeList(pool, list.clone()));
    eprintln!("blacklistNodeList(41 nodes): gas {}", r.gas_used);
    let in_pool = cp.getComputePoolNodes(pool).call().await.unwrap();
    assert!(list.iter().all(|n| !in_pool.contains(n)));
    for k in [1, 2, 5] {
        assert!(!cp
            .isProviderInPool(pool, env.address(providers[k]))
            .call()
            .await
            .unwrap());
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn test_reward_function() {
    // The reference test's time-based distributor: the protocol deployed with the
    // `rewards-distributor` implementation and `rewards-distributor-factory`.
    let plan = protocol_plan_with_distributor("rewards-distributor", "rewards-distributor-factory");
    let env = Env::with_plan(Some(plan), 30).await;
    send!(env.pn(FED).setStakeMinimum(U256::from(10)));
    let p = 3;
    let pa = env.address(p);
    let n = node_key("n");
    env.provider_with_nodes(p, 1000, &[&n]).await;
    let pool = env.started_pool(0).await;
    env.join(p, pool, &env.signer(MANAGER), &[n.address()])
        .await
        .unwrap();
    let dist_addr = env
        .pool(0)
        .getRewardDistributorForPool(pool)
        .call()
        .await
        .unwrap();
    send!(env.token(FED).transfer(dist_addr, u(10_000_000)));
    send!(RewardsDistributor::new(dist_addr, env.provider(FED)).setRewardRate(u(1000)));
    env.increase_time(1000).await;
    send!(env.pool(p).leaveComputePool_1(pool, pa, n.address()));
    send!(env.pn(p).removeComputeNode(pa, n.address()));
    let why = reverts!(env, env.reg().getNode_1(pa, n.address()));
    assert!(
        why.starts_with("EnumerableMapNonexistentKey(") || why.starts_with("Error("),
        "{why}"
    );
    assert_eq!(
        env.reg().getNodeProvider(n.address()).call().await.unwrap(),
        pa
    );
    let dist = RewardsDistributor::new(dist_addr, env.provider(p));
    let pending = dist.calculateRewards(n.address()).call().await.unwrap()._0;
    assert!(pending >= u(1000 * 1000), "{pending}");
    let before = env.balance(p).await;
    send!(dist.claimRewards(n.address()));
    assert_eq!(env.balance(p).await, before + pending);
}
