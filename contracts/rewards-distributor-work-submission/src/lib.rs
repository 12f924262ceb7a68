//! `RewardsDistributorWorkSubmission` (spec §3.6, math §8.1): the production rewards
//! distributor, one per compute pool. Work units submitted through the pool are booked in a
//! 24 x 1 h ring buffer per node and become claimable (`units * rate` tokens) once their
//! bucket rotates out of the window.
//!
//! Differences from the reference (docs/divergences/rewards-distributor-work-submission.md):
//! * it never calls ComputePool (Stylus reverts on re-entry, and the pool is on the stack
//!   whenever it calls us): the token and the rewards manager come from the initialiser,
//!   and pool membership is tracked from `joinPool`/`leavePool`, which the pool calls on
//!   every add and remove, so `submitWork`'s "Node not in pool" check and `nodeInfo`'s
//!   `isActive` need no call back;
//! * it is deployed as an EIP-1167 clone by the factory, initialised by its constructor in
//!   the same transaction, with an explicit admin.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, B256, U256};
use distributor_common::{
    events::{emit, PendingRewardsSlashed, RewardsClaimed},
    ring::{self, NodeBuckets, BUCKET_DURATION, NUM_BUCKETS},
};
use prime_common::{
    access::AccessControlEnumerable,
    interfaces::{ComputeRegistry, Token},
    map::Map,
    revert::{mul, require, Result},
    roles::{
        COMPUTE_POOL_ROLE, DEFAULT_ADMIN_ROLE, FEDERATOR_ROLE, PRIME_ROLE, REWARDS_MANAGER_ROLE,
    },
};
use stylus_sdk::{
    prelude::*,
    storage::{StorageAddress, StorageBool, StorageU256},
};

/// `RewardsDistributorWorkSubmission` storage.
#[entrypoint]
#[storage]
pub struct RewardsDistributorWorkSubmission {
    #[borrow]
    access: AccessControlEnumerable,
    compute_pool: StorageAddress,
    compute_registry: StorageAddress,
    pool_id: StorageU256,
    reward_token: StorageAddress,
    reward_rate_per_unit: StorageU256,
    end_time: StorageU256,
    node_buckets: Map<Address, NodeBuckets>,
    /// Pool membership as the pool reports it through `joinPool`/`leavePool`.
    in_pool: Map<Address, StorageBool>,
}

/// A ring-buffer operation (spec §8.1).
#[derive(Clone, Copy)]
enum Op {
    Join,
    Roll,
    Submit(U256),
    Remove(U256),
    Claim,
    Slash,
}

impl RewardsDistributorWorkSubmission {
    fn sender(&self) -> Address {
        self.vm().msg_sender()
    }

    fn now(&self) -> u64 {
        self.vm().block_timestamp()
    }

    fn only_role(&self, role: B256) -> Result<()> {
        self.access.only_role(role)
    }

    /// Applies `op` to `node`'s ring buffer at `now` and writes back what changed. One
    /// non-generic function (not a closure per operation) keeps the program small.
    fn apply(&mut self, node: Address, op: Op, now: u64) -> Result<U256> {
        let mut entry = self.node_buckets.setter(node);
        let old = entry.window();
        let mut w = old;
        let b = &mut entry.buckets;
        let result = match op {
            Op::Join => {
                ring::join(&mut w, now);
                U256::ZERO
            }
            Op::Roll => {
                ring::roll(&mut w, b, now)?;
                U256::ZERO
            }
            Op::Submit(units) => {
                ring::submit(&mut w, b, units, now)?;
                U256::ZERO
            }
            Op::Remove(units) => {
                ring::remove_work(&mut w, b, units, now)?;
                U256::ZERO
            }
            Op::Claim => ring::claim(&mut w, b, now)?,
            Op::Slash => ring::slash(&mut w, b, now)?,
        };
        entry.store(&old, &w);
        Ok(result)
    }

    fn node_provider(&self, node: Address) -> Result<Address> {
        ComputeRegistry(self.compute_registry.get()).get_node_provider(node)
    }

    /// `submitWork` at time `now`.
    pub fn submit_work_at(&mut self, node: Address, work_units: U256, now: u64) -> Result<()> {
        self.only_role(COMPUTE_POOL_ROLE)?;
        require(self.end_time.get().is_zero(), "Rewards have ended")?;
        require(self.in_pool.get(node), "Node not in pool")?;
        self.apply(node, Op::Submit(work_units), now)?;
        Ok(())
    }

    /// `claimRewards` at time `now`.
    pub fn claim_rewards_at(&mut self, node: Address, now: u64) -> Result<()> {
        let rate = self.reward_rate_per_unit.get();
        require(!rate.is_zero(), "Rate not set")?;
        let sender = self.sender();
        require(sender == self.node_provider(node)?, "Unauthorized")?;
        let claimable = self.apply(node, Op::Claim, now)?;
        if claimable.is_zero() {
            return Ok(());
        }
        let tokens = mul(claimable, rate)?;
        let token = Token(self.reward_token.get());
        // The reference checks the balance first ("Insufficient tokens"), then transfers.
        // Transferring first and reading the balance only when the transfer fails gives the
        // same outcome with one program entry (the token's) on the paying path.
        if let Err(failed) = token.transfer(sender, tokens) {
            let balance = token.balance_of(self.vm().contract_address())?;
            require(tokens <= balance, "Insufficient tokens")?;
            return Err(failed);
        }
        emit(RewardsClaimed {
            poolId: self.pool_id.get(),
            provider: sender,
            nodekey: node,
            reward: tokens,
        });
        Ok(())
    }

    /// `slashPendingRewards` at time `now`.
    pub fn slash_pending_rewards_at(&mut self, node: Address, now: u64) -> Result<()> {
        let sender = self.sender();
        require(
            self.access.has_role(REWARDS_MANAGER_ROLE, sender)
                || self.access.has_role(COMPUTE_POOL_ROLE, sender),
            "Unauthorized",
        )?;
        let pending = self.apply(node, Op::Slash, now)?;
        if pending.is_zero() {
            return Ok(());
        }
        let provider = self.node_provider(node)?;
        let slashed_amount = mul(pending, self.reward_rate_per_unit.get())?;
        emit(PendingRewardsSlashed {
            poolId: self.pool_id.get(),
            provider,
            node,
            slashedAmount: slashed_amount,
        });
        Ok(())
    }

    /// `calculateRewards` at time `now`: `(claimable, locked)` tokens.
    pub fn calculate_rewards_at(&self, node: Address, now: u64) -> Result<(U256, U256)> {
        let rate = self.reward_rate_per_unit.get();
        require(!rate.is_zero(), "Rate not set")?;
        let entry = self.node_buckets.getter(node);
        let (claimable, locked) = ring::simulate(&entry.window(), &entry.buckets, now)?;
        Ok((mul(claimable, rate)?, mul(locked, rate)?))
    }

    /// `joinPool` at time `now`.
    pub fn join_pool_at(&mut self, node: Address, now: u64) -> Result<()> {
        self.only_role(COMPUTE_POOL_ROLE)?;
        self.in_pool.setter(node).set(true);
        self.apply(node, Op::Join, now)?;
        Ok(())
    }

    /// `leavePool` at time `now`.
    pub fn leave_pool_at(&mut self, node: Address, now: u64) -> Result<()> {
        self.only_role(COMPUTE_POOL_ROLE)?;
        self.in_pool.setter(node).set(false);
        self.apply(node, Op::Roll, now)?;
        Ok(())
    }

    /// `endRewards` at time `now`.
    pub fn end_rewards_at(&mut self, now: u64) -> Result<()> {
        self.only_role(COMPUTE_POOL_ROLE)?;
        require(self.end_time.get().is_zero(), "Already ended")?;
        self.end_time.set(U256::from(now));
        Ok(())
    }

    /// `removeWork` at time `now`.
    pub fn remove_work_at(&mut self, node: Address, work_units: U256, now: u64) -> Result<()> {
        self.only_role(COMPUTE_POOL_ROLE)?;
        self.apply(node, Op::Remove(work_units), now)?;
        Ok(())
    }
}

#[public]
#[inherit(AccessControlEnumerable)]
impl RewardsDistributorWorkSubmission {
    /// Initialises the distributor (the factory calls it on each fresh clone, in the same
    /// transaction). The reference constructor takes `(computePool, computeRegistry, poolId)`
    /// and asks the pool and PrimeNetwork for the token and the federator; here the factory
    /// passes them (no call back into the pool), and the admin is explicit (the reference:
    /// msg.sender, i.e. the factory). Grants COMPUTE_POOL_ROLE to the pool, DEFAULT_ADMIN_ROLE
    /// to `admin` and REWARDS_MANAGER_ROLE to `rewards_manager`, in the reference's order.
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
    }

    // --- constants ---

    /// `NUM_BUCKETS()` = 24.
    #[selector(name = "NUM_BUCKETS")]
    pub fn num_buckets(&self) -> U256 {
        U256::from(NUM_BUCKETS)
    }

    /// `BUCKET_DURATION()` = 3600.
    #[selector(name = "BUCKET_DURATION")]
    pub fn bucket_duration(&self) -> U256 {
        U256::from(BUCKET_DURATION)
    }

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

    // --- wiring ---

    /// The pool this distributor serves.
    pub fn compute_pool(&self) -> Address {
        self.compute_pool.get()
    }

    /// The registry providers are looked up in.
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

    // --- rewards ---

    /// Books `work_units` for `node` (COMPUTE_POOL_ROLE). The pool checks membership,
    /// ownership and the validator's verdict before calling.
    pub fn submit_work(&mut self, node: Address, work_units: U256) -> Result<()> {
        let now = self.now();
        self.submit_work_at(node, work_units, now)
    }

    /// Pays the node's provider everything unlocked and not yet claimed; returns silently
    /// when there is nothing to pay.
    pub fn claim_rewards(&mut self, node: Address) -> Result<()> {
        let now = self.now();
        self.claim_rewards_at(node, now)
    }

    /// Forfeits the node's locked window (REWARDS_MANAGER_ROLE or COMPUTE_POOL_ROLE).
    pub fn slash_pending_rewards(&mut self, node: Address) -> Result<()> {
        let now = self.now();
        self.slash_pending_rewards_at(node, now)
    }

    /// `(claimable, locked)` tokens of `node`, as if the buckets were rolled now.
    pub fn calculate_rewards(&self, node: Address) -> Result<(U256, U256)> {
        self.calculate_rewards_at(node, self.now())
    }

    /// The stored (un-rolled) `totalLast24H`, `totalAllSubmissions`, `lastClaimed`, and
    /// whether the node is in the pool.
    pub fn node_info(&self, node: Address) -> (U256, U256, U256, bool) {
        let w = self.node_buckets.getter(node).window();
        (
            w.last24,
            w.total_all,
            w.last_claimed,
            self.in_pool.get(node),
        )
    }

    /// Sets the reward per work unit, once (REWARDS_MANAGER_ROLE).
    pub fn set_reward_rate(&mut self, new_rate: U256) -> Result<()> {
        self.only_role(REWARDS_MANAGER_ROLE)?;
        require(
            self.reward_rate_per_unit.get().is_zero(),
            "Rate can only be set once",
        )?;
        self.reward_rate_per_unit.set(new_rate);
        Ok(())
    }

    /// The reward per work unit.
    pub fn get_reward_rate(&self) -> U256 {
        self.reward_rate_per_unit.get()
    }

    /// A node joined the pool (COMPUTE_POOL_ROLE).
    pub fn join_pool(&mut self, node: Address) -> Result<()> {
        let now = self.now();
        self.join_pool_at(node, now)
    }

    /// A node left the pool (COMPUTE_POOL_ROLE).
    pub fn leave_pool(&mut self, node: Address) -> Result<()> {
        let now = self.now();
        self.leave_pool_at(node, now)
    }

    /// The pool ended (COMPUTE_POOL_ROLE): no more submissions; claims continue.
    pub fn end_rewards(&mut self) -> Result<()> {
        let now = self.now();
        self.end_rewards_at(now)
    }

    /// Soft slash: removes up to `work_units` of locked work, oldest first (COMPUTE_POOL_ROLE).
    pub fn remove_work(&mut self, node: Address, work_units: U256) -> Result<()> {
        let now = self.now();
        self.remove_work_at(node, work_units, now)
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
