//! The time-based rewards distributor, shared by `RewardsDistributor` (§3.7, §8.2: a rate
//! per second shared pro rata by compute units) and `RewardsDistributorFixed` (§3.8, §8.3:
//! a rate per second per compute unit); the including crate defines `FIXED`.
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

use alloy_primitives::{aliases::B32, Address, B256, U256};
use distributor_common::{
    events::RewardsClaimed,
    index::{self, Global},
    interfaces::{IRegistryView, IRewardToken},
    revert::{add, require, sub},
    roles::EnumerableRoles,
};
use prime_common::roles::{
    COMPUTE_POOL_ROLE, DEFAULT_ADMIN_ROLE, FEDERATOR_ROLE, PRIME_ROLE, REWARDS_MANAGER_ROLE,
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageMap, StorageU256},
};

use crate::FIXED;

/// Per-node state: the reference's `NodeDataInternal` plus the tracked membership.
#[storage]
pub struct NodeData {
    node_reward_index: StorageU256,
    unclaimed_rewards: StorageU256,
    /// Compute units recorded at `joinPool` (the registry's value; it never changes).
    compute_units: StorageU256,
    in_pool: StorageBool,
}

/// Time-based distributor storage.
#[entrypoint]
#[storage]
pub struct Distributor {
    roles: EnumerableRoles,
    compute_pool: StorageAddress,
    compute_registry: StorageAddress,
    pool_id: StorageU256,
    reward_token: StorageAddress,
    reward_rate_per_second: StorageU256,
    global_reward_index: StorageU256,
    last_update_time: StorageU256,
    end_time: StorageU256,
    nodes: StorageMap<Address, NodeData>,
    /// The pool's total compute, tracked from `joinPool`/`leavePool`.
    total_compute: StorageU256,
}

impl Distributor {
    fn sender(&self) -> Address {
        self.vm().msg_sender()
    }

    fn now(&self) -> U256 {
        U256::from(self.vm().block_timestamp())
    }

    fn only_role(&self, role: [u8; 32]) -> Result<(), Vec<u8>> {
        self.roles.check(role.into(), self.sender())
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
    fn update(&mut self, now: U256) -> Result<U256, Vec<u8>> {
        let old = self.global();
        let mut g = old;
        index::update(&mut g, now, FIXED)?;
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
    pub fn set_reward_rate_at(&mut self, new_rate: U256, now: U256) -> Result<(), Vec<u8>> {
        self.only_role(REWARDS_MANAGER_ROLE)?;
        self.update(now)?;
        self.reward_rate_per_second.set(new_rate);
        Ok(())
    }

    /// `joinPool` at `now`.
    pub fn join_pool_at(&mut self, node: Address, now: U256) -> Result<(), Vec<u8>> {
        self.only_role(COMPUTE_POOL_ROLE)?;
        let compute_units =
            IRegistryView::new(self.compute_registry.get()).get_node_compute_units(&*self, node)?;
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

    /// `leavePool` at `now`.
    pub fn leave_pool_at(&mut self, node: Address, now: U256) -> Result<(), Vec<u8>> {
        self.only_role(COMPUTE_POOL_ROLE)?;
        let global = self.update(now)?;
        let total = self.total_compute.get();
        let mut entry = self.nodes.setter(node);
        let compute_units = entry.compute_units.get();
        let accrued = index::accrued(global, entry.node_reward_index.get(), compute_units)?;
        let unclaimed = add(entry.unclaimed_rewards.get(), accrued)?;
        entry.unclaimed_rewards.set(unclaimed);
        entry.node_reward_index.set(U256::ZERO);
        if entry.in_pool.get() {
            entry.in_pool.set(false);
            self.total_compute.set(sub(total, compute_units)?);
        }
        Ok(())
    }

    /// `claimRewards` at `now`.
    pub fn claim_rewards_at(&mut self, node: Address, now: U256) -> Result<(), Vec<u8>> {
        let global = self.update(now)?;
        let sender = self.sender();
        let provider =
            IRegistryView::new(self.compute_registry.get()).get_node_provider(&*self, node)?;
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
        IRewardToken::new(self.reward_token.get()).transfer(&mut *self, sender, pay)?;
        log(
            self.vm(),
            RewardsClaimed {
                poolId: self.pool_id.get(),
                provider: sender,
                nodekey: node,
                reward: pay,
            },
        );
        Ok(())
    }

    /// `calculateRewards` at `now`: `(pending, 0)`.
    pub fn calculate_rewards_at(&self, node: Address, now: U256) -> Result<(U256, U256), Vec<u8>> {
        let entry = self.nodes.getter(node);
        let unclaimed = entry.unclaimed_rewards.get();
        let in_pool = entry.in_pool.get();
        if !in_pool && unclaimed.is_zero() {
            return Ok((U256::ZERO, U256::ZERO));
        }
        let mut pending = unclaimed;
        if in_pool {
            let hypothetical = index::hypothetical(&self.global(), now, FIXED)?;
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
    pub fn end_rewards_at(&mut self, now: U256) -> Result<(), Vec<u8>> {
        self.only_role(COMPUTE_POOL_ROLE)?;
        self.update(now)?;
        self.end_time.set(now);
        Ok(())
    }
}

#[public]
impl Distributor {
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
        self.roles.grant(COMPUTE_POOL_ROLE.into(), compute_pool);
        self.roles.grant(DEFAULT_ADMIN_ROLE.into(), admin);
        self.roles
            .grant(REWARDS_MANAGER_ROLE.into(), rewards_manager);
        let now = self.now();
        self.last_update_time.set(now);
    }

    // --- constants and getters ---

    /// `DEFAULT_ADMIN_ROLE()`.
    #[selector(name = "DEFAULT_ADMIN_ROLE")]
    pub fn default_admin_role(&self) -> B256 {
        DEFAULT_ADMIN_ROLE.into()
    }

    /// `PRIME_ROLE()`.
    #[selector(name = "PRIME_ROLE")]
    pub fn prime_role(&self) -> B256 {
        PRIME_ROLE.into()
    }

    /// `FEDERATOR_ROLE()`.
    #[selector(name = "FEDERATOR_ROLE")]
    pub fn federator_role(&self) -> B256 {
        FEDERATOR_ROLE.into()
    }

    /// `REWARDS_MANAGER_ROLE()`.
    #[selector(name = "REWARDS_MANAGER_ROLE")]
    pub fn rewards_manager_role(&self) -> B256 {
        REWARDS_MANAGER_ROLE.into()
    }

    /// `COMPUTE_POOL_ROLE()`.
    #[selector(name = "COMPUTE_POOL_ROLE")]
    pub fn compute_pool_role(&self) -> B256 {
        COMPUTE_POOL_ROLE.into()
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
    pub fn set_reward_rate(&mut self, new_rate: U256) -> Result<(), Vec<u8>> {
        let now = self.now();
        self.set_reward_rate_at(new_rate, now)
    }

    /// The rate per second.
    pub fn get_reward_rate(&self) -> U256 {
        self.reward_rate_per_second.get()
    }

    /// A node joined the pool (COMPUTE_POOL_ROLE).
    pub fn join_pool(&mut self, node: Address) -> Result<(), Vec<u8>> {
        let now = self.now();
        self.join_pool_at(node, now)
    }

    /// A node left the pool (COMPUTE_POOL_ROLE): its accrual moves to its unclaimed rewards.
    pub fn leave_pool(&mut self, node: Address) -> Result<(), Vec<u8>> {
        let now = self.now();
        self.leave_pool_at(node, now)
    }

    /// Pays the node's provider everything accrued (even 0) and emits `RewardsClaimed`.
    pub fn claim_rewards(&mut self, node: Address) -> Result<(), Vec<u8>> {
        let now = self.now();
        self.claim_rewards_at(node, now)
    }

    /// `(pending, 0)` for `node` as of now.
    pub fn calculate_rewards(&self, node: Address) -> Result<(U256, U256), Vec<u8>> {
        self.calculate_rewards_at(node, self.now())
    }

    /// `(computeUnits, nodeRewardIndex, unclaimedRewards, isActive)`; the compute units are
    /// the registry's.
    pub fn node_info(&self, node: Address) -> Result<(U256, U256, U256, bool), Vec<u8>> {
        let compute_units =
            IRegistryView::new(self.compute_registry.get()).get_node_compute_units(self, node)?;
        let entry = self.nodes.getter(node);
        Ok((
            compute_units,
            entry.node_reward_index.get(),
            entry.unclaimed_rewards.get(),
            entry.in_pool.get(),
        ))
    }

    /// COMPUTE_POOL_ROLE check only; otherwise nothing (as the reference).
    pub fn slash_pending_rewards(&self, _node: Address) -> Result<(), Vec<u8>> {
        self.only_role(COMPUTE_POOL_ROLE)
    }

    /// Updates the index, then ends accrual (COMPUTE_POOL_ROLE).
    pub fn end_rewards(&mut self) -> Result<(), Vec<u8>> {
        let now = self.now();
        self.end_rewards_at(now)
    }

    /// No-op (no role check), as the reference.
    pub fn submit_work(_node: Address, _work_units: U256) {}

    /// No-op (no role check), as the reference.
    pub fn remove_work(_node: Address, _work_units: U256) {}

    // --- AccessControlEnumerable ---

    /// Whether `account` holds `role`.
    pub fn has_role(&self, role: B256, account: Address) -> bool {
        self.roles.has_role(role, account)
    }

    /// The admin role of `role`.
    pub fn get_role_admin(&self, role: B256) -> B256 {
        self.roles.get_role_admin(role)
    }

    /// Grants `role` (caller needs its admin role).
    pub fn grant_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        let sender = self.sender();
        self.roles.grant_role(role, account, sender)
    }

    /// Revokes `role` (caller needs its admin role).
    pub fn revoke_role(&mut self, role: B256, account: Address) -> Result<(), Vec<u8>> {
        let sender = self.sender();
        self.roles.revoke_role(role, account, sender)
    }

    /// Gives up `role`; `caller_confirmation` must be the caller.
    pub fn renounce_role(
        &mut self,
        role: B256,
        caller_confirmation: Address,
    ) -> Result<(), Vec<u8>> {
        let sender = self.sender();
        self.roles.renounce_role(role, caller_confirmation, sender)
    }

    /// The `index`-th holder of `role` (Panic 0x32 out of range).
    pub fn get_role_member(&self, role: B256, index: U256) -> Result<Address, Vec<u8>> {
        self.roles.get_role_member(role, index)
    }

    /// How many accounts hold `role`.
    pub fn get_role_member_count(&self, role: B256) -> U256 {
        self.roles.get_role_member_count(role)
    }

    /// All holders of `role`.
    pub fn get_role_members(&self, role: B256) -> Vec<Address> {
        self.roles.get_role_members(role)
    }

    /// ERC-165: ERC-165, IAccessControl, IAccessControlEnumerable.
    pub fn supports_interface(&self, interface_id: B32) -> bool {
        EnumerableRoles::supports_interface(interface_id)
    }
}

// no_std on chain: a panic is a trap, which Stylus turns into a revert without data.
#[cfg(all(target_arch = "wasm32", not(any(test, feature = "export-abi"))))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}
