//! `StakeManager` of the reference (spec §3.2, §9): holds the staked AI tokens, keeps each
//! staker's unbonding queue (at most 10 pending entries, merge rule, rebond, withdraw after
//! the period) and slashes locked unbonds before stake. Only PrimeNetwork (PRIME_ROLE) moves
//! stake; stakers call `withdraw` themselves.
//!
//! The ledger and queue logic lives in [`queue`] as pure functions taking `now`; this file
//! is the storage, the role checks, the token transfers and the events.
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]
#![cfg_attr(not(any(test, feature = "export-abi")), no_std)]
extern crate alloc;

pub mod abi;
pub mod queue;

use alloc::{vec, vec::Vec};
use alloy_primitives::{Address, B256, U256, U64};
use alloy_sol_types::sol;
use prime_common::{
    access::AccessControlEnumerable,
    interfaces::Token,
    log::emit,
    map::Map,
    revert::{Result, Revert, PANIC_ARITHMETIC},
    roles::{DEFAULT_ADMIN_ROLE, PRIME_ROLE},
};
use queue::{Book, Fail, Note};
use stylus_sdk::{
    abi::Bytes,
    prelude::*,
    storage::{StorageAddress, StorageU256, StorageU64},
};

sol! {
    /// `IStakeManager.Unbond`: `amount` matures at `timestamp`.
    #[derive(Debug, PartialEq, Eq)]
    struct Unbond {
        uint256 amount;
        uint256 timestamp;
    }

    /// `Stake(address staker, uint256 amount)`.
    #[cfg_attr(test, derive(Debug))]
    event Stake(address staker, uint256 amount);
    /// `Unstake(address staker, uint256 amount, uint256 index)`; `index` is absolute.
    #[cfg_attr(test, derive(Debug))]
    event Unstake(address staker, uint256 amount, uint256 index);
    /// `Withdraw(address staker, uint256 amount)`.
    #[cfg_attr(test, derive(Debug))]
    event Withdraw(address staker, uint256 amount);
    /// `Slashed(address staker, uint256 amount, bytes reason)`.
    #[cfg_attr(test, derive(Debug))]
    event Slashed(address staker, uint256 amount, bytes reason);
    /// `Rebond(address staker, uint256 amount)`.
    #[cfg_attr(test, derive(Debug))]
    event Rebond(address staker, uint256 amount);
    /// `UpdateUnbondingPeriod(uint256 period)`.
    #[cfg_attr(test, derive(Debug))]
    event UpdateUnbondingPeriod(uint256 period);
    /// `StakeMinimumUpdate(uint256 minimum)`.
    #[cfg_attr(test, derive(Debug))]
    event StakeMinimumUpdate(uint256 minimum);
    /// `PendingBondRemoved(address staker, uint256 amount, uint256 index)`.
    #[cfg_attr(test, derive(Debug))]
    event PendingBondRemoved(address staker, uint256 amount, uint256 index);
    /// `PendingBondUpdated(address staker, uint256 amount, uint256 index, uint256 timestamp)`.
    #[cfg_attr(test, derive(Debug))]
    event PendingBondUpdated(address staker, uint256 amount, uint256 index, uint256 timestamp);
}

/// One stored unbond entry, in one slot when it fits: every unstake that opens an entry
/// writes one fresh slot instead of two (22,100 gas less), and every read loads one.
///
/// `head` with its top bit clear is the whole entry: the maturity in bits 192 to 254 and the
/// amount in bits 0 to 191 (a consumed entry is 0). An amount of 2^192 wei or more, or a
/// maturity of 2^63 s or more, sets the top bit and moves both to `amount` and `timestamp`.
#[storage]
pub struct StoredUnbond {
    head: StorageU256,
    amount: StorageU256,
    timestamp: StorageU256,
}

/// The top bit of `head`: the entry is in `amount` and `timestamp`.
const WIDE: U256 = U256::from_limbs([0, 0, 0, 1 << 63]);

impl StoredUnbond {
    fn read(&self) -> queue::Unbond {
        let head = self.head.get();
        if head & WIDE == WIDE {
            return queue::Unbond {
                amount: self.amount.get(),
                timestamp: self.timestamp.get(),
            };
        }
        queue::Unbond {
            amount: head & U256::from_limbs([u64::MAX, u64::MAX, u64::MAX, 0]),
            timestamp: head >> 192,
        }
    }

    fn write(&mut self, e: queue::Unbond) {
        let fits = e.amount.bit_len() <= 192 && e.timestamp.bit_len() <= 63;
        if fits {
            self.head.set((e.timestamp << 192) | e.amount);
        } else {
            self.head.set(WIDE);
            self.amount.set(e.amount);
            self.timestamp.set(e.timestamp);
        }
    }
}

/// A staker's queue: entries `[offset, len)` are pending. The length and the offset share
/// one slot: a withdrawal that moves the offset rewrites the slot the first unstake wrote,
/// instead of writing a fresh one (about 19,000 gas less per `withdraw`).
#[storage]
pub struct UnbondTracker {
    /// The reference's `unbonds.length`.
    len: StorageU64,
    /// The reference's `offset`.
    offset: StorageU64,
    /// The reference's `unbonds[i]`.
    entries: Map<U256, StoredUnbond>,
}

/// StakeManager storage (the reference's fields, same meaning).
#[entrypoint]
#[storage]
pub struct StakeManager {
    #[borrow]
    access: AccessControlEnumerable,
    ai_token: StorageAddress,
    stakes: Map<Address, StorageU256>,
    unbonds: Map<Address, UnbondTracker>,
    unbonding: Map<Address, StorageU256>,
    total_staked: StorageU256,
    total_unbonding: StorageU256,
    unbonding_period: StorageU256,
    stake_minimum: StorageU256,
}

impl Book for StakeManager {
    fn stake_of(&self, s: Address) -> U256 {
        self.stakes.get(s)
    }
    fn set_stake_of(&mut self, s: Address, v: U256) {
        self.stakes.insert(s, v);
    }
    fn unbonding_of(&self, s: Address) -> U256 {
        self.unbonding.get(s)
    }
    fn set_unbonding_of(&mut self, s: Address, v: U256) {
        self.unbonding.insert(s, v);
    }
    fn total_staked(&self) -> U256 {
        self.total_staked.get()
    }
    fn set_total_staked(&mut self, v: U256) {
        self.total_staked.set(v);
    }
    fn total_unbonding(&self) -> U256 {
        self.total_unbonding.get()
    }
    fn set_total_unbonding(&mut self, v: U256) {
        self.total_unbonding.set(v);
    }
    fn offset(&self, s: Address) -> usize {
        self.unbonds.getter(s).offset.get().as_limbs()[0] as usize
    }
    fn set_offset(&mut self, s: Address, v: usize) {
        self.unbonds.setter(s).offset.set(U64::from(v));
    }
    fn len(&self, s: Address) -> usize {
        self.unbonds.getter(s).len.get().as_limbs()[0] as usize
    }
    fn entry(&self, s: Address, i: usize) -> queue::Unbond {
        let tracker = self.unbonds.getter(s);
        if i >= tracker.len.get().as_limbs()[0] as usize {
            return queue::Unbond::default();
        }
        tracker.entries.getter(U256::from(i)).read()
    }
    fn set_entry(&mut self, s: Address, i: usize, e: queue::Unbond) {
        let mut tracker = self.unbonds.setter(s);
        if i < tracker.len.get().as_limbs()[0] as usize {
            tracker.entries.setter(U256::from(i)).write(e);
        }
    }
    fn push(&mut self, s: Address, e: queue::Unbond) {
        let mut tracker = self.unbonds.setter(s);
        let i = tracker.len.get().as_limbs()[0];
        tracker.entries.setter(U256::from(i)).write(e);
        tracker.len.set(U64::from(i + 1));
    }
}

prime_common::abi_struct!(Unbond, "(uint256,uint256)");

fn to_abi(u: queue::Unbond) -> Unbond {
    Unbond {
        amount: u.amount,
        timestamp: u.timestamp,
    }
}

fn fail(f: Fail) -> Revert {
    match f {
        Fail::Arithmetic => Revert::Panic(PANIC_ARITHMETIC),
        Fail::InsufficientBalance => Revert::Message("StakeManager: insufficient balance"),
        Fail::InsufficientUnbonding => {
            Revert::Message("StakeManager: insufficient unbonding balance")
        }
        Fail::NoFunds => Revert::Message("StakeManager: no funds to withdraw"),
    }
}

impl StakeManager {
    fn only_role(&self, role: B256) -> Result<()> {
        self.access.only_role(role)
    }

    fn now(&self) -> U256 {
        U256::from(self.vm().block_timestamp())
    }

    fn emit_notes(&self, staker: Address, notes: Vec<Note>) {
        for note in notes {
            match note {
                Note::Removed { amount, index } => emit(PendingBondRemoved {
                    staker,
                    amount,
                    index,
                }),
                Note::Updated {
                    amount,
                    index,
                    timestamp,
                } => emit(PendingBondUpdated {
                    staker,
                    amount,
                    index,
                    timestamp,
                }),
            }
        }
    }

    /// `AIToken.transfer(to, amount)`; the token's revert data bubbles up.
    fn transfer(&mut self, to: Address, amount: U256) -> Result<()> {
        Token(self.ai_token.get()).transfer(to, amount)
    }

    /// `AIToken.transferFrom(msg.sender, this, amount)`; the token's revert data bubbles up.
    fn pull_from_caller(&mut self, amount: U256) -> Result<()> {
        let (from, to) = (self.vm().msg_sender(), self.vm().contract_address());
        Token(self.ai_token.get()).transfer_from(from, to, amount)
    }
}

#[public]
#[inherit(AccessControlEnumerable)]
impl StakeManager {
    /// Sets the unbonding period and the token; grants DEFAULT_ADMIN_ROLE then PRIME_ROLE to
    /// `prime_admin` (as the reference).
    #[constructor]
    pub fn constructor(&mut self, prime_admin: Address, unbonding_period: U256, ai_token: Address) {
        self.unbonding_period.set(unbonding_period);
        self.ai_token.set(ai_token);
        self.access.grant(DEFAULT_ADMIN_ROLE, prime_admin);
        self.access.grant(PRIME_ROLE, prime_admin);
    }

    // --- constants and getters (AccessControlEnumerable is inherited) ---

    /// `PRIME_ROLE()`.
    #[selector(name = "PRIME_ROLE")]
    pub fn prime_role(&self) -> B256 {
        PRIME_ROLE
    }

    /// `AIToken()`: the staked token.
    #[selector(name = "AIToken")]
    pub fn ai_token(&self) -> Address {
        self.ai_token.get()
    }

    // --- staking (PRIME_ROLE) ---

    /// Adds `amount` to `staker`'s stake, pulling the tokens from the caller (PrimeNetwork).
    pub fn stake(&mut self, staker: Address, amount: U256) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        queue::stake(self, staker, amount).map_err(fail)?;
        self.pull_from_caller(amount)?;
        emit(Stake { staker, amount });
        Ok(())
    }

    /// Adds `amount` to `staker`'s stake without pulling tokens: the caller (PrimeNetwork)
    /// has already moved them here, straight from the provider (one token transfer instead
    /// of the reference's pull + approve + pull; docs/divergences/stake-manager.md).
    pub fn credit_stake(&mut self, staker: Address, amount: U256) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        queue::stake(self, staker, amount).map_err(fail)?;
        emit(Stake { staker, amount });
        Ok(())
    }

    /// Moves `amount` of `staker`'s stake into the unbonding queue (matures after the
    /// unbonding period). A zero amount queues nothing and emits nothing.
    pub fn unstake(&mut self, staker: Address, amount: U256) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        let (now, period) = (self.now(), self.unbonding_period.get());
        let mut notes = Vec::new();
        let index = queue::unstake(self, staker, amount, now, period, &mut notes).map_err(fail)?;
        self.emit_notes(staker, notes);
        if let Some(index) = index {
            emit(Unstake {
                staker,
                amount,
                index,
            });
        }
        Ok(())
    }

    /// `unstake(staker, getStake(staker))`, returning the amount: PrimeNetwork's
    /// `deregisterProvider` in one call instead of two (not in the reference;
    /// docs/divergences/stake-manager.md).
    pub fn unstake_all(&mut self, staker: Address) -> Result<U256> {
        let amount = self.stakes.get(staker);
        self.unstake(staker, amount)?;
        Ok(amount)
    }

    /// Moves `amount` of `staker`'s pending unbonds back into stake, oldest first.
    pub fn rebond(&mut self, staker: Address, amount: U256) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        let mut notes = Vec::new();
        queue::rebond(self, staker, amount, &mut notes).map_err(fail)?;
        if !amount.is_zero() {
            self.emit_notes(staker, notes);
            emit(Rebond { staker, amount });
        }
        Ok(())
    }

    /// Pays the caller every matured unbond entry.
    pub fn withdraw(&mut self) -> Result<()> {
        let (staker, now) = (self.vm().msg_sender(), self.now());
        let mut notes = Vec::new();
        let amount = queue::withdraw(self, staker, now, &mut notes).map_err(fail)?;
        self.emit_notes(staker, notes);
        self.transfer(staker, amount)?;
        emit(Withdraw { staker, amount });
        Ok(())
    }

    /// Slashes up to `amount` from `staker` (stake if it covers the amount, else locked
    /// unbonds first, then stake; capped at what exists) and sends it to the caller.
    pub fn slash(&mut self, staker: Address, amount: U256, reason: Bytes) -> Result<U256> {
        self.only_role(PRIME_ROLE)?;
        let now = self.now();
        let mut notes = Vec::new();
        let slashed = queue::slash(self, staker, amount, now, &mut notes).map_err(fail)?;
        self.emit_notes(staker, notes);
        let caller = self.vm().msg_sender();
        self.transfer(caller, slashed)?;
        emit(Slashed {
            staker,
            amount: slashed,
            reason: reason.0.into(),
        });
        Ok(slashed)
    }

    /// Sets the unbonding period of future unstakes.
    pub fn set_unbonding_period(&mut self, period: U256) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        self.unbonding_period.set(period);
        emit(UpdateUnbondingPeriod { period });
        Ok(())
    }

    /// Sets the stake minimum (PrimeNetwork's per-compute-unit stake).
    pub fn set_stake_minimum(&mut self, minimum: U256) -> Result<()> {
        self.only_role(PRIME_ROLE)?;
        self.stake_minimum.set(minimum);
        emit(StakeMinimumUpdate { minimum });
        Ok(())
    }

    // --- views ---

    /// Active stake of `staker`.
    pub fn get_stake(&self, staker: Address) -> U256 {
        self.stakes.get(staker)
    }

    /// Sum of all stakes.
    pub fn get_total_staked(&self) -> U256 {
        self.total_staked.get()
    }

    /// The pending window of `staker` (oldest first).
    pub fn get_pending_unbonds(&self, staker: Address) -> Vec<Unbond> {
        queue::pending(self, staker)
            .into_iter()
            .map(to_abi)
            .collect()
    }

    /// Pending entry `index`, counted from the start of the window.
    pub fn get_unbond_at_index(&self, staker: Address, index: U256) -> Result<Unbond> {
        match queue::pending_at(self, staker, index) {
            Some(u) => Ok(to_abi(u)),
            None => Err(Revert::Message("StakeManager: index out of bounds")),
        }
    }

    /// Sum of `staker`'s pending entries.
    pub fn get_pending_unbond_total(&self, staker: Address) -> U256 {
        self.unbonding.get(staker)
    }

    /// The unbonding period.
    pub fn get_unbonding_period(&self) -> U256 {
        self.unbonding_period.get()
    }

    /// Sum of all pending entries.
    pub fn get_total_unbonding(&self) -> U256 {
        self.total_unbonding.get()
    }

    /// The stake minimum.
    pub fn get_stake_minimum(&self) -> U256 {
        self.stake_minimum.get()
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
