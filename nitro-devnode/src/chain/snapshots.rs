//! `evm_snapshot` / `evm_revert`, stored as diffs: a snapshot is the number of blocks at the
//! time, the clock, and the prior values of what changed between blocks after it
//! (`anvil_setBalance`). Reverting takes the later blocks off with their undo records
//! (`history`) and rewinds those edits, so a snapshot costs a few words, not a state copy.

use super::{clock::Clock, history::Undo, Db};
use alloy_primitives::Address;
use std::collections::VecDeque;

/// Snapshots kept at most; taking one more forgets the oldest (reverting to it then answers
/// `false`, as for an unknown id).
pub const MAX_SNAPSHOTS: usize = 10_000;

#[derive(Debug)]
pub struct Snapshot {
    id: u64,
    /// Blocks held when it was taken.
    pub blocks: usize,
    pub clock: Clock,
    /// Prior values of accounts edited between blocks while this was the newest snapshot and
    /// no block had been mined since.
    pub edits: Undo,
}

#[derive(Debug, Default)]
pub struct Snapshots {
    next_id: u64,
    list: VecDeque<Snapshot>,
}

impl Snapshots {
    /// Records a snapshot of a chain holding `blocks` blocks; returns its id (from 1).
    pub fn take(&mut self, blocks: usize, clock: Clock) -> u64 {
        if self.list.len() >= MAX_SNAPSHOTS {
            self.list.pop_front();
        }
        self.next_id += 1;
        self.list.push_back(Snapshot {
            id: self.next_id,
            blocks,
            clock,
            edits: Undo::default(),
        });
        self.next_id
    }

    /// Call before editing `address` between blocks on a chain holding `blocks` blocks.
    pub fn before_edit(&mut self, db: &Db, address: Address, blocks: usize) {
        if let Some(s) = self.list.back_mut().filter(|s| s.blocks == blocks) {
            s.edits.capture_account(db, address);
        }
    }

    /// Removes snapshot `id` and every later one, newest first (the order to undo them in);
    /// `None` for an unknown id.
    pub fn take_back(&mut self, id: u64) -> Option<Vec<Snapshot>> {
        let i = self.list.iter().position(|s| s.id == id)?;
        let mut out: Vec<Snapshot> = self.list.drain(i..).collect();
        out.reverse();
        Some(out)
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_grow_and_the_oldest_is_forgotten() {
        let mut s = Snapshots::default();
        let a = s.take(1, Clock::default());
        let b = s.take(2, Clock::default());
        assert_eq!((a, b), (1, 2));
        let back = s.take_back(a).unwrap();
        assert_eq!(back.iter().map(|x| x.id).collect::<Vec<_>>(), vec![2, 1]);
        assert!(s.take_back(a).is_none() && s.is_empty());
        for _ in 0..MAX_SNAPSHOTS + 5 {
            s.take(1, Clock::default());
        }
        assert_eq!(s.len(), MAX_SNAPSHOTS);
        assert!(s.take_back(3).is_none(), "forgotten");
    }
}
