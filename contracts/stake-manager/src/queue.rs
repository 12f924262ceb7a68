//! The staking ledger and the unbonding queue as pure logic over a [`Book`], with the block
//! time passed in as `now`.
//!
//! The contract implements [`Book`] over its storage and calls exactly these functions, so
//! the property tests (which implement [`Book`] over plain maps and move the clock freely)
//! exercise the code that runs on chain.
//!
//! Queue layout (spec §3.2): each staker has an array of `Unbond { amount, timestamp }`
//! (`timestamp` is the maturity) and an `offset`; the pending window is `[offset, len)`.
//! Consumed entries are zeroed (or, by `withdraw`, left behind the offset), never removed,
//! so indices stay absolute. Differences from the
//! reference, all deliberate (docs/divergences/stake-manager.md):
//! * `offset` always moves past every leading consumed entry ([`normalize`]), so `withdraw`
//!   no longer leaves zeroed entries in the window, and `slash` never moves it past matured,
//!   still-unwithdrawn entries (the reference stranded them).
//! * `withdraw` pays every matured entry of the window, not only a matured prefix.
//! * Zero-amount operations neither push nor touch entries, and events carry the amounts
//!   really moved (the reference emitted zeros read after `delete`).

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};

/// At most this many entries in the pending window; further unstakes merge into the newest.
pub const MAX_PENDING_UNBONDS: usize = 10;

/// One pending unbond: `amount` becomes withdrawable at `timestamp`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unbond {
    /// Tokens in this entry (zero once consumed).
    pub amount: U256,
    /// Maturity time (unstake time + unbonding period).
    pub timestamp: U256,
}

/// Queue changes the contract turns into `PendingBondRemoved` / `PendingBondUpdated`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Note {
    /// Entry `index` was consumed; `amount` is what it held.
    Removed {
        /// Tokens the entry held.
        amount: U256,
        /// Absolute index.
        index: U256,
    },
    /// Entry `index` changed: `amount` is the merged increment (unstake) or the amount left
    /// in the entry (rebond, slash), `timestamp` its maturity.
    Updated {
        /// See the variant.
        amount: U256,
        /// Absolute index.
        index: U256,
        /// The entry's maturity.
        timestamp: U256,
    },
}

/// Why an operation failed (the contract maps these to the reference's revert data).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fail {
    /// Checked arithmetic failed (the reference's `Panic(0x11)`).
    Arithmetic,
    /// "StakeManager: insufficient balance".
    InsufficientBalance,
    /// "StakeManager: insufficient unbonding balance".
    InsufficientUnbonding,
    /// "StakeManager: no funds to withdraw".
    NoFunds,
}

/// Storage the ledger works on.
pub trait Book {
    /// Active stake of `s`.
    fn stake_of(&self, s: Address) -> U256;
    /// Sets the active stake of `s`.
    fn set_stake_of(&mut self, s: Address, v: U256);
    /// Sum of `s`'s pending entries.
    fn unbonding_of(&self, s: Address) -> U256;
    /// Sets the pending sum of `s`.
    fn set_unbonding_of(&mut self, s: Address, v: U256);
    /// Sum of all stakes.
    fn total_staked(&self) -> U256;
    /// Sets the sum of all stakes.
    fn set_total_staked(&mut self, v: U256);
    /// Sum of all pending entries.
    fn total_unbonding(&self) -> U256;
    /// Sets the sum of all pending entries.
    fn set_total_unbonding(&mut self, v: U256);
    /// First index of `s`'s pending window.
    fn offset(&self, s: Address) -> usize;
    /// Moves the start of `s`'s pending window.
    fn set_offset(&mut self, s: Address, v: usize);
    /// Length of `s`'s entry array.
    fn len(&self, s: Address) -> usize;
    /// Entry `i` of `s`.
    fn entry(&self, s: Address, i: usize) -> Unbond;
    /// Overwrites entry `i` of `s`.
    fn set_entry(&mut self, s: Address, i: usize, e: Unbond);
    /// Appends an entry for `s`.
    fn push(&mut self, s: Address, e: Unbond);
}

fn add(a: U256, b: U256) -> Result<U256, Fail> {
    a.checked_add(b).ok_or(Fail::Arithmetic)
}

fn sub(a: U256, b: U256) -> Result<U256, Fail> {
    a.checked_sub(b).ok_or(Fail::Arithmetic)
}

fn idx(i: usize) -> U256 {
    U256::from(i)
}

/// Moves `s`'s offset past every leading consumed (zero) entry.
pub fn normalize<B: Book>(b: &mut B, s: Address) {
    let (start, len) = (b.offset(s), b.len(s));
    let mut o = start;
    while o < len && b.entry(s, o).amount.is_zero() {
        o += 1;
    }
    if o != start {
        b.set_offset(s, o);
    }
}

/// The pending window of `s`, `[offset, len)`.
pub fn pending<B: Book>(b: &B, s: Address) -> Vec<Unbond> {
    (b.offset(s)..b.len(s)).map(|i| b.entry(s, i)).collect()
}

/// Entry `index` of the window (relative to the offset), if it exists.
pub fn pending_at<B: Book>(b: &B, s: Address, index: U256) -> Option<Unbond> {
    let window = b.len(s) - b.offset(s);
    let i = usize::try_from(index).ok().filter(|i| *i < window)?;
    Some(b.entry(s, b.offset(s) + i))
}

/// Adds `amount` to the stake of `s` (the tokens are pulled by the caller).
pub fn stake<B: Book>(b: &mut B, s: Address, amount: U256) -> Result<(), Fail> {
    let (st, total) = (add(b.stake_of(s), amount)?, add(b.total_staked(), amount)?);
    b.set_stake_of(s, st);
    b.set_total_staked(total);
    Ok(())
}

/// Moves `amount` of `s`'s stake into a pending entry maturing at `now + period`. Returns the
/// entry's absolute index, or `None` for a zero amount (nothing is queued).
pub fn unstake<B: Book>(
    b: &mut B,
    s: Address,
    amount: U256,
    now: U256,
    period: U256,
    notes: &mut Vec<Note>,
) -> Result<Option<U256>, Fail> {
    let st = b.stake_of(s);
    if st < amount {
        return Err(Fail::InsufficientBalance);
    }
    if amount.is_zero() {
        return Ok(None);
    }
    let maturity = add(now, period)?;
    let unbonding = add(b.unbonding_of(s), amount)?;
    let total_unbonding = add(b.total_unbonding(), amount)?;
    let total_staked = sub(b.total_staked(), amount)?;
    let (offset, len) = (b.offset(s), b.len(s));
    if len - offset >= MAX_PENDING_UNBONDS {
        let last = len - 1;
        let e = b.entry(s, last);
        let merged = Unbond {
            amount: add(e.amount, amount)?,
            timestamp: maturity,
        };
        b.set_entry(s, last, merged);
        notes.push(Note::Updated {
            amount,
            index: idx(last),
            timestamp: maturity,
        });
    } else {
        b.push(
            s,
            Unbond {
                amount,
                timestamp: maturity,
            },
        );
    }
    b.set_stake_of(s, st - amount);
    b.set_unbonding_of(s, unbonding);
    b.set_total_staked(total_staked);
    b.set_total_unbonding(total_unbonding);
    normalize(b, s);
    Ok(Some(idx(b.len(s) - 1)))
}

/// Moves `amount` of `s`'s pending tokens back into stake, oldest entries first (maturity is
/// ignored, as in the reference). A zero amount does nothing.
pub fn rebond<B: Book>(
    b: &mut B,
    s: Address,
    amount: U256,
    notes: &mut Vec<Note>,
) -> Result<(), Fail> {
    let unbonding = b.unbonding_of(s);
    if unbonding < amount {
        return Err(Fail::InsufficientUnbonding);
    }
    if amount.is_zero() {
        return Ok(());
    }
    let st = add(b.stake_of(s), amount)?;
    let total_staked = add(b.total_staked(), amount)?;
    let total_unbonding = sub(b.total_unbonding(), amount)?;
    let mut left = amount;
    for i in b.offset(s)..b.len(s) {
        let mut e = b.entry(s, i);
        if e.amount.is_zero() {
            continue;
        }
        if e.amount <= left {
            left -= e.amount;
            b.set_entry(s, i, Unbond::default());
            notes.push(Note::Removed {
                amount: e.amount,
                index: idx(i),
            });
        } else {
            e.amount -= left;
            left = U256::ZERO;
            b.set_entry(s, i, e);
            notes.push(Note::Updated {
                amount: e.amount,
                index: idx(i),
                timestamp: e.timestamp,
            });
        }
        if left.is_zero() {
            break;
        }
    }
    if !left.is_zero() {
        // The window held less than `_unbonding` says: the ledger is inconsistent.
        return Err(Fail::Arithmetic);
    }
    b.set_unbonding_of(s, unbonding - amount);
    b.set_total_unbonding(total_unbonding);
    b.set_stake_of(s, st);
    b.set_total_staked(total_staked);
    normalize(b, s);
    Ok(())
}

/// Consumes every entry of `s` that has matured at `now` and returns the amount to pay out.
///
/// The window then starts at the first entry still pending. Consumed entries inside the
/// window are zeroed; those it leaves behind are not written at all: nothing reads an entry
/// below the offset again, and zeroing one costs a slot write whose refund the refund cap (a
/// fifth of the gas) swallows in a withdrawal from cached programs.
pub fn withdraw<B: Book>(
    b: &mut B,
    s: Address,
    now: U256,
    notes: &mut Vec<Note>,
) -> Result<U256, Fail> {
    let (start, len) = (b.offset(s), b.len(s));
    let mut amount = U256::ZERO;
    let mut consumed = Vec::new();
    for i in start..len {
        let e = b.entry(s, i);
        if e.amount.is_zero() || e.timestamp > now {
            continue;
        }
        amount = add(amount, e.amount)?;
        consumed.push(i);
        notes.push(Note::Removed {
            amount: e.amount,
            index: idx(i),
        });
    }
    if amount.is_zero() {
        return Err(Fail::NoFunds);
    }
    let mut offset = start;
    while offset < len && (consumed.contains(&offset) || b.entry(s, offset).amount.is_zero()) {
        offset += 1;
    }
    for &i in consumed.iter().filter(|i| **i >= offset) {
        b.set_entry(s, i, Unbond::default());
    }
    if offset != start {
        b.set_offset(s, offset);
    }
    let unbonding = sub(b.unbonding_of(s), amount)?;
    let total_unbonding = sub(b.total_unbonding(), amount)?;
    b.set_unbonding_of(s, unbonding);
    b.set_total_unbonding(total_unbonding);
    Ok(amount)
}

/// Slashes up to `amount` from `s` and returns what was taken (the caller transfers it).
///
/// If the stake covers `amount`, only stake is taken. Otherwise still-locked entries
/// (`timestamp > now`) are taken first, oldest first, then stake; the result is capped at
/// what exists. Matured entries are never touched and stay withdrawable.
pub fn slash<B: Book>(
    b: &mut B,
    s: Address,
    amount: U256,
    now: U256,
    notes: &mut Vec<Note>,
) -> Result<U256, Fail> {
    let st = b.stake_of(s);
    if st >= amount {
        let total = sub(b.total_staked(), amount)?;
        b.set_stake_of(s, st - amount);
        b.set_total_staked(total);
        return Ok(amount);
    }
    let mut taken = U256::ZERO;
    for i in b.offset(s)..b.len(s) {
        if taken == amount {
            break;
        }
        let mut e = b.entry(s, i);
        if e.amount.is_zero() || e.timestamp <= now {
            continue;
        }
        let need = amount - taken;
        if e.amount > need {
            e.amount -= need;
            taken = amount;
            b.set_entry(s, i, e);
            notes.push(Note::Updated {
                amount: e.amount,
                index: idx(i),
                timestamp: e.timestamp,
            });
        } else {
            taken += e.amount;
            b.set_entry(s, i, Unbond::default());
            notes.push(Note::Removed {
                amount: e.amount,
                index: idx(i),
            });
        }
    }
    let unbonding = sub(b.unbonding_of(s), taken)?;
    let total_unbonding = sub(b.total_unbonding(), taken)?;
    b.set_unbonding_of(s, unbonding);
    b.set_total_unbonding(total_unbonding);
    normalize(b, s);
    if taken == amount {
        return Ok(amount);
    }
    let from_stake = (amount - taken).min(st);
    let total_staked = sub(b.total_staked(), from_stake)?;
    b.set_stake_of(s, st - from_stake);
    b.set_total_staked(total_staked);
    add(taken, from_stake)
}

#[cfg(test)]
#[path = "queue_tests.rs"]
mod tests;
