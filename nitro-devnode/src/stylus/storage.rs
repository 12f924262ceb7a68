//! The storage cache of one program invocation (nitro-metering.md §4).
//!
//! Reads of a slot not in the cache go to the executor and are remembered as "known";
//! writes only change the cache; a flush sends the dirty slots (value ≠ known) to the
//! executor. Nothing is flushed on exit: writes a program never flushes are lost, as on
//! Nitro (the SDK flushes before returning and before calls).

use super::pricing::{read_counter_gas, write_counter_gas};
use alloy_primitives::B256;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy)]
struct Slot {
    value: B256,
    /// The value the executor holds, when known (`None`: never read, so always dirty).
    known: Option<B256>,
}

/// A frame's storage cache and its read/write counters.
#[derive(Debug, Default)]
pub struct StorageCache {
    slots: HashMap<B256, Slot>,
    reads: u64,
    writes: u64,
}

impl StorageCache {
    /// Counts a read; returns its counter gas and the cached value on a hit.
    pub fn read(&mut self, key: B256) -> (u64, Option<B256>) {
        self.reads += 1;
        let gas = read_counter_gas(self.reads);
        (gas, self.slots.get(&key).map(|s| s.value))
    }

    /// Remembers a value read from the executor.
    pub fn insert_known(&mut self, key: B256, value: B256) {
        self.slots.insert(
            key,
            Slot {
                value,
                known: Some(value),
            },
        );
    }

    /// Counts a write and caches it; returns its counter gas.
    pub fn write(&mut self, key: B256, value: B256) -> u64 {
        self.writes += 1;
        self.slots
            .entry(key)
            .and_modify(|s| s.value = value)
            .or_insert(Slot { value, known: None });
        write_counter_gas(self.writes)
    }

    /// The dirty slots, in the order a flush sends them.
    pub fn dirty(&self) -> Vec<(B256, B256)> {
        let mut dirty: Vec<_> = self
            .slots
            .iter()
            .filter(|(_, s)| s.known != Some(s.value))
            .map(|(k, s)| (*k, s.value))
            .collect();
        // Nitro sends them in hash-map order; sorting keeps runs reproducible.
        dirty.sort_unstable_by_key(|(k, _)| *k);
        dirty
    }

    /// After a successful flush: every slot is known; `clear` empties the cache (the
    /// counters stay).
    pub fn flushed(&mut self, clear: bool) {
        if clear {
            self.slots.clear();
        } else {
            for s in self.slots.values_mut() {
                s.known = Some(s.value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_hits_and_dirty_slots() {
        let mut c = StorageCache::default();
        let k = B256::repeat_byte(1);
        assert_eq!(c.read(k), (0, None));
        c.insert_known(k, B256::ZERO);
        assert_eq!(c.read(k), (0, Some(B256::ZERO)));
        assert!(c.dirty().is_empty());
        assert_eq!(c.write(k, B256::repeat_byte(2)), 0);
        assert_eq!(c.dirty(), vec![(k, B256::repeat_byte(2))]);
        c.flushed(false);
        assert!(c.dirty().is_empty());
        // A slot written back to its known value is clean.
        c.write(k, B256::repeat_byte(3));
        c.write(k, B256::repeat_byte(2));
        assert!(c.dirty().is_empty());
        // Counters: reads 33.. cost 2, 129.. cost 10; writes 9.. cost 7, 65.. cost 10.
        let mut c = StorageCache::default();
        let gas: Vec<u64> = (0..130).map(|_| c.read(k).0).collect();
        assert_eq!((gas[31], gas[32], gas[127], gas[128]), (0, 2, 2, 10));
        let gas: Vec<u64> = (0..66).map(|_| c.write(k, k)).collect();
        assert_eq!((gas[7], gas[8], gas[63], gas[64]), (0, 7, 7, 10));
        c.flushed(true);
        assert_eq!(c.read(k), (10, None), "a clear keeps the counters");
    }
}
