//! motsu tests of ComputePool's logic against minimal mocks of the contracts it calls
//! (ComputeRegistry, DomainRegistry, the distributor factory, a distributor, the domain's
//! work validation, PrimeNetwork's `getRoleMember`, an ERC-1271 wallet).
//!
//! The tests drive one `ComputePool` (front) contract; the admin facet's entry points are
//! the same `PoolStorage` methods, called on the front's storage (`pool.sender(a).s.x(..)`),
//! since motsu executes neither contract creation nor a faithful delegatecall (front→facet
//! forwarding and distributor creation are covered by the devnode end-to-end suite).
//! motsu's clock is fixed at `NOW`.

use alloc::{string::String, vec, vec::Vec};

use alloy_primitives::{address, aliases::B32, b256, keccak256, Address, FixedBytes, B256, U256};
use alloy_signer::SignerSync;
use motsu::prelude::*;
use stylus_sdk::{abi::Bytes, storage::*};

use super::*;
use prime_common::revert::{
    error_string, panic_code as panic_data, AccessControlBadConfirmation,
    AccessControlUnauthorizedAccount, Revert, PANIC_INDEX,
};

const NOW: u64 = 1_735_689_600;
const FED: Address = address!("00000000000000000000000000000000000000fe");
const DEPLOYER: Address = address!("00000000000000000000000000000000000000de");
const TOKEN: Address = address!("00000000000000000000000000000000000000a1");
const P1: Address = address!("0000000000000000000000000000000000000b01");
const P2: Address = address!("0000000000000000000000000000000000000b02");
const N1: Address = address!("0000000000000000000000000000000000000c01");
const N2: Address = address!("0000000000000000000000000000000000000c02");
const N3: Address = address!("0000000000000000000000000000000000000c03");
const N4: Address = address!("0000000000000000000000000000000000000c04");
const STRANGER: Address = address!("0000000000000000000000000000000000000666");

fn u(v: u64) -> U256 {
    U256::from(v)
}

// ------------------------------------------------------------------ mocks

/// ComputeRegistry: whitelist flags and node records; `updateNodeStatus` counts like the
/// reference (not idempotent) and requires the caller to be the pool.
#[storage]
struct MockRegistry {
    pool: StorageAddress,
    whitelisted: StorageMap<Address, StorageBool>,
    provider: StorageMap<Address, StorageAddress>,
    units: StorageMap<Address, StorageU256>,
    active: StorageMap<Address, StorageBool>,
    validated: StorageMap<Address, StorageBool>,
    active_count: StorageMap<Address, StorageU256>,
    nodes_of: StorageMap<Address, StorageVec<StorageAddress>>,
    removed: StorageMap<Address, StorageBool>,
}
unsafe impl TopLevelStorage for MockRegistry {}

#[public]
impl MockRegistry {
    fn get_whitelist_status(&self, provider: Address) -> bool {
        self.whitelisted.get(provider)
    }

    fn get_node_contract_data(&self, node: Address) -> Result<(Address, u32, bool, bool), Vec<u8>> {
        if self.removed.get(node) {
            // The reference registry's EnumerableMap.get on a removed subkey.
            let mut e = vec![0x02, 0xb5, 0x66, 0x86];
            e.extend_from_slice(node.into_word().as_slice());
            return Err(e);
        }
        let units = self.units.get(node).to::<u32>();
        Ok((
            self.provider.get(node),
            units,
            self.active.get(node),
            self.validated.get(node),
        ))
    }

    fn update_node_status(
        &mut self,
        provider: Address,
        node: Address,
        active: bool,
    ) -> Result<(), Vec<u8>> {
        if self.vm().msg_sender() != self.pool.get() {
            return Err(b"not the pool".to_vec());
        }
        self.active.setter(node).set(active);
        let n = self.active_count.get(provider);
        let n = if active {
            n + U256::from(1)
        } else {
            n.checked_sub(U256::from(1))
                .ok_or_else(|| panic_data(0x11))?
        };
        self.active_count.setter(provider).set(n);
        Ok(())
    }

    fn get_node_provider(&self, node: Address) -> Address {
        self.provider.get(node)
    }

    fn get_node_provider_status(&self, node: Address) -> (Address, bool) {
        let provider = self.provider.get(node);
        (provider, self.whitelisted.get(provider))
    }

    fn get_provider_validated_nodes(
        &self,
        provider: Address,
        filter_for_active: bool,
    ) -> Vec<Address> {
        let list = self.nodes_of.getter(provider);
        let mut out = Vec::new();
        for i in 0..list.len() {
            let n = list.get(i).unwrap();
            if self.validated.get(n) && (!filter_for_active || self.active.get(n)) {
                out.push(n);
            }
        }
        out
    }
}

impl MockRegistry {
    fn add_node(&mut self, provider: Address, node: Address, units: u64, validated: bool) {
        self.provider.setter(node).set(provider);
        self.units.setter(node).set(U256::from(units));
        self.validated.setter(node).set(validated);
        self.nodes_of.setter(provider).push(node);
    }
}

/// DomainRegistry: `get` returns the Domain struct, Panic(0x32) for unknown ids.
#[storage]
struct MockDomains {
    count: StorageU256,
    logic: StorageMap<U256, StorageAddress>,
}
unsafe impl TopLevelStorage for MockDomains {}

#[public]
impl MockDomains {
    fn get_validation_logic(&self, domain_id: U256) -> Result<Address, Vec<u8>> {
        if domain_id >= self.count.get() {
            return Err(panic_data(PANIC_INDEX));
        }
        Ok(self.logic.get(domain_id))
    }

    fn get(&self, domain_id: U256) -> Result<(U256, String, Address, String, Address), Vec<u8>> {
        if domain_id >= self.count.get() {
            return Err(panic_data(PANIC_INDEX));
        }
        Ok((
            domain_id,
            "domain".into(),
            self.logic.get(domain_id),
            "uri".into(),
            Address::ZERO,
        ))
    }
}

/// The distributor factory: hands out a preset address (motsu cannot create contracts).
#[storage]
struct MockFactory {
    next: StorageAddress,
    registry_arg: StorageAddress,
    pool_id_arg: StorageU256,
    calls: StorageU256,
}
unsafe impl TopLevelStorage for MockFactory {}

#[public]
impl MockFactory {
    fn create_rewards_distributor(&mut self, compute_registry: Address, pool_id: U256) -> Address {
        self.registry_arg.set(compute_registry);
        self.pool_id_arg.set(pool_id);
        let c = self.calls.get();
        self.calls.set(c + U256::from(1));
        self.next.get()
    }
}

/// A distributor that records what the pool told it.
#[storage]
struct MockDistributor {
    joined: StorageMap<Address, StorageU256>,
    left: StorageMap<Address, StorageU256>,
    work: StorageMap<Address, StorageU256>,
    slashed: StorageMap<Address, StorageU256>,
    ended: StorageBool,
}
unsafe impl TopLevelStorage for MockDistributor {}

#[public]
impl MockDistributor {
    fn join_pool(&mut self, node: Address) {
        let n = self.joined.get(node);
        self.joined.setter(node).set(n + U256::from(1));
    }
    fn leave_pool(&mut self, node: Address) {
        let n = self.left.get(node);
        self.left.setter(node).set(n + U256::from(1));
    }
    fn end_rewards(&mut self) -> Result<(), Vec<u8>> {
        if self.ended.get() {
            return Err(error_string("Already ended"));
        }
        self.ended.set(true);
        Ok(())
    }
    fn submit_work(&mut self, node: Address, work_units: U256) {
        let w = self.work.get(node);
        self.work.setter(node).set(w + work_units);
    }
    fn slash_pending_rewards(&mut self, node: Address) {
        let n = self.slashed.get(node);
        self.slashed.setter(node).set(n + U256::from(1));
    }
    fn remove_work(&mut self, node: Address, work_units: U256) {
        let w = self.work.get(node);
        self.work.setter(node).set(w.saturating_sub(work_units));
    }
}

/// IWorkValidation: `submitWork` accepts `key ‖ units`; invalidation returns the stored
/// `(provider, node)` of a key.
#[storage]
struct MockValidator {
    domain_arg: StorageU256,
    provider_of: StorageMap<B256, StorageAddress>,
    node_of: StorageMap<B256, StorageAddress>,
}
unsafe impl TopLevelStorage for MockValidator {}

#[public]
impl MockValidator {
    fn submit_work(
        &mut self,
        domain_id: U256,
        _pool_id: U256,
        provider: Address,
        node_id: Address,
        data: Bytes,
    ) -> Result<(bool, U256), Vec<u8>> {
        if data.len() < 64 {
            return Err(error_string("Data too short"));
        }
        let key = B256::from_slice(&data[..32]);
        self.domain_arg.set(domain_id);
        self.provider_of.setter(key).set(provider);
        self.node_of.setter(key).set(node_id);
        let units = U256::from_be_slice(&data[32..64]);
        Ok((!units.is_zero(), units))
    }

    fn invalidate_work(&mut self, _pool_id: U256, data: Bytes) -> (Address, Address) {
        let key = B256::from_slice(&data[..32]);
        (self.provider_of.get(key), self.node_of.get(key))
    }

    fn soft_invalidate_work(&mut self, _pool_id: U256, data: Bytes) -> (Address, Address, U256) {
        let key = B256::from_slice(&data[..32]);
        (
            self.provider_of.get(key),
            self.node_of.get(key),
            U256::from_be_slice(&data[32..64]),
        )
    }
}

/// PrimeNetwork's `getRoleMember(FEDERATOR_ROLE, 0)`.
#[storage]
struct MockPrime {
    federator: StorageAddress,
}
unsafe impl TopLevelStorage for MockPrime {}

#[public]
impl MockPrime {
    fn get_role_member(&self, role: B256, index: U256) -> Result<Address, Vec<u8>> {
        if role != B256::from(FEDERATOR_ROLE) || !index.is_zero() {
            return Err(panic_data(PANIC_INDEX));
        }
        Ok(self.federator.get())
    }
}

/// An ERC-1271 wallet approving one digest.
#[storage]
struct MockWallet {
    approved: StorageB256,
}
unsafe impl TopLevelStorage for MockWallet {}

#[public]
impl MockWallet {
    fn is_valid_signature(&self, hash: B256, _signature: Bytes) -> FixedBytes<4> {
        if hash == self.approved.get() {
            FixedBytes(0x1626ba7eu32.to_be_bytes())
        } else {
            FixedBytes([0xff; 4])
        }
    }
}

// ------------------------------------------------------------------ fixture

struct Env<'a> {
    pool: &'a Contract<ComputePool>,
    reg: &'a Contract<MockRegistry>,
    dom: &'a Contract<MockDomains>,
    fac: &'a Contract<MockFactory>,
    dist: &'a Contract<MockDistributor>,
    val: &'a Contract<MockValidator>,
    prime: &'a Contract<MockPrime>,
    manager: &'a Account,
}

impl Env<'_> {
    /// Deploys the pool (PrimeNetwork's federator = FED), one domain (id 0) validated by
    /// `val`, whitelists P1 and P2, and registers validated nodes N1, N2 (P1, 10 CU each),
    /// N3 (P2, 10 CU) and the unvalidated N4 (P1).
    fn deploy(&self) {
        self.prime.sender(DEPLOYER).federator.set(FED);
        self.pool
            .sender(DEPLOYER)
            .constructor(
                self.prime.address(),
                self.dom.address(),
                self.reg.address(),
                self.fac.address(),
                TOKEN,
                // Any contracts stand in for the facets (the constructor wants code there);
                // under motsu the front runs the facets' routers in place.
                self.val.address(),
                self.dist.address(),
            )
            .motsu_unwrap();
        self.dom.sender(DEPLOYER).count.set(u(1));
        self.dom
            .sender(DEPLOYER)
            .logic
            .setter(U256::ZERO)
            .set(self.val.address());
        self.fac.sender(DEPLOYER).next.set(self.dist.address());
        let mut reg = self.reg.sender(DEPLOYER);
        reg.pool.set(self.pool.address());
        reg.whitelisted.setter(P1).set(true);
        reg.whitelisted.setter(P2).set(true);
        reg.add_node(P1, N1, 10, true);
        reg.add_node(P1, N2, 10, true);
        reg.add_node(P2, N3, 10, true);
        reg.add_node(P1, N4, 10, false);
    }

    /// Creates (as FED) an active pool managed by `manager`, with `limit`.
    fn active_pool(&self, limit: u64) -> U256 {
        let id = self.create(limit);
        self.pool
            .sender(FED)
            .s
            .start_compute_pool(id)
            .motsu_unwrap();
        id
    }

    fn create(&self, limit: u64) -> U256 {
        self.pool
            .sender(FED)
            .s
            .create_compute_pool(
                U256::ZERO,
                self.manager.address(),
                b"pool",
                b"ipfs://pool",
                u(limit),
            )
            .motsu_unwrap()
    }

    /// An invite for `node` to `pool_id` signed by the manager (unique nonce per node).
    fn invite(&self, pool_id: U256, node: Address, expiration: U256) -> (U256, U256, Vec<u8>) {
        self.invite_by(self.manager, pool_id, node, expiration)
    }

    fn invite_by(
        &self,
        signer: &Account,
        pool_id: U256,
        node: Address,
        expiration: U256,
    ) -> (U256, U256, Vec<u8>) {
        // A fresh nonce per invite (the orchestrator uses random bytes).
        static COUNTER: core::sync::atomic::AtomicU64 = core::sync::atomic::AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
        let nonce = U256::from_be_bytes(keccak256([node.as_slice(), &n.to_be_bytes()].concat()).0);
        let domain_id = self
            .pool
            .sender(STRANGER)
            .s
            .pools
            .getter(pool_id)
            .domain_id
            .get();
        let digest = sig::invite_digest(U256::from(domain_id), pool_id, node, nonce, expiration);
        let signature = signer.signer().sign_hash_sync(&digest).expect("signing");
        (nonce, expiration, signature.as_bytes().to_vec())
    }

    fn join(&self, provider: Address, pool_id: U256, nodes: &[Address]) -> Result<(), Revert> {
        let (mut nonces, mut exps, mut sigs) = (vec![], vec![], vec![]);
        for n in nodes {
            let (nonce, exp, s) = self.invite(pool_id, *n, u(NOW + 1000));
            nonces.push(nonce);
            exps.push(exp);
            sigs.push(s);
        }
        let sigs: Vec<&[u8]> = sigs.iter().map(Vec::as_slice).collect();
        let invites = Invites {
            nodes,
            nonces: &nonces,
            expirations: &exps,
            signatures: &sigs,
        };
        self.pool
            .sender(provider)
            .s
            .join_compute_pool(pool_id, provider, &invites)
            .motsu_res()
    }

    fn nodes(&self, pool_id: U256) -> Vec<Address> {
        self.pool
            .sender(STRANGER)
            .membership()
            .get_compute_pool_nodes(pool_id)
    }

    fn active(&self, node: Address) -> bool {
        self.reg.sender(STRANGER).active.get(node)
    }
}

macro_rules! env {
    ($pool:ident, $reg:ident, $dom:ident, $fac:ident, $dist:ident, $val:ident, $prime:ident, $manager:ident) => {{
        let e = Env {
            pool: &$pool,
            reg: &$reg,
            dom: &$dom,
            fac: &$fac,
            dist: &$dist,
            val: &$val,
            prime: &$prime,
            manager: &$manager,
        };
        e.deploy();
        e
    }};
}

fn assert_revert(got: impl Into<Vec<u8>>, msg: &str) {
    let got = got.into();
    let want = prime_common::revert::Error {
        message: msg.into(),
    };
    assert_eq!(
        got,
        alloy_sol_types::SolError::abi_encode(&want),
        "got {:?}",
        String::from_utf8_lossy(&got)
    );
}

fn unauthorized(account: Address, role: B256) -> Vec<u8> {
    alloy_sol_types::SolError::abi_encode(&AccessControlUnauthorizedAccount {
        account,
        neededRole: role,
    })
}

// ------------------------------------------------------------------ encodings and vectors

/// Spec §7.4: the invite vector (domain 0, pool 0, anvil #3 as node, nonce 1, expiration
/// 2e9) and its signature by anvil #0 recover to anvil #0.
#[motsu::test]
fn invite_digest_and_signature_match_the_reference_vector(wallet: Contract<MockWallet>) {
    // motsu routes the ecrecover precompile call from the current contract's context.
    let _ = wallet.sender(STRANGER).approved.get();
    let node = address!("90F79bf6EB2c4f870365E785982E1f101E93b906");
    let manager = address!("f39Fd6e51aad88F6F4ce6aB8827279cffFb92266");
    let inner = sig::invite_inner(U256::ZERO, U256::ZERO, node, u(1), u(2_000_000_000));
    assert_eq!(
        inner,
        b256!("82816e929e3cc6729e29df71e3877bf2744abb5ac39ef4ce1ff9103e5c096119")
    );
    let digest = sig::eth_signed(inner);
    assert_eq!(
        digest,
        b256!("73e25c009ab906bda315ee312a4a17e5872ed7f9a15e64e04bba1f7471d75e12")
    );
    let signature = alloy_primitives::hex!("f22d29799354a7dc47f27f91404afa2fdb76c68b978358e97b5eb719dd407a6f18308d401adc3ccf81cca604573b676419b267581aab853f1c3792b878f0ce961c");
    assert_eq!(sig::try_recover(digest, &signature), Some(manager));
    // Bad v, high s, wrong length: invalid, no revert.
    let mut bad_v = signature;
    bad_v[64] = 29;
    assert_eq!(sig::try_recover(digest, &bad_v), None);
    let mut high_s = signature;
    high_s[32] = 0xff;
    assert_eq!(sig::try_recover(digest, &high_s), None);
    assert_eq!(sig::try_recover(digest, &signature[..64]), None);
}

// ------------------------------------------------------------------ construction and roles

#[motsu::test]
fn constructor_grants_roles_and_wires_addresses(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let _e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let p = pool.sender(STRANGER);
    assert!(p.s.access.has_role(B256::ZERO, prime.address()));
    assert!(p.s.access.has_role(PRIME_ROLE, prime.address()));
    assert!(p.s.access.has_role(FEDERATOR_ROLE, FED));
    assert!(!p.s.access.has_role(FEDERATOR_ROLE, DEPLOYER));
    assert_eq!(
        p.s.access.get_role_member(PRIME_ROLE, U256::ZERO).unwrap(),
        prime.address()
    );
    assert_eq!(p.s.access.get_role_member_count(FEDERATOR_ROLE), u(1));
    assert_eq!(p.s.access.get_role_members(FEDERATOR_ROLE), vec![FED]);
    assert_eq!(
        p.s.access.get_role_member(PRIME_ROLE, u(1)).unwrap_err(),
        panic_data(PANIC_INDEX)
    );
    assert_eq!(p.membership().compute_registry(), reg.address());
    assert_eq!(p.membership().domain_registry(), dom.address());
    assert_eq!(p.membership().rewards_distributor_factory(), fac.address());
    assert_eq!(
        (p.membership().ai_token(), p.membership().get_reward_token()),
        (TOKEN, TOKEN)
    );
    assert_eq!(p.membership().pool_id_counter(), U256::ZERO);
    assert_eq!(p.membership().federator_role(), B256::from(FEDERATOR_ROLE));
    assert_eq!(p.membership().prime_role(), B256::from(PRIME_ROLE));
    assert_eq!(p.s.access.default_admin_role(), B256::ZERO);
    for (id, want) in [
        (0x01ffc9a7u32, true),
        (0x7965db0b, true),
        (0x5a05180f, true),
        (0xffffffff, false),
    ] {
        assert_eq!(
            p.s.access.supports_interface(B32::from(id.to_be_bytes())),
            want
        );
    }
    pool.assert_emitted(&prime_common::access::RoleGranted {
        role: FEDERATOR_ROLE,
        account: FED,
        sender: DEPLOYER,
    });
}

#[motsu::test]
fn role_admin_functions_keep_the_member_sets(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let _e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let admin = prime.address();
    let err = pool
        .sender(FED)
        .s
        .access
        .grant_role(FEDERATOR_ROLE, P1)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(FED, B256::ZERO));
    pool.sender(admin)
        .s
        .access
        .grant_role(FEDERATOR_ROLE, P1)
        .motsu_unwrap();
    assert_eq!(
        pool.sender(STRANGER)
            .s
            .access
            .get_role_members(FEDERATOR_ROLE),
        vec![FED, P1]
    );
    pool.sender(admin)
        .s
        .access
        .revoke_role(FEDERATOR_ROLE, FED)
        .motsu_unwrap();
    assert_eq!(
        pool.sender(STRANGER)
            .s
            .access
            .get_role_members(FEDERATOR_ROLE),
        vec![P1]
    );
    let err = pool
        .sender(P1)
        .s
        .access
        .renounce_role(FEDERATOR_ROLE, FED)
        .motsu_unwrap_err();
    assert_eq!(
        err,
        alloy_sol_types::SolError::abi_encode(&(AccessControlBadConfirmation {}))
    );
    pool.sender(P1)
        .s
        .access
        .renounce_role(FEDERATOR_ROLE, P1)
        .motsu_unwrap();
    assert_eq!(
        pool.sender(STRANGER)
            .s
            .access
            .get_role_member_count(FEDERATOR_ROLE),
        U256::ZERO
    );
}

// ------------------------------------------------------------------ lifecycle

#[motsu::test]
fn pool_lifecycle_and_views(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let id = e.create(0);
    assert_eq!(id, U256::ZERO);
    assert_eq!(pool.sender(STRANGER).membership().pool_id_counter(), u(1));
    assert_eq!(
        pool.sender(STRANGER)
            .membership()
            .get_reward_distributor_for_pool(id),
        dist.address()
    );
    assert_eq!(
        (
            fac.sender(STRANGER).registry_arg.get(),
            fac.sender(STRANGER).pool_id_arg.get()
        ),
        (reg.address(), id)
    );
    pool.assert_emitted(&ComputePoolCreated {
        poolId: id,
        domainId: U256::ZERO,
        creator: FED,
        manager: manager.address(),
        limit: U256::ZERO,
        uri: "ipfs://pool".into(),
    });
    let info = pool.sender(STRANGER).s.pool_info(id);
    let want: PoolInfo = (
        id,
        U256::ZERO,
        "pool".into(),
        FED,
        manager.address(),
        u(NOW),
        U256::ZERO,
        U256::ZERO,
        "ipfs://pool".into(),
        Address::ZERO,
        U256::ZERO,
        U256::ZERO,
        PENDING,
    );
    assert_eq!(
        membership::encode_pools(&info),
        membership::encode_pools(&want)
    );

    // The fallback serves pools() (13 outputs) and getComputePool() (one struct).
    let mut calldata = <front::getComputePoolCall as alloy_sol_types::SolCall>::SELECTOR.to_vec();
    calldata.extend_from_slice(&id.to_be_bytes::<32>());
    let got = pool.sender(STRANGER).fallback(&calldata).motsu_unwrap();
    assert_eq!(got, membership::encode_get_compute_pool(&want));
    assert_eq!(got[..32], U256::from(32).to_be_bytes::<32>()); // struct offset
    calldata[..4].copy_from_slice(&<front::poolsCall as alloy_sol_types::SolCall>::SELECTOR);
    let got = pool.sender(STRANGER).fallback(&calldata).motsu_unwrap();
    assert_eq!(got, membership::encode_pools(&want));
    assert_eq!(got[..32], id.to_be_bytes::<32>()); // no offset: 13 return values
    assert_eq!(
        pool.sender(STRANGER)
            .fallback(&calldata[..10])
            .motsu_unwrap_err(),
        Vec::<u8>::new()
    );

    // Only creator or manager; only in the right status.
    let err = pool
        .sender(STRANGER)
        .s
        .start_compute_pool(id)
        .motsu_unwrap_err();
    assert_revert(err, msg::NOT_CREATOR_OR_MANAGER);
    let err = pool.sender(FED).s.end_compute_pool(id).motsu_unwrap_err();
    assert_revert(err, msg::NOT_ACTIVE);
    pool.sender(manager.address())
        .s
        .start_compute_pool(id)
        .motsu_unwrap();
    pool.assert_emitted(&ComputePoolStarted {
        poolId: id,
        timestamp: u(NOW),
    });
    let err = pool.sender(FED).s.start_compute_pool(id).motsu_unwrap_err();
    assert_revert(err, msg::NOT_PENDING);

    pool.sender(FED)
        .s
        .update_compute_pool_uri(id, b"ipfs://new")
        .motsu_unwrap();
    pool.assert_emitted(&ComputePoolURIUpdated {
        poolId: id,
        uri: "ipfs://new".into(),
    });
    pool.sender(manager.address())
        .s
        .update_compute_limit(id, u(30))
        .motsu_unwrap();
    pool.assert_emitted(&ComputePoolLimitUpdated {
        poolId: id,
        limit: u(30),
    });
    let err = pool
        .sender(STRANGER)
        .s
        .update_compute_limit(id, u(1))
        .motsu_unwrap_err();
    assert_revert(err, msg::NOT_CREATOR_OR_MANAGER);
    let err = pool
        .sender(STRANGER)
        .s
        .update_compute_pool_uri(id, b"x")
        .motsu_unwrap_err();
    assert_revert(err, msg::NOT_CREATOR_OR_MANAGER);

    pool.sender(FED).s.end_compute_pool(id).motsu_unwrap();
    pool.assert_emitted(&ComputePoolEnded { poolId: id });
    assert!(dist.sender(STRANGER).ended.get());
    let info = pool.sender(STRANGER).s.pool_info(id);
    assert_eq!(
        (info.6, info.7, info.8, info.11, info.12),
        (u(NOW), u(NOW), "ipfs://new".into(), u(30), COMPLETED)
    );
    let err = pool.sender(FED).s.end_compute_pool(id).motsu_unwrap_err();
    assert_revert(err, msg::NOT_ACTIVE);
}

#[motsu::test]
fn create_needs_federator_and_an_existing_domain(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let _e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let err = pool
        .sender(prime.address())
        .s
        .create_compute_pool(U256::ZERO, P1, b"p", b"u", U256::ZERO)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(prime.address(), FEDERATOR_ROLE));
    // Unknown domain: the registry's Panic(0x32) bubbles up, as in the reference.
    let err = pool
        .sender(FED)
        .s
        .create_compute_pool(u(7), P1, b"p", b"u", U256::ZERO)
        .motsu_unwrap_err();
    assert_eq!(err, panic_data(PANIC_INDEX));
    assert_eq!(
        pool.sender(STRANGER).membership().pool_id_counter(),
        U256::ZERO
    );
    assert_eq!(fac.sender(STRANGER).calls.get(), U256::ZERO);
}

/// Checked arithmetic is `Panic(0x11)`, never a wrapping integer: the shared `add`/`sub`
/// and the pool id counter (kept in 64 bits, packed with the registry's address), whose
/// last id is still handed out and whose overflow reverts the creation.
#[motsu::test]
fn checked_arithmetic_panics_with_0x11(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    use prime_common::revert::{add, sub};
    assert_eq!(sub(U256::ZERO, u(1)), Err(Revert::Panic(PANIC_ARITHMETIC)));
    assert_eq!(add(U256::MAX, u(1)), Err(Revert::Panic(PANIC_ARITHMETIC)));
    let _e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let registry = pool.sender(STRANGER).membership().compute_registry();
    let last = alloy_primitives::U64::from(u64::MAX - 1);
    pool.sender(STRANGER).s.pool_id_counter.set(last);
    let id = pool
        .sender(FED)
        .s
        .create_compute_pool(U256::ZERO, P1, b"p", b"u", U256::ZERO)
        .motsu_unwrap();
    assert_eq!(id, U256::from(last));
    let err = pool
        .sender(FED)
        .s
        .create_compute_pool(U256::ZERO, P1, b"p", b"u", U256::ZERO)
        .motsu_unwrap_err();
    assert_eq!(err, panic_data(PANIC_ARITHMETIC));
    let m = pool.sender(STRANGER).membership();
    assert_eq!(m.pool_id_counter(), U256::from(u64::MAX));
    // The registry's address shares the counter's slot and is untouched.
    assert_eq!(m.compute_registry(), registry);
}

#[motsu::test]
fn unknown_pools_are_rejected_everywhere(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let id = e.active_pool(0);
    let x = u(5);
    let mut p = pool.sender(FED);
    let results: Vec<Result<(), Revert>> = vec![
        p.s.start_compute_pool(x),
        p.s.end_compute_pool(x),
        p.s.update_compute_pool_uri(x, b"u"),
        p.s.update_compute_limit(x, u(1)),
        p.s.eject_node(x, N1),
        p.s.blacklist_provider(x, P1),
        p.s.blacklist_provider_list(x, &[P1]),
        p.s.purge_provider(x, P1),
        p.s.blacklist_and_purge_provider(x, P1),
        p.s.blacklist_nodes(x, &[N1]),
        p.s.leave_compute_pool(x, FED, &[]),
        p.s.submit_work(x, N1, &[]),
        p.s.change_compute_pool(
            x,
            id,
            &Invites {
                nodes: &[],
                nonces: &[],
                expirations: &[],
                signatures: &[],
            },
        ),
        p.s.change_compute_pool(
            id,
            x,
            &Invites {
                nodes: &[],
                nonces: &[],
                expirations: &[],
                signatures: &[],
            },
        ),
        p.s.join_compute_pool_single(x, FED, N1, U256::ZERO, U256::ZERO, &[]),
    ];
    for r in results {
        assert_revert(r.unwrap_err(), msg::POOL_NOT_FOUND);
    }
    let mut p = pool.sender(prime.address());
    assert_revert(
        p.s.invalidate_work(x, &[0; 32]).unwrap_err(),
        msg::POOL_NOT_FOUND,
    );
    assert_revert(
        p.s.soft_invalidate_work(x, &[0; 64]).unwrap_err(),
        msg::POOL_NOT_FOUND,
    );
    // Views give zero values.
    assert_eq!(pool.sender(STRANGER).s.pool_info(x).3, Address::ZERO);
    assert_eq!(
        pool.sender(STRANGER)
            .membership()
            .get_reward_distributor_for_pool(x),
        Address::ZERO
    );
}

// ------------------------------------------------------------------ joins

/// test_nodeOps / test_nodeLeaveJoinIdempotency (pool part): single and batch joins, the
/// registry and distributor bookkeeping, leave one, leave all, rejoin.
#[motsu::test]
fn join_and_leave_lifecycle(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let id = e.active_pool(0);
    let (nonce, exp, s) = e.invite(id, N1, u(NOW + 1000));
    pool.sender(P1)
        .s
        .join_compute_pool_single(id, P1, N1, nonce, exp, &s)
        .motsu_unwrap();
    pool.assert_emitted(&ComputePoolJoined {
        poolId: id,
        provider: P1,
        nodekeys: vec![N1],
    });
    e.join(P2, id, &[N3]).unwrap();
    e.join(P1, id, &[N2]).unwrap();
    assert_eq!(e.nodes(id), vec![N1, N3, N2]);
    assert_eq!(
        pool.sender(STRANGER)
            .membership()
            .get_compute_pool_providers(id),
        vec![P1, P2]
    );
    assert_eq!(
        pool.sender(STRANGER)
            .membership()
            .get_compute_pool_total_compute(id),
        u(30)
    );
    assert_eq!(
        pool.sender(STRANGER)
            .membership()
            .get_provider_active_nodes_in_pool(id, P1),
        u(2)
    );
    assert!(pool.sender(STRANGER).membership().is_node_in_pool(id, N2));
    assert!(pool
        .sender(STRANGER)
        .membership()
        .is_provider_in_pool(id, P2));
    assert!(e.active(N1) && e.active(N2) && e.active(N3));
    assert_eq!(reg.sender(STRANGER).active_count.get(P1), u(2));
    assert_eq!(dist.sender(STRANGER).joined.get(N1), u(1));

    // A second join of an active node reverts.
    assert_revert(e.join(P1, id, &[N1]).unwrap_err(), msg::ONE_POOL);

    // Leave one node.
    pool.sender(P1)
        .s
        .leave_compute_pool_single(id, P1, N1)
        .motsu_unwrap();
    pool.assert_emitted(&ComputePoolLeft {
        poolId: id,
        provider: P1,
        nodekey: N1,
    });
    assert!(!e.active(N1));
    assert_eq!(dist.sender(STRANGER).left.get(N1), u(1));
    assert_eq!(
        pool.sender(STRANGER)
            .membership()
            .get_compute_pool_total_compute(id),
        u(20)
    );
    // Leaving again reverts; so does leaving with a node that never joined.
    assert_revert(
        pool.sender(P1)
            .s
            .leave_compute_pool_single(id, P1, N1)
            .motsu_unwrap_err(),
        msg::NODE_NOT_IN_POOL,
    );
    assert_revert(
        pool.sender(P1)
            .s
            .leave_compute_pool(id, P1, &[N4])
            .motsu_unwrap_err(),
        msg::NODE_NOT_IN_POOL,
    );
    // Only the provider itself may leave.
    assert_revert(
        pool.sender(P2)
            .s
            .leave_compute_pool_single(id, P1, N2)
            .motsu_unwrap_err(),
        msg::ONLY_PROVIDER_LEAVE,
    );
    // Listing another provider's node is skipped silently.
    pool.sender(P1)
        .s
        .leave_compute_pool(id, P1, &[N3])
        .motsu_unwrap();
    assert!(e.active(N3));

    // Leave all (address 0): only P1's nodes go; P1 is no longer a pool provider.
    pool.sender(P1)
        .s
        .leave_compute_pool_single(id, P1, Address::ZERO)
        .motsu_unwrap();
    assert_eq!(e.nodes(id), vec![N3]);
    assert_eq!(
        pool.sender(STRANGER)
            .membership()
            .get_compute_pool_providers(id),
        vec![P2]
    );
    assert_eq!(
        pool.sender(STRANGER)
            .membership()
            .get_provider_active_nodes_in_pool(id, P1),
        U256::ZERO
    );

    // Rejoin works with a fresh invite.
    e.join(P1, id, &[N1]).unwrap();
    assert_eq!(e.nodes(id), vec![N3, N1]);

    // Leaving works after the pool ended (batch, empty list = all).
    pool.sender(FED).s.end_compute_pool(id).motsu_unwrap();
    pool.sender(P2)
        .s
        .leave_compute_pool(id, P2, &[])
        .motsu_unwrap();
    assert_eq!(e.nodes(id), vec![N1]);
}

#[motsu::test]
fn join_rejects_bad_pools_providers_and_nodes(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let pending = e.create(0);
    assert_revert(e.join(P1, pending, &[N1]).unwrap_err(), msg::NOT_ACTIVE);
    let id = e.active_pool(0);
    // Not whitelisted by the federator.
    reg.sender(DEPLOYER).whitelisted.setter(P1).set(false);
    assert_revert(e.join(P1, id, &[N1]).unwrap_err(), msg::NOT_WHITELISTED);
    reg.sender(DEPLOYER).whitelisted.setter(P1).set(true);
    // Someone else submitting the provider's join.
    let (nonce, exp, s) = e.invite(id, N1, u(NOW + 1000));
    let err = pool
        .sender(P2)
        .s
        .join_compute_pool_single(id, P1, N1, nonce, exp, &s)
        .motsu_unwrap_err();
    assert_revert(err, msg::ONLY_PROVIDER_JOIN);
    // Another provider's node, an unknown node, an unvalidated node.
    assert_revert(e.join(P1, id, &[N3]).unwrap_err(), msg::NODE_NOT_OWNED);
    assert_revert(
        e.join(P1, id, &[STRANGER]).unwrap_err(),
        msg::NODE_NOT_OWNED,
    );
    assert_revert(e.join(P1, id, &[N4]).unwrap_err(), msg::NOT_VALIDATED);
    // A batch fails as a whole: nothing of it stays.
    assert_revert(e.join(P1, id, &[N1, N4]).unwrap_err(), msg::NOT_VALIDATED);
    assert!(e.nodes(id).is_empty() && !e.active(N1));
    // Node blacklisted in this pool: checked before everything else.
    pool.sender(FED).s.blacklist_nodes(id, &[N2]).motsu_unwrap();
    pool.assert_emitted(&ComputePoolNodeBlacklisted {
        poolId: id,
        provider: Address::ZERO,
        nodekey: N2,
    });
    assert_revert(
        e.join(P1, id, &[N3, N2]).unwrap_err(),
        msg::NODE_BLACKLISTED,
    );
    // Provider blacklisted in this pool.
    pool.sender(FED).s.blacklist_provider(id, P1).motsu_unwrap();
    assert_revert(
        e.join(P1, id, &[N1]).unwrap_err(),
        msg::PROVIDER_BLACKLISTED,
    );
    assert!(pool
        .sender(STRANGER)
        .membership()
        .is_provider_blacklisted_from_pool(id, P1));
    assert!(pool
        .sender(STRANGER)
        .membership()
        .is_node_blacklisted_from_pool(id, N2));
    assert!(!pool
        .sender(STRANGER)
        .membership()
        .is_node_blacklisted_from_pool(pending, N2));
}

#[motsu::test]
fn invites_expire_strictly_are_single_use_and_must_be_signed_by_the_manager(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
    forger: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let id = e.active_pool(0);
    let other = e.active_pool(0);
    let join = |nonce, exp, s: Vec<u8>| {
        pool.sender(P1)
            .s
            .join_compute_pool_single(id, P1, N1, nonce, exp, &s)
            .motsu_res()
    };

    // expiration == now is expired (strict), as is the past.
    let (nonce, exp, s) = e.invite(id, N1, u(NOW));
    assert_revert(join(nonce, exp, s).unwrap_err(), msg::INVITE_EXPIRED);
    let (nonce, exp, s) = e.invite(id, N1, u(NOW - 1));
    assert_revert(join(nonce, exp, s).unwrap_err(), msg::INVITE_EXPIRED);
    // Forged: signed by another key; or for another pool; or a different nonce.
    let (nonce, exp, s) = e.invite_by(&forger, id, N1, u(NOW + 10));
    assert_revert(join(nonce, exp, s).unwrap_err(), msg::INVALID_INVITE);
    let (nonce, exp, s) = e.invite(other, N1, u(NOW + 10));
    assert_revert(join(nonce, exp, s).unwrap_err(), msg::INVALID_INVITE);
    let (nonce, exp, s) = e.invite(id, N1, u(NOW + 10));
    assert_revert(
        join(nonce + u(1), exp, s.clone()).unwrap_err(),
        msg::INVALID_INVITE,
    );
    // Garbage signature bytes are an invalid invite, not another error.
    assert_revert(
        join(nonce, exp, vec![1, 2, 3]).unwrap_err(),
        msg::INVALID_INVITE,
    );
    // Valid once; the same invite again (after leaving) is a replay.
    join(nonce, exp, s.clone()).unwrap();
    pool.sender(P1)
        .s
        .leave_compute_pool_single(id, P1, N1)
        .motsu_unwrap();
    assert_revert(join(nonce, exp, s).unwrap_err(), msg::INVITE_USED);
    // A failed check does not consume the invite.
    let (nonce, exp, s) = e.invite(id, N2, u(NOW + 10));
    reg.sender(DEPLOYER).validated.setter(N2).set(false);
    let err = pool
        .sender(P1)
        .s
        .join_compute_pool_single(id, P1, N2, nonce, exp, &s)
        .motsu_unwrap_err();
    assert_revert(err, msg::NOT_VALIDATED);
    reg.sender(DEPLOYER).validated.setter(N2).set(true);
    pool.sender(P1)
        .s
        .join_compute_pool_single(id, P1, N2, nonce, exp, &s)
        .motsu_unwrap();
}

#[motsu::test]
fn mismatched_batch_arrays_panic_like_the_reference(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let id = e.active_pool(0);
    let (nonce, exp, s) = e.invite(id, N1, u(NOW + 10));
    let join = |nonces: &[U256], exps: &[U256], sigs: &[&[u8]]| {
        let invites = Invites {
            nodes: &[N1],
            nonces,
            expirations: exps,
            signatures: sigs,
        };
        pool.sender(P1)
            .s
            .join_compute_pool(id, P1, &invites)
            .motsu_res()
    };
    assert_eq!(
        join(&[], &[exp], &[&s]).unwrap_err(),
        panic_data(PANIC_INDEX)
    );
    assert_eq!(
        join(&[nonce], &[], &[&s]).unwrap_err(),
        panic_data(PANIC_INDEX)
    );
    assert_eq!(
        join(&[nonce], &[exp], &[]).unwrap_err(),
        panic_data(PANIC_INDEX)
    );
    // Extra entries beyond the node list are ignored.
    join(&[nonce, u(1)], &[exp, u(2)], &[&s, &[]]).unwrap();
}

/// test_computeLimit: a 10-CU pool takes one 10-CU node, then is at capacity.
#[motsu::test]
fn compute_limit_is_enforced(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let id = e.active_pool(10);
    e.join(P1, id, &[N1]).unwrap();
    assert_revert(e.join(P1, id, &[N2]).unwrap_err(), msg::AT_CAPACITY);
    // Lowering the limit evicts nobody; raising it lets the node in.
    pool.sender(FED)
        .s
        .update_compute_limit(id, u(5))
        .motsu_unwrap();
    assert_eq!(e.nodes(id), vec![N1]);
    pool.sender(FED)
        .s
        .update_compute_limit(id, u(20))
        .motsu_unwrap();
    e.join(P1, id, &[N2]).unwrap();
    assert_eq!(
        pool.sender(STRANGER)
            .membership()
            .get_compute_pool_total_compute(id),
        u(20)
    );
}

#[motsu::test]
fn an_erc1271_manager_can_sign_invites(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
    wallet: Contract<MockWallet>,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let id = pool
        .sender(FED)
        .s
        .create_compute_pool(U256::ZERO, wallet.address(), b"w", b"u", U256::ZERO)
        .motsu_unwrap();
    pool.sender(wallet.address())
        .s
        .start_compute_pool(id)
        .motsu_unwrap();
    let exp = u(NOW + 10);
    let digest = sig::invite_digest(U256::ZERO, id, N1, u(9), exp);
    // Not approved by the wallet: invalid (an ECDSA signature of anyone does not count).
    let s = manager
        .signer()
        .sign_hash_sync(&digest)
        .unwrap()
        .as_bytes()
        .to_vec();
    let err = pool
        .sender(P1)
        .s
        .join_compute_pool_single(id, P1, N1, u(9), exp, &s)
        .motsu_unwrap_err();
    assert_revert(err, msg::INVALID_INVITE);
    wallet.sender(DEPLOYER).approved.set(digest);
    pool.sender(P1)
        .s
        .join_compute_pool_single(id, P1, N1, u(9), exp, &s)
        .motsu_unwrap();
    assert_eq!(e.nodes(id), vec![N1]);
}

// ------------------------------------------------------------------ manager actions

#[motsu::test]
fn eject_node(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let id = e.active_pool(0);
    e.join(P1, id, &[N1, N2]).unwrap();
    assert_revert(
        pool.sender(P1).s.eject_node(id, N1).motsu_unwrap_err(),
        msg::NOT_CREATOR_OR_MANAGER,
    );
    pool.sender(manager.address())
        .s
        .eject_node(id, N1)
        .motsu_unwrap();
    pool.assert_emitted(&ComputePoolNodeEjected {
        poolId: id,
        provider: P1,
        nodekey: N1,
    });
    assert!(!e.active(N1) && !pool.sender(STRANGER).membership().is_node_in_pool(id, N1));
    assert_revert(
        pool.sender(FED).s.eject_node(id, N1).motsu_unwrap_err(),
        msg::NODE_NOT_IN_POOL,
    );
    assert_revert(
        pool.sender(FED)
            .s
            .eject_node(id, address!("0000000000000000000000000000000000000001"))
            .motsu_unwrap_err(),
        msg::NODE_NOT_IN_POOL,
    );
    assert!(pool
        .sender(STRANGER)
        .membership()
        .is_provider_in_pool(id, P1));
    pool.sender(FED).s.eject_node(id, N2).motsu_unwrap();
    assert!(!pool
        .sender(STRANGER)
        .membership()
        .is_provider_in_pool(id, P1));
    // An ejected node may rejoin.
    e.join(P1, id, &[N1]).unwrap();
}

/// test_nodeOps (blacklist part), test_providerBlacklist, test_blacklistGasCosts (shape).
#[motsu::test]
fn blacklists_and_purges(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let id = e.active_pool(0);
    let id2 = e.active_pool(0);
    e.join(P1, id, &[N1, N2]).unwrap();
    e.join(P2, id, &[N3]).unwrap();

    // blacklistNode removes the node, then joining it reverts.
    pool.sender(FED).s.blacklist_nodes(id, &[N1]).motsu_unwrap();
    pool.assert_emitted(&ComputePoolNodeBlacklisted {
        poolId: id,
        provider: P1,
        nodekey: N1,
    });
    assert!(!e.active(N1));
    assert_revert(e.join(P1, id, &[N1]).unwrap_err(), msg::NODE_BLACKLISTED);
    // The node is free for other pools.
    e.join(P1, id2, &[N1]).unwrap();

    // Zero provider rejected.
    for r in [
        pool.sender(FED).s.blacklist_provider(id, Address::ZERO),
        pool.sender(FED).s.purge_provider(id, Address::ZERO),
        pool.sender(FED)
            .s
            .blacklist_and_purge_provider(id, Address::ZERO),
    ] {
        assert_revert(r.unwrap_err(), msg::ZERO_PROVIDER);
    }
    assert_revert(
        pool.sender(P1)
            .s
            .blacklist_and_purge_provider(id, P1)
            .motsu_unwrap_err(),
        msg::NOT_CREATOR_OR_MANAGER,
    );
    assert_revert(
        pool.sender(P1)
            .s
            .blacklist_nodes(id, &[N3])
            .motsu_unwrap_err(),
        msg::NOT_CREATOR_OR_MANAGER,
    );

    // blacklistAndPurgeProvider: P1's node in this pool goes (no Left event), its node in
    // pool 2 stays; joining then reverts with "provider is blacklisted".
    pool.sender(manager.address())
        .s
        .blacklist_and_purge_provider(id, P1)
        .motsu_unwrap();
    pool.assert_emitted(&ComputePoolProviderBlacklisted {
        poolId: id,
        provider: P1,
    });
    pool.assert_emitted(&ComputePoolPurgedProvider {
        poolId: id,
        provider: P1,
    });
    assert!(!pool.emitted(&ComputePoolLeft {
        poolId: id,
        provider: P1,
        nodekey: N2
    }));
    assert_eq!(e.nodes(id), vec![N3]);
    assert_eq!(
        pool.sender(STRANGER)
            .membership()
            .get_compute_pool_providers(id),
        vec![P2]
    );
    assert!(e.active(N1) && !e.active(N2));
    assert_revert(
        e.join(P1, id, &[N2]).unwrap_err(),
        msg::PROVIDER_BLACKLISTED,
    );

    // changeComputePool into a pool where the provider is blacklisted.
    let (nonce, exp, s) = e.invite(id, N1, u(NOW + 10));
    let invites = Invites {
        nodes: &[N1],
        nonces: &[nonce],
        expirations: &[exp],
        signatures: &[&s],
    };
    assert_revert(
        pool.sender(P1)
            .s
            .change_compute_pool(id2, id, &invites)
            .motsu_unwrap_err(),
        msg::PROVIDER_BLACKLISTED,
    );

    // purgeProvider without blacklisting; blacklistProviderList skips zero entries.
    pool.sender(FED).s.purge_provider(id, P2).motsu_unwrap();
    assert!(e.nodes(id).is_empty());
    assert!(!pool
        .sender(STRANGER)
        .membership()
        .is_provider_blacklisted_from_pool(id, P2));
    pool.sender(FED)
        .s
        .blacklist_provider_list(id, &[Address::ZERO, P2])
        .motsu_unwrap();
    assert!(pool
        .sender(STRANGER)
        .membership()
        .is_provider_blacklisted_from_pool(id, P2));
    assert!(!pool
        .sender(STRANGER)
        .membership()
        .is_provider_blacklisted_from_pool(id, Address::ZERO));

    // blacklistNodeList over a mix, including a never-registered address: no revert.
    pool.sender(FED)
        .s
        .blacklist_nodes(id2, &[N1, STRANGER])
        .motsu_unwrap();
    assert!(e.nodes(id2).is_empty() && !e.active(N1));
    assert!(pool
        .sender(STRANGER)
        .membership()
        .is_node_blacklisted_from_pool(id2, STRANGER));
}

#[motsu::test]
fn change_compute_pool(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let from = e.active_pool(0);
    let to = e.active_pool(0);
    let pending = e.create(0);
    e.join(P1, from, &[N1, N2]).unwrap();
    let (n1, x1, s1) = e.invite(to, N1, u(NOW + 10));
    let sigs = [&s1[..]];
    let invites = Invites {
        nodes: &[N1],
        nonces: &[n1],
        expirations: &[x1],
        signatures: &sigs,
    };
    assert_revert(
        pool.sender(P1)
            .s
            .change_compute_pool(from, pending, &invites)
            .motsu_unwrap_err(),
        msg::DEST_NOT_READY,
    );
    // One of two nodes: only that one moves.
    pool.sender(P1)
        .s
        .change_compute_pool(from, to, &invites)
        .motsu_unwrap();
    assert_eq!((e.nodes(from), e.nodes(to)), (vec![N2], vec![N1]));
    assert!(!pool.emitted(&ComputePoolJoined {
        poolId: to,
        provider: P1,
        nodekeys: vec![N1]
    }));
    pool.assert_emitted(&ComputePoolLeft {
        poolId: from,
        provider: P1,
        nodekey: N1,
    });
    // As many nodes as the provider has in `from`: all of its nodes leave, whichever.
    let (n2, x2, s2) = e.invite(from, N1, u(NOW + 10));
    let sigs = [&s2[..]];
    let invites = Invites {
        nodes: &[N1],
        nonces: &[n2],
        expirations: &[x2],
        signatures: &sigs,
    };
    pool.sender(P1)
        .s
        .change_compute_pool(to, from, &invites)
        .motsu_unwrap();
    assert_eq!((e.nodes(from), e.nodes(to)), (vec![N2, N1], vec![]));
}

// ------------------------------------------------------------------ work

#[motsu::test]
fn submit_work_goes_through_validation_to_the_distributor(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let id = e.active_pool(0);
    e.join(P1, id, &[N1, N2]).unwrap();
    let mut data = [0u8; 64];
    data[31] = 1;
    data[63] = 10;
    pool.sender(P1).s.submit_work(id, N1, &data).motsu_unwrap();
    assert_eq!(dist.sender(STRANGER).work.get(N1), u(10));
    assert_eq!(
        val.sender(STRANGER)
            .provider_of
            .get(B256::from_slice(&data[..32])),
        P1
    );
    // Units 0: the validator says not ok, the distributor is not called.
    let mut zero = data;
    zero[63] = 0;
    pool.sender(P1).s.submit_work(id, N1, &zero).motsu_unwrap();
    assert_eq!(dist.sender(STRANGER).work.get(N1), u(10));
    // The validator's revert bubbles up.
    assert_revert(
        pool.sender(P1)
            .s
            .submit_work(id, N1, &[1])
            .motsu_unwrap_err(),
        "Data too short",
    );
    // Check order: not in pool, not owned, pool not active, blacklisted node/provider, whitelist.
    assert_revert(
        pool.sender(P1)
            .s
            .submit_work(id, N3, &data)
            .motsu_unwrap_err(),
        msg::NODE_NOT_IN_POOL,
    );
    assert_revert(
        pool.sender(P2)
            .s
            .submit_work(id, N1, &data)
            .motsu_unwrap_err(),
        msg::NOT_OWNED_BY_PROVIDER,
    );
    reg.sender(DEPLOYER).whitelisted.setter(P1).set(false);
    assert_revert(
        pool.sender(P1)
            .s
            .submit_work(id, N1, &data)
            .motsu_unwrap_err(),
        msg::NOT_WHITELISTED,
    );
    pool.sender(FED).s.blacklist_provider(id, P1).motsu_unwrap();
    assert_revert(
        pool.sender(P1)
            .s
            .submit_work(id, N1, &data)
            .motsu_unwrap_err(),
        msg::PROVIDER_BLACKLISTED,
    );
    pool.sender(FED).s.end_compute_pool(id).motsu_unwrap();
    assert_revert(
        pool.sender(P1)
            .s
            .submit_work(id, N1, &data)
            .motsu_unwrap_err(),
        msg::DEST_NOT_READY,
    );
}

/// test_stakeSlashing (pool part): PrimeNetwork's invalidateWork slashes the node's pending
/// rewards and ejects it; soft invalidation only removes work units.
#[motsu::test]
fn invalidation_slashes_and_ejects(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let id = e.active_pool(0);
    e.join(P1, id, &[N1]).unwrap();
    let mut work = [0u8; 64];
    work[0] = 0xaa;
    work[63] = 100;
    pool.sender(P1).s.submit_work(id, N1, &work).motsu_unwrap();

    // Only PRIME_ROLE (PrimeNetwork).
    let err = pool
        .sender(FED)
        .s
        .invalidate_work(id, &work[..32])
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(FED, PRIME_ROLE));
    let err = pool
        .sender(FED)
        .s
        .soft_invalidate_work(id, &work)
        .motsu_unwrap_err();
    assert_eq!(err, unauthorized(FED, PRIME_ROLE));

    // Soft: removes units, node stays.
    let mut soft = work;
    soft[63] = 30;
    let got = pool
        .sender(prime.address())
        .s
        .soft_invalidate_work(id, &soft)
        .motsu_unwrap();
    assert_eq!(got, (P1, N1, u(30)));
    assert_eq!(dist.sender(STRANGER).work.get(N1), u(70));
    assert!(pool.sender(STRANGER).membership().is_node_in_pool(id, N1));

    // Hard: slash pending rewards, eject.
    let got = pool
        .sender(prime.address())
        .s
        .invalidate_work(id, &work[..32])
        .motsu_unwrap();
    assert_eq!(got, (P1, N1));
    assert_eq!(dist.sender(STRANGER).slashed.get(N1), u(1));
    assert!(!pool.sender(STRANGER).membership().is_node_in_pool(id, N1) && !e.active(N1));
    pool.assert_emitted(&ComputePoolNodeEjected {
        poolId: id,
        provider: P1,
        nodekey: N1,
    });
    assert!(!pool
        .sender(STRANGER)
        .membership()
        .is_provider_in_pool(id, P1));
    // Invalidating again still slashes (no ejection: the node is gone); works in any status.
    pool.sender(FED).s.end_compute_pool(id).motsu_unwrap();
    pool.sender(prime.address())
        .s
        .invalidate_work(id, &work[..32])
        .motsu_unwrap();
    assert_eq!(dist.sender(STRANGER).slashed.get(N1), u(2));
    // PrimeNetwork then invalidates the node in the registry: a rejoin reverts.
    reg.sender(DEPLOYER).validated.setter(N1).set(false);
    let id2 = e.active_pool(0);
    assert_revert(e.join(P1, id2, &[N1]).unwrap_err(), msg::NOT_VALIDATED);
}

/// A node removed from the registry while in the pool: the registry's revert bubbles out of
/// leave/eject, as in the reference (registry lookups revert for removed nodes).
#[motsu::test]
fn registry_reverts_bubble_up(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let id = e.active_pool(0);
    e.join(P1, id, &[N1]).unwrap();
    reg.sender(DEPLOYER).removed.setter(N1).set(true);
    let err = pool
        .sender(P1)
        .s
        .leave_compute_pool_single(id, P1, N1)
        .motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err.clone())[..4], [0x02, 0xb5, 0x66, 0x86]);
    let err = pool.sender(FED).s.eject_node(id, N1).motsu_unwrap_err();
    assert_eq!(Vec::<u8>::from(err.clone())[..4], [0x02, 0xb5, 0x66, 0x86]);
    assert!(pool.sender(STRANGER).membership().is_node_in_pool(id, N1));
}

// ------------------------------------------------------------------ ABI calls through the front

mod calls {
    #![allow(missing_docs)]
    alloy_sol_types::sol! {
        function createComputePool(uint256 domainId, address computeManagerKey, string poolName, string poolDataURI, uint256 computeLimit) returns (uint256);
        function startComputePool(uint256 poolId);
        function joinComputePool(uint256 poolId, address provider, address[] nodekey, uint256[] nonces, uint256[] expirations, bytes[] signatures);
        function joinComputePool(uint256 poolId, address provider, address nodekey, uint256 nonce, uint256 expiration, bytes signature);
        function leaveComputePool(uint256 poolId, address provider, address nodekey);
        function leaveComputePool(uint256 poolId, address provider, address[] nodekeys);
        function changeComputePool(uint256 fromPoolId, uint256 toPoolId, address[] nodekeys, uint256[] nonces, uint256[] expirations, bytes[] signatures);
        function blacklistNode(uint256 poolId, address nodekey);
        function invalidateWork(uint256 poolId, bytes data) returns (address, address);
        function softInvalidateWork(uint256 poolId, bytes data) returns (address, address, uint256);
        function updateComputePoolURI(uint256 poolId, string poolDataURI);
        function blacklistProviderList(uint256 poolId, address[] providers);
        function blacklistNodeList(uint256 poolId, address[] nodekeys);
        function submitWork(uint256 poolId, address node, bytes data);
    }
}

/// The front's fallback serves the facets' selectors (overloads included) from ABI calldata:
/// membership selectors go to the membership router, the rest to the admin router, and an
/// unknown selector reverts without data.
#[motsu::test]
fn abi_calls_are_forwarded_to_the_right_facet(
    pool: Contract<ComputePool>,
    reg: Contract<MockRegistry>,
    dom: Contract<MockDomains>,
    fac: Contract<MockFactory>,
    dist: Contract<MockDistributor>,
    val: Contract<MockValidator>,
    prime: Contract<MockPrime>,
    manager: Account,
) {
    use alloy_sol_types::SolCall;
    let e = env!(pool, reg, dom, fac, dist, val, prime, manager);
    let create = calls::createComputePoolCall {
        domainId: U256::ZERO,
        computeManagerKey: manager.address(),
        poolName: "abi".into(),
        poolDataURI: "ipfs://abi".into(),
        computeLimit: U256::ZERO,
    };
    let ret = pool.sender(FED).route(&create.abi_encode()).motsu_unwrap();
    let id = calls::createComputePoolCall::abi_decode_returns(&ret, true)
        .unwrap()
        ._0;
    assert_eq!(id, U256::ZERO);
    let start = calls::startComputePoolCall { poolId: id }.abi_encode();
    pool.sender(FED).route(&start).motsu_unwrap();
    let err = pool.sender(FED).route(&start).motsu_unwrap_err();
    assert_revert(err, msg::NOT_PENDING);

    // Batch join (the client's selector), then the single overload.
    let (n1, x1, s1) = e.invite(id, N1, u(NOW + 10));
    let batch = calls::joinComputePool_0Call {
        poolId: id,
        provider: P1,
        nodekey: vec![N1],
        nonces: vec![n1],
        expirations: vec![x1],
        signatures: vec![s1.into()],
    };
    assert_eq!(batch.abi_encode()[..4], 0xc21e4ed6u32.to_be_bytes());
    pool.sender(P1).route(&batch.abi_encode()).motsu_unwrap();
    let (n2, x2, s2) = e.invite(id, N2, u(NOW + 10));
    let single = calls::joinComputePool_1Call {
        poolId: id,
        provider: P1,
        nodekey: N2,
        nonce: n2,
        expiration: x2,
        signature: s2.into(),
    };
    assert_eq!(single.abi_encode()[..4], 0xca491172u32.to_be_bytes());
    pool.sender(P1).route(&single.abi_encode()).motsu_unwrap();
    assert_eq!(e.nodes(id), vec![N1, N2]);

    // Work, then invalidation through the admin facet, returning (provider, node).
    let mut work = [0u8; 64];
    work[0] = 7;
    work[63] = 5;
    let submit = calls::submitWorkCall {
        poolId: id,
        node: N2,
        data: work.to_vec().into(),
    };
    pool.sender(P1).route(&submit.abi_encode()).motsu_unwrap();
    let mut soft = work;
    soft[63] = 2;
    let soft = calls::softInvalidateWorkCall {
        poolId: id,
        data: soft.to_vec().into(),
    };
    let ret = pool
        .sender(prime.address())
        .route(&soft.abi_encode())
        .motsu_unwrap();
    let got = calls::softInvalidateWorkCall::abi_decode_returns(&ret, true).unwrap();
    assert_eq!((got._0, got._1, got._2), (P1, N2, u(2)));
    assert_eq!(dist.sender(STRANGER).work.get(N2), u(3));
    let inval = calls::invalidateWorkCall {
        poolId: id,
        data: work[..32].to_vec().into(),
    };
    let ret = pool
        .sender(prime.address())
        .route(&inval.abi_encode())
        .motsu_unwrap();
    let got = calls::invalidateWorkCall::abi_decode_returns(&ret, true).unwrap();
    assert_eq!((got._0, got._1), (P1, N2));
    assert_eq!(e.nodes(id), vec![N1]);

    // Leave (single overload, address 0 = all), blacklist a node, change pools.
    let leave_all = calls::leaveComputePool_0Call {
        poolId: id,
        provider: P1,
        nodekey: Address::ZERO,
    };
    assert_eq!(leave_all.abi_encode()[..4], 0x3ff98fb6u32.to_be_bytes());
    pool.sender(P1)
        .route(&leave_all.abi_encode())
        .motsu_unwrap();
    assert!(e.nodes(id).is_empty());
    let leave_list = calls::leaveComputePool_1Call {
        poolId: id,
        provider: P1,
        nodekeys: vec![N1],
    };
    assert_eq!(leave_list.abi_encode()[..4], 0x294a5c81u32.to_be_bytes());
    let err = pool
        .sender(P1)
        .route(&leave_list.abi_encode())
        .motsu_unwrap_err();
    assert_revert(err, msg::NODE_NOT_IN_POOL);
    let bl = calls::blacklistNodeCall {
        poolId: id,
        nodekey: N1,
    };
    pool.sender(manager.address())
        .route(&bl.abi_encode())
        .motsu_unwrap();
    assert!(pool
        .sender(STRANGER)
        .membership()
        .is_node_blacklisted_from_pool(id, N1));
    let to = e.active_pool(0);
    let (n3, x3, s3) = e.invite(to, N3, u(NOW + 10));
    e.join(P2, id, &[N3]).unwrap();
    let change = calls::changeComputePoolCall {
        fromPoolId: id,
        toPoolId: to,
        nodekeys: vec![N3],
        nonces: vec![n3],
        expirations: vec![x3],
        signatures: vec![s3.into()],
    };
    pool.sender(P2).route(&change.abi_encode()).motsu_unwrap();
    assert_eq!((e.nodes(id), e.nodes(to)), (vec![], vec![N3]));

    // The other admin functions with dynamic arguments.
    let uri = calls::updateComputePoolURICall {
        poolId: to,
        poolDataURI: "ipfs://new".into(),
    };
    pool.sender(FED).route(&uri.abi_encode()).motsu_unwrap();
    pool.assert_emitted(&ComputePoolURIUpdated {
        poolId: to,
        uri: "ipfs://new".into(),
    });
    let providers = calls::blacklistProviderListCall {
        poolId: to,
        providers: vec![P1, P2],
    };
    pool.sender(FED)
        .route(&providers.abi_encode())
        .motsu_unwrap();
    let nodes = calls::blacklistNodeListCall {
        poolId: to,
        nodekeys: vec![N2, N4],
    };
    pool.sender(FED).route(&nodes.abi_encode()).motsu_unwrap();
    let m = pool.sender(STRANGER).membership();
    assert!(
        m.is_provider_blacklisted_from_pool(to, P1) && m.is_provider_blacklisted_from_pool(to, P2)
    );
    assert!(m.is_node_blacklisted_from_pool(to, N2) && m.is_node_blacklisted_from_pool(to, N4));

    // Malformed arguments revert without data, as Solidity's decoder: a dirty address,
    // an array running past the calldata, truncated calldata.
    let mut dirty = nodes.abi_encode();
    dirty[4 + 64 + 32 + 11] = 1;
    let mut long = nodes.abi_encode();
    long[4 + 64 + 31] = 3;
    let short = &batch.abi_encode()[..4 + 64];
    for bad in [&dirty[..], &long[..], short] {
        assert_eq!(
            pool.sender(FED).route(bad).motsu_unwrap_err(),
            Vec::<u8>::new()
        );
    }

    // Unknown selectors and empty calldata revert without data.
    assert_eq!(
        pool.sender(P1)
            .route(&[0xde, 0xad, 0xbe, 0xef])
            .motsu_unwrap_err(),
        Vec::<u8>::new()
    );
    assert_eq!(
        pool.sender(P1).route(&[]).motsu_unwrap_err(),
        Vec::<u8>::new()
    );
}

// ------------------------------------------------------------------ review findings

/// A constructor given a facet address without code would forward every admin or
/// membership call to an account that "succeeds" doing nothing: both are refused.
#[motsu::test]
fn constructor_refuses_facets_without_code(
    pool: Contract<ComputePool>,
    dom: Contract<MockDomains>,
    prime: Contract<MockPrime>,
) {
    prime.sender(DEPLOYER).federator.set(FED);
    let no_code = address!("00000000000000000000000000000000000000fa");
    let ctor = |admin: Address, membership: Address| {
        pool.sender(DEPLOYER)
            .constructor(
                prime.address(),
                dom.address(),
                dom.address(),
                dom.address(),
                TOKEN,
                admin,
                membership,
            )
            .motsu_unwrap_err()
    };
    assert_revert(ctor(no_code, dom.address()), msg::ADMIN_FACET_NO_CODE);
    assert_revert(ctor(dom.address(), no_code), msg::MEMBERSHIP_FACET_NO_CODE);
    assert!(!pool
        .sender(STRANGER)
        .s
        .access
        .has_role(PRIME_ROLE, prime.address()));
}

/// stylus-sdk 0.9's `#[storage]` counts a struct's slots without the partly used slot that
/// precedes a multi-slot field, while its layout skips to a fresh one there: a struct
/// written in full must span no more slots than the SDK counts (else the next field, or the
/// next element of a vector, overlaps it). `StoredPool` and `PoolState` once did not.
#[storage]
struct LayoutProbe {}

unsafe impl TopLevelStorage for LayoutProbe {}

#[public]
impl LayoutProbe {
    fn stored_pool(&mut self) -> (u64, u64) {
        let base = U256::from(1_000_000);
        // SAFETY: a scratch slot range of the probe's own storage.
        let mut p = unsafe { StoredPool::new(base, 0, self.__stylus_host.clone()) };
        p.pool_name.set_str("n");
        p.pool_data_uri.set_str("u");
        p.creator.set(P1);
        p.creation_time.set(alloy_primitives::U64::from(1));
        p.status.set(alloy_primitives::U8::from(1));
        p.compute_manager_key.set(P2);
        p.start_time.set(alloy_primitives::U64::from(1));
        p.distributor.set(P2);
        p.domain_id.set(alloy_primitives::U64::from(1));
        p.end_time.set(alloy_primitives::U64::from(1));
        p.total_compute.set(alloy_primitives::U128::from(1));
        p.compute_limit.set(u(1));
        let span = prime_common::storage_span(self.vm(), base, 64);
        (span as u64, StoredPool::REQUIRED_SLOTS as u64)
    }

    fn pool_state(&mut self) -> (u64, u64) {
        let base = U256::from(2_000_000);
        // SAFETY: a scratch slot range of the probe's own storage.
        let mut s = unsafe { PoolState::new(base, 0, self.__stylus_host.clone()) };
        s.providers.add(P1);
        s.nodes.add(N1);
        let span = prime_common::storage_span(self.vm(), base, 64);
        (span as u64, PoolState::REQUIRED_SLOTS as u64)
    }
}

#[motsu::test]
fn storage_slots_match_the_sdk_count(probe: Contract<LayoutProbe>) {
    let (span, counted) = probe.sender(STRANGER).stored_pool();
    assert_eq!(span, counted, "StoredPool");
    assert_eq!(counted, 9);
    // PoolState ends with maps, whose base slots hold no data: its written span ends at
    // the second set's first slot (slot 3), within the 9 slots counted.
    let (span, counted) = probe.sender(STRANGER).pool_state();
    assert_eq!((span, counted), (4, 9), "PoolState");
}
