//! `SyntheticDataWorkValidator` (spec §3.9): the example `IWorkValidation` of a domain.
//! ComputePool reports work keys here (`submitWork`), and PrimeNetwork, through the pool,
//! invalidates them within the validity window (`invalidateWork`, `softInvalidateWork`).
//! No AccessControl: the only authorised caller is the pool.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, B256, I256, U256};
use distributor_common::events::{WorkInvalidated, WorkRemoved, WorkSubmitted};
use prime_common::{
    map::Map,
    revert::{require, sub, Result},
    set::B256Set,
};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageU256, StorageU64},
};

/// `WorkInfo` as stored.
#[storage]
pub struct WorkInfo {
    provider: StorageAddress,
    node_id: StorageAddress,
    timestamp: StorageU64,
    work_units: StorageU256,
}

/// `WorkState` of one pool.
#[storage]
pub struct WorkState {
    work_keys: B256Set,
    invalid_work_keys: B256Set,
    work: Map<B256, WorkInfo>,
}

/// `SyntheticDataWorkValidator` storage.
#[entrypoint]
#[storage]
pub struct SyntheticDataWorkValidator {
    domain_id: StorageU256,
    compute_pool: StorageAddress,
    work_validity_period: StorageU256,
    pool_work: Map<U256, WorkState>,
}

/// `getWorkInfo`'s output: one `(address provider, address nodeId, uint64 timestamp,
/// uint256 workUnits)` struct.
pub type WorkInfoTuple = (Address, Address, u64, U256);

fn word(data: &[u8], i: usize) -> B256 {
    B256::from_slice(&data[i * 32..(i + 1) * 32])
}

impl SyntheticDataWorkValidator {
    fn only_pool(&self) -> Result<()> {
        require(
            self.vm().msg_sender() == self.compute_pool.get(),
            "Unauthorized",
        )
    }

    /// The checks shared by both invalidations, then the move of `key` to the invalid set.
    /// Returns `(provider, nodeId, storedUnits)`.
    fn invalidate(
        &mut self,
        pool_id: U256,
        key: B256,
        now: U256,
    ) -> Result<(Address, Address, U256)> {
        let period = self.work_validity_period.get();
        let mut state = self.pool_work.setter(pool_id);
        require(state.work_keys.contains(key), "Work not found")?;
        require(
            !state.invalid_work_keys.contains(key),
            "Work already invalidated",
        )?;
        let info = state.work.getter(key);
        let (provider, node, timestamp, units) = (
            info.provider.get(),
            info.node_id.get(),
            info.timestamp.get(),
            info.work_units.get(),
        );
        require(
            sub(now, U256::from(timestamp))? < period,
            "Work invalidation window has lapsed",
        )?;
        state.invalid_work_keys.add(key);
        state.work_keys.remove(key);
        Ok((provider, node, units))
    }

    /// `submitWork` at time `now`.
    pub fn submit_work_at(
        &mut self,
        domain_id: U256,
        pool_id: U256,
        provider: Address,
        node_id: Address,
        data: &[u8],
        now: u64,
    ) -> Result<(bool, U256)> {
        self.only_pool()?;
        require(data.len() >= 64, "Data too short")?;
        require(self.domain_id.get() == domain_id, "Invalid domainId")?;
        let key = word(data, 0);
        let units = U256::from_be_bytes(word(data, 1).0);
        let mut state = self.pool_work.setter(pool_id);
        require(!state.work_keys.contains(key), "Work already submitted")?;
        require(
            !state.invalid_work_keys.contains(key),
            "Work already invalidated",
        )?;
        require(!units.is_zero(), "Invalid work units")?;
        state.work_keys.add(key);
        let mut info = state.work.setter(key);
        info.provider.set(provider);
        info.node_id.set(node_id);
        info.timestamp
            .set(alloy_primitives::Uint::<64, 1>::from(now));
        info.work_units.set(units);
        log(
            self.vm(),
            WorkSubmitted {
                poolId: pool_id,
                provider,
                nodeId: node_id,
                workKey: key,
                workUnits: units,
            },
        );
        Ok((true, units))
    }

    /// `invalidateWork` at time `now`.
    pub fn invalidate_work_at(
        &mut self,
        pool_id: U256,
        data: &[u8],
        now: U256,
    ) -> Result<(Address, Address)> {
        self.only_pool()?;
        require(data.len() >= 32, "Data too short")?;
        let key = word(data, 0);
        let (provider, node, units) = self.invalidate(pool_id, key, now)?;
        log(
            self.vm(),
            WorkInvalidated {
                poolId: pool_id,
                provider,
                nodeId: node,
                workKey: key,
                workUnits: units,
            },
        );
        Ok((provider, node))
    }

    /// `softInvalidateWork` at time `now`.
    pub fn soft_invalidate_work_at(
        &mut self,
        pool_id: U256,
        data: &[u8],
        now: U256,
    ) -> Result<(Address, Address, U256)> {
        self.only_pool()?;
        require(data.len() >= 64, "Data too short for soft invalidation")?;
        let key = word(data, 0);
        // The caller's units, not the stored ones (as the reference).
        let units = U256::from_be_bytes(word(data, 1).0);
        let (provider, node, _) = self.invalidate(pool_id, key, now)?;
        log(
            self.vm(),
            WorkRemoved {
                poolId: pool_id,
                provider,
                nodeId: node,
                workKey: key,
                workUnits: units,
            },
        );
        Ok((provider, node, units))
    }

    /// `getWorkSince` over one of the pool's key sets: the keys after the last one (from the
    /// end) submitted before `timestamp`, in set order.
    fn keys_since(&self, pool_id: U256, timestamp: U256, invalid: bool) -> Vec<B256> {
        let state = self.pool_work.getter(pool_id);
        let set = if invalid {
            &state.invalid_work_keys
        } else {
            &state.work_keys
        };
        let keys = set.values();
        let start = keys
            .iter()
            .rposition(|key| U256::from(state.work.getter(*key).timestamp.get()) < timestamp)
            .map_or(0, |i| i + 1);
        keys[start..].to_vec()
    }
}

#[public]
impl SyntheticDataWorkValidator {
    /// `constructor(_domainId, _computePool, _workValidityPeriod)`.
    #[constructor]
    pub fn constructor(
        &mut self,
        domain_id: U256,
        compute_pool: Address,
        work_validity_period: U256,
    ) {
        self.domain_id.set(domain_id);
        self.compute_pool.set(compute_pool);
        self.work_validity_period.set(work_validity_period);
    }

    /// Records a work key (the first word of `data`) worth the second word in units; only
    /// the pool. Returns `(true, workUnits)`.
    pub fn submit_work(
        &mut self,
        domain_id: U256,
        pool_id: U256,
        provider: Address,
        node_id: Address,
        data: Bytes,
    ) -> Result<(bool, U256)> {
        let now = self.vm().block_timestamp();
        self.submit_work_at(domain_id, pool_id, provider, node_id, &data, now)
    }

    /// Invalidates the work key in `data` within the validity window; only the pool.
    pub fn invalidate_work(&mut self, pool_id: U256, data: Bytes) -> Result<(Address, Address)> {
        let now = U256::from(self.vm().block_timestamp());
        self.invalidate_work_at(pool_id, &data, now)
    }

    /// Invalidates the work key in `data` and reports the caller's units to remove; only
    /// the pool.
    pub fn soft_invalidate_work(
        &mut self,
        pool_id: U256,
        data: Bytes,
    ) -> Result<(Address, Address, U256)> {
        let now = U256::from(self.vm().block_timestamp());
        self.soft_invalidate_work_at(pool_id, &data, now)
    }

    /// The stored `WorkInfo` of a key (zeros if unknown).
    pub fn get_work_info(&self, pool_id: U256, work_key: B256) -> (WorkInfoTuple,) {
        let state = self.pool_work.getter(pool_id);
        let info = state.work.getter(work_key);
        ((
            info.provider.get(),
            info.node_id.get(),
            info.timestamp.get().to::<u64>(),
            info.work_units.get(),
        ),)
    }

    /// 0 if invalidated, 1 if valid, -1 if unknown.
    pub fn get_work_validity(&self, pool_id: U256, work_key: B256) -> I256 {
        let state = self.pool_work.getter(pool_id);
        if state.invalid_work_keys.contains(work_key) {
            I256::ZERO
        } else if state.work_keys.contains(work_key) {
            I256::ONE
        } else {
            I256::MINUS_ONE
        }
    }

    /// The pool's valid work keys, in set order.
    pub fn get_work_keys(&self, pool_id: U256) -> Vec<B256> {
        self.pool_work.getter(pool_id).work_keys.values()
    }

    /// The pool's invalidated work keys, in set order.
    pub fn get_invalid_work_keys(&self, pool_id: U256) -> Vec<B256> {
        self.pool_work.getter(pool_id).invalid_work_keys.values()
    }

    /// Valid keys submitted at or after `timestamp` (the reference's scan from the end).
    pub fn get_work_since(&self, pool_id: U256, timestamp: U256) -> Vec<B256> {
        self.keys_since(pool_id, timestamp, false)
    }

    /// Invalidated keys submitted at or after `timestamp` (the same scan).
    pub fn get_invalid_work_since(&self, pool_id: U256, timestamp: U256) -> Vec<B256> {
        self.keys_since(pool_id, timestamp, true)
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
