//! PrimeNetwork unit tests (motsu): the reference tests of `PrimeNetwork.t.sol` (spec §10.2)
//! that do not need compute pools, the §7.4 signature vectors, the `setValidator` fix, and
//! bad input. The other contracts are the mocks of `crate::mocks` (reference semantics of the
//! called selectors) and the real AI token (`contracts/ai-token`).
//!
//! Facet functions are called through `PrimeNetwork::facet()`: the facet's code on the
//! front's storage with the caller as `msg.sender`, which is what the front's delegatecall
//! does on chain. `fallback_*` tests go through the front's router and fallback instead.

use alloy_primitives::{address, b256, bytes, hex, keccak256, Address, B256, U256};
use alloy_signer::SignerSync;
use alloy_sol_types::{sol_data, SolCall, SolError, SolType};
use motsu::prelude::*;
use prime_common::{
    revert::{panic_code, AccessControlBadConfirmation, AccessControlUnauthorizedAccount, Revert},
    roles::{DEFAULT_ADMIN_ROLE, FEDERATOR_ROLE, VALIDATOR_ROLE},
};
use stylus_sdk::abi::Bytes;

use ai_token::AiToken;

use crate::{
    mocks::*, ComputeNodeAdded, ComputeNodeInvalidated, ComputeNodeRemoved, ComputeNodeValidated,
    ProviderBlacklisted, ProviderDeregistered, ProviderRegistered, ProviderWhitelisted, *,
};

/// motsu's fixed block timestamp.
const NOW: u64 = 1_735_689_600;
const FEDERATOR: Address = address!("00000000000000000000000000000000000000fe");
const VALIDATOR: Address = address!("00000000000000000000000000000000000000a1");
const STRANGER: Address = address!("00000000000000000000000000000000000000bb");
/// An address without code (refused as the facet).
const NO_CODE: Address = address!("00000000000000000000000000000000000000fa");
/// Spec §7.4: anvil key #2 (provider) and #3 (node key).
const VECTOR_PROVIDER: Address = address!("3C44CdDdB6a900fa2b585dd299e03d12FA4293BC");
const VECTOR_NODE: Address = address!("90F79bf6EB2c4f870365E785982E1f101E93b906");
const VECTOR_SIGNATURE: [u8; 65] = hex!("4ee7a9c8225a8ea292621f26739b5cce406ea866b1aba1cf181ae2449441f9d534cae504b361d519def0cf129086de55ec8c67e3ac702ad68d3d8697cb645f391c");
const MILLION: u64 = 1_000_000;
/// secp256k1 group order.
const ORDER: U256 = U256::from_be_bytes(hex!(
    "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141"
));

alloy_sol_types::sol! {
    function calculateMinimumStake(address provider, uint256 computeUnits) external view returns (uint256);
    function getRoleMember(bytes32 role, uint256 index) external view returns (address);
    function registerProvider(uint256 stake) external;
    function slash(address provider, uint256 amount, bytes reason) external;
    function approve(address spender, uint256 value) external returns (bool);
}

/// The EIP-191 digest of §7.1, computed off-chain.
fn expected_digest(provider: Address, node: Address) -> B256 {
    let inner = keccak256([provider.as_slice(), node.as_slice()].concat());
    keccak256([&b"\x19Ethereum Signed Message:\n32"[..], inner.as_slice()].concat())
}

fn u(v: u64) -> U256 {
    U256::from(v)
}

fn revert(message: &str) -> Vec<u8> {
    prime_common::revert::Error {
        message: message.into(),
    }
    .abi_encode()
}

fn unauthorized(account: Address, role: B256) -> Vec<u8> {
    AccessControlUnauthorizedAccount {
        account,
        neededRole: role,
    }
    .abi_encode()
}

/// The reference `setUp` without pools: token, PrimeNetwork (federator = admin), the
/// modules, stake minimum 10.
struct Env {
    token: Contract<AiToken>,
    pn: Contract<PrimeNetwork>,
    sm: Contract<MockStakeManager>,
    reg: Contract<MockComputeRegistry>,
    dr: Contract<MockDomainRegistry>,
    pool: Contract<MockComputePool>,
    /// Any contract stands in for the facet program (the constructor wants code there);
    /// under motsu the front runs the facet's router in place (`front::forward`).
    facet: Contract<RawCaller>,
}

impl Env {
    fn new() -> Self {
        let env = Env {
            token: Contract::new(),
            pn: Contract::new(),
            sm: Contract::new(),
            reg: Contract::new(),
            dr: Contract::new(),
            pool: Contract::new(),
            facet: Contract::new(),
        };
        let (pn, token) = (env.pn.address(), env.token.address());
        env.token
            .sender(FEDERATOR)
            .constructor("Prime Intellect".into(), "AI".into(), FEDERATOR);
        env.token
            .sender(FEDERATOR)
            .approve_transfer_address(pn)
            .motsu_unwrap();
        env.token
            .sender(FEDERATOR)
            .approve_transfer_address(env.sm.address())
            .motsu_unwrap();
        env.pn
            .sender(FEDERATOR)
            .constructor(FEDERATOR, VALIDATOR, token, FEDERATOR, env.facet.address())
            .motsu_unwrap();
        env.sm.sender(FEDERATOR).init(pn, token);
        env.reg.sender(FEDERATOR).init(pn);
        env.dr.sender(FEDERATOR).init(pn);
        env.pool.sender(FEDERATOR).init(pn);
        env.pn
            .sender(FEDERATOR)
            .facet()
            .set_module_addresses(
                env.reg.address(),
                env.dr.address(),
                env.sm.address(),
                env.pool.address(),
            )
            .motsu_unwrap();
        env.pn
            .sender(FEDERATOR)
            .set_stake_minimum(u(10))
            .motsu_unwrap();
        env
    }

    /// Mints `amount` to `provider` and approves PrimeNetwork for it.
    fn fund(&self, provider: Address, amount: U256) {
        self.token
            .sender(FEDERATOR)
            .mint(provider, amount)
            .motsu_unwrap();
        self.token
            .sender(provider)
            .approve(self.pn.address(), amount)
            .motsu_unwrap();
    }

    fn register(&self, provider: Address, stake: U256) {
        self.fund(provider, stake);
        self.pn
            .sender(provider)
            .register_provider(stake)
            .motsu_unwrap();
    }

    fn balance(&self, account: Address) -> U256 {
        self.token.sender(account).balance_of(account)
    }

    fn stake_of(&self, provider: Address) -> U256 {
        self.sm.sender(provider).get_stake(provider)
    }

    fn whitelisted(&self, provider: Address) -> bool {
        self.reg.sender(provider).get_whitelist_status(provider)
    }
}

/// A node key with its consent signature for `provider` (r ‖ s ‖ v, v = 27/28).
fn node_signature(node: &Account, provider: Address) -> Vec<u8> {
    let inner = keccak256([provider.as_slice(), node.address().as_slice()].concat());
    let sig = node
        .signer()
        .sign_message_sync(inner.as_slice())
        .expect("signing");
    sig.as_bytes().to_vec()
}

/// Registers, whitelists and adds `units` of compute under a fresh node; returns the node.
fn provider_with_node(
    env: &Env,
    provider: Address,
    stake: U256,
    seed: &str,
    units: U256,
) -> Address {
    env.register(provider, stake);
    env.pn
        .sender(VALIDATOR)
        .whitelist_provider(provider)
        .motsu_unwrap();
    let node = Account::from_seed(seed);
    let sig = node_signature(&node, provider);
    env.pn
        .sender(provider)
        .add_compute_node(node.address(), "uri".into(), units, sig.into())
        .motsu_unwrap();
    node.address()
}

// ------------------------------------------------------------------------------------
// Reference tests (PrimeNetwork.t.sol, §10.2)
// ------------------------------------------------------------------------------------

/// 1. `setFederator` from address(0) reverts.
#[motsu::test]
fn test_federator_role() {
    let env = Env::new();
    let err = env
        .pn
        .sender(Address::ZERO)
        .facet()
        .set_federator(STRANGER)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(Address::ZERO, FEDERATOR_ROLE));
}

/// 2. `setValidator` from address(0) reverts.
#[motsu::test]
fn test_validator_role() {
    let env = Env::new();
    let err = env
        .pn
        .sender(Address::ZERO)
        .facet()
        .set_validator(STRANGER)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(Address::ZERO, FEDERATOR_ROLE));
}

/// 3. `registerProvider(1e6)` registers the caller.
#[motsu::test]
fn test_provider_registration(provider: Address) {
    let env = Env::new();
    env.register(provider, u(MILLION));
    assert_eq!(env.reg.sender(provider).providers(provider).0, provider);
    assert_eq!(env.stake_of(provider), u(MILLION));
    assert_eq!(env.balance(env.sm.address()), u(MILLION));
    assert_eq!(env.balance(env.pn.address()), U256::ZERO);
    env.pn.assert_emitted(&ProviderRegistered {
        provider,
        stake: u(MILLION),
    });
}

/// 4. Deregistration unstakes the whole stake (withdrawing it after the unbonding period
///    is StakeManager's, tested there; motsu cannot move the clock).
#[motsu::test]
fn test_provider_deregistration_and_unstaking(provider: Address) {
    let env = Env::new();
    env.register(provider, u(MILLION));
    env.pn
        .sender(provider)
        .deregister_provider(provider)
        .motsu_unwrap();
    assert_eq!(
        env.reg.sender(provider).providers(provider).0,
        Address::ZERO
    );
    assert_eq!(env.stake_of(provider), U256::ZERO);
    assert_eq!(
        env.sm.sender(provider).get_pending_unbond_total(provider),
        u(MILLION)
    );
    env.pn.assert_emitted(&ProviderDeregistered { provider });
}

/// 5. `createDomain("test", 0, "test")` creates domain 0 wired to the pool.
#[motsu::test]
fn test_domain_creation() {
    let env = Env::new();
    let id = env
        .pn
        .sender(FEDERATOR)
        .create_domain("test".into(), Address::ZERO, "test".into())
        .motsu_unwrap();
    assert_eq!(id, U256::ZERO);
    let (name, logic, uri, pool) = env.dr.sender(FEDERATOR).domain(id);
    assert_eq!(
        (name.as_str(), logic, uri.as_str(), pool),
        ("test", Address::ZERO, "test", env.pool.address())
    );
    let id = env
        .pn
        .sender(FEDERATOR)
        .create_domain("second".into(), STRANGER, "u2".into())
        .motsu_unwrap();
    assert_eq!(id, u(1));
}

/// 6. Whitelisting, slashing (from stake, then from the unbonding stake), deregistration.
#[motsu::test]
fn test_provider_ops(p1: Address, p2: Address, p3: Address, bad: Address) {
    let env = Env::new();
    for p in [p1, p2, p3, bad] {
        env.register(p, u(MILLION));
    }
    for p in [p1, p2, p3] {
        env.pn
            .sender(VALIDATOR)
            .whitelist_provider(p)
            .motsu_unwrap();
    }
    assert!(env.whitelisted(p1) && env.whitelisted(p2) && env.whitelisted(p3));
    assert!(!env.whitelisted(bad));

    env.pn
        .sender(VALIDATOR)
        .facet()
        .slash(bad, u(5), bytes!("").into())
        .motsu_unwrap();
    for p in [p1, p2, p3, bad] {
        env.pn.sender(p).deregister_provider(p).motsu_unwrap();
        assert_eq!(env.reg.sender(p).providers(p).0, Address::ZERO);
    }
    assert_eq!(
        env.sm.sender(bad).get_pending_unbond_total(bad),
        u(MILLION - 5)
    );
    env.pn
        .sender(VALIDATOR)
        .facet()
        .slash(bad, u(2), bytes!("").into())
        .motsu_unwrap();
    assert_eq!(
        env.sm.sender(bad).get_pending_unbond_total(bad),
        u(MILLION - 7)
    );
    assert_eq!(env.balance(VALIDATOR), u(7));
}

/// 7. (registry part of test_nodeOps) Four nodes added and validated, one invalidated.
#[motsu::test]
fn test_node_ops_without_pools(provider: Address) {
    let env = Env::new();
    env.register(provider, u(MILLION));
    env.pn
        .sender(VALIDATOR)
        .whitelist_provider(provider)
        .motsu_unwrap();
    let nodes: Vec<Address> = ["good1", "good2", "good3", "bad1"]
        .iter()
        .map(|seed| {
            let node = Account::from_seed(seed);
            let sig = node_signature(&node, provider);
            env.pn
                .sender(provider)
                .add_compute_node(node.address(), "uri".into(), u(10), sig.into())
                .motsu_unwrap();
            node.address()
        })
        .collect();
    for node in &nodes {
        env.pn
            .sender(VALIDATOR)
            .validate_node(provider, *node)
            .motsu_unwrap();
        assert_eq!(env.reg.sender(provider).get_node_provider(*node), provider);
        assert!(env
            .reg
            .sender(provider)
            .get_node_validation_status(provider, *node)
            .motsu_unwrap());
    }
    env.pn
        .sender(VALIDATOR)
        .invalidate_node(provider, nodes[3])
        .motsu_unwrap();
    assert!(!env
        .reg
        .sender(provider)
        .get_node_validation_status(provider, nodes[3])
        .motsu_unwrap());
    assert!(env
        .reg
        .sender(provider)
        .get_node_validation_status(provider, nodes[0])
        .motsu_unwrap());
    assert_eq!(
        env.pn
            .sender(provider)
            .calculate_minimum_stake(provider, U256::ZERO)
            .motsu_unwrap(),
        u(410)
    );
}

/// 8. A node key already added by one provider cannot be added by another.
#[motsu::test]
fn test_no_node_owned_by_multiple_providers(p1: Address, p2: Address) {
    let env = Env::new();
    let node = provider_with_node(&env, p1, u(MILLION), "node", u(10));
    env.register(p2, u(MILLION));
    env.pn
        .sender(VALIDATOR)
        .whitelist_provider(p2)
        .motsu_unwrap();
    let sig = node_signature(&Account::from_seed("node"), p2);
    let err = env
        .pn
        .sender(p2)
        .add_compute_node(node, "uri".into(), u(10), sig.into())
        .motsu_unwrap_err();
    assert_eq!(
        err,
        revert("ComputeRegistry: node has already registered with another provider")
    );
}

/// Signs an EIP-2612 permit on the AI token for PrimeNetwork.
fn permit_signature(env: &Env, owner: &Account, value: U256, deadline: U256) -> Vec<u8> {
    type PermitTuple = (
        sol_data::FixedBytes<32>,
        sol_data::Address,
        sol_data::Address,
        sol_data::Uint<256>,
        sol_data::Uint<256>,
        sol_data::Uint<256>,
    );
    let typehash = keccak256(
        "Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)",
    );
    let nonce = env.token.sender(owner.address()).nonces(owner.address());
    let struct_hash = keccak256(PermitTuple::abi_encode(&(
        typehash,
        owner.address(),
        env.pn.address(),
        value,
        nonce,
        deadline,
    )));
    let separator = env.token.sender(owner.address()).domain_separator();
    let digest = keccak256(
        [
            &[0x19, 0x01][..],
            separator.as_slice(),
            struct_hash.as_slice(),
        ]
        .concat(),
    );
    let sig = owner.signer().sign_hash_sync(&digest).expect("signing");
    // abi.encode(r, s, v): 96 bytes.
    <(
        sol_data::FixedBytes<32>,
        sol_data::FixedBytes<32>,
        sol_data::Uint<8>,
    )>::abi_encode(&(B256::from(sig.r()), B256::from(sig.s()), 27 + sig.v() as u8))
}

/// 9. `registerProviderWithPermit` with `abi.encode(r, s, v)` registers without a prior
///    `approve`.
#[motsu::test]
fn test_register_with_permit(owner: Account) {
    let env = Env::new();
    let provider = owner.address();
    env.token
        .sender(FEDERATOR)
        .mint(provider, u(MILLION))
        .motsu_unwrap();
    let deadline = u(NOW + 3600);
    let sig = permit_signature(&env, &owner, u(MILLION), deadline);
    assert_eq!(sig.len(), 96);
    env.pn
        .sender(provider)
        .facet()
        .register_provider_with_permit(u(MILLION), deadline, sig.into())
        .motsu_unwrap();
    assert_eq!(env.stake_of(provider), u(MILLION));
    assert_eq!(env.balance(provider), U256::ZERO);
    assert_eq!(env.token.sender(provider).nonces(provider), u(1));
    env.pn.assert_emitted(&ProviderRegistered {
        provider,
        stake: u(MILLION),
    });
}

/// 11. (registry part of test_computePoolFlow) A node needs stake for its compute.
#[motsu::test]
fn test_compute_pool_flow_node_stake(provider: Address) {
    let env = Env::new();
    env.register(provider, u(MILLION));
    env.pn
        .sender(FEDERATOR)
        .whitelist_provider(provider)
        .motsu_unwrap();
    let node = Account::from_seed("node");
    let sig = node_signature(&node, provider);
    let err = env
        .pn
        .sender(provider)
        .add_compute_node(
            node.address(),
            "uri".into(),
            u(10 * MILLION),
            sig.clone().into(),
        )
        .motsu_unwrap_err();
    assert_eq!(err, revert("Insufficient stake"));
    env.pn
        .sender(provider)
        .add_compute_node(node.address(), "uri".into(), u(10), sig.into())
        .motsu_unwrap();
    env.pn.assert_emitted(&ComputeNodeAdded {
        provider,
        nodekey: node.address(),
        specsURI: "uri".into(),
    });
    env.pn
        .sender(VALIDATOR)
        .validate_node(provider, node.address())
        .motsu_unwrap();
    assert!(env
        .reg
        .sender(provider)
        .get_node_validation_status(provider, node.address())
        .motsu_unwrap());
    env.pn.assert_emitted(&ComputeNodeValidated {
        provider,
        nodekey: node.address(),
    });
}

/// 12. Minimum-stake arithmetic, increaseStake, reclaimStake bounds, node removal.
#[motsu::test]
fn test_stake_ops(provider: Address) {
    let env = Env::new();
    env.register(provider, u(10));
    env.pn
        .sender(VALIDATOR)
        .whitelist_provider(provider)
        .motsu_unwrap();
    let node = Account::from_seed("node");
    let sig = node_signature(&node, provider);
    let err = env
        .pn
        .sender(provider)
        .add_compute_node(node.address(), "uri".into(), u(1000), sig.clone().into())
        .motsu_unwrap_err();
    assert_eq!(err, revert("Insufficient stake"));

    env.fund(provider, u(20_000));
    env.pn
        .sender(provider)
        .facet()
        .increase_stake(u(20_000))
        .motsu_unwrap();
    assert_eq!(env.stake_of(provider), u(20_010));
    env.pn
        .sender(provider)
        .add_compute_node(node.address(), "uri".into(), u(1000), sig.into())
        .motsu_unwrap();
    assert_eq!(
        env.pn
            .sender(provider)
            .calculate_minimum_stake(provider, U256::ZERO)
            .motsu_unwrap(),
        u(10_010)
    );
    assert_eq!(
        env.pn
            .sender(provider)
            .calculate_minimum_stake(provider, u(5))
            .motsu_unwrap(),
        u(10_060)
    );

    let stake = env.stake_of(provider);
    let err = env
        .pn
        .sender(provider)
        .facet()
        .reclaim_stake(stake - u(10_010) + u(1))
        .motsu_unwrap_err();
    assert_eq!(err, revert("Cannot unstake more than unallocated stake"));
    env.pn
        .sender(provider)
        .facet()
        .reclaim_stake(U256::ZERO)
        .motsu_unwrap();
    assert_eq!(env.stake_of(provider), u(10_010));
    assert_eq!(env.sm.sender(provider).last_unstake(provider), u(10_000));

    env.pn
        .sender(provider)
        .remove_compute_node(provider, node.address())
        .motsu_unwrap();
    env.pn.assert_emitted(&ComputeNodeRemoved {
        provider,
        nodekey: node.address(),
    });
    assert_eq!(
        env.pn
            .sender(provider)
            .calculate_minimum_stake(provider, U256::ZERO)
            .motsu_unwrap(),
        u(10)
    );
    env.pn
        .sender(provider)
        .deregister_provider(provider)
        .motsu_unwrap();
    assert_eq!(env.stake_of(provider), U256::ZERO);
}

/// 13. (PrimeNetwork part of test_stakeSlashing) `invalidateWork` with a penalty of the
///     full stake: the validator is paid, the node invalidated and removed.
#[motsu::test]
fn test_stake_slashing_invalidate_work(provider: Address) {
    let env = Env::new();
    let node = provider_with_node(&env, provider, u(20_000), "node", u(1000));
    env.pn
        .sender(VALIDATOR)
        .validate_node(provider, node)
        .motsu_unwrap();
    env.pool.sender(FEDERATOR).set_work(provider, node, u(10));
    let stake = env.stake_of(provider);
    env.pn
        .sender(VALIDATOR)
        .facet()
        .invalidate_work(u(0), stake, bytes!("1234").into())
        .motsu_unwrap();
    assert_eq!(env.stake_of(provider), U256::ZERO);
    assert_eq!(env.balance(VALIDATOR), stake);
    assert!(!env.reg.sender(provider).node_present(node));
    assert!(
        env.whitelisted(provider),
        "a successful slash does not blacklist"
    );
    assert_eq!(
        env.pool.sender(provider).last_data(U256::ZERO).0.as_slice(),
        &[0x12, 0x34]
    );
    env.pn.assert_emitted(&ComputeNodeInvalidated {
        provider,
        nodekey: node,
    });
    env.pn.assert_emitted(&ComputeNodeRemoved {
        provider,
        nodekey: node,
    });
}

/// 14. `slash` lowers the stake and pays the calling validator.
#[motsu::test]
fn test_slash_sends_to_validator(provider: Address) {
    let env = Env::new();
    env.register(provider, u(MILLION));
    env.pn
        .sender(VALIDATOR)
        .facet()
        .slash(provider, u(5), bytes!("74657374").into())
        .motsu_unwrap();
    assert_eq!(env.stake_of(provider), u(MILLION - 5));
    assert_eq!(env.balance(VALIDATOR), u(5));
    assert_eq!(env.balance(env.pn.address()), U256::ZERO);
}

/// 19. A removed node can be re-added by the same provider with the same signature.
#[motsu::test]
fn test_re_add_removed_node(provider: Address) {
    let env = Env::new();
    let node = provider_with_node(&env, provider, u(MILLION), "node", u(10));
    env.pn
        .sender(provider)
        .remove_compute_node(provider, node)
        .motsu_unwrap();
    let sig = node_signature(&Account::from_seed("node"), provider);
    env.pn
        .sender(provider)
        .add_compute_node(node, "uri".into(), u(10), sig.into())
        .motsu_unwrap();
    assert_eq!(env.reg.sender(provider).get_node_provider(node), provider);
    assert!(env.reg.sender(provider).node_present(node));
}

// ------------------------------------------------------------------------------------
// Signatures (§2.5, §7.1, §7.4)
// ------------------------------------------------------------------------------------

/// The §7.4 vector: digest and the node key's signature for provider #2 / node #3.
#[motsu::test]
fn node_signature_vector_is_accepted() {
    let env = Env::new();
    let digest = expected_digest(VECTOR_PROVIDER, VECTOR_NODE);
    assert_eq!(
        digest,
        b256!("5aae882062f2e8c8ec24e1c4c8033aa0a55a03799e5b86363db9bf848370095d")
    );
    assert_eq!(
        keccak256([VECTOR_PROVIDER.as_slice(), VECTOR_NODE.as_slice()].concat()),
        b256!("f9ab525510581103f8ef57c3f6878f19ccc54c0b670dc5849da11342d16cf988")
    );
    env.register(VECTOR_PROVIDER, u(MILLION));
    env.pn
        .sender(VALIDATOR)
        .whitelist_provider(VECTOR_PROVIDER)
        .motsu_unwrap();
    env.pn
        .sender(VECTOR_PROVIDER)
        .add_compute_node(
            VECTOR_NODE,
            "spec".into(),
            u(10),
            VECTOR_SIGNATURE.to_vec().into(),
        )
        .motsu_unwrap();
    assert_eq!(
        env.reg
            .sender(VECTOR_PROVIDER)
            .get_node_provider(VECTOR_NODE),
        VECTOR_PROVIDER
    );
}

/// Every malformed or foreign signature is "Invalid signature", never a different error.
#[motsu::test]
fn bad_node_signatures_are_rejected() {
    let env = Env::new();
    env.register(VECTOR_PROVIDER, u(MILLION));
    env.pn
        .sender(VALIDATOR)
        .whitelist_provider(VECTOR_PROVIDER)
        .motsu_unwrap();

    let mut high_s = VECTOR_SIGNATURE;
    let s = U256::from_be_slice(&VECTOR_SIGNATURE[32..64]);
    high_s[32..64].copy_from_slice(&(ORDER - s).to_be_bytes::<32>());
    high_s[64] = if VECTOR_SIGNATURE[64] == 28 { 27 } else { 28 }; // same signer, malleable form
    let mut v_zero = VECTOR_SIGNATURE;
    v_zero[64] = 1;
    let mut v_29 = VECTOR_SIGNATURE;
    v_29[64] = 29;
    let mut flipped = VECTOR_SIGNATURE;
    flipped[10] ^= 0x01;
    let other_key = node_signature(&Account::from_seed("someone else"), VECTOR_PROVIDER);
    let other_provider = node_signature(&Account::from_seed("node"), STRANGER);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("empty", vec![]),
        ("short (64 bytes)", VECTOR_SIGNATURE[..64].to_vec()),
        ("long (66 bytes)", [&VECTOR_SIGNATURE[..], &[0u8]].concat()),
        ("high s", high_s.to_vec()),
        ("v = 1", v_zero.to_vec()),
        ("v = 29", v_29.to_vec()),
        ("corrupted r", flipped.to_vec()),
        ("signed by another key", other_key),
        ("signed for another provider", other_provider),
    ];
    for (what, sig) in cases {
        let err = env
            .pn
            .sender(VECTOR_PROVIDER)
            .add_compute_node(VECTOR_NODE, "spec".into(), u(10), sig.into())
            .motsu_unwrap_err();
        assert_eq!(err, revert("Invalid signature"), "{what}");
    }
    // The high-s signature really is the same signer's: the checker, not the key, rejects it.
    let fixed = VECTOR_SIGNATURE;
    assert_ne!(high_s, fixed);
}

/// A contract node key signs through ERC-1271 (`isValidSignature` returning the magic value
/// for the digest), and is rejected when it does not.
#[motsu::test]
fn erc1271_node_key(provider: Address, wallet: Contract<MockErc1271>) {
    let env = Env::new();
    env.register(provider, u(MILLION));
    env.pn
        .sender(VALIDATOR)
        .whitelist_provider(provider)
        .motsu_unwrap();
    let err = env
        .pn
        .sender(provider)
        .add_compute_node(wallet.address(), "spec".into(), u(10), bytes!("00").into())
        .motsu_unwrap_err();
    assert_eq!(err, revert("Invalid signature"));
    let digest = expected_digest(provider, wallet.address());
    wallet.sender(provider).accept(digest);
    env.pn
        .sender(provider)
        .add_compute_node(wallet.address(), "spec".into(), u(10), bytes!("00").into())
        .motsu_unwrap();
    assert_eq!(
        env.reg.sender(provider).get_node_provider(wallet.address()),
        provider
    );
}

// ------------------------------------------------------------------------------------
// Roles
// ------------------------------------------------------------------------------------

#[motsu::test]
fn constructor_grants_roles_in_order() {
    let env = Env::new();
    let pn = env.pn.sender(STRANGER);
    assert!(pn.access.has_role(DEFAULT_ADMIN_ROLE, FEDERATOR));
    assert!(pn.access.has_role(FEDERATOR_ROLE, FEDERATOR));
    assert!(pn.access.has_role(VALIDATOR_ROLE, VALIDATOR));
    assert_eq!(
        pn.access
            .get_role_member(FEDERATOR_ROLE, U256::ZERO)
            .motsu_unwrap(),
        FEDERATOR
    );
    assert_eq!(pn.access.get_role_members(VALIDATOR_ROLE), vec![VALIDATOR]);
    assert_eq!(pn.access.get_role_member_count(DEFAULT_ADMIN_ROLE), u(1));
    assert_eq!(
        pn.access
            .get_role_member(VALIDATOR_ROLE, u(1))
            .motsu_unwrap_err(),
        panic_code(0x32)
    );
    assert_eq!(pn.facet().ai_token(), env.token.address());
    assert_eq!(pn.facet().compute_registry(), env.reg.address());
    assert_eq!(pn.facet().domain_registry(), env.dr.address());
    assert_eq!(pn.facet().stake_manager(), env.sm.address());
    assert_eq!(pn.facet().compute_pool(), env.pool.address());
    assert_eq!(env.reg.sender(STRANGER).compute_pool(), env.pool.address());
    assert_eq!(pn.facet().federator_role(), FEDERATOR_ROLE);
    assert_eq!(pn.facet().validator_role(), VALIDATOR_ROLE);
    assert_eq!(pn.access.default_admin_role(), B256::ZERO);
    for (id, expected) in [
        (0x01ffc9a7u32, true),
        (0x7965db0b, true),
        (0x5a05180f, true),
        (0xffffffff, false),
    ] {
        assert_eq!(
            pn.access.supports_interface(id.to_be_bytes().into()),
            expected,
            "{id:#x}"
        );
    }
}

/// §13 item 1, fixed: `setValidator` moves VALIDATOR_ROLE from the old validator(s) to the
/// new one; the calling federator keeps its roles and gains nothing.
#[motsu::test]
fn set_validator_replaces_the_old_validator(new_validator: Address) {
    let env = Env::new();
    env.pn
        .sender(FEDERATOR)
        .facet()
        .set_validator(new_validator)
        .motsu_unwrap();
    let pn = env.pn.sender(STRANGER);
    assert!(pn.access.has_role(VALIDATOR_ROLE, new_validator));
    assert!(
        !pn.access.has_role(VALIDATOR_ROLE, VALIDATOR),
        "the old validator lost the role"
    );
    assert!(pn.access.has_role(FEDERATOR_ROLE, FEDERATOR));
    assert!(!pn.access.has_role(VALIDATOR_ROLE, FEDERATOR));
    assert_eq!(
        pn.access.get_role_members(VALIDATOR_ROLE),
        vec![new_validator]
    );
    // The old validator can no longer act; the new one can.
    let err = env
        .pn
        .sender(VALIDATOR)
        .blacklist_provider(STRANGER)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(VALIDATOR, VALIDATOR_ROLE));
    env.pn
        .sender(new_validator)
        .blacklist_provider(STRANGER)
        .motsu_unwrap();
    // Setting the same validator again changes nothing.
    env.pn
        .sender(FEDERATOR)
        .facet()
        .set_validator(new_validator)
        .motsu_unwrap();
    assert_eq!(
        env.pn
            .sender(STRANGER)
            .access
            .get_role_members(VALIDATOR_ROLE),
        vec![new_validator]
    );
}

/// Like the reference, the role setters need DEFAULT_ADMIN_ROLE as well as FEDERATOR_ROLE.
#[motsu::test]
fn role_setters_need_the_admin_role(second: Address) {
    let env = Env::new();
    env.pn
        .sender(FEDERATOR)
        .access
        .grant_role(FEDERATOR_ROLE, second)
        .motsu_unwrap();
    let err = env
        .pn
        .sender(second)
        .facet()
        .set_validator(STRANGER)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(second, DEFAULT_ADMIN_ROLE));
    let err = env
        .pn
        .sender(second)
        .facet()
        .set_federator(STRANGER)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(second, DEFAULT_ADMIN_ROLE));
    // setFederator hands the role over from the caller.
    env.pn
        .sender(FEDERATOR)
        .facet()
        .set_federator(STRANGER)
        .motsu_unwrap();
    let pn = env.pn.sender(STRANGER);
    assert!(pn.access.has_role(FEDERATOR_ROLE, STRANGER));
    assert!(!pn.access.has_role(FEDERATOR_ROLE, FEDERATOR));
    // EnumerableSet removal moves the last member into the freed slot.
    assert_eq!(
        pn.access.get_role_members(FEDERATOR_ROLE),
        vec![STRANGER, second]
    );
}

#[motsu::test]
fn grant_revoke_renounce(account: Address) {
    let env = Env::new();
    let err = env
        .pn
        .sender(STRANGER)
        .access
        .grant_role(VALIDATOR_ROLE, account)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(STRANGER, DEFAULT_ADMIN_ROLE));
    env.pn
        .sender(FEDERATOR)
        .access
        .grant_role(VALIDATOR_ROLE, account)
        .motsu_unwrap();
    assert_eq!(
        env.pn
            .sender(STRANGER)
            .access
            .get_role_member(VALIDATOR_ROLE, u(1))
            .motsu_unwrap(),
        account
    );
    let err = env
        .pn
        .sender(account)
        .access
        .renounce_role(VALIDATOR_ROLE, STRANGER)
        .motsu_unwrap_err();
    assert_eq!(err, AccessControlBadConfirmation {}.abi_encode());
    env.pn
        .sender(account)
        .access
        .renounce_role(VALIDATOR_ROLE, account)
        .motsu_unwrap();
    assert_eq!(
        env.pn
            .sender(STRANGER)
            .access
            .get_role_member_count(VALIDATOR_ROLE),
        u(1)
    );
    env.pn
        .sender(FEDERATOR)
        .access
        .revoke_role(VALIDATOR_ROLE, VALIDATOR)
        .motsu_unwrap();
    assert!(env
        .pn
        .sender(STRANGER)
        .access
        .get_role_members(VALIDATOR_ROLE)
        .is_empty());
}

/// Role gates of every facet and front function, with the reference's errors.
#[motsu::test]
fn role_gates(provider: Address) {
    let env = Env::new();
    let pn = &env.pn;
    let v = |e: Revert| assert_eq!(e, unauthorized(STRANGER, VALIDATOR_ROLE));
    let f = |e: Revert| assert_eq!(e, unauthorized(STRANGER, FEDERATOR_ROLE));
    v(pn.sender(STRANGER)
        .validate_node(provider, provider)
        .motsu_unwrap_err());
    v(pn.sender(STRANGER)
        .invalidate_node(provider, provider)
        .motsu_unwrap_err());
    v(pn.sender(STRANGER)
        .facet()
        .slash(provider, u(1), Bytes(vec![]))
        .motsu_unwrap_err());
    v(pn.sender(STRANGER)
        .facet()
        .invalidate_work(u(0), u(1), Bytes(vec![]))
        .motsu_unwrap_err());
    v(pn.sender(STRANGER)
        .facet()
        .soft_invalidate_work(u(0), Bytes(vec![]))
        .motsu_unwrap_err());
    v(pn.sender(STRANGER)
        .blacklist_provider(provider)
        .motsu_unwrap_err());
    // The federator may whitelist but not blacklist.
    let err = pn
        .sender(FEDERATOR)
        .blacklist_provider(provider)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(FEDERATOR, VALIDATOR_ROLE));
    f(pn.sender(STRANGER)
        .set_stake_minimum(u(1))
        .motsu_unwrap_err());
    f(pn.sender(STRANGER)
        .create_domain("d".into(), Address::ZERO, "u".into())
        .motsu_unwrap_err());
    f(pn.sender(STRANGER)
        .update_domain_validation_logic(u(0), Address::ZERO)
        .motsu_unwrap_err());
    f(pn.sender(STRANGER)
        .update_domain_parameters(u(0), "u".into())
        .motsu_unwrap_err());
    let err = pn
        .sender(STRANGER)
        .facet()
        .set_module_addresses(provider, provider, provider, provider)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(STRANGER, DEFAULT_ADMIN_ROLE));
    let err = pn
        .sender(STRANGER)
        .whitelist_provider(provider)
        .motsu_unwrap_err();
    assert_eq!(err, revert("Must have VALIDATOR_ROLE or FEDERATOR_ROLE"));
    // Deregistration and node removal: the provider itself or a validator.
    let err = pn
        .sender(STRANGER)
        .deregister_provider(provider)
        .motsu_unwrap_err();
    assert_eq!(err, revert("Unauthorized"));
    let err = pn
        .sender(STRANGER)
        .remove_compute_node(provider, provider)
        .motsu_unwrap_err();
    assert_eq!(err, revert("Unauthorized"));
}

// ------------------------------------------------------------------------------------
// Flows and bad input
// ------------------------------------------------------------------------------------

#[motsu::test]
fn registration_bad_input(provider: Address) {
    let env = Env::new();
    env.fund(provider, u(100));
    let err = env
        .pn
        .sender(provider)
        .register_provider(u(9))
        .motsu_unwrap_err();
    assert_eq!(err, revert("Stake amount is below minimum"));
    // Not enough approved tokens: the token's error bubbles up.
    let err = env
        .pn
        .sender(provider)
        .register_provider(u(101))
        .motsu_unwrap_err();
    assert_eq!(
        &Vec::<u8>::from(err.clone())[..4],
        &[0xfb, 0x8f, 0x41, 0xb2],
        "ERC20InsufficientAllowance"
    );
    env.pn
        .sender(provider)
        .register_provider(u(50))
        .motsu_unwrap();
    let err = env
        .pn
        .sender(provider)
        .register_provider(u(50))
        .motsu_unwrap_err();
    assert_eq!(err, revert("Provider registration failed"));
    // Whitelisting does not survive (re-)registration in the registry (reference quirk).
    assert_eq!(env.stake_of(provider), u(50));
}

#[motsu::test]
fn permit_bad_input(owner: Account) {
    let env = Env::new();
    let provider = owner.address();
    env.token
        .sender(FEDERATOR)
        .mint(provider, u(MILLION))
        .motsu_unwrap();
    let deadline = u(NOW + 10);
    let sig = permit_signature(&env, &owner, u(MILLION), deadline);
    // 65-byte packed form: abi.decode fails, empty revert.
    let err = env
        .pn
        .sender(provider)
        .facet()
        .register_provider_with_permit(u(MILLION), deadline, sig[..65].to_vec().into())
        .motsu_unwrap_err();
    assert_eq!(err, Vec::<u8>::new());
    // v word above 255: abi.decode of uint8 fails, empty revert.
    let mut bad_v = sig.clone();
    bad_v[94] = 1;
    let err = env
        .pn
        .sender(provider)
        .facet()
        .register_provider_with_permit(u(MILLION), deadline, bad_v.into())
        .motsu_unwrap_err();
    assert_eq!(err, Vec::<u8>::new());
    // Signed for another value: the token's ERC2612InvalidSigner.
    let err = env
        .pn
        .sender(provider)
        .facet()
        .register_provider_with_permit(u(MILLION - 1), deadline, sig.clone().into())
        .motsu_unwrap_err();
    assert_eq!(
        &Vec::<u8>::from(err.clone())[..4],
        &[0x4b, 0x80, 0x0e, 0x46],
        "ERC2612InvalidSigner"
    );
    // Expired.
    let old = u(NOW - 1);
    let expired = permit_signature(&env, &owner, u(MILLION), old);
    let err = env
        .pn
        .sender(provider)
        .facet()
        .register_provider_with_permit(u(MILLION), old, expired.into())
        .motsu_unwrap_err();
    assert_eq!(
        &Vec::<u8>::from(err.clone())[..4],
        &[0x62, 0x79, 0x13, 0x02],
        "ERC2612ExpiredSignature"
    );
    assert_eq!(env.stake_of(provider), U256::ZERO);
}

#[motsu::test]
fn increase_stake_rebonds_first(provider: Address, stranger: Address) {
    let env = Env::new();
    let err = env
        .pn
        .sender(stranger)
        .facet()
        .increase_stake(u(1))
        .motsu_unwrap_err();
    assert_eq!(err, revert("Provider not registered"));
    env.register(provider, u(100));
    env.pn
        .sender(provider)
        .facet()
        .reclaim_stake(u(60))
        .motsu_unwrap();
    assert_eq!(
        env.sm.sender(provider).get_pending_unbond_total(provider),
        u(60)
    );
    // 50 of the 60 unbonding come back without any token transfer.
    env.pn
        .sender(provider)
        .facet()
        .increase_stake(u(50))
        .motsu_unwrap();
    assert_eq!(env.stake_of(provider), u(90));
    assert_eq!(env.balance(provider), U256::ZERO);
    // 30 more: 10 rebonded, 20 pulled.
    env.fund(provider, u(20));
    env.pn
        .sender(provider)
        .facet()
        .increase_stake(u(30))
        .motsu_unwrap();
    assert_eq!(env.stake_of(provider), u(120));
    assert_eq!(
        env.sm.sender(provider).get_pending_unbond_total(provider),
        U256::ZERO
    );
    assert_eq!(env.sm.sender(provider).rebond_calls(), u(2));
    assert_eq!(env.balance(provider), U256::ZERO);
}

#[motsu::test]
fn reclaim_stake_bad_input(provider: Address) {
    let env = Env::new();
    env.register(provider, u(100));
    // More than the stake: Panic(0x11), as the reference's checked subtraction.
    let err = env
        .pn
        .sender(provider)
        .facet()
        .reclaim_stake(u(101))
        .motsu_unwrap_err();
    assert_eq!(err, panic_code(0x11));
    let err = env
        .pn
        .sender(provider)
        .facet()
        .reclaim_stake(u(91))
        .motsu_unwrap_err();
    assert_eq!(err, revert("Cannot unstake more than unallocated stake"));
    env.pn
        .sender(provider)
        .facet()
        .reclaim_stake(u(90))
        .motsu_unwrap();
    assert_eq!(env.stake_of(provider), u(10));
}

#[motsu::test]
fn minimum_stake_overflow_is_a_panic(provider: Address) {
    let env = Env::new();
    env.register(provider, u(100));
    let err = env
        .pn
        .sender(provider)
        .calculate_minimum_stake(provider, U256::MAX)
        .motsu_unwrap_err();
    assert_eq!(err, panic_code(0x11));
    let err = env
        .pn
        .sender(provider)
        .calculate_minimum_stake(provider, U256::MAX / u(10))
        .motsu_unwrap_err();
    assert_eq!(err, panic_code(0x11));
}

#[motsu::test]
fn add_node_preconditions(provider: Address) {
    let env = Env::new();
    let node = Account::from_seed("node");
    let sig = node_signature(&node, provider);
    let add = |sig: Vec<u8>| {
        env.pn
            .sender(provider)
            .add_compute_node(node.address(), "uri".into(), u(1), sig.into())
            .motsu_unwrap_err()
    };
    assert_eq!(add(sig.clone()), revert("Provider not registered"));
    env.register(provider, u(100));
    assert_eq!(add(sig.clone()), revert("Provider not whitelisted"));
    env.pn
        .sender(FEDERATOR)
        .whitelist_provider(provider)
        .motsu_unwrap();
    env.pn.assert_emitted(&ProviderWhitelisted { provider });
    assert_eq!(add(vec![0; 65]), revert("Invalid signature"));
    env.pn
        .sender(VALIDATOR)
        .blacklist_provider(provider)
        .motsu_unwrap();
    env.pn.assert_emitted(&ProviderBlacklisted { provider });
    assert_eq!(add(sig), revert("Provider not whitelisted"));
}

#[motsu::test]
fn validate_node_needs_stake(provider: Address) {
    let env = Env::new();
    // Stake 100 at minimum 10: room for 9 units beyond the base.
    let node = provider_with_node(&env, provider, u(100), "node", u(9));
    env.pn
        .sender(FEDERATOR)
        .set_stake_minimum(u(11))
        .motsu_unwrap();
    let err = env
        .pn
        .sender(VALIDATOR)
        .validate_node(provider, node)
        .motsu_unwrap_err();
    assert_eq!(err, revert("Insufficient stake"));
    env.pn
        .sender(FEDERATOR)
        .set_stake_minimum(u(10))
        .motsu_unwrap();
    env.pn
        .sender(VALIDATOR)
        .validate_node(provider, node)
        .motsu_unwrap();
    env.pn
        .sender(VALIDATOR)
        .invalidate_node(provider, node)
        .motsu_unwrap();
    assert!(!env
        .reg
        .sender(provider)
        .get_node_validation_status(provider, node)
        .motsu_unwrap());
    env.pn.assert_emitted(&ComputeNodeInvalidated {
        provider,
        nodekey: node,
    });
    // Unknown node: the registry's error bubbles up.
    let err = env
        .pn
        .sender(VALIDATOR)
        .validate_node(provider, STRANGER)
        .motsu_unwrap_err();
    assert_eq!(err, revert("ComputeRegistry: node not found"));
}

#[motsu::test]
fn deregistration_needs_no_active_nodes(provider: Address) {
    let env = Env::new();
    let node = provider_with_node(&env, provider, u(MILLION), "node", u(10));
    env.reg
        .sender(FEDERATOR)
        .set_node_active(provider, node, true);
    let err = env
        .pn
        .sender(VALIDATOR)
        .deregister_provider(provider)
        .motsu_unwrap_err();
    assert_eq!(err, revert("Provider has active nodes"));
    let err = env
        .pn
        .sender(provider)
        .remove_compute_node(provider, node)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        revert("ComputeRegistry: node must be inactive to remove")
    );
    env.reg
        .sender(FEDERATOR)
        .set_node_active(provider, node, false);
    // A validator may deregister the provider; the registry forgets its compute, so a
    // re-registration starts from the base minimum.
    env.pn
        .sender(VALIDATOR)
        .deregister_provider(provider)
        .motsu_unwrap();
    assert_eq!(
        env.sm.sender(provider).get_pending_unbond_total(provider),
        u(MILLION)
    );
    assert_eq!(
        env.pn
            .sender(provider)
            .calculate_minimum_stake(provider, U256::ZERO)
            .motsu_unwrap(),
        u(10)
    );
    // Deregistering an unknown provider unstakes zero, like the reference.
    env.pn
        .sender(STRANGER)
        .deregister_provider(STRANGER)
        .motsu_unwrap();
    assert_eq!(env.sm.sender(provider).last_unstake(STRANGER), U256::ZERO);
}

/// `invalidateWork`'s try/catch: a reverting slash blacklists instead, and registry reverts
/// in the later steps are swallowed (no event).
#[motsu::test]
fn invalidate_work_catches(provider: Address) {
    let env = Env::new();
    let node = provider_with_node(&env, provider, u(MILLION), "node", u(10));
    env.pool.sender(FEDERATOR).set_work(provider, node, u(3));
    env.sm.sender(FEDERATOR).set_revert_slash(true);
    env.reg
        .sender(FEDERATOR)
        .set_node_active(provider, node, true);
    env.pn
        .sender(VALIDATOR)
        .facet()
        .invalidate_work(u(7), u(5), Bytes(vec![]))
        .motsu_unwrap();
    assert!(!env.whitelisted(provider));
    env.pn.assert_emitted(&ProviderBlacklisted { provider });
    assert_eq!(env.stake_of(provider), u(MILLION));
    assert!(
        env.reg.sender(provider).node_present(node),
        "active node: removal reverted and was caught"
    );
    assert!(!env.pn.emitted(&ComputeNodeRemoved {
        provider,
        nodekey: node
    }));
    env.pn.assert_emitted(&ComputeNodeInvalidated {
        provider,
        nodekey: node,
    });

    // A node unknown to the registry: both registry steps revert and are caught.
    env.pool
        .sender(FEDERATOR)
        .set_work(provider, STRANGER, u(3));
    env.sm.sender(FEDERATOR).set_revert_slash(false);
    env.pn
        .sender(VALIDATOR)
        .facet()
        .invalidate_work(u(7), u(5), Bytes(vec![]))
        .motsu_unwrap();
    assert_eq!(env.stake_of(provider), u(MILLION - 5));
    assert!(!env.pn.emitted(&ComputeNodeInvalidated {
        provider,
        nodekey: STRANGER
    }));
}

#[motsu::test]
fn soft_invalidate_work_returns_the_pools_answer(provider: Address) {
    let env = Env::new();
    env.pool
        .sender(FEDERATOR)
        .set_work(provider, STRANGER, u(42));
    let out = env
        .pn
        .sender(VALIDATOR)
        .facet()
        .soft_invalidate_work(u(3), bytes!("abcd").into())
        .motsu_unwrap();
    assert_eq!(out, (provider, STRANGER, u(42)));
    assert_eq!(
        env.pool.sender(provider).last_data(u(3)).0.as_slice(),
        &[0xab, 0xcd]
    );
}

#[motsu::test]
fn domain_updates() {
    let env = Env::new();
    env.pn
        .sender(FEDERATOR)
        .create_domain("d".into(), Address::ZERO, "u".into())
        .motsu_unwrap();
    env.pn
        .sender(FEDERATOR)
        .update_domain_validation_logic(U256::ZERO, STRANGER)
        .motsu_unwrap();
    env.pn
        .sender(FEDERATOR)
        .update_domain_parameters(U256::ZERO, "u2".into())
        .motsu_unwrap();
    let (_, logic, uri, _) = env.dr.sender(FEDERATOR).domain(U256::ZERO);
    assert_eq!((logic, uri.as_str()), (STRANGER, "u2"));
    // Unknown domain: the registry's Panic(0x32) bubbles up.
    let err = env
        .pn
        .sender(FEDERATOR)
        .update_domain_parameters(u(5), "x".into())
        .motsu_unwrap_err();
    assert_eq!(err, panic_code(0x32));
}

/// Before `setModuleAddresses` the module calls target address(0), which has no code: they
/// revert (empty data) as Solidity's high-level calls do, instead of silently succeeding.
#[motsu::test]
fn calls_to_unset_modules_revert(
    pn: Contract<PrimeNetwork>,
    facet: Contract<RawCaller>,
    provider: Address,
) {
    pn.sender(FEDERATOR)
        .constructor(
            FEDERATOR,
            VALIDATOR,
            Address::ZERO,
            FEDERATOR,
            facet.address(),
        )
        .motsu_unwrap();
    let empty = Vec::<u8>::new();
    let err = pn
        .sender(VALIDATOR)
        .whitelist_provider(provider)
        .motsu_unwrap_err();
    assert_eq!(err, empty);
    // (A call that returns data, such as `register`, fails on chain decoding the empty
    // return data of an account without code; motsu cannot call such an account.)
    let err = pn
        .sender(FEDERATOR)
        .set_stake_minimum(u(1))
        .motsu_unwrap_err();
    assert_eq!(err, empty);
}

/// Review finding: a front constructed with a facet address without code would forward
/// every other selector to an account that "succeeds" doing nothing.
#[motsu::test]
fn constructor_refuses_a_facet_without_code(pn: Contract<PrimeNetwork>) {
    let err = pn
        .sender(FEDERATOR)
        .constructor(FEDERATOR, VALIDATOR, Address::ZERO, FEDERATOR, NO_CODE)
        .motsu_unwrap_err();
    assert_eq!(err, revert("PrimeNetwork: facet has no code"));
    assert!(!pn
        .sender(FEDERATOR)
        .access
        .has_role(DEFAULT_ADMIN_ROLE, FEDERATOR));
}

// ------------------------------------------------------------------------------------
// The front's router and fallback (forwarding to the facet)
// ------------------------------------------------------------------------------------

/// A call from a contract account through PrimeNetwork's address: front functions are
/// routed by the front, facet functions go through the fallback to the facet's router,
/// with the caller as `msg.sender`, and return data / revert data come back unchanged.
#[motsu::test]
fn fallback_forwards_to_the_facet(caller: Contract<RawCaller>) {
    let env = Env::new();
    let pn = env.pn.address();
    let call = |data: Vec<u8>| caller.sender(STRANGER).raw(pn, data.into());

    // A facet view through the fallback.
    let data = calculateMinimumStakeCall {
        provider: STRANGER,
        computeUnits: u(4),
    }
    .abi_encode();
    assert_eq!(
        call(data).motsu_unwrap().to_vec(),
        u(50).to_be_bytes::<32>().to_vec()
    );
    // A facet function's revert data, with msg.sender = the caller contract.
    let data = slashCall {
        provider: STRANGER,
        amount: u(1),
        reason: Default::default(),
    }
    .abi_encode();
    assert_eq!(
        call(data).motsu_unwrap_err(),
        unauthorized(caller.address(), VALIDATOR_ROLE)
    );
    // A facet view (the roles are served by the facet).
    let data = getRoleMemberCall {
        role: FEDERATOR_ROLE,
        index: U256::ZERO,
    }
    .abi_encode();
    assert_eq!(
        call(data).motsu_unwrap().to_vec(),
        FEDERATOR.into_word().to_vec()
    );
    // The caller registers as a provider: a front function.
    env.token
        .sender(FEDERATOR)
        .mint(caller.address(), u(10))
        .motsu_unwrap();
    let approve = approveCall {
        spender: pn,
        value: u(10),
    }
    .abi_encode();
    caller
        .sender(STRANGER)
        .raw(env.token.address(), approve.into())
        .motsu_unwrap();
    call(registerProviderCall { stake: u(10) }.abi_encode()).motsu_unwrap();
    assert_eq!(env.stake_of(caller.address()), u(10));
    // An unknown selector: neither router knows it, the facet's reverts without data, which
    // motsu's call shim renders as its "function not found" text.
    let err = call(vec![0xde, 0xad, 0xbe, 0xef]).motsu_unwrap_err();
    assert_eq!(
        err,
        b"function not found for selector '3735928559' and no fallback defined".to_vec()
    );
}

mod selectors {
    //! The front and facet functions' selectors are the reference's (Appendix A); the ABI
    //! parity test checks the exported JSON, this checks the calldata the tests build.
    use super::*;

    #[test]
    fn reference_selectors() {
        assert_eq!(registerProviderCall::SELECTOR, [0xce, 0xae, 0x67, 0xe2]);
        assert_eq!(
            calculateMinimumStakeCall::SELECTOR,
            [0xe8, 0x0e, 0x2b, 0x3c]
        );
        assert_eq!(getRoleMemberCall::SELECTOR, [0x90, 0x10, 0xd0, 0x7c]);
        assert_eq!(slashCall::SELECTOR, [0xbd, 0x2d, 0x03, 0x27]);
    }
}
