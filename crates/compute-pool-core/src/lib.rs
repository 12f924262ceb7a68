//! ComputePool (spec §3.5) as one storage definition plus its logic, shared by the three
//! programs that serve the ComputePool address:
//!
//! * the **front** program (`contracts/compute-pool`, router type [`ComputePool`]): owns the
//!   deployment (constructor), the roles, the views and `submitWork`, serves
//!   `pools`/`getComputePool`, and forwards every other selector with `delegatecall` to one
//!   of two facets;
//! * the **membership facet** (`contracts/compute-pool-membership`, [`ComputePoolMembership`]):
//!   joins, leaves and pool changes;
//! * the **admin facet** (`contracts/compute-pool-admin`, [`ComputePoolAdmin`]): pool
//!   lifecycle, ejection, blacklists and purges, work invalidation.
//!
//! All router types hold exactly one field, [`PoolStorage`], so all programs read and write
//! the same slots. All behaviour lives in `impl PoolStorage`; the router types only forward.
//! Clients see one address and one ABI (the union, `release/abi/compute_pool.json`).
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

mod admin;
pub mod events;
pub(crate) mod front;
pub(crate) mod membership;
pub mod sig;

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, B256, U256, U64, U8};
use prime_common::{
    abi_string::AbiString,
    access::AccessControlEnumerable,
    call::{encode_params, has_code, Arg, Words},
    interfaces::{
        ComputeRegistry, DomainRegistry, RewardsDistributor, RewardsDistributorFactory,
        RoleMembers, WorkValidation,
    },
    map::Map,
    revert::{add, at, require, sub, Result, Revert, PANIC_ARITHMETIC, PANIC_INDEX},
    roles::{DEFAULT_ADMIN_ROLE, FEDERATOR_ROLE, PRIME_ROLE},
    set::AddressSet,
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageU128, StorageU256, StorageU64, StorageU8},
    stylus_core::storage::TopLevelStorage,
};

pub use admin::ComputePoolAdmin;
pub use front::ComputePool;
pub use membership::ComputePoolMembership;

use alloy_sol_types::SolEvent;
use events::*;

/// `PoolStatus.PENDING`.
pub const PENDING: u8 = 0;
/// `PoolStatus.ACTIVE`.
pub const ACTIVE: u8 = 1;
/// `PoolStatus.COMPLETED`.
pub const COMPLETED: u8 = 2;

/// The reference's revert strings (spec §5), ComputePool part.
pub mod msg {
    #![allow(missing_docs)]
    pub const POOL_NOT_FOUND: &str = "ComputePool: pool does not exist";
    pub const NOT_CREATOR_OR_MANAGER: &str =
        "ComputePool: only creator or manager can perform this action";
    pub const NOT_ACTIVE: &str = "ComputePool: pool is not active";
    pub const PROVIDER_BLACKLISTED: &str = "ComputePool: provider is blacklisted";
    pub const NOT_WHITELISTED: &str =
        "ComputePool: provider has not been allowed to join pools by federator";
    pub const INVITE_EXPIRED: &str = "ComputePool: invite expired";
    pub const INVITE_USED: &str = "ComputePool: invite already used";
    pub const NODE_NOT_IN_POOL: &str = "ComputePool: node not in pool";
    pub const DOMAIN_NOT_FOUND: &str = "ComputePool: domain does not exist";
    pub const NOT_PENDING: &str = "ComputePool: pool is not pending";
    pub const NODE_BLACKLISTED: &str = "ComputePool: node is blacklisted";
    pub const NODE_NOT_OWNED: &str = "ComputePool: node does not exist or not owned by provider";
    pub const ONE_POOL: &str = "ComputePool: node can only be in one pool at a time";
    pub const NOT_VALIDATED: &str = "ComputePool: node is not validated";
    pub const INVALID_INVITE: &str = "ComputePool: invalid invite";
    pub const AT_CAPACITY: &str = "ComputePool: pool is at capacity";
    pub const ONLY_PROVIDER_JOIN: &str = "ComputePool: only provider can join pool";
    pub const ONLY_PROVIDER_LEAVE: &str = "ComputePool: only provider can leave pool";
    pub const DEST_NOT_READY: &str = "ComputePool: dest pool is not ready";
    pub const NOT_OWNED_BY_PROVIDER: &str = "ComputePool: node not owned by provider";
    pub const ZERO_PROVIDER: &str = "ComputePool: provider cannot be zero address";
    pub const ADMIN_FACET_NO_CODE: &str = "ComputePool: admin facet has no code";
    pub const MEMBERSHIP_FACET_NO_CODE: &str = "ComputePool: membership facet has no code";
}

pub use prime_common::packed_string::PackedString;

/// `PoolInfo` of one pool, with the pool's rewards distributor (the reference keeps it in
/// `PoolState`). `poolId` is the map key (returned for existing pools) and
/// `poolValidationLogic` is always zero in the reference, so neither is stored. Times and
/// the domain id (an index of DomainRegistry's array) are u64 and the total compute (a sum
/// of uint32 compute units) u128, packed with the addresses: creating a pool writes five
/// slots (name, URI, creator, manager, distributor) and starting it rewrites two. The
/// multi-slot fields come first: stylus-sdk 0.9's `#[storage]` slot count forgets a partly
/// used slot before a multi-slot field (`storage_slots_match_the_sdk_count`).
#[storage]
pub struct StoredPool {
    pub(crate) pool_name: PackedString,
    pub(crate) pool_data_uri: PackedString,
    pub(crate) creator: StorageAddress,
    pub(crate) creation_time: StorageU64,
    pub(crate) status: StorageU8,
    pub(crate) compute_manager_key: StorageAddress,
    pub(crate) start_time: StorageU64,
    pub(crate) distributor: StorageAddress,
    pub(crate) domain_id: StorageU64,
    pub(crate) end_time: StorageU64,
    pub(crate) total_compute: StorageU128,
    pub(crate) compute_limit: StorageU256,
}

/// The reference's private `PoolState` (multi-slot fields first, see [`StoredPool`]).
#[storage]
pub struct PoolState {
    pub(crate) providers: AddressSet,
    pub(crate) nodes: AddressSet,
    pub(crate) provider_active_nodes: Map<Address, StorageU256>,
    pub(crate) blacklisted_providers: Map<Address, StorageBool>,
    pub(crate) blacklisted_nodes: Map<Address, StorageBool>,
}

/// The whole state of the ComputePool address, in the reference's order, followed by the
/// addresses of the two facets the front forwards to.
#[storage]
pub struct PoolStorage {
    pub(crate) access: AccessControlEnumerable,
    pub(crate) pools: Map<U256, StoredPool>,
    /// Packed with `compute_registry` (written by the constructor), so creating the first
    /// pool rewrites a used slot instead of filling a fresh one (about 17,000 gas less).
    /// Pool ids stay below 2^64 (one per transaction): one more is `Panic(0x11)`, as the
    /// reference's overflow.
    pub(crate) pool_id_counter: StorageU64,
    pub(crate) compute_registry: StorageAddress,
    pub(crate) domain_registry: StorageAddress,
    pub(crate) factory: StorageAddress,
    pub(crate) ai_token: StorageAddress,
    pub(crate) states: Map<U256, PoolState>,
    pub(crate) used_message_hashes: Map<B256, StorageBool>,
    pub(crate) admin_facet: StorageAddress,
    pub(crate) membership_facet: StorageAddress,
}

// SAFETY: `PoolStorage` is the only field of both router types (slot 0, offset 0), so a
// reference to it is a reference to the whole contract state.
unsafe impl TopLevelStorage for PoolStorage {}

/// One pool's `PoolInfo`, in ABI order (13 fields).
pub type PoolInfo = (
    U256,
    U256,
    AbiString,
    Address,
    Address,
    U256,
    U256,
    U256,
    AbiString,
    Address,
    U256,
    U256,
    u8,
);

/// The batch arguments of a join: node keys, nonces, expirations and signatures.
pub struct Invites<'a> {
    /// The node keys.
    pub nodes: &'a [Address],
    /// One nonce per node.
    pub nonces: &'a [U256],
    /// One expiration per node.
    pub expirations: &'a [U256],
    /// One signature per node.
    pub signatures: &'a [&'a [u8]],
}

/// The four lists of a batch join (`address[] nodekeys, uint256[] nonces,
/// uint256[] expirations, bytes[] signatures`) decoded from calldata.
pub struct InviteLists<'a> {
    nodes: Vec<Address>,
    nonces: Vec<U256>,
    expirations: Vec<U256>,
    signatures: Vec<&'a [u8]>,
}

impl<'a> InviteLists<'a> {
    /// The lists whose offsets are the argument words `first` to `first + 3`.
    pub fn read(args: &Words<'a>, first: usize) -> Result<Self> {
        Ok(InviteLists {
            nodes: args.addresses(first)?,
            nonces: args.words(first + 1)?,
            expirations: args.words(first + 2)?,
            signatures: args.bytes_list(first + 3)?,
        })
    }

    /// The lists as [`Invites`].
    pub fn invites(&self) -> Invites<'_> {
        Invites {
            nodes: &self.nodes,
            nonces: &self.nonces,
            expirations: &self.expirations,
            signatures: &self.signatures,
        }
    }
}

impl PoolStorage {
    fn sender(&self) -> Address {
        self.vm().msg_sender()
    }

    fn now(&self) -> U256 {
        U256::from(self.vm().block_timestamp())
    }

    /// Emits a log with hand-encoded data (the `events` declarations give topic0; tests
    /// check every emission against the `sol!` encoding with motsu's `assert_emitted`).
    fn log_raw(&self, topics: &[B256], data: &[Arg]) {
        prime_common::log::raw_log(self.vm(), topics, &encode_params(data));
    }

    /// `E(uint256 indexed poolId, address indexed provider, address nodekey)`.
    fn log_pool_provider_node(
        &self,
        topic0: B256,
        pool_id: U256,
        provider: Address,
        node: Address,
    ) {
        self.log_raw(
            &[topic0, pool_id.into(), provider.into_word()],
            &[node.into()],
        );
    }

    /// `E(uint256 indexed poolId, address indexed provider)`.
    fn log_pool_provider(&self, topic0: B256, pool_id: U256, provider: Address) {
        self.log_raw(&[topic0, pool_id.into(), provider.into_word()], &[]);
    }

    /// `E(uint256 indexed poolId, ...)` with the given data.
    fn log_pool(&self, topic0: B256, pool_id: U256, data: &[Arg]) {
        self.log_raw(&[topic0, pool_id.into()], data);
    }

    // ----- modifiers -----

    /// `onlyExistingPool`.
    pub fn only_existing_pool(&self, pool_id: U256) -> Result<()> {
        require(
            !self.pools.getter(pool_id).creator.get().is_zero(),
            msg::POOL_NOT_FOUND,
        )
    }

    /// `onlyExistingPool` + `onlyPoolCreatorOrManager`.
    pub fn only_creator_or_manager(&self, pool_id: U256) -> Result<()> {
        self.only_existing_pool(pool_id)?;
        let pool = self.pools.getter(pool_id);
        let sender = self.sender();
        require(
            pool.creator.get() == sender || pool.compute_manager_key.get() == sender,
            msg::NOT_CREATOR_OR_MANAGER,
        )
    }

    /// A pool's total compute (`getComputePoolTotalCompute`).
    pub fn total_compute(&self, pool_id: U256) -> U256 {
        U256::from(self.pools.getter(pool_id).total_compute.get())
    }

    /// Stores a pool's total compute (a sum of uint32 compute units: it cannot reach 2^128;
    /// a value that did would panic 0x11 as an overflow).
    fn set_total_compute(&mut self, pool_id: U256, total: U256) -> Result<()> {
        let total = u128::try_from(total).map_err(|_| Revert::Panic(PANIC_ARITHMETIC))?;
        self.pools
            .setter(pool_id)
            .total_compute
            .set(alloy_primitives::U128::from(total));
        Ok(())
    }

    /// `onlyRole(role)`: `AccessControlUnauthorizedAccount(sender, role)` otherwise.
    pub fn only_role(&self, role: B256) -> Result<()> {
        self.access.only_role(role)
    }

    // ----- the contracts ComputePool calls -----

    pub(crate) fn registry(&self) -> ComputeRegistry {
        ComputeRegistry(self.compute_registry.get())
    }

    fn distributor(&self, pool_id: U256) -> RewardsDistributor {
        RewardsDistributor(self.pools.getter(pool_id).distributor.get())
    }

    fn only_valid_provider(&mut self, pool_id: U256, provider: Address) -> Result<()> {
        require(
            self.pools.getter(pool_id).status.get() == ACTIVE_U8,
            msg::NOT_ACTIVE,
        )?;
        require(
            !self
                .states
                .getter(pool_id)
                .blacklisted_providers
                .get(provider),
            msg::PROVIDER_BLACKLISTED,
        )?;
        let whitelisted = self.registry().get_whitelist_status(provider)?;
        require(whitelisted, msg::NOT_WHITELISTED)
    }

    // ----- node bookkeeping (distributor first, then totals, then the registry) -----

    fn add_node(
        &mut self,
        pool_id: U256,
        provider: Address,
        node: Address,
        cu: U256,
    ) -> Result<()> {
        self.states.setter(pool_id).nodes.add(node);
        self.distributor(pool_id).join_pool(node)?;
        let total = add(self.total_compute(pool_id), cu)?;
        self.set_total_compute(pool_id, total)?;
        let mut state = self.states.setter(pool_id);
        let count = add(state.provider_active_nodes.get(provider), U256::from(1))?;
        state.provider_active_nodes.setter(provider).set(count);
        self.registry()
            .update_node_status(self.vm(), provider, node, true)
    }

    fn remove_node(
        &mut self,
        pool_id: U256,
        provider: Address,
        node: Address,
        cu: U256,
    ) -> Result<()> {
        self.states.setter(pool_id).nodes.remove(node);
        self.distributor(pool_id).leave_pool(node)?;
        let total = sub(self.total_compute(pool_id), cu)?;
        self.set_total_compute(pool_id, total)?;
        let mut state = self.states.setter(pool_id);
        let count = sub(state.provider_active_nodes.get(provider), U256::from(1))?;
        state.provider_active_nodes.setter(provider).set(count);
        self.registry()
            .update_node_status(self.vm(), provider, node, false)
    }

    fn remove_node_safe(&mut self, pool_id: U256, provider: Address, node: Address) -> Result<()> {
        let data = self.registry().get_node_contract_data(node)?;
        require(
            self.states.getter(pool_id).nodes.contains(node),
            msg::NODE_NOT_IN_POOL,
        )?;
        if data.provider == provider {
            self.remove_node(pool_id, provider, node, data.compute_units)?;
            self.log_pool_provider_node(ComputePoolLeft::SIGNATURE_HASH, pool_id, provider, node);
        }
        Ok(())
    }

    fn eject(&mut self, pool_id: U256, node: Address) -> Result<()> {
        let data = self.registry().get_node_contract_data(node)?;
        self.remove_node(pool_id, data.provider, node, data.compute_units)?;
        self.drop_provider_if_idle(pool_id, data.provider);
        self.log_pool_provider_node(
            ComputePoolNodeEjected::SIGNATURE_HASH,
            pool_id,
            data.provider,
            node,
        );
        Ok(())
    }

    fn drop_provider_if_idle(&mut self, pool_id: U256, provider: Address) {
        let mut state = self.states.setter(pool_id);
        if state.provider_active_nodes.get(provider).is_zero() {
            state.providers.remove(provider);
        }
    }

    /// `_verifyPoolInvite`: strict expiry, single use keyed by the EIP-191 digest, signed by
    /// the pool's compute manager key (ECDSA, or ERC-1271 when the key has code).
    fn verify_invite(
        &mut self,
        pool_id: U256,
        node: Address,
        nonce: U256,
        expiration: U256,
        signature: &[u8],
    ) -> Result<bool> {
        require(expiration > self.now(), msg::INVITE_EXPIRED)?;
        let pool = self.pools.getter(pool_id);
        let (domain_id, manager) = (
            U256::from(pool.domain_id.get()),
            pool.compute_manager_key.get(),
        );
        let digest = sig::invite_digest(domain_id, pool_id, node, nonce, expiration);
        require(!self.used_message_hashes.get(digest), msg::INVITE_USED)?;
        let valid = sig::is_valid_signature_now(self.vm(), manager, digest, signature);
        if valid {
            self.used_message_hashes.setter(digest).set(true);
        }
        Ok(valid)
    }

    /// `_joinComputePool`. `whitelisted` is the provider's whitelist status when the caller
    /// has just read it (`joinComputePool`'s `onlyValidProvider`; nothing can change it in
    /// between), so the registry is asked once per join instead of twice.
    pub fn join(
        &mut self,
        pool_id: U256,
        provider: Address,
        invites: &Invites,
        whitelisted: Option<bool>,
    ) -> Result<()> {
        for node in invites.nodes {
            require(
                !self.states.getter(pool_id).blacklisted_nodes.get(*node),
                msg::NODE_BLACKLISTED,
            )?;
        }
        let whitelisted = match whitelisted {
            Some(known) => known,
            None => self.registry().get_whitelist_status(provider)?,
        };
        require(whitelisted, msg::NOT_WHITELISTED)?;
        self.states.setter(pool_id).providers.add(provider);
        for (i, node) in invites.nodes.iter().copied().enumerate() {
            let data = self.registry().get_node_contract_data(node)?;
            require(data.provider == provider, msg::NODE_NOT_OWNED)?;
            require(!data.active, msg::ONE_POOL)?;
            require(data.validated, msg::NOT_VALIDATED)?;
            let (nonce, expiration) = (at(invites.nonces, i)?, at(invites.expirations, i)?);
            let signature = invites
                .signatures
                .get(i)
                .ok_or(Revert::Panic(PANIC_INDEX))?;
            let valid = self.verify_invite(pool_id, node, nonce, expiration, signature)?;
            require(valid, msg::INVALID_INVITE)?;
            let pool = self.pools.getter(pool_id);
            let limit = pool.compute_limit.get();
            if !limit.is_zero() {
                require(
                    add(U256::from(pool.total_compute.get()), data.compute_units)? <= limit,
                    msg::AT_CAPACITY,
                )?;
            }
            self.add_node(pool_id, provider, node, data.compute_units)?;
        }
        Ok(())
    }

    /// `_leaveComputePool`: an empty list means every node of the provider in the pool.
    pub fn leave(&mut self, pool_id: U256, provider: Address, nodes: &[Address]) -> Result<()> {
        let all;
        let list = if nodes.is_empty() {
            all = self.states.getter(pool_id).nodes.values();
            &all[..]
        } else {
            nodes
        };
        for node in list {
            self.remove_node_safe(pool_id, provider, *node)?;
        }
        self.drop_provider_if_idle(pool_id, provider);
        Ok(())
    }

    fn blacklist_provider_inner(&mut self, pool_id: U256, provider: Address) {
        self.states
            .setter(pool_id)
            .blacklisted_providers
            .setter(provider)
            .set(true);
        self.log_pool_provider(
            ComputePoolProviderBlacklisted::SIGNATURE_HASH,
            pool_id,
            provider,
        );
    }

    fn purge_provider_inner(&mut self, pool_id: U256, provider: Address) -> Result<()> {
        let nodes = self
            .registry()
            .get_provider_validated_nodes(provider, true)?;
        for node in nodes {
            if !node.is_zero() && self.states.getter(pool_id).nodes.contains(node) {
                let data = self.registry().get_node_contract_data(node)?;
                if data.provider == provider {
                    self.remove_node(pool_id, provider, node, data.compute_units)?;
                }
            }
        }
        self.log_pool_provider(ComputePoolPurgedProvider::SIGNATURE_HASH, pool_id, provider);
        self.states.setter(pool_id).providers.remove(provider);
        Ok(())
    }

    fn blacklist_node_inner(&mut self, pool_id: U256, node: Address) -> Result<()> {
        let mut provider = Address::ZERO;
        if self.states.getter(pool_id).nodes.contains(node) {
            let data = self.registry().get_node_contract_data(node)?;
            provider = data.provider;
            if !provider.is_zero() {
                self.remove_node(pool_id, provider, node, data.compute_units)?;
                self.drop_provider_if_idle(pool_id, provider);
            }
        }
        self.states
            .setter(pool_id)
            .blacklisted_nodes
            .setter(node)
            .set(true);
        self.log_pool_provider_node(
            ComputePoolNodeBlacklisted::SIGNATURE_HASH,
            pool_id,
            provider,
            node,
        );
        Ok(())
    }

    /// The pool's domain and that domain's validation logic (read on every use: the
    /// federator may change it).
    fn validation_logic(&self, pool_id: U256) -> Result<(U256, WorkValidation)> {
        let domain_id = U256::from(self.pools.getter(pool_id).domain_id.get());
        let logic = DomainRegistry(self.domain_registry.get()).get_validation_logic(domain_id)?;
        Ok((domain_id, WorkValidation(logic)))
    }

    // =================== external behaviour (spec §3.5) ===================

    /// The constructor: DEFAULT_ADMIN_ROLE and PRIME_ROLE to `prime_admin`, FEDERATOR_ROLE to
    /// PrimeNetwork's `getRoleMember(FEDERATOR_ROLE, 0)` (read at deployment), the four
    /// addresses, and the two facets the front forwards to, which must have code (an
    /// address without code would make every forwarded call "succeed" doing nothing).
    pub fn init(
        &mut self,
        prime_admin: Address,
        domain_registry: Address,
        compute_registry: Address,
        factory: Address,
        ai_token: Address,
        (admin_facet, membership_facet): (Address, Address),
    ) -> Result<()> {
        require(has_code(self.vm(), admin_facet), msg::ADMIN_FACET_NO_CODE)?;
        require(
            has_code(self.vm(), membership_facet),
            msg::MEMBERSHIP_FACET_NO_CODE,
        )?;
        self.access.grant(DEFAULT_ADMIN_ROLE, prime_admin);
        self.access.grant(PRIME_ROLE, prime_admin);
        self.domain_registry.set(domain_registry);
        self.compute_registry.set(compute_registry);
        self.factory.set(factory);
        self.ai_token.set(ai_token);
        self.admin_facet.set(admin_facet);
        self.membership_facet.set(membership_facet);
        let federator = RoleMembers(prime_admin).get_role_member(FEDERATOR_ROLE, U256::ZERO)?;
        self.access.grant(FEDERATOR_ROLE, federator);
        Ok(())
    }

    /// `createComputePool` (FEDERATOR_ROLE on this contract). The domain lookup panics for
    /// an unknown domain (the reference's `DomainRegistry.get`; its "domain does not exist"
    /// check cannot fail after that, spec §13 item 9). The new pool's zero fields (start and
    /// end time, total compute, PENDING status) are not written: its slots are fresh.
    pub fn create_compute_pool(
        &mut self,
        domain_id: U256,
        compute_manager_key: Address,
        pool_name: &[u8],
        pool_data_uri: &[u8],
        compute_limit: U256,
    ) -> Result<U256> {
        self.only_role(FEDERATOR_ROLE)?;
        DomainRegistry(self.domain_registry.get()).get_validation_logic(domain_id)?;
        // It exists, so it is an index of DomainRegistry's array: below 2^64.
        let domain = U64::from(domain_id.as_limbs()[0]);
        let counter = self.pool_id_counter.get().as_limbs()[0];
        let id = U256::from(counter);
        let (sender, now) = (self.sender(), self.vm().block_timestamp());
        let factory = RewardsDistributorFactory(self.factory.get());
        let distributor = factory.create_rewards_distributor(self.compute_registry.get(), id)?;
        let mut pool = self.pools.setter(id);
        pool.domain_id.set(domain);
        pool.distributor.set(distributor);
        pool.pool_name.set_bytes(pool_name);
        pool.creator.set(sender);
        pool.compute_manager_key.set(compute_manager_key);
        pool.creation_time.set(U64::from(now));
        pool.pool_data_uri.set_bytes(pool_data_uri);
        if !compute_limit.is_zero() {
            pool.compute_limit.set(compute_limit);
        }
        let next = counter.checked_add(1);
        self.pool_id_counter
            .set(U64::from(next.ok_or(Revert::Panic(PANIC_ARITHMETIC))?));
        let topics = [
            ComputePoolCreated::SIGNATURE_HASH,
            id.into(),
            domain_id.into(),
            sender.into_word(),
        ];
        let data = [
            compute_manager_key.into(),
            compute_limit.into(),
            pool_data_uri.into(),
        ];
        self.log_raw(&topics, &data);
        Ok(id)
    }

    /// `startComputePool`.
    pub fn start_compute_pool(&mut self, pool_id: U256) -> Result<()> {
        self.only_creator_or_manager(pool_id)?;
        require(
            self.pools.getter(pool_id).status.get() == PENDING_U8,
            msg::NOT_PENDING,
        )?;
        let now = self.vm().block_timestamp();
        let mut pool = self.pools.setter(pool_id);
        pool.start_time.set(U64::from(now));
        pool.status.set(ACTIVE_U8);
        self.log_pool(
            ComputePoolStarted::SIGNATURE_HASH,
            pool_id,
            &[U256::from(now).into()],
        );
        Ok(())
    }

    /// `endComputePool`: nodes stay in the pool (and active in the registry).
    pub fn end_compute_pool(&mut self, pool_id: U256) -> Result<()> {
        self.only_creator_or_manager(pool_id)?;
        require(
            self.pools.getter(pool_id).status.get() == ACTIVE_U8,
            msg::NOT_ACTIVE,
        )?;
        let now = self.vm().block_timestamp();
        let mut pool = self.pools.setter(pool_id);
        pool.end_time.set(U64::from(now));
        pool.status.set(COMPLETED_U8);
        self.distributor(pool_id).end_rewards()?;
        self.log_pool(ComputePoolEnded::SIGNATURE_HASH, pool_id, &[]);
        Ok(())
    }

    /// `updateComputePoolURI`.
    pub fn update_compute_pool_uri(&mut self, pool_id: U256, pool_data_uri: &[u8]) -> Result<()> {
        self.only_creator_or_manager(pool_id)?;
        self.pools
            .setter(pool_id)
            .pool_data_uri
            .set_bytes(pool_data_uri);
        self.log_pool(
            ComputePoolURIUpdated::SIGNATURE_HASH,
            pool_id,
            &[pool_data_uri.into()],
        );
        Ok(())
    }

    /// `updateComputeLimit` (may go below the current total; nobody is evicted).
    pub fn update_compute_limit(&mut self, pool_id: U256, compute_limit: U256) -> Result<()> {
        self.only_creator_or_manager(pool_id)?;
        self.pools.setter(pool_id).compute_limit.set(compute_limit);
        self.log_pool(
            ComputePoolLimitUpdated::SIGNATURE_HASH,
            pool_id,
            &[compute_limit.into()],
        );
        Ok(())
    }

    /// Both `joinComputePool` overloads: the single one passes one-element lists.
    pub fn join_compute_pool(
        &mut self,
        pool_id: U256,
        provider: Address,
        invites: &Invites,
    ) -> Result<()> {
        self.only_existing_pool(pool_id)?;
        // `onlyValidProvider` found the provider whitelisted (or reverted).
        self.only_valid_provider(pool_id, provider)?;
        require(self.sender() == provider, msg::ONLY_PROVIDER_JOIN)?;
        self.join(pool_id, provider, invites, Some(true))?;
        self.log_raw(
            &[
                ComputePoolJoined::SIGNATURE_HASH,
                pool_id.into(),
                provider.into_word(),
            ],
            &[Arg::Addresses(invites.nodes)],
        );
        Ok(())
    }

    /// `joinComputePool(uint256,address,address,uint256,uint256,bytes)`: one-element lists.
    pub fn join_compute_pool_single(
        &mut self,
        pool_id: U256,
        provider: Address,
        node: Address,
        nonce: U256,
        expiration: U256,
        signature: &[u8],
    ) -> Result<()> {
        let signatures = [signature];
        let invites = Invites {
            nodes: &[node],
            nonces: &[nonce],
            expirations: &[expiration],
            signatures: &signatures,
        };
        self.join_compute_pool(pool_id, provider, &invites)
    }

    /// `leaveComputePool(uint256,address,address)`: `address(0)` means every node.
    pub fn leave_compute_pool_single(
        &mut self,
        pool_id: U256,
        provider: Address,
        node: Address,
    ) -> Result<()> {
        if node.is_zero() {
            self.leave_compute_pool(pool_id, provider, &[])
        } else {
            self.leave_compute_pool(pool_id, provider, &[node])
        }
    }

    /// Both `leaveComputePool` overloads (empty list: every node of the provider).
    pub fn leave_compute_pool(
        &mut self,
        pool_id: U256,
        provider: Address,
        nodes: &[Address],
    ) -> Result<()> {
        self.only_existing_pool(pool_id)?;
        require(self.sender() == provider, msg::ONLY_PROVIDER_LEAVE)?;
        self.leave(pool_id, provider, nodes)
    }

    /// `changeComputePool`: leave `from` (all nodes when the list is as long as the
    /// provider's active count there), then join `to`; no Joined event.
    pub fn change_compute_pool(&mut self, from: U256, to: U256, invites: &Invites) -> Result<()> {
        self.only_existing_pool(from)?;
        self.only_existing_pool(to)?;
        let provider = self.sender();
        require(
            self.pools.getter(to).status.get() == ACTIVE_U8,
            msg::DEST_NOT_READY,
        )?;
        require(
            !self.states.getter(to).blacklisted_providers.get(provider),
            msg::PROVIDER_BLACKLISTED,
        )?;
        let active = self.states.getter(from).provider_active_nodes.get(provider);
        if U256::from(invites.nodes.len()) == active {
            self.leave(from, provider, &[])?;
        } else {
            self.leave(from, provider, invites.nodes)?;
        }
        self.join(to, provider, invites, None)
    }

    /// `submitWork`: checks, then the domain's validation logic, then the distributor. The
    /// node's provider and that provider's whitelist status come from one registry read.
    pub fn submit_work(&mut self, pool_id: U256, node: Address, data: &[u8]) -> Result<()> {
        self.only_existing_pool(pool_id)?;
        let provider = self.sender();
        require(
            self.states.getter(pool_id).nodes.contains(node),
            msg::NODE_NOT_IN_POOL,
        )?;
        let (owner, whitelisted) = self.registry().get_node_provider_status(node)?;
        require(owner == provider, msg::NOT_OWNED_BY_PROVIDER)?;
        require(
            self.pools.getter(pool_id).status.get() == ACTIVE_U8,
            msg::DEST_NOT_READY,
        )?;
        let state = self.states.getter(pool_id);
        require(!state.blacklisted_nodes.get(node), msg::NODE_BLACKLISTED)?;
        require(
            !state.blacklisted_providers.get(provider),
            msg::PROVIDER_BLACKLISTED,
        )?;
        require(whitelisted, msg::NOT_WHITELISTED)?;
        let (domain_id, logic) = self.validation_logic(pool_id)?;
        let (valid, units) = logic.submit_work(domain_id, pool_id, provider, node, data)?;
        if valid {
            self.distributor(pool_id).submit_work(node, units)?;
        }
        Ok(())
    }

    /// `invalidateWork` (PRIME_ROLE): slashes the node's pending rewards and ejects it if
    /// it is in the pool.
    pub fn invalidate_work(&mut self, pool_id: U256, data: &[u8]) -> Result<(Address, Address)> {
        self.only_existing_pool(pool_id)?;
        self.only_role(PRIME_ROLE)?;
        let (_, logic) = self.validation_logic(pool_id)?;
        let (provider, node) = logic.invalidate_work(pool_id, data)?;
        self.distributor(pool_id).slash_pending_rewards(node)?;
        if self.states.getter(pool_id).nodes.contains(node) {
            self.eject(pool_id, node)?;
        }
        Ok((provider, node))
    }

    /// `softInvalidateWork` (PRIME_ROLE): removes work units, no ejection.
    pub fn soft_invalidate_work(
        &mut self,
        pool_id: U256,
        data: &[u8],
    ) -> Result<(Address, Address, U256)> {
        self.only_existing_pool(pool_id)?;
        self.only_role(PRIME_ROLE)?;
        let (_, logic) = self.validation_logic(pool_id)?;
        let (provider, node, units) = logic.soft_invalidate_work(pool_id, data)?;
        self.distributor(pool_id).remove_work(node, units)?;
        Ok((provider, node, units))
    }

    /// `ejectNode`.
    pub fn eject_node(&mut self, pool_id: U256, node: Address) -> Result<()> {
        self.only_creator_or_manager(pool_id)?;
        require(
            self.states.getter(pool_id).nodes.contains(node),
            msg::NODE_NOT_IN_POOL,
        )?;
        self.eject(pool_id, node)
    }

    /// `blacklistProvider`.
    pub fn blacklist_provider(&mut self, pool_id: U256, provider: Address) -> Result<()> {
        self.only_creator_or_manager(pool_id)?;
        require(!provider.is_zero(), msg::ZERO_PROVIDER)?;
        self.blacklist_provider_inner(pool_id, provider);
        Ok(())
    }

    /// `blacklistProviderList` (zero entries are skipped).
    pub fn blacklist_provider_list(&mut self, pool_id: U256, providers: &[Address]) -> Result<()> {
        self.only_creator_or_manager(pool_id)?;
        for provider in providers.iter().copied().filter(|p| !p.is_zero()) {
            self.blacklist_provider_inner(pool_id, provider);
        }
        Ok(())
    }

    /// `purgeProvider`.
    pub fn purge_provider(&mut self, pool_id: U256, provider: Address) -> Result<()> {
        self.only_creator_or_manager(pool_id)?;
        require(!provider.is_zero(), msg::ZERO_PROVIDER)?;
        self.purge_provider_inner(pool_id, provider)
    }

    /// `blacklistAndPurgeProvider`.
    pub fn blacklist_and_purge_provider(&mut self, pool_id: U256, provider: Address) -> Result<()> {
        self.only_creator_or_manager(pool_id)?;
        require(!provider.is_zero(), msg::ZERO_PROVIDER)?;
        self.blacklist_provider_inner(pool_id, provider);
        self.purge_provider_inner(pool_id, provider)
    }

    /// `blacklistNode` / `blacklistNodeList`.
    pub fn blacklist_nodes(&mut self, pool_id: U256, nodes: &[Address]) -> Result<()> {
        self.only_creator_or_manager(pool_id)?;
        for node in nodes {
            self.blacklist_node_inner(pool_id, *node)?;
        }
        Ok(())
    }

    // ----- views -----

    /// `getComputePool(poolId)` / `pools(poolId)` (zero values for unknown pools).
    pub fn pool_info(&self, pool_id: U256) -> PoolInfo {
        let p = self.pools.getter(pool_id);
        let creator = p.creator.get();
        let time = |t: U64| U256::from(t.as_limbs()[0]);
        (
            if creator.is_zero() {
                U256::ZERO
            } else {
                pool_id
            },
            U256::from(p.domain_id.get()),
            AbiString(p.pool_name.get_bytes()),
            creator,
            p.compute_manager_key.get(),
            time(p.creation_time.get()),
            time(p.start_time.get()),
            time(p.end_time.get()),
            AbiString(p.pool_data_uri.get_bytes()),
            Address::ZERO,
            U256::from(p.total_compute.get()),
            p.compute_limit.get(),
            p.status.get().as_limbs()[0] as u8,
        )
    }
}

const PENDING_U8: U8 = U8::from_limbs([PENDING as u64]);
const ACTIVE_U8: U8 = U8::from_limbs([ACTIVE as u64]);
const COMPLETED_U8: U8 = U8::from_limbs([COMPLETED as u64]);

#[cfg(test)]
mod tests;
