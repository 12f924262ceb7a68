//! `ComputeRegistry` of the reference (spec §3.3): provider and node records, the whitelist
//! flag, each provider's set of validated nodes and its total compute. PrimeNetwork
//! (PRIME_ROLE) writes everything except the nodes' active flag, which ComputePool
//! (COMPUTE_POOL_ROLE) sets. The registry emits no events of its own.
//!
//! Lookups keep the reference's EnumerableMap semantics: an unknown or removed node key
//! reverts with `EnumerableMapNonexistentKey(bytes32)` (spec §13 item 7). Fixed defects
//! (docs/divergences/compute-registry.md): removing a node also drops it from the validated
//! set, (de)registration clears everything the registry keeps for the provider, and
//! `updateNodeStatus` only counts real transitions.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;

use alloc::{string::String, vec, vec::Vec};
use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::sol;
use prime_common::{
    access::AccessControlEnumerable,
    map::Map,
    revert::{Result, Revert, PANIC_ARITHMETIC, PANIC_INDEX},
    roles::{COMPUTE_POOL_ROLE, DEFAULT_ADMIN_ROLE, PRIME_ROLE},
    set::AddressSet,
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageU256, StorageU32, StorageVec},
};

const NODE_NOT_FOUND: &str = "ComputeRegistry: node not found";

sol! {
    /// `IComputeRegistry.ComputeNode`.
    #[derive(Debug, Default, PartialEq, Eq)]
    struct ComputeNode {
        address provider;
        address subkey;
        string specsURI;
        uint32 computeUnits;
        uint32 benchmarkScore;
        bool isActive;
        bool isValidated;
    }

    /// `IComputeRegistry.ComputeProvider`.
    #[derive(Debug, PartialEq, Eq)]
    struct ComputeProvider {
        address providerAddress;
        bool isWhitelisted;
        uint32 activeNodes;
        ComputeNode[] nodes;
    }
}

prime_common::abi_struct!(
    ComputeNode,
    "(address,address,string,uint32,uint32,bool,bool)"
);
prime_common::abi_struct!(
    ComputeProvider,
    "(address,bool,uint32,(address,address,string,uint32,uint32,bool,bool)[])"
);

pub use prime_common::packed_string::PackedString;

/// One stored node. `specs_uri` comes first on purpose: stylus-sdk 0.9's `#[storage]` size
/// computation forgets the partly filled slot before a multi-slot field, so in a
/// `StorageVec` the next element would overlap this one (caught by the multi-node tests).
#[storage]
#[derive(Erase)]
pub struct StoredNode {
    specs_uri: PackedString,
    provider: StorageAddress,
    subkey: StorageAddress,
    compute_units: StorageU32,
    benchmark_score: StorageU32,
    is_active: StorageBool,
    is_validated: StorageBool,
}

/// One stored provider.
#[storage]
pub struct StoredProvider {
    provider_address: StorageAddress,
    is_whitelisted: StorageBool,
    active_nodes: StorageU32,
    nodes: StorageVec<StoredNode>,
}

/// ComputeRegistry storage (the reference's fields, same meaning).
#[entrypoint]
#[storage]
pub struct ComputeRegistry {
    #[borrow]
    access: AccessControlEnumerable,
    providers: Map<Address, StoredProvider>,
    /// Historical: a node key stays bound to its first provider forever.
    node_provider_map: Map<Address, StorageAddress>,
    /// The reference's `EnumerableMap` node key → index in the provider's `nodes`, stored
    /// as index + 1 (0 = absent); it is never enumerated.
    node_subkey_to_index: Map<Address, StorageU256>,
    provider_set: AddressSet,
    provider_validated_nodes: Map<Address, AddressSet>,
    provider_total_compute: Map<Address, StorageU256>,
}

fn read_node(n: &StoredNode) -> ComputeNode {
    ComputeNode {
        provider: n.provider.get(),
        subkey: n.subkey.get(),
        specsURI: n.specs_uri.get_string(),
        computeUnits: u32_of(n.compute_units.get()),
        benchmarkScore: u32_of(n.benchmark_score.get()),
        isActive: n.is_active.get(),
        isValidated: n.is_validated.get(),
    }
}

/// Nodes `[start, end)` of a provider.
fn read_nodes(p: &StoredProvider, start: usize, end: usize) -> Vec<ComputeNode> {
    (start..end)
        .filter_map(|i| p.nodes.getter(i))
        .map(|n| read_node(&n))
        .collect()
}

/// `[start, end)` of page `page` (1-based) of `limit` items out of `len`, or `None` where
/// the reference's checked arithmetic panics: page 0, `(page - 1) * limit` or
/// `start + limit` overflowing, or `start > len`. All of those are one condition here:
/// any product past `len` already means `start > len`, so no 256-bit multiply is needed.
fn page_bounds(page: U256, limit: U256, len: usize) -> Option<(usize, usize)> {
    let before = page.checked_sub(U256::from(1))?;
    let small = |x: U256| usize::try_from(x).ok().filter(|v| *v <= len);
    let start = if before.is_zero() || limit.is_zero() {
        0
    } else {
        small(before)?
            .checked_mul(small(limit)?)
            .filter(|s| *s <= len)?
    };
    let end = small(limit).map_or(len, |l| (start + l).min(len));
    Some((start, end))
}

/// `EnumerableMapNonexistentKey(bytes32(uint256(uint160(subkey))))`.
fn nonexistent_key(subkey: Address) -> Revert {
    Revert::NonexistentKey(subkey.into_word())
}

/// A stored `uint32`.
fn u32_of(v: alloy_primitives::Uint<32, 1>) -> u32 {
    v.as_limbs()[0] as u32
}

/// `uint32(x)`: Solidity's truncating cast.
fn truncate_u32(x: U256) -> u32 {
    x.as_limbs()[0] as u32
}

impl ComputeRegistry {
    fn only_role(&self, role: B256) -> Result<()> {
        self.access.only_role(role)
    }

    /// `nodeSubkeyToIndex.tryGet(subkey)`.
    fn try_index(&self, subkey: Address) -> Option<usize> {
        let v = self.node_subkey_to_index.get(subkey);
        // Stored values are array indices + 1, far below usize::MAX.
        (!v.is_zero()).then(|| v.saturating_to::<usize>() - 1)
    }

    /// `nodeSubkeyToIndex.get(subkey)`: reverts `EnumerableMapNonexistentKey` when absent.
    fn index_of(&self, subkey: Address) -> Result<usize> {
        self.try_index(subkey)
            .ok_or_else(|| nonexistent_key(subkey))
    }

    /// The reference's `_nodeExists`: the index of `subkey` in `provider`'s nodes if it is
    /// there. Unknown keys revert as `get` does; an index past this provider's array (the
    /// reference's Panic 0x32) counts as "not there".
    fn find(&self, provider: Address, subkey: Address) -> Result<Option<usize>> {
        let idx = self.index_of(subkey)?;
        let p = self.providers.getter(provider);
        Ok(p.nodes
            .getter(idx)
            .filter(|n| n.subkey.get() == subkey)
            .map(|_| idx))
    }

    /// `_nodeExists` as a requirement: the index, or "ComputeRegistry: node not found".
    fn require_node(&self, provider: Address, subkey: Address) -> Result<usize> {
        self.find(provider, subkey)?
            .ok_or(Revert::Message(NODE_NOT_FOUND))
    }

    /// The reference's `_fetchNodeOrZero`.
    fn fetch_or_zero(&self, provider: Address, subkey: Address) -> Result<ComputeNode> {
        Ok(match self.find(provider, subkey)? {
            Some(idx) => self.node_at(provider, idx),
            None => ComputeNode::default(),
        })
    }

    fn node_at(&self, provider: Address, idx: usize) -> ComputeNode {
        let p = self.providers.getter(provider);
        p.nodes
            .getter(idx)
            .map(|n| read_node(&n))
            .unwrap_or_default()
    }

    /// Forgets every node of `provider` (index entries, records, validated set) and its
    /// total compute. `nodeProviderMap` is historical and stays.
    fn clear_nodes(&mut self, provider: Address) {
        let mut p = self.providers.setter(provider);
        while let Some(n) = p.nodes.getter(p.nodes.len().wrapping_sub(1)) {
            let subkey = n.subkey.get();
            self.node_subkey_to_index.delete(subkey);
            p.nodes.erase_last();
        }
        drop(p);
        self.provider_validated_nodes.setter(provider).clear();
        self.provider_total_compute.delete(provider);
    }
}

#[public]
#[inherit(AccessControlEnumerable)]
impl ComputeRegistry {
    /// Grants DEFAULT_ADMIN_ROLE then PRIME_ROLE to `prime_admin` (as the reference).
    #[constructor]
    pub fn constructor(&mut self, prime_admin: Address) {
        self.access.grant(DEFAULT_ADMIN_ROLE, prime_admin);
        self.access.grant(PRIME_ROLE, prime_admin);
    }

    // --- constants and public mappings ---

    /// `PRIME_ROLE()`.
    #[selector(name = "PRIME_ROLE")]
    pub fn prime_role(&self) -> B256 {
        PRIME_ROLE
    }

    /// `COMPUTE_POOL_ROLE()`.
    #[selector(name = "COMPUTE_POOL_ROLE")]
    pub fn compute_pool_role(&self) -> B256 {
        COMPUTE_POOL_ROLE
    }

    /// `providers(address)`: the record without its nodes.
    pub fn providers(&self, provider: Address) -> (Address, bool, u32) {
        let p = self.providers.getter(provider);
        (
            p.provider_address.get(),
            p.is_whitelisted.get(),
            u32_of(p.active_nodes.get()),
        )
    }

    /// `nodeProviderMap(address)`: the provider a node key was first registered with.
    pub fn node_provider_map(&self, subkey: Address) -> Address {
        self.node_provider_map.get(subkey)
    }

    /// `providerTotalCompute(address)`.
    pub fn provider_total_compute(&self, provider: Address) -> U256 {
        self.provider_total_compute.get(provider)
    }

    // --- PRIME_ROLE ---

    /// Grants COMPUTE_POOL_ROLE to `compute_pool` (earlier pools keep theirs).
    pub fn set_compute_pool(&mut self, compute_pool: Address) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        self.access.grant(COMPUTE_POOL_ROLE, compute_pool);
        Ok(())
    }

    /// Registers `provider` (not whitelisted, no nodes); false if it already is.
    pub fn register(&mut self, provider: Address) -> Result<bool> {
        self.only_role(PRIME_ROLE)?;
        if !self
            .providers
            .getter(provider)
            .provider_address
            .get()
            .is_zero()
        {
            return Ok(false);
        }
        self.clear_nodes(provider);
        let mut p = self.providers.setter(provider);
        p.provider_address.set(provider);
        p.is_whitelisted.set(false);
        p.active_nodes.set(Default::default());
        self.provider_set.add(provider);
        Ok(true)
    }

    /// Removes `provider` and everything the registry keeps for it except the historical
    /// node → provider binding; false if it is not registered. Refuses a provider with
    /// active nodes with PrimeNetwork's "Provider has active nodes": the reference checks it
    /// in `PrimeNetwork.deregisterProvider` with a call of its own (PRIME_ROLE is only ever
    /// PrimeNetwork's; docs/divergences/compute-registry.md).
    pub fn deregister(&mut self, provider: Address) -> Result<bool> {
        self.only_role(PRIME_ROLE)?;
        if !self.providers.getter(provider).active_nodes.get().is_zero() {
            return Err(Revert::Message("Provider has active nodes"));
        }
        if self
            .providers
            .getter(provider)
            .provider_address
            .get()
            .is_zero()
        {
            return Ok(false);
        }
        self.clear_nodes(provider);
        let mut p = self.providers.setter(provider);
        p.provider_address.set(Address::ZERO);
        p.is_whitelisted.set(false);
        p.active_nodes.set(Default::default());
        self.provider_set.remove(provider);
        Ok(true)
    }

    /// Adds node `subkey` to `provider` and returns its index. A node key belongs to the
    /// first provider that added it; a removed node may be re-added by that provider only.
    pub fn add_compute_node(
        &mut self,
        provider: Address,
        subkey: Address,
        compute_units: U256,
        specs_uri: String,
    ) -> Result<U256> {
        self.only_role(PRIME_ROLE)?;
        let existing = self.node_provider_map.get(subkey);
        if !existing.is_zero() {
            if existing != provider {
                return Err(Revert::Message(
                    "ComputeRegistry: node has already registered with another provider",
                ));
            }
            if let Some(idx) = self.try_index(subkey) {
                let p = self.providers.getter(provider);
                if p.nodes
                    .getter(idx)
                    .is_some_and(|n| n.subkey.get() == subkey)
                {
                    return Err(Revert::Message(
                        "ComputeRegistry: node already exists with this provider",
                    ));
                }
            }
        }
        let total = self
            .provider_total_compute
            .get(provider)
            .checked_add(compute_units)
            .ok_or(Revert::Panic(PANIC_ARITHMETIC))?;
        let mut p = self.providers.setter(provider);
        let index = p.nodes.len();
        let mut n = p.nodes.grow();
        n.provider.set(provider);
        n.subkey.set(subkey);
        n.specs_uri.set_str(&specs_uri);
        n.compute_units
            .set(alloy_primitives::Uint::from(truncate_u32(compute_units)));
        n.benchmark_score.set(Default::default());
        n.is_active.set(false);
        n.is_validated.set(false);
        drop(p);
        self.node_subkey_to_index
            .insert(subkey, U256::from(index + 1));
        self.node_provider_map.insert(subkey, provider);
        self.provider_total_compute.insert(provider, total);
        Ok(U256::from(index))
    }

    /// Removes an inactive node (swap-and-pop) and drops it from the validated set.
    pub fn remove_compute_node(&mut self, provider: Address, subkey: Address) -> Result<bool> {
        self.only_role(PRIME_ROLE)?;
        let idx = self.require_node(provider, subkey)?;
        let node = self.node_at(provider, idx);
        if node.isActive {
            return Err(Revert::Message(
                "ComputeRegistry: node must be inactive to remove",
            ));
        }
        let total = self
            .provider_total_compute
            .get(provider)
            .checked_sub(U256::from(node.computeUnits))
            .ok_or(Revert::Panic(PANIC_ARITHMETIC))?;
        let mut p = self.providers.setter(provider);
        let last = p.nodes.len() - 1;
        if idx != last {
            let moved = p
                .nodes
                .getter(last)
                .map(|n| read_node(&n))
                .unwrap_or_default();
            if let Some(mut slot) = p.nodes.setter(idx) {
                slot.provider.set(moved.provider);
                slot.subkey.set(moved.subkey);
                slot.specs_uri.set_str(&moved.specsURI);
                slot.compute_units
                    .set(alloy_primitives::Uint::from(moved.computeUnits));
                slot.benchmark_score
                    .set(alloy_primitives::Uint::from(moved.benchmarkScore));
                slot.is_active.set(moved.isActive);
                slot.is_validated.set(moved.isValidated);
            }
            self.node_subkey_to_index
                .insert(moved.subkey, U256::from(idx + 1));
        }
        p.nodes.erase_last();
        self.node_subkey_to_index.delete(subkey);
        self.provider_total_compute.insert(provider, total);
        self.provider_validated_nodes
            .setter(provider)
            .remove(subkey);
        Ok(true)
    }

    /// Sets a node's specs URI.
    #[selector(name = "updateNodeURI")]
    pub fn update_node_uri(
        &mut self,
        provider: Address,
        subkey: Address,
        specs_uri: String,
    ) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        let idx = self.require_node(provider, subkey)?;
        let mut p = self.providers.setter(provider);
        if let Some(mut n) = p.nodes.setter(idx) {
            n.specs_uri.set_str(&specs_uri);
        }
        Ok(())
    }

    /// Sets a node's benchmark score (truncated to uint32, as the reference).
    pub fn update_node_benchmark(
        &mut self,
        provider: Address,
        subkey: Address,
        benchmark_score: U256,
    ) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        let idx = self.require_node(provider, subkey)?;
        let mut p = self.providers.setter(provider);
        if let Some(mut n) = p.nodes.setter(idx) {
            n.benchmark_score
                .set(alloy_primitives::Uint::from(truncate_u32(benchmark_score)));
        }
        Ok(())
    }

    /// Sets the whitelist flag (no registration check, as the reference).
    pub fn set_whitelist_status(&mut self, provider: Address, status: bool) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        self.providers.setter(provider).is_whitelisted.set(status);
        Ok(())
    }

    /// Sets a node's validated flag and keeps the validated set in step (no-op if unchanged).
    pub fn set_node_validation_status(
        &mut self,
        provider: Address,
        subkey: Address,
        status: bool,
    ) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        let idx = self.require_node(provider, subkey)?;
        let mut p = self.providers.setter(provider);
        let Some(mut n) = p.nodes.setter(idx) else {
            return Ok(());
        };
        if n.is_validated.get() == status {
            return Ok(());
        }
        n.is_validated.set(status);
        drop(p);
        let mut set = self.provider_validated_nodes.setter(provider);
        if status {
            set.add(subkey);
        } else {
            set.remove(subkey);
        }
        Ok(())
    }

    // --- COMPUTE_POOL_ROLE ---

    /// Sets a node's active flag; the provider's active count follows real transitions only.
    pub fn update_node_status(
        &mut self,
        provider: Address,
        subkey: Address,
        is_active: bool,
    ) -> Result<()> {
        self.only_role(COMPUTE_POOL_ROLE)?;
        let idx = self.require_node(provider, subkey)?;
        let mut p = self.providers.setter(provider);
        let count: u32 = u32_of(p.active_nodes.get());
        let Some(mut n) = p.nodes.setter(idx) else {
            return Ok(());
        };
        if n.is_active.get() == is_active {
            return Ok(());
        }
        n.is_active.set(is_active);
        let count = if is_active {
            count.checked_add(1)
        } else {
            count.checked_sub(1)
        };
        let count = count.ok_or(Revert::Panic(PANIC_ARITHMETIC))?;
        p.active_nodes.set(alloy_primitives::Uint::from(count));
        Ok(())
    }

    // --- views ---

    /// The whitelist flag.
    pub fn get_whitelist_status(&self, provider: Address) -> bool {
        self.providers.getter(provider).is_whitelisted.get()
    }

    /// A node's validated flag (reverts for unknown or removed node keys).
    pub fn get_node_validation_status(&self, provider: Address, subkey: Address) -> Result<bool> {
        Ok(self.fetch_or_zero(provider, subkey)?.isValidated)
    }

    /// The provider record with all its nodes.
    pub fn get_provider(&self, provider: Address) -> ComputeProvider {
        let p = self.providers.getter(provider);
        ComputeProvider {
            providerAddress: p.provider_address.get(),
            isWhitelisted: p.is_whitelisted.get(),
            activeNodes: u32_of(p.active_nodes.get()),
            nodes: read_nodes(&p, 0, p.nodes.len()),
        }
    }

    /// Number of the provider's active nodes.
    pub fn get_provider_active_nodes(&self, provider: Address) -> u32 {
        u32_of(self.providers.getter(provider).active_nodes.get())
    }

    /// Number of the provider's nodes.
    pub fn get_provider_total_nodes(&self, provider: Address) -> u32 {
        self.providers.getter(provider).nodes.len() as u32
    }

    /// Page `page` (1-based) of `limit` nodes; `(0, 0)` returns all of them. Bad paging
    /// panics 0x11 as the reference's checked arithmetic.
    pub fn get_nodes(
        &self,
        provider: Address,
        page: U256,
        limit: U256,
    ) -> Result<Vec<ComputeNode>> {
        let p = self.providers.getter(provider);
        let len = p.nodes.len();
        let (start, end) = if page.is_zero() && limit.is_zero() {
            (0, len)
        } else {
            page_bounds(page, limit, len).ok_or(Revert::Panic(PANIC_ARITHMETIC))?
        };
        Ok(read_nodes(&p, start, end))
    }

    /// Node `subkey` of `provider`: all zero if it is not that provider's; reverts for
    /// unknown or removed node keys.
    #[selector(name = "getNode")]
    pub fn get_node(&self, provider: Address, subkey: Address) -> Result<ComputeNode> {
        self.fetch_or_zero(provider, subkey)
    }

    /// Node `subkey` under its (historical) provider; reverts for unknown or removed keys.
    #[selector(name = "getNode")]
    pub fn get_node_by_subkey(&self, subkey: Address) -> Result<ComputeNode> {
        self.fetch_or_zero(self.node_provider_map.get(subkey), subkey)
    }

    /// The provider's validated nodes; with `filter_for_active`, an array of
    /// `activeNodes` slots holding the validated active ones first (the rest zero).
    pub fn get_provider_validated_nodes(
        &self,
        provider: Address,
        filter_for_active: bool,
    ) -> Result<Vec<Address>> {
        let validated = self.provider_validated_nodes.getter(provider).values();
        if !filter_for_active {
            return Ok(validated);
        }
        let p = self.providers.getter(provider);
        let mut out = vec![Address::ZERO; u32_of(p.active_nodes.get()) as usize];
        let mut j = 0;
        for subkey in validated {
            let idx = self.index_of(subkey)?;
            if p.nodes.getter(idx).is_some_and(|n| n.is_active.get()) {
                *out.get_mut(j).ok_or(Revert::Panic(PANIC_INDEX))? = subkey;
                j += 1;
            }
        }
        Ok(out)
    }

    /// A node's compute units; reverts for unknown or removed node keys.
    pub fn get_node_compute_units(&self, subkey: Address) -> Result<U256> {
        let node = self.fetch_or_zero(self.node_provider_map.get(subkey), subkey)?;
        Ok(U256::from(node.computeUnits))
    }

    /// The (historical) provider of a node key; never reverts.
    pub fn get_node_provider(&self, subkey: Address) -> Address {
        self.node_provider_map.get(subkey)
    }

    /// `(provider, computeUnits, isActive, isValidated)` of a node key: zeros for a key
    /// never registered, a revert for a removed one.
    pub fn get_node_contract_data(
        &self,
        subkey: Address,
    ) -> Result<(Address, u32, bool, bool), Vec<u8>> {
        let provider = self.node_provider_map.get(subkey);
        if provider.is_zero() {
            return Ok(Default::default());
        }
        // The four fields only: not the specs URI (a cold slot or more), which ComputePool's
        // join, leave and submitWork would pay for and never read.
        let Some(idx) = self.find(provider, subkey)? else {
            return Ok(Default::default());
        };
        let p = self.providers.getter(provider);
        Ok(p.nodes.getter(idx).map_or_else(Default::default, |n| {
            (
                n.provider.get(),
                u32_of(n.compute_units.get()),
                n.is_active.get(),
                n.is_validated.get(),
            )
        }))
    }

    /// Every registered provider, in set order.
    pub fn get_provider_address_list(&self) -> Vec<Address> {
        self.provider_set.values()
    }

    /// Whether `provider` is registered.
    pub fn check_provider_exists(&self, provider: Address) -> bool {
        self.provider_set.contains(provider)
    }

    /// The provider's total compute units.
    pub fn get_provider_total_compute(&self, provider: Address) -> U256 {
        self.provider_total_compute.get(provider)
    }

    /// `(checkProviderExists, getWhitelistStatus, getProviderActiveNodes,
    /// getProviderTotalCompute)` of `provider` in one call: what PrimeNetwork's
    /// `addComputeNode` reads (one program entry instead of three; not in the reference ABI,
    /// docs/divergences/compute-registry.md).
    pub fn get_provider_status(&self, provider: Address) -> (bool, bool, u32, U256) {
        let p = self.providers.getter(provider);
        (
            self.provider_set.contains(provider),
            p.is_whitelisted.get(),
            u32_of(p.active_nodes.get()),
            self.provider_total_compute.get(provider),
        )
    }

    /// `(getNodeProvider(subkey), getWhitelistStatus(that provider))` in one call: what
    /// ComputePool's `submitWork` reads (one program entry instead of two; not in the
    /// reference ABI, docs/divergences/compute-registry.md).
    pub fn get_node_provider_status(&self, subkey: Address) -> (Address, bool) {
        let provider = self.node_provider_map.get(subkey);
        (
            provider,
            self.providers.getter(provider).is_whitelisted.get(),
        )
    }
}

#[cfg(test)]
mod tests;

// no_std on chain: a panic is a trap, which Stylus turns into a revert without data.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
