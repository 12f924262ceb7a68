//! The admin facet's router: the roles (AccessControlEnumerable), pool creation and the
//! lifecycle after the start, ejection, blacklists, purges and work invalidation. It runs only through the front's `delegatecall` (its own storage is
//! never used), so it has no constructor.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, U256};
use prime_common::{abi_string::AbiString, access::AccessControlEnumerable};
use stylus_sdk::{abi::Bytes, prelude::*, stylus_core::storage::TopLevelStorage};

use prime_common::revert::Result;

use crate::PoolStorage;

/// The ComputePool address's admin facet.
#[storage]
pub struct ComputePoolAdmin {
    /// The whole state (shared layout with the front).
    pub s: PoolStorage,
}

// SAFETY: the router type of a program whose only field is the whole state.
unsafe impl TopLevelStorage for ComputePoolAdmin {}

// What `#[borrow]` on a field of the field would give: the roles are served here.
impl core::borrow::Borrow<AccessControlEnumerable> for ComputePoolAdmin {
    fn borrow(&self) -> &AccessControlEnumerable {
        &self.s.access
    }
}

impl core::borrow::BorrowMut<AccessControlEnumerable> for ComputePoolAdmin {
    fn borrow_mut(&mut self) -> &mut AccessControlEnumerable {
        &mut self.s.access
    }
}

#[public]
#[inherit(AccessControlEnumerable)]
impl ComputePoolAdmin {
    /// `createComputePool` (FEDERATOR_ROLE): creates the pool's distributor through the factory.
    pub fn create_compute_pool(
        &mut self,
        domain_id: U256,
        compute_manager_key: Address,
        pool_name: AbiString,
        pool_data_uri: AbiString,
        compute_limit: U256,
    ) -> Result<U256> {
        self.s.create_compute_pool(
            domain_id,
            compute_manager_key,
            &pool_name,
            &pool_data_uri,
            compute_limit,
        )
    }

    /// `endComputePool`.
    pub fn end_compute_pool(&mut self, pool_id: U256) -> Result<()> {
        self.s.end_compute_pool(pool_id)
    }

    /// `updateComputePoolURI`.
    #[selector(name = "updateComputePoolURI")]
    pub fn update_compute_pool_uri(
        &mut self,
        pool_id: U256,
        pool_data_uri: AbiString,
    ) -> Result<()> {
        self.s.update_compute_pool_uri(pool_id, &pool_data_uri)
    }

    /// `updateComputeLimit`.
    pub fn update_compute_limit(&mut self, pool_id: U256, compute_limit: U256) -> Result<()> {
        self.s.update_compute_limit(pool_id, compute_limit)
    }

    /// `ejectNode`.
    pub fn eject_node(&mut self, pool_id: U256, nodekey: Address) -> Result<()> {
        self.s.eject_node(pool_id, nodekey)
    }

    /// `blacklistProvider`.
    pub fn blacklist_provider(&mut self, pool_id: U256, provider: Address) -> Result<()> {
        self.s.blacklist_provider(pool_id, provider)
    }

    /// `blacklistProviderList`.
    pub fn blacklist_provider_list(
        &mut self,
        pool_id: U256,
        providers: Vec<Address>,
    ) -> Result<()> {
        self.s.blacklist_provider_list(pool_id, &providers)
    }

    /// `purgeProvider`.
    pub fn purge_provider(&mut self, pool_id: U256, provider: Address) -> Result<()> {
        self.s.purge_provider(pool_id, provider)
    }

    /// `blacklistAndPurgeProvider`.
    pub fn blacklist_and_purge_provider(&mut self, pool_id: U256, provider: Address) -> Result<()> {
        self.s.blacklist_and_purge_provider(pool_id, provider)
    }

    /// `blacklistNode`.
    pub fn blacklist_node(&mut self, pool_id: U256, nodekey: Address) -> Result<()> {
        self.s.blacklist_nodes(pool_id, &[nodekey])
    }

    /// `blacklistNodeList`.
    pub fn blacklist_node_list(&mut self, pool_id: U256, nodekeys: Vec<Address>) -> Result<()> {
        self.s.blacklist_nodes(pool_id, &nodekeys)
    }

    /// `invalidateWork` (PRIME_ROLE).
    pub fn invalidate_work(&mut self, pool_id: U256, data: Bytes) -> Result<(Address, Address)> {
        self.s.invalidate_work(pool_id, &data)
    }

    /// `softInvalidateWork` (PRIME_ROLE).
    pub fn soft_invalidate_work(
        &mut self,
        pool_id: U256,
        data: Bytes,
    ) -> Result<(Address, Address, U256)> {
        self.s.soft_invalidate_work(pool_id, &data)
    }
}
