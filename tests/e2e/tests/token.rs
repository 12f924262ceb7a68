//! The deployed token (`contracts/ai-token`, reference `AITokenTransferRole`) on a fresh
//! devnode: deployment, roles as §1.3 (with the TRANSFER_ROLE_ADMIN divergence), the initial
//! mint, transfer gating, permit, events decoded with the reference signatures, and reverts
//! decoded with the reference errors.
mod common;

use alloy::{
    primitives::{keccak256, Address, B256, U256},
    signers::SignerSync,
    sol,
    sol_types::{eip712_domain, SolStruct},
};
use common::*;
use prime::{abi::AITokenTransferRole, deploy::transfer_role_admin};

sol! {
    struct Permit { address owner; address spender; uint256 value; uint256 nonce; uint256 deadline; }
}

fn role(name: &str) -> B256 {
    keccak256(name)
}

#[tokio::test(flavor = "multi_thread")]
async fn token_deployed_with_roles_and_initial_supply() {
    let env = Env::new().await;
    let token = AITokenTransferRole::new(env.addr("AIToken"), env.reader());
    let (deployer, validator) = (env.dep.deployer, env.dep.validator);
    assert_eq!(deployer, env.address(1));
    assert_eq!(validator, env.address(2));
    assert_eq!(token.name().call().await.unwrap(), "AI Token");
    assert_eq!(token.symbol().call().await.unwrap(), "AI");
    assert_eq!(token.decimals().call().await.unwrap(), 18);

    let transfer = role("TRANSFER_ROLE");
    assert_eq!(token.TRANSFER_ROLE().call().await.unwrap(), transfer);
    for r in [
        B256::ZERO,
        role("MINTER_ROLE"),
        role("BURNER_ROLE"),
        transfer_role_admin(),
    ] {
        assert!(
            token.hasRole(r, deployer).call().await.unwrap(),
            "deployer lacks {r}"
        );
    }
    // TRANSFER_ROLE: deployer, validator, PrimeNetwork, StakeManager (spec §1.3).
    let mut holders = vec![deployer, validator];
    for name in ["PrimeNetwork", "StakeManager"] {
        if let Some(a) = env.dep.get(name) {
            holders.push(a);
        }
    }
    for a in holders {
        assert!(
            token.hasRole(transfer, a).call().await.unwrap(),
            "{a} lacks TRANSFER_ROLE"
        );
    }
    assert!(!token
        .hasRole(transfer, env.address(3))
        .call()
        .await
        .unwrap());
    // Divergence: TRANSFER_ROLE's admin is TRANSFER_ROLE_ADMIN, held by the factory.
    assert_eq!(
        token.getRoleAdmin(transfer).call().await.unwrap(),
        transfer_role_admin()
    );
    if let Some(f) = env.dep.get("RewardsDistributorFactory") {
        assert!(token
            .hasRole(transfer_role_admin(), f)
            .call()
            .await
            .unwrap());
        assert!(!token.hasRole(B256::ZERO, f).call().await.unwrap());
    }
    // 1,000,000 tokens minted to the deployer.
    assert_eq!(token.totalSupply().call().await.unwrap(), tokens(1_000_000));
    assert_eq!(
        token.balanceOf(deployer).call().await.unwrap(),
        tokens(1_000_000)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn token_transfers_are_gated_and_events_decode() {
    let env = Env::new().await;
    let addr = env.addr("AIToken");
    let fed = AITokenTransferRole::new(addr, env.federator());
    let alice = env.address(3);
    let bob = env.address(4);
    let as_alice = AITokenTransferRole::new(addr, env.provider(3));

    // The deployer (TRANSFER_ROLE) pays alice; the Transfer event decodes with the reference
    // signature.
    let r = send!(fed.transfer(alice, tokens(500)));
    let ev: Vec<AITokenTransferRole::Transfer> = events(&r);
    assert_eq!(ev.len(), 1);
    assert_eq!(
        (ev[0].from, ev[0].to, ev[0].value),
        (env.dep.deployer, alice, tokens(500))
    );
    assert_eq!(
        r.inner.logs()[0].topics()[0],
        b256_hex("ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
    );

    // Alice has no TRANSFER_ROLE: transfer and transferFrom revert with the OZ error.
    let why = reverts!(env, as_alice.transfer(bob, tokens(1)));
    assert_eq!(
        why,
        format!(
            "AccessControlUnauthorizedAccount({alice}, {})",
            role("TRANSFER_ROLE")
        )
    );
    send!(as_alice.approve(alice, tokens(10)));
    let why = reverts!(env, as_alice.transferFrom(alice, bob, tokens(1)));
    assert!(
        why.starts_with("AccessControlUnauthorizedAccount("),
        "{why}"
    );

    // The admin grants it: RoleGranted(TRANSFER_ROLE, alice, deployer).
    let r = send!(fed.approveTransferAddress(alice));
    let g: Vec<AITokenTransferRole::RoleGranted> = events(&r);
    assert_eq!(g.len(), 1);
    assert_eq!(
        (g[0].role, g[0].account, g[0].sender),
        (role("TRANSFER_ROLE"), alice, env.dep.deployer)
    );
    send!(as_alice.transfer(bob, tokens(100)));
    send!(as_alice.transferFrom(alice, bob, tokens(10)));
    let reader = AITokenTransferRole::new(addr, env.reader());
    assert_eq!(reader.balanceOf(bob).call().await.unwrap(), tokens(110));
    assert_eq!(reader.balanceOf(alice).call().await.unwrap(), tokens(390));

    // Revoked again: RoleRevoked, and transfers are closed.
    let r = send!(fed.revokeTransferAddress(alice));
    assert_eq!(events::<AITokenTransferRole::RoleRevoked>(&r).len(), 1);
    let why = reverts!(env, as_alice.transfer(bob, tokens(1)));
    assert!(
        why.starts_with("AccessControlUnauthorizedAccount("),
        "{why}"
    );

    // Mint and burn are role-gated; burning needs no allowance.
    let why = reverts!(env, as_alice.mint(alice, tokens(1)));
    assert_eq!(
        why,
        format!(
            "AccessControlUnauthorizedAccount({alice}, {})",
            role("MINTER_ROLE")
        )
    );
    send!(fed.burn(bob, tokens(10)));
    assert_eq!(reader.balanceOf(bob).call().await.unwrap(), tokens(100));
    assert_eq!(
        reader.totalSupply().call().await.unwrap(),
        tokens(1_000_000) - tokens(10)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn token_reverts_decode_with_reference_errors() {
    let env = Env::new().await;
    let addr = env.addr("AIToken");
    let fed = AITokenTransferRole::new(addr, env.federator());
    let alice = env.address(3);
    let bal = tokens(1_000_000);
    // ERC20InsufficientBalance(sender, balance, needed)
    let why = reverts!(env, fed.transfer(alice, bal + U256::from(1)));
    assert_eq!(
        why,
        format!(
            "ERC20InsufficientBalance({}, {bal}, {})",
            env.dep.deployer,
            bal + U256::from(1)
        )
    );
    // ERC20InvalidReceiver(0)
    let why = reverts!(env, fed.transfer(Address::ZERO, U256::from(1)));
    assert_eq!(why, format!("ERC20InvalidReceiver({})", Address::ZERO));
    // ERC20InsufficientAllowance(spender, allowance, needed)
    let why = reverts!(
        env,
        fed.transferFrom(alice, env.dep.deployer, U256::from(5))
    );
    assert_eq!(
        why,
        format!("ERC20InsufficientAllowance({}, 0, 5)", env.dep.deployer)
    );
    // AccessControlBadConfirmation()
    let why = reverts!(env, fed.renounceRole(role("MINTER_ROLE"), alice));
    assert_eq!(why, "AccessControlBadConfirmation()");
}

fn b256_hex(s: &str) -> B256 {
    s.parse().unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn token_permit_sets_allowance_and_rejects_bad_permits() {
    let env = Env::new().await;
    let addr = env.addr("AIToken");
    let fed = AITokenTransferRole::new(addr, env.federator());
    let signer = env.signer(3);
    let owner = signer.address();
    let bob = env.address(4);
    let as_owner = AITokenTransferRole::new(addr, env.provider(3));
    let chain_id = env.dep.chain_id;
    assert_eq!(chain_id, 412346);

    let domain = eip712_domain! {
        name: "AI Token",
        version: "1",
        chain_id: chain_id,
        verifying_contract: addr,
    };
    assert_eq!(
        fed.DOMAIN_SEPARATOR().call().await.unwrap(),
        domain.separator()
    );
    let sign = |value: U256,
                nonce: U256,
                deadline: U256,
                who: &alloy::signers::local::PrivateKeySigner| {
        let p = Permit {
            owner,
            spender: bob,
            value,
            nonce,
            deadline,
        };
        let sig = who.sign_hash_sync(&p.eip712_signing_hash(&domain)).unwrap();
        (27 + sig.v() as u8, B256::from(sig.r()), B256::from(sig.s()))
    };
    let deadline = U256::from(env.now().await + 3600);

    // Without TRANSFER_ROLE the permit is refused (the reference gates permit too).
    let (v, r, s) = sign(U256::from(200), U256::ZERO, deadline, &signer);
    let why = reverts!(
        env,
        as_owner.permit(owner, bob, U256::from(200), deadline, v, r, s)
    );
    assert!(
        why.starts_with("AccessControlUnauthorizedAccount("),
        "{why}"
    );

    // testPermit: the signer gets TRANSFER_ROLE and submits its own permit.
    send!(fed.approveTransferAddress(owner));
    assert_eq!(fed.nonces(owner).call().await.unwrap(), U256::ZERO);
    let rcpt = send!(as_owner.permit(owner, bob, U256::from(200), deadline, v, r, s));
    let ap: Vec<AITokenTransferRole::Approval> = events(&rcpt);
    assert_eq!(
        (ap[0].owner, ap[0].spender, ap[0].value),
        (owner, bob, U256::from(200))
    );
    assert_eq!(
        fed.allowance(owner, bob).call().await.unwrap(),
        U256::from(200)
    );
    assert_eq!(fed.nonces(owner).call().await.unwrap(), U256::from(1));

    // Replaying the same signature: nonce moved on, so the recovered signer differs.
    let why = reverts!(
        env,
        as_owner.permit(owner, bob, U256::from(200), deadline, v, r, s)
    );
    assert!(why.starts_with("ERC2612InvalidSigner("), "{why}");
    // Signed by someone else.
    let (v2, r2, s2) = sign(U256::from(1), U256::from(1), deadline, &env.signer(5));
    let why = reverts!(
        env,
        as_owner.permit(owner, bob, U256::from(1), deadline, v2, r2, s2)
    );
    assert_eq!(
        why,
        format!("ERC2612InvalidSigner({}, {owner})", env.address(5))
    );
    // Expired.
    let past = U256::from(env.now().await - 1);
    let (v3, r3, s3) = sign(U256::from(1), U256::from(1), past, &signer);
    let why = reverts!(
        env,
        as_owner.permit(owner, bob, U256::from(1), past, v3, r3, s3)
    );
    assert_eq!(why, format!("ERC2612ExpiredSignature({past})"));
}

/// Transfer events reach an alloy log filter (eth_newFilter + eth_getFilterChanges, what
/// alloy's `watch_logs` and ethers v6's `contract.on` poll), decoded with the reference
/// signature.
#[tokio::test(flavor = "multi_thread")]
async fn token_events_reach_a_polling_filter() {
    use alloy::{
        providers::Provider,
        rpc::types::{Filter, Log},
        sol_types::SolEvent,
    };
    let env = Env::new().await;
    let token = env.addr("AIToken");
    let r = env.reader();
    let filter = Filter::new()
        .address(token)
        .event_signature(AITokenTransferRole::Transfer::SIGNATURE_HASH);
    let id = r.new_filter(&filter).await.unwrap();
    let blocks = r.new_block_filter().await.unwrap();
    assert!(r.get_filter_changes::<Log>(id).await.unwrap().is_empty());
    let to = env.address(3);
    let receipt = send!(env.token(1).transfer(to, U256::from(5)));
    let logs: Vec<Log> = r.get_filter_changes(id).await.unwrap();
    assert_eq!(logs.len(), 1);
    let ev = AITokenTransferRole::Transfer::decode_log(&logs[0].inner).unwrap();
    assert_eq!(
        (ev.from, ev.to, ev.value),
        (env.address(1), to, U256::from(5))
    );
    assert_eq!(logs[0].transaction_hash, Some(receipt.transaction_hash));
    let hashes: Vec<B256> = r.get_filter_changes(blocks).await.unwrap();
    assert_eq!(hashes, vec![receipt.block_hash.unwrap()]);
    assert!(r.get_filter_changes::<Log>(id).await.unwrap().is_empty());
    assert!(r.uninstall_filter(id).await.unwrap());
}
