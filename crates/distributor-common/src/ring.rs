//! The work-submission distributor's 24 x 1 h ring buffer (spec §8.1).
//!
//! The functions work on a [`Window`] (the per-node scalars) and any [`BucketStore`] (the 24
//! buckets: contract storage on chain, an array in tests), and take `now` as an argument.
//! They give the reference's results, but do not touch buckets known to be empty: the
//! window's locked work (`totalLast24H`) is always the sum of the 24 buckets, so once the
//! buckets read account for it the others are zero. On chain every bucket is a slot, and the
//! reference's reset writes all 24 (about 2,200 gas each for a cold slot already zero): a
//! claim a day after an hour of work wrote 24 slots where one held work.

use alloc::{vec, vec::Vec};

use alloy_primitives::U256;
use stylus_sdk::{
    prelude::*,
    storage::{StorageArray, StorageU256},
};

use prime_common::revert::{add, sub, Result};

/// `NUM_BUCKETS`.
pub const NUM_BUCKETS: usize = 24;
/// `BUCKET_DURATION` in seconds.
pub const BUCKET_DURATION: u64 = 3600;

/// The 24 buckets of one node.
pub trait BucketStore {
    /// Bucket `i` (< 24).
    fn bucket(&self, i: usize) -> U256;
    /// Sets bucket `i` (< 24).
    fn set_bucket(&mut self, i: usize, value: U256);
}

impl BucketStore for [U256; NUM_BUCKETS] {
    fn bucket(&self, i: usize) -> U256 {
        self[i]
    }
    fn set_bucket(&mut self, i: usize, value: U256) {
        self[i] = value;
    }
}

impl BucketStore for StorageArray<StorageU256, NUM_BUCKETS> {
    fn bucket(&self, i: usize) -> U256 {
        self.get(i).unwrap_or_default()
    }
    fn set_bucket(&mut self, i: usize, value: U256) {
        if let Some(mut slot) = self.setter(i) {
            slot.set(value);
        }
    }
}

/// The per-node scalars of `NodeBuckets` (everything but the buckets).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Window {
    /// `currentBucket` (always < 24).
    pub current: usize,
    /// `lastBucketTimestamp`.
    pub last_ts: U256,
    /// `totalLast24H`: work still locked.
    pub last24: U256,
    /// `totalAllSubmissions`.
    pub total_all: U256,
    /// `lastClaimed`: unlocked work already paid.
    pub last_claimed: U256,
}

/// Whole buckets elapsed since `lastBucketTimestamp` (checked like solc: a clock before it
/// panics with 0x11). `now` is a block timestamp, so `now - lastBucketTimestamp` fits in 64
/// bits and the division needs no 256-bit code (which would cost ~2 KB of program).
fn elapsed(w: &Window, now: u64) -> Result<u64> {
    let diff = sub(U256::from(now), w.last_ts)?;
    Ok(diff.as_limbs()[0] / BUCKET_DURATION)
}

/// `_rollBuckets`: retires the buckets that rotated out of the window.
pub fn roll(w: &mut Window, b: &mut impl BucketStore, now: u64) -> Result<()> {
    let elapsed = elapsed(w, now)?;
    if elapsed == 0 {
        return Ok(());
    }
    if elapsed >= NUM_BUCKETS as u64 {
        clear(w, b);
        w.current = 0;
    } else {
        for step in 0..elapsed {
            if w.last24.is_zero() {
                // The buckets left are empty: only the index moves.
                w.current = (w.current + (elapsed - step) as usize) % NUM_BUCKETS;
                break;
            }
            w.current = (w.current + 1) % NUM_BUCKETS;
            let value = b.bucket(w.current);
            if !value.is_zero() {
                w.last24 = sub(w.last24, value)?;
                b.set_bucket(w.current, U256::ZERO);
            }
        }
    }
    // Snaps forward by whole buckets (also in the reset branch).
    w.last_ts = add(w.last_ts, U256::from(elapsed * BUCKET_DURATION))?;
    Ok(())
}

/// Empties the window: `totalLast24H` and every bucket, writing only the buckets that hold
/// work, newest first, until they account for `totalLast24H`.
fn clear(w: &mut Window, b: &mut impl BucketStore) {
    let mut i = w.current;
    for _ in 0..NUM_BUCKETS {
        if w.last24.is_zero() {
            break;
        }
        let value = b.bucket(i);
        if !value.is_zero() {
            w.last24 = w.last24.saturating_sub(value);
            b.set_bucket(i, U256::ZERO);
        }
        i = (i + NUM_BUCKETS - 1) % NUM_BUCKETS;
    }
    w.last24 = U256::ZERO;
}

/// `joinPool`: starts the clock on first join (or after a slash).
pub fn join(w: &mut Window, now: u64) {
    if w.last_ts.is_zero() {
        w.last_ts = U256::from(now);
    }
}

/// `submitWork` after its checks: roll, then book `units` in the current bucket.
pub fn submit(w: &mut Window, b: &mut impl BucketStore, units: U256, now: u64) -> Result<()> {
    roll(w, b, now)?;
    b.set_bucket(w.current, add(b.bucket(w.current), units)?);
    w.last24 = add(w.last24, units)?;
    w.total_all = add(w.total_all, units)?;
    if w.last_ts.is_zero() {
        w.last_ts = U256::from(now);
    }
    Ok(())
}

/// Work that is unlocked: `totalAllSubmissions - totalLast24H` (after a roll).
pub fn unlocked(w: &Window) -> Result<U256> {
    sub(w.total_all, w.last24)
}

/// `claimRewards` bookkeeping: roll, then mark everything unlocked as claimed. Returns the
/// newly claimable work units (0: nothing to pay, the caller returns silently).
pub fn claim(w: &mut Window, b: &mut impl BucketStore, now: u64) -> Result<U256> {
    roll(w, b, now)?;
    let unlocked = unlocked(w)?;
    let claimable = sub(unlocked, w.last_claimed)?;
    if !claimable.is_zero() {
        w.last_claimed = unlocked;
    }
    Ok(claimable)
}

/// `calculateRewards` in work units: `(claimable, locked)`, simulating the roll without
/// writing anything.
pub fn simulate(w: &Window, b: &impl BucketStore, now: u64) -> Result<(U256, U256)> {
    let elapsed = elapsed(w, now)?;
    let locked = if elapsed >= NUM_BUCKETS as u64 {
        U256::ZERO
    } else {
        let mut sim = w.last24;
        let mut idx = w.current;
        for _ in 0..elapsed {
            if sim.is_zero() {
                break;
            }
            idx = (idx + 1) % NUM_BUCKETS;
            sim = sub(sim, b.bucket(idx))?;
        }
        sim
    };
    let claimable = sub(sub(w.total_all, locked)?, w.last_claimed)?;
    Ok((claimable, locked))
}

/// `slashPendingRewards` bookkeeping: roll, then forfeit the whole locked window. Returns
/// the slashed work units (0: nothing happened, no event).
pub fn slash(w: &mut Window, b: &mut impl BucketStore, now: u64) -> Result<U256> {
    roll(w, b, now)?;
    let pending = w.last24;
    if pending.is_zero() {
        return Ok(U256::ZERO);
    }
    clear(w, b);
    w.total_all = sub(w.total_all, pending)?;
    w.current = 0;
    w.last_ts = U256::ZERO;
    Ok(pending)
}

/// `removeWork` (soft slash): removes up to `units` of locked work, oldest bucket first.
pub fn remove_work(w: &mut Window, b: &mut impl BucketStore, units: U256, now: u64) -> Result<()> {
    if units.is_zero() {
        return Ok(());
    }
    roll(w, b, now)?;
    let to_remove = units.min(w.last24);
    if to_remove.is_zero() {
        return Ok(());
    }
    let mut remaining = to_remove;
    let mut idx = w.current;
    for _ in 0..NUM_BUCKETS {
        if remaining.is_zero() {
            break;
        }
        idx = (idx + 1) % NUM_BUCKETS;
        let value = b.bucket(idx);
        let take = remaining.min(value);
        if !take.is_zero() {
            b.set_bucket(idx, value - take);
            remaining -= take;
        }
    }
    let removed = to_remove - remaining;
    w.last24 = sub(w.last24, removed)?;
    w.total_all = if w.total_all > removed {
        w.total_all - removed
    } else {
        U256::ZERO
    };
    Ok(())
}

/// Storage of one node's ring buffer (`NodeBuckets`).
#[storage]
pub struct NodeBuckets {
    /// `buckets[24]`.
    pub buckets: StorageArray<StorageU256, NUM_BUCKETS>,
    current_bucket: StorageU256,
    last_bucket_timestamp: StorageU256,
    total_last_24h: StorageU256,
    total_all_submissions: StorageU256,
    last_claimed: StorageU256,
}

impl NodeBuckets {
    /// Reads the scalars.
    pub fn window(&self) -> Window {
        Window {
            // Always < 24: only this module writes it.
            current: self.current_bucket.get().as_limbs()[0] as usize % NUM_BUCKETS,
            last_ts: self.last_bucket_timestamp.get(),
            last24: self.total_last_24h.get(),
            total_all: self.total_all_submissions.get(),
            last_claimed: self.last_claimed.get(),
        }
    }

    /// Writes back the scalars that changed.
    pub fn store(&mut self, old: &Window, new: &Window) {
        if old.current != new.current {
            self.current_bucket.set(U256::from(new.current));
        }
        if old.last_ts != new.last_ts {
            self.last_bucket_timestamp.set(new.last_ts);
        }
        if old.last24 != new.last24 {
            self.total_last_24h.set(new.last24);
        }
        if old.total_all != new.total_all {
            self.total_all_submissions.set(new.total_all);
        }
        if old.last_claimed != new.last_claimed {
            self.last_claimed.set(new.last_claimed);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_735_689_600; // an hour boundary

    fn u(v: u64) -> U256 {
        U256::from(v)
    }

    /// A node with one submission per hour for `hours` hours, starting at T0.
    fn filled(hours: u64) -> (Window, [U256; NUM_BUCKETS]) {
        let mut w = Window::default();
        let mut b = [U256::ZERO; NUM_BUCKETS];
        join(&mut w, T0);
        for h in 0..hours {
            submit(&mut w, &mut b, u(h + 1), T0 + h * BUCKET_DURATION + 7).unwrap();
        }
        (w, b)
    }

    #[test]
    fn simulation_matches_the_roll_at_every_elapsed_count() {
        for hours in [1, 5, 24, 30] {
            for later in 0..50u64 {
                let (w, b) = filled(hours);
                let now = T0 + (hours + later) * BUCKET_DURATION + 5;
                let (claimable, locked) = simulate(&w, &b, now).unwrap();
                let (mut rolled, mut rb) = (w, b);
                roll(&mut rolled, &mut rb, now).unwrap();
                assert_eq!(locked, rolled.last24, "hours {hours} later {later}");
                assert_eq!(
                    claimable,
                    rolled.total_all - rolled.last24 - rolled.last_claimed
                );
                // The window always holds the last 24 buckets' submissions.
                assert_eq!(rolled.last24, rb.iter().fold(U256::ZERO, |a, x| a + *x));
            }
        }
    }

    #[test]
    fn long_gap_resets_and_snaps_by_whole_buckets() {
        let (mut w, mut b) = filled(3);
        let now = T0 + 100 * BUCKET_DURATION + 1234;
        roll(&mut w, &mut b, now).unwrap();
        assert_eq!((w.current, w.last24, w.total_all), (0, U256::ZERO, u(6)));
        assert_eq!(w.last_ts, u(T0 + 100 * BUCKET_DURATION));
        assert!(b.iter().all(|x| x.is_zero()));
    }

    #[test]
    fn slash_clears_the_window_and_unlocked_work_stays() {
        let (mut w, mut b) = filled(30); // hours 0..29: the first 6 unlocked (1+..+6 = 21)
        let now = T0 + 29 * BUCKET_DURATION + 10;
        assert_eq!(claim(&mut w, &mut b, now).unwrap(), u(21));
        let locked = w.last24;
        assert_eq!(slash(&mut w, &mut b, now).unwrap(), locked);
        assert_eq!(
            (w.last24, w.total_all, w.last_ts, w.current),
            (U256::ZERO, u(21), U256::ZERO, 0)
        );
        assert_eq!(slash(&mut w, &mut b, now).unwrap(), U256::ZERO);
        assert_eq!(claim(&mut w, &mut b, now + 1).unwrap(), U256::ZERO);
    }

    #[test]
    fn remove_work_drains_oldest_first_and_caps_at_the_window() {
        let (mut w, mut b) = filled(4); // buckets 0..3 hold 1, 2, 3, 4
        let now = T0 + 3 * BUCKET_DURATION + 10;
        remove_work(&mut w, &mut b, u(4), now).unwrap();
        assert_eq!(&b[..4], &[U256::ZERO, U256::ZERO, u(2), u(4)]);
        assert_eq!((w.last24, w.total_all), (u(6), u(6)));
        remove_work(&mut w, &mut b, u(100), now).unwrap();
        assert_eq!((w.last24, w.total_all), (U256::ZERO, U256::ZERO));
        remove_work(&mut w, &mut b, U256::ZERO, now).unwrap();
    }

    /// The reference's `_rollBuckets` and the operations on it, literally (every bucket read
    /// and written): the model the functions above must agree with.
    mod literal {
        use super::super::{BUCKET_DURATION, NUM_BUCKETS};
        use alloy_primitives::U256;

        #[derive(Clone, Debug, Default, PartialEq, Eq)]
        pub struct Node {
            pub b: [U256; NUM_BUCKETS],
            pub current: usize,
            pub last_ts: U256,
            pub last24: U256,
            pub total_all: U256,
            pub last_claimed: U256,
        }

        impl Node {
            pub fn roll(&mut self, now: u64) {
                let elapsed = (U256::from(now) - self.last_ts).to::<u64>() / BUCKET_DURATION;
                if elapsed == 0 {
                    return;
                }
                if elapsed >= NUM_BUCKETS as u64 {
                    self.b = [U256::ZERO; NUM_BUCKETS];
                    self.current = 0;
                    self.last24 = U256::ZERO;
                } else {
                    for _ in 0..elapsed {
                        self.current = (self.current + 1) % NUM_BUCKETS;
                        self.last24 -= self.b[self.current];
                        self.b[self.current] = U256::ZERO;
                    }
                }
                self.last_ts += U256::from(elapsed * BUCKET_DURATION);
            }
            pub fn submit(&mut self, units: U256, now: u64) {
                self.roll(now);
                self.b[self.current] += units;
                self.last24 += units;
                self.total_all += units;
                if self.last_ts.is_zero() {
                    self.last_ts = U256::from(now);
                }
            }
            pub fn claim(&mut self, now: u64) -> U256 {
                self.roll(now);
                let unlocked = self.total_all - self.last24;
                let claimable = unlocked - self.last_claimed;
                if !claimable.is_zero() {
                    self.last_claimed = unlocked;
                }
                claimable
            }
            pub fn slash(&mut self, now: u64) -> U256 {
                self.roll(now);
                let p = self.last24;
                if !p.is_zero() {
                    self.b = [U256::ZERO; NUM_BUCKETS];
                    self.total_all -= p;
                    self.last24 = U256::ZERO;
                    self.current = 0;
                    self.last_ts = U256::ZERO;
                }
                p
            }
            pub fn remove(&mut self, units: U256, now: u64) {
                if units.is_zero() {
                    return;
                }
                self.roll(now);
                let to_remove = units.min(self.last24);
                let mut remaining = to_remove;
                let mut idx = self.current;
                for _ in 0..NUM_BUCKETS {
                    if remaining.is_zero() {
                        break;
                    }
                    idx = (idx + 1) % NUM_BUCKETS;
                    let take = remaining.min(self.b[idx]);
                    self.b[idx] -= take;
                    remaining -= take;
                }
                let removed = to_remove - remaining;
                self.last24 -= removed;
                self.total_all = self.total_all.saturating_sub(removed);
            }
        }
    }

    /// Random operations at random times: the same results and state as the literal ring.
    #[test]
    fn skipping_empty_buckets_gives_the_literal_results() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = move |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        for _ in 0..200 {
            let (mut w, mut b) = (Window::default(), [U256::ZERO; NUM_BUCKETS]);
            let mut model = literal::Node::default();
            let mut now = T0;
            join(&mut w, now);
            model.last_ts = U256::from(now);
            for _ in 0..60 {
                now += match next(4) {
                    0 => 0,
                    1 => next(BUCKET_DURATION),
                    2 => next(6) * BUCKET_DURATION + next(60),
                    _ => next(40) * BUCKET_DURATION,
                };
                match next(5) {
                    0 | 1 => {
                        let units = u(next(5));
                        submit(&mut w, &mut b, units, now).unwrap();
                        model.submit(units, now);
                    }
                    2 => assert_eq!(claim(&mut w, &mut b, now).unwrap(), model.claim(now)),
                    3 => {
                        let units = u(next(12));
                        remove_work(&mut w, &mut b, units, now).unwrap();
                        model.remove(units, now);
                    }
                    _ if next(4) == 0 => {
                        assert_eq!(slash(&mut w, &mut b, now).unwrap(), model.slash(now));
                        join(&mut w, now);
                        if model.last_ts.is_zero() {
                            model.last_ts = U256::from(now);
                        }
                    }
                    _ => {
                        let (claimable, locked) = simulate(&w, &b, now).unwrap();
                        let mut m = model.clone();
                        m.roll(now);
                        assert_eq!(locked, m.last24);
                        assert_eq!(claimable, m.total_all - m.last24 - m.last_claimed);
                    }
                }
                assert_eq!(b, model.b);
                assert_eq!(
                    (w.current, w.last_ts, w.last24, w.total_all, w.last_claimed),
                    (
                        model.current,
                        model.last_ts,
                        model.last24,
                        model.total_all,
                        model.last_claimed
                    )
                );
            }
        }
    }

    /// Counts bucket reads and writes: the storage slots a transaction touches.
    struct Counting {
        b: [U256; NUM_BUCKETS],
        reads: core::cell::Cell<usize>,
        writes: usize,
    }

    impl BucketStore for Counting {
        fn bucket(&self, i: usize) -> U256 {
            self.reads.set(self.reads.get() + 1);
            self.b[i]
        }
        fn set_bucket(&mut self, i: usize, value: U256) {
            self.writes += 1;
            self.b[i] = value;
        }
    }

    #[test]
    fn a_claim_a_day_after_an_hour_of_work_touches_one_bucket() {
        let mut w = Window::default();
        let mut b = Counting {
            b: [U256::ZERO; NUM_BUCKETS],
            reads: Default::default(),
            writes: 0,
        };
        join(&mut w, T0);
        submit(&mut w, &mut b, u(600), T0 + 5).unwrap();
        submit(&mut w, &mut b, u(400), T0 + 2 * BUCKET_DURATION).unwrap();
        let touched = |b: &Counting| (b.reads.get(), b.writes);
        // Buckets 0 and 2 read for the additions, 1 and 2 as they rotate in; 0 and 2 written.
        assert_eq!(touched(&b), (4, 2));
        assert_eq!(
            claim(&mut w, &mut b, T0 + 27 * BUCKET_DURATION).unwrap(),
            u(1000)
        );
        // The reference writes all 24 buckets; here 2, 1 and 0 are read (newest first) until
        // the 1,000 locked units are found, and the two holding them written.
        assert_eq!(touched(&b), (4 + 3, 2 + 2));
        assert!(b.b.iter().all(|x| x.is_zero()));
        // Nothing left: another day passes without a read.
        assert_eq!(
            claim(&mut w, &mut b, T0 + 60 * BUCKET_DURATION).unwrap(),
            U256::ZERO
        );
        assert_eq!(touched(&b), (7, 4));
    }
}
