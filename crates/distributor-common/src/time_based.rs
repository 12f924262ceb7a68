//! The time-based rewards distributor, [`TimeBasedDistributor`], generic over its
//! [`RateMode`]: `RewardsDistributor` (§3.7, §8.2: a rate per second shared pro rata by
//! compute units) is `TimeBasedDistributor<SharedRate>`, `RewardsDistributorFixed` (§3.8,
//! §8.3: a rate per second per compute unit) is `TimeBasedDistributor<FixedRate>`.
//!
//! One-way design (Stylus reverts on re-entry, and the pool is on the stack whenever it
//! calls us): the reference reads `computePool.getComputePoolTotalCompute(poolId)` on every
//! index update and `computePool.isNodeInPool` in `claimRewards`/`calculateRewards`/
//! `nodeInfo`. Here the distributor tracks both itself: `joinPool(node)` records the node's
//! compute units (read from the registry, which is never on the stack then) and adds them
//! to the total, `leavePool(node)` subtracts them. ComputePool calls `joinPool` before it
//! adds the node's compute and `leavePool` before it subtracts it, on every add and remove,
//! so the tracked total equals the pool's at every index update.

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, B256, U256};
use core::marker::PhantomData;
use prime_common::{
    access::AccessControlEnumerable,
    interfaces::{ComputeRegistry, Token},
    map::Map,
    revert::{add, require, sub, Result},
    roles::{
        COMPUTE_POOL_ROLE, DEFAULT_ADMIN_ROLE, FEDERATOR_ROLE, PRIME_ROLE, REWARDS_MANAGER_ROLE,
    },
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageU256},
};

use crate::{
    events::RewardsClaimed,
    index::{self, Global},
};

/// How the global index grows.
pub trait RateMode: 'static {
    /// `true`: by `dt * rate` (per compute unit); `false`: by `dt * rate / totalCompute`.
    const FIXED: bool;
}

/// `RewardsDistributor`: the rate is shared pro rata by compute units.
pub struct SharedRate;

impl RateMode for SharedRate {
    const FIXED: bool = false;
}

/// `RewardsDistributorFixed`: the rate is per compute unit.
pub struct FixedRate;

impl RateMode for FixedRate {
    const FIXED: bool = true;
}

/// Per-node state: the reference's `NodeDataInternal` plus the tracked membership.
#[storage]
pub struct NodeData {
    node_reward_index: StorageU256,
    unclaimed_rewards: StorageU256,
    /// Compute units recorded at `joinPool` (the registry's value; it never changes).
    compute_units: StorageU256,
    in_pool: StorageBool,
}

/// Time-based distributor storage and router.
#[storage]
pub struct TimeBasedDistributor<M: RateMode> {
    pub(crate) access: AccessControlEnumerable,
    compute_pool: StorageAddress,
    compute_registry: StorageAddress,
    pool_id: StorageU256,
    reward_token: StorageAddress,
    reward_rate_per_second: StorageU256,
    global_reward_index: StorageU256,
    last_update_time: StorageU256,
    end_time: StorageU256,
    nodes: Map<Address, NodeData>,
    /// The pool's total compute, tracked from `joinPool`/`leavePool`.
    total_compute: StorageU256,
    mode: PhantomData<M>,
}

// SAFETY: the router type of the program; the whole state starts at slot 0.
unsafe impl<M: RateMode> TopLevelStorage for TimeBasedDistributor<M> {}

// What `#[borrow]` would generate, which the SDK's macro cannot for a generic type.
impl<M: RateMode> core::borrow::Borrow<AccessControlEnumerable> for TimeBasedDistributor<M> {
    fn borrow(&self) -> &AccessControlEnumerable {
        &self.access
    }
}

impl<M: RateMode> core::borrow::BorrowMut<AccessControlEnumerable> for TimeBasedDistributor<M> {
    fn borrow_mut(&mut self) -> &mut AccessControlEnumerable {
        &mut self.access
    }
}

impl<M: RateMode> TimeBasedDistributor<M> {
    fn sender(&self) -> Address {
        self.vm().msg_sender()
    }

    fn now(&self) -> U256 {
        U256::from(self.vm().block_timestamp())
    }

    fn only_role(&self, role: B256) -> Result<()> {
        self.access.only_role(role)
    }

    fn global(&self) -> Global {
        Global {
            rate: self.reward_rate_per_second.get(),
            index: self.global_reward_index.get(),
            last_update: self.last_update_time.get(),
            end_time: self.end_time.get(),
            total_compute: self.total_compute.get(),
        }
    }

    /// `_updateGlobalIndex()` at `now`; returns the (new) global index.
    fn update(&mut self, now: U256) -> Result<U256> {
        let old = self.global();
        let mut g = old;
        index::update(&mut g, now, M::FIXED)?;
        if g.index != old.index {
            self.global_reward_index.set(g.index);
        }
        if g.last_update != old.last_update {
            self.last_update_time.set(g.last_update);
        }
        Ok(g.index)
    }

    /// The pool's total compute as tracked here.
    pub fn total_compute(&self) -> U256 {
        self.total_compute.get()
    }

    /// `setRewardRate` at `now`.
    pub fn set_reward_rate_at(&mut self, new_rate: U256, now: U256) -> Result<()> {
        self.only_role(REWARDS_MANAGER_ROLE)?;
        self.update(now)?;
        self.reward_rate_per_second.set(new_rate);
        Ok(())
    }

    /// `joinPool` at `now`.
    pub fn join_pool_at(&mut self, node: Address, now: U256) -> Result<()> {
        self.only_role(COMPUTE_POOL_ROLE)?;
        let compute_units =
            ComputeRegistry(self.compute_registry.get()).get_node_compute_units(node)?;
        let global = self.update(now)?;
        let mut total = self.total_compute.get();
        let mut entry = self.nodes.setter(node);
        if entry.in_pool.get() {
            total = sub(total, entry.compute_units.get())?;
        }
        // Also after the end (the reference returns early there, leaving a stale index that
        // a later claim would pay out against): the index is frozen then, so this accrues 0.
        entry.node_reward_index.set(global);
        entry.compute_units.set(compute_units);
        entry.in_pool.set(true);
        self.total_compute.set(add(total, compute_units)?);
        Ok(())
    }

    /// `leavePool` at `now`. Only a member is credited: a node that already left (index
    /// reset to 0, compute units kept) would otherwise be credited `index * cu` again.
    pub fn leave_pool_at(&mut self, node: Address, now: U256) -> Result<()> {
        self.only_role(COMPUTE_POOL_ROLE)?;
        let global = self.update(now)?;
        let total = self.total_compute.get();
        let mut entry = self.nodes.setter(node);
        if !entry.in_pool.get() {
            return Ok(());
        }
        let compute_units = entry.compute_units.get();
        let accrued = index::accrued(global, entry.node_reward_index.get(), compute_units)?;
        let unclaimed = add(entry.unclaimed_rewards.get(), accrued)?;
        entry.unclaimed_rewards.set(unclaimed);
        entry.node_reward_index.set(U256::ZERO);
        entry.in_pool.set(false);
        self.total_compute.set(sub(total, compute_units)?);
        Ok(())
    }

    /// `claimRewards` at `now`.
    pub fn claim_rewards_at(&mut self, node: Address, now: U256) -> Result<()> {
        let global = self.update(now)?;
        let sender = self.sender();
        let provider = ComputeRegistry(self.compute_registry.get()).get_node_provider(node)?;
        require(sender == provider, "Unauthorized")?;
        let mut entry = self.nodes.setter(node);
        let mut pay = entry.unclaimed_rewards.get();
        if entry.in_pool.get() {
            pay = add(
                pay,
                index::accrued(
                    global,
                    entry.node_reward_index.get(),
                    entry.compute_units.get(),
                )?,
            )?;
            entry.node_reward_index.set(global);
        }
        entry.unclaimed_rewards.set(U256::ZERO);
        Token(self.reward_token.get()).transfer(sender, pay)?;
        crate::events::emit(RewardsClaimed {
            poolId: self.pool_id.get(),
            provider: sender,
            nodekey: node,
            reward: pay,
        });
        Ok(())
    }

    /// `calculateRewards` at `now`: `(pending, 0)`.
    pub fn calculate_rewards_at(&self, node: Address, now: U256) -> Result<(U256, U256)> {
        let entry = self.nodes.getter(node);
        let unclaimed = entry.unclaimed_rewards.get();
        let in_pool = entry.in_pool.get();
        if !in_pool && unclaimed.is_zero() {
            return Ok((U256::ZERO, U256::ZERO));
        }
        let mut pending = unclaimed;
        if in_pool {
            let hypothetical = index::hypothetical(&self.global(), now, M::FIXED)?;
            pending = add(
                pending,
                index::accrued(
                    hypothetical,
                    entry.node_reward_index.get(),
                    entry.compute_units.get(),
                )?,
            )?;
        }
        Ok((pending, U256::ZERO))
    }

    /// `endRewards` at `now`.
    pub fn end_rewards_at(&mut self, now: U256) -> Result<()> {
        self.only_role(COMPUTE_POOL_ROLE)?;
        self.update(now)?;
        self.end_time.set(now);
        Ok(())
    }
}

#[public]
#[inherit(AccessControlEnumerable)]
impl<M: RateMode> TimeBasedDistributor<M> {
    /// Initialises the distributor (the factory calls it on each fresh clone, in the same
    /// transaction). Same arguments and roles as the work-submission distributor: the
    /// reference's `(computePool, computeRegistry, poolId)` plus the token and rewards
    /// manager it would ask the pool and PrimeNetwork for, and an explicit admin.
    /// `lastUpdateTime` starts at the block time.
    #[constructor]
    pub fn constructor(
        &mut self,
        compute_pool: Address,
        compute_registry: Address,
        pool_id: U256,
        reward_token: Address,
        rewards_manager: Address,
        admin: Address,
    ) {
        self.compute_pool.set(compute_pool);
        self.compute_registry.set(compute_registry);
        self.pool_id.set(pool_id);
        self.reward_token.set(reward_token);
        self.access.grant(COMPUTE_POOL_ROLE, compute_pool);
        self.access.grant(DEFAULT_ADMIN_ROLE, admin);
        self.access.grant(REWARDS_MANAGER_ROLE, rewards_manager);
        let now = self.now();
        self.last_update_time.set(now);
    }

    // --- constants and getters ---

    /// `PRIME_ROLE()`.
    #[selector(name = "PRIME_ROLE")]
    pub fn prime_role(&self) -> B256 {
        PRIME_ROLE
    }

    /// `FEDERATOR_ROLE()`.
    #[selector(name = "FEDERATOR_ROLE")]
    pub fn federator_role(&self) -> B256 {
        FEDERATOR_ROLE
    }

    /// `REWARDS_MANAGER_ROLE()`.
    #[selector(name = "REWARDS_MANAGER_ROLE")]
    pub fn rewards_manager_role(&self) -> B256 {
        REWARDS_MANAGER_ROLE
    }

    /// `COMPUTE_POOL_ROLE()`.
    #[selector(name = "COMPUTE_POOL_ROLE")]
    pub fn compute_pool_role(&self) -> B256 {
        COMPUTE_POOL_ROLE
    }

    /// The pool this distributor serves.
    pub fn compute_pool(&self) -> Address {
        self.compute_pool.get()
    }

    /// The registry providers and compute units are read from.
    pub fn compute_registry(&self) -> Address {
        self.compute_registry.get()
    }

    /// The pool's id.
    pub fn pool_id(&self) -> U256 {
        self.pool_id.get()
    }

    /// The token rewards are paid in.
    pub fn reward_token(&self) -> Address {
        self.reward_token.get()
    }

    /// `rewardRatePerSecond`.
    pub fn reward_rate_per_second(&self) -> U256 {
        self.reward_rate_per_second.get()
    }

    /// `globalRewardIndex`.
    pub fn global_reward_index(&self) -> U256 {
        self.global_reward_index.get()
    }

    /// `lastUpdateTime`.
    pub fn last_update_time(&self) -> U256 {
        self.last_update_time.get()
    }

    /// `endTime` (0 while running).
    pub fn end_time(&self) -> U256 {
        self.end_time.get()
    }

    // --- rewards ---

    /// Updates the index, then sets the rate (REWARDS_MANAGER_ROLE; any number of times).
    pub fn set_reward_rate(&mut self, new_rate: U256) -> Result<()> {
        let now = self.now();
        self.set_reward_rate_at(new_rate, now)
    }

    /// The rate per second.
    pub fn get_reward_rate(&self) -> U256 {
        self.reward_rate_per_second.get()
    }

    /// A node joined the pool (COMPUTE_POOL_ROLE).
    pub fn join_pool(&mut self, node: Address) -> Result<()> {
        let now = self.now();
        self.join_pool_at(node, now)
    }

    /// A node left the pool (COMPUTE_POOL_ROLE): its accrual moves to its unclaimed rewards.
    pub fn leave_pool(&mut self, node: Address) -> Result<()> {
        let now = self.now();
        self.leave_pool_at(node, now)
    }

    /// Pays the node's provider everything accrued (even 0) and emits `RewardsClaimed`.
    pub fn claim_rewards(&mut self, node: Address) -> Result<()> {
        let now = self.now();
        self.claim_rewards_at(node, now)
    }

    /// `(pending, 0)` for `node` as of now.
    pub fn calculate_rewards(&self, node: Address) -> Result<(U256, U256)> {
        self.calculate_rewards_at(node, self.now())
    }

    /// `(computeUnits, nodeRewardIndex, unclaimedRewards, isActive)`; the compute units are
    /// the registry's.
    pub fn node_info(&self, node: Address) -> Result<(U256, U256, U256, bool)> {
        let compute_units =
            ComputeRegistry(self.compute_registry.get()).get_node_compute_units(node)?;
        let entry = self.nodes.getter(node);
        Ok((
            compute_units,
            entry.node_reward_index.get(),
            entry.unclaimed_rewards.get(),
            entry.in_pool.get(),
        ))
    }

    /// COMPUTE_POOL_ROLE check only; otherwise nothing (as the reference).
    pub fn slash_pending_rewards(&self, _node: Address) -> Result<()> {
        self.only_role(COMPUTE_POOL_ROLE)
    }

    /// Updates the index, then ends accrual (COMPUTE_POOL_ROLE).
    pub fn end_rewards(&mut self) -> Result<()> {
        let now = self.now();
        self.end_rewards_at(now)
    }

    /// No-op (no role check), as the reference.
    pub fn submit_work(_node: Address, _work_units: U256) {}

    /// No-op (no role check), as the reference.
    pub fn remove_work(_node: Address, _work_units: U256) {}
}
