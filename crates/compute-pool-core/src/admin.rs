//! The admin facet's router: the roles (AccessControlEnumerable), pool creation and the
//! lifecycle after the start, ejection, provider blacklists, purges and work invalidation.
//! It runs only through the front's `delegatecall` (its own storage is never used), so it
//! has no constructor.

use alloc::{vec, vec::Vec};

use alloy_primitives::{Address, U256};
use alloy_sol_types::SolCall;
use prime_common::{
    access::AccessControlEnumerable,
    call::{encode_params, selector, Words},
    revert::Result,
};
use stylus_sdk::{prelude::*, stylus_core::storage::TopLevelStorage, ArbResult};

use crate::{
    front::{
        blacklistProviderListCall, createComputePoolCall, invalidateWorkCall,
        softInvalidateWorkCall, updateComputePoolURICall,
    },
    PoolStorage,
};

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
    /// Serves the admin functions with dynamic arguments (decoded with `Words`):
    /// `createComputePool`, `updateComputePoolURI`, `blacklistProviderList`,
    /// `invalidateWork`, `softInvalidateWork`. Any other selector
    /// reverts without data, as Solidity.
    #[fallback]
    pub fn fallback(&mut self, calldata: &[u8]) -> ArbResult {
        let (args, s) = (Words::args(calldata), &mut self.s);
        Ok(match selector(calldata) {
            createComputePoolCall::SELECTOR => {
                let (domain_id, manager) = (args.word(0)?, args.address(1)?);
                let (name, uri, limit) = (args.bytes(2)?, args.bytes(3)?, args.word(4)?);
                let id = s.create_compute_pool(domain_id, manager, name, uri, limit)?;
                encode_params(&[id.into()])
            }
            updateComputePoolURICall::SELECTOR => {
                s.update_compute_pool_uri(args.word(0)?, args.bytes(1)?)?;
                Vec::new()
            }
            blacklistProviderListCall::SELECTOR => {
                s.blacklist_provider_list(args.word(0)?, &args.addresses(1)?)?;
                Vec::new()
            }
            invalidateWorkCall::SELECTOR => {
                let (provider, node) = s.invalidate_work(args.word(0)?, args.bytes(1)?)?;
                encode_params(&[provider.into(), node.into()])
            }
            softInvalidateWorkCall::SELECTOR => {
                let (provider, node, units) =
                    s.soft_invalidate_work(args.word(0)?, args.bytes(1)?)?;
                encode_params(&[provider.into(), node.into(), units.into()])
            }
            _ => return Err(Vec::new()),
        })
    }

    /// `endComputePool`.
    pub fn end_compute_pool(&mut self, pool_id: U256) -> Result<()> {
        self.s.end_compute_pool(pool_id)
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

    /// `purgeProvider`.
    pub fn purge_provider(&mut self, pool_id: U256, provider: Address) -> Result<()> {
        self.s.purge_provider(pool_id, provider)
    }

    /// `blacklistAndPurgeProvider`.
    pub fn blacklist_and_purge_provider(&mut self, pool_id: U256, provider: Address) -> Result<()> {
        self.s.blacklist_and_purge_provider(pool_id, provider)
    }
}
