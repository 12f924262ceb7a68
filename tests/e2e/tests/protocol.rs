//! The whole protocol on a fresh devnode, deployed by the deploy library: the wiring of
//! spec §1.2-§1.3, then the complete flow of issue 3 (federator, providers with stake and
//! with permit, node keys, validator, domain, pool, signed invites, work through the
//! validator contract, soft and hard invalidation with slashing, ejection and blacklisting,
//! leaving, 24 h reward unlock and claim, deregistration and the 7-day unbonding), with
//! events decoded by the reference signatures and reverts by the reference errors. The flow
//! runs on a deployment at the reference client's addresses (`scripts/deploy.sh`'s default).
mod common;

use alloy::{
    primitives::{keccak256, Address, Bytes, B256, U256},
    signers::SignerSync,
    sol,
    sol_types::{eip712_domain, SolStruct, SolValue},
};
use common::*;
use prime::{
    abi::{
        ComputePool, ComputeRegistry, DomainRegistry, PrimeNetwork,
        RewardsDistributorWorkSubmission, RewardsDistributorWorkSubmissionFactory, StakeManager,
        SyntheticDataWorkValidator,
    },
    deploy::transfer_role_admin,
};

sol! {
    struct Permit { address owner; address spender; uint256 value; uint256 nonce; uint256 deadline; }
}

fn role(name: &str) -> B256 {
    keccak256(name)
}

#[tokio::test(flavor = "multi_thread")]
async fn protocol_is_wired_as_the_reference_deploy() {
    let env = Env::new().await;
    let r = env.reader();
    let (deployer, validator) = (env.dep.deployer, env.dep.validator);
    let pn_addr = env.addr("PrimeNetwork");
    let pool_addr = env.addr("ComputePool");
    let pn = PrimeNetwork::new(pn_addr, &r);
    assert!(pn.hasRole(B256::ZERO, deployer).call().await.unwrap());
    assert_eq!(
        pn.getRoleMember(role("FEDERATOR_ROLE"), U256::ZERO)
            .call()
            .await
            .unwrap(),
        deployer
    );
    assert_eq!(
        pn.getRoleMembers(role("VALIDATOR_ROLE"))
            .call()
            .await
            .unwrap(),
        vec![validator]
    );
    assert_eq!(pn.AIToken().call().await.unwrap(), env.addr("AIToken"));
    assert_eq!(
        pn.computeRegistry().call().await.unwrap(),
        env.addr("ComputeRegistry")
    );
    assert_eq!(
        pn.domainRegistry().call().await.unwrap(),
        env.addr("DomainRegistry")
    );
    assert_eq!(
        pn.stakeManager().call().await.unwrap(),
        env.addr("StakeManager")
    );
    assert_eq!(pn.computePool().call().await.unwrap(), pool_addr);

    let sm = StakeManager::new(env.addr("StakeManager"), &r);
    assert_eq!(
        sm.getStakeMinimum().call().await.unwrap(),
        U256::from(25_000_000_000_000_000u64)
    );
    assert_eq!(
        sm.getUnbondingPeriod().call().await.unwrap(),
        U256::from(7 * 24 * 3600)
    );
    assert!(sm
        .hasRole(role("PRIME_ROLE"), pn_addr)
        .call()
        .await
        .unwrap());
    assert!(sm.hasRole(B256::ZERO, pn_addr).call().await.unwrap());

    let reg = ComputeRegistry::new(env.addr("ComputeRegistry"), &r);
    assert!(reg
        .hasRole(role("PRIME_ROLE"), pn_addr)
        .call()
        .await
        .unwrap());
    assert!(reg
        .hasRole(role("COMPUTE_POOL_ROLE"), pool_addr)
        .call()
        .await
        .unwrap());
    let dr = DomainRegistry::new(env.addr("DomainRegistry"), &r);
    assert!(dr
        .hasRole(role("PRIME_ROLE"), pn_addr)
        .call()
        .await
        .unwrap());

    let cp = ComputePool::new(pool_addr, &r);
    assert!(cp
        .hasRole(role("PRIME_ROLE"), pn_addr)
        .call()
        .await
        .unwrap());
    assert_eq!(
        cp.getRoleMember(role("FEDERATOR_ROLE"), U256::ZERO)
            .call()
            .await
            .unwrap(),
        deployer
    );
    assert_eq!(
        cp.getRewardToken().call().await.unwrap(),
        env.addr("AIToken")
    );
    assert_eq!(
        cp.rewardsDistributorFactory().call().await.unwrap(),
        env.addr("RewardsDistributorFactory")
    );

    let f = RewardsDistributorWorkSubmissionFactory::new(env.addr("RewardsDistributorFactory"), &r);
    assert!(f.hasRole(B256::ZERO, deployer).call().await.unwrap());
    assert!(f
        .hasRole(role("REWARD_CREATOR"), deployer)
        .call()
        .await
        .unwrap());
    assert!(f
        .hasRole(role("REWARD_CREATOR"), pool_addr)
        .call()
        .await
        .unwrap());
    assert!(env
        .token(0)
        .hasRole(transfer_role_admin(), env.addr("RewardsDistributorFactory"))
        .call()
        .await
        .unwrap());

    let wv = SyntheticDataWorkValidator::new(env.addr("WorkValidator"), &r);
    assert!(wv.getWorkKeys(U256::ZERO).call().await.unwrap().is_empty());
}

fn work(key: B256, units: u64) -> Bytes {
    let mut d = key.to_vec();
    d.extend_from_slice(&U256::from(units).to_be_bytes::<32>());
    Bytes::from(d)
}

#[tokio::test(flavor = "multi_thread")]
async fn complete_protocol_flow() {
    // Deployed as `scripts/deploy.sh` does by default: at the reference client's addresses.
    let env = Env::with_options(30, |o| o.client_addresses = true).await;
    let (fed_i, val_i, p1, p2, p3, owner_i) = (1, 2, 3, 4, 5, 6);
    let (p1a, p2a, p3a) = (env.address(p1), env.address(p2), env.address(p3));
    let owner = env.signer(owner_i);
    let val_addr = env.address(val_i);
    let (fed, val) = (env.pn(fed_i), env.pn(val_i));
    let sm = StakeManager::new(env.addr("StakeManager"), env.reader());
    let reg = ComputeRegistry::new(env.addr("ComputeRegistry"), env.reader());
    let token = env.token(0);

    // Federator: a domain whose validation logic is the SyntheticDataWorkValidator (domain 0).
    let r = send!(fed.createDomain(
        "synthetic-data".into(),
        env.addr("WorkValidator"),
        "https://example.org/params".into()
    ));
    let ev: Vec<DomainRegistry::DomainCreated> = events(&r);
    assert_eq!(
        (ev[0].domainName.as_str(), ev[0].domainId),
        ("synthetic-data", U256::ZERO)
    );
    assert_eq!(ev[0].validationLogic, env.addr("WorkValidator"));

    // Providers register with stake; p3 with an EIP-2612 permit instead of an approval.
    let stake = tokens(100);
    let r = env.register(p1, stake).await;
    let ev: Vec<PrimeNetwork::ProviderRegistered> = events(&r);
    assert_eq!((ev[0].provider, ev[0].stake), (p1a, stake));
    let ev: Vec<StakeManager::Stake> = events(&r);
    assert_eq!((ev[0].staker, ev[0].amount), (p1a, stake));
    env.register(p2, stake).await;
    env.fund(p3, stake).await;
    let domain = eip712_domain! { name: "AI Token", version: "1", chain_id: env.dep.chain_id, verifying_contract: env.addr("AIToken"), };
    let deadline = U256::from(env.now().await + 3600);
    let permit = Permit {
        owner: p3a,
        spender: env.addr("PrimeNetwork"),
        value: stake,
        nonce: U256::ZERO,
        deadline,
    };
    let sig = env
        .signer(p3)
        .sign_hash_sync(&permit.eip712_signing_hash(&domain))
        .unwrap();
    let encoded = (
        B256::from(sig.r()),
        B256::from(sig.s()),
        U256::from(27u8 + sig.v() as u8),
    )
        .abi_encode();
    send!(env
        .pn(p3)
        .registerProviderWithPermit(stake, deadline, encoded.into()));
    assert_eq!(sm.getStake(p3a).call().await.unwrap(), stake);
    assert_eq!(
        reg.getProvider(p3a).call().await.unwrap().providerAddress,
        p3a
    );

    // Adding a node needs the whitelist; the validator whitelists.
    let (na, nb, nc) = (node_key("A"), node_key("B"), node_key("C"));
    let sig = node_signature(&na, p1a);
    let why = reverts!(
        env,
        env.pn(p1)
            .addComputeNode(na.address(), "ipfs://nodekey/".into(), U256::from(10), sig)
    );
    assert_eq!(why, "Error(\"Provider not whitelisted\")");
    for p in [p1a, p2a] {
        let r = send!(val.whitelistProvider(p));
        assert_eq!(
            events::<PrimeNetwork::ProviderWhitelisted>(&r)[0].provider,
            p
        );
    }
    // A signature by the wrong key is refused.
    let bad = node_signature(&nb, p1a);
    let why = reverts!(
        env,
        env.pn(p1)
            .addComputeNode(na.address(), "ipfs://nodekey/".into(), U256::from(10), bad)
    );
    assert_eq!(why, "Error(\"Invalid signature\")");
    let r = env.add_node(p1, &na, 10).await;
    let ev: Vec<PrimeNetwork::ComputeNodeAdded> = events(&r);
    assert_eq!(
        (ev[0].provider, ev[0].nodekey, ev[0].specsURI.as_str()),
        (p1a, na.address(), "ipfs://nodekey/")
    );
    env.add_node(p1, &nb, 10).await;
    env.add_node(p2, &nc, 10).await;
    for (p, n) in [
        (p1a, na.address()),
        (p1a, nb.address()),
        (p2a, nc.address()),
    ] {
        let r = send!(val.validateNode(p, n));
        let ev: Vec<PrimeNetwork::ComputeNodeValidated> = events(&r);
        assert_eq!((ev[0].provider, ev[0].nodekey), (p, n));
    }
    assert_eq!(
        reg.getProviderTotalCompute(p1a).call().await.unwrap(),
        U256::from(20)
    );

    // The federator creates a pool managed by the pool owner, who starts it.
    let r = send!(env.pool(fed_i).createComputePool(
        U256::ZERO,
        owner.address(),
        "pool".into(),
        "ipfs://pool".into(),
        U256::ZERO
    ));
    let ev: Vec<ComputePool::ComputePoolCreated> = events(&r);
    let pool = ev[0].poolId;
    assert_eq!(
        (pool, ev[0].domainId, ev[0].creator, ev[0].manager),
        (U256::ZERO, U256::ZERO, env.dep.deployer, owner.address())
    );
    let nd: Vec<RewardsDistributorWorkSubmissionFactory::NewRewardsDistributor> = events(&r);
    let dist_addr = env
        .pool(0)
        .getRewardDistributorForPool(pool)
        .call()
        .await
        .unwrap();
    assert_eq!(
        (nd[0].rewardsDistributor, nd[0].computePool, nd[0].poolId),
        (dist_addr, env.addr("ComputePool"), pool)
    );
    // The reference's first distributor address (spec §1.2), as the client expects.
    assert_eq!(dist_addr, prime::deploy::CLIENT_FIRST_DISTRIBUTOR);
    // Divergence: the factory granted the new distributor TRANSFER_ROLE.
    assert!(token
        .hasRole(role("TRANSFER_ROLE"), dist_addr)
        .call()
        .await
        .unwrap());
    let r = send!(env.pool(owner_i).startComputePool(pool));
    assert_eq!(
        events::<ComputePool::ComputePoolStarted>(&r)[0].poolId,
        pool
    );
    let rate = U256::from(10_000_000_000_000_000u64);
    let dist = RewardsDistributorWorkSubmission::new(dist_addr, env.provider(fed_i));
    send!(dist.setRewardRate(rate));
    send!(env.token(fed_i).transfer(dist_addr, tokens(1000)));

    // Registered, validated, not yet active.
    let d = reg.getNodeContractData(na.address()).call().await.unwrap();
    assert_eq!((d._0, d._1, d._2, d._3), (p1a, 10, false, true));

    // Nodes join with invites signed by the manager.
    let r = env
        .join(p1, pool, &owner, &[na.address(), nb.address()])
        .await
        .unwrap();
    let ev: Vec<ComputePool::ComputePoolJoined> = events(&r);
    assert_eq!(
        (ev[0].poolId, ev[0].provider, ev[0].nodekeys.clone()),
        (pool, p1a, vec![na.address(), nb.address()])
    );
    env.join(p2, pool, &env.signer(owner_i), &[nc.address()])
        .await
        .unwrap();
    // An invite from someone else is refused.
    let why = env
        .join(p3, pool, &env.signer(p3), &[node_key("X").address()])
        .await
        .unwrap_err();
    assert!(why.starts_with("Error("), "{why}");
    let cp = env.pool(0);
    assert_eq!(cp.getComputePoolNodes(pool).call().await.unwrap().len(), 3);

    // Work goes through the validator contract to the distributor.
    let (k1, k2, k3) = (
        keccak256("work-1"),
        keccak256("work-2"),
        keccak256("work-3"),
    );
    let r = send!(env.pool(p1).submitWork(pool, na.address(), work(k1, 100)));
    let ev: Vec<SyntheticDataWorkValidator::WorkSubmitted> = events(&r);
    assert_eq!(
        (
            ev[0].poolId,
            ev[0].provider,
            ev[0].nodeId,
            ev[0].workKey,
            ev[0].workUnits
        ),
        (pool, p1a, na.address(), k1, U256::from(100))
    );
    send!(env.pool(p1).submitWork(pool, na.address(), work(k2, 50)));
    send!(env.pool(p2).submitWork(pool, nc.address(), work(k3, 40)));
    let why = reverts!(
        env,
        env.pool(p1).submitWork(pool, na.address(), work(k1, 1))
    );
    assert_eq!(why, "Error(\"Work already submitted\")");
    let dr = RewardsDistributorWorkSubmission::new(dist_addr, env.reader());
    assert_eq!(
        dr.nodeInfo(na.address()).call().await.unwrap().last24H,
        U256::from(150)
    );

    // Soft invalidation removes work units, no slashing.
    let r = send!(val.softInvalidateWork(pool, work(k2, 20)));
    let ev: Vec<SyntheticDataWorkValidator::WorkRemoved> = events(&r);
    assert_eq!((ev[0].workKey, ev[0].workUnits), (k2, U256::from(20)));
    assert_eq!(
        dr.nodeInfo(na.address()).call().await.unwrap().last24H,
        U256::from(130)
    );
    assert_eq!(sm.getStake(p1a).call().await.unwrap(), stake);

    // Hard invalidation: pending rewards slashed, node ejected, stake slashed to the validator.
    let before = token.balanceOf(val_addr).call().await.unwrap();
    let r = send!(val.invalidateWork(pool, tokens(10), k3.to_vec().into()));
    let ev: Vec<SyntheticDataWorkValidator::WorkInvalidated> = events(&r);
    assert_eq!(
        (ev[0].nodeId, ev[0].workKey, ev[0].workUnits),
        (nc.address(), k3, U256::from(40))
    );
    let ev: Vec<RewardsDistributorWorkSubmission::PendingRewardsSlashed> = events(&r);
    assert_eq!(
        (ev[0].node, ev[0].slashedAmount),
        (nc.address(), U256::from(40) * rate)
    );
    let ev: Vec<ComputePool::ComputePoolNodeEjected> = events(&r);
    assert_eq!(ev[0].nodekey, nc.address());
    let ev: Vec<StakeManager::Slashed> = events(&r);
    assert_eq!((ev[0].staker, ev[0].amount), (p2a, tokens(10)));
    assert_eq!(sm.getStake(p2a).call().await.unwrap(), tokens(90));
    assert_eq!(
        token.balanceOf(val_addr).call().await.unwrap(),
        before + tokens(10)
    );
    assert!(!cp.isNodeInPool(pool, nc.address()).call().await.unwrap());

    // The manager ejects and blacklists node B; it cannot rejoin.
    let r = send!(env.pool(owner_i).ejectNode(pool, nb.address()));
    assert_eq!(
        events::<ComputePool::ComputePoolNodeEjected>(&r)[0].nodekey,
        nb.address()
    );
    let r = send!(env.pool(owner_i).blacklistNode(pool, nb.address()));
    let ev: Vec<ComputePool::ComputePoolNodeBlacklisted> = events(&r);
    assert_eq!(ev[0].nodekey, nb.address());
    let why = env
        .join(p1, pool, &env.signer(owner_i), &[nb.address()])
        .await
        .unwrap_err();
    assert_eq!(why, "Error(\"ComputePool: node is blacklisted\")");

    // Node A leaves; its 130 units unlock 24 h after submission.
    let r = send!(env.pool(p1).leaveComputePool_1(pool, p1a, na.address()));
    assert_eq!(
        events::<ComputePool::ComputePoolLeft>(&r)[0].nodekey,
        na.address()
    );
    let c = dr.calculateRewards(na.address()).call().await.unwrap();
    assert_eq!((c._0, c._1), (U256::ZERO, U256::from(130) * rate));
    env.increase_time(25 * 3600).await;
    let c = dr.calculateRewards(na.address()).call().await.unwrap();
    assert_eq!((c._0, c._1), (U256::from(130) * rate, U256::ZERO));
    let before = token.balanceOf(p1a).call().await.unwrap();
    let r = send!(
        RewardsDistributorWorkSubmission::new(dist_addr, env.provider(p1))
            .claimRewards(na.address())
    );
    let ev: Vec<RewardsDistributorWorkSubmission::RewardsClaimed> = events(&r);
    assert_eq!(
        (ev[0].provider, ev[0].nodekey, ev[0].reward),
        (p1a, na.address(), U256::from(130) * rate)
    );
    assert_eq!(
        token.balanceOf(p1a).call().await.unwrap(),
        before + U256::from(130) * rate
    );

    // The provider deregisters; the stake unbonds for 7 days.
    let r = send!(env.pn(p1).deregisterProvider(p1a));
    assert_eq!(
        events::<PrimeNetwork::ProviderDeregistered>(&r)[0].provider,
        p1a
    );
    assert_eq!(
        reg.getProvider(p1a).call().await.unwrap().providerAddress,
        Address::ZERO
    );
    let pending = sm.getPendingUnbonds(p1a).call().await.unwrap();
    assert_eq!(pending[0].amount, stake);
    let smp = StakeManager::new(env.addr("StakeManager"), env.provider(p1));
    let why = reverts!(env, smp.withdraw());
    assert!(why.starts_with("Error("), "{why}");
    env.increase_time(7 * 24 * 3600 + 1).await;
    let before = token.balanceOf(p1a).call().await.unwrap();
    let r = send!(smp.withdraw());
    let ev: Vec<StakeManager::Withdraw> = events(&r);
    assert_eq!((ev[0].staker, ev[0].amount), (p1a, stake));
    assert_eq!(token.balanceOf(p1a).call().await.unwrap(), before + stake);
}
